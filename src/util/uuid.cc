// SPDX-License-Identifier: LGPL-2.1-or-later
#include "util/uuid.h"

#include <cstdio>

namespace virtkit::util {
namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// glib's g_ascii_isspace (the C locale's isspace).
bool ascii_space(char c) {
  return c == ' ' || (c >= '\t' && c <= '\r');
}

}  // namespace

bool parse_uuid(const char *text, unsigned char uuid[VIR_UUID_BUFLEN]) {
  const char *p = text;
  while (ascii_space(*p)) p++;
  int n = 0;
  while (n < VIR_UUID_BUFLEN) {
    if (*p == '-' || *p == ' ') {
      p++;
      continue;
    }
    // A NUL is no digit, so neither read below goes past the end.
    int hi = hex_digit(p[0]);
    if (hi < 0) return false;
    int lo = hex_digit(p[1]);
    if (lo < 0) return false;
    uuid[n++] = static_cast<unsigned char>(hi << 4 | lo);
    p += 2;
  }
  while (ascii_space(*p)) p++;
  return *p == '\0';
}

std::string format_uuid(const unsigned char uuid[VIR_UUID_BUFLEN]) {
  char buf[VIR_UUID_STRING_BUFLEN];
  std::snprintf(buf, sizeof buf,
                "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", uuid[0],
                uuid[1], uuid[2], uuid[3], uuid[4], uuid[5], uuid[6], uuid[7], uuid[8], uuid[9],
                uuid[10], uuid[11], uuid[12], uuid[13], uuid[14], uuid[15]);
  return buf;
}

}  // namespace virtkit::util
