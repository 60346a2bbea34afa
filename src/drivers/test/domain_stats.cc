// SPDX-License-Identifier: LGPL-2.1-or-later
// The test driver's host and domain statistics and interface addresses
// (hypervisor.h).
#include <arpa/inet.h>
#include <netdb.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <initializer_list>
#include <set>
#include <vector>

#include "core/handles.h"
#include "core/unwind.h"
#include "driver/driver.h"
#include "drivers/test/cpu.h"
#include "drivers/test/hypervisor.h"
#include "xml/domain_def.h"
#include "xml/xml.h"
#include "util/auth_conf.h"

namespace virtkit::drivers::test {

Result<int> TestHypervisor::nodeGetCPUStats(virConnectPtr, int, virNodeCPUStatsPtr params,
                                            int *nparams, unsigned flags) {
  VK_TRY(check_flags(kFrom, "testNodeGetCPUStats", flags, 0));
  if (!params) {
    *nparams = 4;
    return 0;
  }
  static const struct {
    const char *field;
    unsigned long long value;
  } stats[] = {{VIR_NODE_CPU_STATS_USER, 9797400000ULL},
               {VIR_NODE_CPU_STATS_KERNEL, 34678723400000ULL},
               {VIR_NODE_CPU_STATS_IDLE, 87264900000ULL},
               {VIR_NODE_CPU_STATS_IOWAIT, 763600000ULL}};
  int i = 0;
  for (; i < *nparams && i < 4; i++) {
    std::memset(&params[i], 0, sizeof params[i]);
    std::snprintf(params[i].field, sizeof params[i].field, "%s", stats[i].field);
    params[i].value = stats[i].value;
  }
  *nparams = i;
  return 0;
}

Result<int> TestHypervisor::nodeGetFreePages(virConnectPtr, unsigned npages, unsigned *, int,
                                             unsigned cellCount, unsigned long long *counts,
                                             unsigned flags) {
  VK_TRY(check_flags(kFrom, "testNodeGetFreePages", flags, 0));
  unsigned long long x = 6;
  for (unsigned i = 0; i < cellCount; i++)
    for (unsigned j = 0; j < npages; j++) {
      x = static_cast<unsigned long long>(static_cast<int>(x * 2 + 7));
      counts[i * npages + j] = x;
    }
  return 0;
}

Result<int> TestHypervisor::nodeGetCPUMap(virConnectPtr, unsigned char **cpumap, unsigned *online,
                                          unsigned flags) {
  VK_TRY(check_flags(kFrom, "testNodeGetCPUMap", flags, 0));
  if (cpumap) {
    auto *m = static_cast<unsigned char *>(std::calloc(1, 1));
    if (!m) return no_memory();
    m[0] = 0x15;
    *cpumap = m;
  }
  if (online) *online = 3;
  return 8;
}

Result<int> TestHypervisor::nodeGetCellsFreeMemory(virConnectPtr, unsigned long long *freemems,
                                                   int startCell, int maxCells) {
  int ncells = static_cast<int>(st_->cells.size());
  if (startCell >= ncells)
    return error(kFrom, VIR_ERR_INVALID_ARG, "%s", "Range exceeds available cells");
  int i = 0;
  for (int cell = startCell; cell < ncells && i < maxCells; ++cell, ++i)
    freemems[i] = st_->cells[static_cast<size_t>(cell)].mem;
  return i;
}

Result<int> TestHypervisor::domainInterfaceAddresses(virDomainPtr dom,
                                                     virDomainInterfacePtr **ifaces,
                                                     unsigned source, unsigned flags) {
  VK_TRY(check_flags(kFrom, "testDomainInterfaceAddresses", flags, 0));
  if (source > VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_ARP)
    return error(kFrom, VIR_ERR_ARGUMENT_UNSUPPORTED, "Unknown IP address data source %d",
                 static_cast<int>(source));
  std::vector<conf::Net> nets;
  int id = -1;
  {
    auto vm_r = get(dom);
    VK_TRY(vm_r);
    Locked &vm = *vm_r;
    VK_TRY(check_active(*vm.obj));
    nets = vm->def->nets;
    id = vm->def->id;
  }
  std::vector<virDomainInterfacePtr> out;
  auto cleanup = [&]() {
    for (virDomainInterfacePtr i : out) virDomainInterfaceFree(i);
  };
  for (size_t i = 0; i < nets.size(); i++) {
    const conf::Net &net = nets[i];
    auto *iface = static_cast<virDomainInterfacePtr>(std::calloc(1, sizeof(virDomainInterface)));
    if (!iface) {
      cleanup();
      return no_memory();
    }
    out.push_back(iface);
    iface->name = net.ifname ? strdup(net.ifname->c_str()) : nullptr;
    iface->hwaddr = strdup(conf::format_mac(net.mac).c_str());
    iface->addrs = static_cast<virDomainIPAddressPtr>(std::calloc(1, sizeof(virDomainIPAddress)));
    if (!iface->hwaddr || !iface->addrs || (net.ifname && !iface->name)) {
      cleanup();
      return no_memory();
    }
    iface->naddrs = 1;
    if (net.type == conf::Net::network) {
      unsigned offset = static_cast<unsigned>(20 * (id - 1)) + static_cast<unsigned>(i) + 1;
      Status s = address_from_network(dom->conn, net, offset, iface->addrs[0]);
      if (!s.ok()) {
        cleanup();
        return s;
      }
    } else {
      iface->addrs[0].type = VIR_IP_ADDR_TYPE_IPV4;
      iface->addrs[0].prefix = 24;
      iface->addrs[0].addr = strdup(("192.168.0." + std::to_string(i + 1)).c_str());
      if (!iface->addrs[0].addr) {
        cleanup();
        return no_memory();
      }
    }
  }
  auto *arr = static_cast<virDomainInterfacePtr *>(
      std::calloc(std::max<size_t>(out.size(), 1), sizeof(void *)));
  if (!arr) {
    cleanup();
    return no_memory();
  }
  std::copy(out.begin(), out.end(), arr);
  *ifaces = arr;
  return static_cast<int>(out.size());
}

Result<int> TestHypervisor::connectGetAllDomainStats(virConnectPtr conn, virDomainPtr *doms,
                                                     unsigned ndoms, unsigned stats,
                                                     virDomainStatsRecordPtr **retStats,
                                                     unsigned flags) {
  const unsigned filters = VIR_CONNECT_LIST_DOMAINS_ACTIVE | VIR_CONNECT_LIST_DOMAINS_INACTIVE |
                           VIR_CONNECT_LIST_DOMAINS_PERSISTENT |
                           VIR_CONNECT_LIST_DOMAINS_TRANSIENT | VIR_CONNECT_LIST_DOMAINS_RUNNING |
                           VIR_CONNECT_LIST_DOMAINS_PAUSED | VIR_CONNECT_LIST_DOMAINS_SHUTOFF |
                           VIR_CONNECT_LIST_DOMAINS_OTHER;
  VK_TRY(check_flags(kFrom, "testConnectGetAllDomainStats", flags,
                     filters | VIR_CONNECT_GET_ALL_DOMAINS_STATS_NOWAIT |
                         VIR_CONNECT_GET_ALL_DOMAINS_STATS_BACKING |
                         VIR_CONNECT_GET_ALL_DOMAINS_STATS_ENFORCE_STATS));
  const unsigned supported = VIR_DOMAIN_STATS_STATE | VIR_DOMAIN_STATS_IOTHREAD;
  if (!stats)
    stats = supported;
  else if ((flags & VIR_CONNECT_GET_ALL_DOMAINS_STATS_ENFORCE_STATS) && (stats & ~supported))
    return error(kFrom, VIR_ERR_ARGUMENT_UNSUPPORTED,
                 "Stats types bits 0x%x are not supported by this daemon", stats & ~supported);
  unsigned lflags = flags & filters;
  std::vector<DomainPtr> objs;
  if (ndoms) {
    for (unsigned i = 0; i < ndoms; i++)
      if (DomainPtr o = st_->domains.find_by_uuid(doms[i]->uuid)) objs.push_back(std::move(o));
  } else {
    objs = st_->domains.all();
  }
  std::vector<virDomainStatsRecordPtr> records;
  auto cleanup = [&]() {
    for (virDomainStatsRecordPtr r : records) {
      virTypedParamsFree(r->params, r->nparams);
      if (r->dom) handles::unref(r->dom);
      std::free(r);
    }
  };
  for (const DomainPtr &obj : objs) {
    std::lock_guard g(obj->lock);
    if (obj->removed || !matches(*obj, lflags)) continue;
    virTypedParameterPtr par = nullptr;
    int npar = 0, maxpar = 0;
    bool ok = true;
    if (stats & VIR_DOMAIN_STATS_STATE) {
      ok = ok && virTypedParamsAddInt(&par, &npar, &maxpar, "state.state", obj->state) == 0;
      ok = ok && virTypedParamsAddInt(&par, &npar, &maxpar, "state.reason", obj->reason) == 0;
    }
    if ((stats & VIR_DOMAIN_STATS_IOTHREAD) && obj->active() && !obj->iothread_info.empty()) {
      ok = ok && virTypedParamsAddUInt(&par, &npar, &maxpar, "iothread.count",
                                       static_cast<unsigned>(obj->iothread_info.size())) == 0;
      for (const auto &t : obj->iothread_info) {
        std::string p = "iothread." + std::to_string(t.id) + ".";
        ok = ok && virTypedParamsAddULLong(&par, &npar, &maxpar, (p + "poll-max-ns").c_str(),
                                           t.poll_max_ns) == 0;
        ok = ok && virTypedParamsAddUInt(&par, &npar, &maxpar, (p + "poll-grow").c_str(),
                                         t.poll_grow) == 0;
        ok = ok && virTypedParamsAddUInt(&par, &npar, &maxpar, (p + "poll-shrink").c_str(),
                                         t.poll_shrink) == 0;
      }
    }
    auto *rec = static_cast<virDomainStatsRecordPtr>(std::calloc(1, sizeof(virDomainStatsRecord)));
    if (!ok || !rec) {
      virTypedParamsFree(par, npar);
      std::free(rec);
      cleanup();
      return no_memory();
    }
    rec->params = par;
    rec->nparams = npar;
    records.push_back(rec);
    rec->dom = handles::new_domain(conn, obj->name, obj->uuid, obj->def->id, obj);
  }
  auto *arr = static_cast<virDomainStatsRecordPtr *>(
      std::calloc(records.size() + 1, sizeof(virDomainStatsRecordPtr)));
  if (!arr) {
    cleanup();
    return no_memory();
  }
  std::copy(records.begin(), records.end(), arr);
  *retStats = arr;
  return static_cast<int>(records.size());
}

Result<int> TestHypervisor::connectGetCPUModelNames(virConnectPtr, const char *archName,
                                                    char ***models, unsigned flags) {
  VK_TRY(check_flags(kFrom, "testConnectGetCPUModelNames", flags, 0));
  return cpu::model_names(archName, models);
}

Result<char *> TestHypervisor::connectBaselineCPU(virConnectPtr, const char **xmlCPUs,
                                                  unsigned ncpus, unsigned flags) {
  VK_TRY(check_flags(kFrom, "testConnectBaselineCPU", flags,
                     VIR_CONNECT_BASELINE_CPU_EXPAND_FEATURES));
  return cpu::baseline(xmlCPUs, ncpus, flags);
}

Status TestHypervisor::address_from_network(virConnectPtr conn, const conf::Net &net,
                                            unsigned offset, virDomainIPAddress &out) {
  const char *name = net.network_name ? net.network_name->c_str() : "";
  std::string xml;
  {
    virNetworkPtr n = virNetworkLookupByName(conn, name);
    char *text = n ? virNetworkGetXMLDesc(n, 0) : nullptr;
    if (n) virNetworkFree(n);
    virResetLastError();
    if (!text) return error(kFrom, VIR_ERR_NO_NETWORK, "no network with matching name '%s'", name);
    xml = text;
    std::free(text);
  }
  auto doc = xml::parse_string(VIR_FROM_NETWORK, xml.c_str(), "(network)", nullptr, true);
  VK_TRY(doc);
  xmlNodePtr ip = xml::xpath_node(doc->ctxt(), "/network/ip[1]");
  if (!ip) return error(kFrom, VIR_ERR_INTERNAL_ERROR, "%s", "network has no address");
  auto address = xml::prop(ip, "address");
  auto netmask = xml::prop(ip, "netmask");
  auto prefix = xml::prop(ip, "prefix");
  auto family = xml::prop(ip, "family");
  std::string start;
  if (xmlNodePtr r = xml::xpath_node(doc->ctxt(), "/network/ip[1]/dhcp/range[1]"))
    start = xml::prop(r, "start").value_or("");
  bool v6 = family && *family == "ipv6";
  std::string base = !start.empty() ? start : address.value_or("");
  unsigned pfx = 0;
  if (prefix) xml::str_to_ui(prefix->c_str(), 10, pfx);
  char buf[INET6_ADDRSTRLEN] = {};
  if (v6) {
    unsigned char a[16];
    if (inet_pton(AF_INET6, base.c_str(), a) != 1)
      return error(kFrom, VIR_ERR_INTERNAL_ERROR, "%s", "invalid network address");
    a[15] = static_cast<unsigned char>(a[15] + offset);
    inet_ntop(AF_INET6, a, buf, sizeof buf);
    out.type = VIR_IP_ADDR_TYPE_IPV6;
    if (!pfx) pfx = 64;
  } else {
    struct in_addr a {};
    if (inet_pton(AF_INET, base.c_str(), &a) != 1)
      return error(kFrom, VIR_ERR_INTERNAL_ERROR, "%s", "invalid network address");
    a.s_addr = htonl(ntohl(a.s_addr) + offset);
    inet_ntop(AF_INET, &a, buf, sizeof buf);
    out.type = VIR_IP_ADDR_TYPE_IPV4;
    if (!pfx) {
      struct in_addr m {};
      if (netmask && inet_pton(AF_INET, netmask->c_str(), &m) == 1) {
        pfx = static_cast<unsigned>(__builtin_popcount(ntohl(m.s_addr)));
      } else {
        struct in_addr n {};
        inet_pton(AF_INET, address.value_or("").c_str(), &n);
        unsigned first = ntohl(n.s_addr) >> 24;
        pfx = first < 128 ? 8 : first < 192 ? 16 : first < 224 ? 24 : 0;
      }
    }
  }
  out.prefix = pfx;
  out.addr = strdup(buf);
  if (!out.addr) return no_memory();
  return Status();
}

}  // namespace virtkit::drivers::test
