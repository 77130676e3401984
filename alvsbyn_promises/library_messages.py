"""Messages of installed libraries that ship no Swedish translation.

django-simple-history has no Swedish catalogue, so its history pages in the admin would be in
English. The project's catalogue (LOCALE_PATHS comes first) translates the same message ids:
listing them here lets ``makemessages`` put them in ``locale/sv``. Nothing calls this module.
"""

from django.utils.translation import gettext_noop, ngettext

SIMPLE_HISTORY = [
    # simple_history/object_history.html
    gettext_noop(
        "Choose a date from the list below to revert to a previous version of this object."
    ),
    gettext_noop("This object doesn't have a change history."),
    # simple_history/object_history_list.html
    gettext_noop("Object"),
    gettext_noop("Date/time"),
    gettext_noop("Comment"),
    gettext_noop("Changed by"),
    gettext_noop("Change reason"),
    gettext_noop("Changes"),
    gettext_noop("None"),
    # simple_history/object_history_form.html and submit_line.html
    gettext_noop("View %(verbose_name)s"),
    gettext_noop("Revert %(verbose_name)s"),
    gettext_noop("Press the 'Revert' button below to revert to this version of the object."),
    gettext_noop("Press the 'Change History' button below to edit the history."),
    gettext_noop("Revert"),
    gettext_noop("Change History"),
    gettext_noop("Close"),
    # simple_history/admin.py and models.py
    gettext_noop("View history: %s"),
    gettext_noop("Change history: %s"),
    gettext_noop("View %s"),
    gettext_noop("Revert %s"),
    gettext_noop("Created"),
    gettext_noop("Changed"),
    gettext_noop("Deleted"),
    gettext_noop("Deleted %(type_name)s"),
]


def _plurals(count):
    # simple_history/object_history_list.html: "12 entries"
    return ngettext("entry", "entries", count)
