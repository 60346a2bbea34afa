// SPDX-License-Identifier: LGPL-2.1-or-later
// What the domain commands (cmd_domain*.cc) share: --current/--live/--config,
// names and the last libvirt error code.
#pragma once

#include <unistd.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/numbers.h"

#include "cmd_domain_xml.h"
#include "virtkit_sh.h"

namespace virtkit_sh::dom {

inline std::string name(const virtkit::Domain &d) {
  return d.name();
}

// An optional C string argument as the C++ API takes it.
inline std::optional<std::string_view> opt(const char *s) {
  if (!s) return std::nullopt;
  return std::string_view(s);
}

// The parameters as a C array, for typed_param_value (empty if it cannot be built).
inline virtkit::TypedParams::CArray c_params(const virtkit::TypedParams &ps) {
  auto a = ps.try_to_c();
  return a ? std::move(a).value() : virtkit::TypedParams::CArray();
}

// The option as given, as virsh's virshCommandOptDomain reports it.
inline const char *given(const Cmd &c, const char *opt = "domain") {
  return c.get(opt)->c_str();
}

// Index of s in a NULL-terminated list, or -1.
inline int index_of(const char *const *list, const char *s) {
  for (int i = 0; list[i]; i++)
    if (std::string_view(list[i]) == s) return i;
  return -1;
}

// The guest's descriptors of --pass-fds ("N,M,..."); false after the error.
inline bool pass_fds(const Cmd &c, std::vector<int> &fds) {
  const char *list = nullptr;
  if (c.string_quiet("pass-fds", list) <= 0) return true;
  std::string s = list;
  size_t start = 0;
  for (;;) {
    size_t comma = s.find(',', start);
    std::string item = s.substr(start, comma == std::string::npos ? comma : comma - start);
    int fd;
    if (!virtkit::util::str_to_i(item.c_str(), 10, fd)) {
      error("Unable to parse FD number '%s'", item.c_str());
      return false;
    }
    fds.push_back(fd);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return true;
}

// virsh's cmdRunConsole (cmd_console.cc): the domain must be running and
// stdin a terminal; then the session on its console @p dev (the first for
// nullptr) until the escape character. False after the error.
bool run_console(Shell &sh, const virtkit::Domain &d, const char *dev = nullptr,
                 unsigned flags = 0);

}  // namespace virtkit_sh::dom
