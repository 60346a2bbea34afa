// SPDX-License-Identifier: LGPL-2.1-or-later
// The migration family of entry points (virDomainMigrate*, *ToURI*) and
// the orchestrator behind them: as libvirt's client, it checks the flags
// against both drivers' features, then either hands the whole migration to
// the source (peer-to-peer, direct) or drives the managed protocol's steps
// (begin, prepare, perform, finish, confirm: versions 1, 2, 3 and 3 with
// parameters) across the two connections itself.
#define VIR_ENUM_SENTINELS  // the *_LAST values of the public enums

#include <cerrno>
#include <climits>
#include <cstring>
#include <deque>
#include <string>
#include <utility>
#include <vector>

#include "api/extra_checks.h"
#include "api/util.h"
#include "driver/driver.h"

using namespace virtkit;
using namespace virtkit::api;
using handles::hv;
namespace ex = virtkit::api::extra;

namespace {

constexpr unsigned long kNonSharedDisk = VIR_MIGRATE_NON_SHARED_DISK;
constexpr unsigned long kNonSharedInc = VIR_MIGRATE_NON_SHARED_INC;

Status disk_flags(const Call &c, unsigned long flags) {
  VK_TRY(c.exclusive(flags, kNonSharedDisk, kNonSharedInc, "VIR_MIGRATE_NON_SHARED_DISK",
                     "VIR_MIGRATE_NON_SHARED_INC"));
  return c.require(flags, VIR_MIGRATE_NON_SHARED_SYNCHRONOUS_WRITES, kNonSharedDisk | kNonSharedInc,
                   "VIR_MIGRATE_NON_SHARED_SYNCHRONOUS_WRITES",
                   "VIR_MIGRATE_NON_SHARED_DISK | VIR_MIGRATE_NON_SHARED_INC");
}

Status tunnelled_or_parallel(const Call &c, unsigned long flags) {
  return c.exclusive(flags, VIR_MIGRATE_TUNNELLED, VIR_MIGRATE_PARALLEL, "VIR_MIGRATE_TUNNELLED",
                     "VIR_MIGRATE_PARALLEL");
}

// A feature the migration needs of a host; `missing` is the error's text.
Status need_feature(const Call &c, virConnectPtr conn, int feature, const char *missing) {
  auto rc = ex::supports_feature(conn, feature);
  VK_TRY(rc);
  if (!*rc) return error(c.api.from, VIR_ERR_ARGUMENT_UNSUPPORTED, "%s", missing);
  return Status();
}

Status offline_on_both(const Call &c, virConnectPtr src, virConnectPtr dst, unsigned long flags) {
  if (!(flags & VIR_MIGRATE_OFFLINE)) return Status();
  VK_TRY(need_feature(c, src, ex::kMigrationOffline,
                      "offline migration is not supported by the source host"));
  return need_feature(c, dst, ex::kMigrationOffline,
                      "offline migration is not supported by the destination host");
}

Status change_protection(const Call &c, virConnectPtr src, unsigned long flags) {
  if (!(flags & VIR_MIGRATE_CHANGE_PROTECTION)) return Status();
  return need_feature(c, src, ex::kMigrateChangeProtection, "cannot enforce change protection");
}

// Whether both hosts speak a migration protocol version.
Result<bool> both_support(virConnectPtr src, virConnectPtr dst, int feature) {
  auto s = ex::supports_feature(src, feature);
  VK_TRY(s);
  auto d = ex::supports_feature(dst, feature);
  VK_TRY(d);
  return *s && *d;
}

Status xml_change_unsupported(const char *dxml) {
  if (!dxml) return Status();
  return error(VIR_FROM_DOMAIN, VIR_ERR_ARGUMENT_UNSUPPORTED, "%s",
               "Unable to change target guest XML during migration");
}

// ---- The managed protocols: the client drives the steps across both hosts ----

// A malloc'ed string or cookie a step hands back.
struct Owned {
  char *p = nullptr;
  int len = 0;
  Owned() = default;
  Owned(const Owned &) = delete;
  Owned &operator=(const Owned &) = delete;
  ~Owned() { std::free(p); }
  // Takes over `o`'s bytes (the previous step's output becomes this input).
  void take(Owned &o) {
    std::free(p);
    p = std::exchange(o.p, nullptr);
    len = std::exchange(o.len, 0);
  }
  void clear() {
    std::free(std::exchange(p, nullptr));
    len = 0;
  }
};

// The flags the destination gets: the source's own tuning left out.
unsigned long dest_flags(unsigned long flags) {
  return flags &
         ~static_cast<unsigned long>(VIR_MIGRATE_ABORT_ON_ERROR | VIR_MIGRATE_AUTO_CONVERGE);
}

// Whether the source is paused (then it stays paused on the destination),
// asked through the public calls as libvirt does; a failure to ask is a no.
bool is_paused(virDomainPtr domain, bool by_state) {
  if (by_state) {
    int state = -1;
    return virDomainGetState(domain, &state, nullptr, 0) == 0 && state == VIR_DOMAIN_PAUSED;
  }
  virDomainInfo info;
  return virDomainGetInfo(domain, &info) == 0 && info.state == VIR_DOMAIN_PAUSED;
}

// A step's domain, or the failure to report: libvirt keeps the first error
// of a failed migration (`kept`) over those of the clean-up steps after it,
// and leaves it set even when the destination hands back a domain.
Result<virDomainPtr> outcome(Result<virDomainPtr> ddomain, Status kept) {
  if (!ddomain.ok()) return kept.ok() ? std::move(ddomain).status() : std::move(kept);
  if (!kept.ok()) errstore::set(std::move(kept));
  return ddomain;
}

// Version 1: prepare (destination), perform (source), finish (destination).
Result<virDomainPtr> migrate_v1(virDomainPtr domain, virConnectPtr dconn, unsigned long flags,
                                const char *dname, const char *uri, unsigned long bandwidth) {
  if (is_paused(domain, false)) flags |= VIR_MIGRATE_PAUSED;
  unsigned long destflags = dest_flags(flags);
  Owned cookie, uri_out;
  VK_TRY(hv(dconn).domainMigratePrepare(dconn, &cookie.p, &cookie.len, uri, &uri_out.p, destflags,
                                        dname, bandwidth));
  if (!uri && !uri_out.p)
    return error(VIR_FROM_DOMAIN, VIR_ERR_INTERNAL_ERROR, "%s",
                 "domainMigratePrepare did not set uri");
  if (uri_out.p) uri = uri_out.p;
  VK_TRY(
      hv(domain).domainMigratePerform(domain, cookie.p, cookie.len, uri, flags, dname, bandwidth));
  const char *name = dname ? dname : domain->name.c_str();
  auto ddomain = hv(dconn).domainMigrateFinish(dconn, name, cookie.p, cookie.len, uri, destflags);
  if (ddomain.status().unsupported()) {  // a destination without a finish step
    virDomainPtr d = virDomainLookupByName(dconn, name);
    if (!d) return errstore::current_status();
    return d;
  }
  return ddomain;
}

// Version 2: the source's XML goes to prepare; finish learns whether
// perform failed (and then cleans the destination up).
Result<virDomainPtr> migrate_v2(virDomainPtr domain, virConnectPtr dconn, unsigned long flags,
                                const char *dname, const char *uri, unsigned long bandwidth) {
  auto migratable = ex::supports_feature(domain->conn, ex::kXmlMigratable);
  VK_TRY(migratable);
  unsigned int xml_flags =
      *migratable ? VIR_DOMAIN_XML_MIGRATABLE : VIR_DOMAIN_XML_SECURE | VIR_DOMAIN_XML_UPDATE_CPU;
  auto xml = hv(domain).domainGetXMLDesc(domain, xml_flags);
  VK_TRY(xml);
  Owned dom_xml;
  dom_xml.p = *xml;
  if (is_paused(domain, false)) flags |= VIR_MIGRATE_PAUSED;
  unsigned long destflags = dest_flags(flags);
  Owned cookie, uri_out;
  VK_TRY(hv(dconn).domainMigratePrepare2(dconn, &cookie.p, &cookie.len, uri, &uri_out.p, destflags,
                                         dname, bandwidth, dom_xml.p));
  Status kept;
  int cancelled = 1;
  if (!uri && !uri_out.p) {
    kept = error(VIR_FROM_DOMAIN, VIR_ERR_INTERNAL_ERROR, "%s",
                 "domainMigratePrepare2 did not set uri");
  } else {
    if (uri_out.p) uri = uri_out.p;
    auto rc =
        hv(domain).domainMigratePerform(domain, cookie.p, cookie.len, uri, flags, dname, bandwidth);
    if (!rc.ok()) kept = rc.status();
    cancelled = rc.ok() ? 0 : 1;
  }
  const char *name = dname ? dname : domain->name.c_str();
  return outcome(
      hv(dconn).domainMigrateFinish2(dconn, name, cookie.p, cookie.len, uri, destflags, cancelled),
      std::move(kept));
}

// A copy of the caller's migration parameters that the steps may amend.
class MigrationParams {
 public:
  MigrationParams(const virTypedParameter *params, int nparams) {
    for (int i = 0; i < nparams; i++) {
      virTypedParameter p = params[i];
      if (p.type == VIR_TYPED_PARAM_STRING && p.value.s) p.value.s = keep(p.value.s);
      list_.push_back(p);
    }
  }
  virTypedParameterPtr data() { return list_.empty() ? nullptr : list_.data(); }
  int size() const { return static_cast<int>(list_.size()); }
  // libvirt's virTypedParamsReplaceString: set, or add at the end.
  Status replace_string(const char *name, const char *value) {
    for (auto &p : list_) {
      if (std::strcmp(p.field, name) != 0) continue;
      if (p.type != VIR_TYPED_PARAM_STRING)
        return error(VIR_FROM_NONE, VIR_ERR_INVALID_ARG, "Parameter '%s' is not a string", p.field);
      p.value.s = keep(value);
      return Status();
    }
    virTypedParameter p{};
    std::strncpy(p.field, name, VIR_TYPED_PARAM_FIELD_LENGTH - 1);
    p.type = VIR_TYPED_PARAM_STRING;
    p.value.s = keep(value);
    list_.push_back(p);
    return Status();
  }

