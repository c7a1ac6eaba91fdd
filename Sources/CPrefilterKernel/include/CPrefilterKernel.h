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
    /// 1024 words: the filter of four-byte keys, two bits of one word a key.
    const uint64_t *key_filter;
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
/// have a group of `groups`. Returns the number written; `hits` must hold `2 * n`, and `text`
/// must be readable for sixteen bytes past its end (only its `n` bytes are looked at).
size_t pk_scan(const uint8_t *text, size_t n, const pk_scan_tables *tables, uint16_t groups, size_t *hits);

/// The portable paths, for the tests to compare the vector paths with.
size_t pk_fold_ascii_scalar(const uint8_t *src, size_t n, uint8_t *dst);
uint32_t pk_find_bytes_scalar(const uint8_t *text, size_t n, const uint8_t *bytes, size_t count);
size_t pk_scan_scalar(const uint8_t *text, size_t n, const pk_scan_tables *tables, uint16_t groups, size_t *hits);

#ifdef __cplusplus
}
#endif

#endif
