// SPDX-License-Identifier: LGPL-2.1-or-later
#include "xml/domain_numa.h"

#include <libvirt/virterror.h>

#include <algorithm>
#include <climits>
#include <string_view>
#include <utility>
#include <vector>

#include <fstream>

#include "util/bitmap.h"
#include "util/uuid.h"

namespace virtkit::conf {
namespace {

constexpr int kFromDomain = VIR_FROM_DOMAIN;
constexpr unsigned kLocalDistance = 10, kUnreachable = 255;

using Names = std::vector<std::string_view>;
const Names kMemAccess{"default", "shared", "private"};
const Names kCacheAssociativity{"none", "direct", "full"};
const Names kCachePolicy{"none", "writeback", "writethrough"};
const Names kMemoryLatency{"none", "access", "read", "write"};
const Names kMemModes{"strict", "preferred", "interleave", "restrictive"};
const Names kPlacements{"default", "static", "auto"};
const Names kTristateBool{"absent", "yes", "no"};

const char *name_at(const Names &names, int i) {
  return i >= 0 && static_cast<size_t>(i) < names.size() ? names[static_cast<size_t>(i)].data()
                                                         : "";
}

// virDomainNumaDefNodeDistanceParseXML for cell `cur`.
Status parse_distances(DomainDef &def, xmlXPathContextPtr ctxt, unsigned cur) {
  const size_t n = def.numa_cells.size();
  if (!xml::xpath_node(ctxt, "./distances[1]")) return Status();
  auto siblings = xml::xpath_nodes(ctxt, "./distances[1]/sibling");
  if (siblings.empty())
    return error(kFromDomain, VIR_ERR_XML_ERROR, "%s", "NUMA distances defined without siblings");
  for (xmlNodePtr s : siblings) {
    unsigned id = 0, value = 0;
    VK_TRY(xml::prop_uint(s, "id", 10, xml::kPropRequired, id));
    if (id >= n)
      return error(kFromDomain, VIR_ERR_XML_ERROR,
                   "'sibling_id %d' does not refer to a valid cell within NUMA 'cell id %d'",
                   static_cast<int>(id), static_cast<int>(cur));
    VK_TRY(xml::prop_uint(s, "value", 10, xml::kPropRequired, value));
    if (value < kLocalDistance || value > kUnreachable || (id == cur && value != kLocalDistance) ||
        (id != cur && value == kLocalDistance))
      return error(kFromDomain, VIR_ERR_XML_ERROR,
                   "'value %d' is invalid for 'sibling id %d' under NUMA 'cell id %d'",
                   static_cast<int>(value), static_cast<int>(id), static_cast<int>(cur));
    auto &local = def.numa_cells[cur].distances;
    if (local.empty()) {
      local.assign(n, 0);
      local[cur] = kLocalDistance;
    }
    local[id] = value;
    // The other way round too, unless given.
    auto &remote = def.numa_cells[id].distances;
    if (remote.empty()) {
      remote.assign(n, 0);
      remote[id] = kLocalDistance;
    }
    if (!remote[cur]) remote[cur] = value;
  }
  return Status();
}

// virDomainNumaDefNodeCacheParseXML for cell `cur`.
Status parse_caches(DomainDef &def, xmlXPathContextPtr ctxt, unsigned cur) {
  for (xmlNodePtr c : xml::xpath_nodes(ctxt, "./cache")) {
    xml::NodeRestore restore(ctxt);
    NumaCache cache;
    auto level = xml::prop(c, "level");
    if (!level)
      return error(kFromDomain, VIR_ERR_XML_ERROR,
                   "Missing 'level' attribute in cache element for NUMA node %d",
                   static_cast<int>(cur));
    if (!util::str_to_uip(level->c_str(), 10, cache.level) || cache.level == 0)
      return error(kFromDomain, VIR_ERR_XML_ERROR,
                   "Invalid 'level' attribute in cache element for NUMA node %d",
                   static_cast<int>(cur));
    auto assoc = xml::prop(c, "associativity");
    if (!assoc)
      return error(kFromDomain, VIR_ERR_XML_ERROR,
                   "Missing 'associativity' attribute in cache element for NUMA node %d",
                   static_cast<int>(cur));
    if ((cache.associativity = xml::enum_from_string(kCacheAssociativity, *assoc)) < 0)
      return error(kFromDomain, VIR_ERR_XML_ERROR, "Invalid cache associativity '%s'",
                   assoc->c_str());
    // libvirt reports a missing policy, then replaces it by this one.
    auto policy = xml::prop(c, "policy");
    if (!policy)
      return error(kFromDomain, VIR_ERR_XML_ERROR, "%s", "Invalid cache policy '(null)'");
    if ((cache.policy = xml::enum_from_string(kCachePolicy, *policy)) < 0)
      return error(kFromDomain, VIR_ERR_XML_ERROR, "Invalid cache policy '%s'", policy->c_str());
    ctxt->node = c;
    unsigned long long bytes = 0;
    // libvirt's unit path names an element (./size/unit): the unit is never read.
    VK_TRY(xml::parse_scaled_value(ctxt, "./size/@value", "./size/unit", 1024, LLONG_MAX, true,
                                   bytes));
    cache.size = (bytes + 1023) / 1024;
    if (cache.size >= (static_cast<unsigned long long>(LLONG_MAX) + 1023) / 1024)
      return error(kFromDomain, VIR_ERR_OVERFLOW, "%s", "size value too large");
    VK_TRY(xml::parse_scaled_value(ctxt, "./line/@value", "./line/unit", 1, ULLONG_MAX, true,
                                   cache.line));
    def.numa_cells[cur].caches.push_back(cache);
  }
  return Status();
}

}  // namespace

unsigned long long numa_memory(const DomainDef &def) {
  unsigned long long sum = 0;
  for (const NumaCell &c : def.numa_cells) sum += c.mem;
  return sum;
}

Status parse_numa(DomainDef &def, xmlXPathContextPtr ctxt) {
  if (xml::xpath_node(ctxt, "./cpu/numa[1]")) {
    auto cells = xml::xpath_nodes(ctxt, "./cpu/numa[1]/cell");
    if (cells.empty())
      return error(kFromDomain, VIR_ERR_XML_ERROR, "%s",
                   "NUMA topology defined without NUMA cells");
    const size_t n = cells.size();
    def.numa_cells.assign(n, NumaCell{});
    for (size_t i = 0; i < n; i++) {
      xml::NodeRestore restore(ctxt);
      unsigned cur = 0;
      auto rc = xml::prop_uint(cells[i], "id", 10, xml::kPropNone, cur);
      VK_TRY(rc);
      if (*rc == 0) cur = static_cast<unsigned>(i);
      if (cur >= n)
        return error(kFromDomain, VIR_ERR_XML_ERROR, "%s",
                     "Exactly one 'cell' element per guest NUMA cell allowed, non-contiguous "
                     "ranges or ranges not starting from 0 are not allowed");
      NumaCell &cell = def.numa_cells[cur];
      if (cell.mem)
        return error(kFromDomain, VIR_ERR_XML_ERROR, "Duplicate NUMA cell info for cell id '%u'",
                     cur);
      if (auto cpus = xml::prop(cells[i], "cpus")) {
        auto bits = util::parse_bitmap(*cpus, kCpumaskLen);
        VK_TRY(bits);
        if (!bits->empty()) cell.cpus = std::move(*bits);
      }
      for (size_t j = 0; j < n; j++) {
        const NumaCell &o = def.numa_cells[j];
        if (j == cur || !o.cpus || !cell.cpus) continue;
        for (unsigned b : *cell.cpus)
          if (o.cpus->count(b))
            return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED,
                         "NUMA cells %u and %zu have overlapping vCPU ids", cur, j);
      }
      ctxt->node = cells[i];
      VK_TRY(xml::prop_kib(cells[i], "memory", "unit", true, cell.mem));
      VK_TRY(xml::prop_enum(cells[i], "memAccess", kMemAccess, xml::kPropNonZero, cell.mem_access));
      VK_TRY(xml::prop_tristate_bool(cells[i], "discard", xml::kPropNone, cell.discard));
      VK_TRY(parse_distances(def, ctxt, cur));
      VK_TRY(parse_caches(def, ctxt, cur));
    }
    for (xmlNodePtr l : xml::xpath_nodes(
             ctxt,
             "./cpu/numa[1]/interconnects[1]/latency|./cpu/numa[1]/interconnects[1]/bandwidth")) {
      NumaInterconnect ic;
      if (xml::name_is(l, "latency")) {
        VK_TRY(xml::prop_ull(l, "value", 10, xml::kPropRequired, ic.value));
      } else {
        ic.bandwidth = true;
        VK_TRY(xml::prop_kib(l, "value", "unit", true, ic.value));
      }
      VK_TRY(xml::prop_uint(l, "initiator", 10, xml::kPropRequired, ic.initiator));
      VK_TRY(xml::prop_uint(l, "target", 10, xml::kPropRequired, ic.target));
      VK_TRY(xml::prop_uint(l, "cache", 10, xml::kPropNone, ic.cache));
      VK_TRY(xml::prop_enum(l, "type", kMemoryLatency, xml::kPropRequired | xml::kPropNonZero,
                            ic.type));
      def.numa_interconnects.push_back(ic);
    }
  }
  unsigned count = 0, max_id = 0;
  for (const NumaCell &c : def.numa_cells)
    if (c.cpus) {
      count += static_cast<unsigned>(c.cpus->size());
      max_id = std::max(max_id, *c.cpus->rbegin());
    }
  if (count > def.max_vcpus)
    return error(kFromDomain, VIR_ERR_INTERNAL_ERROR, "%s",
                 "Number of CPUs in <numa> exceeds the <vcpu> count");
  if (max_id >= def.max_vcpus)
    return error(kFromDomain, VIR_ERR_INTERNAL_ERROR, "%s",
                 "CPU IDs in <numa> exceed the <vcpu> count");
  return Status();
}

