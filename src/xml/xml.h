// SPDX-License-Identifier: LGPL-2.1-or-later
// A small layer over libxml2: documents parsed with libvirt's error
// conventions, XPath and attribute helpers, and an output buffer that
// formats XML the way libvirt does (two-space indentation, single-quoted
// attributes, libvirt's escaping).
#pragma once

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "error/status.h"
#include "util/numbers.h"

namespace virtkit::xml {

// Initialises libxml2 once per process (thread-safe). Every entry to this
// layer calls it; callers using libxml2 directly should too.
void init();

// libxml2 answers an allocation failure with a missing or partial result
// (and may go on to report unrelated errors). init() chains a wrapper to
// libxml2's allocator that notes failures per thread: callers reset the note
// before a libxml2 call and then call throw_if_oom(), which throws
// std::bad_alloc (reported by the entry guard as VIR_ERR_NO_MEMORY) rather
// than let the failure pass for an absent element. The helpers below do it.
void reset_oom() noexcept;
void throw_if_oom();

// A parsed document with an XPath context whose current node starts at the
// root element. Movable, owns both.
class Document {
 public:
  Document() = default;
  Document(xmlDocPtr doc, xmlXPathContextPtr ctxt) noexcept : doc_(doc), ctxt_(ctxt) {}
  Document(Document &&o) noexcept;
  Document &operator=(Document &&o) noexcept;
  Document(const Document &) = delete;
  Document &operator=(const Document &) = delete;
  ~Document();

  xmlDocPtr doc() const noexcept { return doc_; }
  xmlXPathContextPtr ctxt() const noexcept { return ctxt_; }
  xmlNodePtr root() const noexcept { return xmlDocGetRootElement(doc_); }

 private:
  xmlDocPtr doc_ = nullptr;
  xmlXPathContextPtr ctxt_ = nullptr;
};

// libvirt's virXMLParseHelper. `domcode` is the error domain of the caller
// (its VIR_FROM_THIS): parse errors are reported in it. `url` names the
// document in messages for string input. When `root` is given the root
// element must have that name ("expecting root element of ..." otherwise).
// `noblanks` drops ignorable whitespace (libvirt's domain parser does so).
Result<Document> parse_string(int domcode, const char *text, const char *url, const char *root,
                              bool noblanks = false);
Result<Document> parse_file(int domcode, const char *path, const char *root, bool noblanks = false);

// Validates `doc` against the RelaxNG schema `schema_path` (libvirt's
// virXMLValidateAgainstSchema error texts).
Status validate_against_schema(const char *schema_path, xmlDocPtr doc);

// ---- XPath, evaluated relative to ctxt->node ----

// Restores ctxt->node on scope exit (VIR_XPATH_NODE_AUTORESTORE).
class NodeRestore {
 public:
  explicit NodeRestore(xmlXPathContextPtr ctxt) noexcept : ctxt_(ctxt), saved_(ctxt->node) {}
  ~NodeRestore() { ctxt_->node = saved_; }
  NodeRestore(const NodeRestore &) = delete;
  NodeRestore &operator=(const NodeRestore &) = delete;

