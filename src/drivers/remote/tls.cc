// SPDX-License-Identifier: LGPL-2.1-or-later
#include "drivers/remote/tls.h"

#include <errno.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <ctime>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>
#include <vector>

#include "core/unwind.h"
#include "drivers/remote/gnutls_api.h"
#include "util/log.h"
#include "util/user_dirs.h"

namespace virtkit::remote {

namespace {

log::Source g_log("rpc.nettlscontext");

constexpr const char *kDefaultPriority = "NORMAL";
constexpr const char *kGlobalCACert = "/etc/pki/CA/cacert.pem";
constexpr const char *kGlobalCACrl = "/etc/pki/CA/cacrl.pem";
constexpr const char *kGlobalClientKey = "/etc/pki/libvirt/private/clientkey.pem";
constexpr const char *kGlobalClientCert = "/etc/pki/libvirt/clientcert.pem";
constexpr unsigned kMaxCACerts = 16;

Status sys_error(const char *fmt, auto... args) {
  return error(VIR_FROM_RPC, VIR_ERR_SYSTEM_ERROR, fmt, args...);
}

bool exists(const std::string &f) {
  return ::access(f.c_str(), F_OK) == 0;
}

// An x509 certificate, freed with its scope.
struct Cert {
  gnutls_x509_crt_t c = nullptr;
  Cert() = default;
  Cert(const Cert &) = delete;
  Cert &operator=(const Cert &) = delete;
  ~Cert() {
    if (c) gnutls_x509_crt_deinit(c);
  }
};

// The file's text, as libvirt reads certificates (at most 64 KiB).
Result<std::string> read_pem(const std::string &file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return system_error(VIR_FROM_RPC, errno, "Failed to open file '%s'", file.c_str());
  std::ostringstream ss;
  ss << in.rdbuf();
  std::string s = ss.str();
  if (s.size() >= (1u << 16))
    return system_error(VIR_FROM_RPC, EFBIG, "Failed to read file '%s'", file.c_str());
  s.resize(strlen(s.c_str()));  // as a C string
  return s;
}

// What the certificate is checked as.
enum class Role { client, server, ca };

Status check_times(gnutls_x509_crt_t cert, const std::string &file, Role role) {
  time_t now = ::time(nullptr);
  if (now == static_cast<time_t>(-1))
    return system_error(VIR_FROM_RPC, errno, "%s", "cannot get current time");
  static const char *const kExpired[] = {"The client certificate %s has expired",
                                         "The server certificate %s has expired",
                                         "The CA certificate %s has expired"};
  static const char *const kEarly[] = {"The client certificate %s is not yet active",
                                       "The server certificate %s is not yet active",
                                       "The CA certificate %s is not yet active"};
  if (gnutls_x509_crt_get_expiration_time(cert) < now)
    return sys_error(kExpired[static_cast<int>(role)], file.c_str());
  if (gnutls_x509_crt_get_activation_time(cert) > now)
    return sys_error(kEarly[static_cast<int>(role)], file.c_str());
  return Status();
}

Status check_constraints(gnutls_x509_crt_t cert, const std::string &file, Role role) {
  int st = gnutls_x509_crt_get_basic_constraints(cert, nullptr, nullptr, nullptr);
  const char *f = file.c_str();
  if (st > 0) {
    if (role == Role::server)
      return sys_error(
          "The certificate %s basic constraints show a CA, but we need one for a server", f);
    if (role == Role::client)
      return sys_error(
          "The certificate %s basic constraints show a CA, but we need one for a client", f);
  } else if (st == 0) {
    if (role == Role::ca)
      return sys_error("The certificate %s basic constraints do not show a CA", f);
  } else if (st == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE) {
    if (role == Role::ca)
      return sys_error("The certificate %s is missing basic constraints for a CA", f);
  } else {
    return sys_error("Unable to query certificate %s basic constraints %s", f, gnutls_strerror(st));
  }
  return Status();
}

Status check_usage(gnutls_x509_crt_t cert, const std::string &file, bool ca) {
  unsigned usage = 0, critical = 0;
  const char *f = file.c_str();
  int st = gnutls_x509_crt_get_key_usage(cert, &usage, &critical);
  if (st == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
    usage =
        ca ? GNUTLS_KEY_KEY_CERT_SIGN : GNUTLS_KEY_DIGITAL_SIGNATURE | GNUTLS_KEY_KEY_ENCIPHERMENT;
  else if (st < 0)
    return sys_error("Unable to query certificate %s key usage %s", f, gnutls_strerror(st));
  // A critical extension that lacks a use is an error, else a warning.
  auto need = [&](unsigned bit, const char *what) -> Status {
    if (usage & bit) return Status();
    if (critical) return sys_error("Certificate %s usage does not permit %s", f, what);
    VK_WARN(g_log, "Certificate %s usage does not permit %s", f, what);
    return Status();
  };
  if (ca) return need(GNUTLS_KEY_KEY_CERT_SIGN, "certificate signing");
  VK_TRY(need(GNUTLS_KEY_DIGITAL_SIGNATURE, "digital signature"));
  return need(GNUTLS_KEY_KEY_ENCIPHERMENT, "key encipherment");
}

Status check_purpose(gnutls_x509_crt_t cert, const std::string &file, bool server) {
  bool allow_client = false, allow_server = false, critical = false;
  const char *f = file.c_str();
  for (unsigned i = 0;; i++) {
    size_t size = 0;
    int st = gnutls_x509_crt_get_key_purpose_oid(cert, i, nullptr, &size, nullptr);
    if (st == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE) {
      if (i == 0) allow_client = allow_server = true;  // no purposes at all
      break;
    }
    if (st != GNUTLS_E_SHORT_MEMORY_BUFFER)
      return sys_error("Unable to query certificate %s key purpose %s", f, gnutls_strerror(st));
    std::vector<char> oid(size + 1);
    unsigned crit = 0;
    st = gnutls_x509_crt_get_key_purpose_oid(cert, i, oid.data(), &size, &crit);
    if (st < 0)
      return sys_error("Unable to query certificate %s key purpose %s", f, gnutls_strerror(st));
    if (crit) critical = true;
    if (strcmp(oid.data(), GNUTLS_KP_TLS_WWW_SERVER) == 0)
      allow_server = true;
    else if (strcmp(oid.data(), GNUTLS_KP_TLS_WWW_CLIENT) == 0)
      allow_client = true;
    else if (strcmp(oid.data(), GNUTLS_KP_ANY) != 0)
      allow_client = allow_server = true;  // libvirt's rule, as it stands
  }
  if (server ? allow_server : allow_client) return Status();
  const char *text = server ? "Certificate %s purpose does not allow use for with a TLS server"
                            : "Certificate %s purpose does not allow use for with a TLS client";
  if (critical) return sys_error(text, f);
  VK_WARN(g_log, text, f);
  return Status();
}

Status check_cert(gnutls_x509_crt_t cert, const std::string &file, Role role) {
  VK_TRY(check_times(cert, file, role));
  VK_TRY(check_constraints(cert, file, role));
  VK_TRY(check_usage(cert, file, role == Role::ca));
  if (role != Role::ca) VK_TRY(check_purpose(cert, file, role == Role::server));
  return Status();
}

// The reason of a failed verification, in libvirt's words.
const char *verify_reason(unsigned status) {
  const char *reason = "Invalid certificate";
  if (status & GNUTLS_CERT_INVALID) reason = "The certificate is not trusted.";
  if (status & GNUTLS_CERT_SIGNER_NOT_FOUND) reason = "The certificate hasn't got a known issuer.";
  if (status & GNUTLS_CERT_REVOKED) reason = "The certificate has been revoked.";
  if (status & GNUTLS_CERT_INSECURE_ALGORITHM)
    reason = "The certificate uses an insecure algorithm";
  return reason;
}

// Our own certificate and the CA list, checked before use (libvirt's sanity
// check: only the files that are readable).
Status sanity_check(const std::string &cacert, const std::string &cert_file) {
  Cert cert;
  if (::access(cert_file.c_str(), R_OK) == 0) {
    auto pem = read_pem(cert_file);
    VK_TRY(pem);
    if (gnutls_x509_crt_init(&cert.c) < 0)
      return sys_error("%s", "Unable to initialize certificate");
    gnutls_datum_t d{reinterpret_cast<unsigned char *>(pem->data()),
                     static_cast<unsigned>(pem->size())};
    if (gnutls_x509_crt_import(cert.c, &d, GNUTLS_X509_FMT_PEM) < 0)
      return sys_error("Unable to import client certificate %s", cert_file.c_str());
  }
  gnutls_x509_crt_t cas[kMaxCACerts] = {};
  unsigned ncas = 0;
  ScopeExit free_cas([&] {
    for (unsigned i = 0; i < ncas; i++) gnutls_x509_crt_deinit(cas[i]);
  });
  if (::access(cacert.c_str(), R_OK) == 0) {
    auto pem = read_pem(cacert);
    VK_TRY(pem);
    gnutls_datum_t d{reinterpret_cast<unsigned char *>(pem->data()),
                     static_cast<unsigned>(pem->size())};
    unsigned max = kMaxCACerts;
    if (gnutls_x509_crt_list_import(cas, &max, &d, GNUTLS_X509_FMT_PEM, 0) < 0)
      return sys_error("Unable to import CA certificate list %s", cacert.c_str());
    ncas = max;
  }
  if (cert.c) VK_TRY(check_cert(cert.c, cert_file, Role::client));
  for (unsigned i = 0; i < ncas; i++) VK_TRY(check_cert(cas[i], cacert, Role::ca));
  if (cert.c && ncas) {
    unsigned status = 0;
    if (gnutls_x509_crt_list_verify(&cert.c, 1, cas, ncas, nullptr, 0, 0, &status) < 0)
      return sys_error("Unable to verify client certificate %s against CA certificate %s",
                       cert_file.c_str(), cacert.c_str());
    if (status != 0)
      return sys_error("Our own certificate %s failed validation against %s: %s", cert_file.c_str(),
                       cacert.c_str(), verify_reason(status));
  }
  return Status();
}

}  // namespace

namespace {

// Loaded x509 credentials, shared read-only by sessions (GnuTLS allows it).
struct X509 {
  X509() = default;
  X509(const X509 &) = delete;
  X509 &operator=(const X509 &) = delete;
  ~X509() {
    if (cred) gnutls_certificate_free_credentials(cred);
  }
  gnutls_certificate_credentials_t cred = nullptr;
};

// A file as last seen: loading a private key costs milliseconds (GnuTLS
// checks the key's numbers), so credentials are kept while their files stay
// the same, for programs that open many connections.
struct FileId {
  std::string path;
  bool present = false;
  dev_t dev = 0;
  ino_t ino = 0;
  off_t size = 0;
  timespec mtime{};
  bool operator==(const FileId &o) const {
    return path == o.path && present == o.present && dev == o.dev && ino == o.ino &&
           size == o.size && mtime.tv_sec == o.mtime.tv_sec && mtime.tv_nsec == o.mtime.tv_nsec;
  }
};

FileId file_id(const std::string &path) {
  FileId id;
  id.path = path;
  struct stat st;
  if (::stat(path.c_str(), &st) == 0) {
    id.present = true;
    id.dev = st.st_dev;
    id.ino = st.st_ino;
    id.size = st.st_size;
    id.mtime = st.st_mtim;
  }
  return id;
}

struct CacheEntry {
  std::vector<FileId> files;
  std::shared_ptr<X509> x509;
};
std::mutex g_cache_mu;
std::vector<CacheEntry> g_cache;  // the most recent last
constexpr size_t kCacheMax = 8;

// The files' credentials in GnuTLS, with libvirt's errors.
Result<std::shared_ptr<X509>> load_x509(const std::string &cacert, const std::string &cacrl,
                                        const std::string &cert, const std::string &key) {
  auto x = std::make_shared<X509>();
  if (int e = gnutls_certificate_allocate_credentials(&x->cred); e) {
    x->cred = nullptr;
    return sys_error("Unable to allocate x509 credentials: %s", gnutls_strerror(e));
  }
  if (!exists(cacert))
    return system_error(VIR_FROM_RPC, errno, "Cannot read CA certificate '%s'", cacert.c_str());
  if (int e = gnutls_certificate_set_x509_trust_file(x->cred, cacert.c_str(), GNUTLS_X509_FMT_PEM);
      e < 0)
    return sys_error("Unable to set x509 CA certificate: %s: %s", cacert.c_str(),
                     gnutls_strerror(e));
  if (exists(cacrl)) {
    if (int e = gnutls_certificate_set_x509_crl_file(x->cred, cacrl.c_str(), GNUTLS_X509_FMT_PEM);
        e < 0)
      return sys_error("Unable to set x509 certificate revocation list: %s: %s", cacrl.c_str(),
                       gnutls_strerror(e));
  }
  // A client without a certificate goes on without one.
  if (exists(cert) && exists(key)) {
    if (int e = gnutls_certificate_set_x509_key_file(x->cred, cert.c_str(), key.c_str(),
                                                     GNUTLS_X509_FMT_PEM);
        e < 0)
      return sys_error("Unable to set x509 key and certificate: %s, %s: %s", key.c_str(),
                       cert.c_str(), gnutls_strerror(e));
  } else {
    VK_DEBUG(g_log, "Skipping non-existent cert %s key %s on client", cert.c_str(), key.c_str());
  }
  return x;
}

}  // namespace

class TlsCredentials {
 public:
  std::shared_ptr<X509> x509;
  std::string priority;
  bool verify = true;
};

Result<std::shared_ptr<TlsCredentials>> tls_credentials(const TlsParams &p) {
  VK_TRY(load_gnutls());
  // Where the files are: pkipath= whether or not they exist there; else,
  // for a user, those of ~/.pki/libvirt that exist (the key and the
  // certificate as a pair); else the system's.
  std::string cacert, cacrl, key, cert;
  if (p.pkipath) {
    cacert = *p.pkipath + "/cacert.pem";
    cacrl = *p.pkipath + "/cacrl.pem";
    key = *p.pkipath + "/clientkey.pem";
    cert = *p.pkipath + "/clientcert.pem";
  } else if (p.user_pki) {
    std::string dir = util::home_dir() + "/.pki/libvirt";
    if (exists(dir + "/cacert.pem")) cacert = dir + "/cacert.pem";
    if (exists(dir + "/cacrl.pem")) cacrl = dir + "/cacrl.pem";
    if (exists(dir + "/clientkey.pem") && exists(dir + "/clientcert.pem")) {
      key = dir + "/clientkey.pem";
      cert = dir + "/clientcert.pem";
    }
  }
  if (cacert.empty()) cacert = kGlobalCACert;
  if (cacrl.empty()) cacrl = kGlobalCACrl;
  if (key.empty() && cert.empty()) {
    key = kGlobalClientKey;
    cert = kGlobalClientCert;
  }

  auto cred = std::make_shared<TlsCredentials>();
  cred->priority = p.priority ? *p.priority : kDefaultPriority;
  cred->verify = p.verify;
  // The checks run on every open (a certificate may expire meanwhile).
  if (p.sanity) VK_TRY(sanity_check(cacert, cert));

  std::vector<FileId> files{file_id(cacert), file_id(cacrl), file_id(cert), file_id(key)};
  {
    std::lock_guard g(g_cache_mu);
    for (auto it = g_cache.begin(); it != g_cache.end(); ++it) {
      if (it->files != files) continue;
      cred->x509 = it->x509;
      std::rotate(it, it + 1, g_cache.end());
      return cred;
    }
  }
  auto x = load_x509(cacert, cacrl, cert, key);
  VK_TRY(x);
  cred->x509 = *x;
  std::lock_guard g(g_cache_mu);
  if (g_cache.size() >= kCacheMax) g_cache.erase(g_cache.begin());
  g_cache.push_back(CacheEntry{std::move(files), std::move(x).value()});
  return cred;
}

namespace {

class Session final : public TlsLayer {
 public:
  Session(std::shared_ptr<TlsCredentials> cred, int fd) : cred_(std::move(cred)), fd_(fd) {}
  ~Session() override {
    if (s_) gnutls_deinit(s_);
  }

