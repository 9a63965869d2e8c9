"""Feature-building benchmark: the kernel recipe (recipes/kernel.cx) built by credit-explorer,
and the same recipe written for pandas, polars and DuckDB SQL, side by side in one run.

credit-explorer runs as `credit-explorer run SCRIPT`:
  * cold, from the CSV files (--no-cache), a script of `features build` alone: the whole
    process's wall time (start, CSV reading, build, exit) and the "built N features … in X s"
    line it prints;
  * with a fresh --cache folder, `features build` then `features export` (the export is the
    matrix every peer is checked against and the models learn from; not timed against the peers);
  * again with that cache: the "read N features … from the cache in X s" line (if the cache
    is missed, the run says so and the figure is reported as null, never guessed);
  * one client recomputed from their own rows (`features client ID`) for 20 clients: the median
    of the "recomputed from the client's own rows in X ms" lines.
Every credit-explorer process runs under /usr/bin/time -v: its peak MB is that process's own
"Maximum resident set size" (a parent's rusage is floored at the parent's own peak).

Each peer runs in its own process (`bench_features.py --peer NAME`), timed from reading the CSV
files to the final joined frame; its peak MB is its VmHWM read at that moment (before it writes
the frame to Parquet for the agreement check). The peers read every file with the schema
credit-explorer reads it with (Sources/HomeCredit/HomeCreditFile+Fields.swift): the category
columns as text, SK_ID_* as 64-bit integers, every other column as a double.

Semantics the peers reproduce (docs/features.md, docs/language.md):
  * `append`: application_train rows, then application_test rows (TARGET missing there);
  * `onehot COL [with missing]`: the column replaced in place by one 0/1 column per level
    present, levels in byte order, named COL_<level made name-safe>, then COL_nan;
  * `across(cols, fns)`: for each column (patterns in table order, never the key nor SK_ID_*),
    each function, named <col>_<FN>; aggregates skip missing values, a group without a present
    value gives missing (sum too), var is the sample variance (missing below two values),
    size and count() count rows, nunique counts distinct present values;
  * a division by zero (any infinite or undefined result) is missing; nullif, greatest (missing
    if an argument is), `if c then 1 else 0` (0 when c is missing);
  * `join a, b on SK_ID_CURR`: left joins in turn, in the left rows' order.

The agreement check matches columns by name and rows by SK_ID_CURR: values agree within 1e-9
relative (1e-9 absolute near zero), missing only where missing; a difference is reported with
its first values, never smoothed over.

Quality (skipped with --no-model): credit-explorer's own GBDT with `cv folds=5 seed=1` on its
features (run right after the other credit-explorer runs), and LightGBM with the same parameters
on credit-explorer's exported matrix (its own process, 5 stratified folds of scikit-learn). The
folds differ between the two, so the AUCs are close, not equal.

Order of the run: credit-explorer (cold, cache fill + export, cache, clients, GBDT), the peers,
LightGBM, then the agreement check (which loads the matrices into this process, so it comes
after every measured process).
"""
import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "bench"))
import measure  # noqa: E402

TABLES = ["application_train", "application_test", "bureau", "bureau_balance", "previous_application",
          "POS_CASH_balance", "installments_payments", "credit_card_balance"]

# The columns credit-explorer reads as text (category), by file.
_APPLICATION_TEXT = ["NAME_CONTRACT_TYPE", "CODE_GENDER", "FLAG_OWN_CAR", "FLAG_OWN_REALTY", "NAME_TYPE_SUITE",
                     "NAME_INCOME_TYPE", "NAME_EDUCATION_TYPE", "NAME_FAMILY_STATUS", "NAME_HOUSING_TYPE",
                     "OCCUPATION_TYPE", "WEEKDAY_APPR_PROCESS_START", "ORGANIZATION_TYPE", "FONDKAPREMONT_MODE",
                     "HOUSETYPE_MODE", "WALLSMATERIAL_MODE", "EMERGENCYSTATE_MODE"]
TEXT = {
    "application_train": _APPLICATION_TEXT,
    "application_test": _APPLICATION_TEXT,
    "bureau": ["CREDIT_ACTIVE", "CREDIT_CURRENCY", "CREDIT_TYPE"],
    "bureau_balance": ["STATUS"],
    "previous_application": ["NAME_CONTRACT_TYPE", "WEEKDAY_APPR_PROCESS_START", "FLAG_LAST_APPL_PER_CONTRACT",
                             "NAME_CASH_LOAN_PURPOSE", "NAME_CONTRACT_STATUS", "NAME_PAYMENT_TYPE",
                             "CODE_REJECT_REASON", "NAME_TYPE_SUITE", "NAME_CLIENT_TYPE", "NAME_GOODS_CATEGORY",
                             "NAME_PORTFOLIO", "NAME_PRODUCT_TYPE", "CHANNEL_TYPE", "NAME_SELLER_INDUSTRY",
                             "NAME_YIELD_GROUP", "PRODUCT_COMBINATION"],
    "POS_CASH_balance": ["NAME_CONTRACT_STATUS"],
    "installments_payments": [],
    "credit_card_balance": ["NAME_CONTRACT_STATUS"],
}

# ── The recipe, as data every peer reads (each `group` step of recipes/kernel.cx) ────────────
# An item is (columns or patterns, functions), or ("=NAME", "count") for `NAME = count()`.
BUREAU_MONTHS = [(["MONTHS_BALANCE"], ["min", "max", "size"]), (["STATUS_*"], ["mean"])]
BUREAU_NUMERIC = [
    (["DAYS_CREDIT"], ["min", "max", "mean", "var"]),
    (["DAYS_CREDIT_ENDDATE"], ["min", "max", "mean"]),
    (["DAYS_CREDIT_UPDATE"], ["mean"]),
    (["CREDIT_DAY_OVERDUE"], ["max", "mean"]),
    (["AMT_CREDIT_MAX_OVERDUE"], ["mean"]),
    (["AMT_CREDIT_SUM", "AMT_CREDIT_SUM_DEBT"], ["max", "mean", "sum"]),
    (["AMT_CREDIT_SUM_OVERDUE"], ["mean"]),
    (["AMT_CREDIT_SUM_LIMIT"], ["mean", "sum"]),
    (["AMT_ANNUITY"], ["max", "mean"]),
    (["CNT_CREDIT_PROLONG"], ["sum"]),
    (["MONTHS_BALANCE_MIN"], ["min"]),
    (["MONTHS_BALANCE_MAX"], ["max"]),
    (["MONTHS_BALANCE_SIZE"], ["mean", "sum"]),
]
BUREAU_ALL = BUREAU_NUMERIC + [(["CREDIT_ACTIVE_*", "CREDIT_CURRENCY_*", "CREDIT_TYPE_*", "STATUS_*"], ["mean"])]
PREVIOUS_NUMERIC = [
    (["AMT_ANNUITY", "AMT_APPLICATION", "AMT_CREDIT"], ["min", "max", "mean"]),
    (["APP_CREDIT_PERC"], ["min", "max", "mean", "var"]),
    (["AMT_DOWN_PAYMENT", "AMT_GOODS_PRICE", "HOUR_APPR_PROCESS_START", "RATE_DOWN_PAYMENT", "DAYS_DECISION"],
     ["min", "max", "mean"]),
    (["CNT_PAYMENT"], ["mean", "sum"]),
]
PREVIOUS_ALL = PREVIOUS_NUMERIC + [([
    "NAME_CONTRACT_TYPE_*", "WEEKDAY_APPR_PROCESS_START_*", "FLAG_LAST_APPL_PER_CONTRACT_*",
    "NAME_CASH_LOAN_PURPOSE_*", "NAME_CONTRACT_STATUS_*", "NAME_PAYMENT_TYPE_*", "CODE_REJECT_REASON_*",
    "NAME_TYPE_SUITE_*", "NAME_CLIENT_TYPE_*", "NAME_GOODS_CATEGORY_*", "NAME_PORTFOLIO_*",
    "NAME_PRODUCT_TYPE_*", "CHANNEL_TYPE_*", "NAME_SELLER_INDUSTRY_*", "NAME_YIELD_GROUP_*",
    "PRODUCT_COMBINATION_*"], ["mean"])]
