// SPDX-License-Identifier: LGPL-2.1-or-later
// CPU models of the test driver: the model names of libvirt's CPU map per
// architecture and the baseline of host CPU definitions, from the map data
// compiled into the library (cpu_map_data.inc), so libvirt need not be
// installed.
#pragma once

#include "error/status.h"

namespace virtkit::drivers::test::cpu {

// virConnectGetCPUModelNames: the names of `arch`'s models in map order.
// With `models` null only the count is returned.
Result<int> model_names(const char *arch, char ***models);

// virConnectBaselineCPU on host CPU definitions (flags already checked):
// libvirt's baseline of the x86, ppc64 and ARM CPU drivers.
Result<char *> baseline(const char **xml_cpus, unsigned ncpus, unsigned flags);

}  // namespace virtkit::drivers::test::cpu
