// SPDX-License-Identifier: LGPL-2.1-or-later
#include "xml/domain_controller.h"

#include <libvirt/virterror.h>

#include <climits>
#include <memory>
#include <new>
#include <string>
#include <utility>
#include <vector>

#include "util/numbers.h"

namespace virtkit::conf {
namespace {

constexpr int kFromDomain = VIR_FROM_DOMAIN;

constexpr int model(ControllerModelUSB m) {
  return static_cast<int>(m);
}
constexpr int model(ControllerModelPCI m) {
  return static_cast<int>(m);
}
constexpr int model(ControllerModelSCSI m) {
  return static_cast<int>(m);
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
    if (c.type == type && c.index >= 0 && static_cast<size_t>(c.index) < used.size())
      used[static_cast<size_t>(c.index)] = true;
  size_t idx = 0;
  while (used[idx]) idx++;
  return static_cast<int>(idx);
}

}  // namespace

// The parts of virDomainControllerDefParseXML/Format the description leaves
// to us (desc/domain.xd).

// string(./target/node), read for every type: absent when empty, else a
// non-negative number; only PCI keeps it.
Status parse_numa_node(xmlNodePtr node, ControllerTarget &x, const Controller &parent) {
  for (xmlNodePtr n = node->children; n; n = n->next) {
    if (n->type != XML_ELEMENT_NODE || !xml::name_is(n, "node")) continue;
    std::string text = xml::content(n);
    if (text.empty()) break;
    int v = 0;
    if (!util::str_to_i(text.c_str(), 10, v) || v < 0)
      return error(kFromDomain, VIR_ERR_XML_ERROR, "%s", "invalid NUMA node in target");
    if (parent.type == ControllerType::pci) x.numa_node = v;
    break;
  }
  return Status();
}

void format_numa_node(xml::Buffer &buf, const ControllerTarget &x, const Controller &) {
  if (x.numa_node) buf.addf("<node>%d</node>\n", *x.numa_node);
}

// <pcihole64>: a scaled size, kept in KiB (rounded up).
Status parse_pcihole64(xmlNodePtr node, Controller &x) {
  std::unique_ptr<xmlXPathContext, void (*)(xmlXPathContextPtr)> ctxt(xmlXPathNewContext(node->doc),
                                                                      xmlXPathFreeContext);
  if (!ctxt) throw std::bad_alloc();
  ctxt->node = node;
  unsigned long long bytes = 0;
  // libvirt's limit, 1024 * ULONG_MAX, wraps around in 64 bits.
  auto found = xml::parse_scaled_value(ctxt.get(), "./pcihole64", nullptr, 1024, ULLONG_MAX - 1023,
                                       false, bytes);
  VK_TRY(found);
  if (*found == 1) x.pcihole64 = bytes / 1024 + (bytes % 1024 != 0);
  return Status();
}

void format_pcihole64(xml::Buffer &buf, const Controller &x) {
  if (x.pcihole64) buf.addf("<pcihole64 unit='KiB'>%llu</pcihole64>\n", *x.pcihole64);
}

// ICH9 UHCI companions without <master> get their usual start port.
Status check_controller(xmlNodePtr, Controller &c) {
  if (c.type != ControllerType::usb || c.info.master_startport) return Status();
  if (c.model == model(ControllerModelUSB::ich9_uhci1))
    c.info.master_startport = 0;
  else if (c.model == model(ControllerModelUSB::ich9_uhci2))
    c.info.master_startport = 2;
  else if (c.model == model(ControllerModelUSB::ich9_uhci3))
    c.info.master_startport = 4;
  return Status();
}

Status parse_controllers(DomainDef &def, xmlXPathContextPtr ctxt, bool &usb_none) {
  bool usb_other = false, usb_master = false;
  for (xmlNodePtr node : xml::xpath_nodes(ctxt, "./devices/controller")) {
    Controller c;
    VK_TRY(parse(node, c));
    if (c.type == ControllerType::usb) {
      bool none = c.model == model(ControllerModelUSB::none);
      if (usb_none || (none && usb_other))
        return error(kFromDomain, VIR_ERR_XML_DETAIL, "%s",
                     "Can't add another USB controller: USB is disabled for this domain");
      (none ? usb_none : usb_other) = true;
      if (!c.info.master_startport) usb_master = true;
    }
    insert_controller(def, std::move(c));
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
    if (c.index == -1) {
      insert_at = idx + 1;
      break;
    }
    if (cur.index > c.index)
      insert_at = idx;
    else if (!c.info.master_startport && cur.info.master_startport && cur.index == c.index)
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
    if (def.controllers[i].type == type && def.controllers[i].index == idx)
      return static_cast<int>(i);
  return -1;
}

void maybe_add_controller(DomainDef &def, ControllerType type, int idx, int m) {
  if (idx >= 0 && find_controller(def, type, idx) >= 0) return;
  Controller c;
  c.type = type;
  c.index = idx < 0 ? find_unused_index(def, type) : idx;
  c.model = m;
  def.controllers.push_back(std::move(c));
}

void assign_controller_indexes(DomainDef &def) {
  for (size_t outer = 0; outer < def.controllers.size(); outer++) {
    Controller &cont = def.controllers[outer];
    if (cont.index != -1) continue;
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
        if (o.type == ControllerType::usb && o.index == prev->index && o.model == cont.model)
          prev = nullptr;
      }
      if (prev) cont.index = prev->index;
    }
    if (!prev) cont.index = find_unused_index(def, cont.type);
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
    if (c.type == ControllerType::usb || c.index < 0) continue;
    std::vector<bool> &bits = seen[static_cast<size_t>(c.type)];
    auto i = static_cast<size_t>(c.index);
    if (bits.size() <= i) bits.resize(i + 1);
    if (bits[i])
      return error(kFromDomain, VIR_ERR_XML_ERROR, "Multiple '%s' controllers with index '%d'",
                   to_string(c.type), c.index);
    bits[i] = true;
  }
  return Status();
}

Status validate_controller(const Controller &c) {
  if (c.type != ControllerType::pci) return Status();
  static const ControllerTarget none;
  const ControllerTarget &t = c.target ? *c.target : none;
  if ((c.model == model(ControllerModelPCI::pci_root) ||
       c.model == model(ControllerModelPCI::pcie_root)) &&
      c.info.addr.type != Address::none)
    return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                 "pci-root and pcie-root controllers should not have an address");
  if (c.index > 255)
    return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED,
                 "PCI controller index %d too high, maximum is 255", c.index);
  if (t.index) {
    if (*t.index > 30)
      return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED,
                   "PCI controller target index '%d' out of range - must be 0-30", *t.index);
    if ((c.index == 0) != (*t.index == 0))
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
  if (t.numa_node && c.index == 0)
    return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                 "The PCI controller with index=0 can't be associated with a NUMA node");
  return Status();
}

void format_controller(xml::Buffer &buf, const Controller &c, unsigned flags) {
  // A pci-root's spapr-pci-host-bridge is left out of migratable XML.
  if ((flags & kFormatMigratable) && c.type == ControllerType::pci &&
      c.model == model(ControllerModelPCI::pci_root) && c.pci_model &&
      c.pci_model->name == ControllerPCIModelName::spapr_pci_host_bridge) {
    Controller copy = c;
    copy.pci_model.reset();
    format(buf, copy);
    return;
  }
  format(buf, c);
}

}  // namespace virtkit::conf
