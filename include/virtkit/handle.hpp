// SPDX-License-Identifier: LGPL-2.1-or-later
/// @file
/// virtkit::Handle, the base of every object handle.
#pragma once

#include <utility>

namespace virtkit {

/// A counted reference to a libvirt C object of pointer type @p P.
///
/// Copies share the object (taking a reference with @p Ref); the destructor
/// drops one (with @p Free, which frees the object when the last goes). A moved-from
/// handle is empty. Like the C object, the object may be used from several
/// threads through different handles or one const handle; a handle variable
/// must not be assigned while another thread uses it.
template <class P, int (*Ref)(P), int (*Free)(P)>
class Handle {
 public:
  /// The C pointer type.
  using pointer = P;
  /// Takes a new reference to @p p for a handle (nullptr stays nullptr).
  static P add_ref(P p) noexcept {
    if (p) Ref(p);
    return p;
  }
  /// An empty handle.
  Handle() = default;
  /// Adopts a reference the caller owns (e.g. one a C lookup returned).
  explicit Handle(P p) noexcept : p_(p) {}
  /// Shares @p o's object.
  Handle(const Handle &o) noexcept : p_(o.p_) {
    if (p_) Ref(p_);
  }
  /// Takes @p o's reference; @p o is left empty.
  Handle(Handle &&o) noexcept : p_(std::exchange(o.p_, nullptr)) {}
  /// Shares @p o's object, dropping the old one.
  Handle &operator=(const Handle &o) noexcept {
    Handle t(o);
    std::swap(p_, t.p_);
    return *this;
  }
  /// Takes @p o's reference, dropping the old one; @p o is left empty.
  Handle &operator=(Handle &&o) noexcept {
    Handle t(std::move(o));
    std::swap(p_, t.p_);
    return *this;
  }
  /// Drops the reference.
  ~Handle() {
    if (p_) Free(p_);
  }
  /// The C object, for C calls; still owned by this handle.
  P get() const noexcept { return p_; }
  /// Whether the handle holds an object.
  explicit operator bool() const noexcept { return p_ != nullptr; }
  /// Gives up the reference to the caller, who must free it; the handle is left empty.
  P release() noexcept { return std::exchange(p_, nullptr); }

 protected:
  /// The C object, or nullptr.
  P p_ = nullptr;
};

}  // namespace virtkit
