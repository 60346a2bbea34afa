// SPDX-License-Identifier: LGPL-2.1-or-later
// The test driver's save images, managed save, core dumps and screenshots
// through the public C API. Expected values are what Debian's libvirt 9.0.0
// gives for the same calls; the file uses nothing but the public API, so it
// also builds against that libvirt to check them:
//   g++ -std=c++20 -DVIRTKIT_FIXTURES_DIR='"tests/fixtures"'
//       tests/drivers/save_test.cc $(pkg-config --cflags --libs libvirt)
//       -lgtest -lgtest_main -lpthread
#include <libvirt/libvirt.h>

#include "default_uri.h"
#include <libvirt/virterror.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace {

struct Expected {
  int code;
  int domain;
  std::string message;
  std::string str1;
  std::string str2;
  int int1;
  int int2;
};

std::string s(const char *p) {
  return p ? p : "(null)";
}

void expect_error(const Expected &e) {
  virErrorPtr err = virGetLastError();
  ASSERT_NE(err, nullptr);
  EXPECT_EQ(err->code, e.code);
  EXPECT_EQ(err->domain, e.domain);
  EXPECT_EQ(err->level, VIR_ERR_ERROR);
  EXPECT_EQ(s(err->message), e.message);
  EXPECT_EQ(s(err->str1), e.str1);
  EXPECT_EQ(s(err->str2), e.str2);
  EXPECT_EQ(err->str3, nullptr);
  EXPECT_EQ(err->int1, e.int1);
  EXPECT_EQ(err->int2, e.int2);
}

// virReportError with a detail: str1 the catalogue template, str2 the detail.
Expected detail(int code, int domain, const std::string &tmpl, const std::string &det) {
  std::string msg = tmpl;
  auto pos = msg.find("%s");
  if (pos != std::string::npos) msg.replace(pos, 2, det);
  return {code, domain, msg, tmpl, det, -1, -1};
}

// virReportSystemError: "<detail>: <strerror>", int1 the errno.
Expected system(int domain, const std::string &det, int errnum) {
  std::string full = det + ": " + std::strerror(errnum);
  return {VIR_ERR_SYSTEM_ERROR, domain, full, "%s", full, errnum, -1};
}

Expected bad_flags(int domain, const char *func, unsigned flags) {
  char msg[200];
  std::snprintf(msg, sizeof msg, "unsupported flags (0x%x) in function %s", flags, func);
  return {VIR_ERR_INVALID_ARG, domain, msg, func, "flags", 0, 0};
}

Expected not_running() {
  return detail(VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN, "Requested operation is not valid: %s",
                "domain is not running");
}

void quiet(void *, virErrorPtr) {}

std::string read_file(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_file(const std::string &path, const std::string &data) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << data;
}

bool exists(const std::string &path) {
  struct stat sb;
  return stat(path.c_str(), &sb) == 0;
}

const std::string kMagic("TestGuestMagic\0", 15);

std::string image(int len, const std::string &xml) {
  std::string out = kMagic;
  out.append(reinterpret_cast<const char *>(&len), sizeof len);
  return out + xml;
}

const char *const kTransient =
    "<domain type='test'><name>tr</name><memory>1024</memory>"
    "<os><type>hvm</type></os></domain>";

class Save : public ::testing::Test {
 protected:
  void SetUp() override {
    virSetErrorFunc(nullptr, quiet);
    char tmpl[] = "/tmp/virtkit-save-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    conn_ = virConnectOpen(default_uri());
    ASSERT_NE(conn_, nullptr);
    dom_ = virDomainLookupByName(conn_, "test");
    ASSERT_NE(dom_, nullptr);
  }
  void TearDown() override {
    if (dom_) virDomainFree(dom_);
    if (conn_) {
      EXPECT_EQ(virConnectClose(conn_), 0);
    }
    std::string cmd = "rm -rf '" + dir_ + "'";
    EXPECT_EQ(std::system(cmd.c_str()), 0);
  }

  std::string path(const std::string &name) const { return dir_ + "/" + name; }

  std::pair<int, int> state(virDomainPtr d) {
    int st = -1, why = -1;
    EXPECT_EQ(virDomainGetState(d, &st, &why, 0), 0);
    return {st, why};
  }

