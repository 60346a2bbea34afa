// The "test" hypervisor driver: a mock host for applications' unit tests,
// behaving like libvirt 9.0.0's test driver for connections and domains.
#include <netdb.h>
#include <sys/time.h>
#include <unistd.h>

#include <climits>
#include <cstdlib>
#include <cstring>

#include "api/handles.h"
#include "driver/driver.h"
#include "drivers/test/save.h"
#include "xml/domain_def.h"

namespace virtkit::drivers::test {

namespace {

constexpr int kMaxVcpus = 32;

constexpr unsigned kLive = VIR_DOMAIN_AFFECT_LIVE;
constexpr unsigned kConfig = VIR_DOMAIN_AFFECT_CONFIG;
constexpr unsigned kVcpuMax = VIR_DOMAIN_VCPU_MAXIMUM;
constexpr unsigned kMemMax = VIR_DOMAIN_MEM_MAXIMUM;
constexpr unsigned kListFiltersAll = 0xFFFF;  // VIR_CONNECT_LIST_DOMAINS_FILTERS_ALL
constexpr unsigned kXmlCommonFlags = VIR_DOMAIN_XML_SECURE | VIR_DOMAIN_XML_INACTIVE |
                                     VIR_DOMAIN_XML_UPDATE_CPU | VIR_DOMAIN_XML_MIGRATABLE;

const char *const kSysinfo =
    "<sysinfo type='smbios'>\n"
    "  <bios>\n"
    "    <entry name='vendor'>LENOVO</entry>\n"
    "    <entry name='version'>G4ETA1WW (2.61 )</entry>\n"
    "    <entry name='date'>05/07/2014</entry>\n"
    "    <entry name='release'>2.61</entry>\n"
    "  </bios>\n"
    "</sysinfo>\n";

// libvirt's virGetHostname: the host name, made fully qualified through the
// resolver when it has no dot and is not a localhost name (unless the
// resolver answers with a localhost name).
Result<std::string> host_name() {
  char buf[HOST_NAME_MAX + 1] = {};
  if (gethostname(buf, sizeof buf - 1) < 0)
    return system_error(VIR_FROM_NONE, errno, "%s", "failed to determine host name");
  std::string name = buf;
  if (name.compare(0, 9, "localhost") == 0 || name.find('.') != std::string::npos) return name;
  struct addrinfo hints {};
  hints.ai_flags = AI_CANONNAME | AI_CANONIDN;
  hints.ai_family = AF_UNSPEC;
  struct addrinfo *info = nullptr;
  if (getaddrinfo(name.c_str(), nullptr, &hints, &info) != 0 || !info) return name;
  std::string canon = info->ai_canonname ? info->ai_canonname : "";
  freeaddrinfo(info);
  if (canon.empty() || canon.compare(0, 9, "localhost") == 0) return name;
  return canon;
}

class TestHypervisor final : public SaveOps {
 public:
  using SaveOps::SaveOps;

  // ---- host ----
  Result<const char *> connectGetType(virConnectPtr) override { return "TEST"; }
  Result<int> connectGetVersion(virConnectPtr, unsigned long *hvVer) override {
    if (hvVer) *hvVer = 2;
    return 0;
  }
  Result<char *> connectGetHostname(virConnectPtr) override {
    auto h = host_name();
    VK_TRY(h);
    return dup(*h);
  }
  Result<char *> connectGetCapabilities(virConnectPtr) override { return dup(st_->capabilities); }
  Result<int> connectGetMaxVcpus(virConnectPtr, const char *) override { return kMaxVcpus; }
  Result<char *> connectGetSysinfo(virConnectPtr, unsigned flags) override {
    VK_TRY(check_flags(kFrom, "testConnectGetSysinfo", flags, 0));
    return dup(kSysinfo);
  }
  Result<int> connectSupportsFeature(virConnectPtr, int feature) override {
    // VIR_DRV_FEATURE_TYPED_PARAM_STRING (9) and
    // VIR_DRV_FEATURE_NETWORK_UPDATE_HAS_CORRECT_ORDER (16).
    return feature == 9 || feature == 16 ? 1 : 0;
  }
  Result<int> connectIsSecure(virConnectPtr) override { return 1; }
  Result<int> connectIsEncrypted(virConnectPtr) override { return 0; }
  Result<int> connectIsAlive(virConnectPtr) override { return 1; }
  Result<int> nodeGetInfo(virConnectPtr, virNodeInfoPtr info) override {
    *info = st_->node_info;
    return 0;
  }
  Result<unsigned long long> nodeGetFreeMemory(virConnectPtr) override {
    unsigned int total = 0;  // libvirt sums into an unsigned int
    for (const Cell &c : st_->cells) total += static_cast<unsigned>(c.free_mem);
    return static_cast<unsigned long long>(total);
  }

