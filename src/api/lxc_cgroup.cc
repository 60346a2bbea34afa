// SPDX-License-Identifier: LGPL-2.1-or-later
// virDomainLxcEnterCGroup: the calling process joins the cgroups of the
// container's init process (the domain's ID), found as libvirt finds them:
// the cgroup mounts of /proc/mounts, the placement from /proc/PID/cgroup; a
// v2 hierarchy counts only when its root lists controllers. The process is
// written to the v2 group's cgroup.procs, then to the "tasks" file of each
// mounted v1 controller (not the systemd one, nor those v2 provides).
#include <fcntl.h>
#include <mntent.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "api/guard.h"
#include "private_api.h"

using namespace virtkit;
using namespace virtkit::api;

namespace {

// libvirt's controller order; the v2 names differ only for blkio ("io").
constexpr const char *kV1Names[] = {"cpu",     "cpuacct", "cpuset",  "memory",     "devices",
                                    "freezer", "blkio",   "net_cls", "perf_event", "name=systemd"};
constexpr const char *kV2Names[] = {"cpu",     "cpuacct", "cpuset",  "memory",     "devices",
                                    "freezer", "io",      "net_cls", "perf_event", "name=systemd"};
constexpr int kControllers = 10;
constexpr int kCpuacct = 1, kSystemd = 9;

bool has_word(const std::string &list, const char *word) {
  std::stringstream ss(list);
  std::string w;
  while (std::getline(ss, w, ',')) {
    if (w == word) return true;
  }
  return false;
}

bool read_all(const std::string &path, std::string &out) {
  std::ifstream f(path);
  if (!f) return false;
  std::stringstream ss;
  ss << f.rdbuf();
  out = ss.str();
  return true;
}

struct Groups {
  std::string v1_mount[kControllers], v1_place[kControllers];
  bool v1_seen[kControllers] = {};
  bool v1 = false;  // some v1 hierarchy is mounted
  std::string v2_mount, v2_place;
  bool v2 = false, v2_placed = false;
  unsigned v2_controllers = 0;
};

void find_mounts(Groups &g) {
  FILE *f = setmntent("/proc/mounts", "r");
  if (!f) return;
  struct mntent ent;
  char buf[8192];
  bool v2_checked = false;
  while (getmntent_r(f, &ent, buf, sizeof buf)) {
    if (std::strcmp(ent.mnt_type, "cgroup") == 0) {
      g.v1 = true;
      for (int i = 0; i < kControllers; i++) {
        if (g.v1_mount[i].empty() && has_word(ent.mnt_opts, kV1Names[i]))
          g.v1_mount[i] = ent.mnt_dir;
      }
    } else if (std::strcmp(ent.mnt_type, "cgroup2") == 0 && !v2_checked) {
      // systemd's controller-less hierarchy does not count
      std::string list;
      if (!read_all(std::string(ent.mnt_dir) + "/cgroup.controllers", list)) {
        v2_checked = true;
        continue;
      }
      if (list.empty()) continue;
      v2_checked = true;
      g.v2 = true;
      g.v2_mount = ent.mnt_dir;
    }
  }
  endmntent(f);
}

Status find_placement(const Call &c, Groups &g, long long pid) {
  std::string file = pid == -1 ? "/proc/self/cgroup" : "/proc/" + std::to_string(pid) + "/cgroup";
  std::ifstream f(file);
  if (!f) return system_error(c.api.from, errno, "Unable to open '%s'", file.c_str());
  std::string line;
  while (std::getline(f, line)) {
    size_t a = line.find(':');
    size_t b = a == std::string::npos ? a : line.find(':', a + 1);
    if (b == std::string::npos) continue;
    std::string ctrls = line.substr(a + 1, b - a - 1), self = line.substr(b + 1);
    for (int i = 0; i < kControllers; i++) {
      if (g.v1_mount[i].empty() || g.v1_seen[i] || !has_word(ctrls, kV1Names[i])) continue;
      std::string place = self;
      if (size_t p = place.rfind("/libvirt"); p != std::string::npos) place.resize(p);
      g.v1_place[i] = place;
      g.v1_seen[i] = true;
    }
    if (g.v2 && ctrls.empty() && !g.v2_placed) {
      g.v2_place = self;
      g.v2_placed = true;
    }
  }
  for (int i = 0; i < kControllers; i++) {
    if (!g.v1_mount[i].empty() && !g.v1_seen[i])
      return error(c.api.from, VIR_ERR_INTERNAL_ERROR,
                   "Could not find placement for v1 controller %s", kV1Names[i]);
  }
  if (g.v2 && !g.v2_placed)
    return error(c.api.from, VIR_ERR_INTERNAL_ERROR, "%s",
                 "Could not find placement for v2 controller");
  return Status();
}

// As libvirt spells it ("/sys/fs/cgroup/cpu//tasks" for the root group).
std::string join(const std::string &mount, const std::string &place, const char *key) {
  return mount + place + "/" + key;
}

Status write_pid(const Call &c, const std::string &path) {
  std::string value = std::to_string(getpid());
  int fd = open(path.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
  bool ok = fd >= 0 && write(fd, value.data(), value.size()) == static_cast<ssize_t>(value.size());
  int saved = errno;
  if (fd >= 0 && close(fd) < 0 && ok) {
    ok = false;
    saved = errno;
  }
  if (ok) return Status();
  if (saved == EINVAL)
    return system_error(c.api.from, saved, "Invalid value '%s' for '%s'", value.c_str(),
                        path.substr(path.rfind('/') + 1).c_str());
  return system_error(c.api.from, saved, "Unable to write to '%s'", path.c_str());
}

}  // namespace

int virtkitPriv_virDomainLxcEnterCGroup(virDomainPtr domain, unsigned int flags) {
  return entry<Api::virDomainLxcEnterCGroup>(domain, [&](const Call &c) -> Result<int> {
    VK_TRY(check_flags(c.api.from, c.api.name, flags, 0));
    Groups g;
    find_mounts(g);
    if (!g.v1 && !g.v2)
      return error(c.api.from, VIR_ERR_INTERNAL_ERROR, "%s", "no cgroup backend available");
    VK_TRY(find_placement(c, g, domain->id));
    unsigned available = 0;
    if (g.v2) {
      std::string list;
      read_all(join(g.v2_mount, g.v2_place, "cgroup.controllers"), list);
      std::stringstream ss(list);
      std::string w;
      while (ss >> w) {
        for (int i = 0; i < kControllers; i++) {
          if (w == kV2Names[i]) g.v2_controllers |= 1u << i;
        }
      }
      g.v2_controllers |= 1u << kCpuacct;  // cpu.stat always has the usage
      available |= g.v2_controllers;
    }
    for (int i = 0; i < kControllers; i++) {
      if (g.v2_controllers & (1u << i)) g.v1_mount[i].clear();
      if (!g.v1_mount[i].empty()) available |= 1u << i;
    }
    if (!available)
      return system_error(c.api.from, ENXIO, "%s", "At least one cgroup controller is required");
    if (g.v2) VK_TRY(write_pid(c, join(g.v2_mount, g.v2_place, "cgroup.procs")));
    for (int i = 0; i < kControllers; i++) {
      if (i == kSystemd || g.v1_mount[i].empty()) continue;
      VK_TRY(write_pid(c, join(g.v1_mount[i], g.v1_place[i], "tasks")));
    }
    return 0;
  });
}