  // An image with `data` as its contents, restoring which fails.
  void expect_bad_image(const std::string &name, const std::string &data, const Expected &e) {
    SCOPED_TRACE(name);
    std::string p = path(name);
    write_file(p, data);
    // A short read reports whatever errno was (libvirt's saferead leaves it).
    errno = 0;
    EXPECT_EQ(virDomainRestore(conn_, p.c_str()), -1);
    expect_error(e);
    errno = 0;
    EXPECT_EQ(virDomainSaveImageGetXMLDesc(conn_, p.c_str(), 0), nullptr);
    expect_error(e);
    errno = 0;
    EXPECT_EQ(virDomainSaveImageDefineXML(conn_, p.c_str(), "<domain/>", 0), -1);
    expect_error(e);
  }

  std::string dir_;
  virConnectPtr conn_ = nullptr;
  virDomainPtr dom_ = nullptr;
};

// ---- save and restore ----

TEST_F(Save, SaveWritesTheImageAndStopsTheDomain) {
  std::string p = path("test.save");
  char *live = virDomainGetXMLDesc(dom_, VIR_DOMAIN_XML_SECURE);
  ASSERT_NE(live, nullptr);
  ASSERT_EQ(virDomainSave(dom_, p.c_str()), 0);
  // The magic and its NUL, the XML's length, the live XML (with its id).
  std::string img = read_file(p);
  EXPECT_EQ(img, image(static_cast<int>(std::strlen(live)), live));
  std::free(live);
  struct stat sb;
  ASSERT_EQ(stat(p.c_str(), &sb), 0);
  EXPECT_EQ(sb.st_mode & 0777, 0600u);
  EXPECT_EQ(state(dom_), std::make_pair(static_cast<int>(VIR_DOMAIN_SHUTOFF),
                                        static_cast<int>(VIR_DOMAIN_SHUTOFF_SAVED)));
  EXPECT_EQ(virDomainGetID(dom_), static_cast<unsigned>(-1));
  EXPECT_EQ(virDomainIsPersistent(dom_), 1);
  EXPECT_EQ(virDomainHasManagedSaveImage(dom_, 0), 0);

  // Saving again: the domain is not running.
  EXPECT_EQ(virDomainSave(dom_, p.c_str()), -1);
  expect_error(not_running());

  // Restoring starts it again, with a new id.
  ASSERT_EQ(virDomainRestore(conn_, p.c_str()), 0);
  virDomainPtr d = virDomainLookupByName(conn_, "test");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(state(d), std::make_pair(static_cast<int>(VIR_DOMAIN_RUNNING),
                                     static_cast<int>(VIR_DOMAIN_RUNNING_RESTORED)));
  EXPECT_EQ(virDomainGetID(d), 2u);
  EXPECT_EQ(virDomainIsPersistent(d), 1);
  // Twice: it is running now.
  EXPECT_EQ(virDomainRestore(conn_, p.c_str()), -1);
  expect_error(detail(VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN,
                      "Requested operation is not valid: %s", "domain 'test' is already active"));
  virDomainFree(d);
}

TEST_F(Save, SaveFlagsAndRestoreFlags) {
  std::string p = path("flags.save");
  EXPECT_EQ(virDomainSaveFlags(dom_, p.c_str(), nullptr, VIR_DOMAIN_SAVE_BYPASS_CACHE), -1);
  expect_error(bad_flags(VIR_FROM_TEST, "testDomainSaveFlags", VIR_DOMAIN_SAVE_BYPASS_CACHE));
  EXPECT_EQ(virDomainSaveFlags(dom_, p.c_str(), "<domain/>", 0), -1);
  expect_error(detail(VIR_ERR_ARGUMENT_UNSUPPORTED, VIR_FROM_TEST, "argument unsupported: %s",
                      "xml modification unsupported"));
  EXPECT_FALSE(exists(p));
  ASSERT_EQ(virDomainSaveFlags(dom_, p.c_str(), nullptr, 0), 0);

  EXPECT_EQ(virDomainRestoreFlags(conn_, p.c_str(), nullptr, VIR_DOMAIN_SAVE_BYPASS_CACHE), -1);
  expect_error(bad_flags(VIR_FROM_TEST, "testDomainRestoreFlags", VIR_DOMAIN_SAVE_BYPASS_CACHE));
  EXPECT_EQ(virDomainRestoreFlags(conn_, p.c_str(), "<domain/>", 0), -1);
  expect_error(detail(VIR_ERR_ARGUMENT_UNSUPPORTED, VIR_FROM_TEST, "argument unsupported: %s",
                      "xml modification unsupported"));
  ASSERT_EQ(virDomainRestoreFlags(conn_, p.c_str(), nullptr, 0), 0);
  EXPECT_EQ(virDomainIsActive(dom_), 1);
}

