#ifndef IOTSHIELD_TREE_WALK_H
#define IOTSHIELD_TREE_WALK_H

#include <stdint.h>

/// One internal node of a compact tree (the layout of Swift's `CompactForest.Node`, 8 bytes):
/// rows whose code for `feature` is <= `bin` go left, the others to `right`. Leaves are not
/// nodes: a child is a *position*, an internal node's index (>= 0) or a leaf (< 0, see
/// `iot_leaf_code`). The left child is the next node (index + 1) when `left` is 0, else the
/// leaf at position `left`; `right` is the right child's position.
typedef struct {
    int32_t right;
    uint8_t feature;
    uint8_t bin;
    int16_t left;
} iot_tree_node;

/// Positions from this one up are no mixed leaves: a mixed leaf numbered m is at
/// `INT32_MIN | m` (below this), a pure leaf at `~(class << 8 | value index)` (from -2^24 to
/// -1), an internal node at its index (>= 0).
#define IOT_MIXED_LEAF_LIMIT (-(1L << 30))

/// The leaf code `iot_tree_walk` writes for the leaf at `position` (< 0): the position itself
/// for a pure leaf (negative), the leaf's number (>= 0) for a mixed one.
static inline int32_t iot_leaf_code(long position) {
    return position < IOT_MIXED_LEAF_LIMIT ? (int32_t)(position & 0x7FFFFFFF) : (int32_t)position;
}

/// Walks `count` binned rows to their leaves, several walks in flight at a time (8 when the
/// walks are many rows through one tree, 24 when they are one row through many trees, whose
/// walks wait on memory rather than on instructions): walk i starts at position
/// `starts[i × start_stride]`, reads its codes from `codes + i × code_stride`, and ends on
/// the first leaf it reaches, whose leaf code (`iot_leaf_code`) goes to `leaves[i]`: negative
/// for a pure leaf, so scoring adds its value without any table, the leaf's number otherwise.
/// A walk never loads a leaf: it ends as soon as its position is one. A walker whose walk ends
/// starts the next one, so no step is spent waiting for the deepest in flight (fully grown
/// trees are often twice as deep as their typical leaf). One row through many trees:
/// `start_stride` 1 over the roots, `code_stride` 0; many rows through one tree:
/// `start_stride` 0, `code_stride` the row's.
///
/// Why C: which way a row goes is a coin toss for the CPU's branch predictor, and the Swift
/// compiler turns the choice into a branch (it sinks the load of `right` into it); here
/// `__builtin_unpredictable` keeps it a conditional move, so the walkers' loads overlap instead
/// of waiting on a misprediction every other step. O(total steps); no allocation; thread-safe;
/// every position reached must be a leaf or inside `nodes`, and every walk must end (the
/// caller's invariants: children come after their parent, as `CompactForest` lays them out).
void iot_tree_walk(const iot_tree_node *nodes, long count, const int32_t *starts, long start_stride,
                   const uint8_t *codes, long code_stride, int32_t *leaves);

/// Three levels of a tree in one 64-byte block, for stepping a row down a tree's top levels
/// three at a time: positions 0–6 in heap order (position p's children are 2p + 1 and
/// 2p + 2) compare `code[feature[p]] > bin[p]` (right when true, as `iot_tree_node` does; a
/// leaf above the block's bottom compares the always-255 slot with 255, so it goes left, and
/// both its sides lead to it); the 8 positions below them are exits: `exit[p - 7]` is the next
/// block's index plus `IOT_TOP_BLOCK` when at least that, else the position where the walk goes
/// on (`iot_tree_walk`).
typedef struct {
    uint8_t feature[8];
    uint8_t bin[8];
    int32_t exit[8];
    uint8_t unused[16];
} iot_top_block;

/// Exits and tops from this value up name a top block (`value - IOT_TOP_BLOCK`); below it,
/// a position (internal nodes number fewer).
enum { IOT_TOP_BLOCK = 1 << 30 };

/// Whether `iot_top_starts` steps a block in one byte permute and one compare on this CPU
/// (AVX-512 VBMI, BW, VL) for rows of `code_stride` bytes (at most 64: the permute reads 64);
/// otherwise it steps positions one at a time, slower than walking nodes, so callers skip it.
int iot_top_levels_available(long code_stride);

