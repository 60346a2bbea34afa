// SPDX-License-Identifier: LGPL-2.1-or-later
#include "xml/domain_controller.h"

#include <libvirt/virterror.h>

#include <climits>
#include <string_view>
#include <utility>
#include <vector>

namespace virtkit::conf {
namespace {

constexpr int kFromDomain = VIR_FROM_DOMAIN;

// An enum's position for `s` in its generated string table, or -1.
template <typename E>
int enum_index(std::string_view s) {
  for (int i = 0;; i++) {
    const char *n = to_string(static_cast<E>(i));
    if (!n) return -1;
    if (s == n) return i;
  }
}
template <typename E>
const char *enum_name(int v) {
  return v < 0 ? nullptr : to_string(static_cast<E>(v));
}
template <typename E>
const std::vector<std::string_view> &enum_names() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> v;
    for (int i = 0; const char *n = to_string(static_cast<E>(i)); i++) v.emplace_back(n);
    return v;
  }();
  return names;
}

constexpr int model(ControllerModelUSB m) {
  return static_cast<int>(m);
}
constexpr int model(ControllerModelPCI m) {
  return static_cast<int>(m);
}
constexpr int model(ControllerModelSCSI m) {
  return static_cast<int>(m);
}

// virDomainControllerModelTypeFromString.
int controller_model_from_string(ControllerType type, std::string_view s) {
  switch (type) {
    case ControllerType::scsi:
      return enum_index<ControllerModelSCSI>(s);
    case ControllerType::usb:
      return enum_index<ControllerModelUSB>(s);
    case ControllerType::pci:
      return enum_index<ControllerModelPCI>(s);
    case ControllerType::ide:
      return enum_index<ControllerModelIDE>(s);
    case ControllerType::virtio_serial:
      return enum_index<ControllerModelVirtioSerial>(s);
    case ControllerType::isa:  // no model names
    case ControllerType::fdc:
    case ControllerType::sata:
    case ControllerType::ccid:
    case ControllerType::xenbus:
      return -1;
  }
  return -1;
}

// libvirt's IS_USB2_CONTROLLER: the ICH9 EHCI1 and its UHCI companions.
bool is_usb2(const Controller &c) {
  return c.type == ControllerType::usb && (c.model == model(ControllerModelUSB::ich9_ehci1) ||
                                           c.model == model(ControllerModelUSB::ich9_uhci1) ||
                                           c.model == model(ControllerModelUSB::ich9_uhci2) ||
                                           c.model == model(ControllerModelUSB::ich9_uhci3));
}

int find_unused_index(const DomainDef &def, ControllerType type) {
  // The lowest index no controller of the type has (one pass, not one per
  // candidate: domains may have hundreds of controllers).
  std::vector<bool> used(def.controllers.size() + 1);
  for (const Controller &c : def.controllers)
    if (c.type == type && c.idx >= 0 && static_cast<size_t>(c.idx) < used.size())
      used[static_cast<size_t>(c.idx)] = true;
  size_t idx = 0;
  while (used[idx]) idx++;
  return static_cast<int>(idx);
}

