"""The admin of organisations and their people: memberships, users, their history."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from .access import (
    administered_organisations,
    is_national_admin,
)
from .admin_scoping import AdministeredOnly, HistoryAdmin, ScopedInline
from .models import (
    Membership,
    Organisation,
)

# ---------------------------------------------------------------------------------------------
# Organisations and their people. A local admin sees their own organisations and the other
# parties of their promises; in the organisations they coordinate they manage the memberships
# of people who are not admins, and add such people (a new user comes with a membership).


class MembershipInline(ScopedInline, admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["user"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "organisation")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "organisation" and not is_national_admin(request.user):
            field.queryset = field.queryset.filter(pk__in=administered_organisations(request.user))
        return field

    def _may_change(self, request, obj):
        """On an organisation's page, only one the local admin coordinates."""
        if is_national_admin(request.user) or not isinstance(obj, Organisation):
            return True
        return obj.pk in administered_organisations(request.user)

    def has_add_permission(self, request, obj):
        return super().has_add_permission(request, obj) and self._may_change(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._may_change(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._may_change(request, obj)


class OrganisationMembershipInline(MembershipInline):
    autocomplete_fields = ["user"]
    fields = ["user", "role"]


class UserMembershipInline(MembershipInline):
    autocomplete_fields = ["organisation"]
    fields = ["organisation", "role"]

    def get_autocomplete_fields(self, request):
        # A local admin chooses among the few organisations they coordinate.
        return [] if not is_national_admin(request.user) else self.autocomplete_fields

    def get_min_num(self, request, obj=None, **kwargs):
        # A user a local admin adds is a member of their organisation: else it would vanish.
        return 1 if obj is None and not is_national_admin(request.user) else None


@admin.register(Organisation)
class OrganisationAdmin(HistoryAdmin):
    list_display = ["name", "kind", "county"]
    list_filter = ["kind", "county"]
    search_fields = ["name"]
    inlines = [OrganisationMembershipInline]

    def get_readonly_fields(self, request, obj=None):
        if is_national_admin(request.user):
            return self.readonly_fields
        return ["name", "kind"]

    def has_change_permission(self, request, obj=None):
        if obj is None or is_national_admin(request.user):
            return super().has_change_permission(request, obj)
        coordinated = obj.pk in administered_organisations(request.user)
        return coordinated and super().has_change_permission(request, obj)


@admin.register(Membership)
class MembershipAdmin(HistoryAdmin):
    """Who may log and read, with the history of every membership given, changed or removed."""

    list_display = ["user", "organisation", "role"]
    # The organisation is found with the search: a choice per organisation would list Sweden's.
    list_filter = ["role", "organisation__kind"]
    list_select_related = ["user", "organisation"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class MemberAdmin(AdministeredOnly, UserAdmin):
    inlines = [UserMembershipInline]
    # A local admin names, reaches and deactivates people; being staff, superuser, in a group or
    # holding a permission is for a national admin to give.
    local_fieldsets = (
        (None, {"fields": ("username", "password")}),
        (UserAdmin.fieldsets[1][0], {"fields": ("first_name", "last_name", "email")}),
        (UserAdmin.fieldsets[2][0], {"fields": ("is_active",)}),
        (UserAdmin.fieldsets[3][0], {"fields": ("last_login", "date_joined")}),
    )

    def get_fieldsets(self, request, obj=None):
        if obj is not None and not is_national_admin(request.user):
            return self.local_fieldsets
        return super().get_fieldsets(request, obj)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not is_national_admin(request.user):
            return ["last_login", "date_joined"]
        return super().get_readonly_fields(request, obj)

    def get_list_filter(self, request):
        if not is_national_admin(request.user):
            return ["is_active"]
        return super().get_list_filter(request)
