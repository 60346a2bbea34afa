// SPDX-License-Identifier: LGPL-2.1-or-later
#include "xml/domain_disk.h"

#include <libvirt/virterror.h>

#include <cctype>
#include <climits>
#include <cstring>
#include <string_view>

#include "util/numbers.h"
#include "xml/domain_def.h"

namespace virtkit::conf {
namespace {

constexpr int kFromDomain = VIR_FROM_DOMAIN;
constexpr int kFromStorage = VIR_FROM_STORAGE;

using Names = std::vector<std::string_view>;

// virStorageType, virStorageFileFormat, virStorageNetProtocol,
// virStorageNetHostTransport, virStorageSourcePoolMode, virSecretUsageType,
// virDomainDiskModel, virDomainDeviceSGIO, virDomainDiskGeometryTrans,
// virDomainDiskBus, virDomainDeviceAddressType.
const Names kTypes{"none", "file", "block", "dir", "network", "volume", "nvme", "vhostuser"};
const Names kFormats{"none", "raw", "dir",   "bochs", "cloop", "dmg",   "iso", "vpc", "vdi",
                     "fat",  "vhd", "ploop", "cow",   "qcow",  "qcow2", "qed", "vmdk"};
const Names kProtocols{"none",  "nbd", "rbd",  "sheepdog", "gluster", "iscsi", "http",
                       "https", "ftp", "ftps", "tftp",     "ssh",     "vxhs",  "nfs"};
const Names kTransports{"tcp", "unix", "rdma"};
const Names kPoolModes{"default", "host", "direct"};
const Names kSecretUsages{"none", "volume", "ceph", "iscsi", "tls", "vtpm"};
const Names kModels{"default", "virtio", "virtio-transitional", "virtio-non-transitional"};
const Names kSgio{"default", "filtered", "unfiltered"};
const Names kTrans{"default", "none", "auto", "lba"};
const Names kDiskBuses{"none", "ide", "fdc", "scsi", "virtio", "xen", "usb", "uml", "sata", "sd"};
const Names kDiskDevices{"disk", "cdrom", "floppy", "lun"};
const Names kDiskCache{"default", "none", "writethrough", "writeback", "directsync", "unsafe"};
const Names kDiskIo{"default", "native", "threads", "io_uring"};
const Names kDiskDiscard{"default", "unmap", "ignore"};
const Names kDiskErrorPolicies{"default", "stop", "report", "ignore", "enospace"};
const Names kDiskDetectZeroes{"default", "off", "on", "unmap"};
const Names kSnapshotLocations{"default", "no", "internal", "external", "manual"};
const Names kStartupPolicies{"default", "mandatory", "requisite", "optional"};
const Names kTray{"closed", "open"};
const Names kAddressTypes{"none", "pci",       "drive",       "virtio-serial", "ccid",
                          "usb",  "spapr-vio", "virtio-s390", "ccw",           "virtio-mmio",
                          "isa",  "dimm",      "unassigned"};

enum Protocol {
  p_none,
  nbd,
  rbd,
  sheepdog,
  gluster,
  iscsi,
  http,
  https,
  ftp,
  ftps,
  tftp,
  ssh,
  vxhs,
  nfs
};

const char *name_of(const Names &names, int i) {
  return i >= 0 && static_cast<size_t>(i) < names.size() ? names[static_cast<size_t>(i)].data()
                                                         : "";
}
int protocol_of(const std::optional<std::string> &p) {
  return p ? xml::enum_from_string(kProtocols, *p) : p_none;
}

const char *yes_no(TristateBool v) {
  return v == TristateBool::yes ? "yes" : "no";
}
const char *on_off(TristateSwitch v) {
  return v == TristateSwitch::on ? "on" : "off";
}
// xml::prop_enum into an enum class whose enumerators follow `names`.
template <typename E>
Status enum_into(xmlNodePtr node, const char *name, const Names &names, unsigned flags, E &out) {
  int v = static_cast<int>(out);
  VK_TRY(xml::prop_enum(node, name, names, flags, v, static_cast<int>(out)));
  out = static_cast<E>(v);
  return Status();
}
// virStorageSourceNetworkDefaultPort.
unsigned default_port(int protocol) {
  switch (protocol) {
    case http:
      return 80;
    case https:
      return 443;
    case ftp:
      return 21;
    case ftps:
      return 990;
    case tftp:
      return 69;
    case sheepdog:
      return 7000;
    case nbd:
      return 10809;
    case ssh:
      return 22;
    case iscsi:
      return 3260;
    case gluster:
      return 24007;
    case vxhs:
      return 9999;
    default:
      return 0;
  }
}

// virDomainStorageNetworkParseHost.
Status parse_host(xmlNodePtr node, StorageHost &h) {
  auto transport = xml::prop(node, "transport");
  if (transport) {
    h.transport = xml::enum_from_string(kTransports, *transport);
    if (h.transport < 0)
      return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "unknown protocol transport type '%s'",
                   transport->c_str());
  }
  h.socket = xml::prop(node, "socket");
  if (h.transport == 1 && !h.socket)
    return error(kFromDomain, VIR_ERR_XML_ERROR, "%s", "missing socket for unix transport");
  if (h.transport != 1 && h.socket)
    return error(kFromDomain, VIR_ERR_XML_ERROR, "transport '%s' does not support socket attribute",
                 transport ? transport->c_str() : "(null)");
  if (h.transport != 1) {
    if (!(h.name = xml::prop(node, "name")))
      return error(kFromDomain, VIR_ERR_XML_ERROR, "%s", "missing name for host");
    if (auto port = xml::prop(node, "port")) {
      // virStringParsePort.
      unsigned p = 0;
      if (!util::str_to_uip(port->c_str(), 10, p))
        return error(VIR_FROM_NONE, VIR_ERR_INVALID_ARG, "failed to parse port number '%s'",
                     port->c_str());
      if (p > 65535)
        return error(VIR_FROM_NONE, VIR_ERR_INVALID_ARG, "port '%s' out of range", port->c_str());
      h.port = p;
    }
  }
  return Status();
}

// A cookie as RFC 6265 allows it (libvirt's virStorageSourceNetCookieValidate):
// no control characters, space, quote, comma, semicolon or backslash; the
// name none of the separators either; the value may be quoted.
Status check_cookie(const std::string &name, const std::string &value) {
  static const std::string bad_value = std::string(
                                           "\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0A"
                                           "\x0B\x0C\x0D\x0E\x0F\x10\x11\x12\x13\x14"
                                           "\x15\x16\x17\x18\x19\x1A\x1B\x1C\x1D\x1E"
                                           "\x1F") +
                                       " \",;\\";
  static const std::string bad_name = bad_value + "()<>@:/[]?={}";
  if (name.empty())
    return error(kFromStorage, VIR_ERR_XML_ERROR, "%s", "cookie name must not be empty");
  if (name.find_first_of(bad_name) != std::string::npos)
    return error(kFromStorage, VIR_ERR_XML_ERROR, "cookie name '%s' contains invalid characters",
                 name.c_str());
  std::string_view v = value;
  if (!v.empty() && v.front() == '"') {
    if (v.size() < 2 || v.back() != '"')
      return error(kFromStorage, VIR_ERR_XML_ERROR,
                   "value of cookie '%s' contains invalid characters", name.c_str());
    v = v.substr(1, v.size() - 2);
  }
  if (v.find_first_of(bad_value) != std::string_view::npos)
    return error(kFromStorage, VIR_ERR_XML_ERROR,
                 "value of cookie '%s' contains invalid characters", name.c_str());
  return Status();
}

// virDomainDiskSourceNetworkParse.
Status parse_network(xmlNodePtr node, xmlXPathContextPtr ctxt, std::optional<std::string> &protocol,
                     std::optional<std::string> &name, SourceExtra &ex) {
  int proto = 0;
  VK_TRY(xml::prop_enum(node, "protocol", kProtocols, xml::kPropRequired, proto));
  protocol = std::string(kProtocols[static_cast<size_t>(proto)]);
  name = xml::prop(node, "name");
  if (!name && proto != nbd)
    return error(kFromDomain, VIR_ERR_XML_ERROR, "%s", "missing name for disk source");
  VK_TRY(prop_tristate(node, "tls", xml::kPropNone, ex.tls));
  ex.tls_hostname = xml::prop(node, "tlsHostname");
  if (name && (proto == gluster || proto == rbd)) {
    size_t slash = name->find('/');
    if (slash == std::string::npos || slash == 0)
      return error(kFromDomain, VIR_ERR_XML_ERROR,
                   "can't split path '%s' into pool name and image name", name->c_str());
  }
  ex.snapshot = xml::xpath_string(ctxt, "string(./snapshot/@name)");
  ex.config_file = xml::xpath_string(ctxt, "string(./config/@file)");
  if (proto == http || proto == https) ex.query = xml::prop(node, "query");
  for (xmlNodePtr h : xml::xpath_nodes(ctxt, "./host"))
    VK_TRY(parse_host(h, ex.hosts.emplace_back()));
  if (proto == nfs) {
    if (xmlNodePtr id = xml::xpath_node(ctxt, "./identity")) {
      ex.nfs_user = xml::prop(id, "user");
      ex.nfs_group = xml::prop(id, "group");
    }
  }
  for (StorageHost &h : ex.hosts)
    if (h.transport == 0 && h.port == 0) h.port = default_port(proto);
  ex.initiator_iqn = xml::xpath_string(ctxt, "string(./initiator/iqn/@name)");
  if (proto == https || proto == ftps)
    if (xmlNodePtr ssl = xml::xpath_node(ctxt, "./ssl"))
      VK_TRY(prop_tristate(ssl, "verify", xml::kPropNone, ex.ssl_verify));
  if (proto == http || proto == https) {
    if (xmlNodePtr cookies = xml::xpath_node(ctxt, "./cookies")) {
      for (xmlNodePtr c = cookies->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || !xml::name_is(c, "cookie")) continue;
        auto cname = xml::prop(c, "name");
        if (!cname || cname->empty())
          return error(kFromDomain, VIR_ERR_XML_ERROR, "%s", "missing cookie name");
        std::string value = xml::content(c);
        if (value.empty())
          return error(kFromDomain, VIR_ERR_XML_ERROR, "missing value for cookie '%s'",
                       cname->c_str());
        ex.cookies.emplace_back(*cname, value);
      }
      for (size_t i = 0; i < ex.cookies.size(); i++) {
        VK_TRY(check_cookie(ex.cookies[i].first, ex.cookies[i].second));
        for (size_t j = i + 1; j < ex.cookies.size(); j++)
          if (ex.cookies[i].first == ex.cookies[j].first)
            return error(kFromStorage, VIR_ERR_XML_ERROR, "duplicate cookie '%s'",
                         ex.cookies[i].first.c_str());
      }
    }
  }
  if (proto == http || proto == https || proto == ftp || proto == ftps) {
    if (xml::xpath_ull(ctxt, "string(./readahead/@size)", ex.readahead) == -2 ||
        xml::xpath_ull(ctxt, "string(./timeout/@seconds)", ex.timeout) == -2)
      return error(kFromDomain, VIR_ERR_XML_ERROR, "%s", "invalid readahead size or timeout");
  }
  return Status();
}

