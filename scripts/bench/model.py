"""Model benchmark: credit-explorer's GBDT against LightGBM on the application table.

Each system's peak MB is its own process's VmHWM (the whole run: CSV or matrix loading,
encoding, five trainings). Both systems train on the same numbers (credit-explorer encodes the table once, one-hot, and
writes the matrix; LightGBM reads that file), with the same parameters and the same 5
stratified folds (folds.txt). Each system runs as a fresh process; training seconds are measured inside each process (data loading excluded).
Then the model credit-explorer trains on all rows is exported to LightGBM's text format,
loaded by LightGBM, and both predict every row; and a model LightGBM trained is imported by
credit-explorer and scored, to check both directions of the format.

Last, the logistic regression (LogisticModel) against scikit-learn's on the application table's
numeric columns (no indicators of categoricals), on the same folds: both impute each column's
training mean, add a missing indicator for every column with missing training values and
standardise (population SD); penalty ½·l2·‖β‖² on the summed log-loss, which is scikit-learn's
C = 1/l2. Seconds are the five fits, in-process; each side runs as a fresh process."""
import argparse
import json
import os
import statistics
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
import measure  # noqa: E402

FOLDS = 5
FOLD_SEED = 42
# Matched settings (credit-explorer: ModelBenchmark.parameters()). LightGBM's defaults that
# matter agree with ours: max_bin 255, 200,000 rows sampled for bins, min_sum_hessian 1e-3,
# no L1/L2, boost_from_average; feature_fraction is per tree in both.
PARAMS = {
    "objective": "binary", "num_iterations": 500, "learning_rate": 0.05, "num_leaves": 31,
    "min_data_in_leaf": 20, "feature_fraction": 0.8, "bagging_fraction": 0.8, "bagging_freq": 1,
    "num_threads": 2, "max_bin": 255, "seed": 1, "verbose": -1,
}
# Logistic regression: ridge strength (scikit-learn's C = 1 / L2). scikit-learn runs its
# "newton-cholesky" solver, the same method as ours, to a gradient tolerance of 1e-8, so both
# reach the optimum of the same objective. Its default lbfgs at its default tolerance (1e-4)
# stops short of it here (out-of-fold AUC 0.7254 against 0.7258 at the optimum), and lbfgs
# run to 1e-10 took over 7 minutes a fold.
L2 = 1.0
LR_SOLVER = "newton-cholesky"
LR_MAX_ITER = 100
LR_TOL = 1e-8


def load_matrix(work):
    names = open(os.path.join(work, "names.txt")).read().split("\n")[:-1]
    labels = np.loadtxt(os.path.join(work, "labels.txt"), dtype=np.int8)
    x = np.fromfile(os.path.join(work, "matrix.f64"), dtype="<f8").reshape(len(names), len(labels)).T
    return x, labels, names


def lgb_cv(work, trees, threads):
    """Runs in its own process: LightGBM's 5-fold training on the same matrix and folds."""
    import lightgbm as lgb
    x, y, _ = load_matrix(work)
    folds = np.loadtxt(os.path.join(work, "folds.txt"), dtype=np.int64)
    params = dict(PARAMS, num_iterations=trees, num_threads=threads)
    oof = np.full(len(y), np.nan)
    seconds = 0.0
    for k in range(FOLDS):
        train, test = folds != k, folds == k
        start = time.perf_counter()
        booster = lgb.train(params, lgb.Dataset(x[train], label=y[train], free_raw_data=True))
        seconds += time.perf_counter() - start
        oof[test] = booster.predict(x[test], raw_score=True)
    oof.tofile(os.path.join(work, "lgb_oof.f64"))
    booster.save_model(os.path.join(work, "lgb_model.txt"))
    print("LGB_RESULT " + json.dumps({"seconds": seconds, "peak_mb": peak_mb()}))


