"""The running app's side of scheduled reports: a look every minute at the config's
``[[report]]`` schedules, in a thread worker, with a toast for each file written and for
each folder that cannot be written (once, not every minute)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import App
from textual.timer import Timer

from tui.reports_due import CHECK_SECONDS

if TYPE_CHECKING:
    from adapters.clock import Clock
    from tui.profile import Profile


class ScheduledReports(App[None]):
    """What ``ReplyDeskApp`` adds to write scheduled reports while it runs."""

    clock: Clock
    _report_timer: Timer | None = None
    _report_profile: Profile | None = None
    _report_errors: frozenset[str] = frozenset()
    reports_looked: int = 0
    """How many looks at the schedules have finished (what a test waits on)."""

    def schedule_reports(self, profile: Profile) -> None:
        """Look at ``profile``'s schedules now, then every minute while the app runs (the
        profile opened last: the demo's has none)."""
        self._report_profile = profile if profile.config.reports else None
        if self._report_profile is None:
            return
        if self._report_timer is None:
            self._report_timer = self.set_interval(CHECK_SECONDS, self._look)
        self._look()

    def _look(self) -> None:
        if self._report_profile is not None:
            self._reports(self._report_profile)

    @work(thread=True, exclusive=True, group="reports", exit_on_error=False)
    def _reports(self, profile: Profile) -> None:
        from tui.reports_due import write_due

        outcome = write_due(
            profile.store, profile.config.reports, profile.triage.policy, self.clock()
        )
        for path in outcome.written:
            self.call_from_thread(self.notify, f"Wrote {path}.", title="Scheduled report")
        for error in outcome.errors:
            if error.msg in self._report_errors:
                continue
            self._report_errors |= {error.msg}
            self.call_from_thread(self.notify, error.msg, title=error.title, severity="error")
        self.reports_looked += 1
