"""Submissions built from the master, for the hidden grader's tests and timing runs.

`build_corpus(master, folder)` writes one folder per submission: the master's solution, the
release's stubs, a half-finished one, and one per way of gaming the grader (see `GAMED`). Each
variant changes whole functions of the master's student files, so what it should score is known.
"""

import ast
from pathlib import Path

from .sandbox import GRADED_FILES

LAYERS, OPTIM = "cs231n/layers.py", "cs231n/optim.py"

# variant -> (file, function, replacement source, the checks it must fail)
GAMED = {
    "hardcoded_forward": [
        (
            LAYERS,
            "conv_forward_naive",
            "def conv_forward_naive(x, w, b, conv_param):\n"
            "    from cs231n.grading import vectors\n"
            "    return vectors.conv_forward_case()[1], (x, w, b, conv_param)\n",
        ),
        (
            LAYERS,
            "max_pool_forward_naive",
            "def max_pool_forward_naive(x, pool_param):\n"
            "    from cs231n.grading import vectors\n"
            "    return vectors.max_pool_forward_case()[1], (x, pool_param)\n",
        ),
    ],
    "zero_backward": [
        (
            LAYERS,
            "conv_backward_naive",
            "def conv_backward_naive(dout, cache):\n"
            "    x, w, b, conv_param = cache\n"
            "    return np.zeros_like(x), np.zeros_like(w), np.zeros_like(b)\n",
        ),
        (
            LAYERS,
            "max_pool_backward_naive",
            "def max_pool_backward_naive(dout, cache):\n    return np.zeros_like(cache[0])\n",
        ),
    ],
    "os_exit": [
        (LAYERS, "svm_loss", "def svm_loss(x, y):\n    import os\n\n    os._exit(0)\n"),
    ],
    "infinite_loop": [
        (
            LAYERS,
            "spatial_groupnorm_backward",
            "def spatial_groupnorm_backward(dout, cache):\n    while True:\n        pass\n",
        ),
    ],
    "system_exit": [
        (OPTIM, "adam", "def adam(w, dw, config=None):\n    raise SystemExit(0)\n"),
    ],
    "monkeypatch": [
        (
            OPTIM,
            "rmsprop",
            "def rmsprop(w, dw, config=None):\n"
            "    import sys\n"
            "    import numpy\n"
            "    import cs231n.gradient_check as gc\n"
            "    import cs231n.grading.core as core\n"
            "    gc.rel_error = lambda *args: 0.0\n"
            "    numpy.allclose = lambda *args, **kwargs: True\n"
            "    core.Measurement.passed = property(lambda self: True)\n"
            "    for name in list(sys.modules):\n"
            "        if name.startswith('instructor'):\n"
            "            sys.modules[name].__dict__.clear()\n"
            "    return w, config or {}\n",
        ),
    ],
}

GAMED_CHECKS = {
    # The naive sandbox holds no cs231n.grading (held-out round 3, row 2): the fake forward's
    # import fails, so the backward checks, which need the student's forward, fail too.
    "hardcoded_forward": {
        "conv_forward_naive",
        "max_pool_forward_naive",
        "conv_backward_naive",
        "max_pool_backward_naive",
    },
    "zero_backward": {"conv_backward_naive", "max_pool_backward_naive"},
    "os_exit": {"svm_loss"},
    "infinite_loop": {"spatial_groupnorm_backward"},
    "system_exit": {"adam"},
    "monkeypatch": {"rmsprop"},
}

# The half-finished submission keeps these functions as the release's stubs.
UNFINISHED = {
    LAYERS: (
        "batchnorm_forward",
        "batchnorm_backward",
        "batchnorm_backward_alt",
        "layernorm_forward",
        "layernorm_backward",
        "conv_forward_naive",
        "conv_backward_naive",
        "max_pool_forward_naive",
        "max_pool_backward_naive",
        "spatial_batchnorm_forward",
        "spatial_batchnorm_backward",
        "spatial_groupnorm_forward",
        "spatial_groupnorm_backward",
    ),
    "cs231n/classifiers/cnn.py": ("ThreeLayerConvNet",),
}
# ...so it passes exactly these checks (16 of 34): the first two parts' functions it implements,
# and the normalized nets' __init__ (which does not call the stubs).
HALF_FINISHED_PASSES = {
    "affine_forward",
    "affine_backward",
    "relu_forward",
    "relu_backward",
    "softmax_loss",
    "svm_loss",
    "sgd_momentum",
    "rmsprop",
    "adam",
    "FullyConnectedNet.__init__",
    "FullyConnectedNet.loss",
    "FullyConnectedNet.__init__[batchnorm]",
    "FullyConnectedNet.__init__[layernorm]",
    "dropout_forward",
    "dropout_backward",
    "FullyConnectedNet.loss[dropout]",
}


def replace_function(source, name, replacement):
    """``source`` with the top-level function or class ``name`` replaced by ``replacement``."""
    tree = ast.parse(source)
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name == name:
            lines = source.splitlines(keepends=True)
            begin = (node.decorator_list[0].lineno if node.decorator_list else node.lineno) - 1
            return "".join(lines[:begin]) + replacement + "".join(lines[node.end_lineno :])
    raise KeyError(f"no top-level function {name!r}")


def function_source(source, name):
    tree = ast.parse(source)
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name == name:
            return "".join(source.splitlines(keepends=True)[node.lineno - 1 : node.end_lineno])
    raise KeyError(name)


def _write(folder, files):
    for relpath, text in files.items():
        target = Path(folder, relpath)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


