from django.utils.functional import SimpleLazyObject

from .access import REPORTING_ROLES, memberships, party_promises


def user_memberships(request):
    """The signed-in user's organisations with roles, whether they log activities (the "To do"
    menu item), and their promises for the header's switcher (read only when shown)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"user_memberships": [], "user_reports": False, "user_promises": []}
    own = memberships(user)
    return {
        "user_memberships": own,
        "user_reports": any(m.role in REPORTING_ROLES for m in own),
        "user_promises": SimpleLazyObject(lambda: list(party_promises(user))),
    }
