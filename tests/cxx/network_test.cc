// SPDX-License-Identifier: LGPL-2.1-or-later
// The C++ API's networks and network ports (include/virtkit/network.hpp) on
// test:///default: every call's success, and failures equal to the C call's.
#include "cxx_test_util.h"

#include <array>
#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace {

using cxx_test::same_error;
using cxx_test::take;
using virtkit::Network;
using virtkit::NetworkPort;
using Uuid = std::array<unsigned char, VIR_UUID_BUFLEN>;

const char kNetXml[] =
    "<network><name>cxx-net</name><bridge name='cxxbr0'/>"
    "<ip address='192.168.150.1' netmask='255.255.255.0'>"
    "<dhcp><range start='192.168.150.2' end='192.168.150.254'/></dhcp></ip></network>";

class CxxNetwork : public cxx_test::Fixture {
 protected:
  void SetUp() override {
    Fixture::SetUp();
    cnet = virNetworkLookupByName(c, "default");
    ASSERT_NE(cnet, nullptr);
  }
  void TearDown() override {
    virNetworkFree(cnet);
    Fixture::TearDown();
  }
  virNetworkPtr cnet = nullptr;
};

std::vector<std::string> names_of(const std::vector<Network> &nets) {
  std::vector<std::string> out;
  for (const Network &n : nets) out.push_back(n.name());
  return out;
}

TEST_F(CxxNetwork, Lookups) {
  Network n = Network::lookup_by_name(conn, "default");
  EXPECT_EQ(n.name(), "default");
  char us[VIR_UUID_STRING_BUFLEN];
  ASSERT_EQ(virNetworkGetUUIDString(cnet, us), 0);
  EXPECT_EQ(n.uuid_string(), us);
  Uuid raw{};
  ASSERT_EQ(virNetworkGetUUID(cnet, raw.data()), 0);
  EXPECT_EQ(n.uuid(), raw);
  EXPECT_EQ(Network::lookup_by_uuid(conn, raw).name(), "default");
  EXPECT_EQ(Network::lookup_by_uuid_string(conn, us).name(), "default");
  EXPECT_TRUE(Network::try_lookup_by_name(conn, "default"));
  EXPECT_TRUE(Network::try_lookup_by_uuid(conn, raw));
  EXPECT_TRUE(Network::try_lookup_by_uuid_string(conn, us));
  EXPECT_EQ(*n.try_uuid(), raw);
  EXPECT_EQ(*n.try_uuid_string(), us);
  EXPECT_EQ(*n.try_name(), "default");

  same_error<Network>([&] { return virNetworkLookupByName(c, "nosuch") == nullptr; },
                      [&] { return Network::lookup_by_name(conn, "nosuch"); },
                      [&] { return Network::try_lookup_by_name(conn, "nosuch"); });
  Uuid zero{};
  same_error<Network>([&] { return virNetworkLookupByUUID(c, zero.data()) == nullptr; },
                      [&] { return Network::lookup_by_uuid(conn, zero); },
                      [&] { return Network::try_lookup_by_uuid(conn, zero); });
  same_error<Network>([&] { return virNetworkLookupByUUIDString(c, "bad") == nullptr; },
                      [&] { return Network::lookup_by_uuid_string(conn, "bad"); },
                      [&] { return Network::try_lookup_by_uuid_string(conn, "bad"); });
  const char *u0 = "00000000-0000-0000-0000-000000000000";
  same_error<Network>([&] { return virNetworkLookupByUUIDString(c, u0) == nullptr; },
                      [&] { return Network::lookup_by_uuid_string(conn, u0); },
                      [&] { return Network::try_lookup_by_uuid_string(conn, u0); });
}

