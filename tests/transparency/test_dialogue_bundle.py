"""A dialogue's bundle (``/dialogues/<slug>/bundle.zip``): what anyone can download and check offline.

The download and ``dialogue export --bundle`` give the same bytes for the same head (on both stores);
the bundle verifies with its own ``verify_bundle.py`` in a fresh virtual environment holding only
``cryptography``, and fails on any byte changed, whether the archive's or a file's rewritten whole.
"""

import base64
import io
import json
import os
import subprocess
import sys
import time
import venv
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from application.demo import MAIN_SLUG, record_demo
from application.signing import HeadSigner
from projections import merkle_note
from projections import verify_bundle as vb
from tests.stores import make_app
from tests.transparency.tamper_helpers import dialogue
from tests.webapp import make_web_app
from web import close_app

WITNESS = "prefecture.example/witness"


class Demo:
    """The demo on a store, the web app over it, and a witness listed in ``WITNESS_KEYS``."""

    def __init__(self, url: str, folder: Path, patch: pytest.MonkeyPatch, **config: Any) -> None:
        self.url, self.folder = url, folder
        self.witness = HeadSigner(folder / "witness.pem")
        self.witness_key = str(
            merkle_note.verifier_key(WITNESS, self.witness.public_key_raw, merkle_note.COSIGNATURE)
        )
        patch.setenv("WITNESS_KEYS", self.witness_key)  # what the command reads; the web's setting below
        app = make_app(url)
        try:
            record_demo(app)
        finally:
            app.close()
        self.exported(folder / "first.zip")  # brings the log up to date and signs its heads
        self.web = make_web_app(
            url,
            SIGNING_KEY_FILE=os.environ["SIGNING_KEY_FILE"],
            WITNESS_KEYS=self.witness_key,
            BUNDLE_DIR=str(folder / "bundles"),
            **config,
        )

    def exported(self, path: Path) -> bytes:
        result = dialogue(self.url, "export", "--dialogue", MAIN_SLUG, "--bundle", str(path))
        assert result.exit_code == 0, result.output
        return path.read_bytes()

    def cosign_latest(self) -> None:
        """The witness cosigns the latest checkpoint, posted as a witness does."""
        client = self.web.test_client()
        note = client.get("/transparency/checkpoint").get_data(as_text=True)
        text, _ = merkle_note.split_note(note)
        size = merkle_note.parse_checkpoint(text).size
        stamp = int(time.time())
        signature = self.witness.sign(merkle_note.cosigned_message(text, stamp))
        line = merkle_note.cosignature(WITNESS, self.witness.public_key_raw, stamp, signature).line()
        answer = client.post("/transparency/cosignatures", json={"tree_size": size, "cosignature": line})
        assert answer.status_code == 201, answer.get_json()

    def downloaded(self) -> bytes:
        with self.web.test_client().get(f"/dialogues/{MAIN_SLUG}/bundle.zip") as answer:
            assert answer.status_code == 200, answer.get_data(as_text=True)[:500]
            assert answer.mimetype == "application/zip"
            return bytes(answer.get_data())

    def close(self) -> None:
        close_app(self.web)


@pytest.fixture
def demo(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Demo]:
    monkeypatch.setenv("SIGNING_KEY_FILE", str(tmp_path / "signing.pem"))
    site = Demo(database_url, tmp_path, monkeypatch)
    yield site
    site.close()


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Iterator[bytes]:
    """A cosigned bundle of the demo, on SQLite."""
    folder = tmp_path_factory.mktemp("bundle")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SIGNING_KEY_FILE", str(folder / "signing.pem"))
        site = Demo(f"sqlite:///{folder}/demo.sqlite3", folder, patch)
        try:
            site.cosign_latest()
            yield site.downloaded()
        finally:
            site.close()


def test_the_download_and_the_export_are_the_same_bytes_and_verify(demo: Demo, tmp_path: Path) -> None:
    demo.cosign_latest()
    downloaded = demo.downloaded()
    assert demo.exported(tmp_path / "again.zip") == downloaded
    assert demo.downloaded() == downloaded  # from the cache
    assert len(list((tmp_path / "bundles").glob("*.zip"))) == 1
    said = vb.verify(downloaded)
    assert "1 cosignatures" in "; ".join(said)
    assert any("documents have the SHA-256" in line for line in said)
    page = demo.web.test_client().get(f"/dialogues/{MAIN_SLUG}").get_data(as_text=True)
    assert f'href="/dialogues/{MAIN_SLUG}/bundle.zip"' in page


