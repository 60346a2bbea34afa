// SPDX-License-Identifier: LGPL-2.1-or-later
// The test driver's networks (libvirt's testNetworkDriver table).
#pragma once

#include <memory>
#include <mutex>

#include "drivers/test/base.h"

namespace virtkit::drivers::test {

struct NetworkObj;

class TestNetwork final : public driver::NetworkTable, protected TestCommon {
 public:
  explicit TestNetwork(std::shared_ptr<DriverState> st) : TestCommon(std::move(st)) {}

  Result<int> connectNumOfNetworks(virConnectPtr) override;
  Result<int> connectListNetworks(virConnectPtr, char **const names, int maxnames) override;
  Result<int> connectNumOfDefinedNetworks(virConnectPtr) override;
  Result<int> connectListDefinedNetworks(virConnectPtr, char **const names, int maxnames) override;
  Result<int> connectListAllNetworks(virConnectPtr, virNetworkPtr **nets, unsigned flags) override;
  Result<int> connectNetworkEventRegisterAny(virConnectPtr, virNetworkPtr net, int event_id,
                                             virConnectNetworkEventGenericCallback cb, void *opaque,
                                             virFreeCallback freecb) override;
  Result<int> connectNetworkEventDeregisterAny(virConnectPtr, int callback_id) override;
  Result<virNetworkPtr> networkLookupByUUID(virConnectPtr, const unsigned char *uuid) override;
  Result<virNetworkPtr> networkLookupByName(virConnectPtr, const char *name) override;
  Result<virNetworkPtr> networkCreateXML(virConnectPtr, const char *xml) override;
  Result<virNetworkPtr> networkCreateXMLFlags(virConnectPtr, const char *xml,
                                              unsigned flags) override;
  Result<virNetworkPtr> networkDefineXML(virConnectPtr, const char *xml) override;
  Result<virNetworkPtr> networkDefineXMLFlags(virConnectPtr, const char *xml,
                                              unsigned flags) override;
  Result<int> networkUndefine(virNetworkPtr) override;
  Result<int> networkUpdate(virNetworkPtr, unsigned command, unsigned section, int parent_index,
                            const char *xml, unsigned flags) override;
  Result<int> networkCreate(virNetworkPtr) override;
  Result<int> networkDestroy(virNetworkPtr) override;
  Result<char *> networkGetXMLDesc(virNetworkPtr, unsigned flags) override;
  Result<char *> networkGetBridgeName(virNetworkPtr) override;
  Result<int> networkGetAutostart(virNetworkPtr, int *autostart) override;
  Result<int> networkSetAutostart(virNetworkPtr, int autostart) override;
  Result<int> networkIsActive(virNetworkPtr) override;
  Result<int> networkIsPersistent(virNetworkPtr) override;

 private:
  void emit_network(const NetworkObj &obj, int event);
};

}  // namespace virtkit::drivers::test
