"""Time the conv / max-pool layers and a ThreeLayerConvNet training step against PyTorch CPU.

Run from the project root:

    python benchmarks/bench_layers.py                    # all rows, 2 and 1 threads
    python benchmarks/bench_layers.py --threads 2        # one thread count
    python benchmarks/bench_layers.py --quick --no-naive

Every implementation runs forward then backward on the same data, in this one process. Tables show
median times, GFLOP/s of a convolution's forward + backward (3 x 2*N*F*H_out*W_out*C*HH*WW floating
point operations) and two ratios: how many times faster than naive the row is ("x naive") and the
row's time divided by PyTorch's ("/ torch", lower is better, 1.0 = as fast as PyTorch). The naive
layers are far too slow for the whole batch on the big shapes: they run on the first samples and
their time is scaled up linearly in N; those rows are marked with '*'. A 3x3 stride-1 convolution
("cython fast" is then Winograd's F(2x2, 3x3), cs231n.winograd) also gets the im2col path's row,
"im2col (Winograd off)", so the two are compared in the same run.

The training step is one ThreeLayerConvNet iteration as the notebook's one-epoch cell runs it
(batch 50, hidden 500, reg 1e-3, float32): loss + gradients + Adam update of every parameter,
against the same network in PyTorch (conv2d, relu, max_pool2d, two linear layers, cross-entropy
with the same L2 term, torch.optim.Adam). Our Adam update runs as the Solver runs it (through
cs231n.chunked_rule). Two rows: model.loss inside the BLAS limit the Solver sets around it, and
model.loss called directly (a student's own loop, a gradient check).

"N threads" means N worker threads for the fast layers (cs231n.parallel.NUM_THREADS) and N
threads for torch; BLAS runs N threads too where the package lets BLAS's idle helper threads
sleep at once (cs231n.parallel.BLAS_HELPERS_SLEEP), else one thread (the package's setting
then), and N threads for an older checkout (``--root``) that leaves BLAS alone.

``--root DIR`` times the package found in DIR instead of this checkout (used to measure "before").
"""

import argparse
import contextlib
import os
import platform
import sys
import time
from pathlib import Path


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 repetitions, small naive batches")
    parser.add_argument("--repeats", type=int, default=None, help="repetitions (default 11)")
    parser.add_argument("--no-naive", action="store_true", help="skip the naive layers")
    parser.add_argument("--no-train", action="store_true", help="skip the training step")
    parser.add_argument("--dtypes", default="float32,float64", help="e.g. float32")
    parser.add_argument("--shapes", default="conv1,conv2,conv3", help="subset of conv1,conv2,conv3")
    parser.add_argument(
        "--threads",
        default=None,
        help="comma-separated thread counts for BLAS, the Cython kernels and torch, each timed "
        "in turn (default: the available cores, then 1)",
    )
    parser.add_argument("--root", default=None, help="project root to import cs231n from")
    return parser.parse_args()


ARGS = parse_args() if __name__ == "__main__" else None

import numpy as np  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

ROOT = Path(ARGS.root).resolve() if ARGS and ARGS.root else Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cs231n import fast_layers  # noqa: E402
from cs231n import optim as cs231n_optim  # noqa: E402
from cs231n.classifiers.cnn import ThreeLayerConvNet  # noqa: E402
from cs231n.layers import (  # noqa: E402
    conv_backward_naive,
    conv_forward_naive,
    max_pool_backward_naive,
    max_pool_forward_naive,
)

try:
    import torch
    import torch.nn.functional as torch_functional
except ImportError:
    torch = None

CONV_SHAPES = [
    # name, x shape, w shape, stride, pad
    ("conv1", (100, 3, 31, 31), (25, 3, 3, 3), 2, 1),
    ("conv2", (50, 3, 32, 32), (32, 3, 7, 7), 1, 3),
    ("conv3", (64, 64, 32, 32), (64, 64, 3, 3), 1, 1),
]
POOL_PARAM = {"pool_height": 2, "pool_width": 2, "stride": 2}
NAIVE_BATCH = {"conv1": 25, "conv2": 5, "conv3": 2}
QUICK_NAIVE_BATCH = {"conv1": 10, "conv2": 2, "conv3": 1}


def median_times(run, repeats):
    """Median forward and backward seconds; ``run()`` returns (forward_s, backward_s)."""
    return block_medians({"run": run}, repeats)["run"]


