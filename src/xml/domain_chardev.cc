// SPDX-License-Identifier: LGPL-2.1-or-later
#include "xml/domain_chardev.h"

#include <libvirt/virterror.h>

#include <sys/socket.h>

#include <algorithm>
#include <cstring>

#include "util/numbers.h"
#include "util/uuid.h"
#include "xml/domain_def.h"

namespace virtkit::conf {
namespace {

constexpr int kFrom = VIR_FROM_DOMAIN;
// VIR_SECURITY_LABEL_BUFLEN - 1: a longer label is ignored.
constexpr size_t kMaxLabel = 4096;
// VIR_MAX_ISA_SERIAL_PORTS.
constexpr int kMaxIsaSerialPorts = 4;

const std::vector<std::string_view> kSourceModes{"connect", "bind"};

template <typename E>
E to_enum(int v) {
  return static_cast<E>(v);
}

std::vector<xmlNodePtr> children_named(xmlNodePtr node, const char *name) {
  std::vector<xmlNodePtr> out;
  for (xmlNodePtr cur = node->children; cur; cur = cur->next)
    if (cur->type == XML_ELEMENT_NODE && xml::name_is(cur, name)) out.push_back(cur);
  return out;
}

const char *yes_no(TristateBool v) {
  return v == TristateBool::yes ? "yes" : "no";
}
const char *on_off(TristateSwitch v) {
  return v == TristateSwitch::on ? "on" : "off";
}

// The source's mode='connect|bind': true for bind.
Result<bool> parse_mode(xmlNodePtr source) {
  int mode = 0;
  VK_TRY(xml::prop_enum(source, "mode", kSourceModes, xml::kPropNone, mode, 0));
  return mode == 1;
}

Status parse_reconnect(xmlNodePtr source, ChrSource &src) {
  xmlNodePtr r = first_child(source, "reconnect");
  if (!r) return Status();
  VK_TRY(prop_tristate(r, "enabled", xml::kPropNone, src.reconnect));
  if (src.reconnect == TristateBool::yes)
    VK_TRY(xml::prop_uint(r, "timeout", 10, xml::kPropRequired, src.reconnect_timeout));
  return Status();
}

void format_reconnect(xml::Buffer &buf, const ChrSource &src) {
  if (src.reconnect == TristateBool::absent) return;
  buf.addf("<reconnect enabled='%s'", yes_no(src.reconnect));
  if (src.reconnect == TristateBool::yes) buf.addf(" timeout='%u'", src.reconnect_timeout);
  buf.add("/>\n");
}

Status parse_udp(xmlNodePtr source, ChrSource &src) {
  auto bind = parse_mode(source);
  VK_TRY(bind);
  // Each mode's first <source> counts.
  if (!*bind && !src.connect_host && !src.connect_service) {
    src.connect_host = xml::prop(source, "host");
    src.connect_service = xml::prop(source, "service");
  } else if (*bind && !src.bind_host && !src.bind_service) {
    src.bind_host = xml::prop(source, "host");
    src.bind_service = xml::prop(source, "service");
  }
  return Status();
}

Status parse_vdagent(xmlNodePtr source, ChrSource &src) {
  if (xmlNodePtr c = first_child(source, "clipboard"))
    VK_TRY(prop_tristate(c, "copypaste", xml::kPropRequired, src.clipboard));
  if (xmlNodePtr m = first_child(source, "mouse")) {
    int mode = 0;
    VK_TRY(
        xml::prop_enum(m, "mode", kMouseModeNames, xml::kPropRequired | xml::kPropNonZero, mode));
    src.mouse = to_enum<MouseMode>(mode);
  }
  return Status();
}

Status parse_target(xmlNodePtr target, unsigned flags, Chr &chr) {
  auto type = xml::prop(target, "type");
  int t = 0;
  switch (chr.device) {
    case ChrDeviceType::channel:
      // A channel needs a type (an absent one is reported as unknown).
      t = type ? xml::enum_from_string(kChrChannelTargetTypeNames, *type) : -1;
      break;
    case ChrDeviceType::console:
      t = type ? xml::enum_from_string(kChrConsoleTargetTypeNames, *type) : 0;
      break;
    case ChrDeviceType::serial:
      t = type ? xml::enum_from_string(kChrSerialTargetTypeNames, *type) : 0;
      break;
    case ChrDeviceType::parallel:
      break;
  }
  if (t < 0)
    return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED,
                 "unknown target type '%s' specified for character device",
                 type ? type->c_str() : "(null)");
  chr.target_type = t;

  xmlNodePtr model = first_child(target, "model");
  auto model_name = model ? xml::prop(model, "name") : std::nullopt;
  if (model_name && model_name->empty()) model_name.reset();
  if (model_name && chr.device == ChrDeviceType::serial) {
    int m = xml::enum_from_string(kChrSerialTargetModelNames, *model_name);
    if (m < 0)
      return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED,
                   "unknown target model '%s' specified for character device", model_name->c_str());
    chr.target_model = to_enum<ChrSerialTargetModel>(m);
  }

  if (chr.device == ChrDeviceType::channel) {
    auto ct = to_enum<ChrChannelTargetType>(chr.target_type);
    if (ct == ChrChannelTargetType::guestfwd) {
      auto addr = xml::prop(target, "address");
      if (!addr)
        return error(kFrom, VIR_ERR_XML_ERROR, "%s",
                     "guestfwd channel does not define a target address");
      VK_TRY(util::parse_sockaddr(chr.guestfwd_addr, *addr, AF_UNSPEC));
      if (chr.guestfwd_addr.family != AF_INET)
        return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                     "guestfwd channel only supports IPv4 addresses");
      unsigned port = 0;
      VK_TRY(xml::prop_uint(target, "port", 10, xml::kPropRequired, port));
      chr.guestfwd_port = port & 0xffff;  // a socket address holds 16 bits
    } else if (ct == ChrChannelTargetType::xen || ct == ChrChannelTargetType::virtio) {
      chr.target_name = xml::prop(target, "name");
      if (ct == ChrChannelTargetType::virtio && !(flags & kParseInactive)) {
        int state = 0;
        VK_TRY(xml::prop_enum(target, "state", kChrDeviceStateNames, xml::kPropNonZero, state));
        chr.state = to_enum<ChrDeviceState>(state);
      }
    }
    return Status();
  }
  auto port = xml::prop(target, "port");
  if (!port) {
    chr.port = -1;
    return Status();
  }
  unsigned p = 0;
  if (!util::str_to_ui(port->c_str(), 10, p))
    return error(kFrom, VIR_ERR_XML_ERROR, "Invalid port number: %s", port->c_str());
  chr.port = static_cast<int>(p);
  return Status();
}

