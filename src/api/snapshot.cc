// SPDX-License-Identifier: LGPL-2.1-or-later
// Hand-written entry points for domain snapshots and checkpoints.
#include "api/accessors.h"

using namespace virtkit;
using namespace virtkit::api;

int virDomainSnapshotFree(virDomainSnapshotPtr s) {
  return free_handle<Api::virDomainSnapshotFree>(s);
}
int virDomainSnapshotRef(virDomainSnapshotPtr s) {
  return ref_handle<Api::virDomainSnapshotRef>(s);
}
const char *virDomainSnapshotGetName(virDomainSnapshotPtr s) {
  return get_name<Api::virDomainSnapshotGetName>(s);
}
virDomainPtr virDomainSnapshotGetDomain(virDomainSnapshotPtr s) {
  return get_field<Api::virDomainSnapshotGetDomain>(
      s, [](virDomainSnapshotPtr x) { return x->domain; });
}
virConnectPtr virDomainSnapshotGetConnect(virDomainSnapshotPtr s) {
  return get_connect<Api::virDomainSnapshotGetConnect>(s);
}

int virDomainCheckpointFree(virDomainCheckpointPtr c) {
  return free_handle<Api::virDomainCheckpointFree>(c);
}
int virDomainCheckpointRef(virDomainCheckpointPtr c) {
  return ref_handle<Api::virDomainCheckpointRef>(c);
}
const char *virDomainCheckpointGetName(virDomainCheckpointPtr c) {
  return get_name<Api::virDomainCheckpointGetName>(c);
}
virDomainPtr virDomainCheckpointGetDomain(virDomainCheckpointPtr c) {
  return get_field<Api::virDomainCheckpointGetDomain>(
      c, [](virDomainCheckpointPtr x) { return x->domain; });
}
virConnectPtr virDomainCheckpointGetConnect(virDomainCheckpointPtr c) {
  return get_connect<Api::virDomainCheckpointGetConnect>(c);
}
