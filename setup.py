"""Build script for the optional Cython extension ``cs231n.im2col_cython``.

Package metadata lives in pyproject.toml. This file exists because the extension needs
``cythonize`` and ``numpy.get_include()`` at build time. Both of these work:

    pip install -e .                        # the README's set-up
    python setup.py build_ext --inplace     # what CS231n course material tells students to run

If no C compiler is available the build prints a warning and the package still installs:
``cs231n.fast_layers`` then falls back to pure NumPy (slower, same results).
"""

import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext


class OptionalBuildExt(build_ext):
    """Build the extension if possible; never fail the install because of it."""

    def run(self):
        try:
            super().run()
        except Exception as error:  # compiler missing, Cython missing, ...
            self._warn(error)

    def build_extension(self, ext):
        try:
            super().build_extension(ext)
        except Exception as error:
            self._warn(error)

    @staticmethod
    def _warn(error):
        print(
            "\nWARNING: could not build the Cython extension cs231n.im2col_cython "
            f"({error}).\nThe fast layers will use the slower pure-NumPy fallback. "
            "Install a C compiler and run `python setup.py build_ext --inplace` to build it.\n",
            file=sys.stderr,
        )


def extensions():
    try:
        import numpy
        from Cython.Build import cythonize
    except ImportError as error:
        print(f"WARNING: skipping the Cython extension ({error}).", file=sys.stderr)
        return []
    ext = Extension(
        "cs231n.im2col_cython",
        ["cs231n/im2col_cython.pyx"],
        include_dirs=[numpy.get_include()],
        define_macros=[("NPY_NO_DEPRECATED_API", "NPY_1_7_API_VERSION")],
        extra_compile_args=["-O3"] if sys.platform != "win32" else ["/O2"],
    )
    return cythonize([ext], compiler_directives={"language_level": 3})


setup(ext_modules=extensions(), cmdclass={"build_ext": OptionalBuildExt})
