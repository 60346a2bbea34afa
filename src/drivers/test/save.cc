// SPDX-License-Identifier: LGPL-2.1-or-later
#include "drivers/test/hypervisor.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <string>

#include "xml/domain_def.h"

namespace virtkit::data {
// data/test-screenshot.png, embedded at build time (cmake/embed_file.cmake).
extern const unsigned char test_screenshot_png[];
extern const size_t test_screenshot_png_size;
}  // namespace virtkit::data

namespace virtkit::drivers::test {

namespace {

// The image header: these 14 characters and their terminating NUL, then
// the XML's length as a native int, then the XML itself (libvirt's format,
// so images move between the two implementations).
constexpr char kMagic[] = "TestGuestMagic";
constexpr size_t kMagicLen = sizeof kMagic;  // 15
constexpr int kMaxXml = 8192;

// A file descriptor closed on scope exit.
struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
  // Closes now, reporting close(2)'s result (errno set on failure).
  int close() {
    int r = ::close(fd);
    fd = -1;
    return r;
  }
};

// Writes it all; false with errno set on failure.
bool write_all(int fd, const void *buf, size_t len) {
  auto *p = static_cast<const char *>(buf);
  while (len) {
    ssize_t n = ::write(fd, p, len);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    p += n;
    len -= static_cast<size_t>(n);
  }
  return true;
}

// Reads up to `len` bytes, stopping early only at the end of the file:
// whether it got them all. A failed read leaves its errno; a short one
// leaves errno as it was (libvirt then reports that: usually 0, "Success").
bool read_all(int fd, void *buf, size_t len) {
  auto *p = static_cast<char *>(buf);
  while (len) {
    int saved = errno;
    ssize_t n = ::read(fd, p, len);
    if (n < 0) {
      if (errno == EINTR) {
        errno = saved;
        continue;
      }
      return false;
    }
    if (n == 0) return false;
    p += n;
    len -= static_cast<size_t>(n);
  }
  return true;
}

// testDomainSaveImageWrite: the image of `def`; no file is left on failure.
Status write_image(const char *path, const conf::DomainDef &def) {
  std::string xml = conf::format_domain(def, conf::kFormatSecure);
  const char *name = def.name.c_str();
  Fd f;
  f.fd = ::open(path, O_CREAT | O_TRUNC | O_WRONLY, S_IRUSR | S_IWUSR);
  if (f.fd < 0)
    return system_error(kFrom, errno, "saving domain '%s' to '%s': open failed", name, path);
  int len = static_cast<int>(xml.size());
  bool ok = write_all(f.fd, kMagic, kMagicLen) && write_all(f.fd, &len, sizeof len) &&
            write_all(f.fd, xml.data(), xml.size()) && f.close() == 0;
  if (!ok) {
    Status s = system_error(kFrom, errno, "saving domain '%s' to '%s': write failed", name, path);
    unlink(path);
    return s;
  }
  return Status();
}

// testDomainSaveImageOpen: the definition an image holds (parsed as an
// inactive one, with the test driver's namespace).
Result<std::unique_ptr<conf::DomainDef>> read_image(const char *path) {
  Fd f;
  f.fd = ::open(path, O_RDONLY);
  if (f.fd < 0) return system_error(kFrom, errno, "cannot read domain image '%s'", path);
  char magic[kMagicLen];
  if (!read_all(f.fd, magic, sizeof magic))
    return system_error(kFrom, errno, "incomplete save header in '%s'", path);
  if (std::memcmp(magic, kMagic, sizeof magic) != 0)
    return error(kFrom, VIR_ERR_INTERNAL_ERROR, "%s", "mismatched header magic");
  int len = 0;
  if (!read_all(f.fd, &len, sizeof len))
    return system_error(kFrom, errno, "failed to read metadata length in '%s'", path);
  if (len < 1 || len > kMaxXml)
    return error(kFrom, VIR_ERR_INTERNAL_ERROR, "%s", "length of metadata out of range");
  std::string xml(static_cast<size_t>(len), '\0');
  if (!read_all(f.fd, xml.data(), xml.size()))
    return system_error(kFrom, errno, "incomplete metadata in '%s'", path);
  conf::ParseOptions opts;
  opts.test_namespace = true;
  return conf::parse_domain(xml.c_str(), opts);
}

Status no_xml_modification() {
  return error(kFrom, VIR_ERR_ARGUMENT_UNSUPPORTED, "%s", "xml modification unsupported");
}

}  // namespace

