// The remote driver: a client of a libvirt daemon. Each slot forwards its
// call through the remote program's procedure table (remote_protocol.h,
// generated from api/remote.proto); the daemon's errors come back verbatim.
//
// Adding a slot: find the procedure in api/remote.proto (its name is the
// snake_case of libvirt's REMOTE_PROC_*), fill `proto::NAME_args` (handles
// with wire(...)), `client_->call<P::NAME>(args)` and map `NAME_ret` back
// (daemon handles with handle(conn, ...); strings strdup'ed for the caller).
// Client-side checks libvirt's remote driver makes before or after the call
// (list limits...) go here too, with its texts.
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <thread>

#include "api/close_callback.h"
#include "api/handles.h"
#include "driver/driver.h"
#include "drivers/remote/client.h"
#include "drivers/remote/events.h"

namespace virtkit::drivers::remote {

using virtkit::remote::Client;
namespace proto = virtkit::remote::proto;
namespace P = virtkit::remote::proto::remote_proc;

namespace {

constexpr int kFrom = VIR_FROM_REMOTE;

// Drivers a daemon serves that this library has no local implementation of:
// `DRIVER:///PATH` goes to the daemon for them, as libvirt's client does.
bool daemon_only_scheme(const std::string &s) {
  static const char *const kNames[] = {"qemu",    "lxc",      "libxl",  "xen",     "vbox",
                                       "bhyve",   "ch",       "vz",     "network", "interface",
                                       "nodedev", "nwfilter", "secret", "storage"};
  for (const char *n : kNames)
    if (s == n) return true;
  return false;
}

std::string uri_encode(const std::string &s) {
  // libvirt's virBufferURIEncodeString (glib's unreserved set kept as is).
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

proto::nonnull_domain wire(virDomainPtr d) {
  proto::nonnull_domain w;
  w.name = d->name;
  std::memcpy(w.uuid.data(), d->uuid, VIR_UUID_BUFLEN);
  w.id = d->id.load(std::memory_order_relaxed);
  return w;
}

virDomainPtr handle(virConnectPtr conn, const proto::nonnull_domain &w) {
  return handles::new_domain(conn, w.name, w.uuid.data(), w.id);
}

// The check libvirt's generated client code makes on list sizes.
Status too_many(const char *kind, int n, int max, const char *param, const char *api) {
  return error(kFrom, VIR_ERR_RPC, "too many remote %ss: %d > %d,in parameter '%s' for '%s'", kind,
               n, max, param, api);
}

char *dup(const std::string &s) {
  char *p = strdup(s.c_str());
  if (!p) throw std::bad_alloc();
  return p;
}

class RemoteHypervisor final : public driver::Hypervisor, public api::CloseCallbackDriver {
 public:
  // `secure`: whether the transport itself is (a unix socket is; plain TCP is not).
  RemoteHypervisor(std::shared_ptr<Client> c, bool secure)
      : client_(std::move(c)), secure_(secure) {
    client_->set_close_handler([this](int reason) { on_close(reason); });
    client_->set_message_handler(
        [this](uint32_t prog, int proc, const std::string &body) { on_message(prog, proc, body); });
  }

  ~RemoteHypervisor() override {
    if (opened_ && client_->alive()) (void)client_->call<P::connect_close>();
    client_->close();
  }

  const char *name() const override { return "remote"; }

  // `name` empty: the daemon picks its driver, and is asked for the URI.
  Status open(const std::string &name, unsigned flags, bool probe) {
    proto::connect_open_args a;
    a.name = name;
    a.flags = flags & VIR_CONNECT_RO;
    VK_TRY(client_->call<P::connect_open>(a));
    opened_ = true;
    if (probe) {
      auto r = client_->call<P::connect_get_uri>();
      VK_TRY(r);
      VK_TRY(driver::parse_uri(r->uri.c_str()));
      probed_ = std::move(r->uri);
    }
    return Status();
  }

  std::string probed_uri() const override { return probed_; }

  // ---- close callbacks: the connection ending is reported to the application ----
  Status close_callback_registering(virConnectPtr conn) override {
    VK_TRY(events_->close_callback_registering());
    std::lock_guard g(cb_mu_);
    cb_conn_ = conn;
    return Status();
  }
  Status close_callback_unregistering(virConnectPtr) override {
    VK_TRY(events_->close_callback_unregistering());
    std::lock_guard g(cb_mu_);
    cb_conn_ = nullptr;
    return Status();
  }

  // ---- connection and host ----
  Result<const char *> connectGetType(virConnectPtr) override {
    std::lock_guard g(type_mu_);
    if (type_.empty()) {
      auto r = client_->call<P::connect_get_type>();
      VK_TRY(r);
      type_ = std::move(r->type);
    }
    return type_.c_str();
  }

  Result<int> connectGetVersion(virConnectPtr, unsigned long *ver) override {
    auto r = client_->call<P::connect_get_version>();
    VK_TRY(r);
    *ver = static_cast<unsigned long>(r->hv_ver);
    return 0;
  }

  Result<int> connectGetLibVersion(virConnectPtr, unsigned long *ver) override {
    auto r = client_->call<P::connect_get_lib_version>();
    VK_TRY(r);
    *ver = static_cast<unsigned long>(r->lib_ver);
    return 0;
  }

  Result<char *> connectGetHostname(virConnectPtr) override {
    auto r = client_->call<P::connect_get_hostname>();
    VK_TRY(r);
    return dup(r->hostname);
  }

  Result<char *> connectGetCapabilities(virConnectPtr) override {
    auto r = client_->call<P::connect_get_capabilities>();
    VK_TRY(r);
    return dup(r->capabilities);
  }

  Result<int> connectIsAlive(virConnectPtr) override { return client_->alive() ? 1 : 0; }

  // A unix socket is secure, plain TCP is not, neither is encrypted; the
  // daemon is asked as well.
  Result<int> connectIsSecure(virConnectPtr) override {
    auto r = client_->call<P::connect_is_secure>();
    VK_TRY(r);
    return r->secure && secure_ ? 1 : 0;
  }
  Result<int> connectIsEncrypted(virConnectPtr) override {
    VK_TRY(client_->call<P::connect_is_secure>());
    return 0;
  }

  Result<int> nodeGetInfo(virConnectPtr, virNodeInfoPtr info) override {
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

  // ---- domain lists ----
  Result<int> connectNumOfDomains(virConnectPtr) override {
    auto r = client_->call<P::connect_num_of_domains>();
    VK_TRY(r);
    return r->num;
  }

  Result<int> connectNumOfDefinedDomains(virConnectPtr) override {
    auto r = client_->call<P::connect_num_of_defined_domains>();
    VK_TRY(r);
    return r->num;
  }

  Result<int> connectListDomains(virConnectPtr, int *ids, int maxids) override {
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

  Result<int> connectListDefinedDomains(virConnectPtr, char **const names, int maxnames) override {
    if (maxnames > 16384)
      return too_many("string", maxnames, 16384, "names", "virConnectListDefinedDomains");
    proto::connect_list_defined_domains_args a{maxnames};
    auto r = client_->call<P::connect_list_defined_domains>(a);
    VK_TRY(r);
    if (static_cast<int>(r->names.size()) > maxnames)
      return too_many("string", static_cast<int>(r->names.size()), maxnames, "names",
                      "virConnectListDefinedDomains");
    size_t i = 0;
    try {
      for (; i < r->names.size(); i++) names[i] = dup(r->names[i]);
    } catch (...) {
      while (i) free(names[--i]);
      throw;
    }
    return static_cast<int>(r->names.size());
  }

  Result<int> connectListAllDomains(virConnectPtr conn, virDomainPtr **domains,
                                    unsigned flags) override {
    proto::connect_list_all_domains_args a{domains ? 1 : 0, flags};
    auto r = client_->call<P::connect_list_all_domains>(a);
    VK_TRY(r);
    if (domains) {
      auto *arr =
          static_cast<virDomainPtr *>(std::calloc(r->domains.size() + 1, sizeof(virDomainPtr)));
      if (!arr) return no_memory();
      try {
        for (size_t i = 0; i < r->domains.size(); i++) arr[i] = handle(conn, r->domains[i]);
      } catch (...) {
        for (size_t i = 0; arr[i]; i++) handles::unref(arr[i]);
        std::free(arr);
        throw;
      }
      *domains = arr;
    }
    return static_cast<int>(r->ret);
  }

  // ---- lookups ----
  Result<virDomainPtr> domainLookupByName(virConnectPtr conn, const char *name) override {
    proto::domain_lookup_by_name_args a{name};
    auto r = client_->call<P::domain_lookup_by_name>(a);
    VK_TRY(r);
    return handle(conn, r->dom);
  }

  Result<virDomainPtr> domainLookupByID(virConnectPtr conn, int id) override {
    proto::domain_lookup_by_id_args a{id};
    auto r = client_->call<P::domain_lookup_by_id>(a);
    VK_TRY(r);
    return handle(conn, r->dom);
  }

  Result<virDomainPtr> domainLookupByUUID(virConnectPtr conn, const unsigned char *uuid) override {
    proto::domain_lookup_by_uuid_args a;
    std::memcpy(a.uuid.data(), uuid, VIR_UUID_BUFLEN);
    auto r = client_->call<P::domain_lookup_by_uuid>(a);
    VK_TRY(r);
    return handle(conn, r->dom);
  }

  // ---- domain information ----
  Result<int> domainGetInfo(virDomainPtr dom, virDomainInfoPtr info) override {
    proto::domain_get_info_args a{wire(dom)};
    auto r = client_->call<P::domain_get_info>(a);
    VK_TRY(r);
    info->state = static_cast<unsigned char>(r->state);
    info->maxMem = static_cast<unsigned long>(r->maxMem);
    info->memory = static_cast<unsigned long>(r->memory);
    info->nrVirtCpu = static_cast<unsigned short>(r->nrVirtCpu);
    info->cpuTime = r->cpuTime;
    return 0;
  }

  Result<int> domainGetState(virDomainPtr dom, int *state, int *reason, unsigned flags) override {
    proto::domain_get_state_args a{wire(dom), flags};
    auto r = client_->call<P::domain_get_state>(a);
    VK_TRY(r);
    *state = r->state;
    if (reason) *reason = r->reason;
    return 0;
  }

  Result<char *> domainGetXMLDesc(virDomainPtr dom, unsigned flags) override {
    proto::domain_get_xml_desc_args a{wire(dom), flags};
    auto r = client_->call<P::domain_get_xml_desc>(a);
    VK_TRY(r);
    return dup(r->xml);
  }

  Result<unsigned long> domainGetMaxMemory(virDomainPtr dom) override {
    proto::domain_get_max_memory_args a{wire(dom)};
    auto r = client_->call<P::domain_get_max_memory>(a);
    VK_TRY(r);
    return static_cast<unsigned long>(r->memory);
  }

  Result<char *> domainGetOSType(virDomainPtr dom) override {
    proto::domain_get_os_type_args a{wire(dom)};
    auto r = client_->call<P::domain_get_os_type>(a);
    VK_TRY(r);
    return dup(r->type);
  }

  // ---- definition and life cycle ----
  Result<virDomainPtr> domainDefineXML(virConnectPtr conn, const char *xml) override {
    proto::domain_define_xml_args a{xml};
    auto r = client_->call<P::domain_define_xml>(a);
    VK_TRY(r);
    return handle(conn, r->dom);
  }

  Result<virDomainPtr> domainDefineXMLFlags(virConnectPtr conn, const char *xml,
                                            unsigned flags) override {
    proto::domain_define_xml_flags_args a{xml, flags};
    auto r = client_->call<P::domain_define_xml_flags>(a);
    VK_TRY(r);
    return handle(conn, r->dom);
  }

  Result<virDomainPtr> domainCreateXML(virConnectPtr conn, const char *xml,
                                       unsigned flags) override {
    proto::domain_create_xml_args a{xml, flags};
    auto r = client_->call<P::domain_create_xml>(a);
    VK_TRY(r);
    return handle(conn, r->dom);
  }

  Result<int> domainUndefine(virDomainPtr dom) override {
    proto::domain_undefine_args a{wire(dom)};
    VK_TRY(client_->call<P::domain_undefine>(a));
    return 0;
  }

  Result<int> domainUndefineFlags(virDomainPtr dom, unsigned flags) override {
    proto::domain_undefine_flags_args a{wire(dom), flags};
    VK_TRY(client_->call<P::domain_undefine_flags>(a));
    return 0;
  }

  // The daemon does not return the new id: it is looked up, as libvirt does.
  Result<int> domainCreate(virDomainPtr dom) override {
    proto::domain_create_args a{wire(dom)};
    VK_TRY(client_->call<P::domain_create>(a));
    proto::domain_lookup_by_uuid_args l;
    std::memcpy(l.uuid.data(), dom->uuid, VIR_UUID_BUFLEN);
    auto r = client_->call<P::domain_lookup_by_uuid>(l);
    VK_TRY(r);
    dom->id.store(r->dom.id, std::memory_order_relaxed);
    return 0;
  }

  Result<int> domainCreateWithFlags(virDomainPtr dom, unsigned flags) override {
    proto::domain_create_with_flags_args a{wire(dom), flags};
    auto r = client_->call<P::domain_create_with_flags>(a);
    VK_TRY(r);
    dom->id.store(r->dom.id, std::memory_order_relaxed);
    return 0;
  }

  Result<int> domainDestroy(virDomainPtr dom) override {
    proto::domain_destroy_args a{wire(dom)};
    VK_TRY(client_->call<P::domain_destroy>(a));
    dom->id.store(-1, std::memory_order_relaxed);
    return 0;
  }

  Result<int> domainDestroyFlags(virDomainPtr dom, unsigned flags) override {
    proto::domain_destroy_flags_args a{wire(dom), flags};
    VK_TRY(client_->call<P::domain_destroy_flags>(a));
    dom->id.store(-1, std::memory_order_relaxed);
    return 0;
  }

  Result<int> domainSuspend(virDomainPtr dom) override {
    proto::domain_suspend_args a{wire(dom)};
    VK_TRY(client_->call<P::domain_suspend>(a));
    return 0;
  }

  Result<int> domainResume(virDomainPtr dom) override {
    proto::domain_resume_args a{wire(dom)};
    VK_TRY(client_->call<P::domain_resume>(a));
    return 0;
  }

  Result<int> domainShutdown(virDomainPtr dom) override {
    proto::domain_shutdown_args a{wire(dom)};
    VK_TRY(client_->call<P::domain_shutdown>(a));
    return 0;
  }

  Result<int> domainReboot(virDomainPtr dom, unsigned flags) override {
    proto::domain_reboot_args a{wire(dom), flags};
    VK_TRY(client_->call<P::domain_reboot>(a));
    return 0;
  }

  // ---- more domain and host calls ----
  Result<int> domainIsActive(virDomainPtr dom) override {
    proto::domain_is_active_args a{wire(dom)};
    auto r = client_->call<P::domain_is_active>(a);
    VK_TRY(r);
    return r->active;
  }
  Result<int> domainIsPersistent(virDomainPtr dom) override {
    proto::domain_is_persistent_args a{wire(dom)};
    auto r = client_->call<P::domain_is_persistent>(a);
    VK_TRY(r);
    return r->persistent;
  }
  Result<int> domainIsUpdated(virDomainPtr dom) override {
    proto::domain_is_updated_args a{wire(dom)};
    auto r = client_->call<P::domain_is_updated>(a);
    VK_TRY(r);
    return r->updated;
  }
  Result<int> domainGetAutostart(virDomainPtr dom, int *autostart) override {
    proto::domain_get_autostart_args a{wire(dom)};
    auto r = client_->call<P::domain_get_autostart>(a);
    VK_TRY(r);
    *autostart = r->autostart;
    return 0;
  }
  Result<int> domainSetAutostart(virDomainPtr dom, int autostart) override {
    proto::domain_set_autostart_args a{wire(dom), autostart};
    VK_TRY(client_->call<P::domain_set_autostart>(a));
    return 0;
  }
  Result<int> domainSetMaxMemory(virDomainPtr dom, unsigned long memory) override {
    proto::domain_set_max_memory_args a{wire(dom), memory};
    VK_TRY(client_->call<P::domain_set_max_memory>(a));
    return 0;
  }
  Result<int> domainSetMemory(virDomainPtr dom, unsigned long memory) override {
    proto::domain_set_memory_args a{wire(dom), memory};
    VK_TRY(client_->call<P::domain_set_memory>(a));
    return 0;
  }
  Result<int> domainSetMemoryFlags(virDomainPtr dom, unsigned long memory,
                                   unsigned flags) override {
    proto::domain_set_memory_flags_args a{wire(dom), memory, flags};
    VK_TRY(client_->call<P::domain_set_memory_flags>(a));
    return 0;
  }
  Result<int> domainGetMaxVcpus(virDomainPtr dom) override {
    proto::domain_get_max_vcpus_args a{wire(dom)};
    auto r = client_->call<P::domain_get_max_vcpus>(a);
    VK_TRY(r);
    return r->num;
  }
  Result<int> domainSetVcpus(virDomainPtr dom, unsigned nvcpus) override {
    proto::domain_set_vcpus_args a{wire(dom), nvcpus};
    VK_TRY(client_->call<P::domain_set_vcpus>(a));
    return 0;
  }
  Result<int> domainSetVcpusFlags(virDomainPtr dom, unsigned nvcpus, unsigned flags) override {
    proto::domain_set_vcpus_flags_args a{wire(dom), nvcpus, flags};
    VK_TRY(client_->call<P::domain_set_vcpus_flags>(a));
    return 0;
  }
  Result<int> domainGetVcpusFlags(virDomainPtr dom, unsigned flags) override {
    proto::domain_get_vcpus_flags_args a{wire(dom), flags};
    auto r = client_->call<P::domain_get_vcpus_flags>(a);
    VK_TRY(r);
    return r->num;
  }
  Result<int> domainShutdownFlags(virDomainPtr dom, unsigned flags) override {
    proto::domain_shutdown_flags_args a{wire(dom), flags};
    VK_TRY(client_->call<P::domain_shutdown_flags>(a));
    return 0;
  }
  Result<int> domainReset(virDomainPtr dom, unsigned flags) override {
    proto::domain_reset_args a{wire(dom), flags};
    VK_TRY(client_->call<P::domain_reset>(a));
    return 0;
  }
  Result<int> domainManagedSave(virDomainPtr dom, unsigned flags) override {
    proto::domain_managed_save_args a{wire(dom), flags};
    VK_TRY(client_->call<P::domain_managed_save>(a));
    return 0;
  }
  Result<int> domainHasManagedSaveImage(virDomainPtr dom, unsigned flags) override {
    proto::domain_has_managed_save_image_args a{wire(dom), flags};
    auto r = client_->call<P::domain_has_managed_save_image>(a);
    VK_TRY(r);
    return r->result;
  }
  Result<int> domainManagedSaveRemove(virDomainPtr dom, unsigned flags) override {
    proto::domain_managed_save_remove_args a{wire(dom), flags};
    VK_TRY(client_->call<P::domain_managed_save_remove>(a));
    return 0;
  }
  Result<char *> domainGetHostname(virDomainPtr dom, unsigned flags) override {
    proto::domain_get_hostname_args a{wire(dom), flags};
    auto r = client_->call<P::domain_get_hostname>(a);
    VK_TRY(r);
    return dup(r->hostname);
  }
  Result<char *> domainGetSchedulerType(virDomainPtr dom, int *nparams) override {
    proto::domain_get_scheduler_type_args a{wire(dom)};
    auto r = client_->call<P::domain_get_scheduler_type>(a);
    VK_TRY(r);
    if (nparams) *nparams = r->nparams;
    return dup(r->type);
  }
  Result<int> connectGetMaxVcpus(virConnectPtr, const char *type) override {
    proto::connect_get_max_vcpus_args a;
    if (type) a.type = std::string(type);
    auto r = client_->call<P::connect_get_max_vcpus>(a);
    VK_TRY(r);
    return r->max_vcpus;
  }
  Result<char *> connectGetSysinfo(virConnectPtr, unsigned flags) override {
    proto::connect_get_sysinfo_args a{flags};
    auto r = client_->call<P::connect_get_sysinfo>(a);
    VK_TRY(r);
    return dup(r->sysinfo);
  }
  Result<unsigned long long> nodeGetFreeMemory(virConnectPtr) override {
    auto r = client_->call<P::node_get_free_memory>();
    VK_TRY(r);
    return r->freeMem;
  }
  Result<int> nodeGetCellsFreeMemory(virConnectPtr, unsigned long long *mems, int start,
                                     int maxcells) override {
    if (maxcells > 1024)
      return error(kFrom, VIR_ERR_RPC, "too many NUMA cells: %d > %d", maxcells, 1024);
    proto::node_get_cells_free_memory_args a{start, maxcells};
    auto r = client_->call<P::node_get_cells_free_memory>(a);
    VK_TRY(r);
    for (size_t i = 0; i < r->cells.size() && static_cast<int>(i) < maxcells; i++)
      mems[i] = r->cells[i];
    return static_cast<int>(r->cells.size());
  }

  // ---- events: registrations and delivery in events.cc ----
  Result<int> connectDomainEventRegister(virConnectPtr conn, virConnectDomainEventCallback cb,
                                         void *opaque, virFreeCallback freecb) override {
    VK_TRY(events_->domain_register(conn, nullptr, VIR_DOMAIN_EVENT_ID_LIFECYCLE, generic(cb),
                                    opaque, freecb, true));
    return 0;
  }
  Result<int> connectDomainEventDeregister(virConnectPtr conn,
                                           virConnectDomainEventCallback cb) override {
    return events_->domain_deregister_legacy(conn, generic(cb));
  }
  Result<int> connectDomainEventRegisterAny(virConnectPtr conn, virDomainPtr dom, int eventID,
                                            virConnectDomainEventGenericCallback cb, void *opaque,
                                            virFreeCallback freecb) override {
    return events_->domain_register(conn, dom, eventID, generic(cb), opaque, freecb, false);
  }
  Result<int> connectDomainEventDeregisterAny(virConnectPtr conn, int callbackID) override {
    return events_->domain_deregister(conn, callbackID);
  }
  Result<int> connectNetworkEventRegisterAny(virConnectPtr conn, virNetworkPtr net, int eventID,
                                             virConnectNetworkEventGenericCallback cb, void *opaque,
                                             virFreeCallback freecb) override {
    return events_->network_register(conn, net, eventID, generic(cb), opaque, freecb);
  }
  Result<int> connectNetworkEventDeregisterAny(virConnectPtr conn, int callbackID) override {
    return events_->network_deregister(conn, callbackID);
  }
  Result<int> connectStoragePoolEventRegisterAny(virConnectPtr conn, virStoragePoolPtr pool,
                                                 int eventID,
                                                 virConnectStoragePoolEventGenericCallback cb,
                                                 void *opaque, virFreeCallback freecb) override {
    return events_->pool_register(conn, pool, eventID, generic(cb), opaque, freecb);
  }
  Result<int> connectStoragePoolEventDeregisterAny(virConnectPtr conn, int callbackID) override {
    return events_->pool_deregister(conn, callbackID);
  }
  Result<int> connectNodeDeviceEventRegisterAny(virConnectPtr conn, virNodeDevicePtr dev,
                                                int eventID,
                                                virConnectNodeDeviceEventGenericCallback cb,
                                                void *opaque, virFreeCallback freecb) override {
    return events_->node_device_register(conn, dev, eventID, generic(cb), opaque, freecb);
  }
  Result<int> connectNodeDeviceEventDeregisterAny(virConnectPtr conn, int callbackID) override {
    return events_->node_device_deregister(conn, callbackID);
  }
  Result<int> connectSecretEventRegisterAny(virConnectPtr conn, virSecretPtr secret, int eventID,
                                            virConnectSecretEventGenericCallback cb, void *opaque,
                                            virFreeCallback freecb) override {
    return events_->secret_register(conn, secret, eventID, generic(cb), opaque, freecb);
  }
  Result<int> connectSecretEventDeregisterAny(virConnectPtr conn, int callbackID) override {
    return events_->secret_deregister(conn, callbackID);
  }

 private:
  void on_close(int reason) {
    virConnectPtr conn;
    {
      std::lock_guard g(cb_mu_);
      conn = cb_conn_;
      if (conn) handles::ref(conn);
    }
    if (!conn) return;
    api::fire_close_callbacks(conn, reason);
    handles::unref(conn);  // may end this object (on this, the reader thread)
  }

  // The daemon reported its driver's connection closed: the close callback
  // runs on a thread of its own, as the reader may be a caller holding locks.
  void on_server_closed(int reason) {
    virConnectPtr conn;
    {
      std::lock_guard g(cb_mu_);
      conn = cb_conn_;
      if (!conn) return;
      handles::ref(conn);
    }
    std::thread([conn, reason] {
      api::fire_close_callbacks(conn, reason);
      handles::unref(conn);
    }).detach();
  }

  void on_message(uint32_t prog, int proc, const std::string &body) {
    if (prog == proto::kRemoteProgram) events_->on_message(proc, body);
  }

  template <class F>
  static RemoteEvents::GenericFn generic(F cb) {
    return reinterpret_cast<RemoteEvents::GenericFn>(cb);
  }

  std::shared_ptr<Client> client_;
  std::unique_ptr<RemoteEvents> events_ =
      std::make_unique<RemoteEvents>(client_, [this](int reason) { on_server_closed(reason); });
  bool opened_ = false;
  bool secure_;
  std::string probed_;
  std::mutex type_mu_;
  std::string type_;
  std::mutex cb_mu_;
  virConnectPtr cb_conn_ = nullptr;
};

class RemoteDriver final : public driver::Driver {
 public:
  const char *name() const override { return "remote"; }

  bool claims(const driver::Uri &uri) const override {
    if (!uri.has_scheme) return false;
    if (uri.scheme == "remote" || uri.scheme.find('+') != std::string::npos) return true;
    if (uri.has_server && !uri.server.empty()) return true;
    return daemon_only_scheme(uri.scheme);
  }

  Result<std::unique_ptr<driver::Hypervisor>> open(const driver::Uri &uri, virConnectAuthPtr,
                                                   unsigned flags) override {
    const bool probe = !uri.has_scheme;  // no URI at all
    std::string drv = uri.scheme, transport;
    if (auto plus = drv.find('+'); plus != std::string::npos) {
      transport = drv.substr(plus + 1);
      drv.resize(plus);
    }
    for (char &c : transport) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (transport.empty()) transport = uri.has_server && !uri.server.empty() ? "tls" : "unix";
    static const char *const kKnown[] = {"tls", "unix", "ssh", "ext", "tcp", "libssh2", "libssh"};
    bool known = false;
    for (const char *k : kKnown) known = known || transport == k;
    if (!known)
      return error(kFrom, VIR_ERR_INVALID_ARG, "%s",
                   "remote_open: transport in URL not recognised (should be "
                   "tls|unix|ssh|ext|tcp|libssh2|libssh)");
    if (transport != "unix" && transport != "tcp")
      return error(kFrom, VIR_ERR_NO_SUPPORT, "transport '%s' is not supported by virtkit",
                   transport.c_str());

    // Parameters the client consumes; the rest go to the daemon's driver.
    static const char *const kOwn[] = {
        "name",         "command", "socket",  "auth",        "sshauth",
        "netcat",       "keyfile", "pkipath", "known_hosts", "known_hosts_verify",
        "tls_priority", "mode",    "proxy",   "no_sanity",   "no_verify",
        "no_tty",       "authfile"};
    const std::string *name_param = nullptr, *socket_param = nullptr;
    std::string query;
    for (auto &[k, v] : uri.params) {
      bool own = false;
      for (const char *o : kOwn) own = own || strcasecmp(k.c_str(), o) == 0;
      if (strcasecmp(k.c_str(), "name") == 0) name_param = &v;
      if (strcasecmp(k.c_str(), "socket") == 0) socket_param = &v;
      if (own) continue;
      if (!query.empty()) query += '&';
      query += k + "=" + uri_encode(v);
    }
    std::string name;
    if (name_param) {
      name = *name_param;
    } else if (probe || uri.scheme == "remote" || uri.scheme.rfind("remote+", 0) == 0) {
      name = "";
    } else {
      driver::Uri t;
      t.has_scheme = true;
      t.scheme = drv;
      t.path = uri.path;
      t.query = query;
      t.fragment = uri.fragment;
      name = driver::format_uri(t);
    }

    if (transport == "tcp") {
      std::string node = uri.has_server && !uri.server.empty() ? uri.server : "localhost";
      std::string port = uri.port > 0 ? std::to_string(uri.port) : "16509";
      auto client = Client::connect_tcp(node, port);
      VK_TRY(client);
      auto hv = std::make_unique<RemoteHypervisor>(std::move(client).value(), false);
      VK_TRY(hv->open(name, flags, probe));
      return std::unique_ptr<driver::Hypervisor>(std::move(hv));
    }

    std::string sock;
    if (socket_param) {
      sock = *socket_param;
    } else {
      bool ro = flags & VIR_CONNECT_RO;
      std::string direct = "/var/run/libvirt/virt" + drv + "d-sock" + (ro ? "-ro" : "");
      sock = std::string("/var/run/libvirt/libvirt-sock") + (ro ? "-ro" : "");
      if (!probe && drv != "remote" && access(direct.c_str(), F_OK) == 0) sock = direct;
    }

    auto client = Client::connect_unix(sock);
    VK_TRY(client);
    auto hv = std::make_unique<RemoteHypervisor>(std::move(client).value(), true);
    VK_TRY(hv->open(name, flags, probe));
    return std::unique_ptr<driver::Hypervisor>(std::move(hv));
  }
};

}  // namespace

}  // namespace virtkit::drivers::remote

namespace virtkit::driver {

Driver &remote_driver() {
  static drivers::remote::RemoteDriver d;
  return d;
}

}  // namespace virtkit::driver
