#!/usr/bin/env python3
"""pg_ctl for tests, also when they run as root (as CI does).

PostgreSQL refuses to run as root, so as root this hands the data folder that
pytest-postgresql made to the ``postgres`` system user, lets that user reach it through
pytest's private (0700) temporary folders, and runs the real pg_ctl as that user. As anyone
else it is the real pg_ctl. The real one is ``REPLYDESK_PG_CTL`` (set by tests/pg/server.py).
"""

from __future__ import annotations

import os
import pwd
import shutil
import sys
import tempfile
from pathlib import Path

USER = "postgres"


def _reachable(folder: Path, user: pwd.struct_passwd) -> None:
    """Give the server's user the folder it works in, and passage (x, not read) through the
    root-owned folders above it up to the system's temporary folder."""
    for path in [folder, *folder.rglob("*")]:
        os.chown(path, user.pw_uid, user.pw_gid)
    top = Path(tempfile.gettempdir()).resolve()
    for parent in folder.parents:
        if parent == top or top not in parent.parents:
            break
        parent.chmod(parent.stat().st_mode | 0o111)


def main(argv: list[str]) -> None:
    real = os.environ["REPLYDESK_PG_CTL"]
    if os.geteuid() != 0:
        os.execv(real, [real, *argv])
    user = pwd.getpwnam(USER)
    for flag in ("-D", "--pgdata"):
        if flag in argv:
            _reachable(Path(argv[argv.index(flag) + 1]).resolve().parent, user)
    runuser = shutil.which("runuser") or "/sbin/runuser"
    os.execv(runuser, [runuser, "-u", USER, "--", real, *argv])


if __name__ == "__main__":
    main(sys.argv[1:])
