"""A partner's record, for collective members deciding on funding: referrals taken up, attendance and
wellbeing change, each disclosed as on /impact/. partners asks for it through the
"partner_record_figures" hook (home/wagtail_hooks.py), since partners imports nothing of home."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Count, Q

from activities.referrals.models import Attendance, Participant, Referral
from home.impact.disclosure import FEWER_THAN_TEXT, MIN_GROUP, disclose_count, paired_change, shows_stats
from home.impact.figures import paired_scores
from home.impact.text import answers_needed, change_text, interval_text, range_text


def partner_figures(partner_ids: Iterable[int]) -> dict[int, list[tuple[str, str]]]:
    """Each partner's referrals taken up, attendance and wellbeing change, in three queries.

    Each is disclosed as on /impact/; no totals across partners are shown, so no row needs
    secondary suppression.
    """
    partner_ids = list(partner_ids)
    referrals = {
        partner_id: (made, joined)
        for partner_id, made, joined in Referral.objects.filter(activity__partner_id__in=partner_ids)
        .values("activity__partner_id")
        .annotate(made=Count("pk"), joined=Count("pk", filter=Q(status=Referral.Status.JOINED)))
        .values_list("activity__partner_id", "made", "joined")
    }
    attendance = {
        partner_id: (visits, people)
        for partner_id, visits, people in Attendance.objects.filter(
            participant__activity__partner_id__in=partner_ids
        )
        .values("participant__activity__partner_id")
        .annotate(visits=Count("pk"), people=Count("participant", distinct=True))
        .values_list("participant__activity__partner_id", "visits", "people")
    }
    pairs_of: dict[int, list[tuple[Decimal, Decimal]]] = defaultdict(list)
    for partner_id, baseline, follow_up in paired_scores(
        Participant.objects.filter(activity__partner_id__in=partner_ids)
    ).values_list("activity__partner_id", "baseline", "follow_up"):
        pairs_of[partner_id].append((baseline, follow_up))

    figures = {}
    for partner_id in partner_ids:
        made, joined = referrals.get(partner_id, (0, 0))
        visits, people = attendance.get(partner_id, (0, 0))
        pairs = pairs_of.get(partner_id, [])
        figures[partner_id] = [
            ("Referrals taken up", _referrals_text(made, joined)),
            ("Attendance", _attendance_text(visits, people)),
            ("Wellbeing change", _partner_wellbeing_text(pairs)),
        ]
    return figures


# A part can never outnumber its whole, so when the whole is "fewer than 8" the part is too: saying
# it twice ("fewer than 8 of fewer than 8") tells the reader nothing more and reads oddly.


def _referrals_text(made: int, joined: int) -> str:
    if not made:
        return "No referrals yet"
    shown = disclose_count(made)
    if shown.suppressed:
        return f"{FEWER_THAN_TEXT.capitalize()} referrals so far"
    return f"{disclose_count(joined)} of {shown}"


def _attendance_text(visits: int, people: int) -> str:
    shown = disclose_count(visits)
    if shown.suppressed:
        return f"{FEWER_THAN_TEXT.capitalize()} session visits so far"
    return f"{shown} session visits by {disclose_count(people)} people"


def _partner_wellbeing_text(pairs: list[tuple[Decimal, Decimal]]) -> str:
    shown = disclose_count(len(pairs))
    if not shows_stats(shown, len(pairs)):
        needed = range_text(*answers_needed(shown, len(pairs)))
        return f"Shown once {MIN_GROUP} people have answered twice ({needed} more needed)"
    change = paired_change(pairs)
    return (
        f"{change_text(change.mean_change)} points on average (95% confidence interval "
        f"{interval_text(change)}), from {shown} people who answered twice"
    )


# ---------------------------------------------------------------------------
