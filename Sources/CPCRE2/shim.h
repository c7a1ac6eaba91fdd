// PCRE2 needs its code-unit width chosen before the header is read: Winnow matches UTF-8 (8-bit units).
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
