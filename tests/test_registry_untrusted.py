"""Registry files are untrusted input: an id that could name another file, a source that leaves the
registry's directory, a scheme other than http(s), or plain http to another machine is refused with one
line naming the file and the key (exit 2), before anything is fetched or read."""

import json
import re
from pathlib import Path

import pytest
from helpers import write_registry

from scscheck import registry
from scscheck.errors import RegistryError

CSV = "名称,统一社会信用代码/身份证号码,法定代表人,失信行为,列入日期\n某某有限公司,,,x,2026-01-01\n"


def edit(path: Path, old: str, new: str) -> Path:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def assert_refused(cli, regs: Path, filename: str, key: str, problem: str) -> str:
    """`sync` exits 2 with one line naming the file and the key; returns that line."""
    run = cli("--registry-dir", str(regs), "sync")
    assert run.exit_code == 2, (run.stdout, run.stderr)
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    assert re.match(rf"^scscheck: error: .*/{re.escape(filename)}: key '{re.escape(key)}': ", lines[0]), lines[0]
    assert problem in lines[0], lines[0]
    assert not run.stdout
    return lines[0]


# ids


@pytest.mark.parametrize("reg_id", [
    "../evil", "a/b", "a\\\\b", "..", "a..b", ".hidden", "a.", "-a", "a-", "a.-b", "A.b", "a b", "a/../b", "a\\nb",
    "a\\u202eb", "a\\u0000b",
])
def test_an_id_that_could_name_another_file_is_refused(cli, home, tmp_path: Path, reg_id: str) -> None:
    regs = tmp_path / "regs"
    path = write_registry(regs, "evil", "list.csv")
    edit(path, 'id = "evil"', f'id = "{reg_id}"')
    line = assert_refused(cli, regs, "evil.toml", "id", "may use only a-z and 0-9, joined by single '.' or '-'")
    assert not re.search(r"[\x00-\x1f\u202e]", line)  # the value is shown escaped: still one clean line


def test_an_empty_id_is_refused(cli, home, tmp_path: Path) -> None:
    regs = tmp_path / "regs"
    edit(write_registry(regs, "evil", "list.csv"), 'id = "evil"', 'id = ""')
    assert_refused(cli, regs, "evil.toml", "id", "must not be empty")


def test_good_ids_still_load(tmp_path: Path) -> None:
    for reg_id in ("cn.spc.dishonest-debtors", "a", "0.9", "x-y.z-1"):
        assert registry.load(write_registry(tmp_path, reg_id, "list.csv")).id == reg_id


# source.url


@pytest.mark.parametrize(("url", "problem"), [
    ("../../etc/passwd", "must not leave the registry's directory"),
    ("samples/../../secret.csv", "must not leave the registry's directory"),
    ("./../list.csv", "must not leave the registry's directory"),
    ("/etc/passwd", "must be an https URL or a path relative to the registry file"),
    ("//evil.example/list.csv", "must be an https URL or a path relative to the registry file"),
    ("file:///etc/passwd", "scheme 'file:' not allowed"),
    ("FILE:/etc/passwd", "scheme 'file:' not allowed"),
    ("file:list.csv", "scheme 'file:' not allowed"),
    ("ftp://example.org/list.csv", "scheme 'ftp:' not allowed"),
    ("data:text/csv,a", "scheme 'data:' not allowed"),
    ("javascript:alert(1)", "scheme 'javascript:' not allowed"),
    ("list.csv\\nx", "contains a control or invisible character"),
    ("list\\u202ecsv.exe", "contains a control or invisible character"),
    ("https://example.org/a b.csv", "contains whitespace"),
    (".", "must name a file"),
    ("samples/", "must name a file"),
    ("http://example.org/list.csv", "plain http to another host than this machine can be altered in transit"),
    ("http://127.0.0.1:99999/list.csv", "has an invalid port"),
    ("https:///list.csv", "has no host"),
])
def test_a_source_url_that_escapes_or_uses_another_scheme_is_refused(
        cli, home, tmp_path: Path, url: str, problem: str) -> None:
    regs = tmp_path / "regs"
    write_registry(regs, "test.evil", url)
    line = assert_refused(cli, regs, "test.evil.toml", "source.url", problem)
    assert not re.search(r"[\x00-\x1f\u202e]", line)


@pytest.mark.parametrize("url", ["../x.sha256", "file:///etc/shadow", "http://example.org/x.sha256", "/x.sha256"])
def test_a_digest_url_is_held_to_the_same_rules(cli, home, tmp_path: Path, url: str) -> None:
    regs = tmp_path / "regs"
    write_registry(regs, "test.evil", "list.csv", sha256_url=url)
    assert_refused(cli, regs, "test.evil.toml", "source.sha256_url", url.split(":")[0] if ":" in url else "")


# plain http: loopback only, unless the registry says so


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:8080/list.csv", "http://127.1.2.3/list.csv", "http://[::1]:8080/list.csv",
    "http://localhost/list.csv", "http://LOCALHOST./list.csv", "http://[::ffff:127.0.0.1]/list.csv",
    "http://someone@127.0.0.1/list.csv", "https://example.org/list.csv",
])
def test_http_to_this_machine_and_https_anywhere_are_allowed(tmp_path: Path, url: str) -> None:
    reg = registry.load(write_registry(tmp_path, "test.ok", url))
    assert reg.source.url == url and reg.source.is_remote and not reg.source.allow_insecure_http


