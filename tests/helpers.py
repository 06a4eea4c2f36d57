"""Test helpers: registry files written on the fly and fictional codes with valid check characters."""

import sqlite3
import textwrap
from pathlib import Path

from stdnum.cn import ric, uscc

from scscheck.ids import orgcode


def make_org_code(body: str) -> str:
    """A 9-character organization code with its GB 11714 check character (bodies start with WX: fictional)."""
    return body + orgcode.calc_check_digit(body)


def make_uscc(division: str, body: str) -> str:
    """An 18-character USCC of a fictional enterprise registered in the division."""
    base = "91" + division + make_org_code(body)
    return base + uscc.calc_check_digit(base)


def make_ric(division: str, birth: str, seq: str) -> str:
    """A full resident ID with its check digit."""
    base = division + birth + seq
    return base + ric.calc_check_digit(base + "0")  # stdnum expects the check position present


def mask(full_id: str) -> str:
    """Mask a resident ID as the lists publish it: month and day hidden."""
    return full_id[:10] + "****" + full_id[14:]


REGISTRY_TEMPLATE = """\
id = "{id}"
name = "{name}"
name_zh = "测试名单"
authority = "Test Authority"
kind = "{kind}"
level = "prefecture"
region = "340800"
subjects = ["enterprise", "person"]
legal_basis = "Test Measures (2020)"
reason_category = "other"
term_days = 730
max_age_days = 7
sample = true

[source]
url = "{url}"
format = "{format}"
encoding = "{encoding}"
sha256_url = "{sha256_url}"
records = "{records}"

[fields]
{fields}

[dates]
formats = ["%Y年%m月%d日", "%Y%m%d", "%Y-%m-%d"]
"""

DEFAULT_FIELDS = {
    "name": "名称", "id": "统一社会信用代码/身份证号码", "legal_rep": "法定代表人", "reason": "失信行为",
    "listed_on": "列入日期",
}


def write_registry(directory: Path, reg_id: str, url: str, fmt: str = "csv", *, kind: str = "blacklist",
                   encoding: str = "auto", sha256_url: str = "", records: str = "",
                   fields: dict[str, str] | None = None, extra: str = "") -> Path:
    """Write a registry TOML into directory and return its path."""
    directory.mkdir(parents=True, exist_ok=True)
    mapping = "\n".join(f'{k} = "{v}"' for k, v in (fields or DEFAULT_FIELDS).items())
    text = REGISTRY_TEMPLATE.format(id=reg_id, name=f"Test list {reg_id}", kind=kind, url=url, format=fmt,
                                    encoding=encoding, sha256_url=sha256_url, records=records, fields=mapping)
    path = directory / f"{reg_id}.toml"
    path.write_text(text + textwrap.dedent(extra), encoding="utf-8")
    return path




def update_listings(db: "sqlite3.Connection", assignments: str, condition: str, params: tuple[object, ...]) -> int:
    """UPDATE every snapshot's listing table (the view `listing` cannot be updated): `SET assignments WHERE
    condition`; returns the rows changed."""
    changed = 0
    for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name GLOB 'listing_[0-9]*'"):
        changed += db.execute(f"UPDATE {table} SET {assignments} WHERE {condition}", params).rowcount
    return changed
