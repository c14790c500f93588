"""Quorum and approval arithmetic, in whole numbers so boundaries are exact (no float rounding)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Tally:
    eligible: int  # current members without a declared conflict
    support: int
    oppose: int
    abstain: int
    quorum_percent: int
    threshold_percent: int

    @property
    def voted(self) -> int:
        return self.support + self.oppose + self.abstain

    @property
    def quorum_met(self) -> bool:
        """At least quorum_percent of eligible members voted (abstaining counts as voting)."""
        return self.eligible > 0 and self.voted * 100 >= self.quorum_percent * self.eligible

    @property
    def threshold_met(self) -> bool:
        """Support is at least threshold_percent of the votes for and against (a tie at 50% meets 50%)."""
        decisive = self.support + self.oppose
        return decisive > 0 and self.support * 100 >= self.threshold_percent * decisive

    @property
    def quorum_votes(self) -> int:
        """How many votes make the quorum: the smallest count that meets quorum_percent."""
        return -(-self.quorum_percent * self.eligible // 100)  # ceiling division

    @property
    def votes_short_of_quorum(self) -> int:
        return max(0, self.quorum_votes - self.voted)

    @property
    def support_percent(self) -> int | None:
        decisive = self.support + self.oppose
        return round(self.support * 100 / decisive) if decisive else None
