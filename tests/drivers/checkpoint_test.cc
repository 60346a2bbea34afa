// SPDX-License-Identifier: LGPL-2.1-or-later
// Domain checkpoints of the test driver through the public C API. Expected
// values are what Debian's libvirt 9.0.0 gives for the same calls; the file
// uses nothing but the public API, so it also builds against that libvirt:
//   g++ -std=c++20 -DVIRTKIT_FIXTURES_DIR='"tests/fixtures"'
//       tests/drivers/checkpoint_test.cc $(pkg-config --cflags --libs libvirt)
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
#include <sstream>
#include <string>
#include <vector>

#include "../support/last_error.h"

namespace {

std::string fixture(const std::string &name) {
  std::ifstream in(std::string(VIRTKIT_FIXTURES_DIR) + "/test_driver/" + name);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string normalise(const std::string &xml) {
  static const std::regex re("<creationTime>[0-9]+</creationTime>");
  return std::regex_replace(xml, re, "<creationTime>CREATION_TIME</creationTime>");
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
}

void quiet(void *, virErrorPtr) {}

constexpr const char *kTestUuid = "6695eb01-f6a4-8304-79aa-97f2502e193f";
using Names = std::vector<std::string>;

Names names_of(virDomainCheckpointPtr *list, int n) {
  Names out;
  for (int i = 0; i < n; i++) {
    out.push_back(virDomainCheckpointGetName(list[i]));
    virDomainCheckpointFree(list[i]);
  }
  std::free(list);
  std::sort(out.begin(), out.end());
  return out;
}

class Checkpoint : public ::testing::Test {
 protected:
  void SetUp() override {
    virSetErrorFunc(nullptr, quiet);
    conn_ = virConnectOpen(default_uri());
    ASSERT_NE(conn_, nullptr);
    dom_ = virDomainLookupByName(conn_, "test");
    ASSERT_NE(dom_, nullptr);
  }
  void TearDown() override {
    for (virDomainCheckpointPtr p : chks_) virDomainCheckpointFree(p);
    virDomainFree(dom_);
    EXPECT_EQ(virConnectClose(conn_), 0);
  }
  virDomainCheckpointPtr keep(virDomainCheckpointPtr p) {
    if (p) chks_.push_back(p);
    return p;
  }
  virDomainCheckpointPtr create(const std::string &xml, unsigned flags = 0) {
    return keep(virDomainCheckpointCreateXML(dom_, xml.c_str(), flags));
  }
  virDomainCheckpointPtr named(const std::string &name) {
    return create("<domaincheckpoint><name>" + name + "</name></domaincheckpoint>");
  }
  Names all(unsigned flags) {
    virDomainCheckpointPtr *list = nullptr;
    int n = virDomainListAllCheckpoints(dom_, &list, flags);
    EXPECT_GE(n, 0);
    return names_of(list, n);
  }
  Names children(virDomainCheckpointPtr p, unsigned flags) {
    virDomainCheckpointPtr *list = nullptr;
    int n = virDomainCheckpointListAllChildren(p, &list, flags);
    EXPECT_GE(n, 0);
    return names_of(list, n);
  }

  virConnectPtr conn_ = nullptr;
  virDomainPtr dom_ = nullptr;
  std::vector<virDomainCheckpointPtr> chks_;
};

TEST_F(Checkpoint, CreateMatchesFixtures) {
  EXPECT_EQ(all(0), Names{});
  auto *k1 = create(
      "<domaincheckpoint><name>k1</name><description>chk &amp; one</description>"
      "</domaincheckpoint>");
  ASSERT_NE(k1, nullptr);
  EXPECT_EQ(normalise(take(virDomainCheckpointGetXMLDesc(k1, 0))), fixture("checkpoint-k1.xml"));
  auto *k2 = create(
      "<domaincheckpoint><name>k2</name><disks><disk name='vda' bitmap='bm2'/></disks>"
      "</domaincheckpoint>");
  ASSERT_NE(k2, nullptr);
  EXPECT_EQ(normalise(take(virDomainCheckpointGetXMLDesc(k2, VIR_DOMAIN_CHECKPOINT_XML_NO_DOMAIN))),
            fixture("checkpoint-k2-nodomain.xml"));
  // SIZE needs a running domain (and the test driver shows no size).
  EXPECT_EQ(normalise(take(virDomainCheckpointGetXMLDesc(
                k2, VIR_DOMAIN_CHECKPOINT_XML_NO_DOMAIN | VIR_DOMAIN_CHECKPOINT_XML_SIZE))),
            fixture("checkpoint-k2-nodomain.xml"));
  EXPECT_EQ(virDomainCheckpointGetXMLDesc(k2, 1u << 5), nullptr);
  expect_bad_flags("testDomainCheckpointGetXMLDesc", 1u << 5);

  std::string in = fixture("checkpoint-redefine-in.xml");
  auto *kr = create(in, VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE);
  ASSERT_NE(kr, nullptr);
  EXPECT_EQ(take(virDomainCheckpointGetXMLDesc(kr, 0)), fixture("checkpoint-redefine-out.xml"));
  // Define -> dump round trip.
  std::string out = take(virDomainCheckpointGetXMLDesc(kr, 0));
  ASSERT_NE(create(out, VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE), nullptr);
  EXPECT_EQ(take(virDomainCheckpointGetXMLDesc(kr, 0)), out);
  EXPECT_EQ(all(0), (Names{"k1", "k2", "kr"}));
}

TEST_F(Checkpoint, TreeLookupAndDelete) {
  auto *k1 = named("k1");
  auto *k2 = named("k2");
  auto *k3 = named("k3");
  ASSERT_NE(k3, nullptr);
  EXPECT_EQ(all(VIR_DOMAIN_CHECKPOINT_LIST_ROOTS), (Names{"k1"}));
  EXPECT_EQ(all(VIR_DOMAIN_CHECKPOINT_LIST_LEAVES), (Names{"k3"}));
  EXPECT_EQ(all(VIR_DOMAIN_CHECKPOINT_LIST_NO_LEAVES), (Names{"k1", "k2"}));
  EXPECT_EQ(all(VIR_DOMAIN_CHECKPOINT_LIST_TOPOLOGICAL), (Names{"k1", "k2", "k3"}));
  EXPECT_EQ(children(k1, 0), (Names{"k2"}));
  EXPECT_EQ(children(k1, VIR_DOMAIN_CHECKPOINT_LIST_DESCENDANTS), (Names{"k2", "k3"}));
  EXPECT_EQ(
      children(k1, VIR_DOMAIN_CHECKPOINT_LIST_DESCENDANTS | VIR_DOMAIN_CHECKPOINT_LIST_LEAVES),
      (Names{"k3"}));
  EXPECT_EQ(virDomainListAllCheckpoints(dom_, nullptr, 0), 3);

  virDomainCheckpointPtr found = keep(virDomainCheckpointLookupByName(dom_, "k2", 0));
  ASSERT_NE(found, nullptr);
  EXPECT_STREQ(virDomainCheckpointGetName(found), "k2");
  EXPECT_EQ(virDomainCheckpointGetDomain(found), dom_);
  EXPECT_EQ(virDomainCheckpointGetConnect(found), conn_);
  virDomainCheckpointPtr par = keep(virDomainCheckpointGetParent(k3, 0));
  ASSERT_NE(par, nullptr);
  EXPECT_STREQ(virDomainCheckpointGetName(par), "k2");

  // Deleting k2 reparents k3 under k1.
  ASSERT_EQ(virDomainCheckpointDelete(k2, 0), 0);
  par = keep(virDomainCheckpointGetParent(k3, 0));
  ASSERT_NE(par, nullptr);
  EXPECT_STREQ(virDomainCheckpointGetName(par), "k1");
  EXPECT_EQ(virDomainCheckpointGetXMLDesc(k2, 0), nullptr);
  expect_error(VIR_ERR_NO_DOMAIN_CHECKPOINT, VIR_FROM_TEST,
               "Domain checkpoint not found: no domain checkpoint with matching name 'k2'");
  ASSERT_EQ(virDomainCheckpointDelete(k1, VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN_ONLY |
                                              VIR_DOMAIN_CHECKPOINT_DELETE_METADATA_ONLY),
            0);
  EXPECT_EQ(all(0), (Names{"k1"}));
  ASSERT_EQ(virDomainCheckpointDelete(k1, VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN), 0);
  EXPECT_EQ(all(0), Names{});
}

TEST_F(Checkpoint, Errors) {
  auto *k1 = named("k1");
  ASSERT_NE(k1, nullptr);
  EXPECT_EQ(virDomainCheckpointLookupByName(dom_, "zz", 0), nullptr);
  expect_error(VIR_ERR_NO_DOMAIN_CHECKPOINT, VIR_FROM_TEST,
               "Domain checkpoint not found: no domain checkpoint with matching name 'zz'");
  EXPECT_EQ(virDomainCheckpointLookupByName(dom_, "k1", 1), nullptr);
  expect_bad_flags("testDomainCheckpointLookupByName", 1);
  EXPECT_EQ(virDomainCheckpointGetParent(k1, 0), nullptr);
  expect_error(VIR_ERR_NO_DOMAIN_CHECKPOINT, VIR_FROM_TEST,
               "Domain checkpoint not found: checkpoint 'k1' does not have a parent");
  EXPECT_EQ(virDomainCheckpointGetParent(k1, 1), nullptr);
  expect_bad_flags("testDomainCheckpointGetParent", 1);
  virDomainCheckpointPtr *list = nullptr;
  EXPECT_EQ(virDomainListAllCheckpoints(dom_, &list, 1u << 8), -1);
  expect_bad_flags("testDomainListAllCheckpoints", 1u << 8);
  EXPECT_EQ(virDomainCheckpointListAllChildren(k1, &list, 1u << 8), -1);
  expect_bad_flags("testDomainCheckpointListAllChildren", 1u << 8);
  EXPECT_EQ(virDomainCheckpointDelete(k1, 1u << 5), -1);
  expect_bad_flags("testDomainCheckpointDelete", 1u << 5);
  EXPECT_EQ(virDomainCheckpointCreateXML(dom_, "<domaincheckpoint/>", 1u << 8), nullptr);
  expect_bad_flags("testDomainCheckpointCreateXML", 1u << 8);

  struct Case {
    const char *xml;
    unsigned flags;
    int code, domain;
    const char *message;
  } cases[] = {
      {"<domaincheckpoint><name>k1</name></domaincheckpoint>", 0, VIR_ERR_OPERATION_FAILED,
       VIR_FROM_DOMAIN, "operation failed: domain moment k1 already exists"},
      {"<domaincheckpoint><name>k9</name><disks><disk name='vdz'/></disks></domaincheckpoint>", 0,
       VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_DOMAIN_CHECKPOINT,
       "unsupported configuration: no disk named 'vdz'"},
      {"<domaincheckpoint><bogus/></domaincheckpoint>", 0, VIR_ERR_XML_INVALID_SCHEMA, VIR_FROM_XML,
       "XML document failed to validate against schema: Unable to validate doc against "
       "/usr/share/libvirt/schemas/domaincheckpoint.rng\nElement domaincheckpoint has extra "
       "content: bogus\n"},
      {"<domaincheckpoint><name>k4</name></domaincheckpoint>",
       VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE, VIR_ERR_INTERNAL_ERROR, VIR_FROM_DOMAIN_CHECKPOINT,
       "internal error: missing creationTime from existing checkpoint"},
      {"<domaincheckpoint><creationTime>9</creationTime></domaincheckpoint>",
       VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE, VIR_ERR_XML_ERROR, VIR_FROM_DOMAIN_CHECKPOINT,
       "XML error: a redefined checkpoint must have a name"},
      {"<domaincheckpoint><name>k5</name><creationTime>9</creationTime><parent><name>zz</name>"
       "</parent></domaincheckpoint>",
       VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE, VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
       "invalid argument: parent zz for moment k5 not found"},
  };
  for (const auto &c : cases) {
    SCOPED_TRACE(c.xml);
    EXPECT_EQ(virDomainCheckpointCreateXML(dom_, c.xml, c.flags), nullptr);
    expect_error(c.code, c.domain, c.message);
  }
  EXPECT_EQ(virDomainCheckpointCreateXML(dom_, "<domaincheckpoint>", 0), nullptr);
  EXPECT_EQ(virGetLastError()->code, VIR_ERR_XML_DETAIL);
  EXPECT_EQ(virGetLastError()->domain, VIR_FROM_DOMAIN_CHECKPOINT);

  // Snapshots and checkpoints exclude each other.
  EXPECT_EQ(virDomainSnapshotCreateXML(dom_, "<domainsnapshot/>", 0), nullptr);
  expect_error(VIR_ERR_OPERATION_UNSUPPORTED, VIR_FROM_TEST,
               "Operation not supported: cannot create snapshot while checkpoint exists");
  ASSERT_EQ(virDomainCheckpointDelete(k1, 0), 0);
  virDomainSnapshotPtr snap = virDomainSnapshotCreateXML(dom_, "<domainsnapshot/>", 0);
  ASSERT_NE(snap, nullptr);
  EXPECT_EQ(virDomainCheckpointCreateXML(dom_, "<domaincheckpoint/>", 0), nullptr);
  expect_error(VIR_ERR_OPERATION_UNSUPPORTED, VIR_FROM_TEST,
               "Operation not supported: cannot create checkpoint while snapshot exists");
  ASSERT_EQ(virDomainSnapshotDelete(snap, 0), 0);
  virDomainSnapshotFree(snap);

  // An inactive domain has none.
  ASSERT_EQ(virDomainDestroy(dom_), 0);
  EXPECT_EQ(virDomainCheckpointCreateXML(dom_, "<domaincheckpoint/>", 0), nullptr);
  expect_error(VIR_ERR_OPERATION_UNSUPPORTED, VIR_FROM_TEST,
               "Operation not supported: cannot create checkpoint for inactive domain");
}

TEST_F(Checkpoint, SizeNeedsRunningDomainAndRedefineChecksUuid) {
  auto *k1 = named("k1");
  ASSERT_NE(k1, nullptr);
  std::string x = take(virDomainCheckpointGetXMLDesc(k1, 0));
  std::string bad = x;
  bad.replace(bad.find("<name>k1</name>"), 15, "<name>k7</name>");
  bad.replace(bad.find(kTestUuid), 8, "00000000");
  EXPECT_EQ(virDomainCheckpointCreateXML(dom_, bad.c_str(), VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE),
            nullptr);
  expect_error(
      VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN_CHECKPOINT,
      std::string("invalid argument: definition for checkpoint k7 must use uuid ") + kTestUuid);
  ASSERT_EQ(virDomainDestroy(dom_), 0);
  EXPECT_EQ(virDomainCheckpointGetXMLDesc(k1, VIR_DOMAIN_CHECKPOINT_XML_SIZE), nullptr);
  expect_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN,
               "Requested operation is not valid: domain is not running");
  EXPECT_NE(take(virDomainCheckpointGetXMLDesc(k1, 0)), "(null)");

  virConnectPtr ro = virConnectOpenReadOnly(default_uri());
  virDomainPtr d = virDomainLookupByName(ro, "test");
  virDomainCheckpointPtr rk = virDomainCheckpointLookupByName(d, "k1", 0);
  ASSERT_NE(rk, nullptr);
  EXPECT_EQ(virDomainCheckpointGetXMLDesc(rk, VIR_DOMAIN_CHECKPOINT_XML_SECURE), nullptr);
  EXPECT_EQ(virGetLastError()->code, VIR_ERR_OPERATION_DENIED);
  EXPECT_EQ(virDomainCheckpointDelete(rk, 0), -1);
  EXPECT_EQ(virGetLastError()->code, VIR_ERR_OPERATION_DENIED);
  virDomainCheckpointFree(rk);
  virDomainFree(d);
  virConnectClose(ro);
}

}  // namespace

