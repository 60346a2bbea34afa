// SPDX-License-Identifier: LGPL-2.1-or-later
// The C++ API's node devices (include/virtkit/nodedev.hpp) on test:///default:
// every call's success, and failures equal to the C call's (VIR_ERR_NO_SUPPORT
// for what the test driver lacks).
#include "cxx_test_util.h"

#include <algorithm>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace {

using cxx_test::same_error;
using cxx_test::take;
using virtkit::NodeDevice;

const char kVhbaXml[] =
    "<device><parent>scsi_host1</parent><capability type='scsi_host'>"
    "<capability type='fc_host'><wwnn>2000000012345678</wwnn><wwpn>1000000012345678</wwpn>"
    "</capability></capability></device>";

class CxxNodeDevice : public cxx_test::Fixture {
 protected:
  void SetUp() override {
    Fixture::SetUp();
    cd = virNodeDeviceLookupByName(c, "scsi_host1");
    ASSERT_NE(cd, nullptr);
  }
  void TearDown() override {
    virNodeDeviceFree(cd);
    Fixture::TearDown();
  }
  virNodeDevicePtr cd = nullptr;
};

std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

TEST_F(CxxNodeDevice, LookupAndProperties) {
  NodeDevice d = NodeDevice::lookup_by_name(conn, "scsi_host1");
  EXPECT_EQ(d.name(), "scsi_host1");
  EXPECT_EQ(*d.try_name(), "scsi_host1");
  EXPECT_EQ(d.parent(), std::optional<std::string>("computer"));
  EXPECT_EQ(*d.try_parent(), std::optional<std::string>("computer"));
  EXPECT_EQ(d.xml(), take(virNodeDeviceGetXMLDesc(cd, 0)));
  EXPECT_EQ(*d.try_xml(), take(virNodeDeviceGetXMLDesc(cd, 0)));
  EXPECT_EQ(d.caps(), std::vector<std::string>{"scsi_host"});
  EXPECT_EQ(*d.try_caps(), std::vector<std::string>{"scsi_host"});
  EXPECT_EQ(d.cap_count(), virNodeDeviceNumOfCaps(cd));
  EXPECT_EQ(*d.try_cap_count(), 1);
  EXPECT_TRUE(NodeDevice::try_lookup_by_name(conn, "computer"));

  same_error<NodeDevice>([&] { return virNodeDeviceLookupByName(c, "nosuch") == nullptr; },
                         [&] { return NodeDevice::lookup_by_name(conn, "nosuch"); },
                         [&] { return NodeDevice::try_lookup_by_name(conn, "nosuch"); });
  same_error<std::string>([&] { return virNodeDeviceGetXMLDesc(cd, 1u << 30) == nullptr; },
                          [&] { return d.xml(1u << 30); }, [&] { return d.try_xml(1u << 30); });
  // The root device has no parent: the test driver reports an error for it
  // (kept as the thread's error, not dispatched).
  NodeDevice root = NodeDevice::lookup_by_name(conn, "computer");
  virNodeDevicePtr croot = virNodeDeviceLookupByName(c, "computer");
  same_error<std::optional<std::string>>([&] { return virNodeDeviceGetParent(croot) == nullptr; },
                                         [&] { return root.parent(); },
                                         [&] { return root.try_parent(); });
  virNodeDeviceFree(croot);
  auto e = root.try_parent();
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().code(), VIR_ERR_INTERNAL_ERROR);
  EXPECT_EQ(e.error().domain(), VIR_FROM_TEST);
  EXPECT_EQ(e.error().message(), "internal error: no parent for this device");

  NodeDevice none;
  same_error<std::string>([&] { return virNodeDeviceGetName(nullptr) == nullptr; },
                          [&] { return none.name(); }, [&] { return none.try_name(); });
  same_error<std::optional<std::string>>([&] { return virNodeDeviceGetParent(nullptr) == nullptr; },
                                         [&] { return none.parent(); },
                                         [&] { return none.try_parent(); });
  same_error<std::vector<std::string>>([&] { return virNodeDeviceNumOfCaps(nullptr) < 0; },
                                       [&] { return none.caps(); },
                                       [&] { return none.try_caps(); });
  same_error<int>([&] { return virNodeDeviceNumOfCaps(nullptr) < 0; },
                  [&] { return none.cap_count(); }, [&] { return none.try_cap_count(); });
}

