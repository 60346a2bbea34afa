// SPDX-License-Identifier: LGPL-2.1-or-later
// virtkit-sh: a virsh-compatible command line over virtkit's C++ API.
// Options, parsing, output, errors and exit codes follow Debian's virsh 9.0.0
// for the commands it knows; tests/cli/compare.py diffs the two.
#include <virtkit/virtkit.hpp>

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cctype>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace {

void error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void error(const char *fmt, ...) {
  std::fflush(stdout);
  std::fputs("error: ", stderr);
  va_list ap;
  va_start(ap, fmt);
  std::vfprintf(stderr, fmt, ap);
  va_end(ap);
  std::fputc('\n', stderr);
}

// The libvirt error of a failed call, as virsh reports it after a command.
void report(const virtkit::Error &e) {
  error("%s", e.code() == VIR_ERR_OK || !e.message() ? "unknown error" : e.message()->c_str());
}

// Errors are read from the C++ API's results; nothing is printed by libvirt.
void quiet(void *, virErrorPtr) {}

bool g_quiet = false;  // -q: no informational messages, no blank lines

// virsh's vshPrintExtra: informational output that -q suppresses.
void extra(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void extra(const char *fmt, ...) {
  if (g_quiet) return;
  va_list ap;
  va_start(ap, fmt);
  std::vprintf(fmt, ap);
  va_end(ap);
}

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

// ---- command definitions (virsh's option names, types and requirements) ----

enum class OptType { Bool, Data, String, Int, Alias };

struct OptDef {
  const char *name;
  OptType type;
  bool required = false;
  bool positional = true;  // false: VSH_OFLAG_REQ_OPT, given only as --name value
  const char *alias = nullptr;
};

struct Cmd;
class Shell;
using Handler = bool (Shell::*)(const Cmd &);

struct CmdDef {
  const char *name;
  std::vector<OptDef> opts;
  Handler run;
};

struct Cmd {
  const CmdDef *def;
  std::map<std::string, std::string> opts;
  bool has(const std::string &o) const { return opts.count(o) != 0; }
  const std::string *get(const std::string &o) const {
    auto it = opts.find(o);
    return it == opts.end() ? nullptr : &it->second;
  }
};

const OptDef kDomain{"domain", OptType::Data, true};

const std::vector<CmdDef> &commands();

// ---- the shell ----

class Shell {
 public:
  std::string uri;
  bool readonly = false;
  virtkit::Connection conn;

  bool connect() {
    if (conn) return true;
    auto c = readonly ? virtkit::Connection::try_open_read_only(uri) : open_auth();
    if (!c) {
      error("failed to connect to the hypervisor");
      report(c.error());
      return false;
    }
    conn = std::move(c).value();
    return true;
  }

  bool run(const Cmd &c) {
    if (!connect()) return false;
    return (this->*c.def->run)(c);
  }

  bool list(const Cmd &c);
  bool dominfo(const Cmd &c);
  bool domstate(const Cmd &c);
  bool domid(const Cmd &c);
  bool domname(const Cmd &c);
  bool domuuid(const Cmd &c);
  bool dumpxml(const Cmd &c);
  bool define(const Cmd &c);
  bool undefine(const Cmd &c);
  bool start(const Cmd &c);
  bool destroy(const Cmd &c);
  bool suspend(const Cmd &c);
  bool resume(const Cmd &c);
  bool shutdown(const Cmd &c);
  bool reboot(const Cmd &c);
  bool setmem(const Cmd &c);
  bool nodeinfo(const Cmd &c);
  bool cmd_uri(const Cmd &c);
  bool version(const Cmd &c);
  bool hostname(const Cmd &c);
  bool quit(const Cmd &) { return true; }

 private:
  virtkit::Expected<virtkit::Connection> open_auth() {
    virConnectPtr c =
        virConnectOpenAuth(uri.empty() ? nullptr : uri.c_str(), virConnectAuthPtrDefault, 0);
    if (!c) return virtkit::Error::last();
    return virtkit::Connection(c);
  }

  // virsh's lookup: by ID, then UUID, then name; lookup errors are replaced by
  // "failed to get domain".
  std::optional<virtkit::Domain> domain(const Cmd &c, bool by_name = true, bool by_id = true) {
    const std::string &n = *c.get("domain");
    std::optional<virtkit::Domain> d;
    char *end = nullptr;
    errno = 0;
    long id = std::strtol(n.c_str(), &end, 10);
    bool digits = !n.empty() && std::all_of(n.begin(), n.end(), [](char ch) {
      return std::isdigit(static_cast<unsigned char>(ch)) != 0;
    });
    if (by_id && digits && *end == '\0' && errno == 0 && id >= 0 && id <= 0x7fffffff)
      if (auto r = conn.try_lookup_domain_by_id(static_cast<int>(id))) d = std::move(*r);
    if (!d && n.size() == VIR_UUID_STRING_BUFLEN - 1)
      if (auto r = conn.try_lookup_domain_by_uuid_string(n)) d = std::move(*r);
    if (!d && by_name)
      if (auto r = conn.try_lookup_domain_by_name(n)) d = std::move(*r);
    virResetLastError();
    if (!d) error("failed to get domain '%s'", n.c_str());
    return d;
  }

  // A lifecycle call: "Domain 'NAME' DONE" or "Failed to FAILED domain 'NAME'".
  bool act(const Cmd &c, virtkit::Expected<void> (virtkit::Domain::*call)() const, const char *done,
           const char *failed) {
    auto d = domain(c);
    if (!d) return false;
    const std::string &name = *c.get("domain");  // as given, like virsh
    auto r = ((*d).*call)();
    if (!r) {
      error("Failed to %s domain '%s'", failed, name.c_str());
      report(r.error());
      return false;
    }
    extra("Domain '%s' %s\n", name.c_str(), done);
    return true;
  }
};

bool Shell::list(const Cmd &c) {
  bool table = c.has("table"), uuid = c.has("uuid"), name = c.has("name"), id = c.has("id");
  for (const char *o : {"name", "uuid", "id"})
    if (table && c.has(o)) {
      error("Options --table and --%s are mutually exclusive", o);
      return false;
    }
  if (!uuid && !name && !id) table = true;
  unsigned flags = VIR_CONNECT_LIST_DOMAINS_ACTIVE;
  if (c.has("inactive")) flags = VIR_CONNECT_LIST_DOMAINS_INACTIVE;
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
  auto r = conn.try_list_all_domains(flags);
  if (!r) {
    error("Failed to list domains");
    report(r.error());
    return false;
  }
  auto &doms = *r;
  // Active domains by ID first, then inactive ones by name.
  auto key = [](const virtkit::Domain &d) {
    return static_cast<unsigned>(virDomainGetID(d.get()));
  };
  std::sort(doms.begin(), doms.end(), [&](const virtkit::Domain &a, const virtkit::Domain &b) {
    if (key(a) != key(b)) return key(a) < key(b);
    return std::strcmp(virDomainGetName(a.get()), virDomainGetName(b.get())) < 0;
  });
  if (!table) {
    for (auto &d : doms) {
      auto did = d.id();
      std::string id_buf = did ? std::to_string(*did) : "-";
      const char *sep = "";
      std::string line;
      if (uuid) {
        line += d.uuid_string();
        sep = " ";
      }
      if (id) {
        if (!did && !uuid && !name) continue;
        line += sep + id_buf;
        sep = " ";
      }
      if (name) line += sep + d.name();
      std::printf("%s\n", line.c_str());
    }
    return true;
  }
  // -q drops the header, and the columns are sized by the rows alone.
  std::vector<std::vector<std::string>> rows;
  if (!g_quiet) rows.push_back({"Id", "Name", "State"});
  for (auto &d : doms) {
    auto did = d.id();
    auto st = d.try_state();
    rows.push_back(
        {did ? std::to_string(*did) : "-", d.name(), st ? state_name(st->state) : "no state"});
  }
  size_t w[3] = {0, 0, 0};
  for (auto &row : rows)
    for (size_t j = 0; j < 3; j++) w[j] = std::max(w[j], row[j].size());
  auto print_row = [&](const std::vector<std::string> &row) {
    std::string line;
    for (size_t j = 0; j < 3; j++) {
      line += " " + row[j];
      if (j < 2) line += std::string(w[j] - row[j].size() + 2, ' ');
    }
    std::printf("%s\n", line.c_str());
  };
  for (size_t i = 0; i < rows.size(); i++) {
    print_row(rows[i]);
    if (i == 0 && !g_quiet) std::printf("%s\n", std::string(w[0] + w[1] + w[2] + 9, '-').c_str());
  }
  return true;
}

bool Shell::dominfo(const Cmd &c) {
  auto d = domain(c);
  if (!d) return false;
  bool ok = true;
  auto id = d->id();
  if (!id)
    std::printf("%-15s %s\n", "Id:", "-");
  else
    std::printf("%-15s %u\n", "Id:", *id);
  std::printf("%-15s %s\n", "Name:", d->name().c_str());
  if (auto u = d->try_uuid_string()) std::printf("%-15s %s\n", "UUID:", u->c_str());
  if (auto os = d->try_os_type()) std::printf("%-15s %s\n", "OS Type:", os->c_str());
  if (auto r = d->try_info()) {
    const virDomainInfo &info = *r;
    std::printf("%-15s %s\n", "State:", state_name(info.state));
    std::printf("%-15s %d\n", "CPU(s):", info.nrVirtCpu);
    if (info.cpuTime != 0) std::printf("%-15s %.1lfs\n", "CPU time:", info.cpuTime / 1e9);
    if (info.maxMem != static_cast<unsigned long>(-1) && info.maxMem != 0xffffffffUL)
      std::printf("%-15s %lu KiB\n", "Max memory:", info.maxMem);
    else
      std::printf("%-15s %s\n", "Max memory:", "no limit");
    std::printf("%-15s %lu KiB\n", "Used memory:", info.memory);
  } else {
    ok = false;
  }
  auto persistent = d->try_is_persistent();
  std::printf("%-15s %s\n", "Persistent:", !persistent ? "unknown" : *persistent ? "yes" : "no");
  if (auto a = d->try_autostart())
    std::printf("%-15s %s\n", "Autostart:", *a ? "enable" : "disable");
  int managed = virDomainHasManagedSaveImage(d->get(), 0);
  std::printf("%-15s %s\n", "Managed save:", managed < 0 ? "unknown" : managed ? "yes" : "no");
  virSecurityModel model;
  std::memset(&model, 0, sizeof model);
  if (virNodeGetSecurityModel(conn.get(), &model) == -1) {
    auto e = virtkit::Error::last();
    if (e.code() != VIR_ERR_NO_SUPPORT) {
      report(e);
      return false;
    }
    virResetLastError();
  } else if (model.model[0] != '\0') {
    std::printf("%-15s %s\n", "Security model:", model.model);
    std::printf("%-15s %s\n", "Security DOI:", model.doi);
    virSecurityLabel label;
    std::memset(&label, 0, sizeof label);
    if (virDomainGetSecurityLabel(d->get(), &label) == -1) {
      report(virtkit::Error::last());
      return false;
    }
    if (label.label[0] != '\0')
      std::printf("%-15s %s (%s)\n", "Security label:", label.label,
                  label.enforcing ? "enforcing" : "permissive");
  }
  if (!ok) report(virtkit::Error::last());
  return ok;
}

bool Shell::domstate(const Cmd &c) {
  auto d = domain(c);
  if (!d) return false;
  auto st = d->try_state();
  if (!st) {
    report(st.error());
    return false;
  }
  if (c.has("reason"))
    std::printf("%s (%s)\n", state_name(st->state), reason_name(st->state, st->reason));
  else
    std::printf("%s\n", state_name(st->state));
  return true;
}

bool Shell::domid(const Cmd &c) {
  auto d = domain(c);
  if (!d) return false;
  auto id = d->id();
  if (!id)
    std::printf("-\n");
  else
    std::printf("%u\n", *id);
  return true;
}

bool Shell::domname(const Cmd &c) {
  auto d = domain(c, false);
  if (!d) return false;
  std::printf("%s\n", d->name().c_str());
  return true;
}

bool Shell::domuuid(const Cmd &c) {
  auto d = domain(c);
  if (!d) return false;
  auto u = d->try_uuid_string();
  if (!u) {
    error("failed to get domain UUID");
    return true;
  }
  std::printf("%s\n", u->c_str());
  return true;
}

bool Shell::dumpxml(const Cmd &c) {
  if (c.has("xpath") || c.has("wrap")) {
    error("command 'dumpxml': --xpath and --wrap are not supported by virtkit-sh");
    return false;
  }
  auto d = domain(c);
  if (!d) return false;
  unsigned flags = 0;
  if (c.has("inactive")) flags |= VIR_DOMAIN_XML_INACTIVE;
  if (c.has("security-info")) flags |= VIR_DOMAIN_XML_SECURE;
  if (c.has("update-cpu")) flags |= VIR_DOMAIN_XML_UPDATE_CPU;
  if (c.has("migratable")) flags |= VIR_DOMAIN_XML_MIGRATABLE;
  auto x = d->try_xml(flags);
  if (!x) {
    report(x.error());
    return false;
  }
  std::printf("%s", x->c_str());
  return true;
}

bool Shell::define(const Cmd &c) {
  const std::string &file = *c.get("file");
  std::ifstream in(file);
  if (!in) {
    error("Failed to open file '%s': %s", file.c_str(), std::strerror(errno));
    return false;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  auto d = conn.try_define_xml(ss.str(), c.has("validate") ? VIR_DOMAIN_DEFINE_VALIDATE : 0);
  if (!d) {
    error("Failed to define domain from %s", file.c_str());
    report(d.error());
    return false;
  }
  extra("Domain '%s' defined from %s\n", d->name().c_str(), file.c_str());
  return true;
}

bool Shell::undefine(const Cmd &c) {
  auto d = domain(c);
  if (!d) return false;
  std::string name = *c.get("domain");
  auto r = d->try_is_active();
  if (!r) {
    report(r.error());
    return false;
  }
  unsigned flags = 0;
  if (c.has("nvram")) flags |= VIR_DOMAIN_UNDEFINE_NVRAM;
  if (c.has("keep-nvram")) flags |= VIR_DOMAIN_UNDEFINE_KEEP_NVRAM;
  if (c.has("tpm")) flags |= VIR_DOMAIN_UNDEFINE_TPM;
  if (c.has("keep-tpm")) flags |= VIR_DOMAIN_UNDEFINE_KEEP_TPM;
  // virsh tries virDomainUndefineFlags first and names it in errors.
  if (virDomainUndefineFlags(d->get(), flags) < 0) {
    auto e = virtkit::Error::last();
    error("Failed to undefine domain '%s'", name.c_str());
    report(e);
    return false;
  }
  extra("Domain '%s' has been undefined\n", name.c_str());
  return true;
}

bool Shell::start(const Cmd &c) {
  auto d = domain(c, true, false);
  if (!d) return false;
  if (d->id()) {
    error("Domain is already active");
    return false;
  }
  unsigned flags = 0;
  if (c.has("paused")) flags |= VIR_DOMAIN_START_PAUSED;
  if (c.has("autodestroy")) flags |= VIR_DOMAIN_START_AUTODESTROY;
  if (c.has("bypass-cache")) flags |= VIR_DOMAIN_START_BYPASS_CACHE;
  if (c.has("force-boot")) flags |= VIR_DOMAIN_START_FORCE_BOOT;
  if (c.has("reset-nvram")) flags |= VIR_DOMAIN_START_RESET_NVRAM;
  std::string name = d->name();
  auto r = d->try_create(flags);
  if (!r) {
    error("Failed to start domain '%s'", name.c_str());
    report(r.error());
    return false;
  }
  extra("Domain '%s' started\n", name.c_str());
  return true;
}

bool Shell::destroy(const Cmd &c) {
  return act(c, &virtkit::Domain::try_destroy, "destroyed", "destroy");
}
bool Shell::suspend(const Cmd &c) {
  return act(c, &virtkit::Domain::try_suspend, "suspended", "suspend");
}
bool Shell::resume(const Cmd &c) {
  return act(c, &virtkit::Domain::try_resume, "resumed", "resume");
}
// virsh's --mode list for shutdown and reboot; false after printing the error.
bool parse_modes(const Cmd &c, bool reboot, unsigned &flags) {
  const std::string *mode = c.get("mode");
  flags = 0;
  if (!mode) return true;
  if (mode->empty()) {
    error("Failed to get option 'mode': Option argument is empty");
    return false;
  }
  // The shutdown and reboot flags have the same values.
  static const std::pair<const char *, unsigned> modes[] = {
      {"acpi", VIR_DOMAIN_SHUTDOWN_ACPI_POWER_BTN},
      {"agent", VIR_DOMAIN_SHUTDOWN_GUEST_AGENT},
      {"initctl", VIR_DOMAIN_SHUTDOWN_INITCTL},
      {"signal", VIR_DOMAIN_SHUTDOWN_SIGNAL},
      {"paravirt", VIR_DOMAIN_SHUTDOWN_PARAVIRT}};
  std::stringstream ss(*mode);
  for (std::string m; std::getline(ss, m, ',');) {
    auto it = std::find_if(std::begin(modes), std::end(modes),
                           [&](const auto &x) { return m == x.first; });
    if (it == std::end(modes)) {
      error(reboot ? "Unknown mode %s value, expecting 'acpi', 'agent', 'initctl', 'signal' or "
                     "'paravirt'"
                   : "Unknown mode %s value, expecting 'acpi', 'agent', 'initctl', 'signal', "
                     "or 'paravirt'",
            m.c_str());
      return false;
    }
    flags |= it->second;
  }
  return true;
}

bool Shell::shutdown(const Cmd &c) {
  unsigned flags = 0;
  if (!parse_modes(c, false, flags)) return false;
  auto d = domain(c);
  if (!d) return false;
  const std::string &name = *c.get("domain");
  int rc = flags ? virDomainShutdownFlags(d->get(), flags) : virDomainShutdown(d->get());
  if (rc != 0) {
    auto e = virtkit::Error::last();
    error("Failed to shutdown domain '%s'", name.c_str());
    report(e);
    return false;
  }
  extra("Domain '%s' is being shutdown\n", name.c_str());
  return true;
}

bool Shell::reboot(const Cmd &c) {
  unsigned flags = 0;
  if (!parse_modes(c, true, flags)) return false;
  auto d = domain(c);
  if (!d) return false;
  const std::string &name = *c.get("domain");
  auto r = d->try_reboot(flags);
  if (!r) {
    error("Failed to reboot domain '%s'", name.c_str());
    report(r.error());
    return false;
  }
  extra("Domain '%s' is being rebooted\n", name.c_str());
  return true;
}

// virsh's scaled integer: a number with an optional unit suffix, in KiB by default.
bool parse_scaled(const std::string &s, unsigned long long &out, std::string &bad_suffix) {
  if (s.empty() || s[0] == '-' || !std::isdigit(static_cast<unsigned char>(s[0]))) return false;
  char *end = nullptr;
  errno = 0;
  unsigned long long v = std::strtoull(s.c_str(), &end, 10);
  if (errno) return false;
  std::string unit(end);
  unsigned long long scale = 1024;
  if (!unit.empty()) {
    char u = static_cast<char>(std::tolower(static_cast<unsigned char>(unit[0])));
    std::string rest = unit.substr(1);
    bool si = rest == "B" || rest == "b";
    if (u == 'b' && rest.empty())
      scale = 1;
    else {
      const std::string units = "kmgtpe";
      auto p = units.find(u);
      if (p == std::string::npos || (!rest.empty() && !si && rest != "iB" && rest != "ib")) {
        bad_suffix = unit;
        return false;
      }
      if (rest == "iB" || rest == "ib" || rest.empty()) si = false;
      unsigned long long base = si ? 1000 : 1024;
      scale = 1;
      for (size_t i = 0; i <= p; i++) scale *= base;
    }
  }
  if (v > ~0ULL / scale) return false;
  out = v * scale;
  return true;
}

bool Shell::setmem(const Cmd &c) {
  bool config = c.has("config"), live = c.has("live"), current = c.has("current");
  if (current && (config || live)) {
    error("Options --current and --%s are mutually exclusive", config ? "config" : "live");
    return false;
  }
  unsigned flags = 0;
  if (config) flags |= VIR_DOMAIN_AFFECT_CONFIG;
  if (live) flags |= VIR_DOMAIN_AFFECT_LIVE;
  auto d = domain(c);
  if (!d) return false;
  const std::string &size = *c.get("size");
  unsigned long long bytes = 0;
  std::string bad_suffix;
  if (!parse_scaled(size, bytes, bad_suffix)) {
    error("Scaled numeric value '%s' for <size> option is malformed or out of range", size.c_str());
    // libvirt's own error from scaling, which virsh reports after the command
    if (!bad_suffix.empty()) error("invalid argument: unknown suffix '%s'", bad_suffix.c_str());
    return false;
  }
  unsigned long long kib = bytes / 1024 + (bytes % 1024 ? 1 : 0);
  if (kib > static_cast<unsigned long>(-1)) {
    error("Scaled numeric value '%s' for <size> option is malformed or out of range", size.c_str());
    return false;
  }
  auto r = d->try_set_memory(static_cast<unsigned long>(kib), flags);
  if (!r) {
    report(r.error());
    return false;
  }
  return true;
}

bool Shell::nodeinfo(const Cmd &) {
  auto r = conn.try_node_info();
  if (!r) {
    error("failed to get node information");
    report(r.error());
    return false;
  }
  const virNodeInfo &info = *r;
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

bool Shell::cmd_uri(const Cmd &) {
  auto u = conn.try_uri();
  if (!u) {
    error("failed to get URI");
    report(u.error());
    return false;
  }
  std::printf("%s\n", u->c_str());
  return true;
}

bool Shell::hostname(const Cmd &) {
  auto h = conn.try_hostname();
  if (!h) {
    error("failed to get hostname");
    report(h.error());
    return false;
  }
  std::printf("%s\n", h->c_str());
  return true;
}

std::string ver(unsigned long v) {
  return std::to_string(v / 1000000) + "." + std::to_string(v / 1000 % 1000) + "." +
         std::to_string(v % 1000);
}

bool Shell::version(const Cmd &c) {
  unsigned long lib = 0, api = 0;
  virGetVersion(&lib, "TEST", &api);
  std::printf("Compiled against library: libvirt %s\n", ver(LIBVIR_VERSION_NUMBER).c_str());
  std::printf("Using library: libvirt %s\n", ver(lib).c_str());
  auto type = conn.try_type();
  if (!type) {
    error("failed to get hypervisor type");
    report(type.error());
    return false;
  }
  std::printf("Using API: %s %s\n", type->c_str(), ver(api).c_str());
  auto hv = conn.try_version();
  if (!hv) {
    error("failed to get the hypervisor version");
    report(hv.error());
    return false;
  }
  if (*hv == 0)
    std::printf("Cannot extract running %s hypervisor version\n", type->c_str());
  else
    std::printf("Running hypervisor: %s %s\n", type->c_str(), ver(*hv).c_str());
  if (c.has("daemon")) {
    auto dv = conn.try_lib_version();
    if (!dv) {
      error("failed to get the daemon version");
      report(dv.error());
    } else {
      std::printf("Running against daemon: %s\n", ver(*dv).c_str());
    }
  }
  return true;
}

const std::vector<CmdDef> &commands() {
  static const std::vector<CmdDef> defs = {
      {"list",
       {{"inactive", OptType::Bool},
        {"all", OptType::Bool},
        {"transient", OptType::Bool},
        {"persistent", OptType::Bool},
        {"with-snapshot", OptType::Bool},
        {"without-snapshot", OptType::Bool},
        {"with-checkpoint", OptType::Bool},
        {"without-checkpoint", OptType::Bool},
        {"state-running", OptType::Bool},
        {"state-paused", OptType::Bool},
        {"state-shutoff", OptType::Bool},
        {"state-other", OptType::Bool},
        {"autostart", OptType::Bool},
        {"no-autostart", OptType::Bool},
        {"with-managed-save", OptType::Bool},
        {"without-managed-save", OptType::Bool},
        {"uuid", OptType::Bool},
        {"name", OptType::Bool},
        {"id", OptType::Bool},
        {"table", OptType::Bool}},
       &Shell::list},
      {"dominfo", {kDomain}, &Shell::dominfo},
      {"domstate", {kDomain, {"reason", OptType::Bool}}, &Shell::domstate},
      {"domid", {kDomain}, &Shell::domid},
      {"domname", {kDomain}, &Shell::domname},
      {"domuuid", {kDomain}, &Shell::domuuid},
      {"dumpxml",
       {kDomain,
        {"inactive", OptType::Bool},
        {"security-info", OptType::Bool},
        {"update-cpu", OptType::Bool},
        {"migratable", OptType::Bool},
        {"xpath", OptType::String, false, false},
        {"wrap", OptType::Bool}},
       &Shell::dumpxml},
      {"define", {{"file", OptType::Data, true}, {"validate", OptType::Bool}}, &Shell::define},
      {"undefine",
       {kDomain,
        {"nvram", OptType::Bool},
        {"keep-nvram", OptType::Bool},
        {"tpm", OptType::Bool},
        {"keep-tpm", OptType::Bool}},
       &Shell::undefine},
      {"start",
       {kDomain,
        {"paused", OptType::Bool},
        {"autodestroy", OptType::Bool},
        {"bypass-cache", OptType::Bool},
        {"force-boot", OptType::Bool},
        {"reset-nvram", OptType::Bool}},
       &Shell::start},
      {"destroy", {kDomain}, &Shell::destroy},
      {"suspend", {kDomain}, &Shell::suspend},
      {"resume", {kDomain}, &Shell::resume},
      {"shutdown", {kDomain, {"mode", OptType::String}}, &Shell::shutdown},
      {"reboot", {kDomain, {"mode", OptType::String}}, &Shell::reboot},
      {"setmem",
       {kDomain,
        {"kilobytes", OptType::Alias, false, true, "size"},
        {"size", OptType::Int, true},
        {"config", OptType::Bool},
        {"live", OptType::Bool},
        {"current", OptType::Bool}},
       &Shell::setmem},
      {"nodeinfo", {}, &Shell::nodeinfo},
      {"uri", {}, &Shell::cmd_uri},
      {"version", {{"daemon", OptType::Bool}}, &Shell::version},
      {"hostname", {}, &Shell::hostname},
      {"quit", {}, &Shell::quit},
      {"exit", {}, &Shell::quit},
  };
  return defs;
}

// ---- parsing, as virsh's vshCommandParse ----

// Parses one command's tokens into cmd; false (after printing virsh's error) on a
// syntax error.
bool parse_command(const std::vector<std::string> &toks, Cmd &cmd) {
  const CmdDef *def = nullptr;
  for (auto &d : commands())
    if (toks[0] == d.name) def = &d;
  if (!def) {
    error("unknown command: '%s'", toks[0].c_str());
    return false;
  }
  cmd.def = def;
  const auto &opts = def->opts;
  std::vector<bool> seen(opts.size()), need_arg(opts.size());
  for (size_t i = 0; i < opts.size(); i++)
    need_arg[i] =
        opts[i].type != OptType::Bool && opts[i].type != OptType::Alias && opts[i].positional;
  bool data_only = false;
  for (size_t t = 1; t < toks.size(); t++) {
    const std::string &tk = toks[t];
    if (!data_only && tk.size() > 2 && tk[0] == '-' && tk[1] == '-' &&
        std::isalnum(static_cast<unsigned char>(tk[2]))) {
      std::string name = tk.substr(2);
      std::optional<std::string> val;
      if (auto eq = name.find('='); eq != std::string::npos) {
        val = name.substr(eq + 1);
        name.resize(eq);
      }
      if (name == "help") {
        error("command '%s': --help is not supported by virtkit-sh", def->name);
        return false;
      }
      size_t i = 0;
      for (; i < opts.size(); i++)
        if (name == opts[i].name) {
          if (opts[i].type == OptType::Alias) {
            name = opts[i].alias;
            i = static_cast<size_t>(-1);
            continue;
          }
          break;
        }
      if (i >= opts.size()) {
        error("command '%s' doesn't support option --%s", def->name, name.c_str());
        return false;
      }
      if (seen[i]) {
        error("option --%s already seen", name.c_str());
        return false;
      }
      seen[i] = true;
      if (opts[i].type == OptType::Bool) {
        if (val) {
          error("invalid '=' after option --%s", name.c_str());
          return false;
        }
        cmd.opts[name] = "";
      } else {
        if (!val) {
          if (t + 1 >= toks.size()) {
            error("expected syntax: --%s <%s>", name.c_str(),
                  opts[i].type == OptType::Int ? "number" : "string");
            return false;
          }
          val = toks[++t];
        }
        need_arg[i] = false;
        cmd.opts[name] = *val;
      }
    } else if (!data_only && tk == "--") {
      data_only = true;
    } else {
      size_t i = 0;
      for (; i < opts.size(); i++)
        if (need_arg[i]) break;
      if (i >= opts.size()) {
        error("unexpected data '%s'", tk.c_str());
        return false;
      }
      need_arg[i] = false;
      seen[i] = true;
      cmd.opts[opts[i].name] = tk;
    }
  }
  bool missing = false;
  for (size_t i = 0; i < opts.size(); i++)
    if (opts[i].required && !seen[i]) {
      error(opts[i].type == OptType::Data ? "command '%s' requires <%s> option"
                                          : "command '%s' requires --%s option",
            def->name, opts[i].name);
      missing = true;
    }
  return !missing;
}

// Splits a command string into commands of tokens: whitespace separates, ';' or a
// newline ends a command, quotes group, a backslash escapes, '#' starts a comment.
bool split_line(const std::string &line, std::vector<std::vector<std::string>> &out) {
  std::vector<std::string> cur;
  size_t i = 0, n = line.size();
  auto flush = [&] {
    if (!cur.empty()) out.push_back(cur);
    cur.clear();
  };
  while (i < n) {
    char ch = line[i];
    if (ch == ' ' || ch == '\t') {
      i++;
      continue;
    }
    if (ch == ';' || ch == '\n') {
      flush();
      i++;
      continue;
    }
    if (ch == '#' && cur.empty()) {
      while (i < n && line[i] != '\n') i++;
      continue;
    }
    std::string tok;
    char quote = 0;
    for (; i < n; i++) {
      ch = line[i];
      if (!quote && (ch == ' ' || ch == '\t' || ch == ';' || ch == '\n')) break;
      if (ch == '\\' && i + 1 < n) {
        tok += line[++i];
      } else if (quote && ch == quote) {
        quote = 0;
      } else if (!quote && (ch == '"' || ch == '\'')) {
        quote = ch;
      } else {
        tok += ch;
      }
    }
    if (quote) {
      error("missing %c", quote);
      return false;
    }
    cur.push_back(tok);
  }
  flush();
  return true;
}

bool parse_all(const std::vector<std::vector<std::string>> &groups, std::vector<Cmd> &cmds) {
  for (auto &g : groups) {
    Cmd c;
    if (!parse_command(g, c)) return false;
    cmds.push_back(c);
  }
  return true;
}

// Runs parsed commands, a blank line after each; the result is the last one's.
bool run_all(Shell &sh, const std::vector<Cmd> &cmds, bool &quit) {
  bool ok = true;
  for (const Cmd &c : cmds) {
    ok = sh.run(c);
    extra("\n");
    std::fflush(stdout);
    if (std::strcmp(c.def->name, "quit") == 0 || std::strcmp(c.def->name, "exit") == 0) {
      quit = true;
      break;
    }
  }
  return ok;
}

int interactive(Shell &sh, bool quiet_mode) {
  if (!quiet_mode)
    std::printf(
        "Welcome to virsh, the virtualization interactive terminal.\n\n"
        "Type:  'help' for help with commands\n"
        "       'quit' to quit\n\n");
  const char *prompt = sh.readonly ? "virsh > " : "virsh # ";
  bool tty = isatty(STDIN_FILENO);
  std::vector<std::string> history;  // in memory only (no readline)
  std::string line;
  for (;;) {
    std::printf("%s", prompt);
    std::fflush(stdout);
    if (!std::getline(std::cin, line)) {
      std::printf("\n");
      break;
    }
    if (!tty) std::printf("%s\n", line.c_str());  // readline echoes piped input
    std::fflush(stdout);
    if (line.empty()) continue;
    history.push_back(line);
    std::vector<std::vector<std::string>> groups;
    std::vector<Cmd> cmds;
    if (!split_line(line, groups) || !parse_all(groups, cmds)) continue;
    bool quit = false;
    run_all(sh, cmds, quit);
    if (quit) break;
  }
  return 0;
}

}  // namespace

int main(int argc, char **argv) {
  virSetErrorFunc(nullptr, quiet);
  Shell sh;
  bool quiet_mode = false;
  int i = 1;
  for (; i < argc; i++) {
    std::string a = argv[i];
    if ((a == "-c" || a == "--connect") && i + 1 < argc)
      sh.uri = argv[++i];
    else if (a.rfind("--connect=", 0) == 0)
      sh.uri = a.substr(10);
    else if (a == "-r" || a == "--readonly")
      sh.readonly = true;
    else if (a == "-q" || a == "--quiet")
      quiet_mode = g_quiet = true;
    else if (a == "--") {
      i++;
      break;
    } else
      break;
  }
  bool uri_given = !sh.uri.empty();
  if (!uri_given)
    if (const char *env = std::getenv("VIRSH_DEFAULT_CONNECT_URI")) sh.uri = env;

  // virsh parses the whole command line before connecting or running anything.
  std::vector<Cmd> cmds;
  if (i < argc) {
    std::vector<std::vector<std::string>> groups;
    if (i + 1 == argc) {
      if (!split_line(argv[i], groups)) return 1;
    } else {
      groups.emplace_back(argv + i, argv + argc);
    }
    if (!parse_all(groups, cmds)) return 1;
  }
  // A named connection must succeed before anything runs.
  if (uri_given && !sh.connect()) return 1;
  if (i >= argc) return interactive(sh, quiet_mode);
  bool quit = false;
  return run_all(sh, cmds, quit) ? 0 : 1;
}
