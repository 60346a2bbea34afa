// SPDX-License-Identifier: LGPL-2.1-or-later
// EXPECT: use of deleted function .*Subscription\(const virtkit::Subscription&\)
#include <virtkit/virtkit.hpp>

void f() {
  virtkit::Subscription a;
  virtkit::Subscription b = a;
}
