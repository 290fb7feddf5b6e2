"""`cd cs231n && python setup.py build_ext --inplace`, as CS231n course material says to run.

It runs the project's setup.py (one directory up) with the same arguments, so the extension is
built once, by one script, to the same place: ``cs231n/im2col_cython.*.so``.
"""

import subprocess
import sys
from pathlib import Path

if __name__ == "__main__":
    project_root = Path(__file__).resolve().parent.parent
    command = [sys.executable, "setup.py", *sys.argv[1:]]
    sys.exit(subprocess.run(command, cwd=project_root, check=False).returncode)
