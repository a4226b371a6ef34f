"""The read model ``diagnosis``: the contributions' texts cluster by cluster, a page at a time, with
the names the live board gave the clusters, never who posted or endorsed them; on both stores, and
the same when rebuilt from zero."""

from typing import Any
from uuid import UUID

from application.dialogues import DialogueApp
from domain.roles import Role
from projections.diagnosis import Cluster, DiagnosisProjection, clusters, contributions_page
from projections.runner import ProjectionRunner
from tests.builders import ACCOUNTS, MEMBERS, Scenario
from tests.projections.dump import projection_tables

STAKEHOLDER = ACCOUNTS[Role.STAKEHOLDER]


def diagnosis(app: DialogueApp) -> tuple[Scenario, dict[str, UUID]]:
    """A dialogue with seven contributions: three in "eau" (named on the board), two in "cluster-2",
    one moved from "eau" to "sols", one not clustered; endorsed here and there."""
    scenario = Scenario(app)
    meeting = scenario.live_session()
    posted = {}
    for n, (kind, text) in enumerate(
        [
            ("observation", "les puits baissent en août"),
            ("idea", "un tour d'eau"),
            ("question", "qui entretient les fossés ?"),
            ("concern", "les sols se tassent"),
            ("idea", "des haies"),
            ("observation", "la rivière chauffe"),
            ("question", "et l'hiver ?"),
        ]
    ):
        author = MEMBERS[n % 2]
        posted[text] = app.post_contribution(author, scenario.id, kind=kind, text=text, meeting_id=meeting).id
    facilitator = scenario.facilitator
    for text, cluster in [
        ("la rivière chauffe", "cluster-2"),
        ("les puits baissent en août", "eau"),
        ("un tour d'eau", "eau"),
        ("les sols se tassent", "eau"),
        ("qui entretient les fossés ?", "eau"),
        ("des haies", "cluster-2"),
        ("les sols se tassent", "sols"),
    ]:
        app.cluster_contribution(facilitator, scenario.id, posted[text], cluster=cluster)
    app.name_cluster(facilitator, scenario.id, meeting, cluster="eau", name="La ressource")
    app.name_cluster(facilitator, scenario.id, meeting, cluster="eau", name="La ressource en eau")
    for account in (STAKEHOLDER, MEMBERS[1]):
        app.endorse_contribution(account, scenario.id, posted["un tour d'eau"])
    app.endorse_contribution(STAKEHOLDER, scenario.id, posted["et l'hiver ?"])
    return scenario, posted


def built(app: DialogueApp) -> ProjectionRunner:
    runner = ProjectionRunner(app.recorder, app.mapper, [DiagnosisProjection()])
    runner.catch_up()
    return runner


def test_the_clusters_come_in_the_order_they_were_first_used_with_their_board_names(
    app: DialogueApp,
) -> None:
    scenario, _posted = diagnosis(app)
    with built(app).store.transaction(commit=False) as sql:
        found = clusters(sql, str(scenario.id))

    assert found == [
        Cluster("eau", "La ressource en eau", 3),  # its first contribution posted first
        Cluster("sols", None, 1),
        Cluster("cluster-2", None, 2),
        Cluster(None, None, 1),  # not clustered: last
    ]


def test_a_page_holds_the_texts_cluster_after_cluster_with_their_kind_and_endorsements(
    app: DialogueApp,
) -> None:
    scenario, _posted = diagnosis(app)
    with built(app).store.transaction(commit=False) as sql:
        pages = [contributions_page(sql, str(scenario.id), number, size=3) for number in (1, 2, 3, 4)]

    shown = [
        [(g.cluster.key, g.continued, [(c["kind"], c["text"], c["endorsements"]) for c in g.contributions])
         for g in page.groups]
        for page in pages
    ]  # fmt: skip
    assert shown == [
        [("eau", False, [("observation", "les puits baissent en août", 0), ("idea", "un tour d'eau", 2),
                         ("question", "qui entretient les fossés ?", 0)])],
        [("sols", False, [("concern", "les sols se tassent", 0)]),
         ("cluster-2", False, [("idea", "des haies", 0), ("observation", "la rivière chauffe", 0)])],
        [(None, False, [("question", "et l'hiver ?", 1)])],
        [],
    ]  # fmt: skip
    assert [(p.previous, p.next) for p in pages] == [(None, 2), (1, 3), (2, None), (3, None)]


def test_a_cluster_cut_by_a_page_goes_on_on_the_next_one(app: DialogueApp) -> None:
    scenario, _posted = diagnosis(app)
    with built(app).store.transaction(commit=False) as sql:
        first, second = (contributions_page(sql, str(scenario.id), number, size=2) for number in (1, 2))

    assert [(g.cluster.key, g.continued, len(g.contributions)) for g in first.groups] == [("eau", False, 2)]
    assert [(g.cluster.key, g.continued, len(g.contributions)) for g in second.groups] == [
        ("eau", True, 1),
        ("sols", False, 1),
    ]
    assert first.more and second.more


def test_no_row_holds_who_posted_or_endorsed(app: DialogueApp) -> None:
    diagnosis(app)
    tables = projection_tables(built(app))

    accounts = {STAKEHOLDER, *MEMBERS}
    assert [cell for rows in tables.values() for row in rows for _name, cell in row if cell in accounts] == []
    assert {name for rows in tables.values() for row in rows for name, _cell in row} & {
        "actor_id",
        "author_id",
    } == set()


def test_a_rebuild_from_zero_gives_the_same_rows(app: DialogueApp) -> None:
    diagnosis(app)
    runner = built(app)
    before = projection_tables(runner)

    runner.rebuild()

    assert projection_tables(runner) == before and before["diagnosis_contributions"]


def test_endorsements_are_counted_without_decoding_their_events(app: DialogueApp) -> None:
    _scenario, posted = diagnosis(app)
    decoded: list[str] = []
    decode = app.mapper.to_domain_event

    def counting(notification: Any) -> Any:
        event = decode(notification)
        decoded.append(type(event).__name__)
        return event

    runner = ProjectionRunner(app.recorder, Decoding(counting), [DiagnosisProjection()])
    runner.catch_up()

    assert "ContributionEndorsed" not in decoded and "ContributionPosted" in decoded
    with runner.store.transaction(commit=False) as sql:
        counts = {
            row["text"]: row["endorsements"]
            for row in sql.all("SELECT text, endorsements FROM diagnosis_contributions")
        }
    assert counts == {text: {"un tour d'eau": 2, "et l'hiver ?": 1}.get(text, 0) for text in posted}


class Decoding:
    """A mapper that decodes with ``decode``."""

    def __init__(self, decode: Any):
        self.to_domain_event = decode
