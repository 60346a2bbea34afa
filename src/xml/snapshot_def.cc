// SPDX-License-Identifier: LGPL-2.1-or-later
// <domainsnapshot> parsing and formatting (behaviour of libvirt's
// snapshot_conf.c; our own code).
#include "xml/snapshot_def.h"

#include <sys/stat.h>

#include <cstring>
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <set>
#include <string_view>
#include <unordered_map>

#include "util/numbers.h"
#include "xml/xml.h"

namespace virtkit::conf {

namespace {

constexpr int kFrom = VIR_FROM_DOMAIN_SNAPSHOT;
constexpr const char *kSchemaDir = "/usr/share/libvirt/schemas/";

using Names = std::vector<std::string_view>;
const Names kStates{"nostate", "running", "blocked",     "paused",       "shutdown",
                    "shutoff", "crashed", "pmsuspended", "disk-snapshot"};
const Names kLocations{"default", "no", "internal", "external", "manual"};
const Names kStorageTypes{"none",   "file", "block",     "dir",      "network",
                          "volume", "nvme", "vhostuser", "vhostvdpa"};
const Names kFormats{"none", "raw", "dir",   "bochs", "cloop", "dmg",   "iso", "vpc", "vdi",
                     "fat",  "vhd", "ploop", "cow",   "qcow",  "qcow2", "qed", "vmdk"};

const char *at(const Names &names, int i) {
  if (i < 0 || static_cast<size_t>(i) >= names.size()) return "";
  return names[i].data();
}

// virXPathLongLong: 0 ok, -1 absent, -2 invalid.
int xpath_ll(xmlXPathContextPtr ctxt, const char *expr, long long &out) {
  auto s = xml::xpath_string(ctxt, expr);
  if (!s) return -1;
  if (!util::str_to_ll(s->c_str(), 10, out)) return -2;
  return 0;
}

ParseOptions domain_options() {
  ParseOptions o;
  o.flags = kParseInactive;
  o.test_namespace = true;
  return o;
}

Status parse_disk(xmlNodePtr node, xmlXPathContextPtr ctxt, SnapshotDisk &d, unsigned flags) {
  xml::NodeRestore restore(ctxt);
  ctxt->node = node;
  auto name = xml::prop(node, "name");
  if (!name)
    return error(kFrom, VIR_ERR_INTERNAL_ERROR, "%s", "missing name from disk snapshot element");
  VK_TRY(xml::prop_enum(node, "snapshot", kLocations, xml::kPropNonZero, d.snapshot, kLocDefault));
  VK_TRY(xml::prop_enum(node, "type", kStorageTypes, xml::kPropNonZero, d.src_type, 1));
  if (d.src_type == 5 || d.src_type == 3)
    return error(kFrom, VIR_ERR_XML_ERROR, "unsupported disk snapshot type '%s'",
                 at(kStorageTypes, d.src_type));
  if (flags & kSnapParseRedefine)
    d.delete_in_progress = xml::xpath_node(ctxt, "./snapshotDeleteInProgress") != nullptr;
  if (xmlNodePtr src = xml::xpath_node(ctxt, "./source")) {
    switch (d.src_type) {
      case 1:
        d.path = xml::prop(src, "file");
        break;
      case 2:
        d.path = xml::prop(src, "dev");
        break;
      case 4:
        d.protocol = xml::prop(src, "protocol");
        d.path = xml::prop(src, "name");
        break;
      default:
        d.path = xml::prop(src, "path");
        break;
    }
    if (d.path && d.path->empty()) d.path.reset();
  }
  if (auto driver = xml::xpath_string(ctxt, "string(./driver/@type)")) {
    d.format = xml::enum_from_string(kFormats, *driver);
    if (d.format <= 0)
      return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED, "unknown disk snapshot driver '%s'",
                   driver->c_str());
  }
  auto sz = xml::parse_scaled_value(ctxt, "./driver/metadata_cache/max_size", nullptr, 1, ~0ULL,
                                    false, d.metadata_cache_max_size);
  VK_TRY(sz);
  if ((d.src_type == 1 || d.src_type == 2) && d.path && (*d.path)[0] != '/')
    return error(kFrom, VIR_ERR_XML_ERROR, "disk snapshot image path '%s' must be absolute",
                 d.path->c_str());
  if (d.snapshot == kLocDefault && (d.path || d.format)) d.snapshot = kLocExternal;
  d.name = *name;
  return Status();
}

void format_disk(xml::Buffer &buf, const SnapshotDisk &d) {
  if (d.name.empty()) return;
  xml::Buffer attrs;
  xml::Buffer children = xml::Buffer::child_of(buf);
  attrs.escape(" name='%s'", d.name.c_str());
  if (d.snapshot > 0) attrs.addf(" snapshot='%s'", at(kLocations, d.snapshot));
  if (d.delete_in_progress) children.add("<snapshotDeleteInProgress/>\n");
  if (d.path || d.format != 0) {
    attrs.addf(" type='%s'", at(kStorageTypes, d.src_type));
    xml::Buffer dattrs;
    xml::Buffer dchildren = xml::Buffer::child_of(children);
    if (d.format > 0) dattrs.escape(" type='%s'", at(kFormats, d.format));
    if (d.metadata_cache_max_size > 0) {
      xml::Buffer mc = xml::Buffer::child_of(dchildren);
      mc.addf("<max_size unit='bytes'>%llu</max_size>\n", d.metadata_cache_max_size);
      xml::format_element(dchildren, "metadata_cache", nullptr, &mc);
    }
    xml::format_element(children, "driver", &dattrs, &dchildren);
    xml::Buffer sattrs;
    switch (d.src_type) {
      case 1:
        sattrs.escape(" file='%s'", d.path);
        break;
      case 2:
        sattrs.escape(" dev='%s'", d.path);
        break;
      case 4:
        sattrs.escape(" protocol='%s'", d.protocol);
        sattrs.escape(" name='%s'", d.path);
        break;
      default:
        sattrs.escape(" path='%s'", d.path);
        break;
    }
    xml::format_element_empty(children, "source", &sattrs, nullptr);
  }
  xml::format_element(buf, "disk", &attrs, &children);
}

bool source_empty(const Disk &d) {
  // virStorageSourceIsEmpty: a local source without a path.
  if (d.storage_type == StorageType::none) return true;
  if ((d.storage_type == StorageType::file || d.storage_type == StorageType::block ||
       d.storage_type == StorageType::dir) &&
      !d.path)
    return true;
  return false;
}

}  // namespace

