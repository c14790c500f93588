"""Wagtail admin pieces for records that only services may write (votes, decisions, the ledger,
referrals, consent records): staff list, inspect and export them in the admin, never add, edit or
delete them there. Each app registers the policy for its own models in its AppConfig.ready()."""

from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Refuses add, change and delete whatever the user's permissions say; the rest is Django's."""

    WRITE_ACTIONS = {"add", "change", "delete"}

    def user_has_permission(self, user, action):
        return action not in self.WRITE_ACTIONS and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)


class ReadOnlyViewSet(ModelViewSet):
    """A listing with an inspect view, for a model whose ReadOnlyPolicy is registered."""

    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields: list[str] = []  # never shown: the policy refuses add and change
