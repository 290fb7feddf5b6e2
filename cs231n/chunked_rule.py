"""The Solver's update rule run in cache-sized chunks on both cores, once it proves elementwise.

The course's update rules (sgd, sgd_momentum, rmsprop, adam) treat every weight on its own: the
new ``w[i]`` depends only on ``w[i]``, ``dw[i]`` and entry ``i`` of the state arrays (velocity,
cache, m, v). Written with whole-array NumPy operations, as students write them, each operation
streams the whole parameter through memory on one core: Adam on the 4 million weights of the
ConvolutionalNetworks notebook's hidden layer takes about as long as the loss and gradients of
the whole net. Called on slices of ``CHUNK_ELEMENTS`` weights instead, the same student code keeps
its temporaries in the CPU's cache, and the slices are shared by the worker threads of
:mod:`cs231n.parallel` (NumPy releases the GIL inside its loops).

Only a rule shown to be elementwise is split. For the first ``CHECKED_STEPS`` updates of each
parameter, :class:`ChunkedRule` runs the rule on the whole arrays (that result is the one used)
and again on the chunks; the two must agree bit for bit, with the same config keys and numbers.
A rule that is not elementwise (one that clips by the norm of dw, draws random numbers, keeps
state that is not arrays of w's shape, or prints while it runs) fails the check and is run on
the whole arrays from then on. Parameters smaller than ``PARALLEL_MIN_ELEMENTS`` (biases) are
always updated whole.
"""

import contextlib
import io
import sys

import numpy as np

from . import parallel

CHECKED_STEPS = 2
CHUNK_ELEMENTS = 1 << 17
PARALLEL_MIN_ELEMENTS = 1 << 18


class NotElementwise(Exception):
    """The chunked result cannot stand for the whole one (raised inside this module only)."""


class ChunkedRule:
    """``update(name, w, dw, config) -> (next_w, config)``: ``rule`` on the whole arrays, or in
    chunks for a parameter ``name`` whose first ``CHECKED_STEPS`` chunked updates were exact.

    Parameters
    ----------
    rule : callable ``rule(w, dw, config) -> (next_w, config)``, e.g. ``cs231n.optim.adam``
    """

    def __init__(self, rule):
        self.rule = rule
        self.exact_steps = {}  # parameter name -> chunked updates that matched the whole one
        self.whole_only = set()  # parameters whose chunked update did not match

    def update(self, name, w, dw, config):
        if np.size(w) < PARALLEL_MIN_ELEMENTS or name in self.whole_only:
            return self.rule(w, dw, config)
        checked = self.exact_steps.get(name, 0)
        if checked >= CHECKED_STEPS:
            return run_in_chunks(self.rule, w, dw, config)
        # Copies: a rule may change its inputs in place (w -= ..., m *= ...).
        before = [_copied(w), _copied(dw), {key: _copied(value) for key, value in config.items()}]
        next_w, next_config = self._whole_and_quiet(name, w, dw, config)
        if name not in self.whole_only:
            try:
                same = _same(run_in_chunks(self.rule, *before), (next_w, next_config))
            except (NotElementwise, ValueError, TypeError, IndexError):
                same = False
            if same:
                self.exact_steps[name] = checked + 1
            else:
                self.whole_only.add(name)
        return next_w, next_config

    def _whole_and_quiet(self, name, w, dw, config):
        """The rule on the whole arrays; a rule that prints is never split (its lines would
        repeat once per chunk): what it printed is passed on, and it stays whole."""
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            result = self.rule(w, dw, config)
        if printed.getvalue():
            sys.stdout.write(printed.getvalue())
            self.whole_only.add(name)
        return result


def run_in_chunks(rule, w, dw, config):
    """``rule(w, dw, config)`` computed chunk by chunk on the flattened arrays, on the worker
    threads. Arrays of w's shape in ``config`` are split with w; other values are passed whole
    and must come back the same from every chunk. Raises NotElementwise when the chunks'
    results do not fit together."""
    w, dw = np.asarray(w), np.asarray(dw)
    shape, size = w.shape, w.size
    split_keys = [key for key, value in config.items() if _shaped_like(value, shape)]
    flat = {key: np.ascontiguousarray(config[key]).reshape(-1) for key in split_keys}
    w_flat = np.ascontiguousarray(w).reshape(-1)
    dw_flat = np.ascontiguousarray(dw).reshape(-1)
    starts = range(0, size, CHUNK_ELEMENTS)

    def chunk(start):
        part = slice(start, min(start + CHUNK_ELEMENTS, size))
        chunk_config = dict(config)
        chunk_config.update((key, flat[key][part]) for key in split_keys)
        return part, rule(w_flat[part], dw_flat[part], chunk_config)

    # The first chunk tells what comes back: the arrays to assemble and the numbers to agree on.
    part, (first_w, first_config) = chunk(0)
    length = part.stop - part.start
    array_keys = [key for key, value in first_config.items() if _shaped_like(value, (length,))]
    numbers = {key: value for key, value in first_config.items() if key not in array_keys}
    if np.shape(first_w) != (length,) or any(isinstance(v, np.ndarray) for v in numbers.values()):
        raise NotElementwise("the rule returned arrays that are not its chunk's")
    next_w = np.empty(size, dtype=np.asarray(first_w).dtype)
    state = {key: np.empty(size, dtype=first_config[key].dtype) for key in array_keys}

    def store(part, result):
        chunk_w, chunk_config = result
        if (
            np.shape(chunk_w) != (part.stop - part.start,)
            or chunk_config.keys() != first_config.keys()
        ):
            raise NotElementwise("the chunks' results differ in shape or keys")
        if any(chunk_config[key] != value for key, value in numbers.items()):
            raise NotElementwise("the chunks returned different numbers")
        next_w[part] = chunk_w
        for key in array_keys:
            state[key][part] = chunk_config[key]

    store(part, (first_w, first_config))

    def work(lo, hi):
        for start in starts[lo:hi]:
            store(*chunk(start))

    rest = len(starts) - 1
    parallel.run_split(lambda lo, hi: work(lo + 1, hi + 1), rest, parallel.thread_count(rest, size))
    next_config = dict(config)
    next_config.update(numbers)
    next_config.update((key, value.reshape(shape)) for key, value in state.items())
    return next_w.reshape(shape), next_config


def _copied(value):
    return value.copy() if isinstance(value, np.ndarray) else value


def _shaped_like(value, shape):
    return isinstance(value, np.ndarray) and value.shape == shape


def _same(chunked, whole):
    """Bit-for-bit agreement of two ``(next_w, config)`` results."""
    (chunked_w, chunked_config), (whole_w, whole_config) = chunked, whole
    if chunked_config.keys() != whole_config.keys() or not _identical(chunked_w, whole_w):
        return False
    for key, value in whole_config.items():
        if isinstance(value, np.ndarray) or isinstance(chunked_config[key], np.ndarray):
            if not _identical(chunked_config[key], value):
                return False
        elif chunked_config[key] != value or type(chunked_config[key]) is not type(value):
            return False
    return True


def _identical(a, b):
    a, b = np.asarray(a), np.asarray(b)
    return a.shape == b.shape and a.dtype == b.dtype and np.array_equal(a, b, equal_nan=True)
