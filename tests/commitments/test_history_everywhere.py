"""Who may log is evidence too: organisations and memberships keep their history, and the
admin shows every history page in Swedish."""

import pytest
from django.urls import reverse

from commitments.enums import Role
from commitments.models import Membership, Organisation
from tests.factories import OrganisationFactory, UserFactory


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def test_a_membership_given_changed_and_removed_in_the_admin_is_kept_with_who_did_it(
    admin_client, admin_user
):
    organisation = OrganisationFactory(name="Arvidsjaurs kommun")
    colleague = UserFactory(username="lisa")
    url = reverse("admin:commitments_membership_add")
    data = {"user": colleague.pk, "organisation": organisation.pk, "role": Role.REPORTER}
    assert admin_client.post(url, data).status_code == 302
    membership = Membership.objects.get(user=colleague)
    change = reverse("admin:commitments_membership_change", args=[membership.pk])
    assert admin_client.post(change, {**data, "role": Role.COORDINATOR}).status_code == 302
    delete = reverse("admin:commitments_membership_delete", args=[membership.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 302

    records = Membership.history.filter(id=membership.pk).order_by("history_date", "history_id")
    assert [(r.history_type, r.role, r.history_user) for r in records] == [
        ("+", Role.REPORTER, admin_user),
        ("~", Role.COORDINATOR, admin_user),
        ("-", Role.COORDINATOR, admin_user),
    ]


def test_an_organisation_renamed_keeps_its_old_name_in_history(admin_client):
    organisation = OrganisationFactory(name="Älvsbyns kommun")
    url = reverse("admin:commitments_organisation_change", args=[organisation.pk])
    response = admin_client.get(url)
    data = {
        "name": "Älvsbyn kommun",
        "kind": organisation.kind,
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
    }
    assert response.status_code == 200
    assert admin_client.post(url, data).status_code == 302
    names = list(
        Organisation.history.filter(id=organisation.pk)
        .order_by("history_date")
        .values_list("name", flat=True)
    )
    assert names == ["Älvsbyns kommun", "Älvsbyn kommun"]


@pytest.mark.parametrize("model", ["organisation", "membership", "promise", "commitment"])
def test_history_pages_of_the_admin_are_in_swedish(admin_client, model, promise, coordinator):
    from commitments.models import Commitment

    objects = {
        "organisation": lambda: promise.municipality,
        "membership": lambda: Membership.objects.get(user=coordinator),
        "promise": lambda: promise,
        "commitment": lambda: Commitment.objects.create(
            promise=promise, focus_area=promise.focus_areas.create(title="Narkotika"), key="k",
            text="Hundsök", kind="ongoing",
        ),
    }  # fmt: skip
    obj = objects[model]()
    obj.save()  # a change, so the list has a row with its diff
    response = admin_client.get(reverse(f"admin:commitments_{model}_history", args=[obj.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    for swedish in ["Historik", "Datum och tid", "Ändrad av", "Ändringar", "Händelse"]:
        assert swedish in page
    for english in ["View history", "Date/time", "Changed by", "Change reason", "entries"]:
        assert english not in page
    record = obj.history.latest()
    version = reverse(f"admin:commitments_{model}_simple_history", args=[obj.pk, record.pk])
    page = admin_client.get(version).content.decode()
    assert "Visa " in page and "Stäng" in page
    assert "View " not in page and "Revert" not in page


# Records that are written once and never changed: a history of them would repeat them.
APPEND_ONLY = {"Erasure", "ActivityImport"}
# Derived numbers, not evidence (a change stamp, the overview's kept figures): a history of them
# would record nothing anyone did.
DERIVED = {"ChangeStamp", "PromiseFigures"}


def test_every_model_keeps_history():
    from django.apps import apps

    models = [
        model
        for label in ["commitments", "followup"]
        for model in apps.get_app_config(label).get_models()
        if not model.__name__.startswith("Historical") and not model._meta.auto_created
    ]
    assert models
    without = [
        m.__name__
        for m in models
        if not hasattr(m, "history") and m.__name__ not in APPEND_ONLY | DERIVED
    ]
    assert without == []