const char *target_type_name(const Chr &chr) {
  switch (chr.device) {
    case ChrDeviceType::channel:
      return to_string(to_enum<ChrChannelTargetType>(chr.target_type));
    case ChrDeviceType::console:
      return to_string(to_enum<ChrConsoleTargetType>(chr.target_type));
    case ChrDeviceType::serial:
      return to_string(to_enum<ChrSerialTargetType>(chr.target_type));
    case ChrDeviceType::parallel:
      break;
  }
  return nullptr;
}

void format_target(xml::Buffer &buf, const Chr &chr, unsigned flags) {
  switch (chr.device) {
    case ChrDeviceType::channel: {
      buf.addf("<target type='%s'", target_type_name(chr));
      auto ct = to_enum<ChrChannelTargetType>(chr.target_type);
      if (ct == ChrChannelTargetType::guestfwd) {
        buf.addf(" address='%s' port='%d'", chr.guestfwd_addr.format().c_str(),
                 static_cast<int>(chr.guestfwd_port));
      } else if (ct == ChrChannelTargetType::xen || ct == ChrChannelTargetType::virtio) {
        buf.escape(" name='%s'", chr.target_name);
        if (ct == ChrChannelTargetType::virtio && chr.state != ChrDeviceState::default_ &&
            !(flags & kFormatInactive))
          buf.addf(" state='%s'", to_string(chr.state));
      }
      buf.add("/>\n");
      break;
    }
    case ChrDeviceType::console:
      buf.addf("<target type='%s' port='%d'/>\n", target_type_name(chr), chr.port);
      break;
    case ChrDeviceType::serial:
      buf.add("<target ");
      if (chr.target_type != 0) buf.addf("type='%s' ", target_type_name(chr));
      buf.addf("port='%d'", chr.port);
      if (chr.target_model != ChrSerialTargetModel::none) {
        buf.add(">\n");
        buf.indent(2);
        buf.addf("<model name='%s'/>\n", to_string(chr.target_model));
        buf.indent(-2);
        buf.add("</target>\n");
      } else {
        buf.add("/>\n");
      }
      break;
    case ChrDeviceType::parallel:
      buf.addf("<target port='%d'/>\n", chr.port);
      break;
  }
}

// virDomainChrSourceDefValidateChannelName.
Status check_channel_name(const std::optional<std::string> &name) {
  if (!name)
    return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                 "Missing source channel attribute for char device");
  static const char kAllowed[] =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.";
  if (std::strspn(name->c_str(), kAllowed) < name->size())
    return error(kFrom, VIR_ERR_INVALID_ARG, "%s",
                 "Invalid character in source channel for char device");
  return Status();
}

// virDomainChrSourceDefValidate (the device labels' check against the
// domain's is not made: domain <seclabel>s are not modelled yet).
Status validate_source(const ChrSource &s, const Chr *chr) {
  switch (s.type) {
    case ChrType::file:
    case ChrType::dev:
    case ChrType::pipe:
      if (!s.path)
        return error(kFrom, VIR_ERR_INTERNAL_ERROR, "%s",
                     "Missing source path attribute for char device");
      break;
    case ChrType::nmdm:
      if (s.master.has_value() != s.slave.has_value())
        return error(kFrom, VIR_ERR_INTERNAL_ERROR, "%s",
                     "Should define both master and slave path attributes for nmdm device");
      break;
    case ChrType::tcp:
      if (!s.host)
        return error(kFrom, VIR_ERR_INTERNAL_ERROR, "%s",
                     "Missing source host attribute for char device");
      if (!s.service)
        return error(kFrom, VIR_ERR_INTERNAL_ERROR, "%s",
                     "Missing source service attribute for char device");
      if (s.listen && s.reconnect != TristateBool::absent)
        return error(kFrom, VIR_ERR_INTERNAL_ERROR, "%s",
                     "chardev reconnect is possible only for connect mode");
      break;
    case ChrType::udp:
      if (!s.connect_service)
        return error(kFrom, VIR_ERR_INTERNAL_ERROR, "%s",
                     "Missing source service attribute for char device");
      break;
    case ChrType::unix_: {
      // virtio and xen channels may have their path made up.
      bool may_omit = chr && chr->device == ChrDeviceType::channel &&
                      (chr->target_type == static_cast<int>(ChrChannelTargetType::xen) ||
                       chr->target_type == static_cast<int>(ChrChannelTargetType::virtio));
      if (!s.path && !may_omit)
        return error(kFrom, VIR_ERR_INTERNAL_ERROR, "%s",
                     "Missing source path attribute for char device");
      if (s.listen && s.reconnect != TristateBool::absent)
        return error(kFrom, VIR_ERR_INTERNAL_ERROR, "%s",
                     "chardev reconnect is possible only for connect mode");
      break;
    }
    case ChrType::spiceport:
    case ChrType::dbus:
      VK_TRY(check_channel_name(s.channel));
      break;
    default:
      break;
  }
  return Status();
}

}  // namespace

Status parse_seclabels(xmlXPathContextPtr ctxt, unsigned parse_flags, std::vector<Seclabel> &out) {
  std::vector<xmlNodePtr> nodes = children_named(ctxt->node, "seclabel");
  if (nodes.empty()) return Status();
  // string(./NAME[1]) with libvirt's length limit: nullopt when absent,
  // empty or too long.
  auto text_of = [](xmlNodePtr n, const char *name) -> std::optional<std::string> {
    xmlNodePtr c = first_child(n, name);
    if (!c) return std::nullopt;
    std::string t = xml::content(c);
    if (t.empty() || t.size() > kMaxLabel) return std::nullopt;
    return t;
  };
  std::vector<Seclabel> labels;
  for (xmlNodePtr n : nodes) {
    Seclabel l;
    l.model = xml::prop(n, "model");
    if (l.model && l.model->size() > 256) l.model.reset();  // VIR_SECURITY_MODEL_BUFLEN
    int type = static_cast<int>(SeclabelType::dynamic);
    VK_TRY(xml::prop_enum(n, "type", kSeclabelTypeNames, xml::kPropNonZero, type, type));
    l.type = to_enum<SeclabelType>(type);
    if (l.type == SeclabelType::static_ || l.type == SeclabelType::none) l.relabel = false;
    TristateBool relabel = TristateBool::absent;
    VK_TRY(prop_tristate(n, "relabel", xml::kPropNone, relabel));
    if (relabel != TristateBool::absent) l.relabel = relabel == TristateBool::yes;
    if (l.type == SeclabelType::dynamic && !l.relabel)
      return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                   "dynamic label type must use resource relabeling");
    if (l.type == SeclabelType::none && l.relabel)
      return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                   "resource relabeling is not compatible with 'none' label type");
    bool inactive = parse_flags & kParseInactive;
    if (l.model == "none") {
      if (inactive) {
        l.type = SeclabelType::none;  // older configurations
        l.relabel = false;
      } else if (l.type != SeclabelType::none) {
        return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED, "unsupported type='%s' to model 'none'",
                     to_string(l.type));
      }
    } else {
      if (l.type == SeclabelType::static_ || (!inactive && l.type != SeclabelType::none)) {
        l.label = text_of(n, "label");
        if (!l.label) return error(kFrom, VIR_ERR_XML_ERROR, "%s", "security label is missing");
      }
      if (l.relabel && !inactive && l.type != SeclabelType::none) {
        l.imagelabel = text_of(n, "imagelabel");
        if (!l.imagelabel)
          return error(kFrom, VIR_ERR_XML_ERROR, "%s", "security imagelabel is missing");
      }
      if (l.type == SeclabelType::dynamic) l.baselabel = text_of(n, "baselabel");
    }
    for (const Seclabel &o : labels)
      if (o.model == l.model)
        return error(kFrom, VIR_ERR_XML_DETAIL, "seclabel for model %s is already provided",
                     l.model ? l.model->c_str() : "(null)");
    labels.push_back(std::move(l));
  }
  // The test driver has no default security model to fill in.
  if (labels.size() > 1)
    for (const Seclabel &l : labels)
      if (!l.model)
        return error(kFrom, VIR_ERR_XML_ERROR, "%s",
                     "missing security model when using multiple labels");
  out = std::move(labels);
  return Status();
}

