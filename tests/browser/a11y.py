"""axe-core in the browser tests: WCAG 2.1 A and AA, every violation listed.

axe-core ships inside axe-playwright-python (its axe.min.js), so nothing is fetched at test
time; Playwright injects it through the DevTools protocol, which the pages' CSP does not
govern.
"""

from axe_playwright_python.sync_playwright import Axe

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

_axe = Axe()


def axe_violations(page):
    """axe's violations of WCAG 2.1 A and AA on the page as it is now."""
    options = {
        "runOnly": {"type": "tag", "values": WCAG_21_AA},
        "resultTypes": ["violations"],
    }
    return _axe.run(page, options=options).response["violations"]


def describe(violations):
    """One line per violation (id, impact, what it means), one per element it found."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines += [f"    {' '.join(node['target'])}" for node in violation["nodes"]]
    return "\n".join(lines)


def assert_no_axe_violations(page):
    """Fail listing each violation's id, impact and target selectors, with the page's address."""
    violations = axe_violations(page)
    assert not violations, f"axe on {page.url}:\n{describe(violations)}"
