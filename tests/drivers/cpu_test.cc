// SPDX-License-Identifier: LGPL-2.1-or-later
// CPU models of the test driver through the public C API:
// virConnectGetCPUModelNames and virConnectBaselineCPU. Expected values are
// what Debian's libvirt 9.0.0 gives for the same calls; the file uses only
// the public API, so it also builds against that libvirt to check them:
//   g++ -std=c++20 tests/drivers/cpu_test.cc $(pkg-config --cflags --libs libvirt)
//       -lgtest -lgtest_main -lpthread
#include <libvirt/libvirt.h>

#include "default_uri.h"
#include <libvirt/virterror.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

namespace {

class Cpu : public ::testing::Test {
 protected:
  void SetUp() override {
    conn = virConnectOpen(default_uri());
    ASSERT_NE(conn, nullptr);
  }
  void TearDown() override {
    if (conn) virConnectClose(conn);
  }

  // The baseline of `cpus`, or "" on failure.
  std::string baseline(const std::vector<std::string> &cpus, unsigned flags = 0) {
    std::vector<const char *> p;
    for (const std::string &c : cpus) p.push_back(c.c_str());
    const char *none = nullptr;  // an empty list is still a non-null array
    char *r = virConnectBaselineCPU(conn, p.empty() ? &none : p.data(),
                                    static_cast<unsigned>(p.size()), flags);
    if (!r) return "";
    std::string out = r;
    free(r);
    return out;
  }

  // The baseline must fail with libvirt's error.
  void expect_failure(const std::vector<std::string> &cpus, int code, int domain,
                      const std::string &message, unsigned flags = 0) {
    EXPECT_EQ(baseline(cpus, flags), "");
    virErrorPtr err = virGetLastError();
    ASSERT_NE(err, nullptr);
    EXPECT_EQ(err->code, code);
    EXPECT_EQ(err->domain, domain);
    EXPECT_EQ(err->level, VIR_ERR_ERROR);
    EXPECT_EQ(std::string(err->message ? err->message : "(null)"), message);
  }

  std::vector<std::string> models(const char *arch, int *n) {
    char **names = nullptr;
    *n = virConnectGetCPUModelNames(conn, arch, &names, 0);
    std::vector<std::string> out;
    if (*n < 0) return out;
    for (int i = 0; i < *n; i++) {
      out.push_back(names[i]);
      free(names[i]);
    }
    free(names);
    return out;
  }

