"""Persons' keys wrapped by a key-encryption key (``KEY_ENCRYPTION_KEY_FILE``), rotated at each erasure.

On both stores: the keys are stored wrapped, never in clear; erasing a person rotates the KEK, so
a copy of their wrapped key (as a heap page, a WAL segment or a backup would keep it) can no longer
be unwrapped, while everyone else's data still opens, in this process and in a new one; a rotation
a crash interrupted is finished or dropped when the vault next opens; keys kept in clear before a
KEK was set are wrapped when it is.
"""

import base64
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from application.dialogues import DialogueApp
from application.key_encryption import FileKeyEncryptionKeys, KeyEncryptionKey, KeyWrapError
from application.settings import persistence_env

DATA = {"name": "Camille Martin", "email": "camille@example.org"}


class Stores:
    """Applications opened on one store, with or without the KEK file; closed at the end."""

    def __init__(self, url: str, folder: Path) -> None:
        self.url, self.kek_file = url, folder / "kek" / "kek.b64"
        self.opened: list[DialogueApp] = []

    def app(self, *, kek: bool = True) -> DialogueApp:
        env = {
            **persistence_env(self.url),
            **({"KEY_ENCRYPTION_KEY_FILE": str(self.kek_file)} if kek else {}),
        }
        application = DialogueApp(env)
        self.opened.append(application)
        return application

    def rows(self, app: DialogueApp) -> dict[str, dict[str, Any]]:
        """The raw rows of the keys' table, by person."""
        with app.vault.keys.transaction(commit=False) as cursor:
            cursor.execute(app.vault.keys.sql("SELECT person_id, key, kek_id FROM {table}"))
            return {
                str(r["person_id"]): {"key": bytes(r["key"]), "kek_id": r["kek_id"]}
                for r in cursor.fetchall()
            }


@pytest.fixture
def stores(database_url: str, tmp_path: Path) -> Iterator[Stores]:
    found = Stores(database_url, tmp_path)
    yield found
    for application in found.opened:
        application.close()


def sealed(app: DialogueApp, count: int) -> list[tuple[uuid.UUID, str]]:
    people = [uuid.uuid4() for _ in range(count)]
    return [(person, app.vault.seal(person, {**DATA, "n": str(i)})) for i, person in enumerate(people)]


def test_keys_are_stored_wrapped_under_the_kek_named_beside_them(stores: Stores) -> None:
    app = stores.app()
    people = sealed(app, 3)
    current = FileKeyEncryptionKeys(stores.kek_file).current()
    rows = stores.rows(app)
    assert {row["kek_id"] for row in rows.values()} == {current.key_id}
    assert all(len(row["key"]) == 12 + 32 + 16 for row in rows.values())  # nonce, key, tag: wrapped
    for i, (person, text) in enumerate(people):
        assert app.vault.open(person, text) == {**DATA, "n": str(i)}
        assert current.unwrap(rows[str(person)]["key"], person) != rows[str(person)]["key"]
    without = stores.app(kek=False)
    with pytest.raises(KeyWrapError, match="KEY_ENCRYPTION_KEY_FILE"):
        without.vault.open(*people[0])  # never taken for an erased person


def test_an_erasure_rotates_the_kek_and_a_copy_of_the_erased_key_no_longer_unwraps(stores: Stores) -> None:
    app = stores.app()
    (erased, erased_text), *others = sealed(app, 4)
    copy = stores.rows(app)[str(erased)]  # what a heap page, the WAL or a backup may keep
    old_file = stores.kek_file.read_bytes()
    old = KeyEncryptionKey(base64.b64decode(old_file))
    assert old.unwrap(copy["key"], erased)  # the copy is the key, under the old KEK

    assert app.vault.erase(erased)
    assert app.vault.open(erased, erased_text) is None
    new = FileKeyEncryptionKeys(stores.kek_file).current()
    assert new.key_id != old.key_id and not stores.kek_file.with_name("kek.b64.next").exists()
    with pytest.raises(KeyWrapError):
        new.unwrap(copy["key"], erased)
    for path in stores.kek_file.parent.iterdir():  # the old KEK is nowhere in its folder
        assert old_file.strip() not in path.read_bytes()
    rows = stores.rows(app)
    assert str(erased) not in rows and {row["kek_id"] for row in rows.values()} == {new.key_id}
    for i, (person, text) in enumerate(others, start=1):
        assert app.vault.open(person, text) == {**DATA, "n": str(i)}
        assert stores.app().vault.open(person, text) == {**DATA, "n": str(i)}  # another process


def test_a_rotation_a_crash_interrupted_is_finished_or_dropped_when_the_vault_opens(
    stores: Stores, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = stores.app()
    (first, _), (second, second_text), (third, third_text) = sealed(app, 3)
    keks = FileKeyEncryptionKeys(stores.kek_file)

    keks.begin_rotation()  # the process dies before the database changes
    assert stores.app().vault.open(second, second_text) is not None
    assert keks.pending() is None  # dropped

    def crash() -> None:
        raise SystemExit("killed between the commit and the KEK file's replacement")

    monkeypatch.setattr(app.vault.keks, "finish_rotation", crash)
    with pytest.raises(SystemExit):
        app.vault.erase(first)
    monkeypatch.undo()
    assert keks.pending() is not None
    reopened = stores.app()  # finishes it: the database already has the new KEK
    assert keks.pending() is None
    assert reopened.vault.open(second, second_text) is not None
    assert reopened.vault.open(third, third_text) is not None


def test_keys_kept_in_clear_before_a_kek_are_wrapped_once_it_is_set(stores: Stores) -> None:
    before = stores.app(kek=False)
    people = sealed(before, 2)
    assert {row["kek_id"] for row in stores.rows(before).values()} == {None}
    after = stores.app()
    assert {row["kek_id"] for row in stores.rows(after).values()} == {
        FileKeyEncryptionKeys(stores.kek_file).current().key_id
    }
    for i, (person, text) in enumerate(people):
        assert after.vault.open(person, text) == {**DATA, "n": str(i)}


@pytest.mark.parametrize("length", [0, 5, 27, 28, 60])
def test_bytes_that_are_no_wrapped_key_are_refused_as_such(length: int) -> None:
    """A copy cut short or any other bytes: not unwrapped, and said so (not a crash of the cipher)."""
    kek = KeyEncryptionKey(bytes(range(32)))
    with pytest.raises(KeyWrapError):
        kek.unwrap(bytes(length), uuid.uuid4())
