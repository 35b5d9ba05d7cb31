#include "tree_walk.h"

#include <string.h>
#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#endif

/// Walks in flight: many rows through one tree (batch scoring) keep 8 — beyond that the
/// per-walker code pointers spill to the stack and the gain is gone; one row through many trees
/// (single-row scoring) shares one code pointer and waits on memory, so more walks overlap
/// more misses: on the 18 M-node forest, 8 → 24 walkers took the walk's p99 from 46–48 to
/// 27–28 µs (harness).
enum { IOT_BATCH_WALKERS = 8, IOT_ROW_WALKERS = 24, IOT_MAX_WALKERS = IOT_ROW_WALKERS };

__attribute__((always_inline))
static inline void walk_with(const int walkers, const iot_tree_node *nodes, long count, const int32_t *starts, long start_stride,
                             const uint8_t *codes, long code_stride, int32_t *leaves) {
    // Node indices as 64-bit: no sign extension on each step's dependent chain (5 % measured).
    long at[IOT_MAX_WALKERS];
    const uint8_t *walker_codes[IOT_MAX_WALKERS];
    long walk[IOT_MAX_WALKERS];
    long next = 0, active = 0;
#pragma clang loop unroll(full)
    for (int k = 0; k < walkers; k++) {
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
        for (int k = 0; k < walkers; k++) {
            const long here = at[k];
            const iot_tree_node node = nodes[here];
            if (__builtin_expect(node.right == here, 0)) {
                // On its leaf: record it and start the next walk (or idle on the leaf).
                if (walk[k] >= 0) {
                    leaves[walk[k]] = node.pure_class != IOT_MIXED_LEAF ? ~(int32_t)((uint32_t)node.pure_class << 8 | node.bin) : (int32_t)here;
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
            at[k] = __builtin_unpredictable(go_right) ? (long)node.right : here + 1;
        }
    }
}

void iot_tree_walk(const iot_tree_node *nodes, long count, const int32_t *starts, long start_stride,
                   const uint8_t *codes, long code_stride, int32_t *leaves) {
    if (code_stride == 0) {
        walk_with(IOT_ROW_WALKERS, nodes, count, starts, start_stride, codes, code_stride, leaves);
    } else {
        walk_with(IOT_BATCH_WALKERS, nodes, count, starts, start_stride, codes, code_stride, leaves);
    }
}

void iot_bin_rows_portable(const float *values, long count, long features, const float *cuts, long cut_stride,
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

#if defined(__x86_64__)
/// What `bin_rows_avx512` uses: AVX-512 F (CPUID leaf 7 EBX bit 16) and POPCNT (leaf 1 ECX
/// bit 23), with the OS saving the vector state (OSXSAVE, XCR0 bits 1–2 and 5–7). Checked once
/// (a race between threads only repeats the same answer).
static int has_avx512f(void) {
    static int known = -1;
    if (known >= 0) return known;
    int ok = 0;
    unsigned eax, ebx, ecx, edx;
    if (__get_cpuid(1, &eax, &ebx, &ecx, &edx) && (ecx & (1u << 27)) && (ecx & (1u << 23))) {
        unsigned lo, hi;
        __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
        if ((lo & 0xE6u) == 0xE6u && __get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) {
            ok = (ebx & (1u << 16)) != 0;
        }
    }
    known = ok;
    return ok;
}

/// A two-level search per value: the value against every 16th cut of its feature (`pivots`,
/// 16 per feature: cuts 15, 31, …, 255) counts the whole blocks of 16 cuts below it, then
/// against the 16 cuts of the next block: the count of cuts below it in two vector compares.
/// Needs every list padded with +infinity to 256 (so pivot 15 is never below a value, and
/// the block read stays inside the list). NaN compares false and gets 255.
__attribute__((target("avx512f,popcnt")))
static void bin_rows_avx512(const float *values, long count, long features, const float *cuts, const float *pivots,
                            uint8_t *codes, long code_stride) {
    for (long i = 0; i < count; i++) {
        const float *row = values + i * features;
        uint8_t *out = codes + i * code_stride;
        for (long f = 0; f < features; f++) {
            const float value = row[f];
            const __m512 v = _mm512_set1_ps(value);
            const unsigned blocks = (unsigned)__builtin_popcount(_mm512_cmp_ps_mask(_mm512_loadu_ps(pivots + f * 16), v, _CMP_LT_OQ));
            const float *block = cuts + f * 256 + 16 * blocks;
            const unsigned within = (unsigned)__builtin_popcount(_mm512_cmp_ps_mask(_mm512_loadu_ps(block), v, _CMP_LT_OQ));
            out[f] = value != value ? 255 : (uint8_t)(16 * blocks + within);
        }
        out[features] = 255;
    }
}
#endif

void iot_bin_rows(const float *values, long count, long features, const float *cuts, long cut_stride,
                  const uint8_t *steps, uint8_t *codes, long code_stride) {
#if defined(__x86_64__)
    // Worth its pivot table (features × 16 floats) from a few rows on: not for the sensor's one row.
    if (cut_stride == 256 && count >= 8 && features <= 256 && has_avx512f()) {
        float pivots[features * 16];
        for (long f = 0; f < features; f++) {
            for (int j = 0; j < 16; j++) pivots[f * 16 + j] = cuts[f * 256 + 16 * j + 15];
        }
        bin_rows_avx512(values, count, features, cuts, pivots, codes, code_stride);
        return;
    }
#endif
    iot_bin_rows_portable(values, count, features, cuts, cut_stride, steps, codes, code_stride);
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
