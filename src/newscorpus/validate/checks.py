"""Level-3 checks as small functions with declared incidents and dependencies.

As in Universal Dependencies' validator, each check is a function that returns its incidents
and says, in ``raises`` (and in its docstring), every rule id it can report. What a check needs
is explicit: ``needs`` names facts that earlier checks establish (``gives``) when none of their
halting rules (:attr:`~.rules.Rule.halts`) fired, so after ``anchor.stale-checksum`` nothing that
reads offsets runs, and every other check still does. No check decides by an early return what
another check sees.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable

from ..incident import Incident
from .rules import UnregisteredRule, rule


@dataclass(frozen=True)
class Check:
    name: str
    run: Callable[[Any], Iterable[Incident]]
    raises: tuple[str, ...]
    needs: tuple[str, ...] = ()
    gives: str = ""


class CheckList(list):
    """An ordered list of checks; a check's needs are given by checks before it."""

    def check(self, *raises: str, needs: tuple[str, ...] = (), gives: str = ""):
        def register(func):
            for rule_id in raises:
                rule(rule_id)  # registered, or the module does not even import
            self.append(Check(func.__name__, func, raises, tuple(needs), gives))
            return func

        return register


def run_checks(checks: CheckList, subject: Any) -> list[Incident]:
    """Run every check whose needs hold; each check's incidents, in order."""
    facts: set[str] = set()
    incidents: list[Incident] = []
    for check in checks:
        if not facts.issuperset(check.needs):
            continue
        found = list(check.run(subject))
        for incident in found:
            if incident.rule not in check.raises:
                raise UnregisteredRule(f"{check.name} reported {incident.rule!r}, which it does not declare")
        incidents += found
        if check.gives and not any(rule(i.rule).halts for i in found):
            facts.add(check.gives)
    return incidents