// ---- save images ----

Status TestHypervisor::save(virDomainPtr dom, const char *path, const char *dxml, unsigned flags) {
  VK_TRY(check_flags(kFrom, "testDomainSaveFlags", flags, 0));
  if (dxml) return no_xml_modification();
  auto vm_r = get(dom);
  VK_TRY(vm_r);
  Locked &vm = *vm_r;
  VK_TRY(check_active(*vm.obj));
  VK_TRY(write_image(path, *vm->def));
  shutdown_domain(*st_, vm.shared(), dom, VIR_DOMAIN_SHUTOFF_SAVED);
  emit(*vm.obj, VIR_DOMAIN_EVENT_STOPPED, VIR_DOMAIN_EVENT_STOPPED_SAVED);
  if (!vm->persistent) st_->domains.remove(vm.shared());
  return Status();
}

Result<int> TestHypervisor::domainSave(virDomainPtr dom, const char *path) {
  return ret(save(dom, path, nullptr, 0));
}

Result<int> TestHypervisor::domainSaveFlags(virDomainPtr dom, const char *path, const char *dxml,
                                            unsigned flags) {
  return ret(save(dom, path, dxml, flags));
}

Status TestHypervisor::restore(const char *path, const char *dxml, unsigned flags) {
  VK_TRY(check_flags(kFrom, "testDomainRestoreFlags", flags, 0));
  if (dxml) return no_xml_modification();
  auto def = read_image(path);
  VK_TRY(def);
  VK_TRY(generate_ifnames(**def));
  std::unique_lock<std::mutex> held;
  auto obj =
      st_->domains.add(*def, DomainList::kAddLive | DomainList::kAddCheckLive, held, nullptr);
  VK_TRY(obj);
  DomainPtr o = *obj;
  Status started = start_domain(*st_, o, VIR_DOMAIN_RUNNING_RESTORED);
  if (!started.ok()) {
    if (!o->persistent) st_->domains.remove(o);
    return started;
  }
  emit(*o, VIR_DOMAIN_EVENT_STARTED, VIR_DOMAIN_EVENT_STARTED_RESTORED);
  return Status();
}

Result<int> TestHypervisor::domainRestore(virConnectPtr, const char *path) {
  return ret(restore(path, nullptr, 0));
}

Result<int> TestHypervisor::domainRestoreFlags(virConnectPtr, const char *path, const char *dxml,
                                               unsigned flags) {
  return ret(restore(path, dxml, flags));
}

Result<int> TestHypervisor::domainSaveImageDefineXML(virConnectPtr, const char *path,
                                                     const char *dxml, unsigned flags) {
  VK_TRY(check_flags(kFrom, "testDomainSaveImageDefineXML", flags,
                     VIR_DOMAIN_SAVE_RUNNING | VIR_DOMAIN_SAVE_PAUSED));
  VK_TRY(read_image(path));
  conf::ParseOptions opts;
  opts.test_namespace = true;
  auto def = conf::parse_domain(dxml, opts);
  VK_TRY(def);
  return ret(write_image(path, **def));
}

Result<char *> TestHypervisor::domainSaveImageGetXMLDesc(virConnectPtr, const char *path,
                                                         unsigned flags) {
  VK_TRY(
      check_flags(kFrom, "testDomainSaveImageGetXMLDesc", flags, VIR_DOMAIN_SAVE_IMAGE_XML_SECURE));
  auto def = read_image(path);
  VK_TRY(def);
  return dup(conf::format_domain(**def, conf::kFormatSecure));
}

// ---- core dumps: a file holding only the image magic ----

Result<int> TestHypervisor::domainCoreDump(virDomainPtr dom, const char *to, unsigned flags) {
  return domainCoreDumpWithFormat(dom, to, VIR_DOMAIN_CORE_DUMP_FORMAT_RAW, flags);
}

