// SPDX-License-Identifier: LGPL-2.1-or-later
// util/mac: libvirt's virMacAddrParse, virMacAddrFormat and
// virMacAddrCompare rules, and the domain and network XML parsers, which
// both use the parser as it is (as libvirt's do). Accepted and rejected
// texts were checked against Debian's libvirt 9.0.0 (x86-64) through
// test:///default.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <type_traits>

#include "public.h"
#include "util/mac.h"

using virtkit::util::compare_mac;
using virtkit::util::format_mac;
using virtkit::util::MacAddr;
using virtkit::util::parse_mac;

namespace {

// The canonical text of what `text` parses to, or "rejected".
std::string reparse(const char *text) {
  MacAddr mac{};
  return parse_mac(text, mac) ? format_mac(mac) : "rejected";
}

TEST(UtilMac, FormatsLowerCaseTwoDigitsPerByte) {
  EXPECT_EQ(format_mac(MacAddr{0x52, 0x54, 0x00, 0xAB, 0xCD, 0x01}), "52:54:00:ab:cd:01");
  EXPECT_EQ(format_mac(MacAddr{}), "00:00:00:00:00:00");
}

TEST(UtilMac, AcceptsSixGroupsOfOneOrTwoHexDigits) {
  EXPECT_EQ(reparse("52:54:00:AB:cd:01"), "52:54:00:ab:cd:01");
  EXPECT_EQ(reparse("5:4:0:a:c:1"), "05:04:00:0a:0c:01");
  EXPECT_EQ(reparse("ff:FF:fF:00:0:1"), "ff:ff:ff:00:00:01");
}

TEST(UtilMac, RejectsOtherShapes) {
  EXPECT_EQ(reparse(""), "rejected");
  EXPECT_EQ(reparse("52:54:00:ab:cd"), "rejected");        // five groups
  EXPECT_EQ(reparse("52:54:00:ab:cd:01:"), "rejected");    // a seventh separator
  EXPECT_EQ(reparse("52:54:00:ab:cd:01:02"), "rejected");  // seven groups
  EXPECT_EQ(reparse("52-54-00-ab-cd-01"), "rejected");
  EXPECT_EQ(reparse("525400abcd01"), "rejected");
  EXPECT_EQ(reparse("52:54:00:ab:cd:001"), "rejected");  // three digits
  EXPECT_EQ(reparse("052:54:00:ab:cd:01"), "rejected");
  EXPECT_EQ(reparse("52::00:ab:cd:01"), "rejected");
  EXPECT_EQ(reparse("52:54:00:ab:cd:0g"), "rejected");
  EXPECT_EQ(reparse("52:54:00:ab:cd:01x"), "rejected");
  // strtoul would take a sign, space or "0x": the groups may not.
  EXPECT_EQ(reparse("52:+4:00:ab:cd:01"), "rejected");
  EXPECT_EQ(reparse("52:-4:00:ab:cd:01"), "rejected");
  EXPECT_EQ(reparse("52: 54:00:ab:cd:01"), "rejected");
  EXPECT_EQ(reparse("0x:54:00:ab:cd:01"), "rejected");
  EXPECT_EQ(reparse("52:54:00:ab:cd:0x1"), "rejected");
}

TEST(UtilMac, RejectsLeadingWhiteSpace) {
  EXPECT_EQ(reparse(" 52:54:00:ab:cd:01"), "rejected");
  EXPECT_EQ(reparse("\t52:54:00:ab:cd:01"), "rejected");
}

TEST(UtilMac, EndsAtAnyByteUpToSpaceAndIgnoresTheRest) {
  EXPECT_EQ(reparse("52:54:00:ab:cd:01 "), "52:54:00:ab:cd:01");
  EXPECT_EQ(reparse("52:54:00:ab:cd:01\t"), "52:54:00:ab:cd:01");
  EXPECT_EQ(reparse("52:54:00:ab:cd:01\n"), "52:54:00:ab:cd:01");
  EXPECT_EQ(reparse("52:54:00:ab:cd:01 junk"), "52:54:00:ab:cd:01");
  EXPECT_EQ(reparse("52:54:00:ab:cd:01\x01:zz"), "52:54:00:ab:cd:01");
  // A byte >= 0x80 is below ' ' as x86-64's signed char: libvirt accepts
  // "52:54:00:ab:cd:01é" there.
  EXPECT_EQ(reparse("52:54:00:ab:cd:01\xc3\xa9"), "52:54:00:ab:cd:01");
}

TEST(UtilMac, ComparesAsWrittenIgnoringCaseAndLeadingZeros) {
  EXPECT_EQ(compare_mac("52:54:00:ab:cd:01", "52:54:00:AB:CD:01"), 0);
  EXPECT_EQ(compare_mac("5:4:0:a:c:1", "05:04:00:0a:0c:01"), 0);
  EXPECT_EQ(compare_mac("00:00:00:00:00:00", "0:0:0:0:0:0"), 0);
  EXPECT_LT(compare_mac("52:54:00:ab:cd:01", "52:54:00:ab:cd:02"), 0);
  EXPECT_GT(compare_mac("52:54:00:ab:cd:02", "52:54:00:ab:cd:01"), 0);
  // Text after the address counts, unlike for the parser.
  EXPECT_NE(compare_mac("52:54:00:ab:cd:01 junk", "52:54:00:ab:cd:01"), 0);
  EXPECT_NE(compare_mac("52:54:00:ab:cd:01 ", "52:54:00:ab:cd:01"), 0);
}

// The XML parsers: a domain's <interface><mac address=.../> and a network's
// bridge <mac address=.../> both take the parser's rule, trailing text and
// all, and store the address normalised.
class UtilMacXml : public ::testing::Test {
 protected:
  void SetUp() override {
    virSetErrorFunc(nullptr, [](void *, virErrorPtr) {});  // expected errors: no printing
    conn_ = virConnectOpen("test:///default");
    ASSERT_NE(conn_, nullptr);
  }
  void TearDown() override {
    virConnectClose(conn_);
    virSetErrorFunc(nullptr, nullptr);
  }
  virConnectPtr conn() { return conn_; }

