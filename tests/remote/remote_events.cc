// SPDX-License-Identifier: LGPL-2.1-or-later
// Events through a real libvirtd (tests/remote/daemon.py run): every event
// kind its test driver raises, with exact fields, delivered from the
// application's event loop; per-object filtering; callbacks sharing one
// daemon-side registration; registration errors and the server-side close
// callback. Expected errors are those Debian's client gets through the same
// daemon (tests/remote/scenario_events.py compares the two side by side).
#include <gtest/gtest.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "remote_fixture.h"

namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

using namespace remote_test;
void wake(int, void *) {}

constexpr const char *kTestUUID = "6695eb01-f6a4-8304-79aa-97f2502e193f";
constexpr const char *kPoolUUID = "dfe224cb-28fb-8dd0-c4b2-64eb3f0f4566";
constexpr const char *kOther =
    "<domain type='test'><name>ev-other</name><uuid>3b3a4b6c-7d8e-4f90-a1b2-c3d4e5f60718</uuid>"
    "<memory>131072</memory><vcpu>1</vcpu><os><type>hvm</type></os></domain>";
constexpr const char *kVHBA =
    "<device><parent>scsi_host1</parent><capability type='scsi_host'>"
    "<capability type='fc_host'><wwnn>2001001b32a9da4e</wwnn>"
    "<wwpn>2101001b32a9da4e</wwpn></capability></capability></device>";

// Runs Python `code` with Debian's libvirt client on a connection `c` of its
// own: events another client causes reach ours (and it needs none of the
// remote slots this library may lack).
bool debian_client(const std::string &code) {
  char path[] = "/tmp/virtkit-events-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) return false;
  std::string text =
      "import libvirt, os\nlibvirt.registerErrorHandler(lambda *_: None, None)\n"
      "c = libvirt.open(os.environ['VIRTKIT_REMOTE_URI'])\n" +
      code + "\n";
  bool ok = write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  close(fd);
  std::string cmd = std::string("env -u LD_LIBRARY_PATH /usr/bin/python3 ") + path;
  ok = ok && std::system(cmd.c_str()) == 0;
  unlink(path);
  return ok;
}

// What callbacks saw: one string per call.
struct Log {
  std::vector<std::string> lines;
  std::thread::id thread;
  int freed = 0;  // count_free's count
  void add(std::string s) {
    thread = std::this_thread::get_id();
    lines.push_back(std::move(s));
  }
};

std::string uuid_of(virDomainPtr d) {
  char buf[VIR_UUID_STRING_BUFLEN];
  virDomainGetUUIDString(d, buf);
  return buf;
}

void on_lifecycle(virConnectPtr, virDomainPtr d, int ev, int det, void *op) {
  static_cast<Log *>(op)->add(std::string(virDomainGetName(d)) +
                              " id=" + std::to_string(static_cast<int>(virDomainGetID(d))) +
                              " uuid=" + uuid_of(d) + " " + std::to_string(ev) + "/" +
                              std::to_string(det));
}
void on_lifecycle_b(virConnectPtr c, virDomainPtr d, int ev, int det, void *op) {
  on_lifecycle(c, d, ev, det, op);
}
int on_legacy(virConnectPtr c, virDomainPtr d, int ev, int det, void *op) {
  on_lifecycle(c, d, ev, det, op);
  return 0;
}
void on_metadata(virConnectPtr, virDomainPtr d, int type, const char *ns, void *op) {
  static_cast<Log *>(op)->add(std::string(virDomainGetName(d)) + " meta " + std::to_string(type) +
                              " " + (ns ? ns : "(null)"));
}
void on_net(virConnectPtr, virNetworkPtr n, int ev, int det, void *op) {
  char buf[VIR_UUID_STRING_BUFLEN];
  virNetworkGetUUIDString(n, buf);
  static_cast<Log *>(op)->add(std::string(virNetworkGetName(n)) + " " + buf + " " +
                              std::to_string(ev) + "/" + std::to_string(det));
}
void on_pool(virConnectPtr, virStoragePoolPtr p, int ev, int det, void *op) {
  char buf[VIR_UUID_STRING_BUFLEN];
  virStoragePoolGetUUIDString(p, buf);
  static_cast<Log *>(op)->add(std::string(virStoragePoolGetName(p)) + " " + buf + " " +
                              std::to_string(ev) + "/" + std::to_string(det));
}
void on_pool_refresh(virConnectPtr, virStoragePoolPtr p, void *op) {
  char buf[VIR_UUID_STRING_BUFLEN];
  virStoragePoolGetUUIDString(p, buf);
  static_cast<Log *>(op)->add(std::string(virStoragePoolGetName(p)) + " " + buf + " refresh");
}
void on_dev(virConnectPtr, virNodeDevicePtr d, int ev, int det, void *op) {
  static_cast<Log *>(op)->add(std::string(virNodeDeviceGetName(d)) + " " + std::to_string(ev) +
                              "/" + std::to_string(det));
}
void on_dev_update(virConnectPtr, virNodeDevicePtr d, void *op) {
  static_cast<Log *>(op)->add(std::string(virNodeDeviceGetName(d)) + " update");
}
void on_secret(virConnectPtr, virSecretPtr, int, int, void *) {}
void count_free(void *op) {
  static_cast<Log *>(op)->freed++;
}