TEST_F(CxxNetwork, Properties) {
  Network n = Network::lookup_by_name(conn, "default");
  EXPECT_EQ(n.xml(), take(virNetworkGetXMLDesc(cnet, 0)));
  // The test driver takes no flags.
  same_error<std::string>(
      [&] { return virNetworkGetXMLDesc(cnet, VIR_NETWORK_XML_INACTIVE) == nullptr; },
      [&] { return n.xml(VIR_NETWORK_XML_INACTIVE); },
      [&] { return n.try_xml(VIR_NETWORK_XML_INACTIVE); });
  EXPECT_EQ(n.bridge_name(), take(virNetworkGetBridgeName(cnet)));
  EXPECT_EQ(n.bridge_name(), "virbr0");
  EXPECT_TRUE(n.is_active());
  EXPECT_TRUE(n.is_persistent());
  EXPECT_FALSE(n.autostart());
  n.set_autostart(true);
  EXPECT_TRUE(n.autostart());
  int a = 0;
  ASSERT_EQ(virNetworkGetAutostart(cnet, &a), 0);
  EXPECT_EQ(a, 1);
  EXPECT_TRUE(n.try_set_autostart(false));
  EXPECT_FALSE(*n.try_autostart());
  EXPECT_TRUE(*n.try_is_active());
  EXPECT_TRUE(*n.try_is_persistent());
  EXPECT_EQ(*n.try_bridge_name(), "virbr0");
  EXPECT_EQ(n.connection().uri(), "test:///default");
  EXPECT_EQ(n.try_connection()->uri(), "test:///default");

  same_error<std::string>([&] { return virNetworkGetXMLDesc(cnet, 1u << 30) == nullptr; },
                          [&] { return n.xml(1u << 30); }, [&] { return n.try_xml(1u << 30); });

  // Calls on an empty handle fail as the C calls on NULL.
  Network none;
  same_error<std::string>([&] { return virNetworkGetName(nullptr) == nullptr; },
                          [&] { return none.name(); }, [&] { return none.try_name(); });
  same_error<Uuid>([&] { return virNetworkGetUUID(nullptr, nullptr) < 0; },
                   [&] { return none.uuid(); }, [&] { return none.try_uuid(); });
  same_error<std::string>([&] { return virNetworkGetUUIDString(nullptr, nullptr) < 0; },
                          [&] { return none.uuid_string(); },
                          [&] { return none.try_uuid_string(); });
  same_error<std::string>([&] { return virNetworkGetBridgeName(nullptr) == nullptr; },
                          [&] { return none.bridge_name(); },
                          [&] { return none.try_bridge_name(); });
  same_error<bool>([&] { return virNetworkIsActive(nullptr) < 0; },
                   [&] { return none.is_active(); }, [&] { return none.try_is_active(); });
  same_error<bool>([&] { return virNetworkIsPersistent(nullptr) < 0; },
                   [&] { return none.is_persistent(); }, [&] { return none.try_is_persistent(); });
  same_error<bool>([&] { return virNetworkGetAutostart(nullptr, &a) < 0; },
                   [&] { return none.autostart(); }, [&] { return none.try_autostart(); });
  same_error<void>([&] { return virNetworkSetAutostart(nullptr, 1) < 0; },
                   [&] { none.set_autostart(true); }, [&] { return none.try_set_autostart(true); });
  same_error<virtkit::Connection>([&] { return virNetworkGetConnect(nullptr) == nullptr; },
                                  [&] { return none.connection(); },
                                  [&] { return none.try_connection(); });
}

TEST_F(CxxNetwork, Listings) {
  virNetworkPtr *cl = nullptr;
  int n = virConnectListAllNetworks(c, &cl, 0);
  ASSERT_GE(n, 1);
  std::vector<std::string> want;
  for (int i = 0; i < n; i++) {
    want.push_back(virNetworkGetName(cl[i]));
    virNetworkFree(cl[i]);
  }
  std::free(cl);
  EXPECT_EQ(names_of(Network::list_all(conn)), want);
  EXPECT_EQ(names_of(*Network::try_list_all(conn)), want);
  Network::define_xml(conn, kNetXml);
  auto active = Network::list_all(conn, VIR_CONNECT_LIST_NETWORKS_ACTIVE);
  auto inactive = Network::list_all(conn, VIR_CONNECT_LIST_NETWORKS_INACTIVE);
  EXPECT_EQ(names_of(active), std::vector<std::string>{"default"});
  EXPECT_EQ(names_of(inactive), std::vector<std::string>{"cxx-net"});

  EXPECT_EQ(Network::count(conn), virConnectNumOfNetworks(c));
  EXPECT_EQ(Network::count_defined(conn), virConnectNumOfDefinedNetworks(c));
  EXPECT_EQ(*Network::try_count(conn), 1);
  EXPECT_EQ(*Network::try_count_defined(conn), 1);
  EXPECT_EQ(Network::list_names(conn), std::vector<std::string>{"default"});
  EXPECT_EQ(Network::list_defined_names(conn), std::vector<std::string>{"cxx-net"});
  EXPECT_EQ(*Network::try_list_names(conn), std::vector<std::string>{"default"});
  EXPECT_EQ(*Network::try_list_defined_names(conn), std::vector<std::string>{"cxx-net"});

  same_error<std::vector<Network>>([&] { return virConnectListAllNetworks(c, &cl, 1u << 30) < 0; },
                                   [&] { return Network::list_all(conn, 1u << 30); },
                                   [&] { return Network::try_list_all(conn, 1u << 30); });
  // A connection that is not one fails as in C.
  virtkit::Connection none;
  same_error<int>([&] { return virConnectNumOfNetworks(nullptr) < 0; },
                  [&] { return Network::count(none); }, [&] { return Network::try_count(none); });
  same_error<int>([&] { return virConnectNumOfDefinedNetworks(nullptr) < 0; },
                  [&] { return Network::count_defined(none); },
                  [&] { return Network::try_count_defined(none); });
  same_error<std::vector<std::string>>([&] { return virConnectNumOfNetworks(nullptr) < 0; },
                                       [&] { return Network::list_names(none); },
                                       [&] { return Network::try_list_names(none); });
  same_error<std::vector<std::string>>([&] { return virConnectNumOfDefinedNetworks(nullptr) < 0; },
                                       [&] { return Network::list_defined_names(none); },
                                       [&] { return Network::try_list_defined_names(none); });
}

