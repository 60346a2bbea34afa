// SPDX-License-Identifier: LGPL-2.1-or-later
// The C++ API against the C call it wraps, success and failure paths, in one
// run: the C++ layer should add no measurable cost (issue 22: within 5 %).
#include <benchmark/benchmark.h>

#include <virtkit/virtkit.hpp>

#include <cstdlib>
#include <cstring>

namespace {

void quiet(void *, virErrorPtr) {}

virConnectPtr conn() {
  static virConnectPtr c = [] {
    virSetErrorFunc(nullptr, quiet);
    return virConnectOpen("test:///default");
  }();
  return c;
}

const virtkit::Connection &cxx_conn() {
  static virtkit::Connection c(virtkit::Connection::add_ref(conn()));
  return c;
}

// Success: a lookup returning a handle, then its release.
void BM_C_LookupHit(benchmark::State &st) {
  for (auto _ : st) {
    virDomainPtr d = virDomainLookupByName(conn(), "test");
    benchmark::DoNotOptimize(d);
    virDomainFree(d);
  }
}
void BM_Cxx_LookupHit(benchmark::State &st) {
  for (auto _ : st) {
    auto d = virtkit::Domain::try_lookup_by_name(cxx_conn(), "test");
    benchmark::DoNotOptimize(d);
  }
}

// Failure: the lookup fails; the caller reads the code and the message.
void BM_C_LookupMiss(benchmark::State &st) {
  for (auto _ : st) {
    virDomainPtr d = virDomainLookupByName(conn(), "nosuch");
    const virError *e = virGetLastError();
    benchmark::DoNotOptimize(d);
    benchmark::DoNotOptimize(e->code);
    benchmark::DoNotOptimize(std::strlen(e->message));
  }
}
// The same, keeping the error beyond the next call, as the C++ form does.
void BM_C_LookupMissKept(benchmark::State &st) {
  for (auto _ : st) {
    virDomainPtr d = virDomainLookupByName(conn(), "nosuch");
    virErrorPtr e = virSaveLastError();
    benchmark::DoNotOptimize(d);
    benchmark::DoNotOptimize(e->code);
    benchmark::DoNotOptimize(std::strlen(e->message));
    virFreeError(e);
  }
}
void BM_Cxx_LookupMiss(benchmark::State &st) {
  for (auto _ : st) {
    auto d = virtkit::Domain::try_lookup_by_name(cxx_conn(), "nosuch");
    benchmark::DoNotOptimize(d.error().code());
    benchmark::DoNotOptimize(d.error().message()->size());
  }
}

// Success of a call returning a struct.
void BM_C_Info(benchmark::State &st) {
  virDomainPtr d = virDomainLookupByName(conn(), "test");
  for (auto _ : st) {
    virDomainInfo info;
    benchmark::DoNotOptimize(virDomainGetInfo(d, &info));
    benchmark::DoNotOptimize(info);
  }
  virDomainFree(d);
}
void BM_Cxx_Info(benchmark::State &st) {
  auto d = virtkit::Domain::lookup_by_name(cxx_conn(), "test");
  for (auto _ : st) {
    auto info = d.try_info();
    benchmark::DoNotOptimize(info);
  }
}

// Success of a call returning an allocated string.
void BM_C_XmlDesc(benchmark::State &st) {
  virDomainPtr d = virDomainLookupByName(conn(), "test");
  for (auto _ : st) {
    char *x = virDomainGetXMLDesc(d, 0);
    benchmark::DoNotOptimize(x);
    std::free(x);
  }
  virDomainFree(d);
}
void BM_Cxx_XmlDesc(benchmark::State &st) {
  auto d = virtkit::Domain::lookup_by_name(cxx_conn(), "test");
  for (auto _ : st) {
    auto x = d.try_xml();
    benchmark::DoNotOptimize(x);
  }
}

BENCHMARK(BM_C_LookupHit);
BENCHMARK(BM_Cxx_LookupHit);
BENCHMARK(BM_C_LookupMiss);
BENCHMARK(BM_C_LookupMissKept);
BENCHMARK(BM_Cxx_LookupMiss);
BENCHMARK(BM_C_Info);
BENCHMARK(BM_Cxx_Info);
BENCHMARK(BM_C_XmlDesc);
BENCHMARK(BM_Cxx_XmlDesc);

}  // namespace

BENCHMARK_MAIN();
