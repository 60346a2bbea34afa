// SPDX-License-Identifier: LGPL-2.1-or-later
#include "xml/domain_def.h"

#include <libxml/xpathInternals.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string_view>
#include <type_traits>
#include <utility>

#include "util/numbers.h"
#include "util/uuid.h"
#include "xml/domain_controller.h"
#include "xml/domain_cputune.h"
#include "xml/domain_launchsec.h"
#include "xml/domain_numa.h"
#include "xml/domain_sysinfo.h"
#include "xml/domain_video.h"
#include "xml/storage_def.h"
#include "xml/xml.h"

namespace virtkit::conf {

using xml::Buffer;
using Names = std::vector<std::string_view>;

namespace {

constexpr int kFromDomain = VIR_FROM_DOMAIN;
constexpr const char *kTestNsUri = "http://libvirt.org/schemas/domain/test/1.0";

// ---- libvirt's string tables ----
const Names kVirtTypes{"none", "qemu",      "kqemu", "kvm",    "xen",    "lxc",
                       "uml",  "openvz",    "test",  "vmware", "hyperv", "vbox",
                       "phyp", "parallels", "bhyve", "vz",     "hvf"};
const Names kOsTypes{"hvm", "xen", "linux", "exe", "uml", "xenpvh"};
const Names kArches{"none",         "alpha",    "armv6l",  "armv7l",    "armv7b",   "aarch64",
                    "cris",         "i686",     "ia64",    "lm32",      "m68k",     "microblaze",
                    "microblazeel", "mips",     "mipsel",  "mips64",    "mips64el", "openrisc",
                    "parisc",       "parisc64", "ppc",     "ppcle",     "ppc64",    "ppc64le",
                    "ppcemb",       "riscv32",  "riscv64", "s390",      "s390x",    "sh4",
                    "sh4eb",        "sparc",    "sparc64", "unicore32", "x86_64",   "xtensa",
                    "xtensaeb"};
const Names kBootDevs{"fd", "cdrom", "hd", "network"};
const Names kLifecycle{"destroy",  "restart",          "rename-restart",
                       "preserve", "coredump-destroy", "coredump-restart"};
const Names kClockOffsets{"utc", "localtime", "variable", "timezone", "absolute"};
const Names kClockBasis{"utc", "localtime"};
const Names kPlacement{"static", "auto"};
const Names kTristateBool{"absent", "yes", "no"};
const Names kTristateSwitch{"absent", "on", "off"};
const Names kFeatures{"acpi",      "apic", "pae",        "hap",          "viridian",   "privnet",
                      "hyperv",    "kvm",  "pvspinlock", "capabilities", "pmu",        "vmport",
                      "gic",       "smm",  "ioapic",     "hpt",          "vmcoreinfo", "htm",
                      "nested-hv", "msrs", "ccf-assist", "xen",          "cfpc",       "sbbc",
                      "ibs",       "tcg"};
enum Feature {
  F_ACPI,
  F_APIC,
  F_PAE,
  F_HAP,
  F_VIRIDIAN,
  F_PRIVNET,
  F_HYPERV,
  F_KVM,
  F_PVSPINLOCK,
  F_CAPABILITIES,
  F_PMU,
  F_VMPORT,
  F_GIC,
  F_SMM,
  F_IOAPIC,
  F_HPT,
  F_VMCOREINFO,
  F_HTM,
  F_NESTED_HV,
  F_MSRS,
  F_CCF_ASSIST,
  F_XEN,
  F_CFPC,
  F_SBBC,
  F_IBS,
  F_TCG
};
const Names kInputTypes{"mouse", "tablet", "keyboard", "passthrough", "evdev"};
const Names kInputBuses{"ps2", "usb", "xen", "parallels", "virtio", "none"};
const Names kInputModels{"default", "virtio", "virtio-transitional", "virtio-non-transitional"};
const Names kCpuModes{"custom", "host-model", "host-passthrough", "maximum"};
const Names kCpuMatch{"exact", "minimum", "strict"};
const Names kCpuCheck{"default", "none", "partial", "full"};
const Names kCpuFallback{"allow", "forbid"};
const Names kCpuPolicy{"force", "require", "optional", "disable", "forbid"};
const Names kVideoTypes{"default",   "vga",    "cirrus", "vmvga", "xen",   "vbox", "qxl",
                        "parallels", "virtio", "gop",    "none",  "bochs", "ramfb"};
const Names kVideoBackends{"default", "qemu", "vhostuser"};
// Tables the parser and the formatter share (libvirt's enum order).
const Names kCpuCacheModes{"emulate", "passthrough", "disable"};
const Names kMaxPhysAddrModes{"emulate", "passthrough"};
const Names kGicVersions{"none", "host", "2", "3"};
const Names kIoapicDrivers{"none", "qemu", "kvm"};
const Names kLockFailureActions{"default", "poweroff", "restart", "pause", "ignore"};
const Names kKeyWrapCiphers{"aes", "dea"};
const Names kShmemModels{"ivshmem", "ivshmem-plain", "ivshmem-doorbell"};
const Names kShmemRoles{"default", "master", "peer"};
const Names kNumatuneModes{"strict", "preferred", "interleave", "restrictive"};

const char *name_at(const Names &names, int i) {
  return (i >= 0 && static_cast<size_t>(i) < names.size()) ? names[static_cast<size_t>(i)].data()
                                                           : "";
}
template <typename E>
requires std::is_enum_v<E>
const char *name_at(const Names &names, E e) {
  return name_at(names, static_cast<int>(e));
}

// xml::prop_enum and xml::prop_tristate_* into a field of an enum class
// (the string table lists its enumerators in order).
template <typename E>
requires std::is_enum_v<E> Result<int> prop_enum_into(xmlNodePtr node, const char *name,
                                                      const Names &names, unsigned flags, E &out,
                                                      E dflt = E{}) {
  int v = static_cast<int>(out);
  auto rv = xml::prop_enum(node, name, names, flags, v, static_cast<int>(dflt));
  out = static_cast<E>(v);
  return rv;
}

using xml::prop;
using xml::xpath_node;
using xml::xpath_nodes;
using xml::xpath_string;

// ---- small pieces ----

// virDiskNameParse's index, or -1.
int disk_name_to_index(const std::string &name) {
  static const char *const prefixes[] = {"fd", "hd", "vd", "sd", "xvd", "ubd"};
  const char *ptr = nullptr;
  for (const char *p : prefixes) {
    size_t n = std::strlen(p);
    if (name.compare(0, n, p) == 0) {
      ptr = name.c_str() + n;
      break;
    }
  }
  if (!ptr || !(*ptr >= 'a' && *ptr <= 'z')) return -1;
  int idx = 0;
  for (int i = 0; *ptr; i++) {
    if (!(*ptr >= 'a' && *ptr <= 'z')) break;
    idx = (idx + (i < 1 ? 0 : 1)) * 26;
    idx += *ptr - 'a';
    ptr++;
  }
  size_t digits = std::strspn(ptr, "0123456789");
  if (ptr[digits] != 0) return -1;
  return idx;
}

}  // namespace

namespace {

void random_bytes(unsigned char *buf, size_t n) {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  for (size_t i = 0; i < n; i++) buf[i] = static_cast<unsigned char>(rng() & 0xff);
}

// ---- top-level pieces ----

Status parse_ids(DomainDef &def, xmlXPathContextPtr ctxt, unsigned flags) {
  def.id = -1;
  if (!(flags & kParseInactive)) {
    int id = -1;
    VK_TRY(xml::prop_int(ctxt->node, "id", 10, xml::kPropNonNegative, id, -1));
    def.id = id;
  }
  auto name = xpath_string(ctxt, "string(./name[1])");
  if (!name) return error(kFromDomain, VIR_ERR_NO_NAME);
  def.name = *name;

  auto uuid = xpath_string(ctxt, "string(./uuid[1])");
  if (!uuid) {
    generate_uuid(def.uuid);
  } else {
    if (!util::parse_uuid(uuid->c_str(), def.uuid))
      return error(kFromDomain, VIR_ERR_INTERNAL_ERROR, "%s", "malformed uuid element");
  }

  auto genids = xpath_nodes(ctxt, "./genid");
  if (genids.size() > 1)
    return error(kFromDomain, VIR_ERR_XML_ERROR, "%s", "element 'genid' can only appear once");
  if (genids.size() == 1) {
    std::array<unsigned char, 16> g{};
    auto text = xpath_string(ctxt, "string(./genid)");
    if (!text)
      generate_uuid(g.data());
    else if (!util::parse_uuid(text->c_str(), g.data()))
      return error(kFromDomain, VIR_ERR_INTERNAL_ERROR, "%s", "malformed genid element");
    def.genid = g;
  }
  return Status();
}

Status parse_caps(DomainDef &def, xmlXPathContextPtr ctxt, const ParseOptions &opts) {
  auto virttype = xpath_string(ctxt, "string(./@type)");
  auto ostype = xpath_string(ctxt, "string(./os/type[1])");
  auto arch = xpath_string(ctxt, "string(./os/type[1]/@arch)");
  def.os.bootloader = xpath_string(ctxt, "string(./bootloader)");
  def.os.bootloader_args = xpath_string(ctxt, "string(./bootloader_args)");
  def.os.machine = xpath_string(ctxt, "string(./os/type[1]/@machine)");
  def.emulator = xpath_string(ctxt, "string(./devices/emulator[1])");

  if (!virttype)
    return error(kFromDomain, VIR_ERR_INTERNAL_ERROR, "%s", "missing domain type attribute");
  int vt = xml::enum_from_string(kVirtTypes, *virttype);
  if (vt < 0)
    return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "invalid domain type %s",
                 virttype->c_str());
  def.virt_type = static_cast<VirtType>(vt);

  if (!ostype) {
    if (def.os.bootloader)
      def.os.type = OsType::xen;
    else
      return error(kFromDomain, VIR_ERR_XML_ERROR, "%s", "an os <type> must be specified");
  } else {
    int ot = xml::enum_from_string(kOsTypes, *ostype);
    if (ot < 0)
      return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "unknown OS type '%s'",
                   ostype->c_str());
    def.os.type = static_cast<OsType>(ot);
  }
  if (def.os.type == OsType::linux && def.virt_type == VirtType::xen) def.os.type = OsType::xen;

  if (arch) {
    if (xml::enum_from_string(kArches, *arch) <= 0)
      return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "Unknown architecture %s",
                   arch->c_str());
    def.os.arch = *arch;
  } else {
    def.os.arch = opts.default_arch;
  }
  return Status();
}

Status parse_memory(DomainDef &def, xmlXPathContextPtr ctxt) {
  const unsigned long long max = LLONG_MAX;
  auto parse_mem = [&](const char *xpath, unsigned long long &out) -> Status {
    unsigned long long bytes = 0;
    VK_TRY(xml::parse_scaled_value(ctxt, xpath, nullptr, 1024, max, false, bytes));
    out = (bytes + 1023) / 1024;
    if (out >= (max + 1023) / 1024)
      return error(kFromDomain, VIR_ERR_OVERFLOW, "%s", "size value too large");
    return Status();
  };
  VK_TRY(parse_mem("./memory[1]", def.total_memory));
  VK_TRY(parse_mem("./currentMemory[1]", def.cur_balloon));
  VK_TRY(parse_mem("./maxMemory[1]", def.max_memory));
  if (xml::xpath_uint(ctxt, "string(./maxMemory[1]/@slots)", def.memory_slots) == -2)
    return error(kFromDomain, VIR_ERR_XML_ERROR, "%s", "Failed to parse memory slot count");
  if (xmlNodePtr node = xpath_node(ctxt, "./memory[1]"))
    VK_TRY(xml::prop_tristate_switch(node, "dumpCore", xml::kPropNone, def.dump_core));
  return Status();
}

Status parse_vcpu(DomainDef &def, xmlXPathContextPtr ctxt) {
  unsigned maxv = 1, cur = 1;
  if (xmlNodePtr node = xpath_node(ctxt, "./vcpu[1]")) {
    std::string text = xml::content(node);
    if (!util::str_to_ui(text.c_str(), 10, maxv))
      return error(kFromDomain, VIR_ERR_XML_ERROR, "%s", "maximum vcpus count must be an integer");
    auto rc = xml::prop_uint(node, "current", 10, xml::kPropNone, cur);
    VK_TRY(rc);
    if (*rc == 0) cur = maxv;
    int placement = 0;
    VK_TRY(xml::prop_enum(node, "placement", kPlacement, xml::kPropNone, placement, 0));
    def.placement = static_cast<Placement>(placement);
    if (def.placement != Placement::auto_) {
      if (auto cpuset = prop(node, "cpuset")) {
        auto bits = util::parse_bitmap(*cpuset, kCpumaskLen);
        VK_TRY(bits);
        if (bits->empty())
          return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "Invalid value of 'cpuset': %s",
                       cpuset->c_str());
        def.cpumask = std::move(*bits);
      }
    }
  }
  def.max_vcpus = maxv;
  auto individual = parse_vcpu_states(def, ctxt);
  VK_TRY(individual);
  if (*individual) return Status();
  if (cur > maxv)
    return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                 "maximum vCPU count must not be less than current vCPU count");
  def.vcpus = cur;
  return Status();
}

// virCPUDefParseXML for a guest CPU.
Status parse_cpu(DomainDef &def, xmlXPathContextPtr ctxt) {
  xml::NodeRestore restore(ctxt);
  xmlNodePtr node = xpath_node(ctxt, "./cpu[1]");
  if (!node) return Status();
  ctxt->node = node;
  constexpr int kFromCpu = VIR_FROM_CPU;
  Cpu cpu;
  if (auto mode = prop(node, "mode")) {
    cpu.mode = xml::enum_from_string(kCpuModes, *mode);
    if (cpu.mode < 0)
      return error(kFromCpu, VIR_ERR_CONFIG_UNSUPPORTED, "Invalid mode attribute '%s'",
                   mode->c_str());
  }
  auto rv = prop_tristate(node, "migratable", xml::kPropNone, cpu.migratable);
  VK_TRY(rv);
  if (*rv > 0 && cpu.mode != Cpu::host_passthrough && cpu.mode != Cpu::maximum)
    return error(kFromCpu, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                 "Attribute migratable is only allowed for 'host-passthrough' / 'maximum' CPU "
                 "mode");
  VK_TRY(prop_enum_into(node, "match", kCpuMatch, xml::kPropNone, cpu.match));
  VK_TRY(prop_enum_into(node, "check", kCpuCheck, xml::kPropNone, cpu.check));
  cpu.model = xpath_string(ctxt, "string(./model[1])");
  if (cpu.mode != Cpu::host_passthrough && cpu.mode != Cpu::maximum) {
    if (auto fb = xpath_string(ctxt, "string(./model[1]/@fallback)")) {
      int fallback = xml::enum_from_string(kCpuFallback, *fb);
      if (fallback < 0)
        return error(kFromCpu, VIR_ERR_CONFIG_UNSUPPORTED, "%s", "Invalid fallback attribute");
      cpu.fallback = static_cast<CpuFallback>(fallback);
    }
    if (auto vid = xpath_string(ctxt, "string(./model[1]/@vendor_id)")) {
      if (vid->size() != 12)
        return error(kFromCpu, VIR_ERR_XML_ERROR, "vendor_id must be exactly %d characters long",
                     12);
      if (vid->find(',') != std::string::npos)
        return error(kFromCpu, VIR_ERR_XML_ERROR, "%s", "vendor id is invalid");
      cpu.vendor_id = vid;
    }
  }
  cpu.vendor = xpath_string(ctxt, "string(./vendor[1])");
  if (cpu.vendor && !cpu.model)
    return error(kFromCpu, VIR_ERR_XML_ERROR, "%s", "CPU vendor specified without CPU model");
  if (xmlNodePtr topo = xpath_node(ctxt, "./topology[1]")) {
    VK_TRY(
        xml::prop_uint(topo, "sockets", 10, xml::kPropRequired | xml::kPropNonZero, cpu.sockets));
    auto rc = xml::prop_uint(topo, "dies", 10, xml::kPropNonZero, cpu.dies);
    VK_TRY(rc);
    if (*rc == 0) cpu.dies = 1;
    VK_TRY(xml::prop_uint(topo, "cores", 10, xml::kPropRequired | xml::kPropNonZero, cpu.cores));
    VK_TRY(
        xml::prop_uint(topo, "threads", 10, xml::kPropRequired | xml::kPropNonZero, cpu.threads));
  }
  auto feats = xpath_nodes(ctxt, "./feature");
  if (!feats.empty() && !cpu.model && cpu.mode == Cpu::custom)
    return error(kFromCpu, VIR_ERR_XML_ERROR, "%s",
                 "Non-empty feature list specified without CPU model");
  for (xmlNodePtr f : feats) {
    int policy = 1;
    if (auto p = prop(f, "policy")) {
      if ((policy = xml::enum_from_string(kCpuPolicy, *p)) < 0)
        return error(kFromCpu, VIR_ERR_CONFIG_UNSUPPORTED, "%s", "Invalid CPU feature policy");
    }
    auto name = prop(f, "name");
    if (!name || name->empty())
      return error(kFromCpu, VIR_ERR_XML_ERROR, "%s", "Invalid CPU feature name");
    for (const auto &[pol, n] : cpu.features)
      if (n == *name)
        return error(kFromCpu, VIR_ERR_XML_ERROR, "CPU feature '%s' specified more than once",
                     name->c_str());
    cpu.features.emplace_back(policy, *name);
  }
  auto caches = xpath_nodes(ctxt, "./cache");
  if (caches.size() > 1)
    return error(kFromCpu, VIR_ERR_XML_ERROR, "%s",
                 "at most one CPU cache element may be specified");
  if (!caches.empty()) {
    Cpu::Cache &c = cpu.cache.emplace();
    auto rc = xml::prop_int(caches[0], "level", 10, xml::kPropNonNegative, c.level, -1);
    VK_TRY(rc);
    if (*rc == 1 && (c.level < 1 || c.level > 3))
      return error(kFromCpu, VIR_ERR_XML_ERROR, "%s",
                   "invalid CPU cache level, must be in range [1,3]");
    VK_TRY(xml::prop_enum(caches[0], "mode", kCpuCacheModes, xml::kPropRequired, c.mode));
  }
  if (xmlNodePtr n = xpath_node(ctxt, "./maxphysaddr[1]")) {
    Cpu::MaxPhysAddr &a = cpu.maxphysaddr.emplace();
    VK_TRY(xml::prop_enum(n, "mode", kMaxPhysAddrModes, xml::kPropRequired, a.mode));
    VK_TRY(xml::prop_int(n, "bits", 10, xml::kPropNonNegative, a.bits, -1));
  }
  def.cpu = std::move(cpu);
  return Status();
}

