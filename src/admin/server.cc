// SPDX-License-Identifier: LGPL-2.1-or-later
// libvirt-admin's server and client entry points (virtkitPriv_virAdm*): the
// daemon's servers, their worker pools, client limits and TLS files, and
// the clients connected to them.
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "private_api.h"
#include "admin/link.h"
#include "api/guard.h"
#include "drivers/remote/wire.h"

using namespace virtkit;
using namespace virtkit::api;
using namespace virtkit::admin;

namespace {

namespace wire = virtkit::drivers::remote;

// The protocol's limits on typed parameter lists.
constexpr int kThreadPoolParamsMax = 32;
constexpr int kClientInfoParamsMax = 64;
constexpr int kClientLimitsMax = 32;

Link &link_of(virAdmServerPtr srv) {
  return *srv->conn->link;
}
Link &link_of(virAdmClientPtr client) {
  return *client->srv->conn->link;
}

proto::admin_nonnull_server wire_server(virAdmServerPtr srv) {
  proto::admin_nonnull_server w;
  w.name = srv->name;
  return w;
}

proto::admin_nonnull_client wire_client(virAdmClientPtr client) {
  proto::admin_nonnull_client w;
  w.srv = wire_server(client->srv);
  w.id = client->id;
  w.timestamp = client->timestamp;
  w.transport = client->transport;
  return w;
}

virAdmServerPtr new_server(virAdmConnectPtr conn, const proto::admin_nonnull_server &w) {
  return handles::make<_virAdmServer>(conn, [&](_virAdmServer &s) { s.name = w.name; });
}

// A client handle of `srv` (the wire's own server name is not used, as in
// libvirt).
virAdmClientPtr new_client(virAdmServerPtr srv, const proto::admin_nonnull_client &w) {
  return handles::make<_virAdmClient>(srv, [&](_virAdmClient &c) {
    c.id = w.id;
    c.timestamp = w.timestamp;
    c.transport = w.transport;
  });
}

// The admin program's typed parameters are the remote program's, field for
// field: the remote driver's conversions serve both.
std::vector<proto::typed_param> as_remote(const std::vector<proto::admin_typed_param> &in) {
  std::vector<proto::typed_param> out(in.size());
  for (size_t i = 0; i < in.size(); i++) {
    out[i].field = in[i].field;
    const auto &v = in[i].value;
    out[i].value = {v.type, v.i, v.ui, v.l, v.ul, v.d, v.b, v.s};
  }
  return out;
}

std::vector<proto::admin_typed_param> as_admin(const std::vector<proto::typed_param> &in) {
  std::vector<proto::admin_typed_param> out(in.size());
  for (size_t i = 0; i < in.size(); i++) {
    out[i].field = in[i].field;
    const auto &v = in[i].value;
    out[i].value = {v.type, v.i, v.ui, v.l, v.ul, v.d, v.b, v.s};
  }
  return out;
}

Status params_out(const std::vector<proto::admin_typed_param> &in, int limit,
                  virTypedParameterPtr *params, int *nparams) {
  if (*params) return wire::params_from_wire(as_remote(in), limit, *params, nparams);
  return wire::params_from_wire_alloc(as_remote(in), limit, params, nparams);
}

Result<std::vector<proto::admin_typed_param>> params_in(const virTypedParameter *params,
                                                        int nparams, int limit) {
  std::vector<proto::typed_param> w;
  VK_TRY(wire::params_to_wire(params, nparams, limit, w));
  return as_admin(w);
}

}  // namespace

const char *virtkitPriv_virAdmServerGetName(virAdmServerPtr srv) {
  return entry<Api::virAdmServerGetName>(
      srv, [&](const Call &) -> Result<const char *> { return srv->name.c_str(); });
}

int virtkitPriv_virAdmServerFree(virAdmServerPtr srv) {
  if (!srv) {  // not an error, as in libvirt
    errstore::reset();
    return 0;
  }
  return entry<Api::virAdmServerFree>(srv, [&](const Call &) -> Result<int> {
    handles::unref(srv);
    return 0;
  });
}

