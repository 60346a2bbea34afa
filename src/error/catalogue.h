// SPDX-License-Identifier: LGPL-2.1-or-later
// libvirt's error message templates and error-domain names.
#pragma once

namespace virtkit {

// The template for `code`: the one taking a "%s" detail when has_detail.
// NULL for VIR_ERR_OK and for codes libvirt does not know.
const char *error_template(int code, bool has_detail) noexcept;
// The name the default handler prints for an error domain, or NULL.
const char *error_domain_name(int domain) noexcept;

}  // namespace virtkit
