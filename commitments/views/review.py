"""Approving or returning a submitted activity (commitments.review)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ..access import get_activity, get_promise
from ..enums import ReviewStatus
from ..review import approve, can_review, return_to_reporter

APPROVE, RETURN = "approve", "return"


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[(APPROVE, gettext_lazy("Approve")), (RETURN, gettext_lazy("Return"))]
    )
    reason = forms.CharField(
        label=gettext_lazy("Why it is returned (the reporter reads this)"),
        required=False,
        max_length=1_000,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 1_000}),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == RETURN and not data.get("reason", "").strip():
            self.add_error(
                "reason",
                ValidationError(
                    gettext_lazy("Say why it is returned: the reporter corrects it from that."),
                    code="reason_missing",
                ),
            )
        return data


@require_POST
def activity_review(request, slug, pk):
    """Approve a submitted activity, or return it with a reason (the reporter is emailed)."""
    promise = get_promise(request, slug)
    activity = get_activity(request, promise, pk)
    if not can_review(request.user, activity, promise):
        raise PermissionDenied
    form = ReviewForm(request.POST)
    if activity.review_status != ReviewStatus.SUBMITTED:
        messages.info(request, _("The activity is not waiting for review."))
        return redirect("activity_detail", promise.slug, activity.pk)
    if form.is_valid():
        try:
            with transaction.atomic():
                if form.cleaned_data["decision"] == APPROVE:
                    approve(activity, request.user)
                    messages.success(request, _("The activity was approved: it counts now."))
                else:
                    return_to_reporter(activity, request.user, form.cleaned_data["reason"])
                    messages.success(
                        request, _("The activity was returned; the reporter has been emailed.")
                    )
        except ValidationError as error:
            form.add_error("reason", error.message_dict.get("review_reason", error.messages))
        else:
            return redirect("activity_detail", promise.slug, activity.pk)
    return render(
        request,
        "commitments/activity_review.html",
        {"promise": promise, "activity": activity, "form": form, "nav": "activities"},
        status=400,
    )
