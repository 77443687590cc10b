"""X's error bodies in plain language: Problem objects, the old v1.1 shape, partial errors.

X answers errors as RFC 7807-style Problems (``type``, ``title``, ``detail``, sometimes
``reason``, ``registration_url``, ``period``…) whose ``type`` lives under either
``https://api.x.com/2/problems/`` or ``https://api.twitter.com/2/problems/``; the rate-limits
page still shows the v1.1 ``{"errors": [{"code": 88, "message": …}]}``. A 200 may carry an
``errors`` list beside ``data`` (one item of a lookup missing). Callers branch on the HTTP
status first, then on ``kind`` (the part after ``/2/problems/``).
"""

from __future__ import annotations

from dataclasses import dataclass

_MAX_TEXT = 300
_V1_CODES = {88: "rate-limit", 89: "invalid-token", 32: "invalid-token", 187: "duplicate"}

# Problem kinds that need a plain-language explanation beyond X's own words.
_EXPLAINED = {
    "client-forbidden": (
        "X refused the request because the app behind your client id is not attached to a "
        "Project with access to this endpoint: your app needs a project. Open the developer "
        "portal ({url}), add the app to a Project, and try again."
    ),
    "not-authorized-for-resource": "X says this account may not use that post or conversation.",
    "usage-capped": (
        "Your X app has used up its {period} request allowance ({scope} cap). ReplyDesk waits "
        "until it resets instead of retrying."
    ),
    "unsupported-authentication": (
        "X does not accept this kind of login for that request; sign in with OAuth 2.0 "
        "(replydesk account add x) instead of an app-only token."
    ),
    "duplicate": "X refused a duplicate: the same text was already posted.",
}


@dataclass(frozen=True, slots=True)
class Problem:
    """One error X reported: ``kind`` is the part of ``type`` after ``/2/problems/``."""

    kind: str
    title: str = ""
    detail: str = ""
    reason: str = ""
    url: str = ""
    period: str = ""
    scope: str = ""
    resource_id: str = ""

    @property
    def needs_project(self) -> bool:
        """X refused because the app is not in a Project enrolled for the endpoint."""
        return self.kind == "client-forbidden" or self.reason == "client-not-enrolled"

    def explain(self) -> str:
        """What a person should read: X's words, with a plain explanation for known kinds."""
        said = _clip(self.detail or self.title)
        template = _EXPLAINED.get(self.kind)
        if self.needs_project:
            template = _EXPLAINED["client-forbidden"]
        if template is None:
            return said or f"X reported a problem ({self.kind})."
        url = self.url or "https://developer.x.com/en/portal/dashboard"
        period = (self.period or "monthly").lower()
        explained = template.format(url=url, period=period, scope=(self.scope or "app").lower())
        return f"{explained} (X said: {said})" if said else explained


def _clip(text: str) -> str:
    return " ".join(text.split())[:_MAX_TEXT]


def _text(obj: dict[str, object], key: str) -> str:
    value = obj.get(key)
    return value if isinstance(value, str) else ""


def problem_kind(type_uri: str) -> str:
    """``…/2/problems/usage-capped`` → ``usage-capped`` (either host); ``about:blank`` kept."""
    marker = "/2/problems/"
    return type_uri.split(marker, 1)[1].strip("/") if marker in type_uri else type_uri


def read_problem(obj: object) -> Problem | None:
    """One Problem object (or v1.1 error item) as a ``Problem``; ``None`` if it is neither."""
    if not isinstance(obj, dict):
        return None
    code = obj.get("code")
    if isinstance(code, int) and not isinstance(code, bool):  # the v1.1 shape
        return Problem(_V1_CODES.get(code, f"code-{code}"), detail=_text(obj, "message"))
    if not any(key in obj for key in ("type", "title", "detail")):
        return None
    return Problem(
        kind=problem_kind(_text(obj, "type")) or "about:blank",
        title=_text(obj, "title"),
        detail=_text(obj, "detail") or _text(obj, "message"),
        reason=_text(obj, "reason"),
        url=_text(obj, "registration_url"),
        period=_text(obj, "period"),
        scope=_text(obj, "scope"),
        resource_id=_text(obj, "resource_id") or _text(obj, "value"),
    )


def problems_of(body: object) -> list[Problem]:
    """Every problem a body reports: itself (a Problem), or the items of its ``errors`` list."""
    if not isinstance(body, dict):
        return []
    errors = body.get("errors")
    if isinstance(errors, list):
        found = [p for p in (read_problem(item) for item in errors) if p is not None]
        if found:
            return found
    if "data" in body:
        return []
    single = read_problem(body)
    return [single] if single is not None else []
