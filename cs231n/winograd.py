"""3x3 stride-1 convolutions with Winograd's minimal filtering F(2x2, 3x3) (provided code).

Lavin & Gray, "Fast Algorithms for Convolutional Neural Networks" (2016): split the output into
2x2 tiles; each tile needs the 4x4 input patch d around it, and

    y = A^T [ (G g G^T) * (B^T d B) ] A        (* elementwise, summed over input channels)

gives its 4 outputs with 16 multiplications per channel instead of 36. Over a batch, the 16
elementwise products become 16 matrix products ``M[xi] = U[xi] @ V[xi]`` of the transformed
filters U (F, C) with the transformed patches V (C, tiles), 2.25 times fewer operations than the
im2col products. The backward pass is the adjoint of each linear step:

    dM = A dy A^T per tile;  dU[xi] = dM[xi] @ V[xi]^T,  dw = G^T dU G;
    dV[xi] = U[xi]^T @ dM[xi],  dx = sum over tiles of B dV B^T at each patch.

The tile transforms are compiled kernels of ``cs231n.im2col_cython``; this module is used by
``cs231n.fast_layers`` for 3x3, stride-1 convolutions when the extension is built. As in the
im2col layers, the batch is split over the worker threads of ``cs231n.parallel`` and each thread
works through blocks of samples whose tile planes stay in the CPU's cache.
"""

import numpy as np

from . import parallel

try:
    from .im2col_cython import (
        winograd_outputs_adjoint_cython,
        winograd_outputs_cython,
        winograd_tiles_adjoint_cython,
        winograd_tiles_cython,
    )
except ImportError:  # cs231n.fast_layers then uses its other paths
    pass

# G of F(2x2, 3x3): U = G g G^T turns a 3x3 filter into the 4x4 tile domain.
G = np.array([[1.0, 0.0, 0.0], [0.5, 0.5, 0.5], [0.5, -0.5, 0.5], [0.0, 0.0, 1.0]])
# Bytes of tile planes (V and M) per block of samples.
BLOCK_BYTES = 1 << 20


def applies(w_shape, conv_param):
    """Whether filters of ``w_shape`` with ``conv_param`` make a 3x3 stride-1 convolution."""
    return tuple(w_shape[2:]) == (3, 3) and conv_param["stride"] == 1


def _tile_counts(H_out, W_out):
    return (H_out + 1) // 2, (W_out + 1) // 2


def _filters(w, dtype):
    """U (16, F, C): the filters in the tile domain, plane 4a + b holding (G g G^T)[a, b]."""
    F, C = w.shape[:2]
    return np.einsum("ai,fcij,bj->abfc", G, w, G).reshape(16, F, C).astype(dtype)


def _samples_per_block(channels, tiles, itemsize):
    return max(1, BLOCK_BYTES // (16 * channels * tiles * itemsize))


def forward(images, w, b, pad, out):
    """Write the convolution of ``images`` (N, C, H, W) with ``w`` (F, C, 3, 3), bias ``b`` (F,),
    zero padding ``pad`` and stride 1 into ``out`` (N, F, H_out, W_out); all of one float dtype,
    C-contiguous."""
    N, C = images.shape[:2]
    F, H_out, W_out = out.shape[1:]
    T_h, T_w = _tile_counts(H_out, W_out)
    tiles = T_h * T_w
    U = _filters(w, images.dtype)
    bias = np.ascontiguousarray(b, dtype=images.dtype)
    samples = _samples_per_block(max(C, F), tiles, images.itemsize)

    def work(start, stop):
        for n0 in range(start, stop, samples):
            n1 = min(n0 + samples, stop)
            V = np.empty((16, C, (n1 - n0) * tiles), dtype=images.dtype)
            winograd_tiles_cython(images, V, pad, n0, n1)
            winograd_outputs_cython(np.matmul(U, V), bias, out, n0, n1)

    parallel.run_split(work, N, parallel.thread_count(N, N * C * 9 * H_out * W_out))
    return out


def backward(images, w, dout, pad, dx):
    """Write the input gradient into ``dx`` (N, C, H, W) and return ``dw`` (F, C, 3, 3) of the
    convolution in :func:`forward`, for the upstream gradient ``dout`` (N, F, H_out, W_out)."""
    N, C = images.shape[:2]
    F, H_out, W_out = dout.shape[1:]
    T_h, T_w = _tile_counts(H_out, W_out)
    tiles = T_h * T_w
    U_t = _filters(w, images.dtype).transpose(0, 2, 1)
    samples = _samples_per_block(max(C, F), tiles, images.itemsize)

    def work(start, stop):
        dU = np.zeros((16, F, C), dtype=images.dtype)
        for n0 in range(start, stop, samples):
            n1 = min(n0 + samples, stop)
            V = np.empty((16, C, (n1 - n0) * tiles), dtype=images.dtype)
            dM = np.empty((16, F, (n1 - n0) * tiles), dtype=images.dtype)
            winograd_tiles_cython(images, V, pad, n0, n1)
            winograd_outputs_adjoint_cython(dout, dM, n0, n1)
            dU += np.matmul(dM, V.transpose(0, 2, 1))
            winograd_tiles_adjoint_cython(np.matmul(U_t, dM), dx, pad, n0, n1)
        return dU

    threads = parallel.thread_count(N, N * C * 9 * H_out * W_out)
    dU = sum(parallel.run_split(work, N, threads)).reshape(4, 4, F, C)
    return np.einsum("ai,abfc,bj->fcij", G, dU, G).astype(images.dtype)
