"""Every cookie the app sets is Secure and SameSite in production (DEBUG off)."""

import datetime
import json
import subprocess
import sys
import uuid

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from commitments.models import Activity
from tests.factories import CommitmentFactory

FLAGS = ("_SECURE", "_SAMESITE", "_HTTPONLY")


def production_cookie_settings():
    """The cookie settings (Django's defaults included) as production reads them: DEBUG off
    and nothing else set."""
    code = (
        "import json; from django.conf import settings as s; "
        f"print(json.dumps({{k: getattr(s, k) for k in dir(s) if '_COOKIE_' in k and "
        f"k.endswith({FLAGS!r})}}))"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "alvsbyn_promises.settings",
        "DEBUG": "0",
        "SECRET_KEY": "x" * 50,
    }
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def test_production_settings_flag_every_cookie_kind():
    production = production_cookie_settings()
    for cookie in ["SESSION", "CSRF", "LANGUAGE"]:
        assert production[f"{cookie}_COOKIE_SECURE"] is True, cookie
        assert production[f"{cookie}_COOKIE_SAMESITE"] == "Lax", cookie
    assert production["SESSION_COOKIE_HTTPONLY"] is True
    assert production["LANGUAGE_COOKIE_HTTPONLY"] is True


@pytest.fixture
def production_cookies(settings):
    for name, value in production_cookie_settings().items():
        setattr(settings, name, value)


def test_every_cookie_set_on_the_way_is_secure_and_same_site(
    client, production_cookies, police_reporter, focus_area, time_machine
):
    time_machine.move_to(datetime.datetime(2025, 6, 15, 12, 0), tick=False)
    commitment = CommitmentFactory(
        focus_area=focus_area, responsible=[focus_area.promise.police_area]
    )
    police_reporter.set_password("rätt-lösenord-123")
    police_reporter.save()
    responses = [
        client.get(reverse("login")),
        client.post(reverse("login"), {"username": "polis", "password": "rätt-lösenord-123"}),
        client.post(reverse("set_language"), {"language": "en", "next": "/"}),
        client.post(
            reverse("activity_create", args=[focus_area.promise.slug]),
            {
                "commitment": commitment.pk,
                "occurred_on": "2025-06-10",
                "quantity": "1",
                "description": "Hundsök på högstadieskolan.",
                "submission": str(uuid.uuid4()),  # the log form's one-time token
            },
        ),
    ]
    # Changing it leaves a message for the next page in a cookie.
    activity = Activity.objects.get()
    responses.append(
        client.post(
            reverse("activity_edit", args=[focus_area.promise.slug, activity.pk]),
            {
                "commitment": commitment.pk,
                "occurred_on": "2025-06-11",
                "quantity": "2",
                "description": "Hundsök på högstadieskolan.",
                "opened_version": activity.version,
            },
        )
    )
    cookies = [morsel for response in responses for morsel in response.cookies.values()]
    names = {morsel.key for morsel in cookies}
    assert names == {"csrftoken", "sessionid", "django_language", "messages"}
    for morsel in cookies:
        assert morsel["secure"] is True, morsel.key
        assert morsel["samesite"] == "Lax", morsel.key
    language = next(morsel for morsel in cookies if morsel.key == "django_language")
    assert language["httponly"] is True
