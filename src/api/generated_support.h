// SPDX-License-Identifier: LGPL-2.1-or-later
// What the generated entry points (build/src/gen/entry_points.cc) include.
#pragma once

#include <cstring>

#include "api/guard.h"
