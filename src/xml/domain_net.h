// SPDX-License-Identifier: LGPL-2.1-or-later
// The domain's <interface> devices (libvirt's virDomainNetDef): every type's
// <source>, the virtio <driver> with its host and guest offloads, <backend>,
// <virtualport>, <vlan>, <filterref>, <tune>, <teaming>, <coalesce> and the
// rest, read, checked and printed the way libvirt 9.0.0's generic domain
// code does. An interface of type 'hostdev' holds a host device
// (xml/domain_hostdev.h) that also counts among the domain's hostdevs.
#pragma once

#include <libxml/tree.h>
#include <libxml/xpath.h>

#include <optional>
#include <string>
#include <vector>

#include "error/status.h"
#include "xml/device_info.h"
#include "xml/domain_hostdev.h"
#include "xml/network_def.h"
#include "xml/xml.h"

namespace virtkit::conf {

struct DomainDef;
struct Net;

// <driver> of a virtio interface (virDomainNetDef's driver.virtio) and the
// virtio options every <driver> may carry.
struct NetDriver {
  int name = 0;    // default qemu vhost
  int txmode = 0;  // default iothread timer
  TristateSwitch ioeventfd = TristateSwitch::absent, event_idx = TristateSwitch::absent;
  unsigned queues = 0, rx_queue_size = 0, tx_queue_size = 0;
  TristateSwitch rss = TristateSwitch::absent, rss_hash_report = TristateSwitch::absent;
  // <host>: csum gso tso4 tso6 ecn ufo mrg_rxbuf; <guest>: csum tso4 tso6 ecn ufo.
  TristateSwitch host[7]{};
  TristateSwitch guest[5]{};
  // virDomainVirtioOptions: iommu ats packed page_per_vq.
  bool has_virtio = false;
  TristateSwitch virtio[4]{};
};

// <backend> (virDomainNetBackend).
struct NetBackend {
  int type = 0;  // default passt
  std::optional<std::string> tap, vhost, log_file;
};

// One <filterref><parameter> name and its values, in document order.
struct NetFilterParam {
  std::string name;
  std::vector<std::string> values;
};

// virDomainNetDefParseXML.
Result<Net> parse_net(xmlXPathContextPtr ctxt, xmlNodePtr node, unsigned flags);
// virDomainNetDefFormat.
void format_net(xml::Buffer &buf, const Net &n, unsigned flags);
// virDomainNetDefValidate for every interface.
Status validate_nets(const DomainDef &def);

}  // namespace virtkit::conf