void format_cpu(Buffer &buf, const Cpu &cpu, const DomainDef &def) {
  Buffer attrs;
  Buffer child = Buffer::child_of(buf);
  if (cpu.mode != Cpu::custom || cpu.model) {
    attrs.addf(" mode='%s'", name_at(kCpuModes, cpu.mode));
    if (cpu.mode == Cpu::custom) attrs.addf(" match='%s'", name_at(kCpuMatch, cpu.match));
    if (cpu.check != CpuCheck::default_) attrs.addf(" check='%s'", name_at(kCpuCheck, cpu.check));
    if ((cpu.mode == Cpu::host_passthrough || cpu.mode == Cpu::maximum) &&
        cpu.migratable != TristateSwitch::absent)
      attrs.addf(" migratable='%s'", name_at(kTristateSwitch, cpu.migratable));
  }
  bool format_model = cpu.mode == Cpu::custom || cpu.mode == Cpu::host_model;
  if (format_model && (cpu.model || cpu.vendor_id)) {
    child.add("<model");
    if (cpu.model) child.addf(" fallback='%s'", name_at(kCpuFallback, cpu.fallback));
    child.escape(" vendor_id='%s'", cpu.vendor_id);
    if (cpu.model)
      child.escape(">%s</model>\n", cpu.model);
    else
      child.add("/>\n");
  }
  if (format_model) child.escape("<vendor>%s</vendor>\n", cpu.vendor);
  if (cpu.sockets && cpu.dies && cpu.cores && cpu.threads)
    child.addf("<topology sockets='%u' dies='%u' cores='%u' threads='%u'/>\n", cpu.sockets,
               cpu.dies, cpu.cores, cpu.threads);
  if (cpu.cache) {
    child.add("<cache ");
    if (cpu.cache->level != -1) child.addf("level='%d' ", cpu.cache->level);
    child.addf("mode='%s'/>\n", name_at(kCpuCacheModes, cpu.cache->mode));
  }
  if (cpu.maxphysaddr) {
    child.addf("<maxphysaddr mode='%s'", name_at(kMaxPhysAddrModes, cpu.maxphysaddr->mode));
    if (cpu.maxphysaddr->bits != -1) child.addf(" bits='%d'", cpu.maxphysaddr->bits);
    child.add("/>\n");
  }
  for (const auto &[policy, name] : cpu.features)
    child.addf("<feature policy='%s' name='%s'/>\n", name_at(kCpuPolicy, policy), name.c_str());
  format_numa(child, def);
  xml::format_element(buf, "cpu", &attrs, &child);
}

Status parse_hyperv(DomainDef &def, xmlNodePtr node) {
  auto &d = def.feature_details;
  int mode = static_cast<int>(HypervMode::custom);
  VK_TRY(xml::prop_enum(node, "mode", kHypervModeNames, xml::kPropNonZero, mode, mode));
  def.features[F_HYPERV] = mode;
  for (xmlNodePtr c = xmlFirstElementChild(node); c; c = xmlNextElementSibling(c)) {
    int feature = xml::enum_from_string(kHypervFeatureNames, xml::name_of(c));
    if (feature < 0)
      return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED,
                   "unsupported HyperV Enlightenment feature: %s", xml::name_of(c));
    int value = 0;
    VK_TRY(xml::prop_tristate_switch(c, "state", xml::kPropRequired, value));
    d.hyperv[static_cast<size_t>(feature)] = static_cast<TristateSwitch>(value);
    if (value != 1) continue;
    switch (static_cast<HypervFeature>(feature)) {
      case HypervFeature::stimer:
        for (xmlNodePtr g = xmlFirstElementChild(c); g; g = xmlNextElementSibling(g)) {
          if (!xml::name_is(g, "direct"))
            return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED,
                         "unsupported Hyper-V stimer feature: %s", xml::name_of(g));
          int direct = 0;
          VK_TRY(xml::prop_tristate_switch(g, "state", xml::kPropRequired, direct));
          d.hyperv_stimer_direct = static_cast<TristateSwitch>(direct);
        }
        break;
      case HypervFeature::spinlocks:
        VK_TRY(xml::prop_uint(c, "retries", 0, xml::kPropRequired, d.hyperv_spinlocks));
        if (d.hyperv_spinlocks < 0xFFF)
          return error(kFromDomain, VIR_ERR_XML_ERROR, "%s",
                       "HyperV spinlock retry count must be at least 4095");
        break;
      case HypervFeature::vendor_id:
        d.hyperv_vendor_id = prop(c, "value");
        if (!d.hyperv_vendor_id)
          return error(kFromDomain, VIR_ERR_XML_ERROR, "%s",
                       "missing 'value' attribute for HyperV feature 'vendor_id'");
        if (d.hyperv_vendor_id->size() > 12)
          return error(kFromDomain, VIR_ERR_XML_ERROR,
                       "HyperV vendor_id value must not be more than %d characters.", 12);
        if (d.hyperv_vendor_id->find(',') != std::string::npos)
          return error(kFromDomain, VIR_ERR_XML_ERROR, "%s", "HyperV vendor_id value is invalid");
        break;
      default:
        break;
    }
  }
  return Status();
}

Status parse_kvm(DomainDef &def, xmlNodePtr node) {
  auto &d = def.feature_details;
  for (xmlNodePtr c = xmlFirstElementChild(node); c; c = xmlNextElementSibling(c)) {
    int feature = xml::enum_from_string(kKvmFeatureNames, xml::name_of(c));
    if (feature < 0)
      return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "unsupported KVM feature: %s",
                   xml::name_of(c));
    int value = 0;
    VK_TRY(xml::prop_tristate_switch(c, "state", xml::kPropRequired, value));
    d.kvm[static_cast<size_t>(feature)] = static_cast<TristateSwitch>(value);
    if (static_cast<KvmFeature>(feature) == KvmFeature::dirty_ring && value == 1) {
      unsigned &size = d.kvm_dirty_ring_size;
      VK_TRY(xml::prop_uint(c, "size", 0, xml::kPropRequired, size));
      if ((size & (size - 1)) != 0 || size < 1024 || size > 65536)
        return error(kFromDomain, VIR_ERR_XML_ERROR, "%s",
                     "dirty ring must be power of 2 and ranges [1024, 65536]");
    }
  }
  def.features[F_KVM] = 1;
  return Status();
}

Status parse_xen(DomainDef &def, xmlNodePtr node) {
  auto &d = def.feature_details;
  def.features[F_XEN] = 1;
  for (xmlNodePtr c = xmlFirstElementChild(node); c; c = xmlNextElementSibling(c)) {
    int feature = xml::enum_from_string(kXenFeatureNames, xml::name_of(c));
    if (feature < 0)
      return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "unsupported Xen feature: %s",
                   xml::name_of(c));
    int value = 0;
    VK_TRY(xml::prop_tristate_switch(c, "state", xml::kPropRequired, value));
    d.xen[static_cast<size_t>(feature)] = static_cast<TristateSwitch>(value);
    if (static_cast<XenFeature>(feature) == XenFeature::passthrough && value == 1) {
      int mode = 0;
      VK_TRY(xml::prop_enum(c, "mode", kXenPassthroughModeNames, xml::kPropNonZero, mode));
      d.xen_passthrough_mode = static_cast<XenPassthroughMode>(mode);
    }
  }
  return Status();
}

Status parse_features(DomainDef &def, xmlXPathContextPtr ctxt) {
  for (xmlNodePtr node : xpath_nodes(ctxt, "./features/*")) {
    int f = xml::enum_from_string(kFeatures, xml::name_of(node));
    if (f < 0)
      return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "unexpected feature '%s'",
                   xml::name_of(node));
    switch (f) {
      case F_ACPI:
      case F_PAE:
      case F_VIRIDIAN:
      case F_PRIVNET:
        def.features[static_cast<size_t>(f)] = 1;
        break;
      case F_APIC: {
        int eoi = 0;
        VK_TRY(xml::prop_tristate_switch(node, "eoi", xml::kPropNone, eoi));
        def.features[F_APIC] = 1;
        def.apic_eoi = eoi;
        break;
      }
      case F_VMCOREINFO:
      case F_HAP:
      case F_PMU:
      case F_PVSPINLOCK:
      case F_VMPORT: {
        int state = 0;
        VK_TRY(xml::prop_tristate_switch(node, "state", xml::kPropNone, state));
        def.features[static_cast<size_t>(f)] = state ? state : 1;
        break;
      }
      case F_HTM:
      case F_NESTED_HV:
      case F_CCF_ASSIST: {
        int state = 0;
        VK_TRY(xml::prop_tristate_switch(node, "state", xml::kPropRequired, state));
        def.features[static_cast<size_t>(f)] = state;
        break;
      }
      case F_MSRS: {
        int unknown = 0;
        VK_TRY(xml::prop_enum(node, "unknown", kMsrsUnknownNames, xml::kPropRequired, unknown));
        def.features[F_MSRS] = 1;
        def.feature_details.msrs_unknown = static_cast<MsrsUnknown>(unknown);
        break;
      }
      case F_HYPERV:
        VK_TRY(parse_hyperv(def, node));
        break;
      case F_KVM:
        VK_TRY(parse_kvm(def, node));
        break;
      case F_XEN:
        VK_TRY(parse_xen(def, node));
        break;
      case F_CAPABILITIES: {
        int policy = 0;
        VK_TRY(xml::prop_enum(node, "policy", kCapsPolicyNames, xml::kPropNone, policy, 0));
        def.features[F_CAPABILITIES] = policy;
        for (xmlNodePtr c = xmlFirstElementChild(node); c; c = xmlNextElementSibling(c)) {
          int cap = xml::enum_from_string(kProcessCapsFeatureNames, xml::name_of(c));
          if (cap < 0)
            return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED,
                         "unexpected capability feature '%s'", xml::name_of(c));
          int state = 0;
          VK_TRY(xml::prop_tristate_switch(c, "state", xml::kPropNone, state));
          def.feature_details.caps[static_cast<size_t>(cap)] =
              state ? static_cast<TristateSwitch>(state) : TristateSwitch::on;
        }
        break;
      }
      case F_HPT: {
        auto &d = def.feature_details;
        int resizing = 0;
        VK_TRY(xml::prop_enum(node, "resizing", kHptResizingNames, xml::kPropNonZero, resizing));
        d.hpt_resizing = static_cast<HptResizing>(resizing);
        unsigned long long bytes = 0;
        if (!xml::parse_scaled_value(ctxt, "./features/hpt/maxpagesize", nullptr, 1024, ULLONG_MAX,
                                     false, bytes)
                 .ok())
          return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                       "Unable to parse HPT maxpagesize setting");
        d.hpt_maxpagesize = bytes / 1024 + (bytes % 1024 != 0);
        if (d.hpt_resizing != HptResizing::none || d.hpt_maxpagesize > 0) def.features[F_HPT] = 1;
        break;
      }
      case F_CFPC:
      case F_SBBC:
      case F_IBS: {
        const Names &names = f == F_CFPC ? kCfpcNames : f == F_SBBC ? kSbbcNames : kIbsNames;
        int value = 0;
        VK_TRY(xml::prop_enum(node, "value", names, xml::kPropNonZero, value, 0));
        def.features[static_cast<size_t>(f)] = value;
        break;
      }
      case F_TCG: {
        xml::NodeRestore restore(ctxt);
        ctxt->node = node;
        unsigned long long bytes = 0;
        VK_TRY(xml::parse_scaled_value(ctxt, "./tb-cache", "./tb-cache/@unit", 1024, LLONG_MAX,
                                       false, bytes));
        def.feature_details.tcg_tb_cache = bytes / 1024 + (bytes % 1024 != 0);
        if (def.feature_details.tcg_tb_cache) def.features[F_TCG] = 1;
        break;
      }
      case F_GIC: {
        VK_TRY(
            xml::prop_enum(node, "version", kGicVersions, xml::kPropNonZero, def.gic_version, 0));
        def.features[F_GIC] = 1;
        break;
      }
      case F_SMM: {
        int state = 0;
        VK_TRY(xml::prop_tristate_switch(node, "state", xml::kPropNone, state));
        def.features[F_SMM] = state ? state : 1;
        if (def.features[F_SMM] == 1) {
          unsigned long long bytes = 0;
          // As libvirt words the XPath (its messages quote it).
          auto rc = xml::parse_scaled_value(ctxt, "string(./features/smm/tseg)",
                                            "string(./features/smm/tseg/@unit)", 1024 * 1024,
                                            ULLONG_MAX, false, bytes);
          VK_TRY(rc);
          if (*rc == 1) def.tseg_size = bytes;
        }
        break;
      }
      case F_IOAPIC: {
        int driver = 0;
        VK_TRY(xml::prop_enum(node, "driver", kIoapicDrivers, xml::kPropNonZero, driver, 0));
        def.features[F_IOAPIC] = driver;
        break;
      }
      default:
        // Features with sub-structure are not modelled; dropped.
        break;
    }
  }
  return Status();
}

Status parse_lifecycle(DomainDef &def, xmlXPathContextPtr ctxt) {
  auto one = [&](const char *name, const char *xpath, LifecycleAction &out,
                 LifecycleAction dflt) -> Status {
    auto v = xpath_string(ctxt, xpath);
    if (!v) {
      out = dflt;
      return Status();
    }
    int a = xml::enum_from_string(kLifecycle, *v);
    if (a < 0)
      return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "unknown %s action: %s", name,
                   v->c_str());
    out = static_cast<LifecycleAction>(a);
    return Status();
  };
  VK_TRY(one("on_reboot", "string(./on_reboot[1])", def.on_reboot, LifecycleAction::restart));
  VK_TRY(one("on_poweroff", "string(./on_poweroff[1])", def.on_poweroff, LifecycleAction::destroy));
  VK_TRY(one("on_crash", "string(./on_crash[1])", def.on_crash, LifecycleAction::destroy));
  if (auto v = xpath_string(ctxt, "string(./on_lockfailure[1])")) {
    int a = xml::enum_from_string(kLockFailureActions, *v);
    if (a < 0)
      return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "unknown %s action: %s",
                   "on_lockfailure", v->c_str());
    def.on_lockfailure = a;
  }
  return Status();
}

Status parse_clock(DomainDef &def, xmlXPathContextPtr ctxt) {
  if (auto v = xpath_string(ctxt, "string(./clock/@offset)")) {
    int o = xml::enum_from_string(kClockOffsets, *v);
    if (o < 0)
      return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "unknown clock offset '%s'",
                   v->c_str());
    def.clock.offset = static_cast<ClockOffset>(o);
  }
  switch (def.clock.offset) {
    case ClockOffset::localtime:
    case ClockOffset::utc:
      if (auto adj = xpath_string(ctxt, "string(./clock/@adjustment)")) {
        if (*adj == "reset") {
          def.clock.utc_reset = true;
        } else {
          if (!util::str_to_ll(adj->c_str(), 10, def.clock.adjustment))
            return error(kFromDomain, VIR_ERR_XML_ERROR, "unknown clock adjustment '%s'",
                         adj->c_str());
          def.clock.basis =
              def.clock.offset == ClockOffset::localtime ? ClockBasis::localtime : ClockBasis::utc;
          def.clock.offset = ClockOffset::variable;
        }
      }
      break;
    case ClockOffset::variable: {
      if (auto adj = xpath_string(ctxt, "string(./clock/@adjustment)"))
        if (!util::str_to_ll(adj->c_str(), 10, def.clock.adjustment)) def.clock.adjustment = 0;
      if (auto basis = xpath_string(ctxt, "string(./clock/@basis)")) {
        int b = xml::enum_from_string(kClockBasis, *basis);
        if (b < 0)
          return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "unknown clock basis '%s'",
                       basis->c_str());
        def.clock.basis = static_cast<ClockBasis>(b);
      }
      break;
    }
    case ClockOffset::timezone:
      def.clock.timezone = xpath_string(ctxt, "string(./clock/@timezone)");
      if (!def.clock.timezone)
        return error(kFromDomain, VIR_ERR_INTERNAL_ERROR, "%s",
                     "missing 'timezone' attribute for clock with offset='timezone'");
      break;
    case ClockOffset::absolute:
      if (xml::xpath_ull(ctxt, "string(./clock/@start)", def.clock.start) < 0)
        return error(kFromDomain, VIR_ERR_INTERNAL_ERROR, "%s",
                     "missing 'start' attribute for clock with offset='absolute'");
      break;
  }
  for (xmlNodePtr node : xpath_nodes(ctxt, "./clock/timer"))
    VK_TRY(parse(node, def.clock.timers.emplace_back()));
  return Status();
}