Result<int> TestHypervisor::domainCoreDumpWithFormat(virDomainPtr dom, const char *to,
                                                     unsigned dumpformat, unsigned flags) {
  VK_TRY(check_flags(kFrom, "testDomainCoreDumpWithFormat", flags, VIR_DUMP_CRASH));
  auto vm_r = get(dom);
  VK_TRY(vm_r);
  Locked &vm = *vm_r;
  VK_TRY(check_active(*vm.obj));
  const char *name = dom->name.c_str();
  Fd f;
  f.fd = ::open(to, O_CREAT | O_TRUNC | O_WRONLY, S_IRUSR | S_IWUSR);
  if (f.fd < 0)
    return system_error(kFrom, errno, "domain '%s' coredump: failed to open %s", name, to);
  if (!write_all(f.fd, kMagic, kMagicLen))
    return system_error(kFrom, errno, "domain '%s' coredump: failed to write header to %s", name,
                        to);
  if (f.close() < 0)
    return system_error(kFrom, errno, "domain '%s' coredump: write failed: %s", name, to);
  // The file stays written even when the format is refused, as in libvirt.
  if (dumpformat != VIR_DOMAIN_CORE_DUMP_FORMAT_RAW)
    return error(kFrom, VIR_ERR_OPERATION_UNSUPPORTED, "%s",
                 "kdump-compressed format is not supported here");
  if (flags & VIR_DUMP_CRASH) {
    shutdown_domain(*st_, vm.shared(), dom, VIR_DOMAIN_SHUTOFF_CRASHED);
    emit(*vm.obj, VIR_DOMAIN_EVENT_STOPPED, VIR_DOMAIN_EVENT_STOPPED_CRASHED);
    if (!vm->persistent) st_->domains.remove(vm.shared());
  }
  return 0;
}

// ---- managed save ----

Result<int> TestHypervisor::domainManagedSave(virDomainPtr dom, unsigned flags) {
  VK_TRY(
      check_flags(kFrom, "testDomainManagedSave", flags,
                  VIR_DOMAIN_SAVE_BYPASS_CACHE | VIR_DOMAIN_SAVE_RUNNING | VIR_DOMAIN_SAVE_PAUSED));
  auto vm_r = get(dom);
  VK_TRY(vm_r);
  Locked &vm = *vm_r;
  VK_TRY(check_active(*vm.obj));
  if (!vm->persistent)
    return error(kFrom, VIR_ERR_OPERATION_INVALID, "%s",
                 "cannot do managed save for transient domain");
  shutdown_domain(*st_, vm.shared(), dom, VIR_DOMAIN_SHUTOFF_SAVED);
  emit(*vm.obj, VIR_DOMAIN_EVENT_STOPPED, VIR_DOMAIN_EVENT_STOPPED_SAVED);
  vm->has_managed_save = true;
  return 0;
}

Result<int> TestHypervisor::domainHasManagedSaveImage(virDomainPtr dom, unsigned flags) {
  VK_TRY(check_flags(kFrom, "testDomainHasManagedSaveImage", flags, 0));
  auto vm_r = get(dom);
  VK_TRY(vm_r);
  Locked &vm = *vm_r;
  return vm->has_managed_save ? 1 : 0;
}

Result<int> TestHypervisor::domainManagedSaveRemove(virDomainPtr dom, unsigned flags) {
  VK_TRY(check_flags(kFrom, "testDomainManagedSaveRemove", flags, 0));
  auto vm_r = get(dom);
  VK_TRY(vm_r);
  Locked &vm = *vm_r;
  vm->has_managed_save = false;
  return 0;
}

// ---- screenshot ----

// libvirt's test driver ignores the domain and the screen number: every
// screen of every domain shows the same image.
Result<char *> TestHypervisor::domainScreenshot(virDomainPtr, virStreamPtr st, unsigned,
                                                unsigned flags) {
  VK_TRY(check_flags(kFrom, "testDomainScreenshot", flags, 0));
  auto mime = dup("image/png");
  VK_TRY(mime);
  handles::open_memory_stream(st, data::test_screenshot_png, data::test_screenshot_png_size);
  return *mime;
}

}  // namespace virtkit::drivers::test
