from django.utils.functional import SimpleLazyObject

from .access import REPORTING_ROLES, is_admin, memberships, party_promises


def user_memberships(request):
    """The signed-in user's organisations with roles, whether they log activities (the "To do"
    menu item) and administer anything (the "Admin" item), and their promises for the header's
    switcher (read only when shown)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {
            "user_memberships": [],
            "user_reports": False,
            "user_is_admin": False,
            "user_promises": [],
        }
    own = memberships(user)
    return {
        "user_memberships": own,
        "user_reports": any(m.role in REPORTING_ROLES for m in own),
        "user_is_admin": is_admin(user),
        "user_promises": SimpleLazyObject(lambda: list(party_promises(user))),
    }