Status parse_numatune(DomainDef &def, xmlXPathContextPtr ctxt) {
  if (xml::xpath_boolean(ctxt, "count(./numatune) > 1") == 1)
    return error(kFromDomain, VIR_ERR_XML_ERROR, "%s", "only one numatune is supported");
  xmlNodePtr node = xml::xpath_node(ctxt, "./numatune/memory[1]");
  const bool placement_static = def.placement != Placement::auto_;
  int mode = -1, placement = -1;
  std::optional<std::set<unsigned>> nodeset;
  if (!placement_static && !node) placement = static_cast<int>(NumatunePlacement::auto_);
  if (node) {
    if (auto m = xml::prop(node, "mode")) {
      if ((mode = xml::enum_from_string(kMemModes, *m)) < 0)
        return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED,
                     "Unsupported NUMA memory tuning mode '%s'", m->c_str());
    }
    if (auto p = xml::prop(node, "placement")) {
      if ((placement = xml::enum_from_string(kPlacements, *p)) < 0)
        return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED,
                     "Unsupported NUMA memory placement mode '%s'", p->c_str());
    }
    if (auto ns = xml::prop(node, "nodeset")) {
      auto bits = util::parse_bitmap(*ns, kCpumaskLen);
      VK_TRY(bits);
      if (bits->empty())
        return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "Invalid value of 'nodeset': %s",
                     ns->c_str());
      nodeset = std::move(*bits);
    }
  }
  // virDomainNumatuneSet.
  DomainDef::Numatune &nt = def.numatune;
  if (mode != -1 || placement != -1 || nodeset) {
    if (mode == -1) mode = static_cast<int>(NumatuneMemMode::strict);
    if (placement == -1) placement = static_cast<int>(NumatunePlacement::default_);
    nt.mode = static_cast<NumatuneMemMode>(mode);
    if (nodeset) nt.nodeset = std::move(*nodeset);
    bool has_nodeset = nodeset.has_value();
    if (placement == static_cast<int>(NumatunePlacement::default_))
      placement = static_cast<int>(has_nodeset || placement_static ? NumatunePlacement::static_
                                                                   : NumatunePlacement::auto_);
    if (placement == static_cast<int>(NumatunePlacement::static_) && !has_nodeset)
      return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                   "nodeset for NUMA memory tuning must be set if 'placement' is 'static'");
    if (placement == static_cast<int>(NumatunePlacement::auto_)) nt.nodeset.clear();
    nt.placement = static_cast<NumatunePlacement>(placement);
    nt.specified = true;
  }

  // virDomainNumatuneNodeParseXML.
  auto memnodes = xml::xpath_nodes(ctxt, "./numatune/memnode");
  if (!memnodes.empty()) {
    if (nt.specified && nt.placement == NumatunePlacement::auto_)
      return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                   "Per-node binding is not compatible with automatic NUMA placement.");
    if (def.numa_cells.empty())
      return error(kFromDomain, VIR_ERR_XML_ERROR, "%s",
                   "Element 'memnode' is invalid without any guest NUMA cells");
    for (xmlNodePtr m : memnodes) {
      unsigned cellid = 0;
      VK_TRY(xml::prop_uint(m, "cellid", 10, xml::kPropRequired, cellid));
      if (cellid >= def.numa_cells.size())
        return error(kFromDomain, VIR_ERR_XML_ERROR, "%s",
                     "Argument 'cellid' in memnode element must correspond to existing guest's "
                     "NUMA cell");
      NumaCell &cell = def.numa_cells[cellid];
      if (cell.memnode)
        return error(kFromDomain, VIR_ERR_XML_ERROR, "Multiple memnode elements with cellid %u",
                     cellid);
      int mm = 0;
      VK_TRY(xml::prop_enum(m, "mode", kMemModes, xml::kPropNone, mm, 0));
      cell.memnode_mode = static_cast<NumatuneMemMode>(mm);
      if (nt.mode == NumatuneMemMode::restrictive &&
          cell.memnode_mode != NumatuneMemMode::restrictive)
        return error(kFromDomain, VIR_ERR_XML_ERROR, "%s",
                     "'restrictive' mode is required in memnode element when mode is "
                     "'restrictive' in memory element");
      auto ns = xml::prop(m, "nodeset");
      if (!ns)
        return error(kFromDomain, VIR_ERR_XML_ERROR, "%s",
                     "Missing required nodeset attribute in memnode element");
      auto bits = util::parse_bitmap(*ns, kCpumaskLen);
      VK_TRY(bits);
      if (bits->empty())
        return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "Invalid value of 'nodeset': %s",
                     ns->c_str());
      cell.memnode = std::move(*bits);
    }
  }

  // Automatic memory placement makes the vCPUs' automatic too, unless pinned.
  bool iothread_pin = false;
  for (const IOThreadId &t : def.iothreads) iothread_pin |= !t.cpumask.empty();
  if (nt.specified && nt.placement == NumatunePlacement::auto_ && def.cpumask.empty() &&
      def.vcpupin.empty() && def.emulatorpin.empty() && !iothread_pin)
    def.placement = Placement::auto_;
  return Status();
}

