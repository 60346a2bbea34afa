// SPDX-License-Identifier: LGPL-2.1-or-later
#include "xml/nodedev_def.h"

#include "util/numbers.h"
#include "util/uuid.h"
#include "xml/xml.h"

namespace virtkit::conf {

namespace {

constexpr int kFrom = VIR_FROM_NODEDEV;
using xml::Buffer;

const std::vector<std::string_view> kDevnodeTypes{"dev", "link"};
const std::vector<std::string_view> kNetSubtypes{"80203", "80211"};
const std::vector<std::string_view> kDrmTypes{"primary", "control", "render"};
const std::vector<std::string_view> kPciHeaders{"endpoint", "pci-bridge", "cardbus-bridge"};
const std::vector<std::string_view> kPcieSpeeds{"", "2.5", "5", "8", "16", "32", "64"};
const std::vector<std::string_view> kNetFeatures{"rx",     "tx",   "sg",       "tso",      "gso",
                                                 "gro",    "lro",  "rxvlan",   "txvlan",   "ntuple",
                                                 "rxhash", "rdma", "txudptnl", "switchdev"};

// An internal error naming the device ("... for '%s'").
Status internal(const char *fmt, const std::string &name) {
  return error(kFrom, VIR_ERR_INTERNAL_ERROR, fmt, name.c_str());
}

// virNodeDevCapsDefParseUInt / ParseULongLong / ParseHexId.
Status parse_uint(xmlXPathContextPtr ctxt, const char *expr, unsigned &out,
                  const NodeDeviceDef &def, const char *missing, const char *invalid) {
  int rc = xml::xpath_uint(ctxt, expr, out);
  if (rc == -1) return internal(missing, def.name);
  if (rc < 0) return internal(invalid, def.name);
  return Status();
}
Status parse_ull(xmlXPathContextPtr ctxt, const char *expr, unsigned long long &out,
                 const NodeDeviceDef &def, const char *missing, const char *invalid) {
  int rc = xml::xpath_ull(ctxt, expr, out);
  if (rc == -1) return internal(missing, def.name);
  if (rc < 0) return internal(invalid, def.name);
  return Status();
}
Status parse_hex(xmlXPathContextPtr ctxt, const char *expr, unsigned &out, const NodeDeviceDef &def,
                 const char *missing, const char *invalid) {
  auto s = xml::xpath_string(ctxt, expr);
  if (!s) return internal(missing, def.name);
  if (!util::str_to_ui(s->c_str(), 16, out)) return internal(invalid, def.name);
  return Status();
}

Status parse_system(xmlXPathContextPtr ctxt, const NodeDeviceDef &def, DevCapDef &cap) {
  cap.product_name = xml::xpath_string(ctxt, "string(./product[1])");
  cap.hw_vendor = xml::xpath_string(ctxt, "string(./hardware/vendor[1])");
  cap.hw_version = xml::xpath_string(ctxt, "string(./hardware/version[1])");
  cap.hw_serial = xml::xpath_string(ctxt, "string(./hardware/serial[1])");
  auto uuid = xml::xpath_string(ctxt, "string(./hardware/uuid[1])");
  if (!uuid) return internal("no system UUID supplied for '%s'", def.name);
  if (!util::parse_uuid(uuid->c_str(), cap.hw_uuid))
    return internal("malformed uuid element for '%s'", def.name);
  cap.fw_vendor = xml::xpath_string(ctxt, "string(./firmware/vendor[1])");
  cap.fw_version = xml::xpath_string(ctxt, "string(./firmware/version[1])");
  cap.fw_release_date = xml::xpath_string(ctxt, "string(./firmware/release_date[1])");
  return Status();
}

Status parse_pci_addr(xmlNodePtr n, PciAddr &a) {
  VK_TRY(xml::prop_uint(n, "domain", 0, xml::kPropNone, a.domain));
  VK_TRY(xml::prop_uint(n, "bus", 0, xml::kPropNone, a.bus));
  VK_TRY(xml::prop_uint(n, "slot", 0, xml::kPropNone, a.slot));
  VK_TRY(xml::prop_uint(n, "function", 0, xml::kPropNone, a.function));
  return Status();
}

// virNodeDevCapMdevTypesParseXML, at a <capability type='mdev_types'>:
// its types are added to `out` (a capability without any is accepted).
Status parse_mdev_types(xmlXPathContextPtr ctxt, std::vector<MdevType> &out) {
  xml::NodeRestore restore(ctxt);
  for (xmlNodePtr n : xml::xpath_nodes(ctxt, "./type")) {
    ctxt->node = n;
    MdevType t;
    auto id = xml::xpath_string(ctxt, "string(./@id[1])");
    if (!id)
      return error(kFrom, VIR_ERR_XML_ERROR, "%s",
                   "missing 'id' attribute for mediated device's <type> element");
    t.id = *id;
    auto api = xml::xpath_string(ctxt, "string(./deviceAPI[1])");
    if (!api)
      return error(kFrom, VIR_ERR_XML_ERROR, "missing device API for mediated device type '%s'",
                   id->c_str());
    t.device_api = *api;
    if (xml::xpath_uint(ctxt, "string(./availableInstances)", t.available_instances) < 0)
      return error(kFrom, VIR_ERR_XML_ERROR,
                   "missing number of available instances for mediated device type '%s'",
                   id->c_str());
    t.name = xml::xpath_string(ctxt, "string(./name)");
    out.push_back(std::move(t));
  }
  return Status();
}

bool upper_or_digit(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

void upsert(std::vector<Vpd::Custom> &list, char index, const std::string &value) {
  for (Vpd::Custom &c : list)
    if (c.index == index) {
      c.value = value;
      return;
    }
  list.push_back({index, value});
}

// A vendor_field ('V') or system_field ('Y') with a one-character index
// stored as libvirt's VPD keyword update does: "YA" is the asset tag;
// other keywords need an upper-case letter or digit, the rest are skipped.
void vpd_custom(Vpd &v, bool read_only, char prefix, char index, const std::string &value) {
  if (read_only) {
    if (prefix == 'V' && upper_or_digit(index)) upsert(v.ro->vendor, index, value);
    return;
  }
  if (prefix == 'Y' && index == 'A')
    v.rw->asset_tag = value;
  else if (upper_or_digit(index))
    upsert(prefix == 'V' ? v.rw->vendor : v.rw->system, index, value);
}

// The vendor_field (and for read-write ones, system_field) elements of
// the <fields> at ctxt->node; a field without a one-character index or a
// text is skipped.
void parse_vpd_custom(xmlXPathContextPtr ctxt, Vpd &v, bool read_only) {
  xml::NodeRestore restore(ctxt);
  xmlNodePtr here = ctxt->node;
  auto each = [&](const char *expr, char prefix) {
    for (xmlNodePtr n : xml::xpath_nodes(ctxt, expr)) {
      ctxt->node = n;
      auto index = xml::xpath_string(ctxt, "string(./@index[1])");
      auto value = xml::xpath_string(ctxt, "string(./text())");
      ctxt->node = here;
      if (!index || index->size() > 1 || !value) continue;
      vpd_custom(v, read_only, prefix, (*index)[0], *value);
    }
  };
  each("./vendor_field[@index]", 'V');
  if (!read_only) each("./system_field[@index]", 'Y');
}

// virNodeDeviceCapVPDParseXML, at the <capability type='vpd'>: a later
// <fields> of the same access replaces an earlier one, a later vpd
// capability the whole resource.
Status parse_vpd(xmlXPathContextPtr ctxt, std::optional<Vpd> &out) {
  Vpd v;
  auto name = xml::xpath_string(ctxt, "string(./name)");
  if (!name)
    return error(kFrom, VIR_ERR_XML_ERROR, "%s",
                 "Could not read a device name from the <name> element");
  v.name = *name;
  xml::NodeRestore restore(ctxt);
  for (xmlNodePtr n : xml::xpath_nodes(ctxt, "./fields[@access]")) {
    ctxt->node = n;
    auto access = xml::xpath_string(ctxt, "string(./@access[1])");
    if (!access)
      return error(kFrom, VIR_ERR_XML_ERROR, "%s", "VPD fields access type parsing has failed");
    if (*access == "readonly") {
      Vpd::ReadOnly &ro = v.ro.emplace();
      ro.change_level = xml::xpath_string(ctxt, "string(./change_level)");
      ro.manufacture_id = xml::xpath_string(ctxt, "string(./manufacture_id)");
      ro.serial_number = xml::xpath_string(ctxt, "string(./serial_number)");
      ro.part_number = xml::xpath_string(ctxt, "string(./part_number)");
      parse_vpd_custom(ctxt, v, true);
    } else if (*access == "readwrite") {
      v.rw.emplace().asset_tag = xml::xpath_string(ctxt, "string(./asset_tag)");
      parse_vpd_custom(ctxt, v, false);
    } else {
      return error(kFrom, VIR_ERR_XML_ERROR, "Unsupported VPD field access type specified %s",
                   access->c_str());
    }
  }
  out = std::move(v);
  return Status();
}

// An unsigned number in libvirt's virStrToLong_uip with `base`.
Status check_uip(xmlXPathContextPtr ctxt, const char *expr, int base, const char *what,
                 const std::string &name, unsigned *out = nullptr) {
  auto v = xml::xpath_string(ctxt, expr);
  if (!v)
    return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED, "missing %s value for '%s'", what,
                 name.c_str());
  unsigned n = 0;
  if (!util::str_to_uip(v->c_str(), base, n))
    return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED, "invalid %s value '%s' for '%s'", what,
                 v->c_str(), name.c_str());
  if (out) *out = n;
  return Status();
}

// virNodeDevCCWDeviceAddressParseXML at ctxt->node.
Status check_ccw_address(xmlXPathContextPtr ctxt, const std::string &name, DevCapDef::CcwAddr &a) {
  VK_TRY(check_uip(ctxt, "string(./cssid[1])", 0, "cssid", name, &a.cssid));
  VK_TRY(check_uip(ctxt, "string(./ssid[1])", 0, "ssid", name, &a.ssid));
  return check_uip(ctxt, "string(./devno[1])", 16, "devno", name, &a.devno);
}

// A <capability> list inside css or ap_matrix: each needs a type;
// mdev_types ones are read.
Status parse_sub_caps(xmlXPathContextPtr ctxt, DevCapDef &cap) {
  xml::NodeRestore restore(ctxt);
  xmlNodePtr here = ctxt->node;
  for (xmlNodePtr n : xml::xpath_nodes(ctxt, "./capability")) {
    auto type = xml::prop(n, "type");
    if (!type) return error(kFrom, VIR_ERR_XML_ERROR, "%s", "Missing capability type");
    ctxt->node = n;
    if (*type == "mdev_types") {
      VK_TRY(parse_mdev_types(ctxt, cap.mdev_types));
      cap.has_mdev_types = true;
    }
    ctxt->node = here;
  }
  return Status();
}

// mdev, ccw, css, ap_card, ap_queue and ap_matrix, at ctxt->node.
Status parse_mdev_ccw_ap(xmlXPathContextPtr ctxt, const NodeDeviceDef &def, DevCapDef &cap) {
  const std::string &name = def.name;
  switch (cap.type) {
    case DevCap::mdev: {
      auto type = xml::xpath_string(ctxt, "string(./type[1]/@id)");
      if (!type)
        return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED, "missing type id attribute for '%s'",
                     name.c_str());
      cap.mdev_type = *type;
      if (auto uuid = xml::xpath_string(ctxt, "string(./uuid[1])")) {
        unsigned char buf[VIR_UUID_BUFLEN];
        if (!util::parse_uuid(uuid->c_str(), buf))
          return error(kFrom, VIR_ERR_INTERNAL_ERROR, "Invalid uuid '%s' for new mdev device",
                       uuid->c_str());
        cap.mdev_uuid = util::format_uuid(buf);
      }
      if (xml::xpath_uint(ctxt, "string(./iommuGroup[1]/@number)", cap.mdev_iommu_group) < -1)
        return internal("invalid iommuGroup number attribute for '%s'", def.name);
      // An <attr> without name or value is reported but skipped, not a
      // parse failure (libvirt's parser ignores that error).
      for (xmlNodePtr n : xml::xpath_nodes(ctxt, "./attr")) {
        auto an = xml::prop(n, "name"), av = xml::prop(n, "value");
        if (an && !an->empty() && av && !av->empty()) cap.mdev_attrs.emplace_back(*an, *av);
      }
      return Status();
    }
    case DevCap::ccw:
      return check_ccw_address(ctxt, name, cap.ccw);
    case DevCap::css: {
      VK_TRY(check_ccw_address(ctxt, name, cap.ccw));
      VK_TRY(parse_sub_caps(ctxt, cap));
      if (xmlNodePtr n = xml::xpath_node(ctxt, "./channel_dev_addr[1]")) {
        xml::NodeRestore restore(ctxt);
        ctxt->node = n;
        VK_TRY(check_ccw_address(ctxt, name, cap.channel_dev_addr.emplace()));
      }
      return Status();
    }
    case DevCap::ap_card:
      return check_uip(ctxt, "string(./ap-adapter[1])", 0, "ap-adapter", name, &cap.ap_adapter);
    case DevCap::ap_queue: {
      VK_TRY(check_uip(ctxt, "string(./ap-adapter[1])", 0, "ap-adapter", name, &cap.ap_adapter));
      unsigned &dom = cap.ap_domain;
      VK_TRY(check_uip(ctxt, "string(./ap-domain[1])", 0, "ap-domain", name, &dom));
      if (dom > 255) {
        auto v = xml::xpath_string(ctxt, "string(./ap-domain[1])");
        return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED,
                     "ap-domain value '%s' is out of range for '%s'", v->c_str(), name.c_str());
      }
      return Status();
    }
    case DevCap::ap_matrix:
      return parse_sub_caps(ctxt, cap);
    default:
      return Status();
  }
}

