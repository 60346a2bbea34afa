// SPDX-License-Identifier: LGPL-2.1-or-later
// Networks of the test driver through the public C API. Expected values
// (codes, error domains, messages and their parts, XML) are what Debian's
// libvirt 9.0.0 gives for the same calls; the file uses nothing but the
// public API, so it also builds against that libvirt to check them:
//   g++ -std=c++20 -DVIRTKIT_FIXTURES_DIR='"tests/fixtures"'
//       tests/drivers/network_test.cc $(pkg-config --cflags --libs libvirt)
//       -lgtest -lgtest_main -lpthread
#include <libvirt/libvirt.h>

#include "default_uri.h"
#include <libvirt/virterror.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace std::chrono_literals;

std::string fixture(const std::string &name) {
  std::ifstream in(std::string(VIRTKIT_FIXTURES_DIR) + "/test_driver/" + name);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  // virsh recordings end with the blank line virsh prints.
  while (text.size() > 1 && text.compare(text.size() - 2, 2, "\n\n") == 0) text.pop_back();
  return text;
}

std::string s(const char *p) {
  return p ? p : "(null)";
}

// The thread's last error: code, domain, message, str1, str2 (str3 unset).
void expect_error(int code, int domain, const std::string &msg, const char *str1, const char *str2,
                  int int1 = -1) {
  virErrorPtr err = virGetLastError();
  ASSERT_NE(err, nullptr);
  EXPECT_EQ(err->code, code);
  EXPECT_EQ(err->domain, domain);
  EXPECT_EQ(err->level, VIR_ERR_ERROR);
  EXPECT_EQ(s(err->message), msg);
  EXPECT_EQ(s(err->str1), s(str1));
  EXPECT_EQ(s(err->str2), s(str2));
  EXPECT_EQ(err->str3, nullptr);
  EXPECT_EQ(err->int1, int1);
}

// An error whose catalogue entry has a "%s" for the detail.
void expect_detail(int code, int domain, const std::string &tmpl, const std::string &det) {
  std::string msg = tmpl;
  msg.replace(msg.find("%s"), 2, det);
  expect_error(code, domain, msg, tmpl.c_str(), det.c_str());
}

void expect_bad_flags(const char *func, unsigned flags) {
  char msg[160];
  snprintf(msg, sizeof msg, "unsupported flags (0x%x) in function %s", flags, func);
  expect_error(VIR_ERR_INVALID_ARG, VIR_FROM_TEST, msg, func, "flags", 0);
}

void quiet(void *, virErrorPtr) {}

constexpr const char *kDefaultUuid = "dd8fe884-6c02-601e-7551-cca97df1c5df";
constexpr const char *kNotFound = "Network not found: %s";
constexpr const char *kInvalid = "Requested operation is not valid: %s";
constexpr const char *kFailed = "operation failed: %s";
constexpr const char *kInternal = "internal error: %s";
constexpr const char *kXmlError = "XML error: %s";
constexpr const char *kUnsupported = "Operation not supported: %s";

constexpr const char *kN1 =
    "<network><name>n1</name><uuid>11111111-2222-3333-4444-555555555555</uuid></network>";
constexpr const char *kN1Xml =
    "<network>\n"
    "  <name>n1</name>\n"
    "  <uuid>11111111-2222-3333-4444-555555555555</uuid>\n"
    "  <bridge stp='on' delay='0'/>\n"
    "</network>\n";

class Networks : public ::testing::Test {
 protected:
  void SetUp() override {
    virSetErrorFunc(nullptr, quiet);
    conn_ = virConnectOpen(default_uri());
    ASSERT_NE(conn_, nullptr);
    def_ = virNetworkLookupByName(conn_, "default");
    ASSERT_NE(def_, nullptr);
  }
  void TearDown() override {
    for (virNetworkPtr n : extra_) virNetworkFree(n);
    if (def_) virNetworkFree(def_);
    if (conn_) {
      EXPECT_EQ(virConnectClose(conn_), 0);  // the default host is fresh again
    }
  }
  virNetworkPtr keep(virNetworkPtr n) {
    if (n) extra_.push_back(n);
    return n;
  }
  std::string xml(virNetworkPtr n, unsigned flags = 0) {
    char *x = virNetworkGetXMLDesc(n, flags);
    std::string r = x ? x : "(null)";
    free(x);
    return r;
  }
  std::vector<std::string> names(bool active) {
    char *buf[16] = {};
    int n = active ? virConnectListNetworks(conn_, buf, 16)
                   : virConnectListDefinedNetworks(conn_, buf, 16);
    std::vector<std::string> out;
    for (int i = 0; i < n; i++) out.push_back(buf[i]), free(buf[i]);
    return out;
  }
  std::set<std::string> all(unsigned flags) {
    virNetworkPtr *nets = nullptr;
    int n = virConnectListAllNetworks(conn_, &nets, flags);
    std::set<std::string> out;
    for (int i = 0; i < n; i++) {
      out.insert(virNetworkGetName(nets[i]));
      virNetworkFree(nets[i]);
    }
    free(nets);
    return out;
  }
  int update(virNetworkPtr n, unsigned cmd, unsigned section, const char *x, unsigned flags = 0,
             int parent = -1) {
    return virNetworkUpdate(n, cmd, section, parent, x, flags);
  }