// <os firmware=...> and its <firmware><feature>s.
Status parse_firmware(DomainDef &def, xmlXPathContextPtr ctxt) {
  auto firmware = xpath_string(ctxt, "string(./os/@firmware)");
  auto features = xpath_nodes(ctxt, "./os/firmware/feature");
  // Features without autoselection are ignored (libvirt keeps migration
  // from 8.6-9.1 working that way).
  if (!features.empty() && !firmware) return Status();
  if (!features.empty()) {
    auto &set = def.os.firmware_features.emplace();
    set.fill(TristateBool::absent);
    for (xmlNodePtr n : features) {
      int name = 0, enabled = 0;
      VK_TRY(xml::prop_enum(n, "name", kOsFirmwareFeatureNames, xml::kPropRequired, name));
      VK_TRY(xml::prop_tristate_bool(n, "enabled", xml::kPropRequired, enabled));
      set[static_cast<size_t>(name)] = static_cast<TristateBool>(enabled);
    }
  }
  if (!firmware) return Status();
  int fw = xml::enum_from_string(kOsFirmwareNames, *firmware);
  if (fw <= 0)
    return error(kFromDomain, VIR_ERR_XML_ERROR, "unknown firmware value %s", firmware->c_str());
  def.os.firmware = static_cast<OsFirmware>(fw);
  return Status();
}

// <os><loader> and <os><nvram> (virDomainLoaderDefParseXML).
Status parse_loader(DomainDef &def, xmlXPathContextPtr ctxt) {
  xmlNodePtr loader = xpath_node(ctxt, "./os/loader[1]");
  xmlNodePtr nvram = xpath_node(ctxt, "./os/nvram[1]");
  if (!loader && !nvram) return Status();
  DomainDef::Os::Loader &l = def.os.loader.emplace();
  if (nvram) {
    l.nvram_template = prop(nvram, "template");
    int type = 0;
    auto present = xml::prop_enum(nvram, "type", storage_type_names(), xml::kPropNone, type);
    VK_TRY(present);
    DomainDef::Os::Nvram n;
    n.src.format = static_cast<int>(StorageFileFormat::raw);
    if (*present == 0) {
      std::string path = xml::content(nvram);
      if (!path.empty()) {
        n.src.type = static_cast<int>(StorageType::file);
        n.src.path = std::move(path);
        l.nvram = std::move(n);
      }
    } else {
      xmlNodePtr source = xpath_node(ctxt, "./os/nvram/source[1]");
      // libvirt fails here without saying why.
      if (!source) return Status(generic_record());
      n.new_style = true;
      n.src.type = type;
      VK_TRY(parse_storage_source(source, ctxt, kParseInactive, n.src));
      l.nvram = std::move(n);
    }
  }
  if (!loader) return Status();
  VK_TRY(prop_tristate(loader, "readonly", xml::kPropNone, l.readonly));
  int type = 0;
  VK_TRY(xml::prop_enum(loader, "type", kLoaderTypeNames, xml::kPropNonZero, type));
  l.type = static_cast<LoaderType>(type);
  std::string path = xml::content(loader);
  if (!path.empty()) l.path = std::move(path);
  VK_TRY(prop_tristate(loader, "secure", xml::kPropNone, l.secure));
  VK_TRY(prop_tristate(loader, "stateless", xml::kPropNone, l.stateless));
  return Status();
}

// <os><acpi><table type='slic'>.
Status parse_acpi_table(DomainDef &def, xmlXPathContextPtr ctxt) {
  auto tables = xpath_nodes(ctxt, "./os/acpi/table");
  if (tables.size() > 1)
    return error(kFromDomain, VIR_ERR_XML_ERROR, "%s", "Only one acpi table is supported");
  if (tables.empty()) return Status();
  auto type = prop(tables[0], "type");
  if (!type) return error(kFromDomain, VIR_ERR_XML_ERROR, "%s", "Missing acpi table type");
  if (*type != "slic")
    return error(kFromDomain, VIR_ERR_XML_ERROR, "Unknown acpi table type: %s", type->c_str());
  def.os.slic_table = sanitize_path(xml::content(tables[0]));
  return Status();
}

Status parse_boot(DomainDef &def, xmlXPathContextPtr ctxt) {
  auto kernel_opts = [&] {
    def.os.kernel = xpath_string(ctxt, "string(./os/kernel[1])");
    def.os.initrd = xpath_string(ctxt, "string(./os/initrd[1])");
    def.os.cmdline = xpath_string(ctxt, "string(./os/cmdline[1])");
    def.os.dtb = xpath_string(ctxt, "string(./os/dtb[1])");
    def.os.root = xpath_string(ctxt, "string(./os/root[1])");
  };
  switch (def.os.type) {
    case OsType::hvm: {
      kernel_opts();
      VK_TRY(parse_firmware(def, ctxt));
      VK_TRY(parse_loader(def, ctxt));
      VK_TRY(parse_acpi_table(def, ctxt));
      auto boots = xpath_nodes(ctxt, "./os/boot");
      for (size_t i = 0; i < boots.size() && i < kBootDevs.size(); i++) {
        int d = 0;
        VK_TRY(xml::prop_enum(boots[i], "dev", kBootDevs, xml::kPropRequired, d));
        def.os.boot_devs.push_back(static_cast<BootDev>(d));
      }
      if (xmlNodePtr node = xpath_node(ctxt, "./os/bootmenu[1]")) {
        VK_TRY(prop_tristate(node, "enable", xml::kPropNone, def.os.bootmenu));
        if (def.os.bootmenu == TristateBool::yes) {
          auto rv = xml::prop_uint(node, "timeout", 10, xml::kPropNone, def.os.bm_timeout);
          VK_TRY(rv);
          def.os.bm_timeout_set = *rv > 0;
        }
      }
      if (xmlNodePtr node = xpath_node(ctxt, "./os/bios[1]")) {
        // An invalid useserial counts as "no" (libvirt goes on).
        int v = 0;
        auto rv = xml::prop_tristate_bool(node, "useserial", xml::kPropNone, v);
        def.os.bios_useserial = rv.ok() ? static_cast<TristateBool>(v) : TristateBool::no;
        auto rt =
            xml::prop_int(node, "rebootTimeout", 10, xml::kPropNone, def.os.reboot_timeout, 0);
        VK_TRY(rt);
        def.os.reboot_timeout_set = *rt > 0;
      }
      break;
    }
    case OsType::xen:
    case OsType::xenpvh:
    case OsType::uml:
      kernel_opts();
      VK_TRY(parse_loader(def, ctxt));
      break;
    case OsType::exe: {
      def.os.init = xpath_string(ctxt, "string(./os/init[1])");
      def.os.cmdline = xpath_string(ctxt, "string(./os/cmdline[1])");
      def.os.initdir = xpath_string(ctxt, "string(./os/initdir[1])");
      def.os.inituser = xpath_string(ctxt, "string(./os/inituser[1])");
      def.os.initgroup = xpath_string(ctxt, "string(./os/initgroup[1])");
      // The first child's text, which must be there.
      auto first_text = [](xmlNodePtr n) -> std::optional<std::string> {
        if (!n->children || !n->children->content) return std::nullopt;
        return std::string(reinterpret_cast<const char *>(n->children->content));
      };
      for (xmlNodePtr n : xpath_nodes(ctxt, "./os/initarg")) {
        auto text = first_text(n);
        if (!text)
          return error(kFromDomain, VIR_ERR_XML_ERROR, "%s",
                       "No data supplied for <initarg> element");
        def.os.initargs.push_back(*text);
      }
      for (xmlNodePtr n : xpath_nodes(ctxt, "./os/initenv")) {
        auto name = prop(n, "name");
        if (!name)
          return error(kFromDomain, VIR_ERR_XML_ERROR, "%s",
                       "No name supplied for <initenv> element");
        auto text = first_text(n);
        if (!text)
          return error(kFromDomain, VIR_ERR_XML_ERROR,
                       "No value supplied for <initenv name='%s'> element", name->c_str());
        def.os.initenv.emplace_back(*name, *text);
      }
      break;
    }
    case OsType::linux:
      break;
  }
  return Status();
}

Result<Input> parse_input(xmlNodePtr node, const DomainDef &dom) {
  Input in;
  auto type = prop(node, "type");
  auto bus = prop(node, "bus");
  auto model = prop(node, "model");
  if (!type) return error(kFromDomain, VIR_ERR_INTERNAL_ERROR, "%s", "missing input device type");
  if ((in.type = xml::enum_from_string(kInputTypes, *type)) < 0)
    return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "unknown input device type '%s'",
                 type->c_str());
  if (model) {
    int m = xml::enum_from_string(kInputModels, *model);
    if (m <= 0)
      return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "unknown input model '%s'",
                   model->c_str());
    in.model = static_cast<InputModel>(m);
  }
  if (bus) {
    if ((in.bus = xml::enum_from_string(kInputBuses, *bus)) < 0)
      return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "unknown input bus type '%s'",
                   bus->c_str());
  } else if (dom.os.type == OsType::hvm) {
    bool x86 = dom.os.arch == "i686" || dom.os.arch == "x86_64";
    bool s390 = dom.os.arch == "s390" || dom.os.arch == "s390x";
    if ((in.type == Input::mouse || in.type == Input::keyboard) && x86)
      in.bus = Input::ps2;
    else if (s390 || in.type == Input::passthrough)
      in.bus = Input::virtio;
    else if (in.type == Input::evdev)
      in.bus = Input::bus_none;
    else
      in.bus = Input::usb;
  } else if (dom.os.type == OsType::xen || dom.os.type == OsType::xenpvh) {
    in.bus = Input::xen;
  } else if (dom.virt_type == VirtType::vz || dom.virt_type == VirtType::parallels) {
    in.bus = Input::parallels;
  }
  VK_TRY(parse_device_info(node, in.info, false));
  if (in.bus == Input::usb && in.info.addr.type != Address::none &&
      in.info.addr.type != Address::usb)
    return error(kFromDomain, VIR_ERR_XML_ERROR, "%s", "Invalid address for a USB device");
  VK_TRY(parse_input_source_driver(node, in));
  return in;
}

Result<Video> parse_video(xmlXPathContextPtr ctxt, xmlNodePtr node) {
  xml::NodeRestore restore(ctxt);
  ctxt->node = node;
  Video v;
  if (auto primary = xpath_string(ctxt, "string(./model/@primary)")) {
    if (*primary == "yes") v.primary = true;
  }
  VK_TRY(parse_video_model_extras(ctxt, v));
  if (xmlNodePtr driver = xpath_node(ctxt, "./driver")) {
    VK_TRY(prop_enum_into(driver, "name", kVideoBackends, xml::kPropNonZero, v.backend));
    VK_TRY(parse(driver, v.virtio_opts.emplace()));
  }
  if (auto type = xpath_string(ctxt, "string(./model/@type)")) {
    if ((v.type = xml::enum_from_string(kVideoTypes, *type)) < 0)
      return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "unknown video model '%s'",
                   type->c_str());
  }
  struct {
    const char *attr;
    unsigned *out;
    int code;
  } sizes[] = {{"ram", &v.ram, VIR_ERR_XML_ERROR},
               {"vram", &v.vram, VIR_ERR_XML_ERROR},
               {"vram64", &v.vram64, VIR_ERR_XML_ERROR},
               {"vgamem", &v.vgamem, VIR_ERR_XML_ERROR},
               {"heads", &v.heads, VIR_ERR_INTERNAL_ERROR}};
  for (auto &sz : sizes) {
    std::string xp = std::string("string(./model/@") + sz.attr + ")";
    if (auto val = xpath_string(ctxt, xp.c_str())) {
      if (!util::str_to_uip(val->c_str(), 10, *sz.out))
        return error(kFromDomain, sz.code, "cannot parse video %s '%s'", sz.attr, val->c_str());
    }
  }
  VK_TRY(parse_device_info(node, v.info, false));
  VK_TRY(parse_video_vgaconf(ctxt, v));
  return v;
}

// <metadata>: a copy of the element with the children libvirt keeps
// (virXMLNodeSanitizeNamespaces), printed as libvirt prints it.
Result<Shmem> parse_shmem(xmlXPathContextPtr ctxt, xmlNodePtr node) {
  xml::NodeRestore restore(ctxt);
  ctxt->node = node;
  Shmem sh;
  if (xmlNodePtr model = xpath_node(ctxt, "./model"))
    VK_TRY(xml::prop_enum(model, "type", kShmemModels, xml::kPropNone, sh.model));
  auto name = prop(node, "name");
  if (!name)
    return error(kFromDomain, VIR_ERR_XML_ERROR, "%s",
                 "shmem element must contain 'name' attribute");
  sh.name = *name;
  if (sh.model != 0) VK_TRY(xml::prop_enum(node, "role", kShmemRoles, xml::kPropNonZero, sh.role));
  VK_TRY(xml::parse_scaled_value(ctxt, "./size[1]", nullptr, 1, ULLONG_MAX, false, sh.size));
  if (xmlNodePtr server = xpath_node(ctxt, "./server[1]")) {
    sh.server = true;
    if (auto path = prop(server, "path")) sh.server_path = sanitize_path(*path);
  }
  if (xmlNodePtr msi = xpath_node(ctxt, "./msi[1]")) {
    sh.msi = true;
    VK_TRY(xml::prop_uint(msi, "vectors", 0, xml::kPropNone, sh.msi_vectors));
    VK_TRY(xml::prop_tristate_switch(msi, "ioeventfd", xml::kPropNone, sh.msi_ioeventfd));
  }
  if (sh.msi && !sh.server)
    return error(kFromDomain, VIR_ERR_XML_ERROR, "%s",
                 "msi option is only supported with a server");
  VK_TRY(parse_device_info(node, sh.info, false));
  return sh;
}

void format_shmem(Buffer &buf, const Shmem &sh) {
  buf.escape("<shmem name='%s'", sh.name.c_str());
  if (sh.role > 0) buf.addf(" role='%s'", name_at(kShmemRoles, sh.role));
  buf.add(">\n");
  buf.indent(2);
  buf.addf("<model type='%s'/>\n", name_at(kShmemModels, sh.model));
  if (sh.size) buf.addf("<size unit='M'>%llu</size>\n", sh.size >> 20);
  if (sh.server) {
    buf.add("<server");
    buf.escape(" path='%s'", sh.server_path);
    buf.add("/>\n");
  }
  if (sh.msi) {
    buf.add("<msi");
    if (sh.msi_vectors) buf.addf(" vectors='%u'", sh.msi_vectors);
    if (sh.msi_ioeventfd) buf.addf(" ioeventfd='%s'", sh.msi_ioeventfd == 1 ? "on" : "off");
    buf.add("/>\n");
  }
  format_device_info(buf, sh.info, false);
  buf.indent(-2);
  buf.add("</shmem>\n");
}

Status parse_metadata(DomainDef &def, xmlXPathContextPtr ctxt) {
  xmlNodePtr node = xpath_node(ctxt, "./metadata[1]");
  if (!node) return Status();
  xmlNodePtr copy = xmlCopyNode(node, 1);
  if (!copy) return no_memory();
  xmlNodePtr child = copy->children;
  while (child) {
    if (!child->ns || !child->ns->href) {
      xmlNodePtr dupl = child;
      child = child->next;
      xmlUnlinkNode(dupl);
      xmlFreeNode(dupl);
      continue;
    }
    xmlNodePtr next = child->next;
    while (next) {
      xmlNodePtr dupl = nullptr;
      if (next->ns && next->ns->href && xmlStrEqual(child->ns->href, next->ns->href)) dupl = next;
      next = next->next;
      if (dupl) {
        xmlUnlinkNode(dupl);
        xmlFreeNode(dupl);
      }
    }
    child = child->next;
  }
  xmlBufferPtr out = xmlBufferCreate();
  if (!out) {
    xmlFreeNode(copy);
    return no_memory();
  }
  // xmlIndentTreeOutput is per thread in libxml2 built with threads.
  int old_indent = xmlIndentTreeOutput;
  xmlIndentTreeOutput = 1;
  xml::reset_oom();
  int rc = xmlNodeDump(out, copy->doc, copy, 1, 1);
  xmlIndentTreeOutput = old_indent;
  xmlFreeNode(copy);
  if (rc < 0 || !xmlBufferContent(out)) {
    xmlBufferFree(out);
    xml::throw_if_oom();
    return error(VIR_FROM_XML, VIR_ERR_INTERNAL_ERROR, "%s", "Unable to format metadata element");
  }
  const char *text = reinterpret_cast<const char *>(xmlBufferContent(out));
  while (*text == ' ' || *text == '\t' || *text == '\n' || *text == '\r') text++;
  def.metadata = std::string(text);
  xmlBufferFree(out);
  return Status();
}

