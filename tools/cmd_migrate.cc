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

// The migration itself (virsh's doMigrate): options as typed parameters,
// then virDomainMigrateToURI3 (p2p, direct) or virDomainMigrate3.
bool do_migrate(const Cmd &c, const virtkit::Domain &dom, const virtkit::Connection &dconn) {
  const char *desturi, *opt;
  if (c.string("desturi", desturi) < 0) return false;
  virtkit::TypedParams ps;
  auto add_string = [&](const char *name, const char *field) {
    if (c.string(name, opt) < 0) return false;
    if (opt) ps.add(field, opt);
    return true;
  };
  auto add_int = [&](const char *name, const char *field) {
    int v;
    int r = c.opt_int(name, v);
    if (r > 0) ps.add(field, v);
    return r >= 0;
  };
  auto add_ull = [&](const char *name, const char *field) {
    unsigned long long v;
    int r = c.opt_ull(name, v);
    if (r > 0) ps.add(field, v);
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
    for (auto &i : items) ps.add(field, i);
    return true;
  };
  auto add_xml = [&](const char *name, const char *field) {
    if (c.string(name, opt) < 0) return false;
    if (!opt) return true;
    std::string xml;
    if (!read_xml(opt, xml)) return false;
    ps.add(field, xml);
    return true;
  };
  if (!add_string("migrateuri", VIR_MIGRATE_PARAM_URI) ||
      !add_string("graphicsuri", VIR_MIGRATE_PARAM_GRAPHICS_URI) ||
      !add_string("listen-address", VIR_MIGRATE_PARAM_LISTEN_ADDRESS))
    return false;
  int port = 0;
  if (c.opt_int("disks-port", port) < 0) return false;
  if (port) ps.add(VIR_MIGRATE_PARAM_DISKS_PORT, port);
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
    return dom
        .try_migrate_to_uri(desturi ? std::optional<std::string_view>(desturi) : std::nullopt, ps,
                            flags)
        .has_value();
  return dom.try_migrate(dconn, ps, flags).has_value();
}

volatile sig_atomic_t g_migrate_interrupted = 0;

void on_sigint(int) {
  g_migrate_interrupted = 1;
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
  virtkit::Connection dconn;
  if (!c.has("p2p") && !c.has("direct")) {
    const char *desturi;
    if (c.string("desturi", desturi) < 0) return false;
    auto dc = sh.open_auth(desturi, 0);
    if (!dc) return false;
    dconn = std::move(dc).value();
  }

  std::mutex m;
  std::condition_variable cv;
  bool done = false, ok = false;
  std::thread worker([&] {
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGINT);
    pthread_sigmask(SIG_BLOCK, &mask, nullptr);
    bool r = do_migrate(c, *d, dconn);
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
        (void)d->try_abort_job();
      }
      if (timeout && !timed_out &&
          std::chrono::steady_clock::now() - start >= std::chrono::seconds(timeout)) {
        timed_out = true;
        if (to_postcopy)
          (void)d->try_migrate_start_post_copy();
        else
          (void)d->try_suspend();
      }
      if (polling || after_precopy) {
        if (auto info = d->try_job_info()) {
          if (verbose && info->data_total > 0)
            domx::print_progress("Migration", info->data_remaining, info->data_total);
          if (!started &&
              (info->type == VIR_DOMAIN_JOB_BOUNDED || info->type == VIR_DOMAIN_JOB_UNBOUNDED)) {
            started = true;
            if (!verbose) polling = false;
          }
        } else {
          reset_error();
        }
      }
      if (after_precopy && last_iteration < 2) {
        if (auto stats = d->try_job_stats()) {
          auto iter =
              stats->params.get<unsigned long long>(VIR_DOMAIN_JOB_MEMORY_ITERATION).value_or(0);
          if (iter >= 2 && last_iteration < 2) (void)d->try_migrate_start_post_copy();
          last_iteration = iter;
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
  return d->try_migrate_set_max_downtime(std::chrono::milliseconds(downtime)).has_value();
}

bool cmd_migrate_getmaxdowntime(Shell &sh, const Cmd &c) {
  auto d = sh.domain(c);
  if (!d) return false;
  auto downtime = d->try_migrate_max_downtime();
  if (!downtime) return false;
  std::printf("%llu\n", static_cast<unsigned long long>(downtime->count()));
  return true;
}

bool cmd_migrate_compcache(Shell &sh, const Cmd &c) {
  auto d = sh.domain(c);
  if (!d) return false;
  unsigned long long size = 0;
  int rc = c.opt_ull("size", size);
  if (rc < 0) return false;
  if (rc != 0 && !d->try_migrate_set_compression_cache(size)) return false;
  auto got = d->try_migrate_compression_cache();
  if (!got) return false;
  const char *unit;
  double value = pretty_capacity(*got, unit);
  std::printf("Compression cache: %.3lf %s", value, unit);
  return true;
}

bool cmd_migrate_setspeed(Shell &sh, const Cmd &c) {
  auto d = sh.domain(c);
  if (!d) return false;
  unsigned long bandwidth = 0;
  if (c.opt_ul("bandwidth", bandwidth, true) < 0) return false;
  unsigned flags = c.has("postcopy") ? VIR_DOMAIN_MIGRATE_MAX_SPEED_POSTCOPY : 0;
  return d->try_migrate_set_max_speed(bandwidth, flags).has_value();
}

bool cmd_migrate_getspeed(Shell &sh, const Cmd &c) {
  auto d = sh.domain(c);
  if (!d) return false;
  unsigned flags = c.has("postcopy") ? VIR_DOMAIN_MIGRATE_MAX_SPEED_POSTCOPY : 0;
  auto bandwidth = d->try_migrate_max_speed(flags);
  if (!bandwidth) return false;
  std::printf("%lu\n", *bandwidth);
  return true;
}

bool cmd_migrate_postcopy(Shell &sh, const Cmd &c) {
  auto d = sh.domain(c);
  if (!d) return false;
  return d->try_migrate_start_post_copy().has_value();
}

}  // namespace virtkit_sh
