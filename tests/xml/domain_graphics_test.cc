// SPDX-License-Identifier: LGPL-2.1-or-later
// A domain's <graphics> devices (src/xml/desc/domain.xd and its hooks in
// src/xml/domain_graphics.cc), through virDomainDefineXML on the test
// driver: what libvirt 9.0.0 prints of each type (flags 0, SECURE and
// MIGRATABLE, defined or running), the legacy listen=/socket= attributes
// reconciled with the first <listen>, the <video> a domain with graphics and
// no video gets, and each error with its code, domain and message. Expected
// values are Debian libvirt 9.0.0's; the file builds against that libvirt too.
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "../support/domain_xml.h"

namespace {

struct Case {
  const char *devices;
  unsigned flags;  // virDomainGetXMLDesc's
  bool start;      // dumped while running
  const char *os;  // the <os> element, nullptr for a plain hvm one
  bool whole;      // all of <devices> rather than its <graphics> lines
  // The trimmed lines printed, joined; or "ERR code domain message".
  const char *expected;
};

const Case kCases[] = {
    {"<graphics type='vnc' port='5901' autoport='no' listen='127.0.0.1' keymap='de' "
     "sharePolicy='force-shared' powerControl='yes' passwd='pw' "
     "passwdValidTo='2010-11-28T14:29:01' connected='keep' websocket='5700'/>",
     0, false, nullptr, false,
     "<graphics type='vnc' port='5901' autoport='no' websocket='5700' listen='127.0.0.1' "
     "keymap='de' sharePolicy='force-shared' powerControl='yes' "
     "passwdValidTo='2010-11-28T14:29:01' connected='keep'><listen type='address' "
     "address='127.0.0.1'/></graphics>"},
    {"<graphics type='vnc' port='5901' autoport='no' listen='127.0.0.1' keymap='de' "
     "sharePolicy='force-shared' powerControl='yes' passwd='pw' "
     "passwdValidTo='2010-11-28T14:29:01' connected='keep' websocket='5700'/>",
     1, false, nullptr, false,
     "<graphics type='vnc' port='5901' autoport='no' websocket='5700' listen='127.0.0.1' "
     "keymap='de' sharePolicy='force-shared' powerControl='yes' passwd='pw' "
     "passwdValidTo='2010-11-28T14:29:01' connected='keep'><listen type='address' "
     "address='127.0.0.1'/></graphics>"},
    {"<graphics type='vnc' port='5901' autoport='yes'/>", 0, false, nullptr, false,
     "<graphics type='vnc' port='-1' autoport='yes'><listen type='address'/></graphics>"},
    {"<graphics type='vnc' port='5901' autoport='maybe'/>", 0, false, nullptr, false,
     "<graphics type='vnc' port='5901' autoport='no'><listen type='address'/></graphics>"},
    {"<graphics type='vnc' sharePolicy='default' powerControl='no'/>", 0, false, nullptr, false,
     "<graphics type='vnc' port='-1' autoport='yes' powerControl='no'><listen "
     "type='address'/></graphics>"},
    {"<graphics type='vnc' socket='/tmp/vnc.sock'/>", 0, false, nullptr, false,
     "<graphics type='vnc' socket='/tmp/vnc.sock'><listen type='socket' "
     "socket='/tmp/vnc.sock'/></graphics>"},
    {"<graphics type='vnc' socket='/tmp/vnc.sock' listen='1.2.3.4'><listen type='address' "
     "address='1.2.3.4'/><listen type='network' network='n'/></graphics>",
     0, false, nullptr, false,
     "<graphics type='vnc' socket='/tmp/vnc.sock'><listen type='socket' "
     "socket='/tmp/vnc.sock'/><listen type='network' network='n'/></graphics>"},
    {"<graphics type='vnc'><listen type='socket'/></graphics>", 0, false, nullptr, false,
     "<graphics type='vnc'><listen type='socket'/></graphics>"},
    {"<graphics type='vnc' socket='/s'><listen type='socket'/></graphics>", 0, false, nullptr,
     false, "<graphics type='vnc' socket='/s'><listen type='socket' socket='/s'/></graphics>"},
    {"<graphics type='vnc'><listen type='none'/></graphics>", 0, false, nullptr, false,
     "<graphics type='vnc'><listen type='none'/></graphics>"},
    {"<graphics type='vnc' listen=''><listen type='network' network='default' "
     "address='9.9.9.9'/></graphics>",
     0, false, nullptr, false,
     "<graphics type='vnc' port='-1' autoport='yes'><listen type='network' "
     "network='default'/></graphics>"},
    {"<graphics type='vnc' listen='1.2.3.4'><listen type='address'/><listen type='address' "
     "address='5.6.7.8'/></graphics>",
     0, false, nullptr, false,
     "<graphics type='vnc' port='-1' autoport='yes' listen='1.2.3.4'><listen type='address' "
     "address='1.2.3.4'/><listen type='address' address='5.6.7.8'/></graphics>"},
    {"<graphics type='vnc' listen='1.2.3.4'><listen type='network' network='net'/></graphics>", 0,
     false, nullptr, false,
     "<graphics type='vnc' port='-1' autoport='yes'><listen type='network' "
     "network='net'/></graphics>"},
    {"<graphics type='vnc' listen='a&amp;b'/>", 0, false, nullptr, false,
     "<graphics type='vnc' port='-1' autoport='yes' listen='a&b'><listen type='address' "
     "address='a&b'/></graphics>"},
    {"<graphics type='vnc' passwd='p' passwdValidTo='2024-02-30T00:00:00'/>", 0, false, nullptr,
     false,
     "<graphics type='vnc' port='-1' autoport='yes' passwdValidTo='1970-01-01T00:00:00'><listen "
     "type='address'/></graphics>"},
    {"<graphics type='vnc' connected='keep'/>", 0, false, nullptr, false,
     "<graphics type='vnc' port='-1' autoport='yes'><listen type='address'/></graphics>"},
    {"<graphics type='vnc'><audio id='1'/></graphics><audio id='1' type='none'/>", 0, false,
     nullptr, false,
     "<graphics type='vnc' port='-1' autoport='yes'><listen type='address'/><audio "
     "id='1'/></graphics>"},
    {"<graphics type='rdp' port='3389' replaceUser='yes' multiUser='yes' listen='0.0.0.0'/>", 0,
     false, nullptr, false,
     "<graphics type='rdp' port='3389' replaceUser='yes' multiUser='yes' listen='0.0.0.0'><listen "
     "type='address' address='0.0.0.0'/></graphics>"},
    {"<graphics type='rdp' autoport='yes' port='3389'/>", 0, false, nullptr, false,
     "<graphics type='rdp' port='0' autoport='yes'><listen type='address'/></graphics>"},
    {"<graphics type='rdp' autoport='no'/>", 0, false, nullptr, false,
     "<graphics type='rdp' port='0' autoport='yes'><listen type='address'/></graphics>"},
    {"<graphics type='sdl' display=':0' xauth='/root/.Xauthority' fullscreen='yes'/>", 0, false,
     nullptr, false,
     "<graphics type='sdl' display=':0' xauth='/root/.Xauthority' fullscreen='yes'/>"},
    {"<graphics type='desktop' display=':0' fullscreen='yes'/>", 0, false, nullptr, false,
     "<graphics type='desktop' display=':0' fullscreen='yes'/>"},
    {"<graphics type='desktop' fullscreen='no'/>", 0, false, nullptr, false,
     "<graphics type='desktop'/>"},
    {"<graphics type='spice' port='5903' tlsPort='5904' autoport='no' listen='127.0.0.1' "
     "keymap='en' defaultMode='secure' passwd='pw' connected='disconnect'><channel name='main' "
     "mode='secure'/><channel name='display' mode='insecure'/><channel name='usbredir' "
     "mode='secure'/><image compression='auto_glz'/><jpeg compression='auto'/><zlib "
     "compression='auto'/><playback compression='on'/><streaming mode='filter'/><mouse "
     "mode='client'/><clipboard copypaste='no'/><filetransfer enable='no'/><gl enable='yes' "
     "rendernode='/dev/dri/foo'/></graphics>",
     1, false, nullptr, false,
     "<graphics type='spice' port='5903' tlsPort='5904' autoport='no' listen='127.0.0.1' "
     "keymap='en' defaultMode='secure' passwd='pw' connected='disconnect'><listen type='address' "
     "address='127.0.0.1'/><channel name='main' mode='secure'/><channel name='display' "
     "mode='insecure'/><channel name='usbredir' mode='secure'/><image "
     "compression='auto_glz'/><jpeg compression='auto'/><zlib compression='auto'/><playback "
     "compression='on'/><streaming mode='filter'/><mouse mode='client'/><clipboard "
     "copypaste='no'/><filetransfer enable='no'/><gl enable='yes' "
     "rendernode='/dev/dri/foo'/></graphics>"},
    {"<graphics type='spice'/>", 0, false, nullptr, false,
     "<graphics type='spice'><listen type='none'/></graphics>"},
    {"<graphics type='spice' autoport='yes'/>", 0, false, nullptr, false,
     "<graphics type='spice' autoport='yes'><listen type='address'/></graphics>"},
    {"<graphics type='spice' port='-1' tlsPort='-1'/>", 0, false, nullptr, false,
     "<graphics type='spice' autoport='yes'><listen type='address'/></graphics>"},
    {"<graphics type='spice' port='5900' autoport='yes'/>", 0, false, nullptr, false,
     "<graphics type='spice' autoport='yes'><listen type='address'/></graphics>"},
    {"<graphics type='spice'><listen type='none'/></graphics>", 0, false, nullptr, false,
     "<graphics type='spice'><listen type='none'/></graphics>"},
    {"<graphics type='spice'><listen type='socket' socket='/tmp/spice.sock'/></graphics>", 0, false,
     nullptr, false,
     "<graphics type='spice'><listen type='socket' socket='/tmp/spice.sock'/></graphics>"},
    {"<graphics type='spice' socket='/tmp/spice.sock'><listen type='socket'/></graphics>", 0, false,
     nullptr, false,
     "<graphics type='spice'><listen type='socket' socket='/tmp/spice.sock'/></graphics>"},
    {"<graphics type='spice' defaultMode='any'><channel name='main' mode='any'/></graphics>", 0,
     false, nullptr, false, "<graphics type='spice'><listen type='none'/></graphics>"},
    {"<graphics type='egl-headless'/>", 0, false, nullptr, false,
     "<graphics type='egl-headless'/>"},
    {"<graphics type='egl-headless'><gl rendernode='/dev/dri/renderD128'/></graphics>", 0, false,
     nullptr, false,
     "<graphics type='egl-headless'><gl rendernode='/dev/dri/renderD128'/></graphics>"},
    {"<graphics type='dbus'/>", 0, false, nullptr, false, "<graphics type='dbus'/>"},
    {"<graphics type='dbus' p2p='yes'><gl enable='no' rendernode='/r'/><audio id='3'/></graphics>",
     0, false, nullptr, false,
     "<graphics type='dbus' p2p='yes'><gl enable='no' rendernode='/r'/><audio id='3'/></graphics>"},
    {"<graphics type='dbus' address='unix:path=/tmp/x'/>", 0, false, nullptr, false,
     "<graphics type='dbus' address='unix:path=/tmp/x'/>"},
    {"<graphics type='vnc' port='5901' autoport='yes'/>", 0, true, nullptr, false,
     "<graphics type='vnc' port='-1' autoport='yes'><listen type='address'/></graphics>"},
    {"<graphics type='vnc' listen='1.2.3.4'><listen type='network' network='net'/></graphics>", 0,
     true, nullptr, false,
     "<graphics type='vnc' port='-1' autoport='yes'><listen type='network' "
     "network='net'/></graphics>"},
    {"<graphics type='vnc'/>", 0, false, nullptr, true,
     "<graphics type='vnc' port='-1' autoport='yes'><listen "
     "type='address'/></graphics><video><model type='cirrus' vram='16384' heads='1' "
     "primary='yes'/></video>"},
    {"<graphics type='sdl'/>", 0, false, "<os><type>xen</type></os>", true,
     "<graphics type='sdl'/><video><model type='xen' vram='4096' heads='1' "
     "primary='yes'/></video>"},
    {"<graphics type='sdl'/>", 0, false, "<os><type arch='ppc64'>hvm</type></os>", true,
     "<graphics type='sdl'/><video><model type='vga' vram='16384' heads='1' "
     "primary='yes'/></video>"},
    {"<graphics type='sdl'/><video><model type='vga'/></video>", 0, false, nullptr, true,
     "<graphics type='sdl'/><video><model type='vga' vram='16384' heads='1' "
     "primary='yes'/></video>"},
    {"<graphics type='sdl'/><graphics type='vnc'/><input type='tablet' bus='usb'/>", 0, false,
     nullptr, true,
     "<input type='tablet' bus='usb'/><graphics type='sdl'/><graphics type='vnc' port='-1' "
     "autoport='yes'><listen type='address'/></graphics><video><model type='cirrus' vram='16384' "
     "heads='1' primary='yes'/></video>"},
    {"<graphics/>", 0, false, nullptr, false,
     "ERR 27 5 XML error: Missing required attribute 'type' in element 'graphics'"},
    {"<graphics type='bogus'/>", 0, false, nullptr, false,
     "ERR 27 5 XML error: Invalid value for attribute 'type' in element 'graphics': 'bogus'."},
    {"<graphics type='vnc' port='59x'/>", 0, false, nullptr, false,
     "ERR 1 20 internal error: cannot parse vnc port 59x"},
    {"<graphics type='vnc' port=''/>", 0, false, nullptr, false,
     "ERR 1 20 internal error: cannot parse vnc port "},
    {"<graphics type='rdp' port='abc'/>", 0, false, nullptr, false,
     "ERR 1 20 internal error: cannot parse rdp port abc"},
    {"<graphics type='spice' port='abc'/>", 0, false, nullptr, false,
     "ERR 27 5 XML error: Invalid value for attribute 'port' in element 'graphics': 'abc'. "
     "Expected integer value"},
    {"<graphics type='spice' tlsPort='1.5'/>", 0, false, nullptr, false,
     "ERR 27 5 XML error: Invalid value for attribute 'tlsPort' in element 'graphics': '1.5'. "
     "Expected integer value"},
    {"<graphics type='spice' autoport='maybe'/>", 0, false, nullptr, false,
     "ERR 27 5 XML error: Invalid value for attribute 'autoport' in element 'graphics': 'maybe'."},
    {"<graphics type='spice' defaultMode='bogus'/>", 0, false, nullptr, false,
     "ERR 27 5 XML error: Invalid value for attribute 'defaultMode' in element 'graphics': "
     "'bogus'."},
    {"<graphics type='vnc' websocket='ws'/>", 0, false, nullptr, false,
     "ERR 27 5 XML error: Invalid value for attribute 'websocket' in element 'graphics': 'ws'. "
     "Expected integer value"},
    {"<graphics type='vnc' sharePolicy='bogus'/>", 0, false, nullptr, false,
     "ERR 27 5 XML error: Invalid value for attribute 'sharePolicy' in element 'graphics': "
     "'bogus'."},
    {"<graphics type='vnc' powerControl='1'/>", 0, false, nullptr, false,
     "ERR 27 5 XML error: Invalid value for attribute 'powerControl' in element 'graphics': '1'."},
    {"<graphics type='sdl' fullscreen='1'/>", 0, false, nullptr, false,
     "ERR 27 5 XML error: Invalid value for attribute 'fullscreen' in element 'graphics': '1'."},
    {"<graphics type='desktop' fullscreen='1'/>", 0, false, nullptr, false,
     "ERR 27 5 XML error: Invalid value for attribute 'fullscreen' in element 'graphics': '1'."},
    {"<graphics type='dbus' p2p='1'/>", 0, false, nullptr, false,
     "ERR 27 5 XML error: Invalid value for attribute 'p2p' in element 'graphics': '1'."},
    {"<graphics type='vnc'><listen/></graphics>", 0, false, nullptr, false,
     "ERR 27 5 XML error: Missing required attribute 'type' in element 'listen'"},
    {"<graphics type='vnc'><listen type='bogus'/></graphics>", 0, false, nullptr, false,
     "ERR 27 5 XML error: Invalid value for attribute 'type' in element 'listen': 'bogus'."},
    {"<graphics type='rdp'><listen type='socket'/></graphics>", 0, false, nullptr, false,
     "ERR 67 20 unsupported configuration: listen type 'socket' is not available for graphics type "
     "'rdp'"},
    {"<graphics type='rdp'><listen type='none'/></graphics>", 0, false, nullptr, false,
     "ERR 67 20 unsupported configuration: listen type 'none' is not available for graphics type "
     "'rdp'"},
    {"<graphics type='vnc' listen='1.2.3.4'><listen type='address' address='5.6.7.8'/></graphics>",
     0, false, nullptr, false,
     "ERR 67 20 unsupported configuration: graphics 'listen' attribute '1.2.3.4' must match "
     "'address' attribute of first listen element (found '5.6.7.8')"},
    {"<graphics type='spice' socket='/a'><listen type='socket' socket='/b'/></graphics>", 0, false,
     nullptr, false,
     "ERR 67 20 unsupported configuration: graphics 'socket' attribute '/a' must match 'socket' "
     "attribute of first listen element (found '/b')"},
    {"<graphics type='vnc'><listen type='address' network='n'/></graphics>", 0, false, nullptr,
     false, "ERR 27 20 XML error: 'network' attribute is valid only for listen type 'network'"},
    {"<graphics type='vnc'><listen type='address' socket='/s'/></graphics>", 0, false, nullptr,
     false, "ERR 27 20 XML error: 'socket' attribute is valid only for listen type 'socket'"},
    {"<graphics type='vnc'><listen type='network'/></graphics>", 0, false, nullptr, false,
     "ERR 27 20 XML error: 'network' attribute is required for listen type 'network'"},
    {"<graphics type='vnc' passwd='p' passwdValidTo='2010-11-28'/>", 0, false, nullptr, false,
     "ERR 1 20 internal error: cannot parse password validity time '2010-11-28', expect "
     "YYYY-MM-DDTHH:MM:SS"},
    {"<graphics type='vnc' passwd='p' connected='bogus'/>", 0, false, nullptr, false,
     "ERR 67 20 unsupported configuration: unknown connected value bogus"},
    {"<graphics type='vnc' passwd='p' connected='default'/>", 0, false, nullptr, false,
     "ERR 67 20 unsupported configuration: unknown connected value default"},
    {"<graphics type='vnc' passwd='p' connected='fail'/>", 0, false, nullptr, false,
     "ERR 67 20 unsupported configuration: VNC supports connected='keep' only"},
    {"<graphics type='vnc'><audio id='2'/></graphics>", 0, false, nullptr, false,
     "ERR 27 20 XML error: no audio device with ID 2"},
    {"<graphics type='vnc'><audio/></graphics>", 0, false, nullptr, false,
     "ERR 27 5 XML error: Missing required attribute 'id' in element 'audio'"},
    {"<graphics type='vnc'><audio id='0'/></graphics>", 0, false, nullptr, false,
     "ERR 27 5 XML error: Invalid value for attribute 'id' in element 'audio': Zero is not "
     "permitted"},
    {"<graphics type='dbus' p2p='yes' address='unix:path=/x'/>", 0, false, nullptr, false,
     "ERR 27 20 XML error: D-Bus p2p with an address is not supported"},
    {"<graphics type='spice'><channel name='bogus' mode='secure'/></graphics>", 0, false, nullptr,
     false,
     "ERR 27 5 XML error: Invalid value for attribute 'name' in element 'channel': 'bogus'."},
    {"<graphics type='spice'><channel name='main'/></graphics>", 0, false, nullptr, false,
     "ERR 27 5 XML error: Missing required attribute 'mode' in element 'channel'"},
    {"<graphics type='spice'><image compression='default'/></graphics>", 0, false, nullptr, false,
     "ERR 27 5 XML error: Invalid value for attribute 'compression' in element 'image': "
     "'default'."},
    {"<graphics type='spice'><jpeg/></graphics>", 0, false, nullptr, false,
     "ERR 27 5 XML error: Missing required attribute 'compression' in element 'jpeg'"},
    {"<graphics type='spice'><playback compression='yes'/></graphics>", 0, false, nullptr, false,
     "ERR 27 5 XML error: Invalid value for attribute 'compression' in element 'playback': 'yes'."},
    {"<graphics type='spice'><streaming mode='default'/></graphics>", 0, false, nullptr, false,
     "ERR 27 5 XML error: Invalid value for attribute 'mode' in element 'streaming': 'default'."},
    {"<graphics type='spice'><mouse mode='default'/></graphics>", 0, false, nullptr, false,
     "ERR 27 5 XML error: Invalid value for attribute 'mode' in element 'mouse': 'default'."},
    {"<graphics type='spice'><clipboard/></graphics>", 0, false, nullptr, false,
     "ERR 27 5 XML error: Missing required attribute 'copypaste' in element 'clipboard'"},
    {"<graphics type='spice'><filetransfer enable='on'/></graphics>", 0, false, nullptr, false,
     "ERR 27 5 XML error: Invalid value for attribute 'enable' in element 'filetransfer': 'on'."},
    {"<graphics type='spice'><gl rendernode='/r'/></graphics>", 0, false, nullptr, false,
     "ERR 27 5 XML error: Missing required attribute 'enable' in element 'gl'"},
    {"<graphics type='sdl'><gl/></graphics>", 0, false, nullptr, false,
     "ERR 27 5 XML error: Missing required attribute 'enable' in element 'gl'"},
    {"<graphics type='dbus'><gl enable='maybe'/></graphics>", 0, false, nullptr, false,
     "ERR 27 5 XML error: Invalid value for attribute 'enable' in element 'gl': 'maybe'."},
    {"<graphics type='spice'/>", 8, false, nullptr, false,
     "<graphics type='spice' autoport='no'/>"},
    {"<graphics type='vnc' socket='/tmp/vnc.sock'/>", 8, false, nullptr, false,
     "<graphics type='vnc' socket='/tmp/vnc.sock'></graphics>"},
    {"<graphics type='vnc' listen='1.2.3.4'><listen type='network' network='net'/></graphics>", 8,
     true, nullptr, false,
     "<graphics type='vnc' port='-1' autoport='yes'><listen type='network' "
     "network='net'/></graphics>"},
    {"<graphics type='spice' port='5900' autoport='no'><listen type='network' "
     "network='net'/></graphics>",
     8, false, nullptr, false,
     "<graphics type='spice' port='5900' autoport='no'><listen type='network' "
     "network='net'/></graphics>"},
    {"<graphics type='vnc' socket=''/>", 0, false, nullptr, false,
     "<graphics type='vnc' socket=''><listen type='socket' socket=''/></graphics>"},
    {"<graphics type='vnc' port=' 5901'/>", 0, false, nullptr, false,
     "<graphics type='vnc' port='5901' autoport='no'><listen type='address'/></graphics>"},
    {"<graphics type='vnc' port='-1'/>", 0, true, nullptr, false,
     "<graphics type='vnc' port='-1' autoport='yes'><listen type='address'/></graphics>"},
    {"<graphics type='vnc' passwd='p' passwdValidTo='0005-01-02T03:04:05'/>", 0, false, nullptr,
     false,
     "<graphics type='vnc' port='-1' autoport='yes' passwdValidTo='5-01-02T03:04:05'><listen "
     "type='address'/></graphics>"},
    {"<graphics type='vnc' passwd='p' passwdValidTo='2010-11-28T14:29:01x'/>", 0, false, nullptr,
     false,
     "ERR 1 20 internal error: cannot parse password validity time '2010-11-28T14:29:01x', expect "
     "YYYY-MM-DDTHH:MM:SS"},
    {"<graphics type='vnc' passwd='p' passwdValidTo='2010-11-28T14:29:60'/>", 0, false, nullptr,
     false,
     "<graphics type='vnc' port='-1' autoport='yes' passwdValidTo='1970-01-01T00:00:00'><listen "
     "type='address'/></graphics>"},
    {"<graphics type='vnc' passwd='p' passwdValidTo='2000-02-29T23:59:59'/>", 0, false, nullptr,
     false,
     "<graphics type='vnc' port='-1' autoport='yes' passwdValidTo='2000-02-29T23:59:59'><listen "
     "type='address'/></graphics>"},
    {"<graphics type='vnc' passwd='p' passwdValidTo='1969-12-31T23:59:59'/>", 0, false, nullptr,
     false,
     "<graphics type='vnc' port='-1' autoport='yes' passwdValidTo='1969-12-31T23:59:59'><listen "
     "type='address'/></graphics>"},
    {"<graphics type='vnc' passwd='a&lt;b'/>", 1, false, nullptr, false,
     "<graphics type='vnc' port='-1' autoport='yes' passwd='a&lt;b'><listen "
     "type='address'/></graphics>"},
    {"<graphics type='spice' passwd='p' connected='fail'/>", 0, false, nullptr, false,
     "<graphics type='spice' connected='fail'><listen type='none'/></graphics>"},
    {"<graphics type='spice'><channel name='main' mode='secure'/><channel name='main' "
     "mode='any'/></graphics>",
     0, false, nullptr, false, "<graphics type='spice'><listen type='none'/></graphics>"},
    {"<graphics type='spice' port='5900'><listen type='address' address=''/></graphics>", 0, false,
     nullptr, false,
     "<graphics type='spice' port='5900' autoport='no'><listen type='address'/></graphics>"},
    {"<graphics type='spice' listen='1.1.1.1' port='5900'><listen type='address' "
     "address=''/></graphics>",
     0, false, nullptr, false,
     "ERR 67 20 unsupported configuration: graphics 'listen' attribute '1.1.1.1' must match "
     "'address' attribute of first listen element (found '')"},
    {"<graphics type='sdl' listen='1.1.1.1'><listen type='address' address='2.2.2.2'/></graphics>",
     0, false, nullptr, false, "<graphics type='sdl'/>"},
    {"<graphics type='vnc'><listen type='socket' socket=''/></graphics>", 0, false, nullptr, false,
     "<graphics type='vnc'><listen type='socket'/></graphics>"},
    {"<graphics type='vnc' keymap='a&amp;b' display='x'/>", 0, false, nullptr, false,
     "<graphics type='vnc' port='-1' autoport='yes' keymap='a&amp;b'><listen "
     "type='address'/></graphics>"},
};

class DomainGraphics : public virtkit_testing::TestDriverFixture<> {
 protected:
  std::string run(const Case &c) {
    std::string xml = std::string("<domain type='test'><name>x</name><memory>1024</memory>") +
                      (c.os ? c.os : "<os><type>hvm</type></os>") + "<devices>" + c.devices +
                      "</devices></domain>";
    virDomainPtr d = virDomainDefineXML(conn_, xml.c_str());
    if (!d) {
      virErrorPtr e = virGetLastError();
      if (!e) return "ERR (none)";
      char head[64];
      std::snprintf(head, sizeof head, "ERR %d %d ", e->code, e->domain);
      return head + std::string(e->message ? e->message : "(null)");
    }
    if (c.start) {
      EXPECT_EQ(virDomainCreate(d), 0);
    }
    char *out = virDomainGetXMLDesc(d, c.flags);
    std::string all = out ? out : "";
    std::free(out);
    if (c.start) virDomainDestroy(d);
    virDomainUndefine(d);
    virDomainFree(d);
    size_t from = all.find("<devices>"), to = all.find("</devices>");
    if (from == std::string::npos || to == std::string::npos) return "(no devices)";
    std::istringstream in(all.substr(from + 9, to - from - 9));
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) {
      line.erase(0, line.find_first_not_of(' '));
      if (!line.empty()) lines.push_back(line);
    }
    // Without `whole`: from the first <graphics> line to the last line
    // closing a <graphics>.
    size_t first = lines.size(), last = 0;
    for (size_t i = 0; i < lines.size(); i++) {
      bool open = lines[i].rfind("<graphics", 0) == 0;
      if (open && first == lines.size()) first = i;
      if (lines[i] == "</graphics>" || (open && lines[i].ends_with("/>"))) last = i;
    }
    if (c.whole) first = 0, last = lines.empty() ? 0 : lines.size() - 1;
    std::string r;
    for (size_t i = first; i < lines.size() && i <= last; i++) r += lines[i];
    return r;
  }
};