void format_seclabels(xml::Buffer &buf, const std::vector<Seclabel> &labels) {
  for (const Seclabel &l : labels) {
    if (l.type == SeclabelType::default_) continue;
    buf.addf("<seclabel type='%s'", to_string(l.type));
    buf.escape(" model='%s'", l.model);
    if (l.type == SeclabelType::none) {
      buf.add("/>\n");
      continue;
    }
    buf.addf(" relabel='%s'", l.relabel ? "yes" : "no");
    if (!l.label && !l.imagelabel && !l.baselabel) {
      buf.add("/>\n");
      continue;
    }
    buf.add(">\n");
    buf.indent(2);
    buf.escape("<label>%s</label>\n", l.label);
    if (l.relabel) buf.escape("<imagelabel>%s</imagelabel>\n", l.imagelabel);
    if (l.type == SeclabelType::dynamic) buf.escape("<baselabel>%s</baselabel>\n", l.baselabel);
    buf.indent(-2);
    buf.add("</seclabel>\n");
  }
}

Status parse_device_seclabels(xmlNodePtr node, unsigned parse_flags,
                              std::vector<DeviceSeclabel> &out) {
  std::vector<xmlNodePtr> nodes = children_named(node, "seclabel");
  std::vector<DeviceSeclabel> labels(nodes.size());
  for (size_t i = 0; i < nodes.size(); i++) {
    DeviceSeclabel &l = labels[i];
    if (auto model = xml::prop(nodes[i], "model")) {
      for (size_t j = 0; j < i; j++)
        if (labels[j].model == model)
          return error(kFrom, VIR_ERR_XML_DETAIL, "seclabel for model %s is already provided",
                       model->c_str());
      l.model = std::move(model);
    }
    TristateBool relabel = TristateBool::absent;
    VK_TRY(prop_tristate(nodes[i], "relabel", xml::kPropNone, relabel));
    l.relabel = relabel != TristateBool::no;
    if (!(parse_flags & kParseInactive)) {
      TristateBool skip = TristateBool::absent;
      VK_TRY(prop_tristate(nodes[i], "labelskip", xml::kPropNone, skip));
      l.labelskip = skip == TristateBool::yes;
    }
    // string(./label): the first <label>'s text; empty counts as none.
    if (xmlNodePtr label = first_child(nodes[i], "label")) {
      std::string text = xml::content(label);
      if (!text.empty() && text.size() <= kMaxLabel) l.label = std::move(text);
    }
    if (l.label && !l.relabel)
      return error(kFrom, VIR_ERR_XML_ERROR,
                   "Cannot specify a label if relabelling is turned off. model=%s",
                   l.model ? l.model->c_str() : "<null>");
  }
  out = std::move(labels);
  return Status();
}

void format_device_seclabels(xml::Buffer &buf, const std::vector<DeviceSeclabel> &labels,
                             unsigned format_flags) {
  for (const DeviceSeclabel &l : labels) {
    // Inactive XML leaves out a label-less override that relabels.
    if ((format_flags & kFormatInactive) && !l.label && l.relabel) continue;
    buf.add("<seclabel");
    buf.escape(" model='%s'", l.model);
    if (l.labelskip)
      buf.add(" labelskip='yes'");
    else
      buf.addf(" relabel='%s'", l.relabel ? "yes" : "no");
    if (l.label) {
      buf.add(">\n");
      buf.indent(2);
      buf.escape("<label>%s</label>\n", l.label);
      buf.indent(-2);
      buf.add("</seclabel>\n");
    } else {
      buf.add("/>\n");
    }
  }
}

Status parse_chr_source(xmlNodePtr node, unsigned parse_flags, bool chr_device, ChrSource &src) {
  std::vector<xmlNodePtr> sources = children_named(node, "source");
  if (!sources.empty()) {
    if (sources.size() > 1 && src.type != ChrType::udp)
      return error(kFrom, VIR_ERR_XML_ERROR, "%s",
                   "only one source element is allowed for character device");
    if (sources.size() > 2)
      return error(kFrom, VIR_ERR_XML_ERROR, "%s",
                   "only two source elements are allowed for character device");
    xmlNodePtr s = sources[0];
    switch (src.type) {
      case ChrType::file:
        src.path = xml::prop(s, "path");
        VK_TRY(prop_tristate(s, "append", xml::kPropNone, src.append));
        break;
      case ChrType::pty:
        if (!(parse_flags & kParseInactive)) src.path = xml::prop(s, "path");
        break;
      case ChrType::dev:
      case ChrType::pipe:
        src.path = xml::prop(s, "path");
        break;
      case ChrType::unix_: {
        auto bind = parse_mode(s);
        VK_TRY(bind);
        src.listen = *bind;
        src.path = xml::prop(s, "path");
        VK_TRY(parse_reconnect(s, src));
        break;
      }
      case ChrType::udp:
        VK_TRY(parse_udp(s, src));
        if (sources.size() == 2) VK_TRY(parse_udp(sources[1], src));
        break;
      case ChrType::tcp: {
        auto bind = parse_mode(s);
        VK_TRY(bind);
        src.listen = *bind;
        src.host = xml::prop(s, "host");
        src.service = xml::prop(s, "service");
        VK_TRY(prop_tristate(s, "tls", xml::kPropNone, src.tls));
        VK_TRY(parse_reconnect(s, src));
        break;
      }
      case ChrType::spiceport:
      case ChrType::dbus:
        src.channel = xml::prop(s, "channel");
        break;
      case ChrType::nmdm:
        src.master = xml::prop(s, "master");
        src.slave = xml::prop(s, "slave");
        break;
      case ChrType::qemu_vdagent:
        VK_TRY(parse_vdagent(s, src));
        break;
      default:
        break;
    }
    if (chr_device) VK_TRY(parse_device_seclabels(s, parse_flags, src.seclabels));
  }
  std::vector<xmlNodePtr> logs = children_named(node, "log");
  if (logs.size() > 1)
    return error(kFrom, VIR_ERR_XML_ERROR, "%s",
                 "only one log element is allowed for character device");
  if (logs.size() == 1) {
    src.logfile = xml::prop(logs[0], "file");
    VK_TRY(prop_tristate(logs[0], "append", xml::kPropNone, src.logappend));
  }
  std::vector<xmlNodePtr> protocols = children_named(node, "protocol");
  if (protocols.size() > 1)
    return error(kFrom, VIR_ERR_XML_ERROR, "%s",
                 "only one protocol element is allowed for character device");
  if (protocols.size() == 1 && src.type == ChrType::tcp) {
    if (auto p = xml::prop(protocols[0], "type")) {
      int v = xml::enum_from_string(kChrTcpProtocolNames, *p);
      if (v < 0)
        return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED, "Unknown protocol '%s'", p->c_str());
      src.protocol = to_enum<ChrTcpProtocol>(v);
    }
  }
  return Status();
}

