// SPDX-License-Identifier: LGPL-2.1-or-later
#include "xml/domain_hostdev.h"

#include <libvirt/virterror.h>

#include <cctype>
#include <cstring>
#include <memory>

#include "util/numbers.h"
#include "util/uuid.h"
#include "xml/domain_controller.h"
#include "xml/domain_def.h"

namespace virtkit::conf {
namespace {

constexpr int kFromDomain = VIR_FROM_DOMAIN;
using Names = std::vector<std::string_view>;
using xml::Buffer;
using xml::prop;

const Names kModes{"subsystem", "capabilities"};
const Names kSubsysTypes{"usb", "pci", "scsi", "scsi_host", "mdev"};
const Names kCapsTypes{"storage", "misc", "net"};
const Names kPciBackends{"default", "kvm", "vfio", "xen"};
const Names kStartupPolicies{"default", "mandatory", "requisite", "optional"};
const Names kUsbGuestReset{"default", "off", "uninitialized", "on"};
const Names kSgio{"default", "filtered", "unfiltered"};
const Names kScsiProtocols{"adapter", "iscsi"};
const Names kScsiHostProtocols{"none", "vhost"};
const Names kVhostModels{"default", "virtio", "virtio-transitional", "virtio-non-transitional"};
const Names kMdevModels{"vfio-pci", "vfio-ccw", "vfio-ap"};
const Names kTeamingTypes{"none", "persistent", "transient"};
const Names kSecretUsages{"none", "volume", "ceph", "iscsi", "tls", "vtpm"};
const Names kHostTransports{"tcp", "unix", "rdma"};
const Names kAddressTypes{"none", "pci",       "drive",       "virtio-serial", "ccid",
                          "usb",  "spapr-vio", "virtio-s390", "ccw",           "virtio-mmio",
                          "isa",  "dimm",      "unassigned"};

const char *name_at(const Names &names, int i) {
  return i >= 0 && static_cast<size_t>(i) < names.size() ? names[static_cast<size_t>(i)].data()
                                                         : "";
}

// The first child element named `name` (libvirt's XPath "./name").
// virXPathString("string(./name[1])"): the text of the first such child,
// none when empty.
std::optional<std::string> child_text(xmlNodePtr node, const char *name) {
  xmlNodePtr c = first_child(node, name);
  if (!c) return std::nullopt;
  std::string text = xml::content(c);
  if (text.empty()) return std::nullopt;
  return text;
}

// virValidateWWN: 16 hex digits after an optional "0x".
bool valid_wwn(const char *p) {
  if (std::strncmp(p, "0x", 2) == 0) p += 2;
  size_t n = 0;
  for (; p[n]; n++)
    if (!std::isxdigit(static_cast<unsigned char>(p[n]))) return false;
  return n == 16;
}

Status parse_usb_source(xmlNodePtr source, Hostdev &h) {
  VK_TRY(xml::prop_enum(source, "startupPolicy", kStartupPolicies, xml::kPropNonZero,
                        h.startup_policy));
  int auto_address = 0;
  VK_TRY(xml::prop_tristate_bool(source, "autoAddress", xml::kPropNone, auto_address));
  h.auto_address = auto_address == 1;
  VK_TRY(xml::prop_enum(source, "guestReset", kUsbGuestReset, xml::kPropNonZero, h.guest_reset));
  xmlNodePtr vendor = first_child(source, "vendor");
  xmlNodePtr product = first_child(source, "product");
  if (vendor) {
    VK_TRY(xml::prop_uint(vendor, "id", 0, xml::kPropRequired | xml::kPropNonZero, h.vendor));
    if (!product) return error(kFromDomain, VIR_ERR_INTERNAL_ERROR, "%s", "missing product");
  }
  if (product) {
    VK_TRY(xml::prop_uint(product, "id", 0, xml::kPropRequired, h.product));
    if (!vendor) return error(kFromDomain, VIR_ERR_INTERNAL_ERROR, "%s", "missing vendor");
  }
  if (xmlNodePtr address = first_child(source, "address")) {
    VK_TRY(xml::prop_uint(address, "bus", 0, xml::kPropRequired, h.usb_bus));
    VK_TRY(xml::prop_uint(address, "device", 0, xml::kPropRequired, h.usb_device));
  }
  return Status();
}

Status parse_iscsi_source(xmlNodePtr source, Hostdev &h) {
  auto name = prop(source, "name");
  if (!name)
    return error(kFromDomain, VIR_ERR_XML_ERROR, "%s", "missing iSCSI hostdev source path name");
  h.iscsi_path = *name;
  size_t hosts = 0;
  for (xmlNodePtr host = source->children; host; host = host->next) {
    if (host->type != XML_ELEMENT_NODE || !xml::name_is(host, "host")) continue;
    hosts++;
    // virDomainStorageNetworkParseHost.
    int transport = 0;
    auto t = prop(host, "transport");
    if (t && (transport = xml::enum_from_string(kHostTransports, *t)) < 0)
      return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "unknown protocol transport type '%s'",
                   t->c_str());
    auto socket = prop(host, "socket");
    if (transport == 1 && !socket)
      return error(kFromDomain, VIR_ERR_XML_ERROR, "%s", "missing socket for unix transport");
    if (transport != 1 && socket)
      return error(kFromDomain, VIR_ERR_XML_ERROR,
                   "transport '%s' does not support socket attribute", t ? t->c_str() : "(null)");
    std::string host_name;
    unsigned port = 0;
    if (transport != 1) {
      auto hn = prop(host, "name");
      if (!hn) return error(kFromDomain, VIR_ERR_XML_ERROR, "%s", "missing name for host");
      host_name = *hn;
      if (auto p = prop(host, "port")) {
        if (!util::str_to_uip(p->c_str(), 10, port))
          return error(VIR_FROM_NONE, VIR_ERR_INVALID_ARG, "failed to parse port number '%s'",
                       p->c_str());
        if (port > 65535)
          return error(kFromDomain, VIR_ERR_INVALID_ARG, "port '%s' out of range", p->c_str());
      }
    }
    if (hosts == 1) {
      h.iscsi_host = host_name;
      h.iscsi_port = port;
    }
  }
  if (hosts < 1)
    return error(kFromDomain, VIR_ERR_XML_ERROR, "%s",
                 "missing the host address for the iSCSI hostdev");
  if (hosts > 1)
    return error(kFromDomain, VIR_ERR_XML_ERROR, "%s",
                 "only one source host address may be specified for the iSCSI hostdev");
  if (xmlNodePtr auth = first_child(source, "auth")) {
    // libvirt reads it with XPath from the <auth> node.
    std::unique_ptr<xmlXPathContext, void (*)(xmlXPathContextPtr)> ctxt(
        xmlXPathNewContext(auth->doc), xmlXPathFreeContext);
    if (!ctxt) return error(kFromDomain, VIR_ERR_NO_MEMORY);
    auto a = parse_storage_auth(auth, ctxt.get());
    VK_TRY(a);
    int usage = a->secret_type ? xml::enum_from_string(kSecretUsages, *a->secret_type) : -1;
    if (usage < 0)
      return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "invalid secret type %s",
                   a->secret_type ? a->secret_type->c_str() : "(null)");
    if (usage != 3)
      return error(kFromDomain, VIR_ERR_INTERNAL_ERROR, "hostdev invalid secret type '%s'",
                   a->secret_type->c_str());
    h.auth = std::move(*a);
  }
  if (xmlNodePtr iqn = first_child(first_child(source, "initiator"), "iqn"))
    h.initiator_iqn = prop(iqn, "name");
  return Status();
}

