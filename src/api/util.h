// SPDX-License-Identifier: LGPL-2.1-or-later
// Small helpers for entry points: results the caller frees with free().
#pragma once

#include <cstdlib>
#include <cstring>
#include <new>
#include <string>
#include <vector>

#include "api/handles.h"

namespace virtkit::api {

inline char *dup_c(const std::string &s) {
  char *p = static_cast<char *>(std::malloc(s.size() + 1));
  if (!p) throw std::bad_alloc();
  std::memcpy(p, s.c_str(), s.size() + 1);
  return p;
}

// Hands a list of new handles to the caller as a malloc'd, NULL-terminated
// array (or frees them when the caller did not ask for the list).
template <class H>
int hand_out(std::vector<H> &&list, H **out) {
  int n = static_cast<int>(list.size());
  if (!out) {
    for (H h : list) handles::unref(h);
    return n;
  }
  auto *arr = static_cast<H *>(std::calloc(list.size() + 1, sizeof(H)));
  if (!arr) {
    for (H h : list) handles::unref(h);
    throw std::bad_alloc();
  }
  for (size_t i = 0; i < list.size(); i++) arr[i] = list[i];
  *out = arr;
  return n;
}

}  // namespace virtkit::api
