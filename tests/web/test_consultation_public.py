"""What the public sees of a consultation beside its page: the dialogue's page lists the public's
contributions apart from the stakeholders', the Atom feed announces the consultation, the open data
holds the public's contributions (never an address)."""

from flask import Flask

from application.dialogues import DialogueApp
from tests.builders import Scenario
from web.extensions import brought_up_to

EN = {"Accept-Language": "en"}


def test_the_dialogue_page_the_feed_and_the_open_data_show_the_consultation(
    web_app: Flask, dialogues: DialogueApp
) -> None:
    scenario = Scenario(dialogues)
    scenario.to_collective_work()
    scenario.contribution()  # a stakeholder's, to the shared diagnosis
    consultation_id = scenario.consultation()
    scenario.citizen_contribution()
    slug = dialogues.status(scenario.id)["slug"]
    client = web_app.test_client()
    with web_app.app_context():
        assert brought_up_to(dialogues.recorder.max_notification_id() or 0)

    page = client.get(f"/dialogues/{slug}", headers=EN).get_data(as_text=True)
    feed = client.get("/feeds/consultations.atom", headers=EN).get_data(as_text=True)
    csv = client.get(f"/dialogues/{slug}/open-data/public-contributions.csv").get_data(as_text=True)

    diagnosis = client.get(f"/dialogues/{slug}/diagnosis", headers=EN).get_data(as_text=True)
    assert "1 contribution posted by the participants." in diagnosis  # the stakeholders', apart
    assert "Contributions of the public to the public consultations: 1" in diagnosis
    assert "Contributions of the public to the public consultations: 1" in page
    assert f"/dialogues/{slug}/consultations/{consultation_id}" in page
    assert "Comment partager l&#39;eau en été ?" in feed or "Comment partager l'eau en été ?" in feed
    assert "Paul du Moulin" in csv and "Le ruisseau est à sec dès juillet." in csv
    assert "@example.org" not in csv and "citizen:" not in csv


def test_the_feed_announces_a_consultation_its_opening_and_its_closing_at_their_dates(
    web_app: Flask, dialogues: DialogueApp
) -> None:
    from datetime import date, timedelta
    from xml.etree import ElementTree

    scenario = Scenario(dialogues)
    scenario.framing_done()
    day = date(2027, 5, 3)
    dialogues.consultation_day = lambda: day  # type: ignore[method-assign]
    consultation_id = dialogues.open_consultation(
        scenario.facilitator, scenario.id, question="Quelle eau pour l'été ?",
        opens_on=(day + timedelta(days=1)).isoformat(), closes_on=(day + timedelta(days=3)).isoformat(),
        scope="Le partage", kinds=["idea"],
    ).id  # fmt: skip
    client = web_app.test_client()

    def titles() -> list[str]:
        with web_app.app_context():
            assert brought_up_to(dialogues.recorder.max_notification_id() or 0)
        feed = ElementTree.fromstring(client.get("/feeds/consultations.atom", headers=EN).data)
        entries = feed.findall("{http://www.w3.org/2005/Atom}entry")
        ids = [e.findtext("{http://www.w3.org/2005/Atom}id") for e in entries]
        assert len(set(ids)) == len(ids) and all(str(consultation_id) in i for i in ids)
        return [e.findtext("{http://www.w3.org/2005/Atom}title") or "" for e in entries]

    assert [t.split(" — ")[0] for t in titles()] == ["Quelle eau pour l'été ?"]
    dialogues.consultation_day = lambda: day + timedelta(days=1)  # type: ignore[method-assign]
    assert dialogues.reach_consultation_dates() == 1
    question = "Quelle eau pour l'été ?"
    assert [t.split(" — ")[0] for t in titles()] == [f"Open: {question}", question]
    dialogues.consultation_day = lambda: day + timedelta(days=4)  # type: ignore[method-assign]
    assert dialogues.reach_consultation_dates() == 1
    assert titles()[0].split(" — ")[0] == f"Closed: {question}"
