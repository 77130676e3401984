"""Promise files (YAML, format 1): read, check, save and write them.

Reading happens in two steps. :func:`parse_promise_file` turns the text into plain data and
collects every problem it finds, each with its line and field, without touching the database
beyond look-ups. :func:`import_promise` then saves the data in one transaction, so that a refused
file leaves nothing behind. :func:`export_promise` writes what :func:`import_promise` reads:
export then import gives the same promise, its outcome indicators and their values included.
"""

from .data import (
    FORMAT,
    CommitmentData,
    FocusAreaData,
    IndicatorData,
    IndicatorValueData,
    LocalProblemData,
    PromiseData,
    QuotaData,
)
from .reading import parse_promise_file
from .saving import ActivitiesOutsideRules, SuccessionUndecided, import_promise
from .writing import export_promise
from .yaml_lines import load_yaml

__all__ = [
    "FORMAT",
    "ActivitiesOutsideRules",
    "CommitmentData",
    "FocusAreaData",
    "IndicatorData",
    "IndicatorValueData",
    "LocalProblemData",
    "PromiseData",
    "QuotaData",
    "SuccessionUndecided",
    "export_promise",
    "import_promise",
    "load_yaml",
    "parse_promise_file",
]
