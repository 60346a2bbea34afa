// SPDX-License-Identifier: LGPL-2.1-or-later
// Every event kind the remote protocol carries, from a fake daemon: the test
// driver behind a real libvirtd raises only a few (tests/remote/
// remote_events.cc has those), so this one answers the registrations and
// sends one message of each kind, and the application's callbacks (public
// API) must get each field as libvirt's client passes it. Also: events for
// a registration nobody holds are dropped, deregistering the last callback
// of a registration tells the daemon, and the daemon's connection-closed
// notice fires the close callback with its reason.
#include <gtest/gtest.h>
#include <libvirt/libvirt-qemu.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "drivers/remote/xdr.h"
#include "remote_protocol.h"
#include "test_daemon_socket.h"

namespace {

namespace proto = virtkit::remote::proto;
namespace P = virtkit::remote::proto::remote_proc;
using virtkit::remote::Decoder;
using virtkit::remote::Encoder;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

void quiet(void *, virErrorPtr) {}
void wake(int, void *) {}

// A daemon on a unix socket that answers every call with success: the
// registrations with callback ids of its own (eventID + 100 * kind), the
// feature query with "supported". It records the calls it got.
class FakeDaemon {
 public:
  FakeDaemon() {
    thread_ = std::thread([this] { serve(); });
  }
  ~FakeDaemon() {
    listener_.stop();
    if (fd_ >= 0) shutdown(fd_, SHUT_RDWR);
    thread_.join();
    if (fd_ >= 0) close(fd_);
  }
  std::string uri() const { return listener_.uri(); }

  // Sends an event message of procedure `proc`.
  template <class M>
  void send(int proc, M msg) {
    std::string body;
    Encoder enc(body);
    xdr(enc, msg);
    ASSERT_TRUE(enc.ok());
    write_packet(proc, 2 /* VIR_NET_MESSAGE */, 0, body);
  }
  // ... of the QEMU program.
  template <class M>
  void send_qemu(int proc, M msg) {
    std::string body;
    Encoder enc(body);
    xdr(enc, msg);
    ASSERT_TRUE(enc.ok());
    write_packet(proc, 2, 0, body, proto::kQemuProgram);
  }

  // The procedures called so far, with the first int of their arguments
  // (the QEMU program's as 1000 + procedure).
  std::vector<std::pair<int, int>> calls() {
    std::lock_guard g(mu_);
    return calls_;
  }

 private:
  void write_packet(int proc, int type, uint32_t serial, const std::string &body,
                    uint32_t prog = proto::kRemoteProgram) {
    proto::header h{prog, 1, proc, type, serial, 0};
    std::string pkt;
    Encoder enc(pkt);
    uint32_t len = static_cast<uint32_t>(4 + 24 + body.size());
    enc.u32(len);
    xdr(enc, h);
    pkt += body;
    std::lock_guard g(write_mu_);
    ASSERT_EQ(write(fd_, pkt.data(), pkt.size()), static_cast<ssize_t>(pkt.size()));
  }
  void serve() {
    fd_ = listener_.accept_one();
    if (fd_ < 0) return;
    for (;;) {
      std::string pkt;
      if (!remote_test::read_packet(fd_, &pkt)) return;
      auto *u = reinterpret_cast<const unsigned char *>(pkt.data());
      uint32_t prog = remote_test::get_be32(u);
      int proc = static_cast<int>(remote_test::get_be32(u + 8));
      uint32_t serial = remote_test::get_be32(u + 16);
      int first = pkt.size() >= 28 ? static_cast<int>(remote_test::get_be32(u + 24)) : 0;
      if (prog == proto::kQemuProgram) {
        // monitor event registrations get ids 600, 601, ...
        std::string body;
        Encoder enc(body);
        std::lock_guard g(mu_);
        calls_.emplace_back(1000 + proc, first);
        if (proc == proto::qemu_proc::connect_domain_monitor_event_register)
          enc.i32(600 + qemu_registrations_++);
        write_packet(proc, 1, serial, body, prog);
        continue;
      }
      if (prog != proto::kRemoteProgram) continue;  // keepalive: unanswered
      {
        std::lock_guard g(mu_);
        calls_.emplace_back(proc, first);
      }
      std::string body;
      Encoder enc(body);
      switch (proc) {
        case P::connect_domain_event_callback_register_any:
          enc.i32(first);
          break;
        case P::connect_network_event_register_any:
          enc.i32(first + 100);
          break;
        case P::connect_storage_pool_event_register_any:
          enc.i32(first + 200);
          break;
        case P::connect_node_device_event_register_any:
          enc.i32(first + 300);
          break;
        case P::connect_secret_event_register_any:
          enc.i32(first + 400);
          break;
        case P::connect_supports_feature:
          enc.i32(1);
          break;
        case P::auth_list:
          enc.i32(1);  // one type: none
          enc.i32(0);
          break;
        default:
          break;
      }
      write_packet(proc, 1 /* VIR_NET_REPLY */, serial, body);
    }
  }