void format_chr_source(xml::Buffer &buf, const ChrSource &src, unsigned format_flags) {
  xml::Buffer attrs;
  xml::Buffer children = xml::Buffer::child_of(buf);
  switch (src.type) {
    case ChrType::qemu_vdagent:
      if (src.mouse != MouseMode::default_ || src.clipboard != TristateBool::absent) {
        buf.add("<source>\n");
        buf.indent(2);
        if (src.clipboard != TristateBool::absent)
          buf.addf("<clipboard copypaste='%s'/>\n", yes_no(src.clipboard));
        if (src.mouse != MouseMode::default_)
          buf.addf("<mouse mode='%s'/>\n", to_string(src.mouse));
        buf.indent(-2);
        buf.add("</source>\n");
      }
      break;
    case ChrType::pty:
    case ChrType::dev:
    case ChrType::file:
    case ChrType::pipe:
      if (src.type != ChrType::pty || (src.path && !(format_flags & kFormatInactive))) {
        attrs.escape(" path='%s'", src.path);
        if (src.type == ChrType::file && src.append != TristateSwitch::absent)
          attrs.addf(" append='%s'", on_off(src.append));
        format_device_seclabels(children, src.seclabels, format_flags);
        xml::format_element(buf, "source", &attrs, &children);
      }
      break;
    case ChrType::nmdm:
      // libvirt prints both halves even when one is missing.
      buf.escape("<source master='%s' ", src.master);
      buf.escape("slave='%s'/>\n", src.slave);
      break;
    case ChrType::udp:
      if (src.bind_service || src.bind_host) {
        buf.add("<source mode='bind'");
        buf.escape(" host='%s'", src.bind_host);
        buf.escape(" service='%s'", src.bind_service);
        buf.add("/>\n");
      }
      if (src.connect_service || src.connect_host) {
        buf.add("<source mode='connect'");
        buf.escape(" host='%s'", src.connect_host);
        buf.escape(" service='%s'", src.connect_service);
        buf.add("/>\n");
      }
      break;
    case ChrType::tcp:
      attrs.addf(" mode='%s' ", src.listen ? "bind" : "connect");
      attrs.escape("host='%s' ", src.host);
      attrs.escape("service='%s'", src.service);
      if (src.tls != TristateBool::absent) attrs.addf(" tls='%s'", yes_no(src.tls));
      format_reconnect(children, src);
      xml::format_element(buf, "source", &attrs, &children);
      buf.addf("<protocol type='%s'/>\n", to_string(src.protocol));
      break;
    case ChrType::unix_:
      if (src.path) {
        attrs.addf(" mode='%s'", src.listen ? "bind" : "connect");
        attrs.escape(" path='%s'", src.path);
        format_device_seclabels(children, src.seclabels, format_flags);
        format_reconnect(children, src);
        xml::format_element(buf, "source", &attrs, &children);
      }
      break;
    case ChrType::spiceport:
    case ChrType::dbus:
      buf.escape("<source channel='%s'/>\n", src.channel);
      break;
    default:
      break;
  }
  if (src.logfile) {
    buf.escape("<log file='%s'", src.logfile);
    if (src.logappend != TristateSwitch::absent) buf.addf(" append='%s'", on_off(src.logappend));
    buf.add("/>\n");
  }
}

bool same_chr_source(const ChrSource &a, const ChrSource &b) {
  if (a.type != b.type) return false;
  switch (a.type) {
    case ChrType::file:
      return a.append == b.append && a.path == b.path;
    case ChrType::pty:
    case ChrType::dev:
    case ChrType::pipe:
      return a.path == b.path;
    case ChrType::nmdm:
      return a.master == b.master && a.slave == b.slave;
    case ChrType::udp:
      return a.bind_host == b.bind_host && a.bind_service == b.bind_service &&
             a.connect_host == b.connect_host && a.connect_service == b.connect_service;
    case ChrType::tcp:
      return a.listen == b.listen && a.protocol == b.protocol && a.host == b.host &&
             a.service == b.service && a.reconnect == b.reconnect &&
             a.reconnect_timeout == b.reconnect_timeout;
    case ChrType::unix_:
      return a.listen == b.listen && a.path == b.path && a.reconnect == b.reconnect &&
             a.reconnect_timeout == b.reconnect_timeout;
    case ChrType::spiceport:
    case ChrType::dbus:
      return a.channel == b.channel;
    case ChrType::spicevmc:
      return a.spicevmc == b.spicevmc;
    case ChrType::qemu_vdagent:
      return a.clipboard == b.clipboard && a.mouse == b.mouse;
    default:
      return true;
  }
}

bool same_chr(const Chr &a, const Chr &b) {
  if (a.device != b.device || !same_chr_source(a.source, b.source)) return false;
  switch (a.device) {
    case ChrDeviceType::channel:
      if (a.target_type != b.target_type) return false;
      switch (static_cast<ChrChannelTargetType>(a.target_type)) {
        case ChrChannelTargetType::xen:
        case ChrChannelTargetType::virtio:
          return a.target_name == b.target_name;
        case ChrChannelTargetType::guestfwd:
          return a.guestfwd_addr == b.guestfwd_addr && a.guestfwd_port == b.guestfwd_port;
        default:
          return false;
      }
    case ChrDeviceType::serial:
      if (a.target_type != b.target_type) return false;
      return a.port == b.port;
    default:
      return a.port == b.port;
  }
}

