// SPDX-License-Identifier: LGPL-2.1-or-later
// Node devices of the test driver through the public C API. Expected
// values (codes, error domains, messages and their parts, XML, events) are
// what Debian's libvirt 9.0.0 gives for the same calls. The file uses
// nothing but the public API, so it also builds against that libvirt:
//   g++ -std=c++20 -DVIRTKIT_FIXTURES_DIR='"tests/fixtures"'
//       tests/drivers/nodedev_test.cc $(pkg-config --cflags --libs libvirt)
//       -lgtest -lgtest_main -lpthread
#include <libvirt/libvirt.h>

#include "default_uri.h"
#include <libvirt/virterror.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

using namespace std::chrono_literals;

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

void expect_internal(const std::string &det) {
  expect_error(VIR_ERR_INTERNAL_ERROR, VIR_FROM_NODEDEV, "internal error: " + det,
               "internal error: %s", det.c_str());
}

void expect_not_found(const std::string &name) {
  std::string det = "no node device with matching name '" + name + "'";
  expect_error(VIR_ERR_NO_NODE_DEVICE, VIR_FROM_TEST, "Node device not found: " + det,
               "Node device not found: %s", det.c_str());
}

void expect_bad_flags(unsigned flags, const char *func) {
  char buf[200];
  std::snprintf(buf, sizeof buf, "unsupported flags (0x%x) in function %s", flags, func);
  expect_error(VIR_ERR_INVALID_ARG, VIR_FROM_TEST, buf, func, "flags");
}

std::string xml_of(virNodeDevicePtr d) {
  char *x = virNodeDeviceGetXMLDesc(d, 0);
  EXPECT_NE(x, nullptr);
  std::string out = x ? x : "";
  std::free(x);
  return out;
}

std::set<std::string> list_names(virConnectPtr c, const char *cap) {
  char *names[32] = {};
  int n = virNodeListDevices(c, cap, names, 32, 0);
  EXPECT_GE(n, 0);
  std::set<std::string> out;
  for (int i = 0; i < n; i++) {
    out.insert(names[i]);
    std::free(names[i]);
  }
  return out;
}

std::set<std::string> list_all(virConnectPtr c, unsigned flags) {
  virNodeDevicePtr *devs = nullptr;
  int n = virConnectListAllNodeDevices(c, &devs, flags);
  std::set<std::string> out;
  for (int i = 0; i < n; i++) {
    out.insert(virNodeDeviceGetName(devs[i]));
    virNodeDeviceFree(devs[i]);
  }
  std::free(devs);
  return out;
}

const char *const kVhba =
    "<device><parent>scsi_host1</parent><capability type='scsi_host'><capability "
    "type='fc_host'><wwnn>2001001b32a9da4e</wwnn><wwpn>2101001b32a9da4e</wwpn></capability>"
    "</capability></device>";

using Names = std::set<std::string>;
const Names kDefault{"computer", "scsi_host1", "scsi_host2", "scsi_host11"};

class NodeDevices : public ::testing::Test {
 protected:
  void SetUp() override {
    virSetErrorFunc(nullptr, quiet);
    conn_ = virConnectOpen(default_uri());
    ASSERT_NE(conn_, nullptr);
  }
  void TearDown() override {
    for (virNodeDevicePtr d : keep_) virNodeDeviceFree(d);
    if (conn_) {
      EXPECT_EQ(virConnectClose(conn_), 0);
    }
  }
  virNodeDevicePtr keep(virNodeDevicePtr d) {
    if (d) keep_.push_back(d);
    return d;
  }
  virNodeDevicePtr lookup(const char *name) { return keep(virNodeDeviceLookupByName(conn_, name)); }
  virNodeDevicePtr create(const std::string &xml, unsigned flags = 0) {
    return keep(virNodeDeviceCreateXML(conn_, xml.c_str(), flags));
  }

  virConnectPtr conn_ = nullptr;
  std::vector<virNodeDevicePtr> keep_;
};

// ---------------------------------------------------------------- default host

TEST_F(NodeDevices, DefaultHost) {
  EXPECT_EQ(virNodeNumOfDevices(conn_, nullptr, 0), 4);
  EXPECT_EQ(list_names(conn_, nullptr), kDefault);
  for (const std::string &name : kDefault) {
    SCOPED_TRACE(name);
    virNodeDevicePtr d = lookup(name.c_str());
    ASSERT_NE(d, nullptr);
    EXPECT_EQ(virNodeDeviceGetName(d), name);
    EXPECT_EQ(xml_of(d), fixture("nodedev-" + name + ".xml"));
    EXPECT_EQ(virNodeDeviceNumOfCaps(d), 1);
  }
}