TEST_F(CxxNodeDevice, Listings) {
  virNodeDevicePtr *cl = nullptr;
  int n = virConnectListAllNodeDevices(c, &cl, 0);
  ASSERT_GE(n, 2);
  std::vector<std::string> want;
  for (int k = 0; k < n; k++) {
    want.push_back(virNodeDeviceGetName(cl[k]));
    virNodeDeviceFree(cl[k]);
  }
  std::free(cl);
  std::vector<std::string> got;
  for (const NodeDevice &d : NodeDevice::list_all(conn)) got.push_back(d.name());
  EXPECT_EQ(got, want);
  EXPECT_EQ(NodeDevice::try_list_all(conn)->size(), want.size());
  auto scsi = NodeDevice::list_all(conn, VIR_CONNECT_LIST_NODE_DEVICES_CAP_SCSI_HOST);
  EXPECT_EQ(scsi.size(), 3u);

  EXPECT_EQ(sorted(NodeDevice::list_names(conn)), sorted(want));
  EXPECT_EQ(sorted(*NodeDevice::try_list_names(conn)), sorted(want));
  EXPECT_EQ(NodeDevice::list_names(conn, "system"), std::vector<std::string>{"computer"});
  EXPECT_EQ(NodeDevice::count(conn), virNodeNumOfDevices(c, nullptr, 0));
  EXPECT_EQ(NodeDevice::count(conn, "scsi_host"), 3);
  EXPECT_EQ(*NodeDevice::try_count(conn, "system"), 1);
  EXPECT_EQ(NodeDevice::count(conn, "nosuchcap"), 0);
  EXPECT_TRUE(NodeDevice::list_names(conn, "nosuchcap").empty());

  same_error<std::vector<NodeDevice>>(
      [&] { return virConnectListAllNodeDevices(c, &cl, 1u << 31) < 0; },
      [&] { return NodeDevice::list_all(conn, 1u << 31); },
      [&] { return NodeDevice::try_list_all(conn, 1u << 31); });
  same_error<int>([&] { return virNodeNumOfDevices(c, nullptr, 1) < 0; },
                  [&] { return NodeDevice::count(conn, std::nullopt, 1); },
                  [&] { return NodeDevice::try_count(conn, std::nullopt, 1); });
  same_error<std::vector<std::string>>(
      [&] { return virNodeNumOfDevices(c, "system", 1) < 0; },
      [&] { return NodeDevice::list_names(conn, "system", 1); },
      [&] { return NodeDevice::try_list_names(conn, "system", 1); });
}

