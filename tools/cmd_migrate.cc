// SPDX-License-Identifier: LGPL-2.1-or-later
// virtkit-sh's migration commands (migrate and its tunables), each printing
// what Debian's virsh 9.0.0 prints.
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "cmd_domain_xml.h"
#include "virtkit_sh.h"

namespace virtkit_sh {

namespace {

// An XML file for the destination; virsh names the file before libvirt's
// reason.
bool read_xml(const char *path, std::string &out) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  char ch;
  bool readable = fd >= 0 && read(fd, &ch, 1) >= 0;
  if (fd >= 0) close(fd);
  if (!readable) error("cannot read file '%s'", path);
  return read_file(path, out);
}

// Typed parameters built up as virTypedParamsAdd* does.
struct Params {
  virTypedParameterPtr p = nullptr;
  int n = 0, max = 0;
  ~Params() { virTypedParamsFree(p, n); }
};

// The migration itself (virsh's doMigrate): options as typed parameters,
// then virDomainMigrateToURI3 (p2p, direct) or virDomainMigrate3.
bool do_migrate(const Cmd &c, virDomainPtr dom, virConnectPtr dconn) {
  const char *desturi, *opt;
  if (c.string("desturi", desturi) < 0) return false;
  Params ps;
  auto add_string = [&](const char *name, const char *field) {
    if (c.string(name, opt) < 0) return false;
    if (opt) virTypedParamsAddString(&ps.p, &ps.n, &ps.max, field, opt);
    return true;
  };
  auto add_int = [&](const char *name, const char *field) {
    int v;
    int r = c.opt_int(name, v);
    if (r > 0) virTypedParamsAddInt(&ps.p, &ps.n, &ps.max, field, v);
    return r >= 0;
  };
  auto add_ull = [&](const char *name, const char *field) {
    unsigned long long v;
    int r = c.opt_ull(name, v);
    if (r > 0) virTypedParamsAddULLong(&ps.p, &ps.n, &ps.max, field, v);
    return r >= 0;
  };
  auto add_list = [&](const char *name, const char *field) {
    if (c.string(name, opt) < 0) return false;
    if (!opt) return true;
    std::vector<std::string> items;
    std::string s = opt;
    if (!s.empty()) {
      size_t start = 0;
      for (;;) {
        auto comma = s.find(',', start);
        items.push_back(s.substr(start, comma - start));
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
    }
    std::vector<const char *> ptrs;
    for (auto &i : items) ptrs.push_back(i.c_str());
    ptrs.push_back(nullptr);
    virTypedParamsAddStringList(&ps.p, &ps.n, &ps.max, field, ptrs.data());
    return true;
  };
  auto add_xml = [&](const char *name, const char *field) {
    if (c.string(name, opt) < 0) return false;
    if (!opt) return true;
    std::string xml;
    if (!read_xml(opt, xml)) return false;
    virTypedParamsAddString(&ps.p, &ps.n, &ps.max, field, xml.c_str());
    return true;
  };
  if (!add_string("migrateuri", VIR_MIGRATE_PARAM_URI) ||
      !add_string("graphicsuri", VIR_MIGRATE_PARAM_GRAPHICS_URI) ||
      !add_string("listen-address", VIR_MIGRATE_PARAM_LISTEN_ADDRESS))
    return false;
  int port = 0;
  if (c.opt_int("disks-port", port) < 0) return false;
  if (port) virTypedParamsAddInt(&ps.p, &ps.n, &ps.max, VIR_MIGRATE_PARAM_DISKS_PORT, port);
  if (!add_string("disks-uri", VIR_MIGRATE_PARAM_DISKS_URI) ||
      !add_string("dname", VIR_MIGRATE_PARAM_DEST_NAME) ||
      !add_list("migrate-disks", VIR_MIGRATE_PARAM_MIGRATE_DISKS) ||
      !add_list("comp-methods", VIR_MIGRATE_PARAM_COMPRESSION) ||
      !add_int("comp-mt-level", VIR_MIGRATE_PARAM_COMPRESSION_MT_LEVEL) ||
      !add_int("comp-mt-threads", VIR_MIGRATE_PARAM_COMPRESSION_MT_THREADS) ||
      !add_int("comp-mt-dthreads", VIR_MIGRATE_PARAM_COMPRESSION_MT_DTHREADS) ||
      !add_ull("comp-xbzrle-cache", VIR_MIGRATE_PARAM_COMPRESSION_XBZRLE_CACHE) ||
      !add_xml("xml", VIR_MIGRATE_PARAM_DEST_XML) ||
      !add_xml("persistent-xml", VIR_MIGRATE_PARAM_PERSIST_XML) ||
      !add_int("auto-converge-initial", VIR_MIGRATE_PARAM_AUTO_CONVERGE_INITIAL) ||
      !add_int("auto-converge-increment", VIR_MIGRATE_PARAM_AUTO_CONVERGE_INCREMENT) ||
      !add_ull("postcopy-bandwidth", VIR_MIGRATE_PARAM_BANDWIDTH_POSTCOPY) ||
      !add_int("parallel-connections", VIR_MIGRATE_PARAM_PARALLEL_CONNECTIONS) ||
      !add_ull("bandwidth", VIR_MIGRATE_PARAM_BANDWIDTH) ||
      !add_string("tls-destination", VIR_MIGRATE_PARAM_TLS_DESTINATION))
    return false;

  static const std::pair<const char *, unsigned> bools[] = {
      {"live", VIR_MIGRATE_LIVE},
      {"p2p", VIR_MIGRATE_PEER2PEER},
      {"tunnelled", VIR_MIGRATE_TUNNELLED},
      {"persistent", VIR_MIGRATE_PERSIST_DEST},
      {"undefinesource", VIR_MIGRATE_UNDEFINE_SOURCE},
      {"suspend", VIR_MIGRATE_PAUSED},
      {"copy-storage-all", VIR_MIGRATE_NON_SHARED_DISK},
      {"copy-storage-inc", VIR_MIGRATE_NON_SHARED_INC}};
  unsigned flags = 0;
  for (auto &[name, flag] : bools)
    if (c.has(name)) flags |= flag;
  if (c.has("copy-storage-synchronous-writes")) {
    if (!(flags & (VIR_MIGRATE_NON_SHARED_DISK | VIR_MIGRATE_NON_SHARED_INC))) {
      error(
          "'--copy-storage-synchronous-writes' requires one of '--copy-storage-all', "
          "'copy-storage-inc'");
      return false;
    }
    flags |= VIR_MIGRATE_NON_SHARED_SYNCHRONOUS_WRITES;
  }
  static const std::pair<const char *, unsigned> more[] = {
      {"change-protection", VIR_MIGRATE_CHANGE_PROTECTION},
      {"unsafe", VIR_MIGRATE_UNSAFE},
      {"compressed", VIR_MIGRATE_COMPRESSED},
      {"auto-converge", VIR_MIGRATE_AUTO_CONVERGE},
      {"rdma-pin-all", VIR_MIGRATE_RDMA_PIN_ALL},
      {"offline", VIR_MIGRATE_OFFLINE},
      {"abort-on-error", VIR_MIGRATE_ABORT_ON_ERROR},
      {"postcopy", VIR_MIGRATE_POSTCOPY},
      {"postcopy-resume", VIR_MIGRATE_POSTCOPY_RESUME},
      {"zerocopy", VIR_MIGRATE_ZEROCOPY},
      {"tls", VIR_MIGRATE_TLS},
      {"parallel", VIR_MIGRATE_PARALLEL}};
  for (auto &[name, flag] : more)
    if (c.has(name)) flags |= flag;

  if ((flags & VIR_MIGRATE_PEER2PEER) || c.has("direct"))
    return virDomainMigrateToURI3(dom, desturi, ps.p, static_cast<unsigned>(ps.n), flags) == 0;
  virDomainPtr ddom = virDomainMigrate3(dom, dconn, ps.p, static_cast<unsigned>(ps.n), flags);
  if (!ddom) return false;
  virDomainFree(ddom);
  return true;
}

volatile sig_atomic_t g_migrate_interrupted = 0;

void on_sigint(int) {
  g_migrate_interrupted = 1;
}

// virshConnect: the destination, with virsh's keepalive rules.
virConnectPtr connect_dest(Shell &sh, const char *uri) {
  virConnectPtr c = virConnectOpenAuth(uri, virConnectAuthPtrDefault, 0);
  if (!c) return nullptr;
  bool forced = sh.keepalive_interval >= 0 || sh.keepalive_count >= 0;
  int interval = sh.keepalive_interval >= 0 ? sh.keepalive_interval : 5;
  int count = sh.keepalive_count >= 0 ? sh.keepalive_count : 6;
  if (interval > 0 && virConnectSetKeepAlive(c, interval, count) != 0) {
    if (forced) {
      error("%s", "Cannot setup keepalive on connection as requested, disconnecting");
      virConnectClose(c);
      return nullptr;
    }
    reset_error();
  }
  return c;
}

}  // namespace

bool cmd_migrate(Shell &sh, const Cmd &c) {
  if (!exclusive(c, "live", "offline") || !exclusive(c, "timeout-suspend", "timeout-postcopy") ||
      !domx::requires_opt(c, "postcopy-after-precopy", "postcopy") ||
      !domx::requires_opt(c, "postcopy-resume", "postcopy") ||
      !domx::requires_opt(c, "timeout-postcopy", "postcopy") ||
      !domx::requires_opt(c, "persistent-xml", "persistent") ||
      !domx::requires_opt(c, "tls-destination", "tls"))
    return false;
  auto d = sh.domain(c);
  if (!d) return false;
  bool verbose = c.has("verbose"), live = c.has("live");
  unsigned timeout = 0;
  if (c.opt_uint("timeout", timeout) < 0) return false;
  if (timeout > 0 && !live) {
    error("%s", "migrate: Unexpected timeout for offline migration");
    return false;
  }
  // What to do when the timeout passes: suspend (the default) or post-copy.
  bool to_postcopy = c.has("timeout-postcopy");
  if (!timeout && (c.has("timeout-suspend") || to_postcopy)) {
    error("%s", "migrate: Unexpected --timeout-* option without --timeout");
    return false;
  }
  // Switching to post-copy after the first pass needs migration iteration
  // events, which virtkit-sh (without an event loop) polls for instead.
  bool after_precopy = c.has("postcopy-after-precopy");
  virConnectPtr dconn = nullptr;
  if (!c.has("p2p") && !c.has("direct")) {
    const char *desturi;
    if (c.string("desturi", desturi) < 0) return false;
    if (!(dconn = connect_dest(sh, desturi))) return false;
  }

  std::mutex m;
  std::condition_variable cv;
  bool done = false, ok = false;
  std::thread worker([&] {
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGINT);
    pthread_sigmask(SIG_BLOCK, &mask, nullptr);
    bool r = do_migrate(c, d->get(), dconn);
    std::lock_guard<std::mutex> lock(m);
    ok = r;
    done = true;
    cv.notify_all();
  });

