// SPDX-License-Identifier: LGPL-2.1-or-later
// virtkit-sh's checkpoint commands (checkpoint-create, checkpoint-list,
// checkpoint-delete, ...), printing what Debian's virsh 9.0.0 prints for each.
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <strings.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <virtkit/checkpoint.hpp>

#include "virtkit_sh.h"

namespace virtkit_sh {

namespace {

using Checkpoint = virtkit::DomainCheckpoint;

// A name as virsh prints it: "(null)" (printf of NULL) if it cannot be had.
std::string name_of(const Checkpoint &c) {
  return c.try_name().value_or(std::string("(null)"));
}

// The parent and creation time of a checkpoint, from its XML; false when
// the XML cannot be had or has no valid creation time.
bool checkpoint_facts(const Checkpoint &chk, std::optional<std::string> &parent,
                      long long &created) {
  auto xml = chk.try_xml();
  if (!xml) return false;
  xmlDocPtr doc = xmlReadMemory(xml->data(), static_cast<int>(xml->size()), "(domain_checkpoint)",
                                nullptr, XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_NOERROR);
  if (!doc) return false;
  xmlXPathContextPtr ctxt = xmlXPathNewContext(doc);
  // virXPathString: an empty value is none.
  auto string = [&](const char *expr) {
    std::optional<std::string> out;
    xmlXPathObjectPtr obj = ctxt ? xmlXPathEval(BAD_CAST expr, ctxt) : nullptr;
    if (obj && obj->type == XPATH_STRING && obj->stringval && obj->stringval[0])
      out = reinterpret_cast<const char *>(obj->stringval);
    xmlXPathFreeObject(obj);
    return out;
  };
  parent = string("string(/domaincheckpoint/parent/name)");
  auto when = string("string(/domaincheckpoint/creationTime)");
  xmlXPathFreeContext(ctxt);
  xmlFreeDoc(doc);
  if (!when) return false;
  char *end = nullptr;
  errno = 0;
  created = std::strtoll(when->c_str(), &end, 10);
  return errno == 0 && end != when->c_str() && *end == '\0';
}

// virsh's checkpoint lookup by the name in --ARG; false after the error.
bool lookup_checkpoint(const Cmd &c, const char *arg, const virtkit::Domain &dom, Checkpoint &chk,
                       std::string &name) {
  const char *given = nullptr;
  if (c.string(arg, given) < 0) return false;
  if (!given) {
    error("--%s is required", arg);
    return false;
  }
  auto found = Checkpoint::try_lookup_by_name(dom, given);
  if (!found) {
    report_last();
    return false;
  }
  chk = std::move(*found);
  name = name_of(chk);
  return true;
}

// The name of a checkpoint's parent (nullopt for a root); false after the
// error.
bool checkpoint_parent(const Checkpoint &chk, std::optional<std::string> &parent) {
  parent.reset();
  if (auto p = chk.try_parent()) {
    parent = name_of(*p);
  } else {
    if (p.error().code() != VIR_ERR_NO_DOMAIN_CHECKPOINT) {
      report_last();
      error("unable to determine if checkpoint has parent");
      return false;
    }
  }
  reset_error();
  return true;
}

bool create_checkpoint(const virtkit::Domain &dom, const std::string &xml, unsigned flags,
                       const char *from) {
  auto chk = Checkpoint::try_create_xml(dom, xml, flags);
  if (!chk) return false;
  auto name = chk->try_name();
  if (!name) {
    error("Could not get checkpoint name");
    return false;
  }
  if (from)
    extra("Domain checkpoint %s created from '%s'", name->c_str(), from);
  else
    extra("Domain checkpoint %s created", name->c_str());
  return true;
}

// One --diskspec of checkpoint-create-as as a <disk> element; false after
// the error.
bool diskspec_xml(const std::string &spec, std::string &buf) {
  auto parts = string_to_array(spec);
  std::optional<std::string> checkpoint, bitmap;
  for (size_t i = 1; i < parts.size(); i++) {
    const std::string &p = parts[i];
    if (!checkpoint && p.starts_with("checkpoint=")) {
      checkpoint = p.substr(11);
    } else if (!bitmap && p.starts_with("bitmap=")) {
      bitmap = p.substr(7);
    } else {
      error("unable to parse diskspec: %s", spec.c_str());
      return false;
    }
  }
  // An empty spec has no name: virsh writes a bare "/>".
  buf += parts.empty() ? "    " : "    <disk name='" + escape_xml(parts[0]) + "'";
  if (checkpoint) buf += " checkpoint='" + *checkpoint + "'";
  if (bitmap) buf += " bitmap='" + *bitmap + "'";
  buf += "/>\n";
  return true;
}

// One listed checkpoint, with its parent for a tree.
struct Listed {
  Checkpoint chk;
  std::optional<std::string> parent;
};

}  // namespace

bool cmd_checkpoint_create(Shell &sh, const Cmd &c) {
  if (c.has("redefine-validate") && !c.has("redefine")) {
    error("Option --%s is required by option --%s", "redefine", "redefine-validate");
    return false;
  }
  unsigned flags = 0;
  if (c.has("redefine")) flags |= VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE;
  if (c.has("redefine-validate")) flags |= VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE_VALIDATE;
  if (c.has("quiesce")) flags |= VIR_DOMAIN_CHECKPOINT_CREATE_QUIESCE;
  auto d = sh.domain(c);
  if (!d) return false;
  const char *from = nullptr;
  if (c.string("xmlfile", from) < 0) return false;
  std::string xml = "<domaincheckpoint/>";
  if (from && !read_file(from, xml)) {
    reset_error();
    return false;
  }
  return create_checkpoint(*d, xml, flags, from);
}

bool cmd_checkpoint_create_as(Shell &sh, const Cmd &c) {
  unsigned flags = c.has("quiesce") ? VIR_DOMAIN_CHECKPOINT_CREATE_QUIESCE : 0;
  auto d = sh.domain(c);
  if (!d) return false;
  const char *name = nullptr, *desc = nullptr;
  if (c.string("name", name) < 0 || c.string("description", desc) < 0) return false;
  std::string xml = "<domaincheckpoint>\n";
  if (name) xml += "  <name>" + escape_xml(name) + "</name>\n";
  if (desc) xml += "  <description>" + escape_xml(desc) + "</description>\n";
  if (c.has("diskspec")) {
    xml += "  <disks>\n";
    for (const std::string &spec : c.argv())
      if (!diskspec_xml(spec, xml)) return false;
    xml += "  </disks>\n";
  }
  xml += "</domaincheckpoint>\n";
  if (c.has("print-xml")) {
    std::printf("%s\n", xml.c_str());
    return true;
  }
  return create_checkpoint(*d, xml, flags, nullptr);
}

bool cmd_checkpoint_delete(Shell &sh, const Cmd &c) {
  auto d = sh.domain(c);
  if (!d) return false;
  Checkpoint chk;
  std::string name;
  if (!lookup_checkpoint(c, "checkpointname", *d, chk, name)) return false;
  unsigned flags = 0;
  if (c.has("children")) flags |= VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN;
  if (c.has("children-only")) flags |= VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN_ONLY;
  if (c.has("metadata")) flags |= VIR_DOMAIN_CHECKPOINT_DELETE_METADATA_ONLY;
  if (!chk.try_remove(flags)) {
    error("Failed to delete checkpoint %s", name.c_str());
    return false;
  }
  if (flags & VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN_ONLY)
    extra("Domain checkpoint %s children deleted\n", name.c_str());
  else
    extra("Domain checkpoint %s deleted\n", name.c_str());
  return true;
}

bool cmd_checkpoint_dumpxml(Shell &sh, const Cmd &c) {
  unsigned flags = 0;
  if (c.has("security-info")) flags |= VIR_DOMAIN_CHECKPOINT_XML_SECURE;
  if (c.has("no-domain")) flags |= VIR_DOMAIN_CHECKPOINT_XML_NO_DOMAIN;
  if (c.has("size")) flags |= VIR_DOMAIN_CHECKPOINT_XML_SIZE;
  bool wrap = c.has("wrap");
  auto d = sh.domain(c);
  if (!d) return false;
  const char *xpath = nullptr;
  if (c.string_quiet("xpath", xpath) < 0) return false;
  Checkpoint chk;
  std::string name;
  if (!lookup_checkpoint(c, "checkpointname", *d, chk, name)) return false;
  auto xml = chk.try_xml(flags);
  if (!xml) return false;
  return print_xml(xml->c_str(), xpath, wrap);
}

bool cmd_checkpoint_info(Shell &sh, const Cmd &c) {
  auto d = sh.domain(c);
  if (!d) return false;
  Checkpoint chk;
  std::string name;
  if (!lookup_checkpoint(c, "checkpointname", *d, chk, name)) return false;
  std::printf("%-15s %s\n", "Name:", name.c_str());
  std::printf("%-15s %s\n", "Domain:", d->try_name().value_or(std::string("(null)")).c_str());
  std::optional<std::string> parent;
  if (!checkpoint_parent(chk, parent)) {
    error("unexpected problem querying checkpoint state");
    return false;
  }
  std::printf("%-15s %s\n", "Parent:", parent ? parent->c_str() : "-");
  auto children = chk.try_list_all_children();
  if (!children) {
    if (children.error().code() == VIR_ERR_NO_SUPPORT) {
      reset_error();
      return true;
    }
    return false;
  }
  std::printf("%-15s %zu\n", "Children:", children->size());
  auto descendants = chk.try_list_all_children(VIR_DOMAIN_CHECKPOINT_LIST_DESCENDANTS);
  if (!descendants) return false;
  std::printf("%-15s %zu\n", "Descendants:", descendants->size());
  return true;
}

bool cmd_checkpoint_list(Shell &sh, const Cmd &c) {
  bool tree = c.has("tree"), name = c.has("name"), from = c.has("from"), parent = c.has("parent"),
       roots = c.has("roots");
  if (!exclusive(c, "tree", "name") || !exclusive(c, "parent", "roots") ||
      !exclusive(c, "parent", "tree") || !exclusive(c, "roots", "tree") ||
      !exclusive(c, "roots", "from"))
    return false;
  unsigned flags = 0;
  static const std::pair<const char *, unsigned> filters[] = {
      {"leaves", VIR_DOMAIN_CHECKPOINT_LIST_LEAVES},
      {"no-leaves", VIR_DOMAIN_CHECKPOINT_LIST_NO_LEAVES}};
  for (auto &f : filters) {
    if (!c.has(f.first)) continue;
    if (tree) {
      error("--%s and --tree are mutually exclusive", f.first);
      return false;
    }
    flags |= f.second;
  }
  if (c.has("topological")) flags |= VIR_DOMAIN_CHECKPOINT_LIST_TOPOLOGICAL;
  if (roots) flags |= VIR_DOMAIN_CHECKPOINT_LIST_ROOTS;
  if (c.has("descendants")) {
    if (!from) {
      error("--descendants requires --from");
      return false;
    }
    flags |= VIR_DOMAIN_CHECKPOINT_LIST_DESCENDANTS;
  }
  auto d = sh.domain(c);
  if (!d) return false;
  Checkpoint start;
  std::string start_name;
  if (from && !lookup_checkpoint(c, "from", *d, start, start_name)) return false;

  auto chks = start ? start.try_list_all_children(flags) : Checkpoint::try_list_all(*d, flags);
  if (!chks) {
    error("unexpected problem querying checkpoints");
    return false;
  }
  std::vector<Listed> list;
  for (Checkpoint &chk : *chks) list.push_back({std::move(chk), std::nullopt});
  if (tree) {
    for (auto &l : list)
      if (!checkpoint_parent(l.chk, l.parent)) return false;
    // With --from, the tree's root is the starting checkpoint.
    if (start) list.push_back({std::move(start), std::nullopt});
  }
  if (!(flags & VIR_DOMAIN_CHECKPOINT_LIST_TOPOLOGICAL))
    std::stable_sort(list.begin(), list.end(), [](const Listed &a, const Listed &b) {
      return strcasecmp(name_of(a.chk).c_str(), name_of(b.chk).c_str()) < 0;
    });

  if (tree) {
    std::vector<std::string> names;
    for (const Listed &l : list) names.push_back(name_of(l.chk));
    print_tree(list.size(), [&](size_t i) {
      TreeItem t{names[i], kTreeRoot};
      if (list[i].parent) {
        auto it = std::find(names.begin(), names.end(), *list[i].parent);
        t.parent = it - names.begin();
      }
      return t;
    });
    return true;
  }
  std::optional<Table> table;
  if (!name) {
    if (parent)
      table.emplace(std::vector<std::string>{"Name", "Creation Time", "Parent"});
    else
      table.emplace(std::vector<std::string>{"Name", "Creation Time"});
  }
  for (auto &l : list) {
    std::string chk_name = name_of(l.chk);
    if (name) {
      std::printf("%s\n", chk_name.c_str());
      continue;
    }
    // A checkpoint whose XML cannot be had is left out.
    std::optional<std::string> parent_name;
    long long created;
    if (!checkpoint_facts(l.chk, parent_name, created)) continue;
    std::vector<std::string> row{chk_name, local_time(created)};
    if (parent) row.push_back(parent_name.value_or(""));
    table->add(std::move(row));
  }
  if (table) table->print();
  return true;
}

bool cmd_checkpoint_parent(Shell &sh, const Cmd &c) {
  auto d = sh.domain(c);
  if (!d) return false;
  Checkpoint chk;
  std::string name;
  if (!lookup_checkpoint(c, "checkpointname", *d, chk, name)) return false;
  std::optional<std::string> parent;
  if (!checkpoint_parent(chk, parent)) return false;
  if (!parent) {
    error("checkpoint '%s' has no parent", name.c_str());
    return false;
  }
  std::printf("%s", parent->c_str());
  return true;
}

bool cmd_checkpoint_edit(Shell &sh, const Cmd &c) {
  auto dom = sh.domain(c);
  if (!dom) return false;
  Checkpoint chk, edited;
  std::string name;
  bool ok = false;
  if (lookup_checkpoint(c, "checkpointname", *dom, chk, name)) {
    auto r = edit_xml(
        [&]() -> char * {
          auto x = chk.try_xml(VIR_DOMAIN_CHECKPOINT_XML_SECURE);
          return x ? strdup(x->c_str()) : nullptr;
        },
        [&](const char *xml) {
          auto made = Checkpoint::try_create_xml(*dom, xml, VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE);
          if (!made) return false;
          edited = std::move(*made);
          return true;
        });
    if (r == EditResult::kUnchanged) {
      extra("Checkpoint %s XML configuration not changed.\n", name.c_str());
      ok = true;
    } else if (r == EditResult::kDone) {
      auto edited_name = edited.try_name();
      const char *ename = edited_name ? edited_name->c_str() : nullptr;
      if (ename && name == ename) {
        extra("Checkpoint %s edited.\n", name.c_str());
        ok = true;
      } else if (!edited.try_remove(VIR_DOMAIN_CHECKPOINT_DELETE_METADATA_ONLY)) {
        report_last();
        error("Failed to clean up %s", ename);
      } else {
        error("Cannot rename checkpoint %s to %s", name.c_str(), ename);
      }
    }
  }
  if (!ok && !name.empty()) error("Failed to update %s", name.c_str());
  return ok;
}

}  // namespace virtkit_sh
