// SPDX-License-Identifier: LGPL-2.1-or-later
// virtkit::Domain's device calls (domain_devices.hpp) and guest calls
// (domain_guest.hpp) on test:///default, against the C API.
#include "cxx_test_util.h"

#include <array>
#include <cstddef>
#include <vector>

namespace {

using cxxtest::same_error;

class CxxDomainDevices : public cxxtest::DomainFixture {};

const char kDisk[] =
    "<disk type='file' device='disk'><source file='/tmp/x.img'/><target dev='vdb'/></disk>";

TEST_F(CxxDomainDevices, HotplugNotInTestDriver) {
  same_error<void>([&] { return virDomainAttachDevice(cd, kDisk) < 0; },
                   [&] { d.attach_device(kDisk); }, [&] { return d.try_attach_device(kDisk); });
  EXPECT_EQ(d.try_attach_device(kDisk).error().code(), VIR_ERR_NO_SUPPORT);
  const unsigned live = VIR_DOMAIN_AFFECT_LIVE;
  same_error<void>([&] { return virDomainAttachDeviceFlags(cd, kDisk, live) < 0; },
                   [&] { d.attach_device(kDisk, live); },
                   [&] { return d.try_attach_device(kDisk, live); });
  EXPECT_EQ(*d.try_attach_device(kDisk, live).error().message(),
            "this function is not supported by the connection driver: virDomainAttachDeviceFlags");
  same_error<void>([&] { return virDomainDetachDevice(cd, kDisk) < 0; },
                   [&] { d.detach_device(kDisk); }, [&] { return d.try_detach_device(kDisk); });
  same_error<void>([&] { return virDomainDetachDeviceFlags(cd, kDisk, live) < 0; },
                   [&] { d.detach_device(kDisk, live); },
                   [&] { return d.try_detach_device(kDisk, live); });
  same_error<void>([&] { return virDomainUpdateDeviceFlags(cd, kDisk, 0) < 0; },
                   [&] { d.update_device(kDisk); }, [&] { return d.try_update_device(kDisk); });
  same_error<void>([&] { return virDomainDetachDeviceAlias(cd, "ua-x", 0) < 0; },
                   [&] { d.detach_device_alias("ua-x"); },
                   [&] { return d.try_detach_device_alias("ua-x"); });
}

TEST_F(CxxDomainDevices, FlagsFormsEvenWithoutFlags) {
  same_error<void>([&] { return virDomainAttachDeviceFlags(cd, kDisk, 0) < 0; },
                   [&] { d.attach_device_flags(kDisk, 0); },
                   [&] { return d.try_attach_device_flags(kDisk, 0); });
  EXPECT_EQ(*d.try_attach_device_flags(kDisk, 0).error().message(),
            "this function is not supported by the connection driver: virDomainAttachDeviceFlags");
  same_error<void>([&] { return virDomainDetachDeviceFlags(cd, kDisk, 0) < 0; },
                   [&] { d.detach_device_flags(kDisk, 0); },
                   [&] { return d.try_detach_device_flags(kDisk, 0); });
  EXPECT_EQ(*d.try_detach_device_flags(kDisk, 0).error().message(),
            "this function is not supported by the connection driver: virDomainDetachDeviceFlags");
}

TEST_F(CxxDomainDevices, DiskStatsInfoAndErrors) {
  virDomainBlockStatsStruct s = d.block_stats("vda");
  EXPECT_GT(s.rd_req, 0);
  EXPECT_GT(s.wr_bytes, 0);
  EXPECT_GT(s.errs, 0);
  same_error<virDomainBlockStatsStruct>(
      [&] {
        virDomainBlockStatsStruct cs;
        return virDomainBlockStats(cd, "nosuch", &cs, sizeof cs) < 0;
      },
      [&] { return d.block_stats("nosuch"); }, [&] { return d.try_block_stats("nosuch"); });
  same_error<virtkit::TypedParams>(
      [&] {
        int n = 0;
        return virDomainBlockStatsFlags(cd, "vda", nullptr, &n, 0) < 0;
      },
      [&] { return d.block_stats_params("vda"); }, [&] { return d.try_block_stats_params("vda"); });

  virDomainBlockInfo bi = d.block_info("vda");
  virDomainBlockInfo ci;
  ASSERT_EQ(virDomainGetBlockInfo(cd, "vda", &ci, 0), 0);
  EXPECT_EQ(bi.capacity, ci.capacity);
  EXPECT_EQ(bi.capacity, 1099506450432ULL);
  EXPECT_EQ(bi.allocation, 1099511627776ULL);
  EXPECT_EQ(bi.physical, 1099511627776ULL);
  same_error<virDomainBlockInfo>([&] { return virDomainGetBlockInfo(cd, "nosuch", &ci, 0) < 0; },
                                 [&] { return d.block_info("nosuch"); },
                                 [&] { return d.try_block_info("nosuch"); });

  std::vector<virtkit::DomainDiskError> errs = d.disk_errors();
  ASSERT_EQ(errs.size(), 1u);
  EXPECT_EQ(errs[0].disk, "vda");
  EXPECT_EQ(errs[0].error, VIR_DOMAIN_DISK_ERROR_UNSPEC);
  same_error<std::vector<virtkit::DomainDiskError>>(
      [&] { return virDomainGetDiskErrors(cd, nullptr, 0, 1) < 0; },
      [&] { return d.disk_errors(1); }, [&] { return d.try_disk_errors(1); });

  same_error<void>([&] { return virDomainBlockResize(cd, "vda", 1, 0) < 0; },
                   [&] { d.block_resize("vda", 1); }, [&] { return d.try_block_resize("vda", 1); });
  same_error<void>([&] { return virDomainSetBlockThreshold(cd, "vda", 1, 0) < 0; },
                   [&] { d.set_block_threshold("vda", 1); },
                   [&] { return d.try_set_block_threshold("vda", 1); });
}

TEST_F(CxxDomainDevices, PeekIntoSpans) {
  std::array<std::byte, 16> buf{};
  d.memory_peek(100, buf, VIR_MEMORY_VIRTUAL);
  unsigned char cbuf[16];
  ASSERT_EQ(virDomainMemoryPeek(cd, 100, sizeof cbuf, cbuf, VIR_MEMORY_VIRTUAL), 0);
  for (size_t i = 0; i < buf.size(); i++)
    EXPECT_EQ(std::to_integer<unsigned char>(buf[i]), cbuf[i]);
  EXPECT_NE(std::to_integer<int>(buf[1]), std::to_integer<int>(buf[0]));
  same_error<void>([&] { return virDomainMemoryPeek(cd, 0, sizeof cbuf, cbuf, 0) < 0; },
                   [&] { d.memory_peek(0, buf, 0); }, [&] { return d.try_memory_peek(0, buf, 0); });
  same_error<void>([&] { return virDomainBlockPeek(cd, "vda", 0, sizeof cbuf, cbuf, 0) < 0; },
                   [&] { d.block_peek("vda", 0, buf); },
                   [&] { return d.try_block_peek("vda", 0, buf); });
}

TEST_F(CxxDomainDevices, InterfaceAddressesAndStats) {
  std::vector<virtkit::DomainInterface> ifs =
      d.interface_addresses(VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_LEASE);
  ASSERT_EQ(ifs.size(), 1u);
  EXPECT_EQ(ifs[0].name, "testnet0");
  EXPECT_EQ(ifs[0].hwaddr, std::optional<std::string>("aa:bb:cc:dd:ee:ff"));
  ASSERT_EQ(ifs[0].addrs.size(), 1u);
  EXPECT_EQ(ifs[0].addrs[0].type, VIR_IP_ADDR_TYPE_IPV4);
  EXPECT_EQ(ifs[0].addrs[0].addr, "192.168.122.3");
  EXPECT_EQ(ifs[0].addrs[0].prefix, 24u);
  same_error<std::vector<virtkit::DomainInterface>>(
      [&] {
        virDomainInterfacePtr *i = nullptr;
        return virDomainInterfaceAddresses(cd, &i, 99, 0) < 0;
      },
      [&] { return d.interface_addresses(99); }, [&] { return d.try_interface_addresses(99); });

  virDomainInterfaceStatsStruct s = d.interface_stats("testnet0");
  EXPECT_GT(s.rx_bytes, 0);
  same_error<virDomainInterfaceStatsStruct>(
      [&] {
        virDomainInterfaceStatsStruct cs;
        return virDomainInterfaceStats(cd, "vnet0", &cs, sizeof cs) < 0;
      },
      [&] { return d.interface_stats("vnet0"); }, [&] { return d.try_interface_stats("vnet0"); });
}

TEST_F(CxxDomainDevices, StreamsAndGraphics) {
  virtkit::Stream st = virtkit::Stream::create(conn);
  std::string mime = d.screenshot(st);
  EXPECT_EQ(mime, "image/png");
  char head[8];
  ASSERT_EQ(virStreamRecv(st.get(), head, sizeof head), 8);
  EXPECT_EQ(std::string(head + 1, 3), "PNG");
  virStreamAbort(st.get());
  virtkit::Stream st2 = virtkit::Stream::create(conn);
  virStreamPtr cst = virStreamNew(c, 0);
  same_error<std::string>([&] { return virDomainScreenshot(cd, cst, 0, 1) == nullptr; },
                          [&] { return d.screenshot(st2, 0, 1); },
                          [&] { return d.try_screenshot(st2, 0, 1); });
  same_error<void>([&] { return virDomainOpenConsole(cd, nullptr, cst, 0) < 0; },
                   [&] { d.open_console(std::nullopt, st2); },
                   [&] { return d.try_open_console(std::nullopt, st2); });
  EXPECT_EQ(d.try_open_console("serial0", st2).error().code(), VIR_ERR_NO_SUPPORT);
  same_error<void>([&] { return virDomainOpenChannel(cd, "org.qemu.guest_agent.0", cst, 0) < 0; },
                   [&] { d.open_channel("org.qemu.guest_agent.0", st2); },
                   [&] { return d.try_open_channel("org.qemu.guest_agent.0", st2); });
  virStreamFree(cst);
  same_error<void>([&] { return virDomainOpenGraphics(cd, 0, 0, 0) < 0; },
                   [&] { d.open_graphics(0, 0); }, [&] { return d.try_open_graphics(0, 0); });
  same_error<int>([&] { return virDomainOpenGraphicsFD(cd, 0, 0) < 0; },
                  [&] { return d.open_graphics_fd(0); }, [&] { return d.try_open_graphics_fd(0); });
}

TEST_F(CxxDomainDevices, GuestHostnameTimeFileSystems) {
  EXPECT_EQ(d.hostname(), "testhost");
  auto t = d.time();
  EXPECT_EQ(std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count(),
            627319920LL * 1000000000LL);
  d.set_time(t + std::chrono::milliseconds(1500));
  same_error<std::chrono::system_clock::time_point>(
      [&] {
        long long s;
        unsigned ns;
        return virDomainGetTime(cd, &s, &ns, 1) < 0;
      },
      [&] { return d.time(1); }, [&] { return d.try_time(1); });
  same_error<void>([&] { return virDomainSetTime(cd, 1, 0, 1u << 30) < 0; },
                   [&] { d.set_time(t, 1u << 30); }, [&] { return d.try_set_time(t, 1u << 30); });

  std::vector<virtkit::DomainFSInfo> fs = d.fs_info();
  ASSERT_EQ(fs.size(), 2u);
  EXPECT_EQ(fs[0].mountpoint, "/");
  EXPECT_EQ(fs[0].name, "vda1");
  EXPECT_EQ(fs[0].fstype, "ext4");
  EXPECT_EQ(fs[0].dev_aliases, std::vector<std::string>{"vda"});
  EXPECT_EQ(fs[1].mountpoint, "/boot");
  EXPECT_EQ(d.fs_freeze({"/boot"}), 1);
  EXPECT_EQ(d.fs_freeze(), 1);  // "/" was still thawed
  EXPECT_EQ(d.fs_thaw(), 2);
  same_error<int>(
      [&] {
        const char *m[] = {"/nosuch"};
        return virDomainFSFreeze(cd, m, 1, 0) < 0;
      },
      [&] { return d.fs_freeze({"/nosuch"}); }, [&] { return d.try_fs_freeze({"/nosuch"}); });
  d.fs_trim();
  same_error<void>([&] { return virDomainFSTrim(cd, "/nosuch", 0, 0) < 0; },
                   [&] { d.fs_trim("/nosuch"); }, [&] { return d.try_fs_trim("/nosuch"); });
  same_error<std::vector<virtkit::DomainFSInfo>>(
      [&] {
        virDomainFSInfoPtr *i = nullptr;
        return virDomainGetFSInfo(cd, &i, 1) < 0;
      },
      [&] { return d.fs_info(1); }, [&] { return d.try_fs_info(1); });
}

TEST_F(CxxDomainDevices, GuestAgentCalls) {
  d.set_user_password("root", "secret");
  same_error<void>([&] { return virDomainSetUserPassword(cd, "root", "x", 1u << 30) < 0; },
                   [&] { d.set_user_password("root", "x", 1u << 30); },
                   [&] { return d.try_set_user_password("root", "x", 1u << 30); });
  same_error<virtkit::TypedParams>(
      [&] {
        virTypedParameterPtr p = nullptr;
        int n = 0;
        return virDomainGetGuestInfo(cd, 0, &p, &n, 0) < 0;
      },
      [&] { return d.guest_info(); }, [&] { return d.try_guest_info(); });
  same_error<std::vector<std::string>>(
      [&] {
        char **k = nullptr;
        return virDomainAuthorizedSSHKeysGet(cd, "root", &k, 0) < 0;
      },
      [&] { return d.authorized_ssh_keys("root"); },
      [&] { return d.try_authorized_ssh_keys("root"); });
  std::vector<std::string> keys{"ssh-ed25519 AAAA x"};
  same_error<void>(
      [&] {
        const char *k[] = {"ssh-ed25519 AAAA x"};
        return virDomainAuthorizedSSHKeysSet(cd, "root", k, 1, 0) < 0;
      },
      [&] { d.set_authorized_ssh_keys("root", keys); },
      [&] { return d.try_set_authorized_ssh_keys("root", keys); });
  same_error<void>([&] { return virDomainAgentSetResponseTimeout(cd, 5, 0) < 0; },
                   [&] { d.agent_set_response_timeout(5); },
                   [&] { return d.try_agent_set_response_timeout(5); });
}

}  // namespace
