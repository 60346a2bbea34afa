// SPDX-License-Identifier: LGPL-2.1-or-later
// virt-admin's commands: uri, version, connect, and the monitoring and
// management of a daemon's servers, clients, logging and timeout.
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

#include <virtkit/library.hpp>

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

using virtkit::TypedParams;
using virtkit::admin::Client;
using virtkit::admin::Server;

// vshGetTypedParamValue's text of a value.
std::string param_text(const TypedParams::Value &v) {
  return std::visit(
      [](const auto &x) -> std::string {
        using T = std::decay_t<decltype(x)>;
        char b[64];
        if constexpr (std::is_same_v<T, std::string>)
          return x;
        else if constexpr (std::is_same_v<T, bool>)
          return x ? "yes" : "no";
        else if constexpr (std::is_same_v<T, double>)
          std::snprintf(b, sizeof b, "%f", x);
        else if constexpr (std::is_same_v<T, int>)
          std::snprintf(b, sizeof b, "%d", x);
        else if constexpr (std::is_same_v<T, unsigned>)
          std::snprintf(b, sizeof b, "%u", x);
        else if constexpr (std::is_same_v<T, long long>)
          std::snprintf(b, sizeof b, "%lld", x);
        else
          std::snprintf(b, sizeof b, "%llu", x);
        return b;
      },
      v);
}

// An unsigned parameter's value, as virt-admin reads it from the union.
unsigned as_uint(const TypedParams::Value &v) {
  return std::visit(
      [](const auto &x) -> unsigned {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::string>)
          return 0;
        else
          return static_cast<unsigned>(x);
      },
      v);
}

// The --NAME options given, each as the unsigned typed parameter FIELD;
// false after the error.
bool uint_params(const Cmd &c, std::initializer_list<std::pair<const char *, const char *>> opts,
                 TypedParams &out) {
  for (auto &[name, field] : opts) {
    unsigned v;
    int r = c.opt_uint(name, v);
    if (r < 0) {
      error("Unable to parse integer parameter '%s'", name);
      return false;
    }
    if (r > 0) out.add(field, v);
  }
  return true;
}

std::string name_of(const Server &s) {
  return s.try_name().value_or(std::string());
}

// A client's transport and connection time, -1 for a failed query as in C.
int transport_of(const Client &c) {
  return c.try_transport().value_or(-1);
}
long long since_of(const Client &c) {
  auto t = c.try_timestamp();
  return t ? std::chrono::duration_cast<std::chrono::seconds>(t->time_since_epoch()).count() : -1;
}

}  // namespace

Server server(Shell &sh, const Cmd &c) {
  const char *name = nullptr;
  if (c.string("server", name) < 0 || !name) return Server();
  auto srv = sh.conn.try_lookup_server(name);
  return srv ? std::move(*srv) : Server();
}

bool cmd_uri(Shell &sh, const Cmd &) {
  auto uri = sh.conn.try_uri();
  if (!uri) {
    error("%s", "failed to get URI");
    return false;
  }
  std::printf("%s\n", uri->c_str());
  return true;
}

bool cmd_version(Shell &sh, const Cmd &) {
  std::printf("Compiled against library: libvirt %s\n",
              version_string(LIBVIR_VERSION_NUMBER).c_str());
  auto lib = virtkit::try_version();
  if (!lib) {
    error("%s", "failed to get the library version");
    return false;
  }
  std::printf("Using library: libvirt %s\n", version_string(lib->library).c_str());
  auto daemon = sh.conn.try_lib_version();
  if (!daemon)
    error("%s", "failed to get the daemon version");
  else
    std::printf("Running against daemon: %s\n", version_string(*daemon).c_str());
  return true;
}

bool cmd_connect(Shell &sh, const Cmd &c) {
  const char *name = nullptr;
  bool connected = static_cast<bool>(sh.conn);
  if (c.string("name", name) < 0) return false;
  if (name) sh.uri = name;
  sh.reconnect();
  if (!connected && sh.conn) std::printf("%s\n", "Connected to the admin server");
  return static_cast<bool>(sh.conn);
}

