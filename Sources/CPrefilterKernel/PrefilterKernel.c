#include "CPrefilterKernel.h"

#include <string.h>

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

#if defined(__x86_64__)
/// Folds sixteen bytes at a character's start whose characters are all ASCII or two-byte
/// characters that fold to two bytes (Latin, Greek and Cyrillic letters): the ASCII in one
/// vector step, then each two-byte character by its entry in `two_byte_folds`. Returns how many
/// bytes it took (fifteen when the last byte starts a character), or 0 when the block holds
/// anything else (the caller then goes a character at a time, and writes its bytes again).
/// Text of such letters went a character at a time, a branch on each character's kind that the
/// predictor missed at most of them.
static inline size_t fold_two_byte_block(const uint8_t *src, uint8_t *dst, const uint16_t *two_byte_folds) {
    __m128i bytes = _mm_loadu_si128((const __m128i *)src);
    unsigned high = (unsigned)fold_sixteen(src, dst);
    // As signed bytes, leads of two-byte characters (0xC0-0xDF) are -64..-33, of longer ones
    // -32..-1, continuation bytes -128..-65.
    unsigned leads_or_longer = high & (unsigned)_mm_movemask_epi8(_mm_cmpgt_epi8(bytes, _mm_set1_epi8((char)0xBF)));
    unsigned longer = high & (unsigned)_mm_movemask_epi8(_mm_cmpgt_epi8(bytes, _mm_set1_epi8((char)0xDF)));
    unsigned continuations = high & ~leads_or_longer;
    // A lead last in the block: its character is the next block's.
    unsigned leads = leads_or_longer & 0x7FFF;
    if (longer | (continuations ^ leads << 1)) return 0;
    for (unsigned rest = leads; rest; rest &= rest - 1) {
        unsigned k = (unsigned)__builtin_ctz(rest);
        uint16_t folded = two_byte_folds[(src[k] & 0x1Fu) << 6 | (src[k + 1] & 0x3Fu)];
        if (!folded) return 0;
        memcpy(dst + k, &folded, sizeof folded);
    }
    return 16 - (leads_or_longer >> 15);
}
#endif

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
#if defined(__x86_64__)
        if (n - i >= 16) {
            size_t taken = fold_two_byte_block(src + i, dst + out, tables->two_byte_folds);
            i += taken;
            out += taken;
            if (taken) continue;
        }
