// SPDX-License-Identifier: LGPL-2.1-or-later
// Numbers in text: libvirt's virStrToLong_* and virStrToDouble rules, one
// implementation for every parser. All are strtol & co. underneath: leading
// white space and a sign are accepted, base 0 reads "0x" and "0" prefixes,
// and the value must be in the type's range (errno ERANGE fails). Without
// `end` the whole string must be the number; with it, *end is set to where
// the number stops (also on failure) and anything may follow. On failure
// `out` is left alone.
#pragma once

namespace virtkit::util {

// virStrToLong_i.
bool str_to_i(const char *s, int base, int &out);
bool str_to_i(const char *s, const char **end, int base, int &out);
// virStrToLong_ui: a negative value wraps around as a 32-bit two's complement
// ("-1" is UINT_MAX) when its magnitude fits in 32 bits.
bool str_to_ui(const char *s, int base, unsigned &out);
bool str_to_ui(const char *s, const char **end, int base, unsigned &out);
// virStrToLong_uip: no '-' at all.
bool str_to_uip(const char *s, int base, unsigned &out);
bool str_to_uip(const char *s, const char **end, int base, unsigned &out);
// virStrToLong_ll.
bool str_to_ll(const char *s, int base, long long &out);
// virStrToLong_ull: strtoull's rules, so "-1" is ULLONG_MAX.
bool str_to_ull(const char *s, int base, unsigned long long &out);
// virStrToLong_ullp: no '-' at all.
bool str_to_ullp(const char *s, int base, unsigned long long &out);
bool str_to_ullp(const char *s, const char **end, int base, unsigned long long &out);
// virStrToDouble: strtod in the C locale ('.' is the radix character
// whatever the process's locale). Throws std::bad_alloc when the C locale
// object cannot be made.
bool str_to_double(const char *s, double &out);

// virScaleInteger: value times its unit suffix: none is `scale`; b, byte(s)
// 1; k, KiB 1024; KB 1000; and so on to e. The product must not pass limit.
enum class ScaleError { kNone, kBadSuffix, kOverflow };
ScaleError scale_integer(unsigned long long &value, const char *suffix, unsigned long long scale,
                         unsigned long long limit);

}  // namespace virtkit::util
