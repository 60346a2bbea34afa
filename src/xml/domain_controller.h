// SPDX-License-Identifier: LGPL-2.1-or-later
// The domain's <controller> devices (libvirt's virDomainControllerDef): read,
// ordered, given their indexes and implicit companions, checked and printed
// the way libvirt 9.0.0's generic domain code does (the test driver adds no
// controller defaults of its own). The element itself (struct, parser,
// formatter) comes from desc/domain.xd; its hooks are defined here.
#pragma once

#include <libxml/tree.h>
#include <libxml/xpath.h>

#include "error/status.h"
#include "xml/domain_def.h"
#include "xml/xml.h"

namespace virtkit::conf {

// virDomainDefControllersParse: every <devices><controller>, inserted in
// libvirt's order; `usb_none` tells whether USB was disabled (model='none').
Status parse_controllers(DomainDef &def, xmlXPathContextPtr ctxt, bool &usb_none);
// virDomainControllerInsertPreAlloced: after the last controller of its
// type, or before the first one of its type with a higher index (a USB
// master before its companions).
void insert_controller(DomainDef &def, Controller &&c);
// virDomainControllerFind: the position of the controller, or -1.
int find_controller(const DomainDef &def, ControllerType type, int idx);
// virDomainDefMaybeAddController: appends a controller of `type` (model -1
// for none) at `idx` unless one is there; idx < 0 takes the lowest free one.
void maybe_add_controller(DomainDef &def, ControllerType type, int idx, int model);

// virDomainAssignControllerIndexes (before the device post-parse).
void assign_controller_indexes(DomainDef &def);
// virDomainControllerDefPostParse (per device).
Status post_parse_controller(const Controller &c);
// virDomainDefRejectDuplicateControllers.
Status reject_duplicate_controllers(const DomainDef &def);
// virDomainControllerDefValidate.
Status validate_controller(const Controller &c);

// virDomainControllerDefFormat.
void format_controller(xml::Buffer &buf, const Controller &c, unsigned flags);

}  // namespace virtkit::conf
