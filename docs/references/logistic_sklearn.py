# Not part of the build or the tests: it printed the reference numbers hard-coded in
# Tests/ModelsTests/LogisticTests.swift (python3 with numpy and scikit-learn in a venv).
# Reference for LogisticTests.matchesScikitLearn: the same closed-form data set, fitted
# by scikit-learn's lbfgs on the same imputed, standardised design.
import math, numpy as np, sklearn
from sklearn.linear_model import LogisticRegression
n = 400
X = np.zeros((n, 3)); y = np.zeros(n)
for i in range(n):
    x0 = math.sin(i * 0.7) * 2 + 1
    x1 = math.exp(math.cos(i * 1.3))
    x2 = float('nan') if i % 7 == 3 else float(i % 5)
    u = (i * 0.6180339887498949) % 1.0
    logit = -1 + 0.8 * x0 - 0.5 * x1 + 0.3 * (0 if math.isnan(x2) else x2)
    X[i] = [x0, x1, x2]; y[i] = 1.0 if u < 1 / (1 + math.exp(-logit)) else 0.0
miss = np.isnan(X[:, 2]).astype(float)
X[np.isnan(X[:, 2]), 2] = np.nanmean(X[:, 2])
D = np.column_stack([X, miss])
Z = (D - D.mean(0)) / D.std(0)
print("sklearn", sklearn.__version__, "positives", int(y.sum()))
for l2 in [1.0, 0.1, 0.0]:
    m = LogisticRegression(C=1/l2 if l2 > 0 else 1.0, penalty='l2' if l2 > 0 else None, solver='lbfgs', tol=1e-14, max_iter=100000)
    m.fit(Z, y)
    b = np.concatenate([m.intercept_, m.coef_[0]])
    A = np.column_stack([np.ones(n), Z]); p = 1/(1+np.exp(-A @ b))
    H = A.T @ (A * (p*(1-p))[:, None]) + l2 * np.diag([0, 1, 1, 1, 1])
    se = np.sqrt(np.diag(np.linalg.inv(H)))
    print("l2", l2, "coef", ", ".join(repr(v) for v in b))
    print("l2", l2, "se  ", ", ".join(repr(v) for v in se))
