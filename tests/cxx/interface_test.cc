// SPDX-License-Identifier: LGPL-2.1-or-later
// The C++ API's host interfaces (include/virtkit/interface.hpp) on
// test:///default: every call's success, and failures equal to the C call's.
#include "cxx_test_util.h"

#include <string>
#include <vector>

namespace {

using cxx_test::same_error;
using cxx_test::take;
using virtkit::Interface;

const char kIfaceXml[] =
    "<interface type='ethernet' name='cxx0'><start mode='onboot'/>"
    "<mac address='aa:bb:cc:dd:ee:01'/></interface>";

class CxxInterface : public cxx_test::Fixture {
 protected:
  void SetUp() override {
    Fixture::SetUp();
    ci = virInterfaceLookupByName(c, "eth1");
    ASSERT_NE(ci, nullptr);
  }
  void TearDown() override {
    virInterfaceFree(ci);
    Fixture::TearDown();
  }
  virInterfacePtr ci = nullptr;
};

std::vector<std::string> names_of(const std::vector<Interface> &ifaces) {
  std::vector<std::string> out;
  for (const Interface &i : ifaces) out.push_back(i.name());
  return out;
}

TEST_F(CxxInterface, LookupsAndProperties) {
  Interface i = Interface::lookup_by_name(conn, "eth1");
  EXPECT_EQ(i.name(), "eth1");
  EXPECT_EQ(i.mac_string(), "aa:bb:cc:dd:ee:ff");
  EXPECT_EQ(*i.try_name(), "eth1");
  EXPECT_EQ(*i.try_mac_string(), virInterfaceGetMACString(ci));
  EXPECT_EQ(Interface::lookup_by_mac_string(conn, "aa:bb:cc:dd:ee:ff").name(), "eth1");
  EXPECT_TRUE(Interface::try_lookup_by_mac_string(conn, "aa:bb:cc:dd:ee:ff"));
  EXPECT_TRUE(Interface::try_lookup_by_name(conn, "eth1"));
  EXPECT_TRUE(i.is_active());
  EXPECT_TRUE(*i.try_is_active());
  EXPECT_EQ(i.xml(), take(virInterfaceGetXMLDesc(ci, 0)));
  // The test driver takes no flags.
  same_error<std::string>(
      [&] { return virInterfaceGetXMLDesc(ci, VIR_INTERFACE_XML_INACTIVE) == nullptr; },
      [&] { return i.xml(VIR_INTERFACE_XML_INACTIVE); },
      [&] { return i.try_xml(VIR_INTERFACE_XML_INACTIVE); });
  EXPECT_EQ(*i.try_xml(), take(virInterfaceGetXMLDesc(ci, 0)));
  EXPECT_EQ(i.connection().uri(), "test:///default");
  EXPECT_EQ(i.try_connection()->uri(), "test:///default");

  same_error<Interface>([&] { return virInterfaceLookupByName(c, "nosuch") == nullptr; },
                        [&] { return Interface::lookup_by_name(conn, "nosuch"); },
                        [&] { return Interface::try_lookup_by_name(conn, "nosuch"); });
  const char *mac = "00:00:00:00:00:00";
  same_error<Interface>([&] { return virInterfaceLookupByMACString(c, mac) == nullptr; },
                        [&] { return Interface::lookup_by_mac_string(conn, mac); },
                        [&] { return Interface::try_lookup_by_mac_string(conn, mac); });
  same_error<std::string>([&] { return virInterfaceGetXMLDesc(ci, 1u << 30) == nullptr; },
                          [&] { return i.xml(1u << 30); }, [&] { return i.try_xml(1u << 30); });

  Interface none;
  same_error<std::string>([&] { return virInterfaceGetName(nullptr) == nullptr; },
                          [&] { return none.name(); }, [&] { return none.try_name(); });
  same_error<std::string>([&] { return virInterfaceGetMACString(nullptr) == nullptr; },
                          [&] { return none.mac_string(); }, [&] { return none.try_mac_string(); });
  same_error<bool>([&] { return virInterfaceIsActive(nullptr) < 0; },
                   [&] { return none.is_active(); }, [&] { return none.try_is_active(); });
  same_error<virtkit::Connection>([&] { return virInterfaceGetConnect(nullptr) == nullptr; },
                                  [&] { return none.connection(); },
                                  [&] { return none.try_connection(); });
}

TEST_F(CxxInterface, Listings) {
  virInterfacePtr *cl = nullptr;
  int n = virConnectListAllInterfaces(c, &cl, 0);
  ASSERT_GE(n, 1);
  std::vector<std::string> want;
  for (int k = 0; k < n; k++) {
    want.push_back(virInterfaceGetName(cl[k]));
    virInterfaceFree(cl[k]);
  }
  std::free(cl);
  EXPECT_EQ(names_of(Interface::list_all(conn)), want);
  EXPECT_EQ(names_of(*Interface::try_list_all(conn)), want);
  Interface::define_xml(conn, kIfaceXml);
  EXPECT_EQ(names_of(Interface::list_all(conn, VIR_CONNECT_LIST_INTERFACES_ACTIVE)),
            std::vector<std::string>{"eth1"});
  EXPECT_EQ(names_of(Interface::list_all(conn, VIR_CONNECT_LIST_INTERFACES_INACTIVE)),
            std::vector<std::string>{"cxx0"});
  EXPECT_EQ(Interface::count(conn), virConnectNumOfInterfaces(c));
  EXPECT_EQ(Interface::count_defined(conn), virConnectNumOfDefinedInterfaces(c));
  EXPECT_EQ(*Interface::try_count(conn), 1);
  EXPECT_EQ(*Interface::try_count_defined(conn), 1);
  EXPECT_EQ(Interface::list_names(conn), std::vector<std::string>{"eth1"});
  EXPECT_EQ(Interface::list_defined_names(conn), std::vector<std::string>{"cxx0"});
  EXPECT_EQ(*Interface::try_list_names(conn), std::vector<std::string>{"eth1"});
  EXPECT_EQ(*Interface::try_list_defined_names(conn), std::vector<std::string>{"cxx0"});

  same_error<std::vector<Interface>>(
      [&] { return virConnectListAllInterfaces(c, &cl, 1u << 30) < 0; },
      [&] { return Interface::list_all(conn, 1u << 30); },
      [&] { return Interface::try_list_all(conn, 1u << 30); });
  virtkit::Connection none;
  same_error<int>([&] { return virConnectNumOfInterfaces(nullptr) < 0; },
                  [&] { return Interface::count(none); },
                  [&] { return Interface::try_count(none); });
  same_error<int>([&] { return virConnectNumOfDefinedInterfaces(nullptr) < 0; },
                  [&] { return Interface::count_defined(none); },
                  [&] { return Interface::try_count_defined(none); });
  same_error<std::vector<std::string>>([&] { return virConnectNumOfInterfaces(nullptr) < 0; },
                                       [&] { return Interface::list_names(none); },
                                       [&] { return Interface::try_list_names(none); });
  same_error<std::vector<std::string>>(
      [&] { return virConnectNumOfDefinedInterfaces(nullptr) < 0; },
      [&] { return Interface::list_defined_names(none); },
      [&] { return Interface::try_list_defined_names(none); });
}

TEST_F(CxxInterface, Lifecycle) {
  Interface i = Interface::define_xml(conn, kIfaceXml);
  EXPECT_EQ(i.name(), "cxx0");
  EXPECT_FALSE(i.is_active());
  virInterfacePtr cx = virInterfaceLookupByName(c, "cxx0");
  ASSERT_NE(cx, nullptr);
  same_error<void>([&] { return virInterfaceDestroy(cx, 0) < 0; }, [&] { i.destroy(); },
                   [&] { return i.try_destroy(); });
  i.create();
  EXPECT_TRUE(i.is_active());
  same_error<void>([&] { return virInterfaceCreate(cx, 0) < 0; }, [&] { i.create(); },
                   [&] { return i.try_create(); });
  i.destroy();
  EXPECT_FALSE(i.is_active());
  EXPECT_TRUE(i.try_create());
  EXPECT_TRUE(i.try_destroy(0));
  same_error<void>([&] { return virInterfaceCreate(cx, 1u << 30) < 0; },
                   [&] { i.create(1u << 30); }, [&] { return i.try_create(1u << 30); });
  same_error<void>([&] { return virInterfaceDestroy(cx, 1u << 30) < 0; },
                   [&] { i.destroy(1u << 30); }, [&] { return i.try_destroy(1u << 30); });
  i.undefine();
  same_error<void>([&] { return virInterfaceUndefine(cx) < 0; }, [&] { i.undefine(); },
                   [&] { return i.try_undefine(); });
  virInterfaceFree(cx);
  EXPECT_TRUE(Interface::try_define_xml(conn, kIfaceXml));
  EXPECT_TRUE(Interface::lookup_by_name(conn, "cxx0").try_undefine());

  same_error<Interface>([&] { return virInterfaceDefineXML(c, "<interface", 0) == nullptr; },
                        [&] { return Interface::define_xml(conn, "<interface"); },
                        [&] { return Interface::try_define_xml(conn, "<interface"); });
  same_error<Interface>([&] { return virInterfaceDefineXML(c, kIfaceXml, 1u << 30) == nullptr; },
                        [&] { return Interface::define_xml(conn, kIfaceXml, 1u << 30); },
                        [&] { return Interface::try_define_xml(conn, kIfaceXml, 1u << 30); });
}

TEST_F(CxxInterface, ChangeTransactions) {
  // Begin, change, roll back: the change is gone.
  Interface::change_begin(conn);
  same_error<void>([&] { return virInterfaceChangeBegin(c, 0) < 0; },
                   [&] { Interface::change_begin(conn); },
                   [&] { return Interface::try_change_begin(conn); });
  Interface::define_xml(conn, kIfaceXml);
  Interface::change_rollback(conn);
  EXPECT_FALSE(Interface::try_lookup_by_name(conn, "cxx0"));
  same_error<void>([&] { return virInterfaceChangeRollback(c, 0) < 0; },
                   [&] { Interface::change_rollback(conn); },
                   [&] { return Interface::try_change_rollback(conn); });
  // Begin, change, commit: the change stays.
  EXPECT_TRUE(Interface::try_change_begin(conn));
  Interface::define_xml(conn, kIfaceXml);
  Interface::change_commit(conn);
  EXPECT_TRUE(Interface::try_lookup_by_name(conn, "cxx0"));
  same_error<void>([&] { return virInterfaceChangeCommit(c, 0) < 0; },
                   [&] { Interface::change_commit(conn); },
                   [&] { return Interface::try_change_commit(conn); });
  EXPECT_TRUE(Interface::try_change_begin(conn));
  EXPECT_TRUE(Interface::try_change_commit(conn));
  EXPECT_TRUE(Interface::try_change_begin(conn));
  EXPECT_TRUE(Interface::try_change_rollback(conn));
  same_error<void>([&] { return virInterfaceChangeBegin(c, 1u << 30) < 0; },
                   [&] { Interface::change_begin(conn, 1u << 30); },
                   [&] { return Interface::try_change_begin(conn, 1u << 30); });
}

TEST_F(CxxInterface, ReadOnlyRefusal) {
  auto ro = virtkit::Connection::open_read_only("test:///default");
  virConnectPtr cro = virConnectOpenReadOnly("test:///default");
  ASSERT_NE(cro, nullptr);
  Interface i = Interface::lookup_by_name(ro, "eth1");
  virInterfacePtr cx = virInterfaceLookupByName(cro, "eth1");
  same_error<void>([&] { return virInterfaceDestroy(cx, 0) < 0; }, [&] { i.destroy(); },
                   [&] { return i.try_destroy(); });
  same_error<void>([&] { return virInterfaceUndefine(cx) < 0; }, [&] { i.undefine(); },
                   [&] { return i.try_undefine(); });
  same_error<void>([&] { return virInterfaceChangeBegin(cro, 0) < 0; },
                   [&] { Interface::change_begin(ro); },
                   [&] { return Interface::try_change_begin(ro); });
  same_error<Interface>([&] { return virInterfaceDefineXML(cro, kIfaceXml, 0) == nullptr; },
                        [&] { return Interface::define_xml(ro, kIfaceXml); },
                        [&] { return Interface::try_define_xml(ro, kIfaceXml); });
  virInterfaceFree(cx);
  virConnectClose(cro);
}

TEST_F(CxxInterface, HandlesShareAndMove) {
  Interface a = Interface::lookup_by_name(conn, "eth1");
  Interface b = a;
  EXPECT_EQ(b.get(), a.get());
  Interface m = std::move(a);
  EXPECT_FALSE(a);  // NOLINT(bugprone-use-after-move)
  EXPECT_EQ(m.name(), "eth1");
  b = Interface();
  EXPECT_FALSE(b);
  EXPECT_EQ(m.mac_string(), "aa:bb:cc:dd:ee:ff");
  Interface keep;
  {
    auto tmp = virtkit::Connection::open("test:///default");
    keep = Interface::lookup_by_name(tmp, "eth1");
  }
  EXPECT_EQ(keep.connection().uri(), "test:///default");
}

}  // namespace
