// SPDX-License-Identifier: LGPL-2.1-or-later
// Constants and helpers the test driver's domain slots share (the files
// of hypervisor.h): flag sets, typed-parameter filling and checking,
// definition lookups.
#pragma once

#include <initializer_list>
#include <set>
#include <string>
#include <vector>

#include "drivers/test/base.h"

namespace virtkit::drivers::test {

constexpr int kMaxVcpus = 32;

constexpr unsigned kLive = VIR_DOMAIN_AFFECT_LIVE;
constexpr unsigned kConfig = VIR_DOMAIN_AFFECT_CONFIG;
constexpr unsigned kVcpuMax = VIR_DOMAIN_VCPU_MAXIMUM;
constexpr unsigned kMemMax = VIR_DOMAIN_MEM_MAXIMUM;
constexpr unsigned kListFiltersAll = 0xFFFF;  // VIR_CONNECT_LIST_DOMAINS_FILTERS_ALL
constexpr unsigned kXmlCommonFlags = VIR_DOMAIN_XML_SECURE | VIR_DOMAIN_XML_INACTIVE |
                                     VIR_DOMAIN_XML_UPDATE_CPU | VIR_DOMAIN_XML_MIGRATABLE;

const char *const kSysinfo =
    "<sysinfo type='smbios'>\n"
    "  <bios>\n"
    "    <entry name='vendor'>LENOVO</entry>\n"
    "    <entry name='version'>G4ETA1WW (2.61 )</entry>\n"
    "    <entry name='date'>05/07/2014</entry>\n"
    "    <entry name='release'>2.61</entry>\n"
    "  </bios>\n"
    "</sysinfo>\n";

// libvirt's virGetHostname: the host name, made fully qualified through the
// resolver when it has no dot and is not a localhost name (unless the
// resolver answers with a localhost name).
Result<std::string> host_name();

// ---- helpers for the domain tuning and statistics slots ----

// Host CPUs of the mock node (VIR_NODEINFO_MAXCPUS).
unsigned host_cpus(const virNodeInfo &n);

std::set<unsigned> all_cpus(unsigned n);

const char *param_type_name(int t);

struct ParamSpec {
  const char *name;
  int type;
};

// virTypedParamsValidate: every parameter known, of its type, given once.
Status validate_param_list(const virTypedParameter *params, int nparams,
                           const std::vector<ParamSpec> &specs);

Status validate_params(const virTypedParameter *params, int nparams,
                       std::initializer_list<ParamSpec> specs);

// virTypedParameterAssign.
void set_field(virTypedParameterPtr p, const char *name, int type);

void put_uint(virTypedParameterPtr p, const char *name, unsigned v);

void put_int(virTypedParameterPtr p, const char *name, int v);

void put_ull(virTypedParameterPtr p, const char *name, unsigned long long v);

Status put_str(virTypedParameterPtr p, const char *name, const std::string &v);

// virDomainObjGetDefs: the live and/or persistent definitions `flags` name.
Status get_defs(DomainObj &vm, unsigned flags, conf::DomainDef **live, conf::DomainDef **pers);

// virDomainNetFind: by MAC address or interface name.
Result<conf::Net *> find_net(conf::DomainDef &def, const char *device);

unsigned long long real_time_us();

constexpr unsigned long long kTotalCpuTime = 48772617035ULL;
constexpr unsigned long long kBlockIoTuneMax = 1000000000000000ULL;

// virDomainDriverParseBlkioDeviceStr: "path,value,path,value...".
Result<std::vector<conf::BlkioDevice>> parse_blkio_devices(const char *str, const char *type);

// virDomainDriverMergeBlkioDevice.
void merge_blkio_devices(std::vector<conf::BlkioDevice> &dest,
                         const std::vector<conf::BlkioDevice> &src, const char *type);

}  // namespace virtkit::drivers::test
