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

/// One plain scalar, a space and the plain scalar after it, or a line feed with no space after
/// it, at `end`: its length, or 0.
static inline __attribute__((always_inline)) size_t plain_step(const uint8_t *p, size_t end, size_t n, const uint64_t *plain) {
    size_t length = plain_length(p, end, n, plain);
    if (length > 0) return length;
    if (p[end] == 0x0A) return end + 1 < n && p[end + 1] == 0x20 ? 0 : 1;
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
    const __m128i space = _mm_set1_epi8(0x20), newline = _mm_set1_epi8(0x0A);
    const __m128i one = _mm_set1_epi8(1), bang = _mm_set1_epi8(0x21);
    const __m128i belowLead = _mm_set1_epi8((char)0xC0);
    // Lead bytes whose 64 scalars are all plain (accented Latin, IPA, Greek and Cyrillic
    // letters): 0xC3...0xCB and 0xCF...0xD1, each range one signed comparison after a shift.
    const __m128i shiftA = _mm_set1_epi8((char)(0x80 - 0xC3)), limitA = _mm_set1_epi8((char)(0x80 + 9));
    const __m128i shiftB = _mm_set1_epi8((char)(0x80 - 0xCF)), limitB = _mm_set1_epi8((char)(0x80 + 3));
    __m128i leadLast = _mm_setzero_si128();   // byte 0: the last step ended with such a lead
    while (end + 17 <= n) {
        // Sixteen bytes, each a stop unless it is printable ASCII, a space before a byte that
        // is neither a space nor a line feed, a line feed before a byte that is no space, one
        // of those leads before a continuation byte, or a continuation byte after one (a lead
        // last takes its continuation, the next step's first byte, along). Every step takes
        // all sixteen unless it stops: a branch on the kind of bytes met (ASCII or not, a
        // line's end or not) was mispredicted on every language but English, and cost more
        // than the comparisons it spared.
        __m128i bytes = _mm_loadu_si128((const __m128i *)(p + end));
        __m128i next = _mm_loadu_si128((const __m128i *)(p + end + 1));
        __m128i nextSpace = _mm_cmpeq_epi8(next, space);
        __m128i lead = _mm_or_si128(_mm_cmplt_epi8(_mm_add_epi8(bytes, shiftA), limitA),
                                    _mm_cmplt_epi8(_mm_add_epi8(bytes, shiftB), limitB));
        __m128i afterLead = _mm_or_si128(_mm_slli_si128(lead, 1), leadLast);
        __m128i kept = _mm_or_si128(_mm_andnot_si128(nextSpace, _mm_cmpeq_epi8(bytes, newline)),
                                    _mm_or_si128(_mm_and_si128(lead, _mm_cmplt_epi8(next, belowLead)),
                                                 _mm_and_si128(afterLead, _mm_cmplt_epi8(bytes, belowLead))));
        __m128i spaceStops = _mm_and_si128(_mm_cmpeq_epi8(bytes, space), _mm_or_si128(nextSpace, _mm_cmpeq_epi8(next, newline)));
        // One added, signed, below 0x21: the controls, DEL (now 0x80) and the bytes of 0x80
        // and up (negative, or 0 for 0xFF).
        __m128i otherStops = _mm_andnot_si128(kept, _mm_cmplt_epi8(_mm_add_epi8(bytes, one), bang));
        unsigned stops = (unsigned)_mm_movemask_epi8(_mm_or_si128(spaceStops, otherStops));
        leadLast = _mm_srli_si128(lead, 15);
        if (stops == 0) { end += 16; continue; }
        // A scalar beyond those leads that stays as it is, or a space and the plain scalar
        // after it; else the run ends.
        end += (size_t)__builtin_ctz(stops);
        size_t step = plain_step(p, end, n, plain);
        if (step == 0) goto done;
        end += step;
        leadLast = _mm_setzero_si128();
    }
    end += (size_t)(_mm_movemask_epi8(leadLast) & 1);
    while (end < n) {
        size_t step = plain_step(p, end, n, plain);
        if (step == 0) break;
        end += step;
    }
done:
    // A space is part of the run only when a plain scalar follows it: the steps above may
    // leave one last, before a byte that ends the run.
    if (p[end - 1] == 0x20) end--;
    return end;
#else
    return nk_plain_run_scalar(p, start, n, plain);
#endif
}
