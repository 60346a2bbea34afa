// SPDX-License-Identifier: LGPL-2.1-or-later
// The C++ API's domain checkpoints (include/virtkit/checkpoint.hpp) on
// test:///default's domain "test": each call, and each failure equal to the C
// call's error.
#include <gtest/gtest.h>

#include <virtkit/virtkit.hpp>

#include <cstdlib>
#include <string>

#include "cxx_test_util.h"

namespace {

using virtkit::DomainCheckpoint;

std::string cp_xml(const std::string &name) {
  return "<domaincheckpoint><name>" + name + "</name></domaincheckpoint>";
}

class CxxCheckpoint : public ::testing::Test {
 protected:
  void SetUp() override {
    virSetErrorFunc(nullptr, cxx_test::quiet);
    conn = virtkit::Connection::open("test:///default");
    dom = virtkit::Domain::lookup_by_name(conn, "test");
    c = virConnectOpen("test:///default");
    ASSERT_NE(c, nullptr);
    cdom = virDomainLookupByName(c, "test");
    ASSERT_NE(cdom, nullptr);
  }
  void TearDown() override {
    // Leaves "test" without checkpoints for the other tests.
    for (auto &cp : DomainCheckpoint::list_all(dom, VIR_DOMAIN_CHECKPOINT_LIST_ROOTS))
      cp.remove(VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN);
    virDomainFree(cdom);
    virConnectClose(c);
    virSetErrorFunc(nullptr, nullptr);
  }
  virtkit::Connection conn;
  virtkit::Domain dom;
  virConnectPtr c = nullptr;
  virDomainPtr cdom = nullptr;
};

TEST_F(CxxCheckpoint, NoneYet) {
  EXPECT_TRUE(DomainCheckpoint::list_all(dom).empty());
  SAME_ERROR(DomainCheckpoint, !virDomainCheckpointLookupByName(cdom, "nosuch", 0),
             DomainCheckpoint::, lookup_by_name, dom, "nosuch");
  SAME_ERROR(DomainCheckpoint, !virDomainCheckpointLookupByName(cdom, "x", 1), DomainCheckpoint::,
             lookup_by_name, dom, "x", 1);
  virDomainCheckpointPtr *cps = nullptr;
  SAME_ERROR(std::vector<DomainCheckpoint>, virDomainListAllCheckpoints(cdom, &cps, 1u << 30) < 0,
             DomainCheckpoint::, list_all, dom, 1u << 30);
  SAME_ERROR(DomainCheckpoint, !virDomainCheckpointCreateXML(cdom, "<domaincheckpoint", 0),
             DomainCheckpoint::, create_xml, dom, "<domaincheckpoint");
}

TEST_F(CxxCheckpoint, TreeAndCalls) {
  auto c1 = DomainCheckpoint::create_xml(dom, cp_xml("c1"));
  auto c2 = DomainCheckpoint::create_xml(dom, cp_xml("c2"));
  EXPECT_EQ(c1.name(), "c1");
  EXPECT_EQ(c2.domain().name(), "test");
  EXPECT_EQ(c2.connection().uri(), "test:///default");
  EXPECT_EQ(c2.parent().name(), "c1");
  EXPECT_EQ(DomainCheckpoint::lookup_by_name(dom, "c2").name(), "c2");
  EXPECT_EQ(DomainCheckpoint::list_all(dom).size(), 2u);
  EXPECT_EQ(DomainCheckpoint::list_all(dom, VIR_DOMAIN_CHECKPOINT_LIST_LEAVES).size(), 1u);
  auto kids = c1.list_all_children();
  ASSERT_EQ(kids.size(), 1u);
  EXPECT_EQ(kids[0].name(), "c2");
  EXPECT_TRUE(c2.list_all_children().empty());

  virDomainCheckpointPtr cc1 = virDomainCheckpointLookupByName(cdom, "c1", 0);
  ASSERT_NE(cc1, nullptr);
  char *x = virDomainCheckpointGetXMLDesc(cc1, 0);
  EXPECT_EQ(c1.xml(), x);
  std::free(x);
  SAME_ERROR(DomainCheckpoint, !virDomainCheckpointGetParent(cc1, 0), c1., parent);
  SAME_ERROR(std::string, !virDomainCheckpointGetXMLDesc(cc1, 1u << 30), c1., xml, 1u << 30);
  virDomainCheckpointPtr *cps = nullptr;
  SAME_ERROR(std::vector<DomainCheckpoint>,
             virDomainCheckpointListAllChildren(cc1, &cps, 1u << 30) < 0, c1., list_all_children,
             1u << 30);
  SAME_ERROR(void, virDomainCheckpointDelete(cc1, 1u << 30) < 0, c1., remove, 1u << 30);

  c1.remove(VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN);
  EXPECT_TRUE(DomainCheckpoint::list_all(dom).empty());
  SAME_ERROR(void, virDomainCheckpointDelete(cc1, 0) < 0, c1., remove);
  SAME_ERROR(std::string, !virDomainCheckpointGetXMLDesc(cc1, 0), c1., xml);
  virDomainCheckpointFree(cc1);
}

}  // namespace