// Callbacks are registered through the generic type, as libvirt's
// VIR_*_EVENT_CALLBACK macros do (by way of void (*)(void), for C++).
template <class T, class F>
T as(F f) {
  return reinterpret_cast<T>(reinterpret_cast<void (*)()>(f));
}
#define CB(f) as<virConnectDomainEventGenericCallback>(f)

class RemoteEvents : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    static bool once = [] {
      virEventRegisterDefaultImpl();
      virEventAddTimeout(10, wake, nullptr, nullptr);
      return true;
    }();
    (void)once;
  }
  void SetUp() override {
    if (!remote_uri()) GTEST_SKIP() << "no daemon (run through tests/remote/daemon.py run)";
    virSetErrorFunc(nullptr, quiet);
    conn_ = virConnectOpen(remote_uri());
    ASSERT_NE(conn_, nullptr) << virGetLastErrorMessage();
    test_ = virDomainLookupByName(conn_, "test");
    ASSERT_NE(test_, nullptr);
  }
  void TearDown() override {
    if (test_) virDomainFree(test_);
    if (conn_) virConnectClose(conn_);
  }
  // Runs the event loop until `done` or a timeout.
  static void pump(const std::function<bool()> &done, std::chrono::milliseconds limit = 3000ms) {
    auto start = Clock::now();
    while (!done() && Clock::now() - start < limit) virEventRunDefaultImpl();
  }
  // Runs the event loop a little: whatever else would (wrongly) arrive.
  static void settle() {
    auto start = Clock::now();
    while (Clock::now() - start < 60ms) virEventRunDefaultImpl();
  }
  void expect_error(int code, int domain, const std::string &message) {
    virErrorPtr e = virGetLastError();
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(e->code, code);
    EXPECT_EQ(e->domain, domain);
    EXPECT_EQ(e->level, VIR_ERR_ERROR);
    EXPECT_EQ(std::string(e->message ? e->message : ""), message);
  }
  virConnectPtr conn_ = nullptr;
  virDomainPtr test_ = nullptr;
};

TEST_F(RemoteEvents, DomainLifecycleFromTheEventLoopWithExactFields) {
  Log any;
  int id = virConnectDomainEventRegisterAny(conn_, nullptr, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                            CB(on_lifecycle), &any, nullptr);
  ASSERT_GE(id, 0) << virGetLastErrorMessage();
  ASSERT_EQ(virDomainSuspend(test_), 0);
  ASSERT_EQ(virDomainResume(test_), 0);
  EXPECT_TRUE(any.lines.empty());  // never inside the call
  pump([&] { return any.lines.size() >= 2; });
  settle();
  std::string u = kTestUUID;
  EXPECT_EQ(any.lines, (std::vector<std::string>{"test id=1 uuid=" + u + " 3/0",
                                                 "test id=1 uuid=" + u + " 4/0"}));
  EXPECT_EQ(any.thread, std::this_thread::get_id());

  // A domain's whole life: defined, started, stopped, undefined.
  any.lines.clear();
  virDomainPtr o = virDomainDefineXML(conn_, kOther);
  ASSERT_NE(o, nullptr);
  ASSERT_EQ(virDomainCreate(o), 0);
  ASSERT_EQ(virDomainDestroy(o), 0);
  ASSERT_EQ(virDomainUndefine(o), 0);
  virDomainFree(o);
  pump([&] { return any.lines.size() >= 4; });
  settle();
  std::string ou = " uuid=3b3a4b6c-7d8e-4f90-a1b2-c3d4e5f60718 ";
  ASSERT_EQ(any.lines.size(), 4u);
  EXPECT_EQ(any.lines[0], "ev-other id=-1" + ou + "0/0");
  EXPECT_EQ(any.lines[1].substr(0, 12), "ev-other id=");
  EXPECT_NE(any.lines[1], "ev-other id=-1" + ou + "2/0");
  EXPECT_EQ(any.lines[1].substr(any.lines[1].size() - 4), " 2/0");
  EXPECT_EQ(any.lines[2], "ev-other id=-1" + ou + "5/1");
  EXPECT_EQ(any.lines[3], "ev-other id=-1" + ou + "1/0");
  EXPECT_EQ(virConnectDomainEventDeregisterAny(conn_, id), 0);
}

