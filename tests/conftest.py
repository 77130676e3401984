"""Hooks for the whole suite (fixtures live in the root conftest.py)."""

CATALOGUE = "tests/test_catalogue.py::"


def pytest_terminal_summary(terminalreporter):
    """How many hostile inputs the catalogue (tests/test_catalogue.py) sent, and how they ended:
    a number the issue asks to see at the end of every run."""
    outcomes = {}
    for outcome, reports in terminalreporter.stats.items():
        for report in reports:
            # Test reports only (not the deselected items); a case that errs or is skipped
            # before it runs has no report of its call.
            when = getattr(report, "when", None)
            ran = when == "call" or (when == "setup" and not report.passed)
            if ran and report.nodeid.startswith(CATALOGUE):
                outcomes[outcome] = outcomes.get(outcome, 0) + 1
    if outcomes:
        counts = ", ".join(f"{count} {outcome}" for outcome, count in sorted(outcomes.items()))
        terminalreporter.write_line(
            f"Hostile-input catalogue: {sum(outcomes.values())} cases ({counts})"
        )
