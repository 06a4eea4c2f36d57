"""The user's settings: one TOML file in the platform's configuration directory (`scscheck config path`),
read with tomllib and written with tomli-w. An option given on the command line wins over the file; the
file wins over the built-in defaults.

    format = "json"                 # check's default --format: table | json | jsonl | csv
    report_format = "html"          # report's default --format: md | html | json
    fail_on = "review"              # the default --fail-on: listed | linked | review | never
    retention = 5                   # snapshots whose listings are kept per registry
    [thresholds]
    listed = 0.9                    # --threshold-listed
    review = 0.6                    # --threshold-review
    [network]
    proxy = "http://proxy.example.com:3128"
    ca_bundle = "/etc/ssl/company-ca.pem"
    [registries."cn.spc.dishonest-debtors"]
    url = "https://mirror.example.com/spc.csv.gz"   # a company mirror of a registry's snapshot
"""

import os
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scscheck.errors import UsageError

FILE_NAME = "config.toml"


@dataclass(frozen=True)
class Key:
    """A setting: what it is, and how a value given as text is read and checked."""

    help: str
    read: Callable[[str], Any]
    on_load: bool = True  # checked again whenever the file is read (not a file's existence: it is checked when set)


def _choice(*choices: str) -> Callable[[str], str]:
    def read(text: str) -> str:
        if text not in choices:
            raise ValueError(f"expected one of {', '.join(choices)}")
        return text
    return read


def _score(text: str) -> float:
    value = float(text)
    if not 0.0 <= value <= 1.0:
        raise ValueError("expected a score from 0 to 1")
    return value


def _retention(text: str) -> int:
    value = int(text)
    if not 1 <= value <= 1000:
        raise ValueError("expected a whole number of snapshots from 1 to 1000")
    return value


def _url(text: str) -> str:
    if not re.match(r"^(https?|socks5h?)://[^\s/]+", text):
        raise ValueError("expected a URL (http://, https:// or socks5://)")
    return text


def _source(text: str) -> str:
    if not re.match(r"^(https?|file)://\S+$", text):
        raise ValueError("expected an http://, https:// or file:// URL")
    return text


def _store_url(text: str) -> str:
    from scscheck.stores import check_url

    return check_url(text)


def _file(text: str) -> str:
    path = Path(text).expanduser()
    if not path.is_file():
        raise ValueError(f"no such file: {path}")
    return str(path.resolve())


KEYS: dict[str, Key] = {
    "format": Key("default --format of check: table, json, jsonl or csv", _choice("table", "json", "jsonl", "csv")),
    "report_format": Key("default --format of report: md, html or json", _choice("md", "html", "json")),
    "fail_on": Key("default --fail-on: listed, linked, review or never",
                   _choice("listed", "linked", "review", "never")),
    "retention": Key("snapshots whose listings are kept per registry (1-1000)", _retention),
    "thresholds.listed": Key("default --threshold-listed (0-1)", _score),
    "thresholds.review": Key("default --threshold-review (0-1)", _score),
    "network.proxy": Key("proxy for every fetch (http://, https:// or socks5:// URL)", _url),
    "network.ca_bundle": Key("CA certificates (PEM file) to verify https with, instead of the system's", _file,
                             on_load=False),
    "store.url": Key("the store instead of the SQLite cache in the home: sqlite:///DIR or postgresql://...",
                     _store_url),
}
REGISTRY_URL = re.compile(r"^registries\.([A-Za-z0-9][A-Za-z0-9._-]*)\.url$")


def path() -> Path:
    """The configuration file (it need not exist)."""
    override = os.environ.get("SCSCHECK_CONFIG")
    if override:
        return Path(override)
    from scscheck.paths import config_dir

    return config_dir() / FILE_NAME


def key_help(key: str) -> str:
    """What a key sets; a usage error for an unknown key."""
    if key in KEYS:
        return KEYS[key].help
    if REGISTRY_URL.match(key):
        return "the URL a registry's snapshot is fetched from instead of its own (a mirror)"
    known = ", ".join([*KEYS, "registries.<id>.url"])
    raise UsageError(f"unknown setting '{key}' (known: {known})")