POS = [(["MONTHS_BALANCE"], ["max", "mean", "size"]), (["SK_DPD", "SK_DPD_DEF"], ["max", "mean"]),
       (["NAME_CONTRACT_STATUS_*"], ["mean"]), ("=COUNT", "count")]
INSTALMENTS = [
    (["NUM_INSTALMENT_VERSION"], ["nunique"]),
    (["DPD", "DBD"], ["max", "mean", "sum"]),
    (["PAYMENT_PERC", "PAYMENT_DIFF"], ["max", "mean", "sum", "var"]),
    (["AMT_INSTALMENT"], ["max", "mean", "sum"]),
    (["AMT_PAYMENT"], ["min", "max", "mean", "sum"]),
    (["DAYS_ENTRY_PAYMENT"], ["max", "mean", "sum"]),
    ("=COUNT", "count"),
]
CREDIT_CARD = [(["*"], ["min", "max", "mean", "sum", "var"]), ("=COUNT", "count")]
PREVIOUS_SENTINELS = ["DAYS_FIRST_DRAWING", "DAYS_FIRST_DUE", "DAYS_LAST_DUE_1ST_VERSION", "DAYS_LAST_DUE",
                      "DAYS_TERMINATION"]
# The blocks joined to the application rows, in the recipe's order.
BLOCK_ORDER = ["bureau_all", "bureau_active", "bureau_closed", "previous_all", "previous_approved",
               "previous_refused", "pos", "instalments", "credit_card"]
KEY = "SK_ID_CURR"


def pattern_matches(pattern, names):
    """`*` is any run of characters; a name without `*` matches only itself (ColumnPattern)."""
    if "*" not in pattern:
        return [n for n in names if n == pattern]
    rx = re.compile("".join(".*" if p == "*" else re.escape(p) for p in re.split(r"(\*)", pattern)), re.S)
    return [n for n in names if rx.fullmatch(n)]


def expand(items, names, key):
    """The aggregates of a `group` step, spelt out: [(output name, column or None, function)]:
    for each column (patterns in table order, never the key nor SK_ID_*), each function."""
    out = []
    for cols, fns in items:
        if isinstance(cols, str):  # NAME = count()
            out.append((cols[1:], None, "size"))
            continue
        columns = []
        for ref in cols:
            if "*" in ref:
                matches = [n for n in pattern_matches(ref, names) if n != key and not n.startswith("SK_ID_")]
            else:
                matches = [ref] if ref in names else []
            if not matches:
                raise ValueError(f"no column matches {ref}")
            columns += [m for m in matches if m not in columns]
        for c in columns:
            for f in fns:
                out.append((f"{c}_{f.upper()}", c, f))
    return out


def name_safe(level):
    """A level as part of a column name: letters and digits, runs of anything else one `_`."""
    out, gap = [], False
    for ch in level:
        if ch.isalpha() or ch.isnumeric():
            if gap and out:
                out.append("_")
            out.append(ch)
            gap = False
        else:
            gap = True
    return "".join(out) or "blank"


def dummy_names(column, levels, missing, used):
    """The one-hot columns' names, as credit-explorer gives them (a collision gets `_k`)."""
    names = []
    for k, level in enumerate(list(levels) + ([None] if missing else [])):
        name = f"{column}_" + ("nan" if level is None else name_safe(level))
        while name in used:
            name += f"_{k}"
        used.add(name)
        names.append(name)
    return names


def sorted_levels(values):
    """Levels in byte order (UTF-8 byte order is code point order)."""
    return sorted(values, key=lambda s: s.encode("utf-8"))


def header(path):
    with open(path, newline="") as f:
        return f.readline().rstrip("\r\n").split(",")


def schema(data, table):
    """[(column, 'text' | 'key' | 'number')] for one file."""
    text = set(TEXT[table])
    return [(c, "text" if c in text else "key" if c.startswith("SK_ID_") else "number")
            for c in header(os.path.join(data, table + ".csv"))]


def peak_mb():
    """This process's peak resident memory (VmHWM), read inside the process."""
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024.0


