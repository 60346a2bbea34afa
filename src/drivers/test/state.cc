// SPDX-License-Identifier: LGPL-2.1-or-later
#include "drivers/test/state.h"

#include <algorithm>
#include <cstring>

#include "core/handles.h"
#include "driver/uri.h"
#include "xml/xml.h"

namespace virtkit::drivers::test {

namespace {

constexpr int kFrom = VIR_FROM_TEST;

// The host the test driver simulates (libvirt's defaultNodeInfo): an i686
// model, 3 GiB, 16 CPUs at 1400 MHz in 2 NUMA nodes of 2 sockets, 2 cores
// and 2 threads.
virNodeInfo default_node_info() {
  virNodeInfo info{};
  std::strncpy(info.model, "i686", sizeof info.model - 1);
  info.memory = 1024 * 1024 * 3;
  info.cpus = 16;
  info.mhz = 1400;
  info.nodes = 2;
  info.sockets = 2;
  info.cores = 2;
  info.threads = 2;
  return info;
}

// The default connection's one domain, "test", running with id 1.
const char *const kDefaultDomainXml = R"XML(<domain type='test'>
  <name>test</name>
  <uuid>6695eb01-f6a4-8304-79aa-97f2502e193f</uuid>
  <memory unit='KiB'>8388608</memory>
  <currentMemory unit='KiB'>2097152</currentMemory>
  <vcpu>2</vcpu>
  <os>
    <type>hvm</type>
  </os>
  <devices>
    <disk type='file' device='disk'>
      <source file='/guest/diskimage1'/>
      <target dev='vda' bus='virtio'/>
      <address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>
    </disk>
    <interface type='network'>
      <mac address='aa:bb:cc:dd:ee:ff'/>
      <source network='default'/>
      <address type='pci' domain='0x0000' bus='0x00' slot='0x01' function='0x0'/>
    </interface>
    <memballoon model='virtio'>
      <address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0'/>
    </memballoon>
  </devices>
</domain>
)XML";

conf::ParseOptions parse_options() {
  conf::ParseOptions o;
  o.flags = conf::kParseInactive;
  o.test_namespace = true;
  return o;
}

}  // namespace

// ---- DomainObj ----

void DomainObj::set_state(int st, int why) {
  // One past the last reason of each state (the headers' *_LAST values).
  static const int last[] = {1, 12, 1, 14, 2, 9, 2, 1};
  if (st < 0 || st >= static_cast<int>(sizeof last / sizeof last[0])) return;
  state = st;
  reason = (why > 0 && why < last[st]) ? why : 0;
}

// ---- DomainList ----

DomainList::UuidKey DomainList::key(const unsigned char *uuid) {
  UuidKey k;
  std::memcpy(k.bytes.data(), uuid, VIR_UUID_BUFLEN);
  return k;
}

DomainPtr DomainList::find_by_uuid(const unsigned char *uuid) const {
  std::shared_lock g(lock_);
  auto it = by_uuid_.find(key(uuid));
  return it == by_uuid_.end() ? nullptr : it->second;
}

DomainPtr DomainList::find_by_name(const std::string &name) const {
  std::shared_lock g(lock_);
  auto it = by_name_.find(name);
  return it == by_name_.end() ? nullptr : it->second;
}

DomainPtr DomainList::find_by_id(int id) const {
  std::shared_lock g(lock_);
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : it->second;
}

std::vector<DomainPtr> DomainList::all() const {
  std::shared_lock g(lock_);
  std::vector<DomainPtr> out;
  out.reserve(ordered_.size());
  for (const auto &[seq, obj] : ordered_) out.push_back(obj);
  return out;
}

