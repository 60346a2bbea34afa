// SPDX-License-Identifier: LGPL-2.1-or-later
// Hand-written entry points for secrets.
#include "api/accessors.h"

using namespace virtkit;
using namespace virtkit::api;

int virSecretFree(virSecretPtr s) {
  return free_handle<Api::virSecretFree>(s);
}
int virSecretRef(virSecretPtr s) {
  return ref_handle<Api::virSecretRef>(s);
}
virConnectPtr virSecretGetConnect(virSecretPtr s) {
  return get_connect<Api::virSecretGetConnect>(s);
}
int virSecretGetUUID(virSecretPtr s, unsigned char *uuid) {
  return get_uuid<Api::virSecretGetUUID>(s, uuid);
}
int virSecretGetUUIDString(virSecretPtr s, char *buf) {
  return get_uuid_string<Api::virSecretGetUUIDString>(s, buf);
}
int virSecretGetUsageType(virSecretPtr s) {
  return get_field<Api::virSecretGetUsageType>(s, [](virSecretPtr x) { return x->usage_type; });
}
const char *virSecretGetUsageID(virSecretPtr s) {
  return get_field<Api::virSecretGetUsageID>(s, [](virSecretPtr x) { return x->usage_id.c_str(); });
}
virSecretPtr virSecretLookupByUUIDString(virConnectPtr conn, const char *uuidstr) {
  return lookup_by_uuid_string<Api::virSecretLookupByUUIDString>(conn, uuidstr,
                                                                 virSecretLookupByUUID);
}
