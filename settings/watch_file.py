"""Writing the watch terms edited on the Watch terms screen back to config.toml.

The file is the person's: their comments, their order and every other table stay as they were
(tomlkit edits the document in place), and only the arrays of ``[watch.terms]`` that changed
are rewritten. The new text is read back through ``load_config`` before it replaces the file,
so a save never leaves a file the next start would refuse; it is written to a temporary file
in the same folder and moved over the old one, so a crash leaves either the old or the new file.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

import tomlkit
from tomlkit.exceptions import TOMLKitError
from tomlkit.items import Table

from adapters.errors import ConfigError
from settings.config import Config, load_config

TITLE = "Watch terms not saved"


def updated_text(text: str, terms: Mapping[str, Sequence[str]]) -> str:
    """``text`` (a config file) with ``[watch.terms]`` set to ``terms`` (key → terms; a key
    with no terms is removed), everything else kept as written."""
    try:
        doc = tomlkit.parse(text)
    except TOMLKitError as exc:
        raise ConfigError(f"config.toml cannot be read: {exc}", TITLE) from exc
    watch = doc.get("watch")
    if watch is None:
        watch = tomlkit.table()
        doc["watch"] = watch
    if not isinstance(watch, Table):
        raise ConfigError("config.toml: 'watch' must be a table to hold watch terms", TITLE)
    table = watch.get("terms")
    if table is None:
        table = tomlkit.table()
        watch["terms"] = table
    if not isinstance(table, Table):
        raise ConfigError("config.toml: 'watch.terms' must be a table of account = [terms]", TITLE)
    for key in [key for key in table if key not in terms]:
        del table[key]
    for key, values in terms.items():
        if list(table.get(key, ())) == list(values):
            continue  # untouched: its layout and comments stay exactly as written
        if not values:
            table.pop(key, None)
            continue
        array = tomlkit.array()
        array.extend(values)
        table[key] = array
    return tomlkit.dumps(doc)


def save_watch_terms(path: Path, terms: Mapping[str, Sequence[str]]) -> Config:
    """Write ``terms`` as ``[watch.terms]`` of ``path`` (see the module); the config as it
    now reads. ``ConfigError`` saying why when it cannot, and the file is then untouched."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"Cannot read {path}: {exc}", TITLE) from exc
    new_text = updated_text(text, terms)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".config-", suffix=".toml", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(new_text)
        try:  # what the next start will read: refuse it here, not then
            config = load_config(tmp)
        except ConfigError as exc:
            raise ConfigError(exc.msg.replace(str(tmp), str(path)), TITLE) from exc
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        os.replace(tmp, path)
    except OSError as exc:
        raise ConfigError(f"Cannot write {path}: {exc}", TITLE) from exc
    finally:
        tmp.unlink(missing_ok=True)
    return replace(config, source=path)
