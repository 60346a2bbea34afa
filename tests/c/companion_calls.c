// SPDX-License-Identifier: LGPL-2.1-or-later
/* libvirt-qemu's and libvirt-lxc's calls on test:///default and those of
 * libvirt-lxc that run in the calling process (namespaces, security label,
 * cgroup), as root and, in a child, as an unprivileged user: one line per
 * call with its result or its error's fields. Built against Debian's headers
 * and run once on Debian's libraries and once on virtkit's
 * (tests/c/companion_compare.sh): the transcripts must be equal. */
#include <fcntl.h>
#include <libvirt/libvirt-lxc.h>
#include <libvirt/libvirt-qemu.h>
#include <libvirt/virterror.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void quiet(void *opaque, virErrorPtr err) {
  (void)opaque;
  (void)err;
}

static void report(const char *label, long long r) {
  virErrorPtr e = virGetLastError();
  if (!e || e->code == 0) {
    printf("%-34s ok %lld\n", label, r);
    return;
  }
  printf("%-34s %lld code=%d dom=%d lvl=%d msg='%s' s1='%s' s2='%s' s3='%s' i1=%d\n", label, r,
         e->code, e->domain, e->level, e->message ? e->message : "", e->str1 ? e->str1 : "",
         e->str2 ? e->str2 : "", e->str3 ? e->str3 : "", e->int1);
  virResetLastError();
}

static void on_event(virConnectPtr c, virDomainPtr d, const char *ev, long long s, unsigned int m,
                     const char *details, void *opaque) {
  (void)c, (void)d, (void)ev, (void)s, (void)m, (void)details, (void)opaque;
}

static void qemu_calls(virConnectPtr conn, virDomainPtr dom, const char *tag) {
  char label[64], *result = NULL;
  int fds[2], *outfiles = NULL;
  unsigned int nout = 0;
  if (pipe(fds) < 0) return;
#define CALL(name, expr)                             \
  do {                                               \
    snprintf(label, sizeof label, "%s%s", tag, name); \
    report(label, (long long)(expr));                \
  } while (0)
  CALL("monitorCommand", virDomainQemuMonitorCommand(dom, "info", &result, 0));
  CALL("monitorCommand NULL result", virDomainQemuMonitorCommand(dom, "info", NULL, 0));
  CALL("monitorCommand NULL cmd", virDomainQemuMonitorCommand(dom, NULL, &result, 0));
  CALL("withFiles", virDomainQemuMonitorCommandWithFiles(dom, "x", 2, fds, &nout, &outfiles,
                                                         &result, 0));
  CALL("withFiles NULL cmd",
       virDomainQemuMonitorCommandWithFiles(dom, NULL, 0, NULL, NULL, NULL, &result, 0));
  CALL("withFiles NULL result",
       virDomainQemuMonitorCommandWithFiles(dom, "x", 0, NULL, NULL, NULL, NULL, 0));
  CALL("agentCommand", virDomainQemuAgentCommand(dom, "{}", -1, 0) != NULL);
  CALL("attach", virDomainQemuAttach(conn, 1, 0) != NULL);
  CALL("attach 0", virDomainQemuAttach(conn, 0, 0) != NULL);
  CALL("event register NULL cb",
       virConnectDomainQemuMonitorEventRegister(conn, NULL, NULL, NULL, NULL, NULL, 0));
  CALL("event register", virConnectDomainQemuMonitorEventRegister(conn, dom, "X", on_event, NULL,
                                                                  NULL, 0));
  CALL("event deregister -1", virConnectDomainQemuMonitorEventDeregister(conn, -1));
  CALL("event deregister", virConnectDomainQemuMonitorEventDeregister(conn, 3));
  CALL("openNamespace", virDomainLxcOpenNamespace(dom, &outfiles, 0));
  CALL("openNamespace NULL", virDomainLxcOpenNamespace(dom, NULL, 0));
  CALL("enterCGroup flags", virDomainLxcEnterCGroup(dom, 1));
  close(fds[0]);
  close(fds[1]);
}

