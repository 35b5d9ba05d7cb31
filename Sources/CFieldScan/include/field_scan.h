#ifndef IOTSHIELD_FIELD_SCAN_H
#define IOTSHIELD_FIELD_SCAN_H

#include <stdint.h>

/// Parses consecutive plain CSV number fields — `digits[.digits]`, 1 to 15 characters, each
/// followed by a comma — from `p`, storing up to `count` values in `out`, and stops at the
/// first field it does not take (a sign, an exponent, an empty or special value, a quote, a
/// field of 16 or more characters, a line end…), which the caller parses the general way.
///
/// Values are those of IoTData's `FloatParser.scanField`: the decimal significand (exact,
/// at most 15 digits) divided by 10^(fraction digits), correctly rounded to `double`, then
/// rounded to `float`. Reads 64 bytes at a time: `limit` is the last position a 64-byte
/// read may start from (the caller's readable end minus 64), so fields that start after
/// `limit + 48` are left to the caller.
///
/// Returns the number of fields parsed (0 … count) and sets `*stop` to where the next field
/// starts (just past the last comma consumed). Uses AVX2, BMI2 and SSE4.1, checked once
/// with CPUID; on CPUs without them it parses nothing (returns 0) and the caller's own path
/// does all the work. O(bytes); no allocation; thread-safe.
long iot_scan_plain_fields(const uint8_t *p, const uint8_t *limit, long count, float *out, const uint8_t **stop);

/// 1 when `iot_scan_plain_fields` has its vector path on this CPU, else 0.
int iot_scan_plain_fields_available(void);

#endif
