"""seed_scale: a national data set that keeps every rule of the models, the same for the same
seed, written only into an empty database."""

import datetime
import random
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from commitments import scale
from commitments.dates import span_end
from commitments.enums import CommitmentKind, OrganisationKind, QuotaPer, Role
from commitments.local_admins import LOCAL_ADMIN_GROUP
from commitments.models import (
    Activity,
    Commitment,
    FocusArea,
    LocalProblem,
    Membership,
    Organisation,
    Promise,
)
from commitments.scale.activities import FIELDS, copy_line
from commitments.scale.tables import copy_line as generic_copy_line
from commitments.scale.tables import history_model
from followup.loading import followup_for
from tests.factories import PromiseFactory

PROMISES = 14
ACTIVITIES = 3000


@pytest.fixture
def seeded(db):
    return scale.seed(PROMISES, ACTIVITIES, seed=7)


def sample(model, size):
    rows = list(model._base_manager.order_by("pk"))
    return random.Random(1).sample(rows, min(size, len(rows)))


def test_the_command_seeds_what_it_is_asked_and_says_where_to_start(db):
    out = StringIO()
    call_command("seed_scale", "--promises", "6", "--activities", "500", stdout=out)
    text = out.getvalue()
    assert Promise.objects.count() == 6
    assert Activity.objects.count() == 500
    assert scale.PASSWORD in text
    assert "commitments_historicalactivity" in text
    largest = max(Promise.objects.all(), key=lambda p: Activity.objects.for_promise(p).count())
    assert largest.slug in text


def test_organisations_and_staff_are_on_a_national_scale_scaled_down(seeded):
    kinds = dict.fromkeys(OrganisationKind, 0)
    for kind in Organisation.objects.values_list("kind", flat=True):
        kinds[kind] += 1
    # 290 municipalities, 115 police areas and 280 others at 1,500 promises.
    assert kinds == {"municipality": 3, "police_area": 1, "other": 3}
    user_model = get_user_model()
    for promise in Promise.objects.all():
        coordinator = user_model.objects.get(
            username=scale.username(promise.municipality_id, Role.COORDINATOR)
        )
        assert coordinator.memberships.get(organisation=promise.municipality).role == "coordinator"
        reporter = user_model.objects.get(
            username=scale.username(promise.police_area_id, "reporter", 2)
        )
        assert reporter.memberships.get().organisation == promise.police_area
    admin = user_model.objects.get(username="admin")
    assert admin.is_superuser
    assert check_password(scale.PASSWORD, admin.password)
    # One password hash for all: hashed once.
    assert user_model.objects.values("password").distinct().count() == 1
    local_admins = user_model.objects.filter(is_staff=True, is_superuser=False)
    assert local_admins.exists()
    assert all(u.groups.filter(name=LOCAL_ADMIN_GROUP).exists() for u in local_admins)
    assert Membership.objects.filter(user__in=local_admins, role=Role.COORDINATOR).exists()


def test_promises_form_replace_chains_and_hold_every_kind_and_period(seeded):
    today = timezone.localdate()
    assert Promise.objects.count() == PROMISES
    for promise in Promise.objects.exclude(replaces=None).select_related("replaces"):
        # Consecutive: each starts the day after the one it replaces ends.
        assert promise.valid_from == promise.replaces.valid_until + datetime.timedelta(days=1)
        assert promise.municipality_id == promise.replaces.municipality_id
    for promise in Promise.objects.all():
        commitments = promise.commitments.all()
        assert 10 <= len(commitments) <= 40
        assert 3 <= promise.focus_areas.count() <= 5
        assert {c.kind for c in commitments} == set(CommitmentKind)
        assert promise.valid_until <= span_end(promise.valid_from)
    for municipality in Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY):
        chain = Promise.objects.filter(municipality=municipality, published=True)
        # Each municipality has had a promise in force by today; only its last is not replaced.
        assert chain.filter(valid_from__lte=today).exists()
        assert chain.exclude(successors__published=True).count() == 1
    assert set(Commitment.objects.values_list("quota_per", flat=True)) == {*QuotaPer, ""}
    assert Commitment.objects.exclude(parent=None).exists()
    assert Commitment.objects.exclude(follows=None).exists()
    assert Commitment.objects.exclude(group="").exists()
    assert Commitment.objects.exclude(quota_kinds=[]).exists()
    assert Commitment.objects.filter(quota_average=True).exists()
    assert Commitment.objects.exclude(due_on=None).exists()
    assert LocalProblem.objects.exists()
    assert Activity.objects.filter(completes=True).exists()
    assert Activity.participants.through.objects.exists()


def test_every_seeded_row_keeps_the_rules_of_its_model(seeded):
    for model in [Organisation, Membership, Promise, FocusArea, LocalProblem, get_user_model()]:
        for row in sample(model, 25):
            row.full_clean()  # fields, clean() and the database constraints
    for commitment in sample(Commitment, 60):
        commitment.full_clean()
        commitment.validate_responsible(list(commitment.responsible.all()))
    for activity in sample(Activity, 150):
        activity.full_clean()  # dated in force, not in the future; responsible; kind; completes
        assert activity.reported_by.memberships.filter(
            organisation=activity.organisation_id, role__in=[Role.REPORTER, Role.COORDINATOR]
        ).exists()
        assert activity.organisation not in activity.participants.all()