TEST_F(NodeDevices, Parents) {
  EXPECT_EQ(virNodeDeviceGetParent(lookup("computer")), nullptr);
  // The test driver's error stays the thread's error; libvirtd sends no
  // parent and no error.
  virErrorPtr e = virGetLastError();
  if (default_uri() != std::string("test:///default")) {
    EXPECT_EQ(e, nullptr);
  } else {
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(e->code, VIR_ERR_INTERNAL_ERROR);
    EXPECT_EQ(e->domain, VIR_FROM_TEST);
    EXPECT_STREQ(e->message, "internal error: no parent for this device");
  }
  EXPECT_STREQ(virNodeDeviceGetParent(lookup("scsi_host1")), "computer");
  EXPECT_STREQ(virNodeDeviceGetParent(lookup("scsi_host11")), "scsi_host1");
}

TEST_F(NodeDevices, Caps) {
  virNodeDevicePtr d = lookup("scsi_host1");
  char *names[4] = {};
  ASSERT_EQ(virNodeDeviceListCaps(d, names, 4), 1);
  EXPECT_STREQ(names[0], "scsi_host");
  std::free(names[0]);
  EXPECT_EQ(virNodeDeviceListCaps(d, names, 0), 0);
  ASSERT_EQ(virNodeDeviceListCaps(lookup("computer"), names, 4), 1);
  EXPECT_STREQ(names[0], "system");
  std::free(names[0]);
}

TEST_F(NodeDevices, ListByCap) {
  EXPECT_EQ(list_names(conn_, "system"), Names{"computer"});
  EXPECT_EQ(list_names(conn_, "scsi_host"), (Names{"scsi_host1", "scsi_host2", "scsi_host11"}));
  EXPECT_EQ(list_names(conn_, "fc_host"), (Names{"scsi_host1", "scsi_host2", "scsi_host11"}));
  EXPECT_EQ(list_names(conn_, "vports"), (Names{"scsi_host1", "scsi_host2"}));
  EXPECT_EQ(list_names(conn_, "pci"), Names{});
  EXPECT_EQ(list_names(conn_, "bogus"), Names{});
  EXPECT_EQ(virNodeNumOfDevices(conn_, "vports", 0), 2);
  EXPECT_EQ(virNodeNumOfDevices(conn_, "bogus", 0), 0);

  EXPECT_EQ(virNodeNumOfDevices(conn_, nullptr, 1), -1);
  expect_bad_flags(1, "testNodeNumOfDevices");
  char *names[4];
  EXPECT_EQ(virNodeListDevices(conn_, nullptr, names, 4, 1), -1);
  expect_bad_flags(1, "testNodeListDevices");
}

TEST_F(NodeDevices, ListAll) {
  EXPECT_EQ(list_all(conn_, 0), kDefault);
  EXPECT_EQ(list_all(conn_, VIR_CONNECT_LIST_NODE_DEVICES_CAP_SYSTEM), Names{"computer"});
  EXPECT_EQ(list_all(conn_, VIR_CONNECT_LIST_NODE_DEVICES_CAP_SCSI_HOST),
            (Names{"scsi_host1", "scsi_host2", "scsi_host11"}));
  EXPECT_EQ(list_all(conn_, VIR_CONNECT_LIST_NODE_DEVICES_CAP_FC_HOST),
            (Names{"scsi_host1", "scsi_host2", "scsi_host11"}));
  EXPECT_EQ(list_all(conn_, VIR_CONNECT_LIST_NODE_DEVICES_CAP_VPORTS),
            (Names{"scsi_host1", "scsi_host2"}));
  EXPECT_EQ(list_all(conn_, VIR_CONNECT_LIST_NODE_DEVICES_CAP_SYSTEM |
                                VIR_CONNECT_LIST_NODE_DEVICES_CAP_VPORTS),
            (Names{"computer", "scsi_host1", "scsi_host2"}));
  EXPECT_EQ(list_all(conn_, VIR_CONNECT_LIST_NODE_DEVICES_CAP_PCI_DEV), Names{});
  EXPECT_EQ(list_all(conn_, VIR_CONNECT_LIST_NODE_DEVICES_CAP_VPD), Names{});
  EXPECT_EQ(virConnectListAllNodeDevices(conn_, nullptr, 0), 4);

  virNodeDevicePtr *devs = nullptr;
  EXPECT_EQ(virConnectListAllNodeDevices(conn_, &devs, 1u << 22), -1);
  expect_bad_flags(1u << 22, "testConnectListAllNodeDevices");
  EXPECT_EQ(virConnectListAllNodeDevices(conn_, &devs, VIR_CONNECT_LIST_NODE_DEVICES_ACTIVE), -1);
  expect_bad_flags(VIR_CONNECT_LIST_NODE_DEVICES_ACTIVE, "testConnectListAllNodeDevices");

  // Handles from the list know their parents.
  ASSERT_EQ(virConnectListAllNodeDevices(conn_, &devs, VIR_CONNECT_LIST_NODE_DEVICES_CAP_VPORTS),
            2);
  for (int i = 0; i < 2; i++) {
    EXPECT_STREQ(virNodeDeviceGetParent(devs[i]), "computer");
    virNodeDeviceFree(devs[i]);
  }
  EXPECT_EQ(devs[2], nullptr);
  std::free(devs);
}

