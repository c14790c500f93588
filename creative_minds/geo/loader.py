"""Load the shipped postcode CSVs (creative_minds/data) into the Postcode tables."""

import csv
from pathlib import Path

from django.db import transaction

from .models import Postcode, PostcodeArea

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
BATCH = 5000


def _rows(name: str):
    with open(DATA_DIR / name, newline="", encoding="utf-8") as handle:
        yield from csv.DictReader(handle)


def _postcodes():
    for row in _rows("postcodes.csv"):
        yield Postcode(
            compact=row["postcode"].replace(" ", ""),
            postcode=row["postcode"],
            latitude=float(row["latitude"]),
            longitude=float(row["longitude"]),
            local_authority=row["local_authority"],
            local_authority_code=row["local_authority_code"],
            is_live=row["status"] == "live",
        )


def _areas():
    # The UK district file comes first so the richer local rows replace its duplicates.
    seen: dict[str, PostcodeArea] = {}
    sources = [
        ("postcode_districts_uk.csv", "district", PostcodeArea.Kind.DISTRICT),
        ("postcode_districts.csv", "district", PostcodeArea.Kind.DISTRICT),
        ("postcode_sectors.csv", "sector", PostcodeArea.Kind.SECTOR),
    ]
    for filename, column, kind in sources:
        for row in _rows(filename):
            code = row[column]
            seen[code.replace(" ", "")] = PostcodeArea(
                compact=code.replace(" ", ""),
                code=code,
                kind=kind,
                latitude=float(row["latitude"]),
                longitude=float(row["longitude"]),
                local_authority=row["local_authority"],
                in_four_boroughs=row.get("in_four_boroughs") == "1",
            )
    return seen.values()


@transaction.atomic
def load_postcodes(*, force: bool = False) -> tuple[int, int]:
    """Fill both tables once; returns (postcodes, areas). `force` reloads from scratch."""
    if not force and Postcode.objects.exists() and PostcodeArea.objects.exists():
        return Postcode.objects.count(), PostcodeArea.objects.count()
    Postcode.objects.all().delete()
    PostcodeArea.objects.all().delete()
    Postcode.objects.bulk_create(_postcodes(), batch_size=BATCH)
    PostcodeArea.objects.bulk_create(list(_areas()), batch_size=BATCH)
    return Postcode.objects.count(), PostcodeArea.objects.count()
