// SPDX-License-Identifier: LGPL-2.1-or-later
// Hand-written entry points for domains whose checks go beyond the uniform
// pattern: block jobs and devices, file descriptors, streams (consoles,
// channels, graphics, screenshots), save/restore and core dump files.
#define VIR_ENUM_SENTINELS  // the *_LAST values of the public enums

#include <sys/stat.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "api/extra_checks.h"
#include "api/util.h"
#include "driver/driver.h"

using namespace virtkit;
using namespace virtkit::api;
using handles::hv;
namespace ex = virtkit::api::extra;

namespace {

Status running_or_paused(const Call &c, unsigned flags) {
  return c.exclusive(flags, VIR_DOMAIN_SAVE_RUNNING, VIR_DOMAIN_SAVE_PAUSED,
                     "VIR_DOMAIN_SAVE_RUNNING", "VIR_DOMAIN_SAVE_PAUSED");
}

Status stream_matches(const Call &c, virDomainPtr dom, virStreamPtr st, const char *argname) {
  if (dom->conn != st->conn)
    return c.invalid(argname, "stream must match connection of domain '%s'", dom->name.c_str());
  return Status();
}

Status dump_flags(const Call &c, unsigned flags) {
  VK_TRY(c.exclusive(flags, VIR_DUMP_CRASH, VIR_DUMP_LIVE, "VIR_DUMP_CRASH", "VIR_DUMP_LIVE"));
  VK_TRY(c.exclusive(flags, VIR_DUMP_CRASH, VIR_DUMP_RESET, "VIR_DUMP_CRASH", "VIR_DUMP_RESET"));
  return c.exclusive(flags, VIR_DUMP_LIVE, VIR_DUMP_RESET, "VIR_DUMP_LIVE", "VIR_DUMP_RESET");
}

Result<std::string> file_for_driver(const Call &c, const char *path, const char *what) {
  auto abs = ex::absolute_path(path);
  if (!abs)
    return error(c.api.from, VIR_ERR_INTERNAL_ERROR, "could not build absolute %s file path", what);
  return std::move(*abs);
}

}  // namespace

// ---- Block jobs, peeking, devices and keys ----

int virDomainBlockCopy(virDomainPtr dom, const char *disk, const char *destxml,
                       virTypedParameterPtr params, int nparams, unsigned int flags) {
  return entry<Api::virDomainBlockCopy>(dom, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(disk, "disk"));
    VK_TRY(c.nonnull(destxml, "destxml"));
    VK_TRY(c.nonnegative(nparams, "nparams"));
    if (nparams) VK_TRY(c.nonnull(params, "params"));
    return hv(dom).domainBlockCopy(dom, disk, destxml, params, nparams, flags);
  });
}

int virDomainBlockRebase(virDomainPtr dom, const char *disk, const char *base,
                         unsigned long bandwidth, unsigned int flags) {
  return entry<Api::virDomainBlockRebase>(dom, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(disk, "disk"));
    if (flags & VIR_DOMAIN_BLOCK_REBASE_COPY) {
      VK_TRY(c.nonnull(base, "base"));
    } else if (flags & (VIR_DOMAIN_BLOCK_REBASE_SHALLOW | VIR_DOMAIN_BLOCK_REBASE_REUSE_EXT |
                        VIR_DOMAIN_BLOCK_REBASE_COPY_RAW | VIR_DOMAIN_BLOCK_REBASE_COPY_DEV)) {
      return c.invalid("flags", "%s", "use of flags requires a copy job");
    }
    return hv(dom).domainBlockRebase(dom, disk, base, bandwidth, flags);
  });
}

int virDomainBlockPeek(virDomainPtr dom, const char *disk, unsigned long long offset, size_t size,
                       void *buffer, unsigned int flags) {
  return entry<Api::virDomainBlockPeek>(dom, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonempty(disk, "disk"));
    if (size > 0) VK_TRY(c.nonnull(buffer, "buffer"));
    return hv(dom).domainBlockPeek(dom, disk, offset, size, buffer, flags);
  });
}

int virDomainMemoryPeek(virDomainPtr dom, unsigned long long start, size_t size, void *buffer,
                        unsigned int flags) {
  return entry<Api::virDomainMemoryPeek>(dom, [&](const Call &c) -> Result<int> {
    VK_TRY(c.exclusive(flags, VIR_MEMORY_VIRTUAL, VIR_MEMORY_PHYSICAL, "VIR_MEMORY_VIRTUAL",
                       "VIR_MEMORY_PHYSICAL"));
    if (size > 0) VK_TRY(c.nonnull(buffer, "buffer"));
    return hv(dom).domainMemoryPeek(dom, start, size, buffer, flags);
  });
}

int virDomainDetachDevice(virDomainPtr domain, const char *xml) {
  return entry<Api::virDomainDetachDevice>(domain, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(xml, "xml"));
    VK_TRY(c.writable(domain->conn));
    return hv(domain).domainDetachDevice(domain, xml);
  });
}

