#include "CMeasureKernel.h"

#include <string.h>

#if defined(__x86_64__)
#include <emmintrin.h>
#endif

#define LIKELY(x) __builtin_expect(!!(x), 1)
#define UNLIKELY(x) __builtin_expect(!!(x), 0)

/// Longest key, in bytes (a longer word's key is its first 64 bytes and one more scalar).
enum { key_limit = 64 };
/// The packed counts (16 bits a field) are added up every this many bytes, so that no field,
/// at most one a byte, overflows (a whole word's letters may run 15 bytes past the chunk's end).
enum { chunk_bytes = 32768 };

static const uint64_t ones = 0x0101010101010101ull;
static const uint64_t high_bits = 0x8080808080808080ull;

// MARK: - The stopword table

/// Hides `x`'s value from the compiler, so that arithmetic meant to be branch-free stays so:
/// clang turns selects on whether a word is a stopword into branches, which mispredict on a
/// third of the words.
static inline __attribute__((always_inline)) void opaque(uint64_t *x) { __asm__("" : "+r"(*x)); }

static inline uint64_t load64(const uint8_t *p) {
    uint64_t x;
    memcpy(&x, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    x = __builtin_bswap64(x);
#endif
    return x;
}

/// `load64`'s inverse: `x`'s bytes, lowest first.
static inline void store64(uint8_t *p, uint64_t x) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    x = __builtin_bswap64(x);
#endif
    memcpy(p, &x, 8);
}

/// Swift's `WordMaskTable.hash`: one multiplication. Its upper bits, the best mixed, choose
/// the filter's word and bits and the home slot.
static inline uint64_t word_hash(uint64_t low, uint64_t high) {
    return (low + (high << 27 | high >> 37)) * 0x9E3779B97F4A7C15ull;
}

/// The rare case of `word_value`: the Bloom filter let the word by and another word (or a
/// mark) is in its home slot. A word of at most 8 bytes probes on from it (slot `mask + 1`
/// wraps to 1: slot 0 is the empty one); a longer one is looked for among the long slots.
static uint64_t __attribute__((noinline)) probe_on(const winnow_word_table *t, size_t slot, uint64_t low, uint64_t high) {
    if (high != 0) {
        const winnow_long_entry *slots = t->long_slots;
        size_t at = (size_t)(word_hash(low, high) >> 32) & t->long_mask;
        for (;;) {
            if (slots[at].low == 0) return 0;
            if (slots[at].low == low && slots[at].high == high) return slots[at].value;
            at = (at + 1) & t->long_mask;
        }
    }
    const winnow_word_entry *slots = t->slots;
    for (;;) {
        slot = (slot & t->slot_mask) + 1;
        if (slots[slot].key == 0) return 0;
        if (slots[slot].key == low) return slots[slot].value;
    }
}

/// The mask of a key. Most words are no stopword and whether one is cannot be predicted, so
/// nothing branches on it: the Bloom filter (two bits of one word) sends a word it turns away
/// to slot 0, always empty, and the slot's value counts only when its key is the word's (a
/// word of more than 8 bytes is never a slot's). Only when the slot holds another word or a
/// mark (the filter let the word by) does the lookup branch, to probe on.
static inline __attribute__((always_inline)) uint64_t word_value(const winnow_word_table *t, uint64_t low, uint64_t high) {
    uint64_t h = word_hash(low, high);
    uint64_t bits = t->bloom[h >> 48 & 1023];
    uint64_t maybe = bits >> (h >> 58) & bits >> (h >> 42 & 63) & 1;
    opaque(&maybe);
    // The home slot (1...mask + 1), or slot 0 when turned away, without a branch.
    size_t slot = (((size_t)(h >> 32) & t->slot_mask) + 1) & (0 - maybe);
    const winnow_word_entry *entry = &t->slots[slot];
    uint64_t differs = (entry->key ^ low) | high;
    // All ones when the slot holds another key or none: then probe on when it holds one (an
    // empty slot's key is 0), else the value is 0.
    uint64_t other = 0 - (uint64_t)(differs != 0);
    opaque(&other);
    if (UNLIKELY((entry->key & other) != 0)) return probe_on(t, slot, low, high);
    return entry->value & ~other;
}

