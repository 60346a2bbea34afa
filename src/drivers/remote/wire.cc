// SPDX-License-Identifier: LGPL-2.1-or-later
#include "drivers/remote/wire.h"

#include <cstring>

namespace virtkit::drivers::remote {

namespace {

template <class W>
void copy_uuid(W &w, const unsigned char *uuid) {
  std::memcpy(w.uuid.data(), uuid, VIR_UUID_BUFLEN);
}

void clear_params(virTypedParameterPtr params, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (params[i].type == VIR_TYPED_PARAM_STRING) std::free(params[i].value.s);
    std::memset(&params[i], 0, sizeof params[i]);
  }
}

// Fills `out[0..in.size())`; on failure clears what it filled.
Status fill_params(const std::vector<proto::typed_param> &in, virTypedParameterPtr out) {
  size_t i = 0;
  Status st;
  for (; i < in.size(); i++) {
    const auto &r = in[i];
    virTypedParameterPtr p = out + i;
    if (r.field.size() >= VIR_TYPED_PARAM_FIELD_LENGTH) {
      st = error(VIR_FROM_NONE, VIR_ERR_INTERNAL_ERROR, "parameter %s too big for destination",
                 r.field.c_str());
      break;
    }
    if (!param_view(r, *p)) {
      st = error(VIR_FROM_NONE, VIR_ERR_RPC, "unknown parameter type: %d", r.value.type);
      break;
    }
    if (p->type == VIR_TYPED_PARAM_STRING) {
      p->value.s = strdup(r.value.s.c_str());
      if (!p->value.s) st = no_memory();
    }
    if (!st.ok()) break;
  }
  if (!st.ok()) clear_params(out, i + 1);
  return st;
}

}  // namespace

bool param_view(const proto::typed_param &in, virTypedParameter &out) {
  if (in.field.size() >= VIR_TYPED_PARAM_FIELD_LENGTH) return false;
  std::memcpy(out.field, in.field.c_str(), in.field.size() + 1);
  out.type = in.value.type;
  switch (in.value.type) {
    case VIR_TYPED_PARAM_INT:
      out.value.i = in.value.i;
      return true;
    case VIR_TYPED_PARAM_UINT:
      out.value.ui = in.value.ui;
      return true;
    case VIR_TYPED_PARAM_LLONG:
      out.value.l = in.value.l;
      return true;
    case VIR_TYPED_PARAM_ULLONG:
      out.value.ul = in.value.ul;
      return true;
    case VIR_TYPED_PARAM_DOUBLE:
      out.value.d = in.value.d;
      return true;
    case VIR_TYPED_PARAM_BOOLEAN:
      out.value.b = static_cast<char>(in.value.b);
      return true;
    case VIR_TYPED_PARAM_STRING:
      out.value.s = const_cast<char *>(in.value.s.c_str());
      return true;
    default:
      return false;
  }
}

proto::nonnull_domain wire(virDomainPtr d) {
  proto::nonnull_domain w;
  w.name = d->name;
  copy_uuid(w, d->uuid);
  w.id = d->id.load(std::memory_order_relaxed);
  return w;
}
proto::nonnull_network wire(virNetworkPtr n) {
  proto::nonnull_network w;
  w.name = n->name;
  copy_uuid(w, n->uuid);
  return w;
}
proto::nonnull_network_port wire(virNetworkPortPtr p) {
  proto::nonnull_network_port w;
  w.net = wire(p->net);
  copy_uuid(w, p->uuid);
  return w;
}
proto::nonnull_storage_pool wire(virStoragePoolPtr p) {
  proto::nonnull_storage_pool w;
  w.name = p->name;
  copy_uuid(w, p->uuid);
  return w;
}
proto::nonnull_storage_vol wire(virStorageVolPtr v) {
  return {v->pool, v->name, v->key};
}
proto::nonnull_node_device wire(virNodeDevicePtr d) {
  return {d->name};
}
proto::nonnull_interface wire(virInterfacePtr i) {
  return {i->name, i->mac};
}
proto::nonnull_secret wire(virSecretPtr s) {
  proto::nonnull_secret w;
  copy_uuid(w, s->uuid);
  w.usageType = s->usage_type;
  w.usageID = s->usage_id;
  return w;
}
proto::nonnull_nwfilter wire(virNWFilterPtr f) {
  proto::nonnull_nwfilter w;
  w.name = f->name;
  copy_uuid(w, f->uuid);
  return w;
}
proto::nonnull_nwfilter_binding wire(virNWFilterBindingPtr b) {
  return {b->portdev, b->filtername};
}
proto::nonnull_domain_snapshot wire(virDomainSnapshotPtr s) {
  return {s->name, wire(s->domain)};
}
proto::nonnull_domain_checkpoint wire(virDomainCheckpointPtr c) {
  return {c->name, wire(c->domain)};
}

