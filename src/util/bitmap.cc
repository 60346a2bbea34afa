// SPDX-License-Identifier: LGPL-2.1-or-later
#include "util/bitmap.h"

#include <cstring>

#include "util/numbers.h"

namespace virtkit::util {
namespace {

// glib's g_ascii_isspace (the C locale's isspace).
bool ascii_space(char c) {
  return c == ' ' || (c >= '\t' && c <= '\r');
}

const char *skip_space(const char *p) {
  while (ascii_space(*p)) p++;
  return p;
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

}  // namespace

Result<std::set<unsigned>> parse_bitmap(const std::string &text, unsigned size) {
  auto fail = [&]() -> Status {
    return error(VIR_FROM_NONE, VIR_ERR_INVALID_ARG, "Failed to parse bitmap '%s'", text.c_str());
  };
  std::set<unsigned> bits;
  const char *p = skip_space(text.c_str());
  if (*p == '\0') return fail();
  while (*p) {
    bool clear = *p == '^';
    if (clear) p++;
    // The first number must start with a digit (no space or sign); the
    // number after '-' is read as strtol reads it.
    if (!is_digit(*p)) return fail();
    int first = 0;
    if (!str_to_i(p, &p, 10, first)) return fail();
    unsigned lo = static_cast<unsigned>(first), hi = lo;
    p = skip_space(p);
    if (*p == '-') {
      if (clear) return fail();
      int last = 0;
      if (!str_to_i(skip_space(p + 1), &p, 10, last) || last < first) return fail();
      hi = static_cast<unsigned>(last);
      p = skip_space(p);
    }
    if (hi >= size) return fail();
    if (*p != ',' && *p != '\0') return fail();
    for (unsigned b = lo;; b++) {
      if (clear)
        bits.erase(b);
      else
        bits.insert(b);
      if (b == hi) break;
    }
    if (*p == ',') p = skip_space(p + 1);
  }
  return bits;
}

std::string format_bitmap(const std::set<unsigned> &bits) {
  std::string out;
  auto it = bits.begin();
  while (it != bits.end()) {
    unsigned first = *it, last = *it;
    for (++it; it != bits.end() && *it == last + 1; ++it) last = *it;
    if (!out.empty()) out += ',';
    out += std::to_string(first);
    if (last != first) {
      out += '-';  // not "-" + ...: GCC 12's -Wrestrict false positive at -O3
      out += std::to_string(last);
    }
  }
  return out;
}

std::set<unsigned> bitmap_from_data(const unsigned char *map, int maplen) {
  std::set<unsigned> s;
  for (int i = 0; i < maplen; i++)
    for (unsigned b = 0; b < 8; b++)
      if (map[i] & (1u << b)) s.insert(static_cast<unsigned>(i) * 8 + b);
  return s;
}

void bitmap_to_data(const std::set<unsigned> &s, unsigned char *map, size_t len) {
  std::memset(map, 0, len);
  for (unsigned b : s)
    if (b / 8 < len) map[b / 8] |= static_cast<unsigned char>(1u << (b % 8));
}
}  // namespace virtkit::util
