"""The diagnosis engine (cs231n/diagnose.py) and the hint catalog (cs231n/hints.py) on arrays."""

import numpy as np
import pytest

from cs231n import diagnose, hints
from cs231n.grading.core import CheckFailed, Measurement
from cs231n.grading.measure import compare, hint_lines, hinted, with_hints

RNG = np.random.default_rng(231)
E = RNG.standard_normal((6, 5))


@pytest.fixture(autouse=True)
def no_sizes_from_other_tests():
    """A check run earlier in this process leaves its sizes (labels, N) in place (the grader
    resets them when the next check starts); these tests name their own."""
    diagnose.set_sizes()
    yield


def kinds(actual, expected, **kwargs):
    return [s.kind for s in diagnose.diagnose(actual, expected, **kwargs)]


def test_equal_arrays_have_no_symptom():
    assert diagnose.diagnose(E, E + 1e-13) == []


@pytest.mark.parametrize(
    "factor, sizes, name",
    [
        (1 / 6, {"N": 6}, "1/N"),
        (6.0, {"N": 6}, "N"),
        (0.5, {}, "1/2"),
        (2.0, {}, "2"),
        (np.sqrt(5 / 6), {"N": 6}, "sqrt((N-1)/N)"),
        (0.3, {"p": 0.3}, "p"),
        (1 / 0.3, {"p": 0.3}, "1/p"),
        (7.0, {}, "7"),
    ],
)
def test_a_constant_factor_is_named_after_the_sizes(factor, sizes, name):
    with diagnose.sizes(**sizes):
        (symptom,) = diagnose.diagnose(factor * E, E)
    assert symptom.kind == "factor" and name in symptom.names
    assert symptom.factor == pytest.approx(factor)


def test_sign_transpose_flip_and_nonfinite():
    square = RNG.standard_normal((4, 4))
    kernel = RNG.standard_normal((2, 3, 3, 3))
    assert diagnose.diagnose(-E, E)[0].names == ("-1",)
    assert kinds(square.T, square) == ["transpose"]
    assert kinds(kernel[..., ::-1, ::-1], kernel) == ["flip"]
    broken = E.copy()
    broken[2, 3] = np.nan
    assert kinds(broken, E) == ["nonfinite"]
    assert kinds(np.zeros_like(E), E) == ["zero"]


def test_an_offset_constant_along_an_axis_names_the_axes_it_varies_along():
    column_term = RNG.standard_normal(5)
    (symptom,) = diagnose.diagnose(E + column_term, E)
    assert symptom.kind == "offset" and symptom.names == ("varies along (1,)",)
    (symptom,) = diagnose.diagnose(E + column_term * 0 + RNG.standard_normal((6, 1)), E)
    assert symptom.names == ("varies along (0,)",)


def test_masks_border_and_one_entry_per_row():
    x = RNG.standard_normal((6, 5))
    relu_grad = E * (x > 0)
    assert kinds(E, relu_grad) == ["leak"]  # gradient let through where x <= 0
    assert kinds(E * (x < 0), relu_grad) == ["inverted mask"]
    image = RNG.standard_normal((2, 3, 5, 5))
    wrong = image.copy()
    wrong[:, :, 0, :] += RNG.standard_normal((2, 3, 5))
    wrong[:, :, :, -1] += RNG.standard_normal((2, 3, 5))
    assert kinds(wrong, image) == ["border"]
    rows = E.copy()
    rows[np.arange(6), [0, 1, 2, 3, 4, 0]] -= 1
    assert kinds(rows, E) == ["one per row"]


def test_unchanged_state_and_inputs_are_recognized():
    before = RNG.standard_normal((3, 4))
    assert kinds(before, before * 0.9 + 0.1, before=before) == ["unchanged"]
    with diagnose.sizes(inputs=[E]):
        assert kinds(E, E * (E > 0)) == ["unchanged"]


@pytest.mark.parametrize(
    "actual, expected, fragment",
    [
        ((10, 5), (5,), "keeps an extra axis 0"),
        ((5,), (5, 3), "axis 1 (length 3) was summed away"),
        ((3, 4), (4, 3), "transposed"),
        ((10, 6), (10, 2, 3), "reshape is missing"),
        ((10,), (5,), "has shape (10,), expected (5,)"),
        ((2, 3, 0, 0), (2, 3, 5, 4), "empty in its last two (spatial) axes"),
        ((2, 3, 0, 0), (2, 3, 6, 6), "empty in its last two (spatial) axes"),
    ],
)
def test_shape_symptoms_say_how_the_shapes_relate(actual, expected, fragment):
    assert fragment in diagnose.shape_symptom(actual, expected).describe("db")


def test_a_difference_without_structure_has_no_symptom_and_no_hint():
    noise = E + RNG.standard_normal(E.shape)
    assert diagnose.diagnose(noise, E) == []
    found = [("dx", False, ()), ("dw", False, ())]
    assert hints.check_hints("affine_backward", found) == []


def test_a_tiny_miss_is_not_explained_by_a_factor_of_one():
    assert diagnose.diagnose(E * (1 + 6e-6), E) == []


