"""Provenance in reports: a snapshot fetched over plain http from a host other than loopback (allowed
only by `allow_insecure_http = true`) is said in the report's coverage, in `check` and in `show`.

No traffic leaves the machine: the registry names a host under `.invalid`, and the test's HTTP server on
127.0.0.1 serves it as a forward proxy (httpx honours HTTP_PROXY)."""

import json
from pathlib import Path

import pytest
from conftest import Reply
from helpers import make_uscc, write_registry

CODE = make_uscc("340800", "WX910001")
BODY = ("名称,统一社会信用代码/身份证号码,法定代表人,失信行为,列入日期\n"
        f"安庆市明文传输有限公司,{CODE},王五,拒不履行,2026-02-02\n")
REMOTE = "http://lists.scscheck.invalid/plain.csv"


@pytest.fixture
def plain_http(cli, home: Path, tmp_path: Path, server, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy", "HTTPS_PROXY", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", server.base)
    server.script(REMOTE, Reply(body=BODY.encode("utf-8")))  # a proxy sees the absolute URL
    loopback = Reply(body=BODY.replace("明文传输", "本机传输").encode("utf-8"))
    server.script("/loopback.csv", loopback)
    server.script(server.url("/loopback.csv"), loopback)  # httpx sends loopback through the proxy too
    directory = tmp_path / "regs"
    path = write_registry(directory, "test.plain", REMOTE)
    text = path.read_text(encoding="utf-8").replace('records = ""', 'records = ""\nallow_insecure_http = true')
    path.write_text(text, encoding="utf-8")
    write_registry(directory, "test.loopback", server.url("/loopback.csv"))
    done = cli("--registry-dir", str(directory), "sync", "test.plain", "test.loopback")
    assert done.exit_code == 0, done.stderr
    assert server.hits(REMOTE) == 1
    return directory


def test_plain_http_is_said_in_the_report(cli, plain_http: Path) -> None:
    done = cli("--registry-dir", str(plain_http), "report", "--uscc", CODE, "-f", "json")
    coverage = {c["registry"]: c for c in json.loads(done.stdout)["coverage"]}
    assert coverage["test.plain"]["insecure_http"] and coverage["test.plain"]["source_url"] == REMOTE
    assert not coverage["test.loopback"]["insecure_http"]  # plain http to loopback is not a risk in transit
    for fmt in ("md", "html"):
        text = cli("--registry-dir", str(plain_http), "report", "--uscc", CODE, "-f", fmt).stdout
        assert text.count("PLAIN HTTP") == 1 and "not protected in transit" in text
    table = cli("--registry-dir", str(plain_http), "check", "--uscc", CODE).stdout
    assert "Fetched over plain http (not protected in transit): test.plain." in table
    listing = json.loads(cli("--registry-dir", str(plain_http), "check", "--uscc", CODE, "-f", "json").stdout)
    listing_id = next(f["listing"]["listing_id"] for f in listing["results"][0]["findings"]
                      if f["listing"]["registry"] == "test.plain")
    shown = json.loads(cli("--registry-dir", str(plain_http), "show", listing_id, "-f", "json").stdout)
    assert shown["provenance"]["insecure_http"] and shown["provenance"]["source_url"] == REMOTE