// virDomainDiskSourceNVMeParse.
Status parse_nvme(xmlNodePtr node, xmlXPathContextPtr ctxt, SourceExtra &ex) {
  auto type = xml::prop(node, "type");
  if (!type)
    return error(kFromDomain, VIR_ERR_XML_ERROR, "%s", "missing 'type' attribute to disk source");
  if (*type != "pci")
    return error(kFromDomain, VIR_ERR_XML_ERROR, "unsupported source type '%s'", type->c_str());
  auto ns = xml::prop(node, "namespace");
  if (!ns)
    return error(kFromDomain, VIR_ERR_XML_ERROR, "%s",
                 "missing 'namespace' attribute to disk source");
  if (!util::str_to_ull(ns->c_str(), 10, ex.nvme_namespace))
    return error(kFromDomain, VIR_ERR_XML_ERROR, "malformed namespace '%s'", ns->c_str());
  VK_TRY(prop_tristate(node, "managed", xml::kPropNone, ex.nvme_managed));
  xmlNodePtr addr = xml::xpath_node(ctxt, "./address");
  if (!addr)
    return error(kFromDomain, VIR_ERR_XML_ERROR, "%s", "NVMe disk source is missing address");
  VK_TRY(parse_pci_address(addr, ex.nvme_addr));
  ex.nvme = true;
  return Status();
}

// virStoragePRDefParseXML.
Status parse_reservations(xmlNodePtr node, xmlXPathContextPtr ctxt, SourceExtra &ex) {
  xml::NodeRestore restore(ctxt);
  ctxt->node = node;
  int managed = 0;
  VK_TRY(xml::prop_tristate_bool(node, "managed", xml::kPropRequired, managed));
  ex.pr_managed = static_cast<TristateBool>(managed);
  auto type = xml::xpath_string(ctxt, "string(./source[1]/@type)");
  auto path = xml::xpath_string(ctxt, "string(./source[1]/@path)");
  auto mode = xml::xpath_string(ctxt, "string(./source[1]/@mode)");
  if (ex.pr_managed == TristateBool::no || type || path || mode) {
    if (!type)
      return error(kFromStorage, VIR_ERR_XML_ERROR, "%s",
                   "missing connection type for <reservations/>");
    if (!path)
      return error(kFromStorage, VIR_ERR_XML_ERROR, "%s", "missing path for <reservations/>");
    if (!mode)
      return error(kFromStorage, VIR_ERR_XML_ERROR, "%s",
                   "missing connection mode for <reservations/>");
  }
  if (type && *type != "unix")
    return error(kFromStorage, VIR_ERR_XML_ERROR,
                 "unsupported connection type for <reservations/>: %s", type->c_str());
  if (mode && *mode != "client")
    return error(kFromStorage, VIR_ERR_XML_ERROR,
                 "unsupported connection mode for <reservations/>: %s", mode->c_str());
  ex.pr_path = path;
  ex.has_pr = true;
  return Status();
}

