from .activity import ActivityIndexPage, ActivityPage
from .category import Category
from .participant import Attendance, Participant, WellbeingCheckIn, new_token
from .referral import ConsentRecord, Referral, ReferralStatusChange, RetentionRun
from .session import ActivitySession

__all__ = [
    "ActivityIndexPage",
    "ActivityPage",
    "ActivitySession",
    "Attendance",
    "Category",
    "ConsentRecord",
    "Participant",
    "Referral",
    "ReferralStatusChange",
    "RetentionRun",
    "WellbeingCheckIn",
    "new_token",
]
