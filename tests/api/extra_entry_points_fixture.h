// SPDX-License-Identifier: LGPL-2.1-or-later
// What the tests of the hand-written entry points in src/api/*_extra.cc share:
// checking the thread's last error, and the ExtraEntryPoints fixture. The
// tests (tests/api/extra_entry_points_*_test.cc) check the arguments of those
// entry points through the public C API on test:///default. Every expected
// value (return, code, error domain, message, str1, str2, int1) is what
// Debian's libvirt 9.0.0 gives for the same call. They use nothing but the
// public API, so they also build against that libvirt to check them:
//   g++ -std=c++20 tests/api/extra_entry_points_*_test.cc
//       $(pkg-config --cflags --libs libvirt) -lgtest -lgtest_main -lpthread
#pragma once

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <gtest/gtest.h>
#include <fcntl.h>
#include <unistd.h>

#include <climits>
#include <cstring>
#include <string>

#include "../support/last_error.h"

namespace extra_entry_points_tests {

using virtkit_testing::expect_error;
using virtkit_testing::Expected;
using virtkit_testing::s;

inline void quiet(void *, virErrorPtr) {}
inline void dom_cb() {}

inline void set_field(virTypedParameter &p, const char *name, int type) {
  std::memset(&p, 0, sizeof p);
  std::strncpy(p.field, name, VIR_TYPED_PARAM_FIELD_LENGTH - 1);
  p.type = type;
}

// Three connections to the same mock host (one read-only), its objects as
// each connection sees them, streams and argument buffers. Tests needing an
// object the driver cannot provide (network, pool, volume, node device) skip.
class ExtraEntryPoints : public ::testing::Test {
 protected:
  void SetUp() override {
    virSetErrorFunc(nullptr, quiet);
    conn = virConnectOpen("test:///default");
    ro = virConnectOpenReadOnly("test:///default");
    conn2 = virConnectOpen("test:///default");
    ASSERT_TRUE(conn && ro && conn2);
    dom = virDomainLookupByName(conn, "test");
    rodom = virDomainLookupByName(ro, "test");
    dom2 = virDomainLookupByName(conn2, "test");
    ASSERT_TRUE(dom && rodom && dom2);
    net = virNetworkLookupByName(conn, "default");
    net2 = virNetworkLookupByName(conn2, "default");
    pool2 = virStoragePoolLookupByName(conn2, "default-pool");
    if (virStoragePoolPtr pool = virStoragePoolLookupByName(conn, "default-pool")) {
      vol = virStorageVolCreateXML(
          pool, "<volume><name>extra.img</name><capacity>1024</capacity></volume>", 0);
      virStoragePoolFree(pool);
    }
    dev2 = virNodeDeviceLookupByName(conn2, "computer");
    st2 = virStreamNew(conn2, 0);
    ASSERT_NE(st2, nullptr);
    devnull = open("/dev/null", O_RDONLY);
    for (auto &p : tparams) set_field(p, "x", VIR_TYPED_PARAM_INT);
    set_field(strparam_null[0], "s", VIR_TYPED_PARAM_STRING);
    set_field(longparam[0], "", VIR_TYPED_PARAM_INT);
    std::memset(longparam[0].field, 'a', sizeof longparam[0].field);  // no terminator
    set_field(migparams[0], "foo", VIR_TYPED_PARAM_INT);
    twodoms[0] = dom;
    twodoms[1] = dom2;
    virResetLastError();
  }

  void TearDown() override {
    if (vol) {
      virStorageVolDelete(vol, 0);
      virStorageVolFree(vol);
    }
    if (dev2) virNodeDeviceFree(dev2);
    if (st2) virStreamFree(st2);
    for (virNetworkPtr n : {net, net2})
      if (n) virNetworkFree(n);
    if (pool2) virStoragePoolFree(pool2);
    for (virDomainPtr d : {dom, rodom, dom2})
      if (d) virDomainFree(d);
    for (virConnectPtr c : {conn, ro, conn2})
      if (c) virConnectClose(c);
    if (devnull >= 0) close(devnull);
    virSetErrorFunc(nullptr, nullptr);
    virResetLastError();
  }

  virConnectPtr conn = nullptr, ro = nullptr, conn2 = nullptr;
  virDomainPtr dom = nullptr, rodom = nullptr, dom2 = nullptr;
  virNetworkPtr net = nullptr, net2 = nullptr;
  virStoragePoolPtr pool2 = nullptr;
  virStorageVolPtr vol = nullptr;
  virNodeDevicePtr dev2 = nullptr;
  virStreamPtr st2 = nullptr;
  int devnull = -1;

  int n = 0;
  virDomainBlockStatsStruct bstats{};
  virDomainInterfaceStatsStruct istats{};
  long long big[512] = {};
  virTypedParameter tparams[4];
  virTypedParameter strparam_null[1];
  virTypedParameter longparam[1];
  virTypedParameter migparams[1];
  virVcpuInfo vinfo[2] = {};
  unsigned char cpumaps[16] = {};
  const char *keys[1] = {"k"};
  unsigned int keycodes[20] = {1};
  int fds[1] = {0};
  virDomainStatsRecordPtr *records = nullptr;
  virDomainPtr nodoms[1] = {nullptr};
  virDomainPtr twodoms[3] = {nullptr, nullptr, nullptr};
  const char *cpus[1] = {"<cpu/>"};
  virDomainInterfacePtr *ifaces = nullptr;
};

}  // namespace extra_entry_points_tests