 private:
  char *keep(const char *s) { return strings_.emplace_back(s).data(); }
  std::vector<virTypedParameter> list_;
  std::deque<std::string> strings_;  // stable addresses
};

// Version 3 (begin, prepare, perform, finish, confirm), with the classic
// arguments or (`use_params`) with extensible parameters.
struct V3Args {
  const char *xmlin = nullptr;
  const char *dname = nullptr;
  const char *uri = nullptr;
  unsigned long long bandwidth = 0;
  const virTypedParameter *params = nullptr;
  int nparams = 0;
  bool use_params = false;
};

Result<virDomainPtr> migrate_v3(virDomainPtr domain, virConnectPtr dconn, const V3Args &in,
                                unsigned int flags) {
  driver::HypervisorTable &src = hv(domain);
  driver::HypervisorTable &dst = hv(dconn);
  MigrationParams params(in.params, in.nparams);
  const char *uri = in.uri;
  const char *dname = in.dname;
  auto bandwidth = static_cast<unsigned long>(in.bandwidth);
  const bool use_params = in.use_params;

  auto protects = ex::supports_feature(domain->conn, ex::kMigrateChangeProtection);
  VK_TRY(protects);
  const unsigned int protection = *protects ? VIR_MIGRATE_CHANGE_PROTECTION : 0;

  Owned cookiein, cookieout, dom_xml, uri_out;
  auto xml = use_params
                 ? src.domainMigrateBegin3Params(domain, params.data(), params.size(), &cookieout.p,
                                                 &cookieout.len, flags | protection)
                 : src.domainMigrateBegin3(domain, in.xmlin, &cookieout.p, &cookieout.len,
                                           flags | protection, dname, bandwidth);
  VK_TRY(xml);
  dom_xml.p = *xml;

  if (is_paused(domain, use_params) && !(flags & VIR_MIGRATE_POSTCOPY_RESUME))
    flags |= VIR_MIGRATE_PAUSED;
  const auto destflags = static_cast<unsigned int>(dest_flags(flags));

  Status kept;
  int cancelled = 1;
  bool notify_source = true;
  Result<virDomainPtr> ddomain = generic_failure();  // until finish answers
  cookiein.take(cookieout);
  {
    Result<int> prepared = generic_failure();  // until prepare answers
    if (use_params) {
      VK_TRY(params.replace_string(VIR_MIGRATE_PARAM_DEST_XML, dom_xml.p));
      prepared = dst.domainMigratePrepare3Params(dconn, params.data(), params.size(), cookiein.p,
                                                 cookiein.len, &cookieout.p, &cookieout.len,
                                                 &uri_out.p, destflags);
    } else {
      prepared =
          dst.domainMigratePrepare3(dconn, cookiein.p, cookiein.len, &cookieout.p, &cookieout.len,
                                    uri, &uri_out.p, destflags, dname, bandwidth, dom_xml.p);
    }
    if (!prepared.ok()) {
      // Begin started a job on the source only with change protection:
      // then confirm cancels it.
      if (!protection) return prepared.status();
      kept = prepared.status();
      goto confirm;
    }
  }

  if (uri_out.p) {
    uri = uri_out.p;
    if (use_params) {
      Status st = params.replace_string(VIR_MIGRATE_PARAM_URI, uri_out.p);
      if (!st.ok()) {
        kept = st;
        goto finish;
      }
    }
  } else if (!uri && (!use_params || virTypedParamsGetString(params.data(), params.size(),
                                                             VIR_MIGRATE_PARAM_URI, &uri) <= 0)) {
    kept = error(VIR_FROM_DOMAIN, VIR_ERR_INTERNAL_ERROR, "%s",
                 "domainMigratePrepare3 did not set uri");
    goto finish;
  }

  if (flags & VIR_MIGRATE_OFFLINE) {  // nothing to send: straight to finish
    cookieout.clear();
    cancelled = 0;
    goto finish;
  }

  {
    cookiein.take(cookieout);
    // dconnuri is for peer-to-peer migration only: NULL here.
    auto performed =
        use_params ? src.domainMigratePerform3Params(domain, nullptr, params.data(), params.size(),
                                                     cookiein.p, cookiein.len, &cookieout.p,
                                                     &cookieout.len, flags | protection)
                   : src.domainMigratePerform3(domain, nullptr, cookiein.p, cookiein.len,
                                               &cookieout.p, &cookieout.len, nullptr, uri,
                                               flags | protection, dname, bandwidth);
    if (!performed.ok()) {
      // The source knows it failed: no confirm step then.
      kept = performed.status();
      notify_source = false;
    }
    cancelled = performed.ok() ? 0 : 1;
  }

finish:
  cookiein.take(cookieout);
  if (use_params) {
    Status st;
    if (virTypedParamsGetString(params.data(), params.size(), VIR_MIGRATE_PARAM_DEST_NAME,
                                nullptr) <= 0)
      st = params.replace_string(VIR_MIGRATE_PARAM_DEST_NAME, domain->name.c_str());
    if (!st.ok())
      ddomain = st;
    else
      ddomain = dst.domainMigrateFinish3Params(dconn, params.data(), params.size(), cookiein.p,
                                               cookiein.len, &cookieout.p, &cookieout.len,
                                               destflags, cancelled);
  } else {
    ddomain = dst.domainMigrateFinish3(dconn, dname ? dname : domain->name.c_str(), cookiein.p,
                                       cookiein.len, &cookieout.p, &cookieout.len, nullptr, uri,
                                       destflags, cancelled);
  }
  if (cancelled && !ddomain.ok() && !kept.ok()) {
    // QEMU's perform reports a generic failure when the guest died on the
    // destination; finish's own error then says more.
    const ErrorRecord *k = kept.record();
    const ErrorRecord *f = ddomain.status().record();
    if (k->domain == VIR_FROM_QEMU && k->code == VIR_ERR_OPERATION_FAILED && f &&
        f->domain == VIR_FROM_QEMU && f->code != VIR_ERR_MIGRATE_FINISH_OK)
      kept = Status();
  }
  // A destination without the domain: the source resumes it.
  cancelled = ddomain.ok() ? 0 : 1;
  if (kept.ok() && !ddomain.ok()) kept = ddomain.status();

confirm:
  if (notify_source) {
    cookiein.take(cookieout);
    auto confirmed = use_params ? src.domainMigrateConfirm3Params(
                                      domain, params.data(), params.size(), cookiein.p,
                                      cookiein.len, flags | protection, cancelled)
                                : src.domainMigrateConfirm3(domain, cookiein.p, cookiein.len,
                                                            flags | protection, cancelled);
    // A failed confirm leaves the guest paused on the source; libvirt only
    // warns, its error stays the thread's when nothing came before it.
    if (!confirmed.ok() && kept.ok()) kept = confirmed.status();
  }
  return outcome(std::move(ddomain), std::move(kept));
}

// The managed path of virDomainMigrate/2/3 once the flags are checked:
// the newest protocol both hosts speak.
Result<virDomainPtr> migrate_managed(virDomainPtr domain, virConnectPtr dconn, const char *dxml,
                                     unsigned long flags, const char *dname, const char *uri,
                                     unsigned long bandwidth) {
  virConnectPtr src = domain->conn;
  auto v3 = both_support(src, dconn, ex::kMigrationV3);
  VK_TRY(v3);
  if (*v3) {
    V3Args a;
    a.xmlin = dxml;
    a.dname = dname;
    a.uri = uri;
    a.bandwidth = bandwidth;
    return migrate_v3(domain, dconn, a, static_cast<unsigned int>(flags));
  }
  auto v2 = both_support(src, dconn, ex::kMigrationV2);
  VK_TRY(v2);
  if (*v2) {
    VK_TRY(xml_change_unsupported(dxml));
    return migrate_v2(domain, dconn, flags, dname, uri, bandwidth);
  }
  auto v1 = both_support(src, dconn, ex::kMigrationV1);
  VK_TRY(v1);
  if (*v1) {
    VK_TRY(xml_change_unsupported(dxml));
    return migrate_v1(domain, dconn, flags, dname, uri, bandwidth);
  }
  return unsupported();  // no migration method in common
}

// Whether the parameters' names are all among `names`.
bool only_params(const virTypedParameter *params, int nparams,
                 std::initializer_list<const char *> names) {
  for (int i = 0; i < nparams; i++) {
    bool known = false;
    for (const char *n : names) known = known || std::strcmp(params[i].field, n) == 0;
    if (!known) return false;
  }
  return true;
}

// The classic arguments carried by migration parameters.
struct ClassicArgs {
  const char *uri = nullptr;
  const char *dname = nullptr;
  const char *dxml = nullptr;
  unsigned long long bandwidth = 0;
};

Status read_classic(virTypedParameterPtr params, int nparams, ClassicArgs &a, bool with_xml) {
  if (virTypedParamsGetString(params, nparams, VIR_MIGRATE_PARAM_URI, &a.uri) < 0 ||
      virTypedParamsGetString(params, nparams, VIR_MIGRATE_PARAM_DEST_NAME, &a.dname) < 0 ||
      (with_xml &&
       virTypedParamsGetString(params, nparams, VIR_MIGRATE_PARAM_DEST_XML, &a.dxml) < 0) ||
      virTypedParamsGetULLong(params, nparams, VIR_MIGRATE_PARAM_BANDWIDTH, &a.bandwidth) < 0)
    return errstore::current_status();
  return Status();
}

// libvirt's virURICheckUnixSocket: "<driver>+unix" with a socket= parameter.
bool names_unix_socket(const driver::Uri &uri) {
  if (uri.scheme.empty()) return false;
  size_t plus = uri.scheme.find('+');
  if (plus == std::string::npos || uri.scheme.compare(plus, std::string::npos, "+unix") != 0)
    return false;
  return uri.param("socket") != nullptr;
}

Status not_local(const char *dconnuri) {
  auto uri = driver::parse_uri(dconnuri);
  VK_TRY(uri);
  if ((uri->has_server && uri->server.rfind("localhost", 0) == 0) ||
      (!uri->has_server && !names_unix_socket(*uri)))
    return invalid_arg(VIR_FROM_DOMAIN, "virDomainMigrateCheckNotLocal", "dconnuri", "%s",
                       "Attempt to migrate guest to the same host");
  return Status();
}

// Peer-to-peer or direct migration: only the source's driver acts.
Result<int> migrate_unmanaged_params(virDomainPtr domain, const char *dconnuri,
                                     virTypedParameterPtr params, int nparams,
                                     unsigned long flags) {
  virConnectPtr conn = domain->conn;
  if (flags & VIR_MIGRATE_PEER2PEER) {
    VK_TRY(not_local(dconnuri));
    auto rc = ex::supports_feature(conn, ex::kMigrationParams);
    VK_TRY(rc);
    if (*rc)
      return hv(domain).domainMigratePerform3Params(domain, dconnuri, params, nparams, nullptr, 0,
                                                    nullptr, nullptr, static_cast<unsigned>(flags));
  }
  auto v3 = ex::supports_feature(conn, ex::kMigrationV3);
  VK_TRY(v3);
  ClassicArgs a;
  if (*v3) {
    if (!only_params(params, nparams,
                     {VIR_MIGRATE_PARAM_URI, VIR_MIGRATE_PARAM_DEST_NAME,
                      VIR_MIGRATE_PARAM_DEST_XML, VIR_MIGRATE_PARAM_BANDWIDTH}))
      return error(VIR_FROM_DOMAIN, VIR_ERR_ARGUMENT_UNSUPPORTED, "%s",
                   "Some parameters are not supported by migration protocol 3");
    VK_TRY(read_classic(params, nparams, a, true));
    return hv(domain).domainMigratePerform3(domain, a.dxml, nullptr, 0, nullptr, nullptr, dconnuri,
                                            a.uri, flags, a.dname,
                                            static_cast<unsigned long>(a.bandwidth));
  }
  if (!only_params(
          params, nparams,
          {VIR_MIGRATE_PARAM_DEST_NAME, VIR_MIGRATE_PARAM_BANDWIDTH, VIR_MIGRATE_PARAM_URI}))
    return error(VIR_FROM_DOMAIN, VIR_ERR_ARGUMENT_UNSUPPORTED, "%s",
                 "Some parameters are not supported by migration protocol 2");
  VK_TRY(read_classic(params, nparams, a, false));
  const char *uri = a.uri;
  if (flags & VIR_MIGRATE_PEER2PEER) {
    if (a.uri)
      return error(VIR_FROM_DOMAIN, VIR_ERR_INTERNAL_ERROR, "%s",
                   "Unable to override peer2peer migration URI");
    uri = dconnuri;
  }
  return hv(domain).domainMigratePerform(domain, nullptr, 0, uri, flags, a.dname,
                                         static_cast<unsigned long>(a.bandwidth));
}

// The classic arguments as migration parameters (borrowing the strings).
Result<int> migrate_unmanaged(virDomainPtr domain, const char *xmlin, unsigned long flags,
                              const char *dname, const char *dconnuri, const char *miguri,
                              unsigned long long bandwidth) {
  std::vector<virTypedParameter> params;
  auto add_string = [&](const char *name, const char *value) {
    if (!value) return;
    virTypedParameter p{};
    std::strncpy(p.field, name, VIR_TYPED_PARAM_FIELD_LENGTH - 1);
    p.type = VIR_TYPED_PARAM_STRING;
    p.value.s = const_cast<char *>(value);
    params.push_back(p);
  };
  add_string(VIR_MIGRATE_PARAM_URI, miguri);
  add_string(VIR_MIGRATE_PARAM_DEST_NAME, dname);
  add_string(VIR_MIGRATE_PARAM_DEST_XML, xmlin);
  virTypedParameter bw{};
  std::strncpy(bw.field, VIR_MIGRATE_PARAM_BANDWIDTH, VIR_TYPED_PARAM_FIELD_LENGTH - 1);
  bw.type = VIR_TYPED_PARAM_ULLONG;
  bw.value.ul = bandwidth;
  params.push_back(bw);
  return migrate_unmanaged_params(domain, dconnuri, params.data(), static_cast<int>(params.size()),
                                  flags);
}

// The checks virDomainMigrateToURI/2/3 share (the source host alone).
Status unmanaged_compat(const Call &c, virDomainPtr domain, unsigned long flags) {
  VK_TRY(disk_flags(c, flags));
  if (flags & VIR_MIGRATE_OFFLINE)
    VK_TRY(need_feature(c, domain->conn, ex::kMigrationOffline,
                        "offline migration is not supported by the source host"));
  if (flags & VIR_MIGRATE_PEER2PEER)
    return need_feature(c, domain->conn, ex::kMigrationP2P,
                        "p2p migration is not supported by the source host");
  return need_feature(c, domain->conn, ex::kMigrationDirect,
                      "direct migration is not supported by the source host");
}

// virDomainMigrate and virDomainMigrate2 (`dxml` is NULL for the former).
Result<virDomainPtr> migrate_classic(const Call &c, virDomainPtr domain, virConnectPtr dconn,
                                     const char *dxml, unsigned long flags, const char *dname,
                                     const char *uri, unsigned long bandwidth, bool v2_api) {
  VK_TRY(c.valid_handle(dconn));
  VK_TRY(c.writable(dconn));
  VK_TRY(c.exclusive(flags, kNonSharedDisk, kNonSharedInc, "VIR_MIGRATE_NON_SHARED_DISK",
                     "VIR_MIGRATE_NON_SHARED_INC"));
  VK_TRY(tunnelled_or_parallel(c, flags));
  VK_TRY(c.require(flags, VIR_MIGRATE_NON_SHARED_SYNCHRONOUS_WRITES, kNonSharedDisk | kNonSharedInc,
                   "VIR_MIGRATE_NON_SHARED_SYNCHRONOUS_WRITES",
                   "VIR_MIGRATE_NON_SHARED_DISK | VIR_MIGRATE_NON_SHARED_INC"));
  VK_TRY(offline_on_both(c, domain->conn, dconn, flags));

  if (flags & VIR_MIGRATE_PEER2PEER) {
    auto p2p = ex::supports_feature(domain->conn, ex::kMigrationP2P);
    VK_TRY(p2p);
    if (!*p2p) return unsupported();
    std::string dst_uri;
    if (v2_api || !uri) {  // virDomainMigrate2 always asks the destination's URI
      char *s = virConnectGetURI(dconn);
      if (!s) return errstore::current_status();
      dst_uri = s;
      std::free(s);
    }
    Result<int> r =
        v2_api ? migrate_unmanaged(domain, dxml, flags, dname, dst_uri.c_str(), uri, bandwidth)
               : migrate_unmanaged(domain, nullptr, flags, dname, uri ? uri : dst_uri.c_str(),
                                   nullptr, bandwidth);
    VK_TRY(r);
    virDomainPtr ddomain = virDomainLookupByName(dconn, dname ? dname : domain->name.c_str());
    if (!ddomain) return errstore::current_status();
    return ddomain;
  }

  VK_TRY(change_protection(c, domain->conn, flags));
  flags &= ~static_cast<unsigned long>(VIR_MIGRATE_CHANGE_PROTECTION);
  if (flags & VIR_MIGRATE_TUNNELLED)
    return error(c.api.from, VIR_ERR_OPERATION_INVALID, "%s",
                 "cannot perform tunnelled migration without using peer2peer flag");
  return migrate_managed(domain, dconn, dxml, flags, dname, uri, bandwidth);
}

}  // namespace