  virConnectPtr conn_ = nullptr;
  virNetworkPtr def_ = nullptr;
  std::vector<virNetworkPtr> extra_;
};

TEST_F(Networks, DefaultHostNetwork) {
  EXPECT_EQ(xml(def_), fixture("network_default.xml"));
  char uuid[VIR_UUID_STRING_BUFLEN];
  ASSERT_EQ(virNetworkGetUUIDString(def_, uuid), 0);
  EXPECT_STREQ(uuid, kDefaultUuid);
  char *br = virNetworkGetBridgeName(def_);
  EXPECT_STREQ(br, "virbr0");
  free(br);
  EXPECT_EQ(virNetworkIsActive(def_), 1);
  EXPECT_EQ(virNetworkIsPersistent(def_), 1);
  int autostart = -1;
  EXPECT_EQ(virNetworkGetAutostart(def_, &autostart), 0);
  EXPECT_EQ(autostart, 0);
  EXPECT_EQ(virConnectNumOfNetworks(conn_), 1);
  EXPECT_EQ(virConnectNumOfDefinedNetworks(conn_), 0);
  EXPECT_EQ(names(true), std::vector<std::string>{"default"});
  EXPECT_TRUE(names(false).empty());
  virNetworkPtr byuuid = keep(virNetworkLookupByUUIDString(conn_, kDefaultUuid));
  ASSERT_NE(byuuid, nullptr);
  EXPECT_STREQ(virNetworkGetName(byuuid), "default");
}

TEST_F(Networks, LookupFailures) {
  EXPECT_EQ(virNetworkLookupByName(conn_, "nope"), nullptr);
  expect_detail(VIR_ERR_NO_NETWORK, VIR_FROM_TEST, kNotFound,
                "no network with matching name 'nope'");
  EXPECT_EQ(virNetworkLookupByUUIDString(conn_, "dd8fe884-6c02-601e-7551-cca97df1c5d0"), nullptr);
  expect_detail(VIR_ERR_NO_NETWORK, VIR_FROM_TEST, kNotFound,
                "no network with matching uuid 'dd8fe884-6c02-601e-7551-cca97df1c5d0'");
}

TEST_F(Networks, RunningNetworkRules) {
  EXPECT_EQ(virNetworkCreate(def_), -1);
  expect_detail(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST, kInvalid,
                "Network 'default' is already running");
  EXPECT_EQ(virNetworkUndefine(def_), -1);
  expect_detail(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST, kInvalid,
                "Network 'default' is still running");
  EXPECT_EQ(virNetworkGetXMLDesc(def_, VIR_NETWORK_XML_INACTIVE), nullptr);
  expect_bad_flags("testNetworkGetXMLDesc", 1);
  EXPECT_EQ(virConnectListAllNetworks(conn_, nullptr, 1u << 30), -1);
  expect_bad_flags("testConnectListAllNetworks", 1u << 30);
  EXPECT_EQ(virNetworkCreateXML(conn_,
                                "<network><name>default</name>"
                                "<uuid>dd8fe884-6c02-601e-7551-cca97df1c5df</uuid></network>"),
            nullptr);
  expect_detail(VIR_ERR_OPERATION_INVALID, VIR_FROM_NETWORK, kInvalid,
                "network is already active as 'default'");
  EXPECT_EQ(virNetworkCreateXMLFlags(conn_, kN1, 2), nullptr);
  expect_bad_flags("testNetworkCreateXMLFlags", 2);
  EXPECT_EQ(virNetworkDefineXMLFlags(conn_, kN1, 2), nullptr);
  expect_bad_flags("testNetworkDefineXMLFlags", 2);
}