# ── pandas ──────────────────────────────────────────────────────────────────────────────────
def build_pandas(data):
    import numpy as np
    import pandas as pd

    def read(table):
        dtype = {c: {"text": "str", "key": "int64", "number": "float64"}[k] for c, k in schema(data, table)}
        return pd.read_csv(os.path.join(data, table + ".csv"), dtype=dtype, keep_default_na=False, na_values=[""])

    def onehot(df, columns, missing=False):
        encoded = set(columns)
        used = set(df.columns)
        out = {}
        for name in df.columns:
            if name not in encoded:
                out[name] = df[name].to_numpy()
                continue
            codes, uniques = pd.factorize(df[name], sort=False)
            levels = sorted_levels(list(uniques))
            code_of = {v: i for i, v in enumerate(uniques)}
            wanted = [code_of[l] for l in levels] + ([-1] if missing else [])
            for dummy, code in zip(dummy_names(name, levels, missing, used), wanted):
                out[dummy] = (codes == code).astype(np.int32)
        return pd.DataFrame(out, copy=False)

    def text_columns(df):
        return [c for c in df.columns if df[c].dtype == object or isinstance(df[c].dtype, pd.StringDtype)]

    def div(a, b):
        r = (a / b).to_numpy(dtype=np.float64, copy=True)
        r[~np.isfinite(r)] = np.nan
        return r

    def group(df, key, items):
        spec = expand(items, list(df.columns), key)
        g = df.groupby(key, sort=True)
        results = {}
        for fn in dict.fromkeys(f for _, _, f in spec if f != "size"):
            cols = list(dict.fromkeys(c for _, c, f in spec if f == fn))
            sub = g[cols]
            if fn == "sum":
                results[fn] = sub.sum(min_count=1)
            elif fn == "var":
                results[fn] = sub.var(ddof=1)
            elif fn == "nunique":
                results[fn] = sub.nunique(dropna=True)
            else:
                results[fn] = getattr(sub, fn)()
        size = g.size()
        out = pd.DataFrame({name: (size if f == "size" else results[f][c]) for name, c, f in spec})
        out.index.name = key
        return out.reset_index()

    def prefix(df, p):
        return df.rename(columns={c: c if c.startswith("SK_ID_") else p + c for c in df.columns})

    def left_join(left, right, key):
        return left.merge(right, on=key, how="left", sort=False)

    # application
    # (copy: one block per dtype, so that adding the derived columns does not fragment the frame)
    app = pd.concat([read("application_train"), read("application_test")], ignore_index=True).copy()
    days = app["DAYS_EMPLOYED"]
    app["DAYS_EMPLOYED_ANOM"] = (days == 365243).astype(np.int32)
    app["DAYS_EMPLOYED"] = days.where(days != 365243)
    app["DAYS_EMPLOYED_PERC"] = div(app["DAYS_EMPLOYED"], app["DAYS_BIRTH"])
    app["INCOME_CREDIT_PERC"] = div(app["AMT_INCOME_TOTAL"], app["AMT_CREDIT"])
    app["INCOME_PER_PERSON"] = div(app["AMT_INCOME_TOTAL"], app["CNT_FAM_MEMBERS"])
    app["ANNUITY_INCOME_PERC"] = div(app["AMT_ANNUITY"], app["AMT_INCOME_TOTAL"])
    app["PAYMENT_RATE"] = div(app["AMT_ANNUITY"], app["AMT_CREDIT"])
    app = onehot(app, text_columns(app))

    # bureau
    bb = onehot(read("bureau_balance"), ["STATUS"], missing=True)
    months = group(bb, "SK_ID_BUREAU", BUREAU_MONTHS)
    del bb
    credits = onehot(read("bureau"), ["CREDIT_ACTIVE", "CREDIT_CURRENCY", "CREDIT_TYPE"], missing=True)
    credits = left_join(credits, months, "SK_ID_BUREAU")
    blocks = {
        "bureau_all": prefix(group(credits, KEY, BUREAU_ALL), "BURO_"),
        "bureau_active": prefix(group(credits[credits["CREDIT_ACTIVE_Active"] == 1], KEY, BUREAU_NUMERIC), "ACTIVE_"),
        "bureau_closed": prefix(group(credits[credits["CREDIT_ACTIVE_Closed"] == 1], KEY, BUREAU_NUMERIC), "CLOSED_"),
    }
    del credits

    # previous applications
    prev = read("previous_application")
    for c in PREVIOUS_SENTINELS:
        prev[c] = prev[c].where(prev[c] != 365243)
    prev["APP_CREDIT_PERC"] = div(prev["AMT_APPLICATION"], prev["AMT_CREDIT"])
    prev = onehot(prev, text_columns(prev), missing=True)
    blocks["previous_all"] = prefix(group(prev, KEY, PREVIOUS_ALL), "PREV_")
    blocks["previous_approved"] = prefix(group(prev[prev["NAME_CONTRACT_STATUS_Approved"] == 1], KEY, PREVIOUS_NUMERIC), "APPROVED_")
    blocks["previous_refused"] = prefix(group(prev[prev["NAME_CONTRACT_STATUS_Refused"] == 1], KEY, PREVIOUS_NUMERIC), "REFUSED_")
    del prev

    # POS, instalments, credit cards
    pos = onehot(read("POS_CASH_balance"), ["NAME_CONTRACT_STATUS"], missing=True)
    blocks["pos"] = prefix(group(pos, KEY, POS), "POS_")
    del pos
    ins = read("installments_payments")
    ins["PAYMENT_PERC"] = div(ins["AMT_PAYMENT"], ins["AMT_INSTALMENT"])
    ins["PAYMENT_DIFF"] = ins["AMT_INSTALMENT"] - ins["AMT_PAYMENT"]
    ins["DPD"] = np.maximum(ins["DAYS_ENTRY_PAYMENT"] - ins["DAYS_INSTALMENT"], 0)  # NaN stays NaN
    ins["DBD"] = np.maximum(ins["DAYS_INSTALMENT"] - ins["DAYS_ENTRY_PAYMENT"], 0)
    blocks["instalments"] = prefix(group(ins, KEY, INSTALMENTS), "INSTAL_")
    del ins
    cc = onehot(read("credit_card_balance"), ["NAME_CONTRACT_STATUS"], missing=True)
    blocks["credit_card"] = prefix(group(cc, KEY, CREDIT_CARD), "CC_")
    del cc

    features = app
    for name in BLOCK_ORDER:
        features = left_join(features, blocks.pop(name), KEY)
    return features


def write_pandas(df, path):
    df.to_parquet(path, index=False)


