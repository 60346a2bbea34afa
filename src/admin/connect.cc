// SPDX-License-Identifier: LGPL-2.1-or-later
// libvirt-admin's connection entry points (virtkitPriv_virAdm*, forwarded to
// by libvirt-admin.so.0): opening a daemon's admin socket from a URI, the
// connection's reference count and close callback, the daemon's logging
// settings and timeout.
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "private_api.h"
#include "admin/link.h"
#include "api/guard.h"
#include "api/util.h"
#include "driver/registry.h"
#include "driver/uri.h"
#include "util/log.h"
#include "util/user_dirs.h"

using namespace virtkit;
using namespace virtkit::api;
using namespace virtkit::admin;

namespace {

log::Source g_log("libvirt-admin");

// The URI when the application gives none: $LIBVIRT_ADMIN_DEFAULT_URI,
// else libvirt-admin.conf's uri_default, else libvirtd's own socket for
// root or the user.
Result<std::string> default_uri(const std::optional<util::Conf> &conf) {
  if (const char *env = std::getenv("LIBVIRT_ADMIN_DEFAULT_URI"); env && *env) {
    VK_DEBUG(g_log, "Using LIBVIRT_ADMIN_DEFAULT_URI '%s'", env);
    return std::string(env);
  }
  std::string uri;
  if (conf) {
    auto have = conf->get_string("uri_default", &uri);
    VK_TRY(have);
    if (*have) {
      VK_DEBUG(g_log, "Using config file uri '%s'", uri.c_str());
      return uri;
    }
  }
  return std::string(geteuid() == 0 ? "libvirtd:///system" : "libvirtd:///session");
}

Status unsupported_config(const char *fmt, const char *arg) {
  return error(VIR_FROM_ADMIN, VIR_ERR_CONFIG_UNSUPPORTED, fmt, arg);
}

// The daemon's admin socket a URI names: ?socket=PATH, else the socket of
// the daemon its scheme names (libvirtd or virt*d), for /system or /session.
Result<std::string> socket_path(const driver::Uri &uri) {
  const std::string *sock = nullptr;
  for (const auto &[name, value] : uri.params) {
    if (name != "socket") return unsupported_config("Unknown URI parameter '%s'", name.c_str());
    sock = &value;
  }
  if (sock) return *sock;
  if (!uri.has_scheme) return unsupported_config("%s", "No URI scheme specified");
  std::string base;
  if (uri.scheme == "libvirtd")
    base = "libvirt-admin-sock";
  else if (uri.scheme.rfind("virt", 0) == 0)
    base = uri.scheme + "-admin-sock";
  else
    return unsupported_config("Unsupported URI scheme '%s'", uri.scheme.c_str());
  if (uri.path == "/system") return "/run/libvirt/" + base;
  if (uri.path == "/session") return util::user_runtime_dir() + "/" + base;
  return unsupported_config("Invalid URI path '%s', try '/system'", uri.path.c_str());
}

}  // namespace

int virtkitPriv_virAdmInitialize(void) {
  return virInitialize();
}

virAdmConnectPtr virtkitPriv_virAdmConnectOpen(const char *name, unsigned int flags) {
  if (virInitialize() < 0) return nullptr;
  if (detail::debug_wanted()) [[unlikely]]
    detail::log_call(info<Api::virAdmConnectOpen>, "name=%s flags=0x%x", name ? name : "(null)",
                     flags);
  return entry<Api::virAdmConnectOpen, true>(
      nullptr, [&](const Call &) -> Result<virAdmConnectPtr> {
        auto conf = driver::load_client_conf("libvirt-admin.conf");
        VK_TRY(conf);
        std::string uristr;
        if (name) {
          uristr = name;
        } else {
          auto d = default_uri(*conf);
          VK_TRY(d);
          uristr = std::move(d).value();
        }
        if (*conf && !(flags & VIR_CONNECT_NO_ALIASES))
          VK_TRY(driver::resolve_alias(**conf, &uristr));
        auto uri = driver::parse_uri(uristr.c_str());
        VK_TRY(uri);
        auto sock = socket_path(*uri);
        VK_TRY(sock);
        auto conn = std::make_unique<_virAdmConnect>();
        conn->uri = driver::format_uri(*uri);
        auto link = Link::open(*sock, conn.get(), flags);
        VK_TRY(link);
        conn->link = std::move(link).value();
        return conn.release();
      });
}

int virtkitPriv_virAdmConnectClose(virAdmConnectPtr conn) {
  if (!conn) {  // not an error, as in libvirt
    errstore::reset();
    return 0;
  }
  return entry<Api::virAdmConnectClose>(
      conn, [&](const Call &) -> Result<int> { return handles::unref(conn) ? 0 : 1; });
}

int virtkitPriv_virAdmConnectRef(virAdmConnectPtr conn) {
  return entry<Api::virAdmConnectRef>(conn, [&](const Call &) -> Result<int> {
    handles::ref(conn);
    return 0;
  });
}

int virtkitPriv_virAdmGetVersion(unsigned long long *libVer) {
  return entry<Api::virAdmGetVersion>([&](const Call &) -> Result<int> {
    if (!libVer) return generic_failure();  // libvirt names no cause
    *libVer = LIBVIR_VERSION_NUMBER;
    return 0;
  });
}

