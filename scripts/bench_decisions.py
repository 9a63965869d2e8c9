"""Acting on decisions (scripts/bench-explain --part decisions): with the benchmark's GBDT (1,000
trees by default) loaded from its file and a policy cut-off that refuses the riskiest 20% of
application_test, one credit-explorer process times, after `.timer on`:
  * `fairness by CODE_GENDER` twice: the first scores every application_train client (the loaded
    model has no predictions of its own), the second reads those scores back;
  * `compare ID similar 50` for --clients-timed test clients spread over the file: the first also
    ranks the model's columns by mean |contribution| over 2,000 clients; the others are the
    question a relationship manager asks (the figure the issue's < 100 ms goal is about);
  * `whatif ID AMT_CREDIT=…` (the client asking for 20% less) for the same clients;
  * `counterfactual ID` for as many refused clients, spread over the refused ones;
  * `drift application_train application_test` twice (every model column and the score; the
    second with both tables' scores kept).
Each statement's `time:` line is its figure; per-client figures are medians after the first.

Peers, timed in this process on the same inputs (not what the tool runs, what a user would
otherwise write):
  * similar clients: scikit-learn's NearestNeighbors (brute force, the same scaled columns,
    missing at the mean), one query per client, fitted once; checked by the default rate among
    the 50 neighbours, which must equal ours;
  * fairness: fairlearn's MetricFrame (selection rate, true and false positive rates, AUC per
    group) and its demographic-parity ratio and equalised-odds difference, on our exported
    training scores; checked by each group's approval rate;
  * drift: the same PSI (deciles of the expected table, ties merged, missing apart, levels for
    text, empty bins at 0.01%) in pandas/numpy; checked column by column against ours.
"""
import os
import re
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "bench"))
from bench_features import script, timed  # noqa: E402

KEY = "SK_ID_CURR"
COMPARE_GOAL_MS = 100.0
TIME = re.compile(r"^time: ([\d.]+) s\s*$", re.M)


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def quoted(path):
    return "'" + path.replace("'", "\\'") + "'"


def spread(values, n):
    import numpy as np
    values = list(values)
    return [values[i] for i in np.unique(np.linspace(0, len(values) - 1, n).round().astype(int))]


def median_after_first(ms):
    return round(statistics.median(ms[1:] or ms), 3) if ms else None