// virNodeDevPCICapabilityParseXML.
Status parse_pci_sub(xmlXPathContextPtr ctxt, xmlNodePtr node, DevCapDef &cap) {
  auto type = xml::prop(node, "type");
  if (!type) return error(kFrom, VIR_ERR_XML_ERROR, "%s", "Missing capability type");
  xml::NodeRestore restore(ctxt);
  ctxt->node = node;
  if (*type == "phys_function") {
    xmlNodePtr address = xml::xpath_node(ctxt, "./address[1]");
    if (!address)
      return error(kFrom, VIR_ERR_XML_ERROR, "%s", "Missing address in 'phys_function' capability");
    PciAddr a;
    VK_TRY(parse_pci_addr(address, a));
    cap.phys_function = a;
  } else if (*type == "virt_functions") {
    if (auto max = xml::xpath_string(ctxt, "string(./@maxCount)")) {
      if (!util::str_to_uip(max->c_str(), 10, cap.max_virt_functions))
        return error(kFrom, VIR_ERR_XML_ERROR, "%s", "Malformed 'maxCount' parameter");
    }
    for (xmlNodePtr n : xml::xpath_nodes(ctxt, "./address")) {
      PciAddr a;
      VK_TRY(parse_pci_addr(n, a));
      cap.virt_functions.push_back(a);
    }
    cap.has_virt_functions = true;
  } else if (*type == "mdev_types") {
    VK_TRY(parse_mdev_types(ctxt, cap.mdev_types));
    cap.has_mdev_types = true;
  } else if (*type == "vpd") {
    VK_TRY(parse_vpd(ctxt, cap.vpd));
  } else {
    int h = xml::enum_from_string(kPciHeaders, *type);
    if (h > 0 && !cap.pci_header) cap.pci_header = h;
  }
  return Status();
}