  struct sigaction sa {
  }, old{};
  sa.sa_handler = on_sigint;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, &old);
  g_migrate_interrupted = 0;
  auto start = std::chrono::steady_clock::now();
  bool timed_out = false, started = false, polling = true;
  unsigned long long last_iteration = 0;
  {
    std::unique_lock<std::mutex> lock(m);
    while (!cv.wait_for(lock, std::chrono::milliseconds(500), [&] { return done; })) {
      lock.unlock();
      if (g_migrate_interrupted) {
        g_migrate_interrupted = 0;
        virDomainAbortJob(d->get());
      }
      if (timeout && !timed_out &&
          std::chrono::steady_clock::now() - start >= std::chrono::seconds(timeout)) {
        timed_out = true;
        if (to_postcopy)
          virDomainMigrateStartPostCopy(d->get(), 0);
        else
          virDomainSuspend(d->get());
      }
      if (polling || after_precopy) {
        virDomainJobInfo info{};
        if (virDomainGetJobInfo(d->get(), &info) == 0) {
          if (verbose && info.dataTotal > 0)
            domx::print_progress("Migration", info.dataRemaining, info.dataTotal);
          if (!started &&
              (info.type == VIR_DOMAIN_JOB_BOUNDED || info.type == VIR_DOMAIN_JOB_UNBOUNDED)) {
            started = true;
            if (!verbose) polling = false;
          }
        } else {
          reset_error();
        }
      }
      if (after_precopy && last_iteration < 2) {
        virTypedParameterPtr params = nullptr;
        int n = 0, type = 0;
        unsigned long long iter = 0;
        if (virDomainGetJobStats(d->get(), &type, &params, &n, 0) == 0) {
          if (virTypedParamsGetULLong(params, n, VIR_DOMAIN_JOB_MEMORY_ITERATION, &iter) == 1 &&
              iter >= 2 && last_iteration < 2)
            virDomainMigrateStartPostCopy(d->get(), 0);
          last_iteration = iter;
          virTypedParamsFree(params, n);
        } else {
          reset_error();
        }
      }
      lock.lock();
    }
  }
  worker.join();
  if (ok && verbose) domx::print_progress("Migration", 0, 1);
  sigaction(SIGINT, &old, nullptr);
  if (dconn) virConnectClose(dconn);
  return ok;
}

