# cs231n-nets: the two commands of the README, plus their parts.
#   make run    set up, get CIFAR-10, execute all notebooks on the full data (outputs in runs/full/)
#   make test   set up, get CIFAR-10, run the unit tests and nbval over the notebooks in fast mode
#   make release  write the student release to release/ and release.zip (instructors)
#   make grade-submissions SUBMISSIONS=<folder> OUT=<folder>  hidden grader over a course's zips
#   make autograder  write autograder.zip for Gradescope (setup.sh, run_autograder)
#   make unit-test  the unit tests only (UNIT_TESTS="files": some of them; CI, on 3.10 and 3.13)
#   make lint     ruff check and ruff format --check (configuration in pyproject.toml)
#   make lab      JupyterLab on this folder
# Use another interpreter with `make test PYTHON=/path/to/python`. Set-up (pip and the Cython
# build) runs again only when the requirements or the extension's sources change, or for an
# interpreter it has not seen: each interpreter gets a stamp under .setup/ (`make clean-setup`
# forgets them). An interpreter that already has everything (after the README's manual pip
# commands) is recognised by cs231n/environment.py and pip does not run.

PYTHON ?= python3
PYTEST_ARGS ?= -n 2 --dist loadscope --durations=15
# Two test workers share the two cores: one BLAS thread each avoids oversubscription.
export OPENBLAS_NUM_THREADS ?= 1

SETUP_INPUTS := requirements.txt requirements-test.txt setup.py pyproject.toml \
	cs231n/im2col_cython.pyx cs231n/environment.py
SETUP_STAMP := .setup/$(shell $(PYTHON) -c "import hashlib, sys; \
	print(hashlib.sha1(sys.executable.encode()).hexdigest()[:12])" 2>/dev/null || echo none).stamp

.PHONY: setup clean-setup data run test unit-test lint lab release grade-submissions autograder

setup: $(SETUP_STAMP)

# An environment that already has everything (for example after the README's manual pip
# commands) is recognised by cs231n/environment.py and not installed again.
$(SETUP_STAMP): $(SETUP_INPUTS)
	@if $(PYTHON) cs231n/environment.py requirements-test.txt; then :; else \
		$(PYTHON) -m pip install -r requirements-test.txt && $(PYTHON) -m pip install -e .; fi
	@mkdir -p .setup && touch $@

clean-setup:
	rm -rf .setup

data:
	$(PYTHON) datasets/get_datasets.py

run: setup data
	$(PYTHON) -m cs231n.run_notebooks

# The nbval options, -rs (skip reasons) and quiet data loading come from pyproject.toml and
# conftest.py, so `pytest --nbval notebooks` typed as it is runs the same checks.
# The tests start a few thousand Python processes that import the package: its bytecode is
# compiled once here (compileall writes it even where PYTHONDONTWRITEBYTECODE is set).
test: setup data
	$(PYTHON) -m compileall -q cs231n instructor tests > /dev/null
	CS231N_FAST=1 $(PYTHON) -m pytest $(PYTEST_ARGS) --nbval tests notebooks

UNIT_TESTS ?= tests
unit-test: setup data
	$(PYTHON) -m compileall -q cs231n instructor tests > /dev/null
	CS231N_FAST=1 $(PYTHON) -m pytest $(PYTEST_ARGS) $(UNIT_TESTS)

lint: setup
	$(PYTHON) -m ruff check .
	$(PYTHON) -m ruff format --check .

lab: setup
	$(PYTHON) -m jupyter lab --ServerApp.root_dir=.

release:
	$(PYTHON) -m instructor.release release

SUBMISSIONS ?= submissions
OUT ?= graded
GRADER_ARGS ?=
AUTOGRADER_ARGS ?=

grade-submissions:
	$(PYTHON) -m instructor.grader $(SUBMISSIONS) $(OUT) $(GRADER_ARGS)

autograder:
	$(PYTHON) -m instructor.autograder autograder.zip $(AUTOGRADER_ARGS)
