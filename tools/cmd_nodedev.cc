// SPDX-License-Identifier: LGPL-2.1-or-later
// virtkit-sh's node device commands (nodedev-list, nodedev-create,
// nodedev-detach, ...), printing what Debian's virsh 9.0.0 prints for each.
#include <strings.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "object_event.h"
#include "virtkit_sh.h"

namespace virtkit_sh {

namespace {

struct DevFree {
  void operator()(virNodeDevicePtr d) const { virNodeDeviceFree(d); }
};
using Dev = std::unique_ptr<virNodeDevice, DevFree>;

// virValidateWWN: 16 hex digits, optionally after "0x"; else libvirt's
// error, pending.
bool valid_wwn(const std::string &wwn) {
  size_t start = wwn.rfind("0x", 0) == 0 ? 2 : 0;
  size_t i = start;
  while (i < wwn.size() && std::isxdigit(static_cast<unsigned char>(wwn[i]))) i++;
  if (i - start != 16 || i != wwn.size()) {
    save_error(VIR_ERR_INTERNAL_ERROR, "internal error: Malformed wwn: " + wwn);
    return false;
  }
  return true;
}

// virsh's vshFindNodeDevice: "wwnn,wwpn" names a SCSI host by its WWNs,
// anything else is a device name.
Dev find_device(Shell &sh, const char *value) {
  Dev dev;
  if (std::strchr(value, ',')) {
    auto wwns = string_to_array(value);
    if (wwns.size() != 2) {
      error("Malformed device value '%s'", value);
      return nullptr;
    }
    if (!valid_wwn(wwns[0]) || !valid_wwn(wwns[1])) return nullptr;
    dev.reset(virNodeDeviceLookupSCSIHostByWWN(sh.conn.get(), wwns[0].c_str(), wwns[1].c_str(), 0));
  } else {
    dev.reset(virNodeDeviceLookupByName(sh.conn.get(), value));
  }
  if (!dev) error("%s '%s'", "Could not find matching device", value);
  return dev;
}

// The --device option looked up by name only (detach, reattach, reset, start).
Dev device_by_name(Shell &sh, const Cmd &c, const char *&name) {
  if (c.string("device", name) < 0) return nullptr;
  Dev dev(virNodeDeviceLookupByName(sh.conn.get(), name));
  if (!dev) error("Could not find matching device '%s'", name);
  return dev;
}

// virsh's virNodeDevCapType names; a name's index is its listing flag's bit.
constexpr const char *kCapNames[] = {
    "system",      "pci",        "usb_device", "usb",     "net",    "scsi_host",
    "scsi_target", "scsi",       "storage",    "fc_host", "vports", "scsi_generic",
    "drm",         "mdev_types", "mdev",       "ccw",     "css",    "vdpa",
    "ap_card",     "ap_queue",   "ap_matrix",  "vpd"};

// virsh's list of node devices: the newer call, or the older ones (filtering
// by capability here) on a server without it; sorted by name.
bool collect_devices(Shell &sh, const std::vector<std::string> &caps, unsigned flags,
                     std::vector<Dev> &out) {
  virConnectPtr conn = sh.conn.get();
  virNodeDevicePtr *list = nullptr;
  int n = virConnectListAllNodeDevices(conn, &list, flags);
  if (n >= 0) {
    for (int i = 0; i < n; i++) out.emplace_back(list[i]);
    std::free(list);
  } else {
    virErrorPtr e = virGetLastError();
    if (!e || e->code != VIR_ERR_NO_SUPPORT) {
      error("Failed to list node devices");
      return false;
    }
    reset_error();
    int num = virNodeNumOfDevices(conn, nullptr, 0);
    if (num < 0) {
      error("Failed to count node devices");
      return false;
    }
    if (num == 0) return true;
    std::vector<char *> names(static_cast<size_t>(num), nullptr);
    num = virNodeListDevices(conn, nullptr, names.data(), num, 0);
    if (num < 0) {
      error("Failed to list node devices");
      return false;
    }
    for (int i = 0; i < num; i++) {
      if (virNodeDevicePtr d = virNodeDeviceLookupByName(conn, names[static_cast<size_t>(i)]))
        out.emplace_back(d);
      std::free(names[static_cast<size_t>(i)]);
    }
    if (!caps.empty()) {
      std::vector<Dev> kept;
      for (auto &d : out) {
        int ncaps = virNodeDeviceNumOfCaps(d.get());
        if (ncaps < 0) {
          error("Failed to get capability numbers of the device");
          return false;
        }
        std::vector<char *> have(static_cast<size_t>(ncaps), nullptr);
        ncaps = virNodeDeviceListCaps(d.get(), have.data(), ncaps);
        if (ncaps < 0) {
          error("Failed to get capability names of the device");
          return false;
        }
        bool match = false;
        for (int j = 0; j < ncaps; j++) {
          for (auto &want : caps)
            if (want == have[static_cast<size_t>(j)]) match = true;
          std::free(have[static_cast<size_t>(j)]);
        }
        if (match) kept.push_back(std::move(d));
      }
      out.swap(kept);
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const Dev &a, const Dev &b) {
    return strcasecmp(virNodeDeviceGetName(a.get()), virNodeDeviceGetName(b.get())) < 0;
  });
  return true;
}

}  // namespace

bool cmd_nodedev_create(Shell &sh, const Cmd &c) {
  const char *from = nullptr;
  if (c.string("file", from) < 0) return false;
  std::string xml;
  if (!read_file(from, xml)) {
    reset_error();
    return false;
  }
  unsigned flags = c.has("validate") ? VIR_NODE_DEVICE_CREATE_XML_VALIDATE : 0;
  Dev dev(virNodeDeviceCreateXML(sh.conn.get(), xml.c_str(), flags));
  if (!dev) {
    error("Failed to create node device from %s", from);
    return false;
  }
  extra("Node device %s created from %s\n", virNodeDeviceGetName(dev.get()), from);
  return true;
}

bool cmd_nodedev_define(Shell &sh, const Cmd &c) {
  const char *from = nullptr;
  if (c.string("file", from) < 0) return false;
  std::string xml;
  if (!read_file(from, xml)) {
    reset_error();
    return false;
  }
  unsigned flags = c.has("validate") ? VIR_NODE_DEVICE_DEFINE_XML_VALIDATE : 0;
  Dev dev(virNodeDeviceDefineXML(sh.conn.get(), xml.c_str(), flags));
  if (!dev) {
    error("Failed to define node device from '%s'", from);
    return false;
  }
  extra("Node device '%s' defined from '%s'\n", virNodeDeviceGetName(dev.get()), from);
  return true;
}

bool cmd_nodedev_destroy(Shell &sh, const Cmd &c) {
  const char *value = nullptr;
  if (c.string("device", value) < 0) return false;
  Dev dev = find_device(sh, value);
  if (!dev) return false;
  if (virNodeDeviceDestroy(dev.get()) != 0) {
    error("Failed to destroy node device '%s'", value);
    return false;
  }
  extra("Destroyed node device '%s'\n", value);
  return true;
}

bool cmd_nodedev_undefine(Shell &sh, const Cmd &c) {
  const char *value = nullptr;
  if (c.string("device", value) < 0) return false;
  Dev dev = find_device(sh, value);
  if (!dev) return false;
  if (virNodeDeviceUndefine(dev.get(), 0) < 0) {
    error("Failed to undefine node device '%s'", value);
    return false;
  }
  extra("Undefined node device '%s'\n", value);
  return true;
}

bool cmd_nodedev_list(Shell &sh, const Cmd &c) {
  bool tree = c.has("tree"), inactive = c.has("inactive"), all = c.has("all");
  const char *cap_str = nullptr;
  c.string_quiet("cap", cap_str);  // an empty --cap is no filter
  std::vector<std::string> caps;
  if (cap_str) caps = string_to_array(cap_str);
  if (all && inactive) {
    error("Option --all is incompatible with --inactive");
    return false;
  }
  if (tree && (cap_str || inactive)) {
    error("Option --tree is incompatible with --cap and --inactive");
    return false;
  }
  unsigned flags = 0;
  for (auto &cap : caps) {
    auto it = std::find_if(std::begin(kCapNames), std::end(kCapNames),
                           [&](const char *n) { return cap == n; });
    if (it == std::end(kCapNames)) {
      error("Invalid capability type");
      return false;
    }
    flags |= 1U << (it - std::begin(kCapNames));
  }
  if (inactive || all) flags |= VIR_CONNECT_LIST_NODE_DEVICES_INACTIVE;
  if (!inactive) flags |= VIR_CONNECT_LIST_NODE_DEVICES_ACTIVE;
  std::vector<Dev> devs;
  if (!collect_devices(sh, caps, flags, devs)) return false;
  if (!tree) {
    for (auto &d : devs) std::printf("%s\n", virNodeDeviceGetName(d.get()));
    return true;
  }
  // Each device under its parent; "computer" is always a root.
  std::vector<std::string> names;
  for (auto &d : devs) names.emplace_back(virNodeDeviceGetName(d.get()));
  print_tree(devs.size(), [&](size_t i) {
    TreeItem item{names[i], kTreeRoot};
    if (names[i] == "computer") return item;
    const char *parent = virNodeDeviceGetParent(devs[i].get());
    if (!parent) return item;
    auto it = std::find(names.begin(), names.end(), parent);
    // A parent not listed: shown nowhere.
    item.parent = it == names.end() ? static_cast<long>(names.size()) : it - names.begin();
    return item;
  });
  return true;
}

bool cmd_nodedev_dumpxml(Shell &sh, const Cmd &c) {
  const char *value = nullptr;
  if (c.string("device", value) < 0) return false;
  const char *xpath = nullptr;
  if (c.string_quiet("xpath", xpath) < 0) return false;
  Dev dev = find_device(sh, value);
  if (!dev) return false;
  char *xml = virNodeDeviceGetXMLDesc(dev.get(), 0);
  if (!xml) return false;
  bool ok = print_xml(xml, xpath, c.has("wrap"));
  std::free(xml);
  return ok;
}

bool cmd_nodedev_detach(Shell &sh, const Cmd &c) {
  const char *name = nullptr, *driver = nullptr;
  if (c.string("device", name) < 0) return false;
  c.string_quiet("driver", driver);  // an empty --driver is none
  Dev dev(virNodeDeviceLookupByName(sh.conn.get(), name));
  if (!dev) {
    error("Could not find matching device '%s'", name);
    return false;
  }
  // Only the newer call takes a driver name.
  int rc =
      driver ? virNodeDeviceDetachFlags(dev.get(), driver, 0) : virNodeDeviceDettach(dev.get());
  if (rc < 0) {
    error("Failed to detach device %s", name);
    return false;
  }
  extra("Device %s detached\n", name);
  return true;
}

bool cmd_nodedev_reattach(Shell &sh, const Cmd &c) {
  const char *name = nullptr;
  Dev dev = device_by_name(sh, c, name);
  if (!dev) return false;
  if (virNodeDeviceReAttach(dev.get()) != 0) {
    error("Failed to re-attach device %s", name);
    return false;
  }
  extra("Device %s re-attached\n", name);
  return true;
}

bool cmd_nodedev_reset(Shell &sh, const Cmd &c) {
  const char *name = nullptr;
  Dev dev = device_by_name(sh, c, name);
  if (!dev) return false;
  if (virNodeDeviceReset(dev.get()) != 0) {
    error("Failed to reset device %s", name);
    return false;
  }
  extra("Device %s reset\n", name);
  return true;
}

bool cmd_nodedev_start(Shell &sh, const Cmd &c) {
  const char *name = nullptr;
  Dev dev = device_by_name(sh, c, name);
  if (!dev) return false;
  if (virNodeDeviceCreate(dev.get(), 0) != 0) {
    error("Failed to start device %s", name);
    return false;
  }
  extra("Device %s started\n", name);
  return true;
}

bool cmd_nodedev_autostart(Shell &sh, const Cmd &c) {
  const char *name = nullptr;
  if (c.string("device", name) < 0) return false;
  Dev dev = find_device(sh, name);
  if (!dev) return false;
  int autostart = !c.has("disable");
  if (virNodeDeviceSetAutostart(dev.get(), autostart) < 0) {
    error(autostart ? "failed to mark device %s as autostarted"
                    : "failed to unmark device %s as autostarted",
          name);
    return false;
  }
  extra(autostart ? "Device %s marked as autostarted\n" : "Device %s unmarked as autostarted\n",
        name);
  return true;
}

bool cmd_nodedev_info(Shell &sh, const Cmd &c) {
  const char *value = nullptr;
  if (c.string("device", value) < 0) return false;
  Dev dev = find_device(sh, value);
  if (!dev) return false;
  virNodeDevicePtr d = dev.get();
  const char *parent = virNodeDeviceGetParent(d);
  std::printf("%-15s %s\n", "Name:", virNodeDeviceGetName(d));
  std::printf("%-15s %s\n", "Parent:", parent ? parent : "");
  // A failed query (-1) reads as "yes", as in virsh.
  std::printf("%-15s %s\n", "Active:", virNodeDeviceIsActive(d) ? "yes" : "no");
  std::printf("%-15s %s\n", "Persistent:", virNodeDeviceIsPersistent(d) ? "yes" : "no");
  int autostart = 0;
  if (virNodeDeviceGetAutostart(d, &autostart) < 0)
    std::printf("%-15s %s\n", "Autostart:", "no autostart");
  else
    std::printf("%-15s %s\n", "Autostart:", autostart ? "yes" : "no");
  return true;
}

namespace {

struct NodeDeviceEvents {
  using Obj = virNodeDevicePtr;
  using Callback = virConnectNodeDeviceEventGenericCallback;
  static constexpr const char *kWhat = "node device";
  static constexpr const char *kEvents[] = {"lifecycle", "update"};
  static constexpr const char *kLifecycle[] = {"Created", "Deleted", "Defined", "Undefined"};
  static std::string name(Obj o) { return virNodeDeviceGetName(o); }
  static constexpr auto Register = virConnectNodeDeviceEventRegisterAny;
  static constexpr auto Deregister = virConnectNodeDeviceEventDeregisterAny;
};

}  // namespace

bool cmd_nodedev_event(Shell &sh, const Cmd &c) {
  using E = ObjectEvents<NodeDeviceEvents>;
  int id, timeout = 0;
  E::Watch w{};
  if (int r = E::prepare(c, id, w, timeout)) return r > 0;
  const char *name = nullptr;
  if (c.string("device", name) < 0) return false;
  virNodeDevicePtr dev = nullptr;
  if (name && !(dev = virNodeDeviceLookupByName(sh.conn.get(), name))) {
    error("%s '%s'", "Could not find matching device", name);
    return false;
  }
  bool ok = E::wait(sh, dev, id, w, timeout);
  if (dev) virNodeDeviceFree(dev);
  return ok;
}

}  // namespace virtkit_sh
