#include "CReadKernel.h"

#if defined(__x86_64__)
#include <emmintrin.h>
#elif defined(__aarch64__)
#include <arm_neon.h>
#endif

size_t winnow_read_control_bytes_portable(const uint8_t *text, size_t count) {
    size_t control = 0;
    for (size_t i = 0; i < count; i++) {
        uint8_t byte = text[i];
        control += byte < 0x20 && !(byte >= 0x09 && byte <= 0x0D) && byte != 0x1B;
    }
    return control;
}

/// Each block's control bytes are counted in its lanes without a branch (text has a line break
/// every hundred bytes or so, so a test for "no byte below 0x20" would fail every few blocks),
/// one a lane per block, and the lanes are summed every 255 blocks, before one could overflow.
size_t winnow_read_control_bytes(const uint8_t *text, size_t count) {
    size_t control = 0, i = 0;
#if defined(__x86_64__)
    const __m128i last_control = _mm_set1_epi8(0x1F), tab = _mm_set1_epi8(0x09), breaks = _mm_set1_epi8(0x0D - 0x09),
                  escape = _mm_set1_epi8(0x1B), zero = _mm_setzero_si128();
    while (i + 16 <= count) {
        size_t blocks = (count - i) / 16;
        if (blocks > 255) blocks = 255;
        __m128i lanes = zero;
        for (size_t b = 0; b < blocks; b++, i += 16) {
            __m128i v = _mm_loadu_si128((const __m128i *)(text + i));
            // Unsigned comparisons by min and max: v <= 0x1F, and v - 0x09 <= 4 (tab to carriage return).
            __m128i low = _mm_cmpeq_epi8(_mm_max_epu8(v, last_control), last_control);
            __m128i from_tab = _mm_sub_epi8(v, tab);
            __m128i text_control = _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(from_tab, breaks), from_tab), _mm_cmpeq_epi8(v, escape));
            lanes = _mm_sub_epi8(lanes, _mm_andnot_si128(text_control, low));
        }
        __m128i sums = _mm_sad_epu8(lanes, zero);
        control += (size_t)_mm_cvtsi128_si32(sums) + (size_t)_mm_extract_epi16(sums, 4);
    }
#elif defined(__aarch64__)
    const uint8x16_t space = vdupq_n_u8(0x20), tab = vdupq_n_u8(0x09), breaks = vdupq_n_u8(0x0D - 0x09), escape = vdupq_n_u8(0x1B);
    while (i + 16 <= count) {
        size_t blocks = (count - i) / 16;
        if (blocks > 255) blocks = 255;
        uint8x16_t lanes = vdupq_n_u8(0);
        for (size_t b = 0; b < blocks; b++, i += 16) {
            uint8x16_t v = vld1q_u8(text + i);
            uint8x16_t text_control = vorrq_u8(vcleq_u8(vsubq_u8(v, tab), breaks), vceqq_u8(v, escape));
            lanes = vsubq_u8(lanes, vbicq_u8(vcltq_u8(v, space), text_control));
        }
        control += vaddlvq_u8(lanes);
    }
#endif
    return control + winnow_read_control_bytes_portable(text + i, count - i);
}
