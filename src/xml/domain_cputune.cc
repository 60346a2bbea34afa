// SPDX-License-Identifier: LGPL-2.1-or-later
#include "xml/domain_cputune.h"

#include <libvirt/virterror.h>

#include <climits>
#include <string_view>
#include <utility>
#include <vector>

#include "util/bitmap.h"

namespace virtkit::conf {
namespace {

constexpr int kFromDomain = VIR_FROM_DOMAIN;
constexpr unsigned kMonitorCacheLevel = 3;

using Names = std::vector<std::string_view>;
const Names kSchedPolicies{"none", "batch", "idle", "fifo", "rr"};
const Names kCacheTypes{"both", "code", "data"};
enum { kPolicyNone, kPolicyBatch, kPolicyIdle, kPolicyFifo, kPolicyRr };
enum { kCacheBoth, kCacheCode, kCacheData };

const char *name_at(const Names &names, int i) {
  return i >= 0 && static_cast<size_t>(i) < names.size() ? names[static_cast<size_t>(i)].data()
                                                         : "";
}

bool overlaps(const std::set<unsigned> &a, const std::set<unsigned> &b) {
  for (unsigned x : a)
    if (b.count(x)) return true;
  return false;
}

// virDomainSchedulerParseCommonAttrs.
Status parse_sched_attrs(xmlNodePtr node, ThreadSched &s) {
  VK_TRY(xml::prop_enum(node, "scheduler", kSchedPolicies, xml::kPropRequired | xml::kPropNonZero,
                        s.policy));
  if (s.policy == kPolicyFifo || s.policy == kPolicyRr)
    VK_TRY(xml::prop_int(node, "priority", 10, xml::kPropRequired, s.priority, 0));
  return Status();
}

// virDomainThreadSchedParseHelper: the threads named by `attr` get the
// scheduler; `slot` finds (or reports the lack of) a thread's.
template <typename Slot>
Status parse_thread_sched(xmlNodePtr node, const char *elem, const char *attr, Slot slot) {
  auto text = xml::prop(node, attr);
  if (!text)
    return error(kFromDomain, VIR_ERR_XML_ERROR, "Missing attribute '%s' in element '%s'", attr,
                 elem);
  auto bits = util::parse_bitmap(*text, kCpumaskLen);
  VK_TRY(bits);
  if (bits->empty())
    return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "'%s' scheduler bitmap '%s' is empty",
                 attr, text->c_str());
  ThreadSched s;
  VK_TRY(parse_sched_attrs(node, s));
  for (unsigned id : *bits) {
    auto target = slot(id);
    VK_TRY(target);
    ThreadSched *t = *target;
    if (t->policy != kPolicyNone)
      return error(kFromDomain, VIR_ERR_XML_DETAIL, "'%s' attributes '%s' must not overlap", elem,
                   attr);
    *t = s;
  }
  return Status();
}

// virDomainResctrlParseVcpus: the vCPUs, cut to the domain's.
Result<std::set<unsigned>> parse_resctrl_vcpus(const DomainDef &def, xmlNodePtr node) {
  auto text = xml::prop(node, "vcpus");
  if (!text)
    return error(kFromDomain, VIR_ERR_XML_ERROR, "Missing %s attribute 'vcpus'",
                 xml::name_of(node));
  auto bits = util::parse_bitmap(*text, kCpumaskLen);
  if (!bits.ok())
    return error(kFromDomain, VIR_ERR_XML_ERROR, "Invalid %s attribute 'vcpus' value '%s'",
                 xml::name_of(node), text->c_str());
  std::set<unsigned> out;
  for (unsigned b : *bits)
    if (b < def.max_vcpus) out.insert(b);
  return out;
}

// virDomainResctrlVcpuMatch: the group with exactly these vCPUs (or -1);
// an overlapping one is an error.
Result<int> match_resctrl(const DomainDef &def, const std::set<unsigned> &vcpus) {
  for (size_t i = 0; i < def.resctrls.size(); i++) {
    if (def.resctrls[i].vcpus == vcpus) return static_cast<int>(i);
    if (overlaps(def.resctrls[i].vcpus, vcpus))
      return error(kFromDomain, VIR_ERR_XML_ERROR, "%s", "Overlapping vcpus in resctrls");
  }
  return -1;
}

std::string resctrl_id(xmlNodePtr node, const std::set<unsigned> &vcpus, unsigned flags) {
  if (!(flags & kParseInactive))
    if (auto id = xml::prop(node, "id")) return *id;
  return "vcpus_" + util::format_bitmap(vcpus);
}

// virDomainResctrlMonDefParse with virDomainResctrlValidateMonitor.
Status parse_monitors(const DomainDef &def, xmlXPathContextPtr ctxt, xmlNodePtr node, bool cache,
                      Resctrl &r) {
  xml::NodeRestore restore(ctxt);
  ctxt->node = node;
  for (xmlNodePtr m : xml::xpath_nodes(ctxt, "./monitor")) {
    Resctrl::Monitor mon;
    mon.cache = cache;
    if (cache) {
      unsigned level = 0;
      VK_TRY(xml::prop_uint(m, "level", 10, xml::kPropRequired, level));
      if (level != kMonitorCacheLevel)
        return error(kFromDomain, VIR_ERR_XML_ERROR, "Invalid monitor cache level '%d'",
                     static_cast<int>(level));
    }
    auto vcpus = parse_resctrl_vcpus(def, m);
    VK_TRY(vcpus);
    mon.vcpus = std::move(*vcpus);
    if (mon.vcpus.empty()) return error(kFromDomain, VIR_ERR_INVALID_ARG, "%s", "vcpus is empty");
    for (unsigned v : mon.vcpus)
      if (!r.vcpus.count(v))
        return error(kFromDomain, VIR_ERR_INVALID_ARG, "%s",
                     "Monitor vcpus conflicts with allocation");
    const bool default_alloc = r.caches.empty() && r.bandwidths.empty();
    const bool equal_to_alloc = mon.vcpus == r.vcpus;
    bool overlap_any = false, overlap_no_alloc = false;
    for (const Resctrl::Monitor &o : r.monitors) {
      if (o.vcpus == mon.vcpus) {
        if (o.cache != mon.cache) continue;
        return error(kFromDomain, VIR_ERR_INVALID_ARG, "%s",
                     "Identical vcpus found in same type monitors");
      }
      bool ov = overlaps(mon.vcpus, o.vcpus);
      overlap_any |= ov;
      if (equal_to_alloc || o.vcpus == r.vcpus) continue;
      overlap_no_alloc |= ov;
    }
    if (overlap_no_alloc || (default_alloc && overlap_any))
      return error(kFromDomain, VIR_ERR_INVALID_ARG, "%s", "vcpus overlaps in resctrl groups");
    r.monitors.push_back(std::move(mon));
  }
  return Status();
}

// virDomainCachetuneDefParse.
Status parse_cachetune(DomainDef &def, xmlXPathContextPtr ctxt, xmlNodePtr node, unsigned flags) {
  xml::NodeRestore restore(ctxt);
  ctxt->node = node;
  auto vcpus = parse_resctrl_vcpus(def, node);
  VK_TRY(vcpus);
  if (vcpus->empty()) return Status();
  auto caches = xml::xpath_nodes(ctxt, "./cache");
  auto match = match_resctrl(def, *vcpus);
  VK_TRY(match);
  if (*match >= 0)
    return error(kFromDomain, VIR_ERR_XML_ERROR, "%s", "Identical vcpus in cachetunes found");
  Resctrl r;
  for (xmlNodePtr c : caches) {
    xml::NodeRestore r2(ctxt);
    ctxt->node = c;
    unsigned id = 0, level = 0;
    int type = 0;
    unsigned long long size = 0;
    VK_TRY(xml::prop_uint(c, "id", 10, xml::kPropRequired, id));
    VK_TRY(xml::prop_uint(c, "level", 10, xml::kPropRequired, level));
    VK_TRY(xml::prop_enum(c, "type", kCacheTypes, xml::kPropRequired, type));
    VK_TRY(xml::parse_scaled_value(ctxt, "./@size", "./@unit", 1024, ULLONG_MAX, true, size));
    // virResctrlAllocCheckCollision: 'both' collides with any type.
    auto has = [&](int t) { return r.caches.count({level, t, id}) > 0; };
    if (has(kCacheBoth) || (type == kCacheBoth ? has(kCacheCode) || has(kCacheData) : has(type)))
      return error(VIR_FROM_RESCTRL, VIR_ERR_XML_ERROR,
                   "Colliding cache allocations for cache level '%u' id '%u', type '%s'", level, id,
                   name_at(kCacheTypes, type));
    r.caches[{level, type, id}] = size;
  }
  r.vcpus = *vcpus;
  r.id = resctrl_id(node, r.vcpus, flags);
  VK_TRY(parse_monitors(def, ctxt, node, true, r));
  if (r.monitors.empty() && caches.empty()) return Status();
  def.resctrls.push_back(std::move(r));
  return Status();
}

// virDomainMemorytuneDefParse: into the group with the same vCPUs, if any.
Status parse_memorytune(DomainDef &def, xmlXPathContextPtr ctxt, xmlNodePtr node, unsigned flags) {
  xml::NodeRestore restore(ctxt);
  ctxt->node = node;
  auto vcpus = parse_resctrl_vcpus(def, node);
  VK_TRY(vcpus);
  if (vcpus->empty()) return Status();
  auto nodes = xml::xpath_nodes(ctxt, "./node");
  auto match = match_resctrl(def, *vcpus);
  VK_TRY(match);
  Resctrl fresh;
  Resctrl &r = *match >= 0 ? def.resctrls[static_cast<size_t>(*match)] : fresh;
  for (xmlNodePtr n : nodes) {
    unsigned id = 0, bw = 0;
    VK_TRY(xml::prop_uint(n, "id", 10, xml::kPropRequired, id));
    VK_TRY(xml::prop_uint(n, "bandwidth", 10, xml::kPropRequired, bw));
    if (bw > 100)
      return error(VIR_FROM_RESCTRL, VIR_ERR_XML_ERROR, "%s",
                   "Memory Bandwidth value exceeding 100 is invalid.");
    if (r.bandwidths.count(id))
      return error(VIR_FROM_RESCTRL, VIR_ERR_XML_ERROR,
                   "Memory Bandwidth already defined for node %u", id);
    r.bandwidths[id] = bw;
  }
  if (*match < 0) {
    r.vcpus = *vcpus;
    r.id = resctrl_id(node, r.vcpus, flags);
  }
  size_t before = r.monitors.size();
  VK_TRY(parse_monitors(def, ctxt, node, false, r));
  if (*match < 0 && (r.monitors.size() > before || !nodes.empty()))
    def.resctrls.push_back(std::move(fresh));
  return Status();
}

// virFormatIntPretty.
unsigned long long pretty(unsigned long long v, const char *&unit) {
  static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
  int i = 0;
  while (i < 5 && v && v % 1024 == 0) {
    v /= 1024;
    i++;
  }
  unit = units[i];
  return v;
}

void format_sched(xml::Buffer &buf, const char *name, const ThreadSched &s, size_t id,
                  bool multiple) {
  if (s.policy == kPolicyNone) return;
  buf.addf("<%ssched", name);
  if (multiple) buf.addf(" %ss='%zu'", name, id);
  buf.addf(" scheduler='%s'", name_at(kSchedPolicies, s.policy));
  if (s.policy == kPolicyFifo || s.policy == kPolicyRr) buf.addf(" priority='%d'", s.priority);
  buf.add("/>\n");
}

}  // namespace

