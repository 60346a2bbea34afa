// SPDX-License-Identifier: LGPL-2.1-or-later
/// @file
/// The host's calls of a Connection (virNode*, capabilities, CPU models, ...),
/// and the library-wide calls (versions, error handlers).
#pragma once

#include <virtkit/detail.hpp>
#include <virtkit/typed_params.hpp>

#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace virtkit {

/// The host's CPUs as virNodeGetCPUMap reports them.
struct NodeCpuMap {
  std::vector<bool> present;  ///< One entry per CPU; true where it is online.
  unsigned online = 0;        ///< The number of online CPUs.
};

/// The host's calls of Connection: its hardware, capabilities and CPU models.
template <class C>
class HostCalls {
  virConnectPtr c() const noexcept { return static_cast<const C *>(this)->get(); }

 public:
  //!@{
  /// The capabilities XML (virConnectGetCapabilities).
  Expected<std::string> try_capabilities() const {
    return detail::owned(virConnectGetCapabilities(c()));
  }
  std::string capabilities() const { return try_capabilities().value(); }
  //!@}
  //!@{
  /// The domain capabilities XML; std::nullopt arguments are left to the driver
  /// (virConnectGetDomainCapabilities).
  Expected<std::string> try_domain_capabilities(std::optional<std::string_view> emulator = {},
                                                std::optional<std::string_view> arch = {},
                                                std::optional<std::string_view> machine = {},
                                                std::optional<std::string_view> virttype = {},
                                                unsigned flags = 0) const {
    return detail::owned(virConnectGetDomainCapabilities(c(), detail::CStr(emulator),
                                                         detail::CStr(arch), detail::CStr(machine),
                                                         detail::CStr(virttype), flags));
  }
  std::string domain_capabilities(std::optional<std::string_view> emulator = {},
                                  std::optional<std::string_view> arch = {},
                                  std::optional<std::string_view> machine = {},
                                  std::optional<std::string_view> virttype = {},
                                  unsigned flags = 0) const {
    return try_domain_capabilities(emulator, arch, machine, virttype, flags).value();
  }
  //!@}
  //!@{
  /// The largest vCPU count of a domain of @p type (virConnectGetMaxVcpus).
  Expected<int> try_max_vcpus(std::optional<std::string_view> type = {}) const {
    return detail::count(virConnectGetMaxVcpus(c(), detail::CStr(type)));
  }
  int max_vcpus(std::optional<std::string_view> type = {}) const {
    return try_max_vcpus(type).value();
  }
  //!@}
  //!@{
  /// The host's SMBIOS description (virConnectGetSysinfo).
  Expected<std::string> try_sysinfo(unsigned flags = 0) const {
    return detail::owned(virConnectGetSysinfo(c(), flags));
  }
  std::string sysinfo(unsigned flags = 0) const { return try_sysinfo(flags).value(); }
  //!@}
  //!@{
  /// Whether the connection is encrypted (virConnectIsEncrypted).
  Expected<bool> try_is_encrypted() const { return detail::flag(virConnectIsEncrypted(c())); }
  bool is_encrypted() const { return try_is_encrypted().value(); }
  //!@}
  //!@{
  /// Whether the connection is safe from eavesdropping (virConnectIsSecure).
  Expected<bool> try_is_secure() const { return detail::flag(virConnectIsSecure(c())); }
  bool is_secure() const { return try_is_secure().value(); }
  //!@}
  //!@{
  /// Starts keepalive messages every @p interval seconds, closing after @p count
  /// unanswered ones (virConnectSetKeepAlive); true if the remote side lacks them.
  Expected<bool> try_set_keep_alive(int interval, unsigned count) const {
    return detail::flag(virConnectSetKeepAlive(c(), interval, count));
  }
  bool set_keep_alive(int interval, unsigned count) const {
    return try_set_keep_alive(interval, count).value();
  }
  //!@}
  //!@{
  /// Sets the identity the connection acts for (virConnectSetIdentity).
  Expected<void> try_set_identity(const TypedParams &identity, unsigned flags = 0) const {
    return detail::with_params(identity, [&](virTypedParameterPtr p, int n) {
      return virConnectSetIdentity(c(), p, n, flags);
    });
  }
  void set_identity(const TypedParams &identity, unsigned flags = 0) const {
    try_set_identity(identity, flags).value();
  }
  //!@}
  //!@{
  /// Domain XML converted from a native configuration (virConnectDomainXMLFromNative).
  Expected<std::string> try_domain_xml_from_native(std::string_view format, std::string_view config,
                                                   unsigned flags = 0) const {
    return detail::owned(
        virConnectDomainXMLFromNative(c(), detail::CStr(format), detail::CStr(config), flags));
  }
  std::string domain_xml_from_native(std::string_view format, std::string_view config,
                                     unsigned flags = 0) const {
    return try_domain_xml_from_native(format, config, flags).value();
  }
  //!@}
  //!@{
  /// A native configuration converted from domain XML (virConnectDomainXMLToNative).
  Expected<std::string> try_domain_xml_to_native(std::string_view format, std::string_view xml,
                                                 unsigned flags = 0) const {
    return detail::owned(
        virConnectDomainXMLToNative(c(), detail::CStr(format), detail::CStr(xml), flags));
  }
  std::string domain_xml_to_native(std::string_view format, std::string_view xml,
                                   unsigned flags = 0) const {
    return try_domain_xml_to_native(format, xml, flags).value();
  }
  //!@}

