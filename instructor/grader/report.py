"""What grading writes: Gradescope's results.json per submission, grades.csv, a histogram."""

import csv
import json
import re
from pathlib import Path

from cs231n.grading.core import PARTS, PASSED

VISIBILITY = "visible"  # per-test results; the hidden tests' inputs are never shown


def results_json(submission):
    """Gradescope's autograder results for one `SubmissionResult` (a dict, ready for json)."""
    tests = []
    for number, result in enumerate(submission.results, start=1):
        tests.append(
            {
                "name": f"{result.part}: {result.name}",
                "number": str(number),
                "score": result.score,
                "max_score": result.max_score,
                "status": "passed" if result.status == PASSED else "failed",
                "output": _output(result),
                "tags": [result.part],
                "visibility": VISIBILITY,
            }
        )
    lines = [
        f"{part}: {score:g}/{total:g}" for part, (score, total) in part_scores(submission).items()
    ]
    if submission.error:
        lines.insert(0, submission.error)
    if getattr(submission, "warning", ""):
        lines.insert(0, submission.warning)
    return {
        "score": submission.score,
        "execution_time": round(submission.seconds, 3),
        "output": "\n".join(lines),
        "visibility": VISIBILITY,
        "stdout_visibility": "hidden",
        "tests": tests,
    }


def _output(result):
    """``passed: worst ...`` / ``failed: ...``; a not-implemented message already says so."""
    if result.message.startswith(("not implemented", "needs ")):
        return result.message
    return f"{result.status}: {result.message}" if result.message else result.status


def part_scores(submission):
    scores = {}
    for part in PARTS:
        results = [r for r in submission.results if r.part == part]
        scores[part] = (sum(r.score for r in results), sum(r.max_score for r in results))
    return scores


def write_results(submission, path):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results_json(submission), indent=1) + "\n", encoding="utf-8")


MAX_CELL = 2000  # characters of a grades.csv cell: Python's csv reader stops at 131,072 and a
# spreadsheet cuts a cell at 32,767; a submission's notes are the student's doing (round 6)


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text):
    """``text`` with each control character but tab and newline written ``\\xNN``: a student's
    file or folder name holding ``ESC]52;...BEL`` would, printed raw, write the clipboard of
    the TA who runs ``cat grades.csv`` (held-out round 7); other characters stay as they are."""
    return _CONTROL.sub(lambda match: f"\\x{ord(match.group()):02x}", str(text))


def _cell(text):
    """Text a spreadsheet shows as text: a leading ``=``, ``+``, ``-``, ``@`` (a submission's
    file name is the student's choice) would make it a formula when the CSV is opened. At most
    `MAX_CELL` characters (results.json keeps the whole text); no control character but tab
    and newline (`printable`)."""
    text = printable(text)
    if len(text) > MAX_CELL:
        text = text[: MAX_CELL - 30] + f" ... ({len(text) - MAX_CELL + 30} characters more)"
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def write_grades(submissions, path):
    """One row per submission: total, one column per part, one per graded function."""
    submissions = sorted(submissions, key=lambda s: s.name)
    names = [f"{r.part}: {r.name}" for r in submissions[0].results] if submissions else []
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["submission", "score", "max_score", *PARTS, *names, "error", "warning"])
        for submission in submissions:
            parts = part_scores(submission)
            writer.writerow(
                [_cell(submission.name), f"{submission.score:g}", f"{submission.max_score:g}"]
                + [f"{parts[p][0]:g}" for p in PARTS]
                + [f"{r.score:g}" for r in submission.results]
                + [_cell(submission.error), _cell(getattr(submission, "warning", ""))]
            )


def plot_histograms(submissions, path):
    """One histogram of total scores and one of scores per part, in one figure (labelled
    axes)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    panels = ["Total", *PARTS]
    figure, axes = plt.subplots(1, len(panels), figsize=(4 * len(panels), 3.2), squeeze=False)
    for axis, part in zip(axes[0], panels):
        if part == "Total":
            scores = [(s.score, s.max_score) for s in submissions]
        else:
            scores = [part_scores(s)[part] for s in submissions]
        top = max((total for _, total in scores), default=1)
        axis.hist(
            [score for score, _ in scores],
            bins=[x - 0.5 for x in range(int(top) + 2)],
            color="#4C72B0",
            edgecolor="white",
        )
        axis.set_title("Total score" if part == "Total" else part)
        axis.set_xlabel(f"score (out of {top:g})")
        axis.set_ylabel("submissions")
        axis.set_xlim(-0.5, top + 0.5)
        axis.xaxis.set_major_locator(MaxNLocator(integer=True))
        axis.yaxis.set_major_locator(MaxNLocator(integer=True))
    figure.suptitle(f"Hidden grader: scores of {len(submissions)} submissions, total and per part")
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)
