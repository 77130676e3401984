from .access import memberships


def user_memberships(request):
    """The signed-in user's organisations with roles, for the page header."""
    user = getattr(request, "user", None)
    return {"user_memberships": memberships(user) if user is not None else []}
