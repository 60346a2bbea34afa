// SPDX-License-Identifier: LGPL-2.1-or-later
// The public typed-parameter helpers (virTypedParamsGet*, virTypedParamsAdd*,
// virTypedParamsClear/Free). Arrays and strings are malloc'd: the caller
// frees them with free() or virTypedParamsFree.
//
// Which of these reset the thread's error follows libvirt 9.0.0: the typed
// getters and the Add* functions do (they go through the guard);
// virTypedParamsGet, virTypedParamsAddStringList, virTypedParamsClear and
// virTypedParamsFree do not, so they are plain functions.
#include <climits>
#include <cstdlib>
#include <cstring>
#include <new>
#include <strings.h>

#include "api/guard.h"
#include "util/numbers.h"

using namespace virtkit;
using namespace virtkit::api;

namespace {

using Value = decltype(virTypedParameter::value);

const char *type_name(int type) {
  static const char *const names[] = {"unknown", "int",    "uint",    "llong",
                                      "ullong",  "double", "boolean", "string"};
  if (type < 0 || type >= static_cast<int>(sizeof names / sizeof names[0])) return "(null)";
  return names[type];
}

// How a name appears in messages (printf's rendering of a NULL string).
const char *shown(const char *name) {
  return name ? name : "(null)";
}

// ---- Reading ----

virTypedParameterPtr find(virTypedParameterPtr params, int nparams, const char *name) {
  if (!params || !name) return nullptr;
  for (int i = 0; i < nparams; i++)
    if (std::strcmp(params[i].field, name) == 0) return params + i;
  return nullptr;
}

// The common part of the typed getters: 1 and the parameter when found with
// the requested type, 0 when absent, an error when its type differs.
template <Api A, class T, class Read>
int typed_get(virTypedParameterPtr params, int nparams, const char *name, T *value, int type,
              Read read) {
  return entry<A>([&](const Call &c) -> Result<int> {
    if (params && name) VK_TRY(c.nonnegative(nparams, "nparams"));
    virTypedParameterPtr p = find(params, nparams, name);
    if (!p) return 0;
    if (p->type != type)
      return error(c.api.from, VIR_ERR_INVALID_ARG,
                   "Invalid type '%s' requested for parameter '%s', actual type is '%s'",
                   type_name(type), name, type_name(p->type));
    if (value) *value = read(*p);
    return 1;
  });
}

// ---- Adding ----

// Makes room for one more parameter at index *nparams, growing the array the
// way libvirt's VIR_RESIZE_N does (by at least half the current allocation,
// zero-filling the new part). *maxparams keeps the new size even when the
// caller's add then fails. Returns the slot.
Result<virTypedParameterPtr> make_room(const Call &c, virTypedParameterPtr *params, int *nparams,
                                       int *maxparams) {
  VK_TRY(c.nonnull(params, "params"));
  VK_TRY(c.nonnull(nparams, "nparams"));
  VK_TRY(c.nonnull(maxparams, "maxparams"));
  VK_TRY(c.nonnegative(*nparams, "nparams"));
  VK_TRY(c.nonnegative(*maxparams, "maxparams"));
  VK_TRY(c.array(*params, *maxparams, "params"));
  size_t n = static_cast<size_t>(*nparams);
  size_t max = static_cast<size_t>(*maxparams);
  if (n + 1 > static_cast<size_t>(INT_MAX)) throw std::bad_alloc();
  if (n + 1 > max) {
    size_t delta = n + 1 - max;
    if (delta < max / 2) delta = max / 2;
    size_t grown = max + delta;
    if (grown > static_cast<size_t>(INT_MAX)) grown = INT_MAX;
    void *p = std::realloc(*params, grown * sizeof(virTypedParameter));
    if (!p) throw std::bad_alloc();
    *params = static_cast<virTypedParameterPtr>(p);
    std::memset(*params + max, 0, (grown - max) * sizeof(virTypedParameter));
    *maxparams = static_cast<int>(grown);
  }
  return *params + n;
}

// Names the parameter. libvirt copies a NULL name as nothing (an empty
// field in a fresh slot); we make that an empty field always.
Status set_field(const Call &c, virTypedParameterPtr slot, const char *name) {
  if (!name) {
    slot->field[0] = '\0';
    return Status();
  }
  size_t len = std::strlen(name);
  if (len >= VIR_TYPED_PARAM_FIELD_LENGTH)
    return error(c.api.from, VIR_ERR_INTERNAL_ERROR, "Field name '%s' too long", name);
  std::memcpy(slot->field, name, len + 1);
  return Status();
}

char *copy_string(const char *s) {
  char *copy = strdup(s ? s : "");
  if (!copy) throw std::bad_alloc();
  return copy;
}

// Adds a parameter whose value `fill` stores into the slot.
template <Api A, class Fill>
int typed_add(virTypedParameterPtr *params, int *nparams, int *maxparams, const char *name,
              int type, Fill fill) {
  return entry<A>([&](const Call &c) -> Result<int> {
    auto slot = make_room(c, params, nparams, maxparams);
    VK_TRY(slot);
    VK_TRY(set_field(c, *slot, name));
    (*slot)->type = type;
    fill((*slot)->value);
    *nparams += 1;
    return 0;
  });
}

Status invalid_value(const Call &c, const char *name, const char *expected) {
  return error(c.api.from, VIR_ERR_INVALID_ARG, "Invalid value for field '%s': expected %s",
               shown(name), expected);
}

// Fills `slot` (name, type and value) from the text `val`.
Status assign_from_string(const Call &c, virTypedParameterPtr slot, const char *name, int type,
                          const char *val) {
  if (!val) return error(c.api.from, VIR_ERR_INVALID_ARG, "NULL value for field '%s'", shown(name));
  VK_TRY(set_field(c, slot, name));
  slot->type = type;
  switch (type) {
    case VIR_TYPED_PARAM_INT:
      if (!util::str_to_i(val, 10, slot->value.i)) return invalid_value(c, name, "int");
      break;
    case VIR_TYPED_PARAM_UINT:
      if (!util::str_to_ui(val, 10, slot->value.ui)) return invalid_value(c, name, "unsigned int");
      break;
    case VIR_TYPED_PARAM_LLONG:
      if (!util::str_to_ll(val, 10, slot->value.l)) return invalid_value(c, name, "long long");
      break;
    case VIR_TYPED_PARAM_ULLONG:
      if (!util::str_to_ull(val, 10, slot->value.ul))
        return invalid_value(c, name, "unsigned long long");
      break;
    case VIR_TYPED_PARAM_DOUBLE:
      if (!util::str_to_double(val, slot->value.d)) return invalid_value(c, name, "double");
      break;
    case VIR_TYPED_PARAM_BOOLEAN:
      if (strcasecmp(val, "true") == 0 || std::strcmp(val, "1") == 0) {
        slot->value.b = 1;
      } else if (strcasecmp(val, "false") == 0 || std::strcmp(val, "0") == 0) {
        slot->value.b = 0;
      } else {
        return error(c.api.from, VIR_ERR_INVALID_ARG, "Invalid boolean value for field '%s'",
                     shown(name));
      }
      break;
    case VIR_TYPED_PARAM_STRING:
      slot->value.s = copy_string(val);
      break;
    default:
      return error(c.api.from, VIR_ERR_INTERNAL_ERROR, "unexpected type %d for field %s", type,
                   shown(name));
  }
  return Status();
}

}  // namespace

