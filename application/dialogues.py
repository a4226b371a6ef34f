"""The application: one method per act of the three stages, accounts, invitations, erasure, queries,
what awaits each account."""

from application.collective_work import CollectiveWorkActs
from application.comments import CommentActs
from application.consultation import ConsultationActs
from application.documents import DocumentActs
from application.erasure import ErasureActs
from application.erasure_requests import ErasureRequests
from application.follow_up import FollowUpActs
from application.framing import FramingActs
from application.invitations import InvitationActs
from application.live_sessions import LiveSessionActs
from application.moderation import ModerationActs
from application.proposals import ProposalActs
from application.queries import Queries
from application.questionnaires import QuestionnaireActs
from application.to_do import ToDo


class DialogueApp(
    FramingActs,
    CollectiveWorkActs,
    ProposalActs,
    LiveSessionActs,
    FollowUpActs,
    DocumentActs,
    CommentActs,
    ConsultationActs,
    ModerationActs,
    QuestionnaireActs,
    InvitationActs,
    ErasureActs,
    Queries,
    ToDo,
):
    """Records every act of a territorial dialogue as an immutable event."""

    name = "Dialogues"
    """Fixed: it names the tables and environment keys, whatever subclass is used."""

    def __init__(self, env: dict[str, str] | None = None):
        super().__init__(env)
        self.requests = ErasureRequests(self.recorder.datastore)  # type: ignore[attr-defined]
        self.reapply_erasures()  # a restored backup: the register's later erasures, before any read
        self.reapply_shreddings()  # a shredding whose keys were not all deleted
