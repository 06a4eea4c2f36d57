"""Registry files: the bundled ones load; a user's directory adds its own; a broken file gives one line
naming the file and the key, exit 2."""

import json
import re
from pathlib import Path

import pytest
from helpers import make_uscc, write_registry

from scscheck import registry
from scscheck.errors import RegistryError
from scscheck.paths import bundled_registry_dir

BUNDLED = {
    "cn.spc.dishonest-debtors", "cn.samr.serious-illegal", "cn.samr.abnormal-operations",
    "cn.chinatax.major-violations", "cn.mohrss.wage-arrears", "cn.ah.anqing.blacklist",
    "cn.zj.ningbo.environment-blacklist", "cn.zj.hangzhou.blacklist", "cn.fj.putian.brand-redlist",
}


def test_bundled_registries_load_and_are_fictional_samples() -> None:
    found = registry.discover([bundled_registry_dir()])
    assert set(found) >= BUNDLED
    assert all(r.sample for r in found.values())
    assert {r.kind for r in found.values()} == {"blacklist", "watchlist", "redlist"}
    assert {found[i].region for i in BUNDLED if found[i].level == "prefecture"} == {
        "340800", "330200", "330100", "350300"}


def test_user_registry_dir_syncs_a_csv_never_seen_before(cli, home, tmp_path: Path) -> None:
    regs = tmp_path / "mine"
    regs.mkdir()
    code = make_uscc("440300", "WX300001")
    (regs / "acme.csv").write_text(
        "Entity,Code,Why,When,Kind\n"
        f"深圳某某物流有限公司,{code},customs fraud,03/15/2026,法人\n", encoding="utf-8")
    write_registry(regs, "acme.customs-watch", "acme.csv", "csv",
                   fields={"name": "Entity", "id": "Code", "reason": "Why", "listed_on": "When",
                           "subject_type": "Kind"},
                   extra='\n[values.subject_type]\n"法人" = "enterprise"\n')
    text = (regs / "acme.customs-watch.toml").read_text(encoding="utf-8")
    (regs / "acme.customs-watch.toml").write_text(text.replace('"%Y-%m-%d"]', '"%m/%d/%Y"]'), encoding="utf-8")

    listed = json.loads(cli("--registry-dir", str(regs), "registries", "--format", "json").stdout)
    assert "acme.customs-watch" in {r["registry"] for r in listed}
    assert cli("--registry-dir", str(regs), "sync", "acme.customs-watch").exit_code == 0
    run = cli("--registry-dir", str(regs), "check", "--uscc", code, "--format", "json")
    assert run.exit_code == 1
    listing = json.loads(run.stdout)["results"][0]["findings"][0]["listing"]
    assert (listing["registry"], listing["reason"], listing["listed_on"]) == (
        "acme.customs-watch", "customs fraud", "2026-03-15")


def broken(tmp_path: Path, old: str, new: str) -> Path:
    regs = tmp_path / "broken"
    path = write_registry(regs, "test.broken", "list.csv")
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    return regs


BROKEN = {
    "missing key": ('kind = "blacklist"\n', "", "kind", "missing"),
    "unknown format": ('format = "csv"', 'format = "xml"', "source.format", "'xml' is not one of"),
    "ftp url": ('url = "list.csv"', 'url = "ftp://example.org/list.csv"', "source.url", "scheme 'ftp:'"),
    "file url": ('url = "list.csv"', 'url = "file:///etc/passwd"', "source.url", "scheme 'file:'"),
    "url leaving the directory": ('url = "list.csv"', 'url = "../../secret.csv"', "source.url", "must not leave"),
    "absolute path": ('url = "list.csv"', 'url = "/etc/passwd"', "source.url", "relative to the registry file"),
    "http without host": ('url = "list.csv"', 'url = "https:///x.csv"', "source.url", "has no host"),
    "unknown kind": ('kind = "blacklist"', 'kind = "greylist"', "kind", "'greylist' is not one of"),
    "bad region": ('region = "340800"', 'region = "999999"', "region", "not a GB 2260"),
    "bad term": ("term_days = 730", 'term_days = "two years"', "term_days", "non-negative integer"),
    "unknown field": ('name = "名称"', 'nom = "名称"', "fields.nom", "unknown field"),
    "no name field": ('name = "名称"\n', "", "fields.name", "missing"),
    "bad encoding": ('encoding = "auto"', 'encoding = "klingon"', "source.encoding", "not a known encoding"),
    "toml syntax": ('kind = "blacklist"', 'kind = "blacklist', "(syntax)", "not valid TOML"),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_broken_registry_is_one_line_naming_file_and_key(cli, home, tmp_path: Path, case: str) -> None:
    old, new, key, problem = BROKEN[case]
    regs = broken(tmp_path, old, new)
    run = cli("--registry-dir", str(regs), "registries")
    assert run.exit_code == 2
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    assert re.match(rf"^scscheck: error: .*test\.broken\.toml: key '{re.escape(key)}': ", lines[0]), lines[0]
    assert problem in lines[0]
    assert "Traceback" not in run.stderr


def test_id_must_match_file_name(tmp_path: Path) -> None:
    path = write_registry(tmp_path, "test.one", "list.csv")
    path.rename(tmp_path / "test.two.toml")
    with pytest.raises(RegistryError, match=r"key 'id': 'test.one' must match the file name 'test.two.toml'"):
        registry.load(tmp_path / "test.two.toml")


def test_unknown_registry_on_command_line_is_usage_error(cli, home) -> None:
    run = cli("sync", "no.such.registry")
    assert run.exit_code == 2
    assert "unknown registry: no.such.registry" in run.stderr


def test_missing_registry_dir_is_usage_error(cli, home, tmp_path: Path) -> None:
    run = cli("--registry-dir", str(tmp_path / "nope"), "registries")
    assert run.exit_code == 2
    assert "not a directory" in run.stderr
