// SPDX-License-Identifier: LGPL-2.1-or-later
#include "xml/xml.h"

#include <libxml/relaxng.h>
#include <libxml/xpathInternals.h>

#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <new>
#include <string>
#include <unordered_map>
#include <vector>
#include <utility>

#include "util/numbers.h"

namespace virtkit::xml {

namespace {

// libxml2's allocators, wrapped to note a failure in the calling thread.
thread_local bool t_oom = false;
xmlFreeFunc g_free;
xmlMallocFunc g_malloc, g_malloc_atomic;
xmlReallocFunc g_realloc;
xmlStrdupFunc g_strdup;

void *noting(void *p) {
  if (!p) t_oom = true;
  return p;
}
void *wrap_malloc(size_t n) {
  return noting(g_malloc(n));
}
void *wrap_malloc_atomic(size_t n) {
  return noting(g_malloc_atomic(n));
}
void *wrap_realloc(void *p, size_t n) {
  return noting(g_realloc(p, n));
}
char *wrap_strdup(const char *s) {
  return static_cast<char *>(noting(g_strdup(s)));
}

}  // namespace

void init() {
  static std::once_flag once;
  std::call_once(once, [] {
    // Chained to whatever allocator libxml2 has (the application's, if it
    // set one), so blocks allocated before or after stay compatible.
    if (xmlGcMemGet(&g_free, &g_malloc, &g_malloc_atomic, &g_realloc, &g_strdup) == 0 && g_free &&
        g_malloc && g_malloc_atomic && g_realloc && g_strdup)
      xmlGcMemSetup(g_free, wrap_malloc, wrap_malloc_atomic, wrap_realloc, wrap_strdup);
    xmlInitParser();
  });
}

void reset_oom() noexcept {
  t_oom = false;
}

void throw_if_oom() {
  if (t_oom) {
    t_oom = false;
    throw std::bad_alloc();
  }
}

// ---- Document ----

Document::Document(Document &&o) noexcept
    : doc_(std::exchange(o.doc_, nullptr)), ctxt_(std::exchange(o.ctxt_, nullptr)) {}

Document &Document::operator=(Document &&o) noexcept {
  if (this != &o) {
    this->~Document();
    doc_ = std::exchange(o.doc_, nullptr);
    ctxt_ = std::exchange(o.ctxt_, nullptr);
  }
  return *this;
}

Document::~Document() {
  if (ctxt_) xmlXPathFreeContext(ctxt_);
  if (doc_) xmlFreeDoc(doc_);
  ctxt_ = nullptr;
  doc_ = nullptr;
}

// ---- parsing ----

namespace {

// Per-parse state reachable from the parser context's _private pointer: the
// first fatal error is described here (libvirt reports only the first).
struct ParseState {
  int domcode;
  bool oom = false;  // libxml2 ran out of memory (it may report other errors after)
  bool reported = false;
  Status status;
};

// Called by libxml2 (through this parser context's own SAX error slot) on
// errors. Builds libvirt's "file:line: message\ncontext\n----^" report.
void on_parse_error(void *ctx, const char * /*msg*/, ...) {
  auto *pctxt = static_cast<xmlParserCtxtPtr>(ctx);
  if (!pctxt || !pctxt->_private) return;
  auto *st = static_cast<ParseState *>(pctxt->_private);
  if (pctxt->lastError.code == XML_ERR_NO_MEMORY) st->oom = true;
  if (st->reported || pctxt->input == nullptr || pctxt->lastError.level != XML_ERR_FATAL ||
      pctxt->lastError.message == nullptr)
    return;

  const xmlChar *cur = pctxt->input->cur;
  const xmlChar *base = pctxt->input->base;
  // Back over line ends, then to the start of the line.
  while (cur > base && (*cur == '\n' || *cur == '\r')) cur--;
  while (cur > base && *cur != '\n' && *cur != '\r') cur--;
  if (*cur == '\n' || *cur == '\r') cur++;
  size_t col = static_cast<size_t>(pctxt->input->cur - cur);

  std::string line;
  while (*cur != 0 && *cur != '\n' && *cur != '\r') line.push_back(static_cast<char>(*cur++));

  std::string pointer;
  for (size_t n = 0; n < col && n < line.size(); n++)
    pointer.push_back(line[n] == '\t' ? '\t' : '-');
  pointer.push_back('^');

  // An empty context line prints as "(null)", as libvirt's does.
  const char *context = line.empty() ? "(null)" : line.c_str();
  st->reported = true;
  if (pctxt->lastError.file) {
    st->status = error(st->domcode, VIR_ERR_XML_DETAIL, "%s:%d: %s%s\n%s", pctxt->lastError.file,
                       pctxt->lastError.line, pctxt->lastError.message, context, pointer.c_str());
  } else {
    st->status = error(st->domcode, VIR_ERR_XML_DETAIL, "at line %d: %s%s\n%s",
                       pctxt->lastError.line, pctxt->lastError.message, context, pointer.c_str());
  }
}

Result<Document> parse_helper(int domcode, const char *filename, const char *text, const char *url,
                              const char *root, bool noblanks) {
  init();
  const char *docname = filename ? filename : url ? url : "[inline data]";

  reset_oom();
  xmlParserCtxtPtr pctxt = xmlNewParserCtxt();
  if (!pctxt || !pctxt->sax) {
    if (pctxt) xmlFreeParserCtxt(pctxt);
    return no_memory();
  }
  ParseState st{domcode};
  pctxt->_private = &st;
  pctxt->sax->error = on_parse_error;

  int opts = XML_PARSE_NONET | XML_PARSE_NOWARNING;
  if (noblanks) opts |= XML_PARSE_NOBLANKS;
  xmlDocPtr doc =
      filename ? xmlCtxtReadFile(pctxt, filename, nullptr, opts)
               : xmlCtxtReadDoc(pctxt, reinterpret_cast<const xmlChar *>(text), url, nullptr, opts);
  bool oom = t_oom || st.oom || pctxt->errNo == XML_ERR_NO_MEMORY;
  t_oom = false;
  xmlFreeParserCtxt(pctxt);

  if (oom) {
    if (doc) xmlFreeDoc(doc);
    return no_memory();
  }
  if (!doc) {
    if (st.reported) return std::move(st.status);
    return error(domcode, VIR_ERR_XML_ERROR, "failed to parse xml document '%s'", docname);
  }
  std::unique_ptr<xmlDoc, void (*)(xmlDocPtr)> guard(doc, xmlFreeDoc);  // for the error paths
  xmlNodePtr rootnode = xmlDocGetRootElement(doc);
  if (!rootnode) return error(domcode, VIR_ERR_INTERNAL_ERROR, "%s", "missing root element");
  if (root && !name_is(rootnode, root))
    return error(VIR_FROM_XML, VIR_ERR_XML_ERROR, "expecting root element of '%s', not '%s'", root,
                 name_of(rootnode));

  reset_oom();
  xmlXPathContextPtr ctxt = xmlXPathNewContext(doc);
  if (!ctxt || t_oom) {  // it may lose functions it failed to register, yet succeed
    t_oom = false;
    if (ctxt) xmlXPathFreeContext(ctxt);
    return no_memory();
  }
  ctxt->node = rootnode;
  return Document(guard.release(), ctxt);
}

}  // namespace

Result<Document> parse_string(int domcode, const char *text, const char *url, const char *root,
                              bool noblanks) {
  return parse_helper(domcode, nullptr, text, url, root, noblanks);
}

Result<Document> parse_file(int domcode, const char *path, const char *root, bool noblanks) {
  return parse_helper(domcode, path, nullptr, nullptr, root, noblanks);
}

namespace {
void rng_error_catch(void *ctx, const char *msg, ...) {
  auto *out = static_cast<std::string *>(ctx);
  va_list ap;
  va_start(ap, msg);
  char *s = nullptr;
  if (vasprintf(&s, msg, ap) >= 0 && s) {
    out->append(s);
    std::free(s);
  }
  va_end(ap);
}
void rng_error_ignore(void *, const char *, ...) {}
}  // namespace

Status validate_against_schema(const char *schema_path, xmlDocPtr doc) {
  init();
  std::string msgs;
  xmlRelaxNGParserCtxtPtr pctxt = xmlRelaxNGNewParserCtxt(schema_path);
  if (!pctxt)
    return error(VIR_FROM_XML, VIR_ERR_INTERNAL_ERROR, "Unable to create RNG parser for %s",
                 schema_path);
  xmlRelaxNGSetParserErrors(pctxt, rng_error_catch, rng_error_ignore, &msgs);
  xmlRelaxNGPtr rng = xmlRelaxNGParse(pctxt);
  xmlRelaxNGFreeParserCtxt(pctxt);
  if (!rng)
    return error(VIR_FROM_XML, VIR_ERR_INTERNAL_ERROR, "Unable to parse RNG %s: %s", schema_path,
                 msgs.c_str());
  xmlRelaxNGValidCtxtPtr vctxt = xmlRelaxNGNewValidCtxt(rng);
  if (!vctxt) {
    xmlRelaxNGFree(rng);
    return error(VIR_FROM_XML, VIR_ERR_INTERNAL_ERROR, "Unable to create RNG validation context %s",
                 schema_path);
  }
  xmlRelaxNGSetValidErrors(vctxt, rng_error_catch, rng_error_ignore, &msgs);
  int rc = xmlRelaxNGValidateDoc(vctxt, doc);
  xmlRelaxNGFreeValidCtxt(vctxt);
  xmlRelaxNGFree(rng);
  if (rc != 0)
    return error(VIR_FROM_XML, VIR_ERR_XML_INVALID_SCHEMA, "Unable to validate doc against %s\n%s",
                 schema_path, msgs.c_str());
  return Status();
}

// ---- XPath ----

namespace {
struct XPathObj {
  xmlXPathObjectPtr p;
  ~XPathObj() {
    if (p) xmlXPathFreeObject(p);
  }
};

// Compiled expressions, per thread (the parsers use a few hundred fixed
// ones; compiling each on every call was most of a large domain's parse).
class XPathCache {
 public:
  ~XPathCache() {
    for (auto &[text, comp] : map_) xmlXPathFreeCompExpr(comp);
  }
  // nullptr when the expression does not compile (the caller then lets
  // xmlXPathEval report it as libxml2 does).
  xmlXPathCompExprPtr get(const char *expr) {
    // Most expressions are literals: their address finds them without
    // hashing the text (the text is compared, as an address may be reused
    // by another string). A fixed table, so it never grows.
    Slot &slot = slots_[(reinterpret_cast<uintptr_t>(expr) >> 3) % kSlots];
    if (slot.address == expr && *slot.text == expr) return slot.comp;
    auto it = map_.find(std::string_view(expr));
    if (it == map_.end()) {
      reset_oom();
      xmlXPathCompExprPtr comp = xmlXPathCompile(reinterpret_cast<const xmlChar *>(expr));
      throw_if_oom();
      if (!comp) return nullptr;
      it = map_.emplace(expr, comp).first;
    }
    slot = {expr, &it->first, it->second};
    return it->second;
  }

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const noexcept {
      return std::hash<std::string_view>{}(s);
    }
  };
  std::unordered_map<std::string, xmlXPathCompExprPtr, Hash, std::equal_to<>> map_;
  struct Slot {
    const char *address = nullptr;
    const std::string *text = nullptr;
    xmlXPathCompExprPtr comp = nullptr;
  };
  static constexpr size_t kSlots = 512;
  std::vector<Slot> slots_ = std::vector<Slot>(kSlots);
};

xmlXPathObjectPtr eval(xmlXPathContextPtr ctxt, const char *expr) {
  thread_local XPathCache cache;
  xmlXPathCompExprPtr comp = cache.get(expr);
  reset_oom();
  XPathObj obj{comp ? xmlXPathCompiledEval(comp, ctxt)
                    : xmlXPathEval(reinterpret_cast<const xmlChar *>(expr), ctxt)};
  throw_if_oom();
  return std::exchange(obj.p, nullptr);
}
}  // namespace

