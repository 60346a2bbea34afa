// SPDX-License-Identifier: LGPL-2.1-or-later
#include "xml/domain_filesystem.h"

#include <libvirt/virterror.h>

#include <climits>
#include <set>

#include "util/numbers.h"
#include "xml/domain_def.h"
#include "xml/storage_def.h"

namespace virtkit::conf {
namespace {

constexpr int kFrom = VIR_FROM_DOMAIN;

template <typename E>
Status prop_enum(xmlNodePtr node, const char *name, const std::vector<std::string_view> &names,
                 unsigned flags, E &out) {
  if (!node) return Status();
  int v = static_cast<int>(out);
  VK_TRY(xml::prop_enum(node, name, names, flags, v, v));
  out = static_cast<E>(v);
  return Status();
}

Status prop_switch(xmlNodePtr node, const char *name, TristateSwitch &out) {
  if (!node) return Status();
  int v = 0;
  VK_TRY(xml::prop_tristate_switch(node, name, xml::kPropNone, v));
  out = static_cast<TristateSwitch>(v);
  return Status();
}

// A file mode: octal, at most 0777.
Status prop_mode(xmlNodePtr node, const char *name, unsigned &out) {
  auto rv = xml::prop_uint(node, name, 8, xml::kPropNone, out);
  VK_TRY(rv);
  if (*rv > 0 && out > 0777) return error(kFrom, VIR_ERR_XML_ERROR, "invalid %s: '0%o'", name, out);
  return Status();
}

const char *on_off(TristateSwitch v) {
  return v == TristateSwitch::on ? "on" : "off";
}

}  // namespace

Result<Filesystem> parse_filesystem(xmlXPathContextPtr ctxt, xmlNodePtr node) {
  xml::NodeRestore restore(ctxt);
  ctxt->node = node;
  Filesystem fs;
  VK_TRY(prop_enum(node, "type", kFsTypeNames, xml::kPropNone, fs.type));
  VK_TRY(prop_enum(node, "accessmode", kFsAccessModeNames, xml::kPropNone, fs.accessmode));
  VK_TRY(prop_mode(node, "fmode", fs.fmode));
  VK_TRY(prop_mode(node, "dmode", fs.dmode));
  VK_TRY(prop_enum(node, "model", kFsModelNames, xml::kPropNonZero, fs.model));
  VK_TRY(prop_enum(node, "multidevs", kFsMultidevsNames, xml::kPropNone, fs.multidevs));
  VK_TRY(xml::parse_scaled_value(ctxt, "./space_hard_limit[1]", nullptr, 1, ULLONG_MAX, false,
                                 fs.space_hard_limit));
  VK_TRY(xml::parse_scaled_value(ctxt, "./space_soft_limit[1]", nullptr, 1, ULLONG_MAX, false,
                                 fs.space_soft_limit));
  std::optional<std::string> usage, units;
  if (xmlNodePtr source = xml::xpath_node(ctxt, "./source")) {
    fs.socket = xml::prop(source, "socket");
    switch (fs.type) {
      case FsType::mount:
      case FsType::bind:
        fs.source = xml::prop(source, "dir");
        break;
      case FsType::file:
        fs.source = xml::prop(source, "file");
        break;
      case FsType::block:
        fs.source = xml::prop(source, "dev");
        break;
      case FsType::template_:
        fs.source = xml::prop(source, "name");
        break;
      case FsType::ram:
        usage = xml::prop(source, "usage");
        units = xml::prop(source, "units");
        break;
      case FsType::volume: {
        // virDomainDiskSourcePoolDefParse.
        fs.pool = xml::prop(source, "pool");
        fs.volume = xml::prop(source, "volume");
        if (fs.pool.has_value() != fs.volume.has_value())
          return error(kFrom, VIR_ERR_XML_ERROR, "%s",
                       "'pool' and 'volume' must be specified together for 'pool' type source");
        auto mode = xml::prop(source, "mode");
        if (fs.pool && mode && *mode != "host" && *mode != "direct")
          return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED,
                       "unknown source mode '%s' for volume type disk", mode->c_str());
        break;
      }
    }
  }
  fs.target = xml::xpath_string(ctxt, "string(./target/@dir)");
  fs.readonly = xml::xpath_node(ctxt, "./readonly") != nullptr;
  if (xmlNodePtr driver = xml::xpath_node(ctxt, "./driver")) {
    VK_TRY(prop_enum(driver, "type", kFsDriverNames, xml::kPropNone, fs.driver));
    VK_TRY(prop_enum(driver, "wrpolicy", kFsWrpolicyNames, xml::kPropNone, fs.wrpolicy));
    if (auto format = xml::prop(driver, "format")) {
      fs.format = xml::enum_from_string(storage_file_format_names(), *format);
      if (fs.format <= 0)
        return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED, "unknown driver format value '%s'",
                     format->c_str());
    }
    VK_TRY(parse(driver, fs.virtio.emplace()));
  }
  if (fs.driver == FsDriver::virtiofs) {
    auto queue = xml::xpath_string(ctxt, "string(./driver/@queue)");
    auto binary = xml::xpath_string(ctxt, "string(./binary/@path)");
    auto pool = xml::xpath_string(ctxt, "string(./binary/thread_pool/@size)");
    if (queue && !util::str_to_ull(queue->c_str(), 10, fs.queue_size))
      return error(kFrom, VIR_ERR_XML_ERROR, "cannot parse queue size '%s' for virtiofs",
                   queue->c_str());
    if (pool && !util::str_to_i(pool->c_str(), 10, fs.thread_pool_size))
      return error(kFrom, VIR_ERR_XML_ERROR, "cannot parse thread pool size '%s' for virtiofs",
                   pool->c_str());
    if (binary) fs.binary = sanitize_path(*binary);
    xmlNodePtr bin = xml::xpath_node(ctxt, "./binary");
    xmlNodePtr lock = xml::xpath_node(ctxt, "./binary/lock");
    VK_TRY(prop_switch(bin, "xattr", fs.xattr));
    VK_TRY(prop_switch(lock, "posix", fs.posix_lock));
    VK_TRY(prop_switch(lock, "flock", fs.flock));
    VK_TRY(prop_enum(xml::xpath_node(ctxt, "./binary/cache"), "mode", kFsCacheModeNames,
                     xml::kPropNonZero, fs.cache));
    VK_TRY(prop_enum(xml::xpath_node(ctxt, "./binary/sandbox"), "mode", kFsSandboxModeNames,
                     xml::kPropNonZero, fs.sandbox));
  }
  if (!fs.source && fs.type != FsType::ram && fs.type != FsType::volume && !fs.socket)
    return fs.target ? error(kFrom, VIR_ERR_NO_SOURCE, "%s", fs.target->c_str())
                     : error(kFrom, VIR_ERR_NO_SOURCE);
  if (fs.type == FsType::ram) {
    if (!usage)
      return error(kFrom, VIR_ERR_XML_ERROR, "%s", "missing 'usage' attribute for RAM filesystem");
    if (!util::str_to_ull(usage->c_str(), 10, fs.usage))
      return error(kFrom, VIR_ERR_XML_ERROR, "cannot parse usage '%s' for RAM filesystem",
                   usage->c_str());
    VK_TRY(xml::scale_integer(fs.usage, units ? units->c_str() : nullptr, 1024, ULLONG_MAX));
  }
  VK_TRY(parse_device_info(node, fs.info, true));
  return fs;
}

