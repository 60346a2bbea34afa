// SPDX-License-Identifier: LGPL-2.1-or-later
// virsh's *-edit commands: an object's XML through $VISUAL/$EDITOR and back
// (edit_xml in sh_util.cc), each printing virsh's words.
#include <cstdio>

#include "virtkit_sh.h"

namespace virtkit_sh {

namespace {

// virshDomainDefine: without VIR_DOMAIN_DEFINE_VALIDATE when that alone is
// what an old server refuses.
virDomainPtr define_domain(virConnectPtr conn, const char *xml, unsigned flags) {
  if (!flags) return virDomainDefineXML(conn, xml);
  virDomainPtr d = virDomainDefineXMLFlags(conn, xml, flags);
  if (!d && virGetLastErrorCode() == VIR_ERR_NO_SUPPORT && flags == VIR_DOMAIN_DEFINE_VALIDATE)
    d = virDomainDefineXML(conn, xml);
  return d;
}

// Frees a libvirt object handle at scope end.
template <typename T, int (*Free)(T)>
struct Handle {
  T p = nullptr;
  ~Handle() {
    if (p) Free(p);
  }
};

}  // namespace

bool cmd_edit(Shell &sh, const Cmd &c) {
  auto dom = sh.domain(c);
  if (!dom) return false;
  unsigned define_flags = c.has("skip-validate") ? 0 : VIR_DOMAIN_DEFINE_VALIDATE;
  Handle<virDomainPtr, virDomainFree> edited;
  std::function<void()> relax = [&] { define_flags &= ~VIR_DOMAIN_DEFINE_VALIDATE; };
  auto r = edit_xml(
      [&] {
        return virDomainGetXMLDesc(dom->get(), VIR_DOMAIN_XML_SECURE | VIR_DOMAIN_XML_INACTIVE);
      },
      [&](const char *xml) {
        if (edited.p) virDomainFree(edited.p);
        edited.p = define_domain(sh.conn.get(), xml, define_flags);
        return edited.p != nullptr;
      },
      &relax);
  if (r == EditResult::kFailed) return false;
  if (r == EditResult::kUnchanged) {
    extra("Domain '%s' XML configuration not changed.\n", virDomainGetName(dom->get()));
    return true;
  }
  extra("Domain '%s' XML configuration edited.\n", virDomainGetName(edited.p));
  return true;
}

namespace {

// --running/--paused of the save image editors, refused together up front
// (the define step would fail on them again and again).
bool save_flags(const Cmd &c, unsigned &flags) {
  flags = (c.has("running") ? VIR_DOMAIN_SAVE_RUNNING : 0) |
          (c.has("paused") ? VIR_DOMAIN_SAVE_PAUSED : 0);
  return exclusive(c, "running", "paused");
}

}  // namespace

bool cmd_save_image_edit(Shell &sh, const Cmd &c) {
  unsigned flags;
  if (!save_flags(c, flags)) return false;
  const char *file = nullptr;
  if (c.string("file", file) < 0) return false;
  auto r = edit_xml(
      [&] { return virDomainSaveImageGetXMLDesc(sh.conn.get(), file, VIR_DOMAIN_XML_SECURE); },
      [&](const char *xml) {
        return virDomainSaveImageDefineXML(sh.conn.get(), file, xml, flags) == 0;
      });
  if (r == EditResult::kFailed) return false;
  if (r == EditResult::kUnchanged)
    extra("Saved image %s XML configuration not changed.\n", file);
  else
    extra("State file %s edited.\n", file);
  return true;
}

bool cmd_managedsave_edit(Shell &sh, const Cmd &c) {
  unsigned flags;
  if (!save_flags(c, flags)) return false;
  auto dom = sh.domain(c);
  if (!dom) return false;
  auto r = edit_xml(
      [&] { return virDomainManagedSaveGetXMLDesc(dom->get(), VIR_DOMAIN_XML_SECURE); },
      [&](const char *xml) { return virDomainManagedSaveDefineXML(dom->get(), xml, flags) == 0; });
  if (r == EditResult::kFailed) return false;
  if (r == EditResult::kUnchanged)
    extra("Managed save image of domain '%s' XML configuration not changed.\n",
          virDomainGetName(dom->get()));
  else
    extra("Managed save image of Domain '%s' XML configuration edited.\n",
          virDomainGetName(dom->get()));
  return true;
}

}  // namespace virtkit_sh