std::optional<std::string> xpath_string(xmlXPathContextPtr ctxt, const char *expr) {
  XPathObj obj{eval(ctxt, expr)};
  if (!obj.p || obj.p->type != XPATH_STRING || !obj.p->stringval || obj.p->stringval[0] == 0)
    return std::nullopt;
  return std::string(reinterpret_cast<const char *>(obj.p->stringval));
}

xmlNodePtr xpath_node(xmlXPathContextPtr ctxt, const char *expr) {
  XPathObj obj{eval(ctxt, expr)};
  if (!obj.p || obj.p->type != XPATH_NODESET || !obj.p->nodesetval ||
      obj.p->nodesetval->nodeNr <= 0 || !obj.p->nodesetval->nodeTab)
    return nullptr;
  return obj.p->nodesetval->nodeTab[0];
}

std::vector<xmlNodePtr> xpath_nodes(xmlXPathContextPtr ctxt, const char *expr) {
  std::vector<xmlNodePtr> out;
  XPathObj obj{eval(ctxt, expr)};
  if (!obj.p || obj.p->type != XPATH_NODESET || !obj.p->nodesetval) return out;
  for (int i = 0; i < obj.p->nodesetval->nodeNr; i++) out.push_back(obj.p->nodesetval->nodeTab[i]);
  return out;
}

