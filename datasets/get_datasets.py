#!/usr/bin/env python3
"""Fetch CIFAR-10 into this folder (works on Linux, macOS and Windows).

    python datasets/get_datasets.py                      # official cifar-10-python.tar.gz
    python datasets/get_datasets.py --source URL_OR_PATH # a mirror URL, or a local archive / folder
    CIFAR10_SOURCE=URL_OR_PATH python datasets/get_datasets.py

All logic lives in cs231n/download.py (also runnable as `python -m cs231n.download`); see --help.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository root, for `cs231n`

from cs231n.download import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(prog="python datasets/get_datasets.py"))
