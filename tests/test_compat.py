"""The interface points that CS231n Assignment 2 course notebooks (2019-2024) rely on.

The numbers are the course notebooks' printed test vectors (2020 FullyConnectedNets and
Dropout). Running the course notebooks themselves is tests/test_compat_notebooks.py.
"""

import importlib.util
import inspect
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from cs231n import optim
from cs231n.classifiers.fc_net import FullyConnectedNet, TwoLayerNet
from cs231n.gradient_check import (
    eval_numerical_gradient,
    eval_numerical_gradient_blobs,
    eval_numerical_gradient_net,
    rel_error,
)
from cs231n.grading import vectors
from cs231n.solver import Solver
from cs231n.vis_utils import vis_grid, vis_nn

ROOT = Path(__file__).resolve().parent.parent

# What the course's layers.py, layer_utils.py and fast_layers.py define (2020 and 2022 alike).
COURSE_LAYERS = [
    "affine_forward",
    "affine_backward",
    "relu_forward",
    "relu_backward",
    "softmax_loss",
    "svm_loss",
    "batchnorm_forward",
    "batchnorm_backward",
    "batchnorm_backward_alt",
    "layernorm_forward",
    "layernorm_backward",
    "dropout_forward",
    "dropout_backward",
    "conv_forward_naive",
    "conv_backward_naive",
    "max_pool_forward_naive",
    "max_pool_backward_naive",
    "spatial_batchnorm_forward",
    "spatial_batchnorm_backward",
    "spatial_groupnorm_forward",
    "spatial_groupnorm_backward",
]
COURSE_SANDWICHES = [
    "affine_relu_forward",
    "affine_relu_backward",
    "conv_relu_forward",
    "conv_relu_backward",
    "conv_bn_relu_forward",
    "conv_bn_relu_backward",
    "conv_relu_pool_forward",
    "conv_relu_pool_backward",
]
COURSE_FAST_LAYERS = [
    "conv_forward_fast",
    "conv_backward_fast",
    "conv_forward_im2col",
    "conv_backward_im2col",
    "conv_forward_strides",
    "conv_backward_strides",
    "max_pool_forward_fast",
    "max_pool_backward_fast",
    "max_pool_forward_reshape",
    "max_pool_backward_reshape",
    "max_pool_forward_im2col",
    "max_pool_backward_im2col",
]


def star_import(module_name):
    """The names ``from module_name import *`` binds (Python's rule: __all__, else public names)."""
    module = importlib.import_module(module_name)
    names = getattr(module, "__all__", [name for name in vars(module) if not name.startswith("_")])
    return {name: getattr(module, name) for name in names}


@pytest.mark.parametrize(
    "module, classes",
    [
        ("cs231n.classifiers.fc_net", ["TwoLayerNet", "FullyConnectedNet"]),
        ("cs231n.classifiers.cnn", ["ThreeLayerConvNet"]),
    ],
)
def test_star_import_gives_what_the_course_notebooks_call(module, classes):
    namespace = star_import(module)
    expected = COURSE_LAYERS + COURSE_SANDWICHES + COURSE_FAST_LAYERS + classes + ["np"]
    missing = [name for name in expected if name not in namespace]
    assert missing == []
    import cs231n.layers

    assert namespace["batchnorm_forward"] is cs231n.layers.batchnorm_forward


COURSE_IM2COL = ["get_im2col_indices", "im2col_indices", "col2im_indices"]
COURSE_CYTHON = ["im2col_cython", "col2im_cython", "col2im_6d_cython"]
# The public names each course module's star import gives (its functions and what it imports
# with ``*`` or by name; compared with public copies of the 2020 and 2022 modules). The data
# loaders of other assignments (load_tiny_imagenet, load_models, load_imagenet_val) are not here.
COURSE_SURFACES = {
    "cs231n.layers": COURSE_LAYERS + ["np"],
    "cs231n.layer_utils": COURSE_LAYERS
    + COURSE_SANDWICHES
    + COURSE_FAST_LAYERS
    + COURSE_IM2COL
    + ["np"],
    "cs231n.fast_layers": COURSE_FAST_LAYERS + COURSE_IM2COL + ["np"],
    "cs231n.im2col": COURSE_IM2COL + ["np"],
    "cs231n.optim": ["sgd", "sgd_momentum", "rmsprop", "adam", "np"],
    "cs231n.solver": ["Solver", "np", "os"],
    "cs231n.gradient_check": [
        "eval_numerical_gradient",
        "eval_numerical_gradient_array",
        "eval_numerical_gradient_blobs",
        "eval_numerical_gradient_net",
        "grad_check_sparse",
        "np",
    ],
    "cs231n.vis_utils": ["visualize_grid", "vis_grid", "vis_nn", "np", "sqrt", "ceil"],
    "cs231n.data_utils": ["load_pickle", "load_CIFAR_batch", "load_CIFAR10", "get_CIFAR10_data"]
    + ["np", "os"],
    "cs231n.classifiers.fc_net": COURSE_LAYERS
    + COURSE_SANDWICHES
    + COURSE_FAST_LAYERS
    + COURSE_IM2COL
    + ["FullyConnectedNet", "TwoLayerNet", "np"],
    "cs231n.classifiers.cnn": COURSE_LAYERS
    + COURSE_SANDWICHES
    + COURSE_FAST_LAYERS
    + COURSE_IM2COL
    + ["ThreeLayerConvNet", "np"],
}


