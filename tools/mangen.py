#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Writes a shell's man page: the prose of a template (tools/man/NAME.1.in)
with its @COMMANDS@ line replaced by the command list of the shell's command
table (tools/commands.txt, tools/admin_commands.txt, parsed by cmdgen.py), so
the page lists what the program has. Hidden commands are left out; aliases are
named with their command.

Usage: mangen.py TABLE TEMPLATE OUT VERSION
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cmdgen import parse  # noqa: E402  (the one parser of the tables)


def roff(text):
    """Text as troff input: backslashes escaped, no line starting a request."""
    text = text.replace('\\', '\\e').replace('-', '\\-')
    lines = []
    for line in text.split('\n'):
        if line.startswith(('.', "'")):
            line = '\\&' + line
        lines.append(line)
    return '\n'.join(lines)


def synopsis(opt):
    """One option as the synopsis shows it."""
    name = '\\fB\\-\\-%s\\fR' % roff(opt['name'])
    req = 'kOptReq' in opt['flags']
    if opt['type'] == 'Bool':
        return '[%s]' % name
    arg = '\\fI%s\\fR' % ('number' if opt['type'] == 'Int' else 'string')
    if opt['type'] == 'Argv':
        return '[[%s] %s...]' % (name, arg) if not req else '[%s] %s...' % (name, arg)
    if req:
        return '[%s] %s' % (name, arg) if opt['type'] == 'Data' else '%s %s' % (name, arg)
    return '[%s %s]' % (name, arg)


def commands(groups):
    out = []
    for g in groups:
        visible = [c for c in g['cmds']
                   if not c['alias'] and 'kCmdHidden' not in c['flags']]
        if not visible:
            continue
        out.append('.SS %s' % roff(g['name']))
        out.append('Help keyword: \\fB%s\\fR.' % roff(g['keyword']))
        for c in visible:
            aliases = [a['name'] for a in g['cmds'] if a['alias'] == c['name']]
            opts = [o for o in c['opts'] if o['type'] != 'Alias']
            out.append('.TP')
            out.append(' '.join(['\\fB%s\\fR' % roff(c['name'])] + [synopsis(o) for o in opts]))
            out.append(roff(c['help'] or c['desc'] or ''))
            if aliases:
                out.append('.br')
                out.append('Also: %s.' % ', '.join('\\fB%s\\fR' % roff(a) for a in aliases))
            for o in opts:
                if not o['help']:
                    continue
                out.append('.RS')
                out.append('.TP')
                out.append('\\fB\\-\\-%s\\fR' % roff(o['name']))
                out.append(roff(o['help']))
                out.append('.RE')
    return '\n'.join(out)


def main():
    table, template, out, version = sys.argv[1:5]
    text = open(template, encoding='utf-8').read()
    if '@COMMANDS@' not in text:
        sys.exit('%s: no @COMMANDS@ line' % template)
    text = text.replace('@VERSION@', version).replace('@COMMANDS@', commands(parse(table)))
    with open(out, 'w', encoding='utf-8') as f:
        f.write(text)


if __name__ == '__main__':
    main()
