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
    # Debug levels: the parser's and the lookups' messages on stdout.
    for level in ("0", "1", "2", "4", "5", "-1"):
        yield (["-d", level, "-c", DEF, "list --all; domid test; dominfo nosuch"], None, {})
    yield (["-d", "0", "-c", DEF, "domstate", "test", "--reason"], None, {})
    yield (["-c", DEF, "uri"], None, {"VIRSH_DEBUG": "1"})
    yield (["-c", DEF, "uri"], None, {"VIRSH_DEBUG": "x"})
    yield (["-d", "4", "-c", DEF, "uri"], None, {"VIRSH_DEBUG": "x"})
    yield (["-c", DEF], "domid test\n", {"VIRSH_DEBUG": "0"})
    yield (["-l", "/nonexistent/dir/x.log", "uri"], None, {})
    yield (["-c", DEF, "uri"], None, {"VIRSH_LOG_FILE": "/nonexistent/dir/x.log"})
    yield (["-c", DEF, "dominfo", "+1"], None, {})
    yield (["-c", DEF, "domuuid", "1"], None, {})
    yield (["-c", DEF, "domid", "1"], None, {})
    yield (["-c", DEF, "domname", "test"], None, {})