// virDomainControllerDefParseXML.
Result<Controller> parse_controller(xmlXPathContextPtr ctxt, xmlNodePtr node) {
  xml::NodeRestore restore(ctxt);
  ctxt->node = node;
  Controller c;
  int type = 0;
  VK_TRY(xml::prop_enum(node, "type", enum_names<ControllerType>(), xml::kPropNone, type));
  c.type = static_cast<ControllerType>(type);
  if (auto m = xml::prop(node, "model")) {
    c.model = controller_model_from_string(c.type, *m);
    if (c.model < 0)
      return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "Unknown model type '%s'", m->c_str());
  }
  VK_TRY(xml::prop_int(node, "index", 10, xml::kPropNonNegative, c.idx, -1));
  if (xmlNodePtr driver = xml::xpath_node(ctxt, "./driver"))
    VK_TRY(parse(driver, c.driver.emplace()));

  std::vector<xmlNodePtr> models = xml::xpath_nodes(ctxt, "./model");
  if (models.size() > 1)
    return error(kFromDomain, VIR_ERR_XML_ERROR, "%s",
                 "Multiple <model> elements in controller definition not allowed");
  if (models.size() == 1 && c.type == ControllerType::pci) {
    int name = 0;
    VK_TRY(xml::prop_enum(models[0], "name", enum_names<ControllerPCIModelName>(), xml::kPropNone,
                          name));
    c.model_name = static_cast<ControllerPCIModelName>(name);
  }
  std::vector<xmlNodePtr> targets = xml::xpath_nodes(ctxt, "./target");
  if (targets.size() > 1)
    return error(kFromDomain, VIR_ERR_XML_ERROR, "%s",
                 "Multiple <target> elements in controller definition not allowed");
  if (targets.size() == 1 && c.type == ControllerType::pci) VK_TRY(parse(targets[0], c.target));
  // The NUMA node is read (and checked) whatever the type; only PCI keeps it.
  int numa_node = -1;
  int rc = xml::xpath_int(ctxt, "string(./target/node)", numa_node);
  if (rc == -2 || (rc == 0 && numa_node < 0))
    return error(kFromDomain, VIR_ERR_XML_ERROR, "%s", "invalid NUMA node in target");
  if (rc != 0) numa_node = -1;

  // A disabled USB keeps no address.
  if (!(c.type == ControllerType::usb && c.model == model(ControllerModelUSB::none)))
    VK_TRY(parse_device_info(node, c.info, false));

  int ports = -1;
  VK_TRY(xml::prop_int(node, "ports", 10, xml::kPropNonNegative, ports, -1));
  switch (c.type) {
    case ControllerType::virtio_serial:
      VK_TRY(xml::prop_int(node, "vectors", 10, xml::kPropNonNegative, c.vectors, -1));
      c.ports = ports;
      break;
    case ControllerType::usb: {
      // ICH9 UHCI companions without <master> get their usual start port.
      int start = c.model == model(ControllerModelUSB::ich9_uhci1)   ? 0
                  : c.model == model(ControllerModelUSB::ich9_uhci2) ? 2
                  : c.model == model(ControllerModelUSB::ich9_uhci3) ? 4
                                                                     : -1;
      if (start != -1 && !c.info.master_startport)
        c.info.master_startport = static_cast<unsigned>(start);
      c.ports = ports;
      break;
    }
    case ControllerType::pci:
      if (c.model == model(ControllerModelPCI::pci_root) ||
          c.model == model(ControllerModelPCI::pcie_root)) {
        unsigned long long bytes = 0;
        // libvirt's limit, 1024 * ULONG_MAX, wraps around in 64 bits.
        auto found = xml::parse_scaled_value(ctxt, "./pcihole64", nullptr, 1024, ULLONG_MAX - 1023,
                                             false, bytes);
        VK_TRY(found);
        if (*found == 1) c.pcihole64 = bytes / 1024 + (bytes % 1024 != 0);
      }
      if (numa_node >= 0) c.numa_node = numa_node;
      break;
    case ControllerType::xenbus:
      VK_TRY(
          xml::prop_int(node, "maxGrantFrames", 10, xml::kPropNonNegative, c.max_grant_frames, -1));
      VK_TRY(xml::prop_int(node, "maxEventChannels", 10, xml::kPropNonNegative,
                           c.max_event_channels, -1));
      break;
    default:
      break;
  }
  return c;
}

}  // namespace

const char *controller_model_name(ControllerType type, int m) {
  switch (type) {
    case ControllerType::scsi:
      return enum_name<ControllerModelSCSI>(m);
    case ControllerType::usb:
      return enum_name<ControllerModelUSB>(m);
    case ControllerType::pci:
      return enum_name<ControllerModelPCI>(m);
    case ControllerType::ide:
      return enum_name<ControllerModelIDE>(m);
    case ControllerType::virtio_serial:
      return enum_name<ControllerModelVirtioSerial>(m);
    default:
      return nullptr;
  }
}

Status parse_controllers(DomainDef &def, xmlXPathContextPtr ctxt, bool &usb_none) {
  bool usb_other = false, usb_master = false;
  for (xmlNodePtr node : xml::xpath_nodes(ctxt, "./devices/controller")) {
    auto c = parse_controller(ctxt, node);
    VK_TRY(c);
    if (c->type == ControllerType::usb) {
      bool none = c->model == model(ControllerModelUSB::none);
      if (usb_none || (none && usb_other))
        return error(kFromDomain, VIR_ERR_XML_DETAIL, "%s",
                     "Can't add another USB controller: USB is disabled for this domain");
      (none ? usb_none : usb_other) = true;
      if (!c->info.master_startport) usb_master = true;
    }
    insert_controller(def, std::move(*c));
  }
  if (usb_other && !usb_master)
    return error(kFromDomain, VIR_ERR_XML_DETAIL, "%s", "No master USB controller specified");
  return Status();
}

