// SPDX-License-Identifier: LGPL-2.1-or-later
// Writes the JSON text on stdin again as virtkit-sh does (tools/qemu_json.h):
// compact, or pretty with an argument; "invalid" when it does not parse.
#include <iostream>
#include <sstream>

#include "qemu_json.h"

int main(int argc, char **) {
  std::stringstream ss;
  ss << std::cin.rdbuf();
  if (!virtkit_sh::json_parses(ss.str())) {
    std::cout << "invalid";
    return 0;
  }
  std::cout << virtkit_sh::json_format(ss.str(), argc > 1);
  return 0;
}
