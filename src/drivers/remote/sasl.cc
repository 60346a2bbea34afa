// SPDX-License-Identifier: LGPL-2.1-or-later
#include "drivers/remote/sasl.h"

#include <netdb.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <mutex>

#include "drivers/remote/client.h"
#include "util/auth_conf.h"
#include "util/log.h"

namespace virtkit::remote {
namespace {

constexpr int kFromRemote = VIR_FROM_REMOTE;
constexpr int kFromRpc = VIR_FROM_RPC;
// libvirt's REMOTE_AUTH_SASL_DATA_MAX; also the largest SASL record it asks for.
constexpr unsigned kDataMax = 65536;
// Below this strength libvirt refuses a plain TCP connection; below the
// second it warns.
constexpr int kMinSsf = 56, kWarnSsf = 112;

log::Source g_log("remote.remote_driver");
log::Source g_log_ctx("rpc.netsaslcontext");

// Client side of libvirt's virNetSASLSession results.
enum Step { kComplete = 0, kContinue = 1, kInteract = 2 };

Status client_init() {
  static std::once_flag once;
  static int rc = SASL_OK;
  std::call_once(once, [] { rc = sasl_client_init(nullptr); });
  if (rc != SASL_OK)
    return error(kFromRpc, VIR_ERR_AUTH_FAILED, "failed to initialize SASL library: %d (%s)", rc,
                 sasl_errstring(rc, nullptr, nullptr));
  return Status();
}

// Bytes as libvirt's XDR carries them: each char one signed int.
std::vector<int32_t> to_wire(const char *p, unsigned n) {
  std::vector<int32_t> v(n);
  for (unsigned i = 0; i < n; i++) v[i] = static_cast<signed char>(p[i]);
  return v;
}

std::string from_wire(const std::vector<int32_t> &v) {
  std::string s(v.size(), '\0');
  for (size_t i = 0; i < v.size(); i++) s[i] = static_cast<char>(v[i]);
  return s;
}

// The outcome of sasl_client_start/step, libvirt's errors for the others.
Result<Step> classify(sasl_conn_t *conn, int err, const char *what) {
  switch (err) {
    case SASL_OK: {
      const void *v = nullptr;
      int rc = sasl_getprop(conn, SASL_MAXOUTBUF, &v);
      if (rc != SASL_OK)
        return error(kFromRpc, VIR_ERR_INTERNAL_ERROR, "cannot get security props %d (%s)", rc,
                     sasl_errstring(rc, nullptr, nullptr));
      VK_DEBUG(g_log_ctx, "Negotiated bufsize is %u vs requested size %u",
               *static_cast<const unsigned *>(v), kDataMax);
      return kComplete;
    }
    case SASL_CONTINUE:
      return kContinue;
    case SASL_INTERACT:
      return kInteract;
    default:
      return error(kFromRpc, VIR_ERR_AUTH_FAILED, "Failed to %s SASL negotiation: %d (%s)", what,
                   err, sasl_errdetail(conn));
  }
}

// The answers SASL's prompts point to, kept (and wiped) until the
// negotiation ends.
class Answers {
 public:
  Answers() = default;
  Answers(const Answers &) = delete;
  Answers &operator=(const Answers &) = delete;
  ~Answers() {
    for (char *p : owned_) {
      explicit_bzero(p, std::strlen(p));
      std::free(p);
    }
  }
  // Takes `p` (malloc'd, may be null).
  char *take(char *p) {
    if (p) owned_.push_back(p);
    return p;
  }
  const char *copy(const std::string &s) {
    char *p = static_cast<char *>(std::malloc(s.size() + 1));
    if (!p) std::abort();  // as libvirt's allocation failures
    std::memcpy(p, s.c_str(), s.size() + 1);
    return take(p);
  }

