// SPDX-License-Identifier: LGPL-2.1-or-later
// EXPECT: compiles
// The control: the proper uses of what the other cases misuse.
#include <virtkit/virtkit.hpp>

void f(virtkit::Connection &conn) {
  virtkit::Subscription a;
  virtkit::Subscription b = std::move(a);
  virtkit::event::Watch w;
  virtkit::event::Watch w2 = std::move(w);
  virtkit::Domain d = virtkit::Domain::lookup_by_name(conn, "test");
  virtkit::Domain d2 = d;
  auto r = conn.try_uri();
  (void)r;
  auto params = virtkit::TypedParams().add("x", 1).to_c();
  auto p2 = std::move(params);
}

// A std::string value is a string parameter (not ambiguous).
void g() {
  std::string s = "x";
  virtkit::TypedParams().add("f", s).add("g", std::string("y"));
}
