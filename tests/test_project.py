"""The project's settings and its health check."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse


def run_settings(env):
    """Import the settings in a fresh interpreter with ``env``; return (exit code, output)."""
    code = "import alvsbyn_promises.settings as s; print(s.DATABASES['default']['ENGINE'], s.DEBUG)"
    clean = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG", "SECRET_KEY"}
    }
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    return result.returncode, result.stdout + result.stderr


def test_secret_key_is_required_when_debug_is_off():
    code, output = run_settings({"DEBUG": "0"})
    assert code != 0
    assert "SECRET_KEY must be set when DEBUG is off" in output


def test_defaults_to_sqlite_in_debug():
    code, output = run_settings({})
    assert code == 0
    assert output.split() == ["django.db.backends.sqlite3", "True"]


def test_database_url_selects_postgresql():
    code, output = run_settings(
        {"DEBUG": "off", "SECRET_KEY": "x" * 50, "DATABASE_URL": "postgres://u@db:5432/promises"}
    )
    assert code == 0
    assert output.split() == ["django.db.backends.postgresql", "False"]


def test_bad_yes_no_value_is_explained():
    code, output = run_settings({"DEBUG": "maybe"})
    assert code != 0
    assert "DEBUG must be a yes/no value" in output


def test_a_negative_number_of_proxies_is_explained():
    code, output = run_settings({"TRUSTED_PROXIES": "-1"})
    assert code != 0
    assert "TRUSTED_PROXIES must be 0 or more, not -1" in output


def test_swedish_by_default():
    assert settings.LANGUAGE_CODE == "sv"
    assert settings.TIME_ZONE == "Europe/Stockholm"
    assert [code for code, _ in settings.LANGUAGES] == ["sv", "en"]


@pytest.mark.django_db
def test_healthz_answers_without_login(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.content == b"ok"


@pytest.mark.django_db
def test_healthz_is_get_only(client):
    assert client.post(reverse("healthz")).status_code == 405


@pytest.mark.django_db
def test_healthz_answers_a_plain_http_probe_while_pages_go_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert client.get("/healthz/").status_code == 301  # only the probe's own address
    home = client.get("/")
    assert home.status_code == 301
    assert home["Location"] == "https://testserver/"
