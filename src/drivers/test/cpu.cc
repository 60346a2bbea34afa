// SPDX-License-Identifier: LGPL-2.1-or-later
// CPU models of the test driver (see cpu.h). The x86 baseline follows the
// behaviour of libvirt 9.0.0's x86 CPU driver: the host CPUs' models and
// features become CPUID/MSR bit sets, their intersection is decoded back
// into the model of the map that describes it with the fewest extra
// features, preferring the models the hosts named.
#include "drivers/test/cpu.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "xml/xml.h"

namespace virtkit::drivers::test::cpu {

namespace {

constexpr int kCpu = VIR_FROM_CPU;

struct X86VendorRow {
  const char *name;
  const char *string;
};
struct X86ItemRow {
  unsigned msr;
  uint32_t in, ecx_in, eax, ebx, ecx, edx;
};
struct X86FeatureRow {
  const char *name;
  bool migratable;
  X86ItemRow item;
};
struct X86ModelRow {
  const char *name;
  int vendor;
  bool decode_host;
  bool decode_guest;
  int features;  // offset in kX86ModelFeatures
  const char *signatures;
};
struct Ppc64ModelRow {
  const char *name;
  int vendor;
};

#include "drivers/test/cpu_map_data.inc"

// ---- CPUID / MSR data ----

// One CPUID leaf (kind 0: r = eax, ebx, ecx, edx) or MSR (kind 1: r[0] =
// eax, r[3] = edx), identified by (kind, in, ecx_in).
struct Item {
  uint32_t kind = 0, in = 0, ecx_in = 0;
  uint32_t r[4] = {0, 0, 0, 0};
  bool zero() const { return !r[0] && !r[1] && !r[2] && !r[3]; }
  bool key_less(const Item &o) const {
    if (kind != o.kind) return kind < o.kind;
    if (in != o.in) return in < o.in;
    return ecx_in < o.ecx_in;
  }
  bool same_key(const Item &o) const { return kind == o.kind && in == o.in && ecx_in == o.ecx_in; }
  bool equal_regs(const Item &o) const {
    return r[0] == o.r[0] && r[1] == o.r[1] && r[2] == o.r[2] && r[3] == o.r[3];
  }
  // every bit of `mask` is set here
  bool covers(const Item &mask) const {
    for (int i = 0; i < 4; i++)
      if ((r[i] & mask.r[i]) != mask.r[i]) return false;
    return true;
  }
};

using Data = std::vector<Item>;  // sorted by key, unique keys

Item *find(Data &d, const Item &key) {
  auto it = std::lower_bound(d.begin(), d.end(), key,
                             [](const Item &a, const Item &b) { return a.key_less(b); });
  return it != d.end() && it->same_key(key) ? &*it : nullptr;
}
const Item *find(const Data &d, const Item &key) {
  return find(const_cast<Data &>(d), key);
}

void add_item(Data &d, const Item &item) {
  if (Item *have = find(d, item)) {
    for (int i = 0; i < 4; i++) have->r[i] |= item.r[i];
    return;
  }
  auto it = std::lower_bound(d.begin(), d.end(), item,
                             [](const Item &a, const Item &b) { return a.key_less(b); });
  d.insert(it, item);
}

void add(Data &d, const Data &src) {
  for (const Item &i : src)
    if (!i.zero()) add_item(d, i);
}

void subtract(Data &d, const Data &src) {
  for (Item &i : d) {
    if (i.zero()) continue;
    if (const Item *o = find(src, i))
      for (int k = 0; k < 4; k++) i.r[k] &= ~o->r[k];
  }
}

void intersect(Data &d, const Data &src) {
  for (Item &i : d) {
    if (i.zero()) continue;
    const Item *o = find(src, i);
    for (int k = 0; k < 4; k++) i.r[k] = o ? i.r[k] & o->r[k] : 0;
  }
}

bool is_empty(const Data &d) {
  return std::all_of(d.begin(), d.end(), [](const Item &i) { return i.zero(); });
}

bool is_subset(const Data &d, const Data &sub) {
  for (const Item &s : sub) {
    if (s.zero()) continue;
    const Item *i = find(d, s);
    if (!i || !i->covers(s)) return false;
  }
  return true;
}

uint32_t le32(const char *s) {
  return uint32_t(uint8_t(s[0])) | uint32_t(uint8_t(s[1])) << 8 | uint32_t(uint8_t(s[2])) << 16 |
         uint32_t(uint8_t(s[3])) << 24;
}

// ---- the x86 map ----

struct Signature {
  unsigned family = 0, model = 0;
  unsigned steppings = 0;  // bit mask; 0 = any
};

struct X86Vendor {
  const char *name;
  Item item;
};
struct X86Feature {
  const char *name;
  Data data;
};
struct X86Model {
  const char *name;
  int vendor;
  bool decode_host, decode_guest;
  std::vector<Signature> sigs;
  Data data;
  std::vector<const char *> removed;
};

struct X86Map {
  std::vector<X86Vendor> vendors;
  std::vector<X86Feature> features;
  std::vector<X86Model> models;

