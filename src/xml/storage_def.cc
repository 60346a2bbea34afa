// SPDX-License-Identifier: LGPL-2.1-or-later
#include "xml/storage_def.h"

#include <climits>
#include <cstring>
#include <string_view>

#include "util/numbers.h"
#include "util/uuid.h"
#include "xml/device_info.h"
#include "xml/domain_def.h"
#include "xml/xml.h"

namespace virtkit::conf {

namespace {

constexpr int kFrom = VIR_FROM_STORAGE;

using Names = std::vector<std::string_view>;

const Names kPoolTypes{"dir",  "fs",    "netfs", "logical",  "disk",    "iscsi", "iscsi-direct",
                       "scsi", "mpath", "rbd",   "sheepdog", "gluster", "zfs",   "vstorage"};
const Names kVolTypes{"file", "block", "dir", "network", "netdir", "ploop"};
const Names kFsFormats{"auto", "ext2", "ext3", "ext4", "ufs", "iso9660", "udf",
                       "gfs",  "gfs2", "vfat", "hfs+", "xfs", "ocfs2",   "vmfs"};
const Names kNetfsFormats{"auto", "nfs", "glusterfs", "cifs"};
const Names kDiskFormats{"unknown", "dos", "dvh", "gpt", "mac", "bsd", "pc98", "sun", "lvm2"};
const Names kLogicalFormats{"unknown", "lvm2"};
const Names kVolDiskFormats{"none",       "linux",     "fat16",      "fat32",
                            "linux-swap", "linux-lvm", "linux-raid", "extended"};
const Names kFileFormats{"none", "raw", "dir",   "bochs", "cloop", "dmg",   "iso", "vpc", "vdi",
                         "fat",  "vhd", "ploop", "cow",   "qcow",  "qcow2", "qed", "vmdk"};
const Names kFileFeatures{"lazy_refcounts", "extended_l2"};
const Names kAuthTypes{"none", "chap", "ceph"};
const Names kAdapterTypes{"default", "scsi_host", "fc_host"};
const Names kRefreshAlloc{"default", "capacity"};
const Names kTristate{"absent", "yes", "no"};
const Names kEncFormats{"default", "qcow", "luks", "luks2"};
const Names kEncEngines{"default", "qemu", "librbd"};
const Names kEncSecretTypes{"passphrase"};

// Which source parts a pool type uses.
enum : unsigned {
  kSrcHost = 1u << 0,
  kSrcDevice = 1u << 1,
  kSrcDir = 1u << 2,
  kSrcAdapter = 1u << 3,
  kSrcName = 1u << 4,
  kSrcIqn = 1u << 5,
  kSrcNetwork = 1u << 6,
};

struct PoolOptions {
  unsigned flags = 0;
  const Names *formats = nullptr;  // the source format names, when the type has formats
  int default_format = 0;
};

struct VolOptions {
  const Names *formats = nullptr;
  int default_format = 0;
  bool file_formats = false;  // "none" is not accepted
};

PoolOptions pool_options(int type) {
  switch (type) {
    case kPoolLogical:
      return {kSrcName | kSrcDevice, &kLogicalFormats, 1};
    case kPoolFs:
      return {kSrcDevice, &kFsFormats, 0};
    case kPoolNetfs:
      return {kSrcHost | kSrcDir, &kNetfsFormats, 0};
    case kPoolIscsi:
      return {kSrcHost | kSrcDevice | kSrcIqn};
    case kPoolIscsiDirect:
      return {kSrcHost | kSrcDevice | kSrcNetwork | kSrcIqn};
    case kPoolScsi:
      return {kSrcAdapter};
    case kPoolRbd:
    case kPoolSheepdog:
      return {kSrcHost | kSrcNetwork | kSrcName};
    case kPoolGluster:
      return {kSrcHost | kSrcNetwork | kSrcName | kSrcDir};
    case kPoolDisk:
      return {kSrcDevice, &kDiskFormats, 0};
    case kPoolZfs:
      return {kSrcName | kSrcDevice};
    case kPoolVstorage:
      return {kSrcName};
    default:
      return {};
  }
}

VolOptions vol_options(int type) {
  switch (type) {
    case kPoolDir:
    case kPoolFs:
    case kPoolNetfs:
    case kPoolRbd:
    case kPoolGluster:
    case kPoolVstorage:
      return {&kFileFormats, 1, true};
    case kPoolDisk:
      return {&kVolDiskFormats, 0, false};
    default:
      return {};
  }
}

const char *name_in(const Names &names, int i) {
  if (i < 0 || static_cast<size_t>(i) >= names.size()) return nullptr;
  return names[static_cast<size_t>(i)].data();
}

int vol_format_from(const VolOptions &o, const std::string &s) {
  int r = xml::enum_from_string(*o.formats, s);
  if (o.file_formats && r == 0) return -1;
  return r;
}

Status missing_backend(int type) {
  return error(kFrom, VIR_ERR_INTERNAL_ERROR, "missing backend for pool type %d", type);
}

// virStorageDefParsePerms.
Status parse_perms(xmlXPathContextPtr ctxt, Perms &perms, const char *xpath) {
  xml::NodeRestore restore(ctxt);
  perms = Perms{};
  xmlNodePtr node = xml::xpath_node(ctxt, xpath);
  if (!node) return Status();
  ctxt->node = node;
  if (auto mode = xml::xpath_string(ctxt, "string(./mode)")) {
    int tmp = 0;
    if (!util::str_to_i(mode->c_str(), 8, tmp) || (tmp & ~0777))
      return error(kFrom, VIR_ERR_XML_ERROR, "%s", "malformed octal mode");
    perms.mode = tmp;
  }
  auto id = [&](const char *elem, const char *expr, uint32_t &out, const char *msg) -> Status {
    if (!xml::xpath_node(ctxt, elem)) return Status();
    auto s = xml::xpath_string(ctxt, expr);
    long long val = 0;
    if (!s || !util::str_to_ll(s->c_str(), 10, val) ||
        (static_cast<long long>(static_cast<uint32_t>(val)) != val && val != -1))
      return error(kFrom, VIR_ERR_XML_ERROR, "%s", msg);
    out = static_cast<uint32_t>(val);
    return Status();
  };
  VK_TRY(id("./owner", "string(./owner)", perms.uid, "malformed owner element"));
  VK_TRY(id("./group", "string(./group)", perms.gid, "malformed group element"));
  perms.label = xml::xpath_string(ctxt, "string(./label)");
  return Status();
}

void format_perms(xml::Buffer &buf, const Perms &p) {
  if (p.mode == -1 && p.uid == UINT32_MAX && p.gid == UINT32_MAX && !p.label) return;
  buf.add("<permissions>\n");
  buf.indent(2);
  if (p.mode != -1) buf.addf("<mode>0%o</mode>\n", static_cast<unsigned>(p.mode));
  if (p.uid != UINT32_MAX) buf.addf("<owner>%d</owner>\n", static_cast<int>(p.uid));
  if (p.gid != UINT32_MAX) buf.addf("<group>%d</group>\n", static_cast<int>(p.gid));
  buf.escape("<label>%s</label>\n", p.label);
  buf.indent(-2);
  buf.add("</permissions>\n");
}

// virSecretLookupParseSecret.
Status parse_secret_lookup(xmlNodePtr node, bool &has_uuid, unsigned char *uuid_out,
                           std::optional<std::string> &usage_out) {
  auto uuid = xml::prop(node, "uuid");
  auto usage = xml::prop(node, "usage");
  if (!uuid && !usage)
    return error(VIR_FROM_NONE, VIR_ERR_XML_ERROR, "%s", "missing secret uuid or usage attribute");
  if (uuid && usage)
    return error(VIR_FROM_NONE, VIR_ERR_XML_ERROR, "%s", "either secret uuid or usage expected");
  if (uuid) {
    if (!util::parse_uuid(uuid->c_str(), uuid_out))
      return error(VIR_FROM_NONE, VIR_ERR_XML_ERROR, "invalid secret uuid '%s'", uuid->c_str());
    has_uuid = true;
  } else {
    usage_out = usage;
  }
  return Status();
}

// virStorageAuthDefParse.
Result<PoolAuth> parse_auth(xmlNodePtr node, xmlXPathContextPtr ctxt) {
  xml::NodeRestore restore(ctxt);
  ctxt->node = node;
  PoolAuth auth;
  auto user = xml::xpath_string(ctxt, "string(./@username)");
  if (!user) return error(kFrom, VIR_ERR_XML_ERROR, "%s", "missing username for auth");
  auth.username = *user;
  if (auto type = xml::xpath_string(ctxt, "string(./@type)")) {
    auth.type = xml::enum_from_string(kAuthTypes, *type);
    if (auth.type < 0)
      return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED, "unknown auth type '%s'", type->c_str());
  }
  xmlNodePtr secret = xml::xpath_node(ctxt, "./secret");
  if (!secret) return error(kFrom, VIR_ERR_XML_ERROR, "%s", "Missing <secret> element in auth");
  auth.secret_type = xml::prop(secret, "type");
  VK_TRY(parse_secret_lookup(secret, auth.has_uuid, auth.uuid, auth.usage));
  return auth;
}

void format_auth(xml::Buffer &buf, const PoolAuth &auth) {
  if (auth.type == 0) {
    buf.escape("<auth username='%s'>\n", auth.username.c_str());
  } else {
    buf.addf("<auth type='%s' ", name_in(kAuthTypes, auth.type));
    buf.escape("username='%s'>\n", auth.username.c_str());
  }
  buf.indent(2);
  if (auth.secret_type)
    buf.addf("<secret type='%s'", auth.secret_type->c_str());
  else
    buf.add("<secret");
  if (auth.has_uuid)
    buf.addf(" uuid='%s'/>\n", util::format_uuid(auth.uuid).c_str());
  else if (auth.usage)
    buf.escape(" usage='%s'/>\n", auth.usage);
  else
    buf.add("/>\n");
  buf.indent(-2);
  buf.add("</auth>\n");
}

// virStorageAdapterParseXML.
Status parse_adapter(PoolAdapter &a, xmlNodePtr node, xmlXPathContextPtr ctxt) {
  xml::NodeRestore restore(ctxt);
  ctxt->node = node;
  auto r = xml::prop_enum(node, "type", kAdapterTypes, xml::kPropNonZero, a.type, 0);
  VK_TRY(r);
  if (*r == 0) {
    if (xml::prop(node, "wwnn") || xml::prop(node, "wwpn") || xml::prop(node, "parent"))
      return error(kFrom, VIR_ERR_XML_ERROR, "%s",
                   "Use of 'wwnn', 'wwpn', and 'parent' attributes requires use of the adapter "
                   "'type'");
    if (xml::xpath_node(ctxt, "./parentaddr"))
      return error(kFrom, VIR_ERR_XML_ERROR, "%s",
                   "Use of 'parentaddr' element requires use of the adapter 'type'");
    if ((a.name = xml::prop(node, "name"))) a.type = 1;
    return Status();
  }
  if (a.type == 2) {
    VK_TRY(xml::prop_enum(node, "managed", kTristate, xml::kPropNonZero, a.managed, 0));
    a.parent = xml::prop(node, "parent");
    a.parent_wwnn = xml::prop(node, "parent_wwnn");
    a.parent_wwpn = xml::prop(node, "parent_wwpn");
    a.parent_fabric_wwn = xml::prop(node, "parent_fabric_wwn");
    a.wwpn = xml::prop(node, "wwpn");
    a.wwnn = xml::prop(node, "wwnn");
  } else {
    a.name = xml::prop(node, "name");
    if (xml::xpath_node(ctxt, "./parentaddr")) {
      xmlNodePtr addr = xml::xpath_node(ctxt, "./parentaddr/address");
      if (!addr)
        return error(kFrom, VIR_ERR_XML_ERROR, "%s", "Missing scsi_host PCI address element");
      a.has_parent = true;
      conf::PciAddress pci;
      VK_TRY(conf::parse_pci_address(addr, pci));
      a.domain = pci.domain;
      a.bus = pci.bus;
      a.slot = pci.slot;
      a.function = pci.function;
      auto uid = xml::xpath_string(ctxt, "string(./parentaddr/@unique_id)");
      if (!uid || !util::str_to_i(uid->c_str(), 10, a.unique_id) || a.unique_id < 0)
        return error(kFrom, VIR_ERR_XML_ERROR, "%s",
                     "Missing or invalid scsi adapter 'unique_id' value");
    }
  }
  return Status();
}

Status validate_wwn(const std::optional<std::string> &wwn) {
  if (!wwn) return Status();
  const char *p = wwn->c_str();
  if (std::strncmp(p, "0x", 2) == 0) p += 2;
  size_t i = 0;
  while (p[i] && std::isxdigit(static_cast<unsigned char>(p[i]))) i++;
  if (i != 16 || p[i])
    return error(VIR_FROM_NONE, VIR_ERR_INTERNAL_ERROR, "Malformed wwn: %s", wwn->c_str());
  return Status();
}

// virStorageAdapterValidate.
Status validate_adapter(const PoolAdapter &a) {
  if (!a.type) return error(kFrom, VIR_ERR_XML_ERROR, "%s", "missing storage pool source adapter");
  if (a.type == 2) {
    if (!a.wwnn || !a.wwpn)
      return error(kFrom, VIR_ERR_XML_ERROR, "%s",
                   "'wwnn' and 'wwpn' must be specified for adapter type 'fchost'");
    VK_TRY(validate_wwn(a.wwnn));
    VK_TRY(validate_wwn(a.wwpn));
    if (a.parent_wwnn && !a.parent_wwpn)
      return error(kFrom, VIR_ERR_XML_ERROR,
                   "when providing parent_wwnn='%s', the parent_wwpn must also be provided",
                   a.parent_wwnn->c_str());
    if (!a.parent_wwnn && a.parent_wwpn)
      return error(kFrom, VIR_ERR_XML_ERROR,
                   "when providing parent_wwpn='%s', the parent_wwnn must also be provided",
                   a.parent_wwpn->c_str());
    VK_TRY(validate_wwn(a.parent_wwnn));
    VK_TRY(validate_wwn(a.parent_wwpn));
    VK_TRY(validate_wwn(a.parent_fabric_wwn));
  } else if (a.type == 1) {
    if (!a.name && !a.has_parent)
      return error(kFrom, VIR_ERR_XML_ERROR, "%s",
                   "Either 'name' or 'parent' must be specified for the 'scsi_host' adapter");
    if (a.name && a.has_parent)
      return error(kFrom, VIR_ERR_XML_ERROR, "%s",
                   "Both 'name' and 'parent' cannot be specified for the 'scsi_host' adapter");
  }
  return Status();
}

void format_adapter(xml::Buffer &buf, const PoolAdapter &a) {
  buf.addf("<adapter type='%s'", name_in(kAdapterTypes, a.type));
  if (a.type == 2) {
    buf.escape(" parent='%s'", a.parent);
    buf.escape(" parent_wwnn='%s'", a.parent_wwnn);
    buf.escape(" parent_wwpn='%s'", a.parent_wwpn);
    buf.escape(" parent_fabric_wwn='%s'", a.parent_fabric_wwn);
    if (a.managed) buf.addf(" managed='%s'", name_in(kTristate, a.managed));
    buf.addf(" wwnn='%s' wwpn='%s'/>\n", a.wwnn ? a.wwnn->c_str() : "(null)",
             a.wwpn ? a.wwpn->c_str() : "(null)");
  } else if (a.type == 1) {
    if (a.name) {
      buf.addf(" name='%s'/>\n", a.name->c_str());
    } else {
      buf.add(">\n");
      buf.indent(2);
      buf.addf("<parentaddr unique_id='%d'>\n", a.unique_id);
      buf.indent(2);
      buf.addf("<address domain='0x%04x' bus='0x%02x' slot='0x%02x' function='0x%d'/>\n", a.domain,
               a.bus, a.slot, static_cast<int>(a.function));
      buf.indent(-2);
      buf.add("</parentaddr>\n");
      buf.indent(-2);
      buf.add("</adapter>\n");
    }
  }
}

// virStoragePoolDefParseSource.
Status parse_source(xmlXPathContextPtr ctxt, PoolSource &src, int pool_type, xmlNodePtr node) {
  xml::NodeRestore restore(ctxt);
  ctxt->node = node;
  if (pool_type < 0 || pool_type >= kPoolLast) return missing_backend(pool_type);
  PoolOptions opts = pool_options(pool_type);

  src.name = xml::xpath_string(ctxt, "string(./name)");
  if (pool_type == kPoolRbd && !src.name)
    return error(kFrom, VIR_ERR_XML_ERROR, "%s", "element 'name' is mandatory for RBD pool");

  if (opts.formats) {
    auto format = xml::xpath_string(ctxt, "string(./format/@type)");
    src.format = format ? xml::enum_from_string(*opts.formats, *format) : opts.default_format;
    if (src.format < 0)
      return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED, "unknown pool format type %s",
                   format ? format->c_str() : "(null)");
  }