Result<DomainPtr> DomainList::add(std::unique_ptr<conf::DomainDef> &def, unsigned flags,
                                  std::unique_lock<std::mutex> &held, bool *replaced) {
  if (replaced) *replaced = false;
  for (;;) {
    // A new object is made and locked before the list lock is taken, so
    // that even here the order is object, then list.
    auto fresh = std::make_shared<DomainObj>(def->name, def->uuid, 0);
    std::unique_lock fresh_lock(fresh->lock);
    DomainPtr obj;
    {
      std::unique_lock g(lock_);
      auto it = by_uuid_.find(key(def->uuid));
      if (it == by_uuid_.end()) {
        auto byname = by_name_.find(def->name);
        if (byname != by_name_.end())
          return error(VIR_FROM_DOMAIN, VIR_ERR_OPERATION_FAILED,
                       "domain '%s' already exists with uuid %s", def->name.c_str(),
                       driver::format_uuid(byname->second->uuid).c_str());
        // All three indexes or none (an insertion may throw bad_alloc).
        uint64_t seq = next_seq_;
        auto u = by_uuid_.emplace(key(fresh->uuid), fresh).first;
        try {
          auto nm = by_name_.emplace(fresh->name, fresh).first;
          try {
            ordered_.emplace(seq, fresh);
          } catch (...) {
            by_name_.erase(nm);
            throw;
          }
        } catch (...) {
          by_uuid_.erase(u);
          throw;
        }
        next_seq_++;
        fresh->seq = seq;
        fresh->def = std::move(def);
        held = std::move(fresh_lock);
        return fresh;
      }
      obj = it->second;
      if (obj->name != def->name)
        return error(VIR_FROM_DOMAIN, VIR_ERR_OPERATION_FAILED,
                     "domain '%s' is already defined with uuid %s", obj->name.c_str(),
                     driver::format_uuid(obj->uuid).c_str());
    }
    fresh_lock.unlock();
    held = std::unique_lock(obj->lock);
    if (obj->removed) {  // removed meanwhile: look again
      held.unlock();
      held = std::unique_lock<std::mutex>();
      continue;
    }
    if (flags & kAddCheckLive) {
      if (obj->active()) {
        held.unlock();
        return error(VIR_FROM_DOMAIN, VIR_ERR_OPERATION_INVALID, "domain '%s' is already active",
                     obj->name.c_str());
      }
      if (!obj->persistent) {
        held.unlock();
        return error(VIR_FROM_DOMAIN, VIR_ERR_OPERATION_INVALID,
                     "domain '%s' is already being started", obj->name.c_str());
      }
    }
    // virDomainObjAssignDef.
    if (obj->active()) {
      if (replaced) *replaced = obj->new_def != nullptr;
      obj->new_def = std::move(def);
    } else if (flags & kAddLive) {
      if (!obj->new_def) obj->new_def = std::move(obj->def);
      obj->def = std::move(def);
    } else {
      if (replaced) *replaced = true;
      obj->def = std::move(def);
    }
    return obj;
  }
}

void DomainList::set_id(const DomainPtr &obj, int new_id) {
  std::unique_lock g(lock_);
  if (new_id != -1) by_id_[new_id] = obj;  // first: if this throws, nothing changed
  if (obj->indexed_id != -1 && obj->indexed_id != new_id) {
    auto it = by_id_.find(obj->indexed_id);
    if (it != by_id_.end() && it->second == obj) by_id_.erase(it);
  }
  obj->indexed_id = new_id;
}

bool DomainList::rename(const DomainPtr &obj, const std::string &new_name) {
  std::unique_lock g(lock_);
  if (by_name_.count(new_name)) return false;
  auto n = by_name_.find(obj->name);
  if (n != by_name_.end() && n->second == obj) by_name_.erase(n);
  by_name_[new_name] = obj;
  obj->name = new_name;
  obj->def->name = new_name;
  return true;
}

void DomainList::remove(const DomainPtr &obj) {
  obj->removed = true;
  std::unique_lock g(lock_);
  auto u = by_uuid_.find(key(obj->uuid));
  if (u != by_uuid_.end() && u->second == obj) by_uuid_.erase(u);
  auto n = by_name_.find(obj->name);
  if (n != by_name_.end() && n->second == obj) by_name_.erase(n);
  if (obj->indexed_id != -1) {
    auto i = by_id_.find(obj->indexed_id);
    if (i != by_id_.end() && i->second == obj) by_id_.erase(i);
    obj->indexed_id = -1;
  }
  ordered_.erase(obj->seq);
}

// ---- runtime helpers ----

Status start_domain(DriverState &st, const DomainPtr &obj, int reason) {
  // What may fail (allocations) comes first, so that a failure changes nothing.
  // virDomainObjSetDefTransient: keep the persistent config apart.
  std::unique_ptr<conf::DomainDef> config;
  if (obj->persistent && !obj->new_def) {
    config = std::make_unique<conf::DomainDef>(*obj->def);
    config->id = -1;
  }
  int id = st.next_dom_id.fetch_add(1);
  st.domains.set_id(obj, id);
  if (config) obj->new_def = std::move(config);
  obj->def->id = id;
  obj->set_state(VIR_DOMAIN_RUNNING, reason);
  obj->has_managed_save = false;
  return Status();
}

