"""The accessibility statement /accessibility/ (lag 2018:1937, DIGG's model): who publishes the
service, how accessible it is, whom to tell and how soon they answer, DIGG's supervision, how it
was tested and when it was reviewed; an honest fallback where the installation names no contact;
the settings it reads refuse to start on a bad value."""

import datetime
import os
import re
import subprocess
import sys
from html.parser import HTMLParser

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

DIGG = (
    "Myndigheten för digital förvaltning (DIGG) ansvarar för tillsyn för lagen om tillgänglighet "
    "till digital offentlig service. Om du inte är nöjd med hur vi hanterar dina synpunkter kan "
    "du kontakta DIGG och påtala det."
)
FALLBACK = "Den här installationen har inte angett någon egen kontakt för tillgänglighet."


def text_of(response):
    """The page's main content as text, its whitespace collapsed."""
    html = response.text
    main = html[html.index("<main") : html.index("</main>")]
    # Soft hyphens (where a long Swedish word may break on a phone) are not text.
    return " ".join(re.sub(r"<[^>]+>", " ", main).replace("\xad", "").split())


def statement(client):
    response = client.get(reverse("accessibility"))
    assert response.status_code == 200
    return response


@pytest.fixture
def configured(settings):
    settings.ACCESSIBILITY_PUBLISHER = "Älvsbyns kommun"
    settings.ACCESSIBILITY_CONTACT_EMAIL = "tillganglighet@example.se"
    settings.ACCESSIBILITY_CONTACT_PHONE = "0929-170 00"
    settings.ACCESSIBILITY_CONTACT_URL = "https://www.example.se/tillganglighet"
    settings.ACCESSIBILITY_RESPONSE_DAYS = 3
    settings.ACCESSIBILITY_REVIEWED_ON = datetime.date(2026, 10, 1)
    settings.ACCESSIBILITY_PUBLISHED_ON = datetime.date(2024, 3, 15)
    return settings


def test_the_statement_shows_the_configured_publisher_and_contact(client, configured):
    response = statement(client)
    text = text_of(response)
    assert "Tillgänglighetsredogörelse för Medborgarlöften" in text
    assert "Älvsbyns kommun står bakom den här tjänsten." in text
    assert "Älvsbyns kommun åtar sig att göra tjänsten tillgänglig" in text
    html = response.text
    assert 'href="mailto:tillganglighet@example.se">tillganglighet@example.se</a>' in html
    assert '<a href="tel:092917000">0929-170 00</a>' in html
    assert (
        'href="https://www.example.se/tillganglighet">https://www.example.se/tillganglighet</a>'
        in html
    )
    # Both where to get content another way and where to report a shortcoming name it.
    assert html.count('href="mailto:tillganglighet@example.se"') == 2
    assert "Vi svarar normalt inom 3 arbetsdagar." in text
    assert FALLBACK not in text


def test_the_law_how_accessible_and_what_is_not(client, db):
    text = text_of(statement(client))
    assert "lagen om tillgänglighet till digital offentlig service (lag 2018:1937)" in text
    assert "delvis förenlig med lagen om tillgänglighet till digital offentlig service" in text
    assert "WCAG 2.1 nivå AA" in text
    # The known shortcomings, said plainly.
    for known in (
        "axeltexter blir små",  # charts on a phone
        "inforuta som bara öppnas med mus",
        "inte granskats med ett valideringsverktyg för PDF/UA",
        "Excelfil har inte granskats",
        "Administrationssidorna (/admin/)",
        "Tjänsten har inte testats av användare med hjälpmedel.",
    ):
        assert known in text, known


def test_digg_supervises_with_a_link_to_report(client, db):
    response = statement(client)
    assert DIGG in text_of(response)
    assert (
        '<a href="https://www.digg.se/anmal-bristande-tillganglighet">'
        "Anmäl bristande tillgänglighet till DIGG</a>" in response.text
    )


def test_how_it_was_tested_and_when_it_was_reviewed(client, configured):
    text = text_of(statement(client))
    assert "axe-core kontrollerar sidorna mot WCAG 2.1 nivå A och AA" in text
    assert "360 pixlar" in text and "1280 pixlar" in text
    assert "Nu Html Checker" in text
    assert "enbart tangentbord" in text
    assert "Tjänsten publicerades den 2024-03-15." in text
    assert "Redogörelsen uppdaterades senast den 2026-10-01." in text


def test_without_a_contact_it_sends_people_to_the_municipality_of_the_promise(client, settings, db):
    """The defaults name no one: the statement says there is no contact of the installation's
    own, sends people to the municipality that published the promise, and promises no answer
    time it cannot keep."""
    for name in ("PUBLISHER", "CONTACT_EMAIL", "CONTACT_PHONE", "CONTACT_URL"):
        setattr(settings, f"ACCESSIBILITY_{name}", "")
    settings.ACCESSIBILITY_PUBLISHED_ON = None
    response = statement(client)
    text = text_of(response)
    assert text.count(FALLBACK) == 2
    assert "Kontakta i stället kommunen som gav löftet du läser" in text
    assert "mailto:" not in response.text and "tel:" not in response.text
    assert "Vi svarar normalt" not in text
    assert "Kommunerna och lokalpolisområdena vars medborgarlöften visas här står bakom" in text
    assert "Tjänsten publicerades" not in text
    assert DIGG in text  # the route to DIGG whatever the contact


