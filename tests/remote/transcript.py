# SPDX-License-Identifier: LGPL-2.1-or-later
"""What the scenarios (scenario*.py) share: the transcript lines and show(),
which records a call's result or its error with every field."""
import os
import signal
import time

import libvirt

out = []


def show(label, fn):
    try:
        r = fn()
        out.append('%-28s ok %r' % (label, r))
    except libvirt.libvirtError as e:
        out.append('%-28s err code=%s dom=%s lvl=%s msg=%r s1=%r s2=%r s3=%r i1=%s i2=%s' % (
            label, e.get_error_code(), e.get_error_domain(), e.get_error_level(),
            e.get_error_message(), e.get_str1(), e.get_str2(), e.get_str3(),
            e.get_int1(), e.get_int2()))


def ended_mid_session(c, end):
    """With `c` open, runs `end()` (which ends its transport) after a call,
    and reports the close callback's reasons, two calls after, and the
    reasons after closing `c`."""
    closed = []
    c.registerCloseCallback(lambda conn, reason, opaque: closed.append(reason), None)
    c.getHostname()
    end()
    deadline = time.time() + 10
    while not closed and time.time() < deadline:
        time.sleep(0.01)
    results = [list(closed)]
    for _ in range(2):
        try:
            c.getHostname()
            results.append('ok')
        except libvirt.libvirtError as e:
            results.append((e.get_error_code(), e.get_error_domain(), e.get_error_message()))
    c.close()
    time.sleep(0.1)
    results.append(closed)
    return results


def killed_mid_session(uri, victims):
    """Opens `uri`, kills the processes `victims()` names (the transport),
    and reports whether there were any, then as ended_mid_session."""
    pids = []

    def kill():
        pids.extend(victims())
        for pid in pids:
            os.kill(pid, signal.SIGKILL)
    results = ended_mid_session(libvirt.open(uri), kill)
    return [len(pids) > 0] + results