Status parse_scsi_source(xmlNodePtr source, Hostdev &h) {
  if (auto protocol = prop(source, "protocol")) {
    h.scsi_protocol = xml::enum_from_string(kScsiProtocols, *protocol);
    if (h.scsi_protocol < 0)
      return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "Unknown SCSI subsystem protocol '%s'",
                   protocol->c_str());
  }
  if (h.scsi_protocol == 1) return parse_iscsi_source(source, h);
  xmlNodePtr address = first_child(source, "address");
  if (!address)
    return error(kFromDomain, VIR_ERR_XML_ERROR, "%s",
                 "'address' must be specified for scsi hostdev source");
  VK_TRY(xml::prop_uint(address, "bus", 0, xml::kPropRequired, h.scsi_bus));
  VK_TRY(xml::prop_uint(address, "target", 0, xml::kPropRequired, h.scsi_target));
  VK_TRY(xml::prop_ull(address, "unit", 0, xml::kPropRequired, h.scsi_unit));
  auto adapter =
      first_child(source, "adapter") ? prop(first_child(source, "adapter"), "name") : std::nullopt;
  if (!adapter || adapter->empty())
    return error(kFromDomain, VIR_ERR_XML_ERROR, "%s",
                 "'adapter' name must be specified for scsi hostdev source");
  h.adapter = *adapter;
  return Status();
}

