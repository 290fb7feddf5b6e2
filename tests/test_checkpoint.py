"""Hostile and broken checkpoints: every refused load raises one ValueError naming the problem and
leaves the Solver and its model exactly as they were; killed saves leave no temporary files."""

import json
import os
import subprocess
import sys
import time
import zipfile

import numpy as np
import pytest

from cs231n import checkpoint
from cs231n.checkpoint import load_checkpoint, remove_stale_temp_files, save_checkpoint
from cs231n.classifiers import FullyConnectedNet
from cs231n.solver import Solver


def toy_data(num_train=40, num_val=10):
    rng = np.random.default_rng(0)
    return {
        "X_train": rng.standard_normal((num_train, 3, 2, 2)),
        "y_train": rng.integers(5, size=num_train),
        "X_val": rng.standard_normal((num_val, 3, 2, 2)),
        "y_val": rng.integers(5, size=num_val),
    }


def make_solver(tmp_path=None, **kwargs):
    model = FullyConnectedNet(
        [8, 8],
        input_dim=12,
        num_classes=5,
        weight_scale=1e-1,
        dtype=np.float64,
        normalization="batchnorm",
    )
    settings = dict(update_rule="adam", num_epochs=1, batch_size=10, verbose=False, seed=3)
    if tmp_path is not None:
        settings["checkpoint_name"] = str(tmp_path / "run")
    settings.update(kwargs)
    return Solver(model, toy_data(), **settings)


@pytest.fixture
def saved(tmp_path):
    """(arrays, meta) of a real checkpoint after one epoch of Adam on a batchnorm net."""
    solver = make_solver(tmp_path)
    solver.train()
    return load_checkpoint(tmp_path / "run_epoch_1.npz")


def snapshot(solver):
    """Everything a load could change, as plain comparable values."""

    def arrays(d):
        return {
            k: (v.dtype.str, v.shape, v.tobytes()) if isinstance(v, np.ndarray) else v
            for k, v in d.items()
        }

    rng = solver.rng.get_state()
    return {
        "attrs": {
            k: v
            for k, v in vars(solver).items()
            if isinstance(v, (int, float, str, list, type(None))) and k != "model"
        },
        "params": arrays(solver.model.params),
        "params_ids": {k: id(v) for k, v in solver.model.params.items()},
        "best": arrays(solver.best_params),
        "optim_config": dict(solver.optim_config),
        "optim": {k: arrays(v) for k, v in solver.optim_configs.items()},
        "bn": [arrays(p) for p in solver.model.bn_params],
        "rng": (rng[0], rng[1].tobytes(), rng[2:]),
    }


def set_array(key, value):
    def apply(arrays, meta):
        arrays[key] = value
        return arrays, meta

    return apply


def drop_array(key):
    def apply(arrays, meta):
        del arrays[key]
        return arrays, meta

    return apply


def meta_change(fn):
    def apply(arrays, meta):
        fn(meta)
        return arrays, meta

    return apply


