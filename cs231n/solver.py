"""Solver: trains a classification model with minibatch gradient descent (provided).

The model must have
- ``model.params``: dict of parameter name -> ndarray;
- ``model.loss(X, y=None)``: scores (N, C) when y is None, otherwise ``(loss, grads)`` with
  ``grads`` holding a gradient for every key of ``model.params``.

Example::

    data = {"X_train": ..., "y_train": ..., "X_val": ..., "y_val": ...}
    solver = Solver(model, data, update_rule="sgd_momentum",
                    optim_config={"learning_rate": 1e-3}, lr_decay=0.95,
                    num_epochs=10, batch_size=100, print_every=100)
    solver.train()

After ``train()`` the model holds the parameters with the best validation accuracy, and
``loss_history``, ``train_acc_history`` and ``val_acc_history`` hold the run. The accuracies are
checked at the first iteration and at the end of every epoch, so each accuracy history has
``num_epochs + 1`` entries.

Beyond the original CS231n solver:
- a non-finite loss or gradient stops training with a message (``solver.diverged`` says why);
  the model keeps the best parameters seen so far;
- checkpoints (``checkpoint_name``) are ``.npz`` files written atomically and read without
  pickle; ``solver.load_checkpoint(path)`` resumes a run exactly where it stopped;
- ``progress=True`` shows a progress bar (tqdm) besides the periodic loss print;
- every keyword is checked when the Solver is built (``batch_size=0`` is refused by name), and
  an update rule that refuses its input (a misspelt ``optim_config`` key) changes nothing;
- ``update_rule`` may be a function; cs231n.optim is imported only to look a rule up by name;
- large parameters are updated in cache-sized chunks on the worker threads once the rule has
  given the same result that way, bit for bit, on its first steps (``cs231n.chunked_rule``).
"""

import os
import warnings

import numpy as np

from .checkpoint import load_checkpoint, save_checkpoint
from .checks import check_integer
from .chunked_rule import ChunkedRule
from .parallel import blas_threads_for_models

_DEFAULTS = {
    "update_rule": "sgd",
    "optim_config": None,
    "lr_decay": 1.0,
    "batch_size": 100,
    "num_epochs": 10,
    "num_train_samples": 1000,
    "num_val_samples": None,
    "checkpoint_name": None,
    "print_every": 10,
    "verbose": True,
    "progress": False,
    "seed": None,
}

# Settings restored by load_checkpoint; num_epochs, printing and checkpoint_name stay as given.
_RESUMED_SETTINGS = (
    "update_rule",
    "lr_decay",
    "batch_size",
    "num_train_samples",
    "num_val_samples",
)


