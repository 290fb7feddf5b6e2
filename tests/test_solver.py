"""Solver: overfitting, learning-rate decay, histories, checkpoints, divergence, bad arguments."""

import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from cs231n.checkpoint import load_checkpoint, save_checkpoint
from cs231n.classifiers import FullyConnectedNet
from cs231n.solver import Solver

ROOT = Path(__file__).resolve().parent.parent


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
    with pytest.raises(ValueError, match="holds params"):
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


# --------------------------------------------------------------------------------------------
# Keywords (issue 14, item 7): a value that cannot work is refused at construction, by name
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "keyword, value, message",
    [
        ("batch_size", 0, r"batch_size must be a positive integer, got 0 \(int\)"),
        ("batch_size", 2.5, r"batch_size must be a positive integer, got 2.5 \(float\)"),
        ("num_epochs", 0, r"num_epochs must be a positive integer, got 0"),
        ("num_epochs", "3", r"num_epochs must be a positive integer, got '3' \(str\)"),
        ("print_every", 0, r"print_every must be a positive integer, got 0"),
        ("num_train_samples", 0, r"num_train_samples must be a positive integer or None, got 0"),
        ("num_val_samples", -5, r"num_val_samples must be a positive integer or None, got -5"),
        ("lr_decay", 0, r"lr_decay must be a finite number > 0 \(1.0: no decay\), got 0"),
        ("lr_decay", float("nan"), r"lr_decay must be a finite number > 0.*got nan"),
        ("lr_decay", "0.95", r"lr_decay must be a finite number > 0.*got '0.95' \(str\)"),
        ("optim_config", [("learning_rate", 1e-3)], r"optim_config must be a dict or None"),
        ("seed", -1, r"seed must be an integer in \[0, 2\*\*32\) or None, got -1"),
        ("checkpoint_name", 7, r"checkpoint_name must be a path or None, got 7 \(int\)"),
        ("verbose", "no", r"verbose must be True or False, got 'no' \(str\)"),
    ],
)
def test_keyword_that_cannot_work_is_refused_by_name(keyword, value, message):
    model = toy_model()
    before = {name: w.copy() for name, w in model.params.items()}
    with pytest.raises(ValueError, match=f"^Solver: {message}"):
        Solver(model, toy_data(), **{keyword: value})
    assert all(np.array_equal(model.params[name], w) for name, w in before.items())


def test_batch_size_0_is_refused_instead_of_dividing_by_zero():
    # The example: train() raised ZeroDivisionError in num_train // batch_size.
    with pytest.raises(ValueError, match=r"^Solver: batch_size must be a positive integer, got 0"):
        Solver(toy_model(), toy_data(), batch_size=0)


def test_numpy_numbers_are_accepted_and_checkpoints_still_save(tmp_path):
    solver = Solver(
        toy_model(),
        toy_data(),
        batch_size=np.int64(25),
        num_epochs=np.int32(1),
        lr_decay=np.float32(0.5),
        num_train_samples=np.int64(10),
        seed=np.uint32(3),
        checkpoint_name=tmp_path / "run",
        verbose=False,
    )
    assert type(solver.batch_size) is int and type(solver.lr_decay) is float
    solver.train()
    assert len(solver.loss_history) == 2
    _, meta = load_checkpoint(tmp_path / "run_epoch_1.npz")
    assert meta["settings"]["batch_size"] == 25 and meta["settings"]["lr_decay"] == 0.5


def test_data_without_examples_is_refused():
    data = toy_data()
    data["X_val"], data["y_val"] = data["X_val"][:0], data["y_val"][:0]
    with pytest.raises(ValueError, match=r"X_train and X_val need at least one example each"):
        Solver(toy_model(), data)


# --------------------------------------------------------------------------------------------
# Update rules: a name in cs231n.optim, or a function; optim.py is imported only for a name
# --------------------------------------------------------------------------------------------


def plain_sgd(w, dw, config=None):
    config = {} if config is None else config
    config.setdefault("learning_rate", 1e-2)
    return w - config["learning_rate"] * dw, config


def test_callable_update_rule_trains():
    data = toy_data()
    solver = Solver(
        toy_model(),
        data,
        update_rule=plain_sgd,
        optim_config={"learning_rate": 0.1},
        num_epochs=5,
        batch_size=10,
        verbose=False,
        seed=0,
    )
    solver.train()
    assert np.mean(solver.loss_history[-5:]) < np.mean(solver.loss_history[:5])


def test_callable_update_rule_checkpoint_resumes(tmp_path):
    settings = dict(update_rule=plain_sgd, num_epochs=2, batch_size=10, verbose=False, seed=1)
    first = Solver(toy_model(), toy_data(), checkpoint_name=str(tmp_path / "run"), **settings)
    first.train()
    resumed = Solver(toy_model(), toy_data(), **settings)
    resumed.load_checkpoint(tmp_path / "run_epoch_2.npz")
    assert resumed.update_rule is plain_sgd and resumed.epoch == 2
    with pytest.raises(ValueError, match="update_rule 'plain_sgd'"):
        Solver(toy_model(), toy_data(), update_rule="adam").load_checkpoint(
            tmp_path / "run_epoch_2.npz"
        )