TEST_F(NodeDevices, LookupAndXMLErrors) {
  EXPECT_EQ(virNodeDeviceLookupByName(conn_, "nope"), nullptr);
  expect_not_found("nope");
  EXPECT_EQ(virNodeDeviceGetXMLDesc(lookup("computer"), 1), nullptr);
  expect_bad_flags(1, "testNodeDeviceGetXMLDesc");
}

// ---------------------------------------------------------------- create and destroy

TEST_F(NodeDevices, CreateVhba) {
  virNodeDevicePtr d = create(kVhba);
  ASSERT_NE(d, nullptr);
  EXPECT_STREQ(virNodeDeviceGetName(d), "scsi_host12");
  EXPECT_STREQ(virNodeDeviceGetParent(d), "scsi_host1");
  EXPECT_EQ(xml_of(d), fixture("nodedev-scsi_host12.xml"));
  EXPECT_EQ(virNodeNumOfDevices(conn_, nullptr, 0), 5);

  // A second vHBA replaces the first (there is only one mock name).
  std::string again = kVhba;
  again.replace(again.find("2001001b32a9da4e"), 16, "2001001b32a9da4f");
  ASSERT_NE(create(again), nullptr);
  EXPECT_EQ(virNodeNumOfDevices(conn_, nullptr, 0), 5);
  EXPECT_NE(xml_of(lookup("scsi_host12")).find("<wwnn>2001001b32a9da4f</wwnn>"), std::string::npos);

  EXPECT_EQ(virNodeDeviceDestroy(d), 0);
  EXPECT_EQ(list_names(conn_, nullptr), kDefault);
  EXPECT_EQ(virNodeDeviceDestroy(d), -1);
  expect_not_found("scsi_host12");
  EXPECT_EQ(virNodeDeviceGetXMLDesc(d, 0), nullptr);
  expect_not_found("scsi_host12");
  EXPECT_EQ(virNodeDeviceNumOfCaps(d), -1);
  expect_not_found("scsi_host12");
  char *names[2];
  EXPECT_EQ(virNodeDeviceListCaps(d, names, 2), -1);
  expect_not_found("scsi_host12");
  // The parent was learnt at creation.
  EXPECT_STREQ(virNodeDeviceGetParent(d), "scsi_host1");
}

TEST_F(NodeDevices, CreateFindsParents) {
  const char *caps =
      "<capability type='scsi_host'><capability type='fc_host'><wwnn>2001001b32a9da4e</wwnn>"
      "<wwpn>2101001b32a9da4e</wwpn></capability></capability>";
  for (std::string parent : {"", "<parent wwnn='2000000012341234' wwpn='1000000012341234'/>",
                             "<parent fabric_wwn='2000000043214321'/>"}) {
    SCOPED_TRACE(parent);
    virNodeDevicePtr d = create("<device>" + parent + caps + "</device>");
    ASSERT_NE(d, nullptr);
    EXPECT_STREQ(virNodeDeviceGetName(d), "scsi_host12");
    // Learnt from the device: the handle had no parent name.
    EXPECT_STREQ(virNodeDeviceGetParent(d), "scsi_host1");
  }
}

