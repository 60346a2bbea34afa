// SPDX-License-Identifier: LGPL-2.1-or-later
// Bitmaps in text (CPU and NUMA node sets such as "0-3,^2,8"): the one
// parser and formatter the XML parsers use, with libvirt's rules.
#pragma once

#include <set>
#include <string>

#include "error/status.h"

namespace virtkit::util {

// libvirt's virBitmapParse(text, &map, size): a comma-separated list of
// items, each "N", "N-M" (N <= M) or "^N" (clears N, set before it). N is a
// decimal int starting with a digit; M may also have a sign ("0-+3"). White
// space (space, \t \n \v \f \r) may stand around items, commas and '-'; a
// single trailing comma is allowed ("1,"), an empty list is not. Every bit
// must be below `size`. On failure: VIR_ERR_INVALID_ARG "Failed to parse
// bitmap '<text>'" (VIR_FROM_NONE).
Result<std::set<unsigned>> parse_bitmap(const std::string &text, unsigned size);

// libvirt's virBitmapFormat: runs as "N-M", single bits as "N", joined by
// ','; "" when no bit is set.
std::string format_bitmap(const std::set<unsigned> &bits);

// libvirt's virBitmapNewData: the bits of a CPU map (bit b of byte i is
// CPU i * 8 + b), as in virDomainPinVcpu.
std::set<unsigned> bitmap_from_data(const unsigned char *map, int maplen);

// libvirt's virBitmapToDataBuf: `len` bytes of map, bits past them dropped.
void bitmap_to_data(const std::set<unsigned> &s, unsigned char *map, size_t len);

}  // namespace virtkit::util
