"""Wrong code that produces the measured values without doing the work scores 0 on what it
fakes (instructor/grader/honesty.py), and correct code written differently keeps full marks."""

import os
import shutil
import tempfile
from pathlib import Path

import numpy as np
import pytest
from shared_builds import build_checks, release_tree

from cs231n import layers
from cs231n.grading.core import PASSED
from cs231n.grading.isolation import Limits
from instructor.grader.corpus import (
    COLOURED_DIFFERENCES,
    FAKED_ALSO,
    FAKED_BECAUSE,
    FAKED_CHECKS,
    HONEST,
    build_fakes,
)
from instructor.grader.grade import grade_submission

try:  # the grader with the bubblewrap sandbox: one Workspace per run
    from sandbox_support import isolation_or_skip

    from instructor.grader.sandbox import Workspace
except ImportError:  # the grader before it (a tree and a uid per submission); drop once merged
    Workspace = None

MASTER = Path(__file__).resolve().parent.parent
LIMITS = Limits(wall=3.0, cpu=120.0, memory_mb=2048)
ROOT = os.geteuid() == 0


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fakes")
    corpus = {"master": MASTER, **build_fakes(MASTER, folder)}
    if Workspace is not None:
        workspace = Workspace(release_tree(MASTER), isolation_or_skip())
        yield {"checks": build_checks(seed=11), "corpus": corpus, "workspace": workspace}
        workspace.remove()
        return
    workspace = tempfile.mkdtemp(prefix="fakes-test-")  # children must reach it
    os.chmod(workspace, 0o711)
    yield {
        "checks": build_checks(seed=11),
        "tree": release_tree(MASTER),
        "corpus": corpus,
        "workspace": workspace,
    }
    shutil.rmtree(workspace, ignore_errors=True)


# Children run as their own uids, killed by uid when done: a base per test process keeps two
# sessions running these tests at once from killing each other's children.
UID_BASE = 2_100_000 + (os.getpid() % 5000) * 100


def grade(setup, variant, index, checks=None):
    checks = setup["checks"] if checks is None else checks
    if Workspace is not None:
        result = grade_submission(
            variant, setup["corpus"][variant], checks, setup["workspace"], limits=LIMITS
        )
        return {r.name: r for r in result.results}, result
    uid = UID_BASE + index if ROOT else None
    result = grade_submission(
        variant,
        setup["corpus"][variant],
        checks,
        setup["tree"],
        setup["workspace"],
        limits=LIMITS,
        uid=uid,
        gid=uid,
    )
    return {r.name: r for r in result.results}, result


def test_master_keeps_full_marks_with_every_honesty_task(setup):
    results, submission = grade(setup, "master", 0)
    failed = {name: r.message for name, r in results.items() if r.status != PASSED}
    assert failed == {}
    assert submission.score == submission.max_score == 34


@pytest.mark.parametrize("variant", sorted(FAKED_CHECKS))
def test_each_fake_scores_zero_on_what_it_fakes(setup, variant):
    # The parts of what it fakes are graded whole (so a zero elsewhere in them shows); the
    # other parts run the master's code, as test_master_keeps_full_marks grades it.
    faked = FAKED_CHECKS[variant] | FAKED_ALSO.get(variant, set())
    parts = {c.part for c in setup["checks"] if c.name in faked}
    checks = [c for c in setup["checks"] if c.part in parts]
    results, _ = grade(setup, variant, 1 + sorted(FAKED_CHECKS).index(variant), checks)
    zero = {name for name, r in results.items() if r.score == 0}
    messages = {name: results[name].message for name in zero}
    assert FAKED_CHECKS[variant] <= zero, messages
    assert zero <= FAKED_CHECKS[variant] | FAKED_ALSO.get(variant, set()), messages
    if variant in FAKED_BECAUSE:  # caught by the guard it cannot forge, not by luck
        assert all(FAKED_BECAUSE[variant] in messages[name] for name in FAKED_CHECKS[variant])


@pytest.mark.parametrize("variant", sorted(HONEST))
def test_correct_code_written_differently_keeps_full_marks(setup, variant):
    results, submission = grade(setup, variant, 40 + sorted(HONEST).index(variant))
    failed = {name: r.message for name, r in results.items() if r.status != PASSED}
    assert failed == {}
    assert submission.score == 34


@pytest.mark.parametrize(
    "name, forward, args",
    [
        (
            "conv_backward_naive",
            "conv_forward_naive",
            [(2, 3, 9, 11), (4, 3, 3, 5), 4, {"stride": 2, "pad": 1}],
        ),
        ("max_pool_backward_naive", "max_pool_forward_naive", [(2, 3, 8, 8), 2, 2, 2]),
        ("max_pool_backward_naive", "max_pool_forward_naive", [(2, 3, 7, 8), 3, 2, 1]),
    ],
)
def test_coloured_fakes_of_conv_and_pool_are_exact_where_colours_are_few(name, forward, args):
    """The coloured-difference fakes of conv and pool lose only to the large input's time
    limit: where windows are small they give the reference's gradients (pool: ReLU ties too)."""
    rng = np.random.default_rng(3)
    if forward == "conv_forward_naive":
        x_shape, w_shape, f, param = args
        inputs = [rng.standard_normal(x_shape), rng.standard_normal(w_shape)]
        inputs += [rng.standard_normal(f), param]
    else:
        x_shape, ph, pw, stride = args
        x = np.maximum(rng.standard_normal(x_shape), 0.0)
        inputs = [x, {"pool_height": ph, "pool_width": pw, "stride": stride}]
    namespace = dict(vars(layers))
    exec(COLOURED_DIFFERENCES[name], namespace)
    out, cache = getattr(layers, forward)(*inputs)
    dout = rng.standard_normal(out.shape)
    expected = getattr(layers, name)(dout, cache)
    got = namespace[name](dout, cache)
    expected, got = (expected, got) if isinstance(got, tuple) else ((expected,), (got,))
    assert len(got) == len(expected)
    for g, e in zip(got, expected):
        assert g.shape == e.shape
        np.testing.assert_allclose(g, e, rtol=0, atol=1e-12)
