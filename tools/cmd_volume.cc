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
#include <string>
#include <vector>

#include "cmd_storage.h"
#include "util/numbers.h"

namespace virtkit_sh {

namespace storage {

Vol lookup_vol(Shell &sh, const Cmd &c, const char *opt, const char *pool_opt, const char **given,
               unsigned by) {
  const char *n = nullptr, *p = nullptr;
  if (c.string(opt, n) < 0 || !n) return nullptr;
  if (pool_opt && c.string(pool_opt, p) < 0) return nullptr;
  Pool pool;
  if (p) {
    pool = lookup_pool(sh, c, pool_opt, given, by);
    if (!pool) return nullptr;
    if (virStoragePoolIsActive(pool.get()) != 1) {
      error("pool '%s' is not active", p);
      return nullptr;
    }
  }
  debug(kDebug, "%s: found option <%s>: %s\n", c.def->name, opt, n);
  if (given) *given = n;
  Vol vol;
  if (pool && (by & kByName)) {
    debug(kDebug, "%s: <%s> trying as vol name\n", c.def->name, opt);
    vol.reset(virStorageVolLookupByName(pool.get(), n));
  }
  if (!vol && (by & kByUuid)) {
    debug(kDebug, "%s: <%s> trying as vol key\n", c.def->name, opt);
    vol.reset(virStorageVolLookupByKey(sh.conn.get(), n));
  }
  if (!vol && (by & kByUuid)) {
    debug(kDebug, "%s: <%s> trying as vol path\n", c.def->name, opt);
    vol.reset(virStorageVolLookupByPath(sh.conn.get(), n));
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
    Pool owner(virStoragePoolLookupByVolume(vol.get()));
    if (owner &&
        std::strcmp(virStoragePoolGetName(owner.get()), virStoragePoolGetName(pool.get()))) {
      reset_error();
      error("Requested volume '%s' is not in pool '%s'", n, virStoragePoolGetName(pool.get()));
      vol.reset();
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

struct StreamFree {
  void operator()(virStreamPtr s) const { virStreamFree(s); }
};
using Stream = std::unique_ptr<virStream, StreamFree>;

int file_read(virStreamPtr, char *bytes, size_t n, void *opaque) {
  int fd = static_cast<StreamFile *>(opaque)->fd;
  size_t got = 0;
  while (got < n) {
    ssize_t r = read(fd, bytes + got, n - got);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return -1;
    if (r == 0) break;
    got += static_cast<size_t>(r);
  }
  return static_cast<int>(got);
}

int file_write(virStreamPtr, const char *bytes, size_t n, void *opaque) {
  int fd = static_cast<StreamFile *>(opaque)->fd;
  size_t done = 0;
  while (done < n) {
    ssize_t r = write(fd, bytes + done, n - done);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return -1;
    if (r == 0) {
      errno = ENOSPC;
      return -1;
    }
    done += static_cast<size_t>(r);
  }
  return static_cast<int>(done);
}

// Skipping a hole of the volume we send: past it in the file.
int file_skip_source(virStreamPtr, long long length, void *opaque) {
  int fd = static_cast<StreamFile *>(opaque)->fd;
  return lseek(fd, length, SEEK_CUR) == -1 ? -1 : 0;
}

// A hole the volume sends: zeroes on a block device, else a hole in the file.
int file_skip_sink(virStreamPtr, long long length, void *opaque) {
  auto *f = static_cast<StreamFile *>(opaque);
  if (f->block) {
    std::vector<char> zeroes(1024 * 1024, 0);
    while (length > 0) {
      size_t n = std::min(static_cast<size_t>(length), zeroes.size());
      int r = file_write(nullptr, zeroes.data(), n, opaque);
      if (r < 0) return -1;
      length -= r;
    }
    return 0;
  }
  off_t at = lseek(f->fd, length, SEEK_CUR);
  if (at == -1 || ftruncate(f->fd, at) < 0) return -1;
  return 0;
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

int file_in_data_cb(virStreamPtr, int *in_data, long long *length, void *opaque) {
  auto *f = static_cast<StreamFile *>(opaque);
  if (f->block) {
    // A device is all data; EOF ends the section early.
    *in_data = 1;
    *length = 1024 * 1024;
    return 0;
  }
  if (!file_in_data(f->fd, *in_data, *length)) {
    int err = errno;
    error("Unable to get current position in stream");
    errno = err;
    return -1;
  }
  return 0;
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
    Vol snap(virStorageVolLookupByName(pool.get(), backing));
    if (snap) debug(kDebug, "%s: Backing store volume found using '%s' as name\n", cmd, backing);
    if (!snap) {
      debug(kDebug, "%s: Look up backing store volume '%s' as key\n", cmd, backing);
      snap.reset(virStorageVolLookupByKey(sh.conn.get(), backing));
      if (snap) debug(kDebug, "%s: Backing store volume found using '%s' as key\n", cmd, backing);
    }
    if (!snap) {
      debug(kDebug, "%s: Look up backing store volume '%s' as path\n", cmd, backing);
      snap.reset(virStorageVolLookupByPath(sh.conn.get(), backing));
      if (snap) debug(kDebug, "%s: Backing store volume found using '%s' as path\n", cmd, backing);
    }
    if (!snap) {
      error("failed to get vol '%s'", backing);
      return false;
    }
    char *path = virStorageVolGetPath(snap.get());
    if (!path) return false;
    xml += "  <backingStore>\n    <path>" + std::string(path) + "</path>\n";
    std::free(path);
    if (backing_format) xml += "    <format type='" + std::string(backing_format) + "'/>\n";
    xml += "  </backingStore>\n";
  }
  xml += "</volume>\n";
  if (c.has("print-xml")) {
    std::printf("%s", xml.c_str());
    return true;
  }
  Vol vol(virStorageVolCreateXML(pool.get(), xml.c_str(), flags));
  if (!vol) {
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
  Vol vol(virStorageVolCreateXML(pool.get(), xml.c_str(), flags));
  if (!vol) {
    error("Failed to create vol from %s", from);
    return false;
  }
  extra("Vol %s created from %s\n", virStorageVolGetName(vol.get()), from);
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
  Vol vol(virStorageVolCreateXMLFrom(pool.get(), xml.c_str(), input.get(), flags));
  if (!vol) {
    error("Failed to create vol from %s", from);
    return false;
  }
  extra("Vol %s created from input vol %s\n", virStorageVolGetName(vol.get()),
        virStorageVolGetName(input.get()));
  return true;
}

bool cmd_vol_clone(Shell &sh, const Cmd &c) {
  Vol orig = lookup_vol(sh, c, "vol", "pool");
  if (!orig) return false;
  unsigned flags = 0;
  if (c.has("prealloc-metadata")) flags |= VIR_STORAGE_VOL_CREATE_PREALLOC_METADATA;
  if (c.has("reflink")) flags |= VIR_STORAGE_VOL_CREATE_REFLINK;
  Pool pool(virStoragePoolLookupByVolume(orig.get()));
  if (!pool) {
    error("failed to get parent pool");
    return false;
  }
  const char *name = nullptr;
  if (c.string("newname", name) < 0) return false;
  char *xml = virStorageVolGetXMLDesc(orig.get(), 0);
  if (!xml) return false;
  std::string newxml = clone_xml(xml, name);
  std::free(xml);
  if (newxml.empty()) {
    error("Failed to allocate XML buffer");
    return false;
  }
  if (c.has("print-xml")) {
    std::printf("%s", newxml.c_str());
    return true;
  }
  Vol vol(virStorageVolCreateXMLFrom(pool.get(), newxml.c_str(), orig.get(), flags));
  if (!vol) {
    error("Failed to clone vol from %s", virStorageVolGetName(orig.get()));
    return false;
  }
  extra("Vol %s cloned from %s\n", virStorageVolGetName(vol.get()),
        virStorageVolGetName(orig.get()));
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
  Stream st(virStreamNew(sh.conn.get(), 0));
  if (!st) {
    error("cannot create a new stream");
    return false;
  }
  if (virStorageVolUpload(vol.get(), st.get(), offset, length, flags) < 0) {
    error("cannot upload to volume %s", name);
    return false;
  }
  int r = (flags & VIR_STORAGE_VOL_UPLOAD_SPARSE_STREAM)
              ? virStreamSparseSendAll(st.get(), file_read, file_in_data_cb, file_skip_source, &f)
              : virStreamSendAll(st.get(), file_read, &f);
  if (r < 0) {
    error("cannot send data to volume %s", name);
    return false;
  }
  int rc = close(fd);
  fd = -1;
  if (rc < 0) {
    error("cannot close file %s", file);
    virStreamAbort(st.get());
    return false;
  }
  if (virStreamFinish(st.get()) < 0) {
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
  Stream st;
  // Everything after the file is open; false leaves it removed if we made it.
  auto transfer = [&]() {
    struct stat sb;
    if (fstat(fd, &sb) < 0) {
      error("unable to stat %s", file);
      return false;
    }
    StreamFile f{fd, S_ISBLK(sb.st_mode)};
    st.reset(virStreamNew(sh.conn.get(), 0));
    if (!st) {
      error("cannot create a new stream");
      return false;
    }
    if (virStorageVolDownload(vol.get(), st.get(), offset, length, flags) < 0) {
      error("cannot download from volume %s", name);
      return false;
    }
    if (virStreamSparseRecvAll(st.get(), file_write, file_skip_sink, &f) < 0) {
      error("cannot receive data from volume %s", name);
      return false;
    }
    int rc = close(fd);
    fd = -1;
    if (rc < 0) {
      error("cannot close file %s", file);
      virStreamAbort(st.get());
      return false;
    }
    if (virStreamFinish(st.get()) < 0) {
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
  if (virStorageVolDelete(vol.get(), flags) != 0) {
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
  int r = virStorageVolWipePattern(vol.get(), static_cast<unsigned>(alg), 0);
  if (r < 0) {
    virErrorPtr e = virGetLastError();
    // Servers without patterns may still zero the volume.
    if (e && e->code == VIR_ERR_NO_SUPPORT && alg == VIR_STORAGE_VOL_WIPE_ALG_ZERO)
      r = virStorageVolWipe(vol.get(), 0);
  }
  if (r < 0) {
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
  std::printf("%-15s %s\n", "Name:", virStorageVolGetName(vol.get()));
  virStorageVolInfo info;
  int rc = physical ? virStorageVolGetInfoFlags(vol.get(), &info, VIR_STORAGE_VOL_GET_PHYSICAL)
                    : virStorageVolGetInfo(vol.get(), &info);
  if (rc < 0) return false;
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
  const char *vname = virStorageVolGetName(vol.get());
  if (virStorageVolResize(vol.get(), capacity, flags) < 0) {
    error(delta ? "Failed to change size of volume '%s' by %s"
                : "Failed to change size of volume '%s' to %s",
          vname, cap);
    return false;
  }
  extra(delta ? "Size of volume '%s' successfully changed by %s\n"
              : "Size of volume '%s' successfully changed to %s\n",
        vname, cap);
  return true;
}

bool cmd_vol_dumpxml(Shell &sh, const Cmd &c) {
  Vol vol = lookup_vol(sh, c, "vol", "pool");
  if (!vol) return false;
  const char *xpath = nullptr;
  if (c.string_quiet("xpath", xpath) < 0) return false;
  char *xml = virStorageVolGetXMLDesc(vol.get(), 0);
  if (!xml) return false;
  bool ok = print_xml(xml, xpath, c.has("wrap"));
  std::free(xml);
  return ok;
}

namespace {

bool vol_less(virStorageVolPtr a, virStorageVolPtr b) {
  return strcasecmp(virStorageVolGetName(a), virStorageVolGetName(b)) < 0;
}

// virsh's virshStorageVolListCollect: the pool's volumes sorted by name,
// the old way when the server lacks virStoragePoolListAllVolumes. False
// after the error.
bool collect_vols(virStoragePoolPtr pool, std::vector<virStorageVolPtr> &out) {
  virStorageVolPtr *list = nullptr;
  int n = virStoragePoolListAllVolumes(pool, &list, 0);
  if (n >= 0) {
    out.assign(list, list + n);
    std::free(list);
    std::sort(out.begin(), out.end(), vol_less);
    return true;
  }
  virErrorPtr e = virGetLastError();
  if (!e || e->code != VIR_ERR_NO_SUPPORT) {
    error("Failed to list volumes");
    return false;
  }
  reset_error();
  int nvols = virStoragePoolNumOfVolumes(pool);
  if (nvols < 0) {
    error("Failed to list storage volumes");
    return false;
  }
  if (nvols == 0) return true;
  std::vector<char *> names(static_cast<size_t>(nvols), nullptr);
  nvols = virStoragePoolListVolumes(pool, names.data(), nvols);
  if (nvols < 0) {
    error("Failed to list storage volumes");
    return false;
  }
  for (int i = 0; i < nvols; i++)
    if (virStorageVolPtr v = virStorageVolLookupByName(pool, names[static_cast<size_t>(i)]))
      out.push_back(v);
  size_t missing = static_cast<size_t>(nvols) - out.size();
  for (char *s : names) std::free(s);
  std::sort(out.begin(), out.end(), vol_less);
  // virsh also drops as many entries from the end as lookups failed.
  size_t keep = out.size() > missing ? out.size() - missing : 0;
  for (size_t i = keep; i < out.size(); i++) virStorageVolFree(out[i]);
  out.resize(keep);
  return true;
}

}  // namespace

bool cmd_vol_list(Shell &sh, const Cmd &c) {
  bool details = c.has("details");
  Pool pool = lookup_pool(sh, c, "pool");
  if (!pool) return false;
  std::vector<virStorageVolPtr> vols;
  if (!collect_vols(pool.get(), vols)) return false;
  std::vector<Vol> owned(vols.begin(), vols.end());
  Table table =
      details ? Table({"Name", "Path", "Type", "Capacity", "Allocation"}) : Table({"Name", "Path"});
  for (virStorageVolPtr v : vols) {
    char *p = virStorageVolGetPath(v);
    std::string path = p ? p : "unknown";
    std::free(p);
    if (!details) {
      table.add({virStorageVolGetName(v), path});
      continue;
    }
    virStorageVolInfo info;
    if (virStorageVolGetInfo(v, &info) != 0)
      table.add({virStorageVolGetName(v), path, "unknown", "unknown", "unknown"});
    else
      table.add({virStorageVolGetName(v), path, vol_type(info.type), capacity_text(info.capacity),
                 capacity_text(info.allocation)});
  }
  table.print();
  return true;
}

bool cmd_vol_name(Shell &sh, const Cmd &c) {
  Vol vol = lookup_vol(sh, c, "vol", nullptr, nullptr, kByUuid);
  if (!vol) return false;
  std::printf("%s\n", virStorageVolGetName(vol.get()));
  return true;
}

bool cmd_vol_pool(Shell &sh, const Cmd &c) {
  Vol vol = lookup_vol(sh, c, "vol", nullptr, nullptr, kByUuid);
  if (!vol) return false;
  Pool pool(virStoragePoolLookupByVolume(vol.get()));
  if (!pool) {
    error("failed to get parent pool");
    return false;
  }
  if (c.has("uuid")) {
    char uuid[VIR_UUID_STRING_BUFLEN];
    if (virStoragePoolGetUUIDString(pool.get(), uuid) == 0) std::printf("%s\n", uuid);
  } else {
    std::printf("%s\n", virStoragePoolGetName(pool.get()));
  }
  return true;
}

bool cmd_vol_key(Shell &sh, const Cmd &c) {
  Vol vol = lookup_vol(sh, c, "vol", "pool");
  if (!vol) return false;
  const char *key = virStorageVolGetKey(vol.get());
  std::printf("%s\n", key ? key : "(null)");
  return true;
}

bool cmd_vol_path(Shell &sh, const Cmd &c) {
  Vol vol = lookup_vol(sh, c, "vol", "pool");
  if (!vol) return false;
  char *path = virStorageVolGetPath(vol.get());
  if (!path) return false;
  std::printf("%s\n", path);
  std::free(path);
  return true;
}

}  // namespace virtkit_sh
