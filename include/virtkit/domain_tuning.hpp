// SPDX-License-Identifier: LGPL-2.1-or-later
/// @file
/// virtkit::DomainTuningCalls: the typed-parameter tuning calls (scheduler,
/// memory, blkio, NUMA, interfaces, block I/O, perf events, launch security)
/// (part of virtkit::Domain; include domain.hpp).
#pragma once

#include <virtkit/detail.hpp>
#include <virtkit/typed_params.hpp>

#include <string>
#include <string_view>

namespace virtkit {

/// The scheduler's name and its number of parameters (virDomainGetSchedulerType).
struct DomainSchedulerType {
  std::string type;  ///< The scheduler, e.g. "fair" or "posix".
  int nparams;       ///< How many parameters it has.
};

/// Domain's tuning calls, each getting or setting TypedParams (the field names
/// are libvirt's VIR_DOMAIN_* macros, e.g. VIR_DOMAIN_MEMORY_HARD_LIMIT).
///
/// A base of Domain (@p D); use them through a Domain. VIR_DOMAIN_AFFECT_* flags
/// pick the live or persistent definition.
template <class D>
class DomainTuningCalls : public detail::DomainPart<D, DomainTuningCalls<D>> {
 public:
  //!@{
  /// The scheduler and its number of parameters (virDomainGetSchedulerType).
  Expected<DomainSchedulerType> try_scheduler_type() const {
    int n = 0;
    char *t = virDomainGetSchedulerType(this->dom(), &n);
    if (!t) return detail::last_error;
    DomainSchedulerType r{t, n};
    std::free(t);
    return r;
  }
  DomainSchedulerType scheduler_type() const { return try_scheduler_type().value(); }
  //!@}
  //!@{
  /// Deprecated form: the live scheduler parameters (virDomainGetSchedulerParameters;
  /// the count from virDomainGetSchedulerType).
  Expected<TypedParams> try_scheduler_parameters() const {
    Expected<DomainSchedulerType> t = try_scheduler_type();
    if (!t) return t.error();
    int n = t->nparams;
    std::vector<virTypedParameter> buf(static_cast<size_t>(n > 0 ? n : 1));
    if (virDomainGetSchedulerParameters(this->dom(), buf.data(), &n) < 0) return detail::last_error;
    TypedParams r = TypedParams::from_c(buf.data(), n);
    virTypedParamsClear(buf.data(), n);
    return r;
  }
  TypedParams scheduler_parameters() const { return try_scheduler_parameters().value(); }
  //!@}
  //!@{
  /// The scheduler parameters (virDomainGetSchedulerParametersFlags).
  Expected<TypedParams> try_scheduler_parameters(unsigned flags) const {
    return detail::fill_params([&](virTypedParameterPtr p, int *n) {
      if (!p) {
        // The count comes from the scheduler type, as the C API documents.
        char *t = virDomainGetSchedulerType(this->dom(), n);
        std::free(t);
        return t ? 0 : -1;
      }
      return virDomainGetSchedulerParametersFlags(this->dom(), p, n, flags);
    });
  }
  TypedParams scheduler_parameters(unsigned flags) const {
    return try_scheduler_parameters(flags).value();
  }
  //!@}
  //!@{
  /// Deprecated form: sets live scheduler parameters (virDomainSetSchedulerParameters).
  Expected<void> try_set_scheduler_parameters(const TypedParams &params) const {
    return detail::with_params(params, [&](virTypedParameterPtr p, int n) {
      return virDomainSetSchedulerParameters(this->dom(), p, n);
    });
  }
  void set_scheduler_parameters(const TypedParams &params) const {
    try_set_scheduler_parameters(params).value();
  }
  //!@}
  //!@{
  /// Sets scheduler parameters (virDomainSetSchedulerParametersFlags).
  Expected<void> try_set_scheduler_parameters(const TypedParams &params, unsigned flags) const {
    return detail::with_params(params, [&](virTypedParameterPtr p, int n) {
      return virDomainSetSchedulerParametersFlags(this->dom(), p, n, flags);
    });
  }
  void set_scheduler_parameters(const TypedParams &params, unsigned flags) const {
    try_set_scheduler_parameters(params, flags).value();
  }
  //!@}
  //!@{
  /// The VIR_DOMAIN_MEMORY_* limits (virDomainGetMemoryParameters).
  Expected<TypedParams> try_memory_parameters(unsigned flags = 0) const {
    return detail::fill_params([&](virTypedParameterPtr p, int *n) {
      return virDomainGetMemoryParameters(this->dom(), p, n, flags);
    });
  }
  TypedParams memory_parameters(unsigned flags = 0) const {
    return try_memory_parameters(flags).value();
  }
  //!@}
  //!@{
  /// Sets VIR_DOMAIN_MEMORY_* limits (virDomainSetMemoryParameters).
  Expected<void> try_set_memory_parameters(const TypedParams &params, unsigned flags = 0) const {
    return detail::with_params(params, [&](virTypedParameterPtr p, int n) {
      return virDomainSetMemoryParameters(this->dom(), p, n, flags);
    });
  }
  void set_memory_parameters(const TypedParams &params, unsigned flags = 0) const {
    try_set_memory_parameters(params, flags).value();
  }
  //!@}
  //!@{
  /// The VIR_DOMAIN_BLKIO_* parameters (virDomainGetBlkioParameters).
  Expected<TypedParams> try_blkio_parameters(unsigned flags = 0) const {
    return detail::fill_params([&](virTypedParameterPtr p, int *n) {
      return virDomainGetBlkioParameters(this->dom(), p, n, flags);
    });
  }
  TypedParams blkio_parameters(unsigned flags = 0) const {
    return try_blkio_parameters(flags).value();
  }
  //!@}
  //!@{
  /// Sets VIR_DOMAIN_BLKIO_* parameters (virDomainSetBlkioParameters).
  Expected<void> try_set_blkio_parameters(const TypedParams &params, unsigned flags = 0) const {
    return detail::with_params(params, [&](virTypedParameterPtr p, int n) {
      return virDomainSetBlkioParameters(this->dom(), p, n, flags);
    });
  }
  void set_blkio_parameters(const TypedParams &params, unsigned flags = 0) const {
    try_set_blkio_parameters(params, flags).value();
  }
  //!@}
  //!@{
  /// The VIR_DOMAIN_NUMA_* parameters (virDomainGetNumaParameters).
  Expected<TypedParams> try_numa_parameters(unsigned flags = 0) const {
    return detail::fill_params([&](virTypedParameterPtr p, int *n) {
      return virDomainGetNumaParameters(this->dom(), p, n, flags);
    });
  }
  TypedParams numa_parameters(unsigned flags = 0) const {
    return try_numa_parameters(flags).value();
  }
  //!@}
  //!@{
  /// Sets VIR_DOMAIN_NUMA_* parameters (virDomainSetNumaParameters).
  Expected<void> try_set_numa_parameters(const TypedParams &params, unsigned flags = 0) const {
    return detail::with_params(params, [&](virTypedParameterPtr p, int n) {
      return virDomainSetNumaParameters(this->dom(), p, n, flags);
    });
  }
  void set_numa_parameters(const TypedParams &params, unsigned flags = 0) const {
    try_set_numa_parameters(params, flags).value();
  }
  //!@}
  //!@{
  /// Interface @p device's VIR_DOMAIN_BANDWIDTH_* parameters (virDomainGetInterfaceParameters).
  Expected<TypedParams> try_interface_parameters(std::string_view device,
                                                 unsigned flags = 0) const {
    detail::CStr d(device);
    return detail::fill_params([&](virTypedParameterPtr p, int *n) {
      return virDomainGetInterfaceParameters(this->dom(), d, p, n, flags);
    });
  }
  TypedParams interface_parameters(std::string_view device, unsigned flags = 0) const {
    return try_interface_parameters(device, flags).value();
  }
  //!@}
  //!@{
  /// Sets interface @p device's VIR_DOMAIN_BANDWIDTH_* parameters
  /// (virDomainSetInterfaceParameters).
  Expected<void> try_set_interface_parameters(std::string_view device, const TypedParams &params,
                                              unsigned flags = 0) const {
    detail::CStr d(device);
    return detail::with_params(params, [&](virTypedParameterPtr p, int n) {
      return virDomainSetInterfaceParameters(this->dom(), d, p, n, flags);
    });
  }
  void set_interface_parameters(std::string_view device, const TypedParams &params,
                                unsigned flags = 0) const {
    try_set_interface_parameters(device, params, flags).value();
  }
  //!@}
  //!@{
  /// Disk @p disk's VIR_DOMAIN_BLOCK_IOTUNE_* limits (all disks' fields for an empty name)
  /// (virDomainGetBlockIoTune).
  Expected<TypedParams> try_block_io_tune(std::string_view disk, unsigned flags = 0) const {
    detail::CStr d(disk);
    return detail::fill_params([&](virTypedParameterPtr p, int *n) {
      return virDomainGetBlockIoTune(this->dom(), d, p, n, flags);
    });
  }
  TypedParams block_io_tune(std::string_view disk, unsigned flags = 0) const {
    return try_block_io_tune(disk, flags).value();
  }
  //!@}
  //!@{
  /// Sets disk @p disk's VIR_DOMAIN_BLOCK_IOTUNE_* limits (virDomainSetBlockIoTune).
  Expected<void> try_set_block_io_tune(std::string_view disk, const TypedParams &params,
                                       unsigned flags = 0) const {
    detail::CStr d(disk);
    return detail::with_params(params, [&](virTypedParameterPtr p, int n) {
      return virDomainSetBlockIoTune(this->dom(), d, p, n, flags);
    });
  }
  void set_block_io_tune(std::string_view disk, const TypedParams &params,
                         unsigned flags = 0) const {
    try_set_block_io_tune(disk, params, flags).value();
  }
  //!@}
  //!@{
  /// Which VIR_PERF_PARAM_* events are enabled (virDomainGetPerfEvents).
  Expected<TypedParams> try_perf_events(unsigned flags = 0) const {
    virTypedParameterPtr p = nullptr;
    int n = 0;
    if (virDomainGetPerfEvents(this->dom(), &p, &n, flags) < 0) return detail::last_error;
    return detail::adopt_params(p, n);
  }
  TypedParams perf_events(unsigned flags = 0) const { return try_perf_events(flags).value(); }
  //!@}
  //!@{
  /// Enables or disables VIR_PERF_PARAM_* events (virDomainSetPerfEvents).
  Expected<void> try_set_perf_events(const TypedParams &params, unsigned flags = 0) const {
    return detail::with_params(params, [&](virTypedParameterPtr p, int n) {
      return virDomainSetPerfEvents(this->dom(), p, n, flags);
    });
  }
  void set_perf_events(const TypedParams &params, unsigned flags = 0) const {
    try_set_perf_events(params, flags).value();
  }
  //!@}
  //!@{
  /// The VIR_DOMAIN_LAUNCH_SECURITY_* information (virDomainGetLaunchSecurityInfo).
  Expected<TypedParams> try_launch_security_info(unsigned flags = 0) const {
    virTypedParameterPtr p = nullptr;
    int n = 0;
    if (virDomainGetLaunchSecurityInfo(this->dom(), &p, &n, flags) < 0) return detail::last_error;
    return detail::adopt_params(p, n);
  }
  TypedParams launch_security_info(unsigned flags = 0) const {
    return try_launch_security_info(flags).value();
  }
  //!@}
  //!@{
  /// Sets VIR_DOMAIN_LAUNCH_SECURITY_SEV_SECRET_* state (virDomainSetLaunchSecurityState).
  Expected<void> try_set_launch_security_state(const TypedParams &params,
                                               unsigned flags = 0) const {
    return detail::with_params(params, [&](virTypedParameterPtr p, int n) {
      return virDomainSetLaunchSecurityState(this->dom(), p, n, flags);
    });
  }
  void set_launch_security_state(const TypedParams &params, unsigned flags = 0) const {
    try_set_launch_security_state(params, flags).value();
  }
  //!@}
  //!@{
  /// Sets the balloon's statistics period in seconds (virDomainSetMemoryStatsPeriod).
  Expected<void> try_set_memory_stats_period(int seconds, unsigned flags = 0) const {
    return detail::check(virDomainSetMemoryStatsPeriod(this->dom(), seconds, flags));
  }
  void set_memory_stats_period(int seconds, unsigned flags = 0) const {
    try_set_memory_stats_period(seconds, flags).value();
  }
  //!@}
};

}  // namespace virtkit
