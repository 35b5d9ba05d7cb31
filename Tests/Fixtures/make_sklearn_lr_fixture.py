"""Makes Tests/Fixtures/sklearn-lr/robotumbel-family-lbfgs.json, the reference that
IoTModelsLinearTests compares IoTShield's L-BFGS logistic regression against.

What it does (mirrored exactly by the Swift test):
  1. Reads data/ciciot2023/cic-v2-robotumbel-sample.csv, parses the 39 features as float32
     (as IoTShield's reader does) and drops exact duplicate rows (same float32 features and
     label), keeping the first, in file order. The brief asked for the first 2,000
     deduplicated rows; this file has only 1,474, so all of them are used.
  2. Maps each label to its CICIoT2023 family index (Benign 0, DDoS 1, DoS 2, Mirai 3,
     Recon 4, Spoofing 5, Web 6, BruteForce 7).
  3. Holds out 200 rows: numpy.random.RandomState(2023).permutation(n)[:200], sorted;
     the other rows are the training set.
  4. Min-max scales with sklearn's MinMaxScaler fitted on the training rows (a constant
     column gets scale 1; held-out values are not clipped).
  5. Fits LogisticRegression(C=1.0, solver="lbfgs", max_iter=10000, tol=1e-10)
     (multinomial softmax for > 2 classes; objective 0.5·||W||² + C·Σ CE_i, intercepts
     unpenalised) and writes predict_proba of the 200 held-out rows.

Run (from the repository root):
  python3 -m venv /tmp/linvenv && /tmp/linvenv/bin/pip install -q scikit-learn pandas
  /tmp/linvenv/bin/python Tests/Fixtures/make_sklearn_lr_fixture.py
"""
import json
import os

import numpy as np
import pandas as pd
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import MinMaxScaler

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SOURCE = "data/ciciot2023/cic-v2-robotumbel-sample.csv"
OUT = os.path.join(ROOT, "Tests/Fixtures/sklearn-lr/robotumbel-family-lbfgs.json")
FAMILIES = ["Benign", "DDoS", "DoS", "Mirai", "Recon", "Spoofing", "Web", "BruteForce"]
SPECIAL = {"Benign_Final": "Benign", "MITM-ArpSpoofing": "Spoofing", "DNS_Spoofing": "Spoofing",
           "VulnerabilityScan": "Recon"}


def family(label):
    name = SPECIAL.get(label, label.split("-")[0])
    return FAMILIES.index(name)


def main():
    frame = pd.read_csv(os.path.join(ROOT, SOURCE))
    features = frame.columns[:39]
    values = frame[features].to_numpy(dtype=np.float64).astype(np.float32)
    keyed = pd.DataFrame(values).assign(label=frame["Label"].to_numpy())
    keep = ~keyed.duplicated(keep="first").to_numpy()
    x = values[keep][:2000].astype(np.float64)
    y = np.array([family(label) for label in frame["Label"].to_numpy()[keep][:2000]])
    n = len(y)
    test = np.sort(np.random.RandomState(2023).permutation(n)[:200])
    train = np.setdiff1d(np.arange(n), test)

    scaler = MinMaxScaler().fit(x[train])
    x_train, x_test = scaler.transform(x[train]), scaler.transform(x[test])
    model = LogisticRegression(C=1.0, solver="lbfgs", max_iter=10000, tol=1e-10).fit(x_train, y[train])
    probabilities = model.predict_proba(x_test)

    fixture = {
        "generator": "Tests/Fixtures/make_sklearn_lr_fixture.py",
        "sklearn_version": sklearn.__version__,
        "source": SOURCE,
        "rows": int(n),
        "labels": [int(v) for v in y],
        "test_indices": [int(v) for v in test],
        "classes": [int(v) for v in model.classes_],
        "feature_min": [float(v) for v in scaler.data_min_],
        "feature_max": [float(v) for v in scaler.data_max_],
        "C": 1.0,
        "n_iter": int(model.n_iter_[0]),
        "probabilities": [[round(float(p), 9) for p in row] for row in probabilities],
    }
    with open(OUT, "w") as handle:
        json.dump(fixture, handle, separators=(",", ":"))
        handle.write("\n")
    print(f"{OUT}: {n} rows, {len(train)} train, {len(test)} held out, classes {list(model.classes_)}, n_iter {model.n_iter_[0]}")


if __name__ == "__main__":
    main()
