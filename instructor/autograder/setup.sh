#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image.
set -euo pipefail
SOURCE="${AUTOGRADER_ROOT:-/autograder}/source"
PYTHON="${PYTHON:-python3}"
if ! command -v "$PYTHON" >/dev/null || ! command -v bwrap >/dev/null; then
    apt-get update && apt-get install -y python3 python3-pip python3-dev build-essential bubblewrap
fi
"$PYTHON" -m pip install -r "$SOURCE/requirements.txt"
cd "$SOURCE" && "$PYTHON" setup.py build_ext --inplace