TEST_F(NodeDevices, CreateErrors) {
  struct Case {
    std::string xml;
    std::string err;
  } internal[] = {
      {"<device><parent>scsi_host1</parent></device>", "no device capabilities for 'new device'"},
      {"<device><parent>scsi_host1</parent><capability type='scsi_host'/></device>",
       "Device is not a fibre channel HBA"},
      {"<device><capability type='system'><hardware><uuid>11111111-2222-3333-4444-555555555555"
       "</uuid></hardware></capability></device>",
       "Device is not a fibre channel HBA"},
      {"<device><parent>nope</parent><capability type='scsi_host'><capability type='fc_host'>"
       "<wwnn>2001001b32a9da4e</wwnn><wwpn>2101001b32a9da4e</wwpn></capability></capability>"
       "</device>",
       "Could not find parent device for 'new device'"},
      {"<device><parent>computer</parent><capability type='scsi_host'><capability "
       "type='fc_host'><wwnn>2001001b32a9da4e</wwnn><wwpn>2101001b32a9da4e</wwpn></capability>"
       "</capability></device>",
       "Parent device computer is not capable of vport operations"},
      {"<device><parent>scsi_host11</parent><capability type='scsi_host'><capability "
       "type='fc_host'><wwnn>2001001b32a9da4e</wwnn><wwpn>2101001b32a9da4e</wwpn></capability>"
       "</capability></device>",
       "Parent device scsi_host11 is not capable of vport operations"},
      {"<device><parent wwnn='2000000012341299' wwpn='1000000012341234'/><capability "
       "type='scsi_host'><capability type='fc_host'><wwnn>2001001b32a9da4e</wwnn><wwpn>"
       "2101001b32a9da4e</wwpn></capability></capability></device>",
       "Could not find parent device for 'new device'"},
      {"<device><parent fabric_wwn='2000000043214399'/><capability type='scsi_host'><capability "
       "type='fc_host'><wwnn>2001001b32a9da4e</wwnn><wwpn>2101001b32a9da4e</wwpn></capability>"
       "</capability></device>",
       "Could not find parent device for 'new device'"},
      {"<device><capability type='fc_host'/></device>",
       "unknown capability type '9' for 'new device'"},
      {"<device><capability type='scsi_host'><capability/></capability></device>",
       "missing SCSI host capability type for 'new device'"},
      {"<device><capability type='scsi_host'><capability type='x'/></capability></device>",
       "unknown SCSI host capability type 'x' for 'new device'"},
      {"<device><parent>scsi_host1</parent><capability type='scsi_host'><capability "
       "type='fc_host'/></capability></device>",
       "no WWNN supplied for 'new device', and auto-generation failed"},
      {"<device><capability type='system'/></device>", "no system UUID supplied for 'new device'"},
      {"<device><capability type='system'><hardware><uuid>zz</uuid></hardware></capability>"
       "</device>",
       "malformed uuid element for 'new device'"},
      {"<device><capability type='net'/></device>",
       "no network interface supplied for 'new device'"},
      {"<device><capability type='storage'/></device>",
       "no block device path supplied for 'new device'"},
      {"<device><capability type='scsi'/></device>", "no SCSI host ID supplied for 'new device'"},
      {"<device><capability type='scsi_target'/></device>",
       "no target name supplied for 'new device'"},
      {"<device><capability type='pci'/></device>", "no PCI domain ID supplied for 'new device'"},
      {"<device><capability type='usb_device'/></device>",
       "no USB bus number supplied for 'new device'"},
      {"<device><capability type='usb_device'><bus>1</bus><device>x</device></capability>"
       "</device>",
       "invalid USB device number supplied for 'new device'"},
      {"<device><capability type='usb'/></device>",
       "no USB interface number supplied for 'new device'"},
      {"<device><capability type='scsi_host'><unique_id>x</unique_id></capability></device>",
       "Device is not a fibre channel HBA"},
  };
  for (const Case &c : internal) {
    SCOPED_TRACE(c.xml);
    EXPECT_EQ(virNodeDeviceCreateXML(conn_, c.xml.c_str(), 0), nullptr);
    expect_internal(c.err);
  }

  struct XmlCase {
    std::string xml;
    int domain;
    std::string err;
  } xml_errors[] = {
      {"<foo/>", VIR_FROM_XML, "expecting root element of 'device', not 'foo'"},
      {"<device><parent wwnn='2000000012341234'/><capability type='scsi_host'/></device>",
       VIR_FROM_NODEDEV,
       "when providing parent wwnn='2000000012341234', the wwpn must also be provided"},
      {"<device><parent wwpn='2000000012341234'/><capability type='scsi_host'/></device>",
       VIR_FROM_NODEDEV,
       "when providing parent wwpn='2000000012341234', the wwnn must also be provided"},
      {"<device><capability/></device>", VIR_FROM_XML,
       "Missing required attribute 'type' in element 'capability'"},
      {"<device><capability type='zzz'/></device>", VIR_FROM_XML,
       "Invalid value for attribute 'type' in element 'capability': 'zzz'."},
      {"<device><devnode type='x'>a</devnode><capability type='scsi_host'/></device>", VIR_FROM_XML,
       "Invalid value for attribute 'type' in element 'devnode': 'x'."},
  };
  const std::string pci =
      "<device><capability type='pci'><domain>0</domain><bus>0</bus><slot>0</slot><function>0"
      "</function><product id='0x1'/><vendor id='0x2'/>";
  const XmlCase pci_errors[] = {
      {pci + "<capability/></capability></device>", VIR_FROM_NODEDEV, "Missing capability type"},
      {pci + "<capability type='phys_function'/></capability></device>", VIR_FROM_NODEDEV,
       "Missing address in 'phys_function' capability"},
      {pci + "<capability type='virt_functions' maxCount='x'/></capability></device>",
       VIR_FROM_NODEDEV, "Malformed 'maxCount' parameter"},
      {pci + "<pci-express><link validity='cap'/></pci-express></capability></device>",
       VIR_FROM_XML, "Missing required attribute 'width' in element 'link'"},
      {pci + "<pci-express><link validity='cap' width='1' speed='9'/></pci-express></capability>"
             "</device>",
       VIR_FROM_XML, "Invalid value for attribute 'speed' in element 'link': '9'."},
      {pci + "<iommuGroup/></capability></device>", VIR_FROM_XML,
       "Missing required attribute 'number' in element 'iommuGroup'"},
  };
  for (const XmlCase &c : pci_errors) {
    SCOPED_TRACE(c.xml);
    EXPECT_EQ(virNodeDeviceCreateXML(conn_, c.xml.c_str(), 0), nullptr);
    expect_error(VIR_ERR_XML_ERROR, c.domain, "XML error: " + c.err, "XML error: %s",
                 c.err.c_str());
  }
  EXPECT_EQ(
      virNodeDeviceCreateXML(conn_, (pci + "<numa node='x'/></capability></device>").c_str(), 0),
      nullptr);
  expect_internal("invalid NUMA node ID supplied for 'new device'");
  // A valid PCI device is still no vHBA.
  EXPECT_EQ(virNodeDeviceCreateXML(conn_, (pci + "</capability></device>").c_str(), 0), nullptr);
  expect_internal("Device is not a fibre channel HBA");

  for (const XmlCase &c : xml_errors) {
    SCOPED_TRACE(c.xml);
    EXPECT_EQ(virNodeDeviceCreateXML(conn_, c.xml.c_str(), 0), nullptr);
    expect_error(VIR_ERR_XML_ERROR, c.domain, "XML error: " + c.err, "XML error: %s",
                 c.err.c_str());
  }

  EXPECT_EQ(virNodeDeviceCreateXML(conn_, "<device><capability type='drm'/></device>", 0), nullptr);
  expect_error(VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_NODEDEV,
               "unsupported configuration: unknown drm type '(null)' for 'new device'");
  EXPECT_EQ(virNodeDeviceCreateXML(
                conn_, "<device><capability type='drm'><type>x</type></capability></device>", 0),
            nullptr);
  expect_error(VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_NODEDEV,
               "unsupported configuration: unknown drm type 'x' for 'new device'");
  EXPECT_EQ(virNodeDeviceCreateXML(conn_, "<device", 0), nullptr);
  expect_error(VIR_ERR_XML_DETAIL, VIR_FROM_NODEDEV,
               "(node_device_definition):1: Couldn't find end of Start Tag device line "
               "1\n<device\n-------^");
  EXPECT_EQ(virNodeDeviceCreateXML(conn_, kVhba, 2), nullptr);
  expect_bad_flags(2, "testNodeDeviceCreateXML");
  EXPECT_EQ(virNodeDeviceCreateXML(conn_, "<device><bogus/><capability type='scsi_host'/></device>",
                                   VIR_NODE_DEVICE_CREATE_XML_VALIDATE),
            nullptr);
  expect_error(VIR_ERR_XML_INVALID_SCHEMA, VIR_FROM_XML,
               "XML document failed to validate against schema: Unable to validate doc against "
               "/usr/share/libvirt/schemas/nodedev.rng\nDid not expect element bogus there\n");
  EXPECT_EQ(list_names(conn_, nullptr), kDefault);
}