Status validate_numa(const DomainDef &def) {
  const size_t n = def.numa_cells.size();
  for (const NumaCell &cell : def.numa_cells) {
    std::set<unsigned> seen;
    for (const NumaCache &c : cell.caches) {
      if (c.level > 3)
        return error(kFromDomain, VIR_ERR_XML_ERROR, "%s",
                     "Ain't nobody heard of that much cache level");
      if (!seen.insert(c.level).second)
        return error(kFromDomain, VIR_ERR_XML_ERROR, "Cache level '%u' already defined", c.level);
    }
  }
  const auto &ics = def.numa_interconnects;
  for (size_t i = 0; i < ics.size(); i++) {
    const NumaInterconnect &l = ics[i];
    if (l.initiator >= n)
      return error(kFromDomain, VIR_ERR_XML_ERROR, "%s",
                   "'initiator' refers to a non-existent NUMA node");
    if (l.target >= n)
      return error(kFromDomain, VIR_ERR_XML_ERROR, "%s",
                   "'target' refers to a non-existent NUMA node");
    if (!def.numa_cells[l.initiator].cpus)
      return error(kFromDomain, VIR_ERR_XML_ERROR, "%s",
                   "NUMA nodes without CPUs can't be initiator");
    if (l.cache > 0) {
      const auto &caches = def.numa_cells[l.target].caches;
      if (std::none_of(caches.begin(), caches.end(),
                       [&](const NumaCache &c) { return c.level == l.cache; }))
        return error(kFromDomain, VIR_ERR_XML_ERROR, "%s",
                     "'cache' refers to a non-existent NUMA node cache");
    }
    for (size_t j = 0; j < i; j++) {
      const NumaInterconnect &o = ics[j];
      if (l.bandwidth == o.bandwidth && l.initiator == o.initiator && l.target == o.target &&
          l.cache == o.cache && l.type == o.type)
        return error(kFromDomain, VIR_ERR_XML_ERROR, "%s", "Duplicate info for NUMA latencies");
      if (l.initiator != l.target && l.initiator == o.target && l.target == o.initiator)
        return error(kFromDomain, VIR_ERR_XML_ERROR, "%s", "Link already defined");
    }
  }
  return Status();
}

