// SPDX-License-Identifier: LGPL-2.1-or-later
// The connection and host slots of the remote hypervisor table with client-side
// behaviour of libvirt's remote driver: cached answers, limits checked
// before the call, handle updates, file descriptors passed with the call.
#include "drivers/remote/hypervisor.h"

#include <cstring>

namespace virtkit::drivers::remote {

Result<const char *> RemoteHypervisor::connectGetType(virConnectPtr) {
  std::lock_guard g(type_mu_);
  if (type_.empty()) {
    auto r = client_->call<P::connect_get_type>();
    VK_TRY(r);
    type_ = std::move(r->type);
  }
  return type_.c_str();
}

Result<int> RemoteHypervisor::connectIsAlive(virConnectPtr) {
  return client_->alive() ? 1 : 0;
}

// A unix socket is secure, plain TCP is not until SASL makes it so; TLS
// and SASL's layer are encrypted, and so is a SASL session without one (on
// an already secure transport), as in libvirt. The daemon is asked as well
// (its "secure" counts for both, as in libvirt).
Result<int> RemoteHypervisor::connectIsSecure(virConnectPtr) {
  auto r = client_->call<P::connect_is_secure>();
  VK_TRY(r);
  return r->secure && secure_ ? 1 : 0;
}

Result<int> RemoteHypervisor::connectIsEncrypted(virConnectPtr) {
  auto r = client_->call<P::connect_is_secure>();
  VK_TRY(r);
  return (client_->encrypted() || sasl_session_) && r->secure ? 1 : 0;
}

Result<int> RemoteHypervisor::nodeGetInfo(virConnectPtr, virNodeInfoPtr info) {
  auto r = client_->call<P::node_get_info>();
  VK_TRY(r);
  for (size_t i = 0; i < sizeof info->model; i++) info->model[i] = static_cast<char>(r->model[i]);
  info->model[sizeof info->model - 1] = '\0';
  info->memory = static_cast<unsigned long>(r->memory);
  info->cpus = static_cast<unsigned>(r->cpus);
  info->mhz = static_cast<unsigned>(r->mhz);
  info->nodes = static_cast<unsigned>(r->nodes);
  info->sockets = static_cast<unsigned>(r->sockets);
  info->cores = static_cast<unsigned>(r->cores);
  info->threads = static_cast<unsigned>(r->threads);
  return 0;
}

Result<int> RemoteHypervisor::connectListDomains(virConnectPtr, int *ids, int maxids) {
  if (maxids > 16384)
    return error(kFrom, VIR_ERR_RPC, "Too many domains '%d' for limit '%d'", maxids, 16384);
  proto::connect_list_domains_args a{maxids};
  auto r = client_->call<P::connect_list_domains>(a);
  VK_TRY(r);
  if (static_cast<int>(r->ids.size()) > maxids)
    return error(kFrom, VIR_ERR_RPC, "Too many domains '%zu' for limit '%d'", r->ids.size(),
                 maxids);
  for (size_t i = 0; i < r->ids.size(); i++) ids[i] = r->ids[i];
  return static_cast<int>(r->ids.size());
}

// The daemon does not return the new id: it is looked up, as libvirt does.
Result<int> RemoteHypervisor::domainCreate(virDomainPtr dom) {
  proto::domain_create_args a{wire(dom)};
  VK_TRY(client_->call<P::domain_create>(a));
  proto::domain_lookup_by_uuid_args l;
  std::memcpy(l.uuid.data(), dom->uuid, VIR_UUID_BUFLEN);
  auto r = client_->call<P::domain_lookup_by_uuid>(l);
  VK_TRY(r);
  dom->id.store(r->dom.id, std::memory_order_relaxed);
  return 0;
}

Result<int> RemoteHypervisor::domainCreateWithFlags(virDomainPtr dom, unsigned flags) {
  proto::domain_create_with_flags_args a{wire(dom), flags};
  auto r = client_->call<P::domain_create_with_flags>(a);
  VK_TRY(r);
  dom->id.store(r->dom.id, std::memory_order_relaxed);
  return 0;
}

Result<char *> RemoteHypervisor::domainGetSchedulerType(virDomainPtr dom, int *nparams) {
  proto::domain_get_scheduler_type_args a{wire(dom)};
  auto r = client_->call<P::domain_get_scheduler_type>(a);
  VK_TRY(r);
  if (nparams) *nparams = r->nparams;
  return dup(r->type);
}

Result<int> RemoteHypervisor::nodeGetCellsFreeMemory(virConnectPtr, unsigned long long *mems,
                                                     int start, int maxcells) {
  if (maxcells > 1024)
    return error(kFrom, VIR_ERR_RPC, "too many NUMA cells: %d > %d", maxcells, 1024);
  proto::node_get_cells_free_memory_args a{start, maxcells};
  auto r = client_->call<P::node_get_cells_free_memory>(a);
  VK_TRY(r);
  for (size_t i = 0; i < r->cells.size() && static_cast<int>(i) < maxcells; i++)
    mems[i] = r->cells[i];
  return static_cast<int>(r->cells.size());
}

}  // namespace virtkit::drivers::remote

