// SPDX-License-Identifier: LGPL-2.1-or-later
// libvirt's configuration file syntax (libvirt.conf, libvirtd.conf, ...):
// `name = value` statements, values being strings ('..', "..", """..."""),
// integers and lists of values, with '#' comments. Parse errors are
// libvirt's: "configuration file syntax error: FILE:LINE: WHAT".
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "error/status.h"

namespace virtkit::util {

struct ConfValue {
  enum Type { kSignedInt, kUnsignedInt, kString, kList } type = kString;
  long long number = 0;
  std::string str;
  std::vector<ConfValue> list;
};

class Conf {
 public:
  // Parses `text`; `filename` names it in errors.
  static Result<Conf> parse(std::string filename, std::string_view text);
  // Reads and parses a file (libvirt's errors when it cannot be read).
  static Result<Conf> read_file(const std::string &path);

  const std::string &filename() const { return filename_; }
  // The first entry named `name`, or NULL.
  const ConfValue *get(std::string_view name) const;
  // A string setting: false when absent; libvirt's error when not a string.
  Result<bool> get_string(std::string_view name, std::string *out) const;
  // A list of strings: false when absent; libvirt's errors otherwise.
  Result<bool> get_string_list(std::string_view name, std::vector<std::string> *out) const;

 private:
  std::string filename_;
  std::vector<std::pair<std::string, ConfValue>> entries_;
};

}  // namespace virtkit::util
