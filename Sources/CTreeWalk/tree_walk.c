#include "tree_walk.h"

#include <string.h>

enum { IOT_WALKERS = 8 };

void iot_tree_walk(const iot_tree_node *nodes, long count, const int32_t *starts, long start_stride,
                   const uint8_t *codes, long code_stride, int32_t *leaves) {
    int32_t at[IOT_WALKERS];
    const uint8_t *walker_codes[IOT_WALKERS];
    long walk[IOT_WALKERS];
    long next = 0, active = 0;
    for (int k = 0; k < IOT_WALKERS; k++) {
        if (next < count) {
            at[k] = starts[next * start_stride];
            walker_codes[k] = codes + next * code_stride;
            walk[k] = next++;
            active++;
        } else {
            at[k] = 0;
            walker_codes[k] = codes;
            walk[k] = -1;
        }
    }
    while (active > 0) {
#pragma clang loop unroll(full)
        for (int k = 0; k < IOT_WALKERS; k++) {
            const int32_t here = at[k];
            const iot_tree_node node = nodes[here];
            if (__builtin_expect(node.right == here, 0)) {
                // On its leaf: record it and start the next walk (or idle on the leaf).
                if (walk[k] >= 0) {
                    leaves[walk[k]] = node.pure_class != IOT_MIXED_LEAF ? ~(int32_t)((uint32_t)node.pure_class << 8 | node.bin) : here;
                    if (next < count) {
                        at[k] = starts[next * start_stride];
                        walker_codes[k] = codes + next * code_stride;
                        walk[k] = next++;
                    } else {
                        walk[k] = -1;
                        active--;
                    }
                }
                continue;
            }
            // The right child is a jump (the left one is the next node, usually in the same
            // cache line): start loading it while the comparison waits on the row's code.
            __builtin_prefetch(nodes + node.right, 0, 3);
            const int go_right = walker_codes[k][node.feature] > node.bin;
            at[k] = __builtin_unpredictable(go_right) ? node.right : here + 1;
        }
    }
}

void iot_bin_rows(const float *values, long count, long features, const float *cuts, long cut_stride,
                  const uint8_t *steps, uint8_t *codes, long code_stride) {
    for (long i = 0; i < count; i++) {
        const float *row = values + i * features;
        uint8_t *out = codes + i * code_stride;
        for (long f = 0; f < features; f++) {
            const float value = row[f];
            const float *list = cuts + f * cut_stride;
            long low = 0;
            for (long half = (1L << steps[f]) >> 1; half > 0; half >>= 1) {
                low += __builtin_unpredictable(list[low + half - 1] < value) ? half : 0;
            }
            low += list[low] < value;
            out[f] = value != value ? 255 : (uint8_t)low;
        }
        out[features] = 255;
    }
}

void iot_order_rows(const uint8_t *codes, long count, long code_stride, const uint8_t *key_features, int key_count,
                    uint64_t *keys, uint32_t *scratch, uint32_t *order, uint8_t *sorted) {
    if (key_count > 8) key_count = 8;
    for (long i = 0; i < count; i++) {
        const uint8_t *row = codes + i * code_stride;
        uint64_t key = 0;
        for (int bit = 7; bit >= 0; bit--) {
            for (int k = 0; k < key_count; k++) key = key << 1 | ((row[key_features[k]] >> bit) & 1);
        }
        keys[i] = key;
        order[i] = (uint32_t)i;
    }
    // One counting pass per key byte, least significant first; each pass is stable.
    uint32_t *from = order, *to = scratch;
    for (int pass = 0; pass < key_count; pass++) {
        const int shift = 8 * pass;
        long starts[256] = {0};
        for (long i = 0; i < count; i++) starts[(keys[i] >> shift) & 0xFF]++;
        long sum = 0;
        for (int b = 0; b < 256; b++) { const long n = starts[b]; starts[b] = sum; sum += n; }
        for (long i = 0; i < count; i++) {
            const uint32_t row = from[i];
            to[starts[(keys[row] >> shift) & 0xFF]++] = row;
        }
        uint32_t *swap = from; from = to; to = swap;
    }
    if (from != order) memcpy(order, from, (size_t)count * sizeof *order);
    for (long i = 0; i < count; i++) memcpy(sorted + i * code_stride, codes + (long)order[i] * code_stride, (size_t)code_stride);
}
