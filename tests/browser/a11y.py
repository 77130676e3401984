"""axe-core in the browser tests: WCAG 2.1 A and AA, every violation listed.

axe-core ships inside axe-playwright-python (its axe.min.js), so nothing is fetched at test
time; Playwright injects it through the DevTools protocol, which the pages' CSP does not
govern.
"""

from axe_playwright_python.sync_playwright import Axe

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

_axe = Axe()


def axe_violations(page):
    """axe's violations of WCAG 2.1 A and AA on the page once it has loaded.

    A page just reached by a click is in the DOM before its stylesheets have all arrived; axe run
    then sees, say, app.css's dark background of the active menu item without Bootstrap's white
    text on it and reports a contrast no user ever sees (CI on a busy machine did). So it waits
    for the load event, which comes after every stylesheet."""
    page.wait_for_load_state("load")
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


def assert_no_axe_violations(page, where=""):
    """Fail listing each violation's id, impact and target selectors, with the page's address
    (and ``where``: the screen's width)."""
    violations = axe_violations(page)
    assert not violations, f"axe on {page.url}{where}:\n{describe(violations)}"


# A desktop's width and a phone's.
WIDTHS = (1280, 360)


def assert_accessible_at_each_width(page, widths=WIDTHS, check=None):
    """No axe violation, and nothing wider than the screen, at each of ``widths`` in turn: the
    page as it was opened at the first, then loaded afresh at each of the others, as it would
    open on that screen (one browser context, one sign-in, for all of them); ``check(page)``
    too at each, when given."""
    for index, width in enumerate(widths):
        if index:
            page.set_viewport_size({"width": width, "height": 900})
            page.reload()
        else:
            assert page.viewport_size["width"] == width, "open the page at the first width"
        if check:
            check(page)
        assert_no_axe_violations(page, f" at {width} px")
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= width, f"{page.url} is {wide} px wide on a screen of {width} px"