  for (xmlNodePtr h : xml::xpath_nodes(ctxt, "./host")) {
    PoolHost host;
    auto name = xml::prop(h, "name");
    if (!name) return error(kFrom, VIR_ERR_XML_ERROR, "%s", "missing storage pool host name");
    host.name = *name;
    VK_TRY(xml::prop_int(h, "port", 10, xml::kPropNone, host.port, 0));
    src.hosts.push_back(std::move(host));
  }

  src.initiator_iqn = xml::xpath_string(ctxt, "string(./initiator/iqn/@name)");

  for (xmlNodePtr d : xml::xpath_nodes(ctxt, "./device")) {
    PoolDevice dev;
    auto path = xml::prop(d, "path");
    if (!path)
      return error(kFrom, VIR_ERR_XML_ERROR, "%s", "missing storage pool source device path");
    dev.path = *path;
    VK_TRY(xml::prop_tristate_bool(d, "part_separator", xml::kPropNone, dev.part_separator));
    src.devices.push_back(std::move(dev));
  }

  if (auto dir = xml::xpath_string(ctxt, "string(./dir/@path)")) src.dir = sanitize_path(*dir);
  if (!src.dir && pool_type == kPoolGluster) src.dir = "/";

  if (xmlNodePtr adapter = xml::xpath_node(ctxt, "./adapter"))
    VK_TRY(parse_adapter(src.adapter, adapter, ctxt));

