// SPDX-License-Identifier: LGPL-2.1-or-later
// virtkit-sh's network filter commands (nwfilter-* and nwfilter-binding-*),
// printing what Debian's virsh 9.0.0 prints for each.
#include <strings.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "virtkit_sh.h"

namespace virtkit_sh {

namespace {

struct FilterFree {
  void operator()(virNWFilterPtr f) const { virNWFilterFree(f); }
};
struct BindingFree {
  void operator()(virNWFilterBindingPtr b) const { virNWFilterBindingFree(b); }
};
using Filter = std::unique_ptr<virNWFilter, FilterFree>;
using Binding = std::unique_ptr<virNWFilterBinding, BindingFree>;

// virsh's filter lookup: a UUID-long string by UUID first, then by name. The
// lookup's own error stays pending, as in virsh.
Filter lookup_filter(Shell &sh, const Cmd &c, const char **given = nullptr) {
  const char *n = nullptr;
  if (c.string("nwfilter", n) < 0 || !n) return nullptr;
  if (given) *given = n;
  Filter f;
  if (std::strlen(n) == VIR_UUID_STRING_BUFLEN - 1)
    f.reset(virNWFilterLookupByUUIDString(sh.conn.get(), n));
  if (!f) f.reset(virNWFilterLookupByName(sh.conn.get(), n));
  if (!f) error("failed to get nwfilter '%s'", n);
  return f;
}

// A binding, by the port device it is on.
Binding lookup_binding(Shell &sh, const Cmd &c, const char **given = nullptr) {
  const char *n = nullptr;
  if (c.string("binding", n) < 0 || !n) return nullptr;
  if (given) *given = n;
  Binding b(virNWFilterBindingLookupByPortDev(sh.conn.get(), n));
  if (!b) error("failed to get nwfilter binding '%s'", n);
  return b;
}

// The file of XML to define from; false after the error, which virsh reports
// as the command's libvirt error (so nothing older stays pending).
bool read_xml(const Cmd &c, const char *&from, std::string &out) {
  if (c.string("file", from) < 0 || !from) return false;
  if (read_file(from, out)) return true;
  reset_error();
  return false;
}

// Filters the old way (virConnectNumOfNWFilters and names), as virsh 9.0.0
// does it, including its cutting the list by the number of failed lookups.
bool collect_old(Shell &sh, std::vector<Filter> &out) {
  reset_error();
  virConnectPtr conn = sh.conn.get();
  int n = virConnectNumOfNWFilters(conn);
  if (n < 0) {
    error("Failed to count network filters");
    return false;
  }
  if (n == 0) return true;
  std::vector<char *> names(static_cast<size_t>(n), nullptr);
  n = virConnectListNWFilters(conn, names.data(), n);
  if (n < 0) {
    error("Failed to list network filters");
    return false;
  }
  for (int i = 0; i < n; i++) {
    if (virNWFilterPtr f = virNWFilterLookupByName(conn, names[static_cast<size_t>(i)]))
      out.emplace_back(f);
  }
  size_t deleted = static_cast<size_t>(n) - out.size();
  for (char *s : names) std::free(s);
  std::sort(out.begin(), out.end(), [](const Filter &a, const Filter &b) {
    return strcasecmp(virNWFilterGetName(a.get()), virNWFilterGetName(b.get())) < 0;
  });
  out.resize(out.size() > deleted ? out.size() - deleted : 0);
  return true;
}

}  // namespace

bool cmd_nwfilter_define(Shell &sh, const Cmd &c) {
  const char *from = nullptr;
  std::string xml;
  unsigned flags = c.has("validate") ? VIR_NWFILTER_DEFINE_VALIDATE : 0;
  if (!read_xml(c, from, xml)) return false;
  Filter f(flags ? virNWFilterDefineXMLFlags(sh.conn.get(), xml.c_str(), flags)
                 : virNWFilterDefineXML(sh.conn.get(), xml.c_str()));
  if (!f) {
    error("Failed to define network filter from %s", from);
    return false;
  }
  extra("Network filter %s defined from %s\n", virNWFilterGetName(f.get()), from);
  return true;
}

bool cmd_nwfilter_undefine(Shell &sh, const Cmd &c) {
  const char *name = nullptr;
  Filter f = lookup_filter(sh, c, &name);
  if (!f) return false;
  if (virNWFilterUndefine(f.get()) != 0) {
    error("Failed to undefine network filter %s", name);
    return false;
  }
  extra("Network filter %s undefined\n", name);
  return true;
}

bool cmd_nwfilter_dumpxml(Shell &sh, const Cmd &c) {
  Filter f = lookup_filter(sh, c);
  if (!f) return false;
  const char *xpath = nullptr;
  if (c.string_quiet("xpath", xpath) < 0) return false;
  char *xml = virNWFilterGetXMLDesc(f.get(), 0);
  if (!xml) return false;
  bool ok = print_xml(xml, xpath, c.has("wrap"));
  std::free(xml);
  return ok;
}

bool cmd_nwfilter_list(Shell &sh, const Cmd &) {
  std::vector<Filter> filters;
  virNWFilterPtr *list = nullptr;
  int n = virConnectListAllNWFilters(sh.conn.get(), &list, 0);
  if (n >= 0) {
    for (int i = 0; i < n; i++) filters.emplace_back(list[i]);
    std::free(list);
    std::sort(filters.begin(), filters.end(), [](const Filter &a, const Filter &b) {
      return strcasecmp(virNWFilterGetName(a.get()), virNWFilterGetName(b.get())) < 0;
    });
  } else {
    virErrorPtr e = virGetLastError();
    if (!e || e->code != VIR_ERR_NO_SUPPORT) {
      error("Failed to list network filters");
      return false;
    }
    if (!collect_old(sh, filters)) return false;
  }
  Table t({"UUID", "Name"});
  for (auto &f : filters) {
    char uuid[VIR_UUID_STRING_BUFLEN] = "";
    virNWFilterGetUUIDString(f.get(), uuid);
    t.add({uuid, virNWFilterGetName(f.get())});
  }
  t.print();
  return true;
}

bool cmd_nwfilter_binding_create(Shell &sh, const Cmd &c) {
  const char *from = nullptr;
  std::string xml;
  unsigned flags = c.has("validate") ? VIR_NWFILTER_BINDING_CREATE_VALIDATE : 0;
  if (!read_xml(c, from, xml)) return false;
  Binding b(virNWFilterBindingCreateXML(sh.conn.get(), xml.c_str(), flags));
  if (!b) {
    error("Failed to create network filter from %s", from);
    return false;
  }
  extra("Network filter binding on %s created from %s\n", virNWFilterBindingGetPortDev(b.get()),
        from);
  return true;
}

bool cmd_nwfilter_binding_delete(Shell &sh, const Cmd &c) {
  const char *portdev = nullptr;
  Binding b = lookup_binding(sh, c, &portdev);
  if (!b) return false;
  if (virNWFilterBindingDelete(b.get()) != 0) {
    error("Failed to delete network filter binding on %s", portdev);
    return false;
  }
  extra("Network filter binding on %s deleted\n", portdev);
  return true;
}

// virsh 9.0.0 never reads --xpath here: the whole XML is printed, and a
// failure to get it still counts as success.
bool cmd_nwfilter_binding_dumpxml(Shell &sh, const Cmd &c) {
  Binding b = lookup_binding(sh, c);
  if (!b) return false;
  char *xml = virNWFilterBindingGetXMLDesc(b.get(), 0);
  if (!xml) return true;
  bool ok = print_xml(xml, nullptr, c.has("wrap"));
  std::free(xml);
  return ok;
}

bool cmd_nwfilter_binding_list(Shell &sh, const Cmd &) {
  virNWFilterBindingPtr *list = nullptr;
  int n = virConnectListAllNWFilterBindings(sh.conn.get(), &list, 0);
  if (n < 0) {
    error("Failed to list network filter bindings");
    return false;
  }
  std::vector<Binding> bindings;
  for (int i = 0; i < n; i++) bindings.emplace_back(list[i]);
  std::free(list);
  std::sort(bindings.begin(), bindings.end(), [](const Binding &a, const Binding &b) {
    return strcasecmp(virNWFilterBindingGetPortDev(a.get()),
                      virNWFilterBindingGetPortDev(b.get())) < 0;
  });
  Table t({"Port Dev", "Filter"});
  for (auto &b : bindings)
    t.add({virNWFilterBindingGetPortDev(b.get()), virNWFilterBindingGetFilterName(b.get())});
  t.print();
  return true;
}

bool cmd_nwfilter_edit(Shell &sh, const Cmd &c) {
  Filter filter = lookup_filter(sh, c);
  if (!filter) return false;
  Filter edited;
  auto r = edit_xml([&] { return virNWFilterGetXMLDesc(filter.get(), 0); },
                    [&](const char *xml) {
                      edited.reset(virNWFilterDefineXML(sh.conn.get(), xml));
                      return edited != nullptr;
                    });
  if (r == EditResult::kFailed) return false;
  if (r == EditResult::kUnchanged) {
    extra("Network filter %s XML configuration not changed.\n", virNWFilterGetName(filter.get()));
    return true;
  }
  extra("Network filter %s XML configuration edited.\n", virNWFilterGetName(edited.get()));
  return true;
}

}  // namespace virtkit_sh
