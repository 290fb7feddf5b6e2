"""Hints: what a failing check's symptoms mean, in the graded function's own terms.

`cs231n.diagnose` finds exact symptoms (``db is 10 times too small``); this catalog says what
they usually mean for each function (``sum over the batch instead of averaging``). It holds
sentences only. When the symptoms say nothing certain, no hint is given; when only some arrays
are wrong, the hint says which ("dx is wrong; dw and db are right").

`check_hints(function, findings)` returns the hint sentences of one check, where each finding is
``(label, passed, symptoms)`` of one measurement.
"""

import dataclasses
import re

# The catalog: per graded function, entries (label pattern, symptom kind, factor name, sentence).
# The pattern is searched in the measurement's label; kind "failed" matches a failing measurement
# without a symptom (a requirement, a statistic); a factor name of None matches any.
ANY_BATCH_SUM = "the gradient of a sum over the batch is a sum over the batch, not a mean"

# The output of any normalization layer (batch, layer, spatial batch, group) that scales and
# shifts its raw input instead of the normalized one.
_X_HAT_UNUSED = [
    (
        r"^x_hat unused",
        "failed",
        None,
        "out is gamma times the input x plus beta (or x itself): x_hat, the normalized "
        "input, is computed but not used; gamma and beta scale and shift x_hat",
    ),
    (
        r"^out",
        "matches",
        "x_hat unused",
        "out is gamma times the input x plus beta: x_hat, the normalized input, is "
        "computed but not used; gamma and beta scale and shift x_hat",
    ),
]

# Output sizes of a sliding-window layer (conv and max pool) counted without the 1 + or the
# stride.
_WINDOW_COUNT_SHAPES = [
    (
        r"^out",
        "shape",
        "the output size without the 1 +",
        "out has shape {shape}, expected {expected_shape}: its wrong sizes are one too "
        "small, what the output size without its 1 + gives (the first window position "
        "counts too)",
    ),
    (
        r"^out",
        "shape",
        "the output size without the stride",
        "out has shape {shape}, expected {expected_shape}: its wrong sizes are what "
        "windows at every pixel give; windows start every stride pixels, so the span is "
        "divided by stride",
    ),
]

# Known mistakes of a normalization layer's output, the same for batch and layer norm.
_NORMALIZED_OUTPUT = [
    (
        r"^out",
        "matches",
        "only the mean divided by the std",
        "out is not centered: it is what subtracting only the mean divided by the standard "
        "deviation gives; the division applies to x minus the mean as a whole (parentheses: "
        "* and / bind before -)",
    ),
    (
        r"out|std",
        "matches",
        "multiplied by the std where divided",
        "out is what multiplying x minus the mean by the standard deviation, sqrt(var + eps), "
        "gives: it is divided by it (or multiplied by its inverse, inv_std)",
    ),
    (
        r"^out",
        "matches",
        "the mean not subtracted",
        "out is not centered: its mean is what dividing by the standard deviation without "
        "first subtracting the mean gives (or subtracting a mean that is still 0, such as a "
        "running mean before its first update, where the batch's own mean belongs)",
    ),
    (
        r"^out \(gamma",
        "matches",
        "gamma and beta swapped",
        "out's statistics are those of gamma and beta swapped: scale by gamma and shift by beta",
    ),
    (
        r"std",
        "matches",
        "the std used as the variance",
        "the output's spread is what dividing by the square root of the standard deviation "
        "gives: the standard deviation was used where the variance belongs",
    ),
    (
        r"std",
        "matches",
        "the mean of squares used as the variance",
        "the output's spread is what dividing by the root of the mean of x squared gives: the "
        "variance is the mean of the squared deviations from the mean (x minus its mean, "
        "squared), not the mean of x squared",
    ),
    (
        r"std",
        "matches",
        "the length of x minus the mean used as the std",
        "the output's spread is what dividing by the length (L2 norm) of x minus the mean "
        "gives: the variance is the mean of the squared deviations (their sum divided by "
        "the number of entries), and the std its square root",
    ),
    (
        r"std",
        "matches",
        "the variance without its square root",
        "the output's spread is what dividing by the variance gives: the square root of "
        "the variance (plus eps) is missing",
    ),
]


def _dx_terms(per, over):
    """dx of a normalization off, per feature (batch norm) or per example (layer norm), by a
    multiple of dx_hat = dout * gamma: the term that goes straight through x_hat (not through
    the mean or the variance) has the wrong factor; ``per`` is "feature" or "example", ``over``
    what the mean and variance are taken over."""
    direct = (
        "the term of dx that goes straight through x_hat (dx_hat times inv_std, dx_hat = dout "
        "* gamma; not the terms through the mean and the variance)"
    )
    of = "the batch" if per == "feature" else "each example's"
    variance = f"the term of dx through {of} variance (a multiple of x_hat for each {per})"
    mean = f"the term of dx through {of} mean (the same for every entry of a {per})"
    other, size = ("D", "the number of features") if over == "N" else ("N", "the batch size")
    own = "the batch size" if over == "N" else "the number of features"
    return [
        (
            r"^dx",
            "column factor",
            "std^2",
            f"dx is var + eps times too large for each {per}: the standard deviation "
            "sqrt(var + eps) is used where its inverse inv_std belongs (check what the cache "
            "holds and what the backward pass reads from it)",
        ),
        (
            r"^dx",
            "axis term",
            f"x_hat term times {over}/{other}",
            f"the terms of dx through {of} mean and variance are divided by {other}, "
            f"{size}, where {over}, {own}, belongs (check where {over} is read from)",
        ),
        (
            r"^dx",
            "axis term",
            "x_hat term without its factor inv_std / size",
            f"{variance} lacks its factor inv_std / {over}: in the closed form inv_std / {over} "
            "multiplies all three terms (a parenthesis that closes early leaves the last one "
            "out)",
        ),
        (
            r"^dx",
            "axis term",
            "dx_hat term divided by its scale",
            f"{direct} is divided by inv_std where it is multiplied by it: x_hat is x - mean "
            "times inv_std, so the gradient through x_hat is dx_hat times inv_std",
        ),
        (
            r"^dx",
            "axis term",
            "dx_hat term its scale left out",
            f"{direct} lacks its factor inv_std: x_hat is x - mean times inv_std, so the gradient "
            "through x_hat is dx_hat times inv_std",
        ),
        (
            r"^dx",
            "axis term",
            "dx_hat term its scale applied twice",
            f"{direct} has inv_std twice: x_hat, x - mean times inv_std, brings one factor inv_std",
        ),
        (
            r"^dx",
            "axis term",
            f"dx_hat term times 1/{over}",
            f"{direct} is {over} times too small: in the closed form, inv_std / {over} "
            f"multiplies {over} * dx_hat (the first term has the factor {over}), minus the two "
            "sums",
        ),
        (
            r"^dx",
            "axis term",
            "dx_hat term left out",
            f"{direct} is missing (left out, or overwritten by the term through the variance "
            f"where the two are added): dx is inv_std / {over} times ({over} * dx_hat minus the "
            "two sums)",
        ),
        (
            r"^dx",
            "axis term",
            "x_hat term x_hat where x - mean belongs",
            f"{variance} is off by a factor inv_std: it uses x_hat where x - mean belongs (x_hat "
            "is x - mean already multiplied by inv_std), e.g. in the gradient of inv_std or of "
            "the variance",
        ),
        (
            r"^dx",
            "axis term",
            "x_hat term x - mean where x_hat belongs",
            f"{variance} is off by a factor std (1 / inv_std): a factor inv_std is missing "
            "from it (a power of inv_std one too small, say), or it uses x - mean where x_hat "
            "belongs",
        ),
        (
            r"^dx",
            "axis term",
            "x_hat term left out",
            f"{variance} is missing (dx is off by a multiple of x_hat for each {per})",
        ),
        (
            r"^dx",
            "axis term",
            "x_hat term times -1",
            f"{variance} has the wrong sign: inv_std, the power -1/2 of var + eps, has the "
            "derivative -1/2 times inv_std cubed",
        ),
        (
            r"^dx",
            "axis term",
            f"x_hat term times 1/{over}",
            f"{variance} is {over} times too small: it is divided by {over} twice "
            f"(the variance, a sum of squares divided by {over}, brings one 1/{over})",
        ),
        (
            r"^dx",
            "axis term",
            f"x_hat term times {over}",
            f"{variance} is {over} times too large: the variance, a sum of squares divided by "
            f"{over}, brings a 1/{over}",
        ),
        (
            r"^dx",
            "axis term",
            "x_hat term times 2",
            f"{variance} is twice too large: check its factors (-0.5 from the power -1/2, 2 "
            "from the square)",
        ),
        (
            r"^dx",
            "axis term",
            "x_hat term times 1/2",
            f"{variance} is half of what it should be: check its factors (-0.5 from the power "
            "-1/2, 2 from the square)",
        ),
        (
            r"^dx",
            "offset",
            f"mean term times 1/{over}",
            f"{mean} is {over} times too small: it is divided by {over} twice (a mean where "
            f"the sum belongs, then divided by {over} again)",
        ),
        (
            r"^dx",
            "offset",
            f"mean term times {over}",
            f"{mean} is {over} times too large: the mean, a sum divided by {over}, brings a "
            f"1/{over}",
        ),
        (
            r"^dx",
            "offset",
            "mean term times -1",
            f"{mean} has the wrong sign: x - mean subtracts the mean",
        ),
        (
            r"^dx",
            "offset",
            "mean term left out",
            f"{mean} is missing: x - mean depends on every x through the mean; it subtracts "
            "the sum of dx_hat over the axis (a sum of x_hat in its place is 0: x_hat instead "
            "of dx_hat)",
        ),
        (
            r"^dx",
            "axis term",
            "dx_hat alone",
            f"dx is off, for each {per}, by a multiple of dx_hat = dout * gamma: {direct} has "
            "the wrong factor",
        ),
        (
            r"^dx",
            "axis term",
            "dx_hat and an offset",
            f"dx is off, for each {per}, by a multiple of dx_hat = dout * gamma plus a "
            f"constant: {direct} has the wrong factor (and so has the term through the mean, "
            "if it is computed from it)",
        ),
    ]


# A regularization term divided or multiplied by the batch size N (with N = 2, "half" and
# "twice" are the same numbers: the sentence says both).
_REG_PER_BATCH = [
    (
        r"^loss increase",
        "factor",
        "1/N, not a small constant",
        "the regularization term is N times too small (N, the batch size): it is divided by "
        "N, but only the data loss is averaged over the batch",
    ),
    (
        r"^loss increase",
        "factor",
        "N, not a small constant",
        "the regularization term is N times too large (N, the batch size): it is multiplied "
        "by N or added once per example, where it is added once",
    ),
]


# A loss averaged over all N * C scores: C (the number of classes) times too small.
LOSS_OVER_CLASSES = (
    "the loss is C times too small (C, the number of classes): it is averaged over all N * C "
    "entries, a mean over the classes too; it sums over the classes and averages over the N "
    "examples only"
)
DX_OVER_CLASSES = (
    "dx is C times too small (C, the number of classes): it is divided by N * C, every entry, "
    "where the average over the N examples divides by N only"
)

# Stored optimizer state equal to a known transform of the expected state (every update rule).
_STATE_MISTAKES = [
    (
        r"^config\['(m|v)'\]",
        "matches",
        "the bias-corrected value",
        "config['{key}'] holds the bias-corrected value (divided by 1 - beta**t): config must "
        "keep the uncorrected running average, which the next call continues from; the bias "
        "correction only enters this step (keep the corrected values in separate variables)",
    ),
    (
        r"^config\['(\w+)'\]",
        "matches",
        "its square root",
        "config['{key}'] holds the square root of the running average: store the average of "
        "the squared gradients itself; the square root is taken only in the step",
    ),
    (
        r"^config\['(\w+)'\]",
        "matches",
        "the decay weights swapped, or learning_rate as the decay weight",
        "config['{key}'] has decay_rate and 1 - decay_rate swapped, or reads its decay weight "
        "from config['learning_rate'] (here learning_rate = 1 - decay_rate, so both give this "
        "value): decay_rate weighs the old value",
    ),
    (
        r"^config\['(\w+)'\]",
        "matches",
        "learning_rate as the decay weight",
        "config['{key}'] is what learning_rate in place of the decay weight gives: the running "
        "average's old value is weighed by its own decay rate (decay_rate, beta1 or beta2), "
        "not by the learning rate",
    ),
    (
        r"^config\['t'\]",
        "matches",
        "the state restarted at each call",
        "config['t'] is 1 after a call whose config held a later count: t starts over at every "
        "call instead of counting on from the value config holds (it starts at 0 only in a "
        "config that has none)",
    ),
    (
        r"^config\['(\w+)'\]",
        "matches",
        "the state restarted at each call",
        "config['{key}'] is what starting from zeros gives: the value config holds from the "
        "previous call is not read, so the average starts over at every call (it starts at "
        "zeros only in a config that has none)",
    ),
    (
        r"^config\['(\w+)'\]",
        "matches",
        "the new term without its weight",
        "config['{key}'] adds the new term without its weight: in the decaying average the "
        "old value is weighted by the decay rate and the new one by 1 minus it (1 - decay_rate, "
        "1 - beta1, 1 - beta2)",
    ),
    (
        r"^config\['(\w+)'\]",
        "matches",
        "the old value without its weight",
        "config['{key}'] keeps the old value without its weight: in the decaying average the "
        "old value is multiplied by the decay rate (decay_rate, beta1, beta2)",
    ),
    (
        r"^(config\[|next_w)",
        "matches",
        "the sign of dw in place of dw",
        "{array} is what the sign of dw (+1 or -1 per entry) in place of dw gives: the update "
        "uses the gradient's values, not only their signs",
    ),
    (
        r"^(config\[|next_w)",
        "matches",
        "dw clipped to [-1, 1]",
        "{array} is what dw clipped to [-1, 1] gives: the update uses dw as it is (nothing "
        "clips it)",
    ),
    (
        r"^config\['cache'\]",
        "matches",
        "divided by 1 - decay_rate",
        "config['cache'] holds the running average divided by 1 - decay_rate (a bias "
        "correction, as Adam's): RMSProp has no bias correction; store the decaying average "
        "itself",
    ),
    (
        r"^next_w",
        "matches",
        "the step with the cache divided by 1 - decay_rate",
        "next_w is what the cache divided by 1 - decay_rate (a bias correction, as Adam's) "
        "gives in the step: RMSProp has no bias correction; divide by the square root of the "
        "cache itself (plus epsilon)",
    ),
    (
        r"^config\['(\w+)'\]",
        "matches",
        "the update applied twice",
        "config['{key}'] has its update applied twice: update the state once per call",
    ),
]

# A loss layer wrong only on the check's scores of spread 100 (softmax_loss and svm_loss).
WIDE_SCORES = (
    r"^loss \(scores of spread 100\)",
    "failed",
    None,
    "the loss is wrong only for scores that lie hundreds apart: something changes large scores "
    "or margins (a clip, a cap, a threshold); use the scores as they are (for numerical "
    "stability, shifting each row by its maximum changes nothing)",
)

# An output of another dtype than its input (any layer whose check measures it).
OUT_DTYPE = (
    r"^out (keeps x's dtype|has dtype)",
    "failed",
    None,
    "out has another dtype than the inputs: something casts it (astype, a dtype= given, "
    "float32) or it was made as an array of another dtype; compute it in x's dtype",
)

