// SPDX-License-Identifier: LGPL-2.1-or-later
// The remote driver's round trip against a real libvirtd: a lookup that finds
// the test driver's domain "test" and one that fails with the daemon's error,
// from one thread and from 8 threads sharing one connection (wall time per
// call over all threads). Public C API only; built against virtkit and
// against Debian's libvirt from this one source, run by bench/compare_remote
// against one daemon (VIRTKIT_REMOTE_URI, and VIRTKIT_REMOTE_TCP_URI and
// VIRTKIT_REMOTE_TLS_URI when set). Also the cost of a connection: open,
// one call, close (over TLS: the handshake and both certificates' checks).
#include <benchmark/benchmark.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <dirent.h>
#include <sys/resource.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

void quiet(void *, virErrorPtr) {}

double process_cpu_ns() {
  rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e9 +
         (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1e3;
}

// CPU time on the scheduler's clock (ns) of one thread of `pid` (`tid`),
// or of all its threads (`tid` 0); -1 when unreadable.
double sched_cpu_ns(long pid, long tid) {
  auto one = [](const std::string &path) {
    std::FILE *f = std::fopen(path.c_str(), "r");
    if (!f) return -1.0;
    unsigned long long ns = 0;
    int n = std::fscanf(f, "%llu", &ns);
    std::fclose(f);
    return n == 1 ? static_cast<double>(ns) : -1.0;
  };
  std::string task = "/proc/" + std::to_string(pid) + "/task/";
  if (tid) return one(task + std::to_string(tid) + "/schedstat");
  DIR *d = opendir(task.c_str());
  if (!d) return -1;
  double sum = 0;
  while (dirent *e = readdir(d)) {
    if (e->d_name[0] == '.') continue;
    double t = one(task + e->d_name + "/schedstat");
    if (t > 0) sum += t;
  }
  closedir(d);
  return sum;
}

// The daemon's process id, when compare_remote gives it (VIRTKIT_BENCH_DAEMON_PID).
long daemon_pid() {
  static const long pid = [] {
    const char *v = std::getenv("VIRTKIT_BENCH_DAEMON_PID");
    return v ? std::strtol(v, nullptr, 10) : 0L;
  }();
  return pid;
}

// Per call, as counters: the client process's CPU time (every thread, user
// and system), "client_cpu_ns": what the client costs beside the daemon;
// with the daemon's pid, its CPU time (all threads), "daemon_cpu_ns", and
// that of its main thread, libvirtd's one event loop, which reads every
// request and writes every reply: "daemon_loop_cpu_ns", a floor under the
// wall time per call that no client can go below.
class CpuPerCall {
 public:
  explicit CpuPerCall(benchmark::State &st) : st_(st) {
    if (st_.thread_index() != 0) return;
    start_ = process_cpu_ns();
    if (long pid = daemon_pid()) {
      daemon_start_ = sched_cpu_ns(pid, 0);
      loop_start_ = sched_cpu_ns(pid, pid);
    }
  }
  ~CpuPerCall() {
    if (st_.thread_index() != 0 || st_.iterations() == 0) return;
    double calls = static_cast<double>(st_.iterations()) * st_.threads();
    st_.counters["client_cpu_ns"] = (process_cpu_ns() - start_) / calls;
    if (long pid = daemon_pid(); pid && daemon_start_ >= 0 && loop_start_ >= 0) {
      st_.counters["daemon_cpu_ns"] = (sched_cpu_ns(pid, 0) - daemon_start_) / calls;
      st_.counters["daemon_loop_cpu_ns"] = (sched_cpu_ns(pid, pid) - loop_start_) / calls;
    }
  }

 private:
  benchmark::State &st_;
  double start_ = 0, daemon_start_ = -1, loop_start_ = -1;
};

void lookup_hit(benchmark::State &st, virConnectPtr conn) {
  CpuPerCall cpu(st);
  for (auto _ : st) {
    virDomainPtr d = virDomainLookupByName(conn, "test");
    if (!d) {
      st.SkipWithError(virGetLastErrorMessage());
      break;
    }
    virDomainFree(d);
  }
}

void lookup_miss(benchmark::State &st, virConnectPtr conn) {
  CpuPerCall cpu(st);
  for (auto _ : st) {
    virDomainPtr d = virDomainLookupByName(conn, "no-such-domain");
    if (d) {
      virDomainFree(d);
      st.SkipWithError("lookup of an unknown name succeeded");
      break;
    }
  }
}

void open_close(benchmark::State &st, const char *uri) {
  CpuPerCall cpu(st);
  for (auto _ : st) {
    virConnectPtr c = virConnectOpen(uri);
    unsigned long v = 0;
    if (!c || virConnectGetLibVersion(c, &v) < 0) {
      st.SkipWithError(virGetLastErrorMessage());
      if (c) virConnectClose(c);
      break;
    }
    virConnectClose(c);
  }
}

// Opens `uri` and checks both lookups once (the miss must be the daemon's
// "Domain not found" error, not a transport failure).
virConnectPtr open_checked(const char *uri) {
  virConnectPtr conn = virConnectOpen(uri);
  if (!conn) {
    std::fprintf(stderr, "cannot open %s: %s\n", uri, virGetLastErrorMessage());
    std::exit(1);
  }
  virDomainPtr d = virDomainLookupByName(conn, "test");
  if (!d) {
    std::fprintf(stderr, "%s: no domain \"test\": %s\n", uri, virGetLastErrorMessage());
    std::exit(1);
  }
  virDomainFree(d);
  if (virDomainLookupByName(conn, "no-such-domain") || virGetLastErrorCode() != VIR_ERR_NO_DOMAIN) {
    std::fprintf(stderr, "%s: unexpected miss: %s\n", uri, virGetLastErrorMessage());
    std::exit(1);
  }
  return conn;
}

}  // namespace

int main(int argc, char **argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  virSetErrorFunc(nullptr, quiet);
  std::vector<virConnectPtr> conns;
  const struct {
    const char *transport, *env;
  } transports[] = {{"unix", "VIRTKIT_REMOTE_URI"},
                    {"tcp", "VIRTKIT_REMOTE_TCP_URI"},
                    {"tls", "VIRTKIT_REMOTE_TLS_URI"}};
  for (const auto &t : transports) {
    const char *uri = std::getenv(t.env);
    if (!uri || !*uri) continue;
    virConnectPtr conn = open_checked(uri);
    conns.push_back(conn);
    std::string suffix = std::string("/") + t.transport;
    benchmark::RegisterBenchmark(("BM_RemoteOpenClose" + suffix).c_str(), open_close, uri)
        ->UseRealTime();
    for (int threads : {1, 8}) {
      benchmark::RegisterBenchmark(("BM_RemoteLookupHit" + suffix).c_str(), lookup_hit, conn)
          ->Threads(threads)
          ->UseRealTime();
      benchmark::RegisterBenchmark(("BM_RemoteLookupMiss" + suffix).c_str(), lookup_miss, conn)
          ->Threads(threads)
          ->UseRealTime();
    }
  }
  if (conns.empty()) {
    std::fprintf(stderr, "VIRTKIT_REMOTE_URI is not set (run through bench/compare_remote)\n");
    return 1;
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  for (virConnectPtr c : conns) virConnectClose(c);
  return 0;
}
