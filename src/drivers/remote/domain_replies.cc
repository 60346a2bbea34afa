// SPDX-License-Identifier: LGPL-2.1-or-later
// Domain queries with client-side handling in libvirt's remote driver: the
// limits it checks before calling (VIR_ERR_RPC, "...exceeds maximum"), the
// checks on what the daemon sent back, and the shapes of the results the
// public API promises (calloc'ed arrays, strdup'ed strings, freed by the
// caller with the public *Free functions).
#include "drivers/remote/hypervisor.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>

namespace virtkit::drivers::remote {

namespace {

// Limits of libvirt's remote protocol (remote_protocol.x).
constexpr int kVcpuInfoMax = 16384;
constexpr int kCpumapsMax = 8388608;
constexpr unsigned kIOThreadInfoMax = 16384;
constexpr unsigned kMemoryStatsMax = 1024;
constexpr size_t kPeekBufferMax = 4194304;
constexpr unsigned kNodeCpuStatsMax = 16;
constexpr unsigned kCpuStatsNcpusMax = 128;
constexpr size_t kDiskErrorsMax = 256;
constexpr size_t kDomainListMax = 16384;
constexpr int kAllDomainStatsMax = 262144;
constexpr size_t kFSInfoMax = 256;
constexpr size_t kInterfaceMax = 2048;
constexpr size_t kIPAddrMax = 2048;
constexpr size_t kSSHKeysMax = 2048;
constexpr size_t kMessagesMax = 2048;

template <class T>
T *alloc_array(size_t n) {
  auto *p = static_cast<T *>(std::calloc(n ? n : 1, sizeof(T)));
  if (!p) throw std::bad_alloc();
  return p;
}

// The product libvirt prints in its map-length errors (int arithmetic).
int int_product(int a, int b) {
  return static_cast<int>(static_cast<unsigned>(a) * static_cast<unsigned>(b));
}

// libvirt's check: the product overflows an int or exceeds `max`.
bool product_exceeds(int a, int b, long long max) {
  return static_cast<long long>(a) * b > max;
}

// A security label on the wire: its characters, one per int, NUL included.
Status copy_label(const proto::domain_get_security_label_ret &w, virSecurityLabelPtr out) {
  if (w.label.empty()) return Status();
  VK_TRY(copy_security_chars(w.label, out->label, sizeof out->label, "label"));
  out->enforcing = w.enforcing;
  return Status();
}

// A count the daemon sent: a negative one (its driver failed without an
// error) is the public API's generic failure, as with libvirt's client.
Result<int> count(long long n) {
  if (n < 0) return generic_failure();
  return static_cast<int>(n);
}

void copy_map(const std::string &src, unsigned char *dst, size_t size) {
  if (!dst || !size) return;
  std::memset(dst, 0, size);
  std::memcpy(dst, src.data(), src.size());
}

}  // namespace

// ---- vCPUs and pinning ----

Result<int> RemoteHypervisor::domainGetVcpus(virDomainPtr dom, virVcpuInfoPtr info, int maxinfo,
                                             unsigned char *cpumaps, int maplen) {
  if (maxinfo > kVcpuInfoMax)
    return error(kFrom, VIR_ERR_RPC, "vCPU count exceeds maximum: %d > %d", maxinfo, kVcpuInfoMax);
  if (product_exceeds(maxinfo, maplen, kCpumapsMax))
    return error(kFrom, VIR_ERR_RPC, "vCPU map buffer length exceeds maximum: %d > %d",
                 int_product(maxinfo, maplen), kCpumapsMax);
  proto::domain_get_vcpus_args a{wire(dom), maxinfo, maplen};
  auto r = client_->call<P::domain_get_vcpus>(a);
  VK_TRY(r);
  if (r->info.size() > static_cast<size_t>(maxinfo))
    return error(kFrom, VIR_ERR_RPC, "host reports too many vCPUs: %d > %d",
                 static_cast<int>(r->info.size()), maxinfo);
  const auto mapsize = static_cast<size_t>(maxinfo) * static_cast<size_t>(maplen);
  if (r->cpumaps.size() > mapsize)
    return error(kFrom, VIR_ERR_RPC, "host reports map buffer length exceeds maximum: %d > %d",
                 static_cast<int>(r->cpumaps.size()), int_product(maxinfo, maplen));
  std::memset(info, 0, sizeof(virVcpuInfo) * static_cast<size_t>(maxinfo));
  copy_map(r->cpumaps, cpumaps, mapsize);
  for (size_t i = 0; i < r->info.size(); i++) {
    info[i].number = r->info[i].number;
    info[i].state = r->info[i].state;
    info[i].cpuTime = r->info[i].cpu_time;
    info[i].cpu = r->info[i].cpu;
  }
  return static_cast<int>(r->info.size());
}

Result<int> RemoteHypervisor::domainGetVcpuPinInfo(virDomainPtr dom, int ncpumaps,
                                                   unsigned char *cpumaps, int maplen,
                                                   unsigned int flags) {
  if (ncpumaps > kVcpuInfoMax)
    return error(kFrom, VIR_ERR_RPC, "vCPU count exceeds maximum: %d > %d", ncpumaps, kVcpuInfoMax);
  if (product_exceeds(ncpumaps, maplen, kCpumapsMax))
    return error(kFrom, VIR_ERR_RPC, "vCPU map buffer length exceeds maximum: %d > %d",
                 int_product(ncpumaps, maplen), kCpumapsMax);
  proto::domain_get_vcpu_pin_info_args a{wire(dom), ncpumaps, maplen, flags};
  auto r = client_->call<P::domain_get_vcpu_pin_info>(a);
  VK_TRY(r);
  if (r->num > ncpumaps)
    return error(kFrom, VIR_ERR_RPC, "host reports too many vCPUs: %d > %d", r->num, ncpumaps);
  const auto mapsize = static_cast<size_t>(ncpumaps) * static_cast<size_t>(maplen);
  if (r->cpumaps.size() > mapsize)
    return error(kFrom, VIR_ERR_RPC, "host reports map buffer length exceeds maximum: %d > %d",
                 static_cast<int>(r->cpumaps.size()), int_product(ncpumaps, maplen));
  copy_map(r->cpumaps, cpumaps, mapsize);
  return count(r->num);
}

Result<int> RemoteHypervisor::domainGetEmulatorPinInfo(virDomainPtr dom, unsigned char *cpumaps,
                                                       int maplen, unsigned int flags) {
  if (maplen > kCpumapsMax)
    return error(kFrom, VIR_ERR_RPC, "vCPU map buffer length exceeds maximum: %d > %d", maplen,
                 kCpumapsMax);
  proto::domain_get_emulator_pin_info_args a{wire(dom), maplen, flags};
  auto r = client_->call<P::domain_get_emulator_pin_info>(a);
  VK_TRY(r);
  if (r->cpumaps.size() > static_cast<size_t>(maplen))
    return error(kFrom, VIR_ERR_RPC, "host reports map buffer length exceeds maximum: %d > %d",
                 static_cast<int>(r->cpumaps.size()), maplen);
  copy_map(r->cpumaps, cpumaps, static_cast<size_t>(maplen));
  return count(r->ret);
}

Result<int> RemoteHypervisor::domainGetIOThreadInfo(virDomainPtr dom,
                                                    virDomainIOThreadInfoPtr **info,
                                                    unsigned int flags) {
  proto::domain_get_iothread_info_args a{wire(dom), flags};
  auto r = client_->call<P::domain_get_iothread_info>(a);
  VK_TRY(r);
  const auto n = r->info.size();
  if (n > kIOThreadInfoMax)
    return error(kFrom, VIR_ERR_INTERNAL_ERROR, "Too many IOThreads in info: %d for limit %d",
                 static_cast<int>(n), static_cast<int>(kIOThreadInfoMax));
  if (!info) return static_cast<int>(r->ret);
  if (!n) {
    *info = nullptr;
    return static_cast<int>(r->ret);
  }
  auto **arr = alloc_array<virDomainIOThreadInfoPtr>(n);
  try {
    for (size_t i = 0; i < n; i++) {
      const auto &src = r->info[i];
      arr[i] = alloc_array<virDomainIOThreadInfo>(1);
      arr[i]->iothread_id = src.iothread_id;
      if (!src.cpumap.empty()) {
        arr[i]->cpumap = alloc_array<unsigned char>(src.cpumap.size());
        std::memcpy(arr[i]->cpumap, src.cpumap.data(), src.cpumap.size());
      }
      arr[i]->cpumaplen = static_cast<int>(src.cpumap.size());
    }
  } catch (...) {
    for (size_t i = 0; i < n; i++) virDomainIOThreadInfoFree(arr[i]);
    std::free(arr);
    throw;
  }
  *info = arr;
  return static_cast<int>(r->ret);
}

// ---- security labels ----

Result<int> RemoteHypervisor::domainGetSecurityLabel(virDomainPtr dom,
                                                     virSecurityLabelPtr seclabel) {
  std::memset(seclabel, 0, sizeof *seclabel);
  proto::domain_get_security_label_args a{wire(dom)};
  auto r = client_->call<P::domain_get_security_label>(a);
  VK_TRY(r);
  VK_TRY(copy_label(*r, seclabel));
  return 0;
}

Result<int> RemoteHypervisor::domainGetSecurityLabelList(virDomainPtr dom,
                                                         virSecurityLabelPtr *seclabels) {
  proto::domain_get_security_label_list_args a{wire(dom)};
  auto r = client_->call<P::domain_get_security_label_list>(a);
  VK_TRY(r);
  const auto n = r->labels.size();
  virSecurityLabelPtr arr = n ? alloc_array<virSecurityLabel>(n) : nullptr;
  for (size_t i = 0; i < n; i++) {
    Status st = copy_label(r->labels[i], &arr[i]);
    if (!st.ok()) {
      std::free(arr);
      *seclabels = nullptr;
      return st;
    }
  }
  *seclabels = arr;
  if (r->ret < 0) {
    std::free(arr);
    *seclabels = nullptr;
  }
  return count(r->ret);
}

// ---- statistics ----

Result<int> RemoteHypervisor::domainBlockStats(virDomainPtr dom, const char *path,
                                               virDomainBlockStatsPtr stats) {
  if (!path) return encode_error();
  proto::domain_block_stats_args a{wire(dom), path};
  auto r = client_->call<P::domain_block_stats>(a);
  VK_TRY(r);
  stats->rd_req = r->rd_req;
  stats->rd_bytes = r->rd_bytes;
  stats->wr_req = r->wr_req;
  stats->wr_bytes = r->wr_bytes;
  stats->errs = r->errs;
  return 0;
}

Result<int> RemoteHypervisor::domainInterfaceStats(virDomainPtr dom, const char *device,
                                                   virDomainInterfaceStatsPtr stats) {
  if (!device) return encode_error();
  proto::domain_interface_stats_args a{wire(dom), device};
  auto r = client_->call<P::domain_interface_stats>(a);
  VK_TRY(r);
  stats->rx_bytes = r->rx_bytes;
  stats->rx_packets = r->rx_packets;
  stats->rx_errs = r->rx_errs;
  stats->rx_drop = r->rx_drop;
  stats->tx_bytes = r->tx_bytes;
  stats->tx_packets = r->tx_packets;
  stats->tx_errs = r->tx_errs;
  stats->tx_drop = r->tx_drop;
  return 0;
}

Result<int> RemoteHypervisor::domainMemoryStats(virDomainPtr dom, virDomainMemoryStatPtr stats,
                                                unsigned int nr_stats, unsigned int flags) {
  if (nr_stats > kMemoryStatsMax)
    return error(kFrom, VIR_ERR_RPC, "too many memory stats requested: %d > %d",
                 static_cast<int>(nr_stats), static_cast<int>(kMemoryStatsMax));
  proto::domain_memory_stats_args a{wire(dom), nr_stats, flags};
  auto r = client_->call<P::domain_memory_stats>(a);
  VK_TRY(r);
  // The daemon sends at most what was asked for; more is not written.
  const size_t n = std::min<size_t>(r->stats.size(), nr_stats);
  for (size_t i = 0; i < n; i++) {
    stats[i].tag = r->stats[i].tag;
    stats[i].val = r->stats[i].val;
  }
  return static_cast<int>(n);
}

Result<int> RemoteHypervisor::domainGetCPUStats(virDomainPtr dom, virTypedParameterPtr params,
                                                unsigned int nparams, int start_cpu,
                                                unsigned int ncpus, unsigned int flags) {
  if (nparams > kNodeCpuStatsMax)
    return error(kFrom, VIR_ERR_RPC, "nparams count exceeds maximum: %u > %u", nparams,
                 kNodeCpuStatsMax);
  if (ncpus > kCpuStatsNcpusMax)
    return error(kFrom, VIR_ERR_RPC, "ncpus count exceeds maximum: %u > %u", ncpus,
                 kCpuStatsNcpusMax);
  proto::domain_get_cpu_stats_args a{wire(dom), nparams, start_cpu, ncpus, flags};
  auto r = client_->call<P::domain_get_cpu_stats>(a);
  VK_TRY(r);
  const size_t total = static_cast<size_t>(nparams) * ncpus;
  const size_t got = r->params.size();
  const int stride = r->nparams;
  if (got > total || (got && (stride <= 0 || got % static_cast<size_t>(stride) ||
                              static_cast<unsigned>(stride) > nparams))) {
    if (params) std::memset(params, 0, sizeof *params * total);
    return error(kFrom, VIR_ERR_RPC, "%s",
                 "remoteDomainGetCPUStats: returned number of stats exceeds limit");
  }
  // Asked for the number of statistics only.
  if (nparams == 0) return count(stride);
  // Each CPU's statistics at its place in the caller's (sparse) array; the
  // daemon leaves out trailing CPUs without any.
  std::memset(params, 0, sizeof *params * total);
  const size_t cpus = got ? got / static_cast<size_t>(stride) : 0;
  for (size_t cpu = 0; cpu < cpus; cpu++) {
    std::vector<proto::typed_param> one(r->params.begin() + static_cast<long>(cpu * stride),
                                        r->params.begin() + static_cast<long>((cpu + 1) * stride));
    int room = static_cast<int>(nparams);
    Status st =
        params_from_wire(one, static_cast<int>(kNodeCpuStatsMax), params + cpu * nparams, &room);
    if (!st.ok()) {
      virTypedParamsClear(params, static_cast<int>(total));
      return st;
    }
  }
  return count(stride);
}

Result<int> RemoteHypervisor::connectGetAllDomainStats(virConnectPtr conn, virDomainPtr *doms,
                                                       unsigned int ndoms, unsigned int stats,
                                                       virDomainStatsRecordPtr **retStats,
                                                       unsigned int flags) {
  proto::connect_get_all_domain_stats_args a;
  a.doms.reserve(ndoms);
  for (unsigned i = 0; i < ndoms; i++) a.doms.push_back(wire(doms[i]));
  a.stats = stats;
  a.flags = flags;
  auto r = client_->call<P::connect_get_all_domain_stats>(a);
  VK_TRY(r);
  const auto n = r->retStats.size();
  if (n > kDomainListMax)
    return error(kFrom, VIR_ERR_INTERNAL_ERROR,
                 "Number of stats entries is %d, which exceeds max limit: %d", static_cast<int>(n),
                 static_cast<int>(kDomainListMax));
  *retStats = nullptr;
  auto **arr = alloc_array<virDomainStatsRecordPtr>(n + 1);
  auto release = [&] {
    for (size_t i = 0; arr[i]; i++) {
      virTypedParamsFree(arr[i]->params, arr[i]->nparams);
      if (arr[i]->dom) handles::unref(arr[i]->dom);
      std::free(arr[i]);
    }
    std::free(arr);
  };
  try {
    for (size_t i = 0; i < n; i++) {
      const auto &rec = r->retStats[i];
      auto *elem = alloc_array<virDomainStatsRecord>(1);
      Status st =
          params_from_wire_alloc(rec.params, kAllDomainStatsMax, &elem->params, &elem->nparams);
      if (!st.ok()) {
        std::free(elem);
        release();
        return st;
      }
      arr[i] = elem;
      elem->dom = handle(conn, rec.dom);
    }
  } catch (...) {
    release();
    throw;
  }
  *retStats = arr;
  return static_cast<int>(n);
}

Result<int> RemoteHypervisor::domainGetDiskErrors(virDomainPtr dom, virDomainDiskErrorPtr errors,
                                                  unsigned int maxerrors, unsigned int flags) {
  proto::domain_get_disk_errors_args a{wire(dom), maxerrors, flags};
  auto r = client_->call<P::domain_get_disk_errors>(a);
  VK_TRY(r);
  const auto n = r->errors.size();
  if (n > kDiskErrorsMax || n > maxerrors)
    return error(kFrom, VIR_ERR_RPC, "%s", "returned number of disk errors exceeds limit");
  size_t i = 0;
  try {
    for (; i < n; i++) {
      errors[i].disk = dup(r->errors[i].disk);
      errors[i].error = r->errors[i].error;
    }
  } catch (...) {
    while (i) {
      --i;
      std::free(errors[i].disk);
      errors[i].disk = nullptr;
    }
    throw;
  }
  return count(r->nerrors);
}

// ---- raw contents ----

Result<int> RemoteHypervisor::domainBlockPeek(virDomainPtr dom, const char *path,
                                              unsigned long long offset, size_t size, void *buffer,
                                              unsigned int flags) {
  if (size > kPeekBufferMax)
    return error(kFrom, VIR_ERR_RPC, "block peek request too large for remote protocol, %zi > %d",
                 size, static_cast<int>(kPeekBufferMax));
  if (!path) return encode_error();
  proto::domain_block_peek_args a{wire(dom), path, offset, static_cast<uint32_t>(size), flags};
  auto r = client_->call<P::domain_block_peek>(a);
  VK_TRY(r);
  if (r->buffer.size() != size)
    return error(kFrom, VIR_ERR_RPC, "%s", "returned buffer is not same size as requested");
  if (size) std::memcpy(buffer, r->buffer.data(), size);
  return 0;
}

Result<int> RemoteHypervisor::domainMemoryPeek(virDomainPtr dom, unsigned long long offset,
                                               size_t size, void *buffer, unsigned int flags) {
  if (size > kPeekBufferMax)
    return error(kFrom, VIR_ERR_RPC, "memory peek request too large for remote protocol, %zi > %d",
                 size, static_cast<int>(kPeekBufferMax));
  proto::domain_memory_peek_args a{wire(dom), offset, static_cast<uint32_t>(size), flags};
  auto r = client_->call<P::domain_memory_peek>(a);
  VK_TRY(r);
  if (r->buffer.size() != size)
    return error(kFrom, VIR_ERR_RPC, "%s", "returned buffer is not same size as requested");
  if (size) std::memcpy(buffer, r->buffer.data(), size);
  return 0;
}

// ---- guest and domain data ----

Result<int> RemoteHypervisor::domainGetFSInfo(virDomainPtr dom, virDomainFSInfoPtr **info,
                                              unsigned int flags) {
  proto::domain_get_fsinfo_args a{wire(dom), flags};
  auto r = client_->call<P::domain_get_fsinfo>(a);
  VK_TRY(r);
  const auto n = r->info.size();
  if (n > kFSInfoMax)
    return error(kFrom, VIR_ERR_INTERNAL_ERROR, "Too many mountpoints in fsinfo: %d for limit %d",
                 static_cast<int>(n), static_cast<int>(kFSInfoMax));
  if (!info) return static_cast<int>(r->ret);
  if (!n) {
    *info = nullptr;
    return static_cast<int>(r->ret);
  }
  auto **arr = alloc_array<virDomainFSInfoPtr>(n);
  try {
    for (size_t i = 0; i < n; i++) {
      const auto &src = r->info[i];
      arr[i] = alloc_array<virDomainFSInfo>(1);
      arr[i]->mountpoint = dup(src.mountpoint);
      arr[i]->name = dup(src.name);
      arr[i]->fstype = dup(src.fstype);
      if (!src.dev_aliases.empty()) {
        arr[i]->devAlias = alloc_array<char *>(src.dev_aliases.size());
        arr[i]->ndevAlias = src.dev_aliases.size();
        (void)copy_names(src.dev_aliases, arr[i]->devAlias);
      }
    }
  } catch (...) {
    for (size_t i = 0; i < n; i++) virDomainFSInfoFree(arr[i]);
    std::free(arr);
    throw;
  }
  *info = arr;
  return static_cast<int>(r->ret);
}

Result<int> RemoteHypervisor::domainInterfaceAddresses(virDomainPtr dom,
                                                       virDomainInterfacePtr **ifaces,
                                                       unsigned int source, unsigned int flags) {
  proto::domain_interface_addresses_args a{wire(dom), source, flags};
  auto r = client_->call<P::domain_interface_addresses>(a);
  VK_TRY(r);
  const auto n = r->ifaces.size();
  if (n > kInterfaceMax)
    return error(kFrom, VIR_ERR_INTERNAL_ERROR,
                 "Number of interfaces, %d exceeds the max limit: %d", static_cast<int>(n),
                 static_cast<int>(kInterfaceMax));
  for (const auto &w : r->ifaces)
    if (w.addrs.size() > kIPAddrMax)
      return error(kFrom, VIR_ERR_INTERNAL_ERROR,
                   "Number of interfaces, %d exceeds the max limit: %d",
                   static_cast<int>(w.addrs.size()), static_cast<int>(kIPAddrMax));
  if (!n) {
    *ifaces = nullptr;
    return 0;
  }
  auto **arr = alloc_array<virDomainInterfacePtr>(n);
  try {
    for (size_t i = 0; i < n; i++) {
      const auto &src = r->ifaces[i];
      auto *iface = arr[i] = alloc_array<virDomainInterface>(1);
      iface->name = dup(src.name);
      if (src.hwaddr) iface->hwaddr = dup(*src.hwaddr);
      if (!src.addrs.empty()) {
        iface->addrs = alloc_array<virDomainIPAddress>(src.addrs.size());
        iface->naddrs = static_cast<unsigned>(src.addrs.size());
        for (size_t j = 0; j < src.addrs.size(); j++) {
          iface->addrs[j].addr = dup(src.addrs[j].addr);
          iface->addrs[j].prefix = src.addrs[j].prefix;
          iface->addrs[j].type = src.addrs[j].type;
        }
      }
    }
  } catch (...) {
    for (size_t i = 0; i < n; i++) virDomainInterfaceFree(arr[i]);
    std::free(arr);
    throw;
  }
  *ifaces = arr;
  return static_cast<int>(n);
}

Result<int> RemoteHypervisor::domainGetMessages(virDomainPtr dom, char ***msgs,
                                                unsigned int flags) {
  proto::domain_get_messages_args a{wire(dom), flags};
  auto r = client_->call<P::domain_get_messages>(a);
  VK_TRY(r);
  if (r->msgs.size() > kMessagesMax)
    return error(kFrom, VIR_ERR_RPC, "%s",
                 "remoteDomainGetMessages: returned number of msgs exceeds limit");
  *msgs = string_list(r->msgs);
  return static_cast<int>(r->msgs.size());
}

Result<int> RemoteHypervisor::domainAuthorizedSSHKeysGet(virDomainPtr dom, const char *user,
                                                         char ***keys, unsigned int flags) {
  if (!user) return encode_error();
  proto::domain_authorized_ssh_keys_get_args a{wire(dom), user, flags};
  auto r = client_->call<P::domain_authorized_ssh_keys_get>(a);
  VK_TRY(r);
  if (r->keys.size() > kSSHKeysMax)
    return error(kFrom, VIR_ERR_RPC, "%s",
                 "remoteDomainAuthorizedSSHKeysGet: returned number of keys exceeds limit");
  *keys = string_list(r->keys);
  return static_cast<int>(r->keys.size());
}

Result<char *> RemoteHypervisor::domainGetMetadata(virDomainPtr dom, int type, const char *uri,
                                                   unsigned int flags) {
  proto::domain_get_metadata_args a;
  a.dom = wire(dom);
  a.type = type;
  if (uri) a.uri = uri;
  a.flags = flags;
  auto r = client_->call<P::domain_get_metadata>(a);
  VK_TRY(r);
  return dup(r->metadata);
}

}  // namespace virtkit::drivers::remote
