// SPDX-License-Identifier: LGPL-2.1-or-later
// GnuTLS, loaded when a TLS connection first needs it: linking it would cost
// every program that loads libvirt.so about a millisecond at start (its
// libraries and their constructors), for a transport most never use. As
// with libssh (libssh_api.h), inside virtkit::remote the functions below are
// pointers that shadow GnuTLS's declarations, called by their usual names
// after load_gnutls().
#pragma once

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "error/status.h"

namespace virtkit::remote {

// clang-format off
#define VK_GNUTLS_FUNCTIONS(X) \
  X(gnutls_certificate_allocate_credentials) \
  X(gnutls_certificate_free_credentials) \
  X(gnutls_certificate_get_peers) \
  X(gnutls_certificate_set_x509_crl_file) \
  X(gnutls_certificate_set_x509_key_file) \
  X(gnutls_certificate_set_x509_trust_file) \
  X(gnutls_certificate_type_get) \
  X(gnutls_certificate_verify_peers2) \
  X(gnutls_cipher_get) \
  X(gnutls_cipher_get_key_size) \
  X(gnutls_credentials_set) \
  X(gnutls_deinit) \
  X(gnutls_global_init) \
  X(gnutls_global_set_log_function) \
  X(gnutls_global_set_log_level) \
  X(gnutls_handshake) \
  X(gnutls_init) \
  X(gnutls_priority_set_direct) \
  X(gnutls_record_check_pending) \
  X(gnutls_record_get_direction) \
  X(gnutls_record_recv) \
  X(gnutls_record_send) \
  X(gnutls_strerror) \
  X(gnutls_transport_set_errno) \
  X(gnutls_transport_set_ptr) \
  X(gnutls_transport_set_pull_function) \
  X(gnutls_transport_set_push_function) \
  X(gnutls_x509_crt_check_hostname) \
  X(gnutls_x509_crt_deinit) \
  X(gnutls_x509_crt_get_activation_time) \
  X(gnutls_x509_crt_get_basic_constraints) \
  X(gnutls_x509_crt_get_dn) \
  X(gnutls_x509_crt_get_expiration_time) \
  X(gnutls_x509_crt_get_key_purpose_oid) \
  X(gnutls_x509_crt_get_key_usage) \
  X(gnutls_x509_crt_import) \
  X(gnutls_x509_crt_init) \
  X(gnutls_x509_crt_list_import) \
  X(gnutls_x509_crt_list_verify)
// clang-format on

#define VK_GNUTLS_DECLARE(f) extern decltype(&::f) f;
VK_GNUTLS_FUNCTIONS(VK_GNUTLS_DECLARE)
#undef VK_GNUTLS_DECLARE

// Loads libgnutls.so.30 and resolves the functions above, once per process
// (gnutls_global_init included); an error when it cannot.
Status load_gnutls();

}  // namespace virtkit::remote
