"""The admin's pages for the bench (bench/pages_bench.py): every model's list and add form,
every row page of a row of each measured promise, the admin's own pages."""

from bench.probes import Probe


def admin_probes(dataset, admin):
    """The admin as a national admin: every model's list and add form once; every row page
    (change, history, a history record, delete, the old change address) of one row, for each
    promise where the row belongs to one; the admin's own pages."""
    from django.contrib import admin as django_admin
    from django.contrib.contenttypes.models import ContentType
    from django.test import Client, RequestFactory
    from django.urls import reverse

    from commitments.admin_access import PROMISE_PATHS

    def fresh_login():
        leaving.force_login(dataset.superuser)

    leaving = Client()
    asking = RequestFactory().get("/admin/")
    asking.user = dataset.superuser
    probes = [
        Probe("admin: index", "-", admin, reverse("admin:index")),
        Probe(
            "admin: app commitments", "-", admin, reverse("admin:app_list", args=["commitments"])
        ),
        Probe("admin: password change", "-", admin, reverse("admin:password_change")),
        Probe("admin: password changed", "-", admin, reverse("admin:password_change_done")),
        Probe("admin: sign-in (signed in)", "-", admin, reverse("admin:login"), expect=302),
        Probe(
            "admin: sign out (POST)",
            "-",
            leaving,
            reverse("admin:logout"),
            method="post",
            expect=302,
            prepare=fresh_login,
        ),
        Probe("admin: translations (jsi18n)", "-", admin, reverse("admin:jsi18n")),
        Probe(
            "admin: autocomplete",
            "-",
            admin,
            reverse("admin:autocomplete") + "?app_label=commitments&model_name=activity"
            "&field_name=commitment&term=" + dataset.typical.commitment.text.split()[0],
        ),
        Probe("admin: unknown address", "-", admin, "/admin/commitments/nothing/", expect=404),
        Probe("admin: view on site (admin's own)", "-", admin, "/admin/r/x/1/", expect=404),
        Probe("admin: promise import", "-", admin, reverse("admin:commitments_promise_import")),
        Probe("admin: activity import", "-", admin, reverse("admin:commitments_activity_import")),
        Probe(
            "admin: deleted activities", "-", admin, reverse("admin:commitments_activity_deleted")
        ),
    ]
    for model, model_admin in django_admin.site._registry.items():
        opts = model._meta
        info = f"admin:{opts.app_label}_{opts.model_name}"
        name = opts.model_name
        probes.append(Probe(f"admin: {name} list", "-", admin, reverse(f"{info}_changelist")))
        probes.append(
            Probe(
                f"admin: {name} add",
                "-",
                admin,
                reverse(f"{info}_add"),
                expect=200 if model_admin.has_add_permission(asking) else 403,
            )
        )
        if model in PROMISE_PATHS:
            rows = [(scope.label, scoped_row(model, scope)) for scope in dataset.scopes()]
        else:
            rows = [("-", model._default_manager.order_by("pk").first())]
        for label, row in rows:
            if row is None:
                continue
            pk = row.pk
            probes += [
                Probe(f"admin: {name} change", label, admin, reverse(f"{info}_change", args=[pk])),
                Probe(
                    f"admin: {name} history", label, admin, reverse(f"{info}_history", args=[pk])
                ),
                Probe(
                    f"admin: {name} delete form", label, admin, reverse(f"{info}_delete", args=[pk])
                ),
                Probe(
                    f"admin: {name} old address",
                    label,
                    admin,
                    reverse(f"{info}_change", args=[pk]).removesuffix("change/"),
                    expect=302,
                ),
            ]
            if hasattr(model, "history"):
                record = model.history.filter(**{opts.pk.name: pk}).order_by("-history_id").first()
                probes.append(
                    Probe(
                        f"admin: {name} history record",
                        label,
                        admin,
                        reverse(f"{info}_simple_history", args=[pk, record.history_id]),
                    )
                )
            if hasattr(model, "get_absolute_url"):
                kind = ContentType.objects.get_for_model(model)
                probes.append(
                    Probe(
                        f"admin: {name} view on site",
                        label,
                        admin,
                        f"/admin/r/{kind.pk}/{pk}/",
                        expect=302,
                    )
                )
    for scope in dataset.scopes():
        promise, activity = scope.promise.pk, scope.activity.pk
        probes += [
            Probe(
                "admin: promise export",
                scope.label,
                admin,
                reverse("admin:commitments_promise_export", args=[promise]),
            ),
            Probe(
                "admin: promise start-next",
                scope.label,
                admin,
                reverse("admin:commitments_promise_start_next", args=[promise]),
            ),
            Probe(
                "admin: activity erase form",
                scope.label,
                admin,
                reverse("admin:commitments_activity_erase", args=[activity]),
            ),
        ]
    user = dataset.typical.coordinator.pk
    probes.append(
        Probe(
            "admin: user password form",
            "-",
            admin,
            reverse("admin:auth_user_password_change", args=[user]),
        )
    )
    return probes


def empty_admin_tables():
    from django.contrib import admin as django_admin

    return sorted(
        model._meta.label
        for model in django_admin.site._registry
        if not model._default_manager.exists()
    )


def scoped_row(model, scope):
    """The row of ``model`` the bench opens for ``scope``'s promise."""
    from commitments.models import Activity, Commitment, Promise

    known = {Promise: scope.promise, Commitment: scope.commitment, Activity: scope.activity}
    if model in known:
        return known[model]
    from commitments.admin_access import PROMISE_PATHS

    return (
        model._default_manager.filter(**{PROMISE_PATHS[model]: scope.promise})
        .order_by("pk")
        .first()
    )


# ---------------------------------------------------------------------------------------------
# Every address measured?
