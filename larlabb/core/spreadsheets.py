"""What every CSV and spreadsheet export of the platform writes the same way.

Semicolon-separated (Swedish Excel's list separator), UTF-8 with a BOM so Excel keeps å, ä and
ö, and every cell made harmless as a formula: a cell a spreadsheet would run as a formula is
how CSV injection gets a staff member's Excel to fetch or run what a registrant typed.
"""

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import IO, Final

# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
_FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")

type RowsWrite = Callable[[Iterable[Sequence[object]]], None]


def spreadsheet_safe(value: object) -> str:
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


@contextmanager
def spreadsheet_csv(out: IO[bytes], *, header: Sequence[str]) -> Iterator[RowsWrite]:
    """Write `header` to `out`, then yield a function that writes rows of cells, each escaped,
    so a long export can be written a part at a time."""
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="", write_through=True)
    writer = csv.writer(text, delimiter=";")
    writer.writerow(header)

    def rows_write(rows: Iterable[Sequence[object]]) -> None:
        writer.writerows([spreadsheet_safe(cell) for cell in row] for row in rows)

    try:
        yield rows_write
    finally:
        # The wrapper must not close the caller's file when it is collected.
        text.detach()


def spreadsheet_csv_bytes(*, header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    out = io.BytesIO()
    with spreadsheet_csv(out, header=header) as rows_write:
        rows_write(rows)
    return out.getvalue()
