// SPDX-License-Identifier: LGPL-2.1-or-later
// Hand-written entry points for domains (the uniform ones are generated
// from api/libvirt.api).
#include <climits>

#include "api/accessors.h"
#include "api/util.h"
#include "util/uuid.h"

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

virDomainPtr virDomainLookupByUUIDString(virConnectPtr conn, const char *uuidstr) {
  return entry<Api::virDomainLookupByUUIDString>(conn, [&](const Call &c) -> Result<virDomainPtr> {
    VK_TRY(c.nonnull(uuidstr, "uuidstr"));
    unsigned char uuid[VIR_UUID_BUFLEN];
    if (!util::parse_uuid(uuidstr, uuid)) return c.invalid("uuidstr", "Invalid UUID");
    return virDomainLookupByUUID(conn, uuid);  // as libvirt: the public call
  });
}

virDomainPtr virDomainCreateLinux(virConnectPtr conn, const char *xmlDesc, unsigned int flags) {
  return virDomainCreateXML(conn, xmlDesc, flags);  // libvirt names virDomainCreateXML in errors
}

int virDomainFree(virDomainPtr dom) {
  return free_handle<Api::virDomainFree>(dom);
}
int virDomainRef(virDomainPtr dom) {
  return ref_handle<Api::virDomainRef>(dom);
}
virConnectPtr virDomainGetConnect(virDomainPtr dom) {
  return get_connect<Api::virDomainGetConnect>(dom);
}
const char *virDomainGetName(virDomainPtr dom) {
  return get_name<Api::virDomainGetName>(dom);
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
  return get_uuid<Api::virDomainGetUUID>(dom, uuid);
}
int virDomainGetUUIDString(virDomainPtr dom, char *buf) {
  return get_uuid_string<Api::virDomainGetUUIDString>(dom, buf);
}

int virDomainGetState(virDomainPtr dom, int *state, int *reason, unsigned int flags) {
  return entry<Api::virDomainGetState>(dom, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(state, "state"));
    return hv(dom).domainGetState(dom, state, reason, flags);
  });
}

unsigned long virDomainGetMaxMemory(virDomainPtr dom) {
  return entry<Api::virDomainGetMaxMemory>(dom, [&](const Call &c) -> Result<unsigned long> {
    auto m = hv(dom).domainGetMaxMemory(dom);
    VK_TRY(m);
    if (*m == 0) return generic_failure();
    if (static_cast<unsigned long>(*m) != *m)
      return error(c.api.from, VIR_ERR_OVERFLOW, "result too large: %lu", *m);
    return static_cast<unsigned long>(*m);
  });
}

int virDomainSetMaxMemory(virDomainPtr dom, unsigned long memory) {
  return entry<Api::virDomainSetMaxMemory>(dom, [&](const Call &c) -> Result<int> {
    VK_TRY(check_memory(c, memory));
    return hv(dom).domainSetMaxMemory(dom, memory);
  });
}

int virDomainSetMemory(virDomainPtr dom, unsigned long memory) {
  return entry<Api::virDomainSetMemory>(dom, [&](const Call &c) -> Result<int> {
    VK_TRY(check_memory(c, memory));
    return hv(dom).domainSetMemory(dom, memory);
  });
}

int virDomainSetMemoryFlags(virDomainPtr dom, unsigned long memory, unsigned int flags) {
  return entry<Api::virDomainSetMemoryFlags>(dom, [&](const Call &c) -> Result<int> {
    VK_TRY(check_memory(c, memory));
    return hv(dom).domainSetMemoryFlags(dom, memory, flags);
  });
}

char *virDomainGetXMLDesc(virDomainPtr dom, unsigned int flags) {
  return entry<Api::virDomainGetXMLDesc>(dom, [&](const Call &c) -> Result<char *> {
    if ((dom->conn->flags & VIR_CONNECT_RO) &&
        (flags & (VIR_DOMAIN_XML_SECURE | VIR_DOMAIN_XML_MIGRATABLE)))
      return error(c.api.from, VIR_ERR_OPERATION_DENIED, "%s",
                   "virDomainGetXMLDesc with secure flag");
    return hv(dom).domainGetXMLDesc(dom, flags);
  });
}

int virDomainGetVcpusFlags(virDomainPtr dom, unsigned int flags) {
  return entry<Api::virDomainGetVcpusFlags>(dom, [&](const Call &c) -> Result<int> {
    if (flags & VIR_DOMAIN_VCPU_GUEST) VK_TRY(c.writable(dom->conn));
    VK_TRY(c.exclusive(flags, VIR_DOMAIN_AFFECT_LIVE, VIR_DOMAIN_AFFECT_CONFIG,
                       "VIR_DOMAIN_AFFECT_LIVE", "VIR_DOMAIN_AFFECT_CONFIG"));
    return hv(dom).domainGetVcpusFlags(dom, flags);
  });
}
