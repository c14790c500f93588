"""What serving a page reads about the pages above it, held by each process
(creative_minds.process_copies) instead of read with three queries for every page shown: the
ancestors its breadcrumbs name, and whether a view restriction or an alias lies on its way down
from the root.

Every ancestor has children, so what is held changes only when a page with children is saved
(a new title, a new slug) or deleted, when a page is moved, when a view restriction is added or removed, or
when an alias is made: each of those calls process_copies.changed(). Leaf pages (the activities,
the partners) are saved often and change nothing held.
"""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import post_page_move

from creative_minds import process_copies

RESTRICTED_OR_ALIASED_AS = "page-tree:restricted-or-aliased"
ANCESTORS_AS = "page-tree:ancestors-below-root-of:"


class HeldViewRestrictionsMixin:
    """A page type whose view restrictions are looked up in the database only when one may apply.

    Wagtail checks every page it serves with two queries (its ancestors, then their restrictions),
    though almost no page has a restriction on its way down from the root. When none of this page
    and its ancestors is restricted or an alias (an alias takes its source page's restrictions),
    the answer is an empty queryset, which runs no query; otherwise Wagtail's own look-up runs."""

    def get_view_restrictions(self):
        if self.alias_of_id is None and not may_be_restricted(self.path):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


def may_be_restricted(path: str) -> bool:
    """Whether the page at `path`, or one of its ancestors, has a view restriction or is an alias."""
    held = _restricted_or_aliased_paths()
    return any(path[:end] in held for end in range(Page.steplen, len(path) + 1, Page.steplen))


def ancestors_below_root(page) -> list:
    """The page's ancestors from depth 2 down, as plain Page rows (a crumb needs only the title and
    the address), in order from the top. Held per parent: there are as many parents as pages with
    children, so the number held cannot grow with what requests ask for."""
    if page.depth <= 2:
        return []
    parent_path = page.path[: -Page.steplen]
    return process_copies.held(
        ANCESTORS_AS + parent_path, lambda: list(page.get_ancestors().filter(depth__gt=1))
    )


def _restricted_or_aliased_paths() -> frozenset:
    return process_copies.held(
        RESTRICTED_OR_ALIASED_AS,
        lambda: (
            frozenset(Page.objects.filter(alias_of__isnull=False).values_list("path", flat=True).order_by())
            | frozenset(PageViewRestriction.objects.values_list("page__path", flat=True).order_by())
        ),
    )


def forget_page_tree(**kwargs) -> None:
    process_copies.changed()


# The home page's children (the search, the partner directory, the about page...): held by each
# process whether or not they have children of their own (direct_pages.held_index_page).
TOP_LEVEL_DEPTH = 3


def forget_if_held(sender, instance, **kwargs) -> None:
    """A page saved or deleted changes what is held if it has children (an ancestor's title or
    address; a deleted one's path may be given to a new page), is an alias (whose source's
    restrictions apply below it) or is a top-level page."""
    if isinstance(instance, Page) and (instance.numchild or instance.alias_of_id or _is_top_level(instance)):
        process_copies.changed()


def _is_top_level(page) -> bool:
    return page.depth is not None and page.depth <= TOP_LEVEL_DEPTH  # None: not in the tree yet


def connect_signals() -> None:
    """Forget what is held when it may have changed (CreativeMindsConfig.ready calls this)."""
    post_save.connect(forget_if_held, dispatch_uid="creative-minds-page-tree-page-saved")
    post_delete.connect(forget_if_held, dispatch_uid="creative-minds-page-tree-page-deleted")
    post_page_move.connect(forget_page_tree, dispatch_uid="creative-minds-page-tree-page-moved")
    for signal, happened in ((post_save, "saved"), (post_delete, "deleted")):
        signal.connect(
            forget_page_tree,
            sender=PageViewRestriction,
            dispatch_uid=f"creative-minds-page-tree-restriction-{happened}",
        )
