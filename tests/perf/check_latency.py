"""In-process latency of one check against the bundled samples (issue 3: well under 10 ms).

    python tests/perf/check_latency.py [--runs 200]

Syncs the bundled sample registries into a temporary cache, warms up once (the first check pays for
loading OpenCC and, for a romanized name, pypinyin), then times `check.check` on single counterparties of
each kind and prints the median and 95th percentile in milliseconds. Not part of the test run.
"""

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from scscheck import check, counterparty, registry, sync
from scscheck.store import Store

QUERIES = {
    "uscc": counterparty.make(uscc_code="91340800WX2026012R"),
    "name (variant)": counterparty.make("华宇贸易（安庆）有限公司"),
    "name (traditional)": counterparty.make("安慶市華宇貿易有限公司"),
    "romanized": counterparty.make("Anqing Huayu Trading Co., Ltd."),
    "person (common name)": counterparty.make("张伟"),
    "legal rep + id": counterparty.make("杭州锦程科技有限公司", legal_rep="陈志刚", id_number="3408021985****1537"),
    "not listed": counterparty.make("杭州明远网络科技有限公司"),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp))
        regs = registry.discover(registry.search_path())
        sync.sync(store, list(regs.values()))
        rows = sum(s.rows_loaded for s in store.current_all().values())
        print(f"bundled samples: {len(regs)} registries, {rows} listings")
        for label, cp in QUERIES.items():
            started = time.perf_counter()
            check.check(store, regs, [cp])
            first = (time.perf_counter() - started) * 1000
            times = []
            for _ in range(args.runs):
                started = time.perf_counter()
                report = check.check(store, regs, [cp])
                times.append((time.perf_counter() - started) * 1000)
            times.sort()
            p95 = times[int(len(times) * 0.95) - 1]
            print(f"{label:22} {report.results[0].verdict:7} median {statistics.median(times):6.2f} ms   "
                  f"p95 {p95:6.2f} ms   first {first:7.2f} ms")
        store.close()


if __name__ == "__main__":
    main()
