// SPDX-License-Identifier: LGPL-2.1-or-later
#include "xml/domain_graphics.h"

#include <libvirt/virterror.h>

#include <array>
#include <cstdio>

#include "util/numbers.h"
#include "xml/domain_def.h"

namespace virtkit::conf {
namespace {

constexpr int kFromDomain = VIR_FROM_DOMAIN;
using xml::Buffer;
using xml::prop;

// virStringParseYesNo: true for "yes", false for "no", else unchanged.
void parse_yes_no(const std::optional<std::string> &v, bool &out) {
  if (v == "yes") out = true;
  if (v == "no") out = false;
}

// ---- passwdValidTo: "YYYY-MM-DDTHH:MM:SS" in UTC ----

// Days from 1970-01-01 to a proleptic Gregorian date.
long long days_from_civil(long long y, unsigned m, unsigned d) {
  y -= m <= 2;
  const long long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long long>(doe) - 719468;
}

// g_date_time_new in UTC then g_date_time_to_unix: a date GLib refuses
// gives 0 (the epoch), as in libvirt.
long long utc_seconds(int year, int mon, int mday, int hour, int min, int sec) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (year < 1 || year > 9999 || mon < 1 || mon > 12) return 0;
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  int mdays = kDays[mon - 1] + (mon == 2 && leap);
  if (mday < 1 || mday > mdays || hour < 0 || hour > 23 || min < 0 || min > 59 || sec < 0 ||
      sec > 59)
    return 0;
  return days_from_civil(year, static_cast<unsigned>(mon), static_cast<unsigned>(mday)) * 86400 +
         hour * 3600 + min * 60 + sec;
}

std::string format_utc(long long t) {
  long long days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
  long long secs = t - days * 86400;
  // civil_from_days.
  days += 719468;
  const long long era = (days >= 0 ? days : days - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  const long long y = static_cast<long long>(yoe) + era * 400 + (m <= 2);
  char out[64];
  std::snprintf(out, sizeof out, "%lld-%02u-%02uT%02lld:%02lld:%02lld", y, m, d, secs / 3600,
                secs / 60 % 60, secs % 60);
  return out;
}

// virDomainGraphicsListenDefParseXML: the first <listen> is reconciled with
// the legacy listen= and socket= attributes of <graphics> (`parent`).
Status parse_listen(xmlNodePtr node, xmlNodePtr parent, const Graphics &g, unsigned flags,
                    GraphicsListen &l) {
  VK_TRY(parse(node, l));
  std::optional<std::string> address = std::move(l.address), network = std::move(l.network),
                             socket = std::move(l.socket);
  l.address.reset();
  l.network.reset();
  l.socket.reset();
  std::optional<std::string> address_compat, socket_compat;
  if (parent) {
    address_compat = prop(parent, "listen");
    socket_compat = prop(parent, "socket");
  }
  const char *gtype = to_string(g.type);
  bool vnc_or_spice = g.type == GraphicsType::vnc || g.type == GraphicsType::spice;
  if (l.type == GraphicsListenType::socket && !vnc_or_spice)
    return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED,
                 "listen type 'socket' is not available for graphics type '%s'", gtype);
  if (l.type == GraphicsListenType::none && !vnc_or_spice)
    return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED,
                 "listen type 'none' is not available for graphics type '%s'", gtype);
  if (l.type == GraphicsListenType::address) {
    if (address && address_compat && *address != *address_compat)
      return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED,
                   "graphics 'listen' attribute '%s' must match 'address' attribute of first "
                   "listen element (found '%s')",
                   address_compat->c_str(), address->c_str());
    if (!address) address = std::move(address_compat);
  }
  if (l.type == GraphicsListenType::socket) {
    if (socket && socket_compat && *socket != *socket_compat)
      return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED,
                   "graphics 'socket' attribute '%s' must match 'socket' attribute of first "
                   "listen element (found '%s')",
                   socket_compat->c_str(), socket->c_str());
    if (!socket) socket = std::move(socket_compat);
  }
  if (address && !address->empty() &&
      (l.type == GraphicsListenType::address ||
       (l.type == GraphicsListenType::network && !(flags & kParseInactive))))
    l.address = std::move(address);
  if (network && !network->empty()) {
    if (l.type != GraphicsListenType::network)
      return error(kFromDomain, VIR_ERR_XML_ERROR, "%s",
                   "'network' attribute is valid only for listen type 'network'");
    l.network = std::move(network);
  }
  if (socket && !socket->empty()) {
    if (l.type != GraphicsListenType::socket)
      return error(kFromDomain, VIR_ERR_XML_ERROR, "%s",
                   "'socket' attribute is valid only for listen type 'socket'");
    l.socket = std::move(socket);
  }
  return Status();
}

