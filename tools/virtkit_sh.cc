// virtkit-sh: a virsh-compatible command line over virtkit's libvirt API.
// Output, errors and exit codes follow virsh's for the commands it knows.
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include <algorithm>
#include <cstdarg>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace {

virErrorPtr g_last_error = nullptr;  // saved by the error handler, as virsh does

void save_error(void *, virErrorPtr) {
  virFreeError(g_last_error);
  g_last_error = virSaveLastError();
}

void reset_error() {
  virFreeError(g_last_error);
  g_last_error = nullptr;
  virResetLastError();
}

void error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void error(const char *fmt, ...) {
  std::fputs("error: ", stderr);
  va_list ap;
  va_start(ap, fmt);
  std::vfprintf(stderr, fmt, ap);
  va_end(ap);
  std::fputc('\n', stderr);
}

// After a failed command: the libvirt error, if one was raised.
void report_error() {
  if (!g_last_error) {
    g_last_error = virSaveLastError();
    if (!g_last_error || g_last_error->code == VIR_ERR_OK) {
      reset_error();
      return;
    }
  }
  error("%s", g_last_error->code == VIR_ERR_OK ? "unknown error" : g_last_error->message);
  reset_error();
}

const char *state_name(int state) {
  static const char *names[] = {"no state",    "running",  "idle",   "paused",
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
       "from snapshot", "shutting down", "creating snapshot", "crashed", "starting up",
       "post-copy", "post-copy failed"},
      {"unknown", "user"},
      {"unknown", "shutdown", "destroyed", "crashed", "migrated", "saved", "failed",
       "from snapshot", "daemon"},
      {"unknown", "panicked"},
      {"unknown"}};
  if (state < 0 || state >= static_cast<int>(reasons.size())) return "unknown";
  auto &r = reasons[static_cast<size_t>(state)];
  return reason >= 0 && reason < static_cast<int>(r.size()) ? r[static_cast<size_t>(reason)]
                                                             : "unknown";
}

struct Cmd {
  std::string name;
  std::vector<std::string> args;  // positional
  std::map<std::string, std::string> opts;  // --flag (value "" for booleans)
  bool has(const std::string &o) const { return opts.count(o) != 0; }
};

class Shell {
 public:
  std::string uri;
  bool readonly = false;
  virConnectPtr conn = nullptr;

  ~Shell() {
    if (conn) virConnectClose(conn);
  }

  bool connect() {
    if (conn) return true;
    conn = readonly ? virConnectOpenReadOnly(uri.empty() ? nullptr : uri.c_str())
                    : virConnectOpenAuth(uri.empty() ? nullptr : uri.c_str(),
                                         virConnectAuthPtrDefault, 0);
    if (!conn) {
      error("failed to connect to the hypervisor");
      report_error();
      return false;
    }
    return true;
  }

  // virsh's lookup order: by ID, by UUID, by name.
  virDomainPtr domain(const Cmd &c, bool by_name = true) {
    if (c.args.empty()) {
      error("command '%s' requires <domain> option", c.name.c_str());
      return nullptr;
    }
    const std::string &n = c.args[0];
    virDomainPtr d = nullptr;
    char *end = nullptr;
    errno = 0;
    long id = std::strtol(n.c_str(), &end, 10);
    if (!n.empty() && *end == '\0' && errno == 0 && id >= 0 && id <= 0x7fffffff)
      d = virDomainLookupByID(conn, static_cast<int>(id));
    if (!d && n.size() == VIR_UUID_STRING_BUFLEN - 1) d = virDomainLookupByUUIDString(conn, n.c_str());
    if (!d && by_name) d = virDomainLookupByName(conn, n.c_str());
    reset_error();
    if (!d) error("failed to get domain '%s'", n.c_str());
    return d;
  }

  bool run(const Cmd &c);
  static bool known(const std::string &name);

 private:
  bool list(const Cmd &c);
  bool dominfo(const Cmd &c);
  bool lifecycle(const Cmd &c);
};

