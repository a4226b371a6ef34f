"""The local authority's settings (``ORGANISATION_*``): from the config, else the environment; checked."""

from pathlib import Path

import pytest

from application.settings import DEFAULT_COLOUR, SettingsError, contrast, organisation


def test_nothing_set_is_an_unnamed_publisher_with_the_default_colour(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("NAME", "URL", "LOGO", "COLOUR", "CONTACT", "HOST"):
        monkeypatch.delenv(f"ORGANISATION_{name}", raising=False)
    monkeypatch.delenv("ACCESSIBILITY_AUDIT_RATE", raising=False)

    found = organisation({})

    assert (found.name, found.logo, found.colour, found.audit_rate) == ("", None, DEFAULT_COLOUR, None)


def test_the_config_comes_before_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    logo = tmp_path / "logo.PNG"
    logo.write_bytes(b"\x89PNG")
    monkeypatch.setenv("ORGANISATION_NAME", "Commune d'ailleurs")
    monkeypatch.setenv("ORGANISATION_COLOUR", "#123456")

    found = organisation({"ORGANISATION_NAME": "Commune de Vèze", "ORGANISATION_LOGO": str(logo)})

    assert (found.name, found.colour, found.logo, found.logo_type) == (
        "Commune de Vèze",
        "#123456",
        logo.resolve(),
        "image/png",
    )


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("ORGANISATION_COLOUR", "blue"),
        ("ORGANISATION_COLOUR", "#ffcc00"),  # yellow on white: unreadable
        ("ORGANISATION_URL", "javascript:alert(1)"),
        ("ORGANISATION_CONTACT", "javascript:alert(1)"),
        ("ORGANISATION_CONTACT", "write to the mayor"),
        ("ORGANISATION_LOGO", "/no/such/logo.svg"),
        ("ORGANISATION_LOGO", __file__),  # not an image
        ("ACCESSIBILITY_AUDIT_RATE", "120"),
        ("ACCESSIBILITY_AUDIT_RATE", "most"),
    ],
)
def test_a_setting_that_cannot_be_used_is_refused_by_name(setting: str, value: str) -> None:
    with pytest.raises(SettingsError, match=setting):
        organisation({setting: value})


def test_contrast_is_the_wcag_ratio() -> None:
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert 4.5 <= contrast("#767676", "#ffffff") < 4.6


@pytest.mark.parametrize(
    "contact", ["dialogue@val-de-veze.fr", "mailto:dialogue@val-de-veze.fr", "https://val-de-veze.fr/contact"]
)
def test_the_contact_is_an_e_mail_or_a_web_address(contact: str) -> None:
    assert organisation({"ORGANISATION_CONTACT": contact}).contact == contact