namespace virtkit::drivers::remote {

namespace {

// Node stats arrays (fixed-size fields), checked as libvirt's client does.
template <class W, class T>
Status copy_stats(const std::vector<W> &in, T *params, int *nparams, int reply_nparams,
                  const char *who) {
  if (in.size() > 16 || static_cast<long long>(in.size()) > *nparams)
    return error(kFrom, VIR_ERR_RPC, "%s: returned number of stats exceeds limit", who);
  if (*nparams == 0) {
    *nparams = reply_nparams;
    return Status();
  }
  for (size_t i = 0; i < in.size(); i++) {
    if (in[i].field.size() >= sizeof params[i].field)
      return error(kFrom, VIR_ERR_INTERNAL_ERROR, "Stats %s too big for destination",
                   in[i].field.c_str());
    std::memcpy(params[i].field, in[i].field.c_str(), in[i].field.size() + 1);
    params[i].value = in[i].value;
  }
  *nparams = static_cast<int>(in.size());
  return Status();
}

}  // namespace

Result<int> RemoteHypervisor::connectSupportsFeature(virConnectPtr, int feature) {
  if (feature == 2) return 1;  // VIR_DRV_FEATURE_REMOTE: this connection is remote
  proto::connect_supports_feature_args a{feature};
  auto r = client_->call<P::connect_supports_feature>(a);
  VK_TRY(r);
  return r->supported;
}

Result<int> RemoteHypervisor::nodeGetCPUStats(virConnectPtr, int cpu, virNodeCPUStatsPtr params,
                                              int *nparams, unsigned flags) {
  proto::node_get_cpu_stats_args a{cpu, *nparams, flags};
  auto r = client_->call<P::node_get_cpu_stats>(a);
  VK_TRY(r);
  VK_TRY(copy_stats(r->params, params, nparams, r->nparams, "remoteNodeGetCPUStats"));
  return 0;
}

Result<int> RemoteHypervisor::nodeGetMemoryStats(virConnectPtr, int cell,
                                                 virNodeMemoryStatsPtr params, int *nparams,
                                                 unsigned flags) {
  proto::node_get_memory_stats_args a{*nparams, cell, flags};
  auto r = client_->call<P::node_get_memory_stats>(a);
  VK_TRY(r);
  VK_TRY(copy_stats(r->params, params, nparams, r->nparams, "remoteNodeGetMemoryStats"));
  return 0;
}

Result<int> RemoteHypervisor::nodeGetFreePages(virConnectPtr, unsigned npages, unsigned *pages,
                                               int start, unsigned ncells,
                                               unsigned long long *counts, unsigned flags) {
  const unsigned long long total = static_cast<unsigned long long>(npages) * ncells;
  if (total > 1024)
    return error(kFrom, VIR_ERR_RPC, "too many NUMA cells: %d > %d",
                 static_cast<int>(npages * ncells), 1024);
  proto::node_get_free_pages_args a;
  a.pages.assign(pages, pages + npages);
  a.startCell = start;
  a.cellCount = ncells;
  a.flags = flags;
  auto r = client_->call<P::node_get_free_pages>(a);
  VK_TRY(r);
  if (r->counts.size() > total)
    return error(kFrom, VIR_ERR_RPC, "too many NUMA cells: %zu > %llu", r->counts.size(), total);
  for (size_t i = 0; i < r->counts.size(); i++) counts[i] = r->counts[i];
  return static_cast<int>(r->counts.size());
}

Result<int> RemoteHypervisor::nodeAllocPages(virConnectPtr, unsigned npages, unsigned *sizes,
                                             unsigned long long *counts, int start, unsigned ncells,
                                             unsigned flags) {
  if (npages > 1024)
    return error(kFrom, VIR_ERR_RPC, "too many NUMA cells: %d > %d", static_cast<int>(npages),
                 1024);
  proto::node_alloc_pages_args a;
  a.pageSizes.assign(sizes, sizes + npages);
  a.pageCounts.assign(counts, counts + npages);
  a.startCell = start;
  a.cellCount = ncells;
  a.flags = flags;
  auto r = client_->call<P::node_alloc_pages>(a);
  VK_TRY(r);
  return r->ret;
}

Result<int> RemoteHypervisor::nodeGetCPUMap(virConnectPtr, unsigned char **cpumap, unsigned *online,
                                            unsigned flags) {
  proto::node_get_cpu_map_args a{cpumap ? 1 : 0, online ? 1 : 0, flags};
  auto r = client_->call<P::node_get_cpu_map>(a);
  VK_TRY(r);
  if (r->ret < 0) return generic_failure();
  if (cpumap) {
    auto *m = static_cast<unsigned char *>(std::calloc(r->cpumap.size() ? r->cpumap.size() : 1, 1));
    if (!m) return no_memory();
    std::memcpy(m, r->cpumap.data(), r->cpumap.size());
    *cpumap = m;
  }
  if (online) *online = r->online;
  return r->ret;
}

Result<int> RemoteHypervisor::nodeGetSecurityModel(virConnectPtr, virSecurityModelPtr model) {
  auto r = client_->call<P::node_get_security_model>();
  VK_TRY(r);
  std::memset(model, 0, sizeof *model);
  VK_TRY(copy_security_chars(r->model, model->model, sizeof model->model, "model"));
  VK_TRY(copy_security_chars(r->doi, model->doi, sizeof model->doi, "doi"));
  return 0;
}

Result<int> RemoteHypervisor::connectGetCPUModelNames(virConnectPtr, const char *arch,
                                                      char ***models, unsigned flags) {
  if (!arch) return encode_error();
  proto::connect_get_cpu_model_names_args a{arch, models ? 1 : 0, flags};
  auto r = client_->call<P::connect_get_cpu_model_names>(a);
  VK_TRY(r);
  if (models) *models = string_list(r->models);
  return r->ret;
}

Result<int> RemoteHypervisor::domainRename(virDomainPtr dom, const char *name, unsigned flags) {
  proto::domain_rename_args a;
  a.dom = wire(dom);
  if (name) a.new_name = std::string(name);
  a.flags = flags;
  auto r = client_->call<P::domain_rename>(a);
  VK_TRY(r);
  if (r->retcode == 0 && name) dom->name = name;  // libvirt's client renames the handle too
  return r->retcode;
}

// Descriptors go with the call over the unix socket (SCM_RIGHTS); without
// any, the call is an ordinary one, as in libvirt's client.
Result<int> RemoteHypervisor::domainCreateWithFiles(virDomainPtr dom, unsigned nfiles, int *files,
                                                    unsigned flags) {
  proto::domain_create_with_files_args a{wire(dom), flags};
  auto r = client_->call_fds<P::domain_create_with_files>(a, files, nfiles);
  VK_TRY(r);
  dom->id.store(r->dom.id, std::memory_order_relaxed);
  return 0;
}

Result<virDomainPtr> RemoteHypervisor::domainCreateXMLWithFiles(virConnectPtr conn, const char *xml,
                                                                unsigned nfiles, int *files,
                                                                unsigned flags) {
  if (!xml) return encode_error();
  proto::domain_create_xml_with_files_args a{xml, flags};
  auto r = client_->call_fds<P::domain_create_xml_with_files>(a, files, nfiles);
  VK_TRY(r);
  return handle(conn, r->dom);
}

Result<int> RemoteHypervisor::domainOpenGraphics(virDomainPtr dom, unsigned idx, int fd,
                                                 unsigned flags) {
  proto::domain_open_graphics_args a{wire(dom), idx, flags};
  VK_TRY(client_->call_fds<P::domain_open_graphics>(a, &fd, 1));
  return 0;
}

// The daemon's descriptor, handed to the caller.
Result<int> RemoteHypervisor::domainOpenGraphicsFD(virDomainPtr dom, unsigned idx, unsigned flags) {
  proto::domain_open_graphics_fd_args a{wire(dom), idx, flags};
  std::vector<int> fds;
  VK_TRY(client_->call_fds<P::domain_open_graphics_fd>(a, nullptr, 0, &fds));
  if (fds.size() == 1) return fds[0];
  if (fds.empty()) return error(kFrom, VIR_ERR_INTERNAL_ERROR, "%s", "no file descriptor received");
  virtkit::remote::Client::close_fds(&fds);
  return error(kFrom, VIR_ERR_INTERNAL_ERROR, "%s", "too many file descriptors received");
}

Result<int> RemoteHypervisor::domainFDAssociate(virDomainPtr dom, const char *name, unsigned nfds,
                                                int *fds, unsigned flags) {
  if (!name) return encode_error();
  proto::domain_fd_associate_args a{wire(dom), name, flags};
  VK_TRY(client_->call_fds<P::domain_fd_associate>(a, fds, nfds));
  return 0;
}

}  // namespace virtkit::drivers::remote