// ---- Public API ----

virTypedParameterPtr virTypedParamsGet(virTypedParameterPtr params, int nparams, const char *name) {
  return find(params, nparams, name);  // reports nothing, resets nothing
}

int virTypedParamsGetInt(virTypedParameterPtr params, int nparams, const char *name, int *value) {
  return typed_get<Api::virTypedParamsGetInt>(params, nparams, name, value, VIR_TYPED_PARAM_INT,
                                              [](const virTypedParameter &p) { return p.value.i; });
}

int virTypedParamsGetUInt(virTypedParameterPtr params, int nparams, const char *name,
                          unsigned int *value) {
  return typed_get<Api::virTypedParamsGetUInt>(
      params, nparams, name, value, VIR_TYPED_PARAM_UINT,
      [](const virTypedParameter &p) { return p.value.ui; });
}

int virTypedParamsGetLLong(virTypedParameterPtr params, int nparams, const char *name,
                           long long *value) {
  return typed_get<Api::virTypedParamsGetLLong>(
      params, nparams, name, value, VIR_TYPED_PARAM_LLONG,
      [](const virTypedParameter &p) { return p.value.l; });
}

int virTypedParamsGetULLong(virTypedParameterPtr params, int nparams, const char *name,
                            unsigned long long *value) {
  return typed_get<Api::virTypedParamsGetULLong>(
      params, nparams, name, value, VIR_TYPED_PARAM_ULLONG,
      [](const virTypedParameter &p) { return p.value.ul; });
}

int virTypedParamsGetDouble(virTypedParameterPtr params, int nparams, const char *name,
                            double *value) {
  return typed_get<Api::virTypedParamsGetDouble>(
      params, nparams, name, value, VIR_TYPED_PARAM_DOUBLE,
      [](const virTypedParameter &p) { return p.value.d; });
}

