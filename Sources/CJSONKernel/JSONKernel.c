#include "CJSONKernel.h"

#if defined(__x86_64__)
#include <emmintrin.h>
#elif defined(__aarch64__)
#include <arm_neon.h>
#endif

static inline int is_special(uint8_t byte, int controls) {
    return byte == '"' || byte == '\\' || (controls && byte < 0x20);
}

/// The byte-by-byte search: the tail of every search, and the whole of it on other machines.
static size_t find_from(const uint8_t *text, size_t start, size_t count, int controls) {
    for (size_t i = start; i < count; i++) {
        if (is_special(text[i], controls)) return i;
    }
    return count;
}

static size_t find(const uint8_t *text, size_t count, int controls) {
    size_t i = 0;
#if defined(__x86_64__)
    const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'), last_control = _mm_set1_epi8(0x1F);
    for (; i + 16 <= count; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(text + i));
        __m128i hit = _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash));
        // An unsigned byte is at most 0x1F exactly when the larger of it and 0x1F is 0x1F.
        if (controls) hit = _mm_or_si128(hit, _mm_cmpeq_epi8(_mm_max_epu8(v, last_control), last_control));
        unsigned mask = (unsigned)_mm_movemask_epi8(hit);
        if (mask != 0) return i + (size_t)__builtin_ctz(mask);
    }
#elif defined(__aarch64__)
    const uint8x16_t quote = vdupq_n_u8('"'), backslash = vdupq_n_u8('\\'), space = vdupq_n_u8(0x20);
    for (; i + 16 <= count; i += 16) {
        uint8x16_t v = vld1q_u8(text + i);
        uint8x16_t hit = vorrq_u8(vceqq_u8(v, quote), vceqq_u8(v, backslash));
        if (controls) hit = vorrq_u8(hit, vcltq_u8(v, space));
        // NEON has no mask of lanes: a block with a hit is searched byte by byte.
        if (vmaxvq_u8(hit) != 0) return find_from(text, i, i + 16, controls);
    }
#endif
    return find_from(text, i, count, controls);
}

size_t winnow_json_find_quote_or_backslash(const uint8_t *text, size_t count) { return find(text, count, 0); }

size_t winnow_json_find_escape(const uint8_t *text, size_t count) { return find(text, count, 1); }
