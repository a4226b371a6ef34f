"""``dialogue witness``: an independent process that checks the platform's log and cosigns it.

Run by another organisation, on its own machine, now and then (cron): it
fetches the latest checkpoint (``/transparency/checkpoint``), checks the log's
signature with the log's verifier key (given, or pinned in its state folder on
the first run), and checks that the checkpoint extends the last one it saw
(a consistency proof, ``/transparency/proof/consistency``). Then it cosigns it
(a C2SP ``tlog-cosignature`` line, Ed25519 with timestamp) and posts the line to
``/transparency/cosignatures``. It never goes back: a smaller tree, the same
size with another root, or a tree that does not extend the last one is a
**split view** (the platform shows different histories to different people):
it is reported on the standard error and in a file of the state folder holding
both signed checkpoints (the evidence), nothing is cosigned, and the exit status is 3.

The state folder holds ``checkpoint`` (the last signed checkpoint seen, as
fetched), ``log.vkey``, ``name`` and, without ``--key``, ``witness_key.pem``.
"""

import json
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import click
from nacl.exceptions import BadSignatureError
from nacl.signing import VerifyKey

from application.signing import HeadSigner
from projections import merkle, merkle_note

TIMEOUT = 20
SPLIT_VIEW = 3


class SplitViewError(Exception):
    """The log showed a checkpoint that does not extend the last one this witness saw."""


