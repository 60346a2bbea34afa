// SPDX-License-Identifier: LGPL-2.1-or-later
// The domain's <filesystem> devices (libvirt's virDomainFSDef): read,
// checked and printed as libvirt 9.0.0's generic domain code does. The
// value tables are generated from desc/domain.xd.
#pragma once

#include <libxml/tree.h>
#include <libxml/xpath.h>

#include <optional>
#include <string>

#include "error/status.h"
#include "xml/device_info.h"
#include "xml/domain_desc.h"
#include "xml/xml.h"

namespace virtkit::conf {

struct DomainDef;

struct Filesystem {
  FsType type = FsType::mount;
  FsAccessMode accessmode = FsAccessMode::default_;
  FsModel model = FsModel::default_;
  FsMultidevs multidevs = FsMultidevs::default_;
  unsigned fmode = 0, dmode = 0;
  unsigned long long space_hard_limit = 0, space_soft_limit = 0;  // bytes
  std::optional<std::string> source;                              // dir, dev, file or name by type
  std::optional<std::string> socket;
  std::optional<std::string> pool, volume;  // type volume
  unsigned long long usage = 0;             // type ram, bytes
  std::optional<std::string> target;
  bool readonly = false;
  // <driver>.
  FsDriver driver = FsDriver::default_;
  FsWrpolicy wrpolicy = FsWrpolicy::default_;
  int format = 0;  // virStorageFileFormat, 0 none
  unsigned long long queue_size = 0;
  std::optional<VirtioOptions> virtio;
  // virtiofs's <binary>.
  std::optional<std::string> binary;
  TristateSwitch xattr = TristateSwitch::absent, posix_lock = TristateSwitch::absent,
                 flock = TristateSwitch::absent;
  FsCacheMode cache = FsCacheMode::default_;
  FsSandboxMode sandbox = FsSandboxMode::default_;
  int thread_pool_size = -1;
  DeviceInfo info;
};

// virDomainFSDefParseXML.
Result<Filesystem> parse_filesystem(xmlXPathContextPtr ctxt, xmlNodePtr node);
// virDomainFSDefPostParse, virDomainFSDefValidate, virDomainDefFSValidate.
void post_parse_filesystem(Filesystem &fs);
Status validate_filesystem(const Filesystem &fs);
Status validate_filesystems(const DomainDef &def);
// virDomainFSDefFormat.
void format_filesystem(xml::Buffer &buf, const Filesystem &fs);

}  // namespace virtkit::conf
