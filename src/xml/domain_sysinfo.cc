// SPDX-License-Identifier: LGPL-2.1-or-later
#include "xml/domain_sysinfo.h"

#include <libvirt/virterror.h>

#include <array>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "util/numbers.h"
#include "util/uuid.h"
#include "xml/domain_def.h"
#include "xml/storage_def.h"

namespace virtkit::conf {
namespace {

constexpr int kFromDomain = VIR_FROM_DOMAIN;
using Names = std::vector<std::string_view>;
using Entries = std::vector<std::optional<std::string>>;

const Names kSysinfoTypes{"smbios", "fwcfg"};
const Names kBiosEntries{"vendor", "version", "date", "release"};
const Names kSystemEntries{"manufacturer", "product", "version", "serial", "uuid", "sku", "family"};
const Names kBaseBoardEntries{"manufacturer", "product", "version", "serial", "asset", "location"};
const Names kChassisEntries{"manufacturer", "version", "serial", "asset", "sku"};

// The string value of the section's first entry of each name (none when
// empty), in the table's order.
Entries read_entries(xmlXPathContextPtr ctxt, xmlNodePtr node, const Names &names) {
  xmlNodePtr saved = ctxt->node;
  ctxt->node = node;
  Entries out;
  for (std::string_view n : names) {
    std::string expr = "string(entry[@name='" + std::string(n) + "'])";
    out.push_back(xml::xpath_string(ctxt, expr.c_str()));
  }
  ctxt->node = saved;
  return out;
}

bool all_empty(const Entries &e) {
  for (const auto &v : e)
    if (v) return false;
  return true;
}

// mm/dd/yy or mm/dd/yyyy (a four-digit year from 1900).
bool valid_bios_date(const std::string &date) {
  const char *p = date.c_str();
  int month = 0, day = 0, year = 0;
  if (!util::str_to_i(p, &p, 10, month) || *p != '/') return false;
  if (!util::str_to_i(p + 1, &p, 10, day) || *p != '/') return false;
  if (!util::str_to_i(p + 1, &p, 10, year) || *p != '\0') return false;
  if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  return !(year < 0 || (year >= 100 && year < 1900));
}

Status parse_smbios(Sysinfo &s, DomainDef &def, xmlXPathContextPtr ctxt, bool uuid_generated) {
  if (xmlNodePtr node = xml::xpath_node(ctxt, "./bios[1]")) {
    Entries e = read_entries(ctxt, node, kBiosEntries);
    if (e[2] && !valid_bios_date(*e[2]))
      return error(kFromDomain, VIR_ERR_XML_DETAIL, "%s", "Invalid BIOS 'date' format");
    if (!all_empty(e)) s.bios = std::move(e);
  }
  if (xmlNodePtr node = xml::xpath_node(ctxt, "./system[1]")) {
    Entries e = read_entries(ctxt, node, kSystemEntries);
    if (e[4]) {
      unsigned char uuid[16];
      if (!util::parse_uuid(e[4]->c_str(), uuid))
        return error(kFromDomain, VIR_ERR_XML_DETAIL, "%s", "malformed <sysinfo> uuid element");
      if (uuid_generated)
        std::memcpy(def.uuid, uuid, sizeof uuid);
      else if (std::memcmp(def.uuid, uuid, sizeof uuid) != 0)
        return error(kFromDomain, VIR_ERR_XML_DETAIL, "%s",
                     "UUID mismatch between <uuid> and <sysinfo>");
      e[4] = util::format_uuid(uuid);
    }
    if (!all_empty(e)) s.system = std::move(e);
  }
  for (xmlNodePtr node : xml::xpath_nodes(ctxt, "./baseBoard")) {
    Entries e = read_entries(ctxt, node, kBaseBoardEntries);
    if (!all_empty(e)) s.base_boards.push_back(std::move(e));
  }
  if (xmlNodePtr node = xml::xpath_node(ctxt, "./chassis[1]")) {
    Entries e = read_entries(ctxt, node, kChassisEntries);
    if (!all_empty(e)) s.chassis = std::move(e);
  }
  if (xmlNodePtr node = xml::xpath_node(ctxt, "./oemStrings[1]")) {
    std::vector<std::string> values;
    for (xmlNodePtr c = node->children; c; c = c->next)
      if (c->type == XML_ELEMENT_NODE && xml::name_is(c, "entry"))
        values.push_back(xml::content(c));
    if (!values.empty()) s.oem_strings = std::move(values);
  }
  return Status();
}

Status parse_fwcfg(Sysinfo &s, xmlNodePtr node) {
  for (xmlNodePtr c = node->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE || !xml::name_is(c, "entry")) continue;
    Sysinfo::FwCfg f;
    auto name = xml::prop(c, "name");
    if (!name)
      return error(kFromDomain, VIR_ERR_XML_ERROR, "%s",
                   "Firmware entry is missing 'name' attribute");
    f.name = *name;
    std::string value = xml::content(c);
    if (!value.empty()) f.value = value;
    auto file = xml::prop(c, "file");
    if (!f.value && !file)
      return error(kFromDomain, VIR_ERR_XML_ERROR, "%s",
                   "Firmware entry must have either value or 'file' attribute");
    if (file) f.file = sanitize_path(*file);
    s.fw_cfgs.push_back(std::move(f));
  }
  return Status();
}

void format_section(xml::Buffer &buf, const char *name, const Names &names, const Entries &e) {
  buf.addf("<%s>\n", name);
  buf.indent(2);
  for (size_t i = 0; i < names.size(); ++i) {
    if (!e[i]) continue;
    std::string fmt = "<entry name='" + std::string(names[i]) + "'>%s</entry>\n";
    buf.escape(fmt.c_str(), e[i]);
  }
  buf.indent(-2);
  buf.addf("</%s>\n", name);
}

}  // namespace

