from django.urls import path

from . import views

urlpatterns = [
    path("api/promises/<slug:slug>/followup.json", views.followup_json, name="followup_json"),
]
