// SPDX-License-Identifier: LGPL-2.1-or-later
/* libvirt-admin's API against a private libvirtd's admin socket, printed as
 * a transcript that must not depend on the library that ran it (Debian's
 * libvirt-admin or virtkit's). Built against Debian's headers:
 *   cc transcript.c -lvirt-admin -lvirt
 *   transcript ADMIN_SOCKET DAEMON_DIR
 * What changes between daemons (the folder, the process ID, times) is
 * printed as a name. */
#include <libvirt/libvirt-admin.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char *dir;
static char base_uri[1024];

/* `s` with the daemon's folder written DIR. */
static const char *masked(const char *s) {
  static char buf[8][2048];
  static int n;
  char *out = buf[n++ % 8];
  size_t dl = strlen(dir), o = 0;
  if (!s) return "(null)";
  while (*s && o + 4 < sizeof buf[0]) {
    if (strncmp(s, dir, dl) == 0) {
      memcpy(out + o, "DIR", 3);
      o += 3;
      s += dl;
    } else {
      out[o++] = *s++;
    }
  }
  out[o] = 0;
  return out;
}

static void quiet(void *opaque, virErrorPtr e) {
  (void)opaque;
  (void)e;
}

static void show_error(const char *what) {
  virErrorPtr e = virGetLastError();
  if (!e) {
    printf("%s: no error set\n", what);
    return;
  }
  printf("%s: code=%d domain=%d level=%d message=%s\n", what, e->code, e->domain, e->level,
         masked(e->message));
}

static void show_int(const char *what, long long r) {
  printf("%s = %lld\n", what, r);
  if (r < 0) show_error(what);
}

static void show_params(const char *what, virTypedParameterPtr p, int n) {
  int i;
  printf("%s: %d parameters\n", what, n);
  for (i = 0; i < n; i++) {
    printf("  %s (type %d) = ", p[i].field, p[i].type);
    switch (p[i].type) {
      case VIR_TYPED_PARAM_INT:
        if (strcmp(p[i].field, VIR_CLIENT_INFO_UNIX_PROCESS_ID) == 0)
          printf("%s\n", p[i].value.i == (int)getpid() ? "OWN_PID" : "OTHER_PID");
        else
          printf("%d\n", p[i].value.i);
        break;
      case VIR_TYPED_PARAM_UINT:
        printf("%u\n", p[i].value.ui);
        break;
      case VIR_TYPED_PARAM_LLONG:
        printf("%lld\n", p[i].value.l);
        break;
      case VIR_TYPED_PARAM_ULLONG:
        printf("%llu\n", p[i].value.ul);
        break;
      case VIR_TYPED_PARAM_BOOLEAN:
        printf("%d\n", p[i].value.b);
        break;
      case VIR_TYPED_PARAM_STRING:
        printf("%s\n", masked(p[i].value.s));
        break;
      default:
        printf("?\n");
    }
  }
}

static int closed_reason = -1, freed;
static void on_close(virAdmConnectPtr conn, int reason, void *opaque) {
  (void)conn;
  (void)opaque;
  closed_reason = reason;
}
static void on_close_other(virAdmConnectPtr conn, int reason, void *opaque) {
  (void)conn;
  (void)reason;
  (void)opaque;
}
static void on_free(void *opaque) {
  (void)opaque;
  freed++;
}

static void open_errors(void) {
  static const char *bad[] = {
      "foo:///system",
      "libvirtd:///nowhere",
      "libvirtd://",
      "virtqemud:///system?x=1",
      "libvirtd:///system?socket=/nonexistent/sock",
      "",
      "//no-scheme/system",
      "http://[::1/system",
      "virtqemud:///session",
      "virtnosuchd:///system",
  };
  size_t i;
  for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    virAdmConnectPtr c = virAdmConnectOpen(bad[i], 0);
    char what[256];
    snprintf(what, sizeof what, "open '%s'", bad[i]);
    if (c) {
      printf("%s: opened\n", what);
      virAdmConnectClose(c);
    } else {
      show_error(what);
    }
  }
}