Status parse_sysinfos(DomainDef &def, xmlXPathContextPtr ctxt, bool uuid_generated) {
  for (xmlNodePtr node : xml::xpath_nodes(ctxt, "./sysinfo")) {
    Sysinfo s;
    int type = 0;
    VK_TRY(xml::prop_enum(node, "type", kSysinfoTypes, xml::kPropRequired, type));
    s.fwcfg = type == 1;
    xmlNodePtr saved = ctxt->node;
    ctxt->node = node;
    Status st = s.fwcfg ? parse_fwcfg(s, node) : parse_smbios(s, def, ctxt, uuid_generated);
    ctxt->node = saved;
    VK_TRY(st);
    def.sysinfos.push_back(std::move(s));
  }
  return Status();
}

void format_sysinfos(xml::Buffer &buf, const DomainDef &def) {
  for (const Sysinfo &s : def.sysinfos) {
    xml::Buffer attrs;
    attrs.addf(" type='%s'", s.fwcfg ? "fwcfg" : "smbios");
    xml::Buffer child = xml::Buffer::child_of(buf);
    if (s.fwcfg) {
      for (const Sysinfo::FwCfg &f : s.fw_cfgs) {
        child.addf("<entry name='%s'", f.name.c_str());
        if (f.file)
          child.escape(" file='%s'/>\n", f.file);
        else
          child.escape(">%s</entry>\n", f.value);
      }
    } else {
      if (s.bios) format_section(child, "bios", kBiosEntries, *s.bios);
      if (s.system) format_section(child, "system", kSystemEntries, *s.system);
      for (const Entries &b : s.base_boards)
        format_section(child, "baseBoard", kBaseBoardEntries, b);
      if (s.chassis) format_section(child, "chassis", kChassisEntries, *s.chassis);
      if (s.oem_strings) {
        child.add("<oemStrings>\n");
        child.indent(2);
        for (const std::string &v : *s.oem_strings) child.escape("<entry>%s</entry>\n", v.c_str());
        child.indent(-2);
        child.add("</oemStrings>\n");
      }
    }
    xml::format_element(buf, "sysinfo", &attrs, &child);
  }
}

}  // namespace virtkit::conf
