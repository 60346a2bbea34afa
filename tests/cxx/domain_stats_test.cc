// SPDX-License-Identifier: LGPL-2.1-or-later
// virtkit::Domain's statistics, job, control and security label calls
// (domain_stats.hpp) on test:///default, against the C API.
#include "cxx_test_util.h"

#include <set>
#include <vector>

namespace {

using cxxtest::same_error;
using virtkit::TypedParams;

class CxxDomainStats : public cxxtest::DomainFixture {};

std::set<std::string> fields(const TypedParams &p) {
  std::set<std::string> f;
  for (const auto &x : p) f.insert(x.field);
  return f;
}

TEST_F(CxxDomainStats, CpuStatsTotalAndPerCpu) {
  TypedParams total = d.cpu_stats();
  EXPECT_EQ(fields(total),
            (std::set<std::string>{VIR_DOMAIN_CPU_STATS_CPUTIME, VIR_DOMAIN_CPU_STATS_USERTIME,
                                   VIR_DOMAIN_CPU_STATS_SYSTEMTIME}));
  EXPECT_GT(*total.get<unsigned long long>(VIR_DOMAIN_CPU_STATS_CPUTIME), 0u);

  int ncpus = virDomainGetCPUStats(cd, nullptr, 0, 0, 0, 0);
  ASSERT_GT(ncpus, 0);
  std::vector<TypedParams> per = d.cpu_stats(0, -1);
  ASSERT_EQ(per.size(), static_cast<size_t>(ncpus));
  for (const TypedParams &p : per)
    EXPECT_EQ(fields(p),
              (std::set<std::string>{VIR_DOMAIN_CPU_STATS_CPUTIME, VIR_DOMAIN_CPU_STATS_VCPUTIME}));
  std::vector<TypedParams> one = d.cpu_stats(1, 1);
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(fields(one[0]), fields(per[1]));

  same_error<TypedParams>([&] { return virDomainGetCPUStats(cd, nullptr, 0, -1, 1, 1u << 30) < 0; },
                          [&] { return d.cpu_stats(1u << 30); },
                          [&] { return d.try_cpu_stats(1u << 30); });
  same_error<std::vector<TypedParams>>(
      [&] {
        // Counting succeeds; fetching CPU 4096's fails.
        virTypedParameter p[4] = {};
        return virDomainGetCPUStats(cd, p, 4, 4096, 1, 0) < 0;
      },
      [&] { return d.cpu_stats(4096, 1); }, [&] { return d.try_cpu_stats(4096, 1); });
}

TEST_F(CxxDomainStats, MemoryStats) {
  std::vector<virDomainMemoryStatStruct> s = d.memory_stats();
  virDomainMemoryStatStruct cs[VIR_DOMAIN_MEMORY_STAT_NR];
  int n = virDomainMemoryStats(cd, cs, VIR_DOMAIN_MEMORY_STAT_NR, 0);
  ASSERT_EQ(s.size(), static_cast<size_t>(n));
  for (int i = 0; i < n; i++) {
    EXPECT_EQ(s[i].tag, cs[i].tag);
    if (cs[i].tag != VIR_DOMAIN_MEMORY_STAT_LAST_UPDATE) {
      EXPECT_EQ(s[i].val, cs[i].val);
    }
  }
  bool actual = false;
  for (auto &m : s)
    if (m.tag == VIR_DOMAIN_MEMORY_STAT_ACTUAL_BALLOON) {
      actual = true;
      EXPECT_EQ(m.val, 2097152u);
    }
  EXPECT_TRUE(actual);
  same_error<std::vector<virDomainMemoryStatStruct>>(
      [&] { return virDomainMemoryStats(cd, cs, VIR_DOMAIN_MEMORY_STAT_NR, 1u << 30) < 0; },
      [&] { return d.memory_stats(1u << 30); }, [&] { return d.try_memory_stats(1u << 30); });
}

TEST_F(CxxDomainStats, AllStatsAndListStats) {
  std::vector<virtkit::DomainStatsRecord> all = virtkit::Domain::all_stats(conn);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].domain.name(), "test");
  EXPECT_EQ(all[0].params.get<int>("state.state"), VIR_DOMAIN_RUNNING);
  EXPECT_EQ(all[0].params.get<int>("state.reason"), 0);

  auto listed = virtkit::Domain::list_stats({d}, VIR_DOMAIN_STATS_STATE);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].domain.uuid_string(), d.uuid_string());
  EXPECT_EQ(listed[0].params, all[0].params);
  // The record's domain outlives the list (its own reference).
  virtkit::Domain kept = listed[0].domain;
  listed.clear();
  EXPECT_EQ(kept.name(), "test");

  virDomainStatsRecordPtr *recs = nullptr;
  const unsigned kEnforce = VIR_CONNECT_GET_ALL_DOMAINS_STATS_ENFORCE_STATS;
  same_error<std::vector<virtkit::DomainStatsRecord>>(
      [&] { return virConnectGetAllDomainStats(c, 1u << 28, &recs, kEnforce) < 0; },
      [&] { return virtkit::Domain::all_stats(conn, 1u << 28, kEnforce); },
      [&] { return virtkit::Domain::try_all_stats(conn, 1u << 28, kEnforce); });
  virDomainPtr none[] = {nullptr};
  same_error<std::vector<virtkit::DomainStatsRecord>>(
      [&] { return virDomainListGetStats(none, 0, &recs, 0) < 0; },
      [&] { return virtkit::Domain::list_stats({}); },
      [&] { return virtkit::Domain::try_list_stats({}); });
}

