"""The demo: the Älvsbyn promise, its staff and a realistic, fixed set of activities.

The activities are chosen so that every follow-up status can be seen: quotas met, missed and
behind, milestones done and under way, ongoing work active, gone quiet and not started. At the
promise's end (2025-12-31) two yearly quotas of 2025 are missed: the dog searches and the visit
to a parcel pickup point.

The local problems (:mod:`commitments.demo_problems`) stand one at each step: raised, BRÅ
convened, action plan adopted (the file's Trafik), closed with its outcome.

The outcome indicators get made-up figures (:data:`INDICATOR_VALUES`), each value's note saying
so, chosen so that every trend can be seen: the safety survey improving, the drug-habit survey
worsening, reported narcotics crimes unchanged, and domestic violence without data.
"""

import datetime
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from .demo_problems import load_problems, log_demo_activity
from .enums import ReviewStatus, Role
from .models import Activity, IndicatorValue, Membership, Promise
from .promise_files import import_promise

PROMISE_FILE = Path(settings.BASE_DIR) / "data" / "promises" / "alvsbyn-2024.yaml"
SLUG = "alvsbyn-2024"
PASSWORD = "demo"

# username: (first name, last name, party, role, staff)
USERS = {
    "polis": ("Petra", "Polis", "police", Role.REPORTER, False),
    "kommun": ("Kim", "Kommun", "municipality", Role.REPORTER, False),
    "bra": ("Britt", "Bråordförande", "municipality", Role.REVIEWER, False),
    "admin": ("Ada", "Admin", None, None, True),
}

