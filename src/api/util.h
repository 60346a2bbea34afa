// SPDX-License-Identifier: LGPL-2.1-or-later
// Small helpers for entry points: results the caller frees with free().
#pragma once

#include <cstdlib>
#include <cstring>
#include <new>
#include <string>

#include "core/handles.h"

namespace virtkit::api {

inline char *dup_c(const std::string &s) {
  char *p = static_cast<char *>(std::malloc(s.size() + 1));
  if (!p) throw std::bad_alloc();
  std::memcpy(p, s.c_str(), s.size() + 1);
  return p;
}

}  // namespace virtkit::api
