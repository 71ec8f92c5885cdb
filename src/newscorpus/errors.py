"""Errors that carry their location, so every message names the file, place and rule."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Location:
    """Where a problem is: a file, and optionally a line/column (1-based) or an offset."""

    file: str | None = None
    line: int | None = None
    column: int | None = None
    offset: int | None = None
    offset_unit: str = "byte"

    def __str__(self) -> str:
        parts = [self.file or "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        text = ":".join(parts)
        if self.offset is not None:
            text += f" ({self.offset_unit} offset {self.offset})"
        return text


class NewscorpusError(Exception):
    """An expected failure (bad input, stale output, broken invariant) reported without a traceback.

    ``rule`` is a stable id (for example ``input.not-utf8``) that scripts and CI logs can grep.
    """

    def __init__(self, message: str, *, rule: str, location: Location | None = None):
        super().__init__(message)
        self.message = message
        self.rule = rule
        self.location = location or Location()

    def __str__(self) -> str:
        return f"{self.location}: {self.rule}: {self.message}"


class InputError(NewscorpusError):
    """The input file cannot be read as a text the pipeline accepts."""


class Problems(NewscorpusError):
    """Several located problems reported together; ``problems`` holds each one."""

    def __init__(self, problems: list[NewscorpusError]):
        super().__init__(f"{len(problems)} problems", rule="problems")
        self.problems = problems

    @staticmethod
    def of(problems: list[NewscorpusError]) -> NewscorpusError:
        return problems[0] if len(problems) == 1 else Problems(problems)

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)
