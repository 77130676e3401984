"""A bounded load run: the app under gunicorn, many people at once, no error allowed.

Run with `make loadtest` (CI runs it after the SQLite tests). It migrates a throw-away SQLite
database (or the database named by DATABASE_URL), loads the demo, starts gunicorn on a free
local port with production settings (DEBUG off; static files from the apps, so nothing has to
be collected), then lets CLIENTS people send REQUESTS operations each, all at once: four in
five read a page (dashboard, report, lists, the JSON), one in five logs an activity on the log
form, signed in as the demo reporter. It prints requests per second, the median and 95th
percentile answer times and the errors, checks that every activity logged was stored once,
and exits non-zero on any error: a 5xx, an unexpected answer, a refused connection, a timeout.

Only the standard library: urllib with a cookie jar per person, one thread each.
"""

import argparse
import datetime
import http.cookiejar
import io
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import zoneinfo
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SLUG = "alvsbyn-2024"
REPORTER, PASSWORD = "polis", "demo"  # the demo's police reporter (commitments/demo.py)
LOG_COMMITMENT = "narkotika-hundsok"
# Every activity a run logs starts with it: runs against one database are told apart.
DESCRIPTION = f"Belastningsprov {secrets.token_hex(4)}"
READS = [
    "/", "/promises/", "/todo/", f"/api/promises/{SLUG}/followup.json",
    f"/promises/{SLUG}/", f"/promises/{SLUG}/followup/", f"/promises/{SLUG}/report/",
    f"/promises/{SLUG}/activities/", f"/promises/{SLUG}/commitments/{LOG_COMMITMENT}/",
    f"/promises/{SLUG}/followup/?as_of=2025-06-30",
]  # fmt: skip
LOG_EVERY = 5  # one operation in five logs an activity
TIMEOUT = 15  # seconds for one answer


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20, help="people at once (20)")
    parser.add_argument("--requests", type=int, default=30, help="operations each (30)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (3)")
    parser.add_argument("--time-limit", type=float, default=30, help="seconds at most (30)")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="loadtest-") as folder:
        env = server_environment(folder)
        os.environ.update(env)
        prepare_database()
        port = free_port()
        log = Path(folder) / "gunicorn.log"
        server = start_server(env, port, options.workers, log)
        try:
            base = f"http://127.0.0.1:{port}"
            wait_until_up(base, server, log)
            result = run(base, options)
        finally:
            server.terminate()
            server.wait(timeout=30)
        status = report(result, stored_activities(), log)
    sys.exit(status)


# ---------------------------------------------------------------------------------------------
# The server.


def server_environment(folder):
    """Production settings over plain HTTP on 127.0.0.1, and the database to use."""
    return {
        "DJANGO_SETTINGS_MODULE": "bench.loadtest_settings",
        "PYTHONPATH": str(ROOT),
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        "LOG_LEVEL": "WARNING",
        "DATABASE_URL": os.environ.get("DATABASE_URL")
        or f"sqlite:///{Path(folder) / 'loadtest.sqlite3'}",
    }


