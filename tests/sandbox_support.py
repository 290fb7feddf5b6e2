"""The hidden grader's sandbox for the tests: skipped on a machine without it, but a failure
as root on Linux (CI runs as root, and .ci/run installs bubblewrap)."""

import os
import sys

import pytest

from instructor.grader.sandbox import SandboxUnavailable, choose_isolation


def isolation_or_skip():
    try:
        return choose_isolation()
    except SandboxUnavailable as error:
        if os.geteuid() == 0 and sys.platform.startswith("linux"):
            pytest.fail(f"no sandbox for the hidden grader's tests: {error}", pytrace=False)
        pytest.skip(f"no sandbox here: {error}", allow_module_level=True)
