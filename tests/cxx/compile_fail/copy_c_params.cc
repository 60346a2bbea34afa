// SPDX-License-Identifier: LGPL-2.1-or-later
// EXPECT: use of deleted function .*CArray\(const virtkit::TypedParams::CArray&\)
#include <virtkit/virtkit.hpp>

void f() {
  auto a = virtkit::TypedParams().add("x", 1).to_c();
  auto b = a;
}