Result<Chr> parse_chr(xmlNodePtr node, unsigned parse_flags) {
  Chr chr;
  if (auto type = xml::prop(node, "type")) {
    int t = xml::enum_from_string(kChrTypeNames, *type);
    if (t < 0)
      return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED,
                   "unknown type presented to host for character device: %s", type->c_str());
    chr.source.type = to_enum<ChrType>(t);
  }
  int device = xml::enum_from_string(kChrDeviceTypeNames, xml::name_of(node));
  if (device < 0)
    return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED, "unknown character device type: %s",
                 xml::name_of(node));
  chr.device = to_enum<ChrDeviceType>(device);
  if (xmlNodePtr target = first_child(node, "target")) {
    VK_TRY(parse_target(target, parse_flags, chr));
  } else if (chr.device == ChrDeviceType::channel) {
    return error(kFrom, VIR_ERR_XML_ERROR, "target type must be specified for %s device",
                 to_string(chr.device));
  }
  VK_TRY(parse_chr_source(node, parse_flags, true, chr.source));
  if (chr.source.type == ChrType::spicevmc) {
    if (chr.target_type != static_cast<int>(ChrChannelTargetType::virtio))
      return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                   "spicevmc device type only supports virtio");
    chr.source.spicevmc = ChrSpicevmc::vdagent;
  }
  VK_TRY(parse_device_info(node, chr.info, false));
  if (chr.device == ChrDeviceType::serial &&
      chr.target_type == static_cast<int>(ChrSerialTargetType::usb_serial) &&
      chr.info.addr.type != Address::none && chr.info.addr.type != Address::usb)
    return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                 "usb-serial requires address of usb type");
  return chr;
}

void format_chr(xml::Buffer &buf, const Chr &chr, unsigned format_flags) {
  const char *name = to_string(chr.device);
  buf.addf("<%s", name);
  buf.indent(2);
  buf.addf(" type='%s'", to_string(chr.source.type));
  // The legacy <console tty='...'> of a live pty console.
  if (chr.device == ChrDeviceType::console && chr.port == 0 && chr.source.type == ChrType::pty &&
      !(format_flags & kFormatInactive) && chr.source.path)
    buf.escape(" tty='%s'", chr.source.path);
  buf.add(">\n");
  format_chr_source(buf, chr.source, format_flags);
  format_target(buf, chr, format_flags);
  format_device_info(buf, chr.info, false);
  buf.indent(-2);
  buf.addf("</%s>\n", name);
}

// ---- <rng> ----

Result<Rng> parse_rng(xmlNodePtr node, unsigned parse_flags) {
  Rng rng;
  auto model = xml::prop(node, "model");
  if (!model) return error(kFrom, VIR_ERR_XML_ERROR, "%s", "missing RNG device model");
  int m = xml::enum_from_string(kRngModelNames, *model);
  if (m < 0)
    return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED, "unknown RNG model '%s'", model->c_str());
  rng.model = to_enum<RngModel>(m);
  // virXPathUInt on the first <rate>'s attributes: empty is absent.
  auto rate_attr = [&](const char *name, unsigned &out, const char *message) -> Status {
    xmlNodePtr rate = first_child(node, "rate");
    auto v = rate ? xml::prop(rate, name) : std::nullopt;
    if (v && !v->empty() && !util::str_to_uip(v->c_str(), 10, out))
      return error(kFrom, VIR_ERR_XML_ERROR, "%s", message);
    return Status();
  };
  VK_TRY(rate_attr("bytes", rng.rate, "invalid RNG rate bytes value"));
  if (rng.rate > 0) VK_TRY(rate_attr("period", rng.period, "invalid RNG rate period value"));
  std::vector<xmlNodePtr> backends = children_named(node, "backend");
  if (backends.size() != 1)
    return error(kFrom, VIR_ERR_XML_ERROR, "%s", "only one RNG backend is supported");
  xmlNodePtr backend = backends[0];
  auto bmodel = xml::prop(backend, "model");
  if (!bmodel) return error(kFrom, VIR_ERR_XML_ERROR, "%s", "missing RNG device backend model");
  int b = xml::enum_from_string(kRngBackendNames, *bmodel);
  if (b < 0)
    return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED, "unknown RNG backend model '%s'",
                 bmodel->c_str());
  rng.backend = to_enum<RngBackend>(b);
  if (rng.backend == RngBackend::random) {
    std::string file = xml::content(backend);
    if (!file.empty()) rng.file = std::move(file);
  } else if (rng.backend == RngBackend::egd) {
    auto type = xml::prop(backend, "type");
    if (!type) return error(kFrom, VIR_ERR_XML_ERROR, "%s", "missing EGD backend type");
    int t = xml::enum_from_string(kChrTypeNames, *type);
    if (t < 0)
      return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED, "unknown backend type '%s' for egd",
                   type->c_str());
    rng.chardev.type = to_enum<ChrType>(t);
    VK_TRY(parse_chr_source(backend, parse_flags, false, rng.chardev));
  }
  VK_TRY(parse_device_info(node, rng.info, false));
  if (xmlNodePtr driver = first_child(node, "driver")) VK_TRY(parse(driver, rng.virtio.emplace()));
  // virDomainRNGDefPostParse.
  if (rng.backend == RngBackend::random && !rng.file) rng.file = "/dev/random";
  return rng;
}

void format_rng(xml::Buffer &buf, const Rng &rng, unsigned format_flags) {
  buf.addf("<rng model='%s'>\n", to_string(rng.model));
  buf.indent(2);
  if (rng.rate) {
    buf.addf("<rate bytes='%u'", rng.rate);
    if (rng.period) buf.addf(" period='%u'", rng.period);
    buf.add("/>\n");
  }
  buf.addf("<backend model='%s'", to_string(rng.backend));
  switch (rng.backend) {
    case RngBackend::random:
      buf.escape(">%s</backend>\n", rng.file);
      break;
    case RngBackend::egd:
      buf.addf(" type='%s'>\n", to_string(rng.chardev.type));
      buf.indent(2);
      format_chr_source(buf, rng.chardev, format_flags);
      buf.indent(-2);
      buf.add("</backend>\n");
      break;
    case RngBackend::builtin:
      buf.add("/>\n");
      break;
  }
  if (rng.virtio) format(buf, *rng.virtio);
  format_device_info(buf, rng.info, false);
  buf.indent(-2);
  buf.add("</rng>\n");
}

// ---- <smartcard> ----