#endif
        if (byte >= 0xC0 && byte < 0xE0 && i + 1 < n && (src[i + 1] & 0xC0) == 0x80) {
            // A two-byte character: its fold (or itself) from one entry, when that takes two
            // bytes too (a continuation byte after it, of broken UTF-8, is copied on its own
            // below, as when it does not fold).
            uint16_t folded = tables->two_byte_folds[(byte & 0x1Fu) << 6 | (src[i + 1] & 0x3Fu)];
            if (folded) {
                dst[out] = (uint8_t)folded;
                dst[out + 1] = (uint8_t)(folded >> 8);
                out += 2;
                i += 2;
                continue;
            }
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

#if defined(__x86_64__)
/// Which of `count` bytes occur in a text of sixteen bytes or more: the bytes looked for in
/// registers, sixteen bytes of text a step; the last step overlaps the one before (a byte seen
/// twice is seen all the same). Inlined with `count` a constant: a loop of a fixed count keeps
/// them all in registers, and compares no byte that is not looked for.
__attribute__((always_inline))
static inline uint32_t find_in_steps(const uint8_t *text, size_t n, const uint8_t *bytes, const int count) {
    __m128i wanted[8], seen[8];
    for (int k = 0; k < count; k++) {
        wanted[k] = _mm_set1_epi8((char)bytes[k]);
        seen[k] = _mm_setzero_si128();
    }
    for (size_t i = 0;; i += 16) {
        if (i + 16 > n) i = n - 16;
        __m128i block = _mm_loadu_si128((const __m128i *)(text + i));
        for (int k = 0; k < count; k++) seen[k] = _mm_or_si128(seen[k], _mm_cmpeq_epi8(block, wanted[k]));
        if (i + 16 == n) break;
    }
    uint32_t found = 0;
    for (int k = 0; k < count; k++) found |= (uint32_t)(_mm_movemask_epi8(seen[k]) != 0) << k;
    return found;
}
#endif

uint32_t pk_find_bytes(const uint8_t *text, size_t n, const uint8_t *bytes, size_t count) {
    if (count > 8) count = 8;
#if defined(__x86_64__)
    if (n >= 16) {
        switch (count) {
        case 0: return 0;
        case 1: return find_in_steps(text, n, bytes, 1);
        case 2: return find_in_steps(text, n, bytes, 2);
        case 3: return find_in_steps(text, n, bytes, 3);
        case 4: return find_in_steps(text, n, bytes, 4);
        case 5: return find_in_steps(text, n, bytes, 5);
        case 6: return find_in_steps(text, n, bytes, 6);
        case 7: return find_in_steps(text, n, bytes, 7);
        default: return find_in_steps(text, n, bytes, 8);
        }
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

// MARK: - The rolling scan

// The multipliers of the window's two hashes (odd: a multiply by one is a permutation).
enum { slot_a = 0x9E37, slot_b = 0x7F4B, slot_c = 0xC2B3, slot_d = 0x27D5 };

/// The word hash and the bits hash of a window's halves, ten bits each (the top bits of
/// sixteen-bit products: multiply, mix in the other half, multiply again).
static inline uint32_t slot_of(uint32_t high, uint32_t low) {
    uint16_t word = (uint16_t)((uint32_t)(uint16_t)((uint16_t)(low * slot_a) ^ high) * slot_b);
    uint16_t bits = (uint16_t)((uint32_t)(uint16_t)((uint16_t)(high * slot_c) ^ low) * slot_d);
    return (uint32_t)(word >> 6) << 10 | (uint32_t)(bits >> 6);
}

uint32_t pk_window_slot(uint32_t window) { return slot_of(window >> 16, window & 0xFFFF); }

/// Whether the window with this slot passes the key filter.
static inline int key_may_end(const pk_scan_tables *tables, uint32_t word, uint32_t entry) {
    uint64_t bits = tables->two_bits[entry];
    return (tables->key_misses[word] & bits) == 0;
}

/// The scan of the ends `from..<to`, a byte at a time.
static size_t scan_range(const uint8_t *text, size_t from, size_t to, const pk_scan_tables *tables, uint16_t groups,
                         size_t *hits) {
    size_t found = 0;
    for (size_t end = from; end < to; end++) {
        if (end >= 3) {
            uint32_t slot = slot_of((uint32_t)text[end - 3] << 8 | text[end - 2], (uint32_t)text[end - 1] << 8 | text[end]);
            if (key_may_end(tables, slot >> 10, slot & 1023)) hits[found++] = end << 1;
        }
        if (groups && end >= 1 && (tables->pair_groups[(uint32_t)text[end - 1] << 8 | text[end]] & groups))
            hits[found++] = end << 1 | 1;
    }
    return found;
}

size_t pk_scan_scalar(const uint8_t *text, size_t n, const pk_scan_tables *tables, uint16_t groups, size_t *hits) {
    return scan_range(text, 0, n, tables, groups, hits);
}

#if defined(__x86_64__)
/// The ends `end..<end + count` (`end` 3 or more, `count` at most 16), from the sixteen
/// windows ending at `end...end + 15`: the windows' halves made from four overlapping loads,
/// both hashes of eight windows at once, then a filter probe (and a probe of the pairs' groups,
/// when `with_pairs`) for each end.
__attribute__((always_inline))
static inline size_t scan_sixteen(const uint8_t *text, size_t end, size_t count, pk_scan_tables tables,
                                  uint16_t groups, int with_pairs, size_t *hits) {
    // The tables by value, in locals: `hits` may alias a struct's fields for all the compiler
    // knows (size_t is uint64_t), and they would be loaded again after every hit and step.
    const uint64_t *key_misses = tables.key_misses, *two_bits = tables.two_bits;
    const uint16_t *pair_groups = tables.pair_groups;
    const __m128i a = _mm_set1_epi16((short)slot_a), b = _mm_set1_epi16((short)slot_b);
    const __m128i c = _mm_set1_epi16((short)slot_c), d = _mm_set1_epi16((short)slot_d);
    __m128i first = _mm_loadu_si128((const __m128i *)(text + end - 3)), second = _mm_loadu_si128((const __m128i *)(text + end - 2));
    __m128i third = _mm_loadu_si128((const __m128i *)(text + end - 1)), fourth = _mm_loadu_si128((const __m128i *)(text + end));
    // Lane k of a half: its first byte high (the window's byte order), for the window ending at end + k.
    __m128i highs[2] = {_mm_unpacklo_epi8(second, first), _mm_unpackhi_epi8(second, first)};
    __m128i lows[2] = {_mm_unpacklo_epi8(fourth, third), _mm_unpackhi_epi8(fourth, third)};
    uint16_t words[16], entries[16], pairs[16];
    for (int half = 0; half < 2; half++) {
        __m128i word = _mm_mullo_epi16(_mm_xor_si128(_mm_mullo_epi16(lows[half], a), highs[half]), b);
        __m128i entry = _mm_mullo_epi16(_mm_xor_si128(_mm_mullo_epi16(highs[half], c), lows[half]), d);
        _mm_storeu_si128((__m128i *)(words + 8 * half), _mm_srli_epi16(word, 6));
        _mm_storeu_si128((__m128i *)(entries + 8 * half), _mm_srli_epi16(entry, 6));
        _mm_storeu_si128((__m128i *)(pairs + 8 * half), lows[half]);
    }
    // The indices stay in memory, each read by one load: left to itself the compiler takes
    // them out of the vector registers, two instructions a lane.
    __asm__("" : "+m"(words), "+m"(entries), "+m"(pairs));
    size_t found = 0;
    // A key's end is written whether the filter passes it or not, and counted only when it
    // does: no branch on it (one end in 27 passes, at random for the branch predictor). The
    // pairs' hits are rarer (one end in 200), and a branch skips them.
#define PK_PROBE_END(k)                                                                                  \
    do {                                                                                                 \
        uint64_t bits = two_bits[entries[k]];                                                            \
        hits[found] = (end + (k)) << 1;                                                                  \
        found += (key_misses[words[k]] & bits) == 0;                                                     \
        if (with_pairs && (pair_groups[pairs[k]] & groups)) hits[found++] = (end + (k)) << 1 | 1;        \
    } while (0)
    if (count == 16) {
        // A whole step unrolled: no count of the loop to keep at every end.
#pragma clang loop unroll(full)
        for (size_t k = 0; k < 16; k++) PK_PROBE_END(k);
    } else {
        for (size_t k = 0; k < count; k++) PK_PROBE_END(k);
    }
#undef PK_PROBE_END
    return found;
}
#endif

size_t pk_scan(const uint8_t *text, size_t n, const pk_scan_tables *tables, uint16_t groups, size_t *hits) {
#if defined(__x86_64__)
    if (n >= 4) {
        // The first three ends complete no window; then sixteen ends a step, the last step
        // reading past the text (into the room the caller leaves) but looking at its ends only.
        size_t found = scan_range(text, 0, 3, tables, groups, hits), end = 3;
        const pk_scan_tables local = *tables;
        for (; end + 16 <= n; end += 16) {
            found += groups ? scan_sixteen(text, end, 16, local, groups, 1, hits + found)
                            : scan_sixteen(text, end, 16, local, groups, 0, hits + found);
        }
        if (end < n) {
            found += groups ? scan_sixteen(text, end, n - end, local, groups, 1, hits + found)
                            : scan_sixteen(text, end, n - end, local, groups, 0, hits + found);
        }
        return found;
    }
#endif
    return scan_range(text, 0, n, tables, groups, hits);
}

// MARK: - The strings behind the scan's hits

#include <string.h>

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the strings' heads are little-endian words"
#endif

/// Eight bytes of text as a little-endian word.
static inline uint64_t load_word(const uint8_t *p) {
    uint64_t word;
    memcpy(&word, p, sizeof word);
    return word;
}

/// Sets the bit of `s`'s pattern when `s` stands in the text with its key ending at `end`.
static inline void check_string(const pk_string *s, size_t end, const uint8_t *text, size_t n, const uint8_t *string_bytes,
                                uint64_t *bits) {
    size_t pattern = (size_t)s->pattern;
    uint64_t bit = 1ULL << (pattern & 63);
    size_t before = 3 + (size_t)s->key_offset, length = (size_t)s->length;
    if (end < before) return;
    size_t start = end - before;
    if (start + length > n) return;
    // The first eight bytes at once (the text has room past its end; bytes past the string
    // are masked off), then the rest byte by byte. One branch for the two ways a string is
    // passed over, its pattern found already (or out of the question) or its first bytes not
    // those of the text: alone, the first was a coin toss for the branch predictor.
    uint64_t differ = (load_word(text + start) & s->head_mask) ^ s->head, found = bits[pattern >> 6] & bit;
    if (differ | found) return;
    const uint8_t *literal = string_bytes + s->start;
    for (size_t k = 8; k < length; k++)
        if (text[start + k] != literal[k]) return;
    bits[pattern >> 6] |= bit;
}

/// The first slot of `key` in the table of keys (as `StringTable.slot`): the top bits of a
/// 64-bit product.
static inline size_t key_slot(uint32_t key, const pk_string_tables *t) {
    return (size_t)(((uint64_t)key * 0xC2B2AE3D27D4EB4FULL) >> 40) & t->key_mask;
}

/// The four bytes ending at `end` (3 or more), the first highest.
static inline uint32_t window_at(const uint8_t *text, size_t end) {
    return (uint32_t)text[end - 3] << 24 | (uint32_t)text[end - 2] << 16 | (uint32_t)text[end - 1] << 8 | text[end];
}

/// The strings of the key `key`, ending at `end`: each compared where it would stand.
__attribute__((always_inline))
static inline void check_key(uint32_t key, size_t end, const uint8_t *text, size_t n, const pk_string_tables *t, uint64_t *bits) {
    size_t slot = key_slot(key, t);
    const pk_key_slot *found;
    for (;; slot = (slot + 1) & t->key_mask) {
        found = t->key_slots + slot;
        if (found->count == 0) return;
        if (found->key == key) break;
    }
    check_string(&found->string, end, text, n, t->string_bytes, bits);
    const pk_string *others = t->other_strings + found->others;
    for (size_t k = 1; k < found->count; k++) check_string(&others[k - 1], end, text, n, t->string_bytes, bits);
}

/// A two- or three-byte string found: the bits of its patterns.
static void mark_short(uint64_t key, const pk_string_tables *t, uint64_t *bits) {
    uint32_t hash = (uint32_t)((key * 0x9E3779B97F4A7C15ULL) >> 32);
    for (size_t slot = (hash >> 16) & t->short_mask;; slot = (slot + 1) & t->short_mask) {
        const pk_short_slot *found = t->short_slots + slot;
        if (found->key == key) {
            for (int32_t k = 0; k < found->count; k++) {
                size_t pattern = (size_t)t->members[found->first + k];
                bits[pattern >> 6] |= 1ULL << (pattern & 63);
            }
            return;
        }
        if (found->key == UINT64_MAX) return;
    }
}

/// The two- and three-byte strings that may end at `end` (`window`: the bytes up to it). Both
/// kinds are looked for: a string whose pattern is out of the question marks a bit already set.
static void check_short(uint32_t window, size_t end, const pk_string_tables *t, uint64_t *bits) {
    uint32_t pair = window & 0xFFFF;
    if ((t->two_filter[pair >> 6] >> (pair & 63) & 1)) mark_short(2ULL << 32 | pair, t, bits);
    if (end >= 2) {
        // The three-byte filter's word and two bits (as `PatternPrefilter.probe`).
        uint32_t triple = window & 0xFFFFFF;
        uint64_t hash = (uint64_t)triple * 0x9E3779B97F4A7C15ULL, mask = t->scan.two_bits[hash >> 44 & 1023];
        if ((t->triple_filter[hash >> 54] & mask) == mask) mark_short(3ULL << 32 | triple, t, bits);
    }
}

/// The hit `hit` of the scan (its end times 2, plus 1 for a pair): the strings that may end there checked.
__attribute__((always_inline))
static inline void check_hit(size_t hit, const uint8_t *text, size_t n, const pk_string_tables *tables, uint64_t *bits) {
    size_t end = hit >> 1;
    // The four bytes ending at `end` (fewer at the text's start), the first highest.
    uint32_t window = 0;
    if (end >= 3) window = window_at(text, end);
    else for (size_t i = 0; i <= end; i++) window = window << 8 | text[i];
    if (hit & 1) check_short(window, end, tables, bits);
    else check_key(window, end, text, n, tables, bits);
}

void pk_find_strings(const uint8_t *text, size_t n, const pk_string_tables *tables, uint16_t groups, size_t *hits,
                     uint64_t *bits) {
    if (n <= PK_SCAN_SLICE) {
        // Most texts: one scan, whose ends are the text's (no slice's offset kept in the loop
        // of hits, whose variables then stayed on the stack).
        size_t found = pk_scan(text, n, &tables->scan, groups, hits);
        for (size_t k = 0; k < found; k++) check_hit(hits[k], text, n, tables, bits);
        return;
    }
    // A slice of ends at a time, so that the list of hits (two an end at most) stays small
    // whatever the text's length; each slice's scan starts three bytes early, for the windows
    // ending at its first ends, and leaves the ends before it to the slice before.
    for (size_t start = 0; start < n;) {
        size_t stop = n - start > PK_SCAN_SLICE ? start + PK_SCAN_SLICE : n;
        size_t from = start >= 3 ? start - 3 : 0;
        size_t found = pk_scan(text + from, stop - from, &tables->scan, groups, hits);
        for (size_t k = 0; k < found; k++) {
            size_t hit = hits[k] + (from << 1);
            if (hit >> 1 >= start) check_hit(hit, text, n, tables, bits);
        }
        start = stop;
    }
}

// MARK: - The prefixes of anchored patterns

// The prefix table's hashes (as `PrefixTable.hash`, `probe` and `stemProbe` in Swift, which
// build the table).
static inline uint64_t prefix_hash(uint64_t low, uint64_t high, size_t length) {
    return ((low ^ high * 0xC2B2AE3D27D4EB4FULL) + length) * 0x9E3779B97F4A7C15ULL;
}

/// The bits of the patterns of a run of `count` from `first` whose lead group is alive.
static inline void mark_run(const pk_prefix_tables *t, size_t first, size_t count, uint64_t alive, uint64_t *bits) {
    for (size_t k = first; k < first + count; k++) {
        if (!(alive >> t->groups[k] & 1)) continue;
        size_t pattern = (size_t)t->patterns[k];
        bits[pattern >> 6] |= 1ULL << (pattern & 63);
    }
}

/// The prefix `low`, `high` of `length` bytes (with its `hash`), when it is one: the bits of
/// its patterns whose lead group is alive.
static inline void mark_prefix(const pk_prefix_tables *t, uint64_t low, uint64_t high, size_t length, uint64_t hash,
                               uint64_t alive, uint64_t *bits) {
    for (size_t slot = (size_t)(hash >> 20) & t->mask;; slot = (slot + 1) & t->mask) {
        const pk_prefix_slot *found = t->slots + slot;
        if (found->length == 0) return;
        if (found->low == low && found->high == high && found->length == length) {
            mark_run(t, (size_t)found->first, found->count, alive, bits);
            return;
        }
    }
}

/// The prefixes of every length the text at `text` starts with (up to `count` bytes): the
/// bits of their patterns whose lead group is alive.
static inline void mark_prefixes(const uint8_t *text, size_t count, const pk_prefix_tables *t, uint64_t alive, uint64_t *bits) {
    if (count == 0) return;
    // The first byte: no prefix starts with it (most starts of most texts), or only longer
    // ones; a prefix itself, its patterns are at hand.
    uint8_t first_byte = t->first_bytes[text[0]];
    if (first_byte == 0) return;
    if (first_byte == 3) {
        uint64_t run = t->one_byte_runs[text[0]];
        mark_run(t, (size_t)(uint32_t)run, (size_t)(run >> 32), alive, bits);
    }
    if (count < 2) return;
    // The first two bytes, exactly, from a table whose lines the common starts of texts keep
    // in the cache (hashed, each start's probe missed it).
    uint64_t first = load_word(text), second = load_word(text + 8);
    uint32_t pair = (uint32_t)(first & 0xFFFF);
    uint64_t pair_bits = t->pair_starts[pair >> 5] >> (2 * (pair & 31));
    if (pair_bits & 1) mark_prefix(t, first & 0xFFFF, 0, 2, prefix_hash(first & 0xFFFF, 0, 2), alive, bits);
    if (!(pair_bits & 2)) return;
    size_t longest = count < t->max_length ? count : t->max_length;
    for (size_t length = 3; length <= longest; length++) {
        uint64_t low = length >= 8 ? first : first & ((1ULL << (8 * length)) - 1);
        uint64_t high = length <= 8 ? 0 : length >= 16 ? second : second & ((1ULL << (8 * (length - 8))) - 1);
        uint64_t hash = prefix_hash(low, high, length);
        // No prefix starts as the text does: none of this length or longer. Both words of the
        // length's pair are in one line: one cache miss a length, not two.
        uint64_t mixed = hash * 0xD6E8FEB86659FD93ULL;
        const uint64_t *probe = t->probes + 2 * (mixed >> 53);
        uint64_t stem_bits = 1ULL << (mixed >> 47 & 63) | 1ULL << (mixed >> 41 & 63);
        if ((probe[0] & stem_bits) != stem_bits) return;
        uint64_t filter_bits = 1ULL << (hash >> 48 & 63) | 1ULL << (hash >> 42 & 63) | 1ULL << (hash >> 36 & 63);
        if ((probe[1] & filter_bits) != filter_bits) continue;
        mark_prefix(t, low, high, length, hash, alive, bits);
    }
}

size_t pk_walk_prefixes(const uint8_t *text, size_t n, size_t start, const pk_prefix_tables *tables, uint64_t *alive,
                        uint64_t *bits) {
    uint64_t groups = *alive;
    for (;;) {
        mark_prefixes(text + start, n - start, tables, groups, bits);
        groups &= ~1ULL;  // the empty lead: the very start only
        if (groups == 0 || start >= n) return n + 1;
        uint8_t byte = text[start];
        if (byte < 0x80) {
            groups &= tables->lead_groups[byte];
            start++;
        } else if (byte < 0xE0 && start + 1 < n) {
            // A two-byte character (Latin, Greek, Cyrillic; a text of them went back to Swift at
            // every line's start) by its value.
            groups &= tables->lead_groups[(byte & 0x1Fu) << 6 | (text[start + 1] & 0x3Fu)];
            start += 2;
        } else {
            *alive = groups;
            return start;
        }
        if (groups == 0) return n + 1;
    }
}
