from .moderation import StoryModerationTask
from .reporter import ReporterProfile
from .story import StoryIndexPage, StoryPage
from .theme import Theme

__all__ = ["ReporterProfile", "StoryIndexPage", "StoryModerationTask", "StoryPage", "Theme"]