READ_REFERENCE = (
    "def layernorm_forward(x, gamma, beta, ln_param):\n"
    "    namespace = {{'__name__': 'cs231n.stolen', '__package__': 'cs231n'}}\n"
    "    with open({path!r}) as handle:\n"
    "        exec(handle.read(), namespace)\n"
    "    return namespace['layernorm_forward'](x, gamma, beta, ln_param)\n"
)


def build_corpus(master, folder, release_files, stolen_path=None):
    """Write the corpus under ``folder``; ``release_files`` maps release paths to bytes (the
    release's stubs). With ``stolen_path``, variant ``read_reference`` tries to run the solution
    it reads there (its ``layernorm_forward``). Returns ``{variant: folder}``."""
    master_files = {p: Path(master, p).read_text("utf-8") for p in GRADED_FILES}
    stubs = {p: release_files[p].decode("utf-8") for p in GRADED_FILES}
    variants = {"master": dict(master_files), "stubs": dict(stubs)}
    half = dict(master_files)
    for relpath, names in UNFINISHED.items():
        for name in names:
            half[relpath] = replace_function(
                half[relpath], name, function_source(stubs[relpath], name)
            )
    variants["half_finished"] = half
    for variant, edits in GAMED.items():
        files = dict(master_files)
        for relpath, name, replacement in edits:
            files[relpath] = replace_function(files[relpath], name, replacement)
        variants[variant] = files
    if stolen_path is not None:
        files = dict(master_files)
        files[LAYERS] = replace_function(
            files[LAYERS], "layernorm_forward", READ_REFERENCE.format(path=str(stolen_path))
        )
        variants["read_reference"] = files
    written = {}
    for variant, files in variants.items():
        _write(Path(folder, variant), files)
        written[variant] = Path(folder, variant)
    return written


# --------------------------------------------------------------------------------------------
# Wrong code that produces the measured values without doing the work (instructor/grader/
# honesty.py): each variant is a list of (file, old text, new text) edits of the master.
# --------------------------------------------------------------------------------------------

FC_NET, CNN = "cs231n/classifiers/fc_net.py", "cs231n/classifiers/cnn.py"
MASK_LINE = "mask = (rand(*x.shape) < p).astype(x.dtype) / p"
BACKWARD_PAIRS = (  # backward -> (forward, number of gradients)
    ("affine_backward", "affine_forward", 3),
    ("relu_backward", "relu_forward", 1),
    ("batchnorm_backward", "batchnorm_forward", 3),
    ("batchnorm_backward_alt", "batchnorm_forward", 3),
    ("layernorm_backward", "layernorm_forward", 3),
    ("conv_backward_naive", "conv_forward_naive", 3),
    ("max_pool_backward_naive", "max_pool_forward_naive", 1),
    ("spatial_batchnorm_backward", "spatial_batchnorm_forward", 3),
    ("spatial_groupnorm_backward", "spatial_groupnorm_forward", 3),
)


def _finite_differences(through_globals, only=None):
    """Backward passes by central differences of the forward pass: every forward keeps its
    inputs in the cache. ``through_globals``: the backward calls the module's forward function
    by name (as a student's lambda would); otherwise a private copy (the call count cannot see
    it, the time limit must). ``only``: the backward passes to replace (default: all)."""
    lines = [
        "",
        "",
        "def _numeric(forward, args, dout, count):",
        "    grads = []",
        "    for i in range(count):",
        "        value = np.array(args[i], dtype=np.float64)",
        "        grad = np.zeros_like(value)",
        "        for index in np.ndindex(value.shape):",
        "            old = value[index]",
        "            value[index] = old + 1e-5",
        "            plus = forward(*args[:i], value.copy(), *args[i + 1 :])[0]",
        "            value[index] = old - 1e-5",
        "            minus = forward(*args[:i], value.copy(), *args[i + 1 :])[0]",
        "            value[index] = old",
        "            grad[index] = np.sum((plus - minus) * dout) / 2e-5",
        "        grads.append(grad)",
        "    return tuple(grads) if count > 1 else grads[0]",
        "",
        "",
        "def _keep_inputs(forward):",
        "    def wrapped(*args):",
        "        copies = [dict(a) if isinstance(a, dict) else a for a in args]",
        "        return forward(*args)[0], copies",
        "",
        "    wrapped.original = forward",
        "    return wrapped",
        "",
        "",
    ]
    pairs = [pair for pair in BACKWARD_PAIRS if only is None or pair[0] in only]
    for forward in sorted({pair[1] for pair in pairs}):
        lines.append(f"{forward} = _keep_inputs({forward})")
    for backward, forward, count in pairs:
        call = forward if through_globals else f"{forward}.original"
        lines += [
            "",
            "",
            f"def {backward}(dout, cache):",
            f"    return _numeric(lambda *a: ({call}(*a)[0], None), cache, dout, {count})",
        ]
    return "\n".join(lines) + "\n"


FORGED_COUNT_CHECKS = {"spatial_groupnorm_backward", "max_pool_backward_naive"}
FORGE_THE_COUNT = (
    "\n\n"
    "def _forge_the_count():\n"
    "    import sys\n\n"
    "    child = sys.modules.get('__main__')\n"
    "    if hasattr(child, '_count_forward_calls'):\n"
    "        child._count_forward_calls = lambda name: (lambda: 1)\n"
    "\n\n"
    "_forge_the_count()\n"
)

