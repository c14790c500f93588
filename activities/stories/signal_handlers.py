"""A story published or taken down shows on /stories/, its activity and partner pages at once, not
when their cached copies expire: the page cache forgets every page (one cache write).

A story made from someone's answer (StoryPage.from_answer) lives only as long as the answer: when
the answer is deleted (the person withdrew consent for their wellbeing answers) the story is
withdrawn, whatever state it is in. The referrals app deletes answers and may not import stories, so
the stories app listens for the deletion. Retention only blanks an answer's words (referrals.
retention.remove_written_answers): the story stands on its own consent record, and is still
withdrawn if the person later withdraws their wellbeing consent."""

from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from activities.referrals.models import WellbeingCheckIn
from activities.stories import services
from activities.stories.models import StoryPage

ANSWER_DELETED = "The answer it was made from was deleted"


@receiver(page_published, sender=StoryPage)
@receiver(page_unpublished, sender=StoryPage)
@receiver(post_delete, sender=StoryPage)
def forget_cached_pages(sender, **kwargs):
    services.forget_shown_stories()


@receiver(post_delete, sender=WellbeingCheckIn)
def withdraw_stories_made_from_a_deleted_answer(sender, instance, **kwargs):
    # Only an answered follow-up can have had a quotable answer: no query for any other check-in. Not
    # its words or sharing choice, which retention may have blanked since the story was made.
    if (
        instance.kind != WellbeingCheckIn.Kind.FOLLOW_UP
        or instance.status != WellbeingCheckIn.Status.ANSWERED
    ):
        return
    for story in StoryPage.objects.filter(from_answer=instance.public_id, withdrawn_at__isnull=True):
        services.withdraw_story(story=story, user=None, reason=ANSWER_DELETED)
