// SPDX-License-Identifier: LGPL-2.1-or-later
#include "xml/device_info.h"

#include <libvirt/virterror.h>

#include <cstdio>
#include <string_view>

#include "util/numbers.h"

namespace virtkit::conf {
namespace {

const std::vector<std::string_view> kAddressTypes{
    "none",        "pci", "drive",       "virtio-serial", "ccid", "usb",       "spapr-vio",
    "virtio-s390", "ccw", "virtio-mmio", "isa",           "dimm", "unassigned"};

}  // namespace

Result<int> prop_tristate(xmlNodePtr node, const char *name, unsigned flags, TristateBool &out) {
  int v = static_cast<int>(out);
  auto rv = xml::prop_tristate_bool(node, name, flags, v);
  out = static_cast<TristateBool>(v);
  return rv;
}

Result<int> prop_tristate(xmlNodePtr node, const char *name, unsigned flags, TristateSwitch &out) {
  int v = static_cast<int>(out);
  auto rv = xml::prop_tristate_switch(node, name, flags, v);
  out = static_cast<TristateSwitch>(v);
  return rv;
}

xmlNodePtr first_child(xmlNodePtr node, const char *name) {
  if (!node) return nullptr;
  for (xmlNodePtr c = node->children; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE && xml::name_is(c, name)) return c;
  return nullptr;
}

Status parse_pci_address(xmlNodePtr node, PciAddress &a) {
  VK_TRY(xml::prop_uint(node, "domain", 0, xml::kPropNone, a.domain));
  VK_TRY(xml::prop_uint(node, "bus", 0, xml::kPropNone, a.bus));
  VK_TRY(xml::prop_uint(node, "slot", 0, xml::kPropNone, a.slot));
  VK_TRY(xml::prop_uint(node, "function", 0, xml::kPropNone, a.function));
  int multifunction = 0;
  VK_TRY(xml::prop_tristate_switch(node, "multifunction", xml::kPropNone, multifunction));
  a.multifunction = static_cast<TristateSwitch>(multifunction);
  bool empty = !(a.domain || a.bus || a.slot);
  if (!empty) {
    if (a.bus > 0xFF)
      return error(VIR_FROM_NONE, VIR_ERR_XML_ERROR,
                   "Invalid PCI address bus='0x%x', must be <= 0xFF", a.bus);
    if (a.slot > 0x1F)
      return error(VIR_FROM_NONE, VIR_ERR_XML_ERROR,
                   "Invalid PCI address slot='0x%x', must be <= 0x1F", a.slot);
    if (a.function > 7)
      return error(VIR_FROM_NONE, VIR_ERR_XML_ERROR,
                   "Invalid PCI address function=0x%x, must be <= 7", a.function);
  }
  xmlNodePtr zpci = nullptr;
  for (xmlNodePtr cur = node->children; cur; cur = cur->next)
    if (cur->type == XML_ELEMENT_NODE && xml::name_is(cur, "zpci")) zpci = cur;
  if (zpci) {
    unsigned v = 0;
    auto rc = xml::prop_uint(zpci, "uid", 0, xml::kPropNone, v);
    VK_TRY(rc);
    if (*rc > 0) a.zpci_uid = v;
    rc = xml::prop_uint(zpci, "fid", 0, xml::kPropNone, v);
    VK_TRY(rc);
    if (*rc > 0) a.zpci_fid = v;
  }
  return Status();
}

Status parse_device_info(xmlNodePtr node, DeviceInfo &info, bool allow_boot, bool allow_rom) {
  xmlNodePtr address = nullptr, boot = nullptr, alias = nullptr, master = nullptr;
  xmlNodePtr rom = nullptr, acpi = nullptr;
  for (xmlNodePtr cur = node->children; cur; cur = cur->next) {
    if (cur->type != XML_ELEMENT_NODE) continue;
    if (!address && xml::name_is(cur, "address"))
      address = cur;
    else if (!alias && xml::name_is(cur, "alias"))
      alias = cur;
    else if (!master && xml::name_is(cur, "master"))
      master = cur;
    else if (!boot && allow_boot && xml::name_is(cur, "boot"))
      boot = cur;
    else if (!rom && allow_rom && xml::name_is(cur, "rom"))
      rom = cur;
    else if (!acpi && xml::name_is(cur, "acpi"))
      acpi = cur;
  }
  if (alias) {
    auto name = xml::prop(alias, "name");
    // Only user-assigned aliases survive an inactive parse.
    if (name && name->compare(0, 3, "ua-") == 0) info.alias = name;
  }
  if (master) {
    unsigned startport = 0;
    VK_TRY(xml::prop_uint(master, "startport", 10, xml::kPropNone, startport));
    info.master_startport = startport;
  }
  if (boot) {
    VK_TRY(
        xml::prop_uint(boot, "order", 10, xml::kPropRequired | xml::kPropNonZero, info.boot_index));
    if (auto loadparm = xml::prop(boot, "loadparm")) {
      for (char &c : *loadparm)
        if (c >= 'a' && c <= 'z')
          c = static_cast<char>(c - 'a' + 'A');
        else if (c == '-')
          c = '_';  // libvirt's virStringToUpper
      if (loadparm->empty() || loadparm->size() > 8)
        return error(VIR_FROM_DOMAIN, VIR_ERR_INTERNAL_ERROR,
                     "loadparm value '%s' must be between 1 and 8 characters", loadparm->c_str());
      if (loadparm->find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789. ") !=
          std::string::npos)
        return error(VIR_FROM_DOMAIN, VIR_ERR_INTERNAL_ERROR,
                     "invalid loadparm value '%s', expecting chars in set of [a-zA-Z0-9.] and "
                     "blank spaces",
                     loadparm->c_str());
      info.loadparm = loadparm;
    }
  }
  if (rom) {
    int enabled = 0, bar = 0;
    VK_TRY(xml::prop_tristate_bool(rom, "enabled", xml::kPropNone, enabled));
    VK_TRY(xml::prop_tristate_switch(rom, "bar", xml::kPropNone, bar));
    info.rom_enabled = static_cast<TristateBool>(enabled);
    info.rom_bar = static_cast<TristateSwitch>(bar);
    info.rom_file = xml::prop(rom, "file");
    if (info.rom_enabled == TristateBool::no &&
        (info.rom_bar != TristateSwitch::absent || info.rom_file))
      return error(VIR_FROM_DOMAIN, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                   "ROM tuning is not supported when ROM is disabled");
  }
  if (acpi) VK_TRY(xml::prop_uint(acpi, "index", 10, xml::kPropNonZero, info.acpi_index));
  if (address) {
    auto type = xml::prop(address, "type");
    if (!type)
      return error(VIR_FROM_DOMAIN, VIR_ERR_INTERNAL_ERROR, "%s",
                   "No type specified for device address");
    int t = xml::enum_from_string(kAddressTypes, *type);
    if (t <= 0)
      return error(VIR_FROM_DOMAIN, VIR_ERR_CONFIG_UNSUPPORTED, "unknown address type '%s'",
                   type->c_str());
    info.addr.type = t;
    if (t == Address::pci) {
      PciAddress pci;
      VK_TRY(parse_pci_address(address, pci));
      info.addr.domain = pci.domain;
      info.addr.bus = pci.bus;
      info.addr.slot = pci.slot;
      info.addr.function = pci.function;
      info.addr.multifunction = pci.multifunction;
      info.addr.zpci_uid = pci.zpci_uid;
      info.addr.zpci_fid = pci.zpci_fid;
    } else if (t == Address::drive) {
      VK_TRY(xml::prop_uint(address, "controller", 10, xml::kPropNone, info.addr.controller));
      VK_TRY(xml::prop_uint(address, "bus", 10, xml::kPropNone, info.addr.bus));
      VK_TRY(xml::prop_uint(address, "target", 10, xml::kPropNone, info.addr.target));
      VK_TRY(xml::prop_uint(address, "unit", 10, xml::kPropNone, info.addr.unit));
    } else if (t == Address::usb) {
      // virDomainDeviceUSBAddressParseXML: a port of up to 4 dotted levels,
      // then the bus; the bus is always printed, the port when set.
      unsigned port[4] = {};
      if (auto text = xml::prop(address, "port")) {
        const char *p = text->c_str();
        bool ok = false;
        for (unsigned &level : port) {
          const char *end = nullptr;
          if (!util::str_to_uip(p, &end, 10, level)) break;
          p = end;
          if (*p == '\0') {
            ok = true;
            break;
          }
          if (*p == '.') p++;
        }
        if (!ok)
          return error(VIR_FROM_DEVICE, VIR_ERR_INTERNAL_ERROR, "%s",
                       "Cannot parse <address> 'port' attribute");
      }
      unsigned bus = 0;
      VK_TRY(xml::prop_uint(address, "bus", 10, xml::kPropNone, bus));
      info.addr.other.emplace_back("bus", std::to_string(static_cast<int>(bus)));
      if (port[0]) {
        std::string text = std::to_string(port[0]);
        for (int i = 1; i < 4 && port[i]; i++) text += "." + std::to_string(port[i]);
        info.addr.other.emplace_back("port", text);
      }
    } else if (t == Address::virtio_serial || t == Address::ccid) {
      // virtio-serial's three numbers, ccid's two: always printed, signed.
      static const std::vector<const char *> serial{"controller", "bus", "port"},
          ccid{"controller", "slot"};
      for (const char *name : t == Address::ccid ? ccid : serial) {
        unsigned v = 0;
        VK_TRY(xml::prop_uint(address, name, 10, xml::kPropNone, v));
        info.addr.other.emplace_back(name, std::to_string(static_cast<int>(v)));
      }
    } else if (t == Address::ccw) {
      // virCCWDeviceAddressParseXML: all three or none, printed in hex.
      unsigned cssid = 0, ssid = 0, devno = 0;
      auto rc = xml::prop_uint(address, "cssid", 0, xml::kPropNone, cssid);
      VK_TRY(rc);
      bool has_cssid = *rc == 1;
      rc = xml::prop_uint(address, "ssid", 0, xml::kPropNone, ssid);
      VK_TRY(rc);
      bool has_ssid = *rc == 1;
      rc = xml::prop_uint(address, "devno", 0, xml::kPropNone, devno);
      VK_TRY(rc);
      bool has_devno = *rc == 1;
      if (cssid > 254 || ssid > 3 || devno > 65535)
        return error(VIR_FROM_DEVICE, VIR_ERR_INTERNAL_ERROR,
                     "Invalid specification for virtio ccw address: cssid='0x%x' ssid='0x%x' "
                     "devno='0x%04x'",
                     cssid, ssid, devno);
      if (!(has_cssid && has_ssid && has_devno) && (has_cssid || has_ssid || has_devno))
        return error(VIR_FROM_DEVICE, VIR_ERR_INTERNAL_ERROR, "%s",
                     "Invalid partial specification for virtio ccw address");
      char text[16];
      std::snprintf(text, sizeof text, "0x%x", cssid);
      info.addr.other.emplace_back("cssid", text);
      std::snprintf(text, sizeof text, "0x%x", ssid);
      info.addr.other.emplace_back("ssid", text);
      std::snprintf(text, sizeof text, "0x%04x", devno);
      info.addr.other.emplace_back("devno", text);
    } else if (t == Address::spapr_vio) {
      // reg is read in hex and printed as 0x%08llx.
      unsigned long long reg = 0;
      auto rc = xml::prop_ull(address, "reg", 16, xml::kPropNone, reg);
      VK_TRY(rc);
      if (*rc == 1) {
        char text[24];
        std::snprintf(text, sizeof text, "0x%08llx", reg);
        info.addr.other.emplace_back("reg", text);
      }
    } else if (t == Address::isa) {
      // Read in hex, printed as 0x%x when not 0.
      for (const char *name : {"iobase", "irq"}) {
        unsigned v = 0;
        VK_TRY(xml::prop_uint(address, name, 16, xml::kPropNone, v));
        char text[16];
        std::snprintf(text, sizeof text, "0x%x", v);
        if (v) info.addr.other.emplace_back(name, text);
      }
    } else if (t == Address::dimm) {
      // The slot is required; the base is read in hex, printed when not 0.
      unsigned slot = 0;
      unsigned long long base = 0;
      VK_TRY(xml::prop_uint(address, "slot", 10, xml::kPropRequired, slot));
      VK_TRY(xml::prop_ull(address, "base", 16, xml::kPropNone, base));
      info.addr.other.emplace_back("slot", std::to_string(slot));
      if (base) {
        char text[24];
        std::snprintf(text, sizeof text, "0x%llx", base);
        info.addr.other.emplace_back("base", text);
      }
    } else if (t == Address::virtio_s390) {
      return error(VIR_FROM_DOMAIN, VIR_ERR_XML_ERROR, "%s",
                   "virtio-s390 bus doesn't have an address");
    }
    // virtio-mmio and unassigned addresses have no attributes.
  }
  return Status();
}

void format_device_info(xml::Buffer &buf, const DeviceInfo &info, bool allow_boot) {
  if (allow_boot && info.boot_index) {
    buf.addf("<boot order='%u'", info.boot_index);
    if (info.loadparm) buf.addf(" loadparm='%s'", info.loadparm->c_str());
    buf.add("/>\n");
  }
  if (info.alias) buf.addf("<alias name='%s'/>\n", info.alias->c_str());
  if (info.master_startport)
    buf.addf("<master startport='%d'/>\n", static_cast<int>(*info.master_startport));
  if (info.rom_enabled != TristateBool::absent || info.rom_bar != TristateSwitch::absent ||
      info.rom_file) {
    buf.add("<rom");
    if (info.rom_enabled != TristateBool::absent)
      buf.addf(" enabled='%s'", info.rom_enabled == TristateBool::yes ? "yes" : "no");
    if (info.rom_bar != TristateSwitch::absent)
      buf.addf(" bar='%s'", info.rom_bar == TristateSwitch::on ? "on" : "off");
    buf.escape(" file='%s'", info.rom_file);
    buf.add("/>\n");
  }
  if (info.acpi_index) buf.addf("<acpi index='%u'/>\n", info.acpi_index);
  const Address &a = info.addr;
  if (a.type == Address::none || a.type == Address::virtio_s390) return;
  xml::Buffer attrs;
  xml::Buffer children = xml::Buffer::child_of(buf);
  attrs.addf(" type='%s'", kAddressTypes[static_cast<size_t>(a.type)].data());
  if (a.type == Address::pci) {
    if (a.domain || a.bus || a.slot)
      attrs.addf(" domain='0x%04x' bus='0x%02x' slot='0x%02x' function='0x%d'", a.domain, a.bus,
                 a.slot, a.function);
    if (a.multifunction != TristateSwitch::absent)
      attrs.addf(" multifunction='%s'", a.multifunction == TristateSwitch::on ? "on" : "off");
    if (a.zpci_uid || a.zpci_fid)
      children.addf("<zpci uid='0x%.4x' fid='0x%.8x'/>\n", a.zpci_uid.value_or(0),
                    a.zpci_fid.value_or(0));
  } else if (a.type == Address::drive) {
    attrs.addf(" controller='%d' bus='%d' target='%d' unit='%d'", static_cast<int>(a.controller),
               static_cast<int>(a.bus), static_cast<int>(a.target), static_cast<int>(a.unit));
  } else {
    for (const auto &[k, v] : a.other) {
      std::string f = " " + k + "='%s'";
      attrs.escape(f.c_str(), v.c_str());
    }
  }
  xml::format_element(buf, "address", &attrs, &children);
}

}  // namespace virtkit::conf