TEST_F(Save, SaveFailures) {
  EXPECT_EQ(virDomainSave(dom_, "/nonexistent/dir/file"), -1);
  expect_error(system(VIR_FROM_TEST, "saving domain 'test' to '/nonexistent/dir/file': open failed",
                      ENOENT));
  EXPECT_EQ(virDomainIsActive(dom_), 1);
  EXPECT_EQ(virDomainSave(dom_, nullptr), -1);
  expect_error({VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN, "to in virDomainSave must not be NULL",
                "virDomainSave", "to", 0, 0});
}

TEST_F(Save, TransientDomainGoesAwayWhenSaved) {
  virDomainPtr t = virDomainCreateXML(conn_, kTransient, 0);
  ASSERT_NE(t, nullptr);
  std::string p = path("tr.save");
  ASSERT_EQ(virDomainSave(t, p.c_str()), 0);
  EXPECT_EQ(virDomainLookupByName(conn_, "tr"), nullptr);
  expect_error(
      {VIR_ERR_NO_DOMAIN, VIR_FROM_TEST, "Domain not found", "Domain not found", "(null)", -1, -1});
  ASSERT_EQ(virDomainRestore(conn_, p.c_str()), 0);
  virDomainPtr back = virDomainLookupByName(conn_, "tr");
  ASSERT_NE(back, nullptr);
  EXPECT_EQ(virDomainIsPersistent(back), 0);
  EXPECT_EQ(state(back).first, VIR_DOMAIN_RUNNING);
  EXPECT_EQ(virDomainDestroy(back), 0);
  virDomainFree(back);
  virDomainFree(t);
}

TEST_F(Save, BadImages) {
  const std::string noent = path("nonexistent");
  EXPECT_EQ(virDomainRestore(conn_, noent.c_str()), -1);
  expect_error(system(VIR_FROM_TEST, "cannot read domain image '" + noent + "'", ENOENT));
  EXPECT_EQ(virDomainRestore(conn_, dir_.c_str()), -1);
  expect_error(system(VIR_FROM_TEST, "incomplete save header in '" + dir_ + "'", EISDIR));

  // Short reads report errno as it was: 0 ("Success") here.
  expect_bad_image("empty", "",
                   system(VIR_FROM_TEST, "incomplete save header in '" + path("empty") + "'", 0));
  expect_bad_image("short", "Test",
                   system(VIR_FROM_TEST, "incomplete save header in '" + path("short") + "'", 0));
  expect_bad_image("badmagic", std::string("XestGuestMagic\0abcd", 19),
                   detail(VIR_ERR_INTERNAL_ERROR, VIR_FROM_TEST, "internal error: %s",
                          "mismatched header magic"));
  expect_bad_image(
      "nolen", kMagic + "\1\0",
      system(VIR_FROM_TEST, "failed to read metadata length in '" + path("nolen") + "'", 0));
  Expected range = detail(VIR_ERR_INTERNAL_ERROR, VIR_FROM_TEST, "internal error: %s",
                          "length of metadata out of range");
  expect_bad_image("len0", image(0, ""), range);
  expect_bad_image("lenbig", image(8193, ""), range);
  expect_bad_image("lenneg", image(-5, ""), range);
  expect_bad_image("incomplete", image(100, "<domain"),
                   system(VIR_FROM_TEST, "incomplete metadata in '" + path("incomplete") + "'", 0));
  expect_bad_image("garbage", image(5, "hello"),
                   detail(VIR_ERR_XML_DETAIL, VIR_FROM_DOMAIN, "%s",
                          "(domain_definition):1: Start tag expected, '<' not found\nhello\n^"));
  expect_bad_image("noname", image(22, "<domain type='test'/>\n"),
                   {VIR_ERR_NO_NAME, VIR_FROM_DOMAIN, "missing name information",
                    "missing name information", "(null)", -1, -1});
}

// ---- the image's XML ----