// The test driver's namespace data (testDomainDefNamespaceParse).
Status parse_test_ns(DomainDef &def, xmlXPathContextPtr ctxt) {
  xml::reset_oom();
  if (xmlXPathRegisterNs(ctxt, BAD_CAST "test", BAD_CAST kTestNsUri) < 0) {
    xml::throw_if_oom();
    return error(kFromDomain, VIR_ERR_INTERNAL_ERROR, "Failed to register xml namespace '%s'",
                 kTestNsUri);
  }
  TestNamespace ns;
  int tmp = xml::xpath_boolean(ctxt, "boolean(./test:transient)");
  if (tmp == -1) return error(VIR_FROM_TEST, VIR_ERR_XML_ERROR, "%s", "invalid transient");
  ns.transient = tmp;
  tmp = xml::xpath_boolean(ctxt, "boolean(./test:hasmanagedsave)");
  if (tmp == -1) return error(VIR_FROM_TEST, VIR_ERR_XML_ERROR, "%s", "invalid hasmanagedsave");
  ns.has_managed_save = tmp;
  unsigned runstate = 0;
  int rc = xml::xpath_uint(ctxt, "string(./test:runstate)", runstate);
  if (rc == 0) {
    if (runstate >= 8)  // VIR_DOMAIN_LAST
      return error(VIR_FROM_TEST, VIR_ERR_XML_ERROR, "runstate '%d' out of range'",
                   static_cast<int>(runstate));
    ns.runstate = static_cast<DomainState>(runstate);
  } else if (rc == -1) {
    ns.runstate = DomainState::running;
  } else {
    return error(VIR_FROM_TEST, VIR_ERR_XML_ERROR, "%s", "invalid runstate");
  }
  if (ns.transient && ns.runstate == DomainState::shutoff)
    return error(VIR_FROM_TEST, VIR_ERR_XML_ERROR, "%s",
                 "transient domain cannot have runstate 'shutoff'");
  if (ns.has_managed_save && ns.runstate != DomainState::shutoff)
    return error(VIR_FROM_TEST, VIR_ERR_XML_ERROR, "%s",
                 "domain with managedsave data can only have runstate 'shutoff'");
  def.test_ns = ns;
  return Status();
}

// virDomainDiskInsert: keeps disks of one bus ordered by target index.
void insert_disk(DomainDef &def, Disk &&disk) {
  int insert_at = -1;
  int disk_idx = disk.dst ? disk_name_to_index(*disk.dst) : -1;
  for (int idx = static_cast<int>(def.disks.size()) - 1; idx >= 0; idx--) {
    const Disk &cur = def.disks[static_cast<size_t>(idx)];
    if (cur.bus == disk.bus && cur.dst && disk.dst && disk_name_to_index(*cur.dst) > disk_idx) {
      insert_at = idx;
    } else if (cur.bus == disk.bus && insert_at == -1) {
      insert_at = idx + 1;
    }
  }
  if (insert_at < 0)
    def.disks.push_back(std::move(disk));
  else
    def.disks.insert(def.disks.begin() + insert_at, std::move(disk));
}

// <blkiotune>, <memtune>, <iothreads>/<iothreadids>, <cputune> pins,
// <numatune><memory> and <perf>.
Status parse_tuning(DomainDef &def, xmlXPathContextPtr ctxt, unsigned flags) {
  if (xmlNodePtr w = xpath_node(ctxt, "./blkiotune/weight[1]")) {
    std::string t = xml::content(w);
    if (!util::str_to_ui(t.c_str(), 10, def.blkio.weight))
      return error(kFromDomain, VIR_ERR_XML_ERROR, "%s", "blkio weight must be an integer");
  }
  for (xmlNodePtr dn : xpath_nodes(ctxt, "./blkiotune/device")) {
    BlkioDevice dev;
    bool has_path = false;
    for (xmlNodePtr c = dn->children; c; c = c->next) {
      if (c->type != XML_ELEMENT_NODE) continue;
      std::string t = xml::content(c);
      bool ok = true;
      if (xml::name_is(c, "path")) {
        dev.path = t;
        has_path = true;
      } else if (xml::name_is(c, "weight")) {
        ok = util::str_to_ui(t.c_str(), 10, dev.weight);
      } else if (xml::name_is(c, "read_iops_sec")) {
        ok = util::str_to_ui(t.c_str(), 10, dev.riops);
      } else if (xml::name_is(c, "write_iops_sec")) {
        ok = util::str_to_ui(t.c_str(), 10, dev.wiops);
      } else if (xml::name_is(c, "read_bytes_sec")) {
        ok = util::str_to_ull(t.c_str(), 10, dev.rbps);
      } else if (xml::name_is(c, "write_bytes_sec")) {
        ok = util::str_to_ull(t.c_str(), 10, dev.wbps);
      }
      if (!ok)
        return error(kFromDomain, VIR_ERR_XML_ERROR, "could not parse %s '%s'", xml::name_of(c),
                     t.c_str());
    }
    if (!has_path) return error(kFromDomain, VIR_ERR_XML_ERROR, "%s", "missing per-device path");
    def.blkio.devices.push_back(std::move(dev));
  }
  struct {
    const char *xpath;
    unsigned long long *out;
  } limits[] = {{"./memtune/hard_limit[1]", &def.memtune.hard_limit},
                {"./memtune/soft_limit[1]", &def.memtune.soft_limit},
                {"./memtune/min_guarantee[1]", &def.memtune.min_guarantee},
                {"./memtune/swap_hard_limit[1]", &def.memtune.swap_hard_limit}};
  for (auto &l : limits) {
    if (!xpath_node(ctxt, l.xpath)) continue;
    unsigned long long bytes = 0;
    VK_TRY(xml::parse_scaled_value(ctxt, l.xpath, nullptr, 1024, LLONG_MAX, false, bytes));
    *l.out = std::min((bytes + 1023) / 1024, kMemoryUnlimited);
  }

  unsigned niothreads = 0;
  if (auto n = xpath_string(ctxt, "string(./iothreads[1])"))
    if (!util::str_to_uip(n->c_str(), 10, niothreads))
      return error(kFromDomain, VIR_ERR_XML_ERROR, "invalid iothreads count '%s'", n->c_str());
  if (xmlNodePtr n = xpath_node(ctxt, "./defaultiothread")) {
    int lo = -1, hi = -1;
    VK_TRY(xml::prop_int(n, "thread_pool_min", 10, xml::kPropNonNegative, lo, -1));
    VK_TRY(xml::prop_int(n, "thread_pool_max", 10, xml::kPropNonNegative, hi, -1));
    if (lo != -1 || hi != -1) def.default_iothread.emplace(lo, hi);
  }
  for (xmlNodePtr n : xpath_nodes(ctxt, "./iothreadids/iothread")) {
    IOThreadId t;
    auto rc = xml::prop_uint(n, "id", 10, xml::kPropRequired | xml::kPropNonZero, t.id);
    VK_TRY(rc);
    VK_TRY(xml::prop_int(n, "thread_pool_min", 10, xml::kPropNonNegative, t.pool_min, -1));
    VK_TRY(xml::prop_int(n, "thread_pool_max", 10, xml::kPropNonNegative, t.pool_max, -1));
    for (const IOThreadId &o : def.iothreads)
      if (o.id == t.id)
        return error(kFromDomain, VIR_ERR_XML_ERROR, "duplicate iothread id '%u' found", t.id);
    t.autofill = false;
    def.iothreads.push_back(std::move(t));
  }
  if (niothreads < def.iothreads.size()) niothreads = static_cast<unsigned>(def.iothreads.size());
  for (unsigned next = 1; def.iothreads.size() < niothreads; next++) {
    bool used = false;
    for (const IOThreadId &o : def.iothreads) used |= o.id == next;
    if (used) continue;
    IOThreadId t;
    t.id = next;
    def.iothreads.push_back(std::move(t));
  }

  {
    // libvirt reads these with virXPath(U)LongLong: absent or empty is unset.
    auto ull = [&](const char *what, const char *xpath, unsigned long long &out) -> Result<bool> {
      int rc = xml::xpath_ull(ctxt, xpath, out);
      if (rc < -1)
        return error(kFromDomain, VIR_ERR_XML_ERROR, "can't parse cputune %s value", what);
      return rc == 0;
    };
    auto ll = [&](const char *what, const char *xpath, long long &out) -> Status {
      auto v = xpath_string(ctxt, xpath);
      if (v && !util::str_to_ll(v->c_str(), 10, out))
        return error(kFromDomain, VIR_ERR_XML_ERROR, "can't parse cputune %s value", what);
      return Status();
    };
    DomainDef::CpuTune &t = def.cputune;
    unsigned long long shares = 0;
    auto got = ull("shares", "string(./cputune/shares[1])", shares);
    VK_TRY(got);
    if (*got) t.shares = shares;
    VK_TRY(ull("period", "string(./cputune/period[1])", t.period));
    VK_TRY(ll("quota", "string(./cputune/quota[1])", t.quota));
    VK_TRY(ull("global period", "string(./cputune/global_period[1])", t.global_period));
    VK_TRY(ll("global quota", "string(./cputune/global_quota[1])", t.global_quota));
    VK_TRY(ull("emulator period", "string(./cputune/emulator_period[1])", t.emulator_period));
    VK_TRY(ll("emulator quota", "string(./cputune/emulator_quota[1])", t.emulator_quota));
    VK_TRY(ull("iothread period", "string(./cputune/iothread_period[1])", t.iothread_period));
    VK_TRY(ll("iothread quota", "string(./cputune/iothread_quota[1])", t.iothread_quota));
  }
  for (xmlNodePtr n : xpath_nodes(ctxt, "./cputune/vcpupin")) {
    unsigned vcpu = 0;
    auto rc = xml::prop_uint(n, "vcpu", 10, xml::kPropRequired, vcpu);
    VK_TRY(rc);
    if (vcpu >= def.max_vcpus) continue;  // libvirt ignores pins of missing vCPUs
    auto cs = prop(n, "cpuset");
    if (!cs) return error(kFromDomain, VIR_ERR_INTERNAL_ERROR, "%s", "missing cpuset for vcpupin");
    if (def.vcpupin.count(vcpu))
      return error(kFromDomain, VIR_ERR_INTERNAL_ERROR, "duplicate vcpupin for vcpu '%d'",
                   static_cast<int>(vcpu));
    auto bits = util::parse_bitmap(*cs, kCpumaskLen);
    VK_TRY(bits);
    if (bits->empty())
      return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "Invalid value of 'cpuset': %s",
                   cs->c_str());
    def.vcpupin[vcpu] = std::move(*bits);
  }
  if (xpath_nodes(ctxt, "./cputune/emulatorpin").size() > 1)
    return error(kFromDomain, VIR_ERR_XML_ERROR, "%s", "only one emulatorpin is supported");
  if (xmlNodePtr n = xpath_node(ctxt, "./cputune/emulatorpin[1]")) {
    auto cs = prop(n, "cpuset");
    if (!cs)
      return error(kFromDomain, VIR_ERR_INTERNAL_ERROR, "%s", "missing cpuset for emulatorpin");
    auto bits = util::parse_bitmap(*cs, kCpumaskLen);
    VK_TRY(bits);
    if (bits->empty())
      return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "Invalid value of 'cpuset': %s",
                   cs->c_str());
    def.emulatorpin = std::move(*bits);
  }
  for (xmlNodePtr n : xpath_nodes(ctxt, "./cputune/iothreadpin")) {
    unsigned id = 0;
    auto rc = xml::prop_uint(n, "iothread", 10, xml::kPropRequired | xml::kPropNonZero, id);
    VK_TRY(rc);
    IOThreadId *t = nullptr;
    for (IOThreadId &o : def.iothreads)
      if (o.id == id) t = &o;
    if (!t)
      return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "Cannot find 'iothread' : %u", id);
    // virDomainIOThreadPinDefParseXML (a pin keeps the thread implicit).
    auto cs = prop(n, "cpuset");
    if (!cs)
      return error(kFromDomain, VIR_ERR_INTERNAL_ERROR, "%s", "missing cpuset for iothreadpin");
    auto bits = util::parse_bitmap(*cs, kCpumaskLen);
    VK_TRY(bits);
    if (bits->empty())
      return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "Invalid value of 'cpuset': %s",
                   cs->c_str());
    if (!t->cpumask.empty())
      return error(kFromDomain, VIR_ERR_INTERNAL_ERROR,
                   "duplicate iothreadpin for same iothread '%u'", id);
    t->cpumask = std::move(*bits);
  }
  VK_TRY(parse_cputune_sched(def, ctxt, flags));

  for (xmlNodePtr n : xpath_nodes(ctxt, "./perf/event")) {
    static const std::vector<std::string_view> names(std::begin(kPerfEventNames),
                                                     std::end(kPerfEventNames));
    int idx = 0, enabled = 0;
    VK_TRY(xml::prop_enum(n, "name", names, xml::kPropRequired, idx));
    VK_TRY(xml::prop_tristate_bool(n, "enabled", xml::kPropRequired, enabled));
    if (def.perf[static_cast<size_t>(idx)])
      return error(kFromDomain, VIR_ERR_XML_ERROR, "perf event '%s' was already specified",
                   kPerfEventNames[idx]);
    def.perf[static_cast<size_t>(idx)] = enabled;
  }
  return Status();
}

void format_tuning_top(Buffer &buf, const DomainDef &def) {
  {
    Buffer child = Buffer::child_of(buf);
    if (def.blkio.weight) child.addf("<weight>%u</weight>\n", def.blkio.weight);
    for (const BlkioDevice &d : def.blkio.devices) {
      if (!d.weight && !d.riops && !d.wiops && !d.rbps && !d.wbps) continue;
      child.add("<device>\n");
      child.indent(2);
      child.escape("<path>%s</path>\n", d.path.c_str());
      if (d.weight) child.addf("<weight>%u</weight>\n", d.weight);
      if (d.riops) child.addf("<read_iops_sec>%u</read_iops_sec>\n", d.riops);
      if (d.wiops) child.addf("<write_iops_sec>%u</write_iops_sec>\n", d.wiops);
      if (d.rbps) child.addf("<read_bytes_sec>%llu</read_bytes_sec>\n", d.rbps);
      if (d.wbps) child.addf("<write_bytes_sec>%llu</write_bytes_sec>\n", d.wbps);
      child.indent(-2);
      child.add("</device>\n");
    }
    xml::format_element(buf, "blkiotune", nullptr, &child);
  }
  {
    const auto &m = def.memtune;
    Buffer child = Buffer::child_of(buf);
    if (m.hard_limit < kMemoryUnlimited)
      child.addf("<hard_limit unit='KiB'>%llu</hard_limit>\n", m.hard_limit);
    if (m.soft_limit < kMemoryUnlimited)
      child.addf("<soft_limit unit='KiB'>%llu</soft_limit>\n", m.soft_limit);
    if (m.min_guarantee)
      child.addf("<min_guarantee unit='KiB'>%llu</min_guarantee>\n", m.min_guarantee);
    if (m.swap_hard_limit < kMemoryUnlimited)
      child.addf("<swap_hard_limit unit='KiB'>%llu</swap_hard_limit>\n", m.swap_hard_limit);
    xml::format_element(buf, "memtune", nullptr, &child);
  }
}

// After <vcpu>: <iothreads>, <iothreadids>, <cputune>, <numatune>.
void format_tuning_cpu(Buffer &buf, const DomainDef &def, unsigned flags) {
  if (!def.iothreads.empty()) {
    buf.addf("<iothreads>%zu</iothreads>\n", def.iothreads.size());
    bool want = false;
    for (const IOThreadId &t : def.iothreads)
      want |= !t.autofill || t.pool_min >= 0 || t.pool_max >= 0;
    if (want) {
      buf.add("<iothreadids>\n");
      for (const IOThreadId &t : def.iothreads) {
        buf.addf("  <iothread id='%u'", t.id);
        if (t.pool_min >= 0) buf.addf(" thread_pool_min='%d'", t.pool_min);
        if (t.pool_max >= 0) buf.addf(" thread_pool_max='%d'", t.pool_max);
        buf.add("/>\n");
      }
      buf.add("</iothreadids>\n");
    }
  }
  if (def.default_iothread) {
    buf.add("<defaultiothread");
    if (def.default_iothread->first >= 0)
      buf.addf(" thread_pool_min='%d'", def.default_iothread->first);
    if (def.default_iothread->second >= 0)
      buf.addf(" thread_pool_max='%d'", def.default_iothread->second);
    buf.add("/>\n");
  }
  {
    Buffer child = Buffer::child_of(buf);
    const DomainDef::CpuTune &t = def.cputune;
    if (t.shares) child.addf("<shares>%llu</shares>\n", *t.shares);
    if (t.period) child.addf("<period>%llu</period>\n", t.period);
    if (t.quota) child.addf("<quota>%lld</quota>\n", t.quota);
    if (t.global_period) child.addf("<global_period>%llu</global_period>\n", t.global_period);
    if (t.global_quota) child.addf("<global_quota>%lld</global_quota>\n", t.global_quota);
    if (t.emulator_period)
      child.addf("<emulator_period>%llu</emulator_period>\n", t.emulator_period);
    if (t.emulator_quota) child.addf("<emulator_quota>%lld</emulator_quota>\n", t.emulator_quota);
    if (t.iothread_period)
      child.addf("<iothread_period>%llu</iothread_period>\n", t.iothread_period);
    if (t.iothread_quota) child.addf("<iothread_quota>%lld</iothread_quota>\n", t.iothread_quota);
    for (const auto &[vcpu, mask] : def.vcpupin)
      if (vcpu < def.max_vcpus)
        child.addf("<vcpupin vcpu='%u' cpuset='%s'/>\n", vcpu, util::format_bitmap(mask).c_str());
    if (!def.emulatorpin.empty())
      child.addf("<emulatorpin cpuset='%s'/>\n", util::format_bitmap(def.emulatorpin).c_str());
    for (const IOThreadId &t : def.iothreads)
      if (!t.cpumask.empty())
        child.addf("<iothreadpin iothread='%u' cpuset='%s'/>\n", t.id,
                   util::format_bitmap(t.cpumask).c_str());
    format_cputune_sched(child, def, flags);
    xml::format_element(buf, "cputune", nullptr, &child);
  }
  format_numatune(buf, def);
}

