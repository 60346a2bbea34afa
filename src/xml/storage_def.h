// SPDX-License-Identifier: LGPL-2.1-or-later
// Storage pool and volume definitions: parsing and formatting with the
// rules and output of libvirt's storage configuration (pool types, source
// and target elements, volume capacity/allocation/target/backing store).
#pragma once

#include <libxml/xpath.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "public.h"
#include "error/status.h"
#include "xml/xml.h"

namespace virtkit::conf {

// virStoragePoolType, in libvirt's order.
enum PoolType : int {
  kPoolDir,
  kPoolFs,
  kPoolNetfs,
  kPoolLogical,
  kPoolDisk,
  kPoolIscsi,
  kPoolIscsiDirect,
  kPoolScsi,
  kPoolMpath,
  kPoolRbd,
  kPoolSheepdog,
  kPoolGluster,
  kPoolZfs,
  kPoolVstorage,
  kPoolLast
};

// The type's name ("dir", ...), or nullptr when out of range.
const char *pool_type_name(int type);
// The type's number, or -1.
int pool_type_from_name(const char *name);

// Ownership and mode of a target; the -1 values mean "not set".
struct Perms {
  int mode = -1;
  uint32_t uid = UINT32_MAX;
  uint32_t gid = UINT32_MAX;
  std::optional<std::string> label;
};

struct PoolHost {
  std::string name;
  int port = 0;
};

struct PoolDevice {
  std::string path;
  int part_separator = 0;  // tristate
};

struct PoolAuth {
  int type = 0;  // none, chap, ceph
  std::string username;
  std::optional<std::string> secret_type;
  bool has_uuid = false;
  unsigned char uuid[VIR_UUID_BUFLEN] = {};
  std::optional<std::string> usage;
};

struct PoolAdapter {
  int type = 0;  // default, scsi_host, fc_host
  // scsi_host: a name, or a parent PCI address and unique id
  std::optional<std::string> name;
  bool has_parent = false;
  unsigned domain = 0, bus = 0, slot = 0, function = 0;
  int unique_id = 0;
  // fc_host
  int managed = 0;  // tristate
  std::optional<std::string> parent, parent_wwnn, parent_wwpn, parent_fabric_wwn, wwnn, wwpn;
};

struct PoolSource {
  std::optional<std::string> name;
  int format = 0;
  std::vector<PoolHost> hosts;
  std::vector<PoolDevice> devices;
  std::optional<std::string> dir;
  PoolAdapter adapter;
  std::optional<std::string> initiator_iqn;
  std::optional<PoolAuth> auth;
  std::optional<std::string> protocol_ver;
  std::optional<std::string> vendor;
  std::optional<std::string> product;
};

struct StoragePoolDef {
  int type = kPoolDir;
  std::string name;
  unsigned char uuid[VIR_UUID_BUFLEN] = {};
  unsigned long long capacity = 0;
  unsigned long long allocation = 0;
  unsigned long long available = 0;
  int cow = 0;  // features/cow, tristate
  PoolSource source;
  std::optional<std::string> target_path;
  Perms target_perms;
  int refresh_allocation = -1;  // refresh/volume/@allocation: -1 absent
};

struct VolTarget {
  std::optional<std::string> path;
  int format = 0;
  Perms perms;
};

struct VolSecret {
  int type = 0;  // passphrase
  bool has_uuid = false;
  unsigned char uuid[VIR_UUID_BUFLEN] = {};
  std::optional<std::string> usage;
};

struct VolEncryption {
  int format = 0;  // default, qcow, luks, luks2
  int engine = 0;  // default, qemu, librbd
  std::vector<VolSecret> secrets;
  std::optional<std::string> cipher_name, cipher_mode, cipher_hash, ivgen_name, ivgen_hash;
  unsigned cipher_size = 0;
};

struct StorageVolDef {
  std::string name;
  std::optional<std::string> key;
  int type = 0;  // file, block, dir, network, netdir, ploop
  unsigned long long capacity = 0;
  unsigned long long allocation = 0;
  VolTarget target;
  std::optional<VolTarget> backing;
  std::optional<VolEncryption> encryption;
  std::optional<std::string> compat;
  bool nocow = false;
  unsigned long long cluster_size = 0;
  bool has_features = false;
  unsigned features = 0;  // bit per lazy_refcounts, extended_l2
};

// virStoragePoolDefParse (`validate`: check against storagepool.rng).
Result<std::unique_ptr<StoragePoolDef>> parse_pool_string(const char *xml, bool validate);
// virStoragePoolDefParseXML: the pool element at ctxt->node.
Result<std::unique_ptr<StoragePoolDef>> parse_pool_node(xmlXPathContextPtr ctxt);
// virStoragePoolDefParseSourceString.
Result<PoolSource> parse_pool_source_string(const char *xml, int pool_type);
// virStoragePoolDefFormat.
std::string format_pool(const StoragePoolDef &def);

// virStorageVolDefParse (`validate`: check against storagevol.rng).
Result<std::unique_ptr<StorageVolDef>> parse_vol_string(const StoragePoolDef &pool, const char *xml,
                                                        bool validate);
// virStorageVolDefParseXML: the volume element at ctxt->node.
Result<std::unique_ptr<StorageVolDef>> parse_vol_node(const StoragePoolDef &pool,
                                                      xmlXPathContextPtr ctxt);
// virStorageVolDefFormat.
std::string format_vol(const StoragePoolDef &pool, const StorageVolDef &vol);

// virFileSanitizePath.
std::string sanitize_path(const std::string &path);

// virStorageAuthDefParse / virStorageAuthDefFormat and
// virStorageEncryptionParseNode / virStorageEncryptionFormat, shared with
// domain disks (errors in VIR_FROM_STORAGE, as libvirt's).
Result<PoolAuth> parse_storage_auth(xmlNodePtr node, xmlXPathContextPtr ctxt);
void format_storage_auth(xml::Buffer &buf, const PoolAuth &auth);
Result<VolEncryption> parse_storage_encryption(xmlNodePtr node, xmlXPathContextPtr ctxt);
void format_storage_encryption(xml::Buffer &buf, const VolEncryption &enc);

}  // namespace virtkit::conf