  if (xmlNodePtr authnode = xml::xpath_node(ctxt, "./auth")) {
    auto auth = parse_auth(authnode, ctxt);
    VK_TRY(auth);
    if (auth->type == 0)
      return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED, "%s", "storage pool missing auth type");
    src.auth = std::move(*auth);
  }

  if ((src.protocol_ver = xml::xpath_string(ctxt, "string(./protocol/@ver)"))) {
    if (src.format != 1 && src.format != 0) {
      const char *fmt = name_in(kNetfsFormats, src.format);
      return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED,
                   "storage pool protocol ver unsupported for pool type '%s'",
                   fmt ? fmt : "(null)");
    }
    if (src.protocol_ver->find(',') != std::string::npos)
      return error(kFrom, VIR_ERR_XML_DETAIL, "storage pool protocol ver '%s' must not contain ','",
                   src.protocol_ver->c_str());
  }

  src.vendor = xml::xpath_string(ctxt, "string(./vendor/@name)");
  src.product = xml::xpath_string(ctxt, "string(./product/@name)");
  return Status();
}

void format_source(xml::Buffer &buf, const PoolOptions &opts, const PoolSource &src) {
  buf.add("<source>\n");
  buf.indent(2);
  if (opts.flags & kSrcHost) {
    for (const PoolHost &h : src.hosts) {
      buf.escape("<host name='%s'", h.name.c_str());
      if (h.port) buf.addf(" port='%d'", h.port);
      buf.add("/>\n");
    }
  }
  if (opts.flags & kSrcDevice) {
    for (const PoolDevice &d : src.devices) {
      buf.escape("<device path='%s'", d.path.c_str());
      if (d.part_separator) buf.addf(" part_separator='%s'", name_in(kTristate, d.part_separator));
      buf.add("/>\n");
    }
  }
  if (opts.flags & kSrcDir) buf.escape("<dir path='%s'/>\n", src.dir);
  if ((opts.flags & kSrcAdapter) && (src.adapter.type == 1 || src.adapter.type == 2))
    format_adapter(buf, src.adapter);
  if (opts.flags & kSrcName) buf.escape("<name>%s</name>\n", src.name);
  if ((opts.flags & kSrcIqn) && src.initiator_iqn) {
    buf.add("<initiator>\n");
    buf.indent(2);
    buf.escape("<iqn name='%s'/>\n", src.initiator_iqn);
    buf.indent(-2);
    buf.add("</initiator>\n");
  }
  if (opts.formats) buf.addf("<format type='%s'/>\n", name_in(*opts.formats, src.format));
  if (src.auth) format_auth(buf, *src.auth);
  buf.escape("<protocol ver='%s'/>\n", src.protocol_ver);
  buf.escape("<vendor name='%s'/>\n", src.vendor);
  buf.escape("<product name='%s'/>\n", src.product);
  buf.indent(-2);
  buf.add("</source>\n");
}