// virDomainStorageSourceParse (the type is known).
Status parse_source(xmlNodePtr node, xmlXPathContextPtr ctxt, int type, unsigned flags,
                    std::optional<std::string> &path, std::optional<std::string> &protocol,
                    std::optional<std::string> &name, std::optional<std::string> &pool,
                    std::optional<std::string> &volume, SourceExtra &ex) {
  xml::NodeRestore restore(ctxt);
  ctxt->node = node;
  switch (static_cast<StorageType>(type)) {
    case StorageType::file:
      path = xml::prop(node, "file");
      ex.fdgroup = xml::prop(node, "fdgroup");
      break;
    case StorageType::block:
      path = xml::prop(node, "dev");
      break;
    case StorageType::dir:
      path = xml::prop(node, "dir");
      break;
    case StorageType::network:
      VK_TRY(parse_network(node, ctxt, protocol, name, ex));
      break;
    case StorageType::volume: {
      auto p = xml::prop(node, "pool"), v = xml::prop(node, "volume");
      auto mode = xml::prop(node, "mode");
      if (!p && !v) break;
      if (!p || !v)
        return error(kFromDomain, VIR_ERR_XML_ERROR, "%s",
                     "'pool' and 'volume' must be specified together for 'pool' type source");
      if (mode && (ex.pool_mode = xml::enum_from_string(kPoolModes, *mode)) <= 0)
        return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED,
                     "unknown source mode '%s' for volume type disk", mode->c_str());
      pool = std::move(p);
      volume = std::move(v);
      break;
    }
    case StorageType::nvme:
      VK_TRY(parse_nvme(node, ctxt, ex));
      break;
    case StorageType::vhostuser: {
      // virDomainDiskSourceVHostUserParse.
      auto vtype = xml::prop(node, "type");
      if (!vtype)
        return error(kFromDomain, VIR_ERR_XML_ERROR, "%s",
                     "missing 'type' attribute for vhostuser disk source");
      if (*vtype != "unix")
        return error(kFromDomain, VIR_ERR_XML_ERROR, "%s",
                     "invalid 'type' attribute for vhostuser disk source");
      path = xml::prop(node, "path");
      if (!path)
        return error(kFromDomain, VIR_ERR_XML_ERROR, "%s",
                     "missing 'path' attribute for vhostuser disk source");
      if (xmlNodePtr r = xml::xpath_node(ctxt, "./reconnect")) {
        VK_TRY(prop_tristate(r, "enabled", xml::kPropNone, ex.reconnect));
        if (ex.reconnect == TristateBool::yes)
          VK_TRY(xml::prop_uint(r, "timeout", 10, xml::kPropRequired, ex.reconnect_timeout));
      }
      break;
    }
    case StorageType::none:
      return error(kFromDomain, VIR_ERR_INTERNAL_ERROR, "%s", "unexpected disk type none");
    default:
      break;
  }
  if (xmlNodePtr auth = xml::xpath_node(ctxt, "./auth")) {
    auto a = parse_storage_auth(auth, ctxt);
    VK_TRY(a);
    ex.auth = std::move(*a);
  }
  if (xmlNodePtr enc = xml::xpath_node(ctxt, "./encryption")) {
    auto e = parse_storage_encryption(enc, ctxt);
    VK_TRY(e);
    ex.encryption = std::move(*e);
  }
  if (xmlNodePtr pr = xml::xpath_node(ctxt, "./reservations"))
    VK_TRY(parse_reservations(pr, ctxt, ex));
  if (xmlNodePtr slice = xml::xpath_node(ctxt, "./slices/slice[@type='storage']")) {
    auto offset = xml::prop(slice, "offset"), size = xml::prop(slice, "size");
    if (!offset || !size)
      return error(kFromDomain, VIR_ERR_XML_ERROR, "%s",
                   "missing offset or size attribute of slice");
    unsigned long long o = 0, s = 0;
    if (!util::str_to_ullp(offset->c_str(), 10, o))
      return error(kFromDomain, VIR_ERR_XML_ERROR,
                   "malformed value '%s' of 'offset' attribute of slice", offset->c_str());
    if (!util::str_to_ullp(size->c_str(), 10, s))
      return error(kFromDomain, VIR_ERR_XML_ERROR,
                   "malformed value '%s' of 'size' attribute of slice", size->c_str());
    ex.slice.emplace(o, s);
  }
  VK_TRY(parse_device_seclabels(node, flags, ex.seclabels));
  // libvirt keeps a network source's name as its path: '' is none.
  if (path && path->empty()) path.reset();
  if (name && name->empty()) name.reset();
  return Status();
}

// virDomainDiskBackingStoreParse, walking down the chain.
Status parse_backing_chain(xmlXPathContextPtr ctxt, unsigned flags, DiskExtra &dx) {
  xml::NodeRestore restore(ctxt);
  while (xmlNodePtr bs = xml::xpath_node(ctxt, "./backingStore")) {
    ctxt->node = bs;
    auto type = xml::prop(bs, "type");
    if (!type) {
      dx.backing_end = true;
      return Status();
    }
    std::optional<std::string> idx;
    if (!(flags & kParseInactive)) idx = xml::prop(bs, "index");
    auto format = xml::xpath_string(ctxt, "string(./format/@type)");
    if (!format)
      return error(kFromDomain, VIR_ERR_XML_ERROR, "%s", "missing disk backing store format");
    xmlNodePtr source = xml::xpath_node(ctxt, "./source");
    if (!source)
      return error(kFromDomain, VIR_ERR_XML_ERROR, "%s", "missing disk backing store source");
    BackingStore b;
    if ((b.type = xml::enum_from_string(kTypes, *type)) <= 0)
      return error(kFromDomain, VIR_ERR_XML_ERROR, "unknown storage source type '%s'",
                   type->c_str());
    if ((b.format = xml::enum_from_string(kFormats, *format)) <= 0)
      return error(kFromDomain, VIR_ERR_XML_ERROR, "unknown storage source format '%s'",
                   format->c_str());
    if (idx && !util::str_to_uip(idx->c_str(), 10, b.index))
      return error(kFromDomain, VIR_ERR_XML_ERROR, "invalid storage source index '%s'",
                   idx->c_str());
    VK_TRY(xml::parse_scaled_value(ctxt, "./format/metadata_cache/max_size", nullptr, 1, ULLONG_MAX,
                                   false, b.metadata_cache));
    VK_TRY(parse_source(source, ctxt, b.type, flags, b.path, b.protocol, b.name, b.pool, b.volume,
                        b.ex));
    dx.backing.push_back(std::move(b));
  }
  return Status();
}

void format_host(xml::Buffer &buf, const StorageHost &h) {
  buf.add("<host");
  buf.escape(" name='%s'", h.name);
  if (h.port) buf.addf(" port='%u'", h.port);
  if (h.transport) buf.addf(" transport='%s'", name_of(kTransports, h.transport));
  buf.escape(" socket='%s'", h.socket);
  buf.add("/>\n");
}

