// SPDX-License-Identifier: LGPL-2.1-or-later
// Node devices of the test driver: a list of device definitions; the only
// device that can be created is a vHBA, mocked by copying scsi_host11.
//
// Locking: `NodeDeviceState::lock` guards the list; each object's mutex
// guards its definition and is only taken under the list lock (shared for
// lookups and reads, exclusive to add or remove devices).
#include "drivers/test/nodedev.h"
#include "drivers/test/object_index.h"

#include <cstdlib>
#include <cstring>
#include <map>
#include <shared_mutex>
#include <unordered_map>

#include "xml/nodedev_def.h"
#include "xml/xml.h"

namespace virtkit::drivers::test {

namespace {

constexpr int kFromDev = VIR_FROM_NODEDEV;
constexpr unsigned kCapFilters = (1u << static_cast<unsigned>(conf::DevCap::last)) - 1;

// The default host's devices (libvirt's defaultConnXML).
const char *const kDefaultDevicesXml = R"XML(<node>
<device>
  <name>computer</name>
  <capability type='system'>
    <hardware>
      <vendor>Libvirt</vendor>
      <version>Test driver</version>
      <serial>123456</serial>
      <uuid>11111111-2222-3333-4444-555555555555</uuid>
    </hardware>
    <firmware>
      <vendor>Libvirt</vendor>
      <version>Test Driver</version>
      <release_date>01/22/2007</release_date>
    </firmware>
  </capability>
</device>
<device>
  <name>scsi_host1</name>
  <parent>computer</parent>
  <capability type='scsi_host'>
    <host>1</host>
    <unique_id>0</unique_id>
    <capability type='fc_host'>
      <wwnn>2000000012341234</wwnn>
      <wwpn>1000000012341234</wwpn>
      <fabric_wwn>2000000043214321</fabric_wwn>
    </capability>
    <capability type='vport_ops'>
      <max_vports>127</max_vports>
      <vports>1</vports>
    </capability>
  </capability>
</device>
<device>
  <name>scsi_host2</name>
  <parent>computer</parent>
  <capability type='scsi_host'>
    <host>2</host>
    <unique_id>1</unique_id>
    <capability type='fc_host'>
      <wwnn>2000000056785678</wwnn>
      <wwpn>1000000056785678</wwpn>
      <fabric_wwn>2000000087658765</fabric_wwn>
    </capability>
    <capability type='vport_ops'>
      <max_vports>127</max_vports>
      <vports>0</vports>
    </capability>
  </capability>
</device>
<device>
  <name>scsi_host11</name>
  <parent>scsi_host1</parent>
  <capability type='scsi_host'>
    <host>11</host>
    <unique_id>10</unique_id>
    <capability type='fc_host'>
      <wwnn>2000000034563456</wwnn>
      <wwpn>1000000034563456</wwpn>
      <fabric_wwn>2000000043214321</fabric_wwn>
    </capability>
  </capability>
</device>
</node>)XML";

struct DeviceObj {
  explicit DeviceObj(uint64_t s) : seq(s) {}
  const uint64_t seq;
  std::mutex lock;
  std::unique_ptr<conf::NodeDeviceDef> def;  // guarded by `lock`
};
using DevicePtr = std::shared_ptr<DeviceObj>;

}  // namespace

struct NodeDeviceState : ObjectIndex<DeviceObj> {
  std::shared_mutex lock;  // guards the index

  // virNodeDeviceObjListAssignDef (caller holds `lock` exclusively).
  void assign(std::unique_ptr<conf::NodeDeviceDef> def) {
    if (DevicePtr obj = find(def->name)) {
      std::lock_guard g(obj->lock);
      obj->def = std::move(def);
      return;
    }
    auto obj = std::make_shared<DeviceObj>(next_seq());
    obj->def = std::move(def);
    add(obj->def->name, obj);
  }
  void remove(const DevicePtr &obj) { ObjectIndex::remove(obj->def->name, *obj); }
};