uint64_t winnow_word_value(const winnow_word_table *table, uint64_t low, uint64_t high) {
    return word_value(table, low, high);
}

/// The first `count` bytes of a key buffer (16 readable) as two zero-padded words.
static inline __attribute__((always_inline)) void word_key(const uint8_t *key, size_t count, uint64_t *low, uint64_t *high) {
    uint64_t l = load64(key), h = load64(key + 8);
    *low = count >= 8 ? l : l & ((1ull << (count * 8)) - 1);
    *high = count >= 16 ? h : count <= 8 ? 0 : h & ((1ull << ((count - 8) * 8)) - 1);
}

/// 0x80 in the place of each apostrophe byte of `word` (exact for any byte: no carries).
static inline uint64_t apostrophes(uint64_t word) {
    const uint64_t low7 = 0x7F7F7F7F7F7F7F7Full;
    uint64_t x = word ^ 0x2727272727272727ull;
    return ~(((x & low7) + low7) | x) & high_bits;
}

/// The mask of the word of `length` key bytes (16 more readable), `*counts` false when it is
/// no word at all (hyphens only). Trailing hyphens are edges, not part of the word; an
/// elision ("l'homme") counts by its article ("l'").
static inline __attribute__((always_inline)) uint64_t key_value(const winnow_word_table *t, const uint8_t *key, size_t length, int *counts) {
    while (key[length - 1] == '-') {
        if (--length == 0) { *counts = 0; return 0; }
    }
    *counts = 1;
    uint64_t low, high;
    word_key(key, length, &low, &high);
    uint64_t mask = 0;
    if (length <= t->longest_word) {
        mask = length <= 16 ? word_value(t, low, high) : t->longer_value(t->longer_context, key, length);
    }
    if (mask == 0) {
        // An apostrophe among the first four bytes (`low` holds them, zero-padded).
        uint64_t found = apostrophes(low) & 0x80808080ull;
        if (found != 0) {
            size_t prefix = (size_t)__builtin_ctzll(found) / 8 + 1;
            if (prefix <= t->longest_word) mask = word_value(t, low & ((1ull << (prefix * 8)) - 1), 0);
        }
    }
    return mask;
}

// MARK: - Whole ASCII words

typedef struct {
    size_t letters, uppercase, first_is_upper;
    uint64_t key;
} letters8;

/// The leading letters of eight bytes: their number (8 when all are), upper case among them,
/// whether the first is upper case, and their key bytes (the rest zero).
static inline __attribute__((always_inline)) letters8 classify8(uint64_t x) {
    // With bit 5 set a letter is lower case; `(y | high) - c` keeps a byte's high bit when
    // y >= c (no borrow between bytes), `& ~x` drops the bytes that are not ASCII.
    uint64_t y = x | 0x2020202020202020ull | high_bits;
    uint64_t letter = (y - ones * 0x61) & ~(y - ones * 0x7B) & ~x & high_bits;
    uint64_t others = ~letter & high_bits;
    // The bytes before the first other byte (all eight when there is none).
    uint64_t leading = ((others & (0 - others)) >> 7) - 1;
    uint64_t upper = letter & ~(x << 2) & leading;   // bit 5 clear, moved to bit 7
    letters8 r;
    r.letters = others ? (size_t)__builtin_ctzll(others) >> 3 : 8;
    // The sum of the 0/1 bytes lands in the top byte (no `popcnt` on baseline x86-64).
    r.uppercase = (size_t)((((upper >> 7) * ones) >> 56));
    r.first_is_upper = (size_t)(upper >> 7 & 1);
    r.key = (x | 0x2020202020202020ull) & leading;
    return r;
}

