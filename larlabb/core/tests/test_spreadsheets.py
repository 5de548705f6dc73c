import csv
import io

import pytest

from larlabb.core.spreadsheets import spreadsheet_csv, spreadsheet_csv_bytes, spreadsheet_safe


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_that_a_spreadsheet_would_run_as_a_formula_is_escaped(start):
    assert spreadsheet_safe(f"{start}HYPERLINK(1)") == f"'{start}HYPERLINK(1)"
    assert spreadsheet_safe("Linköping") == "Linköping"


def test_a_csv_is_semicolon_separated_utf8_with_a_bom_and_every_cell_escaped():
    content = spreadsheet_csv_bytes(
        header=["Namn", "+1"], rows=[["Åsa Öberg", 3], ["=HYPERLINK(1)", "-2"]]
    )

    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    # The header is the platform's own text: written as it is.
    assert rows == [["Namn", "+1"], ["Åsa Öberg", "3"], ["'=HYPERLINK(1)", "'-2"]]


def test_a_csv_written_in_parts_leaves_the_callers_file_open():
    out = io.BytesIO()
    with spreadsheet_csv(out, header=["Text"]) as rows_write:
        rows_write([["Första"]])
        rows_write([["Andra"]])

    assert not out.closed
    assert out.getvalue().decode("utf-8-sig").splitlines() == ["Text", "Första", "Andra"]