def read_value(key: str, text: str) -> Any:
    """A value given as text, read and checked for its key; a usage error if it is not valid."""
    key_help(key)
    reader = KEYS[key].read if key in KEYS else _source
    try:
        return reader(text.strip())
    except ValueError as exc:
        message = str(exc) if not str(exc).startswith(("could not convert", "invalid literal")) else "not a number"
        raise UsageError(f"{key} = {text!r}: {message}") from None


def load(file: Path | None = None) -> dict[str, Any]:
    """The file's settings as a nested table ({} when there is no file); a usage error, naming the file,
    when it cannot be read or holds an unknown key or a bad value."""
    file = file or path()
    try:
        with file.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise UsageError(f"cannot read the configuration {file}: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"the configuration {file} is not valid TOML: {exc}") from None
    for key, value in flatten(data).items():
        try:
            if key in KEYS and not KEYS[key].on_load:
                key_help(key)
                if not isinstance(value, str):
                    raise UsageError(f"{key} must be a string")
                continue
            expected = read_value(key, str(value))
        except UsageError as exc:
            raise UsageError(f"the configuration {file}: {exc.message}") from None
        if isinstance(expected, float) and isinstance(value, int | float) and not isinstance(value, bool):
            continue
        if type(value) is not type(expected):
            raise UsageError(f"the configuration {file}: {key} must be a {type(expected).__name__}")
    return data


def flatten(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Dotted keys to values: {"thresholds": {"listed": 0.9}} -> {"thresholds.listed": 0.9}."""
    flat: dict[str, Any] = {}
    for name, value in data.items():
        key = f"{prefix}{name}"
        if isinstance(value, dict):
            flat.update(flatten(value, key + "."))
        else:
            flat[key] = value
    return flat


def _path_of(key: str) -> list[str]:
    match = REGISTRY_URL.match(key)
    return ["registries", match.group(1), "url"] if match else key.split(".")


def get(key: str, data: dict[str, Any] | None = None) -> Any:
    """A setting's value, or None when it is not set."""
    key_help(key)
    node: Any = load() if data is None else data
    for part in _path_of(key):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def set_value(key: str, text: str) -> Any:
    """Set a key in the file (made if need be, readable by its owner only); returns the value as stored."""
    value = read_value(key, text)
    data = load()
    *tables, last = _path_of(key)
    node = data
    for part in tables:
        node = node.setdefault(part, {})
    node[last] = value
    _write(data)
    return value


def unset(key: str) -> bool:
    """Remove a key from the file; whether it was set. Tables left empty go too."""
    key_help(key)
    data = load()
    parts = _path_of(key)
    nodes = [data]
    for part in parts[:-1]:
        child = nodes[-1].get(part)
        if not isinstance(child, dict):
            return False
        nodes.append(child)
    if parts[-1] not in nodes[-1]:
        return False
    del nodes[-1][parts[-1]]
    for node, part in zip(reversed(nodes[:-1]), reversed(parts[:-1]), strict=True):
        if not node[part]:
            del node[part]
    _write(data)
    return True


def _write(data: dict[str, Any]) -> None:
    import tomli_w

    file = path()
    file.parent.mkdir(parents=True, exist_ok=True)
    partial = file.with_name(f".{file.name}.partial")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        tomli_w.dump(data, fh)
    os.replace(partial, file)


@dataclass(frozen=True)
class Settings:
    """The settings in force, as the commands read them (None: the built-in default)."""

    format: str | None = None
    report_format: str | None = None
    fail_on: str | None = None
    retention: int | None = None
    threshold_listed: float | None = None
    threshold_review: float | None = None
    proxy: str | None = None
    ca_bundle: str | None = None
    registry_urls: dict[str, str] | None = None
    store_url: str | None = None

    @classmethod
    def load(cls) -> "Settings":
        data = load()
        urls = {rid: table["url"] for rid, table in data.get("registries", {}).items() if "url" in table}
        return cls(
            format=get("format", data), report_format=get("report_format", data), fail_on=get("fail_on", data),
            retention=get("retention", data), threshold_listed=_float(get("thresholds.listed", data)),
            threshold_review=_float(get("thresholds.review", data)), proxy=get("network.proxy", data),
            ca_bundle=get("network.ca_bundle", data), registry_urls=urls or None, store_url=get("store.url", data),
        )


def _float(value: Any) -> float | None:
    return None if value is None else float(value)
