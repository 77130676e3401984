"""An attachment's name is erased with the activity's texts, and a purged deleted activity
leaves no file behind (issue 13, part 3: "erased with it")."""

# ruff: noqa: F811  (attachment_store is a fixture imported from tests.attachments_support)

import datetime

import pytest
from django.utils import timezone

from commitments.erasure import ATTACHMENT_NAME, PLACEHOLDER, erase_text, purge_deleted
from commitments.models import Attachment
from tests.attachments_support import attachment_store, pdf, stored_files  # noqa: F401

pytestmark = pytest.mark.usefixtures("attachment_store")


def attach(activity, user, name):
    from commitments.attachment_files import add_attachments

    return add_attachments(activity, [pdf(name)], user)[0]


def test_a_name_in_a_file_name_is_erased_there_and_in_its_history(police_activity, police_reporter):
    attachment = attach(police_activity, police_reporter, "Samtal med Kalle Anka.pdf")
    erasure = erase_text(police_activity.pk, "Kalle Anka", reason="Namn.")
    attachment.refresh_from_db()
    assert attachment.name == f"Samtal med {PLACEHOLDER}.pdf"
    names = Attachment.history.filter(activity_id=police_activity.pk).values_list("name", flat=True)
    assert all("Kalle" not in name for name in names)
    assert ATTACHMENT_NAME in erasure.fields


def test_a_removed_files_name_is_erased_from_its_history(police_activity, police_reporter):
    attach(police_activity, police_reporter, "Kalle Anka.pdf").delete()
    erasure = erase_text(police_activity.pk, "Kalle Anka", reason="Namn.")
    assert erasure.fields == [ATTACHMENT_NAME]
    assert not Attachment.history.filter(name__contains="Kalle").exists()


def test_purging_a_deleted_activity_erases_its_files_names_and_leaves_no_file(
    police_activity, police_reporter, attachment_store, django_capture_on_commit_callbacks
):
    attach(police_activity, police_reporter, "Kalle Anka.pdf")
    pk = police_activity.pk
    with django_capture_on_commit_callbacks(execute=True):
        police_activity.delete()
    assert stored_files(attachment_store) == []
    # A file a failed deletion left behind.
    attachment_store.save(f"attachments/{pk}/kvar", pdf())
    later = timezone.now() + datetime.timedelta(days=400)
    with django_capture_on_commit_callbacks(execute=True):
        erasures = purge_deleted(365, now=later)
    assert [ATTACHMENT_NAME in e.fields for e in erasures] == [True]
    assert not Attachment.history.filter(name__contains="Kalle").exists()
    assert stored_files(attachment_store) == []
    with django_capture_on_commit_callbacks(execute=True):
        assert purge_deleted(365, now=later) == []  # again: nothing to do