// virStorageSize.
Status parse_size(const std::optional<std::string> &unit, const std::string &val,
                  unsigned long long &out) {
  if (!util::str_to_ullp(val.c_str(), 10, out))
    return error(kFrom, VIR_ERR_XML_ERROR, "%s", "malformed capacity element");
  return xml::scale_integer(out, unit ? unit->c_str() : nullptr, 1, LLONG_MAX);
}

// virStorageCheckCompat.
Status check_compat(const std::optional<std::string> &compat) {
  if (!compat) return Status();
  size_t dot = compat->find('.');
  unsigned v = 0;
  if (dot == std::string::npos || !util::str_to_ui(compat->substr(0, dot).c_str(), 10, v) ||
      !util::str_to_ui(compat->substr(dot + 1).c_str(), 10, v))
    return error(kFrom, VIR_ERR_XML_ERROR, "%s", "forbidden characters in 'compat' attribute");
  return Status();
}

// virStorageEncryptionParseNode.
Result<VolEncryption> parse_encryption(xmlNodePtr node, xmlXPathContextPtr ctxt) {
  xml::NodeRestore restore(ctxt);
  ctxt->node = node;
  VolEncryption enc;
  auto format = xml::xpath_string(ctxt, "string(./@format)");
  if (!format) return error(kFrom, VIR_ERR_XML_ERROR, "%s", "unknown volume encryption format");
  enc.format = xml::enum_from_string(kEncFormats, *format);
  if (enc.format < 0)
    return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED, "unknown volume encryption format type %s",
                 format->c_str());
  VK_TRY(xml::prop_enum(node, "engine", kEncEngines, xml::kPropNonZero, enc.engine, 0));
  for (xmlNodePtr s : xml::xpath_nodes(ctxt, "./secret")) {
    VolSecret sec;
    auto type = xml::prop_xpath(s, "type", false);
    if (!type)
      return error(kFrom, VIR_ERR_XML_ERROR, "%s", "unknown volume encryption secret type");
    sec.type = xml::enum_from_string(kEncSecretTypes, *type);
    if (sec.type < 0)
      return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED, "unknown volume encryption secret type %s",
                   type->c_str());
    VK_TRY(parse_secret_lookup(s, sec.has_uuid, sec.uuid, sec.usage));
    enc.secrets.push_back(std::move(sec));
  }
  if (enc.format == 2) {
    if (xmlNodePtr cipher = xml::xpath_node(ctxt, "./cipher[1]")) {
      if (!(enc.cipher_name = xml::prop(cipher, "name")))
        return error(kFrom, VIR_ERR_XML_ERROR, "%s", "cipher info missing 'name' attribute");
      VK_TRY(xml::prop_uint(cipher, "size", 10, xml::kPropRequired, enc.cipher_size));
      enc.cipher_mode = xml::prop(cipher, "mode");
      enc.cipher_hash = xml::prop(cipher, "hash");
    }
    if (xmlNodePtr ivgen = xml::xpath_node(ctxt, "./ivgen[1]")) {
      if (!enc.cipher_name)
        return error(kFrom, VIR_ERR_XML_ERROR, "%s", "ivgen element found, but cipher is missing");
      if (!(enc.ivgen_name = xml::prop(ivgen, "name")))
        return error(kFrom, VIR_ERR_XML_ERROR, "%s", "missing ivgen info name string");
      enc.ivgen_hash = xml::prop(ivgen, "hash");
    }
  }
  return enc;
}