void format_perf(Buffer &buf, const DomainDef &def) {
  bool want = false;
  for (int v : def.perf) want |= v != 0;
  if (!want) return;
  buf.add("<perf>\n");
  for (int i = 0; i < kPerfEventCount; i++)
    if (int v = def.perf[static_cast<size_t>(i)])
      buf.addf("  <event name='%s' enabled='%s'/>\n", kPerfEventNames[i],
               name_at(kTristateBool, v));
  buf.add("</perf>\n");
}

Result<std::unique_ptr<DomainDef>> parse_xml(xmlXPathContextPtr ctxt, const ParseOptions &opts) {
  auto def = std::make_unique<DomainDef>();
  VK_TRY(parse_ids(*def, ctxt, opts.flags));
  VK_TRY(parse_caps(*def, ctxt, opts));

  def->title = xpath_string(ctxt, "string(./title[1])");
  if (def->title && def->title->find('\n') != std::string::npos)
    return error(kFromDomain, VIR_ERR_XML_ERROR, "%s", "Domain title can't contain newlines");
  def->description = xpath_string(ctxt, "string(./description[1])");
  VK_TRY(parse_seclabels(ctxt, opts.flags, def->seclabels));

  VK_TRY(parse_memory(*def, ctxt));
  // <memoryBacking> with the memory sizes (libvirt's virDomainDefParseMemory).
  if (xmlNodePtr node = xpath_node(ctxt, "./memoryBacking[1]"))
    VK_TRY(parse(node, def->memory_backing.emplace()));
  VK_TRY(parse_vcpu(*def, ctxt));
  VK_TRY(parse_tuning(*def, ctxt, opts.flags));
  VK_TRY(parse_cpu(*def, ctxt));
  VK_TRY(parse_numa(*def, ctxt));
  VK_TRY(parse_numatune(*def, ctxt));
  VK_TRY(parse_resource(ctxt, def->resource));
  VK_TRY(parse_features(*def, ctxt));
  VK_TRY(parse_lifecycle(*def, ctxt));
  VK_TRY(parse_clock(*def, ctxt));
  VK_TRY(parse_boot(*def, ctxt));

  for (xmlNodePtr node : xpath_nodes(ctxt, "./devices/disk")) {
    auto disk = parse_disk(ctxt, node, opts.flags);
    VK_TRY(disk);
    insert_disk(*def, std::move(*disk));
  }
  bool usb_none = false;
  VK_TRY(parse_controllers(*def, ctxt, usb_none));
  VK_TRY(parse_leases(ctxt, def->leases));
  for (xmlNodePtr node : xpath_nodes(ctxt, "./devices/filesystem")) {
    auto fs = parse_filesystem(ctxt, node);
    VK_TRY(fs);
    def->filesystems.push_back(std::move(*fs));
  }
  for (xmlNodePtr node : xpath_nodes(ctxt, "./devices/interface")) {
    auto n = parse_net(ctxt, node, opts.flags);
    VK_TRY(n);
    def->nets.push_back(std::move(*n));
  }
  for (xmlNodePtr node : xpath_nodes(ctxt, "./devices/smartcard")) {
    auto c = parse_smartcard(node, opts.flags);
    VK_TRY(c);
    def->smartcards.push_back(std::move(*c));
  }
  for (xmlNodePtr node : xpath_nodes(ctxt, "./devices/parallel")) {
    auto c = parse_chr(node, opts.flags);
    VK_TRY(c);
    if (c->port == -1) {
      int max = -1;
      for (const Chr &p : def->parallels) max = std::max(max, p.port);
      c->port = max + 1;
    }
    def->parallels.push_back(std::move(*c));
  }
  for (xmlNodePtr node : xpath_nodes(ctxt, "./devices/serial")) {
    auto c = parse_chr(node, opts.flags);
    VK_TRY(c);
    def->serials.push_back(std::move(*c));
  }
  for (xmlNodePtr node : xpath_nodes(ctxt, "./devices/console")) {
    auto c = parse_chr(node, opts.flags);
    VK_TRY(c);
    c->port = static_cast<int>(def->consoles.size());  // a console's port is its place
    def->consoles.push_back(std::move(*c));
  }
  for (xmlNodePtr node : xpath_nodes(ctxt, "./devices/channel")) {
    auto c = parse_chr(node, opts.flags);
    VK_TRY(c);
    def->channels.push_back(std::move(*c));
  }
  for (xmlNodePtr node : xpath_nodes(ctxt, "./devices/input")) {
    auto in = parse_input(node, *def);
    VK_TRY(in);
    if (in->bus == Input::usb && usb_none)
      return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                   "Can't add USB input device. USB bus is disabled");
    def->inputs.push_back(std::move(*in));
  }
  for (xmlNodePtr node : xpath_nodes(ctxt, "./devices/graphics")) {
    auto g = parse_graphics(ctxt, node, opts.flags);
    VK_TRY(g);
    def->graphics.push_back(std::move(*g));
  }
  if (xmlNodePtr node = xpath_node(ctxt, "./pm[1]")) VK_TRY(parse(node, def->pm.emplace()));
  for (xmlNodePtr node : xpath_nodes(ctxt, "./keywrap/cipher")) {
    int name = 0, state = 0;
    VK_TRY(xml::prop_enum(node, "name", kKeyWrapCiphers, xml::kPropRequired, name));
    VK_TRY(xml::prop_tristate_switch(node, "state", xml::kPropRequired, state));
    int &slot = name == 0 ? def->keywrap_aes : def->keywrap_dea;
    if (slot)
      return error(kFromDomain, VIR_ERR_INTERNAL_ERROR,
                   "A domain definition can have no more than one cipher node with name %s",
                   name_at(kKeyWrapCiphers, name));
    slot = state;
  }
  if (xmlNodePtr node = xpath_node(ctxt, "./idmap[1]")) {
    IdMap &m = def->idmap.emplace();
    VK_TRY(parse(node, m));
    auto by_start = [](const IdMapEntry &a, const IdMapEntry &b) { return a.start < b.start; };
    std::stable_sort(m.uid.begin(), m.uid.end(), by_start);
    std::stable_sort(m.gid.begin(), m.gid.end(), by_start);
    if (m.uid.empty() && m.gid.empty()) def->idmap.reset();
  }
  VK_TRY(parse_sysinfos(*def, ctxt, !xpath_string(ctxt, "string(./uuid[1])")));
  if (auto mode = xpath_string(ctxt, "string(./os/smbios/@mode)")) {
    int m = xml::enum_from_string(kSmbiosModeNames, *mode);
    if (m < 0)
      return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "unknown smbios mode '%s'",
                   mode->c_str());
    def->os.smbios_mode = static_cast<SmbiosMode>(m);
  }
  for (xmlNodePtr node : xpath_nodes(ctxt, "./devices/sound"))
    VK_TRY(parse(node, def->sounds.emplace_back()));
  for (xmlNodePtr node : xpath_nodes(ctxt, "./devices/audio"))
    VK_TRY(parse(node, def->audios.emplace_back()));
  for (xmlNodePtr node : xpath_nodes(ctxt, "./devices/video")) {
    auto v = parse_video(ctxt, node);
    VK_TRY(v);
    // A primary video goes first.
    if (v->primary)
      def->videos.insert(def->videos.begin(), std::move(*v));
    else
      def->videos.push_back(std::move(*v));
  }
  VK_TRY(parse_hostdevs(*def, ctxt, opts.flags, usb_none));
  auto watchdogs = xpath_nodes(ctxt, "./devices/watchdog");
  if (watchdogs.size() > 1)
    return error(kFromDomain, VIR_ERR_INTERNAL_ERROR, "%s",
                 "only a single watchdog device is supported");
  if (!watchdogs.empty()) VK_TRY(parse(watchdogs[0], def->watchdog.emplace()));
  auto balloons = xpath_nodes(ctxt, "./devices/memballoon");
  if (balloons.size() > 1)
    return error(kFromDomain, VIR_ERR_INTERNAL_ERROR, "%s",
                 "only a single memory balloon device is supported");
  if (!balloons.empty()) VK_TRY(parse(balloons[0], def->memballoon.emplace()));
  for (xmlNodePtr node : xpath_nodes(ctxt, "./devices/rng")) {
    auto r = parse_rng(node, opts.flags);
    VK_TRY(r);
    def->rngs.push_back(std::move(*r));
  }
  auto tpms = xpath_nodes(ctxt, "./devices/tpm");
  if (tpms.size() > 2)
    return error(kFromDomain, VIR_ERR_XML_ERROR, "%s",
                 "a maximum of two TPM devices is supported, one of them being a TPM Proxy device");
  for (xmlNodePtr node : tpms) {
    auto t = parse_tpm(node, opts.flags);
    VK_TRY(t);
    def->tpms.push_back(std::move(*t));
  }
  VK_TRY(parse_nvram_device(ctxt, def->nvram_device));
  // Hubs after the balloon, the RNGs, the TPMs and the NVRAM, as libvirt.
  for (xmlNodePtr node : xpath_nodes(ctxt, "./devices/hub")) {
    VK_TRY(parse(node, def->hubs.emplace_back()));
    if (def->hubs.back().type == HubType::usb && usb_none)
      return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                   "Can't add USB hub: USB is disabled for this domain");
  }
  for (xmlNodePtr node : xpath_nodes(ctxt, "./devices/redirdev")) {
    auto r = parse_redirdev(node, opts.flags);
    VK_TRY(r);
    def->redirdevs.push_back(std::move(*r));
  }
  auto filters = xpath_nodes(ctxt, "./devices/redirfilter");
  if (filters.size() > 1)
    return error(kFromDomain, VIR_ERR_INTERNAL_ERROR, "%s",
                 "only one set of redirection filter rule is supported");
  if (!filters.empty()) VK_TRY(parse_redirfilter(filters[0], def->redirfilter));
  for (xmlNodePtr node : xpath_nodes(ctxt, "./devices/panic"))
    VK_TRY(parse(node, def->panics.emplace_back()));
  for (xmlNodePtr node : xpath_nodes(ctxt, "./devices/shmem")) {
    auto sh = parse_shmem(ctxt, node);
    VK_TRY(sh);
    def->shmems.push_back(std::move(*sh));
  }
  VK_TRY(parse_launch_security(def->launch_security, ctxt));
  for (xmlNodePtr node : xpath_nodes(ctxt, "./devices/memory"))
    VK_TRY(parse_memory_device(ctxt, node, def->memories.emplace_back()));
  auto iommus = xpath_nodes(ctxt, "./devices/iommu");
  if (iommus.size() > 1)
    return error(kFromDomain, VIR_ERR_XML_ERROR, "%s", "only a single IOMMU device is supported");
  if (!iommus.empty()) VK_TRY(parse(iommus[0], def->iommu.emplace()));
  auto vsocks = xpath_nodes(ctxt, "./devices/vsock");
  if (vsocks.size() > 1)
    return error(kFromDomain, VIR_ERR_XML_ERROR, "%s", "only a single vsock device is supported");
  if (!vsocks.empty()) VK_TRY(parse(vsocks[0], def->vsock.emplace()));
  VK_TRY(parse_metadata(*def, ctxt));
  if (opts.test_namespace) VK_TRY(parse_test_ns(*def, ctxt));
  return def;
}

// ---- post-parse and validation ----

Status assign_disk_address(Disk &disk) {
  int idx = disk_name_to_index(*disk.dst);
  if (idx < 0)
    return error(kFromDomain, VIR_ERR_XML_ERROR, "Unknown disk name '%s' and no address specified",
                 disk.dst->c_str());
  Address &a = disk.info.addr;
  switch (disk.bus) {
    case Disk::scsi:
      a.type = Address::drive;
      a.controller = static_cast<unsigned>(idx / 7);
      a.bus = 0;
      a.unit = static_cast<unsigned>(idx % 7);
      break;
    case Disk::ide:
      a.type = Address::drive;
      a.controller = static_cast<unsigned>(idx / 4);
      a.bus = static_cast<unsigned>((idx % 4) / 2);
      a.unit = static_cast<unsigned>(idx % 2);
      break;
    case Disk::sata:
      a.type = Address::drive;
      a.controller = static_cast<unsigned>(idx / 6);
      a.bus = 0;
      a.unit = static_cast<unsigned>(idx % 6);
      break;
    case Disk::fdc:
      a.type = Address::drive;
      a.controller = static_cast<unsigned>(idx / 2);
      a.bus = 0;
      a.unit = static_cast<unsigned>(idx % 2);
      break;
    default:
      break;
  }
  return Status();
}

// virDomainDefHasUSB: a USB controller other than model 'none'.
bool has_usb(const DomainDef &def) {
  for (const Controller &c : def.controllers)
    if (c.type == ControllerType::usb && c.model != static_cast<int>(ControllerModelUSB::none))
      return true;
  return false;
}

// virDomainDefAddDiskControllersForType: appended, in index order.
void add_disk_controllers(DomainDef &def, ControllerType controller_type, int disk_bus) {
  int max_controller = -1;
  for (const Disk &d : def.disks) {
    if (d.bus != disk_bus || d.info.addr.type != Address::drive) continue;
    if (static_cast<int>(d.info.addr.controller) > max_controller)
      max_controller = static_cast<int>(d.info.addr.controller);
  }
  for (int i = 0; i <= max_controller; i++) maybe_add_controller(def, controller_type, i, -1);
}

// virDomainDefMaybeAddVirtioSerialController: one for each virtio channel
// and console, on the controller its address names.
void add_virtio_serial_controllers(DomainDef &def) {
  auto controller_of = [](const Chr &c) -> int {
    if (c.info.addr.type != Address::virtio_serial) return 0;
    unsigned idx = 0;
    for (const auto &[k, v] : c.info.addr.other)
      if (k == "controller" && !util::str_to_ui(v.c_str(), 10, idx)) idx = 0;
    return static_cast<int>(idx);
  };
  for (const Chr &c : def.channels)
    if (c.target_type == static_cast<int>(ChrChannelTargetType::virtio))
      maybe_add_controller(def, ControllerType::virtio_serial, controller_of(c), -1);
  for (const Chr &c : def.consoles)
    if (c.target_type == static_cast<int>(ChrConsoleTargetType::virtio))
      maybe_add_controller(def, ControllerType::virtio_serial, controller_of(c), -1);
}

