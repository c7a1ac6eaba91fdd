#include "CPrefilterKernel.h"

#if defined(__x86_64__)
#include <emmintrin.h>
#elif defined(__aarch64__)
#include <arm_neon.h>
#endif

size_t pk_fold_ascii_scalar(const uint8_t *src, size_t n, uint8_t *dst) {
    size_t i = 0;
    while (i < n && src[i] < 0x80) {
        uint8_t byte = src[i];
        dst[i] = byte >= 'A' && byte <= 'Z' ? byte | 0x20 : byte;
        i++;
    }
    return i;
}

#if defined(__x86_64__)
/// Folds sixteen bytes; returns the mask of those of 0x80 or more.
static inline int fold_sixteen(const uint8_t *src, uint8_t *dst) {
    const __m128i beforeA = _mm_set1_epi8('A' - 1), afterZ = _mm_set1_epi8('Z' + 1), caseBit = _mm_set1_epi8(0x20);
    __m128i bytes = _mm_loadu_si128((const __m128i *)src);
    __m128i upper = _mm_and_si128(_mm_cmpgt_epi8(bytes, beforeA), _mm_cmplt_epi8(bytes, afterZ));
    _mm_storeu_si128((__m128i *)dst, _mm_or_si128(bytes, _mm_and_si128(upper, caseBit)));
    return _mm_movemask_epi8(bytes);
}
#endif

size_t pk_fold_ascii(const uint8_t *src, size_t n, uint8_t *dst) {
    size_t i = 0;
#if defined(__x86_64__)
    // SSE2 is baseline on x86-64: sixteen bytes a step. Bytes of 0x80 or more are negative as
    // signed bytes, so the signed range test leaves them as they are; the step that holds the
    // first of them ends the run there (the bytes stored past it are written again by the caller).
    if (n < 16) return pk_fold_ascii_scalar(src, n, dst);
    for (;; i += 16) {
        // The last step overlaps the one before it rather than going byte by byte: the bytes
        // it takes again are ASCII already folded, and fold to themselves.
        if (i + 16 > n) i = n - 16;
        int high = fold_sixteen(src + i, dst + i);
        if (high) return i + (size_t)__builtin_ctz((unsigned)high);
        if (i + 16 == n) return n;
    }
#elif defined(__aarch64__)
    // NEON is baseline on aarch64: the same, sixteen bytes a step.
    const uint8x16_t letterA = vdupq_n_u8('A'), letterZ = vdupq_n_u8('Z'), caseBit = vdupq_n_u8(0x20);
    for (; i + 16 <= n; i += 16) {
        uint8x16_t bytes = vld1q_u8(src + i);
        uint8x16_t upper = vandq_u8(vcgeq_u8(bytes, letterA), vcleq_u8(bytes, letterZ));
        vst1q_u8(dst + i, vorrq_u8(bytes, vandq_u8(upper, caseBit)));
        if (vmaxvq_u8(bytes) >= 0x80) {
            while (src[i] < 0x80) i++;
            return i;
        }
    }
#endif
    // The last bytes (and every byte on other machines) one at a time.
    return i + pk_fold_ascii_scalar(src + i, n - i, dst + i);
}

// MARK: - Folding whole text

/// The scalar at `src[i]` and its length in bytes, read as the prefilter reads it: without
/// checking continuation bytes, and a lead byte alone when the text ends too soon.
static inline uint32_t decode(const uint8_t *src, size_t i, size_t n, size_t *length) {
    uint32_t b0 = src[i];
    if (b0 < 0x80) { *length = 1; return b0; }
    if (b0 < 0xE0 && i + 1 < n) { *length = 2; return (b0 & 0x1F) << 6 | (src[i + 1] & 0x3Fu); }
    if (b0 < 0xF0 && i + 2 < n) {
        *length = 3;
        return (b0 & 0x0F) << 12 | (src[i + 1] & 0x3Fu) << 6 | (src[i + 2] & 0x3Fu);
    }
    if (i + 3 < n) {
        *length = 4;
        return (b0 & 0x07) << 18 | (src[i + 1] & 0x3Fu) << 12 | (src[i + 2] & 0x3Fu) << 6 | (src[i + 3] & 0x3Fu);
    }
    *length = 1;
    return b0;
}

