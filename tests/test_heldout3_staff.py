"""Held-out round 3, careless course staff with the grader (rows 12 to 14): run from a folder
holding another copy of cs231n, the grader took its reference answers from that copy; a
solution line deleted in the master made the reference wrong; an unzipped autograder.zip made
the local grader use an old package."""

import shutil
import subprocess
import sys
import types
from pathlib import Path

import pytest

from instructor.grader.grade import reference_checks

MASTER = Path(__file__).resolve().parent.parent


def test_reference_checks_refuse_a_cs231n_that_is_not_the_masters(tmp_path, monkeypatch):
    copy = types.ModuleType("cs231n")
    copy.__file__ = str(tmp_path / "cs231n" / "__init__.py")
    monkeypatch.setitem(sys.modules, "cs231n", copy)
    with pytest.raises(RuntimeError, match="imported cs231n from .*, not from its master"):
        reference_checks(1)


def test_the_cli_run_from_a_folder_with_another_cs231n_stops_in_one_line(tmp_path):
    shutil.copytree(MASTER / "cs231n", tmp_path / "cs231n", ignore=shutil.ignore_patterns("*.so"))
    layers = tmp_path / "cs231n" / "layers.py"
    layers.write_text(layers.read_text().replace("@ w + b\n", "@ w + 2 * b\n", 1))
    submissions = tmp_path / "submissions"
    (submissions / "alice" / "cs231n").mkdir(parents=True)
    shutil.copy(layers, submissions / "alice" / "cs231n" / "layers.py")
    done = subprocess.run(
        [sys.executable, "-m", "instructor.grader", "submissions", "out", "--allow-weak-sandbox"],
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(MASTER)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1, done.stderr
    assert f"imported cs231n from {tmp_path / 'cs231n'}" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "out" / "grades.csv").exists()


def test_an_unzipped_bundle_in_the_master_is_refused(tmp_path):
    """Row 14: autograder.zip unzipped into a checkout left grader_release/, whose package (of
    the bundle's day) the local grader used silently instead of the master's release."""
    from instructor.grader.sandbox import PREBUILT, release_package

    (tmp_path / ".git").mkdir()
    (tmp_path / PREBUILT / "cs231n").mkdir(parents=True)
    (tmp_path / PREBUILT / "cs231n" / "layer_utils.py").write_text("# an older release\n")
    with pytest.raises(ValueError, match="grader_release is in a git checkout"):
        release_package(tmp_path)
    (tmp_path / ".git").rmdir()  # Gradescope's copy of the bundle: no checkout, the package
    assert release_package(tmp_path) == {"cs231n/layer_utils.py": b"# an older release\n"}


def test_a_master_whose_reference_fails_its_local_checks_is_refused(monkeypatch):
    """Row 13: a solution line deleted in the master (the L2 term of the weights' gradients)
    kept it in agreement with its record, and the grader gave an honest submission 31/34."""
    from cs231n.classifiers.fc_net import FullyConnectedNet
    from instructor.grader.grade import master_self_test

    loss = FullyConnectedNet.loss

    def without_regularization_gradient(self, X, y=None):
        result = loss(self, X, y)
        if y is None:
            return result
        value, grads = result
        for name in grads:
            if name.startswith("W"):
                grads[name] = grads[name] - self.reg * self.params[name]
        return value, grads

    monkeypatch.setattr(FullyConnectedNet, "loss", without_regularization_gradient)
    with pytest.raises(
        RuntimeError,
        match=r"the master fails its own local checks \(.*"
        r"FullyConnectedNet\.loss",
    ):
        master_self_test()
