// SPDX-License-Identifier: LGPL-2.1-or-later
// The coverage callback of -fsanitize-coverage=trace-pc, as a no-op for every
// program but the fuzzing drivers (whose strong definition wins). Compiled
// without coverage, or it would call itself.
extern "C" __attribute__((weak)) void __sanitizer_cov_trace_pc() {}