# ── polars ──────────────────────────────────────────────────────────────────────────────────
def build_polars(data):
    import polars as pl

    def read(table):
        types = {c: {"text": pl.String, "key": pl.Int64, "number": pl.Float64}[k] for c, k in schema(data, table)}
        return pl.read_csv(os.path.join(data, table + ".csv"), schema=types)

    def onehot(df, columns, missing=False):
        encoded = set(columns)
        used = set(df.columns)
        exprs = []
        for name in df.columns:
            if name not in encoded:
                exprs.append(pl.col(name))
                continue
            levels = sorted_levels(df.get_column(name).drop_nulls().unique().to_list())
            for dummy, level in zip(dummy_names(name, levels, missing, used), list(levels) + [None]):
                e = pl.col(name).is_null() if level is None else (pl.col(name) == level).fill_null(False)
                exprs.append(e.cast(pl.Int32).alias(dummy))
        return df.select(exprs)

    def text_columns(df):
        return [c for c, t in df.schema.items() if t == pl.String]

    def div(a, b):
        r = a / b
        return pl.when(r.is_finite()).then(r)

    def aggregate(name, c, f):
        if f == "size":
            return pl.len().cast(pl.Int64).alias(name)
        col = pl.col(c)
        if f == "sum":
            return pl.when(col.count() > 0).then(col.sum()).alias(name)
        if f == "var":
            return pl.when(col.count() > 1).then(col.var(ddof=1)).alias(name)
        if f == "nunique":
            return col.drop_nulls().n_unique().alias(name)
        return getattr(col, f)().alias(name)

    def group(df, key, items):
        spec = expand(items, df.columns, key)
        return df.group_by(key).agg([aggregate(*s) for s in spec])

    def prefix(df, p):
        return df.rename({c: p + c for c in df.columns if not c.startswith("SK_ID_")})

    def left_join(left, right, key):
        return left.join(right, on=key, how="left", maintain_order="left")

    app = pl.concat([read("application_train"), read("application_test")], how="diagonal")
    app = app.with_columns(DAYS_EMPLOYED_ANOM=(pl.col("DAYS_EMPLOYED") == 365243).fill_null(False).cast(pl.Int32))
    app = app.with_columns(DAYS_EMPLOYED=pl.when(pl.col("DAYS_EMPLOYED") != 365243).then(pl.col("DAYS_EMPLOYED")))
    app = app.with_columns(
        DAYS_EMPLOYED_PERC=div(pl.col("DAYS_EMPLOYED"), pl.col("DAYS_BIRTH")),
        INCOME_CREDIT_PERC=div(pl.col("AMT_INCOME_TOTAL"), pl.col("AMT_CREDIT")),
        INCOME_PER_PERSON=div(pl.col("AMT_INCOME_TOTAL"), pl.col("CNT_FAM_MEMBERS")),
        ANNUITY_INCOME_PERC=div(pl.col("AMT_ANNUITY"), pl.col("AMT_INCOME_TOTAL")),
        PAYMENT_RATE=div(pl.col("AMT_ANNUITY"), pl.col("AMT_CREDIT")))
    app = onehot(app, text_columns(app))

    bb = onehot(read("bureau_balance"), ["STATUS"], missing=True)
    months = group(bb, "SK_ID_BUREAU", BUREAU_MONTHS)
    del bb
    credits = onehot(read("bureau"), ["CREDIT_ACTIVE", "CREDIT_CURRENCY", "CREDIT_TYPE"], missing=True)
    credits = left_join(credits, months, "SK_ID_BUREAU")
    blocks = {
        "bureau_all": prefix(group(credits, KEY, BUREAU_ALL), "BURO_"),
        "bureau_active": prefix(group(credits.filter(pl.col("CREDIT_ACTIVE_Active") == 1), KEY, BUREAU_NUMERIC), "ACTIVE_"),
        "bureau_closed": prefix(group(credits.filter(pl.col("CREDIT_ACTIVE_Closed") == 1), KEY, BUREAU_NUMERIC), "CLOSED_"),
    }
    del credits

    prev = read("previous_application")
    prev = prev.with_columns([pl.when(pl.col(c) != 365243).then(pl.col(c)).alias(c) for c in PREVIOUS_SENTINELS])
    prev = prev.with_columns(APP_CREDIT_PERC=div(pl.col("AMT_APPLICATION"), pl.col("AMT_CREDIT")))
    prev = onehot(prev, text_columns(prev), missing=True)
    blocks["previous_all"] = prefix(group(prev, KEY, PREVIOUS_ALL), "PREV_")
    blocks["previous_approved"] = prefix(group(prev.filter(pl.col("NAME_CONTRACT_STATUS_Approved") == 1), KEY, PREVIOUS_NUMERIC), "APPROVED_")
    blocks["previous_refused"] = prefix(group(prev.filter(pl.col("NAME_CONTRACT_STATUS_Refused") == 1), KEY, PREVIOUS_NUMERIC), "REFUSED_")
    del prev

    pos = onehot(read("POS_CASH_balance"), ["NAME_CONTRACT_STATUS"], missing=True)
    blocks["pos"] = prefix(group(pos, KEY, POS), "POS_")
    del pos
    ins = read("installments_payments")
    late = pl.col("DAYS_ENTRY_PAYMENT") - pl.col("DAYS_INSTALMENT")
    early = pl.col("DAYS_INSTALMENT") - pl.col("DAYS_ENTRY_PAYMENT")
    ins = ins.with_columns(
        PAYMENT_PERC=div(pl.col("AMT_PAYMENT"), pl.col("AMT_INSTALMENT")),
        PAYMENT_DIFF=pl.col("AMT_INSTALMENT") - pl.col("AMT_PAYMENT"),
        DPD=pl.when(late.is_not_null()).then(pl.max_horizontal(late, pl.lit(0.0))),
        DBD=pl.when(early.is_not_null()).then(pl.max_horizontal(early, pl.lit(0.0))))
    blocks["instalments"] = prefix(group(ins, KEY, INSTALMENTS), "INSTAL_")
    del ins
    cc = onehot(read("credit_card_balance"), ["NAME_CONTRACT_STATUS"], missing=True)
    blocks["credit_card"] = prefix(group(cc, KEY, CREDIT_CARD), "CC_")
    del cc

    features = app
    for name in BLOCK_ORDER:
        features = left_join(features, blocks.pop(name), KEY)
    return features


def write_polars(df, path):
    df.write_parquet(path)


# ── DuckDB SQL ──────────────────────────────────────────────────────────────────────────────
def q(name):
    return '"' + name.replace('"', '""') + '"'


def lit(text):
    return "'" + text.replace("'", "''") + "'"


