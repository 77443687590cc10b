"""``python -m tui`` runs the CLI."""

from __future__ import annotations

from tui.cli import main

raise SystemExit(main())
