"""The gradient-check utilities themselves, on functions with known derivatives."""

import numpy as np
import pytest

from cs231n.gradient_check import (
    eval_numerical_gradient,
    eval_numerical_gradient_array,
    grad_check_sparse,
    gradient_errors,
    numeric_gradients,
    rel_error,
)


def test_rel_error():
    assert rel_error(np.array([1.0, 2.0]), np.array([1.0, 2.0])) == 0
    assert rel_error(np.array([1.0]), np.array([3.0])) == pytest.approx(0.5)
    with pytest.raises(ValueError, match="shapes differ"):
        rel_error(np.zeros(2), np.zeros(3))


def test_numeric_gradient_of_a_scalar_function():
    x = np.random.randn(3, 4)
    x_before = x.copy()
    grad = eval_numerical_gradient(lambda x: np.sum(x**3), x, verbose=False)
    assert rel_error(grad, 3 * x_before**2) < 1e-8
    assert np.array_equal(x, x_before)  # x is restored


def test_numeric_gradient_of_an_array_function():
    x, A = np.random.randn(4, 3), np.random.randn(3, 5)
    df = np.random.randn(4, 5)
    grad = eval_numerical_gradient_array(lambda x: np.sin(x) @ A, x, df)
    assert rel_error(grad, np.cos(x) * (df @ A.T)) < 1e-8


def test_numeric_gradient_copes_with_functions_returning_their_input():
    x, df = np.random.randn(5), np.random.randn(5)
    assert rel_error(eval_numerical_gradient_array(lambda x: x, x, df), df) < 1e-9


def test_grad_check_sparse_reports_errors(capsys):
    x = np.random.randn(10)
    errors = grad_check_sparse(lambda x: np.sum(x**2), x, 2 * x, num_checks=5, seed=0)
    assert len(errors) == 5 and max(errors) < 1e-8
    assert capsys.readouterr().out.count("relative error") == 5
    wrong = grad_check_sparse(lambda x: np.sum(x**2), x, 3 * x, num_checks=3, seed=0)
    assert min(wrong) > 0.1


def test_numeric_gradients_of_a_layer_leave_its_inputs_alone():
    x, w = np.random.randn(3, 4), np.random.randn(4, 2)
    dout = np.random.randn(3, 2)
    before = x.copy(), w.copy()
    dx, dw = numeric_gradients(lambda x, w: (x @ w, None), [x, w], dout)
    assert rel_error(dx, dout @ w.T) < 1e-8 and rel_error(dw, x.T @ dout) < 1e-8
    assert np.array_equal(x, before[0]) and np.array_equal(w, before[1])
    (only_w,) = numeric_gradients(lambda x, w: (x @ w, None), [x, w], dout, wrt=[1])
    assert np.array_equal(only_w, dw)


def square_forward(x, scale):
    return scale * x**2, (x, scale)


def test_gradient_errors_are_small_for_a_right_backward_and_large_for_a_wrong_one():
    x = np.random.randn(4, 3)
    right = gradient_errors(square_forward, lambda d, c: 2 * c[1] * c[0] * d, [x], params=(3.0,))
    wrong = gradient_errors(square_forward, lambda d, c: c[1] * c[0] * d, [x], params=(3.0,))
    assert len(right) == 1 and right[0] < 1e-9
    assert wrong[0] > 0.1


def test_gradient_errors_reject_a_backward_with_the_wrong_number_of_gradients():
    x = np.random.randn(2, 2)
    with pytest.raises(ValueError, match="returned 2 gradients for 1 inputs"):
        gradient_errors(square_forward, lambda d, c: (d, d), [x], params=(1.0,))
