// SPDX-License-Identifier: LGPL-2.1-or-later
// Storage pools of the test driver (storage_objs.h: the objects and their
// locking; storage_vol.cc: the volumes).
#include "drivers/test/storage_objs.h"

#include "drivers/test/nodedev.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <shared_mutex>
#include <unordered_map>

#include "driver/uri.h"
#include "xml/storage_def.h"
#include "xml/xml.h"

namespace virtkit::drivers::test {

namespace {

const char kDefaultPoolXml[] =
    "<pool type='dir'>"
    "  <name>default-pool</name>"
    "  <uuid>dfe224cb-28fb-8dd0-c4b2-64eb3f0f4566</uuid>"
    "  <target>"
    "    <path>/default-pool</path>"
    "  </target>"
    "</pool>";

const char kSourcesLogicalXml[] =
    "<sources>\n"
    "  <source>\n"
    "    <device path='/dev/sda20'/>\n"
    "    <name>testvg1</name>\n"
    "    <format type='lvm2'/>\n"
    "  </source>\n"
    "  <source>\n"
    "    <device path='/dev/sda21'/>\n"
    "    <name>testvg2</name>\n"
    "    <format type='lvm2'/>\n"
    "  </source>\n"
    "</sources>\n";

}  // namespace

namespace {

Status no_pool_name(const std::string &name) {
  return error(kFrom, VIR_ERR_NO_STORAGE_POOL, "no storage pool with matching name '%s'",
               name.c_str());
}

// testStoragePoolObjFindByName / FindByUUID, locked.
Result<PoolRef> find_by_name(StorageState &s, const std::string &name) {
  if (PoolPtr p = s.find_name(name)) {
    std::unique_lock g(p->lock);
    if (!p->removed) return PoolRef{std::move(p), std::move(g)};
  }
  return no_pool_name(name);
}

Result<PoolRef> find_inactive(StorageState &s, const std::string &name) {
  auto r = find_by_name(s, name);
  VK_TRY(r);
  if ((*r)->active)
    return error(kFrom, VIR_ERR_OPERATION_INVALID, "storage pool '%s' is active", name.c_str());
  return r;
}

// ---- virStoragePoolObjSourceFindDuplicate ----

bool same_single_host(const conf::PoolSource &pool, const conf::PoolSource &def) {
  if (pool.hosts.size() != 1 && def.hosts.size() != 1) return false;
  if (pool.hosts.empty() || def.hosts.empty()) return false;
  if (def.hosts[0].port && pool.hosts[0].port != def.hosts[0].port) return false;
  return pool.hosts[0].name == def.hosts[0].name;
}

bool same_devices(const conf::PoolSource &pool, const conf::PoolSource &def) {
  for (const auto &a : pool.devices)
    for (const auto &b : def.devices)
      if (a.path == b.path) return true;
  return false;
}

// virSCSIHostGetNumber on an adapter name ("scsi_hostN" / "hostN").
bool scsi_host_number(const std::optional<std::string> &name, unsigned &out) {
  if (!name) return false;
  std::string_view s = *name;
  if (s.substr(0, 5) == "scsi_") s.remove_prefix(5);
  if (s.substr(0, 4) == "host") s.remove_prefix(4);
  return xml::str_to_ui(std::string(s).c_str(), 10, out);
}

bool source_conflicts(const StoragePoolDef &obj, const StoragePoolDef &def) {
  using namespace conf;
  const PoolSource &os = obj.source, &ds = def.source;
  switch (obj.type) {
    case kPoolDir:
      return def.type == obj.type && obj.target_path == def.target_path;
    case kPoolGluster:
      return def.type == obj.type && os.name == ds.name && os.dir == ds.dir &&
             same_single_host(os, ds);
    case kPoolNetfs:
      return def.type == obj.type && os.dir == ds.dir && same_single_host(os, ds);
    case kPoolScsi: {
      if (def.type != obj.type) return false;
      const PoolAdapter &a = os.adapter, &b = ds.adapter;
      if (a.type == 2 && b.type == 2) return a.wwnn == b.wwnn && a.wwpn == b.wwpn;
      if (a.type == 1 && b.type == 1) {
        if (a.has_parent && b.has_parent && a.domain == b.domain && a.bus == b.bus &&
            a.slot == b.slot && a.function == b.function && a.unique_id == b.unique_id)
          return true;
        unsigned x = 0, y = 0;
        return scsi_host_number(a.name, x) && scsi_host_number(b.name, y) && x == y;
      }
      return false;
    }
    case kPoolIscsi:
    case kPoolFs:
    case kPoolLogical:
    case kPoolDisk:
    case kPoolZfs: {
      bool device_kind = def.type == kPoolIscsi || def.type == kPoolFs ||
                         def.type == kPoolLogical || def.type == kPoolDisk || def.type == kPoolZfs;
      if (!device_kind) return false;
      if (obj.type == kPoolIscsi)
        return def.type == kPoolIscsi && same_devices(os, ds) &&
               os.initiator_iqn == ds.initiator_iqn;
      return def.type != kPoolIscsi && same_devices(os, ds);
    }
    case kPoolSheepdog:
      return def.type == obj.type && same_single_host(os, ds);
    case kPoolMpath:
      return def.type == obj.type;
    case kPoolVstorage:
      return def.type == obj.type && os.name == ds.name;
    default:
      return false;
  }
}

// virStoragePoolObjListAdd; the caller holds the list lock exclusively.
// On success the returned pool is locked and owns `def`.
Result<PoolRef> add_pool(StorageState &s, std::unique_ptr<StoragePoolDef> &def, bool check_live) {
  for (const PoolPtr &p : s.order) {
    if (p->name == def->name) continue;
    std::lock_guard g(p->lock);
    if (source_conflicts(*p->def, *def))
      return error(VIR_FROM_STORAGE, VIR_ERR_OPERATION_FAILED,
                   "Storage source conflict with pool: '%s'", p->name.c_str());
  }
  auto it = s.by_uuid.find(uuid_key(def->uuid));
  if (it != s.by_uuid.end()) {
    PoolPtr p = it->second;
    std::unique_lock g(p->lock);
    if (p->name != def->name)
      return error(VIR_FROM_STORAGE, VIR_ERR_OPERATION_FAILED,
                   "pool '%s' is already defined with uuid %s", p->name.c_str(),
                   driver::format_uuid(p->uuid).c_str());
    if (check_live && p->active)
      return error(VIR_FROM_STORAGE, VIR_ERR_OPERATION_INVALID, "pool is already active as '%s'",
                   p->name.c_str());
    if (p->active)
      p->new_def = std::move(def);
    else
      p->def = std::move(def);
    return PoolRef{std::move(p), std::move(g)};
  }
  auto byname = s.by_name.find(def->name);
  if (byname != s.by_name.end())
    return error(VIR_FROM_STORAGE, VIR_ERR_OPERATION_FAILED,
                 "pool '%s' already exists with uuid %s", def->name.c_str(),
                 driver::format_uuid(byname->second->uuid).c_str());
  auto p = std::make_shared<PoolObj>(def->name, def->uuid);
  std::unique_lock g(p->lock);
  p->def = std::move(def);
  s.by_name[p->name] = p;
  s.by_uuid[uuid_key(p->uuid)] = p;
  s.order.push_back(p);
  return PoolRef{std::move(p), std::move(g)};
}

// testOpenVolumesForPool.
Status load_volumes(const std::string &file, xmlXPathContextPtr ctxt, PoolObj &pool) {
  xml::NodeRestore restore(ctxt);
  StoragePoolDef &def = *pool.def;
  xmlNodePtr pool_node = ctxt->node;
  for (xmlNodePtr node : xml::xpath_nodes(ctxt, "./volume")) {
    auto resolved = resolve_file_node(node, file);
    VK_TRY(resolved);
    ctxt->node = *resolved;
    auto vol = conf::parse_vol_node(def, ctxt);
    ctxt->node = pool_node;
    VK_TRY(vol);
    StorageVolDef &v = **vol;
    if (!v.target.path) v.target.path = def.target_path.value_or("(null)") + "/" + v.name;
    if (!v.key) v.key = v.target.path;
    unsigned long long alloc = v.allocation;
    if (!pool.add_vol(std::move(*vol))) return generic_failure();
    def.allocation += alloc;
    def.available = def.capacity - def.allocation;
  }
  return Status();
}

// testParseStorage for one pool element at ctxt->node.
Status load_pool(StorageState &s, const std::string &file, xmlXPathContextPtr ctxt) {
  auto def = conf::parse_pool_node(ctxt);
  VK_TRY(def);
  std::unique_lock list(s.lock);
  auto ref_r = add_pool(s, *def, false);
  VK_TRY(ref_r);
  PoolRef &ref = *ref_r;
  ref->set_defaults();
  ref->active = true;
  return load_volumes(file, ctxt, *ref.obj);
}

void emit_pool(DriverState &st, const PoolObj &p, int event) {
  st.events->queue(lifecycle_event(EventClass::storage_pool, VIR_STORAGE_POOL_EVENT_ID_LIFECYCLE,
                                   p.name, p.uuid, -1, event, 0));
}

virStoragePoolPtr pool_handle(virConnectPtr conn, const PoolObj &p) {
  return handles::make<_virStoragePool>(conn, [&](_virStoragePool &h) {
    h.name = p.name;
    std::memcpy(h.uuid, p.uuid, VIR_UUID_BUFLEN);
  });
}

bool pool_matches(const PoolObj &p, unsigned flags) {
  auto has = [&](unsigned f) { return (flags & f) != 0; };
  if (has(VIR_CONNECT_LIST_STORAGE_POOLS_ACTIVE | VIR_CONNECT_LIST_STORAGE_POOLS_INACTIVE) &&
      !((has(VIR_CONNECT_LIST_STORAGE_POOLS_ACTIVE) && p.active) ||
        (has(VIR_CONNECT_LIST_STORAGE_POOLS_INACTIVE) && !p.active)))
    return false;
  if (has(VIR_CONNECT_LIST_STORAGE_POOLS_PERSISTENT | VIR_CONNECT_LIST_STORAGE_POOLS_TRANSIENT) &&
      !((has(VIR_CONNECT_LIST_STORAGE_POOLS_PERSISTENT) && p.persistent) ||
        (has(VIR_CONNECT_LIST_STORAGE_POOLS_TRANSIENT) && !p.persistent)))
    return false;
  if (has(VIR_CONNECT_LIST_STORAGE_POOLS_AUTOSTART | VIR_CONNECT_LIST_STORAGE_POOLS_NO_AUTOSTART) &&
      !((has(VIR_CONNECT_LIST_STORAGE_POOLS_AUTOSTART) && p.autostart) ||
        (has(VIR_CONNECT_LIST_STORAGE_POOLS_NO_AUTOSTART) && !p.autostart)))
    return false;
  static const struct {
    unsigned flag;
    int type;
  } kTypes[] = {
      {VIR_CONNECT_LIST_STORAGE_POOLS_DIR, conf::kPoolDir},
      {VIR_CONNECT_LIST_STORAGE_POOLS_FS, conf::kPoolFs},
      {VIR_CONNECT_LIST_STORAGE_POOLS_NETFS, conf::kPoolNetfs},
      {VIR_CONNECT_LIST_STORAGE_POOLS_LOGICAL, conf::kPoolLogical},
      {VIR_CONNECT_LIST_STORAGE_POOLS_DISK, conf::kPoolDisk},
      {VIR_CONNECT_LIST_STORAGE_POOLS_ISCSI, conf::kPoolIscsi},
      {VIR_CONNECT_LIST_STORAGE_POOLS_SCSI, conf::kPoolScsi},
      {VIR_CONNECT_LIST_STORAGE_POOLS_MPATH, conf::kPoolMpath},
      {VIR_CONNECT_LIST_STORAGE_POOLS_RBD, conf::kPoolRbd},
      {VIR_CONNECT_LIST_STORAGE_POOLS_SHEEPDOG, conf::kPoolSheepdog},
      {VIR_CONNECT_LIST_STORAGE_POOLS_GLUSTER, conf::kPoolGluster},
      {VIR_CONNECT_LIST_STORAGE_POOLS_ZFS, conf::kPoolZfs},
      {VIR_CONNECT_LIST_STORAGE_POOLS_VSTORAGE, conf::kPoolVstorage},
      {VIR_CONNECT_LIST_STORAGE_POOLS_ISCSI_DIRECT, conf::kPoolIscsiDirect},
  };
  unsigned type_mask = 0;
  for (const auto &t : kTypes) type_mask |= t.flag;
  if (flags & type_mask) {
    bool ok = false;
    for (const auto &t : kTypes)
      if (has(t.flag) && p.def->type == t.type) ok = true;
    if (!ok) return false;
  }
  return true;
}

constexpr unsigned kListPoolFiltersAll =
    VIR_CONNECT_LIST_STORAGE_POOLS_ACTIVE | VIR_CONNECT_LIST_STORAGE_POOLS_INACTIVE |
    VIR_CONNECT_LIST_STORAGE_POOLS_PERSISTENT | VIR_CONNECT_LIST_STORAGE_POOLS_TRANSIENT |
    VIR_CONNECT_LIST_STORAGE_POOLS_AUTOSTART | VIR_CONNECT_LIST_STORAGE_POOLS_NO_AUTOSTART |
    VIR_CONNECT_LIST_STORAGE_POOLS_DIR | VIR_CONNECT_LIST_STORAGE_POOLS_FS |
    VIR_CONNECT_LIST_STORAGE_POOLS_NETFS | VIR_CONNECT_LIST_STORAGE_POOLS_LOGICAL |
    VIR_CONNECT_LIST_STORAGE_POOLS_DISK | VIR_CONNECT_LIST_STORAGE_POOLS_ISCSI |
    VIR_CONNECT_LIST_STORAGE_POOLS_SCSI | VIR_CONNECT_LIST_STORAGE_POOLS_MPATH |
    VIR_CONNECT_LIST_STORAGE_POOLS_RBD | VIR_CONNECT_LIST_STORAGE_POOLS_SHEEPDOG |
    VIR_CONNECT_LIST_STORAGE_POOLS_GLUSTER | VIR_CONNECT_LIST_STORAGE_POOLS_ZFS |
    VIR_CONNECT_LIST_STORAGE_POOLS_VSTORAGE | VIR_CONNECT_LIST_STORAGE_POOLS_ISCSI_DIRECT;

std::vector<std::string> pool_names(const StorageState &s, bool active) {
  std::vector<std::string> out;
  for (const PoolPtr &p : s.all()) {
    std::lock_guard g(p->lock);
    if (!p->removed && p->active == active) out.push_back(p->name);
  }
  return out;
}

}  // namespace

// ---- used by storage_vol.cc too (storage_objs.h) ----

Status no_vol_name(const std::string &name) {
  return error(kFrom, VIR_ERR_NO_STORAGE_VOL, "no storage vol with matching name '%s'",
               name.c_str());
}

Result<PoolRef> find_by_uuid(StorageState &s, const unsigned char *uuid) {
  if (PoolPtr p = s.find_uuid(uuid)) {
    std::unique_lock g(p->lock);
    if (!p->removed) return PoolRef{std::move(p), std::move(g)};
  }
  return error(kFrom, VIR_ERR_NO_STORAGE_POOL, "no storage pool with matching uuid '%s'",
               driver::format_uuid(uuid).c_str());
}

Result<PoolRef> find_active(StorageState &s, const std::string &name) {
  auto r = find_by_name(s, name);
  VK_TRY(r);
  if (!(*r)->active)
    return error(kFrom, VIR_ERR_OPERATION_INVALID, "storage pool '%s' is not active", name.c_str());
  return r;
}

virStorageVolPtr vol_handle(virConnectPtr conn, const PoolObj &p, const StorageVolDef &v) {
  return handles::make<_virStorageVol>(conn, [&](_virStorageVol &h) {
    h.pool = p.name;
    h.name = v.name;
    h.key = v.key.value_or("");
  });
}

// Fills `names` (virStoragePoolObjGetNames and friends).
Result<int> fill_names(const std::vector<std::string> &all, char **const names, int maxnames) {
  int n = 0;
  for (const std::string &s : all) {
    if (n >= maxnames) break;
    names[n] = strdup(s.c_str());
    if (!names[n]) {
      for (int i = 0; i < n; i++) std::free(names[i]), names[i] = nullptr;
      return no_memory();
    }
    n++;
  }
  return n;
}

// ---- state hooks ----

Status init_default_storage(DriverState &st) {
  st.storage = std::make_shared<StorageState>();
  auto doc = xml::parse_string(kFrom, kDefaultPoolXml, "(test driver)", "pool");
  VK_TRY(doc);
  return load_pool(*st.storage, "", doc->ctxt());
}

Status load_storage(DriverState &st, const std::string &config_path, xmlXPathContextPtr ctxt) {
  st.storage = std::make_shared<StorageState>();
  xml::NodeRestore restore(ctxt);
  for (xmlNodePtr node : xml::xpath_nodes(ctxt, "/node/pool")) {
    auto resolved = resolve_file_node(node, config_path);
    VK_TRY(resolved);
    ctxt->node = *resolved;
    VK_TRY(load_pool(*st.storage, config_path, ctxt));
  }
  return Status();
}

// ---- connection-level listing ----

Result<int> TestStorage::connectNumOfStoragePools(virConnectPtr) {
  return static_cast<int>(pool_names(*st_->storage, true).size());
}

Result<int> TestStorage::connectListStoragePools(virConnectPtr, char **const names, int maxnames) {
  return fill_names(pool_names(*st_->storage, true), names, maxnames);
}

Result<int> TestStorage::connectNumOfDefinedStoragePools(virConnectPtr) {
  return static_cast<int>(pool_names(*st_->storage, false).size());
}

Result<int> TestStorage::connectListDefinedStoragePools(virConnectPtr, char **const names,
                                                        int maxnames) {
  return fill_names(pool_names(*st_->storage, false), names, maxnames);
}

Result<int> TestStorage::connectListAllStoragePools(virConnectPtr conn, virStoragePoolPtr **pools,
                                                    unsigned flags) {
  VK_TRY(check_flags(kFrom, "testConnectListAllStoragePools", flags, kListPoolFiltersAll));
  HandleList<_virStoragePool> out(pools != nullptr);
  for (const PoolPtr &p : st_->storage->all()) {
    std::lock_guard g(p->lock);
    if (p->removed || !pool_matches(*p, flags)) continue;
    out.add([&] { return pool_handle(conn, *p); });
  }
  return out.give(pools);
}

Result<char *> TestStorage::connectFindStoragePoolSources(virConnectPtr, const char *type,
                                                          const char *srcSpec, unsigned flags) {
  VK_TRY(check_flags(kFrom, "testConnectFindStoragePoolSources", flags, 0));
  int pool_type = conf::pool_type_from_name(type);
  if (pool_type == 0)
    return error(kFrom, VIR_ERR_INTERNAL_ERROR, "unknown storage pool type %s", type);
  std::optional<conf::PoolSource> source;
  if (srcSpec) {
    auto parsed = conf::parse_pool_source_string(srcSpec, pool_type);
    VK_TRY(parsed);
    source = std::move(*parsed);
  }
  switch (pool_type) {
    case conf::kPoolLogical:
      return dup(kSourcesLogicalXml);
    case conf::kPoolNetfs: {
      if (!source || source->hosts.empty())
        return error(kFrom, VIR_ERR_INVALID_ARG, "%s",
                     "hostname must be specified for netfs sources");
      std::string out =
          "<sources>\n  <source>\n    <host name='" + source->hosts[0].name +
          "'/>\n    <dir path='/testshare'/>\n    <format type='nfs'/>\n  </source>\n</sources>\n";
      return dup(out);
    }
    default:
      return error(kFrom, VIR_ERR_NO_SUPPORT, "pool type '%s' does not support source discovery",
                   type);
  }
}

Result<int> TestStorage::connectStoragePoolEventRegisterAny(
    virConnectPtr conn, virStoragePoolPtr pool, int eventID,
    virConnectStoragePoolEventGenericCallback cb, void *opaque, virFreeCallback freecb) {
  std::string key = pool ? driver::format_uuid(pool->uuid) : std::string();
  return st_->events->add(conn, EventClass::storage_pool, eventID, pool ? key.c_str() : nullptr,
                          reinterpret_cast<EventState::GenericFn>(cb), opaque, freecb, false);
}

Result<int> TestStorage::connectStoragePoolEventDeregisterAny(virConnectPtr conn, int callbackID) {
  auto events = st_->events;  // `this` may go with the connection's last reference
  return ret(events->remove(conn, callbackID));
}

// ---- pool lookups ----

Result<virStoragePoolPtr> TestStorage::storagePoolLookupByName(virConnectPtr conn,
                                                               const char *name) {
  auto p_r = find_by_name(*st_->storage, name);
  VK_TRY(p_r);
  PoolRef &p = *p_r;
  return pool_handle(conn, *p.obj);
}

Result<virStoragePoolPtr> TestStorage::storagePoolLookupByUUID(virConnectPtr conn,
                                                               const unsigned char *uuid) {
  auto p_r = find_by_uuid(*st_->storage, uuid);
  VK_TRY(p_r);
  PoolRef &p = *p_r;
  return pool_handle(conn, *p.obj);
}

Result<virStoragePoolPtr> TestStorage::storagePoolLookupByVolume(virStorageVolPtr vol) {
  return storagePoolLookupByName(vol->conn, vol->pool.c_str());
}

// ---- pool life cycle ----

Result<virStoragePoolPtr> TestStorage::storagePoolCreateXML(virConnectPtr conn, const char *xml,
                                                            unsigned flags) {
  VK_TRY(check_flags(kFrom, "testStoragePoolCreateXML", flags, 0));
  StorageState &s = *st_->storage;
  std::unique_lock list(s.lock);
  auto def = conf::parse_pool_string(xml, false);
  VK_TRY(def);
  auto p_r = add_pool(s, *def, true);
  VK_TRY(p_r);
  PoolRef &p = *p_r;
  const conf::PoolAdapter &adapter = p->def->source.adapter;
  if (adapter.type == kAdapterFcHost) {
    // libvirt's test driver mocks the vHBA a real driver would create.
    Status made = create_vport(*st_, adapter.wwnn.value_or(""), adapter.wwpn.value_or(""));
    if (!made.ok()) {
      s.remove(p.obj);
      return made;
    }
  }
  p->set_defaults();
  p->persistent = false;  // transient: destroying it removes it
  p->active = true;
  emit_pool(*st_, *p.obj, VIR_STORAGE_POOL_EVENT_STARTED);
  return pool_handle(conn, *p.obj);
}

Result<virStoragePoolPtr> TestStorage::storagePoolDefineXML(virConnectPtr conn, const char *xml,
                                                            unsigned flags) {
  VK_TRY(check_flags(kFrom, "testStoragePoolDefineXML", flags, VIR_STORAGE_POOL_DEFINE_VALIDATE));
  StorageState &s = *st_->storage;
  std::unique_lock list(s.lock);
  auto def = conf::parse_pool_string(xml, flags & VIR_STORAGE_POOL_DEFINE_VALIDATE);
  VK_TRY(def);
  (*def)->capacity = kDefaultPoolCap;
  (*def)->allocation = 0;
  (*def)->available = kDefaultPoolCap;
  auto p_r = add_pool(s, *def, false);
  VK_TRY(p_r);
  PoolRef &p = *p_r;
  emit_pool(*st_, *p.obj, VIR_STORAGE_POOL_EVENT_DEFINED);
  p->set_defaults();
  return pool_handle(conn, *p.obj);
}

Result<int> TestStorage::storagePoolUndefine(virStoragePoolPtr pool) {
  StorageState &s = *st_->storage;
  std::unique_lock list(s.lock);
  PoolPtr obj;
  auto it = s.by_name.find(pool->name);
  if (it == s.by_name.end()) return no_pool_name(pool->name);
  obj = it->second;
  std::lock_guard g(obj->lock);
  if (obj->active)
    return error(kFrom, VIR_ERR_OPERATION_INVALID, "storage pool '%s' is active",
                 pool->name.c_str());
  st_->events->queue(lifecycle_event(EventClass::storage_pool, VIR_STORAGE_POOL_EVENT_ID_LIFECYCLE,
                                     pool->name, pool->uuid, -1, VIR_STORAGE_POOL_EVENT_UNDEFINED,
                                     0));
  s.remove(obj);
  return 0;
}

Result<int> TestStorage::storagePoolBuild(virStoragePoolPtr pool, unsigned flags) {
  VK_TRY(check_flags(kFrom, "testStoragePoolBuild", flags, 0));
  auto p_r = find_inactive(*st_->storage, pool->name);
  VK_TRY(p_r);
  st_->events->queue(lifecycle_event(EventClass::storage_pool, VIR_STORAGE_POOL_EVENT_ID_LIFECYCLE,
                                     pool->name, pool->uuid, -1, VIR_STORAGE_POOL_EVENT_CREATED,
                                     0));
  return 0;
}

Result<int> TestStorage::storagePoolCreate(virStoragePoolPtr pool, unsigned flags) {
  VK_TRY(check_flags(kFrom, "testStoragePoolCreate", flags, 0));
  auto p_r = find_inactive(*st_->storage, pool->name);
  VK_TRY(p_r);
  PoolRef &p = *p_r;
  p->active = true;
  st_->events->queue(lifecycle_event(EventClass::storage_pool, VIR_STORAGE_POOL_EVENT_ID_LIFECYCLE,
                                     pool->name, pool->uuid, -1, VIR_STORAGE_POOL_EVENT_STARTED,
                                     0));
  return 0;
}

Result<int> TestStorage::storagePoolDestroy(virStoragePoolPtr pool) {
  StorageState &s = *st_->storage;
  std::unique_lock list(s.lock);
  auto it = s.by_name.find(pool->name);
  if (it == s.by_name.end()) return no_pool_name(pool->name);
  PoolPtr obj = it->second;
  std::lock_guard g(obj->lock);
  if (!obj->active)
    return error(kFrom, VIR_ERR_OPERATION_INVALID, "storage pool '%s' is not active",
                 pool->name.c_str());
  obj->active = false;
  if (obj->def->source.adapter.type == kAdapterFcHost)
    VK_TRY(destroy_vport(*st_));  // as libvirt's: a failure leaves the pool inactive
  emit_pool(*st_, *obj, VIR_STORAGE_POOL_EVENT_STOPPED);
  if (!obj->persistent) s.remove(obj);
  return 0;
}

Result<int> TestStorage::storagePoolDelete(virStoragePoolPtr pool, unsigned flags) {
  VK_TRY(check_flags(kFrom, "testStoragePoolDelete", flags, 0));
  auto p_r = find_inactive(*st_->storage, pool->name);
  VK_TRY(p_r);
  st_->events->queue(lifecycle_event(EventClass::storage_pool, VIR_STORAGE_POOL_EVENT_ID_LIFECYCLE,
                                     pool->name, pool->uuid, -1, VIR_STORAGE_POOL_EVENT_DELETED,
                                     0));
  return 0;
}

Result<int> TestStorage::storagePoolRefresh(virStoragePoolPtr pool, unsigned flags) {
  VK_TRY(check_flags(kFrom, "testStoragePoolRefresh", flags, 0));
  auto p_r = find_active(*st_->storage, pool->name);
  VK_TRY(p_r);
  st_->events->queue(lifecycle_event(EventClass::storage_pool, VIR_STORAGE_POOL_EVENT_ID_REFRESH,
                                     pool->name, pool->uuid, -1, 0, 0));
  return 0;
}

// ---- pool information ----

Result<int> TestStorage::storagePoolGetInfo(virStoragePoolPtr pool, virStoragePoolInfoPtr info) {
  auto p_r = find_by_name(*st_->storage, pool->name);
  VK_TRY(p_r);
  PoolRef &p = *p_r;
  std::memset(info, 0, sizeof(*info));
  info->state = p->active ? VIR_STORAGE_POOL_RUNNING : VIR_STORAGE_POOL_INACTIVE;
  info->capacity = p->def->capacity;
  info->allocation = p->def->allocation;
  info->available = p->def->available;
  return 0;
}

Result<char *> TestStorage::storagePoolGetXMLDesc(virStoragePoolPtr pool, unsigned flags) {
  VK_TRY(check_flags(kFrom, "testStoragePoolGetXMLDesc", flags, 0));
  auto p_r = find_by_name(*st_->storage, pool->name);
  VK_TRY(p_r);
  PoolRef &p = *p_r;
  return dup(conf::format_pool(*p->def));
}

Result<int> TestStorage::storagePoolGetAutostart(virStoragePoolPtr pool, int *autostart) {
  auto p_r = find_by_name(*st_->storage, pool->name);
  VK_TRY(p_r);
  PoolRef &p = *p_r;
  *autostart = p->persistent && p->autostart ? 1 : 0;
  return 0;
}

Result<int> TestStorage::storagePoolSetAutostart(virStoragePoolPtr pool, int autostart) {
  auto p_r = find_by_name(*st_->storage, pool->name);
  VK_TRY(p_r);
  PoolRef &p = *p_r;
  if (!p->persistent) return error(kFrom, VIR_ERR_INVALID_ARG, "%s", "pool has no config file");
  p->autostart = autostart != 0;
  return 0;
}

Result<int> TestStorage::storagePoolIsActive(virStoragePoolPtr pool) {
  auto p_r = find_by_uuid(*st_->storage, pool->uuid);
  VK_TRY(p_r);
  PoolRef &p = *p_r;
  return p->active ? 1 : 0;
}

Result<int> TestStorage::storagePoolIsPersistent(virStoragePoolPtr pool) {
  auto p_r = find_by_uuid(*st_->storage, pool->uuid);
  VK_TRY(p_r);
  PoolRef &p = *p_r;
  return p->persistent ? 1 : 0;
}

}  // namespace virtkit::drivers::test