 private:
  std::vector<char *> owned_;
};

// auth.conf's name for what a prompt asks, or null.
const char *conf_name(unsigned long id) {
  switch (id) {
    case SASL_CB_USER:
      return "username";
    case SASL_CB_AUTHNAME:
      return "authname";
    case SASL_CB_PASS:
      return "password";
    case SASL_CB_GETREALM:
      return "realm";
    default:
      return nullptr;
  }
}

// libvirt's remoteAuthInteract: what auth.conf has, then the rest from the
// application's callback in one call.
Status interact(const SaslParams &p, std::optional<util::AuthConfig> *conf, sasl_interact_t *need,
                Answers *answers) {
  VK_DEBUG(g_log, "%s", "Starting SASL interaction");
  VK_DEBUG(g_log, "%s", "Trying to fill auth parameters from config file");
  if (!*conf && !p.auth_file.empty()) {
    auto c = util::AuthConfig::load(p.auth_file);
    VK_TRY(c);
    conf->emplace(std::move(c).value());
  }
  if (*conf) {
    for (sasl_interact_t *i = need; i->id != 0; i++) {
      const char *name = conf_name(i->id);
      if (!name) continue;
      auto v = (*conf)->lookup("libvirt", p.host, name);
      VK_TRY(v);
      if (!*v) continue;
      i->result = answers->copy(**v);
      i->len = static_cast<unsigned>((*v)->size());
    }
  }
  std::vector<virConnectCredential> creds;
  for (sasl_interact_t *i = need; i->id != 0; i++) {
    if (i->result) continue;
    virConnectCredential c{};
    c.type = sasl_cred_type(i->id);
    if (!c.type)
      return error(kFromRemote, VIR_ERR_AUTH_FAILED, "%s", "Failed to make auth credentials");
    // As libvirt: whether the challenge and the default are passed on is
    // read from the prompt at the credential's own index.
    const sasl_interact_t &at = need[creds.size()];
    if (at.challenge) c.challenge = i->challenge;
    c.prompt = i->prompt;
    if (at.defresult) c.defresult = i->defresult;
    creds.push_back(c);
  }
  if (creds.empty()) return Status();
  if (!p.auth || !p.auth->cb)
    return error(kFromRemote, VIR_ERR_AUTH_FAILED, "%s", "No authentication callback available");
  int rc = p.auth->cb(creds.data(), static_cast<unsigned>(creds.size()), p.auth->cbdata);
  for (virConnectCredential &c : creds) answers->take(c.result);
  if (rc < 0)
    return error(kFromRemote, VIR_ERR_AUTH_FAILED, "%s", "Failed to collect auth credentials");
  size_t k = 0;
  for (sasl_interact_t *i = need; i->id != 0; i++) {
    if (i->result) continue;
    i->result = creds[k].result;
    i->len = creds[k].resultlen;
    k++;
  }
  return Status();
}

// The decoded reply of one negotiation call.
struct ServerData {
  bool complete = false;
  bool nil = true;
  std::string data;
};

template <class Ret>
Result<ServerData> server_data(const std::string &reply) {
  auto r = Client::decode<Ret>(reply);
  VK_TRY(r);
  return ServerData{r->complete != 0, r->nil != 0, from_wire(r->data)};
}

// The negotiated security layer over the one below (the socket or TLS).
// The reader and the writer are different threads: SASL's state is only
// touched under mu_, never held while waiting for the layer below.
class SaslLayer final : public Layer {
 public:
  SaslLayer(std::unique_ptr<SaslSession> s, std::unique_ptr<Layer> below)
      : s_(std::move(s)), below_(std::move(below)) {
    const void *v = nullptr;
    if (sasl_getprop(s_->conn, SASL_MAXOUTBUF, &v) == SASL_OK && v)
      maxout_ = *static_cast<const unsigned *>(v);
    if (maxout_ == 0) maxout_ = kDataMax;
  }

  ssize_t read(char *buf, size_t n, Status *why) override {
    for (;;) {
      {
        std::lock_guard g(mu_);
        if (dpos_ < decoded_.size()) {
          size_t k = std::min(n, decoded_.size() - dpos_);
          std::memcpy(buf, decoded_.data() + dpos_, k);
          dpos_ += k;
          return static_cast<ssize_t>(k);
        }
      }
      // A piece of a record decodes to nothing: read on until the layer
      // below has nothing more.
      ssize_t got = below_->read(raw_.data(), raw_.size(), why);
      if (got == 0) {
        // libvirt reads SASL's records as its socket's, where the end of
        // the stream is an error (the connection's close reason "error").
        *why = system_error(kFromRpc, EIO, "%s", "End of file while reading data");
        errno = EIO;
        return -1;
      }
      if (got < 0) return got;
      std::lock_guard g(mu_);
      const char *out = nullptr;
      unsigned outlen = 0;
      int err = sasl_decode(s_->conn, raw_.data(), static_cast<unsigned>(got), &out, &outlen);
      if (err != SASL_OK) {
        *why = error(kFromRpc, VIR_ERR_INTERNAL_ERROR, "failed to decode SASL data: %d (%s)", err,
                     sasl_errstring(err, nullptr, nullptr));
        errno = EIO;
        return -1;
      }
      decoded_.assign(out ? out : "", outlen);
      dpos_ = 0;
    }
  }