Status parse_pcie_link(xmlNodePtr node, DevCapDef::PcieLink &l) {
  VK_TRY(xml::prop_uint(node, "width", 0, xml::kPropRequired, l.width));
  VK_TRY(xml::prop_enum(node, "speed", kPcieSpeeds, xml::kPropNone, l.speed));
  VK_TRY(xml::prop_int(node, "port", 10, xml::kPropNone, l.port, -1));
  return Status();
}

Status parse_pci(xmlXPathContextPtr ctxt, const NodeDeviceDef &def, DevCapDef &cap) {
  if (auto klass = xml::xpath_string(ctxt, "string(./class[1])")) {
    if (!util::str_to_i(klass->c_str(), 16, cap.pci_class) || cap.pci_class > 0xffffff)
      return internal("invalid PCI class supplied for '%s'", def.name);
  } else {
    cap.pci_class = -1;
  }
  VK_TRY(parse_uint(ctxt, "string(./domain[1])", cap.pci_domain, def,
                    "no PCI domain ID supplied for '%s'",
                    "invalid PCI domain ID supplied for '%s'"));
  VK_TRY(parse_uint(ctxt, "string(./bus[1])", cap.pci_bus, def, "no PCI bus ID supplied for '%s'",
                    "invalid PCI bus ID supplied for '%s'"));
  VK_TRY(parse_uint(ctxt, "string(./slot[1])", cap.pci_slot, def,
                    "no PCI slot ID supplied for '%s'", "invalid PCI slot ID supplied for '%s'"));
  VK_TRY(parse_uint(ctxt, "string(./function[1])", cap.pci_function, def,
                    "no PCI function ID supplied for '%s'",
                    "invalid PCI function ID supplied for '%s'"));
  VK_TRY(parse_hex(ctxt, "string(./vendor[1]/@id)", cap.pci_vendor, def,
                   "no PCI vendor ID supplied for '%s'",
                   "invalid PCI vendor ID supplied for '%s'"));
  VK_TRY(parse_hex(ctxt, "string(./product[1]/@id)", cap.pci_product, def,
                   "no PCI product ID supplied for '%s'",
                   "invalid PCI product ID supplied for '%s'"));
  cap.pci_vendor_name = xml::xpath_string(ctxt, "string(./vendor[1])");
  cap.pci_product_name = xml::xpath_string(ctxt, "string(./product[1])");
  for (xmlNodePtr node : xml::xpath_nodes(ctxt, "./capability"))
    VK_TRY(parse_pci_sub(ctxt, node, cap));
  if (xmlNodePtr group = xml::xpath_node(ctxt, "./iommuGroup[1]")) {
    VK_TRY(xml::prop_uint(group, "number", 10, xml::kPropRequired, cap.iommu_group));
    for (xmlNode *n = group->children; n; n = n->next) {
      if (n->type != XML_ELEMENT_NODE || !xml::name_is(n, "address")) continue;
      PciAddr a;
      VK_TRY(parse_pci_addr(n, a));
      cap.iommu_devices.push_back(a);
    }
  }
  cap.numa_node = -1;
  int numa = 0;
  int rc = xml::xpath_int(ctxt, "string(./numa[1]/@node)", numa);
  if (rc == -2) return internal("invalid NUMA node ID supplied for '%s'", def.name);
  if (rc == 0) cap.numa_node = numa;
  if (xmlNodePtr pcie = xml::xpath_node(ctxt, "./pci-express[1]")) {
    xml::NodeRestore restore(ctxt);
    ctxt->node = pcie;
    cap.pcie = true;
    if (xmlNodePtr l = xml::xpath_node(ctxt, "./link[@validity='cap']")) {
      cap.link_cap.emplace();
      VK_TRY(parse_pcie_link(l, *cap.link_cap));
    }
    if (xmlNodePtr l = xml::xpath_node(ctxt, "./link[@validity='sta']")) {
      cap.link_sta.emplace();
      VK_TRY(parse_pcie_link(l, *cap.link_sta));
    }
  }
  return Status();
}

