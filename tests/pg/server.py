"""Where the machine's PostgreSQL is, and whether its absence fails or skips a test.

pytest-postgresql starts the server through ``pg_ctl``; here that is
``tests/pg/pg_ctl_unprivileged.py``, which runs the real one as the ``postgres`` user when the
tests run as root (CI does). ``make test`` installs PostgreSQL where it is missing, and CI sets
``REPLYDESK_REQUIRE_PG=1`` so a machine without it fails the PostgreSQL tests instead of
skipping them.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

WRAPPER = Path(__file__).with_name("pg_ctl_unprivileged.py")


def real_pg_ctl() -> str | None:
    """The machine's pg_ctl: on PATH, else the newest Debian/Ubuntu install."""
    found = shutil.which("pg_ctl")
    if found:
        return found
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    return str(versions[-1]) if versions else None


def pg_ctl_or_missing() -> str:
    """The pg_ctl the tests start servers with, or fail/skip saying PostgreSQL is missing."""
    real = real_pg_ctl()
    if real is None:
        why = "PostgreSQL is not installed (make test installs it with apt-get)"
        if os.environ.get("REPLYDESK_REQUIRE_PG") == "1":
            pytest.fail(why, pytrace=False)
        pytest.skip(why)
    os.environ["REPLYDESK_PG_CTL"] = real
    return str(WRAPPER)
