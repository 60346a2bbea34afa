// SPDX-License-Identifier: LGPL-2.1-or-later
// virtkit-sh's display commands (domdisplay, vncdisplay, ttyconsole): where
// a running domain's graphics and console are, read from its XML as Debian's
// virsh 9.0.0 reads and prints them.
#include <libxml/uri.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>

#include "cmd_domain_util.h"
#include "cmd_domain_xml.h"
#include "util/numbers.h"

namespace virtkit_sh {

namespace {

// The domain's XML (flags as virDomainGetXMLDesc), parsed; false after
// virsh's error.
bool domain_doc(const virtkit::Domain &d, unsigned flags, domx::Doc &doc) {
  auto xml = d.try_xml(flags);
  if (!xml) {
    error("%s", "Failed to get domain description xml");
    return false;
  }
  bool ok = doc.parse(*xml);
  if (!ok) error("%s", "Failed to parse domain description xml");
  return ok;
}

// virXPathInt: 0 with the value, -1 when the string is empty or absent, -2
// when it is no int.
int xpath_int(domx::Doc &doc, const std::string &xpath, int &value) {
  auto s = doc.string(doc.ctxt->node, xpath.c_str());
  if (!s) return -1;
  long long v;
  if (!virtkit::util::str_to_ll(s->c_str(), 10, v) || v < INT_MIN || v > INT_MAX) return -2;
  value = static_cast<int>(v);
  return 0;
}

// virSocketAddrParse and virSocketAddrIsWildcard: a numeric address that
// is 0.0.0.0 or ::.
bool wildcard_address(const std::string &addr) {
  addrinfo hints{}, *res = nullptr;
  hints.ai_family = AF_UNSPEC;
  hints.ai_flags = AI_NUMERICHOST;
  if (getaddrinfo(addr.c_str(), nullptr, &hints, &res) != 0 || !res) return false;
  bool any = false;
  if (res->ai_family == AF_INET) {
    any = reinterpret_cast<sockaddr_in *>(res->ai_addr)->sin_addr.s_addr == htonl(INADDR_ANY);
  } else if (res->ai_family == AF_INET6) {
    auto &a = reinterpret_cast<sockaddr_in6 *>(res->ai_addr)->sin6_addr;
    any = std::memcmp(&a, &in6addr_any, sizeof a) == 0;
  }
  freeaddrinfo(res);
  return any;
}

// The server part of the connection's URI (IPv6 brackets removed), as
// virURIParse gives it.
std::optional<std::string> uri_server(Shell &sh) {
  auto s = sh.conn.try_uri();
  if (!s) return std::nullopt;
  xmlURIPtr uri = xmlParseURI(s->c_str());
  if (!uri) return std::nullopt;
  std::optional<std::string> out;
  if (uri->server) {
    std::string host = uri->server;
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']' &&
        host.find(':') != std::string::npos)
      host = host.substr(1, host.size() - 2);
    out = host;
  }
  xmlFreeURI(uri);
  return out;
}

// virshGetOneDisplay: the URI of the scheme's display, or nullopt when the
// domain has none (or, for dbus, an address virsh cannot show).
std::optional<std::string> one_display(Shell &sh, domx::Doc &doc, const std::string &scheme) {
  auto path = [&](const char *what) {
    return "string(/domain/devices/graphics[@type='" + scheme + "']/" + what + ")";
  };
  auto str = [&](const char *what) { return doc.string(doc.ctxt->node, path(what).c_str()); };
  if (scheme == "dbus") {
    auto addr =
        doc.string(doc.ctxt->node, "string(/domain/devices/graphics[@type='dbus']/@address)");
    if (!addr) return std::nullopt;
    if (addr->starts_with("unix:path=")) return "dbus+unix://" + addr->substr(10);
    error("'%s' D-Bus address is not handled", addr->c_str());
    return std::nullopt;
  }
  int port = 0, tls_port = 0;
  if (xpath_int(doc, path("@port"), port) < 0) port = 0;
  if (xpath_int(doc, path("@tlsPort"), tls_port) < 0) tls_port = 0;
  auto listen = str("@listen");
  std::optional<std::string> sock;
  if (str("listen/@type") == "socket") sock = str("listen/@socket");
  if (!port && !tls_port && !sock) return std::nullopt;
  if (!listen) {
    listen = str("listen/@address");
  } else if (wildcard_address(*listen)) {
    // Listening everywhere: the host the connection went to, if any.
    listen = uri_server(sh);
  }
  auto passwd = str("@passwd");
  std::string out = scheme + (sock ? "+unix://" : "://");
  if (scheme == "vnc" && passwd) out += ":" + *passwd + "@";
  if (sock)
    out += *sock;
  else if (!listen)
    out += "localhost";
  else if (listen->find(':') != std::string::npos)
    out += "[" + *listen + "]";
  else
    out += *listen;
  // VNC clients count ports from 5900.
  if (port) out += ":" + std::to_string(scheme == "vnc" ? port - 5900 : port);
  out += "?";
  if (tls_port) out += "tls-port=" + std::to_string(tls_port) + "&";
  if (scheme == "spice" && passwd) out += "password=" + *passwd + "&";
  out.pop_back();
  return out;
}

}  // namespace

