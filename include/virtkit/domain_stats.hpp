// SPDX-License-Identifier: LGPL-2.1-or-later
/// @file
/// virtkit::DomainStatsCalls: statistics, jobs, control and security labels
/// (part of virtkit::Domain; include domain.hpp).
#pragma once

#include <virtkit/connection.hpp>
#include <virtkit/detail.hpp>
#include <virtkit/typed_params.hpp>

#include <chrono>
#include <string>
#include <vector>

namespace virtkit {

/// One domain's statistics (virDomainStatsRecord); DomainStatsRecord is the
/// form with virtkit::Domain.
template <class H>
struct BasicDomainStatsRecord {
  H domain;            ///< The domain.
  TypedParams params;  ///< Its statistics, e.g. "state.state", "cpu.time".
};

/// Progress of a domain's background job (virDomainJobInfo).
struct DomainJobInfo {
  int type;                             ///< A virDomainJobType.
  std::chrono::milliseconds elapsed;    ///< Time since the job started.
  std::chrono::milliseconds remaining;  ///< Estimated time left.
  unsigned long long data_total;        ///< Bytes in all.
  unsigned long long data_processed;    ///< Bytes done.
  unsigned long long data_remaining;    ///< Bytes left.
  unsigned long long mem_total;         ///< Memory bytes in all.
  unsigned long long mem_processed;     ///< Memory bytes done.
  unsigned long long mem_remaining;     ///< Memory bytes left.
  unsigned long long file_total;        ///< File bytes in all.
  unsigned long long file_processed;    ///< File bytes done.
  unsigned long long file_remaining;    ///< File bytes left.
};

/// A job's type and its VIR_DOMAIN_JOB_* statistics (virDomainGetJobStats).
struct DomainJobStats {
  int type;            ///< A virDomainJobType.
  TypedParams params;  ///< The statistics.
};

/// The state of the driver's control of the domain (virDomainControlInfo).
struct DomainControlInfo {
  unsigned state;                        ///< A virDomainControlState.
  unsigned details;                      ///< A virDomainControlErrorReason, for errors.
  std::chrono::milliseconds state_time;  ///< Time in this state.
};

/// A security label (virSecurityLabel).
struct SecurityLabel {
  std::string label;  ///< The label; empty when there is none.
  bool enforcing;     ///< Whether the security model enforces it.
};

/// @cond VIRTKIT_DETAIL
namespace detail {
// Takes records from virConnectGetAllDomainStats / virDomainListGetStats.
template <class H>
Expected<std::vector<BasicDomainStatsRecord<H>>> adopt_stats(virDomainStatsRecordPtr *recs, int n) {
  if (n < 0) return detail::last_error;
  std::vector<BasicDomainStatsRecord<H>> out;
  for (int i = 0; i < n; i++) {
    virDomainRef(recs[i]->dom);  // the list's reference goes with it
    out.push_back({H(recs[i]->dom), TypedParams::from_c(recs[i]->params, recs[i]->nparams)});
  }
  virDomainStatsRecordListFree(recs);
  return out;
}
}  // namespace detail
/// @endcond

/// Domain's calls for statistics (memory, CPU, bulk records), background jobs
/// (info, statistics, abort), the control state and security labels.
///
/// A base of Domain (@p D); use them through a Domain.
template <class D>
class DomainStatsCalls : public detail::DomainPart<D, DomainStatsCalls<D>> {
 public:
  //!@{
  /// The VIR_DOMAIN_STATS_* groups @p stats of every domain, filtered by
  /// VIR_CONNECT_GET_ALL_DOMAINS_STATS_* @p flags (virConnectGetAllDomainStats).
  static Expected<std::vector<BasicDomainStatsRecord<D>>> try_all_stats(const Connection &conn,
                                                                        unsigned stats = 0,
                                                                        unsigned flags = 0) {
    virDomainStatsRecordPtr *recs = nullptr;
    int n = virConnectGetAllDomainStats(conn.get(), stats, &recs, flags);
    return detail::adopt_stats<D>(recs, n);
  }
  static std::vector<BasicDomainStatsRecord<D>> all_stats(const Connection &conn,
                                                          unsigned stats = 0, unsigned flags = 0) {
    return try_all_stats(conn, stats, flags).value();
  }
  //!@}
  //!@{
  /// The statistics of @p doms, all on one connection (virDomainListGetStats).
  static Expected<std::vector<BasicDomainStatsRecord<D>>> try_list_stats(const std::vector<D> &doms,
                                                                         unsigned stats = 0,
                                                                         unsigned flags = 0) {
    std::vector<virDomainPtr> ptrs;
    for (const D &d : doms) ptrs.push_back(d.get());
    ptrs.push_back(nullptr);
    virDomainStatsRecordPtr *recs = nullptr;
    int n = virDomainListGetStats(ptrs.data(), stats, &recs, flags);
    return detail::adopt_stats<D>(recs, n);
  }
  static std::vector<BasicDomainStatsRecord<D>> list_stats(const std::vector<D> &doms,
                                                           unsigned stats = 0, unsigned flags = 0) {
    return try_list_stats(doms, stats, flags).value();
  }
  //!@}
  //!@{
  /// The balloon's VIR_DOMAIN_MEMORY_STAT_* values (virDomainMemoryStats).
  Expected<std::vector<virDomainMemoryStatStruct>> try_memory_stats(unsigned flags = 0) const {
    std::vector<virDomainMemoryStatStruct> s(VIR_DOMAIN_MEMORY_STAT_NR);
    int n = virDomainMemoryStats(this->dom(), s.data(), VIR_DOMAIN_MEMORY_STAT_NR, flags);
    if (n < 0) return detail::last_error;
    s.resize(static_cast<size_t>(n));
    return s;
  }
  std::vector<virDomainMemoryStatStruct> memory_stats(unsigned flags = 0) const {
    return try_memory_stats(flags).value();
  }
  //!@}
  //!@{
  /// The domain's total CPU statistics, e.g. "cpu_time" (virDomainGetCPUStats
  /// with start_cpu -1).
  Expected<TypedParams> try_cpu_stats(unsigned flags = 0) const {
    int n = virDomainGetCPUStats(this->dom(), nullptr, 0, -1, 1, flags);
    if (n < 0) return detail::last_error;
    if (n == 0) return TypedParams();
    std::vector<virTypedParameter> buf(static_cast<size_t>(n));
    int got = virDomainGetCPUStats(this->dom(), buf.data(), static_cast<unsigned>(n), -1, 1, flags);
    if (got < 0) return detail::last_error;
    TypedParams r = TypedParams::from_c(buf.data(), got);
    virTypedParamsClear(buf.data(), n);
    return r;
  }
  TypedParams cpu_stats(unsigned flags = 0) const { return try_cpu_stats(flags).value(); }
  //!@}
  //!@{
  /// Per host CPU statistics of @p ncpus CPUs from @p start_cpu (all for -1;
  /// virDomainGetCPUStats).
  Expected<std::vector<TypedParams>> try_cpu_stats(int start_cpu, int ncpus,
                                                   unsigned flags = 0) const {
    if (ncpus < 0) {
      int total = virDomainGetCPUStats(this->dom(), nullptr, 0, 0, 0, flags);
      if (total < 0) return detail::last_error;
      ncpus = total > start_cpu ? total - start_cpu : 0;
    }
    int n = virDomainGetCPUStats(this->dom(), nullptr, 0, start_cpu, 1, flags);
    if (n < 0) return detail::last_error;
    if (n == 0 || ncpus == 0) return std::vector<TypedParams>(static_cast<size_t>(ncpus));
    size_t len = static_cast<size_t>(n) * static_cast<size_t>(ncpus);
    std::vector<virTypedParameter> buf(len);
    int got = virDomainGetCPUStats(this->dom(), buf.data(), static_cast<unsigned>(n), start_cpu,
                                   static_cast<unsigned>(ncpus), flags);
    if (got < 0) return detail::last_error;
    std::vector<TypedParams> out;
    for (int c = 0; c < ncpus; c++) {
      TypedParams t;
      for (const TypedParams::Param &p : TypedParams::from_c(&buf[c * n], got))
        if (!p.field.empty()) t.add(p.field, p.value);
      out.push_back(std::move(t));
    }
    virTypedParamsClear(buf.data(), static_cast<int>(len));
    return out;
  }
  std::vector<TypedParams> cpu_stats(int start_cpu, int ncpus, unsigned flags = 0) const {
    return try_cpu_stats(start_cpu, ncpus, flags).value();
  }
  //!@}
  //!@{
  /// The background job's progress (virDomainGetJobInfo).
  Expected<DomainJobInfo> try_job_info() const {
    virDomainJobInfo i{};
    if (virDomainGetJobInfo(this->dom(), &i) < 0) return detail::last_error;
    return DomainJobInfo{i.type,
                         std::chrono::milliseconds(i.timeElapsed),
                         std::chrono::milliseconds(i.timeRemaining),
                         i.dataTotal,
                         i.dataProcessed,
                         i.dataRemaining,
                         i.memTotal,
                         i.memProcessed,
                         i.memRemaining,
                         i.fileTotal,
                         i.fileProcessed,
                         i.fileRemaining};
  }
  DomainJobInfo job_info() const { return try_job_info().value(); }
  //!@}
  //!@{
  /// The background job's statistics; VIR_DOMAIN_JOB_STATS_COMPLETED in @p flags
  /// for the last completed one (virDomainGetJobStats).
  Expected<DomainJobStats> try_job_stats(unsigned flags = 0) const {
    int type = 0, n = 0;
    virTypedParameterPtr p = nullptr;
    if (virDomainGetJobStats(this->dom(), &type, &p, &n, flags) < 0) return detail::last_error;
    return DomainJobStats{type, detail::adopt_params(p, n)};
  }
  DomainJobStats job_stats(unsigned flags = 0) const { return try_job_stats(flags).value(); }
  //!@}
  //!@{
  /// Aborts the background job (virDomainAbortJob).
  Expected<void> try_abort_job() const { return detail::check(virDomainAbortJob(this->dom())); }
  void abort_job() const { try_abort_job().value(); }
  //!@}
  //!@{
  /// Aborts the background job with VIR_DOMAIN_ABORT_JOB_* @p flags
  /// (virDomainAbortJobFlags).
  Expected<void> try_abort_job(unsigned flags) const {
    return detail::check(virDomainAbortJobFlags(this->dom(), flags));
  }
  void abort_job(unsigned flags) const { try_abort_job(flags).value(); }
  //!@}
  //!@{
  /// Starts measuring the memory dirty rate for @p seconds; results come in the
  /// "dirtyrate" stats group (virDomainStartDirtyRateCalc).
  Expected<void> try_start_dirty_rate_calc(int seconds, unsigned flags = 0) const {
    return detail::check(virDomainStartDirtyRateCalc(this->dom(), seconds, flags));
  }
  void start_dirty_rate_calc(int seconds, unsigned flags = 0) const {
    try_start_dirty_rate_calc(seconds, flags).value();
  }
  //!@}
  //!@{
  /// The state of the driver's control of the domain (virDomainGetControlInfo).
  Expected<DomainControlInfo> try_control_info(unsigned flags = 0) const {
    virDomainControlInfo i{};
    if (virDomainGetControlInfo(this->dom(), &i, flags) < 0) return detail::last_error;
    return DomainControlInfo{i.state, i.details, std::chrono::milliseconds(i.stateTime)};
  }
  DomainControlInfo control_info(unsigned flags = 0) const {
    return try_control_info(flags).value();
  }
  //!@}
  //!@{
  /// The first security label (virDomainGetSecurityLabel).
  Expected<SecurityLabel> try_security_label() const {
    virSecurityLabel l{};
    if (virDomainGetSecurityLabel(this->dom(), &l) < 0) return detail::last_error;
    return SecurityLabel{l.label, l.enforcing != 0};
  }
  SecurityLabel security_label() const { return try_security_label().value(); }
  //!@}
  //!@{
  /// Every security label (virDomainGetSecurityLabelList).
  Expected<std::vector<SecurityLabel>> try_security_labels() const {
    virSecurityLabelPtr l = nullptr;
    int n = virDomainGetSecurityLabelList(this->dom(), &l);
    if (n < 0) return detail::last_error;
    std::vector<SecurityLabel> out;
    for (int i = 0; i < n; i++) out.push_back({l[i].label, l[i].enforcing != 0});
    std::free(l);
    return out;
  }
  std::vector<SecurityLabel> security_labels() const { return try_security_labels().value(); }
  //!@}
};

}  // namespace virtkit