Status post_parse(DomainDef &def) {
  // Controller indexes, then libvirt's per-device post-parse (controllers,
  // character devices).
  assign_controller_indexes(def);
  for (const Controller &c : def.controllers) VK_TRY(post_parse_controller(c));
  VK_TRY(post_parse_chrs(def));
  for (Filesystem &fs : def.filesystems) post_parse_filesystem(fs);

  if (def.os.type == OsType::exe && !def.os.init)
    return error(kFromDomain, VIR_ERR_XML_ERROR, "%s", "init binary must be specified");

  for (MemoryDevice &m : def.memories) post_parse_memory_device(m, def);
  VK_TRY(post_parse_memory(def));
  VK_TRY(post_parse_vcpu_states(def));

  // virDomainDefPostParseOs.
  if (def.os.firmware_features) {
    auto &f = *def.os.firmware_features;
    const auto enrolled = static_cast<size_t>(OsFirmwareFeature::enrolled_keys);
    const auto secure = static_cast<size_t>(OsFirmwareFeature::secure_boot);
    if (f[enrolled] == TristateBool::yes) {
      if (f[secure] == TristateBool::no)
        return error(kFromDomain, VIR_ERR_XML_DETAIL, "%s",
                     "firmware feature 'enrolled-keys' cannot be enabled when firmware feature "
                     "'secure-boot' is disabled");
      f[secure] = TristateBool::yes;
    }
  }
  if (def.os.loader && def.os.loader->path && def.os.loader->type == LoaderType::none)
    def.os.loader->type = LoaderType::rom;

  VK_TRY(reject_duplicate_controllers(def));
  for (size_t i = 0; i < def.panics.size(); i++)
    for (size_t j = 0; j < i; j++)
      if (def.panics[i].model.value_or(PanicModel::default_) ==
          def.panics[j].model.value_or(PanicModel::default_))
        return error(kFromDomain, VIR_ERR_XML_ERROR, "Multiple panic devices with model '%s'",
                     to_string(def.panics[i].model.value_or(PanicModel::default_)));

  // Without guest NUMA a hugepage's nodeset of just node 0 means nothing.
  if (def.numa_cells.empty() && def.memory_backing && def.memory_backing->hugepages)
    for (HugePage &p : def.memory_backing->hugepages->page)
      if (p.nodeset && *p.nodeset == std::set<unsigned>{0}) p.nodeset.reset();
  if (def.vsock) {
    VsockCid &cid = def.vsock->cid ? *def.vsock->cid : def.vsock->cid.emplace();
    if (!cid.auto_) cid.auto_ = !cid.address.value_or(0);
  }

  // virDomainDefPostParseTimer.
  for (const Timer &t : def.clock.timers) {
    const char *name = to_string(t.name);
    TimerTickpolicy tick = t.tickpolicy.value_or(TimerTickpolicy::none);
    if ((t.name == TimerName::kvmclock || t.name == TimerName::hypervclock) &&
        tick != TimerTickpolicy::none)
      return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED,
                   "timer %s doesn't support setting of timer tickpolicy", name);
    const TimerCatchup c = t.catchup.value_or(TimerCatchup{});
    if (tick != TimerTickpolicy::catchup &&
        (c.threshold.value_or(0) || c.limit.value_or(0) || c.slew.value_or(0)))
      return error(kFromDomain, VIR_ERR_XML_ERROR, "%s",
                   "setting of timer catchup policies is only supported with tickpolicy='catchup'");
    if (t.name != TimerName::tsc) {
      if (t.frequency.value_or(0))
        return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED,
                     "timer %s doesn't support setting of timer frequency", name);
      if (t.mode.value_or(TimerMode::none) != TimerMode::none)
        return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED,
                     "timer %s doesn't support setting of timer mode", name);
    }
    if (t.name != TimerName::platform && t.name != TimerName::rtc &&
        t.track.value_or(TimerTrack::none) != TimerTrack::none)
      return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED,
                   "timer %s doesn't support setting of timer track", name);
  }

  // Boot order.
  if (def.os.type == OsType::hvm) {
    // Every device that may have a <boot order>; one device per order.
    std::set<unsigned> orders;
    auto collect = [&](const DeviceInfo &info) -> Status {
      if (info.boot_index && !orders.insert(info.boot_index).second)
        return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED,
                     "boot order '%u' used for more than one device", info.boot_index);
      return Status();
    };
    for (const Disk &d : def.disks) VK_TRY(collect(d.info));
    for (const Net &n : def.nets) VK_TRY(collect(n.info));
    for (const Hostdev &h : def.hostdevs) VK_TRY(collect(h.info));
    for (const Filesystem &fs : def.filesystems) VK_TRY(collect(fs.info));
    for (const Redirdev &r : def.redirdevs) VK_TRY(collect(r.info));
    bool per_device = !orders.empty();
    if (!def.os.boot_devs.empty() && per_device)
      return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                   "per-device boot elements cannot be used together with os/boot elements");
    if (def.os.boot_devs.empty() && !per_device) def.os.boot_devs.push_back(BootDev::hd);
  }

  // Disks.
  for (Disk &d : def.disks) {
    if (d.dst && d.dst->compare(0, 6, "ioemu:") == 0) d.dst = d.dst->substr(6);
    if (d.device == Disk::cdrom) d.readonly = true;
    if (d.bus == Disk::bus_none) {
      d.bus = Disk::ide;
      if (d.device == Disk::floppy) {
        d.bus = Disk::fdc;
      } else if (d.dst) {
        const std::string &n = *d.dst;
        if (n.compare(0, 2, "hd") == 0)
          d.bus = Disk::ide;
        else if (n.compare(0, 2, "sd") == 0)
          d.bus = Disk::scsi;
        else if (n.compare(0, 2, "vd") == 0)
          d.bus = Disk::virtio;
        else if (n.compare(0, 3, "xvd") == 0)
          d.bus = Disk::xen;
        else if (n.compare(0, 3, "ubd") == 0)
          d.bus = Disk::uml;
      }
    }
    if (d.snapshot == DiskSnapshot::default_ && d.readonly) d.snapshot = DiskSnapshot::no;
    if (d.info.addr.type == Address::none && d.dst) {
      VK_TRY(assign_disk_address(d));
      VK_TRY(check_disk_hostdev_address(def, d));
    }
    VK_TRY(post_parse_disk(d));
  }
  VK_TRY(post_parse_hostdevs(def));
  // Videos: the test driver's default model, then the default video RAM
  // rounded up to a power of two; the first video is the primary one.
  auto video_post_parse = [&](Video &v) {
    if (v.type == Video::default_) {
      if (def.os.type == OsType::xen || def.os.type == OsType::linux)
        v.type = Video::xen;
      else if (def.os.arch == "ppc64" || def.os.arch == "ppc64le")
        v.type = Video::vga;
      else
        v.type = Video::cirrus;
    }
    auto default_ram = [&](int type) -> unsigned {
      switch (type) {
        case Video::vga:
        case Video::cirrus:
        case Video::vmvga:
          if (def.virt_type == VirtType::vbox) return 8 * 1024;
          if (def.virt_type == VirtType::vmware) return 4 * 1024;
          return 16 * 1024;
        case Video::bochs:
          return 16 * 1024;
        case Video::xen:
          return 4 * 1024;
        case Video::qxl:
          return 64 * 1024;
        default:
          return 0;
      }
    };
    auto pow2 = [](unsigned x) -> unsigned {
      if (x == 0) return 0;
      unsigned p = 1;
      while (p < x && p != 0) p <<= 1;
      return p;
    };
    if (v.ram == 0 && v.type == Video::qxl) v.ram = default_ram(v.type);
    if (v.vram == 0) v.vram = default_ram(v.type);
    v.ram = pow2(v.ram);
    v.vram = pow2(v.vram);
  };
  // virDomainDefAddImplicitVideo: graphics without a video get one.
  if (!def.graphics.empty() && def.videos.empty()) def.videos.emplace_back();
  for (Video &v : def.videos) video_post_parse(v);
  if (!def.videos.empty()) {
    if (def.videos[0].type == Video::none) {
      Video cleared;
      cleared.type = Video::none;
      cleared.heads = 0;
      cleared.info.alias = def.videos[0].info.alias;
      def.videos[0] = std::move(cleared);
    } else {
      def.videos[0].primary = true;
    }
  }

  // virDomainDefAddImplicitDevices.
  VK_TRY(add_console_compat(def));
  add_disk_controllers(def, ControllerType::scsi, Disk::scsi);
  add_disk_controllers(def, ControllerType::fdc, Disk::fdc);
  add_disk_controllers(def, ControllerType::ide, Disk::ide);
  add_disk_controllers(def, ControllerType::sata, Disk::sata);
  add_virtio_serial_controllers(def);
  for (int idx : assign_smartcard_addresses(def))
    maybe_add_controller(def, ControllerType::ccid, idx, -1);
  add_hostdev_scsi_controllers(def);

  for (Graphics &g : def.graphics) post_parse_graphics(g);

  if (def.cpu && def.cpu->mode == Cpu::custom && !def.cpu->model &&
      def.cpu->check != CpuCheck::default_)
    return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                 "check attribute specified for CPU with no model");

  if (def.name.find('/') != std::string::npos)
    return error(kFromDomain, VIR_ERR_XML_ERROR, "name %s cannot contain '/'", def.name.c_str());
  return Status();
}

// virDomainCheckVirtioOptionsAreAbsent: for devices that are not virtio.
Status check_virtio_options_absent(const std::optional<VirtioOptions> &v) {
  if (!v) return Status();
  const char *what = v->iommu         ? "iommu driver option is only supported for virtio devices"
                     : v->ats         ? "ats driver option is only supported for virtio devices"
                     : v->packed      ? "packed driver option is only supported for virtio devices"
                     : v->page_per_vq ? "page_per_vq option is only supported for virtio devices"
                                      : nullptr;
  if (what) return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "%s", what);
  return Status();
}

// virDomainDefValidateAliases: a user alias names one device only (devices
// in libvirt's iteration order).
// Calls f(info, chr, hostdev) for each device's info, in libvirt's device
// order; chr is the character device the info belongs to, if any.
template <typename F>
Status for_each_device_info(const DomainDef &def, F &&f) {
  for (const Disk &d : def.disks) VK_TRY(f(d.info, nullptr, false));
  for (const Net &n : def.nets) VK_TRY(f(n.info, nullptr, false));
  for (const Sound &snd : def.sounds) VK_TRY(f(snd.info, nullptr, false));
  for (const Hostdev &h : def.hostdevs) VK_TRY(f(h.info, nullptr, true));
  for (const Video &v : def.videos) VK_TRY(f(v.info, nullptr, false));
  for (const Controller &c : def.controllers) VK_TRY(f(c.info, nullptr, false));
  for (const Smartcard &c : def.smartcards) VK_TRY(f(c.info, nullptr, false));
  for (const auto *list : {&def.serials, &def.parallels, &def.channels, &def.consoles})
    for (const Chr &c : *list) VK_TRY(f(c.info, &c, false));
  for (const Input &in : def.inputs) VK_TRY(f(in.info, nullptr, false));
  for (const Filesystem &fs : def.filesystems) VK_TRY(f(fs.info, nullptr, false));
  if (def.watchdog) VK_TRY(f(def.watchdog->info, nullptr, false));
  if (def.memballoon) VK_TRY(f(def.memballoon->info, nullptr, false));
  for (const Rng &r : def.rngs) VK_TRY(f(r.info, nullptr, false));
  if (def.nvram_device) VK_TRY(f(def.nvram_device->info, nullptr, false));
  for (const Tpm &t : def.tpms) VK_TRY(f(t.info, nullptr, false));
  for (const Hub &h : def.hubs) VK_TRY(f(h.info, nullptr, false));
  for (const Shmem &sh : def.shmems) VK_TRY(f(sh.info, nullptr, false));
  for (const MemoryDevice &m : def.memories) VK_TRY(f(m.info, nullptr, false));
  for (const Panic &p : def.panics) VK_TRY(f(p.info, nullptr, false));
  for (const Redirdev &r : def.redirdevs) VK_TRY(f(r.info, nullptr, false));
  if (def.iommu) VK_TRY(f(def.iommu->info, nullptr, false));
  if (def.vsock) VK_TRY(f(def.vsock->info, nullptr, false));
  return Status();
}

Status validate_aliases(const DomainDef &def) {
  std::set<std::string> seen;
  // A character device equal to the first serial port, when a console
  // stands for it, is not checked (libvirt's console back-compat).
  bool console_alias =
      !def.serials.empty() && !def.consoles.empty() &&
      def.consoles[0].target_type == static_cast<int>(ChrConsoleTargetType::serial);
  return for_each_device_info(def, [&](const DeviceInfo &info, const Chr *chr, bool) -> Status {
    if (chr && console_alias && same_chr(def.serials[0], *chr)) return Status();
    if (info.alias && !seen.insert(*info.alias).second)
      return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "non unique alias detected: %s",
                   info.alias->c_str());
    return Status();
  });
}

// virDomainDeviceInfoValidate: an unassigned address is for host devices.
Status validate_address_types(const DomainDef &def) {
  return for_each_device_info(def, [](const DeviceInfo &info, const Chr *, bool hostdev) {
    if (info.addr.type == Address::unassigned && !hostdev)
      return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED,
                   "address of type 'unassigned' is supported only for hostdevs");
    return Status();
  });
}

// virDomainDefOSValidate (the test driver selects firmware automatically).
Status validate_os(const DomainDef &def) {
  const auto &loader = def.os.loader;
  auto detail = [](const char *message) {
    return error(kFromDomain, VIR_ERR_XML_DETAIL, "%s", message);
  };
  if (def.os.firmware != OsFirmware::none) {
    if (!loader) return Status();
    if (loader->readonly != TristateBool::absent)
      return detail(
          "loader attribute 'readonly' cannot be specified when firmware autoselection is "
          "enabled");
    if (loader->type != LoaderType::none)
      return detail(
          "loader attribute 'type' cannot be specified when firmware autoselection is enabled");
    if (loader->path)
      return detail("loader path cannot be specified when firmware autoselection is enabled");
    if (loader->nvram_template)
      return detail(
          "nvram attribute 'template' cannot be specified when firmware autoselection is "
          "enabled");
    if (loader->secure == TristateBool::no)
      return detail(
          "loader attribute 'secure' cannot be specified when firmware autoselection is "
          "enabled");
    if (loader->nvram && def.os.firmware != OsFirmware::efi)
      return error(kFromDomain, VIR_ERR_XML_DETAIL, "firmware type '%s' does not support nvram",
                   to_string(def.os.firmware));
  } else {
    if (def.os.firmware_features)
      return detail(
          "cannot use feature-based firmware autoselection when firmware autoselection is "
          "disabled");
    if (!loader) return Status();
    if (!loader->path)
      return detail("no loader path specified and firmware auto selection disabled");
  }
  if (loader->stateless == TristateBool::yes) {
    if (loader->nvram_template)
      return detail("NVRAM template is not permitted when loader is stateless");
    if (loader->nvram) return detail("NVRAM is not permitted when loader is stateless");
  } else if (loader->stateless == TristateBool::no) {
    if (def.os.firmware == OsFirmware::none) {
      if (loader->type != LoaderType::pflash)
        return detail("Only pflash loader type permits NVRAM");
    } else if (def.os.firmware != OsFirmware::efi) {
      return detail("Only EFI firmware permits NVRAM");
    }
  }
  return Status();
}

