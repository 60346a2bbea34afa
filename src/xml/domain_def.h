// SPDX-License-Identifier: LGPL-2.1-or-later
// The domain definition model: what a <domain> document says, parsed and
// formatted the way libvirt's domain configuration code does for the parts
// modelled here (elements not modelled are dropped on parse, as libvirt
// drops what it does not model). Enumerations use libvirt's numbering and
// string tables so that values can be compared with libvirt's.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include <libxml/tree.h>
#include <libxml/xpath.h>

#include "error/status.h"
#include "util/bitmap.h"
#include "util/mac.h"
#include "xml/device_info.h"
#include "xml/domain_chardev.h"
#include "xml/domain_filesystem.h"
#include "xml/domain_disk.h"
#include "xml/domain_desc.h"
#include "xml/domain_graphics.h"
#include "xml/domain_hostdev.h"
#include "xml/domain_launchsec.h"
#include "xml/domain_net.h"
#include "xml/domain_resource.h"
#include "xml/domain_sysinfo.h"

namespace virtkit::conf {

// ---- enumerations (libvirt's order) ----
enum class VirtType {
  none,
  qemu,
  kqemu,
  kvm,
  xen,
  lxc,
  uml,
  openvz,
  test,
  vmware,
  hyperv,
  vbox,
  phyp,
  parallels,
  bhyve,
  vz,
  hvf
};
enum class OsType { hvm, xen, linux, exe, uml, xenpvh };
enum class BootDev { fd, cdrom, hd, network };
enum class LifecycleAction {
  destroy,
  restart,
  rename_restart,
  preserve,
  coredump_destroy,
  coredump_restart
};
enum class ClockOffset { utc, localtime, variable, timezone, absolute };
enum class Placement { static_, auto_ };
// virStorageType.
enum class StorageType { none, file, block, dir, network, volume, nvme, vhostuser };
// virStorageFileFormat (from NONE on).
enum class StorageFileFormat {
  none,
  raw,
  dir,
  bochs,
  cloop,
  dmg,
  iso,
  vpc,
  vdi,
  fat,
  vhd,
  ploop,
  cow,
  qcow,
  qcow2,
  qed,
  vmdk
};
// virDomainSnapshotLocation of a disk (snapshot_def.h's SnapshotLocation
// numbers the same values for snapshot definitions).
enum class DiskSnapshot { default_, no, internal, external, manual };
// virDomainDiskErrorPolicy and virDomainDiskDetectZeroes.
enum class DiskErrorPolicy { default_, stop, report, ignore, enospace };
enum class DiskDetectZeroes { default_, off, on, unmap };
// virNetDevMacVLanMode.
enum class MacvlanMode { vepa, private_, bridge, passthrough };
// virDomainInputModel.
enum class InputModel { default_, virtio, virtio_transitional, virtio_non_transitional };
// virDomainVideoBackendType.
enum class VideoBackend { default_, qemu, vhostuser };
// virCPUMatch, virCPUCheck, virCPUFallback.
enum class CpuMatch { exact, minimum, strict };
enum class CpuCheck { default_, none, partial, full };
enum class CpuFallback { allow, forbid };
// virDomainState.
enum class DomainState {
  nostate,
  running,
  blocked,
  paused,
  shutdown,
  shutoff,
  crashed,
  pmsuspended
};
// virDomainNumatuneMemMode, virDomainNumatunePlacement.
enum class NumatuneMemMode { strict, preferred, interleave, restrictive };
enum class NumatunePlacement { default_, static_, auto_ };
// virDomainClockBasis.
enum class ClockBasis { utc, localtime };

// <iotune> of a disk (virDomainBlockIoTuneInfo): the numeric limits in
// the order libvirt's GetBlockIoTune reports them, around the group name.
struct IoTune {
  static constexpr int kCount = 19;  // numbers; index 13.. are the *_max_length ones
  static const char *const kNames[kCount];
  std::array<unsigned long long, kCount> v{};
  std::optional<std::string> group_name;
};

struct Disk {
  enum Device { disk, cdrom, floppy, lun };
  enum Bus { bus_none, ide, fdc, scsi, virtio, xen, usb, uml, sata, sd };
  StorageType storage_type = StorageType::file;
  int device = disk;
  int bus = bus_none;
  std::optional<std::string> dst;
  std::optional<std::string> path;                   // file/block/dir source
  std::optional<std::string> protocol, source_name;  // network source
  std::optional<std::string> pool, volume;           // volume source
  int startup_policy = 0;
  std::optional<std::string> driver_name;
  StorageFileFormat format = StorageFileFormat::none;
  int cache = 0, io = 0, discard = 0;
  // <driver>'s other settings.
  DiskErrorPolicy error_policy = DiskErrorPolicy::default_,
                  rerror_policy = DiskErrorPolicy::default_;
  TristateSwitch ioeventfd = TristateSwitch::absent, event_idx = TristateSwitch::absent,
                 copy_on_read = TristateSwitch::absent;
  DiskDetectZeroes detect_zeroes = DiskDetectZeroes::default_;
  unsigned iothread = 0, queues = 0, queue_size = 0;
  DiskSnapshot snapshot = DiskSnapshot::default_;
  int tray = 0;
  bool readonly = false, shared = false, transient = false;
  std::optional<std::string> serial, wwn, vendor, product;
  IoTune iotune;
  DeviceInfo info;
  DiskExtra ext;  // storage details and the rest (xml/domain_disk.h)
};

// <bandwidth> rates (virNetDevBandwidthRate).
struct BandwidthRate {
  unsigned long long average = 0, peak = 0, floor = 0, burst = 0;
};
struct Bandwidth {
  std::optional<BandwidthRate> in, out;
};

struct Net {
  enum Type {
    user,
    ethernet,
    vhostuser,
    server,
    client,
    mcast,
    network,
    bridge,
    internal,
    direct,
    hostdev,
    udp,
    vdpa,
    null,
    vds
  };
  int type = user;
  std::array<unsigned char, 6> mac{};
  bool mac_generated = false;
  std::optional<std::string> network_name, portgroup;  // type network
  std::optional<std::string> bridge_name;              // type bridge
  std::optional<std::string> dev;                      // type direct (link dev)
  MacvlanMode direct_mode = MacvlanMode::vepa;
  std::optional<std::string> ifname;
  std::optional<std::string> model;
  std::optional<std::string> script;
  int link_state = 0;
  unsigned mtu = 0;
  std::optional<Bandwidth> bandwidth;
  // The rest of virDomainNetDef (xml/domain_net.cc reads and prints it).
  TristateBool trust_guest_rx_filters = TristateBool::absent;
  int mac_type = 0;  // "" generated static
  TristateBool mac_check = TristateBool::absent;
  std::optional<std::string> socket_address;  // server client mcast udp
  int socket_port = 0, local_port = 0;
  std::string local_address;                 // udp
  std::optional<std::string> internal_name;  // internal
  std::optional<std::string> vdpa_dev;       // vdpa
  std::string vds_switch_id, vds_portgroup_id;
  long long vds_port_id = 0, vds_connection_id = 0;
  std::string vhostuser_path;  // vhostuser (a unix socket)
  bool vhostuser_listen = false;
  TristateBool reconnect = TristateBool::absent;
  unsigned reconnect_timeout = 0;
  std::optional<std::string> source_dev;  // user
  std::optional<Hostdev> hostdev_def;     // hostdev: also one of the domain's hostdevs
  std::optional<VirtPort> virtport;
  TristateBool managed_tap = TristateBool::absent;
  std::optional<std::string> guest_dev, guest_actual, downscript, backend_domain;
  std::optional<std::string> filter;
  std::vector<NetFilterParam> filter_params;
  Vlan vlan;
  NetDriver driver;
  NetBackend backend;
  std::optional<NetTeaming> teaming;
  std::optional<unsigned long long> sndbuf;
  unsigned coalesce_rx_frames = 0;
  TristateBool isolated_port = TristateBool::absent;
  NetIpInfo host_ip, guest_ip;                // <source>'s (ethernet) and the interface's own
  std::vector<NetPortForward> port_forwards;  // generated (desc/domain.xd)
  DeviceInfo info;
};

struct Input {
  enum Type { mouse, tablet, keyboard, passthrough, evdev };
  enum Bus { ps2, usb, xen, parallels, virtio, bus_none };
  int type = mouse;
  int bus = ps2;
  InputModel model = InputModel::default_;
  // <source>: evdev (passthrough) or dev (evdev) path, grab, grabToggle, repeat.
  std::optional<std::string> evdev_path;
  int grab = 0, grab_toggle = 0, repeat = 0;
  std::optional<VirtioOptions> virtio_opts;  // <driver>
  DeviceInfo info;
};

struct Video {
  enum Type {
    default_,
    vga,
    cirrus,
    vmvga,
    xen,
    vbox,
    qxl,
    parallels,
    virtio,
    gop,
    none,
    bochs,
    ramfb
  };
  int type = default_;
  VideoBackend backend = VideoBackend::default_;
  unsigned ram = 0, vram = 0, vram64 = 0, vgamem = 0, heads = 1;
  bool primary = false;
  std::optional<VideoAccel> accel;           // <model><acceleration>
  std::optional<VideoResolution> res;        // <model><resolution>
  std::optional<VirtioOptions> virtio_opts;  // <driver>'s virtio options
  int vgaconf = 0;                           // <driver vgaconf>: io on off
  DeviceInfo info;
};

// <shmem> (virDomainShmemDef).
struct Shmem {
  std::string name;
  int role = 0;                 // virDomainShmemRole: default, master, peer
  int model = 0;                // virDomainShmemModel: ivshmem, ivshmem-plain, ivshmem-doorbell
  unsigned long long size = 0;  // bytes
  bool server = false;
  std::optional<std::string> server_path;
  bool msi = false;
  unsigned msi_vectors = 0;
  int msi_ioeventfd = 0;  // virTristateSwitch
  DeviceInfo info;
};

// The guest <cpu> element.
struct Cpu {
  enum Mode { custom, host_model, host_passthrough, maximum };
  int mode = custom;
  CpuMatch match = CpuMatch::exact;
  CpuCheck check = CpuCheck::default_;
  TristateSwitch migratable = TristateSwitch::absent;
  std::optional<std::string> model;
  CpuFallback fallback = CpuFallback::allow;
  std::optional<std::string> vendor_id, vendor;
  unsigned sockets = 0, dies = 0, cores = 0, threads = 0;
  std::vector<std::pair<int, std::string>> features;  // policy (force, require, ...), name
  struct Cache {
    int level = -1;  // 1..3, -1 unset
    int mode = 0;    // virCPUCacheMode: emulate, passthrough, disable
  };
  std::optional<Cache> cache;
  struct MaxPhysAddr {
    int mode = 0;   // virCPUMaxPhysAddrMode: emulate, passthrough
    int bits = -1;  // -1 unset
  };
  std::optional<MaxPhysAddr> maxphysaddr;
};

// The test driver's XML namespace (<test:runstate> etc.).
struct TestNamespace {
  DomainState runstate = DomainState::running;
  bool transient = false;
  bool has_managed_save = false;
};

constexpr int kFeatureCount = 27;

// VIR_DOMAIN_MEMORY_PARAM_UNLIMITED: a memory limit that is not set.
constexpr unsigned long long kMemoryUnlimited = 9007199254740991ULL;
// libvirt's virPerfEvent names, in its order.
constexpr int kPerfEventCount = 22;
extern const char *const kPerfEventNames[kPerfEventCount];

struct BlkioDevice {
  std::string path;
  unsigned weight = 0, riops = 0, wiops = 0;
  unsigned long long rbps = 0, wbps = 0;
};

// A thread's <vcpusched>/<iothreadsched>/<emulatorsched> (xml/domain_cputune.h).
struct ThreadSched {
  int policy = 0;  // virProcessSchedPolicy: none, batch, idle, fifo, rr
  int priority = 0;
};

// A <cachetune>/<memorytune> group of vCPUs (virDomainResctrlDef).
struct Resctrl {
  std::set<unsigned> vcpus;
  std::string id;  // the allocation's id
  // Cache allocations by (level, type (both, code, data), cache id): bytes.
  std::map<std::tuple<unsigned, int, unsigned>, unsigned long long> caches;
  std::map<unsigned, unsigned> bandwidths;  // memory node id: percent
  struct Monitor {
    bool cache = false;  // <cachetune><monitor>, else <memorytune><monitor>
    std::set<unsigned> vcpus;
  };
  std::vector<Monitor> monitors;
};

struct IOThreadId {
  unsigned id = 0;
  ThreadSched sched;                 // <iothreadsched>
  int pool_min = -1, pool_max = -1;  // thread_pool_min, thread_pool_max (-1: not set)
  bool autofill = true;              // made up from <iothreads> (not formatted)
  std::set<unsigned> cpumask;        // <iothreadpin>
};

// Guest NUMA (<cpu><numa>) with each cell's <numatune><memnode>; read,
// checked and printed by xml/domain_numa.h (libvirt's virDomainNuma).
struct NumaCache {
  unsigned level = 0;
  int associativity = 0;        // virNumaCacheAssociativity: none, direct, full
  int policy = 0;               // virNumaCachePolicy: none, writeback, writethrough
  unsigned long long size = 0;  // KiB
  unsigned long long line = 0;  // bytes
};
struct NumaCell {
  unsigned long long mem = 0;  // KiB
  std::optional<std::set<unsigned>> cpus;
  int mem_access = 0;               // virDomainMemoryAccess: default, shared, private
  int discard = 0;                  // virTristateBool
  std::vector<unsigned> distances;  // one per cell (0: not set), or none
  std::vector<NumaCache> caches;
  std::optional<std::set<unsigned>> memnode;  // <numatune><memnode nodeset=...>
  NumatuneMemMode memnode_mode = NumatuneMemMode::strict;
};
struct NumaInterconnect {
  bool bandwidth = false;  // <bandwidth>, else <latency>
  unsigned initiator = 0, target = 0, cache = 0;
  int type = 0;  // virMemoryLatency: none, access, read, write
  unsigned long long value = 0;
};

// A <devices><memory> device (virDomainMemoryDef; xml/domain_numa.h).
struct MemoryDevice {
  int model = 0;    // virDomainMemoryModel: "", dimm, nvdimm, virtio-pmem, virtio-mem, sgx-epc
  int access = 0;   // virDomainMemoryAccess
  int discard = 0;  // virTristateBool
  std::optional<std::array<unsigned char, 16>> uuid;
  // <source>
  unsigned long long pagesize = 0, alignsize = 0;  // KiB
  std::optional<std::set<unsigned>> source_nodes;
  std::optional<std::string> path;
  bool pmem = false;
  // <target>
  int target_node = -1;
  unsigned long long size = 0, labelsize = 0, blocksize = 0, requested = 0, current = 0;  // KiB
  bool readonly = false;
  DeviceInfo info;
};

struct DomainDef {
  VirtType virt_type = VirtType::test;
  int id = -1;
  std::string name;
  unsigned char uuid[16]{};
  // <genid>: given, or generated when the element is empty (VM generation ID).
  std::optional<std::array<unsigned char, 16>> genid;
  std::vector<Sysinfo> sysinfos;                  // xml/domain_sysinfo.h
  std::optional<LaunchSecurity> launch_security;  // xml/domain_launchsec.h
  std::optional<std::string> title, description;
  std::vector<Seclabel> seclabels;  // xml/domain_chardev.h
  // <metadata>, kept as libvirt prints it at the domain's first level
  // (namespace-less and duplicate-namespace children dropped).
  std::optional<std::string> metadata;

