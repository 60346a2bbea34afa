// SPDX-License-Identifier: LGPL-2.1-or-later
// virtkit-sh's storage volume commands (vol-list, vol-info, vol-create-as,
// vol-upload, vol-download, ...), printing what Debian's virsh 9.0.0 prints
// for each.
#include <fcntl.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <span>
#include <string>
#include <vector>

#include "cmd_storage.h"
#include "util/numbers.h"

namespace virtkit_sh {

namespace storage {

Vol lookup_vol(Shell &sh, const Cmd &c, const char *opt, const char *pool_opt, const char **given,
               unsigned by) {
  const char *n = nullptr, *p = nullptr;
  if (c.string(opt, n) < 0 || !n) return Vol();
  if (pool_opt && c.string(pool_opt, p) < 0) return Vol();
  Pool pool;
  if (p) {
    pool = lookup_pool(sh, c, pool_opt, given, by);
    if (!pool) return Vol();
    auto active = pool.try_is_active();
    if (!active || !*active) {
      error("pool '%s' is not active", p);
      return Vol();
    }
  }
  debug(kDebug, "%s: found option <%s>: %s\n", c.def->name, opt, n);
  if (given) *given = n;
  Vol vol;
  if (pool && (by & kByName)) {
    debug(kDebug, "%s: <%s> trying as vol name\n", c.def->name, opt);
    if (auto v = Vol::try_lookup_by_name(pool, n)) vol = std::move(*v);
  }
  if (!vol && (by & kByUuid)) {
    debug(kDebug, "%s: <%s> trying as vol key\n", c.def->name, opt);
    if (auto v = Vol::try_lookup_by_key(sh.conn, n)) vol = std::move(*v);
  }
  if (!vol && (by & kByUuid)) {
    debug(kDebug, "%s: <%s> trying as vol path\n", c.def->name, opt);
    if (auto v = Vol::try_lookup_by_path(sh.conn, n)) vol = std::move(*v);
  }
  if (!vol) {
    if (pool || !pool_opt)
      error("failed to get vol '%s'", n);
    else
      error("failed to get vol '%s', specifying --%s might help", n, pool_opt);
  } else {
    reset_error();
  }
  // A volume found by key or path must be in the pool asked for.
  if (pool && vol) {
    auto owner = vol.try_pool();
    if (owner && name_of(*owner) != name_of(pool)) {
      reset_error();
      error("Requested volume '%s' is not in pool '%s'", n, name_of(pool).c_str());
      vol = Vol();
    }
  }
  return vol;
}

}  // namespace storage

using namespace storage;

namespace {

// virsh's volume size: digits and an optional unit suffix, in bytes by
// default. False after libvirt's error for a bad suffix or an overflow, if
// any (a malformed number has none).
bool vol_size(const char *s, unsigned long long &out, bool &scale_error) {
  const char *end = nullptr;
  unsigned long long v;
  scale_error = false;
  if (!virtkit::util::str_to_ullp(s, &end, 10, v)) return false;
  auto e = virtkit::util::scale_integer(v, end, 1, ULLONG_MAX);
  if (e == virtkit::util::ScaleError::kNone) {
    out = v;
    return true;
  }
  virtkit_sh::scale_error(e, v, end);
  scale_error = true;
  return false;
}

// "Malformed size S", then (after the command) the scaling error if any.
bool parse_size(const char *s, unsigned long long &out) {
  bool scale_error;
  if (vol_size(s, out, scale_error)) return true;
  error("Malformed size %s", s);
  return false;
}

const char *vol_type(int type) {
  static const char *const names[] = {"file", "block", "dir", "network", "netdir", "ploop"};
  return type >= 0 && type < 6 ? names[type] : "unknown";
}

std::string capacity_text(unsigned long long v) {
  const char *unit;
  double val = pretty_capacity(v, unit);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2lf %s", val, unit);
  return buf;
}

// A file of XML; false after the error, which virsh reports as the
// command's libvirt error.
bool read_xml(const char *path, std::string &out) {
  if (read_file(path, out)) return true;
  reset_error();
  return false;
}

// The volume's XML with its <name> replaced, as vol-clone sends it; empty
// when it cannot be made.
std::string clone_xml(const char *orig, const char *newname) {
  xmlDocPtr doc = xmlReadMemory(orig, static_cast<int>(std::strlen(orig)), "(volume_definition)",
                                nullptr, XML_PARSE_NONET | XML_PARSE_NOWARNING);
  if (!doc) return {};
  std::string out;
  xmlXPathContextPtr ctxt = xmlXPathNewContext(doc);
  xmlXPathObjectPtr obj = ctxt ? xmlXPathEval(BAD_CAST "/volume/name", ctxt) : nullptr;
  if (obj && obj->type == XPATH_NODESET && obj->nodesetval && obj->nodesetval->nodeNr > 0) {
    xmlNodeSetContent(obj->nodesetval->nodeTab[0], BAD_CAST newname);
    xmlBufferPtr buf = xmlBufferCreate();
    if (buf && xmlNodeDump(buf, doc, doc->children, 0, 1) > 0)
      out.assign(reinterpret_cast<const char *>(xmlBufferContent(buf)),
                 static_cast<size_t>(xmlBufferLength(buf)));
    xmlBufferFree(buf);
  }
  xmlXPathFreeObject(obj);
  xmlXPathFreeContext(ctxt);
  xmlFreeDoc(doc);
  return out;
}

// ---- the local end of vol-upload and vol-download streams ----

struct StreamFile {
  int fd;
  bool block;  // a block device: holes are written as zeroes
};

// Thrown by the stream callables to fail the transfer; errno stays as the
// failed call left it, for the stream's error.
struct IoFailed {};

size_t file_read(StreamFile &f, std::span<std::byte> buf) {
  size_t got = 0;
  while (got < buf.size()) {
    ssize_t r = read(f.fd, buf.data() + got, buf.size() - got);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) throw IoFailed{};
    if (r == 0) break;
    got += static_cast<size_t>(r);
  }
  return got;
}

void file_write(StreamFile &f, std::span<const std::byte> data) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t r = write(f.fd, data.data() + done, data.size() - done);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) throw IoFailed{};
    if (r == 0) {
      errno = ENOSPC;
      throw IoFailed{};
    }
    done += static_cast<size_t>(r);
  }
}