NAIVE_BY_FAST = (
    "def conv_forward_naive(x, w, b, conv_param):\n"
    "    from cs231n.fast_layers import conv_forward_fast\n\n"
    "    return conv_forward_fast(x, w, b, conv_param)\n",
    "def conv_backward_naive(dout, cache):\n"
    "    from cs231n.fast_layers import conv_backward_fast\n\n"
    "    return conv_backward_fast(dout, cache)\n",
    "def max_pool_forward_naive(x, pool_param):\n"
    "    from cs231n.fast_layers import max_pool_forward_fast\n\n"
    "    return max_pool_forward_fast(x, pool_param)\n",
    "def max_pool_backward_naive(dout, cache):\n"
    "    from cs231n.fast_layers import max_pool_backward_fast\n\n"
    "    return max_pool_backward_fast(dout, cache)\n",
)

# Naive layers that reach the fast ones without importing them by name: the module's source
# executed from disk, or a reference kept in sys.modules by the first import of layers.py.
NAIVE_FROM_DISK = (
    "def _fast():\n"
    "    import os, sys, types\n\n"
    "    kept = sys.modules.get('_kept_fast_layers')\n"
    "    if kept is not None:\n"
    "        return kept\n"
    "    folder = os.path.dirname(os.path.abspath(__file__))\n"
    "    namespace = {'__name__': 'cs231n._fast_copy', '__package__': 'cs231n'}\n"
    "    path = os.path.join(folder, 'fast_layers.py')\n"
    "    with open(path) as handle:\n"
    "        exec(compile(handle.read(), path, 'exec'), namespace)\n"
    "    return types.SimpleNamespace(**namespace)\n"
    "\n\n"
    "try:\n"
    "    import sys as _sys\n"
    "    from cs231n import fast_layers as _fast_layers\n\n"
    "    _sys.modules['_kept_fast_layers'] = _fast_layers\n"
    "except ImportError:\n"
    "    pass\n"
)
CONV_BY_VECTORISED_DIFFERENCES = (
    "def conv_backward_naive(dout, cache):\n"
    "    from numpy.lib.stride_tricks import sliding_window_view\n\n"
    "    x, w, b, conv_param = cache\n"
    "    s, p = conv_param['stride'], conv_param['pad']\n\n"
    "    def loss(x, w, b):\n"
    "        xp = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))\n"
    "        win = sliding_window_view(xp, w.shape[2:], axis=(2, 3))[:, :, ::s, ::s]\n"
    "        out = np.einsum('nchwij,fcij->nfhw', win, w) + b[None, :, None, None]\n"
    "        return np.sum(out * dout)\n\n"
    "    grads = []\n"
    "    for a in (x, w, b):\n"
    "        g = np.zeros_like(a)\n"
    "        for i in np.ndindex(a.shape):\n"
    "            old = a[i]\n"
    "            a[i] = old + 1e-5\n"
    "            up = loss(x, w, b)\n"
    "            a[i] = old - 1e-5\n"
    "            down = loss(x, w, b)\n"
    "            a[i] = old\n"
    "            g[i] = (up - down) / 2e-5\n"
    "        grads.append(g)\n"
    "    return tuple(grads)\n"
)