W1_SHAPE = (12, 8)
CONTENT_CASES = {
    "W1 wrong shape (later params fine)": (set_array("params/W1", np.zeros((8, 12))), "W1"),
    "W3 wrong shape (earlier params fine)": (set_array("params/W3", np.zeros((8, 4))), "W3"),
    "W1 as strings": (set_array("params/W1", np.full(W1_SHAPE, "x")), "W1"),
    "W1 float16": (set_array("params/W1", np.zeros(W1_SHAPE, np.float16)), "W1"),
    "W1 int64": (set_array("params/W1", np.zeros(W1_SHAPE, np.int64)), "W1"),
    "W1 NaN": (set_array("params/W1", np.full(W1_SHAPE, np.nan)), "non-finite"),
    "extra parameter": (set_array("params/W9", np.zeros(3)), "holds params"),
    "missing parameter": (drop_array("params/b2"), "holds params"),
    "best_params wrong shape": (set_array("best_params/b1", np.zeros(3)), "best_params/b1"),
    "best_params missing": (drop_array("best_params/W2"), "best_params"),
    "best_params float32": (set_array("best_params/W1", np.zeros(W1_SHAPE, np.float32)), "W1"),
    "optimizer state wrong shape": (set_array("optim/W1/m", np.zeros(3)), "optim/W1/m"),
    "optimizer state for unknown param": (set_array("optim/W7/m", np.zeros(3)), "optim/W7/m"),
    "unknown optimizer key": (set_array("optim/W1/velocity", np.zeros(W1_SHAPE)), "velocity"),
    "optimizer state inf": (set_array("optim/W1/v", np.full(W1_SHAPE, np.inf)), "non-finite"),
    "running mean wrong shape": (
        set_array("bn_params/0/running_mean", np.zeros(3)),
        "running_mean",
    ),
    "running var negative": (set_array("bn_params/1/running_var", -np.ones(8)), "running_var"),
    "running stats of a missing layer": (
        set_array("bn_params/7/running_mean", np.zeros(8)),
        "bn_params/7",
    ),
    "unknown running statistic": (set_array("bn_params/0/gamma", np.zeros(8)), "bn_params/0/gamma"),
    "unknown array group": (set_array("evil/x", np.zeros(1)), "evil/x"),
    "rng keys missing": (drop_array("rng/keys"), "rng"),
    "rng keys wrong dtype": (set_array("rng/keys", np.zeros(624, np.float64)), "rng"),
    "rng keys wrong length": (set_array("rng/keys", np.zeros(5, np.uint32)), "rng"),
    "rng position out of range": (meta_change(lambda m: m["rng"].__setitem__(1, 9999)), "rng"),
    "rng name tampered": (meta_change(lambda m: m["rng"].__setitem__(0, "PCG64")), "rng"),
    "rng too short": (meta_change(lambda m: m.__setitem__("rng", [1])), "rng"),
    "settings missing": (meta_change(lambda m: m.pop("settings")), "settings"),
    "epoch missing": (meta_change(lambda m: m.pop("epoch")), "epoch"),
    "settings key missing": (meta_change(lambda m: m["settings"].pop("batch_size")), "settings"),
    "unknown update rule": (
        meta_change(lambda m: m["settings"].__setitem__("update_rule", "x")),
        "update_rule",
    ),
    "batch size zero": (
        meta_change(lambda m: m["settings"].__setitem__("batch_size", 0)),
        "batch_size",
    ),
    "batch size string": (
        meta_change(lambda m: m["settings"].__setitem__("batch_size", "10")),
        "batch_size",
    ),
    "lr_decay negative": (
        meta_change(lambda m: m["settings"].__setitem__("lr_decay", -1)),
        "lr_decay",
    ),
    "epoch negative": (meta_change(lambda m: m.__setitem__("epoch", -2)), "epoch"),
    "best_val_acc above 1": (
        meta_change(lambda m: m.__setitem__("best_val_acc", 7)),
        "best_val_acc",
    ),
    "loss history not a list": (
        meta_change(lambda m: m.__setitem__("loss_history", "x")),
        "loss_history",
    ),
    "accuracy history out of range": (
        meta_change(lambda m: m.__setitem__("val_acc_history", [2.0, 0.1])),
        "val_acc_history",
    ),
    "optim_scalars missing a parameter": (
        meta_change(lambda m: m["optim_scalars"].pop("W1")),
        "optim_scalars",
    ),
    "learning rate a string": (
        meta_change(lambda m: m["optim_scalars"]["W1"].__setitem__("learning_rate", "fast")),
        "learning_rate",
    ),
    "optim_config not a dict": (
        meta_change(lambda m: m.__setitem__("optim_config", [1])),
        "optim_config",
    ),
}


def trained_solver():
    solver = make_solver()
    solver.num_epochs = 2
    solver.train()  # a solver in the middle of its own run, with state everywhere
    return solver


@pytest.mark.parametrize("case", sorted(CONTENT_CASES))
def test_refused_checkpoint_changes_nothing(tmp_path, saved, case):
    change, message = CONTENT_CASES[case]
    arrays, meta = change(dict(saved[0]), json.loads(json.dumps(saved[1])))
    path = tmp_path / "bad.npz"
    save_checkpoint(path, arrays, meta)
    solver = trained_solver()
    before = snapshot(solver)
    with pytest.raises(ValueError, match=message) as info:
        solver.load_checkpoint(path)
    assert str(path) in str(info.value)
    assert snapshot(solver) == before


def test_unchanged_checkpoint_still_loads(tmp_path, saved):
    path = tmp_path / "good.npz"
    save_checkpoint(path, *saved)
    solver = trained_solver()
    solver.load_checkpoint(path)
    assert solver.epoch == 1
    np.testing.assert_array_equal(solver.model.params["W1"], saved[0]["params/W1"])