def build_duckdb(data):
    import duckdb
    con = duckdb.connect()
    con.execute("SET threads=2")
    con.execute("SET enable_progress_bar=false")
    con.execute("SET preserve_insertion_order=true")

    def columns_of(table):
        return [r[0] for r in con.execute(f"DESCRIBE {q(table)}").fetchall()]

    def read(table):
        types = {c: {"text": "VARCHAR", "key": "BIGINT", "number": "DOUBLE"}[k] for c, k in schema(data, table)}
        spec = "{" + ", ".join(f"{lit(c)}: {lit(t)}" for c, t in types.items()) + "}"
        path = os.path.join(data, table + ".csv")
        con.execute(f"CREATE TABLE {q(table)} AS SELECT * FROM read_csv({lit(path)}, header=true, columns={spec})")

    def onehot_sql(table, encode, missing):
        """A SELECT list with each encoded column replaced by its 0/1 columns, in place."""
        names = columns_of(table)
        encode = [c for c in names if c in set(encode)]
        found = con.execute("SELECT " + ", ".join(
            f"array_agg(DISTINCT {q(c)}) FILTER (WHERE {q(c)} IS NOT NULL)" for c in encode) + f" FROM {q(table)}").fetchone()
        levels = {c: sorted_levels(v or []) for c, v in zip(encode, found)}
        used = set(names)
        select = []
        for name in names:
            if name not in levels:
                select.append(q(name))
                continue
            for dummy, level in zip(dummy_names(name, levels[name], missing, used), levels[name] + [None]):
                e = f"{q(name)} IS NULL" if level is None else f"coalesce({q(name)} = {lit(level)}, false)"
                select.append(f"CAST({e} AS INTEGER) AS {q(dummy)}")
        return ", ".join(select)

    def text_columns(table):
        return [r[0] for r in con.execute(f"DESCRIBE {q(table)}").fetchall() if r[1] == "VARCHAR"]

    def div(a, b):
        return f"CASE WHEN isfinite({a} / {b}) THEN {a} / {b} END"

    def aggregate(name, c, f):
        if f == "size":
            return f"count(*) AS {q(name)}"
        sql = {"min": "min({})", "max": "max({})", "mean": "avg({})", "sum": "CAST(sum({}) AS DOUBLE)",
               "var": "var_samp({})", "nunique": "count(DISTINCT {})"}[f].format(q(c))
        return f"{sql} AS {q(name)}"

    def group(result, source, key, items, where="", prefix=""):
        spec = expand(items, columns_of(source), key)
        select = ", ".join([q(key)] + [aggregate(prefix + n if not n.startswith("SK_ID_") else n, c, f) for n, c, f in spec])
        con.execute(f"CREATE TABLE {q(result)} AS SELECT {select} FROM {q(source)} {where} GROUP BY {q(key)}")

    for t in TABLES:
        read(t)

    # application: train rows then test rows, in file order (rowid), ratios, one-hot
    con.execute("""CREATE TABLE app0 AS
        SELECT 0 AS __part, rowid AS __row, * FROM application_train
        UNION ALL BY NAME SELECT 1 AS __part, rowid AS __row, * FROM application_test""")
    names = [c for c in columns_of("application_train")]
    derived = {
        "DAYS_EMPLOYED": "CASE WHEN DAYS_EMPLOYED <> 365243 THEN DAYS_EMPLOYED END",
    }
    select = ["__part", "__row"] + [f"{derived[c]} AS {q(c)}" if c in derived else q(c) for c in names]
    days = "(CASE WHEN DAYS_EMPLOYED <> 365243 THEN DAYS_EMPLOYED END)"
    select += [
        "CAST(coalesce(DAYS_EMPLOYED = 365243, false) AS INTEGER) AS DAYS_EMPLOYED_ANOM",
        f"{div(days, 'DAYS_BIRTH')} AS DAYS_EMPLOYED_PERC",
        f"{div('AMT_INCOME_TOTAL', 'AMT_CREDIT')} AS INCOME_CREDIT_PERC",
        f"{div('AMT_INCOME_TOTAL', 'CNT_FAM_MEMBERS')} AS INCOME_PER_PERSON",
        f"{div('AMT_ANNUITY', 'AMT_INCOME_TOTAL')} AS ANNUITY_INCOME_PERC",
        f"{div('AMT_ANNUITY', 'AMT_CREDIT')} AS PAYMENT_RATE",
    ]
    con.execute(f"CREATE TABLE app1 AS SELECT {', '.join(select)} FROM app0")
    con.execute(f"CREATE TABLE application AS SELECT {onehot_sql('app1', text_columns('app1'), False)} FROM app1")
    con.execute("DROP TABLE app0; DROP TABLE app1; DROP TABLE application_train; DROP TABLE application_test")

    # bureau
    con.execute(f"CREATE TABLE bb AS SELECT {onehot_sql('bureau_balance', ['STATUS'], True)} FROM bureau_balance")
    group("bureau_months", "bb", "SK_ID_BUREAU", BUREAU_MONTHS)
    con.execute(f"CREATE TABLE b1 AS SELECT {onehot_sql('bureau', ['CREDIT_ACTIVE', 'CREDIT_CURRENCY', 'CREDIT_TYPE'], True)} FROM bureau")
    con.execute("""CREATE TABLE bureau_credits AS SELECT b1.*, m.* EXCLUDE (SK_ID_BUREAU)
        FROM b1 LEFT JOIN bureau_months m ON b1.SK_ID_BUREAU = m.SK_ID_BUREAU""")
    con.execute("DROP TABLE bb; DROP TABLE b1; DROP TABLE bureau_months; DROP TABLE bureau_balance; DROP TABLE bureau")
    group("bureau_all", "bureau_credits", KEY, BUREAU_ALL, prefix="BURO_")
    group("bureau_active", "bureau_credits", KEY, BUREAU_NUMERIC, "WHERE CREDIT_ACTIVE_Active = 1", "ACTIVE_")
    group("bureau_closed", "bureau_credits", KEY, BUREAU_NUMERIC, "WHERE CREDIT_ACTIVE_Closed = 1", "CLOSED_")
    con.execute("DROP TABLE bureau_credits")

    # previous applications
    replaced = {c: f"CASE WHEN {q(c)} <> 365243 THEN {q(c)} END AS {q(c)}" for c in PREVIOUS_SENTINELS}
    select = [replaced.get(c, q(c)) for c in columns_of("previous_application")]
    select.append(f"{div('AMT_APPLICATION', 'AMT_CREDIT')} AS APP_CREDIT_PERC")
    con.execute(f"CREATE TABLE p1 AS SELECT {', '.join(select)} FROM previous_application")
    con.execute(f"CREATE TABLE previous AS SELECT {onehot_sql('p1', text_columns('p1'), True)} FROM p1")
    con.execute("DROP TABLE p1; DROP TABLE previous_application")
    group("previous_all", "previous", KEY, PREVIOUS_ALL, prefix="PREV_")
    group("previous_approved", "previous", KEY, PREVIOUS_NUMERIC, "WHERE NAME_CONTRACT_STATUS_Approved = 1", "APPROVED_")
    group("previous_refused", "previous", KEY, PREVIOUS_NUMERIC, "WHERE NAME_CONTRACT_STATUS_Refused = 1", "REFUSED_")
    con.execute("DROP TABLE previous")

    # POS, instalments, credit cards
    con.execute(f"CREATE TABLE pos1 AS SELECT {onehot_sql('POS_CASH_balance', ['NAME_CONTRACT_STATUS'], True)} FROM POS_CASH_balance")
    group("pos", "pos1", KEY, POS, prefix="POS_")
    con.execute("DROP TABLE pos1; DROP TABLE POS_CASH_balance")

    def greatest0(x):
        return f"CASE WHEN ({x}) IS NOT NULL THEN greatest({x}, 0) END"

    con.execute(f"""CREATE TABLE ins1 AS SELECT *,
        {div('AMT_PAYMENT', 'AMT_INSTALMENT')} AS PAYMENT_PERC,
        AMT_INSTALMENT - AMT_PAYMENT AS PAYMENT_DIFF,
        {greatest0('DAYS_ENTRY_PAYMENT - DAYS_INSTALMENT')} AS DPD,
        {greatest0('DAYS_INSTALMENT - DAYS_ENTRY_PAYMENT')} AS DBD
        FROM installments_payments""")
    group("instalments", "ins1", KEY, INSTALMENTS, prefix="INSTAL_")
    con.execute("DROP TABLE ins1; DROP TABLE installments_payments")
    con.execute(f"CREATE TABLE cc1 AS SELECT {onehot_sql('credit_card_balance', ['NAME_CONTRACT_STATUS'], True)} FROM credit_card_balance")
    group("credit_card", "cc1", KEY, CREDIT_CARD, prefix="CC_")
    con.execute("DROP TABLE cc1; DROP TABLE credit_card_balance")

    select = ["a.* EXCLUDE (__part, __row)"] + [f"{b}.* EXCLUDE ({KEY})" for b in BLOCK_ORDER]
    joins = " ".join(f"LEFT JOIN {b} ON a.{KEY} = {b}.{KEY}" for b in BLOCK_ORDER)
    con.execute(f"CREATE TABLE features AS SELECT {', '.join(select)} FROM application a {joins} ORDER BY a.__part, a.__row")
    con.execute("DROP TABLE application; " + "; ".join(f"DROP TABLE {b}" for b in BLOCK_ORDER))
    return con


def write_duckdb(con, path):
    con.execute(f"COPY features TO {lit(path)} (FORMAT parquet)")