// Skipping a hole of the volume we send: past it in the file.
void file_skip_source(StreamFile &f, long long length) {
  if (lseek(f.fd, length, SEEK_CUR) == -1) throw IoFailed{};
}

// A hole the volume sends: zeroes on a block device, else a hole in the file.
void file_skip_sink(StreamFile &f, long long length) {
  if (f.block) {
    std::vector<std::byte> zeroes(1024 * 1024);
    while (length > 0) {
      size_t n = std::min(static_cast<size_t>(length), zeroes.size());
      file_write(f, std::span(zeroes.data(), n));
      length -= static_cast<long long>(n);
    }
    return;
  }
  off_t at = lseek(f.fd, length, SEEK_CUR);
  if (at == -1 || ftruncate(f.fd, at) < 0) throw IoFailed{};
}

// virFileInData: whether the file's current position is in data or in a
// hole, and how long that section is. False with errno set (0 when the file
// makes no sense); the stream then reports the failure.
bool file_in_data(int fd, int &in_data, long long &length) {
  off_t cur = lseek(fd, 0, SEEK_CUR);
  if (cur == -1) return false;
  bool ok = true;
  off_t data = lseek(fd, cur, SEEK_DATA);
  if (data == -1) {
    // ENXIO: a hole up to the end of the file.
    off_t end = errno == ENXIO ? lseek(fd, 0, SEEK_END) : -1;
    if (end == -1) {
      ok = false;
    } else {
      in_data = 0;
      length = end - cur;
    }
  } else if (data > cur) {
    in_data = 0;
    length = data - cur;
  } else {
    off_t hole = lseek(fd, data, SEEK_HOLE);
    if (hole == -1 || hole == data) {
      ok = false;
    } else {
      in_data = 1;
      length = hole - data;
    }
  }
  int err = errno;
  if (lseek(fd, cur, SEEK_SET) == -1) return false;
  errno = err;
  return ok;
}

