// SPDX-License-Identifier: LGPL-2.1-or-later
// Entry points that only read or reference-count a handle, the same for
// every object kind: each public function is one line calling these.
#pragma once

#include <cstring>

#include "api/guard.h"
#include "util/uuid.h"

namespace virtkit::api {

template <Api A, class H>
int free_handle(H h) {
  return entry<A>(h, [&](const Call &) -> Result<int> {
    handles::unref(h);
    return 0;
  });
}

template <Api A, class H>
int ref_handle(H h) {
  return entry<A>(h, [&](const Call &) -> Result<int> {
    handles::ref(h);
    return 0;
  });
}

// A field of the handle (name, key, MAC, parent object...), not a copy.
template <Api A, class H, class F>
auto get_field(H h, F &&field) {
  using R = std::remove_cvref_t<decltype(field(h))>;
  return entry<A>(h, [&](const Call &) -> Result<R> { return field(h); });
}

template <Api A, class H>
const char *get_name(H h) {
  return get_field<A>(h, [](H x) { return x->name.c_str(); });
}

template <Api A, class H>
virConnectPtr get_connect(H h) {
  return get_field<A>(h, [](H x) { return handles::conn_of(x); });
}

template <Api A, class H>
int get_uuid(H h, unsigned char *uuid) {
  return entry<A>(h, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(uuid, "uuid"));
    std::memcpy(uuid, h->uuid, VIR_UUID_BUFLEN);
    return 0;
  });
}

template <Api A, class H>
int get_uuid_string(H h, char *buf) {
  return entry<A>(h, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(buf, "buf"));
    std::string s = util::format_uuid(h->uuid);
    std::memcpy(buf, s.c_str(), VIR_UUID_STRING_BUFLEN);
    return 0;
  });
}

// LookupByUUIDString: parse, then the public LookupByUUID (as libvirt does).
template <Api A, class P, class R>
R lookup_by_uuid_string(P parent, const char *uuidstr, R (*by_uuid)(P, const unsigned char *)) {
  return entry<A>(parent, [&](const Call &c) -> Result<R> {
    VK_TRY(c.nonnull(uuidstr, "uuidstr"));
    unsigned char uuid[VIR_UUID_BUFLEN];
    if (!util::parse_uuid(uuidstr, uuid))
      return c.invalid("uuidstr", "uuidstr in %s must be a valid UUID", c.api.name);
    return by_uuid(parent, uuid);
  });
}

}  // namespace virtkit::api