TEST_F(Networks, DefineErrors) {
  EXPECT_EQ(virNetworkDefineXML(conn_, "<network><name>default</name></network>"), nullptr);
  expect_detail(VIR_ERR_OPERATION_FAILED, VIR_FROM_NETWORK, kFailed,
                "network 'default' already exists with uuid "
                "dd8fe884-6c02-601e-7551-cca97df1c5df");
  EXPECT_EQ(virNetworkDefineXML(conn_,
                                "<network><uuid>dd8fe884-6c02-601e-7551-cca97df1c5df</uuid>"
                                "<name>x</name></network>"),
            nullptr);
  expect_detail(VIR_ERR_OPERATION_FAILED, VIR_FROM_NETWORK, kFailed,
                "network 'default' is already defined with uuid "
                "dd8fe884-6c02-601e-7551-cca97df1c5df");
  EXPECT_EQ(virNetworkDefineXML(conn_, "<network/>"), nullptr);
  expect_error(VIR_ERR_NO_NAME, VIR_FROM_NETWORK, "missing name information",
               "missing name information", nullptr);
  EXPECT_EQ(virNetworkDefineXML(conn_, "<network><name>a/b</name></network>"), nullptr);
  expect_error(VIR_ERR_XML_DETAIL, VIR_FROM_XML, "invalid char in name: /", "%s",
               "invalid char in name: /");
  EXPECT_EQ(virNetworkDefineXML(conn_, "<netw"), nullptr);
  {
    const char *m =
        "(network_definition):1: Couldn't find end of Start Tag netw line 1\n<netw\n-----^";
    expect_error(VIR_ERR_XML_DETAIL, VIR_FROM_NETWORK, m, "%s", m);
  }
  EXPECT_EQ(virNetworkDefineXML(conn_, "<domain/>"), nullptr);
  expect_detail(VIR_ERR_XML_ERROR, VIR_FROM_XML, kXmlError,
                "expecting root element of 'network', not 'domain'");
  EXPECT_EQ(virNetworkDefineXML(conn_, "<network><name>u</name><uuid>zz</uuid></network>"),
            nullptr);
  expect_detail(VIR_ERR_INTERNAL_ERROR, VIR_FROM_NETWORK, kInternal, "malformed uuid element");
  EXPECT_EQ(virNetworkDefineXML(conn_, "<network><name>f</name><forward mode='route'/></network>"),
            nullptr);
  expect_detail(VIR_ERR_XML_ERROR, VIR_FROM_NETWORK, kXmlError,
                "route forwarding requested, but no IP address provided for network 'f'");
  EXPECT_EQ(virNetworkDefineXML(conn_, "<network><name>f</name><forward mode='bogus'/></network>"),
            nullptr);
  expect_detail(VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_NETWORK, "unsupported configuration: %s",
                "unknown forwarding type 'bogus'");
  EXPECT_EQ(virNetworkDefineXML(conn_, "<network><name>f</name><ip/></network>"), nullptr);
  expect_detail(VIR_ERR_XML_ERROR, VIR_FROM_NETWORK, kXmlError,
                "Missing required address attribute in network 'f'");
  EXPECT_EQ(virNetworkDefineXML(conn_,
                                "<network><name>f</name><ip address='10.0.0.1' prefix='24'>"
                                "<dhcp><range start='10.0.1.2' end='10.0.1.9'/></dhcp></ip>"
                                "</network>"),
            nullptr);
  expect_detail(VIR_ERR_INTERNAL_ERROR, VIR_FROM_NONE, kInternal,
                "range 10.0.1.2 - 10.0.1.9 is not entirely within network 10.0.0.1/24");
  // A netmask with a one after a zero has no prefix.
  EXPECT_EQ(virNetworkDefineXML(conn_,
                                "<network><name>f</name><ip address='10.0.0.1' netmask='1.5'>"
                                "<dhcp><range start='10.0.0.2' end='10.0.0.9'/></dhcp></ip>"
                                "</network>"),
            nullptr);
  expect_detail(VIR_ERR_INTERNAL_ERROR, VIR_FROM_NONE, kInternal,
                "bad prefix -1 for network 10.0.0.1 when  checking range 10.0.0.2 - 10.0.0.9");
  // NAT ranges differ in their last 16 bits only.
  EXPECT_EQ(virNetworkDefineXML(conn_,
                                "<network><name>f</name><forward mode='nat'><nat><address "
                                "start='10.1.0.1' end='10.0.0.9'/></nat></forward><ip "
                                "address='10.0.0.1' prefix='24'/></network>"),
            nullptr);
  expect_detail(VIR_ERR_INTERNAL_ERROR, VIR_FROM_NONE, kInternal,
                "range 10.1.0.1 - 10.0.0.9 is too large (> 65535)");
  EXPECT_EQ(virNetworkDefineXML(conn_, "<network><name>f</name><portgroup name=''/></network>"),
            nullptr);
  expect_detail(VIR_ERR_XML_ERROR, VIR_FROM_NETWORK, kXmlError,
                "Missing required name attribute in portgroup");
}