virDomainPtr handle(virConnectPtr conn, const proto::nonnull_domain &w) {
  return handles::new_domain(conn, w.name, w.uuid.data(), w.id);
}
virNetworkPtr handle(virConnectPtr conn, const proto::nonnull_network &w) {
  return handles::make<_virNetwork>(conn, [&](_virNetwork &h) {
    h.name = w.name;
    std::memcpy(h.uuid, w.uuid.data(), VIR_UUID_BUFLEN);
  });
}
virNetworkPortPtr handle(virNetworkPtr net, const proto::nonnull_network_port &w) {
  return handles::make<_virNetworkPort>(
      net, [&](_virNetworkPort &h) { std::memcpy(h.uuid, w.uuid.data(), VIR_UUID_BUFLEN); });
}
virStoragePoolPtr handle(virConnectPtr conn, const proto::nonnull_storage_pool &w) {
  return handles::make<_virStoragePool>(conn, [&](_virStoragePool &h) {
    h.name = w.name;
    std::memcpy(h.uuid, w.uuid.data(), VIR_UUID_BUFLEN);
  });
}
virStorageVolPtr handle(virConnectPtr conn, const proto::nonnull_storage_vol &w) {
  return handles::make<_virStorageVol>(conn, [&](_virStorageVol &h) {
    h.pool = w.pool;
    h.name = w.name;
    h.key = w.key;
  });
}
virNodeDevicePtr handle(virConnectPtr conn, const proto::nonnull_node_device &w) {
  return handles::make<_virNodeDevice>(conn, [&](_virNodeDevice &h) { h.name = w.name; });
}
virInterfacePtr handle(virConnectPtr conn, const proto::nonnull_interface &w) {
  return handles::make<_virInterface>(conn, [&](_virInterface &h) {
    h.name = w.name;
    h.mac = w.mac;
  });
}
virSecretPtr handle(virConnectPtr conn, const proto::nonnull_secret &w) {
  return handles::make<_virSecret>(conn, [&](_virSecret &h) {
    std::memcpy(h.uuid, w.uuid.data(), VIR_UUID_BUFLEN);
    h.usage_type = w.usageType;
    h.usage_id = w.usageID;
  });
}
virNWFilterPtr handle(virConnectPtr conn, const proto::nonnull_nwfilter &w) {
  return handles::make<_virNWFilter>(conn, [&](_virNWFilter &h) {
    h.name = w.name;
    std::memcpy(h.uuid, w.uuid.data(), VIR_UUID_BUFLEN);
  });
}
virNWFilterBindingPtr handle(virConnectPtr conn, const proto::nonnull_nwfilter_binding &w) {
  return handles::make<_virNWFilterBinding>(conn, [&](_virNWFilterBinding &h) {
    h.portdev = w.portdev;
    h.filtername = w.filtername;
  });
}
virDomainSnapshotPtr handle(virDomainPtr dom, const proto::nonnull_domain_snapshot &w) {
  return handles::make<_virDomainSnapshot>(dom, [&](_virDomainSnapshot &h) { h.name = w.name; });
}
virDomainCheckpointPtr handle(virDomainPtr dom, const proto::nonnull_domain_checkpoint &w) {
  return handles::make<_virDomainCheckpoint>(dom,
                                             [&](_virDomainCheckpoint &h) { h.name = w.name; });
}

Status encode_error() {
  return error(VIR_FROM_RPC, VIR_ERR_RPC, "%s", "Unable to encode message payload");
}

Status too_many(const char *kind, int n, int max, const char *param, const char *api) {
  return error(kFrom, VIR_ERR_RPC, "too many remote %ss: %d > %d,in parameter '%s' for '%s'", kind,
               n, max, param, api);
}

char *dup(const std::string &s) {
  char *p = strdup(s.c_str());
  if (!p) throw std::bad_alloc();
  return p;
}

Result<int> copy_names(const std::vector<std::string> &src, char **names) {
  size_t i = 0;
  try {
    for (; i < src.size(); i++) names[i] = dup(src[i]);
  } catch (...) {
    while (i) {
      --i;
      std::free(names[i]);
      names[i] = nullptr;
    }
    throw;
  }
  return static_cast<int>(src.size());
}

