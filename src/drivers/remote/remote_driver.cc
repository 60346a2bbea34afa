// SPDX-License-Identifier: LGPL-2.1-or-later
// The remote driver: a client of a libvirt daemon; the daemon's errors come
// back verbatim. Most slots are forwarded by the generated Remote*Slots
// classes (remote_slots.h, api/gen_remote_slots.py: a slot whose arguments
// and reply have a regular shape needs no code). Here: choosing the
// transport and opening the connection (RemoteDriver), and the
// connection's own part of the hypervisor table (hypervisor.h).
#include <strings.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <thread>

#include "api/close_callback.h"
#include "drivers/remote/hypervisor.h"
#include "core/handles.h"
#include "driver/driver.h"
#include "driver/registry.h"
#include "drivers/remote/client.h"
#include "drivers/remote/events.h"
#include "drivers/remote/sasl.h"
#include "drivers/remote/ssh.h"
#include "drivers/remote/tls.h"
#include "drivers/remote/stream.h"
#include "drivers/remote/wire.h"
#include "event/event_loop.h"
#include "util/auth_conf.h"
#include "util/log.h"
#include "util/numbers.h"
#include "util/user_dirs.h"

namespace virtkit::drivers::remote {

using virtkit::remote::Client;

namespace {

// libvirt's REMOTE_DRIVER_OPEN_* flags, passed on in CONNECT_OPEN's flags
// as libvirt's client does (the daemon looks at the read-only bit only).
constexpr unsigned kOpenRO = 1, kOpenUser = 2, kOpenAutostart = 4;

log::Source g_log("remote.remote_driver");

// libvirt's remoteGetURIDaemonInfo: a non-root user's /session URIs and
// test+ schemes go to the user's own daemon, started if need be when the
// URI names no host and the transport is unix (LIBVIRT_AUTOSTART=0 stops
// that); so does no URI at all.
unsigned daemon_flags(const driver::Uri &uri, bool probe, const std::string &transport) {
  if (geteuid() == 0) return 0;
  const char *env = std::getenv("LIBVIRT_AUTOSTART");
  const unsigned autostart = env && std::strcmp(env, "0") == 0 ? 0 : kOpenAutostart;
  if (probe) return kOpenUser | autostart;
  if (uri.path.empty() || (uri.path != "/session" && uri.scheme.rfind("test+", 0) != 0)) return 0;
  bool server = uri.has_server && !uri.server.empty();
  return kOpenUser | (!server && transport == "unix" ? autostart : 0);
}

// Where a daemon is started from: $VIRTD_PATH, else $LIBVIRTD_PATH (each a
// directory, as libvirt reads them), else /usr/sbin.
std::string daemon_binary(const std::string &name) {
  const char *dir = std::getenv("VIRTD_PATH");
  if (!dir) dir = std::getenv("LIBVIRTD_PATH");
  std::string d = dir ? dir : "/usr/sbin";
  if (d.empty()) return name;
  while (d.size() > 1 && d.back() == '/') d.pop_back();
  return d == "/" ? "/" + name : d + "/" + name;
}

std::string uri_encode(const std::string &s) {
  // libvirt's virBufferURIEncodeString (glib's unreserved set kept as is).
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace

// ---- the connection: RemoteHypervisor's own part ----

RemoteHypervisor::RemoteHypervisor(std::shared_ptr<Client> c, bool secure)
    : RemoteHypervisorSlots(std::move(c)), secure_(secure) {
  client_->set_close_handler([this](int reason) { on_close(reason); });
  client_->set_message_handler(
      [this](uint32_t prog, int proc, const std::string &body) { on_message(prog, proc, body); });
}

RemoteHypervisor::~RemoteHypervisor() {
  {
    // The connection is going: the close notices that may still come
    // (the connection failing below) have no one to tell.
    std::lock_guard g(cb_mu_);
    cb_conn_ = nullptr;
  }
  if (opened_ && client_->alive()) (void)client_->call<P::connect_close>();
  client_->close();
}

Status RemoteHypervisor::open(const std::string &name, unsigned rflags, bool probe,
                              const AuthParams &auth) {
  VK_DEBUG(g_log, "%s", "Trying authentication");
  VK_TRY(authenticate(auth));
  // As libvirt's client, keepalive needs the application's event loop at
  // open; the daemon is asked whether it speaks the keepalive program.
  if (event::have_impl()) {
    async_io_ = true;
    proto::connect_supports_feature_args f{10 /* VIR_DRV_FEATURE_PROGRAM_KEEPALIVE */};
    auto r = client_->call<P::connect_supports_feature>(f);
    server_keepalive_ = r.ok() && r->supported;
  }
  proto::connect_open_args a;
  a.name = name;
  a.flags = rflags;
  VK_DEBUG(g_log, "Trying to open URI '%s'", name.c_str());
  VK_TRY(client_->call<P::connect_open>(a));
  opened_ = true;
  if (probe) {
    auto r = client_->call<P::connect_get_uri>();
    VK_TRY(r);
    VK_DEBUG(g_log, "Auto-probed URI is %s", r->uri.c_str());
    VK_TRY(driver::parse_uri(r->uri.c_str()));
    probed_ = std::move(r->uri);
  }
  client_->opened();
  return Status();
}

Status RemoteHypervisor::close_callback_registering(virConnectPtr conn) {
  VK_TRY(events_->close_callback_registering());
  std::lock_guard g(cb_mu_);
  cb_conn_ = conn;
  return Status();
}

Status RemoteHypervisor::close_callback_unregistering(virConnectPtr) {
  VK_TRY(events_->close_callback_unregistering());
  std::lock_guard g(cb_mu_);
  cb_conn_ = nullptr;
  return Status();
}

Result<int> RemoteHypervisor::connectSetKeepAlive(virConnectPtr, int interval, unsigned count) {
  if (!async_io_)
    return error(kFrom, VIR_ERR_INTERNAL_ERROR, "%s",
                 "the caller doesn't support keepalive protocol; perhaps it's missing event "
                 "loop implementation");
  if (!server_keepalive_) return 1;
  if (interval <= 0) {
    client_->stop_keepalive();
    return 0;
  }
  VK_TRY(client_->start_keepalive(interval, count));
  return 0;
}

Result<char *> RemoteHypervisor::domainScreenshot(virDomainPtr dom, virStreamPtr st,
                                                  unsigned screen, unsigned flags) {
  proto::domain_screenshot_args a{wire(dom), screen, flags};
  auto r = call_with_stream<P::domain_screenshot>(client_, st, false, a);
  VK_TRY(r);
  return r->mime ? dup(*r->mime) : nullptr;
}

Result<int> RemoteHypervisor::domainOpenConsole(virDomainPtr dom, const char *dev_name,
                                                virStreamPtr st, unsigned flags) {
  proto::domain_open_console_args a{wire(dom), std::nullopt, flags};
  if (dev_name) a.dev_name = std::string(dev_name);
  VK_TRY(call_with_stream<P::domain_open_console>(client_, st, false, a));
  return 0;
}

Result<int> RemoteHypervisor::domainOpenChannel(virDomainPtr dom, const char *name, virStreamPtr st,
                                                unsigned flags) {
  proto::domain_open_channel_args a{wire(dom), std::nullopt, flags};
  if (name) a.name = std::string(name);
  VK_TRY(call_with_stream<P::domain_open_channel>(client_, st, false, a));
  return 0;
}

Result<int> RemoteHypervisor::connectDomainEventRegister(virConnectPtr conn,
                                                         virConnectDomainEventCallback cb,
                                                         void *opaque, virFreeCallback freecb) {
  VK_TRY(events_->domain_register(conn, nullptr, VIR_DOMAIN_EVENT_ID_LIFECYCLE, generic(cb), opaque,
                                  freecb, true));
  return 0;
}

Status RemoteHypervisor::authenticate(const AuthParams &p) {
  auto list = client_->call<P::auth_list>();
  if (!list.ok()) {
    // A daemon without the procedure requires nothing.
    if (list.status().code() == VIR_ERR_NO_SUPPORT) return Status();
    return std::move(list).status();
  }
  const std::vector<int32_t> &types = list->types;
  if (types.empty()) return Status();
  int type = types[0];
  const std::string *want = p.type;
  if (want) {
    int wanted;
    if (strcasecmp(want->c_str(), "sasl") == 0 || strncasecmp(want->c_str(), "sasl.", 5) == 0)
      wanted = kAuthSasl;
    else if (strcasecmp(want->c_str(), "polkit") == 0)
      wanted = kAuthPolkit;
    else
      return error(kFrom, VIR_ERR_AUTH_FAILED, "unknown authentication type %s", want->c_str());
    if (std::find(types.begin(), types.end(), wanted) == types.end())
      return error(kFrom, VIR_ERR_AUTH_FAILED, "requested authentication type %s rejected",
                   want->c_str());
    type = wanted;
  }
  switch (type) {
    case kAuthNone:
      return Status();
    case kAuthPolkit:
      // The daemon asks polkit; its refusal is the error (its `complete`
      // is not looked at, as by libvirt).
      return as_status(client_->call<P::auth_polkit>());
    case kAuthSasl: {
      static const std::vector<std::pair<std::string, std::string>> kNoParams;
      virtkit::remote::SaslParams sp;
      sp.host = p.host;
      if (want && strncasecmp(want->c_str(), "sasl.", 5) == 0) sp.mech = want->substr(5);
      sp.auth = p.auth;
      sp.auth_file = util::auth_file_path(p.uri_params ? *p.uri_params : kNoParams);
      sp.secure = secure_;
      sp.external_ssf = tls_key_size_ * 8;
      sp.local_addr = virtkit::remote::sasl_address(client_->socket_fd(), true);
      sp.remote_addr = virtkit::remote::sasl_address(client_->socket_fd(), false);
      bool secure = false;
      VK_TRY(virtkit::remote::sasl_authenticate(*client_, sp, &secure));
      secure_ = secure;
      sasl_session_ = true;
      return Status();
    }
    default:
      return error(kFrom, VIR_ERR_AUTH_FAILED, "unsupported authentication type %d", types[0]);
  }
}

void RemoteHypervisor::on_close(int reason) {
  virConnectPtr conn;
  {
    std::lock_guard g(cb_mu_);
    conn = cb_conn_;
    // A fired close callback no longer holds a reference: the connection may
    // be on its way out while a close notice arrives.
    if (conn && !handles::ref_if_live(conn)) conn = nullptr;
  }
  if (!conn) return;
  handles::ScopedRef held{conn};  // may end this object (on this thread)
  api::fire_close_callbacks(conn, reason);
}

void RemoteHypervisor::on_server_closed(int reason) {
  virConnectPtr conn;
  {
    std::lock_guard g(cb_mu_);
    conn = cb_conn_;
    if (!conn || !handles::ref_if_live(conn)) return;
  }
  std::thread([conn, reason] {
    handles::ScopedRef held{conn};
    api::fire_close_callbacks(conn, reason);
  }).detach();
}

namespace {

// A daemon serves every table, as libvirt's remote driver registers for all.
driver::Tables tables(std::unique_ptr<RemoteHypervisor> hv) {
  Shared s = hv->shared();
  driver::Tables t;
  t.network = std::make_unique<RemoteNetwork>(s);
  t.interface = std::make_unique<RemoteInterface>(s);
  t.storage = std::make_unique<RemoteStorage>(s);
  t.nodedev = std::make_unique<RemoteNodeDevice>(s);
  t.secret = std::make_unique<RemoteSecret>(s);
  t.nwfilter = std::make_unique<RemoteNWFilter>(s);
  t.hypervisor = std::move(hv);
  return t;
}

class RemoteDriver final : public driver::Driver {
 public:
  const char *name() const override { return "remote"; }

  // Registered after the local drivers: every URI they leave goes to a
  // daemon (libvirt's client does the same, for `qemu:///system` and for
  // schemes nobody knows alike).
  bool claims(const driver::Uri &uri) const override { return uri.has_scheme; }

  Result<driver::Tables> open(const driver::Uri &uri, virConnectAuthPtr auth,
                              unsigned flags) override {
    const bool probe = !uri.has_scheme;  // no URI at all
    std::string drv = uri.scheme, transport;
    if (auto plus = drv.find('+'); plus != std::string::npos) {
      transport = drv.substr(plus + 1);
      drv.resize(plus);
    }
    for (char &c : transport) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (transport.empty()) transport = uri.has_server && !uri.server.empty() ? "tls" : "unix";
    static const char *const kKnown[] = {"tls", "unix", "ssh", "ext", "tcp", "libssh2", "libssh"};
    bool known = false;
    for (const char *k : kKnown) known = known || transport == k;
    if (!known)
      return error(kFrom, VIR_ERR_INVALID_ARG, "%s",
                   "remote_open: transport in URL not recognised (should be "
                   "tls|unix|ssh|ext|tcp|libssh2|libssh)");
    if (transport == "libssh2")
      return error(kFrom, VIR_ERR_NO_SUPPORT, "transport '%s' is not supported by virtkit",
                   transport.c_str());

    // Parameters the client consumes (the last of a name counts); the rest
    // go to the daemon's driver.
    static const char *const kOwn[] = {
        "name",         "command", "socket",  "auth",        "sshauth",
        "netcat",       "keyfile", "pkipath", "known_hosts", "known_hosts_verify",
        "tls_priority", "mode",    "proxy",   "authfile"};
    static const char *const kFlags[] = {"no_sanity", "no_verify", "no_tty"};
    std::map<std::string, const std::string *> own;  // lower-case name -> value
    bool no_verify = false, no_tty = false, no_sanity = false;
    std::string query;
    for (auto &[k, v] : uri.params) {
      std::string lower = k;
      for (char &c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      bool mine = false;
      for (const char *o : kOwn) mine = mine || lower == o;
      if (mine) {
        own[lower] = &v;
        continue;
      }
      bool flag = false;
      for (const char *f : kFlags) flag = flag || lower == f;
      if (flag) {
        int n = 0;
        if (!util::str_to_i(v.c_str(), 10, n))
          return error(kFrom, VIR_ERR_INVALID_ARG, "Failed to parse value of URI component %s",
                       k.c_str());
        if (lower == "no_verify") no_verify = n != 0;
        if (lower == "no_tty") no_tty = n != 0;
        if (lower == "no_sanity") no_sanity = n != 0;
        continue;
      }
      if (!query.empty()) query += '&';
      query += k + "=" + uri_encode(v);
    }
    auto param = [&](const char *n) -> const std::string * {
      auto it = own.find(n);
      return it == own.end() ? nullptr : it->second;
    };
    const std::string *name_param = param("name"), *socket_param = param("socket");
    RemoteHypervisor::AuthParams auth_param;
    auth_param.type = param("auth");
    auth_param.auth = auth;
    // The server (SASL's and TLS's host name too), libvirt's "localhost" when none.
    auth_param.host = uri.has_server && !uri.server.empty() ? uri.server : "localhost";
    auth_param.uri_params = &uri.params;

    // mode= and proxy=, else libvirt.conf's remote_mode and remote_proxy.
    std::string conf_mode, conf_proxy;
    const std::string *mode_param = param("mode"), *proxy_param = param("proxy");
    if (const util::Conf *conf = driver::client_conf()) {
      if (!mode_param) {
        auto have = conf->get_string("remote_mode", &conf_mode);
        VK_TRY(have);
        if (*have) mode_param = &conf_mode;
      }
    }
    enum class Mode { automatic, legacy, direct } mode = Mode::automatic;
    if (const std::string *m = mode_param) {
      if (*m == "legacy")
        mode = Mode::legacy;
      else if (*m == "direct")
        mode = Mode::direct;
      else if (*m != "auto")
        return error(kFrom, VIR_ERR_INVALID_ARG, "Unknown remote mode '%s'", m->c_str());
    }
    using Proxy = SshCommand::Proxy;
    const unsigned rflags =
        daemon_flags(uri, probe, transport) | (flags & VIR_CONNECT_RO ? kOpenRO : 0);
    const bool user_daemon = rflags & kOpenUser;
    Proxy proxy = socket_param ? Proxy::netcat : user_daemon ? Proxy::native : Proxy::automatic;
    if (const util::Conf *conf = driver::client_conf(); conf && !proxy_param) {
      auto have = conf->get_string("remote_proxy", &conf_proxy);
      VK_TRY(have);
      if (*have) proxy_param = &conf_proxy;
    }
    if (const std::string *p = proxy_param) {
      if (*p == "auto")
        proxy = Proxy::automatic;
      else if (*p == "netcat")
        proxy = Proxy::netcat;
      else if (*p == "native")
        proxy = Proxy::native;
      else
        return error(kFrom, VIR_ERR_INVALID_ARG, "Unnkown proxy type '%s'", p->c_str());
    }

    std::string name;
    if (name_param) {
      name = *name_param;
    } else if (probe || uri.scheme == "remote" || uri.scheme.rfind("remote+", 0) == 0) {
      name = "";
    } else {
      driver::Uri t;
      t.has_scheme = true;
      t.scheme = drv;
      t.path = uri.path;
      t.query = query;
      t.fragment = uri.fragment;
      name = driver::format_uri(t);
    }
    VK_DEBUG(g_log, "proceeding with name = %s", name.c_str());

    if (transport == "ext") {
      // The command alone, no arguments; not "secure" (libvirt cannot
      // tell what it does).
      const std::string *command = param("command");
      if (!command)
        return error(kFrom, VIR_ERR_INVALID_ARG, "%s",
                     "remote_open: for 'ext' transport, command is required");
      auto client = Client::connect_command({*command}, false);
      VK_TRY(client);
      auto hv = std::make_unique<RemoteHypervisor>(std::move(client).value(), false);
      VK_TRY(hv->open(name, rflags, probe, auth_param));
      return tables(std::move(hv));
    }

    if (transport == "ssh" || transport == "libssh") {
      SshCommand ssh;
      if (!socket_param && mode == Mode::direct)
        return error(kFrom, VIR_ERR_OPERATION_UNSUPPORTED,
                     "Cannot use direct socket mode for %s transport", transport.c_str());
      if (const std::string *c = param("command")) ssh.binary = *c;
      ssh.host = auth_param.host;
      ssh.user = uri.user;
      ssh.port = uri.port;
      if (const std::string *k = param("keyfile")) {
        ssh.has_keyfile = true;
        ssh.keyfile = *k;
      }
      ssh.no_tty = no_tty;
      ssh.no_verify = no_verify;
      ssh.readonly = flags & VIR_CONNECT_RO;
      ssh.name = name;
      if (socket_param)
        ssh.socket = *socket_param;
      else if (user_daemon)
        ssh.socket = util::user_runtime_dir() + "/libvirt-sock";
      else
        ssh.socket = std::string("/var/run/libvirt/libvirt-sock") + (ssh.readonly ? "-ro" : "");
      ssh.proxy = proxy;
      if (const std::string *nc = param("netcat")) {
        if (proxy == Proxy::native)
          return error(VIR_FROM_RPC, VIR_ERR_INVALID_ARG, "%s",
                       "netcat path not valid with native proxy mode");
        if (proxy == Proxy::automatic) ssh.proxy = Proxy::netcat;
        ssh.netcat = *nc;
      }
      Result<std::shared_ptr<Client>> client = generic_failure();  // set below
      if (transport == "libssh") {
        virtkit::remote::LibsshParams lp;
        lp.host = ssh.host;
        if (uri.port > 0) lp.port = std::to_string(uri.port);
        if (!uri.user.empty()) lp.user = uri.user;
        lp.has_keyfile = ssh.has_keyfile;
        lp.keyfile = ssh.keyfile;
        if (const std::string *k = param("known_hosts")) {
          lp.has_known_hosts = true;
          lp.known_hosts = *k;
        }
        if (const std::string *v = param("known_hosts_verify")) lp.verify = *v;
        if (const std::string *a = param("sshauth")) {
          lp.has_auth_methods = true;
          lp.auth_methods = *a;
        }
        lp.command = ssh_argv(ssh).back();
        lp.auth_file = util::auth_file_path(uri.params);
        lp.auth = auth;
        client = Client::connect_libssh(lp);
      } else {
        client = Client::connect_command(ssh_argv(ssh));
      }
      VK_TRY(client);
      auto hv = std::make_unique<RemoteHypervisor>(std::move(client).value(), true);
      VK_TRY(hv->open(name, rflags, probe, auth_param));
      return tables(std::move(hv));
    }

    if (transport == "tcp" || transport == "tls") {
      const std::string &node = auth_param.host;
      const bool tls = transport == "tls";
      std::string port = uri.port > 0 ? std::to_string(uri.port) : tls ? "16514" : "16509";
      if (!tls) {
        auto client = Client::connect_tcp(node, port);
        VK_TRY(client);
        auto hv = std::make_unique<RemoteHypervisor>(std::move(client).value(), false);
        VK_TRY(hv->open(name, rflags, probe, auth_param));
        return tables(std::move(hv));
      }
      // The credentials first (their errors before any connection's), as
      // libvirt's client.
      virtkit::remote::TlsParams tp;
      if (const std::string *pki = param("pkipath")) tp.pkipath = *pki;
      tp.user_pki = geteuid() != 0;
      std::string conf_priority;
      if (const std::string *pr = param("tls_priority")) {
        tp.priority = *pr;
      } else if (const util::Conf *conf = driver::client_conf()) {
        auto have = conf->get_string("tls_priority", &conf_priority);
        VK_TRY(have);
        if (*have) tp.priority = conf_priority;
      }
      tp.sanity = !no_sanity;
      tp.verify = !no_verify;
      auto cred = virtkit::remote::tls_credentials(tp);
      VK_TRY(cred);
      auto fd = Client::connect_tcp_fd(node, port);
      VK_TRY(fd);
      auto layer = virtkit::remote::tls_connect(*cred, *fd, node);
      if (!layer.ok()) {
        ::close(*fd);
        return std::move(layer).status();
      }
      const int key_size = (*layer)->key_size();
      auto client = Client::adopt_layered(*fd, std::move(layer).value());
      VK_TRY(client);
      auto hv = std::make_unique<RemoteHypervisor>(std::move(client).value(), true);
      hv->set_tls_key_size(key_size);
      VK_TRY(hv->open(name, rflags, probe, auth_param));
      return tables(std::move(hv));
    }

    // libvirt's remoteGetUNIXSocket: the direct daemon's socket when it
    // exists, else libvirtd's (Debian's client defaults to that, and starts
    // libvirtd when it autostarts).
    std::string sock, daemon;
    if (socket_param) {
      sock = *socket_param;
    } else {
      auto sock_of = [&](const std::string &prefix) {
        if (user_daemon) return util::user_runtime_dir() + "/" + prefix + "-sock";
        return "/var/run/libvirt/" + prefix + (rflags & kOpenRO ? "-sock-ro" : "-sock");
      };
      std::string direct_daemon = probe ? "" : "virt" + drv + "d";
      std::string direct = probe ? "" : sock_of(direct_daemon);
      if (mode == Mode::automatic)
        mode = !direct.empty() && access(direct.c_str(), F_OK) == 0 ? Mode::direct : Mode::legacy;
      if (mode == Mode::direct && probe)
        return error(kFrom, VIR_ERR_OPERATION_UNSUPPORTED, "%s",
                     "Cannot use direct socket mode if no URI is set");
      sock = mode == Mode::direct ? direct : sock_of("libvirt");
      if (rflags & kOpenAutostart)
        daemon = daemon_binary(mode == Mode::direct ? direct_daemon : "libvirtd");
    }

    VK_DEBUG(g_log, "Chosen UNIX socket %s", sock.c_str());
    auto client = Client::connect_unix(sock, daemon.empty() ? nullptr : &daemon);
    VK_TRY(client);
    auto hv = std::make_unique<RemoteHypervisor>(std::move(client).value(), true);
    VK_TRY(hv->open(name, rflags, probe, auth_param));
    return tables(std::move(hv));
  }
};

}  // namespace

}  // namespace virtkit::drivers::remote

namespace virtkit::driver {

Driver &remote_driver() {
  static drivers::remote::RemoteDriver d;
  return d;
}

}  // namespace virtkit::driver
