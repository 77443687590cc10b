"""Drafts survive a kill: the real app, typed into key by key on a pseudo-terminal, is
SIGKILLed while the person is still typing, and the stored draft is what they typed minus at
most the last second (drafts are written 0.5 s after a keystroke, off the UI thread).

Stdlib only (``os.openpty``), so CI needs no tmux. Every wait is on a condition (output on
the terminal, a row in the database read read-only), bounded in time; the one timed thing is
the typist's pace, which is the input under test.
"""

from __future__ import annotations

import fcntl
import os
import signal
import sqlite3
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 60.0
"""Seconds a condition may take on a loaded machine before the test fails."""
POLL = 0.05
PACE = 0.04
"""Seconds between keystrokes: a fast typist (25 keys a second)."""
LOST_AT_MOST = 1.0
"""The promise: a kill loses at most the text typed in this many seconds before it."""
FIRST = "Thanks for telling us"
THEN = ", we are sorry the order is late and will look into it right away today."


def wait_until(condition: Callable[[], object], what: str) -> None:
    """Poll ``condition`` until true, at most ``LIMIT`` seconds."""
    deadline = time.monotonic() + LIMIT
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(POLL)
    raise AssertionError(f"not within {LIMIT:.0f} s: {what}")


class TerminalApp:
    """``python -m tui --demo`` on a 120×36 pseudo-terminal; its output is drained by a thread
    (a full terminal buffer would stall the app)."""

    def __init__(self, home: Path) -> None:
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 36, 120, 0, 0))
        env = {**os.environ, "REPLYDESK_HOME": str(home), "TERM": "xterm-256color"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tui", "--demo"],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            cwd=ROOT,
            start_new_session=True,
        )
        os.close(slave)
        self.output = bytearray()
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:  # the app is gone and the terminal closed
                return
            if not chunk:
                return
            self.output.extend(chunk)

    def press(self, keys: str) -> None:
        """Send ``keys`` as a terminal would."""
        os.write(self.master, keys.encode())

    def type(self, text: str) -> list[float]:
        """Type ``text`` one key every ``PACE`` seconds; when each key was sent."""
        sent: list[float] = []
        start = time.monotonic()
        for number, key in enumerate(text):
            # The typist's rhythm (the input under test), not a wait for the app.
            time.sleep(max(0.0, start + number * PACE - time.monotonic()))
            self.press(key)
            sent.append(time.monotonic())
        return sent

    def kill(self) -> float:
        """SIGKILL the app; when."""
        killed = time.monotonic()
        self.process.send_signal(signal.SIGKILL)
        return killed

    def close(self) -> None:
        """Make sure the app is gone and the terminal closed."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=LIMIT)
        os.close(self.master)
        self._reader.join(timeout=LIMIT)


def read(db: Path, sql: str) -> list[tuple[object, ...]]:
    """Rows of ``sql`` from a read-only connection (the app's writes are never blocked)."""
    if not db.exists():
        return []
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=LIMIT)
    try:
        return conn.execute(sql).fetchall()
    except sqlite3.OperationalError:  # not made yet (the app is creating the schema)
        return []
    finally:
        conn.close()


@pytest.fixture
def app(tmp_path: Path) -> Iterator[TerminalApp]:
    running = TerminalApp(tmp_path / "home")
    yield running
    running.close()


def test_a_kill_while_typing_loses_at_most_the_last_second(
    app: TerminalApp, tmp_path: Path
) -> None:
    db = tmp_path / "home" / "data" / "demo" / "replydesk.db"
    handles: list[bytes] = []

    def queue_on_screen() -> bool:
        # The demo's first sync has landed and its mentions are drawn: some author's
        # handle is on the terminal.
        handles[:] = [
            str(h).encode() for (h,) in read(db, "SELECT DISTINCT author_handle FROM mentions")
        ]
        return any(handle in app.output for handle in handles)

    wait_until(queue_on_screen, "the queue on screen")
    app.press("r")
    app.type(FIRST)
    stored: list[str] = []

    def draft() -> str:
        rows = read(db, "SELECT text FROM drafts")
        stored[:] = [str(text) for (text,) in rows]
        return stored[0] if len(stored) == 1 else ""

    # The composer has the text (its "@handle " first); the kill comes in the next part.
    wait_until(lambda: draft().endswith(FIRST[-8:]), f"the draft stored (saw {stored!r})")
    before = draft()
    sent = app.type(THEN)
    killed = app.kill()  # at once: the last key is not even 0.1 s old
    assert app.process.wait(timeout=LIMIT) == -signal.SIGKILL
    assert read(db, "PRAGMA quick_check") == [("ok",)]
    [(text,)] = read(db, "SELECT text FROM drafts")
    typed = before + THEN
    assert typed.startswith(str(text)), text  # what is kept is exactly what was typed
    kept = len(str(text)) - len(before)
    due = sum(1 for when in sent if when < killed - LOST_AT_MOST)
    assert kept >= due, f"kept {kept} of the {due} keys typed over {LOST_AT_MOST} s before the kill"
