"""Explanation benchmark: one GBDT trained by credit-explorer on application_train, then its
decisions taken apart by credit-explorer, by LightGBM's `pred_contrib` on the same trees and by
shap's TreeExplainer, side by side in one run.

credit-explorer runs as `credit-explorer run SCRIPT --data DIR --cache DIR`, each script in a
fresh process, on a folder holding only application_train.csv and application_test.csv (links
to the data's files, so that no process reads the six other tables):
  * training (timed by `.timer on`, not the point of the benchmark): `fit gbdt on
    application_train trees=T leaves=L rate=0.05 seed=1` (every column but the target and the
    key; text columns as native categories), then `save model` in our format and in LightGBM's
    text format;
  * one client: `load model`, then `explain ID` for 21 clients of application_test spread over
    the file (the whole explanation: probability, contributions, reasons in words, percentiles),
    each timed by its `time:` line; the median of all but the first (a warm-up);
  * every client: `load model`, then `explain application_test as contrib
    detail=contributions` (every term's exact contribution and the base value, LightGBM's
    `pred_contrib` layout) --repeats times; the best `time:` line counts. This process's peak
    MB is the figure reported for ours;
  * export (not timed): the contributions and `explain application_test as inputs
    detail=inputs` (the encoded values the model reads, missing as an empty cell) written as
    CSV with `.mode csv` and `.output`; doubles are written in their shortest exact form.
Every credit-explorer process runs under /usr/bin/time -v: its peak MB is that process's own
maximum resident set.

LightGBM (`bench_explain.py lgb`, its own process) loads the exported text model with
`lgb.Booster(model_file=…)` and our inputs as a float64 matrix (NaN for missing; categories are
the codes LightGBM's categorical splits read), then times `predict(X, pred_contrib=True,
num_threads=2)` on every row (--repeats times, the best counts; loading excluded) and on one row
alone for the same 21 clients (median of all but the first), and writes the raw scores.

shap (`bench_explain.py shap`, its own process, OMP_NUM_THREADS=2):
  * `shap.TreeExplainer(booster, feature_perturbation="tree_path_dependent").shap_values(X)`
    on every row. For a LightGBM booster shap does not run its own algorithm here: it calls
    the booster's `predict(X, pred_contrib=True)` (shap/explainers/_tree.py), so its values
    are LightGBM's and its time LightGBM's plus shap's wrapper;
  * shap's own TreeSHAP (its C extension, one thread), on the trees shap parsed from
    `booster.dump_model()` (TreeExplainer of that list of trees, as an "internal" model), on
    the first --shap-rows rows. shap tests a category c of a categorical split with bit c-1 of
    a 32-bit mask, so LightGBM's 0-based categories 0 and 32+ take the wrong branch: with
    native categories its values are not the model's, and the run says so (the sums against
    the raw scores show it) rather than hiding it.

The agreement checks (in this process, after every measured process): the largest absolute
difference between ours and each peer over every cell (features and base), per column when
it exceeds 1e-9 (the issue's goal), and between each of our rows' sum and LightGBM's raw score.
The columns of our tables must be the LightGBM model's feature_names, in order.
"""
import argparse
import json
import os
import re
import shutil
import statistics
import sys
import time
import warnings

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "bench"))
import measure  # noqa: E402
import bench_decisions  # noqa: E402
from bench_features import script, timed  # noqa: E402  (the house's /usr/bin/time -v runner)

KEY = "SK_ID_CURR"
GOAL_MS = 10.0
GOAL_RATIO = 2.0
GOAL_DIFF = 1e-9
THREADS = 2
TIME = re.compile(r"^time: ([\d.]+) s\s*$", re.M)


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def peak_mb():
    """This process's peak resident memory (VmHWM), read inside the process."""
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024.0


def statements(out):
    """[(text, seconds)]: each timed statement's output and its `time:` line, in order."""
    pieces = TIME.split(out)
    return [(pieces[i], float(pieces[i + 1])) for i in range(0, len(pieces) - 1, 2)]


def result_line(out, tag):
    return json.loads(next(l for l in out.splitlines() if l.startswith(tag + " "))[len(tag) + 1:])