// libvirt reads every capability kind of a device to create (mdev, ccw, css,
// ap_*, PCI mdev_types and vpd) with its errors before refusing a non-vHBA.
TEST_F(NodeDevices, CreateChecksEveryCapabilityKind) {
  const std::string pci =
      "<capability type='pci'><domain>0</domain><bus>0</bus><slot>0</slot><function>0</function>"
      "<product id='1'/><vendor id='1'/>";
  struct Case {
    std::string cap;
    int code;
    std::string message;
  } cases[] = {
      {"<capability type='mdev'><type id='x'/><uuid>bad</uuid></capability>",
       VIR_ERR_INTERNAL_ERROR, "internal error: Invalid uuid 'bad' for new mdev device"},
      {"<capability type='mdev'/>", VIR_ERR_CONFIG_UNSUPPORTED,
       "unsupported configuration: missing type id attribute for 'new device'"},
      {"<capability type='mdev'><type id='x'/><iommuGroup number='z'/></capability>",
       VIR_ERR_INTERNAL_ERROR,
       "internal error: invalid iommuGroup number attribute for 'new device'"},
      {"<capability type='mdev'><type id='x'/><attr name='a'/></capability>",
       VIR_ERR_INTERNAL_ERROR, "internal error: Device is not a fibre channel HBA"},
      {"<capability type='ccw'><cssid>0x0</cssid><ssid>0</ssid></capability>",
       VIR_ERR_CONFIG_UNSUPPORTED,
       "unsupported configuration: missing devno value for 'new device'"},
      {"<capability type='ccw'><cssid>-1</cssid><ssid>0</ssid><devno>0</devno></capability>",
       VIR_ERR_CONFIG_UNSUPPORTED,
       "unsupported configuration: invalid cssid value '-1' for 'new device'"},
      {"<capability type='css'><cssid>0</cssid><ssid>0</ssid><devno>1</devno><capability/>"
       "</capability>",
       VIR_ERR_XML_ERROR, "XML error: Missing capability type"},
      {"<capability type='css'><cssid>0</cssid><ssid>0</ssid><devno>1</devno>"
       "<channel_dev_addr><cssid>0</cssid></channel_dev_addr></capability>",
       VIR_ERR_CONFIG_UNSUPPORTED,
       "unsupported configuration: missing ssid value for 'new device'"},
      {"<capability type='ap_card'/>", VIR_ERR_CONFIG_UNSUPPORTED,
       "unsupported configuration: missing ap-adapter value for 'new device'"},
      {"<capability type='ap_queue'><ap-adapter>1</ap-adapter><ap-domain>0x100</ap-domain>"
       "</capability>",
       VIR_ERR_CONFIG_UNSUPPORTED,
       "unsupported configuration: ap-domain value '0x100' is out of range for 'new device'"},
      {"<capability type='ap_matrix'><capability type='mdev_types'><type id='a'>"
       "<deviceAPI>x</deviceAPI></type></capability></capability>",
       VIR_ERR_XML_ERROR,
       "XML error: missing number of available instances for mediated device type 'a'"},
      {"<capability type='ap_matrix'><capability type='mdev_types'><type id='a'>"
       "<deviceAPI>x</deviceAPI><availableInstances>1</availableInstances></type></capability>"
       "</capability>",
       VIR_ERR_INTERNAL_ERROR, "internal error: Device is not a fibre channel HBA"},
      {pci + "<capability type='mdev_types'><type/></capability></capability>", VIR_ERR_XML_ERROR,
       "XML error: missing 'id' attribute for mediated device's <type> element"},
      {pci + "<capability type='vpd'/></capability>", VIR_ERR_XML_ERROR,
       "XML error: Could not read a device name from the <name> element"},
      {pci + "<capability type='vpd'><name>n</name><fields access='x'/></capability>"
             "</capability>",
       VIR_ERR_XML_ERROR, "XML error: Unsupported VPD field access type specified x"},
  };
  for (const Case &c : cases) {
    SCOPED_TRACE(c.cap);
    EXPECT_EQ(
        virNodeDeviceCreateXML(conn_, ("<device><name>n</name>" + c.cap + "</device>").c_str(), 0),
        nullptr);
    expect_error(c.code, VIR_FROM_NODEDEV, c.message);
  }
}

