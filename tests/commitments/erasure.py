"""What the erasure tests share: a text to erase and a check that no trace of it is left."""

from commitments.models import Activity

NAME = "Kalle Svensson"
PIN = "19850101-1236"


def history_texts(activity_id):
    """Every value of every column of every history record of the activity, as text."""
    history = Activity.history.model
    columns = [f.attname for f in history._meta.concrete_fields]
    return [
        str(value)
        for row in history.objects.filter(id=activity_id).values_list(*columns)
        for value in row
    ]


def leaves_no_trace(text, activity_id):
    """Whether the activity (if it still exists) and its history hold the text nowhere."""
    texts = history_texts(activity_id)
    if Activity.objects.filter(pk=activity_id).exists():
        activity = Activity.objects.get(pk=activity_id)
        texts += [activity.description, activity.place, activity.kind]
    return bool(texts) and not any(text.lower() in value.lower() for value in texts)
