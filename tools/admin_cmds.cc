// SPDX-License-Identifier: LGPL-2.1-or-later
// virt-admin's commands: uri, version, connect, and the monitoring and
// management of a daemon's servers, clients, logging and timeout.
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>

#include "virtkit_admin.h"

namespace virtkit_admin {

namespace {

// vshAdmClientTransportToString.
const char *transport_name(int t) {
  switch (t) {
    case VIR_CLIENT_TRANS_UNIX:
      return "unix";
    case VIR_CLIENT_TRANS_TCP:
      return "tcp";
    case VIR_CLIENT_TRANS_TLS:
      return "tls";
    default:
      return "unknown";
  }
}

// A client's connection time as virt-admin prints it, in local time:
// "YYYY-MM-DD HH:MM:SS+ZZZZ".
std::string connected_since(long long t) {
  time_t tt = static_cast<time_t>(t);
  struct tm tm {};
  char buf[64] = "";
  if (localtime_r(&tt, &tm)) std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S%z", &tm);
  return buf;
}

std::string version_string(unsigned long long v) {
  return std::to_string(v / 1000000) + "." + std::to_string(v % 1000000 / 1000) + "." +
         std::to_string(v % 1000);
}

struct Params {
  virTypedParameterPtr p = nullptr;
  int n = 0, max = 0;
  ~Params() { virTypedParamsFree(p, n); }
};

// The --NAME options given, each as the unsigned typed parameter FIELD;
// false after the error.
bool uint_params(const Cmd &c, std::initializer_list<std::pair<const char *, const char *>> opts,
                 Params &out, bool &add_failed) {
  add_failed = false;
  for (auto &[name, field] : opts) {
    unsigned v;
    int r = c.opt_uint(name, v);
    if (r < 0) {
      error("Unable to parse integer parameter '%s'", name);
      return false;
    }
    if (r > 0 && virTypedParamsAddUInt(&out.p, &out.n, &out.max, field, v) < 0) {
      save_last_error();
      add_failed = true;
      return false;
    }
  }
  return true;
}

}  // namespace

virAdmServerPtr server(Shell &sh, const Cmd &c) {
  const char *name = nullptr;
  if (c.string("server", name) < 0) return nullptr;
  return virAdmConnectLookupServer(sh.conn, name, 0);
}

bool cmd_uri(Shell &sh, const Cmd &) {
  char *uri = virAdmConnectGetURI(sh.conn);
  if (!uri) {
    error("%s", "failed to get URI");
    return false;
  }
  std::printf("%s\n", uri);
  std::free(uri);
  return true;
}

bool cmd_version(Shell &sh, const Cmd &) {
  std::printf("Compiled against library: libvirt %s\n",
              version_string(LIBVIR_VERSION_NUMBER).c_str());
  unsigned long lib;
  if (virGetVersion(&lib, nullptr, nullptr) < 0) {
    error("%s", "failed to get the library version");
    return false;
  }
  std::printf("Using library: libvirt %s\n", version_string(lib).c_str());
  unsigned long long daemon;
  if (virAdmConnectGetLibVersion(sh.conn, &daemon) < 0)
    error("%s", "failed to get the daemon version");
  else
    std::printf("Running against daemon: %s\n", version_string(daemon).c_str());
  return true;
}

bool cmd_connect(Shell &sh, const Cmd &c) {
  const char *name = nullptr;
  bool connected = sh.conn != nullptr;
  if (c.string("name", name) < 0) return false;
  if (name) sh.uri = name;
  sh.reconnect();
  if (!connected && sh.conn) std::printf("%s\n", "Connected to the admin server");
  return sh.conn != nullptr;
}

bool cmd_server_list(Shell &sh, const Cmd &) {
  virAdmServerPtr *srvs = nullptr;
  int n = virAdmConnectListServers(sh.conn, &srvs, 0);
  if (n < 0) {
    char *uri = virAdmConnectGetURI(sh.conn);
    error("failed to obtain list of available servers from %s", uri ? uri : "<null>");
    std::free(uri);
    return false;
  }
  Table t({"Id", "Name"});
  for (int i = 0; i < n; i++) t.add({std::to_string(i), virAdmServerGetName(srvs[i])});
  t.print();
  for (int i = 0; i < n; i++) virAdmServerFree(srvs[i]);
  std::free(srvs);
  return true;
}

bool cmd_server_threadpool_info(Shell &sh, const Cmd &c) {
  virAdmServerPtr srv = server(sh, c);
  if (!srv) return false;
  Params p;
  bool ok = virAdmServerGetThreadPoolParameters(srv, &p.p, &p.n, 0) == 0;
  if (!ok)
    error("%s", "Unable to get server workerpool parameters");
  else
    for (int i = 0; i < p.n; i++) std::printf("%-15s: %u\n", p.p[i].field, p.p[i].value.ui);
  virAdmServerFree(srv);
  return ok;
}

bool cmd_server_threadpool_set(Shell &sh, const Cmd &c) {
  const char *name = nullptr;
  if (c.string("server", name) < 0) return false;
  Params p;
  bool add_failed;
  if (!uint_params(c,
                   {{"max-workers", VIR_THREADPOOL_WORKERS_MAX},
                    {"min-workers", VIR_THREADPOOL_WORKERS_MIN},
                    {"priority-workers", VIR_THREADPOOL_WORKERS_PRIORITY}},
                   p, add_failed)) {
    if (add_failed) error("%s", "Unable to change server workerpool parameters");
    return false;
  }
  if (!p.n) {
    error("%s",
          "At least one of options --min-workers, --max-workers, --priority-workers is "
          "mandatory ");
    return false;
  }
  unsigned min, max;
  if (virTypedParamsGetUInt(p.p, p.n, VIR_THREADPOOL_WORKERS_MAX, &max) > 0 &&
      virTypedParamsGetUInt(p.p, p.n, VIR_THREADPOOL_WORKERS_MIN, &min) > 0 && min > max) {
    error("%s", "--min-workers must be less than or equal to --max-workers");
    return false;
  }
  virAdmServerPtr srv = virAdmConnectLookupServer(sh.conn, name, 0);
  if (!srv) return false;
  bool ok = virAdmServerSetThreadPoolParameters(srv, p.p, p.n, 0) == 0;
  if (!ok) error("%s", "Unable to change server workerpool parameters");
  virAdmServerFree(srv);
  return ok;
}

bool cmd_client_list(Shell &sh, const Cmd &c) {
  virAdmServerPtr srv = server(sh, c);
  if (!srv) return false;
  virAdmClientPtr *clts = nullptr;
  int n = virAdmServerListClients(srv, &clts, 0);
  if (n < 0) {
    error("failed to obtain list of connected clients from server '%s'", virAdmServerGetName(srv));
    virAdmServerFree(srv);
    return false;
  }
  Table t({"Id", "Transport", "Connected since"});
  for (int i = 0; i < n; i++) {
    t.add({std::to_string(virAdmClientGetID(clts[i])),
           transport_name(virAdmClientGetTransport(clts[i])),
           connected_since(virAdmClientGetTimestamp(clts[i]))});
    virAdmClientFree(clts[i]);
  }
  t.print();
  std::free(clts);
  virAdmServerFree(srv);
  return true;
}

bool cmd_client_info(Shell &sh, const Cmd &c) {
  unsigned long long id;
  if (c.opt_ull("client", id) < 0) return false;
  const char *name = nullptr;
  if (c.string("server", name) < 0) return false;
  virAdmServerPtr srv = virAdmConnectLookupServer(sh.conn, name, 0);
  virAdmClientPtr clnt = srv ? virAdmServerLookupClient(srv, id, 0) : nullptr;
  bool ok = clnt != nullptr;
  Params p;
  if (ok && virAdmClientGetInfo(clnt, &p.p, &p.n, 0) < 0) {
    error(
        "failed to retrieve client identity information for client '%llu' connected to "
        "server '%s'",
        id, virAdmServerGetName(srv));
    ok = false;
  }
  if (ok) {
    std::printf("%-15s: %llu\n", "id", virAdmClientGetID(clnt));
    std::printf("%-15s: %s\n", "connection_time",
                connected_since(virAdmClientGetTimestamp(clnt)).c_str());
    std::printf("%-15s: %s\n", "transport", transport_name(virAdmClientGetTransport(clnt)));
    for (int i = 0; i < p.n; i++)
      std::printf("%-15s: %s\n", p.p[i].field, typed_param_value(p.p[i]).c_str());
  }
  if (srv) virAdmServerFree(srv);
  if (clnt) virAdmClientFree(clnt);
  return ok;
}

bool cmd_client_disconnect(Shell &sh, const Cmd &c) {
  const char *name = nullptr;
  if (c.string("server", name) < 0) return false;
  unsigned long long id = 0;
  if (c.opt_ull("client", id, true) < 0) return false;
  virAdmServerPtr srv = virAdmConnectLookupServer(sh.conn, name, 0);
  if (!srv) return false;
  virAdmClientPtr clnt = virAdmServerLookupClient(srv, id, 0);
  bool ok = clnt != nullptr;
  if (ok && virAdmClientClose(clnt, 0) < 0) {
    error("Failed to disconnect client '%llu' from server %s", id, virAdmServerGetName(srv));
    ok = false;
  }
  if (ok) std::printf("Client '%llu' disconnected", id);
  if (clnt) virAdmClientFree(clnt);
  virAdmServerFree(srv);
  return ok;
}

bool cmd_server_clients_info(Shell &sh, const Cmd &c) {
  virAdmServerPtr srv = server(sh, c);
  if (!srv) return false;
  Params p;
  bool ok = virAdmServerGetClientLimits(srv, &p.p, &p.n, 0) == 0;
  if (!ok)
    error("%s", "Unable to retrieve client limits from server's configuration");
  else
    for (int i = 0; i < p.n; i++) std::printf("%-20s: %u\n", p.p[i].field, p.p[i].value.ui);
  virAdmServerFree(srv);
  return ok;
}

bool cmd_server_clients_set(Shell &sh, const Cmd &c) {
  const char *name = nullptr;
  if (c.string("server", name) < 0) return false;
  Params p;
  bool add_failed;
  if (!uint_params(c,
                   {{"max-clients", VIR_SERVER_CLIENTS_MAX},
                    {"max-unauth-clients", VIR_SERVER_CLIENTS_UNAUTH_MAX}},
                   p, add_failed)) {
    if (add_failed) error("%s", "Unable to change server's client-related configuration limits");
    return false;
  }
  if (!p.n) {
    error("%s", "At least one of options --max-clients, --max-unauth-clients is mandatory");
    return false;
  }
  unsigned max, unauth;
  if (virTypedParamsGetUInt(p.p, p.n, VIR_SERVER_CLIENTS_MAX, &max) > 0 &&
      virTypedParamsGetUInt(p.p, p.n, VIR_SERVER_CLIENTS_UNAUTH_MAX, &unauth) > 0 && unauth > max) {
    error("%s", "--max-unauth-clients must be less than or equal to --max-clients");
    return false;
  }
  virAdmServerPtr srv = virAdmConnectLookupServer(sh.conn, name, 0);
  if (!srv) return false;
  bool ok = virAdmServerSetClientLimits(srv, p.p, p.n, 0) == 0;
  if (!ok) error("%s", "Unable to change server's client-related configuration limits");
  virAdmServerFree(srv);
  return ok;
}

bool cmd_server_update_tls(Shell &sh, const Cmd &c) {
  virAdmServerPtr srv = server(sh, c);
  if (!srv) return false;
  bool ok = virAdmServerUpdateTlsFiles(srv, 0) == 0;
  if (!ok)
    error("%s", "Unable to update server's tls related files.");
  else
    std::printf("update tls related files succeed\n");
  virAdmServerFree(srv);
  return ok;
}

namespace {

// daemon-log-filters and daemon-log-outputs: set with the option, else show.
bool log_setting(Shell &sh, const Cmd &c, const char *opt,
                 int (*set)(virAdmConnectPtr, const char *, unsigned),
                 int (*get)(virAdmConnectPtr, char **, unsigned), const char *what,
                 const char *label) {
  if (c.has(opt)) {
    const char *v = nullptr;
    if (c.string(opt, v) < 0 || set(sh.conn, v, 0) < 0) {
      error("Unable to change daemon logging settings");
      return false;
    }
    return true;
  }
  char *v = nullptr;
  if (get(sh.conn, &v, 0) < 0) {
    error("Unable to get daemon logging %s information", what);
    return false;
  }
  extra(" %-15s", label);
  std::printf("%s\n", v ? v : "");
  std::free(v);
  return true;
}

}  // namespace

bool cmd_daemon_log_filters(Shell &sh, const Cmd &c) {
  return log_setting(sh, c, "filters", virAdmConnectSetLoggingFilters,
                     virAdmConnectGetLoggingFilters, "filters", "Logging filters: ");
}

bool cmd_daemon_log_outputs(Shell &sh, const Cmd &c) {
  return log_setting(sh, c, "outputs", virAdmConnectSetLoggingOutputs,
                     virAdmConnectGetLoggingOutputs, "outputs", "Logging outputs: ");
}

bool cmd_daemon_timeout(Shell &sh, const Cmd &c) {
  unsigned timeout = 0;
  if (c.opt_uint("timeout", timeout) < 0) return false;
  return virAdmConnectSetDaemonTimeout(sh.conn, timeout, 0) == 0;
}

}  // namespace virtkit_admin
