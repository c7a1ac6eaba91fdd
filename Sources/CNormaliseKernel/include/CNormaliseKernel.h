#ifndef CNORMALISE_KERNEL_H
#define CNORMALISE_KERNEL_H

#include <stddef.h>
#include <stdint.h>

/// Where the run of plain text that starts at `start` ends: plain scalars (printable ASCII, and
/// valid two- or three-byte sequences of the scalars set in `plain`, a bit for each scalar below
/// U+10000), single spaces each followed by a plain scalar, and line feeds not followed by a
/// space (a space before one is not followed by a plain scalar). The run never ends in a space:
/// the byte after a space decides whether it belongs. `start` itself is taken only when plain;
/// the result is `start` when nothing is. Sixteen bytes a step with SSE2 (baseline on x86-64),
/// which takes the two-byte scalars of the lead bytes 0xC3...0xCB and 0xCF...0xD1 without looking
/// them up in `plain`: every scalar of those leads must be set in it.
size_t nk_plain_run(const uint8_t *text, size_t start, size_t count, const uint64_t *plain);

/// The same, a byte or scalar at a time (every machine; the tests compare the two).
size_t nk_plain_run_scalar(const uint8_t *text, size_t start, size_t count, const uint64_t *plain);

#endif
