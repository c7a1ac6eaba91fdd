#include "CNormaliseKernel.h"

#if defined(__x86_64__)
#include <emmintrin.h>
#endif

/// The length of the plain scalar at `i` (printable ASCII, or a valid two- or three-byte
/// sequence of a scalar set in `plain`), or 0.
static inline __attribute__((always_inline)) size_t plain_length(const uint8_t *p, size_t i, size_t n, const uint64_t *plain) {
    uint8_t b0 = p[i];
    if ((uint8_t)(b0 - 0x21) < 0x5E) return 1;
    if (b0 < 0xC2 || b0 >= 0xF0) return 0;
    if (b0 < 0xE0) {
        if (i + 1 >= n) return 0;
        uint8_t b1 = p[i + 1];
        if ((b1 & 0xC0) != 0x80) return 0;
        uint32_t value = (uint32_t)(b0 & 0x1F) << 6 | (b1 & 0x3F);
        return plain[value >> 6] >> (value & 63) & 1 ? 2 : 0;
    }
    if (i + 2 >= n) return 0;
    uint8_t b1 = p[i + 1], b2 = p[i + 2];
    if ((b1 & 0xC0) != 0x80 || (b2 & 0xC0) != 0x80) return 0;
    uint32_t value = (uint32_t)(b0 & 0x0F) << 12 | (uint32_t)(b1 & 0x3F) << 6 | (b2 & 0x3F);
    if (value < 0x800) return 0;   // overlong
    return plain[value >> 6] >> (value & 63) & 1 ? 3 : 0;
}

/// One plain scalar, or a space and the plain scalar after it, at `end`: its length, or 0.
static inline __attribute__((always_inline)) size_t plain_step(const uint8_t *p, size_t end, size_t n, const uint64_t *plain) {
    size_t length = plain_length(p, end, n, plain);
    if (length > 0) return length;
    if (p[end] == 0x20 && end + 1 < n) {
        size_t after = plain_length(p, end + 1, n, plain);
        if (after > 0) return 1 + after;
    }
    return 0;
}

size_t nk_plain_run_scalar(const uint8_t *p, size_t start, size_t n, const uint64_t *plain) {
    if (start >= n) return start;
    size_t first = plain_length(p, start, n, plain);
    if (first == 0) return start;
    size_t end = start + first;
    while (end < n) {
        size_t step = plain_step(p, end, n, plain);
        if (step == 0) break;
        end += step;
    }
    return end;
}

size_t nk_plain_run(const uint8_t *p, size_t start, size_t n, const uint64_t *plain) {
#if defined(__x86_64__)
    if (start >= n) return start;
    size_t first = plain_length(p, start, n, plain);
    if (first == 0) return start;
    size_t end = start + first;
    const __m128i space = _mm_set1_epi8(0x20), del = _mm_set1_epi8(0x7F);
    while (end < n) {
        // A byte beyond ASCII would stop the step at once: the scalar path takes it.
        if (p[end] < 0x80 && end + 17 <= n) {
            // Sixteen bytes, each a stop when it is not printable ASCII or a space, or is a space
            // before another (the sixteenth is paired with the byte after the step). Signed,
            // bytes of 0x80 and up are below 0x20 too. A step without a stop takes all sixteen,
            // so that the next step's start does not wait on this one's count; a space it
            // leaves last is followed by a byte that is no space, which the next step decides
            // on (a run never ends in a space: see below).
            __m128i bytes = _mm_loadu_si128((const __m128i *)(p + end));
            __m128i next = _mm_loadu_si128((const __m128i *)(p + end + 1));
            unsigned pairs = (unsigned)_mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(bytes, space), _mm_cmpeq_epi8(next, space)));
            unsigned stops = (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_cmplt_epi8(bytes, space), _mm_cmpeq_epi8(bytes, del))) | pairs;
            if (stops == 0) { end += 16; continue; }
            end += (size_t)__builtin_ctz(stops);
        }
        // A scalar beyond ASCII that stays as it is, or a space and the plain scalar after it.
        size_t step = plain_step(p, end, n, plain);
        if (step == 0) break;
        end += step;
    }
    // A space is part of the run only when a plain scalar follows it: the steps above may
    // leave one last, before a byte that ends the run.
    if (p[end - 1] == 0x20) end--;
    return end;
#else
    return nk_plain_run_scalar(p, start, n, plain);
#endif
}
