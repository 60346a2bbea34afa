// SPDX-License-Identifier: LGPL-2.1-or-later
/// @file
/// virtkit::TypedParams: libvirt's typed parameters as a C++ value type.
#pragma once

#include <virtkit/detail.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace virtkit {

/// An ordered list of named, typed values (virTypedParameter arrays).
///
/// A value type: copies are independent; no libvirt object is held. A field
/// may appear more than once (libvirt's string lists, e.g. migration disks).
class TypedParams {
 public:
  /// A parameter's value: VIR_TYPED_PARAM_INT, UINT, LLONG, ULLONG, DOUBLE,
  /// BOOLEAN or STRING, in that order.
  using Value =
      std::variant<int, unsigned, long long, unsigned long long, double, bool, std::string>;
  /// One parameter.
  struct Param {
    std::string field;  ///< The name (at most VIR_TYPED_PARAM_FIELD_LENGTH - 1 bytes in C).
    Value value;        ///< The value.
    /// The C type (virTypedParameterType) of the value.
    int type() const noexcept { return static_cast<int>(value.index()) + VIR_TYPED_PARAM_INT; }
    /// Equal names and values.
    bool operator==(const Param &) const = default;
  };

  /// An empty list.
  TypedParams() = default;
  /// Copies @p n C parameters.
  static TypedParams from_c(const virTypedParameter *params, int n) {
    TypedParams t;
    for (int i = 0; i < n; i++) {
      const virTypedParameter &p = params[i];
      switch (p.type) {
        case VIR_TYPED_PARAM_INT:
          t.add(p.field, p.value.i);
          break;
        case VIR_TYPED_PARAM_UINT:
          t.add(p.field, p.value.ui);
          break;
        case VIR_TYPED_PARAM_LLONG:
          t.add(p.field, p.value.l);
          break;
        case VIR_TYPED_PARAM_ULLONG:
          t.add(p.field, p.value.ul);
          break;
        case VIR_TYPED_PARAM_DOUBLE:
          t.add(p.field, p.value.d);
          break;
        case VIR_TYPED_PARAM_BOOLEAN:
          t.add(p.field, p.value.b != 0);
          break;
        case VIR_TYPED_PARAM_STRING:
          t.add(p.field, std::string_view(p.value.s ? p.value.s : ""));
          break;
        default:
          break;
      }
    }
    return t;
  }

  //!@{
  /// Appends a parameter; returns *this for chaining.
  TypedParams &add(std::string_view field, Value value) {
    params_.push_back({std::string(field), std::move(value)});
    return *this;
  }
  TypedParams &add(std::string_view field, std::string_view value) {
    return add(field, Value(std::string(value)));
  }
  TypedParams &add(std::string_view field, const std::string &value) {
    return add(field, Value(value));
  }
  TypedParams &add(std::string_view field, const char *value) {
    return add(field, std::string_view(value));
  }
  //!@}

  /// The number of parameters.
  size_t size() const noexcept { return params_.size(); }
  /// Whether there is none.
  bool empty() const noexcept { return params_.empty(); }
  /// The parameters in order.
  const std::vector<Param> &params() const noexcept { return params_; }
  //!@{
  /// Iteration over the parameters in order.
  std::vector<Param>::const_iterator begin() const noexcept { return params_.begin(); }
  std::vector<Param>::const_iterator end() const noexcept { return params_.end(); }
  //!@}
  /// The first value of @p field, or nullptr.
  const Value *find(std::string_view field) const noexcept {
    for (const Param &p : params_)
      if (p.field == field) return &p.value;
    return nullptr;
  }
  /// The first value of @p field if it holds a @p T.
  template <class T>
  std::optional<T> get(std::string_view field) const {
    const Value *v = find(field);
    if (!v || !std::holds_alternative<T>(*v)) return std::nullopt;
    return std::get<T>(*v);
  }
  /// Every string value of @p field, in order.
  std::vector<std::string> get_strings(std::string_view field) const {
    std::vector<std::string> out;
    for (const Param &p : params_)
      if (p.field == field && std::holds_alternative<std::string>(p.value))
        out.push_back(std::get<std::string>(p.value));
    return out;
  }
  /// Equal parameters in the same order.
  bool operator==(const TypedParams &) const = default;