Status validate(const DomainDef &def) {
  for (const Disk &d : def.disks) {
    if (!d.dst) {
      if (d.pool)
        return error(kFromDomain, VIR_ERR_NO_TARGET, "pool = '%s', volume = '%s'", d.pool->c_str(),
                     d.volume ? d.volume->c_str() : "(null)");
      if (d.path) return error(kFromDomain, VIR_ERR_NO_TARGET, "%s", d.path->c_str());
      return error(kFromDomain, VIR_ERR_NO_TARGET);
    }
    VK_TRY(validate_disk_storage(def, d));
  }
  // Devices' own checks (libvirt's device iteration) come before the
  // domain-wide ones.
  VK_TRY(validate_address_types(def));
  VK_TRY(validate_nets(def));
  VK_TRY(validate_hostdevs(def));
  VK_TRY(validate_videos(def));
  for (const Controller &c : def.controllers) VK_TRY(validate_controller(c));
  for (size_t i = 0; i < def.disks.size(); i++) {
    for (size_t j = i + 1; j < def.disks.size(); j++) {
      if (*def.disks[i].dst == *def.disks[j].dst) {
        const auto &a = def.disks[i].path, &b = def.disks[j].path;
        return error(
            kFromDomain, VIR_ERR_XML_ERROR, "target '%s' duplicated for disk sources '%s' and '%s'",
            def.disks[i].dst->c_str(), a ? a->c_str() : "(null)", b ? b->c_str() : "(null)");
      }
    }
  }
  VK_TRY(validate_disk_drive_addresses(def));
  VK_TRY(validate_smartcards(def));
  VK_TRY(validate_chrs(def));
  VK_TRY(validate_inputs(def));
  VK_TRY(validate_rngs(def));
  VK_TRY(validate_tpms(def));
  for (const Filesystem &fs : def.filesystems) VK_TRY(validate_filesystem(fs));
  VK_TRY(validate_redirdevs(def, has_usb(def)));
  for (const Sound &snd : def.sounds) {
    unsigned id = snd.audio ? snd.audio->id : 0;
    bool found = id == 0;
    for (const Audio &a : def.audios) found = found || a.id == id;
    if (!found) return error(kFromDomain, VIR_ERR_XML_ERROR, "no audio device with ID %u", id);
  }
  for (const Graphics &g : def.graphics) VK_TRY(validate_graphics(g, def.audios));
  for (size_t i = 0; i < def.audios.size(); i++)
    for (size_t j = 0; j < def.audios.size(); j++)
      if (i != j && def.audios[i].id == def.audios[j].id)
        return error(kFromDomain, VIR_ERR_XML_ERROR, "audio ID %u is used multiple times",
                     def.audios[i].id);
  for (const Shmem &sh : def.shmems) {
    const char *bad = sh.name.find('/') != std::string::npos
                          ? "shmem name cannot include '/' character"
                      : sh.name == "."  ? "shmem name cannot be equal to '.'"
                      : sh.name == ".." ? "shmem name cannot be equal to '..'"
                                        : nullptr;
    if (bad) return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "%s", bad);
  }
  if (def.vsock) {
    unsigned cid = def.vsock->cid ? def.vsock->cid->address.value_or(0) : 0;
    if (cid > 0 && cid <= 2)
      return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "%s", "guest CIDs must be >= 3");
    if (def.vsock->model.value_or(VsockModel::default_) == VsockModel::default_)
      VK_TRY(check_virtio_options_absent(def.vsock->driver));
  }
  for (const MemoryDevice &m : def.memories) VK_TRY(validate_memory_device(m, def));
  if (def.iommu) {
    const IommuDriver d = def.iommu->driver.value_or(IommuDriver{});
    // The device's own check (libvirt validates devices first).
    if (def.iommu->model != IommuModel::intel &&
        (d.intremap || d.caching_mode || d.eim || d.iotlb || d.aw_bits.value_or(0)))
      return error(kFromDomain, VIR_ERR_XML_ERROR,
                   "iommu model '%s' doesn't support additional attributes",
                   to_string(def.iommu->model));
    if (d.intremap == true && def.features[F_IOAPIC] != 1)
      return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                   "IOMMU interrupt remapping requires split I/O APIC (ioapic driver='qemu')");
    if (d.eim == true && d.intremap != true)
      return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                   "IOMMU eim requires interrupt remapping to be enabled");
  }
  VK_TRY(validate_resource(def.resource));
  VK_TRY(validate_hostdevs_domain(def));
  VK_TRY(validate_aliases(def));
  // virDomainDefMemtuneValidate: one page size without a nodeset, node sets
  // apart and naming existing NUMA cells.
  if (def.memory_backing && def.memory_backing->hugepages) {
    const auto &pages = def.memory_backing->hugepages->page;
    for (size_t i = 0; i < pages.size(); i++) {
      for (size_t j = 0; j < i; j++) {
        const auto &a = pages[i].nodeset, &b = pages[j].nodeset;
        bool overlap = false;
        if (a && b)
          for (unsigned bit : *a) overlap = overlap || b->count(bit);
        if (overlap)
          return error(kFromDomain, VIR_ERR_XML_DETAIL,
                       "nodeset attribute of hugepages of sizes %llu and %llu intersect",
                       pages[i].size, pages[j].size);
        if (!a && !b)
          return error(kFromDomain, VIR_ERR_XML_DETAIL,
                       "two master hugepages detected: %llu and %llu", pages[i].size,
                       pages[j].size);
      }
      if (!pages[i].nodeset) continue;
      auto next = pages[i].nodeset->lower_bound(static_cast<unsigned>(def.numa_cells.size()));
      if (next != pages[i].nodeset->end())
        return error(kFromDomain, VIR_ERR_XML_DETAIL, "hugepages: node %zd not found",
                     static_cast<ssize_t>(*next));
    }
  }
  VK_TRY(validate_os(def));
  // virDomainDefCputuneValidate.
  {
    const DomainDef::CpuTune &t = def.cputune;
    if (t.shares.value_or(0) > 0 && (*t.shares < 2 || *t.shares > 262144))
      return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED,
                   "Value of cputune 'shares' must be in range [%llu, %llu]", 2ULL, 262144ULL);
    const std::pair<const char *, unsigned long long> periods[] = {
        {"period", t.period},
        {"global_period", t.global_period},
        {"emulator_period", t.emulator_period},
        {"iothread_period", t.iothread_period}};
    for (const auto &[name, v] : periods)
      if (v > 0 && (v < 1000 || v > 1000000))
        return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED,
                     "Value of cputune '%s' must be in range [%llu, %llu]", name, 1000ULL,
                     1000000ULL);
    const std::pair<const char *, long long> quotas[] = {{"quota", t.quota},
                                                         {"global_quota", t.global_quota},
                                                         {"emulator_quota", t.emulator_quota},
                                                         {"iothread_quota", t.iothread_quota}};
    for (const auto &[name, v] : quotas)
      if (v > 0 && (v < 1000 || v > 17592186044415LL))
        return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED,
                     "Value of cputune '%s' must be in range [%llu, %llu]", name, 1000ULL,
                     17592186044415ULL);
  }
  // virDomainDefBootValidate.
  if (def.os.bm_timeout_set && def.os.bm_timeout > 65535)
    return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                 "invalid value for boot menu timeout, must be in range [0,65535]");
  if (def.os.reboot_timeout_set && (def.os.reboot_timeout < -1 || def.os.reboot_timeout > 65535))
    return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                 "invalid value for rebootTimeout, must be in range [-1,65535]");
  VK_TRY(validate_video_primary(def));
  // virDomainDefIdMapValidate.
  if (def.idmap) {
    const IdMap &m = *def.idmap;
    if (m.uid.empty() != m.gid.empty())
      return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                   "uid and gid should be mapped both");
    if (m.uid[0].start != 0 || m.gid[0].start != 0)
      return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                   "You must map the root user of container");
  }
  VK_TRY(validate_numa(def));
  VK_TRY(validate_filesystems(def));
  // virDomainDefValidateIOThreads.
  auto pool = [](int lo, int hi) -> Status {
    if (hi == 0)
      return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                   "thread_pool_max must be a positive integer");
    if (lo > hi)
      return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                   "thread_pool_min must be smaller or equal to thread_pool_max");
    return Status();
  };
  for (const IOThreadId &t : def.iothreads) VK_TRY(pool(t.pool_min, t.pool_max));
  if (def.default_iothread) VK_TRY(pool(def.default_iothread->first, def.default_iothread->second));
  return Status();
}

// ---- formatting ----

void format_input(Buffer &buf, const Input &in, unsigned flags) {
  if ((flags & kFormatMigratable) && in.type == Input::keyboard &&
      (in.bus == Input::ps2 || in.bus == Input::xen))
    return;
  Buffer attrs;
  Buffer child = Buffer::child_of(buf);
  attrs.addf(" type='%s'", name_at(kInputTypes, in.type));
  if (in.bus != Input::bus_none) attrs.addf(" bus='%s'", name_at(kInputBuses, in.bus));
  if (in.model != InputModel::default_) attrs.addf(" model='%s'", name_at(kInputModels, in.model));
  format_input_source_driver(child, in);
  format_device_info(child, in.info, false);
  xml::format_element(buf, "input", &attrs, &child);
}

void format_video(Buffer &buf, const Video &v) {
  buf.add("<video>\n");
  buf.indent(2);
  format_video_driver(buf, v);
  buf.addf("<model type='%s'", name_at(kVideoTypes, v.type));
  if (v.ram) buf.addf(" ram='%u'", v.ram);
  if (v.vram) buf.addf(" vram='%u'", v.vram);
  if (v.vram64) buf.addf(" vram64='%u'", v.vram64);
  if (v.vgamem) buf.addf(" vgamem='%u'", v.vgamem);
  if (v.heads) buf.addf(" heads='%u'", v.heads);
  if (v.primary) buf.add(" primary='yes'");
  if (video_model_has_children(v)) {
    buf.add(">\n");
    buf.indent(2);
    format_video_model_children(buf, v);
    buf.indent(-2);
    buf.add("</model>\n");
  } else {
    buf.add("/>\n");
  }
  format_device_info(buf, v.info, false);
  buf.indent(-2);
  buf.add("</video>\n");
}

// An element printed on one line: `<name attrs>text</name>`, `<name attrs/>`
// or nothing (virXMLFormatElementInternal without a newline).
void format_inline(Buffer &buf, const char *name, const std::string &attrs,
                   const std::optional<std::string> &text) {
  if (attrs.empty() && (!text || text->empty())) return;
  buf.addf("<%s%s", name, attrs.c_str());
  if (!text || text->empty()) {
    buf.add("/>\n");
    return;
  }
  buf.add(">");
  buf.escape("%s", text);
  buf.addf("</%s>\n", name);
}

void format_loader(Buffer &buf, const DomainDef::Os::Loader &l, unsigned flags) {
  Buffer attrs;
  if (l.readonly != TristateBool::absent)
    attrs.addf(" readonly='%s'", name_at(kTristateBool, l.readonly));
  if (l.secure != TristateBool::absent)
    attrs.addf(" secure='%s'", name_at(kTristateBool, l.secure));
  if (l.type != LoaderType::none) attrs.addf(" type='%s'", to_string(l.type));
  if (l.stateless != TristateBool::absent)
    attrs.addf(" stateless='%s'", name_at(kTristateBool, l.stateless));
  format_inline(buf, "loader", attrs.str(), l.path);
  Buffer nattrs;
  nattrs.escape(" template='%s'", l.nvram_template);
  if (l.nvram && l.nvram->new_style) {
    nattrs.addf(" type='%s'", storage_type_names()[static_cast<size_t>(l.nvram->src.type)].data());
    // A source with nothing to print leaves <nvram type='file'/>, as libvirt.
    Buffer child = Buffer::child_of(buf);
    format_storage_source(child, l.nvram->src, flags);
    format_element(buf, "nvram", &nattrs, &child);
    return;
  }
  format_inline(buf, "nvram", nattrs.str(), l.nvram ? l.nvram->src.path : std::nullopt);
}

const char *on_off(TristateSwitch v) {
  return v == TristateSwitch::on ? "on" : "off";
}

// The features with sub-structure, as virDomainDefFormatFeatures prints them.
void format_feature_details(Buffer &child, const DomainDef &def, int feature) {
  const auto &d = def.feature_details;
  int v = def.features[static_cast<size_t>(feature)];
  switch (feature) {
    case F_HYPERV:
      if (v == 0) return;
      child.addf("<hyperv mode='%s'>\n", name_at(kHypervModeNames, v));
      child.indent(2);
      for (size_t j = 0; j < d.hyperv.size(); j++) {
        TristateSwitch s = d.hyperv[j];
        if (s == TristateSwitch::absent) continue;
        child.addf("<%s state='%s'", kHypervFeatureNames[j].data(), on_off(s));
        auto f = static_cast<HypervFeature>(j);
        if (s == TristateSwitch::on && f == HypervFeature::spinlocks) {
          child.addf(" retries='%d'/>\n", static_cast<int>(d.hyperv_spinlocks));
        } else if (s == TristateSwitch::on && f == HypervFeature::stimer &&
                   d.hyperv_stimer_direct == TristateSwitch::on) {
          child.add(">\n");
          child.indent(2);
          child.add("<direct state='on'/>\n");
          child.indent(-2);
          child.add("</stimer>\n");
        } else if (s == TristateSwitch::on && f == HypervFeature::vendor_id) {
          child.escape(" value='%s'/>\n", d.hyperv_vendor_id);
        } else {
          child.add("/>\n");
        }
      }
      child.indent(-2);
      child.add("</hyperv>\n");
      return;
    case F_KVM:
      if (v != 1) return;
      child.add("<kvm>\n");
      child.indent(2);
      for (size_t j = 0; j < d.kvm.size(); j++) {
        if (d.kvm[j] == TristateSwitch::absent) continue;
        child.addf("<%s state='%s'", kKvmFeatureNames[j].data(), on_off(d.kvm[j]));
        if (static_cast<KvmFeature>(j) == KvmFeature::dirty_ring && d.kvm_dirty_ring_size > 0)
          child.addf(" size='%d'", static_cast<int>(d.kvm_dirty_ring_size));
        child.add("/>\n");
      }
      child.indent(-2);
      child.add("</kvm>\n");
      return;
    case F_XEN:
      if (v != 1) return;
      child.add("<xen>\n");
      child.indent(2);
      for (size_t j = 0; j < d.xen.size(); j++) {
        if (d.xen[j] == TristateSwitch::absent) continue;
        child.addf("<%s state='%s'", kXenFeatureNames[j].data(), on_off(d.xen[j]));
        if (static_cast<XenFeature>(j) == XenFeature::passthrough &&
            d.xen[j] == TristateSwitch::on &&
            d.xen_passthrough_mode != XenPassthroughMode::default_)
          child.escape(" mode='%s'", to_string(d.xen_passthrough_mode));
        child.add("/>\n");
      }
      child.indent(-2);
      child.add("</xen>\n");
      return;
    case F_CAPABILITIES: {
      Buffer attrs, caps = Buffer::child_of(child);
      for (size_t j = 0; j < d.caps.size(); j++)
        if (d.caps[j] != TristateSwitch::absent)
          caps.addf("<%s state='%s'/>\n", kProcessCapsFeatureNames[j].data(), on_off(d.caps[j]));
      if (v != 0 || !caps.empty()) attrs.addf(" policy='%s'", name_at(kCapsPolicyNames, v));
      xml::format_element(child, "capabilities", &attrs, &caps);
      return;
    }
    case F_HPT: {
      if (v != 1) return;
      Buffer attrs, sub = Buffer::child_of(child);
      if (d.hpt_resizing != HptResizing::none)
        attrs.addf(" resizing='%s'", to_string(d.hpt_resizing));
      if (d.hpt_maxpagesize > 0)
        sub.addf("<maxpagesize unit='KiB'>%llu</maxpagesize>\n", d.hpt_maxpagesize);
      xml::format_element(child, "hpt", &attrs, &sub);
      return;
    }
    case F_MSRS:
      if (v == 1) child.addf("<msrs unknown='%s'/>\n", to_string(d.msrs_unknown));
      return;
    case F_TCG:
      if (v == 1 && d.tcg_tb_cache > 0) {
        child.add("<tcg>\n");
        child.addf("  <tb-cache unit='KiB'>%lld</tb-cache>\n",
                   static_cast<long long>(d.tcg_tb_cache));
        child.add("</tcg>\n");
      }
      return;
    default:
      return;
  }
}

void format_features(Buffer &buf, const DomainDef &def) {
  Buffer child = Buffer::child_of(buf);
  for (int i = 0; i < kFeatureCount && static_cast<size_t>(i) < kFeatures.size(); i++) {
    int v = def.features[static_cast<size_t>(i)];
    const char *name = name_at(kFeatures, i);
    switch (i) {
      case F_ACPI:
      case F_PAE:
      case F_VIRIDIAN:
      case F_PRIVNET:
        if (v == 1) child.addf("<%s/>\n", name);
        break;
      case F_GIC:
        if (v == 1) {
          Buffer attrs;
          if (def.gic_version > 0)
            attrs.addf(" version='%s'", name_at(kGicVersions, def.gic_version));
          xml::format_element_empty(child, "gic", &attrs, nullptr);
        }
        break;
      case F_SMM:
        if (v == 1 || v == 2) {
          Buffer attrs, tseg = Buffer::child_of(child);
          attrs.addf(" state='%s'", v == 1 ? "on" : "off");
          if (v == 1 && def.tseg_size) {
            // virFormatIntPretty: the largest unit that divides it exactly.
            static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
            unsigned long long n = *def.tseg_size;
            size_t u = 0;
            while (n != 0 && n % 1024 == 0 && u + 1 < std::size(units)) {
              n /= 1024;
              u++;
            }
            tseg.addf("<tseg unit='%s'>%llu</tseg>\n", units[u], n);
          }
          xml::format_element(child, "smm", &attrs, &tseg);
        }
        break;
      case F_IOAPIC:
        if (v == 1 || v == 2) child.addf("<ioapic driver='%s'/>\n", name_at(kIoapicDrivers, v));
        break;
      case F_APIC:
        if (v == 1) {
          Buffer attrs;
          if (def.apic_eoi) attrs.addf(" eoi='%s'", name_at(kTristateSwitch, def.apic_eoi));
          xml::format_element_empty(child, "apic", &attrs, nullptr);
        }
        break;
      case F_VMCOREINFO:
      case F_HAP:
      case F_PMU:
      case F_PVSPINLOCK:
      case F_VMPORT:
      case F_HTM:
      case F_NESTED_HV:
      case F_CCF_ASSIST:
        if (v == 1 || v == 2) {
          Buffer attrs;
          attrs.addf(" state='%s'", name_at(kTristateSwitch, v));
          xml::format_element(child, name, &attrs, nullptr);
        }
        break;
      case F_HYPERV:
      case F_KVM:
      case F_XEN:
      case F_CAPABILITIES:
      case F_HPT:
      case F_MSRS:
      case F_TCG:
        format_feature_details(child, def, i);
        break;
      case F_CFPC:
      case F_SBBC:
      case F_IBS: {
        const Names &names = i == F_CFPC ? kCfpcNames : i == F_SBBC ? kSbbcNames : kIbsNames;
        if (v > 0) child.addf("<%s value='%s'/>\n", name, name_at(names, v));
        break;
      }
      default:
        break;
    }
  }
  xml::format_element(buf, "features", nullptr, &child);
}

void format_clock(Buffer &buf, const DomainDef::Clock &c) {
  Buffer attrs;
  attrs.addf(" offset='%s'", name_at(kClockOffsets, static_cast<int>(c.offset)));
  switch (c.offset) {
    case ClockOffset::localtime:
    case ClockOffset::utc:
      if (c.utc_reset) attrs.add(" adjustment='reset'");
      break;
    case ClockOffset::variable:
      attrs.addf(" adjustment='%lld' basis='%s'", c.adjustment, name_at(kClockBasis, c.basis));
      break;
    case ClockOffset::timezone:
      attrs.escape(" timezone='%s'", c.timezone);
      break;
    case ClockOffset::absolute:
      attrs.addf(" start='%llu'", c.start);
      break;
  }
  Buffer child = Buffer::child_of(buf);
  for (const Timer &t : c.timers) format(child, t);
  xml::format_element(buf, "clock", &attrs, &child);
}

}  // namespace

// ---- public ----

Result<std::unique_ptr<DomainDef>> parse_domain_node(xmlXPathContextPtr ctxt,
                                                     const ParseOptions &opts) {
  auto def = parse_xml(ctxt, opts);
  VK_TRY(def);
  VK_TRY(post_parse(**def));
  VK_TRY(validate(**def));
  return std::move(*def);
}

const Disk *disk_by_name(const DomainDef &def, const std::string &name, bool allow_ambiguous) {
  const Disk *candidate = nullptr;
  for (const Disk &d : def.disks) {
    if (name.empty() || name[0] != '/') {
      if (d.dst && *d.dst == name) return &d;
    } else if (d.path && *d.path == name) {
      if (allow_ambiguous) return &d;
      if (candidate) return nullptr;
      candidate = &d;
    }
  }
  return candidate;
}

