// SPDX-License-Identifier: LGPL-2.1-or-later
// Domain XML throughput: the largest domains of libvirt 9.0.0's own XML
// corpus defined, dumped and undefined on test:///default, and the memory a
// defined domain costs. Built against virtkit and against Debian's libvirt
// from this one source; bench/compare passes both the same file list
// (VIRTKIT_BENCH_XML_LIST: one path per line), which it picks among the
// corpus files Debian's libvirt accepts.
#include <benchmark/benchmark.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

void quiet(void *, virErrorPtr) {}

const std::vector<std::string> &documents() {
  static const std::vector<std::string> docs = [] {
    std::vector<std::string> out;
    const char *list = std::getenv("VIRTKIT_BENCH_XML_LIST");
    if (!list) return out;
    std::ifstream in(list);
    for (std::string path; std::getline(in, path);) {
      std::ifstream f(path);
      std::stringstream text;
      text << f.rdbuf();
      if (!text.str().empty()) out.push_back(text.str());
    }
    return out;
  }();
  return docs;
}

virConnectPtr open_conn() {
  virSetErrorFunc(nullptr, quiet);
  virConnectPtr c = virConnectOpen("test:///default");
  if (!c) std::abort();
  return c;
}

// Bytes of heap in use (both libraries allocate through malloc).
double heap_kib() {
  return static_cast<double>(mallinfo2().uordblks) / 1024.0;
}

// Define, dump (inactive) and undefine every document once per iteration.
void BM_DefineDumpUndefine(benchmark::State &st) {
  const auto &docs = documents();
  if (docs.empty()) {
    st.SkipWithError("VIRTKIT_BENCH_XML_LIST names no documents");
    return;
  }
  virConnectPtr conn = open_conn();
  size_t failed = 0;
  for (auto _ : st) {
    for (const std::string &xml : docs) {
      virDomainPtr d = virDomainDefineXML(conn, xml.c_str());
      if (!d) {
        failed++;
        continue;
      }
      char *out = virDomainGetXMLDesc(d, VIR_DOMAIN_XML_INACTIVE);
      benchmark::DoNotOptimize(out);
      std::free(out);
      virDomainUndefine(d);
      virDomainFree(d);
    }
  }
  st.SetItemsProcessed(static_cast<int64_t>(st.iterations() * docs.size()));
  st.counters["documents"] = static_cast<double>(docs.size());
  st.counters["refused"] = static_cast<double>(failed / std::max<size_t>(1, st.iterations()));
  virConnectClose(conn);
}
BENCHMARK(BM_DefineDumpUndefine)->Unit(benchmark::kMillisecond);

// The heap each defined domain holds, all documents defined at once
// on a fresh connection (reported as a counter, KiB per domain).
void BM_MemoryPerDomain(benchmark::State &st) {
  const auto &docs = documents();
  if (docs.empty()) {
    st.SkipWithError("VIRTKIT_BENCH_XML_LIST names no documents");
    return;
  }
  double per_domain = 0;
  for (auto _ : st) {
    virConnectPtr conn = open_conn();
    double before = heap_kib();
    std::vector<virDomainPtr> defined;
    for (const std::string &xml : docs)
      if (virDomainPtr d = virDomainDefineXML(conn, xml.c_str())) defined.push_back(d);
    double after = heap_kib();
    if (!defined.empty()) per_domain = (after - before) / static_cast<double>(defined.size());
    for (virDomainPtr d : defined) {
      virDomainUndefine(d);
      virDomainFree(d);
    }
    virConnectClose(conn);
  }
  st.counters["KiB_per_domain"] = per_domain;
}
BENCHMARK(BM_MemoryPerDomain)->Iterations(3)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
