"""Hidden grader of a course (instructor-only, never shipped).

``python -m instructor.grader SUBMISSIONS OUT`` (``make grade-submissions``) grades every
submission against the master's reference solution; ``instructor.autograder`` packages the same
grader for Gradescope (``make autograder``).

How a grade is protected (modules in reading order):

* `cases`: the parent draws the inputs (fixed vectors and random shapes) and computes expected
  outputs and gradients with the reference solution, in the parent only;
* `sandbox`: each submission gets a folder with the release's provided files (never the
  master's) and the student's files;
* `child`, `runner`: student code runs only in a fresh interpreter started in that folder, under
  the limits of `cs231n.grading.isolation`, as an unprivileged uid when the grader is root
  (`security`); it receives inputs and returns arrays only (``.npz``, no pickles), one request at
  a time, each answer tagged with the request's random nonce;
* `grade`: the parent judges the arrays and scores; `report` writes results.json (Gradescope),
  grades.csv and a histogram.
"""
