// SPDX-License-Identifier: LGPL-2.1-or-later
// Host interfaces of the test driver through the public C API. Expected
// values (codes, error domains, messages and their parts, XML) are what
// Debian's libvirt 9.0.0 gives for the same calls. The file uses nothing
// but the public API, so it also builds against that libvirt to check them:
//   g++ -std=c++20 -DVIRTKIT_FIXTURES_DIR='"tests/fixtures"'
//       tests/drivers/interface_test.cc $(pkg-config --cflags --libs libvirt)
//       -lgtest -lgtest_main -lpthread
#include <libvirt/libvirt.h>

#include "default_uri.h"
#include <libvirt/virterror.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

std::string fixture(const std::string &name) {
  std::ifstream in(std::string(VIRTKIT_FIXTURES_DIR) + "/test_driver/" + name);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string fixture_uri(const std::string &name) {
  return "test://" + std::string(VIRTKIT_FIXTURES_DIR) + "/test_driver/" + name;
}

std::string s(const char *p) {
  return p ? p : "(null)";
}

void quiet(void *, virErrorPtr) {}

// The thread's last error: code, domain, message, and for errors raised
// with a catalogue template, str1 (the template) and str2 (the detail).
void expect_error(int code, int domain, const std::string &message, const char *str1 = nullptr,
                  const char *str2 = nullptr) {
  virErrorPtr err = virGetLastError();
  ASSERT_NE(err, nullptr);
  EXPECT_EQ(err->code, code);
  EXPECT_EQ(err->domain, domain);
  EXPECT_EQ(err->level, VIR_ERR_ERROR);
  EXPECT_EQ(s(err->message), message);
  if (str1) {
    EXPECT_EQ(s(err->str1), str1);
  }
  if (str2) {
    EXPECT_EQ(s(err->str2), str2);
  }
}

void expect_not_found(const std::string &name) {
  std::string det = "no interface with matching name '" + name + "'";
  expect_error(VIR_ERR_NO_INTERFACE, VIR_FROM_TEST, "Interface not found: " + det,
               "Interface not found: %s", det.c_str());
}

void expect_xml_error(int domain, const std::string &det) {
  expect_error(VIR_ERR_XML_ERROR, domain, "XML error: " + det, "XML error: %s", det.c_str());
}

void expect_bad_flags(unsigned flags, const char *func) {
  char buf[200];
  std::snprintf(buf, sizeof buf, "unsupported flags (0x%x) in function %s", flags, func);
  expect_error(VIR_ERR_INVALID_ARG, VIR_FROM_TEST, buf, func, "flags");
}

std::set<std::string> names_of(char **names, int n) {
  std::set<std::string> out;
  for (int i = 0; i < n; i++) {
    out.insert(names[i]);
    std::free(names[i]);
  }
  return out;
}

std::set<std::string> active_names(virConnectPtr c) {
  char *names[16] = {};
  int n = virConnectListInterfaces(c, names, 16);
  EXPECT_GE(n, 0);
  return names_of(names, n);
}

std::set<std::string> inactive_names(virConnectPtr c) {
  char *names[16] = {};
  int n = virConnectListDefinedInterfaces(c, names, 16);
  EXPECT_GE(n, 0);
  return names_of(names, n);
}

std::string xml_of(virInterfacePtr i) {
  char *x = virInterfaceGetXMLDesc(i, 0);
  EXPECT_NE(x, nullptr);
  std::string out = x ? x : "";
  std::free(x);
  return out;
}

class Interfaces : public ::testing::Test {
 protected:
  void SetUp() override {
    virSetErrorFunc(nullptr, quiet);
    conn_ = virConnectOpen(default_uri());
    ASSERT_NE(conn_, nullptr);
  }
  void TearDown() override {
    for (virInterfacePtr i : keep_) virInterfaceFree(i);
    // The last connection to test:///default frees its state.
    if (conn_) {
      EXPECT_EQ(virConnectClose(conn_), 0);
    }
  }
  virInterfacePtr keep(virInterfacePtr i) {
    if (i) keep_.push_back(i);
    return i;
  }
  virInterfacePtr define(const std::string &xml) {
    return keep(virInterfaceDefineXML(conn_, xml.c_str(), 0));
  }
  virInterfacePtr lookup(const char *name) { return keep(virInterfaceLookupByName(conn_, name)); }
  // A definition that fails with an XML error of `domain`.
  void bad_define(const std::string &xml, int domain, const std::string &det) {
    SCOPED_TRACE(xml);
    EXPECT_EQ(virInterfaceDefineXML(conn_, xml.c_str(), 0), nullptr);
    expect_xml_error(domain, det);
  }

  virConnectPtr conn_ = nullptr;
  std::vector<virInterfacePtr> keep_;
};

// ---------------------------------------------------------------- default host

TEST_F(Interfaces, DefaultHost) {
  EXPECT_EQ(virConnectNumOfInterfaces(conn_), 1);
  EXPECT_EQ(virConnectNumOfDefinedInterfaces(conn_), 0);
  EXPECT_EQ(active_names(conn_), std::set<std::string>{"eth1"});
  EXPECT_TRUE(inactive_names(conn_).empty());
  virInterfacePtr eth1 = lookup("eth1");
  ASSERT_NE(eth1, nullptr);
  EXPECT_STREQ(virInterfaceGetName(eth1), "eth1");
  EXPECT_STREQ(virInterfaceGetMACString(eth1), "aa:bb:cc:dd:ee:ff");
  EXPECT_EQ(virInterfaceIsActive(eth1), 1);
  EXPECT_EQ(xml_of(eth1), fixture("iface-eth1.xml"));
}

TEST_F(Interfaces, ListNamesStopsAtMax) {
  ASSERT_NE(define("<interface type='ethernet' name='a'/>"), nullptr);
  ASSERT_NE(define("<interface type='ethernet' name='b'/>"), nullptr);
  char *names[1] = {};
  EXPECT_EQ(virConnectListDefinedInterfaces(conn_, names, 1), 1);
  std::free(names[0]);
  EXPECT_EQ(virConnectListDefinedInterfaces(conn_, names, 0), 0);
}

TEST_F(Interfaces, ListAll) {
  ASSERT_NE(define("<interface type='bridge' name='br0'><bridge/></interface>"), nullptr);
  auto list = [&](unsigned flags) {
    virInterfacePtr *ifaces = nullptr;
    int n = virConnectListAllInterfaces(conn_, &ifaces, flags);
    std::set<std::string> out;
    for (int i = 0; i < n; i++) {
      out.insert(virInterfaceGetName(ifaces[i]));
      virInterfaceFree(ifaces[i]);
    }
    if (n >= 0) {
      EXPECT_EQ(ifaces[n], nullptr);
    }
    std::free(ifaces);
    return out;
  };
  EXPECT_EQ(list(0), (std::set<std::string>{"br0", "eth1"}));
  EXPECT_EQ(list(VIR_CONNECT_LIST_INTERFACES_ACTIVE), std::set<std::string>{"eth1"});
  EXPECT_EQ(list(VIR_CONNECT_LIST_INTERFACES_INACTIVE), std::set<std::string>{"br0"});
  EXPECT_EQ(list(VIR_CONNECT_LIST_INTERFACES_ACTIVE | VIR_CONNECT_LIST_INTERFACES_INACTIVE),
            (std::set<std::string>{"br0", "eth1"}));
  EXPECT_EQ(virConnectListAllInterfaces(conn_, nullptr, 0), 2);

  virInterfacePtr *ifaces = nullptr;
  EXPECT_EQ(virConnectListAllInterfaces(conn_, &ifaces, 4), -1);
  expect_bad_flags(4, "testConnectListAllInterfaces");
}

// ---------------------------------------------------------------- lookups

TEST_F(Interfaces, LookupByName) {
  EXPECT_EQ(virInterfaceLookupByName(conn_, "nope"), nullptr);
  expect_not_found("nope");
}

TEST_F(Interfaces, LookupByMAC) {
  // The handle carries the MAC string as asked.
  virInterfacePtr i = keep(virInterfaceLookupByMACString(conn_, "AA:BB:CC:DD:EE:FF"));
  ASSERT_NE(i, nullptr);
  EXPECT_STREQ(virInterfaceGetName(i), "eth1");
  EXPECT_STREQ(virInterfaceGetMACString(i), "AA:BB:CC:DD:EE:FF");

  EXPECT_EQ(virInterfaceLookupByMACString(conn_, "00:11:22:33:44:55"), nullptr);
  expect_error(VIR_ERR_NO_INTERFACE, VIR_FROM_TEST,
               "Interface not found: no interface with matching mac '00:11:22:33:44:55'");

  ASSERT_NE(define("<interface type='ethernet' name='eth7'><mac address='aa:bb:cc:dd:ee:ff'/>"
                   "</interface>"),
            nullptr);
  EXPECT_EQ(virInterfaceLookupByMACString(conn_, "aa:bb:cc:dd:ee:ff"), nullptr);
  expect_error(VIR_ERR_MULTIPLE_INTERFACES, VIR_FROM_TEST, "multiple matching interfaces found");
}

TEST_F(Interfaces, LookupByMACMatchesInterfacesWithoutOne) {
  // libvirt 9.0.0 counts a definition without a MAC address as a match.
  virInterfacePtr br = define("<interface type='bridge' name='br3'><bridge/></interface>");
  ASSERT_NE(br, nullptr);
  EXPECT_STREQ(virInterfaceGetMACString(br), "");
  EXPECT_EQ(virInterfaceLookupByMACString(conn_, "aa:bb:cc:dd:ee:ff"), nullptr);
  expect_error(VIR_ERR_MULTIPLE_INTERFACES, VIR_FROM_TEST, "multiple matching interfaces found");
  virInterfacePtr eth1 = lookup("eth1");
  ASSERT_EQ(virInterfaceUndefine(eth1), 0);
  virInterfacePtr i = keep(virInterfaceLookupByMACString(conn_, "12:34:56:78:9a:bc"));
  ASSERT_NE(i, nullptr);
  EXPECT_STREQ(virInterfaceGetName(i), "br3");
}

// ---------------------------------------------------------------- definitions

TEST_F(Interfaces, DefineDumpRoundTrips) {
  struct Case {
    const char *in, *out;
  } cases[] = {
      {"<interface type='ethernet' name='eth9'><start mode='hotplug'/><mtu size='9000'/>"
       "<protocol family='ipv6'><autoconf/><dhcp peerdns='yes'/><ip address='fe80::1' "
       "prefix='64'/><route gateway='fe80::ff'/></protocol><protocol family='ipv4'><dhcp/>"
       "<ip address='10.0.0.1'/><ip/></protocol><link speed='1000' state='up'/>"
       "<mac address='00:11:22:33:44:55'/></interface>",
       "<interface type='ethernet' name='eth9'>\n  <start mode='hotplug'/>\n  <mtu "
       "size='9000'/>\n  <protocol family='ipv6'>\n    <autoconf/>\n    <dhcp peerdns='yes'/>\n "
       "   <ip address='fe80::1' prefix='64'/>\n    <route gateway='fe80::ff'/>\n  "
       "</protocol>\n  <protocol family='ipv4'>\n    <dhcp/>\n    <ip address='10.0.0.1'/>\n  "
       "</protocol>\n  <link speed='1000' state='up'/>\n  <mac "
       "address='00:11:22:33:44:55'/>\n</interface>\n"},
      {"<interface type='bond' name='bond0'><bond mode='active-backup'><miimon freq='100' "
       "updelay='10' downdelay='0' carrier='ioctl'/><interface type='ethernet' name='eth2'>"
       "<mac address='ab:bb:cc:dd:ee:01'/></interface></bond></interface>",
       "<interface type='bond' name='bond0'>\n  <bond mode='active-backup'>\n    <miimon "
       "freq='100' updelay='10' carrier='ioctl'/>\n    <interface type='ethernet' name='eth2'>\n "
       "     <mac address='ab:bb:cc:dd:ee:01'/>\n    </interface>\n  </bond>\n</interface>\n"},
      {"<interface type='vlan' name='eth0.7'><vlan tag='7'><interface name='eth0'/></vlan>"
       "</interface>",
       "<interface type='vlan' name='eth0.7'>\n  <vlan tag='7'>\n    <interface "
       "name='eth0'/>\n  </vlan>\n</interface>\n"},
      {"<interface type='bridge' name='br1'><bridge stp='on'/></interface>",
       "<interface type='bridge' name='br1'>\n  <bridge stp='on'>\n  </bridge>\n</interface>\n"},
  };
  for (const Case &c : cases) {
    SCOPED_TRACE(c.in);
    virInterfacePtr i = define(c.in);
    ASSERT_NE(i, nullptr);
    EXPECT_EQ(virInterfaceIsActive(i), 0);
    EXPECT_EQ(xml_of(i), c.out);
    // What is formatted parses back to the same definition.
    virInterfacePtr again = define(c.out);
    ASSERT_NE(again, nullptr);
    EXPECT_EQ(xml_of(again), c.out);
  }
  EXPECT_EQ(virConnectNumOfDefinedInterfaces(conn_), 4);
}

TEST_F(Interfaces, BadStpDropsTheRestOfTheBridge) {
  // libvirt reports the value but keeps going, without the bridge's
  // delay and members.
  virInterfacePtr i = define(
      "<interface type='bridge' name='b'><bridge stp='maybe' delay='1'><interface "
      "type='ethernet' name='eth0'/></bridge></interface>");
  ASSERT_NE(i, nullptr);
  EXPECT_EQ(xml_of(i),
            "<interface type='bridge' name='b'>\n  <bridge>\n  </bridge>\n</interface>\n");
}

TEST_F(Interfaces, CustomConfig) {
  virConnectPtr c = virConnectOpen(fixture_uri("iface-node.xml").c_str());
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(active_names(c), (std::set<std::string>{"eth0", "br0"}));
  EXPECT_EQ(virConnectNumOfDefinedInterfaces(c), 0);
  for (const char *name : {"eth0", "br0"}) {
    virInterfacePtr i = virInterfaceLookupByName(c, name);
    ASSERT_NE(i, nullptr);
    EXPECT_EQ(xml_of(i), fixture(std::string("iface-node-") + name + ".xml"));
    virInterfaceFree(i);
  }
  EXPECT_EQ(virInterfaceLookupByName(c, "eth1"), nullptr);
  virConnectClose(c);
}

TEST_F(Interfaces, CustomConfigErrors) {
  EXPECT_EQ(virConnectOpen(fixture_uri("iface-bad.xml").c_str()), nullptr);
  expect_xml_error(VIR_FROM_INTERFACE, "interface has no name");
}

TEST_F(Interfaces, Redefine) {
  virInterfacePtr i = define(
      "<interface type='ethernet' name='eth1'><mac address='aa:bb:cc:dd:ee:01'/></interface>");
  ASSERT_NE(i, nullptr);
  EXPECT_STREQ(virInterfaceGetMACString(i), "aa:bb:cc:dd:ee:01");
  // Still active: only the definition changed.
  EXPECT_EQ(virInterfaceIsActive(i), 1);
  EXPECT_EQ(xml_of(i),
            "<interface type='ethernet' name='eth1'>\n  <mac address='aa:bb:cc:dd:ee:01'/>\n"
            "</interface>\n");
}

TEST_F(Interfaces, DefineErrors) {
  const int X = VIR_FROM_XML, I = VIR_FROM_INTERFACE;
  bad_define("<foo/>", X, "expecting root element of 'interface', not 'foo'");
  bad_define("<interface name='x'/>", X,
             "Missing required attribute 'type' in element 'interface'");
  bad_define("<interface type='blah' name='x'/>", X,
             "Invalid value for attribute 'type' in element 'interface': 'blah'.");
  bad_define("<interface type='ethernet'/>", I, "interface has no name");
  bad_define("<interface type='ethernet' name='x'><start mode='bad'/></interface>", I,
             "unknown interface startmode bad");
  bad_define("<interface type='ethernet' name='x'><mtu size='100001'/></interface>", I,
             "value of the 'size' attribute of 'mtu' element must be at most 100000");
  bad_define("<interface type='ethernet' name='x'><protocol/></interface>", I,
             "protocol misses the family attribute");
  bad_define("<interface type='ethernet' name='x'><protocol family='ipx'/></interface>", I,
             "unsupported protocol family 'ipx'");
  bad_define(
      "<interface type='ethernet' name='x'><protocol family='ipv4'><ip address='1.2.3.4' "
      "prefix='x'/></protocol></interface>",
      X, "Invalid value for attribute 'prefix' in element 'ip': 'x'. Expected integer value");
  bad_define(
      "<interface type='ethernet' name='x'><protocol family='ipv4'><dhcp peerdns='maybe'/>"
      "</protocol></interface>",
      X, "Invalid value for attribute 'peerdns' in element 'dhcp': 'maybe'.");
  bad_define("<interface type='ethernet' name='x'><link state='sideways'/></interface>", X,
             "Invalid value for attribute 'state' in element 'link': 'sideways'.");
  bad_define("<interface type='ethernet' name='x'><link speed='-1'/></interface>", X,
             "Invalid value for attribute 'speed' in element 'link': '-1'. Expected non-negative "
             "integer value");
  bad_define("<interface type='bridge' name='br0'/>", I,
             "bridge interface misses the bridge element");
  bad_define("<interface type='bond' name='b'/>", I, "bond interface misses the bond element");
  bad_define("<interface type='vlan' name='v'/>", I, "vlan interface misses the vlan element");
  bad_define("<interface type='vlan' name='v'><vlan/></interface>", I,
             "vlan interface misses the tag attribute");
  bad_define("<interface type='vlan' name='v'><vlan tag='4'/></interface>", I,
             "vlan interface misses name attribute");
  bad_define("<interface type='bond' name='b'><bond mode='x'/></interface>", I,
             "unknown bonding mode x");
  bad_define("<interface type='bond' name='b'><bond><miimon/></bond></interface>", I,
             "bond interface miimon freq missing or invalid");
  bad_define(
      "<interface type='bond' name='b'><bond><miimon freq='1' downdelay='x'/></bond>"
      "</interface>",
      I, "bond interface miimon downdelay invalid");
  bad_define(
      "<interface type='bond' name='b'><bond><miimon freq='1' updelay='x'/></bond>"
      "</interface>",
      I, "bond interface miimon updelay invalid");
  bad_define(
      "<interface type='bond' name='b'><bond><miimon freq='1' carrier='x'/></bond>"
      "</interface>",
      I, "unknown mii bonding carrier x");
  bad_define("<interface type='bond' name='b'><bond><arpmon/></bond></interface>", I,
             "bond interface arpmon interval missing or invalid");
  bad_define("<interface type='bond' name='b'><bond><arpmon interval='5'/></bond></interface>", I,
             "bond interface arpmon target missing");
  bad_define(
      "<interface type='bond' name='b'><bond><arpmon interval='5' target='1.2.3.4' "
      "validate='x'/></bond></interface>",
      I, "unknown arp bonding validate x");
  bad_define(
      "<interface type='bond' name='b'><bond><interface type='bridge' name='x'/></bond>"
      "</interface>",
      I, "interface has unsupported type 'bridge'");
  bad_define(
      "<interface type='bridge' name='b'><bridge><interface type='bridge' name='x'/>"
      "</bridge></interface>",
      I, "interface has unsupported type 'bridge'");
  bad_define(
      "<interface type='bridge' name='b'><bridge><interface type='ethernet'/></bridge>"
      "</interface>",
      I, "interface has no name");

  // Malformed XML: a detailed parse error of the interface domain.
  EXPECT_EQ(virInterfaceDefineXML(conn_, "<interface", 0), nullptr);
  expect_error(VIR_ERR_XML_DETAIL, VIR_FROM_INTERFACE,
               "(interface_definition):1: Couldn't find end of Start Tag interface line "
               "1\n<interface\n----------^");

  // An unparsable MTU fails without saying why, as in libvirt.
  EXPECT_EQ(virInterfaceDefineXML(
                conn_, "<interface type='ethernet' name='x'><mtu size='abc'/></interface>", 0),
            nullptr);
  expect_error(VIR_ERR_INTERNAL_ERROR, VIR_FROM_NONE,
               "An error occurred, but the cause is unknown");

  EXPECT_EQ(virInterfaceDefineXML(conn_, "<interface type='ethernet' name='x'/>", 2), nullptr);
  expect_bad_flags(2, "testInterfaceDefineXML");
  EXPECT_EQ(virInterfaceDefineXML(conn_, nullptr, 0), nullptr);
  expect_error(VIR_ERR_INVALID_ARG, VIR_FROM_INTERFACE,
               "xml in virInterfaceDefineXML must not be NULL");
  EXPECT_EQ(virConnectNumOfDefinedInterfaces(conn_), 0);
}

TEST_F(Interfaces, DefineValidate) {
  const char *xml = "<interface type='ethernet' name='x'><bogus/></interface>";
  EXPECT_EQ(virInterfaceDefineXML(conn_, xml, VIR_INTERFACE_DEFINE_VALIDATE), nullptr);
  expect_error(VIR_ERR_XML_INVALID_SCHEMA, VIR_FROM_XML,
               "XML document failed to validate against schema: Unable to validate doc against "
               "/usr/share/libvirt/schemas/interface.rng\nElement interface has extra content: "
               "bogus\nInvalid sequence in interleave\nElement interface failed to validate "
               "content\n");
  // Without validation unknown elements are ignored.
  EXPECT_NE(define(xml), nullptr);
}

TEST_F(Interfaces, XMLDescErrors) {
  virInterfacePtr eth1 = lookup("eth1");
  ASSERT_NE(eth1, nullptr);
  EXPECT_EQ(virInterfaceGetXMLDesc(eth1, 1), nullptr);
  expect_bad_flags(1, "testInterfaceGetXMLDesc");
}

// ---------------------------------------------------------------- state

TEST_F(Interfaces, CreateDestroyUndefine) {
  virInterfacePtr br = define("<interface type='bridge' name='br2'><bridge/></interface>");
  ASSERT_NE(br, nullptr);
  EXPECT_EQ(virInterfaceDestroy(br, 0), -1);
  expect_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST, "Requested operation is not valid",
               "Requested operation is not valid");
  EXPECT_EQ(virInterfaceDestroy(br, 1), -1);
  expect_bad_flags(1, "testInterfaceDestroy");
  EXPECT_EQ(virInterfaceCreate(br, 1), -1);
  expect_bad_flags(1, "testInterfaceCreate");

  EXPECT_EQ(virInterfaceCreate(br, 0), 0);
  EXPECT_EQ(virInterfaceIsActive(br), 1);
  EXPECT_EQ(virInterfaceCreate(br, 0), -1);
  expect_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST, "Requested operation is not valid");
  EXPECT_EQ(active_names(conn_), (std::set<std::string>{"br2", "eth1"}));
  EXPECT_EQ(virInterfaceDestroy(br, 0), 0);
  EXPECT_EQ(virInterfaceIsActive(br), 0);

  EXPECT_EQ(virInterfaceUndefine(br), 0);
  EXPECT_EQ(virInterfaceUndefine(br), -1);
  expect_not_found("br2");
  EXPECT_EQ(virInterfaceGetXMLDesc(br, 0), nullptr);
  expect_not_found("br2");
  EXPECT_EQ(virInterfaceIsActive(br), -1);
  expect_not_found("br2");
  EXPECT_EQ(virInterfaceCreate(br, 0), -1);
  expect_not_found("br2");
  EXPECT_EQ(virInterfaceDestroy(br, 0), -1);
  expect_not_found("br2");

  // An active interface can be undefined too.
  virInterfacePtr eth1 = lookup("eth1");
  EXPECT_EQ(virInterfaceUndefine(eth1), 0);
  EXPECT_EQ(virConnectNumOfInterfaces(conn_), 0);
}