Status parse_cputune_sched(DomainDef &def, xmlXPathContextPtr ctxt, unsigned flags) {
  for (xmlNodePtr n : xml::xpath_nodes(ctxt, "./cputune/vcpusched"))
    VK_TRY(parse_thread_sched(n, "vcpusched", "vcpus", [&](unsigned id) -> Result<ThreadSched *> {
      if (id >= def.max_vcpus)
        return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED,
                     "vCPU '%u' is not present in domain definition", id);
      return &def.vcpusched[id];
    }));
  for (xmlNodePtr n : xml::xpath_nodes(ctxt, "./cputune/iothreadsched"))
    VK_TRY(parse_thread_sched(
        n, "iothreadsched", "iothreads", [&](unsigned id) -> Result<ThreadSched *> {
          for (IOThreadId &t : def.iothreads)
            if (t.id == id) return &t.sched;
          return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "Cannot find 'iothread' : %u", id);
        }));
  auto emu = xml::xpath_nodes(ctxt, "./cputune/emulatorsched");
  if (emu.size() > 1)
    return error(kFromDomain, VIR_ERR_XML_ERROR, "%s", "only one emulatorsched is supported");
  if (!emu.empty()) VK_TRY(parse_sched_attrs(emu[0], def.emulatorsched.emplace()));
  for (xmlNodePtr n : xml::xpath_nodes(ctxt, "./cputune/cachetune"))
    VK_TRY(parse_cachetune(def, ctxt, n, flags));
  for (xmlNodePtr n : xml::xpath_nodes(ctxt, "./cputune/memorytune"))
    VK_TRY(parse_memorytune(def, ctxt, n, flags));
  return Status();
}

