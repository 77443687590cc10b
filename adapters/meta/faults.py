"""The Graph API's error envelope, turned into ReplyDesk's typed errors.

Meta answers every failure with ``{"error":{"message","type","code","error_subcode"?,
"fbtrace_id","is_transient"?,"error_user_title"?,"error_user_msg"?}}``. The ``error_user_*``
strings are localised, so the decision is always made on ``code``/``error_subcode``; the
message is only quoted, and searched for the permission identifiers it names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from adapters.errors import (
    AuthError,
    Gone,
    NetworkError,
    Rejected,
    ReplyDeskError,
)

LOGIN_AGAIN = "replydesk account add facebook"
THROTTLE_CODES = frozenset({4, 17, 32, 613, *range(80001, 80015)})
OUTSIDE_WINDOW = (10, 2018278)
_MAX_MESSAGE = 300

# What each permission lets ReplyDesk do, in the words a Page admin knows.
PERMISSIONS = {
    "pages_show_list": "see the list of Pages you manage",
    "pages_read_engagement": "read the Page's posts and comments",
    "pages_manage_engagement": "reply to comments on the Page",
    "pages_read_user_content": "read what visitors post on the Page",
    "pages_messaging": "read and answer the Page's Messenger conversations",
    "instagram_basic": "see the Instagram account linked to the Page",
    "instagram_manage_comments": "read and reply to Instagram comments",
    "instagram_manage_messages": "read and answer Instagram direct messages",
    "human_agent": "answer a message up to 7 days later as a human agent",
}
_PERMISSION = re.compile(r"\b(" + "|".join(PERMISSIONS) + r")\b", re.IGNORECASE)
# Why a token stopped working, by error_subcode (code 190).
_EXPIRED_BECAUSE = {
    458: "ReplyDesk's app was removed from the account",
    459: "Facebook needs you to log in on facebook.com first (checkpoint)",
    460: "the password was changed",
    463: "the login expired",
    464: "the account is not confirmed",
    467: "the login was ended (logged out or revoked)",
}


class PermissionMissing(AuthError):
    """The token works but lacks a permission (codes 10, 200–299, or 100 naming one)."""

    title = "Permission missing"


class WindowClosed(Rejected):
    """Meta refused a message sent after the person's reply window closed (code 10/2018278)."""

    title = "Reply window closed"


@dataclass(frozen=True, slots=True)
class GraphFault:
    """The parts of a Graph error that decide what it means."""

    code: int | None
    subcode: int | None
    message: str
    transient: bool

    @property
    def throttled(self) -> bool:
        """One of the rate-limit codes (app, user, Page, custom, business use case)."""
        return self.code in THROTTLE_CODES


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def read_fault(body: object) -> GraphFault | None:
    """The error of a Graph answer, or ``None`` when it has no ``error`` object."""
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        return None
    message = error.get("message")
    text = " ".join(message.split())[:_MAX_MESSAGE] if isinstance(message, str) else ""
    return GraphFault(
        _int(error.get("code")),
        _int(error.get("error_subcode")),
        text,
        bool(error.get("is_transient")),
    )


def missing_permissions(message: str) -> list[str]:
    """The permission identifiers an error message names, each once, in order."""
    found: list[str] = []
    for name in _PERMISSION.findall(message):
        if name.lower() not in found:
            found.append(name.lower())
    return found


def _permission_error(fault: GraphFault, who: str) -> PermissionMissing:
    names = missing_permissions(fault.message)
    if names:
        needs = "; ".join(f"{PERMISSIONS[n]} ({n})" for n in names)
        lead = f"{who} has not given ReplyDesk permission to {needs}."
    else:
        lead = f"{who} has not given ReplyDesk a permission this needs (Meta error {fault.code})."
    return PermissionMissing(
        f"{lead} Sign in again and allow it, or add it to your Meta app: {LOGIN_AGAIN}"
    )


def fault_error(
    fault: GraphFault, who: str, status: int, *, gone_if_missing: bool
) -> ReplyDeskError:
    """The typed error for ``fault`` (throttling is handled by the caller, which knows the wait).

    ``who`` names the account; ``gone_if_missing`` maps "object does not exist" to ``Gone``.
    """
    code, sub = fault.code, fault.subcode
    said = f' (Meta said: "{fault.message}")' if fault.message else ""
    if code in (190, 102):
        why = _EXPIRED_BECAUSE.get(sub or 0, "the login expired or was revoked")
        return AuthError(f"{who} must sign in again: {why}. Run: {LOGIN_AGAIN}", "Sign in again")
    if (code, sub) == OUTSIDE_WINDOW:
        return WindowClosed(
            f"Meta refused the message: it is outside the reply window (the person's last "
            f"message is more than 24 hours old){said}."
        )
    if code == 10900:
        return Rejected("A private reply was already sent to this comment; Meta allows one.")
    if code in (10902, 10903):
        return Rejected(f"This comment can no longer get a private reply (after 7 days){said}.")
    if code == 100 and sub == 33 and gone_if_missing:
        return Gone(f"The post or comment was deleted or is no longer visible{said}.")
    if code in (10, 200) or (code is not None and 200 < code < 300):
        return _permission_error(fault, who)
    if code == 100 and missing_permissions(fault.message):
        return _permission_error(fault, who)
    if code in (1, 2) or fault.transient or status >= 500:
        return NetworkError(f"Meta had a temporary problem (error {code}){said}.")
    return Rejected(f"Meta refused the request (error {code}, {sub or 'no subcode'}){said}.")