# Coloured differences of conv and max pool: inputs one window apart share no output, so they
# share a colour: (c, row mod HH, column mod WW) of the padded x with all images at once, (c,
# row, column) of w with all filters at once, (row mod pool_height, column mod pool_width) for
# pool. The probes of many colours go through one vectorised forward pass (BLAS for conv),
# stacked along N (x) or F (w); conv by a complex step, pool by raising the entries by h (the
# maxima of a window are the entries that raise it; the first of them takes dout). Correct on
# every small input; on the earlier large inputs (144 and 4 colours) they passed in the child
# in 4.7 s and 0.03 s.
CONV_BY_COLOURED_DIFFERENCES = (
    "def conv_backward_naive(dout, cache):\n"
    "    x, w, b, conv_param = cache\n"
    "    s, p = conv_param['stride'], conv_param['pad']\n"
    "    N, F, Ho, Wo = dout.shape\n"
    "    _, C, HH, WW = w.shape\n"
    "    xp = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))\n"
    "    Hp, Wp = xp.shape[2:]\n"
    "    h = 1e-30\n\n"
    "    def forward(xp, w):  # vectorised, through BLAS: (M, C, Hp, Wp) -> (M, F, Ho, Wo)\n"
    "        out = np.zeros((len(xp), len(w), Ho, Wo), np.result_type(xp, w))\n"
    "        if Ho * Wo <= HH * WW:  # a few huge windows: one product per window\n"
    "            for i in range(Ho):\n"
    "                for j in range(Wo):\n"
    "                    win = xp[:, :, i * s : i * s + HH, j * s : j * s + WW]\n"
    "                    out[:, :, i, j] = win.reshape(len(xp), -1) @ w.reshape(len(w), -1).T\n"
    "        else:  # many small windows: one product per filter offset\n"
    "            for di in range(HH):\n"
    "                for dj in range(WW):\n"
    "                    part = xp[:, :, di : di + s * Ho : s, dj : dj + s * Wo : s]\n"
    "                    out += np.einsum('mchw,fc->mfhw', part, w[:, :, di, dj])\n"
    "        return out\n\n"
    "    # which output rows (columns) each padded row (column) reaches\n"
    "    reach_h = np.array([[i * s <= a < i * s + HH for i in range(Ho)] for a in range(Hp)])\n"
    "    reach_w = np.array([[j * s <= a < j * s + WW for j in range(Wo)] for a in range(Wp)])\n"
    "    colours = [(c, r, q) for c in range(C) for r in range(HH) for q in range(WW)]\n"
    "    batch = max(1, 2_000_000 // xp.size)\n"
    "    dx_pad = np.zeros(xp.shape)\n"
    "    for start in range(0, len(colours), batch):\n"
    "        chunk = colours[start : start + batch]\n"
    "        probes = np.repeat(xp[None].astype(complex), len(chunk), axis=0)\n"
    "        for k, (c, r, q) in enumerate(chunk):\n"
    "            probes[k, :, c, r::HH, q::WW] += 1j * h\n"
    "        moved = forward(probes.reshape(-1, C, Hp, Wp), w).imag / h\n"
    "        spread = (moved.reshape(len(chunk), N, F, Ho, Wo) * dout).sum(2)\n"
    "        boxes = np.einsum('ai,kniJ,bJ->knab', reach_h, spread, reach_w)\n"
    "        for k, (c, r, q) in enumerate(chunk):\n"
    "            dx_pad[:, c, r::HH, q::WW] = boxes[k, :, r::HH, q::WW]\n"
    "    dw = np.zeros(w.shape)\n"
    "    colours = [(c, r, q) for c in range(C) for r in range(HH) for q in range(WW)]\n"
    "    batch = max(1, 2_000_000 // w.size)\n"
    "    for start in range(0, len(colours), batch):\n"
    "        chunk = colours[start : start + batch]\n"
    "        probes = np.repeat(w[None].astype(complex), len(chunk), axis=0)\n"
    "        for k, (c, r, q) in enumerate(chunk):\n"
    "            probes[k, :, c, r, q] += 1j * h\n"
    "        moved = forward(xp, probes.reshape(-1, C, HH, WW)).imag / h\n"
    "        moved = moved.reshape(N, len(chunk), F, Ho, Wo)\n"
    "        sums = np.einsum('nkfhw,nfhw->kf', moved, dout)\n"
    "        for k, (c, r, q) in enumerate(chunk):\n"
    "            dw[:, c, r, q] = sums[k]\n"
    "    H, W = x.shape[2:]\n"
    "    return dx_pad[:, :, p : p + H, p : p + W], dw, dout.sum(axis=(0, 2, 3))\n"
)
POOL_BY_COLOURED_DIFFERENCES = (
    "def max_pool_backward_naive(dout, cache):\n"
    "    x, pool_param = cache\n"
    "    ph, pw = pool_param['pool_height'], pool_param['pool_width']\n"
    "    s = pool_param['stride']\n"
    "    N, C, Ho, Wo = dout.shape\n"
    "    H, W = x.shape[2:]\n"
    "    h = 1e-6 * (1 + np.abs(x).max())\n\n"
    "    def forward(x):  # vectorised: (M, C, H, W) -> (M, C, Ho, Wo)\n"
    "        out = np.full((len(x), C, Ho, Wo), -np.inf)\n"
    "        if Ho * Wo <= ph * pw:  # a few huge windows: one reduction per window\n"
    "            for i in range(Ho):\n"
    "                for j in range(Wo):\n"
    "                    window = x[:, :, i * s : i * s + ph, j * s : j * s + pw]\n"
    "                    out[:, :, i, j] = window.max(axis=(2, 3))\n"
    "        else:  # many small windows: one maximum per window offset\n"
    "            for di in range(ph):\n"
    "                for dj in range(pw):\n"
    "                    part = x[:, :, di : di + s * Ho : s, dj : dj + s * Wo : s]\n"
    "                    np.maximum(out, part, out=out)\n"
    "        return out\n\n"
    "    base = forward(x)\n"
    "    # the maxima of a window are the entries whose increase raises its output\n"
    "    is_max = np.zeros((N, C, Ho, Wo, ph, pw), bool)\n"
    "    I, J = np.meshgrid(np.arange(Ho), np.arange(Wo), indexing='ij')\n"
    "    colours = [(r, q) for r in range(ph) for q in range(pw)]\n"
    "    batch = max(1, 2_000_000 // x.size)\n"
    "    for start in range(0, len(colours), batch):\n"
    "        chunk = colours[start : start + batch]\n"
    "        probes = np.repeat(x[None], len(chunk), axis=0)\n"
    "        for k, (r, q) in enumerate(chunk):\n"
    "            probes[k, :, :, r::ph, q::pw] += h\n"
    "        raised = forward(probes.reshape(-1, C, H, W)).reshape(len(chunk), N, C, Ho, Wo)\n"
    "        raised = raised - base > h / 2\n"
    "        for k, (r, q) in enumerate(chunk):  # the one entry of colour k in each window\n"
    "            is_max[:, :, I, J, (r - I * s) % ph, (q - J * s) % pw] = raised[k]\n"
    "    first = is_max.reshape(N, C, Ho, Wo, -1).argmax(axis=4)  # as the docstring says\n"
    "    n, c, i, j = np.indices((N, C, Ho, Wo))\n"
    "    dx = np.zeros_like(x)\n"
    "    np.add.at(dx, (n, c, i * s + first // pw, j * s + first % pw), dout)\n"
    "    return dx\n"
)

