// SPDX-License-Identifier: LGPL-2.1-or-later
// The test driver's domain snapshots and checkpoints.
#pragma once

#include "drivers/test/nodedev.h"

namespace virtkit::drivers::test {

class SnapshotOps : public NodeDeviceOps {
 public:
  using NodeDeviceOps::NodeDeviceOps;

  // ---- snapshots ----
  Result<int> domainSnapshotNum(virDomainPtr dom, unsigned int flags) override;
  Result<int> domainSnapshotListNames(virDomainPtr dom, char **names, int nameslen,
                                      unsigned int flags) override;
  Result<int> domainListAllSnapshots(virDomainPtr dom, virDomainSnapshotPtr **snaps,
                                     unsigned int flags) override;
  Result<int> domainSnapshotNumChildren(virDomainSnapshotPtr snap, unsigned int flags) override;
  Result<int> domainSnapshotListChildrenNames(virDomainSnapshotPtr snap, char **names, int nameslen,
                                              unsigned int flags) override;
  Result<int> domainSnapshotListAllChildren(virDomainSnapshotPtr snap, virDomainSnapshotPtr **snaps,
                                            unsigned int flags) override;
  Result<virDomainSnapshotPtr> domainSnapshotLookupByName(virDomainPtr dom, const char *name,
                                                          unsigned int flags) override;
  Result<int> domainHasCurrentSnapshot(virDomainPtr dom, unsigned int flags) override;
  Result<virDomainSnapshotPtr> domainSnapshotGetParent(virDomainSnapshotPtr snap,
                                                       unsigned int flags) override;
  Result<virDomainSnapshotPtr> domainSnapshotCurrent(virDomainPtr dom, unsigned int flags) override;
  Result<char *> domainSnapshotGetXMLDesc(virDomainSnapshotPtr snap, unsigned int flags) override;
  Result<int> domainSnapshotIsCurrent(virDomainSnapshotPtr snap, unsigned int flags) override;
  Result<int> domainSnapshotHasMetadata(virDomainSnapshotPtr snap, unsigned int flags) override;
  Result<virDomainSnapshotPtr> domainSnapshotCreateXML(virDomainPtr dom, const char *xml,
                                                       unsigned int flags) override;
  Result<int> domainRevertToSnapshot(virDomainSnapshotPtr snap, unsigned int flags) override;
  Result<int> domainSnapshotDelete(virDomainSnapshotPtr snap, unsigned int flags) override;

  // ---- checkpoints ----
  Result<virDomainCheckpointPtr> domainCheckpointCreateXML(virDomainPtr dom, const char *xml,
                                                           unsigned int flags) override;
  Result<char *> domainCheckpointGetXMLDesc(virDomainCheckpointPtr chk,
                                            unsigned int flags) override;
  Result<int> domainListAllCheckpoints(virDomainPtr dom, virDomainCheckpointPtr **chks,
                                       unsigned int flags) override;
  Result<int> domainCheckpointListAllChildren(virDomainCheckpointPtr chk,
                                              virDomainCheckpointPtr **chks,
                                              unsigned int flags) override;
  Result<virDomainCheckpointPtr> domainCheckpointLookupByName(virDomainPtr dom, const char *name,
                                                              unsigned int flags) override;
  Result<virDomainCheckpointPtr> domainCheckpointGetParent(virDomainCheckpointPtr chk,
                                                           unsigned int flags) override;
  Result<int> domainCheckpointDelete(virDomainCheckpointPtr chk, unsigned int flags) override;
};

}  // namespace virtkit::drivers::test