void shutdown_domain(DriverState &st, const DomainPtr &obj, virDomainPtr handle, int reason) {
  // virDomainObjRemoveTransientDef.
  if (obj->new_def) {
    obj->def = std::move(obj->new_def);
    obj->def->id = -1;
  }
  obj->set_state(VIR_DOMAIN_SHUTOFF, reason);
  st.domains.set_id(obj, obj->def->id);
  if (handle) handle->id.store(-1);
}

Status generate_ifnames(conf::DomainDef &def) {
  for (auto &net : def.nets) {
    if (net.ifname) continue;
    bool done = false;
    for (int ctr = 0; ctr < 1024 && !done; ctr++) {
      std::string name = "testnet" + std::to_string(ctr);
      bool used = std::any_of(def.nets.begin(), def.nets.end(),
                              [&](const conf::Net &n) { return n.ifname && *n.ifname == name; });
      if (!used) {
        net.ifname = name;
        done = true;
      }
    }
    if (!done) return error(kFrom, VIR_ERR_INTERNAL_ERROR, "Exceeded max iface limit %d", 1024);
  }
  return Status();
}

// ---- capabilities ----

std::string build_capabilities(const std::vector<Cell> &cells) {
  static const unsigned page_sizes[] = {4, 8, 2048, 1024 * 1024};
  std::string s;
  auto line = [&](int indent, const std::string &text) {
    s.append(static_cast<size_t>(indent), ' ');
    s.append(text);
    s.push_back('\n');
  };
  line(0, "<capabilities>");
  s.push_back('\n');
  line(2, "<host>");
  line(4, "<cpu>");
  line(6, "<arch>i686</arch>");
  line(6, "<features>");
  line(8, "<pae/>");
  line(8, "<nonpae/>");
  line(6, "</features>");
  for (unsigned size : page_sizes)
    line(6, "<pages unit='KiB' size='" + std::to_string(size) + "'/>");
  line(4, "</cpu>");
  line(4, "<power_management/>");
  line(4, "<iommu support='no'/>");
  line(4, "<topology>");
  line(6, "<cells num='" + std::to_string(cells.size()) + "'>");
  int cpu_id = 0;
  for (size_t i = 0; i < cells.size(); i++) {
    const Cell &c = cells[i];
    line(8, "<cell id='" + std::to_string(i) + "'>");
    line(10, "<memory unit='KiB'>" + std::to_string(c.mem) + "</memory>");
    // The first page size listed is 8 KiB on cell 1 and 4 KiB elsewhere;
    // all free memory is counted in pages of that size.
    unsigned first = i == 1 ? page_sizes[1] : page_sizes[0];
    line(10, "<pages unit='KiB' size='" + std::to_string(first) + "'>" +
                 std::to_string(c.mem / first) + "</pages>");
    for (size_t j = 2; j < 4; j++)
      line(10, "<pages unit='KiB' size='" + std::to_string(page_sizes[j]) + "'>0</pages>");
    line(10, "<cpus num='" + std::to_string(c.num_cpus) + "'>");
    for (int k = 0; k < c.num_cpus; k++, cpu_id++) {
      line(12, "<cpu id='" + std::to_string(cpu_id) + "' socket_id='" + std::to_string(i) +
                   "' die_id='0' core_id='" + std::to_string(k) + "' siblings='" +
                   std::to_string(cpu_id) + "'/>");
    }
    line(10, "</cpus>");
    line(8, "</cell>");
  }
  line(6, "</cells>");
  line(4, "</topology>");
  line(4, "<secmodel>");
  line(6, "<model>testSecurity</model>");
  line(6, "<doi></doi>");
  line(4, "</secmodel>");
  line(2, "</host>");
  s.push_back('\n');
  for (const char *os : {"hvm", "xen"}) {
    line(2, "<guest>");
    line(4, std::string("<os_type>") + os + "</os_type>");
    line(4, "<arch name='i686'>");
    line(6, "<wordsize>32</wordsize>");
    line(6, "<emulator>/usr/bin/test-hv</emulator>");
    line(6, "<domain type='test'/>");
    line(4, "</arch>");
    line(4, "<features>");
    line(6, "<pae/>");
    line(6, "<nonpae/>");
    line(4, "</features>");
    line(2, "</guest>");
    s.push_back('\n');
  }
  line(0, "</capabilities>");
  return s;
}