class Solver:
    """Minibatch training with one of the update rules of :mod:`cs231n.optim`.

    Parameters
    ----------
    model : object with ``params`` and ``loss(X, y=None)`` (see the module docstring)
    data : dict with 'X_train', 'y_train', 'X_val', 'y_val'
    update_rule : str, name of a rule in cs231n.optim: 'sgd', 'sgd_momentum', 'rmsprop', 'adam',
        or of any function ``rule(w, dw, config) -> (next_w, config)`` added to cs231n.optim;
        or such a function itself (then cs231n.optim is not even imported)
    optim_config : dict, hyperparameters for the update rule (each parameter gets its own copy)
    lr_decay : float, learning rate multiplier applied after every epoch
    batch_size : int
    num_epochs : int
    num_train_samples : int or None, training examples used to estimate training accuracy
    num_val_samples : int or None, validation examples used (None: all)
    checkpoint_name : str or None; if given, ``{checkpoint_name}_epoch_{epoch}.npz`` is written at
        every accuracy check
    print_every : int, print the loss every this many iterations
    verbose : bool, print progress
    progress : bool, show a tqdm progress bar
    seed : int or None, seed of the solver's own random generator (minibatch sampling);
        None draws one from NumPy's global generator, so ``np.random.seed`` makes runs repeatable
    """

    def __init__(self, model, data, **kwargs):
        unknown = sorted(set(kwargs) - set(_DEFAULTS))
        if unknown:
            raise ValueError(
                f"Unrecognized arguments {', '.join(unknown)}; "
                f"valid ones are {', '.join(_DEFAULTS)}"
            )
        missing = [key for key in ("X_train", "y_train", "X_val", "y_val") if key not in data]
        if missing:
            raise ValueError(f"data is missing {', '.join(missing)}")
        kwargs = _checked_keywords(kwargs)
        settings = {**_DEFAULTS, **kwargs}
        update = _update_function(settings["update_rule"])
        for key, value in settings.items():
            setattr(self, key, value)
        self._update = update
        self.optim_config = dict(self.optim_config or {})

        self.model = model
        self.X_train, self.y_train = data["X_train"], data["y_train"]
        self.X_val, self.y_val = data["X_val"], data["y_val"]
        if len(self.X_train) != len(self.y_train) or len(self.X_val) != len(self.y_val):
            raise ValueError(
                f"data: X and y lengths differ (train {len(self.X_train)} vs "
                f"{len(self.y_train)}, val {len(self.X_val)} vs {len(self.y_val)})"
            )
        if len(self.X_train) == 0 or len(self.X_val) == 0:
            raise ValueError(
                f"data: X_train and X_val need at least one example each (got {len(self.X_train)} "
                f"and {len(self.X_val)})"
            )
        if self.seed is None:
            self.seed = int(np.random.randint(2**31 - 1))
        self._reset()

    def _reset(self):
        """Set up the bookkeeping of a fresh run."""
        self.epoch = 0
        self.best_val_acc = 0
        self.best_params = {k: v.copy() for k, v in self.model.params.items()}
        self.loss_history = []
        self.train_acc_history = []
        self.val_acc_history = []
        self.diverged = None
        self.rng = np.random.RandomState(self.seed)
        self.optim_configs = {name: dict(self.optim_config) for name in self.model.params}
        self._rule = ChunkedRule(self._update)

    def _step(self):
        """One gradient update on a random minibatch. Returns False if the loss was not finite."""
        num_train = self.X_train.shape[0]
        batch_mask = self.rng.choice(num_train, self.batch_size)
        # BLAS's own threads when its idle helpers sleep at once, else one thread, even if the
        # caller asked for more: a spinning BLAS helper slows the fast layers' workers and, on a
        # busy machine, the products themselves (see cs231n.parallel).
        with blas_threads_for_models():
            loss, grads = self.model.loss(self.X_train[batch_mask], self.y_train[batch_mask])
        missing = [name for name in self.model.params if name not in grads]
        if missing:
            raise ValueError(f"model.loss returned no gradient for {', '.join(missing)}")
        bad = [name for name, grad in grads.items() if not np.all(np.isfinite(grad))]
        if not np.isfinite(loss) or bad:
            self.loss_history.append(float(loss))
            what = (
                f"the loss is {loss}"
                if not np.isfinite(loss)
                else f"gradients of {bad} are not finite"
            )
            self.diverged = (
                f"training diverged at iteration {len(self.loss_history)} "
                f"(epoch {self.epoch}): {what}. Try a smaller learning rate or weight "
                f"scale. The model keeps the best parameters seen "
                f"(val acc {self.best_val_acc:.3f})."
            )
            return False
        # Every parameter is updated (on copies of the configs) before any is replaced, so an
        # update rule that refuses its input leaves the model and the Solver as they were.
        updated = {}
        for name, w in self.model.params.items():
            next_w, config = self._rule.update(name, w, grads[name], dict(self.optim_configs[name]))
            if np.shape(next_w) != np.shape(w):
                raise ValueError(
                    f"update rule {_rule_name(self.update_rule)} returned next_w of shape "
                    f"{np.shape(next_w)} for {name} of shape {np.shape(w)}"
                )
            updated[name] = next_w, config
        for name, (next_w, config) in updated.items():
            self.model.params[name], self.optim_configs[name] = next_w, config
        self.loss_history.append(float(loss))
        return True

    def check_accuracy(self, X, y, num_samples=None, batch_size=100):
        """Fraction of examples whose highest score is the correct label.

        Parameters
        ----------
        X : ndarray, shape (N, d_1, ..., d_k)
        y : ndarray of int, shape (N,)
        num_samples : int or None, evaluate on a random subset of this size
        batch_size : int, examples per forward pass
        """
        N = X.shape[0]
        if num_samples is not None and N > num_samples:
            mask = self.rng.choice(N, num_samples)
            X, y = X[mask], y[mask]
            N = num_samples
        predictions = [
            np.argmax(self.model.loss(X[start : start + batch_size]), axis=1)
            for start in range(0, N, batch_size)
        ]
        return float(np.mean(np.concatenate(predictions) == y))

    def _record_accuracy(self):
        train_acc = self.check_accuracy(
            self.X_train, self.y_train, num_samples=self.num_train_samples
        )
        val_acc = self.check_accuracy(self.X_val, self.y_val, num_samples=self.num_val_samples)
        self.train_acc_history.append(train_acc)
        self.val_acc_history.append(val_acc)
        if self.verbose:
            print(
                f"(Epoch {self.epoch} / {self.num_epochs}) train acc: {train_acc:f}; "
                f"val_acc: {val_acc:f}"
            )
        if val_acc > self.best_val_acc:
            self.best_val_acc = val_acc
            self.best_params = {k: v.copy() for k, v in self.model.params.items()}
        self._save_checkpoint()

    def train(self):
        """Run the optimization (continuing from a loaded checkpoint if there is one)."""
        num_train = self.X_train.shape[0]
        iterations_per_epoch = max(num_train // self.batch_size, 1)
        num_iterations = self.num_epochs * iterations_per_epoch
        first = self.epoch * iterations_per_epoch
        bar = None
        if self.progress:
            from tqdm.auto import tqdm

            bar = tqdm(total=num_iterations, initial=first, unit="it", desc="training")

        for t in range(first, num_iterations):
            if not self._step():
                break
            if bar is not None:
                bar.update(1)
                bar.set_postfix(loss=f"{self.loss_history[-1]:.3f}", refresh=False)
            if self.verbose and t % self.print_every == 0:
                print(f"(Iteration {t + 1} / {num_iterations}) loss: {self.loss_history[-1]:f}")

            epoch_end = (t + 1) % iterations_per_epoch == 0
            if epoch_end:
                self.epoch += 1
                for config in self.optim_configs.values():
                    config["learning_rate"] *= self.lr_decay
            if t == 0 or t == num_iterations - 1 or epoch_end:
                self._record_accuracy()

        if bar is not None:
            bar.close()
        if self.diverged:
            warnings.warn(self.diverged, RuntimeWarning, stacklevel=2)
        # Swap the best parameters into the model.
        self.model.params = self.best_params

    # ----------------------------------------------------------------------------------------
    # Checkpoints
    # ----------------------------------------------------------------------------------------

    def _checkpoint_state(self):
        """Everything needed to resume: arrays (params, optimizer state, ...) and JSON metadata."""
        arrays, optim_meta = {}, {}
        for name, value in self.model.params.items():
            arrays[f"params/{name}"] = value
        for name, value in self.best_params.items():
            arrays[f"best_params/{name}"] = value
        for name, config in self.optim_configs.items():
            optim_meta[name] = {}
            for key, value in config.items():
                if isinstance(value, np.ndarray):
                    arrays[f"optim/{name}/{key}"] = value
                else:
                    optim_meta[name][key] = value
        for i, bn_param in enumerate(getattr(self.model, "bn_params", [])):
            for key in ("running_mean", "running_var"):
                if key in bn_param:
                    arrays[f"bn_params/{i}/{key}"] = bn_param[key]
        rng_name, rng_keys, rng_pos, rng_has_gauss, rng_gauss = self.rng.get_state()
        arrays["rng/keys"] = rng_keys
        meta = {
            "settings": {
                **{key: getattr(self, key) for key in _RESUMED_SETTINGS},
                "update_rule": _rule_name(self.update_rule),
            },
            "optim_config": self.optim_config,
            "optim_scalars": optim_meta,
            "epoch": self.epoch,
            "best_val_acc": self.best_val_acc,
            "loss_history": self.loss_history,
            "train_acc_history": self.train_acc_history,
            "val_acc_history": self.val_acc_history,
            "rng": [rng_name, int(rng_pos), int(rng_has_gauss), float(rng_gauss)],
        }
        return arrays, meta

    def _save_checkpoint(self):
        if self.checkpoint_name is None:
            return
        path = f"{self.checkpoint_name}_epoch_{self.epoch}.npz"
        arrays, meta = self._checkpoint_state()
        save_checkpoint(path, arrays, meta)
        if self.verbose:
            print(f'Saving checkpoint to "{path}"')

    def load_checkpoint(self, path):
        """Restore a run saved at ``path``; the next ``train()`` continues where it stopped.

        The Solver must have been built with the same kind of model (same parameter names, shapes
        and dtypes). Everything in the file is checked before anything is changed: a refused
        checkpoint raises one ValueError naming what is wrong and leaves the Solver and its model
        exactly as they were.
        """
        arrays, meta = load_checkpoint(path)
        try:
            state = _validated_checkpoint(arrays, meta, self.model)
            rule = state["settings"]["update_rule"]
            if rule == _rule_name(self.update_rule):  # keep this Solver's rule, maybe a function
                state["settings"]["update_rule"], update = self.update_rule, self._update
            else:
                update = _update_function(rule)
        except (ValueError, TypeError, KeyError, IndexError) as error:
            raise ValueError(f"{path}: {error}") from None
        # Nothing below can fail: every value was checked above.
        self.model.params.update(state["params"])
        for i, running in state["bn_params"].items():
            self.model.bn_params[i].update(running)
        self.best_params = state["best_params"]
        for key, value in state["settings"].items():
            setattr(self, key, value)
        self._update = update
        self._rule = ChunkedRule(update)
        self.optim_config = state["optim_config"]
        self.optim_configs = state["optim_configs"]
        histories = ("loss_history", "train_acc_history", "val_acc_history")
        for key in ("epoch", "best_val_acc", *histories):
            setattr(self, key, state[key])
        self.rng = state["rng"]
        self.diverged = None


# Optimizer state arrays of the built-in update rules (one per parameter, of its shape).
_OPTIM_ARRAYS = {
    "sgd": (),
    "sgd_momentum": ("velocity",),
    "rmsprop": ("cache",),
    "adam": ("m", "v"),
}


def _is_real(value):
    real = isinstance(value, (int, float, np.integer, np.floating))
    return real and not isinstance(value, (bool, np.bool_)) and bool(np.isfinite(value))


def _is_count(value, minimum=0):
    integer = isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))
    return integer and value >= minimum


