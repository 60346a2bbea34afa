// SPDX-License-Identifier: LGPL-2.1-or-later
/// @file
/// The QEMU driver's own calls (libvirt-qemu.so.0: link virtkit::virt-qemu).
///
/// Not included by virtkit.hpp, as the C calls live in their own library.
#pragma once

#include <libvirt/libvirt-qemu.h>
#include <virtkit/domain.hpp>
#include <virtkit/events.hpp>

#include <chrono>
#include <cstdlib>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

/// Calls of libvirt-qemu: monitor and guest agent commands, monitor events.
namespace virtkit::qemu {

//!@{
/// Runs a QEMU monitor command (QMP, or HMP with VIR_DOMAIN_QEMU_MONITOR_COMMAND_HMP)
/// and returns its reply (virDomainQemuMonitorCommand).
inline Expected<std::string> try_monitor_command(const Domain &dom, std::string_view cmd,
                                                 unsigned flags = 0) {
  char *result = nullptr;
  if (virDomainQemuMonitorCommand(dom.get(), detail::CStr(cmd), &result, flags) < 0)
    return virtkit::detail::last_error;
  return detail::owned(result);
}
inline std::string monitor_command(const Domain &dom, std::string_view cmd, unsigned flags = 0) {
  return try_monitor_command(dom, cmd, flags).value();
}
//!@}

/// The reply of a monitor command with files: the text and the received
/// descriptors, which the caller owns.
struct MonitorReply {
  std::string result;    ///< The reply.
  std::vector<int> fds;  ///< Descriptors QEMU passed back.
};

//!@{
/// Runs a monitor command passing @p files to QEMU (virDomainQemuMonitorCommandWithFiles).
inline Expected<MonitorReply> try_monitor_command_with_files(const Domain &dom,
                                                             std::string_view cmd,
                                                             std::span<const int> files,
                                                             unsigned flags = 0) {
  std::vector<int> in(files.begin(), files.end());
  unsigned nout = 0;
  int *out = nullptr;
  char *result = nullptr;
  if (virDomainQemuMonitorCommandWithFiles(
          dom.get(), detail::CStr(cmd), static_cast<unsigned>(in.size()),
          in.empty() ? nullptr : in.data(), &nout, &out, &result, flags) < 0)
    return virtkit::detail::last_error;
  MonitorReply r;
  r.fds.assign(out, out + nout);
  std::free(out);
  if (result) r.result = result;
  std::free(result);
  return r;
}
inline MonitorReply monitor_command_with_files(const Domain &dom, std::string_view cmd,
                                               std::span<const int> files, unsigned flags = 0) {
  return try_monitor_command_with_files(dom, cmd, files, flags).value();
}
//!@}

//!@{
/// Deprecated: makes a QEMU process started outside libvirt a domain
/// (virDomainQemuAttach).
inline Expected<Domain> try_attach(const Connection &conn, unsigned pid, unsigned flags = 0) {
  return detail::adopt<Domain>(virDomainQemuAttach(conn.get(), pid, flags));
}
inline Domain attach(const Connection &conn, unsigned pid, unsigned flags = 0) {
  return try_attach(conn, pid, flags).value();
}
//!@}

//!@{
/// Runs a guest agent command; @p timeout in seconds or a
/// VIR_DOMAIN_QEMU_AGENT_COMMAND_* value (virDomainQemuAgentCommand).
inline Expected<std::string> try_agent_command(const Domain &dom, std::string_view cmd,
                                               int timeout = VIR_DOMAIN_QEMU_AGENT_COMMAND_DEFAULT,
                                               unsigned flags = 0) {
  return detail::owned(virDomainQemuAgentCommand(dom.get(), detail::CStr(cmd), timeout, flags));
}
inline std::string agent_command(const Domain &dom, std::string_view cmd,
                                 int timeout = VIR_DOMAIN_QEMU_AGENT_COMMAND_DEFAULT,
                                 unsigned flags = 0) {
  return try_agent_command(dom, cmd, timeout, flags).value();
}
//!@}

/// A monitor event's callback: the domain, the event's name, when it happened,
/// and its details (JSON; data() == nullptr when there are none).
using MonitorEventCallback =
    std::function<void(const Domain &, std::string_view event,
                       std::chrono::system_clock::time_point when, std::string_view details)>;

/// @cond VIRTKIT_DETAIL
namespace detail {
inline void monitor_event_cb(virConnectPtr, virDomainPtr d, const char *event, long long seconds,
                             unsigned micros, const char *details, void *opaque) {
  Domain dom(Domain::add_ref(d));
  auto when = std::chrono::system_clock::time_point(std::chrono::seconds(seconds) +
                                                    std::chrono::microseconds(micros));
  virtkit::detail::run_callback(*static_cast<MonitorEventCallback *>(opaque), dom,
                                virtkit::detail::EvArg<const char *>::conv(event), when,
                                virtkit::detail::EvArg<const char *>::conv(details));
}
}  // namespace detail
/// @endcond

//!@{
/// Subscribes @p cb to QEMU monitor events named @p event (every one for
/// std::nullopt; a regular expression with
/// VIR_CONNECT_DOMAIN_QEMU_MONITOR_EVENT_REGISTER_REGEX), of every domain or
/// only of @p only (virConnectDomainQemuMonitorEventRegister / ...Deregister).
inline Expected<Subscription> try_on_monitor_event(const Connection &conn,
                                                   std::optional<std::string_view> event,
                                                   MonitorEventCallback cb,
                                                   const Domain &only = Domain(),
                                                   unsigned flags = 0) {
  auto *f = new MonitorEventCallback(std::move(cb));
  int id = virConnectDomainQemuMonitorEventRegister(
      conn.get(), only.get(), virtkit::detail::CStr(event), detail::monitor_event_cb, f,
      virtkit::detail::delete_callback<MonitorEventCallback>, flags);
  if (id < 0) {
    Error e = Error::last();
    delete f;
    return e;
  }
  return Subscription(conn, id, virConnectDomainQemuMonitorEventDeregister);
}
inline Subscription on_monitor_event(const Connection &conn, std::optional<std::string_view> event,
                                     MonitorEventCallback cb, const Domain &only = Domain(),
                                     unsigned flags = 0) {
  return try_on_monitor_event(conn, event, std::move(cb), only, flags).value();
}
//!@}

}  // namespace virtkit::qemu
