// SPDX-License-Identifier: LGPL-2.1-or-later
// virtkit::Domain's vCPU, pinning and I/O thread calls (domain_vcpus.hpp) on
// test:///default, against the C API's results and errors.
#include "cxx_test_util.h"

#include <vector>

namespace {

using cxxtest::same_error;
using virtkit::CpuMap;

class CxxDomainVcpus : public cxxtest::DomainFixture {
 protected:
  int host_cpus() { return virNodeGetCPUMap(c, nullptr, nullptr, 0); }
};

TEST_F(CxxDomainVcpus, VcpuInfoMatchesC) {
  int cpus = host_cpus();
  ASSERT_GT(cpus, 0);
  int maplen = VIR_CPU_MAPLEN(cpus);
  virVcpuInfo ci[2];
  std::vector<unsigned char> maps(2 * maplen);
  ASSERT_EQ(virDomainGetVcpus(cd, ci, 2, maps.data(), maplen), 2);

  std::vector<virtkit::VcpuInfo> v = d.vcpus();
  ASSERT_EQ(v.size(), 2u);
  for (size_t i = 0; i < v.size(); i++) {
    EXPECT_EQ(v[i].number, ci[i].number);
    EXPECT_EQ(v[i].state, VIR_VCPU_RUNNING);
    EXPECT_EQ(v[i].cpu, ci[i].cpu);
    EXPECT_GT(v[i].time.count(), 0);
    ASSERT_EQ(v[i].affinity.size(), static_cast<size_t>(cpus));
    for (int k = 0; k < cpus; k++)
      EXPECT_EQ(v[i].affinity[k], VIR_CPU_USABLE(maps.data(), maplen, i, k) != 0);
  }
  EXPECT_EQ(d.vcpu_count(), 2);
  EXPECT_EQ(d.vcpu_count(VIR_DOMAIN_VCPU_MAXIMUM),
            virDomainGetVcpusFlags(cd, VIR_DOMAIN_VCPU_MAXIMUM));
  EXPECT_EQ(d.max_vcpus(), 2);
  same_error<int>([&] { return virDomainGetVcpusFlags(cd, 1u << 30) < 0; },
                  [&] { return d.vcpu_count(1u << 30); },
                  [&] { return d.try_vcpu_count(1u << 30); });
}

TEST_F(CxxDomainVcpus, PinningRoundTrip) {
  int cpus = host_cpus();
  std::vector<CpuMap> pins = d.vcpu_pin_info();
  ASSERT_EQ(pins.size(), 2u);
  for (const CpuMap &m : pins) {
    ASSERT_EQ(m.size(), static_cast<size_t>(cpus));
    for (bool b : m) EXPECT_TRUE(b);  // unpinned: every host CPU
  }
  CpuMap only1(static_cast<size_t>(cpus));
  only1[1] = true;
  d.pin_vcpu(0, only1);
  pins = d.vcpu_pin_info();
  EXPECT_EQ(pins[0], only1);
  // The C API sees the same pinning.
  std::vector<unsigned char> map(VIR_CPU_MAPLEN(cpus) * 2);
  ASSERT_EQ(virDomainGetVcpuPinInfo(cd, 2, map.data(), VIR_CPU_MAPLEN(cpus), 0), 2);
  EXPECT_EQ(map[0], 0x02);

  CpuMap only2(static_cast<size_t>(cpus));
  only2[2] = true;
  d.pin_vcpu(1, only2, 0);
  EXPECT_EQ(d.vcpu_pin_info(VIR_DOMAIN_AFFECT_LIVE)[1], only2);
  EXPECT_EQ(d.vcpus()[1].affinity, only2);

  unsigned char bad = 1;
  same_error<void>([&] { return virDomainPinVcpu(cd, 99, &bad, 1) < 0; },
                   [&] { d.pin_vcpu(99, CpuMap{true}); },
                   [&] { return d.try_pin_vcpu(99, CpuMap{true}); });
  same_error<void>([&] { return virDomainPinVcpuFlags(cd, 99, &bad, 1, 0) < 0; },
                   [&] { d.pin_vcpu(99, CpuMap{true}, 0); },
                   [&] { return d.try_pin_vcpu(99, CpuMap{true}, 0); });
  // The test driver ignores unknown flags here (as Debian's): no failure to compare.
  EXPECT_EQ(d.vcpu_pin_info(1u << 30).size(), 2u);

  CpuMap emu = d.emulator_pin_info();
  ASSERT_EQ(emu.size(), static_cast<size_t>(cpus));
  d.pin_emulator(only2);
  EXPECT_EQ(d.emulator_pin_info(), only2);
  same_error<CpuMap>([&] { return virDomainGetEmulatorPinInfo(cd, map.data(), 2, 1u << 30) < 0; },
                     [&] { return d.emulator_pin_info(1u << 30); },
                     [&] { return d.try_emulator_pin_info(1u << 30); });
}

TEST_F(CxxDomainVcpus, SetVcpusOnOwnDomain) {
  auto x = virtkit::Domain::define_xml(conn, cxxtest::domain_xml("cxx-vcpus"));
  virDomainPtr cx = virDomainLookupByName(c, "cxx-vcpus");
  x.set_vcpus(1, VIR_DOMAIN_AFFECT_CONFIG);
  EXPECT_EQ(x.vcpu_count(VIR_DOMAIN_AFFECT_CONFIG), 1);
  x.create();
  EXPECT_EQ(x.vcpu_count(), 1);
  x.set_vcpus(2);
  EXPECT_EQ(x.vcpu_count(), 2);
  same_error<void>([&] { return virDomainSetVcpus(cx, 64) < 0; }, [&] { x.set_vcpus(64); },
                   [&] { return x.try_set_vcpus(64); });
  same_error<void>([&] { return virDomainSetVcpusFlags(cx, 0, 0) < 0; }, [&] { x.set_vcpus(0, 0); },
                   [&] { return x.try_set_vcpus(0, 0); });
  same_error<void>([&] { return virDomainSetVcpu(cx, "0", 0, 0) < 0; },
                   [&] { x.set_vcpu("0", false); }, [&] { return x.try_set_vcpu("0", false); });
  x.destroy();
  same_error<std::vector<virtkit::VcpuInfo>>(
      [&] {
        virVcpuInfo i[2];
        unsigned char m[4];
        return virDomainGetVcpus(cx, i, 2, m, 2) < 0;
      },
      [&] { return x.vcpus(); }, [&] { return x.try_vcpus(); });
  same_error<int>([&] { return virDomainGetMaxVcpus(cx) < 0; }, [&] { return x.max_vcpus(); },
                  [&] { return x.try_max_vcpus(); });
  x.undefine();
  virDomainFree(cx);
}

TEST_F(CxxDomainVcpus, IOThreads) {
  EXPECT_TRUE(d.iothread_info().empty());
  d.add_iothread(3);
  d.add_iothread(5);
  std::vector<virtkit::IOThreadInfo> t = d.iothread_info();
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[0].id, 3u);
  EXPECT_EQ(t[1].id, 5u);
  int cpus = host_cpus();
  CpuMap m(static_cast<size_t>(cpus));
  m[0] = true;
  d.pin_iothread(5, m);
  t = d.iothread_info();
  ASSERT_GE(t[1].affinity.size(), static_cast<size_t>(cpus));
  EXPECT_TRUE(t[1].affinity[0]);
  EXPECT_FALSE(t[1].affinity[1]);
  // The C API lists the same threads.
  virDomainIOThreadInfoPtr *info = nullptr;
  ASSERT_EQ(virDomainGetIOThreadInfo(cd, &info, 0), 2);
  EXPECT_EQ(info[1]->iothread_id, 5u);
  EXPECT_EQ(info[1]->cpumap[0], 0x01);
  for (int i = 0; i < 2; i++) virDomainIOThreadInfoFree(info[i]);
  std::free(info);