void format_encryption(xml::Buffer &buf, const VolEncryption &enc) {
  if (enc.engine == 0)
    buf.addf("<encryption format='%s'>\n", name_in(kEncFormats, enc.format));
  else
    buf.addf("<encryption format='%s' engine='%s'>\n", name_in(kEncFormats, enc.format),
             name_in(kEncEngines, enc.engine));
  buf.indent(2);
  for (const VolSecret &s : enc.secrets) {
    buf.addf("<secret type='%s'", name_in(kEncSecretTypes, s.type));
    if (s.has_uuid)
      buf.addf(" uuid='%s'/>\n", util::format_uuid(s.uuid).c_str());
    else if (s.usage)
      buf.escape(" usage='%s'/>\n", s.usage);
    else
      buf.add("/>\n");
  }
  if (enc.format == 2 && enc.cipher_name) {
    buf.escape("<cipher name='%s'", enc.cipher_name);
    buf.addf(" size='%u'", enc.cipher_size);
    buf.escape(" mode='%s'", enc.cipher_mode);
    buf.escape(" hash='%s'", enc.cipher_hash);
    buf.add("/>\n");
    if (enc.ivgen_name) {
      buf.escape("<ivgen name='%s'", enc.ivgen_name);
      buf.escape(" hash='%s'", enc.ivgen_hash);
      buf.add("/>\n");
    }
  }
  buf.indent(-2);
  buf.add("</encryption>\n");
}