bool cmd_server_list(Shell &sh, const Cmd &) {
  auto srvs = sh.conn.try_list_servers();
  if (!srvs) {
    auto uri = sh.conn.try_uri();
    error("failed to obtain list of available servers from %s", uri ? uri->c_str() : "<null>");
    return false;
  }
  Table t({"Id", "Name"});
  for (size_t i = 0; i < srvs->size(); i++) t.add({std::to_string(i), name_of((*srvs)[i])});
  t.print();
  return true;
}

bool cmd_server_threadpool_info(Shell &sh, const Cmd &c) {
  Server srv = server(sh, c);
  if (!srv) return false;
  auto p = srv.try_thread_pool_parameters();
  if (!p) {
    error("%s", "Unable to get server workerpool parameters");
    return false;
  }
  for (const auto &param : *p)
    std::printf("%-15s: %u\n", param.field.c_str(), as_uint(param.value));
  return true;
}

bool cmd_server_threadpool_set(Shell &sh, const Cmd &c) {
  const char *name = nullptr;
  if (c.string("server", name) < 0) return false;
  TypedParams p;
  if (!uint_params(c,
                   {{"max-workers", VIR_THREADPOOL_WORKERS_MAX},
                    {"min-workers", VIR_THREADPOOL_WORKERS_MIN},
                    {"priority-workers", VIR_THREADPOOL_WORKERS_PRIORITY}},
                   p))
    return false;
  if (p.empty()) {
    error("%s",
          "At least one of options --min-workers, --max-workers, --priority-workers is "
          "mandatory ");
    return false;
  }
  auto max = p.get<unsigned>(VIR_THREADPOOL_WORKERS_MAX);
  auto min = p.get<unsigned>(VIR_THREADPOOL_WORKERS_MIN);
  if (max && min && *min > *max) {
    error("%s", "--min-workers must be less than or equal to --max-workers");
    return false;
  }
  auto srv = sh.conn.try_lookup_server(name ? name : "");
  if (!srv) return false;
  if (!srv->try_set_thread_pool_parameters(p)) {
    error("%s", "Unable to change server workerpool parameters");
    return false;
  }
  return true;
}

bool cmd_client_list(Shell &sh, const Cmd &c) {
  Server srv = server(sh, c);
  if (!srv) return false;
  auto clts = srv.try_list_clients();
  if (!clts) {
    error("failed to obtain list of connected clients from server '%s'", name_of(srv).c_str());
    return false;
  }
  Table t({"Id", "Transport", "Connected since"});
  for (const Client &clt : *clts) {
    std::string id = std::to_string(clt.id());
    const char *transport = transport_name(transport_of(clt));
    t.add({id, transport, connected_since(since_of(clt))});
  }
  t.print();
  return true;
}

bool cmd_client_info(Shell &sh, const Cmd &c) {
  unsigned long long id;
  if (c.opt_ull("client", id) < 0) return false;
  const char *name = nullptr;
  if (c.string("server", name) < 0) return false;
  auto srv = sh.conn.try_lookup_server(name ? name : "");
  if (!srv) return false;
  auto clnt = srv->try_lookup_client(id);
  if (!clnt) return false;
  auto info = clnt->try_info();
  if (!info) {
    error(
        "failed to retrieve client identity information for client '%llu' connected to "
        "server '%s'",
        id, name_of(*srv).c_str());
    return false;
  }
  std::printf("%-15s: %llu\n", "id", clnt->id());
  std::printf("%-15s: %s\n", "connection_time", connected_since(since_of(*clnt)).c_str());
  std::printf("%-15s: %s\n", "transport", transport_name(transport_of(*clnt)));
  for (const auto &param : *info)
    std::printf("%-15s: %s\n", param.field.c_str(), param_text(param.value).c_str());
  return true;
}

bool cmd_client_disconnect(Shell &sh, const Cmd &c) {
  const char *name = nullptr;
  if (c.string("server", name) < 0) return false;
  unsigned long long id = 0;
  if (c.opt_ull("client", id, true) < 0) return false;
  auto srv = sh.conn.try_lookup_server(name ? name : "");
  if (!srv) return false;
  auto clnt = srv->try_lookup_client(id);
  if (!clnt) return false;
  if (!clnt->try_close()) {
    error("Failed to disconnect client '%llu' from server %s", id, name_of(*srv).c_str());
    return false;
  }
  std::printf("Client '%llu' disconnected", id);
  return true;
}

