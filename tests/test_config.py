"""`scscheck config` and what the settings file changes: default formats, --fail-on and thresholds, the
retention, registry URL overrides (a mirror), and a proxy and CA bundle for fetches; options given on the
command line win over the file."""

import http.server
import json
import os
import ssl
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import trustme
from conftest import Reply, Run, Server
from helpers import cache_db, listing_tables, make_ric, make_uscc, mask, write_registry

from scscheck.status import ExitCode

CODE = make_uscc("340800", "WX920001")
HEADER = "名称,统一社会信用代码/身份证号码,法定代表人,失信行为,列入日期"
ROWS = [f"安庆市配置贸易有限公司,{CODE},王五,拒不履行,2026年01月05日",
        f"张伟,{mask(make_ric('340802', '19800101', '555'))},,违反限制消费令,2026年02月02日"]
BODY = ("\n".join([HEADER, *ROWS]) + "\n").encode("utf-8")


@pytest.fixture
def config_file(home: Path, tmp_path: Path) -> Path:
    return tmp_path / "config" / "scscheck" / "config.toml"


@pytest.fixture
def regs(cli: Callable[..., Run], tmp_path: Path) -> Path:
    directory = tmp_path / "regs"
    directory.mkdir()
    (directory / "test.list.csv").write_text(BODY.decode("utf-8"), encoding="utf-8")
    write_registry(directory, "test.list", "test.list.csv")
    assert cli("--registry-dir", str(directory), "sync", "test.list").exit_code == 0
    return directory


def test_set_get_unset_and_the_file(cli: Callable[..., Run], config_file: Path) -> None:
    assert cli("config", "path").stdout.strip() == str(config_file)
    assert cli("config", "get", "fail_on").exit_code == 1  # not set
    for key, value in (("fail_on", "review"), ("thresholds.listed", "0.95"), ("retention", "3"),
                       ("registries.cn.spc.dishonest-debtors.url", "https://mirror.example.com/spc.csv.gz")):
        run = cli("config", "set", key, value)
        assert run.exit_code == 0, run.stderr
    assert config_file.stat().st_mode & 0o777 == 0o600
    assert cli("config", "get", "thresholds.listed").stdout.strip() == "0.95"
    assert cli("config", "get", "registries.cn.spc.dishonest-debtors.url").stdout.strip().startswith("https://mirror")
    assert cli("config", "get").stdout.splitlines() == [
        "fail_on = review", "retention = 3", "thresholds.listed = 0.95",
        "registries.cn.spc.dishonest-debtors.url = https://mirror.example.com/spc.csv.gz"]
    text = config_file.read_text(encoding="utf-8")
    assert 'fail_on = "review"' in text and '[registries."cn.spc.dishonest-debtors"]' in text
    assert cli("config", "unset", "thresholds.listed").exit_code == 0
    assert "[thresholds]" not in config_file.read_text(encoding="utf-8")  # an emptied table goes too
    assert cli("config", "get", "thresholds.listed").exit_code == 1


@pytest.mark.parametrize(("key", "value", "message"), [
    ("format", "xml", "expected one of table, json, jsonl, csv"),
    ("thresholds.review", "1.5", "expected a score from 0 to 1"),
    ("retention", "many", "not a number"),
    ("retention", "0", "from 1 to 1000"),
    ("network.proxy", "proxy.example.com", "expected a URL"),
    ("network.ca_bundle", "/no/such/ca.pem", "no such file"),
    ("registries.x.url", "ftp://mirror/x.csv", "expected an http://"),
    ("colour", "blue", "unknown setting 'colour'"),
])
def test_bad_settings_are_refused_in_one_line(cli: Callable[..., Run], config_file: Path, key: str, value: str,
                                              message: str) -> None:
    run = cli("config", "set", key, value)
    assert run.exit_code == ExitCode.USAGE
    assert message in run.stderr and len(run.stderr.strip().splitlines()) == 1
    assert not config_file.exists()  # nothing written


@pytest.mark.parametrize("content", ["fail_on = \n", 'fail_on = "sometimes"\n', "retention = \"5\"\n",
                                     "[thresholds]\nlisted = true\n", "colour = 1\n"])
def test_a_broken_file_is_a_usage_error_naming_it(cli: Callable[..., Run], config_file: Path, regs: Path,
                                                  content: str) -> None:
    config_file.parent.mkdir(parents=True, exist_ok=True)
    config_file.write_text(content, encoding="utf-8")
    run = cli("--registry-dir", str(regs), "check", "--uscc", CODE)
    assert run.exit_code == ExitCode.USAGE
    assert str(config_file) in run.stderr and "Traceback" not in run.stderr


