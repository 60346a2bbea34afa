// Hand-written forwarding slots for domain queries whose replies need
// libvirt's client-side handling (per-vCPU arrays, stats, guest data...).
// The generated RemoteSlots forwards the regular ones.
#pragma once

#include "drivers/remote/wire.h"
#include "remote_slots.h"  // generated

namespace virtkit::drivers::remote {

class RemoteDomainExtra : public RemoteSlots {
 public:
  using RemoteSlots::RemoteSlots;
};

}  // namespace virtkit::drivers::remote
