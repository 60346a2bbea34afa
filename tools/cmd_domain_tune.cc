// SPDX-License-Identifier: LGPL-2.1-or-later
// virtkit-sh's domain tuning commands: vCPUs and their pinning, scheduler,
// memory, NUMA, perf events and block I/O weights, as Debian's virsh 9.0.0
// prints them.
#include <libxml/parser.h>
#include <libxml/xpath.h>

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <utility>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "cmd_domain_tune.h"
#include "cmd_domain_util.h"
#include "util/numbers.h"

namespace virtkit_sh {

namespace tune {

// virsh's virshNodeGetCPUCount: the host's CPUs.
int host_cpus(Shell &sh) {
  if (auto map = sh.conn.try_cpu_map()) return static_cast<int>(map->present.size());
  reset_error();
  if (auto info = sh.conn.try_node_info())
    return static_cast<int>(info->nodes * info->sockets * info->cores * info->threads);
  return -1;
}

// libvirt's bitmap format: "0-3,5".
std::string format_map(const virtkit::CpuMap &map) {
  std::string out;
  size_t bits = map.size();
  auto set = [&](size_t i) { return map[i]; };
  for (size_t i = 0; i < bits; i++) {
    if (!set(i)) continue;
    size_t j = i;
    while (j + 1 < bits && set(j + 1)) j++;
    if (!out.empty()) out += ',';
    out += std::to_string(i);
    if (j > i) out += "-" + std::to_string(j);
    i = j;
  }
  return out;
}

void skip_spaces(const char *&p) {
  while (*p && std::isspace(static_cast<unsigned char>(*p))) p++;
}

// libvirt's virBitmapParse with a limit of `size` bits.
bool parse_map(const char *s, size_t size, std::vector<bool> &bits) {
  bits.assign(size, false);
  const char *p = s;
  skip_spaces(p);
  if (!*p) return false;
  while (*p) {
    bool neg = false;
    if (*p == '^') {
      p++;
      neg = true;
    }
    if (!std::isdigit(static_cast<unsigned char>(*p))) return false;
    const char *end;
    int start, last;
    if (!virtkit::util::str_to_i(p, &end, 10, start) || start < 0) return false;
    p = end;
    skip_spaces(p);
    if (*p == ',' || !*p) {
      if (static_cast<size_t>(start) >= size) return false;
      bits[static_cast<size_t>(start)] = !neg;
    } else if (*p == '-') {
      if (neg) return false;
      p++;
      skip_spaces(p);
      if (!virtkit::util::str_to_i(p, &end, 10, last) || last < start) return false;
      p = end;
      for (int i = start; i <= last; i++) {
        if (static_cast<size_t>(i) >= size) return false;
        bits[static_cast<size_t>(i)] = true;
      }
      skip_spaces(p);
    }
    if (*p == ',') {
      p++;
      skip_spaces(p);
    } else if (*p) {
      return false;
    }
  }
  return true;
}

// virsh's virshParseCPUList: the cpumap for a --cpulist; empty after the error.
virtkit::CpuMap cpu_list(const char *list, int maxcpu) {
  std::vector<bool> bits;
  size_t nbits;
  if (list[0] == 'r') {
    bits.assign(static_cast<size_t>(maxcpu), true);
    nbits = static_cast<size_t>(maxcpu);
  } else {
    bool any = false;
    bool parsed = parse_map(list, 1024, bits);
    if (parsed)
      for (bool b : bits) any |= b;
    if (!any) {
      error("Invalid cpulist '%s'", list);
      // libvirt's own complaint when it could not parse the list at all
      if (!parsed) error("invalid argument: Failed to parse bitmap '%s'", list);
      return {};
    }
    int last = 1023;
    while (!bits[static_cast<size_t>(last)]) last--;
    if (last >= maxcpu) {
      error("CPU %d in cpulist '%s' exceed the maxcpu %d", last, list, maxcpu);
      return {};
    }
    nbits = static_cast<size_t>(last) + 1;
  }
  bits.resize(nbits);
  return bits;
}

// An integer the domain's inactive XML has at xpath; false when it has none.
bool xml_int(const virtkit::Domain &d, const char *xpath, int &out, bool &fetched) {
  fetched = false;
  auto xml = d.try_xml(VIR_DOMAIN_XML_INACTIVE);
  if (!xml) return false;
  fetched = true;
  xmlDocPtr doc = xmlReadMemory(xml->data(), static_cast<int>(xml->size()), "domain.xml", nullptr,
                                XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_NOERROR);
  bool ok = false;
  if (doc) {
    xmlXPathContextPtr ctxt = xmlXPathNewContext(doc);
    xmlXPathObjectPtr obj = xmlXPathEval(BAD_CAST xpath, ctxt);
    if (obj && obj->type == XPATH_STRING && obj->stringval)
      ok = virtkit::util::str_to_i(reinterpret_cast<const char *>(obj->stringval), 10, out);
    xmlXPathFreeObject(obj);
    xmlXPathFreeContext(ctxt);
    xmlFreeDoc(doc);
  }
  return ok;
}

// virsh's virshCPUCountCollect: the count, -1 when the state rules it out,
// -2 after an error.
int cpu_count(const virtkit::Domain &d, unsigned flags, bool check_state) {
  auto yes = [](const virtkit::Expected<bool> &b) { return b && *b; };
  if (check_state && (((flags & VIR_DOMAIN_AFFECT_LIVE) && !yes(d.try_is_active())) ||
                      ((flags & VIR_DOMAIN_AFFECT_CONFIG) && !yes(d.try_is_persistent()))))
    return -1;
  auto got = d.try_vcpu_count(flags);
  if (got) return *got;
  if (got.error().code() != VIR_ERR_NO_SUPPORT && got.error().code() != VIR_ERR_INVALID_ARG)
    return -2;
  if (flags & VIR_DOMAIN_VCPU_GUEST) {
    error("%s", "Failed to retrieve vCPU count from the guest");
    return -2;
  }
  if (!(flags & (VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG)) && yes(d.try_is_active()))
    flags |= VIR_DOMAIN_AFFECT_LIVE;
  reset_error();
  if (flags & VIR_DOMAIN_AFFECT_LIVE) {
    if (flags & VIR_DOMAIN_VCPU_MAXIMUM) {
      auto max = d.try_max_vcpus();
      return max ? *max : -1;
    }
    auto info = d.try_info();
    if (!info) return -2;
    return info->nrVirtCpu;
  }
  int count;
  bool fetched;
  bool max = flags & VIR_DOMAIN_VCPU_MAXIMUM;
  if (!xml_int(d, max ? "string(/domain/vcpu)" : "string(/domain/vcpu/@current)", count, fetched)) {
    if (fetched)
      error("%s", max ? "Failed to retrieve maximum vcpu count"
                      : "Failed to retrieve current vcpu count");
    return -2;
  }
  return count;
}

// Prints "field: value" lines, with memtune's "unlimited".
void print_params(const virtkit::TypedParams &params, bool unlimited) {
  auto ps = dom::c_params(params);
  for (int i = 0; i < ps.size(); i++) {
    const virTypedParameter &p = ps.data()[i];
    if (unlimited && p.type == VIR_TYPED_PARAM_ULLONG &&
        p.value.ul == VIR_DOMAIN_MEMORY_PARAM_UNLIMITED)
      std::printf("%-15s: %s\n", p.field, "unlimited");
    else
      std::printf("%-15s: %s\n", p.field, typed_param_value(p).c_str());
  }
}

}  // namespace tune

using namespace tune;

bool cmd_vcpucount(Shell &sh, const Cmd &c) {
  bool maximum = c.has("maximum"), active = c.has("active"), config = c.has("config"),
       live = c.has("live"), current = c.has("current"), guest = c.has("guest");
  bool all = !maximum && !active && !current && !config && !live && !guest;
  // Before 0.9.4 --current alone meant --active.
  if (!maximum && !active && current) current = false;
  auto excl = [](bool a, bool b, const char *na, const char *nb) {
    if (a && b) error("Options --%s and --%s are mutually exclusive", na, nb);
    return !(a && b);
  };
  if (!excl(live, config, "live", "config") || !excl(current, live, "current", "live") ||
      !excl(current, config, "current", "config") || !excl(active, maximum, "active", "maximum") ||
      !excl(guest, config, "guest", "config"))
    return false;
  unsigned flags = 0;
  if (live) flags |= VIR_DOMAIN_AFFECT_LIVE;
  if (config) flags |= VIR_DOMAIN_AFFECT_CONFIG;
  if (maximum) flags |= VIR_DOMAIN_VCPU_MAXIMUM;
  if (guest) flags |= VIR_DOMAIN_VCPU_GUEST;
  auto d = sh.domain(c);
  if (!d) return false;
  if (all) {
    int conf_max =
        cpu_count(*d, unsigned{VIR_DOMAIN_AFFECT_CONFIG} | VIR_DOMAIN_VCPU_MAXIMUM, true);
    int conf_cur = cpu_count(*d, VIR_DOMAIN_AFFECT_CONFIG, true);
    int live_max = cpu_count(*d, unsigned{VIR_DOMAIN_AFFECT_LIVE} | VIR_DOMAIN_VCPU_MAXIMUM, true);
    int live_cur = cpu_count(*d, VIR_DOMAIN_AFFECT_LIVE, true);
    if (conf_max == -2 || conf_cur == -2 || live_max == -2 || live_cur == -2) return false;
    auto line = [](int v, const char *which, const char *state) {
      if (v > 0) std::printf("%-12s %-12s %3d\n", which, state, v);
    };
    line(conf_max, "maximum", "config");
    line(live_max, "maximum", "live");
    line(conf_cur, "current", "config");
    line(live_cur, "current", "live");
    return true;
  }
  int count = cpu_count(*d, flags, false);
  if (count < 0) return false;
  std::printf("%d\n", count);
  return true;
}

namespace {
void print_affinity(const virtkit::CpuMap &map, int maxcpu, bool pretty) {
  std::printf("%-15s ", "CPU Affinity:");
  if (pretty) {
    std::printf("%s (out of %d)", format_map(map).c_str(), maxcpu);
  } else {
    for (int i = 0; i < maxcpu; i++) {
      auto b = static_cast<size_t>(i);
      std::printf("%s", b < map.size() && map[b] ? "y" : "-");
    }
  }
  std::printf("\n");
}

// The vCPUs the domain's XML has enabled; false after the error.
bool vcpu_bitmap(const virtkit::Domain &d, bool inactive, std::vector<bool> &on) {
  auto xml = d.try_xml(inactive ? VIR_DOMAIN_XML_INACTIVE : 0);
  if (!xml) return false;
  xmlDocPtr doc = xmlReadMemory(xml->data(), static_cast<int>(xml->size()), "domain.xml", nullptr,
                                XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_NOERROR);
  if (!doc) return false;
  xmlXPathContextPtr ctxt = xmlXPathNewContext(doc);
  auto str = [&](const char *xp) {
    std::string s;
    xmlXPathObjectPtr o = xmlXPathEval(BAD_CAST xp, ctxt);
    if (o && o->type == XPATH_STRING && o->stringval) s = reinterpret_cast<char *>(o->stringval);
    xmlXPathFreeObject(o);
    return s;
  };
  unsigned max = 0, cur = 0;
  bool ok = true;
  if (!virtkit::util::str_to_ui(str("string(/domain/vcpu)").c_str(), 10, max)) {
    error("%s", "Failed to retrieve maximum vcpu count");
    ok = false;
  } else {
    virtkit::util::str_to_ui(str("string(/domain/vcpu/@current)").c_str(), 10, cur);
    if (cur == 0) cur = max;
    on.assign(max, false);
    xmlXPathObjectPtr o = xmlXPathEval(BAD_CAST "/domain/vcpus/vcpu", ctxt);
    int n = o && o->nodesetval ? o->nodesetval->nodeNr : 0;
    if (n <= 0) {
      for (unsigned i = 0; i < cur && i < max; i++) on[i] = true;
    } else {
      for (int i = 0; i < n; i++) {
        xmlNodePtr node = o->nodesetval->nodeTab[i];
        xmlChar *id = xmlGetProp(node, BAD_CAST "id");
        xmlChar *en = xmlGetProp(node, BAD_CAST "enabled");
        unsigned v;
        if (id && en && virtkit::util::str_to_ui(reinterpret_cast<char *>(id), 10, v) &&
            std::strcmp(reinterpret_cast<char *>(en), "yes") == 0 && v < max)
          on[v] = true;
        xmlFree(id);
        xmlFree(en);
      }
      if (static_cast<unsigned>(std::count(on.begin(), on.end(), true)) != cur) {
        error("%s", "Failed to retrieve vcpu state bitmap");
        ok = false;
      }
    }
    xmlXPathFreeObject(o);
  }
  xmlXPathFreeContext(ctxt);
  xmlFreeDoc(doc);
  return ok;
}
}  // namespace

bool cmd_vcpuinfo(Shell &sh, const Cmd &c) {
  bool pretty = c.has("pretty");
  auto d = sh.domain(c);
  if (!d) return false;
  int maxcpu = host_cpus(sh);
  if (maxcpu < 0) return false;
  auto info = d->try_info();
  if (!info) return false;
  auto cpus = d->try_vcpus();
  if (!cpus) {
    if (info->state != VIR_DOMAIN_SHUTOFF) return false;
    reset_error();
    // An inactive domain still has its pinning.
    std::vector<bool> on;
    if (!vcpu_bitmap(*d, true, on)) return false;
    auto pins = d->try_vcpu_pin_info(VIR_DOMAIN_AFFECT_CONFIG);
    if (!pins) return false;
    bool first = true;
    for (size_t i = 0; i < on.size(); i++) {
      if (!on[i] || i >= pins->size()) continue;
      if (!first) std::printf("\n");
      first = false;
      std::printf("%-15s %zu\n", "VCPU:", i);
      std::printf("%-15s %s\n", "CPU:", "N/A");
      std::printf("%-15s %s\n", "State:", "N/A");
      std::printf("%-15s %s\n", "CPU time", "N/A");
      print_affinity((*pins)[i], maxcpu, pretty);
    }
    return true;
  }
  static const char *const states[] = {"offline", "running", "blocked"};
  for (size_t i = 0; i < cpus->size(); i++) {
    const virtkit::VcpuInfo &v = (*cpus)[i];
    std::printf("%-15s %u\n", "VCPU:", v.number);
    std::printf("%-15s %d\n", "CPU:", v.cpu);
    std::printf("%-15s %s\n", "State:", v.state >= 0 && v.state < 3 ? states[v.state] : "no state");
    if (v.time.count() != 0)
      std::printf("%-15s %.1lfs\n", "CPU time:", static_cast<double>(v.time.count()) / 1e9);
    print_affinity(v.affinity, maxcpu, pretty);
    if (i + 1 < cpus->size()) std::printf("\n");
  }
  return true;
}

bool cmd_vcpupin(Shell &sh, const Cmd &c) {
  bool config = c.has("config"), live = c.has("live"), current = c.has("current");
  unsigned flags = 0;
  if (!domx::affect(c, false, flags)) return false;
  const char *list = nullptr;
  if (c.string("cpulist", list) < 0) return false;
  if (!list && !exclusive(c, "live", "config")) return false;
  unsigned vcpu = 0;
  int got = c.opt_uint("vcpu", vcpu);
  if (got < 0) return false;
  if (list && got == 0) {
    error("%s", "vcpupin: Missing vCPU number in pin mode.");
    return false;
  }
  int maxcpu = host_cpus(sh);
  if (maxcpu < 0) return false;
  auto d = sh.domain(c);
  if (!d) return false;
  if (!list) {
    int n = cpu_count(*d, flags | VIR_DOMAIN_VCPU_MAXIMUM, true);
    if (n < 0) {
      if (n == -1)
        error("%s", flags & VIR_DOMAIN_AFFECT_LIVE ? "cannot get vcpupin for offline domain"
                                                   : "cannot get vcpupin for transient domain");
      return false;
    }
    if (got && vcpu >= static_cast<unsigned>(n)) {
      if ((flags & VIR_DOMAIN_AFFECT_LIVE) ||
          (!(flags & VIR_DOMAIN_AFFECT_CONFIG) && d->try_is_active().value_or(false)))
        error("vcpu %d is out of range of live cpu count %d", vcpu, n);
      else
        error("vcpu %d is out of range of persistent cpu count %d", vcpu, n);
      return false;
    }
    if (auto maps = d->try_vcpu_pin_info(flags)) {
      Table t({"VCPU", "CPU Affinity"});
      for (size_t i = 0; i < maps->size() && i < static_cast<size_t>(n); i++) {
        if (got && i != vcpu) continue;
        t.add({std::to_string(i), format_map((*maps)[i])});
      }
      t.print();
    }
    return true;
  }
  auto map = cpu_list(list, maxcpu);
  if (map.empty()) return false;
  return (!config && !live && !current ? d->try_pin_vcpu(vcpu, map)
                                       : d->try_pin_vcpu(vcpu, map, flags))
      .has_value();
}

bool cmd_emulatorpin(Shell &sh, const Cmd &c) {
  unsigned flags = 0;
  if (!domx::affect(c, false, flags)) return false;
  bool none = !c.has("current") && !c.has("live") && !c.has("config");
  auto d = sh.domain(c);
  if (!d) return false;
  const char *list = nullptr;
  if (c.string("cpulist", list) < 0) return false;
  int maxcpu = host_cpus(sh);
  if (maxcpu < 0) return false;
  if (!list) {
    auto map = d->try_emulator_pin_info(flags);
    if (!map) return false;
    extra("%s %s\n", "emulator:", "CPU Affinity");
    extra("----------------------------------\n");
    extra("       *: ");
    std::printf("%s\n", format_map(*map).c_str());
    return true;
  }
  auto map = cpu_list(list, maxcpu);
  if (map.empty()) return false;
  if (none) flags = VIR_DOMAIN_AFFECT_LIVE;
  return d->try_pin_emulator(map, flags).has_value();
}

bool cmd_setvcpus(Shell &sh, const Cmd &c) {
  unsigned flags = 0;
  if (!domx::affect(c, false, flags) || !exclusive(c, "guest", "config")) return false;
  if (c.has("maximum") && !c.has("config")) {
    error("Option --%s is required by option --%s", "config", "maximum");
    return false;
  }
  if (c.has("guest")) flags |= VIR_DOMAIN_VCPU_GUEST;
  if (c.has("maximum")) flags |= VIR_DOMAIN_VCPU_MAXIMUM;
  if (c.has("hotpluggable")) flags |= VIR_DOMAIN_VCPU_HOTPLUGGABLE;
  auto d = sh.domain(c);
  if (!d) return false;
  unsigned count = 0;
  if (c.opt_uint("count", count) < 0) return false;
  if (count == 0) {
    error("Can't set 0 processors for a VM");
    return false;
  }
  if (!c.has("current") && flags == 0) return d->try_set_vcpus(count).has_value();
  return d->try_set_vcpus(count, flags).has_value();
}

bool cmd_guestvcpus(Shell &sh, const Cmd &c) {
  bool enable = c.has("enable"), disable = c.has("disable");
  if (!exclusive(c, "enable", "disable")) return false;
  for (const char *o : {"enable", "disable"})
    if (c.has(o) && !c.has("cpulist")) {
      error("Option --%s is required by option --%s", "cpulist", o);
      return false;
    }
  const char *list = nullptr;
  if (c.string("cpulist", list) < 0) return false;
  if (list && !enable && !disable) {
    error("One of options --enable or --disable is required by option --cpulist");
    return false;
  }
  auto d = sh.domain(c);
  if (!d) return false;
  if (list) return d->try_set_guest_vcpus(list, enable, 0).has_value();
  auto got = d->try_guest_vcpus(0);
  if (!got) return false;
  auto ps = dom::c_params(*got);
  for (int i = 0; i < ps.size(); i++)
    std::printf("%-15s: %s\n", ps.data()[i].field, typed_param_value(ps.data()[i]).c_str());
  return true;
}

bool cmd_setvcpu(Shell &sh, const Cmd &c) {
  bool enable = c.has("enable"), disable = c.has("disable");
  if (!exclusive(c, "enable", "disable")) return false;
  unsigned flags = 0;
  if (!domx::affect(c, false, flags)) return false;
  if (!enable && !disable) {
    error("%s", "one of --enable, --disable is required");
    return false;
  }
  const char *list = nullptr;
  if (c.string("vcpulist", list) < 0) return false;
  auto d = sh.domain(c);
  if (!d) return false;
  return d->try_set_vcpu(list, enable, flags).has_value();
}

bool cmd_schedinfo(Shell &sh, const Cmd &c) {
  unsigned flags = 0;
  if (!domx::affect(c, false, flags)) return false;
  bool config = c.has("config"), live = c.has("live"), current = c.has("current");
  unsigned query = config && live ? 0 : flags;
  auto d = sh.domain(c);
  if (!d) return false;
  auto type = d->try_scheduler_type();
  if (!type) {
    std::printf("%-15s: %s\n", "Scheduler", "Unknown");
    return false;
  }
  std::printf("%-15s: %s\n", "Scheduler", type->type.c_str());
  if (!type->nparams) return false;
  bool with_flags = flags || current;
  auto get = [&] {
    return with_flags ? d->try_scheduler_parameters(query) : d->try_scheduler_parameters();
  };
  auto got = get();
  if (!got) return false;
  virtkit::TypedParams ps = std::move(got).value();
  // --set name=value and --cap/--weight, each for a field the scheduler has,
  // parsed by libvirt's virTypedParamsAddFromString for the field's type
  Params up;
  auto add = [&](const std::string &field, const char *value) {
    for (const auto &p : ps) {
      if (field != p.field) continue;
      return virTypedParamsAddFromString(&up.p, &up.n, &up.max, field.c_str(), p.type(), value) ==
             0;
    }
    error("invalid scheduler option: %s", field.c_str());
    return false;
  };
  for (const std::string &s : c.argv()) {
    auto eq = s.find('=');
    if (eq == std::string::npos) {
      error("%s", "Invalid syntax for --set, expecting name=value");
      return false;
    }
    if (!add(s.substr(0, eq), s.c_str() + eq + 1)) return false;
  }
  for (const char *o : {"cap", "weight"}) {
    const char *v = nullptr;
    if (c.string(o, v) < 0 || (v && !add(o, v))) return false;
  }
  if (up.n > 0) {
    auto updates = virtkit::TypedParams::from_c(up.p, up.n);
    if (!(with_flags ? d->try_set_scheduler_parameters(updates, flags)
                     : d->try_set_scheduler_parameters(updates)))
      return false;
    auto again = get();
    if (!again) return false;
    ps = std::move(again).value();
  } else if (live && config) {
    error("%s", "cannot query both live and config at once");
    return false;
  }
  auto cps = dom::c_params(ps);
  for (int i = 0; i < cps.size(); i++)
    std::printf("%-15s: %s\n", cps.data()[i].field, typed_param_value(cps.data()[i]).c_str());
  return true;
}

bool cmd_setmaxmem(Shell &sh, const Cmd &c) {
  unsigned flags = 0;
  if (!domx::affect(c, false, flags)) return false;
  auto d = sh.domain(c);
  if (!d) return false;
  unsigned long long bytes = 0;
  if (c.opt_scaled("size", bytes, 1024, ULONG_MAX) < 0) return false;
  unsigned long kib = static_cast<unsigned long>((bytes + 1023) / 1024);
  if (!d->try_set_memory(kib, flags | VIR_DOMAIN_MEM_MAXIMUM)) {
    error("%s", "Unable to change MaxMemorySize");
    return false;
  }
  return true;
}

bool cmd_memtune(Shell &sh, const Cmd &c) {
  unsigned flags = 0;
  if (!domx::affect(c, false, flags)) return false;
  auto d = sh.domain(c);
  if (!d) return false;
  virtkit::TypedParams set;
  static const std::pair<const char *, const char *> limits[] = {
      {"hard-limit", VIR_DOMAIN_MEMORY_HARD_LIMIT},
      {"soft-limit", VIR_DOMAIN_MEMORY_SOFT_LIMIT},
      {"swap-hard-limit", VIR_DOMAIN_MEMORY_SWAP_HARD_LIMIT},
      {"min-guarantee", VIR_DOMAIN_MEMORY_MIN_GUARANTEE}};
  for (auto &[opt, field] : limits) {
    const char *s = nullptr;
    if (c.string_quiet(opt, s) <= 0) continue;
    // A negative size is "unlimited"; otherwise KiB by default, rounded up.
    char *end;
    errno = 0;
    long long v = std::strtoll(s, &end, 10);
    bool ok = end != s && errno == 0;
    auto e = virtkit::util::ScaleError::kNone;
    unsigned long long kib = VIR_DOMAIN_MEMORY_PARAM_UNLIMITED;
    if (ok && v >= 0) {
      unsigned long long tmp = static_cast<unsigned long long>(v);
      e = virtkit::util::scale_integer(tmp, end, 1024, LLONG_MAX);
      kib = (tmp + 1023) / 1024;
    }
    if (!ok || e != virtkit::util::ScaleError::kNone) {
      error("Unable to parse integer parameter %s", opt);
      scale_error(e, static_cast<unsigned long long>(v), end);
      return false;
    }
    set.add(field, kib);
  }
  if (set.empty()) {
    Params ps;
    // C: virsh reports between the count and the fill
    if (virDomainGetMemoryParameters(d->get(), nullptr, &ps.n, flags) != 0) {
      error("%s", "Unable to get number of memory parameters");
      return false;
    }
    if (ps.n == 0) return true;
    ps.p = static_cast<virTypedParameterPtr>(std::calloc(static_cast<size_t>(ps.n), sizeof *ps.p));
    // C: the fill of the count above
    if (virDomainGetMemoryParameters(d->get(), ps.p, &ps.n, flags) != 0) {
      error("%s", "Unable to get memory parameters");
      return false;
    }
    print_params(virtkit::TypedParams::from_c(ps.p, ps.n), true);
    return true;
  }
  if (!d->try_set_memory_parameters(set, flags)) {
    error("%s", "Unable to change memory parameters");
    return false;
  }
  return true;
}

bool cmd_numatune(Shell &sh, const Cmd &c) {
  unsigned flags = 0;
  if (!domx::affect(c, false, flags)) return false;
  auto d = sh.domain(c);
  if (!d) return false;
  virtkit::TypedParams set;
  const char *nodeset = nullptr, *mode = nullptr;
  if (c.string("nodeset", nodeset) < 0) return false;
  if (nodeset) set.add(VIR_DOMAIN_NUMA_NODESET, nodeset);
  if (c.string("mode", mode) < 0) return false;
  static const char *const modes[] = {"strict", "preferred", "interleave", "restrictive", nullptr};
  if (mode) {
    int m = dom::index_of(modes, mode);
    if (m < 0 && !virtkit::util::str_to_i(mode, 0, m)) {
      error("Invalid mode: %s", mode);
      return false;
    }
    set.add(VIR_DOMAIN_NUMA_MODE, m);
  }
  if (set.empty()) {
    Params ps;
    // C: virsh reports between the count and the fill
    if (virDomainGetNumaParameters(d->get(), nullptr, &ps.n, flags) != 0) {
      error("%s", "Unable to get number of memory parameters");
      return false;
    }
    if (ps.n == 0) return true;
    ps.p = static_cast<virTypedParameterPtr>(std::calloc(static_cast<size_t>(ps.n), sizeof *ps.p));
    // C: the fill of the count above
    if (virDomainGetNumaParameters(d->get(), ps.p, &ps.n, flags) != 0) {
      error("%s", "Unable to get numa parameters");
      return false;
    }
    for (int i = 0; i < ps.n; i++) {
      const virTypedParameter &p = ps.p[i];
      if (p.type == VIR_TYPED_PARAM_INT && std::strcmp(p.field, VIR_DOMAIN_NUMA_MODE) == 0) {
        const char *name = p.value.i >= 0 && p.value.i < 4 ? modes[p.value.i] : "(null)";
        std::printf("%-15s: %s\n", p.field, name);
      } else {
        std::printf("%-15s: %s\n", p.field, typed_param_value(p).c_str());
      }
    }
    return true;
  }
  if (!d->try_set_numa_parameters(set, flags)) {
    error("%s", "Unable to change numa parameters");
    return false;
  }
  return true;
}

bool cmd_perf(Shell &sh, const Cmd &c) {
  unsigned flags = 0;
  if (!domx::affect(c, false, flags)) return false;
  const char *enable = nullptr, *disable = nullptr;
  if (c.string("enable", enable) < 0 || c.string("disable", disable) < 0) return false;
  auto d = sh.domain(c);
  if (!d) return false;
  virtkit::TypedParams set;
  auto events = [&](const char *list, bool on) {
    std::string s = list;
    size_t start = 0;
    while (start <= s.size()) {
      size_t comma = s.find(',', start);
      std::string e = s.substr(start, comma == std::string::npos ? comma : comma - start);
      if (!e.empty()) set.add(e, on);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    return true;
  };
  if ((enable && !events(enable, true)) || (disable && !events(disable, false))) return false;
  // virsh builds the array before the call: a bad event name fails here
  if (!set.empty() && !set.try_to_c()) return false;
  if (set.empty()) {
    auto got = d->try_perf_events(flags);
    if (!got) {
      error("%s", "Unable to get perf events");
      return false;
    }
    set = std::move(got).value();
  } else if (!d->try_set_perf_events(set, flags)) {
    error("%s", "Unable to enable/disable perf events");
    return false;
  }
  for (const auto &p : set) {
    const bool *on = std::get_if<bool>(&p.value);
    extra("%-15s: %s\n", p.field.c_str(), on && *on ? "enabled" : "disabled");
  }
  return true;
}

bool cmd_blkiotune(Shell &sh, const Cmd &c) {
  unsigned flags = 0;
  if (!domx::affect(c, false, flags)) return false;
  auto d = sh.domain(c);
  if (!d) return false;
  virtkit::TypedParams set;
  int weight = 0;
  int rv = c.opt_int("weight", weight);
  if (rv < 0) return false;
  if (rv > 0) {
    if (weight <= 0) {
      error("Invalid value of %d for I/O weight", weight);
      return false;
    }
    set.add(VIR_DOMAIN_BLKIO_WEIGHT, static_cast<unsigned>(weight));
  }
  static const std::pair<const char *, const char *> devs[] = {
      {"device-weights", VIR_DOMAIN_BLKIO_DEVICE_WEIGHT},
      {"device-read-iops-sec", VIR_DOMAIN_BLKIO_DEVICE_READ_IOPS},
      {"device-write-iops-sec", VIR_DOMAIN_BLKIO_DEVICE_WRITE_IOPS},
      {"device-read-bytes-sec", VIR_DOMAIN_BLKIO_DEVICE_READ_BPS},
      {"device-write-bytes-sec", VIR_DOMAIN_BLKIO_DEVICE_WRITE_BPS}};
  for (auto &[opt, field] : devs) {
    const char *v = nullptr;
    int r = c.string_quiet(opt, v);
    if (r < 0) {
      error("%s", "Unable to parse string parameter");
      return false;
    }
    if (r > 0) set.add(field, v);
  }
  if (set.empty()) {
    Params ps;
    // C: virsh reports between the count and the fill
    if (virDomainGetBlkioParameters(d->get(), nullptr, &ps.n, flags) != 0) {
      error("%s", "Unable to get number of blkio parameters");
      return false;
    }
    if (ps.n == 0) return true;
    ps.p = static_cast<virTypedParameterPtr>(std::calloc(static_cast<size_t>(ps.n), sizeof *ps.p));
    // C: the fill of the count above
    if (virDomainGetBlkioParameters(d->get(), ps.p, &ps.n, flags) != 0) {
      error("%s", "Unable to get blkio parameters");
      return false;
    }
    print_params(virtkit::TypedParams::from_c(ps.p, ps.n), false);
    return true;
  }
  if (!d->try_set_blkio_parameters(set, flags)) {
    error("%s", "Unable to change blkio parameters");
    return false;
  }
  return true;
}

}  // namespace virtkit_sh