Result<Smartcard> parse_smartcard(xmlNodePtr node, unsigned parse_flags) {
  Smartcard card;
  int mode = 0;
  VK_TRY(xml::prop_enum(node, "mode", kSmartcardModeNames, xml::kPropRequired, mode));
  card.mode = to_enum<SmartcardMode>(mode);
  if (card.mode == SmartcardMode::host_certificates) {
    std::vector<xmlNodePtr> certs = children_named(node, "certificate");
    if (certs.size() != 3)
      return error(kFrom, VIR_ERR_XML_ERROR, "%s",
                   "host-certificates mode needs exactly three certificates");
    for (xmlNodePtr c : certs) card.certificates.push_back(xml::content(c));
    if (xmlNodePtr db = first_child(node, "database")) {
      // string(./database/text()): the first text child.
      std::string text;
      for (xmlNodePtr t = db->children; t; t = t->next)
        if (t->type == XML_TEXT_NODE || t->type == XML_CDATA_SECTION_NODE) {
          text = xml::content(t);
          break;
        }
      // libvirt fails here without saying why.
      if (text.empty()) return Status(generic_record());
      if (text[0] != '/')
        return error(kFrom, VIR_ERR_XML_ERROR, "expecting absolute path: %s", text.c_str());
      card.database = std::move(text);
    }
  } else if (card.mode == SmartcardMode::passthrough) {
    auto type = xml::prop(node, "type");
    if (!type)
      return error(kFrom, VIR_ERR_XML_ERROR, "%s",
                   "passthrough mode requires a character device type attribute");
    int t = xml::enum_from_string(kChrTypeNames, *type);
    if (t < 0)
      return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED,
                   "unknown type presented to host for character device: %s", type->c_str());
    card.passthru.type = to_enum<ChrType>(t);
    VK_TRY(parse_chr_source(node, parse_flags, false, card.passthru));
    if (card.passthru.type == ChrType::spicevmc) card.passthru.spicevmc = ChrSpicevmc::smartcard;
  }
  VK_TRY(parse_device_info(node, card.info, false));
  return card;
}

void format_smartcard(xml::Buffer &buf, const Smartcard &card, unsigned format_flags) {
  xml::Buffer attrs;
  xml::Buffer children = xml::Buffer::child_of(buf);
  if (card.mode == SmartcardMode::host_certificates) {
    for (const std::string &c : card.certificates)
      children.escape("<certificate>%s</certificate>\n", c.c_str());
    children.escape("<database>%s</database>\n", card.database);
  } else if (card.mode == SmartcardMode::passthrough) {
    format_chr_source(children, card.passthru, format_flags);
  }
  format_device_info(children, card.info, false);
  attrs.addf(" mode='%s'", to_string(card.mode));
  if (card.mode == SmartcardMode::passthrough)
    attrs.addf(" type='%s'", to_string(card.passthru.type));
  xml::format_element(buf, "smartcard", &attrs, &children);
}

// ---- <redirdev>, <redirfilter> ----

Result<Redirdev> parse_redirdev(xmlNodePtr node, unsigned parse_flags) {
  Redirdev dev;
  if (auto bus = xml::prop(node, "bus"); bus && xml::enum_from_string(kRedirdevBusNames, *bus) < 0)
    return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED, "unknown redirdev bus '%s'", bus->c_str());
  auto type = xml::prop(node, "type");
  if (!type) return error(kFrom, VIR_ERR_INTERNAL_ERROR, "%s", "missing type in redirdev");
  int t = xml::enum_from_string(kChrTypeNames, *type);
  if (t < 0)
    return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED, "unknown redirdev character device type '%s'",
                 type->c_str());
  dev.source.type = to_enum<ChrType>(t);
  VK_TRY(parse_chr_source(node, parse_flags, false, dev.source));
  if (dev.source.type == ChrType::spicevmc) dev.source.spicevmc = ChrSpicevmc::usbredir;
  if (dev.source.type == ChrType::dbus && !dev.source.channel)
    dev.source.channel = "org.qemu.usbredir";
  VK_TRY(parse_device_info(node, dev.info, true));
  if (dev.info.addr.type != Address::none && dev.info.addr.type != Address::usb)
    return error(kFrom, VIR_ERR_XML_ERROR, "%s", "Invalid address for a USB device");
  return dev;
}

void format_redirdev(xml::Buffer &buf, const Redirdev &dev, unsigned format_flags) {
  buf.addf("<redirdev bus='usb' type='%s'>\n", to_string(dev.source.type));
  buf.indent(2);
  format_chr_source(buf, dev.source, format_flags);
  format_device_info(buf, dev.info, true);
  buf.indent(-2);
  buf.add("</redirdev>\n");
}

namespace {

// virDomainRedirFilterUSBVersionHelper: "JJ.MN" as 0xJJMN ("JJ.M" is JJ.M0).
bool parse_usb_version(const std::string &text, int &out) {
  const char *s = text.c_str(), *p = nullptr;
  unsigned major = 0, minor = 0;
  if (!util::str_to_ui(s, &p, 10, major) || *p++ != '.' || !util::str_to_ui(p, 10, minor))
    return false;
  if (major >= 100 || minor >= 100) return false;
  if (std::strlen(p) == 1) minor *= 10;
  out = static_cast<int>((major / 10) << 12 | (major % 10) << 8 | (minor / 10) << 4 | (minor % 10));
  return true;
}

}  // namespace

Status parse_redirfilter(xmlNodePtr node, std::vector<RedirFilterUsbDev> &out) {
  for (xmlNodePtr n : children_named(node, "usbdev")) {
    RedirFilterUsbDev d;
    VK_TRY(xml::prop_int(n, "class", 0, xml::kPropNone, d.usb_class, -1));
    if (d.usb_class != -1 && (d.usb_class & ~0xFF))
      return error(kFrom, VIR_ERR_INTERNAL_ERROR, "Invalid USB Class code 0x%x",
                   static_cast<unsigned>(d.usb_class));
    VK_TRY(xml::prop_int(n, "vendor", 0, xml::kPropNone, d.vendor, -1));
    VK_TRY(xml::prop_int(n, "product", 0, xml::kPropNone, d.product, -1));
    if (auto v = xml::prop(n, "version"); v && *v != "-1" && !parse_usb_version(*v, d.version))
      return error(kFrom, VIR_ERR_XML_ERROR, "Cannot parse USB device version %s", v->c_str());
    TristateBool allow = TristateBool::absent;
    VK_TRY(prop_tristate(n, "allow", xml::kPropRequired, allow));
    d.allow = allow == TristateBool::yes;
    out.push_back(d);
  }
  return Status();
}

void format_redirfilter(xml::Buffer &buf, const std::vector<RedirFilterUsbDev> &devs) {
  if (devs.empty()) return;
  buf.add("<redirfilter>\n");
  buf.indent(2);
  for (const RedirFilterUsbDev &d : devs) {
    buf.add("<usbdev");
    if (d.usb_class >= 0) buf.addf(" class='0x%02X'", static_cast<unsigned>(d.usb_class));
    if (d.vendor >= 0) buf.addf(" vendor='0x%04X'", static_cast<unsigned>(d.vendor));
    if (d.product >= 0) buf.addf(" product='0x%04X'", static_cast<unsigned>(d.product));
    if (d.version >= 0)
      buf.addf(" version='%d.%02d'",
               ((d.version & 0xf000) >> 12) * 10 + ((d.version & 0x0f00) >> 8),
               ((d.version & 0x00f0) >> 4) * 10 + (d.version & 0x000f));
    buf.addf(" allow='%s'/>\n", d.allow ? "yes" : "no");
  }
  buf.indent(-2);
  buf.add("</redirfilter>\n");
}

// ---- <tpm> ----