def test_the_demos_defaults_name_no_contact_and_the_review_day(client, db):
    """With nothing set (the demo, and an installation that forgot): the honest fallback."""
    assert django_settings.ACCESSIBILITY_CONTACT_EMAIL == ""
    text = text_of(statement(client))
    assert FALLBACK in text
    assert "Redogörelsen uppdaterades senast den 2026-11-27." in text


def test_one_working_day_is_singular(client, configured):
    configured.ACCESSIBILITY_RESPONSE_DAYS = 1
    assert "Vi svarar normalt inom 1 arbetsdag." in text_of(statement(client))


def test_a_contact_with_only_a_web_page(client, settings, db):
    settings.ACCESSIBILITY_CONTACT_EMAIL = settings.ACCESSIBILITY_CONTACT_PHONE = ""
    settings.ACCESSIBILITY_CONTACT_URL = "https://www.example.se/kontakt"
    response = statement(client)
    assert 'href="https://www.example.se/kontakt">' in response.text
    assert "mailto:" not in response.text and FALLBACK not in text_of(response)


def test_in_english(client, configured):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    text = text_of(statement(client))
    assert "Accessibility statement for Citizen promises" in text
    assert "Älvsbyns kommun is behind this service." in text
    assert "The Agency for Digital Government (DIGG) supervises" in text
    assert "partially compliant" in text
    assert "The statement was last updated on 2026-10-01." in text


class Headings(HTMLParser):
    def __init__(self):
        super().__init__()
        self.levels = []

    def handle_starttag(self, tag, attrs):
        if re.fullmatch(r"h[1-6]", tag):
            self.levels.append(int(tag[1]))


def test_headings_in_order(client, configured):
    parser = Headings()
    parser.feed(statement(client).text)
    levels = parser.levels
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), levels
    assert levels.count(2) >= 6  # the model's sections


@pytest.mark.parametrize("role", [None, "police_reporter", "stranger", "admin_user"])
def test_everyone_reads_the_same_statement_without_a_query(
    client, db, role, request, django_assert_num_queries
):
    if role is not None:
        client.force_login(request.getfixturevalue(role))
        assert DIGG in text_of(statement(client))
    else:
        with django_assert_num_queries(0):
            assert DIGG in text_of(statement(client))


def run_settings(env):
    """Import the settings in a fresh interpreter with ``env``; return (exit code, output)."""
    code = (
        "import alvsbyn_promises.settings as s; "
        "print(s.ACCESSIBILITY_REVIEWED_ON, s.ACCESSIBILITY_CONTACT_EMAIL, "
        "s.ACCESSIBILITY_CONTACT_PHONE, s.ACCESSIBILITY_PUBLISHED_ON)"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith("ACCESSIBILITY_")}
    clean.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, **env},
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    return result.returncode, result.stdout + result.stderr


def test_the_settings_read_the_dates_and_the_contact():
    code, output = run_settings(
        {
            "ACCESSIBILITY_REVIEWED_ON": "2026-10-01",
            "ACCESSIBILITY_PUBLISHED_ON": " 2024-03-15 ",
            "ACCESSIBILITY_CONTACT_EMAIL": "tillganglighet@example.se",
            "ACCESSIBILITY_CONTACT_PHONE": "+46 929-170 00",
        }
    )
    assert code == 0, output
    assert output.split() == [
        "2026-10-01", "tillganglighet@example.se", "+46", "929-170", "00", "2024-03-15",
    ]  # fmt: skip


@pytest.mark.parametrize(
    "name, value, message",
    [
        ("ACCESSIBILITY_REVIEWED_ON", "2026-13-01", "must be a date written YYYY-MM-DD"),
        ("ACCESSIBILITY_REVIEWED_ON", "20261001", "must be a date written YYYY-MM-DD"),
        ("ACCESSIBILITY_REVIEWED_ON", "1 oktober 2026", "must be a date written YYYY-MM-DD"),
        ("ACCESSIBILITY_PUBLISHED_ON", "2024-02-30", "must be a date written YYYY-MM-DD"),
        ("ACCESSIBILITY_CONTACT_EMAIL", "tillganglighet", "is not valid"),
        ("ACCESSIBILITY_CONTACT_PHONE", "ring oss", "is not valid"),
        ("ACCESSIBILITY_CONTACT_URL", "javascript:alert(1)", "is not valid"),
        ("ACCESSIBILITY_CONTACT_URL", "www.example.se", "is not valid"),
        ("ACCESSIBILITY_RESPONSE_DAYS", "0", "must be a number of working days"),
        ("ACCESSIBILITY_RESPONSE_DAYS", "fem", "must be a whole number"),
    ],
)
def test_a_bad_value_refuses_to_start_saying_which(name, value, message):
    code, output = run_settings({name: value})
    assert code != 0
    assert f"{name} {message}" in output
