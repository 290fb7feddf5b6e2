"""cs231n/environment.py: `make` recognises an environment that already has what it needs (after
the README's manual pip commands) and does not run pip again."""

import subprocess
import sys
from pathlib import Path

from cs231n import environment

MASTER = Path(__file__).resolve().parent.parent


def test_requirements_are_checked_against_installed_versions(tmp_path):
    (tmp_path / "base.txt").write_text("numpy>=2.0,<3   # installed\n")
    (tmp_path / "req.txt").write_text(
        "# a comment\n-r base.txt\nnumpy<1.0\nno-such-distribution-cs231n>=1\n"
        'tomli>=2; python_version < "3"\n'
    )
    problems = environment.missing_requirements(tmp_path / "req.txt")
    assert len(problems) == 2, problems
    assert problems[0].startswith("numpy 2.") and problems[0].endswith("numpy<1.0 is needed")
    assert problems[1] == "no-such-distribution-cs231n is not installed"
    (tmp_path / "ok.txt").write_text("-r base.txt\n")
    assert environment.missing_requirements(tmp_path / "ok.txt") == []


def test_a_package_installed_from_another_folder_is_not_ready(tmp_path):
    problems = environment.package_problems(tmp_path)
    assert len(problems) == 1
    assert (
        problems[0].startswith("cs231n-nets")
        and "(pip install -e .)" in problems[0]
        or (f"not in editable mode from {tmp_path}" in problems[0])
    )


def test_the_script_says_what_is_missing_in_one_line(tmp_path):
    (tmp_path / "req.txt").write_text("no-such-distribution-cs231n\n")
    done = subprocess.run(
        [sys.executable, str(MASTER / "cs231n" / "environment.py"), str(tmp_path / "req.txt")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert done.stdout == (
        "set-up needed: no-such-distribution-cs231n is not installed"
        + (" (and 1 more)\n" if environment.package_problems() else "\n")
    )


def test_both_makefiles_check_before_they_run_pip():
    for makefile, requirements in (
        (MASTER / "Makefile", "requirements-test.txt"),
        (MASTER / "release_files" / "Makefile", "requirements.txt"),
    ):
        text = makefile.read_text("utf-8")
        rule = text[text.index("$(SETUP_STAMP): $(SETUP_INPUTS)") :].split("\n\n")[0]
        assert f"if $(PYTHON) cs231n/environment.py {requirements}; then :; else" in rule
        assert rule.index("environment.py") < rule.index("pip install")