Result<Tpm> parse_tpm(xmlNodePtr node, unsigned parse_flags) {
  Tpm tpm;
  int model = 0;
  VK_TRY(xml::prop_enum(node, "model", kTpmModelNames, xml::kPropNonZero, model));
  tpm.model = to_enum<TpmModel>(model);
  std::vector<xmlNodePtr> backends = children_named(node, "backend");
  if (backends.size() > 1)
    return error(kFrom, VIR_ERR_XML_ERROR, "%s", "only one TPM backend is supported");
  if (backends.empty()) return error(kFrom, VIR_ERR_XML_ERROR, "%s", "missing TPM device backend");
  xmlNodePtr backend = backends[0];
  int type = 0;
  VK_TRY(xml::prop_enum(backend, "type", kTpmBackendNames, xml::kPropRequired, type));
  tpm.backend = to_enum<TpmBackend>(type);
  switch (tpm.backend) {
    case TpmBackend::passthrough: {
      xmlNodePtr device = first_child(backend, "device");
      auto path = device ? xml::prop(device, "path") : std::nullopt;
      tpm.device_path = path && !path->empty() ? *path : "/dev/tpm0";
      break;
    }
    case TpmBackend::emulator: {
      int version = 0;
      VK_TRY(xml::prop_enum(backend, "version", kTpmVersionNames, xml::kPropNonZero, version));
      tpm.version = to_enum<TpmVersion>(version);
      xmlNodePtr enc = first_child(backend, "encryption");
      if (auto secret = enc ? xml::prop(enc, "secret") : std::nullopt; secret && !secret->empty()) {
        auto &uuid = tpm.secret.emplace();
        if (!util::parse_uuid(secret->c_str(), uuid.data()))
          return error(kFrom, VIR_ERR_INTERNAL_ERROR, "Unable to parse secret uuid '%s'",
                       secret->c_str());
      }
      if (auto ps = xml::prop(backend, "persistent_state")) {
        if (*ps != "yes" && *ps != "no")
          return error(kFrom, VIR_ERR_INTERNAL_ERROR, "%s",
                       "Invalid persistent_state value, either 'yes' or 'no'");
        tpm.persistent_state = *ps == "yes";
      }
      if (xmlNodePtr banks = first_child(backend, "active_pcr_banks")) {
        std::vector<bool> set(kTpmPcrBankNames.size());
        bool any = false;
        for (xmlNodePtr b = banks->children; b; b = b->next) {
          if (b->type != XML_ELEMENT_NODE) continue;
          any = true;
          int bank = xml::enum_from_string(kTpmPcrBankNames, xml::name_of(b));
          if (bank < 0)
            return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED, "Unsupported PCR banks '%s'",
                         xml::name_of(b));
          set[static_cast<size_t>(bank)] = true;
        }
        if (any) {
          auto &list = tpm.pcr_banks.emplace();
          for (size_t i = 0; i < set.size(); i++)
            if (set[i]) list.push_back(to_enum<TpmPcrBank>(static_cast<int>(i)));
        }
      }
      break;
    }
    case TpmBackend::external: {
      xmlNodePtr source = first_child(backend, "source");
      auto type = source ? xml::prop(source, "type") : std::nullopt;
      if (!type || type->empty())
        return error(kFrom, VIR_ERR_XML_ERROR, "%s", "missing external TPM backend type");
      int t = xml::enum_from_string(kChrTypeNames, *type);
      if (t < 0)
        return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED,
                     "unknown backend type '%s' for external TPM", type->c_str());
      tpm.external.type = to_enum<ChrType>(t);
      VK_TRY(parse_chr_source(backend, parse_flags, false, tpm.external));
      break;
    }
  }
  VK_TRY(parse_device_info(node, tpm.info, false));
  return tpm;
}

void format_tpm(xml::Buffer &buf, const Tpm &tpm, unsigned format_flags) {
  (void)format_flags;
  xml::Buffer attrs, children = xml::Buffer::child_of(buf);
  if (tpm.model != TpmModel::default_) attrs.addf(" model='%s'", to_string(tpm.model));
  xml::Buffer battrs, bchildren = xml::Buffer::child_of(children);
  battrs.addf(" type='%s'", to_string(tpm.backend));
  switch (tpm.backend) {
    case TpmBackend::passthrough:
      bchildren.escape("<device path='%s'/>\n", tpm.device_path.c_str());
      break;
    case TpmBackend::emulator:
      if (tpm.version != TpmVersion::default_) battrs.addf(" version='%s'", to_string(tpm.version));
      if (tpm.persistent_state) battrs.add(" persistent_state='yes'");
      if (tpm.secret)
        bchildren.addf("<encryption secret='%s'/>\n",
                       util::format_uuid(tpm.secret->data()).c_str());
      if (tpm.pcr_banks) {
        xml::Buffer banks = xml::Buffer::child_of(bchildren);
        for (TpmPcrBank b : *tpm.pcr_banks) banks.addf("<%s/>\n", to_string(b));
        xml::format_element(bchildren, "active_pcr_banks", nullptr, &banks);
      }
      break;
    case TpmBackend::external:
      if (tpm.external.type == ChrType::unix_) {
        bchildren.add("<source type='unix' mode='connect'");
        bchildren.escape(" path='%s'/>\n", tpm.external.path);
      }
      break;
  }
  xml::format_element(children, "backend", &battrs, &bchildren);
  format_device_info(children, tpm.info, false);
  xml::format_element(buf, "tpm", &attrs, &children);
}

Status validate_tpms(const DomainDef &def) {
  for (const Tpm &t : def.tpms) {
    if (t.backend == TpmBackend::emulator && t.pcr_banks && t.version != TpmVersion::_2_0)
      return error(kFrom, VIR_ERR_XML_ERROR, "<active_pcr_banks/> requires TPM version '%s'",
                   to_string(TpmVersion::_2_0));
    if (t.backend == TpmBackend::external) {
      if (t.external.type != ChrType::unix_)
        return error(kFrom, VIR_ERR_XML_ERROR, "%s",
                     "only source type 'unix' is supported for external TPM device");
      if (t.external.listen)
        return error(kFrom, VIR_ERR_XML_ERROR, "%s",
                     "only 'client' mode is supported for external TPM device");
      if (!t.external.path)
        return error(kFrom, VIR_ERR_XML_ERROR, "%s", "missing socket path for external TPM device");
    }
  }
  return Status();
}

// ---- domain-level steps ----

