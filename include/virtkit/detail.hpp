// SPDX-License-Identifier: LGPL-2.1-or-later
/// @file
/// Internals shared by the C++ API's headers; not part of the API.
#pragma once

#include <virtkit/error.hpp>

#include <array>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

/// @cond VIRTKIT_DETAIL
namespace virtkit::detail {

// A NUL-terminated copy of a std::string_view argument for a C call; an
// optional one gives NULL when empty.
class CStr {
 public:
  explicit CStr(std::string_view s) : s_(s) {}
  explicit CStr(const std::optional<std::string_view> &s)
      : s_(s ? std::string(*s) : std::string()), null_(!s) {}
  const char *get() const noexcept { return null_ ? nullptr : s_.c_str(); }
  operator const char *() const noexcept { return get(); }

 private:
  std::string s_;
  bool null_ = false;
};

inline Expected<void> check(int rc) {
  if (rc < 0) return last_error;
  return {};
}
inline Expected<bool> flag(int rc) {
  if (rc < 0) return last_error;
  return rc != 0;
}
// A non-negative count or number.
template <class T = int>
Expected<T> count(int rc) {
  if (rc < 0) return last_error;
  return static_cast<T>(rc);
}
// Takes a malloc'ed C string.
inline Expected<std::string> owned(char *s) {
  if (!s) return last_error;
  std::string r(s);
  std::free(s);
  return r;
}
// A string the object keeps.
inline Expected<std::string> borrowed(const char *s) {
  if (!s) return last_error;
  return std::string(s);
}
// Takes a malloc'ed array of n malloc'ed strings.
inline Expected<std::vector<std::string>> owned_strings(char **names, int n) {
  if (n < 0) return last_error;
  std::vector<std::string> out;
  out.reserve(static_cast<size_t>(n));
  for (int i = 0; i < n; i++) {
    out.emplace_back(names[i] ? names[i] : "");
    std::free(names[i]);
  }
  std::free(names);
  return out;
}
// Adopts a new reference to a C object, or the error if there is none.
template <class H, class P>
Expected<H> adopt(P p) {
  if (!p) return last_error;
  return H(p);
}
// Adopts a malloc'ed array of n new references.
template <class H, class P>
Expected<std::vector<H>> adopt_list(P *items, int n) {
  if (n < 0) return last_error;
  std::vector<H> out;
  out.reserve(static_cast<size_t>(n));
  for (int i = 0; i < n; i++) out.emplace_back(items[i]);
  std::free(items);
  return out;
}
// Up to n names from a C listing call that fills a caller array.
template <class F>
Expected<std::vector<std::string>> name_list(int n, F &&list) {
  if (n < 0) return last_error;
  std::vector<char *> names(static_cast<size_t>(n) + 1, nullptr);
  int got = n ? list(names.data(), n) : 0;
  if (got < 0) return last_error;
  std::vector<std::string> out;
  out.reserve(static_cast<size_t>(got));
  for (int i = 0; i < got; i++) {
    out.emplace_back(names[i] ? names[i] : "");
    std::free(names[i]);
  }
  return out;
}

// A new reference to an object a call returns without one (virXGetConnect).
template <class H>
Expected<H> shared(typename H::pointer p) {
  if (!p) return last_error;
  return H(H::add_ref(p));
}
// The raw UUID a virXGetUUID call fills in.
template <class P>
Expected<std::array<unsigned char, VIR_UUID_BUFLEN>> uuid(int (*get)(P, unsigned char *), P p) {
  std::array<unsigned char, VIR_UUID_BUFLEN> u{};
  if (get(p, u.data()) < 0) return last_error;
  return u;
}
// The UUID string a virXGetUUIDString call fills in.
template <class P>
Expected<std::string> uuid_string(int (*get)(P, char *), P p) {
  char buf[VIR_UUID_STRING_BUFLEN] = "";
  if (get(p, buf) < 0) return last_error;
  return std::string(buf);
}

// A list of C strings pointing into @p v (valid while v lives).
inline std::vector<const char *> c_strings(const std::vector<std::string> &v) {
  std::vector<const char *> out;
  out.reserve(v.size());
  for (const std::string &s : v) out.push_back(s.c_str());
  return out;
}

}  // namespace virtkit::detail
/// @endcond