def test_ids(data, n):
    """n SK_ID_CURR of application_test, spread evenly over the file."""
    import numpy as np
    import pandas as pd
    ids = pd.read_csv(os.path.join(data, "application_test.csv"), usecols=[KEY])[KEY].to_numpy()
    return [int(ids[i]) for i in np.unique(np.linspace(0, len(ids) - 1, n).round().astype(int))]


def quoted(path):
    return "'" + path.replace("'", "\\'") + "'"


def lightgbm_feature_names(model_txt):
    with open(model_txt) as f:
        for line in f:
            if line.startswith("feature_names="):
                return line.rstrip("\n")[len("feature_names="):].split(" ")
    raise ValueError(f"no feature_names in {model_txt}")


# ── the peers, each in its own process ──────────────────────────────────────────────────────
def run_lightgbm(work, repeats, one_rows):
    import lightgbm as lgb
    import numpy as np
    x = np.load(os.path.join(work, "inputs.npy"))
    start = time.perf_counter()
    booster = lgb.Booster(model_file=os.path.join(work, "model.txt"))
    load_s = time.perf_counter() - start
    runs = []
    for _ in range(repeats):
        start = time.perf_counter()
        contrib = booster.predict(x, pred_contrib=True, num_threads=THREADS)
        runs.append(time.perf_counter() - start)
    np.save(os.path.join(work, "lgb-contrib.npy"), contrib)
    del contrib
    rows = [int(r) for r in open(os.path.join(work, "one-rows.txt")).read().split()][:one_rows]
    one = []
    for r in rows:
        start = time.perf_counter()
        booster.predict(x[r:r + 1], pred_contrib=True, num_threads=THREADS)
        one.append((time.perf_counter() - start) * 1000)
    raw = booster.predict(x, raw_score=True, num_threads=THREADS)
    np.save(os.path.join(work, "lgb-raw.npy"), raw)
    print("LGB_RESULT " + json.dumps({
        "seconds": min(runs), "runs": runs, "load_s": load_s, "one_row_ms": statistics.median(one[1:] or one),
        "one_row_runs_ms": one, "peak_mb": peak_mb(), "version": lgb.__version__,
        "trees": booster.num_trees(), "features": booster.num_feature()}))


def run_shap(work, repeats, shap_rows):
    import lightgbm as lgb
    import numpy as np
    import shap
    warnings.simplefilter("ignore")
    x = np.load(os.path.join(work, "inputs.npy"))
    booster = lgb.Booster(model_file=os.path.join(work, "model.txt"))
    start = time.perf_counter()
    explainer = shap.TreeExplainer(booster, feature_perturbation="tree_path_dependent")
    setup_s = time.perf_counter() - start
    runs = []
    for _ in range(repeats):
        start = time.perf_counter()
        values = explainer.shap_values(x)
        runs.append(time.perf_counter() - start)
    base = float(np.ravel(explainer.expected_value)[0])
    np.save(os.path.join(work, "shap-contrib.npy"), np.column_stack([values, np.full(len(values), base)]))
    del values
    result = {"seconds": min(runs), "runs": runs, "setup_s": setup_s, "rows": len(x), "version": shap.__version__,
              "delegates_to_lightgbm": explainer.model.model_type == "lightgbm"}
    # shap's own algorithm (C extension) on the trees it parsed from the booster.
    own = {"rows": 0}
    if explainer.model.trees is None:
        own["error"] = "shap could not parse the booster's trees (categorical splits)"
    else:
        rows = len(x) if shap_rows <= 0 else min(shap_rows, len(x))
        start = time.perf_counter()
        internal = shap.TreeExplainer(explainer.model.trees, feature_perturbation="tree_path_dependent")
        own_setup = time.perf_counter() - start
        start = time.perf_counter()
        v = internal.shap_values(x[:rows], check_additivity=False)
        own.update(seconds=time.perf_counter() - start, rows=rows, setup_s=own_setup)
        b = float(np.ravel(internal.expected_value)[0])
        np.save(os.path.join(work, "shap-own-contrib.npy"), np.column_stack([v, np.full(len(v), b)]))
    result["own"] = own
    result["peak_mb"] = peak_mb()
    print("SHAP_RESULT " + json.dumps(result))


