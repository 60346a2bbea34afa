// SPDX-License-Identifier: LGPL-2.1-or-later
// Storage pool events of the test driver through the public C API
// (storage_fixture.h): lifecycle and refresh events as libvirt sends them.
#include "storage_fixture.h"

namespace {

using namespace storage_tests;

// ---- events ----

struct PoolSeen {
  std::string name;
  int event, detail;
  bool operator==(const PoolSeen &) const = default;
};
std::ostream &operator<<(std::ostream &os, const PoolSeen &s) {
  return os << "(" << s.name << "," << s.event << "," << s.detail << ")";
}

void on_lifecycle(virConnectPtr, virStoragePoolPtr pool, int event, int detail, void *opaque) {
  static_cast<std::vector<PoolSeen> *>(opaque)->push_back(
      {virStoragePoolGetName(pool), event, detail});
}

void on_refresh(virConnectPtr, virStoragePoolPtr pool, void *opaque) {
  static_cast<std::vector<PoolSeen> *>(opaque)->push_back({virStoragePoolGetName(pool), -1, -1});
}

template <class F>
virConnectStoragePoolEventGenericCallback generic(F f) {
  return reinterpret_cast<virConnectStoragePoolEventGenericCallback>(
      reinterpret_cast<void (*)()>(f));
}

void wake(int, void *) {}

TEST(StorageEvents, LifecycleAndRefreshAsLibvirt) {
  virSetErrorFunc(nullptr, quiet);
  static bool registered = [] {
    virEventRegisterDefaultImpl();
    virEventAddTimeout(10, wake, nullptr, nullptr);
    return true;
  }();
  (void)registered;
  virConnectPtr c = virConnectOpen(default_uri());
  ASSERT_NE(c, nullptr);
  std::vector<PoolSeen> seen, refreshed, filtered;
  int id = virConnectStoragePoolEventRegisterAny(c, nullptr, VIR_STORAGE_POOL_EVENT_ID_LIFECYCLE,
                                                 generic(on_lifecycle), &seen, nullptr);
  ASSERT_GE(id, 0);
  int rid = virConnectStoragePoolEventRegisterAny(c, nullptr, VIR_STORAGE_POOL_EVENT_ID_REFRESH,
                                                  generic(on_refresh), &refreshed, nullptr);
  ASSERT_GE(rid, 0);
  virStoragePoolPtr def = virStoragePoolLookupByName(c, "default-pool");
  int fid = virConnectStoragePoolEventRegisterAny(c, def, VIR_STORAGE_POOL_EVENT_ID_LIFECYCLE,
                                                  generic(on_lifecycle), &filtered, nullptr);
  ASSERT_GE(fid, 0);

  virStoragePoolPtr p = virStoragePoolDefineXML(c, kDirPool, 0);
  ASSERT_NE(p, nullptr);
  ASSERT_EQ(virStoragePoolBuild(p, 0), 0);
  ASSERT_EQ(virStoragePoolCreate(p, 0), 0);
  ASSERT_EQ(virStoragePoolRefresh(p, 0), 0);
  ASSERT_EQ(virStoragePoolDestroy(p), 0);
  ASSERT_EQ(virStoragePoolDelete(p, 0), 0);
  ASSERT_EQ(virStoragePoolUndefine(p), 0);
  virStoragePoolPtr t = virStoragePoolCreateXML(c, kDirPool, 0);
  ASSERT_NE(t, nullptr);
  ASSERT_EQ(virStoragePoolDestroy(t), 0);
  ASSERT_EQ(virStoragePoolRefresh(def, 0), 0);
  // Nothing is delivered inside the calls.
  EXPECT_TRUE(seen.empty());

  auto start = std::chrono::steady_clock::now();
  while ((seen.size() < 8 || refreshed.size() < 2) &&
         std::chrono::steady_clock::now() - start < std::chrono::seconds(1))
    virEventRunDefaultImpl();
  std::vector<PoolSeen> want{
      {"p2", VIR_STORAGE_POOL_EVENT_DEFINED, 0}, {"p2", VIR_STORAGE_POOL_EVENT_CREATED, 0},
      {"p2", VIR_STORAGE_POOL_EVENT_STARTED, 0}, {"p2", VIR_STORAGE_POOL_EVENT_STOPPED, 0},
      {"p2", VIR_STORAGE_POOL_EVENT_DELETED, 0}, {"p2", VIR_STORAGE_POOL_EVENT_UNDEFINED, 0},
      {"p2", VIR_STORAGE_POOL_EVENT_STARTED, 0}, {"p2", VIR_STORAGE_POOL_EVENT_STOPPED, 0},
  };
  EXPECT_EQ(seen, want);
  EXPECT_EQ(refreshed, (std::vector<PoolSeen>{{"p2", -1, -1}, {"default-pool", -1, -1}}));
  EXPECT_TRUE(filtered.empty());

  EXPECT_EQ(virConnectStoragePoolEventDeregisterAny(c, id), 0);
  EXPECT_EQ(virConnectStoragePoolEventDeregisterAny(c, rid), 0);
  EXPECT_EQ(virConnectStoragePoolEventDeregisterAny(c, fid), 0);
  EXPECT_EQ(virConnectStoragePoolEventDeregisterAny(c, id), -1);
  virErrorPtr err = virGetLastError();
  ASSERT_NE(err, nullptr);
  EXPECT_EQ(err->code, VIR_ERR_INVALID_ARG);
  EXPECT_EQ(std::string(err->message), "invalid argument: could not find event callback " +
                                           std::to_string(id) + " for deletion");
  virStoragePoolFree(t);
  virStoragePoolFree(p);
  virStoragePoolFree(def);
  virConnectClose(c);
}

}  // namespace
