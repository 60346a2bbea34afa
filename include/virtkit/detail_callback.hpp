// SPDX-License-Identifier: LGPL-2.1-or-later
/// @file
/// Internals for C callbacks that call C++ callables; not part of the API.
#pragma once

#include <exception>

/// @cond VIRTKIT_DETAIL
#if defined(__GLIBCXX__)
#include <cxxabi.h>
// A catch-all handler for a C callback's trampoline: a thread's forced unwind
// (pthread_exit, pthread_cancel) passes through, as src/core/unwind.h's
// VK_CATCH_ALL does for the library.
#define VIRTKIT_DETAIL_CATCH_ALL   \
  catch (abi::__forced_unwind &) { \
    throw;                         \
  }                                \
  catch (...)
#else
#define VIRTKIT_DETAIL_CATCH_ALL catch (...)
#endif

namespace virtkit::detail {

// Runs a C++ callable for a C callback: what it throws is kept in `error` and
// the callback fails with `failed`; the caller rethrows once the C call returns.
template <class R, class F>
R guarded(std::exception_ptr &error, R failed, F &&f) {
  if (error) return failed;  // an earlier call threw: fail again
  try {
    return f();
  }
  VIRTKIT_DETAIL_CATCH_ALL {
    error = std::current_exception();
  }
  return failed;
}

// Rethrows what a callable threw during a C call.
inline void rethrow_if(const std::exception_ptr &error) {
  if (error) std::rethrow_exception(error);
}

}  // namespace virtkit::detail
/// @endcond