TEST_F(RemoteEvents, PerDomainFilteringAndSharedRegistrations) {
  virDomainPtr o = virDomainDefineXML(conn_, kOther);
  ASSERT_NE(o, nullptr);
  Log mine, other, all, all2;
  auto freed = [&] { return mine.freed + other.freed + all.freed + all2.freed; };
  int a = virConnectDomainEventRegisterAny(conn_, test_, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                           CB(on_lifecycle), &mine, count_free);
  int b = virConnectDomainEventRegisterAny(conn_, o, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                           CB(on_lifecycle), &other, count_free);
  int c = virConnectDomainEventRegisterAny(conn_, nullptr, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                           CB(on_lifecycle), &all, count_free);
  // A second callback function on every domain shares the daemon's registration.
  int d = virConnectDomainEventRegisterAny(conn_, nullptr, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                           CB(on_lifecycle_b), &all2, count_free);
  ASSERT_GE(a, 0);
  EXPECT_EQ(b, a + 1);
  EXPECT_EQ(c, a + 2);
  EXPECT_EQ(d, a + 3);
  // The same function on the same object again: libvirt's duplicate check.
  EXPECT_EQ(virConnectDomainEventRegisterAny(conn_, test_, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                             CB(on_lifecycle), &mine, count_free),
            -1);
  expect_error(VIR_ERR_INVALID_ARG, VIR_FROM_NONE,
               "invalid argument: event callback already tracked");
  EXPECT_EQ(freed(), 0);

  ASSERT_EQ(virDomainSuspend(test_), 0);
  ASSERT_EQ(virDomainResume(test_), 0);
  pump([&] { return mine.lines.size() >= 2 && all.lines.size() >= 2 && all2.lines.size() >= 2; });
  settle();
  EXPECT_EQ(mine.lines.size(), 2u);
  EXPECT_EQ(all.lines.size(), 2u);
  EXPECT_EQ(all2.lines, all.lines);
  EXPECT_TRUE(other.lines.empty());

  // One of the two sharing callbacks goes; the other still hears.
  EXPECT_EQ(virConnectDomainEventDeregisterAny(conn_, c), 0);
  EXPECT_EQ(all.freed, 1);
  all.lines.clear();
  all2.lines.clear();
  mine.lines.clear();
  ASSERT_EQ(virDomainSuspend(test_), 0);
  ASSERT_EQ(virDomainResume(test_), 0);
  pump([&] { return mine.lines.size() >= 2 && all2.lines.size() >= 2; });
  settle();
  EXPECT_TRUE(all.lines.empty());
  EXPECT_EQ(all2.lines.size(), 2u);
  EXPECT_EQ(mine.lines.size(), 2u);
  EXPECT_TRUE(other.lines.empty());

  for (int id : {a, b, d}) EXPECT_EQ(virConnectDomainEventDeregisterAny(conn_, id), 0);
  EXPECT_EQ(freed(), 4);
  EXPECT_EQ(virDomainUndefine(o), 0);
  virDomainFree(o);
}

TEST_F(RemoteEvents, MetadataChange) {
  Log log;
  int id = virConnectDomainEventRegisterAny(conn_, test_, VIR_DOMAIN_EVENT_ID_METADATA_CHANGE,
                                            CB(on_metadata), &log, nullptr);
  ASSERT_GE(id, 0);
  ASSERT_TRUE(debian_client(
      "d = c.lookupByName('test')\n"
      "d.setMetadata(libvirt.VIR_DOMAIN_METADATA_ELEMENT, \"<x xmlns='http://e.org/'>1</x>\", "
      "'e', 'http://e.org/', 0)\n"
      "d.setMetadata(libvirt.VIR_DOMAIN_METADATA_TITLE, 't', None, None, 0)\n"
      "d.setMetadata(libvirt.VIR_DOMAIN_METADATA_ELEMENT, None, None, 'http://e.org/', 0)\n"
      "d.setMetadata(libvirt.VIR_DOMAIN_METADATA_TITLE, None, None, None, 0)"));
  pump([&] { return log.lines.size() >= 4; });
  settle();
  EXPECT_EQ(log.lines,
            (std::vector<std::string>{"test meta 2 http://e.org/", "test meta 1 (null)",
                                      "test meta 2 http://e.org/", "test meta 1 (null)"}));
  EXPECT_EQ(virConnectDomainEventDeregisterAny(conn_, id), 0);
}