/* No URI: $LIBVIRT_ADMIN_DEFAULT_URI names it. */
static void default_uri(void) {
  virAdmConnectPtr c;
  char *uri;
  setenv("LIBVIRT_ADMIN_DEFAULT_URI", base_uri, 1);
  c = virAdmConnectOpen(NULL, 0);
  unsetenv("LIBVIRT_ADMIN_DEFAULT_URI");
  if (!c) {
    show_error("open NULL");
    return;
  }
  uri = virAdmConnectGetURI(c);
  printf("open NULL: URI %s\n", masked(uri));
  free(uri);
  show_int("close", virAdmConnectClose(c));
}

static void open_flags(void) {
  static const unsigned flags[] = {VIR_CONNECT_NO_ALIASES, VIR_CONNECT_RO, 1u << 20};
  size_t i;
  for (i = 0; i < sizeof flags / sizeof flags[0]; i++) {
    virAdmConnectPtr c = virAdmConnectOpen(base_uri, flags[i]);
    char what[64];
    snprintf(what, sizeof what, "open flags=0x%x", flags[i]);
    if (c) {
      printf("%s: opened\n", what);
      virAdmConnectClose(c);
    } else {
      show_error(what);
    }
  }
}

static void null_args(virAdmConnectPtr conn, virAdmServerPtr srv) {
  unsigned long long v;
  virTypedParameter p;
  show_int("GetVersion(NULL)", virAdmGetVersion(NULL));
  show_int("ConnectClose(NULL)", virAdmConnectClose(NULL));
  show_error("  after ConnectClose(NULL)");
  show_int("IsAlive(NULL)", virAdmConnectIsAlive(NULL));
  show_int("ServerFree(NULL)", virAdmServerFree(NULL));
  show_int("ClientFree(NULL)", virAdmClientFree(NULL));
  show_int("ConnectRef(NULL)", virAdmConnectRef(NULL));
  printf("GetURI(NULL) = %s\n", virAdmConnectGetURI(NULL) ? "set" : "NULL");
  show_error("GetURI(NULL)");
  printf("ServerGetName(NULL) = %s\n", virAdmServerGetName(NULL) ? "set" : "NULL");
  show_error("ServerGetName(NULL)");
  printf("ClientGetID(NULL) = %llu\n", virAdmClientGetID(NULL));
  show_error("ClientGetID(NULL)");
  show_int("ClientGetTimestamp(NULL)", virAdmClientGetTimestamp(NULL));
  show_int("ClientGetTransport(NULL)", virAdmClientGetTransport(NULL));
  show_int("GetLibVersion(conn, NULL)", virAdmConnectGetLibVersion(conn, NULL));
  show_int("GetLibVersion(NULL)", virAdmConnectGetLibVersion(NULL, &v));
  printf("LookupServer(conn, NULL) = %s\n",
         virAdmConnectLookupServer(conn, NULL, 0) ? "set" : "NULL");
  show_error("LookupServer(conn, NULL)");
  show_int("SetThreadPool(srv, NULL)", virAdmServerSetThreadPoolParameters(srv, NULL, 0, 0));
  memset(&p, 0, sizeof p);
  show_int("SetThreadPool(srv, p, -1)", virAdmServerSetThreadPoolParameters(srv, &p, -1, 0));
  show_int("SetClientLimits(srv, NULL)", virAdmServerSetClientLimits(srv, NULL, 0, 0));
  show_int("GetThreadPool(srv, NULL)", virAdmServerGetThreadPoolParameters(srv, NULL, NULL, 0));
  show_int("RegisterCloseCallback(conn, NULL)",
           virAdmConnectRegisterCloseCallback(conn, NULL, NULL, NULL));
  show_int("UnregisterCloseCallback(conn, NULL)", virAdmConnectUnregisterCloseCallback(conn, NULL));
  show_int("ListServers(NULL)", virAdmConnectListServers(NULL, NULL, 0));
  show_int("GetLoggingOutputs(NULL)", virAdmConnectGetLoggingOutputs(NULL, NULL, 0));
}

