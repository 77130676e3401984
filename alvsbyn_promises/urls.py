from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from commitments import admin_scoping

from . import errors
from .forms import SignInForm

accounts = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            authentication_form=SignInForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password_change/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
]

urlpatterns = [
    path("accounts/", include(accounts)),
    # Before the admin's own: its "view on site" redirect would name any object's address.
    path(
        "admin/r/<int:content_type_id>/<path:object_id>/",
        admin.site.admin_view(admin_scoping.view_on_site),
    ),
    path("admin/", admin.site.urls),
    # Visitors may switch language too (the public pages and the sign-in page).
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("", include("commitments.urls")),
    path("", include("followup.urls")),
]

# Swedish pages in the site's layout (JSON under /api/) when DEBUG is off; see errors.py.
handler400 = errors.bad_request
handler403 = errors.permission_denied
handler404 = errors.page_not_found
handler500 = errors.server_error
