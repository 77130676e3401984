from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from commitments.access import REPORTING_ROLES, memberships

from ..todo import Todo


@require_GET
def todo(request):
    """ "Att göra": what the person's organisations must do next, across their promises.

    Reporters and coordinators land here after signing in; anyone else has nothing to log and
    goes to their promises.
    """
    if not any(m.role in REPORTING_ROLES for m in memberships(request.user)):
        return redirect("home")
    page = Todo.build(request.user, timezone.localdate())
    return render(request, "followup/todo.html", {"todo": page, "nav": "todo"})
