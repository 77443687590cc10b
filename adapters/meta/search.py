"""Meta search: Instagram posts under a watched hashtag; Facebook has none to offer.

Facebook has no public post search (the Graph API retired it), so on a Page only its own posts'
comments are read (``pull.py``), and the search says so. Instagram searches hashtags only:
``GET /ig_hashtag_search?user_id=…&q=tag`` turns a tag into its id (kept in the term's cursor,
so each tag is looked up once), then ``GET /{hashtag-id}/recent_media`` lists the media of the
last 24 hours under it, newest first, paged by ``after`` cursors. An Instagram account may look
up at most 30 unique hashtags in 7 days: the 31st hashtag term and later ones are not searched,
and the notice says why. A walk goes back to the newest post the last finished walk saw; one
cut short by the page budget keeps its ``after`` and resumes there. Hashtag media carry no
author for a third party: they are kept as an anonymous Instagram user's.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import asdict, dataclass
from datetime import datetime

from adapters.errors import BadPayload, Rejected
from adapters.meta.http import after_cursor, opt_str, read_data, read_obj, read_str, read_time
from adapters.meta.pull import MetaPull
from adapters.meta.records import HIDDEN_IG, Brand
from adapters.meta.text import CHANNEL, REPLY_TO, Channel
from adapters.records import Mention, MentionKind, Platform, SearchBatch, Skipped
from adapters.watch import TermKind, WatchList, WatchTerm

log = logging.getLogger(__name__)

WEEKLY_HASHTAGS = 30  # unique hashtags an Instagram account may search in 7 days
MEDIA_FIELDS = "id,caption,media_type,permalink,timestamp"
NO_FACEBOOK_SEARCH = "Facebook has no public post search"
HASHTAG_MEDIA = "hashtag_media"  # meta key: a post found under a hashtag, not the brand's
_IG_TAG = re.compile(r"^\w+$")


@dataclass(frozen=True, slots=True)
class _Walk:
    """A hashtag's search: its id, the newest post time of the last finished walk, and the
    ``after`` cursor and newest time of a walk in progress."""

    tag_id: str = ""
    since: str = ""
    after: str = ""
    top: str = ""

    def dump(self) -> str:
        return json.dumps({k: v for k, v in asdict(self).items() if v}, sort_keys=True)


class MetaSearch(MetaPull):
    """The searching part of ``MetaAdapter`` (implements ``adapters.base.Searcher``)."""

    def refusal(self, term: WatchTerm) -> str | None:
        """Only hashtags can be searched (on Instagram); exclusions are applied here."""
        if term.exclude:
            return None
        if term.kind is not TermKind.HASHTAG:
            return f"{NO_FACEBOOK_SEARCH}, and Instagram searches hashtags only"
        if not _IG_TAG.match(term.value):
            return "Instagram hashtags are letters, digits and _ only"
        return None

    async def search(self, term: WatchTerm, watch: WatchList, cursor: str | None) -> SearchBatch:
        """Instagram media under ``term`` (a hashtag) since the last search (see the module)."""
        brand = await self.brand()
        if not brand.ig_id:
            notice = (
                f"{NO_FACEBOOK_SEARCH}: {self.account.at_handle} has no linked Instagram "
                f"account whose hashtags could be watched, so {term.text} waits."
            )
            return SearchBatch((), cursor, notice=notice)
        tags = [t for t in watch.terms if t.kind is TermKind.HASHTAG]
        if term in tags and tags.index(term) >= WEEKLY_HASHTAGS:
            notice = (
                f"Instagram searches at most {WEEKLY_HASHTAGS} hashtags a week: "
                f"{term.text} is not searched."
            )
            return SearchBatch((), cursor, notice=notice)
        walk = _load(cursor)
        if not walk.tag_id:
            walk = _Walk(tag_id=await self._hashtag_id(brand, term))
        floor = _time(walk.since) or self._clock() - self._window
        found: dict[str, Mention] = {}
        skipped: list[Skipped] = []
        excluded = 0
        top = _time(walk.top)
        after = walk.after
        for _ in range(self._max_pages):
            params = [("user_id", brand.ig_id), ("fields", MEDIA_FIELDS), ("limit", "50")]
            answer = await self._http.get(
                f"/{walk.tag_id}/recent_media", params + ([("after", after)] if after else [])
            )
            reached = False
            for item in read_data(answer.body, "The hashtag's media"):
                try:
                    mention = _media_mention(self.account.id, item, term)
                except BadPayload as exc:
                    skipped.append(Skipped(opt_str(item, "id"), str(exc)))
                    continue
                if mention.created_at <= floor:
                    reached = True  # newest first: the rest was read by an earlier walk
                    break
                top = max(top or mention.created_at, mention.created_at)
                if watch.excluded(mention.text):
                    excluded += 1
                else:
                    found.setdefault(mention.remote_id, mention)
            following = after_cursor(answer.body)
            if reached or following is None:
                newest = top.isoformat() if top else walk.since
                return _batch(found, _Walk(walk.tag_id, newest), skipped, excluded)
            after = following
        stopped = _Walk(walk.tag_id, walk.since, after, top.isoformat() if top else "")
        return _batch(found, stopped, skipped, excluded, more=True)

    async def _hashtag_id(self, brand: Brand, term: WatchTerm) -> str:
        """The id Instagram gives the hashtag (one of the week's 30 unique lookups)."""
        params = [("user_id", brand.ig_id), ("q", term.value)]
        data = read_data((await self._http.get("/ig_hashtag_search", params)).body, "The tag")
        if not data:
            raise BadPayload(f"Instagram knows no hashtag {term.text}.")
        return read_str(read_obj(data[0], "a hashtag"), "id")


def _media_mention(account_id: str, item: object, term: WatchTerm) -> Mention:
    """A public Instagram post found under a hashtag, as an indirect mention."""
    media = read_obj(item, "a media")
    remote_id = read_str(media, "id")
    return Mention(
        account_id=account_id,
        remote_id=remote_id,
        platform=Platform.INSTAGRAM,
        author=HIDDEN_IG,  # Instagram does not name a hashtag post's author to a third party
        text=opt_str(media, "caption"),
        created_at=read_time(media, "timestamp"),
        url=opt_str(media, "permalink"),
        kind=MentionKind.MENTION,
        thread_root_id=remote_id,
        meta={
            CHANNEL: Channel.IG_COMMENT.value,
            REPLY_TO: remote_id,
            "object_id": remote_id,
            HASHTAG_MEDIA: "1",
        },
        found_by=term.text,
    )


def refuse_hashtag_reply(mention: Mention) -> None:
    """Refuse, before any request, a public reply Instagram would refuse: a business may comment
    only on its own media and where it was @mentioned, not on a post found under a hashtag."""
    if mention.meta.get(HASHTAG_MEDIA):
        raise Rejected(
            "Instagram lets a business comment only on its own posts and where it was "
            "@mentioned: answer this post found under a hashtag in the Instagram app."
        )


def _batch(
    found: dict[str, Mention],
    walk: _Walk,
    skipped: list[Skipped],
    excluded: int,
    *,
    more: bool = False,
) -> SearchBatch:
    mentions = sorted(found.values(), key=lambda mention: mention.created_at)
    return SearchBatch(tuple(mentions), walk.dump(), more, tuple(skipped), excluded=excluded)


def _time(text: str) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _load(cursor: str | None) -> _Walk:
    """A saved walk (``None`` or unreadable: look the tag up and read the window again)."""
    if not cursor:
        return _Walk()
    try:
        raw = json.loads(cursor)
        walk = _Walk(**{k: str(v) for k, v in raw.items() if k in _Walk.__annotations__})
        for text in (walk.since, walk.top):
            _time(text)  # a time that does not read makes the whole cursor unreadable
    except (ValueError, TypeError, AttributeError):
        log.warning("Instagram search cursor %r unreadable: searching again", cursor)
        return _Walk()
    return walk
