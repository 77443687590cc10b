"""Mastodon's text rules for replies: who a reply addresses.

Kept apart from the adapter (and so from httpx): the composer prefills a new draft with the
author's handle, and must not load the network stack to do it.
"""

from __future__ import annotations

import re

from adapters.entry import TextRules
from adapters.records import Mention

_HANDLE = re.compile(r"(?<![\w/])@([A-Za-z0-9_]+(?:[.-][A-Za-z0-9_]+)*)(?:@([\w-]+(?:\.[\w-]+)*))?")


def reply_prefix(mention: Mention) -> str:
    """``@author `` as a reply to ``mention`` starts (the composer prefills a new draft)."""
    acct = mention.meta.get("author_acct") or mention.author.handle.lstrip("@")
    return f"@{acct} "


def address_author(text: str, mention: Mention) -> str:
    """``text`` starting with ``@author`` unless it already addresses them.

    Mastodon notifies only the accounts a status names, so a reply without the author's
    handle would reach nobody; the person's own choice of other handles is kept as written.
    """
    user, _, domain = mention.author.handle.lstrip("@").partition("@")  # the full handle
    for name, at in _HANDLE.findall(text):
        if name.lower() == user.lower() and (not at or not domain or at.lower() == domain.lower()):
            return text
    return reply_prefix(mention) + text


# Mastodon notifies only the accounts a post names: a new reply starts with the author's handle.
RULES = TextRules(reply_prefix=reply_prefix)
