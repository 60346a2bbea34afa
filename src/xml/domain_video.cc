// SPDX-License-Identifier: LGPL-2.1-or-later
#include "xml/domain_video.h"

#include <libvirt/virterror.h>

#include <algorithm>

#include "xml/domain_def.h"
#include "xml/storage_def.h"

namespace virtkit::conf {
namespace {

constexpr int kFrom = VIR_FROM_DOMAIN;
const std::vector<std::string_view> kVgaConfNames{"io", "on", "off"};
const std::vector<std::string_view> kSwitchNames{"absent", "on", "off"};
const std::vector<std::string_view> kGrabNames{"default", "all"};
const std::vector<std::string_view> kGrabToggleNames{
    "default", "ctrl-ctrl", "alt-alt", "shift-shift", "meta-meta", "scrolllock", "ctrl-scrolllock"};
const std::vector<std::string_view> kInputTypeNames{"mouse", "tablet", "keyboard", "passthrough",
                                                    "evdev"};
const std::vector<std::string_view> kInputBusNames{"ps2",       "usb",    "xen",
                                                   "parallels", "virtio", "none"};

const std::vector<std::string_view> kInputModelNames{"default", "virtio", "virtio-transitional",
                                                     "virtio-non-transitional"};

const char *name(const std::vector<std::string_view> &names, int i) {
  return names[static_cast<size_t>(i)].data();
}

// virtio options on a video that is not virtio (libvirt's
// virDomainCheckVirtioOptionsAreAbsent messages).
Status virtio_options_absent(const std::optional<VirtioOptions> &v) {
  if (!v) return Status();
  const char *what = v->iommu         ? "iommu driver option is only supported for virtio devices"
                     : v->ats         ? "ats driver option is only supported for virtio devices"
                     : v->packed      ? "packed driver option is only supported for virtio devices"
                     : v->page_per_vq ? "page_per_vq option is only supported for virtio devices"
                                      : nullptr;
  if (what) return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED, "%s", what);
  return Status();
}

Status validate_video(const Video &v, const DomainDef &def) {
  if (v.type == Video::default_)
    return error(kFrom, VIR_ERR_INTERNAL_ERROR, "%s",
                 "missing video model and cannot determine default");
  if (def.videos.size() > 1)
    for (const Video &other : def.videos)
      if (other.type == Video::none)
        return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                     "a 'none' video type must be the only video device defined for the domain");
  if (v.backend == VideoBackend::vhostuser) {
    if (v.type != Video::virtio)
      return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                   "'vhostuser' driver is only supported with 'virtio' device");
  } else if (v.accel && v.accel->rendernode) {
    return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                 "unsupported rendernode accel attribute without 'vhostuser'");
  }
  if (v.res && (v.res->x == 0 || v.res->y == 0))
    return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                 "video resolution values must be greater than 0");
  if (v.type != Video::qxl) {
    const char *bad = v.ram      ? "ram attribute only supported for video type qxl"
                      : v.vram64 ? "vram64 attribute only supported for video type qxl"
                      : v.vgamem ? "vgamem attribute only supported for video type qxl"
                                 : nullptr;
    if (bad) return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED, "%s", bad);
  }
  if (v.type == Video::ramfb && v.info.addr.type != Address::none)
    return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                 "address not supported for video type ramfb");
  if (v.type != Video::virtio) VK_TRY(virtio_options_absent(v.virtio_opts));
  return Status();
}

}  // namespace

Status check_video_accel(xmlNodePtr, VideoAccel &x) {
  if (!x.rendernode && !x.accel3d && !x.accel2d)
    return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED, "%s", "missing values for acceleration");
  if (x.rendernode) x.rendernode = sanitize_path(*x.rendernode);
  return Status();
}

Status parse_video_model_extras(xmlXPathContextPtr ctxt, Video &v) {
  if (xmlNodePtr node = xml::xpath_node(ctxt, "./model/acceleration"))
    VK_TRY(parse(node, v.accel.emplace()));
  if (xmlNodePtr node = xml::xpath_node(ctxt, "./model/resolution"))
    VK_TRY(parse(node, v.res.emplace()));
  return Status();
}

Status parse_video_vgaconf(xmlXPathContextPtr ctxt, Video &v) {
  // libvirt drops a bad vgaconf without failing the parse.
  if (xmlNodePtr driver = xml::xpath_node(ctxt, "./driver"))
    if (auto val = xml::prop(driver, "vgaconf"))
      v.vgaconf = std::max(0, xml::enum_from_string(kVgaConfNames, *val));
  return Status();
}

void format_video_driver(xml::Buffer &buf, const Video &v) {
  xml::Buffer attrs;
  if (v.virtio_opts) format_attrs(attrs, *v.virtio_opts);
  if (v.vgaconf) attrs.addf(" vgaconf='%s'", std::string(kVgaConfNames[v.vgaconf]).c_str());
  if (v.backend != VideoBackend::default_)
    attrs.addf(" name='%s'", v.backend == VideoBackend::qemu ? "qemu" : "vhostuser");
  if (attrs.empty()) return;
  buf.addf("<driver%s/>\n", attrs.str().c_str());
}

