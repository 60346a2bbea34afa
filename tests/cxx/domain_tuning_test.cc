// SPDX-License-Identifier: LGPL-2.1-or-later
// virtkit::Domain's typed-parameter tuning calls (domain_tuning.hpp) on
// test:///default, against the C API's results and errors.
#include "cxx_test_util.h"

#include <limits>

namespace {

using cxxtest::same_error;
using virtkit::TypedParams;

class CxxDomainTuning : public cxxtest::DomainFixture {};

constexpr unsigned long long kUnlimited = 9007199254740991ULL;  // VIR_DOMAIN_MEMORY_PARAM_UNLIMITED

TEST_F(CxxDomainTuning, MemoryParametersGetAndSet) {
  TypedParams p = d.memory_parameters();
  ASSERT_EQ(p.size(), 3u);
  EXPECT_EQ(p.params()[0].field, VIR_DOMAIN_MEMORY_HARD_LIMIT);
  EXPECT_EQ(p.get<unsigned long long>(VIR_DOMAIN_MEMORY_HARD_LIMIT), kUnlimited);
  EXPECT_EQ(p.get<unsigned long long>(VIR_DOMAIN_MEMORY_SOFT_LIMIT), kUnlimited);
  EXPECT_EQ(p.get<unsigned long long>(VIR_DOMAIN_MEMORY_SWAP_HARD_LIMIT), kUnlimited);

  d.set_memory_parameters(TypedParams().add(VIR_DOMAIN_MEMORY_HARD_LIMIT, 1048576ULL));
  // The C API sees the change.
  virTypedParameter cp[3] = {};
  int n = 3;
  ASSERT_EQ(virDomainGetMemoryParameters(cd, cp, &n, 0), 0);
  EXPECT_EQ(TypedParams::from_c(cp, n), d.memory_parameters());
  EXPECT_EQ(d.memory_parameters().get<unsigned long long>(VIR_DOMAIN_MEMORY_HARD_LIMIT),
            1048576ULL);

  // A wrong type for the field.
  TypedParams bad = TypedParams().add(VIR_DOMAIN_MEMORY_HARD_LIMIT, 5);
  virTypedParameter b{};
  std::snprintf(b.field, sizeof b.field, "%s", VIR_DOMAIN_MEMORY_HARD_LIMIT);
  b.type = VIR_TYPED_PARAM_INT;
  b.value.i = 5;
  same_error<void>([&] { return virDomainSetMemoryParameters(cd, &b, 1, 0) < 0; },
                   [&] { d.set_memory_parameters(bad); },
                   [&] { return d.try_set_memory_parameters(bad); });
  same_error<TypedParams>(
      [&] {
        int k = 0;
        return virDomainGetMemoryParameters(cd, nullptr, &k, 1u << 30) < 0;
      },
      [&] { return d.memory_parameters(1u << 30); },
      [&] { return d.try_memory_parameters(1u << 30); });
}

TEST_F(CxxDomainTuning, BlkioNumaBlockIoTuneStrings) {
  TypedParams b = d.blkio_parameters();
  EXPECT_EQ(b.size(), 6u);
  EXPECT_EQ(b.get<unsigned>(VIR_DOMAIN_BLKIO_WEIGHT), 0u);
  EXPECT_EQ(b.get<std::string>(VIR_DOMAIN_BLKIO_DEVICE_WEIGHT), "");
  d.set_blkio_parameters(TypedParams().add(VIR_DOMAIN_BLKIO_WEIGHT, 500u));
  EXPECT_EQ(d.blkio_parameters().get<unsigned>(VIR_DOMAIN_BLKIO_WEIGHT), 500u);

  TypedParams numa = d.numa_parameters();
  EXPECT_EQ(numa.get<int>(VIR_DOMAIN_NUMA_MODE), 0);
  EXPECT_EQ(numa.get<std::string>(VIR_DOMAIN_NUMA_NODESET), "");

  TypedParams io = d.block_io_tune("vda");
  EXPECT_EQ(io.size(), 20u);
  EXPECT_EQ(io.get<unsigned long long>(VIR_DOMAIN_BLOCK_IOTUNE_TOTAL_BYTES_SEC), 0u);
  EXPECT_EQ(io.get<std::string>(VIR_DOMAIN_BLOCK_IOTUNE_GROUP_NAME), "");
  d.set_block_io_tune("vda", TypedParams()
                                 .add(VIR_DOMAIN_BLOCK_IOTUNE_READ_IOPS_SEC, 77ULL)
                                 .add(VIR_DOMAIN_BLOCK_IOTUNE_READ_IOPS_SEC_MAX, 100ULL));
  EXPECT_EQ(d.block_io_tune("vda").get<unsigned long long>(VIR_DOMAIN_BLOCK_IOTUNE_READ_IOPS_SEC),
            77u);
  same_error<TypedParams>(
      [&] {
        virTypedParameter buf[32] = {};
        int k = 32;
        return virDomainGetBlockIoTune(cd, "nosuch", buf, &k, 0) < 0;
      },
      [&] { return d.block_io_tune("nosuch"); }, [&] { return d.try_block_io_tune("nosuch"); });
}

TEST_F(CxxDomainTuning, InterfaceParametersUnknownDevice) {
  same_error<TypedParams>(
      [&] {
        // The count succeeds; filling fails for the unknown device.
        virTypedParameter buf[8] = {};
        int k = 8;
        return virDomainGetInterfaceParameters(cd, "vnet0", buf, &k, 0) < 0;
      },
      [&] { return d.interface_parameters("vnet0"); },
      [&] { return d.try_interface_parameters("vnet0"); });
  TypedParams p = TypedParams().add(VIR_DOMAIN_BANDWIDTH_IN_AVERAGE, 10u);
  virTypedParameter cp{};
  std::snprintf(cp.field, sizeof cp.field, "%s", VIR_DOMAIN_BANDWIDTH_IN_AVERAGE);
  cp.type = VIR_TYPED_PARAM_UINT;
  cp.value.ui = 10;
  same_error<void>([&] { return virDomainSetInterfaceParameters(cd, "vnet0", &cp, 1, 0) < 0; },
                   [&] { d.set_interface_parameters("vnet0", p); },
                   [&] { return d.try_set_interface_parameters("vnet0", p); });
}

TEST_F(CxxDomainTuning, Scheduler) {
  virtkit::DomainSchedulerType t = d.scheduler_type();
  EXPECT_EQ(t.type, "fair");
  EXPECT_EQ(t.nparams, 1);
  // The deprecated form (no flags) works on the test driver.
  TypedParams s = d.scheduler_parameters();
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s.params()[0].field, VIR_DOMAIN_SCHEDULER_WEIGHT);
  // The test driver accepts the weight and keeps its fixed 50, as Debian's does.
  d.set_scheduler_parameters(TypedParams().add(VIR_DOMAIN_SCHEDULER_WEIGHT, 60u));
  EXPECT_EQ(d.scheduler_parameters().get<unsigned>(VIR_DOMAIN_SCHEDULER_WEIGHT), 50u);
  // The flags form: libvirt adds VIR_TYPED_PARAM_STRING_OKAY, which the test
  // driver refuses, in C as here.
  same_error<TypedParams>(
      [&] {
        virTypedParameter p[1] = {};
        int k = 1;
        return virDomainGetSchedulerParametersFlags(cd, p, &k, 0) < 0;
      },
      [&] { return d.scheduler_parameters(0u); }, [&] { return d.try_scheduler_parameters(0u); });
  TypedParams w = TypedParams().add(VIR_DOMAIN_SCHEDULER_WEIGHT, 70u);
  d.set_scheduler_parameters(w, 0);
  virTypedParameter lw{};
  std::snprintf(lw.field, sizeof lw.field, "%s", VIR_DOMAIN_SCHEDULER_WEIGHT);
  lw.type = VIR_TYPED_PARAM_UINT;
  same_error<void>(
      [&] { return virDomainSetSchedulerParametersFlags(cd, &lw, 1, VIR_DOMAIN_AFFECT_LIVE) < 0; },
      [&] { d.set_scheduler_parameters(w, VIR_DOMAIN_AFFECT_LIVE); },
      [&] { return d.try_set_scheduler_parameters(w, VIR_DOMAIN_AFFECT_LIVE); });
  TypedParams bad = TypedParams().add("nosuch", 1u);
  virTypedParameter b{};
  std::snprintf(b.field, sizeof b.field, "nosuch");
  b.type = VIR_TYPED_PARAM_UINT;
  same_error<void>([&] { return virDomainSetSchedulerParametersFlags(cd, &b, 1, 0) < 0; },
                   [&] { d.set_scheduler_parameters(bad, 0); },
                   [&] { return d.try_set_scheduler_parameters(bad, 0); });
}

