// SPDX-License-Identifier: LGPL-2.1-or-later
// libvirt-lxc.so.0's entry points that run in the calling process, as
// libvirt's do (defined under their private names; the companion library
// forwards to them): entering a container's namespaces, security label and
// cgroup. virDomainLxcOpenNamespace is generated (a driver slot).
#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
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

// The calling process's namespaces, in libvirt's order; those that cannot
// be opened are left out.
std::vector<int> own_namespaces() {
  static const char *const kinds[] = {"user", "ipc", "uts", "net", "pid", "mnt"};
  std::vector<int> fds;
  for (const char *k : kinds) {
    std::string path = "/proc/" + std::to_string(getpid()) + "/ns/" + k;
    int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd >= 0) fds.push_back(fd);
  }
  return fds;
}

Status join_namespaces(const Call &c, unsigned n, const int *fds) {
  if (n == 0) return c.invalid("nfdlist", "%s", "Expected at least one file descriptor");
  VK_TRY(c.nonnull(fds, "fdlist"));
  for (unsigned i = 0; i < n; i++) {
    if (fds[i] < 0) continue;
    // EINVAL: already in that namespace, or not a namespace of that type
    if (setns(fds[i], 0) < 0 && errno != EINVAL)
      return system_error(c.api.from, errno, "%s", "Unable to join domain namespace");
  }
  return Status();
}

// A file of /proc/thread-self/attr, as libselinux and libapparmor use them.
bool read_attr(const char *name, std::string &out) {
  int fd = open((std::string("/proc/thread-self/attr/") + name).c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  char buf[4096];
  ssize_t n = read(fd, buf, sizeof buf);
  int saved = errno;
  close(fd);
  errno = saved;
  if (n < 0) return false;
  out.assign(buf, static_cast<size_t>(n));
  while (!out.empty() && (out.back() == '\n' || out.back() == '\0')) out.pop_back();
  return true;
}

bool write_attr(const char *name, const std::string &value) {
  int fd = open((std::string("/proc/thread-self/attr/") + name).c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return false;
  ssize_t n = write(fd, value.data(), value.size());
  int saved = errno;
  close(fd);
  errno = saved;
  return n >= 0;
}

Status enter_selinux(const Call &c, const virSecurityLabel *label, virSecurityLabelPtr old) {
  if (old) {
    std::string ctx;
    if (!read_attr("current", ctx))
      return system_error(c.api.from, errno, "unable to get PID %d security context", getpid());
    if (ctx.size() >= VIR_SECURITY_LABEL_BUFLEN)
      return error(c.api.from, VIR_ERR_INTERNAL_ERROR, "security label exceeds maximum length: %d",
                   VIR_SECURITY_LABEL_BUFLEN - 1);
    std::memcpy(old->label, ctx.c_str(), ctx.size() + 1);
    // security_getenforce(): selinuxfs's enforce file (ENOENT without it)
    std::ifstream f("/sys/fs/selinux/enforce");
    int enforcing = -1;
    if (!f || !(f >> enforcing)) {
      errno = f ? EINVAL : ENOENT;
      return system_error(c.api.from, errno, "%s", "error calling security_getenforce()");
    }
    old->enforcing = enforcing;
  }
  if (!write_attr("exec", label->label))
    return system_error(c.api.from, errno, "Cannot set context %s", label->label);
  return Status();
}

Status enter_apparmor(const Call &c, const virSecurityLabel *label) {
  std::string cmd = std::string("changeprofile ") + label->label;
  if (!write_attr("apparmor/current", cmd) && (errno != ENOENT || !write_attr("current", cmd)))
    return system_error(c.api.from, errno, "error changing profile to %s", label->label);
  return Status();
}

}  // namespace

int virtkitPriv_virDomainLxcEnterNamespace(virDomainPtr domain, unsigned int nfdlist, int *fdlist,
                                           unsigned int *noldfdlist, int **oldfdlist,
                                           unsigned int flags) {
  return entry<Api::virDomainLxcEnterNamespace>(domain, [&](const Call &c) -> Result<int> {
    VK_TRY(check_flags(c.api.from, c.api.name, flags, 0));
    bool keep_old = noldfdlist && oldfdlist;
    if (keep_old) {
      std::vector<int> old = own_namespaces();
      int *list = nullptr;
      if (!old.empty()) {
        list = static_cast<int *>(std::malloc(old.size() * sizeof(int)));
        if (!list) {
          for (int fd : old) close(fd);
          return no_memory();
        }
        std::memcpy(list, old.data(), old.size() * sizeof(int));
      }
      *oldfdlist = list;
      *noldfdlist = static_cast<unsigned>(old.size());
    }
    Status s = join_namespaces(c, nfdlist, fdlist);
    if (!s.ok()) {
      if (keep_old) {
        for (unsigned i = 0; i < *noldfdlist; i++) close((*oldfdlist)[i]);
        std::free(*oldfdlist);
        *oldfdlist = nullptr;
        *noldfdlist = 0;
      }
      return s;
    }
    return 0;
  });
}

int virtkitPriv_virDomainLxcEnterSecurityLabel(virSecurityModelPtr model, virSecurityLabelPtr label,
                                               virSecurityLabelPtr oldlabel, unsigned int flags) {
  return entry<Api::virDomainLxcEnterSecurityLabel>([&](const Call &c) -> Result<int> {
    VK_TRY(check_flags(c.api.from, c.api.name, flags, 0));
    VK_TRY(c.nonnull(model, "model"));
    VK_TRY(c.nonnull(label, "label"));
    if (oldlabel) std::memset(oldlabel, 0, sizeof(*oldlabel));
    if (std::strcmp(model->model, "selinux") == 0) {
      VK_TRY(enter_selinux(c, label, oldlabel));
    } else if (std::strcmp(model->model, "apparmor") == 0) {
      VK_TRY(enter_apparmor(c, label));
    } else if (std::strcmp(model->model, "none") != 0) {
      return error(c.api.from, VIR_ERR_ARGUMENT_UNSUPPORTED, "Security model %s cannot be entered",
                   model->model);
    }
    return 0;
  });
}
