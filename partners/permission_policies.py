"""Admin permission policies, registered in PartnersConfig.ready()."""

from wagtail.permission_policies import ModelPermissionPolicy


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Records that only services may write (votes, decisions, the ledger): staff can list,
    inspect and export them, never add, edit or delete them here."""

    WRITE_ACTIONS = {"add", "change", "delete"}

    def user_has_permission(self, user, action):
        return action not in self.WRITE_ACTIONS and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)