TEST_F(RemoteEvents, LegacyCallbacksShareTheLifecycleRegistration) {
  Log legacy, any;
  auto legacy_cb = on_legacy;
  ASSERT_EQ(virConnectDomainEventRegister(conn_, legacy_cb, &legacy, count_free), 0);
  EXPECT_EQ(virConnectDomainEventRegister(conn_, legacy_cb, &legacy, count_free), -1);
  expect_error(VIR_ERR_INVALID_ARG, VIR_FROM_NONE,
               "invalid argument: event callback already tracked");
  // The same function through RegisterAny is another callback.
  int id = virConnectDomainEventRegisterAny(conn_, nullptr, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                            CB(on_lifecycle), &any, nullptr);
  ASSERT_GE(id, 0);
  ASSERT_EQ(virDomainSuspend(test_), 0);
  ASSERT_EQ(virDomainResume(test_), 0);
  pump([&] { return legacy.lines.size() >= 2 && any.lines.size() >= 2; });
  settle();
  EXPECT_EQ(legacy.lines.size(), 2u);
  EXPECT_EQ(any.lines, legacy.lines);
  EXPECT_EQ(virConnectDomainEventDeregister(conn_, legacy_cb), 0);
  EXPECT_EQ(legacy.freed, 1);
  EXPECT_EQ(virConnectDomainEventDeregister(conn_, legacy_cb), -1);
  virErrorPtr e = virGetLastError();
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->code, VIR_ERR_INVALID_ARG);
  EXPECT_EQ(e->domain, VIR_FROM_NONE);
  EXPECT_EQ(std::string(e->message).rfind("invalid argument: event callback function ", 0), 0u);
  EXPECT_EQ(virConnectDomainEventDeregisterAny(conn_, id), 0);
}

TEST_F(RemoteEvents, UnknownCallbackIds) {
  EXPECT_EQ(virConnectDomainEventDeregisterAny(conn_, 10000), -1);
  expect_error(VIR_ERR_INVALID_ARG, VIR_FROM_NONE,
               "invalid argument: event callback id 10000 not registered");
  EXPECT_EQ(virConnectNetworkEventDeregisterAny(conn_, 4242), -1);
  expect_error(VIR_ERR_INVALID_ARG, VIR_FROM_NONE,
               "invalid argument: event callback id 4242 not registered");
  EXPECT_EQ(virConnectStoragePoolEventDeregisterAny(conn_, 4242), -1);
  expect_error(VIR_ERR_INVALID_ARG, VIR_FROM_NONE,
               "invalid argument: event callback id 4242 not registered");
  EXPECT_EQ(virConnectNodeDeviceEventDeregisterAny(conn_, 4242), -1);
  expect_error(VIR_ERR_INVALID_ARG, VIR_FROM_NONE,
               "invalid argument: event callback id 4242 not registered");
  EXPECT_EQ(virConnectSecretEventDeregisterAny(conn_, 4242), -1);
  expect_error(VIR_ERR_INVALID_ARG, VIR_FROM_NONE,
               "invalid argument: event callback id 4242 not registered");
  // A network callback's id is not a domain callback's.
  Log log;
  int id = virConnectNetworkEventRegisterAny(conn_, nullptr, VIR_NETWORK_EVENT_ID_LIFECYCLE,
                                             as<virConnectNetworkEventGenericCallback>(on_net),
                                             &log, nullptr);
  ASSERT_GE(id, 0);
  EXPECT_EQ(virConnectNetworkEventDeregisterAny(conn_, id), 0);
  EXPECT_EQ(virConnectNetworkEventDeregisterAny(conn_, id), -1);
  expect_error(VIR_ERR_INVALID_ARG, VIR_FROM_NONE,
               "invalid argument: event callback id " + std::to_string(id) + " not registered");
}

