// SPDX-License-Identifier: LGPL-2.1-or-later
// The last domain devices libvirt 9.0.0 keeps: <video>'s <acceleration>,
// <resolution> and <driver> options, <input>'s <source> and <driver>,
// <memballoon>'s <driver>, the <nvram> device, <lease>, <resource>; the
// virtio-serial address and per-device boot orders; and the checks libvirt
// makes on them, through virDomainDefineXML on the test driver. Expected
// values are Debian libvirt 9.0.0's; the file builds against that libvirt too.
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <sstream>
#include <string>

#include "../support/domain_xml.h"
#include "../support/last_error.h"

namespace {

using virtkit_testing::s;

struct Bad {
  const char *top;
  int code, domain;
  const char *message;
};

class DomainVideo : public virtkit_testing::TestDriverFixture<> {
 protected:
  static std::string domain(const std::string &top) {
    return "<domain type='test'><name>x</name><memory>1024</memory><os><type>hvm</type></os>" +
           top + "</domain>";
  }
  // Defines a domain with `top` among its top-level elements and returns
  // the trimmed lines of its XML from the one holding `from` to the one
  // holding `to`, both included, or "(failed) <message>".
  std::string dump(const std::string &top, const std::string &from, const std::string &to) {
    virDomainPtr d = virDomainDefineXML(conn_, domain(top).c_str());
    if (!d) return std::string("(failed) ") + s(virGetLastErrorMessage());
    char *out = virDomainGetXMLDesc(d, 0);
    std::string all = out ? out : "";
    std::free(out);
    virDomainUndefine(d);
    virDomainFree(d);
    size_t begin = all.find(from);
    if (begin == std::string::npos) return "";
    begin = all.rfind('\n', begin) + 1;
    size_t end = all.find('\n', all.find(to, begin));
    std::istringstream in(all.substr(begin, end - begin));
    std::string r;
    for (std::string line; std::getline(in, line);)
      if (size_t at = line.find_first_not_of(' '); at != std::string::npos) r += line.substr(at);
    return r;
  }
  void expect_failure(const Bad &b) {
    EXPECT_EQ(virDomainDefineXML(conn_, domain(b.top).c_str()), nullptr);
    virErrorPtr err = virGetLastError();
    ASSERT_NE(err, nullptr);
    EXPECT_EQ(err->code, b.code);
    EXPECT_EQ(err->domain, b.domain);
    EXPECT_EQ(s(err->message), s(b.message));
  }
};

TEST_F(DomainVideo, VideoAccelerationAndResolution) {
  EXPECT_EQ(
      dump("<devices><video><model type='virtio' heads='1' primary='yes'><acceleration "
           "accel3d='yes' accel2d='no'/><resolution x='800' y='600'/></model></video></devices>",
           "<video>", "</video>"),
      "<video><model type='virtio' heads='1' primary='yes'><acceleration accel3d='yes' "
      "accel2d='no'/><resolution x='800' y='600'/></model></video>");
}

TEST_F(DomainVideo, VideoVirtioDriverOptions) {
  EXPECT_EQ(dump("<devices><video><driver iommu='on' ats='on' packed='off' "
                 "page_per_vq='on'/><model type='virtio'/></video></devices>",
                 "<video>", "</video>"),
            "<video><driver iommu='on' ats='on' packed='off' page_per_vq='on'/><model "
            "type='virtio' heads='1' primary='yes'/></video>");
}

TEST_F(DomainVideo, VideoVhostuserRendernode) {
  EXPECT_EQ(dump("<devices><video><driver name='vhostuser'/><model type='virtio'><acceleration "
                 "rendernode='/dev/dri//foo/'/></model></video></devices>",
                 "<video>", "</video>"),
            "<video><driver name='vhostuser'/><model type='virtio' heads='1' "
            "primary='yes'><acceleration rendernode='/dev/dri/foo'/></model></video>");
}

TEST_F(DomainVideo, VideoDriverAllAttributes) {
  EXPECT_EQ(dump("<devices><video><driver name='qemu' vgaconf='off' packed='on'/><model "
                 "type='virtio'/></video></devices>",
                 "<video>", "</video>"),
            "<video><driver packed='on' vgaconf='off' name='qemu'/><model type='virtio' heads='1' "
            "primary='yes'/></video>");
}

TEST_F(DomainVideo, VideoBadVgaconfIgnored) {
  EXPECT_EQ(dump("<devices><video><driver vgaconf='bad'/><model type='vga'/></video></devices>",
                 "<video>", "</video>"),
            "<video><model type='vga' vram='16384' heads='1' primary='yes'/></video>");
}

TEST_F(DomainVideo, InputEvdevSource) {
  EXPECT_EQ(dump("<devices><input type='evdev'><source dev='/dev/input/event1' grab='all' "
                 "grabToggle='ctrl-ctrl' repeat='on'/></input></devices>",
                 "<input type='evdev'", "</input>"),
            "<input type='evdev'><source dev='/dev/input/event1' grab='all' grabToggle='ctrl-ctrl' "
            "repeat='on'/></input>");
}

TEST_F(DomainVideo, InputPassthroughSource) {
  EXPECT_EQ(dump("<devices><input type='passthrough' bus='virtio'><source "
                 "evdev='/dev/input/event1'/></input></devices>",
                 "<input type='passthrough'", "</input>"),
            "<input type='passthrough' bus='virtio'><source evdev='/dev/input/event1'/></input>");
}

TEST_F(DomainVideo, InputVirtioDriver) {
  EXPECT_EQ(dump("<devices><input type='tablet' bus='virtio'><driver iommu='on' "
                 "packed='on'/></input></devices>",
                 "<input type='tablet'", "</input>"),
            "<input type='tablet' bus='virtio'><driver iommu='on' packed='on'/></input>");
}

TEST_F(DomainVideo, InputSourceOfMouseDropped) {
  EXPECT_EQ(
      dump("<devices><input type='keyboard' bus='virtio'><source evdev='/x'/></input></devices>",
           "<input type='keyboard' bus='virtio'", "<input type='keyboard' bus='virtio'"),
      "<input type='keyboard' bus='virtio'/>");
}

TEST_F(DomainVideo, MemballoonDriver) {
  EXPECT_EQ(dump("<devices><memballoon model='virtio'><driver iommu='on' "
                 "ats='off'/></memballoon></devices>",
                 "<memballoon", "</memballoon>"),
            "<memballoon model='virtio'><driver iommu='on' ats='off'/></memballoon>");
}

TEST_F(DomainVideo, MemballoonEmptyDriver) {
  EXPECT_EQ(dump("<devices><memballoon model='virtio'><driver/></memballoon></devices>",
                 "<memballoon", "<memballoon"),
            "<memballoon model='virtio'/>");
}

TEST_F(DomainVideo, NvramDevice) {
  EXPECT_EQ(dump("<devices><nvram><address type='spapr-vio' reg='0x3000'/></nvram></devices>",
                 "<nvram>", "</nvram>"),
            "<nvram><address type='spapr-vio' reg='0x00003000'/></nvram>");
}

TEST_F(DomainVideo, NvramDeviceEmpty) {
  EXPECT_EQ(dump("<devices><nvram/></devices>", "<nvram>", "</nvram>"), "<nvram></nvram>");
}

TEST_F(DomainVideo, Leases) {
  EXPECT_EQ(dump("<devices><lease><lockspace>ls</lockspace><key>k</key><target path='/p' "
                 "offset='1024'/></lease><lease><lockspace>l&amp;s</lockspace><key>k2</key><target "
                 "path='/p2'/></lease></devices>",
                 "<lease>", "</devices>"),
            "<lease><lockspace>ls</lockspace><key>k</key><target path='/p' "
            "offset='1024'/></lease><lease><lockspace>l&amp;s</lockspace><key>k2</key><target "
            "path='/p2'/></lease></devices>");
}

TEST_F(DomainVideo, Resource) {
  EXPECT_EQ(dump("<resource><partition>/machine</partition><fibrechannel appid='abc'/></resource>",
                 "<resource>", "</resource>"),
            "<resource><partition>/machine</partition><fibrechannel appid='abc'/></resource>");
}

TEST_F(DomainVideo, VirtioSerialAddressPrintsAll) {
  EXPECT_EQ(dump("<devices><channel type='pty'><target type='virtio' name='a'/><address "
                 "type='virtio-serial' controller='0'/></channel></devices>",
                 "<address type='virtio-serial'", "<address type='virtio-serial'"),
            "<address type='virtio-serial' controller='0' bus='0' port='0'/>");
}

TEST_F(DomainVideo, RedirdevBootIsPerDevice) {
  EXPECT_EQ(dump("<devices><controller type='usb' model='piix3-uhci'/><redirdev bus='usb' "
                 "type='spicevmc'><boot order='1'/></redirdev></devices>",
                 "<os>", "</os>"),
            "<os><type arch='i686'>hvm</type></os>");
}

TEST_F(DomainVideo, ErrorsAreLibvirts) {
  const Bad cases[] = {
      {"<devices><video><model type='virtio'><acceleration "
       "rendernode='/dev/dri/foo'/></model></video></devices>",
       67, 20,
       "unsupported configuration: unsupported rendernode accel attribute without 'vhostuser'"},
      {"<devices><video><model type='virtio'><acceleration/></model></video></devices>", 67, 20,
       "unsupported configuration: missing values for acceleration"},
      {"<devices><video><model type='virtio'><acceleration "
       "accel3d='maybe'/></model></video></devices>",
       27, 5,
       "XML error: Invalid value for attribute 'accel3d' in element 'acceleration': 'maybe'."},
      {"<devices><video><model type='virtio'><resolution x='800'/></model></video></devices>", 27,
       5, "XML error: Missing required attribute 'y' in element 'resolution'"},
      {"<devices><video><model type='virtio'><resolution x='0' y='600'/></model></video></devices>",
       67, 20, "unsupported configuration: video resolution values must be greater than 0"},
      {"<devices><video><model type='virtio'><resolution x='-1' "
       "y='600'/></model></video></devices>",
       27, 5,
       "XML error: Invalid value for attribute 'x' in element 'resolution': '-1'. Expected "
       "non-negative integer value"},
      {"<devices><video><model type='vga'/></video><video><model type='none'/></video></devices>",
       67, 20,
       "unsupported configuration: a 'none' video type must be the only video device defined for "
       "the domain"},
      {"<devices><video><model type='vga' primary='yes'/></video><video><model type='qxl' "
       "primary='yes'/></video></devices>",
       67, 20, "unsupported configuration: Only one primary video device is supported"},
      {"<devices><video><model type='ramfb'/><address type='pci' domain='0' bus='0' slot='2' "
       "function='0'/></video></devices>",
       67, 20, "unsupported configuration: address not supported for video type ramfb"},
      {"<devices><video><driver iommu='on'/><model type='vga'/></video></devices>", 67, 20,
       "unsupported configuration: iommu driver option is only supported for virtio devices"},
      {"<devices><video><driver name='vhostuser'/><model type='vga'/></video></devices>", 67, 20,
       "unsupported configuration: 'vhostuser' driver is only supported with 'virtio' device"},
      {"<devices><video><model type='vga' ram='1024'/></video></devices>", 67, 20,
       "unsupported configuration: ram attribute only supported for video type qxl"},
      {"<devices><video><model type='cirrus' vgamem='1024'/></video></devices>", 67, 20,
       "unsupported configuration: vgamem attribute only supported for video type qxl"},
      {"<devices><video><model type='cirrus' vram64='1024'/></video></devices>", 67, 20,
       "unsupported configuration: vram64 attribute only supported for video type qxl"},
      {"<devices><input type='evdev'><source evdev='/dev/input/event1'/></input></devices>", 27, 20,
       "XML error: Missing evdev path for input device"},
      {"<devices><input type='evdev'><source dev='/dev/input/event1' "
       "grab='default'/></input></devices>",
       27, 5, "XML error: Invalid value for attribute 'grab' in element 'source': 'default'."},
      {"<devices><input type='tablet' bus='ps2'/></devices>", 1, 20,
       "internal error: ps2 bus does not support tablet input device"},
      {"<devices><input type='mouse' bus='xen'/></devices>", 1, 20,
       "internal error: unsupported input bus xen"},
      {"<devices><input type='passthrough' bus='usb'><source evdev='/dev/x'/></input></devices>",
       67, 20,
       "unsupported configuration: only bus 'virtio' is supported for 'passthrough' input devices"},
      {"<devices><input type='evdev' bus='usb'><source dev='/dev/x'/></input></devices>", 67, 20,
       "unsupported configuration: input evdev doesn't support bus element"},
      {"<devices><input type='mouse' bus='usb' model='virtio'/></devices>", 67, 20,
       "unsupported configuration: only bus 'virtio' is supported for input model 'virtio'"},
      {"<resource/>", 1, 0, "An error occurred, but the cause is unknown"},
      {"<resource><partition>/a</partition></resource><resource><partition>/b</partition></"
       "resource>",
       27, 20, "XML error: only one resource element is supported"},
      {"<resource><fibrechannel appid='ab&#9;cd'/></resource>", 27, 20,
       "XML error: Fibre Channel 'appid' is not a printable string"},
      {"<resource><fibrechannel "
       "appid='"
       "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
       "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'/></resource>",
       8, 20, "invalid argument: Fibre Channel 'appid' string length must be between [1, 128]"},
      {"<devices><lease><key>k</key><target path='/p'/></lease></devices>", 1, 0,
       "An error occurred, but the cause is unknown"},
      {"<devices><lease><lockspace>ls</lockspace><target path='/p'/></lease></devices>", 27, 20,
       "XML error: Missing 'key' element for lease"},
      {"<devices><lease><lockspace>ls</lockspace><key>k</key></lease></devices>", 27, 20,
       "XML error: Missing 'target' element for lease"},
      {"<devices><lease><lockspace>ls</lockspace><key>k</key><target/></lease></devices>", 27, 20,
       "XML error: Missing 'path' attribute to 'target' element for lease"},
      {"<devices><lease><lockspace>ls</lockspace><key>k</key><target path='/p' "
       "offset='x'/></lease></devices>",
       27, 5,
       "XML error: Invalid value for attribute 'offset' in element 'target': 'x'. Expected "
       "non-negative integer value"},
      {"<devices><nvram/><nvram/></devices>", 1, 20,
       "internal error: only a single nvram device is supported"},
      {"<devices><nvram><alias name='ua-x'/></nvram><memballoon model='virtio'><alias "
       "name='ua-x'/></memballoon></devices>",
       67, 20, "unsupported configuration: non unique alias detected: ua-x"},
      {"<devices><channel type='pty'><target type='virtio' name='a'/><address type='virtio-serial' "
       "port='x'/></channel></devices>",
       27, 5,
       "XML error: Invalid value for attribute 'port' in element 'address': 'x'. Expected "
       "non-negative integer value"},
      {"<devices><disk type='file' device='disk'><source file='/a'/><target dev='vda' "
       "bus='virtio'/><boot order='1'/></disk><interface type='user'><boot "
       "order='1'/></interface></devices>",
       67, 20, "unsupported configuration: boot order '1' used for more than one device"},
      {"<devices><filesystem type='mount'><driver type='virtiofs'/><source dir='/a'/><target "
       "dir='t'/><boot order='2'/></filesystem><redirdev bus='usb' type='spicevmc'><boot "
       "order='2'/></redirdev></devices>",
       67, 20, "unsupported configuration: boot order '2' used for more than one device"},
  };
  for (const Bad &b : cases) {
    SCOPED_TRACE(b.top);
    expect_failure(b);
  }
}

}  // namespace