void moment_post_parse(std::optional<std::string> &name, long long &creation_time) {
  creation_time = static_cast<long long>(time(nullptr));
  if (!name) name = std::to_string(creation_time);
}

Result<std::unique_ptr<DomainDef>> copy_domain_def(const DomainDef &def) {
  std::string text = format_domain(def, kFormatSecure | kFormatInactive | kFormatMigratable);
  return parse_domain(text.c_str(), domain_options());
}

Status check_abi_stability(const DomainDef &src, const DomainDef &dst) {
  constexpr int kDom = VIR_FROM_DOMAIN;
  constexpr int kBad = VIR_ERR_CONFIG_UNSUPPORTED;
  if (src.virt_type != dst.virt_type)
    return error(kDom, kBad, "Target domain virt type %s does not match source %s",
                 virt_type_name(dst.virt_type), virt_type_name(src.virt_type));
  if (std::memcmp(src.uuid, dst.uuid, 16) != 0) {
    auto fmt = [](const unsigned char *u) {
      char b[37];
      std::snprintf(b, sizeof b,
                    "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", u[0],
                    u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12],
                    u[13], u[14], u[15]);
      return std::string(b);
    };
    return error(kDom, kBad, "Target domain uuid %s does not match source %s",
                 fmt(dst.uuid).c_str(), fmt(src.uuid).c_str());
  }
  if (src.name != dst.name)
    return error(kDom, kBad, "Target domain name '%s' does not match source '%s'", dst.name.c_str(),
                 src.name.c_str());
  if (src.total_memory != dst.total_memory)
    return error(kDom, kBad, "Target domain max memory %lld does not match source %lld",
                 static_cast<long long>(dst.total_memory),
                 static_cast<long long>(src.total_memory));
  if (src.cur_balloon != dst.cur_balloon)
    return error(kDom, kBad, "Target domain current memory %lld does not match source %lld",
                 static_cast<long long>(dst.cur_balloon), static_cast<long long>(src.cur_balloon));
  if (src.max_memory != dst.max_memory)
    return error(kDom, kBad, "Target maximum memory size '%llu' doesn't match source '%llu'",
                 dst.max_memory, src.max_memory);
  if (src.memory_slots != dst.memory_slots)
    return error(kDom, kBad, "Target domain memory slots count '%u' doesn't match source '%u'",
                 dst.memory_slots, src.memory_slots);
  if (src.max_vcpus != dst.max_vcpus)
    return error(kDom, kBad, "Target domain vCPU max %zu does not match source %zu",
                 static_cast<size_t>(dst.max_vcpus), static_cast<size_t>(src.max_vcpus));
  if (src.vcpus != dst.vcpus)
    return error(kDom, kBad,
                 "State of vCPU '%zu' differs between source and destination definitions",
                 static_cast<size_t>(std::min(src.vcpus, dst.vcpus)));
  if (src.os.type != dst.os.type)
    return error(kDom, kBad, "Target domain OS type %s does not match source %s",
                 os_type_name(dst.os.type), os_type_name(src.os.type));
  if (src.os.arch != dst.os.arch)
    return error(kDom, kBad, "Target domain architecture %s does not match source %s",
                 dst.os.arch.c_str(), src.os.arch.c_str());
  if (src.os.machine != dst.os.machine)
    return error(kDom, kBad, "Target domain machine type %s does not match source %s",
                 dst.os.machine ? dst.os.machine->c_str() : "(null)",
                 src.os.machine ? src.os.machine->c_str() : "(null)");
  if (src.disks.size() != dst.disks.size())
    return error(kDom, kBad, "Target domain disk count %zu does not match source %zu",
                 dst.disks.size(), src.disks.size());
  return Status();
}