def test_check_hints_say_only_what_is_certain():
    factor = diagnose.diagnose(E / 10, E)
    with diagnose.sizes(N=10):
        factor = diagnose.diagnose(E / 10, E)
    found = [("dx", True, ()), ("dw", True, ()), ("db", False, tuple(factor))]
    lines = hints.check_hints("affine_backward", found)
    assert lines[0] == "db is wrong; dx and dw are right"
    assert lines[1].startswith("db is N times too small")
    assert hints.check_hints("affine_backward", [("dx", True, ())]) == []
    # Symptoms that disagree between cases give no cause, only the certain part.
    two = diagnose.diagnose(E / 3, E)
    found = [("db (stride 1)", False, tuple(factor)), ("db (stride 2)", False, tuple(two))]
    assert hints.check_hints("conv_backward_naive", found + [("dx", True, ())]) == [
        "db is wrong; dx is right"
    ]


def test_a_variant_that_alone_fails_is_named():
    found = [
        ("dW1 (reg=0.0)", True, ()),
        ("dW1 (reg=3.14)", False, ()),
        ("db1 (reg=3.14)", True, ()),
    ]
    lines = hints.check_hints("FullyConnectedNet.loss", found)
    assert any("only the case with regularization is wrong" in line for line in lines)


def test_measurements_carry_symptoms_and_hints_only_when_failing():
    passing = compare("db", E.sum(0), E.sum(0), 1e-8)
    assert passing.passed and passing.symptoms == () and hint_lines([passing]) == []
    with diagnose.sizes(N=6):
        failing = compare("db", E.mean(0), E.sum(0), 1e-8)
    assert failing.symptoms[0].kind == "factor"
    measured = with_hints("affine_backward", [Measurement("dx rel. error", 0.0, 1e-8), failing])
    assert hint_lines(measured)[0] == "hint: db is wrong; dx is right"
    assert "hint: db is N times too small" in hint_lines(measured)[1]


def test_a_hidden_grader_judge_gets_hints_and_shape_errors_say_why():
    header = {"op": "backward", "args": [{"$a": "i0"}], "dout": {"$a": "i1"}}
    arrays = {"i0": RNG.standard_normal((6, 4)), "i1": E}

    def judge(value):
        return [
            compare("dx vs reference", value["dx"], E, 1e-8),
            compare("db vs reference", value["db"], E.sum(0), 1e-8),
        ]

    judged = hinted("affine_backward", judge, header, arrays)({"dx": E, "db": E.mean(0)})
    assert "hint: db is N times too small" in "\n".join(hint_lines(judged))
    with pytest.raises(CheckFailed) as error:
        judged = hinted("affine_backward", judge, header, arrays)({"dx": E, "db": E.sum(1)})
    assert str(error.value).splitlines()[0] == "db vs reference has shape (6,), expected (5,)"
    assert "hint: db needs one entry per output unit" in str(error.value)


def test_the_catalog_names_only_graded_functions_and_holds_sentences():
    from cs231n.grading import all_checks

    names = {c.name for c in all_checks()}
    assert set(hints.CATALOG) <= names | {"TwoLayerNet.__init__", "TwoLayerNet.loss"}
    for entries in hints.CATALOG.values():
        for pattern, kind, factor, sentence in entries:
            assert isinstance(sentence, str) and "\n" not in sentence
            assert "np." not in sentence  # sentences, not code


def _dropout_hints(kept, p):
    from cs231n.grading.checks_dropout import dropped_share

    found = dropped_share(kept, p)
    return [m.label for m in found if not m.passed], hint_lines(
        with_hints("dropout_forward", found)
    )


def test_one_dropout_mask_for_the_batch_is_named_not_blamed_on_p():
    rng = np.random.default_rng(0)
    p = 0.4
    # Its own mask per example, the share of kept units right: nothing fails.
    assert _dropout_hints(rng.random((400, 500)) < p, p) == ([], [])
    # One row's mask repeated over the batch: only the shared mask is named.
    row = rng.random(500) < p
    failing, lines = _dropout_hints(np.broadcast_to(row, (400, 500)), p)
    assert failing == ["each example has its own mask"]
    assert lines == [
        "hint: every example has the same units dropped: one mask is shared by the whole "
        "batch; draw the mask per element, with x's full shape (x.shape)"
    ]
    # Shared and with p as the drop probability: both are said.
    failing, lines = _dropout_hints(np.broadcast_to(rng.random(500) < 1 - p, (400, 500)), p)
    assert failing == ["each example has its own mask", "fraction of zeros - (1 - p) max |diff|"]
    assert any("p is the probability of keeping" in line for line in lines)
    # One draw per example, broadcast over its units: that is named, not p.
    failing, lines = _dropout_hints(np.broadcast_to(rng.random((400, 1)) < p, (400, 500)), p)
    assert failing == ["each unit has its own draw"]
    assert lines == [
        "hint: out keeps or drops whole examples (every unit of a row at once): one random "
        "number is drawn per example and broadcast over its units; draw the mask per element, "
        "with x's full shape (x.shape)"
    ]