/// The portable whole-word classification: sixteen readable bytes at `p`, eight at a time.
static inline __attribute__((always_inline)) winnow_ascii_word ascii_word_portable(const uint8_t *p) {
    letters8 first = classify8(load64(p));
    winnow_ascii_word w;
    w.low = first.key;
    w.first_is_upper = first.first_is_upper;
    if (first.letters < 8) {
        w.letters = first.letters;
        w.uppercase = first.uppercase;
        w.high = 0;
    } else {
        letters8 second = classify8(load64(p + 8));
        w.letters = 8 + second.letters;
        w.uppercase = first.uppercase + second.uppercase;
        w.high = second.key;
    }
    return w;
}

#if defined(__x86_64__)
/// 16 bytes of 0xFF then 16 of zero: the 16 bytes from `16 - k` keep a vector's first k bytes.
static const uint8_t keep_first[32] = {
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
};

/// The same with SSE2 (baseline on x86-64), all sixteen bytes in one step.
static inline __attribute__((always_inline)) winnow_ascii_word ascii_word_sse2(const uint8_t *p) {
    const __m128i x = _mm_loadu_si128((const __m128i *)p);
    const __m128i case_bit = _mm_set1_epi8(0x20);
    // Lower-cased, a letter is 'a'...'z'; bytes of 0x80 or more are negative as signed bytes.
    const __m128i lowered = _mm_or_si128(x, case_bit);
    const __m128i letter = _mm_and_si128(_mm_cmpgt_epi8(lowered, _mm_set1_epi8(0x60)),
                                         _mm_cmplt_epi8(lowered, _mm_set1_epi8(0x7B)));
    const unsigned letters = (unsigned)__builtin_ctz(~(unsigned)_mm_movemask_epi8(letter));   // at most 16
    const __m128i leading = _mm_loadu_si128((const __m128i *)(keep_first + 16 - letters));
    const __m128i upper = _mm_and_si128(_mm_and_si128(letter, leading), _mm_cmpeq_epi8(_mm_and_si128(x, case_bit), _mm_setzero_si128()));
    // The upper-case bytes (0xFF) as ones, summed (no `popcnt` on baseline x86-64).
    const __m128i sums = _mm_sad_epu8(_mm_and_si128(upper, _mm_set1_epi8(1)), _mm_setzero_si128());
    const __m128i key = _mm_and_si128(lowered, leading);
    winnow_ascii_word w;
    w.letters = letters;
    w.uppercase = (size_t)_mm_cvtsi128_si32(_mm_add_epi32(sums, _mm_unpackhi_epi64(sums, sums)));
    w.first_is_upper = (size_t)(_mm_cvtsi128_si32(upper) & 1);
    w.low = (uint64_t)_mm_cvtsi128_si64(key);
    w.high = (uint64_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(key, key));
    return w;
}
#endif

/// A word's leading ASCII letters (up to 16) from sixteen readable bytes at `p`.
static inline __attribute__((always_inline)) winnow_ascii_word ascii_word(const uint8_t *p) {
#if defined(__x86_64__)
    return ascii_word_sse2(p);
#else
    return ascii_word_portable(p);
#endif
}

/// `available` bytes at `text` and zeros after them, sixteen in all.
static inline void padded16(uint8_t padded[16], const uint8_t *text, size_t available) {
    memset(padded, 0, 16);
    memcpy(padded, text, available < 16 ? available : 16);
}

winnow_ascii_word winnow_ascii_word_at(const uint8_t *text, size_t available) {
    uint8_t padded[16];
    padded16(padded, text, available);
    return ascii_word(padded);
}

winnow_ascii_word winnow_ascii_word_at_portable(const uint8_t *text, size_t available) {
    uint8_t padded[16];
    padded16(padded, text, available);
    return ascii_word_portable(padded);
}

// MARK: - The scan

static inline int is_cjk(uint32_t v) {
    return (v >= 0x3040 && v <= 0x30FF) || (v >= 0x3400 && v <= 0x4DBF) || (v >= 0x4E00 && v <= 0x9FFF) || (v >= 0xF900 && v <= 0xFAFF);
}