Status parse_usb_device(xmlXPathContextPtr ctxt, const NodeDeviceDef &def, DevCapDef &cap) {
  VK_TRY(parse_uint(ctxt, "string(./bus[1])", cap.usb_bus, def,
                    "no USB bus number supplied for '%s'",
                    "invalid USB bus number supplied for '%s'"));
  VK_TRY(parse_uint(ctxt, "string(./device[1])", cap.usb_device, def,
                    "no USB device number supplied for '%s'",
                    "invalid USB device number supplied for '%s'"));
  VK_TRY(parse_hex(ctxt, "string(./vendor[1]/@id)", cap.usb_vendor, def,
                   "no USB vendor ID supplied for '%s'",
                   "invalid USB vendor ID supplied for '%s'"));
  VK_TRY(parse_hex(ctxt, "string(./product[1]/@id)", cap.usb_product, def,
                   "no USB product ID supplied for '%s'",
                   "invalid USB product ID supplied for '%s'"));
  cap.usb_vendor_name = xml::xpath_string(ctxt, "string(./vendor[1])");
  cap.usb_product_name = xml::xpath_string(ctxt, "string(./product[1])");
  return Status();
}

Status parse_usb_interface(xmlXPathContextPtr ctxt, const NodeDeviceDef &def, DevCapDef &cap) {
  VK_TRY(parse_uint(ctxt, "string(./number[1])", cap.usb_number, def,
                    "no USB interface number supplied for '%s'",
                    "invalid USB interface number supplied for '%s'"));
  VK_TRY(parse_uint(ctxt, "string(./class[1])", cap.usb_class, def,
                    "no USB interface class supplied for '%s'",
                    "invalid USB interface class supplied for '%s'"));
  VK_TRY(parse_uint(ctxt, "string(./subclass[1])", cap.usb_subclass, def,
                    "no USB interface subclass supplied for '%s'",
                    "invalid USB interface subclass supplied for '%s'"));
  VK_TRY(parse_uint(ctxt, "string(./protocol[1])", cap.usb_protocol, def,
                    "no USB interface protocol supplied for '%s'",
                    "invalid USB interface protocol supplied for '%s'"));
  cap.usb_description = xml::xpath_string(ctxt, "string(./description[1])");
  return Status();
}

Status parse_drm(xmlXPathContextPtr ctxt, const NodeDeviceDef &def, DevCapDef &cap) {
  auto type = xml::xpath_string(ctxt, "string(./type[1])");
  int t = type ? xml::enum_from_string(kDrmTypes, *type) : -1;
  if (t < 0)
    return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED, "unknown drm type '%s' for '%s'",
                 type ? type->c_str() : "(null)", def.name.c_str());
  cap.drm_type = t;
  return Status();
}

Status parse_net(xmlXPathContextPtr ctxt, const NodeDeviceDef &def, DevCapDef &cap) {
  auto ifname = xml::xpath_string(ctxt, "string(./interface[1])");
  if (!ifname) return internal("no network interface supplied for '%s'", def.name);
  cap.ifname = *ifname;
  cap.net_address = xml::xpath_string(ctxt, "string(./address[1])");
  std::vector<bool> set(kNetFeatures.size());
  for (xmlNodePtr node : xml::xpath_nodes(ctxt, "./feature")) {
    auto name = xml::prop(node, "name");
    if (!name) return error(kFrom, VIR_ERR_XML_ERROR, "%s", "missing network device feature name");
    int f = xml::enum_from_string(kNetFeatures, *name);
    if (f < 0)
      return error(kFrom, VIR_ERR_XML_ERROR, "unknown network device feature '%s'", name->c_str());
    set[static_cast<size_t>(f)] = true;
  }
  for (size_t i = 0; i < set.size(); i++)
    if (set[i]) cap.net_features.push_back(static_cast<int>(i));
  cap.net_subtype = 2;
  if (auto type = xml::xpath_string(ctxt, "string(./capability/@type)")) {
    int t = xml::enum_from_string(kNetSubtypes, *type);
    if (t < 0)
      return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED, "invalid network type supplied for '%s'",
                   def.name.c_str());
    cap.net_subtype = t;
  }
  if (xmlNodePtr lnk = xml::xpath_node(ctxt, "./link")) VK_TRY(parse_if_link(lnk, cap.net_link));
  return Status();
}

Status parse_scsi_host(xmlXPathContextPtr ctxt, const NodeDeviceDef &def, DevCapDef &cap,
                       bool create) {
  if (!create) {
    VK_TRY(parse_uint(ctxt, "string(./host[1])", cap.host, def, "no SCSI host ID supplied for '%s'",
                      "invalid SCSI host ID supplied for '%s'"));
    cap.unique_id = -1;
    if (xml::xpath_int(ctxt, "string(./unique_id[1])", cap.unique_id) == -2)
      return internal("invalid unique_id supplied for '%s'", def.name);
  }
  xml::NodeRestore restore(ctxt);
  for (xmlNodePtr node : xml::xpath_nodes(ctxt, "./capability")) {
    auto type = xml::prop(node, "type");
    if (!type) return internal("missing SCSI host capability type for '%s'", def.name);
    if (*type == "vport_ops") {
      cap.host_flags |= DevCapDef::kVportOps;
    } else if (*type == "fc_host") {
      cap.host_flags |= DevCapDef::kFcHost;
      ctxt->node = node;
      // libvirt would generate missing names for a given virt type; the
      // node device drivers give none, so generation always fails.
      cap.wwnn = xml::xpath_string(ctxt, "string(./wwnn[1])");
      if (!cap.wwnn)
        return internal("no WWNN supplied for '%s', and auto-generation failed", def.name);
      cap.wwpn = xml::xpath_string(ctxt, "string(./wwpn[1])");
      if (!cap.wwpn)
        return internal("no WWPN supplied for '%s', and auto-generation failed", def.name);
      cap.fabric_wwn = xml::xpath_string(ctxt, "string(./fabric_wwn[1])");
    } else {
      return error(kFrom, VIR_ERR_INTERNAL_ERROR, "unknown SCSI host capability type '%s' for '%s'",
                   type->c_str(), def.name.c_str());
    }
  }
  return Status();
}