@pytest.mark.parametrize("module", sorted(COURSE_SURFACES))
def test_star_import_of_every_course_module_gives_the_course_names(module):
    from cs231n import fast_layers

    namespace = star_import(module)
    expected = list(COURSE_SURFACES[module])
    if fast_layers.HAVE_CYTHON and "conv_forward_fast" in expected:
        expected += COURSE_CYTHON  # the course imports them from the extension when it is built
    missing = [name for name in expected if name not in namespace]
    assert missing == [], f"from {module} import * lacks {missing}"


def test_layer_utils_star_import_gives_the_same_objects_as_their_modules():
    import cs231n.fast_layers
    import cs231n.im2col
    import cs231n.layers

    namespace = star_import("cs231n.layer_utils")
    for name in COURSE_LAYERS:
        assert namespace[name] is getattr(cs231n.layers, name), name
    for name in COURSE_FAST_LAYERS:
        assert namespace[name] is getattr(cs231n.fast_layers, name), name
    for name in COURSE_IM2COL:
        assert namespace[name] is getattr(cs231n.im2col, name), name
        assert star_import("cs231n.fast_layers")[name] is getattr(cs231n.im2col, name), name


# ---------------------------------------------------------------------------------------------
# TwoLayerNet: the 2020 FullyConnectedNets notebook's vectors
# ---------------------------------------------------------------------------------------------

N, D, H, C = 3, 5, 50, 7


def two_layer_net_with_fixed_weights():
    params, X, y, *_ = vectors.two_layer_net_case()
    model = TwoLayerNet(input_dim=D, hidden_dim=H, num_classes=C, weight_scale=1e-3)
    model.params.update(params)
    return model, X, y


def test_two_layer_net_signature_is_the_2020_one():
    parameters = inspect.signature(TwoLayerNet).parameters
    defaults = {name: p.default for name, p in parameters.items()}
    assert defaults == {
        "input_dim": 3 * 32 * 32,
        "hidden_dim": 100,
        "num_classes": 10,
        "weight_scale": 1e-3,
        "reg": 0.0,
    }


def test_two_layer_net_initialization():
    std = 1e-3
    model = TwoLayerNet(input_dim=D, hidden_dim=H, num_classes=C, weight_scale=std)
    assert sorted(model.params) == ["W1", "W2", "b1", "b2"]
    assert model.params["W1"].shape == (D, H) and model.params["W2"].shape == (H, C)
    for name in ("W1", "W2"):
        assert abs(model.params[name].std() - std) < std / 10, name
    for name in ("b1", "b2"):
        assert np.all(model.params[name] == 0), name


def test_two_layer_net_scores_and_losses_match_the_2020_notebook():
    model, X, y = two_layer_net_with_fixed_weights()
    *_, correct_scores, correct_loss, correct_loss_reg = vectors.two_layer_net_case()
    assert correct_loss == 3.4702243556 and correct_loss_reg == 26.5948426952
    assert np.abs(model.loss(X) - correct_scores).sum() < 1e-6
    loss, _ = model.loss(X, y)
    assert abs(loss - correct_loss) < 1e-10
    model.reg = 1.0  # the notebook changes reg after construction
    loss, _ = model.loss(X, y)
    assert abs(loss - correct_loss_reg) < 1e-10


@pytest.mark.parametrize("reg", [0.0, 0.7])
def test_two_layer_net_gradients(reg):
    model, X, y = two_layer_net_with_fixed_weights()
    model.reg = reg
    _, grads = model.loss(X, y)
    assert sorted(grads) == sorted(model.params)
    for name in sorted(grads):
        numeric = eval_numerical_gradient(
            lambda _: model.loss(X, y)[0], model.params[name], verbose=False
        )
        # The 2020 notebook prints errors of 1e-7 or less; a wrong gradient gives ~1.
        assert rel_error(numeric, grads[name]) < 1e-6, name