virDomainPtr virDomainMigrate(virDomainPtr domain, virConnectPtr dconn, unsigned long flags,
                              const char *dname, const char *uri, unsigned long bandwidth) {
  return entry<Api::virDomainMigrate>(domain, [&](const Call &c) -> Result<virDomainPtr> {
    return migrate_classic(c, domain, dconn, nullptr, flags, dname, uri, bandwidth, false);
  });
}

virDomainPtr virDomainMigrate2(virDomainPtr domain, virConnectPtr dconn, const char *dxml,
                               unsigned long flags, const char *dname, const char *uri,
                               unsigned long bandwidth) {
  return entry<Api::virDomainMigrate2>(domain, [&](const Call &c) -> Result<virDomainPtr> {
    return migrate_classic(c, domain, dconn, dxml, flags, dname, uri, bandwidth, true);
  });
}

virDomainPtr virDomainMigrate3(virDomainPtr domain, virConnectPtr dconn,
                               virTypedParameterPtr params, unsigned int nparams,
                               unsigned int flags) {
  return entry<Api::virDomainMigrate3>(domain, [&](const Call &c) -> Result<virDomainPtr> {
    VK_TRY(c.valid_handle(dconn));  // libvirt would dereference it unchecked
    VK_TRY(c.writable(dconn));
    VK_TRY(disk_flags(c, flags));
    if (flags & VIR_MIGRATE_PEER2PEER)
      return c.invalid("flags", "%s", "use virDomainMigrateToURI3 for peer-to-peer migration");
    if (flags & VIR_MIGRATE_TUNNELLED)
      return c.invalid("flags", "%s",
                       "cannot perform tunnelled migration without using peer2peer flag");
    VK_TRY(offline_on_both(c, domain->conn, dconn, flags));
    VK_TRY(change_protection(c, domain->conn, flags));
    flags &= ~static_cast<unsigned int>(VIR_MIGRATE_CHANGE_PROTECTION);

    auto with_params = both_support(domain->conn, dconn, ex::kMigrationParams);
    VK_TRY(with_params);
    if (*with_params) {
      V3Args a;
      a.params = params;
      a.nparams = static_cast<int>(nparams);
      a.use_params = true;
      return migrate_v3(domain, dconn, a, flags);
    }

    int n = static_cast<int>(nparams);
    if (!only_params(params, n,
                     {VIR_MIGRATE_PARAM_URI, VIR_MIGRATE_PARAM_DEST_NAME,
                      VIR_MIGRATE_PARAM_DEST_XML, VIR_MIGRATE_PARAM_BANDWIDTH}))
      return error(c.api.from, VIR_ERR_ARGUMENT_UNSUPPORTED, "%s",
                   "Migration APIs with extensible parameters are not supported but extended "
                   "parameters were passed");
    ClassicArgs a;
    VK_TRY(read_classic(params, n, a, true));
    return migrate_managed(domain, dconn, a.dxml, flags, a.dname, a.uri,
                           static_cast<unsigned long>(a.bandwidth));
  });
}

