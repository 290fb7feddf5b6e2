"""Helpers for checking a layer's backward pass against numeric gradients (float64)."""
import numpy as np

from cs231n.gradient_check import eval_numerical_gradient_array, rel_error


def numeric_grads(forward, inputs, dout, h=1e-5):
    """Numeric gradient of ``sum(forward(*inputs) * dout)`` with respect to every input.

    ``forward`` returns the layer output (not the cache). Inputs are perturbed in place.
    """
    grads = []
    for i, x in enumerate(inputs):
        def f(_, i=i):
            return forward(*inputs)
        grads.append(eval_numerical_gradient_array(f, x, dout, h=h))
    return grads


def assert_backward_matches(forward, backward, inputs, params=(), tol=1e-7, seed=0, h=1e-5,
                            zero_grads=()):
    """Check ``backward`` of a layer ``forward(*inputs, *params) -> (out, cache)`` numerically.

    ``backward(dout, cache)`` must return the gradients of ``inputs`` in order (a single array or
    a tuple). Inputs whose index is in ``zero_grads`` have a gradient of exactly zero in theory
    (a bias right before batch norm); both gradients must then be ~0, since a relative error
    between two rounding errors means nothing. Returns the list of relative errors.
    """
    rng = np.random.default_rng(seed)
    out, cache = forward(*inputs, *params)
    dout = rng.standard_normal(out.shape)
    analytic = backward(dout, cache)
    analytic = analytic if isinstance(analytic, tuple) else (analytic,)
    numeric = numeric_grads(lambda *xs: forward(*xs, *params)[0], inputs, dout, h=h)
    errors = []
    for k, (a, n) in enumerate(zip(analytic, numeric)):
        assert a.shape == n.shape, f"gradient {k}: shape {a.shape} != {n.shape}"
        if k in zero_grads:
            assert np.abs(a).max() < 1e-10 and np.abs(n).max() < 1e-8, f"gradient {k} is not 0"
            continue
        errors.append(rel_error(a, n))
    assert max(errors) < tol, f"relative errors {errors} exceed {tol}"
    return errors