TEST_F(RemoteEvents, DaemonRefusalKeepsTheApplicationsOpaque) {
  // No secret driver behind this daemon: its error, and freecb not called.
  Log refused;
  EXPECT_EQ(virConnectSecretEventRegisterAny(conn_, nullptr, VIR_SECRET_EVENT_ID_LIFECYCLE,
                                             as<virConnectSecretEventGenericCallback>(on_secret),
                                             &refused, count_free),
            -1);
  expect_error(VIR_ERR_NO_SUPPORT, VIR_FROM_SECRET,
               "this function is not supported by the connection driver: "
               "virConnectSecretEventRegisterAny");
  EXPECT_EQ(refused.freed, 0);
  // Nothing is left registered: the next id is the one that failed.
  Log log;
  int id = virConnectDomainEventRegisterAny(conn_, nullptr, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                            CB(on_lifecycle), &log, nullptr);
  EXPECT_EQ(id, 1);
  EXPECT_EQ(virConnectDomainEventDeregisterAny(conn_, 0), -1);
  EXPECT_EQ(virConnectDomainEventDeregisterAny(conn_, id), 0);
}

TEST_F(RemoteEvents, NetworkLifecycleAndFiltering) {
  Log all, one;
  auto cb = as<virConnectNetworkEventGenericCallback>(on_net);
  int a = virConnectNetworkEventRegisterAny(conn_, nullptr, VIR_NETWORK_EVENT_ID_LIFECYCLE, cb,
                                            &all, nullptr);
  ASSERT_GE(a, 0);
  // Filtering on the network needs its handle (a remote lookup).
  virNetworkPtr net = virNetworkLookupByName(conn_, "default");
  int b = -1;
  if (net) {
    b = virConnectNetworkEventRegisterAny(conn_, net, VIR_NETWORK_EVENT_ID_LIFECYCLE, cb, &one,
                                          nullptr);
    ASSERT_GE(b, 0);
  }
  ASSERT_TRUE(debian_client("n = c.networkLookupByName('default'); n.destroy(); n.create()"));
  pump([&] { return all.lines.size() >= 2 && (!net || one.lines.size() >= 2); });
  settle();
  std::string u = "dd8fe884-6c02-601e-7551-cca97df1c5df";
  EXPECT_EQ(all.lines,
            (std::vector<std::string>{"default " + u + " 3/0", "default " + u + " 2/0"}));
  EXPECT_EQ(virConnectNetworkEventDeregisterAny(conn_, a), 0);
  if (net) {
    EXPECT_EQ(one.lines, all.lines);
    EXPECT_EQ(virConnectNetworkEventDeregisterAny(conn_, b), 0);
    virNetworkFree(net);
  }
}

TEST_F(RemoteEvents, StoragePoolLifecycleAndRefresh) {
  Log life, refresh, one;
  int a = virConnectStoragePoolEventRegisterAny(
      conn_, nullptr, VIR_STORAGE_POOL_EVENT_ID_LIFECYCLE,
      as<virConnectStoragePoolEventGenericCallback>(on_pool), &life, nullptr);
  int b = virConnectStoragePoolEventRegisterAny(
      conn_, nullptr, VIR_STORAGE_POOL_EVENT_ID_REFRESH,
      as<virConnectStoragePoolEventGenericCallback>(on_pool_refresh), &refresh, nullptr);
  ASSERT_GE(a, 0);
  ASSERT_GE(b, 0);
  // Filtering on the pool needs its handle (a remote lookup).
  virStoragePoolPtr pool = virStoragePoolLookupByName(conn_, "default-pool");
  int c = -1;
  if (pool) {
    c = virConnectStoragePoolEventRegisterAny(
        conn_, pool, VIR_STORAGE_POOL_EVENT_ID_REFRESH,
        as<virConnectStoragePoolEventGenericCallback>(on_pool_refresh), &one, nullptr);
    ASSERT_GE(c, 0);
  }
  ASSERT_TRUE(debian_client(
      "p = c.storagePoolLookupByName('default-pool'); p.destroy(); p.create(); p.refresh()"));
  pump([&] { return life.lines.size() >= 2 && refresh.lines.size() >= 1; });
  settle();
  std::string u = kPoolUUID;
  EXPECT_EQ(life.lines,
            (std::vector<std::string>{"default-pool " + u + " 3/0", "default-pool " + u + " 2/0"}));
  EXPECT_EQ(refresh.lines, (std::vector<std::string>{"default-pool " + u + " refresh"}));
  EXPECT_EQ(virConnectStoragePoolEventDeregisterAny(conn_, a), 0);
  EXPECT_EQ(virConnectStoragePoolEventDeregisterAny(conn_, b), 0);
  if (pool) {
    EXPECT_EQ(one.lines, refresh.lines);
    EXPECT_EQ(virConnectStoragePoolEventDeregisterAny(conn_, c), 0);
    virStoragePoolFree(pool);
  }
}

