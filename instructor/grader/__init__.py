"""Hidden grader of a course (instructor-only, never shipped).

``python -m instructor.grader SUBMISSIONS OUT`` (``make grade-submissions``) grades every
submission against the master's reference solution; ``instructor.autograder`` packages the same
grader for Gradescope (``make autograder``).

How a grade is protected (modules in reading order):

* `cases`: the parent draws the inputs (fixed vectors and random shapes) and computes expected
  outputs and gradients with the reference solution, in the parent only;
* `intake`: a submission (zip or folder) is read into memory, file by file, whatever it holds;
* `sandbox`: what a child sees (bubblewrap: the interpreter, the release's provided files and the
  student's files read-only, a private scratch; nothing else) and which isolation runs here;
  `uids` gives each child its own uid, `cgroups` caps a submission's memory and processes;
* `child`, `runner`: student code runs only in a fresh interpreter in that sandbox; it receives
  inputs and returns arrays only (``.npz``, no pickles), one request at a time, each answer
  tagged with the request's random nonce;
* `preflight`: before anyone is graded, a child must import what students use and see no copy
  of the reference solution;
* `grade`: the parent judges the arrays and scores, within a time budget per submission;
  `report` writes results.json (Gradescope), grades.csv and a histogram; `__main__` grades a
  class, one process per submission, and cleans up on SIGTERM/SIGHUP/SIGINT.
"""