// ---- loading ----

Result<xmlNodePtr> resolve_file_node(xmlNodePtr node, const std::string &config_path) {
  auto rel = xml::prop(node, "file");
  if (!rel) return node;
  std::string abs;
  if (!rel->empty() && (*rel)[0] == '/') {
    abs = *rel;
  } else {
    std::string dir = config_path;
    auto slash = dir.rfind('/');
    dir = slash == std::string::npos ? "." : (slash == 0 ? "/" : dir.substr(0, slash));
    abs = (dir == "/" ? "" : dir) + "/" + *rel;
  }
  auto doc = xml::parse_file(kFrom, abs.c_str(), xml::name_of(node));
  VK_TRY(doc);
  xmlNodePtr copy = xmlDocCopyNode(doc->root(), node->doc, 1);
  if (!copy) return error(kFrom, VIR_ERR_INTERNAL_ERROR, "%s", "Failed to copy XML node");
  xmlReplaceNode(node, copy);
  xmlFreeNode(node);
  return copy;
}

namespace {

Status parse_node_info(virNodeInfo &info, xmlXPathContextPtr ctxt) {
  auto uint_field = [&](const char *xpath, unsigned &out, const char *what) -> Status {
    if (xml::xpath_uint(ctxt, xpath, out) == -2)
      return error(kFrom, VIR_ERR_XML_ERROR, "invalid node cpu %s value", what);
    return Status();
  };
  VK_TRY(uint_field("string(/node/cpu/nodes[1])", info.nodes, "nodes"));
  VK_TRY(uint_field("string(/node/cpu/sockets[1])", info.sockets, "sockets"));
  VK_TRY(uint_field("string(/node/cpu/cores[1])", info.cores, "cores"));
  VK_TRY(uint_field("string(/node/cpu/threads[1])", info.threads, "threads"));
  info.cpus = info.cores * info.threads * info.sockets * info.nodes;
  unsigned active = 0;
  int rc = xml::xpath_uint(ctxt, "string(/node/cpu/active[1])", active);
  if (rc == -2) return error(kFrom, VIR_ERR_XML_ERROR, "%s", "invalid node cpu active value");
  if (rc == 0 && active < info.cpus) info.cpus = active;
  VK_TRY(uint_field("string(/node/cpu/mhz[1])", info.mhz, "mhz"));
  if (auto model = xml::xpath_string(ctxt, "string(/node/cpu/model[1])")) {
    if (model->size() >= sizeof info.model)
      return error(kFrom, VIR_ERR_INTERNAL_ERROR, "Model %s too big for destination",
                   model->c_str());
    std::memset(info.model, 0, sizeof info.model);
    std::memcpy(info.model, model->data(), model->size());
  }
  unsigned long long memory = 0;
  rc = xml::xpath_ull(ctxt, "string(/node/memory[1])", memory);
  if (rc == -2) return error(kFrom, VIR_ERR_XML_ERROR, "%s", "invalid node memory value");
  if (rc == 0) info.memory = memory;
  return Status();
}

Status load_domain(DriverState &st, std::unique_ptr<conf::DomainDef> def) {
  VK_TRY(generate_ifnames(*def));
  conf::TestNamespace ns = def->test_ns.value_or(conf::TestNamespace{});
  std::unique_lock<std::mutex> held;
  auto obj = st.domains.add(def, 0, held, nullptr);
  VK_TRY(obj);
  DomainPtr o = *obj;
  o->persistent = !ns.transient;
  o->has_managed_save = ns.has_managed_save;
  // testDomainObjCheckTaint.
  for (const conf::Disk &d : o->def->disks)
    if (d.device == conf::Disk::cdrom && d.storage_type == conf::StorageType::block && d.path)
      o->taint |= 1u << 8;
  for (const conf::Net &n : o->def->nets)
    if (n.script) o->taint |= 1u << 3;
  if (o->def->cpu && o->def->cpu->mode == conf::Cpu::custom && o->def->cpu->model &&
      *o->def->cpu->model == "Deprecated-Test") {
    o->taint |= 1u << 12;
    o->deprecations.push_back("CPU model Deprecated-Test");
  }
  if (o->def->os.dtb) o->taint |= 1u << 9;
  // testDomainGenerateIOThreadInfos.
  for (const conf::IOThreadId &t : o->def->iothreads)
    o->iothread_info.push_back({t.id, 32768, 0, 0});
  if (ns.runstate != conf::DomainState::shutoff) {
    VK_TRY(start_domain(st, o, VIR_DOMAIN_RUNNING_BOOTED));
  } else {
    shutdown_domain(st, o, nullptr, 0);
  }
  static_assert(static_cast<int>(conf::DomainState::pmsuspended) == VIR_DOMAIN_PMSUSPENDED);
  o->set_state(static_cast<int>(ns.runstate), 0);  // virDomainState's numbers
  return Status();
}

Status parse_domains(DriverState &st, const std::string &file, xmlXPathContextPtr ctxt) {
  auto nodes = xml::xpath_nodes(ctxt, "/node/domain");
  for (xmlNodePtr node : nodes) {
    xml::NodeRestore restore(ctxt);
    auto resolved = resolve_file_node(node, file);
    VK_TRY(resolved);
    ctxt->node = *resolved;
    auto def = conf::parse_domain_node(ctxt, parse_options());
    VK_TRY(def);
    std::string name = (*def)->name;
    VK_TRY(load_domain(st, std::move(*def)));
    VK_TRY(load_domain_snapshots(st, name, file, *resolved));
  }
  return Status();
}

Status parse_auth_users(DriverState &st, xmlXPathContextPtr ctxt) {
  xml::NodeRestore restore(ctxt);
  for (xmlNodePtr node : xml::xpath_nodes(ctxt, "/node/auth/user")) {
    ctxt->node = node;
    auto user = xml::xpath_string(ctxt, "string(.)");
    if (!user)
      return error(kFrom, VIR_ERR_XML_ERROR, "%s", "missing username in /node/auth/user field");
    st.auths.push_back(AuthUser{*user, xml::prop(node, "password")});
  }
  return Status();
}

std::mutex g_default_lock;
std::weak_ptr<DriverState> g_default_state;

}  // namespace