virtkit::Stream::Section file_section(StreamFile &f) {
  // A device is all data; EOF ends the section early.
  if (f.block) return {true, 1024 * 1024};
  int in_data = 0;
  long long length = 0;
  if (!file_in_data(f.fd, in_data, length)) {
    int err = errno;
    error("Unable to get current position in stream");
    errno = err;
    throw IoFailed{};
  }
  return {in_data != 0, length};
}

// A stream call whose callables may throw IoFailed: false after the failure,
// which the stream reports as libvirt's error.
template <class F>
bool transfer_ok(F &&f) {
  try {
    return static_cast<bool>(f());
  } catch (const IoFailed &) {
    return false;
  }
}

}  // namespace

bool cmd_vol_create_as(Shell &sh, const Cmd &c) {
  unsigned flags = c.has("prealloc-metadata") ? VIR_STORAGE_VOL_CREATE_PREALLOC_METADATA : 0;
  Pool pool = lookup_pool(sh, c, "pool");
  if (!pool) return false;
  const char *name = nullptr, *cap_str = nullptr, *alloc_str = nullptr;
  if (c.string("name", name) < 0 || c.string("capacity", cap_str) < 0) return false;
  unsigned long long capacity = 0, allocation = 0;
  if (!parse_size(cap_str, capacity)) return false;
  if (c.string_quiet("allocation", alloc_str) > 0 && !parse_size(alloc_str, allocation))
    return false;
  const char *format = nullptr, *backing = nullptr, *backing_format = nullptr;
  if (c.string("format", format) < 0 || c.string("backing-vol", backing) < 0 ||
      c.string("backing-vol-format", backing_format) < 0)
    return false;
  std::string xml = "<volume>\n  <name>" + std::string(name) + "</name>\n  <capacity>" +
                    std::to_string(capacity) + "</capacity>\n";
  if (alloc_str) xml += "  <allocation>" + std::to_string(allocation) + "</allocation>\n";
  if (format) xml += "  <target>\n    <format type='" + std::string(format) + "'/>\n  </target>\n";
  if (backing) {
    // The backing volume by name in the pool, then by key, then by path.
    const char *cmd = c.def->name;
    debug(kDebug, "%s: Look up backing store volume '%s' as name\n", cmd, backing);
    auto snap = Vol::try_lookup_by_name(pool, backing);
    if (snap) debug(kDebug, "%s: Backing store volume found using '%s' as name\n", cmd, backing);
    if (!snap) {
      debug(kDebug, "%s: Look up backing store volume '%s' as key\n", cmd, backing);
      snap = Vol::try_lookup_by_key(sh.conn, backing);
      if (snap) debug(kDebug, "%s: Backing store volume found using '%s' as key\n", cmd, backing);
    }
    if (!snap) {
      debug(kDebug, "%s: Look up backing store volume '%s' as path\n", cmd, backing);
      snap = Vol::try_lookup_by_path(sh.conn, backing);
      if (snap) debug(kDebug, "%s: Backing store volume found using '%s' as path\n", cmd, backing);
    }
    if (!snap) {
      error("failed to get vol '%s'", backing);
      return false;
    }
    auto path = snap->try_path();
    if (!path) return false;
    xml += "  <backingStore>\n    <path>" + *path + "</path>\n";
    if (backing_format) xml += "    <format type='" + std::string(backing_format) + "'/>\n";
    xml += "  </backingStore>\n";
  }
  xml += "</volume>\n";
  if (c.has("print-xml")) {
    std::printf("%s", xml.c_str());
    return true;
  }
  if (!Vol::try_create_xml(pool, xml, flags)) {
    error("Failed to create vol %s", name);
    return false;
  }
  extra("Vol %s created\n", name);
  return true;
}

