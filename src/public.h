// SPDX-License-Identifier: LGPL-2.1-or-later
// The public C headers, with every declared function given default
// visibility (the library builds with -fvisibility=hidden; the linker
// version script decides what is exported). Include this, not <libvirt/...>.
#pragma once

#pragma GCC visibility push(default)
#include <libvirt/libvirt.h>
#include <libvirt/libvirt-admin.h>
#include <libvirt/virterror.h>
#pragma GCC visibility pop
