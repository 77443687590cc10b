"""The queue's columns line up whatever the network: every network has a label that fits."""

from __future__ import annotations

from rich.cells import cell_len

from adapters.records import Platform
from tui.format import NETWORK_LABEL, NETWORK_WIDTH, fit


def test_every_platform_has_a_label_that_fits_its_column() -> None:
    assert set(NETWORK_LABEL) == set(Platform)
    for label in NETWORK_LABEL.values():
        assert cell_len(label) <= NETWORK_WIDTH
        assert cell_len(fit(label, NETWORK_WIDTH)) == NETWORK_WIDTH