int xpath_boolean(xmlXPathContextPtr ctxt, const char *expr) {
  XPathObj obj{eval(ctxt, expr)};
  if (!obj.p || obj.p->type != XPATH_BOOLEAN || obj.p->boolval < 0 || obj.p->boolval > 1) return -1;
  return obj.p->boolval;
}

int xpath_uint(xmlXPathContextPtr ctxt, const char *expr, unsigned &out) {
  auto s = xpath_string(ctxt, expr);
  if (!s) return -1;
  return util::str_to_uip(s->c_str(), 10, out) ? 0 : -2;
}

int xpath_int(xmlXPathContextPtr ctxt, const char *expr, int &out) {
  auto s = xpath_string(ctxt, expr);
  if (!s) return -1;
  int v = 0;
  if (!util::str_to_i(s->c_str(), 10, v)) return -2;
  out = v;
  return 0;
}

int xpath_ull(xmlXPathContextPtr ctxt, const char *expr, unsigned long long &out) {
  auto s = xpath_string(ctxt, expr);
  if (!s) return -1;
  return util::str_to_ullp(s->c_str(), 10, out) ? 0 : -2;
}

std::optional<std::string> prop(xmlNodePtr node, const char *name) {
  reset_oom();
  xmlChar *v = xmlGetProp(node, reinterpret_cast<const xmlChar *>(name));
  if (!v) {
    throw_if_oom();
    return std::nullopt;
  }
  std::string s(reinterpret_cast<const char *>(v));
  xmlFree(v);
  return s;
}