void format_numa(xml::Buffer &buf, const DomainDef &def) {
  if (def.numa_cells.empty()) return;
  buf.add("<numa>\n");
  buf.indent(2);
  for (size_t i = 0; i < def.numa_cells.size(); i++) {
    const NumaCell &c = def.numa_cells[i];
    xml::Buffer attrs;
    xml::Buffer child = xml::Buffer::child_of(buf);
    attrs.addf(" id='%zu'", i);
    if (c.cpus) attrs.addf(" cpus='%s'", util::format_bitmap(*c.cpus).c_str());
    attrs.addf(" memory='%llu' unit='KiB'", c.mem);
    if (c.mem_access) attrs.addf(" memAccess='%s'", name_at(kMemAccess, c.mem_access));
    if (c.discard) attrs.addf(" discard='%s'", name_at(kTristateBool, c.discard));
    {
      xml::Buffer sib = xml::Buffer::child_of(child);
      for (size_t j = 0; j < c.distances.size(); j++)
        if (c.distances[j])
          sib.addf("<sibling id='%d' value='%d'/>\n", static_cast<int>(j),
                   static_cast<int>(c.distances[j]));
      xml::format_element(child, "distances", nullptr, &sib);
    }
    for (const NumaCache &k : c.caches) {
      xml::Buffer ka;
      xml::Buffer kc = xml::Buffer::child_of(child);
      ka.addf(" level='%u'", k.level);
      if (k.associativity)
        ka.addf(" associativity='%s'", name_at(kCacheAssociativity, k.associativity));
      if (k.policy) ka.addf(" policy='%s'", name_at(kCachePolicy, k.policy));
      kc.addf("<size value='%llu' unit='KiB'/>\n", k.size);
      if (k.line) kc.addf("<line value='%u' unit='B'/>\n", static_cast<unsigned>(k.line));
      xml::format_element(child, "cache", &ka, &kc);
    }
    xml::format_element(buf, "cell", &attrs, &child);
  }
  {
    xml::Buffer child = xml::Buffer::child_of(buf);
    for (const NumaInterconnect &l : def.numa_interconnects) {
      xml::Buffer a;
      a.addf(" initiator='%u' target='%u'", l.initiator, l.target);
      if (l.cache > 0) a.addf(" cache='%u'", l.cache);
      a.addf(" type='%s' value='%llu'", name_at(kMemoryLatency, l.type), l.value);
      if (l.bandwidth) a.add(" unit='KiB'");
      xml::format_element(child, l.bandwidth ? "bandwidth" : "latency", &a, nullptr);
    }
    xml::format_element(buf, "interconnects", nullptr, &child);
  }
  buf.indent(-2);
  buf.add("</numa>\n");
}

