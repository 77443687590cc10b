"""The built cue matcher kept on disk: a loaded matcher finds exactly what a freshly built one
finds, and a missing, stale, damaged or unwritable cache only costs a rebuild."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.triage_score import DEV_FILES, read_lines
from triage import classify, default_rules
from triage import matcher_cache as cache
from triage.lexicon import CueSet
from triage.matcher import Matcher, matcher_state
from triage.text import prepare

_SAMPLE = (
    "great job losing my bag AGAIN 🙃 refund?? on hold for 2 hours",
    "Thanks for sorting my order so fast, love it!",
    "can't log in since 9:30, app says error 503 :(",
)


def _texts() -> list[str]:
    return [json.loads(line)["text"] for line in read_lines(DEV_FILES)] + list(_SAMPLE)


def _files(folder: Path) -> list[Path]:
    return sorted(folder.glob("triage-matcher-*.bin"))


def _no_build(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make building a matcher fail, so a passing call proves it was loaded."""

    def refuse(sets: object) -> None:
        raise AssertionError("the matcher was built, not loaded")

    monkeypatch.setattr(cache, "matcher_state", refuse)


def test_a_loaded_matcher_finds_what_a_built_one_finds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sets = default_rules().cue_sets
    built = Matcher(matcher_state(sets))
    first = cache.cached_matcher(sets, tmp_path / "cache")  # builds and stores
    assert len(_files(tmp_path / "cache")) == 1
    _no_build(monkeypatch)
    loaded = cache.cached_matcher(sets, tmp_path / "cache")
    for text in _texts():
        folded = prepare(text).folded
        assert first.find(folded) == built.find(folded) == loaded.find(folded), text


def test_rules_with_a_cache_classify_the_dev_split_as_without(tmp_path: Path) -> None:
    plain = default_rules()
    cached = plain.with_cache(tmp_path)
    assert cached == plain  # the folder is not part of what the rules are
    for text in _texts()[:300]:
        assert classify(text, cached) == classify(text, plain), text


@pytest.mark.parametrize(
    "damage",
    [
        lambda blob: blob[: len(blob) // 2],  # truncated
        lambda blob: blob[:100] + bytes([blob[100] ^ 1]) + blob[101:],  # one bit flipped
        lambda blob: b"",
        lambda blob: b"not a cache at all",
    ],
    ids=["truncated", "bit-flip", "empty", "garbage"],
)
def test_a_damaged_cache_is_rebuilt_and_replaced(tmp_path: Path, damage: object) -> None:
    sets = default_rules().cue_sets
    cache.cached_matcher(sets, tmp_path)
    (path,) = _files(tmp_path)
    good = path.read_bytes()
    path.write_bytes(damage(good))  # type: ignore[operator]
    matcher = cache.cached_matcher(sets, tmp_path)
    assert matcher.find("great job losing my bag")
    assert path.read_bytes() == good


def test_a_cache_whose_digest_holds_but_whose_contents_do_not_is_rebuilt(tmp_path: Path) -> None:
    # Written by something else with a valid digest: wrong shape, then code _sre rejects.
    import hashlib
    import marshal

    sets = default_rules().cue_sets
    key = cache.cache_key(sets)
    cache.cached_matcher(sets, tmp_path)
    (path,) = _files(tmp_path)
    good = path.read_bytes()
    _, state, codes = marshal.loads(good[32:])
    bad_code = {p: (c[0], [99999, 1, 2], *c[2:]) for p, c in codes.items()}
    for body in (
        marshal.dumps((key, ("too", "short"), codes)),
        marshal.dumps((key, state, bad_code)),
        marshal.dumps(("another key", state, codes)),
    ):
        path.write_bytes(hashlib.sha256(body).digest() + body)
        assert cache.cached_matcher(sets, tmp_path).find("refund now")
        assert path.read_bytes() == good


def test_changed_rules_get_their_own_file_and_the_old_one_goes(tmp_path: Path) -> None:
    sets = default_rules().cue_sets
    cache.cached_matcher(sets, tmp_path)
    (old,) = _files(tmp_path)
    extra = CueSet(
        name="mine", cls=sets[0].cls, label="mine", weight=1.0, cap=3.0, terms=("zorblax",)
    )
    changed = (*sets, extra)
    matcher = cache.cached_matcher(changed, tmp_path)
    assert [h.set_index for h in matcher.find("my zorblax")] == [len(sets)]
    (new,) = _files(tmp_path)
    assert new != old


def test_no_folder_is_created_for_a_profile_that_does_not_exist(tmp_path: Path) -> None:
    folder = tmp_path / "never-opened" / "cache"
    sets = default_rules().cue_sets
    assert cache.cached_matcher(sets, folder).find("refund now")
    assert not (tmp_path / "never-opened").exists()


def test_an_unwritable_cache_folder_only_costs_a_rebuild(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    sets = default_rules().cue_sets
    assert cache.cached_matcher(sets, blocker).find("refund now")
    assert "cannot store the triage matcher cache" in caplog.text
    assert list(tmp_path.iterdir()) == [blocker]
