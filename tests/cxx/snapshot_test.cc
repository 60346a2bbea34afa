// SPDX-License-Identifier: LGPL-2.1-or-later
// The C++ API's domain snapshots (include/virtkit/snapshot.hpp) on
// test:///default's domain "test": each call, and each failure equal to the C
// call's error.
#include <gtest/gtest.h>

#include <virtkit/virtkit.hpp>

#include <cstdlib>
#include <string>

#include "cxx_test_util.h"

namespace {

using virtkit::DomainSnapshot;

std::string snap_xml(const std::string &name) {
  return "<domainsnapshot><name>" + name + "</name></domainsnapshot>";
}

class CxxSnapshot : public ::testing::Test {
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
    // Leaves "test" without snapshots for the other tests.
    for (auto &s : DomainSnapshot::list_all(dom, VIR_DOMAIN_SNAPSHOT_LIST_ROOTS))
      s.remove(VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN);
    virDomainFree(cdom);
    virConnectClose(c);
    virSetErrorFunc(nullptr, nullptr);
  }
  virtkit::Connection conn;
  virtkit::Domain dom;
  virConnectPtr c = nullptr;
  virDomainPtr cdom = nullptr;
};

TEST_F(CxxSnapshot, NoneYet) {
  EXPECT_FALSE(DomainSnapshot::has_current(dom));
  EXPECT_TRUE(DomainSnapshot::list_all(dom).empty());
  EXPECT_TRUE(DomainSnapshot::list_names(dom).empty());
  EXPECT_EQ(DomainSnapshot::count(dom), 0);
  SAME_ERROR(DomainSnapshot, !virDomainSnapshotCurrent(cdom, 0), DomainSnapshot::, current, dom);
  SAME_ERROR(DomainSnapshot, !virDomainSnapshotLookupByName(cdom, "nosuch", 0), DomainSnapshot::,
             lookup_by_name, dom, "nosuch");
  SAME_ERROR(bool, virDomainHasCurrentSnapshot(cdom, 1) < 0, DomainSnapshot::, has_current, dom, 1);
  SAME_ERROR(int, virDomainSnapshotNum(cdom, 1u << 30) < 0, DomainSnapshot::, count, dom, 1u << 30);
  SAME_ERROR(std::vector<std::string>, virDomainSnapshotNum(cdom, 1u << 30) < 0, DomainSnapshot::,
             list_names, dom, 1u << 30);
  virDomainSnapshotPtr *snaps = nullptr;
  SAME_ERROR(std::vector<DomainSnapshot>, virDomainListAllSnapshots(cdom, &snaps, 1u << 30) < 0,
             DomainSnapshot::, list_all, dom, 1u << 30);
  SAME_ERROR(DomainSnapshot, !virDomainSnapshotCreateXML(cdom, "<domainsnapshot", 0),
             DomainSnapshot::, create_xml, dom, "<domainsnapshot");
}

TEST_F(CxxSnapshot, TreeAndCalls) {
  auto s1 = DomainSnapshot::create_xml(dom, snap_xml("s1"));
  auto s2 = DomainSnapshot::create_xml(dom, snap_xml("s2"));
  EXPECT_EQ(s1.name(), "s1");
  EXPECT_EQ(s2.domain().name(), "test");
  EXPECT_EQ(s2.connection().uri(), "test:///default");
  EXPECT_TRUE(DomainSnapshot::has_current(dom));
  EXPECT_EQ(DomainSnapshot::current(dom).name(), "s2");
  EXPECT_TRUE(s2.is_current());
  EXPECT_FALSE(s1.is_current());
  EXPECT_TRUE(s1.has_metadata());
  EXPECT_EQ(s2.parent().name(), "s1");
  EXPECT_EQ(DomainSnapshot::lookup_by_name(dom, "s1").name(), "s1");
  EXPECT_EQ(DomainSnapshot::count(dom), 2);
  EXPECT_EQ(DomainSnapshot::list_names(dom).size(), 2u);
  EXPECT_EQ(DomainSnapshot::list_all(dom).size(), 2u);
  EXPECT_EQ(DomainSnapshot::list_all(dom, VIR_DOMAIN_SNAPSHOT_LIST_ROOTS).size(), 1u);
  EXPECT_EQ(s1.count_children(), 1);
  EXPECT_EQ(s1.list_children_names(), std::vector<std::string>{"s2"});
  auto kids = s1.list_all_children();
  ASSERT_EQ(kids.size(), 1u);
  EXPECT_EQ(kids[0].name(), "s2");
  EXPECT_TRUE(s2.list_all_children().empty());

  virDomainSnapshotPtr c1 = virDomainSnapshotLookupByName(cdom, "s1", 0);
  ASSERT_NE(c1, nullptr);
  char *x = virDomainSnapshotGetXMLDesc(c1, 0);
  EXPECT_EQ(s1.xml(), x);
  std::free(x);

  SAME_ERROR(DomainSnapshot, !virDomainSnapshotGetParent(c1, 0), s1., parent);
  SAME_ERROR(std::string, !virDomainSnapshotGetXMLDesc(c1, 1u << 30), s1., xml, 1u << 30);
  SAME_ERROR(bool, virDomainSnapshotIsCurrent(c1, 1) < 0, s1., is_current, 1);
  SAME_ERROR(bool, virDomainSnapshotHasMetadata(c1, 1) < 0, s1., has_metadata, 1);
  SAME_ERROR(int, virDomainSnapshotNumChildren(c1, 1u << 30) < 0, s1., count_children, 1u << 30);
  SAME_ERROR(std::vector<std::string>, virDomainSnapshotNumChildren(c1, 1u << 30) < 0, s1.,
             list_children_names, 1u << 30);
  virDomainSnapshotPtr *snaps = nullptr;
  SAME_ERROR(std::vector<DomainSnapshot>,
             virDomainSnapshotListAllChildren(c1, &snaps, 1u << 30) < 0, s1., list_all_children,
             1u << 30);
  SAME_ERROR(void, virDomainRevertToSnapshot(c1, 1u << 30) < 0, s1., revert, 1u << 30);
  SAME_ERROR(void, virDomainSnapshotDelete(c1, 1u << 30) < 0, s1., remove, 1u << 30);

  s1.revert();
  EXPECT_TRUE(s1.is_current());
  EXPECT_EQ(DomainSnapshot::current(dom).name(), "s1");
  virDomainSnapshotPtr c2 = virDomainSnapshotLookupByName(cdom, "s2", 0);
  ASSERT_NE(c2, nullptr);
  s2.remove();
  EXPECT_EQ(DomainSnapshot::count(dom), 1);
  // A deleted snapshot's handle stays, its calls fail.
  SAME_ERROR(std::string, !virDomainSnapshotGetXMLDesc(c2, 0), s2., xml);
  SAME_ERROR(void, virDomainRevertToSnapshot(c2, 0) < 0, s2., revert);
  virDomainSnapshotFree(c2);
  s1.remove();
  EXPECT_FALSE(DomainSnapshot::has_current(dom));
  SAME_ERROR(void, virDomainSnapshotDelete(c1, 0) < 0, s1., remove);
  virDomainSnapshotFree(c1);
}

}  // namespace