void format_numatune(xml::Buffer &buf, const DomainDef &def) {
  const DomainDef::Numatune &nt = def.numatune;
  bool memnodes = std::any_of(def.numa_cells.begin(), def.numa_cells.end(),
                              [](const NumaCell &c) { return c.memnode.has_value(); });
  if (!memnodes && !nt.specified) return;
  buf.add("<numatune>\n");
  buf.indent(2);
  if (nt.specified) {
    buf.addf("<memory mode='%s' ", name_at(kMemModes, static_cast<int>(nt.mode)));
    if (nt.placement == NumatunePlacement::static_)
      buf.addf("nodeset='%s'/>\n", util::format_bitmap(nt.nodeset).c_str());
    else if (nt.placement != NumatunePlacement::default_)
      buf.addf("placement='%s'/>\n", name_at(kPlacements, static_cast<int>(nt.placement)));
  }
  for (size_t i = 0; i < def.numa_cells.size(); i++) {
    const NumaCell &c = def.numa_cells[i];
    if (!c.memnode) continue;
    buf.addf("<memnode cellid='%zu' mode='%s' nodeset='%s'/>\n", i,
             name_at(kMemModes, static_cast<int>(c.memnode_mode)),
             util::format_bitmap(*c.memnode).c_str());
  }
  buf.indent(-2);
  buf.add("</numatune>\n");
}