// virDomainGraphicsListenDefFormatAddr: the first listen's address as the
// legacy listen= attribute.
void format_listen_attr(Buffer &buf, const GraphicsListen *l, unsigned flags) {
  if (!l) return;
  if (l->type == GraphicsListenType::network && (flags & (kFormatInactive | kFormatMigratable)))
    return;
  if (l->address) buf.addf(" listen='%s'", l->address->c_str());
}

// The port attribute of vnc and rdp (virStrToLong_i of the whole value).
Status parse_port(const std::optional<std::string> &v, const char *what, int &out) {
  if (!v) return Status();
  if (!util::str_to_i(v->c_str(), 10, out))
    return error(kFromDomain, VIR_ERR_INTERNAL_ERROR, "cannot parse %s port %s", what, v->c_str());
  return Status();
}

Status parse_vnc_ports(xmlNodePtr node, Graphics &g, unsigned flags) {
  auto port = prop(node, "port");
  auto websocket_generated = prop(node, "websocketGenerated");
  auto autoport = prop(node, "autoport");
  if (port) {
    VK_TRY(parse_port(port, "vnc", g.port));
    // The legacy -1 means an automatic port.
    if (g.port == -1) {
      if (flags & kParseInactive) g.port = 0;
      g.autoport = true;
    }
  } else {
    g.autoport = true;
  }
  if (autoport) {
    parse_yes_no(autoport, g.autoport);
    if (g.autoport && (flags & kParseInactive)) g.port = 0;
  }
  VK_TRY(xml::prop_int(node, "websocket", 10, xml::kPropNone, g.websocket, 0));
  parse_yes_no(websocket_generated, g.websocket_generated);
  return Status();
}

Status parse_rdp_ports(xmlNodePtr node, Graphics &g, unsigned flags) {
  auto port = prop(node, "port");
  if (port) {
    VK_TRY(parse_port(port, "rdp", g.port));
    if (g.port == -1) g.autoport = true;
  } else {
    g.autoport = true;
  }
  if (prop(node, "autoport") == "yes") g.autoport = true;
  if (g.autoport && (flags & kParseInactive)) g.port = 0;
  return Status();
}

Status parse_spice_ports(xmlNodePtr node, Graphics &g, unsigned flags) {
  VK_TRY(xml::prop_int(node, "port", 10, xml::kPropNone, g.port, 0));
  VK_TRY(xml::prop_int(node, "tlsPort", 10, xml::kPropNone, g.tls_port, 0));
  int v = 0;
  VK_TRY(xml::prop_tristate_bool(node, "autoport", xml::kPropNone, v));
  g.autoport = v == 1;
  if (g.port == -1 && g.tls_port == -1) g.autoport = true;  // the legacy automatic ports
  if (g.autoport && (flags & kParseInactive)) g.port = g.tls_port = 0;
  return Status();
}

const GraphicsListen *first_listen(const Graphics &g) {
  return g.listens.empty() ? nullptr : &g.listens[0];
}

}  // namespace

// ---- the hooks of src/xml/desc/domain.xd's <graphics> ----

// virDomainGraphicsListensParseXML: the <listen> children; without any, one
// made from the legacy attributes; a vnc socket= attribute replaces a first
// address or network listen.
Status parse_graphics_listens(xmlNodePtr node, Graphics &g, unsigned flags) {
  bool first = true;
  for (xmlNodePtr n = node->children; n; n = n->next) {
    if (n->type != XML_ELEMENT_NODE || !xml::name_is(n, "listen")) continue;
    GraphicsListen l;
    VK_TRY(parse_listen(n, first ? node : nullptr, g, flags, l));
    g.listens.push_back(std::move(l));
    first = false;
  }
  GraphicsListen compat;
  std::optional<std::string> socket;
  if (g.type == GraphicsType::vnc) socket = prop(node, "socket");
  if (socket) {
    compat.type = GraphicsListenType::socket;
    compat.socket = std::move(socket);
  } else {
    compat.type = GraphicsListenType::address;
    compat.address = prop(node, "listen");
    if (compat.address && compat.address->empty()) compat.address.reset();
  }
  if (g.listens.empty()) {
    g.listens.push_back(std::move(compat));
  } else if ((g.listens[0].type == GraphicsListenType::address ||
              g.listens[0].type == GraphicsListenType::network) &&
             compat.type == GraphicsListenType::socket) {
    g.listens[0] = std::move(compat);
  }
  return Status();
}