TEST_F(CxxDomainTuning, PerfEventsAndLaunchSecurity) {
  TypedParams p = d.perf_events();
  EXPECT_EQ(p.size(), 22u);
  EXPECT_EQ(p.get<bool>(VIR_PERF_PARAM_CMT), false);
  d.set_perf_events(TypedParams().add(VIR_PERF_PARAM_CPU_CYCLES, true));
  EXPECT_EQ(d.perf_events().get<bool>(VIR_PERF_PARAM_CPU_CYCLES), true);

  same_error<TypedParams>(
      [&] {
        virTypedParameterPtr lp = nullptr;
        int k = 0;
        return virDomainGetLaunchSecurityInfo(cd, &lp, &k, 0) < 0;
      },
      [&] { return d.launch_security_info(); }, [&] { return d.try_launch_security_info(); });
  TypedParams sev = TypedParams().add(VIR_DOMAIN_LAUNCH_SECURITY_SEV_SECRET, "x");
  virTypedParameter s{};
  std::snprintf(s.field, sizeof s.field, "%s", VIR_DOMAIN_LAUNCH_SECURITY_SEV_SECRET);
  s.type = VIR_TYPED_PARAM_STRING;
  s.value.s = const_cast<char *>("x");
  same_error<void>([&] { return virDomainSetLaunchSecurityState(cd, &s, 1, 0) < 0; },
                   [&] { d.set_launch_security_state(sev); },
                   [&] { return d.try_set_launch_security_state(sev); });
  d.set_memory_stats_period(5);
  same_error<void>([&] { return virDomainSetMemoryStatsPeriod(cd, -1, 0) < 0; },
                   [&] { d.set_memory_stats_period(-1); },
                   [&] { return d.try_set_memory_stats_period(-1); });
}

TEST_F(CxxDomainTuning, TooLongFieldFailsBeforeTheCall) {
  TypedParams p = TypedParams().add(std::string(VIR_TYPED_PARAM_FIELD_LENGTH + 1, 'x'), 1u);
  virTypedParameterPtr cp = nullptr;
  int n = 0, max = 0;
  same_error<void>(
      [&] {
        return virTypedParamsAddUInt(&cp, &n, &max,
                                     std::string(VIR_TYPED_PARAM_FIELD_LENGTH + 1, 'x').c_str(),
                                     1) < 0;
      },
      [&] { d.set_memory_parameters(p); }, [&] { return d.try_set_memory_parameters(p); });
  virTypedParamsFree(cp, n);
}

}  // namespace
