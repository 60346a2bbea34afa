// SPDX-License-Identifier: LGPL-2.1-or-later
// What many of virtkit-sh's commands use: virsh's tables, file reading,
// capacities and typed parameter values.
#include <fcntl.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <cwchar>
#include <cwctype>
#include <string>
#include <vector>

#include "virtkit_sh.h"

namespace virtkit_sh {

namespace {

// A cell as virsh prints it: control characters (and a literal "\x") as
// \xNN, and its width in terminal columns.
std::string encode_cell(const std::string &s, size_t &width) {
  std::string out;
  width = 0;
  std::mbstate_t st{};
  const char *p = s.c_str();
  auto hex = [&](unsigned char ch) {
    char b[8];
    std::snprintf(b, sizeof b, "\\x%02x", ch);
    out += b;
    width += 4;
  };
  while (*p) {
    if ((*p == '\\' && p[1] == 'x') || std::iscntrl(static_cast<unsigned char>(*p))) {
      hex(static_cast<unsigned char>(*p++));
      continue;
    }
    wchar_t wc;
    size_t len = std::mbrtowc(&wc, p, MB_CUR_MAX, &st);
    if (len == 0) break;
    if (len == static_cast<size_t>(-1) || len == static_cast<size_t>(-2)) {
      st = std::mbstate_t{};
      if (std::isprint(static_cast<unsigned char>(*p))) {
        out += *p;
        width++;
      } else {
        hex(static_cast<unsigned char>(*p));
      }
      p++;
      continue;
    }
    if (!std::iswprint(static_cast<wint_t>(wc))) {
      for (size_t i = 0; i < len; i++) hex(static_cast<unsigned char>(p[i]));
    } else {
      out.append(p, len);
      int w = wcwidth(wc);
      width += w > 0 ? static_cast<size_t>(w) : 0;
    }
    p += len;
  }
  return out;
}

}  // namespace

void Table::print() const {
  bool header = !g_quiet;
  size_t ncols = rows_[0].size();
  std::vector<std::vector<std::string>> cells(rows_.size());
  std::vector<std::vector<size_t>> widths(rows_.size());
  std::vector<size_t> maxw(ncols, 0);
  for (size_t i = 0; i < rows_.size(); i++) {
    for (size_t j = 0; j < ncols; j++) {
      size_t w;
      cells[i].push_back(encode_cell(j < rows_[i].size() ? rows_[i][j] : "", w));
      widths[i].push_back(w);
      if (i > 0 || header) maxw[j] = std::max(maxw[j], w);
    }
  }
  std::string out;
  auto row = [&](size_t i) {
    for (size_t j = 0; j < ncols; j++) {
      out += " " + cells[i][j];
      if (j + 1 < ncols) out.append(maxw[j] - widths[i][j] + 2, ' ');
    }
    out += '\n';
  };
  if (header) {
    row(0);
    for (size_t j = 0; j < ncols; j++) out.append(maxw[j] + 3, '-');
    out += '\n';
  }
  for (size_t i = 1; i < rows_.size(); i++) row(i);
  std::fputs(out.c_str(), stdout);
}

bool read_file(const char *path, std::string &out) {
  constexpr size_t kMax = 10 * 1024 * 1024;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error("Failed to open file '%s': %s", path, std::strerror(errno));
    return false;
  }
  out.clear();
  char buf[65536];
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 || out.size() + static_cast<size_t>(n) > kMax) {
      int err = n < 0 ? errno : EINVAL;
      close(fd);
      error("Failed to read file '%s': %s", path, std::strerror(err));
      return false;
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  close(fd);
  return true;
}

namespace {
std::string node_string(xmlDocPtr doc, xmlNodePtr node) {
  xmlBufferPtr buf = xmlBufferCreate();
  if (!buf) throw std::bad_alloc();
  xmlNodeDump(buf, doc, node, 0, 1);
  std::string s(reinterpret_cast<const char *>(xmlBufferContent(buf)),
                static_cast<size_t>(xmlBufferLength(buf)));
  xmlBufferFree(buf);
  return s;
}
}  // namespace