  Status init(const std::string &host) {
    host_ = host;
    if (int e = gnutls_init(&s_, GNUTLS_CLIENT); e != 0) {
      s_ = nullptr;
      return sys_error("Failed to initialize TLS session: %s", gnutls_strerror(e));
    }
    if (int e = gnutls_priority_set_direct(s_, cred_->priority.c_str(), nullptr); e != 0)
      return sys_error("Failed to set TLS session priority to %s: %s", cred_->priority.c_str(),
                       gnutls_strerror(e));
    if (int e = gnutls_credentials_set(s_, GNUTLS_CRD_CERTIFICATE, cred_->x509->cred); e != 0)
      return sys_error("Failed set TLS x509 credentials: %s", gnutls_strerror(e));
    gnutls_transport_set_ptr(s_, this);
    gnutls_transport_set_pull_function(s_, pull);
    gnutls_transport_set_push_function(s_, push);
    return Status();
  }

  // The handshake, waiting for the socket in between (where the thread may
  // be cancelled: never inside GnuTLS).
  Status handshake() {
    for (;;) {
      int r;
      {
        CancelShield shield;
        r = gnutls_handshake(s_);
      }
      if (r == 0) return Status();
      if (r != GNUTLS_E_AGAIN && r != GNUTLS_E_INTERRUPTED)
        return error(VIR_FROM_RPC, VIR_ERR_AUTH_FAILED, "TLS handshake failed %s",
                     gnutls_strerror(r));
      pollfd p{fd_, static_cast<short>(gnutls_record_get_direction(s_) ? POLLOUT : POLLIN), 0};
      (void)poll_cancellable(&p, 1, -1);
    }
  }

