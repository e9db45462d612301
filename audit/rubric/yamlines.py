"""YAML loading that remembers the line of every mapping and key, for file:line errors."""
from __future__ import annotations

from typing import Any

import yaml


class LineDict(dict[str, Any]):
    """A mapping from YAML that knows its own line and the line of each key (1-based)."""
    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        """Line of `key` if present, else of the mapping."""
        return self.key_lines.get(key, self.line)


class _LineLoader(yaml.SafeLoader):
    """SafeLoader whose mappings are LineDicts."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        result[str(key)] = loader.construct_object(value_node, deep=True)
        result.key_lines[str(key)] = key_node.start_mark.line + 1
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml(text: str) -> Any:
    """Parse YAML text; mappings come back as LineDicts."""
    return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
