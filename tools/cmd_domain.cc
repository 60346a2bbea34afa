// SPDX-License-Identifier: LGPL-2.1-or-later
// virtkit-sh's commands (list, dominfo, start, setmem, version, ...), each
// printing what Debian's virsh 9.0.0 prints, and the one table of commands
// with virsh's option names, types and requirements.
#include "virtkit_sh.h"

#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace virtkit_sh {

namespace {

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

}  // namespace

bool cmd_domid(Shell &sh, const Cmd &c) {
  auto d = sh.domain(c, true, false);  // virsh: by name or UUID only
  if (!d) return false;
  auto id = d->id();
  if (!id)
    std::printf("-\n");
  else
    std::printf("%u\n", *id);
  return true;
}

bool cmd_domname(Shell &sh, const Cmd &c) {
  auto d = sh.domain(c, false);
  if (!d) return false;
  std::printf("%s\n", d->name().c_str());
  return true;
}

bool cmd_domuuid(Shell &sh, const Cmd &c) {
  auto d = sh.domain(c);
  if (!d) return false;
  auto u = d->try_uuid_string();
  if (!u) {
    error("failed to get domain UUID");
    return true;
  }
  std::printf("%s\n", u->c_str());
  return true;
}

bool cmd_dumpxml(Shell &sh, const Cmd &c) {
  if (c.has("xpath") || c.has("wrap")) {
    error("command 'dumpxml': --xpath and --wrap are not supported by virtkit-sh");
    return false;
  }
  auto d = sh.domain(c);
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

bool cmd_define(Shell &sh, const Cmd &c) {
  const std::string &file = *c.get("file");
  std::ifstream in(file);
  if (!in) {
    error("Failed to open file '%s': %s", file.c_str(), std::strerror(errno));
    return false;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  auto d = sh.conn.try_define_xml(ss.str(), c.has("validate") ? VIR_DOMAIN_DEFINE_VALIDATE : 0);
  if (!d) {
    error("Failed to define domain from %s", file.c_str());
    report(d.error());
    return false;
  }
  extra("Domain '%s' defined from %s\n", d->name().c_str(), file.c_str());
  return true;
}

bool cmd_undefine(Shell &sh, const Cmd &c) {
  auto d = sh.domain(c);
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

bool cmd_start(Shell &sh, const Cmd &c) {
  auto d = sh.domain(c, true, false);
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

bool cmd_destroy(Shell &sh, const Cmd &c) {
  return sh.act(c, &virtkit::Domain::try_destroy, "destroyed", "destroy");
}

bool cmd_suspend(Shell &sh, const Cmd &c) {
  return sh.act(c, &virtkit::Domain::try_suspend, "suspended", "suspend");
}

bool cmd_resume(Shell &sh, const Cmd &c) {
  return sh.act(c, &virtkit::Domain::try_resume, "resumed", "resume");
}

bool cmd_shutdown(Shell &sh, const Cmd &c) {
  unsigned flags = 0;
  if (!parse_modes(c, false, flags)) return false;
  auto d = sh.domain(c);
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

bool cmd_reboot(Shell &sh, const Cmd &c) {
  unsigned flags = 0;
  if (!parse_modes(c, true, flags)) return false;
  auto d = sh.domain(c);
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

bool cmd_setmem(Shell &sh, const Cmd &c) {
  bool config = c.has("config"), live = c.has("live"), current = c.has("current");
  if (current && (config || live)) {
    error("Options --current and --%s are mutually exclusive", config ? "config" : "live");
    return false;
  }
  unsigned flags = 0;
  if (config) flags |= VIR_DOMAIN_AFFECT_CONFIG;
  if (live) flags |= VIR_DOMAIN_AFFECT_LIVE;
  auto d = sh.domain(c);
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

}  // namespace virtkit_sh