/// The position each of `count` binned rows (row i at `codes + i × code_stride`, every row
/// readable for 64 bytes: pad the buffer) reaches below a tree's top blocks, from `top` (a
/// block as the exits name one, or else every row's start), into `starts[i]`: the starts
/// `iot_tree_walk` takes with `start_stride` 1. The walk then goes on from there and reaches
/// the same leaf as from the root. O(count × blocks per path); no allocation; thread-safe.
void iot_top_starts(const iot_top_block *blocks, int32_t top, long count, const uint8_t *codes, long code_stride, int32_t *starts);

/// `iot_top_starts` one position at a time (what it does without AVX-512 VBMI): the same
/// starts. Rows need no padding. O(count × blocks per path × 3).
void iot_top_starts_portable(const iot_top_block *blocks, int32_t top, long count, const uint8_t *codes, long code_stride,
                             int32_t *starts);

/// Bins `count` rows of `features` floats (row i at `values + i × features`) to one byte per
/// feature at `codes + i × code_stride`, plus 255 in slot `features` (the slot relays read):
/// feature f's code is the number of its cuts below the value, 255 for NaN. Its cuts are at
/// `cuts + f × cut_stride`, ascending, padded with +infinity to at least 2^`steps[f]` entries
/// (to all `cut_stride` entries when `cut_stride` is 256), and number at most 2^`steps[f]`
/// (at most 255). With AVX-512, `cut_stride` 256 and at least 8 rows, each value takes two
/// 16-wide compares (against every 16th cut, then against the 16 cuts of its block);
/// otherwise `iot_bin_rows_portable`. Both give the same codes. O(count × features × 9) at
/// most. Why C: Swift has no per-function AVX-512, and it turns the scalar search's selects
/// into branches, which mispredict about every other compare.
void iot_bin_rows(const float *values, long count, long features, const float *cuts, long cut_stride,
                  const uint8_t *steps, uint8_t *codes, long code_stride);

/// `iot_bin_rows` without vector instructions: a branch-free binary search of `steps[f]` + 1
/// compares per feature. O(count × Σ steps).
void iot_bin_rows_portable(const float *values, long count, long features, const float *cuts, long cut_stride,
                           const uint8_t *steps, uint8_t *codes, long code_stride);

/// Orders `count` binned rows (row i at `codes + i × code_stride`) so that rows alike on the
/// `key_count` (at most 8) features `key_features` sit next to each other, and copies them in
/// that order to `sorted` (same stride): `order[j]` is the row now at position j. The key
/// interleaves the features' code bits, high bits first (a Z-order curve over those
/// features); rows with equal keys keep their order (stable LSD radix sort, one pass per key
/// byte). Walking rows in this order, neighbouring walks share most of their paths, so a
/// deep node one walk loads is still in L1 for the next. `keys` (count) and `scratch`
/// (count) are workspace, dead before `sorted` is written: they may lie inside `sorted`'s
/// memory (not `codes`' or `order`'s). O(count × (key_count + code_stride)); no allocation;
/// thread-safe.
void iot_order_rows(const uint8_t *codes, long count, long code_stride, const uint8_t *key_features, int key_count,
                    uint64_t *keys, uint32_t *scratch, uint32_t *order, uint8_t *sorted);

/// Adds `trees` consecutive trees' leaves to `count` rows of scores (`class_count` per row at
/// `out`), row by row and, within a row, tree by tree: tree t's leaf codes (as `iot_tree_walk`
/// writes them) at `leaf_codes + t × tree_stride`. A pure leaf adds its one value
/// `pure_values[p & 0xFF]` to class `p >> 8` (p = ~code); any other leaf its values from
/// `leaves + offsets[code]`: all `class_count` when `tree_classes[t]` < 0 (a vector leaf), else
/// its one value to class `tree_classes[t]`. The same float additions, in the same order, as
/// adding tree after tree; one pass over the scores for all `trees`. Mixed leaves' offsets and
/// values are prefetched some rows ahead. With 8 classes and AVX2, a row's scores stay in
/// one register across its trees (the same additions per score, lane by lane).
/// O(count × trees × class_count); no allocation; thread-safe for disjoint `out`. Why C:
/// Swift has no prefetch intrinsic.
void iot_add_leaves(const int32_t *leaf_codes, long count, long trees, long tree_stride, const int32_t *tree_classes,
                    const int32_t *offsets, const float *leaves, const float *pure_values, long class_count, float *out);

/// Asks the CPU to start loading the cache line at `address` (no fault if it is invalid; no
/// effect on results). For the tree learners' scattered row reads, issued some rows ahead.
/// Why C: Swift has no prefetch intrinsic, and a plain load would be dropped or would stall.
static inline void iot_prefetch(const void *address) { __builtin_prefetch(address, 0, 3); }

#endif
