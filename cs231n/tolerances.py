"""How close is close enough: the one table of thresholds (provided).

The notebooks' check cells, the autograder (``python -m cs231n.grade``) and the unit tests all
read their thresholds from `TOLERANCES`, so a function that passes in one passes in all three.

Each entry is the largest relative error ``max |a - b| / max(1e-8, |a| + |b|)`` (see
`cs231n.gradient_check.rel_error`) accepted for one function: against a fixed test vector of the
notebooks for a forward pass or an update rule, against numeric gradients (centred differences
in float64, step 1e-5) for a backward pass or a model's loss. Correct code stays one to several
orders of magnitude below these values; a wrong formula, axis or scale lands far above them.
Whole networks get looser thresholds: ReLU kinks and tiny gradient entries add noise.
"""

TOLERANCES = {
    # FullyConnectedNets
    "affine_forward": 1e-7,
    "affine_backward": 1e-8,
    "relu_forward": 1e-6,
    "relu_backward": 1e-9,
    "affine_relu_backward": 1e-8,
    "svm_loss": 1e-7,
    "softmax_loss": 1e-7,
    "FullyConnectedNet.loss": 1e-4,
    "TwoLayerNet.loss": 1e-5,
    "sgd_momentum": 1e-7,
    "rmsprop": 1e-6,
    "adam": 1e-6,
    # BatchNormalization
    "batchnorm_forward": 1e-6,
    "batchnorm_backward": 1e-7,
    "batchnorm_backward_alt": 1e-7,
    "batchnorm_backward vs batchnorm_backward_alt": 1e-10,
    "layernorm_backward": 1e-7,
    "affine_norm_relu_backward": 1e-6,
    "FullyConnectedNet.loss[batchnorm]": 5e-4,
    "FullyConnectedNet.loss[layernorm]": 1e-5,
    # Dropout
    "dropout_backward": 1e-8,
    "FullyConnectedNet.loss[dropout]": 1e-4,
    # ConvolutionalNetworks
    "conv_forward_naive": 1e-7,
    "conv_backward_naive": 1e-7,
    "max_pool_forward_naive": 1e-7,
    "max_pool_backward_naive": 1e-10,
    "fast vs naive": 1e-9,
    "conv_relu_backward": 1e-6,
    "conv_relu_pool_backward": 1e-6,
    "conv_bn_relu_backward": 1e-6,
    "conv_bn_relu_pool_backward": 1e-6,
    "ThreeLayerConvNet.loss": 1e-5,
    "spatial_batchnorm_forward": 1e-6,
    "spatial_batchnorm_backward": 1e-5,
    "spatial_groupnorm_backward": 1e-6,
    # Statistics of normalized outputs: largest |mean - target| and |std - target|. The std is
    # off by about eps / (2 var) because of the eps inside the square root.
    "normalized mean": 1e-6,
    "normalized std": 1e-4,
    # Autograder only: the loss must grow by exactly the L2 penalty; with tiny weights the
    # initial softmax loss is within this fraction of log(C).
    "regularization": 1e-6,
    "initial loss": 0.01,
    # A gradient that is exactly zero in theory (a bias right before batch normalization): a
    # relative error between two rounding errors means nothing, so its size is bounded instead.
    "zero gradient": 1e-7,
}
