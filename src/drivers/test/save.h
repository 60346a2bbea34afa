// SPDX-License-Identifier: LGPL-2.1-or-later
// The test driver's domain save/restore, managed save, core dumps and
// screenshots.
#pragma once

#include "drivers/test/snapshot.h"

namespace virtkit::drivers::test {

class SaveOps : public SnapshotOps {
 public:
  using SnapshotOps::SnapshotOps;

  // ---- save images (a magic header, the XML's length, the domain XML) ----
  Result<int> domainSave(virDomainPtr dom, const char *path) override;
  Result<int> domainSaveFlags(virDomainPtr dom, const char *path, const char *dxml,
                              unsigned flags) override;
  Result<int> domainRestore(virConnectPtr conn, const char *path) override;
  Result<int> domainRestoreFlags(virConnectPtr conn, const char *path, const char *dxml,
                                 unsigned flags) override;
  Result<int> domainSaveImageDefineXML(virConnectPtr conn, const char *path, const char *dxml,
                                       unsigned flags) override;
  Result<char *> domainSaveImageGetXMLDesc(virConnectPtr conn, const char *path,
                                           unsigned flags) override;

  // ---- core dumps ----
  Result<int> domainCoreDump(virDomainPtr dom, const char *to, unsigned flags) override;
  Result<int> domainCoreDumpWithFormat(virDomainPtr dom, const char *to, unsigned dumpformat,
                                       unsigned flags) override;

  // ---- managed save (a flag on the domain: no file) ----
  Result<int> domainManagedSave(virDomainPtr dom, unsigned flags) override;
  Result<int> domainHasManagedSaveImage(virDomainPtr dom, unsigned flags) override;
  Result<int> domainManagedSaveRemove(virDomainPtr dom, unsigned flags) override;

  // ---- screenshot: a PNG through the stream ----
  Result<char *> domainScreenshot(virDomainPtr dom, virStreamPtr st, unsigned screen,
                                  unsigned flags) override;

 private:
  Status save(virDomainPtr dom, const char *path, const char *dxml, unsigned flags);
  Status restore(const char *path, const char *dxml, unsigned flags);
};

}  // namespace virtkit::drivers::test