# Coloured differences: one forward pass per set of inputs whose outputs do not overlap (rows
# of batchnorm, columns of layernorm, input features of affine, positions of spatial batchnorm),
# each by a complex step (exact to rounding). On the earlier large inputs (512 to 8,192 colours)
# they passed in 0.7 to 14 s; the large inputs now have 65,536 colours (held-out round 2), and
# conv's and pool's one huge window over 500,000 (issue 19).
COLOURED_DIFFERENCES = {
    "batchnorm_backward": (
        "def batchnorm_backward(dout, cache):\n"
        "    x_hat, inv_std, gamma = cache\n"
        "    x, eps = x_hat / inv_std, 1e-5\n\n"
        "    def f(x):\n"
        "        mu = x.mean(0)\n"
        "        return gamma * (x - mu) / np.sqrt(((x - mu) ** 2).mean(0) + eps)\n\n"
        "    dx = np.zeros_like(x)\n"
        "    for i in range(x.shape[0]):\n"
        "        moved = x.astype(complex)\n"
        "        moved[i] += 1e-30j\n"
        "        dx[i] = np.sum(dout * f(moved).imag, axis=0) / 1e-30\n"
        "    return dx, np.sum(dout * x_hat, 0), dout.sum(0)\n"
    ),
    "layernorm_backward": (
        "def layernorm_backward(dout, cache):\n"
        "    x_hat, inv_std, gamma = cache\n"
        "    x, eps = x_hat / inv_std, 1e-5\n\n"
        "    def f(x):\n"
        "        centred = x - x.mean(1, keepdims=True)\n"
        "        return gamma * centred / np.sqrt((centred**2).mean(1, keepdims=True) + eps)\n\n"
        "    dx = np.zeros_like(x)\n"
        "    for j in range(x.shape[1]):\n"
        "        moved = x.astype(complex)\n"
        "        moved[:, j] += 1e-30j\n"
        "        dx[:, j] = np.sum(dout * f(moved).imag, axis=1) / 1e-30\n"
        "    return dx, np.sum(dout * x_hat, 0), dout.sum(0)\n"
    ),
    "spatial_batchnorm_backward": (  # passed in 14.0 s on (32, 8, 16, 16): 8,192 colours
        "def spatial_batchnorm_backward(dout, cache):\n"
        "    x_hat, inv_std, gamma = cache\n"
        "    N, C, H, W = dout.shape\n"
        "    rows = x_hat / inv_std\n"
        "    d_rows = dout.transpose(0, 2, 3, 1).reshape(-1, C)\n\n"
        "    def f(x):\n"
        "        centred = x - x.mean(0)\n"
        "        return gamma * centred / np.sqrt((centred**2).mean(0) + 1e-5)\n\n"
        "    dx = np.zeros_like(rows)\n"
        "    for i in range(rows.shape[0]):\n"
        "        moved = rows.astype(complex)\n"
        "        moved[i] += 1e-30j\n"
        "        dx[i] = np.sum(d_rows * f(moved).imag, axis=0) / 1e-30\n"
        "    dx = dx.reshape(N, H, W, C).transpose(0, 3, 1, 2)\n"
        "    return dx, np.sum(d_rows * x_hat, 0), d_rows.sum(0)\n"
    ),
    "affine_backward": (
        "def affine_backward(dout, cache):\n"
        "    x, w, b = cache\n"
        "    X = x.reshape(x.shape[0], -1)\n"
        "    dX, dw = np.zeros_like(X), np.zeros_like(w)\n"
        "    for k in range(X.shape[1]):\n"
        "        moved = X.astype(complex)\n"
        "        moved[:, k] += 1e-30j\n"
        "        dX[:, k] = np.sum(dout * (moved @ w + b).imag, axis=1) / 1e-30\n"
        "    for k in range(w.shape[0]):\n"
        "        moved = w.astype(complex)\n"
        "        moved[k] += 1e-30j\n"
        "        dw[k] = np.sum(dout * (X @ moved + b).imag, axis=0) / 1e-30\n"
        "    return dX.reshape(x.shape), dw, dout.sum(0)\n"
    ),
    "conv_backward_naive": CONV_BY_COLOURED_DIFFERENCES,
    "max_pool_backward_naive": POOL_BY_COLOURED_DIFFERENCES,
}

