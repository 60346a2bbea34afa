// SPDX-License-Identifier: LGPL-2.1-or-later
// virsh's snapshot-create and snapshot-create-as.
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <strings.h>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <virtkit/snapshot.hpp>

#include "virtkit_sh.h"

namespace virtkit_sh {

namespace {

using virtkit::DomainSnapshot;

// virsh's snapshot creation for snapshot-create and snapshot-create-as.
bool create_snapshot(const virtkit::Domain &dom, const std::string &xml, unsigned flags,
                     const char *from) {
  auto snap = DomainSnapshot::try_create_xml(dom, xml, flags);
  if (!snap && snap.error().code() == VIR_ERR_NO_SUPPORT && !from) {
    // A server that does not know --validate.
    flags &= ~VIR_DOMAIN_SNAPSHOT_CREATE_VALIDATE;
    snap = DomainSnapshot::try_create_xml(dom, xml, flags);
  }
  bool halt = false;
  if (!snap && snap.error().code() == VIR_ERR_INVALID_ARG &&
      (flags & VIR_DOMAIN_SNAPSHOT_CREATE_HALT)) {
    // --halt emulated: the snapshot, then destroy.
    reset_error();
    auto persistent = dom.try_is_persistent();
    if (!persistent) {
      report_last();
      return false;
    }
    if (!*persistent) {
      error("cannot halt after snapshot of transient domain");
      return false;
    }
    auto active = dom.try_is_active();
    halt = active && *active;
    flags &= ~VIR_DOMAIN_SNAPSHOT_CREATE_HALT;
    snap = DomainSnapshot::try_create_xml(dom, xml, flags);
  }
  if (!snap) return false;
  if (halt && !dom.try_destroy()) {
    report_last();
    return false;
  }
  auto name = snap->try_name();
  if (!name) {
    error("Could not get snapshot name");
    return false;
  }
  if (from)
    extra("Domain snapshot %s created from '%s'", name->c_str(), from);
  else
    extra("Domain snapshot %s created", name->c_str());
  return true;
}

// The --memspec of snapshot-create-as as a <memory> element; false after
// the error.
bool memspec_xml(const std::string &spec, std::string &buf) {
  std::optional<std::string> snapshot, file;
  for (const std::string &part : string_to_array(spec)) {
    if (!snapshot && part.starts_with("snapshot="))
      snapshot = part.substr(9);
    else if (!file && part.starts_with("file="))
      file = part.substr(5);
    else if (!file && part.starts_with("/"))
      file = part;
    else {
      error("unable to parse memspec: %s", spec.c_str());
      return false;
    }
  }
  buf += "  <memory";
  if (snapshot) buf += " snapshot='" + escape_xml(*snapshot) + "'";
  if (file) buf += " file='" + escape_xml(*file) + "'";
  buf += "/>\n";
  return true;
}

// One --diskspec of snapshot-create-as as a <disk> element; false after the
// error.
bool diskspec_xml(const std::string &spec, std::string &buf) {
  auto parts = string_to_array(spec);
  std::optional<std::string> snapshot, driver, stype, file;
  bool ok = true;
  for (size_t i = 1; i < parts.size() && ok; i++) {
    const std::string &p = parts[i];
    if (!snapshot && p.starts_with("snapshot="))
      snapshot = p.substr(9);
    else if (!driver && p.starts_with("driver="))
      driver = p.substr(7);
    else if (!stype && p.starts_with("stype="))
      stype = p.substr(6);
    else if (!file && p.starts_with("file="))
      file = p.substr(5);
    else
      ok = false;
  }
  if (ok && stype && *stype != "block" && *stype != "file") {
    error("Unknown storage type: '%s'", stype->c_str());
    ok = false;
  }
  if (!ok) {
    error("unable to parse diskspec: %s", spec.c_str());
    return false;
  }
  // An empty spec has no name: virsh writes a bare "/>".
  buf += parts.empty() ? "    " : "    <disk name='" + escape_xml(parts[0]) + "'";
  if (snapshot) buf += " snapshot='" + *snapshot + "'";
  if (stype) buf += " type='" + *stype + "'";
  if (!driver && !file) {
    buf += "/>\n";
    return true;
  }
  buf += ">\n";
  if (driver) buf += "      <driver type='" + *driver + "'/>\n";
  if (file)
    buf += std::string("      <source ") + (stype && *stype == "block" ? "dev" : "file") + "='" +
           escape_xml(*file) + "'/>\n";
  buf += "    </disk>\n";
  return true;
}

}  // namespace

bool cmd_snapshot_create(Shell &sh, const Cmd &c) {
  static const std::pair<const char *, unsigned> opts[] = {
      {"redefine", VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE},
      {"current", VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT},
      {"no-metadata", VIR_DOMAIN_SNAPSHOT_CREATE_NO_METADATA},
      {"halt", VIR_DOMAIN_SNAPSHOT_CREATE_HALT},
      {"disk-only", VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY},
      {"reuse-external", VIR_DOMAIN_SNAPSHOT_CREATE_REUSE_EXT},
      {"quiesce", VIR_DOMAIN_SNAPSHOT_CREATE_QUIESCE},
      {"atomic", VIR_DOMAIN_SNAPSHOT_CREATE_ATOMIC},
      {"live", VIR_DOMAIN_SNAPSHOT_CREATE_LIVE},
      {"validate", VIR_DOMAIN_SNAPSHOT_CREATE_VALIDATE}};
  unsigned flags = 0;
  for (auto &o : opts)
    if (c.has(o.first)) flags |= o.second;
  auto d = sh.domain(c);
  if (!d) return false;
  const char *from = nullptr;
  if (c.string("xmlfile", from) < 0) return false;
  std::string xml = "<domainsnapshot/>";
  if (from && !read_file(from, xml)) {
    reset_error();
    return false;
  }
  return create_snapshot(*d, xml, flags, from);
}

bool cmd_snapshot_create_as(Shell &sh, const Cmd &c) {
  static const std::pair<const char *, unsigned> opts[] = {
      {"no-metadata", VIR_DOMAIN_SNAPSHOT_CREATE_NO_METADATA},
      {"halt", VIR_DOMAIN_SNAPSHOT_CREATE_HALT},
      {"disk-only", VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY},
      {"reuse-external", VIR_DOMAIN_SNAPSHOT_CREATE_REUSE_EXT},
      {"quiesce", VIR_DOMAIN_SNAPSHOT_CREATE_QUIESCE},
      {"atomic", VIR_DOMAIN_SNAPSHOT_CREATE_ATOMIC},
      {"live", VIR_DOMAIN_SNAPSHOT_CREATE_LIVE},
      {"validate", VIR_DOMAIN_SNAPSHOT_CREATE_VALIDATE}};
  unsigned flags = 0;
  for (auto &o : opts)
    if (c.has(o.first)) flags |= o.second;
  auto d = sh.domain(c);
  if (!d) return false;
  const char *name = nullptr, *desc = nullptr, *memspec = nullptr;
  if (c.string("name", name) < 0 || c.string("description", desc) < 0) return false;
  std::string xml = "<domainsnapshot>\n";
  if (name) xml += "  <name>" + escape_xml(name) + "</name>\n";
  if (desc) xml += "  <description>" + escape_xml(desc) + "</description>\n";
  if (c.string("memspec", memspec) < 0) return false;
  if (memspec && !memspec_xml(memspec, xml)) return false;
  if (c.has("diskspec")) {
    xml += "  <disks>\n";
    for (const std::string &spec : c.argv())
      if (!diskspec_xml(spec, xml)) return false;
    xml += "  </disks>\n";
  }
  xml += "</domainsnapshot>\n";
  if (c.has("print-xml")) {
    std::printf("%s\n", xml.c_str());
    return true;
  }
  return create_snapshot(*d, xml, flags, nullptr);
}

}  // namespace virtkit_sh