Result<std::shared_ptr<DriverState>> open_default_state() {
  std::lock_guard g(g_default_lock);
  if (auto st = g_default_state.lock()) return st;

  auto st = std::make_shared<DriverState>();
  st->node_info = default_node_info();
  st->cells.resize(2);
  for (size_t i = 0; i < st->cells.size(); i++) {
    st->cells[i].num_cpus = 8;
    st->cells[i].mem = (i + 1) * 2048 * 1024;
    st->cells[i].free_mem = (i + 1) * 1024 * 1024;
  }
  st->capabilities = build_capabilities(st->cells);

  auto doc = xml::parse_string(kFrom, kDefaultDomainXml, "(test driver)", "domain");
  VK_TRY(doc);
  auto def = conf::parse_domain_node(doc->ctxt(), parse_options());
  VK_TRY(def);
  VK_TRY(load_domain(*st, std::move(*def)));
  VK_TRY(init_default_networks(*st));
  VK_TRY(init_default_interfaces(*st));
  VK_TRY(init_default_storage(*st));
  VK_TRY(init_default_node_devices(*st));

  g_default_state = st;
  return st;
}

Result<std::shared_ptr<DriverState>> open_file_state(const std::string &path) {
  auto st = std::make_shared<DriverState>();
  st->capabilities = build_capabilities(st->cells);
  auto doc = xml::parse_file(kFrom, path.c_str(), "node");
  VK_TRY(doc);
  st->node_info = default_node_info();
  xmlXPathContextPtr ctxt = doc->ctxt();
  VK_TRY(parse_node_info(st->node_info, ctxt));
  VK_TRY(parse_domains(*st, path, ctxt));
  VK_TRY(load_networks(*st, path, ctxt));
  VK_TRY(load_interfaces(*st, path, ctxt));
  VK_TRY(load_storage(*st, path, ctxt));
  VK_TRY(load_node_devices(*st, path, ctxt));
  VK_TRY(parse_auth_users(*st, ctxt));
  return st;
}

}  // namespace virtkit::drivers::test