bool Shell::list(const Cmd &c) {
  unsigned flags = VIR_CONNECT_LIST_DOMAINS_ACTIVE;
  if (c.has("all")) flags = 0;
  if (c.has("inactive")) flags = VIR_CONNECT_LIST_DOMAINS_INACTIVE;
  virDomainPtr *doms = nullptr;
  int n = virConnectListAllDomains(conn, &doms, flags);
  if (n < 0) {
    error("Failed to list domains");
    return false;
  }
  // Active domains by ID first, then inactive ones by name.
  std::sort(doms, doms + n, [](virDomainPtr a, virDomainPtr b) {
    unsigned ia = virDomainGetID(a), ib = virDomainGetID(b);
    if (ia != ib) return ia < ib;
    return std::strcmp(virDomainGetName(a), virDomainGetName(b)) < 0;
  });
  bool names = c.has("name"), uuids = c.has("uuid");
  if (names || uuids) {
    for (int i = 0; i < n; i++) {
      char uuid[VIR_UUID_STRING_BUFLEN] = "";
      virDomainGetUUIDString(doms[i], uuid);
      if (names && uuids) std::printf("%-36s %-30s\n", uuid, virDomainGetName(doms[i]));
      else std::printf("%s\n", names ? virDomainGetName(doms[i]) : uuid);
    }
  } else {
    std::vector<std::vector<std::string>> rows = {{"Id", "Name", "State"}};
    for (int i = 0; i < n; i++) {
      unsigned id = virDomainGetID(doms[i]);
      int state = 0, reason = 0;
      if (virDomainGetState(doms[i], &state, &reason, 0) < 0) state = -1;
      rows.push_back({id == static_cast<unsigned>(-1) ? "-" : std::to_string(id),
                      virDomainGetName(doms[i]), state_name(state)});
    }
    size_t w[3] = {0, 0, 0};
    for (auto &r : rows)
      for (size_t j = 0; j < 3; j++) w[j] = std::max(w[j], r[j].size());
    auto print_row = [&](const std::vector<std::string> &r) {
      for (size_t j = 0; j < 3; j++) {
        std::printf(" %s", r[j].c_str());
        if (j < 2) std::printf("%*s", static_cast<int>(w[j] - r[j].size() + 2), "");
      }
      std::printf("\n");
    };
    print_row(rows[0]);
    std::printf("%s\n", std::string(w[0] + w[1] + w[2] + 9, '-').c_str());
    for (size_t i = 1; i < rows.size(); i++) print_row(rows[i]);
  }
  for (int i = 0; i < n; i++) virDomainFree(doms[i]);
  free(doms);
  return true;
}