def psi(expected, actual):
    """Our PopulationStability, in pandas/numpy."""
    import numpy as np
    import pandas as pd
    if not (pd.api.types.is_numeric_dtype(expected) and pd.api.types.is_numeric_dtype(actual)):
        e = expected.value_counts(dropna=True)
        a = actual.value_counts(dropna=True)
        labels = sorted(set(e.index) | set(a.index))
        pe = np.array([e.get(k, 0) for k in labels] + [expected.isna().sum()]) / max(1, len(expected))
        pa = np.array([a.get(k, 0) for k in labels] + [actual.isna().sum()]) / max(1, len(actual))
    else:
        ref = np.sort(expected.dropna().to_numpy(dtype=np.float64))
        cuts = []
        for k in range(1, 10):
            if len(ref) == 0:
                break
            c = ref[min(len(ref) - 1, k * len(ref) // 10)]
            if c > (cuts[-1] if cuts else -np.inf) and c > ref[0]:
                cuts.append(c)
        cuts = np.array(cuts)

        def shares(s):
            v = s.to_numpy(dtype=np.float64)
            missing = np.isnan(v)
            counts = np.bincount(np.searchsorted(cuts, v[~missing], side="right"), minlength=len(cuts) + 1)
            return np.append(counts, missing.sum()) / max(1, len(v))
        pe, pa = shares(expected), shares(actual)
    pe, pa = np.maximum(pe, 1e-4), np.maximum(pa, 1e-4)
    return float(np.sum((pa - pe) * np.log(pa / pe)))


def run(binary, data, work, tables, cache, model_json, clients_timed):
    import numpy as np
    import pandas as pd
    ce = [binary, "run"]
    where = ["--data", tables, "--cache", cache]
    notes = []

    # The clients and the cut-off, from the model's scores (not timed).
    train_csv, test_csv = os.path.join(work, "scored-train.csv"), os.path.join(work, "scored-test.csv")
    timed(ce + [script(work, "decisions-score.cx", [
        f"load model {quoted(model_json)}", "score application_train as tr", "score application_test as te", ".mode csv",
        f".output {quoted(train_csv)}", "from tr", ".output", f".output {quoted(test_csv)}", "from te", ".output"])] + where)
    test_scores = pd.read_csv(test_csv)
    cutoff = round(float(np.quantile(test_scores["pd"], 0.8)), 4)
    ids = [int(i) for i in spread(test_scores[KEY], clients_timed)]
    refused = [int(i) for i in spread(test_scores.loc[test_scores["pd"] >= cutoff, KEY], clients_timed)]
    credit = pd.read_csv(os.path.join(data, "application_test.csv"), usecols=[KEY, "AMT_CREDIT"]).set_index(KEY)["AMT_CREDIT"]
    lines = ([f"load model {quoted(model_json)}", f"threshold at={cutoff}", ".maxrows 0", ".timer on",
              "fairness by CODE_GENDER", "fairness by CODE_GENDER"]
             + [f"compare {i} similar 50" for i in ids]
             + [f"whatif {i} AMT_CREDIT={int(round(credit[i] * 0.8))}" for i in ids]
             + [f"counterfactual {i}" for i in refused]
             + ["drift application_train application_test top=1000"] * 2)
    s, mb, out = timed(ce + [script(work, "decisions.cx", lines)] + where)
    pieces = TIME.split(out)
    timed_out = [(pieces[i], float(pieces[i + 1])) for i in range(0, len(pieces) - 1, 2)]
    expected = len(lines) - 4
    if len(timed_out) != expected:
        raise RuntimeError(f"{len(timed_out)} of {expected} statements printed a time:\n{out[-3000:]}")
    fair, comp = timed_out[0:2], timed_out[2:2 + len(ids)]
    what = timed_out[2 + len(ids):2 + 2 * len(ids)]
    counter = timed_out[2 + 2 * len(ids):2 + 2 * len(ids) + len(refused)]
    drift = timed_out[-2:]
    ms = lambda pairs: [round(sec * 1000, 3) for _, sec in pairs]  # noqa: E731
    ours = {
        "cutoff": cutoff, "process_seconds": round(s, 2), "peak_mb": round(mb, 1),
        "fairness_first_s": round(fair[0][1], 3), "fairness_s": round(fair[1][1], 3),
        "compare_first_s": round(comp[0][1], 3), "compare_median_ms": median_after_first(ms(comp)),
        "compare_max_ms": max(ms(comp)[1:] or ms(comp)), "compare_runs_ms": ms(comp),
        "whatif_median_ms": median_after_first(ms(what)), "whatif_runs_ms": ms(what),
        "counterfactual_median_ms": median_after_first(ms(counter)), "counterfactual_max_ms": max(ms(counter)),
        "counterfactual_runs_ms": ms(counter), "counterfactual_clients": len(refused),
        "drift_first_s": round(drift[0][1], 3), "drift_s": round(drift[1][1], 3),
    }
    log(f"credit-explorer (cut-off {cutoff}): fairness {ours['fairness_first_s']} s first, {ours['fairness_s']} s again; "
        f"compare first {ours['compare_first_s']} s, then median {ours['compare_median_ms']} ms; whatif median "
        f"{ours['whatif_median_ms']} ms; counterfactual median {ours['counterfactual_median_ms']} ms (max "
        f"{ours['counterfactual_max_ms']}); drift {ours['drift_first_s']} s first, {ours['drift_s']} s again; {mb:.0f} MB")

    train = pd.read_csv(os.path.join(data, "application_train.csv"))
    test = pd.read_csv(os.path.join(data, "application_test.csv"))
    scored_train = pd.read_csv(train_csv)
    if not np.array_equal(scored_train[KEY].to_numpy(), train[KEY].to_numpy()):
        raise RuntimeError("the exported training scores are not in application_train's order")

    # Similar clients: the same space in scikit-learn.
    from sklearn.neighbors import NearestNeighbors
    columns = re.search(r"distance on (.*?), each scaled", comp[0][0]).group(1).split(", ")
    x = train[columns].to_numpy(dtype=np.float64)
    mean, sd = np.nanmean(x, axis=0), np.nanstd(x, axis=0)
    sd[sd == 0] = 1
    x = np.where(np.isnan(x), mean, x) / sd
    start = time.perf_counter()
    nn = NearestNeighbors(n_neighbors=50, algorithm="brute").fit(x)
    fit_s = time.perf_counter() - start
    q = test.set_index(KEY).loc[ids, columns].to_numpy(dtype=np.float64)
    q = np.where(np.isnan(q), mean, q) / sd
    query_ms, same_rate = [], 0
    target = train["TARGET"].to_numpy()
    for k in range(len(ids)):
        start = time.perf_counter()
        _, found = nn.kneighbors(q[k:k + 1])
        query_ms.append((time.perf_counter() - start) * 1000)
        rate = f"{100 * target[found[0]].mean():.1f}%"
        if f"default rate: {rate} among the similar clients" in comp[k][0]:
            same_rate += 1
    sklearn_r = {"fit_s": round(fit_s, 3), "query_median_ms": median_after_first([round(v, 3) for v in query_ms]),
                 "columns": columns, "same_default_rate": same_rate, "clients": len(ids)}
    log(f"scikit-learn NearestNeighbors (brute): fit {fit_s:.3f} s, query median {sklearn_r['query_median_ms']} ms; "
        f"the same default rate among the 50 for {same_rate} of {len(ids)} clients")

    # Fairness: fairlearn's MetricFrame on our scores.
    from fairlearn.metrics import (MetricFrame, demographic_parity_ratio, equalized_odds_difference,
                                   false_positive_rate, selection_rate, true_positive_rate)
    from sklearn.metrics import roc_auc_score
    y, p = train["TARGET"].to_numpy(), scored_train["pd"].to_numpy()
    approved = (p < cutoff).astype(int)
    group = train["CODE_GENDER"].fillna("missing")
    start = time.perf_counter()
    frame = MetricFrame(metrics={"approval": selection_rate, "approved_good": true_positive_rate,
                                 "approved_bad": false_positive_rate},
                        y_true=1 - y, y_pred=approved, sensitive_features=group)
    auc = MetricFrame(metrics=lambda t, s: roc_auc_score(t, s) if len(set(t)) == 2 else float("nan"),
                      y_true=y, y_pred=p, sensitive_features=group)
    parity = demographic_parity_ratio(1 - y, approved, sensitive_features=group)
    odds = equalized_odds_difference(1 - y, approved, sensitive_features=group)
    fairlearn_s = time.perf_counter() - start
    same_groups = 0
    for level, value in frame.by_group["approval"].items():
        if re.search(rf"^{re.escape(str(level))}\s+\d+\s+[\d.]+\s+{value:.4f}\b", fair[1][0], re.M):
            same_groups += 1
    import fairlearn
    fairlearn_r = {"seconds": round(fairlearn_s, 3), "version": fairlearn.__version__, "groups": len(frame.by_group),
                   "same_approval": same_groups, "demographic_parity_ratio": round(float(parity), 4),
                   "equalized_odds_difference": round(float(odds), 4), "auc_by_group": {str(k): (round(float(v), 4) if v == v else None) for k, v in auc.by_group.items()}}
    log(f"fairlearn {fairlearn.__version__} MetricFrame: {fairlearn_s:.3f} s; the same approval rate for {same_groups} of "
        f"{len(frame.by_group)} groups")

    # Drift: the same PSI in pandas/numpy, every column our drift listed but the score.
    listed = re.findall(r"^(\S+)\s+([\d.]+)\s+(stable|moderate shift|significant shift)\s*$", drift[1][0], re.M)
    ours_psi = {name: float(v) for name, v, _ in listed if name in train.columns}
    start = time.perf_counter()
    theirs = {name: psi(train[name], test[name]) for name in ours_psi}
    pandas_s = time.perf_counter() - start
    diffs = [abs(round(theirs[n], 4) - ours_psi[n]) for n in ours_psi]
    drift_r = {"seconds": round(pandas_s, 3), "columns": len(ours_psi), "max_abs_diff_4dp": max(diffs) if diffs else None,
               "columns_differing": sum(1 for d in diffs if d > 1e-4 + 1e-12)}
    log(f"pandas/numpy PSI on the same {len(ours_psi)} columns: {pandas_s:.3f} s (without the score); "
        f"max |diff| at 4 decimals {drift_r['max_abs_diff_4dp']}")
    if drift_r["columns_differing"]:
        notes.append(f"{drift_r['columns_differing']} columns' PSI differ from the pandas reimplementation")
    if same_rate < len(ids):
        notes.append(f"the default rate among the 50 neighbours differs from scikit-learn's for {len(ids) - same_rate} "
                     "clients (ties at the 50th distance are broken differently)")

    goals = {"compare_under_100_ms": ours["compare_median_ms"] is not None and ours["compare_median_ms"] < COMPARE_GOAL_MS}
    print(f"\nActing on decisions: {len(train):,} training and {len(test):,} test clients; cut-off {cutoff} refuses "
          f"the riskiest 20% of application_test")
    print(f"{'question':44} {'credit-explorer':>18} {'peer':>34}")
    print(f"{'fairness by CODE_GENDER (first / again)':44} {ours['fairness_first_s']:8.3f} / {ours['fairness_s']:.3f} s "
          f"{'fairlearn MetricFrame ' + format(fairlearn_s, '.3f') + ' s':>34}")
    print(f"{'compare ID similar 50 (median after first)':44} {ours['compare_median_ms']:15.1f} ms "
          f"{'sklearn kneighbors ' + format(sklearn_r['query_median_ms'], '.1f') + ' ms':>34}")
    print(f"{'compare, first (ranks the columns)':44} {ours['compare_first_s']:16.3f} s")
    print(f"{'whatif ID AMT_CREDIT=… (median)':44} {ours['whatif_median_ms']:15.1f} ms")
    print(f"{'counterfactual ID, refused clients (median)':44} {ours['counterfactual_median_ms']:15.1f} ms")
    print(f"{'drift train test (first / again)':44} {ours['drift_first_s']:8.3f} / {ours['drift_s']:.3f} s "
          f"{'pandas PSI ' + format(pandas_s, '.3f') + ' s':>34}")
    print("goals: " + ", ".join(f"{k} {'yes' if v else 'NO'}" for k, v in goals.items()))
    for n in notes:
        print("note: " + n)
    return {"ours": ours, "sklearn_neighbours": sklearn_r, "fairlearn": fairlearn_r, "pandas_psi": drift_r,
            "goals": goals, "notes": notes}
