"""The history every model keeps (django-simple-history), spared one query per new row."""

from simple_history.models import HistoricalRecords


class History(HistoricalRecords):
    """simple_history's records, except that a row just inserted does not read its
    many-to-many rows for its first record: it has none yet (they can only be added once it
    has an id, and adding them is recorded as a change of its own)."""

    def create_historical_record_m2ms(self, history_instance, instance):
        if history_instance.history_type == "+":
            return
        super().create_historical_record_m2ms(history_instance, instance)
