"""Shared fixtures: a frozen clock, an isolated home, and an in-memory keyring."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import keyring
import psycopg
import pytest
from pytest_postgresql import factories as pg_factories

from store.db import Store, open_store
from tests.memory_keyring import MemoryKeyring
from tests.pg.server import WRAPPER, pg_ctl_or_missing

FROZEN = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)


class FakeClock:
    """A clock tests move by hand."""

    def __init__(self, start: datetime = FROZEN) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += timedelta(**kwargs)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    """The real keyring API over an in-memory backend, restored afterwards."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An isolated REPLYDESK_HOME so no test touches the user's files."""
    root = tmp_path / "replydesk-home"
    monkeypatch.setenv("REPLYDESK_HOME", str(root))
    return root


CliRun = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], home: Path) -> CliRun:
    """``replydesk ARGV…`` in this process with ``stdin``: (exit code, stdout, stderr)."""
    from tests.cli_helpers import run_captured

    def invoke(*argv: str, stdin: str = "") -> tuple[int, str, str]:
        return run_captured(capsys, *argv, stdin=stdin)

    return invoke


# A throwaway PostgreSQL per test worker (tests/pg/server.py says how it starts as root), and
# a fresh database in it per test: ``pg_url`` is its connection string.
postgresql_proc = pg_factories.postgresql_proc(executable=str(WRAPPER))
postgresql_db = pg_factories.postgresql("postgresql_proc")


@pytest.fixture(scope="session")
def pg_binaries() -> str:
    """The machine's PostgreSQL (fails under REPLYDESK_REQUIRE_PG=1 when it is missing)."""
    return pg_ctl_or_missing()


@pytest.fixture
def pg_url(pg_binaries: str, postgresql_db: psycopg.Connection[Any]) -> str:
    """A connection string to an empty database on the throwaway server."""
    info = postgresql_db.info
    return f"postgresql://{info.user}@{info.host}:{info.port}/{info.dbname}"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Every test of the ``store`` runs on both backends, unless marked ``sqlite_only`` (with
    the reason: SQLite's own query plans, its file, or what PostgreSQL lacks so far)."""
    if "backend" in metafunc.fixturenames:
        only = metafunc.definition.get_closest_marker("sqlite_only")
        metafunc.parametrize("backend", ["sqlite"] if only else ["sqlite", "postgresql"])


@pytest.fixture
def store(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path, clock: FakeClock
) -> Iterator[Store]:
    """The store on each backend: a SQLite file, and a team database on PostgreSQL."""
    opened = _open(backend, request, tmp_path, clock)
    yield opened
    opened.close()


def _open(backend: str, request: pytest.FixtureRequest, tmp_path: Path, clock: FakeClock) -> Store:
    if backend == "postgresql":
        from store.pg.open import open_team_store

        return open_team_store(request.getfixturevalue("pg_url"), clock)
    return open_store(tmp_path / "rd.db", clock)
