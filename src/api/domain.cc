// Entry points for domains.
#include <climits>

#include "api/guard.h"
#include "api/util.h"

using namespace virtkit;
using namespace virtkit::api;
using handles::hv;

namespace {

// libvirt's bound on memory sizes given in KiB (virMemoryMaxValue / 1024).
Status check_memory(const Call &c, unsigned long memory) {
  VK_TRY(c.nonzero(static_cast<long long>(memory), "memory"));
  if (static_cast<unsigned long long>(LLONG_MAX) / 1024 <= memory)
    return error(c.api.from, VIR_ERR_OVERFLOW, "input too large: %lu", memory);
  return Status();
}

}  // namespace

// ---- lookup, definition ----

virDomainPtr virDomainLookupByID(virConnectPtr conn, int id) {
  return entry<Api::virDomainLookupByID>(conn, [&](const Call &c) -> Result<virDomainPtr> {
    VK_TRY(c.nonnegative(id, "id"));
    return hv(conn).domainLookupByID(conn, id);
  });
}

virDomainPtr virDomainLookupByName(virConnectPtr conn, const char *name) {
  return entry<Api::virDomainLookupByName>(conn, [&](const Call &c) -> Result<virDomainPtr> {
    VK_TRY(c.nonnull(name, "name"));
    return hv(conn).domainLookupByName(conn, name);
  });
}

virDomainPtr virDomainLookupByUUID(virConnectPtr conn, const unsigned char *uuid) {
  return entry<Api::virDomainLookupByUUID>(conn, [&](const Call &c) -> Result<virDomainPtr> {
    VK_TRY(c.nonnull(uuid, "uuid"));
    return hv(conn).domainLookupByUUID(conn, uuid);
  });
}

virDomainPtr virDomainLookupByUUIDString(virConnectPtr conn, const char *uuidstr) {
  return entry<Api::virDomainLookupByUUIDString>(conn, [&](const Call &c) -> Result<virDomainPtr> {
    VK_TRY(c.nonnull(uuidstr, "uuidstr"));
    unsigned char uuid[VIR_UUID_BUFLEN];
    if (!driver::parse_uuid(uuidstr, uuid)) return c.invalid("uuidstr", "Invalid UUID");
    return hv(conn).domainLookupByUUID(conn, uuid);
  });
}

virDomainPtr virDomainDefineXML(virConnectPtr conn, const char *xml) {
  return entry<Api::virDomainDefineXML>(conn, [&](const Call &c) -> Result<virDomainPtr> {
    VK_TRY(c.nonnull(xml, "xml"));
    return hv(conn).domainDefineXML(conn, xml);
  });
}

virDomainPtr virDomainDefineXMLFlags(virConnectPtr conn, const char *xml, unsigned int flags) {
  return entry<Api::virDomainDefineXMLFlags>(conn, [&](const Call &c) -> Result<virDomainPtr> {
    VK_TRY(c.nonnull(xml, "xml"));
    return hv(conn).domainDefineXMLFlags(conn, xml, flags);
  });
}

virDomainPtr virDomainCreateXML(virConnectPtr conn, const char *xmlDesc, unsigned int flags) {
  return entry<Api::virDomainCreateXML>(conn, [&](const Call &c) -> Result<virDomainPtr> {
    VK_TRY(c.nonnull(xmlDesc, "xmlDesc"));
    return hv(conn).domainCreateXML(conn, xmlDesc, flags);
  });
}

virDomainPtr virDomainCreateLinux(virConnectPtr conn, const char *xmlDesc, unsigned int flags) {
  return virDomainCreateXML(conn, xmlDesc, flags);  // libvirt names virDomainCreateXML in errors
}

int virDomainUndefine(virDomainPtr dom) {
  return entry<Api::virDomainUndefine>(dom, [&](const Call &) -> Result<int> {
    VK_TRY(hv(dom).domainUndefine(dom));
    return 0;
  });
}

int virDomainUndefineFlags(virDomainPtr dom, unsigned int flags) {
  return entry<Api::virDomainUndefineFlags>(dom, [&](const Call &) -> Result<int> {
    VK_TRY(hv(dom).domainUndefineFlags(dom, flags));
    return 0;
  });
}

// ---- handles ----

int virDomainFree(virDomainPtr dom) {
  return entry<Api::virDomainFree>(dom, [&](const Call &) -> Result<int> {
    handles::unref(dom);
    return 0;
  });
}