# ── comparisons ─────────────────────────────────────────────────────────────────────────────
def compare(ours, theirs, ids, names, limit=8):
    """Largest |ours - theirs| over every cell, the worst cell, and the columns above the goal."""
    import numpy as np
    ours = ours[:len(theirs)]
    d = np.abs(ours - theirs)
    d[np.isnan(ours) & np.isnan(theirs)] = 0.0
    d[np.isnan(ours) ^ np.isnan(theirs)] = np.inf  # missing on one side only
    r, c = np.unravel_index(int(np.argmax(d)), d.shape)
    per_column = d.max(axis=0)
    above = [(names[j], float(per_column[j])) for j in np.argsort(-per_column) if per_column[j] > GOAL_DIFF]
    return {
        "rows": int(len(theirs)),
        "max_abs_diff": float(d.max()),
        "max_abs_diff_features": float(d[:, :-1].max()),
        "max_abs_diff_base": float(d[:, -1].max()),
        "worst": {KEY: int(ids[r]), "column": names[c], "ours": float(ours[r, c]), "peer": float(theirs[r, c])},
        "rows_above_goal": int((d > GOAL_DIFF).any(axis=1).sum()),
        "columns_above_goal": len(above),
        "columns_above_goal_first": [{"column": n, "max_abs_diff": v} for n, v in above[:limit]],
    }