void post_parse_filesystem(Filesystem &fs) {
  if (fs.accessmode == FsAccessMode::default_ && !fs.socket)
    fs.accessmode = FsAccessMode::passthrough;
}

Status validate_filesystem(const Filesystem &fs) {
  if (!fs.target) {
    const auto &source = fs.source ? fs.source : fs.socket;
    return source ? error(kFrom, VIR_ERR_NO_TARGET, "%s", source->c_str())
                  : error(kFrom, VIR_ERR_NO_TARGET);
  }
  if (fs.info.boot_index && fs.driver != FsDriver::virtiofs)
    return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                 "boot order is only supported for virtiofs");
  return Status();
}

Status validate_filesystems(const DomainDef &def) {
  std::set<std::string> targets;
  for (const Filesystem &fs : def.filesystems) {
    if (fs.driver != FsDriver::virtiofs) continue;
    if (!targets.insert(*fs.target).second)
      return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED, "filesystem target '%s' specified twice",
                   fs.target->c_str());
  }
  return Status();
}

void format_filesystem(xml::Buffer &buf, const Filesystem &fs) {
  buf.addf("<filesystem type='%s'", to_string(fs.type));
  if (fs.accessmode != FsAccessMode::default_)
    buf.addf(" accessmode='%s'", to_string(fs.accessmode));
  if (fs.model != FsModel::default_) buf.addf(" model='%s'", to_string(fs.model));
  if (fs.multidevs != FsMultidevs::default_) buf.addf(" multidevs='%s'", to_string(fs.multidevs));
  if (fs.fmode) buf.addf(" fmode='%04o'", fs.fmode);
  if (fs.dmode) buf.addf(" dmode='%04o'", fs.dmode);
  buf.add(">\n");
  buf.indent(2);
  xml::Buffer dattrs, dchildren = xml::Buffer::child_of(buf);
  xml::Buffer battrs, bchildren = xml::Buffer::child_of(buf);
  if (fs.driver != FsDriver::default_) {
    dattrs.addf(" type='%s'", to_string(fs.driver));
    if (fs.format) dattrs.addf(" format='%s'", storage_file_format_names()[fs.format].data());
    if (fs.wrpolicy != FsWrpolicy::default_) dattrs.addf(" wrpolicy='%s'", to_string(fs.wrpolicy));
    if (fs.queue_size) dattrs.addf(" queue='%llu'", fs.queue_size);
  }
  if (fs.driver == FsDriver::virtiofs) {
    battrs.escape(" path='%s'", fs.binary);
    if (fs.xattr != TristateSwitch::absent) battrs.addf(" xattr='%s'", on_off(fs.xattr));
    if (fs.cache != FsCacheMode::default_)
      bchildren.addf("<cache mode='%s'/>\n", to_string(fs.cache));
    if (fs.sandbox != FsSandboxMode::default_)
      bchildren.addf("<sandbox mode='%s'/>\n", to_string(fs.sandbox));
    xml::Buffer lock;
    if (fs.posix_lock != TristateSwitch::absent) lock.addf(" posix='%s'", on_off(fs.posix_lock));
    if (fs.flock != TristateSwitch::absent) lock.addf(" flock='%s'", on_off(fs.flock));
    xml::format_element(bchildren, "lock", &lock, nullptr);
    if (fs.thread_pool_size >= 0) bchildren.addf("<thread_pool size='%d'/>\n", fs.thread_pool_size);
  }
  // The virtio options are attributes of <driver>.
  if (fs.virtio) format_attrs(dattrs, *fs.virtio);
  xml::format_element(buf, "driver", &dattrs, &dchildren);
  xml::format_element(buf, "binary", &battrs, &bchildren);
  switch (fs.type) {
    case FsType::mount:
    case FsType::bind:
      if (!fs.socket)
        buf.escape("<source dir='%s'/>\n", fs.source);
      else
        buf.escape("<source socket='%s'/>\n", fs.socket);
      break;
    case FsType::block:
      buf.escape("<source dev='%s'/>\n", fs.source);
      break;
    case FsType::file:
      buf.escape("<source file='%s'/>\n", fs.source);
      break;
    case FsType::template_:
      buf.escape("<source name='%s'/>\n", fs.source);
      break;
    case FsType::ram:
      buf.addf("<source usage='%lld' units='KiB'/>\n", static_cast<long long>(fs.usage / 1024));
      break;
    case FsType::volume:
      buf.add("<source");
      buf.escape(" pool='%s'", fs.pool);
      buf.escape(" volume='%s'", fs.volume);
      buf.add("/>\n");
      break;
  }
  buf.escape("<target dir='%s'/>\n", fs.target);
  if (fs.readonly) buf.add("<readonly/>\n");
  format_device_info(buf, fs.info, true);
  if (fs.space_hard_limit)
    buf.addf("<space_hard_limit unit='bytes'>%llu</space_hard_limit>\n", fs.space_hard_limit);
  if (fs.space_soft_limit)
    buf.addf("<space_soft_limit unit='bytes'>%llu</space_soft_limit>\n", fs.space_soft_limit);
  buf.indent(-2);
  buf.add("</filesystem>\n");
}

}  // namespace virtkit::conf
