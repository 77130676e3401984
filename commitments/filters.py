"""Filters of the activities list (django-filter)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import ReviewStatus
from .forms import DateField
from .models import Activity, Commitment, FocusArea, Organisation, normalise_kind


class DateFilter(django_filters.DateFilter):
    """YYYY-MM-DD in the years 1900–2100 (commitments.dates), like every date in an address."""

    field_class = DateField


class ActivityFilter(django_filters.FilterSet):
    focus_area = django_filters.ModelChoiceFilter(
        label=_("Focus area"),
        field_name="commitment__focus_area",
        queryset=FocusArea.objects.none(),
    )
    commitment = django_filters.ModelChoiceFilter(
        label=_("Commitment"), queryset=Commitment.objects.none()
    )
    organisation = django_filters.ModelChoiceFilter(
        label=_("Carried out by"), queryset=Organisation.objects.none()
    )
    kind = django_filters.CharFilter(label=_("Kind of activity"), method="filter_kind")
    date_from = DateFilter(
        label=_("From"),
        field_name="occurred_on",
        lookup_expr="gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = DateFilter(
        label=_("To"),
        field_name="occurred_on",
        lookup_expr="lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    mine = django_filters.BooleanFilter(
        label=_("Reported by me"), method="filter_mine", widget=forms.CheckboxInput
    )
    review = django_filters.ChoiceFilter(
        label=_("Review"), field_name="review_status", choices=ReviewStatus.choices
    )

    class Meta:
        model = Activity
        fields = ["focus_area", "commitment", "organisation", "kind", "date_from", "date_to"]

    def __init__(self, *args, promise, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        filters = self.filters
        filters["focus_area"].queryset = promise.focus_areas.all()
        filters["commitment"].queryset = promise.commitments.order_by(
            "focus_area__position", "position", "pk"
        )
        filters["commitment"].field.label_from_instance = lambda c: c.text
        filters["organisation"].queryset = Organisation.objects.filter(
            pk__in=[promise.police_area_id, promise.municipality_id]
            + [o.pk for o in promise.other_parties.all()]
        )

    def filter_kind(self, queryset, name, value):
        return queryset.filter(kind=normalise_kind(value)) if value.strip() else queryset

    def filter_mine(self, queryset, name, value):
        return queryset.filter(reported_by=self.user) if value else queryset