def _rule_name(rule):
    """The name an update rule is saved under: the name given, or the function's name."""
    return rule if isinstance(rule, str) else getattr(rule, "__name__", repr(rule))


def _update_function(rule):
    """The function ``rule(w, dw, config) -> (next_w, config)`` that ``update_rule`` names or is.

    A function is used as it is. A name is looked up in cs231n.optim, which is imported only
    then: a Solver given a function of its own works whatever state optim.py is in. As in the
    course, any public function of cs231n.optim is a rule, also one you add there.
    """
    if callable(rule):
        return rule
    if isinstance(rule, str) and rule and not rule.startswith("_"):
        from . import optim

        function = getattr(optim, rule, None)
        if callable(function):
            return function
    raise ValueError(
        f"Invalid update_rule {rule!r}; choose one of {', '.join(_OPTIM_ARRAYS)}, "
        "a function you add to cs231n.optim, or pass a function update_rule(w, dw, config)"
    )


def _describe(value):
    return f"{value!r} ({type(value).__name__})"


def _checked_keywords(kwargs):
    """The Solver's keywords checked (update_rule apart), numbers as Python int and float.

    Raises ValueError naming the first keyword whose value cannot work, e.g. ``batch_size=0``.
    """
    checked = dict(kwargs)
    for key in ("batch_size", "num_epochs", "print_every"):
        if key in kwargs:
            check_integer(f"Solver: {key}", kwargs[key], 1)
            checked[key] = int(kwargs[key])
    for key in ("num_train_samples", "num_val_samples"):
        if kwargs.get(key) is not None:
            if not _is_count(kwargs[key], 1):
                raise ValueError(
                    f"Solver: {key} must be a positive integer or None, "
                    f"got {_describe(kwargs[key])}"
                )
            checked[key] = int(kwargs[key])
    if "lr_decay" in kwargs:
        if not _is_real(kwargs["lr_decay"]) or kwargs["lr_decay"] <= 0:
            raise ValueError(
                f"Solver: lr_decay must be a finite number > 0 (1.0: no decay), "
                f"got {_describe(kwargs['lr_decay'])}"
            )
        checked["lr_decay"] = float(kwargs["lr_decay"])
    if not isinstance(kwargs.get("optim_config") or {}, dict):
        raise ValueError(
            f"Solver: optim_config must be a dict or None, got {_describe(kwargs['optim_config'])}"
        )
    if kwargs.get("seed") is not None:
        if not _is_count(kwargs["seed"]) or kwargs["seed"] >= 2**32:
            raise ValueError(
                f"Solver: seed must be an integer in [0, 2**32) or None, "
                f"got {_describe(kwargs['seed'])}"
            )
        checked["seed"] = int(kwargs["seed"])
    name = kwargs.get("checkpoint_name")
    if name is not None and not isinstance(name, (str, os.PathLike)):
        raise ValueError(f"Solver: checkpoint_name must be a path or None, got {_describe(name)}")
    for key in ("verbose", "progress"):
        if key in kwargs and not isinstance(kwargs[key], (bool, np.bool_, int, np.integer)):
            raise ValueError(f"Solver: {key} must be True or False, got {_describe(kwargs[key])}")
    return checked


