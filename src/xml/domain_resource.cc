// SPDX-License-Identifier: LGPL-2.1-or-later
#include "xml/domain_resource.h"

#include <libvirt/virterror.h>

namespace virtkit::conf {
namespace {

constexpr int kFrom = VIR_FROM_DOMAIN;
// libvirt's bounds for a Fibre Channel application id.
constexpr size_t kAppIdMin = 1, kAppIdMax = 128;

}  // namespace

Status parse_resource(xmlXPathContextPtr ctxt, std::optional<DomainResource> &out) {
  auto nodes = xml::xpath_nodes(ctxt, "./resource");
  if (nodes.size() > 1)
    return error(kFrom, VIR_ERR_XML_ERROR, "%s", "only one resource element is supported");
  if (nodes.empty()) return Status();
  xml::NodeRestore restore(ctxt);
  ctxt->node = nodes[0];
  DomainResource r;
  r.partition = xml::xpath_string(ctxt, "string(./partition)");
  r.appid = xml::xpath_string(ctxt, "string(./fibrechannel/@appid)");
  // An empty <resource> fails without a message, as in libvirt.
  if (!r.partition && !r.appid) return Status(generic_record());
  out = std::move(r);
  return Status();
}

void format_resource(xml::Buffer &buf, const std::optional<DomainResource> &res) {
  if (!res) return;
  xml::Buffer child = xml::Buffer::child_of(buf);
  child.escape("<partition>%s</partition>\n", res->partition);
  child.escape("<fibrechannel appid='%s'/>\n", res->appid);
  xml::format_element(buf, "resource", nullptr, &child);
}

Status validate_resource(const std::optional<DomainResource> &res) {
  if (!res || !res->appid) return Status();
  for (char c : *res->appid)
    if (c < 0x20 || c > 0x7e)
      return error(kFrom, VIR_ERR_XML_ERROR, "%s",
                   "Fibre Channel 'appid' is not a printable string");
  if (res->appid->size() < kAppIdMin || res->appid->size() > kAppIdMax)
    return error(kFrom, VIR_ERR_INVALID_ARG,
                 "Fibre Channel 'appid' string length must be between [%d, %d]",
                 static_cast<int>(kAppIdMin), static_cast<int>(kAppIdMax));
  return Status();
}

Status parse_leases(xmlXPathContextPtr ctxt, std::vector<Lease> &out) {
  for (xmlNodePtr node : xml::xpath_nodes(ctxt, "./devices/lease")) {
    xml::NodeRestore restore(ctxt);
    ctxt->node = node;
    Lease l;
    auto key = xml::xpath_string(ctxt, "string(./key)");
    if (!key) return error(kFrom, VIR_ERR_XML_ERROR, "%s", "Missing 'key' element for lease");
    // A lease without a lockspace fails without a message, as in libvirt.
    auto lockspace = xml::xpath_string(ctxt, "string(./lockspace)");
    if (!lockspace) return Status(generic_record());
    xmlNodePtr target = xml::xpath_node(ctxt, "./target");
    if (!target) return error(kFrom, VIR_ERR_XML_ERROR, "%s", "Missing 'target' element for lease");
    auto path = xml::prop(target, "path");
    if (!path)
      return error(kFrom, VIR_ERR_XML_ERROR, "%s",
                   "Missing 'path' attribute to 'target' element for lease");
    VK_TRY(xml::prop_ull(target, "offset", 10, xml::kPropNone, l.offset));
    l.key = std::move(*key);
    l.lockspace = std::move(*lockspace);
    l.path = std::move(*path);
    out.push_back(std::move(l));
  }
  return Status();
}

void format_leases(xml::Buffer &buf, const std::vector<Lease> &leases) {
  for (const Lease &l : leases) {
    buf.add("<lease>\n");
    buf.indent(2);
    buf.escape("<lockspace>%s</lockspace>\n", l.lockspace.c_str());
    buf.escape("<key>%s</key>\n", l.key.c_str());
    buf.escape("<target path='%s'", l.path.c_str());
    if (l.offset) buf.addf(" offset='%llu'", l.offset);
    buf.add("/>\n");
    buf.indent(-2);
    buf.add("</lease>\n");
  }
}

Status parse_nvram_device(xmlXPathContextPtr ctxt, std::optional<NvramDevice> &out) {
  auto nodes = xml::xpath_nodes(ctxt, "./devices/nvram");
  if (nodes.size() > 1)
    return error(kFrom, VIR_ERR_INTERNAL_ERROR, "%s", "only a single nvram device is supported");
  if (nodes.empty()) return Status();
  NvramDevice nv;
  VK_TRY(parse_device_info(nodes[0], nv.info, false));
  out = std::move(nv);
  return Status();
}

void format_nvram_device(xml::Buffer &buf, const std::optional<NvramDevice> &nvram) {
  if (!nvram) return;
  buf.add("<nvram>\n");
  buf.indent(2);
  format_device_info(buf, nvram->info, false);
  buf.indent(-2);
  buf.add("</nvram>\n");
}

}  // namespace virtkit::conf
