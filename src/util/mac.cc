// SPDX-License-Identifier: LGPL-2.1-or-later
#include "util/mac.h"

#include <cstdio>

namespace virtkit::util {
namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

char ascii_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

}  // namespace

bool parse_mac(const char *text, MacAddr &mac) {
  const char *p = text;
  for (size_t i = 0; i < mac.size(); i++) {
    int hi = hex_digit(p[0]);
    if (hi < 0) return false;
    int lo = hex_digit(p[1]);
    unsigned value = static_cast<unsigned>(hi);
    p++;
    if (lo >= 0) {
      value = value << 4 | static_cast<unsigned>(lo);
      p++;
    }
    if (hex_digit(*p) >= 0) return false;  // a third digit
    mac[i] = static_cast<unsigned char>(value);
    if (i + 1 == mac.size()) return static_cast<signed char>(*p) <= ' ';
    if (*p != ':') return false;
    p++;
  }
  return false;
}

std::string format_mac(const MacAddr &mac) {
  char buf[18];
  std::snprintf(buf, sizeof buf, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2], mac[3],
                mac[4], mac[5]);
  return buf;
}

int compare_mac(const char *a, const char *b) {
  unsigned char ca, cb;
  do {
    while (*a == '0' && hex_digit(a[1]) >= 0) a++;
    while (*b == '0' && hex_digit(b[1]) >= 0) b++;
    ca = static_cast<unsigned char>(ascii_lower(*a));
    cb = static_cast<unsigned char>(ascii_lower(*b));
    if (ca == 0 || cb == 0) break;
    a++;
    b++;
  } while (ca == cb);
  return ca - cb;
}

}  // namespace virtkit::util
