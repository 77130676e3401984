from .api import followup_json
from .commitment import commitment_detail
from .dashboard import dashboard, start_next
from .overview import overview, overview_xlsx
from .reports import report, report_pdf, report_xlsx
from .todo import todo

__all__ = [
    "commitment_detail",
    "dashboard",
    "followup_json",
    "overview",
    "overview_xlsx",
    "report",
    "report_pdf",
    "report_xlsx",
    "start_next",
    "todo",
]