bool print_xml(const char *xml, const char *xpath, bool wrap) {
  if (!xpath) {
    std::printf("%s", xml);
    return true;
  }
  int old_blanks = xmlKeepBlanksDefault(0);
  xmlDocPtr doc = xmlReadMemory(xml, static_cast<int>(std::strlen(xml)), "(xml)", nullptr,
                                XML_PARSE_NONET | XML_PARSE_NOWARNING);
  xmlKeepBlanksDefault(old_blanks);
  if (!doc) {
    error("%s", "(xml): failed to parse XML");
    return false;
  }
  bool ok = true;
  xmlXPathContextPtr ctxt = xmlXPathNewContext(doc);
  // An invalid expression selects nothing (libxml2 itself says why).
  xmlXPathObjectPtr obj = ctxt ? xmlXPathEval(BAD_CAST xpath, ctxt) : nullptr;
  if (obj && obj->type != XPATH_NODESET) {
    error("internal error: Incorrect xpath '%s'", xpath);
    ok = false;
  } else {
    xmlNodeSetPtr set = obj ? obj->nodesetval : nullptr;
    int n = set ? set->nodeNr : 0;
    if (wrap) {
      xmlDocPtr out = xmlNewDoc(BAD_CAST "1.0");
      xmlNodePtr root = xmlNewNode(nullptr, BAD_CAST "nodes");
      xmlDocSetRootElement(out, root);
      for (int i = 0; i < n; i++) xmlAddChild(root, xmlDocCopyNode(set->nodeTab[i], out, 1));
      std::printf("%s\n", node_string(out, root).c_str());
      xmlFreeDoc(out);
    } else {
      for (int i = 0; i < n; i++) std::printf("%s\n", node_string(doc, set->nodeTab[i]).c_str());
    }
  }
  xmlXPathFreeObject(obj);
  xmlXPathFreeContext(ctxt);
  xmlFreeDoc(doc);
  return ok;
}

double pretty_capacity(unsigned long long value, const char *&unit) {
  static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  double limit = 1024;
  for (size_t i = 0; i < 6; i++, limit *= 1024) {
    if (static_cast<double>(value) < limit) {
      unit = units[i];
      return static_cast<double>(value) / (limit / 1024);
    }
  }
  unit = units[6];
  return static_cast<double>(value) / (limit / 1024);
}

void scale_error(virtkit::util::ScaleError e, unsigned long long value, const char *suffix) {
  if (e == virtkit::util::ScaleError::kBadSuffix)
    error("invalid argument: unknown suffix '%s'", suffix);
  else if (e == virtkit::util::ScaleError::kOverflow)
    error("numerical overflow: value too large: %llu%s", value, suffix);
}

std::string typed_param_value(const virTypedParameter &p) {
  char b[64];
  switch (p.type) {
    case VIR_TYPED_PARAM_INT:
      std::snprintf(b, sizeof b, "%d", p.value.i);
      return b;
    case VIR_TYPED_PARAM_UINT:
      std::snprintf(b, sizeof b, "%u", p.value.ui);
      return b;
    case VIR_TYPED_PARAM_LLONG:
      std::snprintf(b, sizeof b, "%lld", p.value.l);
      return b;
    case VIR_TYPED_PARAM_ULLONG:
      std::snprintf(b, sizeof b, "%llu", p.value.ul);
      return b;
    case VIR_TYPED_PARAM_DOUBLE:
      std::snprintf(b, sizeof b, "%f", p.value.d);
      return b;
    case VIR_TYPED_PARAM_BOOLEAN:
      return p.value.b ? "yes" : "no";
    case VIR_TYPED_PARAM_STRING:
      return p.value.s ? p.value.s : "";
    default:
      error("unimplemented parameter type %d", p.type);
      std::exit(EXIT_FAILURE);
  }
}

}  // namespace virtkit_sh