Status parse_scsi_target(xmlXPathContextPtr ctxt, const NodeDeviceDef &def, DevCapDef &cap) {
  auto name = xml::xpath_string(ctxt, "string(./target[1])");
  if (!name) return internal("no target name supplied for '%s'", def.name);
  cap.target_name = *name;
  xml::NodeRestore restore(ctxt);
  for (xmlNodePtr node : xml::xpath_nodes(ctxt, "./capability")) {
    auto type = xml::prop(node, "type");
    if (!type) return internal("missing type for SCSI target capability for '%s'", def.name);
    if (*type != "fc_remote_port")
      return error(kFrom, VIR_ERR_INTERNAL_ERROR,
                   "unknown SCSI target capability type '%s' for '%s'", type->c_str(),
                   def.name.c_str());
    cap.fc_rport = true;
    ctxt->node = node;
    cap.rport = xml::xpath_string(ctxt, "string(./rport[1])");
    if (!cap.rport) return internal("missing rport name for '%s'", def.name);
    cap.rport_wwpn = xml::xpath_string(ctxt, "string(./wwpn[1])");
    if (!cap.rport_wwpn) return internal("missing wwpn identifier for '%s'", def.name);
  }
  return Status();
}

Status parse_scsi(xmlXPathContextPtr ctxt, const NodeDeviceDef &def, DevCapDef &cap) {
  VK_TRY(parse_uint(ctxt, "string(./host[1])", cap.scsi_host, def,
                    "no SCSI host ID supplied for '%s'", "invalid SCSI host ID supplied for '%s'"));
  VK_TRY(parse_uint(ctxt, "string(./bus[1])", cap.scsi_bus, def, "no SCSI bus ID supplied for '%s'",
                    "invalid SCSI bus ID supplied for '%s'"));
  VK_TRY(parse_uint(ctxt, "string(./target[1])", cap.scsi_target, def,
                    "no SCSI target ID supplied for '%s'",
                    "invalid SCSI target ID supplied for '%s'"));
  VK_TRY(parse_uint(ctxt, "string(./lun[1])", cap.scsi_lun, def, "no SCSI LUN ID supplied for '%s'",
                    "invalid SCSI LUN ID supplied for '%s'"));
  cap.scsi_type = xml::xpath_string(ctxt, "string(./type[1])");
  return Status();
}

Status parse_storage(xmlXPathContextPtr ctxt, const NodeDeviceDef &def, DevCapDef &cap) {
  auto block = xml::xpath_string(ctxt, "string(./block[1])");
  if (!block) return internal("no block device path supplied for '%s'", def.name);
  cap.block = *block;
  cap.st_bus = xml::xpath_string(ctxt, "string(./bus[1])");
  cap.drive_type = xml::xpath_string(ctxt, "string(./drive_type[1])");
  cap.model = xml::xpath_string(ctxt, "string(./model[1])");
  cap.vendor = xml::xpath_string(ctxt, "string(./vendor[1])");
  cap.serial = xml::xpath_string(ctxt, "string(./serial[1])");
  xml::NodeRestore restore(ctxt);
  xmlNodePtr here = ctxt->node;
  for (xmlNodePtr node : xml::xpath_nodes(ctxt, "./capability")) {
    auto type = xml::prop(node, "type");
    if (!type) return internal("missing storage capability type for '%s'", def.name);
    if (*type == "hotpluggable") {
      cap.st_flags |= DevCapDef::kHotpluggable;
    } else if (*type == "removable") {
      cap.st_flags |= DevCapDef::kRemovable;
      ctxt->node = node;
      if (xml::xpath_boolean(ctxt, "count(./media_available[. = '1']) > 0") == 1)
        cap.st_flags |= DevCapDef::kMediaAvailable;
      cap.media_label = xml::xpath_string(ctxt, "string(./media_label[1])");
      VK_TRY(parse_ull(ctxt, "string(./media_size[1])", cap.removable_media_size, def,
                       "no removable media size supplied for '%s'",
                       "invalid removable media size supplied for '%s'"));
      ctxt->node = here;
    } else {
      return error(kFrom, VIR_ERR_INTERNAL_ERROR, "unknown storage capability type '%s' for '%s'",
                   type->c_str(), def.name.c_str());
    }
  }
  if (!(cap.st_flags & DevCapDef::kRemovable))
    VK_TRY(parse_ull(ctxt, "string(./size[1])", cap.size, def, "no size supplied for '%s'",
                     "invalid size supplied for '%s'"));
  return Status();
}

Result<DevCapDef> parse_cap(xmlXPathContextPtr ctxt, const NodeDeviceDef &def, xmlNodePtr node,
                            bool create) {
  DevCapDef cap;
  int t = 0;
  VK_TRY(xml::prop_enum(node, "type", dev_cap_names(), xml::kPropRequired, t));
  cap.type = static_cast<DevCap>(t);
  xml::NodeRestore restore(ctxt);
  ctxt->node = node;
  switch (cap.type) {
    case DevCap::system:
      VK_TRY(parse_system(ctxt, def, cap));
      break;
    case DevCap::pci:
      VK_TRY(parse_pci(ctxt, def, cap));
      break;
    case DevCap::usb_device:
      VK_TRY(parse_usb_device(ctxt, def, cap));
      break;
    case DevCap::usb:
      VK_TRY(parse_usb_interface(ctxt, def, cap));
      break;
    case DevCap::drm:
      VK_TRY(parse_drm(ctxt, def, cap));
      break;
    case DevCap::net:
      VK_TRY(parse_net(ctxt, def, cap));
      break;
    case DevCap::scsi_host:
      VK_TRY(parse_scsi_host(ctxt, def, cap, create));
      break;
    case DevCap::scsi_target:
      VK_TRY(parse_scsi_target(ctxt, def, cap));
      break;
    case DevCap::scsi:
      VK_TRY(parse_scsi(ctxt, def, cap));
      break;
    case DevCap::storage:
      VK_TRY(parse_storage(ctxt, def, cap));
      break;
    case DevCap::fc_host:
    case DevCap::vports:
    case DevCap::scsi_generic:
    case DevCap::mdev_types:
    case DevCap::vdpa:
    case DevCap::vpd:
    case DevCap::last:
      return error(kFrom, VIR_ERR_INTERNAL_ERROR, "unknown capability type '%d' for '%s'", t,
                   def.name.c_str());
    default:  // mdev, ccw, css and the ap_* kinds
      VK_TRY(parse_mdev_ccw_ap(ctxt, def, cap));
      break;
  }
  return cap;
}

