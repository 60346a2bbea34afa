// SPDX-License-Identifier: LGPL-2.1-or-later
// Freeing the information structures the library hands out (all malloc'd).
// As in libvirt, these accept NULL and neither reset nor report errors, so
// they are plain functions rather than guarded entry points; the one
// exception is the virDomainFree that virDomainStatsRecordListFree calls
// for each record's domain, which behaves as the public call it is.
#include <cstdlib>

#include "public.h"

void virDomainFSInfoFree(virDomainFSInfoPtr info) {
  if (!info) return;
  std::free(info->mountpoint);
  std::free(info->name);
  std::free(info->fstype);
  for (size_t i = 0; i < info->ndevAlias; i++) std::free(info->devAlias[i]);
  std::free(info->devAlias);
  std::free(info);
}

void virDomainIOThreadInfoFree(virDomainIOThreadInfoPtr info) {
  if (!info) return;
  std::free(info->cpumap);
  std::free(info);
}

void virDomainInterfaceFree(virDomainInterfacePtr iface) {
  if (!iface) return;
  std::free(iface->name);
  std::free(iface->hwaddr);
  for (unsigned i = 0; i < iface->naddrs; i++) std::free(iface->addrs[i].addr);
  std::free(iface->addrs);
  std::free(iface);
}

void virDomainStatsRecordListFree(virDomainStatsRecordPtr *stats) {
  if (!stats) return;
  for (virDomainStatsRecordPtr *next = stats; *next; next++) {
    virTypedParamsFree((*next)->params, (*next)->nparams);
    virDomainFree((*next)->dom);
    std::free(*next);
  }
  std::free(stats);
}

void virNetworkDHCPLeaseFree(virNetworkDHCPLeasePtr lease) {
  if (!lease) return;
  std::free(lease->iface);
  std::free(lease->mac);
  std::free(lease->iaid);
  std::free(lease->ipaddr);
  std::free(lease->hostname);
  std::free(lease->clientid);
  std::free(lease);
}
