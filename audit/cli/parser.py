"""An argparse parser that speaks Vietnamese: its headings, its -h, and its error line.

argparse builds its fixed words and error messages from English templates (through gettext). The
parser below replaces the headings and the help option, and `vietnamese()` turns the error messages
it receives back into Vietnamese by matching them against those same templates, so nothing outside
this parser is changed (no global gettext patching).
"""
from __future__ import annotations

import argparse
import re
import textwrap
from typing import Any, NoReturn

USAGE = "Cách dùng: "
POSITIONALS = "tham số"
OPTIONALS = "tùy chọn"
COMMANDS = "các lệnh"
COMMAND_METAVAR = "LỆNH"
HELP = "hiện hướng dẫn này rồi thoát"
SEE_HELP = "xem: {prog} -h"

# argparse's English templates (Python 3.11-3.13) and their Vietnamese; {name} takes the matched part.
MESSAGES: tuple[tuple[str, str], ...] = (
    (f"argument {COMMAND_METAVAR}: invalid choice: %(value)r (choose from %(choices)s)",
     "không có lệnh {value} (các lệnh: {choices})"),
    ("argument %(argument_name)s: %(message)s", "{argument_name}: {message}"),
    ("the following arguments are required: %s", "thiếu tham số bắt buộc: {0}"),
    ("unrecognized arguments: %s", "không hiểu tham số: {0}"),
    ("invalid choice: %(value)r (choose from %(choices)s)",
     "{value} không phải lựa chọn hợp lệ (chọn một trong: {choices})"),
    ("invalid %(type)s value: %(value)r", "giá trị {value} không hợp lệ (cần {type})"),
    ("expected one argument", "cần một giá trị"),
    ("expected at most one argument", "chỉ nhận tối đa một giá trị"),
    ("expected at least one argument", "cần ít nhất một giá trị"),
    ("expected %s argument", "cần {0} giá trị"),
    ("expected %s arguments", "cần {0} giá trị"),
    ("not allowed with argument %s", "không dùng cùng được với {0}"),
    ("ignored explicit argument %r", "tùy chọn này không nhận giá trị {0}"),
    ("one of the arguments %s is required", "cần một trong các tham số {0}"),
    ("ambiguous option: %(option)s could match %(matches)s", "tùy chọn {option} không rõ: có thể là {matches}"),
    ("unexpected option string: %s", "tùy chọn không mong đợi: {0}"),
    ("can't open '%(filename)s': %(error)s", "không mở được '{filename}': {error}"),
    ("unknown parser %(parser_name)r (choices: %(choices)s)", "không có lệnh {parser_name} (các lệnh: {choices})"),
)
TYPE_NAMES = {"int": "số nguyên", "float": "số"}

_PLACEHOLDER = re.compile(r"%\((\w+)\)[sr]|%[sr]")


def _pattern(template: str) -> re.Pattern[str]:
    """The template as a regular expression: each %(name)s / %s becomes a named group (arg0, arg1, ...)."""
    parts, last, positional = [], 0, 0
    for m in _PLACEHOLDER.finditer(template):
        parts.append(re.escape(template[last:m.start()]))
        name = m.group(1) or f"arg{positional}"
        positional += 0 if m.group(1) else 1
        parts.append(f"(?P<{name}>.+?)")
        last = m.end()
    parts.append(re.escape(template[last:]))
    return re.compile("".join(parts), re.S)


_COMPILED = tuple((_pattern(en), vi) for en, vi in MESSAGES)


def vietnamese(message: str) -> str:
    """An argparse error message in Vietnamese (unchanged when it matches no known template)."""
    for pattern, vi in _COMPILED:
        m = pattern.fullmatch(message)
        if m is None:
            continue
        named = m.groupdict()
        if "message" in named:
            named["message"] = vietnamese(named["message"])
        if "choices" in named:
            named["choices"] = named["choices"].replace("'", "")
        if "type" in named:
            named["type"] = TYPE_NAMES.get(named["type"], named["type"])
        positional = [named.pop(f"arg{i}") for i in range(len(named)) if f"arg{i}" in named]
        return vi.format(*positional, **named)
    return message


class VietnameseFormatter(argparse.HelpFormatter):
    """The help formatter with a Vietnamese "usage:" prefix."""

    def add_usage(self, usage: str | None, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, USAGE if prefix is None else prefix)

    def _split_lines(self, text: str, width: int) -> list[str]:
        """Help wrapped at spaces only: an option like --password-stdin is never cut at its hyphen."""
        return textwrap.wrap(" ".join(text.split()), width, break_on_hyphens=False)

    def _format_action(self, action: argparse.Action) -> str:
        """Sub-commands are listed under their heading directly (without a "LỆNH" line above them)."""
        if isinstance(action, argparse._SubParsersAction):
            return "".join(super(VietnameseFormatter, self)._format_action(a) for a in action._get_subactions())
        return super()._format_action(action)


class VietnameseParser(argparse.ArgumentParser):
    """ArgumentParser with Vietnamese headings, -h/--help, and a one-line Vietnamese error (exit 2)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        add_help = kwargs.pop("add_help", True)
        kwargs["add_help"] = False  # argparse's own -h is English; ours is added below
        kwargs.setdefault("formatter_class", VietnameseFormatter)
        super().__init__(*args, **kwargs)
        self._positionals.title = POSITIONALS
        self._optionals.title = OPTIONALS
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help=HELP)

    def add_subparsers(self, **kwargs: Any) -> Any:
        """Sub-commands under a Vietnamese heading, named LỆNH in usage lines and errors."""
        kwargs.setdefault("title", COMMANDS)
        kwargs.setdefault("metavar", COMMAND_METAVAR)
        return super().add_subparsers(**kwargs)

    def error(self, message: str) -> NoReturn:
        """One Vietnamese line on stderr naming what was wrong, then exit 2 (no usage block, no traceback)."""
        self.exit(2, f"{self.prog}: {vietnamese(message)} ({SEE_HELP.format(prog=self.prog)})\n")


YEAR_HELP = "năm học, ví dụ 2021-2022 (mặc định: năm học đang diễn ra)"
RUBRIC_HELP = "mã bộ tiêu chí (xem: audit rubrics list)"
EVIDENCE_KINDS = "PDF, DOCX/DOC, JPG/PNG/HEIC, ZIP"
Subparsers = argparse._SubParsersAction  # the type of add_subparsers()' result


def command(sub: Subparsers, name: str, help: str, description: str | None = None) -> VietnameseParser:
    """A sub-command whose -h starts with its description (by default its help as a sentence)."""
    parser: VietnameseParser = sub.add_parser(name, help=help, description=description or help[0].upper() + help[1:] + ".")
    return parser
