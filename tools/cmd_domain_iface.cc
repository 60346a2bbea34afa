// SPDX-License-Identifier: LGPL-2.1-or-later
// virsh's interface device commands (detach-interface, domif-setlink,
// domiftune), change-media and update-memory-device.
#include <sys/stat.h>
#include <climits>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "cmd_domain_device.h"
#include "cmd_domain_xml.h"
#include "util/numbers.h"
#include "virtkit_sh.h"

namespace virtkit_sh {

using domx::Buf;
namespace num = virtkit::util;
using namespace dev;

namespace {

// virshDomainDetachInterface: the interface of TYPE (and MAC) in DOC,
// printed or detached.
bool detach_interface(const std::string &xml, unsigned flags, const virtkit::Domain &d,
                      bool current, const char *type, const char *mac, bool print) {
  domx::Doc doc;
  if (!doc.parse(xml)) {
    error("%s", "Failed to get interface information");
    return false;
  }
  auto nodes = doc.nodes(std::string("/domain/devices/interface[@type='") + type + "']");
  if (!nodes || nodes->empty()) {
    error("No interface found whose type is %s", type);
    return false;
  }
  xmlNodePtr match = nullptr;
  if (mac) {
    for (xmlNodePtr n : *nodes) {
      auto m = doc.string(n, "string(./mac/@address)");
      if (m && mac_compare(m->c_str(), mac) == 0) {
        if (match) {
          error(
              "Domain has multiple interfaces matching MAC address %s. You must use "
              "detach-device and specify the device pci address to remove it.",
              mac);
          return false;
        }
        match = n;
      }
    }
  } else {
    if (nodes->size() > 1) {
      error("Domain has %zu interfaces. Please specify which one to detach using --mac",
            nodes->size());
      return false;
    }
    match = (*nodes)[0];
  }
  if (!match) {
    error("No interface with MAC address %s was found", mac);
    return false;
  }
  std::string out = domx::node_string(doc.doc, match);
  if (print) {
    std::printf("%s", out.c_str());
    return true;
  }
  return detach(d, out, flags, current);
}

}  // namespace

bool cmd_detach_interface(Shell &sh, const Cmd &c) {
  bool current = c.has("current"), config = c.has("config"), live = c.has("live");
  bool persistent = c.has("persistent"), print = c.has("print-xml");
  if (!exclusive(c, "persistent", "current") || !exclusive(c, "current", "live") ||
      !exclusive(c, "current", "config"))
    return false;
  auto d = sh.domain(c);
  if (!d) return false;
  bool ok = false;
  // False where virsh jumps to its failure summary.
  bool finished = [&] {
    const char *type, *mac;
    if (c.string("type", type) < 0 || c.string("mac", mac) < 0) return false;
    bool affect_config = config || persistent;
    if (affect_config) {
      auto doc = xml_desc(*d, VIR_DOMAIN_XML_INACTIVE);
      if (!doc) return false;
      ok = detach_interface(*doc, VIR_DOMAIN_AFFECT_CONFIG, *d, current, type, mac, print);
      if (!ok) return false;
    }
    bool affect_live = live || (persistent && is_active(*d));
    if (affect_live || !affect_config) {
      auto doc = xml_desc(*d, 0);
      if (!doc) return false;
      ok = detach_interface(*doc, affect_live ? VIR_DOMAIN_AFFECT_LIVE : 0, *d, current, type, mac,
                            print);
    }
    return true;
  }();
  if (print && finished) return ok;
  if (!ok)
    error("%s", "Failed to detach interface");
  else
    extra("%s", "Interface detached successfully\n");
  return ok;
}

bool cmd_change_media(Shell &sh, const Cmd &c) {
  bool eject = c.has("eject"), insert = c.has("insert"), update = c.has("update");
  if (!exclusive(c, "eject", "insert") || !exclusive(c, "eject", "update") ||
      !exclusive(c, "insert", "update") || !exclusive(c, "eject", "block"))
    return false;
  const char *source;
  if (c.string("source", source) < 0) return false;
  // --update without a source ejects.
  if (update && !source) {
    update = false;
    eject = true;
  }
  MediaAction action = MediaAction::kUpdate;
  const char *name = "update", *done = "Successfully updated media.";
  if (eject) {
    action = MediaAction::kEject;
    name = "eject";
    done = "Successfully ejected media.";
  }
  if (insert) {
    action = MediaAction::kInsert;
    name = "insert";
    done = "Successfully inserted media.";
  }
  if (update || (!eject && !insert)) {
    action = MediaAction::kUpdate;
    name = "update";
    done = "Successfully updated media.";
  }
  if (!exclusive(c, "current", "live") || !exclusive(c, "current", "config")) return false;
  unsigned flags = VIR_DOMAIN_AFFECT_CURRENT;
  if (c.has("config")) flags |= VIR_DOMAIN_AFFECT_CONFIG;
  if (c.has("live")) flags |= VIR_DOMAIN_AFFECT_LIVE;
  if (c.has("force")) flags |= VIR_DOMAIN_DEVICE_MODIFY_FORCE;
  auto d = sh.domain(c);
  if (!d) return false;
  const char *path;
  if (c.string("path", path) < 0) return false;
  auto doc = xml_desc(*d, flags & VIR_DOMAIN_AFFECT_CONFIG ? VIR_DOMAIN_XML_INACTIVE : 0);
  if (!doc) return false;
  xmlNodePtr disk = find_disk(*doc, path, true);
  if (!disk) return false;
  auto xml = update_disk(disk, source, c.has("block"), path, action);
  xmlFreeNode(disk);
  if (!xml) return false;
  if (c.has("print-xml")) {
    std::printf("%s", xml->c_str());
    return true;
  }
  if (!d->try_update_device(*xml, flags)) {
    error("Failed to complete action %s on media", name);
    return false;
  }
  std::printf("%s", done);
  return true;
}

bool cmd_domif_setlink(Shell &sh, const Cmd &c) {
  auto d = sh.domain(c);
  if (!d) return false;
  const char *iface, *state;
  if (c.string("interface", iface) < 0 || c.string("state", state) < 0) return false;
  if (std::strcmp(state, "up") != 0 && std::strcmp(state, "down") != 0) {
    error("invalid link state '%s'", state);
    return false;
  }
  unsigned flags = VIR_DOMAIN_AFFECT_LIVE, xmlflags = 0;
  if (c.has("config")) {
    flags = VIR_DOMAIN_AFFECT_CONFIG;
    xmlflags = VIR_DOMAIN_XML_INACTIVE;
  }
  if (auto a = d->try_is_active(); a && !*a) flags = VIR_DOMAIN_AFFECT_CONFIG;
  domx::Doc doc;
  if (!domain_xml(*d, xmlflags, doc)) return false;
  auto nodes = doc.nodes("/domain/devices/interface");
  if (!nodes || nodes->empty()) {
    error("Failed to extract interface information or no interfaces found");
    return false;
  }
  xmlNodePtr node = nullptr;
  for (xmlNodePtr n : *nodes) {
    auto mac = doc.string(n, "string(./mac/@address)");
    if (mac && !strcasecmp(mac->c_str(), iface)) {
      node = n;
      break;
    }
    auto target = doc.string(n, "string(./target/@dev)");
    if (target && !strcasecmp(target->c_str(), iface)) {
      node = n;
      break;
    }
  }
  if (!node) {
    error("interface '%s' not found", iface);
    return false;
  }
  xmlNodePtr link = nullptr;
  for (xmlNodePtr ch = node->children; ch && !link; ch = ch->next)
    if (ch->type == XML_ELEMENT_NODE && xmlStrEqual(ch->name, BAD_CAST "link")) link = ch;
  if (!link) link = xmlNewChild(node, nullptr, BAD_CAST "link", nullptr);
  if (xmlHasProp(link, BAD_CAST "state"))
    xmlSetProp(link, BAD_CAST "state", BAD_CAST state);
  else
    xmlNewProp(link, BAD_CAST "state", BAD_CAST state);
  std::string xml = domx::node_string(doc.doc, node);
  if (c.has("print-xml")) {
    std::printf("%s", xml.c_str());
    return true;
  }
  if (!d->try_update_device(xml, flags)) {
    error("Failed to update interface link state");
    return false;
  }
  extra("%s", "Device updated successfully\n");
  return true;
}

bool cmd_domiftune(Shell &sh, const Cmd &c) {
  unsigned flags;
  if (!domx::affect(c, false, flags)) return false;
  auto d = sh.domain(c);
  if (!d) return false;
  const char *device, *inbound_str, *outbound_str;
  if (c.string("interface", device) < 0) return false;
  if (c.string("inbound", inbound_str) < 0 || c.string("outbound", outbound_str) < 0) return false;
  virtkit::TypedParams set;
  bool ok = [&] {
    Rate in, out;
    auto add = [&](const char *field, unsigned long long v) {
      set.add(field, static_cast<unsigned>(v));
    };
    if (inbound_str) {
      if (!parse_rate(inbound_str, in)) return false;
      if (in.average > UINT_MAX || in.peak > UINT_MAX || in.burst > UINT_MAX) {
        error("inbound rate larger than maximum %u", UINT_MAX);
        return false;
      }
      if (!in.average && (in.burst || in.peak) && !in.floor) {
        error("either inbound average or floor is mandatory");
        return false;
      }
      add(VIR_DOMAIN_BANDWIDTH_IN_AVERAGE, in.average);
      if (in.peak) add(VIR_DOMAIN_BANDWIDTH_IN_PEAK, in.peak);
      if (in.burst) add(VIR_DOMAIN_BANDWIDTH_IN_BURST, in.burst);
      if (in.floor) add(VIR_DOMAIN_BANDWIDTH_IN_FLOOR, in.floor);
    }
    if (outbound_str) {
      if (!parse_rate(outbound_str, out)) return false;
      if (out.average > UINT_MAX || out.peak > UINT_MAX || out.burst > UINT_MAX) {
        error("outbound rate larger than maximum %u", UINT_MAX);
        return false;
      }
      if (out.average == 0 && (out.burst || out.peak)) {
        error("outbound average is mandatory");
        return false;
      }
      if (out.floor) {
        error("outbound floor is unsupported yet");
        return false;
      }
      add(VIR_DOMAIN_BANDWIDTH_OUT_AVERAGE, out.average);
      if (out.peak) add(VIR_DOMAIN_BANDWIDTH_OUT_PEAK, out.peak);
      if (out.burst) add(VIR_DOMAIN_BANDWIDTH_OUT_BURST, out.burst);
    }
    if (set.empty()) {
      int nparams = 0;
      // C: virsh reports between the count and the fill
      if (virDomainGetInterfaceParameters(d->get(), device, nullptr, &nparams, flags) != 0) {
        error("%s", "Unable to get number of interface parameters");
        return false;
      }
      if (nparams == 0) return true;
      std::vector<virTypedParameter> got(static_cast<size_t>(nparams));
      // C: the fill of the count above
      if (virDomainGetInterfaceParameters(d->get(), device, got.data(), &nparams, flags) != 0) {
        error("%s", "Unable to get interface parameters");
        return false;
      }
      for (int i = 0; i < nparams; i++)
        std::printf("%-15s: %s\n", got[static_cast<size_t>(i)].field,
                    typed_param_value(got[static_cast<size_t>(i)]).c_str());
      virTypedParamsClear(got.data(), nparams);
      return true;
    }
    if (!d->try_set_interface_parameters(device, set, flags)) {
      error("%s", "Unable to set interface parameters");
      return false;
    }
    return true;
  }();
  return ok;
}

bool cmd_update_memory_device(Shell &sh, const Cmd &c) {
  if (!exclusive(c, "current", "live") || !exclusive(c, "current", "config") ||
      !exclusive(c, "node", "alias"))
    return false;
  unsigned flags = VIR_DOMAIN_AFFECT_CURRENT;
  if (c.has("config")) flags |= VIR_DOMAIN_AFFECT_CONFIG;
  if (c.has("live")) flags |= VIR_DOMAIN_AFFECT_LIVE;
  auto d = sh.domain(c);
  if (!d) return false;
  domx::Doc doc;
  if (!domain_xml(*d, flags & VIR_DOMAIN_AFFECT_CONFIG ? VIR_DOMAIN_XML_INACTIVE : 0, doc))
    return false;
  const char *alias;
  unsigned node = 0;
  if (c.string("alias", alias) < 0 || c.opt_uint("node", node) < 0) return false;
  std::string xpath = "/domain/devices/memory";
  if (c.has("node"))
    xpath += "[./target/node='" + std::to_string(node) + "']";
  else if (alias)
    xpath += std::string("[./alias/@name='") + alias + "']";
  auto mems = doc.nodes(xpath);
  if (!mems) return false;
  if (mems->empty()) {
    error("no memory device found");
    return false;
  }
  if (mems->size() > 1) {
    error("multiple memory devices found, use --alias or --node to select one");
    return false;
  }
  xmlNodePtr mem = (*mems)[0];
  if (c.has("requested-size")) {
    unsigned long long bytes = 0;
    if (c.opt_scaled("requested-size", bytes, 1024, ULLONG_MAX) < 0) return false;
    unsigned long kib = static_cast<unsigned long>(bytes / 1024 + (bytes % 1024 != 0));
    xmlNodePtr requested = nullptr;
    for (xmlNodePtr t = mem->children; t && !requested; t = t->next)
      if (t->type == XML_ELEMENT_NODE && xmlStrEqual(t->name, BAD_CAST "target"))
        for (xmlNodePtr r = t->children; r && !requested; r = r->next)
          if (r->type == XML_ELEMENT_NODE && xmlStrEqual(r->name, BAD_CAST "requested"))
            requested = r;
    if (!requested) {
      error("virtio-mem device is missing <requested/>");
      return false;
    }
    xmlNodeSetContent(requested, BAD_CAST std::to_string(kib).c_str());
  }
  std::string xml = domx::node_string(doc.doc, mem);
  if (c.has("print-xml")) {
    std::printf("%s", xml.c_str());
    return true;
  }
  return d->try_update_device(xml, flags).has_value();
}

}  // namespace virtkit_sh