void format_vol_target(xml::Buffer &buf, const VolOptions &opts, const VolTarget &t,
                       const StorageVolDef *vol, const char *elem) {
  buf.addf("<%s>\n", elem);
  buf.indent(2);
  buf.escape("<path>%s</path>\n", t.path);
  if (opts.formats) {
    const char *f = name_in(*opts.formats, t.format);
    buf.addf("<format type='%s'/>\n", f ? f : "(null)");
  }
  format_perms(buf, t.perms);
  if (vol) {
    if (vol->encryption) format_encryption(buf, *vol->encryption);
    buf.escape("<compat>%s</compat>\n", vol->compat);
    if (vol->cluster_size > 0)
      buf.addf("<clusterSize unit='B'>%llu</clusterSize>\n", vol->cluster_size);
    if (vol->has_features) {
      if (!vol->features) {
        buf.add("<features/>\n");
      } else {
        buf.add("<features>\n");
        buf.indent(2);
        for (size_t i = 0; i < kFileFeatures.size(); i++)
          if (vol->features & (1u << i)) buf.addf("<%s/>\n", kFileFeatures[i].data());
        buf.indent(-2);
        buf.add("</features>\n");
      }
    }
  }
  buf.indent(-2);
  buf.addf("</%s>\n", elem);
}

}  // namespace

const char *pool_type_name(int type) {
  return name_in(kPoolTypes, type);
}

int pool_type_from_name(const char *name) {
  return name ? xml::enum_from_string(kPoolTypes, name) : -1;
}

std::string sanitize_path(const std::string &path) {
  const char *p = path.c_str();
  const char *uri = std::strstr(p, "://");
  if (uri) {
    const char *slash = std::strchr(p, '/');
    if (slash > uri) return path;
  }
  std::string out;
  const char *cur = p;
  if (cur[0] == '/' && cur[1] == '/' && cur[2] != '/') {
    out = "//";
    cur += 2;
  }
  while (*cur) {
    if (*cur != '/') {
      out += *cur++;
      continue;
    }
    while (*++cur == '/') {
    }
    if (!out.empty() && *cur == '\0') break;
    out += '/';
  }
  return out;
}