  // Memory, in KiB.
  unsigned long long total_memory = 0;
  unsigned long long cur_balloon = 0;
  unsigned long long max_memory = 0;
  unsigned memory_slots = 0;
  int dump_core = 0;

  // vCPUs.
  unsigned max_vcpus = 1;
  unsigned vcpus = 1;  // online
  Placement placement = Placement::static_;
  std::set<unsigned> cpumask;
  // <vcpus>: each vCPU's state, when given one by one (else empty);
  // `vcpus` counts the online ones (xml/domain_cputune.h).
  struct VcpuState {
    bool online = false;
    int hotpluggable = 0;  // virTristateBool
    unsigned order = 0;
  };
  std::vector<VcpuState> vcpu_states;

  // Tuning.
  struct Blkio {
    unsigned weight = 0;
    std::vector<BlkioDevice> devices;
  } blkio;
  struct Memtune {
    unsigned long long hard_limit = kMemoryUnlimited, soft_limit = kMemoryUnlimited,
                       swap_hard_limit = kMemoryUnlimited, min_guarantee = 0;
  } memtune;
  std::vector<IOThreadId> iothreads;
  std::optional<std::pair<int, int>> default_iothread;  // <defaultiothread> pool min, max
  std::map<unsigned, std::set<unsigned>> vcpupin;       // <cputune><vcpupin>
  std::set<unsigned> emulatorpin;                       // <cputune><emulatorpin>
  std::map<unsigned, ThreadSched> vcpusched;            // <cputune><vcpusched>
  std::optional<ThreadSched> emulatorsched;             // <cputune><emulatorsched>
  std::vector<Resctrl> resctrls;                        // <cachetune>, <memorytune>
  struct Numatune {
    bool specified = false;
    NumatuneMemMode mode = NumatuneMemMode::strict;
    NumatunePlacement placement = NumatunePlacement::default_;
    std::set<unsigned> nodeset;
  } numatune;
  std::array<int, kPerfEventCount> perf{};  // tristate bool per event