def prepare_database():
    """Migrate and load the demo (in this process; its connection is closed before the run)."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_demo", force=True, stdout=io.StringIO())
    connections.close_all()


def stored_activities():
    """How many activities the run logged, read back from the database."""
    from django.db import connections

    from commitments.models import Activity

    count = Activity.objects.filter(description__startswith=DESCRIPTION).count()
    connections.close_all()
    return count


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(env, port, workers, log):
    command = [
        str(Path(sys.executable).parent / "gunicorn"), "alvsbyn_promises.wsgi",
        "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--timeout", "30",
    ]  # fmt: skip
    with open(log, "wb") as out:
        return subprocess.Popen(
            command, cwd=ROOT, env={**os.environ, **env}, stdout=out, stderr=out
        )


def wait_until_up(base, server, log, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn stopped:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"gunicorn did not answer /healthz within {seconds} s")


# ---------------------------------------------------------------------------------------------
# The people.


class Person:
    """One browser: its own cookies, signed in as the demo reporter."""

    def __init__(self, base, number, result):
        self.base, self.number, self.result = base, number, result
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect()
        )

    def send(self, path, data=None, expected=200):
        """One request, timed and judged; the answer's text, or None when it failed."""
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body)
        if body is not None:
            request.add_header("Referer", self.base + path)
        started = time.monotonic()
        try:
            with self.opener.open(request, timeout=TIMEOUT) as response:
                status, text = response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read().decode("utf-8", "replace")
        except OSError as error:
            self.result.record(time.monotonic() - started, f"{path}: {error}")
            return None
        problem = None if status == expected else f"{path}: {status}, expected {expected}"
        self.result.record(time.monotonic() - started, problem)
        return text if problem is None else None

    def sign_in(self):
        form = self.send("/accounts/login/")
        token = csrf_token(form or "")
        fields = {"csrfmiddlewaretoken": token, "username": REPORTER, "password": PASSWORD}
        self.send("/accounts/login/", fields, expected=302)

    def log_activity(self, count):
        """The log form, as a browser fills it in: its hidden fields, then the activity."""
        path = f"/promises/{SLUG}/activities/new/?commitment={LOG_COMMITMENT}"
        form = self.send(path)
        if form is None:
            return
        today = datetime.datetime.now(zoneinfo.ZoneInfo("Europe/Stockholm")).date()
        fields = {
            **hidden_fields(form),
            "commitment": selected(form, "commitment"),
            "occurred_on": today.isoformat(),
            "quantity": "1",
            "kind": "hundsök",
            "description": f"{DESCRIPTION} {self.number}-{count}.",
            "place": "Skolan",
        }
        if self.send(path, fields, expected=302) is not None:
            self.result.logged()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer to judge (302 after a save), not a page to follow."""

    def redirect_request(self, *args, **kwargs):
        return None


HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')


def hidden_fields(page):
    return dict(HIDDEN.findall(page))


def selected(page, name):
    """The value chosen in the page's select ``name``."""
    select = re.search(rf'<select name="{name}".*?</select>', page, re.DOTALL)
    option = re.search(r'<option value="([^"]*)" selected', select.group(0)) if select else None
    return option.group(1) if option else ""


def csrf_token(page):
    return hidden_fields(page).get("csrfmiddlewaretoken", "")


class Result:
    """Answer times and problems, from every thread."""

    def __init__(self):
        self.lock = threading.Lock()
        self.times, self.problems, self.logged_count, self.not_sent = [], [], 0, 0

    def record(self, seconds, problem):
        with self.lock:
            self.times.append(seconds)
            if problem:
                self.problems.append(problem)

    def logged(self):
        with self.lock:
            self.logged_count += 1

    def unsent(self, count):
        with self.lock:
            self.not_sent += count


def run(base, options):
    """Every person signs in, then all send their operations at once, until the time limit."""
    result = Result()
    people = [Person(base, number, result) for number in range(options.clients)]
    for person in people:
        person.sign_in()
    result.times.clear()  # signing in (a slow password hash, on purpose) is not the load
    deadline = time.monotonic() + options.time_limit
    start = threading.Barrier(options.clients + 1)

    def work(person):
        start.wait()
        for count in range(options.requests):
            if time.monotonic() > deadline:
                result.unsent(options.requests - count)
                return
            if (count + person.number) % LOG_EVERY == 0:
                person.log_activity(count)
            else:
                person.send(READS[(count + person.number) % len(READS)])

    threads = [threading.Thread(target=work, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.monotonic()
    for thread in threads:
        thread.join()
    result.seconds = time.monotonic() - began
    return result


def report(result, stored, log):
    """Print the figures; the exit status: 0 when nothing went wrong. Slowness is read, not
    judged (as in `make bench`): operations left at the time limit are counted, not failed."""
    times = sorted(result.times)
    count = len(times)
    print(f"{count} requests in {result.seconds:.1f} s: {count / result.seconds:.1f} requests/s")
    if times:
        p95 = times[min(count - 1, int(count * 0.95))]
        print(f"answer time: median {statistics.median(times) * 1000:.0f} ms, "
              f"95th percentile {p95 * 1000:.0f} ms")  # fmt: skip
    print(f"activities logged: {result.logged_count}, stored: {stored}")
    if result.not_sent:
        print(f"time limit reached: {result.not_sent} operations not sent")
    problems = list(result.problems)
    if stored != result.logged_count:
        problems.append(f"{result.logged_count} activities logged but {stored} stored")
    print(f"errors: {len(problems)}")
    for problem in problems[:10]:
        print(f"  {problem}")
    if problems:
        print(log.read_text(errors="replace")[-5000:], file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    main()