@pytest.mark.parametrize("url", [
    "http://example.org/list.csv", "http://127.0.0.1.nip.io/list.csv", "http://localhost.evil.example/list.csv",
    "http://127.0.0.1@evil.example/list.csv", "http://0.0.0.0/list.csv", "http://2130706433/list.csv",
    "http://10.0.0.1/list.csv", "http://[::2]/list.csv", "HTTP://EXAMPLE.ORG/list.csv",
])
def test_plain_http_elsewhere_needs_allow_insecure_http(tmp_path: Path, url: str) -> None:
    path = write_registry(tmp_path, "test.http", url)
    with pytest.raises(RegistryError, match=r"key 'source.url': .* set allow_insecure_http = true under \[source\]"):
        registry.load(path)
    edit(path, 'records = ""', 'records = ""\nallow_insecure_http = true')
    reg = registry.load(path)
    assert reg.source.allow_insecure_http and reg.source.url == url


def test_allow_insecure_http_must_be_a_boolean(cli, home, tmp_path: Path) -> None:
    regs = tmp_path / "regs"
    path = write_registry(regs, "test.http", "http://example.org/list.csv")
    edit(path, 'records = ""', 'records = ""\nallow_insecure_http = "yes"')
    assert_refused(cli, regs, "test.http.toml", "source.allow_insecure_http", "must be true or false")


def test_a_users_url_override_is_held_to_the_same_rules(tmp_path: Path) -> None:
    path = write_registry(tmp_path, "test.mirror", "list.csv")
    for url in ("file:///etc/passwd", "../../etc/passwd", "http://mirror.example/list.csv"):
        with pytest.raises(RegistryError, match=r"key 'source.url'"):
            registry.load(path, url_override=url)
    assert registry.load(path, url_override="https://mirror.example/list.csv").source.url.startswith("https://")
    assert registry.load(path, url_override="mirror/list.csv").source.url == "mirror/list.csv"


# local paths


def test_a_symlink_inside_the_registry_directory_is_followed(cli, home, tmp_path: Path) -> None:
    """The judgment call: the path in the file is checked, not where a link on disk points. Making a link
    takes write access to the directory (the user's own), and it is how a registry reads a mirror on a
    shared drive; a registry file alone can never reach outside its directory."""
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "list.csv").write_text(CSV, encoding="utf-8")
    regs = tmp_path / "regs"
    write_registry(regs, "test.linked", "list.csv")
    (regs / "list.csv").symlink_to(shared / "list.csv")
    run = cli("--registry-dir", str(regs), "sync", "test.linked", "--format", "json")
    assert run.exit_code == 0, run.stderr
    assert json.loads(run.stdout)[0]["snapshot"]["rows_loaded"] == 1


def test_a_path_with_spaces_in_the_directory_is_fine(cli, home, tmp_path: Path) -> None:
    regs = tmp_path / "regs"
    (regs / "my lists").mkdir(parents=True)
    (regs / "my lists" / "list 1.csv").write_text(CSV, encoding="utf-8")
    write_registry(regs, "test.spaces", "my lists/list 1.csv")
    run = cli("--registry-dir", str(regs), "sync", "test.spaces")
    assert run.exit_code == 0, run.stderr


# other values an untrusted file could use against the reader


@pytest.mark.parametrize(("old", "new", "key", "problem"), [
    ('encoding = "auto"', 'encoding = "base64"', "source.encoding", "not a character encoding"),
    ('encoding = "auto"', 'encoding = "rot13"', "source.encoding", "not a character encoding"),
    ('encoding = "auto"', 'encoding = "idna"', "source.encoding", "not a character encoding"),
    ('encoding = "auto"', 'encoding = "unicode_escape"', "source.encoding", "not a character encoding"),
    ('encoding = "auto"', 'encoding = "a\\u0000b"', "source.encoding", "not a known encoding"),
    ("term_days = 730", "term_days = 9223372036854775807", "term_days", "must be at most 36,525"),
    ("max_age_days = 7", "max_age_days = 99999999", "max_age_days", "must be at most 36,525"),
    ("[dates]", "[dates]\nformat = 1", "dates.format", "unknown key"),
    ('name = "名称"', 'name = ""', "fields.name", "a column name must not be empty"),
    ('name = "名称"', 'name = ["名称", 3]', "fields.name", "non-empty list of column names"),
    ("kind = \"blacklist\"", 'kind = "' + "x" * 5000 + '"', "kind", "…' is not one of"),
])
def test_values_that_would_break_the_reader_are_refused(cli, home, tmp_path: Path, old: str, new: str, key: str,
                                                        problem: str) -> None:
    regs = tmp_path / "regs"
    edit(write_registry(regs, "test.evil", "list.csv"), old, new)
    line = assert_refused(cli, regs, "test.evil.toml", key, problem)
    assert len(line) < 400


def test_declared_encodings_that_read_snapshots_still_load(tmp_path: Path) -> None:
    for encoding in ("utf-8", "UTF8", "gb18030", "GBK", "gb2312", "big5", "utf-16", "latin-1"):
        reg = registry.load(write_registry(tmp_path, "test.enc", "list.csv", encoding=encoding))
        assert reg.source.encoding == encoding
