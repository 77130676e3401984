"""Every user-facing string has a Swedish translation: Swedish is the app's default language."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

BASE = Path(settings.BASE_DIR)
PO = BASE / "locale" / "sv" / "LC_MESSAGES" / "django.po"


def problems(po):
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    return untranslated, fuzzy


def test_swedish_catalogue_is_complete_and_not_fuzzy():
    untranslated, fuzzy = problems(polib.pofile(str(PO)))
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed")
def test_every_string_in_the_source_is_in_the_catalogue(tmp_path):
    """Extract the strings afresh (in a copy of the source) and check each is translated."""
    for name in ["alvsbyn_promises", "commitments", "followup", "templates", "locale"]:
        shutil.copytree(BASE / name, tmp_path / name, ignore=shutil.ignore_patterns("*.mo"))
    shutil.copy(BASE / "manage.py", tmp_path)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "sv", "--no-obsolete", "-v", "0"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )
    untranslated, fuzzy = problems(polib.pofile(str(tmp_path / PO.relative_to(BASE))))
    assert untranslated == [], "run `make messages` and translate these"
    assert fuzzy == [], "run `make messages` and check these"
