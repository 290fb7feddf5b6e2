"""What the student release contains, file by file (instructor-only).

The release ships exactly these files of the master (plus the templates of ``release_files/``,
which replace the master's file of the same path). Every file under ``cs231n/`` and
``notebooks/`` must be listed here: the release refuses to build when one is not, so a new module
is shipped (or kept out of ``cs231n/``) by decision, never by accident.
"""

# Files students edit: solution regions are replaced by stubs that raise NotImplementedError.
STUDENT_FILES = (
    "cs231n/classifiers/cnn.py",
    "cs231n/classifiers/fc_net.py",
    "cs231n/layers.py",
    "cs231n/optim.py",
    "notebooks/1_FullyConnectedNets.ipynb",
    "notebooks/2_BatchNormalization.ipynb",
    "notebooks/3_Dropout.ipynb",
    "notebooks/4_ConvolutionalNetworks.ipynb",
)

# Files students read and call: shipped as they are (they may not hold solution regions).
PROVIDED_FILES = (
    ".gitignore",
    "pyproject.toml",
    "requirements.txt",
    "setup.py",
    "cs231n/__init__.py",
    "cs231n/archives.py",
    "cs231n/checkpoint.py",
    "cs231n/checks.py",
    "cs231n/chunked_rule.py",
    "cs231n/classifiers/__init__.py",
    "cs231n/classifiers/go_further.py",
    "cs231n/data_utils.py",
    "cs231n/datasets/get_datasets.sh",
    "cs231n/diagnose.py",
    "cs231n/download.py",
    "cs231n/environment.py",
    "cs231n/exception_hints.py",
    "cs231n/fast_layers.py",
    "cs231n/grade.py",
    "cs231n/gradient_check.py",
    "cs231n/grading/__init__.py",
    "cs231n/grading/checks_conv.py",
    "cs231n/grading/checks_dropout.py",
    "cs231n/grading/checks_fc.py",
    "cs231n/grading/checks_norm.py",
    "cs231n/grading/core.py",
    "cs231n/grading/isolation.py",
    "cs231n/grading/known_statistics.py",
    "cs231n/grading/measure.py",
    "cs231n/grading/repair.py",
    "cs231n/grading/vectors.py",
    "cs231n/hints.py",
    "cs231n/im2col.py",
    "cs231n/im2col_cython.pyx",
    "cs231n/layer_utils.py",
    "cs231n/notebook_images/README.md",
    "cs231n/notebook_images/kitten.jpg",
    "cs231n/notebook_images/puppy.jpg",
    "cs231n/notebook_utils.py",
    "cs231n/parallel.py",
    "cs231n/plotting.py",
    "cs231n/run_notebooks.py",
    "cs231n/setup.py",
    "cs231n/solver.py",
    "cs231n/submit.py",
    "cs231n/tolerances.py",
    "cs231n/url_download.py",
    "cs231n/vis_utils.py",
    "cs231n/winograd.py",
    "datasets/README.md",
    "datasets/get_datasets.py",
    "datasets/get_datasets.sh",
    "notebooks/README.md",
)

# Files of release_files/ (student README, Makefile, the autograder's pytest files): each replaces
# the master's file of the same path, or is added. A file of release_files/ that is not listed
# here stops the build, and none may replace a student file (those ship only as stubbed).
TEMPLATE_FILES = (
    "Makefile",
    "README.md",
    "notebooks/README.md",
    "pyproject-pytest.toml",
    "tests/conftest.py",
    "tests/test_autograder.py",
)

# Files of the listed folders that stay in the master (CI scaffolding students do not need).
MASTER_ONLY = ("notebooks/nbval_sanitize.cfg",)

# Folders whose every file must be listed above (build products and caches aside).
LISTED_DIRECTORIES = ("cs231n/", "notebooks/")

# Lines that are both in a solution region and in provided code, so the leak check does not
# treat their presence in a provided file as a leak. They are allowed only in the provided files
# (PROVIDED_FILES) that hold them; an entry no provided file holds stops the build. Keep this
# short: the build names any other solution line it finds in any shipped file.
SHARED_LINES = (
    "N = x.shape[0]",
    "for n in range(N):",
    "N, C, H_out, W_out = dout.shape",
    "db = dout.sum(axis=(0, 2, 3))",
    # The optional go-further model (cs231n/classifiers/go_further.py) is provided, complete code;
    # these generic lines of a model's loss also stand in the student's fc_net.py / cnn.py.
    "grads = {}",
    "grads[name] += self.reg * self.params[name]",
    "hidden,",
    "loss, dscores = softmax_loss(scores, y)",
)

# Functions of student files that were graded (a stub in a committed release record) and now ship
# with their code on purpose, by qualified name ("affine_forward", "FullyConnectedNet.loss"). A
# function graded once otherwise stays a stub in every release, whatever the record says.
NO_LONGER_GRADED = ()

# The functions Python can call in cs231n/im2col_cython.pyx (def and cpdef). The behavioural check
# of provided code (instructor/provided_oracle.py) runs without the compiled extension and cannot
# call them, so the build refuses one not listed here (held-out round 8, row 14): add a new one
# only after reading it. Each is a building block of the fast layers (im2col and col2im, max
# pooling over windows, Winograd's tile transforms) or a check of their arguments.
CYTHON_FUNCTIONS = (
    "_as_float_array",
    "_check_band",
    "_check_geometry",
    "_check_winograd",
    "_col2im_6d_inner",
    "_col2im_inner",
    "_im2col_6d_inner",
    "_im2col_inner",
    "_max_pool_backward_inner",
    "_max_pool_forward_inner",
    "_output_buffer",
    "_split_over_samples",
    "col2im_6d_cython",
    "col2im_batched_cython",
    "col2im_cython",
    "im2col_6d_cython",
    "im2col_batched_cython",
    "im2col_cython",
    "max_pool_backward_cython",
    "max_pool_forward_cython",
    "winograd_outputs_adjoint_cython",
    "winograd_outputs_cython",
    "winograd_tiles_adjoint_cython",
    "winograd_tiles_cython",
)
