// SPDX-License-Identifier: LGPL-2.1-or-later
// Domain checkpoint definitions (<domaincheckpoint>): parsed and formatted
// the way libvirt's checkpoint configuration code does.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "error/status.h"
#include "xml/domain_def.h"

namespace virtkit::conf {

// virDomainCheckpointType.
enum CheckpointType : int { kChkDefault = 0, kChkNone, kChkBitmap };

struct CheckpointDisk {
  std::string name;
  int type = kChkDefault;
  std::optional<std::string> bitmap;
  unsigned long long size = 0;
  bool size_valid = false;
};

struct CheckpointDef {
  std::optional<std::string> name;
  std::optional<std::string> description;
  std::optional<std::string> parent_name;
  long long creation_time = 0;
  std::vector<CheckpointDisk> disks;
  std::unique_ptr<DomainDef> dom;
};

enum CheckpointParseFlags : unsigned { kChkParseRedefine = 1u << 0 };
// VIR_DOMAIN_CHECKPOINT_FORMAT_*.
enum CheckpointFormatFlags : unsigned {
  kChkFormatSecure = 1u << 0,
  kChkFormatNoDomain = 1u << 1,
  kChkFormatSize = 1u << 2,
};

// virDomainCheckpointDefParseString (always validated against the schema).
Result<std::unique_ptr<CheckpointDef>> parse_checkpoint(const char *xml, unsigned flags);
// virDomainCheckpointDefFormat.
std::string format_checkpoint(const CheckpointDef &def, unsigned flags);
// virDomainCheckpointAlignDisks.
Status align_checkpoint_disks(CheckpointDef &def);
// virDomainCheckpointDefAssignBitmapNames.
void assign_bitmap_names(CheckpointDef &def);

}  // namespace virtkit::conf