TEST_F(Save, ImageXmlAndRedefinition) {
  std::string p = path("x.save");
  ASSERT_EQ(virDomainSave(dom_, p.c_str()), 0);
  char *inactive = virDomainGetXMLDesc(dom_, VIR_DOMAIN_XML_SECURE);
  ASSERT_NE(inactive, nullptr);
  char *xml = virDomainSaveImageGetXMLDesc(conn_, p.c_str(), 0);
  ASSERT_NE(xml, nullptr);
  // The image's definition, read as an inactive one (no id).
  EXPECT_EQ(s(xml), s(inactive));
  std::free(xml);
  xml = virDomainSaveImageGetXMLDesc(conn_, p.c_str(), VIR_DOMAIN_SAVE_IMAGE_XML_SECURE);
  ASSERT_NE(xml, nullptr);
  std::free(xml);
  std::free(inactive);
  EXPECT_EQ(virDomainSaveImageGetXMLDesc(conn_, p.c_str(), 2), nullptr);
  expect_error(bad_flags(VIR_FROM_TEST, "testDomainSaveImageGetXMLDesc", 2));

  const char *renamed =
      "<domain type='test'><name>tr2</name><uuid>588ddf86-abcf-4038-afa2-d8f91c6777c0</uuid>"
      "<memory>1024</memory><os><type>hvm</type></os></domain>";
  ASSERT_EQ(virDomainSaveImageDefineXML(conn_, p.c_str(), renamed, VIR_DOMAIN_SAVE_RUNNING), 0);
  xml = virDomainSaveImageGetXMLDesc(conn_, p.c_str(), 0);
  ASSERT_NE(xml, nullptr);
  EXPECT_EQ(s(xml),
            "<domain type='test'>\n"
            "  <name>tr2</name>\n"
            "  <uuid>588ddf86-abcf-4038-afa2-d8f91c6777c0</uuid>\n"
            "  <memory unit='KiB'>1024</memory>\n"
            "  <currentMemory unit='KiB'>1024</currentMemory>\n"
            "  <vcpu placement='static'>1</vcpu>\n"
            "  <os>\n"
            "    <type arch='i686'>hvm</type>\n"
            "    <boot dev='hd'/>\n"
            "  </os>\n"
            "  <clock offset='utc'/>\n"
            "  <on_poweroff>destroy</on_poweroff>\n"
            "  <on_reboot>restart</on_reboot>\n"
            "  <on_crash>destroy</on_crash>\n"
            "  <devices>\n"
            "  </devices>\n"
            "</domain>\n");
  std::free(xml);

  EXPECT_EQ(virDomainSaveImageDefineXML(conn_, p.c_str(), "<domain", 0), -1);
  expect_error(detail(VIR_ERR_XML_DETAIL, VIR_FROM_DOMAIN, "%s",
                      "(domain_definition):1: Couldn't find end of Start Tag domain line 1\n"
                      "<domain\n-------^"));
  EXPECT_EQ(virDomainSaveImageDefineXML(conn_, p.c_str(), "<domain/>", 0), -1);
  expect_error({VIR_ERR_NO_NAME, VIR_FROM_DOMAIN, "missing name information",
                "missing name information", "(null)", -1, -1});
  EXPECT_EQ(
      virDomainSaveImageDefineXML(conn_, p.c_str(), "<domain/>", VIR_DOMAIN_SAVE_BYPASS_CACHE), -1);
  expect_error(bad_flags(VIR_FROM_TEST, "testDomainSaveImageDefineXML", 1));

  // Restoring the redefined image makes a new (transient) domain.
  ASSERT_EQ(virDomainRestore(conn_, p.c_str()), 0);
  virDomainPtr d = virDomainLookupByName(conn_, "tr2");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(virDomainIsPersistent(d), 0);
  EXPECT_EQ(virDomainDestroy(d), 0);
  virDomainFree(d);
}

TEST_F(Save, ReadOnlyConnection) {
  virConnectPtr ro = virConnectOpenReadOnly(default_uri());
  ASSERT_NE(ro, nullptr);
  EXPECT_EQ(virDomainSaveImageGetXMLDesc(ro, "/tmp/x", 0), nullptr);
  expect_error({VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN,
                "operation forbidden: read only access prevents virDomainSaveImageGetXMLDesc",
                "operation forbidden: %s", "read only access prevents virDomainSaveImageGetXMLDesc",
                -1, -1});
  EXPECT_EQ(virConnectClose(ro), 0);
}

// ---- core dumps ----

