"""The demo's local problems (lokala problembilder), one at each step besides the promise file's
Trafik (action plan adopted): burglaries in residential areas dealt with and closed, fraud
against the elderly with BRÅ convened and the plan still to come, and thefts from sheds and
garages just raised. Made-up, but as a BRÅ would meet them.

Each step is taken as staff take it (:mod:`commitments.problems`), by the BRÅ chair, so that
the convenings give the commitment "BRÅ sammankallas vid uppkomna lokala problembilder" its
activities by the promise's own rule. A step dated after today is not taken (as an activity
after today is not logged), and a problem raised after today is left out.

On 2026-11-26 (the tests' day) the thefts, raised 86 days before with BRÅ not convened, need
attention; the fraud, convened 51 days before, does not yet.
"""

import datetime

from .enums import CommitmentKind, QuotaPer
from .models import Activity
from .problems import Measure, adopt_plan, close, convene, raise_problem

FOCUS_AREA = "Lokala problembilder"

# Each problem: its title, description and place, the day of each step taken (None: not
# taken), the meeting's parties and note, the plan with its measures (key, text, responsible
# parties, kind, quota target, period, unit), and the outcome. The measures' activities are
# in MEASURE_ACTIVITIES. A measure's key is made from the problem's title and the measure's
# text when the plan is adopted; an admin then gives it a shorter one, as the demo does.
PROBLEMS = [
    {
        "title": "Inbrott i villaområden",
        "description": (
            "En serie bostadsinbrott i villaområdena i Korsträsk och Vidsel under hösten, ofta "
            "dagtid när ingen är hemma."
        ),
        "place": "Korsträsk och Vidsel",
        "raised_on": "2024-10-08",
        "convened_on": "2024-10-22",
        "participants": ["police", "municipality"],
        "meeting_note": (
            "Polisen redovisade nio anmälda inbrott sedan september. Kommunen kontaktar "
            "villaföreningarna om grannsamverkan; förslag till handlingsplan till nästa möte."
        ),
        "plan_adopted_on": "2024-11-19",
        "action_plan": (
            "Polisen gör riktade kvällspatruller i de drabbade villaområdena. Kommun och polis "
            "startar grannsamverkan och bjuder in villaägare till informationsträffar om "
            "inbrottsskydd."
        ),
        "measures": [
            ("inbrott-kvallspatruller", "Riktade kvällspatruller i de drabbade villaområdena.",
             ["police"], CommitmentKind.QUOTA, 12, QuotaPer.VALIDITY, "patruller"),
            ("inbrott-informationstraffar", "Informationsträffar om inbrottsskydd för villaägare.",
             ["police", "municipality"], CommitmentKind.QUOTA, 2, QuotaPer.VALIDITY, "träffar"),
            ("inbrott-grannsamverkan", "Grannsamverkan startas i Korsträsk och Vidsel.",
             ["municipality"], CommitmentKind.MILESTONE, None, "", ""),
        ],
        "closed_on": "2025-09-30",
        "outcome": (
            "Anmälda bostadsinbrott i Korsträsk och Vidsel minskade från nio hösten 2024 till två "
            "under första halvåret 2025. Grannsamverkan är i gång i båda områdena och fortsätter "
            "i villaföreningarnas regi."
        ),
    },
    {
        "title": "Bedrägerier mot äldre",
        "description": (
            "Telefonbedrägerier där äldre luras att lämna ut koder till bank-id eller kort av "
            "någon som säger sig ringa från banken eller polisen."
        ),
        "place": "Hela kommunen",
        "raised_on": "2026-08-18",
        "convened_on": "2026-10-06",
        "participants": ["police", "municipality"],
        "meeting_note": (
            "Polisen redovisade elva anmälda bedrägerier mot personer över 70 år sedan januari. "
            "Hemtjänsten och pensionärsföreningarna bjuds in till nästa möte; en arbetsgrupp tar "
            "fram förslag till handlingsplan."
        ),
    },
    {
        "title": "Stölder ur förråd och garage",
        "description": (
            "Upprepade stölder av verktyg, cyklar och båtmotorer ur förråd och garage i centrum "
            "och längs älven."
        ),
        "place": "Älvsbyn centrum",
        "raised_on": "2026-09-01",
    },
]  # fmt: skip