TEST_F(NodeDevices, CreateWithoutVportParent) {
  // With scsi_host1 and scsi_host2 gone no device can make vports.
  EXPECT_EQ(virNodeDeviceDestroy(lookup("scsi_host2")), 0);
  EXPECT_EQ(virNodeDeviceDestroy(lookup("scsi_host1")), 0);
  const char *xml =
      "<device><capability type='scsi_host'><capability type='fc_host'><wwnn>2001001b32a9da4e"
      "</wwnn><wwpn>2101001b32a9da4e</wwpn></capability></capability></device>";
  EXPECT_EQ(virNodeDeviceCreateXML(conn_, xml, 0), nullptr);
  expect_internal("Could not find any vport capable device");
}

TEST_F(NodeDevices, Destroy) {
  // Devices that are not vHBAs, or whose parent is gone, stay, yet the
  // call succeeds.
  EXPECT_EQ(virNodeDeviceDestroy(lookup("computer")), 0);
  EXPECT_EQ(list_names(conn_, nullptr), kDefault);
  EXPECT_EQ(virNodeDeviceDestroy(lookup("scsi_host1")), 0);
  EXPECT_EQ(virNodeDeviceDestroy(lookup("scsi_host11")), 0);
  EXPECT_EQ(list_names(conn_, nullptr), (Names{"computer", "scsi_host2", "scsi_host11"}));
  EXPECT_EQ(virNodeDeviceDestroy(lookup("scsi_host2")), 0);
  EXPECT_EQ(list_names(conn_, nullptr), (Names{"computer", "scsi_host11"}));
  // The vHBA's parent is gone.
  EXPECT_EQ(virNodeDeviceCreateXML(conn_, kVhba, 0), nullptr);
  expect_internal("Could not find parent device for 'new device'");
}