# (date, commitment key, carried out by, quantity, kind, description, place, completes,
#  participating parties)
ACTIVITIES = [
    # Arbetslivskriminalitet: a control every year, logged by the police with the municipality
    # taking part in 2024 and 2025; it counts for "Deltagande vid kontroll" too (follows).
    ("2024-05-14", "arbetsliv-kontroll", "police", 1, "kontroll",
     "Kontroll av byggarbetsplatser tillsammans med Skatteverket och kommunens miljöinspektör.",
     "Älvsbyn centrum", False, ["municipality"]),
    ("2025-09-23", "arbetsliv-kontroll", "police", 1, "kontroll",
     "Kontroll av restauranger och nagelsalonger med Arbetsmiljöverket och kommunens "
     "miljöinspektör.", "Storgatan", False, ["municipality"]),
    ("2026-04-22", "arbetsliv-kontroll", "police", 1, "kontroll",
     "Kontroll av bilverkstäder och däckfirmor inför säsongsbytet.", "Vidsel", False, []),
    ("2024-03-12", "arbetsliv-samverkan", "municipality", 1, "möte",
     "Informationsmöte med Piteå kommun om gemensam kontrollplan.", "", False, []),
    ("2025-02-18", "arbetsliv-samverkan", "municipality", 1, "möte",
     "Samverkansmöte med Skatteverket och Arbetsmiljöverket.", "", False, ["police"]),
    ("2026-10-20", "arbetsliv-samverkan", "municipality", 1, "information",
     "Information till lokala företagare om osund konkurrens på företagarfrukost.",
     "Kommunhuset", False, []),
    # Narkotika: dog searches met in 2024, missed in 2025, none yet in 2026; the yearly visit
    # to a parcel pickup point made in 2024, missed in 2025, caught up in 2026.
    ("2024-03-20", "narkotika-hundsok", "police", 1, "hundsök",
     "Hundsök på högstadieskolan tillsammans med rektor. Inga fynd.", "Högstadieskolan",
     False, ["municipality"]),
    ("2024-10-02", "narkotika-hundsok", "police", 1, "hundsök",
     "Hundsök på gymnasiet. Ett fynd som hanterades enligt rutin.", "Gymnasiet", False, []),
    ("2025-04-09", "narkotika-hundsok", "police", 1, "hundsök",
     "Hundsök på högstadieskolan. Inga fynd.", "Högstadieskolan", False, []),
    ("2024-04-15", "narkotika-drogvaneundersokning", "municipality", 1, "enkät",
     "Drogvaneundersökningen genomförd i årskurs 9 och gymnasiets år 2.", "", False, []),
    ("2024-11-20", "narkotika-drogvaneundersokning", "municipality", 1, "uppföljning",
     "Resultaten presenterade och diskuterade i BRÅ och folkhälsorådet.", "Kommunhuset", True,
     ["police"]),
    ("2025-03-05", "narkotika-samverkansmote", "municipality", 1, "möte",
     "Inbjudan skickad till utlämningsställena; mötet planeras till hösten.", "", False, []),
    ("2024-06-11", "narkotika-utlamningsstalle", "police", 1, "besök",
     "Besök och utbildning om narkotika i försändelser för personalen på ett utlämningsställe.",
     "Storgatan", False, []),
    ("2026-02-10", "narkotika-utlamningsstalle", "police", 1, "besök",
     "Information till nytt utlämningsställe i livsmedelsbutik.", "Vidsel", False, []),
    ("2026-05-19", "narkotika-utlamningsstalle", "police", 1, "utbildning",
     "Utbildning för personal vid två ombud om misstänkta försändelser.", "Älvsbyn centrum",
     False, []),
    # Våld i nära relationer.
    ("2024-09-10", "vnr-hotellkurage-huskurage", "police", 1, "möte",
     "Första möte med hotell och bostadsbolag om hotellkurage och huskurage.", "", False,
     ["municipality"]),
    ("2025-01-28", "vnr-hotellkurage-huskurage", "police", 1, "beslut",
     "Koncepten hotellkurage och huskurage färdiga och lämnade till bostadsbolaget.", "",
     True, []),
    ("2024-02-06", "vnr-handlingsplan", "municipality", 1, "utbildning",
     "Utbildning i handlingsplanen för socialtjänstens personal.", "", False, []),
    ("2024-11-12", "vnr-handlingsplan", "municipality", 1, "uppföljning",
     "Uppföljning av handlingsplanen i ledningsgruppen.", "", False, []),
    ("2025-05-13", "vnr-handlingsplan", "municipality", 1, "möte",
     "Samrådsmöte med socialtjänst, skola och polis om aktuella ärenden.", "", False,
     ["police"]),
    ("2025-09-09", "vnr-handlingsplan", "municipality", 1, "utbildning",
     "Utbildning om hedersrelaterat våld och förtryck för skolans elevhälsa.", "", False, []),
    ("2026-03-17", "vnr-handlingsplan", "municipality", 1, "utbildning",
     "Utbildning för förskolans personal om att upptäcka våld i hemmet.", "", False, []),
    ("2026-08-25", "vnr-handlingsplan", "municipality", 1, "uppföljning",
     "Handlingsplanen reviderad efter årets uppföljning.", "", False, []),
    ("2024-04-23", "vnr-stodorganisationer", "police", 1, "möte",
     "Samverkansmöte med kvinno- och tjejjouren.", "", False, ["municipality"]),
    ("2025-10-07", "vnr-stodorganisationer", "municipality", 1, "möte",
     "Gemensam informationsträff med brottsofferjouren.", "", False, ["police"]),
    ("2026-06-02", "vnr-stodorganisationer", "police", 1, "möte",
     "Planering av vårens kampanj med kvinnojouren.", "", False, []),
    # Lokala problembilder: the traffic action plan's measures. BRÅ's convenings give
    # "lokala-bra-sammankallas" its activities by themselves (the file's Trafik, demo_problems).
    ("2024-09-13", "trafik-kontroller", "police", 6, "trafikkontroll",
     "Nykterhetskontroller fredag kväll.", "Storgatan", False, []),
    ("2024-11-29", "trafik-kontroller", "police", 4, "trafikkontroll",
     "Kontroller av A-traktorer och mopeder vid skolan.", "Högstadieskolan", False, []),
    ("2025-02-14", "trafik-kontroller", "police", 8, "trafikkontroll",
     "Nykterhetskontroller efter ishockeymatch.", "Ishallen", False, []),
    ("2025-06-06", "trafik-kontroller", "police", 12, "trafikkontroll",
     "Kontroller under nationaldagsfirandet.", "Älvsbyn centrum", False, []),
    ("2025-08-22", "trafik-kontroller", "police", 5, "trafikkontroll",
     "Hastighetskontroll vid skolstart.", "Skolvägen", False, []),
    ("2026-01-30", "trafik-kontroller", "police", 7, "trafikkontroll",
     "Nykterhetskontroller fredag kväll.", "Storgatan", False, []),
    ("2026-06-05", "trafik-kontroller", "police", 10, "trafikkontroll",
     "Kontroller av A-traktorer inför sommarlovet.", "Älvsbyn centrum", False, []),
    ("2026-10-16", "trafik-kontroller", "police", 6, "trafikkontroll",
     "Kontroller på rätt tid och plats efter tips från allmänheten.", "Storgatan", False, []),
    ("2024-10-15", "trafik-attitydarbete", "municipality", 1, "skolbesök",
     "Temadag om trafik och attityder i årskurs 8 med trafikskolan.", "Högstadieskolan",
     False, ["police"]),
    ("2025-04-22", "trafik-attitydarbete", "police", 1, "skolbesök",
     "Polisen och trafikskolan besökte gymnasiet om A-traktorer.", "Gymnasiet", False, []),
    ("2026-05-12", "trafik-attitydarbete", "police", 1, "skolbesök",
     "Föräldramöte om mopeder och A-traktorer.", "Högstadieskolan", False,
     ["municipality"]),
]  # fmt: skip


# Municipal activities waiting for review (commitments.review): (date, commitment key,
# description, review status, reason when returned).
REVIEWED = [
    ("2026-11-10", "vnr-stodorganisationer", "Informationsträff med kvinnojouren om samverkan.",
     ReviewStatus.SUBMITTED, ""),
    ("2026-11-12", "narkotika-samverkansmote", "Samverkansmöte med skolan om narkotika.",
     ReviewStatus.RETURNED,
     "Skriv vilka som deltog (organisationer, inte namn) och vad ni kom fram till."),
]  # fmt: skip