def test_defaults_from_the_file_and_options_win(cli: Callable[..., Run], regs: Path) -> None:
    base = ("--registry-dir", str(regs), "check")
    assert cli(*base, "张伟").exit_code == 0  # a review verdict passes the built-in --fail-on listed
    cli("config", "set", "fail_on", "review")
    cli("config", "set", "format", "json")
    run = cli(*base, "张伟")
    assert run.exit_code == ExitCode.FOUND
    assert json.loads(run.stdout)["results"][0]["verdict"] == "review"
    assert cli(*base, "张伟", "--fail-on", "listed").exit_code == 0  # the option wins
    assert not cli(*base, "张伟", "--format", "csv").stdout.lstrip().startswith("{")

    cli("config", "set", "thresholds.review", "0.8")  # a name alone scores 0.70: no longer reported
    doc = json.loads(cli(*base, "张伟").stdout)
    assert doc["results"][0]["verdict"] == "clear"
    report = json.loads(cli("--registry-dir", str(regs), "report", "张伟", "-f", "json").stdout)
    assert report["thresholds"] == {"listed": 0.9, "review": 0.8}  # and the report says which were used
    doc = json.loads(cli(*base, "张伟", "--threshold-review", "0.6").stdout)
    assert doc["results"][0]["verdict"] == "review"
    cli("config", "set", "thresholds.listed", "0.7")
    assert cli(*base, "张伟").exit_code == ExitCode.USAGE  # review above listed: said, not guessed

    cli("config", "unset", "thresholds.listed")
    cli("config", "set", "report_format", "html")
    assert cli("--registry-dir", str(regs), "report", "--uscc", CODE).stdout.lstrip().startswith("<!DOCTYPE html>")


def test_retention_from_the_file(cli: Callable[..., Run], home: Path, regs: Path) -> None:
    cli("config", "set", "retention", "1")
    for n in range(2):
        row = f"安庆市第{n}贸易有限公司,,李四,拒不履行,2026年03月0{n + 1}日\n"
        (regs / "test.list.csv").write_text(BODY.decode("utf-8") + row, encoding="utf-8")
        assert cli("--registry-dir", str(regs), "sync", "test.list").exit_code == 0
    with cache_db(home) as db:
        tables = listing_tables(db)
        assert db.execute("SELECT count(*) FROM snapshot").fetchone()[0] == 3
    assert tables == ["listing_3"]  # only the current snapshot's listings kept


def test_a_registry_url_override_fetches_from_the_mirror(cli: Callable[..., Run], tmp_path: Path,
                                                          server: Server) -> None:
    directory = tmp_path / "regs"
    write_registry(directory, "test.mirrored", "https://lists.scscheck.invalid/list.csv")
    server.script("/mirror/list.csv", Reply(body=BODY))
    cli("config", "set", "registries.test.mirrored.url", server.url("/mirror/list.csv"))
    run = cli("--registry-dir", str(directory), "sync", "test.mirrored", "-f", "json")
    assert run.exit_code == 0, run.stderr
    assert server.hits("/mirror/list.csv") == 1
    assert json.loads(run.stdout)[0]["snapshot"]["source_url"] == server.url("/mirror/list.csv")
    cli("config", "set", "registries.test.unknown.url", server.url("/x.csv"))
    run = cli("--registry-dir", str(directory), "registries")
    assert run.exit_code == 0 and "registries.test.unknown" in run.stderr  # said, not fatal


@pytest.fixture
def no_proxy_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY",
                 "no_proxy", "SSL_CERT_FILE", "SSL_CERT_DIR"):
        monkeypatch.delenv(name, raising=False)


def test_fetches_go_through_the_configured_proxy(cli: Callable[..., Run], tmp_path: Path, server: Server,
                                                 no_proxy_variables: None) -> None:
    remote = "http://lists.scscheck.invalid/list.csv"  # resolvable only by the proxy, which is the test's server
    directory = tmp_path / "regs"
    path = write_registry(directory, "test.proxied", remote)
    text = path.read_text(encoding="utf-8").replace('records = ""', 'records = ""\nallow_insecure_http = true')
    path.write_text(text, encoding="utf-8")
    server.script(remote, Reply(body=BODY))  # a forward proxy is asked for the absolute URL
    assert cli("--registry-dir", str(directory), "sync", "test.proxied").exit_code == 4  # no proxy: no such host
    cli("config", "set", "network.proxy", server.base)
    run = cli("--registry-dir", str(directory), "sync", "test.proxied")
    assert run.exit_code == 0, run.stderr
    assert server.hits(remote) == 1


@pytest.fixture
def https_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """An https server on 127.0.0.1 with a certificate from a CA of the test's own: its URL and the CA's PEM."""
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1")
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    cert.configure_cert(context)
    ca_file = tmp_path / "company-ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Length", str(len(BODY)))
            self.end_headers()
            self.wfile.write(BODY)

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"https://127.0.0.1:{httpd.server_address[1]}/list.csv", ca_file
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_https_is_verified_with_the_configured_ca_bundle(cli: Callable[..., Run], tmp_path: Path,
                                                          https_server: tuple[str, Path],
                                                          no_proxy_variables: None) -> None:
    url, ca_file = https_server
    directory = tmp_path / "regs"
    write_registry(directory, "test.tls", url)
    refused = cli("--registry-dir", str(directory), "sync", "test.tls")
    assert refused.exit_code == 4 and "test.tls" in refused.stderr  # the system's CAs do not know this one
    cli("config", "set", "network.ca_bundle", str(ca_file))
    run = cli("--registry-dir", str(directory), "sync", "test.tls")
    assert run.exit_code == 0, run.stderr
    os.unlink(ca_file)  # gone since it was set: the next fetch says so in one line
    gone = cli("--registry-dir", str(directory), "sync", "test.tls")
    assert gone.exit_code == 4 and "CA bundle" in gone.stderr