TEST_F(Save, CoreDump) {
  std::string p = path("core");
  ASSERT_EQ(virDomainCoreDump(dom_, p.c_str(), 0), 0);
  EXPECT_EQ(read_file(p), kMagic);
  EXPECT_EQ(virDomainIsActive(dom_), 1);
  ASSERT_EQ(virDomainCoreDumpWithFormat(dom_, p.c_str(), VIR_DOMAIN_CORE_DUMP_FORMAT_RAW,
                                        VIR_DUMP_LIVE & 0),
            0);

  EXPECT_EQ(virDomainCoreDump(dom_, p.c_str(), VIR_DUMP_RESET), -1);
  expect_error(bad_flags(VIR_FROM_TEST, "testDomainCoreDumpWithFormat", VIR_DUMP_RESET));
  EXPECT_EQ(virDomainCoreDump(dom_, p.c_str(), VIR_DUMP_LIVE), -1);
  expect_error(bad_flags(VIR_FROM_TEST, "testDomainCoreDumpWithFormat", VIR_DUMP_LIVE));

  // A compressed format is refused, after the file is written.
  std::string p2 = path("core2");
  EXPECT_EQ(
      virDomainCoreDumpWithFormat(dom_, p2.c_str(), VIR_DOMAIN_CORE_DUMP_FORMAT_KDUMP_ZLIB, 0), -1);
  expect_error(detail(VIR_ERR_OPERATION_UNSUPPORTED, VIR_FROM_TEST, "Operation not supported: %s",
                      "kdump-compressed format is not supported here"));
  EXPECT_EQ(read_file(p2), kMagic);

  EXPECT_EQ(virDomainCoreDump(dom_, "/nonexistent/x", 0), -1);
  expect_error(
      system(VIR_FROM_TEST, "domain 'test' coredump: failed to open /nonexistent/x", ENOENT));

  // A crash dump stops the domain.
  ASSERT_EQ(virDomainCoreDump(dom_, p.c_str(), VIR_DUMP_CRASH), 0);
  EXPECT_EQ(state(dom_), std::make_pair(static_cast<int>(VIR_DOMAIN_SHUTOFF),
                                        static_cast<int>(VIR_DOMAIN_SHUTOFF_CRASHED)));
  std::string p3 = path("core3");
  EXPECT_EQ(virDomainCoreDump(dom_, p3.c_str(), 0), -1);
  expect_error(not_running());
  EXPECT_FALSE(exists(p3));
}

TEST_F(Save, CrashDumpRemovesTransientDomain) {
  virDomainPtr t = virDomainCreateXML(conn_, kTransient, 0);
  ASSERT_NE(t, nullptr);
  std::string p = path("trcore");
  ASSERT_EQ(virDomainCoreDump(t, p.c_str(), VIR_DUMP_CRASH), 0);
  EXPECT_EQ(virDomainLookupByName(conn_, "tr"), nullptr);
  virDomainFree(t);
}

// ---- managed save ----

TEST_F(Save, ManagedSave) {
  EXPECT_EQ(virDomainHasManagedSaveImage(dom_, 0), 0);
  ASSERT_EQ(virDomainManagedSave(dom_, VIR_DOMAIN_SAVE_BYPASS_CACHE), 0);
  EXPECT_EQ(state(dom_), std::make_pair(static_cast<int>(VIR_DOMAIN_SHUTOFF),
                                        static_cast<int>(VIR_DOMAIN_SHUTOFF_SAVED)));
  EXPECT_EQ(virDomainHasManagedSaveImage(dom_, 0), 1);
  virDomainPtr *list = nullptr;
  EXPECT_EQ(virConnectListAllDomains(conn_, &list, VIR_CONNECT_LIST_DOMAINS_MANAGEDSAVE), 1);
  for (int i = 0; list && list[i]; i++) virDomainFree(list[i]);
  std::free(list);

  EXPECT_EQ(virDomainManagedSave(dom_, 0), -1);
  expect_error(not_running());
  EXPECT_EQ(virDomainUndefine(dom_), -1);
  expect_error(detail(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST,
                      "Requested operation is not valid: %s",
                      "Refusing to undefine while domain managed save image exists"));

  // Starting the domain drops the image.
  ASSERT_EQ(virDomainCreate(dom_), 0);
  EXPECT_EQ(virDomainHasManagedSaveImage(dom_, 0), 0);

  ASSERT_EQ(virDomainManagedSave(dom_, 0), 0);
  EXPECT_EQ(virDomainManagedSaveRemove(dom_, 1), -1);
  expect_error(bad_flags(VIR_FROM_TEST, "testDomainManagedSaveRemove", 1));
  ASSERT_EQ(virDomainManagedSaveRemove(dom_, 0), 0);
  EXPECT_EQ(virDomainHasManagedSaveImage(dom_, 0), 0);
  ASSERT_EQ(virDomainManagedSaveRemove(dom_, 0), 0);
}

