// SPDX-License-Identifier: LGPL-2.1-or-later
// A parsed XML document with XPath queries answered as virsh's virXPath*
// helpers answer them (an empty string is no string), for the commands that
// read domain or capabilities XML (cmd_monitor.cc, cmd_host.cc).
#pragma once

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "virtkit_sh.h"

namespace virtkit_sh {

class XmlDoc {
 public:
  // Quiet parse; false when the text is not well-formed.
  bool parse(const std::string &text) {
    doc_.reset(xmlReadMemory(text.data(), static_cast<int>(text.size()), nullptr, nullptr,
                             XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING));
    if (!doc_) return false;
    ctxt_.reset(xmlXPathNewContext(doc_.get()));
    return ctxt_ != nullptr;
  }
  // virXMLParseStringCtxt: as parse(), but a malformed document is reported
  // as libvirt reports it (the first fatal error, its line and a pointer).
  bool parse_reporting(const std::string &text, const char *url) {
    std::unique_ptr<xmlParserCtxt, decltype(&xmlFreeParserCtxt)> p(xmlNewParserCtxt(),
                                                                   xmlFreeParserCtxt);
    bool reported = false;
    p->_private = &reported;
    p->sax->error = on_parse_error;
    doc_.reset(xmlCtxtReadDoc(p.get(), reinterpret_cast<const xmlChar *>(text.c_str()), url,
                              nullptr, XML_PARSE_NONET | XML_PARSE_NOWARNING));
    if (!doc_) {
      if (!reported) error("XML error: failed to parse xml document '%s'", url);
      return false;
    }
    if (!root()) {
      error("internal error: missing root element");
      return false;
    }
    ctxt_.reset(xmlXPathNewContext(doc_.get()));
    return ctxt_ != nullptr;
  }

  xmlDocPtr get() const { return doc_.get(); }
  xmlNodePtr root() const { return xmlDocGetRootElement(doc_.get()); }

  // virXPathNodeSet: the nodes XPATH selects from NODE (default: the root
  // element); none when the expression is invalid (libxml2 says why on
  // stderr), nullopt when it is not a node set.
  std::optional<std::vector<xmlNodePtr>> nodes(const char *xpath, xmlNodePtr node = nullptr) const {
    auto obj = eval(xpath, node);
    std::vector<xmlNodePtr> out;
    if (!obj) return out;
    if (obj->type != XPATH_NODESET) return std::nullopt;
    if (obj->nodesetval)
      for (int i = 0; i < obj->nodesetval->nodeNr; i++) out.push_back(obj->nodesetval->nodeTab[i]);
    return out;
  }

  // virXPathString: the string value, nullopt when empty or invalid.
  std::optional<std::string> string(const char *xpath, xmlNodePtr node = nullptr) const {
    auto obj = eval(xpath, node);
    if (!obj || obj->type != XPATH_STRING || !obj->stringval || !*obj->stringval)
      return std::nullopt;
    return std::string(reinterpret_cast<const char *>(obj->stringval));
  }

  // virXPathBoolean: 1 true, 0 false, -1 invalid.
  int boolean(const char *xpath, xmlNodePtr node = nullptr) const {
    auto obj = eval(xpath, node);
    if (!obj || obj->type != XPATH_BOOLEAN) return -1;
    return obj->boolval ? 1 : 0;
  }

  // A node and its children as text (virXMLNodeToString).
  std::string dump(xmlNodePtr node) const {
    std::unique_ptr<xmlBuffer, decltype(&xmlBufferFree)> buf(xmlBufferCreate(), xmlBufferFree);
    xmlNodeDump(buf.get(), doc_.get(), node, 0, 0);
    return reinterpret_cast<const char *>(xmlBufferContent(buf.get()));
  }

  // An attribute's value; nullopt when absent.
  static std::optional<std::string> prop(xmlNodePtr node, const char *name) {
    xmlChar *v = xmlGetProp(node, reinterpret_cast<const xmlChar *>(name));
    if (!v) return std::nullopt;
    std::string s(reinterpret_cast<const char *>(v));
    xmlFree(v);
    return s;
  }

 private:
  // libvirt's catchXMLError: "FILE:LINE: MESSAGE", the line, a pointer.
  static void on_parse_error(void *ctx, const char *, ...) {
    auto *p = static_cast<xmlParserCtxtPtr>(ctx);
    bool *reported = static_cast<bool *>(p->_private);
    if (*reported || !p->input || p->lastError.level != XML_ERR_FATAL || !p->lastError.message)
      return;
    *reported = true;
    const xmlChar *cur = p->input->cur, *base = p->input->base;
    while (cur > base && (*cur == '\n' || *cur == '\r')) cur--;
    while (cur > base && *cur != '\n' && *cur != '\r') cur--;
    if (*cur == '\n' || *cur == '\r') cur++;
    size_t col = static_cast<size_t>(p->input->cur - cur);
    std::string line, pointer;
    while (*cur && *cur != '\n' && *cur != '\r') line += static_cast<char>(*cur++);
    for (size_t n = 0; n < col && n < line.size(); n++) pointer += line[n] == '\t' ? '\t' : '-';
    pointer += '^';
    if (p->lastError.file)
      error("%s:%d: %s%s\n%s", p->lastError.file, p->lastError.line, p->lastError.message,
            line.c_str(), pointer.c_str());
    else
      error("at line %d: %s%s\n%s", p->lastError.line, p->lastError.message, line.c_str(),
            pointer.c_str());
  }

  struct FreeDoc {
    void operator()(xmlDocPtr d) const { xmlFreeDoc(d); }
  };
  struct FreeCtxt {
    void operator()(xmlXPathContextPtr c) const { xmlXPathFreeContext(c); }
  };
  struct FreeObj {
    void operator()(xmlXPathObjectPtr o) const { xmlXPathFreeObject(o); }
  };
  std::unique_ptr<xmlXPathObject, FreeObj> eval(const char *xpath, xmlNodePtr node) const {
    ctxt_->node = node ? node : root();
    return std::unique_ptr<xmlXPathObject, FreeObj>(
        xmlXPathEval(reinterpret_cast<const xmlChar *>(xpath), ctxt_.get()));
  }
  std::unique_ptr<xmlDoc, FreeDoc> doc_;
  std::unique_ptr<xmlXPathContext, FreeCtxt> ctxt_;
};

}  // namespace virtkit_sh
