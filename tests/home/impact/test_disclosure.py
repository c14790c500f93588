"""Disclosure control for /impact/: small counts are hidden, hidden counts cannot be worked out from
the rest of the row, and wellbeing change is only given for groups of 30 or more."""

import itertools
import math
import random
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from home.impact import disclosure
from home.impact.disclosure import disclose_count, paired_change, suppress_table

# ---------------------------------------------------------------------------
# Single counts
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "text"),
    [
        (0, "0"),
        (1, "fewer than 8"),
        (2, "fewer than 8"),
        (7, "fewer than 8"),
        (8, "10"),
        (9, "10"),
        (10, "10"),
        (12, "10"),
        (13, "15"),
        (17, "15"),
        (18, "20"),
        (30, "30"),
        (32, "30"),
        (33, "35"),
        (1232, "1,230"),
        (1233, "1,235"),
    ],
)
def test_counts_are_shown_as_nhs_england_publishes_them(count, text):
    assert disclose_count(count).text == text
    assert str(disclose_count(count)) == text


def test_a_shown_count_carries_its_rounded_value_and_a_suppressed_one_none():
    assert disclose_count(13).value == 15
    assert not disclose_count(13).suppressed
    assert disclose_count(0).value == 0
    assert not disclose_count(0).suppressed
    assert disclose_count(7).value is None
    assert disclose_count(7).suppressed


@pytest.mark.parametrize(
    ("count", "low", "high"), [(0, 0, 0), (5, 1, 7), (8, 8, 12), (13, 13, 17), (30, 28, 32)]
)
def test_each_count_says_what_a_reader_can_tell_from_it(count, low, high):
    shown = disclose_count(count)

    assert (shown.low, shown.high) == (low, high)
    assert shown.low <= count <= shown.high


@pytest.mark.parametrize("count", [-1, 2.0, "3", True, None])
def test_only_whole_counts_of_zero_or_more_are_accepted(count):
    with pytest.raises(ValueError, match="whole number"):
        disclose_count(count)


# ---------------------------------------------------------------------------
# Secondary suppression
# ---------------------------------------------------------------------------


def _texts(row: disclosure.DisclosedRow) -> tuple[dict[str, str], str | None]:
    total = None if row.total is None else row.total.text
    return {name: cell.text for name, cell in row.cells.items()}, total


def _could_be(text: str, ceiling: int) -> range | list[int]:
    """Every true count a reader would accept for a published text, worked out without the code under test."""
    if text == "0":
        return [0]
    if text == "fewer than 8":
        return range(1, 8)
    if text == "not shown":
        # Only cells shown as 8 or more are ever hidden in this way, and a row cannot exceed its total.
        return range(8, ceiling + 1)
    shown = int(text.replace(",", ""))
    return [count for count in range(8, shown + 3) if abs(count - shown) <= 2]


def _possible_values(texts: dict[str, str], total_text: str) -> dict[str, set[int]]:
    """Brute force: every row of true counts that would publish as these texts (total included)."""
    totals = _could_be(total_text, 0)
    ceiling = max(totals)
    names = list(texts)
    seen = {name: set() for name in [*names, "total"]}
    leading = [_could_be(texts[name], ceiling) for name in names[:-1]]
    last_allowed = set(_could_be(texts[names[-1]], ceiling))
    for first_cells in itertools.product(*leading):
        for total in totals:
            last = total - sum(first_cells)
            if last in last_allowed:
                for name, count in zip(names, [*first_cells, last], strict=True):
                    seen[name].add(count)
                seen["total"].add(total)
    return seen


def _assert_no_hidden_figure_can_be_pinned(cells: dict[str, int]):
    texts, total_text = _texts(suppress_table(cells, sum(cells.values())))
    hidden = [name for name, text in texts.items() if text in ("fewer than 8", "not shown")]
    if total_text in ("fewer than 8", "not shown"):
        # With no shown total nothing adds up to anything, so a hidden cell is only what its label says.
        return
    possible = _possible_values(texts, total_text)
    for name in hidden:
        assert cells[name] in possible[name], (cells, texts, total_text)
        assert len(possible[name]) >= 2, (cells, texts, total_text, name, possible[name])