# Idle worker threads keep spinning on a core for a while after a parallel call before they sleep
# (OpenBLAS about 0.1 s of CPU time, measured here; torch's OpenMP threads less), and a spinning
# thread slows whatever runs next on that core. Timing one implementation right after another
# would charge it for the other's spinning threads, so each block starts after this pause.
SETTLE_SECONDS = 0.25
ROUNDS = 3


def block_medians(runs, repeats):
    """Median (forward_s, backward_s) of each run over ``repeats`` timed calls.

    The implementations take turns in ROUNDS rounds (a, b, c, a, b, c, ...): each turn is a
    block of back-to-back calls of one implementation, as a training loop makes them, after a
    pause of SETTLE_SECONDS and one untimed warm-up call. Taking turns gives every implementation
    the same share of whatever else the machine is doing; the pause keeps the previous block's
    spinning threads out of the timing.
    """
    samples = {name: [] for name in runs}
    rounds = min(ROUNDS, repeats)
    for round_index in range(rounds):
        calls = repeats * (round_index + 1) // rounds - repeats * round_index // rounds
        for name, run in runs.items():
            time.sleep(SETTLE_SECONDS)
            run()  # warm-up: caches, thread pools, lazy initialisation
            samples[name].extend(run() for _ in range(calls))
    return {name: tuple(np.median(np.array(times), axis=0)) for name, times in samples.items()}


def timed_pair(forward, backward):
    start = time.perf_counter()
    result = forward()
    middle = time.perf_counter()
    backward(result)
    return middle - start, time.perf_counter() - middle


def ours(forward, backward, inputs, dout, param, use_cython, use_winograd=True):
    def run():
        fast_layers.USE_CYTHON = use_cython
        fast_layers.USE_WINOGRAD = use_winograd  # (an older checkout, --root, ignores it)
        return timed_pair(lambda: forward(*inputs, param), lambda result: backward(dout, result[1]))

    return run


def torch_conv(x, w, b, dout, stride, pad):
    tx, tw, tb = (torch.tensor(a, requires_grad=True) for a in (x, w, b))
    tdout = torch.tensor(dout)

    def run():
        for tensor in (tx, tw, tb):
            tensor.grad = None
        return timed_pair(
            lambda: torch_functional.conv2d(tx, tw, tb, stride=stride, padding=pad),
            lambda out: out.backward(tdout),
        )

    return run


def torch_pool(x, dout):
    tx, tdout = torch.tensor(x, requires_grad=True), torch.tensor(dout)

    def run():
        tx.grad = None
        return timed_pair(
            lambda: torch_functional.max_pool2d(tx, 2, 2), lambda o: o.backward(tdout)
        )

    return run


def cpu_name():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


OPENBLAS_OVERRIDES = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")


def machine_info():
    blas = "unknown"
    try:
        blas_info = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        blas = f"{blas_info.get('name')} {blas_info.get('version')}"
    except (KeyError, TypeError, ValueError):  # the config layout differs between numpy versions
        blas = "unknown"
    try:
        from threadpoolctl import threadpool_info

        kernels = [i.get("architecture") for i in threadpool_info() if i["user_api"] == "blas"]
        blas += f", kernels {', '.join(str(k) for k in kernels)}"
    except ImportError:
        pass
    # Set in the environment, these override OpenBLAS's own choice for this CPU.
    forced = [f"{name}={os.environ[name]}" for name in OPENBLAS_OVERRIDES if name in os.environ]
    if forced:
        blas += f" (chosen by {' '.join(forced)} in the environment)"
    return [
        f"CPU: {cpu_name()}; cores (nproc): {os.cpu_count()}; {load_average()} at the start",
        (
            f"python {platform.python_version()}, numpy {np.__version__} (BLAS {blas}), "
            f"torch {torch.__version__ if torch else 'not installed'}"
        ),
        f"package: {ROOT.name}; Cython extension built: {fast_layers.HAVE_CYTHON}",
    ]


def load_average():
    """The machine's load (1, 5, 15 minutes): other work running beside the benchmark."""
    try:
        return "load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
    except OSError:
        return "load average unknown"