int virDomainRef(virDomainPtr dom) {
  return entry<Api::virDomainRef>(dom, [&](const Call &) -> Result<int> {
    handles::ref(dom);
    return 0;
  });
}

virConnectPtr virDomainGetConnect(virDomainPtr dom) {
  return entry<Api::virDomainGetConnect>(
      dom, [&](const Call &) -> Result<virConnectPtr> { return dom->conn; });
}

const char *virDomainGetName(virDomainPtr dom) {
  return entry<Api::virDomainGetName>(
      dom, [&](const Call &) -> Result<const char *> { return dom->name.c_str(); });
}

unsigned int virDomainGetID(virDomainPtr dom) {
  return entry<Api::virDomainGetID>(
      dom,
      [&](const Call &) -> Result<unsigned int> {
        return static_cast<unsigned int>(dom->id.load(std::memory_order_relaxed));
      },
      static_cast<unsigned int>(-1));
}

int virDomainGetUUID(virDomainPtr dom, unsigned char *uuid) {
  return entry<Api::virDomainGetUUID>(dom, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(uuid, "uuid"));
    std::memcpy(uuid, dom->uuid, VIR_UUID_BUFLEN);
    return 0;
  });
}

int virDomainGetUUIDString(virDomainPtr dom, char *buf) {
  return entry<Api::virDomainGetUUIDString>(dom, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(buf, "buf"));
    std::string s = driver::format_uuid(dom->uuid);
    std::memcpy(buf, s.c_str(), VIR_UUID_STRING_BUFLEN);
    return 0;
  });
}

// ---- lifecycle ----

#define VK_DOMAIN_OP(api, call)                                    \
  entry<Api::api>(dom, [&](const Call &) -> Result<int> {          \
    VK_TRY(hv(dom).call);                                          \
    return 0;                                                      \
  })

int virDomainCreate(virDomainPtr dom) { return VK_DOMAIN_OP(virDomainCreate, domainCreate(dom)); }
int virDomainCreateWithFlags(virDomainPtr dom, unsigned int flags) {
  return VK_DOMAIN_OP(virDomainCreateWithFlags, domainCreateWithFlags(dom, flags));
}
int virDomainDestroy(virDomainPtr dom) {
  return VK_DOMAIN_OP(virDomainDestroy, domainDestroy(dom));
}
int virDomainDestroyFlags(virDomainPtr dom, unsigned int flags) {
  return VK_DOMAIN_OP(virDomainDestroyFlags, domainDestroyFlags(dom, flags));
}
int virDomainSuspend(virDomainPtr dom) { return VK_DOMAIN_OP(virDomainSuspend, domainSuspend(dom)); }
int virDomainResume(virDomainPtr dom) { return VK_DOMAIN_OP(virDomainResume, domainResume(dom)); }
int virDomainShutdown(virDomainPtr dom) {
  return VK_DOMAIN_OP(virDomainShutdown, domainShutdown(dom));
}
int virDomainShutdownFlags(virDomainPtr dom, unsigned int flags) {
  return VK_DOMAIN_OP(virDomainShutdownFlags, domainShutdownFlags(dom, flags));
}
int virDomainReboot(virDomainPtr dom, unsigned int flags) {
  return VK_DOMAIN_OP(virDomainReboot, domainReboot(dom, flags));
}
int virDomainSetAutostart(virDomainPtr dom, int autostart) {
  return VK_DOMAIN_OP(virDomainSetAutostart, domainSetAutostart(dom, autostart));
}

#undef VK_DOMAIN_OP

// ---- queries and settings ----

int virDomainGetInfo(virDomainPtr dom, virDomainInfoPtr info) {
  if (info) std::memset(info, 0, sizeof *info);
  return entry<Api::virDomainGetInfo>(dom, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(info, "info"));
    VK_TRY(hv(dom).domainGetInfo(dom, *info));
    return 0;
  });
}

int virDomainGetState(virDomainPtr dom, int *state, int *reason, unsigned int flags) {
  return entry<Api::virDomainGetState>(dom, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(state, "state"));
    int st = 0, why = 0;
    VK_TRY(hv(dom).domainGetState(dom, st, why, flags));
    *state = st;
    if (reason) *reason = why;
    return 0;
  });
}

char *virDomainGetOSType(virDomainPtr dom) {
  return entry<Api::virDomainGetOSType>(dom, [&](const Call &) -> Result<char *> {
    auto t = hv(dom).domainGetOSType(dom);
    VK_TRY(t);
    return dup_c(*t);
  });
}

