import datetime
import logging
import smtplib
from io import StringIO

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import CommandError, call_command

from commitments.dates import add_months
from commitments.enums import Role
from followup.reminders import send_reminders
from tests.factories import (
    ActivityFactory,
    CommitmentFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    MembershipFactory,
    UserFactory,
)

D = datetime.date


@pytest.fixture
def people(promise, police_reporter, municipal_reporter, coordinator, reviewer):
    for user in [police_reporter, municipal_reporter, coordinator, reviewer]:
        user.email = f"{user.username}@example.org"
        user.save()
    return {
        "polis": police_reporter,
        "kommun": municipal_reporter,
        "samordnare": coordinator,
        "bra": reviewer,
    }


def sent_to():
    return sorted(address for message in mail.outbox for address in message.to)


def test_reporters_and_coordinators_of_the_responsible_party_hear_of_it(people, zoo, today):
    assert send_reminders(today).sent == 1
    assert sent_to() == ["polis@example.org"]  # every commitment of the zoo is the police's
    (message,) = mail.outbox
    assert message.subject == "Medborgarlöften: 4 åtaganden behöver uppmärksamhet"
    body = message.body
    assert body.startswith("Hej polis!")
    for key in ["behind", "missed", "at-risk", "inactive"]:
        assert f"Åtagande {key}." in body
    for key in ["met", "on-track", "done", "active", "not-started", "in-progress"]:
        assert f"Åtagande {key}." not in body
    assert (
        "Ligger efter: 0 av 2 för 2025-01-01 – 2025-12-31. Behövs: 2 till före 2025-12-31." in body
    )
    assert "http://127.0.0.1:8000/promises/lofte/activities/new/?commitment=behind" in body
    assert "http://127.0.0.1:8000/promises/lofte/followup/" in body
    assert (
        "Du får det här mejlet eftersom du rapporterar för Lokalpolisområde Piteå älvdal." in body
    )


def test_a_municipal_commitment_goes_to_the_municipality(people, promise, focus_area, today):
    CommitmentFactory(focus_area=focus_area, key="kommunens", responsible=[promise.municipality])
    send_reminders(today)
    assert sent_to() == ["kommun@example.org", "samordnare@example.org"]  # not the reviewer


def test_nobody_twice(people, promise, focus_area, today):
    both = UserFactory(username="dubbel", email="dubbel@example.org")
    MembershipFactory(user=both, organisation=promise.police_area, role=Role.REPORTER)
    MembershipFactory(user=both, organisation=promise.municipality, role=Role.COORDINATOR)
    CommitmentFactory(focus_area=focus_area, key="gemensam",
                      responsible=[promise.police_area, promise.municipality])  # fmt: skip
    CommitmentFactory(focus_area=focus_area, key="polisens", responsible=[promise.police_area])
    send_reminders(today)
    assert sent_to().count("dubbel@example.org") == 1
    message = next(m for m in mail.outbox if m.to == ["dubbel@example.org"])
    assert message.body.count("gemensam") == 1
    assert "Medborgarlöften: 2 åtaganden" in message.subject


def test_nothing_sent_when_all_is_well(people, focus_area, today):
    commitment = CommitmentFactory(focus_area=focus_area, quota_target=1)
    ActivityFactory(commitment=commitment, occurred_on=D(2025, 1, 10))
    out = StringIO()
    call_command("send_reminders", stdout=out)
    assert mail.outbox == []
    assert out.getvalue().strip() == "Inget behöver uppmärksamhet: inga påminnelser skickades."


def test_only_promises_in_force(people, promise, zoo):
    send_reminders(D(2026, 1, 1))  # the promise has expired
    assert mail.outbox == []


def test_people_without_an_email_address_are_skipped(people, zoo, today):
    people["polis"].email = ""
    people["polis"].save()
    assert send_reminders(today).sent == 0


def test_command_reports_how_many(people, zoo, today):
    out = StringIO()
    call_command("send_reminders", "--as-of", "2025-10-20", stdout=out)
    assert out.getvalue().strip() == "Skickade 1 påminnelse."


@pytest.mark.parametrize(
    "as_of, reason",
    [("den 20:e", "skrivet ÅÅÅÅ-MM-DD"), ("9999-12-31", "under åren 1900–2100")],
)
def test_command_refuses_a_bad_date(db, as_of, reason):
    with pytest.raises(CommandError, match=f"--as-of måste vara ett datum {reason}, inte {as_of}."):
        call_command("send_reminders", "--as-of", as_of)


class RefusingBackend(EmailBackend):
    """Delivers to the test outbox like Django's test backend, but, like a mail server,
    refuses the address kommun@example.org."""

    def send_messages(self, messages):
        for message in messages:
            if "kommun@example.org" in message.to:
                raise smtplib.SMTPRecipientsRefused(
                    {"kommun@example.org": (550, b"5.1.1 No such user")}
                )
        return super().send_messages(messages)


