from .activities import (
    activity_create,
    activity_delete,
    activity_detail,
    activity_edit,
    activity_list,
)
from .pages import accessibility, healthz, home
from .promises import promise_detail, promise_list

__all__ = [
    "activity_create",
    "activity_delete",
    "activity_detail",
    "activity_edit",
    "activity_list",
    "accessibility",
    "healthz",
    "home",
    "promise_detail",
    "promise_list",
]