// virDomainDiskSourceFormat.
void format_source(xml::Buffer &buf, int type, const std::optional<std::string> &path,
                   const std::optional<std::string> &protocol,
                   const std::optional<std::string> &name, const std::optional<std::string> &pool,
                   const std::optional<std::string> &volume, const SourceExtra &ex, int policy,
                   bool attr_index, unsigned flags, bool skip_auth, bool skip_enc) {
  xml::Buffer attrs;
  xml::Buffer child = xml::Buffer::child_of(buf);
  switch (static_cast<StorageType>(type)) {
    case StorageType::file:
      attrs.escape(" file='%s'", path);
      attrs.escape(" fdgroup='%s'", ex.fdgroup);
      break;
    case StorageType::block:
      attrs.escape(" dev='%s'", path);
      break;
    case StorageType::dir:
      attrs.escape(" dir='%s'", path);
      break;
    case StorageType::network: {
      attrs.addf(" protocol='%s'", protocol ? protocol->c_str() : "none");
      attrs.escape(" name='%s'", name);
      attrs.escape(" query='%s'", ex.query);
      if (ex.tls != TristateBool::absent)
        attrs.addf(" tls='%s'", ex.tls == TristateBool::yes ? "yes" : "no");
      attrs.escape(" tlsHostname='%s'", ex.tls_hostname);
      for (const StorageHost &h : ex.hosts) format_host(child, h);
      if (protocol_of(protocol) == nfs && (ex.nfs_user || ex.nfs_group)) {
        child.add("<identity");
        child.escape(" user='%s'", ex.nfs_user);
        child.escape(" group='%s'", ex.nfs_group);
        child.add("/>\n");
      }
      child.escape("<snapshot name='%s'/>\n", ex.snapshot);
      child.escape("<config file='%s'/>\n", ex.config_file);
      if (ex.initiator_iqn) {
        child.add("<initiator>\n");
        child.indent(2);
        child.escape("<iqn name='%s'/>\n", ex.initiator_iqn);
        child.indent(-2);
        child.add("</initiator>\n");
      }
      if (ex.ssl_verify != TristateBool::absent)
        child.addf("<ssl verify='%s'/>\n", ex.ssl_verify == TristateBool::yes ? "yes" : "no");
      if (flags & kFormatSecure) {
        xml::Buffer cookies = xml::Buffer::child_of(child);
        for (const auto &[n, v] : ex.cookies) {
          cookies.escape("<cookie name='%s'>", n.c_str());
          cookies.escape("%s</cookie>\n", v.c_str());
        }
        xml::format_element(child, "cookies", nullptr, &cookies);
      }
      if (ex.readahead) child.addf("<readahead size='%llu'/>\n", ex.readahead);
      if (ex.timeout) child.addf("<timeout seconds='%llu'/>\n", ex.timeout);
      break;
    }
    case StorageType::volume:
      if (pool) {
        attrs.escape(" pool='%s'", pool);
        attrs.escape(" volume='%s'", volume);
        if (ex.pool_mode) attrs.addf(" mode='%s'", name_of(kPoolModes, ex.pool_mode));
      }
      break;
    case StorageType::nvme:
      attrs.add(" type='pci'");
      if (ex.nvme_managed != TristateBool::absent)
        attrs.addf(" managed='%s'", ex.nvme_managed == TristateBool::yes ? "yes" : "no");
      attrs.addf(" namespace='%llu'", ex.nvme_namespace);
      child.addf("<address domain='0x%04x' bus='0x%02x' slot='0x%02x' function='0x%u'/>\n",
                 ex.nvme_addr.domain, ex.nvme_addr.bus, ex.nvme_addr.slot, ex.nvme_addr.function);
      break;
    case StorageType::vhostuser:
      attrs.add(" type='unix'");
      attrs.addf(" path='%s'", path ? path->c_str() : "(null)");
      if (ex.reconnect != TristateBool::absent) {
        child.addf("<reconnect enabled='%s'", ex.reconnect == TristateBool::yes ? "yes" : "no");
        if (ex.reconnect == TristateBool::yes) child.addf(" timeout='%u'", ex.reconnect_timeout);
        child.add("/>\n");
      }
      break;
    default:
      break;
  }
  if (ex.slice) {
    xml::Buffer slices = xml::Buffer::child_of(child);
    slices.addf("<slice type='storage' offset='%llu' size='%llu'/>\n", ex.slice->first,
                ex.slice->second);
    xml::format_element(child, "slices", nullptr, &slices);
  }
  if (type != static_cast<int>(StorageType::network))
    format_device_seclabels(child, ex.seclabels, flags);
  if (ex.auth && !skip_auth && type != static_cast<int>(StorageType::volume))
    format_storage_auth(child, *ex.auth);
  if (ex.encryption && !skip_enc) format_storage_encryption(child, *ex.encryption);
  if (ex.has_pr) {
    child.addf("<reservations managed='%s'", ex.pr_managed == TristateBool::yes  ? "yes"
                                             : ex.pr_managed == TristateBool::no ? "no"
                                                                                 : "absent");
    if (ex.pr_path && (ex.pr_managed == TristateBool::no || !(flags & kFormatMigratable))) {
      child.add(">\n");
      child.indent(2);
      child.add("<source type='unix'");
      child.escape(" path='%s'", ex.pr_path);
      child.add(" mode='client'/>\n");
      child.indent(-2);
      child.add("</reservations>\n");
    } else {
      child.add("/>\n");
    }
  }
  if (policy && type != static_cast<int>(StorageType::network)) {
    attrs.addf(" startupPolicy='%s'", name_of(kStartupPolicies, policy));
  }
  if (attr_index && ex.index) attrs.addf(" index='%u'", ex.index);
  xml::format_element(buf, "source", &attrs, &child);
}

void format_metadata_cache(xml::Buffer &buf, unsigned long long size) {
  if (!size) return;
  xml::Buffer mc = xml::Buffer::child_of(buf);
  mc.addf("<max_size unit='bytes'>%llu</max_size>\n", size);
  xml::format_element(buf, "metadata_cache", nullptr, &mc);
}

// virDomainDiskBackingStoreFormat from chain element `i` on.
void format_backing(xml::Buffer &buf, const DiskExtra &dx, size_t i, unsigned flags) {
  if (i == dx.backing.size()) {
    if (dx.backing_end) buf.add("<backingStore/>\n");
    return;
  }
  const BackingStore &b = dx.backing[i];
  xml::Buffer attrs;
  xml::Buffer child = xml::Buffer::child_of(buf);
  attrs.addf(" type='%s'", name_of(kTypes, b.type));
  if (b.index) attrs.addf(" index='%u'", b.index);
  xml::Buffer fattrs;
  xml::Buffer fchild = xml::Buffer::child_of(child);
  fattrs.addf(" type='%s'", name_of(kFormats, b.format));
  format_metadata_cache(fchild, b.metadata_cache);
  xml::format_element(child, "format", &fattrs, &fchild);
  format_source(child, b.type, b.path, b.protocol, b.name, b.pool, b.volume, b.ex, 0, false, flags,
                false, false);
  format_backing(child, dx, i + 1, flags);
  xml::format_element(buf, "backingStore", &attrs, &child);
}

