// SPDX-License-Identifier: LGPL-2.1-or-later
// Hand-written entry points for network filters and their bindings.
#include "api/accessors.h"

using namespace virtkit;
using namespace virtkit::api;

int virNWFilterFree(virNWFilterPtr f) {
  return free_handle<Api::virNWFilterFree>(f);
}
int virNWFilterRef(virNWFilterPtr f) {
  return ref_handle<Api::virNWFilterRef>(f);
}
const char *virNWFilterGetName(virNWFilterPtr f) {
  return get_name<Api::virNWFilterGetName>(f);
}
int virNWFilterGetUUID(virNWFilterPtr f, unsigned char *uuid) {
  return get_uuid<Api::virNWFilterGetUUID>(f, uuid);
}
int virNWFilterGetUUIDString(virNWFilterPtr f, char *buf) {
  return get_uuid_string<Api::virNWFilterGetUUIDString>(f, buf);
}
virNWFilterPtr virNWFilterLookupByUUIDString(virConnectPtr conn, const char *uuidstr) {
  return lookup_by_uuid_string<Api::virNWFilterLookupByUUIDString>(conn, uuidstr,
                                                                   virNWFilterLookupByUUID);
}

int virNWFilterBindingFree(virNWFilterBindingPtr b) {
  return free_handle<Api::virNWFilterBindingFree>(b);
}
int virNWFilterBindingRef(virNWFilterBindingPtr b) {
  return ref_handle<Api::virNWFilterBindingRef>(b);
}
const char *virNWFilterBindingGetPortDev(virNWFilterBindingPtr b) {
  return get_field<Api::virNWFilterBindingGetPortDev>(
      b, [](virNWFilterBindingPtr x) { return x->portdev.c_str(); });
}
const char *virNWFilterBindingGetFilterName(virNWFilterBindingPtr b) {
  return get_field<Api::virNWFilterBindingGetFilterName>(
      b, [](virNWFilterBindingPtr x) { return x->filtername.c_str(); });
}