def test_the_bundle_holds_what_verify_md_says_and_dialogue_verify_reads_it(
    bundle: bytes, tmp_path: Path
) -> None:
    with zipfile.ZipFile(io.BytesIO(bundle)) as archive:
        names = archive.namelist()
        archive.extractall(tmp_path / "x")
    assert set(vb.REQUIRED) <= set(names) and vb.SUMS in names and vb.DOCUMENTS_INDEX in names
    assert any(name.startswith(vb.DOCUMENTS) for name in names)
    verify_md = (tmp_path / "x" / "VERIFY.md").read_text()
    assert "verify_bundle.py bundle.zip --key-fingerprint" in verify_md
    assert (tmp_path / "x" / "verify_bundle.py").read_bytes() == Path(vb.__file__).read_bytes()
    result = dialogue("sqlite:////nonexistent/none.sqlite3", "verify", str(tmp_path / "x"))
    assert result.exit_code == 0, result.output


def flipped(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :]


def test_any_byte_changed_in_the_archive_fails(bundle: bytes) -> None:
    vb.verify(bundle)
    passed = []
    for at in [*range(0, len(bundle), 37), *range(len(bundle) - 2000, len(bundle))]:
        try:
            vb.verify(flipped(bundle, at))
        except vb.BundleError:
            continue
        passed.append(at)
    assert passed == []


def rewritten(bundle: bytes, name: str, change: Any) -> bytes:
    """The bundle with ``name`` changed by ``change(bytes) -> bytes``, its SHA256SUMS and archive redone."""
    with zipfile.ZipFile(io.BytesIO(bundle)) as archive:
        files = {info.filename: archive.read(info) for info in archive.infolist()}
    files[name] = change(files[name])
    others = [(n, data) for n, data in files.items() if n != vb.SUMS]
    out = io.BytesIO()
    vb.write_zip(out, [*others, (vb.SUMS, vb.sums(others))])
    return out.getvalue()


def in_json(key: str, edit: Any) -> Any:
    def change(data: bytes) -> bytes:
        document = json.loads(data)
        edit(document[key])
        return vb.json_bytes(document)

    return change


def state_changed(events: list[dict[str, Any]]) -> None:
    state = base64.b64decode(events[7]["state_base64"])
    events[7]["state_base64"] = base64.b64encode(state.replace(b'"', b"'", 1)).decode()


def log_signature_changed(checkpoints: list[dict[str, Any]]) -> None:
    note = checkpoints[-1]["note"]
    text, signatures = merkle_note.split_note(note)
    own = signatures[0]
    wrong = merkle_note.Signature(own.name, own.key_id, flipped(own.signature, 3))
    checkpoints[-1]["note"] = merkle_note.signed_note(text, [wrong, *signatures[1:]])


def cosignature_changed(checkpoints: list[dict[str, Any]]) -> None:
    text, signatures = merkle_note.split_note(checkpoints[-1]["note"])
    *rest, theirs = signatures
    wrong = merkle_note.Signature(theirs.name, theirs.key_id, flipped(theirs.signature, 20))
    checkpoints[-1]["note"] = merkle_note.signed_note(text, [*rest, wrong])


def leaf_changed(leaves: list[dict[str, Any]]) -> None:
    leaves[3]["leaf_hash"] = flipped(bytes.fromhex(leaves[3]["leaf_hash"]), 0).hex()


def document_file(bundle: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(bundle)) as archive:
        return next(name for name in archive.namelist() if name.startswith(vb.DOCUMENTS))


