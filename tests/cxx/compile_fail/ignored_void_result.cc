// SPDX-License-Identifier: LGPL-2.1-or-later
// EXPECT: ignoring returned value of type .virtkit::Expected<void>.*nodiscard
#include <virtkit/virtkit.hpp>

void f(virtkit::Domain &d) {
  d.try_suspend();
}
