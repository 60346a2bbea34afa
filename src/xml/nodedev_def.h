// SPDX-License-Identifier: LGPL-2.1-or-later
// The node device definition model (<device> documents): parsed and
// formatted as libvirt 9.0.0's node device configuration code does, for
// the capabilities modelled here: system, pci (with its mdev_types and vpd
// capabilities), usb_device, usb, net, scsi_host (with fc_host and
// vport_ops), scsi_target, scsi, storage, drm, mdev, ccw, css, ap_card,
// ap_queue and ap_matrix (css and ap_matrix with their mdev_types).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <libxml/xpath.h>

#include "public.h"
#include "error/status.h"
#include "xml/interface_def.h"

namespace virtkit::conf {

// virNodeDevCapType, in libvirt's order (also the bit numbers of the
// VIR_CONNECT_LIST_NODE_DEVICES_CAP_* flags).
enum class DevCap {
  system,
  pci,
  usb_device,
  usb,
  net,
  scsi_host,
  scsi_target,
  scsi,
  storage,
  fc_host,
  vports,
  scsi_generic,
  drm,
  mdev_types,
  mdev,
  ccw,
  css,
  vdpa,
  ap_card,
  ap_queue,
  ap_matrix,
  vpd,
  last
};
const std::vector<std::string_view> &dev_cap_names();

struct PciAddr {
  unsigned domain = 0, bus = 0, slot = 0, function = 0;
};

// One <type> of an mdev_types capability.
struct MdevType {
  std::string id;
  std::optional<std::string> name;
  std::string device_api;
  unsigned available_instances = 0;
};

// A PCI device's VPD resource (virPCIVPDResource).
struct Vpd {
  // A vendor_field / system_field: its one-character index and value, in
  // first-seen order (a later field with the same index replaces the value).
  struct Custom {
    char index = 0;
    std::string value;
  };
  struct ReadOnly {
    std::optional<std::string> change_level, manufacture_id, part_number, serial_number;
    std::vector<Custom> vendor;
  };
  struct ReadWrite {
    std::optional<std::string> asset_tag;
    std::vector<Custom> vendor, system;
  };
  std::string name;
  std::optional<ReadOnly> ro;
  std::optional<ReadWrite> rw;
};

struct DevCapDef {
  DevCap type = DevCap::system;

  // system
  std::optional<std::string> product_name;
  std::optional<std::string> hw_vendor, hw_version, hw_serial;
  unsigned char hw_uuid[VIR_UUID_BUFLEN] = {};
  std::optional<std::string> fw_vendor, fw_version, fw_release_date;

  // pci
  int pci_class = -1;
  unsigned pci_domain = 0, pci_bus = 0, pci_slot = 0, pci_function = 0;
  unsigned pci_vendor = 0, pci_product = 0;
  std::optional<std::string> pci_vendor_name, pci_product_name;
  std::optional<PciAddr> phys_function;
  bool has_virt_functions = false;
  unsigned max_virt_functions = 0;
  std::vector<PciAddr> virt_functions;
  int pci_header = 0;  // 0 endpoint (not formatted), 1 pci-bridge, 2 cardbus-bridge
  struct PcieLink {
    unsigned width = 0;
    int speed = 0;  // "", 2.5, 5, 8, 16, 32, 64
    int port = -1;
  };
  bool pcie = false;
  std::optional<PcieLink> link_cap, link_sta;
  unsigned iommu_group = 0;
  std::vector<PciAddr> iommu_devices;
  int numa_node = -1;
  std::optional<Vpd> vpd;

  // usb_device
  unsigned usb_bus = 0, usb_device = 0, usb_vendor = 0, usb_product = 0;
  std::optional<std::string> usb_vendor_name, usb_product_name;

  // usb (interface)
  unsigned usb_number = 0, usb_class = 0, usb_subclass = 0, usb_protocol = 0;
  std::optional<std::string> usb_description;

  // drm: 0 primary, 1 control, 2 render
  int drm_type = 0;

  // net
  std::string ifname;
  std::optional<std::string> net_address;
  IfLink net_link;
  std::vector<int> net_features;  // virNetDevFeature numbers, ascending
  int net_subtype = 2;            // 0 80203, 1 80211, 2 none

  // scsi_host
  enum : unsigned { kFcHost = 1u << 0, kVportOps = 1u << 1 };
  unsigned host = 0;
  int unique_id = -1;
  unsigned host_flags = 0;
  std::optional<std::string> wwnn, wwpn, fabric_wwn;
  int max_vports = 0, vports = 0;

  // scsi_target
  std::string target_name;
  bool fc_rport = false;
  std::optional<std::string> rport, rport_wwpn;

  // scsi
  unsigned scsi_host = 0, scsi_bus = 0, scsi_target = 0, scsi_lun = 0;
  std::optional<std::string> scsi_type;

  // storage
  enum : unsigned { kRemovable = 1u << 0, kMediaAvailable = 1u << 1, kHotpluggable = 1u << 2 };
  std::string block;
  std::optional<std::string> st_bus, drive_type, model, vendor, serial, media_label;
  unsigned st_flags = 0;
  unsigned long long size = 0, removable_media_size = 0, logical_block_size = 0, num_blocks = 0;

  // mdev
  std::string mdev_type;
  std::optional<std::string> mdev_uuid;
  unsigned mdev_iommu_group = 0;
  std::vector<std::pair<std::string, std::string>> mdev_attrs;  // name, value

  // ccw and css; css's channel_dev_addr
  struct CcwAddr {
    unsigned cssid = 0, ssid = 0, devno = 0;
  };
  CcwAddr ccw;
  std::optional<CcwAddr> channel_dev_addr;
  // pci, css and ap_matrix: mdev_types capabilities (has_mdev_types even
  // when they list no type).
  bool has_mdev_types = false;
  std::vector<MdevType> mdev_types;

  // ap_card, ap_queue
  unsigned ap_adapter = 0, ap_domain = 0;
};

struct NodeDeviceDef {
  std::string name;
  std::optional<std::string> sysfs_path;
  std::optional<std::string> devnode;
  std::vector<std::string> devlinks;
  std::optional<std::string> parent, parent_wwnn, parent_wwpn, parent_fabric_wwn;
  std::vector<DevCapDef> caps;

  // virNodeDeviceObjHasCap (fc_host and vports count for a scsi_host with
  // those abilities).
  bool has_cap(DevCap t) const;
  // The scsi_host capability with fc_host, if any (virNodeDeviceGetWWNs).
  const DevCapDef *fc_host() const;
};

// virNodeDeviceDefParse: `create` for a device to create (named "new
// device"; scsi_host's host number is not read).
Result<std::unique_ptr<NodeDeviceDef>> parse_nodedev(const char *xml_text, bool create,
                                                     bool validate);
// virNodeDeviceDefParseXML of the <device> at ctxt->node.
Result<std::unique_ptr<NodeDeviceDef>> parse_nodedev_node(xmlXPathContextPtr ctxt, bool create);
// virNodeDeviceDefFormat.
std::string format_nodedev(const NodeDeviceDef &def);

}  // namespace virtkit::conf
