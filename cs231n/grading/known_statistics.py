"""What known mistakes of batch and layer normalization give on the checks' fixed inputs: data.

The checks of batchnorm_forward (axis 0, `checks_norm._bn_inputs`) and layernorm_forward (axis
1) measure the mean and std of out along the normalized axis. For their fixed inputs, this holds
the means and stds that some mistakes give (with gamma = 1, beta = 0; a scale and a shift apply
linearly). The numbers were computed once, on the instructor's side, from the mistakes' own
formulas (tests/test_known_statistics.py recomputes them); no formula of a graded function is
shipped, only what it gives on these inputs.
"""

# axis -> {"means": {mistake: [...]}, "stds": {mistake: [...]}}
NORMALIZATION_MISTAKES = {
    0: {
        "means": {
            "the mean not subtracted": [
                -0.08760190802285517,
                -0.38522735034045064,
                0.05088888792901964,
            ],
            "normalized over the other axis": [
                0.04339705719845606,
                -0.3208099865289922,
                0.2774129293305359,
            ],
            "only the mean divided by the std": [
                -2.2938578925815616,
                -12.795155113650967,
                1.8669157346204956,
            ],
        },
        "stds": {
            "the std used as the variance": [
                5.213924803735966,
                5.849320055266792,
                6.138901173269106,
            ],
            "the variance without its square root": [
                0.03678496164744681,
                0.02922732703299837,
                0.02653496980428216,
            ],
            "multiplied by the std where divided": [
                739.0254184748214,
                1170.6357863029239,
                1420.2434659038352,
            ],
            "normalized over the other axis": [
                0.8899186359142324,
                0.9617471159890888,
                1.0494409199247212,
            ],
            "only the mean divided by the std": [
                27.18502185900945,
                34.21455510894339,
                37.68611761516215,
            ],
            "the mean of squares used as the variance": [
                0.9961848902221,
                0.9331541356602181,
                0.9987076665254511,
            ],
            "the length of x minus the mean used as the std": [
                0.07071067627940669,
                0.07071067665728842,
                0.07071067679190628,
            ],
        },
    },
    1: {
        "means": {
            "the mean not subtracted": [
                -5.863113694224947,
                -1.6766395129451968,
                -1.2275211305922322,
                -6.572383891351893,
            ],
            "normalized over the other axis": [
                -0.5841677380487487,
                0.03223091536675756,
                -0.2910693528040009,
                0.8430061754859922,
            ],
            "only the mean divided by the std": [
                -53.20361873101348,
                -45.931187347115845,
                -42.08385255186781,
                -19.837533550010594,
            ],
        },
        "stds": {
            "the std used as the variance": [
                3.174001217366287,
                5.328675240107894,
                5.939999771646867,
                2.004571044915953,
            ],
            "the variance without its square root": [
                0.09926253179483335,
                0.03521772811592402,
                0.02834177310241436,
                0.248860371137298,
            ],
            "multiplied by the std where divided": [
                101.49139911465005,
                806.2640936116433,
                1244.9329481946709,
                16.14686103466256,
            ],
            "normalized over the other axis": [
                0.4290340431649842,
                1.0673565003998104,
                1.1795447497205074,
                0.38429470864033444,
            ],
            "only the mean divided by the std": [
                10.074293727832744,
                28.3947898145354,
                35.28360728716199,
                4.018315074090549,
            ],
            "the mean of squares used as the variance": [
                0.16812991317935233,
                0.5122402282427034,
                0.6315961169991163,
                0.15042057792812716,
            ],
            "the length of x minus the mean used as the std": [
                0.5773499383146768,
                0.5773501517972212,
                0.5773501747170635,
                0.5773494396557335,
            ],
        },
    },
}