TEST_F(CxxNetwork, Lifecycle) {
  Network n = Network::define_xml(conn, kNetXml);
  EXPECT_EQ(n.name(), "cxx-net");
  EXPECT_FALSE(n.is_active());
  EXPECT_TRUE(n.is_persistent());
  virNetworkPtr cn = virNetworkLookupByName(c, "cxx-net");
  ASSERT_NE(cn, nullptr);
  // libvirt's test driver stops an inactive network without complaint.
  EXPECT_TRUE(n.try_destroy());
  n.create();
  EXPECT_TRUE(n.is_active());
  same_error<void>([&] { return virNetworkCreate(cn) < 0; }, [&] { n.create(); },
                   [&] { return n.try_create(); });
  n.destroy();
  EXPECT_TRUE(n.try_create());
  EXPECT_TRUE(n.try_destroy());
  n.undefine();
  same_error<void>([&] { return virNetworkUndefine(cn) < 0; }, [&] { n.undefine(); },
                   [&] { return n.try_undefine(); });
  virNetworkFree(cn);

  // The flags form validates against the schema.
  Network v = Network::define_xml(conn, kNetXml, VIR_NETWORK_DEFINE_VALIDATE);
  EXPECT_TRUE(v.try_undefine());
  EXPECT_TRUE(Network::try_define_xml(conn, kNetXml));
  EXPECT_TRUE(Network::lookup_by_name(conn, "cxx-net").try_undefine());

  same_error<Network>([&] { return virNetworkDefineXML(c, "<network") == nullptr; },
                      [&] { return Network::define_xml(conn, "<network"); },
                      [&] { return Network::try_define_xml(conn, "<network"); });
  const char *bad = "<network><name>x</name><bogus/></network>";
  same_error<Network>(
      [&] { return virNetworkDefineXMLFlags(c, bad, VIR_NETWORK_DEFINE_VALIDATE) == nullptr; },
      [&] { return Network::define_xml(conn, bad, VIR_NETWORK_DEFINE_VALIDATE); },
      [&] { return Network::try_define_xml(conn, bad, VIR_NETWORK_DEFINE_VALIDATE); });
  same_error<Network>([&] { return virNetworkDefineXMLFlags(c, kNetXml, 1u << 30) == nullptr; },
                      [&] { return Network::define_xml(conn, kNetXml, 1u << 30); },
                      [&] { return Network::try_define_xml(conn, kNetXml, 1u << 30); });
}