def test_every_object_has_its_history_and_the_app_inserts_after_the_seeded_ids(seeded):
    for model in [Organisation, Membership, Promise, FocusArea, LocalProblem, Commitment]:
        history = model.history.all()
        assert history.count() == model.objects.count()
        assert set(history.values_list("history_type", flat=True)) == {"+"}
        assert not history.filter(history_user=None).exists()
    for activity in sample(Activity, 50):
        record = activity.history.get()
        assert (record.history_type, record.history_user_id) == ("+", activity.reported_by_id)
        assert record.history_date == activity.created_at
        assert record.description == activity.description
        assert {p.organisation_id for p in record.participants.all()} == {
            o.pk for o in activity.participants.all()
        }
    for through in [
        Promise.other_parties.through,
        Commitment.responsible.through,
        Activity.participants.through,
    ]:
        assert history_model(through).objects.count() == through.objects.count()
    # The sequences go on after the ids given in Python.
    assert Organisation.objects.create(name="Ny part").pk == Organisation.objects.count()
    activity = Activity.objects.first()
    activity.pk = None
    activity.save()
    assert activity.pk == ACTIVITIES + 1


def test_the_engine_runs_on_every_seeded_promise(seeded):
    today = timezone.localdate()
    for promise in Promise.objects.all():
        followup = followup_for(promise, today)
        assert len(followup.commitments) == promise.commitments.count()


def test_seeded_staff_reach_their_pages(seeded, client):
    promise = Promise.objects.get(slug=seeded.typical)
    user_model = get_user_model()
    client.force_login(
        user_model.objects.get(username=scale.username(promise.municipality_id, "coordinator"))
    )
    assert client.get(reverse("dashboard", args=[promise.slug])).status_code == 200
    assert client.get(reverse("activity_list", args=[promise.slug])).status_code == 200
    client.force_login(user_model.objects.get(username="admin"))
    largest = Promise.objects.get(slug=seeded.largest)
    for url in [
        reverse("admin:index"),
        reverse("admin:commitments_promise_changelist"),
        reverse("admin:commitments_promise_change", args=[largest.pk]),
        reverse("admin:commitments_commitment_changelist"),
        reverse("admin:commitments_activity_changelist"),
        reverse("admin:commitments_activity_change", args=[Activity.objects.first().pk]),
        reverse("admin:commitments_organisation_changelist"),
        reverse("admin:commitments_membership_changelist"),
    ]:
        assert client.get(url).status_code == 200, url


def snapshot():
    """Every seeded row, history ids aside (a sequence gives those)."""
    rows = {}
    for model in scale.seeded_models():
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if f.attname not in {"history_id", "m2m_history_id"}
        ]
        rows[model._meta.db_table] = list(
            model._base_manager.order_by(*fields).values_list(*fields)
        )
    return rows


def wipe():
    with connection.cursor() as cursor:
        for model in reversed(scale.seeded_models()):
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")


def test_the_same_seed_gives_the_same_data(db):
    scale.seed(8, 800, seed=3)
    first = snapshot()
    wipe()
    scale.seed(8, 800, seed=3)
    assert snapshot() == first
    wipe()
    scale.seed(8, 800, seed=4)
    assert snapshot() != first


def test_a_database_holding_a_promise_is_refused_and_left_as_it_was(db):
    PromiseFactory()
    with pytest.raises(CommandError, match="fyller bara en tom databas"):
        call_command("seed_scale", "--promises", "5", "--activities", "10")
    assert Organisation.objects.count() == 2
    assert not get_user_model().objects.exists()


@pytest.mark.parametrize(
    "promises, activities",
    [("0", "10"), ("5", "-1"), ("20001", "10"), ("5", "500001"), ("2000", "20000001")],
)
def test_absurd_sizes_are_refused(db, promises, activities):
    with pytest.raises(CommandError, match=r"^Ange --(promises|activities) från"):
        call_command("seed_scale", "--promises", promises, "--activities", activities)
    assert not Organisation.objects.exists()


def test_the_fast_copy_line_of_an_activity_is_the_generic_one():
    moment = datetime.datetime(2025, 3, 4, 5, 6, 7, tzinfo=datetime.UTC)
    for text in ["Hundsök på Gymnasiet.", "Tab\there", "Rad\nrad", "Snedstreck \\ här", ""]:
        row = (
            12, 1, 34, datetime.date(2025, 3, 1), 2, "hundsök", True, text, text, 5, 6, None,
            None, moment, moment, 78, "approved", "",
        )  # fmt: skip
        assert len(row) == len(FIELDS)
        assert copy_line(row) == generic_copy_line(row)


def test_every_seeded_promise_has_a_change_stamp(db):
    """Else its pages would never be cached (commitments.stamps)."""
    from commitments.models import ChangeStamp, Promise

    scale.seed(6, 300, seed=2)
    assert ChangeStamp.objects.filter(changes=0).count() == Promise.objects.count() == 6