TEST_F(Networks, PersistentLifecycle) {
  virNetworkPtr n = keep(virNetworkDefineXML(conn_, kN1));
  ASSERT_NE(n, nullptr);
  EXPECT_EQ(xml(n), kN1Xml);
  EXPECT_EQ(virNetworkIsActive(n), 0);
  EXPECT_EQ(virNetworkIsPersistent(n), 1);
  EXPECT_EQ(virConnectNumOfDefinedNetworks(conn_), 1);
  EXPECT_EQ(names(false), std::vector<std::string>{"n1"});
  EXPECT_EQ(virNetworkGetBridgeName(n), nullptr);
  expect_detail(VIR_ERR_INTERNAL_ERROR, VIR_FROM_TEST, kInternal,
                "network 'n1' does not have a bridge name.");
  EXPECT_EQ(virNetworkDestroy(n), 0);  // libvirt's test driver allows it
  EXPECT_EQ(virNetworkCreate(n), 0);
  EXPECT_EQ(virNetworkIsActive(n), 1);
  EXPECT_EQ(virConnectNumOfNetworks(conn_), 2);
  EXPECT_EQ(virNetworkDestroy(n), 0);
  EXPECT_EQ(virNetworkIsActive(n), 0);
  // Redefining keeps the object and replaces its config.
  virNetworkPtr again = keep(virNetworkDefineXML(
      conn_,
      "<network><name>n1</name><uuid>11111111-2222-3333-4444-555555555555</uuid>"
      "<bridge name='br7'/></network>"));
  ASSERT_NE(again, nullptr);
  char *br = virNetworkGetBridgeName(n);
  EXPECT_STREQ(br, "br7");
  free(br);
  EXPECT_EQ(virNetworkUndefine(n), 0);
  EXPECT_EQ(virNetworkUndefine(n), -1);
  expect_detail(VIR_ERR_NO_NETWORK, VIR_FROM_TEST, kNotFound, "no network with matching name 'n1'");
  EXPECT_EQ(virNetworkIsActive(n), -1);
  expect_detail(VIR_ERR_NO_NETWORK, VIR_FROM_TEST, kNotFound,
                "no network with matching uuid '11111111-2222-3333-4444-555555555555'");
  int autostart;
  EXPECT_EQ(virNetworkGetAutostart(n, &autostart), -1);
  EXPECT_EQ(virNetworkSetAutostart(n, 1), -1);
  EXPECT_EQ(virNetworkCreate(n), -1);
  EXPECT_EQ(virNetworkDestroy(n), -1);
  EXPECT_EQ(virNetworkGetXMLDesc(n, 0), nullptr);
  expect_detail(VIR_ERR_NO_NETWORK, VIR_FROM_TEST, kNotFound, "no network with matching name 'n1'");
}

TEST_F(Networks, TransientNetwork) {
  virNetworkPtr t = keep(virNetworkCreateXML(
      conn_,
      "<network><name>t1</name><uuid>37213a51-93b3-4f99-84c5-4b7510f43440</uuid>"
      "<bridge name='br9'/><ip address='10.0.0.1' prefix='24'/><forward mode='route'/>"
      "</network>"));
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(xml(t),
            "<network>\n"
            "  <name>t1</name>\n"
            "  <uuid>37213a51-93b3-4f99-84c5-4b7510f43440</uuid>\n"
            "  <forward mode='route'/>\n"
            "  <bridge name='br9' stp='on' delay='0'/>\n"
            "  <ip address='10.0.0.1' prefix='24'>\n"
            "  </ip>\n"
            "</network>\n");
  EXPECT_EQ(virNetworkIsPersistent(t), 0);
  EXPECT_EQ(virNetworkIsActive(t), 1);
  EXPECT_EQ(virNetworkSetAutostart(t, 1), 0);
  int autostart = 0;
  EXPECT_EQ(virNetworkGetAutostart(t, &autostart), 0);
  EXPECT_EQ(autostart, 1);
  EXPECT_EQ(all(VIR_CONNECT_LIST_NETWORKS_TRANSIENT), std::set<std::string>{"t1"});
  EXPECT_EQ(all(VIR_CONNECT_LIST_NETWORKS_AUTOSTART), std::set<std::string>{"t1"});
  EXPECT_EQ(all(VIR_CONNECT_LIST_NETWORKS_NO_AUTOSTART), std::set<std::string>{"default"});
  EXPECT_EQ(all(VIR_CONNECT_LIST_NETWORKS_PERSISTENT), std::set<std::string>{"default"});
  EXPECT_EQ(all(VIR_CONNECT_LIST_NETWORKS_ACTIVE), (std::set<std::string>{"default", "t1"}));
  EXPECT_TRUE(all(VIR_CONNECT_LIST_NETWORKS_INACTIVE).empty());
  EXPECT_EQ(all(0), (std::set<std::string>{"default", "t1"}));
  EXPECT_EQ(virConnectListAllNetworks(conn_, nullptr, 0), 2);
  EXPECT_EQ(virNetworkDestroy(t), 0);  // a transient network goes away
  EXPECT_EQ(virNetworkIsActive(t), -1);
  expect_detail(VIR_ERR_NO_NETWORK, VIR_FROM_TEST, kNotFound,
                "no network with matching uuid '37213a51-93b3-4f99-84c5-4b7510f43440'");
}