char **string_list(const std::vector<std::string> &src) {
  auto *arr = static_cast<char **>(std::calloc(src.size() + 1, sizeof(char *)));
  if (!arr) throw std::bad_alloc();
  try {
    (void)copy_names(src, arr);
  } catch (...) {
    std::free(arr);
    throw;
  }
  return arr;
}

Status copy_security_chars(const std::vector<int32_t> &in, char *out, size_t cap,
                           const char *what) {
  if (in.empty()) return Status();
  size_t len = 0;
  while (len < in.size() && in[len] != 0) len++;
  if (len >= cap)
    return error(kFrom, VIR_ERR_RPC, "security %s exceeds maximum: %zu", what, cap - 1);
  for (size_t i = 0; i < len; i++) out[i] = static_cast<char>(in[i]);
  out[len] = '\0';
  return Status();
}

Status params_to_wire(const virTypedParameter *params, int nparams, int limit,
                      std::vector<proto::typed_param> &out) {
  if (nparams > limit)
    return error(VIR_FROM_NONE, VIR_ERR_RPC, "too many parameters '%d' for limit '%d'", nparams,
                 limit);
  out.clear();
  out.reserve(static_cast<size_t>(nparams > 0 ? nparams : 0));
  for (int i = 0; i < nparams; i++) {
    const virTypedParameter &p = params[i];
    if (!p.type) continue;  // sparse arrays
    proto::typed_param w;
    w.field.assign(p.field, strnlen(p.field, VIR_TYPED_PARAM_FIELD_LENGTH));
    w.value.type = p.type;
    switch (p.type) {
      case VIR_TYPED_PARAM_INT:
        w.value.i = p.value.i;
        break;
      case VIR_TYPED_PARAM_UINT:
        w.value.ui = p.value.ui;
        break;
      case VIR_TYPED_PARAM_LLONG:
        w.value.l = p.value.l;
        break;
      case VIR_TYPED_PARAM_ULLONG:
        w.value.ul = p.value.ul;
        break;
      case VIR_TYPED_PARAM_DOUBLE:
        w.value.d = p.value.d;
        break;
      case VIR_TYPED_PARAM_BOOLEAN:
        w.value.b = p.value.b;
        break;
      case VIR_TYPED_PARAM_STRING:
        if (!p.value.s) return encode_error();
        w.value.s = p.value.s;
        break;
      default:
        return error(VIR_FROM_NONE, VIR_ERR_RPC, "unknown parameter type: %d", p.type);
    }
    out.push_back(std::move(w));
  }
  return Status();
}

Status params_from_wire(const std::vector<proto::typed_param> &in, int limit,
                        virTypedParameterPtr params, int *nparams) {
  const auto n = static_cast<unsigned>(in.size());
  if (limit && n > static_cast<unsigned>(limit))
    return error(VIR_FROM_NONE, VIR_ERR_RPC, "too many parameters '%u' for limit '%d'", n, limit);
  if (static_cast<long long>(n) > *nparams)
    return error(VIR_FROM_NONE, VIR_ERR_RPC, "too many parameters '%u' for nparams '%d'", n,
                 *nparams);
  VK_TRY(fill_params(in, params));
  *nparams = static_cast<int>(n);
  return Status();
}

Status params_from_wire_alloc(const std::vector<proto::typed_param> &in, int limit,
                              virTypedParameterPtr *params, int *nparams) {
  const auto n = static_cast<unsigned>(in.size());
  if (limit && n > static_cast<unsigned>(limit))
    return error(VIR_FROM_NONE, VIR_ERR_RPC, "too many parameters '%u' for limit '%d'", n, limit);
  auto *arr = static_cast<virTypedParameterPtr>(std::calloc(n ? n : 1, sizeof(virTypedParameter)));
  if (!arr) return no_memory();
  Status st = fill_params(in, arr);
  if (!st.ok()) {
    std::free(arr);
    return st;
  }
  *params = arr;
  *nparams = static_cast<int>(n);
  return Status();
}

Status params_from_wire_alloc(const std::vector<proto::typed_param> &in, int limit,
                              virTypedParameterPtr *params, unsigned int *nparams) {
  int n = 0;
  VK_TRY(params_from_wire_alloc(in, limit, params, &n));
  *nparams = static_cast<unsigned>(n);
  return Status();
}

}  // namespace virtkit::drivers::remote
