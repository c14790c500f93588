"""Money in the Wagtail admin, written the one way people read it (creative_minds.money.pounds).

A ModelViewSet that mixes in MoneyViewSetMixin names its amounts once, in `money_fields`:
- its listing shows them as "£2,500.50" (still sorted by the amount, not the text);
- its inspect view does the same;
- its CSV and XLSX exports keep them as numbers, so a spreadsheet can add them up, with "(£)" in
  the heading; XLSX cells carry a pounds number format, so Excel shows £2,500.50 too.
"""

from django.utils.functional import cached_property
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.models import IndexView, InspectView

from creative_minds.money import pounds

# Excel's own pounds format: £1,000.00, with thousands separators; the cell stays a number.
XLSX_POUNDS = '"£"#,##0.00'


class MoneyColumn(Column):
    """A listing column for an amount: "£2,500.50", blank for no amount."""

    def get_value(self, instance):
        return pounds(super().get_value(instance))


class MoneyIndexView(IndexView):
    """A listing whose `money_fields` show as pounds and export as numbers headed "(£)"."""

    money_fields: tuple[str, ...] = ()

    @cached_property
    def columns(self):
        return [
            MoneyColumn(column.name, label=column.label, sort_key=column.sort_key, classname=column.classname)
            if type(column) is Column and column.name in self.money_fields
            else column
            for column in super().columns
        ]

    def get_heading(self, queryset, field):
        heading = super().get_heading(queryset, field)
        return f"{heading} (£)" if field in self.money_fields else heading

    def generate_xlsx_row(self, worksheet, row_dict, date_format=None):
        cells = super().generate_xlsx_row(worksheet, row_dict, date_format=date_format)
        for field, cell in zip(row_dict, cells, strict=True):
            if field in self.money_fields:
                cell.number_format = XLSX_POUNDS
            yield cell


class MoneyInspectView(InspectView):
    """An inspect view whose `money_fields` show as pounds."""

    money_fields: tuple[str, ...] = ()

    def get_field_display_value(self, field_name, field):
        if field_name in self.money_fields:
            return pounds(getattr(self.object, field_name)) or "-"
        return super().get_field_display_value(field_name, field)


class MoneyViewSetMixin:
    """For a ModelViewSet: the fields in `money_fields` are amounts of money (see the module)."""

    money_fields: tuple[str, ...] = ()
    index_view_class = MoneyIndexView
    inspect_view_class = MoneyInspectView

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(money_fields=self.money_fields, **kwargs)

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(money_fields=self.money_fields, **kwargs)
