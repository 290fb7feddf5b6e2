"""The go-further network of notebook 4: gradients, augmentation and its training loop."""

import numpy as np
import pytest

from cs231n.classifiers.go_further import DeepConvNet, augment_batch, train
from cs231n.gradient_check import eval_numerical_gradient

pytestmark = pytest.mark.convolutional


def test_deep_conv_net_gradients_match_numeric():
    model = DeepConvNet(
        input_dim=(3, 8, 8), channels=(3, 4), hidden_dim=6, reg=0.1, dtype=np.float64, seed=1
    )
    rng = np.random.default_rng(2)
    X, y = rng.standard_normal((4, 3, 8, 8)), rng.integers(0, 10, 4)
    loss, grads = model.loss(X, y)
    assert np.isfinite(loss) and set(grads) == set(model.params)
    for name in sorted(model.params):
        numeric = eval_numerical_gradient(
            lambda _: model.loss(X, y)[0], model.params[name], verbose=False, h=1e-6
        )
        # A conv bias just before batchnorm has no effect on the loss: its gradient is ~0.
        scale = max(np.abs(numeric).max(), np.abs(grads[name]).max(), 1e-3)
        assert np.abs(numeric - grads[name]).max() / scale < 1e-6, name


def test_deep_conv_net_scores_in_test_mode_and_rejects_bad_input_dim():
    model = DeepConvNet(input_dim=(3, 8, 8), channels=(2, 2), hidden_dim=4, seed=0)
    X = np.random.default_rng(0).standard_normal((5, 3, 8, 8))
    model.loss(X, np.zeros(5, dtype=int))
    scores = model.loss(X)
    assert scores.shape == (5, 10) and scores.dtype == np.float32
    assert all(bn_param["mode"] == "test" for bn_param in model.bn_params)
    with pytest.raises(ValueError, match="divisible"):
        DeepConvNet(input_dim=(3, 6, 6), channels=(2, 2))


def test_augment_batch_shifts_and_flips_each_image():
    X = np.arange(3 * 2 * 5 * 5, dtype=np.float32).reshape(3, 2, 5, 5) + 1
    out = augment_batch(X, np.random.default_rng(0), shift=2)
    assert out.shape == X.shape and out.dtype == X.dtype
    padded = np.pad(X, ((0, 0), (0, 0), (2, 2), (2, 2)))
    for n in range(3):
        candidates = [
            crop[:, :, ::-1] if flip else crop
            for dy in range(5)
            for dx in range(5)
            for flip in (False, True)
            for crop in [padded[n, :, dy : dy + 5, dx : dx + 5]]
        ]
        assert any(np.array_equal(out[n], candidate) for candidate in candidates), n
    assert np.array_equal(X, np.arange(3 * 2 * 5 * 5).reshape(3, 2, 5, 5) + 1)  # input unchanged


def test_train_records_history_and_lowers_the_loss():
    rng = np.random.default_rng(3)
    X = rng.standard_normal((40, 3, 8, 8)).astype(np.float32)
    y = (X[:, 0].mean(axis=(1, 2)) > 0).astype(int)  # a learnable label
    data = {"X_train": X, "y_train": y, "X_val": X[:20], "y_val": y[:20]}
    model = DeepConvNet(input_dim=(3, 8, 8), channels=(4, 8), hidden_dim=16, seed=0)
    history = train(
        model, data, num_epochs=3, batch_size=10, learning_rate=5e-3, augment=False, print_every=0
    )
    assert len(history["loss"]) == 12
    assert (
        len(history["val_acc"]) == len(history["train_acc"]) == len(history["epoch_seconds"]) == 3
    )
    assert np.mean(history["loss"][-4:]) < np.mean(history["loss"][:4])
