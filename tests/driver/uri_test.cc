// SPDX-License-Identifier: LGPL-2.1-or-later
#include <gtest/gtest.h>

#include "driver/uri.h"

using namespace virtkit::driver;

TEST(Uri, ParsesLikeLibvirt) {
  auto u = parse_uri("test:///default");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->scheme, "test");
  EXPECT_FALSE(u->has_server);
  EXPECT_EQ(u->path, "/default");
  EXPECT_EQ(format_uri(*u), "test:///default");

  u = parse_uri("qemu+ssh://root@[::1]:2222/system?socket=/tmp/s&no_verify=1&flag&=x#frag");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->scheme, "qemu+ssh");
  EXPECT_EQ(u->user, "root");
  EXPECT_EQ(u->server, "::1");
  EXPECT_EQ(u->port, 2222);
  EXPECT_EQ(u->path, "/system");
  ASSERT_EQ(u->params.size(), 3u);
  EXPECT_EQ(*u->param("socket"), "/tmp/s");
  EXPECT_EQ(*u->param("flag"), "");
  EXPECT_EQ(u->param("x"), nullptr);
  EXPECT_EQ(u->fragment, "frag");
  EXPECT_EQ(format_uri(*u),
            "qemu+ssh://root@[::1]:2222/system?socket=/tmp/s&no_verify=1&flag&=x#frag");

  u = parse_uri("test:///tmp/a%20b.xml?name=a%20b");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(*u->param("name"), "a b");
}

TEST(Uri, RejectsGarbage) {
  auto u = parse_uri("test://[::1/x");
  ASSERT_FALSE(u.ok());
  EXPECT_EQ(u.status().code(), VIR_ERR_INTERNAL_ERROR);
  EXPECT_STREQ(u.status().record()->message, "internal error: Unable to parse URI test://[::1/x");
  EXPECT_EQ(u.status().record()->domain, VIR_FROM_URI);
}
