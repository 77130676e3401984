"""The people of the load run (bench/loadtest.py starts locust with this file; not run alone).

Each simulated person is a seeded reporter, signed in beforehand (bench/loadtest.py hands
over a session per person in the file LOADTEST_PEOPLE names). With no pause between them, a
person repeats five operations: four reads (the dashboard of their promise, their list of
promises, the promise's activity list, the public list of promises, the follow-up JSON in
turn) and one activity logged on the log form, as a browser does: the form opened, its hidden
fields (the one-time token) sent back with the activity. Each post's description carries a
unique marker; each post answered with the redirect that follows a save is written to the file
LOADTEST_POSTED names, for bench/loadtest.py to find in the database afterwards.
"""

import itertools
import json
import os
import sys
import uuid
from pathlib import Path
from urllib.parse import urlencode

from locust import FastHttpUser, constant, task
from requests.cookies import create_cookie

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.html_form import form_fields

PEOPLE = json.loads(Path(os.environ["LOADTEST_PEOPLE"]).read_text())
POSTED = Path(os.environ["LOADTEST_POSTED"])
MARKER = os.environ["LOADTEST_MARKER"]
LOG_EVERY = 5  # one operation in five logs an activity
NUMBERS = itertools.count()


class Person(FastHttpUser):
    wait_time = constant(0)

    def on_start(self):
        self.number = next(NUMBERS)
        me = PEOPLE[self.number % len(PEOPLE)]
        host = self.host.split("://", 1)[1].split(":")[0]
        self.client.cookiejar.set_cookie(
            create_cookie(me["cookie"], me["session"], domain=host, path="/")
        )
        slug, key = me["slug"], me["commitment"]
        self.log_form = f"/promises/{slug}/activities/new/?commitment={key}"
        self.reads = [
            (f"/promises/{slug}/followup/", "dashboard"),
            ("/", "my promises"),
            (f"/promises/{slug}/activities/", "activity list"),
            ("/promises/", "public promise list"),
            (f"/api/promises/{slug}/followup.json", "JSON API"),
        ]
        # People start at different points of their round, so that all pages are asked at once.
        self.operations = itertools.count(self.number)
        self.next_read = itertools.islice(itertools.cycle(self.reads), self.number, None)

    @task
    def operate(self):
        count = next(self.operations)
        if count % LOG_EVERY == LOG_EVERY - 1:
            self.log_activity(count)
        else:
            path, name = next(self.next_read)
            self.client.get(path, name=name)

    def log_activity(self, count):
        with self.client.get(self.log_form, name="log form", catch_response=True) as form:
            if form.status_code != 200:
                form.failure(f"log form: {form.status_code}")
                return
            fields = form_fields(form.text, form_class="activity-form")
        marker = f"{MARKER} {self.number}-{count}-{uuid.uuid4().hex[:8]}"
        fields.update(quantity=["1"], description=[f"{marker}: hundsök vid skolan."])
        with self.client.post(
            self.log_form,
            data=urlencode(fields, doseq=True),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": self.host + self.log_form,
            },
            name="log an activity (POST)",
            allow_redirects=False,
            catch_response=True,
        ) as answer:
            if answer.status_code != 302:
                answer.failure(f"log an activity: {answer.status_code}, expected 302")
                return
            with POSTED.open("a") as out:
                out.write(marker + "\n")
