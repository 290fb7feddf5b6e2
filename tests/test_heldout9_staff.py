"""Held-out round 9 (docs/heldout_round9.md), the staff's side: rows 10, 11, 18b and 19, where a
helper that computes a graded answer shipped in provided code after a hurried confirmation,
because the release's behavioural check (`instructor.oracle_child`) never called it."""

import shlex
import signal
import time

import numpy as np
import pytest
from heldout3_support import oracle_hits, small_release
from test_release import (  # noqa: F401 (tiny_master: a fixture)
    TINY_LISTS,
    commit_all,
    record,
    tiny_master,
    write_files,
)

from instructor import oracle_child, release, shipped
from instructor import provided_oracle as ORACLE
from instructor import release_record as RECORD

FLAT = "images.reshape(images.shape[0], -1)"
AFFINE = f"return {FLAT} @ weights + bias"


# Row 10: helpers as a class's method, with keyword-only inputs, returning a dict, made by a
# factory, or a functools.partial of a general function that alone computes nothing graded.
ROW_10 = f"""
import functools


class _Preview:
    def __init__(self, scale=1.0):
        self.scale = scale

    def scores(self, images, weights, bias):
        return self.scale * ({FLAT} @ weights + bias)


def _kw_scores(*, images, weights, bias):
    {AFFINE}


def _dict_scores(images, weights, bias):
    return {{"scores": {FLAT} @ weights + bias, "images": images}}


def _make_scorer():
    def score(images, weights, bias):
        {AFFINE}

    return score


def _general(images, weights, bias, flatten):
    return flatten(images) @ weights + bias


_partial_scores = functools.partial(_general, flatten=lambda a: a.reshape(len(a), -1))
"""


def test_methods_keyword_only_inputs_dicts_factories_and_partials_are_called():
    hits = oracle_hits(small_release({"cs231n/vis_utils.py": ROW_10}))
    assert hits == [
        f"cs231n.vis_utils.{name} reproduces affine_forward"
        for name in (
            "_Preview().scores",
            "_dict_scores",
            "_kw_scores",
            "_make_scorer()",
            "_partial_scores",
        )
    ]


# Row 11: a helper defined only on a path the check does not take (the check runs without the
# compiled extension), and the other branch's definition of a name the import did define.
ROW_11 = f"""
HAVE_CYTHON = False
try:
    from cs231n.im2col_cython import col2im_cython

    def _affine_compiled(images, weights, bias):
        {AFFINE}
except ImportError:
    pass

if HAVE_CYTHON:

    def _affine_fast(images, weights, bias):
        {AFFINE}

    def _scores(images, weights, bias):
        {AFFINE}
else:

    def _scores(images, weights, bias):
        return images

if True:

    def _shown(images, weights, bias):
        {AFFINE}
"""


def test_definitions_under_any_module_level_block_are_called_every_branch():
    hits = oracle_hits(small_release({"cs231n/fast_extra.py": ROW_11}))
    assert hits == [
        f"cs231n.fast_extra.{name} reproduces affine_forward"
        for name in ("_affine_compiled", "_affine_fast", "_scores (line 16)", "_shown")
    ]


def test_a_block_definition_the_check_cannot_make_stops_the_build_by_name():
    module = (
        "try:\n    from cs231n.im2col_cython import col2im_cython\n\n"
        f"    def _affine(images, weights, bias, fold=col2im_cython):\n        {AFFINE}\n"
        "except ImportError:\n    pass\n"
    )
    with pytest.raises(ORACLE.OracleError) as refused:
        ORACLE.check_release(small_release({"cs231n/fast_extra.py": module}), shipped.STUDENT_FILES)
    message = str(refused.value)
    assert "could not import" in message
    assert "cs231n.fast_extra: ValueError: _affine (line 4" in message
    assert "NameError" in message


# Rows 18b and 19: a plotting helper that returns the naive convolution it draws, slow at every
# call (it draws first). The 3 s the check gave each function were spent on the first test
# vectors, so it was never tried on the convolution's; each vector now has its own budget.


def _slow_filter_responses(images, filters, bias, conv_param):
    time.sleep(0.1)  # drawing the grid of responses
    stride, pad = conv_param["stride"], conv_param["pad"]
    padded = np.pad(images, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    windows = np.lib.stride_tricks.sliding_window_view(padded, filters.shape[2:], axis=(2, 3))
    windows = windows[:, :, ::stride, ::stride]
    return np.einsum("nchwij,fcij->nfhw", windows, filters) + bias[None, :, None, None]


def test_a_slow_helper_is_still_tried_on_every_graded_vector():
    names = [graded for graded, *_ in ORACLE.master_cases()]
    cases = ORACLE.master_cases()[: names.index("conv_forward_naive") + 1]
    assert {name.split("_")[0] for name in names[: len(cases) - 1]} == {"affine", "relu"}
    previous = signal.signal(signal.SIGALRM, oracle_child._alarm)
    try:
        found = oracle_child.reproduces(_slow_filter_responses, cases)
    finally:
        signal.signal(signal.SIGALRM, previous)
    assert found == ["conv_forward_naive"]


# Row 19, the exemption itself: the paraphrase search named the helper's lines, its message says
# how to exempt them, and the TA did; nothing asked about the exemption. Now a new exemption is
# confirmed by its entry, like new provided code, before a build takes it.


def test_a_new_exemption_from_the_paraphrase_search_is_confirmed_by_its_entry(
    tiny_master,  # noqa: F811 (the fixture)
):
    record(tiny_master, **TINY_LISTS)
    entry = "cs231n/layers.py | norm | g * (a - m) / np.sqrt(v + e) + b"
    write_files(
        tiny_master,
        {RECORD.PARAPHRASES_RECORD: f"# a plotting helper, not the solution\n{entry}\n"},
    )
    commit_all(tiny_master)
    asked = f"a new exemption from the paraphrase search, {entry!r}"
    with pytest.raises(RECORD.RecordError, match="differs from its reviewed record") as refused:
        release.assemble_release(tiny_master, **TINY_LISTS)
    assert asked in str(refused.value)
    with pytest.raises(RECORD.RecordError, match="refusing to record") as refused:
        record(tiny_master, **TINY_LISTS)
    assert asked in str(refused.value)
    assert f"--ships-code {shlex.quote(entry)}" in str(refused.value)
    record(tiny_master, ships_code=(entry,), **TINY_LISTS)
    release.assemble_release(tiny_master, **TINY_LISTS)
