"""Print a score per notebook part at the end of a pytest run of the autograder."""

from cs231n.grading import PARTS


def pytest_terminal_summary(terminalreporter):
    counts = {part: [0, 0] for part in PARTS}
    for outcome in ("passed", "failed"):
        for report in terminalreporter.stats.get(outcome, []):
            if report.when != "call" or "test_function[" not in report.nodeid:
                continue
            part = report.nodeid.split("test_function[", 1)[1].split("/", 1)[0]
            if part in counts:
                counts[part][0] += outcome == "passed"
                counts[part][1] += 1
    terminalreporter.write_sep("-", "score per notebook part")
    for part, (passed, total) in counts.items():
        if total:
            terminalreporter.write_line(f"{part:<24} {passed:>2}/{total}")