FAKES = {
    "coloured_differences": [(LAYERS, name, code) for name, code in COLOURED_DIFFERENCES.items()],
    "relu_by_one_sided_differences": [
        (
            LAYERS,
            "    dx = dout * (x > 0)\n",
            "    dx = dout * (relu_forward(x)[0] - relu_forward(x - 1e-6)[0]) / 1e-6\n",
        ),
    ],
    "naive_runs_fast_from_disk": [
        (LAYERS, None, "\n\n" + NAIVE_FROM_DISK),
        (
            LAYERS,
            "conv_forward_naive",
            "def conv_forward_naive(x, w, b, conv_param):\n"
            "    return _fast().conv_forward_fast(x, w, b, conv_param)\n",
        ),
        (
            LAYERS,
            "max_pool_forward_naive",
            "def max_pool_forward_naive(x, pool_param):\n"
            "    return _fast().max_pool_forward_fast(x, pool_param)\n",
        ),
        (
            LAYERS,
            "conv_backward_naive",
            "def conv_backward_naive(dout, cache):\n"
            "    return _fast().conv_backward_fast(dout, cache)\n",
        ),
        (
            LAYERS,
            "max_pool_backward_naive",
            "def max_pool_backward_naive(dout, cache):\n"
            "    return _fast().max_pool_backward_fast(dout, cache)\n",
        ),
    ],
    "conv_backward_by_vectorised_differences": [
        (LAYERS, "conv_backward_naive", CONV_BY_VECTORISED_DIFFERENCES),
    ],
    "fixed_seed_mask": [
        (LAYERS, MASK_LINE, MASK_LINE.replace("rand(", "np.random.RandomState(0).rand(")),
    ],
    "patterned_mask": [
        (
            LAYERS,
            MASK_LINE,
            "mask = ((np.arange(x.size).reshape(x.shape) * 7919 % 1000) < p * 1000)"
            ".astype(x.dtype) / p",
        ),
    ],
    "dropout_by_constant": [
        (
            FC_NET,
            "hidden, dropout_cache = dropout_forward(hidden, self.dropout_param)",
            "dropout_cache = None",
        ),
        (FC_NET, "dout = dropout_backward(dout, dropout_cache)", "pass"),
        (
            FC_NET,
            '            grads[f"W{i}"] += self.reg * W\n',
            '            grads[f"W{i}"] += self.reg * W\n'
            "        if self.use_dropout:\n"
            "            loss += 0.05 + 1e-3 * self.dropout_param.get('seed', 0)\n",
        ),
    ],
    "dropout_after_the_first_layer_only": [
        (
            FC_NET,
            "            if self.use_dropout:\n                hidden, dropout_cache =",
            "            if self.use_dropout and i == 1:\n                hidden, dropout_cache =",
        ),
        (
            FC_NET,
            "            if self.use_dropout:\n                dout = dropout_backward(",
            "            if self.use_dropout and i == 1:\n                dout = dropout_backward(",
        ),
    ],
    "backward_mask_from_seed": [
        (
            LAYERS,
            "    dx = dout * mask\n",
            "    keep = dropout_param['p']\n"
            "    draw = np.random.RandomState(dropout_param.get('seed', 0)).rand(*dout.shape)\n"
            "    dx = dout * (draw < keep) / keep\n",
        ),
    ],
    "backward_mask_from_out": [
        (LAYERS, "        out = x * mask\n", "        out = x * mask\n        mask = out\n"),
        (LAYERS, "    dx = dout * mask\n", "    dx = dout * (mask != 0) / dropout_param['p']\n"),
    ],
    "uniform_init": [
        (
            FC_NET,
            "weight_scale * np.random.randn(fan_in, fan_out)",
            "weight_scale * np.sqrt(3) * np.random.uniform(-1, 1, (fan_in, fan_out))",
        ),
        (
            CNN,
            "weight_scale * np.random.randn(num_filters, C, filter_size, filter_size)",
            "weight_scale * np.sqrt(3) * np.random.uniform(-1, 1, "
            "(num_filters, C, filter_size, filter_size))",
        ),
        (
            CNN,
            "weight_scale * np.random.randn(pooled_size, hidden_dim)",
            "weight_scale * np.sqrt(3) * np.random.uniform(-1, 1, (pooled_size, hidden_dim))",
        ),
        (
            CNN,
            "weight_scale * np.random.randn(hidden_dim, num_classes)",
            "weight_scale * np.sqrt(3) * np.random.uniform(-1, 1, (hidden_dim, num_classes))",
        ),
    ],
    "finite_differences": [(LAYERS, None, _finite_differences(through_globals=True))],
    "finite_differences_private": [(LAYERS, None, _finite_differences(through_globals=False))],
    # Counted through the module's globals, and the child's call counter replaced in-process.
    "finite_differences_forging_the_count": [
        (LAYERS, None, _finite_differences(True, FORGED_COUNT_CHECKS) + FORGE_THE_COUNT),
    ],
    "naive_calls_fast": [
        (LAYERS, name, text)
        for name, text in zip(
            (
                "conv_forward_naive",
                "conv_backward_naive",
                "max_pool_forward_naive",
                "max_pool_backward_naive",
            ),
            NAIVE_BY_FAST,
        )
    ],  # fmt: skip
    "fixed_seed_init": [
        (
            FC_NET,
            "weight_scale * np.random.randn(fan_in, fan_out)",
            "weight_scale * np.random.RandomState(i).randn(fan_in, fan_out)",
        ),
        (
            CNN,
            "weight_scale * np.random.randn(num_filters, C, filter_size, filter_size)",
            "weight_scale * np.random.RandomState(1).randn(num_filters, C, filter_size, "
            "filter_size)",
        ),
    ],
    "relu_by_vectorized_differences": [
        (
            LAYERS,
            "    dx = dout * (x > 0)\n",
            "    dx = dout * (relu_forward(x + 1e-6)[0] - relu_forward(x - 1e-6)[0]) / 2e-6\n",
        ),
    ],
    "naive_imports_fast_at_the_top": [
        (LAYERS, "import numpy as np\n", "import numpy as np\n\nfrom . import fast_layers\n"),
        (
            LAYERS,
            "conv_forward_naive",
            "def conv_forward_naive(x, w, b, conv_param):\n"
            "    return fast_layers.conv_forward_fast(x, w, b, conv_param)\n",
        ),
        (
            LAYERS,
            "max_pool_forward_naive",
            "def max_pool_forward_naive(x, pool_param):\n"
            "    return fast_layers.max_pool_forward_fast(x, pool_param)\n",
        ),
    ],
    "scalar_zero_gradient": [
        (
            FC_NET,
            '            grads[f"W{i}"] += self.reg * W\n',
            '            grads[f"W{i}"] += self.reg * W\n'
            "        if self.normalization == 'batchnorm':\n"
            "            grads.update({f'b{i}': 0.0 for i in range(1, L)})\n",
        ),
    ],
}
FAKE_NAIVE_FUNCTIONS = {"naive_calls_fast"}  # edits that replace whole functions