bool SnapshotDef::is_external() const {
  if (memory == kLocExternal) return true;
  for (const auto &d : disks)
    if (d.snapshot == kLocExternal) return true;
  return false;
}

Result<std::unique_ptr<SnapshotDef>> parse_snapshot_node(xmlXPathContextPtr ctxt, unsigned flags,
                                                         bool *current) {
  auto def = std::make_unique<SnapshotDef>();
  bool offline = false;
  def->name = xml::xpath_string(ctxt, "string(./name)");
  if (!def->name && (flags & kSnapParseRedefine))
    return error(kFrom, VIR_ERR_XML_ERROR, "%s", "a redefined snapshot must have a name");
  def->description = xml::xpath_string(ctxt, "string(./description)");

  if (flags & kSnapParseRedefine) {
    if (xpath_ll(ctxt, "string(./creationTime)", def->creation_time) < 0)
      return error(kFrom, VIR_ERR_INTERNAL_ERROR, "%s",
                   "missing creationTime from existing snapshot");
    def->parent_name = xml::xpath_string(ctxt, "string(./parent/name)");
    auto state = xml::xpath_string(ctxt, "string(./state)");
    if (!state)
      return error(kFrom, VIR_ERR_XML_ERROR, "%s", "missing state from existing snapshot");
    def->state = xml::enum_from_string(kStates, *state);
    if (def->state <= 0)
      return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED, "Invalid state '%s' in domain snapshot XML",
                   state->c_str());
    offline = def->state == kSnapShutoff || def->state == kSnapDiskSnapshot;
    if (xml::xpath_string(ctxt, "string(./domain/@type)")) {
      xml::NodeRestore restore(ctxt);
      ctxt->node = xml::xpath_node(ctxt, "./domain");
      if (!ctxt->node)
        return error(kFrom, VIR_ERR_INTERNAL_ERROR, "%s", "missing domain in snapshot");
      auto dom = parse_domain_node(ctxt, domain_options());
      VK_TRY(dom);
      def->dom = std::move(*dom);
    }
    if (xmlNodePtr inactive = xml::xpath_node(ctxt, "./inactiveDomain")) {
      xml::NodeRestore restore(ctxt);
      ctxt->node = inactive;
      auto dom = parse_domain_node(ctxt, domain_options());
      VK_TRY(dom);
      def->inactive_dom = std::move(*dom);
    }
  } else {
    moment_post_parse(def->name, def->creation_time);
  }

  if (xmlNodePtr mem = xml::xpath_node(ctxt, "./memory")) {
    def->memory_file = xml::prop(mem, "file");
    VK_TRY(
        xml::prop_enum(mem, "snapshot", kLocations, xml::kPropNonZero, def->memory, kLocDefault));
    if (def->memory == kLocManual)
      return error(kFrom, VIR_ERR_XML_ERROR, "%s", "'manual' memory snapshot mode not supported");
  }
  if (def->memory == kLocDefault) {
    if (def->memory_file)
      def->memory = kLocExternal;
    else if (flags & kSnapParseRedefine)
      def->memory = offline ? kLocNo : kLocInternal;
  }
  if (def->memory_file && def->memory != kLocExternal)
    return error(kFrom, VIR_ERR_XML_ERROR, "memory filename '%s' requires external snapshot",
                 def->memory_file->c_str());
  if (!def->memory_file && def->memory == kLocExternal)
    return error(kFrom, VIR_ERR_XML_ERROR, "%s", "external memory snapshots require a filename");
  if (offline && def->memory != kLocDefault && def->memory != kLocNo)
    return error(kFrom, VIR_ERR_XML_ERROR, "%s",
                 "memory state cannot be saved with offline or disk-only snapshot");
  if (def->memory_file && (*def->memory_file)[0] != '/')
    return error(kFrom, VIR_ERR_XML_ERROR, "memory snapshot file path (%s) must be absolute",
                 def->memory_file->c_str());

  for (xmlNodePtr n : xml::xpath_nodes(ctxt, "./disks/*")) {
    def->disks.emplace_back();
    VK_TRY(parse_disk(n, ctxt, def->disks.back(), flags));
  }

  if (flags & kSnapParseInternal) {
    if (!current)
      return error(kFrom, VIR_ERR_INTERNAL_ERROR, "%s",
                   "internal parse requested with NULL current");
    auto active = xml::xpath_string(ctxt, "string(./active)");
    int v = 0;
    if (!active || !util::str_to_i(active->c_str(), 10, v))
      return error(kFrom, VIR_ERR_INTERNAL_ERROR, "%s", "Could not find 'active' element");
    *current = v != 0;
  }
  return def;
}