@pytest.fixture
def two_due(people, promise, focus_area, today):
    """A municipal commitment that needs attention: kommun and samordnare hear of it, in that
    order."""
    CommitmentFactory(focus_area=focus_area, key="kommunens", responsible=[promise.municipality])
    return people


@pytest.mark.parametrize(
    "address", ["kommun@@example.org", "kommun", "kommun@example.org\nBcc: alla@example.org"]
)
def test_a_bad_stored_address_is_skipped_and_the_others_still_hear(two_due, today, address, caplog):
    type(two_due["kommun"]).objects.filter(username="kommun").update(email=address)
    outcome = send_reminders(today)
    assert sent_to() == ["samordnare@example.org"]
    assert (outcome.sent, outcome.skipped) == (1, ["kommun"])
    assert [(r.levelno, r.getMessage()) for r in caplog.records] == [
        (
            logging.WARNING,
            "Reminder to kommun not sent: the stored address is not an e-mail address",
        )
    ]


def test_an_address_the_mail_server_refuses_is_skipped(two_due, today, settings, caplog):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    outcome = send_reminders(today)
    assert sent_to() == ["samordnare@example.org"]
    assert (outcome.sent, outcome.skipped) == (1, ["kommun"])
    (record,) = caplog.records
    assert record.getMessage().startswith("Reminder to kommun not sent: the mail server refused")
    assert "No such user" in record.getMessage()


def test_command_counts_the_skipped_and_succeeds_when_some_went_out(two_due, settings):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    out, err = StringIO(), StringIO()
    call_command("send_reminders", "--as-of", "2025-10-20", stdout=out, stderr=err)
    assert out.getvalue().strip() == "Skickade 1 påminnelse."
    assert err.getvalue().strip() == (
        "1 påminnelse kunde inte skickas (till kommun); orsaken står i loggen."
    )


def test_command_fails_when_no_reminder_could_be_sent(two_due, settings):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    type(two_due["kommun"]).objects.filter(username="samordnare").update(email="nej")
    with pytest.raises(CommandError) as refused:
        call_command("send_reminders", "--as-of", "2025-10-20")
    assert str(refused.value) == (
        "Ingen av de 2 påminnelserna kunde skickas (till kommun, samordnare); "
        "orsaken står i loggen."
    )
    assert mail.outbox == []


# Outcome indicators: a survey figure more than 13 months old is overdue, for coordinators.


@pytest.fixture
def survey(promise):
    """Measured on 2024-10-01: 13 months on is 2025-11-01."""
    indicator = IndicatorFactory(
        promise=promise, key="otrygghet", name="Andel otrygga", source="Trygghetsmätningen"
    )
    IndicatorValueFactory(indicator=indicator, measured_on=D(2024, 10, 1))
    return indicator


@pytest.mark.parametrize(("as_of", "due"), [(D(2025, 11, 1), False), (D(2025, 11, 2), True)])
def test_coordinators_hear_of_an_indicator_with_no_value_for_13_months(people, survey, as_of, due):
    send_reminders(as_of)
    assert sent_to() == (["samordnare@example.org"] if due else [])  # no reporter, no reviewer
    if due:
        (message,) = mail.outbox
        assert message.subject == "Medborgarlöften: 1 indikator behöver ett nytt värde"
        assert "- Andel otrygga (Trygghetsmätningen)\n  Senast uppmätt 2024-10-01." in message.body
        assert (
            "För in ett värde: http://127.0.0.1:8000/promises/lofte/indicators/otrygghet/values/new/"
            in message.body
        )


def test_a_new_value_stops_the_reminder(people, survey):
    IndicatorValueFactory(indicator=survey, measured_on=D(2025, 10, 15))
    send_reminders(D(2025, 12, 1))
    assert mail.outbox == []


def test_an_indicator_never_measured_is_overdue_13_months_into_the_promise(people, promise):
    IndicatorFactory(promise=promise, baseline_on=None, baseline_value=None, name="Anmälda brott")
    send_reminders(add_months(promise.valid_from, 13))
    assert mail.outbox == []
    send_reminders(add_months(promise.valid_from, 13) + datetime.timedelta(days=1))
    (message,) = mail.outbox
    assert "- Anmälda brott" in message.body
    assert "Inget värde ännu." in message.body


def test_commitments_and_indicators_in_one_email(people, promise, focus_area, survey):
    CommitmentFactory(focus_area=focus_area, key="kommunens", responsible=[promise.municipality])
    send_reminders(D(2025, 11, 20))
    message = next(m for m in mail.outbox if m.to == ["samordnare@example.org"])
    assert message.subject == "Medborgarlöften: 1 åtagande behöver uppmärksamhet"
    assert "kommunens" in message.body or "Åtagande" in message.body
    assert "Andel otrygga" in message.body
    kommun = next(m for m in mail.outbox if m.to == ["kommun@example.org"])
    assert "Andel otrygga" not in kommun.body  # a reporter: the figures are not theirs