bool Shell::dominfo(const Cmd &c) {
  virDomainPtr dom = domain(c);
  if (!dom) return false;
  bool ok = true;
  unsigned id = virDomainGetID(dom);
  if (id == static_cast<unsigned>(-1)) std::printf("%-15s %s\n", "Id:", "-");
  else std::printf("%-15s %d\n", "Id:", static_cast<int>(id));
  std::printf("%-15s %s\n", "Name:", virDomainGetName(dom));
  char uuid[VIR_UUID_STRING_BUFLEN];
  if (virDomainGetUUIDString(dom, uuid) == 0) std::printf("%-15s %s\n", "UUID:", uuid);
  if (char *os = virDomainGetOSType(dom)) {
    std::printf("%-15s %s\n", "OS Type:", os);
    free(os);
  }
  virDomainInfo info;
  if (virDomainGetInfo(dom, &info) == 0) {
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
  int persistent = virDomainIsPersistent(dom);
  std::printf("%-15s %s\n", "Persistent:",
              persistent < 0 ? "unknown" : persistent ? "yes" : "no");
  int autostart = 0;
  if (virDomainGetAutostart(dom, &autostart) == 0)
    std::printf("%-15s %s\n", "Autostart:", autostart ? "enable" : "disable");
  int managed = virDomainHasManagedSaveImage(dom, 0);
  std::printf("%-15s %s\n", "Managed save:", managed < 0 ? "unknown" : managed ? "yes" : "no");
  virSecurityModel model;
  std::memset(&model, 0, sizeof model);
  if (virNodeGetSecurityModel(conn, &model) == -1) {
    if (virGetLastErrorCode() != VIR_ERR_NO_SUPPORT) {
      virDomainFree(dom);
      return false;
    }
    reset_error();
  } else if (model.model[0] != '\0') {
    std::printf("%-15s %s\n", "Security model:", model.model);
    std::printf("%-15s %s\n", "Security DOI:", model.doi);
    virSecurityLabel label;
    std::memset(&label, 0, sizeof label);
    if (virDomainGetSecurityLabel(dom, &label) == -1) {
      virDomainFree(dom);
      return false;
    }
    if (label.label[0] != '\0')
      std::printf("%-15s %s (%s)\n", "Security label:", label.label,
                  label.enforcing ? "enforcing" : "permissive");
  }
  virDomainFree(dom);
  return ok;
}

// start, destroy, suspend, resume, shutdown, reboot, undefine
bool Shell::lifecycle(const Cmd &c) {
  virDomainPtr dom = domain(c);
  if (!dom) return false;
  const char *name = virDomainGetName(dom);
  bool ok = false;
  const std::string &n = c.name;
  auto outcome = [&](int rc, const char *done, const char *failed) {
    if (rc == 0) std::printf(done, name);
    else error(failed, name);
    ok = rc == 0;
  };
  if (n == "start") {
    if (virDomainGetID(dom) != static_cast<unsigned>(-1)) error("Domain is already active");
    else outcome(virDomainCreate(dom), "Domain '%s' started\n", "Failed to start domain '%s'");
  } else if (n == "destroy") {
    outcome(virDomainDestroy(dom), "Domain '%s' destroyed\n", "Failed to destroy domain '%s'");
  } else if (n == "suspend") {
    outcome(virDomainSuspend(dom), "Domain '%s' suspended\n", "Failed to suspend domain '%s'");
  } else if (n == "resume") {
    outcome(virDomainResume(dom), "Domain '%s' resumed\n", "Failed to resume domain '%s'");
  } else if (n == "shutdown") {
    outcome(virDomainShutdown(dom), "Domain '%s' is being shutdown\n",
            "Failed to shutdown domain '%s'");
  } else if (n == "reboot") {
    outcome(virDomainReboot(dom, 0), "Domain '%s' is being rebooted\n",
            "Failed to reboot domain '%s'");
  } else if (n == "undefine") {
    outcome(virDomainUndefine(dom), "Domain '%s' has been undefined\n",
            "Failed to undefine domain '%s'");
  }
  virDomainFree(dom);
  return ok;
}

const char *const kLifecycle[] = {"start",    "destroy", "suspend", "resume",
                                  "shutdown", "reboot",  "undefine"};
const char *const kOthers[] = {"list",    "dominfo", "domstate", "domid",    "domname",
                               "domuuid", "dumpxml", "define",   "setmem",   "nodeinfo",
                               "uri",     "version", "hostname"};

bool in(const std::string &name, const char *const *b, const char *const *e) {
  return std::find_if(b, e, [&](const char *k) { return name == k; }) != e;
}

bool Shell::known(const std::string &name) {
  return in(name, std::begin(kLifecycle), std::end(kLifecycle)) ||
         in(name, std::begin(kOthers), std::end(kOthers));
}

bool Shell::run(const Cmd &c) {
  if (!connect()) return false;
  bool is_lifecycle = in(c.name, std::begin(kLifecycle), std::end(kLifecycle));
  if (is_lifecycle) return lifecycle(c);
  if (c.name == "list") return list(c);
  if (c.name == "dominfo") return dominfo(c);
  if (c.name == "uri") {
    char *u = virConnectGetURI(conn);
    if (!u) return false;
    std::printf("%s\n", u);
    free(u);
    return true;
  }
  if (c.name == "hostname") {
    char *h = virConnectGetHostname(conn);
    if (!h) {
      error("failed to get hostname");
      return false;
    }
    std::printf("%s\n", h);
    free(h);
    return true;
  }
  if (c.name == "version") {
    unsigned long lib = 0, api = 0, hv = 0;
    virGetVersion(&lib, "TEST", &api);
    std::printf("Compiled against library: libvirt %d.%d.%d\n", LIBVIR_VERSION_NUMBER / 1000000,
                LIBVIR_VERSION_NUMBER / 1000 % 1000, LIBVIR_VERSION_NUMBER % 1000);
    std::printf("Using library: libvirt %lu.%lu.%lu\n", lib / 1000000, lib / 1000 % 1000, lib % 1000);
    const char *type = virConnectGetType(conn);
    std::printf("Using API: %s %lu.%lu.%lu\n", type ? type : "", api / 1000000, api / 1000 % 1000,
                api % 1000);
    if (virConnectGetVersion(conn, &hv) < 0) {
      error("failed to get the hypervisor version");
      return false;
    }
    if (hv == 0) std::printf("Cannot extract running %s hypervisor version\n", type);
    else
      std::printf("Running hypervisor: %s %lu.%lu.%lu\n", type, hv / 1000000, hv / 1000 % 1000,
                  hv % 1000);
    return true;
  }
  if (c.name == "nodeinfo") {
    virNodeInfo info;
    if (virNodeGetInfo(conn, &info) < 0) {
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
  if (c.name == "define") {
    if (c.args.empty()) {
      error("command 'define' requires <file> option");
      return false;
    }
    std::ifstream in(c.args[0]);
    if (!in) {
      error("Failed to open file '%s': %s", c.args[0].c_str(), std::strerror(errno));
      return false;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    virDomainPtr dom = virDomainDefineXML(conn, ss.str().c_str());
    if (!dom) {
      error("Failed to define domain from %s", c.args[0].c_str());
      return false;
    }
    std::printf("Domain '%s' defined from %s\n", virDomainGetName(dom), c.args[0].c_str());
    virDomainFree(dom);
    return true;
  }
  virDomainPtr dom = domain(c, c.name != "domname");
  if (!dom) return false;
  bool ok = true;
  if (c.name == "domstate") {
    int state = 0, reason = 0;
    if (virDomainGetState(dom, &state, &reason, 0) < 0) ok = false;
    else if (c.has("reason")) std::printf("%s (%s)\n", state_name(state), reason_name(state, reason));
    else std::printf("%s\n", state_name(state));
  } else if (c.name == "domid") {
    unsigned id = virDomainGetID(dom);
    if (id == static_cast<unsigned>(-1)) std::printf("-\n");
    else std::printf("%d\n", static_cast<int>(id));
  } else if (c.name == "domname") {
    std::printf("%s\n", virDomainGetName(dom));
  } else if (c.name == "domuuid") {
    char uuid[VIR_UUID_STRING_BUFLEN];
    if (virDomainGetUUIDString(dom, uuid) == 0) std::printf("%s\n", uuid);
    else error("failed to get domain UUID");
  } else if (c.name == "dumpxml") {
    unsigned flags = 0;
    if (c.has("inactive")) flags |= VIR_DOMAIN_XML_INACTIVE;
    if (c.has("security-info")) flags |= VIR_DOMAIN_XML_SECURE;
    if (c.has("update-cpu")) flags |= VIR_DOMAIN_XML_UPDATE_CPU;
    if (c.has("migratable")) flags |= VIR_DOMAIN_XML_MIGRATABLE;
    char *xml = virDomainGetXMLDesc(dom, flags);
    if (!xml) ok = false;
    else {
      std::printf("%s", xml);
      free(xml);
    }
  } else if (c.name == "setmem") {
    if (c.args.size() < 2) {
      error("command 'setmem' requires <size> option");
      ok = false;
    } else {
      unsigned flags = 0;
      if (c.has("config")) flags |= VIR_DOMAIN_AFFECT_CONFIG;
      if (c.has("live")) flags |= VIR_DOMAIN_AFFECT_LIVE;
      char *end = nullptr;
      unsigned long long kib = std::strtoull(c.args[1].c_str(), &end, 10);
      if (*end) {
        error("Numeric value '%s' for <size> option is malformed or out of range",
              c.args[1].c_str());
        ok = false;
      } else {
        ok = virDomainSetMemoryFlags(dom, static_cast<unsigned long>(kib), flags) == 0;
      }
    }
  }
  virDomainFree(dom);
  return ok;
}

// Splits "a b; c d" into commands; options are --name or --name=value.
std::vector<Cmd> parse(const std::vector<std::string> &words) {
  std::vector<Cmd> cmds;
  Cmd cur;
  auto flush = [&] {
    if (!cur.name.empty()) cmds.push_back(cur);
    cur = Cmd();
  };
  for (std::string w : words) {
    bool end = false;
    if (w == ";") {
      flush();
      continue;
    }
    if (!w.empty() && w.back() == ';') {
      w.pop_back();
      end = true;
    }
    if (cur.name.empty()) cur.name = w;
    else if (w.rfind("--", 0) == 0) {
      auto eq = w.find('=');
      cur.opts[w.substr(2, eq == std::string::npos ? std::string::npos : eq - 2)] =
          eq == std::string::npos ? "" : w.substr(eq + 1);
    } else {
      cur.args.push_back(w);
    }
    if (end) flush();
  }
  flush();
  return cmds;
}

std::vector<std::string> split_words(const std::string &line) {
  std::vector<std::string> out;
  std::istringstream in(line);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

}  // namespace

int main(int argc, char **argv) {
  virSetErrorFunc(nullptr, save_error);
  Shell sh;
  if (const char *env = std::getenv("VIRSH_DEFAULT_CONNECT_URI")) sh.uri = env;
  int i = 1;
  for (; i < argc; i++) {
    std::string a = argv[i];
    if ((a == "-c" || a == "--connect") && i + 1 < argc) sh.uri = argv[++i];
    else if (a.rfind("--connect=", 0) == 0) sh.uri = a.substr(10);
    else if (a == "-r" || a == "--readonly") sh.readonly = true;
    else if (a == "-q" || a == "--quiet") continue;
    else break;
  }
  std::vector<std::string> words;
  if (i + 1 == argc) words = split_words(argv[i]);  // one quoted string of commands
  else
    for (; i < argc; i++) words.push_back(argv[i]);
  if (words.empty()) {
    std::fprintf(stderr, "usage: virtkit-sh [-c URI] [-r] COMMAND [ARGS...]\n");
    return 1;
  }
  auto cmds = parse(words);
  for (const Cmd &c : cmds) {  // virsh parses the whole line before running any of it
    if (!Shell::known(c.name)) {
      error("unknown command: '%s'", c.name.c_str());
      return 1;
    }
  }
  bool ok = true;
  for (const Cmd &c : cmds) {
    ok = sh.run(c);
    if (!ok) report_error();
    std::printf("\n");
  }
  return ok ? 0 : 1;
}
