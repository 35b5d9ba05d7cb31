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
    // Positions as 64-bit: no sign extension on each step's dependent chain (5 % measured).
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
            at[k] = -1;
            walker_codes[k] = codes;
            walk[k] = -1;
        }
    }
    while (active > 0) {
#pragma clang loop unroll(full)
        for (int k = 0; k < walkers; k++) {
            const long here = at[k];
            if (__builtin_expect(here < 0, 0)) {
                // On a leaf: record it and start the next walk (or idle there).
                if (walk[k] >= 0) {
                    leaves[walk[k]] = iot_leaf_code(here);
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
            const iot_tree_node node = nodes[here];
            // The right child is a jump (an internal left child is the next node, usually in
            // the same cache line): start loading it while the comparison waits on the row's
            // code. A leaf's position points nowhere: the address is made as an integer (no
            // pointer out of the array), and a prefetch of it has no effect on results.
            __builtin_prefetch((const void *)((uintptr_t)nodes + (uintptr_t)((long)node.right * (long)sizeof *nodes)), 0, 3);
            const long left = node.left != 0 ? (long)node.left : here + 1;
            const int go_right = walker_codes[k][node.feature] > node.bin;
            at[k] = __builtin_unpredictable(go_right) ? (long)node.right : left;
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
/// CPUID leaf 7 (EBX, ECX) when the CPU has POPCNT (leaf 1 ECX bit 23) and the OS saves the
/// AVX-512 state (OSXSAVE, XCR0 bits 1–2 and 5–7); zeros otherwise. ECX bit 31 is not kept
/// (nothing here reads it). Read once and kept in one 64-bit word whose top bit says it is
/// known, so a thread sees either nothing or the whole answer (a race only repeats the reading).
static void avx512_leaf7(unsigned *ebx_out, unsigned *ecx_out) {
    static uint64_t cached = 0;
    uint64_t known = __atomic_load_n(&cached, __ATOMIC_RELAXED);
    if (!(known >> 63)) {
        unsigned eax, ebx, ecx, edx, leaf7_ebx = 0, leaf7_ecx = 0;
        if (__get_cpuid(1, &eax, &ebx, &ecx, &edx) && (ecx & (1u << 27)) && (ecx & (1u << 23))) {
            unsigned lo, hi;
            __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
            if ((lo & 0xE6u) == 0xE6u && __get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) {
                leaf7_ebx = ebx;
                leaf7_ecx = ecx;
            }
        }
        known = 1ull << 63 | (uint64_t)(leaf7_ecx & 0x7FFFFFFFu) << 32 | leaf7_ebx;
        __atomic_store_n(&cached, known, __ATOMIC_RELAXED);
    }
    *ebx_out = (unsigned)known;
    *ecx_out = (unsigned)(known >> 32) & 0x7FFFFFFFu;
}

/// What `add_leaves_8` uses: AVX2 (leaf 7 EBX bit 5) with the OS saving the YMM state
/// (OSXSAVE, XCR0 bits 1–2). Read once, as `avx512_leaf7` does.
static int has_avx2(void) {
    static int known = -1;
    int answer = __atomic_load_n(&known, __ATOMIC_RELAXED);
    if (answer < 0) {
        unsigned eax, ebx, ecx, edx;
        answer = 0;
        if (__get_cpuid(1, &eax, &ebx, &ecx, &edx) && (ecx & (1u << 27))) {
            unsigned lo, hi;
            __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
            if ((lo & 0x6u) == 0x6u && __get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) answer = (ebx >> 5) & 1;
        }
        __atomic_store_n(&known, answer, __ATOMIC_RELAXED);
    }
    return answer;
}

/// What `bin_rows_avx512` uses: AVX-512 F (leaf 7 EBX bit 16) and POPCNT.
static int has_avx512f(void) {
    unsigned ebx, ecx;
    avx512_leaf7(&ebx, &ecx);
    return (ebx & (1u << 16)) != 0;
}

/// What `top_starts_avx512` uses: AVX-512 F, BW (EBX bit 30), VL (EBX bit 31) and VBMI (ECX
/// bit 1).
static int has_avx512vbmi(void) {
    unsigned ebx, ecx;
    avx512_leaf7(&ebx, &ecx);
    const unsigned need = (1u << 16) | (1u << 30) | (1u << 31);
    return (ebx & need) == need && (ecx & (1u << 1)) != 0;
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
    // Bit b of feature k's code goes to key bit b × key_count + (key_count − 1 − k): each code's
    // bits spread key_count apart by one table lookup, then shifted into place.
    uint64_t spread[256];
    for (int v = 0; v < 256; v++) {
        uint64_t bits = 0;
        for (int b = 0; b < 8; b++) bits |= (uint64_t)((v >> b) & 1) << (b * key_count);
        spread[v] = bits;
    }
    // Every pass's byte counts, taken as the keys are made.
    long starts[8][256];
    memset(starts, 0, sizeof starts);
    for (long i = 0; i < count; i++) {
        const uint8_t *row = codes + i * code_stride;
        uint64_t key = 0;
        for (int k = 0; k < key_count; k++) key |= spread[row[key_features[k]]] << (key_count - 1 - k);
        keys[i] = key;
        order[i] = (uint32_t)i;
        for (int pass = 0; pass < key_count; pass++) starts[pass][(key >> (8 * pass)) & 0xFF]++;
    }
    // One counting pass per key byte, least significant first; each pass is stable.
    uint32_t *from = order, *to = scratch;
    for (int pass = 0; pass < key_count; pass++) {
        const int shift = 8 * pass;
        long sum = 0;
        for (int b = 0; b < 256; b++) { const long n = starts[pass][b]; starts[pass][b] = sum; sum += n; }
        for (long i = 0; i < count; i++) {
            const uint32_t row = from[i];
            to[starts[pass][(keys[row] >> shift) & 0xFF]++] = row;
        }
        uint32_t *swap = from; from = to; to = swap;
    }
    if (from != order) memcpy(order, from, (size_t)count * sizeof *order);
    for (long i = 0; i < count; i++) memcpy(sorted + i * code_stride, codes + (long)order[i] * code_stride, (size_t)code_stride);
}

/// Which exit of a top block a row takes, by its 7 comparison bits (bit p: the row goes right
/// at position p): three steps down the block's heap order (position p's children are
/// 2p + 1 and 2p + 2) from position 0, the bits of the positions passed.
static const uint8_t top_exit_of_mask[128] = {
    0, 4, 2, 4, 0, 6, 2, 6, 1, 4, 2, 4, 1, 6, 2, 6, 0, 4, 3, 4, 0, 6, 3, 6, 1, 4, 3, 4, 1, 6, 3, 6,
    0, 5, 2, 5, 0, 6, 2, 6, 1, 5, 2, 5, 1, 6, 2, 6, 0, 5, 3, 5, 0, 6, 3, 6, 1, 5, 3, 5, 1, 6, 3, 6,
    0, 4, 2, 4, 0, 7, 2, 7, 1, 4, 2, 4, 1, 7, 2, 7, 0, 4, 3, 4, 0, 7, 3, 7, 1, 4, 3, 4, 1, 7, 3, 7,
    0, 5, 2, 5, 0, 7, 2, 7, 1, 5, 2, 5, 1, 7, 2, 7, 0, 5, 3, 5, 0, 7, 3, 7, 1, 5, 3, 5, 1, 7, 3, 7};

int iot_top_levels_available(long code_stride) {
#if defined(__x86_64__)
    return code_stride >= 1 && code_stride <= 64 && has_avx512vbmi();
#else
    (void)code_stride;
    return 0;
#endif
}

#if defined(__x86_64__)
/// One block per step: the 7 codes the block's positions compare gathered from the row's
/// 64 code bytes in one byte permute (`vpermb`), compared with the 7 bins in one compare.
__attribute__((target("avx512f,avx512bw,avx512vl,avx512vbmi")))
static void top_starts_avx512(const iot_top_block *blocks, int32_t top, long count, const uint8_t *codes, long code_stride,
                              int32_t *starts) {
    for (long i = 0; i < count; i++) {
        const __m512i row = _mm512_loadu_si512(codes + i * code_stride);
        int32_t at = top;
        do {
            const iot_top_block *block = blocks + (at - IOT_TOP_BLOCK);
            const __m128i head = _mm_loadu_si128((const __m128i *)block);
            const __m512i gathered = _mm512_permutexvar_epi8(_mm512_castsi128_si512(head), row);
            const __mmask16 right = _mm_mask_cmpgt_epu8_mask(0x7F, _mm512_castsi512_si128(gathered), _mm_srli_si128(head, 8));
            at = block->exit[top_exit_of_mask[(unsigned)right]];
        } while (at >= IOT_TOP_BLOCK);
        starts[i] = at;
    }
}
#endif

void iot_top_starts_portable(const iot_top_block *blocks, int32_t top, long count, const uint8_t *codes, long code_stride,
                             int32_t *starts) {
    for (long i = 0; i < count; i++) {
        const uint8_t *row = codes + i * code_stride;
        int32_t at = top;
        while (at >= IOT_TOP_BLOCK) {
            const iot_top_block *block = blocks + (at - IOT_TOP_BLOCK);
            int p = 0;
            for (int level = 0; level < 3; level++) p = 2 * p + 1 + (row[block->feature[p]] > block->bin[p]);
            at = block->exit[p - 7];
        }
        starts[i] = at;
    }
}

void iot_top_starts(const iot_top_block *blocks, int32_t top, long count, const uint8_t *codes, long code_stride, int32_t *starts) {
    if (top < IOT_TOP_BLOCK) {
        for (long i = 0; i < count; i++) starts[i] = top;
        return;
    }
#if defined(__x86_64__)
    if (iot_top_levels_available(code_stride)) {
        top_starts_avx512(blocks, top, count, codes, code_stride, starts);
        return;
    }
#endif
    iot_top_starts_portable(blocks, top, count, codes, code_stride, starts);
}

/// Mixed leaves' values are two dependent misses (offset, then values): the offset is
/// fetched 64 rows ahead, the values 32 rows ahead (the offset is in cache by then).
enum { OFFSET_AHEAD = 64, VALUES_AHEAD = 32 };

/// Prefetches what row i + `OFFSET_AHEAD`'s and row i + `VALUES_AHEAD`'s leaves (of one tree,
/// `codes`) will read, when they are mixed leaves.
__attribute__((always_inline))
static inline void prefetch_leaf_values(const int32_t *codes, long i, long count, const int32_t *offsets, const float *leaves) {
    if (i + OFFSET_AHEAD < count && codes[i + OFFSET_AHEAD] >= 0) __builtin_prefetch(offsets + codes[i + OFFSET_AHEAD], 0, 3);
    if (i + VALUES_AHEAD < count && codes[i + VALUES_AHEAD] >= 0) __builtin_prefetch(leaves + offsets[codes[i + VALUES_AHEAD]], 0, 3);
}

#if defined(__x86_64__)
/// `iot_add_leaves` for 8 classes (the family task) with a row's scores in one 8-lane
/// register across its trees: a one-class leaf adds its value to every lane and keeps the sum
/// in its class's lane only (a blend), a vector leaf adds all 8. So every score takes the same
/// float additions in the same order as the scalar loop, and the other lanes stay untouched
/// (adding 0 would turn -0 into +0). The scalar loop's adds wait on the previous tree's store
/// to the same score (most trees vote the same class); here on the register. Its CPU time in
/// scoring 2.5 M rows through the bench's 18 M-node forest: 0.35 s against 0.45 (perf samples).
__attribute__((target("avx2")))
static void add_leaves_8(const int32_t *leaf_codes, long count, long trees, long tree_stride, const int32_t *tree_classes,
                         const int32_t *offsets, const float *leaves, const float *pure_values, float *out) {
    const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    for (long i = 0; i < count; i++) {
        float *row = out + i * 8;
        __m256 sum = _mm256_loadu_ps(row);
        for (long t = 0; t < trees; t++) {
            const int32_t *codes = leaf_codes + t * tree_stride;
            prefetch_leaf_values(codes, i, count, offsets, leaves);
            const int32_t code = codes[i];
            if (code < 0) {
                const uint32_t pure = ~(uint32_t)code;
                const __m256 lane = _mm256_castsi256_ps(_mm256_cmpeq_epi32(lanes, _mm256_set1_epi32((int)(pure >> 8))));
                sum = _mm256_blendv_ps(sum, _mm256_add_ps(sum, _mm256_set1_ps(pure_values[pure & 0xFF])), lane);
            } else if (tree_classes[t] < 0) {
                sum = _mm256_add_ps(sum, _mm256_loadu_ps(leaves + offsets[code]));
            } else {
                const __m256 lane = _mm256_castsi256_ps(_mm256_cmpeq_epi32(lanes, _mm256_set1_epi32(tree_classes[t])));
                sum = _mm256_blendv_ps(sum, _mm256_add_ps(sum, _mm256_set1_ps(leaves[offsets[code]])), lane);
            }
        }
        _mm256_storeu_ps(row, sum);
    }
}
#endif

void iot_add_leaves(const int32_t *leaf_codes, long count, long trees, long tree_stride, const int32_t *tree_classes,
                    const int32_t *offsets, const float *leaves, const float *pure_values, long class_count, float *out) {
#if defined(__x86_64__)
    if (class_count == 8 && has_avx2()) {
        add_leaves_8(leaf_codes, count, trees, tree_stride, tree_classes, offsets, leaves, pure_values, out);
        return;
    }
#endif
    for (long i = 0; i < count; i++) {
        float *row = out + i * class_count;
        for (long t = 0; t < trees; t++) {
            const int32_t *codes = leaf_codes + t * tree_stride;
            prefetch_leaf_values(codes, i, count, offsets, leaves);
            const int32_t code = codes[i];
            if (code < 0) {
                const uint32_t pure = ~(uint32_t)code;
                row[pure >> 8] += pure_values[pure & 0xFF];
            } else if (tree_classes[t] < 0) {
                const float *values = leaves + offsets[code];
                for (long c = 0; c < class_count; c++) row[c] += values[c];
            } else {
                row[tree_classes[t]] += leaves[offsets[code]];
            }
        }
    }
}
