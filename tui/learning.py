"""The learned triage model in the app: loaded (or rebuilt) once the main screen has read the
profile's rules (after its first paint), and rebuilt on request ("triage: retrain"), always in
a thread worker, since training takes seconds and scikit-learn's import alone is slow. Until it
is ready, triage uses the rules alone."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from adapters.errors import ConfigError
from tui.services import services

if TYPE_CHECKING:
    from textual.app import App

    from triage.model import TextModel

GROUP = "triage-model"


def _use(app: App[Any], model: TextModel | None) -> None:
    """Triage with ``model`` from now on (on the UI thread, so no sync sees half a change)."""
    if model is not None:
        profile = services(app).profile
        profile.triage = dataclasses.replace(profile.triage, model=model)


def start_model_load(app: App[Any]) -> None:
    """Load the profile's model in the background (rebuilt when stale and enough corrections)."""
    profile = services(app).profile

    def load() -> None:
        from sync.learning import load_or_rebuild  # in the worker: start-up never waits for it

        try:
            model = load_or_rebuild(profile.store, profile.paths.data_dir)
        except ConfigError as error:
            app.call_from_thread(app.notify, error.msg, title=error.title, markup=False)
            return
        app.call_from_thread(_use, app, model)

    app.run_worker(load, thread=True, exclusive=True, group=GROUP, exit_on_error=False)


def start_retrain(app: App[Any]) -> None:
    """Rebuild the model from the corrections in the background, and say how it went."""
    profile = services(app).profile
    app.notify("Retraining the triage model…", title="Triage")

    def work() -> None:
        try:
            from sync.learning import retrain

            outcome = retrain(profile.store, profile.paths.data_dir)
        except ConfigError as error:
            app.call_from_thread(
                app.notify, error.msg, title=error.title, severity="error", markup=False
            )
            return
        app.call_from_thread(_use, app, outcome.model)
        severity = "information" if outcome.model is not None else "warning"
        app.call_from_thread(
            app.notify, outcome.message, title="Triage", severity=severity, markup=False
        )

    app.run_worker(work, thread=True, exclusive=True, group=GROUP, exit_on_error=False)
