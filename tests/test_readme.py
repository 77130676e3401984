"""The README's examples stay true."""

import datetime
import re
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from commitments.demo import load_demo

README = Path(settings.BASE_DIR) / "README.md"


@pytest.mark.django_db
def test_followup_example_is_what_the_command_prints(time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 26, 12), tick=False)
    load_demo()
    example = re.search(
        r"<!-- followup-example -->\n```text\n(.*?)\n```", README.read_text(), re.DOTALL
    ).group(1)
    out = StringIO()
    call_command(
        "followup", "alvsbyn-2024", "--as-of", "2025-10-15", "--format", "text", stdout=out
    )
    assert out.getvalue().rstrip("\n") == example
