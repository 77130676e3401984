"""The staff pages of a promise's local problems (lokala problembilder): the list, raising one,
each problem's page with its steps as a timeline, and a page for each step (BRÅ convened, the
action plan adopted with its measures, closed, reopened, the convening taken back).

Every party's members read them; coordinators, reviewers (the BRÅ chair) and the promise's
admins raise problems and take their steps (commitments.access.can_manage_problems). The steps'
rules are commitments.problems'; a step form opened before another step was taken is refused
(409) with what was sent beside what stands now.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from followup.loading import followup_for

from .. import problems as steps
from ..access import (
    can_change,
    can_manage_problems,
    get_problem,
    get_promise,
    get_promise_for_problems,
)
from ..enums import LocalProblemStatus
from ..models import Activity, Commitment, LocalProblem, Organisation, StaleVersion
from ..problem_forms import (
    AdoptForm,
    CloseForm,
    ConveneForm,
    ProblemForm,
    ReopenForm,
    TakeBackForm,
    measure_formset,
    measures_of,
    put_refusal,
)
from ..versioning import differences
from .attachments import attachment_count

Status = LocalProblemStatus
NAV = "followup"
STEP_USERS = ["raised_by", "convened_by", "plan_adopted_by", "closed_by"]


def _problems(promise):
    """The promise's local problems in its order, with their focus areas and who took each
    step (one query), and the meeting's participants (one more)."""
    return (
        LocalProblem.objects.filter(focus_area__promise=promise)
        .select_related("focus_area", *STEP_USERS)
        .prefetch_related(Prefetch("participants", Organisation.objects.order_by("name")))
        .order_by("focus_area__position", "focus_area_id", "position", "pk")
    )


def _measures(promise, problem_ids, today):
    """The follow-up's result of each problem's measures (its commitments and theirs), by
    problem id, in the promise's order: the follow-up (read once, or from the cache) and one
    query for which commitment is whose."""
    owner = dict(
        Commitment.objects.filter(promise=promise, local_problem__in=problem_ids).values_list(
            "pk", "local_problem_id"
        )
    )
    found = {pk: [] for pk in problem_ids}
    for result in followup_for(promise, today).commitments:
        if result.facts.id in owner:
            found[owner[result.facts.id]].append(result)
    return found


@dataclass
class ProblemRow:
    problem: LocalProblem
    measures: list = field(default_factory=list)


@require_GET
def problem_list(request, slug):
    """The promise's local problems: status in words, the steps' days, and how each measure of
    their plans stands in the follow-up."""
    promise = get_promise(request, slug)
    today = timezone.localdate()
    problems = list(_problems(promise))
    measures = _measures(promise, [p.pk for p in problems], today)
    return render(
        request,
        "commitments/problems/problem_list.html",
        {
            "promise": promise,
            "rows": [ProblemRow(p, measures[p.pk]) for p in problems],
            "may_manage": can_manage_problems(request.user, promise),
            "date_query": "",  # the measures' links (followup's commitment table)
            "nav": NAV,
        },
    )


@require_http_methods(["GET", "POST"])
def problem_create(request, slug):
    """ "Ny lokal problembild": raised by a coordinator, a reviewer or an admin."""
    promise = get_promise_for_problems(request, slug)
    form = ProblemForm(request.POST or None, promise=promise)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                problem = steps.raise_problem(
                    data["focus_area"],
                    title=data["title"],
                    description=data["description"],
                    place=data["place"],
                    raised_on=data["raised_on"],
                    user=request.user,
                )
            except ValidationError as error:
                put_refusal(form, error)
            else:
                messages.success(request, _("The local problem was raised."))
                return redirect("problem_detail", promise.slug, problem.pk)
        twice = _raised_already(request.user, form)
        if twice is not None:  # the same form posted again (a double click)
            return redirect("problem_detail", promise.slug, twice.pk)
    return render(
        request,
        "commitments/problems/problem_form.html",
        {"promise": promise, "form": form, "nav": NAV},
    )


