"""What the public side shows, read as a visitor reads it: no staff name and no text of an
unpublished activity on any public page, feed or open-data file, for every public promise of the
demo and of the national seed.

An activity is published when the public page may show it: approved, of a commitment whose
activities are published, dated in force and not after today. Every other activity's
description (unless a published one says the same, or holds it), every plan's note, every review's
reason and every attachment's name is a secret; so are the staff's names, user names and e-mail
addresses.
"""

import html
import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from commitments import scale
from commitments.demo import load_demo
from commitments.enums import ReviewStatus
from commitments.models import Activity, Attachment, Organisation, PlannedActivity, Promise


def published(activity, today):
    return (
        activity.review_status == ReviewStatus.APPROVED
        and activity.commitment.publish_activities
        and activity.occurred_on <= today
        and activity.promise.is_in_force_on(activity.occurred_on)
    )


def secrets():
    """The texts no public answer may hold, each with what it is."""
    today = timezone.localdate()
    activities = Activity.objects.select_related("commitment", "promise")
    shown = "\n".join({a.description for a in activities if published(a, today)})
    found = {}
    for activity in activities:
        # A text a published one says too (or holds: "… Inga anmärkningar.") may be shown.
        if not published(activity, today) and activity.description not in shown:
            found[activity.description] = f"the description of unpublished activity {activity.pk}"
        if activity.review_reason:
            found[activity.review_reason] = f"the review reason of activity {activity.pk}"
    for plan in PlannedActivity.objects.exclude(note=""):
        found[plan.note] = f"the note of plan {plan.pk}"
    for attachment in Attachment.objects.all():
        found[attachment.name] = f"the name of attachment {attachment.pk}"
    organisations = set(Organisation.objects.values_list("name", flat=True))
    for user in get_user_model().objects.all():
        found[user.email] = f"the e-mail of {user.username}"
        if user.get_full_name().strip():
            full = user.get_full_name()
            # The seed's staff are "Samordnare <organisation>": only a real name is a secret.
            if user.last_name not in organisations:
                found[full] = f"the name of {user.username}"
        if len(user.username) > 6:  # the demo's "polis", "kommun", "bra" are words too
            found[user.username] = f"the user name {user.username}"
    return {text: what for text, what in found.items() if text and len(text) > 3}


def public_answers(client):
    """Every public address of every public promise, read anonymously: (address, text)."""
    addresses = [reverse("home"), reverse("promise_list"), reverse("open_promise_list")]
    promises = Promise.objects.public().prefetch_related("commitments")
    for promise in promises:
        slug = promise.slug
        addresses += [
            reverse("promise_detail", args=[slug]),
            reverse("promise_feed", args=[slug]),
            reverse("promise_embed", args=[slug]),
            reverse("followup_json", args=[slug]),
            reverse("open_commitments_csv", args=[slug]),
            reverse("open_activities_csv", args=[slug]),
            *[
                reverse("commitment_detail", args=[slug, commitment.key])
                for commitment in promise.commitments.all()
            ],
        ]
    for address in addresses:
        response = client.get(address)
        assert response.status_code == 200, address
        content = b"".join(response) if response.streaming else response.content
        text = content.decode("utf-8-sig")
        if response["Content-Type"].startswith("application/json"):
            text = json.dumps(json.loads(text), ensure_ascii=False)
        yield address, html.unescape(text)


def assert_nothing_secret(client):
    hidden = secrets()
    assert hidden, "the data set holds nothing to keep from the public: the test proves nothing"
    read = 0
    for address, text in public_answers(client):
        read += 1
        leaked = [f"{what} ({text_!r})" for text_, what in hidden.items() if text_ in text]
        assert not leaked, f"{address} shows {leaked}"
    return read


@pytest.mark.django_db
def test_the_demo_shows_the_public_nothing_of_its_staff_or_unpublished_work(client):
    load_demo()
    hidden = secrets()
    # The demo has what must stay hidden: unpublished and waiting activities, staff with names.
    assert any("unpublished" in what for what in hidden.values())
    assert any(what.startswith("the name of") for what in hidden.values())
    assert assert_nothing_secret(client) > 10


@pytest.mark.django_db
def test_the_national_seed_shows_the_public_nothing_of_its_staff_or_unpublished_work(client):
    scale.seed(6, 1500, seed=3)
    assert Promise.objects.public().exists()
    assert assert_nothing_secret(client) > 10