void insert_controller(DomainDef &def, Controller &&c) {
  int insert_at = -1;
  for (int idx = static_cast<int>(def.controllers.size()) - 1; idx >= 0; idx--) {
    const Controller &cur = def.controllers[static_cast<size_t>(idx)];
    if (cur.type != c.type) continue;
    if (c.idx == -1) {
      insert_at = idx + 1;
      break;
    }
    if (cur.idx > c.idx)
      insert_at = idx;
    else if (!c.info.master_startport && cur.info.master_startport && cur.idx == c.idx)
      insert_at = idx;  // a master goes before its companions
    else if (insert_at == -1)
      insert_at = idx + 1;
  }
  if (insert_at < 0)
    def.controllers.push_back(std::move(c));
  else
    def.controllers.insert(def.controllers.begin() + insert_at, std::move(c));
}

int find_controller(const DomainDef &def, ControllerType type, int idx) {
  for (size_t i = 0; i < def.controllers.size(); i++)
    if (def.controllers[i].type == type && def.controllers[i].idx == idx)
      return static_cast<int>(i);
  return -1;
}

void maybe_add_controller(DomainDef &def, ControllerType type, int idx, int m) {
  if (idx >= 0 && find_controller(def, type, idx) >= 0) return;
  Controller c;
  c.type = type;
  c.idx = idx < 0 ? find_unused_index(def, type) : idx;
  c.model = m;
  def.controllers.push_back(std::move(c));
}

void assign_controller_indexes(DomainDef &def) {
  for (size_t outer = 0; outer < def.controllers.size(); outer++) {
    Controller &cont = def.controllers[outer];
    if (cont.idx != -1) continue;
    const Controller *prev = nullptr;
    if (outer > 0 && is_usb2(cont)) {
      // A USB2 companion joins the group of the USB controller just before
      // it when that one is USB2 too and the group lacks this model.
      for (size_t i = outer; i-- > 0;) {
        if (def.controllers[i].type == ControllerType::usb) {
          prev = &def.controllers[i];
          break;
        }
      }
      if (prev && !is_usb2(*prev)) prev = nullptr;
      for (size_t i = 0; prev && i < def.controllers.size(); i++) {
        const Controller &o = def.controllers[i];
        if (o.type == ControllerType::usb && o.idx == prev->idx && o.model == cont.model)
          prev = nullptr;
      }
      if (prev) cont.idx = prev->idx;
    }
    if (!prev) cont.idx = find_unused_index(def, cont.type);
  }
}

Status post_parse_controller(const Controller &c) {
  if (c.driver && c.driver->iothread.value_or(0) &&
      c.model != model(ControllerModelSCSI::virtio_scsi) &&
      c.model != model(ControllerModelSCSI::virtio_transitional) &&
      c.model != model(ControllerModelSCSI::virtio_non_transitional))
    return error(kFromDomain, VIR_ERR_XML_ERROR, "%s",
                 "'iothread' attribute only supported for virtio scsi controllers");
  return Status();
}

Status reject_duplicate_controllers(const DomainDef &def) {
  // Several USB controllers may share an index (companions).
  std::vector<std::vector<bool>> seen(static_cast<size_t>(ControllerType::isa) + 1);
  for (const Controller &c : def.controllers) {
    if (c.type == ControllerType::usb || c.idx < 0) continue;
    std::vector<bool> &bits = seen[static_cast<size_t>(c.type)];
    auto i = static_cast<size_t>(c.idx);
    if (bits.size() <= i) bits.resize(i + 1);
    if (bits[i])
      return error(kFromDomain, VIR_ERR_XML_ERROR, "Multiple '%s' controllers with index '%d'",
                   to_string(c.type), c.idx);
    bits[i] = true;
  }
  return Status();
}

