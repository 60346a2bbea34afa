// SPDX-License-Identifier: LGPL-2.1-or-later
// EXPECT: use of deleted function .*Watch\(const virtkit::event::Watch&\)
#include <virtkit/virtkit.hpp>

void f() {
  virtkit::event::Watch a;
  virtkit::event::Watch b = a;
}
