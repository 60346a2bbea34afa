// SPDX-License-Identifier: LGPL-2.1-or-later
// Networks of the test driver.
//
// Locking: NetworkState::lock guards the indexes; each NetworkObj has its
// own mutex for its definitions and state. The list lock may be taken
// before an object's lock, never while holding one.
#include "drivers/test/network.h"
#include "drivers/test/object_index.h"

#include <cstring>
#include <map>
#include <shared_mutex>
#include <unordered_map>

#include "driver/uri.h"
#include "xml/network_def.h"
#include "xml/xml.h"

namespace virtkit::drivers::test {

struct NetworkObj {
  NetworkObj(const conf::NetworkDef &d, uint64_t s) : name(d.name), seq(s) {
    std::memcpy(uuid, d.uuid, VIR_UUID_BUFLEN);
  }
  // Immutable: a definition replacing another keeps its name and UUID.
  const std::string name;
  unsigned char uuid[VIR_UUID_BUFLEN];
  const uint64_t seq;

  std::mutex lock;
  // Guarded by `lock`.
  std::unique_ptr<conf::NetworkDef> def;      // the live definition (the config when inactive)
  std::unique_ptr<conf::NetworkDef> new_def;  // the persistent config while running, if any
  bool active = false;
  bool persistent = false;
  bool autostart = false;
  bool removed = false;
};

using NetworkPtr = std::shared_ptr<NetworkObj>;

struct NetworkState {
  std::shared_mutex lock;
  ObjectIndex<NetworkObj> objs;  // guarded by `lock`