bool cmd_server_clients_info(Shell &sh, const Cmd &c) {
  Server srv = server(sh, c);
  if (!srv) return false;
  auto p = srv.try_client_limits();
  if (!p) {
    error("%s", "Unable to retrieve client limits from server's configuration");
    return false;
  }
  for (const auto &param : *p)
    std::printf("%-20s: %u\n", param.field.c_str(), as_uint(param.value));
  return true;
}

bool cmd_server_clients_set(Shell &sh, const Cmd &c) {
  const char *name = nullptr;
  if (c.string("server", name) < 0) return false;
  TypedParams p;
  if (!uint_params(c,
                   {{"max-clients", VIR_SERVER_CLIENTS_MAX},
                    {"max-unauth-clients", VIR_SERVER_CLIENTS_UNAUTH_MAX}},
                   p))
    return false;
  if (p.empty()) {
    error("%s", "At least one of options --max-clients, --max-unauth-clients is mandatory");
    return false;
  }
  auto max = p.get<unsigned>(VIR_SERVER_CLIENTS_MAX);
  auto unauth = p.get<unsigned>(VIR_SERVER_CLIENTS_UNAUTH_MAX);
  if (max && unauth && *unauth > *max) {
    error("%s", "--max-unauth-clients must be less than or equal to --max-clients");
    return false;
  }
  auto srv = sh.conn.try_lookup_server(name ? name : "");
  if (!srv) return false;
  if (!srv->try_set_client_limits(p)) {
    error("%s", "Unable to change server's client-related configuration limits");
    return false;
  }
  return true;
}

bool cmd_server_update_tls(Shell &sh, const Cmd &c) {
  Server srv = server(sh, c);
  if (!srv) return false;
  if (!srv.try_update_tls_files()) {
    error("%s", "Unable to update server's tls related files.");
    return false;
  }
  std::printf("update tls related files succeed\n");
  return true;
}

namespace {

// daemon-log-filters and daemon-log-outputs: set with the option, else show.
bool log_setting(Shell &sh, const Cmd &c, const char *opt,
                 virtkit::Expected<void> (virtkit::admin::Connection::*set)(
                     std::optional<std::string_view>, unsigned) const,
                 virtkit::Expected<std::string> (virtkit::admin::Connection::*get)(unsigned) const,
                 const char *what, const char *label) {
  if (c.has(opt)) {
    const char *v = nullptr;
    if (c.string(opt, v) < 0 ||
        !(sh.conn.*set)(v ? std::optional<std::string_view>(v) : std::nullopt, 0)) {
      error("Unable to change daemon logging settings");
      return false;
    }
    return true;
  }
  auto v = (sh.conn.*get)(0);
  if (!v) {
    error("Unable to get daemon logging %s information", what);
    return false;
  }
  extra(" %-15s", label);
  std::printf("%s\n", v->c_str());
  return true;
}

}  // namespace

bool cmd_daemon_log_filters(Shell &sh, const Cmd &c) {
  return log_setting(sh, c, "filters", &virtkit::admin::Connection::try_set_logging_filters,
                     &virtkit::admin::Connection::try_logging_filters, "filters",
                     "Logging filters: ");
}

bool cmd_daemon_log_outputs(Shell &sh, const Cmd &c) {
  return log_setting(sh, c, "outputs", &virtkit::admin::Connection::try_set_logging_outputs,
                     &virtkit::admin::Connection::try_logging_outputs, "outputs",
                     "Logging outputs: ");
}

bool cmd_daemon_timeout(Shell &sh, const Cmd &c) {
  unsigned timeout = 0;
  if (c.opt_uint("timeout", timeout) < 0) return false;
  return static_cast<bool>(sh.conn.try_set_daemon_timeout(std::chrono::seconds(timeout)));
}

}  // namespace virtkit_admin