Disk *disk_by_name(DomainDef &def, const std::string &name, bool allow_ambiguous) {
  return const_cast<Disk *>(disk_by_name(std::as_const(def), name, allow_ambiguous));
}

Result<std::unique_ptr<DomainDef>> parse_domain(const char *xml_text, const ParseOptions &opts) {
  auto doc = xml::parse_string(kFromDomain, xml_text, "(domain_definition)", "domain", true);
  VK_TRY(doc);
  if (opts.flags & kParseValidateSchema)
    VK_TRY(xml::validate_against_schema(opts.schema.c_str(), doc->doc()));
  return parse_domain_node(doc->ctxt(), opts);
}

std::string format_domain(const DomainDef &def, unsigned flags) {
  if (def.id == -1) flags |= kFormatInactive;
  Buffer buf;
  buf.addf("<domain type='%s'", virt_type_name(def.virt_type));
  if (!(flags & kFormatInactive)) buf.addf(" id='%d'", def.id);
  buf.add(">\n");
  buf.indent(2);
  buf.escape("<name>%s</name>\n", def.name.c_str());
  buf.addf("<uuid>%s</uuid>\n", util::format_uuid(def.uuid).c_str());
  if (def.genid) buf.addf("<genid>%s</genid>\n", util::format_uuid(def.genid->data()).c_str());
  buf.escape("<title>%s</title>\n", def.title);
  buf.escape("<description>%s</description>\n", def.description);
  if (def.metadata) {
    buf.add(*def.metadata);
    buf.add("\n");
  }
  if (def.max_memory && def.memory_slots)
    buf.addf("<maxMemory slots='%u' unit='KiB'>%llu</maxMemory>\n", def.memory_slots,
             def.max_memory);
  buf.add("<memory");
  if (def.dump_core) buf.addf(" dumpCore='%s'", name_at(kTristateSwitch, def.dump_core));
  buf.addf(" unit='KiB'>%llu</memory>\n", def.total_memory);
  buf.addf("<currentMemory unit='KiB'>%llu</currentMemory>\n", def.cur_balloon);
  format_tuning_top(buf, def);
  if (def.memory_backing) format(buf, *def.memory_backing);

  buf.add("<vcpu");
  buf.addf(" placement='%s'", name_at(kPlacement, static_cast<int>(def.placement)));
  if (!def.cpumask.empty()) buf.addf(" cpuset='%s'", util::format_bitmap(def.cpumask).c_str());
  if (def.vcpus < def.max_vcpus) buf.addf(" current='%u'", def.vcpus);
  buf.addf(">%u</vcpu>\n", def.max_vcpus);
  format_vcpu_states(buf, def);
  format_tuning_cpu(buf, def, flags);
  format_resource(buf, def.resource);
  format_sysinfos(buf, def);

  if (def.os.bootloader) {
    buf.escape("<bootloader>%s</bootloader>\n", def.os.bootloader);
    buf.escape("<bootloader_args>%s</bootloader_args>\n", def.os.bootloader_args);
  }
  buf.add("<os");
  if (def.os.firmware != OsFirmware::none) buf.addf(" firmware='%s'", to_string(def.os.firmware));
  buf.add(">\n");
  buf.indent(2);
  buf.add("<type");
  if (!def.os.arch.empty()) buf.addf(" arch='%s'", def.os.arch.c_str());
  if (def.os.machine) buf.addf(" machine='%s'", def.os.machine->c_str());
  if (def.virt_type == VirtType::xen && def.os.type == OsType::xen)
    buf.addf(">%s</type>\n", os_type_name(OsType::linux));
  else
    buf.addf(">%s</type>\n", os_type_name(def.os.type));
  if (def.os.firmware_features) {
    buf.add("<firmware>\n");
    buf.indent(2);
    for (size_t i = 0; i < def.os.firmware_features->size(); i++) {
      TristateBool v = (*def.os.firmware_features)[i];
      if (v == TristateBool::absent) continue;
      buf.addf("<feature enabled='%s' name='%s'/>\n", name_at(kTristateBool, v),
               kOsFirmwareFeatureNames[i].data());
    }
    buf.indent(-2);
    buf.add("</firmware>\n");
  }
  buf.escape("<init>%s</init>\n", def.os.init);
  for (const auto &a : def.os.initargs) buf.escape("<initarg>%s</initarg>\n", a.c_str());
  // libvirt prints initenv unescaped.
  for (const auto &[name, value] : def.os.initenv)
    buf.addf("<initenv name='%s'>%s</initenv>\n", name.c_str(), value.c_str());
  buf.escape("<initdir>%s</initdir>\n", def.os.initdir);
  if (def.os.inituser) buf.addf("<inituser>%s</inituser>\n", def.os.inituser->c_str());
  if (def.os.initgroup) buf.addf("<initgroup>%s</initgroup>\n", def.os.initgroup->c_str());
  if (def.os.loader) format_loader(buf, *def.os.loader, flags);
  buf.escape("<kernel>%s</kernel>\n", def.os.kernel);
  buf.escape("<initrd>%s</initrd>\n", def.os.initrd);
  buf.escape("<cmdline>%s</cmdline>\n", def.os.cmdline);
  buf.escape("<dtb>%s</dtb>\n", def.os.dtb);
  buf.escape("<root>%s</root>\n", def.os.root);
  if (def.os.slic_table) {
    buf.add("<acpi>\n");
    buf.indent(2);
    buf.escape("<table type='slic'>%s</table>\n", def.os.slic_table);
    buf.indent(-2);
    buf.add("</acpi>\n");
  }
  if (!def.os.bootloader) {
    for (BootDev b : def.os.boot_devs)
      buf.addf("<boot dev='%s'/>\n", name_at(kBootDevs, static_cast<int>(b)));
    if (def.os.bootmenu != TristateBool::absent) {
      buf.addf("<bootmenu enable='%s'", name_at(kTristateBool, def.os.bootmenu));
      if (def.os.bm_timeout_set) buf.addf(" timeout='%u'", def.os.bm_timeout);
      buf.add("/>\n");
    }
    if (def.os.bios_useserial != TristateBool::absent || def.os.reboot_timeout_set) {
      buf.add("<bios");
      if (def.os.bios_useserial != TristateBool::absent)
        buf.addf(" useserial='%s'", name_at(kTristateBool, def.os.bios_useserial));
      if (def.os.reboot_timeout_set) buf.addf(" rebootTimeout='%d'", def.os.reboot_timeout);
      buf.add("/>\n");
    }
  }
  if (def.os.smbios_mode != SmbiosMode::none)
    buf.addf("<smbios mode='%s'/>\n", to_string(def.os.smbios_mode));
  buf.indent(-2);
  buf.add("</os>\n");
  if (def.idmap && !def.idmap->uid.empty()) format(buf, *def.idmap);

  format_features(buf, def);
  if (def.cpu) format_cpu(buf, *def.cpu, def);
  format_clock(buf, def.clock);
  buf.addf("<on_poweroff>%s</on_poweroff>\n",
           name_at(kLifecycle, static_cast<int>(def.on_poweroff)));
  buf.addf("<on_reboot>%s</on_reboot>\n", name_at(kLifecycle, static_cast<int>(def.on_reboot)));
  buf.addf("<on_crash>%s</on_crash>\n", name_at(kLifecycle, static_cast<int>(def.on_crash)));
  if (def.on_lockfailure > 0)
    buf.addf("<on_lockfailure>%s</on_lockfailure>\n",
             name_at(kLockFailureActions, def.on_lockfailure));
  if (def.pm) format(buf, *def.pm);
  format_perf(buf, def);

  buf.add("<devices>\n");
  buf.indent(2);
  buf.escape("<emulator>%s</emulator>\n", def.emulator);
  for (const Disk &d : def.disks) format_disk(buf, d, flags);
  for (const Controller &c : def.controllers) format_controller(buf, c, flags);
  format_leases(buf, def.leases);
  for (const Filesystem &fs : def.filesystems) format_filesystem(buf, fs);
  for (const Net &n : def.nets) format_net(buf, n, flags);
  for (const Smartcard &c : def.smartcards) format_smartcard(buf, c, flags);
  for (const Chr &c : def.serials) format_chr(buf, c, flags);
  for (const Chr &c : def.parallels) format_chr(buf, c, flags);
  format_consoles(buf, def, flags);
  for (const Chr &c : def.channels) format_chr(buf, c, flags);
  for (const Input &in : def.inputs) format_input(buf, in, flags);
  for (const Tpm &t : def.tpms) format_tpm(buf, t, flags);
  for (const Graphics &g : def.graphics) format_graphics(buf, g, flags);
  for (const Sound &snd : def.sounds) format(buf, snd);
  for (const Audio &a : def.audios) format(buf, a);
  for (const Video &v : def.videos) format_video(buf, v);
  for (const Hostdev &h : def.hostdevs) format_hostdev(buf, h, flags);
  for (const Redirdev &r : def.redirdevs) format_redirdev(buf, r, flags);
  format_redirfilter(buf, def.redirfilter);
  for (const Hub &h : def.hubs) format(buf, h);
  if (def.watchdog) format(buf, *def.watchdog);
  if (def.memballoon) format(buf, *def.memballoon);
  for (const Rng &r : def.rngs) format_rng(buf, r, flags);
  format_nvram_device(buf, def.nvram_device);
  for (const Panic &p : def.panics) format(buf, p);
  for (const Shmem &sh : def.shmems) format_shmem(buf, sh);
  for (const MemoryDevice &m : def.memories) format_memory_device(buf, m, flags);
  if (def.iommu) format(buf, *def.iommu);
  if (def.vsock) format(buf, *def.vsock);
  buf.indent(-2);
  buf.add("</devices>\n");
  format_seclabels(buf, def.seclabels);
  if (def.keywrap_aes || def.keywrap_dea) {
    buf.add("<keywrap>\n");
    if (def.keywrap_aes)
      buf.addf("  <cipher name='aes' state='%s'/>\n", def.keywrap_aes == 1 ? "on" : "off");
    if (def.keywrap_dea)
      buf.addf("  <cipher name='dea' state='%s'/>\n", def.keywrap_dea == 1 ? "on" : "off");
    buf.add("</keywrap>\n");
  }
  format_launch_security(buf, def.launch_security);
  buf.indent(-2);
  buf.add("</domain>\n");
  return buf.take();
}

const char *const IoTune::kNames[IoTune::kCount] = {"total_bytes_sec",
                                                    "read_bytes_sec",
                                                    "write_bytes_sec",
                                                    "total_iops_sec",
                                                    "read_iops_sec",
                                                    "write_iops_sec",
                                                    "total_bytes_sec_max",
                                                    "read_bytes_sec_max",
                                                    "write_bytes_sec_max",
                                                    "total_iops_sec_max",
                                                    "read_iops_sec_max",
                                                    "write_iops_sec_max",
                                                    "size_iops_sec",
                                                    "total_bytes_sec_max_length",
                                                    "read_bytes_sec_max_length",
                                                    "write_bytes_sec_max_length",
                                                    "total_iops_sec_max_length",
                                                    "read_iops_sec_max_length",
                                                    "write_iops_sec_max_length"};

const char *const kPerfEventNames[kPerfEventCount] = {"cmt",
                                                      "mbmt",
                                                      "mbml",
                                                      "cpu_cycles",
                                                      "instructions",
                                                      "cache_references",
                                                      "cache_misses",
                                                      "branch_instructions",
                                                      "branch_misses",
                                                      "bus_cycles",
                                                      "stalled_cycles_frontend",
                                                      "stalled_cycles_backend",
                                                      "ref_cpu_cycles",
                                                      "cpu_clock",
                                                      "task_clock",
                                                      "page_faults",
                                                      "context_switches",
                                                      "cpu_migrations",
                                                      "page_faults_min",
                                                      "page_faults_maj",
                                                      "alignment_faults",
                                                      "emulation_faults"};

namespace {

// xmlNodeDump of a node (libvirt's formatting), `level` levels deep.
Result<std::string> dump_node(xmlDocPtr doc, xmlNodePtr node, int level) {
  xmlBufferPtr out = xmlBufferCreate();
  if (!out) return no_memory();
  int old_indent = xmlIndentTreeOutput;
  xmlIndentTreeOutput = 1;
  int rc = xmlNodeDump(out, doc, node, level, 1);
  xmlIndentTreeOutput = old_indent;
  if (rc < 0) {
    xmlBufferFree(out);
    return error(VIR_FROM_XML, VIR_ERR_INTERNAL_ERROR, "%s", "failed to convert the XML node tree");
  }
  std::string text = reinterpret_cast<const char *>(xmlBufferContent(out));
  xmlBufferFree(out);
  return text;
}

xmlNodePtr child_by_ns(xmlNodePtr root, const char *uri) {
  for (xmlNodePtr n = root ? root->children : nullptr; n; n = n->next)
    if (n->ns && n->ns->href && uri &&
        std::strcmp(reinterpret_cast<const char *>(n->ns->href), uri) == 0)
      return n;
  return nullptr;
}

template <typename F>
void for_each_element(xmlNodePtr node, F &&f) {
  for (xmlNodePtr n = node; n; n = n->next) {
    if (n->type != XML_ELEMENT_NODE) continue;
    f(n);
    for_each_element(n->children, f);
  }
}

}  // namespace

Result<std::optional<std::string>> metadata_element(const DomainDef &def, const char *uri) {
  if (!def.metadata) return std::optional<std::string>();
  auto doc = xml::parse_string(kFromDomain, def.metadata->c_str(), "(metadata)", nullptr, true);
  VK_TRY(doc);
  xmlNodePtr node = child_by_ns(doc->root(), uri);
  if (!node) return std::optional<std::string>();
  xmlNodePtr copy = xmlCopyNode(node, 1);
  if (!copy) return no_memory();
  for_each_element(copy, [&](xmlNodePtr n) {
    if (n->ns && n->ns->href && std::strcmp(reinterpret_cast<const char *>(n->ns->href), uri) == 0)
      xmlSetNs(n, nullptr);
  });
  for (xmlNsPtr *pp = &copy->nsDef; *pp; pp = &(*pp)->next) {
    if ((*pp)->href && std::strcmp(reinterpret_cast<const char *>((*pp)->href), uri) == 0) {
      xmlNsPtr gone = *pp;
      *pp = gone->next;
      gone->next = nullptr;
      xmlFreeNs(gone);
      break;
    }
  }
  auto text = dump_node(doc->doc(), copy, 0);
  xmlFreeNode(copy);
  VK_TRY(text);
  return std::optional<std::string>(std::move(*text));
}

Status set_metadata_element(DomainDef &def, const char *xml_text, const char *key,
                            const char *uri) {
  std::optional<xml::Document> user;
  if (xml_text) {
    auto d = xml::parse_string(kFromDomain, xml_text, "(metadata_xml)", nullptr, false);
    VK_TRY(d);
    user.emplace(std::move(*d));
    if (!key || xmlValidateNCName(reinterpret_cast<const xmlChar *>(key), 1) != 0)
      return error(kFromDomain, VIR_ERR_INTERNAL_ERROR, "%s",
                   "failed to validate prefix for a new XML namespace");
    xmlNodePtr root = user->root();
    xmlNsPtr ns = xmlNewNs(root, reinterpret_cast<const xmlChar *>(uri),
                           reinterpret_cast<const xmlChar *>(key));
    if (!ns)
      return error(kFromDomain, VIR_ERR_INTERNAL_ERROR, "%s",
                   "failed to create a new XML namespace");
    for_each_element(root, [&](xmlNodePtr n) {
      if (!n->ns) xmlSetNs(n, ns);
    });
  }
  std::string current = def.metadata ? *def.metadata : std::string("<metadata/>");
  if (!user && !def.metadata) return Status();
  auto doc = xml::parse_string(kFromDomain, current.c_str(), "(metadata)", nullptr, true);
  VK_TRY(doc);
  xmlNodePtr meta = doc->root();
  while (xmlNodePtr old = child_by_ns(meta, uri)) {
    xmlUnlinkNode(old);
    xmlFreeNode(old);
  }
  if (user) {
    xmlNodePtr copy = xmlDocCopyNode(user->root(), doc->doc(), 1);
    if (!copy || !xmlAddChild(meta, copy)) {
      if (copy) xmlFreeNode(copy);
      return error(kFromDomain, VIR_ERR_INTERNAL_ERROR, "%s",
                   "failed to add metadata to XML document");
    }
    xmlReconciliateNs(doc->doc(), copy);
  }
  auto text = dump_node(doc->doc(), meta, 1);
  VK_TRY(text);
  def.metadata = std::move(*text);
  return Status();
}

void generate_uuid(unsigned char uuid[16]) {
  random_bytes(uuid, 16);
  uuid[6] = static_cast<unsigned char>((uuid[6] & 0x0F) | 0x40);  // version 4
  uuid[8] = static_cast<unsigned char>((uuid[8] & 0x3F) | 0x80);  // RFC 4122 variant
}

const char *virt_type_name(VirtType t) {
  return name_at(kVirtTypes, static_cast<int>(t));
}
const char *os_type_name(OsType t) {
  return name_at(kOsTypes, static_cast<int>(t));
}

}  // namespace virtkit::conf
