#ifndef C_PREFILTER_KERNEL_H
#define C_PREFILTER_KERNEL_H

// The byte-level loops of Winnow's literal prefilter (`PatternPrefilter`), in C so that they
// can use vector instructions. Each function has a portable scalar path that the vector paths
// must agree with exactly (the Swift tests compare them on every byte value).

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Copies the run of ASCII bytes at the start of `src` (at most `n` bytes) to `dst` with upper
/// case folded to lower case, and returns its length: the index of the first byte of 0x80 or
/// more, or `n`. Writes only within `dst[0..<n]`.
size_t pk_fold_ascii(const uint8_t *src, size_t n, uint8_t *dst);

/// How the prefilter folds non-ASCII scalars (owned by the prefilter, read-only).
typedef struct {
    /// For each byte: 1 when it leads the UTF-8 of some scalar that folds to another.
    const uint8_t *lead_folds;
    /// For each page of 256 scalars (`page_count` of them): where its folds start in `folds`,
    /// or -1 when nothing in it folds.
    const int32_t *page_starts;
    size_t page_count;
    /// Each scalar of a page that has some: the scalar it folds to (itself when none).
    const uint32_t *folds;
    /// For each scalar below U+0800 (by its eleven bits), when it and its fold both take two
    /// bytes: the fold's UTF-8, its first byte low; 0 otherwise. Most letters beyond ASCII
    /// (Latin, Greek, Cyrillic) fold by one load from it, without decoding.
    const uint16_t *two_byte_folds;
} pk_fold_tables;

/// Folds `src` into `dst` and returns the folded length: ASCII upper case to lower case (by
/// `pk_fold_ascii`), and each scalar whose lead byte may fold decoded and folded by the tables;
/// every other byte (invalid UTF-8 among them) is copied as it is. `dst` must hold `4 * n` bytes.
size_t pk_fold(const uint8_t *src, size_t n, uint8_t *dst, const pk_fold_tables *tables);

/// Which of `count` bytes (at most 8) occur in `text`: bit `k` set when `bytes[k]` does.
/// One pass for all of them.
uint32_t pk_find_bytes(const uint8_t *text, size_t n, const uint8_t *bytes, size_t count);

/// `pk_find_bytes` for a text readable for at least sixteen bytes (only `n` of them are looked
/// at): a text shorter than that is looked at in one vector step.
uint32_t pk_find_bytes_padded(const uint8_t *text, size_t n, const uint8_t *bytes, size_t count);

/// The rolling scan's tables (owned by the prefilter, read-only).
typedef struct {
    /// 1024 words: the filter of four-byte keys, two bits of one word a key, inverted (a bit
    /// set where no key has one): a window may be a key when none of its bits is set here
    /// (one test of a word, where the filter itself takes an AND and a compare).
    const uint64_t *key_misses;
    /// 1024 words of two bits each: the bits a key may have in its word.
    const uint64_t *two_bits;
    /// For each pair of bytes (the first in the high byte): the groups of patterns with a
    /// short string ending in it.
    const uint16_t *pair_groups;
} pk_scan_tables;

/// Where the four-byte window `window` (its first byte the highest) stands in the key filter:
/// its word times 1024 plus its entry in `two_bits`. Two hashes of its two halves (sixteen-bit
/// multiplies, which SSE2 does for eight windows at once).
uint32_t pk_window_slot(uint32_t window);

/// The rolling scan over `text`: writes to `hits`, in order, `end << 1` for each end (offset of
/// a last byte, 3 or more) where the four bytes ending there pass the key filter, and, when
/// `groups` is not 0, `end << 1 | 1` for each end (1 or more) where the two bytes ending there
/// have a group of `groups`. Returns the number written (entries past it may be written too);
/// `hits` must hold `2 * n`, and `text` must be readable for sixteen bytes past its end (only
/// its `n` bytes are looked at).
size_t pk_scan(const uint8_t *text, size_t n, const pk_scan_tables *tables, uint16_t groups, size_t *hits);

/// A contained string of four bytes or more, as a hit on its key checks it (24 bytes: a slot
/// of the table of keys holds one, and two take most of a line of the cache).
typedef struct {
    /// Its first eight bytes (fewer, zero-padded), little-endian: one compare with a word of
    /// the text decides a string of up to eight bytes, and rejects most others.
    uint64_t head;
    /// Ones over the bytes of `head` that are the string's (made once here, not at each check).
    uint64_t head_mask;
    /// Where its bytes start in the strings' bytes.
    int32_t start;
    /// Its pattern (the bit set in the candidates when it is found).
    uint16_t pattern;
    /// Its length (at most 255), and where its key (the four bytes the scan looks for) starts in it.
    uint8_t length;
    uint8_t key_offset;
} pk_string;

/// A slot of the table of keys (open addressing): the key's first string in place, so that a
/// hit on a key of one string (most keys) reads one slot; its other strings in a run. 32 bytes,
/// in a table aligned to the cache's lines: a slot is never across two (at 40 bytes, every
/// other one was).
typedef struct {
    uint32_t key;
    /// Strings of the key; 0: an empty slot.
    uint16_t count;
    /// Where the key's second and later strings start in `other_strings`.
    uint16_t others;
    pk_string string;
} pk_key_slot;