TEST_F(CxxNodeDevice, CreateAndDestroy) {
  // A device that is no vHBA is not destroyed, yet libvirt's test driver
  // reports success for it (its error path returns 0): the C++ call does too.
  NodeDevice d = NodeDevice::lookup_by_name(conn, "computer");
  virNodeDevicePtr croot = virNodeDeviceLookupByName(c, "computer");
  EXPECT_EQ(virNodeDeviceDestroy(croot), 0);
  EXPECT_TRUE(d.try_destroy());
  EXPECT_TRUE(NodeDevice::try_lookup_by_name(conn, "computer"));
  virNodeDeviceFree(croot);
  NodeDevice v = NodeDevice::create_xml(conn, kVhbaXml);
  EXPECT_EQ(v.parent(), std::optional<std::string>("scsi_host1"));
  std::string name = v.name();
  EXPECT_TRUE(NodeDevice::try_lookup_by_name(conn, name));
  virNodeDevicePtr cv = virNodeDeviceLookupByName(c, name.c_str());
  ASSERT_NE(cv, nullptr);
  v.destroy();
  EXPECT_FALSE(NodeDevice::try_lookup_by_name(conn, name));
  same_error<void>([&] { return virNodeDeviceDestroy(cv) < 0; }, [&] { v.destroy(); },
                   [&] { return v.try_destroy(); });
  virNodeDeviceFree(cv);
  auto again = NodeDevice::try_create_xml(conn, kVhbaXml);
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->try_destroy());

  same_error<NodeDevice>([&] { return virNodeDeviceCreateXML(c, "<device", 0) == nullptr; },
                         [&] { return NodeDevice::create_xml(conn, "<device"); },
                         [&] { return NodeDevice::try_create_xml(conn, "<device"); });
  same_error<NodeDevice>([&] { return virNodeDeviceCreateXML(c, kVhbaXml, 1u << 30) == nullptr; },
                         [&] { return NodeDevice::create_xml(conn, kVhbaXml, 1u << 30); },
                         [&] { return NodeDevice::try_create_xml(conn, kVhbaXml, 1u << 30); });
}

TEST_F(CxxNodeDevice, UnsupportedByTheTestDriver) {
  NodeDevice d = NodeDevice::lookup_by_name(conn, "scsi_host1");
  auto expect_no_support = [] { EXPECT_EQ(cxx_test::c_code(), VIR_ERR_NO_SUPPORT); };
  const char *wwnn = "2000000012341234", *wwpn = "1000000012341234";
  same_error<NodeDevice>(
      [&] { return virNodeDeviceLookupSCSIHostByWWN(c, wwnn, wwpn, 0) == nullptr; },
      [&] { return NodeDevice::lookup_scsi_host_by_wwn(conn, wwnn, wwpn); },
      [&] { return NodeDevice::try_lookup_scsi_host_by_wwn(conn, wwnn, wwpn); });
  expect_no_support();
  same_error<NodeDevice>([&] { return virNodeDeviceDefineXML(c, kVhbaXml, 0) == nullptr; },
                         [&] { return NodeDevice::define_xml(conn, kVhbaXml); },
                         [&] { return NodeDevice::try_define_xml(conn, kVhbaXml); });
  expect_no_support();
  same_error<bool>([&] { return virNodeDeviceIsActive(cd) < 0; }, [&] { return d.is_active(); },
                   [&] { return d.try_is_active(); });
  expect_no_support();
  same_error<bool>([&] { return virNodeDeviceIsPersistent(cd) < 0; },
                   [&] { return d.is_persistent(); }, [&] { return d.try_is_persistent(); });
  expect_no_support();
  int a = 0;
  same_error<bool>([&] { return virNodeDeviceGetAutostart(cd, &a) < 0; },
                   [&] { return d.autostart(); }, [&] { return d.try_autostart(); });
  expect_no_support();
  same_error<void>([&] { return virNodeDeviceSetAutostart(cd, 1) < 0; },
                   [&] { d.set_autostart(true); }, [&] { return d.try_set_autostart(true); });
  expect_no_support();
  same_error<void>([&] { return virNodeDeviceDettach(cd) < 0; }, [&] { d.detach(); },
                   [&] { return d.try_detach(); });
  expect_no_support();
  same_error<void>([&] { return virNodeDeviceDetachFlags(cd, "vfio", 0) < 0; },
                   [&] { d.detach("vfio"); }, [&] { return d.try_detach("vfio"); });
  expect_no_support();
  same_error<void>([&] { return virNodeDeviceDetachFlags(cd, nullptr, 1) < 0; },
                   [&] { d.detach(std::nullopt, 1); },
                   [&] { return d.try_detach(std::nullopt, 1); });
  same_error<void>([&] { return virNodeDeviceReAttach(cd) < 0; }, [&] { d.reattach(); },
                   [&] { return d.try_reattach(); });
  expect_no_support();
  same_error<void>([&] { return virNodeDeviceReset(cd) < 0; }, [&] { d.reset(); },
                   [&] { return d.try_reset(); });
  expect_no_support();
  same_error<void>([&] { return virNodeDeviceCreate(cd, 0) < 0; }, [&] { d.create(); },
                   [&] { return d.try_create(); });
  expect_no_support();
  same_error<void>([&] { return virNodeDeviceUndefine(cd, 0) < 0; }, [&] { d.undefine(); },
                   [&] { return d.try_undefine(); });
  expect_no_support();
}