void format_system(Buffer &buf, const DevCapDef &c) {
  buf.escape("<product>%s</product>\n", c.product_name);
  buf.add("<hardware>\n");
  buf.indent(2);
  buf.escape("<vendor>%s</vendor>\n", c.hw_vendor);
  buf.escape("<version>%s</version>\n", c.hw_version);
  buf.escape("<serial>%s</serial>\n", c.hw_serial);
  buf.addf("<uuid>%s</uuid>\n", util::format_uuid(c.hw_uuid).c_str());
  buf.indent(-2);
  buf.add("</hardware>\n");
  buf.add("<firmware>\n");
  buf.indent(2);
  buf.escape("<vendor>%s</vendor>\n", c.fw_vendor);
  buf.escape("<version>%s</version>\n", c.fw_version);
  buf.escape("<release_date>%s</release_date>\n", c.fw_release_date);
  buf.indent(-2);
  buf.add("</firmware>\n");
}

// Nothing when the capability lists no type.
void format_mdev_types(Buffer &buf, const DevCapDef &c) {
  if (c.mdev_types.empty()) return;
  buf.add("<capability type='mdev_types'>\n");
  buf.indent(2);
  for (const MdevType &t : c.mdev_types) {
    buf.escape("<type id='%s'>\n", t.id.c_str());
    buf.indent(2);
    buf.escape("<name>%s</name>\n", t.name);
    buf.escape("<deviceAPI>%s</deviceAPI>\n", t.device_api.c_str());
    buf.addf("<availableInstances>%u</availableInstances>\n", t.available_instances);
    buf.indent(-2);
    buf.add("</type>\n");
  }
  buf.indent(-2);
  buf.add("</capability>\n");
}

// The field values are printed unescaped, as libvirt does.
void format_vpd(Buffer &buf, const Vpd &v) {
  auto field = [&](const char *name, const std::optional<std::string> &value) {
    if (value) buf.addf("<%s>%s</%s>\n", name, value->c_str(), name);
  };
  auto custom = [&](const char *name, const std::vector<Vpd::Custom> &list) {
    for (const Vpd::Custom &f : list)
      buf.addf("<%s index='%c'>%s</%s>\n", name, f.index, f.value.c_str(), name);
  };
  buf.add("<capability type='vpd'>\n");
  buf.indent(2);
  buf.escape("<name>%s</name>\n", v.name.c_str());
  if (v.ro) {
    buf.add("<fields access='readonly'>\n");
    buf.indent(2);
    field("change_level", v.ro->change_level);
    field("manufacture_id", v.ro->manufacture_id);
    field("part_number", v.ro->part_number);
    field("serial_number", v.ro->serial_number);
    custom("vendor_field", v.ro->vendor);
    buf.indent(-2);
    buf.add("</fields>\n");
  }
  if (v.rw) {
    buf.add("<fields access='readwrite'>\n");
    buf.indent(2);
    field("asset_tag", v.rw->asset_tag);
    custom("vendor_field", v.rw->vendor);
    custom("system_field", v.rw->system);
    buf.indent(-2);
    buf.add("</fields>\n");
  }
  buf.indent(-2);
  buf.add("</capability>\n");
}

void format_pci(Buffer &buf, const DevCapDef &c) {
  if (c.pci_class >= 0) buf.addf("<class>0x%.6x</class>\n", static_cast<unsigned>(c.pci_class));
  buf.addf("<domain>%d</domain>\n", static_cast<int>(c.pci_domain));
  buf.addf("<bus>%u</bus>\n", c.pci_bus);
  buf.addf("<slot>%u</slot>\n", c.pci_slot);
  buf.addf("<function>%u</function>\n", c.pci_function);
  buf.addf("<product id='0x%04x'", c.pci_product);
  if (c.pci_product_name)
    buf.escape(">%s</product>\n", c.pci_product_name);
  else
    buf.add("/>\n");
  buf.addf("<vendor id='0x%04x'", c.pci_vendor);
  if (c.pci_vendor_name)
    buf.escape(">%s</vendor>\n", c.pci_vendor_name);
  else
    buf.add("/>\n");
  auto addr = [&](const PciAddr &a) {
    buf.addf("<address domain='0x%04x' bus='0x%02x' slot='0x%02x' function='0x%d'/>\n", a.domain,
             a.bus, a.slot, static_cast<int>(a.function));
  };
  if (c.phys_function) {
    buf.add("<capability type='phys_function'>\n");
    buf.indent(2);
    addr(*c.phys_function);
    buf.indent(-2);
    buf.add("</capability>\n");
  }
  if (c.has_virt_functions) {
    buf.add("<capability type='virt_functions'");
    if (c.max_virt_functions) buf.addf(" maxCount='%u'", c.max_virt_functions);
    if (c.virt_functions.empty()) {
      buf.add("/>\n");
    } else {
      buf.add(">\n");
      buf.indent(2);
      for (const PciAddr &a : c.virt_functions) addr(a);
      buf.indent(-2);
      buf.add("</capability>\n");
    }
  }
  if (c.pci_header > 0)
    buf.addf("<capability type='%s'/>\n",
             std::string(kPciHeaders[static_cast<size_t>(c.pci_header)]).c_str());
  format_mdev_types(buf, c);
  if (c.vpd) format_vpd(buf, *c.vpd);
  if (!c.iommu_devices.empty()) {
    buf.addf("<iommuGroup number='%d'>\n", static_cast<int>(c.iommu_group));
    buf.indent(2);
    for (const PciAddr &a : c.iommu_devices)
      buf.addf("<address domain='0x%04x' bus='0x%02x' slot='0x%02x' function='0x%d'/>\n", a.domain,
               a.bus, a.slot, static_cast<int>(a.function));
    buf.indent(-2);
    buf.add("</iommuGroup>\n");
  }
  if (c.numa_node >= 0) buf.addf("<numa node='%d'/>\n", c.numa_node);
  if (c.pcie) {
    if (!c.link_cap && !c.link_sta) {
      buf.add("<pci-express/>\n");
    } else {
      buf.add("<pci-express>\n");
      buf.indent(2);
      auto link = [&](const std::optional<DevCapDef::PcieLink> &l, const char *validity) {
        if (!l) return;
        buf.addf("<link validity='%s'", validity);
        if (l->port >= 0) buf.addf(" port='%d'", l->port);
        if (l->speed)
          buf.addf(" speed='%s'", std::string(kPcieSpeeds[static_cast<size_t>(l->speed)]).c_str());
        buf.addf(" width='%d'", static_cast<int>(l->width));
        buf.add("/>\n");
      };
      link(c.link_cap, "cap");
      link(c.link_sta, "sta");
      buf.indent(-2);
      buf.add("</pci-express>\n");
    }
  }
}

