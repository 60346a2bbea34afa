// SPDX-License-Identifier: LGPL-2.1-or-later
#include "error/catalogue.h"

#include <libvirt/virterror.h>

namespace virtkit {
namespace {

struct Templates {
  const char *plain;
  const char *detail;
};

constexpr Templates kTemplates[] = {
#define VK_ERROR_MSG(code, plain, detail) {plain, detail},
#define VK_ERROR_DOMAIN(index, name)
#include "error/catalogue.def"
#undef VK_ERROR_MSG
#undef VK_ERROR_DOMAIN
};

constexpr const char *kDomainNames[] = {
#define VK_ERROR_MSG(code, plain, detail)
#define VK_ERROR_DOMAIN(index, name) name,
#include "error/catalogue.def"
#undef VK_ERROR_MSG
#undef VK_ERROR_DOMAIN
};

// The table must be in code order, one row per code.
constexpr bool in_code_order() {
  int i = 0;
#define VK_ERROR_MSG(code, plain, detail) \
  if (code != i++) return false;
#define VK_ERROR_DOMAIN(index, name)
#include "error/catalogue.def"
#undef VK_ERROR_MSG
#undef VK_ERROR_DOMAIN
  return true;
}
static_assert(in_code_order());
static_assert(sizeof kTemplates / sizeof kTemplates[0] == VIR_ERR_MULTIPLE_DOMAINS + 1);
static_assert(sizeof kDomainNames / sizeof kDomainNames[0] == VIR_FROM_CH + 1);

}  // namespace

const char *error_template(int code, bool has_detail) noexcept {
  if (code < 0 || code >= static_cast<int>(sizeof kTemplates / sizeof kTemplates[0]))
    return nullptr;
  return has_detail ? kTemplates[code].detail : kTemplates[code].plain;
}

const char *error_domain_name(int domain) noexcept {
  if (domain < 0 || domain >= static_cast<int>(sizeof kDomainNames / sizeof kDomainNames[0]))
    return nullptr;
  return kDomainNames[domain];
}

}  // namespace virtkit