def lr_cv(work):
    """Runs in its own process: scikit-learn's logistic regression on the same numeric columns
    and folds, imputed and standardised as LogisticModel does, per fold."""
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    names = open(os.path.join(work, "logistic_names.txt")).read().split("\n")[:-1]
    y = np.loadtxt(os.path.join(work, "labels.txt"), dtype=np.int8)
    x = np.fromfile(os.path.join(work, "logistic.f64"), dtype="<f8").reshape(len(names), len(y)).T
    folds = np.loadtxt(os.path.join(work, "folds.txt"), dtype=np.int64)
    oof = np.full(len(y), np.nan)
    seconds, iterations = 0.0, []
    for k in range(FOLDS):
        train, test = folds != k, folds == k
        start = time.perf_counter()
        model = make_pipeline(
            SimpleImputer(strategy="mean", add_indicator=True, keep_empty_features=True), StandardScaler(),
            LogisticRegression(C=1 / L2, solver=LR_SOLVER, max_iter=LR_MAX_ITER, tol=LR_TOL))
        model.fit(x[train], y[train])
        seconds += time.perf_counter() - start
        iterations.append(int(model[-1].n_iter_[0]))
        oof[test] = model.decision_function(x[test])
    oof.tofile(os.path.join(work, "sk_logistic_oof.f64"))
    print("LR_RESULT " + json.dumps({"seconds": seconds, "iterations": iterations, "peak_mb": peak_mb()}))


def logistic(csv, work, xctest):
    """Both logistic regressions' out-of-fold AUC, fitting seconds and peak MB (folds of cross_validate)."""
    from sklearn.metrics import roc_auc_score
    env = dict(os.environ, MODELS_BENCH_MODEL="1", MB_CSV=csv, MB_OUT=work, MB_STEP="logistic",
               MB_FOLDS=os.path.join(work, "folds.txt"), MB_L2=str(L2), MB_THREADS=str(PARAMS["num_threads"]))
    _, _, out = measure.run(xctest + ["--filter", "ModelBenchmark"], env=env)
    ours = result_line(out, "MB_RESULT")
    # Two threads for the BLAS under scikit-learn too.
    threads = str(PARAMS["num_threads"])
    sk_env = dict(os.environ, OMP_NUM_THREADS=threads, OPENBLAS_NUM_THREADS=threads, MKL_NUM_THREADS=threads)
    _, _, out = measure.run([sys.executable, __file__, "lr-cv", "--work", work], env=sk_env)
    theirs = result_line(out, "LR_RESULT")
    y = np.loadtxt(os.path.join(work, "labels.txt"), dtype=np.int8)
    ours_oof = np.fromfile(os.path.join(work, "logistic_oof.f64"))
    sk_oof = np.fromfile(os.path.join(work, "sk_logistic_oof.f64"))
    ours_auc, sk_auc = roc_auc_score(y, ours_oof), roc_auc_score(y, sk_oof)
    return {
        "l2": L2, "sklearn_C": 1 / L2, "features": ours["features"],
        "ours": {"fit_s": round(ours["seconds"], 3), "peak_mb": round(ours["peak_mb"], 1),
                 "oof_auc": round(ours_auc, 4), "newton_iterations": ours["iterations"]},
        "sklearn": {"fit_s": round(theirs["seconds"], 3), "peak_mb": round(theirs["peak_mb"], 1),
                    "oof_auc": round(sk_auc, 4), "solver": LR_SOLVER, "iterations": theirs["iterations"], "tol": LR_TOL},
        "ratio_fit_s": round(ours["seconds"] / theirs["seconds"], 3),
        "auc_equal_to_3_decimals": round(ours_auc, 3) == round(sk_auc, 3),
        "max_abs_diff_logit": float(np.max(np.abs(ours_oof - sk_oof))),
    }


def peak_mb():
    """This process's peak resident memory (VmHWM), read inside the process: the rusage a
    parent gets on Linux is floored at the parent's own peak, carried over fork and exec."""
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024.0


def result_line(out, tag):
    return json.loads(next(l for l in out.splitlines() if l.startswith(tag))[len(tag) + 1:])


