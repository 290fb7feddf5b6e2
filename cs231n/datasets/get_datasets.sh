#!/usr/bin/env bash
# The course's entry point: CS231n keeps CIFAR-10 in cs231n/datasets/cifar-10-batches-py and runs
#     cd cs231n/datasets && bash get_datasets.sh
# This fetches it into this folder with the project's fetcher (see --help), unless the data is
# already here or in the project's datasets/ folder: the loader reads either, never two copies.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if command -v python >/dev/null 2>&1; then python=python; else python=python3; fi
exec "${PYTHON:-$python}" "$here/../../datasets/get_datasets.py" --data-dir "$here" "$@"
