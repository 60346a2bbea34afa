// SPDX-License-Identifier: LGPL-2.1-or-later
// virtkit-sh's Host and Hypervisor commands (nodeinfo, version, capabilities,
// freecell, ...) as Debian's virsh 9.0.0 prints them.
#include "virtkit_sh.h"

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace virtkit_sh {

namespace {

std::string ver(unsigned long v) {
  return std::to_string(v / 1000000) + "." + std::to_string(v / 1000 % 1000) + "." +
         std::to_string(v % 1000);
}

}  // namespace

bool cmd_nodeinfo(Shell &sh, const Cmd &) {
  auto r = sh.conn.try_node_info();
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

bool cmd_uri(Shell &sh, const Cmd &) {
  auto u = sh.conn.try_uri();
  if (!u) {
    error("failed to get URI");
    report(u.error());
    return false;
  }
  std::printf("%s\n", u->c_str());
  return true;
}

bool cmd_hostname(Shell &sh, const Cmd &) {
  auto h = sh.conn.try_hostname();
  if (!h) {
    error("failed to get hostname");
    report(h.error());
    return false;
  }
  std::printf("%s\n", h->c_str());
  return true;
}

bool cmd_version(Shell &sh, const Cmd &c) {
  unsigned long lib = 0, api = 0;
  virGetVersion(&lib, "TEST", &api);
  std::printf("Compiled against library: libvirt %s\n", ver(LIBVIR_VERSION_NUMBER).c_str());
  std::printf("Using library: libvirt %s\n", ver(lib).c_str());
  auto type = sh.conn.try_type();
  if (!type) {
    error("failed to get hypervisor type");
    report(type.error());
    return false;
  }
  std::printf("Using API: %s %s\n", type->c_str(), ver(api).c_str());
  auto hv = sh.conn.try_version();
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
    auto dv = sh.conn.try_lib_version();
    if (!dv) {
      error("failed to get the daemon version");
      report(dv.error());
    } else {
      std::printf("Running against daemon: %s\n", ver(*dv).c_str());
    }
  }
  return true;
}

}  // namespace virtkit_sh
