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

size_t pk_fold_ascii(const uint8_t *src, size_t n, uint8_t *dst) {
    size_t i = 0;
#if defined(__x86_64__)
    // SSE2 is baseline on x86-64: sixteen bytes a step. Bytes of 0x80 or more are negative as
    // signed bytes, so the signed range test leaves them as they are; the step that holds the
    // first of them ends the run there (the bytes stored past it are written again by the caller).
    const __m128i beforeA = _mm_set1_epi8('A' - 1), afterZ = _mm_set1_epi8('Z' + 1), caseBit = _mm_set1_epi8(0x20);
    for (; i + 16 <= n; i += 16) {
        __m128i bytes = _mm_loadu_si128((const __m128i *)(src + i));
        __m128i upper = _mm_and_si128(_mm_cmpgt_epi8(bytes, beforeA), _mm_cmplt_epi8(bytes, afterZ));
        _mm_storeu_si128((__m128i *)(dst + i), _mm_or_si128(bytes, _mm_and_si128(upper, caseBit)));
        int high = _mm_movemask_epi8(bytes);
        if (high) return i + (size_t)__builtin_ctz((unsigned)high);
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
