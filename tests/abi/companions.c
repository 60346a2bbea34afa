// SPDX-License-Identifier: LGPL-2.1-or-later
/* One call into each library, built from installed headers and linked with
 * -lvirt-qemu -lvirt-lxc -lvirt-admin -lvirt: its output is compared with
 * the same program on Debian's libvirt (tests/abi/install_check.sh).
 * Debian's libvirt-admin.so.0 and libvirt.so.0 both register libvirt's
 * object classes, which crashes a process using both: the admin calls run
 * in a process of their own (argument "admin"). */
#include <libvirt/libvirt-admin.h>
#include <libvirt/libvirt-lxc.h>
#include <libvirt/libvirt-qemu.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <stdio.h>
#include <stdlib.h>

static void quiet(void *opaque, virErrorPtr e) {
  (void)opaque;
  (void)e;
}

static void show(const char *what, int r) {
  virErrorPtr e = virGetLastError();
  printf("%s = %d", what, r);
  if (e) printf(": code=%d domain=%d %s", e->code, e->domain, e->message ? e->message : "");
  printf("\n");
}

static int admin(void) {
  virAdmConnectPtr a;
  unsigned long long v = 0;
  show("virAdmGetVersion", virAdmGetVersion(&v));
  printf("admin version %llu\n", v);
  a = virAdmConnectOpen("libvirtd:///system?socket=/nonexistent/admin-sock", 0);
  show("virAdmConnectOpen(no socket)", a ? 0 : -1);
  if (a) virAdmConnectClose(a);
  return 0;
}

int main(int argc, char **argv) {
  virConnectPtr c;
  virDomainPtr d;
  char *out = NULL;
  int *fds = NULL;
  virSetErrorFunc(NULL, quiet);
  if (argc > 1) return admin();
  (void)argv;
  c = virConnectOpen("test:///default");
  d = c ? virDomainLookupByName(c, "test") : NULL;
  if (!d) {
    show("open", -1);
    return 1;
  }
  show("virDomainQemuMonitorCommand", virDomainQemuMonitorCommand(d, "info", &out, 0));
  show("virDomainQemuAgentCommand", virDomainQemuAgentCommand(d, "{}", 5, 0) ? 0 : -1);
  show("virDomainLxcOpenNamespace", virDomainLxcOpenNamespace(d, &fds, 0));
  show("virDomainLxcEnterNamespace(NULL)", virDomainLxcEnterNamespace(d, 0, NULL, NULL, NULL, 0));
  virDomainFree(d);
  virConnectClose(c);
  free(out);
  free(fds);
  return 0;
}
