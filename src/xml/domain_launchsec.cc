// SPDX-License-Identifier: LGPL-2.1-or-later
#include "xml/domain_launchsec.h"

#include <libvirt/virterror.h>

#include <string_view>
#include <vector>

#include "util/numbers.h"

namespace virtkit::conf {
namespace {

constexpr int kFromDomain = VIR_FROM_DOMAIN;
const std::vector<std::string_view> kLaunchSecurityTypes{"", "sev", "s390-pv"};

// An unsigned child element: its text must be a whole number.
Status read_uint(xmlXPathContextPtr ctxt, const char *expr, const char *what,
                 std::optional<unsigned> &out) {
  unsigned v = 0;
  int rc = xml::xpath_uint(ctxt, expr, v);
  if (rc == -2)
    return error(kFromDomain, VIR_ERR_XML_ERROR, "Invalid format for launch security %s", what);
  if (rc == 0) out = v;
  return Status();
}

Status parse_sev(LaunchSecurity &sec, xmlXPathContextPtr ctxt) {
  VK_TRY(xml::prop_tristate_bool(ctxt->node, "kernelHashes", xml::kPropNone, sec.kernel_hashes));
  auto policy = xml::xpath_string(ctxt, "string(./policy)");
  if (!policy || !util::str_to_ui(policy->c_str(), 16, sec.policy))
    return error(kFromDomain, VIR_ERR_XML_ERROR, "%s", "failed to get launch security policy");
  VK_TRY(read_uint(ctxt, "string(./cbitpos)", "cbitpos", sec.cbitpos));
  VK_TRY(read_uint(ctxt, "string(./reducedPhysBits)", "reduced-phys-bits", sec.reduced_phys_bits));
  sec.dh_cert = xml::xpath_string(ctxt, "string(./dhCert)");
  sec.session = xml::xpath_string(ctxt, "string(./session)");
  return Status();
}

}  // namespace

Status parse_launch_security(std::optional<LaunchSecurity> &out, xmlXPathContextPtr ctxt) {
  xmlNodePtr node = xml::xpath_node(ctxt, "./launchSecurity");
  if (!node) return Status();
  int type = 0;
  VK_TRY(xml::prop_enum(node, "type", kLaunchSecurityTypes, xml::kPropRequired | xml::kPropNonZero,
                        type));
  LaunchSecurity sec;
  sec.pv = type == 2;
  if (!sec.pv) {
    xmlNodePtr saved = ctxt->node;
    ctxt->node = node;
    Status st = parse_sev(sec, ctxt);
    ctxt->node = saved;
    VK_TRY(st);
  }
  out = std::move(sec);
  return Status();
}

void format_launch_security(xml::Buffer &buf, const std::optional<LaunchSecurity> &sec) {
  if (!sec) return;
  xml::Buffer attrs;
  xml::Buffer child = xml::Buffer::child_of(buf);
  attrs.addf(" type='%s'", sec->pv ? "s390-pv" : "sev");
  if (!sec->pv) {
    if (sec->kernel_hashes)
      attrs.addf(" kernelHashes='%s'", sec->kernel_hashes == 1 ? "yes" : "no");
    if (sec->cbitpos) child.addf("<cbitpos>%d</cbitpos>\n", static_cast<int>(*sec->cbitpos));
    if (sec->reduced_phys_bits)
      child.addf("<reducedPhysBits>%d</reducedPhysBits>\n",
                 static_cast<int>(*sec->reduced_phys_bits));
    child.addf("<policy>0x%04x</policy>\n", sec->policy);
    child.escape("<dhCert>%s</dhCert>\n", sec->dh_cert);
    child.escape("<session>%s</session>\n", sec->session);
  }
  xml::format_element(buf, "launchSecurity", &attrs, &child);
}

}  // namespace virtkit::conf
