"""Reads the random forest of an IoTShield model file (.iotm) and rebuilds it as a
scikit-learn RandomForestClassifier, so that scikit-learn can score *our* trees: the batch
scoring benchmark then compares both tools on literally the same forest.

An independent reader of the layout described in Sources/IoTModels/ModelFile/ModelFile.swift
("IOTM", u32 version, u64 + JSON header, u64 + classifier state, u64 checksum, "IOTMEND1"),
RandomForestClassifier+Coding.swift (options, importances, then the forest) and
FlatForest+Coding.swift (counts, link, node arrays feature/threshold/left/right, roots, tree
classes, leaf values, base scores; every array is a u64 count then little-endian elements).
The checksum is not verified here (the Swift reader does that); sizes and the end marker are.

Our node sends a row left when value[feature] <= threshold (a float32); scikit-learn's does
the same with the threshold as a float64, which holds every float32 exactly, so each row takes
the same path in both. Our leaves are separate references (child < 0, offset ~child into the
leaf values); scikit-learn's are nodes of their own, and its builder numbers a tree's nodes
in depth-first preorder, which is kept here so that scikit-learn walks the memory layout it
was made for (in our node order it scored 1.5x slower).
"""

from __future__ import annotations

import json
import struct
from pathlib import Path

import numpy as np

MAGIC = b"IOTM"
END = b"IOTMEND1"


class _Reader:
    def __init__(self, data: memoryview):
        self.data, self.at = data, 0

    def take(self, n: int) -> memoryview:
        if self.at + n > len(self.data):
            raise ValueError(f"truncated model state at byte {self.at} (wanted {n} more)")
        out = self.data[self.at:self.at + n]
        self.at += n
        return out

    def scalar(self, fmt: str):
        size = struct.calcsize(fmt)
        return struct.unpack("<" + fmt, self.take(size))[0]

    def array(self, dtype: str) -> np.ndarray:
        count = self.scalar("Q")
        dt = np.dtype(dtype)
        return np.frombuffer(self.take(count * dt.itemsize), dtype=dt)


def read_forest(path: str | Path) -> dict:
    """The header (JSON) and the forest arrays of a random-forest .iotm file."""
    data = memoryview(Path(path).read_bytes())
    if bytes(data[:4]) != MAGIC or bytes(data[-8:]) != END:
        raise ValueError(f"{path}: not a complete .iotm file")
    r = _Reader(data)
    r.take(8)
    header = json.loads(bytes(r.take(r.scalar("Q"))))
    if header.get("kind") != "rf":
        raise ValueError(f"{path}: model kind {header.get('kind')!r}, expected 'rf'")
    state = _Reader(r.take(r.scalar("Q")))
    if state.scalar("I") != 1:
        raise ValueError(f"{path}: random forest format is not 1")
    # options: trees u32, criterion u8, bootstrap u8, maxFeatures u8 + f64, maxDepth i64,
    # minSamplesLeaf u32, minSamplesSplit u32, classWeight u8, seed u64, maxBins u32, binSampleRows u64
    state.take(4 + 1 + 1 + 1 + 8 + 8 + 4 + 4 + 1 + 8 + 4 + 8)
    state.array("<f4")  # importances
    forest = {"class_count": state.scalar("I"), "feature_count": state.scalar("I"),
              "link": state.scalar("B")}
    for name, dtype in (("feature", "<i4"), ("threshold", "<f4"), ("left", "<i4"), ("right", "<i4"),
                        ("roots", "<i4"), ("tree_classes", "<i4"), ("leaf_values", "<f4"),
                        ("base_scores", "<f4")):
        forest[name] = state.array(dtype)
    if forest["link"] != 0 or (forest["tree_classes"] != -1).any():
        raise ValueError(f"{path}: not a random forest (link {forest['link']})")
    return {"header": header, "forest": forest}


