#!/usr/bin/env python3
"""Makes Tests/Fixtures/sklearn-metrics/cases.json: predictions and scores from a
scikit-learn model on the real CICIoT2023 samples, with scikit-learn's own metric values.
IoTEval's tests must reproduce every number to 1e-9.

Regenerate (from the repository root):
    python3 -m venv /tmp/evalvenv && /tmp/evalvenv/bin/pip install scikit-learn pandas
    /tmp/evalvenv/bin/python Tests/Fixtures/make_sklearn_metrics_fixture.py
"""
import json
from pathlib import Path

import numpy as np
import pandas as pd
import sklearn
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import (accuracy_score, balanced_accuracy_score, confusion_matrix,
                             precision_recall_fscore_support, roc_auc_score)
from sklearn.model_selection import train_test_split

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data" / "ciciot2023"
OUT = ROOT / "Tests" / "Fixtures" / "sklearn-metrics" / "cases.json"


def case(name, classes, y_true, y_pred, y_score):
    k = len(classes)
    labels = list(range(k))
    p, r, f, s = precision_recall_fscore_support(y_true, y_pred, labels=labels, zero_division=0)
    averages = {}
    for avg in ("macro", "weighted"):
        ap, ar, af, _ = precision_recall_fscore_support(y_true, y_pred, average=avg, zero_division=0)
        averages[avg] = (ap, ar, af)
    present = sorted(set(y_true))
    auc = [None] * k
    for c in present:
        if len(set(y_true)) > 1:
            auc[c] = roc_auc_score((np.asarray(y_true) == c).astype(int), np.asarray(y_score)[:, c])
    defined = [a for a in auc if a is not None]
    expected = {
        "accuracy": accuracy_score(y_true, y_pred),
        "balanced_accuracy": balanced_accuracy_score(y_true, y_pred),
        "precision": p.tolist(), "recall": r.tolist(), "f1": f.tolist(), "support": s.tolist(),
        "macro_precision": averages["macro"][0], "macro_recall": averages["macro"][1], "macro_f1": averages["macro"][2],
        "weighted_precision": averages["weighted"][0], "weighted_recall": averages["weighted"][1],
        "weighted_f1": averages["weighted"][2],
        "auc": auc, "auc_macro": float(np.mean(defined)) if defined else None,
        "confusion": confusion_matrix(y_true, y_pred, labels=labels).tolist(),
    }
    if len(present) == k and k > 2 and np.allclose(np.asarray(y_score).sum(axis=1), 1, atol=1e-5):
        expected["auc_macro_ovr"] = roc_auc_score(y_true, y_score, multi_class="ovr", average="macro", labels=labels)
    if k == 2:
        expected["auc_binary"] = roc_auc_score(y_true, np.asarray(y_score)[:, 1])
    return {"name": name, "classes": classes, "y_true": [int(v) for v in y_true], "y_pred": [int(v) for v in y_pred],
            "y_score": np.asarray(y_score, dtype=np.float32).astype(float).ravel().tolist(), "expected": expected}


def model_case(name, frame, label_column, classes=None, round_scores=None, seed=0):
    frame = frame.drop_duplicates()
    y_names = frame[label_column].astype(str)
    classes = classes or sorted(y_names.unique())
    index = {c: i for i, c in enumerate(classes)}
    y = y_names.map(index).to_numpy()
    x = frame.drop(columns=[c for c in frame.columns if c.lower().startswith("label")]).to_numpy(dtype=np.float32)
    x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.25, random_state=seed, stratify=y)
    model = RandomForestClassifier(n_estimators=15, max_depth=6, random_state=seed).fit(x_train, y_train)
    proba = np.zeros((len(x_test), len(classes)), dtype=np.float32)
    proba[:, model.classes_] = model.predict_proba(x_test).astype(np.float32)
    if round_scores is not None:
        proba = np.round(proba, round_scores).astype(np.float32)
    y_pred = proba.argmax(axis=1)
    return case(name, classes, y_test, y_pred, proba)


def main():
    enas = pd.read_csv(DATA / "cic-v2-enasnayel-sample.csv")
    robo = pd.read_csv(DATA / "cic-v2-robotumbel-sample.csv")
    cases = [
        model_case("family-labels (enasnayel, RF)", enas.drop(columns=["label_binary"]), "label_multiclass"),
        model_case("fine labels (robotumbel, RF)", robo, "Label"),
        model_case("fine labels, scores rounded to 0.1: many ties", robo, "Label", round_scores=1, seed=1),
    ]
    binary = enas.drop(columns=["label_multiclass"])
    cases.append(model_case("binary (enasnayel, RF)", binary, "label_binary", classes=["0", "1"]))
    # Two classes never in the truth (one of them predicted): averages over present labels.
    rng = np.random.default_rng(5)
    y_true = rng.integers(0, 4, 300)
    y_pred = np.where(rng.random(300) < 0.7, y_true, rng.integers(0, 6, 300))
    score = rng.random((300, 6)).astype(np.float32)
    score /= score.sum(axis=1, keepdims=True)
    cases.append(case("absent classes (synthetic indices)", ["a", "b", "c", "d", "e", "f"], y_true, y_pred, score))
    OUT.write_text(json.dumps({"sklearn": sklearn.__version__, "cases": cases}))
    print(f"wrote {OUT} ({len(cases)} cases)")


if __name__ == "__main__":
    main()