/// Appends `scalar`'s UTF-8 to the key at `k`; returns its length.
static inline size_t put_utf8(uint8_t *k, uint32_t scalar) {
    if (scalar < 0x80) { k[0] = (uint8_t)scalar; return 1; }
    if (scalar < 0x800) { k[0] = (uint8_t)(0xC0 | scalar >> 6); k[1] = (uint8_t)(0x80 | (scalar & 0x3F)); return 2; }
    if (scalar < 0x10000) {
        k[0] = (uint8_t)(0xE0 | scalar >> 12); k[1] = (uint8_t)(0x80 | (scalar >> 6 & 0x3F)); k[2] = (uint8_t)(0x80 | (scalar & 0x3F));
        return 3;
    }
    k[0] = (uint8_t)(0xF0 | scalar >> 18); k[1] = (uint8_t)(0x80 | (scalar >> 12 & 0x3F));
    k[2] = (uint8_t)(0x80 | (scalar >> 6 & 0x3F)); k[3] = (uint8_t)(0x80 | (scalar & 0x3F));
    return 4;
}

/// A scalar of three or four bytes (the loop's rare case, out of line so that the loop keeps
/// its registers): its counts into `out`, its key bytes after the `word_length` at `key`.
/// Returns the new key length.
static size_t __attribute__((noinline)) long_scalar(uint32_t v, uint64_t word_start, uint8_t *key, size_t word_length,
                                                    const winnow_scalar_classes *classes, winnow_text_counts *out) {
    out->words += word_start;
    // The table below U+3000, the CJK blocks, else Swift asks Unicode.
    uint32_t entry = v < classes->cached_limit ? classes->cached_kinds[v]
                   : is_cjk(v) ? winnow_kind_cjk : classes->classify(v);
    uint32_t append = 0;   // 0: nothing (no key holds a zero byte)
    if (entry & winnow_separator_mark) out->separators++;
    switch (entry & 0x7F) {
    case winnow_kind_upper: out->letters++; out->uppercase++; out->capitalised += word_start; append = entry >> 8; break;
    case winnow_kind_lower: out->letters++; append = v; break;
    case winnow_kind_cjk: out->letters++; out->cjk++; break;
    case winnow_kind_digit: out->digits++; append = v; break;
    case winnow_kind_apostrophe: if (word_length > 0) append = '\''; break;
    default: break;
    }
    if (append != 0 && word_length < key_limit) word_length += put_utf8(key + word_length, append);
    return word_length;
}

/// The scan's state, in registers once `step` and `scan` are inlined.
typedef struct {
    const uint8_t *p;
    size_t n, i;
    /// Counts of the ASCII and two-byte paths, 16 bits each in two words (letters, upper case,
    /// digits, separators; words, capitalised words, continuation bytes): one addition each,
    /// and fewer values to keep in registers.
    uint64_t packed, tokens;
    /// The word being read byte by byte: its key bytes so far.
    size_t word_length;
    uint8_t *key;
    /// The byte tables (`classes`' own, in locals: stores of masks might otherwise alias them).
    const winnow_ascii_class *ascii;
    const winnow_two_byte_class *two_byte;
    /// Where the next word's mask goes, in `sink`.
    uint64_t *masks;
    winnow_mask_sink *sink;
    size_t guess_words_left;
    /// The text's last 16 bytes (all of it when shorter) and 16 zeros, for reads of sixteen
    /// bytes from `tail_start` on, where they are in the text.
    const uint8_t *tail;
    size_t tail_start;
} walk;

/// Keeps a word's mask when a list holds it (no branch on which), and counts the word for the
/// language guess.
static inline __attribute__((always_inline)) void record(walk *w, uint64_t mask) {
    *w->masks = mask;
    w->masks += mask != 0;
    if (UNLIKELY(--w->guess_words_left == 0)) w->sink->masks_in_guess = (size_t)(w->masks - w->sink->masks);
}