  // The server's certificate (libvirt's checks, in its order).
  Status check_peer() {
    unsigned status = 0;
    if (int r = gnutls_certificate_verify_peers2(s_, &status); r < 0)
      return sys_error("Unable to verify TLS peer: %s", gnutls_strerror(r));
    if (status != 0) return sys_error("Certificate failed validation: %s", verify_reason(status));
    if (gnutls_certificate_type_get(s_) != GNUTLS_CRT_X509)
      return sys_error("%s", "Only x509 certificates are supported");
    unsigned n = 0;
    const gnutls_datum_t *certs = gnutls_certificate_get_peers(s_, &n);
    if (!certs) return sys_error("%s", "The certificate has no peers");
    for (unsigned i = 0; i < n; i++) {
      Cert cert;
      if (gnutls_x509_crt_init(&cert.c) < 0) {
        cert.c = nullptr;
        return sys_error("%s", "Unable to initialize certificate");
      }
      if (gnutls_x509_crt_import(cert.c, &certs[i], GNUTLS_X509_FMT_DER) < 0)
        return sys_error("%s", "Unable to load certificate");
      // libvirt checks the times as if we were the server, hence "client"
      // in its message about the server's certificate.
      VK_TRY(check_times(cert.c, "[session]", i > 0 ? Role::ca : Role::client));
      if (i > 0) continue;
      std::vector<char> dn(256);
      size_t size = dn.size();
      int r = gnutls_x509_crt_get_dn(cert.c, dn.data(), &size);
      if (r == GNUTLS_E_SHORT_MEMORY_BUFFER) {
        dn.resize(size);
        r = gnutls_x509_crt_get_dn(cert.c, dn.data(), &size);
      }
      if (r != 0)
        return sys_error("Failed to get certificate %s distinguished name: %s", "[session]",
                         gnutls_strerror(r));
      VK_DEBUG(g_log, "Peer DN is %s", dn.data());
      if (!gnutls_x509_crt_check_hostname(cert.c, host_.c_str()))
        return error(VIR_FROM_RPC, VIR_ERR_RPC,
                     "Certificate %s owner does not match the hostname %s", "[session]",
                     host_.c_str());
      VK_TRY(check_constraints(cert.c, "[session]", Role::server));
      VK_TRY(check_usage(cert.c, "[session]", false));
      VK_TRY(check_purpose(cert.c, "[session]", true));
    }
    return Status();
  }

