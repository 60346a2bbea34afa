// SPDX-License-Identifier: LGPL-2.1-or-later
// virtkit-sh's Domain Monitoring commands (list, dominfo, domstate, domstats, ...)
// as Debian's virsh 9.0.0 prints them.
#include "sh_xml.h"
#include "util/numbers.h"
#include "virtkit_sh.h"

#include <strings.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <ctime>
#include <cstring>
#include <string>
#include <vector>

namespace virtkit_sh {

namespace {

const char *state_name(int state) {
  static const char *names[] = {"no state",    "running",  "idle",    "paused",
                                "in shutdown", "shut off", "crashed", "pmsuspended"};
  return state >= 0 && state < 8 ? names[state] : "no state";
}

const char *reason_name(int state, int reason) {
  static const std::vector<std::vector<const char *>> reasons = {
      {"unknown"},
      {"unknown", "booted", "migrated", "restored", "from snapshot", "unpaused",
       "migration canceled", "save canceled", "event wakeup", "crashed", "post-copy",
       "post-copy failed"},
      {"unknown"},
      {"unknown", "user", "migrating", "saving", "dumping", "I/O error", "watchdog",
       "from snapshot", "shutting down", "creating snapshot", "crashed", "starting up", "post-copy",
       "post-copy failed"},
      {"unknown", "user"},
      {"unknown", "shutdown", "destroyed", "crashed", "migrated", "saved", "failed",
       "from snapshot", "daemon"},
      {"unknown", "panicked"},
      {"unknown", "unknown"}};
  if (state < 0 || state >= static_cast<int>(reasons.size())) return "unknown";
  auto &r = reasons[static_cast<size_t>(state)];
  return reason >= 0 && reason < static_cast<int>(r.size()) ? r[static_cast<size_t>(reason)]
                                                            : "unknown";
}

// virshDomainState: virDomainGetState, or virDomainGetInfo where that is
// unsupported; -1 after an error.
int domain_state(const virtkit::Domain &dom, int *reason) {
  if (reason) *reason = -1;
  auto st = dom.try_state();
  if (st) {
    if (reason) *reason = st->reason;
    return st->state;
  }
  if (st.error().code() != VIR_ERR_NO_SUPPORT) return -1;
  auto info = dom.try_info();
  return info ? info->state : -1;
}

// virshDomainGetXMLFromDom: the domain's XML, parsed.
bool domain_xml(const virtkit::Domain &dom, unsigned flags, XmlDoc &doc) {
  auto xml = dom.try_xml(flags);
  if (!xml) {
    error("Failed to get domain description xml");
    return false;
  }
  bool ok = doc.parse(xml->c_str());
  if (!ok) error("Failed to parse domain description xml");
  return ok;
}

// virshDomainGetXML: the domain of --domain, then its XML.
bool domain_xml(Shell &sh, const Cmd &c, unsigned flags, XmlDoc &doc) {
  auto d = sh.domain(c);
  return d && domain_xml(*d, flags, doc);
}

// virshGetDomainDescription for the title: the metadata, else the XML's
// <title>; nullopt after an error.
std::optional<std::string> domain_title(const virtkit::Domain &dom) {
  auto t = dom.try_metadata(VIR_DOMAIN_METADATA_TITLE);
  if (t) return std::move(t).value();
  int code = t.error().code();
  if (code == VIR_ERR_NO_DOMAIN_METADATA) {
    reset_error();
    return std::string();
  }
  if (code != VIR_ERR_NO_SUPPORT) return std::nullopt;
  XmlDoc doc;
  if (!domain_xml(dom, 0, doc)) return std::nullopt;
  return doc.string("string(./title[1])").value_or("");
}

// virMacAddrParse and virMacAddrFormat: "" unless S is a MAC address.
std::string normalize_mac(const char *s) {
  unsigned char mac[6];
  for (int i = 0; i < 6; i++) {
    if (!std::isxdigit(static_cast<unsigned char>(*s))) return "";
    char *end;
    errno = 0;
    unsigned long v = std::strtoul(s, &end, 16);
    if (errno || end == s || v > 0xff) return "";
    mac[i] = static_cast<unsigned char>(v);
    s = end;
    if (i < 5) {
      if (*s != ':') return "";
      s++;
    }
  }
  if (*s) return "";
  char buf[18];
  std::snprintf(buf, sizeof buf, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2], mac[3],
                mac[4], mac[5]);
  return buf;
}

// The domains of the list command, with virsh's fallbacks for drivers that
// lack virConnectListAllDomains or some of its filters; nullopt after
// "Failed to list ...".
std::optional<std::vector<virtkit::Domain>> collect_domains(Shell &sh, unsigned flags) {
  using virtkit::Domain;
  std::vector<Domain> out;
  auto all = Domain::try_list_all(sh.conn, flags);
  bool filter = false;
  if (!all && all.error().code() == VIR_ERR_INVALID_ARG) {
    reset_error();
    all = Domain::try_list_all(
        sh.conn, flags & (VIR_CONNECT_LIST_DOMAINS_ACTIVE | VIR_CONNECT_LIST_DOMAINS_INACTIVE));
    if (!all) {
      error("Failed to list domains");
      return std::nullopt;
    }
    filter = true;
  } else if (!all && all.error().code() == VIR_ERR_NO_SUPPORT) {
    reset_error();
    auto match = [&](unsigned f) { return (flags & f) != 0; };
    const unsigned both = VIR_CONNECT_LIST_DOMAINS_ACTIVE | VIR_CONNECT_LIST_DOMAINS_INACTIVE;
    if (!match(both) || match(VIR_CONNECT_LIST_DOMAINS_ACTIVE)) {
      auto ids = sh.conn.try_list_domain_ids();
      if (!ids) {
        error("Failed to list active domains");
        return std::nullopt;
      }
      for (int id : *ids)
        if (auto d = Domain::try_lookup_by_id(sh.conn, id)) out.push_back(std::move(d).value());
    }
    if (!match(both) || match(VIR_CONNECT_LIST_DOMAINS_INACTIVE)) {
      auto names = sh.conn.try_list_defined_domain_names();
      if (!names) {
        error("Failed to list inactive domains");
        return std::nullopt;
      }
      for (auto &n : *names)
        if (auto d = Domain::try_lookup_by_name(sh.conn, n)) out.push_back(std::move(d).value());
    }
    filter = true;
  } else if (!all) {
    error("Failed to list domains");
    return std::nullopt;
  }
  if (all)
    for (auto &d : *all) out.push_back(std::move(d));
  if (filter) {
    // The filters virsh applies itself when the driver could not.
    constexpr unsigned VIR_CONNECT_LIST_DOMAINS_FILTERS_PERSISTENT =
        VIR_CONNECT_LIST_DOMAINS_PERSISTENT | VIR_CONNECT_LIST_DOMAINS_TRANSIENT;
    constexpr unsigned VIR_CONNECT_LIST_DOMAINS_FILTERS_STATE =
        VIR_CONNECT_LIST_DOMAINS_RUNNING | VIR_CONNECT_LIST_DOMAINS_PAUSED |
        VIR_CONNECT_LIST_DOMAINS_SHUTOFF | VIR_CONNECT_LIST_DOMAINS_OTHER;
    constexpr unsigned VIR_CONNECT_LIST_DOMAINS_FILTERS_AUTOSTART =
        VIR_CONNECT_LIST_DOMAINS_AUTOSTART | VIR_CONNECT_LIST_DOMAINS_NO_AUTOSTART;
    constexpr unsigned VIR_CONNECT_LIST_DOMAINS_FILTERS_MANAGEDSAVE =
        VIR_CONNECT_LIST_DOMAINS_MANAGEDSAVE | VIR_CONNECT_LIST_DOMAINS_NO_MANAGEDSAVE;
    constexpr unsigned VIR_CONNECT_LIST_DOMAINS_FILTERS_SNAPSHOT =
        VIR_CONNECT_LIST_DOMAINS_HAS_SNAPSHOT | VIR_CONNECT_LIST_DOMAINS_NO_SNAPSHOT;
    constexpr unsigned VIR_CONNECT_LIST_DOMAINS_FILTERS_CHECKPOINT =
        VIR_CONNECT_LIST_DOMAINS_HAS_CHECKPOINT | VIR_CONNECT_LIST_DOMAINS_NO_CHECKPOINT;
    auto match = [&](unsigned f) { return (flags & f) != 0; };
    auto fail = [&](const char *msg) {
      error("%s", msg);
      return std::nullopt;
    };
    std::vector<Domain> kept;
    for (auto &d : out) {
      bool keep = true;
      if (match(VIR_CONNECT_LIST_DOMAINS_FILTERS_PERSISTENT)) {
        auto p = d.try_is_persistent();
        if (!p) return fail("Failed to get domain persistence info");
        keep = (match(VIR_CONNECT_LIST_DOMAINS_PERSISTENT) && *p) ||
               (match(VIR_CONNECT_LIST_DOMAINS_TRANSIENT) && !*p);
      }
      if (keep && match(VIR_CONNECT_LIST_DOMAINS_FILTERS_STATE)) {
        auto got = d.try_state();
        if (!got) return fail("Failed to get domain state");
        int st = got->state;
        keep = (match(VIR_CONNECT_LIST_DOMAINS_RUNNING) && st == VIR_DOMAIN_RUNNING) ||
               (match(VIR_CONNECT_LIST_DOMAINS_PAUSED) && st == VIR_DOMAIN_PAUSED) ||
               (match(VIR_CONNECT_LIST_DOMAINS_SHUTOFF) && st == VIR_DOMAIN_SHUTOFF) ||
               (match(VIR_CONNECT_LIST_DOMAINS_OTHER) && st != VIR_DOMAIN_RUNNING &&
                st != VIR_DOMAIN_PAUSED && st != VIR_DOMAIN_SHUTOFF);
      }
      if (keep && match(VIR_CONNECT_LIST_DOMAINS_FILTERS_AUTOSTART)) {
        auto a = d.try_autostart();
        if (!a) return fail("Failed to get domain autostart state");
        keep = (match(VIR_CONNECT_LIST_DOMAINS_AUTOSTART) && *a) ||
               (match(VIR_CONNECT_LIST_DOMAINS_NO_AUTOSTART) && !*a);
      }
      if (keep && match(VIR_CONNECT_LIST_DOMAINS_FILTERS_MANAGEDSAVE)) {
        auto m = d.try_has_managed_save_image();
        if (!m) return fail("Failed to check for managed save image");
        keep = (match(VIR_CONNECT_LIST_DOMAINS_MANAGEDSAVE) && *m) ||
               (match(VIR_CONNECT_LIST_DOMAINS_NO_MANAGEDSAVE) && !*m);
      }
      if (keep && match(VIR_CONNECT_LIST_DOMAINS_FILTERS_SNAPSHOT)) {
        auto ns = virtkit::DomainSnapshot::try_count(d);
        if (!ns) return fail("Failed to get snapshot count");
        keep = (match(VIR_CONNECT_LIST_DOMAINS_HAS_SNAPSHOT) && *ns > 0) ||
               (match(VIR_CONNECT_LIST_DOMAINS_NO_SNAPSHOT) && *ns == 0);
      }
      if (keep && match(VIR_CONNECT_LIST_DOMAINS_FILTERS_CHECKPOINT)) {
        auto nc = virtkit::DomainCheckpoint::try_list_all(d);
        if (!nc) return fail("Failed to get checkpoint count");
        keep = (match(VIR_CONNECT_LIST_DOMAINS_HAS_CHECKPOINT) && !nc->empty()) ||
               (match(VIR_CONNECT_LIST_DOMAINS_NO_CHECKPOINT) && nc->empty());
      }
      if (keep) kept.push_back(std::move(d));
    }
    out = std::move(kept);
  }
  // Active domains by ID, then inactive ones by name, ignoring case.
  auto id_of = [](const Domain &d) {
    return d.try_id().value_or(std::nullopt).value_or(static_cast<unsigned>(-1));
  };
  std::sort(out.begin(), out.end(), [&](const Domain &a, const Domain &b) {
    unsigned ia = id_of(a), ib = id_of(b);
    if (ia != ib) return ia < ib;
    return strcasecmp(a.try_name().value_or("").c_str(), b.try_name().value_or("").c_str()) < 0;
  });
  return out;
}

const char *io_error_name(int e) {
  static const char *names[] = {"no error", "unspecified error", "no space"};
  return e >= 0 && e < 3 ? names[e] : "unknown error";
}

}  // namespace