// ---- memory devices ----

namespace {

const Names kMemoryModels{"", "dimm", "nvdimm", "virtio-pmem", "virtio-mem", "sgx-epc"};
enum { kDimm = 1, kNvdimm, kVirtioPmem, kVirtioMem, kSgxEpc };

// virDomainParseMemory on an element's text (`xpath`): KiB, rounded up.
Result<int> parse_kib(xmlXPathContextPtr ctxt, const char *xpath, const char *unit_xpath,
                      bool required, unsigned long long &out) {
  unsigned long long bytes = 0;
  auto rc = xml::parse_scaled_value(ctxt, xpath, unit_xpath, 1024, LLONG_MAX, required, bytes);
  VK_TRY(rc);
  if (*rc == 0) return 0;
  out = (bytes + 1023) / 1024;
  if (out >= (static_cast<unsigned long long>(LLONG_MAX) + 1023) / 1024)
    return error(kFromDomain, VIR_ERR_OVERFLOW, "%s", "size value too large");
  return 1;
}

Status parse_nodemask(xmlXPathContextPtr ctxt, MemoryDevice &mem) {
  auto mask = xml::xpath_string(ctxt, "string(./nodemask)");
  if (!mask) return Status();
  auto bits = util::parse_bitmap(*mask, kCpumaskLen);
  VK_TRY(bits);
  if (bits->empty())
    return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "Invalid value of 'nodemask': %s",
                 mask->c_str());
  mem.source_nodes = std::move(*bits);
  return Status();
}

bool is_ppc64(const DomainDef &def) {
  return def.os.arch == "ppc64" || def.os.arch == "ppc64le";
}

// The host's transparent huge page size (KiB), 2 MiB when unknown.
unsigned long long thp_size() {
  static const unsigned long long size = [] {
    std::ifstream f("/sys/kernel/mm/transparent_hugepage/hpage_pmd_size");
    unsigned long long bytes = 0;
    if (f >> bytes && bytes) return bytes / 1024;
    return 2048ULL;
  }();
  return size;
}

}  // namespace

Status parse_memory_device(xmlXPathContextPtr ctxt, xmlNodePtr node, MemoryDevice &mem) {
  xml::NodeRestore restore(ctxt);
  ctxt->node = node;
  VK_TRY(xml::prop_enum(node, "model", kMemoryModels, xml::kPropRequired | xml::kPropNonZero,
                        mem.model));
  VK_TRY(xml::prop_enum(node, "access", kMemAccess, xml::kPropNonZero, mem.access));
  VK_TRY(xml::prop_tristate_bool(node, "discard", xml::kPropNone, mem.discard));
  if (mem.model == kNvdimm) {
    if (auto u = xml::xpath_string(ctxt, "string(./uuid[1])")) {
      std::array<unsigned char, 16> uuid{};
      if (!util::parse_uuid(u->c_str(), uuid.data()))
        return error(kFromDomain, VIR_ERR_INTERNAL_ERROR, "%s", "malformed uuid element");
      mem.uuid = uuid;
    }
  }
  if (xmlNodePtr src = xml::xpath_node(ctxt, "./source")) {
    xml::NodeRestore r2(ctxt);
    ctxt->node = src;
    switch (mem.model) {
      case kDimm:
      case kVirtioMem:
        VK_TRY(parse_kib(ctxt, "./pagesize", "./pagesize/@unit", false, mem.pagesize));
        VK_TRY(parse_nodemask(ctxt, mem));
        break;
      case kNvdimm:
        mem.path = xml::xpath_string(ctxt, "string(./path)");
        VK_TRY(parse_kib(ctxt, "./alignsize", "./alignsize/@unit", false, mem.alignsize));
        if (xml::xpath_boolean(ctxt, "boolean(./pmem)") == 1) mem.pmem = true;
        break;
      case kVirtioPmem:
        mem.path = xml::xpath_string(ctxt, "string(./path)");
        break;
      case kSgxEpc:
        VK_TRY(parse_nodemask(ctxt, mem));
        break;
      default:
        break;
    }
  }
  xmlNodePtr target = xml::xpath_node(ctxt, "./target");
  if (!target)
    return error(kFromDomain, VIR_ERR_XML_ERROR, "%s",
                 "missing <target> element for <memory> device");
  {
    xml::NodeRestore r2(ctxt);
    ctxt->node = target;
    int rv = xml::xpath_int(ctxt, "string(./node)", mem.target_node);
    if (rv == -2 || (rv == 0 && mem.target_node < 0))
      return error(kFromDomain, VIR_ERR_XML_ERROR, "%s", "invalid value of memory device node");
    if (rv != 0) mem.target_node = -1;
    VK_TRY(parse_kib(ctxt, "./size", "./size/@unit", true, mem.size));
    if (mem.model == kNvdimm) {
      VK_TRY(parse_kib(ctxt, "./label/size", "./label/size/@unit", false, mem.labelsize));
      if (mem.labelsize && mem.labelsize < 128)
        return error(kFromDomain, VIR_ERR_XML_ERROR, "%s", "nvdimm label must be at least 128KiB");
      if (mem.labelsize >= mem.size)
        return error(kFromDomain, VIR_ERR_XML_ERROR, "%s",
                     "label size must be smaller than NVDIMM size");
      if (xml::xpath_boolean(ctxt, "boolean(./readonly)") == 1) mem.readonly = true;
    } else if (mem.model == kVirtioMem) {
      VK_TRY(parse_kib(ctxt, "./block", "./block/@unit", false, mem.blocksize));
      VK_TRY(parse_kib(ctxt, "./requested", "./requested/@unit", false, mem.requested));
    }
  }
  VK_TRY(parse_device_info(node, mem.info, false));
  return Status();
}