def test_without_secondary_suppression_the_hidden_cell_would_be_derivable():
    """The problem being solved: total minus the shown cell gives the hidden one."""
    cells = {"Kirklees": 20, "Calderdale": 3}
    total = 23

    assert total - cells["Kirklees"] == 3

    texts, total_text = _texts(suppress_table(cells, total))

    assert texts == {"Kirklees": "not shown", "Calderdale": "fewer than 8"}
    assert total_text == "25"


def test_a_row_whose_total_and_all_but_one_cell_are_shown_cannot_give_away_the_hidden_cell():
    cells = {"Barnsley": 40, "Calderdale": 25, "Kirklees": 5, "Wakefield": 18}

    row = suppress_table(cells, 88)
    texts, total_text = _texts(row)

    # The smallest other cell goes too, so there are two unknowns and one equation.
    assert texts == {
        "Barnsley": "40",
        "Calderdale": "25",
        "Kirklees": "fewer than 8",
        "Wakefield": "not shown",
    }
    assert total_text == "90"
    possible = _possible_values(texts, total_text)
    assert possible["Kirklees"] == set(range(1, 8))


def test_a_cell_of_7_shows_fewer_than_8():
    texts, _ = _texts(suppress_table({"Men": 7, "Women": 30}, 37))

    assert texts["Men"] == "fewer than 8"


def test_the_next_smallest_cell_is_hidden_not_a_zero():
    texts, total_text = _texts(suppress_table({"a": 0, "b": 4, "c": 9, "d": 50}, 63))

    assert texts == {"a": "0", "b": "fewer than 8", "c": "not shown", "d": "50"}
    assert total_text == "65"


def test_two_suppressed_cells_need_nothing_more_when_they_stay_uncertain():
    texts, total_text = _texts(suppress_table({"a": 3, "b": 4, "c": 50}, 57))

    assert texts == {"a": "fewer than 8", "b": "fewer than 8", "c": "50"}
    assert total_text == "55"


def test_two_suppressed_cells_pinned_by_the_rounding_bands_get_more_hidden():
    """12 + 12 + 7 + 7 = 38 publishes as 10, 10, *, *, 40: the hidden pair must add up to at least
    38 - 12 - 12 = 14, so both would have to be 7. The NHS rule alone misses this."""
    cells = {"a": 12, "b": 12, "c": 7, "d": 7}

    texts, total_text = _texts(suppress_table(cells, 38))

    assert texts == {"a": "not shown", "b": "10", "c": "fewer than 8", "d": "fewer than 8"}
    assert total_text == "40"
    _assert_no_hidden_figure_can_be_pinned(cells)


def test_a_hidden_cell_known_to_be_8_or_more_can_pin_the_other_so_more_is_hidden():
    """8 + 1 + 8 = 17: with one 8 hidden, 15 - 10 allows at most 17 - 8 - 8 = 1 for the other two."""
    texts, total_text = _texts(suppress_table({"a": 8, "b": 1, "c": 8}, 17))

    assert texts == {"a": "not shown", "b": "fewer than 8", "c": "not shown"}
    assert total_text == "not shown"


def test_seven_people_in_seven_cells_do_not_publish_a_bounded_total():
    row = suppress_table({str(number): 1 for number in range(7)}, 7)

    assert all(cell.text == "fewer than 8" for cell in row.cells.values())
    assert row.total.text == "not shown"
    assert row.total.high is None


def test_a_row_without_a_total_needs_no_secondary_suppression():
    row = suppress_table({"a": 3, "b": 20}, None)

    assert _texts(row) == ({"a": "fewer than 8", "b": "20"}, None)


def test_a_total_that_is_not_the_sum_of_its_cells_is_refused():
    with pytest.raises(ValueError, match="not the sum"):
        suppress_table({"a": 3, "b": 20}, 24)


