// SPDX-License-Identifier: LGPL-2.1-or-later
// EXPECT: ignoring returned value of type .virtkit::Expected<std::.*string.*nodiscard
// A try_ call's result holds its error: ignoring it is a warning (-Werror).
#include <virtkit/virtkit.hpp>

void f(virtkit::Connection &conn) {
  conn.try_uri();
}
