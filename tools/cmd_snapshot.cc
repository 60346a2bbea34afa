// SPDX-License-Identifier: LGPL-2.1-or-later
// virtkit-sh's snapshot commands (snapshot-create, snapshot-list,
// snapshot-revert, ...), printing what Debian's virsh 9.0.0 prints for each.
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

#include <virtkit/snapshot.hpp>

#include "virtkit_sh.h"

namespace virtkit_sh {

namespace {

using virtkit::Domain;
using Snap = virtkit::DomainSnapshot;

// A name as virsh prints it: "(null)" (printf of NULL) if it cannot be had.
std::string name_of(const Snap &s) {
  return s.try_name().value_or(std::string("(null)"));
}

// A document as edit_xml() wants it: a malloc'd copy, or null after the error.
char *edit_copy(const virtkit::Expected<std::string> &xml) {
  return xml ? strdup(xml->c_str()) : nullptr;
}

// Once the server lacks the newer snapshot calls (parents, children), virsh
// stays with XML and the global listing for the rest of the session.
bool g_snapshot_old = false;

// A snapshot's XML for the queries virsh makes of it (virXPathString and
// friends).
class SnapXml {
 public:
  explicit SnapXml(const char *xml) {
    doc_ = xmlReadMemory(xml, static_cast<int>(std::strlen(xml)), "(domain_snapshot)", nullptr,
                         XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_NOERROR);
    if (doc_) ctxt_ = xmlXPathNewContext(doc_);
  }
  ~SnapXml() {
    xmlXPathFreeContext(ctxt_);
    xmlFreeDoc(doc_);
  }
  SnapXml(const SnapXml &) = delete;
  SnapXml &operator=(const SnapXml &) = delete;

  bool ok() const { return ctxt_ != nullptr; }

  // The string value of expr; nullopt when empty, as virXPathString.
  std::optional<std::string> string(const char *expr) const {
    xmlXPathObjectPtr obj = xmlXPathEval(BAD_CAST expr, ctxt_);
    std::optional<std::string> out;
    if (obj && obj->type == XPATH_STRING && obj->stringval && obj->stringval[0])
      out = reinterpret_cast<const char *>(obj->stringval);
    xmlXPathFreeObject(obj);
    return out;
  }

  // 1 or 0, or -1 when expr is not a boolean, as virXPathBoolean.
  int boolean(const char *expr) const {
    xmlXPathObjectPtr obj = xmlXPathEval(BAD_CAST expr, ctxt_);
    int out = obj && obj->type == XPATH_BOOLEAN ? obj->boolval != 0 : -1;
    xmlXPathFreeObject(obj);
    return out;
  }

  // virXPathLongLong: false unless the whole value is a decimal number.
  bool long_long(const char *expr, long long &v) const {
    auto s = string(expr);
    if (!s) return false;
    char *end = nullptr;
    errno = 0;
    v = std::strtoll(s->c_str(), &end, 10);
    return errno == 0 && end != s->c_str() && *end == '\0';
  }

