"""The app implements ``tui.services.Services``, the interface screens and commands use."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from tui.app import make_app
from tui.services import Services, services

NOW = datetime(2025, 3, 10, 12, tzinfo=UTC)


def test_the_app_provides_the_services_screens_use(tmp_path: Path) -> None:
    app = make_app(home=tmp_path, demo=True, clock=lambda: NOW, live=False)
    provided: Services = app  # mypy checks here that the app satisfies the protocol
    assert services(app) is provided
    assert provided.paths.demo
    assert provided.clock() == NOW
    assert not provided.live
    assert provided.adapters == {}
    assert provided.sync_interval > 0