Status parse_scsi_host_source(xmlNodePtr source, Hostdev &h) {
  auto protocol = prop(source, "protocol");
  if (!protocol)
    return error(kFromDomain, VIR_ERR_XML_ERROR, "%s", "Missing scsi_host subsystem protocol");
  h.host_protocol = xml::enum_from_string(kScsiHostProtocols, *protocol);
  if (h.host_protocol <= 0)
    return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED,
                 "Unknown scsi_host subsystem protocol '%s'", protocol->c_str());
  auto wwpn = prop(source, "wwpn");
  if (!wwpn)
    return error(kFromDomain, VIR_ERR_XML_ERROR, "%s", "missing vhost-scsi hostdev source wwpn");
  if (wwpn->compare(0, 4, "naa.") != 0 || !valid_wwn(wwpn->c_str() + 4))
    return error(kFromDomain, VIR_ERR_XML_ERROR, "%s", "malformed 'wwpn' value");
  h.wwpn = *wwpn;
  return Status();
}

Status parse_mdev_source(xmlNodePtr source, Hostdev &h) {
  xmlNodePtr address = first_child(source, "address");
  if (!address)
    return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "%s", "Missing <address> element");
  auto uuid = prop(address, "uuid");
  if (!uuid)
    return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                 "Missing 'uuid' attribute for element <address>");
  unsigned char raw[VIR_UUID_BUFLEN];
  if (!util::parse_uuid(uuid->c_str(), raw))
    return error(kFromDomain, VIR_ERR_INTERNAL_ERROR, "%s",
                 "Cannot parse uuid attribute of element <address>");
  h.uuid = util::format_uuid(raw);
  return Status();
}

}  // namespace

Status parse_hostdev_subsys(xmlNodePtr node, const std::optional<std::string> &type, Hostdev &h) {
  h.managed = prop(node, "managed") == "yes";
  auto model = prop(node, "model");
  if (!type) return error(kFromDomain, VIR_ERR_XML_ERROR, "%s", "missing source address type");
  if ((h.type = xml::enum_from_string(kSubsysTypes, *type)) < 0)
    return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED,
                 "unknown host device source address type '%s'", type->c_str());
  xmlNodePtr source = first_child(node, "source");
  if (!source)
    return error(kFromDomain, VIR_ERR_XML_ERROR, "%s",
                 "Missing <source> element in hostdev device");
  if (h.type != Hostdev::usb && prop(source, "startupPolicy"))
    return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                 "Setting startupPolicy is only allowed for USB devices");
  auto rv = xml::prop_enum(node, "sgio", kSgio, xml::kPropNonZero, h.sgio);
  VK_TRY(rv);
  if (*rv > 0 && h.type != Hostdev::scsi)
    return error(kFromDomain, VIR_ERR_XML_ERROR, "%s",
                 "sgio is only supported for scsi host device");
  int rawio = 0;
  rv = xml::prop_tristate_bool(node, "rawio", xml::kPropNone, rawio);
  VK_TRY(rv);
  h.rawio = static_cast<TristateBool>(rawio);
  if (*rv > 0 && h.type != Hostdev::scsi)
    return error(kFromDomain, VIR_ERR_XML_ERROR, "%s",
                 "rawio is only supported for scsi host device");
  if (h.type != Hostdev::mdev && h.type != Hostdev::scsi_host && model)
    return error(kFromDomain, VIR_ERR_XML_ERROR,
                 "'model' attribute in <hostdev> is only supported when type='%s'",
                 name_at(kSubsysTypes, h.type));
  if (h.type == Hostdev::scsi_host) {
    VK_TRY(xml::prop_enum(node, "model", kVhostModels, xml::kPropNone, h.vhost_model));
  } else if (h.type == Hostdev::mdev) {
    VK_TRY(xml::prop_enum(node, "model", kMdevModels, xml::kPropRequired, h.mdev_model));
    VK_TRY(prop_tristate(node, "display", xml::kPropNone, h.display));
    VK_TRY(prop_tristate(node, "ramfb", xml::kPropNone, h.ramfb));
  }
  switch (h.type) {
    case Hostdev::pci:
      VK_TRY(prop_tristate(source, "writeFiltering", xml::kPropNone, h.write_filtering));
      if (xmlNodePtr address = first_child(source, "address"))
        VK_TRY(parse_pci_address(address, h.pci_addr));
      if (xmlNodePtr driver = first_child(node, "driver"))
        VK_TRY(xml::prop_enum(driver, "name", kPciBackends, xml::kPropNonZero, h.pci_backend));
      break;
    case Hostdev::usb:
      VK_TRY(parse_usb_source(source, h));
      break;
    case Hostdev::scsi:
      VK_TRY(parse_scsi_source(source, h));
      break;
    case Hostdev::scsi_host:
      VK_TRY(parse_scsi_host_source(source, h));
      break;
    case Hostdev::mdev:
      VK_TRY(parse_mdev_source(source, h));
      break;
    default:
      break;
  }
  return Status();
}

