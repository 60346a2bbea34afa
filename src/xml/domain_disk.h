// SPDX-License-Identifier: LGPL-2.1-or-later
// A disk's storage beyond its path: network hosts and their options, <auth>,
// <encryption>, source <seclabel>s, NVMe sources, <reservations>, slices,
// the <backingStore> chain (libvirt's virStorageSource and the parts of
// virDomainDiskDef around it), read and printed as libvirt 9.0.0 does.
#pragma once

#include <libxml/tree.h>
#include <libxml/xpath.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "error/status.h"
#include "xml/device_info.h"
#include "xml/domain_chardev.h"
#include "xml/storage_def.h"
#include "xml/xml.h"

namespace virtkit::conf {

struct Disk;
struct DomainDef;

// virStorageNetHostDef.
struct StorageHost {
  std::optional<std::string> name, socket;
  unsigned port = 0;
  int transport = 0;  // tcp, unix, rdma
};

// The parts of a <source> (virStorageSource) besides its path, protocol,
// name, pool and volume, which the disk (or backing store) holds itself.
struct SourceExtra {
  std::optional<std::string> fdgroup;
  // network
  std::optional<std::string> query, tls_hostname, nfs_user, nfs_group, snapshot, config_file,
      initiator_iqn;
  TristateBool tls = TristateBool::absent, ssl_verify = TristateBool::absent;
  std::vector<StorageHost> hosts;
  std::vector<std::pair<std::string, std::string>> cookies;
  unsigned long long readahead = 0, timeout = 0;
  // volume
  int pool_mode = 0;  // default, host, direct
  // nvme
  bool nvme = false;
  TristateBool nvme_managed = TristateBool::absent;
  unsigned long long nvme_namespace = 0;
  PciAddress nvme_addr;
  // all types
  std::optional<std::pair<unsigned long long, unsigned long long>> slice;  // offset, size
  std::vector<DeviceSeclabel> seclabels;
  std::optional<PoolAuth> auth;
  std::optional<VolEncryption> encryption;
  bool has_pr = false;
  TristateBool pr_managed = TristateBool::absent;
  std::optional<std::string> pr_path;
  // vhostuser (the path is the disk's)
  TristateBool reconnect = TristateBool::absent;
  unsigned reconnect_timeout = 0;
  unsigned index = 0;
};

// One <backingStore> of a chain.
struct BackingStore {
  int type = 1;    // StorageType
  int format = 0;  // StorageFileFormat
  unsigned index = 0;
  unsigned long long metadata_cache = 0;
  std::optional<std::string> path, protocol, name, pool, volume;
  SourceExtra ex;
};

// What a <disk> has beyond the fields Disk keeps itself.
struct DiskExtra {
  SourceExtra src;
  std::vector<BackingStore> backing;
  bool backing_end = false;  // the chain ends with an empty <backingStore/>
  bool auth_on_disk = false, enc_on_disk = false;
  unsigned long long metadata_cache = 0;
  int model = 0;  // default, virtio, virtio-transitional, virtio-non-transitional
  TristateBool rawio = TristateBool::absent;
  int sgio = 0;  // default, filtered, unfiltered
  TristateSwitch removable = TristateSwitch::absent;
  unsigned rotation_rate = 0;
  unsigned cyls = 0, heads = 0, secs = 0;
  int trans = 0;  // default, none, auto, lba
  std::optional<DiskBlockio> blockio;
  TristateBool transient_share_backing = TristateBool::absent;
  std::optional<std::string> backend_domain;
  std::optional<VirtioOptions> virtio;  // <driver>'s iommu, ats, packed, page_per_vq
};

// A storage source outside a disk (an <os><nvram>'s): virDomainStorageSourceParse
// on `node` (a <source>) for `src.type`, and virDomainDiskSourceFormat.
Status parse_storage_source(xmlNodePtr node, xmlXPathContextPtr ctxt, unsigned parse_flags,
                            BackingStore &src);
void format_storage_source(xml::Buffer &buf, const BackingStore &src, unsigned format_flags);
// virStorageType's and virStorageFileFormat's string tables.
const std::vector<std::string_view> &storage_type_names();
const std::vector<std::string_view> &storage_file_format_names();

// virDomainDiskDefParseXML: a <disk> element (`parse_flags`: kParseInactive
// drops the live-only source and backing store indexes).
Result<Disk> parse_disk(xmlXPathContextPtr ctxt, xmlNodePtr node, unsigned parse_flags);
// virDomainDiskDefFormat.
void format_disk(xml::Buffer &buf, const Disk &d, unsigned format_flags);

// The end of virDomainDiskDefPostParse (an iSCSI name gets its LUN, an
// NVMe source is managed, a vhostuser disk has no snapshots) and
// virDomainDeviceDefPostParseCheckFeatures (the test driver does not
// support FD passing).
Status post_parse_disk(Disk &d);
// The checks of virDomainDiskDefValidate on the source chain, the LUN
// source, the bus and address: run after the target check.
Status validate_disk_storage(const DomainDef &def, const Disk &d);
// virDomainDefDuplicateDriveAddressesValidate for disks.
Status validate_disk_drive_addresses(const DomainDef &def);

}  // namespace virtkit::conf