CATALOG = {
    "affine_forward": [
        (
            r"^out \(b - 3",
            "matches",
            "its negative entries set to 0",
            "out has its negative entries set to 0, as a ReLU would: the affine layer returns "
            "x @ w + b as it is, negative numbers included (the ReLU is a layer of its own)",
        ),
        (
            r"^out",
            "matches",
            "b added to the rows of w",
            "out is what x @ (w + b) gives: b is added to every row of w before the product "
            "(each example gets b times the sum of its features); add b once, to x @ w",
        ),
        (
            r"^out",
            "matches",
            "x flattened with its axes in another order",
            "out is right when x has 2 axes, and is what flattening x with its axes in another "
            "order gives when it has more: each example's numbers must be flattened in the order "
            "of x's axes (row-major, the default C order of reshape), without a transpose or "
            "order='F' first",
        ),
        (
            r"^out",
            "offset",
            "varies along (1,)",
            "out is off by the same amount in every row: "
            "the bias b is "
            "missing, added twice or added with the wrong sign",
        ),
        (
            r"^out",
            "factor",
            None,
            "out is a multiple of the right answer: check for an extra "
            "scale factor in the product or the bias",
        ),
    ],
    "affine_backward": [
        (
            r"^dw",
            "rows reordered",
            None,
            "dw holds the right rows in another order: row d of dw belongs to feature d of x "
            "as x.reshape(N, -1) lays the features out (row-major, C order); a transpose of x "
            "or order='F' before the flatten reorders them",
        ),
        (
            r"^dw",
            "matches",
            "the outer product of the batch sums",
            "dw is the outer product of x's sum over the batch and dout's: the sums over the "
            "batch come first there; dw sums each example's own product (x of one example times "
            "its dout), which the matrix product of x's transpose (N, D flattened) and dout does",
        ),
        (
            r"^dw",
            "matches",
            "x reshaped to (D, N) instead of transposed",
            "dw is what x reshaped to (D, N) gives: a reshape keeps the numbers in their order, "
            "so it scrambles them where a transpose belongs (the flattened x, (N, D), "
            "transposed)",
        ),
        (r"^db", "shape", "kept", "db keeps the batch axis: sum dout over the examples (axis 0)"),
        (
            r"^db",
            "shape",
            "wrong axis",
            "db needs one entry per output unit (length M): sum "
            "dout over the batch axis 0, not over the output axis 1",
        ),
        (r"^d[bw]", "factor", "1/N", "{array} is N times too small: " + ANY_BATCH_SUM),
        (
            r"^d[xbw]",
            "factor",
            "N",
            "{array} is N times too large: nothing in affine_backward multiplies by the batch size",
        ),
        (
            r"^dx",
            "shape",
            "reshape",
            "dx has the entries of x in the wrong shape: reshape it "
            "back to x.shape (x may have more than two axes)",
        ),
        (
            r"^dw",
            "shape",
            "unflattened",
            "dw has shape {shape}, expected {expected_shape}: it is built from x's own axes "
            "where their product D belongs: x was not reshaped to (N, D) before the product (on "
            "an x of more than two axes, x.T reverses every axis)",
        ),
        (r"^dw", "shape", "transposed", "dw is transposed: it must have the shape of w, (D, M)"),
        (
            r"^dw",
            "shape",
            "reshape",
            "dw has the right size in the wrong shape: it must have the shape of w, (D, M)",
        ),
        (r"^dw", "transpose", None, "dw is transposed: it must have the shape of w, (D, M)"),
        (
            r"^d",
            "factor",
            "-1",
            "{array} has the wrong sign: the backward pass of a product has no minus",
        ),
    ],
    "relu_forward": [
        (
            r"^out",
            "relu parts",
            "both parts",
            "out is neither 0 where x is negative nor x itself where x is positive: ReLU is "
            "max(0, x), entry by entry (another activation, such as a sigmoid or tanh, changes "
            "both)",
        ),
        (
            r"^out",
            "relu parts",
            "negative entries",
            "out is not 0 where x is negative, and right where x is positive: ReLU sets every "
            "negative entry to 0 (max(0, x), not a small slope or the absolute value)",
        ),
        (
            r"^out",
            "relu parts",
            "positive entries",
            "out is not x where x is positive, and right where x is negative: ReLU passes each "
            "positive entry through unchanged (max(0, x), with no scale or clip)",
        ),
        (
            r"^out",
            "matches",
            "the mask of the positive entries",
            "out is 1 where x is positive: it is the mask alone; positive entries must pass "
            "through with their own value",
        ),
        (
            r"^out",
            "leak",
            None,
            "out keeps some negative inputs: ReLU sets every negative entry to 0",
        ),
        (
            r"^out",
            "inverted mask",
            None,
            "out is x where x is negative and 0 where x is positive: it keeps the negative part "
            "(a minimum with 0, or the comparison reversed); ReLU keeps the positive part, "
            "max(0, x)",
        ),
        (
            r"^out",
            "blocked",
            None,
            "out is 0 where the input is positive: ReLU passes positive entries unchanged",
        ),
        (
            r"^out",
            "shape",
            "reshape",
            "out has shape {shape}, expected {expected_shape}: out must keep the shape of x "
            "(ReLU acts entry by entry, on x of any number of axes, such as the conv net's "
            "(N, F, H, W)); nothing is reshaped or flattened",
        ),
    ],
    "relu_backward": [
        (
            r"^dx where x == 0",
            "failed",
            None,
            "dx is not 0 where x is exactly 0: the gradient flows only where the input was "
            "positive (x > 0, not x >= 0)",
        ),
        (
            r"^dx",
            "whole numbers",
            "0/1",
            "dx holds only 0s and 1s (True/False): it is the result of a comparison, not a "
            "gradient; a comparison (>) binds less tightly than *, so without parentheses "
            "around the mask the product is compared with 0 (a boolean)",
        ),
        (
            r"^dx",
            "matches",
            "the local gradient without dout",
            "dx is the local gradient (the mask) alone: multiply it by dout (the chain rule)",
        ),
        (
            r"^dx",
            "leak",
            None,
            "dx lets the gradient through where the input x was <= 0: only "
            "entries with x > 0 pass dout on (x is in the cache)",
        ),
        (
            r"^dx",
            "blocked",
            None,
            "dx is 0 where the input x was positive: there dout passes through unchanged",
        ),
        (r"^dx", "unchanged", None, "dx is dout itself: it must be 0 where the input x was <= 0"),
        (
            r"^dx",
            "inverted mask",
            None,
            "dx uses the opposite mask: the gradient passes where "
            "the input x was > 0 and is blocked where x <= 0",
        ),
        (r"^dx", "factor", "-1", "dx has the wrong sign: ReLU's local gradient is 1 or 0"),
        (
            r"^dx",
            "failed",
            None,
            "dx does not follow ReLU's mask: the mask comes from the input x (in the cache), "
            "as in the forward pass, and dout goes through it",
        ),
    ],
    "softmax_loss": [
        WIDE_SCORES,
        (
            r"^dx",
            "matches",
            "the correct class's term at columns y of every row",
            "dx is what writing each example's correct-class term into dx[:, y] gives: that "
            "indexes the columns y in every row (an N x N block), not one entry per row; one "
            "entry per row, row i and column y[i], takes two index arrays: the rows 0 to N-1, "
            "and y",
        ),
        (
            r"^(dx|loss)",
            "factor",
            "N/C",
            "{array} is divided by the number of classes C where the average over the N "
            "examples divides by N",
        ),
        (r"^loss", "factor", "N", "the loss is N times too large: average it over the N examples"),
        (r"^loss", "factor", "1/C", LOSS_OVER_CLASSES),
        (r"^dx", "factor", "1/C", DX_OVER_CLASSES),
        (
            r"^loss",
            "zero",
            None,
            "the loss is 0 for every set of scores, although their margins are positive: is it "
            "computed from an array changed before the loss read it? dx = margins makes one "
            "array, not a copy, so setting dx's entries in place changes margins too (compute "
            "the loss first, or copy)",
        ),
        (
            r"^loss",
            "factor",
            "1/N",
            "the loss is N times too small: it is the mean over the examples, divided by N once",
        ),
        (
            r"^dx",
            "matches",
            "p * (1 - p) in place of each probability p",
            "dx is what p * (1 - p) in place of each probability p gives (a sigmoid's "
            "derivative, the diagonal of softmax's Jacobian): with the cross-entropy loss, "
            "the gradient of the scores is p minus 1 at the correct class and p elsewhere, "
            "divided by N",
        ),
        (
            r"^loss",
            "matches",
            "a small constant added to the probabilities inside the log",
            "the loss is what log(p + eps) gives, a small constant (eps) added to the "
            "probabilities inside the log: take the log of the probabilities themselves (the "
            "shifted scores minus the log of their sum per row never reach log(0))",
        ),
        (
            r"^loss",
            "matches",
            "probabilities normalized over the batch",
            "the loss is what probabilities normalized over the batch (axis 0) give: each "
            "example's probabilities are normalized over its own classes (each row, axis 1)",
        ),
        (
            r"^loss",
            "matches",
            "every class's log-probability averaged",
            "the loss is what averaging -log p over every class of every example gives: the loss "
            "takes only each example's correct class (one entry per row, at y[i]) and averages "
            "those N values",
        ),
        (
            r"^loss",
            "matches",
            "the log taken before the sum over classes",
            "the loss is what a normalizer summing the log of each exponential gives (the log "
            "taken before the sum over classes): the normalizer is the log of the sum of the "
            "exponentials",
        ),
        (
            r"^loss",
            "matches",
            "every label taken for every example",
            "the loss is what taking every example's log-probability at every example's label "
            "gives: take one entry per row, row i at its own correct class y[i]",
        ),
        (
            r"^loss",
            "factor",
            "-1",
            "the loss has the wrong sign: it is minus the log of the correct class's probability",
        ),
        (
            r"^dx",
            "factor",
            "N",
            "dx is N times too large: the loss is an average, so its gradient is divided by N",
        ),
        (
            r"^dx",
            "factor",
            "1/N",
            "dx is N times smaller than the gradient of the loss as computed: if the loss is N "
            "times too large, dx is right and only the loss must be averaged; if not, dx is "
            "divided by N twice",
        ),
        (
            r"^dx",
            "factor",
            "-1",
            "dx has the wrong sign: the loss falls as the correct class's probability rises",
        ),
        (
            r"^dx",
            "one per row",
            None,
            "dx is wrong only at each example's correct class: the extra term that the "
            "correct class's log-probability contributes there is missing or wrong",
        ),
        (
            r"^dx",
            "offset",
            None,
            "dx is off by an amount that is the same along one axis: check "
            "the normalization of the probabilities (each row must sum to 1)",
        ),
        (
            r"^loss",
            "matches",
            "each column's maximum subtracted (axis 0)",
            "the loss is what subtracting each column's maximum (axis 0) gives: the shift that "
            "keeps exp from overflowing must be each row's own maximum (each example's, axis 1, "
            "kept as a column with keepdims=True); a per-column shift changes every row's "
            "softmax",
        ),
        (
            r"^(loss|dx).*near 1000",
            "nonfinite",
            None,
            "not finite for scores near 1000: exp of such scores is inf unless each row's "
            "maximum score is subtracted before exponentiating (it changes nothing else), and "
            "the log of a probability that rounds to 0 is -inf (use the log-sum-exp form)",
        ),
        (
            r"^loss",
            "nonfinite",
            None,
            "the loss is not finite already for small, ordinary scores, where exp "
            "cannot overflow: a log of 0 or of a negative number (or a division by zero). Check "
            "that what it "
            "takes the log of still holds the probabilities when the loss reads it: dx = probs "
            "makes one array, not a copy, so changing dx in place (dx -= 1, dx /= N) changes "
            "probs too (compute the loss first, or copy)",
        ),
        (
            r"^dx",
            "nonfinite",
            None,
            "dx is not finite already for small, ordinary scores, where exp cannot "
            "overflow: look for a division by zero or the log of 0 or of a negative number",
        ),
        (
            r"^loss",
            "factor",
            "1/C",
            LOSS_OVER_CLASSES,
        ),
        (r"^dx", "factor", "1/C", DX_OVER_CLASSES),
        (
            r"^finite",
            "failed",
            None,
            "not finite for scores near 1000: exp of such scores is inf unless each row's "
            "maximum score is subtracted before exponentiating (it changes nothing else)",
        ),
        (
            r"^dx",
            "column factor",
            None,
            "dx is off by a factor per class (column): the probabilities are normalized per "
            "example, each row of exp(scores) divided by its own sum (axis 1)",
        ),
        (
            r"^loss",
            "failed",
            None,
            "the loss is wrong: check which probability it takes (each example's correct "
            "class), that probabilities are normalized per row (axis 1), and the average",
        ),
        (
            r"^dx",
            "failed",
            None,
            "dx is wrong in a way no single factor, sign or term explains: check the "
            "probabilities it starts from (normalized per row), the correct class's term and the "
            "1/N of the average",
        ),
    ],
    "svm_loss": [
        (
            r"^loss",
            "matches",
            "no margin counted (a loss of 0)",
            "the loss is 0 on every set of scores: no margin counts; e.g. margins[:, y] = 0 "
            "zeroes the columns y of every row (every column, when the labels cover every "
            "class), where only each example's own correct class (row i, column y[i]: rows "
            "indexed by an arange of N) must be 0",
        ),
        WIDE_SCORES,
        (
            r"^dx",
            "matches",
            "the margins' values in place of their 0/1 indicator",
            "dx is what the margins' values give where the 0/1 indicator of a positive margin "
            "belongs: the hinge max(0, margin) has slope 1 where the margin is positive, so each "
            "positive margin adds 1 (not its value) to its class and -1 to the correct class",
        ),
        (
            r"^dx",
            "matches",
            "the correct class's term at columns y of every row",
            "dx is what writing each example's correct-class term into dx[:, y] gives: that "
            "indexes the columns y in every row (an N x N block), not one entry per row; one "
            "entry per row, row i and column y[i], takes two index arrays: the rows 0 to N-1, "
            "and y",
        ),
        (
            r"^(dx|loss)",
            "factor",
            "N/C",
            "{array} is divided by the number of classes C where the average over the N "
            "examples divides by N",
        ),
        (r"^loss", "factor", "N", "the loss is N times too large: average it over the N examples"),
        (r"^loss", "factor", "1/C", LOSS_OVER_CLASSES),
        (r"^dx", "factor", "1/C", DX_OVER_CLASSES),
        (
            r"^loss",
            "zero",
            None,
            "the loss is 0 for every set of scores, although their margins are positive: is it "
            "computed from an array changed before the loss read it? dx = margins makes one "
            "array, not a copy, so setting dx's entries in place changes margins too (compute "
            "the loss first, or copy)",
        ),
        (r"^loss", "factor", "1/N", "the loss is N times too small: divide by N once"),
        (
            r"^loss",
            "scalar offset",
            "+1",
            "the loss is exactly 1 too large: the correct class "
            "itself must not count as a margin violation (its margin is always 1)",
        ),
        (
            r"^loss",
            "matches",
            "squared margins (a squared hinge)",
            "the loss is what squared margins give (a squared hinge, max(0, margin)**2): the "
            "multiclass SVM loss sums the positive margins themselves, not their squares",
        ),
        (
            r"^loss",
            "matches",
            "margins without the delta",
            "the loss is what margins without the delta of 1 give: a class violates the margin "
            "unless its score is at least 1 below the correct class's",
        ),
        (
            r"^loss",
            "matches",
            "margins with the delta subtracted",
            "the loss is what margins with the delta subtracted give (score minus correct "
            "score minus 1): the delta of 1 is added, so that a class violates the margin "
            "unless its score is at least 1 below the correct class's",
        ),
        (
            r"^loss",
            "matches",
            "negative margins not clipped",
            "the loss is what summing every margin, negative ones included, gives: the hinge "
            "counts only positive margins (a negative margin counts as 0)",
        ),
        (
            r"^loss",
            "scalar offset",
            "+C-1",
            "the loss is exactly C - 1 too large, one for each other class: every margin is 1 "
            "too large (the margin delta is 1)",
        ),
        (
            r"^dx",
            "factor",
            "N",
            "dx is N times too large: the loss is an average, so its gradient is divided by N",
        ),
        (
            r"^dx",
            "factor",
            "1/N",
            "dx is N times smaller than the gradient of the loss as computed: if the loss is N "
            "times too large, dx is right and only the loss must be averaged; if not, dx is "
            "divided by N twice",
        ),
        (
            r"^dx",
            "one per row",
            None,
            "dx is wrong only at each example's correct class: its score enters every "
            "positive margin of that example, so its entry must collect from each of them (as "
            "many terms as the example has positive margins)",
        ),
        (
            r"^dx",
            "factor",
            "-1",
            "dx has the wrong sign: a positive margin grows with its own class's score and "
            "shrinks with the correct class's score",
        ),
        (
            r"^loss",
            "failed",
            None,
            "the loss is wrong: check the margin (delta is 1), that the correct class itself "
            "is not counted, that negative margins count as 0, and the average",
        ),
        (
            r"^dx",
            "failed",
            None,
            "dx is wrong in a way no single factor, sign or term explains: check which "
            "margins count (positive ones, not the correct class), the correct class's entry "
            "and the 1/N of the average",
        ),
    ],
    "sgd_momentum": [
        (
            r"^next_w",
            "matches",
            "the step with the velocity from before its update",
            "next_w is what the velocity from before its update gives (w plus the old "
            "velocity): update v first, then add the new velocity to w",
        ),
        (
            r"^next_w",
            "matches",
            "Nesterov's step",
            "next_w is what Nesterov's momentum step gives (w - momentum * v_old + (1 + "
            "momentum) * v, a look-ahead): this update is plain momentum, whose step adds the new "
            "velocity to w",
        ),
        *_STATE_MISTAKES,
        (
            r"^(config\['velocity'\]|next_w)",
            "matches",
            "the momentum applied to the gradient term too",
            "the new velocity is what momentum * (v - learning_rate * dw) gives: momentum "
            "multiplies only the old velocity, not the gradient term (check the parentheses)",
        ),
        (
            r"^(config\['velocity'\]|next_w)",
            "matches",
            "the gradient term without the learning rate",
            "the new velocity is what dw in place of learning_rate * dw gives: the "
            "gradient term of the velocity is learning_rate times dw",
        ),
        (
            r"^next_w",
            "matches",
            "the step multiplied by the learning rate again",
            "next_w adds learning_rate times the new velocity: the velocity already holds the "
            "learning rate, so next_w is w plus the velocity itself",
        ),
        (
            r"^(config\['velocity'\]|next_w)",
            "term",
            "the old velocity",
            "the velocity is off by exactly a multiple of the old velocity: the weight momentum "
            "gives the old velocity is wrong or missing",
        ),
        (
            r"^next_w",
            "matches",
            "the step taken the wrong way",
            "next_w moves the wrong way: the step it adds to w has the wrong sign",
        ),
        (
            r"^(config\['velocity'\]|next_w)",
            "term",
            "2*lr",
            "the velocity is off by exactly 2 * learning_rate * dw: the gradient term enters it "
            "with the wrong sign (the velocity must move against the gradient)",
        ),
        (
            r"^config\['velocity'\]",
            "term",
            "lr",
            "config['velocity'] is off by exactly learning_rate * dw: the gradient term is "
            "missing from the new velocity",
        ),
        (
            r"^config\['velocity'\]",
            "matches",
            "the expected next_w",
            "config['velocity'] holds the new w: store the new velocity in config, and return "
            "the new w as next_w",
        ),
        (
            r"^(config\['velocity'\]|next_w)",
            "term",
            "lr*momentum",
            "{array} is off by exactly learning_rate * momentum times dw: what scaling the "
            "gradient term by (1 - momentum) gives (an average of the gradients); the velocity "
            "takes the whole gradient step, learning_rate times dw, no (1 - momentum)",
        ),
        (
            r"^config\['velocity'\]",
            "term",
            "dw",
            "config['velocity'] is off by a multiple of dw: the gradient term of the velocity "
            "(learning_rate times dw) has the wrong size or sign",
        ),
        (
            r"^config\['velocity'\]",
            "unchanged",
            None,
            "config['velocity'] still holds the old velocity: store the new one back into config",
        ),
        (
            r"^next_w",
            "factor",
            None,
            "next_w is a multiple of the right one: w itself is not scaled, only the step",
        ),
    ],
    "rmsprop": [
        (
            r"^next_w",
            "matches",
            "the step multiplied by the root of the cache",
            "next_w is what multiplying by the root of the cache gives: the step divides dw by "
            "sqrt(cache) + epsilon (the denominator), it does not multiply",
        ),
        (
            r"^next_w",
            "matches",
            "a step of one scale for every entry",
            "next_w moves every entry by the same multiple of dw: the step divides all of dw by "
            "one number, where each entry is divided by the square root of its own cache entry "
            "(elementwise, no mean or sum over the entries)",
        ),
        *_STATE_MISTAKES,
        (
            r"^next_w",
            "matches",
            "the step multiplied by the learning rate again",
            "next_w takes the step times learning_rate once more: learning_rate multiplies the "
            "step once",
        ),
        (
            r"^next_w",
            "matches",
            "the step taken the wrong way",
            "next_w moves the wrong way: the step it adds to w has the wrong sign",
        ),
        (
            r"^next_w",
            "matches",
            "the step with the cache before its update",
            "next_w is what a step with the cache from before this call gives: update "
            "config['cache'] first, then divide by the square root of the new cache",
        ),
        (
            r"^next_w",
            "matches",
            "the step without the square root",
            "next_w is what dividing by the cache itself gives: the step divides by the square "
            "root of the cache (plus epsilon)",
        ),
        (
            r"^next_w",
            "matches",
            "the step without the gradient",
            "next_w is what a step without dw gives: the learning rate divided by the root of "
            "the cache multiplies the gradient dw (the step is missing dw)",
        ),
        (
            r"^config\['cache'\]",
            "matches",
            "the decay weights swapped",
            "config['cache'] has decay_rate and 1 - decay_rate swapped: decay_rate weighs the old "
            "cache",
        ),
        (
            r"^config\['cache'\]",
            "unchanged",
            None,
            "config['cache'] still holds the old cache: store the new one back into config",
        ),
        (
            r"^config\['cache'\]",
            "failed",
            None,
            "config['cache'] is wrong: check the weights of the decaying average (decay_rate "
            "weighs the old cache) and that it averages dw squared",
        ),
    ],
    "adam": [
        (
            r"^next_w",
            "matches",
            "dw in place of the first moment m",
            "next_w is what a step along dw itself gives, where the first moment m belongs: "
            "Adam steps along the (bias-corrected) running average m of the gradients, divided "
            "by the root of the corrected v plus epsilon",
        ),
        (
            r"^next_w",
            "matches",
            "dw in place of m, its bias correction kept",
            "next_w is what a step along dw itself gives, where the first moment m belongs: "
            "Adam steps along the (bias-corrected) running average m of the gradients, divided "
            "by the root of the corrected v plus epsilon",
        ),
        (
            r"^next_w",
            "matches",
            "the bias corrections with t before its increment",
            "next_w is what the bias corrections with t before its increment give (1 - "
            "beta1**(t - 1) and 1 - beta2**(t - 1)): increment t first, then correct m and v "
            "with the new t",
        ),
        (
            r"^next_w",
            "matches",
            "the step without the bias corrections",
            "next_w is what m and v without their bias corrections give: the step divides m by "
            "1 - beta1**t and v by 1 - beta2**t (with the incremented t) before using them",
        ),
        (
            r"^next_w",
            "matches",
            "the step without the gradient",
            "next_w is what a step without the first moment gives: the step multiplies the "
            "bias-corrected m (the gradient's average) by the learning rate and divides by the "
            "root of the corrected v (the gradient factor m is missing)",
        ),
        (
            r"^next_w",
            "matches",
            "the step without the gradient, m uncorrected",
            "next_w is what a step without the first moment gives: the step multiplies the "
            "bias-corrected m (the gradient's average) by the learning rate and divides by the "
            "root of the corrected v (the gradient factor m is missing)",
        ),
        *_STATE_MISTAKES,
        (
            r"^next_w",
            "matches",
            "the step multiplied by the learning rate again",
            "next_w takes the step times learning_rate once more: learning_rate multiplies the "
            "step once",
        ),
        (
            r"^next_w",
            "matches",
            "the step taken the wrong way",
            "next_w moves the wrong way: the step it adds to w has the wrong sign",
        ),
        (
            r"^next_w",
            "matches",
            "the step without the square root",
            "next_w is what dividing by the corrected v itself gives: the step divides by the "
            "square root of the bias-corrected v (plus epsilon)",
        ),
        (
            r"^config\['(m|v)'\]",
            "matches",
            "the decay weights swapped",
            "config['{key}'] has its two weights swapped: beta1 (for m) and beta2 (for v) weigh "
            "the old value",
        ),
        (
            r"^config\['(m|v)'\]",
            "unchanged",
            None,
            "config['{key}'] still holds its old value: store the new moment back into config",
        ),
        (
            r"^config\['t'\]",
            "scalar offset",
            None,
            "config['t'] is off by one: increment t once per call, before the bias corrections",
        ),
        (
            r"^config\['t'\]",
            "factor",
            None,
            "config['t'] is wrong: t counts the calls, starting at 0 in a config that has none "
            "and adding 1 at every call, before the bias corrections",
        ),
        (
            r"^config\['t'\]",
            "unchanged",
            None,
            "config['t'] is not incremented: add 1 at every call, before the bias corrections",
        ),
        (
            r"^config\['v'\]",
            "failed",
            None,
            "config['v'] is wrong: check that it averages the squared gradient, and its "
            "weights (beta2 weighs the old value)",
        ),
        (
            r"^config\['m'\]",
            "failed",
            None,
            "config['m'] is wrong: check that it averages the gradient dw, and its weights "
            "(beta1 weighs the old value)",
        ),
        (
            r"^config\['v'\]",
            "factor",
            None,
            "config['v'] is off by a constant factor: check the weight of the new squared "
            "gradient in the running average",
        ),
    ],
    "FullyConnectedNet.loss": [
        (
            r"^scores with the last layer's W and b negated",
            "failed",
            None,
            "negating the last layer's weights and bias does not negate the scores: something "
            "follows the last affine layer (a ReLU?); the scores are the last affine layer's "
            "output, unclipped (they can be negative)",
        ),
        (
            r"^test-time scores",
            "failed",
            None,
            "test-time scores (y is None) depend on the other examples of the batch or move the "
            "running averages: at test time every bn_param's mode must be 'test', so that batch "
            "normalization uses the running averages, not the batch statistics",
        ),
        (
            r"^scores",
            "matches",
            "the scores through a ReLU",
            "the scores are the right ones with every negative score set to 0: the output "
            "layer goes through a ReLU; the last layer must be a plain affine layer (scores can "
            "be negative)",
        ),
        (
            r"^loss",
            "matches",
            "the regularization term alone",
            "the loss is the regularization term alone (0 when reg = 0): the data loss is "
            "overwritten; the regularization term is added to it (+=)",
        ),
        (
            r"^loss",
            "matches",
            "the regularization term missing",
            "the loss lacks the regularization term, 0.5 * reg * (sum of squared weights)",
        ),
        (
            r"^loss",
            "matches",
            "the regularization term doubled",
            "the regularization term is twice too large: the course's convention is "
            "0.5 * reg * (sum of squared weights)",
        ),
        *_REG_PER_BATCH,
        (
            r"^loss increase",
            "factor",
            "2",
            "the regularization term is twice too large: the "
            "course's convention is 0.5 * reg * (sum of squared weights)",
        ),
        (
            r"^loss increase",
            "factor",
            "1/2",
            "the regularization term is half of what it should "
            "be: the course's convention is 0.5 * reg * (sum of squared weights)",
        ),
        (
            r"^loss increase",
            "zero",
            None,
            "the loss does not grow with reg: the regularization term is missing from the loss",
        ),
        (
            r"^loss increase",
            "failed",
            None,
            "the loss does not grow by 0.5 * reg * (sum of "
            "squared weights): check which parameters are regularized (weights only, every layer)",
        ),
        (
            r"^loss\(X\) returns scores",
            "failed",
            None,
            "loss(X) without y must return the scores, shape (N, C)",
        ),
        (
            r"initial loss",
            "failed",
            None,
            "with tiny weights the loss must be about log(C): "
            "check the softmax loss and that the last layer has no ReLU",
        ),
        (
            r"^dW",
            "factor",
            "2",
            "{array} is twice too large; if only with reg > 0, the regularization gradient "
            "does not match the 0.5 of the loss's term",
        ),
    ],
    "batchnorm_forward": [
        *_X_HAT_UNUSED,
        *_NORMALIZED_OUTPUT,
        (
            r"^out",
            "matches",
            "normalized over the other axis",
            "out is normalized per example (each row, over its features): batch normalization "
            "normalizes each feature (column) over the batch, axis 0",
        ),
        (
            r"running_(mean|var)",
            "matches",
            "momentum and 1 - momentum swapped",
            "bn_param['running_{key}'] has momentum and 1 - momentum swapped: momentum weighs the "
            "old running value",
        ),
        (
            r"running_(mean|var)",
            "matches",
            "the running average restarted from zeros",
            "bn_param['running_{key}'] is what a running average started from zeros gives: the "
            "value bn_param holds from the previous step is not read, so it starts over at every "
            "call (it starts at zeros only in a bn_param that has none)",
        ),
        (
            r"running_(mean|var)",
            "matches",
            "the batch's statistic alone",
            "bn_param['running_{key}'] is the batch's own statistic: the running average also "
            "keeps momentum times its old value",
        ),
        (
            r"running_var",
            "matches",
            "the batch's std",
            "bn_param['running_var'] averages the batch's standard deviation instead of its "
            "variance",
        ),
        (
            r"running_var",
            "matches",
            "the unbiased variance",
            "bn_param['running_var'] averages the unbiased variance (divided by N-1): batch "
            "normalization divides by N",
        ),
        (
            r"std",
            "factor",
            "sqrt((N-1)/N)",
            "the variance is the unbiased one (divided by N-1): batch normalization divides by N",
        ),
        (
            r"std",
            "factor",
            "sqrt(N/(N-1))",
            "the variance is divided by N-1 somewhere: batch normalization divides by N",
        ),
        (
            r"test.mode",
            "matches",
            "the batch's statistics",
            "test-mode out is train mode's output: test mode must normalize with "
            "bn_param['running_mean'] and bn_param['running_var'], not the batch's statistics",
        ),
        (
            r"test.mode",
            "matches",
            "beta left out",
            "test-mode out lacks the shift by beta: test mode scales by gamma and shifts by "
            "beta as train mode does",
        ),
        (
            r"test.mode",
            "matches",
            "gamma left out",
            "test-mode out lacks the scaling by gamma: test mode scales by gamma and shifts by "
            "beta as train mode does",
        ),
        (
            r"^test-mode out",
            "matches",
            "x shifted but not divided by a std",
            "test-mode out is x minus a constant per feature, times gamma, plus beta: x is never "
            "divided by the running std; test mode normalizes the whole difference from "
            "running_mean, as train mode does with the batch's statistics",
        ),
        (
            r"test.mode",
            "failed",
            None,
            "test-mode out is wrong: test mode must normalize with bn_param['running_mean'] and "
            "bn_param['running_var'] (not the batch's statistics) the way train mode normalizes, "
            "then scale by gamma and shift by beta",
        ),
        (
            r"running_mean after a test step",
            "failed",
            None,
            "test mode must not change the running averages",
        ),
        (
            r"running_(mean|var)",
            "none",
            None,
            "bn_param['running_{key}'] is None: store the new running average back into bn_param",
        ),
        (
            r"running_(mean|var)",
            "shape",
            "extra axis of length 1",
            "bn_param['running_{key}'] has shape {shape}, expected {expected_shape}: an extra "
            "axis of length 1, as a batch mean or variance taken with keepdims=True has; the "
            "running averages have one entry per feature, shape (D,), like the batch's mean and "
            "variance over the examples (axis 0) without keepdims",
        ),
        (
            r"running_(mean|var)",
            "shape",
            None,
            "bn_param['running_{key}'] has shape {shape}, expected {expected_shape}: the "
            "running averages have one entry per feature, like the batch's mean and variance "
            "over the examples (axis 0)",
        ),
        (
            r"running_(mean|var)",
            "unchanged",
            None,
            "bn_param['running_{key}'] is not updated: "
            "store the new running average back into bn_param",
        ),
        (
            r"running_(mean|var)'\] from an empty bn_param",
            "failed",
            None,
            "bn_param['running_{key}'] is wrong when bn_param starts without running averages, "
            "though their update is right: the first train step starts them at zeros, one per "
            "feature",
        ),
        (
            r"running_mean'\] after",
            "failed",
            None,
            "bn_param['running_mean'] is wrong after a train step: check the running "
            "average's weights (momentum weighs the old value) and that it averages the "
            "batch's mean",
        ),
        (
            r"running_var'\] after",
            "failed",
            None,
            "bn_param['running_var'] is wrong after a train step: check the running average's "
            "weights (momentum weighs the old value) and that it averages the batch's variance",
        ),
        (
            r"^out \(gamma=1, beta=0\) std",
            "failed",
            None,
            "with gamma=1 and beta=0 the std of each feature (column) of out is not 1: check "
            "the variance (over the batch, divided by N, eps inside the square root) and how "
            "gamma and beta are applied",
        ),
        (
            r"^out \(gamma=1, beta=0\) mean",
            "failed",
            None,
            "with gamma=1 and beta=0 the mean of each feature (column) of out is not 0: check "
            "the mean subtracted (over the batch, axis 0) and how gamma and beta are applied",
        ),
        (
            r"^out \(gamma, beta\)",
            "failed",
            None,
            "with gamma and beta the output's statistics are wrong: scale by gamma and shift by "
            "beta, each per feature, after normalizing",
        ),
    ],
    "batchnorm_backward": [
        *_dx_terms("feature", "N"),
        (
            r"^dx",
            "axis term",
            "x_hat alone",
            "dx is off, for each feature, by a multiple of x_hat: the term that comes through "
            "the batch variance is missing or wrong",
        ),
        (
            r"^dx",
            "axis term",
            "x_hat and an offset",
            "dx is off, for each feature, by a multiple of x_hat plus a constant: the terms that "
            "come through the batch variance and the batch mean are missing or wrong",
        ),
        (
            r"^d(gamma|beta)",
            "shape",
            "wrong axis",
            "{array} needs one entry per feature (length D): sum over the batch axis 0, not "
            "over the features",
        ),
        (
            r"^dgamma",
            "matches",
            "the expected dbeta",
            "dgamma is the sum of dout alone (what dbeta is): gamma multiplies x_hat, so "
            "x_hat belongs in its gradient",
        ),
        (
            r"^dx",
            "offset",
            "varies along (1,)",
            "dx is off by the same amount for every example "
            "of a feature: "
            "a term that comes through the batch mean (a sum over the batch, divided by N) is "
            "missing or wrong",
        ),
        (
            r"^dx",
            "column factor",
            None,
            "dx is off by a per-feature factor: gamma or "
            "1/sqrt(var + eps) is missing or applied twice",
        ),
        (
            r"^dx",
            "factor",
            "N",
            "dx is N times too large: the terms through the mean and the variance carry a 1/N",
        ),
        (r"^dx", "factor", "1/N", "dx is N times too small: divide by N once"),
        (
            r"^dgamma",
            "shape",
            "kept",
            "dgamma keeps the batch axis: sum over the examples (axis 0)",
        ),
        (
            r"^dbeta",
            "shape",
            "kept",
            "dbeta keeps the batch axis: sum dout over the examples (axis 0)",
        ),
        (r"^dgamma", "factor", "1/N", "dgamma is N times too small: " + ANY_BATCH_SUM),
        (r"^dbeta", "factor", "1/N", "dbeta is N times too small: " + ANY_BATCH_SUM),
    ],
    "layernorm_forward": [
        *_X_HAT_UNUSED,
        *_NORMALIZED_OUTPUT,
        (
            r"^out",
            "matches",
            "normalized over the other axis",
            "out is normalized per feature over the batch (axis 0): layer normalization "
            "normalizes each example (row, axis 1) over its features",
        ),
        (
            r"std",
            "factor",
            "sqrt((N-1)/N)",
            "the variance is the unbiased one (divided by D-1): "
            "layer normalization divides by the number of features D",
        ),
        (
            r"^out \(gamma=1, beta=0\) std",
            "failed",
            None,
            "with gamma=1 and beta=0 the std of each example (row) of out is not 1: check the "
            "variance (each example's own, over its features, axis 1, divided by D, eps inside "
            "the square root) and how gamma and beta are applied",
        ),
        (
            r"^out \(gamma=1, beta=0\) mean",
            "failed",
            None,
            "the mean of each example (row) of out is not 0 with gamma=1, beta=0: check the "
            "mean subtracted (each example's own, over its features, axis 1) and how gamma and "
            "beta are applied",
        ),
        (
            r"^out \(gamma=3",
            "failed",
            None,
            "with gamma and beta the output's statistics are wrong: scale by gamma and shift by "
            "beta, each per feature, after normalizing",
        ),
    ],
    "layernorm_backward": [
        *_dx_terms("example", "D"),
        (
            r"^d(gamma|beta)",
            "factor",
            "1/N",
            "{array} is N times too small (N the number of examples): gamma and beta are shared "
            "by every example, so " + ANY_BATCH_SUM,
        ),
        (
            r"^dx",
            "axis term",
            "x_hat alone",
            "dx is off, for each example, by a multiple of x_hat: the term that comes through "
            "that example's variance (over its features) is missing or wrong",
        ),
        (
            r"^dx",
            "axis term",
            "x_hat and an offset",
            "dx is off, for each example, by a multiple of x_hat plus a constant: the terms that "
            "come through that example's variance and mean are missing or wrong",
        ),
        (
            r"^d(gamma|beta)",
            "shape",
            "wrong axis",
            "{array} needs one entry per feature (length D): gamma and beta are per feature "
            "even in layer normalization, so sum over the batch axis 0",
        ),
        (
            r"^dgamma",
            "matches",
            "the expected dbeta",
            "dgamma is the sum of dout alone (what dbeta is): gamma multiplies x_hat, so "
            "x_hat belongs in its gradient",
        ),
        (
            r"^dx",
            "offset",
            "varies along (0,)",
            "dx is off by the same amount for every feature "
            "of an example: "
            "a term that comes through the mean over the features (a sum over axis 1, divided by "
            "D) is missing or wrong",
        ),
        (
            r"^dx",
            "column factor",
            None,
            "dx is off by a per-example factor: 1/sqrt(var + eps) "
            "of that example is missing or applied twice",
        ),
        (
            r"^dgamma",
            "shape",
            "kept",
            "dgamma keeps the batch axis: sum over the examples "
            "(axis 0); gamma is per feature even in layer normalization",
        ),
        (
            r"^dbeta",
            "shape",
            "kept",
            "dbeta keeps the batch axis: sum dout over the examples "
            "(axis 0); beta is per feature even in layer normalization",
        ),
    ],
    "dropout_forward": [
        (
            r"^kept units",
            "factor",
            "p*floor(1/p)",
            "the kept units are x times 1/p rounded down to a whole number (a floor division "
            "//, or int()): the kept units are scaled by 1/p exactly, a true division",
        ),
        (
            r"^out is zero where the cache's mask",
            "failed",
            None,
            "out does not drop the units the mask in the cache drops: out must be x times that "
            "same mask (draw one mask, use it for out and keep it in the cache), since "
            "dropout_backward applies the cached mask",
        ),
        (
            r"^kept units",
            "matches",
            "the mask alone, without x",
            "the kept units are 1/p whatever x is: out is the mask alone; multiply x by the mask",
        ),
        (
            r"test-mode",
            "failed",
            None,
            "in test mode dropout returns x unchanged (inverted "
            "dropout does all its scaling at train time)",
        ),
        (
            r"^kept units",
            "factor",
            "p",
            "the kept units are not scaled: inverted dropout divides them by p at train time",
        ),
        (
            r"^kept units",
            "factor",
            "p^2",
            "the kept units are multiplied by p: inverted dropout divides them by p",
        ),
        (
            r"^kept units",
            "factor",
            "p/(1-p)",
            "the kept units are divided by 1 - p: p is the probability of keeping a unit, so "
            "inverted dropout divides them by p",
        ),
        (r"^kept units", "factor", "1/p", "the kept units are divided by p twice"),
        (
            r"^kept units",
            "unchanged",
            None,
            "the kept units are not scaled: inverted dropout divides them by p at train time",
        ),
        (
            r"^each example has its own mask",
            "failed",
            None,
            "every example has the same units dropped: one mask is shared by the whole batch; "
            "draw the mask per element, with x's full shape (x.shape)",
        ),
        (
            r"^each unit has its own draw",
            "failed",
            None,
            "out keeps or drops whole examples (every unit of a row at once): one random number "
            "is drawn per example and broadcast over its units; draw the mask per element, with "
            "x's full shape (x.shape)",
        ),
        (
            r"^fraction of zeros.* with a seed",
            "failed",
            None,
            "only with dropout_param['seed'] set is the share of dropped units not 1 - p: the "
            "seeded draw must give random numbers of the same kind as the unseeded one "
            "(uniform in [0, 1), as rand gives), only from a generator seeded with the seed",
        ),
        (
            r"^fraction of zeros",
            "failed",
            None,
            "the share of dropped units is not 1 - p: p is "
            "the probability of keeping a unit, not of dropping it",
        ),
        (
            r"same seed",
            "failed",
            None,
            "with dropout_param['seed'] set, the mask must be drawn after seeding the "
            "random generator with it, so it is the same every time",
        ),
        (
            r"float32",
            "failed",
            None,
            "the mask turns float32 inputs into float64: cast it to x.dtype",
        ),
        (
            r"^kept units",
            "failed",
            None,
            "the kept units are not x / p: check that out multiplies x by the mask and how "
            "the kept units are scaled",
        ),
    ],
    "dropout_backward": [
        (
            r"^dropped units",
            "failed",
            None,
            "dx is nonzero at units the forward pass dropped (out is 0 there): a dropped unit "
            "passes no gradient back; the mask in the cache (0 at the dropped units, 1/p at the "
            "kept units) says which units pass it",
        ),
        (
            r"^dx",
            "matches",
            "a mask other than the forward pass's",
            "dx is dout / p where it is nonzero, but at other units than those the forward pass "
            "kept: the backward pass uses the mask of the forward pass, stored in the cache, "
            "never a mask of its own (a new random draw gives other units)",
        ),
        (
            r"^dx",
            "matches",
            "a mask other than the forward pass's, without 1/p",
            "dx is dout where it is nonzero, but at other units than those the forward pass "
            "kept: the backward pass uses the mask of the forward pass, stored in the cache "
            "(kept units divided by p), never a mask of its own (a new random draw gives other "
            "units)",
        ),
        (
            r"^dx",
            "matches",
            "the local gradient without dout",
            "dx is the mask alone: multiply dout by it (the chain rule)",
        ),
        (
            r"test-mode",
            "failed",
            None,
            "in test mode dropout's backward pass returns dout unchanged",
        ),
        (
            r"^dx",
            "factor",
            "p",
            "dx lacks the division by p of the forward pass: the "
            "backward pass scales the kept gradients the same way",
        ),
        (
            r"^dx",
            "factor",
            "p^2",
            "dx is multiplied by p: the backward pass divides by p, as the forward pass does",
        ),
        (r"^dx", "factor", "1/p", "dx is divided by p twice"),
        (
            r"^dx",
            "factor",
            "p/(1-p)",
            "dx divides the kept gradients by 1 - p where the forward pass divides by p: p is "
            "the probability of keeping a unit (not of dropping it), and the mask in the cache "
            "already holds the 1/p",
        ),
        (
            r"^dx",
            "unchanged",
            None,
            "dx is dout unchanged: in train mode it goes through the "
            "same mask (and scaling) as the forward pass",
        ),
        (
            r"^dx",
            "leak",
            None,
            "dx is nonzero at dropped units: multiply dout by the forward pass's mask",
        ),
    ],
    "FullyConnectedNet.loss[dropout]": [
        (
            r"^loss\(X, y\) the same in two calls",
            "failed",
            None,
            "the loss changes from one call to the next although the net was given a seed: "
            "the masks are not drawn from it (store the seed in self.dropout_param, which "
            "dropout_forward reads, so every call draws the same masks)",
        ),
        (
            r"test-time scores",
            "failed",
            None,
            "at test time (loss(X) without y) dropout must be off: use mode 'test'",
        ),
        (
            r"train-time loss differs",
            "failed",
            None,
            "dropout has no effect at train time: it is never applied, or its output is "
            "unused (the next layer must take dropout_forward's output); apply it after each "
            "hidden ReLU when dropout_keep_ratio < 1",
        ),
        (
            r"^input X kept out of dropout",
            "failed",
            None,
            "dropout is applied to the input X: it belongs only after each hidden layer's ReLU "
            "(the hidden layers only), not on the input before the first affine layer",
        ),
        (
            r"^scores kept out of dropout",
            "failed",
            None,
            "dropout is applied to the scores: it belongs only after each hidden layer's ReLU "
            "(the hidden layers only); the last affine layer's output is the scores, with "
            "nothing after it",
        ),
        (
            r"^hidden layers each through dropout",
            "failed",
            None,
            "dropout_forward is not applied once to each hidden layer's output: it belongs "
            "after every hidden ReLU (once per hidden layer, in every layer's turn)",
        ),
    ],
    "conv_forward_naive": [
        (
            r"^out",
            "matches",
            "the filters looped over range(C)",
            "out is right for the first C filters and 0 for the others: the loop over the "
            "filters runs over range(C), the number of channels (x.shape[1]); it runs over "
            "range(F), the number of filters (w.shape[0])",
        ),
        (
            r"^out",
            "matches",
            "only every stride-th output position computed",
            "out is right at every stride-th output position and zero at the others: the loops "
            "over output positions step by the stride; they run over every output position (i "
            "in range(H_out)), and the window of position i starts at i * stride",
        ),
        (
            r"^out",
            "matches",
            "the window's sum divided by the number of channels",
            "out (without the bias) is C times too small: what averaging over the input "
            "channels gives; a convolution adds up the window times the filter over every "
            "channel, row and column, then adds the bias",
        ),
        (
            r"^out",
            "matches",
            "the window's sum divided by its area",
            "out (without the bias) is HH * WW times too small: what averaging over the "
            "window's rows and columns gives; a convolution adds up the window times the "
            "filter over every channel, row and column, then adds the bias",
        ),
        (
            r"^out",
            "matches",
            "the window's sum divided by its size (a mean)",
            "out is what averaging each window's products gives (a mean, a division by C * HH "
            "* WW): a convolution sums the window times the filter, then adds the bias",
        ),
        (
            r"^out",
            "matches",
            "x padded in mode 'edge'",
            "out is what padding x by repeating its border values (pad mode 'edge') gives: "
            "the padding is zeros (the default mode 'constant', value 0)",
        ),
        (
            r"^out",
            "matches",
            "x padded in mode 'reflect'",
            "out is what padding x by mirroring it at its border (pad mode 'reflect') gives: "
            "the padding is zeros (the default mode 'constant', value 0)",
        ),
        (
            r"^out",
            "matches",
            "x padded in mode 'symmetric'",
            "out is what padding x by mirroring it at its border (pad mode 'symmetric') gives: "
            "the padding is zeros (the default mode 'constant', value 0)",
        ),
        (
            r"^out",
            "matches",
            "x padded in mode 'wrap'",
            "out is what padding x by wrapping it around (pad mode 'wrap') gives: "
            "the padding is zeros (the default mode 'constant', value 0)",
        ),
        (
            r"^out",
            "shape",
            "the output size without the padding",
            "out has shape {shape}, expected {expected_shape}: its wrong sizes are what "
            "the output size without the padding gives; windows slide over the padded input, "
            "pad rows and columns larger on each side",
        ),
        (
            r"^out",
            "shape",
            "the output size with padding on one side only",
            "out has shape {shape}, expected {expected_shape}: its wrong sizes are what "
            "padding on one side only gives; pad adds rows and columns on both sides",
        ),
        *_WINDOW_COUNT_SHAPES,
        (
            r"^out",
            "shape",
            "spatial",
            "out has the wrong height and width: the output size counts the window positions "
            "in the padded input (padding on both sides) at the given stride",
        ),
        (
            r"^out",
            "matches",
            "windows that start every pixel",
            "the windows start every pixel instead of every stride pixels: window (i, j) "
            "starts at row i * stride and column j * stride of the padded input",
        ),
        (
            r"^out",
            "matches",
            "windows that start every pixel along the columns",
            "the stride is missing along the width: out is what windows starting at column j "
            "(not j * stride) give; window (i, j) starts at row i * stride and column j * "
            "stride of the padded input",
        ),
        (
            r"^out",
            "matches",
            "windows that start every pixel along the rows",
            "the stride is missing along the height: out is what windows starting at row i "
            "(not i * stride) give; window (i, j) starts at row i * stride and column j * "
            "stride of the padded input",
        ),
        (
            r"^out",
            "flip",
            None,
            "out is the convolution with the kernel flipped: CNN layers "
            "compute a cross-correlation, w[f] times each window without flipping",
        ),
        (
            r"^out",
            "matches",
            "the kernel flipped",
            "out is the convolution with the kernel flipped: "
            "CNN layers compute a cross-correlation, w[f] times each window without flipping",
        ),
        (
            r"^out",
            "matches",
            "the filter indexed by the image",
            "out[n, f] is computed with the filter of index n (the image's loop variable) "
            "instead of filter f: each output channel f uses w[f] for every image",
        ),
        (
            r"^out",
            "matches",
            "the image indexed by the filter",
            "out[n, f] is computed from the image of index f (the filter's loop variable) "
            "instead of image n: every filter is applied to each image n",
        ),
        (
            r"^out",
            "matches",
            "the bias indexed by the image",
            "out[n, f] adds the bias of index n (the image's loop variable): filter f's output "
            "gets b[f]",
        ),
        (
            r"^out",
            "matches",
            "every filter at once",
            "every output channel is the window times all the filters at once (summed over "
            "the filter axis): output channel f uses only filter w[f]",
        ),
        (
            r"^out",
            "border",
            None,
            "out is wrong only on the border: check the zero padding of "
            "x (pad on both sides of height and width only)",
        ),
        (
            r"^out",
            "offset",
            "varies along (1,)",
            "out is off by an amount that depends only on "
            "the filter: the bias b[f] is missing, added twice or added to the wrong filter",
        ),
        (r"^x is not modified", "failed", None, "the function modifies x: pad a copy"),
    ],
    "conv_backward_naive": [
        (
            r"^dw",
            "same along",
            "axis 0",
            "dw is the same for every filter: each filter's gradient is added to all filters "
            "(the sum over filters) instead of only to its own dw[f] (index f)",
        ),
        (
            r"^dw changes with x",
            "failed",
            None,
            "dw stays the same when the input x is doubled: it is built without x (from the "
            "filters, say, as dx is); dw[f] gets each input window times dout, added over the "
            "examples and positions",
        ),
        (
            r"^dx changes with w",
            "failed",
            None,
            "dx stays the same when the filters w are doubled: it is built without w (from "
            "the input window, say, as dw is); dx gets each filter w[f] times dout, added over "
            "the window it covered",
        ),
        (
            r"^dx",
            "matches",
            "the kernel flipped",
            "dx is what a flipped kernel gives: the forward pass does not flip w, so the "
            "gradient sent back to x does not flip it either",
        ),
        (
            r"^dx",
            "shape",
            "padded",
            "dx still has the padding: crop pad rows and columns off each side of the padded "
            "input's gradient",
        ),
        (
            r"^dx",
            "shape",
            "empty",
            "dx has shape {shape}, expected {expected_shape}: it is empty in height and width, "
            "which a crop of the padded input's gradient that ends at -pad gives when pad is 0 "
            "(a slice pad:-pad is then 0:0, which keeps nothing); end the crop at pad + H and "
            "pad + W",
        ),
        (
            r"^dx",
            "shape",
            "smaller",
            "dx has shape {shape}, expected {expected_shape}: it is smaller than x in height "
            "and width, so the crop of the padded input's gradient drops rows and columns; it "
            "keeps H rows from row pad, ending at pad + H (not at H), and W columns likewise",
        ),
        (
            r"^dx",
            "matches",
            "the padded gradient cropped at its top-left corner",
            "dx is the padded input's gradient cropped at its top-left corner (its first H rows "
            "and W columns): the padding is on every side, so the crop drops pad rows and "
            "columns on each side, starting at row pad and column pad",
        ),
        (
            r"^dx",
            "matches",
            "the padded gradient cropped at its bottom-right corner",
            "dx is the padded input's gradient cropped at its bottom-right corner (its last H "
            "rows and W columns): the padding is on every side, so the crop drops pad rows and "
            "columns on each side, starting at row pad and column pad",
        ),
        (
            r"^dx",
            "border",
            None,
            "dx is wrong only on the border: crop the padding off the "
            "padded input's gradient (remove pad rows and columns on each side)",
        ),
        (
            r"^dw",
            "flip",
            None,
            "dw is flipped in both spatial axes: the forward pass does not "
            "flip the kernel, so neither does dw",
        ),
        (
            r"^db",
            "shape",
            None,
            "db needs one entry per filter (length F): sum dout over the "
            "batch and both spatial axes",
        ),
        (
            r"^db",
            "factor",
            "1/NHW",
            "db is N * H_out * W_out times too small: db sums dout over the batch and both "
            "spatial axes; it is not a mean",
        ),
        (
            r"^db",
            "factor",
            "1/HW",
            "db is H_out * W_out times too small: it averages over the output positions; each "
            "position where the filter was applied adds its dout to db (a sum over the batch and "
            "both spatial axes, not a mean)",
        ),
        (r"^db", "factor", "1/N", "db is N times too small: " + ANY_BATCH_SUM),
        (r"^d[wx]", "factor", "1/N", "{array} is N times too small: " + ANY_BATCH_SUM),
    ],
    "max_pool_forward_naive": [
        OUT_DTYPE,  # before the entries of any failing out
        (
            r"^out",
            "whole numbers",
            "indices",
            "out holds small whole numbers, not values of x: it stores the position (index) of "
            "each window's maximum (an argmax) instead of the maximum value itself",
        ),
        *_WINDOW_COUNT_SHAPES,
        (
            r"^out",
            "matches",
            "each window's largest absolute value",
            "out is each window's largest absolute value: max pooling takes the largest value "
            "itself, with its sign (a negative entry is smaller than any positive one)",
        ),
        (
            r"^out",
            "shape",
            "the output size with pool_height and pool_width swapped",
            "out has shape {shape}, expected {expected_shape}: pool_height and pool_width are "
            "swapped; pool_height goes with the height (rows), pool_width with the width",
        ),
        (
            r"^out",
            "matches",
            "windows that start every pixel",
            "the windows start every pixel instead of every stride pixels: window (i, j) "
            "starts at row i * stride and column j * stride",
        ),
        (
            r"^out",
            "matches",
            "one maximum over every example and channel",
            "out holds one maximum over every example and channel at once: the maximum is per "
            "example and channel, over the window's two spatial axes only",
        ),
        (
            r"^out",
            "matches",
            "each window's mean",
            "out is each window's mean, not its maximum: max pooling keeps the largest value of "
            "each window (over its two spatial axes)",
        ),
        (
            r"^out",
            "matches",
            "each window's sum",
            "out is each window's sum, not its maximum: max pooling keeps the largest value of "
            "each window (over its two spatial axes)",
        ),
        (
            r"^out",
            "matches",
            "each window's minimum",
            "out is each window's minimum, not its maximum: max pooling keeps the largest value "
            "of each window",
        ),
        (
            r"^out",
            "shape",
            "spatial",
            "out has the wrong height and width: the output size counts the window positions "
            "(pool_height x pool_width, no padding) at the given stride",
        ),
        (
            r"^out",
            "failed",
            None,
            "out is not the maximum of each window: check the window's "
            "start (i * stride) and its size (pool_height x pool_width), and that the maximum "
            "is per example and channel, over the window's two spatial axes",
        ),
    ],
    "max_pool_backward_naive": [
        (
            r"^dx at each window's maximum",
            "failed",
            None,
            "dx gives each window its gradient in full, inside the right window, but not at the "
            "window's maximum: check how the maximum's row and column within the window are "
            "found from its flat index (the window is pool_height x pool_width)",
        ),
        (
            r"^dx",
            "matches",
            "the maximum's position offset by i and j, not i * stride and j * stride",
            "dx puts each window's gradient at the maximum's position within its window offset "
            "by row i and column j of out: the window (i, j) starts at row i * stride and column "
            "j * stride of x, so that is the offset its maximum's position is added to",
        ),
        (
            r"^dx",
            "matches",
            "windows that start every pixel",
            "dx is what windows that start at every pixel give: window (i, j) starts at row "
            "i * stride and column j * stride of x, not at row i and column j",
        ),
        (
            r"^dx",
            "same along",
            "axis 1",
            "dx is the same for every channel (and every image): each window's gradient is "
            "added at its maximum's position in every image and channel (slices : over the "
            "batch and channel axes) instead of only in its own example n and channel c",
        ),
        (
            r"^dx",
            "leak",
            None,
            "dx is nonzero at entries that are not the maximum of their "
            "window: only the maximum receives the window's gradient",
        ),
        (
            r"^dx",
            "matches",
            "the window's corner not added",
            "dx puts each window's gradient at the maximum's position within the window, "
            "counted from x's top-left corner: the maximum's position is not offset by the "
            "window's start (i * stride rows, j * stride columns), so it all lands in the "
            "first window",
        ),
        (
            r"^dx",
            "matches",
            "every window's gradient at its first entry",
            "dx puts every window's gradient at the window's first (top-left) entry, wherever "
            "its maximum is: the argmax is taken of something that is the same in every window "
            "(the window of dx, still zeros, say), not of the input window of x",
        ),
        (
            r"^dx",
            "factor",
            "1/window",
            "dx is divided by the window's size (pool_height * pool_width): max pooling passes "
            "each window's gradient, in full and undivided, to the window's maximum; nothing is "
            "averaged (that is average pooling)",
        ),
        (
            r"^dx",
            "factor",
            None,
            "dx spreads the window's gradient: only the maximum receives it, in full",
        ),
    ],
    "spatial_batchnorm_forward": [
        *_X_HAT_UNUSED,
        (
            r"^out per channel in x's order",
            "failed",
            None,
            "each channel of out is standardized, but its entries are not in the places of the "
            "inputs they come from: out must go back to x's shape by undoing the move of the "
            "channel axis in the same order (reshape the rows to (N, H, W, C), then move the "
            "channel axis back to axis 1)",
        ),
        (
            r"running_(mean|var)",
            "none",
            None,
            "bn_param['running_{key}'] is not in the bn_param passed in: hand that same dict "
            "to batchnorm_forward, which stores the running averages in it",
        ),
        (
            r"^out",
            "shape",
            "permuted",
            "out has shape {shape}, expected {expected_shape}: its axes are in the wrong order; "
            "the transpose that undoes the move of the channel axis last must put it back at "
            "axis 1, (N, H, W, C) to (N, C, H, W)",
        ),
        (
            r"running_mean",
            "failed",
            None,
            "the running mean is wrong: it is per channel (length "
            "C), over the batch and both spatial axes",
        ),
        (
            r"^out \(gamma=1",
            "failed",
            None,
            "out is not normalized per channel: statistics are over N, H "
            "and W together (move the channel axis last and reshape to (N*H*W, C))",
        ),
        (
            r"^out \(gamma, beta\)",
            "failed",
            None,
            "with gamma and beta the output's statistics are wrong: scale by gamma and shift "
            "by beta, each per channel, after normalizing",
        ),
    ],
    "spatial_batchnorm_backward": [
        (
            r"^d(gamma|beta)",
            "factor",
            "1/HW",
            "{array} is H * W times too small (H * W, the number of spatial positions): it is "
            "averaged over the positions; dgamma and dbeta sum over the batch and every "
            "position (N, H and W)",
        ),
        (
            r"^dx",
            "shape",
            "permuted",
            "dx has shape {shape}, expected {expected_shape}: its axes are in the wrong order; "
            "the transpose that undoes the move of the channel axis last must put it back at "
            "axis 1, (N, H, W, C) to (N, C, H, W)",
        ),
        (
            r"^d(x|gamma)",
            "matches",
            "dout's height and width exchanged",
            "the gradients are right for a dout with its height and width axes exchanged: "
            "dout goes to rows of (N*H*W, C) in the order x did in the forward pass (the "
            "channel axis moved last, height before width), and dx comes back the same way",
        ),
        (
            r"^dx",
            "matches",
            "dout reshaped without moving the channel axis last",
            "dx is the right gradient for a dout with its entries in other places: dout is "
            "reshaped to (N*H*W, C) without first moving the channel axis last (each column "
            "then mixes channels); it goes to rows the way x did in the forward pass",
        ),
        (
            r"^d(x|gamma|beta)",
            "matches",
            "dout's rows taken from a reshape to (C, N*H*W), transposed",
            "{array} is right for a dout with its entries in other places: the rows of (N*H*W, "
            "C) come from a reshape to (C, N*H*W) and a transpose, which fills each row with "
            "other entries than the forward pass gave x's rows; reshape dout the way x was "
            "(channel axis moved last, then a reshape to (N*H*W, C))",
        ),
        (
            r"^d(gamma|beta)",
            "matches",
            "dout reshaped without moving the channel axis last",
            "{array} is what dout reshaped to (N*H*W, C) without first moving the channel axis "
            "last gives: each column then mixes channels",
        ),
        (
            r"^dx",
            "scrambled",
            None,
            "dx holds the right numbers in the wrong places: undo the reshape to (N*H*W, C) "
            "in the same order (reshape to (N, H, W, C), then move the channel axis back)",
        ),
        (
            r"^d(gamma|beta)",
            "shape",
            "reshape",
            "{array} has shape {shape}, expected {expected_shape}: the right entries in another "
            "shape; a gradient has the shape of its parameter, and spatial batch norm's gamma "
            "and beta have shape (C,) (group norm's are (1, C, 1, 1)): no reshape is needed",
        ),
        (
            r"^dgamma",
            "shape",
            None,
            "dgamma needs one entry per channel (length C): sum over N, H and W",
        ),
        (
            r"^dbeta",
            "shape",
            None,
            "dbeta needs one entry per channel (length C): sum over N, H and W",
        ),
        (
            r"^dx",
            "offset",
            None,
            "dx is off by an amount that is the same along one axis: a "
            "term through the batch mean is missing, or the reshape to (N*H*W, C) is not undone "
            "in the same order",
        ),
    ],
    "spatial_groupnorm_forward": [
        *_X_HAT_UNUSED,
        (
            r"^\(?out",
            "matches",
            "groups across the batch",
            "out is what groups formed across the batch give (x reshaped to G rows, each mixing "
            "the examples): each example has its own G groups, N * G in all, and no statistic "
            "mixes examples",
        ),
        (
            r"^\(?out",
            "matches",
            "each example as one group",
            "out is what normalizing each example as one group gives (layer normalization): "
            "each example's C channels split into G groups of C/G consecutive channels, each "
            "normalized on its own",
        ),
        (
            r"^\(?out",
            "matches",
            "each channel as its own group",
            "out is what normalizing each channel of each example on its own gives: a group is "
            "C/G consecutive channels of one example, normalized together",
        ),
        (
            r"^out per group in x's order",
            "failed",
            None,
            "each group of out is standardized, but its entries are not in the places of the "
            "inputs they come from: a group is C/G consecutive channels of one example (x "
            "reshaped as it is, (N, C, H, W), without a transpose), and out goes back to x's "
            "shape the same way",
        ),
        (
            r"^out per group",
            "failed",
            None,
            "the groups of out are not standardized: each example's channels split into G "
            "groups of C/G consecutive channels, each normalized over those channels and H and W "
            "and put back in x's order",
        ),
    ],
    "spatial_groupnorm_backward": [
        (
            r"^dx",
            "matches",
            "the batch-norm closed form over the group rows",
            "dx is what batchnorm_backward_alt gives on the rows of (N*G, group size): it takes "
            "the statistics over the rows (axis 0, the batch axis) instead of within each row, "
            "one group of one example, as layernorm_backward does",
        ),
        (
            r"^dgamma",
            "shape",
            None,
            "dgamma must have the shape of gamma, (1, C, 1, 1): sum over "
            "N, H and W, keeping the axes",
        ),
        (
            r"^dbeta",
            "shape",
            None,
            "dbeta must have the shape of beta, (1, C, 1, 1): sum over N, "
            "H and W, keeping the axes",
        ),
        (
            r"^dx",
            "offset",
            None,
            "dx is off by the same amount along one axis: a term that "
            "comes through the group mean (a sum over the group, divided by its size) is missing",
        ),
    ],
    "ThreeLayerConvNet.loss": [
        *_REG_PER_BATCH,
        (
            r"^loss increase",
            "factor",
            "2",
            "the regularization term is twice too large: the "
            "course's convention is 0.5 * reg * (sum of squared weights)",
        ),
        (
            r"^loss increase",
            "zero",
            None,
            "the loss does not grow with reg: the regularization term is missing from the loss",
        ),
        (
            r"initial loss",
            "failed",
            None,
            "with tiny weights the loss must be about log(C): "
            "check the softmax loss and that the last layer has no ReLU",
        ),
        (
            r"scores of shape",
            "failed",
            None,
            "loss(X) without y must return the scores, shape (N, C)",
        ),
        (
            r"^loss increase",
            "failed",
            None,
            "the loss does not grow by 0.5 * reg * (sum of squared weights): check which "
            "parameters are regularized (W1, W2 and W3 only) and that each weight is squared",
        ),
    ],
}
INIT = [
    (
        r"^params\['",
        "matches",
        "the hidden sizes in reverse order",
        "{array} has shape {shape}, expected {expected_shape}: every parameter has the shape "
        "the hidden sizes in reverse order give: layer i has hidden_dims[i - 1] units, in the "
        "order of hidden_dims (first hidden layer first)",
    ),
    (
        r"^beta",
        "matches",
        "ones",
        "beta holds ones, gamma's start value, where zeros belong: beta was made as ones, or "
        "gamma and beta are one and the same array (a chained assignment such as a = b = "
        "..., then gamma changed in place); give each its own array",
    ),
    (
        r"are separate arrays",
        "failed",
        None,
        "two parameters are one and the same array (a chained assignment such as "
        "a = b = ..., or one array stored under both names): changing one changes the "
        "other; give each parameter an array of its own",
    ),
    (
        r"^params\['W\d",
        "shape",
        "transposed",
        "{array} is transposed: its shape is {shape}, expected {expected_shape} (a weight "
        "matrix has a row per input of its layer and a column per output)",
    ),
    (
        r"^params\['b\d",
        "shape",
        "extra axis of length 1",
        "{array} has shape {shape}, expected {expected_shape}: a bias is one-dimensional, "
        "one entry per output of its layer (no extra axis of length 1)",
    ),
    (
        r"^params\['b\d",
        "shape",
        None,
        "{array} has shape {shape}, expected {expected_shape}: a bias has one entry per "
        "output of its layer",
    ),
    (
        r"^params\['(gamma|beta)\d",
        "shape",
        None,
        "{array} has shape {shape}, expected {expected_shape}: gamma and beta of layer i "
        "scale and shift that layer's outputs, one entry per output unit (the layer's width, "
        "not its input size)",
    ),
    (
        r"^params\['W\d",
        "shape",
        None,
        "{array} has shape {shape}, expected {expected_shape}: a weight matrix has a row per "
        "input of its layer (the previous layer's width) and a column per output",
    ),
    (
        r"^\|std\(W",
        "failed",
        None,
        "the weights' standard deviation is not weight_scale: draw "
        "them from a standard normal times weight_scale",
    ),
    (
        r"^\|mean\(W",
        "failed",
        None,
        "the weights are not centered on 0: draw them from a "
        "standard normal (randn), not a uniform distribution",
    ),
    (
        r"has dtype",
        "failed",
        None,
        "a parameter has the wrong dtype: convert every parameter to the model's dtype",
    ),
    (r"^b\d", "failed", None, "the biases must start at zero"),
    (r"^gamma", "failed", None, "gamma must start at ones"),
    (r"^beta", "failed", None, "beta must start at zeros"),
]
CATALOG["FullyConnectedNet.__init__"] = INIT
# TwoLayerNet's TODO also fixes the order of the random draws (a seed then gives known weights).
CATALOG["TwoLayerNet.__init__"] = [
    (
        r"^W1 drawn after W2",
        "failed",
        None,
        "W2 is drawn before W1: draw W1 first, then W2 (in this order), both with randn from "
        "NumPy's global generator, so that a seed gives the expected weights",
    ),
    (
        r"^W\d drawn in its turn",
        "failed",
        None,
        "{array} does not hold the numbers expected in its turn from NumPy's global generator "
        "after seeding it: draw W1 first, then W2 (in this order), with randn of that "
        "generator (no other generator, no other draw before or between them)",
    ),
    *INIT,
]
# The first layer of ThreeLayerConvNet is a bank of conv filters, not a weight matrix.
CATALOG["ThreeLayerConvNet.__init__"] = [
    (
        r"^params\['W2'\] \(filter_size=4\)",
        "failed",
        None,
        "W2 is right for odd filter sizes but not for filter_size=4: the conv layer keeps the "
        "input's height and width for every filter size (the provided padding gives an even "
        "filter one more row and column of zeros), so the pooled maps are half the input's "
        "height and width whatever the filter size",
    ),
    (
        r"^params\['W1'\]",
        "shape",
        "axis 1 missing",
        "W1 has shape {shape}, expected {expected_shape}: the filters lack the input channel "
        "axis C (their depth, axis 1): each filter spans all C channels of the input, "
        "(num_filters, C, filter_size, filter_size)",
    ),
    (
        r"^params\['W1'\]",
        "shape",
        "permuted",
        "W1's axes are in the wrong order: its shape is {shape}, expected {expected_shape}; conv "
        "filters are (num_filters, C, filter_size, filter_size), channels before the two "
        "spatial axes",
    ),
    (
        r"^params\['W1'\]",
        "shape",
        None,
        "W1 holds the conv filters: shape {expected_shape}, (num_filters, C, filter_size, "
        "filter_size), not {shape}",
    ),
    (
        r"^params\['W2'\]",
        "shape",
        "the height used twice",
        "W2 has shape {shape}, expected {expected_shape}: its first size is what the pooled "
        "height used twice gives, num_filters * (H / 2) * (H / 2); the input is not square: "
        "num_filters * (H / 2) * (W / 2), with the width W",
    ),
    (
        r"^params\['W2'\]",
        "shape",
        "the width used twice",
        "W2 has shape {shape}, expected {expected_shape}: its first size is what the pooled "
        "width used twice gives, num_filters * (W / 2) * (W / 2); the input is not square: "
        "num_filters * (H / 2) * (W / 2), with the height H",
    ),
    (
        r"^params\['W2'\]",
        "shape",
        None,
        "W2 has shape {shape}, expected {expected_shape}: it takes the output of the 2x2 max "
        "pool, num_filters * (H / 2) * (W / 2) values per example, to hidden_dim units",
    ),
    *INIT,
]
CATALOG["batchnorm_backward_alt"] = CATALOG["batchnorm_backward"]
CATALOG["TwoLayerNet.loss"] = [
    (
        r"^scores",
        "matches",
        "the scores without the hidden ReLU",
        "the scores are what the net without its hidden ReLU gives: the second affine layer "
        "must take the ReLU's output, not the first affine layer's output (so a hidden unit "
        "with a negative input passes nothing on)",
    ),
    *CATALOG["FullyConnectedNet.loss"],
]
for _variant in ("batchnorm", "layernorm"):
    CATALOG[f"FullyConnectedNet.loss[{_variant}]"] = CATALOG["FullyConnectedNet.loss"]
    CATALOG[f"FullyConnectedNet.__init__[{_variant}]"] = INIT