// virDomainDiskDefValidateSourceChainOne.
Status validate_source_one(int type, const std::optional<std::string> &protocol,
                           const SourceExtra &ex) {
  int proto = protocol_of(protocol);
  if (type == static_cast<int>(StorageType::network) && ex.auth) {
    switch (proto) {
      case nbd:
      case sheepdog:
      case gluster:
      case tftp:
      case vxhs:
      case nfs:
        return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED,
                     "authentication is not supported for protocol '%s'",
                     name_of(kProtocols, proto));
      default:
        break;
    }
    int usage =
        ex.auth->secret_type ? xml::enum_from_string(kSecretUsages, *ex.auth->secret_type) : -1;
    if (usage < 0)
      return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "unknown secret type '%s'",
                   ex.auth->secret_type ? ex.auth->secret_type->c_str() : "<null>");
    if ((proto == iscsi && usage != 3) || (proto == rbd && usage != 2))
      return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "invalid secret type '%s'",
                   name_of(kSecretUsages, usage));
  }
  if (ex.encryption && ex.encryption->format == 2 && ex.encryption->cipher_name)
    return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                 "supplying <cipher> for domain disk definition is unnecessary");
  return Status();
}

// virDomainDiskVhostUserValidate.
Status validate_vhostuser(const Disk &d) {
  const DiskExtra &dx = d.ext;
  auto no = [](const char *what) {
    return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "%s", what);
  };
  if (d.bus != Disk::virtio) return no("vhostuser disk supports only virtio bus");
  if (d.snapshot != DiskSnapshot::no)
    return no("only snapshot=no is supported with vhostuser disk");
  if (d.cache) return no("cache is not supported with vhostuser disk");
  if (d.error_policy != DiskErrorPolicy::default_ || d.rerror_policy != DiskErrorPolicy::default_)
    return no("error_policy is not supported with vhostuser disk");
  if (d.io) return no("io is not supported with vhostuser disk");
  if (d.ioeventfd != TristateSwitch::absent)
    return no("ioeventfd is not supported with vhostuser disk");
  if (d.copy_on_read != TristateSwitch::absent)
    return no("copy_on_read is not supported with vhostuser disk");
  if (d.discard) return no("discard is not supported with vhostuser disk");
  if (d.iothread) return no("iothread is not supported with vhostuser disk");
  if (d.detect_zeroes != DiskDetectZeroes::default_)
    return no("detect_zeroes is not supported with vhostuser disk");
  if (dx.metadata_cache) return no("metadata_cache is not supported with vhostuser disk");
  bool iotune = d.iotune.group_name.has_value();
  for (unsigned long long v : d.iotune.v) iotune = iotune || v;
  if (iotune) return no("iotune is not supported with vhostuser disk");
  if (!dx.backing.empty() || dx.backing_end)
    return no("backingStore is not supported with vhostuser disk");
  if (dx.src.encryption) return no("encryption is not supported with vhostuser disk");
  if (d.readonly) return no("readonly is not supported with vhostuser disk");
  if (d.shared) return no("shareable is not supported with vhostuser disk");
  if (d.transient) return no("transient is not supported with vhostuser disk");
  if (d.serial) return no("serial is not supported with vhostuser disk");
  if (d.wwn) return no("wwn is not supported with vhostuser disk");
  if (d.vendor) return no("vendor is not supported with vhostuser disk");
  if (d.product) return no("product is not supported with vhostuser disk");
  if (dx.src.auth) return no("auth is not supported with vhostuser disk");
  if (dx.cyls || dx.heads || dx.secs || dx.trans)
    return no("geometry is not supported with vhostuser disk");
  if (dx.blockio &&
      (dx.blockio->logical_block_size.value_or(0) || dx.blockio->physical_block_size.value_or(0)))
    return no("blockio is not supported with vhostuser disk");
  return Status();
}

// virDomainDiskDefParseSourceXML.
Status parse_disk_storage(xmlXPathContextPtr ctxt, xmlNodePtr node, unsigned flags, Disk &d) {
  xml::NodeRestore restore(ctxt);
  ctxt->node = node;
  DiskExtra &dx = d.ext;
  int type = 1;
  VK_TRY(xml::prop_enum(node, "type", kTypes, xml::kPropNonZero, type, 1));
  d.storage_type = static_cast<StorageType>(type);
  if (xmlNodePtr src = xml::xpath_node(ctxt, "./source[1]")) {
    VK_TRY(parse_source(src, ctxt, type, flags, d.path, d.protocol, d.source_name, d.pool, d.volume,
                        dx.src));
    if (!(flags & kParseInactive)) {
      if (auto idx = xml::prop(src, "index");
          idx && !util::str_to_uip(idx->c_str(), 10, dx.src.index))
        return error(kFromDomain, VIR_ERR_XML_ERROR, "invalid disk index '%s'", idx->c_str());
    }
  } else {
    d.storage_type = StorageType::file;
  }
  if (xml::xpath_node(ctxt, "./readonly[1]")) d.readonly = true;
  if (xml::xpath_node(ctxt, "./shareable[1]")) d.shared = true;
  if (xmlNodePtr auth = xml::xpath_node(ctxt, "./auth")) {
    if (dx.src.auth)
      return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                   "an <auth> definition already found for disk source");
    auto a = parse_storage_auth(auth, ctxt);
    VK_TRY(a);
    dx.src.auth = std::move(*a);
    dx.auth_on_disk = true;
  }
  if (xmlNodePtr enc = xml::xpath_node(ctxt, "./encryption")) {
    if (dx.src.encryption)
      return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                   "an <encryption> definition already found for disk source");
    auto e = parse_storage_encryption(enc, ctxt);
    VK_TRY(e);
    dx.src.encryption = std::move(*e);
    dx.enc_on_disk = true;
  }
  return parse_backing_chain(ctxt, flags, dx);
}

}  // namespace

