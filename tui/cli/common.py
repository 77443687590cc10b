"""What every subcommand module shares: the handler signature and the profile opener.

The ``tui.cli`` modules are imported for every command (to build the parser), so they import
only what registering needs; each command imports its own libraries when it runs.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from adapters.clock import system_clock
from settings.paths import Paths, default_paths

if TYPE_CHECKING:
    from tui.profile import Profile

Handler = Callable[[argparse.Namespace, Path | None, bool], int]
# Quoted: argparse's class is generic only to the type checker, not at run time.
Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def cli_paths(home: Path | None, demo: bool) -> Paths:
    """The paths of the profile a command works on (``--demo`` has its own)."""
    paths = default_paths(home)
    return paths.for_demo() if demo else paths


def open_cli_profile(home: Path | None, demo: bool, *, fill_demo: bool = True) -> Profile:
    """The profile a subcommand works on; warnings go to stderr.

    In the demo, the inbox is first filled the way the app fills it on open (``fill_demo``:
    except for ``sync``, which is that pull itself).
    """
    from tui.profile import open_profile

    profile = open_profile(cli_paths(home, demo), system_clock)
    for problem in profile.problems:
        print(f"replydesk: warning: {problem.msg}", file=sys.stderr)
    if demo and fill_demo:
        import asyncio

        from sync.demo_inbox import fill_demo_inbox

        filling = fill_demo_inbox(
            profile.store, profile.paths, profile.clock, profile.triage, profile.config.watch
        )
        try:
            asyncio.run(filling)
        except BaseException:  # the database is closed on any way out, then it goes on up
            profile.store.close()
            raise
    return profile
