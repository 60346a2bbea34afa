// SPDX-License-Identifier: LGPL-2.1-or-later
// The test driver's node devices.
#pragma once

#include "drivers/test/base.h"

namespace virtkit::drivers::test {

// testCreateVport / testDestroyVport, for the storage pools of type scsi
// with a vHBA adapter: the vHBA "scsi_host12" made from scsi_host11 with
// the given names (a CREATED event), or removed (a DELETED event).
Status create_vport(DriverState &st, const std::string &wwnn, const std::string &wwpn);
Status destroy_vport(DriverState &st);

class TestNodeDevice final : public driver::NodeDeviceTable, protected TestCommon {
 public:
  explicit TestNodeDevice(std::shared_ptr<DriverState> st) : TestCommon(std::move(st)) {}

  Result<int> connectListAllNodeDevices(virConnectPtr conn, virNodeDevicePtr **devices,
                                        unsigned flags) override;
  Result<int> connectNodeDeviceEventRegisterAny(virConnectPtr conn, virNodeDevicePtr dev,
                                                int eventID,
                                                virConnectNodeDeviceEventGenericCallback cb,
                                                void *opaque, virFreeCallback freecb) override;
  Result<int> connectNodeDeviceEventDeregisterAny(virConnectPtr conn, int callbackID) override;
  Result<int> nodeNumOfDevices(virConnectPtr conn, const char *cap, unsigned flags) override;
  Result<int> nodeListDevices(virConnectPtr conn, const char *cap, char **const names, int maxnames,
                              unsigned flags) override;
  Result<virNodeDevicePtr> nodeDeviceLookupByName(virConnectPtr conn, const char *name) override;
  Result<char *> nodeDeviceGetXMLDesc(virNodeDevicePtr dev, unsigned flags) override;
  Result<const char *> nodeDeviceGetParent(virNodeDevicePtr dev) override;
  Result<int> nodeDeviceNumOfCaps(virNodeDevicePtr dev) override;
  Result<int> nodeDeviceListCaps(virNodeDevicePtr dev, char **const names, int maxnames) override;
  Result<virNodeDevicePtr> nodeDeviceCreateXML(virConnectPtr conn, const char *xml,
                                               unsigned flags) override;
  Result<int> nodeDeviceDestroy(virNodeDevicePtr dev) override;
};

}  // namespace virtkit::drivers::test
