// SPDX-License-Identifier: LGPL-2.1-or-later
#include "driver/uri.h"

#include <libxml/uri.h>
#include <libxml/xmlmemory.h>

#include <cstring>
#include <memory>

#include "xml/xml.h"

namespace virtkit::driver {
namespace {

std::string str(const char *s) {
  return s ? std::string(s) : std::string();
}

// libxml2's unescape of [p, p+len); xmlURIUnescapeString needs len > 0.
std::string unescape(const char *p, size_t len) {
  if (len == 0) return {};
  char *s = xmlURIUnescapeString(p, static_cast<int>(len), nullptr);
  if (!s) throw std::bad_alloc();
  std::string out(s);
  xmlFree(s);
  return out;
}

// Query parameters: '&' (or ';') separated, "name" alone means an empty
// value, "=value" is ignored.
void parse_params(Uri &uri) {
  const char *q = uri.query.c_str();
  while (*q) {
    const char *end = std::strchr(q, '&');
    if (!end) end = std::strchr(q, ';');
    if (!end) end = q + std::strlen(q);
    const char *eq = std::strchr(q, '=');
    if (eq && eq >= end) eq = nullptr;
    if (end != q && eq != q) {
      if (!eq)
        uri.params.emplace_back(unescape(q, static_cast<size_t>(end - q)), "");
      else
        uri.params.emplace_back(unescape(q, static_cast<size_t>(eq - q)),
                                unescape(eq + 1, static_cast<size_t>(end - eq - 1)));
    }
    q = *end ? end + 1 : end;
  }
}

}  // namespace

const std::string *Uri::param(std::string_view name) const {
  for (auto &[k, v] : params)
    if (k == name) return &v;
  return nullptr;
}

Result<Uri> parse_uri(const char *text) {
  xml::init();
  xml::reset_oom();
  std::unique_ptr<xmlURI, void (*)(xmlURIPtr)> x(xmlParseURI(text), xmlFreeURI);
  xml::throw_if_oom();  // a failed allocation may leave parts out
  if (!x) return error(VIR_FROM_URI, VIR_ERR_INTERNAL_ERROR, "Unable to parse URI %s", text);
  Uri u;
  u.text = text;
  u.has_scheme = x->scheme != nullptr;
  u.scheme = str(x->scheme);
  u.has_server = x->server != nullptr;
  u.server = str(x->server);
  if (u.server.size() >= 2 && u.server.front() == '[' && u.server.back() == ']')
    u.server = u.server.substr(1, u.server.size() - 2);
  u.port = u.server.empty() ? 0 : x->port;
  u.path = str(x->path);
  u.query = str(x->query_raw);
  u.fragment = str(x->fragment);
  u.user = str(x->user);
  parse_params(u);
  return u;
}

std::string format_uri(const Uri &uri) {
  xmlURI x{};
  std::string server = uri.server;
  if (server.find(':') != std::string::npos) server = "[" + server + "]";
  auto cstr = [](const std::string &s, bool present) {
    return present ? const_cast<char *>(s.c_str()) : nullptr;
  };
  x.scheme = cstr(uri.scheme, uri.has_scheme);
  x.server = cstr(server, uri.has_server);
  x.port = uri.port;
  x.path = const_cast<char *>(uri.path.c_str());
  x.query_raw = cstr(uri.query, !uri.query.empty());
  x.fragment = cstr(uri.fragment, !uri.fragment.empty());
  x.user = cstr(uri.user, !uri.user.empty());
  if (!x.server && !x.port) x.port = -1;
  xmlChar *out = xmlSaveUri(&x);
  if (!out) throw std::bad_alloc();
  std::string s(reinterpret_cast<char *>(out));
  xmlFree(out);
  return s;
}

}  // namespace virtkit::driver
