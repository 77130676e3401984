from .activities import (
    activity_create,
    activity_delete,
    activity_detail,
    activity_edit,
    activity_list,
)
from .indicators import (
    indicator_import,
    indicator_list,
    indicator_value_create,
    indicator_value_delete,
    indicator_value_edit,
)
from .pages import accessibility, healthz, home
from .promises import promise_detail, promise_list
from .review import activity_review

__all__ = [
    "activity_create",
    "activity_delete",
    "activity_detail",
    "activity_edit",
    "activity_list",
    "activity_review",
    "accessibility",
    "healthz",
    "indicator_import",
    "indicator_list",
    "indicator_value_create",
    "indicator_value_delete",
    "indicator_value_edit",
    "home",
    "promise_detail",
    "promise_list",
]
