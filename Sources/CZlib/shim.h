// zlib's inflate, for gzip-compressed inputs (Debian's zlib1g-dev).
#include <zlib.h>
