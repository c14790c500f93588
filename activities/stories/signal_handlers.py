"""A story published or taken down shows on /stories/, its activity and partner pages at once, not
when their cached copies expire: the page cache forgets every page (one cache write)."""

from django.db import transaction
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from activities.stories.models import StoryPage
from creative_minds.page_cache import forget_pages


@receiver(page_published, sender=StoryPage)
@receiver(page_unpublished, sender=StoryPage)
def forget_cached_pages(sender, **kwargs):
    transaction.on_commit(forget_pages)