  //!@{
  /// Compares a CPU description with the host's: a virCPUCompareResult
  /// (virConnectCompareCPU).
  Expected<virCPUCompareResult> try_compare_cpu(std::string_view xml, unsigned flags = 0) const {
    int r = virConnectCompareCPU(c(), detail::CStr(xml), flags);
    if (r < 0) return detail::last_error;
    return static_cast<virCPUCompareResult>(r);
  }
  virCPUCompareResult compare_cpu(std::string_view xml, unsigned flags = 0) const {
    return try_compare_cpu(xml, flags).value();
  }
  //!@}
  //!@{
  /// Compares a CPU description with what the hypervisor can provide
  /// (virConnectCompareHypervisorCPU).
  Expected<virCPUCompareResult> try_compare_hypervisor_cpu(std::optional<std::string_view> emulator,
                                                           std::optional<std::string_view> arch,
                                                           std::optional<std::string_view> machine,
                                                           std::optional<std::string_view> virttype,
                                                           std::string_view xml,
                                                           unsigned flags = 0) const {
    int r = virConnectCompareHypervisorCPU(c(), detail::CStr(emulator), detail::CStr(arch),
                                           detail::CStr(machine), detail::CStr(virttype),
                                           detail::CStr(xml), flags);
    if (r < 0) return detail::last_error;
    return static_cast<virCPUCompareResult>(r);
  }
  virCPUCompareResult compare_hypervisor_cpu(std::optional<std::string_view> emulator,
                                             std::optional<std::string_view> arch,
                                             std::optional<std::string_view> machine,
                                             std::optional<std::string_view> virttype,
                                             std::string_view xml, unsigned flags = 0) const {
    return try_compare_hypervisor_cpu(emulator, arch, machine, virttype, xml, flags).value();
  }
  //!@}
  //!@{
  /// The CPU all of @p cpus can provide (virConnectBaselineCPU).
  Expected<std::string> try_baseline_cpu(const std::vector<std::string> &cpus,
                                         unsigned flags = 0) const {
    std::vector<const char *> v = detail::c_strings(cpus);
    return detail::owned(virConnectBaselineCPU(c(), v.empty() ? nullptr : v.data(),
                                               static_cast<unsigned>(v.size()), flags));
  }
  std::string baseline_cpu(const std::vector<std::string> &cpus, unsigned flags = 0) const {
    return try_baseline_cpu(cpus, flags).value();
  }
  //!@}
  //!@{
  /// The CPU all of @p cpus and the hypervisor can provide
  /// (virConnectBaselineHypervisorCPU).
  Expected<std::string> try_baseline_hypervisor_cpu(std::optional<std::string_view> emulator,
                                                    std::optional<std::string_view> arch,
                                                    std::optional<std::string_view> machine,
                                                    std::optional<std::string_view> virttype,
                                                    const std::vector<std::string> &cpus,
                                                    unsigned flags = 0) const {
    std::vector<const char *> v = detail::c_strings(cpus);
    return detail::owned(virConnectBaselineHypervisorCPU(
        c(), detail::CStr(emulator), detail::CStr(arch), detail::CStr(machine),
        detail::CStr(virttype), v.empty() ? nullptr : v.data(), static_cast<unsigned>(v.size()),
        flags));
  }
  std::string baseline_hypervisor_cpu(std::optional<std::string_view> emulator,
                                      std::optional<std::string_view> arch,
                                      std::optional<std::string_view> machine,
                                      std::optional<std::string_view> virttype,
                                      const std::vector<std::string> &cpus,
                                      unsigned flags = 0) const {
    return try_baseline_hypervisor_cpu(emulator, arch, machine, virttype, cpus, flags).value();
  }
  //!@}
  //!@{
  /// The CPU models known for @p arch (virConnectGetCPUModelNames).
  Expected<std::vector<std::string>> try_cpu_model_names(std::string_view arch,
                                                         unsigned flags = 0) const {
    char **models = nullptr;
    int n = virConnectGetCPUModelNames(c(), detail::CStr(arch), &models, flags);
    return detail::owned_strings(models, n);
  }
  std::vector<std::string> cpu_model_names(std::string_view arch, unsigned flags = 0) const {
    return try_cpu_model_names(arch, flags).value();
  }
  //!@}