TEST_F(NodeDevices, ReadOnly) {
  virConnectPtr ro = virConnectOpenReadOnly(default_uri());
  ASSERT_NE(ro, nullptr);
  EXPECT_EQ(virNodeDeviceCreateXML(ro, kVhba, 0), nullptr);
  expect_error(VIR_ERR_OPERATION_DENIED, VIR_FROM_NODEDEV,
               "operation forbidden: read only access prevents virNodeDeviceCreateXML");
  virNodeDevicePtr d = virNodeDeviceLookupByName(ro, "scsi_host11");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(virNodeDeviceDestroy(d), -1);
  expect_error(VIR_ERR_OPERATION_DENIED, VIR_FROM_NODEDEV,
               "operation forbidden: read only access prevents virNodeDeviceDestroy");
  virNodeDeviceFree(d);
  virConnectClose(ro);
}

// ---------------------------------------------------------------- custom configurations

TEST_F(NodeDevices, CustomConfig) {
  virConnectPtr c = virConnectOpen(fixture_uri("nodedev-node.xml").c_str());
  ASSERT_NE(c, nullptr);
  Names expected{"pci_0000_00_02_0", "net_eth0_00_11_22_33_44_55",
                 "block_sda",        "block_sr0",
                 "scsi_0_0_0_0",     "scsi_target0_0_0",
                 "scsi_host0",       "computer",
                 "usb_1_1",          "usb_1_1_1_0",
                 "drm_card0",        "pci_0000_02_00_0",
                 "pci_0000_02_10_0"};
  EXPECT_EQ(list_names(c, nullptr), expected);
  for (const std::string &name : expected) {
    SCOPED_TRACE(name);
    virNodeDevicePtr d = virNodeDeviceLookupByName(c, name.c_str());
    ASSERT_NE(d, nullptr);
    EXPECT_EQ(xml_of(d), fixture("nodedev-node-" + name + ".xml"));
    virNodeDeviceFree(d);
  }
  EXPECT_EQ(list_names(c, "storage"), (Names{"block_sda", "block_sr0"}));
  EXPECT_EQ(list_all(c, VIR_CONNECT_LIST_NODE_DEVICES_CAP_NET),
            Names{"net_eth0_00_11_22_33_44_55"});
  EXPECT_EQ(list_all(c, VIR_CONNECT_LIST_NODE_DEVICES_CAP_SCSI_TARGET |
                            VIR_CONNECT_LIST_NODE_DEVICES_CAP_SCSI),
            (Names{"scsi_0_0_0_0", "scsi_target0_0_0"}));
  EXPECT_EQ(list_all(c, VIR_CONNECT_LIST_NODE_DEVICES_CAP_FC_HOST), Names{});
  // No scsi_host11 to copy.
  EXPECT_EQ(virNodeDeviceCreateXML(c, kVhba, 0), nullptr);
  expect_internal("Could not find parent device for 'new device'");
  virConnectClose(c);
}

TEST_F(NodeDevices, CustomConfigErrors) {
  EXPECT_EQ(virConnectOpen(fixture_uri("nodedev-bad.xml").c_str()), nullptr);
  expect_error(VIR_ERR_NO_NAME, VIR_FROM_NODEDEV, "missing name information");
}

// ---------------------------------------------------------------- events

struct Seen {
  std::string tag, name;
  int event, detail;
  bool operator==(const Seen &) const = default;
};
std::ostream &operator<<(std::ostream &os, const Seen &s) {
  return os << "(" << s.tag << "," << s.name << "," << s.event << "," << s.detail << ")";
}
struct Sink {
  std::string tag;
  std::vector<Seen> *out;
};

void on_lifecycle(virConnectPtr, virNodeDevicePtr dev, int event, int detail, void *opaque) {
  auto *sink = static_cast<Sink *>(opaque);
  sink->out->push_back({sink->tag, virNodeDeviceGetName(dev), event, detail});
}

