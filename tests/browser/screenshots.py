"""The README's screenshots, taken anew with `make screenshots`.

Not a test (the name keeps pytest from collecting it with the suite): run it by its path.
"""

from pathlib import Path

import pytest
from django.conf import settings

from commitments.demo import load_demo

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
FOLDER = Path(settings.BASE_DIR) / "docs" / "screenshots"

SHOTS = [
    # file, user, path, width (the whole page below 500 pixels or for the dashboard)
    ("promise-page.png", "polis", "/promises/alvsbyn-2024/", 1100),
    ("log-activity-phone.png", "polis",
     "/promises/alvsbyn-2024/activities/new/?commitment=narkotika-hundsok", 360),
    ("activities.png", "bra", "/promises/alvsbyn-2024/activities/", 1100),
    ("admin-promise.png", "admin", "/admin/commitments/promise/", 1100),
    ("dashboard.png", "bra", "/promises/alvsbyn-2024/followup/", 1100),
]  # fmt: skip


@pytest.mark.parametrize("name, username, path, width", SHOTS)
def test_screenshot(live_server, new_page, name, username, path, width):
    load_demo()
    FOLDER.mkdir(parents=True, exist_ok=True)
    page = new_page(width=width)
    sign_in(page, live_server.url, username)
    page.goto(live_server.url + path)
    page.screenshot(path=FOLDER / name, full_page=width < 500 or name == "dashboard.png")


def test_first_pdf_page(live_server, new_page):
    """The report's title page, rendered from the PDF the app serves."""
    import pypdfium2

    load_demo()
    FOLDER.mkdir(parents=True, exist_ok=True)
    page = new_page()
    sign_in(page, live_server.url, "bra")
    response = page.request.get(f"{live_server.url}/promises/alvsbyn-2024/report.pdf")
    assert response.headers["content-type"] == "application/pdf"
    pdf = pypdfium2.PdfDocument(response.body())
    for number in (0, 2):
        pdf[number].render(scale=1.3).to_pil().save(FOLDER / f"report-pdf-page-{number + 1}.png")