  virtkit::TypedParams p = virtkit::TypedParams().add(VIR_DOMAIN_IOTHREAD_POLL_MAX_NS, 1000ULL);
  d.set_iothread_params(3, p);
  same_error<void>([&] { return virDomainAddIOThread(cd, 3, 0) < 0; }, [&] { d.add_iothread(3); },
                   [&] { return d.try_add_iothread(3); });
  d.del_iothread(3);
  same_error<void>([&] { return virDomainDelIOThread(cd, 3, 0) < 0; }, [&] { d.del_iothread(3); },
                   [&] { return d.try_del_iothread(3); });
  unsigned char one = 1;
  same_error<void>([&] { return virDomainPinIOThread(cd, 42, &one, 1, 0) < 0; },
                   [&] { d.pin_iothread(42, CpuMap{true}); },
                   [&] { return d.try_pin_iothread(42, CpuMap{true}); });
  d.del_iothread(5);
}

TEST_F(CxxDomainVcpus, GuestVcpusNotInTestDriver) {
  same_error<virtkit::TypedParams>(
      [&] {
        virTypedParameterPtr p = nullptr;
        unsigned n = 0;
        return virDomainGetGuestVcpus(cd, &p, &n, 0) < 0;
      },
      [&] { return d.guest_vcpus(); }, [&] { return d.try_guest_vcpus(); });
  EXPECT_EQ(d.try_guest_vcpus().error().code(), VIR_ERR_NO_SUPPORT);
  same_error<void>([&] { return virDomainSetGuestVcpus(cd, "1", 0, 0) < 0; },
                   [&] { d.set_guest_vcpus("1", false); },
                   [&] { return d.try_set_guest_vcpus("1", false); });
}

}  // namespace
