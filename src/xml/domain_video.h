// SPDX-License-Identifier: LGPL-2.1-or-later
// <video>'s <model> children (<acceleration>, <resolution>) and <driver>
// options, and the video checks of libvirt's domain validation.
#pragma once

#include <libxml/tree.h>
#include <libxml/xpath.h>

#include "error/status.h"
#include "xml/xml.h"

namespace virtkit::conf {

struct Video;
struct Input;
struct DomainDef;

// After <model>'s primary attribute: <model><acceleration>, <model><resolution>
// and <driver>'s virtio options (libvirt reads them before the model type).
Status parse_video_model_extras(xmlXPathContextPtr ctxt, Video &v);
// After the device info: <driver vgaconf>.
Status parse_video_vgaconf(xmlXPathContextPtr ctxt, Video &v);
// <driver> (virtio options, vgaconf, name) or nothing.
void format_video_driver(xml::Buffer &buf, const Video &v);
// The children of <model>: <acceleration> and <resolution>.
void format_video_model_children(xml::Buffer &buf, const Video &v);
bool video_model_has_children(const Video &v);
// <input>'s <source> and <driver> (after its device info).
Status parse_input_source_driver(xmlNodePtr node, Input &in);
// <driver> then <source>, as children of <input>.
void format_input_source_driver(xml::Buffer &child, const Input &in);
// virDomainInputDefValidate for each input.
Status validate_inputs(const DomainDef &def);

// virDomainVideoDefValidate for each video (the device checks).
Status validate_videos(const DomainDef &def);
// virDomainDefVideoValidate: one primary video only (domain-wide checks).
Status validate_video_primary(const DomainDef &def);

}  // namespace virtkit::conf
