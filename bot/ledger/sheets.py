"""Rows out of a station's file, .xlsx or .csv, as plain tuples of cell values."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.ledger import LedgerError

# Excel in China saves CSV as GBK unless told otherwise; GB18030 reads GBK and more.
CSV_ENCODINGS = ("utf-8-sig", "gb18030")


class UnreadableFile(LedgerError):
    """The file is not a spreadsheet we can open; the message says why."""


@dataclass
class Sheet:
    name: str
    rows: Iterator[tuple[Any, ...]]


def open_sheets(path: Path) -> Iterator[Sheet]:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        yield Sheet(path.stem, _csv_rows(path))
        return
    if suffix not in (".xlsx", ".xlsm"):
        raise UnreadableFile(
            f"只认识 .xlsx 和 .csv 文件;老的 .xls 请在 Excel 里另存为 .xlsx({path.name})"
        )

    import openpyxl

    try:
        # Read-only streams rows instead of building every cell: 100,000 people fit in memory.
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:
        raise UnreadableFile(f"打不开 {path.name}:{type(error).__name__}") from error
    try:
        for sheet in book.worksheets:
            if not hasattr(sheet, "reset_dimensions") or sheet.sheet_state != "visible":
                continue
            # The size a file states may be missing (openpyxl then reads the sheet twice to
            # find it) or wrong (rows are cut off); read to the last row instead.
            sheet.reset_dimensions()
            yield Sheet(sheet.title, sheet.iter_rows(values_only=True))
    finally:
        book.close()


def _csv_rows(path: Path) -> Iterator[tuple[Any, ...]]:
    data = path.read_bytes()
    for encoding in CSV_ENCODINGS:
        try:
            decoded = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise UnreadableFile(f"{path.name} 的文字编码认不出,请另存为 UTF-8 的 CSV")
    for row in csv.reader(io.StringIO(decoded)):
        yield tuple(cell if cell.strip() else None for cell in row)
