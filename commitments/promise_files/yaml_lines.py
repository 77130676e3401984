"""YAML with line numbers: a safe loader that keeps the line of every mapping, key and item,
and reads only what a promise file can be.

Bounded, so that no file can keep a worker busy or crash it: nesting deeper than
:data:`MAX_DEPTH` levels and more than :data:`MAX_NODES` values in all (each alias counted as
all it repeats: an "alias bomb" of a few lines stands for millions) are refused as soon as the
reader gets there, as is an alias inside what it names (a cycle). Every text is checked as
:mod:`commitments.texts` says (no NUL, no lone surrogate, no control character but tab and line
breaks), whether written as it is or as an escape (``"\\0"``, ``"\\ud800"``). Every error of the
YAML reader becomes a FileError with its line, the column in its message.
"""

import re

import yaml
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from ..files import FileError, FileImportError
from ..texts import NUL, control_character, damage

# A promise file nests about a dozen levels (focus areas, commitments, sub-commitments, quota).
MAX_DEPTH = 50
# A promise of 10,000 commitments has some 200,000 values.
MAX_NODES = 500_000


class _TooMuch(yaml.YAMLError):
    """The file goes past a bound of the loader; ``problem`` says which, at ``problem_mark``."""

    def __init__(self, problem, mark):
        self.problem = problem
        self.problem_mark = mark


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
    """SafeLoader that keeps lines, reports repeated keys and bad characters, leaves dates as
    text and keeps to MAX_DEPTH and MAX_NODES.

    Dates stay strings so that a bad one ("2024-13-01") is reported with its line and field
    instead of stopping the whole load.
    """

    def __init__(self, stream):
        super().__init__(stream)
        self.duplicates = []
        self.depth = 0
        self.nodes = 0
        self.sizes = {}  # id(node): the values it stands for, its aliases' included
        self.heights = {}  # id(node): how many levels it nests
        self.open_anchors = set()  # anchors of the nodes being composed
        self.reported = set()  # scalars whose characters were reported

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            node = self.anchors.get(event.anchor)
            if event.anchor in self.open_anchors:
                raise _TooMuch(
                    _("the alias %(alias)s is inside what it names (a cycle)")
                    % {"alias": event.anchor},
                    event.start_mark,
                )
            if node is not None:
                self._count(self.sizes[id(node)], self.heights[id(node)], event.start_mark)
            return super().compose_node(parent, index)
        event = self.peek_event()
        self._count(1, 1, event.start_mark)
        self.depth += 1
        self.open_anchors.add(event.anchor)
        start = self.nodes
        node = super().compose_node(parent, index)
        self.open_anchors.discard(event.anchor)
        self.depth -= 1
        self.sizes[id(node)] = self.nodes - start + 1
        self.heights[id(node)] = 1 + max(
            (self.heights[id(child)] for child in _children(node)), default=0
        )
        return node

    def _count(self, size, height, mark):
        """Count ``size`` values nesting ``height`` levels below the current one."""
        self.nodes += size
        if self.depth + height > MAX_DEPTH:
            raise _TooMuch(_("nested more than %(depth)s levels deep") % {"depth": MAX_DEPTH}, mark)
        if self.nodes > MAX_NODES:
            raise _TooMuch(
                _("more than %(nodes)s values (aliases counted as all they repeat)")
                % {"nodes": number_format(MAX_NODES, force_grouping=True)},
                mark,
            )

    def construct_scalar(self, node):
        value = super().construct_scalar(node)
        if isinstance(value, str) and id(node) not in self.reported:
            character = damage(value) or control_character(value)
            if character:
                self.reported.add(id(node))
                self.duplicates.append(
                    (
                        node.start_mark.line + 1,
                        "-",
                        _character_problem(character, node.start_mark.column),
                    )
                )
        return value

    def construct_yaml_int(self, node):
        try:
            return super().construct_yaml_int(node)
        except ValueError:  # more digits than Python reads (4,300), or "!!int abc"
            raise yaml.constructor.ConstructorError(
                None, None, _("not a whole number Python can read"), node.start_mark
            ) from None

    def construct_yaml_float(self, node):
        try:
            return super().construct_yaml_float(node)
        except ValueError:  # "!!float abc"
            raise yaml.constructor.ConstructorError(
                None, None, _("not a number"), node.start_mark
            ) from None

    def construct_yaml_bool(self, node):
        try:
            return super().construct_yaml_bool(node)
        except KeyError:  # "!!bool abc"
            raise yaml.constructor.ConstructorError(
                None, None, _("expected true or false"), node.start_mark
            ) from None


def _children(node):
    if isinstance(node, yaml.SequenceNode):
        return node.value
    if isinstance(node, yaml.MappingNode):
        return [child for pair in node.value for child in pair]
    return []


def _character_problem(character, column):
    """What to say of a character no text of a promise file may hold, in the text at
    ``column`` (counted from 0)."""
    params = {"column": column + 1, "code": f"{ord(character):04X}"}
    if character == NUL:
        message = _("the text at column %(column)s holds a NUL character, which no text may hold")
    elif 0xD800 <= ord(character) <= 0xDFFF:
        message = _(
            "the text at column %(column)s holds a broken character (a lone surrogate, U+%(code)s)"
        )
    else:
        message = _(
            "the text at column %(column)s holds the control character U+%(code)s; a text may "
            "hold tabs and line breaks, no other control characters"
        )
    return message % params


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
_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)
_Loader.add_constructor("tag:yaml.org,2002:float", _Loader.construct_yaml_float)
_Loader.add_constructor("tag:yaml.org,2002:bool", _Loader.construct_yaml_bool)
# "!!timestamp 2025-02-30" stays text too, for the reader to refuse with its line and field.
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_scalar)


def load_yaml(text):
    """Load YAML keeping lines; raise FileImportError for text that is not YAML at all, or that
    goes past the loader's bounds (see the module)."""
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as error:  # a character YAML does not allow, as it is
        raise FileImportError([_reader_error(text, error)]) from None
    try:
        document = loader.get_single_data()
    except yaml.YAMLError as error:
        raise FileImportError([_yaml_error(error)]) from None
    finally:
        loader.dispose()
    errors = [FileError(line, key, message) for line, key, message in loader.duplicates]
    return document, errors


def _reader_error(text, error):
    """The FileError of a character the YAML reader refuses, at its line and column."""
    line = text.count("\n", 0, error.position) + 1
    column = error.position - (text.rfind("\n", 0, error.position) + 1)
    character = chr(error.character) if isinstance(error.character, int) else "\ufffd"
    return FileError(line, "-", _character_problem(character, column))


def _yaml_error(error):
    """The FileError of an error of the YAML reader: one line, with its line and column."""
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    parts = [getattr(error, "context", None), getattr(error, "problem", None) or str(error)]
    problem = re.sub(r"\s*[\r\n]+\s*", " ", ", ".join(str(part) for part in parts if part))
    if mark is None:
        return FileError(None, "-", _("not valid YAML: %(problem)s") % {"problem": problem})
    return FileError(
        mark.line + 1,
        "-",
        _("not valid YAML at column %(column)s: %(problem)s")
        % {"column": mark.column + 1, "problem": problem},
    )