std::optional<std::string> prop_xpath(xmlNodePtr node, const char *name, bool siblings) {
  for (xmlNodePtr n = node; n; n = siblings ? n->next : nullptr) {
    if (n->type != XML_ELEMENT_NODE || !xmlStrEqual(n->name, node->name)) continue;
    if (auto v = prop(n, name)) {
      if (v->empty()) return std::nullopt;
      return v;
    }
  }
  return std::nullopt;
}

std::string content(xmlNodePtr node) {
  reset_oom();
  xmlChar *v = xmlNodeGetContent(node);
  if (!v) {
    throw_if_oom();
    return {};
  }
  std::string s(reinterpret_cast<const char *>(v));
  xmlFree(v);
  return s;
}

// ---- properties ----

namespace {

// virXMLPropUInt and virXMLPropULongLong: `parse` is the virStrToLong_*p
// that rejects a '-'.
template <typename T, typename Parse>
Result<int> prop_unsigned(xmlNodePtr node, const char *name, int base, unsigned flags, T &out,
                          Parse parse) {
  auto v = prop(node, name);
  if (!v) {
    if (!(flags & kPropRequired)) return 0;
    return error(VIR_FROM_XML, VIR_ERR_XML_ERROR, "Missing required attribute '%s' in element '%s'",
                 name, name_of(node));
  }
  T val = 0;
  if (!parse(v->c_str(), base, val))
    return error(VIR_FROM_XML, VIR_ERR_XML_ERROR,
                 "Invalid value for attribute '%s' in element '%s': '%s'. Expected non-negative "
                 "integer value",
                 name, name_of(node), v->c_str());
  if ((flags & kPropNonZero) && val == 0)
    return error(VIR_FROM_XML, VIR_ERR_XML_ERROR,
                 "Invalid value for attribute '%s' in element '%s': Zero is not permitted", name,
                 name_of(node));
  out = val;
  return 1;
}

}  // namespace

Result<int> prop_uint(xmlNodePtr node, const char *name, int base, unsigned flags, unsigned &out) {
  return prop_unsigned(node, name, base, flags, out,
                       [](const char *s, int b, unsigned &o) { return util::str_to_uip(s, b, o); });
}

Result<int> prop_ull(xmlNodePtr node, const char *name, int base, unsigned flags,
                     unsigned long long &out) {
  return prop_unsigned(
      node, name, base, flags, out,
      [](const char *s, int b, unsigned long long &o) { return util::str_to_ullp(s, b, o); });
}

