"""The domain: organisations and their staff, promises, focus areas, commitments, activities.

Invariants a single row can break are database constraints (named, with a message); rules that
look at other rows are ``clean()`` / ``validate_*`` methods, called by forms and imports alike.
"""

from .activities import (
    DESCRIPTION_EMPTY_MESSAGE,
    DESCRIPTION_LENGTH_MESSAGE,
    MAX_DESCRIPTION,
    MAX_QUANTITY,
    QUANTITY_MESSAGE,
    Activity,
    ActivityQuerySet,
)
from .activity_records import ActivityImport, Erasure
from .attachments import Attachment, CalendarFeed
from .commitments import (
    TARGET_MESSAGE,
    Commitment,
    CommitmentQuerySet,
    normalise_kind,
    normalise_kinds,
)
from .constraints import one_of
from .guard import GuardedModel, free_text_fields, is_free_text
from .indicators import Indicator, IndicatorValue
from .organisations import Membership, Organisation
from .plans import PlannedActivity
from .problems import LocalProblem
from .promises import FocusArea, Promise, PromiseQuerySet
from .stamps import ChangeStamp
from .versions import StaleVersion, Versioned

__all__ = [
    "DESCRIPTION_EMPTY_MESSAGE",
    "DESCRIPTION_LENGTH_MESSAGE",
    "MAX_DESCRIPTION",
    "MAX_QUANTITY",
    "QUANTITY_MESSAGE",
    "TARGET_MESSAGE",
    "Activity",
    "ActivityImport",
    "ActivityQuerySet",
    "Attachment",
    "CalendarFeed",
    "ChangeStamp",
    "Commitment",
    "CommitmentQuerySet",
    "Erasure",
    "FocusArea",
    "GuardedModel",
    "Indicator",
    "IndicatorValue",
    "LocalProblem",
    "Membership",
    "Organisation",
    "PlannedActivity",
    "Promise",
    "PromiseQuerySet",
    "StaleVersion",
    "Versioned",
    "free_text_fields",
    "is_free_text",
    "normalise_kind",
    "normalise_kinds",
    "one_of",
]