namespace {

NodeDeviceState &state_of(DriverState &st) {
  return *st.node_devices;
}

Status not_found(const std::string &name) {
  return error(kFrom, VIR_ERR_NO_NODE_DEVICE, "no node device with matching name '%s'",
               name.c_str());
}

void queue_event(DriverState &st, const std::string &name, int event) {
  ObjectEvent ev;
  ev.klass = EventClass::node_device;
  ev.event_id = VIR_NODE_DEVICE_EVENT_ID_LIFECYCLE;
  ev.name = name;
  ev.key = name;
  ev.event = event;
  ev.detail = 0;
  st.events->queue(std::move(ev));
}

virNodeDevicePtr new_handle(virConnectPtr conn, const std::string &name,
                            const std::optional<std::string> &parent) {
  return handles::make<_virNodeDevice>(conn, [&](_virNodeDevice &d) {
    d.name = name;
    if (parent) {
      d.parent = *parent;
      d.has_parent = true;
    }
  });
}

bool has_cap_str(const conf::NodeDeviceDef &def, const char *cap) {
  int t = xml::enum_from_string(conf::dev_cap_names(), cap);
  return t >= 0 && def.has_cap(static_cast<conf::DevCap>(t));
}

Status load_devices(DriverState &st, const std::string &config_path, xmlXPathContextPtr ctxt) {
  auto s = std::make_shared<NodeDeviceState>();
  xml::NodeRestore restore(ctxt);
  for (xmlNodePtr node : xml::xpath_nodes(ctxt, "/node/device")) {
    auto resolved = resolve_file_node(node, config_path);
    VK_TRY(resolved);
    ctxt->node = *resolved;
    auto def = conf::parse_nodedev_node(ctxt, false);
    VK_TRY(def);
    s->assign(std::move(*def));
  }
  st.node_devices = std::move(s);
  return Status();
}

// virNodeDeviceObjListGetParentHost: the parent a new vHBA would get must
// exist and be able to make vports.
Status check_parent_host(NodeDeviceState &s, const conf::NodeDeviceDef &def) {
  auto vport_capable = [](const conf::NodeDeviceDef &d) {
    for (const conf::DevCapDef &c : d.caps)
      if (c.type == conf::DevCap::scsi_host && (c.host_flags & conf::DevCapDef::kVportOps))
        return true;
    return false;
  };
  DevicePtr parent;
  if (def.parent) {
    parent = s.find(*def.parent);
  } else {
    for (const DevicePtr &obj : s.in_order()) {
      std::lock_guard og(obj->lock);
      const conf::NodeDeviceDef &d = *obj->def;
      const conf::DevCapDef *fc = d.fc_host();
      bool want = false;
      if (def.parent_wwnn && def.parent_wwpn)
        want = fc && fc->wwnn == def.parent_wwnn && fc->wwpn == def.parent_wwpn && vport_capable(d);
      else if (def.parent_fabric_wwn)
        want = fc && fc->fabric_wwn == def.parent_fabric_wwn && vport_capable(d);
      else
        want = d.has_cap(conf::DevCap::vports);
      if (want) {
        parent = obj;
        break;
      }
    }
    if (!parent && !(def.parent_wwnn && def.parent_wwpn) && !def.parent_fabric_wwn)
      return error(kFromDev, VIR_ERR_INTERNAL_ERROR, "%s",
                   "Could not find any vport capable device");
  }
  if (!parent)
    return error(kFromDev, VIR_ERR_INTERNAL_ERROR, "Could not find parent device for '%s'",
                 def.name.c_str());
  std::lock_guard og(parent->lock);
  if (!vport_capable(*parent->def))
    return error(kFromDev, VIR_ERR_INTERNAL_ERROR,
                 "Parent device %s is not capable of vport operations", parent->def->name.c_str());
  return Status();
}

// testNodeDeviceMockCreateVport (caller holds the list lock exclusively).
Result<std::string> mock_create_vport(DriverState &st, NodeDeviceState &s, const std::string &wwnn,
                                      const std::string &wwpn) {
  DevicePtr model = s.find("scsi_host11");
  if (!model) return generic_failure();
  auto def = std::make_unique<conf::NodeDeviceDef>(*model->def);
  def->name = "scsi_host12";
  for (conf::DevCapDef &c : def->caps) {
    if (c.type != conf::DevCap::scsi_host) continue;
    if (c.host_flags & conf::DevCapDef::kFcHost) {
      c.wwnn = wwnn;
      c.wwpn = wwpn;
    } else {
      c.host++;
      c.unique_id++;
    }
  }
  std::string name = def->name;
  s.assign(std::move(def));
  queue_event(st, name, VIR_NODE_DEVICE_EVENT_CREATED);
  return name;
}

}  // namespace

Status init_default_node_devices(DriverState &st) {
  auto doc = xml::parse_string(kFromDev, kDefaultDevicesXml, "(test driver)", "node");
  VK_TRY(doc);
  return load_devices(st, "", doc->ctxt());
}

