#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Doxygen's input filter for include/virtkit/ (docs/Doxyfile.in, INPUT_FILTER).

A try_foo/foo pair is documented once, on its first member, inside a member
group (//!@{ ... //!@}); DISTRIBUTE_GROUP_DOC gives the other members that
text. Doxygen 1.9.4 (Debian 12) does not do so in the copies of a class
template's members it makes for an instance used as a base (the CRTP parts of
Connection: HostCalls<Connection>), and warns that they are undocumented. This
filter does the same distribution in the text: each member of a group without
a comment of its own gets the group's first comment, as a /** ... */ in front
of its first line, so line numbers stay.

Usage: doxygen_group_filter.py FILE   (writes the filtered text to stdout)
"""
import re
import sys

OPEN = re.compile(r'^\s*//[/!]?\s*@\{\s*$')
CLOSE = re.compile(r'^\s*//[/!]?\s*@\}\s*$')
DOC = re.compile(r'^\s*//[/!](?!<)\s?(.*)$')


def indent(line):
    return len(line) - len(line.lstrip())


def distribute(lines):
    out = []
    group = None  # the group's indentation while inside one
    doc = None  # the group's first comment, as one line
    own = False  # the member that follows has its own comment
    after_template = False
    for line in lines:
        s = line.strip()
        if group is None:
            if OPEN.match(line):
                group, doc, own, after_template = indent(line), None, False, False
            out.append(line)
            continue
        if CLOSE.match(line):
            group = None
            out.append(line)
            continue
        m = DOC.match(line) if indent(line) == group else None
        if m:
            if doc is None:
                doc = []
            if isinstance(doc, list):  # the group's first comment
                doc.append(m.group(1).strip())
            own = True
            out.append(line)
            continue
        if indent(line) == group and s and not s.startswith(('}', '//', '#', '/*')) and \
                '///<' not in line:
            if isinstance(doc, list):  # the first member: the comment is its own
                doc = ' '.join(t for t in doc if t).replace('*/', '* /')
            if own or after_template:
                own = False
            elif doc:
                line = line[:group] + '/** ' + doc + ' */ ' + line[group:]
            after_template = s.startswith('template') and s.endswith('>')
        out.append(line)
    return out


def main():
    with open(sys.argv[1], encoding='utf-8') as f:
        text = f.read()
    sys.stdout.write('\n'.join(distribute(text.split('\n'))))


if __name__ == '__main__':
    main()
