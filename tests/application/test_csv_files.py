"""The platform's CSV writer: no cell a spreadsheet would run as a formula (OWASP, CSV injection)."""

import csv
import io

import pytest

from application.csv_files import write_csv


@pytest.mark.parametrize("text", ["=1+1", "+33 5 49", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1", "-5"])
def test_a_text_starting_like_a_formula_gets_a_quote_in_front(text: str) -> None:
    out = io.StringIO()
    write_csv(out, ["text"], [{"text": text}])
    assert next(csv.DictReader(io.StringIO(out.getvalue())))["text"] == "'" + text


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (-5, "-5"),
        (2.5, "2.5"),
        (0, "0"),
        (True, "True"),
        (None, ""),
        ("a = b", "a = b"),
        ("", ""),
        ("'x", "'x"),
    ],
)
def test_numbers_and_ordinary_texts_are_written_as_they_are(value: object, written: str) -> None:
    out = io.StringIO()
    write_csv(out, ["value", "next"], [{"value": value, "next": 1}])
    assert out.getvalue() == f"value,next\r\n{written},1\r\n"
