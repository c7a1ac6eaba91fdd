#ifndef CJSONKERNEL_H
#define CJSONKERNEL_H

#include <stddef.h>
#include <stdint.h>

/// Where a JSON string's bytes stop being plain: the reader stops at a quote (the end) or a
/// backslash (an escape); the writer also at a control byte (below 0x20), which it must escape.
/// Sixteen bytes at a time (SSE2 on x86-64, NEON on aarch64; byte by byte elsewhere).

/// The offset of the first quote or backslash in text[0..<count]; count when there is none.
size_t winnow_json_find_quote_or_backslash(const uint8_t *text, size_t count);

/// The offset of the first quote, backslash or byte below 0x20 in text[0..<count]; count when
/// there is none.
size_t winnow_json_find_escape(const uint8_t *text, size_t count);

#endif
