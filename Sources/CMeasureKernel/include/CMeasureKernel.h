#ifndef CMEASURE_KERNEL_H
#define CMEASURE_KERNEL_H

#include <stddef.h>
#include <stdint.h>

/// The measure stage's word walk in C: one pass over a segment's UTF-8 that counts character
/// classes and words and looks each word up in the stopword table as it ends. Swift's
/// `TextScanner` fills the tables (classes, stopword slots) and keeps what depends on Unicode's
/// properties; the loop is in C so that its state stays in registers (in Swift it spilled to the
/// stack and reloaded the scanner's fields at every word: about 250 instructions a word).

/// What an ASCII byte is: all a byte of the loop needs, in one load.
typedef struct {
    /// What it adds to the packed counts: 1 in bits 0 (letter), 16 (upper case), 32 (digit),
    /// 48 (separator mark).
    uint64_t increments;
    /// The byte lower-cased, as it stands in a word's key.
    uint8_t lowered;
    /// 1 for an upper-case letter.
    uint8_t upper;
    /// 1 when the byte is kept in a word's key, first (letters and digits) and after the
    /// word's first key byte (letters, digits, the apostrophe and the hyphen).
    uint8_t kept[2];
    /// 1 for the space, which ends a word.
    uint8_t space;
    /// 1 for bytes that count for nothing and are no part of a key (`,` `.` `)`, ...).
    uint8_t inert;
} winnow_ascii_class;

/// What a scalar of two UTF-8 bytes (U+0080...U+07FF) is, indexed by the scalar.
typedef struct {
    /// As `winnow_ascii_class.increments`.
    uint64_t increments;
    /// Its lower-cased UTF-8 as it stands in a key, little-endian, and its length (0: none).
    uint32_t key_bytes;
    uint8_t key_length;
    /// 1 for an upper-case letter.
    uint8_t upper;
} winnow_two_byte_class;

/// The kinds of `winnow_scalar_classes.cached_kinds` entries (low seven bits; an upper-case
/// letter's lower-case scalar from bit 8; `winnow_separator_mark` set for a separator mark, so
/// that the list of those stays in one place, Swift's `TextScanner.isSeparatorMark`).
enum {
    winnow_kind_other = 0,
    winnow_kind_lower = 1,
    winnow_kind_upper = 2,
    winnow_kind_cjk = 3,
    winnow_kind_digit = 4,
    winnow_kind_apostrophe = 5,
    winnow_separator_mark = 0x80,
};

typedef struct {
    const winnow_ascii_class *ascii;          // 128 entries
    const winnow_two_byte_class *two_byte;    // 0x800 entries, by scalar
    const uint32_t *cached_kinds;             // the kind of each scalar below `cached_limit`
    uint32_t cached_limit;
    /// The entry (as in `cached_kinds`) of a scalar at or beyond `cached_limit` and outside the CJK blocks.
    uint32_t (*classify)(uint32_t scalar);
} winnow_scalar_classes;

/// A stopword of at most 8 bytes: its key (zero-padded, little-endian) and its mask. An empty
/// slot is all zero; a key whose first byte is zero (no word's is) only marks a slot taken.
typedef struct {
    uint64_t key;
    uint64_t value;
} winnow_word_entry;

/// A stopword of 9 to 16 bytes: its key (the word's bytes as two zero-padded little-endian
/// words) and its mask. An empty slot is all zero.
typedef struct {
    uint64_t low;
    uint64_t high;
    uint64_t value;
} winnow_long_entry;

/// The stopword table (built by Swift's `WordMaskTable`): open addressing, a Bloom filter
/// in front.
typedef struct {
    /// An always-empty slot 0, then `slot_mask + 1` slots of the words of at most 8 bytes. The
    /// home slot of each word of 9 to 16 bytes is taken (by a word or a mark), so that a lookup
    /// of one the filter lets by goes on to `long_slots`.
    const winnow_word_entry *slots;
    uint64_t slot_mask;
    /// `long_mask + 1` slots of the words of 9 to 16 bytes.
    const winnow_long_entry *long_slots;
    uint64_t long_mask;
    /// 64K bits, two a key.
    const uint64_t *bloom;
    /// Longest word of any list, in bytes: longer words need no lookup.
    size_t longest_word;
    /// The value of a word longer than 16 bytes (the few such stopwords are not in `slots`).
    uint64_t (*longer_value)(const void *context, const uint8_t *word, size_t count);
    const void *longer_context;
} winnow_word_table;

/// Where the masks of a page's words go: the mask of each word some list holds, in word order
/// (words in no list are only counted).
typedef struct {
    /// Room for `count` plus half the segment's bytes plus one.
    uint64_t *masks;
    size_t count;
    /// Words still to be looked up before the language guess has all it reads; when the last
    /// of them is, `masks_in_guess` is set to `count`.
    size_t guess_words_left;
    size_t masks_in_guess;
} winnow_mask_sink;

/// The counts of one segment.
typedef struct {
    size_t letters;
    size_t uppercase;
    size_t digits;
    size_t separators;
    /// Tokens that start after a space (or at the start).
    size_t words;
    size_t capitalised;
    /// UTF-8 continuation bytes (characters are bytes less these).
    size_t continuation;
    size_t cjk;
} winnow_text_counts;

/// Scans `count` bytes of valid UTF-8 at `text`. With `table` NULL no word is looked up and
/// `sink` may be NULL.
void winnow_measure_scan(const uint8_t *text, size_t count, const winnow_scalar_classes *classes,
                         const winnow_word_table *table, winnow_mask_sink *sink, winnow_text_counts *counts);

/// The mask of the word whose key is `low`, `high` (`winnow_word_key`), or 0.
uint64_t winnow_word_value(const winnow_word_table *table, uint64_t low, uint64_t high);

/// The whole-word path's view of a word: its leading ASCII letters (up to 16), classified
/// sixteen bytes in one step (SSE2 on x86-64) or eight at a time (the portable path).
/// Exposed for the equivalence tests.
typedef struct {
    /// Letters before the first other byte; 16 when there are at least that many.
    size_t letters;
    size_t uppercase;
    size_t first_is_upper;
    /// Their key: lower-cased, zero-padded, little-endian.
    uint64_t low;
    uint64_t high;
} winnow_ascii_word;

/// The word at `text`, of which `available` bytes are read (zeros after them), as the scan
/// reads it; `_portable`: by the portable path.
winnow_ascii_word winnow_ascii_word_at(const uint8_t *text, size_t available);
winnow_ascii_word winnow_ascii_word_at_portable(const uint8_t *text, size_t available);

#endif
