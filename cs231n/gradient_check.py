"""Numeric gradients by centred differences, for checking analytic backward passes (provided).

    df/dx_i ~ (f(x + h e_i) - f(x - h e_i)) / (2 h)

The error of this estimate is O(h^2), so with float64 and h ~ 1e-5 a correct analytic gradient
usually agrees to a relative error below 1e-7 (kinks such as ReLU at 0 can make it worse).
"""

import numpy as np


def rel_error(x, y):
    """Largest elementwise relative error ``|x - y| / max(1e-8, |x| + |y|)``."""
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if x.shape != y.shape:
        raise ValueError(f"rel_error: shapes differ: {x.shape} vs {y.shape}")
    return float(np.max(np.abs(x - y) / np.maximum(1e-8, np.abs(x) + np.abs(y))))


def _f_around(f, x, ix, h):
    """``(f(x + h e_ix), f(x - h e_ix))`` as float64 copies; x is perturbed in place, then
    restored."""
    old_value = x[ix]
    x[ix] = old_value + h
    f_plus = np.array(f(x), dtype=np.float64)
    x[ix] = old_value - h
    f_minus = np.array(f(x), dtype=np.float64)
    x[ix] = old_value
    return f_plus, f_minus


def _indices(x):
    return np.ndindex(*np.shape(x))


def eval_numerical_gradient(f, x, verbose=True, h=1e-5):
    """Numeric gradient of a scalar function ``f`` at ``x``.

    Parameters
    ----------
    f : callable taking x and returning a float
    x : ndarray, perturbed in place one element at a time and restored
    verbose : bool, print each element's gradient
    h : float, step size

    Returns
    -------
    grad : ndarray of float64, shape of x
    """
    grad = eval_numerical_gradient_array(f, x, 1.0, h=h)  # a scalar's upstream gradient is 1
    if verbose:
        for ix in _indices(x):
            print(ix, grad[ix])
    return grad


def eval_numerical_gradient_array(f, x, df, h=1e-5):
    """Numeric gradient of ``sum(f(x) * df)``: the backward pass of an array-valued ``f``.

    Parameters
    ----------
    f : callable taking x and returning an array shaped like ``df``
    x : ndarray, perturbed in place and restored
    df : ndarray, the upstream gradient
    h : float

    Returns
    -------
    grad : ndarray of float64, shape of x
    """
    grad = np.zeros(np.shape(x), dtype=np.float64)
    for ix in _indices(x):
        f_plus, f_minus = _f_around(f, x, ix, h)
        grad[ix] = np.sum((f_plus - f_minus) * df) / (2 * h)
    return grad


def numeric_gradients(forward, inputs, dout, wrt=None, h=1e-5):
    """Numeric gradients of a layer: of ``sum(forward(*inputs)[0] * dout)`` for each input.

    Parameters
    ----------
    forward : callable, ``forward(*inputs) -> (out, cache)``
    inputs : list of the layer's arguments; those in ``wrt`` must be float arrays
    dout : ndarray, upstream gradient, shape of ``out``
    wrt : indices of the inputs to differentiate (default: all)
    h : float

    Returns
    -------
    grads : list of float64 ndarrays, one per index of ``wrt``, each shaped like its input.
        The inputs are not modified (copies are perturbed).
    """
    wrt = range(len(inputs)) if wrt is None else wrt
    grads = []
    for index in wrt:

        def f(value, index=index):
            args = list(inputs)
            args[index] = value
            return forward(*args)[0]

        grads.append(eval_numerical_gradient_array(f, np.array(inputs[index]), dout, h=h))
    return grads


def gradient_errors(forward, backward, inputs, params=(), seed=0, h=1e-5, zero_grads=()):
    """Check a layer's backward pass against numeric gradients, with a random upstream gradient.

    Parameters
    ----------
    forward : callable, ``forward(*inputs, *params) -> (out, cache)``
    backward : callable, ``backward(dout, cache)``: the gradient of every input, in order (a
        tuple, or one array when there is one input)
    inputs : list of float arrays, the arguments to differentiate
    params : further arguments of ``forward``, not differentiated (e.g. ``conv_param``)
    seed : int, seed of the standard normal ``dout``
    zero_grads : indices of inputs whose gradient is exactly zero in theory (a bias right before
        batch norm). A relative error between two rounding errors means nothing: for these the
        error reported is the larger absolute entry of either gradient instead.

    Returns
    -------
    errors : list of float, one per input: `rel_error` of analytic and numeric gradients

    Raises
    ------
    ValueError
        If ``backward`` does not return one gradient per input, shaped like that input.
    """
    out, cache = forward(*inputs, *params)
    dout = np.random.default_rng(seed).standard_normal(np.shape(out))
    analytic = backward(dout, cache)
    analytic = analytic if isinstance(analytic, tuple) else (analytic,)
    if len(analytic) != len(inputs):
        raise ValueError(f"backward returned {len(analytic)} gradients for {len(inputs)} inputs")
    numeric = numeric_gradients(lambda *xs: forward(*xs, *params), inputs, dout, h=h)
    errors = []
    for index, (a, n) in enumerate(zip(analytic, numeric)):
        if np.shape(a) != n.shape:
            raise ValueError(f"gradient {index} has shape {np.shape(a)}, its input {n.shape}")
        if index in zero_grads:
            errors.append(float(max(np.abs(a).max(), np.abs(n).max())))
        else:
            errors.append(rel_error(a, n))
    return errors


def grad_check_sparse(f, x, analytic_grad, num_checks=10, h=1e-5, seed=None):
    """Compare ``analytic_grad`` with numeric gradients at ``num_checks`` random elements of x.

    Prints one line per element and returns the list of relative errors.
    """
    rng = np.random.default_rng(seed)
    errors = []
    for _ in range(num_checks):
        ix = tuple(int(rng.integers(dim)) for dim in np.shape(x))
        f_plus, f_minus = _f_around(f, x, ix, h)
        numeric = float((f_plus - f_minus) / (2 * h))
        analytic = float(analytic_grad[ix])
        error = abs(numeric - analytic) / max(1e-12, abs(numeric) + abs(analytic))
        errors.append(error)
        print(f"numerical: {numeric:f} analytic: {analytic:f}, relative error: {error:e}")
    return errors


def eval_numerical_gradient_blobs(f, inputs, output, h=1e-5):
    """Numeric gradients for functions on "blobs" (the course's older layer interface).

    A blob is any object with arrays ``vals`` and ``diffs``. ``f(*inputs, output)`` reads the
    inputs' ``vals`` and writes ``output.vals``; ``output.diffs`` is the upstream gradient.

    Parameters
    ----------
    f : callable ``f(*inputs, output)``
    inputs : tuple of blobs; each one's ``vals`` is perturbed in place and restored
    output : blob
    h : float

    Returns
    -------
    list of ndarray (float64), the gradient for each input blob, shaped like its ``vals``
    """

    def output_vals(_):
        f(*inputs, output)
        return output.vals

    return [
        eval_numerical_gradient_array(output_vals, blob.vals, output.diffs, h=h) for blob in inputs
    ]


def eval_numerical_gradient_net(net, inputs, output, h=1e-5):
    """:func:`eval_numerical_gradient_blobs` for a net whose ``forward()`` maps inputs to output."""
    return eval_numerical_gradient_blobs(lambda *blobs: net.forward(), inputs, output, h=h)
