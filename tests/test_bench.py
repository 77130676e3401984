"""The bench and the load run post the log form as a browser does: from the page's own fields."""

import datetime

from django.urls import reverse

from bench.html_form import form_fields
from commitments.models import Activity
from tests.factories import CommitmentFactory


def test_the_log_form_read_as_a_browser_does_logs_once(
    client, police_reporter, focus_area, time_machine
):
    time_machine.move_to(datetime.datetime(2025, 6, 15, 12, 0), tick=False)
    commitment = CommitmentFactory(
        focus_area=focus_area,
        responsible=[focus_area.promise.police_area],
        quota_kinds=["hundsök", "skolbesök"],
    )
    client.force_login(police_reporter)
    path = reverse("activity_create", args=[focus_area.promise.slug])
    page = client.get(path, {"commitment": commitment.key})
    fields = form_fields(page.content.decode(), form_class="activity-form")
    assert fields["submission"][0]  # the one-time token
    assert fields["commitment"] == [str(commitment.pk)]
    assert fields["occurred_on"] == ["2025-06-15"]
    assert fields["kind"] == ["hundsök"]  # the first the select offers
    fields["description"] = ["Hundsök på högstadieskolan."]
    for _ in range(2):  # a double post logs one activity
        answer = client.post(f"{path}?commitment={commitment.key}", fields)
        assert answer.status_code == 302
    logged = Activity.objects.get()
    assert (logged.commitment, logged.kind, str(logged.submission)) == (
        commitment,
        "hundsök",
        fields["submission"][0],
    )


def test_only_what_a_browser_sends_is_read():
    page = """
        <form method="get"><input name="q" value="search"></form>
        <form method="post" class="other"><input name="x" value="1"></form>
        <form method="post" class="activity-form">
          <input type="hidden" name="token" value="abc">
          <input type="checkbox" name="part" value="1" checked>
          <input type="checkbox" name="part" value="2">
          <input type="submit" name="save" value="Spara">
          <input name="locked" value="9" disabled>
          <select name="org">
            <option value="3">A</option><option value="4" selected>B</option>
          </select>
          <select name="first"><option value="5">C</option><option value="6">D</option></select>
          <textarea name="text">
Rad ett</textarea>
        </form>
    """
    assert form_fields(page, form_class="activity-form") == {
        "token": ["abc"],
        "part": ["1"],
        "org": ["4"],
        "first": ["5"],
        "text": ["Rad ett"],
    }
    assert form_fields(page) == {"x": ["1"]}