def print_table(title, rows, flops):
    print(f"\n{title}")
    print(
        f"  {'implementation':<22}{'forward ms':>12}{'backward ms':>13}{'total ms':>11}"
        f"{'GFLOP/s':>9}{'x naive':>9}{'/ torch':>9}"
    )
    naive_total = next((t for name, _, _, t in rows if name.startswith("naive")), None)
    torch_total = next((t for name, _, _, t in rows if name.startswith("torch")), None)
    for name, forward, backward, total in rows:
        gflops = f"{flops / total / 1e9:9.1f}" if flops else f"{'-':>9}"
        speedup = f"{naive_total / total:9.1f}" if naive_total else f"{'-':>9}"
        vs_torch = f"{total / torch_total:9.2f}" if torch_total else f"{'-':>9}"
        print(
            f"  {name:<22}{forward * 1e3:12.2f}{backward * 1e3:13.2f}{total * 1e3:11.2f}"
            f"{gflops}{speedup}{vs_torch}"
        )


def bench_layer(kind, label, x, params, args, naive_batch):
    """Time one layer (conv: params = (w, b, conv_param); pool: params = pool_param)."""
    rng = np.random.default_rng(0)
    if kind == "conv":
        w, b, conv_param = params
        out_shape = fast_layers.conv_forward_fast(x[:1], w, b, conv_param)[0].shape[1:]
        fast_fwd, fast_bwd = fast_layers.conv_forward_fast, fast_layers.conv_backward_fast
        naive_fwd, naive_bwd = conv_forward_naive, conv_backward_naive
        extra, param = (w, b), conv_param
        _, C, HH, WW = w.shape
        flops = 3 * 2 * x.shape[0] * out_shape[0] * out_shape[1] * out_shape[2] * C * HH * WW
    else:
        out_shape = fast_layers.max_pool_forward_fast(x[:1], params)[0].shape[1:]
        fast_fwd, fast_bwd = fast_layers.max_pool_forward_fast, fast_layers.max_pool_backward_fast
        naive_fwd, naive_bwd = max_pool_forward_naive, max_pool_backward_naive
        extra, param, flops = (), params, 0
    N = x.shape[0]
    dout = rng.standard_normal((N, *out_shape)).astype(x.dtype)

    rows = []
    if not args.no_naive:
        n = min(N, naive_batch)
        run = ours(naive_fwd, naive_bwd, (x[:n], *extra), dout[:n], param, False)
        forward, backward = median_times(run, args.naive_repeats)
        scale = N / n
        name = "naive" + (f" (N={n}, x{scale:g})*" if n < N else "")
        rows.append((name, forward * scale, backward * scale, (forward + backward) * scale))
    runs = {"numpy fallback": ours(fast_fwd, fast_bwd, (x, *extra), dout, param, False)}
    if fast_layers.HAVE_CYTHON:
        runs["cython fast"] = ours(fast_fwd, fast_bwd, (x, *extra), dout, param, True)
        winograd = getattr(fast_layers, "winograd", None)
        if kind == "conv" and winograd is not None and winograd.applies(w.shape, conv_param):
            runs["im2col (Winograd off)"] = ours(
                fast_fwd, fast_bwd, (x, *extra), dout, param, True, use_winograd=False
            )
    if torch is not None:
        if kind == "conv":
            runs["torch (autograd)"] = torch_conv(
                x, w, b, dout, conv_param["stride"], conv_param["pad"]
            )
        else:
            runs["torch (autograd)"] = torch_pool(x, dout)
    for name, (forward, backward) in block_medians(runs, args.repeats).items():
        rows.append((name, forward, backward, forward + backward))
    fast_layers.USE_CYTHON, fast_layers.USE_WINOGRAD = fast_layers.HAVE_CYTHON, True
    print_table(label, rows, flops)
    return rows


# ---------------------------------------------------------------------------------------------
# Training step: the notebook's ThreeLayerConvNet, ours vs the same net in torch
# ---------------------------------------------------------------------------------------------
TRAIN = {"batch": 50, "hidden_dim": 500, "reg": 1e-3, "filters": 32, "filter_size": 7}


def solver_blas_threads():
    """What the Solver wraps model.loss in: cs231n.parallel.blas_threads_for_models, one BLAS
    thread in older checkouts (--root) that have cs231n.parallel without it, nothing before."""
    try:
        from cs231n import parallel
    except ImportError:  # an older checkout (--root): BLAS keeps its threads
        return contextlib.nullcontext()
    if hasattr(parallel, "blas_threads_for_models"):
        return parallel.blas_threads_for_models()
    return parallel.one_blas_thread()


def solver_update(rule):
    """``update(name, w, dw, config)`` as the Solver applies ``rule``: through
    cs231n.chunked_rule (large parameters in cache-sized chunks on the worker threads once the
    rule proved elementwise), or the rule itself in an older checkout that has no such module."""
    try:
        from cs231n.chunked_rule import ChunkedRule
    except ImportError:
        return lambda name, w, dw, config: rule(w, dw, config)
    return ChunkedRule(rule).update


