// SPDX-License-Identifier: LGPL-2.1-or-later
// Node devices of custom test driver configurations (test:///PATH.xml
// holding <device> elements) through the public C API. Expected XML and
// errors are what Debian's libvirt 9.0.0 gives for the same calls. The
// file uses nothing but the public API, so it also builds against that
// libvirt:
//   g++ -std=c++20 tests/drivers/nodedev_config_test.cc
//       $(pkg-config --cflags --libs libvirt) -lgtest -lgtest_main -lpthread
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <set>
#include <string>

#include <unistd.h>

namespace {

using Names = std::set<std::string>;

std::string s(const char *p) {
  return p ? p : "(null)";
}

void quiet(void *, virErrorPtr) {}

void expect_error(int code, int domain, const std::string &message) {
  virErrorPtr err = virGetLastError();
  ASSERT_NE(err, nullptr);
  EXPECT_EQ(err->code, code);
  EXPECT_EQ(err->domain, domain);
  EXPECT_EQ(s(err->message), message);
}

std::string xml_of(virNodeDevicePtr d) {
  char *x = virNodeDeviceGetXMLDesc(d, 0);
  EXPECT_NE(x, nullptr);
  std::string out = x ? x : "";
  std::free(x);
  return out;
}

Names list_names(virConnectPtr c, const char *cap) {
  char *names[32] = {};
  int n = virNodeListDevices(c, cap, names, 32, 0);
  EXPECT_GE(n, 0);
  Names out;
  for (int i = 0; i < n; i++) {
    out.insert(names[i]);
    std::free(names[i]);
  }
  return out;
}

Names list_all(virConnectPtr c, unsigned flags) {
  virNodeDevicePtr *devs = nullptr;
  int n = virConnectListAllNodeDevices(c, &devs, flags);
  EXPECT_GE(n, 0);
  Names out;
  for (int i = 0; i < n; i++) {
    out.insert(virNodeDeviceGetName(devs[i]));
    virNodeDeviceFree(devs[i]);
  }
  std::free(devs);
  return out;
}

// Opens test://FILE for a temporary file holding `cfg` (nullptr when the
// open fails, with libvirt's error).
virConnectPtr open_config(const std::string &cfg) {
  char path[] = "/tmp/virtkit-nodedev-XXXXXX.xml";
  int fd = mkstemps(path, 4);
  EXPECT_GE(fd, 0);
  if (fd < 0) return nullptr;
  bool written = write(fd, cfg.data(), cfg.size()) == static_cast<ssize_t>(cfg.size());
  close(fd);
  EXPECT_TRUE(written);
  virConnectPtr conn = virConnectOpen((std::string("test://") + path).c_str());
  unlink(path);
  return conn;
}

// A custom configuration may hold mdev, ccw, css and ap_* devices: libvirt
// lists them and prints their numbers in its own format.
TEST(NodeDevicesConfig, S390AndMdevDevices) {
  virSetErrorFunc(nullptr, quiet);
  const std::string cfg =
      "<node><device><name>ap_07_0038</name><parent>ap_card07</parent>"
      "<capability type='ap_queue'><ap-adapter>0x07</ap-adapter><ap-domain>0x0038</ap-domain>"
      "</capability></device>"
      "<device><name>css_0_0_ffff</name><capability type='css'><cssid>0xfe</cssid><ssid>0</ssid>"
      "<devno>ffff</devno><channel_dev_addr><cssid>0</cssid><ssid>0x1</ssid><devno>0x1</devno>"
      "</channel_dev_addr></capability></device>"
      "<device><name>mdev_1</name><capability type='mdev'><type id='i915-GVTg_V5_8'/>"
      "<uuid>3627463db7f04fea b468f1da537d301b</uuid><iommuGroup number='12'/>"
      "<attr name='a' value='b'/><attr name='c'/></capability></device></node>";
  virConnectPtr conn = open_config(cfg);
  ASSERT_NE(conn, nullptr);
  EXPECT_EQ(virNodeNumOfDevices(conn, "css", 0), 1);
  EXPECT_EQ(virNodeNumOfDevices(conn, "ap_queue", 0), 1);
  const char *expected[][2] = {
      {"ap_07_0038",
       "<device>\n  <name>ap_07_0038</name>\n  <parent>ap_card07</parent>\n"
       "  <capability type='ap_queue'>\n    <ap-adapter>0x07</ap-adapter>\n"
       "    <ap-domain>0x0038</ap-domain>\n  </capability>\n</device>\n"},
      {"css_0_0_ffff",
       "<device>\n  <name>css_0_0_ffff</name>\n  <capability type='css'>\n"
       "    <cssid>0xfe</cssid>\n    <ssid>0x0</ssid>\n    <devno>0xffff</devno>\n"
       "    <channel_dev_addr>\n      <cssid>0x0</cssid>\n      <ssid>0x1</ssid>\n"
       "      <devno>0x0001</devno>\n    </channel_dev_addr>\n  </capability>\n</device>\n"},
      {"mdev_1",
       "<device>\n  <name>mdev_1</name>\n  <capability type='mdev'>\n"
       "    <type id='i915-GVTg_V5_8'/>\n    <uuid>3627463d-b7f0-4fea-b468-f1da537d301b</uuid>\n"
       "    <iommuGroup number='12'/>\n    <attr name='a' value='b'/>\n  </capability>\n"
       "</device>\n"},
  };
  for (const auto &e : expected) {
    virNodeDevicePtr dev = virNodeDeviceLookupByName(conn, e[0]);
    ASSERT_NE(dev, nullptr) << e[0];
    char *xml = virNodeDeviceGetXMLDesc(dev, 0);
    EXPECT_EQ(s(xml), e[1]);
    std::free(xml);
    virNodeDeviceFree(dev);
  }
  virConnectClose(conn);
}

// PCI mdev_types and vpd capabilities and css / ap_matrix mdev_types are
// kept from a custom configuration and printed back. libvirt prints VPD
// field values unescaped, keeps the first position of a repeated index,
// skips lower-case indexes and takes system_field 'A' as the asset tag; an
// mdev_types capability without types is not printed but still counts.
TEST(NodeDevicesConfig, MdevTypesAndVpd) {
  virSetErrorFunc(nullptr, quiet);
  const std::string cfg =
      "<node><device><name>pci_0000_42_00_0</name><parent>computer</parent>"
      "<capability type='pci'><class>0x020000</class><domain>0</domain><bus>66</bus>"
      "<slot>0</slot><function>0</function><product id='0xa2d6'>MT42822</product>"
      "<vendor id='0x15b3'>Mellanox</vendor>"
      "<capability type='mdev_types'><type id='nvidia-11'><name>GRID M60-0B</name>"
      "<deviceAPI>vfio-pci</deviceAPI><availableInstances>16</availableInstances></type>"
      "<type id='a&amp;b'><deviceAPI>vfio-pci</deviceAPI>"
      "<availableInstances>0</availableInstances></type></capability>"
      "<capability type='vpd'><name>Board &amp; Co</name><fields access='readonly'>"
      "<change_level>B1</change_level><manufacture_id>foobar</manufacture_id>"
      "<part_number>MBF2H332A-AEEOT</part_number><serial_number>MT2113X00000</serial_number>"
      "<vendor_field index='0'>PCIeGen4 x8</vendor_field>"
      "<vendor_field index='A'>MBF2H332A&amp;AEEOT</vendor_field>"
      "<vendor_field index='0'>PCIeGen3</vendor_field>"
      "<vendor_field index='a'>skipped</vendor_field></fields>"
      "<fields access='readwrite'><asset_tag>tag</asset_tag>"
      "<vendor_field index='9'>v9</vendor_field><system_field index='B'>sysB</system_field>"
      "<system_field index='A'>asset</system_field></fields></capability>"
      "<iommuGroup number='65'><address domain='0x0000' bus='0x42' slot='0x00' function='0x0'/>"
      "</iommuGroup></capability></device>"
      "<device><name>pci_0000_43_00_0</name><capability type='pci'><domain>0</domain>"
      "<bus>67</bus><slot>0</slot><function>0</function><product id='0x1'/><vendor id='0x2'/>"
      "<capability type='mdev_types'/></capability></device>"
      "<device><name>css_0_0_fffe</name><parent>computer</parent><capability type='css'>"
      "<cssid>0</cssid><ssid>0</ssid><devno>0xfffe</devno><channel_dev_addr><cssid>0</cssid>"
      "<ssid>0</ssid><devno>0x0011</devno></channel_dev_addr><capability type='mdev_types'>"
      "<type id='vfio_ccw-io'><name>I/O subchannel (Non-QDIO)</name>"
      "<deviceAPI>vfio-ccw</deviceAPI><availableInstances>1</availableInstances></type>"
      "</capability></capability></device>"
      "<device><name>ap_matrix</name><parent>computer</parent><capability type='ap_matrix'>"
      "<capability type='mdev_types'><type id='vfio_ap-passthrough'>"
      "<deviceAPI>vfio-ap</deviceAPI><availableInstances>65536</availableInstances></type>"
      "</capability></capability></device></node>";
  virConnectPtr conn = open_config(cfg);
  ASSERT_NE(conn, nullptr);
  const char *expected[][2] = {
      {"pci_0000_42_00_0",
       "<device>\n  <name>pci_0000_42_00_0</name>\n  <parent>computer</parent>\n"
       "  <capability type='pci'>\n    <class>0x020000</class>\n    <domain>0</domain>\n"
       "    <bus>66</bus>\n    <slot>0</slot>\n    <function>0</function>\n"
       "    <product id='0xa2d6'>MT42822</product>\n    <vendor id='0x15b3'>Mellanox</vendor>\n"
       "    <capability type='mdev_types'>\n      <type id='nvidia-11'>\n"
       "        <name>GRID M60-0B</name>\n        <deviceAPI>vfio-pci</deviceAPI>\n"
       "        <availableInstances>16</availableInstances>\n      </type>\n"
       "      <type id='a&amp;b'>\n        <deviceAPI>vfio-pci</deviceAPI>\n"
       "        <availableInstances>0</availableInstances>\n      </type>\n    </capability>\n"
       "    <capability type='vpd'>\n      <name>Board &amp; Co</name>\n"
       "      <fields access='readonly'>\n        <change_level>B1</change_level>\n"
       "        <manufacture_id>foobar</manufacture_id>\n"
       "        <part_number>MBF2H332A-AEEOT</part_number>\n"
       "        <serial_number>MT2113X00000</serial_number>\n"
       "        <vendor_field index='0'>PCIeGen3</vendor_field>\n"
       "        <vendor_field index='A'>MBF2H332A&AEEOT</vendor_field>\n      </fields>\n"
       "      <fields access='readwrite'>\n        <asset_tag>asset</asset_tag>\n"
       "        <vendor_field index='9'>v9</vendor_field>\n"
       "        <system_field index='B'>sysB</system_field>\n      </fields>\n"
       "    </capability>\n    <iommuGroup number='65'>\n"
       "      <address domain='0x0000' bus='0x42' slot='0x00' function='0x0'/>\n"
       "    </iommuGroup>\n  </capability>\n</device>\n"},
      {"pci_0000_43_00_0",
       "<device>\n  <name>pci_0000_43_00_0</name>\n  <capability type='pci'>\n"
       "    <domain>0</domain>\n    <bus>67</bus>\n    <slot>0</slot>\n"
       "    <function>0</function>\n    <product id='0x0001'/>\n    <vendor id='0x0002'/>\n"
       "  </capability>\n</device>\n"},
      {"css_0_0_fffe",
       "<device>\n  <name>css_0_0_fffe</name>\n  <parent>computer</parent>\n"
       "  <capability type='css'>\n    <cssid>0x0</cssid>\n    <ssid>0x0</ssid>\n"
       "    <devno>0xfffe</devno>\n    <channel_dev_addr>\n      <cssid>0x0</cssid>\n"
       "      <ssid>0x0</ssid>\n      <devno>0x0011</devno>\n    </channel_dev_addr>\n"
       "    <capability type='mdev_types'>\n      <type id='vfio_ccw-io'>\n"
       "        <name>I/O subchannel (Non-QDIO)</name>\n        <deviceAPI>vfio-ccw</deviceAPI>\n"
       "        <availableInstances>1</availableInstances>\n      </type>\n    </capability>\n"
       "  </capability>\n</device>\n"},
      {"ap_matrix",
       "<device>\n  <name>ap_matrix</name>\n  <parent>computer</parent>\n"
       "  <capability type='ap_matrix'>\n    <capability type='mdev_types'>\n"
       "      <type id='vfio_ap-passthrough'>\n        <deviceAPI>vfio-ap</deviceAPI>\n"
       "        <availableInstances>65536</availableInstances>\n      </type>\n"
       "    </capability>\n  </capability>\n</device>\n"},
  };
  for (const auto &e : expected) {
    SCOPED_TRACE(e[0]);
    virNodeDevicePtr dev = virNodeDeviceLookupByName(conn, e[0]);
    ASSERT_NE(dev, nullptr);
    EXPECT_EQ(xml_of(dev), e[1]);
    // Only the outer capability is listed.
    EXPECT_EQ(virNodeDeviceNumOfCaps(dev), 1);
    virNodeDeviceFree(dev);
  }
  EXPECT_EQ(list_all(conn, VIR_CONNECT_LIST_NODE_DEVICES_CAP_MDEV_TYPES),
            (Names{"ap_matrix", "css_0_0_fffe", "pci_0000_42_00_0", "pci_0000_43_00_0"}));
  EXPECT_EQ(list_all(conn, VIR_CONNECT_LIST_NODE_DEVICES_CAP_VPD), Names{"pci_0000_42_00_0"});
  EXPECT_EQ(virNodeNumOfDevices(conn, "mdev_types", 0), 4);
  EXPECT_EQ(list_names(conn, "vpd"), Names{"pci_0000_42_00_0"});
  virConnectClose(conn);

  // Their parse errors fail the open.
  const std::string bad_cfg =
      "<node><device><name>p</name><capability type='pci'><domain>0</domain><bus>2</bus>"
      "<slot>0</slot><function>0</function><product id='0x1'/><vendor id='0x2'/>"
      "<capability type='vpd'><name>n</name><fields access='rw'/></capability></capability>"
      "</device></node>";
  EXPECT_EQ(open_config(bad_cfg), nullptr);
  expect_error(VIR_ERR_XML_ERROR, VIR_FROM_NODEDEV,
               "XML error: Unsupported VPD field access type specified rw");
}

}  // namespace