namespace {

// virDomainHostdevDefParseXMLCaps.
Status parse_caps(xmlNodePtr node, const std::optional<std::string> &type, Hostdev &h) {
  if (!type) return error(kFromDomain, VIR_ERR_XML_ERROR, "%s", "missing source address type");
  if ((h.type = xml::enum_from_string(kCapsTypes, *type)) < 0)
    return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED,
                 "unknown host device source address type '%s'", type->c_str());
  xmlNodePtr source = first_child(node, "source");
  if (!source)
    return error(kFromDomain, VIR_ERR_XML_ERROR, "%s",
                 "Missing <source> element in hostdev device");
  static const char *const kChild[] = {"block", "char", "interface"};
  static const char *const kMissing[] = {"Missing <block> element in hostdev storage device",
                                         "Missing <char> element in hostdev character device",
                                         "Missing <interface> element in hostdev net device"};
  auto text = child_text(source, kChild[h.type]);
  if (!text) return error(kFromDomain, VIR_ERR_XML_ERROR, "%s", kMissing[h.type]);
  h.caps_name = *text;
  if (h.type == Hostdev::net) VK_TRY(parse_ip_info("Domain hostdev device", node, h.caps_ip));
  return Status();
}

bool is_scsi(const Hostdev &h) {
  return h.mode == Hostdev::subsystem && h.type == Hostdev::scsi;
}

bool same_drive(const Address &a, unsigned controller, unsigned bus, unsigned target,
                unsigned unit) {
  return a.controller == controller && a.bus == bus && a.target == target && a.unit == unit;
}

bool drive_used_by_disk(const DomainDef &def, const Address &a) {
  for (const Disk &d : def.disks)
    if (d.bus == Disk::scsi && d.info.addr.type == Address::drive &&
        same_drive(d.info.addr, a.controller, a.bus, a.target, a.unit))
      return true;
  return false;
}

bool drive_used_by_hostdev(const DomainDef &def, unsigned controller, unsigned unit) {
  for (const Hostdev &h : def.hostdevs)
    if (h.type == Hostdev::scsi && h.info.addr.type == Address::drive &&
        same_drive(h.info.addr, controller, 0, 0, unit))
      return true;
  return false;
}