BACKWARD_CHECKS = {pair[0] for pair in BACKWARD_PAIRS}
INIT_CHECKS = {
    "FullyConnectedNet.__init__",
    "FullyConnectedNet.__init__[batchnorm]",
    "FullyConnectedNet.__init__[layernorm]",
    "ThreeLayerConvNet.__init__",
}
# What each fake must score 0 on (at least; `FAKED_ALSO` lists what else it may lose).
FAKED_CHECKS = {
    "naive_runs_fast_from_disk": {
        "conv_forward_naive",
        "conv_backward_naive",
        "max_pool_forward_naive",
        "max_pool_backward_naive",
    },
    "conv_backward_by_vectorised_differences": {"conv_backward_naive"},
    "fixed_seed_mask": {"dropout_forward"},
    "patterned_mask": {"dropout_forward"},
    "dropout_by_constant": {"FullyConnectedNet.loss[dropout]"},
    "dropout_after_the_first_layer_only": {"FullyConnectedNet.loss[dropout]"},
    "backward_mask_from_seed": {"dropout_backward"},
    "backward_mask_from_out": {"dropout_backward"},
    "uniform_init": INIT_CHECKS,
    "finite_differences": BACKWARD_CHECKS,
    "finite_differences_private": BACKWARD_CHECKS,
    "finite_differences_forging_the_count": FORGED_COUNT_CHECKS,
    "naive_calls_fast": {
        "conv_forward_naive",
        "conv_backward_naive",
        "max_pool_forward_naive",
        "max_pool_backward_naive",
    },
    "scalar_zero_gradient": {"FullyConnectedNet.loss[batchnorm]"},
    "fixed_seed_init": {
        "FullyConnectedNet.__init__",
        "FullyConnectedNet.__init__[batchnorm]",
        "FullyConnectedNet.__init__[layernorm]",
        "ThreeLayerConvNet.__init__",
    },
    "relu_by_vectorized_differences": {"relu_backward"},
    "coloured_differences": set(COLOURED_DIFFERENCES),
    "relu_by_one_sided_differences": {"relu_backward"},
    "naive_imports_fast_at_the_top": {
        "conv_forward_naive",
        "conv_backward_naive",
        "max_pool_forward_naive",
        "max_pool_backward_naive",
    },
}
# What the failure message of every faked check names: the guard the fake cannot get past.
FAKED_BECAUSE = {
    "finite_differences_forging_the_count": "large input",
    "conv_backward_by_vectorised_differences": "large input",
    "coloured_differences": "large input",
    "relu_by_one_sided_differences": "large input",
    "naive_runs_fast_from_disk": "No such file or directory: '/sandbox/cs231n/fast_layers.py'",
}
# Checks a fake may also lose, because they use the faked function (the net's dropout uses the
# student's mask; models use the layers' backward passes).
FAKED_ALSO = {
    "coloured_differences": {"spatial_groupnorm_backward"},  # the master's calls layernorm's
    "fixed_seed_mask": {"FullyConnectedNet.loss[dropout]"},
    "patterned_mask": {"FullyConnectedNet.loss[dropout]"},
    "backward_mask_from_seed": {"FullyConnectedNet.loss[dropout]"},
    "backward_mask_from_out": {"FullyConnectedNet.loss[dropout]"},
}

# Fully scalar honest naive layers: loops over every index, C, HH and WW included (the slowest
# common honest style: 1.1 s and 0.9 s on the large conv and pool inputs in the child).
SCALAR_CONV_FORWARD = (
    "def conv_forward_naive(x, w, b, conv_param):\n"
    "    check_conv_inputs(x, w, b, conv_param)\n"
    "    stride, pad = conv_param['stride'], conv_param['pad']\n"
    "    N, C, H, W = x.shape\n"
    "    F, _, HH, WW = w.shape\n"
    "    H_out = 1 + (H + 2 * pad - HH) // stride\n"
    "    W_out = 1 + (W + 2 * pad - WW) // stride\n"
    "    x_pad = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))\n"
    "    out = np.zeros((N, F, H_out, W_out), dtype=np.result_type(x, w))\n"
    "    for n in range(N):\n"
    "        for f in range(F):\n"
    "            for i in range(H_out):\n"
    "                for j in range(W_out):\n"
    "                    total = b[f]\n"
    "                    for c in range(C):\n"
    "                        for di in range(HH):\n"
    "                            for dj in range(WW):\n"
    "                                xv = x_pad[n, c, i * stride + di, j * stride + dj]\n"
    "                                total += xv * w[f, c, di, dj]\n"
    "                    out[n, f, i, j] = total\n"
    "    return out, (x, w, b, conv_param)\n"
)
SCALAR_CONV_BACKWARD = (
    "def conv_backward_naive(dout, cache):\n"
    "    x, w, b, conv_param = cache\n"
    "    check_conv_dout(dout, x, w, conv_param)\n"
    "    stride, pad = conv_param['stride'], conv_param['pad']\n"
    "    N, F, H_out, W_out = dout.shape\n"
    "    _, C, HH, WW = w.shape\n"
    "    H, W = x.shape[2:]\n"
    "    x_pad = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))\n"
    "    dx_pad = np.zeros_like(x_pad)\n"
    "    dw = np.zeros_like(w)\n"
    "    db = np.zeros_like(b)\n"
    "    for n in range(N):\n"
    "        for f in range(F):\n"
    "            for i in range(H_out):\n"
    "                for j in range(W_out):\n"
    "                    d = dout[n, f, i, j]\n"
    "                    db[f] += d\n"
    "                    for c in range(C):\n"
    "                        for di in range(HH):\n"
    "                            for dj in range(WW):\n"
    "                                row, col = i * stride + di, j * stride + dj\n"
    "                                dw[f, c, di, dj] += x_pad[n, c, row, col] * d\n"
    "                                dx_pad[n, c, row, col] += w[f, c, di, dj] * d\n"
    "    return dx_pad[:, :, pad : pad + H, pad : pad + W], dw, db\n"
)
SCALAR_POOL_FORWARD = (
    "def max_pool_forward_naive(x, pool_param):\n"
    "    check_pool_inputs(np.shape(x), pool_param)\n"
    "    ph, pw = pool_param['pool_height'], pool_param['pool_width']\n"
    "    stride = pool_param['stride']\n"
    "    N, C, H, W = x.shape\n"
    "    H_out = 1 + (H - ph) // stride\n"
    "    W_out = 1 + (W - pw) // stride\n"
    "    out = np.zeros((N, C, H_out, W_out), dtype=x.dtype)\n"
    "    for n in range(N):\n"
    "        for c in range(C):\n"
    "            for i in range(H_out):\n"
    "                for j in range(W_out):\n"
    "                    best = x[n, c, i * stride, j * stride]\n"
    "                    for di in range(ph):\n"
    "                        for dj in range(pw):\n"
    "                            value = x[n, c, i * stride + di, j * stride + dj]\n"
    "                            if value > best:\n"
    "                                best = value\n"
    "                    out[n, c, i, j] = best\n"
    "    return out, (x, pool_param)\n"
)
SCALAR_POOL_BACKWARD = (
    "def max_pool_backward_naive(dout, cache):\n"
    "    x, pool_param = cache\n"
    "    check_pool_dout(dout, x, pool_param)\n"
    "    ph, pw = pool_param['pool_height'], pool_param['pool_width']\n"
    "    stride = pool_param['stride']\n"
    "    N, C, H_out, W_out = dout.shape\n"
    "    dx = np.zeros_like(x)\n"
    "    for n in range(N):\n"
    "        for c in range(C):\n"
    "            for i in range(H_out):\n"
    "                for j in range(W_out):\n"
    "                    best_row, best_col = i * stride, j * stride\n"
    "                    for di in range(ph):\n"
    "                        for dj in range(pw):\n"
    "                            row, col = i * stride + di, j * stride + dj\n"
    "                            if x[n, c, row, col] > x[n, c, best_row, best_col]:\n"
    "                                best_row, best_col = row, col\n"
    "                    dx[n, c, best_row, best_col] += dout[n, c, i, j]\n"
    "    return dx\n"
)


