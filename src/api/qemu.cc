// SPDX-License-Identifier: LGPL-2.1-or-later
// The hand-written entry points of libvirt-qemu.so.0 (its slot= lines in
// api/libvirt-qemu.api), defined under their private names: the companion
// library forwards each public function here.
#include <climits>

#include "api/extra_checks.h"
#include "driver/driver.h"
#include "private_api.h"

using namespace virtkit;
using namespace virtkit::api;
using handles::hv;

int virtkitPriv_virDomainQemuMonitorCommandWithFiles(virDomainPtr domain, const char *cmd,
                                                     unsigned int ninfiles, int *infiles,
                                                     unsigned int *noutfiles, int **outfiles,
                                                     char **result, unsigned int flags) {
  return entry<Api::virDomainQemuMonitorCommandWithFiles>(
      domain, [&](const Call &c) -> Result<int> {
        VK_TRY(c.nonnull(cmd, "cmd"));
        if (ninfiles > 0 || outfiles) VK_TRY(extra::fd_passing(domain->conn, c.api.from));
        VK_TRY(c.nonnull(result, "result"));
        VK_TRY(c.writable(domain->conn));
        return hv(domain).domainQemuMonitorCommandWithFiles(domain, cmd, ninfiles, infiles,
                                                            noutfiles, outfiles, result, flags);
      });
}

virDomainPtr virtkitPriv_virDomainQemuAttach(virConnectPtr conn, unsigned int pid_value,
                                             unsigned int flags) {
  return entry<Api::virDomainQemuAttach>(conn, [&](const Call &c) -> Result<virDomainPtr> {
    VK_TRY(c.nonzero(pid_value, "pid_value"));
    if (pid_value > static_cast<unsigned>(INT_MAX))  // does not fit pid_t
      return c.invalid("pid_value", "pid_value in %s is too large", c.api.name);
    VK_TRY(c.writable(conn));
    return hv(conn).domainQemuAttach(conn, pid_value, flags);
  });
}

int virtkitPriv_virConnectDomainQemuMonitorEventRegister(
    virConnectPtr conn, virDomainPtr dom, const char *event,
    virConnectDomainQemuMonitorEventCallback cb, void *opaque, virFreeCallback freecb,
    unsigned int flags) {
  return entry<Api::virConnectDomainQemuMonitorEventRegister>(
      conn, [&](const Call &c) -> Result<int> {
        if (dom) {
          VK_TRY(c.valid_handle(dom));
          if (dom->conn != conn)
            return c.invalid("dom", "domain '%s' in %s must match connection", dom->name.c_str(),
                             c.api.name);
        }
        VK_TRY(c.nonnull(cb, "cb"));
        VK_TRY(c.writable(conn));
        return hv(conn).connectDomainQemuMonitorEventRegister(conn, dom, event, cb, opaque, freecb,
                                                              flags);
      });
}
