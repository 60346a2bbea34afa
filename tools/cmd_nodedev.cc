// SPDX-License-Identifier: LGPL-2.1-or-later
// virtkit-sh's node device commands (nodedev-list, nodedev-create,
// nodedev-detach, ...), printing what Debian's virsh 9.0.0 prints for each.
#include <strings.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <utility>
#include <string>
#include <vector>

#include <virtkit/events.hpp>
#include <virtkit/nodedev.hpp>

#include "object_event.h"
#include "virtkit_sh.h"

namespace virtkit_sh {

namespace {

using Dev = virtkit::NodeDevice;

// The name, or "(null)" where virsh would print C's NULL name.
std::string name_of(const Dev &d) {
  return d.try_name().value_or("(null)");
}

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
  virtkit::Expected<Dev> dev = Dev();
  if (std::strchr(value, ',')) {
    auto wwns = string_to_array(value);
    if (wwns.size() != 2) {
      error("Malformed device value '%s'", value);
      return Dev();
    }
    if (!valid_wwn(wwns[0]) || !valid_wwn(wwns[1])) return Dev();
    dev = Dev::try_lookup_scsi_host_by_wwn(sh.conn, wwns[0], wwns[1]);
  } else {
    dev = Dev::try_lookup_by_name(sh.conn, value);
  }
  if (!dev) {
    error("%s '%s'", "Could not find matching device", value);
    return Dev();
  }
  return std::move(*dev);
}

// The --device option looked up by name only (detach, reattach, reset, start).
Dev device_by_name(Shell &sh, const Cmd &c, const char *&name) {
  if (c.string("device", name) < 0) return Dev();
  auto dev = Dev::try_lookup_by_name(sh.conn, name);
  if (!dev) {
    error("Could not find matching device '%s'", name);
    return Dev();
  }
  return std::move(*dev);
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
  auto all = Dev::try_list_all(sh.conn, flags);
  if (all) {
    out = std::move(*all);
  } else {
    if (all.error().code() != VIR_ERR_NO_SUPPORT) {
      error("Failed to list node devices");
      return false;
    }
    reset_error();
    auto num = Dev::try_count(sh.conn);
    if (!num) {
      error("Failed to count node devices");
      return false;
    }
    if (*num == 0) return true;
    auto names = Dev::try_list_names(sh.conn);
    if (!names) {
      error("Failed to list node devices");
      return false;
    }
    for (const std::string &name : *names)
      if (auto d = Dev::try_lookup_by_name(sh.conn, name)) out.push_back(std::move(*d));
    if (!caps.empty()) {
      std::vector<Dev> kept;
      for (Dev &d : out) {
        if (!d.try_cap_count()) {
          error("Failed to get capability numbers of the device");
          return false;
        }
        auto have = d.try_caps();
        if (!have) {
          error("Failed to get capability names of the device");
          return false;
        }
        bool match = false;
        for (const std::string &h : *have)
          for (const std::string &want : caps)
            if (want == h) match = true;
        if (match) kept.push_back(std::move(d));
      }
      out.swap(kept);
    }
  }
  sort_by(out, name_of);
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
  auto dev = Dev::try_create_xml(sh.conn, xml, flags);
  if (!dev) {
    error("Failed to create node device from %s", from);
    return false;
  }
  extra("Node device %s created from %s\n", name_of(*dev).c_str(), from);
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
  auto dev = Dev::try_define_xml(sh.conn, xml, flags);
  if (!dev) {
    error("Failed to define node device from '%s'", from);
    return false;
  }
  extra("Node device '%s' defined from '%s'\n", name_of(*dev).c_str(), from);
  return true;
}

bool cmd_nodedev_destroy(Shell &sh, const Cmd &c) {
  const char *value = nullptr;
  if (c.string("device", value) < 0) return false;
  Dev dev = find_device(sh, value);
  if (!dev) return false;
  if (!dev.try_destroy()) {
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
  if (!dev.try_undefine()) {
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
    for (const Dev &d : devs) std::printf("%s\n", name_of(d).c_str());
    return true;
  }
  // Each device under its parent; "computer" is always a root.
  std::vector<std::string> names;
  for (const Dev &d : devs) names.emplace_back(name_of(d));
  print_tree(devs.size(), [&](size_t i) {
    TreeItem item{names[i], kTreeRoot};
    if (names[i] == "computer") return item;
    auto parent = devs[i].try_parent();
    if (!parent || !*parent) return item;
    auto it = std::find(names.begin(), names.end(), **parent);
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
  auto xml = dev.try_xml();
  if (!xml) return false;
  return print_xml(xml->c_str(), xpath, c.has("wrap"));
}

bool cmd_nodedev_detach(Shell &sh, const Cmd &c) {
  const char *name = nullptr, *driver = nullptr;
  if (c.string("device", name) < 0) return false;
  c.string_quiet("driver", driver);  // an empty --driver is none
  auto dev = Dev::try_lookup_by_name(sh.conn, name);
  if (!dev) {
    error("Could not find matching device '%s'", name);
    return false;
  }
  // Only the newer call takes a driver name.
  if (!dev->try_detach(driver ? std::optional<std::string_view>(driver) : std::nullopt)) {
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
  if (!dev.try_reattach()) {
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
  if (!dev.try_reset()) {
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
  if (!dev.try_create()) {
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
  bool autostart = !c.has("disable");
  if (!dev.try_set_autostart(autostart)) {
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
  auto parent = dev.try_parent();
  std::printf("%-15s %s\n", "Name:", name_of(dev).c_str());
  std::printf("%-15s %s\n", "Parent:", parent && *parent ? (*parent)->c_str() : "");
  // A failed query (-1) reads as "yes", as in virsh.
  std::printf("%-15s %s\n", "Active:", dev.try_is_active().value_or(true) ? "yes" : "no");
  std::printf("%-15s %s\n", "Persistent:", dev.try_is_persistent().value_or(true) ? "yes" : "no");
  auto autostart = dev.try_autostart();
  std::printf("%-15s %s\n", "Autostart:", !autostart ? "no autostart" : *autostart ? "yes" : "no");
  return true;
}

namespace {

// ObjectEvents' options and names; the wait is on a virtkit::Subscription.
struct NodeDeviceEvents {
  using Obj = Dev;
  static constexpr const char *kWhat = "node device";
  static constexpr const char *kEvents[] = {"lifecycle", "update"};
  static constexpr const char *kLifecycle[] = {"Created", "Deleted", "Defined", "Undefined"};
  static std::string name(const Obj &o) { return name_of(o); }
  template <int ID, class F>
  static auto subscribe(const virtkit::Connection &c, F cb, const Obj *only) {
    return virtkit::try_on_node_device_event<ID>(c, std::move(cb), only);
  }
};

}  // namespace

bool cmd_nodedev_event(Shell &sh, const Cmd &c) {
  using E = ObjectEvents<NodeDeviceEvents>;
  int id, timeout = 0;
  E::Watch w{};
  if (int r = E::prepare(c, id, w, timeout)) return r > 0;
  const char *name = nullptr;
  if (c.string("device", name) < 0) return false;
  Dev dev;
  if (name) {
    auto d = Dev::try_lookup_by_name(sh.conn, name);
    if (!d) {
      error("%s '%s'", "Could not find matching device", name);
      return false;
    }
    dev = std::move(*d);
  }
  return E::wait(sh, dev ? &dev : nullptr, id, w, timeout);
}

}  // namespace virtkit_sh