bool cmd_vol_create(Shell &sh, const Cmd &c) {
  unsigned flags = 0;
  if (c.has("prealloc-metadata")) flags |= VIR_STORAGE_VOL_CREATE_PREALLOC_METADATA;
  if (c.has("validate")) flags |= VIR_STORAGE_VOL_CREATE_VALIDATE;
  Pool pool = lookup_pool(sh, c, "pool");
  if (!pool) return false;
  const char *from = nullptr;
  if (c.string("file", from) < 0) return false;
  std::string xml;
  if (!read_xml(from, xml)) return false;
  auto vol = Vol::try_create_xml(pool, xml, flags);
  if (!vol) {
    error("Failed to create vol from %s", from);
    return false;
  }
  extra("Vol %s created from %s\n", name_of(*vol).c_str(), from);
  return true;
}

bool cmd_vol_create_from(Shell &sh, const Cmd &c) {
  Pool pool = lookup_pool(sh, c, "pool");
  if (!pool) return false;
  unsigned flags = 0;
  if (c.has("prealloc-metadata")) flags |= VIR_STORAGE_VOL_CREATE_PREALLOC_METADATA;
  if (c.has("reflink")) flags |= VIR_STORAGE_VOL_CREATE_REFLINK;
  if (c.has("validate")) flags |= VIR_STORAGE_VOL_CREATE_VALIDATE;
  const char *from = nullptr;
  if (c.string("file", from) < 0) return false;
  Vol input = lookup_vol(sh, c, "vol", "inputpool");
  if (!input) return false;
  std::string xml;
  if (!read_xml(from, xml)) return false;
  auto vol = Vol::try_create_xml_from(pool, xml, input, flags);
  if (!vol) {
    error("Failed to create vol from %s", from);
    return false;
  }
  extra("Vol %s created from input vol %s\n", name_of(*vol).c_str(), name_of(input).c_str());
  return true;
}

bool cmd_vol_clone(Shell &sh, const Cmd &c) {
  Vol orig = lookup_vol(sh, c, "vol", "pool");
  if (!orig) return false;
  unsigned flags = 0;
  if (c.has("prealloc-metadata")) flags |= VIR_STORAGE_VOL_CREATE_PREALLOC_METADATA;
  if (c.has("reflink")) flags |= VIR_STORAGE_VOL_CREATE_REFLINK;
  auto pool = orig.try_pool();
  if (!pool) {
    error("failed to get parent pool");
    return false;
  }
  const char *name = nullptr;
  if (c.string("newname", name) < 0) return false;
  auto xml = orig.try_xml();
  if (!xml) return false;
  std::string newxml = clone_xml(xml->c_str(), name);
  if (newxml.empty()) {
    error("Failed to allocate XML buffer");
    return false;
  }
  if (c.has("print-xml")) {
    std::printf("%s", newxml.c_str());
    return true;
  }
  auto vol = Vol::try_create_xml_from(*pool, newxml, orig, flags);
  if (!vol) {
    error("Failed to clone vol from %s", name_of(orig).c_str());
    return false;
  }
  extra("Vol %s cloned from %s\n", name_of(*vol).c_str(), name_of(orig).c_str());
  return true;
}

