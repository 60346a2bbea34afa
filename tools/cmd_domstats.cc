// SPDX-License-Identifier: LGPL-2.1-or-later
// virsh's statistics commands: domblkstat, domifstat, dommemstat, domstats,
// and domtime and domifaddr.
#include <strings.h>
#include <cerrno>
#include <chrono>
#include <climits>
#include <cstdio>
#include <ctime>
#include <cstring>
#include <string>
#include <vector>

#include "cmd_domain_util.h"
#include "sh_xml.h"
#include "util/numbers.h"
#include "virtkit_sh.h"

namespace virtkit_sh {

namespace {

// virshLookupDomainBy for a name given as data: by ID, UUID, then name.
std::optional<virtkit::Domain> lookup_domain(Shell &sh, const std::string &name) {
  using virtkit::Domain;
  virtkit::Expected<Domain> d = Domain();
  int id;
  bool found = false;
  if (virtkit::util::str_to_i(name.c_str(), 10, id) && id >= 0)
    found = (d = Domain::try_lookup_by_id(sh.conn, id)).has_value();
  if (!found && name.size() == VIR_UUID_STRING_BUFLEN - 1)
    found = (d = Domain::try_lookup_by_uuid_string(sh.conn, name)).has_value();
  if (!found) found = (d = Domain::try_lookup_by_name(sh.conn, name)).has_value();
  reset_error();
  if (!found) {
    error("failed to get domain '%s'", name.c_str());
    return std::nullopt;
  }
  return std::move(d).value();
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
  // C: virsh falls back after the count only, and reports after the fill
  if (virDomainBlockStatsFlags(d->get(), device, nullptr, &nparams, 0) < 0) {
    // The older call, for drivers without the typed one.
    if (virGetLastErrorCode() != VIR_ERR_NO_SUPPORT) return false;
    reset_error();
    auto got = d->try_block_stats(device);
    if (!got) {
      error("Failed to get block stats %s %s", name, device);
      return false;
    }
    const virDomainBlockStatsStruct &st = *got;
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
  // C: the fill of the count above
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
  auto got = d->try_interface_stats(device);
  if (!got) {
    error("Failed to get interface stats %s %s", name, device);
    return false;
  }
  const virDomainInterfaceStatsStruct &st = *got;
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
  if (!current && !live && !config && d->try_is_active().value_or(false))
    flags |= VIR_DOMAIN_AFFECT_LIVE;
  int period = -1;
  int rv = c.opt_int("period", period);
  if (rv < 0) return false;
  if (rv > 0) {
    if (period < 0) {
      error("Invalid collection period value '%d'", period);
      return false;
    }
    if (!d->try_set_memory_stats_period(period, flags)) {
      error("Unable to change balloon collection period.");
      return false;
    }
    return true;
  }
  auto stats = d->try_memory_stats(0);
  if (!stats) {
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
  for (const auto &st : *stats)
    for (auto &[tag, label] : tags)
      if (st.tag == tag) std::printf("%s %llu\n", label, st.val);
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
  virtkit::Expected<std::vector<virtkit::DomainStatsRecord>> records =
      std::vector<virtkit::DomainStatsRecord>();
  if (c.has("domain")) {
    std::vector<virtkit::Domain> doms;
    for (const std::string &name : c.argv()) {
      auto d = lookup_domain(sh, name);
      if (!d) return false;
      doms.push_back(std::move(*d));
    }
    records = virtkit::Domain::try_list_stats(doms, stats, flags);
  } else {
    records = virtkit::Domain::try_all_stats(sh.conn, stats, flags);
  }
  if (!records) return false;
  bool first = true;
  for (const auto &r : *records) {
    if (!first) std::printf("\n");
    first = false;
    std::printf("Domain: '%s'\n", r.domain.name().c_str());
    auto ps = dom::c_params(r.params);
    for (int i = 0; i < ps.size(); i++)
      std::printf("  %s=%s\n", ps.data()[i].field, typed_param_value(ps.data()[i]).c_str());
  }
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
    // C: any seconds virsh takes, beyond what a std::chrono time_point holds
    return virDomainSetTime(d->get(), seconds, nseconds, sync ? VIR_DOMAIN_TIME_SYNC : 0) == 0;
  }
  auto t = d->try_time(0);
  if (!t) return false;
  seconds = std::chrono::floor<std::chrono::seconds>(t->time_since_epoch()).count();
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
  auto ifaces = d->try_interface_addresses(source, 0);
  if (!ifaces) {
    error("Failed to query for interfaces addresses");
    return false;
  }
  extra(" %-10s %-20s %-8s     %s\n%s%s\n", "Name", "MAC address", "Protocol", "Address",
        "-------------------------------------------------", "------------------------------");
  for (const auto &f : *ifaces) {
    if (iface && f.name != iface) continue;
    if (f.addrs.empty()) {
      std::printf(" %-10s %-17s    %-12s %s\n", f.name.c_str(),
                  f.hwaddr ? f.hwaddr->c_str() : "N/A", "N/A", "N/A");
      continue;
    }
    for (size_t j = 0; j < f.addrs.size(); j++) {
      const auto &a = f.addrs[j];
      const char *type = a.type == VIR_IP_ADDR_TYPE_IPV4   ? "ipv4"
                         : a.type == VIR_IP_ADDR_TYPE_IPV6 ? "ipv6"
                                                           : "(null)";
      char addr[512];
      std::snprintf(addr, sizeof addr, "%-12s %s/%d", type, a.addr.c_str(),
                    static_cast<int>(a.prefix));
      if (full || !j)
        std::printf(" %-10s %-17s    %s\n", f.name.c_str(), f.hwaddr.value_or("").c_str(), addr);
      else
        std::printf(" %-10s %-17s    %s\n", "-", "-", addr);
    }
  }
  return true;
}

}  // namespace virtkit_sh