Result<std::unique_ptr<StoragePoolDef>> parse_pool_node(xmlXPathContextPtr ctxt) {
  auto def = std::make_unique<StoragePoolDef>();
  VK_TRY(xml::prop_enum(ctxt->node, "type", kPoolTypes, xml::kPropRequired, def->type, 0));
  PoolOptions opts = pool_options(def->type);

  if (xmlNodePtr src = xml::xpath_node(ctxt, "./source")) {
    VK_TRY(parse_source(ctxt, def->source, def->type, src));
  } else if (opts.formats) {
    def->source.format = opts.default_format;
  }

  auto name = xml::xpath_string(ctxt, "string(./name)");
  if (!name && (opts.flags & kSrcName)) name = def->source.name;
  if (!name) return error(kFrom, VIR_ERR_XML_ERROR, "%s", "missing pool source name element");
  if (name->find('/') != std::string::npos)
    return error(kFrom, VIR_ERR_XML_ERROR, "name %s cannot contain '/'", name->c_str());
  def->name = *name;

  if (auto uuid = xml::xpath_string(ctxt, "string(./uuid)")) {
    if (!util::parse_uuid(uuid->c_str(), def->uuid))
      return error(kFrom, VIR_ERR_XML_ERROR, "%s", "malformed uuid element");
  } else {
    generate_uuid(def->uuid);
  }

  if (xmlNodePtr cow = xml::xpath_node(ctxt, "./features/cow")) {
    int val = 0;
    auto r = xml::prop_tristate_bool(cow, "state", xml::kPropNone, val);
    VK_TRY(r);
    if (*r > 0) {
      if (def->type != kPoolFs && def->type != kPoolDir)
        return error(kFrom, VIR_ERR_NO_SUPPORT, "%s",
                     "cow feature may only be used for 'fs' and 'dir' pools");
      def->cow = val;
    }
  }

  if ((opts.flags & kSrcHost) && def->source.hosts.empty())
    return error(kFrom, VIR_ERR_XML_ERROR, "%s", "missing storage pool source host name");
  if ((opts.flags & kSrcDir) && !def->source.dir)
    return error(kFrom, VIR_ERR_XML_ERROR, "%s", "missing storage pool source path");
  if ((opts.flags & kSrcName) && !def->source.name) def->source.name = def->name;
  if (opts.flags & kSrcAdapter) VK_TRY(validate_adapter(def->source.adapter));
  if (opts.flags == kSrcDevice && def->source.devices.empty())
    return error(kFrom, VIR_ERR_XML_ERROR, "%s", "missing storage pool source device name");

  if (!(opts.flags & kSrcNetwork)) {
    std::string target;
    if (def->type == kPoolLogical) {
      target = "/dev/" + def->source.name.value_or("(null)");
    } else if (def->type == kPoolZfs) {
      target = "/dev/zvol/" + def->source.name.value_or("(null)");
    } else {
      auto t = xml::xpath_string(ctxt, "string(./target/path)");
      if (!t) return error(kFrom, VIR_ERR_XML_ERROR, "%s", "missing storage pool target path");
      target = *t;
    }
    def->target_path = sanitize_path(target);
    VK_TRY(parse_perms(ctxt, def->target_perms, "./target/permissions"));
  }

  if (def->type == kPoolIscsiDirect && !def->source.initiator_iqn)
    return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED, "%s", "missing initiator IQN");

  if (auto alloc = xml::xpath_string(ctxt, "string(./refresh/volume/@allocation)")) {
    def->refresh_allocation = xml::enum_from_string(kRefreshAlloc, *alloc);
    if (def->refresh_allocation < 0)
      return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED,
                   "unknown storage pool volume refresh allocation type %s", alloc->c_str());
  }
  return def;
}

Result<std::unique_ptr<StoragePoolDef>> parse_pool_string(const char *text, bool validate) {
  auto doc = xml::parse_string(kFrom, text, "(storage_pool_definition)", "pool");
  VK_TRY(doc);
  if (validate)
    VK_TRY(xml::validate_against_schema("/usr/share/libvirt/schemas/storagepool.rng", doc->doc()));
  return parse_pool_node(doc->ctxt());
}

Result<PoolSource> parse_pool_source_string(const char *text, int pool_type) {
  auto doc = xml::parse_string(kFrom, text, "(storage_source_specification)", "source");
  VK_TRY(doc);
  PoolSource src;
  VK_TRY(parse_source(doc->ctxt(), src, pool_type, doc->root()));
  return src;
}

std::string format_pool(const StoragePoolDef &def) {
  PoolOptions opts = pool_options(def.type);
  xml::Buffer buf;
  buf.addf("<pool type='%s'>\n", pool_type_name(def.type));
  buf.indent(2);
  buf.escape("<name>%s</name>\n", def.name.c_str());
  buf.addf("<uuid>%s</uuid>\n", util::format_uuid(def.uuid).c_str());
  buf.addf("<capacity unit='bytes'>%llu</capacity>\n", def.capacity);
  buf.addf("<allocation unit='bytes'>%llu</allocation>\n", def.allocation);
  buf.addf("<available unit='bytes'>%llu</available>\n", def.available);
  if (def.cow) {
    buf.add("<features>\n");
    buf.indent(2);
    buf.addf("<cow state='%s'/>\n", name_in(kTristate, def.cow));
    buf.indent(-2);
    buf.add("</features>\n");
  }
  format_source(buf, opts, def.source);
  if (def.type != kPoolRbd && def.type != kPoolSheepdog && def.type != kPoolGluster &&
      def.type != kPoolIscsiDirect) {
    buf.add("<target>\n");
    buf.indent(2);
    buf.escape("<path>%s</path>\n", def.target_path);
    format_perms(buf, def.target_perms);
    buf.indent(-2);
    buf.add("</target>\n");
  }
  if (def.refresh_allocation >= 0) {
    buf.add("<refresh>\n");
    buf.indent(2);
    buf.addf("<volume allocation='%s'/>\n", name_in(kRefreshAlloc, def.refresh_allocation));
    buf.indent(-2);
    buf.add("</refresh>\n");
  }
  buf.indent(-2);
  buf.add("</pool>\n");
  return buf.take();
}

