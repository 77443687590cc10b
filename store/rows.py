"""Conversions between typed records and table rows (kept in one place so columns stay in sync)."""

from __future__ import annotations

import json
import sqlite3
from types import MappingProxyType
from typing import Any

from adapters.records import Author, Mention, MentionKind, Platform, Visibility
from store.models import MentionState, OutboxItem, OutboxStatus, StoredMention
from store.timefmt import from_db, opt_from_db, opt_to_db, to_db


def mention_columns(m: Mention) -> dict[str, Any]:
    """The columns a network owns: refreshed on every re-sync."""
    return {
        "account_id": m.account_id,
        "remote_id": m.remote_id,
        "platform": m.platform.value,
        "author_id": m.author.remote_id,
        "author_handle": m.author.handle,
        "author_name": m.author.display_name,
        "author_followers": m.author.followers,
        "author_bio": m.author.bio,
        "author_url": m.author.url,
        "text": m.text,
        "created_at": to_db(m.created_at),
        "url": m.url,
        "kind": m.kind.value,
        "visibility": m.visibility.value,
        "in_reply_to_id": m.in_reply_to_id,
        "thread_root_id": m.thread_root_id,
        "content_warning": m.content_warning,
        "language": m.language,
        "attachments": json.dumps(list(m.attachments), ensure_ascii=False),
        "meta": json.dumps(dict(m.meta), ensure_ascii=False),
        "answered_at": opt_to_db(m.answered_at),
        "answered_by": m.answered_by,
        "found_by": m.found_by,
    }


def mention_from_row(row: sqlite3.Row) -> Mention:
    """The ``Mention`` record stored in a ``mentions`` row."""
    return Mention(
        account_id=row["account_id"],
        remote_id=row["remote_id"],
        platform=Platform(row["platform"]),
        author=Author(
            remote_id=row["author_id"],
            handle=row["author_handle"],
            display_name=row["author_name"],
            followers=row["author_followers"],
            bio=row["author_bio"],
            url=row["author_url"],
        ),
        text=row["text"],
        created_at=from_db(row["created_at"]),
        url=row["url"],
        kind=MentionKind(row["kind"]),
        visibility=Visibility(row["visibility"]),
        in_reply_to_id=row["in_reply_to_id"],
        thread_root_id=row["thread_root_id"],
        content_warning=row["content_warning"],
        language=row["language"],
        attachments=tuple(json.loads(row["attachments"])),
        answered_at=opt_from_db(row["answered_at"]),
        answered_by=row["answered_by"],
        meta=MappingProxyType(json.loads(row["meta"])),
        found_by=row["found_by"],
    )


def stored_from_row(row: sqlite3.Row) -> StoredMention:
    """A ``StoredMention`` from a full ``mentions`` row."""
    return StoredMention(
        id=row["id"],
        mention=mention_from_row(row),
        cls=row["cls"],
        cls_source=row["cls_source"],
        sentiment=row["sentiment"],
        reasons=tuple(json.loads(row["reasons"])),
        sla_rule=row["sla_rule"],
        due_at=opt_from_db(row["due_at"]),
        priority=row["priority"],
        state=MentionState(row["state"]),
        snooze_until=opt_from_db(row["snooze_until"]),
        answered_at=opt_from_db(row["answered_at"]),
        answered_by=row["answered_by"],
        gone=bool(row["gone"]),
        cls_auto=row["cls_auto"],
        at_risk_at=opt_from_db(row["at_risk_at"]),
        score=row["score"],
        labels=tuple(row["labels"].split()),
        assignee=row["assignee"],
    )


def outbox_from_row(row: sqlite3.Row) -> OutboxItem:
    """An ``OutboxItem`` from an ``outbox`` row."""
    return OutboxItem(
        id=row["id"],
        mention_id=row["mention_id"],
        account_id=row["account_id"],
        text=row["text"],
        idempotency_key=row["idempotency_key"],
        status=OutboxStatus(row["status"]),
        attempts=row["attempts"],
        last_error=row["last_error"],
        next_attempt_at=opt_from_db(row["next_attempt_at"]),
        created_at=from_db(row["created_at"]),
        sent_remote_id=row["sent_remote_id"],
        sent_at=opt_from_db(row["sent_at"]),
        network_ref=row["network_ref"],
        private=bool(row["private"]),
    )