  struct Os {
    OsType type = OsType::hvm;
    std::string arch;  // virArch name
    std::optional<std::string> machine;
    std::optional<std::string> bootloader, bootloader_args;
    std::optional<std::string> init, kernel, initrd, cmdline, dtb, root;
    std::vector<std::string> initargs;
    std::vector<std::pair<std::string, std::string>> initenv;  // name, value
    std::optional<std::string> initdir, inituser, initgroup;
    std::vector<BootDev> boot_devs;
    TristateBool bootmenu = TristateBool::absent;
    bool bm_timeout_set = false;
    unsigned bm_timeout = 0;
    // <bios useserial rebootTimeout>.
    TristateBool bios_useserial = TristateBool::absent;
    bool reboot_timeout_set = false;
    int reboot_timeout = 0;
    SmbiosMode smbios_mode = SmbiosMode::none;
    std::optional<std::string> slic_table;  // <acpi><table type='slic'>
    // Firmware autoselection (<os firmware=...>, <firmware><feature>).
    OsFirmware firmware = OsFirmware::none;
    std::optional<std::array<TristateBool, 2>> firmware_features;  // by OsFirmwareFeature
    // <loader> and <nvram> (virDomainLoaderDef).
    struct Nvram {
      bool new_style = false;  // <nvram type=...><source .../></nvram>
      BackingStore src;        // a storage source (xml/domain_disk.h)
    };
    struct Loader {
      TristateBool readonly = TristateBool::absent, secure = TristateBool::absent,
                   stateless = TristateBool::absent;
      LoaderType type = LoaderType::none;
      std::optional<std::string> path, nvram_template;
      std::optional<Nvram> nvram;
    };
    std::optional<Loader> loader;
  } os;

