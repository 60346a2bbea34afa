// Entry points for connections and the host.
#include "api/guard.h"
#include "api/util.h"
#include "driver/registry.h"

using namespace virtkit;
using namespace virtkit::api;
using handles::hv;

namespace {

template <Api A>
virConnectPtr open_entry(const char *name, virConnectAuthPtr auth, unsigned flags) {
  return entry<A>([&](const Call &) -> Result<virConnectPtr> {
    auto opened = driver::open(name, auth, flags);
    if (!opened.ok()) return std::move(opened).status();
    auto conn = std::make_unique<_virConnect>();
    conn->flags = flags & VIR_CONNECT_RO;
    conn->uri = std::move(opened->uri);
    conn->hv = std::move(opened->hv);
    return conn.release();
  });
}

}  // namespace

int virInitialize(void) { return 0; }

int virGetVersion(unsigned long *libVer, const char *type, unsigned long *typeVer) {
  (void)type;
  return entry<Api::virGetVersion>([&](const Call &) -> Result<int> {
    if (!libVer) return generic_failure();
    *libVer = LIBVIR_VERSION_NUMBER;
    if (typeVer) *typeVer = LIBVIR_VERSION_NUMBER;
    return 0;
  });
}

virConnectPtr virConnectOpen(const char *name) {
  return open_entry<Api::virConnectOpen>(name, nullptr, 0);
}

virConnectPtr virConnectOpenReadOnly(const char *name) {
  return open_entry<Api::virConnectOpenReadOnly>(name, nullptr, VIR_CONNECT_RO);
}

virConnectPtr virConnectOpenAuth(const char *name, virConnectAuthPtr auth, unsigned int flags) {
  return open_entry<Api::virConnectOpenAuth>(name, auth, flags);
}

int virConnectClose(virConnectPtr conn) {
  return entry<Api::virConnectClose>(
      conn, [&](const Call &) -> Result<int> { return handles::unref(conn) ? 0 : 1; });
}

int virConnectRef(virConnectPtr conn) {
  return entry<Api::virConnectRef>(conn, [&](const Call &) -> Result<int> {
    handles::ref(conn);
    return 0;
  });
}

const char *virConnectGetType(virConnectPtr conn) {
  return entry<Api::virConnectGetType>(
      conn, [&](const Call &) -> Result<const char *> { return hv(conn).name(); });
}

int virConnectGetVersion(virConnectPtr conn, unsigned long *hvVer) {
  return entry<Api::virConnectGetVersion>(conn, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(hvVer, "hvVer"));
    auto v = hv(conn).connectGetVersion();
    VK_TRY(v);
    *hvVer = *v;
    return 0;
  });
}

int virConnectGetLibVersion(virConnectPtr conn, unsigned long *libVer) {
  return entry<Api::virConnectGetLibVersion>(conn, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(libVer, "libVer"));
    *libVer = LIBVIR_VERSION_NUMBER;
    return 0;
  });
}

char *virConnectGetHostname(virConnectPtr conn) {
  return entry<Api::virConnectGetHostname>(conn, [&](const Call &) -> Result<char *> {
    auto h = hv(conn).connectGetHostname();
    VK_TRY(h);
    return dup_c(*h);
  });
}

char *virConnectGetURI(virConnectPtr conn) {
  return entry<Api::virConnectGetURI>(conn, [&](const Call &) -> Result<char *> {
    auto uri = driver::parse_uri(conn->uri.c_str());
    VK_TRY(uri);
    if (uri->path.empty()) uri->path = "";
    return dup_c(driver::format_uri(*uri));
  });
}

char *virConnectGetCapabilities(virConnectPtr conn) {
  return entry<Api::virConnectGetCapabilities>(conn, [&](const Call &) -> Result<char *> {
    auto caps = hv(conn).connectGetCapabilities();
    VK_TRY(caps);
    return dup_c(*caps);
  });
}

char *virConnectGetSysinfo(virConnectPtr conn, unsigned int flags) {
  return entry<Api::virConnectGetSysinfo>(conn, [&](const Call &) -> Result<char *> {
    auto info = hv(conn).connectGetSysinfo(flags);
    VK_TRY(info);
    return dup_c(*info);
  });
}

int virConnectGetMaxVcpus(virConnectPtr conn, const char *type) {
  return entry<Api::virConnectGetMaxVcpus>(
      conn, [&](const Call &) -> Result<int> { return hv(conn).connectGetMaxVcpus(type); });
}

int virNodeGetInfo(virConnectPtr conn, virNodeInfoPtr info) {
  return entry<Api::virNodeGetInfo>(conn, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(info, "info"));
    VK_TRY(hv(conn).nodeGetInfo(*info));
    return 0;
  });
}

unsigned long long virNodeGetFreeMemory(virConnectPtr conn) {
  return entry<Api::virNodeGetFreeMemory>(conn, [&](const Call &) -> Result<unsigned long long> {
    auto m = hv(conn).nodeGetFreeMemory();
    VK_TRY(m);
    if (*m == 0) return generic_failure();
    return *m;
  });
}

int virConnectIsAlive(virConnectPtr conn) {
  return entry<Api::virConnectIsAlive>(
      conn, [&](const Call &) -> Result<int> { return hv(conn).connectIsAlive(); });
}

int virConnectIsSecure(virConnectPtr conn) {
  return entry<Api::virConnectIsSecure>(
      conn, [&](const Call &) -> Result<int> { return hv(conn).connectIsSecure(); });
}

int virConnectIsEncrypted(virConnectPtr conn) {
  return entry<Api::virConnectIsEncrypted>(
      conn, [&](const Call &) -> Result<int> { return hv(conn).connectIsEncrypted(); });
}

int virConnectNumOfDomains(virConnectPtr conn) {
  return entry<Api::virConnectNumOfDomains>(
      conn, [&](const Call &) -> Result<int> { return hv(conn).connectNumOfDomains(); });
}

int virConnectListDomains(virConnectPtr conn, int *ids, int maxids) {
  return entry<Api::virConnectListDomains>(conn, [&](const Call &c) -> Result<int> {
    if (maxids > 0) VK_TRY(c.nonnull(ids, "ids"));
    VK_TRY(c.nonnegative(maxids, "maxids"));
    return hv(conn).connectListDomains(ids, maxids);
  });
}

int virConnectNumOfDefinedDomains(virConnectPtr conn) {
  return entry<Api::virConnectNumOfDefinedDomains>(
      conn, [&](const Call &) -> Result<int> { return hv(conn).connectNumOfDefinedDomains(); });
}

int virConnectListDefinedDomains(virConnectPtr conn, char **const names, int maxnames) {
  return entry<Api::virConnectListDefinedDomains>(conn, [&](const Call &c) -> Result<int> {
    if (maxnames > 0) VK_TRY(c.nonnull(names, "names"));
    VK_TRY(c.nonnegative(maxnames, "maxnames"));
    return hv(conn).connectListDefinedDomains(names, maxnames);
  });
}

int virConnectListAllDomains(virConnectPtr conn, virDomainPtr **domains, unsigned int flags) {
  if (domains) *domains = nullptr;
  return entry<Api::virConnectListAllDomains>(conn, [&](const Call &) -> Result<int> {
    auto list = hv(conn).connectListAllDomains(flags);
    VK_TRY(list);
    return hand_out(std::move(*list), domains);
  });
}