static void threadpool(virAdmServerPtr srv) {
  virTypedParameterPtr params = NULL;
  int n = 0, maxp = 0;
  if (virAdmServerGetThreadPoolParameters(srv, &params, &n, 0) < 0) {
    show_error("GetThreadPoolParameters");
    return;
  }
  show_params("threadpool", params, n);
  virTypedParamsFree(params, n);
  params = NULL;
  n = 0;
  virTypedParamsAddUInt(&params, &n, &maxp, VIR_THREADPOOL_WORKERS_MIN, 3);
  virTypedParamsAddUInt(&params, &n, &maxp, VIR_THREADPOOL_WORKERS_MAX, 12);
  virTypedParamsAddUInt(&params, &n, &maxp, VIR_THREADPOOL_WORKERS_PRIORITY,
                        6); /* more: started at once */
  show_int("SetThreadPoolParameters", virAdmServerSetThreadPoolParameters(srv, params, n, 0));
  virTypedParamsFree(params, n);
  params = NULL;
  n = maxp = 0;
  virTypedParamsAddUInt(&params, &n, &maxp, VIR_THREADPOOL_WORKERS_FREE, 3);
  show_int("Set freeWorkers", virAdmServerSetThreadPoolParameters(srv, params, n, 0));
  virTypedParamsFree(params, n);
  params = NULL;
  n = maxp = 0;
  virTypedParamsAddUInt(&params, &n, &maxp, VIR_THREADPOOL_WORKERS_MIN, 30);
  show_int("Set minWorkers > maxWorkers", virAdmServerSetThreadPoolParameters(srv, params, n, 0));
  virTypedParamsFree(params, n);
  params = NULL;
  n = 0;
  if (virAdmServerGetThreadPoolParameters(srv, &params, &n, 0) < 0) {
    show_error("GetThreadPoolParameters");
    return;
  }
  show_params("threadpool after set", params, n);
  virTypedParamsFree(params, n);
  show_int("GetThreadPoolParameters flags=1",
           virAdmServerGetThreadPoolParameters(srv, &params, &n, 1));
}

static void limits(virAdmServerPtr srv) {
  virTypedParameterPtr params = NULL;
  int n = 0, maxp = 0;
  if (virAdmServerGetClientLimits(srv, &params, &n, 0) < 0) {
    show_error("GetClientLimits");
    return;
  }
  show_params("client limits", params, n);
  virTypedParamsFree(params, n);
  params = NULL;
  n = 0;
  virTypedParamsAddUInt(&params, &n, &maxp, VIR_SERVER_CLIENTS_MAX, 100);
  virTypedParamsAddUInt(&params, &n, &maxp, VIR_SERVER_CLIENTS_UNAUTH_MAX, 10);
  show_int("SetClientLimits", virAdmServerSetClientLimits(srv, params, n, 0));
  virTypedParamsFree(params, n);
  params = NULL;
  n = maxp = 0;
  virTypedParamsAddUInt(&params, &n, &maxp, VIR_SERVER_CLIENTS_UNAUTH_MAX, 1000);
  show_int("Set unauth max > max", virAdmServerSetClientLimits(srv, params, n, 0));
  virTypedParamsFree(params, n);
  params = NULL;
  n = 0;
  if (virAdmServerGetClientLimits(srv, &params, &n, 0) < 0) {
    show_error("GetClientLimits");
    return;
  }
  show_params("client limits after set", params, n);
  virTypedParamsFree(params, n);
}

