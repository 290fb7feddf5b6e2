"""Time the naive, NumPy-fallback, Cython and (if installed) PyTorch conv and max-pool layers.

Run from the project root:

    python benchmarks/bench_layers.py            # full run, a few minutes
    python benchmarks/bench_layers.py --quick    # fewer repetitions, smaller naive sub-batches

Every implementation runs forward then backward on the same data, in this one process. The
table shows median times over the repetitions, GFLOP/s of a convolution's forward + backward
(3 x 2*N*F*H_out*W_out*C*HH*WW floating point operations), and two ratios: how many times faster
than naive the row is ("x naive") and the row's time divided by PyTorch's ("/ torch", lower is
better, 1.0 = as fast as PyTorch). The naive layers are far too slow for the whole batch on the
big shapes: they run on a sub-batch of the first samples and their time is scaled up linearly in
N (the naive loops are linear in N); those rows are marked with '*'.
"""

import argparse
import os
import platform
import sys
import time
from pathlib import Path


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="fewer repetitions, smaller naive sub-batches"
    )
    parser.add_argument(
        "--repeats",
        type=int,
        default=None,
        help="repetitions of the fast rows (default 11, quick 3)",
    )
    parser.add_argument("--no-naive", action="store_true", help="skip the naive layers")
    parser.add_argument("--dtypes", default="float32,float64", help="comma-separated, e.g. float32")
    parser.add_argument(
        "--shapes", default="conv1,conv2,conv3", help="comma-separated subset of conv1,conv2,conv3"
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=None,
        help="threads for BLAS, the Cython kernels and torch (default: all cores)",
    )
    return parser.parse_args()


ARGS = parse_args() if __name__ == "__main__" else None
if ARGS is not None and ARGS.threads:
    # BLAS reads these when NumPy is imported, so set them first.
    for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[variable] = str(ARGS.threads)

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cs231n import fast_layers  # noqa: E402
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


def median_times(run, repeats):
    """Median forward and backward seconds; ``run()`` returns (forward_s, backward_s)."""
    run()  # warm-up: allocations, thread pools, lazy initialisation
    samples = np.array([run() for _ in range(repeats)])
    return np.median(samples[:, 0]), np.median(samples[:, 1])


def timed_pair(forward, backward):
    start = time.perf_counter()
    result = forward()
    middle = time.perf_counter()
    backward(result)
    return middle - start, time.perf_counter() - middle


def ours(forward, backward, inputs, dout, param, use_cython):
    fast_layers.USE_CYTHON = use_cython

    def run():
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
            lambda: torch_functional.max_pool2d(tx, 2, 2), lambda out: out.backward(tdout)
        )

    return run


def machine_info():
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor() or "unknown"
    blas = "unknown"
    try:
        blas_info = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        blas = f"{blas_info.get('name')} {blas_info.get('version')}"
    except Exception:  # the config layout differs between numpy versions
        pass
    lines = [
        f"cores (nproc): {os.cpu_count()}, CPU: {model}",
        f"python {platform.python_version()}, numpy {np.__version__} (BLAS {blas}), "
        f"torch {torch.__version__ if torch else 'not installed'}"
        + (f" ({torch.get_num_threads()} threads)" if torch else ""),
        f"Cython extension built: {fast_layers.HAVE_CYTHON}; "
        f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', '(unset)')}; "
        f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}",
    ]
    return lines


def print_table(title, rows, flops):
    print(f"\n{title}")
    print(
        f"  {'implementation':<22}{'forward ms':>12}{'backward ms':>13}{'total ms':>11}"
        f"{'GFLOP/s':>9}{'x naive':>9}{'/ torch':>9}"
    )
    naive_total = next((total for name, _, _, total in rows if name.startswith("naive")), None)
    torch_total = next((total for name, _, _, total in rows if name.startswith("torch")), None)
    for name, forward, backward, total in rows:
        gflops = f"{flops / total / 1e9:9.1f}" if flops else f"{'-':>9}"
        speedup = f"{naive_total / total:9.1f}" if naive_total else f"{'-':>9}"
        vs_torch = f"{total / torch_total:9.2f}" if torch_total else f"{'-':>9}"
        print(
            f"  {name:<22}{forward * 1e3:12.2f}{backward * 1e3:13.2f}{total * 1e3:11.2f}"
            f"{gflops}{speedup}{vs_torch}"
        )


