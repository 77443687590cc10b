"""What every subcommand module shares: the handler signature and the profile opener."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeAlias

from adapters.clock import system_clock
from settings.paths import Paths, default_paths
from tui.profile import Profile, open_profile

Handler = Callable[[argparse.Namespace, Path | None, bool], int]
# Quoted: argparse's class is generic only to the type checker, not at run time.
Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def cli_paths(home: Path | None, demo: bool) -> Paths:
    """The paths of the profile a command works on (``--demo`` has its own)."""
    paths = default_paths(home)
    return paths.for_demo() if demo else paths


def open_cli_profile(home: Path | None, demo: bool) -> Profile:
    """The profile a subcommand works on; warnings go to stderr."""
    profile = open_profile(cli_paths(home, demo), system_clock)
    for problem in profile.problems:
        print(f"replydesk: warning: {problem.msg}", file=sys.stderr)
    return profile
