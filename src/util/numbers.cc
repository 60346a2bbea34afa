// SPDX-License-Identifier: LGPL-2.1-or-later
#include "util/numbers.h"

#include <locale.h>
#include <strings.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <new>

namespace virtkit::util {
namespace {

// Whether the text strto* consumed, [s, p), holds a minus sign.
bool has_minus(const char *s, const char *p) {
  return std::memchr(s, '-', static_cast<size_t>(p - s)) != nullptr;
}

// The checks every parser shares: something was read, no range error, and
// (without `end`) nothing follows.
bool read_well(const char *s, const char *p, const char **end) {
  if (end) *end = p;
  return errno == 0 && p != s && (end || *p == '\0');
}

locale_t c_locale() {
  static const locale_t loc = newlocale(LC_ALL_MASK, "C", static_cast<locale_t>(0));
  return loc;
}

}  // namespace

bool str_to_i(const char *s, const char **end, int base, int &out) {
  errno = 0;
  char *p = nullptr;
  long v = std::strtol(s, &p, base);
  if (!read_well(s, p, end) || v < INT_MIN || v > INT_MAX) return false;
  out = static_cast<int>(v);
  return true;
}

bool str_to_i(const char *s, int base, int &out) {
  return str_to_i(s, nullptr, base, out);
}

bool str_to_ui(const char *s, int base, unsigned &out) {
  return str_to_ui(s, nullptr, base, out);
}

bool str_to_ui(const char *s, const char **end, int base, unsigned &out) {
  errno = 0;
  char *p = nullptr;
  unsigned long v = std::strtoul(s, &p, base);
  if (!read_well(s, p, end)) return false;
  if (has_minus(s, p)) {
    // strtoul negated the magnitude in 64 bits; redo it in 32.
    if (-v > UINT_MAX) return false;
    v &= UINT_MAX;
  }
  if (v > UINT_MAX) return false;
  out = static_cast<unsigned>(v);
  return true;
}

bool str_to_uip(const char *s, const char **end, int base, unsigned &out) {
  errno = 0;
  char *p = nullptr;
  unsigned long v = std::strtoul(s, &p, base);
  if (!read_well(s, p, end) || has_minus(s, p) || v > UINT_MAX) return false;
  out = static_cast<unsigned>(v);
  return true;
}

bool str_to_uip(const char *s, int base, unsigned &out) {
  return str_to_uip(s, nullptr, base, out);
}

bool str_to_ll(const char *s, int base, long long &out) {
  errno = 0;
  char *p = nullptr;
  long long v = std::strtoll(s, &p, base);
  if (!read_well(s, p, nullptr)) return false;
  out = v;
  return true;
}

bool str_to_ull(const char *s, int base, unsigned long long &out) {
  errno = 0;
  char *p = nullptr;
  unsigned long long v = std::strtoull(s, &p, base);
  if (!read_well(s, p, nullptr)) return false;
  out = v;
  return true;
}

bool str_to_ullp(const char *s, const char **end, int base, unsigned long long &out) {
  errno = 0;
  char *p = nullptr;
  unsigned long long v = std::strtoull(s, &p, base);
  if (!read_well(s, p, end) || has_minus(s, p)) return false;
  out = v;
  return true;
}

bool str_to_ullp(const char *s, int base, unsigned long long &out) {
  return str_to_ullp(s, nullptr, base, out);
}

bool str_to_double(const char *s, double &out) {
  locale_t loc = c_locale();
  if (!loc) throw std::bad_alloc();
  errno = 0;
  char *p = nullptr;
  double v = strtod_l(s, &p, loc);
  if (!read_well(s, p, nullptr)) return false;
  out = v;
  return true;
}

ScaleError scale_integer(unsigned long long &value, const char *suffix, unsigned long long scale,
                         unsigned long long limit) {
  auto ieq = [](const char *a, const char *b) { return strcasecmp(a, b) == 0; };
  if (!suffix || !*suffix) {
    if (!scale) return ScaleError::kBadSuffix;
  } else if (ieq(suffix, "b") || ieq(suffix, "byte") || ieq(suffix, "bytes")) {
    scale = 1;
  } else {
    unsigned long long base;
    if (!suffix[1] || ieq(suffix + 1, "iB"))
      base = 1024;
    else if ((suffix[1] == 'b' || suffix[1] == 'B') && !suffix[2])
      base = 1000;
    else
      return ScaleError::kBadSuffix;
    static const char kUnits[] = "kmgtpe";
    const char *at = std::strchr(kUnits, suffix[0] | 0x20);
    if (!at || !*at) return ScaleError::kBadSuffix;
    scale = 1;
    for (const char *p = kUnits; p <= at; p++) scale *= base;
  }
  if (value && value > limit / scale) return ScaleError::kOverflow;
  value *= scale;
  return ScaleError::kNone;
}

}  // namespace virtkit::util
