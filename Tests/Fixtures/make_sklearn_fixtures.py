#!/usr/bin/env python3
"""Reference fixtures for the IoTPrep tests, computed with scikit-learn and pandas.

How to regenerate (from the repository root; needs Python 3.10+ and network for pip):

    python3 -m venv /tmp/skvenv
    /tmp/skvenv/bin/pip install -q scikit-learn pandas
    /tmp/skvenv/bin/python Tests/Fixtures/make_sklearn_fixtures.py

It writes, into Tests/Fixtures/sklearn/ (commit the results):

- scalers.json — the first 500 data rows of data/ciciot2023/cic-v2-robotumbel-sample.csv
  (39 v2 features, every column including IAT); MinMaxScaler() and StandardScaler() are
  fitted on rows 0-399 and transform rows 400-499. Holds the inputs, the fitted
  parameters (data_min_, data_max_, scale_, min_ / mean_, var_, scale_) and the expected
  outputs, every number at full float64 precision.
- correlation.json — the columns the usual pandas recipe drops at |r| > 0.9:
      corr = X.corr(); upper = corr.where(np.triu(np.ones(corr.shape), k=1).astype(bool))
      drop = [c for c in upper.columns if any(upper[c].abs() > 0.9)]
  on both shared samples (enasnayel first, then robotumbel), deduplicated the way
  IoTData's Dataset.load(csv:) does it, over the 39 v2 features minus IAT.

Both fixtures mirror what the Swift reader sees: feature values are parsed as float32
(IoTData stores Float) and widened back to float64 before scikit-learn / pandas see them,
so the inputs are bit-identical on both sides. Deduplication keys on the float32 feature
values plus the canonical label (the label spellings of the two files are mapped to the
same taxonomy as IoTData's LabelTaxonomy: Benign/Benign_Final -> BenignTraffic, Malware
-> Backdoor_Malware, Uploading -> Uploading_Attack, BruteForce -> DictionaryBruteForce,
WebAttack and the plain family names stay family-only) and keeps the first occurrence,
as Dataset.load does.

Tool versions used are recorded in each file ("generatedWith").
"""
import json
import os
import sys

import numpy as np
import pandas as pd
import sklearn
from sklearn.preprocessing import MinMaxScaler, StandardScaler

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, "data", "ciciot2023")
OUT = os.path.join(ROOT, "Tests", "Fixtures", "sklearn")

V2_FEATURES = [
    "Header_Length", "Protocol Type", "Time_To_Live", "Rate", "fin_flag_number", "syn_flag_number",
    "rst_flag_number", "psh_flag_number", "ack_flag_number", "ece_flag_number", "cwr_flag_number",
    "ack_count", "syn_count", "fin_count", "rst_count", "HTTP", "HTTPS", "DNS", "Telnet", "SMTP", "SSH", "IRC",
    "TCP", "UDP", "DHCP", "ARP", "ICMP", "IGMP", "IPv", "LLC", "Tot sum", "Min", "Max", "AVG", "Std",
    "Tot size", "IAT", "Number", "Variance",
]

# Family-only and alternative spellings in the two files -> canonical label (or "family:X").
CANONICAL = {
    "Benign": "BenignTraffic", "Benign_Final": "BenignTraffic", "BENIGN": "BenignTraffic",
    "Malware": "Backdoor_Malware", "Uploading": "Uploading_Attack", "BruteForce": "DictionaryBruteForce",
    "WebAttack": "family:Web", "Web": "family:Web", "DDoS": "family:DDoS", "DoS": "family:DoS",
    "Mirai": "family:Mirai", "Recon": "family:Recon", "Spoofing": "family:Spoofing",
}


def generated_with():
    return {"python": sys.version.split()[0], "numpy": np.__version__, "pandas": pd.__version__,
            "scikit-learn": sklearn.__version__}


def as_float32(frame):
    """Feature values exactly as IoTData holds them: float32, widened back to float64."""
    return frame[V2_FEATURES].astype(np.float32).astype(np.float64)


