"""The context a draft is checked in: what it answers and where it goes.

Its own module so the rules (``persona.model``) and the saved-reply templates
(``persona.templates``) can both use it without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass

from adapters.records import Limits


@dataclass(frozen=True)
class CheckContext:
    """What a draft answers and where it goes.

    ``mention_class`` is triage's class of the mention being answered ("complaint", "question",
    "praise", …) or ``None`` for a fresh post. ``author_handle`` / ``author_name`` describe the
    person answered, ``agent`` the teammate writing. ``public`` is ``False`` for a direct
    message, where private data (order numbers, e-mail addresses) is allowed. ``unsolicited``
    is ``True`` for a reply to someone who did not address the brand (an indirect mention).
    """

    limits: Limits
    mention_class: str | None = None
    author_handle: str = ""
    author_name: str = ""
    agent: str = ""
    public: bool = True
    unsolicited: bool = False
