// SPDX-License-Identifier: LGPL-2.1-or-later
// The test driver's host interfaces.
#pragma once

#include "drivers/test/base.h"

namespace virtkit::drivers::test {

class TestInterface final : public driver::InterfaceTable, protected TestCommon {
 public:
  explicit TestInterface(std::shared_ptr<DriverState> st) : TestCommon(std::move(st)) {}

  Result<int> connectNumOfInterfaces(virConnectPtr conn) override;
  Result<int> connectListInterfaces(virConnectPtr conn, char **const names, int maxnames) override;
  Result<int> connectNumOfDefinedInterfaces(virConnectPtr conn) override;
  Result<int> connectListDefinedInterfaces(virConnectPtr conn, char **const names,
                                           int maxnames) override;
  Result<int> connectListAllInterfaces(virConnectPtr conn, virInterfacePtr **ifaces,
                                       unsigned flags) override;
  Result<virInterfacePtr> interfaceLookupByName(virConnectPtr conn, const char *name) override;
  Result<virInterfacePtr> interfaceLookupByMACString(virConnectPtr conn, const char *mac) override;
  Result<char *> interfaceGetXMLDesc(virInterfacePtr iface, unsigned flags) override;
  Result<virInterfacePtr> interfaceDefineXML(virConnectPtr conn, const char *xml,
                                             unsigned flags) override;
  Result<int> interfaceUndefine(virInterfacePtr iface) override;
  Result<int> interfaceCreate(virInterfacePtr iface, unsigned flags) override;
  Result<int> interfaceDestroy(virInterfacePtr iface, unsigned flags) override;
  Result<int> interfaceIsActive(virInterfacePtr iface) override;
  Result<int> interfaceChangeBegin(virConnectPtr conn, unsigned flags) override;
  Result<int> interfaceChangeCommit(virConnectPtr conn, unsigned flags) override;
  Result<int> interfaceChangeRollback(virConnectPtr conn, unsigned flags) override;

 private:
  Result<int> count_interfaces(bool active);
  Result<int> list_interfaces(bool active, char **const names, int maxnames);
  Status set_active(virInterfacePtr iface, unsigned flags, const char *func, bool active);
};

}  // namespace virtkit::drivers::test
