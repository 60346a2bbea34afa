// SPDX-License-Identifier: LGPL-2.1-or-later
#include "api/guard.h"

#include <cstdarg>
#include <cstdio>
#include <string>
#include <string_view>

#include "util/uuid.h"

namespace virtkit::api {
namespace {

struct InvalidHandle {
  int code;
  int from;
};

InvalidHandle invalid_handle_error(HandleKind kind, const ApiInfo &api) {
  switch (kind) {
    case HandleKind::connect:
      return {VIR_ERR_INVALID_CONN, api.from};
    case HandleKind::domain:
      return {VIR_ERR_INVALID_DOMAIN, VIR_FROM_DOM};
    case HandleKind::network:
      return {VIR_ERR_INVALID_NETWORK, VIR_FROM_NETWORK};
    case HandleKind::networkport:
      return {VIR_ERR_INVALID_NETWORK_PORT, VIR_FROM_NETWORK};
    case HandleKind::interface:
      return {VIR_ERR_INVALID_INTERFACE, VIR_FROM_INTERFACE};
    case HandleKind::storagepool:
      return {VIR_ERR_INVALID_STORAGE_POOL, VIR_FROM_STORAGE};
    case HandleKind::storagevol:
      return {VIR_ERR_INVALID_STORAGE_VOL, VIR_FROM_STORAGE};
    case HandleKind::nodedevice:
      return {VIR_ERR_INVALID_NODE_DEVICE, VIR_FROM_NODEDEV};
    case HandleKind::nwfilter:
      return {VIR_ERR_INVALID_NWFILTER, VIR_FROM_NWFILTER};
    case HandleKind::nwfilterbinding:
      return {VIR_ERR_INVALID_NWFILTER_BINDING, VIR_FROM_NWFILTER};
    case HandleKind::secret:
      return {VIR_ERR_INVALID_SECRET, VIR_FROM_SECRET};
    case HandleKind::stream:
      return {VIR_ERR_INVALID_STREAM, VIR_FROM_STREAMS};
    case HandleKind::domainsnapshot:
      return {VIR_ERR_INVALID_DOMAIN_SNAPSHOT, VIR_FROM_DOMAIN_SNAPSHOT};
    case HandleKind::domaincheckpoint:
      return {VIR_ERR_INVALID_DOMAIN_CHECKPOINT, VIR_FROM_DOMAIN_CHECKPOINT};
    case HandleKind::admconnect:  // libvirt-admin: the connection's error for all
    case HandleKind::admserver:
    case HandleKind::admclient:
      return {VIR_ERR_INVALID_CONN, api.from};
    case HandleKind::none:
      break;
  }
  return {VIR_ERR_INVALID_ARG, api.from};
}

}  // namespace

Status Call::writable(virConnectPtr conn) const noexcept {
  return (conn->flags & VIR_CONNECT_RO) ? detail::read_only_error(api) : Status();
}

Status Call::invalid(const char *arg, const char *fmt, ...) const noexcept {
  char buf[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  return invalid_arg(api.from, api.name, arg, "%s", buf);
}

Status Call::exclusive(unsigned long flags, unsigned long a, unsigned long b, const char *an,
                       const char *bn) const noexcept {
  if ((flags & a) && (flags & b))
    return invalid_arg(api.from, api.name, "ctl", "Flags '%s' and '%s' are mutually exclusive", an,
                       bn);
  return Status();
}

Status Call::require(unsigned long flags, unsigned long a, unsigned long b, const char *an,
                     const char *bn) const noexcept {
  if ((flags & a) && !(flags & b))
    return invalid_arg(api.from, api.name, "ctl", "Flag '%s' is required by flag '%s'", bn, an);
  return Status();
}

namespace detail {

Status invalid_handle_status(HandleKind kind, const ApiInfo &api) noexcept {
  InvalidHandle e = invalid_handle_error(kind, api);
  return error(e.from, e.code, "%s", api.name);
}

// Per entry point, the invalid-handle and read-only errors never change.
constinit std::atomic<const ErrorRecord *> g_invalid_handle[VIRTKIT_API_COUNT] = {};
constinit std::atomic<const ErrorRecord *> g_read_only[VIRTKIT_API_COUNT] = {};

size_t index_of(const ApiInfo &api) {
  return static_cast<size_t>(&api - kApis);
}

void fail_invalid_handle(const ApiInfo &api) {
  errstore::set(cached_error(g_invalid_handle[index_of(api)],
                             [&] { return invalid_handle_status(api.handle, api); }));
  dispatch(nullptr);
}

Status read_only_error(const ApiInfo &api) noexcept {
  return cached_error(g_read_only[index_of(api)], [&] {
    return error(api.from, VIR_ERR_OPERATION_DENIED, "read only access prevents %s", api.name);
  });
}

namespace {

// libvirt's source file for each call: its log category.
log::Source g_sources[] = {
    log::Source("libvirt"),
    log::Source("libvirt.host"),
    log::Source("libvirt.domain"),
    log::Source("libvirt.domain-snapshot"),
    log::Source("libvirt.domain-checkpoint"),
    log::Source("libvirt.network"),
    log::Source("libvirt.interface"),
    log::Source("libvirt.storage"),
    log::Source("libvirt.nodedev"),
    log::Source("libvirt.nwfilter"),
    log::Source("libvirt.secret"),
    log::Source("libvirt.stream"),
    log::Source("libvirt-admin"),
};

size_t source_index(std::string_view n) {
  auto starts = [&](std::string_view p) { return n.substr(0, p.size()) == p; };
  if (starts("virAdm")) return 12;
  if (starts("virDomainSnapshot") || starts("virDomainListAllSnapshots") ||
      starts("virDomainHasCurrentSnapshot") || starts("virDomainRevertToSnapshot"))
    return 3;
  if (starts("virDomainCheckpoint") || starts("virDomainListAllCheckpoints")) return 4;
  if (starts("virDomain") || starts("virConnectListDomains") || starts("virConnectNumOfDomains") ||
      starts("virConnectListAllDomains") || starts("virConnectDomain") ||
      starts("virConnectGetAllDomainStats"))
    return 2;
  if (starts("virNetwork") || n.find("Network") != std::string_view::npos) return 5;
  if (starts("virInterface") || n.find("Interface") != std::string_view::npos) return 6;
  if (starts("virStorage") || n.find("StoragePool") != std::string_view::npos) return 7;
  if (starts("virNodeDevice") || starts("virNodeNumOfDevices") || starts("virNodeListDevices") ||
      n.find("NodeDevice") != std::string_view::npos)
    return 8;
  if (starts("virNWFilter") || n.find("NWFilter") != std::string_view::npos) return 9;
  if (starts("virSecret") || n.find("Secret") != std::string_view::npos) return 10;
  if (starts("virStream")) return 11;
  if (starts("virNode") || starts("virConnect")) {
    for (std::string_view own : {"virConnectOpen", "virConnectClose", "virConnectRef",
                                 "virConnectSetKeepAlive", "virConnectIsAlive"})
      if (starts(own)) return 0;
    return 1;
  }
  return 0;
}

const char *handle_name(HandleKind k) {
  switch (k) {
    case HandleKind::connect:
      return "conn";
    case HandleKind::domain:
      return "dom";
    case HandleKind::network:
      return "network";
    case HandleKind::networkport:
      return "port";
    case HandleKind::interface:
      return "iface";
    case HandleKind::storagepool:
      return "pool";
    case HandleKind::storagevol:
      return "vol";
    case HandleKind::nodedevice:
      return "dev";
    case HandleKind::nwfilter:
      return "nwfilter";
    case HandleKind::nwfilterbinding:
      return "binding";
    case HandleKind::secret:
      return "secret";
    case HandleKind::stream:
      return "stream";
    case HandleKind::domainsnapshot:
      return "snapshot";
    case HandleKind::domaincheckpoint:
      return "checkpoint";
    case HandleKind::admconnect:
      return "conn";
    case HandleKind::admserver:
      return "srv";
    case HandleKind::admclient:
      return "client";
    case HandleKind::none:
      break;
  }
  return "";
}

}  // namespace

log::Source &log_source(const ApiInfo &api) noexcept {
  return g_sources[source_index(api.name)];
}

std::string domain_part(virDomainPtr dom) {
  std::string name = "<null>", uuid;
  if (handles::valid(dom)) {
    name = dom->name;
    uuid = util::format_uuid(dom->uuid);
  }
  char head[64];
  std::snprintf(head, sizeof head, "dom=%p, (VM: name=", static_cast<void *>(dom));
  return head + name + ", uuid=" + uuid + ")";
}

void log_entry(const ApiInfo &api, const void *handle) noexcept {
  log::Source &src = log_source(api);
  if (!log::on(src, log::kDebug)) return;
  try {
    if (api.handle == HandleKind::none) {
      log::write(src, log::kDebug, __FILE__, api.name, 0, "%s", "");
    } else if (api.handle == HandleKind::domain) {
      std::string d = domain_part(static_cast<virDomainPtr>(const_cast<void *>(handle)));
      log::write(src, log::kDebug, __FILE__, api.name, 0, "%s", d.c_str());
    } else {
      log::write(src, log::kDebug, __FILE__, api.name, 0, "%s=%p", handle_name(api.handle), handle);
    }
  } catch (const std::bad_alloc &) {  // the message is lost, not the call
  }
}

void log_call(const ApiInfo &api, const char *fmt, ...) noexcept {
  log::Source &src = log_source(api);
  if (!log::on(src, log::kDebug)) return;
  va_list ap;
  va_start(ap, fmt);
  char buf[2048];
  std::vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  try {
    log::write(src, log::kDebug, __FILE__, api.name, 0, "%s", buf);
  } catch (const std::bad_alloc &) {
  }
}

void fail(const ApiInfo &api, virConnectPtr conn, Status s) {
  if (s.unsupported()) s = error(api.from, VIR_ERR_NO_SUPPORT, "%s", api.name);
  // libvirt logs every error, when the application asked for log outputs.
  if (log::have_outputs()) [[unlikely]] {
    static log::Source errors("util.error");
    const ErrorRecord *r = s.record();
    int prio = r && r->level == VIR_ERR_WARNING ? log::kWarn : log::kError;
    if (r && log::on(errors, prio)) {
      try {
        log::write(errors, prio, __FILE__, api.name, 0, "%s", r->message ? r->message : "");
      } catch (const std::bad_alloc &) {
      }
    }
  }
  errstore::set(std::move(s));
  dispatch(conn ? &conn->err : nullptr);
}

void fail_exception(const ApiInfo &api, virConnectPtr conn) {
  Status s;
  try {
    throw;
  } catch (const std::bad_alloc &) {
    s = no_memory();
  } catch (const std::exception &e) {
    s = error(api.from, VIR_ERR_INTERNAL_ERROR, "%s", e.what());
  }
  VK_CATCH_ALL {
    s = error(api.from, VIR_ERR_INTERNAL_ERROR, "unexpected exception in %s", api.name);
  }
  fail(api, conn, std::move(s));
}

}  // namespace detail
}  // namespace virtkit::api
