// SPDX-License-Identifier: LGPL-2.1-or-later
// Conversions between the API's objects and the remote protocol's wire forms,
// shared by the generated forwarding slots (remote_slots.h, from
// api/gen_remote_slots.py) and the hand-written ones in remote_driver.cc.
#pragma once

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "core/handles.h"
#include "driver/driver.h"
#include "drivers/remote/client.h"

namespace virtkit::drivers::remote {

namespace proto = virtkit::remote::proto;
namespace P = virtkit::remote::proto::remote_proc;

inline constexpr int kFrom = VIR_FROM_REMOTE;

// Handles -> their wire identity.
proto::nonnull_domain wire(virDomainPtr d);
proto::nonnull_network wire(virNetworkPtr n);
proto::nonnull_network_port wire(virNetworkPortPtr p);
proto::nonnull_storage_pool wire(virStoragePoolPtr p);
proto::nonnull_storage_vol wire(virStorageVolPtr v);
proto::nonnull_node_device wire(virNodeDevicePtr d);
proto::nonnull_interface wire(virInterfacePtr i);
proto::nonnull_secret wire(virSecretPtr s);
proto::nonnull_nwfilter wire(virNWFilterPtr f);
proto::nonnull_nwfilter_binding wire(virNWFilterBindingPtr b);
proto::nonnull_domain_snapshot wire(virDomainSnapshotPtr s);
proto::nonnull_domain_checkpoint wire(virDomainCheckpointPtr c);

// Wire identities -> new handles (one reference) owned by `conn` or, for
// snapshots, checkpoints and ports, by the caller's domain or network.
virDomainPtr handle(virConnectPtr conn, const proto::nonnull_domain &w);
virNetworkPtr handle(virConnectPtr conn, const proto::nonnull_network &w);
virNetworkPortPtr handle(virNetworkPtr net, const proto::nonnull_network_port &w);
virStoragePoolPtr handle(virConnectPtr conn, const proto::nonnull_storage_pool &w);
virStorageVolPtr handle(virConnectPtr conn, const proto::nonnull_storage_vol &w);
virNodeDevicePtr handle(virConnectPtr conn, const proto::nonnull_node_device &w);
virInterfacePtr handle(virConnectPtr conn, const proto::nonnull_interface &w);
virSecretPtr handle(virConnectPtr conn, const proto::nonnull_secret &w);
virNWFilterPtr handle(virConnectPtr conn, const proto::nonnull_nwfilter &w);
virNWFilterBindingPtr handle(virConnectPtr conn, const proto::nonnull_nwfilter_binding &w);
virDomainSnapshotPtr handle(virDomainPtr dom, const proto::nonnull_domain_snapshot &w);
virDomainCheckpointPtr handle(virDomainPtr dom, const proto::nonnull_domain_checkpoint &w);

// A NULL where the protocol needs a string: libvirt's encoding failure.
Status encode_error();
// The check libvirt's client makes on list sizes.
Status too_many(const char *kind, int n, int max, const char *param, const char *api);
// A malloc'ed copy (callers free() it).
char *dup(const std::string &s);
// Copies `src` into the caller's `names` (strdup'ed); the count.
Result<int> copy_names(const std::vector<std::string> &src, char **names);
// A NULL-terminated calloc'ed copy of `src` (throws std::bad_alloc).
char **string_list(const std::vector<std::string> &src);
// A security label, model or DOI sent as one int per character (NUL
// included) into `out` of `cap` bytes; libvirt's error when it is too long.
Status copy_security_chars(const std::vector<int32_t> &in, char *out, size_t cap, const char *what);

// A NULL-terminated calloc'ed array of new handles made by `mk` from each
// wire element, stored in `*out`; nothing is left allocated on failure.
template <class W, class H, class F>
Status make_list(const std::vector<W> &src, H ***out, F &&mk) {
  auto *arr = static_cast<H **>(std::calloc(src.size() + 1, sizeof(H *)));
  if (!arr) return no_memory();
  try {
    for (size_t i = 0; i < src.size(); i++) arr[i] = mk(src[i]);
  } catch (...) {
    for (size_t i = 0; arr[i]; i++) handles::unref(arr[i]);
    std::free(arr);
    throw;
  }
  *out = arr;
  return Status();
}

// One typed parameter from the wire, a string value pointing into `in`;
// false for a field too long or an unknown type.
bool param_view(const proto::typed_param &in, virTypedParameter &out);
// Typed parameters to the wire (at most `limit`; untyped entries dropped).
Status params_to_wire(const virTypedParameter *params, int nparams, int limit,
                      std::vector<proto::typed_param> &out);
// Typed parameters from the wire into the caller's array of `*nparams`
// (which is set to the count received).
Status params_from_wire(const std::vector<proto::typed_param> &in, int limit,
                        virTypedParameterPtr params, int *nparams);
// ... into a new array (virTypedParamsFree'd by the caller).
Status params_from_wire_alloc(const std::vector<proto::typed_param> &in, int limit,
                              virTypedParameterPtr *params, int *nparams);
Status params_from_wire_alloc(const std::vector<proto::typed_param> &in, int limit,
                              virTypedParameterPtr *params, unsigned int *nparams);

}  // namespace virtkit::drivers::remote