bool cmd_list(Shell &sh, const Cmd &c) {
  bool managed = c.has("managed-save"), title = c.has("title");
  bool table = c.has("table"), uuid = c.has("uuid"), name = c.has("name"), id = c.has("id");
  unsigned flags = VIR_CONNECT_LIST_DOMAINS_ACTIVE;
  if (c.has("inactive") || c.has("state-shutoff")) flags = VIR_CONNECT_LIST_DOMAINS_INACTIVE;
  if (c.has("all")) flags = VIR_CONNECT_LIST_DOMAINS_ACTIVE | VIR_CONNECT_LIST_DOMAINS_INACTIVE;
  static const std::pair<const char *, unsigned> filters[] = {
      {"persistent", VIR_CONNECT_LIST_DOMAINS_PERSISTENT},
      {"transient", VIR_CONNECT_LIST_DOMAINS_TRANSIENT},
      {"with-managed-save", VIR_CONNECT_LIST_DOMAINS_MANAGEDSAVE},
      {"without-managed-save", VIR_CONNECT_LIST_DOMAINS_NO_MANAGEDSAVE},
      {"autostart", VIR_CONNECT_LIST_DOMAINS_AUTOSTART},
      {"no-autostart", VIR_CONNECT_LIST_DOMAINS_NO_AUTOSTART},
      {"with-snapshot", VIR_CONNECT_LIST_DOMAINS_HAS_SNAPSHOT},
      {"without-snapshot", VIR_CONNECT_LIST_DOMAINS_NO_SNAPSHOT},
      {"with-checkpoint", VIR_CONNECT_LIST_DOMAINS_HAS_CHECKPOINT},
      {"without-checkpoint", VIR_CONNECT_LIST_DOMAINS_NO_CHECKPOINT},
      {"state-running", VIR_CONNECT_LIST_DOMAINS_RUNNING},
      {"state-paused", VIR_CONNECT_LIST_DOMAINS_PAUSED},
      {"state-shutoff", VIR_CONNECT_LIST_DOMAINS_SHUTOFF},
      {"state-other", VIR_CONNECT_LIST_DOMAINS_OTHER}};
  for (auto &f : filters)
    if (c.has(f.first)) flags |= f.second;
  if (!exclusive(c, "table", "name") || !exclusive(c, "table", "uuid") ||
      !exclusive(c, "table", "id"))
    return false;
  if (!uuid && !name && !id) table = true;
  auto got = collect_domains(sh, flags);
  if (!got) return false;

  std::optional<Table> t;
  if (table) {
    if (title)
      t.emplace(std::vector<std::string>{"Id", "Name", "State", "Title"});
    else
      t.emplace(std::vector<std::string>{"Id", "Name", "State"});
  }
  for (const virtkit::Domain &d : *got) {
    auto did = d.try_id().value_or(std::nullopt);
    std::string id_buf = did ? std::to_string(*did) : "-";
    std::string dname = d.try_name().value_or("");
    if (table) {
      int st = domain_state(d, nullptr);
      if (st < 0) continue;  // gone meanwhile
      const char *st_name = state_name(st);
      if (managed && st == VIR_DOMAIN_SHUTOFF && d.try_has_managed_save_image().value_or(false))
        st_name = "saved";
      std::vector<std::string> row{id_buf, dname, st_name};
      if (title) {
        auto tt = domain_title(d);
        if (!tt) return false;
        row.push_back(*tt);
      }
      t->add(std::move(row));
      continue;
    }
    std::string line;
    const char *sep = "";
    if (uuid) {
      auto u = d.try_uuid_string();
      if (!u) {
        error("Failed to get domain's UUID");
        return false;
      }
      line += *u;
      sep = " ";
    }
    if (id) {
      // IDs alone: live domains only
      if (!did && !uuid && !name) continue;
      line += sep + id_buf;
      sep = " ";
    }
    if (name) line += sep + dname;
    std::printf("%s\n", line.c_str());
  }
  if (table) t->print();
  return true;
}

