"""Writes that meet: many people logging at once, two people saving the same activity, one form
posted twice at the same moment.

Each thread is a browser of its own (a test Client) with its own database connection, released
together at a barrier, so that the posts meet in the database and not in Python. SQLite writes
one transaction at a time, so these run on PostgreSQL (CI runs the suite on both); the same
rules without the race are tested on both in test_versions.py and test_activity_create.py.
"""

import threading
import uuid
from functools import partial

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client
from django.urls import reverse

from commitments.models import Activity

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="needs concurrent writers: SQLite serialises them (set DATABASE_URL to PostgreSQL)",
    ),
]

# Threads at once: each holds a connection while it posts, and PostgreSQL allows 100 by default.
WORKERS = 25


def browser(user):
    client = Client()
    client.force_login(user)
    return client


def at_once(jobs, workers=WORKERS):
    """Run ``jobs`` (callables) in ``workers`` threads that start together; their results in
    the order of ``jobs``. An exception in a thread fails the test."""
    results, errors = [None] * len(jobs), []
    start = threading.Barrier(workers)

    def work(indexes):
        try:
            start.wait()
            for index in indexes:
                results[index] = jobs[index]()
        except Exception as error:  # raised again in the test's thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=work, args=(range(n, len(jobs), workers),)) for n in range(workers)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"
    if errors:
        raise errors[0]
    return results


def log_form(promise, commitment, token, description):
    url = reverse("activity_create", args=[promise.slug]) + f"?commitment={commitment.key}"
    data = {
        "commitment": commitment.pk,
        "occurred_on": "2025-06-10",
        "quantity": "1",
        "description": description,
        "submission": token,
    }
    return url, data


def _status(client, url, data):
    return client.post(url, data).status_code


def test_two_hundred_people_logging_at_once_store_each_activity_once(
    promise, commitments, police_reporter
):
    forms = [
        log_form(promise, commitments["hundsok"], str(uuid.uuid4()), f"Hundsök nummer {n}.")
        for n in range(200)
    ]
    # Each form is posted twice, one after the other in the list, so by two threads at about
    # the same time: a double click on a busy server. Thread k posts jobs k, k + WORKERS, …
    posts = [form for form in forms for _ in range(2)]
    clients = [browser(police_reporter) for _ in range(WORKERS)]
    jobs = [
        partial(_status, clients[n % WORKERS], url, data) for n, (url, data) in enumerate(posts)
    ]
    assert set(at_once(jobs)) == {302}
    stored = list(Activity.objects.values_list("description", "submission"))
    assert len(stored) == 200
    assert sorted(stored) == sorted(
        (data["description"], uuid.UUID(data["submission"])) for _, data in forms
    )


def test_the_same_form_posted_at_the_same_moment_logs_one_activity(
    promise, commitments, police_reporter
):
    for round_ in range(5):
        url, data = log_form(promise, commitments["hundsok"], str(uuid.uuid4()), "Hundsök.")
        clients = [browser(police_reporter) for _ in range(4)]
        answers = at_once([partial(c.post, url, data) for c in clients], workers=4)
        logged = Activity.objects.get(submission=data["submission"])
        # Every post answers as the first did: the page of the one activity logged.
        assert {(a.status_code, a["Location"]) for a in answers} == {
            (302, reverse("promise_detail", args=[promise.slug]) + f"?logged={logged.pk}#c-hundsok")
        }
        assert Activity.objects.count() == round_ + 1


def test_of_two_saves_opened_at_the_same_version_one_wins(
    promise, police_activity, police_reporter, admin_user
):
    url = reverse("activity_edit", args=[promise.slug, police_activity.pk])
    people = {"polis": browser(police_reporter), "admin": browser(admin_user)}
    for round_ in range(10):
        opened = {}
        for name, client in people.items():
            form = client.get(url).context["form"]
            opened[name] = {
                name: value
                for name, value in ((n, form[n].value()) for n in form.fields)
                if value is not None
            }
        assert opened["polis"]["opened_version"] == opened["admin"]["opened_version"]
        version = opened["polis"]["opened_version"]

        def save(name, data):
            return name, people[name].post(url, data).status_code

        saves = [
            partial(save, name, opened[name] | {"description": f"{name} {round_}"})
            for name in people
        ]
        answers = dict(at_once(saves, workers=2))
        assert sorted(answers.values()) == [302, 409]
        winner = next(name for name, status in answers.items() if status == 302)
        police_activity.refresh_from_db()
        assert police_activity.description == f"{winner} {round_}"
        assert police_activity.version == version + 1