def _tree_arrays(forest: dict, tree: int):
    """One tree in scikit-learn's form (a leaf is a node of its own, nodes in depth-first
    preorder): children, features, thresholds (float64), per-node class values and the
    depth. Vectorised with NumPy: our trees' internal nodes are contiguous, each after its
    parent, the root first."""
    feature, threshold = forest["feature"], forest["threshold"]
    left, right, leaves = forest["left"], forest["right"], forest["leaf_values"]
    roots, k = forest["roots"], forest["class_count"]
    root = int(roots[tree])
    if root < 0:  # a tree that is one leaf
        offset = ~root
        return (np.array([-1]), np.array([-1]), np.array([-2]), np.array([-2.0]),
                leaves[offset:offset + k].astype(np.float64).reshape(1, k), 0)
    # The tree's nodes end where the next tree that is not a single leaf starts.
    hi = next((int(r) for r in roots[tree + 1:] if r >= 0), len(feature))
    lo = root
    n = hi - lo
    children = np.stack([left[lo:hi], right[lo:hi]], axis=1).ravel().astype(np.int64)
    if ((children >= 0) & ((children < lo) | (children >= hi))).any():
        raise ValueError(f"tree {tree}: nodes are not contiguous")
    is_leaf = children < 0
    renumbered = np.where(is_leaf, n + np.cumsum(is_leaf) - 1, children - lo)
    leaf_offsets = ~children[is_leaf]
    count = n + len(leaf_offsets)
    lefts = np.full(count, -1, dtype=np.intp)
    rights = np.full(count, -1, dtype=np.intp)
    lefts[:n], rights[:n] = renumbered[0::2], renumbered[1::2]
    feats = np.full(count, -2, dtype=np.intp)
    feats[:n] = feature[lo:hi]
    thresholds = np.full(count, -2.0)
    thresholds[:n] = threshold[lo:hi]
    values = np.zeros((count, k))
    values[n:] = leaves[leaf_offsets[:, None] + np.arange(k)]
    # Depth-first preorder, the order scikit-learn's own builder writes (a left subtree is
    # contiguous after its parent): levels top-down, subtree sizes bottom-up, positions.
    levels, frontier = [], np.array([0])
    while frontier.size:
        levels.append(frontier)
        inner = frontier[frontier < n]
        frontier = np.concatenate([lefts[inner], rights[inner]])
    size = np.ones(count, dtype=np.intp)
    for level in reversed(levels):
        inner = level[level < n]
        size[inner] = 1 + size[lefts[inner]] + size[rights[inner]]
    position = np.zeros(count, dtype=np.intp)
    for level in levels:
        inner = level[level < n]
        position[lefts[inner]] = position[inner] + 1
        position[rights[inner]] = position[inner] + 1 + size[lefts[inner]]
    order = np.empty(count, dtype=np.intp)
    order[position] = np.arange(count)
    internal = order < n
    lefts = np.where(internal, position[np.maximum(lefts[order], 0)], -1)
    rights = np.where(internal, position[np.maximum(rights[order], 0)], -1)
    return lefts, rights, feats[order], thresholds[order], values[order], len(levels) - 1


def to_sklearn(model: dict, n_features: int):
    """A fitted-looking RandomForestClassifier whose trees are the model's trees (classes
    0..k-1, in the model's class order). scikit-learn's predict_proba averages each tree's
    normalised leaf vector, as ours does (our leaves are already divided by the tree count;
    scaling does not change the normalised vector)."""
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.tree import DecisionTreeClassifier
    from sklearn.tree._tree import NODE_DTYPE, Tree

    forest = model["forest"]
    k = forest["class_count"]
    if forest["feature_count"] != n_features:
        raise ValueError(f"model has {forest['feature_count']} features, the rows {n_features}")
    n_classes = np.array([k], dtype=np.intp)
    estimators = []
    for tree in range(len(forest["roots"])):
        lefts, rights, feats, thresholds, values, depth = _tree_arrays(forest, tree)
        nodes = np.zeros(len(lefts), dtype=NODE_DTYPE)
        nodes["left_child"], nodes["right_child"] = lefts, rights
        nodes["feature"], nodes["threshold"] = feats, thresholds
        nodes["n_node_samples"], nodes["weighted_n_node_samples"] = 1, 1.0
        tree = Tree(n_features, n_classes, 1)
        tree.__setstate__({"max_depth": depth, "node_count": len(lefts), "nodes": nodes,
                           "values": values.reshape(len(lefts), 1, k)})
        estimator = DecisionTreeClassifier()
        estimator.tree_ = tree
        estimator.n_outputs_, estimator.n_classes_ = 1, k
        estimator.classes_ = np.arange(k)
        estimator.n_features_in_, estimator.max_features_ = n_features, n_features
        estimators.append(estimator)
    rf = RandomForestClassifier(n_estimators=len(estimators))
    rf.estimators_ = estimators
    rf.n_outputs_, rf.n_classes_, rf.classes_ = 1, k, np.arange(k)
    rf.n_features_in_ = n_features
    return rf
