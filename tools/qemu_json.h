// SPDX-License-Identifier: LGPL-2.1-or-later
// JSON as libvirt reads and writes it (virJSONValueFromString and
// virJSONValueToString), for qemu-monitor-command, qemu-agent-command and
// qemu-monitor-event.
#pragma once

#include <optional>
#include <string>

namespace virtkit_sh {

// Checks text as virJSONValueFromString does: nullopt when it parses, else
// yajl's error text ("parse error: ...\n" with the excerpt and arrow);
// `object` tells whether the top value is an object.
std::optional<std::string> json_check(const std::string &text, bool &object);
// Whether `text` parses.
bool json_parses(const std::string &text);
// A JSON string of `s`, escaped as yajl escapes.
std::string json_quote(const std::string &s);
// `text` (valid JSON) compact, or pretty (ending in a newline).
std::string json_format(const std::string &text, bool pretty);
// The member `key` of the object `text`, written the same way; nullopt when
// `text` is not an object or has no such member.
std::optional<std::string> json_member(const std::string &text, const char *key, bool pretty);

}  // namespace virtkit_sh
