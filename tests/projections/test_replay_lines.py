"""A snapshot's lines, compressed a block at a time, read back line by line and kind by kind."""

import pytest

from projections import replay_lines
from projections.replay_lines import Lines


@pytest.mark.parametrize("block", [1, 3, 64])
def test_each_line_of_each_kind_reads_back(block: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(replay_lines, "BLOCK", block)
    lines = {
        "stakeholder": [f'{{"n":{n}}}' for n in range(7)],
        "instance": [],
        "meeting": ["null", '{"held":true}', '{"titre":"Réunion"}'],
        "proposal": [f'"{n}"' for n in range(6)],
    }
    kept = Lines(*Lines.packed(lines))

    for kind, found in lines.items():
        assert kept.length(kind) == len(found)
        assert [kept.line(kind, index) for index in range(len(found))] == found
        assert kept.line(kind, len(found)) is None
        assert kept.line(kind, -1) is None
        assert kept.lines(kind) == found
    assert kept.line("action", 0) is None
    assert kept.lines("action") == []


def test_a_line_reads_only_its_block(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(replay_lines, "BLOCK", 2)
    kept = Lines(*Lines.packed({"proposal": [str(n) for n in range(9)]}))

    assert kept.line("proposal", 8) == "8"
    assert list(kept.blocks) == [4]


def test_no_lines() -> None:
    assert Lines().lines("proposal") == []
    assert Lines().line("proposal", 0) is None