  virConnectPtr conn = nullptr;
};

std::string host(const std::string &arch, const std::string &model, const std::string &vendor,
                 const std::vector<std::string> &features, const std::string &extra = "") {
  std::string x = "<cpu>\n  <arch>" + arch + "</arch>\n  <model>" + model + "</model>\n";
  if (!vendor.empty()) x += "  <vendor>" + vendor + "</vendor>\n";
  x += extra;
  for (const std::string &f : features) x += "  <feature name='" + f + "'/>\n";
  return x + "</cpu>\n";
}

const std::vector<std::string> kX86Models = {
    "486",
    "pentium",
    "pentium2",
    "pentium3",
    "pentiumpro",
    "coreduo",
    "n270",
    "core2duo",
    "qemu32",
    "kvm32",
    "cpu64-rhel5",
    "cpu64-rhel6",
    "qemu64",
    "kvm64",
    "Conroe",
    "Penryn",
    "Nehalem",
    "Nehalem-IBRS",
    "Westmere",
    "Westmere-IBRS",
    "SandyBridge",
    "SandyBridge-IBRS",
    "IvyBridge",
    "IvyBridge-IBRS",
    "Haswell-noTSX",
    "Haswell-noTSX-IBRS",
    "Haswell",
    "Haswell-IBRS",
    "Broadwell-noTSX",
    "Broadwell-noTSX-IBRS",
    "Broadwell",
    "Broadwell-IBRS",
    "Skylake-Client",
    "Skylake-Client-IBRS",
    "Skylake-Client-noTSX-IBRS",
    "Skylake-Server",
    "Skylake-Server-IBRS",
    "Skylake-Server-noTSX-IBRS",
    "Cascadelake-Server",
    "Cascadelake-Server-noTSX",
    "Icelake-Client",
    "Icelake-Client-noTSX",
    "Icelake-Server",
    "Icelake-Server-noTSX",
    "Cooperlake",
    "Snowridge",
    "athlon",
    "phenom",
    "Opteron_G1",
    "Opteron_G2",
    "Opteron_G3",
    "Opteron_G4",
    "Opteron_G5",
    "EPYC",
    "EPYC-IBPB",
    "EPYC-Rome",
    "EPYC-Milan",
    "Dhyana",
};

TEST_F(Cpu, ModelNamesX86) {
  int n = 0;
  EXPECT_EQ(models("x86_64", &n), kX86Models);
  EXPECT_EQ(n, 58);
  EXPECT_EQ(models("i686", &n), kX86Models);
  EXPECT_EQ(virConnectGetCPUModelNames(conn, "x86_64", nullptr, 0), 58);
}

TEST_F(Cpu, ModelNamesPpc64) {
  const std::vector<std::string> ppc = {"POWER6",  "POWER7",        "POWER8",       "POWER9",
                                        "POWER10", "POWERPC_e5500", "POWERPC_e6500"};
  int n = 0;
  EXPECT_EQ(models("ppc64", &n), ppc);
  EXPECT_EQ(models("ppc64le", &n), ppc);
  EXPECT_EQ(n, 7);
}

TEST_F(Cpu, ModelNamesAnyAccepted) {
  for (const char *arch : {"aarch64", "armv7l", "armv6l", "s390x", "s390"}) {
    char **names = reinterpret_cast<char **>(1);
    EXPECT_EQ(virConnectGetCPUModelNames(conn, arch, &names, 0), 0) << arch;
    EXPECT_EQ(names, nullptr) << arch;
  }
}

TEST_F(Cpu, ModelNamesErrors) {
  char **names = nullptr;
  EXPECT_EQ(virConnectGetCPUModelNames(conn, "foo", &names, 0), -1);
  virErrorPtr err = virGetLastError();
  ASSERT_NE(err, nullptr);
  EXPECT_EQ(err->code, VIR_ERR_INVALID_ARG);
  EXPECT_EQ(err->domain, VIR_FROM_TEST);
  EXPECT_STREQ(err->message, "invalid argument: cannot find architecture foo");

  EXPECT_EQ(virConnectGetCPUModelNames(conn, "riscv64", &names, 0), -1);
  err = virGetLastError();
  ASSERT_NE(err, nullptr);
  EXPECT_EQ(err->code, VIR_ERR_NO_SUPPORT);
  EXPECT_EQ(err->domain, VIR_FROM_CPU);
  EXPECT_STREQ(err->message,
               "this function is not supported by the connection driver: 'riscv64' architecture "
               "is not supported by CPU driver");

  EXPECT_EQ(virConnectGetCPUModelNames(conn, "x86_64", &names, 1), -1);
  err = virGetLastError();
  ASSERT_NE(err, nullptr);
  EXPECT_EQ(err->code, VIR_ERR_INVALID_ARG);
  EXPECT_STREQ(err->message, "unsupported flags (0x1) in function testConnectGetCPUModelNames");
}

TEST_F(Cpu, BaselineTwoIntelGenerations) {
  std::vector<std::string> cpus = {
      host("x86_64", "SandyBridge", "Intel", {"vme", "ss", "pcid"}),
      host("x86_64", "Skylake-Client", "Intel", {"vme", "ss", "pcid", "hypervisor"})};
  EXPECT_EQ(baseline(cpus),
            "<cpu mode='custom' match='exact'>\n"
            "  <model fallback='allow'>SandyBridge</model>\n"
            "  <vendor>Intel</vendor>\n"
            "  <feature policy='require' name='vme'/>\n"
            "  <feature policy='require' name='ss'/>\n"
            "  <feature policy='require' name='pcid'/>\n"
            "</cpu>\n");
  std::string expanded = baseline(cpus, VIR_CONNECT_BASELINE_CPU_EXPAND_FEATURES);
  std::string want =
      "<cpu mode='custom' match='exact'>\n"
      "  <model fallback='allow'>SandyBridge</model>\n"
      "  <vendor>Intel</vendor>\n";
  for (const char *f : {"aes",      "apic", "avx",          "clflush", "cmov",   "cx16",   "cx8",
                        "de",       "fpu",  "fxsr",         "lahf_lm", "lm",     "mca",    "mce",
                        "mmx",      "msr",  "mtrr",         "nx",      "pae",    "pat",    "pcid",
                        "pclmuldq", "pge",  "pni",          "popcnt",  "pse",    "pse36",  "rdtscp",
                        "sep",      "ss",   "sse",          "sse2",    "sse4.1", "sse4.2", "ssse3",
                        "syscall",  "tsc",  "tsc-deadline", "vme",     "x2apic", "xsave"})
    want += std::string("  <feature policy='require' name='") + f + "'/>\n";
  EXPECT_EQ(expanded, want + "</cpu>\n");
}

TEST_F(Cpu, BaselineSingleHostForbidsFallback) {
  EXPECT_EQ(baseline({host("x86_64", "Haswell-noTSX", "Intel", {"vme", "ds", "pdcm", "abm"},
                           "  <topology sockets='1' cores='4' threads='2'/>\n")}),
            "<cpu mode='custom' match='exact'>\n"
            "  <model fallback='forbid'>Haswell-noTSX</model>\n"
            "  <vendor>Intel</vendor>\n"
            "  <feature policy='require' name='vme'/>\n"
            "  <feature policy='require' name='ds'/>\n"
            "  <feature policy='require' name='pdcm'/>\n"
            "  <feature policy='require' name='abm'/>\n"
            "</cpu>\n");
}

TEST_F(Cpu, BaselineAmdDisablesRemovedFeature) {
  std::vector<std::string> cpus = {host("x86_64", "EPYC-Rome", "AMD", {"x2apic", "tsc-deadline"}),
                                   host("x86_64", "Opteron_G3", "AMD", {"svm"})};
  EXPECT_EQ(baseline(cpus),
            "<cpu mode='custom' match='exact'>\n"
            "  <model fallback='allow'>Opteron_G3</model>\n"
            "  <vendor>AMD</vendor>\n"
            "  <feature policy='disable' name='monitor'/>\n"
            "</cpu>\n");
  std::string expanded = baseline(cpus, VIR_CONNECT_BASELINE_CPU_EXPAND_FEATURES);
  EXPECT_NE(expanded.find("  <feature policy='disable' name='monitor'/>\n"
                          "  <feature policy='require' name='msr'/>\n"),
            std::string::npos);
}

TEST_F(Cpu, BaselineTsxAndVendors) {
  EXPECT_EQ(baseline({host("x86_64", "Haswell", "Intel", {}),
                      host("x86_64", "Haswell-noTSX", "Intel", {})}),
            "<cpu mode='custom' match='exact'>\n"
            "  <model fallback='allow'>Haswell-noTSX</model>\n"
            "  <vendor>Intel</vendor>\n"
            "</cpu>\n");
  // One host without a vendor: no vendor in the result.
  EXPECT_EQ(baseline({host("x86_64", "Haswell", "Intel", {}), host("x86_64", "Broadwell", "", {})}),
            "<cpu mode='custom' match='exact'>\n"
            "  <model fallback='allow'>Haswell</model>\n"
            "</cpu>\n");
  // Models of both vendors without vendor elements.
  EXPECT_EQ(baseline({host("x86_64", "Haswell", "", {}), host("x86_64", "EPYC", "", {})}),
            "<cpu mode='custom' match='exact'>\n"
            "  <model fallback='allow'>kvm64</model>\n"
            "  <feature policy='require' name='pclmuldq'/>\n"
            "  <feature policy='require' name='ssse3'/>\n"
            "  <feature policy='require' name='fma'/>\n"
            "  <feature policy='require' name='sse4.1'/>\n"
            "  <feature policy='require' name='sse4.2'/>\n"
            "  <feature policy='require' name='movbe'/>\n"
            "  <feature policy='require' name='popcnt'/>\n"
            "  <feature policy='require' name='aes'/>\n"
            "  <feature policy='require' name='xsave'/>\n"
            "  <feature policy='require' name='avx'/>\n"
            "  <feature policy='require' name='fsgsbase'/>\n"
            "  <feature policy='require' name='bmi1'/>\n"
            "  <feature policy='require' name='avx2'/>\n"
            "  <feature policy='require' name='smep'/>\n"
            "  <feature policy='require' name='bmi2'/>\n"
            "  <feature policy='require' name='rdtscp'/>\n"
            "  <feature policy='require' name='lahf_lm'/>\n"
            "</cpu>\n");
  EXPECT_EQ(baseline({host("i686", "pentium3", "", {}), host("x86_64", "Westmere", "", {})}),
            "<cpu mode='custom' match='exact'>\n"
            "  <model fallback='allow'>pentium3</model>\n"
            "  <feature policy='disable' name='vme'/>\n"
            "</cpu>\n");
}

TEST_F(Cpu, BaselineOtherArchitectures) {
  EXPECT_EQ(baseline({host("ppc64", "POWER8", "", {})}),
            "<cpu mode='custom' match='exact'>\n"
            "  <model fallback='forbid'>POWER8</model>\n"
            "</cpu>\n");
  EXPECT_EQ(baseline({host("aarch64", "cortex-a57", "", {})}),
            "<cpu mode='custom' match='exact'>\n"
            "  <model fallback='allow'>cortex-a57</model>\n"
            "</cpu>\n");
  expect_failure({host("ppc64", "POWER8", "", {}), host("ppc64", "POWER9", "", {})},
                 VIR_ERR_OPERATION_FAILED, VIR_FROM_CPU, "operation failed: CPUs are incompatible");
  expect_failure({host("ppc64", "POWER8", "Freescale", {})}, VIR_ERR_OPERATION_FAILED, VIR_FROM_CPU,
                 "operation failed: CPU vendor IBM of model POWER8 differs from vendor Freescale");
  expect_failure({host("s390x", "z13", "", {})}, VIR_ERR_NO_SUPPORT, VIR_FROM_CPU,
                 "this function is not supported by the connection driver: cannot compute "
                 "baseline CPU of s390x architecture");
  expect_failure({host("riscv64", "x", "", {})}, VIR_ERR_NO_SUPPORT, VIR_FROM_CPU,
                 "this function is not supported by the connection driver: 'riscv64' "
                 "architecture is not supported by CPU driver");
}

TEST_F(Cpu, BaselineX86Errors) {
  expect_failure({}, VIR_ERR_INVALID_ARG, VIR_FROM_CPU, "invalid argument: no CPUs given");
  expect_failure({host("x86_64", "Haswell", "Intel", {}), host("x86_64", "EPYC", "AMD", {})},
                 VIR_ERR_OPERATION_FAILED, VIR_FROM_CPU,
                 "operation failed: CPU vendors do not match");
  expect_failure({host("x86_64", "Haswell", "Intel", {}), host("x86_64", "EPYC", "Intel", {})},
                 VIR_ERR_OPERATION_FAILED, VIR_FROM_CPU,
                 "operation failed: CPU vendor AMD of model EPYC differs from vendor Intel");
  expect_failure({host("x86_64", "Foo", "", {})}, VIR_ERR_INTERNAL_ERROR, VIR_FROM_CPU,
                 "internal error: Unknown CPU model Foo");
  expect_failure({host("x86_64", "Haswell", "Intel", {"bogus"})}, VIR_ERR_INTERNAL_ERROR,
                 VIR_FROM_CPU, "internal error: Unknown CPU feature bogus");
  expect_failure({host("x86_64", "Haswell", "Foo", {})}, VIR_ERR_OPERATION_FAILED, VIR_FROM_CPU,
                 "operation failed: Unknown CPU vendor Foo");
  expect_failure({host("x86_64", "Haswell", "Intel", {}), host("x86_64", "Haswell", "", {})},
                 VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
                 "unsupported flags (0x2) in function testConnectBaselineCPU", 2);
}

TEST_F(Cpu, BaselineNullOrEmptyDocument) {
  const char *null_doc[] = {nullptr};
  EXPECT_EQ(virConnectBaselineCPU(conn, null_doc, 1, 0), nullptr);
  virErrorPtr err = virGetLastError();
  ASSERT_NE(err, nullptr);
  EXPECT_EQ(err->code, VIR_ERR_XML_ERROR);
  EXPECT_EQ(err->domain, VIR_FROM_CPU);
  EXPECT_STREQ(err->message, "XML error: failed to parse xml document '(CPU_definition)'");
  expect_failure({""}, VIR_ERR_XML_DETAIL, VIR_FROM_CPU,
                 "(CPU_definition):1: Document is empty\n(null)\n^");
}

TEST_F(Cpu, BaselineXmlErrors) {
  expect_failure({"<cpu"}, VIR_ERR_XML_DETAIL, VIR_FROM_CPU,
                 "(CPU_definition):1: Couldn't find end of Start Tag cpu line 1\n<cpu\n----^");
  expect_failure({"<foo/>"}, VIR_ERR_XML_ERROR, VIR_FROM_CPU,
                 "XML error: XML does not contain expected 'cpu' element");
  expect_failure({"<cpu><model>Haswell</model></cpu>"}, VIR_ERR_XML_ERROR, VIR_FROM_CPU,
                 "XML error: Missing CPU architecture");
  expect_failure({"<cpu><arch>foo</arch><model>Haswell</model></cpu>"}, VIR_ERR_CONFIG_UNSUPPORTED,
                 VIR_FROM_CPU, "unsupported configuration: Unknown architecture foo");
  expect_failure({"<cpu><arch>x86_64</arch></cpu>"}, VIR_ERR_XML_ERROR, VIR_FROM_CPU,
                 "XML error: Missing CPU model name");
  expect_failure({host("x86_64", "Haswell", "Intel", {"vme", "vme"})}, VIR_ERR_XML_ERROR,
                 VIR_FROM_CPU, "XML error: CPU feature 'vme' specified more than once");
  expect_failure({host("x86_64", "Haswell", "Intel", {""})}, VIR_ERR_XML_ERROR, VIR_FROM_CPU,
                 "XML error: Invalid CPU feature name");
  expect_failure({"<cpu mode='custom'><arch>x86_64</arch><model>Haswell</model></cpu>"},
                 VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_CPU,
                 "unsupported configuration: Attribute mode is only allowed for guest CPU");
  expect_failure(
      {host("x86_64", "Haswell", "", {}, "  <signature family='0' model='1' stepping='2'/>\n")},
      VIR_ERR_XML_ERROR, VIR_FROM_XML,
      "XML error: Invalid value for attribute 'family' in element 'signature': Zero is "
      "not permitted");
  expect_failure({host("x86_64", "Haswell", "", {}, "  <signature family='6' stepping='2'/>\n")},
                 VIR_ERR_XML_ERROR, VIR_FROM_XML,
                 "XML error: Missing required attribute 'model' in element 'signature'");
  expect_failure(
      {host("x86_64", "Haswell", "", {}, "  <topology sockets='0' cores='1' threads='1'/>\n")},
      VIR_ERR_XML_ERROR, VIR_FROM_XML,
      "XML error: Invalid value for attribute 'sockets' in element 'topology': Zero is "
      "not permitted");
}

}  // namespace