void format_cputune_sched(xml::Buffer &buf, const DomainDef &def, unsigned flags) {
  if (def.emulatorsched) format_sched(buf, "emulator", *def.emulatorsched, 0, false);
  for (const auto &[vcpu, s] : def.vcpusched)
    if (vcpu < def.max_vcpus) format_sched(buf, "vcpu", s, vcpu, true);
  for (const IOThreadId &t : def.iothreads) format_sched(buf, "iothread", t.sched, t.id, true);
  for (int pass = 0; pass < 2; pass++) {
    const bool cache = pass == 0;
    for (const Resctrl &r : def.resctrls) {
      xml::Buffer child = xml::Buffer::child_of(buf);
      if (cache) {
        for (const auto &[key, size] : r.caches) {
          const auto &[level, type, id] = key;
          const char *unit = "B";
          unsigned long long v = pretty(size, unit);
          child.addf("<cache id='%u' level='%u' type='%s' size='%llu' unit='%s'/>\n", id, level,
                     name_at(kCacheTypes, type), v, unit);
        }
      } else {
        for (const auto &[id, bw] : r.bandwidths)
          child.addf("<node id='%u' bandwidth='%u'/>\n", id, bw);
      }
      for (const Resctrl::Monitor &m : r.monitors) {
        if (m.cache != cache) continue;
        child.add("<monitor ");
        if (cache) child.addf("level='%u' ", kMonitorCacheLevel);
        child.addf("vcpus='%s'/>\n", util::format_bitmap(m.vcpus).c_str());
      }
      if (child.empty()) continue;
      xml::Buffer attrs;
      attrs.addf(" vcpus='%s'", util::format_bitmap(r.vcpus).c_str());
      if (!(flags & kFormatInactive)) attrs.addf(" id='%s'", r.id.c_str());
      xml::format_element(buf, cache ? "cachetune" : "memorytune", &attrs, &child);
    }
  }
}