  remote_test::UnixListener listener_;
  std::atomic<int> fd_{-1};
  std::thread thread_;
  std::mutex mu_, write_mu_;
  std::vector<std::pair<int, int>> calls_;
  int qemu_registrations_ = 0;
};

std::vector<std::string> *g_log;

void add(virDomainPtr d, const std::string &s) {
  char uuid[VIR_UUID_STRING_BUFLEN];
  virDomainGetUUIDString(d, uuid);
  g_log->push_back(std::string(virDomainGetName(d)) + "/" +
                   std::to_string(static_cast<int>(virDomainGetID(d))) + "/" + uuid + " " + s);
}
std::string str(const char *s) {
  return s ? s : "(null)";
}
std::string params(virTypedParameterPtr p, int n) {
  std::string out;
  for (int i = 0; i < n; i++) {
    out += std::string(" ") + p[i].field + "=";
    switch (p[i].type) {
      case VIR_TYPED_PARAM_INT:
        out += "i" + std::to_string(p[i].value.i);
        break;
      case VIR_TYPED_PARAM_ULLONG:
        out += "ul" + std::to_string(p[i].value.ul);
        break;
      case VIR_TYPED_PARAM_STRING:
        out += "s" + str(p[i].value.s);
        break;
      case VIR_TYPED_PARAM_BOOLEAN:
        out += "b" + std::to_string(p[i].value.b);
        break;
      case VIR_TYPED_PARAM_DOUBLE:
        out += "d" + std::to_string(p[i].value.d);
        break;
      default:
        out += "?";
    }
  }
  return out;
}

template <class T, class F>
T as(F f) {
  return reinterpret_cast<T>(reinterpret_cast<void (*)()>(f));
}

// One callback per domain event id, in id order.
const std::vector<virConnectDomainEventGenericCallback> &domain_callbacks() {
  using C = virConnectPtr;
  using D = virDomainPtr;
  using G = virConnectDomainEventGenericCallback;
  static const std::vector<G> cbs = {
      as<G>(+[](C, D d, int e, int det, void *) {
        add(d, "lifecycle " + std::to_string(e) + " " + std::to_string(det));
      }),
      as<G>(+[](C, D d, void *) { add(d, "reboot"); }),
      as<G>(+[](C, D d, long long off, void *) { add(d, "rtc " + std::to_string(off)); }),
      as<G>(+[](C, D d, int a, void *) { add(d, "watchdog " + std::to_string(a)); }),
      as<G>(+[](C, D d, const char *src, const char *alias, int a, void *) {
        add(d, "io-error " + str(src) + " " + str(alias) + " " + std::to_string(a));
      }),
      as<G>(+[](C, D d, int phase, const virDomainEventGraphicsAddress *l,
                const virDomainEventGraphicsAddress *r, const char *auth,
                const virDomainEventGraphicsSubject *s, void *) {
        std::string out = "graphics " + std::to_string(phase) + " " + std::to_string(l->family) +
                          ":" + l->node + ":" + l->service + " " + std::to_string(r->family) + ":" +
                          r->node + ":" + r->service + " " + auth;
        for (int i = 0; i < s->nidentity; i++)
          out += std::string(" ") + s->identities[i].type + "=" + s->identities[i].name;
        add(d, out);
      }),
      as<G>(+[](C, D d, const char *src, const char *alias, int a, const char *why, void *) {
        add(d, "io-error-reason " + str(src) + " " + str(alias) + " " + std::to_string(a) + " " +
                   str(why));
      }),
      as<G>(+[](C, D d, void *) { add(d, "control-error"); }),
      as<G>(+[](C, D d, const char *disk, int t, int s, void *) {
        add(d, "block-job " + str(disk) + " " + std::to_string(t) + " " + std::to_string(s));
      }),
      as<G>(+[](C, D d, const char *o, const char *n, const char *alias, int why, void *) {
        add(d,
            "disk-change " + str(o) + " " + str(n) + " " + str(alias) + " " + std::to_string(why));
      }),
      as<G>(+[](C, D d, const char *alias, int why, void *) {
        add(d, "tray " + str(alias) + " " + std::to_string(why));
      }),
      as<G>(+[](C, D d, int why, void *) { add(d, "pmwakeup " + std::to_string(why)); }),
      as<G>(+[](C, D d, int why, void *) { add(d, "pmsuspend " + std::to_string(why)); }),
      as<G>(+[](C, D d, unsigned long long a, void *) { add(d, "balloon " + std::to_string(a)); }),
      as<G>(+[](C, D d, int why, void *) { add(d, "pmsuspend-disk " + std::to_string(why)); }),
      as<G>(+[](C, D d, const char *alias, void *) { add(d, "device-removed " + str(alias)); }),
      as<G>(+[](C, D d, const char *disk, int t, int s, void *) {
        add(d, "block-job-2 " + str(disk) + " " + std::to_string(t) + " " + std::to_string(s));
      }),
      as<G>(
          +[](C, D d, virTypedParameterPtr p, int n, void *) { add(d, "tunable" + params(p, n)); }),
      as<G>(+[](C, D d, int st, int why, void *) {
        add(d, "agent " + std::to_string(st) + " " + std::to_string(why));
      }),
      as<G>(+[](C, D d, const char *alias, void *) { add(d, "device-added " + str(alias)); }),
      as<G>(+[](C, D d, int it, void *) { add(d, "migration-iteration " + std::to_string(it)); }),
      as<G>(+[](C, D d, virTypedParameterPtr p, int n, void *) {
        add(d, "job-completed" + params(p, n));
      }),
      as<G>(+[](C, D d, const char *alias, void *) {
        add(d, "device-removal-failed " + str(alias));
      }),
      as<G>(+[](C, D d, int t, const char *ns, void *) {
        add(d, "metadata " + std::to_string(t) + " " + str(ns));
      }),
      as<G>(+[](C, D d, const char *dev, const char *path, unsigned long long t,
                unsigned long long x, void *) {
        add(d, "block-threshold " + str(dev) + " " + str(path) + " " + std::to_string(t) + " " +
                   std::to_string(x));
      }),
      as<G>(+[](C, D d, int r, int a, unsigned int f, void *) {
        add(d, "memory-failure " + std::to_string(r) + " " + std::to_string(a) + " " +
                   std::to_string(f));
      }),
      as<G>(+[](C, D d, const char *alias, unsigned long long size, void *) {
        add(d, "memory-device-size " + str(alias) + " " + std::to_string(size));
      }),
  };
  return cbs;
}

class FakeDaemonEvents : public ::testing::Test {
 protected:
  void SetUp() override {
    static bool once = [] {
      virEventRegisterDefaultImpl();
      virEventAddTimeout(10, wake, nullptr, nullptr);
      return true;
    }();
    (void)once;
    virSetErrorFunc(nullptr, quiet);
    g_log = &log_;
    conn_ = virConnectOpen(daemon_.uri().c_str());
    ASSERT_NE(conn_, nullptr) << virGetLastErrorMessage();
  }
  void TearDown() override {
    if (conn_) virConnectClose(conn_);
    g_log = nullptr;
  }
  void pump_until(size_t n) {
    auto start = Clock::now();
    while (log_.size() < n && Clock::now() - start < 3s) virEventRunDefaultImpl();
    start = Clock::now();
    while (Clock::now() - start < 30ms) virEventRunDefaultImpl();
  }
  static proto::nonnull_domain dom() {
    proto::nonnull_domain d;
    d.name = "fake";
    for (int i = 0; i < VIR_UUID_BUFLEN; i++)
      d.uuid[i] = static_cast<unsigned char>(0x11 * (i % 16));
    d.id = 7;
    return d;
  }
  FakeDaemon daemon_;
  std::vector<std::string> log_;
  virConnectPtr conn_ = nullptr;
};

constexpr int kDomainEvents = VIR_DOMAIN_EVENT_ID_MEMORY_DEVICE_SIZE_CHANGE + 1;
constexpr const char *kFake = "fake/7/00112233-4455-6677-8899-aabbccddeeff ";

proto::typed_param tp(const char *field, int type) {
  proto::typed_param p;
  p.field = field;
  p.value.type = type;
  return p;
}

TEST_F(FakeDaemonEvents, EveryDomainEventKindWithItsFields) {
  const auto &cbs = domain_callbacks();
  ASSERT_EQ(cbs.size(), static_cast<size_t>(kDomainEvents));
  for (int id = 0; id < kDomainEvents; id++)
    ASSERT_EQ(virConnectDomainEventRegisterAny(conn_, nullptr, id, cbs[id], nullptr, nullptr), id)
        << virGetLastErrorMessage();
  // The daemon was asked once per event id, with the callback procedure.
  int registrations = 0;
  for (auto &[proc, arg] : daemon_.calls()) {
    if (proc == P::connect_domain_event_callback_register_any) {
      EXPECT_EQ(arg, registrations++);
    }
  }
  EXPECT_EQ(registrations, kDomainEvents);

  auto d = dom();
  daemon_.send(P::domain_event_callback_lifecycle,
               proto::domain_event_callback_lifecycle_msg{0, {d, 5, 1}});
  daemon_.send(P::domain_event_callback_reboot, proto::domain_event_callback_reboot_msg{1, {d}});
  daemon_.send(P::domain_event_callback_rtc_change,
               proto::domain_event_callback_rtc_change_msg{2, {d, -3600}});
  daemon_.send(P::domain_event_callback_watchdog,
               proto::domain_event_callback_watchdog_msg{3, {d, 2}});
  daemon_.send(P::domain_event_callback_io_error,
               proto::domain_event_callback_io_error_msg{4, {d, "/img", "virtio-disk0", 1}});
  proto::domain_event_graphics_msg g{d,
                                     1,
                                     {0, "127.0.0.1", "5900"},
                                     {1, "::1", "41000"},
                                     "vnc",
                                     {{"x509dname", "CN=a"}, {"saslUsername", "bob"}}};
  daemon_.send(P::domain_event_callback_graphics, proto::domain_event_callback_graphics_msg{5, g});
  daemon_.send(P::domain_event_callback_io_error_reason,
               proto::domain_event_callback_io_error_reason_msg{
                   6, {d, "/img", "virtio-disk0", 2, "enospc"}});
  daemon_.send(P::domain_event_callback_control_error,
               proto::domain_event_callback_control_error_msg{7, {d}});
  daemon_.send(P::domain_event_callback_block_job,
               proto::domain_event_callback_block_job_msg{8, {d, "/img", 2, 0}});
  daemon_.send(P::domain_event_callback_disk_change,
               proto::domain_event_callback_disk_change_msg{
                   9, {d, std::string("/old.iso"), std::nullopt, "ide0-1-0", 0}});
  daemon_.send(P::domain_event_callback_tray_change,
               proto::domain_event_callback_tray_change_msg{10, {d, "ide0-1-0", 1}});
  daemon_.send(P::domain_event_callback_pmwakeup,
               proto::domain_event_callback_pmwakeup_msg{11, 0, {d}});
  daemon_.send(P::domain_event_callback_pmsuspend,
               proto::domain_event_callback_pmsuspend_msg{12, 0, {d}});
  daemon_.send(P::domain_event_callback_balloon_change,
               proto::domain_event_callback_balloon_change_msg{13, {d, 1048576}});
  daemon_.send(P::domain_event_callback_pmsuspend_disk,
               proto::domain_event_callback_pmsuspend_disk_msg{14, 0, {d}});
  daemon_.send(P::domain_event_callback_device_removed,
               proto::domain_event_callback_device_removed_msg{15, {d, "net0"}});
  daemon_.send(P::domain_event_block_job_2,
               proto::domain_event_block_job_2_msg{16, d, "vda", 3, 1});
  std::vector<proto::typed_param> tun = {tp("cputune.vcpu0", VIR_TYPED_PARAM_STRING),
                                         tp("cputune.shares", VIR_TYPED_PARAM_ULLONG)};
  tun[0].value.s = "0-1";
  tun[1].value.ul = 2048;
  daemon_.send(P::domain_event_callback_tunable,
               proto::domain_event_callback_tunable_msg{17, d, tun});
  daemon_.send(P::domain_event_callback_agent_lifecycle,
               proto::domain_event_callback_agent_lifecycle_msg{18, d, 1, 2});
  daemon_.send(P::domain_event_callback_device_added,
               proto::domain_event_callback_device_added_msg{19, d, "net1"});
  daemon_.send(P::domain_event_callback_migration_iteration,
               proto::domain_event_callback_migration_iteration_msg{20, d, 4});
  std::vector<proto::typed_param> job = {tp("time_elapsed", VIR_TYPED_PARAM_ULLONG),
                                         tp("auto_converge", VIR_TYPED_PARAM_BOOLEAN),
                                         tp("type", VIR_TYPED_PARAM_INT)};
  job[0].value.ul = 1234;
  job[1].value.b = 1;
  job[2].value.i = 3;
  daemon_.send(P::domain_event_callback_job_completed,
               proto::domain_event_callback_job_completed_msg{21, d, job});
  daemon_.send(P::domain_event_callback_device_removal_failed,
               proto::domain_event_callback_device_removal_failed_msg{22, d, "hostdev0"});
  daemon_.send(
      P::domain_event_callback_metadata_change,
      proto::domain_event_callback_metadata_change_msg{23, d, 2, std::string("http://x/")});
  daemon_.send(P::domain_event_block_threshold,
               proto::domain_event_block_threshold_msg{24, d, "vda[1]", std::nullopt, 100, 5});
  daemon_.send(P::domain_event_memory_failure,
               proto::domain_event_memory_failure_msg{25, d, 1, 2, 3});
  daemon_.send(P::domain_event_memory_device_size_change,
               proto::domain_event_memory_device_size_change_msg{26, d, "virtiomem0", 524288});
  // For nobody: a registration id the daemon never gave.
  daemon_.send(P::domain_event_callback_reboot, proto::domain_event_callback_reboot_msg{99, {d}});
  // A tunable event whose parameter name is too long: dropped, as libvirt does.
  std::vector<proto::typed_param> bad = {tp(std::string(80, 'x').c_str(), VIR_TYPED_PARAM_INT)};
  daemon_.send(P::domain_event_callback_tunable,
               proto::domain_event_callback_tunable_msg{17, d, bad});

  pump_until(kDomainEvents);
  std::string f = kFake;
  std::vector<std::string> want = {
      f + "lifecycle 5 1",
      f + "reboot",
      f + "rtc -3600",
      f + "watchdog 2",
      f + "io-error /img virtio-disk0 1",
      f + "graphics 1 0:127.0.0.1:5900 1:::1:41000 vnc x509dname=CN=a saslUsername=bob",
      f + "io-error-reason /img virtio-disk0 2 enospc",
      f + "control-error",
      f + "block-job /img 2 0",
      f + "disk-change /old.iso (null) ide0-1-0 0",
      f + "tray ide0-1-0 1",
      f + "pmwakeup 0",
      f + "pmsuspend 0",
      f + "balloon 1048576",
      f + "pmsuspend-disk 0",
      f + "device-removed net0",
      f + "block-job-2 vda 3 1",
      f + "tunable cputune.vcpu0=s0-1 cputune.shares=ul2048",
      f + "agent 1 2",
      f + "device-added net1",
      f + "migration-iteration 4",
      f + "job-completed time_elapsed=ul1234 auto_converge=b1 type=i3",
      f + "device-removal-failed hostdev0",
      f + "metadata 2 http://x/",
      f + "block-threshold vda[1] (null) 100 5",
      f + "memory-failure 1 2 3",
      f + "memory-device-size virtiomem0 524288",
  };
  EXPECT_EQ(log_, want);
  // Registered callbacks hold the connection: let it close with the test.
  for (int id = 0; id < kDomainEvents; id++)
    EXPECT_EQ(virConnectDomainEventDeregisterAny(conn_, id), 0);
}

TEST_F(FakeDaemonEvents, PerObjectKindsAndDeregistration) {
  auto net_cb = as<virConnectNetworkEventGenericCallback>(
      +[](virConnectPtr, virNetworkPtr n, int e, int det, void *) {
        char u[VIR_UUID_STRING_BUFLEN];
        virNetworkGetUUIDString(n, u);
        g_log->push_back(std::string("net ") + virNetworkGetName(n) + " " + u + " " +
                         std::to_string(e) + " " + std::to_string(det));
      });
  auto pool_cb = as<virConnectStoragePoolEventGenericCallback>(
      +[](virConnectPtr, virStoragePoolPtr p, void *) {
        g_log->push_back(std::string("pool-refresh ") + virStoragePoolGetName(p));
      });
  auto dev_cb =
      as<virConnectNodeDeviceEventGenericCallback>(+[](virConnectPtr, virNodeDevicePtr d, void *) {
        g_log->push_back(std::string("dev-update ") + virNodeDeviceGetName(d));
      });
  auto secret_life = as<virConnectSecretEventGenericCallback>(
      +[](virConnectPtr, virSecretPtr s, int e, int det, void *) {
        char u[VIR_UUID_STRING_BUFLEN];
        virSecretGetUUIDString(s, u);
        g_log->push_back(std::string("secret ") + u + " " +
                         std::to_string(virSecretGetUsageType(s)) + " " + virSecretGetUsageID(s) +
                         " " + std::to_string(e) + " " + std::to_string(det));
      });
  auto secret_value =
      as<virConnectSecretEventGenericCallback>(+[](virConnectPtr, virSecretPtr s, void *) {
        g_log->push_back(std::string("secret-value ") + virSecretGetUsageID(s));
      });
  int n = virConnectNetworkEventRegisterAny(conn_, nullptr, VIR_NETWORK_EVENT_ID_LIFECYCLE, net_cb,
                                            nullptr, nullptr);
  int p = virConnectStoragePoolEventRegisterAny(conn_, nullptr, VIR_STORAGE_POOL_EVENT_ID_REFRESH,
                                                pool_cb, nullptr, nullptr);
  int d = virConnectNodeDeviceEventRegisterAny(conn_, nullptr, VIR_NODE_DEVICE_EVENT_ID_UPDATE,
                                               dev_cb, nullptr, nullptr);
  int s1 = virConnectSecretEventRegisterAny(conn_, nullptr, VIR_SECRET_EVENT_ID_LIFECYCLE,
                                            secret_life, nullptr, nullptr);
  int s2 = virConnectSecretEventRegisterAny(conn_, nullptr, VIR_SECRET_EVENT_ID_VALUE_CHANGED,
                                            secret_value, nullptr, nullptr);
  EXPECT_EQ(std::vector<int>({n, p, d, s1, s2}), std::vector<int>({0, 1, 2, 3, 4}));

  proto::nonnull_network net{"net1", {}};
  net.uuid.fill(0xab);
  daemon_.send(P::network_event_lifecycle, proto::network_event_lifecycle_msg{100, net, 2, 0});
  daemon_.send(P::storage_pool_event_refresh,
               proto::storage_pool_event_refresh_msg{200 + VIR_STORAGE_POOL_EVENT_ID_REFRESH,
                                                     {"pool1", {}}});
  daemon_.send(P::node_device_event_update, proto::node_device_event_update_msg{
                                                300 + VIR_NODE_DEVICE_EVENT_ID_UPDATE, {"dev1"}});
  proto::nonnull_secret sec{{}, VIR_SECRET_USAGE_TYPE_VOLUME, "/var/lib/a.img"};
  sec.uuid.fill(0x01);
  daemon_.send(P::secret_event_lifecycle, proto::secret_event_lifecycle_msg{400, sec, 0, 0});
  daemon_.send(P::secret_event_value_changed,
               proto::secret_event_value_changed_msg{400 + VIR_SECRET_EVENT_ID_VALUE_CHANGED, sec});
  // A network event for the pool's registration id: nobody's.
  daemon_.send(P::network_event_lifecycle, proto::network_event_lifecycle_msg{201, net, 3, 0});
  pump_until(5);
  EXPECT_EQ(log_, (std::vector<std::string>{
                      "net net1 abababab-abab-abab-abab-abababababab 2 0",
                      "pool-refresh pool1",
                      "dev-update dev1",
                      "secret 01010101-0101-0101-0101-010101010101 1 /var/lib/a.img 0 0",
                      "secret-value /var/lib/a.img",
                  }));

  // Deregistering tells the daemon which of its registrations went.
  for (int id : {n, p, d}) EXPECT_EQ(virConnectNetworkEventDeregisterAny(conn_, id), 0);
  EXPECT_EQ(virConnectSecretEventDeregisterAny(conn_, s1), 0);
  EXPECT_EQ(virConnectSecretEventDeregisterAny(conn_, s2), 0);
  std::vector<std::pair<int, int>> dereg;
  for (auto &c : daemon_.calls())
    if (c.first == P::connect_network_event_deregister_any ||
        c.first == P::connect_secret_event_deregister_any)
      dereg.push_back(c);
  // Callback ids are per connection, not per kind: libvirt's client sends
  // each deregistration through the procedure of the API called.
  EXPECT_EQ(dereg,
            (std::vector<std::pair<int, int>>{{P::connect_network_event_deregister_any, 100},
                                              {P::connect_network_event_deregister_any, 201},
                                              {P::connect_network_event_deregister_any, 301},
                                              {P::connect_secret_event_deregister_any, 400},
                                              {P::connect_secret_event_deregister_any, 401}}));
}

std::atomic<int> g_close_reason{-1};

TEST_F(FakeDaemonEvents, ConnectionClosedNoticeFiresTheCloseCallback) {
  g_close_reason = -1;
  ASSERT_EQ(virConnectRegisterCloseCallback(
                conn_, +[](virConnectPtr, int reason, void *) { g_close_reason = reason; }, nullptr,
                nullptr),
            0);
  std::vector<int> procs;
  for (auto &c : daemon_.calls()) procs.push_back(c.first);
  ASSERT_GE(procs.size(), 2u);
  EXPECT_EQ(procs[procs.size() - 2], P::connect_supports_feature);
  EXPECT_EQ(procs.back(), P::connect_register_close_callback);
  daemon_.send(P::connect_event_connection_closed,
               proto::connect_event_connection_closed_msg{VIR_CONNECT_CLOSE_REASON_EOF});
  auto start = Clock::now();
  while (g_close_reason < 0 && Clock::now() - start < 3s) std::this_thread::sleep_for(1ms);
  EXPECT_EQ(g_close_reason, VIR_CONNECT_CLOSE_REASON_EOF);
}

}  // namespace

