// SPDX-License-Identifier: LGPL-2.1-or-later
// Hand-written entry points for networks whose driver call differs from the
// public arguments.
#include "api/extra_checks.h"
#include "driver/driver.h"

using namespace virtkit;
using namespace virtkit::api;
using handles::table;
namespace ex = virtkit::api::extra;

int virNetworkUpdate(virNetworkPtr network, unsigned int command, unsigned int section,
                     int parentIndex, const char *xml, unsigned int flags) {
  return entry<Api::virNetworkUpdate>(network, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(xml, "xml"));
    // Old drivers took command and section the other way round; those that
    // know better say so with a feature.
    auto correct = ex::supports_feature(network->conn, ex::kNetworkUpdateHasCorrectOrder);
    VK_TRY(correct);
    if (!*correct)
      return table<driver::NetworkTable>(network).networkUpdate(network, section, command,
                                                                parentIndex, xml, flags);
    return table<driver::NetworkTable>(network).networkUpdate(network, command, section,
                                                              parentIndex, xml, flags);
  });
}
