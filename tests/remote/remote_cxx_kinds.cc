// SPDX-License-Identifier: LGPL-2.1-or-later
// The C++ API's conversions for objects test:///default lacks (DHCP leases,
// network ports, secrets and their values, filters and bindings, a device
// without a parent), served by tests/remote/fake_daemon.py: each C++ result
// equals what the C calls give on the same connection.
#include "remote_fixture.h"

#include "../cxx/cxx_test_util.h"

#include <array>
#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

namespace {

using cxx_test::same_error;
using Uuid = std::array<unsigned char, VIR_UUID_BUFLEN>;

// fake_daemon.py's UUIDs: 0..15 for objects, 16..31 for the port.
Uuid uuid_from(unsigned char first) {
  Uuid u{};
  for (size_t i = 0; i < u.size(); i++) u[i] = static_cast<unsigned char>(first + i);
  return u;
}

class RemoteFakeCxx : public remote_test::FakeConnected {
 protected:
  void SetUp() override {
    FakeConnected::SetUp();
    if (IsSkipped()) return;
    conn = virtkit::Connection::open(remote_test::remote_uri());
  }
  virtkit::Connection conn;
};

std::optional<std::string> opt(const char *s) {
  return s ? std::optional<std::string>(s) : std::nullopt;
}

TEST_F(RemoteFakeCxx, DHCPLeases) {
  virNetworkPtr cn = virNetworkLookupByName(conn_, "net");
  ASSERT_NE(cn, nullptr);
  virNetworkDHCPLeasePtr *cl = nullptr;
  int n = virNetworkGetDHCPLeases(cn, nullptr, &cl, 0);
  ASSERT_EQ(n, 2);
  auto net = virtkit::Network::lookup_by_name(conn, "net");
  EXPECT_EQ(net.uuid(), uuid_from(0));
  std::vector<virtkit::DHCPLease> leases = net.dhcp_leases();
  ASSERT_EQ(leases.size(), 2u);
  for (int i = 0; i < n; i++) {
    const virtkit::DHCPLease &l = leases[static_cast<size_t>(i)];
    EXPECT_EQ(l.iface, cl[i]->iface);
    EXPECT_EQ(std::chrono::system_clock::to_time_t(l.expiry), cl[i]->expirytime);
    EXPECT_EQ(l.type, cl[i]->type);
    EXPECT_EQ(l.mac, opt(cl[i]->mac));
    EXPECT_EQ(l.iaid, opt(cl[i]->iaid));
    EXPECT_EQ(l.ip_address, cl[i]->ipaddr);
    EXPECT_EQ(l.prefix, cl[i]->prefix);
    EXPECT_EQ(l.hostname, opt(cl[i]->hostname));
    EXPECT_EQ(l.client_id, opt(cl[i]->clientid));
    virNetworkDHCPLeaseFree(cl[i]);
  }
  std::free(cl);
  EXPECT_EQ(leases[0].expiry,
            std::chrono::system_clock::time_point(std::chrono::seconds(1700000000)));
  EXPECT_EQ(leases[0].type, VIR_IP_ADDR_TYPE_IPV4);
  EXPECT_EQ(leases[0].hostname, "guest");
  EXPECT_EQ(leases[1].type, VIR_IP_ADDR_TYPE_IPV6);
  EXPECT_EQ(leases[1].mac, std::nullopt);
  EXPECT_EQ(leases[1].iaid, "5");
  EXPECT_EQ(leases[1].expiry - leases[0].expiry, std::chrono::hours(1));
  EXPECT_EQ(net.try_dhcp_leases("52:54:00:00:00:01")->size(), 2u);
  virNetworkFree(cn);
}

TEST_F(RemoteFakeCxx, NetworkPorts) {
  auto net = virtkit::Network::lookup_by_name(conn, "net");
  std::vector<virtkit::NetworkPort> ports = virtkit::NetworkPort::list_all(net);
  ASSERT_EQ(ports.size(), 1u);
  virtkit::NetworkPort p = ports[0];  // shared
  ports.clear();
  EXPECT_EQ(p.uuid(), uuid_from(16));
  EXPECT_EQ(p.uuid_string(), "10111213-1415-1617-1819-1a1b1c1d1e1f");
  EXPECT_EQ(p.xml(), "<networkport/>");
  EXPECT_EQ(p.network().name(), "net");
  EXPECT_EQ(p.try_network()->uuid(), uuid_from(0));

  virTypedParameterPtr cp = nullptr;
  int cn = 0;
  ASSERT_EQ(virNetworkPortGetParameters(p.get(), &cp, &cn, 0), 0);
  virtkit::TypedParams want = virtkit::TypedParams::from_c(cp, cn);
  virTypedParamsFree(cp, cn);
  virtkit::TypedParams got = p.parameters();
  EXPECT_EQ(got, want);
  EXPECT_EQ(got.get<unsigned>(VIR_NETWORK_PORT_BANDWIDTH_IN_AVERAGE), 100u);
  EXPECT_EQ(got.get<unsigned long long>(VIR_NETWORK_PORT_BANDWIDTH_IN_PEAK), 1ull << 40);
  p.set_parameters(got);
  EXPECT_TRUE(p.try_set_parameters(virtkit::TypedParams()));
  p.remove();
  EXPECT_TRUE(p.try_remove());

  // A call the daemon does not answer fails as in C.
  const char *us = "10111213-1415-1617-1819-1a1b1c1d1e1f";
  same_error<virtkit::NetworkPort>(
      [&] { return virNetworkPortLookupByUUIDString(net.get(), us) == nullptr; },
      [&] { return virtkit::NetworkPort::lookup_by_uuid_string(net, us); },
      [&] { return virtkit::NetworkPort::try_lookup_by_uuid_string(net, us); });
}

TEST_F(RemoteFakeCxx, Secrets) {
  auto s = virtkit::Secret::lookup_by_usage(conn, VIR_SECRET_USAGE_TYPE_VOLUME, "/var/lib/x.img");
  EXPECT_EQ(s.usage_type(), VIR_SECRET_USAGE_TYPE_VOLUME);
  EXPECT_EQ(s.usage_id(), "/var/lib/x.img");
  EXPECT_EQ(s.uuid(), uuid_from(0));
  EXPECT_EQ(s.uuid_string(), "00010203-0405-0607-0809-0a0b0c0d0e0f");
  EXPECT_EQ(s.xml(), "<secret/>");
  EXPECT_EQ(s.connection().get(), conn.get());

  size_t size = 0;
  unsigned char *cv = virSecretGetValue(s.get(), &size, 0);
  ASSERT_NE(cv, nullptr);
  std::vector<std::byte> want(reinterpret_cast<std::byte *>(cv),
                              reinterpret_cast<std::byte *>(cv) + size);
  std::free(cv);
  std::vector<std::byte> v = s.value();
  EXPECT_EQ(v, want);
  ASSERT_EQ(v.size(), 8u);  // embedded NUL and a high byte kept
  EXPECT_EQ(v[0], std::byte{0});
  EXPECT_EQ(v[7], std::byte{0xff});
  s.set_value(v);
  EXPECT_TRUE(s.try_set_value(std::span<const std::byte>(v).first(3)));
  EXPECT_TRUE(s.try_set_value({}));

  virtkit::Secret copy = s;
  EXPECT_EQ(copy.get(), s.get());
  same_error<void>([&] { return virSecretUndefine(s.get()) < 0; }, [&] { copy.undefine(); },
                   [&] { return copy.try_undefine(); });
}

TEST_F(RemoteFakeCxx, FiltersAndBindings) {
  auto f = virtkit::NWFilter::lookup_by_name(conn, "clean-traffic");
  EXPECT_EQ(f.name(), "clean-traffic");
  EXPECT_EQ(f.uuid(), uuid_from(0));
  EXPECT_EQ(f.uuid_string(), "00010203-0405-0607-0809-0a0b0c0d0e0f");
  EXPECT_EQ(f.xml(), "<filter/>");
  virtkit::NWFilter f2 = f;
  EXPECT_EQ(f2.get(), f.get());

  auto b = virtkit::NWFilterBinding::lookup_by_port_dev(conn, "vnet0");
  EXPECT_EQ(b.port_dev(), "vnet0");
  EXPECT_EQ(b.filter_name(), "clean-traffic");
  EXPECT_EQ(b.xml(), "<filterbinding/>");
  virtkit::NWFilterBinding b2 = b;
  EXPECT_EQ(b2.get(), b.get());
  same_error<void>([&] { return virNWFilterBindingDelete(b.get()) < 0; }, [&] { b2.remove(); },
                   [&] { return b2.try_remove(); });
  same_error<void>([&] { return virNWFilterUndefine(f.get()) < 0; }, [&] { f2.undefine(); },
                   [&] { return f2.try_undefine(); });
}

TEST_F(RemoteFakeCxx, DeviceWithoutParent) {
  // libvirtd sends no parent and no error for a root device.
  virNodeDevicePtr cd = virNodeDeviceLookupByName(conn_, "dev");
  ASSERT_NE(cd, nullptr);
  EXPECT_EQ(virNodeDeviceGetParent(cd), nullptr);
  EXPECT_EQ(virGetLastError(), nullptr);
  virNodeDeviceFree(cd);
  auto d = virtkit::NodeDevice::lookup_by_name(conn, "dev");
  EXPECT_EQ(d.name(), "dev");
  auto p = d.try_parent();
  ASSERT_TRUE(p);
  EXPECT_EQ(*p, std::nullopt);
  EXPECT_EQ(d.parent(), std::nullopt);
}

}  // namespace