Result<bool> parse_vcpu_states(DomainDef &def, xmlXPathContextPtr ctxt) {
  auto nodes = xml::xpath_nodes(ctxt, "./vcpus/vcpu");
  if (nodes.empty()) return false;
  def.vcpu_states.assign(def.max_vcpus, DomainDef::VcpuState{});
  for (xmlNodePtr n : nodes) {
    unsigned id = 0;
    VK_TRY(xml::prop_uint(n, "id", 10, xml::kPropRequired, id));
    if (id >= def.max_vcpus)
      return error(kFromDomain, VIR_ERR_XML_ERROR,
                   "vcpu id '%u' is out of range of maximum vcpu count", id);
    DomainDef::VcpuState &v = def.vcpu_states[id];
    int enabled = 0;
    VK_TRY(xml::prop_tristate_bool(n, "enabled", xml::kPropRequired, enabled));
    v.online = enabled == 1;
    VK_TRY(xml::prop_tristate_bool(n, "hotpluggable", xml::kPropNone, v.hotpluggable));
    VK_TRY(xml::prop_uint(n, "order", 10, xml::kPropNone, v.order));
  }
  def.vcpus = 0;
  for (const DomainDef::VcpuState &v : def.vcpu_states) def.vcpus += v.online ? 1 : 0;
  return true;
}

Status post_parse_vcpu_states(DomainDef &def) {
  for (size_t i = 0; i < def.vcpu_states.size(); i++) {
    DomainDef::VcpuState &v = def.vcpu_states[i];
    if (v.hotpluggable == 0)
      v.hotpluggable = v.online ? 2 : 1;
    else if (v.hotpluggable == 2 && !v.online)
      return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED,
                   "vcpu '%zu' is both offline and not hotpluggable", i);
  }
  return Status();
}

void sync_vcpu_states(DomainDef &def, bool reset_online) {
  if (def.vcpu_states.empty()) return;
  def.vcpu_states.resize(def.max_vcpus);
  if (reset_online)
    for (size_t i = 0; i < def.vcpu_states.size(); i++) def.vcpu_states[i].online = i < def.vcpus;
  unsigned online = 0;
  for (const DomainDef::VcpuState &v : def.vcpu_states) online += v.online ? 1 : 0;
  def.vcpus = online;
}

void format_vcpu_states(xml::Buffer &buf, const DomainDef &def) {
  if (def.vcpu_states.empty()) return;
  static const char *const kBool[] = {"absent", "yes", "no"};
  buf.add("<vcpus>\n");
  for (size_t i = 0; i < def.vcpu_states.size() && i < def.max_vcpus; i++) {
    const DomainDef::VcpuState &v = def.vcpu_states[i];
    buf.addf("  <vcpu id='%zu' enabled='%s'", i, v.online ? "yes" : "no");
    if (v.hotpluggable > 0 && v.hotpluggable < 3)
      buf.addf(" hotpluggable='%s'", kBool[v.hotpluggable]);
    if (v.order != 0) buf.addf(" order='%d'", static_cast<int>(v.order));
    buf.add("/>\n");
  }
  buf.add("</vcpus>\n");
}

}  // namespace virtkit::conf
