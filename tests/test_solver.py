"""Solver: overfitting, learning-rate decay, histories, checkpoints, divergence, bad arguments."""

import os
import pickle

import numpy as np
import pytest

from cs231n.checkpoint import load_checkpoint, save_checkpoint
from cs231n.classifiers import FullyConnectedNet
from cs231n.solver import Solver


def toy_data(num_train=50, num_val=20, D=12, C=5):
    rng = np.random.default_rng(0)
    return {
        "X_train": rng.standard_normal((num_train, 3, 2, 2)),
        "y_train": rng.integers(C, size=num_train),
        "X_val": rng.standard_normal((num_val, 3, 2, 2)),
        "y_val": rng.integers(C, size=num_val),
    }


def toy_model(**kwargs):
    return FullyConnectedNet(
        [40, 40], input_dim=12, num_classes=5, weight_scale=1e-1, dtype=np.float64, **kwargs
    )


def test_overfits_50_examples_to_100_percent():
    data = toy_data()
    model = FullyConnectedNet([100, 100], input_dim=12, num_classes=5, weight_scale=1e-1)
    solver = Solver(
        model,
        data,
        update_rule="adam",
        optim_config={"learning_rate": 1e-2},
        num_epochs=20,
        batch_size=25,
        verbose=False,
        seed=0,
    )
    solver.train()
    assert solver.train_acc_history[-1] == 1.0  # measured on all 50 examples
    assert solver.loss_history[-1] < solver.loss_history[0] / 10