def our_train_step(X, y, solver_way=True):
    """One step of our ThreeLayerConvNet, the Adam update applied as the Solver applies it.
    ``solver_way``: model.loss inside the BLAS limit the Solver sets around it, else called
    directly with whatever BLAS threads the caller has (so the two rows differ only there)."""
    np.random.seed(0)
    model = ThreeLayerConvNet(
        num_filters=TRAIN["filters"],
        filter_size=TRAIN["filter_size"],
        hidden_dim=TRAIN["hidden_dim"],
        reg=TRAIN["reg"],
        weight_scale=1e-3,
        dtype=np.float32,
    )
    configs = {name: {"learning_rate": 1e-3} for name in model.params}
    update = solver_update(cs231n_optim.adam)

    def run():
        start = time.perf_counter()
        with solver_blas_threads() if solver_way else contextlib.nullcontext():
            _, grads = model.loss(X, y)
        middle = time.perf_counter()
        for name, value in model.params.items():
            model.params[name], configs[name] = update(name, value, grads[name], configs[name])
        return middle - start, time.perf_counter() - middle

    return run


def torch_train_step(X, y):
    torch.manual_seed(0)
    F, fs, hidden = TRAIN["filters"], TRAIN["filter_size"], TRAIN["hidden_dim"]
    net = torch.nn.Sequential(
        torch.nn.Conv2d(3, F, fs, padding=(fs - 1) // 2),
        torch.nn.ReLU(),
        torch.nn.MaxPool2d(2),
        torch.nn.Flatten(),
        torch.nn.Linear(F * 16 * 16, hidden),
        torch.nn.ReLU(),
        torch.nn.Linear(hidden, 10),
    )
    weights = [net[0].weight, net[4].weight, net[6].weight]
    optimizer = torch.optim.Adam(net.parameters(), lr=1e-3)
    tX, ty = torch.tensor(X), torch.tensor(y, dtype=torch.long)

    def run():
        start = time.perf_counter()
        optimizer.zero_grad()
        loss = torch_functional.cross_entropy(net(tX), ty)
        loss = loss + 0.5 * TRAIN["reg"] * sum((weight**2).sum() for weight in weights)
        loss.backward()
        middle = time.perf_counter()
        optimizer.step()
        return middle - start, time.perf_counter() - middle

    return run


def bench_train_step(args):
    """Summary entries for the step as the Solver runs it and with model.loss called directly."""
    rng = np.random.default_rng(2)
    X = rng.standard_normal((TRAIN["batch"], 3, 32, 32)).astype(np.float32)
    y = rng.integers(0, 10, TRAIN["batch"])
    runs = {
        "ours (Solver's way)": our_train_step(X, y),
        "ours (direct call)": our_train_step(X, y, solver_way=False),
    }
    if torch is not None:
        runs["torch"] = torch_train_step(X, y)
    rows = [
        (name, forward, update, forward + update)
        for name, (forward, update) in block_medians(runs, args.repeats).items()
    ]
    label = (
        f"ThreeLayerConvNet training step float32: batch {TRAIN['batch']}, "
        f"hidden {TRAIN['hidden_dim']} (columns: loss+grads ms, Adam update ms)"
    )
    print_table(label, rows, 0)
    torch_rows = [row for row in rows if row[0] == "torch"]
    return [
        ("training step float32", [rows[0], *torch_rows]),
        ("  model.loss called directly", [rows[1], *torch_rows]),
    ]


def set_threads(count):
    """``count`` threads for the fast layers' workers and for torch (BLAS: see run_all's caller).

    The fast layers' worker threads are ``cs231n.parallel.NUM_THREADS``; an older checkout
    (``--root``) may instead have the Cython kernels' own ``im2col_cython.NUM_THREADS``.
    """
    try:
        from cs231n import parallel
    except ImportError:
        parallel = None
    if parallel is not None:
        parallel.NUM_THREADS = count
    if fast_layers.HAVE_CYTHON:
        from cs231n import im2col_cython

        if hasattr(im2col_cython, "NUM_THREADS"):
            im2col_cython.NUM_THREADS = count
    if torch is not None:
        torch.set_num_threads(count)


def blas_threads(threads):
    """BLAS threads of a pass with ``threads`` threads: ``threads`` where the package lets BLAS
    helpers sleep when idle (cs231n.parallel.BLAS_HELPERS_SLEEP) or leaves BLAS alone (an older
    checkout, ``--root``); one thread where it sets one BLAS thread for the process instead."""
    try:
        from cs231n import parallel
    except ImportError:
        return threads
    if getattr(parallel, "BLAS_HELPERS_SLEEP", False):
        return threads
    return 1 if hasattr(parallel, "limit_blas_threads_of_the_process") else threads


def run_all(args, threads):
    summary = []
    for dtype_name in args.dtypes.split(","):
        dtype = np.dtype(dtype_name)
        for name, x_shape, w_shape, stride, pad in CONV_SHAPES:
            if name not in args.shapes.split(","):
                continue
            rng = np.random.default_rng(1)
            x = rng.standard_normal(x_shape).astype(dtype)
            w = (rng.standard_normal(w_shape) * 0.1).astype(dtype)
            b = rng.standard_normal(w_shape[0]).astype(dtype)
            conv_param = {"stride": stride, "pad": pad}
            naive_batch = (QUICK_NAIVE_BATCH if args.quick else NAIVE_BATCH)[name]
            label = f"{name} {dtype_name}: x {x_shape}, w {w_shape}, stride {stride}, pad {pad}"
            rows = bench_layer("conv", label, x, (w, b, conv_param), args, naive_batch)
            summary.append((f"{name} {dtype_name}", rows))

            pooled_input = np.maximum(fast_layers.conv_forward_fast(x, w, b, conv_param)[0], 0)
            label = f"pool after {name} {dtype_name}: x {pooled_input.shape}, 2x2 stride 2"
            rows = bench_layer("pool", label, pooled_input, POOL_PARAM, args, len(x))
            summary.append((f"pool after {name} {dtype_name}", rows))
    if not args.no_train:
        summary.extend(bench_train_step(args))
    return summary


def main():
    args = ARGS
    args.repeats = args.repeats or (3 if args.quick else 11)
    args.naive_repeats = 1 if args.quick else 3
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    thread_counts = [int(t) for t in (args.threads or f"{cores},1").split(",")]

    print("\n".join(machine_info()))
    print(f"repeats: {args.repeats} (naive: {args.naive_repeats}); times are medians")
    summaries = {}
    for threads in thread_counts:
        blas = blas_threads(threads)
        print(
            f"\n=========== {threads} thread(s) for the fast layers' workers and torch, "
            f"{blas} for BLAS ==========="
        )
        set_threads(threads)
        with threadpool_limits(limits=blas, user_api="blas"):
            summaries[threads] = run_all(args, threads)

    print(f"\nsummary: ours / torch, total forward + backward time (CPU: {cpu_name()})")
    print("\n".join(summary_lines(summaries, thread_counts)))
    print(f"{load_average()} at the end of the run")


def summary_lines(summaries, thread_counts):
    """One line per row: our time and ours / torch at each thread count, then how many times
    faster our row ran at the first thread count than at the last one (2 threads vs 1)."""

    def totals(threads, index):
        return {name.split(" ")[0]: total for name, _, _, total in summaries[threads][index][1]}

    def ours(row_totals):
        return row_totals.get("cython", row_totals.get("ours", row_totals.get("numpy")))

    header = "".join(f"{f'{t} thr ms':>10}{'/ torch':>9}" for t in thread_counts)
    speedup = len(thread_counts) > 1
    lines = [f"  {'row':<30}{header}" + (f"{'speedup':>9}" if speedup else "")]
    for index, (label, _) in enumerate(summaries[thread_counts[0]]):
        cells = []
        for threads in thread_counts:
            row_totals = totals(threads, index)
            ratio = ours(row_totals) / row_totals["torch"] if "torch" in row_totals else None
            cells.append(
                f"{ours(row_totals) * 1e3:10.1f}" + (f"{ratio:9.2f}" if ratio else "-".rjust(9))
            )
        if speedup:
            first, last = (ours(totals(t, index)) for t in (thread_counts[0], thread_counts[-1]))
            cells.append(f"{last / first:8.2f}x")
        lines.append(f"  {label:<30}{''.join(cells)}")
        first = totals(thread_counts[0], index)
        for key, name in (("im2col", "(Winograd off)"), ("numpy", "(numpy fallback)")):
            if key in first and "torch" in first and "cython" in first:
                lines.append(
                    f"  {'  ' + name:<30}{first[key] * 1e3:10.1f}{first[key] / first['torch']:9.2f}"
                )
    return lines


if __name__ == "__main__":
    main()
