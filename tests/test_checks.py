"""cs231n.checks: the provided input checks return nothing and name what is wrong."""

import ast
from pathlib import Path

import numpy as np
import pytest

from cs231n import checks

GOOD_CALLS = [
    (checks.check_windows_tile, (7, 3, 1, 2, "conv height")),
    (checks.check_affine_inputs, (np.zeros((2, 3, 4)), np.zeros((12, 5)), np.zeros(5))),
    (checks.check_scores_and_labels, (np.zeros((3, 4)), np.array([0, 3, 1]), "svm_loss")),
    (checks.check_batchnorm_inputs, (np.zeros((4, 3)), np.ones(3), np.zeros(3), {"mode": "test"})),
    (checks.check_dropout_param, ({"p": 1.0, "mode": "train"},)),
    (
        checks.check_conv_inputs,
        (np.zeros((1, 3, 5, 5)), np.zeros((2, 3, 3, 3)), np.zeros(2), {"stride": 2, "pad": 1}),
    ),
    (checks.check_pool_inputs, ((1, 3, 6, 4), {"pool_height": 2, "pool_width": 2, "stride": 2})),
    (
        checks.check_groupnorm_inputs,
        (np.zeros((2, 6, 3, 3)), np.ones((1, 6, 1, 1)), np.zeros((1, 6, 1, 1)), 3),
    ),
]


@pytest.mark.parametrize("check, args", GOOD_CALLS, ids=[c.__name__ for c, _ in GOOD_CALLS])
def test_checks_return_nothing_for_valid_inputs(check, args):
    assert check(*args) is None  # no output size or padded input for the student to reuse


@pytest.mark.parametrize(
    "size, window, pad, stride, message",
    [
        (
            6,
            3,
            1,
            2,
            r"conv height: \(input 6 \+ 2\*pad 1 - window 3\) = 5 is not divisible by "
            r"stride 2; the windows do not tile the input",
        ),
        (2, 5, 0, 1, "conv height: a window of 5 does not fit an input of 2 with pad 0"),
        (4, 2, 0, 0, r"conv height: need stride >= 1, pad >= 0 and window >= 1 \(got stride=0"),
    ],
)
def test_windows_that_do_not_tile_are_named(size, window, pad, stride, message):
    with pytest.raises(ValueError, match=message):
        checks.check_windows_tile(size, window, pad, stride, "conv height")


def test_pool_keys_and_tiling_are_checked():
    with pytest.raises(ValueError, match="pool_param is missing the key 'stride'"):
        checks.check_pool_inputs((1, 1, 4, 4), {"pool_height": 2, "pool_width": 2})
    with pytest.raises(ValueError, match="max pool width"):
        checks.check_pool_inputs((1, 1, 4, 5), {"pool_height": 2, "pool_width": 2, "stride": 2})


def test_checks_import_only_numpy():
    tree = ast.parse(Path(checks.__file__).read_text("utf-8"))
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    imported |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert imported == {"numpy"}