Status load_node_devices(DriverState &st, const std::string &config_path, xmlXPathContextPtr ctxt) {
  return load_devices(st, config_path, ctxt);
}

Status create_vport(DriverState &st, const std::string &wwnn, const std::string &wwpn) {
  NodeDeviceState &s = state_of(st);
  std::unique_lock g(s.lock);
  auto name = mock_create_vport(st, s, wwnn, wwpn);
  VK_TRY(name);
  return Status();
}

Status destroy_vport(DriverState &st) {
  NodeDeviceState &s = state_of(st);
  std::unique_lock g(s.lock);
  DevicePtr obj = s.find("scsi_host12");
  if (!obj)
    return error(kFrom, VIR_ERR_NO_NODE_DEVICE, "%s",
                 "no node device with matching name 'scsi_host12'");
  queue_event(st, "scsi_host12", VIR_NODE_DEVICE_EVENT_DELETED);
  s.remove(obj);
  return Status();
}

// ---- lists ----

Result<int> TestNodeDevice::nodeNumOfDevices(virConnectPtr, const char *cap, unsigned flags) {
  VK_TRY(check_flags(kFrom, "testNodeNumOfDevices", flags, 0));
  NodeDeviceState &s = state_of(*st_);
  std::shared_lock g(s.lock);
  int n = 0;
  for (const DevicePtr &obj : s.in_order()) {
    std::lock_guard og(obj->lock);
    if (!cap || has_cap_str(*obj->def, cap)) n++;
  }
  return n;
}

Result<int> TestNodeDevice::nodeListDevices(virConnectPtr, const char *cap, char **const names,
                                            int maxnames, unsigned flags) {
  VK_TRY(check_flags(kFrom, "testNodeListDevices", flags, 0));
  NodeDeviceState &s = state_of(*st_);
  std::shared_lock g(s.lock);
  int n = 0;
  for (const DevicePtr &obj : s.in_order()) {
    if (n >= maxnames) break;
    std::lock_guard og(obj->lock);
    if (cap && !has_cap_str(*obj->def, cap)) continue;
    names[n] = strdup(obj->def->name.c_str());
    if (!names[n]) {
      for (int i = 0; i < n; i++) std::free(names[i]), names[i] = nullptr;
      return no_memory();
    }
    n++;
  }
  return n;
}

Result<int> TestNodeDevice::connectListAllNodeDevices(virConnectPtr conn,
                                                      virNodeDevicePtr **devices, unsigned flags) {
  VK_TRY(check_flags(kFrom, "testConnectListAllNodeDevices", flags, kCapFilters));
  std::vector<std::pair<std::string, std::optional<std::string>>> found;
  {
    NodeDeviceState &s = state_of(*st_);
    std::shared_lock g(s.lock);
    for (const DevicePtr &obj : s.in_order()) {
      std::lock_guard og(obj->lock);
      const conf::NodeDeviceDef &def = *obj->def;
      if (flags & kCapFilters) {
        bool match = false;
        for (unsigned bit = 0; bit < static_cast<unsigned>(conf::DevCap::last) && !match; bit++)
          match = (flags & (1u << bit)) && def.has_cap(static_cast<conf::DevCap>(bit));
        if (!match) continue;
      }
      found.emplace_back(def.name, def.parent);
    }
  }
  HandleList<_virNodeDevice> out(devices != nullptr);
  for (const auto &[name, parent] : found) out.add([&] { return new_handle(conn, name, parent); });
  return out.give(devices);
}

// ---- events ----

Result<int> TestNodeDevice::connectNodeDeviceEventRegisterAny(
    virConnectPtr conn, virNodeDevicePtr dev, int eventID,
    virConnectNodeDeviceEventGenericCallback cb, void *opaque, virFreeCallback freecb) {
  return st_->events->add(conn, EventClass::node_device, eventID, dev ? dev->name.c_str() : nullptr,
                          reinterpret_cast<EventState::GenericFn>(cb), opaque, freecb, false);
}

Result<int> TestNodeDevice::connectNodeDeviceEventDeregisterAny(virConnectPtr conn,
                                                                int callbackID) {
  auto events = st_->events;  // `this` may go with the connection's last reference
  return ret(events->remove(conn, callbackID));
}

// ---- one device ----

Result<virNodeDevicePtr> TestNodeDevice::nodeDeviceLookupByName(virConnectPtr conn,
                                                                const char *name) {
  std::optional<std::string> parent;
  {
    NodeDeviceState &s = state_of(*st_);
    std::shared_lock g(s.lock);
    DevicePtr obj = s.find(name);
    if (!obj) return not_found(name);
    std::lock_guard og(obj->lock);
    parent = obj->def->parent;
  }
  return new_handle(conn, name, parent);
}