TEST_F(Save, ManagedSaveFailures) {
  EXPECT_EQ(virDomainManagedSave(dom_, 8), -1);
  expect_error(bad_flags(VIR_FROM_TEST, "testDomainManagedSave", 8));
  EXPECT_EQ(virDomainHasManagedSaveImage(dom_, 1), -1);
  expect_error(bad_flags(VIR_FROM_TEST, "testDomainHasManagedSaveImage", 1));
  EXPECT_EQ(virDomainManagedSave(dom_, VIR_DOMAIN_SAVE_RUNNING | VIR_DOMAIN_SAVE_PAUSED), -1);
  EXPECT_EQ(virGetLastErrorCode(), VIR_ERR_INVALID_ARG);

  virDomainPtr t = virDomainCreateXML(conn_, kTransient, 0);
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(virDomainManagedSave(t, 0), -1);
  expect_error(detail(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST,
                      "Requested operation is not valid: %s",
                      "cannot do managed save for transient domain"));
  EXPECT_EQ(virDomainManagedSaveRemove(t, 0), 0);
  EXPECT_EQ(virDomainDestroy(t), 0);
  EXPECT_EQ(virDomainHasManagedSaveImage(t, 0), -1);
  EXPECT_EQ(virGetLastErrorCode(), VIR_ERR_NO_DOMAIN);
  virDomainFree(t);

  // What libvirt's test driver lacks.
  EXPECT_EQ(virDomainManagedSaveGetXMLDesc(dom_, 0), nullptr);
  expect_error(detail(VIR_ERR_NO_SUPPORT, VIR_FROM_DOMAIN,
                      "this function is not supported by the connection driver: %s",
                      "virDomainManagedSaveGetXMLDesc"));
  EXPECT_EQ(virDomainManagedSaveDefineXML(dom_, "<domain/>", 0), -1);
  expect_error(detail(VIR_ERR_NO_SUPPORT, VIR_FROM_DOMAIN,
                      "this function is not supported by the connection driver: %s",
                      "virDomainManagedSaveDefineXML"));
}

// ---- lifecycle events ----

struct Seen {
  std::vector<std::pair<int, int>> events;
};

int on_lifecycle(virConnectPtr, virDomainPtr, int event, int detail, void *opaque) {
  static_cast<Seen *>(opaque)->events.emplace_back(event, detail);
  return 0;
}

void wake(int, void *) {}

// VIR_DOMAIN_EVENT_CALLBACK without -Wcast-function-type's complaint.
virConnectDomainEventGenericCallback generic(virConnectDomainEventCallback f) {
  return reinterpret_cast<virConnectDomainEventGenericCallback>(reinterpret_cast<void (*)()>(f));
}

TEST_F(Save, Events) {
  ASSERT_EQ(virEventRegisterDefaultImpl(), 0);
  static int ticker = virEventAddTimeout(10, wake, nullptr, nullptr);
  ASSERT_GE(ticker, 0);
  Seen seen;
  int id = virConnectDomainEventRegisterAny(conn_, nullptr, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                            generic(on_lifecycle), &seen, nullptr);
  ASSERT_GE(id, 0);
  std::string p = path("ev.save");
  ASSERT_EQ(virDomainSave(dom_, p.c_str()), 0);
  ASSERT_EQ(virDomainRestore(conn_, p.c_str()), 0);
  ASSERT_EQ(virDomainManagedSave(dom_, 0), 0);
  ASSERT_EQ(virDomainCreate(dom_), 0);
  ASSERT_EQ(virDomainCoreDump(dom_, p.c_str(), VIR_DUMP_CRASH), 0);
  // Delivered from the loop, never inside the calls.
  EXPECT_TRUE(seen.events.empty());
  auto start = std::chrono::steady_clock::now();
  while (seen.events.size() < 5 &&
         std::chrono::steady_clock::now() - start < std::chrono::seconds(2))
    virEventRunDefaultImpl();
  std::vector<std::pair<int, int>> want = {
      {VIR_DOMAIN_EVENT_STOPPED, VIR_DOMAIN_EVENT_STOPPED_SAVED},
      {VIR_DOMAIN_EVENT_STARTED, VIR_DOMAIN_EVENT_STARTED_RESTORED},
      {VIR_DOMAIN_EVENT_STOPPED, VIR_DOMAIN_EVENT_STOPPED_SAVED},
      {VIR_DOMAIN_EVENT_STARTED, VIR_DOMAIN_EVENT_STARTED_BOOTED},
      {VIR_DOMAIN_EVENT_STOPPED, VIR_DOMAIN_EVENT_STOPPED_CRASHED},
  };
  EXPECT_EQ(seen.events, want);
  EXPECT_EQ(virConnectDomainEventDeregisterAny(conn_, id), 0);
}