Result<int> prop_int(xmlNodePtr node, const char *name, int base, unsigned flags, int &out,
                     int dflt) {
  out = dflt;
  auto v = prop(node, name);
  if (!v) {
    if (!(flags & kPropRequired)) return 0;
    return error(VIR_FROM_XML, VIR_ERR_XML_ERROR, "Missing required attribute '%s' in element '%s'",
                 name, name_of(node));
  }
  int val = 0;
  if (!util::str_to_i(v->c_str(), base, val))
    return error(VIR_FROM_XML, VIR_ERR_XML_ERROR,
                 "Invalid value for attribute '%s' in element '%s': '%s'. Expected integer value",
                 name, name_of(node), v->c_str());
  if ((flags & kPropNonNegative) && val < 0)
    return error(VIR_FROM_XML, VIR_ERR_XML_ERROR,
                 "Invalid value for attribute '%s' in element '%s': '%s'. Expected non-negative "
                 "value",
                 name, name_of(node), v->c_str());
  if ((flags & kPropNonZero) && val == 0)
    return error(VIR_FROM_XML, VIR_ERR_XML_ERROR,
                 "Invalid value for attribute '%s' in element '%s': Zero is not permitted", name,
                 name_of(node));
  out = val;
  return 1;
}

int enum_from_string(const std::vector<std::string_view> &names, std::string_view s) {
  for (size_t i = 0; i < names.size(); i++)
    if (names[i] == s) return static_cast<int>(i);
  return -1;
}

Result<int> prop_enum(xmlNodePtr node, const char *name, const std::vector<std::string_view> &names,
                      unsigned flags, int &out, int dflt) {
  out = dflt;
  auto v = prop(node, name);
  if (!v) {
    if (!(flags & kPropRequired)) return 0;
    return error(VIR_FROM_XML, VIR_ERR_XML_ERROR, "Missing required attribute '%s' in element '%s'",
                 name, name_of(node));
  }
  int r = enum_from_string(names, *v);
  if (r < 0 || ((flags & kPropNonZero) && r == 0))
    return error(VIR_FROM_XML, VIR_ERR_XML_ERROR,
                 "Invalid value for attribute '%s' in element '%s': '%s'.", name, name_of(node),
                 v->c_str());
  out = r;
  return 1;
}

Result<int> prop_tristate_bool(xmlNodePtr node, const char *name, unsigned flags, int &out) {
  static const std::vector<std::string_view> names{"absent", "yes", "no"};
  return prop_enum(node, name, names, flags | kPropNonZero, out, 0);
}

Result<int> prop_tristate_switch(xmlNodePtr node, const char *name, unsigned flags, int &out) {
  static const std::vector<std::string_view> names{"absent", "on", "off"};
  return prop_enum(node, name, names, flags | kPropNonZero, out, 0);
}

// ---- scaled values ----

Status scale_integer(unsigned long long &value, const char *suffix, unsigned long long scale,
                     unsigned long long limit) {
  if ((!suffix || !*suffix) && !scale)
    return error(VIR_FROM_NONE, VIR_ERR_INTERNAL_ERROR, "invalid scale %llu", scale);
  unsigned long long v = value;
  switch (util::scale_integer(v, suffix, scale, limit)) {
    case util::ScaleError::kNone:
      value = v;
      return Status();
    case util::ScaleError::kBadSuffix:
      return error(VIR_FROM_NONE, VIR_ERR_INVALID_ARG, "unknown suffix '%s'", suffix);
    case util::ScaleError::kOverflow:
      break;
  }
  return error(VIR_FROM_NONE, VIR_ERR_OVERFLOW, "value too large: %llu%s", value,
               suffix ? suffix : "");
}

Result<int> parse_scaled_value(xmlXPathContextPtr ctxt, const char *xpath, const char *units_xpath,
                               unsigned long long scale, unsigned long long max, bool required,
                               unsigned long long &out) {
  out = 0;
  std::string full = std::string("string(") + xpath + ")";
  auto bytes_str = xpath_string(ctxt, full.c_str());
  if (!bytes_str) {
    if (!required) return 0;
    return error(VIR_FROM_XML, VIR_ERR_XML_ERROR, "missing element or attribute '%s'", xpath);
  }
  unsigned long long bytes = 0;
  if (!util::str_to_ullp(bytes_str->c_str(), 10, bytes))
    return error(VIR_FROM_XML, VIR_ERR_XML_ERROR,
                 "Invalid value '%s' for element or attribute '%s'", bytes_str->c_str(), xpath);
  std::string uxp = units_xpath ? std::string("string(") + units_xpath + ")"
                                : std::string("string(") + xpath + "/@unit)";
  auto unit = xpath_string(ctxt, uxp.c_str());
  VK_TRY(scale_integer(bytes, unit ? unit->c_str() : nullptr, scale, max));
  out = bytes;
  return 1;
}