TEST_F(Networks, GeneratedUuid) {
  virNetworkPtr n = keep(virNetworkDefineXML(conn_, "<network><name>g</name></network>"));
  ASSERT_NE(n, nullptr);
  char uuid[VIR_UUID_STRING_BUFLEN];
  ASSERT_EQ(virNetworkGetUUIDString(n, uuid), 0);
  EXPECT_EQ(strlen(uuid), 36u);
  EXPECT_NE(xml(n).find(std::string("<uuid>") + uuid + "</uuid>"), std::string::npos);
}

TEST_F(Networks, RoundTrips) {
  for (int i = 1; i <= 7; i++) {
    std::string in = fixture("network_rt" + std::to_string(i) + ".xml");
    std::string want = fixture("network_rt" + std::to_string(i) + "-out.xml");
    ASSERT_FALSE(in.empty());
    virNetworkPtr n = keep(virNetworkDefineXML(conn_, in.c_str()));
    ASSERT_NE(n, nullptr) << i << ": " << s(virGetLastErrorMessage());
    EXPECT_EQ(xml(n), want) << i;
    // And libvirt's own output defines the same network again.
    virNetworkPtr m = keep(virNetworkDefineXML(conn_, want.c_str()));
    ASSERT_NE(m, nullptr);
    EXPECT_EQ(xml(m), want) << i;
  }
}

constexpr const char *kHost = "<host mac='52:54:00:00:00:01' name='h' ip='192.168.122.10'/>";

TEST_F(Networks, UpdateDhcpHost) {
  ASSERT_EQ(
      update(def_, VIR_NETWORK_UPDATE_COMMAND_ADD_LAST, VIR_NETWORK_SECTION_IP_DHCP_HOST, kHost),
      0);
  std::string x = xml(def_);
  EXPECT_NE(x.find("      <range start='192.168.122.2' end='192.168.122.254'/>\n"
                   "      <host mac='52:54:00:00:00:01' name='h' ip='192.168.122.10'/>\n"
                   "    </dhcp>"),
            std::string::npos)
      << x;
  EXPECT_EQ(
      update(def_, VIR_NETWORK_UPDATE_COMMAND_ADD_LAST, VIR_NETWORK_SECTION_IP_DHCP_HOST, kHost),
      -1);
  expect_detail(VIR_ERR_OPERATION_INVALID, VIR_FROM_NETWORK, kInvalid,
                std::string("there is an existing dhcp host entry in network 'default' that "
                            "matches \"") +
                    kHost + "\"");
  ASSERT_EQ(update(def_, VIR_NETWORK_UPDATE_COMMAND_MODIFY, VIR_NETWORK_SECTION_IP_DHCP_HOST,
                   "<host mac='52:54:00:00:00:01' name='h2' ip='192.168.122.11'/>"),
            0);
  EXPECT_NE(xml(def_).find("name='h2' ip='192.168.122.11'"), std::string::npos);
  EXPECT_EQ(update(def_, VIR_NETWORK_UPDATE_COMMAND_MODIFY, VIR_NETWORK_SECTION_IP_DHCP_HOST,
                   "<host mac='52:54:00:00:00:09' name='zz' ip='192.168.122.99'/>"),
            -1);
  expect_detail(VIR_ERR_OPERATION_INVALID, VIR_FROM_NETWORK, kInvalid,
                "couldn't locate an existing dhcp host entry with \"mac='52:54:00:00:00:09'\" "
                "\"name='zz'\" \"ip='192.168.122.99'\" in network 'default'");
  ASSERT_EQ(update(def_, VIR_NETWORK_UPDATE_COMMAND_DELETE, VIR_NETWORK_SECTION_IP_DHCP_HOST,
                   "<host name='h2'/>"),
            0);
  EXPECT_EQ(xml(def_), fixture("network_default.xml"));
  EXPECT_EQ(
      update(def_, VIR_NETWORK_UPDATE_COMMAND_DELETE, VIR_NETWORK_SECTION_IP_DHCP_HOST, kHost), -1);
  expect_detail(VIR_ERR_OPERATION_INVALID, VIR_FROM_NETWORK, kInvalid,
                "couldn't locate a matching dhcp host entry in network 'default'");
  EXPECT_EQ(update(def_, VIR_NETWORK_UPDATE_COMMAND_ADD_LAST, VIR_NETWORK_SECTION_IP_DHCP_HOST,
                   "<host/>"),
            -1);
  expect_detail(VIR_ERR_XML_ERROR, VIR_FROM_NETWORK, kXmlError,
                "Static host definition in IPv4 network 'default' must have mac or name "
                "attribute");
  EXPECT_EQ(update(def_, VIR_NETWORK_UPDATE_COMMAND_ADD_LAST, VIR_NETWORK_SECTION_IP_DHCP_HOST,
                   "<range start='192.168.122.2' end='192.168.122.3'/>"),
            -1);
  expect_detail(VIR_ERR_XML_ERROR, VIR_FROM_NETWORK, kXmlError,
                "unexpected element <range>, expecting <host>, while updating network "
                "'default'");
}