Status post_parse_chrs(DomainDef &def) {
  // virDomainChrIsaSerialDefPostParse.
  auto is_isa = [](const Chr &c) {
    return c.target_type == static_cast<int>(ChrSerialTargetType::isa_serial);
  };
  bool used[kMaxIsaSerialPorts] = {};
  int isa_count = 0;
  for (const Chr &c : def.serials) {
    if (!is_isa(c)) continue;
    if (isa_count++ >= kMaxIsaSerialPorts || c.port >= kMaxIsaSerialPorts)
      return error(kFrom, VIR_ERR_INTERNAL_ERROR,
                   "Maximum supported number of ISA serial ports is '%d'", kMaxIsaSerialPorts);
    if (c.port < 0) continue;
    if (used[c.port])
      return error(kFrom, VIR_ERR_INTERNAL_ERROR, "target port '%d' already allocated", c.port);
    used[c.port] = true;
  }
  for (Chr &c : def.serials) {
    if (!is_isa(c) || c.port != -1) continue;
    for (int j = 0; j < kMaxIsaSerialPorts; j++) {
      if (used[j]) continue;
      c.port = j;
      used[j] = true;
      break;
    }
  }

  // virDomainChrDefPostParse, in libvirt's device order.
  bool x86 = def.os.arch == "i686" || def.os.arch == "x86_64";
  auto each = [&](std::vector<Chr> &list) -> Status {
    for (Chr &c : list) {
      if (c.device == ChrDeviceType::console &&
          c.target_type == static_cast<int>(ChrConsoleTargetType::none))
        c.target_type = static_cast<int>(ChrConsoleTargetType::serial);
      if (c.device == ChrDeviceType::serial &&
          c.target_type == static_cast<int>(ChrSerialTargetType::isa_debug) && !x86)
        return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                     "isa-debug serial type only valid on x86 architecture");
      if (c.port == -1 && c.device != ChrDeviceType::channel) {
        int max = -1;
        for (const Chr &o : list) max = std::max(max, o.port);
        c.port = max + 1;
      }
    }
    return Status();
  };
  VK_TRY(each(def.serials));
  VK_TRY(each(def.parallels));
  VK_TRY(each(def.channels));
  VK_TRY(each(def.consoles));
  return Status();
}

Status add_console_compat(DomainDef &def) {
  auto serial_target = [](ChrConsoleTargetType t) { return static_cast<int>(t); };
  for (size_t i = 1; i < def.consoles.size(); i++)
    if (def.consoles[i].target_type == serial_target(ChrConsoleTargetType::serial))
      return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                   "Only the first console can be a serial port");
  bool hvm = def.os.type == OsType::hvm;
  auto stub = [] {
    Chr c;
    c.device = ChrDeviceType::console;
    c.target_type = static_cast<int>(ChrConsoleTargetType::serial);
    c.source.type = ChrType::null;
    return c;
  };
  if (!def.consoles.empty() && hvm &&
      (def.consoles[0].target_type == serial_target(ChrConsoleTargetType::serial) ||
       def.consoles[0].target_type == serial_target(ChrConsoleTargetType::none))) {
    if (def.serials.empty()) {
      // The console becomes the first serial port, and a stub stands for it.
      Chr serial = std::move(def.consoles[0]);
      serial.device = ChrDeviceType::serial;
      serial.target_type = static_cast<int>(ChrSerialTargetType::none);
      serial.port = 0;
      def.serials.push_back(std::move(serial));
      def.consoles[0] = stub();
    } else if (!same_chr_source(def.serials[0].source, def.consoles[0].source)) {
      def.consoles[0] = stub();
    }
  } else if (hvm && !def.serials.empty()) {
    switch (static_cast<ChrSerialTargetType>(def.serials[0].target_type)) {
      case ChrSerialTargetType::isa_serial:
      case ChrSerialTargetType::spapr_vio_serial:
      case ChrSerialTargetType::system_serial:
      case ChrSerialTargetType::sclp_serial:
      case ChrSerialTargetType::none:
        def.consoles.insert(def.consoles.begin(), stub());
        break;
      default:
        break;
    }
  }
  return Status();
}

// virSecurityDeviceLabelDefValidate: an override needs the domain's label
// of its model to relabel.
Status check_device_labels(const std::vector<DeviceSeclabel> &labels, const DomainDef &def) {
  for (const DeviceSeclabel &l : labels)
    for (const Seclabel &d : def.seclabels)
      if (d.model == l.model && !d.relabel)
        return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                     "label overrides require relabeling to be enabled at the domain level");
  return Status();
}

Status validate_chrs(const DomainDef &def) {
  for (const auto *list : {&def.serials, &def.parallels, &def.channels, &def.consoles})
    for (const Chr &c : *list) {
      VK_TRY(validate_source(c.source, &c));
      VK_TRY(check_device_labels(c.source.seclabels, def));
    }
  return Status();
}

std::vector<int> assign_smartcard_addresses(DomainDef &def) {
  auto field = [](const DeviceInfo &info, const char *name) -> int {
    unsigned v = 0;
    for (const auto &[k, val] : info.addr.other)
      if (k == name && util::str_to_ui(val.c_str(), 10, v)) return static_cast<int>(v);
    return 0;
  };
  std::vector<int> controllers;
  for (Smartcard &card : def.smartcards) {
    int idx = 0;
    if (card.info.addr.type == Address::ccid) {
      idx = field(card.info, "controller");
    } else if (card.info.addr.type == Address::none) {
      int max = -1;
      for (const Smartcard &o : def.smartcards)
        if (o.info.addr.type == Address::ccid && field(o.info, "controller") == 0)
          max = std::max(max, field(o.info, "slot"));
      card.info.addr.type = Address::ccid;
      card.info.addr.other = {{"controller", "0"}, {"slot", std::to_string(max + 1)}};
    }
    controllers.push_back(idx);
  }
  return controllers;
}

Status validate_rngs(const DomainDef &def) {
  for (const Rng &r : def.rngs)
    if (r.backend == RngBackend::egd) VK_TRY(validate_source(r.chardev, nullptr));
  return Status();
}

Status validate_smartcards(const DomainDef &def) {
  for (const Smartcard &c : def.smartcards) {
    if (c.info.addr.type != Address::none && c.info.addr.type != Address::ccid)
      return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                   "Controllers must use the 'ccid' address type");
    if (c.mode == SmartcardMode::passthrough) VK_TRY(validate_source(c.passthru, nullptr));
  }
  return Status();
}

Status validate_redirdevs(const DomainDef &def, bool has_usb) {
  for (const Redirdev &r : def.redirdevs) {
    if (!has_usb)
      return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                   "cannot add redirected USB device: USB is disabled for this domain");
    VK_TRY(validate_source(r.source, nullptr));
  }
  return Status();
}

void format_consoles(xml::Buffer &buf, const DomainDef &def, unsigned format_flags) {
  for (size_t n = 0; n < def.consoles.size(); n++) {
    const Chr &c = def.consoles[n];
    bool alias = def.os.type == OsType::hvm &&
                 (c.target_type == static_cast<int>(ChrConsoleTargetType::serial) ||
                  c.target_type == static_cast<int>(ChrConsoleTargetType::none)) &&
                 n < def.serials.size();
    if (!alias) {
      format_chr(buf, c, format_flags);
      continue;
    }
    Chr copy = def.serials[n];
    copy.device = ChrDeviceType::console;
    copy.target_type = static_cast<int>(ChrConsoleTargetType::serial);
    format_chr(buf, copy, format_flags);
  }
}

}  // namespace virtkit::conf