int virDomainSendKey(virDomainPtr domain, unsigned int codeset, unsigned int holdtime,
                     unsigned int *keycodes, int nkeycodes, unsigned int flags) {
  return entry<Api::virDomainSendKey>(domain, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(keycodes, "keycodes"));
    VK_TRY(c.positive(nkeycodes, "nkeycodes"));
    if (codeset >= VIR_KEYCODE_SET_LAST)
      return c.invalid("codeset", "Unsupported codeset '%d'", static_cast<int>(codeset));
    if (nkeycodes > VIR_DOMAIN_SEND_KEY_MAX_KEYS)
      return c.invalid("nkeycodes", "nkeycodes must be <= %d", VIR_DOMAIN_SEND_KEY_MAX_KEYS);
    return hv(domain).domainSendKey(domain, codeset, holdtime, keycodes, nkeycodes, flags);
  });
}

// ---- Starting with file descriptors ----

int virDomainCreateWithFiles(virDomainPtr domain, unsigned int nfiles, int *files,
                             unsigned int flags) {
  return entry<Api::virDomainCreateWithFiles>(domain, [&](const Call &c) -> Result<int> {
    if (nfiles > 0) VK_TRY(ex::fd_passing(domain->conn, c.api.from));
    return hv(domain).domainCreateWithFiles(domain, nfiles, files, flags);
  });
}

virDomainPtr virDomainCreateXMLWithFiles(virConnectPtr conn, const char *xmlDesc,
                                         unsigned int nfiles, int *files, unsigned int flags) {
  return entry<Api::virDomainCreateXMLWithFiles>(conn, [&](const Call &c) -> Result<virDomainPtr> {
    VK_TRY(c.nonnull(xmlDesc, "xmlDesc"));
    VK_TRY(c.writable(conn));
    if (nfiles > 0) VK_TRY(ex::fd_passing(conn, c.api.from));
    return hv(conn).domainCreateXMLWithFiles(conn, xmlDesc, nfiles, files, flags);
  });
}

int virDomainFDAssociate(virDomainPtr domain, const char *name, unsigned int nfds, int *fds,
                         unsigned int flags) {
  return entry<Api::virDomainFDAssociate>(domain, [&](const Call &c) -> Result<int> {
    VK_TRY(ex::fd_passing(domain->conn, c.api.from));
    VK_TRY(c.nonzero(nfds, "nfds"));
    VK_TRY(c.nonnull(fds, "fds"));
    VK_TRY(c.writable(domain->conn));
    return hv(domain).domainFDAssociate(domain, name, nfds, fds, flags);
  });
}

// ---- Consoles, channels, graphics and screenshots ----

int virDomainOpenConsole(virDomainPtr dom, const char *dev_name, virStreamPtr st,
                         unsigned int flags) {
  return entry<Api::virDomainOpenConsole>(dom, [&](const Call &c) -> Result<int> {
    VK_TRY(c.valid_handle(st));
    VK_TRY(c.writable(dom->conn));
    VK_TRY(stream_matches(c, dom, st, "st"));
    return hv(dom).domainOpenConsole(dom, dev_name, st, flags);
  });
}

int virDomainOpenChannel(virDomainPtr dom, const char *name, virStreamPtr st, unsigned int flags) {
  return entry<Api::virDomainOpenChannel>(dom, [&](const Call &c) -> Result<int> {
    VK_TRY(c.valid_handle(st));
    VK_TRY(c.writable(dom->conn));
    VK_TRY(stream_matches(c, dom, st, "st"));
    return hv(dom).domainOpenChannel(dom, name, st, flags);
  });
}

char *virDomainScreenshot(virDomainPtr domain, virStreamPtr stream, unsigned int screen,
                          unsigned int flags) {
  return entry<Api::virDomainScreenshot>(domain, [&](const Call &c) -> Result<char *> {
    VK_TRY(c.valid_handle(stream));
    VK_TRY(c.writable(domain->conn));
    VK_TRY(stream_matches(c, domain, stream, "stream"));
    return hv(domain).domainScreenshot(domain, stream, screen, flags);
  });
}

int virDomainOpenGraphics(virDomainPtr dom, unsigned int idx, int fd, unsigned int flags) {
  return entry<Api::virDomainOpenGraphics>(dom, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnegative(fd, "fd"));
    struct stat sb;
    if (fstat(fd, &sb) < 0)
      return system_error(c.api.from, errno, "Unable to access file descriptor %d", fd);
    if (!S_ISSOCK(sb.st_mode)) return c.invalid("fd", "fd %d must be a socket", fd);
    VK_TRY(c.writable(dom->conn));
    VK_TRY(ex::fd_passing(dom->conn, c.api.from));
    return hv(dom).domainOpenGraphics(dom, idx, fd, flags);
  });
}