  const X86Feature *feature(const std::string &name) const {
    for (const X86Feature &f : features)
      if (name == f.name) return &f;
    return nullptr;
  }
  const X86Model *model(const std::string &name) const {
    for (const X86Model &m : models)
      if (name == m.name) return &m;
    return nullptr;
  }
  int vendor(const std::string &name) const {
    for (size_t i = 0; i < vendors.size(); i++)
      if (name == vendors[i].name) return static_cast<int>(i);
    return -1;
  }
};

std::vector<Signature> parse_signatures(const char *text) {
  std::vector<Signature> out;
  const char *p = text;
  while (*p) {
    Signature s;
    char *end = nullptr;
    s.family = static_cast<unsigned>(std::strtoul(p, &end, 10));
    s.model = static_cast<unsigned>(std::strtoul(end + 1, &end, 10));
    if (*end == ':') {
      p = end + 1;
      while (*p && *p != ' ') {
        unsigned lo = static_cast<unsigned>(std::strtoul(p, &end, 10)), hi = lo;
        if (*end == '-') hi = static_cast<unsigned>(std::strtoul(end + 1, &end, 10));
        for (unsigned b = lo; b <= hi && b < 16; b++) s.steppings |= 1u << b;
        p = *end == ',' ? end + 1 : end;
      }
      end = const_cast<char *>(p);
    }
    out.push_back(s);
    p = *end == ' ' ? end + 1 : end;
  }
  return out;
}

const X86Map &x86_map() {
  static const X86Map map = [] {
    X86Map m;
    for (const X86VendorRow &v : kX86Vendors) {
      Item i;
      i.r[1] = le32(v.string);
      i.r[3] = le32(v.string + 4);
      i.r[2] = le32(v.string + 8);
      m.vendors.push_back({v.name, i});
    }
    for (const X86FeatureRow &f : kX86Features) {
      Item i;
      i.kind = f.item.msr;
      i.in = f.item.in;
      i.ecx_in = f.item.ecx_in;
      i.r[0] = f.item.eax;
      i.r[1] = f.item.ebx;
      i.r[2] = f.item.ecx;
      i.r[3] = f.item.edx;
      X86Feature feat{f.name, {}};
      add_item(feat.data, i);
      m.features.push_back(std::move(feat));
    }
    for (const X86ModelRow &r : kX86Models) {
      X86Model model{
          r.name, r.vendor, r.decode_host, r.decode_guest, parse_signatures(r.signatures), {}, {}};
      const short *f = kX86ModelFeatures + r.features;
      for (; *f >= 0; f++) add(model.data, m.features[static_cast<size_t>(*f)].data);
      for (f++; *f >= 0; f++) model.removed.push_back(m.features[static_cast<size_t>(*f)].name);
      m.models.push_back(std::move(model));
    }
    return m;
  }();
  return map;
}

// ---- CPU definitions ----

enum Policy { kForce = 0, kRequire, kOptional, kDisable, kForbid };
const char *const kPolicyNames[] = {"force", "require", "optional", "disable", "forbid"};

struct Feature {
  std::string name;
  int policy;  // -1 for host CPUs
};

// A host CPU definition as the baseline uses it.
struct HostCpu {
  std::string arch;
  std::string model;
  std::optional<std::string> vendor;
  std::vector<Feature> features;
};

// The guest CPU a baseline yields (mode custom, match exact).
struct GuestCpu {
  std::string model;
  std::optional<std::string> vendor;
  bool forbid_fallback = false;
  std::vector<Feature> features;