int virtkitPriv_virAdmConnectListServers(virAdmConnectPtr conn, virAdmServerPtr **servers,
                                         unsigned int flags) {
  if (servers) *servers = nullptr;
  return entry<Api::virAdmConnectListServers>(conn, [&](const Call &) -> Result<int> {
    proto::admin_connect_list_servers_args a{servers ? 1u : 0u, flags};
    auto r = conn->link->call<A::connect_list_servers>(a);
    VK_TRY(r);
    if (servers)
      VK_TRY(wire::make_list(r->servers, servers, [&](const proto::admin_nonnull_server &w) {
        return new_server(conn, w);
      }));
    return static_cast<int>(r->ret);
  });
}

virAdmServerPtr virtkitPriv_virAdmConnectLookupServer(virAdmConnectPtr conn, const char *name,
                                                      unsigned int flags) {
  return entry<Api::virAdmConnectLookupServer>(conn, [&](const Call &c) -> Result<virAdmServerPtr> {
    VK_TRY(c.nonnull(name, "name"));
    proto::admin_connect_lookup_server_args a{name, flags};
    auto r = conn->link->call<A::connect_lookup_server>(a);
    VK_TRY(r);
    return new_server(conn, r->srv);
  });
}

namespace {

// The thread pool's and the client limits' parameters travel alike: the
// server, then the typed parameters (at most `max`), then flags.
template <int N>
Status get_params(virAdmServerPtr srv, int max, virTypedParameterPtr *params, int *nparams,
                  unsigned flags) {
  typename proto::AdminProc<N>::args a{wire_server(srv), flags};
  auto r = link_of(srv).call<N>(a);
  VK_TRY(r);
  return params_out(r->params, max, params, nparams);
}

template <int N>
Status set_params(virAdmServerPtr srv, int max, virTypedParameterPtr params, int nparams,
                  unsigned flags) {
  typename proto::AdminProc<N>::args a;
  a.srv = wire_server(srv);
  auto w = params_in(params, nparams, max);
  VK_TRY(w);
  a.params = std::move(w).value();
  a.flags = flags;
  return link_of(srv).call<N>(a).status();
}

}  // namespace

int virtkitPriv_virAdmServerGetThreadPoolParameters(virAdmServerPtr srv,
                                                    virTypedParameterPtr *params, int *nparams,
                                                    unsigned int flags) {
  return entry<Api::virAdmServerGetThreadPoolParameters>(srv, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(params, "params"));
    VK_TRY(c.nonnull(nparams, "nparams"));  // libvirt would crash
    VK_TRY(get_params<A::server_get_threadpool_parameters>(srv, kThreadPoolParamsMax, params,
                                                           nparams, flags));
    return 0;
  });
}

int virtkitPriv_virAdmServerSetThreadPoolParameters(virAdmServerPtr srv,
                                                    virTypedParameterPtr params, int nparams,
                                                    unsigned int flags) {
  return entry<Api::virAdmServerSetThreadPoolParameters>(srv, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(params, "params"));
    VK_TRY(c.nonnegative(nparams, "nparams"));
    VK_TRY(set_params<A::server_set_threadpool_parameters>(srv, kThreadPoolParamsMax, params,
                                                           nparams, flags));
    return 0;
  });
}

int virtkitPriv_virAdmServerListClients(virAdmServerPtr srv, virAdmClientPtr **clients,
                                        unsigned int flags) {
  if (clients) *clients = nullptr;
  return entry<Api::virAdmServerListClients>(srv, [&](const Call &) -> Result<int> {
    proto::admin_server_list_clients_args a{wire_server(srv), clients ? 1u : 0u, flags};
    auto r = link_of(srv).call<A::server_list_clients>(a);
    VK_TRY(r);
    if (clients)
      VK_TRY(wire::make_list(r->clients, clients, [&](const proto::admin_nonnull_client &w) {
        return new_client(srv, w);
      }));
    return static_cast<int>(r->ret);
  });
}