// virDomainSCSIDriveAddressIsUsed for bus = target = 0.
bool scsi_unit_used(const DomainDef &def, unsigned controller, unsigned unit) {
  int ci = find_controller(def, ControllerType::scsi, static_cast<int>(controller));
  if (ci >= 0) {
    int max = -1, reserved = -1;
    switch (def.controllers[static_cast<size_t>(ci)].model) {
      case 6:  // virtio-scsi
      case 8:
      case 9:
        max = 16383;
        break;
      case 5:  // ibmvscsi
        max = 31;
        reserved = 7;
        break;
      case 3:  // lsisas1068
        max = 1;
        break;
      case 7:  // lsisas1078
        max = 255;
        break;
      case 2:  // lsilogic, vmpvscsi, buslogic
      case 4:
      case 1:
        reserved = 7;
        break;
      case 10:  // ncr53c90, dc390, am53c974
      case 11:
      case 12:
        max = 6;
        break;
      default:
        break;
    }
    if (max != -1 && static_cast<int>(unit) > max) return true;
    if (reserved != -1 && static_cast<int>(unit) == reserved) return true;
  }
  Address a;
  a.controller = controller;
  a.unit = unit;
  return drive_used_by_disk(def, a) || drive_used_by_hostdev(def, controller, unit);
}

}  // namespace

Result<Hostdev> parse_hostdev(xmlXPathContextPtr ctxt, xmlNodePtr node, unsigned flags) {
  (void)ctxt;
  (void)flags;
  Hostdev h;
  auto mode = prop(node, "mode");
  auto type = prop(node, "type");
  if (mode && (h.mode = xml::enum_from_string(kModes, *mode)) < 0)
    return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "unknown hostdev mode '%s'",
                 mode->c_str());
  if (h.mode == Hostdev::subsystem)
    VK_TRY(parse_hostdev_subsys(node, type, h));
  else
    VK_TRY(parse_caps(node, type, h));
  VK_TRY(parse_device_info(node, h.info, true, true));
  if (is_scsi(h)) {
    h.readonly = first_child(node, "readonly") != nullptr;
    h.shareable = first_child(node, "shareable") != nullptr;
  }
  // virDomainNetTeamingInfoParseXML.
  xmlNodePtr teaming = first_child(node, "teaming");
  auto ttype = teaming ? prop(teaming, "type") : std::nullopt;
  auto persistent = teaming ? prop(teaming, "persistent") : std::nullopt;
  if (ttype || persistent) {
    int t = ttype ? xml::enum_from_string(kTeamingTypes, *ttype) : -1;
    if (t <= 0)
      return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "unknown teaming type '%s'",
                   ttype ? ttype->c_str() : "(null)");
    h.teaming = NetTeaming{t, persistent};
  }
  return h;
}

void add_hostdev_scsi_controllers(DomainDef &def) {
  int max_controller = -1;
  int model = -1;
  for (const Hostdev &h : def.hostdevs) {
    if (!is_scsi(h) || static_cast<int>(h.info.addr.controller) <= max_controller) continue;
    max_controller = static_cast<int>(h.info.addr.controller);
    int ci = find_controller(def, ControllerType::scsi, max_controller);
    if (ci >= 0 && def.controllers[static_cast<size_t>(ci)].model != -1)
      model = def.controllers[static_cast<size_t>(ci)].model;
  }
  for (int i = 0; i <= max_controller; i++)
    maybe_add_controller(def, ControllerType::scsi, i, model);
}

Status parse_hostdevs(DomainDef &def, xmlXPathContextPtr ctxt, unsigned flags, bool usb_none) {
  for (xmlNodePtr node : xml::xpath_nodes(ctxt, "./devices/hostdev")) {
    auto h = parse_hostdev(ctxt, node, flags);
    VK_TRY(h);
    // libvirt looks at the subsystem type even for a capabilities hostdev
    // (whose storage type has the same number as usb).
    if (h->type == Hostdev::usb && usb_none)
      return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                   "Can't add host USB device: USB is disabled in this host");
    def.hostdevs.push_back(std::move(*h));
    add_hostdev_scsi_controllers(def);
  }
  return Status();
}