Result<std::unique_ptr<SnapshotDef>> parse_snapshot(const char *text, unsigned flags,
                                                    bool *current) {
  auto doc = xml::parse_string(kFrom, text, "(domain_snapshot)", "domainsnapshot", true);
  VK_TRY(doc);
  if (flags & kSnapParseValidate) {
    std::string schema = std::string(kSchemaDir) + "domainsnapshot.rng";
    VK_TRY(xml::validate_against_schema(schema.c_str(), doc->doc()));
  }
  return parse_snapshot_node(doc->ctxt(), flags, current);
}

std::string format_snapshot(const SnapshotDef &def, const char *uuidstr, unsigned flags) {
  unsigned domflags = kFormatInactive;
  if (flags & kSnapFormatSecure) domflags |= kFormatSecure;
  xml::Buffer buf;
  buf.add("<domainsnapshot>\n");
  buf.indent(2);
  buf.escape("<name>%s</name>\n", def.name);
  buf.escape("<description>%s</description>\n", def.description);
  if (def.state) buf.addf("<state>%s</state>\n", at(kStates, def.state));
  if (def.parent_name) {
    buf.add("<parent>\n");
    buf.indent(2);
    buf.escape("<name>%s</name>\n", def.parent_name);
    buf.indent(-2);
    buf.add("</parent>\n");
  }
  if (def.creation_time) buf.addf("<creationTime>%lld</creationTime>\n", def.creation_time);
  if (def.memory) {
    buf.addf("<memory snapshot='%s'", at(kLocations, def.memory));
    buf.escape(" file='%s'", def.memory_file);
    buf.add("/>\n");
  }
  if (!def.disks.empty()) {
    buf.add("<disks>\n");
    buf.indent(2);
    for (const auto &d : def.disks) format_disk(buf, d);
    buf.indent(-2);
    buf.add("</disks>\n");
  }
  auto nested = [&](const DomainDef &dom, const char *root) {
    std::string text = format_domain(dom, domflags);
    if (root) {
      // The same document under another root element name.
      if (text.compare(0, 7, "<domain") == 0) text = std::string("<") + root + text.substr(7);
      auto pos = text.rfind("</domain>");
      if (pos != std::string::npos) text.replace(pos, 9, std::string("</") + root + ">");
    }
    // Each line at the buffer's indentation.
    size_t start = 0;
    while (start < text.size()) {
      size_t nl = text.find('\n', start);
      size_t end = nl == std::string::npos ? text.size() : nl + 1;
      buf.add(std::string_view(text).substr(start, end - start));
      start = end;
    }
  };
  if (def.dom) {
    nested(*def.dom, nullptr);
  } else if (uuidstr) {
    buf.add("<domain>\n");
    buf.indent(2);
    buf.addf("<uuid>%s</uuid>\n", uuidstr);
    buf.indent(-2);
    buf.add("</domain>\n");
  }
  if (def.inactive_dom) nested(*def.inactive_dom, "inactiveDomain");
  if (flags & kSnapFormatInternal)
    buf.addf("<active>%d</active>\n", (flags & kSnapFormatCurrent) ? 1 : 0);
  buf.indent(-2);
  buf.add("</domainsnapshot>\n");
  return buf.take();
}

