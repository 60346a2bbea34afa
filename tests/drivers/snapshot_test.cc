// SPDX-License-Identifier: LGPL-2.1-or-later
// Domain snapshots of the test driver through the public C API. Expected
// values are what Debian's libvirt 9.0.0 gives for the same calls; the file
// uses nothing but the public API, so it also builds against that libvirt:
//   g++ -std=c++20 -DVIRTKIT_FIXTURES_DIR='"tests/fixtures"'
//       tests/drivers/snapshot_test.cc $(pkg-config --cflags --libs libvirt)
//       -lgtest -lgtest_main -lpthread
#include <libvirt/libvirt.h>

#include "default_uri.h"
#include <libvirt/virterror.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "../support/last_error.h"

namespace {

std::string fixture(const std::string &name) {
  std::ifstream in(std::string(VIRTKIT_FIXTURES_DIR) + "/test_driver/" + name);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// creationTime varies: fixtures hold CREATION_TIME instead.
std::string normalise(const char *xml) {
  static const std::regex re("<creationTime>[0-9]+</creationTime>");
  return std::regex_replace(std::string(xml ? xml : ""), re,
                            "<creationTime>CREATION_TIME</creationTime>");
}

std::string take(char *p) {
  std::string r = p ? p : "(null)";
  std::free(p);
  return r;
}

using virtkit_testing::expect_error;
using virtkit_testing::s;

void expect_bad_flags(const char *func, unsigned flags) {
  char msg[256];
  std::snprintf(msg, sizeof msg, "unsupported flags (0x%x) in function %s", flags, func);
  expect_error(VIR_ERR_INVALID_ARG, VIR_FROM_TEST, msg);
  virErrorPtr err = virGetLastError();
  ASSERT_NE(err, nullptr);
  EXPECT_EQ(s(err->str1), func);
  EXPECT_EQ(s(err->str2), "flags");
}

void quiet(void *, virErrorPtr) {}

constexpr const char *kTestUuid = "6695eb01-f6a4-8304-79aa-97f2502e193f";

std::vector<std::string> names_of(virDomainSnapshotPtr *list, int n) {
  std::vector<std::string> out;
  for (int i = 0; i < n; i++) {
    out.push_back(virDomainSnapshotGetName(list[i]));
    virDomainSnapshotFree(list[i]);
  }
  std::free(list);
  std::sort(out.begin(), out.end());
  return out;
}

using Names = std::vector<std::string>;

class Snapshot : public ::testing::Test {
 protected:
  void SetUp() override {
    virSetErrorFunc(nullptr, quiet);
    conn_ = virConnectOpen(default_uri());
    ASSERT_NE(conn_, nullptr);
    dom_ = virDomainLookupByName(conn_, "test");
    ASSERT_NE(dom_, nullptr);
  }
  void TearDown() override {
    for (virDomainSnapshotPtr p : snaps_) virDomainSnapshotFree(p);
    for (virDomainPtr d : doms_) virDomainFree(d);
    virDomainFree(dom_);
    EXPECT_EQ(virConnectClose(conn_), 0);
  }
  virDomainSnapshotPtr keep(virDomainSnapshotPtr p) {
    if (p) snaps_.push_back(p);
    return p;
  }
  virDomainPtr keep(virDomainPtr d) {
    if (d) doms_.push_back(d);
    return d;
  }
  virDomainSnapshotPtr create(const std::string &name, unsigned flags = 0,
                              virDomainPtr d = nullptr) {
    std::string xml = "<domainsnapshot><name>" + name + "</name></domainsnapshot>";
    return keep(virDomainSnapshotCreateXML(d ? d : dom_, xml.c_str(), flags));
  }
  virDomainSnapshotPtr lookup(const char *name) {
    return keep(virDomainSnapshotLookupByName(dom_, name, 0));
  }
  Names all(unsigned flags) {
    virDomainSnapshotPtr *list = nullptr;
    int n = virDomainListAllSnapshots(dom_, &list, flags);
    EXPECT_GE(n, 0);
    EXPECT_EQ(virDomainSnapshotNum(dom_, flags), n);
    return names_of(list, n);
  }
  Names children(virDomainSnapshotPtr p, unsigned flags) {
    virDomainSnapshotPtr *list = nullptr;
    int n = virDomainSnapshotListAllChildren(p, &list, flags);
    EXPECT_GE(n, 0);
    EXPECT_EQ(virDomainSnapshotNumChildren(p, flags), n);
    return names_of(list, n);
  }
  int state(int *reason = nullptr) {
    int st = -1, why = -1;
    EXPECT_EQ(virDomainGetState(dom_, &st, &why, 0), 0);
    if (reason) *reason = why;
    return st;
  }

  virConnectPtr conn_ = nullptr;
  virDomainPtr dom_ = nullptr;
  std::vector<virDomainSnapshotPtr> snaps_;
  std::vector<virDomainPtr> doms_;
};

// A tree: s1 -> s2 -> s3, s1 -> s4 (after a revert to s1).
class SnapshotTree : public Snapshot {
 protected:
  void SetUp() override {
    Snapshot::SetUp();
    s1_ = create("s1");
    s2_ = create("s2");
    s3_ = create("s3");
    ASSERT_EQ(virDomainRevertToSnapshot(s1_, 0), 0);
    s4_ = create("s4");
    ASSERT_NE(s4_, nullptr);
  }
  virDomainSnapshotPtr s1_ = nullptr, s2_ = nullptr, s3_ = nullptr, s4_ = nullptr;
};

// ---------------------------------------------------------------- create

TEST_F(Snapshot, NoneAtFirst) {
  EXPECT_EQ(virDomainSnapshotNum(dom_, 0), 0);
  EXPECT_EQ(virDomainHasCurrentSnapshot(dom_, 0), 0);
  EXPECT_EQ(virDomainSnapshotCurrent(dom_, 0), nullptr);
  expect_error(VIR_ERR_NO_DOMAIN_SNAPSHOT, VIR_FROM_TEST,
               "Domain snapshot not found: the domain does not have a current snapshot");
  EXPECT_EQ(virDomainSnapshotLookupByName(dom_, "nope", 0), nullptr);
  expect_error(VIR_ERR_NO_DOMAIN_SNAPSHOT, VIR_FROM_TEST,
               "Domain snapshot not found: no domain snapshot with matching name 'nope'");
  EXPECT_EQ(virDomainSnapshotLookupByName(dom_, "nope", 1), nullptr);
  expect_bad_flags("testDomainSnapshotLookupByName", 1);
  EXPECT_EQ(virDomainHasCurrentSnapshot(dom_, 1), -1);
  expect_bad_flags("testDomainHasCurrentSnapshot", 1);
  EXPECT_EQ(virDomainSnapshotCurrent(dom_, 1), nullptr);
  expect_bad_flags("testDomainSnapshotCurrent", 1);
}

TEST_F(Snapshot, CreateRunningMatchesFixture) {
  auto *p = keep(virDomainSnapshotCreateXML(
      dom_,
      "<domainsnapshot><name>s1</name><description>first &amp; &lt;best&gt;</description>"
      "</domainsnapshot>",
      0));
  ASSERT_NE(p, nullptr);
  EXPECT_STREQ(virDomainSnapshotGetName(p), "s1");
  EXPECT_EQ(normalise(take(virDomainSnapshotGetXMLDesc(p, 0)).c_str()),
            fixture("snapshot-running.xml"));
  EXPECT_EQ(normalise(take(virDomainSnapshotGetXMLDesc(p, VIR_DOMAIN_SNAPSHOT_XML_SECURE)).c_str()),
            fixture("snapshot-running.xml"));
  auto *c = create("s2");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(normalise(take(virDomainSnapshotGetXMLDesc(c, 0)).c_str()),
            fixture("snapshot-child.xml"));
  ASSERT_EQ(virDomainDestroy(dom_), 0);
  auto *off = create("s3");
  ASSERT_NE(off, nullptr);
  EXPECT_EQ(normalise(take(virDomainSnapshotGetXMLDesc(off, 0)).c_str()),
            fixture("snapshot-shutoff.xml"));
  EXPECT_EQ(virDomainSnapshotGetXMLDesc(off, 8), nullptr);
  expect_bad_flags("testDomainSnapshotGetXMLDesc", 8);
}

TEST_F(Snapshot, GeneratedNameAndCreationTime) {
  auto *p = keep(virDomainSnapshotCreateXML(dom_, "<domainsnapshot/>", 0));
  ASSERT_NE(p, nullptr);
  std::string name = virDomainSnapshotGetName(p);
  ASSERT_FALSE(name.empty());
  EXPECT_TRUE(std::all_of(name.begin(), name.end(), ::isdigit)) << name;
  std::string xml = take(virDomainSnapshotGetXMLDesc(p, 0));
  EXPECT_NE(xml.find("<creationTime>" + name + "</creationTime>"), std::string::npos);
}

TEST_F(Snapshot, CreateErrors) {
  struct Case {
    const char *xml;
    unsigned flags;
    int code, domain;
    const char *message;
  } cases[] = {
      {"<foo/>", 0, VIR_ERR_XML_ERROR, VIR_FROM_XML,
       "XML error: expecting root element of 'domainsnapshot', not 'foo'"},
      {"<domainsnapshot><name>m</name><memory snapshot='manual'/></domainsnapshot>", 0,
       VIR_ERR_XML_ERROR, VIR_FROM_DOMAIN_SNAPSHOT,
       "XML error: 'manual' memory snapshot mode not supported"},
      {"<domainsnapshot><name>m</name><memory snapshot='external'/></domainsnapshot>", 0,
       VIR_ERR_XML_ERROR, VIR_FROM_DOMAIN_SNAPSHOT,
       "XML error: external memory snapshots require a filename"},
      {"<domainsnapshot><name>m</name><memory snapshot='internal' file='/a'/></domainsnapshot>", 0,
       VIR_ERR_XML_ERROR, VIR_FROM_DOMAIN_SNAPSHOT,
       "XML error: memory filename '/a' requires external snapshot"},
      {"<domainsnapshot><name>m</name><memory file='a'/></domainsnapshot>", 0, VIR_ERR_XML_ERROR,
       VIR_FROM_DOMAIN_SNAPSHOT, "XML error: memory snapshot file path (a) must be absolute"},
      {"<domainsnapshot><name>m</name><disks><disk name='vdz'/></disks></domainsnapshot>", 0,
       VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_DOMAIN_SNAPSHOT,
       "unsupported configuration: no disk named 'vdz'"},
      {"<domainsnapshot><name>m</name><disks><disk/></disks></domainsnapshot>", 0,
       VIR_ERR_INTERNAL_ERROR, VIR_FROM_DOMAIN_SNAPSHOT,
       "internal error: missing name from disk snapshot element"},
      {"<domainsnapshot><name>m</name><disks><disk name='vda'/><disk name='vdb'/></disks>"
       "</domainsnapshot>",
       0, VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_DOMAIN_SNAPSHOT,
       "unsupported configuration: too many disk snapshot requests for domain"},
      {"<domainsnapshot><name>m</name><disks><disk name='vda' snapshot='external'/></disks>"
       "</domainsnapshot>",
       0, VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_DOMAIN_SNAPSHOT,
       "unsupported configuration: disk 'vda' must use snapshot mode 'internal'"},
      {"<domainsnapshot><name>m</name><disks><disk name='vda' snapshot='manual'/></disks>"
       "</domainsnapshot>",
       0, VIR_ERR_OPERATION_UNSUPPORTED, VIR_FROM_TEST,
       "Operation not supported: 'manual' snapshot mode is not supported by the test driver"},
      {"<domainsnapshot><name>m</name><disks><disk name='vda'><source file='x.img'/></disk>"
       "</disks></domainsnapshot>",
       0, VIR_ERR_XML_ERROR, VIR_FROM_DOMAIN_SNAPSHOT,
       "XML error: disk snapshot image path 'x.img' must be absolute"},
      {"<domainsnapshot><name>m</name><disks><disk name='vda'><driver type='bogus'/></disk>"
       "</disks></domainsnapshot>",
       0, VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_DOMAIN_SNAPSHOT,
       "unsupported configuration: unknown disk snapshot driver 'bogus'"},
      {"<domainsnapshot><name>m</name><disks><disk name='vda' type='dir'/></disks>"
       "</domainsnapshot>",
       0, VIR_ERR_XML_ERROR, VIR_FROM_DOMAIN_SNAPSHOT,
       "XML error: unsupported disk snapshot type 'dir'"},
      {"<domainsnapshot><bogus/></domainsnapshot>", VIR_DOMAIN_SNAPSHOT_CREATE_VALIDATE,
       VIR_ERR_XML_INVALID_SCHEMA, VIR_FROM_XML,
       "XML document failed to validate against schema: Unable to validate doc against "
       "/usr/share/libvirt/schemas/domainsnapshot.rng\nElement domainsnapshot has extra "
       "content: bogus\n"},
  };
  for (const auto &c : cases) {
    SCOPED_TRACE(c.xml);
    EXPECT_EQ(virDomainSnapshotCreateXML(dom_, c.xml, c.flags), nullptr);
    expect_error(c.code, c.domain, c.message);
  }
  EXPECT_EQ(virDomainSnapshotCreateXML(dom_, "<domainsnapshot><name>x</name>", 0), nullptr);
  virErrorPtr err = virGetLastError();
  ASSERT_NE(err, nullptr);
  EXPECT_EQ(err->code, VIR_ERR_XML_DETAIL);
  EXPECT_EQ(err->domain, VIR_FROM_DOMAIN_SNAPSHOT);
  EXPECT_EQ(virDomainSnapshotNum(dom_, 0), 0);

  ASSERT_NE(create("s1"), nullptr);
  EXPECT_EQ(virDomainSnapshotCreateXML(dom_, "<domainsnapshot><name>s1</name></domainsnapshot>", 0),
            nullptr);
  expect_error(VIR_ERR_OPERATION_FAILED, VIR_FROM_DOMAIN,
               "operation failed: domain moment s1 already exists");
  EXPECT_EQ(
      virDomainSnapshotCreateXML(dom_, "<domainsnapshot/>", VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY),
      nullptr);
  expect_bad_flags("testDomainSnapshotCreateXML", VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY);
  EXPECT_EQ(
      virDomainSnapshotCreateXML(dom_, "<domainsnapshot/>", VIR_DOMAIN_SNAPSHOT_CREATE_NO_METADATA),
      nullptr);
  expect_bad_flags("testDomainSnapshotCreateXML", VIR_DOMAIN_SNAPSHOT_CREATE_NO_METADATA);
  EXPECT_EQ(virDomainSnapshotNum(dom_, 0), 1);
}

TEST_F(Snapshot, HaltStopsTheDomain) {
  auto *p = create("h", VIR_DOMAIN_SNAPSHOT_CREATE_HALT);
  ASSERT_NE(p, nullptr);
  int why = -1;
  EXPECT_EQ(state(&why), VIR_DOMAIN_SHUTOFF);
  EXPECT_EQ(why, VIR_DOMAIN_SHUTOFF_FROM_SNAPSHOT);
  std::string xml = take(virDomainSnapshotGetXMLDesc(p, 0));
  EXPECT_NE(xml.find("<state>running</state>"), std::string::npos);

  // A transient domain cannot be halted.
  std::string dxml = take(virDomainGetXMLDesc(dom_, 0));
  dxml.replace(dxml.find("<name>test</name>"), 17, "<name>t1</name>");
  dxml.replace(dxml.find(kTestUuid), 8, "6695eb04");
  virDomainPtr t = keep(virDomainCreateXML(conn_, dxml.c_str(), 0));
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(create("x", VIR_DOMAIN_SNAPSHOT_CREATE_HALT, t), nullptr);
  expect_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST,
               "Requested operation is not valid: cannot halt after transient domain snapshot");
}

// ---------------------------------------------------------------- trees

TEST_F(SnapshotTree, ParentsAndCurrent) {
  EXPECT_EQ(virDomainHasCurrentSnapshot(dom_, 0), 1);
  virDomainSnapshotPtr cur = keep(virDomainSnapshotCurrent(dom_, 0));
  ASSERT_NE(cur, nullptr);
  EXPECT_STREQ(virDomainSnapshotGetName(cur), "s4");
  EXPECT_EQ(virDomainSnapshotIsCurrent(s4_, 0), 1);
  EXPECT_EQ(virDomainSnapshotIsCurrent(s1_, 0), 0);
  EXPECT_EQ(virDomainSnapshotIsCurrent(s1_, 1), -1);
  expect_bad_flags("testDomainSnapshotIsCurrent", 1);
  EXPECT_EQ(virDomainSnapshotHasMetadata(s1_, 0), 1);
  EXPECT_EQ(virDomainSnapshotHasMetadata(s1_, 1), -1);
  expect_bad_flags("testDomainSnapshotHasMetadata", 1);

  virDomainSnapshotPtr par = keep(virDomainSnapshotGetParent(s3_, 0));
  ASSERT_NE(par, nullptr);
  EXPECT_STREQ(virDomainSnapshotGetName(par), "s2");
  EXPECT_EQ(virDomainSnapshotGetParent(s1_, 0), nullptr);
  expect_error(VIR_ERR_NO_DOMAIN_SNAPSHOT, VIR_FROM_TEST,
               "Domain snapshot not found: snapshot 's1' does not have a parent");
  EXPECT_EQ(virDomainSnapshotGetParent(s3_, 1), nullptr);
  expect_bad_flags("testDomainSnapshotGetParent", 1);
  EXPECT_EQ(virDomainSnapshotGetDomain(s1_), dom_);
  EXPECT_EQ(virDomainSnapshotGetConnect(s1_), conn_);
}

TEST_F(SnapshotTree, ListFilters) {
  EXPECT_EQ(all(0), (Names{"s1", "s2", "s3", "s4"}));
  EXPECT_EQ(all(VIR_DOMAIN_SNAPSHOT_LIST_ROOTS), (Names{"s1"}));
  EXPECT_EQ(all(VIR_DOMAIN_SNAPSHOT_LIST_LEAVES), (Names{"s3", "s4"}));
  EXPECT_EQ(all(VIR_DOMAIN_SNAPSHOT_LIST_NO_LEAVES), (Names{"s1", "s2"}));
  EXPECT_EQ(all(VIR_DOMAIN_SNAPSHOT_LIST_LEAVES | VIR_DOMAIN_SNAPSHOT_LIST_NO_LEAVES), Names{});
  EXPECT_EQ(all(VIR_DOMAIN_SNAPSHOT_LIST_METADATA).size(), 4u);
  EXPECT_EQ(all(VIR_DOMAIN_SNAPSHOT_LIST_NO_METADATA), Names{});
  EXPECT_EQ(all(VIR_DOMAIN_SNAPSHOT_LIST_ACTIVE).size(), 4u);
  EXPECT_EQ(all(VIR_DOMAIN_SNAPSHOT_LIST_INACTIVE), Names{});
  EXPECT_EQ(all(VIR_DOMAIN_SNAPSHOT_LIST_DISK_ONLY), Names{});
  EXPECT_EQ(all(VIR_DOMAIN_SNAPSHOT_LIST_INTERNAL).size(), 4u);
  EXPECT_EQ(all(VIR_DOMAIN_SNAPSHOT_LIST_EXTERNAL), Names{});
  EXPECT_EQ(all(VIR_DOMAIN_SNAPSHOT_LIST_INTERNAL | VIR_DOMAIN_SNAPSHOT_LIST_EXTERNAL).size(), 4u);

  // Topological: parents before children.
  virDomainSnapshotPtr *list = nullptr;
  int n = virDomainListAllSnapshots(dom_, &list, VIR_DOMAIN_SNAPSHOT_LIST_TOPOLOGICAL);
  ASSERT_EQ(n, 4);
  std::vector<std::string> order;
  for (int i = 0; i < n; i++) order.push_back(virDomainSnapshotGetName(list[i]));
  names_of(list, n);
  auto pos = [&](const char *x) {
    return std::find(order.begin(), order.end(), x) - order.begin();
  };
  EXPECT_EQ(pos("s1"), 0);
  EXPECT_LT(pos("s2"), pos("s3"));

  // Names, with a short array: the count of all, the first ones filled.
  char *names[2] = {nullptr, nullptr};
  EXPECT_EQ(virDomainSnapshotListNames(dom_, names, 2, VIR_DOMAIN_SNAPSHOT_LIST_ROOTS), 1);
  EXPECT_STREQ(names[0], "s1");
  std::free(names[0]);

  EXPECT_EQ(virDomainSnapshotNum(dom_, 1u << 20), -1);
  expect_bad_flags("testDomainSnapshotNum", 1u << 20);
  EXPECT_EQ(virDomainSnapshotListNames(dom_, names, 2, 1u << 20), -1);
  expect_bad_flags("testDomainSnapshotListNames", 1u << 20);
  EXPECT_EQ(virDomainListAllSnapshots(dom_, &list, 1u << 20), -1);
  expect_bad_flags("testDomainListAllSnapshots", 1u << 20);
  EXPECT_EQ(virDomainListAllSnapshots(dom_, nullptr, 0), 4);
}

TEST_F(SnapshotTree, Children) {
  EXPECT_EQ(children(s1_, 0), (Names{"s2", "s4"}));
  EXPECT_EQ(children(s1_, VIR_DOMAIN_SNAPSHOT_LIST_DESCENDANTS), (Names{"s2", "s3", "s4"}));
  EXPECT_EQ(children(s1_, VIR_DOMAIN_SNAPSHOT_LIST_DESCENDANTS | VIR_DOMAIN_SNAPSHOT_LIST_LEAVES),
            (Names{"s3", "s4"}));
  EXPECT_EQ(children(s1_, VIR_DOMAIN_SNAPSHOT_LIST_NO_LEAVES), (Names{"s2"}));
  EXPECT_EQ(children(s3_, 0), Names{});
  char *names[4] = {};
  EXPECT_EQ(virDomainSnapshotListChildrenNames(s2_, names, 4, 0), 1);
  EXPECT_STREQ(names[0], "s3");
  std::free(names[0]);
  EXPECT_EQ(virDomainSnapshotNumChildren(s1_, VIR_DOMAIN_SNAPSHOT_LIST_ROOTS << 20), -1);
  expect_bad_flags("testDomainSnapshotNumChildren", VIR_DOMAIN_SNAPSHOT_LIST_ROOTS << 20);
  EXPECT_EQ(virDomainSnapshotListChildrenNames(s1_, names, 4, 1u << 20), -1);
  expect_bad_flags("testDomainSnapshotListChildrenNames", 1u << 20);
  virDomainSnapshotPtr *list = nullptr;
  EXPECT_EQ(virDomainSnapshotListAllChildren(s1_, &list, 1u << 20), -1);
  expect_bad_flags("testDomainSnapshotListAllChildren", 1u << 20);
}

TEST_F(SnapshotTree, Delete) {
  // Plain: the children move up to the parent.
  ASSERT_EQ(virDomainSnapshotDelete(s2_, 0), 0);
  virDomainSnapshotPtr par = keep(virDomainSnapshotGetParent(s3_, 0));
  ASSERT_NE(par, nullptr);
  EXPECT_STREQ(virDomainSnapshotGetName(par), "s1");
  EXPECT_EQ(virDomainSnapshotGetXMLDesc(s2_, 0), nullptr);
  expect_error(VIR_ERR_NO_DOMAIN_SNAPSHOT, VIR_FROM_TEST,
               "Domain snapshot not found: no domain snapshot with matching name 's2'");
  EXPECT_EQ(virDomainSnapshotDelete(s2_, 0), -1);
  // Children only: the current one (s4) was among them.
  ASSERT_EQ(virDomainSnapshotDelete(s1_, VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN_ONLY), 0);
  EXPECT_EQ(all(0), (Names{"s1"}));
  EXPECT_EQ(virDomainSnapshotIsCurrent(s1_, 0), 1);
  EXPECT_EQ(virDomainSnapshotDelete(s1_, VIR_DOMAIN_SNAPSHOT_DELETE_METADATA_ONLY), -1);
  expect_bad_flags("testDomainSnapshotDelete", VIR_DOMAIN_SNAPSHOT_DELETE_METADATA_ONLY);
  ASSERT_EQ(virDomainSnapshotDelete(s1_, VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN), 0);
  EXPECT_EQ(virDomainSnapshotNum(dom_, 0), 0);
  EXPECT_EQ(virDomainHasCurrentSnapshot(dom_, 0), 0);
}

// ---------------------------------------------------------------- redefine

TEST_F(Snapshot, RedefineMatchesFixture) {
  ASSERT_NE(create("s1"), nullptr);
  std::string in = fixture("snapshot-redefine-in.xml");
  auto *p = keep(virDomainSnapshotCreateXML(dom_, in.c_str(), VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE));
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(take(virDomainSnapshotGetXMLDesc(p, 0)), fixture("snapshot-redefine-out.xml"));
  // Not made current without CURRENT.
  EXPECT_EQ(virDomainSnapshotIsCurrent(p, 0), 0);
  EXPECT_EQ(all(VIR_DOMAIN_SNAPSHOT_LIST_EXTERNAL), (Names{"redef"}));
  EXPECT_EQ(all(VIR_DOMAIN_SNAPSHOT_LIST_INTERNAL), (Names{"s1"}));
  // Its own output redefines it again, now current.
  std::string out = take(virDomainSnapshotGetXMLDesc(p, 0));
  auto *q = keep(virDomainSnapshotCreateXML(
      dom_, out.c_str(), VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE | VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT));
  ASSERT_NE(q, nullptr);
  EXPECT_EQ(virDomainSnapshotIsCurrent(q, 0), 1);
  EXPECT_EQ(take(virDomainSnapshotGetXMLDesc(q, 0)), fixture("snapshot-redefine-out.xml"));
  EXPECT_EQ(virDomainSnapshotNum(dom_, 0), 2);
}

TEST_F(Snapshot, RedefineErrors) {
  ASSERT_NE(create("s1"), nullptr);
  const unsigned R = VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE;
  std::string good = fixture("snapshot-redefine-in.xml");
  auto with = [&](const std::string &from, const std::string &to) {
    std::string x = good;
    x.replace(x.find(from), from.size(), to);
    return x;
  };
  struct Case {
    std::string xml;
    int code, domain;
    std::string message;
  } cases[] = {
      {"<domainsnapshot><state>running</state></domainsnapshot>", VIR_ERR_XML_ERROR,
       VIR_FROM_DOMAIN_SNAPSHOT, "XML error: a redefined snapshot must have a name"},
      {"<domainsnapshot><name>r</name></domainsnapshot>", VIR_ERR_INTERNAL_ERROR,
       VIR_FROM_DOMAIN_SNAPSHOT, "internal error: missing creationTime from existing snapshot"},
      {"<domainsnapshot><name>r</name><creationTime>5</creationTime></domainsnapshot>",
       VIR_ERR_XML_ERROR, VIR_FROM_DOMAIN_SNAPSHOT,
       "XML error: missing state from existing snapshot"},
      {"<domainsnapshot><name>r</name><creationTime>5</creationTime><state>nostate</state>"
       "</domainsnapshot>",
       VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_DOMAIN_SNAPSHOT,
       "unsupported configuration: Invalid state 'nostate' in domain snapshot XML"},
      {"<domainsnapshot><name>r</name><creationTime>5</creationTime><state>shutoff</state>"
       "</domainsnapshot>",
       VIR_ERR_INTERNAL_ERROR, VIR_FROM_DOMAIN_SNAPSHOT,
       "internal error: missing domain in snapshot"},
      {"<domainsnapshot><name>q</name><creationTime>5</creationTime><state>shutoff</state>"
       "<parent><name>q</name></parent></domainsnapshot>",
       VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
       "invalid argument: cannot set moment q as its own parent"},
      {"<domainsnapshot><name>q</name><creationTime>5</creationTime><state>shutoff</state>"
       "<parent><name>zz</name></parent></domainsnapshot>",
       VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN, "invalid argument: parent zz for moment q not found"},
      {with(kTestUuid, "00000000-0000-0000-0000-000000000001"), VIR_ERR_INVALID_ARG,
       VIR_FROM_DOMAIN_SNAPSHOT,
       std::string("invalid argument: definition for snapshot redef must use uuid ") + kTestUuid},
  };
  for (const auto &c : cases) {
    SCOPED_TRACE(c.xml);
    EXPECT_EQ(virDomainSnapshotCreateXML(dom_, c.xml.c_str(), R), nullptr);
    expect_error(c.code, c.domain, c.message);
  }
  // A cycle, and changes of kind against an existing snapshot.
  ASSERT_NE(keep(virDomainSnapshotCreateXML(dom_, good.c_str(), R)), nullptr);
  std::string s1xml = take(virDomainSnapshotGetXMLDesc(lookup("s1"), 0));
  std::string cyc = s1xml;
  cyc.replace(cyc.find("<state>"), 0, "<parent><name>redef</name></parent>");
  EXPECT_EQ(virDomainSnapshotCreateXML(dom_, cyc.c_str(), R), nullptr);
  expect_error(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
               "invalid argument: parent redef would create cycle to s1");
  // The domain of an existing snapshot keeps its ABI.
  std::string abi = s1xml;
  abi.replace(abi.find("<memory unit='KiB'>8388608"), 26, "<memory unit='KiB'>4194304");
  EXPECT_EQ(virDomainSnapshotCreateXML(dom_, abi.c_str(), R), nullptr);
  expect_error(VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_DOMAIN,
               "unsupported configuration: Target domain max memory 4194304 does not match "
               "source 8388608");
  std::string off = s1xml;
  off.replace(off.find("<state>running"), 14, "<state>shutoff");
  off.replace(off.find("<memory snapshot='internal'/>"), 29, "");
  EXPECT_EQ(virDomainSnapshotCreateXML(dom_, off.c_str(), R), nullptr);
  expect_error(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN_SNAPSHOT,
               "invalid argument: cannot change between online and offline snapshot state in "
               "snapshot s1");
}

// ---------------------------------------------------------------- revert

struct Ev {
  int event, detail;
  bool operator==(const Ev &) const = default;
};

int on_lifecycle(virConnectPtr, virDomainPtr, int event, int detail, void *opaque) {
  static_cast<std::vector<Ev> *>(opaque)->push_back({event, detail});
  return 0;
}

TEST_F(Snapshot, RevertTransitions) {
  ASSERT_EQ(virEventRegisterDefaultImpl(), 0);
  std::vector<Ev> evs;
  int cb = virConnectDomainEventRegisterAny(conn_, dom_, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                            reinterpret_cast<virConnectDomainEventGenericCallback>(
                                                reinterpret_cast<void (*)()>(on_lifecycle)),
                                            &evs, nullptr);
  ASSERT_GE(cb, 0);
  int timer = virEventAddTimeout(
      1, [](int, void *) {}, nullptr, nullptr);
  auto drain = [&] {
    for (int i = 0; i < 10; i++) virEventRunDefaultImpl();
    auto out = evs;
    evs.clear();
    return out;
  };
  const int STOP = VIR_DOMAIN_EVENT_STOPPED, START = VIR_DOMAIN_EVENT_STARTED,
            SUSP = VIR_DOMAIN_EVENT_SUSPENDED;
  const int STOP_D = VIR_DOMAIN_EVENT_STOPPED_FROM_SNAPSHOT,
            START_D = VIR_DOMAIN_EVENT_STARTED_FROM_SNAPSHOT,
            SUSP_D = VIR_DOMAIN_EVENT_SUSPENDED_FROM_SNAPSHOT;

  auto *run = create("run");
  ASSERT_EQ(virDomainDestroy(dom_), 0);
  auto *off = create("off");
  drain();

  int why = -1;
  ASSERT_EQ(virDomainRevertToSnapshot(off, 0), 0);  // 1: off -> off
  EXPECT_EQ(drain(), std::vector<Ev>{});
  ASSERT_EQ(virDomainRevertToSnapshot(run, 0), 0);  // 2: off -> running
  EXPECT_EQ(drain(), (std::vector<Ev>{{START, START_D}}));
  EXPECT_EQ(state(&why), VIR_DOMAIN_RUNNING);
  EXPECT_EQ(why, VIR_DOMAIN_RUNNING_FROM_SNAPSHOT);
  EXPECT_EQ(virDomainGetID(dom_), static_cast<unsigned>(-1));  // the handle is not told
  ASSERT_EQ(virDomainRevertToSnapshot(run, VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED), 0);  // 6
  EXPECT_EQ(drain(), (std::vector<Ev>{{STOP, STOP_D}, {START, START_D}, {SUSP, SUSP_D}}));
  EXPECT_EQ(state(&why), VIR_DOMAIN_PAUSED);
  EXPECT_EQ(why, VIR_DOMAIN_PAUSED_FROM_SNAPSHOT);
  ASSERT_EQ(virDomainRevertToSnapshot(run, VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING), 0);  // 8
  EXPECT_EQ(drain(), (std::vector<Ev>{{STOP, STOP_D}, {START, START_D}}));
  EXPECT_EQ(state(), VIR_DOMAIN_RUNNING);
  ASSERT_EQ(virDomainRevertToSnapshot(off, 0), 0);  // 4: running -> off
  EXPECT_EQ(drain(), (std::vector<Ev>{{STOP, STOP_D}}));
  EXPECT_EQ(state(&why), VIR_DOMAIN_SHUTOFF);
  EXPECT_EQ(why, VIR_DOMAIN_SHUTOFF_FROM_SNAPSHOT);
  // To an inactive snapshot with PAUSED: libvirt's test driver announces a
  // start but leaves the domain off.
  ASSERT_EQ(virDomainRevertToSnapshot(off, VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED), 0);
  EXPECT_EQ(drain(), (std::vector<Ev>{{START, START_D}, {SUSP, SUSP_D}}));
  EXPECT_EQ(state(), VIR_DOMAIN_SHUTOFF);
  EXPECT_EQ(virDomainSnapshotIsCurrent(off, 0), 1);

  EXPECT_EQ(virDomainRevertToSnapshot(off, 1u << 8), -1);
  expect_bad_flags("testDomainRevertToSnapshot", 1u << 8);
  EXPECT_EQ(virDomainRevertToSnapshot(
                off, VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING | VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED),
            -1);
  EXPECT_EQ(virGetLastError()->code, VIR_ERR_INVALID_ARG);

  virEventRemoveTimeout(timer);
  virConnectDomainEventDeregisterAny(conn_, cb);
}

TEST_F(Snapshot, RevertTransientToInactiveNeedsRunOrPause) {
  ASSERT_EQ(virDomainDestroy(dom_), 0);
  auto *off = create("off");
  ASSERT_EQ(virDomainCreate(dom_), 0);
  ASSERT_EQ(virDomainUndefine(dom_), 0);  // running: becomes transient
  EXPECT_EQ(virDomainRevertToSnapshot(off, 0), -1);
  expect_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST,
               "Requested operation is not valid: transient domain needs to request run or pause "
               "to revert to inactive snapshot");
}

