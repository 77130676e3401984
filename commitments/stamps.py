"""Change stamps: what a cached page of a promise's follow-up is keyed on.

Every change the follow-up of a promise can show (an activity logged, edited, moved, erased or
deleted; a commitment, focus area, local problem, indicator or indicator value, plan,
attachment, or the promise itself changed; a party renamed) raises the promise's
:class:`~commitments.models.ChangeStamp` in the same transaction, after the change is written.
A page cached under the stamp read *before* the promise's data is then never older than that
stamp: a reader who saw the old stamp may get a newer page, never an older one, and the next
request after a change reads the new stamp and builds the page afresh. The stamp lives in the
database, so this holds across processes and machines whatever the cache.

Model signals raise it for every save and delete through the ORM; the few writes that bypass
them (bulk imports, erasure's UPDATE, moving activities to a successor) call :func:`touch`.
"""

from django.db import connections, router
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save

from .models import (
    Activity,
    Attachment,
    ChangeStamp,
    Commitment,
    FocusArea,
    Indicator,
    IndicatorValue,
    LocalProblem,
    Organisation,
    PlannedActivity,
    Promise,
)


def touch(*promise_ids):
    """Raise the stamps of the promises ``promise_ids`` (one UPDATE, written as SQL: every
    logged activity sends it, and the ORM took longer to build it than the database to run
    it)."""
    ids = sorted({pk for pk in promise_ids if pk is not None})
    if ids:
        table = ChangeStamp._meta.db_table
        marks = ", ".join(["%s"] * len(ids))
        with connections[router.db_for_write(ChangeStamp)].cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET changes = changes + 1 WHERE promise_id IN ({marks})", ids
            )


def touch_all():
    """Raise every promise's stamp: a change seen by all of them (a party's name)."""
    ChangeStamp.objects.update(changes=F("changes") + 1)


def touch_commitments(commitment_ids):
    """Raise the stamps of the promises of ``commitment_ids`` (one UPDATE, joined)."""
    ChangeStamp.objects.filter(promise__commitments__in=set(commitment_ids)).update(
        changes=F("changes") + 1
    )


def stamp_of(promise):
    """The promise's change count, or None when it has no stamp (nothing may then be cached).

    Read with the promise (``select_related("change_stamp")``, as access.get_promise does) it
    costs no query; else one.
    """
    if Promise.change_stamp.is_cached(promise):
        try:
            return promise.change_stamp.changes
        except ChangeStamp.DoesNotExist:
            return None
    return (
        ChangeStamp.objects.filter(promise_id=promise.pk).values_list("changes", flat=True).first()
    )


def _promise_saved(sender, instance, created, raw=False, **kwargs):
    if created:
        # Raw: a fixture being loaded; its stamp comes with it or is made by the migration.
        if not raw:
            ChangeStamp.objects.get_or_create(promise=instance)
        return
    # A promise's dates and publication decide its predecessor's end, and its title shows on
    # the pages of the promises before and after it.
    touch(instance.pk, instance.replaces_id, *instance.successors.values_list("pk", flat=True))


def _promise_deleted(sender, instance, **kwargs):
    touch(instance.replaces_id)


def _commitment_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        touch(instance.promise_id)


def _part_changed(sender, instance, raw=False, **kwargs):
    """A focus area's or a local problem's title and order show in the follow-up."""
    if raw:
        return
    area = instance if isinstance(instance, FocusArea) else None
    if area is not None:
        touch(area.promise_id)
    else:
        ChangeStamp.objects.filter(promise__focus_areas=instance.focus_area_id).update(
            changes=F("changes") + 1
        )


def _indicator_changed(sender, instance, raw=False, **kwargs):
    """An indicator, or one of its values: the follow-up shows them (the "Utfall")."""
    if raw:
        return
    if isinstance(instance, Indicator):
        touch(instance.promise_id)
    else:
        ChangeStamp.objects.filter(promise__indicators=instance.indicator_id).update(
            changes=F("changes") + 1
        )


def _plan_changed(sender, instance, raw=False, **kwargs):
    """A plan: the follow-up says how much of an open quota is planned."""
    if not raw:
        touch(instance.promise_id)


def _attachment_changed(sender, instance, raw=False, **kwargs):
    """An attachment: the report names the files of each activity."""
    if not raw:
        ChangeStamp.objects.filter(
            promise__in=Activity.objects.filter(pk=instance.activity_id).values("promise")
        ).update(changes=F("changes") + 1)


def _activity_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    commitment = Activity.commitment.field.get_cached_value(instance, default=None)
    if commitment is not None and commitment.pk == instance.commitment_id:
        touch(commitment.promise_id)
    else:
        touch_commitments([instance.commitment_id])


def _participants_changed(sender, instance, action, pk_set=None, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"}:
        if isinstance(instance, Activity):
            touch_commitments([instance.commitment_id])
        else:  # organisation.participations.add(activity): the activities in pk_set
            touch_commitments(
                Activity.objects.filter(pk__in=pk_set or ()).values_list("commitment_id", flat=True)
            )


def _responsible_changed(sender, instance, action, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"}:
        if isinstance(instance, Commitment):
            touch(instance.promise_id)
        else:
            touch_all()


def _other_parties_changed(sender, instance, action, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"}:
        if isinstance(instance, Promise):
            touch(instance.pk)
        else:
            touch_all()


def _organisation_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        touch_all()


def connect():
    """Connect the signals (from CommitmentsConfig.ready)."""
    uid = "change_stamp"
    post_save.connect(_promise_saved, sender=Promise, dispatch_uid=f"{uid}_promise")
    post_delete.connect(_promise_deleted, sender=Promise, dispatch_uid=f"{uid}_promise")
    for model, receiver in [
        (Commitment, _commitment_changed),
        (FocusArea, _part_changed),
        (LocalProblem, _part_changed),
        (Indicator, _indicator_changed),
        (IndicatorValue, _indicator_changed),
        (PlannedActivity, _plan_changed),
        (Attachment, _attachment_changed),
        (Activity, _activity_changed),
        (Organisation, _organisation_changed),
    ]:
        post_save.connect(receiver, sender=model, dispatch_uid=f"{uid}_{model.__name__}")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"{uid}_{model.__name__}")
    for through, receiver in [
        (Activity.participants.through, _participants_changed),
        (Commitment.responsible.through, _responsible_changed),
        (Promise.other_parties.through, _other_parties_changed),
        (Promise.review_for.through, _other_parties_changed),
    ]:
        m2m_changed.connect(receiver, sender=through, dispatch_uid=f"{uid}_{through.__name__}")