static void clients(virAdmConnectPtr conn) {
  virAdmServerPtr adm = virAdmConnectLookupServer(conn, "admin", 0);
  virAdmClientPtr *list = NULL, c;
  virTypedParameterPtr params = NULL;
  int n, i, np = 0;
  if (!adm) {
    show_error("LookupServer admin");
    return;
  }
  show_int("ListClients count only", virAdmServerListClients(adm, NULL, 0));
  n = virAdmServerListClients(adm, &list, 0);
  show_int("ListClients", n);
  for (i = 0; i < n; i++)
    printf("  client id=%llu transport=%d timestamp %s\n", virAdmClientGetID(list[i]),
           virAdmClientGetTransport(list[i]),
           virAdmClientGetTimestamp(list[i]) > 1000000000 ? "recent" : "odd");
  printf("  list[%d] = %s\n", n, n >= 0 && list && !list[n] ? "NULL" : "set");
  if (n > 0) {
    if (virAdmClientGetInfo(list[n - 1], &params, &np, 0) < 0)
      show_error("ClientGetInfo");
    else
      show_params("own client info", params, np);
    virTypedParamsFree(params, np);
    c = virAdmServerLookupClient(adm, virAdmClientGetID(list[n - 1]), 0);
    if (c) {
      printf("LookupClient: id=%llu transport=%d\n", virAdmClientGetID(c),
             virAdmClientGetTransport(c));
      virAdmClientFree(c);
    } else {
      show_error("LookupClient");
    }
  }
  for (i = 0; i < n; i++) virAdmClientFree(list[i]);
  free(list);
  c = virAdmServerLookupClient(adm, 123456, 0);
  printf("LookupClient 123456 = %s\n", c ? "set" : "NULL");
  show_error("LookupClient 123456");
  show_int("ListClients flags=4", virAdmServerListClients(adm, &list, 4));
  printf("  list = %s\n", list ? "set" : "NULL");
  virAdmServerFree(adm);
}

static void logging(virAdmConnectPtr conn) {
  char *s = NULL;
  int n;
  char outputs[1200];
  n = virAdmConnectGetLoggingOutputs(conn, &s, 0);
  printf("outputs (%d): %s\n", n, masked(s));
  free(s);
  s = NULL;
  show_int("outputs count only", virAdmConnectGetLoggingOutputs(conn, NULL, 0));
  n = virAdmConnectGetLoggingFilters(conn, &s, 0);
  printf("filters (%d): %s\n", n, s ? s : "(null)");
  free(s);
  s = NULL;
  show_int("SetLoggingFilters", virAdmConnectSetLoggingFilters(conn, "1:util 2:rpc +3:qemu", 0));
  n = virAdmConnectGetLoggingFilters(conn, &s, 0);
  printf("filters (%d): %s\n", n, s ? s : "(null)");
  free(s);
  s = NULL;
  show_int("SetLoggingFilters bad", virAdmConnectSetLoggingFilters(conn, "9:util", 0));
  show_int("SetLoggingFilters NULL", virAdmConnectSetLoggingFilters(conn, NULL, 0));
  n = virAdmConnectGetLoggingFilters(conn, &s, 0);
  printf("filters (%d): %s\n", n, s ? s : "(null)");
  free(s);
  s = NULL;
  snprintf(outputs, sizeof outputs, "2:file:%s/admin-test.log 4:stderr", dir);
  show_int("SetLoggingOutputs", virAdmConnectSetLoggingOutputs(conn, outputs, 0));
  n = virAdmConnectGetLoggingOutputs(conn, &s, 0);
  printf("outputs (%d): %s\n", n, masked(s));
  free(s);
  s = NULL;
  show_int("SetLoggingOutputs bad", virAdmConnectSetLoggingOutputs(conn, "2:nowhere", 0));
  show_int("SetLoggingOutputs flags=2", virAdmConnectSetLoggingOutputs(conn, "", 2));
}

