// SPDX-License-Identifier: LGPL-2.1-or-later
// Hand-written entry points for snapshots and checkpoints: descriptions
// whose secure parts read-only connections may not see, and counting.
#include "api/guard.h"
#include "driver/driver.h"

using namespace virtkit;
using namespace virtkit::api;
using handles::hv;

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