# ---------------------------------------------------------------------------------------------
# FullyConnectedNet(dropout=...): the 2020 keyword for the keep probability
# ---------------------------------------------------------------------------------------------


def dropout_losses(keyword):
    """The 2020 Dropout notebook's loop: one seed, then a model per keep probability."""
    np.random.seed(231)
    X = np.random.randn(2, 15)
    y = np.random.randint(10, size=2)
    losses = []
    for keep in (1, 0.75, 0.5):
        model = FullyConnectedNet(
            [20, 30],
            input_dim=15,
            num_classes=10,
            weight_scale=5e-2,
            dtype=np.float64,
            seed=123,
            **{keyword: keep},
        )
        assert model.use_dropout == (keep != 1)
        losses.append(model.loss(X, y)[0])
    return losses


def test_dropout_keyword_of_2020_gives_the_notebooks_losses():
    losses = dropout_losses("dropout")
    # Printed by the 2020 notebook for keep 1 and 0.75. (For 0.5 it printed 2.30427592207859:
    # the course's seeded dropout reseeds NumPy's global generator, which changes the weights
    # drawn for the next model; here the seed only fixes the mask.)
    assert losses[:2] == pytest.approx([2.300479089768492, 2.302371489704412], rel=1e-10)
    assert losses == dropout_losses("dropout_keep_ratio")


def test_dropout_keyword_and_keep_ratio_together_is_an_error():
    with pytest.raises(ValueError, match="dropout .*dropout_keep_ratio"):
        FullyConnectedNet([10], dropout=0.5, dropout_keep_ratio=0.75)
    with pytest.raises(ValueError, match="dropout_keep_ratio must be in"):
        FullyConnectedNet([10], dropout=0)


# ---------------------------------------------------------------------------------------------
# cd cs231n && python setup.py build_ext --inplace
# ---------------------------------------------------------------------------------------------


