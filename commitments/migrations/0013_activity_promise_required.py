"""The promise of every activity is filled in (0012): now it is required, and indexed with the
date. Apart from 0012 because PostgreSQL alters no table with updates of its rows pending in
the same transaction."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("commitments", "0012_activity_promise"),
    ]

    operations = [
        migrations.AlterField(
            model_name="activity",
            name="promise",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="commitments.promise",
                verbose_name="promise",
            ),
        ),
        migrations.AddIndex(
            model_name="activity",
            index=models.Index(
                fields=["promise", "occurred_on", "id"], name="activity_promise_newest"
            ),
        ),
    ]
