from .champion import ChampionProfile, DigestSent
from .participant import Attendance, Participant, WellbeingCheckIn, new_token
from .referral import ConsentRecord, Referral, ReferralStatusChange, RetentionRun

__all__ = [
    "Attendance",
    "ChampionProfile",
    "ConsentRecord",
    "DigestSent",
    "Participant",
    "Referral",
    "ReferralStatusChange",
    "RetentionRun",
    "WellbeingCheckIn",
    "new_token",
]
