"""Local autograder: check the functions you implemented, part by part.

    python -m cs231n.grade                      # every part
    python -m cs231n.grade --part Dropout       # one part
    python -m cs231n.grade --verbose            # every measurement, not just the worst one
    python -m cs231n.grade --time-limit 60      # seconds per check (default 30)

Each function is reported as passed, FAILED or not implemented (it still raises
NotImplementedError), with the relative error (or statistic) seen and its threshold; under a
FAILED line, lines beginning ``hint:`` say what the error's structure suggests (a factor of N,
a wrong axis, a missing term, ...), when it suggests something for sure. Errors are
measured against the notebooks' fixed test vectors and against numeric gradients computed in
float64. Each check runs in its own process under a time limit: one that loops forever, exits
(``sys.exit``, ``os._exit``) or crashes fails with the reason, and a file that does not parse is
named with its line. Each part gets a score; the exit status is 0 only if every check passes.
"""

import argparse
import math
import sys
import time

from .grading import (
    FAILED,
    NOT_IMPLEMENTED,
    PART_MARKERS,
    PARTS,
    PASSED,
    TIME_LIMIT,
    all_checks,
)
from .grading.repair import run_check_repaired

STATUS_TEXT = {PASSED: "passed", FAILED: "FAILED", NOT_IMPLEMENTED: "not implemented"}


def part_name(text):
    """Match a part name case-insensitively, or its pytest marker (``dropout``,
    ``batch_normalization`` -> ``BatchNormalization``)."""
    for part in PARTS:
        if text.lower() in (part.lower(), PART_MARKERS[part]):
            return part
    raise argparse.ArgumentTypeError(
        f"unknown part {text!r}; choose from {', '.join(PARTS)} "
        f"(or {', '.join(PART_MARKERS.values())})"
    )


def positive_seconds(text):
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not value > 0 or math.isinf(value):
        raise argparse.ArgumentTypeError(f"expected a positive number of seconds, got {text!r}")
    return value


def format_result(result, verbose=False, width=0):
    """Lines describing one result: its status line, then (when it failed) the ``hint:`` lines
    saying why, then (verbose) every measurement."""
    detail = result.message if verbose and result.measurements else result.summary()
    lines = [f"  {STATUS_TEXT[result.status]:<16} {result.check.name:<{width}}  {detail}".rstrip()]
    lines += result.hint_lines()
    if verbose:
        lines += [f"  {'':<16}   {m.describe()}" for m in result.measurements]
    return lines


def grade(parts, verbose=False, out=None, time_limit=TIME_LIMIT):
    """Run the checks of ``parts``, each in its own process limited to ``time_limit`` seconds,
    print a report (to ``out``, default stdout) and return the list of results."""
    out = sys.stdout if out is None else out
    results = []
    checks_of = {part: [c for c in all_checks() if c.part == part] for part in parts}
    width = max((len(c.name) for checks in checks_of.values() for c in checks), default=0)
    for part in parts:
        checks = checks_of[part]
        part_results = []
        print(f"\n{part}", file=out, flush=True)
        for graded in checks:
            started = time.perf_counter()
            result = run_check_repaired(graded, time_limit)
            result.seconds = time.perf_counter() - started
            part_results.append(result)
            print("\n".join(format_result(result, verbose, width)), file=out, flush=True)
        passed = sum(r.status == PASSED for r in part_results)
        print(f"  score: {passed}/{len(part_results)}", file=out)
        results += part_results
    return results


def summary(results, parts):
    """Final score lines, one per part, and a total."""
    lines = ["", "Score"]
    for part in parts:
        mine = [r for r in results if r.check.part == part]
        passed = sum(r.status == PASSED for r in mine)
        todo = sum(r.status == NOT_IMPLEMENTED for r in mine)
        lines.append(
            f"  {part:<24} {passed:>2}/{len(mine):<2}  ({todo} not implemented, "
            f"{len(mine) - passed - todo} failed)"
        )
    passed = sum(r.status == PASSED for r in results)
    lines.append(f"  {'Total':<24} {passed:>2}/{len(results):<2}")
    return lines


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m cs231n.grade",
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--part",
        type=part_name,
        action="append",
        help=f"grade only this part (repeatable): {', '.join(PARTS)}",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="print every measurement")
    parser.add_argument(
        "--time-limit",
        type=positive_seconds,
        default=TIME_LIMIT,
        metavar="SECONDS",
        help=f"wall-clock limit of each check (default {TIME_LIMIT:g})",
    )
    args = parser.parse_args(argv)
    parts = args.part or list(PARTS)
    print("cs231n autograder: fixed test vectors and float64 numeric gradients")
    results = grade(parts, args.verbose, time_limit=args.time_limit)
    print("\n".join(summary(results, parts)))
    return 0 if results and all(r.status == PASSED for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