unsigned long virDomainGetMaxMemory(virDomainPtr dom) {
  return entry<Api::virDomainGetMaxMemory>(dom, [&](const Call &c) -> Result<unsigned long> {
    auto m = hv(dom).domainGetMaxMemory(dom);
    VK_TRY(m);
    if (*m == 0) return generic_failure();
    if (static_cast<unsigned long>(*m) != *m)
      return error(c.api.from, VIR_ERR_OVERFLOW, "result too large: %llu", *m);
    return static_cast<unsigned long>(*m);
  });
}

int virDomainSetMaxMemory(virDomainPtr dom, unsigned long memory) {
  return entry<Api::virDomainSetMaxMemory>(dom, [&](const Call &c) -> Result<int> {
    VK_TRY(check_memory(c, memory));
    VK_TRY(hv(dom).domainSetMaxMemory(dom, memory));
    return 0;
  });
}

int virDomainSetMemory(virDomainPtr dom, unsigned long memory) {
  return entry<Api::virDomainSetMemory>(dom, [&](const Call &c) -> Result<int> {
    VK_TRY(check_memory(c, memory));
    VK_TRY(hv(dom).domainSetMemory(dom, memory));
    return 0;
  });
}

int virDomainSetMemoryFlags(virDomainPtr dom, unsigned long memory, unsigned int flags) {
  return entry<Api::virDomainSetMemoryFlags>(dom, [&](const Call &c) -> Result<int> {
    VK_TRY(check_memory(c, memory));
    VK_TRY(hv(dom).domainSetMemoryFlags(dom, memory, flags));
    return 0;
  });
}

char *virDomainGetXMLDesc(virDomainPtr dom, unsigned int flags) {
  return entry<Api::virDomainGetXMLDesc>(dom, [&](const Call &c) -> Result<char *> {
    if ((dom->conn->flags & VIR_CONNECT_RO) &&
        (flags & (VIR_DOMAIN_XML_SECURE | VIR_DOMAIN_XML_MIGRATABLE)))
      return error(c.api.from, VIR_ERR_OPERATION_DENIED, "%s",
                   "virDomainGetXMLDesc with secure flag");
    auto xml = hv(dom).domainGetXMLDesc(dom, flags);
    VK_TRY(xml);
    return dup_c(*xml);
  });
}

int virDomainIsActive(virDomainPtr dom) {
  return entry<Api::virDomainIsActive>(
      dom, [&](const Call &) -> Result<int> { return hv(dom).domainIsActive(dom); });
}

int virDomainIsPersistent(virDomainPtr dom) {
  return entry<Api::virDomainIsPersistent>(
      dom, [&](const Call &) -> Result<int> { return hv(dom).domainIsPersistent(dom); });
}

int virDomainIsUpdated(virDomainPtr dom) {
  return entry<Api::virDomainIsUpdated>(
      dom, [&](const Call &) -> Result<int> { return hv(dom).domainIsUpdated(dom); });
}

int virDomainGetAutostart(virDomainPtr dom, int *autostart) {
  return entry<Api::virDomainGetAutostart>(dom, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(autostart, "autostart"));
    auto a = hv(dom).domainGetAutostart(dom);
    VK_TRY(a);
    *autostart = *a;
    return 0;
  });
}

int virDomainGetMaxVcpus(virDomainPtr dom) {
  return entry<Api::virDomainGetMaxVcpus>(
      dom, [&](const Call &) -> Result<int> { return hv(dom).domainGetMaxVcpus(dom); });
}

int virDomainGetVcpusFlags(virDomainPtr dom, unsigned int flags) {
  return entry<Api::virDomainGetVcpusFlags>(dom, [&](const Call &c) -> Result<int> {
    if (flags & VIR_DOMAIN_VCPU_GUEST) VK_TRY(c.writable(dom->conn));
    return hv(dom).domainGetVcpusFlags(dom, flags);
  });
}

int virDomainSetVcpus(virDomainPtr dom, unsigned int nvcpus) {
  return entry<Api::virDomainSetVcpus>(dom, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonzero(nvcpus, "nvcpus"));
    VK_TRY(hv(dom).domainSetVcpus(dom, nvcpus));
    return 0;
  });
}

int virDomainSetVcpusFlags(virDomainPtr dom, unsigned int nvcpus, unsigned int flags) {
  return entry<Api::virDomainSetVcpusFlags>(dom, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonzero(nvcpus, "nvcpus"));
    VK_TRY(hv(dom).domainSetVcpusFlags(dom, nvcpus, flags));
    return 0;
  });
}
