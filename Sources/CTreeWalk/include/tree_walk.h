#ifndef IOTSHIELD_TREE_WALK_H
#define IOTSHIELD_TREE_WALK_H

#include <stdint.h>

/// One node of a compact tree (the layout of Swift's `CompactForest.Node`, 8 bytes): rows whose
/// code for `feature` is <= `bin` go to the next node (index + 1), the others to `right`; a leaf
/// has `right` equal to its own index (and reads a code slot that is always 255, bin 0).
typedef struct {
    int32_t right;
    uint8_t feature;
    uint8_t bin;
    uint16_t pure_class;
} iot_tree_node;

/// `pure_class` of every node but a pure leaf.
enum { IOT_MIXED_LEAF = 0xFFFF };

/// Walks `count` binned rows to their leaves, several walks in flight at a time (8 when the
/// walks are many rows through one tree, 24 when they are one row through many trees, whose
/// walks wait on memory rather than on instructions): walk i starts at
/// node `starts[i × start_stride]`, reads its codes from `codes + i × code_stride`, and ends on
/// the first leaf it reaches, whose leaf code goes to `leaves[i]`: `~(pure_class << 8 | bin)`
/// (negative) for a pure leaf, so scoring adds its value without reading the node again, and
/// the leaf's node index otherwise. A walker whose walk ends starts the
/// next one, so no step is spent waiting for the deepest in flight (fully grown trees are often
/// twice as deep as their typical leaf). One row through many trees: `start_stride` 1 over the
/// roots, `code_stride` 0; many rows through one tree: `start_stride` 0, `code_stride` the row's.
///
/// Why C: which way a row goes is a coin toss for the CPU's branch predictor, and the Swift
/// compiler turns the choice into a branch (it sinks the load of `right` into it); here
/// `__builtin_unpredictable` keeps it a conditional move, so the walkers' loads overlap instead
/// of waiting on a misprediction every other step. O(total steps); no allocation; thread-safe;
/// every node reached must be inside `nodes` and every walk must end on a leaf (the caller's
/// invariants: children come after their parent, as `CompactForest` lays them out).
void iot_tree_walk(const iot_tree_node *nodes, long count, const int32_t *starts, long start_stride,
                   const uint8_t *codes, long code_stride, int32_t *leaves);

/// Bins `count` rows of `features` floats (row i at `values + i × features`) to one byte per
/// feature at `codes + i × code_stride`, plus 255 in slot `features` (the slot leaves read):
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
/// (count) are workspace. O(count × (key_count + code_stride)); no allocation; thread-safe.
void iot_order_rows(const uint8_t *codes, long count, long code_stride, const uint8_t *key_features, int key_count,
                    uint64_t *keys, uint32_t *scratch, uint32_t *order, uint8_t *sorted);

/// Asks the CPU to start loading the cache line at `address` (no fault if it is invalid; no
/// effect on results). For the tree learners' scattered row reads, issued some rows ahead.
/// Why C: Swift has no prefetch intrinsic, and a plain load would be dropped or would stall.
static inline void iot_prefetch(const void *address) { __builtin_prefetch(address, 0, 3); }

#endif