TEST_F(RemoteEvents, NodeDeviceLifecycle) {
  Log life, update;
  int a = virConnectNodeDeviceEventRegisterAny(conn_, nullptr, VIR_NODE_DEVICE_EVENT_ID_LIFECYCLE,
                                               as<virConnectNodeDeviceEventGenericCallback>(on_dev),
                                               &life, nullptr);
  int b = virConnectNodeDeviceEventRegisterAny(
      conn_, nullptr, VIR_NODE_DEVICE_EVENT_ID_UPDATE,
      as<virConnectNodeDeviceEventGenericCallback>(on_dev_update), &update, nullptr);
  ASSERT_GE(a, 0);
  ASSERT_GE(b, 0);
  ASSERT_TRUE(debian_client(std::string("c.nodeDeviceCreateXML(\"") + kVHBA + "\", 0).destroy()"));
  pump([&] { return life.lines.size() >= 2; });
  settle();
  EXPECT_EQ(life.lines, (std::vector<std::string>{"scsi_host12 0/0", "scsi_host12 1/0"}));
  EXPECT_TRUE(update.lines.empty());
  EXPECT_EQ(virConnectNodeDeviceEventDeregisterAny(conn_, a), 0);
  EXPECT_EQ(virConnectNodeDeviceEventDeregisterAny(conn_, b), 0);
}

struct SelfRemoving {
  virConnectPtr conn;
  int id = -1;
  int calls = 0;
};
void remove_self(virConnectPtr c, virDomainPtr, int, int, void *op) {
  auto *s = static_cast<SelfRemoving *>(op);
  s->calls++;
  if (s->id >= 0) {
    EXPECT_EQ(virConnectDomainEventDeregisterAny(c, s->id), 0);
    s->id = -1;
  }
}

TEST_F(RemoteEvents, CallbackDeregisteringItselfDuringDispatch) {
  SelfRemoving s{conn_};
  s.id = virConnectDomainEventRegisterAny(conn_, nullptr, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                          CB(remove_self), &s, nullptr);
  ASSERT_GE(s.id, 0);
  ASSERT_EQ(virDomainSuspend(test_), 0);
  ASSERT_EQ(virDomainResume(test_), 0);
  pump([&] { return s.calls >= 1; });
  settle();
  EXPECT_EQ(s.calls, 1);
  // The daemon was told: a new registration gets events again.
  Log log;
  int id = virConnectDomainEventRegisterAny(conn_, nullptr, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                            CB(on_lifecycle), &log, nullptr);
  ASSERT_GE(id, 0);
  ASSERT_EQ(virDomainSuspend(test_), 0);
  ASSERT_EQ(virDomainResume(test_), 0);
  pump([&] { return log.lines.size() >= 2; });
  EXPECT_EQ(log.lines.size(), 2u);
  EXPECT_EQ(virConnectDomainEventDeregisterAny(conn_, id), 0);
}

void on_close(virConnectPtr, int, void *) {}

TEST_F(RemoteEvents, CloseCallbackRegisteredWithTheDaemon) {
  EXPECT_EQ(virConnectRegisterCloseCallback(conn_, on_close, nullptr, nullptr), 0);
  EXPECT_EQ(virConnectRegisterCloseCallback(conn_, on_close, nullptr, nullptr), -1);
  expect_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_REMOTE,
               "Requested operation is not valid: A close callback is already registered");
  EXPECT_EQ(virConnectUnregisterCloseCallback(conn_, on_close), 0);
  EXPECT_EQ(virConnectUnregisterCloseCallback(conn_, on_close), -1);
  expect_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_REMOTE,
               "Requested operation is not valid: A different callback was requested");
  // The connection still works: the daemon answered both.
  EXPECT_EQ(virConnectRegisterCloseCallback(conn_, on_close, nullptr, nullptr), 0);
  EXPECT_EQ(virConnectIsAlive(conn_), 1);
  EXPECT_EQ(virConnectUnregisterCloseCallback(conn_, on_close), 0);
}

}  // namespace
