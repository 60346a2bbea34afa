// SPDX-License-Identifier: LGPL-2.1-or-later
// A transport that dies before the connection is open: the open's own call
// reports why (libvirt's client reads only for its calls until then), not
// "client socket is closed" from a background read that got there first.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

#include "drivers/remote/client.h"
#include "libvirt/virterror.h"

namespace {

using virtkit::remote::Client;
namespace proto = virtkit::remote::proto;

TEST(RemoteOpen, ADeadTransportFailsTheFirstCallWithItsCause) {
  auto c = Client::connect_command({"/bin/sh", "-c", "echo 'no such host' >&2; exit 255"});
  ASSERT_TRUE(c.ok());
  std::shared_ptr<Client> client = *c;
  // Long past the background thread's pause: it would have read the EOF.
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  std::string reply;
  auto st = client->call(proto::kRemoteProgram, proto::kRemoteVersion, 66, "", &reply);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.code(), VIR_ERR_SYSTEM_ERROR);
  EXPECT_EQ(st.record()->domain, VIR_FROM_RPC);
  // The child is gone: the write fails first, as libvirt's does.
  EXPECT_STREQ(st.record()->message, "Cannot write data: Broken pipe");
  client->close();
}

}  // namespace
