// SPDX-License-Identifier: LGPL-2.1-or-later
// virtkit-sh's Host and Hypervisor commands (nodeinfo, version, capabilities,
// freecell, cpu-compare, ...) as Debian's virsh 9.0.0 prints them.
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "sh_xml.h"
#include "virtkit_sh.h"

namespace virtkit_sh {

namespace {

std::string ver(unsigned long v) {
  return std::to_string(v / 1000000) + "." + std::to_string(v / 1000 % 1000) + "." +
         std::to_string(v % 1000);
}

// A string libvirt returns, printed with SUFFIX and freed; false when null.
bool print_owned(char *s, const char *suffix) {
  if (!s) return false;
  std::printf("%s%s", s, suffix);
  std::free(s);
  return true;
}

// The host capabilities, parsed; false after "unable to get node capabilities".
bool node_caps(Shell &sh, XmlDoc &doc, const char *parse_error) {
  char *caps = virConnectGetCapabilities(sh.conn.get());
  if (!caps) {
    error("unable to get node capabilities");
    return false;
  }
  bool ok = doc.parse(caps);
  std::free(caps);
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

std::vector<const char *> c_strs(const std::vector<std::string> &v) {
  std::vector<const char *> out;
  for (auto &s : v) out.push_back(s.c_str());
  return out;
}

// virBitmapFormat of a CPU map: "0-2,4".
std::string format_cpumap(const unsigned char *map, int ncpus) {
  std::string out;
  for (int i = 0; i < ncpus; i++) {
    if (!VIR_CPU_USED(map, i)) continue;
    int j = i;
    while (j + 1 < ncpus && VIR_CPU_USED(map, j + 1)) j++;
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
  if (!all) return virNodeAllocPages(sh.conn.get(), 1, sizes, counts, start, 1, flags) >= 0;
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
    if (virNodeAllocPages(sh.conn.get(), 1, sizes, counts, static_cast<int>(id), 1, flags) < 0)
      return false;
  }
  return true;
}

bool cmd_capabilities(Shell &sh, const Cmd &) {
  if (print_owned(virConnectGetCapabilities(sh.conn.get()), "\n")) return true;
  error("failed to get capabilities");
  return false;
}

bool cmd_domcapabilities(Shell &sh, const Cmd &c) {
  const char *virttype = nullptr, *emulator = nullptr, *arch = nullptr, *machine = nullptr;
  if (c.string("virttype", virttype) < 0 || c.string("emulatorbin", emulator) < 0 ||
      c.string("arch", arch) < 0 || c.string("machine", machine) < 0)
    return false;
  if (print_owned(
          virConnectGetDomainCapabilities(sh.conn.get(), emulator, arch, machine, virttype, 0),
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
      if (virNodeGetCellsFreeMemory(sh.conn.get(), &mem, cell, 1) != 1) return false;
      std::printf("%d: %llu KiB\n", cell, mem / 1024);
      return true;
    }
    if ((mem = virNodeGetFreeMemory(sh.conn.get())) == 0) return false;
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
    unsigned long long f;
    if (virNodeGetCellsFreeMemory(sh.conn.get(), &f, static_cast<int>(id), 1) != 1) {
      error("failed to get free memory for NUMA node number: %lu", id);
      return false;
    }
    free.emplace_back(id, f);
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
    unsigned long long count = 0;
    if (virNodeGetFreePages(sh.conn.get(), 1, &kib, cell, 1, &count, 0) < 0) return false;
    std::printf("%uKiB: %lld\n", kib, static_cast<long long>(count));
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
    if (virNodeGetFreePages(sh.conn.get(), static_cast<unsigned>(sizes.size()), sizes.data(), cell,
                            1, counts.data(), 0) < 0)
      return false;
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
  if (char *caps =
          virConnectGetDomainCapabilities(sh.conn.get(), nullptr, nullptr, nullptr, type, 0)) {
    XmlDoc doc;
    bool ok = doc.parse(caps);
    std::free(caps);
    if (!ok) return false;
    int v;
    if (attr_i(doc.string("string(./vcpu[1]/@max)"), v)) vcpus = v;
  } else {
    reset_error();
  }
  if (vcpus < 0 && (vcpus = virConnectGetMaxVcpus(sh.conn.get(), type)) < 0) return false;
  std::printf("%d\n", vcpus);
  return true;
}

bool cmd_node_memory_tune(Shell &sh, const Cmd &c) {
  virTypedParameterPtr params = nullptr;
  int n = 0, max = 0;
  static const std::pair<const char *, const char *> opts[] = {
      {"shm-pages-to-scan", VIR_NODE_MEMORY_SHARED_PAGES_TO_SCAN},
      {"shm-sleep-millisecs", VIR_NODE_MEMORY_SHARED_SLEEP_MILLISECS},
      {"shm-merge-across-nodes", VIR_NODE_MEMORY_SHARED_MERGE_ACROSS_NODES}};
  for (auto &[opt, field] : opts) {
    unsigned v;
    int rc = c.opt_uint(opt, v);
    if (rc < 0) {
      virTypedParamsFree(params, n);
      return false;
    }
    if (rc > 0 && virTypedParamsAddUInt(&params, &n, &max, field, v) < 0) {
      virTypedParamsFree(params, n);
      error("Unable to change memory parameters");
      return false;
    }
  }
  if (n > 0) {
    bool ok = virNodeSetMemoryParameters(sh.conn.get(), params, n, 0) == 0;
    virTypedParamsFree(params, n);
    if (!ok) error("Unable to change memory parameters");
    return ok;
  }
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
  unsigned char *map = nullptr;
  unsigned online = 0;
  int n = virNodeGetCPUMap(sh.conn.get(), &map, &online, 0);
  if (n < 0) {
    error("Unable to get cpu map");
    return false;
  }
  std::printf("%-15s %d\n", "CPUs present:", n);
  std::printf("%-15s %d\n", "CPUs online:", static_cast<int>(online));
  std::printf("%-15s ", "CPU map:");
  if (c.has("pretty")) {
    std::printf("%s", format_cpumap(map, n).c_str());
  } else {
    for (int i = 0; i < n; i++) std::printf("%c", VIR_CPU_USED(map, i) ? 'y' : '-');
  }
  std::printf("\n");
  std::free(map);
  return true;
}

bool cmd_nodecpustats(Shell &sh, const Cmd &c) {
  bool percent = c.has("percent");
  int cpu = VIR_NODE_CPU_STATS_ALL_CPUS;
  if (c.opt_int("cpu", cpu) < 0) return false;
  int n = 0;
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
  virNodeInfo info;
  if (virNodeGetInfo(sh.conn.get(), &info) < 0) {
    error("failed to get node information");
    return false;
  }
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
  virTypedParameterPtr params = nullptr;
  int n = 0;
  if (virNodeGetSEVInfo(sh.conn.get(), &params, &n, 0) != 0) {
    error("Unable to get host SEV information");
    return false;
  }
  for (int i = 0; i < n; i++)
    std::printf("%-18s: %s\n", params[i].field, typed_param_value(params[i]).c_str());
  virTypedParamsFree(params, n);
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
  if (virNodeSuspendForDuration(sh.conn.get(), static_cast<unsigned>(it - std::begin(targets)),
                                static_cast<unsigned long long>(duration), 0) < 0) {
    error("The host was not suspended");
    return false;
  }
  return true;
}

bool cmd_sysinfo(Shell &sh, const Cmd &) {
  if (print_owned(virConnectGetSysinfo(sh.conn.get(), 0), "")) return true;
  error("failed to get sysinfo");
  return false;
}

bool cmd_hostname(Shell &sh, const Cmd &) {
  if (print_owned(virConnectGetHostname(sh.conn.get()), "\n")) return true;
  error("failed to get hostname");
  return false;
}

bool cmd_uri(Shell &sh, const Cmd &) {
  if (print_owned(virConnectGetURI(sh.conn.get()), "\n")) return true;
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
  switch (virConnectCompareCPU(sh.conn.get(), (*cpus)[0].c_str(), flags)) {
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
  auto list = c_strs(*cpus);
  return print_owned(
      virConnectBaselineCPU(sh.conn.get(), list.data(), static_cast<unsigned>(list.size()), flags),
      "");
}

bool cmd_cpu_models(Shell &sh, const Cmd &c) {
  const char *arch = nullptr;
  if (c.string("arch", arch) < 0) return false;
  char **models = nullptr;
  int n = virConnectGetCPUModelNames(sh.conn.get(), arch, &models, 0);
  if (n < 0) {
    error("failed to get CPU model names");
    return false;
  }
  if (n == 0) extra("%s\n", "all CPU models are accepted");
  for (int i = 0; i < n; i++) {
    std::printf("%s\n", models[i]);
    std::free(models[i]);
  }
  std::free(models);
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
  switch (virConnectCompareHypervisorCPU(sh.conn.get(), emulator, arch, machine, virttype,
                                         (*cpus)[0].c_str(), flags)) {
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
  auto list = c_strs(cpus);
  return print_owned(
      virConnectBaselineHypervisorCPU(sh.conn.get(), emulator, arch, machine, virttype, list.data(),
                                      static_cast<unsigned>(list.size()), flags),
      "");
}

bool cmd_version(Shell &sh, const Cmd &c) {
  const char *type = virConnectGetType(sh.conn.get());
  if (!type) {
    error("failed to get hypervisor type");
    return false;
  }
  std::printf("Compiled against library: libvirt %s\n", ver(LIBVIR_VERSION_NUMBER).c_str());
  unsigned long lib = 0, api = 0;
  if (virGetVersion(&lib, type, &api) < 0) {
    error("failed to get the library version");
    return false;
  }
  std::printf("Using library: libvirt %s\n", ver(lib).c_str());
  std::printf("Using API: %s %s\n", type, ver(api).c_str());
  unsigned long hv = 0;
  if (virConnectGetVersion(sh.conn.get(), &hv) < 0) {
    error("failed to get the hypervisor version");
    return false;
  }
  if (hv == 0)
    std::printf("Cannot extract running %s hypervisor version\n", type);
  else
    std::printf("Running hypervisor: %s %s\n", type, ver(hv).c_str());
  if (c.has("daemon")) {
    unsigned long dv = 0;
    if (virConnectGetLibVersion(sh.conn.get(), &dv) < 0)
      error("failed to get the daemon version");
    else
      std::printf("Running against daemon: %s\n", ver(dv).c_str());
  }
  return true;
}

}  // namespace virtkit_sh
