"""No lost update: a change made in a form opened before someone else's save (or an erasure) is
refused, both versions are shown, and nothing is saved over."""

import pytest

from commitments.erasure import erase_text
from commitments.models import Activity, StaleVersion
from tests.commitments.erasure import NAME


class TestModel:
    def test_every_save_counts_a_version(self, police_activity):
        assert police_activity.version == 1
        police_activity.save()
        police_activity.quantity = 2
        police_activity.save(update_fields=["quantity"])
        assert police_activity.version == 3
        assert Activity.objects.get(pk=police_activity.pk).version == 3

    def test_a_save_opened_at_an_older_version_writes_nothing(self, police_activity):
        mine, theirs = (Activity.objects.get(pk=police_activity.pk) for _ in range(2))
        theirs.description = "Deras."
        theirs.save()
        records = police_activity.history.count()

        mine.opened_version, mine.description = 1, "Min."
        with pytest.raises(StaleVersion):
            mine.save()
        police_activity.refresh_from_db()
        assert (police_activity.description, police_activity.version) == ("Deras.", 2)
        assert police_activity.history.count() == records

    def test_an_activity_deleted_since_is_not_brought_back(self, police_activity):
        mine = Activity.objects.get(pk=police_activity.pk)
        police_activity.delete()
        mine.opened_version = 1
        with pytest.raises(StaleVersion) as refused:
            mine.save()
        assert refused.value.current() is None
        assert not Activity.objects.exists()

    def test_an_erasure_counts_as_a_change(self, named, admin_user):
        before = Activity.objects.get(pk=named.pk).version
        erase_text(named.pk, NAME, reason="Namn på en privatperson.", user=admin_user)
        assert Activity.objects.get(pk=named.pk).version == before + 1