static void close_callback(void) {
  virAdmConnectPtr a = virAdmConnectOpen(base_uri, 0), b = virAdmConnectOpen(base_uri, 0);
  virAdmServerPtr adm;
  virAdmClientPtr *list = NULL;
  unsigned long long v;
  int n, i;
  if (!a || !b) {
    show_error("open two");
    return;
  }
  show_int("RegisterCloseCallback", virAdmConnectRegisterCloseCallback(b, on_close, NULL, on_free));
  show_int("RegisterCloseCallback again",
           virAdmConnectRegisterCloseCallback(b, on_close_other, NULL, NULL));
  show_int("UnregisterCloseCallback other",
           virAdmConnectUnregisterCloseCallback(b, on_close_other));
  adm = virAdmConnectLookupServer(a, "admin", 0);
  n = virAdmServerListClients(adm, &list, 0);
  printf("clients before close: %d\n", n);
  /* b's client is the newest */
  if (n > 0) show_int("ClientClose", virAdmClientClose(list[n - 1], 0));
  for (i = 0; i < n; i++) virAdmClientFree(list[i]);
  free(list);
  printf("clients after close: %d\n", virAdmServerListClients(adm, NULL, 0));
  printf("call on closed connection: %s\n",
         virAdmConnectGetLibVersion(b, &v) < 0 ? "failed" : "ok");
  for (i = 0; i < 200 && closed_reason < 0; i++) usleep(10000);
  printf("close callback: reason=%d freed=%d\n", closed_reason, freed);
  show_int("IsAlive(closed)", virAdmConnectIsAlive(b));
  show_int("UnregisterCloseCallback after firing",
           virAdmConnectUnregisterCloseCallback(b, on_close));
  show_int("RegisterCloseCallback after firing",
           virAdmConnectRegisterCloseCallback(b, on_close, NULL, on_free));
  show_int("UnregisterCloseCallback", virAdmConnectUnregisterCloseCallback(b, on_close));
  printf("freed=%d\n", freed);
  show_int("Close b", virAdmConnectClose(b));
  virAdmServerFree(adm);
  show_int("Close a", virAdmConnectClose(a));
}

/* A connection closing its own client: the call fails, and the close
 * callback has run before it returns (libvirt runs it in the calling
 * thread); the callback's reference is gone with it. */
static void self_close(void) {
  virAdmConnectPtr c = virAdmConnectOpen(base_uri, 0);
  virAdmServerPtr adm;
  virAdmClientPtr *list = NULL;
  int n, i, r = -2;
  if (!c) {
    show_error("open");
    return;
  }
  closed_reason = -1;
  freed = 0;
  show_int("RegisterCloseCallback", virAdmConnectRegisterCloseCallback(c, on_close, NULL, on_free));
  adm = virAdmConnectLookupServer(c, "admin", 0);
  n = virAdmServerListClients(adm, &list, 0);
  /* c's client is the newest */
  if (n > 0) r = virAdmClientClose(list[n - 1], 0);
  printf("ClientClose(own client) = %d; close callback by then: reason=%d freed=%d\n", r,
         closed_reason, freed);
  if (r < 0) show_error("ClientClose(own client)");
  for (i = 0; i < n; i++) virAdmClientFree(list[i]);
  free(list);
  virAdmServerFree(adm);
  show_int("IsAlive", virAdmConnectIsAlive(c));
  show_int("Close", virAdmConnectClose(c));
}

/* The daemon stops (its pid file is in DIR): the connection's close
 * callback fires once a call finds it gone. */
static void daemon_death(void) {
  virAdmConnectPtr c = virAdmConnectOpen(base_uri, 0);
  char path[1200];
  unsigned long long v;
  FILE *f;
  int pid = 0, i;
  if (!c) {
    show_error("open");
    return;
  }
  closed_reason = -1;
  freed = 0;
  show_int("RegisterCloseCallback", virAdmConnectRegisterCloseCallback(c, on_close, NULL, on_free));
  snprintf(path, sizeof path, "%s/libvirtd.pid", dir);
  f = fopen(path, "r");
  if (!f || fscanf(f, "%d", &pid) != 1 || pid <= 0) {
    printf("no daemon pid\n");
    return;
  }
  fclose(f);
  kill(pid, SIGTERM);
  for (i = 0; i < 1000 && kill(pid, 0) == 0; i++) usleep(10000);
  printf("daemon %s\n", kill(pid, 0) == 0 ? "still running" : "gone");
  printf("call after daemon death: %s\n", virAdmConnectGetLibVersion(c, &v) < 0 ? "failed" : "ok");
  for (i = 0; i < 200 && closed_reason < 0; i++) usleep(10000);
  printf("close callback: reason=%d freed=%d\n", closed_reason, freed);
  show_int("IsAlive", virAdmConnectIsAlive(c));
  show_int("Close", virAdmConnectClose(c));
}

