// SPDX-License-Identifier: LGPL-2.1-or-later
/// @file
/// virtkit::DomainLifecycleCalls: saving, restoring, dumping, power and files
/// (part of virtkit::Domain; include domain.hpp).
#pragma once

#include <virtkit/connection.hpp>
#include <virtkit/detail.hpp>
#include <virtkit/typed_params.hpp>

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace virtkit {

/// Domain's calls for saving and restoring state, core dumps, power management,
/// key and signal injection, and starting with passed file descriptors.
///
/// A base of Domain (@p D); use them through a Domain.
template <class D>
class DomainLifecycleCalls : public detail::DomainPart<D, DomainLifecycleCalls<D>> {
 public:
  //!@{
  /// Saves the state to file @p to and stops the domain (virDomainSaveFlags, with
  /// an alternative XML @p dxml; virDomainSave when there is none and @p flags is 0).
  Expected<void> try_save(std::string_view to, std::optional<std::string_view> dxml = std::nullopt,
                          unsigned flags = 0) const {
    detail::CStr t(to);
    if (!dxml && !flags) return detail::check(virDomainSave(this->dom(), t));
    return detail::check(virDomainSaveFlags(this->dom(), t, detail::CStr(dxml), flags));
  }
  void save(std::string_view to, std::optional<std::string_view> dxml = std::nullopt,
            unsigned flags = 0) const {
    try_save(to, dxml, flags).value();
  }
  //!@}
  //!@{
  /// Saves with VIR_DOMAIN_SAVE_PARAM_* parameters (virDomainSaveParams).
  Expected<void> try_save_params(const TypedParams &params, unsigned flags = 0) const {
    return detail::with_params(params, [&](virTypedParameterPtr p, int n) {
      return virDomainSaveParams(this->dom(), p, n, flags);
    });
  }
  void save_params(const TypedParams &params, unsigned flags = 0) const {
    try_save_params(params, flags).value();
  }
  //!@}
  //!@{
  /// Restores a domain saved to file @p from (virDomainRestoreFlags, with an
  /// alternative XML @p dxml; virDomainRestore when there is none and @p flags is 0).
  static Expected<void> try_restore(const Connection &conn, std::string_view from,
                                    std::optional<std::string_view> dxml = std::nullopt,
                                    unsigned flags = 0) {
    detail::CStr f(from);
    if (!dxml && !flags) return detail::check(virDomainRestore(conn.get(), f));
    return detail::check(virDomainRestoreFlags(conn.get(), f, detail::CStr(dxml), flags));
  }
  static void restore(const Connection &conn, std::string_view from,
                      std::optional<std::string_view> dxml = std::nullopt, unsigned flags = 0) {
    try_restore(conn, from, dxml, flags).value();
  }
  //!@}
  //!@{
  /// Restores with VIR_DOMAIN_SAVE_PARAM_* parameters (virDomainRestoreParams).
  static Expected<void> try_restore_params(const Connection &conn, const TypedParams &params,
                                           unsigned flags = 0) {
    return detail::with_params(params, [&](virTypedParameterPtr p, int n) {
      return virDomainRestoreParams(conn.get(), p, n, flags);
    });
  }
  static void restore_params(const Connection &conn, const TypedParams &params,
                             unsigned flags = 0) {
    try_restore_params(conn, params, flags).value();
  }
  //!@}
  //!@{
  /// The domain XML stored in the save image @p file (virDomainSaveImageGetXMLDesc).
  static Expected<std::string> try_save_image_xml(const Connection &conn, std::string_view file,
                                                  unsigned flags = 0) {
    return detail::owned(virDomainSaveImageGetXMLDesc(conn.get(), detail::CStr(file), flags));
  }
  static std::string save_image_xml(const Connection &conn, std::string_view file,
                                    unsigned flags = 0) {
    return try_save_image_xml(conn, file, flags).value();
  }
  //!@}
  //!@{
  /// Replaces the domain XML in the save image @p file (virDomainSaveImageDefineXML).
  static Expected<void> try_save_image_define_xml(const Connection &conn, std::string_view file,
                                                  std::string_view dxml, unsigned flags = 0) {
    return detail::check(
        virDomainSaveImageDefineXML(conn.get(), detail::CStr(file), detail::CStr(dxml), flags));
  }
  static void save_image_define_xml(const Connection &conn, std::string_view file,
                                    std::string_view dxml, unsigned flags = 0) {
    try_save_image_define_xml(conn, file, dxml, flags).value();
  }
  //!@}
  //!@{
  /// Saves the state to the driver's managed image and stops (virDomainManagedSave).
  Expected<void> try_managed_save(unsigned flags = 0) const {
    return detail::check(virDomainManagedSave(this->dom(), flags));
  }
  void managed_save(unsigned flags = 0) const { try_managed_save(flags).value(); }
  //!@}
  //!@{
  /// Whether there is a managed save image (virDomainHasManagedSaveImage).
  Expected<bool> try_has_managed_save_image(unsigned flags = 0) const {
    return detail::flag(virDomainHasManagedSaveImage(this->dom(), flags));
  }
  bool has_managed_save_image(unsigned flags = 0) const {
    return try_has_managed_save_image(flags).value();
  }
  //!@}
  //!@{
  /// Removes the managed save image (virDomainManagedSaveRemove).
  Expected<void> try_managed_save_remove(unsigned flags = 0) const {
    return detail::check(virDomainManagedSaveRemove(this->dom(), flags));
  }
  void managed_save_remove(unsigned flags = 0) const { try_managed_save_remove(flags).value(); }
  //!@}
  //!@{
  /// The domain XML in the managed save image (virDomainManagedSaveGetXMLDesc).
  Expected<std::string> try_managed_save_xml(unsigned flags = 0) const {
    return detail::owned(virDomainManagedSaveGetXMLDesc(this->dom(), flags));
  }
  std::string managed_save_xml(unsigned flags = 0) const {
    return try_managed_save_xml(flags).value();
  }
  //!@}
  //!@{
  /// Replaces the domain XML in the managed save image (virDomainManagedSaveDefineXML).
  Expected<void> try_managed_save_define_xml(std::string_view dxml, unsigned flags = 0) const {
    return detail::check(virDomainManagedSaveDefineXML(this->dom(), detail::CStr(dxml), flags));
  }
  void managed_save_define_xml(std::string_view dxml, unsigned flags = 0) const {
    try_managed_save_define_xml(dxml, flags).value();
  }
  //!@}
  //!@{
  /// Dumps the guest's memory to file @p to (virDomainCoreDump).
  Expected<void> try_core_dump(std::string_view to, unsigned flags = 0) const {
    return detail::check(virDomainCoreDump(this->dom(), detail::CStr(to), flags));
  }
  void core_dump(std::string_view to, unsigned flags = 0) const {
    try_core_dump(to, flags).value();
  }
  //!@}
  //!@{
  /// Dumps the guest's memory in VIR_DOMAIN_CORE_DUMP_FORMAT_* @p format
  /// (virDomainCoreDumpWithFormat).
  Expected<void> try_core_dump(std::string_view to, unsigned format, unsigned flags) const {
    return detail::check(virDomainCoreDumpWithFormat(this->dom(), detail::CStr(to), format, flags));
  }
  void core_dump(std::string_view to, unsigned format, unsigned flags) const {
    try_core_dump(to, format, flags).value();
  }
  //!@}
  //!@{
  /// Resets the domain as a reset button does (virDomainReset).
  Expected<void> try_reset(unsigned flags = 0) const {
    return detail::check(virDomainReset(this->dom(), flags));
  }
  void reset(unsigned flags = 0) const { try_reset(flags).value(); }
  //!@}
  //!@{
  /// Suspends the guest to VIR_NODE_SUSPEND_TARGET_* @p target for @p seconds
  /// (0: indefinitely; virDomainPMSuspendForDuration).
  Expected<void> try_pm_suspend(unsigned target, unsigned long long seconds = 0,
                                unsigned flags = 0) const {
    return detail::check(virDomainPMSuspendForDuration(this->dom(), target, seconds, flags));
  }
  void pm_suspend(unsigned target, unsigned long long seconds = 0, unsigned flags = 0) const {
    try_pm_suspend(target, seconds, flags).value();
  }
  //!@}
  //!@{
  /// Wakes the guest from a power-management suspend (virDomainPMWakeup).
  Expected<void> try_pm_wakeup(unsigned flags = 0) const {
    return detail::check(virDomainPMWakeup(this->dom(), flags));
  }
  void pm_wakeup(unsigned flags = 0) const { try_pm_wakeup(flags).value(); }
  //!@}
  //!@{
  /// Sends a non-maskable interrupt (virDomainInjectNMI).
  Expected<void> try_inject_nmi(unsigned flags = 0) const {
    return detail::check(virDomainInjectNMI(this->dom(), flags));
  }
  void inject_nmi(unsigned flags = 0) const { try_inject_nmi(flags).value(); }
  //!@}
  //!@{
  /// Presses @p keycodes of VIR_KEYCODE_SET_* @p codeset together for
  /// @p holdtime ms (virDomainSendKey).
  Expected<void> try_send_key(unsigned codeset, unsigned holdtime,
                              std::span<const unsigned> keycodes, unsigned flags = 0) const {
    return detail::check(virDomainSendKey(this->dom(), codeset, holdtime,
                                          const_cast<unsigned *>(keycodes.data()),
                                          static_cast<int>(keycodes.size()), flags));
  }
  void send_key(unsigned codeset, unsigned holdtime, std::span<const unsigned> keycodes,
                unsigned flags = 0) const {
    try_send_key(codeset, holdtime, keycodes, flags).value();
  }
  //!@}
  //!@{
  /// Sends VIR_DOMAIN_PROCESS_SIGNAL_* @p signum to guest process @p pid
  /// (virDomainSendProcessSignal).
  Expected<void> try_send_process_signal(long long pid, unsigned signum, unsigned flags = 0) const {
    return detail::check(virDomainSendProcessSignal(this->dom(), pid, signum, flags));
  }
  void send_process_signal(long long pid, unsigned signum, unsigned flags = 0) const {
    try_send_process_signal(pid, signum, flags).value();
  }
  //!@}
  //!@{
  /// Starts the defined domain, passing it the file descriptors @p files
  /// (virDomainCreateWithFiles).
  Expected<void> try_create_with_files(std::span<const int> files, unsigned flags = 0) const {
    return detail::check(virDomainCreateWithFiles(this->dom(), static_cast<unsigned>(files.size()),
                                                  const_cast<int *>(files.data()), flags));
  }
  void create_with_files(std::span<const int> files, unsigned flags = 0) const {
    try_create_with_files(files, flags).value();
  }
  //!@}
  //!@{
  /// Creates and starts a transient domain, passing it the file descriptors
  /// @p files (virDomainCreateXMLWithFiles).
  static Expected<D> try_create_xml_with_files(const Connection &conn, std::string_view xml,
                                               std::span<const int> files, unsigned flags = 0) {
    return detail::adopt<D>(virDomainCreateXMLWithFiles(conn.get(), detail::CStr(xml),
                                                        static_cast<unsigned>(files.size()),
                                                        const_cast<int *>(files.data()), flags));
  }
  static D create_xml_with_files(const Connection &conn, std::string_view xml,
                                 std::span<const int> files, unsigned flags = 0) {
    return try_create_xml_with_files(conn, xml, files, flags).value();
  }
  //!@}
  //!@{
  /// Associates the file descriptors @p fds with @p name for later use by the
  /// domain (virDomainFDAssociate).
  Expected<void> try_fd_associate(std::string_view name, std::span<const int> fds,
                                  unsigned flags = 0) const {
    return detail::check(virDomainFDAssociate(this->dom(), detail::CStr(name),
                                              static_cast<unsigned>(fds.size()),
                                              const_cast<int *>(fds.data()), flags));
  }
  void fd_associate(std::string_view name, std::span<const int> fds, unsigned flags = 0) const {
    try_fd_associate(name, fds, flags).value();
  }
  //!@}
  //!@{
  /// Sets the VIR_DOMAIN_LIFECYCLE_ACTION_* @p action for VIR_DOMAIN_LIFECYCLE_*
  /// event @p type (virDomainSetLifecycleAction).
  Expected<void> try_set_lifecycle_action(unsigned type, unsigned action,
                                          unsigned flags = 0) const {
    return detail::check(virDomainSetLifecycleAction(this->dom(), type, action, flags));
  }
  void set_lifecycle_action(unsigned type, unsigned action, unsigned flags = 0) const {
    try_set_lifecycle_action(type, action, flags).value();
  }
  //!@}
};

}  // namespace virtkit