TEST_F(Interfaces, ReadOnly) {
  virConnectPtr ro = virConnectOpenReadOnly(default_uri());
  ASSERT_NE(ro, nullptr);
  virInterfacePtr i = virInterfaceLookupByName(ro, "eth1");
  ASSERT_NE(i, nullptr);
  EXPECT_EQ(virInterfaceDestroy(i, 0), -1);
  expect_error(VIR_ERR_OPERATION_DENIED, VIR_FROM_INTERFACE,
               "operation forbidden: read only access prevents virInterfaceDestroy");
  EXPECT_EQ(virInterfaceChangeBegin(ro, 0), -1);
  expect_error(VIR_ERR_OPERATION_DENIED, VIR_FROM_INTERFACE,
               "operation forbidden: read only access prevents virInterfaceChangeBegin");
  virInterfaceFree(i);
  virConnectClose(ro);
}

// ---------------------------------------------------------------- transactions

TEST_F(Interfaces, TransactionErrors) {
  EXPECT_EQ(virInterfaceChangeCommit(conn_, 0), -1);
  expect_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST,
               "Requested operation is not valid: no transaction running, nothing to be "
               "committed.",
               "Requested operation is not valid: %s",
               "no transaction running, nothing to be committed.");
  EXPECT_EQ(virInterfaceChangeRollback(conn_, 0), -1);
  expect_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST,
               "Requested operation is not valid: no transaction running, nothing to rollback.");
  EXPECT_EQ(virInterfaceChangeBegin(conn_, 1), -1);
  expect_bad_flags(1, "testInterfaceChangeBegin");
  EXPECT_EQ(virInterfaceChangeBegin(conn_, 0), 0);
  EXPECT_EQ(virInterfaceChangeBegin(conn_, 0), -1);
  expect_error(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST,
               "Requested operation is not valid: there is another transaction running.");
  EXPECT_EQ(virInterfaceChangeCommit(conn_, 1), -1);
  expect_bad_flags(1, "testInterfaceChangeCommit");
  EXPECT_EQ(virInterfaceChangeRollback(conn_, 1), -1);
  expect_bad_flags(1, "testInterfaceChangeRollback");
  EXPECT_EQ(virInterfaceChangeCommit(conn_, 0), 0);
  EXPECT_EQ(virInterfaceChangeCommit(conn_, 0), -1);
}

