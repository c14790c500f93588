"""Who is a story moderator: the one predicate, in a module that imports no models, so the story page
model (its admin permission tester) and activities.stories.policy can both ask it."""


def is_story_moderator(user) -> bool:
    return user.is_authenticated and user.is_active and user.has_perm("stories.change_storypage")


def may_use_story_admin(user) -> bool:
    """Open, change or publish a story in the Wagtail admin: story moderators and superusers, not
    editors (whose page permissions reach every page). Stories are published only by moderation."""
    return user.is_active and (user.is_superuser or is_story_moderator(user))