@pytest.mark.skipif(
    shutil.which("cc") is None and shutil.which("gcc") is None,
    reason="no C compiler to build the Cython extension",
)
def test_course_build_command_builds_the_extension_in_the_package(tmp_path):
    project = tmp_path / "project"
    (project / "cs231n").mkdir(parents=True)
    for name in (
        "setup.py",
        "pyproject.toml",
        "README.md",
        "cs231n/setup.py",
        "cs231n/im2col_cython.pyx",
    ):
        shutil.copy(ROOT / name, project / name)
    # The command's wiring is under test, not the optimiser: -O0 compiles in a fraction of the
    # time (CI's 30 minutes).
    setup = project / "setup.py"
    assert setup.read_text().count('"-O3"') == 1
    setup.write_text(setup.read_text().replace('"-O3"', '"-O0"'))
    result = subprocess.run(
        [sys.executable, "setup.py", "build_ext", "--inplace"],
        check=False,
        cwd=project / "cs231n",
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    built = list((project / "cs231n").glob("im2col_cython*.so")) + list(
        (project / "cs231n").glob("im2col_cython*.pyd")
    )
    assert len(built) == 1, sorted(p.name for p in (project / "cs231n").iterdir())
    # The module the fast layers import is that file: load it and compare with the NumPy im2col.
    from cs231n.im2col import im2col_indices

    spec = importlib.util.spec_from_file_location("im2col_cython", built[0])
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    x = np.random.randn(2, 3, 5, 5)
    assert np.allclose(module.im2col_cython(x, 3, 3, 1, 1), im2col_indices(x, 3, 3, 1, 1))


# ---------------------------------------------------------------------------------------------
# from imageio import imread; cs231n/notebook_images/kitten.jpg, puppy.jpg
# ---------------------------------------------------------------------------------------------


def test_course_images_read_with_imageio():
    from imageio import imread

    images = ROOT / "cs231n" / "notebook_images"
    kitten = imread(images / "kitten.jpg")
    puppy = imread(images / "puppy.jpg")
    for image in (kitten, puppy):
        assert image.dtype == np.uint8 and image.ndim == 3 and image.shape[2] == 3
        assert min(image.shape[:2]) >= 200  # the course resizes them to 200 x 200
    # The course crops the kitten to a square with kitten[:, d//2:-d//2], d = width - height.
    assert kitten.shape[1] > kitten.shape[0]
    for name in ("kitten.jpg", "puppy.jpg"):
        assert (images / name).stat().st_size < 100_000
    readme = (images / "README.md").read_text()
    assert "kitten.jpg" in readme and "puppy.jpg" in readme and "CC0" in readme


def test_imageio_is_a_requirement():
    requirements = (ROOT / "requirements.txt").read_text().splitlines()
    assert any(line.startswith("imageio") for line in requirements)


# ---------------------------------------------------------------------------------------------
# Blob gradient helpers, vis_grid, vis_nn
# ---------------------------------------------------------------------------------------------


class Blob:
    def __init__(self, vals):
        self.vals = vals
        self.diffs = np.zeros_like(vals)


def test_eval_numerical_gradient_blobs_of_a_product():
    a, b = Blob(np.random.randn(3, 4)), Blob(np.random.randn(3, 4))
    out = Blob(np.zeros((3, 4)))
    out.diffs = np.random.randn(3, 4)
    a_before, b_before = a.vals.copy(), b.vals.copy()

    def multiply(x, y, output):
        output.vals = x.vals * y.vals

    da, db = eval_numerical_gradient_blobs(multiply, (a, b), out)
    assert rel_error(da, b.vals * out.diffs) < 1e-8
    assert rel_error(db, a.vals * out.diffs) < 1e-8
    assert np.array_equal(a.vals, a_before) and np.array_equal(b.vals, b_before)


def test_eval_numerical_gradient_net_uses_forward():
    x, out = Blob(np.random.randn(5)), Blob(np.zeros(5))
    out.diffs = np.random.randn(5)

    class SquareNet:
        def forward(self):
            out.vals = x.vals**2

    (dx,) = eval_numerical_gradient_net(SquareNet(), (x,), out)
    assert rel_error(dx, 2 * x.vals * out.diffs) < 1e-8


def test_vis_grid_tiles_and_scales_the_whole_grid():
    dark, bright = np.zeros((4, 5, 3)), np.full((4, 5, 3), 10.0)
    bright[0, 0] = 20.0
    grid = vis_grid(np.stack([dark, bright, bright]))
    assert grid.shape == (2 * 4 + 1, 2 * 5 + 1, 3)
    assert grid.min() == 0.0 and grid.max() == 1.0
    assert np.all(grid[:4, :5] == 0.0)  # the dark image stays dark
    assert np.allclose(grid[1:4, 6:11], 0.5)  # one scale for all images
    with pytest.raises(ValueError, match="vis_grid"):
        vis_grid(np.zeros((4, 5, 3)))


def test_vis_nn_lays_out_rows():
    rows = [[np.full((2, 3, 1), float(r + c)) for c in range(3)] for r in range(2)]
    grid = vis_nn(rows)
    assert grid.shape == (2 * 2 + 1, 3 * 3 + 2, 1)
    assert grid[0, 0, 0] == 0.0 and grid[-1, -1, 0] == 1.0
    assert grid[3, 4, 0] == pytest.approx(2 / 3)  # row 1, column 1 holds 2 of 0..3
    with pytest.raises(ValueError, match="vis_nn"):
        vis_nn([[np.zeros((2, 3, 1)), np.zeros((3, 3, 1))]])


# ---------------------------------------------------------------------------------------------
# Solver with an update rule a student adds to cs231n.optim
# ---------------------------------------------------------------------------------------------


def test_solver_uses_a_custom_update_rule_added_to_optim(monkeypatch):
    calls = []

    def halve(w, dw, config=None):
        calls.append(w.shape)
        return w / 2, config if config is not None else {}

    monkeypatch.setattr(optim, "halve", halve, raising=False)
    model = TwoLayerNet(input_dim=6, hidden_dim=5, num_classes=3)
    data = {
        "X_train": np.random.randn(20, 6),
        "y_train": np.random.randint(3, size=20),
        "X_val": np.random.randn(10, 6),
        "y_val": np.random.randint(3, size=10),
    }
    W1 = model.params["W1"].copy()
    solver = Solver(model, data, update_rule="halve", num_epochs=1, batch_size=20, verbose=False)
    solver._step()
    assert len(calls) == 4
    assert np.allclose(model.params["W1"], W1 / 2)


@pytest.mark.parametrize("name", ["_private", "UPDATE_RULES", "np", "nesterov"])
def test_solver_rejects_names_that_are_not_update_rules(name, monkeypatch):
    monkeypatch.setattr(optim, "_private", lambda w, dw, config=None: (w, config), raising=False)
    model = TwoLayerNet(input_dim=6, hidden_dim=5, num_classes=3)
    data = {
        "X_train": np.zeros((4, 6)),
        "y_train": np.zeros(4, int),
        "X_val": np.zeros((4, 6)),
        "y_val": np.zeros(4, int),
    }
    with pytest.raises(ValueError, match="Invalid update_rule"):
        Solver(model, data, update_rule=name)