Status validate_controller(const Controller &c) {
  if (c.type != ControllerType::pci) return Status();
  const ControllerTarget &t = c.target;
  if ((c.model == model(ControllerModelPCI::pci_root) ||
       c.model == model(ControllerModelPCI::pcie_root)) &&
      c.info.addr.type != Address::none)
    return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                 "pci-root and pcie-root controllers should not have an address");
  if (c.idx > 255)
    return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED,
                 "PCI controller index %d too high, maximum is 255", c.idx);
  if (t.index) {
    if (*t.index > 30)
      return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED,
                   "PCI controller target index '%d' out of range - must be 0-30", *t.index);
    if ((c.idx == 0) != (*t.index == 0))
      return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                   "Only the PCI controller with index 0 can have target index 0, and vice versa");
  }
  if (t.chassis_nr && (*t.chassis_nr < 1 || *t.chassis_nr > 255))
    return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED,
                 "PCI controller chassisNr '%d' out of range - must be 1-255", *t.chassis_nr);
  if (t.chassis && *t.chassis > 255)
    return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED,
                 "PCI controller chassis '%d' out of range - must be 0-255", *t.chassis);
  if (t.port && *t.port > 255)
    return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED,
                 "PCI controller port '%d' out of range - must be 0-255", *t.port);
  if (t.bus_nr && (*t.bus_nr < 1 || *t.bus_nr > 254))
    return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED,
                 "PCI controller busNr '%d' out of range - must be 1-254", *t.bus_nr);
  if (c.numa_node >= 0 && c.idx == 0)
    return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                 "The PCI controller with index=0 can't be associated with a NUMA node");
  return Status();
}

void format_controller(xml::Buffer &buf, const Controller &c, unsigned flags) {
  xml::Buffer attrs;
  xml::Buffer child = xml::Buffer::child_of(buf);
  attrs.addf(" type='%s' index='%d'", to_string(c.type), c.idx);
  if (const char *m = controller_model_name(c.type, c.model)) attrs.escape(" model='%s'", m);
  switch (c.type) {
    case ControllerType::virtio_serial:
      if (c.ports != -1) attrs.addf(" ports='%d'", c.ports);
      if (c.vectors != -1) attrs.addf(" vectors='%d'", c.vectors);
      break;
    case ControllerType::usb:
      if (c.ports != -1) attrs.addf(" ports='%d'", c.ports);
      break;
    case ControllerType::xenbus:
      if (c.max_grant_frames != -1) attrs.addf(" maxGrantFrames='%d'", c.max_grant_frames);
      if (c.max_event_channels != -1) attrs.addf(" maxEventChannels='%d'", c.max_event_channels);
      break;
    case ControllerType::pci: {
      // spapr-pci-host-bridge on a pci-root is left out of migratable XML.
      bool name = c.model_name != ControllerPCIModelName::none &&
                  !(c.model == model(ControllerModelPCI::pci_root) &&
                    c.model_name == ControllerPCIModelName::spapr_pci_host_bridge &&
                    (flags & kFormatMigratable));
      if (name) child.addf("<model name='%s'/>\n", to_string(c.model_name));
      // <target>: the description's attributes (printed here because of
      // the <node> child), in libvirt's order.
      const ControllerTarget &t = c.target;
      xml::Buffer target_attrs;
      xml::Buffer target_children = xml::Buffer::child_of(child);
      if (t.chassis_nr) target_attrs.addf(" chassisNr='%d'", *t.chassis_nr);
      if (t.chassis) target_attrs.addf(" chassis='%d'", *t.chassis);
      if (t.port) target_attrs.addf(" port='0x%x'", static_cast<unsigned>(*t.port));
      if (t.bus_nr) target_attrs.addf(" busNr='%d'", *t.bus_nr);
      if (t.index) target_attrs.addf(" index='%d'", *t.index);
      if (t.hotplug) target_attrs.addf(" hotplug='%s'", *t.hotplug ? "on" : "off");
      if (c.numa_node != -1) target_children.addf("<node>%d</node>\n", c.numa_node);
      xml::format_element(child, "target", &target_attrs, &target_children);
      break;
    }
    default:
      break;
  }
  if (c.driver) format(child, *c.driver);
  format_device_info(child, c.info, false);
  if (c.type == ControllerType::pci && c.pcihole64)
    child.addf("<pcihole64 unit='KiB'>%llu</pcihole64>\n", *c.pcihole64);
  xml::format_element(buf, "controller", &attrs, &child);
}

}  // namespace virtkit::conf
