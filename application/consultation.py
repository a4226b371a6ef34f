"""Public consultations: the facilitator's acts (opened, closed early, synthesised), citizens'
contributions (each text sealed under the contribution's own key, so that it can be shredded) and
supports; what a consultation page shows.

Whether a consultation is open is decided from its dates on the day of the act or the read
(``today``); ``consultation_day`` is that day (a test or the demo may set it).
"""

from datetime import date
from typing import Any, Unpack
from uuid import UUID, uuid4

from application.consultation_calendar import ConsultationCalendar, today
from application.recorded import Recorded
from application.sealed_texts import open_text, seal_text
from domain.consultation import check_contribution_text, has_ended, is_open
from domain.dialogue import Dialogue
from domain.errors import InvalidActError

SORTS = ("date", "support")
PAGE_SIZE = 20
__all__ = ["ConsultationActs", "today"]


class ConsultationActs(ConsultationCalendar):
    """The ``DialogueApp`` methods of public consultations (their calendar and followers:
    ``application.consultation_calendar``)."""

    def open_consultation(
        self, account_id: str, dialogue_id: UUID, **fields: Unpack[Dialogue.PublicConsultationFields]
    ) -> Recorded:
        """The answer's id is the consultation's."""
        consultation_id = uuid4()
        recorded = self._on_dialogue(
            "consultation-opened",
            account_id,
            dialogue_id,
            lambda d, by: d.open_consultation(by, consultation_id=consultation_id, **fields),
        )
        return Recorded(consultation_id, recorded.position, recorded.positions)

    def close_consultation(
        self, account_id: str, dialogue_id: UUID, **fields: Unpack[Dialogue.ConsultationClosingFields]
    ) -> Recorded:
        day = self.consultation_day()
        return self._on_dialogue(
            "consultation-closed",
            account_id,
            dialogue_id,
            lambda d, by: d.close_consultation(by, today=day, **fields),
        )

    def synthesise_consultation(
        self, account_id: str, dialogue_id: UUID, **fields: Unpack[Dialogue.ConsultationSynthesisFields]
    ) -> Recorded:
        day = self.consultation_day()
        return self._on_dialogue(
            "consultation-synthesised",
            account_id,
            dialogue_id,
            lambda d, by: d.synthesise_consultation(by, today=day, **fields),
        )

    def contribute_as_citizen(
        self,
        account_id: str,
        dialogue_id: UUID,
        *,
        text: str,
        **fields: Unpack[Dialogue.CitizenContributionFields],
    ) -> Recorded:
        """A confirmed citizen's contribution; the answer's id is the contribution's."""
        words = check_contribution_text(text)
        day = self.consultation_day()
        contribution_id = uuid4()
        citizen = self._citizen_pseudonym(account_id) or ""
        sealed = seal_text(self.vault, contribution_id, words)
        recorded = self._on_dialogue(
            "citizen-contributed",
            account_id,
            dialogue_id,
            lambda d, by: d.contribute_as_citizen(
                by,
                today=day,
                contribution_id=contribution_id,
                pseudonym=citizen,
                sealed_text=sealed,
                **fields,
            ),
        )
        return Recorded(contribution_id, recorded.position, recorded.positions)

    def edit_citizen_contribution(
        self, account_id: str, dialogue_id: UUID, *, text: str,
        **fields: Unpack[Dialogue.CitizenContributionEditFields],
    ) -> Recorded:  # fmt: skip
        """The author's new version, sealed under the contribution's own key (shredding takes them all)."""
        words = check_contribution_text(text)
        day = self.consultation_day()
        contribution_id = (
            UUID(str(fields["contribution_id"])) if _is_uuid(fields["contribution_id"]) else None
        )
        if contribution_id is None or not self.vault.held([str(contribution_id)]):
            raise InvalidActError("contribution_id", "must be the id of a contribution", code="part-id")
        sealed = self.vault.seal(contribution_id, {"text": words})
        return self._on_dialogue(
            "citizen-contribution-edited",
            account_id,
            dialogue_id,
            lambda d, by: d.edit_citizen_contribution(by, today=day, sealed_text=sealed, **fields),
        )

    def withdraw_citizen_contribution(
        self,
        account_id: str,
        dialogue_id: UUID,
        **fields: Unpack[Dialogue.CitizenContributionWithdrawalFields],
    ) -> Recorded:
        return self._on_dialogue(
            "citizen-contribution-withdrawn",
            account_id,
            dialogue_id,
            lambda d, by: d.withdraw_citizen_contribution(by, **fields),
        )

    def support_citizen_contribution(
        self, account_id: str, dialogue_id: UUID, **fields: Unpack[Dialogue.CitizenSupportFields]
    ) -> Recorded:
        day = self.consultation_day()
        return self._on_dialogue(
            "citizen-contribution-supported",
            account_id,
            dialogue_id,
            lambda d, by: d.support_citizen_contribution(by, today=day, **fields),
        )

    # --- queries ------------------------------------------------------------

    def consultations(self, dialogue_id: UUID) -> list[dict[str, Any]]:
        """The dialogue's consultations, latest first, each with its state today and its counts."""
        dialogue = self._dialogue(dialogue_id)
        if dialogue.made_public is None:
            return []
        day = self.consultation_day()
        return [self._summary(c, day) for c in reversed(dialogue.consultations.values())]

    def _summary(self, consultation: dict[str, Any], day: date) -> dict[str, Any]:
        contributions = consultation["contributions"].values()
        counts = {kind: 0 for kind in consultation["kinds"]}
        for contribution in contributions:
            counts[contribution["kind"]] = counts.get(contribution["kind"], 0) + 1
        state = (
            "open" if is_open(consultation, day) else "ended" if has_ended(consultation, day) else "coming"
        )
        return {
            **{k: v for k, v in consultation.items() if k != "contributions"},
            "state": state,
            "contributions_count": len(contributions),
            "supports_count": sum(len(c["supporters"]) for c in contributions),
            "counts": counts,
        }

    def consultation_page(
        self, dialogue_id: UUID, consultation_id: str, *, sort: str = "date", page: int = 1, viewer: str = ""
    ) -> dict[str, Any] | None:
        """A consultation and one page of its contributions (texts opened from the vault; a shredded
        one is None), sorted by date (latest first) or support; None if there is no such consultation.
        The first read after a consultation's first or last day records its start or end, if the
        notifier has not yet."""
        if self._dialogue(dialogue_id).due_consultation_dates(self.consultation_day()):
            self.reach_dates_of(dialogue_id)
        dialogue = self._dialogue(dialogue_id)
        consultation = dialogue.consultations.get(consultation_id)
        if consultation is None or dialogue.made_public is None:
            return None
        listed = list(consultation["contributions"].values())
        if sort == "support":
            listed.sort(key=lambda c: (len(c["supporters"]), c["posted_at"]), reverse=True)
        else:
            listed.sort(key=lambda c: c["posted_at"], reverse=True)
        pages = max(1, -(-len(listed) // PAGE_SIZE))
        page = min(max(1, page), pages)
        shown = listed[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
        return {
            **self._summary(consultation, self.consultation_day()),
            "dialogue_title": dialogue.title,
            "contributions": [self._public_contribution(dialogue, c, viewer) for c in shown],
            "page": page,
            "pages": pages,
            "sort": sort if sort in SORTS else "date",
            "following": self.follows_consultation(viewer, consultation_id),
        }

    def _public_contribution(
        self, dialogue: Dialogue, contribution: dict[str, Any], viewer: str
    ) -> dict[str, Any]:
        """Its text unless withdrawn, hidden or shredded (``moderation`` says which); None once shredded."""
        status = self.moderation_status(dialogue, "contribution", contribution["contribution_id"])  # type: ignore[attr-defined]
        if status is None and contribution.get("withdrawn"):
            status = {"state": "withdrawn", "at": contribution["withdrawn"]}
        text = (
            None
            if status
            else open_text(self.vault, contribution["contribution_id"], contribution["sealed_text"])
        )
        return {
            "moderation": status,
            "version": contribution.get("version", 1),
            "contribution_id": contribution["contribution_id"],
            "kind": contribution["kind"],
            "pseudonym": contribution["pseudonym"],
            "posted_at": contribution["posted_at"],
            "supports": len(contribution["supporters"]),
            "text": text,
            "shredded": text is None and (status is None or status["state"] == "shredded"),
            "own": bool(viewer) and contribution["author"] == viewer,
            "supported": bool(viewer) and viewer in contribution["supporters"],
        }

    def own_contribution(
        self, dialogue_id: UUID, consultation_id: str, contribution_id: str, viewer: str
    ) -> dict[str, Any] | None:
        """The viewer's own contribution as its edit page shows it; None if it is not theirs."""
        dialogue = self._dialogue(dialogue_id)
        consultation = dialogue.consultations.get(consultation_id)
        found = None if consultation is None else consultation["contributions"].get(contribution_id)
        if consultation is None or found is None or not viewer or found["author"] != viewer:
            return None
        shown = self._public_contribution(dialogue, found, viewer)
        return {
            **shown,
            "question": consultation["question"],
            "open": is_open(consultation, self.consultation_day()),
        }

    def citizen_contributions(self, dialogue_id: UUID) -> list[dict[str, Any]]:
        """Every citizen's contribution of the dialogue's consultations, oldest first (open data, the
        shared diagnosis)."""
        dialogue = self._dialogue(dialogue_id)
        found = []
        for consultation in dialogue.consultations.values():
            for contribution in consultation["contributions"].values():
                public = self._public_contribution(dialogue, contribution, "")
                del public["own"], public["supported"], public["shredded"]
                public["moderation"] = (public["moderation"] or {}).get("state", "")
                found.append({"consultation_id": consultation["consultation_id"], **public})
        return sorted(found, key=lambda c: c["posted_at"])


def _is_uuid(value: object) -> bool:
    try:
        UUID(str(value))
    except ValueError:
        return False
    return True
