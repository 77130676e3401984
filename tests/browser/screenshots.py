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
    # file, user, path, width
    ("promise-page.png", "polis", "/promises/alvsbyn-2024/", 1100),
    ("log-activity-phone.png", "polis",
     "/promises/alvsbyn-2024/activities/new/?commitment=narkotika-hundsok", 360),
    ("activities.png", "bra", "/promises/alvsbyn-2024/activities/", 1100),
    ("admin-promise.png", "admin", "/admin/commitments/promise/", 1100),
]  # fmt: skip


@pytest.mark.parametrize("name, username, path, width", SHOTS)
def test_screenshot(live_server, new_page, name, username, path, width):
    load_demo()
    FOLDER.mkdir(parents=True, exist_ok=True)
    page = new_page(width=width)
    sign_in(page, live_server.url, username)
    page.goto(live_server.url + path)
    page.screenshot(path=FOLDER / name, full_page=width < 500)
