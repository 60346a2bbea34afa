// SPDX-License-Identifier: LGPL-2.1-or-later
// The domain's <hostdev> devices (libvirt's virDomainHostdevDef): host devices
// given to the guest, by subsystem (pci, usb, scsi with a host adapter or an
// iSCSI source, scsi_host for vhost-scsi, mdev) or by capability (storage,
// misc, net); read, given their implied SCSI address and controller, checked
// and printed the way libvirt 9.0.0's generic domain code does.
#pragma once

#include <libxml/tree.h>
#include <libxml/xpath.h>

#include <optional>
#include <string>
#include <vector>

#include "error/status.h"
#include "xml/device_info.h"
#include "xml/network_def.h"
#include "xml/storage_def.h"
#include "xml/xml.h"

namespace virtkit::conf {

struct DomainDef;
struct Disk;

// <ip> and <route> elements of an interface or a net hostdev
// (virNetDevIPInfo).
struct NetIpAddr {
  util::SockAddr address, peer;
  unsigned prefix = 0;
};
struct NetIpInfo {
  std::vector<NetIpAddr> ips;
  std::vector<NetRoute> routes;
  bool empty() const { return ips.empty() && routes.empty(); }
};
// virDomainNetIPInfoParseXML: the <ip> and <route> children of `node`.
Status parse_ip_info(const char *detail, xmlNodePtr node, NetIpInfo &info);
// virDomainNetIPInfoFormat.
void format_ip_info(xml::Buffer &buf, const NetIpInfo &info);

// <teaming> (virDomainNetTeamingInfo).
struct NetTeaming {
  int type = 0;  // none persistent transient
  std::optional<std::string> persistent;
};

struct Hostdev {
  enum Mode { subsystem, capabilities };
  enum Subsys { usb, pci, scsi, scsi_host, mdev };
  enum Caps { storage, misc, net };
  int mode = subsystem;
  int type = usb;  // Subsys or Caps, by mode
  bool managed = false;
  // pci
  TristateBool write_filtering = TristateBool::absent;
  PciAddress pci_addr;
  int pci_backend = 0;  // default kvm vfio xen
  // usb
  int startup_policy = 0;  // default mandatory requisite optional
  int guest_reset = 0;     // default off uninitialized on
  bool auto_address = false;
  unsigned vendor = 0, product = 0, usb_bus = 0, usb_device = 0;
  // scsi
  int sgio = 0;  // default filtered unfiltered
  TristateBool rawio = TristateBool::absent;
  int scsi_protocol = 0;  // adapter iscsi
  std::string adapter;    // adapter: its name and the unit's address
  unsigned scsi_bus = 0, scsi_target = 0;
  unsigned long long scsi_unit = 0;
  std::string iscsi_path, iscsi_host;  // iscsi
  unsigned iscsi_port = 0;
  std::optional<PoolAuth> auth;
  std::optional<std::string> initiator_iqn;
  bool readonly = false, shareable = false;
  // scsi_host
  int host_protocol = 0;  // none vhost
  std::string wwpn;
  int vhost_model = 0;  // default virtio virtio-transitional virtio-non-transitional
  // mdev
  int mdev_model = 0;  // vfio-pci vfio-ccw vfio-ap
  TristateSwitch display = TristateSwitch::absent, ramfb = TristateSwitch::absent;
  std::string uuid;
  // capabilities: the block device, character device or interface name
  std::string caps_name;
  NetIpInfo caps_ip;  // net
  std::optional<NetTeaming> teaming;
  DeviceInfo info;
};

// virDomainHostdevDefParseXMLSubsys: `node` is the <hostdev> (or the
// <interface type='hostdev'>), `type` the source address type.
Status parse_hostdev_subsys(xmlNodePtr node, const std::optional<std::string> &type, Hostdev &h);
// virDomainHostdevDefFormatSubsys: the <source> (a PCI device's <driver>
// first), its address with its type for an <interface>.
void format_hostdev_source(xml::Buffer &buf, const Hostdev &h, unsigned flags, bool include_type);
// virDomainHostdevDefParseXML.
Result<Hostdev> parse_hostdev(xmlXPathContextPtr ctxt, xmlNodePtr node, unsigned flags);
// The <devices><hostdev> list with libvirt's per-element checks (USB
// disabled) and implied SCSI controllers.
Status parse_hostdevs(DomainDef &def, xmlXPathContextPtr ctxt, unsigned flags, bool usb_none);
// virDomainDefMaybeAddHostdevSCSIcontroller.
void add_hostdev_scsi_controllers(DomainDef &def);
// virDomainHostdevDefPostParse for every hostdev.
Status post_parse_hostdevs(DomainDef &def);
// The disk post-parse's check that a SCSI disk's implied address is not a
// SCSI hostdev's (after its address was assigned from its target name).
Status check_disk_hostdev_address(const DomainDef &def, const Disk &disk);
// virDomainHostdevDefValidate for every hostdev.
Status validate_hostdevs(const DomainDef &def);
// virDomainDefHostdevValidate and the SCSI hostdev part of
// virDomainDefDuplicateDriveAddressesValidate.
Status validate_hostdevs_domain(const DomainDef &def);
// virDomainHostdevDefFormat.
void format_hostdev(xml::Buffer &buf, const Hostdev &h, unsigned flags);

}  // namespace virtkit::conf
