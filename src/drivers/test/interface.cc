// SPDX-License-Identifier: LGPL-2.1-or-later
// Host interfaces of the test driver: a list of definitions with an
// active flag, and libvirt's one-level transaction (a snapshot of the list
// taken by ChangeBegin, restored by ChangeRollback).
//
// Locking: `InterfaceState::lock` guards the list (and the transaction);
// operations that only read or flip one object's active flag take it
// shared and then the object's own mutex; those that add, remove or swap
// objects take it exclusively (no object lock can be held then, since
// object locks are only ever taken under the list lock).
#include "drivers/test/interface.h"
#include "drivers/test/object_index.h"

#include <strings.h>

#include <cstdlib>
#include <cstring>
#include <map>
#include <shared_mutex>
#include <unordered_map>

#include "xml/interface_def.h"
#include "xml/xml.h"

namespace virtkit::drivers::test {

namespace {

constexpr int kFromIface = VIR_FROM_INTERFACE;

// eth1, the default host's interface (libvirt's defaultConnXML).
const char *const kDefaultInterfaceXml = R"XML(<interface type="ethernet" name="eth1">
  <start mode="onboot"/>
  <mac address="aa:bb:cc:dd:ee:ff"/>
  <mtu size="1492"/>
  <protocol family="ipv4">
    <ip address="192.168.0.5" prefix="24"/>
    <route gateway="192.168.0.1"/>
  </protocol>
</interface>)XML";

struct InterfaceObj {
  explicit InterfaceObj(uint64_t s) : seq(s) {}
  const uint64_t seq;
  std::mutex lock;
  // Guarded by `lock` (or by the list lock held exclusively).
  std::unique_ptr<conf::InterfaceDef> def;
  bool active = false;
};
using InterfacePtr = std::shared_ptr<InterfaceObj>;

struct InterfaceList : ObjectIndex<InterfaceObj> {
  // virInterfaceObjListAssignDef: replaces the definition of an object of
  // the same name, else adds one (inactive).
  InterfacePtr assign(std::unique_ptr<conf::InterfaceDef> def) {
    if (InterfacePtr obj = find(def->name)) {
      obj->def = std::move(def);
      return obj;
    }
    auto obj = std::make_shared<InterfaceObj>(next_seq());
    obj->def = std::move(def);
    add(obj->def->name, obj);
    return obj;
  }
  void remove(const InterfacePtr &obj) { ObjectIndex::remove(obj->def->name, *obj); }
  // virInterfaceObjListClone: every definition copied, all inactive.
  InterfaceList clone() const {
    InterfaceList copy;
    for (const InterfacePtr &obj : in_order())
      copy.assign(std::make_unique<conf::InterfaceDef>(*obj->def));
    return copy;
  }
};

}  // namespace

struct InterfaceState {
  std::shared_mutex lock;
  InterfaceList list;
  bool transaction_running = false;
  InterfaceList backup;
};

namespace {

InterfaceState &state_of(DriverState &st) {
  return *st.interfaces;
}

Status not_found(const char *name) {
  return error(kFrom, VIR_ERR_NO_INTERFACE, "no interface with matching name '%s'", name);
}

virInterfacePtr new_handle(virConnectPtr conn, const std::string &name, const char *mac) {
  return handles::make<_virInterface>(conn, [&](_virInterface &i) {
    i.name = name;
    i.mac = mac ? mac : "";
  });
}

Status load_defs(DriverState &st, std::vector<std::unique_ptr<conf::InterfaceDef>> defs) {
  auto s = std::make_shared<InterfaceState>();
  for (auto &def : defs) s->list.assign(std::move(def))->active = true;
  st.interfaces = std::move(s);
  return Status();
}

}  // namespace

Status init_default_interfaces(DriverState &st) {
  auto doc = xml::parse_string(kFromIface, kDefaultInterfaceXml, "(test driver)", "interface");
  VK_TRY(doc);
  auto def = conf::parse_interface_node(doc->ctxt());
  VK_TRY(def);
  std::vector<std::unique_ptr<conf::InterfaceDef>> defs;
  defs.push_back(std::move(*def));
  return load_defs(st, std::move(defs));
}

Status load_interfaces(DriverState &st, const std::string &config_path, xmlXPathContextPtr ctxt) {
  xml::NodeRestore restore(ctxt);
  std::vector<std::unique_ptr<conf::InterfaceDef>> defs;
  for (xmlNodePtr node : xml::xpath_nodes(ctxt, "/node/interface")) {
    auto resolved = resolve_file_node(node, config_path);
    VK_TRY(resolved);
    ctxt->node = *resolved;
    auto def = conf::parse_interface_node(ctxt);
    VK_TRY(def);
    defs.push_back(std::move(*def));
  }
  return load_defs(st, std::move(defs));
}