# What a variant tag means when it alone is wrong: (function pattern, tag pattern, sentence).
TAG_HINTS = [
    (
        r"Net\.loss",
        r"inactive hidden units",
        "only the case where some hidden units are inactive (negative pre-activations) is "
        "wrong: the hidden layer's ReLU is missing or wrong, in the forward pass or its mask in "
        "the backward pass",
    ),
    (
        r"Net\.loss",
        r"^reg=(?!0\.0$|0$)",
        "only the case with regularization is wrong: check the "
        "regularization term of the loss (0.5 * reg * sum of squared weights) and its gradient, "
        "for every weight matrix",
    ),
    (
        r"Net\.loss",
        r"^keep=",
        "only the case with dropout is wrong: the backward pass must go "
        "through the same dropout masks as the forward pass",
    ),
    (
        r"Net\.loss\[batchnorm\]",
        r"^after a train-time call$",
        "the test-time scores are right before any train-time call of loss and wrong after "
        "one (the scores do not depend on reg): what a train-time call leaves for test mode "
        "is the running averages, bn_param['running_mean'] and bn_param['running_var'], which "
        "batchnorm_forward updates in train mode: check that update and that it stays in the "
        "dict it was given (each layer's dict of self.bn_params, not a copy or a new dict, "
        "and not overwritten after the update)",
    ),
    (
        r"^(batchnorm|spatial_batchnorm)_forward",
        r"test",
        "only test mode is wrong: it normalizes with the running averages the way train mode "
        "normalizes with the batch's statistics",
    ),
    (
        r"^(batchnorm|spatial_batchnorm)_forward",
        r"train",
        "only train mode is wrong: normalize with the batch's own mean and variance",
    ),
    (r"^dropout", r"test", "only test mode is wrong: dropout does nothing at test time"),
    (
        r"^conv_",
        r"stride 2",
        "only the strided case is wrong: windows start every stride "
        "pixels, and the output size is 1 + (H + 2 * pad - HH) // stride",
    ),
    (
        r"^max_pool",
        r"2x3",
        "only the case with overlapping, non-square windows is wrong: use "
        "pool_height for rows and pool_width for columns, and add up the gradients where windows "
        "overlap",
    ),
]