  std::optional<Cpu> cpu;
  std::array<int, kFeatureCount> features{};  // tristate switch per virDomainFeature
  int apic_eoi = 0;
  int gic_version = 0;                          // virGICVersion: none, host, 2, 3
  std::optional<unsigned long long> tseg_size;  // bytes, when <tseg> was given
  // The features with sub-structure; features[] holds their main value
  // (hyperv's mode, capabilities' policy, cfpc/sbbc/ibs's value, else 1 on).
  struct FeatureDetails {
    std::array<TristateSwitch, 15> hyperv{};  // by HypervFeature
    unsigned hyperv_spinlocks = 0;
    TristateSwitch hyperv_stimer_direct = TristateSwitch::absent;
    std::optional<std::string> hyperv_vendor_id;
    std::array<TristateSwitch, 5> kvm{};  // by KvmFeature
    unsigned kvm_dirty_ring_size = 0;
    std::array<TristateSwitch, 2> xen{};  // by XenFeature
    XenPassthroughMode xen_passthrough_mode = XenPassthroughMode::default_;
    std::array<TristateSwitch, 37> caps{};  // by ProcessCapsFeature
    HptResizing hpt_resizing = HptResizing::none;
    unsigned long long hpt_maxpagesize = 0;  // KiB
    MsrsUnknown msrs_unknown = MsrsUnknown::ignore;
    unsigned long long tcg_tb_cache = 0;  // KiB
  } feature_details;