  // The server's verdict on our certificate and address: one byte, 1.
  Status confirm() {
    char b = 0;
    ssize_t n;
    for (;;) {
      {
        CancelShield shield;
        n = recv_record(&b, 1);
      }
      if (n >= 0 || errno != EAGAIN) break;
      pollfd p{fd_, POLLIN, 0};
      (void)poll_cancellable(&p, 1, -1);
    }
    if (n < 0 && errno != ENOMSG)
      return system_error(VIR_FROM_RPC, errno, "%s", "Unable to read TLS confirmation");
    if (n != 1 || b != '\1')
      return error(VIR_FROM_RPC, VIR_ERR_RPC, "%s",
                   "server verification (of our certificate or IP address) failed");
    return Status();
  }

  ssize_t read(char *buf, size_t n, Status *) override {
    ssize_t r;
    do r = recv_record(buf, n);
    while (r < 0 && errno == EINTR);
    return r;
  }

  bool pending() override {
    std::lock_guard g(rx_mu_);
    return gnutls_record_check_pending(s_) > 0;
  }

  bool write(const char *buf, size_t n, Status *why) override {
    std::lock_guard g(tx_mu_);
    return send_locked(buf, n, why);
  }

  // Each packet its own records, all of them written with one system call.
  bool write_packets(const std::vector<std::string> &pkts, Status *why) override {
    std::lock_guard g(tx_mu_);
    batching_ = std::this_thread::get_id();
    ScopeExit done([this] {
      batching_ = std::thread::id();
      wbuf_.clear();
    });
    for (const std::string &p : pkts)
      if (!send_locked(p.data(), p.size(), why)) return false;
    batching_ = std::thread::id();
    return send_all(fd_, wbuf_.data(), wbuf_.size(), why);
  }