int virDomainOpenGraphicsFD(virDomainPtr dom, unsigned int idx, unsigned int flags) {
  return entry<Api::virDomainOpenGraphicsFD>(dom, [&](const Call &c) -> Result<int> {
    VK_TRY(ex::fd_passing(dom->conn, c.api.from));
    return hv(dom).domainOpenGraphicsFD(dom, idx, flags);
  });
}

// ---- Save, restore and core dumps: file names reach the driver absolute ----

int virDomainSave(virDomainPtr domain, const char *to) {
  return entry<Api::virDomainSave>(domain, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(to, "to"));
    auto file = file_for_driver(c, to, "output");
    VK_TRY(file);
    return hv(domain).domainSave(domain, file->c_str());
  });
}

int virDomainSaveFlags(virDomainPtr domain, const char *to, const char *dxml, unsigned int flags) {
  return entry<Api::virDomainSaveFlags>(domain, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(to, "to"));
    VK_TRY(running_or_paused(c, flags));
    auto file = file_for_driver(c, to, "output");
    VK_TRY(file);
    return hv(domain).domainSaveFlags(domain, file->c_str(), dxml, flags);
  });
}

int virDomainRestore(virConnectPtr conn, const char *from) {
  return entry<Api::virDomainRestore>(conn, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(from, "from"));
    auto file = file_for_driver(c, from, "input");
    VK_TRY(file);
    return hv(conn).domainRestore(conn, file->c_str());
  });
}

int virDomainRestoreFlags(virConnectPtr conn, const char *from, const char *dxml,
                          unsigned int flags) {
  return entry<Api::virDomainRestoreFlags>(conn, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(from, "from"));
    VK_TRY(running_or_paused(c, flags));
    auto file = file_for_driver(c, from, "input");
    VK_TRY(file);
    return hv(conn).domainRestoreFlags(conn, file->c_str(), dxml, flags);
  });
}

int virDomainSaveImageDefineXML(virConnectPtr conn, const char *file, const char *dxml,
                                unsigned int flags) {
  return entry<Api::virDomainSaveImageDefineXML>(conn, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(file, "file"));
    VK_TRY(c.nonnull(dxml, "dxml"));
    VK_TRY(running_or_paused(c, flags));
    auto abs = file_for_driver(c, file, "input");
    VK_TRY(abs);
    return hv(conn).domainSaveImageDefineXML(conn, abs->c_str(), dxml, flags);
  });
}

char *virDomainSaveImageGetXMLDesc(virConnectPtr conn, const char *file, unsigned int flags) {
  return entry<Api::virDomainSaveImageGetXMLDesc>(conn, [&](const Call &c) -> Result<char *> {
    VK_TRY(c.nonnull(file, "file"));
    VK_TRY(c.writable(conn));
    auto abs = file_for_driver(c, file, "input");
    VK_TRY(abs);
    return hv(conn).domainSaveImageGetXMLDesc(conn, abs->c_str(), flags);
  });
}

char *virDomainManagedSaveGetXMLDesc(virDomainPtr domain, unsigned int flags) {
  return entry<Api::virDomainManagedSaveGetXMLDesc>(domain, [&](const Call &c) -> Result<char *> {
    if ((domain->conn->flags & VIR_CONNECT_RO) && (flags & VIR_DOMAIN_SAVE_IMAGE_XML_SECURE))
      return error(c.api.from, VIR_ERR_OPERATION_DENIED, "%s",
                   "virDomainManagedSaveGetXMLDesc with secure flag");
    return hv(domain).domainManagedSaveGetXMLDesc(domain, flags);
  });
}

int virDomainCoreDump(virDomainPtr domain, const char *to, unsigned int flags) {
  return entry<Api::virDomainCoreDump>(domain, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(to, "to"));
    VK_TRY(dump_flags(c, flags));
    auto file = file_for_driver(c, to, "core");
    VK_TRY(file);
    return hv(domain).domainCoreDump(domain, file->c_str(), flags);
  });
}

int virDomainCoreDumpWithFormat(virDomainPtr domain, const char *to, unsigned int dumpformat,
                                unsigned int flags) {
  return entry<Api::virDomainCoreDumpWithFormat>(domain, [&](const Call &c) -> Result<int> {
    VK_TRY(c.nonnull(to, "to"));
    if (dumpformat >= VIR_DOMAIN_CORE_DUMP_FORMAT_LAST)  // libvirt names `flags` here
      return c.invalid("flags", "dumpformat '%d' is not supported", static_cast<int>(dumpformat));
    VK_TRY(dump_flags(c, flags));
    auto file = file_for_driver(c, to, "core");
    VK_TRY(file);
    return hv(domain).domainCoreDumpWithFormat(domain, file->c_str(), dumpformat, flags);
  });
}
