// SPDX-License-Identifier: LGPL-2.1-or-later
// What virtkit-sh's shell (virtkit_sh.cc) and its commands
// (virtkit_sh_commands.cc) share: errors and informational output as virsh
// prints them, the commands' definitions, and the Shell that runs them.
#pragma once

#include <virtkit/virtkit.hpp>

#include <algorithm>
#include <cerrno>
#include <cctype>
#include <cstdlib>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace virtkit_sh {

// virsh's "error: ..." on stderr, after flushing stdout.
void error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

// The libvirt error of a failed call, as virsh reports it after a command.
void report(const virtkit::Error &e);

extern bool g_quiet;  // -q: no informational messages, no blank lines

// virsh's vshPrintExtra: informational output that -q suppresses.
void extra(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

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

// The table of every command (virtkit_sh_commands.cc).
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

}  // namespace virtkit_sh