virAdmClientPtr virtkitPriv_virAdmServerLookupClient(virAdmServerPtr srv, unsigned long long id,
                                                     unsigned int flags) {
  return entry<Api::virAdmServerLookupClient>(srv, [&](const Call &) -> Result<virAdmClientPtr> {
    proto::admin_server_lookup_client_args a{wire_server(srv), id, flags};
    auto r = link_of(srv).call<A::server_lookup_client>(a);
    VK_TRY(r);
    return new_client(srv, r->clnt);
  });
}

int virtkitPriv_virAdmServerGetClientLimits(virAdmServerPtr srv, virTypedParameterPtr *params,
                                            int *nparams, unsigned int flags) {
  return entry<Api::virAdmServerGetClientLimits>(srv, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(params, "params"));  // libvirt would crash on these
    VK_TRY(c.nonnull(nparams, "nparams"));
    VK_TRY(get_params<A::server_get_client_limits>(srv, kClientLimitsMax, params, nparams, flags));
    return 0;
  });
}

int virtkitPriv_virAdmServerSetClientLimits(virAdmServerPtr srv, virTypedParameterPtr params,
                                            int nparams, unsigned int flags) {
  return entry<Api::virAdmServerSetClientLimits>(srv, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(params, "params"));
    VK_TRY(c.nonnegative(nparams, "nparams"));
    VK_TRY(set_params<A::server_set_client_limits>(srv, kClientLimitsMax, params, nparams, flags));
    return 0;
  });
}

int virtkitPriv_virAdmServerUpdateTlsFiles(virAdmServerPtr srv, unsigned int flags) {
  return entry<Api::virAdmServerUpdateTlsFiles>(srv, [&](const Call &) -> Result<int> {
    proto::admin_server_update_tls_files_args a{wire_server(srv), flags};
    VK_TRY(link_of(srv).call<A::server_update_tls_files>(a));
    return 0;
  });
}

unsigned long long virtkitPriv_virAdmClientGetID(virAdmClientPtr client) {
  return entry<Api::virAdmClientGetID>(
      client, [&](const Call &) -> Result<unsigned long long> { return client->id; },
      static_cast<unsigned long long>(-1));
}

long long virtkitPriv_virAdmClientGetTimestamp(virAdmClientPtr client) {
  return entry<Api::virAdmClientGetTimestamp>(
      client, [&](const Call &) -> Result<long long> { return client->timestamp; });
}

int virtkitPriv_virAdmClientGetTransport(virAdmClientPtr client) {
  return entry<Api::virAdmClientGetTransport>(
      client, [&](const Call &) -> Result<int> { return static_cast<int>(client->transport); });
}

int virtkitPriv_virAdmClientFree(virAdmClientPtr client) {
  if (!client) {  // not an error, as in libvirt
    errstore::reset();
    return 0;
  }
  return entry<Api::virAdmClientFree>(client, [&](const Call &) -> Result<int> {
    handles::unref(client);
    return 0;
  });
}

int virtkitPriv_virAdmClientGetInfo(virAdmClientPtr client, virTypedParameterPtr *params,
                                    int *nparams, unsigned int flags) {
  return entry<Api::virAdmClientGetInfo>(client, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(params, "params"));
    VK_TRY(c.nonnull(nparams, "nparams"));  // libvirt would crash
    proto::admin_client_get_info_args a{wire_client(client), flags};
    auto r = link_of(client).call<A::client_get_info>(a);
    VK_TRY(r);
    VK_TRY(params_out(r->params, kClientInfoParamsMax, params, nparams));
    return 0;
  });
}

int virtkitPriv_virAdmClientClose(virAdmClientPtr client, unsigned int flags) {
  return entry<Api::virAdmClientClose>(client, [&](const Call &) -> Result<int> {
    proto::admin_client_close_args a{wire_client(client), flags};
    VK_TRY(link_of(client).call<A::client_close>(a));
    return 0;
  });
}
