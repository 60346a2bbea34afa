// SPDX-License-Identifier: LGPL-2.1-or-later
/// @file
/// virtkit::DomainVcpuCalls: vCPUs, pinning and I/O threads (part of
/// virtkit::Domain; include domain.hpp).
#pragma once

#include <virtkit/detail.hpp>
#include <virtkit/typed_params.hpp>

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace virtkit {

/// A set of host CPUs: element i is host CPU i (libvirt's cpumap bytes).
using CpuMap = std::vector<bool>;

/// A vCPU's state, time and placement (virVcpuInfo and its cpumap).
struct VcpuInfo {
  unsigned number;                ///< The vCPU's number.
  int state;                      ///< A virVcpuState.
  std::chrono::nanoseconds time;  ///< CPU time used.
  int cpu;                        ///< The host CPU it runs on, or -1.
  CpuMap affinity;                ///< The host CPUs it may run on.
};

/// An I/O thread and its pinning (virDomainIOThreadInfo).
struct IOThreadInfo {
  unsigned id;      ///< The thread's id.
  CpuMap affinity;  ///< The host CPUs it may run on.
};

/// @cond VIRTKIT_DETAIL
namespace detail {
inline std::vector<unsigned char> cpumap_bytes(const CpuMap &map) {
  std::vector<unsigned char> b(VIR_CPU_MAPLEN(map.size() ? map.size() : 1), 0);
  for (size_t i = 0; i < map.size(); i++)
    if (map[i]) VIR_USE_CPU(b.data(), i);
  return b;
}
inline CpuMap cpumap_bits(const unsigned char *map, size_t ncpus) {
  CpuMap m(ncpus);
  for (size_t i = 0; i < ncpus; i++) m[i] = VIR_CPU_USABLE(map, 0, 0, i);
  return m;
}
// The number of host CPUs, for sizing cpumaps.
inline Expected<int> host_cpus(virDomainPtr dom) {
  return count(virNodeGetCPUMap(virDomainGetConnect(dom), nullptr, nullptr, 0));
}
}  // namespace detail
/// @endcond

/// Domain's calls for vCPUs (counts, info, pinning, guest vCPUs), the emulator
/// thread's pinning and I/O threads.
///
/// A base of Domain (@p D); use them through a Domain. CPU maps are CpuMap
/// vectors sized to the host's CPUs (virNodeGetCPUMap).
template <class D>
class DomainVcpuCalls : public detail::DomainPart<D, DomainVcpuCalls<D>> {
 public:
  //!@{
  /// The running domain's vCPUs: state, time, host CPU and affinity
  /// (virDomainGetVcpus, sized by virDomainGetInfo and the host's CPUs).
  Expected<std::vector<VcpuInfo>> try_vcpus() const {
    Expected<int> cpus = detail::host_cpus(this->dom());
    if (!cpus) return cpus.error();
    virDomainInfo di{};
    if (virDomainGetInfo(this->dom(), &di) < 0) return detail::last_error;
    int maxinfo = di.nrVirtCpu ? di.nrVirtCpu : 1;
    int maplen = VIR_CPU_MAPLEN(*cpus);
    std::vector<virVcpuInfo> info(static_cast<size_t>(maxinfo));
    std::vector<unsigned char> maps(static_cast<size_t>(maxinfo) * maplen);
    int n = virDomainGetVcpus(this->dom(), info.data(), maxinfo, maps.data(), maplen);
    if (n < 0) return detail::last_error;
    std::vector<VcpuInfo> out;
    for (int i = 0; i < n; i++)
      out.push_back({info[i].number, info[i].state, std::chrono::nanoseconds(info[i].cpuTime),
                     info[i].cpu, detail::cpumap_bits(&maps[i * maplen], *cpus)});
    return out;
  }
  std::vector<VcpuInfo> vcpus() const { return try_vcpus().value(); }
  //!@}
  //!@{
  /// The number of vCPUs; VIR_DOMAIN_VCPU_MAXIMUM in @p flags for the maximum
  /// (virDomainGetVcpusFlags).
  Expected<int> try_vcpu_count(unsigned flags = 0) const {
    return detail::count(virDomainGetVcpusFlags(this->dom(), flags));
  }
  int vcpu_count(unsigned flags = 0) const { return try_vcpu_count(flags).value(); }
  //!@}
  //!@{
  /// The running domain's maximum vCPUs (virDomainGetMaxVcpus).
  Expected<int> try_max_vcpus() const { return detail::count(virDomainGetMaxVcpus(this->dom())); }
  int max_vcpus() const { return try_max_vcpus().value(); }
  //!@}
  //!@{
  /// Sets the running domain's vCPU count (virDomainSetVcpus).
  Expected<void> try_set_vcpus(unsigned n) const {
    return detail::check(virDomainSetVcpus(this->dom(), n));
  }
  void set_vcpus(unsigned n) const { try_set_vcpus(n).value(); }
  //!@}
  //!@{
  /// Sets the vCPU count with VIR_DOMAIN_VCPU_* @p flags (virDomainSetVcpusFlags).
  Expected<void> try_set_vcpus(unsigned n, unsigned flags) const {
    return detail::check(virDomainSetVcpusFlags(this->dom(), n, flags));
  }
  void set_vcpus(unsigned n, unsigned flags) const { try_set_vcpus(n, flags).value(); }
  //!@}
  //!@{
  /// Enables or disables the vCPUs in @p vcpumap, e.g. "1-3,^2" (virDomainSetVcpu).
  Expected<void> try_set_vcpu(std::string_view vcpumap, bool enable, unsigned flags = 0) const {
    return detail::check(
        virDomainSetVcpu(this->dom(), detail::CStr(vcpumap), enable ? 1 : 0, flags));
  }
  void set_vcpu(std::string_view vcpumap, bool enable, unsigned flags = 0) const {
    try_set_vcpu(vcpumap, enable, flags).value();
  }
  //!@}
  //!@{
  /// Pins the running domain's vCPU @p vcpu to @p map (virDomainPinVcpu).
  Expected<void> try_pin_vcpu(unsigned vcpu, const CpuMap &map) const {
    std::vector<unsigned char> b = detail::cpumap_bytes(map);
    return detail::check(virDomainPinVcpu(this->dom(), vcpu, b.data(), static_cast<int>(b.size())));
  }
  void pin_vcpu(unsigned vcpu, const CpuMap &map) const { try_pin_vcpu(vcpu, map).value(); }
  //!@}
  //!@{
  /// Pins vCPU @p vcpu to @p map with VIR_DOMAIN_AFFECT_* @p flags (virDomainPinVcpuFlags).
  Expected<void> try_pin_vcpu(unsigned vcpu, const CpuMap &map, unsigned flags) const {
    std::vector<unsigned char> b = detail::cpumap_bytes(map);
    return detail::check(
        virDomainPinVcpuFlags(this->dom(), vcpu, b.data(), static_cast<int>(b.size()), flags));
  }
  void pin_vcpu(unsigned vcpu, const CpuMap &map, unsigned flags) const {
    try_pin_vcpu(vcpu, map, flags).value();
  }
  //!@}
  //!@{
  /// Each vCPU's pinning (virDomainGetVcpuPinInfo, sized by virDomainGetVcpusFlags
  /// and the host's CPUs).
  Expected<std::vector<CpuMap>> try_vcpu_pin_info(unsigned flags = 0) const {
    Expected<int> cpus = detail::host_cpus(this->dom());
    if (!cpus) return cpus.error();
    int maplen = VIR_CPU_MAPLEN(*cpus);
    int want = virDomainGetVcpusFlags(
        this->dom(),
        VIR_DOMAIN_VCPU_MAXIMUM | (flags & (VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG)));
    bool exact = want > 0;
    if (!exact) want = 64;
    for (;;) {
      std::vector<unsigned char> maps(static_cast<size_t>(want) * maplen);
      int n = virDomainGetVcpuPinInfo(this->dom(), want, maps.data(), maplen, flags);
      if (n < 0) return detail::last_error;
      if (n == want && !exact) {
        want *= 2;  // maybe more: ask again
        continue;
      }
      std::vector<CpuMap> out;
      for (int i = 0; i < n; i++) out.push_back(detail::cpumap_bits(&maps[i * maplen], *cpus));
      return out;
    }
  }
  std::vector<CpuMap> vcpu_pin_info(unsigned flags = 0) const {
    return try_vcpu_pin_info(flags).value();
  }
  //!@}
  //!@{
  /// The emulator threads' pinning (virDomainGetEmulatorPinInfo).
  Expected<CpuMap> try_emulator_pin_info(unsigned flags = 0) const {
    Expected<int> cpus = detail::host_cpus(this->dom());
    if (!cpus) return cpus.error();
    std::vector<unsigned char> map(VIR_CPU_MAPLEN(*cpus));
    if (virDomainGetEmulatorPinInfo(this->dom(), map.data(), static_cast<int>(map.size()), flags) <
        0)
      return detail::last_error;
    return detail::cpumap_bits(map.data(), *cpus);
  }
  CpuMap emulator_pin_info(unsigned flags = 0) const {
    return try_emulator_pin_info(flags).value();
  }
  //!@}
  //!@{
  /// Pins the emulator threads to @p map (virDomainPinEmulator).
  Expected<void> try_pin_emulator(const CpuMap &map, unsigned flags = 0) const {
    std::vector<unsigned char> b = detail::cpumap_bytes(map);
    return detail::check(
        virDomainPinEmulator(this->dom(), b.data(), static_cast<int>(b.size()), flags));
  }
  void pin_emulator(const CpuMap &map, unsigned flags = 0) const {
    try_pin_emulator(map, flags).value();
  }
  //!@}
  //!@{
  /// The I/O threads and their pinning (virDomainGetIOThreadInfo; freed with
  /// virDomainIOThreadInfoFree).
  Expected<std::vector<IOThreadInfo>> try_iothread_info(unsigned flags = 0) const {
    virDomainIOThreadInfoPtr *info = nullptr;
    int n = virDomainGetIOThreadInfo(this->dom(), &info, flags);
    if (n < 0) return detail::last_error;
    std::vector<IOThreadInfo> out;
    for (int i = 0; i < n; i++) {
      out.push_back(
          {info[i]->iothread_id,
           detail::cpumap_bits(info[i]->cpumap, static_cast<size_t>(info[i]->cpumaplen) * 8)});
      virDomainIOThreadInfoFree(info[i]);
    }
    std::free(info);
    return out;
  }
  std::vector<IOThreadInfo> iothread_info(unsigned flags = 0) const {
    return try_iothread_info(flags).value();
  }
  //!@}
  //!@{
  /// Pins I/O thread @p id to @p map (virDomainPinIOThread).
  Expected<void> try_pin_iothread(unsigned id, const CpuMap &map, unsigned flags = 0) const {
    std::vector<unsigned char> b = detail::cpumap_bytes(map);
    return detail::check(
        virDomainPinIOThread(this->dom(), id, b.data(), static_cast<int>(b.size()), flags));
  }
  void pin_iothread(unsigned id, const CpuMap &map, unsigned flags = 0) const {
    try_pin_iothread(id, map, flags).value();
  }
  //!@}
  //!@{
  /// Adds I/O thread @p id (virDomainAddIOThread).
  Expected<void> try_add_iothread(unsigned id, unsigned flags = 0) const {
    return detail::check(virDomainAddIOThread(this->dom(), id, flags));
  }
  void add_iothread(unsigned id, unsigned flags = 0) const { try_add_iothread(id, flags).value(); }
  //!@}
  //!@{
  /// Removes I/O thread @p id (virDomainDelIOThread).
  Expected<void> try_del_iothread(unsigned id, unsigned flags = 0) const {
    return detail::check(virDomainDelIOThread(this->dom(), id, flags));
  }
  void del_iothread(unsigned id, unsigned flags = 0) const { try_del_iothread(id, flags).value(); }
  //!@}
  //!@{
  /// Sets I/O thread @p id's VIR_DOMAIN_IOTHREAD_* parameters
  /// (virDomainSetIOThreadParams).
  Expected<void> try_set_iothread_params(unsigned id, const TypedParams &params,
                                         unsigned flags = 0) const {
    return detail::with_params(params, [&](virTypedParameterPtr p, int n) {
      return virDomainSetIOThreadParams(this->dom(), id, p, n, flags);
    });
  }
  void set_iothread_params(unsigned id, const TypedParams &params, unsigned flags = 0) const {
    try_set_iothread_params(id, params, flags).value();
  }
  //!@}
  //!@{
  /// The guest agent's view of the vCPUs: "vcpus", "online", "offlinable"
  /// (virDomainGetGuestVcpus).
  Expected<TypedParams> try_guest_vcpus(unsigned flags = 0) const {
    virTypedParameterPtr p = nullptr;
    unsigned n = 0;
    if (virDomainGetGuestVcpus(this->dom(), &p, &n, flags) < 0) return detail::last_error;
    return detail::adopt_params(p, static_cast<int>(n));
  }
  TypedParams guest_vcpus(unsigned flags = 0) const { return try_guest_vcpus(flags).value(); }
  //!@}
  //!@{
  /// Onlines or offlines the guest vCPUs in @p cpumap, e.g. "0-1"
  /// (virDomainSetGuestVcpus).
  Expected<void> try_set_guest_vcpus(std::string_view cpumap, bool online,
                                     unsigned flags = 0) const {
    return detail::check(
        virDomainSetGuestVcpus(this->dom(), detail::CStr(cpumap), online ? 1 : 0, flags));
  }
  void set_guest_vcpus(std::string_view cpumap, bool online, unsigned flags = 0) const {
    try_set_guest_vcpus(cpumap, online, flags).value();
  }
  //!@}
};

}  // namespace virtkit