def label_column(frame):
    for name in ("label_multiclass", "Label", "label"):
        if name in frame.columns:
            return name
    raise SystemExit("no label column")


def scalers():
    path = os.path.join(DATA, "cic-v2-robotumbel-sample.csv")
    rows = as_float32(pd.read_csv(path, nrows=500)).to_numpy()
    assert rows.shape == (500, 39)
    train, test = rows[:400], rows[400:]
    minmax = MinMaxScaler().fit(train)
    standard = StandardScaler().fit(train)
    fixture = {
        "generatedWith": generated_with(),
        "source": "data/ciciot2023/cic-v2-robotumbel-sample.csv, data rows 0-499 (fit 0-399, transform 400-499)",
        "columns": V2_FEATURES,
        "trainRows": train.tolist(),
        "testRows": test.tolist(),
        "minMax": {
            "dataMin": minmax.data_min_.tolist(), "dataMax": minmax.data_max_.tolist(),
            "scale": minmax.scale_.tolist(), "min": minmax.min_.tolist(),
            "transformed": minmax.transform(test).tolist(),
        },
        "standard": {
            "mean": standard.mean_.tolist(), "var": standard.var_.tolist(), "scale": standard.scale_.tolist(),
            "transformed": standard.transform(test).tolist(),
        },
    }
    with open(os.path.join(OUT, "scalers.json"), "w") as f:
        json.dump(fixture, f, indent=1)
        f.write("\n")


def correlation(threshold=0.9):
    frames = []
    for name in ("cic-v2-enasnayel-sample.csv", "cic-v2-robotumbel-sample.csv"):
        raw = pd.read_csv(os.path.join(DATA, name))
        features = as_float32(raw)
        features["__label"] = raw[label_column(raw)].map(lambda s: CANONICAL.get(s, s))
        frames.append(features)
    rows_in = sum(len(f) for f in frames)
    data = pd.concat(frames, ignore_index=True)
    # -0.0 == 0.0 for drop_duplicates as for IoTData's RowHash.
    data[V2_FEATURES] = data[V2_FEATURES] + 0.0
    data = data.drop_duplicates(keep="first")
    columns = [c for c in V2_FEATURES if c != "IAT"]
    corr = data[columns].corr()
    upper = corr.where(np.triu(np.ones(corr.shape), k=1).astype(bool))
    dropped = [c for c in upper.columns if any(upper[c].abs() > threshold)]
    # The closest |r| to the threshold, so a reader can see the decision is not on a knife edge.
    values = upper.abs().to_numpy()
    finite = values[np.isfinite(values)]
    margin = float(np.min(np.abs(finite - threshold)))
    pairs = []
    for j, c in enumerate(columns):
        for i in range(j):
            r = upper.iloc[i, j]
            if np.isfinite(r) and abs(r) > threshold:
                pairs.append({"kept": columns[i], "dropped": c, "r": float(r)})
    constant = [c for c in columns if data[c].nunique() == 1]
    fixture = {
        "generatedWith": generated_with(),
        "source": "data/ciciot2023/cic-v2-enasnayel-sample.csv + cic-v2-robotumbel-sample.csv, deduplicated",
        "recipe": "upper = corr.where(np.triu(ones, k=1)); drop = [c for c in upper.columns if any(upper[c].abs() > threshold)]",
        "threshold": threshold,
        "rowsIn": rows_in,
        "rowsAfterDedup": int(len(data)),
        "columns": columns,
        "constantColumns": constant,
        "dropped": dropped,
        "pairsAboveThreshold": pairs,
        "smallestDistanceToThreshold": margin,
        "correlation": [[None if not np.isfinite(v) else float(v) for v in row] for row in corr.to_numpy()],
    }
    with open(os.path.join(OUT, "correlation.json"), "w") as f:
        json.dump(fixture, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    scalers()
    correlation()
    print("wrote", os.listdir(OUT))
