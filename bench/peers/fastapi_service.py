"""The usual alternative to `iotshield serve` for the service benchmark: FastAPI + uvicorn +
scikit-learn, scoring a RandomForestClassifier(100) behind `POST /v1/flows`.

  python bench/peers/fastapi_service.py train --iotm M.iotm --data DIR --out PEER.joblib
      Trains StandardScaler + RandomForestClassifier(n_estimators=100) on the same real
      CICIoT2023 rows as `iotshield train --task family` (exact duplicates removed, stratified
      80 % train split, seed 42), on the same features: the columns the .iotm's pipeline keeps,
      `Protocol Type` one-hot encoded with the .iotm's categories. The bench trains ours with
      `--balance none`, so both forests are fitted on the same real training rows.

  PEER_MODEL=PEER.joblib uvicorn fastapi_service:app --app-dir bench/peers --workers 2
      Serves POST /v1/flows: body `application/json` (one record, an array, or
      {"records": [...]}) or `text/csv` (header + rows), features by v2 column name; answers
      {"records", "attacks", "predictions": [{"record", "family", "probability", "is_attack"}]}
      after predict_proba. GET /healthz answers once the model is loaded.
"""

import argparse
import csv
import io
import json
import os
import struct
from pathlib import Path

import numpy as np


# ---------------------------------------------------------------------------------------------
# features: the .iotm pipeline's kept columns, with Protocol Type one-hot encoded


def iotm_header(path: Path) -> dict:
    """The JSON header of a .iotm file: magic 'IOTM', u32 version, u64 header length, JSON."""
    with open(path, "rb") as f:
        magic, _version, length = struct.unpack("<4sIQ", f.read(16))
        if magic != b"IOTM":
            raise ValueError(f"{path}: not a .iotm model file")
        return json.loads(f.read(length))


def feature_spec(header: dict) -> dict:
    """Raw v2 columns to read, and how to expand them to the model's output columns."""
    steps = {s["kind"]: s["state"] for s in header["pipeline"]["steps"]}
    onehot = {e["column"]: e["categories"] for e in steps.get("oneHotEncoder", {}).get("encodings", [])}
    raw, expanded = [], []
    for name in header["pipeline"]["outputColumns"]:
        base, _, category = name.partition("=")
        if category:
            if base not in raw:
                raw.append(base)
            expanded.append((raw.index(base), None if category == "other" else float(category)))
        else:
            raw.append(name)
            expanded.append((raw.index(name), "value"))
    return {"raw": raw, "expanded": expanded, "onehot": onehot,
            "scaler": "standardScaler" in steps, "classes": header["classNames"]}


def expand(raw: np.ndarray, spec: dict) -> np.ndarray:
    """Rows of raw columns → the model's feature matrix (one-hot columns as 0/1)."""
    out = np.empty((raw.shape[0], len(spec["expanded"])), dtype=np.float64)
    for j, (source, how) in enumerate(spec["expanded"]):
        column = raw[:, source]
        if how == "value":
            out[:, j] = column
        elif how is None:  # "other": none of the known categories
            known = spec["onehot"][spec["raw"][source]]
            out[:, j] = ~np.isin(np.rint(column), known)
        else:
            out[:, j] = np.rint(column) == how
    return out


# ---------------------------------------------------------------------------------------------
# training


def family(label: str) -> str | None:
    """CICIoT2023 label spellings → the 8 families (as IoTData's LabelTaxonomy)."""
    key = "".join(c for c in label.lower() if c not in "-_ .")
    for prefix, name in (("benign", "Benign"), ("ddos", "DDoS"), ("dos", "DoS"), ("mirai", "Mirai"),
                         ("recon", "Recon"), ("vulnerabilityscan", "Recon"), ("dnsspoofing", "Spoofing"),
                         ("mitmarpspoofing", "Spoofing"), ("spoofing", "Spoofing"),
                         ("dictionarybruteforce", "BruteForce"), ("bruteforce", "BruteForce")):
        if key.startswith(prefix):
            return name
    if key in ("malware", "uploading", "web", "webattack", "browserhijacking", "backdoormalware", "xss",
               "uploadingattack", "sqlinjection", "commandinjection"):
        return "Web"
    return None