/// Writes the UTF-8 of `v` and returns its length.
static inline size_t encode(uint32_t v, uint8_t *dst) {
    if (v < 0x80) { dst[0] = (uint8_t)v; return 1; }
    if (v < 0x800) { dst[0] = (uint8_t)(0xC0 | v >> 6); dst[1] = (uint8_t)(0x80 | (v & 0x3F)); return 2; }
    if (v < 0x10000) {
        dst[0] = (uint8_t)(0xE0 | v >> 12); dst[1] = (uint8_t)(0x80 | (v >> 6 & 0x3F)); dst[2] = (uint8_t)(0x80 | (v & 0x3F));
        return 3;
    }
    dst[0] = (uint8_t)(0xF0 | v >> 18); dst[1] = (uint8_t)(0x80 | (v >> 12 & 0x3F));
    dst[2] = (uint8_t)(0x80 | (v >> 6 & 0x3F)); dst[3] = (uint8_t)(0x80 | (v & 0x3F));
    return 4;
}

/// The scalar `v` folds to (as `CaseFolding.fold`).
static inline uint32_t fold_scalar(const pk_fold_tables *tables, uint32_t v) {
    if (v < 0x80) return v - 0x41 < 26 ? v | 0x20 : v;
    size_t page = v >> 8;
    if (page >= tables->page_count || tables->page_starts[page] < 0) return v;
    return tables->folds[(size_t)tables->page_starts[page] + (v & 0xFF)];
}

size_t pk_fold(const uint8_t *src, size_t n, uint8_t *dst, const pk_fold_tables *tables) {
    size_t i = 0, out = 0;
    while (i < n) {
        uint8_t byte = src[i];
        if (byte < 0x80) {
            size_t run = pk_fold_ascii(src + i, n - i, dst + out);
            i += run;
            out += run;
            continue;
        }
        if (byte >= 0xC0 && tables->lead_folds[byte]) {
            size_t length;
            uint32_t scalar = decode(src, i, n, &length);
            uint32_t folded = fold_scalar(tables, scalar);
            if (folded != scalar) {
                out += encode(folded, dst + out);
                i += length;
                continue;
            }
        }
        // A character that does not fold: its bytes as they are (continuation bytes never fold).
        dst[out++] = byte;
        i++;
        while (i < n && (src[i] & 0xC0) == 0x80) dst[out++] = src[i++];
    }
    return out;
}

// MARK: - Finding single bytes

uint32_t pk_find_bytes_scalar(const uint8_t *text, size_t n, const uint8_t *bytes, size_t count) {
    uint32_t found = 0;
    for (size_t k = 0; k < count && k < 8; k++) {
        for (size_t i = 0; i < n; i++) {
            if (text[i] == bytes[k]) {
                found |= 1u << k;
                break;
            }
        }
    }
    return found;
}

uint32_t pk_find_bytes(const uint8_t *text, size_t n, const uint8_t *bytes, size_t count) {
    if (count > 8) count = 8;
#if defined(__x86_64__)
    if (n >= 16) {
        // Eight bytes looked for at once (the unused ones too: a loop of a fixed count keeps
        // them all in registers; their bits are dropped at the end), sixteen bytes of text a
        // step; the last step overlaps the one before (a byte seen twice is seen all the same).
        __m128i wanted[8], seen[8];
        for (int k = 0; k < 8; k++) {
            wanted[k] = _mm_set1_epi8((char)bytes[(size_t)k < count ? k : 0]);
            seen[k] = _mm_setzero_si128();
        }
        for (size_t i = 0;; i += 16) {
            if (i + 16 > n) i = n - 16;
            __m128i block = _mm_loadu_si128((const __m128i *)(text + i));
            for (int k = 0; k < 8; k++) seen[k] = _mm_or_si128(seen[k], _mm_cmpeq_epi8(block, wanted[k]));
            if (i + 16 == n) break;
        }
        uint32_t found = 0;
        for (int k = 0; k < 8; k++) found |= (uint32_t)(_mm_movemask_epi8(seen[k]) != 0) << k;
        return found & ((1u << count) - 1);
    }
#endif
    return pk_find_bytes_scalar(text, n, bytes, count);
}

uint32_t pk_find_bytes_padded(const uint8_t *text, size_t n, const uint8_t *bytes, size_t count) {
#if defined(__x86_64__)
    if (n < 16) {
        // A short text (most segments are): one step over sixteen bytes, the hits past the
        // text masked off, instead of a comparison per byte and byte looked for.
        if (count > 8) count = 8;
        __m128i block = _mm_loadu_si128((const __m128i *)text);
        uint32_t inside = (1u << n) - 1, found = 0;
        for (size_t k = 0; k < count; k++) {
            uint32_t hits = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(block, _mm_set1_epi8((char)bytes[k])));
            found |= (uint32_t)((hits & inside) != 0) << k;
        }
        return found;
    }
#endif
    return pk_find_bytes(text, n, bytes, count);
}