void post_parse_memory_device(MemoryDevice &mem, const DomainDef &def) {
  if (mem.model == kVirtioPmem && mem.access == 0) mem.access = 1;  // shared
  if (mem.model == kNvdimm && is_ppc64(def) && !mem.uuid) {
    std::array<unsigned char, 16> uuid{};
    generate_uuid(uuid.data());
    mem.uuid = uuid;
  }
}

Status post_parse_memory(DomainDef &def) {
  unsigned long long numa = def.total_memory == 0 ? numa_memory(def) : 0;
  unsigned long long hotplug = 0;
  for (const MemoryDevice &m : def.memories) hotplug += m.size;
  if (numa)
    def.total_memory = numa + hotplug;
  else if (hotplug > def.total_memory)
    return error(kFromDomain, VIR_ERR_XML_ERROR, "%s",
                 "Total size of memory devices exceeds the total memory size");
  if (def.total_memory - hotplug == 0)
    return error(kFromDomain, VIR_ERR_XML_ERROR, "%s",
                 "Memory size must be specified via <memory> or in the <numa> configuration");
  if (def.cur_balloon > def.total_memory || def.cur_balloon == 0)
    def.cur_balloon = def.total_memory;
  if ((def.max_memory || def.memory_slots) && !(def.max_memory && def.memory_slots))
    return error(kFromDomain, VIR_ERR_XML_ERROR, "%s",
                 "both maximum memory size and memory slot count must be specified");
  if (def.max_memory && def.max_memory < def.total_memory)
    return error(kFromDomain, VIR_ERR_XML_ERROR, "%s",
                 "maximum memory size must be equal or greater than the actual memory size");
  return Status();
}

