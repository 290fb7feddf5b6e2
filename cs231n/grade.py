"""Local autograder: check the functions you implemented, part by part.

    python -m cs231n.grade                      # every part
    python -m cs231n.grade --part Dropout       # one part
    python -m cs231n.grade --verbose            # every measurement, not just the worst one

Each function is reported as passed, FAILED or not implemented (it still raises
NotImplementedError), with the relative error (or statistic) seen and its threshold. Errors are
measured against the notebooks' fixed test vectors and against numeric gradients computed in
float64. Each part gets a score; the exit status is 0 only if every check passes.
"""

import argparse
import sys
import time

from .grading import FAILED, NOT_IMPLEMENTED, PART_MARKERS, PARTS, PASSED, all_checks, run_check

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


def format_result(result, verbose=False):
    """Lines describing one result."""
    width = max(len(c.name) for c in all_checks())
    detail = result.message if verbose and result.measurements else result.summary()
    lines = [f"  {STATUS_TEXT[result.status]:<16} {result.check.name:<{width}}  {detail}".rstrip()]
    if verbose:
        lines += [f"  {'':<16}   {m.describe()}" for m in result.measurements]
    return lines


def grade(parts, verbose=False, out=None):
    """Run the checks of ``parts``, print a report (to ``out``, default stdout) and return the
    list of results."""
    out = sys.stdout if out is None else out
    results = []
    for part in parts:
        checks = all_checks(part)
        part_results = []
        print(f"\n{part}", file=out, flush=True)
        for graded in checks:
            started = time.perf_counter()
            result = run_check(graded)
            result.seconds = time.perf_counter() - started
            part_results.append(result)
            print("\n".join(format_result(result, verbose)), file=out, flush=True)
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
    args = parser.parse_args(argv)
    parts = args.part or list(PARTS)
    print("cs231n autograder: fixed test vectors and float64 numeric gradients")
    results = grade(parts, args.verbose)
    print("\n".join(summary(results, parts)))
    return 0 if results and all(r.status == PASSED for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
