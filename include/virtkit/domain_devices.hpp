// SPDX-License-Identifier: LGPL-2.1-or-later
/// @file
/// virtkit::DomainDeviceCalls: devices, disks, interfaces, consoles and graphics
/// (part of virtkit::Domain; include domain.hpp).
#pragma once

#include <virtkit/detail.hpp>
#include <virtkit/typed_params.hpp>

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace virtkit {

class Stream;

/// A disk error (virDomainDiskError).
struct DomainDiskError {
  std::string disk;  ///< The disk's target, e.g. "vda".
  int error;         ///< A virDomainDiskErrorCode.
};

/// An IP address of a guest interface (virDomainIPAddress).
struct DomainIPAddress {
  int type;          ///< A virIPAddrType.
  std::string addr;  ///< The address.
  unsigned prefix;   ///< The prefix length.
};

/// A guest network interface and its addresses (virDomainInterface).
struct DomainInterface {
  std::string name;                    ///< The interface's name.
  std::optional<std::string> hwaddr;   ///< Its MAC address; std::nullopt if unknown.
  std::vector<DomainIPAddress> addrs;  ///< Its addresses.
};

/// @cond VIRTKIT_DETAIL
namespace detail {
// The C stream of a Stream (declared later; instantiated where it is complete).
template <class S>
virStreamPtr stream_ptr(const S &s) noexcept {
  return s.get();
}
}  // namespace detail
/// @endcond

/// Domain's calls for devices: hotplug, disk and interface statistics, peeking
/// into disks and memory, consoles, channels, graphics and screenshots.
///
/// A base of Domain (@p D); use them through a Domain.
template <class D>
class DomainDeviceCalls : public detail::DomainPart<D, DomainDeviceCalls<D>> {
 public:
  //!@{
  /// Attaches the device described by @p xml (virDomainAttachDeviceFlags with
  /// VIR_DOMAIN_AFFECT_* @p flags; virDomainAttachDevice when there are none).
  Expected<void> try_attach_device(std::string_view xml, unsigned flags = 0) const {
    detail::CStr x(xml);
    return detail::check(flags ? virDomainAttachDeviceFlags(this->dom(), x, flags)
                               : virDomainAttachDevice(this->dom(), x));
  }
  void attach_device(std::string_view xml, unsigned flags = 0) const {
    try_attach_device(xml, flags).value();
  }
  //!@}
  //!@{
  /// Attaches by virDomainAttachDeviceFlags even when @p flags is 0
  /// (VIR_DOMAIN_AFFECT_CURRENT, where virDomainAttachDevice means the live domain).
  Expected<void> try_attach_device_flags(std::string_view xml, unsigned flags) const {
    return detail::check(virDomainAttachDeviceFlags(this->dom(), detail::CStr(xml), flags));
  }
  void attach_device_flags(std::string_view xml, unsigned flags) const {
    try_attach_device_flags(xml, flags).value();
  }
  //!@}
  //!@{
  /// Detaches the device described by @p xml (virDomainDetachDeviceFlags;
  /// virDomainDetachDevice when @p flags is 0).
  Expected<void> try_detach_device(std::string_view xml, unsigned flags = 0) const {
    detail::CStr x(xml);
    return detail::check(flags ? virDomainDetachDeviceFlags(this->dom(), x, flags)
                               : virDomainDetachDevice(this->dom(), x));
  }
  void detach_device(std::string_view xml, unsigned flags = 0) const {
    try_detach_device(xml, flags).value();
  }
  //!@}
  //!@{
  /// Detaches by virDomainDetachDeviceFlags even when @p flags is 0
  /// (VIR_DOMAIN_AFFECT_CURRENT, where virDomainDetachDevice means the live domain).
  Expected<void> try_detach_device_flags(std::string_view xml, unsigned flags) const {
    return detail::check(virDomainDetachDeviceFlags(this->dom(), detail::CStr(xml), flags));
  }
  void detach_device_flags(std::string_view xml, unsigned flags) const {
    try_detach_device_flags(xml, flags).value();
  }
  //!@}
  //!@{
  /// Detaches the device with alias @p alias (virDomainDetachDeviceAlias).
  Expected<void> try_detach_device_alias(std::string_view alias, unsigned flags = 0) const {
    return detail::check(virDomainDetachDeviceAlias(this->dom(), detail::CStr(alias), flags));
  }
  void detach_device_alias(std::string_view alias, unsigned flags = 0) const {
    try_detach_device_alias(alias, flags).value();
  }
  //!@}
  //!@{
  /// Changes a device's settings to @p xml (virDomainUpdateDeviceFlags).
  Expected<void> try_update_device(std::string_view xml, unsigned flags = 0) const {
    return detail::check(virDomainUpdateDeviceFlags(this->dom(), detail::CStr(xml), flags));
  }
  void update_device(std::string_view xml, unsigned flags = 0) const {
    try_update_device(xml, flags).value();
  }
  //!@}
  //!@{
  /// A disk's I/O counters (virDomainBlockStats).
  Expected<virDomainBlockStatsStruct> try_block_stats(std::string_view disk) const {
    virDomainBlockStatsStruct s{};
    if (virDomainBlockStats(this->dom(), detail::CStr(disk), &s, sizeof s) < 0)
      return detail::last_error;
    return s;
  }
  virDomainBlockStatsStruct block_stats(std::string_view disk) const {
    return try_block_stats(disk).value();
  }
  //!@}
  //!@{
  /// A disk's VIR_DOMAIN_BLOCK_STATS_* counters (virDomainBlockStatsFlags).
  Expected<TypedParams> try_block_stats_params(std::string_view disk, unsigned flags = 0) const {
    detail::CStr d(disk);
    return detail::fill_params([&](virTypedParameterPtr p, int *n) {
      return virDomainBlockStatsFlags(this->dom(), d, p, n, flags);
    });
  }
  TypedParams block_stats_params(std::string_view disk, unsigned flags = 0) const {
    return try_block_stats_params(disk, flags).value();
  }
  //!@}
  //!@{
  /// An interface's counters (virDomainInterfaceStats).
  Expected<virDomainInterfaceStatsStruct> try_interface_stats(std::string_view device) const {
    virDomainInterfaceStatsStruct s{};
    if (virDomainInterfaceStats(this->dom(), detail::CStr(device), &s, sizeof s) < 0)
      return detail::last_error;
    return s;
  }
  virDomainInterfaceStatsStruct interface_stats(std::string_view device) const {
    return try_interface_stats(device).value();
  }
  //!@}
  //!@{
  /// A disk's capacity, allocation and physical size (virDomainGetBlockInfo).
  Expected<virDomainBlockInfo> try_block_info(std::string_view disk, unsigned flags = 0) const {
    virDomainBlockInfo i{};
    if (virDomainGetBlockInfo(this->dom(), detail::CStr(disk), &i, flags) < 0)
      return detail::last_error;
    return i;
  }
  virDomainBlockInfo block_info(std::string_view disk, unsigned flags = 0) const {
    return try_block_info(disk, flags).value();
  }
  //!@}
  //!@{
  /// Reads @p buf.size() bytes of a disk at @p offset (virDomainBlockPeek).
  Expected<void> try_block_peek(std::string_view disk, unsigned long long offset,
                                std::span<std::byte> buf, unsigned flags = 0) const {
    return detail::check(
        virDomainBlockPeek(this->dom(), detail::CStr(disk), offset, buf.size(), buf.data(), flags));
  }
  void block_peek(std::string_view disk, unsigned long long offset, std::span<std::byte> buf,
                  unsigned flags = 0) const {
    try_block_peek(disk, offset, buf, flags).value();
  }
  //!@}
  //!@{
  /// Reads @p buf.size() bytes of guest memory at @p start, with
  /// VIR_MEMORY_VIRTUAL or VIR_MEMORY_PHYSICAL in @p flags (virDomainMemoryPeek).
  Expected<void> try_memory_peek(unsigned long long start, std::span<std::byte> buf,
                                 unsigned flags) const {
    return detail::check(virDomainMemoryPeek(this->dom(), start, buf.size(), buf.data(), flags));
  }
  void memory_peek(unsigned long long start, std::span<std::byte> buf, unsigned flags) const {
    try_memory_peek(start, buf, flags).value();
  }
  //!@}
  //!@{
  /// Resizes a disk to @p size KiB (bytes with VIR_DOMAIN_BLOCK_RESIZE_BYTES;
  /// virDomainBlockResize).
  Expected<void> try_block_resize(std::string_view disk, unsigned long long size,
                                  unsigned flags = 0) const {
    return detail::check(virDomainBlockResize(this->dom(), detail::CStr(disk), size, flags));
  }
  void block_resize(std::string_view disk, unsigned long long size, unsigned flags = 0) const {
    try_block_resize(disk, size, flags).value();
  }
  //!@}
  //!@{
  /// Sets the write threshold of disk @p dev for a VIR_DOMAIN_EVENT_ID_BLOCK_THRESHOLD
  /// event (virDomainSetBlockThreshold).
  Expected<void> try_set_block_threshold(std::string_view dev, unsigned long long threshold,
                                         unsigned flags = 0) const {
    return detail::check(
        virDomainSetBlockThreshold(this->dom(), detail::CStr(dev), threshold, flags));
  }
  void set_block_threshold(std::string_view dev, unsigned long long threshold,
                           unsigned flags = 0) const {
    try_set_block_threshold(dev, threshold, flags).value();
  }
  //!@}
  //!@{
  /// The disks with I/O errors (virDomainGetDiskErrors).
  Expected<std::vector<DomainDiskError>> try_disk_errors(unsigned flags = 0) const {
    int n = virDomainGetDiskErrors(this->dom(), nullptr, 0, flags);
    if (n < 0) return detail::last_error;
    std::vector<virDomainDiskError> buf(static_cast<size_t>(n));
    if (n) n = virDomainGetDiskErrors(this->dom(), buf.data(), static_cast<unsigned>(n), flags);
    if (n < 0) return detail::last_error;
    std::vector<DomainDiskError> out;
    for (int i = 0; i < n; i++) {
      out.push_back({buf[i].disk ? buf[i].disk : "", buf[i].error});
      std::free(buf[i].disk);
    }
    return out;
  }
  std::vector<DomainDiskError> disk_errors(unsigned flags = 0) const {
    return try_disk_errors(flags).value();
  }
  //!@}
  //!@{
  /// The guest's interfaces and addresses from VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_*
  /// @p source (virDomainInterfaceAddresses; freed with virDomainInterfaceFree).
  Expected<std::vector<DomainInterface>> try_interface_addresses(unsigned source,
                                                                 unsigned flags = 0) const {
    virDomainInterfacePtr *ifaces = nullptr;
    int n = virDomainInterfaceAddresses(this->dom(), &ifaces, source, flags);
    if (n < 0) return detail::last_error;
    std::vector<DomainInterface> out;
    for (int i = 0; i < n; i++) {
      const virDomainInterface &c = *ifaces[i];
      DomainInterface o{
          c.name ? c.name : "", c.hwaddr ? std::optional<std::string>(c.hwaddr) : std::nullopt, {}};
      for (unsigned j = 0; j < c.naddrs; j++)
        o.addrs.push_back(
            {c.addrs[j].type, c.addrs[j].addr ? c.addrs[j].addr : "", c.addrs[j].prefix});
      out.push_back(std::move(o));
      virDomainInterfaceFree(ifaces[i]);
    }
    std::free(ifaces);
    return out;
  }
  std::vector<DomainInterface> interface_addresses(unsigned source, unsigned flags = 0) const {
    return try_interface_addresses(source, flags).value();
  }
  //!@}
  //!@{
  /// Connects @p st to the console @p dev (the first one for std::nullopt;
  /// virDomainOpenConsole).
  Expected<void> try_open_console(std::optional<std::string_view> dev, const Stream &st,
                                  unsigned flags = 0) const {
    return detail::check(
        virDomainOpenConsole(this->dom(), detail::CStr(dev), detail::stream_ptr(st), flags));
  }
  void open_console(std::optional<std::string_view> dev, const Stream &st,
                    unsigned flags = 0) const {
    try_open_console(dev, st, flags).value();
  }
  //!@}
  //!@{
  /// Connects @p st to the channel @p name (the first one for std::nullopt;
  /// virDomainOpenChannel).
  Expected<void> try_open_channel(std::optional<std::string_view> name, const Stream &st,
                                  unsigned flags = 0) const {
    return detail::check(
        virDomainOpenChannel(this->dom(), detail::CStr(name), detail::stream_ptr(st), flags));
  }
  void open_channel(std::optional<std::string_view> name, const Stream &st,
                    unsigned flags = 0) const {
    try_open_channel(name, st, flags).value();
  }
  //!@}
  //!@{
  /// Sends screen @p screen's image into @p st; returns its MIME type
  /// (virDomainScreenshot).
  Expected<std::string> try_screenshot(const Stream &st, unsigned screen = 0,
                                       unsigned flags = 0) const {
    return detail::owned(virDomainScreenshot(this->dom(), detail::stream_ptr(st), screen, flags));
  }
  std::string screenshot(const Stream &st, unsigned screen = 0, unsigned flags = 0) const {
    return try_screenshot(st, screen, flags).value();
  }
  //!@}
  //!@{
  /// Connects graphics device @p idx to the caller's socket @p fd
  /// (virDomainOpenGraphics).
  Expected<void> try_open_graphics(unsigned idx, int fd, unsigned flags = 0) const {
    return detail::check(virDomainOpenGraphics(this->dom(), idx, fd, flags));
  }
  void open_graphics(unsigned idx, int fd, unsigned flags = 0) const {
    try_open_graphics(idx, fd, flags).value();
  }
  //!@}
  //!@{
  /// A new socket connected to graphics device @p idx; the caller closes it
  /// (virDomainOpenGraphicsFD).
  Expected<int> try_open_graphics_fd(unsigned idx, unsigned flags = 0) const {
    return detail::count(virDomainOpenGraphicsFD(this->dom(), idx, flags));
  }
  int open_graphics_fd(unsigned idx, unsigned flags = 0) const {
    return try_open_graphics_fd(idx, flags).value();
  }
  //!@}
};

}  // namespace virtkit