@pytest.mark.parametrize(("size", "top"), [(2, 40), (3, 22), (4, 9)])
def test_no_row_of_small_counts_lets_a_reader_pin_a_hidden_figure(size, top):
    """Every row of 2, 3 or 4 cells with counts up to top, checked by brute force over every row
    of true counts that would publish the same figures."""
    for counts in itertools.product(range(top + 1), repeat=size):
        _assert_no_hidden_figure_can_be_pinned(dict(zip("abcd", counts, strict=False)))


@pytest.mark.parametrize(
    "counts",
    [(12, 12, 7, 7), (8, 1, 8, 30), (1, 1, 1, 40), (9, 9, 9, 2), (0, 7, 8, 13), (3, 3, 3, 3), (1, 2, 3, 12)],
)
def test_four_cell_rows_that_are_easy_to_get_wrong_cannot_be_pinned(counts):
    _assert_no_hidden_figure_can_be_pinned(dict(zip("abcd", counts, strict=True)))


# ---------------------------------------------------------------------------
# Paired change
# ---------------------------------------------------------------------------


def _thirty_pairs() -> list[tuple[Decimal, Decimal]]:
    """Baselines 15.00 to 29.50 in steps of 0.50; changes cycle -2, 0, 1, 3, 5 (mean 1.4)."""
    changes = [-2, 0, 1, 3, 5] * 6
    return [
        (Decimal("15.00") + Decimal("0.50") * index, Decimal("15.00") + Decimal("0.50") * index + change)
        for index, change in enumerate(changes)
    ]


def test_29_pairs_give_no_statistics_and_say_one_more_is_needed():
    result = paired_change(_thirty_pairs()[:29])

    assert result.n == 29
    assert result.needed == 1
    assert result.needed_text == "1 more person's answers are needed"
    assert result.mean_baseline is None
    assert result.mean_followup is None
    assert result.mean_change is None
    assert result.ci_low is None and result.ci_high is None
    assert result.share_improved is None


def test_27_pairs_need_3_more_people():
    result = paired_change(_thirty_pairs()[:27])

    assert result.needed == 3
    assert result.needed_text == "3 more people's answers are needed"


def test_no_pairs_need_30():
    assert paired_change([]).needed == 30


def test_30_pairs_match_a_hand_worked_confidence_interval():
    pairs = _thirty_pairs()
    result = paired_change(pairs)

    # By hand: changes -2, 0, 1, 3, 5 six times each.
    mean = (-2 + 0 + 1 + 3 + 5) / 5  # 1.4
    squared_deviations = 6 * ((-3.4) ** 2 + (-1.4) ** 2 + (-0.4) ** 2 + 1.6**2 + 3.6**2)  # 6 * 29.2
    sd = math.sqrt(squared_deviations / 29)
    se = sd / math.sqrt(30)
    t_29 = 2.045229642  # Student's t, 0.975 quantile, 29 degrees of freedom (printed tables)

    assert result.n == 30
    assert result.needed == 0
    assert result.mean_change == pytest.approx(mean, abs=1e-6)
    assert result.ci_low == pytest.approx(mean - t_29 * se, abs=1e-6)
    assert result.ci_high == pytest.approx(mean + t_29 * se, abs=1e-6)
    # Baselines 15.00 to 29.50 average 22.25; follow-ups are 1.4 higher on average.
    assert result.mean_baseline == pytest.approx(22.25, abs=1e-9)
    assert result.mean_followup == pytest.approx(23.65, abs=1e-9)
    # Rises of 3 and 5 count as improved (exactly 3 counts): 12 of 30.
    assert result.share_improved == pytest.approx(12 / 30)


def test_a_rise_of_exactly_3_counts_even_where_floats_would_fall_short():
    assert 17.08 - 14.08 < 3  # float subtraction lands just below 3
    result = paired_change([(14.08, 17.08)] * 30)

    assert result.share_improved == 1
    assert result.ci_low == pytest.approx(3.0) and result.ci_high == pytest.approx(3.0)


