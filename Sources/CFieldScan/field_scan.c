// A structural-index scanner for CICIoT2023's plain numeric CSV fields (see the header).
//
// Written in C because Swift has no way to turn a vector compare into a bit mask (movemask)
// or to enable AVX2 for one function. Per 64 bytes, three masks: commas, decimal points and
// bytes that are neither digits nor either of those. Each field's length is then the distance
// to the next comma bit (shift + count trailing zeros), its validity a masked test, and its
// digits are gathered by one byte shuffle (the point squeezed out, right-aligned to 16
// digits) and converted by three multiply-adds on 16-bit and 32-bit lanes, the scheme of
// simdjson/fast_float's eight-digit parsing, re-derived here for 16 digits in one register.
#include "field_scan.h"

#include <string.h>

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <cpuid.h>
#include <immintrin.h>
#include <pthread.h>

/// Shuffle masks by (field length 0…15, point position 0…15, = length when no point): byte j
/// of the result takes the field's digit that belongs at 10^(15−j) (0x80, i.e. zero, before
/// the first digit), skipping the point.
static uint8_t shuffle_table[16][16][16] __attribute__((aligned(16)));
/// 10^n, n in 0…15 (exact).
static double powers[16];
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;
static int vector_path = 0;

static void build_tables(void) {
    for (int length = 0; length < 16; length++) {
        for (int point = 0; point < 16; point++) {
            int has_point = point < length;
            int digits = length - has_point;
            for (int j = 0; j < 16; j++) {
                int t = j - (16 - digits);  // digit index, 0 = most significant
                shuffle_table[length][point][j] = t < 0 ? 0x80 : (uint8_t)(has_point && t >= point ? t + 1 : t);
            }
        }
    }
    double power = 1;
    for (int n = 0; n < 16; n++) {
        powers[n] = power;  // exact: 10^15 < 2^53
        power *= 10;
    }
    // AVX2 and BMI1/2 (CPUID leaf 7 EBX bits 5, 3, 8), SSE4.1 (leaf 1 ECX bit 19), and the OS
    // saving AVX state (OSXSAVE, XCR0 bits 1–2).
    unsigned eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return;
    if (!(ecx & (1u << 19)) || !(ecx & (1u << 27))) return;
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    if ((lo & 6u) != 6u) return;
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return;
    if (!(ebx & (1u << 5)) || !(ebx & (1u << 3)) || !(ebx & (1u << 8))) return;
    vector_path = 1;
}

/// Bit i set where byte i of the 64 at `p` is a comma, a point, or neither nor a digit.
typedef struct {
    uint64_t commas, points, others;
} chunk_masks;

__attribute__((target("avx2,bmi,bmi2,sse4.1")))
static inline chunk_masks masks_at(const uint8_t *p) {
    const __m256i comma = _mm256_set1_epi8(','), point = _mm256_set1_epi8('.');
    const __m256i zero = _mm256_set1_epi8('0'), nine = _mm256_set1_epi8(9);
    chunk_masks m;
    uint32_t c[2], d[2], o[2];
    for (int half = 0; half < 2; half++) {
        __m256i bytes = _mm256_loadu_si256((const __m256i *)(p + 32 * half));
        __m256i is_comma = _mm256_cmpeq_epi8(bytes, comma);
        __m256i is_point = _mm256_cmpeq_epi8(bytes, point);
        __m256i value = _mm256_sub_epi8(bytes, zero);
        __m256i is_digit = _mm256_cmpeq_epi8(_mm256_min_epu8(value, nine), value);
        __m256i known = _mm256_or_si256(_mm256_or_si256(is_comma, is_point), is_digit);
        c[half] = (uint32_t)_mm256_movemask_epi8(is_comma);
        d[half] = (uint32_t)_mm256_movemask_epi8(is_point);
        o[half] = ~(uint32_t)_mm256_movemask_epi8(known);
    }
    m.commas = (uint64_t)c[1] << 32 | c[0];
    m.points = (uint64_t)d[1] << 32 | d[0];
    m.others = (uint64_t)o[1] << 32 | o[0];
    return m;
}