def _damage(kind, raw, saved_w1):
    if kind == "truncated":
        return raw[: len(raw) // 2]
    if kind == "empty":
        return b""
    if kind == "bit flip in data":  # inside the bytes of params/W1
        flipped = bytearray(raw)
        flipped[raw.index(saved_w1) + 17] ^= 0x40
        return bytes(flipped)
    if kind == "bit flip in header":
        flipped = bytearray(raw)
        flipped[raw.index(b"{'descr'") + 3] ^= 0x01
        return bytes(flipped)
    if kind == "not a zip":
        return b"\x93NUMPY garbage" * 10
    if kind == "pickle":
        return b"\x80\x04\x95" + raw[:100]
    raise AssertionError(kind)


@pytest.mark.parametrize(
    "kind", ["truncated", "empty", "bit flip in data", "bit flip in header", "not a zip", "pickle"]
)
def test_damaged_file_gives_one_value_error(tmp_path, saved, kind):
    path = tmp_path / "good.npz"
    save_checkpoint(path, *saved)
    path.write_bytes(_damage(kind, path.read_bytes(), saved[0]["params/W1"].tobytes()))
    solver = trained_solver()
    before = snapshot(solver)
    with pytest.raises(ValueError, match="bad.npz|good.npz"):
        solver.load_checkpoint(path)
    assert snapshot(solver) == before


@pytest.mark.parametrize("meta", ["[1, 2]", "not json", '"a string"'])
def test_unreadable_metadata_is_refused(tmp_path, meta):
    path = tmp_path / "m.npz"
    np.savez(path, __meta__=np.array(meta), x=np.zeros(2))
    with pytest.raises(ValueError, match="metadata"):
        load_checkpoint(path)


def test_missing_file_is_a_value_error(tmp_path):
    with pytest.raises(ValueError, match="cannot read checkpoint"):
        load_checkpoint(tmp_path / "nope.npz")


def test_stale_temporary_files_of_killed_saves_are_removed(tmp_path):
    # A save killed mid-write: a child process starts writing a temporary file and is killed.
    script = (
        "import os, sys, numpy as np\n"
        f"f = open(os.path.join({str(tmp_path)!r}, f'.tmp-{{os.getpid()}}-abc.npz'), 'wb')\n"
        "f.write(b'PK partial'); f.flush(); os._exit(9)\n"
    )
    subprocess.run([sys.executable, "-c", script], check=False, timeout=60)
    old = tmp_path / ".tmp-abcdef.npz"  # an old temporary file of an earlier format
    old.write_bytes(b"x")
    os.utime(old, (time.time() - 2 * checkpoint.STALE_TEMP_SECONDS,) * 2)
    mine = tmp_path / f".tmp-{os.getpid()}-live.npz"  # a write in progress in this process
    mine.write_bytes(b"x")
    unrelated = tmp_path / "notes.npz"
    unrelated.write_bytes(b"x")
    assert len(list(tmp_path.glob(".tmp-*.npz"))) == 3

    save_checkpoint(tmp_path / "ckpt.npz", {"w": np.arange(3)}, {"epoch": 1})
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["ckpt.npz", mine.name, "notes.npz"]
    )
    assert remove_stale_temp_files(tmp_path) == []


def test_load_also_cleans_stale_temporary_files(tmp_path):
    save_checkpoint(tmp_path / "ckpt.npz", {"w": np.arange(3)}, {"epoch": 1})
    stale = tmp_path / ".tmp-1-dead.npz"
    stale.write_bytes(b"x")
    os.utime(stale, (time.time() - 2 * checkpoint.STALE_TEMP_SECONDS,) * 2)
    load_checkpoint(tmp_path / "ckpt.npz")
    assert not stale.exists()


def test_npz_written_by_hand_with_compression_still_loads(tmp_path):
    path = tmp_path / "c.npz"
    np.savez_compressed(path, __meta__=np.array("{}"), w=np.arange(4))
    arrays, meta = load_checkpoint(path)
    assert meta == {} and arrays["w"].tolist() == [0, 1, 2, 3]
    with zipfile.ZipFile(path) as archive:
        assert archive.namelist()


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_saves_killed_mid_write_leave_nothing_after_the_next_save(tmp_path):
    """Kill real saves of a 40 MB checkpoint while they write; the next save cleans up."""
    import signal

    script = (
        "import sys, numpy as np\n"
        "from cs231n.checkpoint import save_checkpoint\n"
        "w = np.ones(5_000_000)\n"
        "while True:\n"
        f"    save_checkpoint({str(tmp_path / 'run.npz')!r}, {{'w': w}}, {{'epoch': 1}})\n"
    )
    save_checkpoint(tmp_path / "run.npz", {"w": np.arange(3.0)}, {"epoch": 0})
    killed_with_temp = 0
    for _ in range(4):
        child = subprocess.Popen([sys.executable, "-c", script], env={**os.environ})
        deadline = time.monotonic() + 60
        while not list(tmp_path.glob(".tmp-*.npz")) and time.monotonic() < deadline:
            time.sleep(0.005)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=60)
        killed_with_temp += bool(list(tmp_path.glob(f".tmp-{child.pid}-*.npz")))
    assert killed_with_temp >= 1  # the kills did leave temporary files behind
    save_checkpoint(tmp_path / "next.npz", {"w": np.zeros(2)}, {"epoch": 2})
    assert list(tmp_path.glob(".tmp-*.npz")) == []
    arrays, meta = load_checkpoint(tmp_path / "run.npz")  # never a truncated checkpoint
    assert meta["epoch"] in (0, 1) and arrays["w"].size in (3, 5_000_000)
