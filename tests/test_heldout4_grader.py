"""Held-out round 4 (docs/heldout_round4.md), hostile students against the hidden grader: fakes
of a backward pass that ask the student's own forward pass instead of deriving the gradient."""

import inspect

import pytest
from heldout3_support import grade_checks, patched_submission, sandbox_workspace
from shared_builds import build_checks

from cs231n import layers

LAYERS = "cs231n/layers.py"
POOL = "max_pool_backward_naive"


@pytest.fixture(scope="module")
def workspace():
    yield from sandbox_workspace()


@pytest.fixture(scope="module")
def checks():
    names = (POOL, "relu_backward", "dropout_forward")
    return {c.name: c for c in build_checks(seed=37) if c.name in names}


# Open item (a) of round 3: max pool's dx by bisection. Every window becomes an image of its
# own, and log2(window) forward passes keep the half of each window's candidates that holds its
# first maximum (the others set to -inf): 5 forward calls for the 3x3 windows, 21 on the large
# 1024 x 1024 window, exact; it scored 1/1, through the function's name or an alias.
BISECTION = """
def max_pool_backward_naive(dout, cache):
    x, pool_param = cache
    ph, pw, s = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    N, C, Ho, Wo = dout.shape
    forward = FORWARD
    windows = [x[:, :, i * s : i * s + ph, j * s : j * s + pw] for i in range(Ho)
               for j in range(Wo)]
    flat = np.stack(windows).reshape(-1, 1, ph, pw)
    whole = {"pool_height": ph, "pool_width": pw, "stride": ph}
    best = forward(flat, whole)[0].ravel()
    lo, hi = np.zeros(len(flat), dtype=int), np.full(len(flat), ph * pw)
    index = np.arange(ph * pw)
    while np.any(hi - lo > 1):
        mid = (lo + hi + 1) // 2
        keep = (index[None] >= lo[:, None]) & (index[None] < mid[:, None])
        first = forward(np.where(keep.reshape(flat.shape), flat, -np.inf), whole)[0].ravel() == best
        hi, lo = np.where(first, mid, hi), np.where(first, lo, mid)
    where = lo.reshape(Ho * Wo, N, C)
    dx = np.zeros_like(x)
    for w in range(Ho * Wo):
        i, j = divmod(w, Wo)
        for n in range(N):
            for c in range(C):
                k = where[w, n, c]
                dx[n, c, i * s + k // pw, j * s + k % pw] += dout[n, c, i, j]
    return dx
"""
ALIAS = "_window_max = max_pool_forward_naive\n"


@pytest.mark.parametrize(
    "forward, appended",
    [("max_pool_forward_naive", ()), ("_window_max", ((LAYERS, ALIAS),))],
    ids=["by-name", "by-alias"],
)
def test_max_pool_dx_by_bisection_scores_0(checks, workspace, tmp_path, forward, appended):
    source = BISECTION.replace("FORWARD", forward)
    folder = patched_submission(tmp_path, [(LAYERS, POOL, source)], appended)
    result = grade_checks(folder, [checks[POOL]], workspace)[POOL]
    assert result.score == 0, result.message
    assert "called the forward functions 5 times (at most 2)" in result.message


HONEST_POOL = inspect.getsource(layers.max_pool_backward_naive).replace(POOL, "_honest", 1)
RECOMPUTES = """
def max_pool_backward_naive(dout, cache):
    x, pool_param = cache
    max_pool_forward_naive(x, pool_param)  # recomputes the forward pass once, as some do
    return _honest(dout, cache)
"""


def test_a_backward_pass_that_recomputes_its_forward_once_keeps_its_point(
    checks, workspace, tmp_path
):
    folder = patched_submission(tmp_path, [(LAYERS, POOL, RECOMPUTES)], [(LAYERS, HONEST_POOL)])
    result = grade_checks(folder, [checks[POOL]], workspace)[POOL]
    assert result.score == 1, result.message


# Round 4: ReLU's dx by a complex step through the student's own forward pass. np.maximum orders
# complex numbers by their real part first, then the imaginary one, so relu(x - ih) keeps -ih
# where x > 0 and drops it at x <= 0 (exact zeros too): one forward pass, exact, and the large
# input's tiny positive entries (row 1 of round 2) do not stop it. It scored 1/1.
COMPLEX_STEP = """
def relu_backward(dout, cache):
    x = cache
    h = 1e-20
    return dout * (relu_forward(x - 1j * h)[0].imag / -h)
"""


IN_A_THREAD = """
def relu_backward(dout, cache):
    import threading
    box = []
    probe = threading.Thread(target=lambda: box.append(relu_forward(cache - 1e-20j)[0]))
    probe.start()
    probe.join()
    return dout * (box[0].imag / -1e-20)
"""


@pytest.mark.parametrize("source", [COMPLEX_STEP, IN_A_THREAD], ids=["call", "thread"])
def test_relu_dx_by_a_complex_step_scores_0(checks, workspace, tmp_path, source):
    folder = patched_submission(tmp_path, [(LAYERS, "relu_backward", source)])
    result = grade_checks(folder, [checks["relu_backward"]], workspace)["relu_backward"]
    assert result.score == 0, result.message
    assert "complex-step derivative" in result.message


def test_the_master_keeps_its_points(checks, workspace, tmp_path):
    folder = patched_submission(tmp_path)
    results = grade_checks(folder, list(checks.values()), workspace)
    assert {name: r.score for name, r in results.items()} == dict.fromkeys(checks, 1.0)


# Round 4: a dropout mask kept per seed in a dict, drawn unseeded the first time (the seed is
# never used): "same seed, same mask" held within the child process, and it scored 1/1. The
# repeat of a seed is now asked of a new child.
SEED_KEPT = """
_MASKS = {}

def dropout_forward(x, dropout_param):
    p, mode, seed = dropout_param["p"], dropout_param["mode"], dropout_param.get("seed")
    mask = None
    if mode == "train":
        if seed is not None:
            if (seed, x.shape) not in _MASKS:
                _MASKS[seed, x.shape] = (np.random.rand(*x.shape) < p) / p
            mask = _MASKS[seed, x.shape]
        else:
            mask = (np.random.rand(*x.shape) < p) / p
        out = x * mask
    else:
        out = x
    return out.astype(x.dtype, copy=False), (dropout_param, mask)
"""


def test_a_mask_kept_per_seed_without_using_the_seed_scores_0(checks, workspace, tmp_path):
    folder = patched_submission(tmp_path, [(LAYERS, "dropout_forward", SEED_KEPT)])
    result = grade_checks(folder, [checks["dropout_forward"]], workspace)["dropout_forward"]
    assert result.score == 0 and "same seed, same mask, in a new process" in result.message
