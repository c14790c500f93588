from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = "Activities"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from activities import facet_index
        from activities.models import ActivityPage, ActivitySession, Category
        from partners.models import Locality, PartnerPage

        # Anything the search index holds changing marks every process's copy stale.
        for model in (ActivityPage, ActivitySession, Category, Locality, PartnerPage):
            post_save.connect(
                facet_index.bump, sender=model, dispatch_uid=f"facet-index-save-{model.__name__}"
            )
            post_delete.connect(
                facet_index.bump, sender=model, dispatch_uid=f"facet-index-delete-{model.__name__}"
            )
        m2m_changed.connect(
            facet_index.bump, sender=ActivityPage.categories.through, dispatch_uid="facet-index-categories"
        )