bool cmd_dominfo(Shell &sh, const Cmd &c) {
  auto dom = sh.domain(c);
  if (!dom) return false;
  const virtkit::Domain &d = *dom;
  bool ok = true;
  auto id = d.try_id().value_or(std::nullopt);
  if (!id)
    std::printf("%-15s %s\n", "Id:", "-");
  else
    std::printf("%-15s %d\n", "Id:", static_cast<int>(*id));
  std::printf("%-15s %s\n", "Name:", d.try_name().value_or("").c_str());
  if (auto uuid = d.try_uuid_string()) std::printf("%-15s %s\n", "UUID:", uuid->c_str());
  if (auto os = d.try_os_type()) std::printf("%-15s %s\n", "OS Type:", os->c_str());
  if (auto info = d.try_info()) {
    std::printf("%-15s %s\n", "State:", state_name(info->state));
    std::printf("%-15s %d\n", "CPU(s):", info->nrVirtCpu);
    if (info->cpuTime != 0)
      std::printf("%-15s %.1lfs\n", "CPU time:", static_cast<double>(info->cpuTime) / 1e9);
    if (info->maxMem != UINT_MAX)
      std::printf("%-15s %lu KiB\n", "Max memory:", info->maxMem);
    else
      std::printf("%-15s %s\n", "Max memory:", "no limit");
    std::printf("%-15s %lu KiB\n", "Used memory:", info->memory);
  } else {
    ok = false;
  }
  auto persistent = d.try_is_persistent();
  std::printf("%-15s %s\n", "Persistent:", !persistent ? "unknown" : *persistent ? "yes" : "no");
  if (auto autostart = d.try_autostart())
    std::printf("%-15s %s\n", "Autostart:", *autostart ? "enable" : "disable");
  auto managed = d.try_has_managed_save_image();
  std::printf("%-15s %s\n", "Managed save:", !managed ? "unknown" : *managed ? "yes" : "no");
  auto model = sh.conn.try_security_model();
  if (!model) {
    if (model.error().code() != VIR_ERR_NO_SUPPORT) return false;
    reset_error();
  } else if (model->model[0] != '\0') {
    std::printf("%-15s %s\n", "Security model:", model->model);
    std::printf("%-15s %s\n", "Security DOI:", model->doi);
    auto label = d.try_security_label();
    if (!label) return false;
    if (!label->label.empty())
      std::printf("%-15s %s (%s)\n", "Security label:", label->label.c_str(),
                  label->enforcing ? "enforcing" : "permissive");
  }
  if (auto msgs = d.try_messages())
    for (size_t i = 0; i < msgs->size(); i++)
      std::printf("%-15s %s\n", i == 0 ? "Messages:" : "", (*msgs)[i].c_str());
  return ok;
}