TEST_F(CxxNodeDevice, ReadOnlyRefusal) {
  auto ro = virtkit::Connection::open_read_only("test:///default");
  virConnectPtr cro = virConnectOpenReadOnly("test:///default");
  ASSERT_NE(cro, nullptr);
  NodeDevice d = NodeDevice::lookup_by_name(ro, "scsi_host1");
  virNodeDevicePtr cx = virNodeDeviceLookupByName(cro, "scsi_host1");
  same_error<void>([&] { return virNodeDeviceDestroy(cx) < 0; }, [&] { d.destroy(); },
                   [&] { return d.try_destroy(); });
  same_error<void>([&] { return virNodeDeviceDettach(cx) < 0; }, [&] { d.detach(); },
                   [&] { return d.try_detach(); });
  same_error<NodeDevice>([&] { return virNodeDeviceCreateXML(cro, kVhbaXml, 0) == nullptr; },
                         [&] { return NodeDevice::create_xml(ro, kVhbaXml); },
                         [&] { return NodeDevice::try_create_xml(ro, kVhbaXml); });
  virNodeDeviceFree(cx);
  virConnectClose(cro);
}

TEST_F(CxxNodeDevice, HandlesShareAndMove) {
  NodeDevice a = NodeDevice::lookup_by_name(conn, "computer");
  NodeDevice b(a);
  EXPECT_EQ(b.get(), a.get());
  NodeDevice m(std::move(a));
  EXPECT_FALSE(a);  // NOLINT(bugprone-use-after-move)
  EXPECT_EQ(m.name(), "computer");
  b = std::move(m);
  EXPECT_FALSE(m);  // NOLINT(bugprone-use-after-move)
  EXPECT_EQ(b.name(), "computer");
  NodeDevice keep;
  {
    auto tmp = virtkit::Connection::open("test:///default");
    keep = NodeDevice::lookup_by_name(tmp, "scsi_host1");
  }
  EXPECT_EQ(keep.parent(), std::optional<std::string>("computer"));
}

}  // namespace

namespace {

TEST_F(CxxNodeDevice, EventSubscriptions) {
  cxx_test::Loop loop;
  std::mutex m;
  std::vector<std::pair<std::string, int>> events;
  auto sub = virtkit::on_node_device_event<VIR_NODE_DEVICE_EVENT_ID_LIFECYCLE>(
      conn, [&](const NodeDevice &d, int event, int) {
        std::lock_guard<std::mutex> l(m);
        events.emplace_back(d.name(), event);
      });
  NodeDevice v = NodeDevice::create_xml(conn, kVhbaXml);
  std::string name = v.name();
  v.destroy();
  ASSERT_TRUE(cxx_test::wait_for([&] {
    std::lock_guard<std::mutex> l(m);
    return events.size() >= 2;
  }));
  std::lock_guard<std::mutex> l(m);
  EXPECT_EQ(events.at(0), std::make_pair(name, int(VIR_NODE_DEVICE_EVENT_CREATED)));
  EXPECT_EQ(events.at(1), std::make_pair(name, int(VIR_NODE_DEVICE_EVENT_DELETED)));
}

}  // namespace
