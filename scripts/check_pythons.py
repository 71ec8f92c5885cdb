#!/usr/bin/env python3
"""Does a fresh install on each Python build the newest release identically? (issue 11, F-20)

For every interpreter given (default: the oldest and newest of ``requires-python`` found on this
machine: ``python3.X`` on PATH or under ``~/.pyenv/versions``), make a virtual environment in a
scratch directory, ``pip install`` the checkout there (no test extra), copy the checkout's corpus,
schema and cards, and run ``newscorpus build`` and ``newscorpus verify`` on the copy. Prints, per
Python, the library versions pip chose and the build's release-check line; exits 1 unless every
one says "identically". Slow (one install per Python): a maintainer or CI step, not a test.

    python scripts/check_pythons.py [PYTHON ...] [--keep DIR] [--checkout DIR]
"""

from __future__ import annotations

import argparse
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _supported() -> tuple[int, int]:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    match = re.search(r'requires-python\s*=\s*">=\s*3\.(\d+)', text)
    return (3, int(match.group(1))) if match else (3, 10)


def _interpreters() -> list[str]:
    """The oldest and newest installed Pythons that requires-python allows."""
    oldest = _supported()
    found: dict[tuple[int, int], str] = {}
    candidates = [shutil.which(f"python3.{minor}") for minor in range(oldest[1], 20)]
    candidates += sorted(glob.glob(os.path.expanduser("~/.pyenv/versions/3.*/bin/python3")))
    for path in filter(None, candidates):
        out = subprocess.run([path, "-c", "import sys; print(*sys.version_info[:2])"], capture_output=True, text=True)
        if out.returncode == 0:
            version = tuple(map(int, out.stdout.split()))
            if version >= oldest:
                found.setdefault(version, path)
    chosen = sorted(found)
    return [found[v] for v in ([chosen[0], chosen[-1]] if len(chosen) > 1 else chosen)]


def check(python: str, scratch: Path, checkout: Path = ROOT) -> tuple[bool, str]:
    venv = scratch / "venv"
    subprocess.run([python, "-m", "venv", str(venv)], check=True)
    pip = subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "-e", str(ROOT)], capture_output=True, text=True)
    if pip.returncode != 0:
        return False, "install failed: " + pip.stderr.strip().splitlines()[-1]
    copy = scratch / "checkout"
    for part in ("corpus", "schema"):
        shutil.copytree(checkout / part, copy / part)
    for name in ("README.md", "DATASHEET.md"):
        if (checkout / name).is_file():
            shutil.copyfile(checkout / name, copy / name)
    env = {**os.environ, "HF_DATASETS_OFFLINE": "1", "HF_HUB_OFFLINE": "1"}
    versions = subprocess.run([str(venv / "bin" / "python"), "-c",
                               "import sys, pyarrow, datasets; print(sys.version.split()[0], 'pyarrow', pyarrow.__version__, 'datasets', datasets.__version__)"],
                              capture_output=True, text=True, env=env).stdout.strip()
    build = subprocess.run([str(venv / "bin" / "newscorpus"), "--root", str(copy), "-q", "build"], capture_output=True, text=True, env=env)
    verify = subprocess.run([str(venv / "bin" / "newscorpus"), "--root", str(copy), "verify"], capture_output=True, text=True, env=env)
    line = next((l for l in build.stdout.splitlines() if l.startswith("publish:")), build.stderr.strip()[-300:])
    ok = build.returncode == 0 and verify.returncode == 0 and "identically" in line
    return ok, f"{versions}: {line}" + ("" if verify.returncode == 0 else f"; verify: {verify.stderr.strip()[-300:]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pythons", nargs="*", help="interpreters (default: oldest and newest supported found here)")
    parser.add_argument("--keep", help="keep the scratch directories under this directory")
    parser.add_argument("--checkout", type=Path, default=ROOT, help="the checkout whose corpus and newest release to check (default: this one)")
    args = parser.parse_args()
    pythons = args.pythons or _interpreters()
    if not pythons:
        print("no supported Python found", file=sys.stderr)
        return 1
    failed = 0
    for python in pythons:
        scratch = Path(tempfile.mkdtemp(prefix="check-python-", dir=args.keep))
        try:
            ok, report = check(python, scratch, args.checkout)
        finally:
            if not args.keep:
                shutil.rmtree(scratch, ignore_errors=True)
        print(f"{'ok  ' if ok else 'FAIL'} {python}: {report}", flush=True)
        failed += not ok
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
