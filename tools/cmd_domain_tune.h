// SPDX-License-Identifier: LGPL-2.1-or-later
// What the domain tuning commands (cmd_domain_tune.cc) and the IOThread
// ones (cmd_domain_iothread.cc) share.
#pragma once

#include <string>
#include <vector>

#include "virtkit_sh.h"

namespace virtkit_sh::tune {

// Typed parameters that free themselves, for the C calls virsh makes in two
// steps and for virTypedParamsAddFromString.
struct Params {
  virTypedParameterPtr p = nullptr;
  int n = 0, max = 0;
  ~Params() { virTypedParamsFree(p, n); }
};

// virsh's virshNodeGetCPUCount: the host's CPUs.
int host_cpus(Shell &sh);

// libvirt's bitmap format: "0-3,5".
std::string format_map(const virtkit::CpuMap &map);

// virsh's virshParseCPUList: the cpumap for a --cpulist; empty after the error.
virtkit::CpuMap cpu_list(const char *list, int maxcpu);

// Prints "field: value" lines, with memtune's "unlimited".
void print_params(const virtkit::TypedParams &ps, bool unlimited);

}  // namespace virtkit_sh::tune