# Variants that cannot change some arrays: (tag pattern, arrays). When only those arrays are
# wrong, the variant is not the cause (the scores do not depend on the regularization strength).
UNAFFECTED = [(r"^reg=", {"scores"})]

# What it means when some arrays are wrong and others right: (function pattern, arrays that
# must all be wrong, arrays that must all be right, sentence).
RULES = [
    (
        r"^spatial_groupnorm_forward$",
        ("(out",),
        ("out",),
        "out is normalized per group, but gamma and beta are not applied right: they act per "
        "channel (shape (1, C, 1, 1)), after the normalization per group",
    ),
    (
        r"^sgd_momentum$",
        ("next_w",),
        ("config['velocity']",),
        "the new velocity is right but next_w is not: the step adds the new velocity to w",
    ),
    (
        r"^rmsprop$",
        ("next_w",),
        ("config['cache']",),
        "the cache is right but next_w is not: check the step (that it uses the cache as "
        "updated in this call, the square root of the cache, where epsilon is added, its sign)",
    ),
    (
        r"^adam$",
        ("next_w",),
        # A wrong t is a cause of its own (the bias corrections use it): its sentence says so.
        ("config['m']", "config['v']", "config['t']"),
        "the moments m and v are right "
        "but next_w is not: check the step itself (its sign, the bias corrections 1 - beta1**t "
        "and 1 - beta2**t with the incremented t, the square root of the corrected v, and where "
        "epsilon is added)",
    ),
    (
        r"^(batchnorm|spatial_batchnorm)_forward$",
        ("bn_param['running_mean']",),
        ("out",),
        "out is right but the running mean is not: check its update (momentum weighs the "
        "old value, the batch's mean the rest) and that it is stored in bn_param",
    ),
    (
        r"loss\[dropout\]$",
        ("dW1",),
        ("dW3",),
        "the last layer's gradients are right but those under the dropout layers are not: the "
        "backward pass goes through dropout_backward with each forward pass's cache",
    ),
]