void format_usb_device(Buffer &buf, const DevCapDef &c) {
  buf.addf("<bus>%d</bus>\n", static_cast<int>(c.usb_bus));
  buf.addf("<device>%d</device>\n", static_cast<int>(c.usb_device));
  buf.addf("<product id='0x%04x'", c.usb_product);
  if (c.usb_product_name)
    buf.escape(">%s</product>\n", c.usb_product_name);
  else
    buf.add(" />\n");
  buf.addf("<vendor id='0x%04x'", c.usb_vendor);
  if (c.usb_vendor_name)
    buf.escape(">%s</vendor>\n", c.usb_vendor_name);
  else
    buf.add(" />\n");
}

void format_usb_interface(Buffer &buf, const DevCapDef &c) {
  buf.addf("<number>%d</number>\n", static_cast<int>(c.usb_number));
  buf.addf("<class>%d</class>\n", static_cast<int>(c.usb_class));
  buf.addf("<subclass>%d</subclass>\n", static_cast<int>(c.usb_subclass));
  buf.addf("<protocol>%d</protocol>\n", static_cast<int>(c.usb_protocol));
  buf.escape("<description>%s</description>\n", c.usb_description);
}

void format_net(Buffer &buf, const DevCapDef &c) {
  buf.escape("<interface>%s</interface>\n", c.ifname.c_str());
  buf.escape("<address>%s</address>\n", c.net_address);
  format_if_link(buf, c.net_link);
  for (int f : c.net_features)
    buf.addf("<feature name='%s'/>\n", std::string(kNetFeatures[static_cast<size_t>(f)]).c_str());
  if (c.net_subtype >= 0 && c.net_subtype < 2)
    buf.addf("<capability type='%s'/>\n",
             std::string(kNetSubtypes[static_cast<size_t>(c.net_subtype)]).c_str());
}

void format_scsi_host(Buffer &buf, const DevCapDef &c) {
  buf.addf("<host>%d</host>\n", static_cast<int>(c.host));
  if (c.unique_id != -1) buf.addf("<unique_id>%d</unique_id>\n", c.unique_id);
  if (c.host_flags & DevCapDef::kFcHost) {
    buf.add("<capability type='fc_host'>\n");
    buf.indent(2);
    buf.escape("<wwnn>%s</wwnn>\n", c.wwnn);
    buf.escape("<wwpn>%s</wwpn>\n", c.wwpn);
    buf.escape("<fabric_wwn>%s</fabric_wwn>\n", c.fabric_wwn);
    buf.indent(-2);
    buf.add("</capability>\n");
  }
  if (c.host_flags & DevCapDef::kVportOps) {
    buf.add("<capability type='vport_ops'>\n");
    buf.indent(2);
    buf.addf("<max_vports>%d</max_vports>\n", c.max_vports);
    buf.addf("<vports>%d</vports>\n", c.vports);
    buf.indent(-2);
    buf.add("</capability>\n");
  }
}

void format_scsi_target(Buffer &buf, const DevCapDef &c) {
  buf.escape("<target>%s</target>\n", c.target_name.c_str());
  if (c.fc_rport) {
    buf.add("<capability type='fc_remote_port'>\n");
    buf.indent(2);
    buf.addf("<rport>%s</rport>\n", c.rport ? c.rport->c_str() : "");
    buf.addf("<wwpn>%s</wwpn>\n", c.rport_wwpn ? c.rport_wwpn->c_str() : "");
    buf.indent(-2);
    buf.add("</capability>\n");
  }
}

void format_scsi(Buffer &buf, const DevCapDef &c) {
  buf.addf("<host>%d</host>\n", static_cast<int>(c.scsi_host));
  buf.addf("<bus>%d</bus>\n", static_cast<int>(c.scsi_bus));
  buf.addf("<target>%d</target>\n", static_cast<int>(c.scsi_target));
  buf.addf("<lun>%d</lun>\n", static_cast<int>(c.scsi_lun));
  buf.escape("<type>%s</type>\n", c.scsi_type);
}

void format_storage(Buffer &buf, const DevCapDef &c) {
  buf.escape("<block>%s</block>\n", c.block.c_str());
  buf.escape("<bus>%s</bus>\n", c.st_bus);
  buf.escape("<drive_type>%s</drive_type>\n", c.drive_type);
  buf.escape("<model>%s</model>\n", c.model);
  buf.escape("<vendor>%s</vendor>\n", c.vendor);
  buf.escape("<serial>%s</serial>\n", c.serial);
  if (c.st_flags & DevCapDef::kRemovable) {
    buf.add("<capability type='removable'>\n");
    buf.indent(2);
    buf.addf("<media_available>%d</media_available>\n",
             (c.st_flags & DevCapDef::kMediaAvailable) ? 1 : 0);
    buf.addf("<media_size>%llu</media_size>\n", c.removable_media_size);
    buf.escape("<media_label>%s</media_label>\n", c.media_label);
    if (c.logical_block_size > 0)
      buf.addf("<logical_block_size>%llu</logical_block_size>\n", c.logical_block_size);
    if (c.num_blocks > 0) buf.addf("<num_blocks>%llu</num_blocks>\n", c.num_blocks);
    buf.indent(-2);
    buf.add("</capability>\n");
  } else {
    buf.addf("<size>%llu</size>\n", c.size);
    if (c.logical_block_size > 0)
      buf.addf("<logical_block_size>%llu</logical_block_size>\n", c.logical_block_size);
    if (c.num_blocks > 0) buf.addf("<num_blocks>%llu</num_blocks>\n", c.num_blocks);
  }
  if (c.st_flags & DevCapDef::kHotpluggable) buf.add("<capability type='hotpluggable'/>\n");
}

}  // namespace

const std::vector<std::string_view> &dev_cap_names() {
  static const std::vector<std::string_view> names{
      "system",      "pci",        "usb_device", "usb",     "net",    "scsi_host",
      "scsi_target", "scsi",       "storage",    "fc_host", "vports", "scsi_generic",
      "drm",         "mdev_types", "mdev",       "ccw",     "css",    "vdpa",
      "ap_card",     "ap_queue",   "ap_matrix",  "vpd"};
  return names;
}

bool NodeDeviceDef::has_cap(DevCap t) const {
  for (const DevCapDef &c : caps) {
    if (c.type == t) return true;
    if (t == DevCap::mdev_types && c.has_mdev_types) return true;
    if (t == DevCap::vpd && c.type == DevCap::pci && c.vpd) return true;
    if (c.type == DevCap::scsi_host) {
      if (t == DevCap::fc_host && (c.host_flags & DevCapDef::kFcHost)) return true;
      if (t == DevCap::vports && (c.host_flags & DevCapDef::kVportOps)) return true;
    }
  }
  return false;
}

