"""How much a finding matters, apart from the rest of the model: the composer's widgets name
severities from the start, and the app's first paint needs nothing else of the persona."""

from __future__ import annotations

from enum import StrEnum


class Severity(StrEnum):
    """How much a finding matters: ``error`` blocks sending unless overridden."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


#: Sort order of severities, most serious first (for stable, readable finding lists).
SEVERITY_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