def cross_validate(csv, work, xctest, trees, threads=PARAMS["num_threads"], repeats=1):
    """Both systems' out-of-fold AUC, training seconds and peak MB on one CSV, on `threads` threads each.

    With `repeats` > 1 the two systems run in turn that many times and the medians count:
    on this machine a two-thread run of either system takes 10 to 14 s on the 20,000-client
    set depending on when it runs (the same binary, the same data; one thread varies by a few
    per cent), so a single run of each says more about the moment than about the systems.
    The out-of-fold scores are the same every time (checked)."""
    import pandas as pd
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import StratifiedKFold
    os.makedirs(work, exist_ok=True)
    y = pd.read_csv(csv, usecols=["TARGET"])["TARGET"].to_numpy()
    folds = np.zeros(len(y), dtype=np.int64)
    for k, (_, test) in enumerate(StratifiedKFold(FOLDS, shuffle=True, random_state=FOLD_SEED).split(np.zeros(len(y)), y)):
        folds[test] = k
    np.savetxt(os.path.join(work, "folds.txt"), folds, fmt="%d")

    env = dict(os.environ, MODELS_BENCH_MODEL="1", MB_CSV=csv, MB_OUT=work, MB_STEP="cv",
               MB_FOLDS=os.path.join(work, "folds.txt"), MB_TREES=str(trees), MB_THREADS=str(threads))
    ours_runs, lgb_runs, oofs, lgb_oofs = [], [], [], []
    for _ in range(repeats):
        _, _, out = measure.run(xctest + ["--filter", "ModelBenchmark"], env=env)
        ours_runs.append(result_line(out, "MB_RESULT"))
        oofs.append(np.fromfile(os.path.join(work, "oof.f64")))
        _, _, out = measure.run([sys.executable, __file__, "lgb-cv", "--work", work, "--trees", str(trees), "--threads", str(threads)])
        lgb_runs.append(result_line(out, "LGB_RESULT"))
        lgb_oofs.append(np.fromfile(os.path.join(work, "lgb_oof.f64")))
    if any(not np.array_equal(o, oofs[0]) for o in oofs) or any(not np.array_equal(o, lgb_oofs[0]) for o in lgb_oofs):
        sys.exit("out-of-fold scores differ between repeats")
    ours_s = statistics.median(r["seconds"] for r in ours_runs)
    lgb_s = statistics.median(r["seconds"] for r in lgb_runs)
    ours_mb = statistics.median(r["peak_mb"] for r in ours_runs)
    lgb_mb = statistics.median(r["peak_mb"] for r in lgb_runs)
    ours_auc, lgb_auc = roc_auc_score(y, oofs[0]), roc_auc_score(y, lgb_oofs[0])
    return {
        "rows": ours_runs[0]["rows"], "features": ours_runs[0]["features"], "threads": threads, "repeats": repeats,
        "ours": {"train_s": round(ours_s, 3), "train_s_runs": [round(r["seconds"], 3) for r in ours_runs],
                 "peak_mb": round(ours_mb, 1), "oof_auc": round(ours_auc, 5)},
        "lightgbm": {"train_s": round(lgb_s, 3), "train_s_runs": [round(r["seconds"], 3) for r in lgb_runs],
                     "peak_mb": round(lgb_mb, 1), "oof_auc": round(lgb_auc, 5)},
        "auc_diff": round(ours_auc - lgb_auc, 5),
        "ratio_train_s": round(ours_s / lgb_s, 3),
        "ratio_peak_mb": round(ours_mb / lgb_mb, 3),
    }


def interop(csv, work, xctest, trees):
    """Exports our all-rows model and scores it in LightGBM; imports LightGBM's last fold model."""
    import lightgbm as lgb
    env = dict(os.environ, MODELS_BENCH_MODEL="1", MB_CSV=csv, MB_OUT=work, MB_STEP="full", MB_TREES=str(trees),
               MB_THREADS=str(PARAMS["num_threads"]), MB_IMPORT=os.path.join(work, "lgb_model.txt"))
    measure.run(xctest + ["--filter", "ModelBenchmark"], env=env)
    x, _, _ = load_matrix(work)
    ours = np.fromfile(os.path.join(work, "pred.f64"))
    exported = lgb.Booster(model_file=os.path.join(work, "model.txt"))
    raw = exported.predict(x, raw_score=True)
    prob = exported.predict(x)
    imported = np.fromfile(os.path.join(work, "imported.f64"))
    theirs = lgb.Booster(model_file=os.path.join(work, "lgb_model.txt")).predict(x, raw_score=True)
    return {
        "export_max_abs_diff_raw": float(np.max(np.abs(raw - ours))),
        "export_max_abs_diff_prob": float(np.max(np.abs(prob - 1 / (1 + np.exp(-ours))))),
        "import_max_abs_diff_raw": float(np.max(np.abs(imported - theirs))),
    }


