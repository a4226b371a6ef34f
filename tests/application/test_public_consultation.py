"""Public consultations: opened by a facilitator, contributed to and supported by confirmed
citizens between its dates, closed early, synthesised once ended; on both stores."""

from datetime import timedelta
from email.message import EmailMessage
from typing import Any
from uuid import UUID

import pytest

from application.consultation import today
from application.dialogues import DialogueApp
from application.errors import NotAuthorisedError, NotFoundError
from application.invitations import LinkMail
from domain.errors import InvalidActError, RepeatedActError, RuleError
from tests.builders import ACCOUNTS, Role, Scenario

SYNTHESIS: dict[str, Any] = {
    "text": "Les habitants demandent des règles lisibles.",
    "themes": [{"theme": "Sécheresse", "count": 1}],
    "follow_up": "Le groupe eau en fera une proposition.",
}


def compose(mail: LinkMail) -> EmailMessage:
    message = EmailMessage()
    message["To"] = mail.to
    message["Subject"] = mail.kind
    message.set_content(f"https://example.org/citizens/confirm/{mail.token}")
    return message


def last_link(app: DialogueApp) -> str:
    [queued] = app.outbox.due(now=1e12, limit=1000)[-1:]
    body = queued.message.get_content()
    return str(body).strip().rsplit("/", 1)[-1]


def test_a_citizen_signs_up_confirms_by_the_link_and_contributes(app: DialogueApp) -> None:
    scenario = Scenario(app)
    consultation_id = scenario.consultation()

    app.sign_up_citizen(
        email="Lucie@Example.org", pseudonym="Lucie", accepts_terms=True, language="fr", compose=compose
    )
    token = last_link(app)
    citizen = app.confirm_citizen(token)
    posted = app.contribute_as_citizen(
        citizen.actor_id, scenario.id, consultation_id=str(consultation_id), kind="idea", text="Des citernes"
    )

    page = app.consultation_page(scenario.id, str(consultation_id))
    assert page is not None
    assert [(c["pseudonym"], c["text"], c["kind"]) for c in page["contributions"]] == [
        ("Lucie", "Des citernes", "idea")
    ]
    assert page["counts"] == {"observation": 0, "idea": 1, "question": 0}
    event = app.mapper.to_domain_event(app.recorder.select_notifications(posted.position, 1)[0])
    stored = repr(vars(event))
    assert "Des citernes" not in stored and "lucie@example.org" not in stored.lower()
    with pytest.raises(NotFoundError):  # the link works once
        app.confirm_citizen(token)


def test_an_unconfirmed_citizen_may_not_contribute(app: DialogueApp) -> None:
    scenario = Scenario(app)
    consultation_id = scenario.consultation()
    app.sign_up_citizen(
        email="x@example.org", pseudonym="Xavier", accepts_terms=True, language="fr", compose=compose
    )
    [signed_up] = [
        c for c in app.recorder.select_notifications(1, 10_000) if c.topic.endswith("CitizenSignedUp")
    ]
    actor = f"citizen:{signed_up.originator_id}"
    with pytest.raises(NotAuthorisedError):
        app.contribute_as_citizen(
            actor, scenario.id, consultation_id=str(consultation_id), kind="idea", text="t"
        )


def test_a_sign_up_names_the_field_it_refuses(app: DialogueApp) -> None:
    Scenario(app).citizen("Lucie")
    cases = [
        ({"email": "not-an-address"}, "email"),
        ({"pseudonym": "x"}, "pseudonym"),
        ({"pseudonym": "LUCIE"}, "pseudonym"),  # taken, whatever the case
        ({"accepts_terms": False}, "accepts_terms"),
    ]
    for change, field in cases:
        given = {"email": "new@example.org", "pseudonym": "Nouvelle", "accepts_terms": True} | change
        with pytest.raises(InvalidActError) as refused:
            app.sign_up_citizen(**given, language="fr", compose=compose)
        assert refused.value.field == field


def test_a_known_address_gets_a_sign_in_link_to_its_citizen(app: DialogueApp) -> None:
    scenario = Scenario(app)
    actor = scenario.citizen("Lucie")
    app.sign_up_citizen(
        email="lucie@example.org", pseudonym="Autre nom", accepts_terms=True, language="fr", compose=compose
    )
    assert app.confirm_citizen(last_link(app)).actor_id == actor


def test_a_citizen_supports_another_contribution_once_and_never_their_own(app: DialogueApp) -> None:
    scenario = Scenario(app)
    contribution_id = str(scenario.citizen_contribution())
    consultation_id = str(scenario.consultation())
    lucie = scenario.citizen("Lucie")

    app.support_citizen_contribution(
        lucie, scenario.id, consultation_id=consultation_id, contribution_id=contribution_id
    )
    with pytest.raises(RepeatedActError) as again:
        app.support_citizen_contribution(
            lucie, scenario.id, consultation_id=consultation_id, contribution_id=contribution_id
        )
    with pytest.raises(InvalidActError) as own:
        app.support_citizen_contribution(
            scenario.citizen("Paul du Moulin"), scenario.id, consultation_id=consultation_id,
            contribution_id=contribution_id,
        )  # fmt: skip

    assert (again.value.field, again.value.code) == ("contribution_id", "already-supported")
    assert own.value.code == "own-contribution"
    page = app.consultation_page(scenario.id, consultation_id, sort="support")
    assert page is not None and page["contributions"][0]["supports"] == 1


