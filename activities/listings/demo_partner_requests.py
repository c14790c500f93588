"""Demo requests to become a partner, for seed_demo: three waiting for staff and one declined. Written
straight to the table, as the public form would leave them, so seeding sends no email."""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from activities.listings.models import PartnerRequest
from partners.models import Locality

# (organisation, charity number, company number, what they run, where, locality slugs)
REQUESTS = [
    (
        "Holme Valley Ukulele Club",
        "1187654",
        "",
        "A friendly ukulele group for complete beginners and improvers. We meet every Tuesday evening, "
        "lend instruments to anyone who needs one and play a few gigs a year at local care homes.",
        "Holmfirth Civic Hall, HD9 3AS",
        ["kirklees"],
    ),
    (
        "Wakefield Wild Walks CIC",
        "",
        "12345678",
        "Gentle nature walks of two to four miles with a cup of tea at the end, led by volunteers trained "
        "in Mental Health First Aid. Walks are free and we welcome carers and dogs.",
        "Pugneys Country Park, Thornes Park, Newmillerdam",
        ["wakefield"],
    ),
    (
        "Pennine Print Collective",
        "SC048213",
        "SC612345",
        "Printmaking workshops (lino, screen and risograph) for adults who would like a calm, "
        "creative space. "
        "Materials are provided and no experience is needed.",
        "Hebden Bridge and Halifax town centre",
        ["calderdale", "kirklees"],
    ),
]

DECLINED = (
    "Barnsley Crypto Trading Club",
    "",
    "",
    "Weekly sessions on trading crypto currencies for profit.",
    "Barnsley",
    ["barnsley"],
    "Creative Minds partners run creative and active things to do that help people's mental health, "
    "and trading for profit is not something we can list or refer people to. Thank you for thinking of us.",
)

NAMES = ["Alex Morgan", "Sam Patel", "Jo Hughes", "Chris Lee", "Pat Okafor", "Robin Shaw"]


def make_demo_partner_requests(*, rng: random.Random) -> int:
    """Three new requests received over the last fortnight and one declined last month. Returns how
    many were made."""
    localities = {locality.slug: locality for locality in Locality.objects.all()}
    now = timezone.now()
    made = 0
    for organisation, charity, company, what, where, areas in REQUESTS:
        _request(rng, organisation, charity, company, what, where, areas, localities)
        made += 1
    organisation, charity, company, what, where, areas, reason = DECLINED
    declined = _request(rng, organisation, charity, company, what, where, areas, localities)
    PartnerRequest.objects.filter(pk=declined.pk).update(
        status=PartnerRequest.Status.DECLINED,
        decided_at=now - datetime.timedelta(days=rng.randint(20, 35)),
        decline_reason=reason,
        created_at=now - datetime.timedelta(days=rng.randint(40, 50)),
    )
    return made + 1


def _request(rng, organisation, charity, company, what, where, areas, localities) -> PartnerRequest:
    name = rng.choice(NAMES)
    email_name = name.lower().replace(" ", ".")
    domain = "".join(word for word in organisation.lower().split() if word.isalpha())[:20]
    partner_request = PartnerRequest.objects.create(
        organisation=organisation,
        charity_number=charity,
        company_number=company,
        website=f"https://www.{domain}.example.org",
        contact_name=name,
        contact_email=f"{email_name}@{domain}.example.org",
        contact_phone=f"01484 {rng.randint(100000, 999999)}",
        what_they_run=what,
        where=where,
    )
    partner_request.localities.set([localities[slug] for slug in areas if slug in localities])
    # auto_now_add sets "received" to now; spread them out as real requests would be.
    PartnerRequest.objects.filter(pk=partner_request.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=rng.randint(1, 14), hours=rng.randint(0, 23))
    )
    return partner_request