int virDomainMigrateToURI(virDomainPtr domain, const char *duri, unsigned long flags,
                          const char *dname, unsigned long bandwidth) {
  return entry<Api::virDomainMigrateToURI>(domain, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(duri, "duri"));
    VK_TRY(tunnelled_or_parallel(c, flags));
    VK_TRY(unmanaged_compat(c, domain, flags));
    bool p2p = flags & VIR_MIGRATE_PEER2PEER;
    VK_TRY(migrate_unmanaged(domain, nullptr, flags, dname, p2p ? duri : nullptr,
                             p2p ? nullptr : duri, bandwidth));
    return 0;
  });
}

int virDomainMigrateToURI2(virDomainPtr domain, const char *dconnuri, const char *miguri,
                           const char *dxml, unsigned long flags, const char *dname,
                           unsigned long bandwidth) {
  return entry<Api::virDomainMigrateToURI2>(domain, [&](const Call &c) -> Result<int> {
    VK_TRY(tunnelled_or_parallel(c, flags));
    VK_TRY(unmanaged_compat(c, domain, flags));
    if (flags & VIR_MIGRATE_PEER2PEER)
      VK_TRY(c.nonnull(dconnuri, "dconnuri"));
    else
      dconnuri = nullptr;
    VK_TRY(migrate_unmanaged(domain, dxml, flags, dname, dconnuri, miguri, bandwidth));
    return 0;
  });
}

int virDomainMigrateToURI3(virDomainPtr domain, const char *dconnuri, virTypedParameterPtr params,
                           unsigned int nparams, unsigned int flags) {
  return entry<Api::virDomainMigrateToURI3>(domain, [&](const Call &c) -> Result<int> {
    VK_TRY(tunnelled_or_parallel(c, flags));
    VK_TRY(unmanaged_compat(c, domain, flags));
    if (flags & VIR_MIGRATE_PEER2PEER)
      VK_TRY(c.nonnull(dconnuri, "dconnuri"));
    else
      dconnuri = nullptr;
    VK_TRY(migrate_unmanaged_params(domain, dconnuri, params, static_cast<int>(nparams), flags));
    return 0;
  });
}
