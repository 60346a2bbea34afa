# SPDX-License-Identifier: LGPL-2.1-or-later
"""virsh's network commands (net-*), on the test driver's default network and
networks defined from files."""
import os
from caselib import write

DEF = "test:///default"
UUID = "dd8fe884-6c02-601e-7551-cca97df1c5df"  # the default network's
LONG = "abcdefghijklmnopqrstuvwxyz0123456789"  # a name as long as a UUID



def cases(fixtures, tmp):
    c = ["-c", DEF]
    r = ["-r", "-c", DEF]
    q = ["-q", "-c", DEF]
    net2 = write(tmp, "net2.xml",
                 "<network>\n  <name>net2</name>\n"
                 "  <uuid>11111111-2222-3333-4444-555555555555</uuid>\n"
                 "  <bridge name='virbr7'/>\n"
                 "  <ip address='10.1.0.1' netmask='255.255.255.0'>\n"
                 "    <dhcp><range start='10.1.0.2' end='10.1.0.9'/></dhcp>\n"
                 "  </ip>\n</network>\n")
    nobr = write(tmp, "nobr.xml", "<network><name>nobr</name>"
                 "<uuid>33333333-2222-3333-4444-555555555555</uuid></network>\n")
    longname = write(tmp, "long.xml", "<network><name>%s</name>"
                     "<uuid>22222222-2222-3333-4444-555555555555</uuid></network>\n" % LONG)
    upper = write(tmp, "upper.xml", "<network><name>Alpha</name>"
                  "<uuid>44444444-2222-3333-4444-555555555555</uuid></network>\n")
    badxml = write(tmp, "bad.xml", "<network><name>bad</name>\n")
    noname = write(tmp, "noname.xml", "<network><bridge name='x'/></network>\n")
    notnet = write(tmp, "host.xml",
                   "<host mac='00:16:3e:77:e2:ed' name='foo.example.com' ip='192.168.122.10'/>\n")
    dup = write(tmp, "dup.xml", "<network><name>default</name>"
                "<uuid>55555555-2222-3333-4444-555555555555</uuid></network>\n")
    port = write(tmp, "port.xml",
                 "<networkport><owner><name>test</name>"
                 "<uuid>6695eb01-f6a4-8304-79aa-97f2502e193f</uuid></owner>"
                 "<mac address='52:54:00:7b:35:93'/></networkport>\n")
    empty = write(tmp, "empty.xml", "")
    missing = os.path.join(tmp, "missing.xml")
    host = ("<host mac='00:16:3e:77:e2:ed' name='foo.example.com' ip='192.168.122.10'/>")
    yield from [
        # net-list
        c + ["net-list"], c + ["net-list", "--all"], c + ["net-list", "--inactive"],
        c + ["net-list", "--name"], c + ["net-list", "--uuid"], c + ["net-list", "--table"],
        c + ["net-list", "--name", "--uuid"], c + ["net-list", "--table", "--name"],
        c + ["net-list", "--table", "--uuid"], c + ["net-list", "--persistent"],
        c + ["net-list", "--transient"], c + ["net-list", "--autostart"],
        c + ["net-list", "--no-autostart"], c + ["net-list", "--persistent", "--transient"],
        c + ["net-list", "--autostart", "--no-autostart", "--all"],
        c + ["net-list", "--inactive", "--all"], c + ["net-list", "--bogus"],
        c + ["net-list", "extra"],
        c + ["net-define %s; net-create %s; net-define %s; net-list --all; net-list --inactive; "
             "net-list --transient --all; net-list --persistent --all --name; "
             "net-list --all --uuid" % (net2, nobr, upper)],
        c + ["net-define %s; net-autostart net2; net-list --all --autostart; "
             "net-list --all --no-autostart --name; net-list --inactive --autostart" % net2],
        q + ["net-list --all; net-list --name; net-list --uuid"],
        # net-info
        c + ["net-info", "default"], c + ["net-info", UUID], c + ["net-info", "nosuch"],
        c + ["net-info"], c + ["net-info", "--network", "default"], c + ["net-info", ""],
        c + ["net-info", "11111111-2222-3333-4444-555555555555"],
        c + ["net-destroy default; net-info default"],
        c + ["net-define %s; net-info nobr; net-start nobr; net-info nobr" % nobr],
        c + ["net-create %s; net-info net2; net-autostart net2; net-info net2" % net2],
        c + ["net-define %s; net-info %s; net-list --name --uuid" % (longname, LONG)],
        # net-name / net-uuid
        c + ["net-name", UUID], c + ["net-name", "default"], c + ["net-name", "nosuch"],
        c + ["net-name", "11111111-2222-3333-4444-555555555555"], c + ["net-name"],
        c + ["net-uuid", "default"], c + ["net-uuid", UUID], c + ["net-uuid", "nosuch"],
        c + ["net-uuid"],
        c + ["net-define %s; net-name %s; net-uuid %s" % (longname, LONG, LONG)],
        # net-dumpxml
        c + ["net-dumpxml", "default"], c + ["net-dumpxml", UUID],
        c + ["net-dumpxml", "default", "--inactive"], c + ["net-dumpxml", "nosuch"],
        c + ["net-dumpxml"], c + ["net-dumpxml", "default", "--xpath", "//ip"],
        c + ["net-dumpxml", "default", "--xpath", "//ip/@address"],
        c + ["net-dumpxml", "default", "--xpath", "//ip/@address", "--wrap"],
        c + ["net-dumpxml", "default", "--xpath", "//range/@start | //name/text()"],
        c + ["net-dumpxml", "default", "--xpath", "//nosuch"],
        c + ["net-dumpxml", "default", "--xpath", "//nosuch", "--wrap"],
        c + ["net-dumpxml", "default", "--xpath", "count(//ip)"],
        c + ["net-dumpxml", "default", "--xpath", "//bad["],
        c + ["net-dumpxml", "default", "--xpath", ""], c + ["net-dumpxml", "default", "--wrap"],
        c + ["net-dumpxml", "default", "--xpath"], c + ["net-dumpxml", "nosuch", "--xpath", ""],
        c + ["net-dumpxml", "--xpath", "//bridge", "--wrap", "default"],
        c + ["net-define %s; net-start nobr; net-dumpxml nobr; net-dumpxml %s" % (nobr, net2)],
        # net-create / net-define
        c + ["net-create", net2], c + ["net-create", net2, "--validate"],
        c + ["net-create", missing], c + ["net-create", badxml], c + ["net-create", noname],
        c + ["net-create", notnet], c + ["net-create", empty], c + ["net-create", dup],
        c + ["net-create"], c + ["net-create", ""], c + ["net-create", tmp],
        c + ["net-define", net2], c + ["net-define", net2, "--validate"],
        c + ["net-define", missing], c + ["net-define", badxml], c + ["net-define", noname],
        c + ["net-define", notnet], c + ["net-define", empty], c + ["net-define", dup],
        c + ["net-define"], c + ["net-define", "--file", net2],
        c + ["net-define %s; net-define %s; net-list --all" % (net2, net2)],
        c + ["net-create %s; net-create %s; net-define %s; net-list --all" % (net2, net2, net2)],
        q + ["net-create %s; net-define %s; net-list --all" % (net2, nobr)],
        # net-start / net-destroy / net-undefine / net-autostart
        c + ["net-start", "default"], c + ["net-start", "nosuch"], c + ["net-start"],
        c + ["net-destroy default; net-start default; net-start default; net-list --all"],
        c + ["net-destroy", "default"], c + ["net-destroy", UUID], c + ["net-destroy", "nosuch"],
        c + ["net-destroy"], c + ["net-destroy default; net-destroy default"],
        c + ["net-undefine", "default"], c + ["net-undefine", "nosuch"], c + ["net-undefine"],
        c + ["net-undefine default; net-list --all; net-destroy default; net-list --all"],
        c + ["net-destroy default; net-undefine default; net-list --all; net-info default"],
        c + ["net-create %s; net-undefine net2; net-destroy net2; net-info net2" % net2],
        c + ["net-autostart", "default"], c + ["net-autostart", "default", "--disable"],
        c + ["net-autostart", "nosuch"], c + ["net-autostart"],
        c + ["net-autostart", UUID, "--disable"],
        c + ["net-autostart default; net-info default; net-autostart --disable default; "
             "net-info default"],
        c + ["net-create %s; net-autostart net2" % net2],
        c + ["net-create %s; net-autostart net2 --disable" % net2],
        q + ["net-destroy default; net-start default; net-autostart default; "
             "net-autostart default --disable; net-undefine default"],
        # net-update
        c + ["net-update", "default", "add", "ip-dhcp-host", host],
        c + ["net-update default add ip-dhcp-host %s; net-dumpxml default" % notnet],
        c + ["net-update default add-last ip-dhcp-host %s --config; "
             "net-dumpxml default" % notnet],
        c + ["net-update default add-first ip-dhcp-host %s --live; "
             "net-update default delete ip-dhcp-host %s; net-dumpxml default" % (notnet, notnet)],
        c + ["net-update", "default", "delete", "ip-dhcp-host", host],
        c + ["net-update", "default", "modify", "ip-dhcp-host", host],
        c + ["net-update", "default", "modify", "ip-dhcp-range",
             "<range start='192.168.122.2' end='192.168.122.100'/>"],
        c + ["net-update", "default", "add", "ip-dhcp-range",
             "<range start='192.168.122.2' end='192.168.122.100'/>", "--current"],
        c + ["net-update", "default", "add", "dns-host",
             "<host ip='1.2.3.4'><hostname>a</hostname></host>", "--parent-index", "0"],
        c + ["net-update", "default", "add", "forward-interface", "<interface dev='eth0'/>",
             "--config", "--live"],
        c + ["net-update", "default", "add", "portgroup", "<portgroup name='pg'/>"],
        c + ["net-update", "default", "add", "dns-txt", "<txt name='t' value='v'/>"],
        c + ["net-update", "default", "add", "dns-srv", "<srv service='s' protocol='tcp'/>"],
        c + ["net-update", "default", "modify", "bridge", "<bridge name='virbr9'/>"],
        c + ["net-update", "default", "modify", "domain", "<domain name='x'/>"],
        c + ["net-update", "default", "modify", "ip", "<ip address='1.2.3.4'/>"],
        c + ["net-update", "default", "add", "forward", "<forward mode='nat'/>"],
        c + ["net-update", "default", "add", "forward-pf", "<pf dev='eth0'/>"],
        c + ["net-update", "default", "none", "ip", host],
        c + ["net-update", "default", "add", "none", host],
        c + ["net-update", "default", "bogus", "ip-dhcp-host", host],
        c + ["net-update", "default", "add", "bogus", host],
        c + ["net-update", "default", "add", "ip-dhcp-host", missing],
        c + ["net-update", "default", "add", "ip-dhcp-host", notnet, "--parent-index", "x"],
        c + ["net-update", "default", "add", "ip-dhcp-host", notnet, "--parent-index", "5"],
        c + ["net-update", "default", "add", "ip-dhcp-host", notnet, "--parent-index", "-1"],
        c + ["net-update", "default", "add", "ip-dhcp-host", "<host"],
        c + ["net-update", "default", "add", "ip-dhcp-host", "<host/>"],
        c + ["net-update", "default", "add", "ip-dhcp-host", host, "--current", "--live"],
        c + ["net-update", "default", "add", "ip-dhcp-host", host, "--current", "--config"],
        c + ["net-update", "nosuch", "add", "ip-dhcp-host", host],
        c + ["net-update", "nosuch", "bogus", "ip-dhcp-host", host, "--current", "--live"],
        c + ["net-update", "default", "", "ip-dhcp-host", host],
        c + ["net-update", "default", "add", "", host],
        c + ["net-update", "default", "add", "ip-dhcp-host", ""],
        c + ["net-update", "default", "add", "ip-dhcp-host"], c + ["net-update"],
        c + ["net-update", "--network", "default", "--command", "add", "--section",
             "ip-dhcp-host", "--xml", host, "--live"],
        c + ["net-define %s; net-update net2 add ip-dhcp-host %s; "
             "net-update net2 add ip-dhcp-host \"<host mac='00:16:3e:77:e2:ee' ip='10.1.0.5'/>\"; "
             "net-dumpxml net2" % (net2, notnet)],
        c + ["net-define %s; net-update net2 add ip-dhcp-host "
             "\"<host mac='00:16:3e:77:e2:ee' ip='10.1.0.5'/>\" --live" % net2],
        c + ["net-create %s; net-update net2 add ip-dhcp-host "
             "\"<host mac='00:16:3e:77:e2:ee' ip='10.1.0.5'/>\" --config" % net2],
        c + ["net-destroy default; net-update default add ip-dhcp-host %s; "
             "net-update default add-first ip-dhcp-host %s --live; net-start default; "
             "net-dumpxml default" % (notnet, notnet)],
        c + ["net-define %s; net-info %s; net-update default add dns-host "
             "\"<host ip='1.2.3.4'><hostname>a</hostname></host>\"" % (longname, LONG)],
        q + ["net-update default add ip-dhcp-host %s; net-update default add ip-dhcp-host %s "
             "--config; net-list" % (notnet, notnet)],
        # net-dhcp-leases
        c + ["net-dhcp-leases", "default"], c + ["net-dhcp-leases", "default", "--mac", "x"],
        c + ["net-dhcp-leases", "default", "--mac", ""], c + ["net-dhcp-leases", "nosuch"],
        c + ["net-dhcp-leases", "nosuch", "--mac", ""], c + ["net-dhcp-leases"],
        # net-port-*
        c + ["net-port-list", "default"], c + ["net-port-list", "default", "--uuid"],
        c + ["net-port-list", "default", "--table", "--uuid"], c + ["net-port-list", "nosuch"],
        c + ["net-port-list", "nosuch", "--table", "--uuid"], c + ["net-port-list"],
        c + ["net-port-create", "default", port], c + ["net-port-create", "default", port,
                                                         "--validate"],
        c + ["net-port-create", "nosuch", port], c + ["net-port-create", "default", missing],
        c + ["net-port-create", "default"], c + ["net-port-create", "default", ""],
        c + ["net-port-dumpxml", "default", "x"], c + ["net-port-dumpxml", "nosuch", "x"],
        c + ["net-port-dumpxml", "default", UUID, "--xpath", "//a", "--wrap"],
        c + ["net-port-dumpxml", "default", "x", "--xpath", ""],
        c + ["net-port-dumpxml", "default"], c + ["net-port-dumpxml", "default", ""],
        c + ["net-port-dumpxml default x; net-list --name --uuid"],
        c + ["net-port-delete", "default", "x"], c + ["net-port-delete", "nosuch", "x"],
        c + ["net-port-delete", "default", UUID], c + ["net-port-delete", "default"],
        c + ["net-port-delete", "", "x"],
        c + ["net-port-delete default x; net-port-list default"],
        # read-only connections
        r + ["net-list", "--all"], r + ["net-info", "default"], r + ["net-dumpxml", "default"],
        r + ["net-name", UUID], r + ["net-uuid", "default"], r + ["net-create", net2],
        r + ["net-define", net2], r + ["net-start", "default"], r + ["net-destroy", "default"],
        r + ["net-undefine", "default"], r + ["net-autostart", "default"],
        r + ["net-autostart", "default", "--disable"],
        r + ["net-update", "default", "add", "ip-dhcp-host", host],
        r + ["net-dhcp-leases", "default"], r + ["net-port-list", "default"],
        r + ["net-port-create", "default", port], r + ["net-port-dumpxml", "default", "x"],
        r + ["net-port-delete", "default", "x"],
        # interactive help and options
        c + ["net-info", "--help"], c + ["net-update", "--help"],
    ]
    # The round-trip fixtures: every part of a network's XML, defined and created.
    td = os.path.join(fixtures, "test_driver")
    for i in range(1, 8):
        f = os.path.join(td, "network_rt%d.xml" % i)
        n = "rt%d" % i
        yield c + ["net-define %s; net-info %s; net-dumpxml %s; net-start %s; net-info %s; "
                   "net-dumpxml %s --xpath //bridge --wrap; net-list --all" % (f, n, n, n, n, n)]
        yield c + ["net-create %s; net-info %s; net-list --transient --uuid; net-dumpxml %s; "
                   "net-destroy %s; net-list --all" % (f, n, n, n)]
    rt1 = os.path.join(td, "network_rt1.xml")
    for up in (
            "modify ip-dhcp-host \"<host mac='00:16:3e:77:e2:ed' name='c.example.com' "
            "ip='192.168.122.12'/>\"",
            "delete ip-dhcp-host \"<host mac='00:16:3e:3e:a9:1a'/>\"",
            "add ip-dhcp-host \"<host id='0:4:7e:7d:f0:7d:a8:bc:c5:d2:13:32:11:ed:16:ea:84:64' "
            "name='h7' ip='2001:db8:ca2:2:3::2'/>\" --parent-index 1",
            "delete ip-dhcp-range \"<range start='192.168.122.2' end='192.168.122.254'/>\"",
            "modify portgroup \"<portgroup name='sales' default='yes'/>\"",
            "delete portgroup \"<portgroup name='engineering'/>\"",
            "add portgroup \"<portgroup name='sales'/>\"",
            "delete dns-txt \"<txt name='example'/>\"",
            "add-first dns-txt \"<txt name='other' value='v'/>\"",
            "delete dns-srv \"<srv service='name' protocol='tcp'/>\"",
            "delete dns-host \"<host ip='192.168.122.2'/>\"",
            "add dns-host \"<host ip='192.168.122.2'><hostname>x</hostname></host>\"",
            "delete forward-interface \"<interface dev='eth0'/>\"",
            "add-first forward-interface \"<interface dev='eth9'/>\" --config"):
        yield c + ["net-define %s; net-start rt1; net-update rt1 %s; "
                   "net-dumpxml rt1" % (rt1, up)]
    custom = "test://" + os.path.join(td, "node.xml")
    yield from [
        ["-c", custom, "net-list", "--all"], ["-c", custom, "net-info", "default"],
        ["-c", custom, "net-dumpxml", "default"],
        ["-c", custom, "net-destroy default; net-list --all --name; net-undefine default; "
                       "net-list --all"],
    ]
    yield (c, "net-list --all\nnet-destroy default\nnet-info default\nnet-start nosuch\n"
              "net-list\nquit\n")
