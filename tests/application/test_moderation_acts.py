"""Moderation on both stores: items reported (once per person, not one's own), hidden with a public
reason and shown again, kept, shredded (the item's key deleted: its text gone, the log intact); an
author's new version and withdrawal of their contribution."""

from uuid import UUID

import pytest

from application.dialogues import DialogueApp
from application.errors import NotAuthorisedError
from domain.errors import InvalidActError, RepeatedActError, RuleError
from tests.builders import ACCOUNTS, MEMBERS, Role, Scenario, ensure_accounts
from tests.stores import make_app

MODERATOR = "moderatrice"


def moderated(app: DialogueApp) -> tuple[Scenario, UUID, str]:
    """A public consultation with Paul's observation, a moderator, and Lucie (a citizen)."""
    scenario = Scenario(app)
    contribution = scenario.citizen_contribution()
    scenario_grant(app, scenario, MODERATOR)
    return scenario, contribution, scenario.citizen("Lucie")


def scenario_grant(app: DialogueApp, scenario: Scenario, login: str) -> None:
    ensure_accounts(app, login)
    app.grant_role(scenario.convenor, scenario.id, grantee_id=login, role="moderator")


def item(contribution: UUID, **more: str) -> dict[str, str]:
    return {"item_kind": "contribution", "item_id": str(contribution), **more}


def shown(app: DialogueApp, scenario: Scenario) -> dict[str, object]:
    [consultation] = app.consultations(scenario.id)
    page = app.consultation_page(scenario.id, consultation["consultation_id"])
    assert page is not None
    [found] = page["contributions"]
    return found


def test_a_report_is_once_per_person_and_never_on_ones_own_item(app: DialogueApp) -> None:
    scenario, contribution, lucie = moderated(app)
    app.report_item(
        lucie, scenario.id, text="Insultant envers les riverains", **item(contribution, reason="abusive")
    )
    with pytest.raises(RepeatedActError):
        app.report_item(lucie, scenario.id, **item(contribution, reason="spam"))
    with pytest.raises(InvalidActError) as own:
        app.report_item(scenario.citizen("Paul du Moulin"), scenario.id, **item(contribution, reason="spam"))
    assert own.value.field == "item_id"
    with pytest.raises(InvalidActError) as reason:
        app.report_item(ACCOUNTS[Role.STAKEHOLDER], scenario.id, **item(contribution, reason="boring"))
    assert reason.value.field == "reason"
    with pytest.raises(InvalidActError) as long_note:
        app.report_item(
            ACCOUNTS[Role.STAKEHOLDER], scenario.id, text="x" * 1001, **item(contribution, reason="spam")
        )
    assert long_note.value.field == "text"
    with pytest.raises(InvalidActError) as unknown:
        app.report_item(ACCOUNTS[Role.STAKEHOLDER], scenario.id, **item(UUID(int=7), reason="spam"))
    assert unknown.value.field == "item_id"
    [queued] = app.moderation_queue(scenario.id)
    assert queued["pending"] == 1 and queued["reports"][0]["note"] == "Insultant envers les riverains"


def test_only_a_moderator_hides_and_the_public_page_shows_the_reason(app: DialogueApp) -> None:
    scenario, contribution, lucie = moderated(app)
    app.report_item(lucie, scenario.id, **item(contribution, reason="abusive"))
    with pytest.raises(NotAuthorisedError):
        app.hide_item(scenario.convenor, scenario.id, **item(contribution, reason="abusive"))
    app.hide_item(
        MODERATOR, scenario.id, **item(contribution, reason="abusive", explanation="Propos insultants")
    )
    found = shown(app, scenario)
    assert found["text"] is None
    assert found["moderation"] == {
        "state": "hidden",
        "reason": "abusive",
        "explanation": "Propos insultants",
        "at": found["moderation"]["at"],
    }  # type: ignore[index]
    assert [c["text"] for c in app.citizen_contributions(scenario.id)] == [None]
    with pytest.raises(RuleError):
        app.hide_item(MODERATOR, scenario.id, **item(contribution, reason="spam"))
    log = app.moderation_log(scenario.id)
    assert log is not None
    assert log["reports"] == [("abusive", 1)] and log["hidden_by_reason"] == [("abusive", 1)]
    assert "Paul" not in repr(log) and "citernes" not in repr(log)
    app.unhide_item(MODERATOR, scenario.id, **item(contribution))
    assert shown(app, scenario)["text"] == "Le ruisseau est à sec dès juillet."
    assert app.moderation_queue(scenario.id)[0]["pending"] == 0


def test_a_moderator_keeps_an_item_whose_reports_are_unfounded(app: DialogueApp) -> None:
    scenario, contribution, lucie = moderated(app)
    with pytest.raises(RuleError):
        app.keep_item(MODERATOR, scenario.id, **item(contribution))
    app.report_item(lucie, scenario.id, **item(contribution, reason="off-topic"))
    app.keep_item(MODERATOR, scenario.id, **item(contribution))
    assert app.moderation_queue(scenario.id)[0]["pending"] == 0
    assert shown(app, scenario)["moderation"] is None