def _raised_already(user, form):
    """The problem ``user`` raised with what ``form`` holds, when the form was refused only
    because its title is taken (by that very problem)."""
    data = form.cleaned_data if hasattr(form, "cleaned_data") else {}
    if set(form.errors) != {"__all__"} or "focus_area" not in data or "title" not in data:
        return None
    return LocalProblem.objects.filter(
        focus_area=data["focus_area"],
        title=data["title"].strip(),
        description=data.get("description", "").strip(),
        raised_by=user,
        status=Status.RAISED,
    ).first()


@dataclass
class Event:
    """What the history says besides the steps: a reopening or a convening taken back."""

    kind: str  # "reopened" | "taken_back"
    at: object  # when (a datetime)
    by: object  # who (a user, or None)
    reason: str = ""
    day: object = None  # the closing's or the convening's day that was undone
    outcome: str = ""  # the outcome of the closing that was undone


def events_of(problem):
    """The problem's reopenings and taken-back convenings, oldest first, from its history (one
    query, whatever its length)."""
    records = list(problem.history.select_related("history_user").order_by("history_id"))
    found = []
    for before, record in zip(records, records[1:], strict=False):
        if before.status == Status.CLOSED and record.status == Status.PLAN_ADOPTED:
            found.append(
                Event(
                    "reopened",
                    record.history_date,
                    record.history_user,
                    record.history_change_reason or "",
                    before.closed_on,
                    before.outcome,
                )
            )
        elif before.status == Status.CONVENED and record.status == Status.RAISED:
            found.append(
                Event(
                    "taken_back", record.history_date, record.history_user, "", before.convened_on
                )
            )
    return found


@dataclass
class ProblemPage:
    """A problem's page: its steps, the activities its convening gave, its measures with how
    they stand, what its history adds, and which steps the user may take now."""

    problem: LocalProblem
    activities: list
    measures: list
    events: list
    may_manage: bool
    triggered: bool  # the promise has a commitment triggered by local problems

    @classmethod
    def build(cls, promise, problem, user, today):
        activities = list(
            Activity.objects.filter(local_problem=problem)
            .select_related("commitment", "organisation")
            .annotate(attachment_count=attachment_count())
            .order_by("pk")
        )
        for activity in activities:
            activity.changeable = can_change(user, activity, promise)
        return cls(
            problem=problem,
            activities=activities,
            measures=_measures(promise, [problem.pk], today)[problem.pk],
            events=events_of(problem),
            may_manage=can_manage_problems(user, promise),
            triggered=steps.triggered_commitments(promise).exists(),
        )

    @property
    def next_steps(self):
        """The steps that may be taken now, by their URL names."""
        if not self.may_manage:
            return []
        return {
            Status.RAISED: ["problem_convene"],
            Status.CONVENED: ["problem_adopt", "problem_take_back"],
            Status.PLAN_ADOPTED: ["problem_close"],
            Status.CLOSED: ["problem_reopen"],
        }[self.problem.status]


@require_GET
def problem_detail(request, slug, pk):
    """A problem with its steps as a timeline, and links to the next step for those who may."""
    promise = get_promise(request, slug)
    problem = get_problem(promise, pk, _problems(promise))
    page = ProblemPage.build(promise, problem, request.user, timezone.localdate())
    return render(
        request,
        "commitments/problems/problem_detail.html",
        {"promise": promise, "problem": problem, "page": page, "date_query": "", "nav": NAV},
    )


# ---------------------------------------------------------------------------------------------
# The steps' pages: each shows its form (GET), and takes its step (POST) through
# commitments.problems; a refusal is put on the form, a stale form answered with 409.


@dataclass(frozen=True)
class Step:
    """A step's page: ``perform(problem, data, measures, user, version)`` takes the step from
    the form's cleaned data (and the plan's measures); ``measures``: the page has the plan's
    measure rows."""

    name: str  # the URL name, and the template's
    status: str  # the status it is taken from
    form_class: type
    done: str  # the message once taken
    perform: Callable
    doc: str
    measures: bool = False

    @property
    def template(self):
        return f"commitments/problems/{self.name}.html"


def _parties(promise):
    return steps.promise_parties(promise).order_by("name")


def _step_form(step, promise, problem, data=None):
    kwargs = {"problem": problem}
    if step.form_class is ConveneForm:
        kwargs["parties"] = _parties(promise)
    return step.form_class(data, **kwargs)