# Arrays checked against a numeric gradient of another output of the same function: when that
# output is known to be wrong, their failure says nothing certain about them.
MEASURED_AGAINST = {"softmax_loss": {"dx": "loss"}, "svm_loss": {"dx": "loss"}}

_TAG = re.compile(r"\(([^()]+)\)|\[([^\[\]]*)\]")
MAX_HINTS = 3
# Symptoms that are facts but say little without a catalog entry of the function.
VAGUE = ("some entries",)


def array_of(label):
    """The array a measurement is about: its label's first word (``dx`` of ``dx (stride 2)``)."""
    words = label.split()
    if not words:
        return label
    if label.startswith("loss increase"):
        return "the loss increase"
    if words[0] in ("test-mode", "train-mode") and len(words) > 1:
        return words[1]
    return words[0]


def tags_of(label):
    """The variants named in a label: ``reg=3.14``, ``stride 2``, ``test mode``."""
    tags = set()
    for paren, bracket in _TAG.findall(label):
        for part in (paren or bracket).split(","):
            if part.strip():
                tags.add(part.strip())
    for mode in ("test", "train"):
        if f"{mode}-mode" in label or f"{mode} mode" in label:
            tags.add(f"{mode} mode")
    return tags


# A gradient or an update of another dtype than its input (`cs231n.grading.measure.same_dtype`).
ARRAY_DTYPE = (
    r"^(d\w+|next_w) keeps \w+'s dtype",
    "failed",
    None,
    "{array} has another dtype than the inputs: something casts it (astype, a dtype= given, "
    "float32) or it was made as an array of another dtype; compute it in the inputs' dtype",
)