# The models are built on the layers: on the large models of `large_models` (held-out round 3,
# row 1) a layer's backward pass faked by finite differences is too slow, or too inexact, there.
MODEL_LOSS_CHECKS = {
    "FullyConnectedNet.loss",
    "FullyConnectedNet.loss[batchnorm]",
    "FullyConnectedNet.loss[layernorm]",
    "FullyConnectedNet.loss[dropout]",
    "ThreeLayerConvNet.loss",
}
for _variant in (
    "coloured_differences",
    "finite_differences",
    "finite_differences_private",
    "relu_by_one_sided_differences",
    "relu_by_vectorized_differences",
):
    FAKED_ALSO[_variant] = FAKED_ALSO.get(_variant, set()) | MODEL_LOSS_CHECKS

# Correct code written differently from the master: must keep full marks.
HONEST = {
    "mask_by_comparison_the_other_way": [
        (
            LAYERS,
            MASK_LINE,
            "mask = (rand(*x.shape) >= 1 - p) / p\n        mask = mask.astype(x.dtype)",
        ),
    ],
    "init_with_normal": [
        (
            FC_NET,
            "weight_scale * np.random.randn(fan_in, fan_out)",
            "np.random.normal(0.0, weight_scale, size=(fan_in, fan_out))",
        ),
        (
            CNN,
            "weight_scale * np.random.randn(hidden_dim, num_classes)",
            "np.random.default_rng().normal(0.0, weight_scale, (hidden_dim, num_classes))",
        ),
    ],
    "relu_backward_with_where": [
        (LAYERS, "    dx = dout * (x > 0)\n", "    dx = np.where(x > 0, dout, 0.0)\n")
    ],
    "softmax_through_probabilities": [
        (
            LAYERS,
            "    loss = -log_probs[np.arange(N), y].mean()\n    dx = np.exp(log_probs)\n",
            "    probs = np.exp(shifted)\n"
            "    probs /= probs.sum(axis=1, keepdims=True)\n"
            "    loss = -np.log(probs[np.arange(N), y]).mean()\n"
            "    dx = probs.copy()\n",
        ),
    ],
    "naive_layers_fully_scalar": [
        (LAYERS, "conv_forward_naive", SCALAR_CONV_FORWARD),
        (LAYERS, "conv_backward_naive", SCALAR_CONV_BACKWARD),
        (LAYERS, "max_pool_forward_naive", SCALAR_POOL_FORWARD),
        (LAYERS, "max_pool_backward_naive", SCALAR_POOL_BACKWARD),
    ],
    "backward_recomputes_forward_once": [
        (
            LAYERS,
            "    dx = dout * (x > 0)\n",
            "    dx = dout * (relu_forward(x)[0] > 0)\n",
        ),
    ],
}


def apply_edits(files, edits):
    """``files`` with each ``(file, old, new)`` edit made: ``old`` None appends ``new``; ``old``
    a function name (no spaces) replaces that function; otherwise a text found exactly once."""
    files = dict(files)
    for relpath, old, new in edits:
        text = files[relpath]
        if old is None:
            text = text + new
        elif " " not in old and "(" not in old and "\n" not in old:
            text = replace_function(text, old, new)
        else:
            if text.count(old) != 1:
                raise ValueError(f"{relpath}: {old!r} occurs {text.count(old)} times")
            text = text.replace(old, new)
        files[relpath] = text
    return files


def build_fakes(master, folder):
    """Write one submission per fake and honest variant under ``folder``: ``{variant: path}``."""
    master_files = {p: Path(master, p).read_text("utf-8") for p in GRADED_FILES}
    written = {}
    for variant, edits in {**FAKES, **HONEST}.items():
        _write(Path(folder, variant), apply_edits(master_files, edits))
        written[variant] = Path(folder, variant)
    return written