def fetch(url: str, data: dict[str, Any] | None = None) -> bytes:
    """GET (or, with ``data``, POST as JSON) ``url``: the body, or a ClickException saying why not."""
    body = None if data is None else json.dumps(data).encode()
    request = urllib.request.Request(  # noqa: S310  # the log's address, given by the operator
        url, data=body, headers={"Content-Type": "application/json", "Accept": "application/json, text/plain"}
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as answer:  # noqa: S310  # nosec B310  # http(s): see witness
            return bytes(answer.read(1 << 20))
    except urllib.error.HTTPError as error:
        detail = error.read(4096).decode(errors="replace")
        raise click.ClickException(f"{url}: {error.code} {detail}") from None
    except (urllib.error.URLError, OSError) as error:
        raise click.ClickException(f"{url}: {error}") from None


def verified_checkpoint(note: str, log_key: merkle_note.VerifierKey) -> tuple[merkle_note.Checkpoint, str]:
    """The checkpoint of ``note`` and its text, once the log's signature verifies (else ClickException)."""
    try:
        text, signatures = merkle_note.split_note(note)
        checkpoint = merkle_note.parse_checkpoint(text)
    except merkle_note.NoteError as error:
        raise click.ClickException(f"the log's checkpoint is not readable: {error}") from None
    own = [s for s in signatures if s.name == log_key.name and s.key_id == log_key.key_id]
    if not own:
        raise click.ClickException(f"the checkpoint is not signed by the log's key {log_key.name}")
    try:
        VerifyKey(log_key.public_key).verify(text.encode(), own[0].signature)
    except BadSignatureError:
        raise click.ClickException("the log's signature of the checkpoint does not verify") from None
    if checkpoint.origin != log_key.name:
        raise click.ClickException(
            f"the checkpoint's origin {checkpoint.origin} is not the log's {log_key.name}"
        )
    return checkpoint, text


def check_extends(log: str, old: merkle_note.Checkpoint, new: merkle_note.Checkpoint) -> None:
    """SplitViewError unless ``new`` is ``old`` or a tree that a consistency proof shows extends it."""
    if new.size < old.size:
        raise SplitViewError(f"the log went back from {old.size} to {new.size} leaves")
    if new.size == old.size:
        if new.root_hash != old.root_hash:
            raise SplitViewError(f"two checkpoints of size {new.size} with different root hashes")
        return
    answer = json.loads(fetch(f"{log}/transparency/proof/consistency?first={old.size}&second={new.size}"))
    proof = [bytes.fromhex(node) for node in answer.get("proof", [])]
    if not merkle.verify_consistency(old.size, new.size, old.root_hash, new.root_hash, proof):
        raise SplitViewError(f"the checkpoint of size {new.size} does not extend the one of size {old.size}")


def report_split_view(state: Path, reason: str, old_note: str, new_note: str) -> Path:
    evidence = state / f"split-view-{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}.txt"
    evidence.write_text(
        f"SPLIT VIEW: {reason}\n\n# checkpoint seen before\n{old_note}\n# checkpoint served now\n{new_note}"
    )
    return evidence


def write_state(path: Path, text: str) -> None:
    """Replace ``path`` at once (never a half-written state)."""
    temporary = path.with_suffix(".tmp")
    temporary.write_text(text)
    temporary.replace(path)


def pinned_log_key(log: str, state: Path, given: str | None) -> merkle_note.VerifierKey:
    """The log's verifier key: given, else pinned in the state (fetched and pinned on the first run)."""
    pinned = state / "log.vkey"
    if given is None and pinned.is_file():
        given = pinned.read_text()
    if given is None:
        given = fetch(f"{log}/transparency/checkpoint/key").decode()
        click.echo(f"trusting the log's key on first use: {given.strip()}", err=True)
    try:
        key = merkle_note.parse_verifier_key(given)
    except merkle_note.NoteError as error:
        raise click.ClickException(f"the log's verifier key: {error}") from None
    if pinned.is_file() and pinned.read_text().strip() != str(key):
        raise click.ClickException(f"the log's key differs from the one pinned in {pinned}")
    write_state(pinned, f"{key}\n")
    return key


@click.command("witness")
@click.option("--log", "log", required=True, help="The platform's address, e.g. https://dialogue.example.org")
@click.option(
    "--state", required=True, type=click.Path(file_okay=False, path_type=Path), help="Folder of its state."
)
@click.option("--key", type=click.Path(dir_okay=False, path_type=Path), help="Ed25519 private key (PEM).")
@click.option("--name", help="The witness's name (default: kept in the state, or made from the key).")
@click.option("--log-key", help="The log's verifier key (default: pinned in the state on the first run).")
def witness(log: str, state: Path, key: Path | None, name: str | None, log_key: str | None) -> None:
    """Check that the log's latest checkpoint extends the last one seen, then cosign it and post that."""
    log = log.rstrip("/")
    if urlsplit(log).scheme not in ("http", "https"):
        raise click.BadParameter("the log's address starts with https:// (or http://)", param_hint="--log")
    state.mkdir(mode=0o700, parents=True, exist_ok=True)
    signer = HeadSigner(key or state / "witness_key.pem")
    name = name or _kept(state / "name") or f"witness/{signer.fingerprint[:16]}"
    merkle_note.check_key_name(name)
    write_state(state / "name", name)
    public = merkle_note.verifier_key(name, signer.public_key_raw, merkle_note.COSIGNATURE)
    click.echo(f"witness {name}, verifier key {public}")
    log_verifier = pinned_log_key(log, state, log_key)
    note = fetch(f"{log}/transparency/checkpoint").decode()
    checkpoint, text = verified_checkpoint(note, log_verifier)
    seen = state / "checkpoint"
    if seen.is_file():
        old_note = seen.read_text()
        try:
            check_extends(log, verified_checkpoint(old_note, log_verifier)[0], checkpoint)
        except SplitViewError as error:
            evidence = report_split_view(state, str(error), old_note, note)
            click.echo(f"SPLIT VIEW: {error}; evidence in {evidence}; nothing cosigned", err=True)
            raise SystemExit(SPLIT_VIEW) from None
    write_state(seen, note)
    timestamp = int(time.time())
    signature = signer.sign(merkle_note.cosigned_message(text, timestamp))
    line = merkle_note.cosignature(name, signer.public_key_raw, timestamp, signature).line()
    fetch(f"{log}/transparency/cosignatures", {"tree_size": checkpoint.size, "cosignature": line})
    click.echo(f"cosigned the checkpoint of size {checkpoint.size} of {checkpoint.origin}")


def _kept(path: Path) -> str | None:
    return path.read_text().strip() if path.is_file() else None
