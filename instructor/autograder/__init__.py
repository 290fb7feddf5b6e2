"""Gradescope autograder bundle of the hidden grader (instructor-only).

``python -m instructor.autograder autograder.zip`` (``make autograder``) writes a zip holding
``setup.sh`` and ``run_autograder`` at its root, as Gradescope expects, plus the master's files
the grader needs (the reference solution included) and, in ``grader_release/``, the release's
package that each submission's sandbox starts from (built here, in the git checkout). Gradescope
unpacks it to ``/autograder/source``; ``run_autograder`` makes that folder unreadable to other
users, then grades ``/autograder/submission`` with `instructor.autograder.run` into
``/autograder/results/results.json``. ``AUTOGRADER_ROOT`` replaces ``/autograder`` (tests).
"""
