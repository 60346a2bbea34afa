// SPDX-License-Identifier: LGPL-2.1-or-later
// virtkit-sh's Host and Hypervisor commands (nodeinfo, version, capabilities,
// freecell, cpu-compare, ...) as Debian's virsh 9.0.0 prints them.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sh_xml.h"
#include "virtkit_sh.h"

namespace virtkit_sh {

namespace {

std::string ver(unsigned long v) {
  return std::to_string(v / 1000000) + "." + std::to_string(v / 1000 % 1000) + "." +
         std::to_string(v % 1000);
}

// A string a call returned, printed with SUFFIX; false when the call failed.
bool print_owned(const virtkit::Expected<std::string> &s, const char *suffix) {
  if (!s) return false;
  std::printf("%s%s", s->c_str(), suffix);
  return true;
}

// The host capabilities, parsed; false after "unable to get node capabilities".
bool node_caps(Shell &sh, XmlDoc &doc, const char *parse_error) {
  auto caps = sh.conn.try_capabilities();
  if (!caps) {
    error("unable to get node capabilities");
    return false;
  }
  bool ok = doc.parse(caps->c_str());
  if (!ok) error("%s", parse_error);
  return ok;
}

// virStrToLong_ulp / virStrToLong_i on an attribute.
bool attr_ul(const std::optional<std::string> &s, unsigned long &v) {
  if (!s || s->empty() || (*s)[0] == '-') return false;
  char *end;
  errno = 0;
  v = std::strtoul(s->c_str(), &end, 10);
  return !errno && end != s->c_str() && !*end;
}

bool attr_i(const std::optional<std::string> &s, int &v) {
  if (!s) return false;
  char *end;
  errno = 0;
  long l = std::strtol(s->c_str(), &end, 10);
  if (errno || end == s->c_str() || *end || l < INT_MIN || l > INT_MAX) return false;
  v = static_cast<int>(l);
  return true;
}

// vshExtractCPUDefXMLs: the <cpu> elements of FILE, which may hold CPUs,
// domains, capabilities or domain capabilities.
std::optional<std::vector<std::string>> cpu_defs(const char *file) {
  std::string buf;
  if (!read_file(file, buf)) return std::nullopt;
  size_t start = 0;
  if (buf.starts_with("<?xml"))
    if (auto p = buf.find("?>"); p != std::string::npos) start = p + 2;
  XmlDoc doc;
  if (!doc.parse_reporting("<container>" + buf.substr(start) + "</container>", file))
    return std::nullopt;
  auto nodes = doc.nodes(
      "/container/cpu|/container/domain/cpu|/container/capabilities/host/cpu|"
      "/container/domainCapabilities/cpu/mode[@name='host-model' and @supported='yes']");
  if (!nodes) return std::nullopt;
  if (nodes->empty()) {
    error(
        "File '%s' does not contain any <cpu> element or valid domain XML, host capabilities "
        "XML, or domain capabilities XML",
        file);
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (xmlNodePtr n : *nodes) {
    if (xmlStrEqual(n->name, reinterpret_cast<const xmlChar *>("mode"))) {
      // a domain capabilities' <mode> stands for a <cpu>
      xmlNodeSetName(n, reinterpret_cast<const xmlChar *>("cpu"));
      while (n->properties) xmlRemoveProp(n->properties);
    }
    out.push_back(doc.dump(n));
  }
  return out;
}

// An optional C string option as the C++ API takes it.
std::optional<std::string_view> opt(const char *s) {
  return s ? std::optional<std::string_view>(s) : std::nullopt;
}

// virBitmapFormat of a CPU map: "0-2,4".
std::string format_cpumap(const std::vector<bool> &map) {
  std::string out;
  int ncpus = static_cast<int>(map.size());
  for (int i = 0; i < ncpus; i++) {
    if (!map[static_cast<size_t>(i)]) continue;
    int j = i;
    while (j + 1 < ncpus && map[static_cast<size_t>(j + 1)]) j++;
    if (!out.empty()) out += ",";
    out += std::to_string(i);
    if (j > i) out += "-" + std::to_string(j);
    i = j;
  }
  return out;
}

}  // namespace

bool cmd_allocpages(Shell &sh, const Cmd &c) {
  bool add = c.has("add"), all = c.has("all"), cellno = c.has("cellno");
  if (!exclusive(c, "all", "cellno")) return false;
  int start = -1;
  if (cellno && c.opt_int("cellno", start) < 0) return false;
  unsigned long long size;
  if (c.opt_scaled("pagesize", size, 1024, UINT_MAX * 1024ULL) < 0) return false;
  unsigned sizes[1] = {static_cast<unsigned>((size + 1023) / 1024)};
  unsigned long long counts[1];
  if (c.opt_ull("pagecount", counts[0]) < 0) return false;
  unsigned flags = add ? VIR_NODE_ALLOC_PAGES_ADD : VIR_NODE_ALLOC_PAGES_SET;
  if (!all) return sh.conn.try_alloc_pages(sizes, counts, start, 1, flags).has_value();
  XmlDoc doc;
  if (!node_caps(sh, doc, "unable to get node capabilities")) return false;
  auto cells = doc.nodes("/capabilities/host/topology/cells/cell");
  if (!cells) {
    error("could not get information about NUMA topology");
    return false;
  }
  for (xmlNodePtr cell : *cells) {
    unsigned long id;
    if (!attr_ul(XmlDoc::prop(cell, "id"), id)) {
      error("conversion from string failed");
      return false;
    }
    if (!sh.conn.try_alloc_pages(sizes, counts, static_cast<int>(id), 1, flags)) return false;
  }
  return true;
}

bool cmd_capabilities(Shell &sh, const Cmd &) {
  if (print_owned(sh.conn.try_capabilities(), "\n")) return true;
  error("failed to get capabilities");
  return false;
}

bool cmd_domcapabilities(Shell &sh, const Cmd &c) {
  const char *virttype = nullptr, *emulator = nullptr, *arch = nullptr, *machine = nullptr;
  if (c.string("virttype", virttype) < 0 || c.string("emulatorbin", emulator) < 0 ||
      c.string("arch", arch) < 0 || c.string("machine", machine) < 0)
    return false;
  if (print_owned(
          sh.conn.try_domain_capabilities(opt(emulator), opt(arch), opt(machine), opt(virttype)),
          "\n"))
    return true;
  error("failed to get emulator capabilities");
  return false;
}

bool cmd_freecell(Shell &sh, const Cmd &c) {
  bool all = c.has("all"), cellno = c.has("cellno");
  if (!exclusive(c, "all", "cellno")) return false;
  int cell = -1;
  if (cellno && c.opt_int("cellno", cell) < 0) return false;
  unsigned long long mem = 0;
  if (!all) {
    if (cellno) {
      auto got = sh.conn.try_cells_free_memory(cell, 1);
      if (!got || got->size() != 1) return false;
      std::printf("%d: %llu KiB\n", cell, got->front() / 1024);
      return true;
    }
    auto total = sh.conn.try_free_memory();
    if (!total || (mem = *total) == 0) return false;
    std::printf("%s: %llu KiB\n", "Total", mem / 1024);
    return true;
  }
  XmlDoc doc;
  if (!node_caps(sh, doc, "unable to get node capabilities")) return false;
  auto cells = doc.nodes("/capabilities/host/topology/cells/cell");
  if (!cells) {
    error("could not get information about NUMA topology");
    return false;
  }
  std::vector<std::pair<unsigned long, unsigned long long>> free;
  for (xmlNodePtr n : *cells) {
    unsigned long id;
    if (!attr_ul(XmlDoc::prop(n, "id"), id)) {
      error("conversion from string failed");
      return false;
    }
    auto f = sh.conn.try_cells_free_memory(static_cast<int>(id), 1);
    if (!f || f->size() != 1) {
      error("failed to get free memory for NUMA node number: %lu", id);
      return false;
    }
    free.emplace_back(id, f->front());
  }
  for (auto &[id, f] : free) {
    std::printf("%5lu: %10llu KiB\n", id, f / 1024);
    mem += f;
  }
  extra("--------------------\n");
  extra("%5s: %10llu KiB\n", "Total", mem / 1024);
  return true;
}

bool cmd_freepages(Shell &sh, const Cmd &c) {
  bool all = c.has("all"), cellno = c.has("cellno"), pagesz = c.has("pagesize");
  if (!exclusive(c, "all", "cellno")) return false;
  unsigned long long bytes = 0;
  if (c.opt_scaled("pagesize", bytes, 1024, UINT_MAX) < 0) return false;
  unsigned kib = static_cast<unsigned>((bytes + 1023) / 1024);
  if (!all) {
    if (!cellno) {
      error("missing cellno argument");
      return false;
    }
    int cell;
    if (c.opt_int("cellno", cell) < 0) return false;
    if (cell < -1) {
      error("cell number must be non-negative integer or -1");
      return false;
    }
    if (!pagesz) {
      error("missing pagesize argument");
      return false;
    }
    auto count = sh.conn.try_free_pages(std::span<const unsigned>(&kib, 1), cell, 1);
    if (!count) return false;
    std::printf("%uKiB: %lld\n", kib, static_cast<long long>(count->front()));
    return true;
  }
  XmlDoc doc;
  if (!node_caps(sh, doc, "unable to parse node capabilities")) return false;
  std::vector<unsigned> sizes;
  if (!pagesz) {
    auto pages = doc.nodes("/capabilities/host/cpu/pages");
    // Some drivers list the page sizes only per cell.
    if (!pages || pages->empty()) pages = doc.nodes("/capabilities/host/topology/cells/cell/pages");
    if (!pages || pages->empty()) {
      error("could not get information about supported page sizes");
      return false;
    }
    for (xmlNodePtr n : *pages) {
      auto v = XmlDoc::prop(n, "size");
      unsigned long s;
      if (!attr_ul(v, s) || s > UINT_MAX) {
        error("unable to parse page size: %s", v ? v->c_str() : "(null)");
        return false;
      }
      sizes.push_back(static_cast<unsigned>(s));
    }
    std::sort(sizes.begin(), sizes.end());
    sizes.erase(std::unique(sizes.begin(), sizes.end()), sizes.end());
  } else {
    sizes.push_back(kib);
  }
  std::vector<unsigned long long> counts(sizes.size());
  auto cells = doc.nodes("/capabilities/host/topology/cells/cell");
  for (xmlNodePtr n : cells.value_or(std::vector<xmlNodePtr>{})) {
    auto v = XmlDoc::prop(n, "id");
    int cell;
    if (!attr_i(v, cell)) {
      error("unable to parse numa node id: %s", v ? v->c_str() : "(null)");
      return false;
    }
    auto got = sh.conn.try_free_pages(sizes, cell, 1);
    if (!got) return false;
    counts = std::move(got).value();
    std::printf("Node %d:\n", cell);
    for (size_t j = 0; j < sizes.size(); j++)
      std::printf("%uKiB: %lld\n", sizes[j], static_cast<long long>(counts[j]));
    std::printf("\n");
  }
  return true;
}

bool cmd_maxvcpus(Shell &sh, const Cmd &c) {
  const char *type = nullptr;
  if (c.string("type", type) < 0) return false;
  int vcpus = -1;
  if (auto caps = sh.conn.try_domain_capabilities({}, {}, {}, opt(type))) {
    XmlDoc doc;
    if (!doc.parse(caps->c_str())) return false;
    int v;
    if (attr_i(doc.string("string(./vcpu[1]/@max)"), v)) vcpus = v;
  } else {
    reset_error();
  }
  if (vcpus < 0) {
    auto max = sh.conn.try_max_vcpus(opt(type));
    if (!max) return false;
    vcpus = *max;
  }
  std::printf("%d\n", vcpus);
  return true;
}

bool cmd_node_memory_tune(Shell &sh, const Cmd &c) {
  virtkit::TypedParams params;
  static const std::pair<const char *, const char *> opts[] = {
      {"shm-pages-to-scan", VIR_NODE_MEMORY_SHARED_PAGES_TO_SCAN},
      {"shm-sleep-millisecs", VIR_NODE_MEMORY_SHARED_SLEEP_MILLISECS},
      {"shm-merge-across-nodes", VIR_NODE_MEMORY_SHARED_MERGE_ACROSS_NODES}};
  for (auto &[opt, field] : opts) {
    unsigned v;
    int rc = c.opt_uint(opt, v);
    if (rc < 0) return false;
    if (rc > 0) params.add(field, v);
  }
  if (!params.empty()) {
    bool ok = sh.conn.try_set_memory_parameters(params).has_value();
    if (!ok) error("Unable to change memory parameters");
    return ok;
  }
  // C: virsh reports the count and the fill steps apart, as do the stats below
  int n = 0;
  if (virNodeGetMemoryParameters(sh.conn.get(), nullptr, &n, 0) != 0) {
    error("Unable to get number of memory parameters");
    return false;
  }
  if (n == 0) return true;
  std::vector<virTypedParameter> got(static_cast<size_t>(n));
  if (virNodeGetMemoryParameters(sh.conn.get(), got.data(), &n, 0) != 0) {
    error("Unable to get memory parameters");
    return false;
  }
  std::printf("Shared memory:\n");
  for (int i = 0; i < n; i++)
    std::printf("\t%-15s %s\n", got[static_cast<size_t>(i)].field,
                typed_param_value(got[static_cast<size_t>(i)]).c_str());
  virTypedParamsClear(got.data(), n);
  return true;
}

bool cmd_nodecpumap(Shell &sh, const Cmd &c) {
  auto map = sh.conn.try_cpu_map();
  if (!map) {
    error("Unable to get cpu map");
    return false;
  }
  std::printf("%-15s %d\n", "CPUs present:", static_cast<int>(map->present.size()));
  std::printf("%-15s %d\n", "CPUs online:", static_cast<int>(map->online));
  std::printf("%-15s ", "CPU map:");
  if (c.has("pretty")) {
    std::printf("%s", format_cpumap(map->present).c_str());
  } else {
    for (bool used : map->present) std::printf("%c", used ? 'y' : '-');
  }
  std::printf("\n");
  return true;
}

bool cmd_nodecpustats(Shell &sh, const Cmd &c) {
  bool percent = c.has("percent");
  int cpu = VIR_NODE_CPU_STATS_ALL_CPUS;
  if (c.opt_int("cpu", cpu) < 0) return false;
  int n = 0;
  // C: the count and the fill steps have messages of their own
  if (virNodeGetCPUStats(sh.conn.get(), cpu, nullptr, &n, 0) != 0) {
    error("Unable to get number of cpu stats");
    return false;
  }
  if (n == 0) return true;
  enum { kUser, kSystem, kIdle, kIowait, kIntr, kUsage, kLast };
  static const char *fields[] = {VIR_NODE_CPU_STATS_USER, VIR_NODE_CPU_STATS_KERNEL,
                                 VIR_NODE_CPU_STATS_IDLE, VIR_NODE_CPU_STATS_IOWAIT,
                                 VIR_NODE_CPU_STATS_INTR, VIR_NODE_CPU_STATS_UTILIZATION};
  static const char *labels[] = {"user:", "system:", "idle:", "iowait:", "intr:", "usage:"};
  unsigned long long stats[kLast] = {};
  bool present[kLast] = {};
  std::vector<virNodeCPUStats> params(static_cast<size_t>(n));
  // With --percent and no usage field: two samples a second apart.
  for (int pass = 0; pass < 2; pass++) {
    if (virNodeGetCPUStats(sh.conn.get(), cpu, params.data(), &n, 0) != 0) {
      error("Unable to get node cpu stats");
      return false;
    }
    for (int j = 0; j < n; j++) {
      auto &p = params[static_cast<size_t>(j)];
      int f = -1;
      for (int k = 0; k < kLast; k++)
        if (std::strcmp(p.field, fields[k]) == 0) f = k;
      if (f < 0) continue;
      if (pass == 0) {
        stats[f] = p.value;
        present[f] = true;
      } else if (present[f]) {
        stats[f] = p.value - stats[f];
      }
    }
    if (present[kUsage] || !percent) break;
    sleep(1);
  }
  if (!percent) {
    for (int i = 0; i < kUsage; i++)
      if (present[i]) std::printf("%-15s %20llu\n", labels[i], stats[i]);
    return true;
  }
  if (present[kUsage]) {
    std::printf("%-15s %5.1llu%%\n", "usage:", stats[kUsage]);
    std::printf("%-15s %5.1llu%%\n", "idle:", 100 - stats[kUsage]);
    return true;
  }
  double total = 0;
  for (int i = 0; i < kUsage; i++) total += static_cast<double>(stats[i]);
  double usage = static_cast<double>(stats[kUser] + stats[kSystem]) / total * 100;
  std::printf("%-15s %5.1lf%%\n", "usage:", usage);
  for (int i = 0; i < kUsage; i++)
    if (present[i])
      std::printf("%-15s %5.1lf%%\n", labels[i], static_cast<double>(stats[i]) / total * 100);
  return true;
}

bool cmd_nodeinfo(Shell &sh, const Cmd &) {
  auto got = sh.conn.try_node_info();
  if (!got) {
    error("failed to get node information");
    return false;
  }
  const virNodeInfo &info = *got;
  std::printf("%-20s %s\n", "CPU model:", info.model);
  std::printf("%-20s %d\n", "CPU(s):", info.cpus);
  if (info.mhz) std::printf("%-20s %d MHz\n", "CPU frequency:", info.mhz);
  std::printf("%-20s %d\n", "CPU socket(s):", info.sockets);
  std::printf("%-20s %d\n", "Core(s) per socket:", info.cores);
  std::printf("%-20s %d\n", "Thread(s) per core:", info.threads);
  std::printf("%-20s %d\n", "NUMA cell(s):", info.nodes);
  std::printf("%-20s %lu KiB\n", "Memory size:", info.memory);
  return true;
}

bool cmd_nodememstats(Shell &sh, const Cmd &c) {
  int cell = VIR_NODE_MEMORY_STATS_ALL_CELLS;
  if (c.opt_int("cell", cell) < 0) return false;
  int n = 0;
  // C: the count and the fill steps have messages of their own
  if (virNodeGetMemoryStats(sh.conn.get(), cell, nullptr, &n, 0) != 0) {
    error("Unable to get number of memory stats");
    return false;
  }
  if (n == 0) return true;
  std::vector<virNodeMemoryStats> params(static_cast<size_t>(n));
  if (virNodeGetMemoryStats(sh.conn.get(), cell, params.data(), &n, 0) != 0) {
    error("Unable to get memory stats");
    return false;
  }
  for (int i = 0; i < n; i++)
    std::printf("%-7s: %20llu KiB\n", params[static_cast<size_t>(i)].field,
                params[static_cast<size_t>(i)].value);
  return true;
}

bool cmd_nodesevinfo(Shell &sh, const Cmd &) {
  auto info = sh.conn.try_sev_info();
  if (!info) {
    error("Unable to get host SEV information");
    return false;
  }
  auto c_info = info->to_c();
  for (int i = 0; i < c_info.size(); i++)
    std::printf("%-18s: %s\n", c_info.data()[i].field, typed_param_value(c_info.data()[i]).c_str());
  return true;
}

bool cmd_nodesuspend(Shell &sh, const Cmd &c) {
  const char *target = nullptr;
  if (c.string("target", target) < 0) return false;
  long long duration;
  if (c.opt_ll("duration", duration) < 0) return false;
  static const char *targets[] = {"mem", "disk", "hybrid"};
  auto it = std::find_if(std::begin(targets), std::end(targets),
                         [&](const char *t) { return std::strcmp(t, target) == 0; });
  if (it == std::end(targets)) {
    error("Invalid target");
    return false;
  }
  if (duration < 0) {
    error("Invalid duration");
    return false;
  }
  if (!sh.conn.try_suspend_for_duration(static_cast<unsigned>(it - std::begin(targets)),
                                        std::chrono::seconds(duration))) {
    error("The host was not suspended");
    return false;
  }
  return true;
}

bool cmd_sysinfo(Shell &sh, const Cmd &) {
  if (print_owned(sh.conn.try_sysinfo(), "")) return true;
  error("failed to get sysinfo");
  return false;
}

bool cmd_hostname(Shell &sh, const Cmd &) {
  if (print_owned(sh.conn.try_hostname(), "\n")) return true;
  error("failed to get hostname");
  return false;
}

bool cmd_uri(Shell &sh, const Cmd &) {
  if (print_owned(sh.conn.try_uri(), "\n")) return true;
  error("failed to get URI");
  return false;
}

bool cmd_cpu_compare(Shell &sh, const Cmd &c) {
  unsigned flags = 0;
  if (c.has("error")) flags |= VIR_CONNECT_COMPARE_CPU_FAIL_INCOMPATIBLE;
  if (c.has("validate")) flags |= VIR_CONNECT_COMPARE_CPU_VALIDATE_XML;
  const char *file = nullptr;
  if (c.string("file", file) < 0) return false;
  auto cpus = cpu_defs(file);
  if (!cpus) return false;
  auto r = sh.conn.try_compare_cpu((*cpus)[0], flags);
  switch (r ? *r : VIR_CPU_COMPARE_ERROR) {
    case VIR_CPU_COMPARE_INCOMPATIBLE:
      std::printf("CPU described in %s is incompatible with host CPU\n", file);
      return false;
    case VIR_CPU_COMPARE_IDENTICAL:
      std::printf("CPU described in %s is identical to host CPU\n", file);
      return true;
    case VIR_CPU_COMPARE_SUPERSET:
      std::printf("Host CPU is a superset of CPU described in %s\n", file);
      return true;
    default:
      error("Failed to compare host CPU with %s", file);
      return false;
  }
}

bool cmd_cpu_baseline(Shell &sh, const Cmd &c) {
  unsigned flags = 0;
  if (c.has("features")) flags |= VIR_CONNECT_BASELINE_CPU_EXPAND_FEATURES;
  if (c.has("migratable")) flags |= VIR_CONNECT_BASELINE_CPU_MIGRATABLE;
  const char *file = nullptr;
  if (c.string("file", file) < 0) return false;
  auto cpus = cpu_defs(file);
  if (!cpus) return false;
  return print_owned(sh.conn.try_baseline_cpu(*cpus, flags), "");
}

bool cmd_cpu_models(Shell &sh, const Cmd &c) {
  const char *arch = nullptr;
  if (c.string("arch", arch) < 0) return false;
  auto models = sh.conn.try_cpu_model_names(arch);
  if (!models) {
    error("failed to get CPU model names");
    return false;
  }
  if (models->empty()) extra("%s\n", "all CPU models are accepted");
  for (const std::string &m : *models) std::printf("%s\n", m.c_str());
  return true;
}

bool cmd_hypervisor_cpu_compare(Shell &sh, const Cmd &c) {
  unsigned flags = 0;
  if (c.has("error")) flags |= VIR_CONNECT_COMPARE_CPU_FAIL_INCOMPATIBLE;
  if (c.has("validate")) flags |= VIR_CONNECT_COMPARE_CPU_VALIDATE_XML;
  const char *file = nullptr, *virttype = nullptr, *emulator = nullptr, *arch = nullptr,
             *machine = nullptr;
  if (c.string("file", file) < 0 || c.string("virttype", virttype) < 0 ||
      c.string("emulator", emulator) < 0 || c.string("arch", arch) < 0 ||
      c.string("machine", machine) < 0)
    return false;
  auto cpus = cpu_defs(file);
  if (!cpus) return false;
  auto r = sh.conn.try_compare_hypervisor_cpu(opt(emulator), opt(arch), opt(machine), opt(virttype),
                                              (*cpus)[0], flags);
  switch (r ? *r : VIR_CPU_COMPARE_ERROR) {
    case VIR_CPU_COMPARE_INCOMPATIBLE:
      std::printf(
          "CPU described in %s is incompatible with the CPU provided by hypervisor on the "
          "host\n",
          file);
      return false;
    case VIR_CPU_COMPARE_IDENTICAL:
      std::printf(
          "CPU described in %s is identical to the CPU provided by hypervisor on the host\n", file);
      return true;
    case VIR_CPU_COMPARE_SUPERSET:
      std::printf(
          "The CPU provided by hypervisor on the host is a superset of CPU described in %s\n",
          file);
      return true;
    default:
      error("Failed to compare hypervisor CPU with %s", file);
      return false;
  }
}

bool cmd_hypervisor_cpu_baseline(Shell &sh, const Cmd &c) {
  unsigned flags = 0;
  if (c.has("features")) flags |= VIR_CONNECT_BASELINE_CPU_EXPAND_FEATURES;
  if (c.has("migratable")) flags |= VIR_CONNECT_BASELINE_CPU_MIGRATABLE;
  const char *file = nullptr, *virttype = nullptr, *emulator = nullptr, *arch = nullptr,
             *machine = nullptr, *model = nullptr;
  if (c.string("file", file) < 0 || c.string("virttype", virttype) < 0 ||
      c.string("emulator", emulator) < 0 || c.string("arch", arch) < 0 ||
      c.string("machine", machine) < 0 || c.string("model", model) < 0)
    return false;
  if (file && model) {
    error("Options --%s and --%s are mutually exclusive", "file", "model");
    return false;
  }
  if (!file && !model) {
    error("Either --%s or --%s must be provided", "file", "model");
    return false;
  }
  std::vector<std::string> cpus;
  if (file) {
    auto got = cpu_defs(file);
    if (!got) return false;
    cpus = std::move(*got);
  } else {
    cpus.push_back(std::string("<cpu><model>") + model + "</model></cpu>");
  }
  return print_owned(sh.conn.try_baseline_hypervisor_cpu(opt(emulator), opt(arch), opt(machine),
                                                         opt(virttype), cpus, flags),
                     "");
}

bool cmd_version(Shell &sh, const Cmd &c) {
  auto type_name = sh.conn.try_type();
  if (!type_name) {
    error("failed to get hypervisor type");
    return false;
  }
  const char *type = type_name->c_str();
  std::printf("Compiled against library: libvirt %s\n", ver(LIBVIR_VERSION_NUMBER).c_str());
  auto versions = virtkit::try_version(*type_name);
  if (!versions) {
    error("failed to get the library version");
    return false;
  }
  std::printf("Using library: libvirt %s\n", ver(versions->library).c_str());
  std::printf("Using API: %s %s\n", type, ver(versions->hypervisor.value_or(0)).c_str());
  auto hv_version = sh.conn.try_version();
  if (!hv_version) {
    error("failed to get the hypervisor version");
    return false;
  }
  unsigned long hv = *hv_version;
  if (hv == 0)
    std::printf("Cannot extract running %s hypervisor version\n", type);
  else
    std::printf("Running hypervisor: %s %s\n", type, ver(hv).c_str());
  if (c.has("daemon")) {
    if (auto dv = sh.conn.try_lib_version())
      std::printf("Running against daemon: %s\n", ver(*dv).c_str());
    else
      error("failed to get the daemon version");
  }
  return true;
}

}  // namespace virtkit_sh
