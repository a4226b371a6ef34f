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
