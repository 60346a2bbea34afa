// SPDX-License-Identifier: LGPL-2.1-or-later
// UUIDs in text: the one parser and the one formatter every XML parser and
// entry point uses, with libvirt's rules.
#pragma once

#include <string>

#include "public.h"

namespace virtkit::util {

// libvirt's virUUIDParse: exactly 32 hex digits (either case), read in
// pairs; '-' and ' ' may stand anywhere between pairs (not inside one);
// white space (space, \t \n \v \f \r) may surround the whole. Anything else,
// fewer or more digits, is rejected. `uuid` may be written on failure.
bool parse_uuid(const char *text, unsigned char uuid[VIR_UUID_BUFLEN]);

// libvirt's virUUIDFormat: 36 characters, lower case, dashes at 8-4-4-4-12.
std::string format_uuid(const unsigned char uuid[VIR_UUID_BUFLEN]);

}  // namespace virtkit::util
