#ifndef CREADKERNEL_H
#define CREADKERNEL_H

#include <stddef.h>
#include <stdint.h>

/// The reading stage's byte counts.

/// How many bytes of text[0..<count] are control bytes that text does not hold: below 0x20,
/// other than tab, the line breaks (0x0A-0x0D) and escape (0x1B). The binary check's count,
/// sixteen bytes at a time (SSE2 on x86-64, NEON on aarch64; byte by byte elsewhere).
size_t winnow_read_control_bytes(const uint8_t *text, size_t count);

/// The same count byte by byte: the tail of every count, and what the tests compare it with.
size_t winnow_read_control_bytes_portable(const uint8_t *text, size_t count);

#endif
