"""The reliability and security tests print their figures, whether they pass or fail."""

from typing import Any

import pytest


@pytest.fixture
def report(capsys: pytest.CaptureFixture[str]) -> Any:
    """``report(title, **figures)`` prints one line of figures past pytest's capture."""

    def print_figures(title: str, **figures: object) -> None:
        with capsys.disabled():
            print(f"\n[{title}] " + ", ".join(f"{name}={value}" for name, value in figures.items()))

    return print_figures
