from .activities import (
    activity_create,
    activity_delete,
    activity_detail,
    activity_edit,
    activity_list,
)
from .pages import healthz, home
from .promises import promise_detail

__all__ = [
    "activity_create",
    "activity_delete",
    "activity_detail",
    "activity_edit",
    "activity_list",
    "healthz",
    "home",
    "promise_detail",
]