/// A slot of the table of two- and three-byte strings: the string (its length times 2^32 plus
/// its bytes, the first highest; all ones: an empty slot) and its patterns, a run in `members`.
typedef struct {
    uint64_t key;
    int32_t first;
    int32_t count;
} pk_short_slot;

/// Everything the scan for contained strings reads (owned by the prefilter, read-only).
typedef struct {
    pk_scan_tables scan;
    /// The strings of four bytes or more by their key; `key_mask` + 1 slots.
    const pk_key_slot *key_slots;
    size_t key_mask;
    const pk_string *other_strings;
    const uint8_t *string_bytes;
    /// Two-byte strings, exactly (64K bits); three-byte strings, hashed (64K bits, two bits of
    /// one word a string, from `scan.two_bits`).
    const uint64_t *two_filter;
    const uint64_t *triple_filter;
    /// The short strings' patterns; `short_mask` + 1 slots.
    const pk_short_slot *short_slots;
    size_t short_mask;
    const int32_t *members;
} pk_string_tables;

/// How many ends one call of the rolling scan covers in `pk_find_strings`.
#define PK_SCAN_SLICE 65536

/// Finds the contained strings in `text` and sets the bit in `bits` of each one's pattern: the
/// rolling scan (`pk_scan`, with the short strings' `groups`), each of its hits checked where it
/// stands: the strings of the key ending there, compared (those whose pattern's bit is already
/// set are skipped), or the two- and three-byte strings ending there. `text` must be readable
/// for sixteen bytes past its end; `hits` must hold `2 * (min(n, PK_SCAN_SLICE) + 3)`.
void pk_find_strings(const uint8_t *text, size_t n, const pk_string_tables *tables, uint16_t groups, size_t *hits,
                     uint64_t *bits);

/// A prefix of an anchored pattern: its bytes as two little-endian words (zero past its end),
/// its length (0: an empty slot), and its patterns with their lead groups, a run from `first`.
typedef struct {
    uint64_t low;
    uint64_t high;
    int32_t first;
    uint16_t length;
    uint16_t count;
} pk_prefix_slot;

/// The prefixes of anchored patterns (`PrefixTable`; owned by the prefilter, read-only).
typedef struct {
    /// 2048 pairs of words, a pair (in one line of the cache) for each hash of a length of
    /// text the walk probes from three bytes on: the first word has two bits for each start of
    /// a prefix of four bytes or more (its first three bytes, first four, ...), the second three
    /// for each prefix of three bytes or more.
    const uint64_t *probes;
    /// For each byte: 1 when a prefix starts with it, 3 when it is a prefix itself, 0 when
    /// neither (the first length looked up without a hash).
    const uint8_t *first_bytes;
    /// For each byte that is a prefix: where its patterns start in `patterns` and `groups`,
    /// and their count times 2^32 (no slot looked for).
    const uint64_t *one_byte_runs;
    /// For each pair of bytes (the first in the low byte), two bits (the pair's at bit
    /// `2 * (pair & 31)` of word `pair >> 5`): 1 when the pair is a prefix, 2 when a longer
    /// prefix starts with it (the second length decided without a hash nor a filter).
    const uint64_t *pair_starts;
    /// The prefixes in open addressing, `mask` + 1 slots.
    const pk_prefix_slot *slots;
    size_t mask;
    const int32_t *patterns;
    const int32_t *groups;
    /// The longest prefix (at most 16 bytes).
    size_t max_length;
    /// For each scalar below U+0800 (ASCII and the two-byte characters, by the value read from
    /// their two bytes), the lead groups that may hold it.
    const uint64_t *lead_groups;
} pk_prefix_tables;

/// The walk for prefixes from `start`: sets the bits of the patterns of every prefix the text
/// starts with there whose lead group is in `*alive`; then past one character, for the groups
/// whose lead may hold it (group 0, the empty lead, only at the very start), and again, as long
/// as some group is alive. Returns `n + 1` when the walk is over, or the offset of a character
/// of three bytes or more (or of a lead byte last in the text) that the caller must decide for
/// (`*alive` then holds the groups alive before it). A byte below 0xE0 beyond ASCII is read with
/// the byte after it as one character, as `PatternPrefilter.decode` reads it.
/// `text` must be readable for sixteen bytes past `n`.
size_t pk_walk_prefixes(const uint8_t *text, size_t n, size_t start, const pk_prefix_tables *tables, uint64_t *alive,
                        uint64_t *bits);

/// The portable paths, for the tests to compare the vector paths with.
size_t pk_fold_ascii_scalar(const uint8_t *src, size_t n, uint8_t *dst);
uint32_t pk_find_bytes_scalar(const uint8_t *text, size_t n, const uint8_t *bytes, size_t count);
size_t pk_scan_scalar(const uint8_t *text, size_t n, const pk_scan_tables *tables, uint16_t groups, size_t *hits);

#ifdef __cplusplus
}
#endif

#endif