def shape_duckdb(con):
    rows = con.execute("SELECT count(*) FROM features").fetchone()[0]
    return rows, len(con.execute("DESCRIBE features").fetchall())


PEERS = {
    "pandas": (build_pandas, write_pandas, lambda df: df.shape),
    "polars": (build_polars, write_polars, lambda df: df.shape),
    "duckdb": (build_duckdb, write_duckdb, shape_duckdb),
}


def run_peer(name, data, out):
    """In its own process: build, measure, then write the result for the agreement check."""
    build, write, shape = PEERS[name]
    start = time.perf_counter()
    result = build(data)
    seconds = time.perf_counter() - start
    peak = peak_mb()
    rows, columns = shape(result)
    print("PEER_RESULT " + json.dumps({"seconds": seconds, "peak_mb": peak, "rows": rows, "columns": columns}), flush=True)
    write(result, out)


# ── The orchestration ───────────────────────────────────────────────────────────────────────
def timed(argv, env=None):
    """Runs argv under /usr/bin/time -v: (wall seconds, peak MB of that process, stdout + stderr)."""
    start = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-v"] + argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    seconds = time.perf_counter() - start
    out, err = proc.stdout.decode(errors="replace"), proc.stderr.decode(errors="replace")
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", err)
    if proc.returncode != 0:
        err = err[:err.find("\tCommand being timed")] if "\tCommand being timed" in err else err
        raise RuntimeError(f"{' '.join(os.path.basename(a) for a in argv[:3])} failed ({proc.returncode}): "
                           + (out.strip()[-1500:] + "\n" + err.strip()[-1500:]).strip())
    return seconds, int(m.group(1)) / 1024.0 if m else None, out + "\n" + err


BUILT = re.compile(r"(built|read) ([\d,]+) features for ([\d,]+) clients .*?(from the cache )?in ([\d.]+) s")


def parse_build(out):
    m = BUILT.search(out)
    if not m:
        raise RuntimeError("no 'built/read N features' line in:\n" + out[-2000:])
    return {"verb": m.group(1), "features": int(m.group(2).replace(",", "")),
            "clients": int(m.group(3).replace(",", "")), "from_cache": m.group(1) == "read" or bool(m.group(4)),
            "build_seconds": float(m.group(5))}


def script(work, name, lines):
    path = os.path.join(work, name)
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return path


def client_ids(data, n):
    import numpy as np
    import pandas as pd
    ids = np.concatenate([pd.read_csv(os.path.join(data, t + ".csv"), usecols=[KEY])[KEY].to_numpy()
                          for t in ("application_train", "application_test")])
    return [int(ids[i]) for i in np.unique(np.linspace(0, len(ids) - 1, n).round().astype(int))]


def load_ours(path):
    """credit-explorer's exported CSV: every column a number (a double, the key an integer), so
    that a column empty in the first rows is not taken for text."""
    import pyarrow as pa
    import pyarrow.csv as pacsv
    types = {c: pa.int64() if c == KEY else pa.float64() for c in header(path)}
    return pacsv.read_csv(path, convert_options=pacsv.ConvertOptions(column_types=types)).to_pandas()


def agreement(ours, peer_path, limit=5):
    """Columns matched by name, rows by SK_ID_CURR; |a − b| ≤ 1e-9 · max(1, |a|, |b|), missing == missing."""
    import numpy as np
    import pandas as pd
    theirs = pd.read_parquet(peer_path)
    report = {"columns_ours": ours.shape[1], "columns_peer": theirs.shape[1], "rows_ours": len(ours),
              "rows_peer": len(theirs)}
    report["missing_in_peer"] = [c for c in ours.columns if c not in theirs.columns]
    report["missing_in_ours"] = [c for c in theirs.columns if c not in ours.columns]
    common = [c for c in ours.columns if c in theirs.columns]
    report["same_column_order"] = common == [c for c in theirs.columns if c in ours.columns] and \
        not report["missing_in_peer"] and not report["missing_in_ours"] and list(ours.columns) == list(theirs.columns)
    ids = ours[KEY].to_numpy()
    position = pd.Index(theirs[KEY].to_numpy())
    if not position.is_unique:
        report["error"] = "SK_ID_CURR repeats in the peer's result"
    at = position.get_indexer(ids)
    report["rows_missing_in_peer"] = int((at < 0).sum())
    report["rows_missing_in_ours"] = int(len(theirs) - (at >= 0).sum())
    report["same_row_order"] = bool(len(ids) == len(theirs) and (at == np.arange(len(ids))).all())
    keep = at >= 0
    differing, examples = [], {}
    for c in common:
        a = pd.to_numeric(ours[c], errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)[keep]
        b = pd.to_numeric(theirs[c], errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)[at[keep]]
        na, nb = np.isnan(a), np.isnan(b)
        with np.errstate(invalid="ignore"):
            close = np.abs(a - b) <= 1e-9 * np.maximum(1.0, np.maximum(np.abs(a), np.abs(b)))
        ok = (na & nb) | (~na & ~nb & close)
        if not ok.all():
            bad = np.flatnonzero(~ok)
            differing.append(c)
            if len(examples) < limit:
                examples[c] = {"rows": int(len(bad)), "first": [
                    {KEY: int(ids[keep][i]), "ours": None if na[i] else float(a[i]), "peer": None if nb[i] else float(b[i])}
                    for i in bad[:3]]}
    report.update(columns_compared=len(common), columns_differing=len(differing), differing=differing,
                  examples=examples, rows_compared=int(keep.sum()))
    return report


LGB_PARAMS = {"objective": "binary", "num_iterations": 300, "learning_rate": 0.05, "num_leaves": 31,
              "min_data_in_leaf": 20, "feature_fraction": 0.8, "bagging_fraction": 0.8, "bagging_freq": 1,
              "seed": 1, "num_threads": 2, "verbose": -1}


def lightgbm_auc(ours, folds_csv=None):
    """LightGBM's out-of-fold AUC on credit-explorer's matrix: labelled rows, every column but the
    key and TARGET, on credit-explorer's own folds (`cv … as oof` exported: SK_ID_CURR, fold) when
    given, else 5 stratified folds (scikit-learn, shuffled, random_state 1)."""
    import gc
    import lightgbm as lgb
    import numpy as np
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import StratifiedKFold
    labelled = ours[ours["TARGET"].notna()]
    y = labelled["TARGET"].to_numpy().astype(int)
    names = [c for c in labelled.columns if c not in (KEY, "TARGET")]
    x = labelled[names].to_numpy(dtype=np.float64, na_value=np.nan)
    if folds_csv:
        import pandas as pd
        fold_of = pd.read_csv(folds_csv).set_index(KEY)["fold"]
        fold = fold_of.reindex(labelled[KEY].to_numpy()).to_numpy()
        if np.isnan(fold.astype(float)).any():
            raise RuntimeError(f"{folds_csv} has no fold for some labelled clients")
        splits = [(np.flatnonzero(fold != k), np.flatnonzero(fold == k)) for k in sorted(set(fold.tolist()))]
    else:
        splits = list(StratifiedKFold(n_splits=5, shuffle=True, random_state=1).split(x, y))
    del ours, labelled
    gc.collect()
    oof = np.zeros(len(y))
    start = time.perf_counter()
    for train, test in splits:
        booster = lgb.train(LGB_PARAMS, lgb.Dataset(x[train], label=y[train], feature_name=names, free_raw_data=True))
        oof[test] = booster.predict(x[test], raw_score=True)
    return {"auc": round(float(roc_auc_score(y, oof)), 4), "seconds": round(time.perf_counter() - start, 1),
            "rows": len(y), "features": len(names), "lightgbm_version": lgb.__version__,
            "folds": "credit-explorer's" if folds_csv else "scikit-learn StratifiedKFold"}


