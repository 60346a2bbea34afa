// SPDX-License-Identifier: LGPL-2.1-or-later
/// @file
/// virtkit::Error, virtkit::Expected and the std::error_code categories.
#pragma once

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <virtkit/error_texts.hpp>

#include <stdexcept>
#include <optional>
#include <string>
#include <system_error>
#include <type_traits>
#include <utility>
#include <variant>

namespace virtkit {

/// The std::error_category of libvirt's error numbers (virErrorNumber).
///
/// Its name is "libvirt"; message() gives libvirt's generic text of the number
/// ("Domain not found" for VIR_ERR_NO_DOMAIN). Thread-safe.
const std::error_category &error_category() noexcept;

/// The std::error_category of libvirt's error domains (virErrorDomain).
///
/// Its name is "libvirt-domain"; message() gives the domain's name as libvirt
/// prints it ("Domain" for VIR_FROM_DOMAIN). Thread-safe.
const std::error_category &error_domain_category() noexcept;

/// A libvirt error: every field a C caller reads from virGetLastError().
///
/// A std::runtime_error whose what() is the message ("unknown error" where
/// there is none). Copyable value type; instances are independent of the thread's error and of
/// each other, so they may be passed to and read from any thread.
class Error : public std::runtime_error {
 public:
  /// Copies the fields of a C error.
  explicit Error(const virError &e)
      : std::runtime_error(e.message ? e.message : "unknown error"),
        code_(static_cast<virErrorNumber>(e.code)),
        domain_(static_cast<virErrorDomain>(e.domain)),
        level_(e.level),
        message_(opt(e.message)),
        str1_(opt(e.str1)),
        str2_(opt(e.str2)),
        str3_(opt(e.str3)),
        int1_(e.int1),
        int2_(e.int2) {}

  /// This thread's last libvirt error; code() is VIR_ERR_OK if there is none.
  static Error last() {
    if (const virError *e = virGetLastError()) return Error(*e);
    return Error(virError{});
  }

  /// virError.code.
  virErrorNumber code() const noexcept { return code_; }
  /// virError.domain.
  virErrorDomain domain() const noexcept { return domain_; }
  /// virError.level.
  virErrorLevel level() const noexcept { return level_; }
  /// virError.message; std::nullopt where the C field is NULL.
  const std::optional<std::string> &message() const noexcept { return message_; }
  /// virError.str1; std::nullopt where the C field is NULL.
  const std::optional<std::string> &str1() const noexcept { return str1_; }
  /// virError.str2; std::nullopt where the C field is NULL.
  const std::optional<std::string> &str2() const noexcept { return str2_; }
  /// virError.str3; std::nullopt where the C field is NULL.
  const std::optional<std::string> &str3() const noexcept { return str3_; }
  /// virError.int1.
  int int1() const noexcept { return int1_; }
  /// virError.int2.
  int int2() const noexcept { return int2_; }

  /// code() as a std::error_code of error_category().
  std::error_code error_code() const noexcept { return {code_, error_category()}; }
  /// domain() as a std::error_code of error_domain_category().
  std::error_code domain_code() const noexcept { return {domain_, error_domain_category()}; }

 private:
  static std::optional<std::string> opt(const char *s) {
    return s ? std::optional<std::string>(s) : std::nullopt;
  }
  virErrorNumber code_;
  virErrorDomain domain_;
  virErrorLevel level_;
  std::optional<std::string> message_, str1_, str2_, str3_;
  int int1_, int2_;
};

/// Either a value or the Error that prevented it (like C++23's std::expected).
///
/// Returned by every try_ call; [[nodiscard]], so an ignored failure is a
/// compiler warning.
template <class T>
class [[nodiscard]] Expected {
 public:
  /// A value.
  Expected(T value) : v_(std::in_place_index<0>, std::move(value)) {}
  /// An error.
  Expected(Error error) : v_(std::in_place_index<1>, std::move(error)) {}

  /// Whether there is a value.
  bool has_value() const noexcept { return v_.index() == 0; }
  /// has_value().
  explicit operator bool() const noexcept { return has_value(); }
  //!@{
  /// The value; throws the Error if there is none.
  T &value() & {
    if (!has_value()) throw std::get<1>(v_);
    return std::get<0>(v_);
  }
  const T &value() const & {
    if (!has_value()) throw std::get<1>(v_);
    return std::get<0>(v_);
  }
  T &&value() && {
    if (!has_value()) throw std::get<1>(std::move(v_));
    return std::get<0>(std::move(v_));
  }
  //!@}
  /// The value, or @p other if there is none.
  template <class U>
  T value_or(U &&other) const & {
    return has_value() ? std::get<0>(v_) : static_cast<T>(std::forward<U>(other));
  }
  //!@{
  /// The value; only valid when has_value().
  T &operator*() & { return std::get<0>(v_); }
  const T &operator*() const & { return std::get<0>(v_); }
  T *operator->() { return &std::get<0>(v_); }
  const T *operator->() const { return &std::get<0>(v_); }
  //!@}
  /// The error; only valid when !has_value().
  const Error &error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

/// The result of a try_ call that returns nothing: success or an Error.
template <>
class [[nodiscard]] Expected<void> {
 public:
  /// Success.
  Expected() = default;
  /// An error.
  Expected(Error error) : e_(std::move(error)) {}
  /// Whether the call succeeded.
  bool has_value() const noexcept { return !e_; }
  /// has_value().
  explicit operator bool() const noexcept { return has_value(); }
  /// Throws the Error if there is one.
  void value() const {
    if (e_) throw *e_;
  }
  /// The error; only valid when !has_value().
  const Error &error() const { return *e_; }

 private:
  std::optional<Error> e_;
};

/// @cond VIRTKIT_DETAIL
namespace detail {
class ErrorCategory final : public std::error_category {
 public:
  const char *name() const noexcept override { return "libvirt"; }
  std::string message(int code) const override {
    const char *t = error_text(code);
    return t ? t : "unknown libvirt error " + std::to_string(code);
  }
};
class DomainCategory final : public std::error_category {
 public:
  const char *name() const noexcept override { return "libvirt-domain"; }
  std::string message(int domain) const override {
    const char *t = domain_text(domain);
    return t ? t : "unknown libvirt error domain " + std::to_string(domain);
  }
};
}  // namespace detail
/// @endcond

inline const std::error_category &error_category() noexcept {
  static const detail::ErrorCategory c;
  return c;
}
inline const std::error_category &error_domain_category() noexcept {
  static const detail::DomainCategory c;
  return c;
}

}  // namespace virtkit

/// A virErrorNumber as a std::error_code of virtkit::error_category().
inline std::error_code make_error_code(virErrorNumber e) noexcept {
  return {static_cast<int>(e), virtkit::error_category()};
}
/// A virErrorDomain as a std::error_code of virtkit::error_domain_category().
inline std::error_code make_error_code(virErrorDomain d) noexcept {
  return {static_cast<int>(d), virtkit::error_domain_category()};
}

/// @cond VIRTKIT_DETAIL
// std::error_code ec = VIR_ERR_NO_DOMAIN; and ec == VIR_FROM_TEST work.
template <>
struct std::is_error_code_enum<virErrorNumber> : std::true_type {};
template <>
struct std::is_error_code_enum<virErrorDomain> : std::true_type {};
/// @endcond
