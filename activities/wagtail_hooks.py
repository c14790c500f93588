from wagtail import hooks

from activities.viewsets import DirectoryViewSetGroup


@hooks.register("register_admin_viewset")
def register_directory():
    return DirectoryViewSetGroup()
