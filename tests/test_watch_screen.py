"""The Watch terms screen as a person uses it: add a term, preview the last 7 days, cancel a
slow preview, save (the demo keeps the terms for its session; the sync then searches them)."""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Static

from adapters.demo import DemoAdapter
from adapters.records import Account
from settings.paths import default_paths
from tests.conftest import FakeClock
from tests.pilot_helpers import SIZE, demo_app, wait_for, wait_ready
from tui.profile import open_profile
from tui.screens.text_prompt import TextPrompt
from tui.screens.watch import WatchScreen

ACCOUNT = Account("mastodon:brand@social.test", "mastodon", "brand", "Brand", "https://social.test")


def notes(screen: WatchScreen) -> str:
    """What the screen says under its table."""
    return str(screen.query_one("#watch-notes", Static).content)


async def open_watch(pilot: Pilot[None]) -> WatchScreen:
    """The Watch terms screen, opened with ``w`` once the demo has synced."""
    await wait_ready(pilot)
    await pilot.press("w")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, WatchScreen))
    screen = pilot.app.screen
    assert isinstance(screen, WatchScreen)
    return screen


async def test_a_term_added_is_previewed_per_day_then_saved_for_the_next_sync(
    home: Path, clock: FakeClock
) -> None:
    async with demo_app(home, clock).run_test(size=SIZE) as pilot:
        watch = await open_watch(pilot)
        profile = watch.profile
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, TextPrompt))
        await pilot.press(*"from:x", "enter")  # refused in the box, with the reason
        prompt = pilot.app.screen
        assert isinstance(prompt, TextPrompt)
        error = prompt.query_one("#prompt-error", Static)
        assert "operators" in str(error.content)
        await pilot.press(*["backspace"] * 6, *"beans", "enter")
        await wait_for(pilot, lambda: any(r.term == "beans" for r in watch.rows))
        added = next(r for r in watch.rows if r.term == "beans")
        assert added.status == "new: not saved yet"
        assert "beans" in watch.draft.terms[added.key]
        await pilot.press("p")
        await wait_for(pilot, lambda: watch.previewed)
        previewed = next(r for r in watch.rows if r.term == "beans")
        assert previewed.status.endswith("in 7 days") and len(previewed.per_day) == 7
        assert "a day" in notes(watch)
        assert "beans" not in profile.config.watch.terms[added.key]  # nothing saved yet
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "beans" in profile.config.watch.terms[added.key])
        assert not watch.draft.changed
        assert not (home / "config" / "config.toml").exists()  # the demo never writes it


async def test_esc_cancels_a_slow_preview_and_a_second_esc_leaves_unsaved_terms(
    home: Path, clock: FakeClock
) -> None:
    async with demo_app(home, clock).run_test(size=SIZE) as pilot:
        watch = await open_watch(pilot)
        for adapter in watch.adapters.values():
            if isinstance(adapter, DemoAdapter):
                adapter.latency = 60.0  # every search request hangs: the preview cannot end
        await pilot.press("p")
        await wait_for(pilot, lambda: watch._preview_worker is not None)
        worker = watch._preview_worker
        assert worker is not None
        await wait_for(pilot, lambda: worker.is_running)
        await pilot.press("escape")
        await wait_for(pilot, lambda: worker.is_cancelled)
        assert notes(watch) == "Preview cancelled." and not watch.previewed
        assert pilot.app.screen is watch  # Esc stopped the preview, not the screen
        await pilot.press("d")  # an unsaved change: the first Esc only warns
        await wait_for(pilot, lambda: watch.draft.changed)
        await pilot.press("escape")
        assert pilot.app.screen is watch
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(pilot.app.screen, WatchScreen))


class Host(App[None]):
    """Just the Watch terms screen, over a real (non-demo) profile."""

    def __init__(self, screen: WatchScreen) -> None:
        super().__init__()
        self.shown = screen

    def on_mount(self) -> None:
        self.push_screen(self.shown)


async def test_a_save_writes_the_terms_into_the_config_file_keeping_its_comments(
    home: Path, clock: FakeClock
) -> None:
    paths = default_paths(home)
    paths.ensure()
    paths.config_file.write_text(
        '# mine\n[watch.terms]\n"*" = ["fernbrook"]  # everywhere\n', encoding="utf-8"
    )
    profile = open_profile(paths, clock)
    profile.store.save_account(ACCOUNT)
    watch = WatchScreen(profile, {}, clock())
    async with Host(watch).run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: watch.is_mounted and len(watch.rows) == 1)
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, TextPrompt))
        await pilot.press(*'-"fernbrook road"', "enter")
        await wait_for(pilot, lambda: len(watch.rows) == 2)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not watch.draft.changed)
    text = paths.config_file.read_text(encoding="utf-8")
    assert text.startswith('# mine\n[watch.terms]\n"*" = ["fernbrook"]  # everywhere\n')
    assert f'"{ACCOUNT.at_handle}" = ["-\\"fernbrook road\\""]' in text  # a TOML string
    assert profile.config.watch.terms[ACCOUNT.at_handle] == ('-"fernbrook road"',)
    profile.store.close()
