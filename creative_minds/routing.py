"""Page routing shared by the index pages whose children are all of one type."""

from django.apps import apps
from django.http import HttpResponse
from wagtail import hooks


class DirectChildRoutingMixin:
    """Route to a child page in one query, loading the specific page type straight away.

    Wagtail's own routing loads a generic Page, then the specific page in a second query (and
    any related object in a third). Index pages whose children are all `child_model` know the
    type in advance. `child_related` names foreign keys the child's page needs (select_related).
    """

    child_model: str = ""  # "app_label.ModelName"
    child_related: tuple[str, ...] = ()

    def route(self, request, path_components):
        if path_components:
            child = (
                apps.get_model(self.child_model)
                .objects.child_of(self)
                .select_related(*self.child_related)
                .filter(slug=path_components[0])
                .first()
            )
            if child is not None:
                child._cached_parent_obj = self  # as Page.route does, so get_parent() needs no query
                return child.route(request, path_components[1:])
        return super().route(request, path_components)


def serve_found_page(request, page, *, render):
    """Answer for a page found without Wagtail's tree walk, with the same hooks wagtail.views.serve
    runs (view restrictions, password and login checks, on_serve_page wrappers) around
    `render(request, page)`, which makes the response in place of the page's own serve()."""
    for hook in hooks.get_hooks("before_serve_page"):
        result = hook(page, request, [], {})
        if isinstance(result, HttpResponse):
            return result

    def serve(page, request, args, kwargs):
        return render(request, page)

    chain = serve
    for wrapper in reversed(hooks.get_hooks("on_serve_page")):
        chain = wrapper(chain)
    return chain(page, request, [], {})