OOF = re.compile(r"OOF AUC ([\d.]+)")
OOF_ROW = re.compile(r"^out-of-fold\s+[\d,]+\s+[\d,]+\s+([\d.]+)", re.M)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--peer", choices=sorted(PEERS))
    ap.add_argument("--out")
    ap.add_argument("--lightgbm", metavar="CSV", help="(internal) LightGBM's out-of-fold AUC on an exported matrix")
    ap.add_argument("--folds", metavar="CSV", help="(internal) with --lightgbm: SK_ID_CURR,fold of the folds to use")
    ap.add_argument("--data", required=True)
    ap.add_argument("--binary", default=".build/release/credit-explorer")
    ap.add_argument("--work")
    ap.add_argument("--systems", default="pandas,polars,duckdb")
    ap.add_argument("--no-model", action="store_true")
    ap.add_argument("--clients-checked", type=int, default=20)
    ap.add_argument("--keep-cache", action="store_true")
    args = ap.parse_args()
    if args.peer:
        return run_peer(args.peer, args.data, args.out)
    if args.lightgbm:
        print("LGB_RESULT " + json.dumps(lightgbm_auc(load_ours(args.lightgbm), args.folds)))
        return

    systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    for s in systems:
        if s not in PEERS:
            sys.exit(f"unknown system {s} (pandas, polars, duckdb)")
    data = os.path.abspath(args.data)
    work = os.path.abspath(args.work or os.path.join(".bench", "features-" + os.path.basename(data.rstrip("/"))))
    os.makedirs(work, exist_ok=True)
    binary = os.path.abspath(args.binary)
    files = [os.path.join(data, t + ".csv") for t in TABLES]
    csv_mb = sum(os.path.getsize(f) for f in files) / 1e6
    measure.warm_page_cache(files)
    log = lambda *a: print(*a, file=sys.stderr, flush=True)  # noqa: E731
    notes = []

    # 1. credit-explorer
    ce = [binary, "run"]
    exported = os.path.join(work, "credit-explorer-features.csv")
    cache = os.path.join(work, "cache")
    shutil.rmtree(cache, ignore_errors=True)
    build_only = script(work, "build.cx", ["features build"])
    s, mb, out = timed(ce + [build_only, "--data", data, "--no-cache"])
    cold = parse_build(out)
    ours = {"seconds": round(s, 3), "build_seconds": cold["build_seconds"], "peak_mb": round(mb, 1)}
    log(f"credit-explorer from CSV (cold, --no-cache): {s:.2f} s whole process, build line {cold['build_seconds']} s, {mb:.0f} MB")

    s, mb, out = timed(ce + [script(work, "export.cx", ["features build", f"features export '{exported}'"]),
                             "--data", data, "--cache", cache])
    fill = parse_build(out)
    first_cached = {"seconds": round(s, 3), "build_seconds": fill["build_seconds"], "peak_mb": round(mb, 1),
                    "from_cache": fill["from_cache"]}
    log(f"credit-explorer first run with the cache (build, write cache, export CSV): {s:.2f} s, {mb:.0f} MB")

    s, mb, out = timed(ce + [build_only, "--data", data, "--cache", cache])
    reread = parse_build(out)
    cached = {"seconds": round(s, 3), "peak_mb": round(mb, 1), "from_cache": reread["from_cache"],
              "build_seconds": reread["build_seconds"]}
    cache_seconds = reread["build_seconds"] if reread["from_cache"] else None
    if not reread["from_cache"]:
        notes.append("the second run with the same --cache did not read the features from the cache "
                     f"(it printed '{reread['verb']} … in {reread['build_seconds']} s'): cache_seconds is null")
    log(f"credit-explorer second run with the cache: {s:.2f} s whole process, "
        f"{'read from the cache' if reread['from_cache'] else 'CACHE MISSED, built again'} in {reread['build_seconds']} s, {mb:.0f} MB")

    ids = client_ids(data, args.clients_checked)
    s, mb, out = timed(ce + [script(work, "clients.cx", ["features build"] + [f"features client {i}" for i in ids]),
                             "--data", data, "--cache", cache])
    client_ms = [float(x) for x in re.findall(r"recomputed from the client's own rows in ([\d.]+) ms", out)]
    checks = len(re.findall(r"every value equals the full build's, exactly", out))
    if len(client_ms) != len(ids):
        notes.append(f"{len(client_ms)} of {len(ids)} client recomputations printed a time")
    clients = {"ids": len(ids), "timed": len(client_ms), "exact": checks,
               "median_ms": round(statistics.median(client_ms), 2) if client_ms else None,
               "max_ms": max(client_ms) if client_ms else None}
    log(f"credit-explorer one client recomputed: median {clients['median_ms']} ms over {len(client_ms)} clients, "
        f"{checks} equal to the full build")

    # 6a. credit-explorer's own GBDT on its features (before the peers: this process is still small)
    aucs = {"ours": None, "lightgbm": None}
    model = {}
    if not args.no_model:
        # Our folds, written for LightGBM to train on the same ones.
        folds_csv = os.path.join(work, "folds.csv")
        if os.path.exists(folds_csv):
            os.remove(folds_csv)
        gbdt = script(work, "gbdt.cx", [
            "features build",
            "fit gbdt on features trees=300 rate=0.05 leaves=31 min_leaf=20 colsample=0.8 bagging=0.8 seed=1",
            "cv folds=5 seed=1 as oof",
            ".mode csv",
            f".once '{folds_csv}'",
            "from oof | select SK_ID_CURR, fold"])
        try:
            s, mb, out = timed(ce + [gbdt, "--data", data, "--cache", cache])
            m = OOF.search(out) or OOF_ROW.search(out)
            aucs["ours"] = float(m.group(1)) if m else None
            model["ours"] = {"auc": aucs["ours"], "seconds": round(s, 1), "peak_mb": round(mb, 1)}
            log(f"credit-explorer GBDT OOF AUC {aucs['ours']} ({s:.0f} s, {mb:.0f} MB)")
        except RuntimeError as e:  # reported, never hidden
            model["ours_error"] = str(e)
            log(f"credit-explorer GBDT failed: {e}")
    if not args.keep_cache:
        shutil.rmtree(cache, ignore_errors=True)

    # 2–4. the peers, each in its own process
    peers = {}
    for name in systems:
        path = os.path.join(work, f"{name}-features.parquet")
        if os.path.exists(path):
            os.remove(path)
        s, mb, out = timed([sys.executable, os.path.abspath(__file__), "--peer", name, "--data", data, "--out", path])
        r = json.loads(next(l for l in out.splitlines() if l.startswith("PEER_RESULT "))[len("PEER_RESULT "):])
        peers[name] = {"seconds": round(r["seconds"], 3), "peak_mb": round(r["peak_mb"], 1),
                       "process_seconds": round(s, 3), "process_peak_mb": round(mb, 1),
                       "rows": r["rows"], "columns": r["columns"]}
        log(f"{name}: {r['seconds']:.2f} s (CSV to joined frame), {r['peak_mb']:.0f} MB; whole process "
            f"{s:.2f} s, {mb:.0f} MB (with writing Parquet)")

    # 6b. LightGBM on credit-explorer's matrix, in its own process
    if not args.no_model:
        # OpenMP threads that sleep rather than spin when they wait: two spinning threads on two
        # busy cores train ~20x slower (the model is the same).
        env = dict(os.environ, OMP_WAIT_POLICY=os.environ.get("OMP_WAIT_POLICY", "PASSIVE"))
        try:
            folds = ["--folds", folds_csv] if os.path.exists(folds_csv) else []
            s, mb, out = timed([sys.executable, os.path.abspath(__file__), "--lightgbm", exported, "--data", data] + folds, env=env)
            lg = json.loads(next(l for l in out.splitlines() if l.startswith("LGB_RESULT "))[len("LGB_RESULT "):])
            lg["peak_mb"] = round(mb, 1)
            aucs["lightgbm"] = lg["auc"]
            model["lightgbm"] = lg
            log(f"LightGBM OOF AUC {lg['auc']} ({lg['seconds']} s training, {mb:.0f} MB)")
        except (RuntimeError, StopIteration) as e:
            model["lightgbm_error"] = str(e)
            log(f"LightGBM failed: {e}")
        model["params"] = {k: v for k, v in LGB_PARAMS.items() if k != "objective"}
        model["note"] = ("same parameters and folds: credit-explorer's stratified folds (seed 1), exported by "
                         "`cv … as oof`" if os.path.exists(folds_csv) else
                         "same parameters, different folds: credit-explorer's were not written, so LightGBM used "
                         "scikit-learn's StratifiedKFold (shuffle, random_state 1)")

    # 5. agreement (last: this process then holds the matrices)
    frame = load_ours(exported)
    rows, features = len(frame), frame.shape[1] - 2
    agree = {}
    for name in systems:
        agree[name] = agreement(frame, os.path.join(work, f"{name}-features.parquet"))
        a = agree[name]
        log(f"agreement {name}: {a['columns_compared']} columns compared, {a['columns_differing']} differ; "
            f"missing in {name}: {len(a['missing_in_peer'])}, missing in ours: {len(a['missing_in_ours'])}; "
            f"rows missing in {name}: {a['rows_missing_in_peer']}")
        for c in a["differing"][:10]:
            log(f"  differs: {c} {json.dumps(a['examples'].get(c, ''))}")
    del frame

    # 7. the figures
    fastest = min(peers, key=lambda k: peers[k]["seconds"]) if peers else None
    leanest = min(peers, key=lambda k: peers[k]["peak_mb"]) if peers else None
    ratios = {}
    if peers:
        ratios = {
            "ours_csv_vs_fastest_peer_time": round(ours["seconds"] / peers[fastest]["seconds"], 3),
            "fastest_peer": fastest,
            "ours_peak_vs_leanest_peer_memory": round(ours["peak_mb"] / peers[leanest]["peak_mb"], 3),
            "leanest_peer": leanest,
            **{f"{k}_time_vs_ours": round(v["seconds"] / ours["seconds"], 2) for k, v in peers.items()},
        }
    print(f"\nBuilding the kernel recipe's {features} features for {rows:,} clients from {len(files)} files, "
          f"{csv_mb:,.0f} MB of CSV ({os.cpu_count()} cores)")
    print(f"{'system':48} {'seconds':>8} {'peak MB':>8}   whole process")
    print(f"{'credit-explorer, from CSV (whole process)':48} {ours['seconds']:8.2f} {ours['peak_mb']:8.0f}   "
          f"build line: {ours['build_seconds']:.2f} s")
    label = "credit-explorer, from the cache" if cached["from_cache"] else "credit-explorer, 2nd --cache run (CACHE MISSED)"
    print(f"{label:48} {cached['build_seconds']:8.2f} {cached['peak_mb']:8.0f}   "
          f"{cached['seconds']:.2f} s")
    for k, v in peers.items():
        print(f"{k + ' (CSV to joined frame)':48} {v['seconds']:8.2f} {v['peak_mb']:8.0f}   "
              f"{v['process_seconds']:.2f} s, {v['process_peak_mb']:.0f} MB")
    print(f"one client recomputed: median {clients['median_ms']} ms ({clients['timed']} clients, "
          f"{clients['exact']} equal to the full build)")
    for k, v in ratios.items():
        print(f"  {k}: {v}")
    for k, a in agree.items():
        print(f"agreement with {k}: {a['columns_compared']} columns compared over {a['rows_compared']:,} rows, "
              f"{a['columns_differing']} differ" + (f" ({', '.join(a['differing'][:8])}{', …' if len(a['differing']) > 8 else ''})" if a["differing"] else "")
              + (f"; missing in {k}: {len(a['missing_in_peer'])}" if a["missing_in_peer"] else "")
              + (f"; only in {k}: {len(a['missing_in_ours'])}" if a["missing_in_ours"] else ""))
    if not args.no_model:
        same = model.get("lightgbm", {}).get("folds") == "credit-explorer's"
        print(f"out-of-fold AUC (300 trees, rate 0.05, 31 leaves, 5 folds): credit-explorer GBDT {aucs['ours']}, "
              f"LightGBM {aucs['lightgbm']} ({'same folds' if same else 'different folds'})")
    for n in notes:
        print("note: " + n)
    print(json.dumps({
        "benchmark": "features", "data": data, "csv_mb": round(csv_mb, 1), "rows": rows, "features": features,
        "systems": {"credit-explorer": ours, **peers},
        "credit_explorer_runs": {"csv_cold": ours, "first_cached_run_with_export": first_cached, "second_cached_run": cached},
        "ratios": ratios, "cache_seconds": cache_seconds, "client_ms_median": clients["median_ms"], "clients": clients,
        "agreement": {k: {kk: a[kk] for kk in ("columns_compared", "columns_differing", "differing", "missing_in_peer",
                                               "missing_in_ours", "rows_compared", "rows_missing_in_peer",
                                               "rows_missing_in_ours", "same_column_order", "same_row_order")}
                      for k, a in agree.items()},
        "aucs": aucs, "model": model or None, "notes": notes,
    }))


if __name__ == "__main__":
    main()
