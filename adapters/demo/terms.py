"""The demo profile's watch terms, apart from the demo network's texts: the app reads them as it
opens the demo profile, before the first paint, and must not load the demo's corpus for them."""

from __future__ import annotations

DEMO_WATCH_TERMS = ("fernbrook", "#fernbrook", '-"fernbrook road"')
"""``[watch.terms]`` of the demo profile when it has none configured."""
