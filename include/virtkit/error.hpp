// SPDX-License-Identifier: LGPL-2.1-or-later
/// @file
/// virtkit::Error, virtkit::Expected and the std::error_code categories.
#pragma once

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <virtkit/error_texts.hpp>

#include <atomic>
#include <cstring>
#include <new>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
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
/// there is none). An immutable value: copies share one block holding the
/// strings (one allocation per error, none per copy); instances are independent
/// of the thread's error, so they may be passed to and read from any thread.
class Error : public std::runtime_error {
 public:
  /// Copies the fields of a C error.
  explicit Error(const virError &e)
      : std::runtime_error(""),
        code_(static_cast<virErrorNumber>(e.code)),
        domain_(static_cast<virErrorDomain>(e.domain)),
        level_(e.level),
        int1_(e.int1),
        int2_(e.int2),
        b_(make_block(e)) {}
  /// Shares @p o's strings.
  Error(const Error &o) noexcept
      : std::runtime_error(o),
        code_(o.code_),
        domain_(o.domain_),
        level_(o.level_),
        int1_(o.int1_),
        int2_(o.int2_),
        b_(o.b_) {
    if (b_) b_->refs.fetch_add(1, std::memory_order_relaxed);
  }
  /// Takes @p o's strings; @p o is left without any.
  Error(Error &&o) noexcept
      : std::runtime_error(o),
        code_(o.code_),
        domain_(o.domain_),
        level_(o.level_),
        int1_(o.int1_),
        int2_(o.int2_),
        b_(std::exchange(o.b_, nullptr)) {}
  /// Shares @p o's strings.
  Error &operator=(const Error &o) noexcept {
    Error t(o);
    swap(t);
    return *this;
  }
  ~Error() override { Block::drop(b_); }

  /// This thread's last libvirt error; code() is VIR_ERR_OK if there is none.
  static Error last() { return Error(last_c_error()); }

  /// virError.code.
  virErrorNumber code() const noexcept { return code_; }
  /// virError.domain.
  virErrorDomain domain() const noexcept { return domain_; }
  /// virError.level.
  virErrorLevel level() const noexcept { return level_; }
  /// virError.message; std::nullopt where the C field is NULL. The view lives
  /// as long as this Error (or a copy of it).
  std::optional<std::string_view> message() const noexcept { return field(0); }
  /// virError.str1; std::nullopt where the C field is NULL.
  std::optional<std::string_view> str1() const noexcept { return field(1); }
  /// virError.str2; std::nullopt where the C field is NULL.
  std::optional<std::string_view> str2() const noexcept { return field(2); }
  /// virError.str3; std::nullopt where the C field is NULL.
  std::optional<std::string_view> str3() const noexcept { return field(3); }
  /// virError.int1.
  int int1() const noexcept { return int1_; }
  /// virError.int2.
  int int2() const noexcept { return int2_; }
  /// The message, or "unknown error" where there is none.
  const char *what() const noexcept override {
    return b_ && b_->present[0] ? b_->text(0) : "unknown error";
  }
  /// code() as a std::error_code of error_category().
  std::error_code error_code() const noexcept { return {code_, error_category()}; }
  /// domain() as a std::error_code of error_domain_category().
  std::error_code domain_code() const noexcept { return {domain_, error_domain_category()}; }

 private:
  // The four strings, NUL-terminated one after the other after the header.
  struct Block {
    std::atomic<int> refs{1};
    bool present[4] = {};
    unsigned off[4] = {}, len[4] = {};
    const char *text(int i) const noexcept {
      return reinterpret_cast<const char *>(this + 1) + off[i];
    }
    static Block *make(const char *const (&strs)[4]) {
      size_t len[4], total = 0;
      for (int i = 0; i < 4; i++) {
        len[i] = strs[i] ? std::strlen(strs[i]) : 0;
        if (strs[i]) total += len[i] + 1;
      }
      if (total == 0) return nullptr;
      void *mem = ::operator new(sizeof(Block) + total);
      Block *b = new (mem) Block;
      char *out = reinterpret_cast<char *>(b + 1);
      unsigned pos = 0;
      for (int i = 0; i < 4; i++) {
        if (!strs[i]) continue;
        std::memcpy(out + pos, strs[i], len[i] + 1);
        b->present[i] = true;
        b->off[i] = pos;
        b->len[i] = static_cast<unsigned>(len[i]);
        pos += static_cast<unsigned>(len[i] + 1);
      }
      return b;
    }
    static void drop(Block *b) noexcept {
      // A sole owner frees without the atomic read-modify-write: no other
      // reference exists that could be copied meanwhile.
      if (b && (b->refs.load(std::memory_order_acquire) == 1 ||
                b->refs.fetch_sub(1, std::memory_order_acq_rel) == 1)) {
        b->~Block();
        ::operator delete(b);
      }
    }
  };
  static Block *make_block(const virError &e) {
    const char *const strs[4] = {e.message, e.str1, e.str2, e.str3};
    return Block::make(strs);
  }
  // The thread's error, or an empty one.
  static const virError &last_c_error() noexcept {
    static const virError none{};
    const virError *e = virGetLastError();
    return e ? *e : none;
  }
  template <class T>
  friend class Expected;
  std::optional<std::string_view> field(int i) const noexcept {
    if (!b_ || !b_->present[i]) return std::nullopt;
    return std::string_view(b_->text(i), b_->len[i]);
  }
  void swap(Error &o) noexcept {
    std::swap(code_, o.code_);
    std::swap(domain_, o.domain_);
    std::swap(level_, o.level_);
    std::swap(int1_, o.int1_);
    std::swap(int2_, o.int2_);
    std::swap(b_, o.b_);
  }
  virErrorNumber code_;
  virErrorDomain domain_;
  virErrorLevel level_;
  int int1_, int2_;
  Block *b_;
};

/// @cond VIRTKIT_DETAIL
namespace detail {
// Makes an Expected hold this thread's last error, built in place.
struct LastError {};
inline constexpr LastError last_error{};
}  // namespace detail
/// @endcond

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
  /// @cond VIRTKIT_DETAIL
  Expected(detail::LastError) : v_(std::in_place_index<1>, Error::last_c_error()) {}
  /// @endcond

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
  /// @cond VIRTKIT_DETAIL
  Expected(detail::LastError) : e_(std::in_place, Error::last_c_error()) {}
  /// @endcond
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