  Feature *find(const std::string &name) {
    for (Feature &f : features)
      if (f.name == name) return &f;
    return nullptr;
  }
};

const char *const kArchNames[] = {
    "alpha",    "armv6l",  "armv7l",    "armv7b",   "aarch64",    "cris",
    "i686",     "ia64",    "lm32",      "m68k",     "microblaze", "microblazeel",
    "mips",     "mipsel",  "mips64",    "mips64el", "openrisc",   "parisc",
    "parisc64", "ppc",     "ppcle",     "ppc64",    "ppc64le",    "ppcemb",
    "riscv32",  "riscv64", "s390",      "s390x",    "sh4",        "sh4eb",
    "sparc",    "sparc64", "unicore32", "x86_64",   "xtensa",     "xtensaeb"};

bool known_arch(const std::string &a) {
  for (const char *n : kArchNames)
    if (a == n) return true;
  return false;
}

enum class Driver { none, x86, ppc64, arm, s390 };

Driver driver_of(const std::string &a) {
  if (a == "i686" || a == "x86_64") return Driver::x86;
  if (a == "ppc64" || a == "ppc64le") return Driver::ppc64;
  if (a == "armv6l" || a == "armv7l" || a == "armv7b" || a == "aarch64") return Driver::arm;
  if (a == "s390" || a == "s390x") return Driver::s390;
  return Driver::none;
}

// libvirt's virCPUDefParseXML for a host CPU (type forced to host).
Result<HostCpu> parse_host_cpu(const char *text) {
  // libxml2 parses no document from a null string and reports nothing.
  if (!text)
    return error(kCpu, VIR_ERR_XML_ERROR, "failed to parse xml document '%s'", "(CPU_definition)");
  auto doc = xml::parse_string(kCpu, text, "(CPU_definition)", nullptr);
  VK_TRY(doc);
  xmlXPathContextPtr ctxt = doc->ctxt();
  xmlNodePtr node = ctxt->node;
  if (!xml::name_is(node, "cpu"))
    return error(kCpu, VIR_ERR_XML_ERROR, "%s", "XML does not contain expected 'cpu' element");
  if (xml::prop(node, "mode"))
    return error(kCpu, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                 "Attribute mode is only allowed for guest CPU");
  int migratable = 0;
  auto rv = xml::prop_tristate_switch(node, "migratable", xml::kPropNone, migratable);
  VK_TRY(rv);
  if (*rv > 0)
    return error(kCpu, VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                 "Attribute migratable is only allowed for 'host-passthrough' / 'maximum' CPU "
                 "mode");
  HostCpu cpu;
  auto arch = xml::xpath_string(ctxt, "string(./arch[1])");
  if (!arch) return error(kCpu, VIR_ERR_XML_ERROR, "%s", "Missing CPU architecture");
  if (!known_arch(*arch))
    return error(kCpu, VIR_ERR_CONFIG_UNSUPPORTED, "Unknown architecture %s", arch->c_str());
  cpu.arch = *arch;
  if (xml::xpath_boolean(ctxt, "boolean(./microcode[1]/@version)") > 0) {
    unsigned v = 0;
    if (xml::xpath_uint(ctxt, "string(./microcode[1]/@version)", v) < 0)
      return error(kCpu, VIR_ERR_CONFIG_UNSUPPORTED, "%s", "invalid microcode version");
  }
  if (xmlNodePtr sig = xml::xpath_node(ctxt, "./signature[1]")) {
    unsigned v = 0;
    VK_TRY(xml::prop_uint(sig, "family", 10, xml::kPropRequired | xml::kPropNonZero, v));
    VK_TRY(xml::prop_uint(sig, "model", 10, xml::kPropRequired, v));
    VK_TRY(xml::prop_uint(sig, "stepping", 10, xml::kPropRequired, v));
  }
  if (xmlNodePtr counter = xml::xpath_node(ctxt, "./counter[@name='tsc']")) {
    auto freq = xml::prop(counter, "frequency");
    unsigned long long f = 0;
    if (!freq)
      return error(VIR_FROM_XML, VIR_ERR_XML_ERROR,
                   "Missing required attribute '%s' in element '%s'", "frequency", "counter");
    if (!xml::str_to_ullp(freq->c_str(), 10, f))
      return error(VIR_FROM_XML, VIR_ERR_XML_ERROR,
                   "Invalid value for attribute '%s' in element '%s': '%s'. Expected "
                   "non-negative integer value",
                   "frequency", "counter", freq->c_str());
    int scaling = 0;
    VK_TRY(xml::prop_tristate_bool(counter, "scaling", xml::kPropNone, scaling));
  }
  auto model = xml::xpath_string(ctxt, "string(./model[1])");
  if (!model) return error(kCpu, VIR_ERR_XML_ERROR, "%s", "Missing CPU model name");
  cpu.model = *model;
  cpu.vendor = xml::xpath_string(ctxt, "string(./vendor[1])");
  if (xmlNodePtr topo = xml::xpath_node(ctxt, "./topology[1]")) {
    unsigned v = 0;
    VK_TRY(xml::prop_uint(topo, "sockets", 10, xml::kPropRequired | xml::kPropNonZero, v));
    VK_TRY(xml::prop_uint(topo, "dies", 10, xml::kPropNonZero, v));
    VK_TRY(xml::prop_uint(topo, "cores", 10, xml::kPropRequired | xml::kPropNonZero, v));
    VK_TRY(xml::prop_uint(topo, "threads", 10, xml::kPropRequired | xml::kPropNonZero, v));
  }
  for (xmlNodePtr f : xml::xpath_nodes(ctxt, "./feature")) {
    auto name = xml::prop(f, "name");
    if (!name || name->empty())
      return error(kCpu, VIR_ERR_XML_ERROR, "%s", "Invalid CPU feature name");
    for (const Feature &have : cpu.features)
      if (have.name == *name)
        return error(kCpu, VIR_ERR_XML_ERROR, "CPU feature '%s' specified more than once",
                     name->c_str());
    cpu.features.push_back({*name, -1});
  }
  auto caches = xml::xpath_nodes(ctxt, "./cache");
  if (caches.size() > 1)
    return error(kCpu, VIR_ERR_XML_ERROR, "%s", "at most one CPU cache element may be specified");
  if (caches.size() == 1) {
    int level = -1;
    auto rc = xml::prop_int(caches[0], "level", 10, xml::kPropNonNegative, level, -1);
    VK_TRY(rc);
    if (*rc == 1 && (level < 1 || level > 3))
      return error(kCpu, VIR_ERR_XML_ERROR, "%s",
                   "invalid CPU cache level, must be in range [1,3]");
    int mode = 0;
    VK_TRY(xml::prop_enum(caches[0], "mode", {"emulate", "passthrough", "disable"},
                          xml::kPropRequired, mode));
  }
  if (xmlNodePtr addr = xml::xpath_node(ctxt, "./maxphysaddr[1]")) {
    int mode = 0, bits = -1;
    VK_TRY(xml::prop_enum(addr, "mode", {"emulate", "passthrough"}, xml::kPropRequired, mode));
    VK_TRY(xml::prop_int(addr, "bits", 10, xml::kPropNonNegative, bits, -1));
  }
  return cpu;
}

// ---- x86 ----

// x86ModelFromCPU with policy -1 for a host CPU: the model's data plus
// every feature.
Result<X86Model> x86_model_of(const X86Map &map, const HostCpu &cpu) {
  const X86Model *m = map.model(cpu.model);
  if (!m) return error(kCpu, VIR_ERR_INTERNAL_ERROR, "Unknown CPU model %s", cpu.model.c_str());
  X86Model model = *m;
  for (const Feature &f : cpu.features) {
    const X86Feature *feat = map.feature(f.name);
    if (!feat) return error(kCpu, VIR_ERR_INTERNAL_ERROR, "Unknown CPU feature %s", f.name.c_str());
    add(model.data, feat->data);
  }
  return model;
}

// Moves every map feature wholly contained in `data` out of it into `cpu`.
void take_features(const X86Map &map, Data &data, int policy, std::vector<Feature> &out) {
  for (const X86Feature &f : map.features)
    if (is_subset(data, f.data)) {
      subtract(data, f.data);
      out.push_back({f.name, policy});
    }
}

void add_removed_features(const X86Model &model, GuestCpu &cpu) {
  for (const char *name : model.removed)
    if (!cpu.find(name)) cpu.features.push_back({name, kDisable});
}

int vendor_of(const X86Map &map, Data &data) {
  for (size_t i = 0; i < map.vendors.size(); i++) {
    Item *it = find(data, map.vendors[i].item);
    if (it && it->covers(map.vendors[i].item)) {
      for (int k = 0; k < 4; k++) it->r[k] &= ~map.vendors[i].item.r[k];
      return static_cast<int>(i);
    }
  }
  return -1;
}

void signature_parts(uint32_t sig, unsigned &family, unsigned &model, unsigned &stepping) {
  family = ((sig >> 20) & 0xff) + ((sig >> 8) & 0xf);
  model = ((sig >> 12) & 0xf0) + ((sig >> 4) & 0xf);
  stepping = sig & 0xf;
}

bool signatures_match(const X86Model &m, uint32_t sig) {
  unsigned family, model, stepping;
  signature_parts(sig, family, model, stepping);
  for (const Signature &s : m.sigs)
    if (s.family == family && s.model == model && (!s.steppings || (s.steppings >> stepping) & 1u))
      return true;
  return false;
}

// The penalty comparison of two guest candidates' feature lists
// (virCPUx86CompareCandidateFeatureList for guest CPUs).
bool better_features(const GuestCpu &current, const GuestCpu &cand, bool preferred) {
  auto weigh = [](const GuestCpu &c, size_t &enabled, size_t &disabled) {
    enabled = c.features.size();
    disabled = 0;
    size_t penalty = 2;  // libvirt's base penalty
    // The bound shrinks as disabled features are counted, as libvirt's does.
    for (size_t i = 0; i < enabled; i++)
      if (c.features[i].policy == kDisable) {
        enabled--;
        disabled += penalty++;
      }
    return enabled + disabled;
  };
  size_t en_cur, dis_cur, en, dis;
  size_t cur = weigh(current, en_cur, dis_cur);
  size_t cnd = weigh(cand, en, dis);
  if (cnd < cur || (cnd == cur && dis < dis_cur)) return true;
  return preferred && dis < dis_cur;
}

Result<GuestCpu> x86_baseline(const std::vector<HostCpu> &cpus) {
  const X86Map &map = x86_map();
  auto base = x86_model_of(map, cpus[0]);
  VK_TRY(base);
  int vendor = -1;
  bool output_vendor = true;
  if (!cpus[0].vendor) {
    output_vendor = false;
  } else if ((vendor = map.vendor(*cpus[0].vendor)) < 0) {
    return error(kCpu, VIR_ERR_OPERATION_FAILED, "Unknown CPU vendor %s", cpus[0].vendor->c_str());
  }
  std::vector<std::string> names{cpus[0].model};
  for (size_t i = 1; i < cpus.size(); i++) {
    const HostCpu &c = cpus[i];
    if (std::find(names.begin(), names.end(), c.model) == names.end()) names.push_back(c.model);
    auto model = x86_model_of(map, c);
    VK_TRY(model);
    const char *model_vendor = model->vendor >= 0 ? map.vendors[model->vendor].name : nullptr;
    if (c.vendor && model_vendor && *c.vendor != model_vendor)
      return error(kCpu, VIR_ERR_OPERATION_FAILED,
                   "CPU vendor %s of model %s differs from vendor %s", model_vendor, model->name,
                   c.vendor->c_str());
    std::optional<std::string> vn;
    if (c.vendor) {
      vn = c.vendor;
    } else {
      output_vendor = false;
      if (model_vendor) vn = model_vendor;
    }
    if (vn) {
      if (vendor < 0) {
        if ((vendor = map.vendor(*vn)) < 0)
          return error(kCpu, VIR_ERR_OPERATION_FAILED, "Unknown CPU vendor %s", vn->c_str());
      } else if (*vn != map.vendors[vendor].name) {
        return error(kCpu, VIR_ERR_OPERATION_FAILED, "%s", "CPU vendors do not match");
      }
    }
    intersect(base->data, model->data);
  }
  if (is_empty(base->data))
    return error(kCpu, VIR_ERR_OPERATION_FAILED, "%s", "CPUs are incompatible");
  if (vendor >= 0) add_item(base->data, map.vendors[vendor].item);

  // x86Decode of the common data into a guest CPU.
  Data data = base->data;
  int data_vendor = vendor_of(map, data);
  uint32_t signature = 0;
  Item leaf1;
  leaf1.in = 1;
  if (const Item *l = find(data, leaf1)) signature = l->r[0] & 0x0fff3fff;
  if (data_vendor >= 0 && !std::strcmp(map.vendors[data_vendor].name, "Intel")) {
    unsigned family, model, stepping;
    signature_parts(signature, family, model, stepping);
    if (family == 6 && ((model == 63 && stepping < 4) || model == 60 || model == 69 || model == 70))
      for (const char *tsx : {"hle", "rtm"})
        if (const X86Feature *f = map.feature(tsx)) subtract(data, f->data);
  }
  const X86Model *chosen = nullptr;
  std::optional<GuestCpu> best;
  for (size_t i = map.models.size(); i-- > 0;) {
    const X86Model &cand = map.models[i];
    if (data_vendor >= 0 && cand.vendor >= 0 && data_vendor != cand.vendor) continue;
    if (!cand.decode_guest) continue;  // x86DecodeUseCandidate's first test
    // x86DataToCPU
    GuestCpu cpu;
    cpu.model = cand.name;
    Data copy = data, model_data = cand.data;
    vendor_of(map, copy);
    subtract(copy, model_data);
    subtract(model_data, data);
    take_features(map, copy, kRequire, cpu.features);
    take_features(map, model_data, kDisable, cpu.features);
    add_removed_features(cand, cpu);
    // the rest of x86DecodeUseCandidate
    bool preferred = std::find(names.begin(), names.end(), cand.name) != names.end();
    bool use = false, stop = false;
    if (preferred && names.size() == 1) {
      use = stop = true;
    } else if (!best) {
      use = true;
    } else if (signature && signatures_match(*chosen, signature) &&
               !signatures_match(cand, signature)) {
      use = false;
    } else if (signature && !signatures_match(*chosen, signature) &&
               signatures_match(cand, signature)) {
      use = true;
    } else {
      use = better_features(*best, cpu, preferred);
    }
    if (use) {
      best = std::move(cpu);
      chosen = &cand;
      if (stop) break;
    }
  }
  if (!best)
    return error(kCpu, VIR_ERR_INTERNAL_ERROR, "%s",
                 "Cannot find suitable CPU model for given data");
  if (data_vendor >= 0) best->vendor = map.vendors[data_vendor].name;
  if (names.size() == 1 && best->model == names[0]) best->forbid_fallback = true;
  if (!output_vendor) best->vendor.reset();
  return std::move(*best);
}

// virCPUx86ExpandFeatures for a guest CPU, then sorted by name.
Status x86_expand(GuestCpu &cpu) {
  const X86Map &map = x86_map();
  const X86Model *model = map.model(cpu.model);
  if (!model) return error(kCpu, VIR_ERR_INTERNAL_ERROR, "unknown CPU model %s", cpu.model.c_str());
  GuestCpu expanded;
  expanded.model = cpu.model;
  Data data = model->data;
  take_features(map, data, kRequire, expanded.features);
  for (const Feature &f : cpu.features) {
    if (f.policy != kRequire && f.policy != kDisable) continue;
    if (Feature *have = expanded.find(f.name))
      have->policy = f.policy;
    else
      expanded.features.push_back(f);
  }
  add_removed_features(*model, expanded);
  cpu.features = std::move(expanded.features);
  return Status();
}

// ---- ppc64 ----

Result<GuestCpu> ppc64_baseline(const std::vector<HostCpu> &cpus) {
  const Ppc64ModelRow *model = nullptr;
  for (const Ppc64ModelRow &m : kPpc64Models)
    if (cpus[0].model == m.name) model = &m;
  if (!model)
    return error(kCpu, VIR_ERR_INTERNAL_ERROR, "Unknown CPU model %s", cpus[0].model.c_str());
  int vendor = -1;
  for (const HostCpu &c : cpus) {
    if (c.model != model->name)
      return error(kCpu, VIR_ERR_OPERATION_FAILED, "%s", "CPUs are incompatible");
    if (!c.vendor) continue;
    int vnd = -1;
    for (size_t i = 0; i < std::size(kPpc64Vendors); i++)
      if (*c.vendor == kPpc64Vendors[i]) vnd = static_cast<int>(i);
    if (vnd < 0)
      return error(kCpu, VIR_ERR_OPERATION_FAILED, "Unknown CPU vendor %s", c.vendor->c_str());
    if (model->vendor >= 0) {
      if (model->vendor != vnd)
        return error(kCpu, VIR_ERR_OPERATION_FAILED,
                     "CPU vendor %s of model %s differs from vendor %s",
                     kPpc64Vendors[model->vendor], model->name, kPpc64Vendors[vnd]);
    } else if (vendor >= 0) {
      if (vendor != vnd)
        return error(kCpu, VIR_ERR_OPERATION_FAILED, "%s", "CPU vendors do not match");
    } else {
      vendor = vnd;
    }
  }
  GuestCpu cpu;
  cpu.model = model->name;
  if (vendor >= 0) cpu.vendor = kPpc64Vendors[vendor];
  cpu.forbid_fallback = true;
  return cpu;
}

std::string format(const GuestCpu &cpu) {
  xml::Buffer buf;
  buf.add("<cpu mode='custom' match='exact'>\n");
  buf.indent(2);
  buf.addf("<model fallback='%s'", cpu.forbid_fallback ? "forbid" : "allow");
  buf.escape(">%s</model>\n", cpu.model.c_str());
  buf.escape("<vendor>%s</vendor>\n", cpu.vendor);
  for (const Feature &f : cpu.features)
    buf.addf("<feature policy='%s' name='%s'/>\n", kPolicyNames[f.policy], f.name.c_str());
  buf.indent(-2);
  buf.add("</cpu>\n");
  return buf.take();
}

}  // namespace

Result<int> model_names(const char *archName, char ***models) {
  if (!known_arch(archName))
    return error(VIR_FROM_TEST, VIR_ERR_INVALID_ARG, "cannot find architecture %s", archName);
  Driver d = driver_of(archName);
  if (d == Driver::none)
    return error(kCpu, VIR_ERR_NO_SUPPORT, "'%s' architecture is not supported by CPU driver",
                 archName);
  std::vector<const char *> names;
  if (d == Driver::x86)
    for (const X86ModelRow &m : kX86Models) names.push_back(m.name);
  if (d == Driver::ppc64)
    for (const Ppc64ModelRow &m : kPpc64Models) names.push_back(m.name);
  if (!models) return static_cast<int>(names.size());
  *models = nullptr;
  // The ARM and s390 drivers list no models: any is accepted.
  if (d == Driver::arm || d == Driver::s390) return 0;
  auto *arr = static_cast<char **>(std::calloc(names.size() + 1, sizeof(char *)));
  if (!arr) return no_memory();
  for (size_t i = 0; i < names.size(); i++) {
    arr[i] = strdup(names[i]);
    if (!arr[i]) {
      for (size_t j = 0; j < i; j++) std::free(arr[j]);
      std::free(arr);
      return no_memory();
    }
  }
  *models = arr;
  return static_cast<int>(names.size());
}

Result<char *> baseline(const char **xml_cpus, unsigned ncpus, unsigned flags) {
  if (ncpus == 0) return error(kCpu, VIR_ERR_INVALID_ARG, "%s", "no CPUs given");
  std::vector<HostCpu> cpus;
  for (unsigned i = 0; i < ncpus; i++) {
    auto cpu = parse_host_cpu(xml_cpus[i]);
    VK_TRY(cpu);
    cpus.push_back(std::move(*cpu));
  }
  const std::string &arch = cpus[0].arch;
  std::optional<GuestCpu> result;
  switch (driver_of(arch)) {
    case Driver::x86: {
      auto r = x86_baseline(cpus);
      VK_TRY(r);
      result = std::move(*r);
      break;
    }
    case Driver::ppc64: {
      auto r = ppc64_baseline(cpus);
      VK_TRY(r);
      result = std::move(*r);
      break;
    }
    case Driver::arm:
      result = GuestCpu{cpus[0].model, std::nullopt, false, {}};
      break;
    case Driver::s390:
      return error(kCpu, VIR_ERR_NO_SUPPORT, "cannot compute baseline CPU of %s architecture",
                   arch.c_str());
    case Driver::none:
      return error(kCpu, VIR_ERR_NO_SUPPORT, "'%s' architecture is not supported by CPU driver",
                   arch.c_str());
  }
  if (flags & VIR_CONNECT_BASELINE_CPU_EXPAND_FEATURES) {
    if (driver_of(arch) == Driver::x86) VK_TRY(x86_expand(*result));
    std::sort(result->features.begin(), result->features.end(),
              [](const Feature &a, const Feature &b) { return a.name < b.name; });
  }
  char *out = strdup(format(*result).c_str());
  if (!out) return no_memory();
  return out;
}

}  // namespace virtkit::drivers::test::cpu