Result<Disk> parse_disk(xmlXPathContextPtr ctxt, xmlNodePtr node, unsigned flags) {
  xml::NodeRestore restore(ctxt);
  Disk d;
  DiskExtra &dx = d.ext;
  VK_TRY(parse_disk_storage(ctxt, node, flags, d));
  ctxt->node = node;
  VK_TRY(xml::prop_enum(node, "device", kDiskDevices, xml::kPropNone, d.device, Disk::disk));
  VK_TRY(xml::prop_enum(node, "model", kModels, xml::kPropNone, dx.model));
  VK_TRY(enum_into(node, "snapshot", kSnapshotLocations, xml::kPropNonZero, d.snapshot));
  VK_TRY(prop_tristate(node, "rawio", xml::kPropNone, dx.rawio));
  VK_TRY(xml::prop_enum(node, "sgio", kSgio, xml::kPropNonZero, dx.sgio));
  if (xmlNodePtr src = xml::xpath_node(ctxt, "./source"))
    VK_TRY(xml::prop_enum(src, "startupPolicy", kStartupPolicies, xml::kPropNonZero,
                          d.startup_policy));
  if (xmlNodePtr target = xml::xpath_node(ctxt, "./target")) {
    d.dst = xml::prop(target, "dev");
    VK_TRY(xml::prop_enum(target, "bus", kDiskBuses, xml::kPropNonZero, d.bus));
    VK_TRY(xml::prop_enum(target, "tray", kTray, xml::kPropNone, d.tray));
    VK_TRY(prop_tristate(target, "removable", xml::kPropNone, dx.removable));
    VK_TRY(xml::prop_uint(target, "rotation_rate", 10, xml::kPropNone, dx.rotation_rate));
  }
  if (xmlNodePtr g = xml::xpath_node(ctxt, "./geometry")) {
    VK_TRY(xml::prop_uint(g, "cyls", 10, xml::kPropNone, dx.cyls));
    VK_TRY(xml::prop_uint(g, "heads", 10, xml::kPropNone, dx.heads));
    VK_TRY(xml::prop_uint(g, "secs", 10, xml::kPropNone, dx.secs));
    VK_TRY(xml::prop_enum(g, "trans", kTrans, xml::kPropNonZero, dx.trans));
  }
  if (xmlNodePtr b = xml::xpath_node(ctxt, "./blockio")) VK_TRY(parse(b, dx.blockio.emplace()));
  if (xmlNodePtr driver = xml::xpath_node(ctxt, "./driver")) {
    VK_TRY(parse(driver, dx.virtio.emplace()));
    d.driver_name = xml::prop(driver, "name");
    VK_TRY(xml::prop_enum(driver, "cache", kDiskCache, xml::kPropNone, d.cache));
    VK_TRY(
        enum_into(driver, "error_policy", kDiskErrorPolicies, xml::kPropNonZero, d.error_policy));
    VK_TRY(
        enum_into(driver, "rerror_policy", kDiskErrorPolicies, xml::kPropNonZero, d.rerror_policy));
    if (d.rerror_policy == DiskErrorPolicy::enospace)
      return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "Invalid disk read error policy: '%s'",
                   "enospace");
    VK_TRY(xml::prop_enum(driver, "io", kDiskIo, xml::kPropNonZero, d.io));
    VK_TRY(prop_tristate(driver, "ioeventfd", xml::kPropNone, d.ioeventfd));
    VK_TRY(prop_tristate(driver, "event_idx", xml::kPropNone, d.event_idx));
    VK_TRY(prop_tristate(driver, "copy_on_read", xml::kPropNone, d.copy_on_read));
    VK_TRY(xml::prop_enum(driver, "discard", kDiskDiscard, xml::kPropNonZero, d.discard));
    VK_TRY(xml::prop_uint(driver, "iothread", 10, xml::kPropNonZero, d.iothread));
    VK_TRY(
        enum_into(driver, "detect_zeroes", kDiskDetectZeroes, xml::kPropNonZero, d.detect_zeroes));
    VK_TRY(xml::prop_uint(driver, "queues", 10, xml::kPropNone, d.queues));
    VK_TRY(xml::prop_uint(driver, "queue_size", 10, xml::kPropNone, d.queue_size));
    if (auto fmt = xml::prop(driver, "type")) {
      if (*fmt == "aio") {
        d.format = StorageFileFormat::raw;  // Xen's old spelling
      } else {
        int format = xml::enum_from_string(kFormats, *fmt);
        if (format <= 0)
          return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "unknown driver format value '%s'",
                       fmt->c_str());
        d.format = static_cast<StorageFileFormat>(format);
      }
    }
    VK_TRY(xml::parse_scaled_value(ctxt, "./driver/metadata_cache/max_size", nullptr, 1, ULLONG_MAX,
                                   false, dx.metadata_cache));
  }
  // <mirror> is read from live XML only (the test driver defines inactive).
  if (xmlNodePtr t = xml::xpath_node(ctxt, "./transient")) {
    d.transient = true;
    VK_TRY(prop_tristate(t, "shareBacking", xml::kPropNone, dx.transient_share_backing));
  }
  if (xmlNodePtr io = xml::xpath_node(ctxt, "./iotune[1]")) {
    for (xmlNodePtr c = io->children; c; c = c->next) {
      if (c->type != XML_ELEMENT_NODE) continue;
      if (xml::name_is(c, "group_name")) {
        d.iotune.group_name = xml::content(c);
        continue;
      }
      for (int i = 0; i < IoTune::kCount; i++) {
        if (!xml::name_is(c, IoTune::kNames[i])) continue;
        std::string text = xml::content(c);
        if (!util::str_to_ull(text.c_str(), 10, d.iotune.v[static_cast<size_t>(i)]))
          return error(kFromDomain, VIR_ERR_XML_ERROR, "disk iotune field '%s' must be an integer",
                       IoTune::kNames[i]);
      }
    }
  }
  dx.backend_domain = xml::xpath_string(ctxt, "string(./backenddomain/@name)");
  d.serial = xml::xpath_string(ctxt, "string(./serial)");
  d.wwn = xml::xpath_string(ctxt, "string(./wwn)");
  d.vendor = xml::xpath_string(ctxt, "string(./vendor)");
  d.product = xml::xpath_string(ctxt, "string(./product)");
  VK_TRY(parse_device_info(node, d.info, true));
  return d;
}