TEST_F(CxxNetwork, CreateTransient) {
  Network t = Network::create_xml(conn, kNetXml);
  EXPECT_TRUE(t.is_active());
  EXPECT_FALSE(t.is_persistent());
  t.destroy();
  // Gone with its destruction.
  EXPECT_FALSE(Network::try_lookup_by_name(conn, "cxx-net"));
  Network f = Network::create_xml(conn, kNetXml, VIR_NETWORK_CREATE_VALIDATE);
  EXPECT_TRUE(f.try_destroy());
  auto r = Network::try_create_xml(conn, kNetXml);
  ASSERT_TRUE(r);
  r->destroy();

  same_error<Network>([&] { return virNetworkCreateXML(c, "junk") == nullptr; },
                      [&] { return Network::create_xml(conn, "junk"); },
                      [&] { return Network::try_create_xml(conn, "junk"); });
  same_error<Network>([&] { return virNetworkCreateXMLFlags(c, kNetXml, 1u << 30) == nullptr; },
                      [&] { return Network::create_xml(conn, kNetXml, 1u << 30); },
                      [&] { return Network::try_create_xml(conn, kNetXml, 1u << 30); });
  // A name already taken.
  std::string dup = "<network><name>default</name></network>";
  same_error<Network>([&] { return virNetworkCreateXML(c, dup.c_str()) == nullptr; },
                      [&] { return Network::create_xml(conn, dup); },
                      [&] { return Network::try_create_xml(conn, dup); });
}

TEST_F(CxxNetwork, Update) {
  Network n = Network::lookup_by_name(conn, "default");
  const char *host = "<host mac='52:54:00:00:00:01' name='cxx' ip='192.168.122.10'/>";
  unsigned live = VIR_NETWORK_UPDATE_AFFECT_LIVE | VIR_NETWORK_UPDATE_AFFECT_CONFIG;
  n.update(VIR_NETWORK_UPDATE_COMMAND_ADD_LAST, VIR_NETWORK_SECTION_IP_DHCP_HOST, -1, host, live);
  EXPECT_NE(n.xml().find("52:54:00:00:00:01"), std::string::npos);
  EXPECT_EQ(n.xml(), take(virNetworkGetXMLDesc(cnet, 0)));
  // Adding it again fails as in C.
  same_error<void>(
      [&] {
        return virNetworkUpdate(cnet, VIR_NETWORK_UPDATE_COMMAND_ADD_LAST,
                                VIR_NETWORK_SECTION_IP_DHCP_HOST, -1, host, live) < 0;
      },
      [&] {
        n.update(VIR_NETWORK_UPDATE_COMMAND_ADD_LAST, VIR_NETWORK_SECTION_IP_DHCP_HOST, -1, host,
                 live);
      },
      [&] {
        return n.try_update(VIR_NETWORK_UPDATE_COMMAND_ADD_LAST, VIR_NETWORK_SECTION_IP_DHCP_HOST,
                            -1, host, live);
      });
  EXPECT_TRUE(n.try_update(VIR_NETWORK_UPDATE_COMMAND_DELETE, VIR_NETWORK_SECTION_IP_DHCP_HOST, -1,
                           host, live));
  EXPECT_EQ(n.xml().find("52:54:00:00:00:01"), std::string::npos);
  unsigned bad_cmd = 99;
  same_error<void>(
      [&] { return virNetworkUpdate(cnet, 99, VIR_NETWORK_SECTION_IP_DHCP_HOST, -1, host, 0) < 0; },
      [&] { n.update(bad_cmd, VIR_NETWORK_SECTION_IP_DHCP_HOST, -1, host); },
      [&] { return n.try_update(bad_cmd, VIR_NETWORK_SECTION_IP_DHCP_HOST, -1, host); });
}

TEST_F(CxxNetwork, DHCPLeasesUnsupported) {
  Network n = Network::lookup_by_name(conn, "default");
  virNetworkDHCPLeasePtr *leases = nullptr;
  same_error<std::vector<virtkit::DHCPLease>>(
      [&] { return virNetworkGetDHCPLeases(cnet, nullptr, &leases, 0) < 0; },
      [&] { return n.dhcp_leases(); }, [&] { return n.try_dhcp_leases(); });
  const char *mac = "52:54:00:00:00:01";
  same_error<std::vector<virtkit::DHCPLease>>(
      [&] { return virNetworkGetDHCPLeases(cnet, mac, &leases, 0) < 0; },
      [&] { return n.dhcp_leases(mac); }, [&] { return n.try_dhcp_leases(mac); });
  EXPECT_EQ(cxx_test::c_code(), VIR_ERR_NO_SUPPORT);
  // The value type: a lease's expiry is a system_clock time.
  virtkit::DHCPLease l{};
  l.expiry = std::chrono::system_clock::time_point(std::chrono::seconds(1700000000));
  EXPECT_EQ(std::chrono::system_clock::to_time_t(l.expiry), 1700000000);
}