virConnectNodeDeviceEventGenericCallback generic(void (*f)(virConnectPtr, virNodeDevicePtr, int,
                                                           int, void *)) {
  return reinterpret_cast<virConnectNodeDeviceEventGenericCallback>(
      reinterpret_cast<void (*)()>(f));
}

void wake(int, void *) {}

class NodeDeviceEvents : public NodeDevices {
 protected:
  static void SetUpTestSuite() {
    ASSERT_EQ(virEventRegisterDefaultImpl(), 0);
    static int ticker = virEventAddTimeout(10, wake, nullptr, nullptr);
    ASSERT_GT(ticker, 0);
  }
  static void run_until(const std::function<bool()> &done) {
    auto start = std::chrono::steady_clock::now();
    while (!done() && std::chrono::steady_clock::now() - start < 1s) virEventRunDefaultImpl();
  }
};

TEST_F(NodeDeviceEvents, CreatedAndDeleted) {
  std::vector<Seen> seen;
  Sink any{"any", &seen}, one{"one", &seen};
  int any_id = virConnectNodeDeviceEventRegisterAny(
      conn_, nullptr, VIR_NODE_DEVICE_EVENT_ID_LIFECYCLE, generic(on_lifecycle), &any, nullptr);
  ASSERT_GE(any_id, 0);
  // A handle for a device that does not exist yet filters by name.
  virNodeDevicePtr host11 = lookup("scsi_host11");
  int one_id = virConnectNodeDeviceEventRegisterAny(
      conn_, host11, VIR_NODE_DEVICE_EVENT_ID_LIFECYCLE, generic(on_lifecycle), &one, nullptr);
  ASSERT_GE(one_id, 0);
  EXPECT_EQ(virConnectNodeDeviceEventRegisterAny(conn_, nullptr, VIR_NODE_DEVICE_EVENT_ID_LIFECYCLE,
                                                 generic(on_lifecycle), &any, nullptr),
            -1);
  expect_error(VIR_ERR_INVALID_ARG, VIR_FROM_NONE,
               "invalid argument: event callback already tracked");

  virNodeDevicePtr d = create(kVhba);
  ASSERT_NE(d, nullptr);
  ASSERT_EQ(virNodeDeviceDestroy(d), 0);
  ASSERT_EQ(virNodeDeviceDestroy(host11), 0);
  EXPECT_TRUE(seen.empty());  // never from inside the calls
  run_until([&] { return seen.size() >= 4; });
  EXPECT_EQ(seen, (std::vector<Seen>{{"any", "scsi_host12", VIR_NODE_DEVICE_EVENT_CREATED, 0},
                                     {"any", "scsi_host12", VIR_NODE_DEVICE_EVENT_DELETED, 0},
                                     {"any", "scsi_host11", VIR_NODE_DEVICE_EVENT_DELETED, 0},
                                     {"one", "scsi_host11", VIR_NODE_DEVICE_EVENT_DELETED, 0}}));

  EXPECT_EQ(virConnectNodeDeviceEventDeregisterAny(conn_, any_id), 0);
  EXPECT_EQ(virConnectNodeDeviceEventDeregisterAny(conn_, any_id), -1);
  char buf[100];
  std::snprintf(buf, sizeof buf, "invalid argument: could not find event callback %d for deletion",
                any_id);
  expect_error(VIR_ERR_INVALID_ARG, VIR_FROM_NONE, buf);
  EXPECT_EQ(virConnectNodeDeviceEventDeregisterAny(conn_, one_id), 0);
}

// ---------------------------------------------------------------- threads

TEST_F(NodeDevices, ConcurrentUse) {
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; t++) {
    threads.emplace_back([this] {
      for (int i = 0; i < 50; i++) {
        virNodeDevicePtr d = virNodeDeviceCreateXML(conn_, kVhba, 0);
        ASSERT_NE(d, nullptr);
        char *x = virNodeDeviceGetXMLDesc(d, 0);  // may be gone already
        std::free(x);
        EXPECT_GE(virNodeNumOfDevices(conn_, "fc_host", 0), 3);
        virNodeDevicePtr *devs = nullptr;
        int n = virConnectListAllNodeDevices(conn_, &devs, 0);
        EXPECT_GE(n, 4);
        for (int k = 0; k < n; k++) virNodeDeviceFree(devs[k]);
        std::free(devs);
        virNodeDeviceDestroy(d);  // may be gone already
        virNodeDeviceFree(d);
      }
    });
  }
  for (auto &t : threads) t.join();
  EXPECT_EQ(list_names(conn_, nullptr), kDefault);
}

}  // namespace
