// SPDX-License-Identifier: LGPL-2.1-or-later
// MAC addresses in text: the one parser, formatter and comparison the XML
// parsers and drivers use, with libvirt's rules.
#pragma once

#include <array>
#include <string>

namespace virtkit::util {

using MacAddr = std::array<unsigned char, 6>;

// libvirt's virMacAddrParse: six groups of one or two hex digits (either
// case) joined by ':', nothing before the first digit (no space, no sign).
// After the sixth group the next byte must be NUL or at most ' ' as a signed
// char, that is a control character, a space, or (as on x86-64, where
// libvirt's char is signed) any byte >= 0x80; whatever follows that byte is
// ignored: "52:54:00:ab:cd:01 junk" parses. `mac` may be written on failure.
bool parse_mac(const char *text, MacAddr &mac);

// libvirt's virMacAddrFormat: "xx:xx:xx:xx:xx:xx", lower case.
std::string format_mac(const MacAddr &mac);

// libvirt's virMacAddrCompare on two MAC strings as written: equal when they
// are the same text ignoring case and the leading zeros of each group
// ("5:4:0:AB:cd:1" and "05:04:00:ab:cd:01"); <0, 0 or >0 like strcmp.
int compare_mac(const char *a, const char *b);

}  // namespace virtkit::util