TEST_F(CxxNetwork, PortsUnsupported) {
  // The test driver has no ports: every port call fails as in C.
  Network n = Network::lookup_by_name(conn, "default");
  virNetworkPortPtr *ports = nullptr;
  same_error<std::vector<NetworkPort>>([&] { return virNetworkListAllPorts(cnet, &ports, 0) < 0; },
                                       [&] { return NetworkPort::list_all(n); },
                                       [&] { return NetworkPort::try_list_all(n); });
  EXPECT_EQ(cxx_test::c_code(), VIR_ERR_NO_SUPPORT);
  const char *px =
      "<networkport><owner><name>g</name><uuid>11111111-2222-3333-4444-555555555555</uuid>"
      "</owner><mac address='52:54:00:00:00:02'/></networkport>";
  same_error<NetworkPort>([&] { return virNetworkPortCreateXML(cnet, px, 0) == nullptr; },
                          [&] { return NetworkPort::create_xml(n, px); },
                          [&] { return NetworkPort::try_create_xml(n, px); });
  EXPECT_EQ(cxx_test::c_code(), VIR_ERR_NO_SUPPORT);
  Uuid u{1, 2, 3};
  same_error<NetworkPort>([&] { return virNetworkPortLookupByUUID(cnet, u.data()) == nullptr; },
                          [&] { return NetworkPort::lookup_by_uuid(n, u); },
                          [&] { return NetworkPort::try_lookup_by_uuid(n, u); });
  EXPECT_EQ(cxx_test::c_code(), VIR_ERR_NO_SUPPORT);
  const char *us = "11111111-2222-3333-4444-555555555555";
  same_error<NetworkPort>([&] { return virNetworkPortLookupByUUIDString(cnet, us) == nullptr; },
                          [&] { return NetworkPort::lookup_by_uuid_string(n, us); },
                          [&] { return NetworkPort::try_lookup_by_uuid_string(n, us); });
  EXPECT_EQ(cxx_test::c_code(), VIR_ERR_NO_SUPPORT);
  same_error<NetworkPort>([&] { return virNetworkPortLookupByUUIDString(cnet, "bad") == nullptr; },
                          [&] { return NetworkPort::lookup_by_uuid_string(n, "bad"); },
                          [&] { return NetworkPort::try_lookup_by_uuid_string(n, "bad"); });
}

TEST_F(CxxNetwork, PortCallsOnEmptyHandle) {
  // No driver here makes a port, so the member calls are checked on an empty
  // handle: each fails as the C call on NULL.
  NetworkPort p;
  EXPECT_FALSE(p);
  same_error<Network>([&] { return virNetworkPortGetNetwork(nullptr) == nullptr; },
                      [&] { return p.network(); }, [&] { return p.try_network(); });
  same_error<Uuid>([&] { return virNetworkPortGetUUID(nullptr, nullptr) < 0; },
                   [&] { return p.uuid(); }, [&] { return p.try_uuid(); });
  same_error<std::string>([&] { return virNetworkPortGetUUIDString(nullptr, nullptr) < 0; },
                          [&] { return p.uuid_string(); }, [&] { return p.try_uuid_string(); });
  same_error<std::string>([&] { return virNetworkPortGetXMLDesc(nullptr, 0) == nullptr; },
                          [&] { return p.xml(); }, [&] { return p.try_xml(); });
  virTypedParameterPtr params = nullptr;
  int np = 0;
  same_error<virtkit::TypedParams>(
      [&] { return virNetworkPortGetParameters(nullptr, &params, &np, 0) < 0; },
      [&] { return p.parameters(); }, [&] { return p.try_parameters(); });
  virtkit::TypedParams set;
  set.add(VIR_NETWORK_PORT_BANDWIDTH_IN_AVERAGE, 100u);
  virTypedParameter one{};
  same_error<void>([&] { return virNetworkPortSetParameters(nullptr, &one, 1, 0) < 0; },
                   [&] { p.set_parameters(set); }, [&] { return p.try_set_parameters(set); });
  // A field name C cannot hold fails before the call, as building the C array does.
  std::string field(VIR_TYPED_PARAM_FIELD_LENGTH + 1, 'x');
  virtkit::TypedParams too_long;
  too_long.add(field, 1u);
  virTypedParameterPtr tp = nullptr;
  int tn = 0, tmax = 0;
  same_error<void>([&] { return virTypedParamsAddUInt(&tp, &tn, &tmax, field.c_str(), 1) < 0; },
                   [&] { p.set_parameters(too_long); },
                   [&] { return p.try_set_parameters(too_long); });
  virTypedParamsFree(tp, tn);
  same_error<void>([&] { return virNetworkPortDelete(nullptr, 0) < 0; }, [&] { p.remove(); },
                   [&] { return p.try_remove(); });
}