TEST_F(Networks, UpdateOtherSections) {
  ASSERT_EQ(update(def_, VIR_NETWORK_UPDATE_COMMAND_ADD_FIRST, VIR_NETWORK_SECTION_IP_DHCP_RANGE,
                   "<range start='192.168.122.2' end='192.168.122.254'/>"),
            -1);
  expect_detail(VIR_ERR_OPERATION_INVALID, VIR_FROM_NETWORK, kInvalid,
                "there is an existing dhcp range entry in network 'default' that matches "
                "\"<range start='192.168.122.2' end='192.168.122.254'/>\"");
  ASSERT_EQ(update(def_, VIR_NETWORK_UPDATE_COMMAND_DELETE, VIR_NETWORK_SECTION_IP_DHCP_RANGE,
                   "<range start='192.168.122.2' end='192.168.122.254'/>"),
            0);
  EXPECT_EQ(xml(def_).find("<dhcp>"), std::string::npos);
  ASSERT_EQ(update(def_, VIR_NETWORK_UPDATE_COMMAND_ADD_LAST, VIR_NETWORK_SECTION_DNS_HOST,
                   "<host ip='1.2.3.4'><hostname>a</hostname></host>"),
            0);
  EXPECT_NE(xml(def_).find("  <dns>\n    <host ip='1.2.3.4'>\n      <hostname>a</hostname>\n"
                           "    </host>\n  </dns>\n"),
            std::string::npos);
  EXPECT_EQ(update(def_, VIR_NETWORK_UPDATE_COMMAND_MODIFY, VIR_NETWORK_SECTION_DNS_HOST,
                   "<host ip='1.2.3.4'><hostname>a</hostname></host>"),
            -1);
  expect_detail(VIR_ERR_OPERATION_UNSUPPORTED, VIR_FROM_NETWORK, kUnsupported,
                "DNS HOST records cannot be modified, only added or deleted");
  EXPECT_EQ(update(def_, VIR_NETWORK_UPDATE_COMMAND_ADD_LAST, VIR_NETWORK_SECTION_BRIDGE,
                   "<bridge name='x'/>"),
            -1);
  expect_detail(VIR_ERR_OPERATION_UNSUPPORTED, VIR_FROM_NETWORK, kUnsupported,
                "can't update 'bridge' section of network 'default'");
  EXPECT_EQ(update(def_, 1, 99, "<host/>"), -1);
  expect_detail(VIR_ERR_OPERATION_UNSUPPORTED, VIR_FROM_NETWORK, kUnsupported,
                "can't update unrecognized section of network");
  EXPECT_EQ(update(def_, 1, VIR_NETWORK_SECTION_IP_DHCP_HOST, kHost, 8), -1);
  expect_bad_flags("testNetworkUpdate", 8);
}

