#!/usr/bin/env python3
"""pg_ctl for tests, also when they run as root (as CI does).

PostgreSQL refuses to run as root, so as root this runs the real pg_ctl as the ``postgres``
system user. That user cannot enter pytest's private temporary folders (0700, and every pytest
run on the machine makes ``pytest-of-root`` private again), so the data folder and log
pytest-postgresql asks for become links to a folder of the ``postgres`` user's own, which
``stop`` removes. As anyone else this is the real pg_ctl. The real one is
``REPLYDESK_PG_CTL`` (set by tests/pg/server.py).
"""

from __future__ import annotations

import hashlib
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

USER = "postgres"


def _owned(path: Path, user: pwd.struct_passwd) -> Path:
    path.mkdir(mode=0o700, exist_ok=True)
    os.chown(path, user.pw_uid, user.pw_gid)
    return path


def _relocated(asked: Path, user: pwd.struct_passwd, suffix: str) -> Path:
    """The postgres user's own stand-in for ``asked``, linked from it."""
    if asked.is_symlink():
        return asked.resolve()
    home = _owned(Path(tempfile.gettempdir()) / f"replydesk-pg-{user.pw_uid}", user)
    key = hashlib.sha1(str(asked.parent.resolve()).encode()).hexdigest()[:16]
    real = home / (key + suffix)
    if suffix == "":
        shutil.rmtree(real, ignore_errors=True)
        _owned(real, user)
    asked.parent.mkdir(parents=True, exist_ok=True)
    asked.unlink(missing_ok=True)
    asked.symlink_to(real)
    return real


def _swap(argv: list[str], flags: tuple[str, ...], user: pwd.struct_passwd, suffix: str) -> None:
    for flag in flags:
        if flag in argv:
            at = argv.index(flag) + 1
            argv[at] = str(_relocated(Path(argv[at]), user, suffix))


def main(argv: list[str]) -> int:
    real = os.environ["REPLYDESK_PG_CTL"]
    if os.geteuid() != 0:
        os.execv(real, [real, *argv])
    user = pwd.getpwnam(USER)
    asked = [Path(argv[argv.index(f) + 1]) for f in ("-D", "--pgdata") if f in argv]
    _swap(argv, ("-D", "--pgdata"), user, "")
    _swap(argv, ("-l",), user, ".log")
    runuser = shutil.which("runuser") or "/sbin/runuser"
    code = subprocess.call([runuser, "-u", USER, "--", real, *argv])
    if argv[:1] == ["stop"] and code == 0:
        for link in asked:
            target = link.resolve()
            link.unlink(missing_ok=True)
            shutil.rmtree(target, ignore_errors=True)
            Path(str(target) + ".log").unlink(missing_ok=True)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
