"""French typography of the French catalogue: a no-break space before : ; ? ! and inside « »
(tools/french_typography.py fixes it; this test fails on any French message that breaks it)."""

from pathlib import Path

import pytest

from tools.french_typography import CATALOGUE, fix, main, offending, read, typeset

NB = "\u00a0"


def test_no_french_message_of_the_catalogue_breaks_the_rule() -> None:
    assert offending(read()) == []


@pytest.mark.parametrize(
    ("text", "typeset_text"),
    [
        ("Étape : cadrage", f"Étape{NB}: cadrage"),
        ("Étape: cadrage", f"Étape{NB}: cadrage"),
        ("Bilan :", f"Bilan{NB}:"),
        ("un ; deux", f"un{NB}; deux"),
        ("Déjà effacée ?", f"Déjà effacée{NB}?"),
        ("Enfin !", f"Enfin{NB}!"),
        ("Il n'y a rien ?!", f"Il n'y a rien{NB}?!"),
        ("« %(title)s »", f"«{NB}%(title)s{NB}»"),
        ("«{title}»", f"«{NB}{{title}}{NB}»"),
        ("« Instance » : choisissez", f"«{NB}Instance{NB}»{NB}: choisissez"),
        ("%(field)s : %(max)s", f"%(field)s{NB}: %(max)s"),
        ("({rule:rule} : {count:#soutien/soutiens})", f"({{rule:rule}}{NB}: {{count:#soutien/soutiens}})"),
    ],
)
def test_a_no_break_space_goes_before_the_high_signs_and_inside_the_guillemets(
    text: str, typeset_text: str
) -> None:
    assert typeset(text) == typeset_text
    assert typeset(typeset_text) == typeset_text  # once is enough


@pytest.mark.parametrize(
    "text",
    [
        "Voir https://val-de-veze.example/dialogues?q=eau&page=2 ou sqlite:///var/d.db",
        "à 14:00 ou 2026-03-12T18:30:00+01:00, sous la forme AAAA-MM-JJTHH:MM.",
        "{adjustment:short} puis {count:#a/b} et %(n)d%% puis %(x)s",
        "Lancez `dialogue verify --store a:b` ou <code>x?y=1</code>.",
        'Le <a href="https://exemple.fr/a?b=c">lien</a> &amp; le reste.',
        "Envoyez le corps de la requête en Content-Type: application/json.",
        f"Déjà{NB}: bien «{NB}espacé{NB}» et fin\u202f!",
    ],
)
def test_addresses_times_placeholders_code_and_headers_are_left_as_they_are(text: str) -> None:
    assert typeset(text) == text


def test_the_script_fixes_only_the_french_strings_that_break_the_rule(tmp_path: Path) -> None:
    original = CATALOGUE.read_text(encoding="utf-8")
    broken = original.replace(f'msgstr "Empreinte{NB}:"', 'msgstr "Empreinte :"', 1)
    broken = broken.replace("%(num)s personnes.", "%(num)s personnes !", 1)
    assert broken.count("Empreinte :") == 1 and "personnes !" in broken
    copy = tmp_path / "messages.po"
    copy.write_text(broken, encoding="utf-8")

    assert main([str(copy), "--check"]) == 1
    assert fix(read(copy)) == 2
    assert main([str(copy)]) == 0
    assert main([str(copy), "--check"]) == 0
    fixed = copy.read_text(encoding="utf-8")
    assert fixed == original.replace("%(num)s personnes.", f"%(num)s personnes{NB}!", 1)