# Entries of every function, after its own.
GENERIC = [
    OUT_DTYPE,
    ARRAY_DTYPE,
    (
        r"^loss \(changes with the parameters\)",
        "failed",
        None,
        "the loss returned does not change at all with any parameter: what the forward pass "
        "computes never reaches it (a later assignment replaces the loss, say, where a term "
        "must be added to it)",
    ),
    (
        r"^d\w+ \(of a parameter the loss uses\)",
        "failed",
        None,
        "{array} is not 0, yet the loss does not change at all with that parameter: the "
        "forward pass does not use it (or nothing it computes reaches the loss); check which "
        "parameter each layer is given (one may be passed twice and this one never)",
    ),
    (
        r"^d",
        "matches",
        "the gradient masked where its input is positive",
        "{array} is the right gradient with a ReLU's mask applied (zero where the input is not "
        "positive): this function has no ReLU of its own; that mask belongs to relu_backward "
        "only",
    ),
    (
        r"^cache unpacked as packed",
        "failed",
        None,
        "the gradients come out right once two entries of the cache are swapped: the backward "
        "pass unpacks the cache in another order than the forward pass packs it (take the "
        "entries out in the order they were put in)",
    ),
    (
        r"^loss",
        "matches",
        "an L1 penalty",
        "the loss is what a penalty on the absolute values of the weights (an L1 penalty, a sum "
        "of |W|) gives: the regularization term is 0.5 * reg times the sum of the squared "
        "weights (an L2 penalty)",
    ),
    (
        r"^loss increase",
        "matches",
        "every parameter squared, not only the weights",
        "the loss grows by 0.5 * reg times the squares of every parameter, biases included: "
        "only the weight matrices (W1, W2, ...) are regularized",
    ),
    (
        r"^loss increase",
        "matches",
        "the square of each weight matrix's sum",
        "the loss grows by 0.5 * reg times the square of each weight matrix's sum: the "
        "regularization term squares each weight first, then sums the squares",
    ),
    (
        r"^loss increase",
        "matches",
        "only the last weight matrix",
        "the loss grows by the regularization term of the last weight matrix only: every weight "
        "matrix's squares count (a term assigned with = in a loop, say, keeps only the last)",
    ),
    (
        r"^loss increase",
        "matches",
        "only the first weight matrix",
        "the loss grows by the regularization term of the first weight matrix only: every "
        "weight matrix's squares count",
    ),
    (
        r"^loss",
        "matches",
        "an L1 penalty without the 1/2",
        "the loss is what reg times the sum of the weights' absolute values (an L1 penalty) "
        "gives: the regularization term is 0.5 * reg times the sum of the squared weights (an "
        "L2 penalty)",
    ),
    (
        r"^tails of",
        "failed",
        None,
        "no weight lies as far out as normal draws of this many weights reach (about 30 of "
        "them would): the weights are clipped, truncated or not normal; draw them from a "
        "standard normal times weight_scale, with nothing cut off",
    ),
    (
        r"^dx",
        "matches",
        "a matrix product of dout and the local gradient",
        "dx is the matrix product (@ or dot) of dout and the mask where an elementwise "
        "product (*) belongs: each entry of dout passes through its own entry of the mask",
    ),
    (
        r"^dx",
        "matches",
        "a matrix product of the local gradient and dout",
        "dx is the matrix product (@ or dot) of the mask and dout where an elementwise "
        "product (*) belongs: each entry of dout passes through its own entry of the mask",
    ),
    (
        r".",
        "shape",
        "unflattened",
        "{array} has shape {shape}, expected {expected_shape}: it keeps an input's own axes "
        "where their product belongs: that input was not reshaped to one row per example, "
        "(N, D), before the product",
    ),
    (
        r"^d",
        "shape",
        "extra axis of length 1",
        "{array} has shape {shape}, expected {expected_shape}: an extra axis of length 1 (a "
        "sum that keeps the summed axis, keepdims=True, or a reshape): a gradient has the shape "
        "of what it is the gradient of",
    ),
    (
        r".",
        "shape",
        "extra axis of length 1",
        "{array} has shape {shape}, expected {expected_shape}: an extra axis of length 1 (a sum "
        "or mean with keepdims=True, or a row or column where a 1-D array belongs)",
    ),
    (
        r"^dx",
        "matches",
        "gamma left out",
        "dx is what the backward pass gives without gamma: the upstream gradient of x_hat is "
        "dout times gamma",
    ),
    (
        r"^dx",
        "matches",
        "gamma applied twice",
        "dx is what the backward pass gives with gamma applied twice: the upstream gradient "
        "of x_hat is dout times gamma, once",
    ),
    (
        r"^dx",
        "matches",
        "dx times gamma",
        "dx is the right gradient times gamma: gamma is applied twice (it is already in the "
        "upstream gradient of x_hat, dout times gamma)",
    ),
    (
        r"^dx",
        "matches",
        "dx divided by gamma",
        "dx is the right gradient divided by gamma: gamma is divided out after being applied "
        "(the upstream gradient of x_hat is dout times gamma, once)",
    ),
    (
        r"^d(gamma|beta)",
        "matches",
        "the right gradient times gamma",
        "{array} is the right gradient times gamma: it uses dout * gamma (the upstream "
        "gradient of x_hat, which only dx needs) where dout belongs; gamma has no place in "
        "the gradients of gamma and beta",
    ),
    (
        r"^dgamma",
        "matches",
        "the std's inverse in place of x_hat",
        "dgamma is what 1/std (inv_std) gives in place of x_hat: check the order in which the "
        "cache is unpacked (the order the forward pass stored it in) and which array dgamma "
        "multiplies dout by",
    ),
    (
        r"^dgamma",
        "matches",
        "x - mean in place of x_hat",
        "dgamma is what x - mean gives in place of x_hat: gamma multiplies the normalized "
        "x_hat (divided by the std), so x_hat belongs in its gradient",
    ),
    (
        r".",
        "shape",
        "permuted",
        "{array} has shape {shape}, expected {expected_shape}: the same axes in another order "
        "(a transpose with the wrong order of axes, or a reshape where a transpose belongs)",
    ),
    (
        r"^dgamma",
        "matches",
        "the expected dbeta",
        "dgamma is the sum of dout alone (what dbeta is): gamma multiplies x_hat, so x_hat "
        "belongs in its gradient",
    ),
    (
        r"^dbeta",
        "matches",
        "the expected dgamma",
        "dbeta is what dgamma should be: beta is only added, so x_hat has no place in its gradient",
    ),
    (
        r"^d",
        "matches",
        "the last window only",
        "{array} holds only the last window's contribution: it is overwritten (=) in the loop "
        "instead of accumulated (+=) over every window and example",
    ),
    (
        r"^d",
        "matches",
        "the last example only",
        "{array} holds only the last example's contribution: it is overwritten (=) in the loop "
        "over the examples instead of accumulated (+=)",
    ),
    (
        r"^d",
        "matches",
        "dout left out",
        "{array} leaves dout out: it is what an upstream gradient of ones would give; multiply "
        "by dout (the chain rule)",
    ),
    (
        r"^d",
        "matches",
        "the local gradient without dout",
        "{array} is the local gradient alone: multiply it by dout (the chain rule)",
    ),
    (
        r"^d",
        "matches",
        "dout clipped to [-1, 1]",
        "{array} is what dout clipped to [-1, 1] gives: the backward pass uses dout as it is; "
        "nothing in a layer clips (or caps) the upstream gradient",
    ),
    (
        r"^d",
        "matches",
        "the sign of dout in place of dout",
        "{array} is what the sign of dout (+1 or -1 per entry) gives: the gradient "
        "carries dout's values, not only their signs",
    ),
    (
        r"^d",
        "matches",
        "the absolute value of dout in place of dout",
        "{array} is what the absolute value of dout gives: the gradient carries dout with its "
        "signs (nothing takes its absolute value)",
    ),
    (
        r"^d",
        "matches",
        "dout's positive part only (dout through a ReLU)",
        "{array} is what dout's positive part alone (max(0, dout)) gives: negative "
        "entries of dout pass on too; a ReLU's mask comes from its forward input, never from "
        "dout's sign",
    ),
    (
        r"^d",
        "matches",
        "the right gradient times x, entry by entry",
        "{array} is the right gradient multiplied by x's own values, entry by entry: x decides "
        "where dout goes (which entry is a window's maximum, which is positive), but its value "
        "does not multiply the gradient",
    ),
    (
        r"^dx",
        "term",
        "+x",
        "dx is off by exactly x: the array dx is accumulated in starts as a copy of x (x.copy(), "
        "or x padded) where it must start as zeros (an array of zeros of x's shape)",
    ),
    (
        r"^dw",
        "term",
        "+w",
        "dw is off by exactly w: the array dw is accumulated in starts as a copy of w (w.copy()) "
        "where it must start as zeros (an array of zeros of w's shape)",
    ),
    (
        r"^dW",
        "matches",
        "the regularization gradient alone",
        "the wrong weight gradients hold only the regularization's gradient, reg * W (all "
        "zeros at reg = 0): the gradient from the backward pass is missing, overwritten by it "
        "(= where += belongs) or never stored; a weight's gradient is the data gradient plus "
        "reg * W",
    ),
    (
        r"^dW",
        "term",
        "(N-1)/N*reg",
        "a weight gradient is off by exactly (N-1)/N * reg times its weights: the loss's "
        "regularization term is divided by N (the batch size) while its gradient is not; the "
        "regularization is not averaged over the batch, only the data loss is",
    ),
    (
        r"^dW",
        "term",
        "-(N-1)/N*reg",
        "a weight gradient is off by exactly -(N-1)/N * reg times its weights: its "
        "regularization gradient is divided by N (the batch size) while the loss's term is "
        "not; the regularization is not averaged over the batch, only the data loss is",
    ),
    (
        r"^dW",
        "term",
        "(1-N)*reg",
        "a weight gradient is off by exactly (1 - N) * reg times its weights: the loss's "
        "regularization term is multiplied by N (the batch size) while its gradient is not",
    ),
    (
        r"^dW",
        "term",
        "(N-1)*reg",
        "a weight gradient is off by exactly (N - 1) * reg times its weights: its "
        "regularization gradient is multiplied by N (the batch size) while the loss's term is "
        "not",
    ),
    (
        r"^dW",
        "term",
        "-reg",
        "a weight gradient is off by exactly -reg times its weights: the gradient of the "
        "loss's regularization term is missing from it, or smaller than that term's",
    ),
    (
        r"^dW",
        "term",
        "-1/2*reg or -(N-1)/N*reg",
        "a weight gradient is off by exactly -reg/2 times its weights: its regularization "
        "gradient is half of what the loss's term gives; with N = 2 examples in this check, "
        "that is a factor 1/2 too many (the square's derivative brings a 2) or a division by "
        "the batch size N that the loss's term does not have",
    ),
    (
        r"^dW",
        "term",
        "-1/2*reg",
        "a weight gradient is off by exactly -reg/2 times its weights: its regularization "
        "gradient is half of what the loss's term gives (the square's derivative brings a 2)",
    ),
    (
        r"^dW",
        "term",
        "reg",
        "a weight gradient is off by exactly reg times its weights: it gets more "
        "regularization gradient than the loss's term gives (the term missing from the loss, "
        "the gradient added twice, or a factor 2 too many)",
    ),
]