  struct Clock {
    ClockOffset offset = ClockOffset::utc;
    bool utc_reset = false;
    long long adjustment = 0;
    ClockBasis basis = ClockBasis::utc;
    std::optional<std::string> timezone;
    unsigned long long start = 0;
    std::vector<Timer> timers;  // generated from src/xml/desc/domain.xd
  } clock;

  LifecycleAction on_poweroff = LifecycleAction::destroy;
  LifecycleAction on_reboot = LifecycleAction::restart;
  LifecycleAction on_crash = LifecycleAction::destroy;
  int on_lockfailure = 0;
  // <keywrap> ciphers (virTristateSwitch each; 0 = not given).
  int keywrap_aes = 0, keywrap_dea = 0;
  // <cputune>'s numbers (0 = not set, except shares, which may be 0).
  struct CpuTune {
    std::optional<unsigned long long> shares;
    unsigned long long period = 0, global_period = 0, emulator_period = 0, iothread_period = 0;
    long long quota = 0, global_quota = 0, emulator_quota = 0, iothread_quota = 0;
  } cputune;  // virDomainLockFailureAction: default, poweroff, restart, ...

  std::optional<std::string> emulator;
  std::vector<Disk> disks;
  std::vector<Controller> controllers;
  std::vector<Net> nets;
  // Character devices (xml/domain_chardev.h). An HVM guest's consoles[0]
  // may be a stub standing for serials[0] (virDomainDefAddConsoleCompat).
  std::vector<Chr> serials, parallels, consoles, channels;
  std::vector<Smartcard> smartcards;
  std::vector<Rng> rngs;
  std::vector<Tpm> tpms;
  std::vector<Filesystem> filesystems;  // xml/domain_filesystem.h
  std::vector<Redirdev> redirdevs;
  std::vector<RedirFilterUsbDev> redirfilter;
  std::vector<Input> inputs;
  std::vector<Graphics> graphics;  // xml/domain_graphics.h
  std::vector<Hostdev> hostdevs;   // xml/domain_hostdev.h
  // Generated from src/xml/desc/domain.xd:
  std::optional<Pm> pm;
  std::optional<IdMap> idmap;
  std::optional<MemoryBacking> memory_backing;
  std::vector<Sound> sounds;
  std::vector<Audio> audios;
  std::optional<Watchdog> watchdog;
  std::vector<Panic> panics;
  std::vector<Shmem> shmems;  // hand-written
  std::vector<Hub> hubs;
  std::optional<Iommu> iommu;
  std::optional<Vsock> vsock;
  // <cpu><numa> (xml/domain_numa.h).
  std::vector<NumaCell> numa_cells;
  std::vector<NumaInterconnect> numa_interconnects;
  std::vector<MemoryDevice> memories;  // <devices><memory>
  std::vector<Video> videos;
  std::optional<Memballoon> memballoon;     // generated (desc/domain.xd)
  std::optional<NvramDevice> nvram_device;  // <devices><nvram>
  std::vector<Lease> leases;
  std::optional<DomainResource> resource;

