// SPDX-License-Identifier: LGPL-2.1-or-later
#include "drivers/remote/libssh.h"

#include <poll.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <thread>
#include <vector>

#include "core/unwind.h"
#include "drivers/remote/client.h"
#include "drivers/remote/libssh_api.h"
#include "util/auth_conf.h"
#include "util/log.h"
#include "util/numbers.h"
#include "util/user_dirs.h"

namespace virtkit::remote {
namespace {

constexpr int kFrom = VIR_FROM_LIBSSH;
log::Source g_log("rpc.netlibsshsession");

// The first prompt type the application answers: an echoed prompt, else a
// passphrase or hidden prompt.
int cred_type_for(virConnectAuthPtr auth, bool echo) {
  for (unsigned i = 0; i < auth->ncredtype; i++) {
    int t = auth->credtype[i];
    if (echo ? t == VIR_CRED_ECHOPROMPT : (t == VIR_CRED_PASSPHRASE || t == VIR_CRED_NOECHOPROMPT))
      return t;
  }
  return -1;
}

// A prompt without its trailing spaces and colons.
std::string trim_prompt(const char *p) {
  std::string s = p ? p : "";
  while (!s.empty() && (s.back() == ' ' || s.back() == ':')) s.pop_back();
  return s;
}

// Asks one credential: the answer ("" when none, to be erased), or nullopt
// when the callback fails (libvirt's libssh code takes any non-zero).
std::optional<std::string> ask(virConnectAuthPtr auth, int type, const std::string &prompt) {
  util::Answer a = util::ask_credential(auth, type, prompt);
  if (a.rc != 0) return std::nullopt;
  return a.value ? std::move(*a.value) : std::string();
}

struct Session {
  ssh_session s = nullptr;
  ssh_channel ch = nullptr;
  const LibsshParams *p = nullptr;
  int fd = -1;     // the TCP socket: libssh never closes one it was given
  Status pending;  // an error raised inside a libssh callback
  ~Session() {
    if (ch) ssh_channel_free(ch);
    if (s) {
      ssh_disconnect(s);
      ssh_free(s);
    }
    if (fd >= 0) ::close(fd);
  }
  const char *err() { return ssh_get_error(s); }
};

std::string host_key_hash(Session &ss, Status *st) {
  ssh_key key = nullptr;
  if (ssh_get_server_publickey(ss.s, &key) != SSH_OK) {
    *st = error(kFrom, VIR_ERR_LIBSSH, "%s", "failed to get the key of the current session");
    return "";
  }
  unsigned char *hash = nullptr;
  size_t len = 0;
  int rc = ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash, &len);
  ssh_key_free(key);
  if (rc < 0) {
    *st = error(kFrom, VIR_ERR_LIBSSH, "%s", "failed to calculate ssh host key hash");
    return "";
  }
  char *hex = ssh_get_hexa(hash, len);
  ssh_clean_pubkey_hash(&hash);
  std::string out = hex ? hex : "";
  ssh_string_free_char(hex);
  return out;
}

Status check_host_key(Session &ss, const std::string &known_hosts, int port) {
  const LibsshParams &p = *ss.p;
  if (strcasecmp(p.verify.c_str(), "ignore") == 0) return Status();
  switch (ssh_session_is_known_server(ss.s)) {
    case SSH_KNOWN_HOSTS_OK:
      return Status();
    case SSH_KNOWN_HOSTS_OTHER:
    case SSH_KNOWN_HOSTS_CHANGED: {
      Status st;
      std::string hash = host_key_hash(ss, &st);
      if (!st.ok()) return st;
      return error(kFrom, VIR_ERR_AUTH_FAILED,
                   "!!! SSH HOST KEY VERIFICATION FAILED !!!: Identity of host '%s:%d' differs "
                   "from stored identity. Please verify the new host key '%s' to avoid possible "
                   "man in the middle attack. The key is stored in '%s'.",
                   p.host.c_str(), port, hash.c_str(), known_hosts.c_str());
    }
    case SSH_KNOWN_HOSTS_NOT_FOUND:
    case SSH_KNOWN_HOSTS_UNKNOWN: {
      if (strcasecmp(p.verify.c_str(), "normal") == 0) {
        if (!p.auth || !p.auth->cb)
          return error(kFrom, VIR_ERR_LIBSSH, "%s",
                       "No user interaction callback provided: Can't verify the session host "
                       "key");
        int type = cred_type_for(p.auth, true);
        if (type < 0)
          return error(kFrom, VIR_ERR_LIBSSH, "%s",
                       "no suitable callback for host key verification");
        Status st;
        std::string hash = host_key_hash(ss, &st);
        if (!st.ok()) return st;
        std::string prompt = "Accept SSH host key with hash '" + hash + "' for host '" + p.host +
                             ":" + std::to_string(port) + "' (y/n)?";
        auto answer = ask(p.auth, type, prompt);
        if (!answer)
          return error(kFrom, VIR_ERR_LIBSSH, "%s",
                       "failed to retrieve decision to accept host key");
        if (strcasecmp(answer->c_str(), "y") != 0)
          return error(kFrom, VIR_ERR_LIBSSH, "SSH host key for '%s' (%s) was not accepted",
                       p.host.c_str(), hash.c_str());
      }
      if (ssh_session_update_known_hosts(ss.s) < 0)
        return error(kFrom, VIR_ERR_LIBSSH, "failed to write known_host file '%s': %s",
                     known_hosts.c_str(), ss.err());
      return Status();
    }
    case SSH_KNOWN_HOSTS_ERROR:
      return error(kFrom, VIR_ERR_LIBSSH, "failed to validate SSH host key: %s", ss.err());
  }
  return error(kFrom, VIR_ERR_LIBSSH, "%s", "Unknown state of the remote server SSH key");
}

// libssh asks for a key's passphrase through this.
int passphrase_cb(const char *prompt, char *buf, size_t len, int echo, int, void *userdata) {
  auto *ss = static_cast<Session *>(userdata);
  virConnectAuthPtr auth = ss->p->auth;
  if (!auth || !auth->cb) {
    ss->pending = error(kFrom, VIR_ERR_LIBSSH, "%s",
                        "No user interaction callback provided: Can't retrieve private key "
                        "passphrase");
    return -1;
  }
  int type = cred_type_for(auth, echo);
  if (type < 0) {
    ss->pending =
        error(kFrom, VIR_ERR_LIBSSH, "%s", "no suitable callback for input of key passphrase");
    return -1;
  }
  auto answer = ask(auth, type, trim_prompt(prompt));
  if (!answer) {
    ss->pending = error(kFrom, VIR_ERR_LIBSSH, "%s",
                        "failed to retrieve private key passphrase: callback has failed");
    return -1;
  }
  if (answer->size() >= len) {
    explicit_bzero(answer->data(), answer->size());
    ss->pending = error(kFrom, VIR_ERR_LIBSSH, "%s", "passphrase is too long for the buffer");
    return -1;
  }
  std::memcpy(buf, answer->c_str(), answer->size() + 1);
  explicit_bzero(answer->data(), answer->size());
  return 0;
}

enum class Auth { denied, success, failed };  // failed: stop with `st`

Auth import_privkey(Session &ss, const std::string &file, ssh_key *key, Status *st) {
  ss.pending = Status();
  int rc = ssh_pki_import_privkey_file(file.c_str(), nullptr, passphrase_cb, &ss, key);
  if (rc == SSH_EOF) {
    *st = error(kFrom, VIR_ERR_AUTH_FAILED, "error while reading private key '%s'", file.c_str());
    return Auth::failed;
  }
  if (rc == SSH_ERROR) {
    *st = !ss.pending.ok()
              ? ss.pending
              : error(kFrom, VIR_ERR_AUTH_FAILED,
                      "error while opening private key '%s', wrong passphrase?", file.c_str());
    return Auth::failed;
  }
  return Auth::success;
}

Auth auth_privkey(Session &ss, const std::string &file, Status *st) {
  ssh_key pub = nullptr, priv = nullptr;
  ScopeExit free_keys([&] {
    if (pub) ssh_key_free(pub);
    if (priv) ssh_key_free(priv);
  });
  std::string pubfile = file + ".pub";
  int rc = ssh_pki_import_pubkey_file(pubfile.c_str(), &pub);
  if (rc == SSH_ERROR) {
    *st = error(kFrom, VIR_ERR_AUTH_FAILED, "error while reading public key '%s'", pubfile.c_str());
    return Auth::failed;
  }
  if (rc == SSH_EOF) {
    if (Auth a = import_privkey(ss, file, &priv, st); a != Auth::success) return a;
    if (ssh_pki_export_privkey_to_pubkey(priv, &pub) == SSH_ERROR) {
      *st = error(kFrom, VIR_ERR_AUTH_FAILED,
                  "cannot export the public key from the private key '%s'", file.c_str());
      return Auth::failed;
    }
  }
  if (ssh_userauth_try_publickey(ss.s, nullptr, pub) != SSH_AUTH_SUCCESS) return Auth::denied;
  if (!priv) {
    if (Auth a = import_privkey(ss, file, &priv, st); a != Auth::success) return a;
  }
  return ssh_userauth_publickey(ss.s, nullptr, priv) == SSH_AUTH_SUCCESS ? Auth::success
                                                                         : Auth::denied;
}

Auth auth_password(Session &ss, Status *st) {
  const LibsshParams &p = *ss.p;
  if (!p.auth || !p.auth->cb) {
    *st = error(kFrom, VIR_ERR_LIBSSH, "%s",
                "Can't perform authentication: Authentication callback not provided");
    return Auth::failed;
  }
  int rc = SSH_AUTH_ERROR;
  for (;;) {
    auto pw = util::auth_password(p.auth_file, p.auth, "ssh", p.user, p.host);
    if (!pw.ok() || !*pw) {
      *st = pw.ok() ? generic_failure() : pw.status();
      return Auth::failed;
    }
    rc = ssh_userauth_password(ss.s, nullptr, (*pw)->c_str());
    explicit_bzero((*pw)->data(), (*pw)->size());
    if (rc == SSH_AUTH_SUCCESS) return Auth::success;
    if (rc != SSH_AUTH_DENIED) break;
  }
  *st = error(kFrom, VIR_ERR_AUTH_FAILED, "authentication failed: %s", ss.err());
  return Auth::failed;
}

Auth auth_kbdint(Session &ss, Status *st) {
  virConnectAuthPtr auth = ss.p->auth;
  if (!auth || !auth->cb) {
    *st = error(kFrom, VIR_ERR_LIBSSH, "%s",
                "No user interaction callback provided: Can't get input from keyboard "
                "interactive authentication");
    return Auth::failed;
  }
  int rc;
  for (;;) {  // libvirt asks again for as long as the server lets it
    rc = ssh_userauth_kbdint(ss.s, nullptr, nullptr);
    while (rc == SSH_AUTH_INFO) {
      std::string head;
      const char *name = ssh_userauth_kbdint_getname(ss.s);
      const char *instruction = ssh_userauth_kbdint_getinstruction(ss.s);
      if (name && *name) head = name;
      if (instruction && *instruction) {
        if (!head.empty()) head += '\n';
        head += instruction;
      }
      if (!head.empty()) head += '\n';
      int n = ssh_userauth_kbdint_getnprompts(ss.s);
      for (int i = 0; i < n; i++) {
        char echo = 0;
        const char *prompt = ssh_userauth_kbdint_getprompt(ss.s, i, &echo);
        int type = cred_type_for(auth, echo);
        if (type < 0) {
          *st = error(kFrom, VIR_ERR_LIBSSH, "%s",
                      "no suitable callback for input of keyboard response");
          return Auth::failed;
        }
        auto answer = ask(auth, type, head + trim_prompt(prompt));
        if (!answer) {
          *st = error(kFrom, VIR_ERR_LIBSSH, "%s",
                      "failed to retrieve keyboard interactive result: callback has failed");
          return Auth::failed;
        }
        int set = ssh_userauth_kbdint_setanswer(ss.s, i, answer->c_str());
        explicit_bzero(answer->data(), answer->size());
        if (set < 0) {
          *st = error(kFrom, VIR_ERR_AUTH_FAILED, "authentication failed: %s", ss.err());
          return Auth::failed;
        }
      }
      rc = ssh_userauth_kbdint(ss.s, nullptr, nullptr);
    }
    if (rc != SSH_AUTH_DENIED) break;
  }
  if (rc == SSH_AUTH_ERROR) {
    *st = error(kFrom, VIR_ERR_AUTH_FAILED, "authentication failed: %s", ss.err());
    return Auth::failed;
  }
  return rc == SSH_AUTH_SUCCESS ? Auth::success : Auth::denied;
}

struct Method {
  enum Kind { kbdint, password, privkey, agent } kind;
  int ssh_flag;
};

Status authenticate(Session &ss, const std::vector<Method> &methods, const std::string &key) {
  if (ssh_userauth_none(ss.s, nullptr) == SSH_AUTH_ERROR)
    return error(kFrom, VIR_ERR_LIBSSH, "Failed to authenticate as 'none': %s", ss.err());
  int offered = ssh_userauth_list(ss.s, nullptr);
  bool no_method = false, failed = false;
  for (const Method &m : methods) {
    if (!(offered & m.ssh_flag)) {
      no_method = true;
      continue;
    }
    Status st;
    Auth a = Auth::denied;
    switch (m.kind) {
      case Method::kbdint:
        a = auth_kbdint(ss, &st);
        break;
      case Method::agent: {
        int rc = ssh_userauth_agent(ss.s, nullptr);
        if (rc == SSH_AUTH_ERROR)
          return error(kFrom, VIR_ERR_LIBSSH, "failed to authenticate using agent: %s", ss.err());
        a = rc == SSH_AUTH_SUCCESS ? Auth::success : Auth::denied;
        break;
      }
      case Method::privkey:
        a = auth_privkey(ss, key, &st);
        break;
      case Method::password:
        a = auth_password(ss, &st);
        break;
    }
    if (a == Auth::failed) return st;
    if (a == Auth::success) return Status();
    failed = true;
  }
  if (methods.size() == 1)
    return error(kFrom, VIR_ERR_LIBSSH, "failed to authenticate: %s", ss.err());
  if (no_method && !failed)
    return error(kFrom, VIR_ERR_AUTH_FAILED, "%s",
                 "None of the requested authentication methods are supported by the server");
  return error(kFrom, VIR_ERR_AUTH_FAILED, "%s",
               "All provided authentication methods with credentials were rejected by the server");
}

class Transport final : public LibsshTransport {
 public:
  Transport(std::unique_ptr<Session> ss, int mine, int theirs)
      : ss_(std::move(ss)), mine_(mine), theirs_(theirs) {
    thread_ = std::thread([this] { pump(); });
  }
  ~Transport() override { end(); }
  int take_fd() override { return std::exchange(theirs_, -1); }
  std::optional<Status> failure() override {
    std::lock_guard g(mu_);
    return failure_;
  }
  void end() override {
    std::lock_guard g(end_mu_);
    if (!thread_.joinable()) return;
    ::shutdown(mine_, SHUT_RDWR);  // wakes the pump
    thread_.join();
    ::close(mine_);
    if (theirs_ >= 0) ::close(theirs_);
    ss_.reset();
  }