def _entries(function):
    own = CATALOG[function] if function in CATALOG else CATALOG.get(function.split("[")[0], [])
    # The dtype requirements' labels are their own: no entry of a function may claim them.
    return [OUT_DTYPE, ARRAY_DTYPE, *own, *GENERIC]


def _common(symptoms_of_failures):
    """The symptom the failing measurements of one array agree on (kind, and factor names), or
    None when two of them disagree or none has one. A case without a symptom does not
    contradict one that has it (overlapping pooling windows may hide what a 2x2 case shows)."""
    found = [symptoms[0] for symptoms in symptoms_of_failures if symptoms]
    if not found:
        return None
    first = found[0]
    if first.kind == "zero" and len(found) < len(symptoms_of_failures):
        return None  # "all zeros" in one case and not in another: not a zero answer
    names = set(first.names)
    for other in found[1:]:
        if other.kind != first.kind:
            return None
        if first.kind in ("factor", "matches", "term", "edge"):
            names &= set(other.names)
            if not names:
                return None
    ordered = tuple(n for n in first.names if n in names)
    return first if ordered == first.names else dataclasses.replace(first, names=ordered)


def _sentence(function, label, array, kind, names, symptom=None):
    for pattern, entry_kind, factor, sentence in _entries(function):
        if entry_kind != kind or not re.search(pattern, label):
            continue
        if factor is not None and factor not in names:
            continue
        key = re.search(r"\['?(?:running_)?(\w+)'?\]", array)
        shapes = getattr(symptom, "shapes", None) or ("?", "?")
        return sentence.format(
            array=array,
            key=key.group(1) if key else array,
            shape=shapes[0],
            expected_shape=shapes[1],
        )
    return None


def _join(names):
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def check_hints(function, findings):
    """Hint sentences for one check of ``function``: ``findings`` lists each measurement as
    ``(label, passed, symptoms)``. Empty when every measurement passed."""
    findings = list(findings)
    failing = [f for f in findings if not f[1]]
    if not failing:
        return []
    hints = []
    arrays, verdict = [], {}
    for label, passed, _ in findings:
        array = array_of(label)
        if array not in verdict:
            arrays.append(array)
            verdict[array] = True
        verdict[array] = verdict[array] and passed
    wrong = [a for a in arrays if not verdict[a]]
    right = [a for a in arrays if verdict[a]]
    named = [a for a in arrays if re.match(r"^(d[A-Za-z]|config\[|next_w|out$|loss$)", a)]
    if right and set(wrong) <= set(named):
        right_named = [a for a in right if a in named]
        if right_named:
            verb = "is" if len(wrong) == 1 else "are"
            hints.append(
                f"{_join(wrong)} {verb} wrong; {_join(right_named)} "
                f"{'is' if len(right_named) == 1 else 'are'} right"
            )
    rules_at = len(hints)
    specific = set()  # arrays whose sentence comes from a symptom, not only from failing
    generic = []
    commons = {a: _common([f[2] for f in failing if array_of(f[0]) == a]) for a in wrong}
    swapped = _swapped(commons)
    if swapped:
        pairs = [f"{a} and {b}" for a, b in swapped]
        also = "".join(f", and so are {pair}" for pair in pairs[1:])
        hints.append(
            f"{pairs[0]} are swapped{also}: each holds the other's value (check the name each "
            "is stored under)"
        )
        done = {a for pair in swapped for a in pair}
        specific |= done
        wrong = [a for a in wrong if a not in done]
    for array in wrong:
        mine = [f for f in failing if array_of(f[0]) == array]
        common = commons[array]
        label = mine[0][0]
        sentence = fact = None
        if common is not None:
            sentence = _sentence(function, label, array, common.kind, common.names, common)
            if sentence is None and common.kind != "shape":  # a shape's fact says more
                sentence = _sentence(function, label, array, "failed", ())
            else:
                specific.add(array)
            if common.kind == "factor":
                fact = _factor_fact(array, mine, common)
            elif common.kind not in VAGUE:
                fact = common.describe(array)
        else:  # no symptom, or symptoms that disagree: only what any failure here means
            sentence = _sentence(function, label, array, "failed", ())
        measured_against = MEASURED_AGAINST.get(function, {}).get(array)
        # dx is measured against the numeric gradient of the loss the function returns: with
        # that loss wrong, what dx's difference looks like says nothing certain about dx.
        if measured_against in wrong and (
            array not in specific or (common is not None and common.kind != "shape")
        ):
            sentence = (
                f"{array} is checked against the numeric gradient of the {measured_against} as "
                f"computed, which is wrong: check {array} again once the {measured_against} is "
                "right"
            )
            fact = None
        if sentence and sentence not in hints:
            hints.append(sentence)
        elif sentence is None and fact and fact not in generic:
            generic.append(fact)
    for pattern, must_fail, must_pass, sentence in reversed(RULES):
        if (
            re.search(pattern, function)
            and all(a in wrong for a in must_fail)
            and all(a in right for a in must_pass)
            and not specific & set(must_fail)
        ):
            hints.insert(rules_at, sentence)
    tag_hint = _tag_hint(function, findings)
    if tag_hint and tag_hint not in hints:
        hints.append(tag_hint)
    return (hints + generic)[:MAX_HINTS]


def _swapped(commons):
    """Pairs of arrays each of which is exactly the other's expected value."""
    holds = {}
    for array, common in commons.items():
        if common is not None and common.kind == "matches":
            for name in common.names:
                if name.startswith("the expected "):
                    holds[array] = name[len("the expected ") :]
    pairs = []
    for array, other in holds.items():
        if holds.get(other) == array and (other, array) not in pairs:
            pairs.append((array, other))
    return pairs


def _factor_fact(array, mine, common):
    factors = {round(f[2][0].factor, 12) for f in mine if f[2] and f[2][0].factor is not None}
    if len(factors) == 1:
        return common.describe(array)
    if common.names:
        return f"{array} is off by a factor {common.names[0]}"
    return None


def _tag_hint(function, findings):
    """When every wrong array is wrong in one variant only (``reg=3.14``) and right in another,
    say so, in the function's terms when the catalog knows the variant."""
    shared = None
    others = set()
    for array in dict.fromkeys(array_of(f[0]) for f in findings if not f[1]):
        mine = [f for f in findings if array_of(f[0]) == array]
        failing = [tags_of(f[0]) for f in mine if not f[1]]
        passing = [tags_of(f[0]) for f in mine if f[1]]
        if not passing:
            return None
        only = set.intersection(*failing) - set.union(*passing)
        shared = only if shared is None else shared & only
        others |= set.union(*passing)
    wrong = {array_of(f[0]) for f in findings if not f[1]}
    for tag in sorted(shared or ()):
        if any(re.search(p, tag) and wrong <= arrays for p, arrays in UNAFFECTED):
            continue
        for function_pattern, tag_pattern, sentence in TAG_HINTS:
            if re.search(function_pattern, function) and re.search(tag_pattern, tag):
                return sentence
        key = re.split(r"[= ]", tag)[0]
        siblings = sorted(t for t in others if re.split(r"[= ]", t)[0] == key)
        if siblings:
            return f"only the case {tag} is wrong; {_join(siblings)} is right"
    return None


# What an exception out of the graded code says: (function pattern, message pattern, sentence).
CRASHES = [
    (
        r"Net\.",
        r"^KeyError: '(W|b|gamma|beta)\d+'",
        "a parameter's name is missing from a dict: grads needs an entry for every parameter "
        "(W and b of every layer, gamma and beta with normalization), and self.params holds "
        "only the names __init__ stored",
    ),
    (
        r".",
        r"NoneType",
        "a value is None where an array is needed: check that each forward pass stores in its "
        "cache what its backward pass uses, and that each function returns its result",
    ),
    (
        r"^conv_forward",
        r"could not be broadcast",
        "a window and w[f] have different shapes: a window that runs past the padded input's "
        "edge is cut short (check the output size, the stride, the padding, and which loop "
        "variable indexes the rows (height) and which the columns (width)), or x was padded on "
        "other axes than the two spatial ones",
    ),
    (
        r"^affine_forward$",
        r"matmul|not aligned",
        "the product's inner sizes differ: x must be flattened to N rows of D values and "
        "multiplied by w, of shape (D, M), as it is",
    ),
    (
        r".",
        r"matmul|not aligned",
        "a matrix product got two arrays whose inner sizes differ: "
        "check the shapes of its operands, and which of them must be transposed",
    ),
    (
        r".",
        r"could not be broadcast",
        "two arrays of incompatible shapes meet in an "
        "elementwise operation: print their shapes at the line named above",
    ),
    (
        r"^max_pool",
        r"out of bounds",
        "an index runs past the input: rows go with pool_height "
        "and columns with pool_width (and windows start every stride pixels)",
    ),
    (
        r".",
        r"out of bounds",
        "an index runs past the end of an axis: check the loop bounds "
        "and which size belongs to which axis",
    ),
    (
        r".",
        r"not enough values to unpack|too many values to unpack",
        "a function returns "
        "another number of values than the line named above unpacks: check that each backward "
        "pass gets the cache of its own forward pass, and what each function returns",
    ),
]


def crash_hints(error, function=""):
    """What an exception out of the graded code says for sure, in ``function``'s terms."""
    text = f"{type(error).__name__}: {error}"
    for function_pattern, message, sentence in CRASHES:
        if re.search(function_pattern, function) and re.search(message, text):
            return [sentence]
    return []