Status align_snapshot_disks(SnapshotDef &snap, const DomainDef *existing, int default_location,
                            bool uniform_internal) {
  const DomainDef *dom = snap.dom ? snap.dom.get() : existing;
  if (!dom) return error(kFrom, VIR_ERR_INTERNAL_ERROR, "%s", "missing domain in snapshot");
  if (snap.disks.size() > dom->disks.size())
    return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                 "too many disk snapshot requests for domain");
  bool require_match = uniform_internal && default_location == kLocInternal;
  if (dom->disks.empty()) return Status();

  std::vector<SnapshotDisk> old = std::move(snap.disks);
  std::unordered_map<std::string, size_t> map;
  for (size_t i = 0; i < old.size(); i++) {
    SnapshotDisk &sd = old[i];
    const Disk *dd = disk_by_name(*dom, sd.name, false);
    if (!dd) return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED, "no disk named '%s'", sd.name.c_str());
    std::string dst = dd->dst.value_or("");
    if (map.count(dst))
      return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED, "disk '%s' specified twice", sd.name.c_str());
    map.emplace(dst, i);
    static_assert(static_cast<int>(DiskSnapshot::manual) == kLocManual);
    int disk_location = static_cast<int>(dd->snapshot);  // the same numbers
    if (sd.snapshot == kLocDefault) {
      if (disk_location != kLocDefault && (!require_match || disk_location == kLocNo))
        sd.snapshot = disk_location;
      else
        sd.snapshot = default_location;
    } else if (require_match && sd.snapshot != default_location &&
               !(sd.snapshot == kLocNo && disk_location == kLocNo)) {
      return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED, "disk '%s' must use snapshot mode '%s'",
                   sd.name.c_str(), at(kLocations, default_location));
    }
    if (sd.path && sd.snapshot != kLocExternal)
      return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED,
                   "file '%s' for disk '%s' requires use of external snapshot mode",
                   sd.path->c_str(), sd.name.c_str());
    sd.name = dst;
  }
  snap.disks.clear();
  for (const auto &dd : dom->disks) {
    std::string dst = dd.dst.value_or("");
    if (auto it = map.find(dst); it != map.end()) {
      snap.disks.push_back(old[it->second]);
      continue;
    }
    SnapshotDisk sd;
    sd.name = dst;
    sd.snapshot = source_empty(dd) ? kLocNo : static_cast<int>(dd.snapshot);
    sd.src_type = 1;
    if (!sd.snapshot) sd.snapshot = default_location;
    snap.disks.push_back(std::move(sd));
  }

  // Default external file names.
  for (size_t i = 0; i < snap.disks.size(); i++) {
    SnapshotDisk &sd = snap.disks[i];
    if (sd.snapshot != kLocExternal || sd.path) continue;
    if (sd.src_type != 1)
      return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED,
                   "cannot generate external snapshot name for disk '%s' on a '%s' device",
                   sd.name.c_str(), at(kStorageTypes, sd.src_type));
    const Disk &dd = dom->disks[i];
    const std::optional<std::string> &orig =
        dd.storage_type == StorageType::network ? dd.source_name : dd.path;
    if (!orig)
      return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED,
                   "cannot generate external snapshot name for disk '%s' without source",
                   sd.name.c_str());
    struct stat sb;
    if (stat(orig->c_str(), &sb) < 0 || !S_ISREG(sb.st_mode))
      return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED,
                   "source for disk '%s' is not a regular file; refusing to generate external "
                   "snapshot name",
                   sd.name.c_str());
    std::string base = *orig;
    auto dot = base.rfind('.');
    if (dot != std::string::npos && base.find('/', dot) == std::string::npos) base.resize(dot);
    sd.path = base + "." + snap.name.value_or("");
    for (size_t j = 0; j < i; j++)
      if (snap.disks[j].path == sd.path)
        return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED,
                     "cannot generate external snapshot name for disk '%s': collision with "
                     "disk '%s'",
                     sd.name.c_str(), snap.disks[j].name.c_str());
  }
  return Status();
}

}  // namespace virtkit::conf