// ---- lists ----

Result<int> TestInterface::count_interfaces(bool active) {
  InterfaceState &s = state_of(*st_);
  std::shared_lock g(s.lock);
  int n = 0;
  for (const InterfacePtr &obj : s.list.in_order()) {
    std::lock_guard og(obj->lock);
    if (obj->active == active) n++;
  }
  return n;
}

Result<int> TestInterface::list_interfaces(bool active, char **const names, int maxnames) {
  InterfaceState &s = state_of(*st_);
  std::shared_lock g(s.lock);
  int n = 0;
  for (const InterfacePtr &obj : s.list.in_order()) {
    if (n >= maxnames) break;
    std::lock_guard og(obj->lock);
    if (obj->active != active) continue;
    names[n] = strdup(obj->def->name.c_str());
    if (!names[n]) {
      for (int i = 0; i < n; i++) std::free(names[i]), names[i] = nullptr;
      return no_memory();
    }
    n++;
  }
  return n;
}

Result<int> TestInterface::connectNumOfInterfaces(virConnectPtr) {
  return count_interfaces(true);
}
Result<int> TestInterface::connectNumOfDefinedInterfaces(virConnectPtr) {
  return count_interfaces(false);
}
Result<int> TestInterface::connectListInterfaces(virConnectPtr, char **const names, int maxnames) {
  return list_interfaces(true, names, maxnames);
}
Result<int> TestInterface::connectListDefinedInterfaces(virConnectPtr, char **const names,
                                                        int maxnames) {
  return list_interfaces(false, names, maxnames);
}

Result<int> TestInterface::connectListAllInterfaces(virConnectPtr conn, virInterfacePtr **ifaces,
                                                    unsigned flags) {
  constexpr unsigned kActive = VIR_CONNECT_LIST_INTERFACES_ACTIVE;
  constexpr unsigned kInactive = VIR_CONNECT_LIST_INTERFACES_INACTIVE;
  VK_TRY(check_flags(kFrom, "testConnectListAllInterfaces", flags, kActive | kInactive));
  struct Entry {
    std::string name;
    std::optional<std::string> mac;
  };
  std::vector<Entry> found;
  {
    InterfaceState &s = state_of(*st_);
    std::shared_lock g(s.lock);
    for (const InterfacePtr &obj : s.list.in_order()) {
      std::lock_guard og(obj->lock);
      if ((flags & (kActive | kInactive)) &&
          !((flags & kActive && obj->active) || (flags & kInactive && !obj->active)))
        continue;
      found.push_back(Entry{obj->def->name, conf::interface_mac(*obj->def)});
    }
  }
  HandleList<_virInterface> out(ifaces != nullptr);
  for (const Entry &e : found)
    out.add([&] { return new_handle(conn, e.name, e.mac ? e.mac->c_str() : nullptr); });
  return out.give(ifaces);
}

// ---- lookups ----

Result<virInterfacePtr> TestInterface::interfaceLookupByName(virConnectPtr conn, const char *name) {
  std::string iname;
  std::optional<std::string> mac;
  {
    InterfaceState &s = state_of(*st_);
    std::shared_lock g(s.lock);
    InterfacePtr obj = s.list.find(name);
    if (!obj) return not_found(name);
    std::lock_guard og(obj->lock);
    iname = obj->def->name;
    mac = conf::interface_mac(*obj->def);
  }
  return new_handle(conn, iname, mac ? mac->c_str() : nullptr);
}

Result<virInterfacePtr> TestInterface::interfaceLookupByMACString(virConnectPtr conn,
                                                                  const char *mac) {
  std::vector<std::string> matches;
  {
    InterfaceState &s = state_of(*st_);
    std::shared_lock g(s.lock);
    for (const InterfacePtr &obj : s.list.in_order()) {
      std::lock_guard og(obj->lock);
      // libvirt 9.0.0 compares with g_ascii_strcasecmp, which answers
      // "equal" for a definition without a MAC address: those match any.
      auto own = conf::interface_mac(*obj->def);
      if (!own || strcasecmp(own->c_str(), mac) == 0) matches.push_back(obj->def->name);
      if (matches.size() == 2) break;
    }
  }
  if (matches.empty())
    return error(kFrom, VIR_ERR_NO_INTERFACE, "no interface with matching mac '%s'", mac);
  if (matches.size() > 1) return error(kFrom, VIR_ERR_MULTIPLE_INTERFACES);
  return new_handle(conn, matches[0], mac);
}

// ---- definitions ----