def _take(request, promise, pk, step):
    """The page of ``step``: its form (with the plan's measures when it has them); on a post,
    the step taken, and the problem's page once it is."""
    problem = get_problem(promise, pk, LocalProblem.objects.select_related("focus_area"))
    posted = request.method == "POST"
    if not posted and problem.status != step.status:
        messages.info(request, _("That step cannot be taken now: the problem is at another step."))
        return redirect("problem_detail", promise.slug, problem.pk)
    form = _step_form(step, promise, problem, request.POST if posted else None)
    formset = measure_formset(request.POST or None, _parties(promise)) if step.measures else None
    conflict = None
    if posted and form.is_valid() and (formset is None or formset.is_valid()):
        measures = measures_of(formset) if formset is not None else None
        try:
            step.perform(problem, form.cleaned_data, measures, request.user, form.version)
        except StaleVersion as stale:
            stale.form = form
            conflict = _conflict(step, promise, stale)
            form = conflict.pop("form")
        except ValidationError as error:
            form.refused(error)
        else:
            messages.success(request, step.done)
            return redirect("problem_detail", promise.slug, problem.pk)
    return render(
        request,
        step.template,
        {
            "promise": promise,
            "problem": problem,
            "form": form,
            "formset": formset,
            "conflict": conflict,
            "step": step.name,
            "nav": NAV,
        },
        status=409 if conflict else 200,
    )


def _conflict(step, promise, stale):
    """What a stale step's page shows: the fields that differ from what stands now and, when
    the step may still be taken, a form of the current version."""
    current = (
        LocalProblem.objects.filter(pk=stale.instance.pk, focus_area__promise=promise)
        .prefetch_related("participants")
        .first()
    )
    if current is None:
        return {"message": LocalProblem.deleted_message, "rows": [], "form": None}
    return {
        "message": LocalProblem.stale_message,
        "rows": differences(stale.form, current),
        "form": _step_form(step, promise, current) if current.status == step.status else None,
    }


def _step_view(step):
    """The view of ``step``'s page, for those who may take the promise's problems' steps."""

    @require_http_methods(["GET", "POST"])
    def view(request, slug, pk):
        return _take(request, get_promise_for_problems(request, slug), pk, step)

    view.__name__ = view.__qualname__ = step.name
    view.__doc__ = step.doc
    return view


problem_convene = _step_view(
    Step(
        "problem_convene",
        Status.RAISED,
        ConveneForm,
        gettext_lazy("BRÅ is recorded as convened."),
        lambda problem, data, measures, user, version: steps.convene(
            problem,
            data["convened_on"],
            data["participants"],
            data["meeting_note"],
            user,
            version=version,
        ),
        "Record that BRÅ was convened: the day, the parties that took part, a note.",
    )
)

problem_adopt = _step_view(
    Step(
        "problem_adopt",
        Status.CONVENED,
        AdoptForm,
        gettext_lazy("The action plan is adopted."),
        lambda problem, data, measures, user, version: steps.adopt_plan(
            problem,
            data["plan_adopted_on"],
            data["action_plan"],
            measures,
            user,
            version=version,
        ),
        "Adopt the action plan: its text and its measures, each made a commitment of the problem.",
        measures=True,
    )
)

problem_close = _step_view(
    Step(
        "problem_close",
        Status.PLAN_ADOPTED,
        CloseForm,
        gettext_lazy("The local problem is closed."),
        lambda problem, data, measures, user, version: steps.close(
            problem, data["closed_on"], data["outcome"], user, version=version
        ),
        "Close the problem with its outcome.",
    )
)

problem_reopen = _step_view(
    Step(
        "problem_reopen",
        Status.CLOSED,
        ReopenForm,
        gettext_lazy("The local problem is open again."),
        lambda problem, data, measures, user, version: steps.reopen(
            problem, data["reason"], user, version=version
        ),
        "Open a closed problem again, with a reason.",
    )
)

problem_take_back = _step_view(
    Step(
        "problem_take_back",
        Status.CONVENED,
        TakeBackForm,
        gettext_lazy("The convening is taken back, and the activities it gave are removed."),
        lambda problem, data, measures, user, version: steps.take_back_convening(
            problem, user, version=version
        ),
        "Take the convening back (recorded by mistake): asks first, then removes it and the "
        "activities it gave.",
    )
)
