// SPDX-License-Identifier: LGPL-2.1-or-later
// virsh's XML building and domain XML reading for the device, block and
// migration commands (see cmd_domain_xml.h).
#include "cmd_domain_xml.h"

#include <cstdio>
#include <cstring>

namespace virtkit_sh::domx {

void Buf::add(const std::string &s) {
  if (s_.empty() || s_.back() == '\n') s_.append(static_cast<size_t>(indent_), ' ');
  s_ += s;
}

void Buf::esc(const char *fmt, const char *value) {
  if (!value) return;
  std::string v;
  for (const char *p = value; *p; p++) {
    switch (*p) {
      case '<':
        v += "&lt;";
        break;
      case '>':
        v += "&gt;";
        break;
      case '&':
        v += "&amp;";
        break;
      case '"':
        v += "&quot;";
        break;
      case '\'':
        v += "&apos;";
        break;
      default:
        // Control characters other than tab, newline and return are dropped.
        if (static_cast<unsigned char>(*p) < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') break;
        v += *p;
    }
  }
  const char *pct = std::strstr(fmt, "%s");
  add(std::string(fmt, static_cast<size_t>(pct - fmt)) + v + (pct + 2));
}

void element(Buf &out, const char *name, const Buf &attrs, const Buf *children) {
  bool has_children = children && !children->empty();
  if (attrs.empty() && !has_children) return;
  out.add(std::string("<") + name);
  out.append(attrs);
  if (has_children) {
    out.add(">\n");
    out.append(*children);
    out.add(std::string("</") + name + ">\n");
  } else {
    out.add("/>\n");
  }
}

bool affect(const Cmd &c, bool persistent_opt, unsigned &flags) {
  bool persistent = persistent_opt && c.has("persistent");
  if (persistent_opt && !exclusive(c, "persistent", "current")) return false;
  if (!exclusive(c, "current", "live") || !exclusive(c, "current", "config")) return false;
  flags = VIR_DOMAIN_AFFECT_CURRENT;
  if (c.has("config") || persistent) flags |= VIR_DOMAIN_AFFECT_CONFIG;
  if (c.has("live")) flags |= VIR_DOMAIN_AFFECT_LIVE;
  return true;
}

bool requires_opt(const Cmd &c, const char *a, const char *b) {
  if (c.has(a) && !c.has(b)) {
    error("Option --%s is required by option --%s", b, a);
    return false;
  }
  return true;
}

void print_progress(const char *label, unsigned long long remaining, unsigned long long total) {
  int progress = 100;
  if (remaining != 0) {
    // In floating point, as virsh, so that large totals cannot overflow.
    progress = static_cast<int>(100.0 - static_cast<double>(remaining) * 100.0 /
                                            static_cast<double>(total));
    if (progress >= 100) progress = 99;
  }
  std::fflush(stdout);
  std::fprintf(stderr, "\r%s: [%3d %%]", label, progress);
  std::fflush(stderr);
}

Doc::~Doc() {
  xmlXPathFreeContext(ctxt);
  xmlFreeDoc(doc);
}

bool Doc::parse(const std::string &xml) {
  doc = xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "(domain_definition)", nullptr,
                      XML_PARSE_NONET | XML_PARSE_NOWARNING);
  if (!doc) return false;
  ctxt = xmlXPathNewContext(doc);
  if (!ctxt) return false;
  ctxt->node = xmlDocGetRootElement(doc);
  return true;
}

std::optional<std::vector<xmlNodePtr>> Doc::nodes(const std::string &xpath) {
  std::vector<xmlNodePtr> out;
  xmlXPathObjectPtr obj = xmlXPathEval(BAD_CAST xpath.c_str(), ctxt);
  if (!obj) return out;
  if (obj->type != XPATH_NODESET) {
    xmlXPathFreeObject(obj);
    error("internal error: Incorrect xpath '%s'", xpath.c_str());
    return std::nullopt;
  }
  if (obj->nodesetval)
    for (int i = 0; i < obj->nodesetval->nodeNr; i++) out.push_back(obj->nodesetval->nodeTab[i]);
  xmlXPathFreeObject(obj);
  return out;
}

std::optional<std::string> Doc::string(xmlNodePtr node, const char *xpath) {
  xmlNodePtr saved = ctxt->node;
  ctxt->node = node;
  xmlXPathObjectPtr obj = xmlXPathEval(BAD_CAST xpath, ctxt);
  ctxt->node = saved;
  std::optional<std::string> out;
  if (obj && obj->type == XPATH_STRING && obj->stringval && obj->stringval[0])
    out = reinterpret_cast<const char *>(obj->stringval);
  xmlXPathFreeObject(obj);
  return out;
}

std::string node_string(xmlDocPtr doc, xmlNodePtr node) {
  xmlBufferPtr buf = xmlBufferCreate();
  xmlNodeDump(buf, doc, node, 0, 1);
  std::string s(reinterpret_cast<const char *>(xmlBufferContent(buf)),
                static_cast<size_t>(xmlBufferLength(buf)));
  xmlBufferFree(buf);
  return s;
}

std::optional<std::string> prop(xmlNodePtr node, const char *name) {
  xmlChar *v = xmlGetProp(node, BAD_CAST name);
  if (!v) return std::nullopt;
  std::string s(reinterpret_cast<const char *>(v));
  xmlFree(v);
  return s;
}

}  // namespace virtkit_sh::domx