bool video_model_has_children(const Video &v) {
  return v.accel || v.res;
}

void format_video_model_children(xml::Buffer &buf, const Video &v) {
  if (v.accel) format(buf, *v.accel);
  if (v.res) format(buf, *v.res);
}

Status validate_videos(const DomainDef &def) {
  for (const Video &v : def.videos) VK_TRY(validate_video(v, def));
  return Status();
}

Status parse_input_source_driver(xmlNodePtr node, Input &in) {
  if (xmlNodePtr source = first_child(node, "source")) {
    if (in.type == Input::passthrough)
      in.evdev_path = xml::prop(source, "evdev");
    else if (in.type == Input::evdev)
      in.evdev_path = xml::prop(source, "dev");
    if (in.evdev_path) in.evdev_path = sanitize_path(*in.evdev_path);
    if ((in.type == Input::passthrough || in.type == Input::evdev) && !in.evdev_path)
      return error(kFrom, VIR_ERR_XML_ERROR, "%s", "Missing evdev path for input device");
    if (in.type == Input::evdev) {
      VK_TRY(xml::prop_enum(source, "grab", kGrabNames, xml::kPropNonZero, in.grab));
      VK_TRY(xml::prop_enum(source, "grabToggle", kGrabToggleNames, xml::kPropNonZero,
                            in.grab_toggle));
      VK_TRY(xml::prop_tristate_switch(source, "repeat", xml::kPropNone, in.repeat));
    }
  }
  if (xmlNodePtr driver = first_child(node, "driver"))
    VK_TRY(parse(driver, in.virtio_opts.emplace()));
  return Status();
}

void format_input_source_driver(xml::Buffer &child, const Input &in) {
  xml::Buffer driver;
  if (in.virtio_opts) format_attrs(driver, *in.virtio_opts);
  xml::format_element(child, "driver", &driver, nullptr);
  xml::Buffer source;
  source.escape(in.type == Input::evdev ? " dev='%s'" : " evdev='%s'", in.evdev_path);
  if (in.grab) source.addf(" grab='%s'", name(kGrabNames, in.grab));
  if (in.grab_toggle) source.addf(" grabToggle='%s'", name(kGrabToggleNames, in.grab_toggle));
  if (in.repeat) source.addf(" repeat='%s'", name(kSwitchNames, in.repeat));
  xml::format_element(child, "source", &source, nullptr);
}

Status validate_inputs(const DomainDef &def) {
  for (const Input &in : def.inputs) {
    const char *type = name(kInputTypeNames, in.type), *bus = name(kInputBusNames, in.bus);
    if (def.os.type == OsType::hvm) {
      if (in.bus == Input::ps2 && in.type != Input::mouse && in.type != Input::keyboard)
        return error(kFrom, VIR_ERR_INTERNAL_ERROR, "ps2 bus does not support %s input device",
                     type);
      if (in.bus == Input::xen)
        return error(kFrom, VIR_ERR_INTERNAL_ERROR, "unsupported input bus %s", bus);
    } else if (def.os.type == OsType::xen || def.os.type == OsType::xenpvh) {
      if (in.bus != Input::xen)
        return error(kFrom, VIR_ERR_INTERNAL_ERROR, "unsupported input bus %s", bus);
      if (in.type != Input::mouse && in.type != Input::keyboard)
        return error(kFrom, VIR_ERR_INTERNAL_ERROR, "xen bus does not support %s input device",
                     type);
    } else if (def.virt_type == VirtType::vz || def.virt_type == VirtType::parallels) {
      if (in.bus != Input::parallels)
        return error(kFrom, VIR_ERR_INTERNAL_ERROR,
                     "parallels containers don't support input bus %s", bus);
      if (in.type != Input::mouse && in.type != Input::keyboard)
        return error(kFrom, VIR_ERR_INTERNAL_ERROR,
                     "parallels bus does not support %s input device", type);
    } else {
      return error(kFrom, VIR_ERR_INTERNAL_ERROR, "%s",
                   "Input devices are not supported by this virtualization driver.");
    }
    if ((in.type == Input::mouse || in.type == Input::tablet || in.type == Input::keyboard) &&
        in.evdev_path)
      return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                   "setting source evdev path only supported for passthrough input devices");
    if (in.type == Input::passthrough && in.bus != Input::virtio)
      return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                   "only bus 'virtio' is supported for 'passthrough' input devices");
    if (in.type == Input::evdev && in.bus != Input::bus_none)
      return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                   "input evdev doesn't support bus element");
    if (in.model != InputModel::default_ && in.bus != Input::virtio)
      return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED,
                   "only bus 'virtio' is supported for input model '%s'",
                   name(kInputModelNames, static_cast<int>(in.model)));
  }
  return Status();
}

Status validate_video_primary(const DomainDef &def) {
  // The parser puts a primary video first; a second one is an error.
  if (def.videos.empty() || !def.videos[0].primary) return Status();
  for (size_t i = 1; i < def.videos.size(); i++)
    if (def.videos[i].primary)
      return error(kFrom, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                   "Only one primary video device is supported");
  return Status();
}

}  // namespace virtkit::conf