// ---------------------------------------------------------------- domain ops

TEST_F(Snapshot, UndefineAndDomainListFilters) {
  std::string dxml = take(virDomainGetXMLDesc(dom_, 0));
  dxml.replace(dxml.find("<name>test</name>"), 17, "<name>u1</name>");
  dxml.replace(dxml.find(kTestUuid), 8, "6695eb03");
  virDomainPtr u = keep(virDomainDefineXML(conn_, dxml.c_str()));
  ASSERT_NE(u, nullptr);
  ASSERT_NE(create("a", 0, u), nullptr);

  virDomainPtr *doms = nullptr;
  int n = virConnectListAllDomains(conn_, &doms, VIR_CONNECT_LIST_DOMAINS_HAS_SNAPSHOT);
  ASSERT_EQ(n, 1);
  EXPECT_STREQ(virDomainGetName(doms[0]), "u1");
  virDomainFree(doms[0]);
  std::free(doms);
  n = virConnectListAllDomains(conn_, &doms, VIR_CONNECT_LIST_DOMAINS_NO_SNAPSHOT);
  ASSERT_EQ(n, 1);
  EXPECT_STREQ(virDomainGetName(doms[0]), "test");
  virDomainFree(doms[0]);
  std::free(doms);

  EXPECT_EQ(virDomainUndefine(u), -1);
  expect_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST,
               "Requested operation is not valid: cannot delete inactive domain with 1 snapshots");
  EXPECT_EQ(virDomainUndefineFlags(u, VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA), 0);
}

