"""Query benchmark: the same questions in credit-explorer, DuckDB and pandas.

Each system loads the tables it needs first (not timed), then runs each query REPEAT times;
the best time counts. credit-explorer times itself with `.timer on` (in-process, like the
peers' perf_counter around each query)."""
import argparse
import json
import os
import re
import subprocess
import sys
import time

REPEAT = 3

# name: (credit-explorer statement, DuckDB SQL, pandas function of the frames dict)
QUERIES = {
    "filter+count application": (
        "from application_train | filter AMT_CREDIT > 500000 and NAME_CONTRACT_TYPE == 'Cash loans' | aggregate n = count()",
        "SELECT count(*) FROM application_train WHERE AMT_CREDIT > 500000 AND NAME_CONTRACT_TYPE = 'Cash loans'",
        lambda f: int(((f["application_train"].AMT_CREDIT > 500000) & (f["application_train"].NAME_CONTRACT_TYPE == "Cash loans")).sum()),
    ),
    "group-by 4 aggregates application": (
        "from application_train | group NAME_INCOME_TYPE, CODE_GENDER (n = count(), rate = mean(TARGET), credit = mean(AMT_CREDIT), income = median(AMT_INCOME_TOTAL))",
        "SELECT NAME_INCOME_TYPE, CODE_GENDER, count(*), avg(TARGET), avg(AMT_CREDIT), median(AMT_INCOME_TOTAL) FROM application_train GROUP BY ALL",
        lambda f: f["application_train"].groupby(["NAME_INCOME_TYPE", "CODE_GENDER"]).agg(n=("TARGET", "size"), rate=("TARGET", "mean"), credit=("AMT_CREDIT", "mean"), income=("AMT_INCOME_TOTAL", "median")),
    ),
    "group-by bureau_balance (28M rows)": (
        "from bureau_balance | group SK_ID_BUREAU (months = count(), first_month = min(MONTHS_BALANCE))",
        "SELECT SK_ID_BUREAU, count(*), min(MONTHS_BALANCE) FROM bureau_balance GROUP BY SK_ID_BUREAU",
        lambda f: f["bureau_balance"].groupby("SK_ID_BUREAU").agg(months=("MONTHS_BALANCE", "size"), first_month=("MONTHS_BALANCE", "min")),
    ),
    "join application-bureau + aggregate": (
        "from application_train | join inner bureau | group NAME_CONTRACT_TYPE (credits = count(), debt = mean(AMT_CREDIT_SUM_DEBT))",
        "SELECT a.NAME_CONTRACT_TYPE, count(*), avg(b.AMT_CREDIT_SUM_DEBT) FROM application_train a JOIN bureau b USING (SK_ID_CURR) GROUP BY 1",
        lambda f: f["application_train"][["SK_ID_CURR", "NAME_CONTRACT_TYPE"]].merge(f["bureau"], on="SK_ID_CURR").groupby("NAME_CONTRACT_TYPE").agg(credits=("SK_ID_BUREAU", "size"), debt=("AMT_CREDIT_SUM_DEBT", "mean")),
    ),
    "describe application (122 columns)": (
        "describe application_train",
        "SUMMARIZE application_train",
        lambda f: f["application_train"].describe(include="all"),
    ),
    "multi-key sort bureau": (
        "from bureau | sort CREDIT_TYPE, -AMT_CREDIT_SUM, SK_ID_BUREAU | take 10",
        "SELECT * FROM bureau ORDER BY CREDIT_TYPE, AMT_CREDIT_SUM DESC, SK_ID_BUREAU LIMIT 10",
        lambda f: f["bureau"].sort_values(["CREDIT_TYPE", "AMT_CREDIT_SUM", "SK_ID_BUREAU"], ascending=[True, False, True]).head(10),
    ),
}
TABLES = ["application_train", "bureau", "bureau_balance"]


def run_explorer(binary, data):
    cache = os.path.join(os.path.dirname(data), "cache-" + os.path.basename(data))
    args = [binary, "--data", data, "--cache", cache, "-c", ".timer on"]
    for stmt, _, _ in QUERIES.values():
        args += ["-c", stmt] * REPEAT
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    times = [float(x) for x in re.findall(r"^time: ([0-9.]+) s$", out, re.M)]
    assert len(times) == REPEAT * len(QUERIES), out[-2000:]
    return {name: min(times[k * REPEAT:(k + 1) * REPEAT]) for k, name in enumerate(QUERIES)}


def best(fn):
    t = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        fn()
        t.append(time.perf_counter() - start)
    return min(t)


def run_duckdb(data):
    import duckdb
    con = duckdb.connect()
    con.execute("SET threads=2")
    con.execute("SET enable_progress_bar=false")
    for t in TABLES:
        con.execute(f"CREATE TABLE {t} AS SELECT * FROM read_csv('{data}/{t}.csv')")
    return {name: best(lambda sql=sql: con.execute(sql).fetchall()) for name, (_, sql, _) in QUERIES.items()}


def run_pandas(data):
    import pandas as pd
    frames = {t: pd.read_csv(f"{data}/{t}.csv") for t in TABLES}
    return {name: best(lambda fn=fn: fn(frames)) for name, (_, _, fn) in QUERIES.items()}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--binary", required=True)
    args = ap.parse_args()
    ours = run_explorer(args.binary, args.data)
    duck = run_duckdb(args.data)
    pand = run_pandas(args.data)
    print(f"{'query':40} {'credit-explorer':>16} {'DuckDB':>8} {'pandas':>8} {'vs DuckDB':>10} {'vs pandas':>10}")
    rows = {}
    for name in QUERIES:
        r = {"credit_explorer_s": round(ours[name], 4), "duckdb_s": round(duck[name], 4), "pandas_s": round(pand[name], 4),
             "ratio_vs_duckdb": round(ours[name] / duck[name], 2), "ratio_vs_pandas": round(ours[name] / pand[name], 2)}
        rows[name] = r
        print(f"{name:40} {r['credit_explorer_s']:16.4f} {r['duckdb_s']:8.4f} {r['pandas_s']:8.4f} {r['ratio_vs_duckdb']:10.2f} {r['ratio_vs_pandas']:10.2f}")
    print(json.dumps({"benchmark": "query", "data": args.data, "repeat": REPEAT, "queries": rows}))


if __name__ == "__main__":
    main()
