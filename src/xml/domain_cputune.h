// SPDX-License-Identifier: LGPL-2.1-or-later
// <cputune>'s scheduler and resource-control parts: <vcpusched>,
// <iothreadsched>, <emulatorsched>, <cachetune> and <memorytune>, read and
// printed as libvirt 9.0.0's virDomainDefTunablesParse and
// virDomainCputuneDefFormat do.
#pragma once

#include <libxml/xpath.h>

#include "error/status.h"
#include "xml/domain_def.h"
#include "xml/xml.h"

namespace virtkit::conf {

// After <iothreadpin>: the schedulers, then the cache and memory bandwidth
// allocations. `flags` are the parse flags (an allocation's id is read
// unless inactive).
Status parse_cputune_sched(DomainDef &def, xmlXPathContextPtr ctxt, unsigned flags);
// Printed after <iothreadpin>, inside <cputune>; `flags` are format flags.
void format_cputune_sched(xml::Buffer &buf, const DomainDef &def, unsigned flags);

}  // namespace virtkit::conf
