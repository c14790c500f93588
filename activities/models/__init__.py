from .activity import ActivityIndexPage, ActivityPage
from .category import Category
from .session import ActivitySession

__all__ = [
    "ActivityIndexPage",
    "ActivityPage",
    "ActivitySession",
    "Category",
]
