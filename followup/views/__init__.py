from .api import followup_json
from .dashboard import dashboard, start_next
from .reports import report, report_pdf, report_xlsx

__all__ = ["dashboard", "followup_json", "report", "report_pdf", "report_xlsx", "start_next"]
