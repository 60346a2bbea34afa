// SPDX-License-Identifier: LGPL-2.1-or-later
// The "test" hypervisor driver: a mock host for applications' unit tests,
// behaving like libvirt 9.0.0's test driver for connections and domains.
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

#include "api/handles.h"
#include "core/unwind.h"
#include "driver/driver.h"
#include "drivers/test/cpu.h"
#include "drivers/test/save.h"
#include "xml/domain_def.h"
#include "xml/xml.h"
#include "util/auth_conf.h"

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

// ---- helpers for the domain tuning and statistics slots ----

// Host CPUs of the mock node (VIR_NODEINFO_MAXCPUS).
unsigned host_cpus(const virNodeInfo &n) {
  return n.nodes * n.sockets * n.cores * n.threads;
}

std::set<unsigned> all_cpus(unsigned n) {
  std::set<unsigned> s;
  for (unsigned i = 0; i < n; i++) s.insert(i);
  return s;
}

// virBitmapNewData.
std::set<unsigned> bitmap_from_data(const unsigned char *map, int maplen) {
  std::set<unsigned> s;
  for (int i = 0; i < maplen; i++)
    for (unsigned b = 0; b < 8; b++)
      if (map[i] & (1u << b)) s.insert(static_cast<unsigned>(i) * 8 + b);
  return s;
}

// virBitmapToDataBuf.
void bitmap_to_data(const std::set<unsigned> &s, unsigned char *map, size_t len) {
  std::memset(map, 0, len);
  for (unsigned b : s)
    if (b / 8 < len) map[b / 8] |= static_cast<unsigned char>(1u << (b % 8));
}

const char *const kParamTypeNames[] = {"unknown", "int",    "uint",    "llong",
                                       "ullong",  "double", "boolean", "string"};

const char *param_type_name(int t) {
  return t >= 0 && t <= VIR_TYPED_PARAM_STRING ? kParamTypeNames[t] : kParamTypeNames[0];
}

struct ParamSpec {
  const char *name;
  int type;
};

// virTypedParamsValidate: every parameter known, of its type, given once.
Status validate_param_list(const virTypedParameter *params, int nparams,
                           const std::vector<ParamSpec> &specs) {
  std::vector<const virTypedParameter *> sorted;
  for (int i = 0; i < nparams; i++) sorted.push_back(&params[i]);
  std::sort(sorted.begin(), sorted.end(),
            [](const virTypedParameter *a, const virTypedParameter *b) {
              return std::strcmp(a->field, b->field) < 0;
            });
  std::vector<ParamSpec> keys = specs;
  std::sort(keys.begin(), keys.end(),
            [](const ParamSpec &a, const ParamSpec &b) { return std::strcmp(a.name, b.name) < 0; });
  size_t i = 0, j = 0;
  const char *last = nullptr;
  while (i < sorted.size() && j < keys.size()) {
    if (std::strcmp(sorted[i]->field, keys[j].name) != 0) {
      j++;
      continue;
    }
    if (last && std::strcmp(last, sorted[i]->field) == 0)
      return error(VIR_FROM_NONE, VIR_ERR_INVALID_ARG, "parameter '%s' occurs multiple times",
                   sorted[i]->field);
    if (sorted[i]->type != keys[j].type)
      return error(
          VIR_FROM_NONE, VIR_ERR_INVALID_ARG, "invalid type '%s' for parameter '%s', expected '%s'",
          param_type_name(sorted[i]->type), sorted[i]->field, param_type_name(keys[j].type));
    last = sorted[i]->field;
    i++;
  }
  if (j == keys.size() && i != sorted.size())
    return error(VIR_FROM_NONE, VIR_ERR_ARGUMENT_UNSUPPORTED, "parameter '%s' not supported",
                 sorted[i]->field);
  return Status();
}

Status validate_params(const virTypedParameter *params, int nparams,
                       std::initializer_list<ParamSpec> specs) {
  return validate_param_list(params, nparams, std::vector<ParamSpec>(specs));
}

// virTypedParameterAssign.
void set_field(virTypedParameterPtr p, const char *name, int type) {
  std::memset(p, 0, sizeof *p);
  std::snprintf(p->field, sizeof p->field, "%s", name);
  p->type = type;
}
void put_uint(virTypedParameterPtr p, const char *name, unsigned v) {
  set_field(p, name, VIR_TYPED_PARAM_UINT);
  p->value.ui = v;
}
void put_int(virTypedParameterPtr p, const char *name, int v) {
  set_field(p, name, VIR_TYPED_PARAM_INT);
  p->value.i = v;
}
void put_ull(virTypedParameterPtr p, const char *name, unsigned long long v) {
  set_field(p, name, VIR_TYPED_PARAM_ULLONG);
  p->value.ul = v;
}
Status put_str(virTypedParameterPtr p, const char *name, const std::string &v) {
  set_field(p, name, VIR_TYPED_PARAM_STRING);
  p->value.s = strdup(v.c_str());
  if (!p->value.s) return no_memory();
  return Status();
}

// virDomainObjGetDefs: the live and/or persistent definitions `flags` name.
Status get_defs(DomainObj &vm, unsigned flags, conf::DomainDef **live, conf::DomainDef **pers) {
  *live = *pers = nullptr;
  VK_TRY(update_modification_impact(vm, flags));
  if (vm.active()) {
    if (flags & VIR_DOMAIN_AFFECT_LIVE) *live = vm.def.get();
    if (flags & VIR_DOMAIN_AFFECT_CONFIG) *pers = vm.new_def.get();
  } else {
    *pers = vm.def.get();
  }
  return Status();
}

// virDomainNetFind: by MAC address or interface name.
Result<conf::Net *> find_net(conf::DomainDef &def, const char *device) {
  std::array<unsigned char, 6> mac{};
  bool is_mac = conf::parse_mac(device, mac);
  for (conf::Net &net : def.nets)
    if (is_mac ? net.mac == mac : (net.ifname && *net.ifname == device)) return &net;
  return error(VIR_FROM_DOMAIN, VIR_ERR_INVALID_ARG, "'%s' is not a known interface", device);
}

unsigned long long real_time_us() {
  struct timeval tv {};
  gettimeofday(&tv, nullptr);
  return static_cast<unsigned long long>(tv.tv_sec) * 1000000ULL +
         static_cast<unsigned long long>(tv.tv_usec);
}

constexpr unsigned long long kTotalCpuTime = 48772617035ULL;
constexpr unsigned long long kBlockIoTuneMax = 1000000000000000ULL;

// virDomainDriverParseBlkioDeviceStr: "path,value,path,value...".
Result<std::vector<conf::BlkioDevice>> parse_blkio_devices(const char *str, const char *type) {
  std::vector<conf::BlkioDevice> out;
  if (!*str) return out;
  size_t commas = 0;
  for (const char *p = str; *p; p++) commas += *p == ',';
  auto parse_error = [&]() -> Status {
    return error(VIR_FROM_DOMAIN, VIR_ERR_INVALID_ARG, "unable to parse blkio device '%s' '%s'",
                 type, str);
  };
  if (!(commas & 1)) return parse_error();
  const char *temp = str;
  while (temp) {
    const char *p = std::strchr(temp, ',');
    if (!p) return parse_error();
    conf::BlkioDevice d;
    d.path.assign(temp, static_cast<size_t>(p - temp));
    temp = p + 1;
    char *end = nullptr;
    errno = 0;
    bool bad = *temp == '-' || *temp == '\0';
    unsigned long long v = std::strtoull(temp, &end, 10);
    if (errno || end == temp) bad = true;
    bool is_uint = std::strcmp(type, VIR_DOMAIN_BLKIO_DEVICE_READ_BPS) != 0 &&
                   std::strcmp(type, VIR_DOMAIN_BLKIO_DEVICE_WRITE_BPS) != 0;
    if (is_uint && v > UINT_MAX) bad = true;
    if (bad)
      return error(VIR_FROM_DOMAIN, VIR_ERR_INVALID_ARG,
                   "invalid value '%s' for parameter '%s' of device '%s'", temp, type,
                   d.path.c_str());
    if (!std::strcmp(type, VIR_DOMAIN_BLKIO_DEVICE_WEIGHT))
      d.weight = static_cast<unsigned>(v);
    else if (!std::strcmp(type, VIR_DOMAIN_BLKIO_DEVICE_READ_IOPS))
      d.riops = static_cast<unsigned>(v);
    else if (!std::strcmp(type, VIR_DOMAIN_BLKIO_DEVICE_WRITE_IOPS))
      d.wiops = static_cast<unsigned>(v);
    else if (!std::strcmp(type, VIR_DOMAIN_BLKIO_DEVICE_READ_BPS))
      d.rbps = v;
    else
      d.wbps = v;
    out.push_back(std::move(d));
    if (*end == '\0') break;
    if (*end != ',') return parse_error();
    temp = end + 1;
  }
  return out;
}