  // ---- lists ----
  Result<int> connectNumOfDomains(virConnectPtr) override { return count(true); }
  Result<int> connectNumOfDefinedDomains(virConnectPtr) override { return count(false); }

  Result<int> connectListDomains(virConnectPtr, int *ids, int maxids) override {
    int n = 0;
    for (const DomainPtr &obj : st_->domains.all()) {
      std::lock_guard g(obj->lock);
      if (obj->removed || !obj->active()) continue;
      if (n < maxids) ids[n++] = obj->def->id;
    }
    return n;
  }

  Result<int> connectListDefinedDomains(virConnectPtr, char **const names, int maxnames) override {
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

  Result<int> connectListAllDomains(virConnectPtr conn, virDomainPtr **domains,
                                    unsigned flags) override {
    VK_TRY(check_flags(kFrom, "testConnectListAllDomains", flags, kListFiltersAll));
    std::vector<virDomainPtr> out;
    try {
      for (const DomainPtr &obj : st_->domains.all()) {
        std::lock_guard g(obj->lock);
        if (obj->removed || !matches(*obj, flags)) continue;
        if (domains)
          out.push_back(handles::new_domain(conn, obj->name, obj->uuid, obj->def->id, obj));
        else
          out.push_back(nullptr);
      }
    } catch (...) {
      for (virDomainPtr d : out)
        if (d) handles::unref(d);
      throw;
    }
    int n = static_cast<int>(out.size());
    if (domains) {
      auto *arr = static_cast<virDomainPtr *>(std::calloc(out.size() + 1, sizeof(virDomainPtr)));
      if (!arr) {
        for (virDomainPtr d : out) handles::unref(d);
        return no_memory();
      }
      std::copy(out.begin(), out.end(), arr);
      *domains = arr;
    }
    return n;
  }
  // ---- lookups ----
  Result<virDomainPtr> domainLookupByID(virConnectPtr conn, int id) override {
    if (DomainPtr obj = st_->domains.find_by_id(id)) {
      std::lock_guard g(obj->lock);
      if (!obj->removed && obj->active() && obj->def->id == id)
        return handles::new_domain(conn, obj->name, obj->uuid, obj->def->id, obj);
    }
    return error(kFrom, VIR_ERR_NO_DOMAIN);
  }

  Result<virDomainPtr> domainLookupByName(virConnectPtr conn, const char *name) override {
    if (DomainPtr obj = st_->domains.find_by_name(name)) {
      std::lock_guard g(obj->lock);
      if (!obj->removed) return handles::new_domain(conn, obj->name, obj->uuid, obj->def->id, obj);
    }
    return error(kFrom, VIR_ERR_NO_DOMAIN);
  }

  Result<virDomainPtr> domainLookupByUUID(virConnectPtr conn, const unsigned char *uuid) override {
    if (DomainPtr obj = st_->domains.find_by_uuid(uuid)) {
      std::lock_guard g(obj->lock);
      if (!obj->removed) return handles::new_domain(conn, obj->name, obj->uuid, obj->def->id, obj);
    }
    return error(kFrom, VIR_ERR_NO_DOMAIN);
  }

  // ---- definition ----
  Result<virDomainPtr> domainDefineXML(virConnectPtr conn, const char *xml) override {
    return define(conn, xml, 0);
  }
  Result<virDomainPtr> domainDefineXMLFlags(virConnectPtr conn, const char *xml,
                                            unsigned flags) override {
    return define(conn, xml, flags);
  }

  Result<virDomainPtr> domainCreateXML(virConnectPtr conn, const char *xml,
                                       unsigned flags) override {
    VK_TRY(check_flags(kFrom, "testDomainCreateXML", flags, VIR_DOMAIN_START_VALIDATE));
    conf::ParseOptions opts;
    opts.test_namespace = true;
    if (flags & VIR_DOMAIN_START_VALIDATE) opts.flags |= conf::kParseValidateSchema;
    auto def = conf::parse_domain(xml, opts);
    VK_TRY(def);
    VK_TRY(generate_ifnames(**def));
    std::unique_lock<std::mutex> held;
    auto obj =
        st_->domains.add(*def, DomainList::kAddLive | DomainList::kAddCheckLive, held, nullptr);
    VK_TRY(obj);
    DomainPtr o = *obj;
    VK_TRY(start_domain(*st_, o, VIR_DOMAIN_RUNNING_BOOTED));
    emit(*o, VIR_DOMAIN_EVENT_STARTED, VIR_DOMAIN_EVENT_STARTED_BOOTED);
    return handles::new_domain(conn, o->name, o->uuid, o->def->id, o);
  }

  Result<virDomainPtr> domainCreateXMLWithFiles(virConnectPtr conn, const char *xml, unsigned,
                                                int *, unsigned flags) override {
    return domainCreateXML(conn, xml, flags);
  }

  Result<int> domainUndefine(virDomainPtr dom) override { return ret(undefine(dom, 0)); }
  Result<int> domainUndefineFlags(virDomainPtr dom, unsigned flags) override {
    return ret(undefine(dom, flags));
  }

  // ---- lifecycle ----
  Result<int> domainCreate(virDomainPtr dom) override { return ret(create(dom, 0)); }
  Result<int> domainCreateWithFlags(virDomainPtr dom, unsigned flags) override {
    return ret(create(dom, flags));
  }
  Result<int> domainCreateWithFiles(virDomainPtr dom, unsigned, int *, unsigned flags) override {
    return ret(create(dom, flags));
  }

  Result<int> domainDestroy(virDomainPtr dom) override { return ret(destroy(dom, 0)); }
  Result<int> domainDestroyFlags(virDomainPtr dom, unsigned flags) override {
    return ret(destroy(dom, flags));
  }

  Result<int> domainSuspend(virDomainPtr dom) override {
    auto vm_r = get(dom);
    VK_TRY(vm_r);
    Locked &vm = *vm_r;
    if (vm->state == VIR_DOMAIN_SHUTOFF || vm->state == VIR_DOMAIN_PAUSED)
      return error(kFrom, VIR_ERR_INTERNAL_ERROR, "domain '%s' not running", dom->name.c_str());
    vm->set_state(VIR_DOMAIN_PAUSED, VIR_DOMAIN_PAUSED_USER);
    emit(*vm.obj, VIR_DOMAIN_EVENT_SUSPENDED, VIR_DOMAIN_EVENT_SUSPENDED_PAUSED);
    return 0;
  }

  Result<int> domainResume(virDomainPtr dom) override {
    auto vm_r = get(dom);
    VK_TRY(vm_r);
    Locked &vm = *vm_r;
    if (vm->state != VIR_DOMAIN_PAUSED)
      return error(kFrom, VIR_ERR_INTERNAL_ERROR, "domain '%s' not paused", dom->name.c_str());
    vm->set_state(VIR_DOMAIN_RUNNING, VIR_DOMAIN_RUNNING_UNPAUSED);
    emit(*vm.obj, VIR_DOMAIN_EVENT_RESUMED, VIR_DOMAIN_EVENT_RESUMED_UNPAUSED);
    return 0;
  }

  Result<int> domainShutdown(virDomainPtr dom) override { return ret(shutdown(dom, 0)); }
  Result<int> domainShutdownFlags(virDomainPtr dom, unsigned flags) override {
    return ret(shutdown(dom, flags));
  }

  Result<int> domainReboot(virDomainPtr dom, unsigned flags) override {
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

  // ---- queries and settings ----
  Result<int> domainGetInfo(virDomainPtr dom, virDomainInfoPtr pinfo) override {
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

  Result<int> domainGetState(virDomainPtr dom, int *state, int *reason, unsigned flags) override {
    VK_TRY(check_flags(kFrom, "testDomainGetState", flags, 0));
    auto vm_r = get(dom);
    VK_TRY(vm_r);
    Locked &vm = *vm_r;
    *state = vm->state;
    if (reason) *reason = vm->reason;
    return 0;
  }

  Result<char *> domainGetOSType(virDomainPtr) override { return dup("linux"); }

  Result<unsigned long> domainGetMaxMemory(virDomainPtr dom) override {
    auto vm_r = get(dom);
    VK_TRY(vm_r);
    Locked &vm = *vm_r;
    return vm->def->total_memory;
  }

  Result<int> domainSetMaxMemory(virDomainPtr dom, unsigned long memory) override {
    return ret(set_memory(dom, memory, VIR_DOMAIN_MEM_MAXIMUM));
  }
  Result<int> domainSetMemory(virDomainPtr dom, unsigned long memory) override {
    return ret(set_memory(dom, memory, VIR_DOMAIN_AFFECT_LIVE));
  }
  Result<int> domainSetMemoryFlags(virDomainPtr dom, unsigned long memory,
                                   unsigned flags) override {
    return ret(set_memory(dom, memory, flags));
  }

  Result<char *> domainGetXMLDesc(virDomainPtr dom, unsigned flags) override {
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

  Result<int> domainIsActive(virDomainPtr dom) override {
    auto vm_r = get(dom);
    VK_TRY(vm_r);
    Locked &vm = *vm_r;
    return vm->active() ? 1 : 0;
  }
  Result<int> domainIsPersistent(virDomainPtr dom) override {
    auto vm_r = get(dom);
    VK_TRY(vm_r);
    Locked &vm = *vm_r;
    return vm->persistent ? 1 : 0;
  }
  Result<int> domainIsUpdated(virDomainPtr) override { return 0; }

  Result<int> domainGetAutostart(virDomainPtr dom, int *autostart) override {
    auto vm_r = get(dom);
    VK_TRY(vm_r);
    Locked &vm = *vm_r;
    *autostart = vm->autostart ? 1 : 0;
    return 0;
  }
  Result<int> domainHasManagedSaveImage(virDomainPtr dom, unsigned flags) override {
    VK_TRY(check_flags(kFrom, "testDomainHasManagedSaveImage", flags, 0));
    auto vm_r = get(dom);
    VK_TRY(vm_r);
    Locked &vm = *vm_r;
    return vm->has_managed_save ? 1 : 0;
  }
  // The host's one security model (see the capabilities): "testSecurity", empty DOI.
  Result<int> nodeGetSecurityModel(virConnectPtr, virSecurityModelPtr model) override {
    std::memset(model, 0, sizeof *model);
    std::strcpy(model->model, "testSecurity");
    return 0;
  }
  // Active domains carry the label "libvirt-test", enforcing; inactive ones none.
  Result<int> domainGetSecurityLabel(virDomainPtr dom, virSecurityLabelPtr label) override {
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
  Result<int> domainSetAutostart(virDomainPtr dom, int autostart) override {
    auto vm_r = get(dom);
    VK_TRY(vm_r);
    Locked &vm = *vm_r;
    vm->autostart = autostart != 0;
    return 0;
  }

  Result<int> domainSetVcpus(virDomainPtr dom, unsigned n) override {
    return ret(set_vcpus(dom, n, VIR_DOMAIN_AFFECT_LIVE));
  }
  Result<int> domainSetVcpusFlags(virDomainPtr dom, unsigned n, unsigned flags) override {
    return ret(set_vcpus(dom, n, flags));
  }
  Result<int> domainGetVcpusFlags(virDomainPtr dom, unsigned flags) override {
    VK_TRY(check_flags(kFrom, "testDomainGetVcpusFlags", flags, kLive | kConfig | kVcpuMax));
    auto vm_r = get(dom);
    VK_TRY(vm_r);
    Locked &vm = *vm_r;
    auto def = one_def(*vm.obj, flags, nullptr);
    VK_TRY(def);
    return static_cast<int>((flags & VIR_DOMAIN_VCPU_MAXIMUM) ? (*def)->max_vcpus : (*def)->vcpus);
  }
  Result<int> domainGetMaxVcpus(virDomainPtr dom) override {
    return domainGetVcpusFlags(dom, kLive | kVcpuMax);
  }

  // ---- events ----
  Result<int> connectDomainEventRegister(virConnectPtr conn, virConnectDomainEventCallback cb,
                                         void *opaque, virFreeCallback freecb) override {
    auto id = st_->events->add(conn, EventClass::domain, VIR_DOMAIN_EVENT_ID_LIFECYCLE, nullptr,
                               reinterpret_cast<EventState::GenericFn>(cb), opaque, freecb, true);
    VK_TRY(id);
    return 0;
  }
  Result<int> connectDomainEventDeregister(virConnectPtr conn,
                                           virConnectDomainEventCallback cb) override {
    auto events = st_->events;  // `this` may go with the connection's last reference
    auto id = events->legacy_id(conn, EventClass::domain, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                reinterpret_cast<EventState::GenericFn>(cb));
    VK_TRY(id);
    return ret(events->remove(conn, *id));
  }
  Result<int> connectDomainEventRegisterAny(virConnectPtr conn, virDomainPtr dom, int eventID,
                                            virConnectDomainEventGenericCallback cb, void *opaque,
                                            virFreeCallback freecb) override {
    std::string key = dom ? driver::format_uuid(dom->uuid) : std::string();
    return st_->events->add(conn, EventClass::domain, eventID, dom ? key.c_str() : nullptr,
                            reinterpret_cast<EventState::GenericFn>(cb), opaque, freecb, false);
  }
  Result<int> connectDomainEventDeregisterAny(virConnectPtr conn, int callbackID) override {
    auto events = st_->events;  // `this` may go with the connection's last reference
    return ret(events->remove(conn, callbackID));
  }

 private:
  int count(bool active) {
    int n = 0;
    for (const DomainPtr &obj : st_->domains.all()) {
      std::lock_guard g(obj->lock);
      if (!obj->removed && obj->active() == active) n++;
    }
    return n;
  }

  static bool matches(const DomainObj &vm, unsigned f) {
    auto has = [f](unsigned bits) { return (f & bits) != 0; };
    const unsigned active_bits =
        VIR_CONNECT_LIST_DOMAINS_ACTIVE | VIR_CONNECT_LIST_DOMAINS_INACTIVE;
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
    if (has(msave_bits) &&
        !((has(VIR_CONNECT_LIST_DOMAINS_MANAGEDSAVE) && vm.has_managed_save) ||
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

  Result<virDomainPtr> define(virConnectPtr conn, const char *xml, unsigned flags) {
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
    std::unique_lock<std::mutex> held;
    bool replaced = false;
    auto obj = st_->domains.add(*def, 0, held, &replaced);
    VK_TRY(obj);
    DomainPtr o = *obj;
    o->persistent = true;
    emit(*o, VIR_DOMAIN_EVENT_DEFINED,
         replaced ? VIR_DOMAIN_EVENT_DEFINED_UPDATED : VIR_DOMAIN_EVENT_DEFINED_ADDED);
    return handles::new_domain(conn, o->name, o->uuid, o->def->id, o);
  }

  Status undefine(virDomainPtr dom, unsigned flags) {
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

  Status create(virDomainPtr dom, unsigned flags) {
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

  Status destroy(virDomainPtr dom, unsigned flags) {
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

  // testDomainActionSetState.
  static void lifecycle_action(DomainObj &vm, conf::LifecycleAction action) {
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

  void finish_if_shutoff(Locked &vm, virDomainPtr dom) {
    if (vm->state != VIR_DOMAIN_SHUTOFF) return;
    shutdown_domain(*st_, vm.shared(), dom, VIR_DOMAIN_SHUTOFF_SHUTDOWN);
    emit(*vm.obj, VIR_DOMAIN_EVENT_STOPPED, VIR_DOMAIN_EVENT_STOPPED_SHUTDOWN);
    if (!vm->persistent) st_->domains.remove(vm.shared());
  }

  Status shutdown(virDomainPtr dom, unsigned flags) {
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

  Status set_memory(virDomainPtr dom, unsigned long memory, unsigned flags) {
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

  Status set_vcpus(virDomainPtr dom, unsigned n, unsigned flags) {
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
    if (def) def->vcpus = n;
    if (pers) {
      if (flags & VIR_DOMAIN_VCPU_MAXIMUM) {
        // virDomainDefSetVcpusMax: vCPUs beyond the new maximum go; added
        // ones start offline.
        pers->max_vcpus = n;
        if (pers->vcpus > n) pers->vcpus = n;
      } else {
        pers->vcpus = n;
      }
    }
    return Status();
  }
};

// ---- the driver ----

class TestDriver final : public driver::Driver {
 public:
  const char *name() const override { return "Test"; }

  bool claims(const driver::Uri &uri) const override {
    // Local only: a URI naming a server belongs to the remote driver.
    return uri.scheme == "test" && !uri.has_server;
  }

  Result<std::unique_ptr<driver::Hypervisor>> open(const driver::Uri &uri, virConnectAuthPtr auth,
                                                   unsigned flags) override {
    VK_TRY(check_flags(kFrom, "testConnectOpen", flags, VIR_CONNECT_RO));
    const std::string &path = uri.path;
    if (path.empty() || path == "/")
      return error(kFrom, VIR_ERR_INVALID_ARG, "%s",
                   "testOpen: supply a path or use test:///default");
    Result<std::shared_ptr<DriverState>> st =
        path == "/default" ? open_default_state() : open_file_state(path);
    VK_TRY(st);
    VK_TRY(authenticate(**st, auth));
    return std::unique_ptr<driver::Hypervisor>(new TestHypervisor(std::move(*st)));
  }

 private:
  // Asks the application's callback for one credential, as libvirt's
  // virAuthGetUsername / virAuthGetPassword do (without auth.conf).
  static Result<std::optional<std::string>> ask(virConnectAuthPtr auth, bool username,
                                                const std::string &prompt) {
    constexpr int kFromAuth = VIR_FROM_AUTH;
    if (!auth)
      return error(kFromAuth, VIR_ERR_INVALID_ARG, "%s", "Missing authentication credentials");
    for (unsigned i = 0; i < auth->ncredtype; i++) {
      int type = auth->credtype[i];
      if (username ? type != VIR_CRED_AUTHNAME
                   : (type != VIR_CRED_PASSPHRASE && type != VIR_CRED_NOECHOPROMPT))
        continue;
      if (!auth->cb)
        return error(kFromAuth, VIR_ERR_INVALID_ARG, "%s", "Missing authentication callback");
      virConnectCredential cred{};
      cred.type = type;
      cred.prompt = prompt.c_str();
      cred.challenge = "localhost";
      if (auth->cb(&cred, 1, auth->cbdata) < 0) {
        std::free(cred.result);
        return error(kFromAuth, VIR_ERR_AUTH_FAILED, "%s",
                     username ? "Username request failed" : "Password request failed");
      }
      if (!cred.result) return std::optional<std::string>();
      std::string r(cred.result);
      std::free(cred.result);
      return std::optional<std::string>(std::move(r));
    }
    if (username)
      return error(kFromAuth, VIR_ERR_AUTH_FAILED, "%s",
                   "Missing VIR_CRED_AUTHNAME credential type");
    return error(kFromAuth, VIR_ERR_AUTH_FAILED, "%s",
                 "Missing VIR_CRED_PASSPHRASE or VIR_CRED_NOECHOPROMPT credential type");
  }

  // testConnectAuthenticate: a configuration with <auth> users demands a
  // user name and, unless the user is known and has none, a password.
  static Status authenticate(const DriverState &st, virConnectAuthPtr auth) {
    if (st.auths.empty()) return Status();
    auto user = ask(auth, true, "Enter username for localhost");
    VK_TRY(user);
    if (!*user) return generic_failure();
    const AuthUser *found = nullptr;
    for (const AuthUser &u : st.auths)
      if (u.username == **user) {
        found = &u;
        break;
      }
    std::optional<std::string> password;
    if (!found || found->password) {
      auto pw = ask(auth, false, "Enter " + **user + "'s password for localhost");
      VK_TRY(pw);
      if (!*pw) return generic_failure();
      password = std::move(*pw);
    }
    if (!found || (password && *found->password != *password))
      return error(kFrom, VIR_ERR_AUTH_FAILED, "%s",
                   "authentication failed, see test XML for the correct username/password");
    return Status();
  }
};

}  // namespace

}  // namespace virtkit::drivers::test

namespace virtkit::driver {

Driver &test_driver() {
  static drivers::test::TestDriver d;
  return d;
}

}  // namespace virtkit::driver
