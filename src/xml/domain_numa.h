// SPDX-License-Identifier: LGPL-2.1-or-later
// Guest NUMA: the cells of <cpu><numa> (memory, vCPUs, distances, initiator
// caches, interconnects) and <numatune> (<memory> and each cell's
// <memnode>), read, checked and printed as libvirt 9.0.0's numa_conf.c does.
#pragma once

#include <libxml/xpath.h>

#include "error/status.h"
#include "xml/domain_def.h"
#include "xml/xml.h"

namespace virtkit::conf {

// virDomainNumaDefParseXML, then the <vcpu> count checks that follow it.
Status parse_numa(DomainDef &def, xmlXPathContextPtr ctxt);
// virDomainNumatuneParseXML (after the cells), and the vCPU placement it
// implies.
Status parse_numatune(DomainDef &def, xmlXPathContextPtr ctxt);
// virDomainNumaDefValidate.
Status validate_numa(const DomainDef &def);
// The sum of the cells' memory (KiB).
unsigned long long numa_memory(const DomainDef &def);

// virDomainNumaDefFormatXML: <numa>, inside <cpu>.
void format_numa(xml::Buffer &buf, const DomainDef &def);
// virDomainNumatuneFormatXML.
void format_numatune(xml::Buffer &buf, const DomainDef &def);

// Memory devices (<devices><memory>, virDomainMemoryDef).
// virDomainMemoryDefParseXML.
Status parse_memory_device(xmlXPathContextPtr ctxt, xmlNodePtr node, MemoryDevice &mem);
// virDomainMemoryDefPostParse.
void post_parse_memory_device(MemoryDevice &mem, const DomainDef &def);
// virDomainDefPostParseMemory: the total memory from the NUMA cells and the
// memory devices, and its checks.
Status post_parse_memory(DomainDef &def);
// virDomainMemoryDefValidate.
Status validate_memory_device(const MemoryDevice &mem, const DomainDef &def);
// virDomainMemoryDefFormat.
void format_memory_device(xml::Buffer &buf, const MemoryDevice &mem, unsigned flags);

}  // namespace virtkit::conf
