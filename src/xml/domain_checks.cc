// SPDX-License-Identifier: LGPL-2.1-or-later
// The domain format's rules that src/xml/desc/domain.xd cannot state: checks
// across attributes and elements, with libvirt's messages. The generated
// parser calls each check_* after reading its element.
#include <libvirt/virterror.h>

#include <sys/socket.h>

#include "util/sockaddr.h"
#include "xml/domain_desc.h"

namespace virtkit::conf {

Status check_audio_io(xmlNodePtr node, AudioIO &x, const Audio &) {
  if (x.fixed_settings == true && x.mixing_engine != true)
    return error(VIR_FROM_DOMAIN, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                 "fixed audio settings requires mixing engine");
  if (x.fixed_settings != true) {
    for (xmlNodePtr n = node->children; n; n = n->next)
      if (n->type == XML_ELEMENT_NODE && xml::name_is(n, "settings"))
        return error(VIR_FROM_DOMAIN, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                     "audio settings specified without fixed settings flag");
  }
  return Status();
}

Status check_audio(xmlNodePtr, Audio &x) {
  if (x.dsp_policy && *x.dsp_policy < 0)
    return error(VIR_FROM_DOMAIN, VIR_ERR_XML_ERROR, "cannot parse 'dspPolicy' value '%i'",
                 *x.dsp_policy);
  return Status();
}

Status check_hugepage(xmlNodePtr node, HugePage &x) {
  if (x.size == 0)
    return error(VIR_FROM_DOMAIN, VIR_ERR_XML_DETAIL, "%s", "hugepage size can't be zero");
  if (x.nodeset && x.nodeset->empty())
    return error(VIR_FROM_DOMAIN, VIR_ERR_CONFIG_UNSUPPORTED, "Invalid value of 'nodeset': %s",
                 xml::prop(node, "nodeset")->c_str());
  return Status();
}

// virSocketAddrParse of the address, kept as virSocketAddrFormat prints it.
Status parse_port_forward_address(xmlNodePtr, NetPortForward &x) {
  if (!x.address) return Status();
  util::SockAddr addr;
  if (!util::parse_sockaddr(addr, *x.address, AF_UNSPEC).ok())
    return error(VIR_FROM_DOMAIN, VIR_ERR_XML_ERROR, "Invalid address '%s' in <portForward>",
                 x.address->c_str());
  x.address = addr.format();
  return Status();
}

// libvirt keeps a negative collection period as 0 (none).
Status check_memballoon_stats(xmlNodePtr, MemballoonStats &x) {
  if (x.period && *x.period < 0) x.period = 0;
  return Status();
}

}  // namespace virtkit::conf
