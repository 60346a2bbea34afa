# SPDX-License-Identifier: LGPL-2.1-or-later
"""virsh's secret commands (secret-*): the test driver has no secrets, so
these are its refusals, and virsh's own option checks before them."""
import os
from caselib import write

DEF = "test:///default"
UUID = "11111111-2222-3333-4444-555555555555"



def cases(fixtures, tmp):
    c = ["-c", DEF]
    r = ["-r", "-c", DEF]
    q = ["-q", "-c", DEF]
    sec = write(tmp, "secret.xml",
                "<secret ephemeral='no' private='no'>\n  <uuid>%s</uuid>\n"
                "  <usage type='ceph'>\n    <name>client.admin</name>\n  </usage>\n"
                "</secret>\n" % UUID)
    value = write(tmp, "secret-value", "aGVsbG8=\n")
    missing = os.path.join(tmp, "nosuch-secret")
    yield from [
        # secret-define
        c + ["secret-define", sec], c + ["secret-define", "--validate", sec],
        c + ["secret-define", missing], c + ["secret-define", tmp], c + ["secret-define"],
        c + ["secret-define", ""], r + ["secret-define", sec], q + ["secret-define", sec],
        # secret-dumpxml
        c + ["secret-dumpxml", UUID], c + ["secret-dumpxml", "nosuch"], c + ["secret-dumpxml"],
        c + ["secret-dumpxml", UUID, "--xpath", "//uuid"],
        c + ["secret-dumpxml", UUID, "--xpath", ""], c + ["secret-dumpxml", "", "--wrap"],
        r + ["secret-dumpxml", UUID],
        # secret-get-value
        c + ["secret-get-value", UUID], c + ["secret-get-value", UUID, "--plain"],
        c + ["secret-get-value", "nosuch"], c + ["secret-get-value"],
        r + ["secret-get-value", UUID],
        # secret-set-value
        c + ["secret-set-value", UUID, "--base64", "aGVsbG8="],
        c + ["secret-set-value", UUID, "--file", value],
        c + ["secret-set-value", UUID, "--file", value, "--plain"],
        c + ["secret-set-value", UUID, "--file", missing],
        c + ["secret-set-value", UUID, "--interactive"],
        c + ["secret-set-value", UUID], c + ["secret-set-value"],
        c + ["secret-set-value", "nosuch", "--base64", "x"],
        c + ["secret-set-value", UUID, "--file", value, "--base64", "x"],
        c + ["secret-set-value", UUID, "--plain", "--base64", "x"],
        c + ["secret-set-value", UUID, "--interactive", "--base64", "x"],
        c + ["secret-set-value", UUID, "--interactive", "--plain"],
        c + ["secret-set-value", UUID, "--interactive", "--file", value],
        c + ["secret-set-value", UUID, "--base64", ""],
        c + ["secret-set-value", UUID, "--file", ""],
        c + ["secret-set-value", UUID, value],
        r + ["secret-set-value", UUID, "--base64", "aGVsbG8="],
        # secret-undefine
        c + ["secret-undefine", UUID], c + ["secret-undefine", "nosuch"],
        c + ["secret-undefine"], r + ["secret-undefine", UUID],
        # secret-list
        c + ["secret-list"], c + ["secret-list", "--ephemeral"],
        c + ["secret-list", "--no-ephemeral"], c + ["secret-list", "--private"],
        c + ["secret-list", "--no-private"], c + ["secret-list", "--private", "--no-private"],
        q + ["secret-list"], r + ["secret-list"], c + ["secret-list", "x"],
        c + ["secret-define %s; secret-list; secret-undefine %s" % (sec, UUID)],
    ]