const DevCapDef *NodeDeviceDef::fc_host() const {
  for (const DevCapDef &c : caps)
    if (c.type == DevCap::scsi_host && (c.host_flags & DevCapDef::kFcHost)) return &c;
  return nullptr;
}

Result<std::unique_ptr<NodeDeviceDef>> parse_nodedev_node(xmlXPathContextPtr ctxt, bool create) {
  auto def = std::make_unique<NodeDeviceDef>();
  if (!create) {
    auto name = xml::xpath_string(ctxt, "string(./name[1])");
    if (!name) return error(kFrom, VIR_ERR_NO_NAME);
    def->name = *name;
  } else {
    def->name = "new device";
  }
  def->sysfs_path = xml::xpath_string(ctxt, "string(./path[1])");
  for (xmlNodePtr node : xml::xpath_nodes(ctxt, "./devnode")) {
    int t = 0;
    VK_TRY(xml::prop_enum(node, "type", kDevnodeTypes, xml::kPropRequired, t));
    if (t == 0)
      def->devnode = xml::content(node);
    else
      def->devlinks.push_back(xml::content(node));
  }
  def->parent = xml::xpath_string(ctxt, "string(./parent[1])");
  def->parent_wwnn = xml::xpath_string(ctxt, "string(./parent[1]/@wwnn)");
  def->parent_wwpn = xml::xpath_string(ctxt, "string(./parent[1]/@wwpn)");
  if (def->parent_wwnn && !def->parent_wwpn)
    return error(kFrom, VIR_ERR_XML_ERROR,
                 "when providing parent wwnn='%s', the wwpn must also be provided",
                 def->parent_wwnn->c_str());
  if (!def->parent_wwnn && def->parent_wwpn)
    return error(kFrom, VIR_ERR_XML_ERROR,
                 "when providing parent wwpn='%s', the wwnn must also be provided",
                 def->parent_wwpn->c_str());
  def->parent_fabric_wwn = xml::xpath_string(ctxt, "string(./parent[1]/@fabric_wwn)");
  auto nodes = xml::xpath_nodes(ctxt, "./capability");
  if (nodes.empty()) return internal("no device capabilities for '%s'", def->name);
  for (xmlNodePtr node : nodes) {
    auto cap = parse_cap(ctxt, *def, node, create);
    VK_TRY(cap);
    def->caps.push_back(std::move(*cap));
  }
  return def;
}

Result<std::unique_ptr<NodeDeviceDef>> parse_nodedev(const char *xml_text, bool create,
                                                     bool validate) {
  auto doc = xml::parse_string(kFrom, xml_text, "(node_device_definition)", "device");
  VK_TRY(doc);
  if (validate)
    VK_TRY(xml::validate_against_schema("/usr/share/libvirt/schemas/nodedev.rng", doc->doc()));
  return parse_nodedev_node(doc->ctxt(), create);
}

namespace {
void format_ccw_addr(Buffer &buf, const DevCapDef::CcwAddr &a) {
  buf.addf("<cssid>0x%x</cssid>\n", a.cssid);
  buf.addf("<ssid>0x%x</ssid>\n", a.ssid);
  buf.addf("<devno>0x%04x</devno>\n", a.devno);
}
}  // namespace

std::string format_nodedev(const NodeDeviceDef &def) {
  Buffer buf;
  buf.add("<device>\n");
  buf.indent(2);
  buf.escape("<name>%s</name>\n", def.name.c_str());
  buf.escape("<path>%s</path>\n", def.sysfs_path);
  buf.escape("<devnode type='dev'>%s</devnode>\n", def.devnode);
  for (const std::string &l : def.devlinks)
    buf.escape("<devnode type='link'>%s</devnode>\n", l.c_str());
  buf.escape("<parent>%s</parent>\n", def.parent);
  for (const DevCapDef &c : def.caps) {
    buf.addf("<capability type='%s'>\n",
             std::string(dev_cap_names()[static_cast<size_t>(c.type)]).c_str());
    buf.indent(2);
    switch (c.type) {
      case DevCap::system:
        format_system(buf, c);
        break;
      case DevCap::pci:
        format_pci(buf, c);
        break;
      case DevCap::usb_device:
        format_usb_device(buf, c);
        break;
      case DevCap::usb:
        format_usb_interface(buf, c);
        break;
      case DevCap::drm:
        buf.addf("<type>%s</type>\n",
                 std::string(kDrmTypes[static_cast<size_t>(c.drm_type)]).c_str());
        break;
      case DevCap::net:
        format_net(buf, c);
        break;
      case DevCap::scsi_host:
        format_scsi_host(buf, c);
        break;
      case DevCap::scsi_target:
        format_scsi_target(buf, c);
        break;
      case DevCap::scsi:
        format_scsi(buf, c);
        break;
      case DevCap::storage:
        format_storage(buf, c);
        break;
      case DevCap::mdev:
        buf.escape("<type id='%s'/>\n", c.mdev_type.c_str());
        buf.escape("<uuid>%s</uuid>\n", c.mdev_uuid);
        buf.addf("<iommuGroup number='%u'/>\n", c.mdev_iommu_group);
        for (const auto &[n, v] : c.mdev_attrs)
          buf.addf("<attr name='%s' value='%s'/>\n", n.c_str(), v.c_str());
        break;
      case DevCap::ccw:
      case DevCap::css:
        format_ccw_addr(buf, c.ccw);
        if (c.channel_dev_addr) {
          buf.add("<channel_dev_addr>\n");
          buf.indent(2);
          format_ccw_addr(buf, *c.channel_dev_addr);
          buf.indent(-2);
          buf.add("</channel_dev_addr>\n");
        }
        if (c.type == DevCap::css) format_mdev_types(buf, c);
        break;
      case DevCap::ap_card:
        buf.addf("<ap-adapter>0x%02x</ap-adapter>\n", c.ap_adapter);
        break;
      case DevCap::ap_queue:
        buf.addf("<ap-adapter>0x%02x</ap-adapter>\n", c.ap_adapter);
        buf.addf("<ap-domain>0x%04x</ap-domain>\n", c.ap_domain);
        break;
      case DevCap::ap_matrix:
        format_mdev_types(buf, c);
        break;
      default:
        break;
    }
    buf.indent(-2);
    buf.add("</capability>\n");
  }
  buf.indent(-2);
  buf.add("</device>\n");
  return buf.take();
}

}  // namespace virtkit::conf