bool cmd_migrate_setmaxdowntime(Shell &sh, const Cmd &c) {
  auto d = sh.domain(c);
  if (!d) return false;
  unsigned long long downtime = 0;
  if (c.opt_ull("downtime", downtime) < 0) return false;
  if (downtime < 1) {
    error("%s", "migrate: Invalid downtime");
    return false;
  }
  return virDomainMigrateSetMaxDowntime(d->get(), downtime, 0) == 0;
}

bool cmd_migrate_getmaxdowntime(Shell &sh, const Cmd &c) {
  auto d = sh.domain(c);
  if (!d) return false;
  unsigned long long downtime;
  if (virDomainMigrateGetMaxDowntime(d->get(), &downtime, 0) < 0) return false;
  std::printf("%llu\n", downtime);
  return true;
}

bool cmd_migrate_compcache(Shell &sh, const Cmd &c) {
  auto d = sh.domain(c);
  if (!d) return false;
  unsigned long long size = 0;
  int rc = c.opt_ull("size", size);
  if (rc < 0) return false;
  if (rc != 0 && virDomainMigrateSetCompressionCache(d->get(), size, 0) < 0) return false;
  if (virDomainMigrateGetCompressionCache(d->get(), &size, 0) < 0) return false;
  const char *unit;
  double value = pretty_capacity(size, unit);
  std::printf("Compression cache: %.3lf %s", value, unit);
  return true;
}

bool cmd_migrate_setspeed(Shell &sh, const Cmd &c) {
  auto d = sh.domain(c);
  if (!d) return false;
  unsigned long bandwidth = 0;
  if (c.opt_ul("bandwidth", bandwidth, true) < 0) return false;
  unsigned flags = c.has("postcopy") ? VIR_DOMAIN_MIGRATE_MAX_SPEED_POSTCOPY : 0;
  return virDomainMigrateSetMaxSpeed(d->get(), bandwidth, flags) >= 0;
}

bool cmd_migrate_getspeed(Shell &sh, const Cmd &c) {
  auto d = sh.domain(c);
  if (!d) return false;
  unsigned flags = c.has("postcopy") ? VIR_DOMAIN_MIGRATE_MAX_SPEED_POSTCOPY : 0;
  unsigned long bandwidth;
  if (virDomainMigrateGetMaxSpeed(d->get(), &bandwidth, flags) < 0) return false;
  std::printf("%lu\n", bandwidth);
  return true;
}

bool cmd_migrate_postcopy(Shell &sh, const Cmd &c) {
  auto d = sh.domain(c);
  if (!d) return false;
  return virDomainMigrateStartPostCopy(d->get(), 0) >= 0;
}

}  // namespace virtkit_sh