Status validate_memory_device(const MemoryDevice &mem, const DomainDef &def) {
  const char *model = name_at(kMemoryModels, mem.model);
  if (mem.target_node != -1) {
    const size_t n = def.numa_cells.size();
    if (n == 0)
      return error(kFromDomain, VIR_ERR_XML_DETAIL, "%s",
                   "can't add memory backend as guest has no NUMA nodes configured");
    if (static_cast<size_t>(mem.target_node) >= n)
      return error(kFromDomain, VIR_ERR_XML_DETAIL,
                   "can't add memory backend for guest node '%d' as the guest has only '%zu' "
                   "NUMA nodes configured",
                   mem.target_node, n);
  }
  switch (mem.model) {
    case kNvdimm:
      if (!mem.path)
        return error(kFromDomain, VIR_ERR_XML_DETAIL, "%s", "path is required for model 'nvdimm'");
      if (mem.discard == 1)
        return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                     "discard is not supported for nvdimms");
      if (is_ppc64(def)) {
        if (mem.labelsize == 0)
          return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                       "label size is required for NVDIMM device");
      } else if (mem.uuid) {
        return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                     "UUID is not supported for NVDIMM device");
      }
      break;
    case kVirtioPmem:
      if (!mem.path)
        return error(kFromDomain, VIR_ERR_XML_DETAIL, "path is required for model '%s'", model);
      if (mem.discard == 1)
        return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED,
                     "discard is not supported for model '%s'", model);
      if (mem.access != 1)
        return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                     "shared access mode required for virtio-pmem device");
      if (mem.target_node != -1)
        return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                     "virtio-pmem does not support NUMA nodes");
      break;
    case kVirtioMem: {
      if (mem.requested > mem.size)
        return error(kFromDomain, VIR_ERR_XML_DETAIL,
                     "requested size must be smaller than or equal to @size (%lluKiB)", mem.size);
      if (!mem.blocksize || (mem.blocksize & (mem.blocksize - 1)))
        return error(kFromDomain, VIR_ERR_XML_DETAIL, "%s", "block size must be a power of two");
      unsigned long long thp = thp_size();
      if (mem.blocksize < thp)
        return error(kFromDomain, VIR_ERR_XML_DETAIL,
                     "block size too small, must be at least %lluKiB", thp);
      if (mem.requested % mem.blocksize != 0)
        return error(kFromDomain, VIR_ERR_XML_DETAIL, "%s",
                     "requested size must be an integer multiple of block size");
      break;
    }
    case kSgxEpc:
      if (mem.info.addr.type != Address::none)
        return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED,
                     "memory device address is not supported for model '%s'", model);
      break;
    default:
      break;
  }
  return Status();
}

void format_memory_device(xml::Buffer &buf, const MemoryDevice &mem, unsigned flags) {
  buf.addf("<memory model='%s'", name_at(kMemoryModels, mem.model));
  if (mem.access) buf.addf(" access='%s'", name_at(kMemAccess, mem.access));
  if (mem.discard) buf.addf(" discard='%s'", name_at(kTristateBool, mem.discard));
  buf.add(">\n");
  buf.indent(2);
  if (mem.uuid) buf.addf("<uuid>%s</uuid>\n", util::format_uuid(mem.uuid->data()).c_str());
  {
    xml::Buffer child = xml::Buffer::child_of(buf);
    switch (mem.model) {
      case kDimm:
      case kVirtioMem:
      case kSgxEpc:
        if (mem.source_nodes)
          child.addf("<nodemask>%s</nodemask>\n", util::format_bitmap(*mem.source_nodes).c_str());
        if (mem.model != kSgxEpc && mem.pagesize)
          child.addf("<pagesize unit='KiB'>%llu</pagesize>\n", mem.pagesize);
        break;
      case kNvdimm:
        child.escape("<path>%s</path>\n", mem.path);
        if (mem.alignsize) child.addf("<alignsize unit='KiB'>%llu</alignsize>\n", mem.alignsize);
        if (mem.pmem) child.add("<pmem/>\n");
        break;
      case kVirtioPmem:
        child.escape("<path>%s</path>\n", mem.path);
        break;
      default:
        break;
    }
    xml::format_element(buf, "source", nullptr, &child);
  }
  {
    xml::Buffer child = xml::Buffer::child_of(buf);
    child.addf("<size unit='KiB'>%llu</size>\n", mem.size);
    if (mem.target_node >= 0) child.addf("<node>%d</node>\n", mem.target_node);
    if (mem.labelsize) {
      xml::Buffer label = xml::Buffer::child_of(child);
      label.addf("<size unit='KiB'>%llu</size>\n", mem.labelsize);
      xml::format_element(child, "label", nullptr, &label);
    }
    if (mem.readonly) child.add("<readonly/>\n");
    if (mem.blocksize) {
      child.addf("<block unit='KiB'>%llu</block>\n", mem.blocksize);
      child.addf("<requested unit='KiB'>%llu</requested>\n", mem.requested);
      if (!(flags & kFormatInactive))
        child.addf("<current unit='KiB'>%llu</current>\n", mem.current);
    }
    xml::format_element(buf, "target", nullptr, &child);
  }
  format_device_info(buf, mem.info, false);
  buf.indent(-2);
  buf.add("</memory>\n");
}

}  // namespace virtkit::conf
