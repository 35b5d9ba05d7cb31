"""Reads an IoTShield column store (.iotc) into numpy arrays, for the Python peers.

An independent reader of the format described in Sources/IoTData/Store/StoreFormat.swift:
8-byte header ("IOTC", u32 version), one zstd frame per column per chunk (byte-shuffled:
all first bytes, then all second bytes, ...), a JSON footer, and a 24-byte trailer
(u64 footer length, u64 footer checksum, "IOTCEND1"). Checksums are not verified here (the
Swift reader does that); sizes are.
"""

from __future__ import annotations

import json
import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import zstandard

_DTYPES = {"float32": np.dtype("<f4"), "uint8": np.dtype("u1"), "uint16": np.dtype("<u2")}


@dataclass
class Store:
    footer: dict
    features: np.ndarray  # rows x features, float32, C order
    feature_names: list[str]
    codes: dict[str, np.ndarray]  # label, family, source (and class) per row


def read_footer(path: str | Path) -> dict:
    with open(path, "rb") as f:
        data = f.read()
    return _footer(data, path)


def _footer(data: bytes, path) -> dict:
    if data[:4] != b"IOTC" or data[-8:] != b"IOTCEND1":
        raise ValueError(f"{path}: not a complete IoTShield store")
    length, _checksum = struct.unpack_from("<QQ", data, len(data) - 24)
    start = len(data) - 24 - length
    return json.loads(data[start:len(data) - 24])


def read(path: str | Path) -> Store:
    """Every row of the store; features as one (rows, features) float32 array."""
    data = Path(path).read_bytes()
    footer = _footer(data, path)
    columns = footer["columns"]
    n_features = sum(1 for c in columns if c["type"] == "float32")
    rows = footer["rowCount"]
    features = np.empty((rows, n_features), dtype=np.float32)
    codes = {c["name"]: np.empty(rows, dtype=_DTYPES[c["type"]]) for c in columns[n_features:]}
    dctx = zstandard.ZstdDecompressor()
    first = 0
    for chunk in footer["chunks"]:
        n = chunk["rows"]
        for index, (column, blob) in enumerate(zip(columns, chunk["blobs"])):
            dtype = _DTYPES[column["type"]]
            raw = dctx.decompress(data[blob["offset"]:blob["offset"] + blob["length"]],
                                  max_output_size=n * dtype.itemsize)
            if len(raw) != n * dtype.itemsize:
                raise ValueError(f"{path}: a blob of column {column['name']} has {len(raw)} bytes")
            planes = np.frombuffer(raw, dtype=np.uint8).reshape(dtype.itemsize, n)
            values = np.ascontiguousarray(planes.T).view(dtype).reshape(n)
            if index < n_features:
                features[first:first + n, index] = values
            else:
                codes[column["name"]][first:first + n] = values
        first += n
    return Store(footer=footer, features=features,
                 feature_names=[c["name"] for c in columns[:n_features]], codes=codes)