  //!@{
  /// The host's security model (virNodeGetSecurityModel).
  Expected<virSecurityModel> try_security_model() const {
    virSecurityModel m{};
    if (virNodeGetSecurityModel(c(), &m) < 0) return detail::last_error;
    return m;
  }
  virSecurityModel security_model() const { return try_security_model().value(); }
  //!@}
  //!@{
  /// The free memory in bytes (virNodeGetFreeMemory).
  Expected<unsigned long long> try_free_memory() const {
    unsigned long long r = virNodeGetFreeMemory(c());
    if (r == 0) {
      const virError *e = virGetLastError();
      if (e && e->code != VIR_ERR_OK) return Error(*e);
    }
    return r;
  }
  unsigned long long free_memory() const { return try_free_memory().value(); }
  //!@}
  //!@{
  /// The free memory in bytes of up to @p max_cells NUMA cells from @p start_cell
  /// (virNodeGetCellsFreeMemory).
  Expected<std::vector<unsigned long long>> try_cells_free_memory(int start_cell,
                                                                  int max_cells) const {
    std::vector<unsigned long long> v(max_cells > 0 ? static_cast<size_t>(max_cells) : 0);
    int n = virNodeGetCellsFreeMemory(c(), v.data(), start_cell, max_cells);
    if (n < 0) return detail::last_error;
    v.resize(static_cast<size_t>(n));
    return v;
  }
  std::vector<unsigned long long> cells_free_memory(int start_cell, int max_cells) const {
    return try_cells_free_memory(start_cell, max_cells).value();
  }
  //!@}
  //!@{
  /// CPU time counters of one CPU or of all (VIR_NODE_CPU_STATS_ALL_CPUS)
  /// (virNodeGetCPUStats).
  Expected<std::vector<virNodeCPUStats>> try_cpu_stats(int cpu, unsigned flags = 0) const {
    int n = 0;
    if (virNodeGetCPUStats(c(), cpu, nullptr, &n, flags) < 0) return detail::last_error;
    std::vector<virNodeCPUStats> v(static_cast<size_t>(n));
    if (n && virNodeGetCPUStats(c(), cpu, v.data(), &n, flags) < 0) return detail::last_error;
    v.resize(static_cast<size_t>(n));
    return v;
  }
  std::vector<virNodeCPUStats> cpu_stats(int cpu, unsigned flags = 0) const {
    return try_cpu_stats(cpu, flags).value();
  }
  //!@}
  //!@{
  /// Memory counters of one cell or of all (VIR_NODE_MEMORY_STATS_ALL_CELLS)
  /// (virNodeGetMemoryStats).
  Expected<std::vector<virNodeMemoryStats>> try_memory_stats(int cell, unsigned flags = 0) const {
    int n = 0;
    if (virNodeGetMemoryStats(c(), cell, nullptr, &n, flags) < 0) return detail::last_error;
    std::vector<virNodeMemoryStats> v(static_cast<size_t>(n));
    if (n && virNodeGetMemoryStats(c(), cell, v.data(), &n, flags) < 0) return detail::last_error;
    v.resize(static_cast<size_t>(n));
    return v;
  }
  std::vector<virNodeMemoryStats> memory_stats(int cell, unsigned flags = 0) const {
    return try_memory_stats(cell, flags).value();
  }
  //!@}
  //!@{
  /// The host's memory tunables (virNodeGetMemoryParameters).
  Expected<TypedParams> try_memory_parameters(unsigned flags = 0) const {
    return detail::fill_params([&](virTypedParameterPtr p, int *n) {
      return virNodeGetMemoryParameters(c(), p, n, flags);
    });
  }
  TypedParams memory_parameters(unsigned flags = 0) const {
    return try_memory_parameters(flags).value();
  }
  //!@}
  //!@{
  /// Sets memory tunables (virNodeSetMemoryParameters).
  Expected<void> try_set_memory_parameters(const TypedParams &params, unsigned flags = 0) const {
    return detail::with_params(params, [&](virTypedParameterPtr p, int n) {
      return virNodeSetMemoryParameters(c(), p, n, flags);
    });
  }
  void set_memory_parameters(const TypedParams &params, unsigned flags = 0) const {
    try_set_memory_parameters(params, flags).value();
  }
  //!@}
  //!@{
  /// The host's CPUs and which are online (virNodeGetCPUMap).
  Expected<NodeCpuMap> try_cpu_map(unsigned flags = 0) const {
    unsigned char *map = nullptr;
    unsigned online = 0;
    int n = virNodeGetCPUMap(c(), &map, &online, flags);
    if (n < 0) return detail::last_error;
    NodeCpuMap m;
    m.online = online;
    m.present.resize(static_cast<size_t>(n));
    for (int i = 0; i < n; i++) m.present[static_cast<size_t>(i)] = VIR_CPU_USED(map, i);
    std::free(map);
    return m;
  }
  NodeCpuMap cpu_map(unsigned flags = 0) const { return try_cpu_map(flags).value(); }
  //!@}
  //!@{
  /// Free huge pages of each size in @p page_sizes (KiB) for @p cell_count cells
  /// from @p start_cell, cell by cell: page_sizes.size() * cell_count counts
  /// (virNodeGetFreePages).
  Expected<std::vector<unsigned long long>> try_free_pages(std::span<const unsigned> page_sizes,
                                                           int start_cell, unsigned cell_count,
                                                           unsigned flags = 0) const {
    std::vector<unsigned> sizes(page_sizes.begin(), page_sizes.end());
    std::vector<unsigned long long> counts(sizes.size() * cell_count);
    int n = virNodeGetFreePages(c(), static_cast<unsigned>(sizes.size()), sizes.data(), start_cell,
                                cell_count, counts.data(), flags);
    // Every count, whatever the number returned (the test driver returns 0).
    if (n < 0) return detail::last_error;
    return counts;
  }
  std::vector<unsigned long long> free_pages(std::span<const unsigned> page_sizes, int start_cell,
                                             unsigned cell_count, unsigned flags = 0) const {
    return try_free_pages(page_sizes, start_cell, cell_count, flags).value();
  }
  //!@}
  //!@{
  /// Allocates (or with VIR_NODE_ALLOC_PAGES_SET, sets) huge pages: @p counts[i]
  /// pages of @p page_sizes[i] KiB; returns the number of cells changed
  /// (virNodeAllocPages).
  Expected<int> try_alloc_pages(std::span<const unsigned> page_sizes,
                                std::span<const unsigned long long> counts, int start_cell,
                                unsigned cell_count, unsigned flags = 0) const {
    std::vector<unsigned> sizes(page_sizes.begin(), page_sizes.end());
    std::vector<unsigned long long> cnt(counts.begin(), counts.end());
    return detail::count(virNodeAllocPages(c(), static_cast<unsigned>(sizes.size()), sizes.data(),
                                           cnt.data(), start_cell, cell_count, flags));
  }
  int alloc_pages(std::span<const unsigned> page_sizes, std::span<const unsigned long long> counts,
                  int start_cell, unsigned cell_count, unsigned flags = 0) const {
    return try_alloc_pages(page_sizes, counts, start_cell, cell_count, flags).value();
  }
  //!@}
  //!@{
  /// Suspends the host to VIR_NODE_SUSPEND_TARGET_* @p target for @p duration
  /// (virNodeSuspendForDuration).
  Expected<void> try_suspend_for_duration(unsigned target, std::chrono::seconds duration,
                                          unsigned flags = 0) const {
    return detail::check(virNodeSuspendForDuration(
        c(), target, static_cast<unsigned long long>(duration.count()), flags));
  }
  void suspend_for_duration(unsigned target, std::chrono::seconds duration,
                            unsigned flags = 0) const {
    try_suspend_for_duration(target, duration, flags).value();
  }
  //!@}
  //!@{
  /// The host's AMD SEV parameters (virNodeGetSEVInfo).
  Expected<TypedParams> try_sev_info(unsigned flags = 0) const {
    virTypedParameterPtr p = nullptr;
    int n = 0;
    if (virNodeGetSEVInfo(c(), &p, &n, flags) < 0) return detail::last_error;
    return detail::adopt_params(p, n);
  }
  TypedParams sev_info(unsigned flags = 0) const { return try_sev_info(flags).value(); }
  //!@}
};

}  // namespace virtkit
