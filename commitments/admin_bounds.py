"""The Django admin's own inputs, kept from failing on what no form would send: an id that is
no number in a field chosen by autocomplete.

Django answers these with a 500 where the rest of the admin answers a bad value with the form
again or its "?e=1" page (tests/test_catalogue.py sends them). A year beyond the calendar in the
activity list's address is its year filter's to refuse (commitments.admin_lists).
"""

from django.contrib.admin.widgets import AutocompleteSelect

from .converters import is_id


class IdAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete, shown again with a value that is no id (the form says it is not a
    valid choice): it looks up only the values that can be ids, so that showing the form again
    does not fail in its query for the chosen option.

    ``held`` maps ids to objects read already (an inline row's own, see
    :class:`~commitments.admin_forms.ChoicesReadOnce`): the chosen option is then named without
    a query of its own.
    """

    held = {}

    def optgroups(self, name, value, attr=None):
        value = [v for v in value if v in ("", None) or is_id(v)]
        chosen = {str(v) for v in value if str(v) not in self.choices.field.empty_values}
        if not chosen or not chosen <= self.held.keys():
            return super().optgroups(name, value, attr)
        # As Django's optgroups, with the chosen objects at hand.
        options = []
        if not self.is_required and not self.allow_multiple_selected:
            options.append(self.create_option(name, "", "", False, 0))
        label = self.choices.field.label_from_instance
        for pk in sorted(chosen):
            obj = self.held[pk]
            options.append(self.create_option(name, obj.pk, label(obj), chosen, len(options)))
        return [(None, options, 0)]