int virtkitPriv_virAdmConnectIsAlive(virAdmConnectPtr conn) {
  if (!conn) {
    errstore::reset();
    return 0;
  }
  return entry<Api::virAdmConnectIsAlive>(
      conn, [&](const Call &) -> Result<int> { return conn->link->alive() ? 1 : 0; });
}

char *virtkitPriv_virAdmConnectGetURI(virAdmConnectPtr conn) {
  return entry<Api::virAdmConnectGetURI>(
      conn, [&](const Call &) -> Result<char *> { return dup_c(conn->uri); });
}

int virtkitPriv_virAdmConnectRegisterCloseCallback(virAdmConnectPtr conn, virAdmConnectCloseFunc cb,
                                                   void *opaque, virFreeCallback freecb) {
  return entry<Api::virAdmConnectRegisterCloseCallback>(conn, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(cb, "cb"));
    std::lock_guard g(conn->cb_mu);
    if (conn->cb)
      return error(VIR_FROM_ADMIN, VIR_ERR_OPERATION_INVALID, "%s",
                   "A close callback is already registered");
    handles::ref(conn);  // held while registered
    conn->cb = cb;
    conn->cb_opaque = opaque;
    conn->cb_free = freecb;
    return 0;
  });
}

int virtkitPriv_virAdmConnectUnregisterCloseCallback(virAdmConnectPtr conn,
                                                     virAdmConnectCloseFunc cb) {
  return entry<Api::virAdmConnectUnregisterCloseCallback>(conn, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(cb, "cb"));
    void *opaque;
    virFreeCallback freecb;
    {
      std::lock_guard g(conn->cb_mu);
      if (conn->cb != cb)  // libvirt reports this one without a domain
        return error(VIR_FROM_NONE, VIR_ERR_OPERATION_INVALID, "%s",
                     "A different callback was requested");
      conn->cb = nullptr;
      opaque = std::exchange(conn->cb_opaque, nullptr);
      freecb = std::exchange(conn->cb_free, nullptr);
    }
    handles::ScopedRef drop{conn};  // the registration's reference
    if (freecb) freecb(opaque);
    return 0;
  });
}

int virtkitPriv_virAdmConnectGetLibVersion(virAdmConnectPtr conn, unsigned long long *libVer) {
  return entry<Api::virAdmConnectGetLibVersion>(conn, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(libVer, "libVer"));
    auto r = conn->link->call<A::connect_get_lib_version>();
    VK_TRY(r);
    *libVer = r->libVer;
    return 0;
  });
}

int virtkitPriv_virAdmConnectGetLoggingOutputs(virAdmConnectPtr conn, char **outputs,
                                               unsigned int flags) {
  return entry<Api::virAdmConnectGetLoggingOutputs>(conn, [&](const Call &) -> Result<int> {
    proto::admin_connect_get_logging_outputs_args a{flags};
    auto r = conn->link->call<A::connect_get_logging_outputs>(a);
    VK_TRY(r);
    if (outputs) *outputs = dup_c(r->outputs);
    return static_cast<int>(r->noutputs);
  });
}

int virtkitPriv_virAdmConnectGetLoggingFilters(virAdmConnectPtr conn, char **filters,
                                               unsigned int flags) {
  return entry<Api::virAdmConnectGetLoggingFilters>(conn, [&](const Call &) -> Result<int> {
    proto::admin_connect_get_logging_filters_args a{flags};
    auto r = conn->link->call<A::connect_get_logging_filters>(a);
    VK_TRY(r);
    if (filters) *filters = r->filters ? dup_c(*r->filters) : nullptr;
    return static_cast<int>(r->nfilters);
  });
}

int virtkitPriv_virAdmConnectSetLoggingOutputs(virAdmConnectPtr conn, const char *outputs,
                                               unsigned int flags) {
  return entry<Api::virAdmConnectSetLoggingOutputs>(conn, [&](const Call &) -> Result<int> {
    proto::admin_connect_set_logging_outputs_args a;
    if (outputs) a.outputs = std::string(outputs);
    a.flags = flags;
    VK_TRY(conn->link->call<A::connect_set_logging_outputs>(a));
    return 0;
  });
}

int virtkitPriv_virAdmConnectSetLoggingFilters(virAdmConnectPtr conn, const char *filters,
                                               unsigned int flags) {
  return entry<Api::virAdmConnectSetLoggingFilters>(conn, [&](const Call &) -> Result<int> {
    proto::admin_connect_set_logging_filters_args a;
    if (filters) a.filters = std::string(filters);
    a.flags = flags;
    VK_TRY(conn->link->call<A::connect_set_logging_filters>(a));
    return 0;
  });
}

int virtkitPriv_virAdmConnectSetDaemonTimeout(virAdmConnectPtr conn, unsigned int timeout,
                                              unsigned int flags) {
  return entry<Api::virAdmConnectSetDaemonTimeout>(conn, [&](const Call &) -> Result<int> {
    proto::admin_connect_set_daemon_timeout_args a{timeout, flags};
    VK_TRY(conn->link->call<A::connect_set_daemon_timeout>(a));
    return 0;
  });
}
