"""The admin's list of deleted activities reads the history's deletion records, newest first,
from an index of those alone (a few among a million history rows).

Plain SQL, outside the models' state: django-simple-history makes the history model, whose
Meta holds no indexes of ours. SQLite and PostgreSQL both know partial indexes.
"""

from django.db import migrations

INDEX = "historicalactivity_deleted_newest"


class Migration(migrations.Migration):
    dependencies = [("commitments", "0013_activity_promise_required")]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX {INDEX} ON commitments_historicalactivity "
            "(history_date DESC, history_id DESC) WHERE history_type = '-'",
            f"DROP INDEX {INDEX}",
        )
    ]
