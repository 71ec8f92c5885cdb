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
    ``exit_code``: 1 when the data is bad, 2 for a usage or environment problem.
    """

    exit_code = 1

    def __init__(self, message: str, *, rule: str, location: Location | None = None):
        super().__init__(message)
        self.message = message
        self.rule = rule
        self.location = location or Location()
        if rule == "usage":
            self.exit_code = 2

    def __str__(self) -> str:
        if self.location == Location():  # about the command line, not a file
            return f"{self.rule}: {self.message}"
        return f"{self.location}: {self.rule}: {self.message}"


class InputError(NewscorpusError):
    """The input file cannot be read as a text the pipeline accepts."""


class UsageError(NewscorpusError):
    """An option or argument the command cannot accept (exit 2)."""

    exit_code = 2

    def __init__(self, message: str, *, rule: str = "usage", location: Location | None = None):
        super().__init__(message, rule=rule, location=location)


class EnvironmentProblem(NewscorpusError):
    """The machine, not the data: a read-only or full file system, a missing permission, an
    unreachable cluster (exit 2). The message says what to do where a hint helps."""

    exit_code = 2


# errno -> (rule id, what it means, a hint)
_OS_ERRORS = {
    "EROFS": ("env.read-only", "read-only file system", "run where the checkout is writable, or use --no-cache for read-only commands"),
    "ENOSPC": ("env.disk-full", "no space left on the device", "free some space and run again; nothing half-written was kept"),
    "EDQUOT": ("env.disk-full", "disk quota exceeded", "free some space and run again; nothing half-written was kept"),
    "EACCES": ("env.permission", "permission denied", "check the file's owner and mode"),
    "EPERM": ("env.permission", "operation not permitted", "check the file's owner and mode"),
    "ENOTDIR": ("env.not-a-directory", "a path component is not a directory", ""),
    "EISDIR": ("env.is-a-directory", "is a directory", ""),
    "ENOENT": ("env.not-found", "no such file or directory", ""),
    "EBUSY": ("env.busy", "device or resource busy", ""),
    "EMFILE": ("env.too-many-files", "too many open files", "raise the open-file limit (ulimit -n)"),
}


def environment_problem(exc: OSError, path: object = None) -> EnvironmentProblem:
    """An OSError as a located, plain problem: the file, the rule id, what it means, a hint."""
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    rule, meaning, hint = _OS_ERRORS.get(name, ("env.os-error", exc.strerror or str(exc), ""))
    where = path if path is not None else (exc.filename if exc.filename is not None else None)
    message = meaning + (f"; {hint}" if hint else "")
    return EnvironmentProblem(message, rule=rule, location=Location(None if where is None else str(where)))


class Problems(NewscorpusError):
    """Several located problems reported together; ``problems`` holds each one."""

    def __init__(self, problems: list[NewscorpusError]):
        super().__init__(f"{len(problems)} problems", rule="problems")
        self.problems = problems
        self.exit_code = max((p.exit_code for p in problems), default=1)

    @staticmethod
    def of(problems: list[NewscorpusError]) -> NewscorpusError:
        return problems[0] if len(problems) == 1 else Problems(problems)

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)