@pytest.mark.parametrize(
    ("df", "expected"),
    [
        (1, 12.70620474),
        (2, 4.30265273),
        (5, 2.57058184),
        (10, 2.22813885),
        (29, 2.045229642),
        (100, 1.98397152),
    ],
)
def test_t_critical_values_match_printed_tables(df, expected):
    assert disclosure.t_critical(df) == pytest.approx(expected, abs=1e-8)


# ---------------------------------------------------------------------------
# Means: complementary suppression (publishable_means)
# ---------------------------------------------------------------------------


def _people(start: int, count: int) -> set[int]:
    return set(range(start, start + count))


def _derivable_small_groups(
    members: dict[str, set[int]], published: set[str], *, limit: int = disclosure.MIN_GROUP
) -> list[tuple[dict[str, int], set[int]]]:
    """Every group of 1 to limit - 1 people a reader can isolate by adding and taking away published
    groups (each used at most once, with + or -), found by trying them all rather than with the code
    under test: [(the mix, the people it isolates)]."""
    names = [name for name in members if name in published]
    everyone = sorted(set().union(*members.values()))
    found = []
    for signs in itertools.product((-1, 0, 1), repeat=len(names)):
        if not any(signs):
            continue
        weight = dict.fromkeys(everyone, 0)
        for sign, name in zip(signs, names, strict=True):
            for person in members[name]:
                weight[person] += sign
        if all(value in (0, 1) for value in weight.values()):
            isolated = {person for person, value in weight.items() if value}
            if 0 < len(isolated) < limit:
                found.append((dict(zip(names, signs, strict=True)), isolated))
    return found


def test_the_total_less_a_big_area_would_give_away_the_rest_so_the_area_is_hidden():
    # Kirklees 42, Barnsley 9 and Calderdale 8, Wakefield none: the all-localities mean less
    # Kirklees' is the mean of the 17 others.
    kirklees, barnsley, calderdale = _people(0, 42), _people(42, 9), _people(51, 8)
    members = {
        "Kirklees": kirklees,
        "Barnsley": barnsley,
        "Calderdale": calderdale,
        "Wakefield": set(),
        "All localities": kirklees | barnsley | calderdale,
    }
    assert _derivable_small_groups(members, {"Kirklees", "All localities"}) == [
        ({"Kirklees": -1, "All localities": 1}, barnsley | calderdale)
    ]

    shown = disclosure.publishable_means(members, members)

    # Kirklees is the smaller of the two needed, so it goes, as the smallest count does.
    assert shown == {"All localities"}
    assert _derivable_small_groups(members, shown) == []


def test_groups_big_enough_on_their_own_and_together_are_all_shown():
    members = {"a": _people(0, 40), "b": _people(40, 35), "all": _people(0, 75)}
    assert disclosure.publishable_means(members, members) == {"a", "b", "all"}


def test_a_remainder_of_30_is_big_enough():
    members = {"a": _people(0, 30), "b": _people(30, 29), "c": _people(59, 1), "all": _people(0, 60)}
    assert disclosure.publishable_means(members, members) == {"a", "all"}


def test_a_remainder_of_0_gives_nothing_away():
    members = {"a": _people(0, 30), "b": set(), "all": _people(0, 30)}
    assert disclosure.publishable_means(members, members) == {"a", "all"}


def test_a_mean_below_30_is_never_shown_and_a_candidate_only_if_asked():
    members = {"a": _people(0, 29), "b": _people(29, 40)}
    assert disclosure.publishable_means(members, members) == {"b"}
    assert disclosure.publishable_means(members, ["a"]) == set()