bool cmd_domstate(Shell &sh, const Cmd &c) {
  auto d = sh.domain(c);
  if (!d) return false;
  int reason;
  int st = domain_state(*d, &reason);
  if (st < 0) return false;
  if (c.has("reason"))
    std::printf("%s (%s)\n", state_name(st), reason_name(st, reason));
  else
    std::printf("%s\n", state_name(st));
  return true;
}

bool cmd_domblkerror(Shell &sh, const Cmd &c) {
  auto d = sh.domain(c);
  if (!d) return false;
  auto errs = d->try_disk_errors();
  if (!errs) return false;
  if (errs->empty()) std::printf("No errors found\n");
  for (auto &e : *errs) std::printf("%s: %s\n", e.disk.c_str(), io_error_name(e.error));
  return true;
}

namespace {

// cmdDomblkinfoGet: the three sizes as cells; "-" when all are zero.
void blkinfo_cells(const virDomainBlockInfo &info, bool human, std::string cells[3]) {
  const unsigned long long v[3] = {info.capacity, info.allocation, info.physical};
  for (int i = 0; i < 3; i++) {
    char b[64];
    if (!v[0] && !v[1] && !v[2]) {
      cells[i] = "-";
    } else if (!human) {
      cells[i] = std::to_string(v[i]);
    } else {
      const char *unit;
      double x = pretty_capacity(v[i], unit);
      std::snprintf(b, sizeof b, "%.3lf %s", x, unit);
      cells[i] = b;
    }
  }
}

}  // namespace