# ============================================================================================
# Exceptions, key lists and state not written back (`cs231n.exception_hints` fills them in).
# Each sentence states what the failing line or the key lists show, then the rule it breaks.
# ============================================================================================
EXCEPTION_SENTENCES = {
    "bool in place": (
        "{target} is a boolean array (True/False, a mask such as margins > 0), and {op} cannot "
        "store numbers in it: convert the mask to numbers first (.astype(x.dtype)), or compute "
        "a new array instead of changing it in place"
    ),
    "bool array in place": (
        "an in-place operation ({operation}) writes numbers into a boolean array (True/False, "
        "such as a mask x > 0), which cannot hold them: convert the mask to numbers first "
        "(.astype(x.dtype)), or compute a new array instead of changing it in place"
    ),
    "int array in place": (
        "an in-place operation ({operation}) writes fractional numbers into an integer array "
        "(for example one made from integer labels, np.arange or dtype=int), which cannot hold "
        "them: make "
        "it a float array (of x's dtype) first"
    ),
    "bool arithmetic": (
        "numpy does not {operation} boolean arrays (True/False masks): convert the mask to "
        "numbers first (.astype(x.dtype) or mask * 1.0)"
    ),
    # An array where Python needs one True/False.
    "builtin max": (
        "Python's built-in {name} compares two whole objects and needs one True/False, which an "
        "array of several entries does not give: for an elementwise {name}imum of arrays use "
        "np.{name}imum"
    ),
    "if on array": (
        "an if (or a conditional expression) got an array as its condition: a Python if/else "
        "decides once for the whole array, and the truth value of an array of several entries "
        "is ambiguous; to act entry by entry (elementwise) use a boolean mask or np.where"
    ),
    "if on array named": (
        "an if (or a conditional expression) got an array as its condition: {condition} has "
        "several entries (one True/False each), not one True/False; a Python if/else decides "
        "once for the whole array, so its truth value is ambiguous; to act entry by entry "
        "(elementwise) use a boolean mask or np.where"
    ),
    "and/or on array": (
        "and / or / not need one True/False each and got an array: for elementwise logic use "
        "&, | and ~ (with parentheses around each comparison)"
    ),
    "chained comparison": (
        "a chained comparison (a < x < b) on an array needs one True/False per step: compare "
        "twice and combine the masks with &"
    ),
    # A float where Python needs an integer.
    "float size": (
        "a float was used where Python needs an integer (a size, a loop bound or an index): "
        "in Python 3, / always gives a float, even when the division is exact; // gives an "
        "integer"
    ),
    "float name": (
        "{names} {is_are} ({values}), used as a size, loop bound or index, which must be an integer"
    ),
    "float name divided": (
        "{names} {is_are} ({values}): computed with /, which in Python 3 always gives a float, "
        "even when the division is exact; a size or loop bound must be an integer (integer "
        "division //)"
    ),
    # None where an array is needed.
    "None from cache": (
        "{name} is None: it comes from {cache}, which holds None in that place; {forward} "
        "must store there the {name} it computed and used"
    ),
    "None from cache in test mode": (
        "{name} is None because the check ran in test mode, where {forward} stores no {name} "
        "(by design): {function} took its train-mode path in test mode; check its test of "
        "the mode (only train mode uses {name})"
    ),
    "norm argument None": (
        "{name} is None when {layer} runs: {caller} passes it {item}{here}, which gives None "
        "because the dict has no such key (get returns None for a missing key); check the "
        "key's number against the layer's own parameters"
    ),
    "norm argument of other key": (
        "{name} has shape {got} where {layer} needs {layout}: {caller} passes it {item}{here}, "
        "the {name} of another layer; check the key's number against the layer's own "
        "parameters"
    ),
    "cache index": (
        "at this step ({step}) the cache comes from {read} = {value}{same}: {which} of the "
        "{count} caches the forward pass stored, in the order of its layers{negative}; check "
        "that it is the cache of the layer this step goes back through"
    ),
    "image padded on other axes": (
        "{name} is padded on {axes} by np.pad in {function}: an image batch is (N, C, H, W), "
        "so that adds {changed}; pad only the height and width (axes 2 and 3)"
    ),
    "input_dim out of order": (
        "input_dim is (C, H, W) = {given}, but {function} read C = {C}, H = {H}, W = {W} from "
        "it: the sizes are unpacked in another order than input_dim holds them (channels first)"
    ),
    "None from dict": "{name} is None: it was read from {item}, which holds None",
    "None from get": (
        "{name} is None: it is what {item} gave (the dict has no such key, or holds None there)"
    ),
    "None from call": (
        "{name} is None: it is what {call} returned (does that function end with a return "
        "statement giving its result?)"
    ),
    "None argument": "{name}, an argument of {function}, is None here",
    "None name": "{name} is None on the line named above",
    # A cache that does not belong to the backward pass it is given to.
    "foreign cache": (
        "{function} got {argument}, a cache of {got} items, and unpacks {expected}: in "
        "{caller}, {argument} was not made by {forward}; each backward pass takes the cache "
        "that its own forward pass returned"
    ),
    "cache disagrees": (
        "{function} unpacks {expected} values from its cache, which holds {got}: the cache was "
        "made by another function than {forward}, or {forward} and {function} do not agree on "
        "what the cache holds"
    ),
    # Shapes that disagree.
    "matmul shapes": (
        "in {product}, {left} has shape {left_shape} and {right} has shape {right_shape}: a "
        "matrix product needs {left}'s last axis ({left_size}) to equal {right}'s "
        "{right_axis} axis ({right_size})"
    ),
    "broadcast shapes": (
        "{left} has shape {left_shape} and {right} has shape {right_shape}: they disagree in "
        "{axis} ({x} vs {y}), where an elementwise operation needs equal sizes (or 1)"
    ),
    "augmented assignment": (
        "{target} {op} ...: {target} has shape {target_shape} but the value has shape "
        "{value_shape}; an in-place update cannot change the shape of {target}"
    ),
    "index past the end": (
        "{item}: the index is {index}, but {name} is a {kind} of {size} entries (indices 0 to "
        "{last})"
    ),
    "index arrays swapped": (
        "{target}: {here} indexes axis {axis} (size {size}) but counts {length}, the size of "
        "axis {other_axis}: the two index arrays are swapped; the first indexes axis 0 (the "
        "rows), the second axis 1, so {here} belongs first and {other} second"
    ),
    "reduced over other axes": (
        "{value} reduces axes {axes} of {name}, shape {shape}; the axes whose reduction "
        "leaves the slice's shape {target} are {right} (check which axis holds what)"
    ),
    "stale cache": (
        "{name}, the cache {layer} gets in a loop of {net}, is never assigned in that loop: "
        "every pass gets the value it had before the loop (the forward pass's last layer's); "
        "unpack each layer's own cache in the loop"
    ),
    "vector as column": (
        "{expression} makes {name}, shape {shape}, a column of shape ({size}, 1), which runs "
        "down the rows (one entry per example) and cannot broadcast against the other "
        "operand: {name} has one entry per column (an output unit or feature), and a 1-D "
        "array of that length broadcasts along the last axis as it is, to every row"
    ),
    "layer outside loop range": (
        "{key} is missing: the loop over the layers, {loop}, never reaches layer {layer} (a "
        "range stops before its end value), so that layer's gradients are never stored in grads"
    ),
    "bias of another layer": (
        "an affine layer got {weight} with {bias}: the bias has another layer's length; each "
        "layer's weights and bias go together ({weight} with {own})"
    ),
    "bias size": (
        "an affine layer got a bias of {size} entries for a w of {columns} columns: b has one "
        "entry per output (column) of w, so it must be the bias of w's own layer"
    ),
    "layer given X": (
        "an affine layer in {net} got an array of the shape of X, the net's input "
        "{shape}, but its w expects {expected} input features: only the first layer takes X; "
        "every later layer takes the previous layer's output"
    ),
    "cache unpacked out of order": (
        "what {layer} took from the cache as the forward pass's array is not an array (its "
        "shape is ()): the cache's parts are unpacked in another order than {forward} packed "
        "them (unpack them in the order of the tuple it returns as cache)"
    ),
    "conv net pool untiled": (
        "the 2x2 pool in {net} got a conv output {size} high or wide, which its windows do not "
        "tile: the conv before it must keep the input's height and width (check the padding it "
        "gets for the filter size)"
    ),
    "layer of another width": (
        "an affine layer in {net} got {got} features per example where its w expects "
        "{expected}: the output of another layer than the one just before it reached it (check "
        "the forward loop's range: every hidden layer in order, each taking the previous one's "
        "output), or that w has the wrong number of rows"
    ),
    "conv output of another size": (
        "the affine layer after the conv-relu-pool in {net} got {got} values per example "
        "(an input of shape {shape}) where W2 expects {expected}: the conv must keep the height "
        "and width (check the padding it gets for the filter size) and the pool halve them, or "
        "W2's rows are not num_filters * (H / 2) * (W / 2)"
    ),
    "grads names swapped": (
        "{target} has shape {shape}, a bias's shape, where the gradient of a weight of shape "
        "{weight_shape} belongs: a weight's and a bias's gradients were stored under each "
        "other's names (a backward pass returns dx, dw, db in that order; unpack its results "
        "in the same order)"
    ),
    "layer number as list index": (
        "{item} is one past the end of {name}: a per-layer list holds one entry per layer "
        "that has one, indexed from 0, while the layers are numbered from 1 (W1, b1, ...), so "
        "layer i's entry is at i - 1 (an off-by-one index)"
    ),
    "slice assignment": (
        "{target} = {value}: the slice has shape {target_shape} but the value has shape "
        "{value_shape}"
    ),
    "reshape size": (
        "{array} has shape {shape}, {size} entries, and cannot be reshaped to {target}: a "
        "reshape keeps every entry, so the new shape must hold exactly as many"
    ),
    "reduced without keepdims": (
        "{name} comes from {function} over axis {axes} without keepdims=True, so it lost that "
        "axis: shape {shape} against {other}'s {other_shape}. If that axis is the intended one, "
        "keep it (keepdims=True) so that the result broadcasts along it; if not, reduce over "
        "the intended axis"
    ),
    "unpadded slice": (
        "the window is sliced from {name}, the input before padding, at positions of the padded "
        "input {padded}: near the edge the slice of {name} is cut short"
    ),
    "padded every axis": (
        "{padded} has shape {shape} and {name} {before}: np.pad padded axes {axes}, but only the "
        "two spatial axes (height and width) get padding, not the batch or channel axes"
    ),
    "str plus int": (
        "a str and an int were joined with +: turn the number into text first (str(), or an "
        "f-string)"
    ),
    "tuple by key": (
        "{name} is a tuple of {count} items and is indexed with a string: a tuple's items are "
        "taken by position (or unpacked into names)"
    ),
    "gradient shaped like dout": (
        "{name} has dout's shape, {shape}, not {input}'s, {input_shape}: {name} is the gradient "
        "of {input}, so it is allocated with {input}'s shape (indices into {input} run past the "
        "end of an array of dout's size)"
    ),
    "flat argmax": (
        "{name} comes from np.argmax without an axis: it is an index into the flattened array "
        "(one number), not a (row, column) pair; np.unravel_index turns it into one"
    ),
    "math on array": (
        "math.{name} works on one number and got an array: for an elementwise {name} of an "
        "array use np.{name}"
    ),
    "shape as separate numbers": (
        "{function} takes the shape as one tuple (two parentheses); its second argument is the "
        "dtype"
    ),
    "sizes as a tuple": (
        "{function} takes the sizes as separate numbers, not one tuple (unlike np.zeros)"
    ),
    "undefined, close": (
        "{name} is not defined in {function}: is it {close}, a name {function} has (a typo)?"
    ),
    "undefined, method": (
        "{name} is not a name in {function}: a method has its arguments, its own variables and "
        "what self holds; an argument of __init__ is gone once __init__ returns (what __init__ "
        "stored is self.{name}, if it stored it)"
    ),
    "undefined, backward": (
        "{name} is not defined in {function}: a backward pass has only dout and the cache; a "
        "value {forward} computes reaches it only through the cache (store it there in "
        "{forward}, then unpack it)"
    ),
    "tuple of axes": (
        "np.{call} takes one axis (an int), not a tuple of axes: to search several axes at "
        "once, reshape the array so that they become one first"
    ),
    "empty slice start": (
        "the {operation} runs over {name}, empty along axis {axis} (shape {shape}){at}: its "
        "slice {slice} starts at {start} = {value}, past the last index of {array}'s axis "
        "{axis} ({size} long); check where each slice starts for each output position"
    ),
    "empty slice": (
        "the {operation} runs over an empty slice of {array}: a slice that starts at or past "
        "the end of its axis, or ends before it starts, holds nothing; check where each window "
        "starts (its index times the stride) and the loop bounds (the output size)"
    ),
    "unbound": (
        "{name} is read in {function} before any value was given to it on the path this call "
        "took: it is assigned only in some branches (another mode, say) or only after this line"
    ),
    "tuple from call": (
        "{name} is a tuple of {count} items, what {call} returns: unpack them "
        "(one name per item) to use the array"
    ),
    "dout of another layer": (
        "{layer} got a dout of shape {got}, but its forward output had shape {expected}: in "
        "{net}, a layer's backward pass got a dout and a cache of different layers; the "
        "backward pass goes through the layers in reverse order, from the last to the first, "
        "each with its own cache and the gradient of its own output"
    ),
    "layer shape": (
        "{caller} hands {layer} a {name} of shape {got}, but {layer} takes {name} of shape "
        "{layout}: reshape it before the call the way x is reshaped for the forward pass, and "
        "reshape what comes back to the shape {caller} must return"
    ),
    "norm params": (
        "{caller} hands {layer} gamma and beta of shape {got}, but {layer} takes one value per "
        "feature of the rows it normalizes, shape {layout}: reshape them to that shape before "
        "the call"
    ),
    "norm params from groups": (
        "{caller} hands {layer} its own gamma and beta, of shape {got}, but {layer} takes one "
        "value per feature of the rows it normalizes, shape {layout}: a group's rows mix "
        "channels, so gamma and beta (one per channel) cannot apply there; normalize the rows "
        "with a scale of ones and a shift of zeros, and apply gamma and beta to the result once "
        "it has x's shape again"
    ),
    "layer shape from spatial": (
        "{caller} hands {layer} a {name} of shape {got}, but {layer} takes {name} of shape "
        "{layout}: like x in the forward pass, move the channel axis last and reshape to "
        "(N*H*W, C) rows before the call, then reshape the result back to (N, C, H, W)"
    ),
    "shared bn_param": (
        "a bn_param holding running averages for {other} features reached a layer with {width} "
        "features: in {net}, each normalized layer needs its own bn_param (one per layer in "
        "self.bn_params), never one shared by all"
    ),
    # Wrong parameter or gradient names.
    "grads missing": (
        "grads has no {keys}: every parameter in self.params needs a gradient under the same name"
    ),
    "grads prefixed": (
        "grads has {keys}: its keys are the parameters' own names (grads['W1'] is the gradient "
        "of self.params['W1'])"
    ),
    "grads extra": "grads has {keys}, which are not in self.params: grads has exactly its keys",
    "numbered from 1": "the layers' parameters are numbered from 1 (W1, b1, ...), not from 0",
    "norm without normalization": (
        "{keys} should not exist: with normalization=None no layer has a scale gamma or a "
        "shift beta"
    ),
    "norm on last layer": (
        "gamma{last}/beta{last} should not exist: the last affine layer (layer {last}, the "
        "scores) has no normalization"
    ),
    "norm missing for variant": (
        "{keys} missing with normalization='{variant}': batchnorm and layernorm both have a "
        "scale gamma and a shift beta for each hidden layer"
    ),
    "norm missing on some layers": (
        "{keys} missing: each of the {hidden} hidden layers (every layer but the last) has its "
        "own gamma and beta"
    ),
    "layers missing (fc)": (
        "{keys} missing: the net has len(hidden_dims) + 1 = {count} affine layers, the last "
        "one giving the class scores"
    ),
    "layers missing": "{keys} missing: this model has {count} layers with weights",
    "layers extra (fc)": (
        "{keys} should not exist: the net has len(hidden_dims) + 1 = {count} affine layers"
    ),
    "layers extra": "{keys} should not exist: this model has {count} layers with weights",
    # State not written back.
    "state not written back": (
        "{dict}['{key}'] is not set after the call: it must be written into the {dict} dict "
        "that was passed in (the caller reads it from there; a new dict or a copy is lost)"
    ),
    "reseeded": (
        "the constructor draws the same weights whatever the caller's random state: it seeds "
        "the generator itself (np.random.seed in __init__ overrides the caller's seed) or "
        "draws from a generator of its own with a fixed seed; draw from np.random as the "
        "caller left it"
    ),
    # A model's running averages (self.bn_params).
    "net running averages not kept": (
        "self.bn_params[{index}] has no {key} after train-mode calls of loss: the "
        "running averages were stored elsewhere (in a copy of the dict, or a new one); each "
        "normalized layer must get its own dict of self.bn_params itself, so that "
        "batchnorm_forward writes them where test mode reads them"
    ),
    # A dict read under a key it does not have.
    "missing key": (
        "{dict} has no key {key} when this line runs; its keys then are {keys}: read the "
        "value under the name it is stored under (or store it under {key} first)"
    ),
    "grads of one layer": (
        "{dict} holds the gradients of layer {layer} only: the other layers' entries were "
        "never stored, or were replaced (a new dict assigned to {dict} in the loop over the "
        "layers keeps only one layer's entries; add each layer's to the same dict)"
    ),
    "dict from caller": (
        "{layer} needs {dict}[{key}], but the dict {caller} passes it ({given}) has the keys "
        "{keys}: where that dict is built, the value must be stored under {key}, the name "
        "{layer} reads"
    ),
    # A value used where a position belongs.
    "value as index": (
        "{name}, used as an index here, comes from {source}, computed with {call}: the "
        "{which} values themselves, not their positions; an index must be an integer position "
        "({arg} gives the position of the {which} value)"
    ),
    "list in list": (
        "{outer} holds {inner}, a {kind}, as one of its entries (a {kind} inside the list), "
        "so {read} here is a {kind}, not an integer: each entry of {inner} must be an entry "
        "of {outer} of its own"
    ),
    "net bn_params replaced": (
        "a test-time call of loss puts new dicts into self.bn_params, so the running averages "
        "that batchnorm_forward wrote into the old dicts during training are lost when the "
        "new dicts do not carry them over: build the dicts once, in __init__, and in loss only "
        "set the mode of each existing dict"
    ),
    "net test mode": (
        "test-mode scores ignore the running averages in self.bn_params: at test time each "
        "normalized layer must get its own dict of self.bn_params itself (not a copy or a new "
        "dict), with mode 'test', so that it normalizes with the averages kept there"
    ),
    # Code written for one number of dimensions.
    "axis past ndim": (
        "{item}: {name} has {ndim} axes here (shape {shape}), so it has no such axis; the code "
        "assumes a fixed number of dimensions"
    ),
    "shape unpacked": (
        "{names} = {name}.shape: {name} has {ndim} axes here (shape {shape}), not {count}; the "
        "code assumes a fixed number of dimensions"
    ),
    "affine any number of axes": (
        "affine_forward takes x of any number of dimensions, (N, d_1, ..., d_k): each example "
        "is flattened to one row of d_1 * ... * d_k values, whatever k is, so the flatten must "
        "not name each axis (2-d, 3-d and 5-d inputs are checked too)"
    ),
    # Operators and numpy functions that do something else than they seem to.
    "xor": (
        "^ is bitwise xor in Python, not a power (numpy has no xor for floats, hence the "
        "error; ^ also binds more loosely than + and *): a power is written ** (a square: x**2)"
    ),
    "elementwise ufunc as reduction": (
        "np.{name} is elementwise: it combines two arrays entry by entry (np.{name}(a, b)) "
        "and takes no axis; the {what} of one array's entries along some axes is a reduction, "
        "np.{reduction}(a, axis=...) or a.{reduction}(axis=...)"
    ),
    # An array (or a tuple) where one number belongs.
    "whole array into one entry": (
        "{target} is one entry (one number), but the value uses {name}, a whole array of shape "
        "{shape}, as it is (a sequence where one number belongs): use the one entry of {name} "
        "meant for this position (index it), or one number made from it (a sum){role}"
    ),
    "tuple where array from cache": (
        "{name}, unpacked from the cache {function} got, is a tuple of {count} items where "
        "{forward} stores an array: that cache ({argument}) holds other caches, not the one "
        "{forward} returned; each backward pass takes exactly its own forward pass's cache "
        "(unpack a stored tuple of caches first)"
    ),
    # Index arrays that do not pair up.
    "index arrays": (
        "the arrays indexing {array} together ({names}) have shapes {shapes}: they pair up "
        "entry by entry, so their shapes must be equal (or broadcast)"
    ),
    "arange of columns": (
        "np.arange({count}) has {value} entries and {other} has {length}: index arrays pair up "
        "entry by entry, one per example (row); {count} = {value} is x's number of columns "
        "(classes, shape[1]), while x has {length} rows (the batch size, shape[0])"
    ),
    "meshgrid xy": (
        "{grid} come from np.meshgrid with indexing='xy' (the default), which gives shape "
        "{shape} (len(second) x len(first)), the transpose of {others}' {other_shape}: with "
        "indexing='ij' the grids have shape (len(first), len(second))"
    ),
    # A function of yours calling the layer it is built on.
    "transposed partly": (
        "{caller} hands {function} {transposed} transposed but {name} as it is, shape "
        "{shape}: inside {function}, {name} meets an array of shape {other}, which its "
        "transpose {reversed} would match; hand every array over in the same (transposed) "
        "layout"
    ),
    "norm size from rows": (
        "{layer} got x of shape {shape} and gamma and beta of length {got}, x's number of "
        "rows: gamma and beta have one entry per column of x ({columns}); the size was taken "
        "from x's first axis (shape[0]) where its second (shape[1], the group size here) "
        "belongs"
    ),
    "spatial rows of width": (
        "{caller} hands batchnorm_forward rows of {columns} values, x's {axis_name} (axis "
        "{axis}, shape[{negative}]), but gamma has one entry per channel (C = {channels}): each "
        "row must hold one value per channel, so the channel axis goes last and the rows are "
        "reshaped with C, not with the {axis_name}"
    ),
    "norm size": (
        "{layer} got x with {columns} columns and gamma and beta of length {got}: gamma and "
        "beta have one entry per column (feature) of x"
    ),
    "batchnorm for layernorm": (
        "batchnorm_forward ran in a check of normalization='layernorm': its param dict (a "
        "layer norm's, which has no 'mode') made batch norm refuse it; the layers run batch "
        "norm instead of layer norm: the normalization argument each layer gets must be "
        "self.normalization"
    ),
    "param dicts swapped": (
        "the dict passed as {name} holds {other}'s keys ({keys}): {other} was given where "
        "{name} belongs{where}"
    ),
    "flattened dout": (
        "{call} got {argument} of shape {got}: the same {size} numbers as the shape {expected} "
        "{layer} needs, flattened; a gradient has the shape of the array it is the gradient "
        "of{output}, so reshape it back to {expected} before this backward pass (an array "
        "flattened before the next layer gets a flat gradient back from that layer's backward "
        "pass)"
    ),
    # The upstream gradient a layer's backward pass gets in a model's loss.
    "dout of other output": (
        "{net} passes {argument} (shape {got}){what} to {call}, but that layer's output had "
        "shape {expected}{like}: each layer's backward pass takes the gradient of its own "
        "output, the one the backward pass of the layer after it returned, not {argument}"
    ),
    "result not passed on": (
        "{net} passes {argument} to {call} but stores the gradient it returns in {result}: "
        "{argument} is never updated, so the next layer gets the same {argument} again (shape "
        "{got}, where that layer's output had shape {expected}, the shape of {result}); the "
        "gradient a backward pass returns for its input is the upstream gradient of the layer "
        "before it"
    ),
    "stale dout": (
        "{argument}, the upstream gradient {call} gets in a loop of {net}, is never assigned "
        "in that loop: every layer gets the same {argument}, the one from before the loop; "
        "the gradient a layer's backward pass returns for its input is the {argument} of the "
        "layer before it"
    ),
    "key without loop variable": (
        "{name} is {item} on every pass of the loop over {var} (its key does not use {var}), "
        "while {target} changes with {var}: the same weight for every layer; each layer's term "
        "uses that layer's own weight"
    ),
    "norm key without normalization": (
        "{key} is read from self.params in a check with normalization=None: gamma and beta "
        "exist only with normalization ('batchnorm' or 'layernorm'), so there is no {key} "
        "here; read them only when the net has normalization (self.params.get gives None for "
        "a missing key)"
    ),
}
# Running averages that still hold the value passed in, for every function that keeps them.
GENERIC.append(
    (
        r"^bn_param\[",
        "unchanged",
        None,
        "{array} is the value passed in, unchanged: the new running average must be written "
        "into the bn_param dict that was passed in (the caller reads it from there; a new dict "
        "or a copy is lost)",
    )
)
