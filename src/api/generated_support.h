// What the generated entry points (build/src/gen/entry_points.cc) include.
#pragma once

#include <cstring>

#include "api/guard.h"