bool cmd_domblkinfo(Shell &sh, const Cmd &c) {
  if (!exclusive(c, "all", "device")) return false;
  auto d = sh.domain(c);
  if (!d) return false;
  bool all = c.has("all"), human = c.has("human");
  const char *device = nullptr;
  if (!all && c.string_quiet("device", device) <= 0) {
    error("command 'domblkinfo' requires <device> option");
    return false;
  }
  virDomainBlockInfo info;
  std::string cells[3];
  if (!all) {
    auto got = d->try_block_info(device);
    if (!got) return false;
    blkinfo_cells(*got, human, cells);
    std::printf("%-15s %s\n", "Capacity:", cells[0].c_str());
    std::printf("%-15s %s\n", "Allocation:", cells[1].c_str());
    std::printf("%-15s %s\n", "Physical:", cells[2].c_str());
    return true;
  }
  bool active = d->try_is_active().value_or(false);
  XmlDoc doc;
  if (!domain_xml(sh, c, 0, doc)) return false;
  auto disks = doc.nodes("./devices/disk");
  if (!disks) return false;
  Table t({"Target", "Capacity", "Allocation", "Physical"});
  for (xmlNodePtr disk : *disks) {
    auto protocol = doc.string("string(./source/@protocol)", disk);
    auto target = doc.string("string(./target/@dev)", disk);
    std::memset(&info, 0, sizeof info);
    if (doc.boolean("boolean(./source)", disk) == 1) {
      // (every <disk> of a defined domain has a target)
      auto got = d->try_block_info(target.value_or(""));
      if (got) {
        info = *got;
      } else {
        // Network disks of an inactive domain have no sizes to give.
        const virtkit::Error &e = got.error();
        if (!(protocol && !active && e.code() == VIR_ERR_INTERNAL_ERROR &&
              e.domain() == VIR_FROM_STORAGE))
          return false;
        std::memset(&info, 0, sizeof info);
        reset_error();
      }
    }
    blkinfo_cells(info, human, cells);
    t.add({target.value_or(""), cells[0], cells[1], cells[2]});
  }
  t.print();
  return true;
}

