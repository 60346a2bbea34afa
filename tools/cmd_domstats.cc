// SPDX-License-Identifier: LGPL-2.1-or-later
// virsh's statistics commands: domblkstat, domifstat, dommemstat, domstats,
// and domtime and domifaddr.
#include <strings.h>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <ctime>
#include <cstring>
#include <string>
#include <vector>

#include "sh_xml.h"
#include "util/numbers.h"
#include "virtkit_sh.h"

namespace virtkit_sh {

namespace {

// virshLookupDomainBy for a name given as data: by ID, UUID, then name.
virDomainPtr lookup_domain(Shell &sh, const std::string &name) {
  virConnectPtr conn = sh.conn.get();
  virDomainPtr d = nullptr;
  int id;
  if (virtkit::util::str_to_i(name.c_str(), 10, id) && id >= 0) d = virDomainLookupByID(conn, id);
  if (!d && name.size() == VIR_UUID_STRING_BUFLEN - 1)
    d = virDomainLookupByUUIDString(conn, name.c_str());
  if (!d) d = virDomainLookupByName(conn, name.c_str());
  reset_error();
  if (!d) error("failed to get domain '%s'", name.c_str());
  return d;
}

}  // namespace

bool cmd_domblkstat(Shell &sh, const Cmd &c) {
  auto d = sh.domain(c);
  if (!d) return false;
  const char *name = c.get("domain")->c_str();
  const char *device = nullptr;
  if (c.string("device", device) < 0) return false;
  if (!device) device = "";
  bool human = c.has("human");
  struct Field {
    const char *field, *legacy, *human;
  };
  static const Field fields[] = {
      {VIR_DOMAIN_BLOCK_STATS_READ_REQ, "rd_req", "number of read operations:"},
      {VIR_DOMAIN_BLOCK_STATS_READ_BYTES, "rd_bytes", "number of bytes read:"},
      {VIR_DOMAIN_BLOCK_STATS_WRITE_REQ, "wr_req", "number of write operations:"},
      {VIR_DOMAIN_BLOCK_STATS_WRITE_BYTES, "wr_bytes", "number of bytes written:"},
      {VIR_DOMAIN_BLOCK_STATS_ERRS, "errs", "error count:"},
      {VIR_DOMAIN_BLOCK_STATS_FLUSH_REQ, nullptr, "number of flush operations:"},
      {VIR_DOMAIN_BLOCK_STATS_READ_TOTAL_TIMES, nullptr, "total duration of reads (ns):"},
      {VIR_DOMAIN_BLOCK_STATS_WRITE_TOTAL_TIMES, nullptr, "total duration of writes (ns):"},
      {VIR_DOMAIN_BLOCK_STATS_FLUSH_TOTAL_TIMES, nullptr, "total duration of flushes (ns):"}};
  int nparams = 0;
  if (virDomainBlockStatsFlags(d->get(), device, nullptr, &nparams, 0) < 0) {
    // The older call, for drivers without the typed one.
    if (virGetLastErrorCode() != VIR_ERR_NO_SUPPORT) return false;
    reset_error();
    virDomainBlockStatsStruct st;
    if (virDomainBlockStats(d->get(), device, &st, sizeof st) == -1) {
      error("Failed to get block stats %s %s", name, device);
      return false;
    }
    if (human) {
      std::printf("Device: %s\n", device);
      device = "";
    }
    const long long v[] = {st.rd_req, st.rd_bytes, st.wr_req, st.wr_bytes, st.errs};
    for (int i = 0; i < 5; i++)
      if (v[i] >= 0)
        std::printf("%s %-*s %lld\n", device, human ? 31 : 0,
                    human ? fields[i].human : fields[i].legacy, v[i]);
    return true;
  }
  std::vector<virTypedParameter> params(static_cast<size_t>(std::max(nparams, 1)));
  if (virDomainBlockStatsFlags(d->get(), device, params.data(), &nparams, 0) < 0) {
    error("Failed to get block stats for domain '%s' device '%s'", name, device);
    return false;
  }
  params.resize(static_cast<size_t>(nparams));
  if (human) {
    std::printf("Device: %s\n", device);
    device = "";
  }
  // The known fields first, in virsh's order, then any others.
  std::vector<bool> done(params.size());
  for (auto &f : fields) {
    for (size_t i = 0; i < params.size(); i++) {
      if (done[i] || std::strcmp(params[i].field, f.field) != 0) continue;
      done[i] = true;
      const char *label = human ? f.human : f.legacy ? f.legacy : f.field;
      std::printf("%s %-*s %s\n", device, human ? 31 : 0, label,
                  typed_param_value(params[i]).c_str());
      break;
    }
  }
  for (size_t i = 0; i < params.size(); i++)
    if (!done[i] && params[i].field[0])
      std::printf("%s %s %s\n", device, params[i].field, typed_param_value(params[i]).c_str());
  virTypedParamsClear(params.data(), nparams);
  return true;
}

bool cmd_domifstat(Shell &sh, const Cmd &c) {
  auto d = sh.domain(c);
  if (!d) return false;
  const char *name = c.get("domain")->c_str();
  const char *device = nullptr;
  if (c.string("interface", device) < 0) return false;
  virDomainInterfaceStatsStruct st;
  if (virDomainInterfaceStats(d->get(), device, &st, sizeof st) == -1) {
    error("Failed to get interface stats %s %s", name, device);
    return false;
  }
  const std::pair<const char *, long long> v[] = {
      {"rx_bytes", st.rx_bytes}, {"rx_packets", st.rx_packets}, {"rx_errs", st.rx_errs},
      {"rx_drop", st.rx_drop},   {"tx_bytes", st.tx_bytes},     {"tx_packets", st.tx_packets},
      {"tx_errs", st.tx_errs},   {"tx_drop", st.tx_drop}};
  for (auto &[k, x] : v)
    if (x >= 0) std::printf("%s %s %lld\n", device, k, x);
  return true;
}

bool cmd_dommemstat(Shell &sh, const Cmd &c) {
  bool config = c.has("config"), live = c.has("live"), current = c.has("current");
  if (!exclusive(c, "current", "live") || !exclusive(c, "current", "config")) return false;
  unsigned flags = VIR_DOMAIN_AFFECT_CURRENT;
  if (config) flags |= VIR_DOMAIN_AFFECT_CONFIG;
  if (live) flags |= VIR_DOMAIN_AFFECT_LIVE;
  auto d = sh.domain(c);
  if (!d) return false;
  const char *name = c.get("domain")->c_str();
  if (!current && !live && !config && virDomainIsActive(d->get()) == 1)
    flags |= VIR_DOMAIN_AFFECT_LIVE;
  int period = -1;
  int rv = c.opt_int("period", period);
  if (rv < 0) return false;
  if (rv > 0) {
    if (period < 0) {
      error("Invalid collection period value '%d'", period);
      return false;
    }
    if (virDomainSetMemoryStatsPeriod(d->get(), period, flags) < 0) {
      error("Unable to change balloon collection period.");
      return false;
    }
    return true;
  }
  virDomainMemoryStatStruct stats[VIR_DOMAIN_MEMORY_STAT_NR];
  int n = virDomainMemoryStats(d->get(), stats, VIR_DOMAIN_MEMORY_STAT_NR, 0);
  if (n == -1) {
    error("Failed to get memory statistics for domain %s", name);
    return false;
  }
  static const std::pair<int, const char *> tags[] = {
      {VIR_DOMAIN_MEMORY_STAT_SWAP_IN, "swap_in"},
      {VIR_DOMAIN_MEMORY_STAT_SWAP_OUT, "swap_out"},
      {VIR_DOMAIN_MEMORY_STAT_MAJOR_FAULT, "major_fault"},
      {VIR_DOMAIN_MEMORY_STAT_MINOR_FAULT, "minor_fault"},
      {VIR_DOMAIN_MEMORY_STAT_UNUSED, "unused"},
      {VIR_DOMAIN_MEMORY_STAT_AVAILABLE, "available"},
      {VIR_DOMAIN_MEMORY_STAT_USABLE, "usable"},
      {VIR_DOMAIN_MEMORY_STAT_ACTUAL_BALLOON, "actual"},
      {VIR_DOMAIN_MEMORY_STAT_RSS, "rss"},
      {VIR_DOMAIN_MEMORY_STAT_LAST_UPDATE, "last_update"},
      {VIR_DOMAIN_MEMORY_STAT_DISK_CACHES, "disk_caches"},
      {VIR_DOMAIN_MEMORY_STAT_HUGETLB_PGALLOC, "hugetlb_pgalloc"},
      {VIR_DOMAIN_MEMORY_STAT_HUGETLB_PGFAIL, "hugetlb_pgfail"}};
  for (int i = 0; i < n; i++)
    for (auto &[tag, label] : tags)
      if (stats[i].tag == tag) std::printf("%s %llu\n", label, stats[i].val);
  return true;
}

bool cmd_domstats(Shell &sh, const Cmd &c) {
  static const std::pair<const char *, unsigned> groups[] = {
      {"state", VIR_DOMAIN_STATS_STATE},
      {"cpu-total", VIR_DOMAIN_STATS_CPU_TOTAL},
      {"balloon", VIR_DOMAIN_STATS_BALLOON},
      {"vcpu", VIR_DOMAIN_STATS_VCPU},
      {"interface", VIR_DOMAIN_STATS_INTERFACE},
      {"block", VIR_DOMAIN_STATS_BLOCK},
      {"perf", VIR_DOMAIN_STATS_PERF},
      {"iothread", VIR_DOMAIN_STATS_IOTHREAD},
      {"memory", VIR_DOMAIN_STATS_MEMORY},
      {"dirtyrate", VIR_DOMAIN_STATS_DIRTYRATE},
      {"vm", VIR_DOMAIN_STATS_VM}};
  static const std::pair<const char *, unsigned> filters[] = {
      {"list-active", VIR_CONNECT_GET_ALL_DOMAINS_STATS_ACTIVE},
      {"list-inactive", VIR_CONNECT_GET_ALL_DOMAINS_STATS_INACTIVE},
      {"list-persistent", VIR_CONNECT_GET_ALL_DOMAINS_STATS_PERSISTENT},
      {"list-transient", VIR_CONNECT_GET_ALL_DOMAINS_STATS_TRANSIENT},
      {"list-running", VIR_CONNECT_GET_ALL_DOMAINS_STATS_RUNNING},
      {"list-paused", VIR_CONNECT_GET_ALL_DOMAINS_STATS_PAUSED},
      {"list-shutoff", VIR_CONNECT_GET_ALL_DOMAINS_STATS_SHUTOFF},
      {"list-other", VIR_CONNECT_GET_ALL_DOMAINS_STATS_OTHER},
      {"enforce", VIR_CONNECT_GET_ALL_DOMAINS_STATS_ENFORCE_STATS},
      {"backing", VIR_CONNECT_GET_ALL_DOMAINS_STATS_BACKING},
      {"nowait", VIR_CONNECT_GET_ALL_DOMAINS_STATS_NOWAIT}};
  unsigned stats = 0, flags = 0;
  for (auto &[o, f] : groups)
    if (c.has(o)) stats |= f;
  for (auto &[o, f] : filters)
    if (c.has(o)) flags |= f;
  virDomainStatsRecordPtr *records = nullptr;
  int rc;
  if (c.has("domain")) {
    DomainList doms;
    for (const std::string &name : c.argv()) {
      virDomainPtr d = lookup_domain(sh, name);
      if (!d) return false;
      doms.doms.push_back(d);
    }
    std::vector<virDomainPtr> ptrs = doms.doms;
    ptrs.push_back(nullptr);
    rc = virDomainListGetStats(ptrs.data(), stats, &records, flags);
  } else {
    rc = virConnectGetAllDomainStats(sh.conn.get(), stats, &records, flags);
  }
  if (rc < 0) return false;
  for (virDomainStatsRecordPtr *r = records; *r; r++) {
    if (r != records) std::printf("\n");
    std::printf("Domain: '%s'\n", virDomainGetName((*r)->dom));
    for (int i = 0; i < (*r)->nparams; i++)
      std::printf("  %s=%s\n", (*r)->params[i].field, typed_param_value((*r)->params[i]).c_str());
  }
  virDomainStatsRecordListFree(records);
  return true;
}

bool cmd_domtime(Shell &sh, const Cmd &c) {
  bool now = c.has("now"), pretty = c.has("pretty"), sync = c.has("sync");
  if (!exclusive(c, "time", "now") || !exclusive(c, "time", "sync") || !exclusive(c, "now", "sync"))
    return false;
  auto d = sh.domain(c);
  if (!d) return false;
  long long seconds = 0;
  unsigned nseconds = 0;
  int rv = c.opt_ll("time", seconds);
  if (rv < 0) return false;
  if (rv > 0 || now || sync) {
    if (now && (seconds = std::time(nullptr)) == -1) {
      error("Unable to get current time");
      return false;
    }
    return virDomainSetTime(d->get(), seconds, nseconds, sync ? VIR_DOMAIN_TIME_SYNC : 0) == 0;
  }
  if (virDomainGetTime(d->get(), &seconds, &nseconds, 0) < 0) return false;
  if (pretty) {
    time_t t = static_cast<time_t>(seconds);
    struct tm tm;
    char b[64];
    gmtime_r(&t, &tm);
    std::strftime(b, sizeof b, "%Y-%m-%d %H:%M:%S", &tm);
    std::printf("Time: %s", b);
  } else {
    std::printf("Time: %lld", seconds);
  }
  return true;
}

bool cmd_domifaddr(Shell &sh, const Cmd &c) {
  const char *iface = nullptr, *src = nullptr;
  if (c.string("interface", iface) < 0 || c.string("source", src) < 0) return false;
  bool full = c.has("full");
  unsigned source = VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_LEASE;
  if (src) {
    static const char *names[] = {"lease", "agent", "arp"};
    auto it = std::find_if(std::begin(names), std::end(names),
                           [&](const char *n) { return std::strcmp(n, src) == 0; });
    if (it == std::end(names)) {
      error("Unknown data source '%s'", src);
      return false;
    }
    source = static_cast<unsigned>(it - std::begin(names));
  }
  auto d = sh.domain(c);
  if (!d) return false;
  virDomainInterfacePtr *ifaces = nullptr;
  int n = virDomainInterfaceAddresses(d->get(), &ifaces, source, 0);
  if (n < 0) {
    error("Failed to query for interfaces addresses");
    return false;
  }
  extra(" %-10s %-20s %-8s     %s\n%s%s\n", "Name", "MAC address", "Protocol", "Address",
        "-------------------------------------------------", "------------------------------");
  for (int i = 0; i < n; i++) {
    virDomainInterfacePtr f = ifaces[i];
    if (iface && std::strcmp(iface, f->name) != 0) continue;
    if (!f->naddrs) {
      std::printf(" %-10s %-17s    %-12s %s\n", f->name, f->hwaddr ? f->hwaddr : "N/A", "N/A",
                  "N/A");
      continue;
    }
    for (unsigned j = 0; j < f->naddrs; j++) {
      const auto &a = f->addrs[j];
      const char *type = a.type == VIR_IP_ADDR_TYPE_IPV4   ? "ipv4"
                         : a.type == VIR_IP_ADDR_TYPE_IPV6 ? "ipv6"
                                                           : "(null)";
      char addr[512];
      std::snprintf(addr, sizeof addr, "%-12s %s/%d", type, a.addr ? a.addr : "(null)", a.prefix);
      if (full || !j)
        std::printf(" %-10s %-17s    %s\n", f->name, f->hwaddr ? f->hwaddr : "", addr);
      else
        std::printf(" %-10s %-17s    %s\n", "-", "-", addr);
    }
  }
  for (int i = 0; i < n; i++) virDomainInterfaceFree(ifaces[i]);
  std::free(ifaces);
  return true;
}

}  // namespace virtkit_sh