  std::optional<TestNamespace> test_ns;

  // Convenience.
  unsigned long long memory_total() const { return total_memory; }
};

// Parse flags (libvirt's VIR_DOMAIN_DEF_PARSE_*).
enum ParseFlags : unsigned {
  kParseInactive = 1u << 1,
  kParseValidateSchema = 1u << 4,
};
// Format flags (libvirt's VIR_DOMAIN_DEF_FORMAT_*).
enum FormatFlags : unsigned {
  kFormatSecure = 1u << 0,
  kFormatInactive = 1u << 1,
  kFormatMigratable = 1u << 3,
};

struct ParseOptions {
  unsigned flags = kParseInactive;
  std::string default_arch = "i686";
  // Parse the test driver's namespace (xmlns:test=...) into test_ns.
  bool test_namespace = false;
  // Schema used for kParseValidateSchema.
  std::string schema = "/usr/share/libvirt/schemas/domain.rng";
};

// virDomainDefParseString: parse, post-process and validate.
Result<std::unique_ptr<DomainDef>> parse_domain(const char *xml, const ParseOptions &opts);

// virDomainDiskByName: the disk whose target is `name`, or for a name with a
// leading slash the one whose source path is (nullptr when several are,
// unless `allow_ambiguous`: then the first).
Disk *disk_by_name(DomainDef &def, const std::string &name, bool allow_ambiguous);
const Disk *disk_by_name(const DomainDef &def, const std::string &name, bool allow_ambiguous);
// virDomainDefParseNode: from an element of an already parsed document
// (ctxt->node is the <domain> element).
Result<std::unique_ptr<DomainDef>> parse_domain_node(xmlXPathContextPtr ctxt,
                                                     const ParseOptions &opts);
// virDomainDefFormat.
std::string format_domain(const DomainDef &def, unsigned flags);

// Helpers shared with drivers.
void generate_uuid(unsigned char uuid[16]);
const char *virt_type_name(VirtType t);
const char *os_type_name(OsType t);
// For src/drivers, which still names them here: util/mac.h and util/bitmap.h
// have them.
using util::format_bitmap;
using util::format_mac;
using util::parse_bitmap;
using util::parse_mac;
// virXMLExtractNamespaceXML on <metadata>: the element in namespace `uri`,
// printed without its prefix; nullopt when absent.
Result<std::optional<std::string>> metadata_element(const DomainDef &def, const char *uri);
// virDomainDefSetMetadata for VIR_DOMAIN_METADATA_ELEMENT: replace (or,
// `xml` NULL, remove) the element in namespace `uri`, prefixed `key`.
Status set_metadata_element(DomainDef &def, const char *xml, const char *key, const char *uri);

}  // namespace virtkit::conf
