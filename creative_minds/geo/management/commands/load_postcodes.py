from django.core.management.base import BaseCommand

from creative_minds.geo.loader import load_postcodes


class Command(BaseCommand):
    help = "Load the shipped ONS/OS postcode tables (once; --force reloads)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Reload even if already loaded.")

    def handle(self, *args, force=False, **options):
        postcodes, areas = load_postcodes(force=force)
        self.stdout.write(f"Postcode tables hold {postcodes:,} postcodes and {areas:,} areas.")