  bool send_locked(const char *buf, size_t n, Status *why) {
    while (n) {
      ssize_t w = gnutls_record_send(s_, buf, n);
      if (w == GNUTLS_E_AGAIN || w == GNUTLS_E_INTERRUPTED) {
        // Called again with the same data, as GnuTLS requires.
        pollfd p{fd_, POLLOUT, 0};
        (void)::poll(&p, 1, -1);
        continue;
      }
      if (w < 0) {
        int err = w == GNUTLS_E_UNEXPECTED_PACKET_LENGTH ? ENOMSG : EIO;
        if (w == GNUTLS_E_PUSH_ERROR && push_errno_) err = push_errno_;
        *why = system_error(VIR_FROM_RPC, err, "%s", "Cannot write data");
        return false;
      }
      buf += w;
      n -= static_cast<size_t>(w);
    }
    return true;
  }

  int key_size() override {
    return static_cast<int>(gnutls_cipher_get_key_size(gnutls_cipher_get(s_)));
  }

 private:
  // One record's worth of plain text, errno as libvirt's session read sets it.
  ssize_t recv_record(char *buf, size_t n) {
    std::lock_guard g(rx_mu_);
    ssize_t r;
    // GnuTLS also answers "again" after a record that carried no data (a
    // TLS 1.3 session ticket): only a socket found empty means waiting for
    // it, else a record already read could wait behind the poll forever.
    int tries = 0;
    do {
      drained_ = false;
      r = gnutls_record_recv(s_, buf, n);
    } while (r == GNUTLS_E_AGAIN && !drained_ && ++tries < 16);
    if (r >= 0) return r;
    errno = r == GNUTLS_E_AGAIN ? EAGAIN : r == GNUTLS_E_INTERRUPTED ? EINTR : EIO;
    return -1;
  }
  // The socket below: reads never wait (the client polls), writes do.
  static ssize_t pull(gnutls_transport_ptr_t self, void *buf, size_t n) {
    auto *s = static_cast<Session *>(self);
    ssize_t r = ::recv(s->fd_, buf, n, MSG_DONTWAIT);
    if (r < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK) s->drained_ = true;
      gnutls_transport_set_errno(s->s_, errno);
    }
    return r;
  }
  static ssize_t push(gnutls_transport_ptr_t self, const void *buf, size_t n) {
    auto *s = static_cast<Session *>(self);
    if (s->batching_ == std::this_thread::get_id()) {  // write_packets sends it
      s->wbuf_.append(static_cast<const char *>(buf), n);
      return static_cast<ssize_t>(n);
    }
    ssize_t r = ::send(s->fd_, buf, n, MSG_NOSIGNAL);
    if (r < 0) {
      s->push_errno_ = errno;
      gnutls_transport_set_errno(s->s_, errno);
    }
    return r;
  }

