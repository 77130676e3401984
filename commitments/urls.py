from django.urls import path

from . import views
from .views import attachments, calendar, embed, feeds, open_data, plans, problems

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("", views.home, name="home"),
    path("promises/", views.promise_list, name="promise_list"),
    path("promises/<slug:slug>/", views.promise_detail, name="promise_detail"),
    path("promises/<slug:slug>/feed/", feeds.promise_feed, name="promise_feed"),
    path("promises/<slug:slug>/embed/", embed.promise_embed, name="promise_embed"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("promises/<slug:slug>/activities/", views.activity_list, name="activity_list"),
    path("promises/<slug:slug>/activities/new/", views.activity_create, name="activity_create"),
    path(
        "promises/<slug:slug>/activities/<id:pk>/",
        views.activity_detail,
        name="activity_detail",
    ),
    path(
        "promises/<slug:slug>/activities/<id:pk>/edit/",
        views.activity_edit,
        name="activity_edit",
    ),
    path(
        "promises/<slug:slug>/activities/<id:pk>/review/",
        views.activity_review,
        name="activity_review",
    ),
    path(
        "promises/<slug:slug>/activities/<id:pk>/delete/",
        views.activity_delete,
        name="activity_delete",
    ),
    path(
        "promises/<slug:slug>/activities/<id:pk>/attachments/",
        attachments.attachment_create,
        name="attachment_create",
    ),
    path(
        "promises/<slug:slug>/activities/<id:pk>/attachments/<id:attachment_id>/",
        attachments.attachment_download,
        name="attachment_download",
    ),
    path(
        "promises/<slug:slug>/activities/<id:pk>/attachments/<id:attachment_id>/delete/",
        attachments.attachment_delete,
        name="attachment_delete",
    ),
    path("promises/<slug:slug>/indicators/", views.indicator_list, name="indicator_list"),
    path(
        "promises/<slug:slug>/indicators/import/",
        views.indicator_import,
        name="indicator_import",
    ),
    path(
        "promises/<slug:slug>/indicators/<slug:key>/values/new/",
        views.indicator_value_create,
        name="indicator_value_create",
    ),
    path(
        "promises/<slug:slug>/indicators/<slug:key>/values/<id:pk>/",
        views.indicator_value_edit,
        name="indicator_value_edit",
    ),
    path(
        "promises/<slug:slug>/indicators/<slug:key>/values/<id:pk>/delete/",
        views.indicator_value_delete,
        name="indicator_value_delete",
    ),
    path("promises/<slug:slug>/plans/", plans.plan_list, name="plan_list"),
    path("promises/<slug:slug>/plans/new/", plans.plan_create, name="plan_create"),
    path("promises/<slug:slug>/plans/<id:pk>/", plans.plan_edit, name="plan_edit"),
    path("promises/<slug:slug>/plans/<id:pk>/cancel/", plans.plan_cancel, name="plan_cancel"),
    path("promises/<slug:slug>/plans/<id:pk>/done/", plans.plan_done, name="plan_done"),
    path("promises/<slug:slug>/problems/", problems.problem_list, name="problem_list"),
    path("promises/<slug:slug>/problems/new/", problems.problem_create, name="problem_create"),
    path("promises/<slug:slug>/problems/<id:pk>/", problems.problem_detail, name="problem_detail"),
    *(
        path(f"promises/<slug:slug>/problems/<id:pk>/{step}/", view, name=view.__name__)
        for step, view in [
            ("convene", problems.problem_convene),
            ("adopt", problems.problem_adopt),
            ("close", problems.problem_close),
            ("reopen", problems.problem_reopen),
            ("take-back", problems.problem_take_back),
        ]
    ),
    path("calendar/<str:token>.ics", calendar.calendar_feed, name="calendar_feed"),
    path("api/promises/", open_data.promise_list, name="open_promise_list"),
    path(
        "api/promises/<slug:slug>/commitments.csv",
        open_data.commitments_csv,
        name="open_commitments_csv",
    ),
    path(
        "api/promises/<slug:slug>/activities.csv",
        open_data.activities_csv,
        name="open_activities_csv",
    ),
    path("accounts/calendar/", calendar.calendar_settings, name="calendar_settings"),
]
