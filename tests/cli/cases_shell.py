# SPDX-License-Identifier: LGPL-2.1-or-later
"""The shell's environment: default URIs and the history size."""

DEF = "test:///default"


def cases(fixtures, tmp):
    for size in ("x", "-1", "500001", "10", ""):
        yield (["-c", DEF], "uri\n", {"VIRSH_HISTSIZE": size})
    yield (["uri"], None, {"VIRSH_DEFAULT_CONNECT_URI": DEF})
    yield (["uri"], None, {"LIBVIRT_DEFAULT_URI": DEF})
    yield (["uri"], None, {"VIRSH_DEFAULT_CONNECT_URI": DEF, "LIBVIRT_DEFAULT_URI": "test:///x"})
    yield (["-c", DEF, "uri"], None, {"VIRSH_DEFAULT_CONNECT_URI": "test:///nosuch.xml"})
    yield (["uri"], None, {"VIRSH_DEFAULT_CONNECT_URI": "test:///nosuch.xml"})
    yield (["help", "uri"], None, {"VIRSH_DEFAULT_CONNECT_URI": "test:///nosuch.xml"})
    yield ([], "connect test:///default\nuri\n", {})
    yield (["-c", DEF, "-k", "0", "uri"], None, {})
    yield (["-c", DEF, "-k", "5", "-K", "3", "uri"], None, {})
    # console needs a terminal: without one, virsh's refusal.
    yield (["-c", DEF, "console", "test"], None, {})
    yield (["-c", DEF, "console", "nosuch"], None, {})
    yield (["-c", DEF, "destroy test; console test"], None, {})
    yield (["-c", DEF, "console", "test", "--devname", ""], None, {})