TEST_F(Snapshot, ReadOnlyAndNullArguments) {
  auto *p = create("s1");
  ASSERT_NE(p, nullptr);
  virConnectPtr ro = virConnectOpenReadOnly(default_uri());
  ASSERT_NE(ro, nullptr);
  virDomainPtr d = virDomainLookupByName(ro, "test");
  virDomainSnapshotPtr rp = virDomainSnapshotLookupByName(d, "s1", 0);
  ASSERT_NE(rp, nullptr);
  EXPECT_EQ(virDomainSnapshotGetXMLDesc(rp, VIR_DOMAIN_SNAPSHOT_XML_SECURE), nullptr);
  EXPECT_EQ(virGetLastError()->code, VIR_ERR_OPERATION_DENIED);
  EXPECT_NE(take(virDomainSnapshotGetXMLDesc(rp, 0)), "(null)");
  EXPECT_EQ(virDomainSnapshotDelete(rp, 0), -1);
  EXPECT_EQ(virGetLastError()->code, VIR_ERR_OPERATION_DENIED);
  EXPECT_EQ(virDomainSnapshotCreateXML(d, "<domainsnapshot/>", 0), nullptr);
  EXPECT_EQ(virGetLastError()->code, VIR_ERR_OPERATION_DENIED);
  virDomainSnapshotFree(rp);
  virDomainFree(d);
  virConnectClose(ro);

  EXPECT_EQ(virDomainSnapshotLookupByName(dom_, nullptr, 0), nullptr);
  EXPECT_EQ(virGetLastError()->code, VIR_ERR_INVALID_ARG);
  EXPECT_EQ(virDomainSnapshotCreateXML(dom_, nullptr, 0), nullptr);
  EXPECT_EQ(virGetLastError()->code, VIR_ERR_INVALID_ARG);
}