def test_a_category_table_and_an_area_table_are_checked_together():
    # Each table is safe on its own (areas: 40 and 35; types: 50 and 25 hidden), but the
    # all-localities total is in the area table and singing covers all but 25 people, so
    # total - singing gives the 25 who walk.
    kirklees, wakefield = _people(0, 40), _people(40, 35)
    singing = _people(0, 50)
    members = {
        "Kirklees": kirklees,
        "Wakefield": wakefield,
        "All localities": kirklees | wakefield,
        "Singing": singing,
        "Walking": _people(50, 25),
    }
    assert _derivable_small_groups(members, {"Kirklees", "Wakefield", "All localities", "Singing"})

    shown = disclosure.publishable_means(members, members)

    assert "Walking" not in shown and "Singing" not in shown
    assert shown == {"Kirklees", "Wakefield", "All localities"}
    assert _derivable_small_groups(members, shown) == []


def test_overlapping_groups_can_isolate_the_people_in_both():
    # 40 sing, 40 walk, 10 do both, 70 in all: singing + walking - all = the 10 who do both.
    singing, walking = _people(0, 40), _people(30, 40)
    members = {"all": _people(0, 70), "singing": singing, "walking": walking}
    assert _derivable_small_groups(members, set(members)) == [
        ({"all": -1, "singing": 1, "walking": 1}, singing & walking)
    ]
    shown = disclosure.publishable_means(members, members)
    assert shown == {"all", "walking"}
    assert _derivable_small_groups(members, shown) == []


def test_shares_also_protect_a_handful_of_people_in_a_tally():
    # 40 and 35 people, a share shown for each and in total. All is fine for means, but only 3 of
    # the 35 rose: that share would say so.
    a, b = _people(0, 40), _people(40, 35)
    members = {"a": a, "b": b, "all": a | b}
    rose = _people(0, 20) | _people(40, 3)
    assert disclosure.publishable_means(members, members) == {"a", "b", "all"}
    shown = disclosure.publishable_means(members, members, tallies=[rose])
    # b's share shows 3; hiding b's is not enough, since all - a gives b's; so a's goes too.
    assert shown == {"all"}


def test_the_search_ends_with_many_groups():
    # A dozen overlapping types of activity over four areas: still exact, and still safe.
    generator = random.Random(4)
    everyone = list(range(400))
    members = {f"area {i}": {p for p in everyone if p % 4 == i} for i in range(4)}
    members["all"] = set(everyone)
    for i in range(12):
        members[f"type {i}"] = set(generator.sample(everyone, generator.randint(20, 120)))
    shown = disclosure.publishable_means(members, members)
    assert len(shown) > 5
    assert disclosure.derivable_leak(members, shown) is None


@st.composite
def _localities_and_types(draw):
    """Four areas of random sizes, a total, and up to three types of activity, each a random part
    of each area (so types overlap and may leave people out)."""
    sizes = draw(st.lists(st.integers(0, 60), min_size=4, max_size=4))
    members: dict[str, set[int]] = {}
    start = 0
    for index, size in enumerate(sizes):
        members[f"area {index}"] = _people(start, size)
        start += size
    members["all"] = set(range(start))
    for kind in range(draw(st.integers(0, 3))):
        chosen = set()
        for index in range(4):
            area = sorted(members[f"area {index}"])
            chosen |= set(area[: draw(st.integers(0, len(area)))])
        members[f"type {kind}"] = chosen
    return members


@settings(max_examples=150, deadline=None)
@given(_localities_and_types())
def test_no_group_of_fewer_than_30_can_be_isolated_from_the_published_means(members):
    shown = disclosure.publishable_means(members, members)
    assert all(len(members[name]) >= disclosure.MIN_GROUP for name in shown)
    assert _derivable_small_groups(members, shown) == []


@settings(max_examples=150, deadline=None)
@given(_localities_and_types())
def test_the_search_finds_what_adding_and_taking_away_finds_and_hides_nothing_needlessly(members):
    big_enough = {name for name, people in members.items() if len(people) >= disclosure.MIN_GROUP}
    leak = disclosure.derivable_leak(members, big_enough)
    if _derivable_small_groups(members, big_enough):
        assert leak is not None
    if leak is None:
        assert disclosure.publishable_means(members, members) == big_enough
    else:
        assert 0 < len(leak) < disclosure.MIN_GROUP