// ---- screenshot ----

std::string png() {
  return read_file(std::string(VIRTKIT_FIXTURES_DIR) + "/../../data/test-screenshot.png");
}

TEST_F(Save, Screenshot) {
  virStreamPtr st = virStreamNew(conn_, 0);
  ASSERT_NE(st, nullptr);
  char *mime = virDomainScreenshot(dom_, st, 0, 0);
  ASSERT_NE(mime, nullptr);
  EXPECT_EQ(s(mime), "image/png");
  std::free(mime);
  std::string got;
  char buf[10000];
  for (;;) {
    int n = virStreamRecv(st, buf, sizeof buf);
    ASSERT_GE(n, 0);
    if (n == 0) break;
    got.append(buf, static_cast<size_t>(n));
  }
  std::string want = png();
  ASSERT_EQ(want.size(), 33443u);
  EXPECT_TRUE(got == want);
  EXPECT_EQ(virStreamFinish(st), 0);
  EXPECT_EQ(virStreamFree(st), 0);
}

TEST_F(Save, ScreenshotIgnoresScreenAndDomainState) {
  // Any screen number, any domain state: the same image.
  ASSERT_EQ(virDomainDestroy(dom_), 0);
  virStreamPtr st = virStreamNew(conn_, 0);
  char *mime = virDomainScreenshot(dom_, st, 7, 0);
  ASSERT_NE(mime, nullptr);
  std::free(mime);
  // A second screenshot on the same stream starts it over.
  mime = virDomainScreenshot(dom_, st, 0, 0);
  ASSERT_NE(mime, nullptr);
  std::free(mime);
  char buf[8];
  ASSERT_EQ(virStreamRecv(st, buf, sizeof buf), 8);
  EXPECT_EQ(std::string(buf, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  EXPECT_EQ(virStreamAbort(st), 0);
  EXPECT_EQ(virStreamFree(st), 0);
}

TEST_F(Save, ScreenshotFailures) {
  virStreamPtr st = virStreamNew(conn_, 0);
  EXPECT_EQ(virDomainScreenshot(dom_, st, 0, 1), nullptr);
  expect_error(bad_flags(VIR_FROM_TEST, "testDomainScreenshot", 1));
  // The stream stays unused.
  char buf[4];
  EXPECT_EQ(virStreamRecv(st, buf, sizeof buf), -1);
  expect_error(detail(VIR_ERR_NO_SUPPORT, VIR_FROM_STREAMS,
                      "this function is not supported by the connection driver: %s",
                      "virStreamRecv"));
  EXPECT_EQ(virDomainScreenshot(dom_, nullptr, 0, 0), nullptr);
  EXPECT_EQ(virGetLastErrorCode(), VIR_ERR_INVALID_STREAM);

  virConnectPtr ro = virConnectOpenReadOnly(default_uri());
  ASSERT_NE(ro, nullptr);
  virDomainPtr d = virDomainLookupByName(ro, "test");
  virStreamPtr rst = virStreamNew(ro, 0);
  EXPECT_EQ(virDomainScreenshot(d, rst, 0, 0), nullptr);
  expect_error(detail(VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN, "operation forbidden: %s",
                      "read only access prevents virDomainScreenshot"));
  // A stream of another connection.
  EXPECT_EQ(virDomainScreenshot(dom_, rst, 0, 0), nullptr);
  EXPECT_EQ(virGetLastErrorCode(), VIR_ERR_INVALID_ARG);
  virStreamFree(rst);
  virDomainFree(d);
  EXPECT_EQ(virConnectClose(ro), 0);
  virStreamFree(st);
}

}  // namespace
