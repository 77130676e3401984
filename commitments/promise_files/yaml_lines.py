"""YAML with line numbers: a safe loader that keeps the line of every mapping, key and item."""

import yaml
from django.utils.translation import gettext as _

from ..files import FileError, FileImportError


class _Mapping(dict):
    """A YAML mapping that remembers the line of itself and of each of its keys."""

    line = None

    def __init__(self):
        super().__init__()
        self.key_lines = {}

    def line_of(self, key):
        return self.key_lines.get(key, self.line)


class _Sequence(list):
    line = None

    def __init__(self):
        super().__init__()
        self.item_lines = []

    def line_of(self, index):
        return self.item_lines[index] if index < len(self.item_lines) else self.line


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps lines, reports repeated keys and leaves dates as text.

    Dates stay strings so that a bad one ("2024-13-01") is reported with its line and field
    instead of stopping the whole load.
    """

    def __init__(self, stream):
        super().__init__(stream)
        self.duplicates = []


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_mapping(loader, node):
    mapping = _Mapping()
    mapping.line = node.start_mark.line + 1
    yield mapping
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if not isinstance(key, str | int | float | bool) and key is not None:
            loader.duplicates.append((line, "-", _("a key must be plain text")))
            continue
        if key in mapping:
            loader.duplicates.append(
                (
                    line,
                    str(key),
                    _("repeated; first given on line %(line)s") % {"line": mapping.key_lines[key]},
                )
            )
            continue
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = line


def _construct_sequence(loader, node):
    sequence = _Sequence()
    sequence.line = node.start_mark.line + 1
    yield sequence
    for item in node.value:
        sequence.append(loader.construct_object(item, deep=True))
        sequence.item_lines.append(item.start_mark.line + 1)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def load_yaml(text):
    """Load YAML keeping lines; raise FileImportError for text that is not YAML at all."""
    loader = _Loader(text)
    try:
        document = loader.get_single_data()
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        if "recursive" in str(problem):
            problem = _("an alias refers to a list that contains it (a cycle)")
        line = mark.line + 1 if mark else None
        raise FileImportError(
            [FileError(line, "-", _("not valid YAML: %(problem)s") % {"problem": problem})]
        ) from None
    finally:
        loader.dispose()
    errors = [FileError(line, key, message) for line, key, message in loader.duplicates]
    return document, errors