/// The mask of the word read byte by byte, when it is a word (not hyphens alone).
static inline __attribute__((always_inline)) void end_word(walk *w, const winnow_word_table *table) {
    int counts;
    uint64_t mask = key_value(table, w->key, w->word_length, &counts);
    if (counts) record(w, mask);
}

/// One byte or scalar, at a word's start (`at_start`) or not; 1 when it is a space. Without a
/// branch but the space: the byte is written past the key and kept when it belongs to the word
/// (letters and digits; joiners not first; 64 bytes at most); a space ends the word (looked up
/// when it has a key).
static inline __attribute__((always_inline))
int step(walk *w, const winnow_scalar_classes *classes, const winnow_word_table *table, winnow_text_counts *out,
         const int collect, const uint64_t at_start) {
    const uint8_t b0 = w->p[w->i];
    if (b0 < 0x80) {
        w->i++;
        const winnow_ascii_class *c = &w->ascii[b0];
        w->packed += c->increments;
        if (at_start) w->tokens += (uint64_t)(c->space ^ 1) | (uint64_t)c->upper << 16;
        w->key[w->word_length] = c->lowered;
        w->word_length += (size_t)c->kept[w->word_length != 0] & (w->word_length < key_limit);
        if (c->space) {
            if (collect && w->word_length != 0) end_word(w, table);
            w->word_length = 0;
            return 1;
        }
        return 0;
    }
    const uint32_t u0 = b0;
    if (LIKELY(b0 < 0xE0)) {
        // Two bytes: one table load, no branch, as for ASCII (the four bytes stored past the
        // key are scratch).
        if (UNLIKELY(w->i + 1 >= w->n)) { w->i++; return 0; }   // cut short: invalid
        const winnow_two_byte_class *c = &w->two_byte[(u0 & 0x1F) << 6 | (w->p[w->i + 1] & 0x3F)];
        w->i += 2;
        w->packed += c->increments;
        w->tokens += (at_start ? 1 | (uint64_t)c->upper << 16 : 0) | 1ull << 32;
        uint32_t key_bytes = c->key_bytes;   // little-endian: the first key byte lowest
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
        key_bytes = __builtin_bswap32(key_bytes);
#endif
        memcpy(w->key + w->word_length, &key_bytes, 4);
        w->word_length += w->word_length < key_limit ? c->key_length : 0;
        return 0;
    }
    // Three or four bytes.
    const uint8_t *p = w->p + w->i;
    uint32_t v;
    if (b0 < 0xF0) {
        if (UNLIKELY(w->i + 2 >= w->n)) { w->i = w->n; return 0; }   // cut short: invalid
        v = (u0 & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 | (uint32_t)(p[2] & 0x3F);
        w->i += 3;
        out->continuation += 2;
    } else {
        if (UNLIKELY(w->i + 3 >= w->n)) { w->i = w->n; return 0; }   // cut short: invalid
        v = (u0 & 0x07) << 18 | (uint32_t)(p[1] & 0x3F) << 12 | (uint32_t)(p[2] & 0x3F) << 6 | (uint32_t)(p[3] & 0x3F);
        w->i += 4;
        out->continuation += 3;
    }
    w->word_length = long_scalar(v, at_start, w->key, w->word_length, classes, out);
    return 0;
}

/// At a word's start: takes the word whole when it is ASCII letters (at most 15), then
/// punctuation that counts for nothing, then a space or the end (1). When it starts with
/// letters but goes on otherwise, takes those letters as `step` would and leaves the rest of
/// the word to it (2); 0 when it does not start with a letter.
static inline __attribute__((always_inline))
int whole_word(walk *w, const winnow_word_table *table, const int collect) {
    const uint8_t *p = w->p;
    const size_t n = w->n;
    // Sixteen bytes are read: near the end, from the copy of the text's last bytes.
    winnow_ascii_word word = ascii_word(LIKELY(w->i < w->tail_start) ? p + w->i : w->tail + (w->i - w->tail_start));
    if (word.letters == 0) return 0;
    w->tokens += 1 | (uint64_t)word.first_is_upper << 16;
    w->packed += (uint64_t)word.letters | (uint64_t)word.uppercase << 16;
    size_t end = w->i + word.letters;
    if (word.letters == 16) goto inside;
    for (; end < n && p[end] != ' '; end++) {
        if (p[end] >= 0x80 || !w->ascii[p[end]].inert) goto inside;
    }
    if (collect) record(w, word.letters <= table->longest_word ? word_value(table, word.low, word.high) : 0);
    w->i = end + 1;   // past the space (or the end)
    return 1;
inside:
    // The letters are the key's first bytes (at most 16, well within `key_limit`).
    store64(w->key, word.low);
    store64(w->key + 8, word.high);
    w->word_length = word.letters;
    w->i += word.letters;
    return 2;
}

/// The scan, with (`collect`) or without word lookups, in chunks (`chunked`) or in one when the
/// text is no longer than a chunk: inlined three times, with `collect` and `chunked` constant
/// (one chunk frees a register of the loop).
static inline __attribute__((always_inline))
void scan(const uint8_t *p, size_t n, const winnow_scalar_classes *classes, const winnow_word_table *table,
          winnow_mask_sink *sink, winnow_text_counts *out, const int collect, const int chunked) {
    // At most 64 bytes and one scalar of a key, and 16 readable bytes past it (keys are read
    // as two words).
    uint8_t key[128];
    memset(key, 0, sizeof key);
    memset(out, 0, sizeof *out);
    uint8_t tail[32];
    memset(tail, 0, sizeof tail);
    const size_t tail_start = n > 16 ? n - 16 : 0;
    memcpy(tail, p + tail_start, n - tail_start);
    walk w = { .p = p, .n = n, .i = 0, .packed = 0, .tokens = 0, .word_length = 0, .key = key,
               .ascii = classes->ascii, .two_byte = classes->two_byte,
               .masks = collect ? sink->masks + sink->count : NULL, .sink = sink,
               .guess_words_left = collect ? sink->guess_words_left : 0,
               .tail = tail, .tail_start = tail_start };
    // Whether the next byte may start a word (after a space, or first): carried across chunks.
    int at_start = 1;
    while (w.i < n) {
        // The packed counts are added up every `chunk_bytes` bytes.
        w.packed = 0;
        w.tokens = 0;
        const size_t limit = chunked && n - w.i > chunk_bytes ? w.i + chunk_bytes : n;
        if (!at_start) goto inside;
        while (w.i < limit) {
            // At a word's start.
            const int whole = whole_word(&w, table, collect);
            if (whole == 1) continue;
            if (whole == 0 && step(&w, classes, table, out, collect, 1)) continue;
        inside:
            // Inside a word, to the space after it.
            for (;;) {
                if (w.i >= limit) { at_start = 0; goto chunk_done; }
                if (step(&w, classes, table, out, collect, 0)) break;
            }
        }
        at_start = 1;
    chunk_done:
        out->letters += w.packed & 0xFFFF;
        out->uppercase += w.packed >> 16 & 0xFFFF;
        out->digits += w.packed >> 32 & 0xFFFF;
        out->separators += w.packed >> 48;
        out->words += w.tokens & 0xFFFF;
        out->capitalised += w.tokens >> 16 & 0xFFFF;
        out->continuation += w.tokens >> 32 & 0xFFFF;
    }
    if (collect) {
        if (w.word_length > 0) end_word(&w, table);
        sink->count = (size_t)(w.masks - sink->masks);
        sink->guess_words_left = w.guess_words_left;
    }
}

void winnow_measure_scan(const uint8_t *text, size_t count, const winnow_scalar_classes *classes,
                         const winnow_word_table *table, winnow_mask_sink *sink, winnow_text_counts *counts) {
    if (table == NULL) scan(text, count, classes, NULL, NULL, counts, 0, 1);
    else if (count <= chunk_bytes) scan(text, count, classes, table, sink, counts, 1, 0);
    else scan(text, count, classes, table, sink, counts, 1, 1);
}
