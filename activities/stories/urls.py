"""The community reporters' pages, before Wagtail's own routing of /stories/ and its stories. The
permission table test (tests/stories/test_permission_table.py) must list every pattern here."""

from django.urls import include, path

from activities.stories import views

story_patterns = (
    [
        path("new/", views.new, name="new"),
        path("mine/", views.mine, name="mine"),
        path("mine/<uuid:public_id>/", views.edit, name="edit"),
        path("mine/<uuid:public_id>/send/", views.send, name="send"),
        path("mine/<uuid:public_id>/withdraw/", views.withdraw, name="withdraw"),
    ],
    "stories",
)

urlpatterns = [path("stories/", include(story_patterns))]