TEST_F(CxxDomainStats, JobsNotInTestDriver) {
  same_error<virtkit::DomainJobInfo>(
      [&] {
        virDomainJobInfo i;
        return virDomainGetJobInfo(cd, &i) < 0;
      },
      [&] { return d.job_info(); }, [&] { return d.try_job_info(); });
  EXPECT_EQ(d.try_job_info().error().code(), VIR_ERR_NO_SUPPORT);
  same_error<virtkit::DomainJobStats>(
      [&] {
        int type, n = 0;
        virTypedParameterPtr p = nullptr;
        return virDomainGetJobStats(cd, &type, &p, &n, 0) < 0;
      },
      [&] { return d.job_stats(); }, [&] { return d.try_job_stats(); });
  same_error<void>([&] { return virDomainAbortJob(cd) < 0; }, [&] { d.abort_job(); },
                   [&] { return d.try_abort_job(); });
  same_error<void>([&] { return virDomainAbortJobFlags(cd, 0) < 0; }, [&] { d.abort_job(0); },
                   [&] { return d.try_abort_job(0); });
  same_error<void>([&] { return virDomainStartDirtyRateCalc(cd, 1, 0) < 0; },
                   [&] { d.start_dirty_rate_calc(1); },
                   [&] { return d.try_start_dirty_rate_calc(1); });
}

TEST_F(CxxDomainStats, ControlInfoAndSecurityLabels) {
  virtkit::DomainControlInfo ci = d.control_info();
  EXPECT_EQ(ci.state, VIR_DOMAIN_CONTROL_OK);
  EXPECT_EQ(ci.details, 0u);
  EXPECT_EQ(ci.state_time, std::chrono::milliseconds(0));
  same_error<virtkit::DomainControlInfo>(
      [&] {
        virDomainControlInfo i;
        return virDomainGetControlInfo(cd, &i, 1) < 0;
      },
      [&] { return d.control_info(1); }, [&] { return d.try_control_info(1); });

  virtkit::SecurityLabel l = d.security_label();
  EXPECT_EQ(l.label, "libvirt-test");
  EXPECT_TRUE(l.enforcing);
  same_error<std::vector<virtkit::SecurityLabel>>(
      [&] {
        virSecurityLabelPtr ls = nullptr;
        return virDomainGetSecurityLabelList(cd, &ls) < 0;
      },
      [&] { return d.security_labels(); }, [&] { return d.try_security_labels(); });
  EXPECT_EQ(d.try_security_labels().error().code(), VIR_ERR_NO_SUPPORT);
}

}  // namespace
