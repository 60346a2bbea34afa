// SPDX-License-Identifier: LGPL-2.1-or-later
// Storage volumes of the test driver (storage_objs.h: the objects and
// their locking).
#include "drivers/test/storage_objs.h"

#include <cstdlib>
#include <cstring>

#include "driver/uri.h"
#include "xml/xml.h"

namespace virtkit::drivers::test {

// ---- volumes of a pool ----

Result<int> TestStorage::storagePoolNumOfVolumes(virStoragePoolPtr pool) {
  auto p_r = find_active(*st_->storage, pool->name);
  VK_TRY(p_r);
  PoolRef &p = *p_r;
  return static_cast<int>(p->vols.size());
}

Result<int> TestStorage::storagePoolListVolumes(virStoragePoolPtr pool, char **const names,
                                                int maxnames) {
  auto p_r = find_active(*st_->storage, pool->name);
  VK_TRY(p_r);
  PoolRef &p = *p_r;
  std::vector<std::string> all;
  for (const auto &v : p->vols) all.push_back(v->name);
  return fill_names(all, names, maxnames);
}

Result<int> TestStorage::storagePoolListAllVolumes(virStoragePoolPtr pool, virStorageVolPtr **vols,
                                                   unsigned flags) {
  VK_TRY(check_flags(kFrom, "testStoragePoolListAllVolumes", flags, 0));
  auto p_r = find_by_uuid(*st_->storage, pool->uuid);
  VK_TRY(p_r);
  PoolRef &p = *p_r;
  if (!p->active)
    return error(kFrom, VIR_ERR_OPERATION_INVALID, "%s", "storage pool is not active");
  if (vols) {
    HandleList<_virStorageVol> out(true);
    for (const auto &v : p->vols) out.add([&] { return vol_handle(pool->conn, *p.obj, *v); });
    return out.give(vols);
  }
  return static_cast<int>(p->vols.size());
}

// ---- volume lookups ----

Result<virStorageVolPtr> TestStorage::storageVolLookupByName(virStoragePoolPtr pool,
                                                             const char *name) {
  auto p_r = find_active(*st_->storage, pool->name);
  VK_TRY(p_r);
  PoolRef &p = *p_r;
  StorageVolDef *v = p->find_vol(name);
  if (!v) return no_vol_name(name);
  return vol_handle(pool->conn, *p.obj, *v);
}

Result<virStorageVolPtr> TestStorage::storageVolLookupByKey(virConnectPtr conn, const char *key) {
  StorageState &s = *st_->storage;
  std::shared_lock list(s.lock);
  for (const PoolPtr &p : s.order) {
    std::lock_guard g(p->lock);
    if (!p->active) continue;
    auto it = p->vol_by_key.find(key);
    if (it != p->vol_by_key.end()) return vol_handle(conn, *p, *it->second);
  }
  return error(kFrom, VIR_ERR_NO_STORAGE_VOL, "no storage vol with matching key '%s'", key);
}

Result<virStorageVolPtr> TestStorage::storageVolLookupByPath(virConnectPtr conn, const char *path) {
  StorageState &s = *st_->storage;
  std::shared_lock list(s.lock);
  for (const PoolPtr &p : s.order) {
    std::lock_guard g(p->lock);
    if (!p->active) continue;
    auto it = p->vol_by_path.find(path);
    if (it != p->vol_by_path.end()) return vol_handle(conn, *p, *it->second);
  }
  return error(kFrom, VIR_ERR_NO_STORAGE_VOL, "no storage vol with matching path '%s'", path);
}

// ---- volume life cycle ----

Result<virStorageVolPtr> TestStorage::create_volume(virStoragePoolPtr pool, const char *xml,
                                                    virStorageVolPtr clonevol, unsigned flags,
                                                    const char *func) {
  VK_TRY(check_flags(kFrom, func, flags, VIR_STORAGE_VOL_CREATE_VALIDATE));
  auto p_r = find_active(*st_->storage, pool->name);
  VK_TRY(p_r);
  PoolRef &p = *p_r;
  StoragePoolDef &def = *p->def;
  auto vol = conf::parse_vol_string(def, xml, flags & VIR_STORAGE_VOL_CREATE_VALIDATE);
  VK_TRY(vol);
  StorageVolDef &v = **vol;
  if (p->find_vol(v.name))
    return error(kFrom, VIR_ERR_OPERATION_FAILED, "%s", "storage vol already exists");
  if (clonevol && !p->find_vol(clonevol->name)) return no_vol_name(clonevol->name);
  if (def.allocation + v.allocation > def.capacity)
    return error(kFrom, VIR_ERR_INTERNAL_ERROR, "Not enough free space in pool for volume '%s'",
                 v.name.c_str());
  v.target.path = def.target_path.value_or("(null)") + "/" + v.name;
  v.key = v.target.path;
  unsigned long long alloc = v.allocation;
  StorageVolDef *raw = vol->get();
  if (!p->add_vol(std::move(*vol))) return generic_failure();
  def.allocation += alloc;
  def.available = def.capacity - def.allocation;
  return vol_handle(pool->conn, *p.obj, *raw);
}

Result<virStorageVolPtr> TestStorage::storageVolCreateXML(virStoragePoolPtr pool, const char *xml,
                                                          unsigned flags) {
  return create_volume(pool, xml, nullptr, flags, "testStorageVolCreateXML");
}

Result<virStorageVolPtr> TestStorage::storageVolCreateXMLFrom(virStoragePoolPtr pool,
                                                              const char *xml,
                                                              virStorageVolPtr clonevol,
                                                              unsigned flags) {
  return create_volume(pool, xml, clonevol, flags, "testStorageVolCreateXMLFrom");
}

Result<int> TestStorage::storageVolDelete(virStorageVolPtr vol, unsigned flags) {
  VK_TRY(check_flags(kFrom, "testStorageVolDelete", flags, 0));
  auto p_r = find_active(*st_->storage, vol->pool);
  VK_TRY(p_r);
  PoolRef &p = *p_r;
  StorageVolDef *v = p->find_vol(vol->name);
  if (!v) return no_vol_name(vol->name);
  p->def->allocation -= v->allocation;
  p->def->available = p->def->capacity - p->def->allocation;
  p->remove_vol(v);
  return 0;
}

Result<int> TestStorage::storageVolGetInfo(virStorageVolPtr vol, virStorageVolInfoPtr info) {
  auto p_r = find_active(*st_->storage, vol->pool);
  VK_TRY(p_r);
  PoolRef &p = *p_r;
  StorageVolDef *v = p->find_vol(vol->name);
  if (!v) return no_vol_name(vol->name);
  std::memset(info, 0, sizeof(*info));
  switch (p->def->type) {
    case conf::kPoolDir:
    case conf::kPoolFs:
    case conf::kPoolNetfs:
    case conf::kPoolVstorage:
      info->type = VIR_STORAGE_VOL_FILE;
      break;
    case conf::kPoolSheepdog:
    case conf::kPoolIscsiDirect:
    case conf::kPoolGluster:
    case conf::kPoolRbd:
      info->type = VIR_STORAGE_VOL_NETWORK;
      break;
    default:
      info->type = VIR_STORAGE_VOL_BLOCK;
      break;
  }
  info->capacity = v->capacity;
  info->allocation = v->allocation;
  return 0;
}

Result<char *> TestStorage::storageVolGetXMLDesc(virStorageVolPtr vol, unsigned flags) {
  VK_TRY(check_flags(kFrom, "testStorageVolGetXMLDesc", flags, 0));
  auto p_r = find_active(*st_->storage, vol->pool);
  VK_TRY(p_r);
  PoolRef &p = *p_r;
  StorageVolDef *v = p->find_vol(vol->name);
  if (!v) return no_vol_name(vol->name);
  return dup(conf::format_vol(*p->def, *v));
}

Result<char *> TestStorage::storageVolGetPath(virStorageVolPtr vol) {
  auto p_r = find_active(*st_->storage, vol->pool);
  VK_TRY(p_r);
  PoolRef &p = *p_r;
  StorageVolDef *v = p->find_vol(vol->name);
  if (!v) return no_vol_name(vol->name);
  return dup(v->target.path.value_or(""));
}

}  // namespace virtkit::drivers::test