Result<std::unique_ptr<StorageVolDef>> parse_vol_node(const StoragePoolDef &pool,
                                                      xmlXPathContextPtr ctxt) {
  if (pool.type < 0 || pool.type >= kPoolLast) return missing_backend(pool.type);
  VolOptions opts = vol_options(pool.type);
  auto def = std::make_unique<StorageVolDef>();

  auto name = xml::xpath_string(ctxt, "string(./name)");
  if (!name) return error(kFrom, VIR_ERR_XML_ERROR, "%s", "missing volume name element");
  def->name = *name;
  def->key = xml::xpath_string(ctxt, "string(./key)");

  if (auto type = xml::xpath_string(ctxt, "string(./@type)")) {
    def->type = xml::enum_from_string(kVolTypes, *type);
    if (def->type < 0)
      return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED, "unknown volume type '%s'", type->c_str());
  }

  if (auto backing = xml::xpath_string(ctxt, "string(./backingStore/path)")) {
    VolTarget b;
    b.path = *backing;
    if (opts.formats) {
      auto format = xml::xpath_string(ctxt, "string(./backingStore/format/@type)");
      b.format = format ? vol_format_from(opts, *format) : opts.default_format;
      if (b.format < 0)
        return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED, "unknown volume format type %s",
                     format ? format->c_str() : "(null)");
    }
    VK_TRY(parse_perms(ctxt, b.perms, "./backingStore/permissions"));
    def->backing = std::move(b);
  }

  auto capacity = xml::xpath_string(ctxt, "string(./capacity)");
  auto unit = xml::xpath_string(ctxt, "string(./capacity/@unit)");
  if (capacity) {
    VK_TRY(parse_size(unit, *capacity, def->capacity));
  } else {
    return error(kFrom, VIR_ERR_XML_ERROR, "%s", "missing capacity element");
  }

  if (auto alloc = xml::xpath_string(ctxt, "string(./allocation)")) {
    auto aunit = xml::xpath_string(ctxt, "string(./allocation/@unit)");
    VK_TRY(parse_size(aunit, *alloc, def->allocation));
  } else {
    def->allocation = def->capacity;
  }

  def->target.path = xml::xpath_string(ctxt, "string(./target/path)");
  if (opts.formats) {
    auto format = xml::xpath_string(ctxt, "string(./target/format/@type)");
    def->target.format = format ? vol_format_from(opts, *format) : opts.default_format;
    if (def->target.format < 0)
      return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED, "unknown volume format type %s",
                   format ? format->c_str() : "(null)");
  }
  VK_TRY(parse_perms(ctxt, def->target.perms, "./target/permissions"));

  if (xmlNodePtr enc = xml::xpath_node(ctxt, "./target/encryption")) {
    auto parsed = parse_encryption(enc, ctxt);
    VK_TRY(parsed);
    def->encryption = std::move(*parsed);
  }

  def->compat = xml::xpath_string(ctxt, "string(./target/compat)");
  VK_TRY(check_compat(def->compat));
  if (xml::xpath_node(ctxt, "./target/nocow")) def->nocow = true;
  VK_TRY(xml::parse_scaled_value(ctxt, "./target/clusterSize", "./target/clusterSize/@unit", 1,
                                 ULLONG_MAX, false, def->cluster_size));

  if (xml::xpath_node(ctxt, "./target/features")) {
    if (!def->compat) def->compat = "1.1";
    def->has_features = true;
    for (xmlNodePtr n : xml::xpath_nodes(ctxt, "./target/features/*")) {
      int f = xml::enum_from_string(kFileFeatures, xml::name_of(n));
      if (f < 0)
        return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED, "unsupported feature %s", xml::name_of(n));
      def->features |= 1u << f;
    }
  }
  return def;
}

Result<std::unique_ptr<StorageVolDef>> parse_vol_string(const StoragePoolDef &pool,
                                                        const char *text, bool validate) {
  auto doc = xml::parse_string(kFrom, text, "(storage_volume_definition)", "volume");
  VK_TRY(doc);
  if (validate)
    VK_TRY(xml::validate_against_schema("/usr/share/libvirt/schemas/storagevol.rng", doc->doc()));
  return parse_vol_node(pool, doc->ctxt());
}

std::string format_vol(const StoragePoolDef &pool, const StorageVolDef &vol) {
  VolOptions opts = vol_options(pool.type);
  xml::Buffer buf;
  buf.addf("<volume type='%s'>\n", name_in(kVolTypes, vol.type));
  buf.indent(2);
  buf.escape("<name>%s</name>\n", vol.name.c_str());
  buf.escape("<key>%s</key>\n", vol.key);
  buf.addf("<capacity unit='bytes'>%llu</capacity>\n", vol.capacity);
  buf.addf("<allocation unit='bytes'>%llu</allocation>\n", vol.allocation);
  format_vol_target(buf, opts, vol.target, &vol, "target");
  if (vol.backing) format_vol_target(buf, opts, *vol.backing, nullptr, "backingStore");
  buf.indent(-2);
  buf.add("</volume>\n");
  return buf.take();
}

Result<PoolAuth> parse_storage_auth(xmlNodePtr node, xmlXPathContextPtr ctxt) {
  return parse_auth(node, ctxt);
}
void format_storage_auth(xml::Buffer &buf, const PoolAuth &auth) {
  format_auth(buf, auth);
}
Result<VolEncryption> parse_storage_encryption(xmlNodePtr node, xmlXPathContextPtr ctxt) {
  return parse_encryption(node, ctxt);
}
void format_storage_encryption(xml::Buffer &buf, const VolEncryption &enc) {
  format_encryption(buf, enc);
}

}  // namespace virtkit::conf