Result<char *> TestNodeDevice::nodeDeviceGetXMLDesc(virNodeDevicePtr dev, unsigned flags) {
  VK_TRY(check_flags(kFrom, "testNodeDeviceGetXMLDesc", flags, 0));
  std::string xml;
  {
    NodeDeviceState &s = state_of(*st_);
    std::shared_lock g(s.lock);
    DevicePtr obj = s.find(dev->name);
    if (!obj) return not_found(dev->name);
    std::lock_guard og(obj->lock);
    xml = conf::format_nodedev(*obj->def);
  }
  return dup(xml);
}

Result<const char *> TestNodeDevice::nodeDeviceGetParent(virNodeDevicePtr dev) {
  std::optional<std::string> parent;
  {
    NodeDeviceState &s = state_of(*st_);
    std::shared_lock g(s.lock);
    DevicePtr obj = s.find(dev->name);
    if (!obj) return not_found(dev->name);
    std::lock_guard og(obj->lock);
    parent = obj->def->parent;
  }
  if (!parent) return error(kFrom, VIR_ERR_INTERNAL_ERROR, "%s", "no parent for this device");
  auto copy = dup(*parent);
  VK_TRY(copy);
  return static_cast<const char *>(*copy);
}

Result<int> TestNodeDevice::nodeDeviceNumOfCaps(virNodeDevicePtr dev) {
  NodeDeviceState &s = state_of(*st_);
  std::shared_lock g(s.lock);
  DevicePtr obj = s.find(dev->name);
  if (!obj) return not_found(dev->name);
  std::lock_guard og(obj->lock);
  return static_cast<int>(obj->def->caps.size());
}

Result<int> TestNodeDevice::nodeDeviceListCaps(virNodeDevicePtr dev, char **const names,
                                               int maxnames) {
  NodeDeviceState &s = state_of(*st_);
  std::shared_lock g(s.lock);
  DevicePtr obj = s.find(dev->name);
  if (!obj) return not_found(dev->name);
  std::lock_guard og(obj->lock);
  int n = 0;
  for (const conf::DevCapDef &c : obj->def->caps) {
    if (n >= maxnames) break;
    names[n] = strdup(std::string(conf::dev_cap_names()[static_cast<size_t>(c.type)]).c_str());
    if (!names[n]) {
      for (int i = 0; i < n; i++) std::free(names[i]), names[i] = nullptr;
      return no_memory();
    }
    n++;
  }
  return n;
}

// ---- creation ----

Result<virNodeDevicePtr> TestNodeDevice::nodeDeviceCreateXML(virConnectPtr conn, const char *xml,
                                                             unsigned flags) {
  VK_TRY(check_flags(kFrom, "testNodeDeviceCreateXML", flags, VIR_NODE_DEVICE_CREATE_XML_VALIDATE));
  auto def = conf::parse_nodedev(xml, true, flags & VIR_NODE_DEVICE_CREATE_XML_VALIDATE);
  VK_TRY(def);
  const conf::DevCapDef *fc = (*def)->fc_host();
  if (!fc)
    return error(kFromDev, VIR_ERR_INTERNAL_ERROR, "%s", "Device is not a fibre channel HBA");
  std::string name;
  {
    NodeDeviceState &s = state_of(*st_);
    std::unique_lock g(s.lock);
    VK_TRY(check_parent_host(s, **def));
    auto made = mock_create_vport(*st_, s, fc->wwnn.value_or(""), fc->wwpn.value_or(""));
    VK_TRY(made);
    name = std::move(*made);
  }
  return new_handle(conn, name, (*def)->parent);
}

Result<int> TestNodeDevice::nodeDeviceDestroy(virNodeDevicePtr dev) {
  NodeDeviceState &s = state_of(*st_);
  std::unique_lock g(s.lock);
  DevicePtr obj = s.find(dev->name);
  if (!obj) return not_found(dev->name);
  // libvirt reports a device that is not a vHBA, or whose parent is gone,
  // but still answers success, leaving the device in place.
  if (!obj->def->fc_host()) return 0;
  if (!obj->def->parent || !s.find(*obj->def->parent)) return 0;
  queue_event(*st_, dev->name, VIR_NODE_DEVICE_EVENT_DELETED);
  s.remove(obj);
  return 0;
}

}  // namespace virtkit::drivers::test
