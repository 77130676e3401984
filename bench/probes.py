"""What the bench's pages are measured as: a :class:`Probe` (who asks, how, the status
expected) and its target, shared by bench/pages_bench.py and bench/admin_probes.py."""

from urllib.parse import urlencode

from bench.measuring import Target

FORM_ENCODED = "application/x-www-form-urlencoded"


# Issue 11's targets.
FOUR_TIMES = Target(ratio=4)
TARGETS = {
    "dashboard": FOUR_TIMES,
    "promise page": FOUR_TIMES,
    "public promise page": FOUR_TIMES,
    "JSON API": FOUR_TIMES,
    "public promise list": FOUR_TIMES,
    "report page": Target(ratio=8),
    "log an activity (POST)": Target(ratio=3, queries=10),
    "admin: activity list": Target(ms=150),
    "admin: promise list": Target(ms=150),
    "admin: promise change": Target(queries=20),
    # Issue 15's: every promise's figures kept (refresh_figures), the first national sort by a
    # figure of the day is a read of them, not a quarter of a minute of the engine's work.
    "overview by red (national)": Target(ms=500, cold=True),
    "overview by red, 15 promises changed": Target(ms=1000),
}
# The night's refresh of every promise's figures, with room to spare within the hour.
REFRESH_TARGET = Target(ms=60_000, cold=True)
# For a year of a typical promise, made afresh (the first run: a cached one is milliseconds).
PDF_TARGET = Target(ms=1500, cold=True)


class Probe:
    """One page to measure: who asks (a test client), how (the method, and the data of each
    run), and the status expected."""

    def __init__(self, name, promise, client, path, *, method="get", expect=200, prepare=None):
        self.name, self.promise, self.client, self.path = name, promise, client, path
        self.method, self.expect = method, expect
        self.prepare = prepare or (lambda: None)

    def __call__(self, data):
        if self.method == "post":
            # As a browser posts a form without files: url-encoded (the test client's default,
            # multipart, costs the server more to read).
            response = self.client.post(
                self.path, urlencode(data or {}, doseq=True), content_type=FORM_ENCODED
            )
        else:
            response = self.client.get(self.path, data)
        if response.status_code != self.expect:
            raise AssertionError(f"{self.path}: {response.status_code}, expected {self.expect}")
        # Streamed or not, the body is made: what a server would send.
        if response.streaming:
            b"".join(response.streaming_content)
        else:
            response.content  # noqa: B018

    def target(self):
        if self.name == "report.pdf" and self.promise == "typical":
            return PDF_TARGET
        return TARGETS.get(self.name)


def signed_in(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client
