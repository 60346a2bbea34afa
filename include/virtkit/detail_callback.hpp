// SPDX-License-Identifier: LGPL-2.1-or-later
/// @file
/// Internals for C callbacks that call C++ callables; not part of the API.
#pragma once

#include <cxxabi.h>

#include <exception>
#include <utility>

/// @cond VIRTKIT_DETAIL
namespace virtkit::detail {

// Runs a C++ callable for a C callback: what it throws is kept in `error` and
// the callback fails with `failed`; the caller rethrows once the C call returns.
// A thread's forced unwind (pthread_exit, pthread_cancel) passes through.
template <class R, class F>
R guarded(std::exception_ptr &error, R failed, F &&f) {
  if (error) return failed;  // an earlier call threw: fail again
  try {
    return f();
  } catch (abi::__forced_unwind &) {
    throw;
  } catch (...) {
    error = std::current_exception();
  }
  return failed;
}

// Runs a C++ callable for a C callback that cannot report failure (events,
// loop watches and timers, error handlers): what it throws is dropped, as
// nothing can carry it back; a thread's forced unwind passes through.
template <class F, class... A>
void run_callback(F &f, A &&...a) {
  try {
    f(std::forward<A>(a)...);
  } catch (abi::__forced_unwind &) {
    throw;
  } catch (...) {
    // dropped: see above
  }
}

// The free function of a callable given to the C library as its opaque data.
template <class Fn>
void delete_callback(void *p) {
  delete static_cast<Fn *>(p);
}

// Rethrows what a callable threw during a C call.
inline void rethrow_if(const std::exception_ptr &error) {
  if (error) std::rethrow_exception(error);
}

}  // namespace virtkit::detail
/// @endcond
