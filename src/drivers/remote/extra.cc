#include "drivers/remote/extra.h"

#include <cstring>

namespace virtkit::drivers::remote {

Result<const char *> RemoteExtra::connectGetType(virConnectPtr) {
  std::lock_guard g(type_mu_);
  if (type_.empty()) {
    auto r = client_->call<P::connect_get_type>();
    VK_TRY(r);
    type_ = std::move(r->type);
  }
  return type_.c_str();
}

Result<int> RemoteExtra::connectIsAlive(virConnectPtr) {
  return client_->alive() ? 1 : 0;
}

// A unix socket is secure, plain TCP is not, neither is encrypted; the
// daemon is asked as well.
Result<int> RemoteExtra::connectIsSecure(virConnectPtr) {
  auto r = client_->call<P::connect_is_secure>();
  VK_TRY(r);
  return r->secure && secure_ ? 1 : 0;
}

Result<int> RemoteExtra::connectIsEncrypted(virConnectPtr) {
  VK_TRY(client_->call<P::connect_is_secure>());
  return 0;
}

Result<int> RemoteExtra::nodeGetInfo(virConnectPtr, virNodeInfoPtr info) {
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

Result<int> RemoteExtra::connectListDomains(virConnectPtr, int *ids, int maxids) {
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
Result<int> RemoteExtra::domainCreate(virDomainPtr dom) {
  proto::domain_create_args a{wire(dom)};
  VK_TRY(client_->call<P::domain_create>(a));
  proto::domain_lookup_by_uuid_args l;
  std::memcpy(l.uuid.data(), dom->uuid, VIR_UUID_BUFLEN);
  auto r = client_->call<P::domain_lookup_by_uuid>(l);
  VK_TRY(r);
  dom->id.store(r->dom.id, std::memory_order_relaxed);
  return 0;
}

Result<int> RemoteExtra::domainCreateWithFlags(virDomainPtr dom, unsigned flags) {
  proto::domain_create_with_flags_args a{wire(dom), flags};
  auto r = client_->call<P::domain_create_with_flags>(a);
  VK_TRY(r);
  dom->id.store(r->dom.id, std::memory_order_relaxed);
  return 0;
}

Result<char *> RemoteExtra::domainGetSchedulerType(virDomainPtr dom, int *nparams) {
  proto::domain_get_scheduler_type_args a{wire(dom)};
  auto r = client_->call<P::domain_get_scheduler_type>(a);
  VK_TRY(r);
  if (nparams) *nparams = r->nparams;
  return dup(r->type);
}

Result<int> RemoteExtra::nodeGetCellsFreeMemory(virConnectPtr, unsigned long long *mems, int start,
                                                int maxcells) {
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