  NetworkPtr find_uuid(const unsigned char *uuid) {
    std::shared_lock g(lock);
    return objs.find_uuid(uuid);
  }
  NetworkPtr find_name(const std::string &name) {
    std::shared_lock g(lock);
    return objs.find(name);
  }
  std::vector<NetworkPtr> all() {
    std::shared_lock g(lock);
    return objs.all();
  }
  // Caller holds `lock` exclusively and the object's lock.
  void remove_locked(NetworkObj &obj) {
    objs.remove(obj.name, obj, obj.uuid);
    obj.removed = true;
  }
};

namespace {

constexpr int kFromNet = VIR_FROM_NETWORK;
constexpr unsigned kObjAddLive = 1u << 0;
constexpr unsigned kObjAddCheckLive = 1u << 1;
constexpr unsigned kListFiltersAll = 0x3f;

struct NetLocked {
  NetworkPtr obj;
  std::unique_lock<std::mutex> guard;
  NetworkObj *operator->() const { return obj.get(); }
};

Status not_found_name(const std::string &name) {
  return error(kFrom, VIR_ERR_NO_NETWORK, "no network with matching name '%s'", name.c_str());
}
Status not_found_uuid(const unsigned char *uuid) {
  return error(kFrom, VIR_ERR_NO_NETWORK, "no network with matching uuid '%s'",
               driver::format_uuid(uuid).c_str());
}

// testNetworkObjFindByName / ByUUID: the object, locked.
Result<NetLocked> by_name(NetworkState &ns, const std::string &name) {
  NetworkPtr obj = ns.find_name(name);
  if (obj) {
    std::unique_lock g(obj->lock);
    if (!obj->removed) return NetLocked{std::move(obj), std::move(g)};
  }
  return not_found_name(name);
}
Result<NetLocked> by_uuid(NetworkState &ns, const unsigned char *uuid) {
  NetworkPtr obj = ns.find_uuid(uuid);
  if (obj) {
    std::unique_lock g(obj->lock);
    if (!obj->removed) return NetLocked{std::move(obj), std::move(g)};
  }
  return not_found_uuid(uuid);
}

// For the operations that may remove the object: the list lock held
// exclusively, then the object's lock.
struct NetLockedForRemoval {
  std::unique_lock<std::shared_mutex> list;
  NetLocked locked;
};
Result<NetLockedForRemoval> by_name_for_removal(NetworkState &ns, const std::string &name) {
  std::unique_lock lg(ns.lock);
  NetworkPtr obj = ns.objs.find(name);
  if (!obj) return not_found_name(name);
  std::unique_lock g(obj->lock);
  return NetLockedForRemoval{std::move(lg), NetLocked{std::move(obj), std::move(g)}};
}

// virNetworkObjUpdateAssignDef.
void update_assign_def(NetworkObj &obj, std::unique_ptr<conf::NetworkDef> def, bool live) {
  if (live) {
    if (obj.persistent && !obj.new_def) obj.new_def = std::move(obj.def);
    obj.def = std::move(def);
  } else {
    obj.new_def.reset();
    if (obj.active) {
      obj.new_def = std::move(def);
    } else if (obj.def && !obj.persistent) {
      obj.new_def = std::move(def);
    } else {
      obj.def = std::move(def);
    }
    obj.persistent = true;
  }
}

// virNetworkObjAssignDef: the object, locked.
Result<NetLocked> assign_def(NetworkState &ns, std::unique_ptr<conf::NetworkDef> def,
                             unsigned flags) {
  std::unique_lock lg(ns.lock);
  if (NetworkPtr obj = ns.objs.find_uuid(def->uuid)) {
    std::unique_lock g(obj->lock);
    if (obj->name != def->name)
      return error(kFromNet, VIR_ERR_OPERATION_FAILED,
                   "network '%s' is already defined with uuid %s", obj->name.c_str(),
                   driver::format_uuid(obj->uuid).c_str());
    if ((flags & kObjAddCheckLive) && obj->active)
      return error(kFromNet, VIR_ERR_OPERATION_INVALID, "network is already active as '%s'",
                   obj->name.c_str());
    update_assign_def(*obj, std::move(def), flags & kObjAddLive);
    return NetLocked{std::move(obj), std::move(g)};
  }
  if (NetworkPtr other = ns.objs.find(def->name)) {
    std::lock_guard g(other->lock);
    return error(kFromNet, VIR_ERR_OPERATION_FAILED, "network '%s' already exists with uuid %s",
                 def->name.c_str(), driver::format_uuid(other->uuid).c_str());
  }
  auto obj = std::make_shared<NetworkObj>(*def, ns.objs.next_seq());
  std::unique_lock g(obj->lock);
  obj->def = std::move(def);
  obj->persistent = !(flags & kObjAddLive);
  ns.objs.add(obj->name, obj, obj->uuid);
  return NetLocked{std::move(obj), std::move(g)};
}

virNetworkPtr new_handle(virConnectPtr conn, const NetworkObj &obj) {
  return handles::make<_virNetwork>(conn, [&](_virNetwork &n) {
    n.name = obj.name;
    std::memcpy(n.uuid, obj.uuid, VIR_UUID_BUFLEN);
  });
}

bool matches(const NetworkObj &obj, unsigned flags) {
  if ((flags & (VIR_CONNECT_LIST_NETWORKS_ACTIVE | VIR_CONNECT_LIST_NETWORKS_INACTIVE)) &&
      !((flags & VIR_CONNECT_LIST_NETWORKS_ACTIVE && obj.active) ||
        (flags & VIR_CONNECT_LIST_NETWORKS_INACTIVE && !obj.active)))
    return false;
  if ((flags & (VIR_CONNECT_LIST_NETWORKS_PERSISTENT | VIR_CONNECT_LIST_NETWORKS_TRANSIENT)) &&
      !((flags & VIR_CONNECT_LIST_NETWORKS_PERSISTENT && obj.persistent) ||
        (flags & VIR_CONNECT_LIST_NETWORKS_TRANSIENT && !obj.persistent)))
    return false;
  if ((flags & (VIR_CONNECT_LIST_NETWORKS_AUTOSTART | VIR_CONNECT_LIST_NETWORKS_NO_AUTOSTART)) &&
      !((flags & VIR_CONNECT_LIST_NETWORKS_AUTOSTART && obj.autostart) ||
        (flags & VIR_CONNECT_LIST_NETWORKS_NO_AUTOSTART && !obj.autostart)))
    return false;
  return true;
}

int count(NetworkState &ns, bool active) {
  int n = 0;
  for (const NetworkPtr &obj : ns.all()) {
    std::lock_guard g(obj->lock);
    if (!obj->removed && obj->active == active) n++;
  }
  return n;
}

Result<int> list_names(NetworkState &ns, bool active, char **const names, int maxnames) {
  int n = 0;
  for (const NetworkPtr &obj : ns.all()) {
    if (n >= maxnames) break;
    std::lock_guard g(obj->lock);
    if (obj->removed || obj->active != active) continue;
    names[n] = strdup(obj->name.c_str());
    if (!names[n]) {
      for (int i = 0; i < n; i++) std::free(names[i]), names[i] = nullptr;
      return no_memory();
    }
    n++;
  }
  return n;
}

// The default host's network, as libvirt's test driver defines it.
constexpr const char *kDefaultNetwork =
    "<network>"
    "  <name>default</name>"
    "  <uuid>dd8fe884-6c02-601e-7551-cca97df1c5df</uuid>"
    "  <bridge name='virbr0'/>"
    "  <forward/>"
    "  <ip address='192.168.122.1' netmask='255.255.255.0'>"
    "    <dhcp>"
    "      <range start='192.168.122.2' end='192.168.122.254'/>"
    "    </dhcp>"
    "  </ip>"
    "</network>";

}  // namespace

void TestNetwork::emit_network(const NetworkObj &obj, int event) {
  st_->events->queue(lifecycle_event(EventClass::network, VIR_NETWORK_EVENT_ID_LIFECYCLE, obj.name,
                                     obj.uuid, -1, event, 0));
}

Result<int> TestNetwork::connectNumOfNetworks(virConnectPtr) {
  return count(*st_->networks, true);
}
Result<int> TestNetwork::connectNumOfDefinedNetworks(virConnectPtr) {
  return count(*st_->networks, false);
}
Result<int> TestNetwork::connectListNetworks(virConnectPtr, char **const names, int maxnames) {
  return list_names(*st_->networks, true, names, maxnames);
}
Result<int> TestNetwork::connectListDefinedNetworks(virConnectPtr, char **const names,
                                                    int maxnames) {
  return list_names(*st_->networks, false, names, maxnames);
}

Result<int> TestNetwork::connectListAllNetworks(virConnectPtr conn, virNetworkPtr **nets,
                                                unsigned flags) {
  VK_TRY(check_flags(kFrom, "testConnectListAllNetworks", flags, kListFiltersAll));
  HandleList<_virNetwork> out(nets != nullptr);
  for (const NetworkPtr &obj : st_->networks->all()) {
    std::lock_guard g(obj->lock);
    if (obj->removed || !matches(*obj, flags)) continue;
    out.add([&] { return new_handle(conn, *obj); });
  }
  return out.give(nets);
}

Result<int> TestNetwork::connectNetworkEventRegisterAny(virConnectPtr conn, virNetworkPtr net,
                                                        int event_id,
                                                        virConnectNetworkEventGenericCallback cb,
                                                        void *opaque, virFreeCallback freecb) {
  std::string key = net ? driver::format_uuid(net->uuid) : std::string();
  return st_->events->add(conn, EventClass::network, event_id, net ? key.c_str() : nullptr,
                          reinterpret_cast<EventState::GenericFn>(cb), opaque, freecb, false);
}

Result<int> TestNetwork::connectNetworkEventDeregisterAny(virConnectPtr conn, int callback_id) {
  auto events = st_->events;  // `this` may go with the connection's last reference
  return ret(events->remove(conn, callback_id));
}

Result<virNetworkPtr> TestNetwork::networkLookupByUUID(virConnectPtr conn,
                                                       const unsigned char *uuid) {
  auto obj = by_uuid(*st_->networks, uuid);
  VK_TRY(obj);
  return new_handle(conn, *obj->obj);
}

Result<virNetworkPtr> TestNetwork::networkLookupByName(virConnectPtr conn, const char *name) {
  auto obj = by_name(*st_->networks, name);
  VK_TRY(obj);
  return new_handle(conn, *obj->obj);
}

Result<virNetworkPtr> TestNetwork::networkCreateXML(virConnectPtr conn, const char *xml) {
  return networkCreateXMLFlags(conn, xml, 0);
}

Result<virNetworkPtr> TestNetwork::networkCreateXMLFlags(virConnectPtr conn, const char *xml,
                                                         unsigned flags) {
  VK_TRY(check_flags(kFrom, "testNetworkCreateXMLFlags", flags, VIR_NETWORK_CREATE_VALIDATE));
  auto def = conf::parse_network(xml, flags & VIR_NETWORK_CREATE_VALIDATE);
  VK_TRY(def);
  auto obj = assign_def(*st_->networks, std::make_unique<conf::NetworkDef>(std::move(*def)),
                        kObjAddLive | kObjAddCheckLive);
  VK_TRY(obj);
  obj->obj->active = true;
  emit_network(*obj->obj, VIR_NETWORK_EVENT_STARTED);
  return new_handle(conn, *obj->obj);
}

Result<virNetworkPtr> TestNetwork::networkDefineXML(virConnectPtr conn, const char *xml) {
  return networkDefineXMLFlags(conn, xml, 0);
}

Result<virNetworkPtr> TestNetwork::networkDefineXMLFlags(virConnectPtr conn, const char *xml,
                                                         unsigned flags) {
  VK_TRY(check_flags(kFrom, "testNetworkDefineXMLFlags", flags, VIR_NETWORK_DEFINE_VALIDATE));
  auto def = conf::parse_network(xml, flags & VIR_NETWORK_DEFINE_VALIDATE);
  VK_TRY(def);
  auto obj = assign_def(*st_->networks, std::make_unique<conf::NetworkDef>(std::move(*def)), 0);
  VK_TRY(obj);
  emit_network(*obj->obj, VIR_NETWORK_EVENT_DEFINED);
  return new_handle(conn, *obj->obj);
}

Result<int> TestNetwork::networkUndefine(virNetworkPtr net) {
  auto l = by_name_for_removal(*st_->networks, net->name);
  VK_TRY(l);
  NetworkObj &obj = *l->locked.obj;
  if (obj.active)
    return error(kFrom, VIR_ERR_OPERATION_INVALID, "Network '%s' is still running",
                 net->name.c_str());
  // libvirt names the event after the handle.
  st_->events->queue(lifecycle_event(EventClass::network, VIR_NETWORK_EVENT_ID_LIFECYCLE, net->name,
                                     net->uuid, -1, VIR_NETWORK_EVENT_UNDEFINED, 0));
  st_->networks->remove_locked(obj);
  return 0;
}

Result<int> TestNetwork::networkUpdate(virNetworkPtr net, unsigned command, unsigned section,
                                       int parent_index, const char *xml, unsigned flags) {
  VK_TRY(check_flags(kFrom, "testNetworkUpdate", flags,
                     VIR_NETWORK_UPDATE_AFFECT_LIVE | VIR_NETWORK_UPDATE_AFFECT_CONFIG));
  auto l = by_uuid(*st_->networks, net->uuid);
  VK_TRY(l);
  NetworkObj &obj = *l->obj;
  if ((flags & (VIR_NETWORK_UPDATE_AFFECT_LIVE | VIR_NETWORK_UPDATE_AFFECT_CONFIG)) == 0)
    flags |= obj.active ? VIR_NETWORK_UPDATE_AFFECT_LIVE : VIR_NETWORK_UPDATE_AFFECT_CONFIG;

  // virNetworkObjConfigChangeSetup.
  if (!obj.active && (flags & VIR_NETWORK_UPDATE_AFFECT_LIVE))
    return error(kFromNet, VIR_ERR_OPERATION_INVALID, "%s", "network is not running");
  if (flags & VIR_NETWORK_UPDATE_AFFECT_CONFIG) {
    if (!obj.persistent)
      return error(kFromNet, VIR_ERR_OPERATION_INVALID, "%s",
                   "cannot change persistent config of a transient network");
    if (obj.active && !obj.new_def) {
      auto copy = conf::copy_network(*obj.def, VIR_NETWORK_XML_INACTIVE);
      VK_TRY(copy);
      obj.new_def = std::make_unique<conf::NetworkDef>(std::move(*copy));
    }
  }

  std::unique_ptr<conf::NetworkDef> live, config;
  if (flags & VIR_NETWORK_UPDATE_AFFECT_LIVE) {
    auto copy = conf::copy_network(*obj.def, 0);
    VK_TRY(copy);
    VK_TRY(conf::update_network_section(*copy, command, section, parent_index, xml));
    VK_TRY(conf::copy_network(*copy, 0));
    live = std::make_unique<conf::NetworkDef>(std::move(*copy));
  }
  if (flags & VIR_NETWORK_UPDATE_AFFECT_CONFIG) {
    const conf::NetworkDef &persistent = obj.new_def ? *obj.new_def : *obj.def;
    auto copy = conf::copy_network(persistent, VIR_NETWORK_XML_INACTIVE);
    VK_TRY(copy);
    VK_TRY(conf::update_network_section(*copy, command, section, parent_index, xml));
    VK_TRY(conf::copy_network(*copy, VIR_NETWORK_XML_INACTIVE));
    config = std::make_unique<conf::NetworkDef>(std::move(*copy));
  }
  if (config) {
    if (obj.active)
      obj.new_def = std::move(config);
    else
      obj.def = std::move(config);
  }
  if (live) obj.def = std::move(live);
  return 0;
}

Result<int> TestNetwork::networkCreate(virNetworkPtr net) {
  auto l = by_name(*st_->networks, net->name);
  VK_TRY(l);
  if (l->obj->active)
    return error(kFrom, VIR_ERR_OPERATION_INVALID, "Network '%s' is already running",
                 net->name.c_str());
  l->obj->active = true;
  emit_network(*l->obj, VIR_NETWORK_EVENT_STARTED);
  return 0;
}

Result<int> TestNetwork::networkDestroy(virNetworkPtr net) {
  // libvirt's test driver neither checks that the network runs nor restores
  // a saved persistent config.
  auto l = by_name_for_removal(*st_->networks, net->name);
  VK_TRY(l);
  NetworkObj &obj = *l->locked.obj;
  obj.active = false;
  emit_network(obj, VIR_NETWORK_EVENT_STOPPED);
  if (!obj.persistent) st_->networks->remove_locked(obj);
  return 0;
}

Result<char *> TestNetwork::networkGetXMLDesc(virNetworkPtr net, unsigned flags) {
  VK_TRY(check_flags(kFrom, "testNetworkGetXMLDesc", flags, 0));
  auto l = by_name(*st_->networks, net->name);
  VK_TRY(l);
  return dup(conf::format_network(*l->obj->def, flags));
}

Result<char *> TestNetwork::networkGetBridgeName(virNetworkPtr net) {
  auto l = by_name(*st_->networks, net->name);
  VK_TRY(l);
  const conf::NetworkDef &def = *l->obj->def;
  if (!def.bridge)
    return error(kFrom, VIR_ERR_INTERNAL_ERROR, "network '%s' does not have a bridge name.",
                 def.name.c_str());
  return dup(*def.bridge);
}

Result<int> TestNetwork::networkGetAutostart(virNetworkPtr net, int *autostart) {
  auto l = by_name(*st_->networks, net->name);
  VK_TRY(l);
  *autostart = l->obj->autostart ? 1 : 0;
  return 0;
}

Result<int> TestNetwork::networkSetAutostart(virNetworkPtr net, int autostart) {
  auto l = by_name(*st_->networks, net->name);
  VK_TRY(l);
  l->obj->autostart = autostart != 0;
  return 0;
}

Result<int> TestNetwork::networkIsActive(virNetworkPtr net) {
  auto l = by_uuid(*st_->networks, net->uuid);
  VK_TRY(l);
  return l->obj->active ? 1 : 0;
}

Result<int> TestNetwork::networkIsPersistent(virNetworkPtr net) {
  auto l = by_uuid(*st_->networks, net->uuid);
  VK_TRY(l);
  return l->obj->persistent ? 1 : 0;
}

// ---- state ----

namespace {

Status add_running(NetworkState &ns, conf::NetworkDef def) {
  auto obj = assign_def(ns, std::make_unique<conf::NetworkDef>(std::move(def)), 0);
  VK_TRY(obj);
  obj->obj->active = true;
  return Status();
}

}  // namespace

Status init_default_networks(DriverState &st) {
  st.networks = std::make_shared<NetworkState>();
  auto def = conf::parse_network(kDefaultNetwork, false);
  VK_TRY(def);
  return add_running(*st.networks, std::move(*def));
}

Status load_networks(DriverState &st, const std::string &config_path, xmlXPathContextPtr ctxt) {
  st.networks = std::make_shared<NetworkState>();
  for (xmlNodePtr node : xml::xpath_nodes(ctxt, "/node/network")) {
    xml::NodeRestore restore(ctxt);
    auto resolved = resolve_file_node(node, config_path);
    VK_TRY(resolved);
    ctxt->node = *resolved;
    auto def = conf::parse_network_node(ctxt);
    VK_TRY(def);
    VK_TRY(add_running(*st.networks, std::move(*def)));
  }
  return Status();
}

}  // namespace virtkit::drivers::test
