#!/usr/bin/env bash
# Classic CS231n entry point; the work is done by get_datasets.py (see --help).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if command -v python >/dev/null 2>&1; then python=python; else python=python3; fi
exec "${PYTHON:-$python}" "$here/get_datasets.py" "$@"