TEST_F(Interfaces, CommitKeepsChanges) {
  ASSERT_EQ(virInterfaceChangeBegin(conn_, 0), 0);
  ASSERT_NE(define("<interface type='ethernet' name='eth5'/>"), nullptr);
  ASSERT_EQ(virInterfaceChangeCommit(conn_, 0), 0);
  EXPECT_EQ(inactive_names(conn_), std::set<std::string>{"eth5"});
  EXPECT_EQ(active_names(conn_), std::set<std::string>{"eth1"});
}

TEST_F(Interfaces, RollbackRestoresSnapshot) {
  ASSERT_NE(define("<interface type='ethernet' name='eth5'/>"), nullptr);
  ASSERT_EQ(virInterfaceChangeBegin(conn_, 0), 0);
  virInterfacePtr eth1 = lookup("eth1");
  ASSERT_EQ(virInterfaceUndefine(eth1), 0);
  ASSERT_NE(define("<interface type='ethernet' name='eth6'/>"), nullptr);
  ASSERT_EQ(virInterfaceChangeRollback(conn_, 0), 0);
  // The snapshot's copies come back inactive, as libvirt's clone makes them.
  EXPECT_TRUE(active_names(conn_).empty());
  EXPECT_EQ(inactive_names(conn_), (std::set<std::string>{"eth1", "eth5"}));
  EXPECT_EQ(xml_of(eth1), fixture("iface-eth1.xml"));
  // The transaction is over.
  EXPECT_EQ(virInterfaceChangeRollback(conn_, 0), -1);
}