def bench_layer(kind, label, x, params, dtype, args, naive_batch):
    """Time one layer (conv: params = (w, b, conv_param); pool: params = pool_param)."""
    rng = np.random.default_rng(0)
    if kind == "conv":
        w, b, conv_param = params
        out_shape = fast_layers.conv_forward_fast(x[:1], w, b, conv_param)[0].shape[1:]
        fast_fwd, fast_bwd = fast_layers.conv_forward_fast, fast_layers.conv_backward_fast
        naive_fwd, naive_bwd = conv_forward_naive, conv_backward_naive
        extra, param = (w, b), conv_param
        F, C, HH, WW = w.shape
        flops = 3 * 2 * x.shape[0] * out_shape[0] * out_shape[1] * out_shape[2] * C * HH * WW
    else:
        out_shape = fast_layers.max_pool_forward_fast(x[:1], params)[0].shape[1:]
        fast_fwd, fast_bwd = fast_layers.max_pool_forward_fast, fast_layers.max_pool_backward_fast
        naive_fwd, naive_bwd = max_pool_forward_naive, max_pool_backward_naive
        extra, param, flops = (), params, 0
    N = x.shape[0]
    dout = rng.standard_normal((N, *out_shape)).astype(dtype)

    rows = []
    if not args.no_naive:
        n = min(N, naive_batch)
        forward, backward = median_times(
            ours(naive_fwd, naive_bwd, (x[:n], *extra), dout[:n], param, False), args.naive_repeats
        )
        scale = N / n
        name = "naive" + (f" (N={n}, x{scale:g})*" if n < N else "")
        rows.append((name, forward * scale, backward * scale, (forward + backward) * scale))
    fallback = median_times(ours(fast_fwd, fast_bwd, (x, *extra), dout, param, False), args.repeats)
    rows.append(("numpy fallback", *fallback, sum(fallback)))
    if fast_layers.HAVE_CYTHON:
        fast = median_times(ours(fast_fwd, fast_bwd, (x, *extra), dout, param, True), args.repeats)
        rows.append(("cython fast", *fast, sum(fast)))
    if torch is not None:
        if kind == "conv":
            run = torch_conv(x, w, b, dout, conv_param["stride"], conv_param["pad"])
        else:
            run = torch_pool(x, dout)
        timing = median_times(run, args.repeats)
        rows.append(("torch (autograd)", *timing, sum(timing)))
    fast_layers.USE_CYTHON = fast_layers.HAVE_CYTHON
    print_table(label, rows, flops)
    return rows


def main():
    args = ARGS
    args.repeats = args.repeats or (3 if args.quick else 11)
    args.naive_repeats = 1 if args.quick else 3
    if args.threads:
        if fast_layers.HAVE_CYTHON:
            from cs231n import im2col_cython

            im2col_cython.NUM_THREADS = args.threads
        if torch is not None:
            torch.set_num_threads(args.threads)

    print("\n".join(machine_info()))
    print(f"repeats: {args.repeats} (naive: {args.naive_repeats}); times are medians")
    wanted = set(args.shapes.split(","))
    summary = []
    for dtype_name in args.dtypes.split(","):
        dtype = np.dtype(dtype_name)
        for name, x_shape, w_shape, stride, pad in CONV_SHAPES:
            if name not in wanted:
                continue
            rng = np.random.default_rng(1)
            x = rng.standard_normal(x_shape).astype(dtype)
            w = (rng.standard_normal(w_shape) * 0.1).astype(dtype)
            b = rng.standard_normal(w_shape[0]).astype(dtype)
            conv_param = {"stride": stride, "pad": pad}
            # The naive conv loops over N * F * H_out * W_out windows in Python.
            naive_batch = (
                {"conv1": 10, "conv2": 2, "conv3": 1}[name]
                if args.quick
                else {"conv1": 25, "conv2": 5, "conv3": 2}[name]
            )
            label = f"{name} {dtype_name}: x {x_shape}, w {w_shape}, stride {stride}, pad {pad}"
            rows = bench_layer("conv", label, x, (w, b, conv_param), dtype, args, naive_batch)
            summary.append((label.split(":")[0], rows))

            pooled_input = np.maximum(fast_layers.conv_forward_fast(x, w, b, conv_param)[0], 0)
            label = f"pool after {name} {dtype_name}: x {pooled_input.shape}, 2x2 stride 2"
            rows = bench_layer(
                "pool", label, pooled_input, POOL_PARAM, dtype, args, naive_batch=len(x)
            )
            summary.append((label.split(":")[0], rows))

    print("\nsummary: cython fast vs naive and vs torch (total forward + backward time)")
    for label, rows in summary:
        totals = {name.split(" ")[0]: total for name, _, _, total in rows}
        parts = []
        if "naive" in totals and "cython" in totals:
            parts.append(f"{totals['naive'] / totals['cython']:8.1f}x faster than naive")
        if "torch" in totals and "cython" in totals:
            parts.append(f"{totals['cython'] / totals['torch']:5.2f}x torch's time")
        print(f"  {label:<30}" + ", ".join(parts))


if __name__ == "__main__":
    main()
