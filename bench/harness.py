"""What the bench (`make bench`) and the load run (`make loadtest`) share: the production
settings they run under, the data set they measure and how it is seeded, and the machine.

The data set is the database ``DATABASE_URL`` names, seeded at national scale by ``seed_scale``
when it holds no promise (so that a second run reuses it), or, without ``DATABASE_URL``, a
throw-away SQLite database seeded small. Django is set up by :func:`setup`, after the
environment is chosen: import nothing of Django's models before.
"""

import datetime
import math
import os
import platform
import secrets
import statistics
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# seed_scale's arguments: a national data set on the database DATABASE_URL names, a small one
# on a throw-away SQLite database (seeded in seconds, so CI's load run stays short).
NATIONAL = {"promises": 1500, "activities": 1_000_000, "seed": 1}
SMALL = {"promises": 30, "activities": 20_000, "seed": 1}


def production_environment(folder, *, settings_module, allowed_hosts):
    """Production settings (DEBUG off, connections kept as .env.example keeps them) over plain
    HTTP, and the database: ``DATABASE_URL`` or a SQLite file in ``folder``. ``REDIS_URL``, when
    set, passes through: the cache then is Redis, as for a national installation."""
    return {
        "DJANGO_SETTINGS_MODULE": settings_module,
        "PYTHONPATH": str(ROOT),
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": allowed_hosts,
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        "LOG_LEVEL": "WARNING",
        "CONN_MAX_AGE": os.environ.get("CONN_MAX_AGE", "60"),
        "DATABASE_URL": os.environ.get("DATABASE_URL")
        or f"sqlite:///{Path(folder) / 'bench.sqlite3'}",
    }


class ServerDown(Exception):
    """The server stopped, or did not answer in time: the message says which, with its log."""


def wait_until_up(base, server, log_path, seconds=30):
    """Wait until the server ``server`` (a Popen) answers ``GET /healthz`` at ``base``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise ServerDown(f"gunicorn stopped:\n{Path(log_path).read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise ServerDown(f"gunicorn did not answer /healthz at {base} within {seconds} s")


def setup(environment):
    """Put ``environment`` in place and set Django up in this process."""
    os.environ.update(environment)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def seed(size, out=sys.stdout):
    """The one call that fills an empty database: ``seed_scale`` with ``size``'s arguments."""
    from django.core.management import call_command

    call_command("seed_scale", **size, stdout=out)


def prepare(*, national, out=sys.stdout):
    """Migrate, seed the database when it holds no promise (at ``national`` scale, or small),
    and describe the data set."""
    from django.core.management import call_command

    from commitments.models import Promise

    call_command("migrate", verbosity=0, interactive=False)
    if not Promise.objects.exists():
        size = NATIONAL if national else SMALL
        print(f"Seeding: seed_scale {size} ...", file=out, flush=True)
        seed(size, out=out)
    return DataSet.read()


@dataclass
class Scope:
    """One promise the bench measures, and what its pages need: a coordinator of one of its
    parties (staff pages), a commitment the coordinator logs on (the busiest), one of its
    activities the coordinator may change."""

    label: str
    promise: object
    commitments: int
    activities: int
    coordinator: object
    commitment: object
    activity: object

    def log_on(self):
        """The day an activity is logged on: today, or the last day the promise was in force
        (an activity outside the days in force is refused)."""
        from django.utils import timezone

        today = timezone.localdate()
        end = self.promise.effective_end()
        return today if end is None or end >= today else end

    def to_json(self):
        return {
            "slug": self.promise.slug,
            "commitments": self.commitments,
            "activities": self.activities,
            "coordinator": self.coordinator.get_username(),
            "commitment": self.commitment.key,
        }


@dataclass
class DataSet:
    sizes: dict
    typical: Scope
    largest: Scope
    superuser: object

    @classmethod
    def read(cls):
        """The promise of median activity count (typical) and the one with the most (largest),
        among the published public promises (so their public pages exist too)."""
        from django.contrib.auth import get_user_model
        from django.db.models import Count

        from commitments.models import Activity, Commitment, Organisation, Promise

        User = get_user_model()
        counts = list(
            Promise.objects.public()
            .annotate(n=Count("commitments__activities"))
            .order_by("n", "pk")
            .values_list("pk", "n")
        )
        if not counts:
            sys.exit("The database holds no published public promise to measure.")
        typical_pk, typical_n = counts[(len(counts) - 1) // 2]
        largest_pk, largest_n = counts[-1]
        sizes = {
            "promises": Promise.objects.count(),
            "commitments": Commitment.objects.count(),
            "activities": Activity.objects.count(),
            "organisations": Organisation.objects.count(),
            "users": User.objects.count(),
        }
        superuser = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
        if superuser is None:
            sys.exit("The database holds no active superuser for the admin's pages.")
        return cls(
            sizes=sizes,
            typical=_scope("typical", typical_pk, typical_n),
            largest=_scope("largest", largest_pk, largest_n),
            superuser=superuser,
        )

    def scopes(self):
        return [self.typical, self.largest]

    def to_json(self):
        return {**self.sizes, "typical": self.typical.to_json(), "largest": self.largest.to_json()}


def _scope(label, pk, activities):
    from django.db.models import Count

    from commitments.access import can_change, party_ids, reportable_commitments
    from commitments.enums import Role
    from commitments.models import Activity, Membership, Promise

    promise = Promise.objects.with_parties().get(pk=pk)
    members = Membership.objects.filter(
        organisation__in=party_ids(promise), user__is_active=True
    ).select_related("user")
    # A coordinator who is no admin: the staff pages as a party's staff see them.
    membership = (
        members.filter(role=Role.COORDINATOR).order_by("user__is_staff", "pk").first()
        or members.filter(role=Role.REPORTER).order_by("user__is_staff", "pk").first()
    )
    if membership is None:
        sys.exit(f"No coordinator nor reporter of a party of {promise.slug}.")
    user = membership.user
    commitment = (
        reportable_commitments(user, promise)
        .annotate(n=Count("activities"))
        .order_by("-n", "pk")
        .first()
    )
    if commitment is None:
        sys.exit(f"{user.get_username()} logs on no commitment of {promise.slug}.")
    activity = next(
        (
            a
            for a in Activity.objects.filter(commitment=commitment).order_by("-occurred_on", "-pk")[
                :200
            ]
            if can_change(user, a, promise)
        ),
        None,
    )
    if activity is None:
        sys.exit(f"{user.get_username()} may change no activity of {commitment.key}.")
    return Scope(
        label=label,
        promise=promise,
        commitments=promise.commitments.count(),
        activities=activities,
        coordinator=user,
        commitment=commitment,
        activity=activity,
    )


def machine():
    """The machine and the database the figures were taken on."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
    else:
        import sqlite3

        version = sqlite3.sqlite_version
    return {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "cores": os.cpu_count(),
        "cpu": _cpu_model(),
        "memory_gib": _memory_gib(),
        "python": platform.python_version(),
        "database": f"{connection.vendor} {version}",
    }


def _cpu_model():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_gib():
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 2**20, 1)
    except OSError:
        pass
    return None


def percentile(values, fraction):
    """The nearest-rank percentile: the smallest value with ``fraction`` of them at or below."""
    ordered = sorted(values)
    return ordered[max(1, math.ceil(len(ordered) * fraction)) - 1]


def median(values):
    return statistics.median(values)