def _check_array(name, value, shape, dtype):
    if value.dtype != dtype or value.shape != shape:
        raise ValueError(
            f"{name} is {value.dtype} {value.shape}, the model expects {dtype} {shape}"
        )
    if not np.all(np.isfinite(value)):
        raise ValueError(f"{name} holds non-finite values")
    return value.copy()


def _validated_settings(meta):
    settings = meta["settings"]
    if not isinstance(settings, dict) or set(settings) != set(_RESUMED_SETTINGS):
        raise ValueError(f"'settings' must have exactly the keys {', '.join(_RESUMED_SETTINGS)}")
    if not isinstance(settings["update_rule"], str) or not settings["update_rule"]:
        raise ValueError(f"update_rule must be a name, got {settings['update_rule']!r}")
    if not _is_real(settings["lr_decay"]) or settings["lr_decay"] <= 0:
        raise ValueError(f"lr_decay must be a positive number, got {settings['lr_decay']!r}")
    if not _is_count(settings["batch_size"], 1):
        raise ValueError(f"batch_size must be a positive integer, got {settings['batch_size']!r}")
    for key in ("num_train_samples", "num_val_samples"):
        if settings[key] is not None and not _is_count(settings[key], 1):
            raise ValueError(f"{key} must be a positive integer or None, got {settings[key]!r}")
    return dict(settings)