Status post_parse_hostdevs(DomainDef &def) {
  for (Hostdev &h : def.hostdevs) {
    if (h.mode != Hostdev::subsystem) continue;
    if (h.type == Hostdev::scsi) {
      if (h.scsi_protocol == 1 && h.iscsi_path.find('/') == std::string::npos) h.iscsi_path += "/0";
      if (h.info.addr.type == Address::none) {
        // virDomainHostdevAssignAddress: the first free unit on bus 0,
        // target 0 of the first controller with room.
        unsigned controller = 0;
        int unit = -1;
        for (;; controller++) {
          for (unsigned u = 0; u < 7; u++)
            if (!scsi_unit_used(def, controller, u)) {
              unit = static_cast<int>(u);
              break;
            }
          if (unit >= 0) break;
        }
        h.info.addr.type = Address::drive;
        h.info.addr.controller = controller;
        h.info.addr.bus = 0;
        h.info.addr.target = 0;
        h.info.addr.unit = static_cast<unsigned>(unit);
      }
      const Address &a = h.info.addr;
      if (drive_used_by_disk(def, a))
        return error(kFromDomain, VIR_ERR_XML_ERROR,
                     "SCSI host address controller='%u' bus='%u' target='%u' unit='%u' in use by "
                     "a SCSI disk",
                     a.controller, a.bus, a.target, a.unit);
    } else if (h.type == Hostdev::mdev && h.info.addr.type != Address::none) {
      if ((h.mdev_model == 0 && h.info.addr.type != Address::pci) ||
          (h.mdev_model == 1 && h.info.addr.type != Address::ccw))
        return error(kFromDomain, VIR_ERR_XML_ERROR,
                     "Unsupported address type '%s' with mediated device model '%s'",
                     name_at(kAddressTypes, h.info.addr.type), name_at(kMdevModels, h.mdev_model));
    }
  }
  return Status();
}

Status check_disk_hostdev_address(const DomainDef &def, const Disk &disk) {
  if (disk.bus != Disk::scsi || disk.info.addr.type != Address::drive) return Status();
  const Address &a = disk.info.addr;
  if (drive_used_by_hostdev(def, a.controller, a.unit))
    return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED,
                 "using disk target name '%s' conflicts with SCSI host device address "
                 "controller='%u' bus='%u' target='%u' unit='%u",
                 disk.dst ? disk.dst->c_str() : "", a.controller, 0u, 0u, a.unit);
  return Status();
}

Status validate_hostdevs(const DomainDef &def) {
  // The hostdevs of <interface type='hostdev'> come first in libvirt's list.
  std::vector<const Hostdev *> all;
  for (const Net &n : def.nets)
    if (n.hostdev_def) all.push_back(&*n.hostdev_def);
  for (const Hostdev &hd : def.hostdevs) all.push_back(&hd);
  for (const Hostdev *hp : all) {
    const Hostdev &h = *hp;
    int at = h.info.addr.type;
    if (h.mode == Hostdev::subsystem) {
      switch (h.type) {
        case Hostdev::pci:
          if (at != Address::none && at != Address::unassigned && at != Address::pci)
            return error(kFromDomain, VIR_ERR_INTERNAL_ERROR, "%s",
                         "PCI host devices must use 'pci' or 'unassigned' address type");
          break;
        case Hostdev::scsi:
          if (at != Address::none && at != Address::drive)
            return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                         "SCSI host device must use 'drive' address type");
          if (h.sgio == 2)
            return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                         "unfiltered sgio is no longer supported");
          break;
        case Hostdev::scsi_host:
          if (at != Address::none && at != Address::pci && at != Address::ccw)
            return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                         "SCSI_host host device must use 'pci' or 'ccw' address type");
          break;
        case Hostdev::usb:
          if (at != Address::none && at != Address::usb)
            return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                         "USB host device must use 'usb' address type");
          break;
        default:
          break;
      }
    }
    if (h.teaming) {
      if (h.teaming->type != 2)
        return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                     "teaming hostdev devices must have type='transient'");
      if (!h.teaming->persistent)
        return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                     "missing required persistent attribute in hostdev teaming element");
      if (h.mode != Hostdev::subsystem || h.type != Hostdev::pci)
        return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                     "teaming is only supported for pci hostdev devices");
    }
  }
  return Status();
}