bool cmd_domblklist(Shell &sh, const Cmd &c) {
  bool details = c.has("details");
  XmlDoc doc;
  if (!domain_xml(sh, c, c.has("inactive") ? VIR_DOMAIN_XML_INACTIVE : 0, doc)) return false;
  auto disks = doc.nodes("./devices/disk");
  if (!disks) return false;
  std::optional<Table> t;
  if (details)
    t.emplace(std::vector<std::string>{"Type", "Device", "Target", "Source"});
  else
    t.emplace(std::vector<std::string>{"Target", "Source"});
  for (xmlNodePtr disk : *disks) {
    auto type = doc.string("string(./@type)", disk);
    std::optional<std::string> device;
    if (details) {
      device = doc.string("string(./@device)", disk);
      if (!type || !device) {
        std::printf("unable to query block list details");
        return false;
      }
    }
    auto target = doc.string("string(./target/@dev)", disk);
    if (!target) {
      error("unable to query block list");
      return false;
    }
    std::optional<std::string> source;
    if (type == "nvme") {
      auto ns = doc.string("string(./source/@namespace)", disk);
      auto addr = doc.nodes("./source/address", disk);
      unsigned long v[4] = {0, 0, 0, 0};
      bool ok = ns && addr && !addr->empty();
      static const char *attrs[] = {"domain", "bus", "slot", "function"};
      static const unsigned long max[] = {0xFFFF, 0xFF, 0x1F, 7};
      for (int i = 0; ok && i < 4; i++) {
        auto a = XmlDoc::prop(addr->front(), attrs[i]);
        if (!a) continue;
        char *end;
        errno = 0;
        v[i] = std::strtoul(a->c_str(), &end, 0);
        ok = !errno && end != a->c_str() && !*end && v[i] <= max[i];
      }
      if (!ok) {
        error("Unable to query NVMe disk address");
        return false;
      }
      char b[64];
      std::snprintf(b, sizeof b, "nvme://%04lx:%02lx:%02lx.%d/", v[0], v[1], v[2],
                    static_cast<int>(v[3]));
      source = b + *ns;
    } else {
      source = doc.string(
          "string(./source/@file|./source/@dev|./source/@dir|./source/@name|./source/@volume"
          "|./source/@path)",
          disk);
    }
    if (details)
      t->add({*type, *device, *target, source.value_or("-")});
    else
      t->add({*target, source.value_or("-")});
  }
  t->print();
  return true;
}

