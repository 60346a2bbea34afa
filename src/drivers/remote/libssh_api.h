// SPDX-License-Identifier: LGPL-2.1-or-later
// libssh, loaded when a +libssh connection first needs it: linking it would
// load libssh, libcrypto and Kerberos into every program that loads
// libvirt.so, most of which never open such a connection (it costs a process
// about a millisecond to start). Inside virtkit::remote the functions below
// are pointers that shadow libssh's own declarations, so the transport calls
// them by their usual names after load_libssh().
#pragma once

#include <libssh/libssh.h>

#include "error/status.h"

namespace virtkit::remote {

// clang-format off
#define VK_LIBSSH_FUNCTIONS(X) \
  X(ssh_channel_free) \
  X(ssh_channel_get_exit_status) \
  X(ssh_channel_new) \
  X(ssh_channel_open_session) \
  X(ssh_channel_poll) \
  X(ssh_channel_read) \
  X(ssh_channel_request_exec) \
  X(ssh_channel_write) \
  X(ssh_clean_pubkey_hash) \
  X(ssh_connect) \
  X(ssh_disconnect) \
  X(ssh_free) \
  X(ssh_get_error) \
  X(ssh_get_fd) \
  X(ssh_get_hexa) \
  X(ssh_get_publickey_hash) \
  X(ssh_get_server_publickey) \
  X(ssh_init) \
  X(ssh_key_free) \
  X(ssh_new) \
  X(ssh_options_parse_config) \
  X(ssh_options_set) \
  X(ssh_pki_export_privkey_to_pubkey) \
  X(ssh_pki_import_privkey_file) \
  X(ssh_pki_import_pubkey_file) \
  X(ssh_session_is_known_server) \
  X(ssh_session_update_known_hosts) \
  X(ssh_set_blocking) \
  X(ssh_string_free_char) \
  X(ssh_userauth_agent) \
  X(ssh_userauth_kbdint) \
  X(ssh_userauth_kbdint_getinstruction) \
  X(ssh_userauth_kbdint_getname) \
  X(ssh_userauth_kbdint_getnprompts) \
  X(ssh_userauth_kbdint_getprompt) \
  X(ssh_userauth_kbdint_setanswer) \
  X(ssh_userauth_list) \
  X(ssh_userauth_none) \
  X(ssh_userauth_password) \
  X(ssh_userauth_publickey) \
  X(ssh_userauth_try_publickey)
// clang-format on

#define VK_LIBSSH_DECLARE(f) extern decltype(&::f) f;
VK_LIBSSH_FUNCTIONS(VK_LIBSSH_DECLARE)
#undef VK_LIBSSH_DECLARE

// Loads libssh.so.4 and resolves the functions above, once per process
// (ssh_init included); an error when it cannot.
Status load_libssh();

}  // namespace virtkit::remote
