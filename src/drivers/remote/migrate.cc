// SPDX-License-Identifier: LGPL-2.1-or-later
// The migration steps forwarded to the daemon (begin, prepare, perform,
// finish, confirm of protocol versions 1 to 3 and 3 with parameters). The
// public API (src/migrate/migrate.cc) drives them across the two
// connections; here each is one procedure. Cookies are opaque bytes handed
// from step to step: received ones are returned malloc'ed (NUL-terminated
// for convenience, the length counts the bytes only), sent ones go as given.
#include <cstdlib>
#include <cstring>
#include <new>

#include "drivers/remote/hypervisor.h"

namespace virtkit::drivers::remote {

namespace {

constexpr int kMigrateParamsMax = 64;  // REMOTE_DOMAIN_MIGRATE_PARAM_LIST_MAX

std::string cookie_bytes(const char *cookie, int len) {
  if (!cookie || len <= 0) return {};
  return std::string(cookie, static_cast<size_t>(len));
}

char *copy_bytes(const std::string &s) {
  auto *p = static_cast<char *>(std::malloc(s.size() + 1));
  if (!p) throw std::bad_alloc();
  std::memcpy(p, s.data(), s.size());
  p[s.size()] = '\0';
  return p;
}

// A cookie from the reply into the caller's (out, outlen); `what` names the
// pair in libvirt's complaint when the caller passed no room for it.
Status give_cookie(const std::string &cookie, char **out, int *outlen, const char *what) {
  if (cookie.empty()) return Status();
  if (!out || !outlen) return error(kFrom, VIR_ERR_INTERNAL_ERROR, "caller ignores %s", what);
  *out = copy_bytes(cookie);
  *outlen = static_cast<int>(cookie.size());
  return Status();
}

// The reply's cookie and URI; nothing is left allocated on failure.
Status give_cookie_and_uri(const std::string &cookie, const std::optional<std::string> &uri,
                           char **out, int *outlen, const char *what, char **uri_out) {
  if (uri && !uri_out) {
    VK_TRY(give_cookie(cookie, nullptr, nullptr, what));
    return error(kFrom, VIR_ERR_INTERNAL_ERROR, "%s", "caller ignores uri_out");
  }
  VK_TRY(give_cookie(cookie, out, outlen, what));
  if (uri) *uri_out = dup(*uri);
  return Status();
}

std::optional<std::string> opt(const char *s) {
  if (!s) return std::nullopt;
  return std::string(s);
}

}  // namespace

// ---- version 1 ----

Result<int> RemoteHypervisor::domainMigratePrepare(virConnectPtr, char **cookie, int *cookielen,
                                                   const char *uri_in, char **uri_out,
                                                   unsigned long flags, const char *dname,
                                                   unsigned long resource) {
  proto::domain_migrate_prepare_args a{opt(uri_in), flags, opt(dname), resource};
  auto r = client_->call<P::domain_migrate_prepare>(a);
  VK_TRY(r);
  VK_TRY(give_cookie_and_uri(r->cookie, r->uri_out, cookie, cookielen, "cookie or cookielen",
                             uri_out));
  return 0;
}

Result<int> RemoteHypervisor::domainMigratePerform(virDomainPtr dom, const char *cookie,
                                                   int cookielen, const char *uri,
                                                   unsigned long flags, const char *dname,
                                                   unsigned long resource) {
  if (!uri) return encode_error();
  proto::domain_migrate_perform_args a{
      wire(dom), cookie_bytes(cookie, cookielen), uri, flags, opt(dname), resource};
  VK_TRY(client_->call<P::domain_migrate_perform>(a));
  return 0;
}

Result<virDomainPtr> RemoteHypervisor::domainMigrateFinish(virConnectPtr dconn, const char *dname,
                                                           const char *cookie, int cookielen,
                                                           const char *uri, unsigned long flags) {
  if (!dname || !uri) return encode_error();
  proto::domain_migrate_finish_args a{dname, cookie_bytes(cookie, cookielen), uri, flags};
  auto r = client_->call<P::domain_migrate_finish>(a);
  VK_TRY(r);
  return handle(dconn, r->ddom);
}

// ---- version 2 ----

Result<int> RemoteHypervisor::domainMigratePrepare2(virConnectPtr, char **cookie, int *cookielen,
                                                    const char *uri_in, char **uri_out,
                                                    unsigned long flags, const char *dname,
                                                    unsigned long resource, const char *dom_xml) {
  if (!dom_xml) return encode_error();
  proto::domain_migrate_prepare2_args a{opt(uri_in), flags, opt(dname), resource, dom_xml};
  auto r = client_->call<P::domain_migrate_prepare2>(a);
  VK_TRY(r);
  VK_TRY(give_cookie_and_uri(r->cookie, r->uri_out, cookie, cookielen, "cookie or cookielen",
                             uri_out));
  return 0;
}

Result<virDomainPtr> RemoteHypervisor::domainMigrateFinish2(virConnectPtr dconn, const char *dname,
                                                            const char *cookie, int cookielen,
                                                            const char *uri, unsigned long flags,
                                                            int retcode) {
  if (!dname || !uri) return encode_error();
  proto::domain_migrate_finish2_args a{dname, cookie_bytes(cookie, cookielen), uri, flags, retcode};
  auto r = client_->call<P::domain_migrate_finish2>(a);
  VK_TRY(r);
  return handle(dconn, r->ddom);
}

// ---- version 3 ----

Result<char *> RemoteHypervisor::domainMigrateBegin3(virDomainPtr dom, const char *xmlin,
                                                     char **cookieout, int *cookieoutlen,
                                                     unsigned long flags, const char *dname,
                                                     unsigned long resource) {
  proto::domain_migrate_begin3_args a{wire(dom), opt(xmlin), flags, opt(dname), resource};
  auto r = client_->call<P::domain_migrate_begin3>(a);
  VK_TRY(r);
  VK_TRY(give_cookie(r->cookie_out, cookieout, cookieoutlen, "cookieout or cookieoutlen"));
  return dup(r->xml);
}

Result<int> RemoteHypervisor::domainMigratePrepare3(virConnectPtr, const char *cookiein,
                                                    int cookieinlen, char **cookieout,
                                                    int *cookieoutlen, const char *uri_in,
                                                    char **uri_out, unsigned long flags,
                                                    const char *dname, unsigned long resource,
                                                    const char *dom_xml) {
  if (!dom_xml) return encode_error();
  proto::domain_migrate_prepare3_args a{
      cookie_bytes(cookiein, cookieinlen), opt(uri_in), flags, opt(dname), resource, dom_xml};
  auto r = client_->call<P::domain_migrate_prepare3>(a);
  VK_TRY(r);
  VK_TRY(give_cookie_and_uri(r->cookie_out, r->uri_out, cookieout, cookieoutlen,
                             "cookieout or cookieoutlen", uri_out));
  return 0;
}

Result<int> RemoteHypervisor::domainMigratePerform3(virDomainPtr dom, const char *xmlin,
                                                    const char *cookiein, int cookieinlen,
                                                    char **cookieout, int *cookieoutlen,
                                                    const char *dconnuri, const char *uri,
                                                    unsigned long flags, const char *dname,
                                                    unsigned long resource) {
  proto::domain_migrate_perform3_args a{
      wire(dom),  opt(xmlin), cookie_bytes(cookiein, cookieinlen), opt(dconnuri), opt(uri), flags,
      opt(dname), resource};
  auto r = client_->call<P::domain_migrate_perform3>(a);
  VK_TRY(r);
  VK_TRY(give_cookie(r->cookie_out, cookieout, cookieoutlen, "cookieout or cookieoutlen"));
  return 0;
}

Result<virDomainPtr> RemoteHypervisor::domainMigrateFinish3(virConnectPtr dconn, const char *dname,
                                                            const char *cookiein, int cookieinlen,
                                                            char **cookieout, int *cookieoutlen,
                                                            const char *dconnuri, const char *uri,
                                                            unsigned long flags, int cancelled) {
  if (!dname) return encode_error();
  proto::domain_migrate_finish3_args a{
      dname, cookie_bytes(cookiein, cookieinlen), opt(dconnuri), opt(uri), flags, cancelled};
  auto r = client_->call<P::domain_migrate_finish3>(a);
  VK_TRY(r);
  VK_TRY(give_cookie(r->cookie_out, cookieout, cookieoutlen, "cookieout or cookieoutlen"));
  return handle(dconn, r->dom);
}

Result<int> RemoteHypervisor::domainMigrateConfirm3(virDomainPtr dom, const char *cookiein,
                                                    int cookieinlen, unsigned long flags,
                                                    int cancelled) {
  proto::domain_migrate_confirm3_args a{wire(dom), cookie_bytes(cookiein, cookieinlen), flags,
                                        cancelled};
  VK_TRY(client_->call<P::domain_migrate_confirm3>(a));
  return 0;
}

// ---- version 3 with extensible parameters ----

Result<char *> RemoteHypervisor::domainMigrateBegin3Params(virDomainPtr dom,
                                                           virTypedParameterPtr params, int nparams,
                                                           char **cookieout, int *cookieoutlen,
                                                           unsigned int flags) {
  proto::domain_migrate_begin3_params_args a{};
  a.dom = wire(dom);
  a.flags = flags;
  VK_TRY(params_to_wire(params, nparams, kMigrateParamsMax, a.params));
  auto r = client_->call<P::domain_migrate_begin3_params>(a);
  VK_TRY(r);
  VK_TRY(give_cookie(r->cookie_out, cookieout, cookieoutlen, "cookieout or cookieoutlen"));
  return dup(r->xml);
}

Result<int> RemoteHypervisor::domainMigratePrepare3Params(virConnectPtr,
                                                          virTypedParameterPtr params, int nparams,
                                                          const char *cookiein, int cookieinlen,
                                                          char **cookieout, int *cookieoutlen,
                                                          char **uri_out, unsigned int flags) {
  proto::domain_migrate_prepare3_params_args a{};
  VK_TRY(params_to_wire(params, nparams, kMigrateParamsMax, a.params));
  a.cookie_in = cookie_bytes(cookiein, cookieinlen);
  a.flags = flags;
  auto r = client_->call<P::domain_migrate_prepare3_params>(a);
  VK_TRY(r);
  VK_TRY(give_cookie_and_uri(r->cookie_out, r->uri_out, cookieout, cookieoutlen,
                             "cookieout or cookieoutlen", uri_out));
  return 0;
}

Result<int> RemoteHypervisor::domainMigratePerform3Params(virDomainPtr dom, const char *dconnuri,
                                                          virTypedParameterPtr params, int nparams,
                                                          const char *cookiein, int cookieinlen,
                                                          char **cookieout, int *cookieoutlen,
                                                          unsigned int flags) {
  proto::domain_migrate_perform3_params_args a{};
  a.dom = wire(dom);
  a.dconnuri = opt(dconnuri);
  a.cookie_in = cookie_bytes(cookiein, cookieinlen);
  a.flags = flags;
  VK_TRY(params_to_wire(params, nparams, kMigrateParamsMax, a.params));
  auto r = client_->call<P::domain_migrate_perform3_params>(a);
  VK_TRY(r);
  VK_TRY(give_cookie(r->cookie_out, cookieout, cookieoutlen, "cookieout or cookieoutlen"));
  return 0;
}

Result<virDomainPtr> RemoteHypervisor::domainMigrateFinish3Params(
    virConnectPtr dconn, virTypedParameterPtr params, int nparams, const char *cookiein,
    int cookieinlen, char **cookieout, int *cookieoutlen, unsigned int flags, int cancelled) {
  proto::domain_migrate_finish3_params_args a{};
  a.cookie_in = cookie_bytes(cookiein, cookieinlen);
  a.flags = flags;
  a.cancelled = cancelled;
  VK_TRY(params_to_wire(params, nparams, kMigrateParamsMax, a.params));
  auto r = client_->call<P::domain_migrate_finish3_params>(a);
  VK_TRY(r);
  VK_TRY(give_cookie(r->cookie_out, cookieout, cookieoutlen, "cookieout or cookieoutlen"));
  return handle(dconn, r->dom);
}

Result<int> RemoteHypervisor::domainMigrateConfirm3Params(virDomainPtr dom,
                                                          virTypedParameterPtr params, int nparams,
                                                          const char *cookiein, int cookieinlen,
                                                          unsigned int flags, int cancelled) {
  proto::domain_migrate_confirm3_params_args a{};
  a.dom = wire(dom);
  a.cookie_in = cookie_bytes(cookiein, cookieinlen);
  a.flags = flags;
  a.cancelled = cancelled;
  VK_TRY(params_to_wire(params, nparams, kMigrateParamsMax, a.params));
  VK_TRY(client_->call<P::domain_migrate_confirm3_params>(a));
  return 0;
}

}  // namespace virtkit::drivers::remote
