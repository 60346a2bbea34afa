// SPDX-License-Identifier: LGPL-2.1-or-later
// Domain snapshot definitions (<domainsnapshot>): parsed and formatted the
// way libvirt's snapshot configuration code does for the parts modelled
// here.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <libxml/xpath.h>

#include "error/status.h"
#include "xml/domain_def.h"

namespace virtkit::conf {

// virDomainSnapshotState: virDomainState plus "disk-snapshot".
enum SnapshotState : int {
  kSnapNoState = 0,
  kSnapRunning = 1,
  kSnapPaused = 3,
  kSnapShutoff = 5,
  kSnapDiskSnapshot = 8,
};
// virDomainSnapshotLocation.
enum SnapshotLocation : int {
  kLocDefault = 0,
  kLocNo,
  kLocInternal,
  kLocExternal,
  kLocManual,
};

struct SnapshotDisk {
  std::string name;
  int snapshot = kLocDefault;
  int src_type = 1;  // virStorageType (file)
  std::optional<std::string> path;
  std::optional<std::string> protocol;  // network sources
  int format = 0;                       // virStorageFileFormat
  unsigned long long metadata_cache_max_size = 0;
  bool delete_in_progress = false;
};

struct SnapshotDef {
  std::optional<std::string> name;
  std::optional<std::string> description;
  std::optional<std::string> parent_name;
  long long creation_time = 0;
  int state = kSnapNoState;
  int memory = kLocDefault;
  std::optional<std::string> memory_file;
  std::vector<SnapshotDisk> disks;
  std::unique_ptr<DomainDef> dom;
  std::unique_ptr<DomainDef> inactive_dom;

  bool is_external() const;
};

// VIR_DOMAIN_SNAPSHOT_PARSE_*.
enum SnapshotParseFlags : unsigned {
  kSnapParseRedefine = 1u << 0,
  kSnapParseInternal = 1u << 2,
  kSnapParseValidate = 1u << 4,
};
// VIR_DOMAIN_SNAPSHOT_FORMAT_*.
enum SnapshotFormatFlags : unsigned {
  kSnapFormatSecure = 1u << 0,
  kSnapFormatInternal = 1u << 1,
  kSnapFormatCurrent = 1u << 2,
};

// virDomainSnapshotDefParseString. `current` receives <active> with
// kSnapParseInternal.
Result<std::unique_ptr<SnapshotDef>> parse_snapshot(const char *xml, unsigned flags,
                                                    bool *current = nullptr);
// virDomainSnapshotDefParse, ctxt->node being the <domainsnapshot> element.
Result<std::unique_ptr<SnapshotDef>> parse_snapshot_node(xmlXPathContextPtr ctxt, unsigned flags,
                                                         bool *current = nullptr);
// virDomainSnapshotDefFormat.
std::string format_snapshot(const SnapshotDef &def, const char *uuidstr, unsigned flags);
// virDomainSnapshotAlignDisks (the domain is def.dom, else `existing`).
Status align_snapshot_disks(SnapshotDef &def, const DomainDef *existing, int default_location,
                            bool uniform_internal);

// virDomainDefCheckABIStability, for the parts modelled here (virt type,
// identity, memory, vCPUs, OS, device counts); errors as libvirt's.
Status check_abi_stability(const DomainDef &src, const DomainDef &dst);
// A deep copy of a domain definition as libvirt's virDomainDefCopy makes
// it (formatted inactive and migratable, parsed back).
Result<std::unique_ptr<DomainDef>> copy_domain_def(const DomainDef &def);
// The moment post-parse default: creation time now, name from it.
void moment_post_parse(std::optional<std::string> &name, long long &creation_time);

}  // namespace virtkit::conf
