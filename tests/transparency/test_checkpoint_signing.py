"""The runner signs a C2SP checkpoint with each head, and those of heads signed before when it opens."""

from pathlib import Path

from application.signing import HeadSigner
from projections.catalogue import all_projections
from projections.merkle_checkpoints import CHECKPOINTS, read_note
from projections.merkle_log import read_heads
from projections.merkle_note import verifier_key
from projections.runner import ProjectionRunner
from tests.builders import Scenario
from tests.stores import make_app
from tests.transparency import c2sp_reference as ref


def test_every_head_has_its_checkpoint_even_one_signed_before_checkpoints(
    database_url: str, tmp_path: Path
) -> None:
    app = make_app(database_url)
    try:
        Scenario(app).framework_defined()
        signer = HeadSigner(tmp_path / "key.pem", origin="dialogue.test/log")
        runner = ProjectionRunner(app.recorder, app.mapper, all_projections(signer, 5))
        runner.catch_up()
        with runner.store.transaction(commit=True) as sql:
            heads = read_heads(sql)
            assert len(heads) > 2
            assert all(read_note(sql, head) for head in heads)
            sql.execute(f"DELETE FROM {CHECKPOINTS} WHERE tree_size < ?", (heads[-1]["tree_size"],))
            assert read_note(sql, heads[0]) is None  # as if signed by a release without checkpoints
        opened = ProjectionRunner(app.recorder, app.mapper, all_projections(signer, 5))
        key = ref.read_vkey(str(verifier_key("dialogue.test/log", signer.public_key_raw)))
        with opened.store.transaction(commit=False) as sql:
            notes = [read_note(sql, head) for head in heads]
        for head, note in zip(heads, notes, strict=True):
            assert note is not None and ref.note_verifies(note, key)
            assert ref.read_checkpoint(ref.open_note(note)[0])[1] == head["tree_size"]
    finally:
        app.close()