 private:
  xmlDocPtr doc_ = nullptr;
  xmlXPathContextPtr ctxt_ = nullptr;
};

// virsh's snapshot lookup: --ARG by name, or --current; false after the
// error.
bool lookup_snapshot(const Cmd &c, const char *arg, bool exclusive, const Domain &dom, Snap &snap,
                     std::string &name) {
  bool current = c.has("current");
  const char *given = nullptr;
  if (c.string(arg, given) < 0) return false;
  if (exclusive && current && given) {
    error("--%s and --current are mutually exclusive", arg);
    return false;
  }
  virtkit::Expected<Snap> found = Snap();
  if (given) {
    found = Snap::try_lookup_by_name(dom, given);
  } else if (current) {
    found = Snap::try_current(dom);
  } else {
    error("--%s or --current is required", arg);
    return false;
  }
  if (!found) {
    report_last();
    return false;
  }
  snap = std::move(*found);
  name = name_of(snap);
  return true;
}

// The name of a snapshot's parent (nullopt for a root) in parent; false
// after the error.
bool snapshot_parent(const Snap &snap, std::optional<std::string> &parent) {
  parent.reset();
  bool ok = false;
  if (!g_snapshot_old) {
    if (auto p = snap.try_parent()) {
      parent = name_of(*p);
      ok = true;
    } else if (p.error().code() == VIR_ERR_NO_DOMAIN_SNAPSHOT) {
      ok = true;
    } else {
      g_snapshot_old = true;
    }
  }
  if (!ok) {
    // Older servers: the parent is in the XML.
    if (auto xml = snap.try_xml()) {
      SnapXml x(xml->c_str());
      if (x.ok()) {
        parent = x.string("string(/domainsnapshot/parent/name)");
        ok = true;
      }
    }
  }
  if (!ok) {
    report_last();
    error("unable to determine if snapshot has parent");
    return false;
  }
  reset_error();
  return true;
}

// The status and location filters done here for servers that lack them:
// 1 keep, 0 drop, -1 after the error.
int filter_snapshot(const Snap &snap, unsigned flags) {
  auto xml = snap.try_xml();
  if (!xml) return -1;
  SnapXml x(xml->c_str());
  if (!x.ok()) return -1;
  auto state = x.string("string(/domainsnapshot/state)");
  if (!state) {
    error("unable to perform snapshot filtering");
    return -1;
  }
  // Before locations were recorded, only disk-only snapshots were external.
  if (*state == "disk-snapshot")
    return (flags & VIR_DOMAIN_SNAPSHOT_LIST_DISK_ONLY) &&
           (flags & VIR_DOMAIN_SNAPSHOT_LIST_EXTERNAL);
  if (!(flags & VIR_DOMAIN_SNAPSHOT_LIST_INTERNAL)) return 0;
  if (*state == "shutoff") return (flags & VIR_DOMAIN_SNAPSHOT_LIST_INACTIVE) != 0;
  return (flags & VIR_DOMAIN_SNAPSHOT_LIST_ACTIVE) != 0;
}

// One listed snapshot; snap is empty once filtered out.
struct Listed {
  Snap snap;
  std::optional<std::string> parent;
};

// The filters by state when taken and by location.
constexpr unsigned kStatusLocation =
    VIR_DOMAIN_SNAPSHOT_LIST_INACTIVE | VIR_DOMAIN_SNAPSHOT_LIST_ACTIVE |
    VIR_DOMAIN_SNAPSHOT_LIST_DISK_ONLY | VIR_DOMAIN_SNAPSHOT_LIST_INTERNAL |
    VIR_DOMAIN_SNAPSHOT_LIST_EXTERNAL;

// The listing through the older calls (counts and names), as virsh falls
// back to it; from, descendants and roots are emulated where needed. False
// after the error.
bool collect_old(const Domain &dom, const Snap &from, unsigned &flags, bool tree,
                 std::vector<Listed> &list, bool &filter_fallback) {
  // Filters that cancel out are dropped.
  if ((flags & VIR_DOMAIN_SNAPSHOT_LIST_NO_LEAVES) && (flags & VIR_DOMAIN_SNAPSHOT_LIST_LEAVES))
    flags &= ~(VIR_DOMAIN_SNAPSHOT_LIST_NO_LEAVES | VIR_DOMAIN_SNAPSHOT_LIST_LEAVES);
  if ((flags & VIR_DOMAIN_SNAPSHOT_LIST_NO_METADATA) && (flags & VIR_DOMAIN_SNAPSHOT_LIST_METADATA))
    flags &= ~(VIR_DOMAIN_SNAPSHOT_LIST_NO_METADATA | VIR_DOMAIN_SNAPSHOT_LIST_METADATA);
  if (flags & VIR_DOMAIN_SNAPSHOT_LIST_NO_METADATA) {
    // Metadata was all or nothing on old servers.
    auto n = Snap::try_count(dom, VIR_DOMAIN_SNAPSHOT_LIST_METADATA);
    if (!n) return false;
    if (*n > 0) return true;
    flags &= ~VIR_DOMAIN_SNAPSHOT_LIST_NO_METADATA;
  }
  if (flags & kStatusLocation) {
    flags &= ~kStatusLocation;
    filter_fallback = true;
  }
  std::string fromname;
  bool descendants = false, roots = false;
  int count = -1;
  bool global = !from;
  auto number = [](const virtkit::Expected<int> &n) { return n ? *n : -1; };
  if (from) {
    fromname = name_of(from);
    descendants = (flags & VIR_DOMAIN_SNAPSHOT_LIST_DESCENDANTS) || tree;
    if (tree) flags |= VIR_DOMAIN_SNAPSHOT_LIST_DESCENDANTS;
    bool old = g_snapshot_old;
    if (!old) {
      auto n = from.try_count_children(flags);
      count = number(n);
      old = !n && n.error().code() == VIR_ERR_NO_SUPPORT;
    }
    if (old) {
      // No child listing: the global one, filtered by parents below.
      reset_error();
      g_snapshot_old = true;
      flags &= ~VIR_DOMAIN_SNAPSHOT_LIST_DESCENDANTS;
      global = true;
    } else if (tree && count >= 0) {
      count++;
    }
  }
  if (global) {
    auto n = Snap::try_count(dom, flags);
    count = number(n);
    if (!from && !n && n.error().code() == VIR_ERR_INVALID_ARG &&
        (flags & VIR_DOMAIN_SNAPSHOT_LIST_ROOTS)) {
      // --roots emulated from the parents.
      reset_error();
      roots = true;
      flags &= ~VIR_DOMAIN_SNAPSHOT_LIST_ROOTS;
      count = number(Snap::try_count(dom, flags));
    }
  }
  if (count < 0) {
    if (!virGetLastError()) error("failed to collect snapshot list");
    return false;
  }
  if (count == 0) return true;
  virtkit::Expected<std::vector<std::string>> got = from && !g_snapshot_old
                                                        ? from.try_list_children_names(flags)
                                                        : Snap::try_list_names(dom, flags);
  if (!got) return false;
  std::vector<std::string> names = std::move(*got);
  if (from && !g_snapshot_old && tree) names.insert(names.begin(), fromname);
  list.resize(names.size());
  for (size_t i = 0; i < names.size(); i++) {
    auto s = Snap::try_lookup_by_name(dom, names[i]);
    if (!s) return false;
    list[i].snap = std::move(*s);
  }
  auto drop = [&](size_t i) {
    list[i].snap = Snap();
    list[i].parent.reset();
  };
  std::optional<size_t> start;
  if (tree || (from && g_snapshot_old) || roots) {
    for (size_t i = (from && !g_snapshot_old) ? 1 : 0; i < names.size(); i++) {
      if (from && g_snapshot_old && names[i] == fromname) {
        start = i;
        if (tree) continue;
      }
      if (!snapshot_parent(list[i].snap, list[i].parent)) return false;
      auto &p = list[i].parent;
      if ((from && ((tree && !p) || (!descendants && (!p || *p != fromname)))) || (roots && p))
        drop(i);
    }
  }
  if (!tree && g_snapshot_old && descendants) {
    // Descendants found pass by pass: a known one has its parent cleared.
    if (!start) {
      error("snapshot %s disappeared from list", fromname.c_str());
      return false;
    }
    bool changed = false, remaining = false;
    std::vector<bool> gone(names.size(), false);
    for (size_t i = 0; i < names.size(); i++) {
      if (i == *start || !list[i].parent) {
        gone[i] = true;
        drop(i);
      } else if (*list[i].parent == fromname) {
        list[i].parent.reset();
        changed = true;
      } else {
        remaining = true;
      }
    }
    if (!changed) {
      list.clear();
      return true;
    }
    while (changed && remaining) {
      changed = remaining = false;
      for (size_t i = 0; i < names.size(); i++) {
        if (gone[i] || !list[i].parent) continue;
        bool found = false;
        for (size_t j = 0; j < names.size(); j++) {
          if (gone[j] || i == j || *list[i].parent != names[j]) continue;
          found = true;
          if (!list[j].parent)
            list[i].parent.reset();
          else
            remaining = true;
          break;
        }
        if (!found) {
          changed = true;
          gone[i] = true;
          drop(i);
        }
      }
    }
  }
  return true;
}

// virsh's snapshot list: the snapshots of dom (or the children of from, if
// not empty), filtered by flags and sorted by name unless topological; with
// tree, each with its parent, and from itself as the one root. False after
// the error.
bool collect_snapshots(const Domain &dom, const Snap &from, unsigned orig_flags, bool tree,
                       std::vector<Listed> &list) {
  unsigned flags = orig_flags;
  bool filter_fallback = false;
  std::optional<std::vector<Snap>> all;
  if (!g_snapshot_old) {
    auto list_all = [&] {
      return from ? from.try_list_all_children(flags) : Snap::try_list_all(dom, flags);
    };
    auto got = list_all();
    if (!got && got.error().code() == VIR_ERR_INVALID_ARG && (flags & kStatusLocation)) {
      // A server without these filters: they are applied here.
      flags &= ~kStatusLocation;
      reset_error();
      filter_fallback = true;
      got = list_all();
    }
    if (got) all = std::move(*got);
  }
  if (all) {
    for (Snap &s : *all) list.push_back({std::move(s), std::nullopt});
    if (tree) {
      for (auto &l : list)
        if (!snapshot_parent(l.snap, l.parent)) return false;
      if (from) list.push_back({from, std::nullopt});
    }
  } else if (!collect_old(dom, from, flags, tree, list, filter_fallback)) {
    return false;
  }
  if (filter_fallback) {
    for (auto &l : list) {
      if (!l.snap) continue;
      int keep = filter_snapshot(l.snap, orig_flags | kStatusLocation);
      if (keep < 0) return false;
      if (!keep) {
        l.snap = Snap();
        l.parent.reset();
      }
    }
  }
  // Dropped entries go last (and away); the rest by name, ignoring case.
  auto dropped = std::stable_partition(list.begin(), list.end(),
                                       [](const Listed &l) { return static_cast<bool>(l.snap); });
  list.erase(dropped, list.end());
  if (!(orig_flags & VIR_DOMAIN_SNAPSHOT_LIST_TOPOLOGICAL))
    std::stable_sort(list.begin(), list.end(), [](const Listed &a, const Listed &b) {
      return strcasecmp(name_of(a.snap).c_str(), name_of(b.snap).c_str()) < 0;
    });
  return true;
}

}  // namespace
bool cmd_snapshot_current(Shell &sh, const Cmd &c) {
  unsigned flags = c.has("security-info") ? VIR_DOMAIN_XML_SECURE : 0;
  if (!exclusive(c, "name", "snapshotname")) return false;
  auto d = sh.domain(c);
  if (!d) return false;
  const char *domname = c.get("domain")->c_str();
  auto fail = [] {
    report_last();
    return false;
  };
  const char *snapname = nullptr;
  if (c.string("snapshotname", snapname) < 0) return fail();
  if (snapname) {
    // Made current by redefining it with its own XML.
    auto snap = Snap::try_lookup_by_name(*d, snapname);
    if (!snap) return fail();
    auto xml = snap->try_xml(VIR_DOMAIN_XML_SECURE);
    if (!xml) return fail();
    unsigned cflags = VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE | VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT;
    if (xml->find("<state>disk-snapshot</state>") != std::string::npos)
      cflags |= VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY;
    if (!Snap::try_create_xml(*d, *xml, cflags)) return fail();
    extra("Snapshot %s set as current", snapname);
    return true;
  }
  auto current = Snap::try_has_current(*d);
  if (!current) return fail();
  if (!*current) {
    error("domain '%s' has no current snapshot", domname);
    return fail();
  }
  auto snap = Snap::try_current(*d);
  if (!snap) return fail();
  if (c.has("name")) {
    auto name = snap->try_name();
    if (!name) return fail();
    std::printf("%s", name->c_str());
    return true;
  }
  auto xml = snap->try_xml(flags);
  if (!xml) return fail();
  std::printf("%s", xml->c_str());
  return true;
}

bool cmd_snapshot_delete(Shell &sh, const Cmd &c) {
  auto d = sh.domain(c);
  if (!d) return false;
  Snap snap;
  std::string name;
  if (!lookup_snapshot(c, "snapshotname", true, *d, snap, name)) return false;
  unsigned flags = 0;
  if (c.has("children")) flags |= VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN;
  if (c.has("children-only")) flags |= VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN_ONLY;
  if (c.has("metadata")) flags |= VIR_DOMAIN_SNAPSHOT_DELETE_METADATA_ONLY;
  if (!snap.try_remove(flags)) {
    error("Failed to delete snapshot %s", name.c_str());
    return false;
  }
  if (flags & VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN_ONLY)
    extra("Domain snapshot %s children deleted\n", name.c_str());
  else
    extra("Domain snapshot %s deleted\n", name.c_str());
  return true;
}

bool cmd_snapshot_dumpxml(Shell &sh, const Cmd &c) {
  unsigned flags = c.has("security-info") ? VIR_DOMAIN_XML_SECURE : 0;
  bool wrap = c.has("wrap");
  const char *name = nullptr;
  if (c.string("snapshotname", name) < 0) return false;
  auto d = sh.domain(c);
  if (!d) return false;
  auto snap = Snap::try_lookup_by_name(*d, name);
  if (!snap) return false;
  const char *xpath = nullptr;
  if (c.string_quiet("xpath", xpath) < 0) return false;
  auto xml = snap->try_xml(flags);
  if (!xml) return false;
  return print_xml(xml->c_str(), xpath, wrap);
}

bool cmd_snapshot_info(Shell &sh, const Cmd &c) {
  auto d = sh.domain(c);
  if (!d) return false;
  Snap snap;
  std::string name;
  if (!lookup_snapshot(c, "snapshotname", true, *d, snap, name)) return false;
  std::printf("%-15s %s\n", "Name:", name.c_str());
  std::printf("%-15s %s\n", "Domain:", d->try_name().value_or(std::string("(null)")).c_str());
  auto current = snap.try_is_current();
  if (!current) reset_error();
  std::printf("%-15s %s\n", "Current:", current && *current ? "yes" : "no");
  auto doc = snap.try_xml();
  if (!doc) return false;
  SnapXml x(doc->c_str());
  if (!x.ok()) return false;
  auto state = x.string("string(/domainsnapshot/state)");
  if (!state) {
    error("unexpected problem reading snapshot xml");
    return false;
  }
  std::printf("%-15s %s\n", "State:", state->c_str());
  // With a <memory> element, any external part makes it external; before
  // that, only disk-only snapshots were.
  int external;
  switch (x.boolean("boolean(/domainsnapshot/memory)")) {
    case 1:
      external = x.boolean(
          "boolean(/domainsnapshot/memory[@snapshot='external'] | "
          "/domainsnapshot/disks/disk[@snapshot='external'])");
      break;
    case 0:
      external = *state == "disk-snapshot";
      break;
    default:
      external = -1;
  }
  if (external < 0) {
    error("unexpected problem reading snapshot xml");
    return false;
  }
  std::printf("%-15s %s\n", "Location:", external ? "external" : "internal");
  auto parent = x.string("string(/domainsnapshot/parent/name)");
  std::printf("%-15s %s\n", "Parent:", parent ? parent->c_str() : "-");
  if (g_snapshot_old) return true;
  auto children = snap.try_count_children();
  if (!children) {
    if (children.error().code() == VIR_ERR_NO_SUPPORT) {
      reset_error();
      return true;
    }
    return false;
  }
  std::printf("%-15s %d\n", "Children:", *children);
  auto descendants = snap.try_count_children(VIR_DOMAIN_SNAPSHOT_LIST_DESCENDANTS);
  if (!descendants) return false;
  std::printf("%-15s %d\n", "Descendants:", *descendants);
  int metadata = -1;
  if (auto m = snap.try_has_metadata()) {
    metadata = *m;
  } else {
    // Metadata was all or nothing on old servers.
    auto n = Snap::try_count(*d, VIR_DOMAIN_SNAPSHOT_LIST_METADATA);
    metadata = n ? *n : -1;
    reset_error();
  }
  if (metadata >= 0) std::printf("%-15s %s\n", "Metadata:", metadata ? "yes" : "no");
  return true;
}

bool cmd_snapshot_list(Shell &sh, const Cmd &c) {
  bool tree = c.has("tree"), name = c.has("name"), from = c.has("from"), parent = c.has("parent"),
       roots = c.has("roots"), current = c.has("current");
  if (!exclusive(c, "tree", "name") || !exclusive(c, "parent", "roots") ||
      !exclusive(c, "parent", "tree") || !exclusive(c, "roots", "tree") ||
      !exclusive(c, "roots", "from") || !exclusive(c, "roots", "current"))
    return false;
  static const std::pair<const char *, unsigned> filters[] = {
      {"leaves", VIR_DOMAIN_SNAPSHOT_LIST_LEAVES},
      {"no-leaves", VIR_DOMAIN_SNAPSHOT_LIST_NO_LEAVES},
      {"inactive", VIR_DOMAIN_SNAPSHOT_LIST_INACTIVE},
      {"active", VIR_DOMAIN_SNAPSHOT_LIST_ACTIVE},
      {"disk-only", VIR_DOMAIN_SNAPSHOT_LIST_DISK_ONLY},
      {"internal", VIR_DOMAIN_SNAPSHOT_LIST_INTERNAL},
      {"external", VIR_DOMAIN_SNAPSHOT_LIST_EXTERNAL}};
  unsigned flags = 0;
  for (auto &f : filters) {
    if (!c.has(f.first)) continue;
    if (tree) {
      error("--%s and --tree are mutually exclusive", f.first);
      return false;
    }
    flags |= f.second;
  }
  if (c.has("topological")) flags |= VIR_DOMAIN_SNAPSHOT_LIST_TOPOLOGICAL;
  if (roots) flags |= VIR_DOMAIN_SNAPSHOT_LIST_ROOTS;
  if (c.has("metadata")) flags |= VIR_DOMAIN_SNAPSHOT_LIST_METADATA;
  if (c.has("no-metadata")) flags |= VIR_DOMAIN_SNAPSHOT_LIST_NO_METADATA;
  if (c.has("descendants")) {
    if (!from && !current) {
      error("--descendants requires either --from or --current");
      return false;
    }
    flags |= VIR_DOMAIN_SNAPSHOT_LIST_DESCENDANTS;
  }
  auto d = sh.domain(c);
  if (!d) return false;
  Snap start;
  std::string start_name;
  if ((from || current) && !lookup_snapshot(c, "from", true, *d, start, start_name)) return false;
  std::vector<Listed> list;
  if (!collect_snapshots(*d, start, flags, tree, list)) return false;
  if (tree) {
    std::vector<std::string> names;
    for (const Listed &l : list) names.push_back(name_of(l.snap));
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
      table.emplace(std::vector<std::string>{"Name", "Creation Time", "State", "Parent"});
    else
      table.emplace(std::vector<std::string>{"Name", "Creation Time", "State"});
  }
  for (auto &l : list) {
    std::string snap_name = name_of(l.snap);
    if (name) {
      std::printf("%s\n", snap_name.c_str());
      continue;
    }
    // A snapshot whose XML cannot be had is left out.
    auto doc = l.snap.try_xml();
    if (!doc) continue;
    SnapXml x(doc->c_str());
    if (!x.ok()) continue;
    auto state = x.string("string(/domainsnapshot/state)");
    long long created;
    if (!state || !x.long_long("string(/domainsnapshot/creationTime)", created)) continue;
    std::vector<std::string> row{snap_name, local_time(created), *state};
    if (parent) row.push_back(x.string("string(/domainsnapshot/parent/name)").value_or(""));
    table->add(std::move(row));
  }
  if (table) table->print();
  return true;
}

bool cmd_snapshot_parent(Shell &sh, const Cmd &c) {
  auto d = sh.domain(c);
  if (!d) return false;
  Snap snap;
  std::string name;
  if (!lookup_snapshot(c, "snapshotname", true, *d, snap, name)) return false;
  std::optional<std::string> parent;
  if (!snapshot_parent(snap, parent)) return false;
  if (!parent) {
    error("snapshot '%s' has no parent", name.c_str());
    return false;
  }
  std::printf("%s", parent->c_str());
  return true;
}

bool cmd_snapshot_revert(Shell &sh, const Cmd &c) {
  unsigned flags = 0;
  if (c.has("running")) flags |= VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING;
  if (c.has("paused")) flags |= VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED;
  if (c.has("reset-nvram")) flags |= VIR_DOMAIN_SNAPSHOT_REVERT_RESET_NVRAM;
  bool force = c.has("force");
  auto d = sh.domain(c);
  if (!d) return false;
  Snap snap;
  std::string name;
  if (!lookup_snapshot(c, "snapshotname", true, *d, snap, name)) return false;
  auto r = snap.try_revert(flags);
  // --force only when the server says it matters (older ones reject it).
  if (!r && force && r.error().code() == VIR_ERR_SNAPSHOT_REVERT_RISKY) {
    flags |= VIR_DOMAIN_SNAPSHOT_REVERT_FORCE;
    reset_error();
    r = snap.try_revert(flags);
  }
  if (!r) {
    error("Failed to revert snapshot %s", name.c_str());
    return false;
  }
  extra("Domain snapshot %s reverted\n", name.c_str());
  return true;
}

bool cmd_snapshot_edit(Shell &sh, const Cmd &c) {
  bool rename = c.has("rename"), clone = c.has("clone");
  if (rename && clone) {
    error("Options --%s and --%s are mutually exclusive", "rename", "clone");
    return false;
  }
  unsigned define_flags = VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE;
  if (c.has("current") && c.has("snapshotname")) define_flags |= VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT;
  auto dom = sh.domain(c);
  if (!dom) return false;
  Snap snap, edited;
  std::string name;
  bool ok = false;
  if (lookup_snapshot(c, "snapshotname", false, *dom, snap, name)) {
    std::string doc;  // the latest XML read, as virsh tests it for disk-only
    auto get = [&]() -> char * {
      auto x = snap.try_xml(VIR_DOMAIN_XML_SECURE);
      if (x) doc = *x;
      return edit_copy(x);
    };
    auto r = edit_xml(
        get,
        [&](const char *xml) {
          if (doc.find("<state>disk-snapshot</state>") != std::string::npos)
            define_flags |= VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY;
          auto made = Snap::try_create_xml(*dom, xml, define_flags);
          if (!made) return false;
          edited = std::move(*made);
          return true;
        },
        nullptr, (define_flags & VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT) != 0);
    if (r == EditResult::kUnchanged) {
      extra("Snapshot %s XML configuration not changed.\n", name.c_str());
      ok = true;
    } else if (r == EditResult::kDone) {
      auto edited_name = edited.try_name();
      const char *ename = edited_name ? edited_name->c_str() : nullptr;
      if (ename && name == ename) {
        extra("Snapshot %s edited.\n", name.c_str());
        ok = true;
      } else if (clone) {
        extra("Snapshot %s cloned to %s.\n", name.c_str(), ename);
        ok = true;
      } else if (!(rename ? snap : edited).try_remove(VIR_DOMAIN_SNAPSHOT_DELETE_METADATA_ONLY)) {
        report_last();
        error("Failed to clean up %s", rename ? name.c_str() : ename);
      } else if (!rename) {
        error("Must use --rename or --clone to change %s to %s", name.c_str(), ename);
      } else {
        ok = true;
      }
    }
  }
  if (!ok && !name.empty()) error("Failed to update %s", name.c_str());
  return ok;
}

}  // namespace virtkit_sh