TEST_F(CxxNetwork, ReadOnlyRefusal) {
  auto ro = virtkit::Connection::open_read_only("test:///default");
  virConnectPtr cro = virConnectOpenReadOnly("test:///default");
  ASSERT_NE(cro, nullptr);
  Network n = Network::lookup_by_name(ro, "default");
  virNetworkPtr cn = virNetworkLookupByName(cro, "default");
  same_error<void>([&] { return virNetworkDestroy(cn) < 0; }, [&] { n.destroy(); },
                   [&] { return n.try_destroy(); });
  same_error<void>([&] { return virNetworkSetAutostart(cn, 1) < 0; },
                   [&] { n.set_autostart(true); }, [&] { return n.try_set_autostart(true); });
  same_error<Network>([&] { return virNetworkDefineXML(cro, kNetXml) == nullptr; },
                      [&] { return Network::define_xml(ro, kNetXml); },
                      [&] { return Network::try_define_xml(ro, kNetXml); });
  same_error<Network>([&] { return virNetworkCreateXML(cro, kNetXml) == nullptr; },
                      [&] { return Network::create_xml(ro, kNetXml); },
                      [&] { return Network::try_create_xml(ro, kNetXml); });
  virNetworkFree(cn);
  virConnectClose(cro);
}

TEST_F(CxxNetwork, HandlesShareAndMove) {
  Network a = Network::lookup_by_name(conn, "default");
  {
    Network b = a;
    Network d;
    d = b;
    EXPECT_EQ(d.get(), a.get());
    EXPECT_EQ(d.name(), "default");
  }
  EXPECT_EQ(a.name(), "default");
  Network m = std::move(a);
  EXPECT_FALSE(a);  // NOLINT(bugprone-use-after-move)
  EXPECT_EQ(m.name(), "default");
  Network m2;
  m2 = std::move(m);
  EXPECT_FALSE(m);  // NOLINT(bugprone-use-after-move)
  EXPECT_TRUE(m2);
  // A network keeps its connection alive.
  Network keep;
  {
    auto tmp = virtkit::Connection::open("test:///default");
    keep = Network::lookup_by_name(tmp, "default");
  }
  EXPECT_EQ(keep.connection().uri(), "test:///default");
  EXPECT_TRUE(keep.is_active());
  // release() hands the reference to C.
  virNetworkPtr raw = keep.release();
  EXPECT_FALSE(keep);
  EXPECT_STREQ(virNetworkGetName(raw), "default");
  virNetworkFree(raw);
}

}  // namespace

namespace {

TEST_F(CxxNetwork, EventSubscriptions) {
  // The event headers' Network callbacks get this header's Network.
  cxx_test::Loop loop;
  std::mutex m;
  std::vector<std::pair<std::string, int>> events;
  auto sub = virtkit::on_network_event<VIR_NETWORK_EVENT_ID_LIFECYCLE>(
      conn, [&](const Network &n, int event, int) {
        std::lock_guard<std::mutex> l(m);
        events.emplace_back(n.name(), event);
      });
  Network n = Network::define_xml(conn, kNetXml);
  ASSERT_TRUE(cxx_test::wait_for([&] {
    std::lock_guard<std::mutex> l(m);
    return !events.empty();
  }));
  {
    std::lock_guard<std::mutex> l(m);
    EXPECT_EQ(events.at(0), std::make_pair(std::string("cxx-net"), int(VIR_NETWORK_EVENT_DEFINED)));
  }
  // Only one network's events, through a Network handle.
  std::atomic<int> mine{0};
  auto only = virtkit::on_network_event<VIR_NETWORK_EVENT_ID_LIFECYCLE>(
      conn, [&](const Network &, int, int) { mine++; }, &n);
  Network::lookup_by_name(conn, "default").destroy();
  n.create();
  EXPECT_TRUE(cxx_test::wait_for([&] { return mine == 1; }));
  sub.cancel();
  n.destroy();
  EXPECT_TRUE(cxx_test::wait_for([&] { return mine == 2; }));
}

}  // namespace
