"""Faults on the wire through the whole ``replydesk sync`` loop: it keeps going, backs off as the
server allows, says one clear line per fault, and loses no mention."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

import httpx
import pytest

from store import open_store
from sync.backoff import BASE_SECONDS
from sync.registry import open_adapters
from tests.conftest import FakeClock
from tests.fake_mastodon import FakeMastodon
from tests.fault_server import FAULT_KINDS, FaultInjector
from tests.memory_keyring import MemoryKeyring
from tui import cli_work
from tui.cli import main

MAX_ROUNDS = 80


def quick_timeouts(real: Callable[..., Any]) -> Callable[..., Any]:
    """``open_adapters`` whose HTTP clients give up in a second, so a stalled body is short."""

    def opened(*args: Any, **kwargs: Any) -> Any:
        adapters, problems = real(*args, **kwargs)
        for adapter in adapters.values():
            http = adapter._http
            http._client.timeout = httpx.Timeout(0.5)
            http.deadline = 1.5
        return adapters, problems

    return opened


def test_the_sync_loop_outlives_every_fault_and_loses_nothing(
    home: Path,
    memory_keyring: MemoryKeyring,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = FakeClock(datetime(2026, 11, 23, 9, 0, tzinfo=UTC))
    monkeypatch.setattr("tui.cli_common.system_clock", clock)
    monkeypatch.setattr(cli_work, "open_adapters", quick_timeouts(open_adapters))
    with FakeMastodon() as fake:
        monkeypatch.setattr("sys.stdin", io.StringIO(fake.token))
        assert main(["account", "add", "mastodon", fake.base_url, "--token-stdin"]) == 0
        capsys.readouterr()
        fake.add_mentions(6)
        injector = FaultInjector(fake, clock, stall=5.0)
        injector.queued = list(FAULT_KINDS)
        sleeps: list[float] = []
        real_sleep = asyncio.sleep

        def settled() -> bool:
            kinds = [kind for _, kind in injector.served]
            return not injector.queued and kinds[-2:] == ["ok", "ok"]

        async def fake_sleep(seconds: float) -> None:
            if seconds < 1:  # not the loop's pause: let the event loop run as usual
                await real_sleep(seconds)
                return
            sleeps.append(seconds)
            clock.advance(seconds=seconds)
            if settled() or len(sleeps) >= MAX_ROUNDS:
                raise KeyboardInterrupt

        monkeypatch.setattr(asyncio, "sleep", fake_sleep)
        try:
            code = main(["sync"])
        finally:
            injector.stop.set()
            monkeypatch.setattr(asyncio, "sleep", real_sleep)
        out, err = capsys.readouterr()
        served = list(injector.served)
        expected = {n["status"]["id"] for n in fake.notifications if n["type"] == "mention"}
    assert code == 130, err  # stopped by "Ctrl-C", not by a fault
    assert settled(), served
    assert "Traceback" not in out + err
    problems = [line for line in err.splitlines() if line.startswith("replydesk: mastodon:")]
    assert len(problems) == len(FAULT_KINDS), err
    assert len(set(problems)) >= len(FAULT_KINDS) - 1, err  # distinct words per kind
    assert all(fake.base_url.split("//")[1] in line for line in problems), err
    assert injector.rate_limit_respected(), served
    for (when, kind), (after, _) in pairwise(served):
        if kind != "ok":  # never a hot loop after a fault
            assert after - when >= timedelta(seconds=BASE_SECONDS * 0.8), served
    assert all(pause >= 5 for pause in sleeps)
    store = open_store(home / "data" / "replydesk.db")
    held = {row["remote_id"] for row in store.rows("SELECT remote_id FROM mentions")}
    store.close()
    assert held == expected