bool cmd_vol_upload(Shell &sh, const Cmd &c) {
  unsigned long long offset = 0, length = 0;
  if (c.opt_ull("offset", offset) < 0 || c.opt_ull("length", length, true) < 0) return false;
  const char *name = nullptr;
  Vol vol = lookup_vol(sh, c, "vol", "pool", &name);
  if (!vol) return false;
  const char *file = nullptr;
  if (c.string("file", file) < 0) return false;
  int fd = open(file, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error("cannot read %s", file);
    return false;
  }
  struct Closer {
    int &fd;
    ~Closer() {
      if (fd >= 0) close(fd);
    }
  } closer{fd};
  struct stat sb;
  if (fstat(fd, &sb) < 0) {
    error("unable to stat %s", file);
    return false;
  }
  StreamFile f{fd, S_ISBLK(sb.st_mode)};
  unsigned flags = c.has("sparse") ? VIR_STORAGE_VOL_UPLOAD_SPARSE_STREAM : 0;
  auto made = virtkit::Stream::try_create(sh.conn);
  if (!made) {
    error("cannot create a new stream");
    return false;
  }
  virtkit::Stream st = std::move(*made);
  if (!vol.try_upload(st, offset, length, flags)) {
    error("cannot upload to volume %s", name);
    return false;
  }
  auto source = [&](std::span<std::byte> buf) { return file_read(f, buf); };
  bool sent = transfer_ok([&] {
    if (flags & VIR_STORAGE_VOL_UPLOAD_SPARSE_STREAM)
      return st.try_sparse_send_all(
          source, [&] { return file_section(f); },
          [&](long long length) { file_skip_source(f, length); });
    return st.try_send_all(source);
  });
  if (!sent) {
    error("cannot send data to volume %s", name);
    return false;
  }
  int rc = close(fd);
  fd = -1;
  if (rc < 0) {
    error("cannot close file %s", file);
    (void)st.try_abort();
    return false;
  }
  if (!st.try_finish()) {
    error("cannot close volume %s", name);
    return false;
  }
  return true;
}

bool cmd_vol_download(Shell &sh, const Cmd &c) {
  unsigned long long offset = 0, length = 0;
  if (c.opt_ull("offset", offset) < 0 || c.opt_ull("length", length, true) < 0) return false;
  const char *name = nullptr;
  Vol vol = lookup_vol(sh, c, "vol", "pool", &name);
  if (!vol) return false;
  const char *file = nullptr;
  if (c.string("file", file) < 0) return false;
  unsigned flags = c.has("sparse") ? VIR_STORAGE_VOL_DOWNLOAD_SPARSE_STREAM : 0;
  bool created = false;
  int fd = open(file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd >= 0)
    created = true;
  else if (errno == EEXIST)
    fd = open(file, O_WRONLY | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) {
    error("cannot create %s", file);
    return false;
  }
  bool ok = false;
  virtkit::Stream st;
  // Everything after the file is open; false leaves it removed if we made it.
  auto transfer = [&]() {
    struct stat sb;
    if (fstat(fd, &sb) < 0) {
      error("unable to stat %s", file);
      return false;
    }
    StreamFile f{fd, S_ISBLK(sb.st_mode)};
    auto made = virtkit::Stream::try_create(sh.conn);
    if (!made) {
      error("cannot create a new stream");
      return false;
    }
    st = std::move(*made);
    if (!vol.try_download(st, offset, length, flags)) {
      error("cannot download from volume %s", name);
      return false;
    }
    bool got = transfer_ok([&] {
      return st.try_sparse_recv_all([&](std::span<const std::byte> data) { file_write(f, data); },
                                    [&](long long length) { file_skip_sink(f, length); });
    });
    if (!got) {
      error("cannot receive data from volume %s", name);
      return false;
    }
    int rc = close(fd);
    fd = -1;
    if (rc < 0) {
      error("cannot close file %s", file);
      (void)st.try_abort();
      return false;
    }
    if (!st.try_finish()) {
      error("cannot close volume %s", name);
      return false;
    }
    return true;
  };
  ok = transfer();
  if (!ok && created) unlink(file);
  if (fd >= 0) close(fd);
  return ok;
}

bool cmd_vol_delete(Shell &sh, const Cmd &c) {
  const char *name = nullptr;
  Vol vol = lookup_vol(sh, c, "vol", "pool", &name);
  if (!vol) return false;
  unsigned flags = c.has("delete-snapshots") ? VIR_STORAGE_VOL_DELETE_WITH_SNAPSHOTS : 0;
  if (!vol.try_remove(flags)) {
    error("Failed to delete vol %s", name);
    return false;
  }
  extra("Vol %s deleted\n", name);
  return true;
}

