// SPDX-License-Identifier: LGPL-2.1-or-later
// Hand-written entry points for domain snapshots and checkpoints: the
// handles and lookups, descriptions whose secure parts read-only
// connections may not see.
#include "api/accessors.h"
#include "api/guard.h"
#include "driver/driver.h"

using namespace virtkit;
using namespace virtkit::api;
using handles::hv;

int virDomainSnapshotFree(virDomainSnapshotPtr s) {
  return free_handle<Api::virDomainSnapshotFree>(s);
}
int virDomainSnapshotRef(virDomainSnapshotPtr s) {
  return ref_handle<Api::virDomainSnapshotRef>(s);
}
const char *virDomainSnapshotGetName(virDomainSnapshotPtr s) {
  return get_name<Api::virDomainSnapshotGetName>(s);
}
virDomainPtr virDomainSnapshotGetDomain(virDomainSnapshotPtr s) {
  return get_field<Api::virDomainSnapshotGetDomain>(
      s, [](virDomainSnapshotPtr x) { return x->domain; });
}
virConnectPtr virDomainSnapshotGetConnect(virDomainSnapshotPtr s) {
  return get_connect<Api::virDomainSnapshotGetConnect>(s);
}

int virDomainCheckpointFree(virDomainCheckpointPtr c) {
  return free_handle<Api::virDomainCheckpointFree>(c);
}
int virDomainCheckpointRef(virDomainCheckpointPtr c) {
  return ref_handle<Api::virDomainCheckpointRef>(c);
}
const char *virDomainCheckpointGetName(virDomainCheckpointPtr c) {
  return get_name<Api::virDomainCheckpointGetName>(c);
}
virDomainPtr virDomainCheckpointGetDomain(virDomainCheckpointPtr c) {
  return get_field<Api::virDomainCheckpointGetDomain>(
      c, [](virDomainCheckpointPtr x) { return x->domain; });
}
virConnectPtr virDomainCheckpointGetConnect(virDomainCheckpointPtr c) {
  return get_connect<Api::virDomainCheckpointGetConnect>(c);
}

char *virDomainSnapshotGetXMLDesc(virDomainSnapshotPtr snapshot, unsigned int flags) {
  return entry<Api::virDomainSnapshotGetXMLDesc>(snapshot, [&](const Call &c) -> Result<char *> {
    if ((handles::conn_of(snapshot)->flags & VIR_CONNECT_RO) &&
        (flags & VIR_DOMAIN_SNAPSHOT_XML_SECURE))
      return error(c.api.from, VIR_ERR_OPERATION_DENIED, "%s",
                   "virDomainSnapshotGetXMLDesc with secure flag");
    return hv(snapshot).domainSnapshotGetXMLDesc(snapshot, flags);
  });
}

int virDomainSnapshotNum(virDomainPtr domain, unsigned int flags) {
  return entry<Api::virDomainSnapshotNum>(domain, [&](const Call &) -> Result<int> {
    return hv(domain).domainSnapshotNum(domain, flags);
  });
}

char *virDomainCheckpointGetXMLDesc(virDomainCheckpointPtr checkpoint, unsigned int flags) {
  return entry<Api::virDomainCheckpointGetXMLDesc>(
      checkpoint, [&](const Call &c) -> Result<char *> {
        if ((handles::conn_of(checkpoint)->flags & VIR_CONNECT_RO) &&
            (flags & VIR_DOMAIN_CHECKPOINT_XML_SECURE))
          return error(c.api.from, VIR_ERR_OPERATION_DENIED, "%s",
                       "virDomainCheckpointGetXMLDesc with secure flag");
        return hv(checkpoint).domainCheckpointGetXMLDesc(checkpoint, flags);
      });
}