@pytest.mark.parametrize(
    ("name", "change", "said"),
    [
        (vb.EVENTS, in_json("events", state_changed), "changed (it does not give its leaf hash)"),
        (vb.LEAVES, in_json("leaves", leaf_changed), "its root is not that of the first"),
        (
            vb.CHECKPOINTS,
            in_json("checkpoints", log_signature_changed),
            "the log's signature does not verify",
        ),
        (vb.CHECKPOINTS, in_json("checkpoints", cosignature_changed), f"the cosignature of {WITNESS}"),
        ("document", lambda data: data + b" ", "its bytes differ from the SHA-256 its act published"),
        ("VERIFY.md", lambda data: data, None),
    ],
)
def test_a_file_rewritten_with_its_sums_redone_is_found_by_what_it_breaks(
    bundle: bytes, name: str, change: Any, said: str | None
) -> None:
    target = document_file(bundle) if name == "document" else name
    changed = rewritten(bundle, target, change)
    if said is None:
        assert changed == bundle  # the same files give the same archive, byte for byte
        return
    with pytest.raises(vb.BundleError) as failure:
        vb.verify(changed)
    assert said in str(failure.value)


def test_a_key_other_than_the_one_read_elsewhere_is_refused(bundle: bytes) -> None:
    said = vb.verify(bundle)[-1]
    fingerprint = said.rsplit(" ", 1)[1]
    assert vb.verify(bundle, fingerprint)
    with pytest.raises(vb.BundleError, match="fingerprint"):
        vb.verify(bundle, "00" * 32)


@pytest.fixture(scope="module")
def fresh_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new virtual environment holding ``cryptography`` from the registry, and nothing of the project."""
    folder = tmp_path_factory.mktemp("fresh-venv")
    venv.EnvBuilder(with_pip=True).create(folder)
    python = folder / "bin" / "python"
    installed = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "cryptography"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if installed.returncode != 0:
        message = f"pip could not install cryptography from the registry: {installed.stderr[-500:]}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return python


def test_the_bundle_verifies_with_its_own_verifier_in_a_fresh_environment(
    bundle: bytes, fresh_python: Path, tmp_path: Path
) -> None:
    with zipfile.ZipFile(io.BytesIO(bundle)) as archive:
        (tmp_path / "verify_bundle.py").write_bytes(archive.read("verify_bundle.py"))
    (tmp_path / "bundle.zip").write_bytes(bundle)
    (tmp_path / "changed.zip").write_bytes(flipped(bundle, len(bundle) // 2))
    environment = {"PATH": os.environ.get("PATH", ""), "LANG": "C.UTF-8"}

    def run(name: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(  # the bundle's own verifier, in the fresh environment, isolated (-I)
            [str(fresh_python), "-I", "verify_bundle.py", name],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
            env=environment,
            check=False,
        )

    good = run("bundle.zip")
    assert good.returncode == 0, good.stdout + good.stderr
    assert good.stdout.startswith("VERIFIED: ") and "1 cosignatures" in good.stdout
    bad = run("changed.zip")
    assert bad.returncode == 1 and bad.stdout.startswith("NOT VERIFIED: "), bad.stdout + bad.stderr
    folder = run(".")  # where VERIFY.md's reader may have extracted the archive
    assert folder.returncode == 2 and "give the bundle.zip as downloaded" in folder.stdout, folder.stdout
    assert sys.executable != str(fresh_python)


def test_no_bundle_for_a_dialogue_not_public_and_downloads_are_counted(tmp_path: Path) -> None:
    from tests.builders import Scenario

    app = make_web_app(
        f"sqlite:///{tmp_path}/db.sqlite3",
        SIGNING_KEY_FILE=str(tmp_path / "key.pem"),
        HEAD_EVERY=1,
        BUNDLE_DIR=str(tmp_path / "bundles"),
        BUNDLE_RATE_LIMIT="2 per minute",
    )
    try:
        dialogues = app.extensions["dialogues"]
        Scenario(dialogues, slug="pas-encore").framework_defined()
        Scenario(dialogues, slug="publique").framing_done()
        client = app.test_client()
        assert client.get("/dialogues/pas-encore/bundle.zip").status_code == 404
        with client.get("/dialogues/publique/bundle.zip") as answer:
            assert answer.status_code == 200
        refused = client.get("/dialogues/publique/bundle.zip")
        assert refused.status_code == 429 and refused.headers.get("Retry-After")
    finally:
        close_app(app)