namespace {

// virDomainHostdevMatch.
bool hostdev_match(const Hostdev &a, const Hostdev &b) {
  if (a.mode != b.mode || a.type != b.type) return false;
  if (a.mode == Hostdev::capabilities) return a.caps_name == b.caps_name;
  switch (a.type) {
    case Hostdev::pci:
      return a.pci_addr.domain == b.pci_addr.domain && a.pci_addr.bus == b.pci_addr.bus &&
             a.pci_addr.slot == b.pci_addr.slot && a.pci_addr.function == b.pci_addr.function;
    case Hostdev::usb:
      if (a.usb_bus && a.usb_device) return a.usb_bus == b.usb_bus && a.usb_device == b.usb_device;
      return a.product == b.product && a.vendor == b.vendor;
    case Hostdev::scsi:
      if (a.scsi_protocol != b.scsi_protocol) return false;
      if (a.scsi_protocol == 1)
        return a.iscsi_host == b.iscsi_host && a.iscsi_port == b.iscsi_port &&
               a.iscsi_path == b.iscsi_path;
      return a.adapter == b.adapter && a.scsi_bus == b.scsi_bus && a.scsi_target == b.scsi_target &&
             a.scsi_unit == b.scsi_unit;
    case Hostdev::scsi_host:
      return a.host_protocol == b.host_protocol && a.wwpn == b.wwpn;
    case Hostdev::mdev:
      return a.uuid == b.uuid;
    default:
      return false;
  }
}

}  // namespace

Status validate_hostdevs_domain(const DomainDef &def) {
  // The domain's hostdev list: those of <interface type='hostdev'> (read
  // first), then the <hostdev> elements.
  std::vector<const Hostdev *> all;
  for (const Net &n : def.nets)
    if (n.hostdev_def) all.push_back(&*n.hostdev_def);
  for (const Hostdev &h : def.hostdevs) all.push_back(&h);
  bool ramfb = false;
  for (size_t i = 0; i < all.size(); i++) {
    const Hostdev &h = *all[i];
    for (size_t j = i + 1; j < all.size(); j++)
      if (hostdev_match(h, *all[j]))
        return error(kFromDomain, VIR_ERR_XML_ERROR, "%s",
                     "Hostdev already exists in the domain configuration");
    // libvirt reads the mdev fields whatever the mode.
    if (h.type == Hostdev::mdev && h.ramfb == TristateSwitch::on) {
      if (ramfb)
        return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                     "Only one vgpu device can have 'ramfb' enabled");
      ramfb = true;
    }
  }
  // virDomainDefDuplicateDriveAddressesValidate, its hostdev part.
  for (size_t i = 0; i < all.size(); i++) {
    const Hostdev &h = *all[i];
    if (!is_scsi(h) || h.info.addr.type != Address::drive) continue;
    const Address &a = h.info.addr;
    for (size_t j = i + 1; j < all.size(); j++) {
      const Hostdev &o = *all[j];
      if (is_scsi(o) && o.info.addr.type == Address::drive &&
          same_drive(o.info.addr, a.controller, a.bus, a.target, a.unit))
        return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED,
                     "SCSI host address controller='%u' bus='%u' target='%u' unit='%u' in use by "
                     "another SCSI host device",
                     a.bus, a.controller, a.target, a.unit);
    }
    if (drive_used_by_disk(def, a))
      return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED,
                   "SCSI host address controller='%u' bus='%u' target='%u' unit='%u' in use by "
                   "another SCSI disk",
                   a.bus, a.controller, a.target, a.unit);
  }
  return Status();
}

void format_hostdev(Buffer &buf, const Hostdev &h, unsigned flags) {
  bool subsys = h.mode == Hostdev::subsystem;
  buf.addf("<hostdev mode='%s' type='%s'", name_at(kModes, h.mode),
           name_at(subsys ? kSubsysTypes : kCapsTypes, h.type));
  if (subsys) {
    buf.addf(" managed='%s'", h.managed ? "yes" : "no");
    if (h.type == Hostdev::scsi && h.sgio) buf.addf(" sgio='%s'", name_at(kSgio, h.sgio));
    if (h.type == Hostdev::scsi && h.rawio != TristateBool::absent)
      buf.addf(" rawio='%s'", h.rawio == TristateBool::yes ? "yes" : "no");
    if (h.type == Hostdev::scsi_host && h.vhost_model)
      buf.addf(" model='%s'", name_at(kVhostModels, h.vhost_model));
    if (h.type == Hostdev::mdev) {
      buf.addf(" model='%s'", name_at(kMdevModels, h.mdev_model));
      if (h.display != TristateSwitch::absent)
        buf.addf(" display='%s'", h.display == TristateSwitch::on ? "on" : "off");
      if (h.ramfb != TristateSwitch::absent)
        buf.addf(" ramfb='%s'", h.ramfb == TristateSwitch::on ? "on" : "off");
    }
  }
  buf.add(">\n");
  buf.indent(2);
  if (subsys) {
    format_hostdev_source(buf, h, flags, false);
  } else {
    static const char *const kChild[] = {"<block>%s</block>\n", "<char>%s</char>\n",
                                         "<interface>%s</interface>\n"};
    buf.add("<source>\n");
    buf.indent(2);
    buf.escape(kChild[h.type], h.caps_name.c_str());
    buf.indent(-2);
    buf.add("</source>\n");
    if (h.type == Hostdev::net) format_ip_info(buf, h.caps_ip);
  }
  if (h.teaming && h.teaming->type) {
    buf.addf("<teaming type='%s'", name_at(kTeamingTypes, h.teaming->type));
    buf.escape(" persistent='%s'", h.teaming->persistent);
    buf.add("/>\n");
  }
  if (h.readonly) buf.add("<readonly/>\n");
  if (h.shareable) buf.add("<shareable/>\n");
  format_device_info(buf, h.info, true);
  buf.indent(-2);
  buf.add("</hostdev>\n");
}

