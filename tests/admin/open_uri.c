// SPDX-License-Identifier: LGPL-2.1-or-later
/* Opens an admin connection and prints its URI or the error:
 *   open_uri URI|- [FLAGS]     ("-": NULL, the default URI) */
#include <libvirt/libvirt-admin.h>
#include <libvirt/virterror.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void quiet(void *opaque, virErrorPtr e) {
  (void)opaque;
  (void)e;
}

int main(int argc, char **argv) {
  const char *uri = argc > 1 && strcmp(argv[1], "-") != 0 ? argv[1] : NULL;
  unsigned flags = argc > 2 ? (unsigned)strtoul(argv[2], NULL, 0) : 0;
  virAdmConnectPtr c;
  virSetErrorFunc(NULL, quiet);
  c = virAdmConnectOpen(uri, flags);
  if (c) {
    char *u = virAdmConnectGetURI(c);
    printf("opened %s\n", u ? u : "(null)");
    free(u);
    virAdmConnectClose(c);
  } else {
    virErrorPtr e = virGetLastError();
    printf("error code=%d domain=%d message=%s\n", e ? e->code : -1, e ? e->domain : -1,
           e && e->message ? e->message : "(null)");
  }
  return 0;
}
