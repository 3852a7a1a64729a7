"""The panels a step can show (see domain.workflows.base.PANELS): participants and sign-in,
representativeness, speeches, votes, evaluation criteria, the scoring grid, follow-ups.

A panel gets its host (the step view, seen through `host.PanelHost`), which runs each change as
one service call (`host.run`) with an undo entry, and calls `reload()` after every change."""

from .base import Panel
from .evaluation import CriteriaPanel, ScoringPanel, TallyPanel, tally_html
from .followups import FollowupsPanel
from .participants import ParticipantsPanel, RepresentativenessPanel
from .speeches import SpeechesPanel
from .votes import VotesPanel

PANEL_CLASSES = {
    "participants": lambda host: ParticipantsPanel(host, "pick"),
    "signin": lambda host: ParticipantsPanel(host, "signin"),
    "representativeness": RepresentativenessPanel,
    "speeches": SpeechesPanel,
    "votes": VotesPanel,
    "criteria": CriteriaPanel,
    "scoring": ScoringPanel,
    "followups": FollowupsPanel,
    "tally": TallyPanel,
}

__all__ = ["PANEL_CLASSES", "CriteriaPanel", "FollowupsPanel", "Panel",
           "ParticipantsPanel", "RepresentativenessPanel", "ScoringPanel", "SpeechesPanel", "TallyPanel",
           "VotesPanel", "tally_html"]