int virTypedParamsGetBoolean(virTypedParameterPtr params, int nparams, const char *name,
                             int *value) {
  return typed_get<Api::virTypedParamsGetBoolean>(
      params, nparams, name, value, VIR_TYPED_PARAM_BOOLEAN,
      [](const virTypedParameter &p) { return p.value.b ? 1 : 0; });
}

int virTypedParamsGetString(virTypedParameterPtr params, int nparams, const char *name,
                            const char **value) {
  return typed_get<Api::virTypedParamsGetString>(
      params, nparams, name, value, VIR_TYPED_PARAM_STRING,
      [](const virTypedParameter &p) { return static_cast<const char *>(p.value.s); });
}

int virTypedParamsAddInt(virTypedParameterPtr *params, int *nparams, int *maxparams,
                         const char *name, int value) {
  return typed_add<Api::virTypedParamsAddInt>(params, nparams, maxparams, name, VIR_TYPED_PARAM_INT,
                                              [&](Value &v) { v.i = value; });
}

int virTypedParamsAddUInt(virTypedParameterPtr *params, int *nparams, int *maxparams,
                          const char *name, unsigned int value) {
  return typed_add<Api::virTypedParamsAddUInt>(
      params, nparams, maxparams, name, VIR_TYPED_PARAM_UINT, [&](Value &v) { v.ui = value; });
}

int virTypedParamsAddLLong(virTypedParameterPtr *params, int *nparams, int *maxparams,
                           const char *name, long long value) {
  return typed_add<Api::virTypedParamsAddLLong>(
      params, nparams, maxparams, name, VIR_TYPED_PARAM_LLONG, [&](Value &v) { v.l = value; });
}

int virTypedParamsAddULLong(virTypedParameterPtr *params, int *nparams, int *maxparams,
                            const char *name, unsigned long long value) {
  return typed_add<Api::virTypedParamsAddULLong>(
      params, nparams, maxparams, name, VIR_TYPED_PARAM_ULLONG, [&](Value &v) { v.ul = value; });
}

int virTypedParamsAddDouble(virTypedParameterPtr *params, int *nparams, int *maxparams,
                            const char *name, double value) {
  return typed_add<Api::virTypedParamsAddDouble>(
      params, nparams, maxparams, name, VIR_TYPED_PARAM_DOUBLE, [&](Value &v) { v.d = value; });
}

int virTypedParamsAddBoolean(virTypedParameterPtr *params, int *nparams, int *maxparams,
                             const char *name, int value) {
  return typed_add<Api::virTypedParamsAddBoolean>(params, nparams, maxparams, name,
                                                  VIR_TYPED_PARAM_BOOLEAN,
                                                  [&](Value &v) { v.b = value ? 1 : 0; });
}

// A NULL value adds an empty string.
int virTypedParamsAddString(virTypedParameterPtr *params, int *nparams, int *maxparams,
                            const char *name, const char *value) {
  return typed_add<Api::virTypedParamsAddString>(params, nparams, maxparams, name,
                                                 VIR_TYPED_PARAM_STRING,
                                                 [&](Value &v) { v.s = copy_string(value); });
}

// Not an entry of its own in libvirt: it neither resets the error nor
// dispatches one, each virTypedParamsAddString does. As in libvirt, NULL
// `values` adds nothing and returns 0, while an empty list returns -1
// without an error of its own.
int virTypedParamsAddStringList(virTypedParameterPtr *params, int *nparams, int *maxparams,
                                const char *name, const char **values) {
  if (!values) return 0;
  int rv = -1;
  for (size_t i = 0; values[i]; i++) {
    rv = virTypedParamsAddString(params, nparams, maxparams, name, values[i]);
    if (rv < 0) break;
  }
  return rv;
}

int virTypedParamsAddFromString(virTypedParameterPtr *params, int *nparams, int *maxparams,
                                const char *name, int type, const char *value) {
  return entry<Api::virTypedParamsAddFromString>([&](const Call &c) -> Result<int> {
    auto slot = make_room(c, params, nparams, maxparams);
    VK_TRY(slot);
    VK_TRY(assign_from_string(c, *slot, name, type, value));
    *nparams += 1;
    return 0;
  });
}

void virTypedParamsClear(virTypedParameterPtr params, int nparams) {
  if (!params) return;
  for (int i = 0; i < nparams; i++) {
    if (params[i].type == VIR_TYPED_PARAM_STRING) {
      std::free(params[i].value.s);
      params[i].value.s = nullptr;
    }
  }
}

void virTypedParamsFree(virTypedParameterPtr params, int nparams) {
  virTypedParamsClear(params, nparams);
  std::free(params);
}