TEST_F(Networks, UpdateLiveAndConfig) {
  virNetworkPtr t = keep(virNetworkCreateXML(
      conn_, "<network><name>t</name><ip address='10.1.0.1' prefix='16'/></network>"));
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(update(t, VIR_NETWORK_UPDATE_COMMAND_ADD_LAST, VIR_NETWORK_SECTION_IP_DHCP_HOST,
                   "<host name='x' ip='10.1.0.5'/>", VIR_NETWORK_UPDATE_AFFECT_CONFIG),
            -1);
  expect_detail(VIR_ERR_OPERATION_INVALID, VIR_FROM_NETWORK, kInvalid,
                "cannot change persistent config of a transient network");
  virNetworkPtr n = keep(virNetworkDefineXML(
      conn_, "<network><name>p</name><ip address='10.2.0.1' prefix='16'/></network>"));
  ASSERT_NE(n, nullptr);
  EXPECT_EQ(update(n, VIR_NETWORK_UPDATE_COMMAND_ADD_LAST, VIR_NETWORK_SECTION_IP_DHCP_HOST,
                   "<host name='x' ip='10.2.0.5'/>", VIR_NETWORK_UPDATE_AFFECT_LIVE),
            -1);
  expect_detail(VIR_ERR_OPERATION_INVALID, VIR_FROM_NETWORK, kInvalid, "network is not running");
  // Inactive, current: the config changes.
  ASSERT_EQ(update(n, VIR_NETWORK_UPDATE_COMMAND_ADD_LAST, VIR_NETWORK_SECTION_IP_DHCP_HOST,
                   "<host name='x' ip='10.2.0.5'/>"),
            0);
  EXPECT_NE(xml(n).find("<host name='x' ip='10.2.0.5'/>"), std::string::npos);
  // Running: a config-only change is not seen in the live XML.
  ASSERT_EQ(virNetworkCreate(n), 0);
  ASSERT_EQ(update(n, VIR_NETWORK_UPDATE_COMMAND_ADD_LAST, VIR_NETWORK_SECTION_IP_DHCP_HOST,
                   "<host name='y' ip='10.2.0.6'/>", VIR_NETWORK_UPDATE_AFFECT_CONFIG),
            0);
  EXPECT_EQ(xml(n).find("name='y'"), std::string::npos);
}

// Many threads defining, starting, listing and removing networks on one
// connection: every call succeeds or fails cleanly (run under ASan/TSan).
TEST_F(Networks, ConcurrentLifecycles) {
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 8; t++) {
    threads.emplace_back([&, t] {
      std::string name = "c" + std::to_string(t % 4);  // two threads per name
      std::string x = "<network><name>" + name + "</name><ip address='10." + std::to_string(t) +
                      ".0.1' prefix='24'/></network>";
      for (int i = 0; i < 50; i++) {
        virNetworkPtr n = virNetworkDefineXML(conn_, x.c_str());
        if (!n) {
          // The other thread's definition has another UUID.
          if (virGetLastErrorCode() != VIR_ERR_OPERATION_FAILED) failures++;
          continue;
        }
        virNetworkCreate(n);
        virNetworkUpdate(n, VIR_NETWORK_UPDATE_COMMAND_ADD_LAST, VIR_NETWORK_SECTION_DNS_HOST, -1,
                         "<host ip='1.2.3.4'><hostname>a</hostname></host>", 0);
        virNetworkPtr *all = nullptr;
        int k = virConnectListAllNetworks(conn_, &all, 0);
        for (int j = 0; j < k; j++) virNetworkFree(all[j]);
        free(all);
        char *xml = virNetworkGetXMLDesc(n, 0);
        free(xml);
        virNetworkDestroy(n);
        virNetworkUndefine(n);
        virNetworkFree(n);
      }
    });
  }
  for (auto &th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(virConnectNumOfNetworks(conn_) + virConnectNumOfDefinedNetworks(conn_), 1);
}

// ---- events ----

struct Seen {
  std::string tag, name;
  int event;
};
struct Sink {
  std::string tag;
  std::vector<Seen> *seen;
};

void record(virConnectPtr, virNetworkPtr net, int event, int, void *opaque) {
  auto *s = static_cast<Sink *>(opaque);
  s->seen->push_back({s->tag, virNetworkGetName(net), event});
}

void wake(int, void *) {}

class NetworkEvents : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ASSERT_EQ(virEventRegisterDefaultImpl(), 0);
    static int ticker = virEventAddTimeout(10, wake, nullptr, nullptr);
    ASSERT_GT(ticker, 0);
  }
  void SetUp() override {
    virSetErrorFunc(nullptr, quiet);
    conn = virConnectOpen(default_uri());
    ASSERT_NE(conn, nullptr);
  }
  void TearDown() override { virConnectClose(conn); }
  static void run_until(const std::function<bool()> &done) {
    auto start = std::chrono::steady_clock::now();
    while (!done() && std::chrono::steady_clock::now() - start < 1s) virEventRunDefaultImpl();
  }
  virConnectPtr conn = nullptr;
};

