from .collective import Collective, JoinRequest, Membership
from .funding import (
    ConflictDeclaration,
    Decision,
    FundingApplication,
    FundingRound,
    InKindItem,
    LedgerEntry,
    Vote,
)
from .locality import Locality
from .partner import PartnerIndexPage, PartnerPage
from .people import PartnerContact

__all__ = [
    "Collective",
    "ConflictDeclaration",
    "Decision",
    "FundingApplication",
    "FundingRound",
    "InKindItem",
    "JoinRequest",
    "LedgerEntry",
    "Locality",
    "Membership",
    "PartnerContact",
    "PartnerIndexPage",
    "PartnerPage",
    "Vote",
]
