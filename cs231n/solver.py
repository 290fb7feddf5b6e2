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
- ``progress=True`` shows a progress bar (tqdm) besides the periodic loss print.
"""

import warnings

import numpy as np

from . import optim
from .checkpoint import load_checkpoint, save_checkpoint
from .parallel import one_blas_thread

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
    update_rule : str, name of a rule in cs231n.optim: 'sgd', 'sgd_momentum', 'rmsprop', 'adam'
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
        settings = {**_DEFAULTS, **kwargs}
        if settings["update_rule"] not in optim.UPDATE_RULES:
            raise ValueError(
                f"Invalid update_rule {settings['update_rule']!r}; "
                f"choose one of {', '.join(optim.UPDATE_RULES)}"
            )
        for key, value in settings.items():
            setattr(self, key, value)
        self.optim_config = dict(self.optim_config or {})

        self.model = model
        self.X_train, self.y_train = data["X_train"], data["y_train"]
        self.X_val, self.y_val = data["X_val"], data["y_val"]
        if len(self.X_train) != len(self.y_train) or len(self.X_val) != len(self.y_val):
            raise ValueError(
                f"data: X and y lengths differ (train {len(self.X_train)} vs "
                f"{len(self.y_train)}, val {len(self.X_val)} vs {len(self.y_val)})"
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

    def _step(self):
        """One gradient update on a random minibatch. Returns False if the loss was not finite."""
        num_train = self.X_train.shape[0]
        batch_mask = self.rng.choice(num_train, self.batch_size)
        # One BLAS thread: the fast layers split their work over their own threads, and a
        # two-thread BLAS call stalls whenever the other core is busy (see cs231n.parallel).
        with one_blas_thread():
            loss, grads = self.model.loss(self.X_train[batch_mask], self.y_train[batch_mask])
        self.loss_history.append(float(loss))
        bad = [name for name, grad in grads.items() if not np.all(np.isfinite(grad))]
        if not np.isfinite(loss) or bad:
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
        update = getattr(optim, self.update_rule)
        for name, w in self.model.params.items():
            self.model.params[name], self.optim_configs[name] = update(
                w, grads[name], self.optim_configs[name]
            )
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
            "settings": {key: getattr(self, key) for key in _RESUMED_SETTINGS},
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

        The Solver must have been built with the same kind of model (same parameter names and
        shapes). Raises ValueError if the checkpoint does not match the model.
        """
        arrays, meta = load_checkpoint(path)
        saved = {key.split("/", 1)[1] for key in arrays if key.startswith("params/")}
        if saved != set(self.model.params):
            raise ValueError(
                f"{path} holds parameters {sorted(saved)}, the model has "
                f"{sorted(self.model.params)}"
            )
        for name in self.model.params:
            value = arrays[f"params/{name}"]
            if value.shape != self.model.params[name].shape:
                raise ValueError(
                    f"{path}: {name} has shape {value.shape}, the model expects "
                    f"{self.model.params[name].shape}"
                )
            self.model.params[name] = value
        self.best_params = {name: arrays[f"best_params/{name}"] for name in self.model.params}
        for key, value in meta["settings"].items():
            setattr(self, key, value)
        self.optim_config = meta["optim_config"]
        self.optim_configs = {
            name: dict(scalars) for name, scalars in meta["optim_scalars"].items()
        }
        for key, value in arrays.items():
            parts = key.split("/")
            if parts[0] == "optim":
                self.optim_configs[parts[1]][parts[2]] = value
            elif parts[0] == "bn_params":
                self.model.bn_params[int(parts[1])][parts[2]] = value
        self.epoch = meta["epoch"]
        self.best_val_acc = meta["best_val_acc"]
        self.loss_history = meta["loss_history"]
        self.train_acc_history = meta["train_acc_history"]
        self.val_acc_history = meta["val_acc_history"]
        rng_name, rng_pos, rng_has_gauss, rng_gauss = meta["rng"]
        self.rng.set_state((rng_name, arrays["rng/keys"], rng_pos, rng_has_gauss, rng_gauss))
        self.diverged = None
