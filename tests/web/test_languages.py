"""French by default, English on request: by Accept-Language, or by the switch kept in the session."""

from flask import Flask, render_template_string
from flask.testing import FlaskClient
from flask_babel import force_locale, gettext

from tests.web.conftest import csrf_token


def test_french_is_the_default(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)

    assert '<html lang="fr">' in page
    assert "Dialogues territoriaux" in page and "Se connecter" in page


def test_accept_language_chooses_english(client: FlaskClient) -> None:
    page = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9,fr;q=0.5"}).get_data(as_text=True)

    assert '<html lang="en">' in page
    assert "Territorial dialogues" in page and "Sign in" in page


def test_an_unknown_language_falls_back_to_french(client: FlaskClient) -> None:
    page = client.get("/", headers={"Accept-Language": "de"}).get_data(as_text=True)

    assert "Dialogues territoriaux" in page


def test_the_switch_on_every_page_overrides_accept_language_and_returns_to_the_page(
    client: FlaskClient,
) -> None:
    english = {"Accept-Language": "en"}
    token = csrf_token(client)

    response = client.post(
        "/language", data={"language": "fr", "next": "/login", "csrf_token": token}, headers=english
    )

    assert response.status_code == 303 and response.headers["Location"] == "/login"
    page = client.get("/login", headers=english).get_data(as_text=True)
    assert "Identifiant" in page and "Mot de passe" in page
    client.post("/language", data={"language": "en", "next": "/", "csrf_token": token})
    assert "Territorial dialogues" in client.get("/").get_data(as_text=True)


def test_the_switch_ignores_unknown_languages_and_foreign_targets(client: FlaskClient) -> None:
    token = csrf_token(client)

    response = client.post(
        "/language", data={"language": "xx", "next": "//evil.example/", "csrf_token": token}
    )

    assert response.headers["Location"] == "/"
    assert "Dialogues territoriaux" in client.get("/").get_data(as_text=True)


def test_the_switch_is_a_labelled_form_on_every_page(client: FlaskClient) -> None:
    for path in ("/", "/login", "/dialogues/nowhere"):
        page = client.get(path).get_data(as_text=True)
        assert 'class="language-switch"' in page and 'aria-label="Langue"' in page, path
        assert 'value="en" lang="en"' in page


def test_a_forced_language_translates_its_block_and_the_request_s_language_comes_back_after(
    web_app: Flask,
) -> None:
    template = "{{ current_language() }} {{ _('Search') }}"
    with web_app.test_request_context("/", headers={"Accept-Language": "fr"}):
        seen = [(gettext("Search"), render_template_string(template))]
        with force_locale("en"):
            seen.append((gettext("Search"), render_template_string(template)))
        seen.append((gettext("Search"), render_template_string(template)))

    assert seen == [
        ("Rechercher", "fr Rechercher"),
        ("Search", "en Search"),
        ("Rechercher", "fr Rechercher"),
    ]


def test_a_template_s_texts_escape_their_values_and_count_with_num(web_app: Flask) -> None:
    template = (
        "{{ _('Signed in as %(login)s', login='<b>') }}|"
        "{{ ngettext('%(num)d unread', '%(num)d unread', 3) }}|"
        "{{ ngettext('%(num)d unread', '%(num)d unread', 1) }}"
    )
    with web_app.test_request_context("/", headers={"Accept-Language": "fr"}):
        html = render_template_string(template)

    assert html == "Connecté en tant que &lt;b&gt;|3 non lues|1 non lue"