TEST_F(Snapshot, ManyThreadsOnOneDomain) {
  std::vector<std::thread> ts;
  for (int t = 0; t < 4; t++)
    ts.emplace_back([this, t] {
      for (int i = 0; i < 25; i++) {
        std::string name = "t" + std::to_string(t) + "-" + std::to_string(i);
        std::string xml = "<domainsnapshot><name>" + name + "</name></domainsnapshot>";
        virDomainSnapshotPtr p = virDomainSnapshotCreateXML(dom_, xml.c_str(), 0);
        ASSERT_NE(p, nullptr);
        char *x = virDomainSnapshotGetXMLDesc(p, 0);
        EXPECT_NE(x, nullptr);
        std::free(x);
        if (i % 2) {
          EXPECT_EQ(virDomainSnapshotDelete(p, 0), 0);
        }
        virDomainSnapshotFree(p);
      }
    });
  for (auto &t : ts) t.join();
  EXPECT_EQ(virDomainSnapshotNum(dom_, 0), 4 * 13);
}

// ---------------------------------------------------------------- custom file

TEST(SnapshotCustomFile, LoadsTestNamespaceSnapshots) {
  virSetErrorFunc(nullptr, quiet);
  char *abs = realpath(VIRTKIT_FIXTURES_DIR, nullptr);
  ASSERT_NE(abs, nullptr);
  std::string dir = std::string(abs) + "/test_driver/";
  std::free(abs);
  virConnectPtr c = virConnectOpen(("test://" + dir + "snapshot-node.xml").c_str());
  ASSERT_NE(c, nullptr);
  virDomainPtr d = virDomainLookupByName(c, "snapvm");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(virDomainSnapshotNum(d, 0), 2);
  virDomainSnapshotPtr cur = virDomainSnapshotCurrent(d, 0);
  ASSERT_NE(cur, nullptr);
  EXPECT_STREQ(virDomainSnapshotGetName(cur), "top");
  EXPECT_EQ(take(virDomainSnapshotGetXMLDesc(cur, 0)), fixture("snapshot-node-top.xml"));
  virDomainSnapshotPtr base = virDomainSnapshotGetParent(cur, 0);
  ASSERT_NE(base, nullptr);
  EXPECT_EQ(take(virDomainSnapshotGetXMLDesc(base, 0)), fixture("snapshot-node-base.xml"));
  EXPECT_EQ(virDomainSnapshotNum(d, VIR_DOMAIN_SNAPSHOT_LIST_INACTIVE), 1);
  // Without a <domain> in the snapshot, reverting is risky.
  EXPECT_EQ(virDomainRevertToSnapshot(base, 0), -1);
  expect_error(VIR_ERR_SNAPSHOT_REVERT_RISKY, VIR_FROM_TEST,
               "revert requires force: snapshot 'base' lacks domain 'snapvm' rollback info");
  virDomainSnapshotFree(base);
  virDomainSnapshotFree(cur);
  virDomainFree(d);
  EXPECT_EQ(virConnectClose(c), 0);

  EXPECT_EQ(virConnectOpen(("test://" + dir + "snapshot-node-two-current.xml").c_str()), nullptr);
  expect_error(VIR_ERR_INTERNAL_ERROR, VIR_FROM_TEST,
               "internal error: more than one snapshot claims to be active");
  EXPECT_EQ(virConnectOpen(("test://" + dir + "snapshot-node-orphan.xml").c_str()), nullptr);
  expect_error(VIR_ERR_INTERNAL_ERROR, VIR_FROM_TEST,
               "internal error: Snapshots have inconsistent relations for domain snapvm");
}

}  // namespace
