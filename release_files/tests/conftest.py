"""Report functions that are not implemented yet apart from real failures, and print a score
per notebook part at the end of a pytest run of the autograder."""

import pytest

from cs231n.grading import PARTS

NOT_IMPLEMENTED = "not implemented"
_PREFIX = "not implemented yet: "


def _not_implemented(report):
    return (
        report.skipped
        and isinstance(report.longrepr, tuple)
        and (str(report.longrepr[2]).startswith(("Skipped: " + _PREFIX, _PREFIX)))
    )


def pytest_report_teststatus(report, config):
    if report.when == "call" and _not_implemented(report):
        return NOT_IMPLEMENTED, "n", ("NOT IMPLEMENTED", {"yellow": True})
    return None


def _part(report):
    if "test_function[" not in report.nodeid:
        return None
    return report.nodeid.split("test_function[", 1)[1].split("/", 1)[0]


def pytest_terminal_summary(terminalreporter):
    counts = {part: {"passed": 0, "failed": 0, NOT_IMPLEMENTED: 0} for part in PARTS}
    for outcome in counts[PARTS[0]]:
        for report in terminalreporter.stats.get(outcome, []):
            part = _part(report)
            if report.when == "call" and part in counts:
                counts[part][outcome] += 1
    todo = terminalreporter.stats.get(NOT_IMPLEMENTED, [])
    if todo:
        terminalreporter.write_sep("-", "not implemented yet")
        for report in todo:
            terminalreporter.write_line(str(report.longrepr[2]).removeprefix("Skipped: "))
    terminalreporter.write_sep("-", "score per notebook part")
    for part, count in counts.items():
        total = sum(count.values())
        if total:
            terminalreporter.write_line(
                f"{part:<24} {count['passed']:>2}/{total:<2}  ({count[NOT_IMPLEMENTED]} not "
                f"implemented, {count['failed']} failed)"
            )


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session, exitstatus):
    # Everything passed except functions not implemented yet: the run did not pass.
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if exitstatus == 0 and reporter is not None and reporter.stats.get(NOT_IMPLEMENTED):
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
