# SPDX-License-Identifier: LGPL-2.1-or-later
"""virsh's network filter commands (nwfilter-*, nwfilter-binding-*). The test
driver has no network filters: every call reaches the driver's refusal."""
import os
from caselib import write

DEF = "test:///default"
UUID = "11111111-2222-3333-4444-555555555555"



def cases(fixtures, tmp):
    c = ["-c", DEF]
    r = ["-r", "-c", DEF]
    q = ["-q", "-c", DEF]
    flt = write(tmp, "filter.xml", "<filter name='f1' chain='ipv4'>"
                "<rule action='accept' direction='out'/></filter>\n")
    binding = write(tmp, "binding.xml",
                    "<filterbinding><owner><name>test</name>"
                    "<uuid>6695eb01-f6a4-8304-79aa-97f2502e193f</uuid></owner>"
                    "<portdev name='vnet0'/><mac address='52:54:00:7b:35:93'/>"
                    "<filterref filter='clean-traffic'/></filterbinding>\n")
    bad = write(tmp, "badfilter.xml", "<filter name='f1'>\n")
    missing = os.path.join(tmp, "missing.xml")
    for pre in (c, r, q):
        yield from [
            pre + ["nwfilter-list"], pre + ["nwfilter-binding-list"],
            pre + ["nwfilter-define", flt], pre + ["nwfilter-undefine", "f1"],
            pre + ["nwfilter-dumpxml", "f1"], pre + ["nwfilter-binding-create", binding],
            pre + ["nwfilter-binding-delete", "vnet0"],
            pre + ["nwfilter-binding-dumpxml", "vnet0"],
        ]
    yield from [
        # nwfilter-list / nwfilter-binding-list
        c + ["nwfilter-list", "--all"], c + ["nwfilter-list", "x"],
        c + ["nwfilter-binding-list", "x"],
        # nwfilter-define
        c + ["nwfilter-define", flt, "--validate"], c + ["nwfilter-define", missing],
        c + ["nwfilter-define", bad], c + ["nwfilter-define", tmp], c + ["nwfilter-define"],
        c + ["nwfilter-define", ""], c + ["nwfilter-define", "--file", flt],
        # nwfilter-undefine / nwfilter-dumpxml, by name and by UUID
        c + ["nwfilter-undefine", UUID], c + ["nwfilter-undefine"],
        c + ["nwfilter-undefine", ""], c + ["nwfilter-dumpxml", UUID],
        c + ["nwfilter-dumpxml", "f1", "--xpath", "//rule"],
        c + ["nwfilter-dumpxml", "f1", "--xpath", "//rule", "--wrap"],
        c + ["nwfilter-dumpxml", "f1", "--xpath", ""], c + ["nwfilter-dumpxml", "f1", "--xpath"],
        c + ["nwfilter-dumpxml"], c + ["nwfilter-dumpxml", ""],
        # nwfilter-binding-*
        c + ["nwfilter-binding-create", binding, "--validate"],
        c + ["nwfilter-binding-create", missing], c + ["nwfilter-binding-create"],
        c + ["nwfilter-binding-create", ""], c + ["nwfilter-binding-delete"],
        c + ["nwfilter-binding-delete", ""],
        c + ["nwfilter-binding-dumpxml", "vnet0", "--xpath", "//mac", "--wrap"],
        c + ["nwfilter-binding-dumpxml", "vnet0", "--xpath", ""],
        c + ["nwfilter-binding-dumpxml"], c + ["nwfilter-binding-dumpxml", ""],
        # sequences: one failure does not stop the next command
        c + ["nwfilter-list; nwfilter-dumpxml f1; nwfilter-binding-list; net-list"],
        c + ["nwfilter-define %s; nwfilter-list; nwfilter-undefine f1" % flt],
        c + ["nwfilter-binding-dumpxml vnet0; nwfilter-list"],
        c + ["nwfilter-list", "--help"], c + ["nwfilter-binding-dumpxml", "--help"],
    ]
    yield (c, "nwfilter-list\nnwfilter-binding-list\nnwfilter-dumpxml x\nquit\n")
