// SPDX-License-Identifier: LGPL-2.1-or-later
// <domaincheckpoint> parsing and formatting (behaviour of libvirt's
// checkpoint_conf.c; our own code).
#include "xml/checkpoint_def.h"

#include <string_view>
#include <unordered_map>

#include "util/numbers.h"
#include "xml/snapshot_def.h"
#include "xml/xml.h"

namespace virtkit::conf {

namespace {

constexpr int kFrom = VIR_FROM_DOMAIN_CHECKPOINT;
const std::vector<std::string_view> kTypes{"default", "no", "bitmap"};

const char *type_name(int t) {
  return t >= 0 && t < static_cast<int>(kTypes.size()) ? kTypes[t].data() : "";
}

}  // namespace

Result<std::unique_ptr<CheckpointDef>> parse_checkpoint(const char *text, unsigned flags) {
  auto doc = xml::parse_string(kFrom, text, "(domain_checkpoint)", "domaincheckpoint", true);
  VK_TRY(doc);
  VK_TRY(
      xml::validate_against_schema("/usr/share/libvirt/schemas/domaincheckpoint.rng", doc->doc()));
  xmlXPathContextPtr ctxt = doc->ctxt();
  auto def = std::make_unique<CheckpointDef>();
  def->name = xml::xpath_string(ctxt, "string(./name)");
  if (!def->name && (flags & kChkParseRedefine))
    return error(kFrom, VIR_ERR_XML_ERROR, "%s", "a redefined checkpoint must have a name");
  def->description = xml::xpath_string(ctxt, "string(./description)");
  if (flags & kChkParseRedefine) {
    auto ct = xml::xpath_string(ctxt, "string(./creationTime)");
    if (!ct || !util::str_to_ll(ct->c_str(), 10, def->creation_time))
      return error(kFrom, VIR_ERR_INTERNAL_ERROR, "%s",
                   "missing creationTime from existing checkpoint");
    def->parent_name = xml::xpath_string(ctxt, "string(./parent/name)");
    if (xmlNodePtr dn = xml::xpath_node(ctxt, "./domain")) {
      xml::NodeRestore restore(ctxt);
      ctxt->node = dn;
      ParseOptions o;
      o.flags = kParseInactive;
      o.test_namespace = true;
      auto dom = parse_domain_node(ctxt, o);
      VK_TRY(dom);
      def->dom = std::move(*dom);
    }
  } else {
    moment_post_parse(def->name, def->creation_time);
  }
  for (xmlNodePtr n : xml::xpath_nodes(ctxt, "./disks/*")) {
    CheckpointDisk d;
    d.name = xml::prop(n, "name").value_or("");
    if (auto c = xml::prop(n, "checkpoint"))
      d.type = xml::enum_from_string(kTypes, *c);
    else
      d.type = kChkBitmap;
    d.bitmap = xml::prop(n, "bitmap");
    def->disks.push_back(std::move(d));
  }
  return def;
}

void assign_bitmap_names(CheckpointDef &def) {
  for (auto &d : def.disks)
    if (d.type == kChkBitmap && !d.bitmap) d.bitmap = def.name;
}

Status align_checkpoint_disks(CheckpointDef &chk) {
  const DomainDef *dom = chk.dom.get();
  if (!dom) return error(kFrom, VIR_ERR_INTERNAL_ERROR, "%s", "missing domain in checkpoint");
  if (chk.disks.size() > dom->disks.size())
    return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                 "too many disk checkpoint requests for domain");
  if (dom->disks.empty())
    return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                 "domain must have at least one disk to perform checkpoints");
  int dflt = chk.disks.empty() ? kChkBitmap : kChkNone;
  auto empty_or_ro = [](const Disk &d) {
    bool empty = d.storage_type == StorageType::none ||
                 ((d.storage_type == StorageType::file || d.storage_type == StorageType::block ||
                   d.storage_type == StorageType::dir) &&
                  !d.path);
    return empty || d.readonly;
  };
  std::vector<CheckpointDisk> old = std::move(chk.disks);
  std::unordered_map<std::string, size_t> map;
  for (size_t i = 0; i < old.size(); i++) {
    CheckpointDisk &cd = old[i];
    const Disk *dd = disk_by_name(*dom, cd.name, false);
    if (!dd) return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED, "no disk named '%s'", cd.name.c_str());
    std::string dst = dd->dst.value_or("");
    if (map.count(dst))
      return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED, "disk '%s' specified twice", cd.name.c_str());
    map.emplace(dst, i);
    if (empty_or_ro(*dd) && cd.type != kChkNone)
      return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED, "disk '%s' is empty or readonly",
                   cd.name.c_str());
    cd.name = dst;
  }
  chk.disks.clear();
  for (const auto &dd : dom->disks) {
    std::string dst = dd.dst.value_or("");
    if (auto it = map.find(dst); it != map.end()) {
      chk.disks.push_back(old[it->second]);
      continue;
    }
    CheckpointDisk cd;
    cd.name = dst;
    cd.type = empty_or_ro(dd) ? kChkNone : dflt;
    chk.disks.push_back(std::move(cd));
  }
  assign_bitmap_names(chk);
  return Status();
}

std::string format_checkpoint(const CheckpointDef &def, unsigned flags) {
  unsigned domflags = kFormatInactive;
  if (flags & kChkFormatSecure) domflags |= kFormatSecure;
  xml::Buffer buf;
  buf.add("<domaincheckpoint>\n");
  buf.indent(2);
  buf.escape("<name>%s</name>\n", def.name);
  buf.escape("<description>%s</description>\n", def.description);
  if (def.parent_name) {
    buf.add("<parent>\n");
    buf.indent(2);
    buf.escape("<name>%s</name>\n", def.parent_name);
    buf.indent(-2);
    buf.add("</parent>\n");
  }
  if (def.creation_time) buf.addf("<creationTime>%lld</creationTime>\n", def.creation_time);
  if (!def.disks.empty()) {
    buf.add("<disks>\n");
    buf.indent(2);
    for (const auto &d : def.disks) {
      if (d.name.empty()) continue;
      buf.escape("<disk name='%s'", d.name.c_str());
      if (d.type) buf.addf(" checkpoint='%s'", type_name(d.type));
      if (d.bitmap) {
        buf.escape(" bitmap='%s'", d.bitmap);
        if ((flags & kChkFormatSize) && d.size_valid) buf.addf(" size='%llu'", d.size);
      }
      buf.add("/>\n");
    }
    buf.indent(-2);
    buf.add("</disks>\n");
  }
  if (def.dom && !(flags & kChkFormatNoDomain)) {
    std::string text = format_domain(*def.dom, domflags);
    size_t start = 0;
    while (start < text.size()) {
      size_t nl = text.find('\n', start);
      size_t end = nl == std::string::npos ? text.size() : nl + 1;
      buf.add(std::string_view(text).substr(start, end - start));
      start = end;
    }
  }
  buf.indent(-2);
  buf.add("</domaincheckpoint>\n");
  return buf.take();
}

}  // namespace virtkit::conf