bool cmd_domiflist(Shell &sh, const Cmd &c) {
  XmlDoc doc;
  if (!domain_xml(sh, c, c.has("inactive") ? VIR_DOMAIN_XML_INACTIVE : 0, doc)) return false;
  auto ifaces = doc.nodes("./devices/interface");
  if (!ifaces) return false;
  Table t({"Interface", "Type", "Source", "Model", "MAC"});
  for (xmlNodePtr i : *ifaces) {
    t.add({doc.string("string(./target/@dev)", i).value_or("-"),
           doc.string("string(./@type)", i).value_or(""),
           doc.string("string(./source/@bridge|./source/@dev|./source/@network|./source/@name"
                      "|./source/@path)",
                      i)
               .value_or("-"),
           doc.string("string(./model/@type)", i).value_or("-"),
           doc.string("string(./mac/@address)", i).value_or("-")});
  }
  t.print();
  return true;
}

bool cmd_domif_getlink(Shell &sh, const Cmd &c) {
  const char *iface = nullptr;
  if (c.string("interface", iface) < 0) return false;
  XmlDoc doc;
  if (!domain_xml(sh, c, c.has("config") ? VIR_DOMAIN_XML_INACTIVE : 0, doc)) return false;
  std::string mac = normalize_mac(iface);
  std::string xpath = "/domain/devices/interface[(mac/@address = '" + mac +
                      "') or                           (target/@dev = '" + iface + "')]";
  auto found = doc.nodes(xpath.c_str());
  if (!found) {
    error("Failed to extract interface information");
    return false;
  }
  if (found->empty()) {
    if (!mac.empty())
      error("Interface (mac: %s) not found.", mac.c_str());
    else
      error("Interface (dev: %s) not found.", iface);
    return false;
  }
  if (found->size() > 1) {
    error("multiple matching interfaces found");
    return false;
  }
  auto state = doc.string("string(./link/@state)", found->front());
  std::printf("%s %s", iface, state ? state->c_str() : "up");
  return true;
}

bool cmd_domcontrol(Shell &sh, const Cmd &c) {
  auto d = sh.domain(c);
  if (!d) return false;
  auto got = d->try_control_info();
  if (!got) return false;
  const virtkit::DomainControlInfo &info = *got;
  static const char *states[] = {"ok", "background job", "occupied", "error"};
  static const char *reasons[] = {"", "unknown", "monitor failure", "internal (locking) error"};
  const char *st = info.state < 4 ? states[info.state] : "unknown";
  if (info.state != VIR_DOMAIN_CONTROL_OK && info.state != VIR_DOMAIN_CONTROL_ERROR)
    std::printf("%s (%0.3fs)\n", st, static_cast<double>(info.state_time.count()) / 1000.0);
  else if (info.state == VIR_DOMAIN_CONTROL_ERROR && info.details > 0)
    std::printf("%s: %s\n", st, info.details < 4 ? reasons[info.details] : "unknown");
  else
    std::printf("%s\n", st);
  return true;
}

}  // namespace virtkit_sh
