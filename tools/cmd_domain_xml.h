// SPDX-License-Identifier: LGPL-2.1-or-later
// What the device, block and migration commands share: virsh's option checks
// and job progress line, XML built the way virsh's
// virBuffer builds it, and domain XML read with libxml2 as virsh reads it.
#pragma once

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>

#include <optional>
#include <string>
#include <vector>

#include "virtkit_sh.h"

namespace virtkit_sh::domx {

// virBuffer: text with automatic indentation at the start of each line.
class Buf {
 public:
  explicit Buf(int indent = 0) : indent_(indent) {}
  // Text (one printf-style piece), indented when it starts a line.
  void add(const std::string &s);
  // virBufferEscapeString: FMT with one %s, the value XML-escaped; nothing
  // when the value is null.
  void esc(const char *fmt, const char *value);
  // Another buffer's text as is (virBufferAddBuffer).
  void append(const Buf &b) { s_ += b.s_; }
  void adjust(int by) { indent_ += by; }
  int indent() const { return indent_; }
  bool empty() const { return s_.empty(); }
  const std::string &str() const { return s_; }

 private:
  std::string s_;
  int indent_;
};

// virXMLFormatElement: <name attrs/> or <name attrs>children</name>, nothing
// when both are empty.
void element(Buf &out, const char *name, const Buf &attrs, const Buf *children);

// --persistent (when allowed), --config, --live and --current: virsh's
// exclusivity checks and the VIR_DOMAIN_AFFECT_* flags; false after the error.
bool affect(const Cmd &c, bool persistent_opt, unsigned &flags);

// VSH_REQUIRE_OPTION: false after the error when A is given without B.
bool requires_opt(const Cmd &c, const char *a, const char *b);

// virshPrintJobProgress: "\rLABEL: [ NN %]" on stderr; 100 only when nothing
// remains.
void print_progress(const char *label, unsigned long long remaining, unsigned long long total);

// A parsed XML document with an XPath context, as virXMLParseStringCtxt.
class Doc {
 public:
  Doc() = default;
  Doc(const Doc &) = delete;
  Doc &operator=(const Doc &) = delete;
  ~Doc();
  bool parse(const std::string &xml);
  xmlDocPtr doc = nullptr;
  xmlXPathContextPtr ctxt = nullptr;

  // virXPathNodeSet: the nodes, or nullopt after "Incorrect xpath" when the
  // expression is not a node set (an invalid one selects nothing).
  std::optional<std::vector<xmlNodePtr>> nodes(const std::string &xpath);
  // virXPathString relative to NODE: nullopt when empty or not a string.
  std::optional<std::string> string(xmlNodePtr node, const char *xpath);
};

// virXMLNodeToString: the node formatted by libxml2.
std::string node_string(xmlDocPtr doc, xmlNodePtr node);

// virXMLPropString: an attribute's value, if present.
std::optional<std::string> prop(xmlNodePtr node, const char *name);

}  // namespace virtkit_sh::domx
