"""The one rule for a text cell in any .xlsx or .csv the program writes: it is never a formula.

A name, address or title typed by anyone (or read from a street office's roster) may begin
with ``=``, ``+``, ``-`` or ``@``; Excel and WPS would run it (``=HYPERLINK(...)`` sends the
row to a web address). In .xlsx a text cell is written as a string (openpyxl would otherwise
store ``=…`` as a formula) and marked "quote prefix", so editing it in Excel keeps it text; in
.csv such a cell gets a leading apostrophe, as OWASP recommends for CSV injection."""

from __future__ import annotations

from typing import Any

# A cell beginning with one of these is read as a formula by a spreadsheet program
# (tab and carriage return: some programs strip them and then read the rest).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START)


def csv_value(value: Any) -> Any:
    """A value for csv.writer: text that a spreadsheet would run gets a leading apostrophe."""
    if looks_like_formula(value):
        return "'" + str(value)
    return value


def csv_row(row: Any) -> list[Any]:
    return [csv_value(v) for v in row]


def xlsx_text(cell: Any) -> None:
    """After an openpyxl cell got its value: a string stays a string (never data type "f"),
    and one that looks like a formula keeps the quote prefix when edited in Excel."""
    value = cell.value
    if isinstance(value, str) and (cell.data_type == "f" or looks_like_formula(value)):
        cell.data_type = "s"
        cell.quotePrefix = True
