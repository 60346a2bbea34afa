#include "api/guard.h"

#include <cstdarg>
#include <string>

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

void fail(const ApiInfo &api, virConnectPtr conn, Status s) {
  if (s.unsupported()) s = error(api.from, VIR_ERR_NO_SUPPORT, "%s", api.name);
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