def test_misspelt_optim_config_key_stops_training_before_any_change():
    solver = Solver(
        toy_model(),
        toy_data(),
        update_rule="sgd_momentum",
        optim_config={"learning_rate": 1e-2, "momentun": 0.5},
        verbose=False,
    )
    before = {name: w.copy() for name, w in solver.model.params.items()}
    with pytest.raises(ValueError, match="sgd_momentum: unknown key 'momentun' in config"):
        solver.train()
    assert solver.loss_history == []
    assert all(np.array_equal(solver.model.params[n], w) for n, w in before.items())
    assert all(config == solver.optim_config for config in solver.optim_configs.values())


TRAIN_WITH_BROKEN_OPTIM = r"""
import sys
import numpy as np
from cs231n.solver import Solver


class Linear:
    def __init__(self, D, C):
        self.params = {"W": 0.01 * np.random.RandomState(0).randn(D, C), "b": np.zeros(C)}

    def loss(self, X, y=None):
        scores = X @ self.params["W"] + self.params["b"]
        if y is None:
            return scores
        shifted = scores - scores.max(axis=1, keepdims=True)
        probs = np.exp(shifted) / np.exp(shifted).sum(axis=1, keepdims=True)
        loss = -np.log(probs[np.arange(len(y)), y]).mean()
        dscores = probs
        dscores[np.arange(len(y)), y] -= 1
        dscores /= len(y)
        return loss, {"W": X.T @ dscores, "b": dscores.sum(axis=0)}


def my_sgd(w, dw, config):
    return w - config.get("learning_rate", 1e-2) * dw, config


rng = np.random.RandomState(0)
centers = 3 * rng.randn(3, 5)
y = rng.randint(3, size=60)
X = centers[y] + rng.randn(60, 5)
data = {"X_train": X[:40], "y_train": y[:40], "X_val": X[40:], "y_val": y[40:]}
solver = Solver(Linear(5, 3), data, update_rule=my_sgd, optim_config={"learning_rate": 0.5},
                num_epochs=10, batch_size=10, verbose=False, seed=0)
solver.train()
assert "cs231n.optim" not in sys.modules
assert solver.loss_history[-1] < solver.loss_history[0] / 2, solver.loss_history
print("trained, val acc", solver.best_val_acc)
try:
    Solver(Linear(5, 3), data, update_rule="sgd")
except SyntaxError as error:
    print("by name:", type(error).__name__, error.filename)
"""


def test_solver_with_a_callable_rule_trains_when_optim_py_has_a_syntax_error(tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(
        ROOT / "cs231n", copy / "cs231n", ignore=shutil.ignore_patterns("__pycache__", "*.so")
    )
    optim_py = copy / "cs231n" / "optim.py"
    optim_py.write_text(optim_py.read_text("utf-8") + "\ndef half_written(w, dw:\n", "utf-8")
    run = subprocess.run(
        [sys.executable, "-c", TRAIN_WITH_BROKEN_OPTIM],
        cwd=copy,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(copy)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert "trained, val acc" in run.stdout
    # Asking for a rule by name does need optim.py, and then its error is the one you see.
    assert "by name: SyntaxError" in run.stdout and "optim.py" in run.stdout


@pytest.mark.parametrize("rule", ["sgd", "sgd_momentum", "rmsprop", "adam"])
def test_chunked_updates_train_exactly_like_whole_ones(rule, monkeypatch):
    """Large parameters are updated in chunks on the worker threads once the rule proved
    elementwise (cs231n.chunked_rule); the run is the same, bit for bit, as without chunks."""
    from cs231n import chunked_rule, parallel

    def run(min_elements):
        monkeypatch.setattr(chunked_rule, "PARALLEL_MIN_ELEMENTS", min_elements)
        np.random.seed(0)
        solver = Solver(
            toy_model(),
            toy_data(),
            update_rule=rule,
            num_epochs=3,
            batch_size=10,
            optim_config={"learning_rate": 1e-3},
            verbose=False,
            seed=3,
        )
        solver.train()
        return solver

    monkeypatch.setattr(chunked_rule, "CHUNK_ELEMENTS", 64)
    monkeypatch.setattr(parallel, "PARALLEL_MIN_ELEMENTS", 0)
    monkeypatch.setattr(parallel, "NUM_THREADS", 2)
    whole, chunked = run(10**9), run(400)
    assert chunked._rule.exact_steps == {"W1": 2, "W2": 2}  # 480 and 1600 weights
    assert whole.loss_history == chunked.loss_history
    for name, value in whole.model.params.items():
        assert np.array_equal(chunked.model.params[name], value), name