  /// A C array built from a TypedParams, freed with it.
  class CArray {
   public:
    /// An empty array.
    CArray() = default;
    CArray(const CArray &) = delete;
    CArray &operator=(const CArray &) = delete;
    /// Takes @p o's array.
    CArray(CArray &&o) noexcept
        : p_(std::exchange(o.p_, nullptr)), n_(std::exchange(o.n_, 0)), max_(o.max_) {}
    /// Takes @p o's array, freeing the old one.
    CArray &operator=(CArray &&o) noexcept {
      std::swap(p_, o.p_);
      std::swap(n_, o.n_);
      std::swap(max_, o.max_);
      return *this;
    }
    /// Frees the array.
    ~CArray() { virTypedParamsFree(p_, n_); }
    /// The array (nullptr when empty).
    virTypedParameterPtr data() const noexcept { return p_; }
    /// Its length.
    int size() const noexcept { return n_; }

   private:
    friend class TypedParams;
    virTypedParameterPtr p_ = nullptr;
    int n_ = 0, max_ = 0;
  };

  /// The C form, built with virTypedParamsAdd*: a field name too long for C
  /// fails with libvirt's error.
  Expected<CArray> try_to_c() const {
    CArray a;
    for (const Param &p : params_) {
      const char *f = p.field.c_str();
      int rc = std::visit(
          [&](const auto &v) -> int {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, int>)
              return virTypedParamsAddInt(&a.p_, &a.n_, &a.max_, f, v);
            else if constexpr (std::is_same_v<T, unsigned>)
              return virTypedParamsAddUInt(&a.p_, &a.n_, &a.max_, f, v);
            else if constexpr (std::is_same_v<T, long long>)
              return virTypedParamsAddLLong(&a.p_, &a.n_, &a.max_, f, v);
            else if constexpr (std::is_same_v<T, unsigned long long>)
              return virTypedParamsAddULLong(&a.p_, &a.n_, &a.max_, f, v);
            else if constexpr (std::is_same_v<T, double>)
              return virTypedParamsAddDouble(&a.p_, &a.n_, &a.max_, f, v);
            else if constexpr (std::is_same_v<T, bool>)
              return virTypedParamsAddBoolean(&a.p_, &a.n_, &a.max_, f, v ? 1 : 0);
            else
              return virTypedParamsAddString(&a.p_, &a.n_, &a.max_, f, v.c_str());
          },
          p.value);
      if (rc < 0) return detail::last_error;
    }
    return a;
  }
  /// try_to_c(), throwing the Error.
  CArray to_c() const { return try_to_c().value(); }

 private:
  std::vector<Param> params_;
};

/// @cond VIRTKIT_DETAIL
namespace detail {
// Takes a C array a call allocated (freed here).
inline TypedParams adopt_params(virTypedParameterPtr p, int n) {
  TypedParams t = TypedParams::from_c(p, n);
  virTypedParamsFree(p, n);
  return t;
}
// The two-step get of a call filling a caller-sized array: call(nullptr, &n)
// gives the count, call(array, &n) fills it.
template <class F>
Expected<TypedParams> fill_params(F &&call) {
  int n = 0;
  if (call(nullptr, &n) < 0) return detail::last_error;
  if (n <= 0) return TypedParams();
  std::vector<virTypedParameter> buf(static_cast<size_t>(n));
  if (call(buf.data(), &n) < 0) return detail::last_error;
  TypedParams t = TypedParams::from_c(buf.data(), n);
  virTypedParamsClear(buf.data(), n);
  return t;
}
// A set call taking (params, nparams): the C array built first.
template <class F>
Expected<void> with_params(const TypedParams &params, F &&call) {
  Expected<TypedParams::CArray> a = params.try_to_c();
  if (!a) return a.error();
  if (call(a->data(), a->size()) < 0) return detail::last_error;
  return {};
}
}  // namespace detail
/// @endcond

}  // namespace virtkit