void format_disk(xml::Buffer &buf, const Disk &d, unsigned flags) {
  const DiskExtra &dx = d.ext;
  xml::Buffer attrs;
  xml::Buffer child = xml::Buffer::child_of(buf);
  attrs.addf(" type='%s' device='%s'", name_of(kTypes, static_cast<int>(d.storage_type)),
             name_of(kDiskDevices, d.device));
  if (dx.model) attrs.addf(" model='%s'", name_of(kModels, dx.model));
  if (dx.rawio != TristateBool::absent) attrs.addf(" rawio='%s'", yes_no(dx.rawio));
  if (dx.sgio) attrs.addf(" sgio='%s'", name_of(kSgio, dx.sgio));
  if (d.snapshot != DiskSnapshot::default_ && !(d.snapshot == DiskSnapshot::no && d.readonly))
    attrs.addf(" snapshot='%s'", name_of(kSnapshotLocations, static_cast<int>(d.snapshot)));
  {
    xml::Buffer dattrs;
    xml::Buffer dchild = xml::Buffer::child_of(child);
    dattrs.escape(" name='%s'", d.driver_name);
    if (d.format > StorageFileFormat::none)
      dattrs.addf(" type='%s'", name_of(kFormats, static_cast<int>(d.format)));
    if (d.cache) dattrs.addf(" cache='%s'", name_of(kDiskCache, d.cache));
    if (d.error_policy != DiskErrorPolicy::default_)
      dattrs.addf(" error_policy='%s'",
                  name_of(kDiskErrorPolicies, static_cast<int>(d.error_policy)));
    if (d.rerror_policy != DiskErrorPolicy::default_)
      dattrs.addf(" rerror_policy='%s'",
                  name_of(kDiskErrorPolicies, static_cast<int>(d.rerror_policy)));
    if (d.io) dattrs.addf(" io='%s'", name_of(kDiskIo, d.io));
    if (d.ioeventfd != TristateSwitch::absent) dattrs.addf(" ioeventfd='%s'", on_off(d.ioeventfd));
    if (d.event_idx != TristateSwitch::absent) dattrs.addf(" event_idx='%s'", on_off(d.event_idx));
    if (d.copy_on_read != TristateSwitch::absent)
      dattrs.addf(" copy_on_read='%s'", on_off(d.copy_on_read));
    if (d.discard) dattrs.addf(" discard='%s'", name_of(kDiskDiscard, d.discard));
    if (d.iothread) dattrs.addf(" iothread='%u'", d.iothread);
    if (d.detect_zeroes != DiskDetectZeroes::default_)
      dattrs.addf(" detect_zeroes='%s'",
                  name_of(kDiskDetectZeroes, static_cast<int>(d.detect_zeroes)));
    if (d.queues) dattrs.addf(" queues='%u'", d.queues);
    if (d.queue_size) dattrs.addf(" queue_size='%u'", d.queue_size);
    if (const auto &v = dx.virtio) {
      if (v->iommu) dattrs.addf(" iommu='%s'", *v->iommu ? "on" : "off");
      if (v->ats) dattrs.addf(" ats='%s'", *v->ats ? "on" : "off");
      if (v->packed) dattrs.addf(" packed='%s'", *v->packed ? "on" : "off");
      if (v->page_per_vq) dattrs.addf(" page_per_vq='%s'", *v->page_per_vq ? "on" : "off");
    }
    format_metadata_cache(dchild, dx.metadata_cache);
    xml::format_element(child, "driver", &dattrs, &dchild);
  }
  // <auth> where it was given: at the disk's level, or inside <source>.
  if (dx.src.auth && dx.auth_on_disk) format_storage_auth(child, *dx.src.auth);
  format_source(child, static_cast<int>(d.storage_type), d.path, d.protocol, d.source_name, d.pool,
                d.volume, dx.src, d.startup_policy, true, flags, dx.auth_on_disk, dx.enc_on_disk);
  format_backing(child, dx, 0, flags);
  child.escape("<backenddomain name='%s'/>\n", dx.backend_domain);
  if (dx.cyls && dx.heads && dx.secs) {
    child.addf("<geometry cyls='%u' heads='%u' secs='%u'", dx.cyls, dx.heads, dx.secs);
    if (dx.trans) child.addf(" trans='%s'", name_of(kTrans, dx.trans));
    child.add("/>\n");
  }
  if (dx.blockio) format(child, *dx.blockio);
  child.addf("<target dev='%s' bus='%s'", d.dst ? d.dst->c_str() : "(null)",
             name_of(kDiskBuses, d.bus));
  if ((d.device == Disk::floppy || d.device == Disk::cdrom) && d.tray != 0)
    child.addf(" tray='%s'", name_of(kTray, d.tray));
  if (d.bus == Disk::usb && dx.removable != TristateSwitch::absent)
    child.addf(" removable='%s'", on_off(dx.removable));
  if (dx.rotation_rate) child.addf(" rotation_rate='%u'", dx.rotation_rate);
  child.add("/>\n");
  {
    xml::Buffer io = xml::Buffer::child_of(child);
    for (int i = 0; i < IoTune::kCount; i++) {
      if (i == 13 && d.iotune.group_name)
        io.escape("<group_name>%s</group_name>\n", d.iotune.group_name);
      if (unsigned long long v = d.iotune.v[static_cast<size_t>(i)])
        io.addf("<%s>%llu</%s>\n", IoTune::kNames[i], v, IoTune::kNames[i]);
    }
    xml::format_element(child, "iotune", nullptr, &io);
  }
  if (d.readonly) child.add("<readonly/>\n");
  if (d.shared) child.add("<shareable/>\n");
  if (d.transient)
    child.add(dx.transient_share_backing == TristateBool::yes ? "<transient shareBacking='yes'/>\n"
                                                              : "<transient/>\n");
  child.escape("<serial>%s</serial>\n", d.serial);
  child.escape("<wwn>%s</wwn>\n", d.wwn);
  child.escape("<vendor>%s</vendor>\n", d.vendor);
  child.escape("<product>%s</product>\n", d.product);
  if (dx.src.encryption && dx.enc_on_disk) format_storage_encryption(child, *dx.src.encryption);
  format_device_info(child, d.info, true);
  xml::format_element(buf, "disk", &attrs, &child);
}

Status post_parse_disk(Disk &d) {
  if (d.storage_type == StorageType::network && protocol_of(d.protocol) == iscsi && d.source_name &&
      d.source_name->find('/') == std::string::npos)
    *d.source_name += "/0";
  if (d.storage_type == StorageType::nvme && d.ext.src.nvme_managed == TristateBool::absent)
    d.ext.src.nvme_managed = TristateBool::yes;
  if (d.storage_type == StorageType::vhostuser && d.snapshot == DiskSnapshot::default_)
    d.snapshot = DiskSnapshot::no;
  if (d.ext.src.fdgroup)
    return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED,
                 "driver does not support FD passing for disk '%s'",
                 d.dst ? d.dst->c_str() : "(null)");
  return Status();
}

