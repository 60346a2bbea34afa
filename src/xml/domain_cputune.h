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

// <vcpus><vcpu id enabled hotpluggable order/> (virDomainVcpuParse): true
// when given, `vcpus` then counting the enabled ones.
Result<bool> parse_vcpu_states(DomainDef &def, xmlXPathContextPtr ctxt);
// virDomainVcpuDefPostParse: an unset hotpluggable follows the state.
Status post_parse_vcpu_states(DomainDef &def);
// After a change of `vcpus` (and `max_vcpus`): the states follow as
// virDomainDefSetVcpus(Max) makes them.
void sync_vcpu_states(DomainDef &def, bool reset_online);
// The <vcpus> element, after <vcpu>.
void format_vcpu_states(xml::Buffer &buf, const DomainDef &def);

}  // namespace virtkit::conf
