"""Across provinces through the legal representative, on the bundled samples: 杭州锦程科技有限公司
(Zhejiang), queried by its USCC alone, is linked to the listings of its legal representative 陈志刚 in Anhui,
read from its own (expired) listing, with the path in the JSON."""

import json
from pathlib import Path

from scscheck.samples import planted

JINCHENG_USCC = planted.JINCHENG.uscc


def test_company_queried_in_zhejiang_is_linked_to_anhui_listings(cli, home: Path) -> None:
    assert cli("sync", *planted.REGISTRY_IDS).exit_code == 0
    run = cli("check", "--uscc", JINCHENG_USCC, "--format", "json")
    doc = json.loads(run.stdout)
    result = doc["results"][0]
    assert result["verdict"] == "linked" and run.exit_code == 0  # linked is below the default --fail-on
    linked = [f for f in result["findings"] if f["effect"] == "linked"]
    person = next(f for f in linked if f["via"]["role"] == "listed person")
    assert person["listing"]["name"] == "陈志刚"
    assert person["listing"]["registry"] == planted.SPC
    assert person["listing"]["jurisdiction"]["level"] == "national"
    via = person["via"]
    assert via["counterparty"] == JINCHENG_USCC and via["legal_rep"] == "陈志刚"
    assert via["legal_rep_id"] == "3408021985****1537" and via["corroboration"] == "id_number"
    source = next(f for f in result["findings"] if f["listing"]["listing_id"] == via["source"])
    assert source["listing"]["uscc"] == JINCHENG_USCC and source["listing"]["region"].startswith("33")
    assert source["via"] is None  # the company's own listing, matched directly
    companies = [f for f in linked if f["via"]["role"] == "legal representative of the listed company"]
    assert {f["listing"]["uscc"] for f in companies} == {planted.HUAYU.uscc}
    assert all(f["listing"]["region"].startswith("34") for f in companies)  # Anhui
    assert all(f["via"]["company"] == f["listing"]["name"] for f in companies)
    failing = cli("check", "--uscc", JINCHENG_USCC, "--fail-on", "linked")
    assert failing.exit_code == 1 and failing.stdout.startswith("LINKED")