def pandas_frame(csv):
    """The table as an analyst loads it in Python: text columns as pandas categories (whose
    levels pandas sorts), the keys and the target apart."""
    import pandas as pd
    df = pd.read_csv(csv)
    for name in df.columns:
        if not pd.api.types.is_numeric_dtype(df[name]) and not pd.api.types.is_bool_dtype(df[name]):
            df[name] = df[name].astype("category")
    return df.drop(columns=["SK_ID_CURR", "TARGET"]), df["TARGET"].to_numpy()


def round_trips(csv, work, xctest, trees):
    """LightGBM's text format both ways with text columns: our native-categorical model
    scored by LightGBM on a pandas frame with category columns, and a model LightGBM trained
    on such a frame scored by us from the table by feature name. The largest difference of
    each, against the side that trained the model."""
    import lightgbm as lgb
    os.makedirs(work, exist_ok=True)
    x, y = pandas_frame(csv)
    python_model = os.path.join(work, "py_pandas.txt")
    booster = lgb.train(dict(PARAMS, num_iterations=trees), lgb.Dataset(x, label=y))
    booster.save_model(python_model)
    python_pred = booster.predict(x)
    env = dict(os.environ, MODELS_BENCH_MODEL="1", MB_CSV=csv, MB_OUT=work, MB_STEP="roundtrip", MB_TREES=str(trees),
               MB_THREADS=str(PARAMS["num_threads"]), MB_IMPORT_PANDAS=python_model)
    _, _, out = measure.run(xctest + ["--filter", "ModelBenchmark"], env=env)
    ours = result_line(out, "MB_RESULT")
    columns = open(os.path.join(work, "native_columns.txt")).read().split("\n")[:-1]
    exported = lgb.Booster(model_file=os.path.join(work, "native.txt"))
    export_pred = exported.predict(x[columns], raw_score=True)
    ours_pred = np.fromfile(os.path.join(work, "native_pred.f64"))
    imported = np.fromfile(os.path.join(work, "pandas_import_pred.f64"))
    return {
        "trees": trees, "categorical_features": ours["categorical"],
        "export_pandas_max_abs_diff_raw": float(np.max(np.abs(export_pred - ours_pred))),
        "import_pandas_max_abs_diff_prob": float(np.max(np.abs(imported - python_pred))),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("step", nargs="?", default="all", choices=["all", "lgb-cv", "lr-cv"])
    parser.add_argument("--data")
    parser.add_argument("--sample")
    parser.add_argument("--work")
    parser.add_argument("--xctest")
    parser.add_argument("--trees", type=int, default=PARAMS["num_iterations"])
    parser.add_argument("--threads", type=int, default=PARAMS["num_threads"])
    parser.add_argument("--small", help="a second, smaller application_train CSV (the 20,000-client configuration)")
    parser.add_argument("--repeats", type=int, default=3, help="runs of each system per configuration, in turn; medians count")
    args = parser.parse_args()
    if args.step == "lgb-cv":
        return lgb_cv(args.work, args.trees, args.threads)
    if args.step == "lr-cv":
        return lr_cv(args.work)

    import lightgbm
    xctest = [args.xctest, "--testing-library", "swift-testing"]
    synthetic = cross_validate(args.data, os.path.join(args.work, "synthetic"), xctest, args.trees, repeats=args.repeats)
    check = interop(args.data, os.path.join(args.work, "synthetic"), xctest, args.trees)
    # Every configuration the parity goal names: both sizes, one and two threads.
    configurations = [synthetic]
    for csv, name in ([(args.small, "small")] if args.small else []) + [(args.data, "synthetic")]:
        for threads in (1, 2):
            if csv == args.data and threads == PARAMS["num_threads"]:
                continue
            configurations.append(cross_validate(csv, os.path.join(args.work, name), xctest, args.trees, threads, args.repeats))
    configurations.sort(key=lambda r: (r["rows"], r["threads"]))
    trips = round_trips(args.small or args.data, os.path.join(args.work, "round-trips"), xctest, min(args.trees, 100))
    real = cross_validate(args.sample, os.path.join(args.work, "real-sample"), xctest, args.trees, repeats=args.repeats)
    lr = logistic(args.data, os.path.join(args.work, "synthetic"), xctest)
    params = dict(PARAMS, num_iterations=args.trees)

    print(f"parameters (both): {json.dumps(params)}; {FOLDS} stratified folds (seed {FOLD_SEED}); LightGBM {lightgbm.__version__}")
    print(f"{'data':28} {'rows':>7} {'feat':>5} {'ours s':>8} {'LGB s':>8} {'ratio':>6} {'ours MB':>8} {'LGB MB':>8} {'ratio':>6} {'ours AUC':>9} {'LGB AUC':>9}")
    for name, r in [("synthetic application_train", synthetic), ("real sample (500 rows)", real)]:
        o, l = r["ours"], r["lightgbm"]
        print(f"{name:28} {r['rows']:7} {r['features']:5} {o['train_s']:8.2f} {l['train_s']:8.2f} {r['ratio_train_s']:6.2f} "
              f"{o['peak_mb']:8.0f} {l['peak_mb']:8.0f} {r['ratio_peak_mb']:6.2f} {o['oof_auc']:9.4f} {l['oof_auc']:9.4f}")
    print(f"export to LightGBM text: max |raw diff| {check['export_max_abs_diff_raw']:.3g}, "
          f"max |prob diff| {check['export_max_abs_diff_prob']:.3g} (limit 1e-9); "
          f"import of LightGBM's model: max |raw diff| {check['import_max_abs_diff_raw']:.3g}")
    print(f"{'configuration':28} {'threads':>7} {'ours s':>8} {'LGB s':>8} {'ratio':>6} {'ours AUC':>9} {'LGB AUC':>9} {'diff':>8}")
    for r in configurations:
        o, l = r["ours"], r["lightgbm"]
        print(f"{str(r['rows']) + ' rows':28} {r['threads']:7} {o['train_s']:8.2f} {l['train_s']:8.2f} {r['ratio_train_s']:6.2f} "
              f"{o['oof_auc']:9.4f} {l['oof_auc']:9.4f} {r['auc_diff']:+8.4f}")
    print(f"round trips with pandas categories ({trips['categorical_features']} text columns, {trips['trees']} trees): "
          f"our export scored by LightGBM on a pandas frame, max |raw diff| {trips['export_pandas_max_abs_diff_raw']:.3g}; "
          f"LightGBM's pandas model scored by us from the table, max |prob diff| {trips['import_pandas_max_abs_diff_prob']:.3g}")
    lo, ls = lr["ours"], lr["sklearn"]
    print(f"logistic regression, {lr['features']} numeric columns (+ missing indicators), l2 {L2:g} = C {1 / L2:g}: "
          f"ours {lo['fit_s']:.2f} s, {lo['peak_mb']:.0f} MB, AUC {lo['oof_auc']:.4f}; scikit-learn {LR_SOLVER} "
          f"{ls['fit_s']:.2f} s, {ls['peak_mb']:.0f} MB, AUC {ls['oof_auc']:.4f}; ratio {lr['ratio_fit_s']:.2f}; "
          f"max |logit diff| {lr['max_abs_diff_logit']:.2g}")
    print(json.dumps({
        "benchmark": "model", "data": args.data, "sample": args.sample, "parameters": params, "folds": FOLDS,
        "lightgbm_version": lightgbm.__version__, "synthetic": synthetic, "real_sample": real, "interop": check,
        "logistic": lr, "configurations": configurations, "round_trips": trips,
        "worst_auc_diff": min(r["auc_diff"] for r in configurations),
        "interop_ok": check["export_max_abs_diff_prob"] <= 1e-9 and check["export_max_abs_diff_raw"] <= 1e-9
        and trips["export_pandas_max_abs_diff_raw"] <= 1e-9 and trips["import_pandas_max_abs_diff_prob"] <= 1e-9,
    }))


if __name__ == "__main__":
    main()
