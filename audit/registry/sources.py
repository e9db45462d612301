"""Reading a registry file into raw rows (CSV or YAML), each with the place it came from."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from audit.errors import InputError
from audit.rubric.yamlines import LineDict, load_yaml
from audit.text import clean, fold

_MAX_BYTES = 5 * 1024 * 1024
FIELDS = ("id", "name", "url", "rubric", "self_scores", "evidence", "district")
DEFAULTABLE = ("rubric", "district")  # top-level YAML keys applied to every entry
# Header/key spellings, compared after fold() and with "_"/"-" read as spaces.
ALIASES: MappingProxyType[str, tuple[str, ...]] = MappingProxyType({
    "id": ("id", "ma", "ma truong"),
    "name": ("name", "ten", "ten truong"),
    "url": ("url", "dia chi", "website", "dia chi website", "cong thong tin"),
    "rubric": ("rubric", "bo tieu chi"),
    "self_scores": ("self scores", "self score", "tu cham", "bang tu cham"),
    "evidence": ("evidence", "minh chung", "thu muc minh chung"),
    "district": ("district", "quan", "huyen", "phuong", "quan/huyen", "quan huyen", "phuong/xa"),
})
LABELS = MappingProxyType({
    "id": "mã trường", "name": "tên trường", "url": "địa chỉ website", "rubric": "bộ tiêu chí",
    "self_scores": "bảng tự chấm", "evidence": "thư mục minh chứng", "district": "quận/huyện"})


def field_of(label: str) -> str | None:
    """The registry field a header or key names, or None."""
    key = " ".join(fold(label).replace("_", " ").replace("-", " ").split())
    return next((f for f, names in ALIASES.items() if key in names), None)


@dataclass
class Row:
    """Raw values of one registry row with where it came from (row text for InputError)."""
    values: dict[str, str | None]
    where: str
    label: str  # prefix for messages, e.g. "trường thứ 3: " (YAML) or ""


def _text(value: Any) -> str | None:
    """A scalar cell as cleaned text; None when blank."""
    if value is None:
        return None
    text = clean(str(value))
    return text or None


def read_text(path: Path) -> str:
    """The file as text (UTF-8, BOM dropped); InputError if unreadable."""
    try:
        if path.stat().st_size > _MAX_BYTES:
            raise InputError(str(path), "tệp danh sách trường quá lớn (trên 5 MB)")
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(str(path), "tệp không phải mã UTF-8; hãy lưu lại dưới dạng UTF-8") from None
    except OSError as exc:
        raise InputError(str(path), f"không đọc được tệp danh sách trường ({exc.strerror or exc})") from None


def csv_rows(path: Path, text: str) -> list[Row]:
    """Rows under the first non-blank line (the header); unknown columns are ignored."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(";,\t", key=header.count)  # from the header: names may contain commas
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    columns: dict[int, str] = {}
    rows: list[Row] = []
    for cells in reader:
        if not any(c.strip() for c in cells):
            continue
        if not columns:
            for i, cell in enumerate(cells):
                field = field_of(cell)
                if field and field in columns.values():
                    raise InputError(str(path), f"cột '{clean(cell)}' lặp lại {LABELS[field]}", reader.line_num)
                if field:
                    columns[i] = field
            for need in ("id", "url"):
                if need not in columns.values():
                    raise InputError(str(path), f"dòng tiêu đề thiếu cột {LABELS[need]} "
                                     f"({' / '.join(ALIASES[need][:3])})", reader.line_num)
            continue
        values = {f: _text(cells[i]) if i < len(cells) else None for i, f in columns.items()}
        rows.append(Row(values, str(reader.line_num), ""))
    return rows


def yaml_rows(path: Path, text: str) -> list[Row]:
    """Rows of a YAML list, or of {"schools": [...]} with top-level defaults applied."""
    try:
        data = load_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(str(path), f"lỗi cú pháp YAML: {getattr(exc, 'problem', exc)}",
                         mark.line + 1 if mark else None) from None
    defaults: dict[str, str | None] = {}
    if isinstance(data, dict):
        for key, value in data.items():
            field = field_of(key)
            if key != "schools" and field not in DEFAULTABLE:
                raise InputError(str(path), f"khóa '{key}' không dùng được ở đầu tệp (chỉ: schools, "
                                 f"{', '.join(DEFAULTABLE)})", _line(data, key))
            if field:
                defaults[field] = _scalar(path, data, key, "")
        data = data.get("schools")
    if data is None:
        return []
    if not isinstance(data, list):
        raise InputError(str(path), "danh sách trường phải là một danh sách (list) các mục", None)
    rows = []
    for index, item in enumerate(data, 1):
        label = f"trường thứ {index}: "
        line = item.line if isinstance(item, LineDict) else _item_line(text, index - 1)
        if not isinstance(item, dict):
            raise InputError(str(path), f"{label}mỗi mục phải là một bảng khóa: giá trị (mapping)", line)
        values = dict(defaults)
        for key in item:
            field = field_of(key)
            if field is None:
                raise InputError(str(path), f"{label}khóa không rõ '{key}' (dùng: {', '.join(FIELDS)})",
                                 _line(item, key))
            values[field] = _scalar(path, item, key, label)
        rows.append(Row(values, str(line) if line else f"#{index}", label))
    return rows


def _item_line(text: str, index: int) -> int | None:
    """Line of the index-th item of the school list (for items that are not mappings)."""
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    if isinstance(node, yaml.MappingNode):
        node = next((v for k, v in node.value if k.value == "schools"), None)
    if isinstance(node, yaml.SequenceNode) and index < len(node.value):
        return int(node.value[index].start_mark.line) + 1
    return None


def _line(node: Any, key: str) -> int | None:
    """Line of a key in a YAML mapping, if known."""
    return node.line_of(key) if isinstance(node, LineDict) else None


def _scalar(path: Path, node: dict[str, Any], key: str, label: str) -> str | None:
    """A YAML value that must be a scalar, as text."""
    value = node[key]
    if isinstance(value, (dict, list)):
        raise InputError(str(path), f"{label}'{key}' phải là một giá trị đơn, không phải danh sách", _line(node, key))
    return _text(value)