bool cmd_vol_wipe(Shell &sh, const Cmd &c) {
  const char *name = nullptr;
  Vol vol = lookup_vol(sh, c, "vol", "pool", &name);
  if (!vol) return false;
  const char *alg_str = nullptr;
  if (c.string("algorithm", alg_str) < 0) return false;
  static const char *const algorithms[] = {"zero",    "nnsa",     "dod",       "bsi",
                                           "gutmann", "schneier", "pfitzner7", "pfitzner33",
                                           "random",  "trim"};
  int alg = VIR_STORAGE_VOL_WIPE_ALG_ZERO;
  if (alg_str) {
    auto it = std::find_if(std::begin(algorithms), std::end(algorithms),
                           [&](const char *a) { return std::strcmp(a, alg_str) == 0; });
    if (it == std::end(algorithms)) {
      error("Unsupported algorithm '%s'", alg_str);
      return false;
    }
    alg = static_cast<int>(it - std::begin(algorithms));
  }
  auto r = vol.try_wipe_pattern(static_cast<unsigned>(alg));
  // Servers without patterns may still zero the volume.
  if (!r && r.error().code() == VIR_ERR_NO_SUPPORT && alg == VIR_STORAGE_VOL_WIPE_ALG_ZERO)
    r = vol.try_wipe();
  if (!r) {
    error("Failed to wipe vol %s", name);
    return false;
  }
  extra("Vol %s wiped\n", name);
  return true;
}

bool cmd_vol_info(Shell &sh, const Cmd &c) {
  bool bytes = c.has("bytes"), physical = c.has("physical");
  Vol vol = lookup_vol(sh, c, "vol", "pool");
  if (!vol) return false;
  std::printf("%-15s %s\n", "Name:", name_of(vol).c_str());
  auto got = vol.try_info(physical ? VIR_STORAGE_VOL_GET_PHYSICAL : 0);
  if (!got) return false;
  const virStorageVolInfo &info = *got;
  std::printf("%-15s %s\n", "Type:", vol_type(info.type));
  const char *alloc_label = physical ? "Physical:" : "Allocation:";
  if (bytes) {
    std::printf("%-15s %llu %s\n", "Capacity:", info.capacity, "bytes");
    std::printf("%-15s %llu %s\n", alloc_label, info.allocation, "bytes");
  } else {
    const char *unit;
    double val = pretty_capacity(info.capacity, unit);
    std::printf("%-15s %2.2lf %s\n", "Capacity:", val, unit);
    val = pretty_capacity(info.allocation, unit);
    std::printf("%-15s %2.2lf %s\n", alloc_label, val, unit);
  }
  return true;
}

bool cmd_vol_resize(Shell &sh, const Cmd &c) {
  bool delta = c.has("delta"), shrink = c.has("shrink");
  unsigned flags = 0;
  if (c.has("allocate")) flags |= VIR_STORAGE_VOL_RESIZE_ALLOCATE;
  if (shrink) flags |= VIR_STORAGE_VOL_RESIZE_SHRINK;
  Vol vol = lookup_vol(sh, c, "vol", "pool");
  if (!vol) return false;
  const char *cap = nullptr;
  if (c.string("capacity", cap) < 0) return false;
  while (*cap && std::isspace(static_cast<unsigned char>(*cap))) cap++;
  if (*cap == '-') {
    // A negative size is a shrinking delta.
    if (!shrink) {
      error("negative size requires --shrink");
      return false;
    }
    cap++;
    delta = true;
  }
  if (delta) flags |= VIR_STORAGE_VOL_RESIZE_DELTA;
  unsigned long long capacity = 0;
  if (!parse_size(cap, capacity)) return false;
  std::string vname = name_of(vol);
  if (!vol.try_resize(capacity, flags)) {
    error(delta ? "Failed to change size of volume '%s' by %s"
                : "Failed to change size of volume '%s' to %s",
          vname.c_str(), cap);
    return false;
  }
  extra(delta ? "Size of volume '%s' successfully changed by %s\n"
              : "Size of volume '%s' successfully changed to %s\n",
        vname.c_str(), cap);
  return true;
}