bool cmd_domdisplay(Shell &sh, const Cmd &c) {
  if (!exclusive(c, "all", "type")) return false;
  auto d = sh.domain(c);
  if (!d) return false;
  if (auto a = d->try_is_active(); a && !*a) {
    error("%s", "Domain is not running");
    return false;
  }
  unsigned flags = c.has("include-password") ? VIR_DOMAIN_XML_SECURE : 0;
  const char *type = nullptr;
  if (c.string("type", type) < 0) return false;
  domx::Doc doc;
  if (!domain_doc(*d, flags, doc)) return false;
  bool all = c.has("all"), found = false;
  for (const char *scheme : {"vnc", "spice", "rdp", "dbus"}) {
    if (!all && type && std::strcmp(type, scheme) != 0) continue;
    auto uri = one_display(sh, doc, scheme);
    if (!uri) continue;
    std::printf("%s", uri->c_str());
    found = true;
    if (!all) break;
    std::printf("\n");
  }
  if (!found) {
    if (type)
      error("No graphical display with type '%s' found", type);
    else
      error("%s", "No graphical display found");
  }
  return found;
}

bool cmd_vncdisplay(Shell &sh, const Cmd &c) {
  auto d = sh.domain(c);
  if (!d) return false;
  if (auto a = d->try_is_active(); a && !*a) {
    error("%s", "Domain is not running");
    return false;
  }
  domx::Doc doc;
  if (!domain_doc(*d, 0, doc)) return false;
  int port = 0;
  if (xpath_int(doc, "string(/domain/devices/graphics[@type='vnc']/@port)", port) != 0) {
    error("%s", "Failed to get VNC port. Is this domain using VNC?");
    return false;
  }
  auto listen = doc.string(doc.ctxt->node, "string(/domain/devices/graphics[@type='vnc']/@listen)");
  if (!listen)
    listen =
        doc.string(doc.ctxt->node, "string(/domain/devices/graphics[@type='vnc']/listen/@address)");
  if (!listen || *listen == "0.0.0.0")
    std::printf(":%d\n", port - 5900);
  else
    std::printf("%s:%d\n", listen->c_str(), port - 5900);
  return true;
}

bool cmd_ttyconsole(Shell &sh, const Cmd &c) {
  auto d = sh.domain(c);
  if (!d) return false;
  domx::Doc doc;
  if (!domain_doc(*d, 0, doc)) return false;
  auto tty = doc.string(doc.ctxt->node, "string(/domain/devices/console/@tty)");
  if (!tty) return false;
  std::printf("%s\n", tty->c_str());
  return true;
}

}  // namespace virtkit_sh
