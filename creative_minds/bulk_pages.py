"""Many new pages under one parent in a fixed number of statements, whatever their number.

`Page.add_child` takes a lock on the parent, reads its last child, inserts one page, updates the
parent and sends `post_save`, whose receivers write the search index and the reference index for
that one page: about 30 statements a page, and on PostgreSQL Wagtail's search backend re-reads its
whole table after each one. Here the tree columns are worked out in memory for a whole batch, each
table gets one multi-row INSERT (split only where the database limits the parameters of one
statement), and both indexes are written for the batch at once.

No signal is sent for these pages: the caller refreshes whatever listens for saves once it is done
(the activity search's version, for one). The pages are trusted as given: each slug must be free
under the parent (checked, in one query) and every field valid; an import of outside data runs each
page's `full_clean()` first.
"""

from collections.abc import Sequence
from typing import TypeVar

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import F
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import get_all_child_relations
from wagtail.models import Page, ReferenceIndex
from wagtail.search.backends import get_search_backends

P = TypeVar("P", bound=Page)


class SlugInUse(ValueError):
    """A new page's slug is already taken under the parent."""


def add_children(parent: Page, pages: Sequence[P]) -> list[P]:
    """Insert `pages` (new, unsaved, all of one model) as the last children of `parent`, in order,
    with their in-memory child objects (an Orderable's rows) and parental many-to-many choices.

    Call it inside a transaction: the parent's row is locked until it ends, as `add_child` does.
    """
    if not pages:
        return []
    model = type(pages[0])
    if any(type(page) is not model for page in pages):
        raise TypeError("add_children takes pages of one model at a time.")
    parent = Page.objects.select_for_update().get(pk=parent.pk)
    _refuse_taken_slugs(parent, pages)
    _place_in_tree(parent, pages)
    Page.objects.bulk_create(pages)
    for page in pages:
        page.page_ptr_id = page.id  # the row just made is the specific row's parent link
    _insert_specific_rows(model, pages)
    _insert_child_objects(model, pages)
    _insert_parental_choices(model, pages)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
    return list(pages)


def index_pages(model: type[Page], page_ids: Sequence[int]) -> None:
    """Write the search index and the reference index for new pages of `model`, once for them
    all: what `post_save` would have written page by page."""
    # Read once for both. The search reads parental many-to-many choices (an activity's
    # categories) once for each of title, body and autocomplete, and modelsearch leaves them out
    # of its prefetching; the reference index reads every child relation.
    choices = [field.name for field in _parental_choices(model)]
    children = [relation.get_accessor_name() for relation in get_all_child_relations(model)]
    pages = list(
        model.get_indexed_objects()
        .filter(pk__in=page_ids)
        .prefetch_related(*choices, *children)
        .order_by("pk")
    )
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(model, pages)
    _add_references(model, pages)


def _refuse_taken_slugs(parent: Page, pages: Sequence[Page]) -> None:
    slugs = [page.slug for page in pages]
    if len(set(slugs)) != len(slugs):
        raise SlugInUse("Two of the new pages have the same slug.")
    taken = list(parent.get_children().filter(slug__in=slugs).values_list("slug", flat=True)[:5])
    if taken:
        raise SlugInUse(f"These slugs are already in use under {parent.url_path}: {', '.join(taken)}.")


def _place_in_tree(parent: Page, pages: Sequence[Page]) -> None:
    """What `add_child` and `Page.save` set on a new page: its path after the parent's last child,
    depth, URL path, locale (the parent's) and draft title."""
    last_path = parent.get_children().order_by("-path").values_list("path", flat=True).first()
    after = Page._str2int(last_path[-Page.steplen :]) if last_path else 0
    depth = parent.depth + 1
    for step, page in enumerate(pages, start=after + 1):
        page.depth = depth
        page.path = Page._get_path(parent.path, depth, step)
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.draft_title = page.draft_title or page.title
        if page.locale_id is None:
            page.locale_id = parent.locale_id
    if len(pages[-1].path) > Page._meta.get_field("path").max_length:
        raise ValueError(f"Too many pages under {parent.url_path} for the tree's paths.")


def _insert_specific_rows(model: type[Page], pages: Sequence[Page]) -> None:
    """The rows of each table between Page and `model` (Django's bulk_create stops at the first
    table of a multi-table model), through the manager's own insert, as `Model.save()` does."""
    for table_model in [*reversed(model._meta.get_parent_list()), model]:
        if table_model is Page or table_model._meta.concrete_model is Page:
            continue
        fields = table_model._meta.local_concrete_fields
        size = connection.ops.bulk_batch_size(fields, pages) or len(pages)
        for start in range(0, len(pages), size):
            table_model._base_manager._insert(pages[start : start + size], fields=fields)


def _insert_child_objects(model: type[Page], pages: Sequence[Page]) -> None:
    """Each page's in-memory child objects (an InlinePanel's rows), numbered as modelcluster
    numbers them when a page is saved."""
    for relation in get_all_child_relations(model):
        name, rows = relation.get_accessor_name(), []
        for page in pages:
            # Only what was given: asking a relation no one set would read the database (for
            # nothing: the page is new) once per page.
            if name not in getattr(page, "_cluster_related_objects", {}):
                continue
            for order, child in enumerate(getattr(page, name).all()):
                setattr(child, relation.field.attname, page.pk)
                if hasattr(child, "sort_order") and child.sort_order is None:
                    child.sort_order = order
                rows.append(child)
        relation.related_model.objects.bulk_create(rows)


def _parental_choices(model: type[Page]) -> list[ParentalManyToManyField]:
    return [field for field in model._meta.get_fields() if isinstance(field, ParentalManyToManyField)]


def _insert_parental_choices(model: type[Page], pages: Sequence[Page]) -> None:
    for field in _parental_choices(model):
        through = field.remote_field.through
        source, target = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
        through.objects.bulk_create(
            through(**{source: page.pk, target: chosen.pk})
            for page in pages
            for chosen in getattr(page, field.name).all()
        )


def _add_references(model: type[Page], pages: Sequence[Page]) -> None:
    """The reference index rows `ReferenceIndex.create_or_update_for_object` makes for a new
    page, for all of them in one insert: a new page has no earlier rows to compare with."""
    if not ReferenceIndex.is_indexed(model):
        return
    content_type = ContentType.objects.get_for_model(model)
    base_content_type = ContentType.objects.get_for_model(Page)
    rows = [
        ReferenceIndex(
            content_type=content_type,
            base_content_type=base_content_type,
            object_id=page.pk,
            to_content_type_id=to_content_type_id,
            to_object_id=to_object_id,
            model_path=model_path,
            content_path=content_path,
            content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
        )
        for page in pages
        for to_content_type_id, to_object_id, model_path, content_path in set(
            ReferenceIndex._extract_references_from_object(page)
        )
    ]
    # As Wagtail does: a row already there (the pages indexed twice) is left as it is.
    ReferenceIndex.objects.bulk_create(rows, ignore_conflicts=connection.features.supports_ignore_conflicts)
