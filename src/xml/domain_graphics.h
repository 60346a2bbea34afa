// SPDX-License-Identifier: LGPL-2.1-or-later
// A domain's <graphics> devices (libvirt's virDomainGraphicsDef): the element
// is read and printed by hand, since its attributes and how its ports print
// depend on its type, its first <listen> and the format flags; its children
// (<listen>, spice's <channel>, <image>..., <gl>, <audio>) come from
// src/xml/desc/domain.xd.
#pragma once

#include <libxml/tree.h>
#include <libxml/xpath.h>

#include <optional>
#include <string>
#include <vector>

#include "error/status.h"
#include "xml/domain_desc.h"
#include "xml/xml.h"

namespace virtkit::conf {

// virDomainGraphicsAuthDef: the password of a vnc or spice display.
struct GraphicsAuth {
  std::optional<std::string> passwd;
  std::optional<long long> valid_to;  // seconds since the epoch, when passwdValidTo was given
  GraphicsAuthConnected connected = GraphicsAuthConnected::default_;
};

struct Graphics {
  GraphicsType type = GraphicsType::sdl;
  // vnc, rdp and spice: where it listens (the first one is also printed as
  // the legacy attributes of <graphics>), and its ports.
  std::vector<GraphicsListen> listens;
  int port = 0;
  bool autoport = false;
  int tls_port = 0;  // spice
  // vnc.
  int websocket = 0;
  bool websocket_generated = false;
  VncSharePolicy share_policy = VncSharePolicy::default_;
  std::optional<bool> power_control;
  std::optional<std::string> keymap;  // vnc, spice
  GraphicsAuth auth;                  // vnc, spice
  std::optional<SoundAudio> audio;    // vnc, dbus: the <audio> backend it plays through
  // sdl and desktop.
  std::optional<std::string> display, xauth;  // xauth: sdl only
  bool fullscreen = false;
  std::optional<SdlGl> sdl_gl;
  // rdp.
  bool replace_user = false, multi_user = false;
  // spice.
  SpiceChannelMode default_mode = SpiceChannelMode::any;
  std::vector<SpiceChannel> channels;  // by name, in libvirt's order, none with mode 'any'
  std::optional<SpiceImage> image;
  std::optional<SpiceJpeg> jpeg;
  std::optional<SpiceZlib> zlib;
  std::optional<SpicePlayback> playback;
  std::optional<SpiceStreaming> streaming;
  std::optional<SpiceMouse> mouse;
  std::optional<SpiceClipboard> clipboard;
  std::optional<SpiceFileTransfer> filetransfer;
  std::optional<GraphicsGl> gl;  // spice, dbus
  // egl-headless.
  std::optional<std::string> rendernode;
  // dbus.
  bool p2p = false;
  std::optional<std::string> address;
};

// virDomainGraphicsDefParseXML; `flags` are the domain's parse flags
// (kParseInactive: an automatic port is not kept).
Result<Graphics> parse_graphics(xmlXPathContextPtr ctxt, xmlNodePtr node, unsigned flags);
// virDomainDefPostParseGraphics: spice without ports nor autoport listens nowhere.
void post_parse_graphics(Graphics &g);
// virDomainGraphicsDefValidate; `audios` are the domain's <audio> backends.
Status validate_graphics(const Graphics &g, const std::vector<Audio> &audios);
// virDomainGraphicsDefFormat with the domain's format flags.
void format_graphics(xml::Buffer &buf, const Graphics &g, unsigned flags);

}  // namespace virtkit::conf