 private:
  void fail(Status st) {
    std::lock_guard g(mu_);
    if (!failure_) failure_ = std::move(st);
  }
  bool write_all(const char *p, size_t n) {
    while (n) {
      ssize_t w = ::send(mine_, p, n, MSG_NOSIGNAL);
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) return false;
      p += w;
      n -= static_cast<size_t>(w);
    }
    return true;
  }
  // The channel ended: libvirt's error for a remote command that failed.
  void channel_ended() {
    int status = ssh_channel_get_exit_status(ss_->ch);
    if (status > 0)
      fail(
          error(kFrom, VIR_ERR_LIBSSH, "Remote command terminated with non-zero code: %d", status));
  }
  void pump() {
    CancelShield shield;  // the thread ends only through end()
    std::vector<char> buf(64 * 1024);
    int sshfd = ssh_get_fd(ss_->s);
    for (;;) {
      // What libssh read already comes first (it reads ahead while writing).
      for (int stream : {0, 1}) {
        for (;;) {
          int avail = ssh_channel_poll(ss_->ch, stream);
          if (avail == SSH_EOF) {
            if (stream == 0) return finish(true);
            break;
          }
          if (avail == SSH_ERROR) {
            fail(error(kFrom, VIR_ERR_LIBSSH, "read failed: %s", ss_->err()));
            return finish(false);
          }
          if (avail <= 0) break;
          int n =
              ssh_channel_read(ss_->ch, buf.data(),
                               static_cast<uint32_t>(std::min<size_t>(avail, buf.size())), stream);
          if (n <= 0) break;
          if (stream == 1) {
            VK_DEBUG(g_log, "flushing stderr, data='%.*s'", n, buf.data());
            continue;
          }
          if (!write_all(buf.data(), static_cast<size_t>(n))) return finish(false);
        }
      }
      pollfd fds[2] = {{mine_, POLLIN, 0}, {sshfd, POLLIN, 0}};
      int rc = ::poll(fds, 2, 1000);
      if (rc < 0 && errno != EINTR) return finish(false);
      if (rc > 0 && (fds[0].revents & (POLLIN | POLLHUP | POLLERR))) {
        ssize_t n = ::recv(mine_, buf.data(), buf.size(), 0);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return finish(false);  // the client closed
        if (ssh_channel_write(ss_->ch, buf.data(), static_cast<uint32_t>(n)) != n) {
          fail(error(kFrom, VIR_ERR_LIBSSH, "write failed: %s", ss_->err()));
          return finish(false);
        }
      }
    }
  }
  void finish(bool eof) {
    if (eof) channel_ended();
    ::shutdown(mine_, SHUT_RDWR);
  }