Status validate_disk_storage(const DomainDef &def, const Disk &d) {
  const DiskExtra &dx = d.ext;
  VK_TRY(validate_source_one(static_cast<int>(d.storage_type), d.protocol, dx.src));
  for (const BackingStore &b : dx.backing) VK_TRY(validate_source_one(b.type, b.protocol, b.ex));
  // Label overrides along the chain need the domain's label to relabel.
  VK_TRY(check_device_labels(dx.src.seclabels, def));
  for (const BackingStore &b : dx.backing) VK_TRY(check_device_labels(b.ex.seclabels, def));
  if (dx.sgio == 2)
    return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                 "unfiltered sgio is no longer supported");
  if (d.device == Disk::lun) {
    if (d.storage_type == StorageType::network) {
      if (protocol_of(d.protocol) != iscsi)
        return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED,
                     "disk device='lun' is not supported for protocol='%s'",
                     d.protocol ? d.protocol->c_str() : "none");
    } else if (d.storage_type != StorageType::block && d.storage_type != StorageType::volume) {
      return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                   "disk device='lun' is only valid for block type disk source");
    }
    if (d.format != StorageFileFormat::raw && d.format != StorageFileFormat::none)
      return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                   "disk device 'lun' must use 'raw' format");
    if (dx.src.slice)
      return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                   "disk device 'lun' doesn't support storage slice");
    if (dx.src.encryption && dx.src.encryption->format != 0)
      return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                   "disk device 'lun' doesn't support encryption");
  } else {
    if (dx.src.has_pr)
      return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                   "<reservations/> allowed only for lun devices");
    if (dx.rawio != TristateBool::absent)
      return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                   "rawio can be used only with device='lun'");
    if (dx.sgio)
      return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                   "sgio can be used only with device='lun'");
  }
  int at = d.info.addr.type;
  if (at != Address::none &&
      (d.bus == Disk::ide || d.bus == Disk::fdc || d.bus == Disk::scsi || d.bus == Disk::sata) &&
      at != Address::drive)
    return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED,
                 "Invalid address type '%s' for the disk '%s' with the bus type '%s'",
                 name_of(kAddressTypes, at), d.dst ? d.dst->c_str() : "(null)",
                 name_of(kDiskBuses, d.bus));
  if (d.bus != Disk::virtio && dx.model >= 1)
    return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED,
                 "disk model '%s' not supported for bus '%s'", name_of(kModels, dx.model),
                 name_of(kDiskBuses, d.bus));
  if (d.bus != Disk::virtio) {
    if (d.queues)
      return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                   "queues attribute in disk driver element is only supported by virtio-blk");
    if (d.event_idx != TristateSwitch::absent)
      return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                   "disk event_idx mode supported only for virtio bus");
    if (d.ioeventfd != TristateSwitch::absent)
      return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                   "disk ioeventfd mode supported only for virtio bus");
    if (const auto &v = dx.virtio) {
      const char *what = v->iommu    ? "iommu driver option is only supported for virtio devices"
                         : v->ats    ? "ats driver option is only supported for virtio devices"
                         : v->packed ? "packed driver option is only supported for virtio devices"
                         : v->page_per_vq
                             ? "page_per_vq option is only supported for virtio devices"
                             : nullptr;
      if (what) return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "%s", what);
    }
  }
  if (d.storage_type == StorageType::nvme && dx.src.nvme_namespace == 0)
    return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "%s", "NVMe namespace can't be zero");
  if (d.storage_type == StorageType::vhostuser) VK_TRY(validate_vhostuser(d));
  if (d.tray && d.device != Disk::floppy && d.device != Disk::cdrom)
    return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                 "tray is only valid for cdrom and floppy");
  struct {
    const std::optional<std::string> &value;
    const char *name;
    size_t max;
  } const idents[] = {{d.vendor, "vendor", 8}, {d.product, "product", 16}};
  for (const auto &id : idents) {
    if (!id.value) continue;
    for (unsigned char c : *id.value)
      if (c < 0x20 || c > 0x7e)
        return error(kFromDomain, VIR_ERR_XML_ERROR, "disk %s is not printable string", id.name);
    if (id.value->size() > id.max)
      return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "disk %s is more than %zu characters",
                   id.name, id.max);
  }
  if (d.device == Disk::floppy && d.bus != Disk::fdc)
    return error(kFromDomain, VIR_ERR_INTERNAL_ERROR, "Invalid bus type '%s' for floppy disk",
                 name_of(kDiskBuses, d.bus));
  if (d.device != Disk::floppy && d.bus == Disk::fdc)
    return error(kFromDomain, VIR_ERR_INTERNAL_ERROR, "Invalid bus type '%s' for disk",
                 name_of(kDiskBuses, d.bus));
  if (dx.removable != TristateSwitch::absent && d.bus != Disk::usb)
    return error(kFromDomain, VIR_ERR_XML_ERROR, "%s", "removable is only valid for usb disks");
  bool local = d.storage_type == StorageType::file || d.storage_type == StorageType::block ||
               d.storage_type == StorageType::dir;
  if (d.startup_policy) {
    if (d.storage_type != StorageType::volume && !local)
      return error(kFromDomain, VIR_ERR_XML_ERROR,
                   "disk startupPolicy '%s' is not allowed for disk of '%s' type",
                   name_of(kStartupPolicies, d.startup_policy),
                   name_of(kTypes, static_cast<int>(d.storage_type)));
    if (d.device != Disk::cdrom && d.device != Disk::floppy && d.startup_policy == 2)
      return error(kFromDomain, VIR_ERR_XML_ERROR, "%s",
                   "disk startupPolicy 'requisite' is allowed only for cdrom or floppy");
  }
  if (d.wwn) {
    const char *p = d.wwn->c_str();
    if (std::strncmp(p, "0x", 2) == 0) p += 2;
    size_t i = 0;
    while (p[i] && std::isxdigit(static_cast<unsigned char>(p[i]))) i++;
    if (i != 16 || p[i])
      return error(VIR_FROM_NONE, VIR_ERR_INTERNAL_ERROR, "Malformed wwn: %s", d.wwn->c_str());
  }
  const std::string &dst = *d.dst;
  auto prefix = [&](const char *p) { return dst.compare(0, std::strlen(p), p) == 0; };
  if ((d.device == Disk::disk || d.device == Disk::lun) && !prefix("hd") && !prefix("sd") &&
      !prefix("vd") && !prefix("xvd") && !prefix("ubd"))
    return error(kFromDomain, VIR_ERR_INTERNAL_ERROR, "Invalid harddisk device name: %s",
                 dst.c_str());
  if (d.device == Disk::floppy && !prefix("fd"))
    return error(kFromDomain, VIR_ERR_INTERNAL_ERROR, "Invalid floppy device name: %s",
                 dst.c_str());
  bool empty = (local && !d.path) || d.storage_type == StorageType::none ||
               (d.storage_type == StorageType::network && protocol_of(d.protocol) == p_none);
  if (empty && d.device == Disk::disk)
    return error(kFromDomain, VIR_ERR_NO_SOURCE, "%s", dst.c_str());
  return Status();
}

Status validate_disk_drive_addresses(const DomainDef &def) {
  for (size_t i = 0; i < def.disks.size(); i++) {
    const Disk &a = def.disks[i];
    if (a.info.addr.type != Address::drive) continue;
    for (size_t j = i + 1; j < def.disks.size(); j++) {
      const Disk &b = def.disks[j];
      if (a.bus != b.bus || b.info.addr.type != Address::drive) continue;
      const Address &x = a.info.addr, &y = b.info.addr;
      if (x.controller == y.controller && x.bus == y.bus && x.target == y.target &&
          x.unit == y.unit)
        return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED,
                     "Found duplicate drive address for disk with target name '%s' "
                     "controller='%u' bus='%u' target='%u' unit='%u'",
                     a.dst ? a.dst->c_str() : "(null)", x.controller, x.bus, x.target, x.unit);
    }
  }
  return Status();
}

Status parse_storage_source(xmlNodePtr node, xmlXPathContextPtr ctxt, unsigned parse_flags,
                            BackingStore &src) {
  return parse_source(node, ctxt, src.type, parse_flags, src.path, src.protocol, src.name, src.pool,
                      src.volume, src.ex);
}

void format_storage_source(xml::Buffer &buf, const BackingStore &src, unsigned format_flags) {
  format_source(buf, src.type, src.path, src.protocol, src.name, src.pool, src.volume, src.ex, 0,
                false, format_flags, false, false);
}

const std::vector<std::string_view> &storage_type_names() {
  return kTypes;
}

const std::vector<std::string_view> &storage_file_format_names() {
  return kFormats;
}

}  // namespace virtkit::conf
