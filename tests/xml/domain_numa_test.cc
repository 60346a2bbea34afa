// SPDX-License-Identifier: LGPL-2.1-or-later
// Guest NUMA (<cpu><numa>), <numatune> with <memnode>, <vcpus>, the
// iothread pools, <cputune>'s pins, schedulers and cache/memory bandwidth
// allocations, and <devices><memory>,
// through virDomainDefineXML on the test driver: what libvirt 9.0.0 keeps of
// a good document (its XML without the generated <uuid>) and the error it
// gives for a bad one ("ERR code domain message"). Expected values are
// Debian libvirt 9.0.0's; the file builds against that libvirt too.
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "../support/domain_xml.h"
#include "../support/last_error.h"

namespace {

struct Case {
  const char *name;
  const char *xml;
  const char *expected;
};

const Case kCases[] =
    {
        {"numa_cells",
         R"(<domain type='test'><name>x</name><os><type>hvm</type></os><memory>4194304</memory><vcpu>4</vcpu><cpu><topology sockets='2' cores='2' threads='1'/><numa><cell id='1' cpus='2-3' memory='1' unit='GiB' memAccess='private' discard='yes'><distances><sibling id='0' value='21'/></distances><cache level='1' associativity='direct' policy='writeback'><size value='8' unit='KiB'/><line value='5' unit='B'/></cache></cell><cell id='0' cpus='0-1' memory='1048576'/><interconnects><latency initiator='0' target='1' type='access' value='5'/><bandwidth initiator='0' target='0' type='access' value='204800' unit='KiB'/></interconnects></numa></cpu><numatune><memory mode='strict' nodeset='0-1'/><memnode cellid='1' mode='preferred' nodeset='0'/></numatune></domain>)",
         R"(<domain type='test'>
  <name>x</name>
  <memory unit='KiB'>4194304</memory>
  <currentMemory unit='KiB'>4194304</currentMemory>
  <vcpu placement='static'>4</vcpu>
  <numatune>
    <memory mode='strict' nodeset='0-1'/>
    <memnode cellid='1' mode='preferred' nodeset='0'/>
  </numatune>
  <os>
    <type arch='i686'>hvm</type>
    <boot dev='hd'/>
  </os>
  <cpu>
    <topology sockets='2' dies='1' cores='2' threads='1'/>
    <numa>
      <cell id='0' cpus='0-1' memory='1048576' unit='KiB'>
        <distances>
          <sibling id='0' value='10'/>
          <sibling id='1' value='21'/>
        </distances>
      </cell>
      <cell id='1' cpus='2-3' memory='1048576' unit='KiB' memAccess='private' discard='yes'>
        <distances>
          <sibling id='0' value='21'/>
          <sibling id='1' value='10'/>
        </distances>
        <cache level='1' associativity='direct' policy='writeback'>
          <size value='8' unit='KiB'/>
          <line value='5' unit='B'/>
        </cache>
      </cell>
      <interconnects>
        <latency initiator='0' target='1' type='access' value='5'/>
        <bandwidth initiator='0' target='0' type='access' value='204800' unit='KiB'/>
      </interconnects>
    </numa>
  </cpu>
  <clock offset='utc'/>
  <on_poweroff>destroy</on_poweroff>
  <on_reboot>restart</on_reboot>
  <on_crash>destroy</on_crash>
  <devices>
  </devices>
</domain>
)"},
        {"numa_no_memory",
         R"(<domain type='test'><name>x</name><os><type>hvm</type></os><vcpu>2</vcpu><cpu><numa><cell cpus='0' memory='512' unit='MiB'/><cell cpus='1' memory='512' unit='MiB'/></numa></cpu></domain>)",
         R"(<domain type='test'>
  <name>x</name>
  <memory unit='KiB'>1048576</memory>
  <currentMemory unit='KiB'>1048576</currentMemory>
  <vcpu placement='static'>2</vcpu>
  <os>
    <type arch='i686'>hvm</type>
    <boot dev='hd'/>
  </os>
  <cpu>
    <numa>
      <cell id='0' cpus='0' memory='524288' unit='KiB'/>
      <cell id='1' cpus='1' memory='524288' unit='KiB'/>
    </numa>
  </cpu>
  <clock offset='utc'/>
  <on_poweroff>destroy</on_poweroff>
  <on_reboot>restart</on_reboot>
  <on_crash>destroy</on_crash>
  <devices>
  </devices>
</domain>
)"},
        {"memory_devices",
         R"(<domain type='test'><name>x</name><os><type>hvm</type></os><memory>4194304</memory><maxMemory slots='16' unit='KiB'>16777216</maxMemory><vcpu>2</vcpu><cpu><numa><cell cpus='0-1' memory='1048576'/></numa></cpu><devices><memory model='dimm' discard='yes'><source><nodemask>0</nodemask><pagesize unit='KiB'>2048</pagesize></source><target><size unit='MiB'>512</size><node>0</node></target><address type='dimm' slot='0'/></memory><memory model='nvdimm' access='shared'><source><path>/tmp/nv</path><alignsize unit='KiB'>2048</alignsize><pmem/></source><target><size unit='KiB'>523264</size><node>0</node><label><size unit='KiB'>128</size></label><readonly/></target></memory><memory model='virtio-pmem'><source><path>/tmp/pm</path></source><target><size unit='KiB'>524288</size></target></memory><memory model='virtio-mem'><source><pagesize unit='KiB'>2048</pagesize></source><target><size unit='KiB'>1048576</size><node>0</node><block unit='KiB'>2048</block><requested unit='KiB'>524288</requested></target></memory><memory model='sgx-epc'><source><nodemask>0-1</nodemask></source><target><size unit='KiB'>16384</size><node>0</node></target></memory></devices></domain>)",
         R"(<domain type='test'>
  <name>x</name>
  <maxMemory slots='16' unit='KiB'>16777216</maxMemory>
  <memory unit='KiB'>4194304</memory>
  <currentMemory unit='KiB'>4194304</currentMemory>
  <vcpu placement='static'>2</vcpu>
  <os>
    <type arch='i686'>hvm</type>
    <boot dev='hd'/>
  </os>
  <cpu>
    <numa>
      <cell id='0' cpus='0-1' memory='1048576' unit='KiB'/>
    </numa>
  </cpu>
  <clock offset='utc'/>
  <on_poweroff>destroy</on_poweroff>
  <on_reboot>restart</on_reboot>
  <on_crash>destroy</on_crash>
  <devices>
    <memory model='dimm' discard='yes'>
      <source>
        <nodemask>0</nodemask>
        <pagesize unit='KiB'>2048</pagesize>
      </source>
      <target>
        <size unit='KiB'>524288</size>
        <node>0</node>
      </target>
      <address type='dimm' slot='0'/>
    </memory>
    <memory model='nvdimm' access='shared'>
      <source>
        <path>/tmp/nv</path>
        <alignsize unit='KiB'>2048</alignsize>
        <pmem/>
      </source>
      <target>
        <size unit='KiB'>523264</size>
        <node>0</node>
        <label>
          <size unit='KiB'>128</size>
        </label>
        <readonly/>
      </target>
    </memory>
    <memory model='virtio-pmem' access='shared'>
      <source>
        <path>/tmp/pm</path>
      </source>
      <target>
        <size unit='KiB'>524288</size>
      </target>
    </memory>
    <memory model='virtio-mem'>
      <source>
        <pagesize unit='KiB'>2048</pagesize>
      </source>
      <target>
        <size unit='KiB'>1048576</size>
        <node>0</node>
        <block unit='KiB'>2048</block>
        <requested unit='KiB'>524288</requested>
      </target>
    </memory>
    <memory model='sgx-epc'>
      <source>
        <nodemask>0-1</nodemask>
      </source>
      <target>
        <size unit='KiB'>16384</size>
        <node>0</node>
      </target>
    </memory>
  </devices>
</domain>
)"},
        {"cputune_sched",
         R"(<domain type='test'><name>x</name><os><type>hvm</type></os><memory>1024</memory><vcpu>4</vcpu><iothreads>2</iothreads><cputune><vcpusched vcpus='0-1' scheduler='fifo' priority='5'/><vcpusched vcpus='3' scheduler='batch'/><iothreadsched iothreads='2' scheduler='rr' priority='1'/><emulatorsched scheduler='idle'/><cachetune vcpus='0-1'><cache id='0' level='3' type='both' size='3' unit='MiB'/><cache id='1' level='3' type='code' size='1536' unit='KiB'/><monitor level='3' vcpus='0-1'/><monitor level='3' vcpus='1'/></cachetune><memorytune vcpus='0-1'><node id='1' bandwidth='40'/><node id='0' bandwidth='20'/><monitor vcpus='0'/></memorytune><memorytune vcpus='2-3'><node id='0' bandwidth='50'/></memorytune><cachetune vcpus='7'><cache id='0' level='3' type='both' size='1' unit='MiB'/></cachetune></cputune></domain>)",
         R"(<domain type='test'>
  <name>x</name>
  <memory unit='KiB'>1024</memory>
  <currentMemory unit='KiB'>1024</currentMemory>
  <vcpu placement='static'>4</vcpu>
  <iothreads>2</iothreads>
  <cputune>
    <emulatorsched scheduler='idle'/>
    <vcpusched vcpus='0' scheduler='fifo' priority='5'/>
    <vcpusched vcpus='1' scheduler='fifo' priority='5'/>
    <vcpusched vcpus='3' scheduler='batch'/>
    <iothreadsched iothreads='2' scheduler='rr' priority='1'/>
    <cachetune vcpus='0-1'>
      <cache id='0' level='3' type='both' size='3' unit='MiB'/>
      <cache id='1' level='3' type='code' size='1536' unit='KiB'/>
      <monitor level='3' vcpus='0-1'/>
      <monitor level='3' vcpus='1'/>
    </cachetune>
    <memorytune vcpus='0-1'>
      <node id='0' bandwidth='20'/>
      <node id='1' bandwidth='40'/>
      <monitor vcpus='0'/>
    </memorytune>
    <memorytune vcpus='2-3'>
      <node id='0' bandwidth='50'/>
    </memorytune>
  </cputune>
  <os>
    <type arch='i686'>hvm</type>
    <boot dev='hd'/>
  </os>
  <clock offset='utc'/>
  <on_poweroff>destroy</on_poweroff>
  <on_reboot>restart</on_reboot>
  <on_crash>destroy</on_crash>
  <devices>
  </devices>
</domain>
)"},
        {"memnode_only",
         R"(<domain type='test'><name>x</name><os><type>hvm</type></os><memory>1048576</memory><vcpu>4</vcpu><cpu><numa><cell cpus='0-3' memory='1048576'/></numa></cpu><numatune><memnode cellid='0' mode='interleave' nodeset='1-2'/></numatune></domain>)",
         R"(<domain type='test'>
  <name>x</name>
  <memory unit='KiB'>1048576</memory>
  <currentMemory unit='KiB'>1048576</currentMemory>
  <vcpu placement='static'>4</vcpu>
  <numatune>
    <memnode cellid='0' mode='interleave' nodeset='1-2'/>
  </numatune>
  <os>
    <type arch='i686'>hvm</type>
    <boot dev='hd'/>
  </os>
  <cpu>
    <numa>
      <cell id='0' cpus='0-3' memory='1048576' unit='KiB'/>
    </numa>
  </cpu>
  <clock offset='utc'/>
  <on_poweroff>destroy</on_poweroff>
  <on_reboot>restart</on_reboot>
  <on_crash>destroy</on_crash>
  <devices>
  </devices>
</domain>
)"},
        {"vcpus_individual",
         R"(<domain type='test'><name>x</name><os><type>hvm</type></os><memory>1048576</memory><vcpu current='9'>4</vcpu><vcpus><vcpu id='0' enabled='yes' hotpluggable='no' order='1'/><vcpu id='2' enabled='yes' order='2'/></vcpus></domain>)",
         R"(<domain type='test'>
  <name>x</name>
  <memory unit='KiB'>1048576</memory>
  <currentMemory unit='KiB'>1048576</currentMemory>
  <vcpu placement='static' current='2'>4</vcpu>
  <vcpus>
    <vcpu id='0' enabled='yes' hotpluggable='no' order='1'/>
    <vcpu id='1' enabled='no' hotpluggable='yes'/>
    <vcpu id='2' enabled='yes' hotpluggable='no' order='2'/>
    <vcpu id='3' enabled='no' hotpluggable='yes'/>
  </vcpus>
  <os>
    <type arch='i686'>hvm</type>
    <boot dev='hd'/>
  </os>
  <clock offset='utc'/>
  <on_poweroff>destroy</on_poweroff>
  <on_reboot>restart</on_reboot>
  <on_crash>destroy</on_crash>
  <devices>
  </devices>
</domain>
)"},
        {"iothread_pools",
         R"(<domain type='test'><name>x</name><os><type>hvm</type></os><memory>1048576</memory><vcpu>2</vcpu><iothreads>3</iothreads><iothreadids><iothread id='2' thread_pool_min='0' thread_pool_max='6'/></iothreadids><defaultiothread thread_pool_max='4'/><cputune><vcpupin vcpu='5' cpuset='1'/><vcpupin vcpu='1' cpuset='2'/><iothreadpin iothread='1' cpuset='3'/><emulatorpin cpuset='0'/></cputune></domain>)",
         R"(<domain type='test'>
  <name>x</name>
  <memory unit='KiB'>1048576</memory>
  <currentMemory unit='KiB'>1048576</currentMemory>
  <vcpu placement='static'>2</vcpu>
  <iothreads>3</iothreads>
  <iothreadids>
    <iothread id='2' thread_pool_min='0' thread_pool_max='6'/>
    <iothread id='1'/>
    <iothread id='3'/>
  </iothreadids>
  <defaultiothread thread_pool_max='4'/>
  <cputune>
    <vcpupin vcpu='1' cpuset='2'/>
    <emulatorpin cpuset='0'/>
    <iothreadpin iothread='1' cpuset='3'/>
  </cputune>
  <os>
    <type arch='i686'>hvm</type>
    <boot dev='hd'/>
  </os>
  <clock offset='utc'/>
  <on_poweroff>destroy</on_poweroff>
  <on_reboot>restart</on_reboot>
  <on_crash>destroy</on_crash>
  <devices>
  </devices>
</domain>
)"},
        {"e_cache_collide",
         R"(<domain type='test'><name>x</name><os><type>hvm</type></os><memory>1024</memory><vcpu>4</vcpu><cputune><cachetune vcpus='0-1'><cache id='0' level='3' type='both' size='3' unit='MiB'/><cache id='0' level='3' type='data' size='3' unit='MiB'/></cachetune></cputune></domain>)",
         R"(ERR 27 67 XML error: Colliding cache allocations for cache level '3' id '0', type 'data')"},
        {"e_emulatorpin",
         R"(<domain type='test'><name>x</name><os><type>hvm</type></os><memory>1048576</memory><vcpu>2</vcpu><cputune><emulatorpin cpuset='0'/><emulatorpin cpuset='1'/></cputune></domain>)",
         R"(ERR 27 20 XML error: only one emulatorpin is supported)"},
        {"e_ident",
         R"(<domain type='test'><name>x</name><os><type>hvm</type></os><memory>1048576</memory><vcpu>4</vcpu><cputune><cachetune vcpus='0'><cache id='0' level='3' type='both' size='1' unit='MiB'/></cachetune><cachetune vcpus='0'><cache id='1' level='3' type='both' size='1' unit='MiB'/></cachetune></cputune></domain>)",
         R"(ERR 27 20 XML error: Identical vcpus in cachetunes found)"},
        {"e_iothread_pool",
         R"(<domain type='test'><name>x</name><os><type>hvm</type></os><memory>1048576</memory><vcpu>2</vcpu><iothreads>1</iothreads><iothreadids><iothread id='1' thread_pool_min='3' thread_pool_max='2'/></iothreadids></domain>)",
         R"(ERR 67 20 unsupported configuration: thread_pool_min must be smaller or equal to thread_pool_max)"},
        {"e_iothreadsched",
         R"(<domain type='test'><name>x</name><os><type>hvm</type></os><memory>1024</memory><vcpu>4</vcpu><iothreads>1</iothreads><cputune><iothreadsched iothreads='2' scheduler='batch'/></cputune></domain>)",
         R"(ERR 67 20 unsupported configuration: Cannot find 'iothread' : 2)"},
        {"e_mbw",
         R"(<domain type='test'><name>x</name><os><type>hvm</type></os><memory>1048576</memory><vcpu>4</vcpu><cputune><memorytune vcpus='0'><node id='0' bandwidth='20'/><node id='0' bandwidth='30'/></memorytune></cputune></domain>)",
         R"(ERR 27 67 XML error: Memory Bandwidth already defined for node 0)"},
        {"e_mem_nonuma",
         R"(<domain type='test'><name>x</name><os><type>hvm</type></os><memory>1048576</memory><vcpu>4</vcpu><devices><memory model='dimm'><target><size unit='KiB'>524288</size><node>0</node></target></memory></devices></domain>)", R"(ERR 35 20 can't add memory backend as guest has no NUMA nodes configured)"},
        {"e_mem_notarget",
         R"(<domain type='test'><name>x</name><os><type>hvm</type></os><memory>1048576</memory><vcpu>4</vcpu><devices><memory model='dimm'><source/></memory></devices></domain>)",
         R"(ERR 27 20 XML error: missing <target> element for <memory> device)"},
        {"e_mem_total",
         R"(<domain type='test'><name>x</name><os><type>hvm</type></os><memory>1048576</memory><vcpu>4</vcpu><devices><memory model='dimm'><target><size unit='KiB'>2097152</size></target></memory></devices></domain>)",
         R"(ERR 27 20 XML error: Total size of memory devices exceeds the total memory size)"},
        {"e_memnode_auto",
         R"(<domain type='test'><name>x</name><os><type>hvm</type></os><memory>1048576</memory><vcpu>4</vcpu><cpu><numa><cell cpus='0-3' memory='1048576'/></numa></cpu><numatune><memory placement='auto'/><memnode cellid='0' nodeset='0'/></numatune></domain>)",
         R"(ERR 67 20 unsupported configuration: Per-node binding is not compatible with automatic NUMA placement.)"},
        {"e_memnode_nocell",
         R"(<domain type='test'><name>x</name><os><type>hvm</type></os><memory>1048576</memory><vcpu>4</vcpu><numatune><memnode cellid='0' nodeset='0'/></numatune></domain>)",
         R"(ERR 27 20 XML error: Element 'memnode' is invalid without any guest NUMA cells)"},
        {"e_mon",
         R"(<domain type='test'><name>x</name><os><type>hvm</type></os><memory>1048576</memory><vcpu>4</vcpu><cputune><cachetune vcpus='0'><cache id='0' level='3' type='both' size='1' unit='MiB'/><monitor level='3' vcpus='1'/></cachetune></cputune></domain>)",
         R"(ERR 8 20 invalid argument: Monitor vcpus conflicts with allocation)"},
        {"e_numa_cell_id",
         R"(<domain type='test'><name>x</name><os><type>hvm</type></os><memory>1024</memory><vcpu>2</vcpu><cpu><numa><cell id='2' cpus='0' memory='512'/></numa></cpu></domain>)",
         R"(ERR 27 20 XML error: Exactly one 'cell' element per guest NUMA cell allowed, non-contiguous ranges or ranges not starting from 0 are not allowed)"},
        {"e_numa_ids",
         R"(<domain type='test'><name>x</name><os><type>hvm</type></os><memory>1048576</memory><vcpu>4</vcpu><cpu><numa><cell cpus='0-4' memory='1048576'/></numa></cpu></domain>)",
         R"(ERR 1 20 internal error: Number of CPUs in <numa> exceeds the <vcpu> count)"},
        {"e_numa_memaccess",
         R"(<domain type='test'><name>x</name><os><type>hvm</type></os><memory>1024</memory><vcpu>2</vcpu><cpu><numa><cell id='0' cpus='0' memory='512' memAccess='default'/></numa></cpu></domain>)",
         R"(ERR 27 5 XML error: Invalid value for attribute 'memAccess' in element 'cell': 'default'.)"},
        {"e_numa_overlap",
         R"(<domain type='test'><name>x</name><os><type>hvm</type></os><memory>1048576</memory><vcpu>4</vcpu><cpu><numa><cell cpus='0-1' memory='1048576'/><cell cpus='1-2' memory='1048576'/></numa></cpu></domain>)",
         R"(ERR 67 20 unsupported configuration: NUMA cells 1 and 0 have overlapping vCPU ids)"},
        {"e_numatune_nodeset",
         R"(<domain type='test'><name>x</name><os><type>hvm</type></os><memory>1024</memory><vcpu>2</vcpu><numatune><memory nodeset='0,^0'/></numatune></domain>)",
         R"(ERR 67 20 unsupported configuration: Invalid value of 'nodeset': 0,^0)"},
        {"e_numatune_static",
         R"(<domain type='test'><name>x</name><os><type>hvm</type></os><memory>1024</memory><vcpu>2</vcpu><numatune><memory placement='static'/></numatune></domain>)",
         R"(ERR 67 20 unsupported configuration: nodeset for NUMA memory tuning must be set if 'placement' is 'static')"},
        {"e_overlap",
         R"(<domain type='test'><name>x</name><os><type>hvm</type></os><memory>1048576</memory><vcpu>4</vcpu><cputune><cachetune vcpus='0-1'><cache id='0' level='3' type='both' size='1' unit='MiB'/></cachetune><memorytune vcpus='1-2'><node id='0' bandwidth='30'/></memorytune></cputune></domain>)",
         R"(ERR 27 20 XML error: Overlapping vcpus in resctrls)"},
        {"e_vcpus_offline",
         R"(<domain type='test'><name>x</name><os><type>hvm</type></os><memory>1048576</memory><vcpu>4</vcpu><vcpus><vcpu id='1' enabled='no' hotpluggable='no'/></vcpus></domain>)",
         R"(ERR 67 20 unsupported configuration: vcpu '1' is both offline and not hotpluggable)"},
        {"e_vcpus_range",
         R"(<domain type='test'><name>x</name><os><type>hvm</type></os><memory>1048576</memory><vcpu>4</vcpu><vcpus><vcpu id='4' enabled='no'/></vcpus></domain>)",
         R"(ERR 27 20 XML error: vcpu id '4' is out of range of maximum vcpu count)"},
        {"e_vcpusched_overlap",
         R"(<domain type='test'><name>x</name><os><type>hvm</type></os><memory>1024</memory><vcpu>4</vcpu><cputune><vcpusched vcpus='0-1' scheduler='fifo' priority='5'/><vcpusched vcpus='1' scheduler='batch'/></cputune></domain>)",
         R"(ERR 35 20 'vcpusched' attributes 'vcpus' must not overlap)"},
};

class DomainNuma : public virtkit_testing::TestDriverFixture<::testing::TestWithParam<Case>> {
 protected:
  std::string define(const char *xml) {
    virDomainPtr d = virDomainDefineXML(conn_, xml);
    if (!d) {
      virErrorPtr e = virGetLastError();
      if (!e) return "ERR (none)";
      return "ERR " + std::to_string(e->code) + " " + std::to_string(e->domain) + " " +
             virtkit_testing::s(e->message);
    }
    char *out = virDomainGetXMLDesc(d, 0);
    std::string all = out ? out : "";
    std::free(out);
    virDomainUndefine(d);
    virDomainFree(d);
    size_t u = all.find("  <uuid>");
    if (u != std::string::npos) all.erase(u, all.find('\n', u) - u + 1);
    return all;
  }
};

TEST_P(DomainNuma, AsLibvirt) {
  EXPECT_EQ(define(GetParam().xml), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(Cases, DomainNuma, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<Case> &i) { return i.param.name; });

}  // namespace