  std::unique_ptr<Session> ss_;
  int mine_, theirs_;
  std::mutex mu_;
  std::optional<Status> failure_;
  std::mutex end_mu_;
  std::thread thread_;
};

}  // namespace

Result<std::unique_ptr<LibsshTransport>> connect_libssh(const LibsshParams &p) {
  int port = 0;
  if (!util::str_to_i(p.port.c_str(), 10, port))
    return error(VIR_FROM_RPC, VIR_ERR_LIBSSH, "%s", "Failed to parse port number");
  VK_TRY(load_libssh());
  auto ss = std::make_unique<Session>();
  ss->p = &p;
  ss->s = ssh_new();
  if (!ss->s) return error(kFrom, VIR_ERR_LIBSSH, "%s", "Failed to initialize libssh session");
  ssh_set_blocking(ss->s, 1);
  ssh_options_set(ss->s, SSH_OPTIONS_USER, p.user.c_str());

  const char *v = p.verify.c_str();
  if (strcasecmp(v, "auto") != 0 && strcasecmp(v, "ignore") != 0 && strcasecmp(v, "normal") != 0)
    return error(VIR_FROM_RPC, VIR_ERR_INVALID_ARG, "Invalid host key verification method: '%s'",
                 v);
  std::string known_hosts =
      p.has_known_hosts ? p.known_hosts : util::user_config_dir() + "/known_hosts";
  ssh_options_set(ss->s, SSH_OPTIONS_HOST, p.host.c_str());
  if (port > 0) {
    unsigned int u = static_cast<unsigned>(port);
    ssh_options_set(ss->s, SSH_OPTIONS_PORT, &u);
  }
  ssh_options_set(ss->s, SSH_OPTIONS_KNOWNHOSTS, known_hosts.c_str());

  // The key: keyfile=, else the first of libvirt's default names.
  std::string key = p.keyfile;
  if (!p.has_keyfile) {
    for (const char *name : {"identity", "id_dsa", "id_ecdsa", "id_ed25519", "id_rsa"}) {
      std::string path = util::home_dir() + "/.ssh/" + name;
      if (access(path.c_str(), F_OK) == 0) {
        key = path;
        break;
      }
    }
  }
  std::string methods_text = p.has_auth_methods ? p.auth_methods
                             : key.empty()      ? "agent,password,keyboard-interactive"
                                                : "agent,privkey,password,keyboard-interactive";
  std::vector<Method> methods;
  size_t start = 0;
  // glib's g_strsplit: an empty text has no items at all.
  for (; !methods_text.empty();) {
    size_t comma = methods_text.find(',', start);
    std::string m = methods_text.substr(start, comma == std::string::npos ? comma : comma - start);
    const char *c = m.c_str();
    if (strcasecmp(c, "keyboard-interactive") == 0)
      methods.push_back({Method::kbdint, SSH_AUTH_METHOD_INTERACTIVE});
    else if (strcasecmp(c, "password") == 0)
      methods.push_back({Method::password, SSH_AUTH_METHOD_PASSWORD});
    else if (strcasecmp(c, "privkey") == 0) {
      if (key.empty())
        return error(kFrom, VIR_ERR_LIBSSH, "%s",
                     "Key file path must be provided for private key authentication");
      methods.push_back({Method::privkey, SSH_AUTH_METHOD_PUBLICKEY});
    } else if (strcasecmp(c, "agent") == 0)
      methods.push_back({Method::agent, SSH_AUTH_METHOD_PUBLICKEY});
    else
      return error(VIR_FROM_RPC, VIR_ERR_INVALID_ARG, "Invalid authentication method: '%s'", c);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }

  auto fd = Client::connect_tcp_fd(p.host, p.port);
  VK_TRY(fd);
  ss->fd = *fd;  // closed with the session (libvirt leaks it)
  if (methods.empty())
    return error(kFrom, VIR_ERR_LIBSSH, "%s", "No authentication methods and credentials provided");
  if (ssh_options_parse_config(ss->s, nullptr) < 0 ||
      ssh_options_set(ss->s, SSH_OPTIONS_FD, &*fd) < 0)
    return error(kFrom, VIR_ERR_LIBSSH, "%s", "Failed to initialize libssh session");
  VK_DEBUG(g_log, "sess=%p, sock=%d", static_cast<void *>(ss.get()), *fd);
  if (ssh_connect(ss->s) < 0)
    return error(kFrom, VIR_ERR_NO_CONNECT, "SSH session handshake failed: %s", ss->err());
  VK_TRY(check_host_key(*ss, known_hosts, port));
  VK_TRY(authenticate(*ss, methods, key));

  ss->ch = ssh_channel_new(ss->s);
  if (!ss->ch)
    return error(kFrom, VIR_ERR_LIBSSH, "failed to create libssh channel: %s", ss->err());
  if (ssh_channel_open_session(ss->ch) != SSH_OK)
    return error(kFrom, VIR_ERR_LIBSSH, "failed to open ssh channel: %s", ss->err());
  if (ssh_channel_request_exec(ss->ch, p.command.c_str()) != SSH_OK)
    return error(kFrom, VIR_ERR_LIBSSH, "failed to execute command '%s': %s", p.command.c_str(),
                 ss->err());

  int sv[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
    return system_error(VIR_FROM_RPC, errno, "%s", "Failed to create socket pair");
  ss->p = nullptr;  // the parameters are the caller's; nothing asks past here
  return std::unique_ptr<LibsshTransport>(new Transport(std::move(ss), sv[0], sv[1]));
}

}  // namespace virtkit::remote
