"""The learned model in the app: loaded in a worker when the profile opens, rebuilt from the
palette ("triage: retrain") in a worker, and saying why when there is nothing to learn yet."""

from __future__ import annotations

from pathlib import Path

from bench.triage_score import DEV_FILES
from sync.learning import model_file
from tests.conftest import FakeClock
from tests.pilot_helpers import SIZE, demo_app, wait_for, wait_ready
from triage.model import read_labels, save, train
from tui.learning import start_retrain


def _messages(app: object) -> list[str]:
    return [n.message for n in app._notifications]  # type: ignore[attr-defined]


async def test_palette_retrain_without_corrections_says_what_is_missing(
    home: Path, clock: FakeClock
) -> None:
    app = demo_app(home, clock)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "triage: retrain" in titles
        start_retrain(app)
        await wait_for(pilot, lambda: any("correction(s)" in m for m in _messages(app)))
        assert app.profile.triage.model is None
        assert not model_file(app.profile.paths.data_dir).exists()


async def test_a_saved_model_is_loaded_in_the_background(home: Path, clock: FakeClock) -> None:
    lines = DEV_FILES[1].read_text(encoding="utf-8").splitlines()[:200]
    save(train(read_labels(lines, "dev slice")), model_file(home / "data" / "demo"))
    app = demo_app(home, clock)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        await wait_for(pilot, lambda: app.profile.triage.model is not None)
        model = app.profile.triage.model
        assert model is not None and model.examples == 200
