// PCRE2 needs its code-unit width chosen before the header is read: Winnow matches UTF-8 (8-bit units).
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

// A flag read with acquire and written with release ordering, so a pattern can be JIT-compiled
// lazily, on its first match, by whichever thread gets there first (Swift's own atomics need a
// newer macOS than the package supports).
static inline int winnow_load_acquire(const int *flag) { return __atomic_load_n(flag, __ATOMIC_ACQUIRE); }
static inline void winnow_store_release(int *flag, int value) { __atomic_store_n(flag, value, __ATOMIC_RELEASE); }
