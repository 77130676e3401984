"""The weekly reminder tells the municipality's coordinators and reviewers (the BRÅ chair) of
its local problems that need attention, in Swedish, once per run, with links (issue 15)."""

import datetime

import pytest
from django.core import mail

from commitments.enums import LocalProblemStatus, Role
from followup.reminders import send_reminders
from tests.factories import (
    CommitmentFactory,
    FocusAreaFactory,
    LocalProblemFactory,
    MembershipFactory,
    UserFactory,
)

D = datetime.date
DAY = datetime.timedelta(days=1)
AS_OF = D(2025, 10, 20)


@pytest.fixture
def people(promise, police_reporter, municipal_reporter, coordinator, reviewer):
    police_coordinator = UserFactory(username="polissamordnare")
    MembershipFactory(
        user=police_coordinator, organisation=promise.police_area, role=Role.COORDINATOR
    )
    everyone = [police_reporter, municipal_reporter, coordinator, reviewer, police_coordinator]
    for user in everyone:
        user.email = f"{user.username}@example.org"
        user.save()
    return everyone


@pytest.fixture
def area(promise):
    return FocusAreaFactory(promise=promise, title="Lokala problembilder")


def problem(area, title, status, **days):
    return LocalProblemFactory(focus_area=area, title=title, status=status, **days)


def sent():
    return {address: message for message in mail.outbox for address in message.to}


def test_the_municipalitys_coordinators_and_reviewers_hear_of_it(people, area, today):
    thefts = problem(area, "Stölder", LocalProblemStatus.RAISED, raised_on=AS_OF - 61 * DAY)
    assert send_reminders(AS_OF).sent == 2
    messages = sent()
    assert sorted(messages) == ["bra@example.org", "samordnare@example.org"]
    message = messages["bra@example.org"]
    assert message.subject == "Medborgarlöften: 1 lokal problembild behöver uppmärksamhet"
    body = message.body
    assert body.startswith("Hej bra!")
    assert "Lokala problembilder som behöver uppmärksamhet:" in body
    assert "- Stölder (Lokala problembilder, Uppmärksammad)" in body
    assert (
        "Uppmärksammad för 61 dagar sedan (2025-08-20) och BRÅ är inte sammankallat: skulle ha "
        "skett senast 2025-10-19."
    ) in body
    assert f"Problembilden: http://127.0.0.1:8000/promises/lofte/problems/{thefts.pk}/" in body
    assert "http://127.0.0.1:8000/promises/lofte/followup/" in body
    assert (
        "Du får det här mejlet eftersom du granskar uppföljningen för Älvsbyns kommun (till "
        "exempel som ordförande i BRÅ)."
    ) in body
    assert "rapporterar för" not in body
    coordinator = messages["samordnare@example.org"].body
    assert "Uppmärksammad för 61 dagar sedan" in coordinator
    assert "Du får det här mejlet eftersom du rapporterar för Älvsbyns kommun." in coordinator


def test_a_plan_overdue_after_the_convening(people, area, today):
    convened = AS_OF - 91 * DAY
    problem(
        area, "Bedrägerier", LocalProblemStatus.CONVENED, raised_on=convened, convened_on=convened
    )
    send_reminders(AS_OF)
    body = sent()["bra@example.org"].body
    assert (
        "BRÅ sammankallades för 91 dagar sedan (2025-07-21) och ingen handlingsplan är antagen: "
        "skulle ha skett senast 2025-10-19."
    ) in body


def test_nothing_on_the_day_of_the_limit(people, area, today):
    problem(area, "Stölder", LocalProblemStatus.RAISED, raised_on=AS_OF - 60 * DAY)
    convened = AS_OF - 90 * DAY
    problem(area, "Klotter", LocalProblemStatus.CONVENED, raised_on=convened, convened_on=convened)
    assert send_reminders(AS_OF).sent == 0
    assert mail.outbox == []


def test_one_email_per_person_per_run_with_everything_in_it(people, promise, area, today):
    problem(area, "Stölder", LocalProblemStatus.RAISED, raised_on=AS_OF - 70 * DAY)
    problem(area, "Klotter", LocalProblemStatus.RAISED, raised_on=AS_OF - 80 * DAY)
    # The coordinator's organisation also has a commitment behind.
    CommitmentFactory(
        focus_area=area, key="kommun-behind", text="Åtagande kommun-behind.",
        responsible=[promise.municipality],
    )  # fmt: skip
    send_reminders(AS_OF)
    addresses = [address for message in mail.outbox for address in message.to]
    assert sorted(addresses) == [
        "bra@example.org", "kommun@example.org", "samordnare@example.org",
    ]  # fmt: skip
    coordinator = sent()["samordnare@example.org"]
    assert coordinator.subject == "Medborgarlöften: 1 åtagande behöver uppmärksamhet"
    assert "Åtagande kommun-behind." in coordinator.body
    assert "- Stölder" in coordinator.body and "- Klotter" in coordinator.body
    reviewer = sent()["bra@example.org"]
    assert reviewer.subject == "Medborgarlöften: 2 lokala problembilder behöver uppmärksamhet"
    assert "Åtagande kommun-behind." not in reviewer.body  # reviewers hear of nothing else
    reporter = sent()["kommun@example.org"].body
    assert "Stölder" not in reporter


def test_a_police_reporter_who_reviews_for_the_municipality(people, promise, area, today):
    both = UserFactory(username="bada", email="bada@example.org")
    MembershipFactory(user=both, organisation=promise.police_area, role=Role.REPORTER)
    MembershipFactory(user=both, organisation=promise.municipality, role=Role.REVIEWER)
    CommitmentFactory(focus_area=area, key="polis-behind", responsible=[promise.police_area])
    problem(area, "Stölder", LocalProblemStatus.RAISED, raised_on=AS_OF - 61 * DAY)
    send_reminders(AS_OF)
    body = sent()["bada@example.org"].body
    assert body.count("- Stölder") == 1
    assert "du rapporterar för Lokalpolisområde Piteå älvdal." in body
    assert "du granskar uppföljningen för Älvsbyns kommun" in body


def test_a_promise_not_in_force_says_nothing(people, promise, area, time_machine):
    time_machine.move_to(datetime.datetime(2026, 6, 1, 12), tick=False)
    problem(area, "Stölder", LocalProblemStatus.RAISED, raised_on=D(2025, 3, 1))
    assert send_reminders(D(2026, 6, 1)).sent == 0  # expired on 2025-12-31
