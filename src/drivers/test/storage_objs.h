// SPDX-License-Identifier: LGPL-2.1-or-later
// The test driver's storage objects, shared by storage.cc (pools) and
// storage_vol.cc (volumes).
//
// Locking: `StorageState::lock` guards the pool indexes; each PoolObj has a
// mutex for its definitions, state and volumes. A thread holding the list
// lock may lock pools (one at a time), never the other way round: lookups
// copy the pool's pointer out of the index, drop the list lock, lock the pool
// and check it is still listed. Adding and removing pools hold the list lock
// exclusively for the whole operation.
#pragma once

#include <algorithm>
#include <cstring>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "drivers/test/storage.h"
#include "xml/storage_def.h"

namespace virtkit::drivers::test {

using conf::StoragePoolDef;
using conf::StorageVolDef;

constexpr unsigned long long kDefaultPoolCap = 100ULL * 1024 * 1024 * 1024;

inline std::string uuid_key(const unsigned char *uuid) {
  return std::string(reinterpret_cast<const char *>(uuid), VIR_UUID_BUFLEN);
}

constexpr int kAdapterFcHost = 2;  // conf::PoolAdapter::type

struct PoolObj {
  PoolObj(std::string n, const unsigned char *u) : name(std::move(n)) {
    std::memcpy(uuid, u, VIR_UUID_BUFLEN);
  }
  // A pool keeps its name and UUID for life (redefinitions must match both).
  const std::string name;
  unsigned char uuid[VIR_UUID_BUFLEN];

  std::mutex lock;
  // Guarded by `lock`.
  std::unique_ptr<StoragePoolDef> def;
  std::unique_ptr<StoragePoolDef> new_def;  // a redefinition made while active
  bool active = false;
  bool persistent = false;  // libvirt: has a config file
  bool autostart = false;
  bool removed = false;
  std::vector<std::unique_ptr<StorageVolDef>> vols;  // in creation order
  std::unordered_map<std::string, StorageVolDef *> vol_by_name, vol_by_key, vol_by_path;

  StorageVolDef *find_vol(const std::string &n) const {
    auto it = vol_by_name.find(n);
    return it == vol_by_name.end() ? nullptr : it->second;
  }
  // virStoragePoolObjAddVol: false when a name, key or path is taken.
  bool add_vol(std::unique_ptr<StorageVolDef> vol) {
    if (!vol->key || !vol->target.path || vol_by_name.count(vol->name) ||
        vol_by_key.count(*vol->key) || vol_by_path.count(*vol->target.path))
      return false;
    vol_by_name[vol->name] = vol.get();
    vol_by_key[*vol->key] = vol.get();
    vol_by_path[*vol->target.path] = vol.get();
    vols.push_back(std::move(vol));
    return true;
  }
  void remove_vol(StorageVolDef *vol) {
    vol_by_name.erase(vol->name);
    vol_by_key.erase(*vol->key);
    vol_by_path.erase(*vol->target.path);
    vols.erase(
        std::find_if(vols.begin(), vols.end(), [&](const auto &v) { return v.get() == vol; }));
  }
  // testStoragePoolObjSetDefaults.
  void set_defaults() {
    def->capacity = kDefaultPoolCap;
    def->allocation = 0;
    def->available = kDefaultPoolCap;
    persistent = true;
  }
};

using PoolPtr = std::shared_ptr<PoolObj>;

struct StorageState {
  mutable std::shared_mutex lock;
  std::unordered_map<std::string, PoolPtr> by_name;
  std::unordered_map<std::string, PoolPtr> by_uuid;  // raw 16 bytes
  std::vector<PoolPtr> order;

  PoolPtr find_name(const std::string &name) const {
    std::shared_lock g(lock);
    auto it = by_name.find(name);
    return it == by_name.end() ? nullptr : it->second;
  }
  PoolPtr find_uuid(const unsigned char *uuid) const {
    std::shared_lock g(lock);
    auto it = by_uuid.find(uuid_key(uuid));
    return it == by_uuid.end() ? nullptr : it->second;
  }
  std::vector<PoolPtr> all() const {
    std::shared_lock g(lock);
    return order;
  }
  // Caller holds `lock` exclusively and the pool's lock.
  void remove(const PoolPtr &p) {
    by_name.erase(p->name);
    by_uuid.erase(uuid_key(p->uuid));
    order.erase(std::find(order.begin(), order.end(), p));
    p->removed = true;
  }
};

struct PoolRef {
  PoolPtr obj;
  std::unique_lock<std::mutex> guard;
  PoolObj *operator->() const { return obj.get(); }
};

Status no_vol_name(const std::string &name);
Result<PoolRef> find_by_uuid(StorageState &s, const unsigned char *uuid);
// The pool named, locked, if it is active ("storage pool '%s' is not active" otherwise).
Result<PoolRef> find_active(StorageState &s, const std::string &name);
virStorageVolPtr vol_handle(virConnectPtr conn, const PoolObj &p, const StorageVolDef &v);
// The names in *names, at most `maxnames` (strdup'ed); their count.
Result<int> fill_names(const std::vector<std::string> &all, char **const names, int maxnames);

}  // namespace virtkit::drivers::test
