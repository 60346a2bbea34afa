// SPDX-License-Identifier: LGPL-2.1-or-later
// What every domain device has (libvirt's virDomainDeviceInfo): its address,
// alias and boot order, read and printed the way libvirt does. Shared by the
// hand-written device parsers and the code generated from desc/domain.xd.
#pragma once

#include <libxml/tree.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "error/status.h"
#include "xml/xml.h"

namespace virtkit::conf {

// libvirt's VIR_DOMAIN_CPUMASK_LEN: the bits a CPU or NUMA node set may name.
inline constexpr unsigned kCpumaskLen = 16384;

// virTristateBool ("yes"/"no") and virTristateSwitch ("on"/"off").
enum class TristateBool { absent, yes, no };
enum class TristateSwitch { absent, on, off };
// Device addresses: pci and drive are modelled; other types keep their
// attributes as given.
struct Address {
  enum Type {
    none = 0,
    pci,
    drive,
    virtio_serial,
    ccid,
    usb,
    spapr_vio,
    virtio_s390,
    ccw,
    virtio_mmio,
    isa,
    dimm,
    unassigned
  };
  int type = none;
  unsigned domain = 0, bus = 0, slot = 0, function = 0;  // pci
  TristateSwitch multifunction = TristateSwitch::absent;
  std::optional<unsigned> zpci_uid, zpci_fid;              // pci: its <zpci> (s390)
  unsigned controller = 0, target = 0, unit = 0;           // drive (bus shared)
  std::vector<std::pair<std::string, std::string>> other;  // other types' attributes
};

struct DeviceInfo {
  unsigned boot_index = 0;
  std::optional<std::string> loadparm;       // <boot loadparm>, upper case
  std::optional<std::string> alias;          // user aliases ("ua-...") only
  std::optional<unsigned> master_startport;  // <master>: a USB companion controller's
  // <rom> (devices that may have one: hostdevs, interfaces).
  TristateBool rom_enabled = TristateBool::absent;
  TristateSwitch rom_bar = TristateSwitch::absent;
  std::optional<std::string> rom_file;
  unsigned acpi_index = 0;  // <acpi index>
  Address addr;
};

// virXMLPropTristateBool / virXMLPropTristateSwitch into the enums (absent
// when the attribute is not there): 1 set, 0 absent, or the error.
Result<int> prop_tristate(xmlNodePtr node, const char *name, unsigned flags, TristateBool &out);
Result<int> prop_tristate(xmlNodePtr node, const char *name, unsigned flags, TristateSwitch &out);
// The first child element named `name` (XPath's ./name[1]), or nullptr (also
// for a null `node`).
xmlNodePtr first_child(xmlNodePtr node, const char *name);

// libvirt's virPCIDeviceAddressParseXML: domain, bus, slot and function in
// any base, multifunction on/off, range checks unless all of domain, bus
// and slot are 0.
struct PciAddress {
  unsigned domain = 0, bus = 0, slot = 0, function = 0;
  TristateSwitch multifunction = TristateSwitch::absent;
  std::optional<unsigned> zpci_uid, zpci_fid;  // <zpci> (the last one)
};
Status parse_pci_address(xmlNodePtr node, PciAddress &a);

// virDomainDeviceInfoParseXML for the parts modelled: <address>, a user
// <alias> ("ua-..."), <master>, <acpi>, and <boot> and <rom> where the
// device may have them.
Status parse_device_info(xmlNodePtr node, DeviceInfo &info, bool allow_boot,
                         bool allow_rom = false);
// virDomainDeviceInfoFormat: <boot>, <alias>, <master>, <rom>, <acpi>,
// <address>.
void format_device_info(xml::Buffer &buf, const DeviceInfo &info, bool allow_boot);

}  // namespace virtkit::conf