def _validated_scalars(name, scalars):
    if not isinstance(scalars, dict):
        raise ValueError(f"{name} must be a dict of numbers")
    for key, value in scalars.items():
        if not _is_real(value):
            raise ValueError(f"{name}[{key!r}] must be a finite number, got {value!r}")
    return dict(scalars)


def _validated_histories(meta):
    histories = {}
    for key in ("loss_history", "train_acc_history", "val_acc_history"):
        values = meta[key]
        if not isinstance(values, list) or not all(
            isinstance(v, (int, float)) and not isinstance(v, bool) for v in values
        ):
            raise ValueError(f"{key} must be a list of numbers")
        if key != "loss_history" and not all(0 <= v <= 1 for v in values):
            raise ValueError(f"{key} must hold accuracies in [0, 1]")
        histories[key] = list(values)
    if len(histories["train_acc_history"]) != len(histories["val_acc_history"]):
        raise ValueError("train_acc_history and val_acc_history differ in length")
    return histories


def _validated_rng(meta, arrays):
    rng_meta = meta["rng"]
    if not isinstance(rng_meta, list) or len(rng_meta) != 4:
        raise ValueError("'rng' must be [name, pos, has_gauss, cached_gaussian]")
    name, pos, has_gauss, gauss = rng_meta
    keys = arrays["rng/keys"]
    if name != "MT19937" or keys.dtype != np.uint32 or keys.shape != (624,):
        raise ValueError("rng state must be MT19937 with 624 uint32 keys")
    if not _is_count(pos) or pos > 624 or has_gauss not in (0, 1) or not _is_real(gauss):
        raise ValueError(f"rng state position {pos!r} / gauss {has_gauss!r}, {gauss!r} is invalid")
    rng = np.random.RandomState()
    rng.set_state((name, keys.copy(), pos, has_gauss, gauss))
    return rng