TEST_F(Interfaces, TransactionIsSharedByDefaultConnections) {
  virConnectPtr other = virConnectOpen(default_uri());
  ASSERT_NE(other, nullptr);
  ASSERT_EQ(virInterfaceChangeBegin(conn_, 0), 0);
  EXPECT_EQ(virInterfaceChangeBegin(other, 0), -1);
  EXPECT_EQ(virInterfaceChangeCommit(other, 0), 0);
  virConnectClose(other);
}

TEST_F(Interfaces, ConcurrentUse) {
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; t++) {
    threads.emplace_back([this, t] {
      for (int i = 0; i < 50; i++) {
        std::string name = "t" + std::to_string(t) + "_" + std::to_string(i);
        std::string xml = "<interface type='ethernet' name='" + name + "'/>";
        virInterfacePtr iface = virInterfaceDefineXML(conn_, xml.c_str(), 0);
        ASSERT_NE(iface, nullptr);
        EXPECT_EQ(virInterfaceCreate(iface, 0), 0);
        char *x = virInterfaceGetXMLDesc(iface, 0);
        EXPECT_NE(x, nullptr);
        std::free(x);
        EXPECT_GE(virConnectNumOfInterfaces(conn_), 1);
        EXPECT_EQ(virInterfaceDestroy(iface, 0), 0);
        EXPECT_EQ(virInterfaceUndefine(iface), 0);
        virInterfaceFree(iface);
      }
    });
  }
  for (auto &t : threads) t.join();
  EXPECT_EQ(virConnectNumOfInterfaces(conn_), 1);
  EXPECT_EQ(virConnectNumOfDefinedInterfaces(conn_), 0);
}

}  // namespace