namespace {

void qemu_cb(virConnectPtr, virDomainPtr d, const char *event, long long seconds, unsigned micros,
             const char *details, void *opaque) {
  add(d, std::string(static_cast<const char *>(opaque)) + " " + str(event) + " " +
             std::to_string(seconds) + "." + std::to_string(micros) + " " + str(details));
}

void qemu_cb2(virConnectPtr c, virDomainPtr d, const char *event, long long seconds,
              unsigned micros, const char *details, void *) {
  qemu_cb(c, d, event, seconds, micros, details, const_cast<char *>("second"));
}

}  // namespace

// libvirt-qemu's monitor events, counted as libvirt counts them: a callback
// with an event name has a registration of its own; of those without, only
// the first is registered with the daemon (the others never receive an
// event, as in libvirt), and the same function twice is refused. The
// daemon's messages reach the callback of their registration with every
// field; deregistering the last callback of a registration tells the daemon.
TEST_F(FakeDaemonEvents, QemuMonitorEvents) {
  int all = virConnectDomainQemuMonitorEventRegister(conn_, nullptr, nullptr, qemu_cb,
                                                     const_cast<char *>("all"), nullptr, 0);
  ASSERT_GE(all, 0) << virGetLastErrorMessage();
  int named = virConnectDomainQemuMonitorEventRegister(
      conn_, nullptr, "SHUTDOWN", qemu_cb, const_cast<char *>("named"), nullptr,
      VIR_CONNECT_DOMAIN_QEMU_MONITOR_EVENT_REGISTER_NOCASE);
  ASSERT_GE(named, 0) << virGetLastErrorMessage();
  EXPECT_NE(all, named);
  int second = virConnectDomainQemuMonitorEventRegister(conn_, nullptr, nullptr, qemu_cb2, nullptr,
                                                        nullptr, 0);
  ASSERT_GE(second, 0) << virGetLastErrorMessage();
  EXPECT_EQ(virConnectDomainQemuMonitorEventRegister(conn_, nullptr, nullptr, qemu_cb, nullptr,
                                                     nullptr, 0),
            -1);
  EXPECT_EQ(virGetLastErrorCode(), VIR_ERR_INVALID_ARG);
  EXPECT_STREQ(virGetLastErrorMessage(), "invalid argument: event callback already tracked");
  proto::qemu_domain_monitor_event_msg m;
  m.callbackID = 601;
  m.dom = dom();
  m.event = "SHUTDOWN";
  m.seconds = 1700000000;
  m.micros = 42;
  m.details = std::string("{\"guest\":true}");
  daemon_.send_qemu(proto::qemu_proc::domain_monitor_event, m);
  m.callbackID = 600;
  m.event = "RESUME";
  m.seconds = -1;
  m.micros = 0;
  m.details.reset();
  daemon_.send_qemu(proto::qemu_proc::domain_monitor_event, m);
  m.callbackID = 999;  // nobody's: dropped
  daemon_.send_qemu(proto::qemu_proc::domain_monitor_event, m);
  pump_until(2);
  EXPECT_EQ(log_, (std::vector<std::string>{
                      std::string(kFake) + "named SHUTDOWN 1700000000.42 {\"guest\":true}",
                      std::string(kFake) + "all RESUME -1.0 (null)"}));
  EXPECT_EQ(virConnectDomainQemuMonitorEventDeregister(conn_, second), 0);
  EXPECT_EQ(virConnectDomainQemuMonitorEventDeregister(conn_, named), 0);
  EXPECT_EQ(virConnectDomainQemuMonitorEventDeregister(conn_, all), 0);
  EXPECT_EQ(virConnectDomainQemuMonitorEventDeregister(conn_, all), -1);
  EXPECT_EQ(virGetLastErrorCode(), VIR_ERR_INVALID_ARG);
  std::vector<std::pair<int, int>> qemu;
  for (auto &c : daemon_.calls())
    if (c.first >= 1000) qemu.push_back(c);
  // two registrations (their first word: the optional domain's presence),
  // then the deregistrations of ids 601 and 600
  EXPECT_EQ(qemu,
            (std::vector<std::pair<int, int>>{{1004, 0}, {1004, 0}, {1005, 601}, {1005, 600}}));
}