 private:
  xmlXPathContextPtr ctxt_;
  xmlNodePtr saved_;
};

// virXPathString: the string value, or nullopt when empty or not a string.
std::optional<std::string> xpath_string(xmlXPathContextPtr ctxt, const char *expr);
// virXPathNode: first matching node or nullptr.
xmlNodePtr xpath_node(xmlXPathContextPtr ctxt, const char *expr);
// virXPathNodeSet: matching nodes (empty when none).
std::vector<xmlNodePtr> xpath_nodes(xmlXPathContextPtr ctxt, const char *expr);
// virXPathBoolean: 0/1, or -1 on a non-boolean result.
int xpath_boolean(xmlXPathContextPtr ctxt, const char *expr);
// virXPathInt / UInt / ULongLong: 0 ok (`out` set), -1 absent or empty, -2 not
// a valid number.
int xpath_int(xmlXPathContextPtr ctxt, const char *expr, int &out);
int xpath_uint(xmlXPathContextPtr ctxt, const char *expr, unsigned &out);
int xpath_ull(xmlXPathContextPtr ctxt, const char *expr, unsigned long long &out);

// virXMLPropString: attribute value or nullopt.
std::optional<std::string> prop(xmlNodePtr node, const char *name);
// libvirt's virXPathString on string(./@name), or with `siblings` on
// string(./E/@name) where `node` is the first E: the value from the first E
// that has the attribute; nullopt when absent or empty.
std::optional<std::string> prop_xpath(xmlNodePtr node, const char *name, bool siblings);
// xmlNodeGetContent of an element.
std::string content(xmlNodePtr node);
inline bool name_is(xmlNodePtr node, const char *name) {
  return node && xmlStrEqual(node->name, reinterpret_cast<const xmlChar *>(name));
}
inline const char *name_of(xmlNodePtr node) {
  return reinterpret_cast<const char *>(node->name);
}

// For src/drivers, which still names them here: util/numbers.h has them.
using util::str_to_ui;
using util::str_to_ullp;

// ---- libvirt's virXMLProp* helpers; errors are VIR_FROM_XML like libvirt's ----
enum PropFlags : unsigned {
  kPropNone = 0,
  kPropRequired = 1u << 0,
  kPropNonZero = 1u << 1,
  kPropNonNegative = 1u << 2,
};
// Returns 1 when set, 0 when absent (value left at default), error otherwise.
Result<int> prop_uint(xmlNodePtr node, const char *name, int base, unsigned flags, unsigned &out);
Result<int> prop_int(xmlNodePtr node, const char *name, int base, unsigned flags, int &out,
                     int dflt);
Result<int> prop_ull(xmlNodePtr node, const char *name, int base, unsigned flags,
                     unsigned long long &out);
// An enumerated attribute: `names` is the libvirt enum's string table.
Result<int> prop_enum(xmlNodePtr node, const char *name, const std::vector<std::string_view> &names,
                      unsigned flags, int &out, int dflt = 0);
// Tristate "yes"/"no" (bool) and "on"/"off" (switch): 0 absent, 1 yes/on, 2 no/off.
Result<int> prop_tristate_bool(xmlNodePtr node, const char *name, unsigned flags, int &out);
Result<int> prop_tristate_switch(xmlNodePtr node, const char *name, unsigned flags, int &out);

// libvirt's virScaleInteger (unit suffixes b, k/KiB/KB, M, G, T, P, E).
Status scale_integer(unsigned long long &value, const char *suffix, unsigned long long scale,
                     unsigned long long limit);
// libvirt's virParseScaledValue: 1 found, 0 absent (when !required).
Result<int> parse_scaled_value(xmlXPathContextPtr ctxt, const char *xpath, const char *units_xpath,
                               unsigned long long scale, unsigned long long max, bool required,
                               unsigned long long &out);

// libvirt's virDomainParseMemory on an element's attributes ("./@size",
// "./@unit"): the value scaled to KiB, rounded up, below LLONG_MAX bytes.
// 1 found, 0 absent (when !required).
Result<int> prop_kib(xmlNodePtr node, const char *attr, const char *unit_attr, bool required,
                     unsigned long long &out);

// ---- output ----

// libvirt's virBuffer: text added at the start of a line gets the current
// indentation.
class Buffer {
 public:
  Buffer() = default;
  // A child buffer for nested content: indented two more than `parent`.
  static Buffer child_of(const Buffer &parent) {
    Buffer b;
    b.indent_ = parent.indent_ + 2;
    return b;
  }

  void add(std::string_view s);
  void addf(const char *fmt, ...) __attribute__((format(printf, 2, 3)));
  // virBufferEscapeString: nothing when `str` is null; else `fmt` with one
  // %s replaced by the escaped string.
  void escape(const char *fmt, const char *str);
  void escape(const char *fmt, const std::optional<std::string> &str) {
    if (str) escape(fmt, str->c_str());
  }
  void add_buffer(Buffer &other);  // appends raw and empties `other`
  void indent(int delta) { indent_ += delta; }
  bool empty() const noexcept { return s_.empty(); }
  const std::string &str() const noexcept { return s_; }
  std::string take() { return std::move(s_); }

 private:
  void pad();
  std::string s_;
  int indent_ = 0;
};

// virXMLFormatElement: nothing when both buffers are empty; `<name/>` when
// only attributes; otherwise `<name attrs>\n children</name>`.
void format_element(Buffer &buf, const char *name, Buffer *attrs, Buffer *children);
// virXMLFormatElementEmpty: always emitted.
void format_element_empty(Buffer &buf, const char *name, Buffer *attrs, Buffer *children);

// Always `<name attrs>\n children</name>`, as libvirt's hand-written
// formatters that add ">\n" and the end tag unconditionally.
void format_element_endtag(Buffer &buf, const char *name, Buffer *attrs, Buffer *children);

// A libvirt enum's string table lookup: index or -1.
int enum_from_string(const std::vector<std::string_view> &names, std::string_view s);

}  // namespace virtkit::xml