  std::shared_ptr<TlsCredentials> cred_;
  int fd_;
  gnutls_session_t s_ = nullptr;
  std::string host_;
  // The reader and the writer each have theirs (GnuTLS allows one of each).
  std::mutex rx_mu_, tx_mu_;
  bool drained_ = false;  // the last pull found the socket empty (rx_mu_)
  // While write_packets runs (on that thread), records collect in wbuf_.
  std::atomic<std::thread::id> batching_{};
  std::string wbuf_;
  int push_errno_ = 0;
};

}  // namespace

Result<std::unique_ptr<TlsLayer>> tls_connect(const std::shared_ptr<TlsCredentials> &cred, int fd,
                                              const std::string &host) {
  auto s = std::make_unique<Session>(cred, fd);
  VK_TRY(s->init(host));
  VK_TRY(s->handshake());
  if (Status st = s->check_peer(); !st.ok()) {
    VK_WARN(g_log, "Certificate check failed %s", st.record()->message);
    if (cred->verify)
      return error(VIR_FROM_RPC, VIR_ERR_AUTH_FAILED, "%s", "Failed to verify peer's certificate");
    VK_INFO(g_log, "%s", "Ignoring bad certificate at user request");
  }
  VK_TRY(s->confirm());
  return std::unique_ptr<TlsLayer>(std::move(s));
}

}  // namespace virtkit::remote
