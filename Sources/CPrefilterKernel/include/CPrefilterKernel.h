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

/// The portable path, for the tests to compare the vector paths with.
size_t pk_fold_ascii_scalar(const uint8_t *src, size_t n, uint8_t *dst);

#ifdef __cplusplus
}
#endif

#endif