bool cmd_vol_dumpxml(Shell &sh, const Cmd &c) {
  Vol vol = lookup_vol(sh, c, "vol", "pool");
  if (!vol) return false;
  const char *xpath = nullptr;
  if (c.string_quiet("xpath", xpath) < 0) return false;
  auto xml = vol.try_xml();
  if (!xml) return false;
  return print_xml(xml->c_str(), xpath, c.has("wrap"));
}

namespace {

bool vol_less(const Vol &a, const Vol &b) {
  return strcasecmp(name_of(a).c_str(), name_of(b).c_str()) < 0;
}

// virsh's virshStorageVolListCollect: the pool's volumes sorted by name,
// the old way when the server lacks virStoragePoolListAllVolumes. False
// after the error.
bool collect_vols(const Pool &pool, std::vector<Vol> &out) {
  auto all = Vol::try_list_all(pool);
  if (all) {
    out = std::move(*all);
    std::sort(out.begin(), out.end(), vol_less);
    return true;
  }
  if (all.error().code() != VIR_ERR_NO_SUPPORT) {
    error("Failed to list volumes");
    return false;
  }
  reset_error();
  auto nvols = Vol::try_count(pool);
  if (!nvols) {
    error("Failed to list storage volumes");
    return false;
  }
  if (*nvols == 0) return true;
  auto names = Vol::try_list_names(pool);
  if (!names) {
    error("Failed to list storage volumes");
    return false;
  }
  for (const std::string &n : *names)
    if (auto v = Vol::try_lookup_by_name(pool, n)) out.push_back(std::move(*v));
  size_t missing = names->size() - out.size();
  std::sort(out.begin(), out.end(), vol_less);
  // virsh also drops as many entries from the end as lookups failed.
  out.resize(out.size() > missing ? out.size() - missing : 0);
  return true;
}

}  // namespace

bool cmd_vol_list(Shell &sh, const Cmd &c) {
  bool details = c.has("details");
  Pool pool = lookup_pool(sh, c, "pool");
  if (!pool) return false;
  std::vector<Vol> vols;
  if (!collect_vols(pool, vols)) return false;
  Table table =
      details ? Table({"Name", "Path", "Type", "Capacity", "Allocation"}) : Table({"Name", "Path"});
  for (const Vol &v : vols) {
    std::string path = v.try_path().value_or(std::string("unknown"));
    if (!details) {
      table.add({name_of(v), path});
      continue;
    }
    auto info = v.try_info();
    if (!info)
      table.add({name_of(v), path, "unknown", "unknown", "unknown"});
    else
      table.add({name_of(v), path, vol_type(info->type), capacity_text(info->capacity),
                 capacity_text(info->allocation)});
  }
  table.print();
  return true;
}

bool cmd_vol_name(Shell &sh, const Cmd &c) {
  Vol vol = lookup_vol(sh, c, "vol", nullptr, nullptr, kByUuid);
  if (!vol) return false;
  std::printf("%s\n", name_of(vol).c_str());
  return true;
}

bool cmd_vol_pool(Shell &sh, const Cmd &c) {
  Vol vol = lookup_vol(sh, c, "vol", nullptr, nullptr, kByUuid);
  if (!vol) return false;
  auto pool = vol.try_pool();
  if (!pool) {
    error("failed to get parent pool");
    return false;
  }
  if (c.has("uuid")) {
    if (auto uuid = pool->try_uuid_string()) std::printf("%s\n", uuid->c_str());
  } else {
    std::printf("%s\n", name_of(*pool).c_str());
  }
  return true;
}

bool cmd_vol_key(Shell &sh, const Cmd &c) {
  Vol vol = lookup_vol(sh, c, "vol", "pool");
  if (!vol) return false;
  auto key = vol.try_key();
  std::printf("%s\n", key ? key->c_str() : "(null)");
  return true;
}

bool cmd_vol_path(Shell &sh, const Cmd &c) {
  Vol vol = lookup_vol(sh, c, "vol", "pool");
  if (!vol) return false;
  auto path = vol.try_path();
  if (!path) return false;
  std::printf("%s\n", path->c_str());
  return true;
}

}  // namespace virtkit_sh
