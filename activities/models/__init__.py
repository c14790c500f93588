from .activity import ActivityIndexPage, ActivityPage
from .category import Category
from .session import ActivitySession
from .synonym import SearchSynonym

__all__ = [
    "ActivityIndexPage",
    "ActivityPage",
    "ActivitySession",
    "Category",
    "SearchSynonym",
]
