"""The frame's pieces kept once per language (``framed`` in base.html): each client still sees its own
account, menu and CSRF token, in its own language."""

from collections.abc import Callable

from flask.testing import FlaskClient

from tests.webapp import CSRF_TOKEN


def test_the_kept_frame_shows_each_client_its_own_account_token_and_language(
    client: FlaskClient, signed_in: Callable[..., FlaskClient]
) -> None:
    ada = signed_in("ada", administrator=True)
    bob = signed_in("bob")
    pages = {
        (who, lang): c.get("/", headers={"Accept-Language": lang}).get_data(as_text=True)
        for lang in ("fr", "en", "fr")
        for who, c in (("anon", client), ("ada", ada), ("bob", bob))
    }
    assert "Signed in as ada" in pages["ada", "en"] and ">Accounts<" in pages["ada", "en"]
    assert "Connecté en tant que bob" in pages["bob", "fr"] and ">Comptes<" not in pages["bob", "fr"]
    assert "ada" not in pages["bob", "en"] and "bob" not in pages["ada", "fr"]
    assert ">Sign in<" in pages["anon", "en"] and "Sign out" not in pages["anon", "en"]
    assert "Se déconnecter" in pages["bob", "fr"] and "Journal de transparence" in pages["bob", "fr"]
    assert "Transparency log" in pages["ada", "en"] and "Journal de transparence" not in pages["ada", "en"]
    tokens = {who: set(CSRF_TOKEN.findall(pages[who, "en"])) for who in ("anon", "ada", "bob")}
    assert all(len(found) == 1 for found in tokens.values()), tokens
    assert len(set.union(*tokens.values())) == 3