// virDomainDriverMergeBlkioDevice.
void merge_blkio_devices(std::vector<conf::BlkioDevice> &dest,
                         const std::vector<conf::BlkioDevice> &src, const char *type) {
  auto copy_field = [&](conf::BlkioDevice &to, const conf::BlkioDevice &from) {
    if (!std::strcmp(type, VIR_DOMAIN_BLKIO_DEVICE_WEIGHT))
      to.weight = from.weight;
    else if (!std::strcmp(type, VIR_DOMAIN_BLKIO_DEVICE_READ_IOPS))
      to.riops = from.riops;
    else if (!std::strcmp(type, VIR_DOMAIN_BLKIO_DEVICE_WRITE_IOPS))
      to.wiops = from.wiops;
    else if (!std::strcmp(type, VIR_DOMAIN_BLKIO_DEVICE_READ_BPS))
      to.rbps = from.rbps;
    else
      to.wbps = from.wbps;
  };
  for (const conf::BlkioDevice &s : src) {
    bool found = false;
    for (conf::BlkioDevice &d : dest)
      if (d.path == s.path) {
        copy_field(d, s);
        found = true;
        break;
      }
    if (found || (!s.weight && !s.riops && !s.wiops && !s.rbps && !s.wbps)) continue;
    conf::BlkioDevice d;
    d.path = s.path;
    copy_field(d, s);
    dest.push_back(std::move(d));
  }
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
    HandleList<_virDomain> out(domains != nullptr);
    for (const DomainPtr &obj : st_->domains.all()) {
      std::lock_guard g(obj->lock);
      if (obj->removed || !matches(*obj, flags)) continue;
      out.add([&] { return handles::new_domain(conn, obj->name, obj->uuid, obj->def->id, obj); });
    }
    return out.give(domains);
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

  // ---- host statistics ----
  Result<int> nodeGetCPUStats(virConnectPtr, int, virNodeCPUStatsPtr params, int *nparams,
                              unsigned flags) override {
    VK_TRY(check_flags(kFrom, "testNodeGetCPUStats", flags, 0));
    if (!params) {
      *nparams = 4;
      return 0;
    }
    static const struct {
      const char *field;
      unsigned long long value;
    } stats[] = {{VIR_NODE_CPU_STATS_USER, 9797400000ULL},
                 {VIR_NODE_CPU_STATS_KERNEL, 34678723400000ULL},
                 {VIR_NODE_CPU_STATS_IDLE, 87264900000ULL},
                 {VIR_NODE_CPU_STATS_IOWAIT, 763600000ULL}};
    int i = 0;
    for (; i < *nparams && i < 4; i++) {
      std::memset(&params[i], 0, sizeof params[i]);
      std::snprintf(params[i].field, sizeof params[i].field, "%s", stats[i].field);
      params[i].value = stats[i].value;
    }
    *nparams = i;
    return 0;
  }
  Result<int> nodeGetFreePages(virConnectPtr, unsigned npages, unsigned *, int, unsigned cellCount,
                               unsigned long long *counts, unsigned flags) override {
    VK_TRY(check_flags(kFrom, "testNodeGetFreePages", flags, 0));
    unsigned long long x = 6;
    for (unsigned i = 0; i < cellCount; i++)
      for (unsigned j = 0; j < npages; j++) {
        x = static_cast<unsigned long long>(static_cast<int>(x * 2 + 7));
        counts[i * npages + j] = x;
      }
    return 0;
  }
  Result<int> nodeGetCPUMap(virConnectPtr, unsigned char **cpumap, unsigned *online,
                            unsigned flags) override {
    VK_TRY(check_flags(kFrom, "testNodeGetCPUMap", flags, 0));
    if (cpumap) {
      auto *m = static_cast<unsigned char *>(std::calloc(1, 1));
      if (!m) return no_memory();
      m[0] = 0x15;
      *cpumap = m;
    }
    if (online) *online = 3;
    return 8;
  }
  Result<int> nodeGetCellsFreeMemory(virConnectPtr, unsigned long long *freemems, int startCell,
                                     int maxCells) override {
    int ncells = static_cast<int>(st_->cells.size());
    if (startCell >= ncells)
      return error(kFrom, VIR_ERR_INVALID_ARG, "%s", "Range exceeds available cells");
    int i = 0;
    for (int cell = startCell; cell < ncells && i < maxCells; ++cell, ++i)
      freemems[i] = st_->cells[static_cast<size_t>(cell)].mem;
    return i;
  }

  // ---- simple guest operations ----
  Result<int> domainReset(virDomainPtr dom, unsigned flags) override {
    return active_noop(dom, flags, 0, "testDomainReset");
  }
  Result<int> domainInjectNMI(virDomainPtr dom, unsigned flags) override {
    return active_noop(dom, flags, 0, "testDomainInjectNMI");
  }
  Result<int> domainSetUserPassword(virDomainPtr dom, const char *, const char *,
                                    unsigned flags) override {
    return active_noop(dom, flags, VIR_DOMAIN_PASSWORD_ENCRYPTED, "testDomainSetUserPassword");
  }
  Result<int> domainSendKey(virDomainPtr dom, unsigned codeset, unsigned, unsigned *keycodes,
                            int nkeycodes, unsigned flags) override {
    VK_TRY(check_flags(kFrom, "testDomainSendKey", flags, 0));
    auto vm_r = get(dom);
    VK_TRY(vm_r);
    Locked &vm = *vm_r;
    VK_TRY(check_active(*vm.obj));
    for (int i = 0; i < nkeycodes; i++)
      if (!valid_keycode(codeset, keycodes[i]))
        return error(kFrom, VIR_ERR_INTERNAL_ERROR, "invalid keycode %u of %s codeset", keycodes[i],
                     codeset_name(codeset));
    return 0;
  }
  Result<int> domainSendProcessSignal(virDomainPtr dom, long long pid, unsigned signum,
                                      unsigned flags) override {
    VK_TRY(check_flags(kFrom, "testDomainSendProcessSignal", flags, 0));
    if (pid != 1)
      return error(kFrom, VIR_ERR_INVALID_ARG, "%s", "only sending a signal to pid 1 is supported");
    if (signum > VIR_DOMAIN_PROCESS_SIGNAL_RT32)
      return error(kFrom, VIR_ERR_INVALID_ARG, "signum value %d is out of range",
                   static_cast<int>(signum));
    auto vm_r = get(dom);
    VK_TRY(vm_r);
    return 0;
  }
  Result<char *> domainGetHostname(virDomainPtr dom, unsigned flags) override {
    VK_TRY(check_flags(kFrom, "testDomainGetHostname", flags, 0));
    auto vm_r = get(dom);
    VK_TRY(vm_r);
    VK_TRY(check_active(*vm_r->obj));
    return dup(dom->name + "host");
  }
  Result<int> domainGetLaunchSecurityInfo(virDomainPtr, virTypedParameterPtr *, int *nparams,
                                          unsigned flags) override {
    VK_TRY(check_flags(kFrom, "testDomainGetLaunchSecurityInfo", flags, 0));
    *nparams = 0;
    return 0;
  }
  Result<int> domainGetControlInfo(virDomainPtr dom, virDomainControlInfoPtr info,
                                   unsigned flags) override {
    VK_TRY(check_flags(kFrom, "testDomainGetControlInfo", flags, 0));
    auto vm_r = get(dom);
    VK_TRY(vm_r);
    Locked &vm = *vm_r;
    VK_TRY(check_active(*vm.obj));
    std::memset(info, 0, sizeof *info);
    long long s = vm->seconds;
    if (s > 0 && s < 10000) {
      info->state = VIR_DOMAIN_CONTROL_JOB;
      info->stateTime = static_cast<unsigned long long>(s);
    } else if (s >= 10000 && s < 30000) {
      info->state = VIR_DOMAIN_CONTROL_OCCUPIED;
      info->stateTime = static_cast<unsigned long long>(s - 10000);
    } else if (s >= 30000 && s < 60000) {
      info->state = VIR_DOMAIN_CONTROL_ERROR;
      static const unsigned reasons[] = {
          VIR_DOMAIN_CONTROL_ERROR_REASON_NONE, VIR_DOMAIN_CONTROL_ERROR_REASON_UNKNOWN,
          VIR_DOMAIN_CONTROL_ERROR_REASON_MONITOR, VIR_DOMAIN_CONTROL_ERROR_REASON_INTERNAL};
      info->details = reasons[s % 4];
      info->stateTime = static_cast<unsigned long long>(s - 30000);
    } else {
      info->state = VIR_DOMAIN_CONTROL_OK;
    }
    return 0;
  }
  Result<int> domainGetTime(virDomainPtr dom, long long *seconds, unsigned *nseconds,
                            unsigned flags) override {
    VK_TRY(check_flags(kFrom, "testDomainGetTime", flags, 0));
    auto vm_r = get(dom);
    VK_TRY(vm_r);
    Locked &vm = *vm_r;
    if (vm->state != VIR_DOMAIN_RUNNING)
      return error(kFrom, VIR_ERR_OPERATION_INVALID, "%s", "domain is not running");
    *seconds = vm->seconds;
    *nseconds = vm->nseconds;
    return 0;
  }
  Result<int> domainSetTime(virDomainPtr dom, long long seconds, unsigned nseconds,
                            unsigned flags) override {
    VK_TRY(check_flags(kFrom, "testDomainSetTime", flags, VIR_DOMAIN_TIME_SYNC));
    auto vm_r = get(dom);
    VK_TRY(vm_r);
    Locked &vm = *vm_r;
    VK_TRY(check_active(*vm.obj));
    vm->seconds = seconds;
    vm->nseconds = nseconds;
    return 0;
  }
  Result<int> domainSetMemoryStatsPeriod(virDomainPtr dom, int period, unsigned flags) override {
    VK_TRY(check_flags(kFrom, "testDomainSetMemoryStatsPeriod", flags, kLive | kConfig));
    auto vm_r = get(dom);
    VK_TRY(vm_r);
    auto def = one_def(*vm_r->obj, flags, nullptr);
    VK_TRY(def);
    if (!has_balloon(**def))
      return error(kFrom, VIR_ERR_INTERNAL_ERROR, "%s",
                   "No memory balloon device configured, can not set the collection period");
    (*def)->memballoon->period = period;
    return 0;
  }
  Result<int> domainMemoryStats(virDomainPtr dom, virDomainMemoryStatPtr stats, unsigned nr_stats,
                                unsigned flags) override {
    VK_TRY(check_flags(kFrom, "testDomainMemoryStats", flags, 0));
    auto vm_r = get(dom);
    VK_TRY(vm_r);
    Locked &vm = *vm_r;
    VK_TRY(check_active(*vm.obj));
    if (!has_balloon(*vm->def)) return 0;
    // libvirt keeps the current balloon in an int.
    auto cur = static_cast<long long>(static_cast<int>(vm->def->cur_balloon));
    const std::pair<int, long long> all[] = {{VIR_DOMAIN_MEMORY_STAT_ACTUAL_BALLOON, cur},
                                             {VIR_DOMAIN_MEMORY_STAT_SWAP_IN, 0},
                                             {VIR_DOMAIN_MEMORY_STAT_SWAP_OUT, 0},
                                             {VIR_DOMAIN_MEMORY_STAT_MAJOR_FAULT, 0},
                                             {VIR_DOMAIN_MEMORY_STAT_MINOR_FAULT, 0},
                                             {VIR_DOMAIN_MEMORY_STAT_UNUSED, cur / 2},
                                             {VIR_DOMAIN_MEMORY_STAT_AVAILABLE, cur},
                                             {VIR_DOMAIN_MEMORY_STAT_USABLE, cur / 2},
                                             {VIR_DOMAIN_MEMORY_STAT_LAST_UPDATE, 627319920},
                                             {VIR_DOMAIN_MEMORY_STAT_DISK_CACHES, cur / 8},
                                             {VIR_DOMAIN_MEMORY_STAT_HUGETLB_PGALLOC, 0},
                                             {VIR_DOMAIN_MEMORY_STAT_HUGETLB_PGFAIL, 0},
                                             {VIR_DOMAIN_MEMORY_STAT_RSS, cur / 2}};
    unsigned n = 0;
    for (const auto &[tag, val] : all) {
      if (n >= nr_stats) break;
      stats[n].tag = tag;
      stats[n].val = static_cast<unsigned long long>(val);
      n++;
    }
    return static_cast<int>(n);
  }
  Result<int> domainMemoryPeek(virDomainPtr dom, unsigned long long start, size_t size,
                               void *buffer, unsigned flags) override {
    VK_TRY(check_flags(kFrom, "testDomainMemoryPeek", flags,
                       VIR_MEMORY_VIRTUAL | VIR_MEMORY_PHYSICAL));
    if (flags != VIR_MEMORY_VIRTUAL && flags != VIR_MEMORY_PHYSICAL)
      return error(kFrom, VIR_ERR_INVALID_ARG, "%s",
                   "flags parameter must be VIR_MEMORY_VIRTUAL or VIR_MEMORY_PHYSICAL");
    auto vm_r = get(dom);
    VK_TRY(vm_r);
    VK_TRY(check_active(*vm_r->obj));
    auto b = static_cast<unsigned char>(start);
    auto *out = static_cast<unsigned char *>(buffer);
    for (size_t i = 0; i < size; i++) out[i] = b++;
    return 0;
  }
  Result<int> domainGetBlockInfo(virDomainPtr dom, const char *path, virDomainBlockInfoPtr info,
                                 unsigned flags) override {
    VK_TRY(check_flags(kFrom, "testDomainGetBlockInfo", flags, 0));
    auto vm_r = get(dom);
    VK_TRY(vm_r);
    conf::Disk *disk = conf::disk_by_name(*(*vm_r)->def, path, false);
    if (!disk)
      return error(kFrom, VIR_ERR_INVALID_ARG, "invalid path %s not assigned to domain", path);
    if (disk_empty(*disk))
      return error(kFrom, VIR_ERR_INVALID_ARG,
                   "disk '%s' does not currently have a source assigned", path);
    info->capacity = 1099506450432ULL;
    info->allocation = 1099511627776ULL;
    info->physical = 1099511627776ULL;
    return 0;
  }
  Result<int> domainBlockStats(virDomainPtr dom, const char *path,
                               virDomainBlockStatsPtr stats) override {
    if (!*path)
      return error(kFrom, VIR_ERR_OPERATION_UNSUPPORTED, "%s",
                   "summary statistics are not supported yet");
    auto vm_r = get(dom);
    VK_TRY(vm_r);
    Locked &vm = *vm_r;
    VK_TRY(check_active(*vm.obj));
    if (!conf::disk_by_name(*vm->def, path, false))
      return error(kFrom, VIR_ERR_INVALID_ARG, "invalid path: %s", path);
    auto base = static_cast<long long>(real_time_us());
    stats->rd_req = base / 10;
    stats->rd_bytes = base / 20;
    stats->wr_req = base / 30;
    stats->wr_bytes = base / 40;
    stats->errs = base / (1000LL * 1000LL * 2);
    return 0;
  }
  Result<int> domainInterfaceStats(virDomainPtr dom, const char *device,
                                   virDomainInterfaceStatsPtr stats) override {
    auto vm_r = get(dom);
    VK_TRY(vm_r);
    Locked &vm = *vm_r;
    VK_TRY(check_active(*vm.obj));
    VK_TRY(find_net(*vm->def, device));
    auto base = static_cast<long long>(real_time_us());
    stats->rx_bytes = base / 10;
    stats->rx_packets = base / 100;
    stats->rx_errs = base / (1000LL * 1000LL * 1);
    stats->rx_drop = base / (1000LL * 1000LL * 2);
    stats->tx_bytes = base / 20;
    stats->tx_packets = base / 110;
    stats->tx_errs = base / (1000LL * 1000LL * 3);
    stats->tx_drop = base / (1000LL * 1000LL * 4);
    return 0;
  }
  Result<int> domainGetDiskErrors(virDomainPtr dom, virDomainDiskErrorPtr errors,
                                  unsigned maxerrors, unsigned flags) override {
    VK_TRY(check_flags(kFrom, "testDomainGetDiskErrors", flags, 0));
    auto vm_r = get(dom);
    VK_TRY(vm_r);
    Locked &vm = *vm_r;
    VK_TRY(check_active(*vm.obj));
    const auto &disks = vm->def->disks;
    if (!errors) return static_cast<int>(disks.size());
    size_t n = std::min<size_t>(disks.size(), maxerrors);
    std::memset(errors, 0, sizeof(virDomainDiskError) * n);
    for (size_t i = 0; i < n; i++) {
      errors[i].disk = strdup(disks[i].dst ? disks[i].dst->c_str() : "");
      if (!errors[i].disk) {
        for (size_t j = 0; j < i; j++) std::free(errors[j].disk), errors[j].disk = nullptr;
        return no_memory();
      }
      errors[i].error = static_cast<int>(i % VIR_DOMAIN_DISK_ERROR_NO_SPACE) + 1;
    }
    return static_cast<int>(n);
  }
  Result<int> domainGetMessages(virDomainPtr dom, char ***msgs, unsigned flags) override {
    VK_TRY(check_flags(kFrom, "testDomainGetMessages", flags,
                       VIR_DOMAIN_MESSAGE_DEPRECATION | VIR_DOMAIN_MESSAGE_TAINTING));
    auto vm_r = get(dom);
    VK_TRY(vm_r);
    Locked &vm = *vm_r;
    static const char *const kTaintMessages[] = {
        "custom configuration parameters specified",
        "custom monitor control commands issued",
        "running with undesirable elevated privileges",
        "network configuration using opaque shell scripts",
        "potentially unsafe disk format probing",
        "managing externally launched configuration",
        "potentially unsafe use of host CPU passthrough",
        "configuration potentially modified by hook script",
        "use of host cdrom passthrough",
        "custom device tree blob used",
        "custom guest agent control commands issued",
        "hypervisor feature autodetection override",
        "use of deprecated configuration settings",
        "custom device configuration"};
    std::vector<std::string> out;
    bool any = false;
    if (!flags || (flags & VIR_DOMAIN_MESSAGE_TAINTING)) {
      any = true;
      for (unsigned i = 0; i < 14; i++)
        if (vm->taint & (1u << i)) out.push_back(std::string("tainted: ") + kTaintMessages[i]);
    }
    if (!flags || (flags & VIR_DOMAIN_MESSAGE_DEPRECATION)) {
      any = true;
      for (const std::string &d : vm->deprecations) out.push_back("deprecated configuration: " + d);
    }
    *msgs = nullptr;
    if (!any) return 0;
    auto *arr = static_cast<char **>(std::calloc(out.size() + 1, sizeof(char *)));
    if (!arr) return no_memory();
    for (size_t i = 0; i < out.size(); i++) {
      arr[i] = strdup(out[i].c_str());
      if (!arr[i]) {
        for (size_t j = 0; j < i; j++) std::free(arr[j]);
        std::free(arr);
        return no_memory();
      }
    }
    *msgs = arr;
    return static_cast<int>(out.size());
  }
  Result<int> domainSetLifecycleAction(virDomainPtr dom, unsigned type, unsigned action,
                                       unsigned flags) override {
    VK_TRY(check_flags(kFrom, "testDomainSetLifecycleAction", flags, kLive | kConfig));
    static const char *const kTypes[] = {"poweroff", "reboot", "crash"};
    static const char *const kActions[] = {"destroy",  "restart",          "rename-restart",
                                           "preserve", "coredump-destroy", "coredump-restart"};
    if ((type == VIR_DOMAIN_LIFECYCLE_POWEROFF || type == VIR_DOMAIN_LIFECYCLE_REBOOT) &&
        (action == VIR_DOMAIN_LIFECYCLE_ACTION_COREDUMP_DESTROY ||
         action == VIR_DOMAIN_LIFECYCLE_ACTION_COREDUMP_RESTART))
      return error(VIR_FROM_DOMAIN, VIR_ERR_CONFIG_UNSUPPORTED,
                   "Lifecycle event '%s' doesn't support '%s' action", kTypes[type],
                   kActions[action]);
    auto vm_r = get(dom);
    VK_TRY(vm_r);
    conf::DomainDef *live = nullptr, *pers = nullptr;
    VK_TRY(get_defs(*vm_r->obj, flags, &live, &pers));
    for (conf::DomainDef *d : {live, pers}) {
      if (!d || action >= 6) continue;
      auto a = static_cast<conf::LifecycleAction>(action);
      if (type == VIR_DOMAIN_LIFECYCLE_POWEROFF) d->on_poweroff = a;
      if (type == VIR_DOMAIN_LIFECYCLE_REBOOT) d->on_reboot = a;
      if (type == VIR_DOMAIN_LIFECYCLE_CRASH) d->on_crash = a;
    }
    return 0;
  }
  // ---- vCPUs, emulator and pinning ----
  Result<int> domainPinEmulator(virDomainPtr dom, unsigned char *cpumap, int maplen,
                                unsigned flags) override {
    VK_TRY(check_flags(kFrom, "testDomainPinEmulator", flags, kLive | kConfig));
    auto vm_r = get(dom);
    VK_TRY(vm_r);
    auto def = one_def(*vm_r->obj, flags, nullptr);
    VK_TRY(def);
    auto mask = bitmap_from_data(cpumap, maplen);
    if (mask.empty()) return error(kFrom, VIR_ERR_INVALID_ARG, "%s", "Empty cpu list for pinning");
    (*def)->emulatorpin = std::move(mask);
    return 0;
  }
  Result<int> domainGetEmulatorPinInfo(virDomainPtr dom, unsigned char *cpumaps, int maplen,
                                       unsigned flags) override {
    VK_TRY(check_flags(kFrom, "testDomainGetEmulatorPinInfo", flags, kLive | kConfig));
    auto vm_r = get(dom);
    VK_TRY(vm_r);
    auto defr = one_def(*vm_r->obj, flags, nullptr);
    VK_TRY(defr);
    const conf::DomainDef &def = **defr;
    const std::set<unsigned> &mask = !def.emulatorpin.empty() ? def.emulatorpin
                                     : !def.cpumask.empty()   ? def.cpumask
                                                              : host_set();
    bitmap_to_data(mask, cpumaps, static_cast<size_t>(maplen));
    return 1;
  }
  Result<int> domainGetVcpus(virDomainPtr dom, virVcpuInfoPtr info, int maxinfo,
                             unsigned char *cpumaps, int maplen) override {
    auto vm_r = get(dom);
    VK_TRY(vm_r);
    Locked &vm = *vm_r;
    if (!vm->active())
      return error(kFrom, VIR_ERR_OPERATION_INVALID, "%s",
                   "cannot list vcpus for an inactive domain");
    const conf::DomainDef &def = *vm->def;
    unsigned long long base = real_time_us();
    if (maxinfo > static_cast<int>(def.vcpus)) maxinfo = static_cast<int>(def.vcpus);
    std::memset(info, 0, sizeof(*info) * static_cast<size_t>(maxinfo));
    if (cpumaps)
      std::memset(cpumaps, 0, static_cast<size_t>(maxinfo) * static_cast<size_t>(maplen));
    for (int i = 0; i < maxinfo; i++) {
      auto pin = def.vcpupin.find(static_cast<unsigned>(i));
      const std::set<unsigned> &mask = pin != def.vcpupin.end() ? pin->second
                                       : !def.cpumask.empty()   ? def.cpumask
                                                                : host_set();
      if (cpumaps)
        bitmap_to_data(mask, cpumaps + static_cast<size_t>(i) * static_cast<size_t>(maplen),
                       static_cast<size_t>(maplen));
      info[i].number = static_cast<unsigned>(i);
      info[i].state = VIR_VCPU_RUNNING;
      info[i].cpu = mask.empty() ? -1 : static_cast<int>(*mask.rbegin());
      info[i].cpuTime = base / 10;
    }
    return maxinfo;
  }
  Result<int> domainPinVcpu(virDomainPtr dom, unsigned vcpu, unsigned char *cpumap,
                            int maplen) override {
    return domainPinVcpuFlags(dom, vcpu, cpumap, maplen, 0);
  }
  Result<int> domainPinVcpuFlags(virDomainPtr dom, unsigned vcpu, unsigned char *cpumap, int maplen,
                                 unsigned flags) override {
    VK_TRY(check_flags(kFrom, "testDomainPinVcpuFlags", flags, 0));
    auto vm_r = get(dom);
    VK_TRY(vm_r);
    Locked &vm = *vm_r;
    if (!vm->active())
      return error(kFrom, VIR_ERR_OPERATION_INVALID, "%s",
                   "cannot pin vcpus on an inactive domain");
    if (vcpu >= vm->def->vcpus)
      return error(kFrom, VIR_ERR_INVALID_ARG, "requested vcpu '%d' is not present in the domain",
                   static_cast<int>(vcpu));
    vm->def->vcpupin[vcpu] = bitmap_from_data(cpumap, maplen);
    return 0;
  }
  Result<int> domainGetVcpuPinInfo(virDomainPtr dom, int ncpumaps, unsigned char *cpumaps,
                                   int maplen, unsigned flags) override {
    auto vm_r = get(dom);
    VK_TRY(vm_r);
    auto defr = one_def(*vm_r->obj, flags, nullptr);
    VK_TRY(defr);
    const conf::DomainDef &def = **defr;
    int i = 0;
    for (; i < static_cast<int>(def.max_vcpus) && i < ncpumaps; i++) {
      auto pin = def.vcpupin.find(static_cast<unsigned>(i));
      const std::set<unsigned> &mask = pin != def.vcpupin.end() ? pin->second
                                       : !def.cpumask.empty()   ? def.cpumask
                                                                : host_set();
      bitmap_to_data(mask, cpumaps + static_cast<size_t>(i) * static_cast<size_t>(maplen),
                     static_cast<size_t>(maplen));
    }
    return i;
  }

  // ---- IOThreads ----
  Result<int> domainGetIOThreadInfo(virDomainPtr dom, virDomainIOThreadInfoPtr **info,
                                    unsigned flags) override {
    VK_TRY(check_flags(kFrom, "testDomainGetIOThreadInfo", flags, kLive | kConfig));
    auto vm_r = get(dom);
    VK_TRY(vm_r);
    auto defr = one_def(*vm_r->obj, flags, nullptr);
    VK_TRY(defr);
    const conf::DomainDef &def = **defr;
    if (def.iothreads.empty()) return 0;
    size_t n = def.iothreads.size();
    auto *arr = static_cast<virDomainIOThreadInfoPtr *>(std::calloc(n, sizeof(void *)));
    if (!arr) return no_memory();
    auto fail = [&]() -> Status {
      for (size_t i = 0; i < n; i++) virDomainIOThreadInfoFree(arr[i]);
      std::free(arr);
      return no_memory();
    };
    std::set<unsigned> all = all_cpus(def.vcpus);
    for (size_t i = 0; i < n; i++) {
      const conf::IOThreadId &t = def.iothreads[i];
      arr[i] = static_cast<virDomainIOThreadInfoPtr>(std::calloc(1, sizeof(virDomainIOThreadInfo)));
      if (!arr[i]) return fail();
      arr[i]->iothread_id = t.id;
      const std::set<unsigned> &mask = !t.cpumask.empty()     ? t.cpumask
                                       : !def.cpumask.empty() ? def.cpumask
                                                              : all;
      // virBitmapToData: up to the last set bit.
      size_t len = mask.empty() ? 1 : (*mask.rbegin() + 8) / 8;
      arr[i]->cpumap = static_cast<unsigned char *>(std::calloc(len, 1));
      if (!arr[i]->cpumap) return fail();
      bitmap_to_data(mask, arr[i]->cpumap, len);
      arr[i]->cpumaplen = static_cast<int>(len);
    }
    *info = arr;
    return static_cast<int>(n);
  }
  Result<int> domainAddIOThread(virDomainPtr dom, unsigned id, unsigned flags) override {
    VK_TRY(check_flags(kFrom, "testDomainAddIOThread", flags, kLive | kConfig));
    if (id == 0)
      return error(kFrom, VIR_ERR_INVALID_ARG, "%s", "invalid value of 0 for iothread_id");
    auto vm_r = get(dom);
    VK_TRY(vm_r);
    Locked &vm = *vm_r;
    auto defr = one_def(*vm.obj, flags, nullptr);
    VK_TRY(defr);
    conf::DomainDef &def = **defr;
    if (find_iothread(def, id))
      return error(VIR_FROM_DOMAIN, VIR_ERR_INVALID_ARG,
                   "an IOThread is already using iothread_id '%u'", id);
    conf::IOThreadId t;
    t.id = id;
    t.autofill = false;
    def.iothreads.push_back(std::move(t));
    vm->iothread_info.push_back({id, 32768, 0, 0});
    return 0;
  }
  Result<int> domainDelIOThread(virDomainPtr dom, unsigned id, unsigned flags) override {
    VK_TRY(check_flags(kFrom, "testDomainDelIOThread", flags, kLive | kConfig));
    if (id == 0)
      return error(kFrom, VIR_ERR_INVALID_ARG, "%s", "invalid value of 0 for iothread_id");
    auto vm_r = get(dom);
    VK_TRY(vm_r);
    Locked &vm = *vm_r;
    auto defr = one_def(*vm.obj, flags, nullptr);
    VK_TRY(defr);
    conf::DomainDef &def = **defr;
    if (!find_iothread(def, id))
      return error(VIR_FROM_DOMAIN, VIR_ERR_INVALID_ARG,
                   "cannot find IOThread '%u' in iothreadids list", id);
    for (size_t i = 0; i < def.iothreads.size(); i++)
      if (def.iothreads[i].id == id) {
        // virDomainIOThreadIDDel: later made-up ids no longer follow
        // their position, so they become explicit.
        for (size_t j = i + 1; j < def.iothreads.size(); j++)
          if (def.iothreads[j].autofill && def.iothreads[j].id != j + 1)
            def.iothreads[j].autofill = false;
        def.iothreads.erase(def.iothreads.begin() + static_cast<long>(i));
        break;
      }
    for (size_t i = 0; i < vm->iothread_info.size(); i++)
      if (vm->iothread_info[i].id == id) {
        vm->iothread_info.erase(vm->iothread_info.begin() + static_cast<long>(i));
        break;
      }
    return 0;
  }
  Result<int> domainPinIOThread(virDomainPtr dom, unsigned id, unsigned char *cpumap, int maplen,
                                unsigned flags) override {
    VK_TRY(check_flags(kFrom, "testDomainPinIOThread", flags, kLive | kConfig));
    auto vm_r = get(dom);
    VK_TRY(vm_r);
    auto defr = one_def(*vm_r->obj, flags, nullptr);
    VK_TRY(defr);
    auto mask = bitmap_from_data(cpumap, maplen);
    if (mask.empty())
      return error(kFrom, VIR_ERR_INVALID_ARG, "%s", "Empty iothread cpumap list for pinning");
    conf::IOThreadId *t = find_iothread(**defr, id);
    if (!t)
      return error(kFrom, VIR_ERR_INVALID_ARG, "iothreadid %d not found", static_cast<int>(id));
    t->cpumask = std::move(mask);
    t->autofill = false;
    return 0;
  }
  Result<int> domainSetIOThreadParams(virDomainPtr dom, unsigned id, virTypedParameterPtr params,
                                      int nparams, unsigned flags) override {
    VK_TRY(check_flags(kFrom, "testDomainSetIOThreadParams", flags, kLive));
    if (id == 0)
      return error(kFrom, VIR_ERR_INVALID_ARG, "%s", "invalid value of 0 for iothread_id");
    auto vm_r = get(dom);
    VK_TRY(vm_r);
    Locked &vm = *vm_r;
    auto defr = one_def(*vm.obj, flags, nullptr);
    VK_TRY(defr);
    if (!find_iothread(**defr, id))
      return error(kFrom, VIR_ERR_INVALID_ARG, "cannot find IOThread '%u' in iothreadids", id);
    for (auto &info : vm->iothread_info) {
      if (info.id != id) continue;
      VK_TRY(validate_params(params, nparams,
                             {{VIR_DOMAIN_IOTHREAD_POLL_MAX_NS, VIR_TYPED_PARAM_ULLONG},
                              {VIR_DOMAIN_IOTHREAD_POLL_GROW, VIR_TYPED_PARAM_UINT},
                              {VIR_DOMAIN_IOTHREAD_POLL_SHRINK, VIR_TYPED_PARAM_UINT}}));
      for (int i = 0; i < nparams; i++) {
        const virTypedParameter &p = params[i];
        if (!std::strcmp(p.field, VIR_DOMAIN_IOTHREAD_POLL_MAX_NS)) info.poll_max_ns = p.value.ul;
        if (!std::strcmp(p.field, VIR_DOMAIN_IOTHREAD_POLL_GROW)) info.poll_grow = p.value.ui;
        if (!std::strcmp(p.field, VIR_DOMAIN_IOTHREAD_POLL_SHRINK)) info.poll_shrink = p.value.ui;
      }
      return 0;
    }
    return generic_failure();
  }
  // ---- tuning parameters ----
  Result<int> domainSetMemoryParameters(virDomainPtr dom, virTypedParameterPtr params, int nparams,
                                        unsigned flags) override {
    VK_TRY(check_flags(kFrom, "testDomainSetMemoryParameters", flags, kLive | kConfig));
    VK_TRY(validate_params(params, nparams,
                           {{VIR_DOMAIN_MEMORY_HARD_LIMIT, VIR_TYPED_PARAM_ULLONG},
                            {VIR_DOMAIN_MEMORY_SOFT_LIMIT, VIR_TYPED_PARAM_ULLONG},
                            {VIR_DOMAIN_MEMORY_SWAP_HARD_LIMIT, VIR_TYPED_PARAM_ULLONG}}));
    auto vm_r = get(dom);
    VK_TRY(vm_r);
    Locked &vm = *vm_r;
    auto defr = one_def(*vm.obj, flags, nullptr);
    VK_TRY(defr);
    conf::DomainDef &def = **defr;
    unsigned long long swap = 0, hard = 0, soft = 0;
    bool set_swap =
        virTypedParamsGetULLong(params, nparams, VIR_DOMAIN_MEMORY_SWAP_HARD_LIMIT, &swap) == 1;
    bool set_hard =
        virTypedParamsGetULLong(params, nparams, VIR_DOMAIN_MEMORY_HARD_LIMIT, &hard) == 1;
    bool set_soft =
        virTypedParamsGetULLong(params, nparams, VIR_DOMAIN_MEMORY_SOFT_LIMIT, &soft) == 1;
    if (set_swap || set_hard) {
      // libvirt compares against the live definition's limits.
      unsigned long long mem = set_hard ? hard : vm->def->memtune.hard_limit;
      unsigned long long sw = set_swap ? swap : vm->def->memtune.swap_hard_limit;
      if (mem > sw)
        return error(kFrom, VIR_ERR_INVALID_ARG, "%s",
                     "memory hard_limit tunable value must be lower than or equal to "
                     "swap_hard_limit");
    }
    if (set_soft) def.memtune.soft_limit = soft;
    if (set_hard) def.memtune.hard_limit = hard;
    if (set_swap) def.memtune.swap_hard_limit = swap;
    return 0;
  }
  Result<int> domainGetMemoryParameters(virDomainPtr dom, virTypedParameterPtr params, int *nparams,
                                        unsigned flags) override {
    VK_TRY(check_flags(kFrom, "testDomainGetMemoryParameters", flags,
                       kLive | kConfig | VIR_TYPED_PARAM_STRING_OKAY));
    if (*nparams == 0) {
      *nparams = 3;
      return 0;
    }
    auto vm_r = get(dom);
    VK_TRY(vm_r);
    auto defr = one_def(*vm_r->obj, flags, nullptr);
    VK_TRY(defr);
    const auto &m = (*defr)->memtune;
    if (*nparams > 0) put_ull(&params[0], VIR_DOMAIN_MEMORY_HARD_LIMIT, m.hard_limit);
    if (*nparams > 1) put_ull(&params[1], VIR_DOMAIN_MEMORY_SOFT_LIMIT, m.soft_limit);
    if (*nparams > 2) put_ull(&params[2], VIR_DOMAIN_MEMORY_SWAP_HARD_LIMIT, m.swap_hard_limit);
    if (*nparams > 3) *nparams = 3;
    return 0;
  }
  Result<int> domainSetNumaParameters(virDomainPtr dom, virTypedParameterPtr params, int nparams,
                                      unsigned flags) override {
    VK_TRY(check_flags(kFrom, "testDomainSetNumaParameters", flags, kLive | kConfig));
    VK_TRY(validate_params(params, nparams,
                           {{VIR_DOMAIN_NUMA_MODE, VIR_TYPED_PARAM_INT},
                            {VIR_DOMAIN_NUMA_NODESET, VIR_TYPED_PARAM_STRING}}));
    auto vm_r = get(dom);
    VK_TRY(vm_r);
    bool live = false;
    auto defr = one_def(*vm_r->obj, flags, &live);
    VK_TRY(defr);
    conf::DomainDef &def = **defr;
    int mode = -1;
    std::optional<std::set<unsigned>> nodeset;
    for (int i = 0; i < nparams; i++) {
      const virTypedParameter &p = params[i];
      if (!std::strcmp(p.field, VIR_DOMAIN_NUMA_MODE)) {
        mode = p.value.i;
        if (mode < 0 || mode >= 4)
          return error(kFrom, VIR_ERR_INVALID_ARG, "unsupported numatune mode: '%d'", mode);
      } else if (!std::strcmp(p.field, VIR_DOMAIN_NUMA_NODESET)) {
        auto bits = conf::parse_bitmap(p.value.s, 1024);
        VK_TRY(bits);
        if (bits->empty())
          return error(kFrom, VIR_ERR_OPERATION_INVALID, "Invalid nodeset of 'numatune': %s",
                       p.value.s);
        nodeset = std::move(*bits);
      }
    }
    auto &nt = def.numatune;
    bool specified = nt.specified || def.placement == conf::Placement::auto_;
    int cur_mode = nt.specified ? nt.mode : 0;
    if (live && mode != -1 && specified && cur_mode != mode)
      return error(kFrom, VIR_ERR_OPERATION_INVALID, "%s",
                   "can't change numatune mode for running domain");
    // virDomainNumatuneSet (placement -1).
    if (mode == -1 && !nodeset) return 0;
    if (!nt.specified && def.placement == conf::Placement::auto_) {
      nt.mode = 0;
      nt.placement = 2;
      nt.specified = true;
    }
    int placement = -1;
    if (!nt.specified) {
      if (mode == -1) mode = 0;
      placement = 0;
    }
    if (mode != -1) nt.mode = mode;
    if (nodeset) {
      nt.nodeset = *nodeset;
      if (placement == -1) placement = 1;
    }
    if (placement == 0)
      placement = !nt.nodeset.empty() || def.placement == conf::Placement::static_ ? 1 : 2;
    if (placement == 1 && nt.nodeset.empty())
      return error(VIR_FROM_DOMAIN, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                   "nodeset for NUMA memory tuning must be set if 'placement' is 'static'");
    if (placement == 2) nt.nodeset.clear();
    if (placement != -1) nt.placement = placement;
    nt.specified = true;
    return 0;
  }
  Result<int> domainGetNumaParameters(virDomainPtr dom, virTypedParameterPtr params, int *nparams,
                                      unsigned flags) override {
    VK_TRY(check_flags(kFrom, "testDomainGetNumaParameters", flags,
                       kLive | kConfig | VIR_TYPED_PARAM_STRING_OKAY));
    if (*nparams == 0) {
      *nparams = 2;
      return 0;
    }
    auto vm_r = get(dom);
    VK_TRY(vm_r);
    auto defr = one_def(*vm_r->obj, flags, nullptr);
    VK_TRY(defr);
    const auto &nt = (*defr)->numatune;
    int mode = nt.specified ? nt.mode : 0;
    std::string nodeset = nt.specified && nt.placement == 1 ? conf::format_bitmap(nt.nodeset) : "";
    if (*nparams > 0) put_int(&params[0], VIR_DOMAIN_NUMA_MODE, mode);
    if (*nparams > 1) VK_TRY(put_str(&params[1], VIR_DOMAIN_NUMA_NODESET, nodeset));
    if (*nparams > 2) *nparams = 2;
    return 0;
  }
  Result<int> domainSetInterfaceParameters(virDomainPtr dom, const char *device,
                                           virTypedParameterPtr params, int nparams,
                                           unsigned flags) override {
    VK_TRY(check_flags(kFrom, "testDomainSetInterfaceParameters", flags, kLive | kConfig));
    VK_TRY(validate_params(params, nparams,
                           {{VIR_DOMAIN_BANDWIDTH_IN_AVERAGE, VIR_TYPED_PARAM_UINT},
                            {VIR_DOMAIN_BANDWIDTH_IN_PEAK, VIR_TYPED_PARAM_UINT},
                            {VIR_DOMAIN_BANDWIDTH_IN_BURST, VIR_TYPED_PARAM_UINT},
                            {VIR_DOMAIN_BANDWIDTH_IN_FLOOR, VIR_TYPED_PARAM_UINT},
                            {VIR_DOMAIN_BANDWIDTH_OUT_AVERAGE, VIR_TYPED_PARAM_UINT},
                            {VIR_DOMAIN_BANDWIDTH_OUT_PEAK, VIR_TYPED_PARAM_UINT},
                            {VIR_DOMAIN_BANDWIDTH_OUT_BURST, VIR_TYPED_PARAM_UINT}}));
    auto vm_r = get(dom);
    VK_TRY(vm_r);
    auto defr = one_def(*vm_r->obj, flags, nullptr);
    VK_TRY(defr);
    auto netr = find_net(**defr, device);
    VK_TRY(netr);
    conf::Net &net = **netr;
    conf::BandwidthRate in, out;
    bool in_given = false, out_given = false;
    for (int i = 0; i < nparams; i++) {
      const virTypedParameter &p = params[i];
      unsigned v = p.value.ui;
      if (!std::strcmp(p.field, VIR_DOMAIN_BANDWIDTH_IN_AVERAGE)) {
        in.average = v;
        in_given = true;
      } else if (!std::strcmp(p.field, VIR_DOMAIN_BANDWIDTH_IN_PEAK)) {
        in.peak = v;
      } else if (!std::strcmp(p.field, VIR_DOMAIN_BANDWIDTH_IN_BURST)) {
        in.burst = v;
      } else if (!std::strcmp(p.field, VIR_DOMAIN_BANDWIDTH_IN_FLOOR)) {
        in.floor = v;
        in_given = true;
      } else if (!std::strcmp(p.field, VIR_DOMAIN_BANDWIDTH_OUT_AVERAGE)) {
        out.average = v;
        out_given = true;
      } else if (!std::strcmp(p.field, VIR_DOMAIN_BANDWIDTH_OUT_PEAK)) {
        out.peak = v;
      } else if (!std::strcmp(p.field, VIR_DOMAIN_BANDWIDTH_OUT_BURST)) {
        out.burst = v;
      }
    }
    std::optional<conf::BandwidthRate> new_in, new_out;
    if (in.average || in.floor) new_in = in;
    if (out.average) new_out = out;
    if (!net.bandwidth) {
      net.bandwidth = conf::Bandwidth{new_in, new_out};
    } else {
      if (new_in || in_given) net.bandwidth->in = new_in;
      if (new_out || out_given) net.bandwidth->out = new_out;
    }
    return 0;
  }
  Result<int> domainGetInterfaceParameters(virDomainPtr dom, const char *device,
                                           virTypedParameterPtr params, int *nparams,
                                           unsigned flags) override {
    VK_TRY(check_flags(kFrom, "testDomainGetInterfaceParameters", flags,
                       kLive | kConfig | VIR_TYPED_PARAM_STRING_OKAY));
    if (*nparams == 0) {
      *nparams = 7;
      return 0;
    }
    auto vm_r = get(dom);
    VK_TRY(vm_r);
    auto defr = one_def(*vm_r->obj, flags, nullptr);
    VK_TRY(defr);
    auto netr = find_net(**defr, device);
    VK_TRY(netr);
    conf::BandwidthRate in, out;
    if (const auto &bw = (*netr)->bandwidth) {
      if (bw->in) in = *bw->in;
      if (bw->out) out = *bw->out;
    }
    const std::pair<const char *, unsigned long long> values[] = {
        {VIR_DOMAIN_BANDWIDTH_IN_AVERAGE, in.average},   {VIR_DOMAIN_BANDWIDTH_IN_PEAK, in.peak},
        {VIR_DOMAIN_BANDWIDTH_IN_BURST, in.burst},       {VIR_DOMAIN_BANDWIDTH_IN_FLOOR, in.floor},
        {VIR_DOMAIN_BANDWIDTH_OUT_AVERAGE, out.average}, {VIR_DOMAIN_BANDWIDTH_OUT_PEAK, out.peak},
        {VIR_DOMAIN_BANDWIDTH_OUT_BURST, out.burst}};
    for (int i = 0; i < 7 && i < *nparams; i++)
      put_uint(&params[i], values[i].first, static_cast<unsigned>(values[i].second));
    if (*nparams > 7) *nparams = 7;
    return 0;
  }
  Result<int> domainSetBlockIoTune(virDomainPtr dom, const char *path, virTypedParameterPtr params,
                                   int nparams, unsigned flags) override {
    VK_TRY(check_flags(kFrom, "testDomainSetBlockIoTune", flags, kLive | kConfig));
    {
      std::vector<ParamSpec> specs;
      for (int i = 0; i < conf::IoTune::kCount; i++)
        specs.push_back({conf::IoTune::kNames[i], VIR_TYPED_PARAM_ULLONG});
      specs.push_back({VIR_DOMAIN_BLOCK_IOTUNE_GROUP_NAME, VIR_TYPED_PARAM_STRING});
      VK_TRY(validate_param_list(params, nparams, specs));
    }
    auto vm_r = get(dom);
    VK_TRY(vm_r);
    auto defr = one_def(*vm_r->obj, flags, nullptr);
    VK_TRY(defr);
    conf::Disk *disk = conf::disk_by_name(**defr, path, true);
    if (!disk)
      return error(kFrom, VIR_ERR_INVALID_ARG, "missing persistent configuration for disk '%s'",
                   path);
    conf::IoTune info = disk->iotune;
    for (int i = 0; i < nparams; i++) {
      const virTypedParameter &p = params[i];
      if (p.value.ul > kBlockIoTuneMax)
        return error(kFrom, VIR_ERR_ARGUMENT_UNSUPPORTED,
                     "block I/O throttle limit value must be no more than %llu", kBlockIoTuneMax);
      if (!std::strcmp(p.field, VIR_DOMAIN_BLOCK_IOTUNE_GROUP_NAME)) {
        info.group_name = p.value.s;
        continue;
      }
      for (int k = 0; k < conf::IoTune::kCount; k++)
        if (!std::strcmp(p.field, conf::IoTune::kNames[k]))
          info.v[static_cast<size_t>(k)] = p.value.ul;
    }
    auto v = [&](int k) { return info.v[static_cast<size_t>(k)]; };
    static const char *const kKinds[] = {"bytes_sec", "iops_sec", "bytes_sec_max", "iops_sec_max"};
    static const int kTotals[] = {0, 3, 6, 9};
    for (int k = 0; k < 4; k++) {
      int t = kTotals[k];
      if ((v(t) && v(t + 1)) || (v(t) && v(t + 2)))
        return error(kFrom, VIR_ERR_INVALID_ARG,
                     "total and read/write of %s cannot be set at the same time", kKinds[k]);
    }
    for (int k = 0; k < 6; k++)
      if (v(k) > v(k + 6))
        return error(kFrom, VIR_ERR_INVALID_ARG, "%s cannot be set higher than %s ",
                     conf::IoTune::kNames[k], conf::IoTune::kNames[k + 6]);
    // virDomainDiskSetBlockIOTune.
    disk->iotune = std::move(info);
    return 0;
  }
  Result<int> domainGetBlockIoTune(virDomainPtr dom, const char *path, virTypedParameterPtr params,
                                   int *nparams, unsigned flags) override {
    VK_TRY(check_flags(kFrom, "testDomainGetBlockIoTune", flags,
                       kLive | kConfig | VIR_TYPED_PARAM_STRING_OKAY));
    flags &= ~VIR_TYPED_PARAM_STRING_OKAY;
    if (*nparams == 0) {
      *nparams = 20;
      return 0;
    }
    auto vm_r = get(dom);
    VK_TRY(vm_r);
    auto defr = one_def(*vm_r->obj, flags, nullptr);
    VK_TRY(defr);
    conf::Disk *disk = conf::disk_by_name(**defr, path, true);
    if (!disk)
      return error(kFrom, VIR_ERR_INVALID_ARG, "disk '%s' was not found in the domain config",
                   path);
    const conf::IoTune &io = disk->iotune;
    for (int i = 0, k = 0; i < 20 && i < *nparams; i++) {
      if (i == 13) {
        VK_TRY(put_str(&params[i], VIR_DOMAIN_BLOCK_IOTUNE_GROUP_NAME,
                       io.group_name ? *io.group_name : std::string()));
        continue;
      }
      put_ull(&params[i], conf::IoTune::kNames[k], io.v[static_cast<size_t>(k)]);
      k++;
    }
    if (*nparams > 20) *nparams = 20;
    return 0;
  }
  Result<int> domainSetBlkioParameters(virDomainPtr dom, virTypedParameterPtr params, int nparams,
                                       unsigned flags) override {
    VK_TRY(check_flags(kFrom, "testDomainSetBlkioParameters", flags, kLive | kConfig));
    VK_TRY(validate_params(params, nparams,
                           {{VIR_DOMAIN_BLKIO_WEIGHT, VIR_TYPED_PARAM_UINT},
                            {VIR_DOMAIN_BLKIO_DEVICE_WEIGHT, VIR_TYPED_PARAM_STRING},
                            {VIR_DOMAIN_BLKIO_DEVICE_READ_IOPS, VIR_TYPED_PARAM_STRING},
                            {VIR_DOMAIN_BLKIO_DEVICE_WRITE_IOPS, VIR_TYPED_PARAM_STRING},
                            {VIR_DOMAIN_BLKIO_DEVICE_READ_BPS, VIR_TYPED_PARAM_STRING},
                            {VIR_DOMAIN_BLKIO_DEVICE_WRITE_BPS, VIR_TYPED_PARAM_STRING}}));
    auto vm_r = get(dom);
    VK_TRY(vm_r);
    auto defr = one_def(*vm_r->obj, flags, nullptr);
    VK_TRY(defr);
    conf::DomainDef &def = **defr;
    // virDomainDriverSetupPersistentDefBlkioParams: applies what it can,
    // fails at the end if anything failed (the last error stays).
    Status failed;
    for (int i = 0; i < nparams; i++) {
      const virTypedParameter &p = params[i];
      if (!std::strcmp(p.field, VIR_DOMAIN_BLKIO_WEIGHT)) {
        def.blkio.weight = p.value.ui;
        continue;
      }
      auto devs = parse_blkio_devices(p.value.s, p.field);
      if (!devs.ok()) {
        failed = as_status(devs);
        continue;
      }
      merge_blkio_devices(def.blkio.devices, *devs, p.field);
    }
    if (!failed.ok()) return failed;
    return 0;
  }
  Result<int> domainGetBlkioParameters(virDomainPtr dom, virTypedParameterPtr params, int *nparams,
                                       unsigned flags) override {
    VK_TRY(check_flags(kFrom, "testDomainGetBlkioParameters", flags,
                       kLive | kConfig | VIR_TYPED_PARAM_STRING_OKAY));
    int maxparams = 6;
    if (*nparams == 0) {
      *nparams = 6;
      return 0;
    }
    if (*nparams < maxparams) maxparams = *nparams;
    *nparams = 0;
    auto vm_r = get(dom);
    VK_TRY(vm_r);
    auto defr = one_def(*vm_r->obj, flags, nullptr);
    VK_TRY(defr);
    const conf::DomainDef &def = **defr;
    put_uint(&params[(*nparams)++], VIR_DOMAIN_BLKIO_WEIGHT, def.blkio.weight);
    auto list = [&](auto field) {
      std::string out;
      for (const conf::BlkioDevice &d : def.blkio.devices) {
        unsigned long long v = field(d);
        if (!v) continue;
        out += d.path + "," + std::to_string(v) + ",";
      }
      while (!out.empty() && out.back() == ',') out.pop_back();
      return out;
    };
    const std::pair<const char *, std::string> devs[] = {
        {VIR_DOMAIN_BLKIO_DEVICE_WEIGHT, list([](const auto &d) { return d.weight; })},
        {VIR_DOMAIN_BLKIO_DEVICE_READ_IOPS, list([](const auto &d) { return d.riops; })},
        {VIR_DOMAIN_BLKIO_DEVICE_WRITE_IOPS, list([](const auto &d) { return d.wiops; })},
        {VIR_DOMAIN_BLKIO_DEVICE_READ_BPS, list([](const auto &d) { return d.rbps; })},
        {VIR_DOMAIN_BLKIO_DEVICE_WRITE_BPS, list([](const auto &d) { return d.wbps; })}};
    for (const auto &[name, value] : devs) {
      if (*nparams >= maxparams) break;
      Status s = put_str(&params[*nparams], name, value);
      if (!s.ok()) {
        virTypedParamsClear(params, *nparams);
        return s;
      }
      (*nparams)++;
    }
    return 0;
  }

  // ---- performance events and scheduler ----
  Result<int> domainSetPerfEvents(virDomainPtr dom, virTypedParameterPtr params, int nparams,
                                  unsigned flags) override {
    VK_TRY(check_flags(kFrom, "testDomainSetPerfEvents", flags, kLive | kConfig));
    std::vector<ParamSpec> specs;
    for (const char *name : conf::kPerfEventNames) specs.push_back({name, VIR_TYPED_PARAM_BOOLEAN});
    VK_TRY(validate_param_list(params, nparams, specs));
    auto vm_r = get(dom);
    VK_TRY(vm_r);
    auto defr = one_def(*vm_r->obj, flags, nullptr);
    VK_TRY(defr);
    for (int i = 0; i < nparams; i++)
      for (int k = 0; k < conf::kPerfEventCount; k++)
        if (!std::strcmp(params[i].field, conf::kPerfEventNames[k]))
          (*defr)->perf[static_cast<size_t>(k)] = params[i].value.b ? 1 : 2;
    return 0;
  }
  Result<int> domainGetPerfEvents(virDomainPtr dom, virTypedParameterPtr *params, int *nparams,
                                  unsigned flags) override {
    VK_TRY(check_flags(kFrom, "testDomainGetPerfEvents", flags,
                       kLive | kConfig | VIR_TYPED_PARAM_STRING_OKAY));
    auto vm_r = get(dom);
    VK_TRY(vm_r);
    auto defr = one_def(*vm_r->obj, flags, nullptr);
    VK_TRY(defr);
    virTypedParameterPtr par = nullptr;
    int npar = 0, maxpar = 0;
    for (int k = 0; k < conf::kPerfEventCount; k++)
      if (virTypedParamsAddBoolean(&par, &npar, &maxpar, conf::kPerfEventNames[k],
                                   (*defr)->perf[static_cast<size_t>(k)] == 1) < 0) {
        virTypedParamsFree(par, npar);
        return no_memory();
      }
    *params = par;
    *nparams = npar;
    return 0;
  }
  Result<char *> domainGetSchedulerType(virDomainPtr, int *nparams) override {
    if (nparams) *nparams = 1;
    return dup("fair");
  }
  Result<int> domainGetSchedulerParameters(virDomainPtr dom, virTypedParameterPtr params,
                                           int *nparams) override {
    return domainGetSchedulerParametersFlags(dom, params, nparams, 0);
  }
  Result<int> domainGetSchedulerParametersFlags(virDomainPtr dom, virTypedParameterPtr params,
                                                int *nparams, unsigned flags) override {
    VK_TRY(check_flags(kFrom, "testDomainGetSchedulerParametersFlags", flags, 0));
    auto vm_r = get(dom);
    VK_TRY(vm_r);
    put_uint(params, VIR_DOMAIN_SCHEDULER_WEIGHT, 50);
    *nparams = 1;
    return 0;
  }
  Result<int> domainSetSchedulerParameters(virDomainPtr dom, virTypedParameterPtr params,
                                           int nparams) override {
    return domainSetSchedulerParametersFlags(dom, params, nparams, 0);
  }
  Result<int> domainSetSchedulerParametersFlags(virDomainPtr dom, virTypedParameterPtr params,
                                                int nparams, unsigned flags) override {
    VK_TRY(check_flags(kFrom, "testDomainSetSchedulerParametersFlags", flags, 0));
    VK_TRY(validate_params(params, nparams, {{VIR_DOMAIN_SCHEDULER_WEIGHT, VIR_TYPED_PARAM_UINT}}));
    auto vm_r = get(dom);
    VK_TRY(vm_r);
    return 0;  // libvirt's test driver does not keep the weight
  }
  Result<int> domainGetCPUStats(virDomainPtr dom, virTypedParameterPtr params, unsigned nparams,
                                int start_cpu, unsigned ncpus, unsigned flags) override {
    VK_TRY(check_flags(kFrom, "testDomainGetCPUStats", flags, VIR_TYPED_PARAM_STRING_OKAY));
    auto vm_r = get(dom);
    VK_TRY(vm_r);
    VK_TRY(check_active(*vm_r->obj));
    if (start_cpu == -1) {
      if (nparams == 0) return 3;
      put_ull(&params[0], VIR_DOMAIN_CPU_STATS_CPUTIME, kTotalCpuTime);
      if (nparams > 1) put_ull(&params[1], VIR_DOMAIN_CPU_STATS_USERTIME, 5540000000ULL);
      if (nparams > 2) put_ull(&params[2], VIR_DOMAIN_CPU_STATS_SYSTEMTIME, 6460000000ULL);
      return static_cast<int>(std::min(nparams, 3u));
    }
    int total = static_cast<int>(st_->node_info.cores);
    if (nparams == 0 && ncpus != 0) return 2;
    if (ncpus == 0) return total;
    if (start_cpu >= total)
      return error(kFrom, VIR_ERR_INVALID_ARG, "start_cpu %d larger than maximum of %d", start_cpu,
                   total - 1);
    unsigned long long percpu = kTotalCpuTime / static_cast<unsigned long long>(total);
    int need = std::min(total, start_cpu + static_cast<int>(ncpus));
    for (int i = start_cpu; i < need; i++)
      put_ull(&params[static_cast<unsigned>(i - start_cpu) * nparams], VIR_DOMAIN_CPU_STATS_CPUTIME,
              percpu + static_cast<unsigned long long>(i));
    if (nparams > 1) {
      for (int i = start_cpu; i < need; i++)
        put_ull(&params[static_cast<unsigned>(i - start_cpu) * nparams + 1],
                VIR_DOMAIN_CPU_STATS_VCPUTIME,
                percpu + static_cast<unsigned long long>(i) - 1234567890ULL);
      return 2;
    }
    return 1;
  }
  // ---- guest file systems ----
  Result<int> domainFSFreeze(virDomainPtr dom, const char **mountpoints, unsigned n,
                             unsigned flags) override {
    return fs_freeze(dom, mountpoints, n, flags, true);
  }
  Result<int> domainFSThaw(virDomainPtr dom, const char **mountpoints, unsigned n,
                           unsigned flags) override {
    return fs_freeze(dom, mountpoints, n, flags, false);
  }
  Result<int> domainFSTrim(virDomainPtr dom, const char *mountPoint, unsigned long long,
                           unsigned flags) override {
    VK_TRY(check_flags(kFrom, "testDomainFSTrim", flags, 0));
    auto vm_r = get(dom);
    VK_TRY(vm_r);
    VK_TRY(check_active(*vm_r->obj));
    if (mountPoint && std::strcmp(mountPoint, "/") != 0 && std::strcmp(mountPoint, "/boot") != 0)
      return error(kFrom, VIR_ERR_OPERATION_INVALID, "mount point not found: %s", mountPoint);
    return 0;
  }
  Result<int> domainGetFSInfo(virDomainPtr dom, virDomainFSInfoPtr **info,
                              unsigned flags) override {
    VK_TRY(check_flags(kFrom, "testDomainGetFSInfo", flags, 0));
    auto vm_r = get(dom);
    VK_TRY(vm_r);
    Locked &vm = *vm_r;
    VK_TRY(check_active(*vm.obj));
    for (const conf::Disk &d : vm->def->disks) {
      if (d.device != conf::Disk::disk) continue;
      std::string name = d.dst ? *d.dst : std::string();
      auto *arr = static_cast<virDomainFSInfoPtr *>(std::calloc(2, sizeof(void *)));
      if (!arr) return no_memory();
      const char *mounts[] = {"/", "/boot"};
      for (int i = 0; i < 2; i++) {
        auto *fs = static_cast<virDomainFSInfoPtr>(std::calloc(1, sizeof(virDomainFSInfo)));
        arr[i] = fs;
        if (fs) {
          fs->mountpoint = strdup(mounts[i]);
          fs->fstype = strdup("ext4");
          fs->name = strdup((name + std::to_string(i + 1)).c_str());
          fs->devAlias = static_cast<char **>(std::calloc(1, sizeof(char *)));
          if (fs->devAlias) {
            fs->devAlias[0] = strdup(name.c_str());
            fs->ndevAlias = 1;
          }
        }
        if (!fs || !fs->mountpoint || !fs->fstype || !fs->name || !fs->devAlias ||
            !fs->devAlias[0]) {
          virDomainFSInfoFree(arr[0]);
          if (i == 1) virDomainFSInfoFree(arr[1]);
          std::free(arr);
          return no_memory();
        }
      }
      *info = arr;
      return 2;
    }
    return 0;
  }

  // ---- rename and metadata ----
  Result<int> domainRename(virDomainPtr dom, const char *new_name, unsigned flags) override {
    VK_TRY(check_flags(kFrom, "testDomainRename", flags, 0));
    auto vm_r = get(dom);
    VK_TRY(vm_r);
    Locked &vm = *vm_r;
    if (vm->active())
      return error(kFrom, VIR_ERR_OPERATION_INVALID, "%s", "cannot rename active domain");
    if (!vm->persistent)
      return error(kFrom, VIR_ERR_OPERATION_INVALID, "%s", "cannot rename a transient domain");
    if (vm->state != VIR_DOMAIN_SHUTOFF)
      return error(kFrom, VIR_ERR_OPERATION_INVALID, "%s",
                   "domain has to be shutoff before renaming");
    if (vm->name == new_name)
      return error(VIR_FROM_DOMAIN, VIR_ERR_OPERATION_INVALID, "%s",
                   "Can't rename domain to itself");
    if (st_->domains.find_by_name(new_name))
      return error(VIR_FROM_DOMAIN, VIR_ERR_OPERATION_INVALID,
                   "domain with name '%s' already exists", new_name);
    if (std::strchr(new_name, '/'))
      return error(kFrom, VIR_ERR_XML_ERROR, "name %s cannot contain '/'", new_name);
    std::string old_name = vm->name;
    if (!st_->domains.rename(vm.shared(), new_name))
      return error(VIR_FROM_DOMAIN, VIR_ERR_OPERATION_INVALID,
                   "domain with name '%s' already exists", new_name);
    st_->events->queue(lifecycle_event(EventClass::domain, VIR_DOMAIN_EVENT_ID_LIFECYCLE, old_name,
                                       vm->uuid, vm->def->id, VIR_DOMAIN_EVENT_UNDEFINED,
                                       VIR_DOMAIN_EVENT_UNDEFINED_RENAMED));
    emit(*vm.obj, VIR_DOMAIN_EVENT_DEFINED, VIR_DOMAIN_EVENT_DEFINED_RENAMED);
    return 0;
  }
  Result<char *> domainGetMetadata(virDomainPtr dom, int type, const char *uri,
                                   unsigned flags) override {
    VK_TRY(check_flags(kFrom, "testDomainGetMetadata", flags, kLive | kConfig));
    auto vm_r = get(dom);
    VK_TRY(vm_r);
    VK_TRY(check_flags(VIR_FROM_DOMAIN, "virDomainObjGetMetadata", flags, kLive | kConfig));
    if (type >= VIR_DOMAIN_METADATA_ELEMENT + 1)
      return error(VIR_FROM_DOMAIN, VIR_ERR_INVALID_ARG, "unknown metadata type '%d'", type);
    auto defr = one_def(*vm_r->obj, flags, nullptr);
    VK_TRY(defr);
    const conf::DomainDef &def = **defr;
    std::optional<std::string> out;
    if (type == VIR_DOMAIN_METADATA_DESCRIPTION) out = def.description;
    if (type == VIR_DOMAIN_METADATA_TITLE) out = def.title;
    if (type == VIR_DOMAIN_METADATA_ELEMENT) {
      auto el = conf::metadata_element(def, uri);
      VK_TRY(el);
      out = std::move(*el);
    }
    if (!out)
      return error(VIR_FROM_DOMAIN, VIR_ERR_NO_DOMAIN_METADATA, "%s",
                   "Requested metadata element is not present");
    return dup(*out);
  }
  Result<int> domainSetMetadata(virDomainPtr dom, int type, const char *metadata, const char *key,
                                const char *uri, unsigned flags) override {
    VK_TRY(check_flags(kFrom, "testDomainSetMetadata", flags, kLive | kConfig));
    auto vm_r = get(dom);
    VK_TRY(vm_r);
    Locked &vm = *vm_r;
    conf::DomainDef *live = nullptr, *pers = nullptr;
    VK_TRY(get_defs(*vm.obj, flags, &live, &pers));
    for (conf::DomainDef *d : {live, pers}) {
      if (!d) continue;
      if (type >= VIR_DOMAIN_METADATA_ELEMENT + 1)
        return error(VIR_FROM_DOMAIN, VIR_ERR_INVALID_ARG, "unknown metadata type '%d'", type);
      std::optional<std::string> value;
      if (metadata && *metadata) value = metadata;
      if (type == VIR_DOMAIN_METADATA_DESCRIPTION) d->description = value;
      if (type == VIR_DOMAIN_METADATA_TITLE) d->title = value;
      if (type == VIR_DOMAIN_METADATA_ELEMENT)
        VK_TRY(conf::set_metadata_element(*d, metadata, key, uri));
    }
    ObjectEvent ev = lifecycle_event(EventClass::domain, VIR_DOMAIN_EVENT_ID_METADATA_CHANGE,
                                     vm->name, vm->uuid, vm->def->id, type, 0);
    if (uri) ev.text = uri;
    ev.has_text = uri != nullptr;
    st_->events->queue(std::move(ev));
    return 0;
  }

  // ---- addresses and statistics ----
  Result<int> domainInterfaceAddresses(virDomainPtr dom, virDomainInterfacePtr **ifaces,
                                       unsigned source, unsigned flags) override {
    VK_TRY(check_flags(kFrom, "testDomainInterfaceAddresses", flags, 0));
    if (source > VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_ARP)
      return error(kFrom, VIR_ERR_ARGUMENT_UNSUPPORTED, "Unknown IP address data source %d",
                   static_cast<int>(source));
    std::vector<conf::Net> nets;
    int id = -1;
    {
      auto vm_r = get(dom);
      VK_TRY(vm_r);
      Locked &vm = *vm_r;
      VK_TRY(check_active(*vm.obj));
      nets = vm->def->nets;
      id = vm->def->id;
    }
    std::vector<virDomainInterfacePtr> out;
    auto cleanup = [&]() {
      for (virDomainInterfacePtr i : out) virDomainInterfaceFree(i);
    };
    for (size_t i = 0; i < nets.size(); i++) {
      const conf::Net &net = nets[i];
      auto *iface = static_cast<virDomainInterfacePtr>(std::calloc(1, sizeof(virDomainInterface)));
      if (!iface) {
        cleanup();
        return no_memory();
      }
      out.push_back(iface);
      iface->name = net.ifname ? strdup(net.ifname->c_str()) : nullptr;
      iface->hwaddr = strdup(conf::format_mac(net.mac).c_str());
      iface->addrs = static_cast<virDomainIPAddressPtr>(std::calloc(1, sizeof(virDomainIPAddress)));
      if (!iface->hwaddr || !iface->addrs || (net.ifname && !iface->name)) {
        cleanup();
        return no_memory();
      }
      iface->naddrs = 1;
      if (net.type == conf::Net::network) {
        unsigned offset = static_cast<unsigned>(20 * (id - 1)) + static_cast<unsigned>(i) + 1;
        Status s = address_from_network(dom->conn, net, offset, iface->addrs[0]);
        if (!s.ok()) {
          cleanup();
          return s;
        }
      } else {
        iface->addrs[0].type = VIR_IP_ADDR_TYPE_IPV4;
        iface->addrs[0].prefix = 24;
        iface->addrs[0].addr = strdup(("192.168.0." + std::to_string(i + 1)).c_str());
        if (!iface->addrs[0].addr) {
          cleanup();
          return no_memory();
        }
      }
    }
    auto *arr = static_cast<virDomainInterfacePtr *>(
        std::calloc(std::max<size_t>(out.size(), 1), sizeof(void *)));
    if (!arr) {
      cleanup();
      return no_memory();
    }
    std::copy(out.begin(), out.end(), arr);
    *ifaces = arr;
    return static_cast<int>(out.size());
  }

  Result<int> connectGetAllDomainStats(virConnectPtr conn, virDomainPtr *doms, unsigned ndoms,
                                       unsigned stats, virDomainStatsRecordPtr **retStats,
                                       unsigned flags) override {
    const unsigned filters = VIR_CONNECT_LIST_DOMAINS_ACTIVE | VIR_CONNECT_LIST_DOMAINS_INACTIVE |
                             VIR_CONNECT_LIST_DOMAINS_PERSISTENT |
                             VIR_CONNECT_LIST_DOMAINS_TRANSIENT | VIR_CONNECT_LIST_DOMAINS_RUNNING |
                             VIR_CONNECT_LIST_DOMAINS_PAUSED | VIR_CONNECT_LIST_DOMAINS_SHUTOFF |
                             VIR_CONNECT_LIST_DOMAINS_OTHER;
    VK_TRY(check_flags(kFrom, "testConnectGetAllDomainStats", flags,
                       filters | VIR_CONNECT_GET_ALL_DOMAINS_STATS_NOWAIT |
                           VIR_CONNECT_GET_ALL_DOMAINS_STATS_BACKING |
                           VIR_CONNECT_GET_ALL_DOMAINS_STATS_ENFORCE_STATS));
    const unsigned supported = VIR_DOMAIN_STATS_STATE | VIR_DOMAIN_STATS_IOTHREAD;
    if (!stats)
      stats = supported;
    else if ((flags & VIR_CONNECT_GET_ALL_DOMAINS_STATS_ENFORCE_STATS) && (stats & ~supported))
      return error(kFrom, VIR_ERR_ARGUMENT_UNSUPPORTED,
                   "Stats types bits 0x%x are not supported by this daemon", stats & ~supported);
    unsigned lflags = flags & filters;
    std::vector<DomainPtr> objs;
    if (ndoms) {
      for (unsigned i = 0; i < ndoms; i++)
        if (DomainPtr o = st_->domains.find_by_uuid(doms[i]->uuid)) objs.push_back(std::move(o));
    } else {
      objs = st_->domains.all();
    }
    std::vector<virDomainStatsRecordPtr> records;
    auto cleanup = [&]() {
      for (virDomainStatsRecordPtr r : records) {
        virTypedParamsFree(r->params, r->nparams);
        if (r->dom) handles::unref(r->dom);
        std::free(r);
      }
    };
    for (const DomainPtr &obj : objs) {
      std::lock_guard g(obj->lock);
      if (obj->removed || !matches(*obj, lflags)) continue;
      virTypedParameterPtr par = nullptr;
      int npar = 0, maxpar = 0;
      bool ok = true;
      if (stats & VIR_DOMAIN_STATS_STATE) {
        ok = ok && virTypedParamsAddInt(&par, &npar, &maxpar, "state.state", obj->state) == 0;
        ok = ok && virTypedParamsAddInt(&par, &npar, &maxpar, "state.reason", obj->reason) == 0;
      }
      if ((stats & VIR_DOMAIN_STATS_IOTHREAD) && obj->active() && !obj->iothread_info.empty()) {
        ok = ok && virTypedParamsAddUInt(&par, &npar, &maxpar, "iothread.count",
                                         static_cast<unsigned>(obj->iothread_info.size())) == 0;
        for (const auto &t : obj->iothread_info) {
          std::string p = "iothread." + std::to_string(t.id) + ".";
          ok = ok && virTypedParamsAddULLong(&par, &npar, &maxpar, (p + "poll-max-ns").c_str(),
                                             t.poll_max_ns) == 0;
          ok = ok && virTypedParamsAddUInt(&par, &npar, &maxpar, (p + "poll-grow").c_str(),
                                           t.poll_grow) == 0;
          ok = ok && virTypedParamsAddUInt(&par, &npar, &maxpar, (p + "poll-shrink").c_str(),
                                           t.poll_shrink) == 0;
        }
      }
      auto *rec =
          static_cast<virDomainStatsRecordPtr>(std::calloc(1, sizeof(virDomainStatsRecord)));
      if (!ok || !rec) {
        virTypedParamsFree(par, npar);
        std::free(rec);
        cleanup();
        return no_memory();
      }
      rec->params = par;
      rec->nparams = npar;
      records.push_back(rec);
      rec->dom = handles::new_domain(conn, obj->name, obj->uuid, obj->def->id, obj);
    }
    auto *arr = static_cast<virDomainStatsRecordPtr *>(
        std::calloc(records.size() + 1, sizeof(virDomainStatsRecordPtr)));
    if (!arr) {
      cleanup();
      return no_memory();
    }
    std::copy(records.begin(), records.end(), arr);
    *retStats = arr;
    return static_cast<int>(records.size());
  }
  Result<int> connectGetCPUModelNames(virConnectPtr, const char *archName, char ***models,
                                      unsigned flags) override {
    VK_TRY(check_flags(kFrom, "testConnectGetCPUModelNames", flags, 0));
    return cpu::model_names(archName, models);
  }
  Result<char *> connectBaselineCPU(virConnectPtr, const char **xmlCPUs, unsigned ncpus,
                                    unsigned flags) override {
    VK_TRY(check_flags(kFrom, "testConnectBaselineCPU", flags,
                       VIR_CONNECT_BASELINE_CPU_EXPAND_FEATURES));
    return cpu::baseline(xmlCPUs, ncpus, flags);
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
  // A no-op on a running domain (reset, NMI, password...).
  Result<int> active_noop(virDomainPtr dom, unsigned flags, unsigned allowed, const char *fn) {
    VK_TRY(check_flags(kFrom, fn, flags, allowed));
    auto vm_r = get(dom);
    VK_TRY(vm_r);
    VK_TRY(check_active(*vm_r->obj));
    return 0;
  }

  // All the host's CPUs.
  const std::set<unsigned> &host_set() const {
    static thread_local std::set<unsigned> s;
    unsigned n = host_cpus(st_->node_info);
    if (s.size() != n) s = all_cpus(n);
    return s;
  }

  static conf::IOThreadId *find_iothread(conf::DomainDef &def, unsigned id) {
    for (conf::IOThreadId &t : def.iothreads)
      if (t.id == id) return &t;
    return nullptr;
  }

  static bool has_balloon(const conf::DomainDef &def) {
    return def.memballoon && def.memballoon->model != conf::Memballoon::none;
  }

  // virStorageSourceIsEmpty.
  static bool disk_empty(const conf::Disk &d) {
    if (d.storage_type >= 1 && d.storage_type <= 3 && !d.path) return true;
    if (d.storage_type == 0) return true;
    if (d.storage_type == 4 && !d.protocol) return true;
    return false;
  }

  static const char *codeset_name(unsigned codeset) {
    static const char *const names[] = {"linux", "xt",     "atset1", "atset2", "atset3",
                                        "os_x",  "xt_kbd", "usb",    "win32",  "qnum"};
    return codeset < 10 ? names[codeset] : "(null)";
  }
  // Whether a key code exists in its code set (the ranges of libvirt's
  // keymap tables).
  static bool valid_keycode(unsigned codeset, unsigned key) {
    switch (codeset) {
      case VIR_KEYCODE_SET_LINUX:
        return key < 0x300;
      case VIR_KEYCODE_SET_XT:
      case VIR_KEYCODE_SET_ATSET1:
      case VIR_KEYCODE_SET_XT_KBD:
      case VIR_KEYCODE_SET_QNUM:
        return key > 0 && key < 0xe080;
      case VIR_KEYCODE_SET_ATSET2:
      case VIR_KEYCODE_SET_ATSET3:
        return key > 0 && key < 0xe200;
      case VIR_KEYCODE_SET_OSX:
        return key < 0x80;
      case VIR_KEYCODE_SET_USB:
        return key < 0x100;
      case VIR_KEYCODE_SET_WIN32:
        return key > 0 && key < 0x100;
      default:
        return false;
    }
  }

  Result<int> fs_freeze(virDomainPtr dom, const char **mountpoints, unsigned n, unsigned flags,
                        bool freeze) {
    VK_TRY(check_flags(kFrom, freeze ? "testDomainFSFreeze" : "testDomainFSThaw", flags, 0));
    auto vm_r = get(dom);
    VK_TRY(vm_r);
    Locked &vm = *vm_r;
    VK_TRY(check_active(*vm.obj));
    bool *frozen = vm->frozen;
    if (n == 0) {
      int changed = 0;
      for (int i = 0; i < 2; i++) changed += frozen[i] != freeze;
      frozen[0] = frozen[1] = freeze;
      return changed;
    }
    bool next[2] = {frozen[0], frozen[1]};
    int changed = 0;
    for (unsigned i = 0; i < n; i++) {
      int idx = !std::strcmp(mountpoints[i], "/")       ? 0
                : !std::strcmp(mountpoints[i], "/boot") ? 1
                                                        : -1;
      if (idx < 0)
        return error(kFrom, VIR_ERR_OPERATION_INVALID, "mount point not found: %s", mountpoints[i]);
      if (next[idx] != freeze) {
        next[idx] = freeze;
        changed++;
      }
    }
    frozen[0] = next[0];
    frozen[1] = next[1];
    return changed;
  }

  // testDomainInterfaceAddressFromNet: the network's first DHCP address (or
  // its own), moved on by `offset`.
  static Status address_from_network(virConnectPtr conn, const conf::Net &net, unsigned offset,
                                     virDomainIPAddress &out) {
    const char *name = net.network_name ? net.network_name->c_str() : "";
    std::string xml;
    {
      virNetworkPtr n = virNetworkLookupByName(conn, name);
      char *text = n ? virNetworkGetXMLDesc(n, 0) : nullptr;
      if (n) virNetworkFree(n);
      virResetLastError();
      if (!text)
        return error(kFrom, VIR_ERR_NO_NETWORK, "no network with matching name '%s'", name);
      xml = text;
      std::free(text);
    }
    auto doc = xml::parse_string(VIR_FROM_NETWORK, xml.c_str(), "(network)", nullptr, true);
    VK_TRY(doc);
    xmlNodePtr ip = xml::xpath_node(doc->ctxt(), "/network/ip[1]");
    if (!ip) return error(kFrom, VIR_ERR_INTERNAL_ERROR, "%s", "network has no address");
    auto address = xml::prop(ip, "address");
    auto netmask = xml::prop(ip, "netmask");
    auto prefix = xml::prop(ip, "prefix");
    auto family = xml::prop(ip, "family");
    std::string start;
    if (xmlNodePtr r = xml::xpath_node(doc->ctxt(), "/network/ip[1]/dhcp/range[1]"))
      start = xml::prop(r, "start").value_or("");
    bool v6 = family && *family == "ipv6";
    std::string base = !start.empty() ? start : address.value_or("");
    unsigned pfx = 0;
    if (prefix) xml::str_to_ui(prefix->c_str(), 10, pfx);
    char buf[INET6_ADDRSTRLEN] = {};
    if (v6) {
      unsigned char a[16];
      if (inet_pton(AF_INET6, base.c_str(), a) != 1)
        return error(kFrom, VIR_ERR_INTERNAL_ERROR, "%s", "invalid network address");
      a[15] = static_cast<unsigned char>(a[15] + offset);
      inet_ntop(AF_INET6, a, buf, sizeof buf);
      out.type = VIR_IP_ADDR_TYPE_IPV6;
      if (!pfx) pfx = 64;
    } else {
      struct in_addr a {};
      if (inet_pton(AF_INET, base.c_str(), &a) != 1)
        return error(kFrom, VIR_ERR_INTERNAL_ERROR, "%s", "invalid network address");
      a.s_addr = htonl(ntohl(a.s_addr) + offset);
      inet_ntop(AF_INET, &a, buf, sizeof buf);
      out.type = VIR_IP_ADDR_TYPE_IPV4;
      if (!pfx) {
        struct in_addr m {};
        if (netmask && inet_pton(AF_INET, netmask->c_str(), &m) == 1) {
          pfx = static_cast<unsigned>(__builtin_popcount(ntohl(m.s_addr)));
        } else {
          struct in_addr n {};
          inet_pton(AF_INET, address.value_or("").c_str(), &n);
          unsigned first = ntohl(n.s_addr) >> 24;
          pfx = first < 128 ? 8 : first < 192 ? 16 : first < 224 ? 24 : 0;
        }
      }
    }
    out.prefix = pfx;
    out.addr = strdup(buf);
    if (!out.addr) return no_memory();
    return Status();
  }

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
    VK_TRY(authenticate(**st, auth, uri));
    return std::unique_ptr<driver::Hypervisor>(new TestHypervisor(std::move(*st)));
  }

 private:
  // testConnectAuthenticate: a configuration with <auth> users demands a
  // user name and, unless the user is known and has none, a password.
  static Status authenticate(const DriverState &st, virConnectAuthPtr auth,
                             const driver::Uri &uri) {
    if (st.auths.empty()) return Status();
    // auth.conf first, then the application's callback.
    const std::string conf = util::auth_file_path(uri.params);
    auto user = util::auth_username(conf, auth, "test", nullptr, "localhost");
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
      auto pw = util::auth_password(conf, auth, "test", **user, "localhost");
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