int main(int argc, char **argv) {
  virAdmConnectPtr conn;
  virAdmServerPtr *servers = NULL, srv;
  unsigned long long v = 0;
  char *uri;
  int n, i;
  if (argc != 3) {
    fprintf(stderr, "usage: transcript ADMIN_SOCKET DAEMON_DIR\n");
    return 2;
  }
  dir = argv[2];
  setvbuf(stdout, NULL, _IOLBF, 0);
  signal(SIGPIPE, SIG_IGN); /* a daemon that hangs up fails the call */
  snprintf(base_uri, sizeof base_uri, "libvirtd:///system?socket=%s", argv[1]);
  virSetErrorFunc(NULL, quiet);
  setenv("XDG_RUNTIME_DIR", dir, 1); /* where /session URIs look */
  show_int("Initialize", virAdmInitialize());
  show_int("GetVersion", virAdmGetVersion(&v));
  printf("version %llu\n", v);
  open_errors();
  default_uri();
  open_flags();

  conn = virAdmConnectOpen(base_uri, 0);
  if (!conn) {
    show_error("open");
    return 1;
  }
  uri = virAdmConnectGetURI(conn);
  printf("URI %s\n", masked(uri));
  free(uri);
  show_int("IsAlive", virAdmConnectIsAlive(conn));
  v = 0;
  show_int("GetLibVersion", virAdmConnectGetLibVersion(conn, &v));
  printf("daemon version %llu\n", v);
  show_int("Ref", virAdmConnectRef(conn));
  show_int("Close (one reference left)", virAdmConnectClose(conn));

  show_int("ListServers count only", virAdmConnectListServers(conn, NULL, 0));
  n = virAdmConnectListServers(conn, &servers, 0);
  show_int("ListServers", n);
  /* the daemon's order is its hash table's, seeded at random */
  for (i = 0; i < n; i++)
    if (strcmp(virAdmServerGetName(servers[i]), "admin") == 0) printf("  server admin\n");
  for (i = 0; i < n; i++)
    if (strcmp(virAdmServerGetName(servers[i]), "admin") != 0)
      printf("  server %s\n", virAdmServerGetName(servers[i]));
  printf("  servers[%d] = %s\n", n, n >= 0 && servers && !servers[n] ? "NULL" : "set");
  for (i = 0; i < n; i++) virAdmServerFree(servers[i]);
  free(servers);
  show_int("ListServers flags=1", virAdmConnectListServers(conn, &servers, 1));

  srv = virAdmConnectLookupServer(conn, "nosuch", 0);
  printf("LookupServer nosuch = %s\n", srv ? "set" : "NULL");
  show_error("LookupServer nosuch");
  srv = virAdmConnectLookupServer(conn, "libvirtd", 0);
  if (!srv) {
    show_error("LookupServer libvirtd");
    return 1;
  }
  printf("server name %s\n", virAdmServerGetName(srv));
  threadpool(srv);
  limits(srv);
  show_int("UpdateTlsFiles", virAdmServerUpdateTlsFiles(srv, 0));
  clients(conn);
  logging(conn);
  show_int("SetDaemonTimeout 0", virAdmConnectSetDaemonTimeout(conn, 0, 0));
  show_int("SetDaemonTimeout flags=1", virAdmConnectSetDaemonTimeout(conn, 0, 1));
  null_args(conn, srv);
  close_callback();
  self_close();
  show_int("ServerFree", virAdmServerFree(srv));
  show_int("Close", virAdmConnectClose(conn));
  daemon_death();
  return 0;
}