void format_hostdev_source(Buffer &buf, const Hostdev &h, unsigned flags, bool include_type) {
  {
    Buffer attrs;
    Buffer child = Buffer::child_of(buf);
    switch (h.type) {
      case Hostdev::usb:
        if (h.startup_policy)
          attrs.addf(" startupPolicy='%s'", name_at(kStartupPolicies, h.startup_policy));
        if (h.auto_address && (flags & kFormatMigratable)) attrs.add(" autoAddress='yes'");
        if (h.guest_reset) attrs.addf(" guestReset='%s'", name_at(kUsbGuestReset, h.guest_reset));
        if (h.vendor) {
          child.addf("<vendor id='0x%.4x'/>\n", h.vendor);
          child.addf("<product id='0x%.4x'/>\n", h.product);
        }
        if (h.usb_bus || h.usb_device)
          child.addf("<address %sbus='%d' device='%d'/>\n", include_type ? "type='usb' " : "",
                     static_cast<int>(h.usb_bus), static_cast<int>(h.usb_device));
        break;
      case Hostdev::pci:
        if (h.write_filtering != TristateBool::absent)
          attrs.addf(" writeFiltering='%s'", h.write_filtering == TristateBool::yes ? "yes" : "no");
        if (h.pci_backend) buf.addf("<driver name='%s'/>\n", name_at(kPciBackends, h.pci_backend));
        child.addf("<address %sdomain='0x%04x' bus='0x%02x' slot='0x%02x' function='0x%d'/>\n",
                   include_type ? "type='pci' " : "", h.pci_addr.domain, h.pci_addr.bus,
                   h.pci_addr.slot, h.pci_addr.function);
        break;
      case Hostdev::scsi:
        if (h.scsi_protocol == 1) {
          attrs.addf(" protocol='iscsi' name='%s'", h.iscsi_path.c_str());
          child.add("<host");
          child.escape(" name='%s'", h.iscsi_host.c_str());
          if (h.iscsi_port) child.addf(" port='%u'", h.iscsi_port);
          child.add("/>\n");
          if (h.auth) format_storage_auth(child, *h.auth);
          if (h.initiator_iqn) {
            child.add("<initiator>\n");
            child.indent(2);
            child.escape("<iqn name='%s'/>\n", h.initiator_iqn);
            child.indent(-2);
            child.add("</initiator>\n");
          }
        } else {
          child.addf("<adapter name='%s'/>\n", h.adapter.c_str());
          child.addf("<address %sbus='%u' target='%u' unit='%llu'/>\n",
                     include_type ? "type='scsi' " : "", h.scsi_bus, h.scsi_target, h.scsi_unit);
        }
        break;
      case Hostdev::scsi_host:
        attrs.addf(" protocol='%s' wwpn='%s'", name_at(kScsiHostProtocols, h.host_protocol),
                   h.wwpn.c_str());
        break;
      case Hostdev::mdev:
        child.addf("<address uuid='%s'/>\n", h.uuid.c_str());
        break;
      default:
        break;
    }
    xml::format_element(buf, "source", &attrs, &child);
  }
}

}  // namespace virtkit::conf