  // The domain's interface address after a define, or the error message.
  std::string domain_mac(const std::string &mac) {
    std::string xml =
        "<domain type='test'><name>mac-probe</name><memory>1024</memory><os><type>hvm</type></os>"
        "<devices><interface type='network'><mac address='" +
        mac + "'/><source network='default'/></interface></devices></domain>";
    return defined(virDomainDefineXML(conn_, xml.c_str()));
  }
  // The network's bridge address after a define, or the error message.
  std::string network_mac(const std::string &mac) {
    std::string xml = "<network><name>mac-probe</name><bridge name='virbr9'/><mac address='" + mac +
                      "'/></network>";
    return defined(virNetworkDefineXML(conn_, xml.c_str()));
  }

 private:
  template <class H>
  std::string defined(H h) {
    if (!h) return virGetLastErrorMessage();
    char *xml = nullptr;
    if constexpr (std::is_same_v<H, virDomainPtr>) {
      xml = virDomainGetXMLDesc(h, 0);
      virDomainUndefine(h);
      virDomainFree(h);
    } else {
      xml = virNetworkGetXMLDesc(h, 0);
      virNetworkUndefine(h);
      virNetworkFree(h);
    }
    std::string text = xml ? xml : "";
    free(xml);
    size_t at = text.find("<mac address='");
    if (at == std::string::npos) return "no <mac>";
    at += 14;
    return text.substr(at, text.find('\'', at) - at);
  }

  virConnectPtr conn_ = nullptr;
};

TEST_F(UtilMacXml, DomainAndNetworkParsersAgree) {
  EXPECT_EQ(domain_mac("52:54:00:AB:cd:01"), "52:54:00:ab:cd:01");
  EXPECT_EQ(network_mac("52:54:00:AB:cd:01"), "52:54:00:ab:cd:01");
  EXPECT_EQ(domain_mac("52:54:00:ab:cd:01 junk"), "52:54:00:ab:cd:01");
  EXPECT_EQ(network_mac("52:54:00:ab:cd:01 junk"), "52:54:00:ab:cd:01");
  EXPECT_EQ(domain_mac("52:54:00:ab:cd:01 "), "52:54:00:ab:cd:01");
  EXPECT_EQ(network_mac("52:54:00:ab:cd:01 "), "52:54:00:ab:cd:01");
  EXPECT_EQ(domain_mac(" 52:54:00:ab:cd:01"),
            "XML error: unable to parse mac address ' 52:54:00:ab:cd:01'");
  EXPECT_EQ(network_mac(" 52:54:00:ab:cd:01"),
            "XML error: Invalid bridge mac address ' 52:54:00:ab:cd:01' in network 'mac-probe'");
  EXPECT_EQ(domain_mac("52:54:00:ab:cd"),
            "XML error: unable to parse mac address '52:54:00:ab:cd'");
  EXPECT_EQ(network_mac("52:54:00:ab:cd"),
            "XML error: Invalid bridge mac address '52:54:00:ab:cd' in network 'mac-probe'");
}

// A DHCP host is found by virMacAddrCompare on the addresses as written.
TEST_F(UtilMacXml, DhcpHostsMatchAsLibvirtComparesThem) {
  auto remove = [&](const char *stored, const char *given) {
    std::string xml =
        "<network><name>mac-probe</name><bridge name='virbr9'/>"
        "<ip address='192.168.150.1' netmask='255.255.255.0'><dhcp>"
        "<range start='192.168.150.2' end='192.168.150.254'/><host mac='" +
        std::string(stored) + "' ip='192.168.150.7'/></dhcp></ip></network>";
    virNetworkPtr net = virNetworkDefineXML(conn(), xml.c_str());
    if (!net) return std::string(virGetLastErrorMessage());
    std::string host = "<host mac='" + std::string(given) + "' ip='192.168.150.7'/>";
    int rc = virNetworkUpdate(net, VIR_NETWORK_UPDATE_COMMAND_DELETE,
                              VIR_NETWORK_SECTION_IP_DHCP_HOST, -1, host.c_str(), 0);
    std::string out = rc == 0 ? "deleted" : virGetLastErrorMessage();
    virNetworkUndefine(net);
    virNetworkFree(net);
    return out;
  };
  const std::string none =
      "Requested operation is not valid: couldn't locate a matching dhcp host entry in network "
      "'mac-probe'";
  EXPECT_EQ(remove("52:54:00:ab:cd:01", "52:54:00:AB:CD:1"), "deleted");
  EXPECT_EQ(remove("52:54:00:ab:cd:01 junk", "52:54:00:ab:cd:01 junk"), "deleted");
  EXPECT_EQ(remove("52:54:00:ab:cd:01", "52:54:00:ab:cd:01 junk"), none);
  EXPECT_EQ(remove("52:54:00:ab:cd:01 junk", "52:54:00:ab:cd:01"), none);
  EXPECT_EQ(remove("52:54:00:ab:cd:01", "52:54:00:ab:cd:02"), none);
}

}  // namespace