/// Stops at the field at `field`, which the caller parses.
#define GIVE_UP \
    do {                    \
        *stop = field;      \
        return n;           \
    } while (0)

__attribute__((target("avx2,bmi,bmi2,sse4.1")))
static long scan_vector(const uint8_t *p, const uint8_t *limit, long count, float *out, const uint8_t **stop) {
    const __m128i zero_digit = _mm_set1_epi8('0');
    const __m128i tens = _mm_setr_epi8(10, 1, 10, 1, 10, 1, 10, 1, 10, 1, 10, 1, 10, 1, 10, 1);
    const __m128i hundreds = _mm_setr_epi16(100, 1, 100, 1, 100, 1, 100, 1);
    const __m128i ten_thousands = _mm_setr_epi16(10000, 1, 10000, 1, 10000, 1, 10000, 1);
    // The digits at 10^15…10^8 land in the first 32-bit lane, those at 10^7…10^0 in the second.
    long n = 0;
    while (n < count && p <= limit) {
        chunk_masks m = masks_at(p);
        unsigned offset = 0;
        // Fields starting in the first 48 bytes have their 16 bytes (and comma) in the chunk.
        while (n < count && offset <= 48) {
            const uint8_t *field = p + offset;
            uint32_t head;
            memcpy(&head, field, 4);
            if (head == 0x2C302E30u) {  // "0.0,": 43 % of CICIoT2023's numeric fields
                out[n++] = 0;
                offset += 4;
                continue;
            }
            uint64_t commas = m.commas >> offset;
            unsigned length = (unsigned)_tzcnt_u64(commas);  // 64 when no comma follows
            if (length == 0 || length > 15) GIVE_UP;
            if (_bzhi_u64(m.others >> offset, length)) GIVE_UP;
            uint64_t points = _bzhi_u64(m.points >> offset, length);
            if (_blsr_u64(points)) GIVE_UP;  // a second point
            unsigned point = points ? (unsigned)_tzcnt_u64(points) : length;
            unsigned has_point = points != 0;
            unsigned scale = length - point - has_point;
            if (length == has_point) GIVE_UP;  // "." alone
            __m128i bytes = _mm_loadu_si128((const __m128i *)field);
            __m128i shuffle = _mm_load_si128((const __m128i *)shuffle_table[length][point]);
            __m128i digits = _mm_subs_epu8(_mm_shuffle_epi8(bytes, shuffle), zero_digit);
            __m128i pairs = _mm_maddubs_epi16(digits, tens);
            __m128i quads = _mm_madd_epi16(pairs, hundreds);
            __m128i packed = _mm_packus_epi32(quads, quads);
            __m128i eights = _mm_madd_epi16(packed, ten_thousands);
            // The two eight-digit halves as doubles, joined exactly (both < 2^53), and one divide:
            // the quotient correctly rounded to double, as FloatParser's; then to float.
            __m128d halves = _mm_cvtepi32_pd(eights);
            __m128d low = _mm_unpackhi_pd(halves, halves);
            __m128d mantissa = _mm_add_sd(_mm_mul_sd(halves, _mm_set_sd(1e8)), low);
            out[n++] = (float)_mm_cvtsd_f64(_mm_div_sd(mantissa, _mm_set_sd(powers[scale])));
            offset += length + 1;
        }
        p += offset;
    }
    *stop = p;
    return n;
}
#undef GIVE_UP
#endif

int iot_scan_plain_fields_available(void) {
#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
    pthread_once(&tables_once, build_tables);
    return vector_path;
#else
    return 0;
#endif
}

long iot_scan_plain_fields(const uint8_t *p, const uint8_t *limit, long count, float *out, const uint8_t **stop) {
#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
    if (iot_scan_plain_fields_available()) return scan_vector(p, limit, count, out, stop);
#endif
    *stop = p;
    return 0;
}