  bool pending() override {
    {
      std::lock_guard g(mu_);
      if (dpos_ < decoded_.size()) return true;
    }
    return below_->pending();
  }

  bool write(const char *buf, size_t n, Status *why) override {
    while (n) {
      size_t chunk = std::min(n, maxout_);
      {
        std::lock_guard g(mu_);
        const char *out = nullptr;
        unsigned outlen = 0;
        int err = sasl_encode(s_->conn, buf, static_cast<unsigned>(chunk), &out, &outlen);
        if (err != SASL_OK) {
          *why = error(kFromRpc, VIR_ERR_INTERNAL_ERROR, "failed to encode SASL data: %d (%s)", err,
                       sasl_errstring(err, nullptr, nullptr));
          return false;
        }
        encoded_.assign(out ? out : "", outlen);
      }
      if (!below_->write(encoded_.data(), encoded_.size(), why)) return false;
      buf += chunk;
      n -= chunk;
    }
    return true;
  }

 private:
  std::unique_ptr<SaslSession> s_;
  std::unique_ptr<Layer> below_;
  size_t maxout_ = 0;
  std::mutex mu_;
  std::string decoded_;  // decoded bytes not read yet, from dpos_
  size_t dpos_ = 0;
  std::vector<char> raw_ = std::vector<char>(kDataMax);  // the reader's
  std::string encoded_;                                  // the writer's
};

}  // namespace

SaslSession::~SaslSession() {
  if (conn) sasl_dispose(&conn);
}

int sasl_cred_type(unsigned long sasl_id) {
  switch (sasl_id) {
    case SASL_CB_USER:
      return VIR_CRED_USERNAME;
    case SASL_CB_AUTHNAME:
      return VIR_CRED_AUTHNAME;
    case SASL_CB_LANGUAGE:
      return VIR_CRED_LANGUAGE;
    case SASL_CB_CNONCE:
      return VIR_CRED_CNONCE;
    case SASL_CB_PASS:
      return VIR_CRED_PASSPHRASE;
    case SASL_CB_ECHOPROMPT:
      return VIR_CRED_ECHOPROMPT;
    case SASL_CB_NOECHOPROMPT:
      return VIR_CRED_NOECHOPROMPT;
    case SASL_CB_GETREALM:
      return VIR_CRED_REALM;
    default:
      return 0;
  }
}

unsigned long sasl_callback_id(int cred_type) {
  switch (cred_type) {
    case VIR_CRED_USERNAME:
      return SASL_CB_USER;
    case VIR_CRED_AUTHNAME:
      return SASL_CB_AUTHNAME;
    case VIR_CRED_LANGUAGE:
      return SASL_CB_LANGUAGE;
    case VIR_CRED_CNONCE:
      return SASL_CB_CNONCE;
    case VIR_CRED_PASSPHRASE:
      return SASL_CB_PASS;
    case VIR_CRED_ECHOPROMPT:
      return SASL_CB_ECHOPROMPT;
    case VIR_CRED_NOECHOPROMPT:
      return SASL_CB_NOECHOPROMPT;
    case VIR_CRED_REALM:
      return SASL_CB_GETREALM;
    default:
      return 0;
  }
}

std::string sasl_address(int fd, bool local) {
  if (fd < 0) return "";
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  auto *sa = reinterpret_cast<sockaddr *>(&ss);
  if ((local ? getsockname(fd, sa, &len) : getpeername(fd, sa, &len)) != 0) return "";
  if (ss.ss_family == AF_UNIX) return "127.0.0.1;0";
  char host[NI_MAXHOST], port[NI_MAXSERV];
  if (getnameinfo(sa, len, host, sizeof host, port, sizeof port, NI_NUMERICHOST | NI_NUMERICSERV))
    return "";
  return std::string(host) + ";" + port;
}

Result<SaslOutcome> sasl_negotiate(const SaslParams &p, const SaslCall &call) {
  VK_DEBUG(g_log, "%s", "Client initialize SASL authentication");
  VK_TRY(client_init());
  SaslOutcome o;
  o.session = std::make_unique<SaslSession>();
  SaslSession &s = *o.session;
  // One callback per credential type the application answers, without a
  // function: SASL then returns its prompts all at once (SASL_INTERACT).
  if (p.auth) {
    for (unsigned i = 0; p.auth->credtype && i < p.auth->ncredtype; i++)
      if (unsigned long id = sasl_callback_id(p.auth->credtype[i]))
        s.callbacks.push_back(sasl_callback_t{id, nullptr, nullptr});
    s.callbacks.push_back(sasl_callback_t{SASL_CB_LIST_END, nullptr, nullptr});
  }
  auto opt = [](const std::string &a) { return a.empty() ? nullptr : a.c_str(); };
  int err = sasl_client_new("libvirt", p.host.c_str(), opt(p.local_addr), opt(p.remote_addr),
                            p.auth ? s.callbacks.data() : nullptr, SASL_SUCCESS_DATA, &s.conn);
  if (err != SASL_OK)
    return error(kFromRpc, VIR_ERR_AUTH_FAILED, "Failed to create SASL client context: %d (%s)",
                 err, sasl_errstring(err, nullptr, nullptr));
  if (p.external_ssf > 0) {
    VK_DEBUG(g_log, "Setting external SSF %d", p.external_ssf);
    sasl_ssf_t ext = static_cast<sasl_ssf_t>(p.external_ssf);
    err = sasl_setprop(s.conn, SASL_SSF_EXTERNAL, &ext);
    if (err != SASL_OK)  // (libvirt prints the error code where the SSF is named)
      return error(kFromRpc, VIR_ERR_INTERNAL_ERROR, "cannot set external SSF %d (%s)", err,
                   sasl_errstring(err, nullptr, nullptr));
  }
  // A secure transport needs no strength of SASL; plain TCP needs DES's at
  // least, and neither anonymous nor plain-text mechanisms.
  sasl_security_properties_t props{};
  props.min_ssf = p.secure ? 0 : kMinSsf;
  props.max_ssf = p.secure ? 0 : 100000;
  props.maxbufsize = kDataMax;
  props.security_flags = p.secure ? 0 : SASL_SEC_NOANONYMOUS | SASL_SEC_NOPLAINTEXT;
  VK_DEBUG(g_log_ctx, "minSSF=%u maxSSF=%u allowAnonymous=%d maxbufsize=%u", props.min_ssf,
           props.max_ssf, p.secure ? 1 : 0, props.maxbufsize);
  err = sasl_setprop(s.conn, SASL_SEC_PROPS, &props);
  if (err != SASL_OK)
    return error(kFromRpc, VIR_ERR_INTERNAL_ERROR, "cannot set security props %d (%s)", err,
                 sasl_errstring(err, nullptr, nullptr));

  std::string reply;
  VK_TRY(call(proto::remote_proc::auth_sasl_init, "", &reply));
  auto init = Client::decode<proto::auth_sasl_init_ret>(reply);
  VK_TRY(init);
  const char *mechlist = init->mechlist.c_str();
  if (p.mech) {
    if (!std::strstr(mechlist, p.mech->c_str()))
      return error(kFromRemote, VIR_ERR_AUTH_FAILED, "SASL mechanism %s not supported by server",
                   p.mech->c_str());
    mechlist = p.mech->c_str();
  }

  Answers answers;
  std::optional<util::AuthConfig> conf;
  // The prompts a mechanism allocates are freed by its next step; left
  // unanswered (a failure), they are ours to free.
  sasl_interact_t *need = nullptr;
  struct FreePrompts {
    sasl_interact_t *&p;
    ~FreePrompts() { std::free(p); }
  } free_prompts{need};
  const char *out = nullptr, *mech = nullptr;
  unsigned outlen = 0;
  Step step;
  for (;;) {
    VK_DEBUG(g_log, "Client start negotiation mechlist '%s'", mechlist);
    out = nullptr;
    outlen = 0;
    auto r =
        classify(s.conn, sasl_client_start(s.conn, mechlist, &need, &out, &outlen, &mech), "start");
    VK_TRY(r);
    step = *r;
    if (step != kInteract) break;
    VK_TRY(interact(p, &conf, need, &answers));
  }
  if (outlen > kDataMax)
    return error(kFromRemote, VIR_ERR_AUTH_FAILED, "SASL negotiation data too long: %u bytes",
                 outlen);
  proto::auth_sasl_start_args sa;
  sa.mech = mech ? mech : "";
  sa.nil = out ? 0 : 1;
  sa.data = to_wire(out, outlen);
  VK_DEBUG(g_log, "Server start negotiation with mech %s. Data %u bytes %p", sa.mech.c_str(),
           outlen, static_cast<const void *>(out));
  std::string args;
  VK_TRY(Client::encode(sa, &args));
  VK_TRY(call(proto::remote_proc::auth_sasl_start, args, &reply));
  auto in = server_data<proto::auth_sasl_start_ret>(reply);
  VK_TRY(in);
  VK_DEBUG(g_log, "Client step result complete: %d. Data %zu bytes", in->complete ? 1 : 0,
           in->data.size());

  // Done at once when both ends say so; else the client steps at least
  // once more (to check the server's last word), as libvirt's does.
  if (!(in->complete && step == kComplete)) {
    for (;;) {
      out = nullptr;
      outlen = 0;
      auto r =
          classify(s.conn,
                   sasl_client_step(s.conn, in->nil ? nullptr : in->data.data(),
                                    static_cast<unsigned>(in->data.size()), &need, &out, &outlen),
                   "step");
      VK_TRY(r);
      step = *r;
      if (step == kInteract) {
        VK_TRY(interact(p, &conf, need, &answers));
        continue;
      }
      VK_DEBUG(g_log, "Client step result %d. Data %u bytes %p", static_cast<int>(step), outlen,
               static_cast<const void *>(out));
      if (in->complete && step == kComplete) break;
      proto::auth_sasl_step_args st;
      st.nil = out ? 0 : 1;
      st.data = to_wire(out, outlen);
      VK_DEBUG(g_log, "Server step with %u bytes %p", outlen, static_cast<const void *>(out));
      args.clear();
      VK_TRY(Client::encode(st, &args));
      VK_TRY(call(proto::remote_proc::auth_sasl_step, args, &reply));
      in = server_data<proto::auth_sasl_step_ret>(reply);
      VK_TRY(in);
      VK_DEBUG(g_log, "Client step result complete: %d. Data %zu bytes", in->complete ? 1 : 0,
               in->data.size());
      if (in->complete && step == kComplete) break;
    }
    // A transport that is not secure must be made so by SASL.
    if (!p.secure) {
      const void *v = nullptr;
      err = sasl_getprop(s.conn, SASL_SSF, &v);
      if (err != SASL_OK)
        return error(kFromRpc, VIR_ERR_AUTH_FAILED, "cannot query SASL ssf on connection %d (%s)",
                     err, sasl_errstring(err, nullptr, nullptr));
      int ssf = *static_cast<const int *>(v);
      VK_DEBUG(g_log, "SASL SSF value %d", ssf);
      if (ssf < kMinSsf)
        return error(kFromRemote, VIR_ERR_AUTH_FAILED, "negotiation SSF %d was not strong enough",
                     ssf);
      if (ssf < kWarnSsf)
        VK_WARN(g_log,
                "negotiation SSF %d lower than %d will be deprecated. Please upgrade your ciphers.",
                ssf, kWarnSsf);
      o.secure = true;
    }
  }
  o.secure = o.secure || p.secure;
  const void *v = nullptr;
  if (sasl_getprop(s.conn, SASL_SSF, &v) == SASL_OK && v) o.ssf = *static_cast<const int *>(v);
  return o;
}

std::unique_ptr<Layer> sasl_layer(std::unique_ptr<SaslSession> session,
                                  std::unique_ptr<Layer> below) {
  return std::make_unique<SaslLayer>(std::move(session), std::move(below));
}

Status sasl_authenticate(Client &c, const SaslParams &p, bool *secure) {
  SaslCall call = [&c](int proc, const std::string &args, std::string *reply) {
    return c.call(proto::kRemoteProgram, proto::kRemoteVersion, proc, args, reply);
  };
  auto o = sasl_negotiate(p, call);
  VK_TRY(o);
  VK_DEBUG(g_log, "%s", "SASL authentication complete");
  // Without a security layer SASL's encoding would copy the bytes as they are.
  if (o->ssf > 0) c.set_layer(sasl_layer(std::move(o->session), c.take_layer()));
  *secure = o->secure;
  return Status();
}

}  // namespace virtkit::remote