namespace {

// A disk named by a path (leading slash) must be the only disk with that
// source; a name without one is a target (libvirt's virDomainDiskByName).
TEST_F(Checkpoint, DiskNamedByPathMustBeUnique) {
  virDomainPtr dup = virDomainCreateXML(conn_,
                                        "<domain type='test'><name>dup</name><memory>1024</memory>"
                                        "<os><type>hvm</type></os><devices>"
                                        "<disk type='file' device='disk'><source file='/a/b.img'/>"
                                        "<target dev='vda'/></disk>"
                                        "<disk type='file' device='disk'><source file='/a/b.img'/>"
                                        "<target dev='vdb'/></disk></devices></domain>",
                                        0);
  ASSERT_NE(dup, nullptr);
  auto chk = [&](const char *disk) {
    return virDomainCheckpointCreateXML(
        dup,
        (std::string("<domaincheckpoint><name>k</name><disks><disk name='") + disk +
         "' checkpoint='no'/></disks></domaincheckpoint>")
            .c_str(),
        0);
  };
  EXPECT_EQ(chk("/a/b.img"), nullptr);
  expect_error(VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_DOMAIN_CHECKPOINT,
               "unsupported configuration: no disk named '/a/b.img'");
  EXPECT_EQ(chk("vdc"), nullptr);
  expect_error(VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_DOMAIN_CHECKPOINT,
               "unsupported configuration: no disk named 'vdc'");
  virDomainCheckpointPtr k = chk("vdb");
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(virDomainCheckpointDelete(k, 0), 0);
  virDomainCheckpointFree(k);
  EXPECT_EQ(virDomainSnapshotCreateXML(dup,
                                       "<domainsnapshot><disks><disk name='/a/b.img' "
                                       "snapshot='no'/></disks></domainsnapshot>",
                                       0),
            nullptr);
  expect_error(VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_DOMAIN_SNAPSHOT,
               "unsupported configuration: no disk named '/a/b.img'");
  EXPECT_EQ(virDomainDestroy(dup), 0);
  virDomainFree(dup);
}

}  // namespace
