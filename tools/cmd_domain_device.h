// SPDX-License-Identifier: LGPL-2.1-or-later
// What the device commands (cmd_domain_device.cc) and the interface, media
// and memory device ones (cmd_domain_iface.cc) share.
#pragma once

#include <libxml/tree.h>

#include <optional>
#include <string>

#include "cmd_domain_xml.h"
#include "virtkit_sh.h"

namespace virtkit_sh::dev {

bool is_active(const virtkit::Domain &d);

// Detach XML as virsh does: the *Flags call when a flag or --current was
// given, the plain one otherwise; false after the error.
bool detach(const virtkit::Domain &d, const std::string &xml, unsigned flags, bool current);

// virMacAddrCompare: MAC addresses equal up to case and leading zeros.
int mac_compare(const char *p, const char *q);

// A bandwidth "average,peak,burst,floor", empty fields allowed.
struct Rate {
  unsigned long long average = 0, peak = 0, burst = 0, floor = 0;
};
bool parse_rate(const char *str, Rate &rate);

// The domain's XML, or false after virsh's errors.
bool domain_xml(const virtkit::Domain &d, unsigned flags, domx::Doc &doc);

// The domain's XML; nullopt after the libvirt error.
std::optional<std::string> xml_desc(const virtkit::Domain &d, unsigned flags);

// virshFindDisk: a copy of the disk whose target or source is PATH (only
// cdrom and floppy disks when changeable), without its backingStore.
xmlNodePtr find_disk(const std::string &xml, const char *path, bool changeable);

enum class MediaAction { kEject, kInsert, kUpdate };

// virshUpdateDiskXML: the removable disk with its media ejected, inserted or
// replaced; nullopt after the error.
std::optional<std::string> update_disk(xmlNodePtr disk, const char *new_source, bool block,
                                       const char *target, MediaAction action);

}  // namespace virtkit_sh::dev