void format_graphics_listens(Buffer &child, const Graphics &g, unsigned flags) {
  for (const GraphicsListen &l : g.listens) {
    if (flags & kFormatMigratable) {
      // A user's vnc socket goes as the legacy socket= attribute, spice's
      // listen type none as autoport='no'.
      if (g.type == GraphicsType::vnc && l.type == GraphicsListenType::socket && l.socket) continue;
      if (g.type == GraphicsType::spice && l.type == GraphicsListenType::none) continue;
    }
    if (l.type == GraphicsListenType::network && l.address && (flags & kFormatInactive)) {
      GraphicsListen shown = l;
      shown.address.reset();
      format(child, shown);
    } else {
      format(child, l);
    }
  }
}

// The ports of vnc, rdp and spice (and vnc's websocket), as libvirt reads
// them: an automatic port is not kept in an inactive definition.
Status parse_graphics_ports(xmlNodePtr node, Graphics &g, unsigned flags) {
  switch (g.type) {
    case GraphicsType::vnc:
      return parse_vnc_ports(node, g, flags);
    case GraphicsType::rdp:
      return parse_rdp_ports(node, g, flags);
    case GraphicsType::spice:
      return parse_spice_ports(node, g, flags);
    default:
      return Status();
  }
}

// The ports print after the type and depend on the first listen's type
// (vnc's socket listen as the legacy socket= attribute) and the flags.
void format_graphics_ports(Buffer &buf, const Graphics &g, unsigned flags) {
  const GraphicsListen *l = first_listen(g);
  const GraphicsListenType lt = l ? l->type : GraphicsListenType::none;
  const bool addressed = lt == GraphicsListenType::address || lt == GraphicsListenType::network;
  switch (g.type) {
    case GraphicsType::vnc:
      if (lt == GraphicsListenType::socket) buf.escape(" socket='%s'", l->socket);
      if (!addressed) break;
      if (g.port && (!g.autoport || !(flags & kFormatInactive)))
        buf.addf(" port='%d'", g.port);
      else if (g.autoport)
        buf.add(" port='-1'");
      buf.addf(" autoport='%s'", g.autoport ? "yes" : "no");
      if (g.websocket_generated && (flags & kFormatInactive))
        buf.add(" websocket='-1'");
      else if (g.websocket)
        buf.addf(" websocket='%d'", g.websocket);
      break;
    case GraphicsType::rdp:
      if (g.port)
        buf.addf(" port='%d'", g.port);
      else if (g.autoport)
        buf.add(" port='0'");
      if (g.autoport) buf.add(" autoport='yes'");
      break;
    case GraphicsType::spice:
      if (addressed) {
        if (g.port) buf.addf(" port='%d'", g.port);
        if (g.tls_port) buf.addf(" tlsPort='%d'", g.tls_port);
        buf.addf(" autoport='%s'", g.autoport ? "yes" : "no");
      } else if (l && lt == GraphicsListenType::none && (flags & kFormatMigratable)) {
        buf.add(" autoport='no'");
      }
      break;
    default:
      break;
  }
}

// The first listen's address as the legacy listen= attribute: after the
// ports (vnc, spice, of an address or network listen) or after rdp's users.
void format_graphics_listen_attr(Buffer &buf, const Graphics &g, unsigned flags) {
  const GraphicsListen *l = first_listen(g);
  if (g.type != GraphicsType::rdp &&
      !(l && (l->type == GraphicsListenType::address || l->type == GraphicsListenType::network)))
    return;
  format_listen_attr(buf, l, flags);
}