TEST_F(NetworkEvents, LifecycleAndFiltering) {
  std::vector<Seen> seen;
  Sink any{"any", &seen}, one{"n1", &seen};
  auto cb =
      reinterpret_cast<virConnectNetworkEventGenericCallback>(reinterpret_cast<void (*)()>(record));
  int id_any = virConnectNetworkEventRegisterAny(conn, nullptr, VIR_NETWORK_EVENT_ID_LIFECYCLE, cb,
                                                 &any, nullptr);
  ASSERT_GE(id_any, 0);
  virNetworkPtr n = virNetworkDefineXML(conn, kN1);
  ASSERT_NE(n, nullptr);
  int id_one =
      virConnectNetworkEventRegisterAny(conn, n, VIR_NETWORK_EVENT_ID_LIFECYCLE, cb, &one, nullptr);
  ASSERT_GE(id_one, 0);
  EXPECT_TRUE(seen.empty());  // never inside the call
  ASSERT_EQ(virNetworkCreate(n), 0);
  ASSERT_EQ(virNetworkDestroy(n), 0);
  ASSERT_EQ(virNetworkUndefine(n), 0);
  virNetworkPtr d = virNetworkLookupByName(conn, "default");
  ASSERT_NE(d, nullptr);
  ASSERT_EQ(virNetworkDestroy(d), 0);
  ASSERT_EQ(virNetworkCreate(d), 0);
  virNetworkFree(d);
  run_until([&] { return seen.size() >= 10; });
  std::vector<std::string> got;
  for (const auto &e : seen) got.push_back(e.tag + ":" + e.name + ":" + std::to_string(e.event));
  std::vector<std::string> want = {"any:n1:0",      "n1:n1:0",      "any:n1:2", "n1:n1:2",
                                   "any:n1:3",      "n1:n1:3",      "any:n1:1", "n1:n1:1",
                                   "any:default:3", "any:default:2"};
  EXPECT_EQ(got, want);
  EXPECT_EQ(virConnectNetworkEventDeregisterAny(conn, id_one), 0);
  EXPECT_EQ(virConnectNetworkEventDeregisterAny(conn, id_any), 0);
  EXPECT_EQ(virConnectNetworkEventDeregisterAny(conn, id_any), -1);
  expect_error(
      VIR_ERR_INVALID_ARG, VIR_FROM_NONE,
      "invalid argument: could not find event callback " + std::to_string(id_any) + " for deletion",
      "invalid argument: %s",
      ("could not find event callback " + std::to_string(id_any) + " for deletion").c_str());
  virNetworkFree(n);
}

// ---- custom configurations ----

class NetworkConfig : public ::testing::Test {
 protected:
  void SetUp() override { virSetErrorFunc(nullptr, quiet); }
  std::string write(const std::string &name, const std::string &text) {
    std::string path = dir_ + "/" + name;
    std::ofstream(path) << text;
    return path;
  }
  void TearDown() override {
    std::string cmd = "rm -rf '" + dir_ + "'";
    if (std::system(cmd.c_str()) != 0) ADD_FAILURE();
  }
  std::string dir_ = [] {
    char tmpl[] = "/tmp/vk-net-XXXXXX";
    const char *d = mkdtemp(tmpl);
    return std::string(d ? d : "/tmp");
  }();
};

TEST_F(NetworkConfig, InlineAndFileNetworks) {
  write("net2.xml",
        "<network><name>fromfile</name><uuid>22222222-2222-3333-4444-555555555555</uuid>"
        "<bridge name='br2'/></network>");
  std::string cfg = write("node.xml",
                          "<node><network><name>inline</name>"
                          "<uuid>11111111-2222-3333-4444-555555555555</uuid></network>"
                          "<network file='net2.xml'/></node>");
  virConnectPtr c = virConnectOpen(("test://" + cfg).c_str());
  ASSERT_NE(c, nullptr) << s(virGetLastErrorMessage());
  EXPECT_EQ(virConnectNumOfNetworks(c), 2);
  EXPECT_EQ(virConnectNumOfDefinedNetworks(c), 0);
  virNetworkPtr n = virNetworkLookupByName(c, "fromfile");
  ASSERT_NE(n, nullptr);
  EXPECT_EQ(virNetworkIsPersistent(n), 1);
  char *br = virNetworkGetBridgeName(n);
  EXPECT_STREQ(br, "br2");
  free(br);
  virNetworkFree(n);
  virConnectClose(c);
}

TEST_F(NetworkConfig, InvalidNetworkFailsOpen) {
  std::string cfg = write("node.xml", "<node><network><uuid>zz</uuid></network></node>");
  EXPECT_EQ(virConnectOpen(("test://" + cfg).c_str()), nullptr);
  expect_error(VIR_ERR_NO_NAME, VIR_FROM_NETWORK, "missing name information",
               "missing name information", nullptr);
}

}  // namespace