def read_rows(paths: list[Path], columns: list[str]) -> tuple[np.ndarray, list[str]]:
    seen, x, y = set(), [], []
    for path in paths:
        with open(path, newline="") as f:
            reader = csv.reader(f)
            header = next(reader)
            index = [header.index(c) for c in columns]
            label_at = header.index("label_multiclass") if "label_multiclass" in header else header.index("Label")
            for row in reader:
                fam = family(row[label_at])
                key = (tuple(row[:label_at]), fam)  # exact duplicates (features + family) removed
                if fam is None or key in seen:
                    continue
                seen.add(key)
                x.append([float(row[i]) for i in index])
                y.append(fam)
    return np.asarray(x, dtype=np.float64), y


def train(iotm: Path, data: Path, out: Path) -> dict:
    import joblib
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.model_selection import train_test_split
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    spec = feature_spec(iotm_header(iotm))
    raw, labels = read_rows(sorted(Path(data).glob("*.csv")), spec["raw"])
    x_train, x_test, y_train, y_test = train_test_split(
        expand(raw, spec), labels, test_size=0.2, stratify=labels, random_state=42)
    steps = [StandardScaler()] if spec["scaler"] else []
    model = make_pipeline(*steps, RandomForestClassifier(n_estimators=100, random_state=42, n_jobs=1))
    model.fit(x_train, y_train)
    accuracy = float(model.score(x_test, y_test))
    joblib.dump({"model": model, "spec": spec}, out)
    return {"train_rows": len(y_train), "test_rows": len(y_test), "accuracy": accuracy}


# ---------------------------------------------------------------------------------------------
# the service


def make_app():
    import joblib
    from fastapi import FastAPI, HTTPException, Request
    from fastapi.responses import JSONResponse

    bundle = joblib.load(os.environ["PEER_MODEL"])
    model, spec = bundle["model"], bundle["spec"]
    classes = [str(c) for c in model.classes_]
    columns = spec["raw"]
    app = FastAPI()

    def matrix_from_json(body: bytes) -> np.ndarray:
        data = json.loads(body)
        if isinstance(data, dict):
            data = data.get("records", [data])
        try:
            return np.array([[float(r[c]) for c in columns] for r in data], dtype=np.float64)
        except (KeyError, TypeError, ValueError) as e:
            raise HTTPException(400, f"bad record: {e}") from e

    def matrix_from_csv(body: bytes) -> np.ndarray:
        reader = csv.reader(io.StringIO(body.decode()))
        header = [h.strip() for h in next(reader)]
        try:
            index = [header.index(c) for c in columns]
            return np.array([[float(row[i]) for i in index] for row in reader if row], dtype=np.float64)
        except (IndexError, ValueError) as e:
            raise HTTPException(400, f"bad CSV: {e}") from e

    @app.get("/healthz")
    def healthz():
        return {"status": "ok"}

    @app.post("/v1/flows")
    async def flows(request: Request):
        body = await request.body()
        media = request.headers.get("content-type", "").split(";")[0].strip()
        if media == "application/json":
            raw = matrix_from_json(body)
        elif media == "text/csv":
            raw = matrix_from_csv(body)
        else:
            raise HTTPException(415, "application/json or text/csv")
        if raw.size == 0:
            raise HTTPException(400, "no records")
        probabilities = model.predict_proba(expand(raw, spec))
        best = probabilities.argmax(axis=1)
        predictions = [{"record": i, "family": classes[b], "probability": float(probabilities[i, b]),
                        "is_attack": classes[b] != "Benign"} for i, b in enumerate(best)]
        return JSONResponse({"records": len(predictions),
                             "attacks": sum(p["is_attack"] for p in predictions),
                             "predictions": predictions})

    return app


if os.environ.get("PEER_MODEL"):
    app = make_app()


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description="train the FastAPI peer's model")
    ap.add_argument("command", choices=["train"])
    ap.add_argument("--iotm", type=Path, required=True)
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    print(json.dumps(train(args.iotm, args.data, args.out)))