def _validated_checkpoint(arrays, meta, model):
    """Check a loaded checkpoint against ``model``; return the new state, touching nothing."""
    required = (
        "settings",
        "optim_config",
        "optim_scalars",
        "epoch",
        "best_val_acc",
        "loss_history",
        "train_acc_history",
        "val_acc_history",
        "rng",
    )
    missing = [key for key in required if key not in meta]
    if missing:
        raise ValueError(f"metadata lacks {', '.join(missing)}")
    names = set(model.params)
    state = {"settings": _validated_settings(meta), **_validated_histories(meta)}
    rule = state["settings"]["update_rule"]
    if not _is_count(meta["epoch"]):
        raise ValueError(f"epoch must be a non-negative integer, got {meta['epoch']!r}")
    if not _is_real(meta["best_val_acc"]) or not 0 <= meta["best_val_acc"] <= 1:
        raise ValueError(f"best_val_acc must be in [0, 1], got {meta['best_val_acc']!r}")
    state["epoch"], state["best_val_acc"] = meta["epoch"], meta["best_val_acc"]
    state["optim_config"] = _validated_scalars("optim_config", meta["optim_config"])

    groups = {"params": {}, "best_params": {}, "optim": {}, "bn_params": {}, "rng": {}}
    for key, value in arrays.items():
        group, _, rest = key.partition("/")
        if group not in groups or not rest:
            raise ValueError(f"unexpected array {key!r}")
        groups[group][rest] = value
    for group in ("params", "best_params"):
        if set(groups[group]) != names:
            raise ValueError(
                f"the checkpoint holds {group} {sorted(groups[group])}, the model has "
                f"{sorted(names)}"
            )
        state[group] = {
            name: _check_array(
                f"{group}/{name}",
                groups[group][name],
                model.params[name].shape,
                model.params[name].dtype,
            )
            for name in names
        }

    scalars = meta["optim_scalars"]
    if not isinstance(scalars, dict) or set(scalars) != names:
        raise ValueError(f"optim_scalars must have one entry per parameter {sorted(names)}")
    configs = {
        name: _validated_scalars(f"optim_scalars[{name!r}]", scalars[name]) for name in names
    }
    for key, value in groups["optim"].items():
        name, _, state_key = key.rpartition("/")
        known = _OPTIM_ARRAYS.get(rule)  # None for a rule of your own: any state of w's shape
        if name not in names or known is not None and state_key not in known:
            raise ValueError(f"unexpected optimizer state optim/{key} for update rule {rule!r}")
        configs[name][state_key] = _check_array(
            f"optim/{key}", value, model.params[name].shape, model.params[name].dtype
        )
    state["optim_configs"] = configs

    bn_params = getattr(model, "bn_params", [])
    state["bn_params"] = {}
    for key, value in groups["bn_params"].items():
        index, _, stat = key.partition("/")
        if (
            not index.isdigit()
            or int(index) >= len(bn_params)
            or stat not in ("running_mean", "running_var")
        ):
            raise ValueError(
                f"unexpected array bn_params/{key} (the model has {len(bn_params)} "
                "normalization layers)"
            )
        i = int(index)
        gamma = model.params.get(f"gamma{i + 1}")
        shape = gamma.shape if gamma is not None else value.shape
        checked = _check_array(f"bn_params/{key}", value, shape, value.dtype)
        negative = stat == "running_var" and np.any(value < 0)
        if value.dtype.kind != "f" or value.ndim != 1 or negative:
            raise ValueError(f"bn_params/{key} must be a 1-D float array (variances >= 0)")
        state["bn_params"].setdefault(i, {})[stat] = checked

    if "keys" not in groups["rng"] or len(groups["rng"]) != 1:
        raise ValueError("the checkpoint must hold exactly one rng array, rng/keys")
    state["rng"] = _validated_rng(meta, {"rng/keys": groups["rng"]["keys"]})
    return state