def test_a_consultation_is_open_only_between_its_dates(app: DialogueApp) -> None:
    scenario = Scenario(app)
    consultation_id = str(scenario.consultation())
    lucie = scenario.citizen("Lucie")
    app.consultation_day = lambda: today() + timedelta(days=31)  # type: ignore[method-assign]

    with pytest.raises(RuleError) as refused:
        app.contribute_as_citizen(
            lucie, scenario.id, consultation_id=consultation_id, kind="idea", text="trop tard"
        )

    assert refused.value.code == "consultation-not-open"
    assert app.consultations(scenario.id)[0]["state"] == "ended"
    # ended by its date: the synthesis may come without closing it
    app.synthesise_consultation(
        scenario.facilitator, scenario.id, consultation_id=consultation_id, **SYNTHESIS
    )


def test_the_facilitator_closes_early_then_synthesises_once(app: DialogueApp) -> None:
    scenario = Scenario(app)
    consultation_id = str(scenario.consultation())
    with pytest.raises(RuleError) as still_open:
        app.synthesise_consultation(
            scenario.facilitator, scenario.id, consultation_id=consultation_id, **SYNTHESIS
        )
    scenario.citizen_contribution()
    app.close_consultation(scenario.facilitator, scenario.id, consultation_id=consultation_id)
    with pytest.raises(RuleError):
        app.contribute_as_citizen(
            scenario.citizen("Lucie"), scenario.id, consultation_id=consultation_id, kind="idea", text="fermé"
        )
    app.synthesise_consultation(
        scenario.facilitator, scenario.id, consultation_id=consultation_id, **SYNTHESIS
    )
    with pytest.raises(RuleError) as twice:
        app.synthesise_consultation(
            scenario.facilitator, scenario.id, consultation_id=consultation_id, **SYNTHESIS
        )

    assert still_open.value.code == "consultation-not-ended"
    assert twice.value.code == "consultation-synthesised"
    page = app.consultation_page(scenario.id, consultation_id)
    assert page is not None and page["synthesis"]["themes"] == SYNTHESIS["themes"]
    assert page["state"] == "ended" and page["contributions_count"] == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"text": "x" * 2001}, "text"),
        ({"text": "  "}, "text"),
        ({"kind": "insult"}, "kind"),
        ({"consultation_id": "nope"}, "consultation_id"),
    ],
)
def test_a_contribution_names_the_field_it_refuses(
    app: DialogueApp, change: dict[str, str], field: str
) -> None:
    scenario = Scenario(app)
    given = {"consultation_id": str(scenario.consultation()), "kind": "idea", "text": "une idée"} | change
    with pytest.raises(InvalidActError) as refused:
        app.contribute_as_citizen(scenario.citizen("Lucie"), scenario.id, **given)
    assert refused.value.field == field


def test_no_role_of_the_dialogue_makes_a_citizen(app: DialogueApp) -> None:
    scenario = Scenario(app)
    consultation_id = str(scenario.consultation())
    with pytest.raises(NotAuthorisedError):
        app.contribute_as_citizen(
            ACCOUNTS[Role.STAKEHOLDER], scenario.id, consultation_id=consultation_id, kind="idea", text="t"
        )
    with pytest.raises(InvalidActError):
        app.grant_role(scenario.convenor, scenario.id, grantee_id=ACCOUNTS[Role.STAKEHOLDER], role="citizen")


def test_an_erased_citizen_can_no_longer_act_and_their_pseudonym_is_free(app: DialogueApp) -> None:
    scenario = Scenario(app)
    consultation_id = str(scenario.consultation())
    lucie = scenario.citizen("Lucie")
    citizen_id = lucie.removeprefix("citizen:")

    app.erase_person(UUID(citizen_id))

    assert app.citizen(lucie) is None
    with pytest.raises(NotAuthorisedError):
        app.contribute_as_citizen(lucie, scenario.id, consultation_id=consultation_id, kind="idea", text="t")
    assert scenario.citizen("Lucie") != lucie  # signed up again, as someone new


def test_erasing_a_citizen_ends_every_sign_in_session_of_theirs(app: DialogueApp) -> None:
    scenario = Scenario(app)
    lucie, paul = scenario.citizen("Lucie"), scenario.citizen("Paul")
    here, elsewhere = app.sessions.start(lucie, 3600), app.sessions.start(lucie, 3600)
    pauls = app.sessions.start(paul, 3600)

    app.erase_person(UUID(lucie.removeprefix("citizen:")))

    assert not app.sessions.is_open(here, lucie, 3600)
    assert not app.sessions.is_open(elsewhere, lucie, 3600)
    assert app.sessions.is_open(pauls, paul, 3600)
