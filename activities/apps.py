from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save

from creative_minds.serving import build_before_fork, warm_up_with


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = "Activities"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported here because they load models, which cannot happen before the app registry is
        # ready (this module is imported while it is being filled).
        from activities.models import ActivityPage, ActivitySession, Category, SearchSynonym  # noqa: PLC0415
        from activities.search import facet_index  # noqa: PLC0415
        from activities.search.selectors import busiest_addresses  # noqa: PLC0415
        from partners.models import Locality, PartnerPage  # noqa: PLC0415

        # A gunicorn master builds the indexes once, and its workers share them (creative_minds.serving).
        build_before_fork(facet_index.build_every_copy, stale=facet_index.any_copy_stale)
        # ...and serves itself these pages first, so that new workers start warm.
        warm_up_with(busiest_addresses)

        # Anything the search index holds changing marks every process's copy stale.
        for model in (ActivityPage, ActivitySession, Category, SearchSynonym, Locality, PartnerPage):
            post_save.connect(
                facet_index.bump, sender=model, dispatch_uid=f"facet-index-save-{model.__name__}"
            )
            post_delete.connect(
                facet_index.bump, sender=model, dispatch_uid=f"facet-index-delete-{model.__name__}"
            )
        m2m_changed.connect(
            facet_index.bump, sender=ActivityPage.categories.through, dispatch_uid="facet-index-categories"
        )