Result<char *> TestInterface::interfaceGetXMLDesc(virInterfacePtr iface, unsigned flags) {
  VK_TRY(check_flags(kFrom, "testInterfaceGetXMLDesc", flags, 0));
  std::string xml;
  {
    InterfaceState &s = state_of(*st_);
    std::shared_lock g(s.lock);
    InterfacePtr obj = s.list.find(iface->name);
    if (!obj) return not_found(iface->name.c_str());
    std::lock_guard og(obj->lock);
    xml = conf::format_interface(*obj->def);
  }
  return dup(xml);
}

Result<virInterfacePtr> TestInterface::interfaceDefineXML(virConnectPtr conn, const char *xml,
                                                          unsigned flags) {
  VK_TRY(check_flags(kFrom, "testInterfaceDefineXML", flags, VIR_INTERFACE_DEFINE_VALIDATE));
  auto def = conf::parse_interface(xml, flags & VIR_INTERFACE_DEFINE_VALIDATE);
  VK_TRY(def);
  std::string name = (*def)->name;
  std::optional<std::string> mac = conf::interface_mac(**def);
  {
    InterfaceState &s = state_of(*st_);
    std::unique_lock g(s.lock);
    s.list.assign(std::move(*def));
  }
  return new_handle(conn, name, mac ? mac->c_str() : nullptr);
}

Result<int> TestInterface::interfaceUndefine(virInterfacePtr iface) {
  InterfaceState &s = state_of(*st_);
  std::unique_lock g(s.lock);
  InterfacePtr obj = s.list.find(iface->name);
  if (!obj) return not_found(iface->name.c_str());
  s.list.remove(obj);
  return 0;
}

// ---- state ----

Status TestInterface::set_active(virInterfacePtr iface, unsigned flags, const char *func,
                                 bool active) {
  VK_TRY(check_flags(kFrom, func, flags, 0));
  InterfaceState &s = state_of(*st_);
  std::shared_lock g(s.lock);
  InterfacePtr obj = s.list.find(iface->name);
  if (!obj) return not_found(iface->name.c_str());
  std::lock_guard og(obj->lock);
  if (obj->active == active) return error(kFrom, VIR_ERR_OPERATION_INVALID);
  obj->active = active;
  return Status();
}

Result<int> TestInterface::interfaceCreate(virInterfacePtr iface, unsigned flags) {
  return ret(set_active(iface, flags, "testInterfaceCreate", true));
}
Result<int> TestInterface::interfaceDestroy(virInterfacePtr iface, unsigned flags) {
  return ret(set_active(iface, flags, "testInterfaceDestroy", false));
}

Result<int> TestInterface::interfaceIsActive(virInterfacePtr iface) {
  InterfaceState &s = state_of(*st_);
  std::shared_lock g(s.lock);
  InterfacePtr obj = s.list.find(iface->name);
  if (!obj) return not_found(iface->name.c_str());
  std::lock_guard og(obj->lock);
  return obj->active ? 1 : 0;
}

// ---- transactions ----

Result<int> TestInterface::interfaceChangeBegin(virConnectPtr, unsigned flags) {
  VK_TRY(check_flags(kFrom, "testInterfaceChangeBegin", flags, 0));
  InterfaceState &s = state_of(*st_);
  std::unique_lock g(s.lock);
  if (s.transaction_running)
    return error(kFrom, VIR_ERR_OPERATION_INVALID, "%s", "there is another transaction running.");
  s.transaction_running = true;
  s.backup = s.list.clone();
  return 0;
}

Result<int> TestInterface::interfaceChangeCommit(virConnectPtr, unsigned flags) {
  VK_TRY(check_flags(kFrom, "testInterfaceChangeCommit", flags, 0));
  InterfaceState &s = state_of(*st_);
  std::unique_lock g(s.lock);
  if (!s.transaction_running)
    return error(kFrom, VIR_ERR_OPERATION_INVALID, "%s",
                 "no transaction running, nothing to be committed.");
  s.backup = InterfaceList();
  s.transaction_running = false;
  return 0;
}

Result<int> TestInterface::interfaceChangeRollback(virConnectPtr, unsigned flags) {
  VK_TRY(check_flags(kFrom, "testInterfaceChangeRollback", flags, 0));
  InterfaceState &s = state_of(*st_);
  std::unique_lock g(s.lock);
  if (!s.transaction_running)
    return error(kFrom, VIR_ERR_OPERATION_INVALID, "%s",
                 "no transaction running, nothing to rollback.");
  s.list = std::move(s.backup);
  s.backup = InterfaceList();
  s.transaction_running = false;
  return 0;
}

}  // namespace virtkit::drivers::test