TEST_F(DomainGraphics, AsLibvirtPrintsAndRefusesThem) {
  for (const Case &c : kCases) {
    SCOPED_TRACE(std::string(c.devices) + " flags " + std::to_string(c.flags) +
                 (c.start ? " running" : ""));
    EXPECT_EQ(run(c), c.expected);
  }
}

// Indentation too: a vnc display whose listens are all left out of a
// migratable XML still has an end tag.
TEST_F(DomainGraphics, MigratableVncSocketIndented) {
  const char *xml =
      "<domain type='test'><name>x</name><memory>1024</memory><os><type>hvm</type></os>"
      "<devices><graphics type='vnc' socket='/tmp/vnc.sock'/></devices></domain>";
  virDomainPtr d = virDomainDefineXML(conn_, xml);
  ASSERT_NE(d, nullptr);
  char *out = virDomainGetXMLDesc(d, VIR_DOMAIN_XML_MIGRATABLE);
  std::string all = out ? out : "";
  std::free(out);
  virDomainUndefine(d);
  virDomainFree(d);
  EXPECT_NE(all.find("\n    <graphics type='vnc' socket='/tmp/vnc.sock'>\n    </graphics>\n"),
            std::string::npos)
      << all;
}

// An error's other fields: a listen mismatch is libvirt's own message.
TEST_F(DomainGraphics, ListenMismatchErrorFields) {
  const char *xml =
      "<domain type='test'><name>x</name><memory>1024</memory><os><type>hvm</type></os>"
      "<devices><graphics type='vnc' listen='1.2.3.4'><listen type='address' address='5.6.7.8'/>"
      "</graphics></devices></domain>";
  EXPECT_EQ(virDomainDefineXML(conn_, xml), nullptr);
  virErrorPtr e = virGetLastError();
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->code, VIR_ERR_CONFIG_UNSUPPORTED);
  EXPECT_EQ(e->domain, VIR_FROM_DOMAIN);
  EXPECT_STREQ(e->str1, "unsupported configuration: %s");
  EXPECT_STREQ(e->str2,
               "graphics 'listen' attribute '1.2.3.4' must match 'address' attribute of first "
               "listen element (found '5.6.7.8')");
}

}  // namespace
