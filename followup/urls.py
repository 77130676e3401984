from django.urls import path

from . import views

urlpatterns = [
    path("todo/", views.todo, name="todo"),
    path("overview/", views.overview, name="overview"),
    path("overview/overview.xlsx", views.overview_xlsx, name="overview_xlsx"),
    path("api/promises/<slug:slug>/followup.json", views.followup_json, name="followup_json"),
    path("promises/<slug:slug>/followup/", views.dashboard, name="dashboard"),
    path(
        "promises/<slug:slug>/commitments/<slug:key>/",
        views.commitment_detail,
        name="commitment_detail",
    ),
    path("promises/<slug:slug>/start-next/", views.start_next, name="start_next_promise"),
    path("promises/<slug:slug>/report/", views.report, name="report"),
    path("promises/<slug:slug>/report.pdf", views.report_pdf, name="report_pdf"),
    path("promises/<slug:slug>/report.xlsx", views.report_xlsx, name="report_xlsx"),
]
