"""Every set of choices of the domain, in one place."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    POLICE_AREA = "police_area", _("Local police area")
    MUNICIPALITY = "municipality", _("Municipality")
    OTHER = "other", _("Other party")


class County(models.TextChoices):
    """Sweden's counties (län), by the codes Statistics Sweden gives them: a municipality lies in
    one, and the public list groups promises by them."""

    STOCKHOLM = "01", "Stockholms län"
    UPPSALA = "03", "Uppsala län"
    SODERMANLAND = "04", "Södermanlands län"
    OSTERGOTLAND = "05", "Östergötlands län"
    JONKOPING = "06", "Jönköpings län"
    KRONOBERG = "07", "Kronobergs län"
    KALMAR = "08", "Kalmar län"
    GOTLAND = "09", "Gotlands län"
    BLEKINGE = "10", "Blekinge län"
    SKANE = "12", "Skåne län"
    HALLAND = "13", "Hallands län"
    VASTRA_GOTALAND = "14", "Västra Götalands län"
    VARMLAND = "17", "Värmlands län"
    OREBRO = "18", "Örebro län"
    VASTMANLAND = "19", "Västmanlands län"
    DALARNA = "20", "Dalarnas län"
    GAVLEBORG = "21", "Gävleborgs län"
    VASTERNORRLAND = "22", "Västernorrlands län"
    JAMTLAND = "23", "Jämtlands län"
    VASTERBOTTEN = "24", "Västerbottens län"
    NORRBOTTEN = "25", "Norrbottens län"


class Role(models.TextChoices):
    REPORTER = "reporter", _("Reporter")
    COORDINATOR = "coordinator", _("Coordinator")
    REVIEWER = "reviewer", _("Reviewer")


class PromiseStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    UPCOMING = "upcoming", _("Upcoming")
    ACTIVE = "active", _("Active")
    EXTENDED = "extended", _("Extended until a new promise is given")
    SUPERSEDED = "superseded", _("Superseded")
    EXPIRED = "expired", _("Expired")


class DisplacedActivities(models.TextChoices):
    """What to do with the activities that publishing a successor puts outside the days in force
    of the promise it replaces."""

    MOVE = "move", _("Move them to the new promise's commitment with the same key")
    KEEP = "keep", _("Keep them in the old promise, where they do not count")


class LocalProblemStatus(models.TextChoices):
    RAISED = "raised", _("Raised")
    CONVENED = "convened", _("BRÅ convened")
    PLAN_ADOPTED = "plan_adopted", _("Action plan adopted")
    CLOSED = "closed", _("Closed")


class CommitmentKind(models.TextChoices):
    QUOTA = "quota", _("Quota")
    MILESTONE = "milestone", _("Milestone")
    ONGOING = "ongoing", _("Ongoing")
    CONDITIONAL = "conditional", _("Conditional")


class Trigger(models.TextChoices):
    """What gives a conditional commitment an activity by itself."""

    LOCAL_PROBLEMS = "local_problems", _("A local problem of the promise is convened")


class QuotaPer(models.TextChoices):
    DAY = "day", _("per day")
    WEEK = "week", _("per week")
    MONTH = "month", _("per month")
    QUARTER = "quarter", _("per quarter")
    TERTIAL = "tertial", _("per tertial")
    HALF_YEAR = "half_year", _("per half-year")
    YEAR = "year", _("per year")
    VALIDITY = "validity", _("during the validity")


class FollowupStatus(models.TextChoices):
    """The status of a commitment or of one of its quota periods (see the follow-up rules)."""

    MET = "met", _("Met")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    BEHIND = "behind", _("Behind")
    MISSED = "missed", _("Missed")
    UPCOMING = "upcoming", _("Upcoming")
    DONE = "done", _("Done")
    IN_PROGRESS = "in_progress", _("In progress")
    NOT_STARTED = "not_started", _("Not started")
    ACTIVE = "active", _("Active")
    INACTIVE = "inactive", _("Inactive")
    NOT_TRIGGERED = "not_triggered", _("Not triggered")


class Light(models.TextChoices):
    GREEN = "green", _("Green")
    AMBER = "amber", _("Amber")
    RED = "red", _("Red")
    GREY = "grey", _("Grey")


class IndicatorUnit(models.TextChoices):
    PERCENT = "percent", _("per cent")
    COUNT = "count", _("count")
    RATE = "rate", _("rate")
    INDEX = "index", _("index")


class IndicatorDirection(models.TextChoices):
    LOWER_IS_BETTER = "lower_is_better", _("Lower is better")
    HIGHER_IS_BETTER = "higher_is_better", _("Higher is better")


class PlanStatus(models.TextChoices):
    OPEN = "open", _("Planned")
    DONE = "done", _("Carried out")
    CANCELLED = "cancelled", _("Cancelled")


class ReviewStatus(models.TextChoices):
    """Where an activity stands in a promise that requires review (an approved one counts)."""

    APPROVED = "approved", _("Approved")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
