// SPDX-License-Identifier: LGPL-2.1-or-later
/* Lists the domains of a hypervisor and shows how errors are read.
 *   cc list_domains.c $(pkg-config --cflags --libs libvirt) && ./a.out test:///default */
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <stdio.h>
#include <stdlib.h>

static void quiet(void *data, virErrorPtr err) { (void)data; (void)err; }

int main(int argc, char **argv) {
  virSetErrorFunc(NULL, quiet); /* errors are read below instead of printed */
  virConnectPtr conn = virConnectOpenReadOnly(argc > 1 ? argv[1] : "test:///default");
  if (!conn) {
    fprintf(stderr, "cannot connect: %s\n", virGetLastErrorMessage());
    return 1;
  }
  virDomainPtr *doms = NULL;
  int n = virConnectListAllDomains(conn, &doms, 0);
  for (int i = 0; i < n; i++) {
    virDomainInfo info;
    if (virDomainGetInfo(doms[i], &info) == 0)
      printf("%-20s state=%d memory=%lu KiB vcpus=%u\n", virDomainGetName(doms[i]), info.state,
             info.memory, info.nrVirtCpu);
    virDomainFree(doms[i]);
  }
  free(doms);
  if (!virDomainLookupByName(conn, "no-such-domain")) {
    virErrorPtr e = virGetLastError(); /* this thread's error, valid until its next call */
    printf("lookup failed: code=%d domain=%d message=%s\n", e->code, e->domain, e->message);
  }
  virConnectClose(conn);
  return 0;
}
