// SPDX-License-Identifier: LGPL-2.1-or-later
// The test driver's host, domain lists and lookups, definition, lifecycle,
// settings and events (hypervisor.h).
#include <arpa/inet.h>
#include <netdb.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <initializer_list>
#include <set>
#include <vector>

#include "core/handles.h"
#include "core/unwind.h"
#include "driver/driver.h"
#include "drivers/test/cpu.h"
#include "drivers/test/hypervisor.h"
#include "xml/domain_def.h"
#include "xml/domain_cputune.h"
#include "xml/xml.h"
#include "util/auth_conf.h"

namespace virtkit::drivers::test {

Result<int> TestHypervisor::connectGetVersion(virConnectPtr, unsigned long *hvVer) {
  if (hvVer) *hvVer = 2;
  return 0;
}

Result<char *> TestHypervisor::connectGetHostname(virConnectPtr) {
  auto h = host_name();
  VK_TRY(h);
  return dup(*h);
}

Result<char *> TestHypervisor::connectGetSysinfo(virConnectPtr, unsigned flags) {
  VK_TRY(check_flags(kFrom, "testConnectGetSysinfo", flags, 0));
  return dup(kSysinfo);
}

Result<int> TestHypervisor::connectSupportsFeature(virConnectPtr, int feature) {
  // VIR_DRV_FEATURE_TYPED_PARAM_STRING (9) and
  // VIR_DRV_FEATURE_NETWORK_UPDATE_HAS_CORRECT_ORDER (16).
  return feature == 9 || feature == 16 ? 1 : 0;
}

Result<int> TestHypervisor::nodeGetInfo(virConnectPtr, virNodeInfoPtr info) {
  *info = st_->node_info;
  return 0;
}

Result<unsigned long long> TestHypervisor::nodeGetFreeMemory(virConnectPtr) {
  unsigned int total = 0;  // libvirt sums into an unsigned int
  for (const Cell &c : st_->cells) total += static_cast<unsigned>(c.free_mem);
  return static_cast<unsigned long long>(total);
}

Result<int> TestHypervisor::connectListDomains(virConnectPtr, int *ids, int maxids) {
  int n = 0;
  for (const DomainPtr &obj : st_->domains.all()) {
    std::lock_guard g(obj->lock);
    if (obj->removed || !obj->active()) continue;
    if (n < maxids) ids[n++] = obj->def->id;
  }
  return n;
}

Result<int> TestHypervisor::connectListDefinedDomains(virConnectPtr, char **const names,
                                                      int maxnames) {
  if (maxnames > 0) std::memset(names, 0, sizeof(*names) * static_cast<size_t>(maxnames));
  int n = 0;
  for (const DomainPtr &obj : st_->domains.all()) {
    std::lock_guard g(obj->lock);
    if (obj->removed || obj->active()) continue;
    if (n < maxnames) {
      names[n] = strdup(obj->name.c_str());
      if (!names[n]) {
        for (int i = 0; i < n; i++) std::free(names[i]), names[i] = nullptr;
        return no_memory();
      }
      n++;
    }
  }
  return n;
}

Result<int> TestHypervisor::connectListAllDomains(virConnectPtr conn, virDomainPtr **domains,
                                                  unsigned flags) {
  VK_TRY(check_flags(kFrom, "testConnectListAllDomains", flags, kListFiltersAll));
  HandleList<_virDomain> out(domains != nullptr);
  for (const DomainPtr &obj : st_->domains.all()) {
    std::lock_guard g(obj->lock);
    if (obj->removed || !matches(*obj, flags)) continue;
    out.add([&] { return handles::new_domain(conn, obj->name, obj->uuid, obj->def->id, obj); });
  }
  return out.give(domains);
}

Result<virDomainPtr> TestHypervisor::domainLookupByID(virConnectPtr conn, int id) {
  if (DomainPtr obj = st_->domains.find_by_id(id)) {
    std::lock_guard g(obj->lock);
    if (!obj->removed && obj->active() && obj->def->id == id)
      return handles::new_domain(conn, obj->name, obj->uuid, obj->def->id, obj);
  }
  return error(kFrom, VIR_ERR_NO_DOMAIN);
}

Result<virDomainPtr> TestHypervisor::domainLookupByName(virConnectPtr conn, const char *name) {
  if (DomainPtr obj = st_->domains.find_by_name(name)) {
    std::lock_guard g(obj->lock);
    if (!obj->removed) return handles::new_domain(conn, obj->name, obj->uuid, obj->def->id, obj);
  }
  return error(kFrom, VIR_ERR_NO_DOMAIN);
}

Result<virDomainPtr> TestHypervisor::domainLookupByUUID(virConnectPtr conn,
                                                        const unsigned char *uuid) {
  if (DomainPtr obj = st_->domains.find_by_uuid(uuid)) {
    std::lock_guard g(obj->lock);
    if (!obj->removed) return handles::new_domain(conn, obj->name, obj->uuid, obj->def->id, obj);
  }
  return error(kFrom, VIR_ERR_NO_DOMAIN);
}

Result<virDomainPtr> TestHypervisor::domainCreateXML(virConnectPtr conn, const char *xml,
                                                     unsigned flags) {
  VK_TRY(check_flags(kFrom, "testDomainCreateXML", flags, VIR_DOMAIN_START_VALIDATE));
  conf::ParseOptions opts;
  opts.test_namespace = true;
  if (flags & VIR_DOMAIN_START_VALIDATE) opts.flags |= conf::kParseValidateSchema;
  auto def = conf::parse_domain(xml, opts);
  VK_TRY(def);
  VK_TRY(generate_ifnames(**def));
  NewDomain handle(conn, **def);
  std::unique_lock<std::mutex> held;
  auto obj =
      st_->domains.add(*def, DomainList::kAddLive | DomainList::kAddCheckLive, held, nullptr);
  VK_TRY(obj);
  DomainPtr o = *obj;
  Status started;
  try {
    started = start_domain(*st_, o, VIR_DOMAIN_RUNNING_BOOTED);
  }
  VK_CATCH_ALL {
    started = no_memory();
  }
  if (!started.ok()) {
    if (!o->persistent) st_->domains.remove(o);
    return started;
  }
  emit(*o, VIR_DOMAIN_EVENT_STARTED, VIR_DOMAIN_EVENT_STARTED_BOOTED);
  return handle.attach(o);
}

Result<int> TestHypervisor::domainSuspend(virDomainPtr dom) {
  auto vm_r = get(dom);
  VK_TRY(vm_r);
  Locked &vm = *vm_r;
  if (vm->state == VIR_DOMAIN_SHUTOFF || vm->state == VIR_DOMAIN_PAUSED)
    return error(kFrom, VIR_ERR_INTERNAL_ERROR, "domain '%s' not running", dom->name.c_str());
  vm->set_state(VIR_DOMAIN_PAUSED, VIR_DOMAIN_PAUSED_USER);
  emit(*vm.obj, VIR_DOMAIN_EVENT_SUSPENDED, VIR_DOMAIN_EVENT_SUSPENDED_PAUSED);
  return 0;
}

Result<int> TestHypervisor::domainResume(virDomainPtr dom) {
  auto vm_r = get(dom);
  VK_TRY(vm_r);
  Locked &vm = *vm_r;
  if (vm->state != VIR_DOMAIN_PAUSED)
    return error(kFrom, VIR_ERR_INTERNAL_ERROR, "domain '%s' not paused", dom->name.c_str());
  vm->set_state(VIR_DOMAIN_RUNNING, VIR_DOMAIN_RUNNING_UNPAUSED);
  emit(*vm.obj, VIR_DOMAIN_EVENT_RESUMED, VIR_DOMAIN_EVENT_RESUMED_UNPAUSED);
  return 0;
}

Result<int> TestHypervisor::domainReboot(virDomainPtr dom, unsigned flags) {
  VK_TRY(check_flags(kFrom, "testDomainReboot", flags,
                     VIR_DOMAIN_REBOOT_DEFAULT | VIR_DOMAIN_REBOOT_ACPI_POWER_BTN |
                         VIR_DOMAIN_REBOOT_GUEST_AGENT | VIR_DOMAIN_REBOOT_INITCTL |
                         VIR_DOMAIN_REBOOT_SIGNAL | VIR_DOMAIN_REBOOT_PARAVIRT));
  auto vm_r = get(dom);
  VK_TRY(vm_r);
  Locked &vm = *vm_r;
  VK_TRY(check_active(*vm.obj));
  lifecycle_action(*vm.obj, vm->def->on_reboot);
  finish_if_shutoff(vm, dom);
  return 0;
}

Result<int> TestHypervisor::domainGetInfo(virDomainPtr dom, virDomainInfoPtr pinfo) {
  virDomainInfo &info = *pinfo;
  auto vm_r = get(dom);
  VK_TRY(vm_r);
  Locked &vm = *vm_r;
  struct timeval tv {};
  gettimeofday(&tv, nullptr);
  info.state = static_cast<unsigned char>(vm->state);
  info.memory = vm->def->cur_balloon;
  info.maxMem = vm->def->total_memory;
  info.nrVirtCpu = static_cast<unsigned short>(vm->def->vcpus);
  info.cpuTime = (static_cast<unsigned long long>(tv.tv_sec) * 1000000ULL +
                  static_cast<unsigned long long>(tv.tv_usec)) *
                 1000ULL;
  return 0;
}

Result<int> TestHypervisor::domainGetState(virDomainPtr dom, int *state, int *reason,
                                           unsigned flags) {
  VK_TRY(check_flags(kFrom, "testDomainGetState", flags, 0));
  auto vm_r = get(dom);
  VK_TRY(vm_r);
  Locked &vm = *vm_r;
  *state = vm->state;
  if (reason) *reason = vm->reason;
  return 0;
}

Result<unsigned long> TestHypervisor::domainGetMaxMemory(virDomainPtr dom) {
  auto vm_r = get(dom);
  VK_TRY(vm_r);
  Locked &vm = *vm_r;
  return vm->def->total_memory;
}

Result<char *> TestHypervisor::domainGetXMLDesc(virDomainPtr dom, unsigned flags) {
  VK_TRY(check_flags(kFrom, "testDomainGetXMLDesc", flags, kXmlCommonFlags));
  auto vm_r = get(dom);
  VK_TRY(vm_r);
  Locked &vm = *vm_r;
  const conf::DomainDef *def =
      (flags & VIR_DOMAIN_XML_INACTIVE) && vm->new_def ? vm->new_def.get() : vm->def.get();
  unsigned fmt = 0;
  if (flags & VIR_DOMAIN_XML_SECURE) fmt |= conf::kFormatSecure;
  if (flags & VIR_DOMAIN_XML_INACTIVE) fmt |= conf::kFormatInactive;
  if (flags & VIR_DOMAIN_XML_MIGRATABLE) fmt |= conf::kFormatMigratable;
  return dup(conf::format_domain(*def, fmt));
}

Result<int> TestHypervisor::domainIsActive(virDomainPtr dom) {
  auto vm_r = get(dom);
  VK_TRY(vm_r);
  Locked &vm = *vm_r;
  return vm->active() ? 1 : 0;
}

Result<int> TestHypervisor::domainIsPersistent(virDomainPtr dom) {
  auto vm_r = get(dom);
  VK_TRY(vm_r);
  Locked &vm = *vm_r;
  return vm->persistent ? 1 : 0;
}

Result<int> TestHypervisor::domainGetAutostart(virDomainPtr dom, int *autostart) {
  auto vm_r = get(dom);
  VK_TRY(vm_r);
  Locked &vm = *vm_r;
  *autostart = vm->autostart ? 1 : 0;
  return 0;
}

Result<int> TestHypervisor::nodeGetSecurityModel(virConnectPtr, virSecurityModelPtr model) {
  std::memset(model, 0, sizeof *model);
  std::strcpy(model->model, "testSecurity");
  return 0;
}

Result<int> TestHypervisor::domainGetSecurityLabel(virDomainPtr dom, virSecurityLabelPtr label) {
  std::memset(label, 0, sizeof *label);
  auto vm_r = get(dom);
  VK_TRY(vm_r);
  Locked &vm = *vm_r;
  if (vm->active()) {
    std::strcpy(label->label, "libvirt-test");
    label->enforcing = 1;
  }
  return 0;
}

Result<int> TestHypervisor::domainSetAutostart(virDomainPtr dom, int autostart) {
  auto vm_r = get(dom);
  VK_TRY(vm_r);
  Locked &vm = *vm_r;
  vm->autostart = autostart != 0;
  return 0;
}

Result<int> TestHypervisor::domainGetVcpusFlags(virDomainPtr dom, unsigned flags) {
  VK_TRY(check_flags(kFrom, "testDomainGetVcpusFlags", flags, kLive | kConfig | kVcpuMax));
  auto vm_r = get(dom);
  VK_TRY(vm_r);
  Locked &vm = *vm_r;
  auto def = one_def(*vm.obj, flags, nullptr);
  VK_TRY(def);
  return static_cast<int>((flags & VIR_DOMAIN_VCPU_MAXIMUM) ? (*def)->max_vcpus : (*def)->vcpus);
}

Result<int> TestHypervisor::connectDomainEventRegister(virConnectPtr conn,
                                                       virConnectDomainEventCallback cb,
                                                       void *opaque, virFreeCallback freecb) {
  auto id = st_->events->add(conn, EventClass::domain, VIR_DOMAIN_EVENT_ID_LIFECYCLE, nullptr,
                             reinterpret_cast<EventState::GenericFn>(cb), opaque, freecb, true);
  VK_TRY(id);
  return 0;
}

Result<int> TestHypervisor::connectDomainEventDeregister(virConnectPtr conn,
                                                         virConnectDomainEventCallback cb) {
  auto events = st_->events;  // `this` may go with the connection's last reference
  auto id = events->legacy_id(conn, EventClass::domain, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                              reinterpret_cast<EventState::GenericFn>(cb));
  VK_TRY(id);
  return ret(events->remove(conn, *id));
}

Result<int> TestHypervisor::connectDomainEventRegisterAny(virConnectPtr conn, virDomainPtr dom,
                                                          int eventID,
                                                          virConnectDomainEventGenericCallback cb,
                                                          void *opaque, virFreeCallback freecb) {
  std::string key = dom ? driver::format_uuid(dom->uuid) : std::string();
  return st_->events->add(conn, EventClass::domain, eventID, dom ? key.c_str() : nullptr,
                          reinterpret_cast<EventState::GenericFn>(cb), opaque, freecb, false);
}

Result<int> TestHypervisor::connectDomainEventDeregisterAny(virConnectPtr conn, int callbackID) {
  auto events = st_->events;  // `this` may go with the connection's last reference
  return ret(events->remove(conn, callbackID));
}

int TestHypervisor::count(bool active) {
  int n = 0;
  for (const DomainPtr &obj : st_->domains.all()) {
    std::lock_guard g(obj->lock);
    if (!obj->removed && obj->active() == active) n++;
  }
  return n;
}

bool TestHypervisor::matches(const DomainObj &vm, unsigned f) {
  auto has = [f](unsigned bits) { return (f & bits) != 0; };
  const unsigned active_bits = VIR_CONNECT_LIST_DOMAINS_ACTIVE | VIR_CONNECT_LIST_DOMAINS_INACTIVE;
  const unsigned persist_bits =
      VIR_CONNECT_LIST_DOMAINS_PERSISTENT | VIR_CONNECT_LIST_DOMAINS_TRANSIENT;
  const unsigned state_bits = VIR_CONNECT_LIST_DOMAINS_RUNNING | VIR_CONNECT_LIST_DOMAINS_PAUSED |
                              VIR_CONNECT_LIST_DOMAINS_SHUTOFF | VIR_CONNECT_LIST_DOMAINS_OTHER;
  const unsigned msave_bits =
      VIR_CONNECT_LIST_DOMAINS_MANAGEDSAVE | VIR_CONNECT_LIST_DOMAINS_NO_MANAGEDSAVE;
  const unsigned auto_bits =
      VIR_CONNECT_LIST_DOMAINS_AUTOSTART | VIR_CONNECT_LIST_DOMAINS_NO_AUTOSTART;
  const unsigned snap_bits =
      VIR_CONNECT_LIST_DOMAINS_HAS_SNAPSHOT | VIR_CONNECT_LIST_DOMAINS_NO_SNAPSHOT;
  const unsigned chk_bits =
      VIR_CONNECT_LIST_DOMAINS_HAS_CHECKPOINT | VIR_CONNECT_LIST_DOMAINS_NO_CHECKPOINT;
  bool act = vm.active();
  if (has(active_bits) && !((has(VIR_CONNECT_LIST_DOMAINS_ACTIVE) && act) ||
                            (has(VIR_CONNECT_LIST_DOMAINS_INACTIVE) && !act)))
    return false;
  if (has(persist_bits) && !((has(VIR_CONNECT_LIST_DOMAINS_PERSISTENT) && vm.persistent) ||
                             (has(VIR_CONNECT_LIST_DOMAINS_TRANSIENT) && !vm.persistent)))
    return false;
  if (has(state_bits)) {
    int st = vm.state;
    bool other = st != VIR_DOMAIN_RUNNING && st != VIR_DOMAIN_PAUSED && st != VIR_DOMAIN_SHUTOFF;
    if (!((has(VIR_CONNECT_LIST_DOMAINS_RUNNING) && st == VIR_DOMAIN_RUNNING) ||
          (has(VIR_CONNECT_LIST_DOMAINS_PAUSED) && st == VIR_DOMAIN_PAUSED) ||
          (has(VIR_CONNECT_LIST_DOMAINS_SHUTOFF) && st == VIR_DOMAIN_SHUTOFF) ||
          (has(VIR_CONNECT_LIST_DOMAINS_OTHER) && other)))
      return false;
  }
  if (has(msave_bits) && !((has(VIR_CONNECT_LIST_DOMAINS_MANAGEDSAVE) && vm.has_managed_save) ||
                           (has(VIR_CONNECT_LIST_DOMAINS_NO_MANAGEDSAVE) && !vm.has_managed_save)))
    return false;
  if (has(auto_bits) && !((has(VIR_CONNECT_LIST_DOMAINS_AUTOSTART) && vm.autostart) ||
                          (has(VIR_CONNECT_LIST_DOMAINS_NO_AUTOSTART) && !vm.autostart)))
    return false;
  bool snaps = snapshot_count(vm) > 0;
  if (has(snap_bits) && !((has(VIR_CONNECT_LIST_DOMAINS_HAS_SNAPSHOT) && snaps) ||
                          (has(VIR_CONNECT_LIST_DOMAINS_NO_SNAPSHOT) && !snaps)))
    return false;
  bool chks = checkpoint_count(vm) > 0;
  if (has(chk_bits) && !((has(VIR_CONNECT_LIST_DOMAINS_HAS_CHECKPOINT) && chks) ||
                         (has(VIR_CONNECT_LIST_DOMAINS_NO_CHECKPOINT) && !chks)))
    return false;
  return true;
}

Result<virDomainPtr> TestHypervisor::define(virConnectPtr conn, const char *xml, unsigned flags) {
  VK_TRY(check_flags(kFrom, "testDomainDefineXMLFlags", flags, VIR_DOMAIN_DEFINE_VALIDATE));
  conf::ParseOptions opts;
  opts.test_namespace = true;
  if (flags & VIR_DOMAIN_DEFINE_VALIDATE) opts.flags |= conf::kParseValidateSchema;
  auto def = conf::parse_domain(xml, opts);
  VK_TRY(def);
  if (auto nl = (*def)->name.find('\n'); nl != std::string::npos)
    return error(VIR_FROM_XML, VIR_ERR_XML_DETAIL, "invalid char in %s: %c", "name",
                 (*def)->name[nl]);
  VK_TRY(generate_ifnames(**def));
  NewDomain handle(conn, **def);
  std::unique_lock<std::mutex> held;
  bool replaced = false;
  auto obj = st_->domains.add(*def, 0, held, &replaced);
  VK_TRY(obj);
  DomainPtr o = *obj;
  o->persistent = true;
  emit(*o, VIR_DOMAIN_EVENT_DEFINED,
       replaced ? VIR_DOMAIN_EVENT_DEFINED_UPDATED : VIR_DOMAIN_EVENT_DEFINED_ADDED);
  return handle.attach(o);
}

Status TestHypervisor::undefine(virDomainPtr dom, unsigned flags) {
  VK_TRY(check_flags(kFrom, "testDomainUndefineFlags", flags,
                     VIR_DOMAIN_UNDEFINE_MANAGED_SAVE | VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA));
  auto vm_r = get(dom);
  VK_TRY(vm_r);
  Locked &vm = *vm_r;
  if (vm->has_managed_save && !(flags & VIR_DOMAIN_UNDEFINE_MANAGED_SAVE))
    return error(kFrom, VIR_ERR_OPERATION_INVALID, "%s",
                 "Refusing to undefine while domain managed save image exists");
  if (int n = vm->active() ? 0 : snapshot_count(*vm.obj);
      n && !(flags & VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA))
    return error(kFrom, VIR_ERR_OPERATION_INVALID,
                 "cannot delete inactive domain with %d snapshots", n);
  emit(*vm.obj, VIR_DOMAIN_EVENT_UNDEFINED, VIR_DOMAIN_EVENT_UNDEFINED_REMOVED);
  vm->has_managed_save = false;
  if (vm->active())
    vm->persistent = false;
  else
    st_->domains.remove(vm.shared());
  return Status();
}

Status TestHypervisor::create(virDomainPtr dom, unsigned flags) {
  VK_TRY(check_flags(kFrom, "testDomainCreateWithFlags", flags, 0));
  auto vm_r = get(dom);
  VK_TRY(vm_r);
  Locked &vm = *vm_r;
  if (vm->state != VIR_DOMAIN_SHUTOFF)
    return error(kFrom, VIR_ERR_INTERNAL_ERROR, "Domain '%s' is already running",
                 dom->name.c_str());
  VK_TRY(start_domain(*st_, vm.shared(), VIR_DOMAIN_RUNNING_BOOTED));
  dom->id.store(vm->def->id);
  emit(*vm.obj, VIR_DOMAIN_EVENT_STARTED, VIR_DOMAIN_EVENT_STARTED_BOOTED);
  return Status();
}

Status TestHypervisor::destroy(virDomainPtr dom, unsigned flags) {
  VK_TRY(check_flags(kFrom, "testDomainDestroyFlags", flags, VIR_DOMAIN_DESTROY_GRACEFUL));
  auto vm_r = get(dom);
  VK_TRY(vm_r);
  Locked &vm = *vm_r;
  VK_TRY(check_active(*vm.obj));
  shutdown_domain(*st_, vm.shared(), dom, VIR_DOMAIN_SHUTOFF_DESTROYED);
  emit(*vm.obj, VIR_DOMAIN_EVENT_STOPPED, VIR_DOMAIN_EVENT_STOPPED_DESTROYED);
  if (!vm->persistent) st_->domains.remove(vm.shared());
  return Status();
}

void TestHypervisor::lifecycle_action(DomainObj &vm, conf::LifecycleAction action) {
  switch (action) {
    case conf::LifecycleAction::restart:
    case conf::LifecycleAction::rename_restart:
      vm.set_state(VIR_DOMAIN_RUNNING, VIR_DOMAIN_RUNNING_BOOTED);
      break;
    default:
      vm.set_state(VIR_DOMAIN_SHUTOFF, VIR_DOMAIN_SHUTOFF_SHUTDOWN);
      break;
  }
}

void TestHypervisor::finish_if_shutoff(Locked &vm, virDomainPtr dom) {
  if (vm->state != VIR_DOMAIN_SHUTOFF) return;
  shutdown_domain(*st_, vm.shared(), dom, VIR_DOMAIN_SHUTOFF_SHUTDOWN);
  emit(*vm.obj, VIR_DOMAIN_EVENT_STOPPED, VIR_DOMAIN_EVENT_STOPPED_SHUTDOWN);
  if (!vm->persistent) st_->domains.remove(vm.shared());
}

Status TestHypervisor::shutdown(virDomainPtr dom, unsigned flags) {
  VK_TRY(check_flags(kFrom, "testDomainShutdownFlags", flags, 0));
  auto vm_r = get(dom);
  VK_TRY(vm_r);
  Locked &vm = *vm_r;
  if (vm->state == VIR_DOMAIN_SHUTOFF)
    return error(kFrom, VIR_ERR_INTERNAL_ERROR, "domain '%s' not running", dom->name.c_str());
  lifecycle_action(*vm.obj, vm->def->on_poweroff);
  finish_if_shutoff(vm, dom);
  return Status();
}

Status TestHypervisor::set_memory(virDomainPtr dom, unsigned long memory, unsigned flags) {
  VK_TRY(check_flags(kFrom, "testDomainSetMemoryFlags", flags, kLive | kConfig | kMemMax));
  auto vm_r = get(dom);
  VK_TRY(vm_r);
  Locked &vm = *vm_r;
  bool live = false;
  auto defr = one_def(*vm.obj, flags, &live);
  VK_TRY(defr);
  conf::DomainDef *def = *defr;
  if (flags & VIR_DOMAIN_MEM_MAXIMUM) {
    if (live)
      return error(kFrom, VIR_ERR_OPERATION_INVALID, "%s",
                   "cannot resize the maximum memory on an active domain");
    if (def->max_memory && def->max_memory < memory)
      return error(kFrom, VIR_ERR_OPERATION_INVALID, "%s",
                   "cannot set initial memory size greater than the maximum memory size");
    def->total_memory = memory;
    if (def->cur_balloon > memory) def->cur_balloon = memory;
  } else {
    if (memory > def->total_memory)
      return error(kFrom, VIR_ERR_INVALID_ARG, "%s", "cannot set memory higher than max memory");
    def->cur_balloon = memory;
  }
  return Status();
}

Status TestHypervisor::set_vcpus(virDomainPtr dom, unsigned n, unsigned flags) {
  VK_TRY(check_flags(kFrom, "testDomainSetVcpusFlags", flags, kLive | kConfig | kVcpuMax));
  if (n > static_cast<unsigned>(kMaxVcpus))
    return error(kFrom, VIR_ERR_INVALID_ARG,
                 "requested cpu amount exceeds maximum supported amount (%d > %d)",
                 static_cast<int>(n), kMaxVcpus);
  auto vm_r = get(dom);
  VK_TRY(vm_r);
  Locked &vm = *vm_r;
  // virDomainObjGetDefs.
  unsigned impact = flags;
  VK_TRY(update_modification_impact(*vm.obj, impact));
  conf::DomainDef *def = nullptr, *pers = nullptr;
  if (vm->active()) {
    if (impact & VIR_DOMAIN_AFFECT_LIVE) def = vm->def.get();
    if (impact & VIR_DOMAIN_AFFECT_CONFIG) pers = vm->new_def.get();
  } else {
    pers = vm->def.get();
  }
  if (def && def->max_vcpus < n)
    return error(kFrom, VIR_ERR_INVALID_ARG, "requested cpu amount exceeds maximum (%d > %d)",
                 static_cast<int>(n), static_cast<int>(def->max_vcpus));
  if (pers && !(flags & VIR_DOMAIN_VCPU_MAXIMUM) && pers->max_vcpus < n)
    return error(kFrom, VIR_ERR_INVALID_ARG, "requested cpu amount exceeds maximum (%d > %d)",
                 static_cast<int>(n), static_cast<int>(pers->max_vcpus));
  if (def) {
    def->vcpus = n;
    conf::sync_vcpu_states(*def, true);
  }
  if (pers) {
    if (flags & VIR_DOMAIN_VCPU_MAXIMUM) {
      // virDomainDefSetVcpusMax: vCPUs beyond the new maximum go; added
      // ones start offline.
      pers->max_vcpus = n;
      if (pers->vcpus > n) pers->vcpus = n;
      conf::sync_vcpu_states(*pers, false);
    } else {
      pers->vcpus = n;
      conf::sync_vcpu_states(*pers, true);
    }
  }
  return Status();
}

}  // namespace virtkit::drivers::test
