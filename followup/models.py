"""What the follow-up keeps of its own: the overview's figures of each promise, made ahead.

Everything else the follow-up shows is made from the promises' data when asked (and cached by
:mod:`followup.caching`). The overview of every promise in Sweden needs the figures of 1,500
promises at once, a quarter of a minute of the engine's work: so each promise's are kept in the
database, by day and change stamp, made ahead of time by ``refresh_figures`` (hourly, today's and
tomorrow's) and afresh for a promise that changed since (:mod:`followup.overview_figures`).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from commitments.models import GuardedModel, Promise


class PromiseFigures(GuardedModel):
    """A promise's overview figures as of a day (:class:`followup.overview_figures.Figures` as
    JSON), made when its change stamp was ``stamp``: current while the stamp is the same.

    Derived, not evidence: no history, and it may be deleted at any time (it is made again).
    """

    promise = models.ForeignKey(
        Promise, on_delete=models.CASCADE, related_name="+", verbose_name=_("promise")
    )
    as_of = models.DateField(_("as of"))
    stamp = models.PositiveBigIntegerField(_("change stamp"))
    figures = models.JSONField(_("figures"))

    class Meta:
        verbose_name = _("promise's figures")
        verbose_name_plural = _("promises' figures")
        constraints = [
            models.UniqueConstraint(fields=["promise", "as_of"], name="figures_once_a_day"),
        ]
        indexes = [models.Index(fields=["as_of"], name="figures_by_day")]

    def __str__(self):
        return f"{self.promise_id} {self.as_of}: {self.stamp}"