# The note of every made-up indicator value: the pages show it next to the figure.
DEMO_NOTE = "Påhittat demovärde – inte verklig statistik."

# Said after the source of an indicator the demo gives made-up figures (its baseline and target
# are made up too, and show without a note).
DEMO_SOURCE = "påhittade demovärden"
# Who enters the demo's figures: the BRÅ chair (a reviewer may; a reporter may not).
DEMO_ENTERED_BY = "bra"
# Who records the local problems' steps: the BRÅ chair.
PROBLEMS_BY = "bra"

# Indicator key: (baseline date and value, target, [(date, value)]), all made up. Lower is
# better for each; within 1 % of the baseline is unchanged.
INDICATOR_VALUES = {
    "otrygghet-kvall": (  # improving
        ("2023-10-01", "18.0"), "15.0", [("2024-10-01", "17.2"), ("2025-10-01", "16.1")]
    ),
    "narkotika-provat-ak9": (  # worsening
        ("2023-04-15", "6.0"), "5.0", [("2024-04-15", "6.8"), ("2025-04-15", "7.4")]
    ),
    "narkotikabrott-per-1000": (  # unchanged: 5.13 is within 1 % of 5.10
        ("2023-12-31", "5.10"), None, [("2024-12-31", "5.6"), ("2025-12-31", "5.13")]
    ),
    # "vnr-misshandel-per-1000": no baseline, no values: no data.
}  # fmt: skip


@transaction.atomic
def load_demo(today=None):
    """Load the demo; running it again changes nothing. Returns the promise."""
    today = today or timezone.localdate()
    promise = Promise.objects.filter(slug=SLUG).first()
    if promise is None:
        promise = import_promise(PROMISE_FILE.read_text(encoding="utf-8"))
    parties = {"police": promise.police_area, "municipality": promise.municipality}

    reporters = {}  # party: the demo user who logs its activities
    user_model = get_user_model()
    for username, (first_name, last_name, party, role, staff) in USERS.items():
        user, created = user_model.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "email": f"{username}@example.org",
                "is_staff": staff,
                "is_superuser": staff,
            },
        )
        if created:
            user.set_password(PASSWORD)
            user.save(update_fields=["password"])
        if party:
            Membership.objects.update_or_create(
                user=user, organisation=parties[party], defaults={"role": role}
            )
        if role == Role.REPORTER:
            reporters[party] = user

    # Not counting the activities the file's convenings gave.
    if not Activity.objects.for_promise(promise).filter(local_problem__isnull=True).exists():
        commitments = {c.key: c for c in promise.commitments.all()}
        for day, key, party, quantity, kind, description, place, completes, others in ACTIVITIES:
            occurred_on = datetime.date.fromisoformat(day)
            if occurred_on > today:
                continue
            activity = log_demo_activity(
                commitments[key],
                occurred_on,
                quantity,
                kind,
                description,
                place,
                completes,
                parties[party],
                reporters[party],
            )
            activity.participants.set([parties[p] for p in others])
        # Review is on for the municipality's activities: the reporter's latest entries wait
        # for its coordinator (one submitted, one returned with the reason).
        promise.review_for.set([promise.municipality])
        for day, key, description, status, reason in REVIEWED:
            if datetime.date.fromisoformat(day) > today:
                continue
            activity = Activity(
                commitment=commitments[key],
                occurred_on=datetime.date.fromisoformat(day),
                description=description,
                organisation=promise.municipality,
                reported_by=reporters["municipality"],
                review_status=status,
                review_reason=reason,
            )
            activity._history_user = reporters["municipality"]
            activity.full_clean()
            activity.save()
    load_problems(promise, user_model.objects.get(username=PROBLEMS_BY), reporters, today)
    if not IndicatorValue.objects.filter(indicator__promise=promise).exists():
        _load_indicator_values(promise, user_model.objects.get(username=DEMO_ENTERED_BY), today)
    return promise


def _load_indicator_values(promise, user, today):
    """Give the promise's indicators their made-up baselines, targets and values (those up to
    ``today``), their source marked as made up. A promise loaded before its file had
    indicators has none: nothing to do."""
    for indicator in promise.indicators.filter(key__in=INDICATOR_VALUES):
        (baseline_on, baseline_value), target, values = INDICATOR_VALUES[indicator.key]
        if indicator.baseline_on is None:
            indicator.baseline_on = datetime.date.fromisoformat(baseline_on)
            indicator.baseline_value = Decimal(baseline_value)
            indicator.target = Decimal(target) if target else None
            indicator.source = f"{indicator.source} – {DEMO_SOURCE}"
            indicator._history_user = user
            indicator.full_clean()
            indicator.save()
        for day, figure in values:
            measured_on = datetime.date.fromisoformat(day)
            if measured_on > today:
                continue
            value = IndicatorValue(
                indicator=indicator,
                measured_on=measured_on,
                value=Decimal(figure),
                note=DEMO_NOTE,
                entered_by=user,
            )
            value._history_user = user
            value.full_clean()
            value.save()
