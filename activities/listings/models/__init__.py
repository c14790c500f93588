from activities.listings.models.moderation import ListingModerationTask
from activities.listings.models.partner_request import PartnerRequest
from activities.listings.models.problem_report import ProblemReport

__all__ = ["ListingModerationTask", "PartnerRequest", "ProblemReport"]