Result<int> prop_kib(xmlNodePtr node, const char *attr, const char *unit_attr, bool required,
                     unsigned long long &out) {
  init();
  reset_oom();
  std::unique_ptr<xmlXPathContext, void (*)(xmlXPathContextPtr)> ctxt(xmlXPathNewContext(node->doc),
                                                                      xmlXPathFreeContext);
  throw_if_oom();
  if (!ctxt) throw std::bad_alloc();
  ctxt->node = node;
  std::string xpath = std::string("./@") + attr, units = std::string("./@") + unit_attr;
  const unsigned long long max = LLONG_MAX;
  unsigned long long bytes = 0;
  auto rc =
      parse_scaled_value(ctxt.get(), xpath.c_str(), units.c_str(), 1024, max, required, bytes);
  VK_TRY(rc);
  if (*rc == 0) return 0;
  out = (bytes + 1023) / 1024;
  if (out >= (max + 1023) / 1024)
    return error(VIR_FROM_DOMAIN, VIR_ERR_OVERFLOW, "%s", "size value too large");
  return 1;
}

// ---- output ----

void Buffer::pad() {
  if (indent_ > 0 && (s_.empty() || s_.back() == '\n'))
    s_.append(static_cast<size_t>(indent_), ' ');
}

void Buffer::add(std::string_view s) {
  if (s.empty()) return;
  pad();
  s_.append(s);
}

void Buffer::addf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char stackbuf[512];
  va_list ap2;
  va_copy(ap2, ap);
  int n = std::vsnprintf(stackbuf, sizeof stackbuf, fmt, ap);
  va_end(ap);
  if (n < 0) {
    va_end(ap2);
    return;
  }
  if (static_cast<size_t>(n) < sizeof stackbuf) {
    va_end(ap2);
    add(std::string_view(stackbuf, static_cast<size_t>(n)));
    return;
  }
  std::string big(static_cast<size_t>(n) + 1, '\0');
  std::vsnprintf(big.data(), big.size(), fmt, ap2);
  va_end(ap2);
  big.resize(static_cast<size_t>(n));
  add(big);
}

void Buffer::escape(const char *fmt, const char *str) {
  if (!fmt || !str) return;
  std::string esc;
  for (const char *c = str; *c; c++) {
    unsigned char ch = static_cast<unsigned char>(*c);
    switch (ch) {
      case '<':
        esc += "&lt;";
        break;
      case '>':
        esc += "&gt;";
        break;
      case '&':
        esc += "&amp;";
        break;
      case '"':
        esc += "&quot;";
        break;
      case '\'':
        esc += "&apos;";
        break;
      default:
        // Control characters other than tab, newline and carriage return
        // are dropped.
        if (ch >= 0x01 && ch <= 0x19 && ch != '\t' && ch != '\n' && ch != '\r') break;
        esc.push_back(static_cast<char>(ch));
    }
  }
  // `fmt` holds exactly one %s; substitute it without printf so that a
  // long value is not truncated.
  const char *pos = std::strstr(fmt, "%s");
  if (!pos) {
    add(fmt);
    return;
  }
  std::string out(fmt, static_cast<size_t>(pos - fmt));
  out += esc;
  out += pos + 2;
  add(out);
}

void Buffer::add_buffer(Buffer &other) {
  s_.append(other.s_);
  other.s_.clear();
}

namespace {
void format_element_internal(Buffer &buf, const char *name, Buffer *attrs, Buffer *children,
                             bool allow_empty) {
  bool no_attrs = !attrs || attrs->empty();
  bool no_children = !children || children->empty();
  if (!allow_empty && no_attrs && no_children) return;
  buf.addf("<%s", name);
  if (!no_attrs) buf.add_buffer(*attrs);
  if (!no_children) {
    buf.add(">\n");
    buf.add_buffer(*children);
    buf.addf("</%s>\n", name);
  } else {
    buf.add("/>\n");
  }
}
}  // namespace

void format_element(Buffer &buf, const char *name, Buffer *attrs, Buffer *children) {
  format_element_internal(buf, name, attrs, children, false);
}

void format_element_empty(Buffer &buf, const char *name, Buffer *attrs, Buffer *children) {
  format_element_internal(buf, name, attrs, children, true);
}

void format_element_endtag(Buffer &buf, const char *name, Buffer *attrs, Buffer *children) {
  buf.addf("<%s", name);
  if (attrs) buf.add_buffer(*attrs);
  buf.add(">\n");
  if (children) buf.add_buffer(*children);
  buf.addf("</%s>\n", name);
}

}  // namespace virtkit::xml