def test_shredding_deletes_the_items_key_its_versions_and_its_reports_notes(app: DialogueApp) -> None:
    scenario, contribution, lucie = moderated(app)
    paul = scenario.citizen("Paul du Moulin")
    [consultation] = app.consultations(scenario.id)
    app.edit_citizen_contribution(
        paul, scenario.id, consultation_id=consultation["consultation_id"], contribution_id=str(contribution),
        text="Version deux, illicite",
    )  # fmt: skip
    assert shown(app, scenario)["text"] == "Version deux, illicite"
    assert shown(app, scenario)["version"] == 2
    app.report_item(
        lucie, scenario.id, text="cite: Version deux, illicite", **item(contribution, reason="unlawful")
    )
    app.shred_item(MODERATOR, scenario.id, **item(contribution, ground="unlawful-content"))
    found = shown(app, scenario)
    assert found["text"] is None and found["moderation"]["state"] == "shredded"  # type: ignore[index]
    assert not app.vault.held([str(contribution)])
    [queued] = app.moderation_queue(scenario.id)
    assert queued["text"] is None and queued["reports"][0]["note"] is None
    with pytest.raises(RuleError):
        app.unhide_item(MODERATOR, scenario.id, **item(contribution))
    with pytest.raises(RuleError):
        app.report_item(ACCOUNTS[Role.STAKEHOLDER], scenario.id, **item(contribution, reason="spam"))
    assert (app.moderation_log(scenario.id) or {})["shredded_by_ground"] == [("unlawful-content", 1)]


def test_a_participants_contribution_is_hidden_but_not_shredded(app: DialogueApp) -> None:
    scenario = Scenario(app)
    contribution = scenario.contribution()
    scenario_grant(app, scenario, MODERATOR)
    app.report_item(ACCOUNTS[Role.STAKEHOLDER], scenario.id, **item(contribution, reason="personal-data"))
    with pytest.raises(InvalidActError) as refused:
        app.shred_item(MODERATOR, scenario.id, **item(contribution, ground="personal-data"))
    assert refused.value.field == "item_id"
    app.hide_item(MODERATOR, scenario.id, **item(contribution, reason="personal-data"))
    [queued] = app.moderation_queue(scenario.id)
    assert queued["hidden"]["reason"] == "personal-data" and queued["page"][0] == "sections.section"
    with pytest.raises(InvalidActError):  # its author does not report it
        app.report_item(MEMBERS[0], scenario.id, **item(contribution, reason="spam"))


def test_an_author_withdraws_their_contribution_and_no_one_else_may(app: DialogueApp) -> None:
    scenario, contribution, lucie = moderated(app)
    [consultation] = app.consultations(scenario.id)
    ids = {"consultation_id": consultation["consultation_id"], "contribution_id": str(contribution)}
    with pytest.raises(InvalidActError):
        app.withdraw_citizen_contribution(lucie, scenario.id, **ids)
    with pytest.raises(InvalidActError):
        app.edit_citizen_contribution(lucie, scenario.id, text="pris", **ids)
    app.withdraw_citizen_contribution(scenario.citizen("Paul du Moulin"), scenario.id, **ids)
    found = shown(app, scenario)
    assert found["text"] is None and found["moderation"]["state"] == "withdrawn"  # type: ignore[index]


def test_a_hidden_or_withdrawn_contribution_is_not_supported(app: DialogueApp) -> None:
    scenario, contribution, lucie = moderated(app)
    [consultation] = app.consultations(scenario.id)
    ids = {"consultation_id": consultation["consultation_id"], "contribution_id": str(contribution)}
    app.hide_item(MODERATOR, scenario.id, **item(contribution, reason="spam"))
    with pytest.raises(RuleError):
        app.support_citizen_contribution(lucie, scenario.id, **ids)
    with pytest.raises(RuleError):  # nor changed by its author while hidden
        app.withdraw_citizen_contribution(scenario.citizen("Paul du Moulin"), scenario.id, **ids)


def test_a_shredding_cut_short_before_its_key_was_deleted_is_finished_at_start(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(database_url)
    try:
        scenario, contribution, _lucie = moderated(app)
        with monkeypatch.context() as crash:
            crash.setattr(app.vault, "erase", lambda key: (_ for _ in ()).throw(OSError("disk gone")))
            with pytest.raises(OSError):
                app.shred_item(MODERATOR, scenario.id, **item(contribution, ground="unlawful-content"))
        assert app.vault.held([str(contribution)])  # recorded, its key still there
        assert shown(app, scenario)["text"] is None  # no page shows it meanwhile
    finally:
        app.close()
    again = make_app(database_url)
    try:
        assert not again.vault.held([str(contribution)])
        assert again.reapply_shreddings() == 0
    finally:
        again.close()
