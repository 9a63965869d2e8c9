"""Load benchmark: all eight Home Credit CSVs, each system in a fresh process."""
import argparse
import glob
import json
import os
import platform
import shutil
import sys

sys.path.insert(0, os.path.dirname(__file__))
import measure  # noqa: E402

PEERS = {
    "duckdb": """
import duckdb, glob, os, sys
con = duckdb.connect()
con.execute("SET threads=2")
con.execute("SET enable_progress_bar=false")
rows = 0
for p in sorted(glob.glob(sys.argv[1] + '/*.csv')):
    t = os.path.basename(p)[:-4]
    con.execute(f"CREATE TABLE \\"{t}\\" AS SELECT * FROM read_csv('{p}')")
    rows += con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
print(rows)
""",
    "polars": """
import polars as pl, glob, sys
frames = [pl.read_csv(p, infer_schema_length=10000) for p in sorted(glob.glob(sys.argv[1] + '/*.csv'))]
print(sum(f.height for f in frames))
""",
    "pandas": """
import pandas as pd, glob, sys
frames = [pd.read_csv(p) for p in sorted(glob.glob(sys.argv[1] + '/*.csv'))]
print(sum(len(f) for f in frames))
""",
}


def explorer_rows(output):
    """Sums the rows column of `tables` output."""
    total = 0
    for line in output.splitlines():
        parts = line.split()
        if len(parts) >= 5 and parts[1].replace(",", "").isdigit():
            total += int(parts[1].replace(",", ""))
    return total


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--binary", required=True)
    args = ap.parse_args()
    files = sorted(glob.glob(args.data + "/*.csv"))
    size_mb = sum(os.path.getsize(f) for f in files) / 1e6
    measure.warm_page_cache(files)
    cache = os.path.join(os.path.dirname(args.data), "cache-" + os.path.basename(args.data))
    shutil.rmtree(cache, ignore_errors=True)

    results = {}
    ce = [args.binary, "--data", args.data]
    for name, argv in [
        ("credit-explorer cold (no cache)", ce + ["--no-cache", "-c", "tables"]),
        ("credit-explorer first load (writes cache)", ce + ["--cache", cache, "-c", "tables"]),
        ("credit-explorer warm reopen (cache)", ce + ["--cache", cache, "-c", "tables"]),
    ]:
        s, mb, out = measure.run(argv)
        results[name] = {"seconds": round(s, 3), "peak_mb": round(mb, 1), "rows": explorer_rows(out)}
        print(f"{name}: {s:.2f} s, {mb:.0f} MB", file=sys.stderr)
    for peer, code in PEERS.items():
        s, mb, out = measure.run([sys.executable, "-c", code, args.data])
        results[peer] = {"seconds": round(s, 3), "peak_mb": round(mb, 1), "rows": int(out.strip().split()[-1])}
        print(f"{peer}: {s:.2f} s, {mb:.0f} MB", file=sys.stderr)

    cold = results["credit-explorer cold (no cache)"]
    peers = {k: v for k, v in results.items() if k in PEERS}
    fastest = min(peers.values(), key=lambda r: r["seconds"])
    leanest = min(peers.values(), key=lambda r: r["peak_mb"])
    ratios = {
        "cold_vs_fastest_peer_time": round(cold["seconds"] / fastest["seconds"], 3),
        "cold_vs_leanest_peer_memory": round(cold["peak_mb"] / leanest["peak_mb"], 3),
        **{f"{k}_time_vs_cold": round(v["seconds"] / cold["seconds"], 2) for k, v in peers.items()},
    }

    print(f"\nLoading {len(files)} files, {size_mb:,.0f} MB of CSV ({platform.machine()}, {os.cpu_count()} cores)")
    print(f"{'system':45} {'seconds':>8} {'peak MB':>8} {'rows':>12}")
    for k, v in results.items():
        print(f"{k:45} {v['seconds']:8.2f} {v['peak_mb']:8.0f} {v['rows']:12,}")
    for k, v in ratios.items():
        print(f"  {k}: {v}")
    print(json.dumps({"benchmark": "load", "data": args.data, "csv_mb": round(size_mb, 1),
                      "systems": results, "ratios": ratios}))


if __name__ == "__main__":
    main()