// virDomainGraphicsAuthDefParseXML: vnc's and spice's password, its expiry
// (read only with a password) and what happens to the connected clients.
Status parse_graphics_auth(xmlNodePtr node, Graphics &g, unsigned) {
  auto connected = prop(node, "connected");
  g.passwd = prop(node, "passwd");
  if (!g.passwd) return Status();
  if (auto valid_to = prop(node, "passwdValidTo")) {
    int f[6] = {};
    const char seps[6] = {'-', '-', 'T', ':', ':', '\0'};
    const char *p = valid_to->c_str();
    for (int i = 0; i < 6; i++) {
      const char *end = nullptr;
      if (!util::str_to_i(i ? p + 1 : p, &end, 10, f[i]) || *end != seps[i])
        return error(kFromDomain, VIR_ERR_INTERNAL_ERROR,
                     "cannot parse password validity time '%s', expect YYYY-MM-DDTHH:MM:SS",
                     valid_to->c_str());
      p = end;
    }
    g.valid_to = utc_seconds(f[0], f[1], f[2], f[3], f[4], f[5]);
  }
  if (connected) {
    int action = xml::enum_from_string(kGraphicsAuthConnectedNames, *connected);
    if (action <= 0)
      return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "unknown connected value %s",
                   connected->c_str());
    if (g.type == GraphicsType::vnc && action != static_cast<int>(GraphicsAuthConnected::keep))
      return error(kFromDomain, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                   "VNC supports connected='keep' only");
    g.connected = static_cast<GraphicsAuthConnected>(action);
  }
  return Status();
}

// The password only in a secure dump; its expiry and policy always.
void format_graphics_auth(Buffer &buf, const Graphics &g, unsigned flags) {
  if (!g.passwd) return;
  if (flags & kFormatSecure) buf.escape(" passwd='%s'", g.passwd);
  if (g.valid_to) buf.addf(" passwdValidTo='%s'", format_utc(*g.valid_to).c_str());
  if (g.connected != GraphicsAuthConnected::default_)
    buf.addf(" connected='%s'", to_string(g.connected));
}

Result<Graphics> parse_graphics(xmlXPathContextPtr, xmlNodePtr node, unsigned flags) {
  Graphics g;
  VK_TRY(parse(node, g, flags));
  if (g.type == GraphicsType::spice) {
    // One mode per channel, the last given; printed in libvirt's name order.
    std::array<SpiceChannelMode, 8> modes{};
    for (const SpiceChannel &c : g.channels) modes[static_cast<size_t>(c.name)] = c.mode;
    g.channels.clear();
    for (size_t i = 0; i < modes.size(); i++)
      if (modes[i] != SpiceChannelMode::any)
        g.channels.push_back(SpiceChannel{static_cast<SpiceChannelName>(i), modes[i]});
  }
  // egl-headless keeps only the render node of its <gl>.
  if (g.egl_gl && !g.egl_gl->rendernode) g.egl_gl.reset();
  return g;
}

void post_parse_graphics(Graphics &g) {
  if (g.type != GraphicsType::spice || g.listens.empty()) return;
  GraphicsListen &l = g.listens[0];
  if (l.type == GraphicsListenType::address && g.port == 0 && g.tls_port == 0 && !g.autoport) {
    l.address.reset();
    l.type = GraphicsListenType::none;
  }
}

Status validate_graphics(const Graphics &g, const std::vector<Audio> &audios) {
  if (g.type == GraphicsType::vnc || g.type == GraphicsType::spice || g.type == GraphicsType::rdp) {
    for (const GraphicsListen &l : g.listens)
      if (l.type == GraphicsListenType::network && !l.network)
        return error(kFromDomain, VIR_ERR_XML_ERROR, "%s",
                     "'network' attribute is required for listen type 'network'");
  }
  if (g.type == GraphicsType::vnc && g.audio) {
    bool found = false;
    for (const Audio &a : audios) found = found || a.id == g.audio->id;
    if (!found)
      return error(kFromDomain, VIR_ERR_XML_ERROR, "no audio device with ID %u", g.audio->id);
  }
  if (g.type == GraphicsType::dbus && g.p2p && g.address)
    return error(kFromDomain, VIR_ERR_XML_ERROR, "%s",
                 "D-Bus p2p with an address is not supported");
  return Status();
}

void format_graphics(Buffer &out, const Graphics &g, unsigned flags) {
  format(out, g, flags);
}

}  // namespace virtkit::conf
