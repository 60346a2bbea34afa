// SPDX-License-Identifier: LGPL-2.1-or-later
// Thread scaling on one shared connection and on one connection per thread,
// failing and succeeding calls, plus a driver-heavy path (1,000 domains).
// Built against virtkit and against Debian's libvirt from this one source.
#include <benchmark/benchmark.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

void quiet(void *, virErrorPtr) {}

virConnectPtr shared_conn() {
  static virConnectPtr conn = [] {
    virSetErrorFunc(nullptr, quiet);
    virConnectPtr c = virConnectOpen("test:///default");
    if (!c) std::abort();
    return c;
  }();
  return conn;
}

// A custom config with 1,000 domains, written once per process.
virConnectPtr big_conn() {
  static virConnectPtr conn = [] {
    virSetErrorFunc(nullptr, quiet);
    char path[] = "/tmp/virtkit-bench-XXXXXX.xml";
    int fd = mkstemps(path, 4);
    if (fd < 0) std::abort();
    std::string xml = "<node>\n";
    for (int i = 0; i < 1000; i++) {
      char buf[512];
      std::snprintf(buf, sizeof buf,
                    "<domain type='test'><name>vm%04d</name>"
                    "<uuid>%08x-0000-4000-8000-000000000000</uuid>"
                    "<memory>65536</memory><vcpu>1</vcpu><os><type>hvm</type></os></domain>\n",
                    i, i + 1);
      xml += buf;
    }
    xml += "</node>\n";
    if (write(fd, xml.data(), xml.size()) != static_cast<ssize_t>(xml.size())) std::abort();
    close(fd);
    virConnectPtr c = virConnectOpen((std::string("test://") + path).c_str());
    unlink(path);
    if (!c) std::abort();
    return c;
  }();
  return conn;
}

void BM_SharedFail(benchmark::State &st) {
  virConnectPtr conn = shared_conn();
  for (auto _ : st) benchmark::DoNotOptimize(virDomainLookupByName(conn, "nosuch"));
  st.SetItemsProcessed(st.iterations());
}

void BM_SharedSucceed(benchmark::State &st) {
  static virDomainPtr dom = virDomainLookupByName(shared_conn(), "test");
  for (auto _ : st) benchmark::DoNotOptimize(virDomainIsActive(dom));
  st.SetItemsProcessed(st.iterations());
}

void BM_OwnConnFail(benchmark::State &st) {
  shared_conn();  // installs the quiet handler
  virConnectPtr conn = virConnectOpen("test:///default");
  for (auto _ : st) benchmark::DoNotOptimize(virDomainLookupByName(conn, "nosuch"));
  virConnectClose(conn);
  st.SetItemsProcessed(st.iterations());
}

void BM_OwnConnSucceed(benchmark::State &st) {
  shared_conn();
  virConnectPtr conn = virConnectOpen("test:///default");
  virDomainPtr dom = virDomainLookupByName(conn, "test");
  for (auto _ : st) benchmark::DoNotOptimize(virDomainIsActive(dom));
  virDomainFree(dom);
  virConnectClose(conn);
  st.SetItemsProcessed(st.iterations());
}

void BM_ListAll1000(benchmark::State &st) {
  virConnectPtr conn = big_conn();
  for (auto _ : st) {
    virDomainPtr *doms = nullptr;
    int n = virConnectListAllDomains(conn, &doms, 0);
    for (int i = 0; i < n; i++) virDomainFree(doms[i]);
    free(doms);
    if (n != 1000) st.SkipWithError("expected 1000 domains");
  }
}

void BM_LookupAmong1000(benchmark::State &st) {
  virConnectPtr conn = big_conn();
  int i = 0;
  char name[16];
  for (auto _ : st) {
    std::snprintf(name, sizeof name, "vm%04d", i++ % 1000);
    virDomainPtr d = virDomainLookupByName(conn, name);
    if (!d) st.SkipWithError("lookup failed");
    virDomainFree(d);
  }
}

}  // namespace

BENCHMARK(BM_SharedFail)->ThreadRange(1, 8)->UseRealTime();
BENCHMARK(BM_SharedSucceed)->ThreadRange(1, 8)->UseRealTime();
BENCHMARK(BM_OwnConnFail)->ThreadRange(1, 8)->UseRealTime();
BENCHMARK(BM_OwnConnSucceed)->ThreadRange(1, 8)->UseRealTime();
BENCHMARK(BM_ListAll1000);
BENCHMARK(BM_LookupAmong1000);
BENCHMARK_MAIN();