def test_histories_have_the_right_lengths_and_lr_decays_per_epoch():
    data = toy_data(num_train=60)
    solver = Solver(
        toy_model(),
        data,
        update_rule="sgd",
        optim_config={"learning_rate": 1e-2},
        lr_decay=0.5,
        num_epochs=3,
        batch_size=20,
        verbose=False,
        seed=0,
    )
    solver.train()
    assert len(solver.loss_history) == 3 * (60 // 20)
    assert len(solver.train_acc_history) == len(solver.val_acc_history) == 3 + 1
    for config in solver.optim_configs.values():
        assert config["learning_rate"] == pytest.approx(1e-2 * 0.5**3)


def test_model_ends_with_the_best_validation_parameters():
    data = toy_data()
    solver = Solver(
        toy_model(), data, update_rule="adam", num_epochs=5, batch_size=10, verbose=False, seed=0
    )
    solver.train()
    assert solver.best_val_acc == max(solver.val_acc_history)
    assert solver.model.params is solver.best_params
    assert solver.check_accuracy(data["X_val"], data["y_val"]) == solver.best_val_acc


def test_prints_progress(capsys):
    solver = Solver(toy_model(), toy_data(), num_epochs=1, batch_size=25, print_every=1, seed=0)
    solver.train()
    printed = capsys.readouterr().out
    assert "(Iteration 1 / 2) loss:" in printed
    assert "(Epoch 1 / 1) train acc:" in printed


def test_invalid_update_rule_names_the_valid_ones():
    with pytest.raises(ValueError, match="'nesterov'.*sgd, sgd_momentum, rmsprop, adam"):
        Solver(toy_model(), toy_data(), update_rule="nesterov")


def test_unknown_keyword_is_rejected():
    with pytest.raises(ValueError, match="Unrecognized arguments learning_rate"):
        Solver(toy_model(), toy_data(), learning_rate=1e-3)


def test_mismatched_data_is_rejected():
    data = toy_data()
    data["y_train"] = data["y_train"][:-1]
    with pytest.raises(ValueError, match="lengths differ"):
        Solver(toy_model(), data)
    with pytest.raises(ValueError, match="missing X_val"):
        Solver(toy_model(), {k: v for k, v in data.items() if k != "X_val"})


@pytest.mark.filterwarnings(
    "ignore:overflow encountered:RuntimeWarning", "ignore:invalid value encountered:RuntimeWarning"
)
def test_divergence_stops_cleanly_and_keeps_the_best_parameters():
    data = toy_data()
    solver = Solver(
        toy_model(),
        data,
        update_rule="sgd",
        optim_config={"learning_rate": 1e9},
        num_epochs=5,
        batch_size=10,
        verbose=False,
        seed=0,
    )
    initial = {k: v.copy() for k, v in solver.model.params.items()}
    with pytest.warns(RuntimeWarning, match="diverged"):
        solver.train()
    assert "diverged" in solver.diverged
    assert len(solver.loss_history) < 5 * 5
    assert not np.isfinite(solver.loss_history[-1])
    for name, value in solver.model.params.items():
        assert np.all(np.isfinite(value))
    # No accuracy check ran after the first (finite) steps blew up, or the best one is kept.
    if solver.best_val_acc == 0:
        for name in initial:
            assert np.array_equal(solver.model.params[name], initial[name])


def test_checkpoint_resume_continues_identically(tmp_path):
    data = toy_data()
    settings = dict(
        update_rule="adam",
        optim_config={"learning_rate": 1e-3},
        lr_decay=0.9,
        num_epochs=4,
        batch_size=10,
        verbose=False,
        seed=7,
    )

    np.random.seed(0)
    straight = Solver(toy_model(normalization="batchnorm"), data, **settings)
    straight.train()

    np.random.seed(0)
    first_half = Solver(
        toy_model(normalization="batchnorm"),
        data,
        checkpoint_name=str(tmp_path / "run"),
        **settings,
    )
    first_half.num_epochs = 2
    first_half.train()
    assert os.path.exists(tmp_path / "run_epoch_2.npz")

    np.random.seed(0)
    resumed = Solver(toy_model(normalization="batchnorm"), data, **settings)
    resumed.load_checkpoint(tmp_path / "run_epoch_2.npz")
    resumed.train()

    assert resumed.loss_history == straight.loss_history
    assert resumed.val_acc_history == straight.val_acc_history
    for name in straight.model.params:
        assert np.array_equal(resumed.model.params[name], straight.model.params[name]), name
    bn_straight, bn_resumed = straight.model.bn_params[0], resumed.model.bn_params[0]
    assert np.array_equal(bn_straight["running_mean"], bn_resumed["running_mean"])


def test_checkpoint_for_another_model_is_refused(tmp_path):
    solver = Solver(
        toy_model(),
        toy_data(),
        num_epochs=1,
        batch_size=25,
        verbose=False,
        checkpoint_name=str(tmp_path / "run"),
    )
    solver.train()
    other = Solver(FullyConnectedNet([40], input_dim=12, num_classes=5), toy_data())
    with pytest.raises(ValueError, match="holds parameters"):
        other.load_checkpoint(tmp_path / "run_epoch_1.npz")


def test_checkpoint_files_are_loaded_without_pickle(tmp_path):
    class Boom:
        def __reduce__(self):
            return (os.system, ("echo pwned",))

    path = tmp_path / "evil.npz"
    np.savez(path, __meta__=np.array("{}"), payload=np.array([Boom()], dtype=object))
    with pytest.raises(ValueError, match="not a readable checkpoint"):
        load_checkpoint(path)
    pickled = tmp_path / "evil.pkl"
    pickled.write_bytes(pickle.dumps({"model": Boom()}))
    with pytest.raises(ValueError, match="not a readable checkpoint"):
        load_checkpoint(pickled)


def test_checkpoint_write_is_atomic(tmp_path, monkeypatch):
    path = tmp_path / "ckpt.npz"
    save_checkpoint(path, {"w": np.arange(3)}, {"epoch": 1})

    def failing_savez(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(np, "savez", failing_savez)
    with pytest.raises(OSError, match="disk full"):
        save_checkpoint(path, {"w": np.arange(5)}, {"epoch": 2})
    arrays, meta = load_checkpoint(path)  # the old checkpoint is intact
    assert meta == {"epoch": 1} and np.array_equal(arrays["w"], np.arange(3))
    assert sorted(os.listdir(tmp_path)) == ["ckpt.npz"]  # no temporary file left behind