def train(args, work, ce, where, model_json, model_txt):
    fit = f"fit gbdt on application_train trees={args.trees} leaves={args.leaves} rate={args.rate:g} seed=1"
    s, mb, out = timed(ce + [script(work, "train.cx", [".timer on", fit, f"save model {quoted(model_json)}",
                                                       f"save model {quoted(model_txt)} lightgbm"])] + where)
    fitted = next((text, sec) for text, sec in statements(out) if "fitted gbdt" in text)
    m = re.search(r"([\d,]+) rows, .*?(\d[\d,]*) features", fitted[0])
    log(f"trained {args.trees} trees of {args.leaves} leaves: {fitted[1]:.2f} s ({s:.1f} s whole process, {mb:.0f} MB)")
    return {"seconds": fitted[1], "process_seconds": round(s, 2), "peak_mb": round(mb, 1),
            "rows": int(m.group(1).replace(",", "")) if m else None,
            "features": int(m.group(2).replace(",", "")) if m else None, "statement": fit}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("step", nargs="?", default="all", choices=["all", "explain", "decisions", "lgb", "shap"])
    ap.add_argument("--data")
    ap.add_argument("--binary", default=".build/release/credit-explorer")
    ap.add_argument("--work")
    ap.add_argument("--trees", type=int, default=1000)
    ap.add_argument("--leaves", type=int, default=31)
    ap.add_argument("--rate", type=float, default=0.05)
    ap.add_argument("--clients-timed", type=int, default=21)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--shap-rows", type=int, default=2000)
    ap.add_argument("--keep-cache", action="store_true")
    args = ap.parse_args()
    if args.step == "lgb":
        return run_lightgbm(args.work, args.repeats, args.clients_timed)
    if args.step == "shap":
        return run_shap(args.work, args.repeats, args.shap_rows)

    import numpy as np
    import pandas as pd
    if not args.data:
        sys.exit("--data DIR is required")
    data = os.path.abspath(args.data)
    work = os.path.abspath(args.work or os.path.join(
        ".bench", f"explain-{os.path.basename(data.rstrip('/'))}-t{args.trees}-l{args.leaves}"))
    binary = os.path.abspath(args.binary)
    os.makedirs(work, exist_ok=True)
    # A folder with the two application files alone: no process loads the other tables.
    tables = os.path.join(work, "tables")
    os.makedirs(tables, exist_ok=True)
    files = []
    for name in ("application_train.csv", "application_test.csv"):
        link = os.path.join(tables, name)
        if os.path.lexists(link):
            os.remove(link)
        os.symlink(os.path.join(data, name), link)
        files.append(link)
    cache = os.path.join(work, "cache")
    shutil.rmtree(cache, ignore_errors=True)
    for f in ("ours-contrib.csv", "ours-inputs.csv", "inputs.npy", "lgb-contrib.npy", "lgb-raw.npy",
              "shap-contrib.npy", "shap-own-contrib.npy"):
        if os.path.exists(os.path.join(work, f)):
            os.remove(os.path.join(work, f))
    measure.warm_page_cache(files)
    ce = [binary, "run"]
    where = ["--data", tables, "--cache", cache]
    model_json, model_txt = os.path.join(work, "model.json"), os.path.join(work, "model.txt")
    notes = []

    # 1. training (its figure is reported, not compared); the decisions part alone reuses a
    # model trained by an earlier run with the same data, trees and leaves
    if args.step == "decisions":
        if not os.path.exists(model_json):
            train(args, work, ce, where, model_json, model_txt)
        result = bench_decisions.run(binary, data, work, tables, cache, model_json, args.clients_timed)
        print(json.dumps({"benchmark": "explain-decisions", "data": data, "trees": args.trees, "leaves": args.leaves,
                          "cores": os.cpu_count(), "load_average_at_end": round(os.getloadavg()[0], 2), **result}))
        if not args.keep_cache:
            shutil.rmtree(cache, ignore_errors=True)
        return
    training = train(args, work, ce, where, model_json, model_txt)

    # 2. one client's whole explanation
    ids = test_ids(data, args.clients_timed)
    s, mb, out = timed(ce + [script(work, "one.cx", [f"load model {quoted(model_json)}", ".timer on"]
                                    + [f"explain {i}" for i in ids])] + where)
    times, exact = [], []
    for text, sec in statements(out):
        if re.search(r"^client \d+ \(", text, re.M):
            times.append(sec * 1000)
            e = re.search(r"exact to ([0-9.eE+\-−]+)\)", text)
            if e:
                exact.append(float(e.group(1).replace("−", "-")))
    if len(times) != len(ids):
        notes.append(f"{len(times)} of {len(ids)} one-client explanations printed a time")
    one = {"clients": len(ids), "timed": len(times), "median_ms": round(statistics.median(times[1:] or times), 3) if times else None,
           "max_ms": round(max(times[1:] or times), 3) if times else None, "first_ms": round(times[0], 3) if times else None,
           "runs_ms": [round(t, 3) for t in times], "peak_mb": round(mb, 1), "process_seconds": round(s, 2),
           "sums_exact_to_max": max(exact) if exact else None}
    log(f"one client explained: median {one['median_ms']} ms over {max(len(times) - 1, 0)} clients "
        f"(first {one['first_ms']} ms), {mb:.0f} MB")

    # 3. every test client's contributions, timed
    s, mb, out = timed(ce + [script(work, "contrib.cx", [f"load model {quoted(model_json)}", ".timer on"]
                                    + ["explain application_test as contrib detail=contributions"] * args.repeats)] + where)
    runs = [sec for text, sec in statements(out) if re.search(r"^contrib: ", text, re.M)]
    if len(runs) != args.repeats:
        raise RuntimeError(f"{len(runs)} of {args.repeats} `explain … detail=contributions` printed a time:\n{out[-3000:]}")
    ours = {"seconds": min(runs), "runs": runs, "peak_mb": round(mb, 1), "process_seconds": round(s, 2)}
    log(f"credit-explorer contributions for every test client: best {min(runs):.3f} s of {runs}, {mb:.0f} MB")

    # 4. export (not timed)
    contrib_csv, inputs_csv = os.path.join(work, "ours-contrib.csv"), os.path.join(work, "ours-inputs.csv")
    timed(ce + [script(work, "export.cx", [
        f"load model {quoted(model_json)}",
        "explain application_test as contrib detail=contributions",
        "explain application_test as inputs detail=inputs",
        ".mode csv", f".output {quoted(contrib_csv)}", "from contrib", ".output",
        f".output {quoted(inputs_csv)}", "from inputs", ".output"])] + where)
    names = lightgbm_feature_names(model_txt)
    frame = pd.read_csv(contrib_csv, dtype={KEY: "int64"})
    if list(frame.columns) != [KEY] + names + ["base"]:
        raise RuntimeError(f"the contributions' columns are not {KEY}, the model's {len(names)} features "
                           f"(LightGBM's feature_names, in order) and base: {list(frame.columns)[:8]}…")
    row_ids = frame[KEY].to_numpy()
    ours_contrib = frame[names + ["base"]].to_numpy(dtype=np.float64, na_value=np.nan)
    frame = pd.read_csv(inputs_csv, dtype={KEY: "int64"})
    if list(frame.columns) != [KEY] + names:
        raise RuntimeError(f"the inputs' columns are not {KEY} and the model's features: {list(frame.columns)[:8]}…")
    if not np.array_equal(frame[KEY].to_numpy(), row_ids):
        raise RuntimeError("the inputs' rows are not the contributions' rows")
    x = np.ascontiguousarray(frame[names].to_numpy(dtype=np.float64, na_value=np.nan))
    del frame
    np.save(os.path.join(work, "inputs.npy"), x)
    where_row = {int(v): i for i, v in enumerate(row_ids)}
    with open(os.path.join(work, "one-rows.txt"), "w") as f:
        f.write("\n".join(str(where_row[i]) for i in ids if i in where_row) + "\n")
    rows, features = x.shape
    missing_share = float(np.isnan(x).mean())
    del x
    ours["per_row_us"] = round(ours["seconds"] / rows * 1e6, 2)

    # 5. LightGBM, its own process
    env = dict(os.environ, OMP_NUM_THREADS=str(THREADS))
    me = [sys.executable, os.path.abspath(__file__)]
    s, mb, out = timed(me + ["lgb", "--work", work, "--repeats", str(args.repeats),
                             "--clients-timed", str(args.clients_timed)], env=env)
    lg = result_line(out, "LGB_RESULT")
    lightgbm = {"seconds": round(lg["seconds"], 4), "runs": [round(r, 4) for r in lg["runs"]],
                "one_row_ms": round(lg["one_row_ms"], 3), "one_row_runs_ms": [round(r, 3) for r in lg["one_row_runs_ms"]],
                "peak_mb": round(mb, 1), "peak_mb_in_process": round(lg["peak_mb"], 1), "process_seconds": round(s, 2),
                "load_s": round(lg["load_s"], 3), "version": lg["version"], "trees": lg["trees"]}
    if lg["features"] != features:
        notes.append(f"LightGBM reads {lg['features']} features, our inputs have {features}")
    if lg["trees"] != args.trees:
        notes.append(f"the exported model has {lg['trees']} trees, not {args.trees}")
    log(f"LightGBM {lg['version']} pred_contrib, every row: best {lg['seconds']:.3f} s of {lightgbm['runs']}; "
        f"one row: median {lg['one_row_ms']:.3f} ms; {mb:.0f} MB")

    # 6. shap, its own process
    s, mb, out = timed(me + ["shap", "--work", work, "--repeats", str(args.repeats),
                             "--shap-rows", str(args.shap_rows)], env=env)
    sh = result_line(out, "SHAP_RESULT")
    shap_r = {"seconds": round(sh["seconds"], 4), "runs": [round(r, 4) for r in sh["runs"]], "rows": sh["rows"],
              "setup_s": round(sh["setup_s"], 3), "peak_mb": round(mb, 1), "peak_mb_in_process": round(sh["peak_mb"], 1),
              "process_seconds": round(s, 2), "version": sh["version"], "delegates_to_lightgbm": sh["delegates_to_lightgbm"]}
    own = sh["own"]
    shap_own = {"rows": own.get("rows", 0), "seconds": round(own["seconds"], 4) if "seconds" in own else None,
                "setup_s": round(own["setup_s"], 3) if "setup_s" in own else None, "threads": 1,
                "error": own.get("error")}
    if shap_r["delegates_to_lightgbm"]:
        notes.append("shap.TreeExplainer(booster) with tree_path_dependent calls LightGBM's own "
                     "predict(pred_contrib=True) for a LightGBM booster: its values are LightGBM's, its time "
                     "LightGBM's plus shap's wrapper")
    log(f"shap {sh['version']} TreeExplainer(booster), every row: best {sh['seconds']:.3f} s; own TreeSHAP on "
        f"{shap_own['rows']} rows: {shap_own['seconds']} s; {mb:.0f} MB")

    # 7. agreement
    columns = names + ["base"]
    lgb_contrib = np.load(os.path.join(work, "lgb-contrib.npy"))
    if lgb_contrib.shape != ours_contrib.shape:
        raise RuntimeError(f"pred_contrib's shape {lgb_contrib.shape} is not ours {ours_contrib.shape}")
    agree_lgb = compare(ours_contrib, lgb_contrib, row_ids, columns)
    del lgb_contrib
    raw = np.load(os.path.join(work, "lgb-raw.npy"))
    sums = ours_contrib.sum(axis=1)
    raw_diff = float(np.max(np.abs(sums - raw)))
    agree_shap = compare(ours_contrib, np.load(os.path.join(work, "shap-contrib.npy")), row_ids, columns)
    agree_own = None
    if shap_own["rows"]:
        own_values = np.load(os.path.join(work, "shap-own-contrib.npy"))
        agree_own = compare(ours_contrib, own_values, row_ids, columns)
        agree_own["max_abs_diff_sum_vs_raw"] = float(np.max(np.abs(own_values.sum(axis=1) - raw[:len(own_values)])))
        if agree_own["max_abs_diff_sum_vs_raw"] > 1e-6:
            notes.append(f"shap's own TreeSHAP does not reproduce the model (its rows sum up to "
                         f"{agree_own['max_abs_diff_sum_vs_raw']:.3g} away from the raw scores): it tests "
                         "category c of a categorical split with bit c-1 of a 32-bit mask, so LightGBM's "
                         "categories 0 and 32+ take the wrong branch. Its time stands, its values do not")
    for name, a in (("LightGBM", agree_lgb), ("shap (booster)", agree_shap), ("shap own TreeSHAP", agree_own)):
        if a is None:
            continue
        log(f"agreement with {name} on {a['rows']:,} rows: max |diff| {a['max_abs_diff']:.3g} "
            f"(features {a['max_abs_diff_features']:.3g}, base {a['max_abs_diff_base']:.3g}); "
            f"{a['columns_above_goal']} columns above {GOAL_DIFF:g}")
        for c in a["columns_above_goal_first"][:5]:
            log(f"  {c['column']}: {c['max_abs_diff']:.3g}")
    log(f"our row sums against LightGBM's raw scores: max |diff| {raw_diff:.3g}")

    # 8. the figures
    ratios = {
        "lightgbm_s_vs_ours_s": round(lightgbm["seconds"] / ours["seconds"], 3),
        "shap_s_vs_ours_s": round(shap_r["seconds"] / ours["seconds"], 3),
        "shap_own_per_row_vs_ours_per_row": (round((shap_own["seconds"] / shap_own["rows"]) / (ours["seconds"] / rows), 2)
                                             if shap_own["seconds"] else None),
        "lightgbm_one_row_ms_vs_ours_one_client_ms": (round(lightgbm["one_row_ms"] / one["median_ms"], 3)
                                                      if one["median_ms"] else None),
    }
    goals = {
        "one_client_under_10_ms": one["median_ms"] is not None and one["median_ms"] < GOAL_MS,
        "at_least_2x_lightgbm": ratios["lightgbm_s_vs_ours_s"] >= GOAL_RATIO,
        "equal_to_lightgbm_1e-9": agree_lgb["max_abs_diff"] <= GOAL_DIFF,
        "equal_to_shap_1e-9": agree_shap["max_abs_diff"] <= GOAL_DIFF,
        "sums_equal_raw_1e-9": raw_diff <= GOAL_DIFF,
    }
    if not shap_r["delegates_to_lightgbm"]:
        notes.append("shap ran its own algorithm on every row")
    decisions = bench_decisions.run(binary, data, work, tables, cache, model_json, args.clients_timed) if args.step == "all" else None

    print(f"\nExplaining a GBDT of {args.trees} trees × {args.leaves} leaves (rate {args.rate:g}, trained in "
          f"{training['seconds']:.1f} s on {training['rows']:,} rows) over {rows:,} application_test clients × "
          f"{features} features ({missing_share:.0%} of inputs missing); {os.cpu_count()} cores, {THREADS} threads each")
    print(f"{'system':58} {'seconds':>9} {'per row':>9} {'peak MB':>8}  max |diff| to ours")
    print(f"{'credit-explorer, explain … detail=contributions':58} {ours['seconds']:9.3f} "
          f"{ours['seconds'] / rows * 1e6:7.1f}µs {ours['peak_mb']:8.0f}")
    print(f"{'LightGBM ' + lightgbm['version'] + ' predict(pred_contrib=True)':58} {lightgbm['seconds']:9.3f} "
          f"{lightgbm['seconds'] / rows * 1e6:7.1f}µs {lightgbm['peak_mb']:8.0f}  {agree_lgb['max_abs_diff']:.3g}")
    print(f"{'shap ' + shap_r['version'] + ' TreeExplainer(booster).shap_values':58} {shap_r['seconds']:9.3f} "
          f"{shap_r['seconds'] / rows * 1e6:7.1f}µs {shap_r['peak_mb']:8.0f}  {agree_shap['max_abs_diff']:.3g}")
    if shap_own["seconds"]:
        print(f"{'shap own TreeSHAP (C extension, 1 thread), ' + format(shap_own['rows'], ',') + ' rows':58} "
              f"{shap_own['seconds']:9.3f} {shap_own['seconds'] / shap_own['rows'] * 1e6:7.1f}µs {'':8}  "
              f"{agree_own['max_abs_diff']:.3g}")
    print(f"one client's whole explain: median {one['median_ms']} ms ({max(one['timed'] - 1, 0)} clients after a warm-up; "
          f"goal < {GOAL_MS:g} ms); LightGBM pred_contrib on one row: median {lightgbm['one_row_ms']} ms")
    print(f"LightGBM / ours: {ratios['lightgbm_s_vs_ours_s']}× (goal ≥ {GOAL_RATIO:g}×); shap / ours: {ratios['shap_s_vs_ours_s']}×; "
          f"our row sums against LightGBM's raw scores: max |diff| {raw_diff:.3g}")
    print("goals: " + ", ".join(f"{k} {'yes' if v else 'NO'}" for k, v in goals.items()))
    for n in notes:
        print("note: " + n)
    print(json.dumps({
        "benchmark": "explain", "data": data, "trees": args.trees, "leaves": args.leaves, "rate": args.rate,
        "rows": rows, "features": features, "cores": os.cpu_count(), "threads": THREADS,
        "load_average_at_end": round(os.getloadavg()[0], 2),
        "train_seconds": training["seconds"], "training": training,
        "ours_one_client_ms_median": one["median_ms"], "ours_all_clients_seconds": ours["seconds"],
        "lightgbm_pred_contrib_seconds": lightgbm["seconds"], "lightgbm_one_row_ms": lightgbm["one_row_ms"],
        "shap_seconds": shap_r["seconds"], "shap_rows": shap_r["rows"],
        "shap_own_seconds": shap_own["seconds"], "shap_own_rows": shap_own["rows"],
        "ratios": ratios,
        "max_abs_diff": {"lightgbm": agree_lgb["max_abs_diff"], "shap": agree_shap["max_abs_diff"],
                         "shap_own": agree_own["max_abs_diff"] if agree_own else None,
                         "ours_sum_vs_lightgbm_raw": raw_diff},
        "peak_mb": {"ours_contributions": ours["peak_mb"], "ours_one_client": one["peak_mb"],
                    "ours_training": training["peak_mb"], "lightgbm": lightgbm["peak_mb"], "shap": shap_r["peak_mb"]},
        "goals": goals,
        "ours": {"one_client": one, "all_clients": ours},
        "lightgbm": lightgbm, "shap": shap_r, "shap_own": shap_own,
        "agreement": {"lightgbm": agree_lgb, "shap": agree_shap, "shap_own": agree_own},
        "notes": notes, "decisions": decisions,
    }))
    if not args.keep_cache:
        shutil.rmtree(cache, ignore_errors=True)


if __name__ == "__main__":
    main()