# (problem, measure text, date, carried out by, quantity, kind, description, place, completes)
MEASURE_ACTIVITIES = [
    ("Inbrott i villaområden", "Riktade kvällspatruller i de drabbade villaområdena.",
     "2024-11-28", "police", 3, "patrull", "Kvällspatruller i villaområdena, inga iakttagelser.",
     "Korsträsk", False),
    ("Inbrott i villaområden", "Riktade kvällspatruller i de drabbade villaområdena.",
     "2024-12-17", "police", 4, "patrull", "Kvällspatruller före jul; två bilar kontrollerade.",
     "Vidsel", False),
    ("Inbrott i villaområden", "Riktade kvällspatruller i de drabbade villaområdena.",
     "2025-02-11", "police", 5, "patrull", "Kvällspatruller under sportlovsveckan.",
     "Korsträsk", False),
    ("Inbrott i villaområden", "Informationsträffar om inbrottsskydd för villaägare.",
     "2025-01-21", "municipality", 1, "informationsträff",
     "Informationsträff om lås, belysning och grannsamverkan i bygdegården.", "Vidsel", False),
    ("Inbrott i villaområden", "Informationsträffar om inbrottsskydd för villaägare.",
     "2025-03-11", "police", 1, "informationsträff",
     "Informationsträff med villaföreningen om inbrottsskydd.", "Korsträsk", False),
    ("Inbrott i villaområden", "Grannsamverkan startas i Korsträsk och Vidsel.",
     "2025-04-08", "municipality", 1, "grannsamverkan",
     "Grannsamverkan startad i båda områdena med skyltar och kontaktombud.", "", True),
]  # fmt: skip


def _day(text):
    return datetime.date.fromisoformat(text) if text else None


def load_problems(promise, chair, reporters, today):
    """Give the demo promise its local problems as of ``today``, each step taken by ``chair``
    (the BRÅ chair) and the measures' activities logged by ``reporters`` (by party); a problem
    the promise has already is left as it is."""
    area = promise.focus_areas.get(title=FOCUS_AREA)
    parties = {"police": promise.police_area, "municipality": promise.municipality}
    have = set(area.local_problems.values_list("title", flat=True))
    for item in PROBLEMS:
        if item["title"] in have or _day(item["raised_on"]) > today:
            continue
        problem = raise_problem(
            area,
            title=item["title"],
            description=item["description"],
            place=item["place"],
            raised_on=_day(item["raised_on"]),
            user=chair,
        )
        if not _taken(item, "convened_on", today):
            continue
        problem = convene(
            problem,
            _day(item["convened_on"]),
            [parties[p] for p in item["participants"]],
            item["meeting_note"],
            chair,
        )
        if not _taken(item, "plan_adopted_on", today):
            continue
        measures = [
            Measure(text, [parties[p] for p in responsible], kind, target, per, unit)
            for _key, text, responsible, kind, target, per, unit in item["measures"]
        ]
        problem = adopt_plan(
            problem, _day(item["plan_adopted_on"]), item["action_plan"], measures, chair
        )
        _name_measures(problem, item["measures"], chair)
        _log_measures(problem, parties, reporters, today)
        if _taken(item, "closed_on", today):
            close(problem, _day(item["closed_on"]), item["outcome"], chair)


def _taken(item, step, today):
    return item.get(step) is not None and _day(item[step]) <= today


def _name_measures(problem, measures, user):
    keys = {text: key for key, text, *_rest in measures}
    for commitment in problem.commitments.all():
        commitment.key = keys[commitment.text]
        commitment._history_user = user
        commitment.save(update_fields=["key"])


def _log_measures(problem, parties, reporters, today):
    measures = {c.text: c for c in problem.commitments.all()}
    for (
        title,
        text,
        day,
        party,
        quantity,
        kind,
        description,
        place,
        completes,
    ) in MEASURE_ACTIVITIES:
        if title != problem.title or _day(day) > today:
            continue
        log_demo_activity(
            measures[text],
            _day(day),
            quantity,
            kind,
            description,
            place,
            completes,
            parties[party],
            reporters[party],
        )


def log_demo_activity(
    commitment, day, quantity, kind, description, place, completes, organisation, reporter
):
    """Log one of the demo's activities as ``reporter`` would, through every check."""
    activity = Activity(
        commitment=commitment,
        occurred_on=day,
        quantity=quantity,
        kind=kind,
        description=description,
        place=place,
        completes=completes,
        organisation=organisation,
        reported_by=reporter,
    )
    activity._history_user = reporter
    activity.full_clean()
    activity.save()
    return activity
