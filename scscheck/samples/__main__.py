"""``python -m scscheck.samples [--out DIR] [--seed N]``: regenerate the bundled sample snapshots.
``python -m scscheck.samples stream --rows N --out FILE.csv.gz [--seed N]``: stream a big SPC snapshot."""

import argparse
import sys
import time
from pathlib import Path

from scscheck.samples.generate import default_out_dir, generate_all
from scscheck.samples.seed import DEFAULT_SEED
from scscheck.samples.spc import write_spc_snapshot

MAX_ROWS = 10_000_000


def _rows(text: str) -> int:
    value = int(text.replace("_", ""))
    if not 0 <= value <= MAX_ROWS:
        raise argparse.ArgumentTypeError(f"must be between 0 and {MAX_ROWS:,}")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m scscheck.samples",
        description="Generate the FICTIONAL sample snapshots of the bundled registries.",
    )
    parser.add_argument("--out", type=Path, help="directory to write into (default: registries/samples)")
    parser.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})"
    )
    sub = parser.add_subparsers(dest="command")
    stream = sub.add_parser("stream", help="stream a large SPC-shaped snapshot (gzip CSV) for benchmarks")
    stream.add_argument("--rows", type=_rows, required=True, help=f"number of rows (up to {MAX_ROWS:,})")
    stream.add_argument("--out", type=Path, required=True, dest="stream_out", help="file to write (.csv.gz)")
    stream.add_argument("--seed", type=int, default=None, dest="stream_seed", help="random seed")
    stream.add_argument("--compresslevel", type=int, default=6, choices=range(1, 10), help="gzip level (6)")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "stream":
        seed = args.stream_seed if args.stream_seed is not None else args.seed
        started = time.perf_counter()
        count = write_spc_snapshot(args.stream_out, args.rows, seed, compresslevel=args.compresslevel)
        elapsed = time.perf_counter() - started
        print(f"wrote {args.stream_out} ({count:,} rows, {elapsed:.1f} s)")
        return 0
    out = args.out or default_out_dir()
    if not out.is_dir():
        where = (
            "--out directory" if args.out else "default directory (a source checkout's registries/samples)"
        )
        parser.error(f"the {where} does not exist: {out}; create it or pass --out DIR")
    for path in generate_all(out, args.seed):
        print(f"wrote {path} ({path.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