static void local_calls(virDomainPtr dom, const char *tag) {
  char label[64];
  virSecurityModel model;
  virSecurityLabel seclabel, old;
  int fd = open("/proc/self/ns/uts", O_RDONLY), p[2], bad = 9999, neg = -1;
  int *oldfds = NULL;
  unsigned int nold = 0, i;
  if (pipe(p) < 0) return;
  memset(&model, 0, sizeof model);
  memset(&seclabel, 0, sizeof seclabel);
  strcpy(seclabel.label, "unconfined");
  CALL("enterNamespace flags", virDomainLxcEnterNamespace(dom, 1, &fd, NULL, NULL, 1));
  CALL("enterNamespace none", virDomainLxcEnterNamespace(dom, 0, NULL, NULL, NULL, 0));
  CALL("enterNamespace own uts", virDomainLxcEnterNamespace(dom, 1, &fd, NULL, NULL, 0));
  CALL("enterNamespace pipe", virDomainLxcEnterNamespace(dom, 1, &p[0], NULL, NULL, 0));
  CALL("enterNamespace bad fd", virDomainLxcEnterNamespace(dom, 1, &bad, NULL, NULL, 0));
  CALL("enterNamespace negative", virDomainLxcEnterNamespace(dom, 1, &neg, NULL, NULL, 0));
  CALL("enterNamespace keep old", virDomainLxcEnterNamespace(dom, 1, &fd, &nold, &oldfds, 0));
  CALL("  old namespaces", nold);
  for (i = 0; i < nold; i++) close(oldfds[i]);
  free(oldfds);
  oldfds = NULL;
  nold = 7;
  CALL("enterNamespace fail keeps none", virDomainLxcEnterNamespace(dom, 1, &bad, &nold, &oldfds, 0));
  CALL("  old after failure", nold + (oldfds != NULL) * 100);
  CALL("securityLabel flags", virDomainLxcEnterSecurityLabel(&model, &seclabel, NULL, 1));
  CALL("securityLabel NULL model", virDomainLxcEnterSecurityLabel(NULL, &seclabel, NULL, 0));
  CALL("securityLabel NULL label", virDomainLxcEnterSecurityLabel(&model, NULL, NULL, 0));
  strcpy(model.model, "none");
  memset(&old, 'x', sizeof old);
  CALL("securityLabel none", virDomainLxcEnterSecurityLabel(&model, &seclabel, &old, 0));
  CALL("  old label cleared", old.label[0] == 0 && old.enforcing == 0);
  strcpy(model.model, "bogus");
  CALL("securityLabel bogus", virDomainLxcEnterSecurityLabel(&model, &seclabel, NULL, 0));
  strcpy(model.model, "selinux");
  CALL("securityLabel selinux", virDomainLxcEnterSecurityLabel(&model, &seclabel, NULL, 0));
  CALL("securityLabel selinux old", virDomainLxcEnterSecurityLabel(&model, &seclabel, &old, 0));
  strcpy(model.model, "apparmor");
  CALL("securityLabel apparmor", virDomainLxcEnterSecurityLabel(&model, &seclabel, NULL, 0));
  close(fd);
  close(p[0]);
  close(p[1]);
}

int main(void) {
  virConnectPtr conn, ro;
  virDomainPtr dom, rodom;
  pid_t child;
  int status;
  virSetErrorFunc(NULL, quiet);
  conn = virConnectOpen("test:///default");
  ro = virConnectOpenReadOnly("test:///default");
  if (!conn || !ro) return 1;
  dom = virDomainLookupByName(conn, "test");
  rodom = virDomainLookupByName(ro, "test");
  qemu_calls(conn, dom, "");
  qemu_calls(ro, rodom, "ro ");
  local_calls(dom, "");
  fflush(stdout);
  /* The cgroup and namespace calls as an unprivileged user, in a child (the
   * privileged cgroup call moves the process). */
  child = fork();
  if (child == 0) {
    if (getuid() == 0 && (setgid(65534) < 0 || setuid(65534) < 0)) _exit(2);
    local_calls(dom, "user ");
    report("user enterCGroup", virDomainLxcEnterCGroup(dom, 0));
    fflush(stdout);
    _exit(0);
  }
  waitpid(child, &status, 0);
  child = fork();
  if (child == 0) {
    report("enterCGroup", virDomainLxcEnterCGroup(dom, 0));
    fflush(stdout);
    _exit(0);
  }
  waitpid(child, &status, 0);
  virDomainFree(rodom);
  virDomainFree(dom);
  virConnectClose(ro);
  virConnectClose(conn);
  return 0;
}
