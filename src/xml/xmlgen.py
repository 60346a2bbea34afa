#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Makes C++ from an XML format description (src/xml/desc/*.xd): one enum
class per `enum`, one struct per `element`, and for each element a parser
(libxml2, libvirt's virXMLProp* errors) and a formatter (libvirt's
attribute and element order). The language is described in docs/xml.md.

  xmlgen.py DESC.xd --header OUT.h --source OUT.cc --include NAME.h
"""
import argparse
import re
import shlex
import sys

BUILTIN = {'string', 'uint', 'int', 'ull', 'tristate_bool', 'tristate_switch', 'kib',
           'cpuset'}
ATTR_FLAGS = {'required', 'nonzero', 'nonneg', 'keepzero', 'hex', 'anybase', 'raw', 'xpath'}
# yesonly: a tristate_bool held as a bool, printed only as name='yes'
# (virTristateBoolToBool); lax: with yesonly, only "yes" counts, anything
# else is ignored without an error (libvirt's STREQ_NULLABLE(v, "yes")).
ATTR_FLAGS |= {'yesonly', 'lax'}
HOOK_ROLES = {'parse', 'format', 'children'}
# readalways: with `if`, read (and refused when bad) whatever the condition,
# kept only where it holds (libvirt reads a controller's ports for any type).
ATTR_FLAGS |= {'readalways'}
NUMERIC = {'int', 'uint', 'ull'}
ERR_OPTIONS = ('missing=', 'invalid=', 'refused=')
# invalid= without a message: stop reading the element (keeping what was read),
# or fail without a message (libvirt's virXPathInt -2 left unreported).
INVALID_ACTIONS = ('invalid=stop', 'invalid=silent')
CPP_KEYWORDS = {'default', 'auto', 'static', 'none_', 'int', 'unsigned', 'bool', 'char',
                'double', 'float', 'long', 'short', 'signed', 'void', 'const', 'class',
                'struct', 'union', 'enum', 'public', 'private', 'protected', 'virtual',
                'delete', 'new', 'this', 'true', 'false', 'and', 'or', 'not', 'xor',
                'namespace', 'template', 'typename', 'operator', 'register', 'export',
                'inline', 'friend', 'goto', 'switch', 'case', 'if', 'else', 'for', 'while',
                'do', 'return', 'break', 'continue', 'try', 'catch', 'throw', 'using',
                'asm', 'explicit', 'mutable', 'volatile', 'extern', 'sizeof', 'typedef',
                # predefined macros in GNU C++ modes
                'unix', 'linux'}


class DescError(Exception):
    pass


def ident(s):
    """A C++ identifier for a value or name from the XML."""
    out = re.sub(r'[^A-Za-z0-9_]', '_', s)
    if not out or out[0].isdigit():
        out = '_' + out
    if out in CPP_KEYWORDS:
        out += '_'
    return out


def snake(name):
    """timerPeriod -> timer_period; keeps existing underscores."""
    s = re.sub(r'(?<=[a-z0-9])([A-Z])', r'_\1', name).lower()
    return ident(s.replace('-', '_'))


class Enum:
    def __init__(self, name, values, line):
        # NAME=TEXT: a value whose XML text differs from its name (libvirt's
        # tables that start with "": `default=`).
        self.name, self.line = name, line
        self.idents = [ident(v.partition('=')[0]) for v in values]
        self.values = [v.partition('=')[2] if '=' in v else v for v in values]
        self.names = [v.partition('=')[0] for v in values]


class Cond:
    """`if [^]attr=v1,v2`: on the element's own attribute, or (^) on its parent's."""

    def __init__(self, text, line):
        self.negate = text.startswith('!')  # `if !attr=v`: none of the values
        m = re.fullmatch(r'(\^?)([A-Za-z_][\w-]*)=([\w,.-]+)', text[self.negate:])
        self.presence = None  # `if NAME` / `if !NAME`: an optional member is there / not
        if not m:
            self.negate = False
            p = re.fullmatch(r'(\^?)(!?)([A-Za-z_][\w-]*)', text)
            if not p:
                raise DescError('line %d: bad condition %r' % (line, text))
            self.parent, self.attr, self.values = p.group(1) == '^', p.group(3), []
            self.presence, self.line = p.group(2) != '!', line
            return
        self.parent = m.group(1) == '^'
        self.attr = m.group(2)
        self.values = m.group(3).split(',')
        self.line = line


class Attr:
    def __init__(self, name, type_, flags, fmt, cond, line):
        self.name, self.type, self.flags, self.fmt, self.cond, self.line = (
            name, type_, flags, fmt, cond, line)
        self.field = snake(name)
        self.variants = None         # [(enum, Cond)]: one attribute, its table by condition
        self.default = None          # value when absent (then always printed)
        self.missing = None          # (code, message) instead of virXMLProp's
        self.invalid = None
        self.allow = None            # the enum values accepted here (else `refused`)
        self.refused = None
        self.siblings = False        # xpath: from the first same-named sibling with it


def err_option(text, line):
    """CODE:message -> ('VIR_ERR_CODE', 'message')."""
    code, sep, msg = text.partition(':')
    if not sep or not re.fullmatch(r'[A-Z_]+', code):
        raise DescError('line %d: expected CODE:message, got %r' % (line, text))
    return 'VIR_ERR_' + code, msg


class Child:
    def __init__(self, name, type_, card, always, cond, line):
        self.name, self.type, self.card, self.always, self.cond, self.line = (
            name, type_, card, always, cond, line)
        self.field = snake(name)


class FlagMember:
    def __init__(self, name, cond, line):
        self.name, self.cond, self.line = name, cond, line


class Element:
    def __init__(self, names, cpp, line):
        self.names, self.cpp, self.line = names, cpp, line
        self.attrs, self.children, self.parse_order, self.check = [], [], None, None
        self.text = None
        self.info = None  # None, or whether the device may have <boot>
        self.info_cond = None  # `info ... if COND`: read and printed only then
        self.layout = []  # children, 'info' and ('flag', name), in print order
        self.flags = []   # empty child elements whose presence is a yes
        self.flag_members = []  # their conditions (FlagMember)
        self.endtag = False  # always <name ...> and </name>, even without children
        self.always = False  # printed even when empty (libvirt's virXMLFormatElementEmpty)
        self.xpath = False   # every attribute read as libvirt's string(./name/@attr)
        self.parent = None  # the element whose attributes ^conditions name
        self.fields = []    # (name, C++ type): plain members for the hooks
        self.attr_layout = []  # attributes and attribute hooks, in print order
        self.hooks = []
        self.withflags = False  # parse() and format() take the format's flags
        self.open = None    # an Open: printed with an end tag even when empty


class Hook:
    """`hook NAME [parse] [format] [children] [if COND]`: hand-written
    parse_NAME / format_NAME called at the hook's place."""

    def __init__(self, name, roles, cond, line):
        self.name, self.cond, self.line = name, cond, line
        self.children = 'children' in roles
        self.parse = 'parse' in roles or not roles & {'parse', 'format'}
        self.format = 'format' in roles or not roles & {'parse', 'format'}
        self.field = name


class Open:
    """`open [if COND]`: the element keeps its end tag without children."""

    def __init__(self, cond, line):
        self.cond, self.line = cond, line


def parse_desc(text):
    enums, elements, cur = {}, [], None
    opts = {'includes': [], 'errdomain': 'VIR_FROM_DOMAIN'}
    for n, raw in enumerate(text.splitlines(), 1):
        if raw.lstrip().startswith('#') or not raw.strip():
            continue
        try:
            words = shlex.split(raw, comments=True)
        except ValueError as e:
            raise DescError('line %d: %s' % (n, e))
        if not words:
            continue
        indented = raw.startswith(' ')
        if not indented:
            cur = None
            if words[0] == 'enum':
                if len(words) < 3:
                    raise DescError('line %d: enum NAME VALUE...' % n)
                if words[1] in enums:
                    raise DescError('line %d: enum %s again' % (n, words[1]))
                enums[words[1]] = Enum(words[1], words[2:], n)
            elif words[0] == 'include' and len(words) == 2:
                opts['includes'].append(words[1])
            elif words[0] == 'errdomain' and len(words) == 2:
                opts['errdomain'] = 'VIR_FROM_' + words[1]
            elif words[0] == 'element':
                if len(words) != 3:
                    raise DescError('line %d: element NAME[|NAME] CPPNAME' % n)
                cur = Element(words[1].split('|'), words[2], n)
                elements.append(cur)
            else:
                raise DescError('line %d: unknown statement %r' % (n, words[0]))
            continue
        if cur is None:
            raise DescError('line %d: member outside an element' % n)
        kind, rest = words[0], words[1:]
        cond = None
        if 'if' in rest:
            i = rest.index('if')
            if i + 2 != len(rest):
                raise DescError('line %d: "if COND" ends the line' % n)
            cond = Cond(rest[i + 1], n)
            rest = rest[:i]
        if kind == 'attr':
            if len(rest) < 2:
                raise DescError('line %d: attr NAME TYPE [FLAGS]' % n)
            flags, fmt, extra = set(), None, {}
            for w in rest[2:]:
                if w.startswith('fmt='):
                    fmt = w[4:]
                elif w in INVALID_ACTIONS:
                    extra['invalid'] = w[8:]
                elif w.startswith('allow='):
                    extra['allow'] = w[6:].split(',')
                elif w.startswith('default='):
                    extra['default'] = w[8:]
                elif w.startswith(ERR_OPTIONS):
                    k, _, v = w.partition('=')
                    extra[k] = err_option(v, n)
                elif w.startswith('as='):
                    extra['as'] = w[3:]
                elif w in ATTR_FLAGS:
                    flags.add(w)
                else:
                    raise DescError('line %d: unknown attribute flag %r' % (n, w))
            a = Attr(rest[0], rest[1], flags, fmt, cond, n)
            a.default, a.missing, a.invalid = (extra.get('default'), extra.get('missing'),
                                               extra.get('invalid'))
            a.allow, a.refused = extra.get('allow'), extra.get('refused')
            if bool(a.allow) != bool(a.refused):
                raise DescError('line %d: allow= and refused= go together' % n)
            if a.default is not None and 'required' in flags:
                raise DescError('line %d: a required attribute has no default' % n)
            if 'yesonly' in flags and (a.type != 'tristate_bool' or 'required' in flags or
                                       a.default is not None):
                raise DescError('line %d: yesonly is for an optional tristate_bool' % n)
            if 'lax' in flags and 'yesonly' not in flags:
                raise DescError('line %d: lax goes with yesonly' % n)
            if 'as' in extra:
                a.field = ident(extra['as'])
            if 'readalways' in flags and not cond:
                raise DescError('line %d: readalways needs a condition' % n)
            cur.attrs.append(a)
            cur.attr_layout.append(a)
        elif kind == 'child':
            field = multiple = missing = None
            for w in [w for w in rest if w.startswith(('as=', 'multiple=', 'missing='))]:
                rest = [x for x in rest if x is not w]
                if w.startswith('as='):
                    field = ident(w[3:])
                elif w.startswith('missing='):  # libvirt's message when it is absent
                    missing = err_option(w[8:], n)
                else:  # libvirt's message when there are several
                    multiple = err_option(w[9:], n)
            if len(rest) < 3 or rest[2] not in ('?', '*', '1'):
                raise DescError('line %d: child NAME TYPE ?|*|1 [always|empty]' % n)
            always = 'always' in rest[3:]
            if set(rest[3:]) - {'always', 'empty'}:
                raise DescError('line %d: unknown child flag' % n)
            cur.children.append(Child(rest[0], rest[1], rest[2], always, cond, n))
            if field:
                cur.children[-1].field = field
            cur.children[-1].multiple = multiple
            cur.children[-1].missing = missing
            cur.children[-1].empty = always or 'empty' in rest[3:]
            cur.layout.append(cur.children[-1])
        elif kind == 'flag':
            if len(rest) != 1:
                raise DescError('line %d: flag NAME' % n)
            cur.flags.append(rest[0])
            cur.flag_members.append(FlagMember(rest[0], cond, n))
            cur.layout.append(('flag', rest[0]))
        elif kind == 'info':
            if set(rest) - {'boot'}:
                raise DescError('line %d: info [boot]' % n)
            cur.info = 'boot' in rest
            cur.info_cond = cond
            cur.layout.append('info')
        elif kind == 'field':
            if len(rest) != 2 or cond:
                raise DescError('line %d: field NAME CPPTYPE' % n)
            cur.fields.append((ident(rest[0]), rest[1]))
        elif kind == 'hook':
            if not rest or set(rest[1:]) - HOOK_ROLES:
                raise DescError('line %d: hook NAME [parse] [format] [children]' % n)
            h = Hook(ident(rest[0]), set(rest[1:]), cond, n)
            cur.hooks.append(h)
            (cur.layout if h.children else cur.attr_layout).append(h)
        elif kind in ('endtag', 'xpath', 'always') and not rest:
            setattr(cur, kind, True)
        elif kind == 'withflags':
            if rest or cond:
                raise DescError('line %d: withflags takes nothing' % n)
            cur.withflags = True
        elif kind == 'open':
            if rest:
                raise DescError('line %d: open [if COND]' % n)
            cur.open = Open(cond, n)
        elif kind == 'text':
            raise DescError('line %d: text content is not supported yet' % n)
        elif kind == 'parse':
            cur.parse_order = rest
        elif kind == 'check':
            cur.check = rest[0]
        else:
            raise DescError('line %d: unknown member %r' % (n, kind))
    by_cpp = {e.cpp: e for e in elements}
    if len(by_cpp) != len(elements):
        raise DescError('an element type is declared twice')
    for e in elements:
        group_variants(e, enums)
    for e in elements:
        names = {a.name for a in e.attrs}
        for a in e.attrs:
            if a.type not in BUILTIN and a.type not in enums:
                raise DescError('line %d: unknown type %r' % (a.line, a.type))
        for c in e.children:
            if c.type not in by_cpp:
                raise DescError('line %d: unknown element type %r' % (c.line, c.type))
            child = by_cpp[c.type]
            # Only an element whose members look at its parent (^conditions)
            # is tied to one parent type.
            if not any(x.cond and x.cond.parent for x in child.attrs + child.children):
                continue
            if child.parent not in (None, e):
                raise DescError('line %d: %s uses ^conditions and has two parents'
                                % (c.line, c.type))
            child.parent = e
        members = {c.field for c in e.children} | {h.name for h in e.hooks if h.parse}
        if e.parse_order and set(e.parse_order) - names - {'info'} - members:
            raise DescError('line %d: parse order names unknown attributes' % e.line)
        all_fields = [m.field for m in e.attrs + e.children] + [f for f, _ in e.fields]
        if len(set(all_fields)) != len(all_fields):
            raise DescError('line %d: two members of %s have one field name' % (e.line, e.cpp))
        for c in e.children:
            if by_cpp[c.type].withflags and not e.withflags:
                raise DescError('line %d: %s takes flags; %s has none to give'
                                % (c.line, c.type, e.cpp))
    for e in elements:
        members = e.attrs + e.children + e.hooks + e.flag_members
        members += [e.open] * (e.open is not None)
        conds = [m.cond for m in members] + [e.info_cond]
        conds += [c for a in e.attrs for _, c in a.variants or []]
        for c in [c for c in conds if c]:
            owner = e.parent if c.parent else e
            if owner is None:
                raise DescError('line %d: ^condition on an element without parent' % c.line)
            if c.presence is not None:
                c.target = presence_target(owner, c)
                continue
            target = next((a for a in owner.attrs if a.name == c.attr), None)
            if target is None:
                raise DescError('line %d: condition on unknown attribute %r' % (c.line, c.attr))
            c.target = target
            for v in c.values:
                cond_value(enums, c.target, v, c.line)
    for e in elements:
        for a in e.attrs:
            if a.default is not None:
                enum_value(enums, a.type, a.default, a.line)
            check_attr_ext(e, a, enums)
    return enums, elements, opts


def presence_target(owner, cond):
    """The optional attribute or child that `if [!]NAME` looks at."""
    for m in owner.attrs + owner.children:
        if m.name == cond.attr:
            if (isinstance(m, Attr) and plain(m)) or (isinstance(m, Child) and m.card != '?'):
                raise DescError('line %d: %r is never absent' % (cond.line, cond.attr))
            return m
    raise DescError('line %d: condition on unknown member %r' % (cond.line, cond.attr))


def check_attr_ext(e, a, enums):
    """The options of the xpath, invalid=stop|silent and allow= readers."""
    if e.xpath:
        a.flags.add('xpath')
        a.siblings = True
    if a.invalid == 'stop' and a.type not in enums and a.type not in (
            'tristate_bool', 'tristate_switch'):
        raise DescError('line %d: invalid=stop is for enums and tristates' % a.line)
    if a.invalid == 'silent' and a.type not in ('int', 'uint'):
        raise DescError('line %d: invalid=silent is for numbers' % a.line)
    if 'xpath' in a.flags and a.type not in enums and a.type not in (
            'string', 'int', 'uint', 'tristate_bool', 'tristate_switch'):
        raise DescError('line %d: xpath reads strings, numbers, enums, tristates' % a.line)
    if a.allow:
        if a.type not in enums:
            raise DescError('line %d: allow= is for enum attributes' % a.line)
        for v in a.allow:
            enum_value(enums, a.type, v, a.line)


def group_variants(e, enums):
    """Several `attr NAME ENUM if COND` lines are one attribute whose value
    table is the first ENUM whose COND holds (an int member, -1 when absent)."""
    seen = {}
    for a in list(e.attrs):
        first = seen.setdefault(a.name, a)
        if first is a:
            continue
        if first.variants is None:
            first.variants, first.cond = [(first.type, first.cond)], None
        if a.flags or a.fmt or a.default or a.missing or a.invalid:
            raise DescError('line %d: a variant takes its options from the first line' % a.line)
        first.variants.append((a.type, a.cond))
        e.attrs.remove(a)
        e.attr_layout.remove(a)
    for a in e.attrs:
        for type_, cond in a.variants or []:
            if type_ not in enums or not cond or cond.parent:
                raise DescError('line %d: variants of %r are enums with conditions'
                                % (a.line, a.name))
        if a.variants and (a.flags - {'required'} or a.default):
            raise DescError('line %d: a variant attribute takes required, missing= and '
                            'invalid= only' % a.line)


def cond_value(enums, target, v, line):
    """The C++ value(s) of `v` for a condition on `target`: [(variant cond, value)]."""
    if not target.variants:
        return [(None, enum_value(enums, target.type, v, line))]
    found = [(c, 'static_cast<int>(%s)' % enum_value(enums, t, v, line))
             for t, c in target.variants if v in enums[t].names]
    if not found:
        raise DescError('line %d: %r is not a value of %s' % (line, v, target.name))
    return found


def variant_cond_expr(c, enums, self_var, parent_var):
    """A negated condition, or one on a variant attribute (its value in the
    table its own condition picks)."""
    owner = parent_var if c.parent else self_var
    var = '%s.%s' % (owner, c.target.field)
    terms = []
    for v in c.values:
        for vc, val in cond_value(enums, c.target, v, c.line):
            t = '%s == %s' % (var, val)
            if vc is not None:
                t = '(%s && %s)' % (cond_expr(vc, enums, owner, parent_var), t)
            terms.append(t)
    expr = '(%s)' % ' || '.join(terms)
    return '(!%s)' % expr if c.negate else expr


# ---- C++ ----

def cpp_type(a, enums):
    if 'yesonly' in a.flags:
        return 'bool'
    t = {'string': 'std::string', 'uint': 'unsigned', 'int': 'int',
         'ull': 'unsigned long long', 'tristate_bool': 'bool', 'tristate_switch': 'bool',
         'kib': 'unsigned long long', 'cpuset': 'std::set<unsigned>'}
    base = t.get(a.type, a.type)
    return base if 'required' in a.flags or a.default is not None else 'std::optional<%s>' % base


def plain(a):
    return 'required' in a.flags or a.default is not None


def enum_value(enums, type_, v, line):
    if type_ in NUMERIC:  # a number's default
        if not re.fullmatch(r'-?[0-9]+', v) or (type_ != 'int' and v.startswith('-')):
            raise DescError('line %d: %r is not a value of %s' % (line, v, type_))
        return v
    if type_ in ('tristate_bool', 'tristate_switch'):
        truth = {'yes': 'true', 'no': 'false', 'on': 'true', 'off': 'false'}
        if v not in truth:
            raise DescError('line %d: %r is not a tristate value' % (line, v))
        return truth[v]
    e = enums.get(type_)
    if e is None or v not in e.names:
        raise DescError('line %d: %r is not a value of %s' % (line, v, type_))
    return '%s::%s' % (type_, e.idents[e.names.index(v)])


def cond_expr(c, enums, self_var, parent_var):
    """std::optional's == is false when empty, so one form serves both."""
    if c.presence is not None:
        var = '%s.%s' % (parent_var if c.parent else self_var, c.target.field)
        return '(%s%s.has_value())' % ('' if c.presence else '!', var)
    if c.negate or c.target.variants:
        return variant_cond_expr(c, enums, self_var, parent_var)
    var = '%s.%s' % (parent_var if c.parent else self_var, c.target.field)
    vals = [enum_value(enums, c.target.type, v, c.line) for v in c.values]
    return '(%s)' % ' || '.join('%s == %s' % (var, v) for v in vals)


def parser_params(e):
    p = 'xmlNodePtr node, %s &x' % e.cpp
    if e.parent is not None:
        p += ', const %s &parent' % e.parent.cpp
    if e.withflags:
        p += ', unsigned flags'
    return p


def format_sig(e, buf):
    sig = 'void format(xml::Buffer &%s, const %s &x' % (buf, e.cpp)
    if e.parent is not None:
        sig += ', const %s &parent' % e.parent.cpp
    if len(e.names) > 1:
        sig += ', const char *name'
    if e.withflags:
        sig += ', unsigned flags'
    return sig + ')'


def flags_arg(e):
    """The flags argument an element passes on to its hooks and children."""
    return ', flags' if e.withflags else ''


def hook_decls(e):
    out = []
    for h in e.hooks:
        if h.parse:
            out.append('Status parse_%s(%s);' % (h.name, parser_params(e)))
        if h.format:
            out.append('void format_%s(xml::Buffer &buf, const %s &x%s%s);'
                       % (h.name, e.cpp, ', const %s &parent' % e.parent.cpp if e.parent else '',
                          ', unsigned flags' if e.withflags else ''))
    return out


def gen_header(enums, elements, opts, src):
    out = ['// Generated by src/xml/xmlgen.py from %s. Do not edit.' % src,
           '#pragma once', '',
           '#include <libxml/tree.h>', '',
           '#include <optional>', '#include <set>', '#include <string>', '#include <string_view>',
           '#include <vector>', '',
           '#include "error/status.h"', '#include "xml/xml.h"']
    out += ['#include "%s"' % i for i in opts['includes']]
    out += ['', 'namespace virtkit::conf {', '']
    for en in enums.values():
        out.append('enum class %s { %s };' % (en.name, ', '.join(en.idents)))
        out.append('const char *to_string(%s v);' % en.name)
        out.append('extern const std::vector<std::string_view> k%sNames;  // for xml::prop_enum'
                   % en.name)
    out.append('')
    out += ['struct %s;' % e.cpp for e in elements]
    out.append('')
    for e in elements:
        out.append('// <%s>' % '> / <'.join(e.names))
        out.append('struct %s {' % e.cpp)
        for a in e.attrs:
            if a.variants:
                out.append('  int %s = -1;  // its position in %s (by condition)'
                           % (a.field, ' / '.join(t for t, _ in a.variants)))
                continue
            init = '{%s}' % enum_value(enums, a.type, a.default, a.line) if a.default else '{}'
            out.append('  %s %s%s;' % (cpp_type(a, enums), a.field, init))
        for c in e.children:
            if c.card == '*':
                out.append('  std::vector<%s> %s;' % (c.type, c.field))
            elif c.card == '?':
                out.append('  std::optional<%s> %s;' % (c.type, c.field))
            else:
                out.append('  %s %s;' % (c.type, c.field))
        for f, t in e.fields:
            out.append('  %s %s{};' % (t, f))
        for f in e.flags:
            out.append('  bool %s = false;' % snake(f))
        if e.info is not None:
            out.append('  DeviceInfo info;')
        out.append('};')
        out.append('')
    for e in elements:
        out.append('Status parse(%s);' % parser_params(e))
        out.append(format_sig(e, 'buf') + ';')
        if e.parent is None:
            out.append('// Its attributes alone (for an element whose attributes go elsewhere).')
            out.append('void format_attrs(xml::Buffer &buf, const %s &x%s);'
                       % (e.cpp, ', unsigned flags' if e.withflags else ''))
        if e.hooks:
            out.append('// Hand-written hooks, called at their place in the read and print orders.')
            out += hook_decls(e)
        if e.check:
            out.append('// Hand-written: what the description cannot say.')
            out.append('Status check_%s(%s);' % (e.check, parser_params(e)))
    out.append('')
    out.append('}  // namespace virtkit::conf')
    return '\n'.join(out) + '\n'


def c_str(text):
    return '"%s"' % text.replace('\\', '\\\\').replace('"', '\\"')


def error_call(errdomain, code, msg):
    """The error() call for a message about the value v (`%s` in it, if any)."""
    if '%s' in msg:
        return 'error(%s, %s, %s, v->c_str())' % (errdomain, code, c_str(msg))
    return 'error(%s, %s, "%%s", %s)' % (errdomain, code, c_str(msg))


def gen_parse_variant(a, enums, errdomain):
    """One attribute whose table depends on a condition; no table is no value."""
    lines = ['if (auto v = xml::prop(node, "%s")) {' % a.name, '  int i = -1;']
    for k, (type_, cond) in enumerate(a.variants):
        lines.append('  %sif %s' % ('else ' if k else '', cond_expr(cond, enums, 'x', 'parent')))
        lines.append('    i = xml::enum_from_string(k%sNames, *v);' % type_)
    lines.append('  if (i < 0)')
    if a.invalid:
        lines.append('    return %s;' % error_call(errdomain, a.invalid[0], a.invalid[1]))
    else:  # virXMLPropEnum's message
        lines.append('    return as_status(xml::prop_enum(node, "%s", {}, xml::kPropNone, i));'
                     % a.name)
    lines.append('  x.%s = i;' % a.field)
    lines.append('}')
    if 'required' in a.flags:
        code, msg = a.missing or ('VIR_ERR_XML_ERROR', None)
        if msg is None:
            lines.append('else return error(VIR_FROM_XML, VIR_ERR_XML_ERROR, "Missing required '
                         'attribute \'%%s\' in element \'%%s\'", "%s", xml::name_of(node));'
                         % a.name)
        else:
            lines.append('else return error(%s, %s, "%%s", %s);' % (errdomain, code, c_str(msg)))
    return lines


def gen_format_variant(a, enums):
    lines = ['if (x.%s >= 0) {' % a.field]
    for k, (type_, cond) in enumerate(a.variants):
        lines.append('  %sif %s' % ('else ' if k else '', cond_expr(cond, enums, 'x', 'parent')))
        lines.append('    buf.escape(" %s=\'%%s\'", to_string(static_cast<%s>(x.%s)));'
                     % (a.name, type_, a.field))
    lines.append('}')
    return lines


def gen_multiple_check(c, errdomain):
    """`multiple=`: libvirt's error when the element has several of the child."""
    if not getattr(c, 'multiple', None):
        return []
    if '%s' in c.multiple[1]:
        raise DescError('line %d: multiple= takes no %%s' % c.line)
    return ['{', '  int count = 0;',
            '  for (xmlNodePtr n = node->children; n; n = n->next)',
            '    if (n->type == XML_ELEMENT_NODE && xml::name_is(n, "%s") && ++count > 1)'
            % c.name,
            '      return %s;' % error_call(errdomain, c.multiple[0], c.multiple[1]), '}']


def gen_parse_attr(a, enums, errdomain):
    if a.variants:
        return gen_parse_variant(a, enums, errdomain)
    flags = ' | '.join(['xml::kPropRequired'] * ('required' in a.flags) +
                       ['xml::kPropNonZero'] * ('nonzero' in a.flags) +
                       ['xml::kPropNonNegative'] * ('nonneg' in a.flags)) or 'xml::kPropNone'
    name, field = a.name, 'x.' + a.field
    lines = []
    missing = None
    if 'required' in a.flags:
        if a.missing:
            missing = 'return error(%s, %s, "%%s", %s);' % (errdomain, a.missing[0],
                                                             c_str(a.missing[1]))
        elif a.type in ('string',) or a.invalid:
            missing = ('return error(VIR_FROM_XML, VIR_ERR_XML_ERROR, "Missing required '
                       'attribute \'%%s\' in element \'%%s\'", "%s", xml::name_of(node));' % name)
    if 'lax' in a.flags:
        return ['%s = xml::prop(node, "%s") == "yes";' % (field, name)]
    if a.type == 'string':
        lines.append('if (auto v = xml::prop(node, "%s")) %s = std::move(*v);' % (name, field))
        if missing:
            lines.append('else ' + missing)
        return lines
    if a.type == 'kib':
        lines.append('{')
        lines.append('  unsigned long long v = 0;')
        lines.append('  auto rc = xml::prop_kib(node, "%s", "unit", %s, v);'
                     % (name, 'true' if 'required' in a.flags else 'false'))
        lines.append('  VK_TRY(rc);')
        lines.append('  if (*rc == 1) %s = v;' % field)
        lines.append('}')
        return lines
    if a.type == 'cpuset':
        lines.append('if (auto v = xml::prop(node, "%s")) {' % name)
        lines.append('  auto bits = util::parse_bitmap(*v, kCpumaskLen);')
        lines.append('  VK_TRY(bits);')
        lines.append('  %s = std::move(*bits);' % field)
        lines.append('}' + (' else ' + missing if missing else ''))
        return lines
    if a.invalid and a.type == 'uint':
        # libvirt's virXPathUInt and its own message: "" is absent.
        code, msg = a.invalid
        lines.append('if (auto v = xml::prop(node, "%s"); v && !v->empty()) {' % name)
        lines.append('  unsigned u = 0;')
        lines.append('  if (!util::str_to_uip(v->c_str(), 10, u))')
        lines.append('    return %s;' % error_call(errdomain, code, msg))
        lines.append('  %s = u;' % field)
        lines.append('}' + (' else ' + missing if missing else ''))
        return lines
    if a.invalid or (a.missing and a.type in enums):
        # libvirt reads the string and reports its own message.
        if a.type not in enums:
            raise DescError('line %d: invalid= is for enum attributes' % a.line)
        code, msg = a.invalid or ('VIR_ERR_XML_ERROR', None)
        lines.append('if (auto v = xml::prop(node, "%s")) {' % name)
        lines.append('  int i = xml::enum_from_string(k%sNames, *v);' % a.type)
        bad = 'i < 0' + (' || i == 0' if 'nonzero' in a.flags else '')
        lines.append('  if (%s)' % bad)
        if msg is None:
            raise DescError('line %d: missing= on an enum needs invalid= too' % a.line)
        lines.append('    return %s;' % error_call(errdomain, code, msg))
        lines.append('  %s = static_cast<%s>(i);' % (field, a.type))
        lines.append('}' + (' else {' if missing else ''))
        if missing:
            lines.append('  ' + missing)
            lines.append('}')
        return lines
    if missing and a.missing:
        lines.append('if (!xmlHasProp(node, reinterpret_cast<const xmlChar *>("%s"))) %s'
                     % (name, missing))
    if a.type in ('uint', 'int', 'ull'):
        base = 16 if 'hex' in a.flags else 0 if 'anybase' in a.flags else 10
        ctype = {'uint': 'unsigned', 'int': 'int', 'ull': 'unsigned long long'}[a.type]
        lines.append('{')
        lines.append('  %s v = 0;' % ctype)
        if a.type in ('uint', 'ull'):
            lines.append('  auto rc = xml::prop_%s(node, "%s", %d, %s, v);'
                         % (a.type, name, base, flags))
        else:
            lines.append('  auto rc = xml::prop_int(node, "%s", %d, %s, v, 0);' % (name, base, flags))
        lines.append('  VK_TRY(rc);')
        lines.append('  if (*rc == 1) %s = v;' % field)
        lines.append('}')
        return lines
    lines.append('{')
    lines.append('  int v = 0;')
    if a.type in ('tristate_bool', 'tristate_switch'):
        lines.append('  auto rc = xml::prop_%s(node, "%s", %s, v);' % (a.type, name, flags))
        lines.append('  VK_TRY(rc);')
        lines.append('  if (*rc == 1) %s = v == 1;' % field)
    else:
        lines.append('  auto rc = xml::prop_enum(node, "%s", k%sNames, %s, v);' % (name, a.type, flags))
        lines.append('  VK_TRY(rc);')
        lines.append('  if (*rc == 1) %s = static_cast<%s>(v);' % (field, a.type))
    lines.append('}')
    return lines


def gen_parse_attr_ext(a, enums, errdomain):
    """gen_parse_attr, or the xpath / invalid=stop|silent reader; then allow=."""
    if 'xpath' in a.flags or a.invalid in ('stop', 'silent'):
        lines = gen_parse_attr_xpath(a, enums, errdomain)
    else:
        lines = gen_parse_attr(a, enums, errdomain)
    if a.allow:
        field = 'x.' + a.field if plain(a) else '*x.' + a.field
        ok = ' || '.join('%s == %s' % (field, enum_value(enums, a.type, v, a.line))
                         for v in a.allow)
        test = '!(%s)' % ok if plain(a) else 'x.%s && !(%s)' % (a.field, ok)
        code, msg = a.refused
        args = ', to_string(%s)' % field if '%s' in msg else ''
        lines.append('if (%s)' % test)
        lines.append('  return error(%s, %s, %s%s);' % (
            errdomain, code, c_str(msg) if args else '"%%s", %s' % c_str(msg), args))
    return lines


def gen_parse_attr_xpath(a, enums, errdomain):
    """libvirt's virXPathString/Int/UInt on string(./@a) or string(./name/@a):
    an empty value is absent; numbers in base 10. Or a reader whose invalid
    value stops the element (invalid=stop) or fails unreported (silent)."""
    name, field = a.name, 'x.' + a.field
    if 'xpath' in a.flags:
        read = 'xml::prop_xpath(node, "%s", %s)' % (name, 'true' if a.siblings else 'false')
    else:
        read = 'xml::prop(node, "%s")' % name
    if a.invalid == 'stop':
        bad = 'return Status();'
    elif a.invalid in (None, 'silent'):
        bad = 'return generic_failure();'
    else:
        bad = 'return %s;' % error_call(errdomain, a.invalid[0], a.invalid[1])
    missing = None
    if 'required' in a.flags:
        if a.missing:
            missing = 'return error(%s, %s, "%%s", %s);' % (errdomain, a.missing[0],
                                                             c_str(a.missing[1]))
        else:
            missing = ('return error(VIR_FROM_XML, VIR_ERR_XML_ERROR, "Missing required '
                       'attribute \'%%s\' in element \'%%s\'", "%s", xml::name_of(node));' % name)
    lines = ['if (auto v = %s) {' % read]
    if a.type == 'string':
        lines.append('  %s = std::move(*v);' % field)
    elif a.type in ('int', 'uint'):
        ctype, conv = {'int': ('int', 'str_to_i'), 'uint': ('unsigned', 'str_to_uip')}[a.type]
        lines.append('  %s n = 0;' % ctype)
        lines.append('  if (!util::%s(v->c_str(), 10, n)) %s' % (conv, bad))
        lines.append('  %s = n;' % field)
    elif a.type in ('tristate_bool', 'tristate_switch'):
        yes, no = ('yes', 'no') if a.type == 'tristate_bool' else ('on', 'off')
        lines.append('  if (*v == "%s")' % yes)
        lines.append('    %s = true;' % field)
        lines.append('  else if (*v == "%s")' % no)
        lines.append('    %s = false;' % field)
        lines.append('  else')
        lines.append('    ' + bad)
    else:
        lines.append('  int i = xml::enum_from_string(k%sNames, *v);' % a.type)
        lines.append('  if (i < 0%s) %s' % (' || i == 0' if 'nonzero' in a.flags else '', bad))
        lines.append('  %s = static_cast<%s>(i);' % (field, a.type))
    lines.append('}' + (' else {' if missing else ''))
    if missing:
        lines += ['  ' + missing, '}']
    return lines


def gen_missing_check(c, errdomain, ind):
    """A child's `missing=`: libvirt's own message when the element is absent."""
    if not getattr(c, 'missing', None):
        return []
    return [ind + 'for (xmlNodePtr n = node->children;; n = n->next) {',
            ind + '  if (!n) return error(%s, %s, "%%s", %s);' % (
                errdomain, c.missing[0], c_str(c.missing[1])),
            ind + '  if (n->type == XML_ELEMENT_NODE && xml::name_is(n, "%s")) break;' % c.name,
            ind + '}']


def gen_format_attr(a, enums, var='x'):
    if a.variants:
        return gen_format_variant(a, enums)
    v = '%s.%s' % (var, a.field)
    if 'yesonly' in a.flags:
        return ['if (%s) buf.add(" %s=\'yes\'");' % (v, a.name)]
    always = plain(a)
    val = v if always else '*' + v
    if a.type == 'string':
        if 'raw' in a.flags:  # libvirt prints it unescaped (virBufferAsprintf)
            if always:
                return ['buf.addf(" %s=\'%%s\'", %s.c_str());' % (a.name, v)]
            return ['if (%s) buf.addf(" %s=\'%%s\'", %s->c_str());' % (v, a.name, v)]
        if always:
            return ['buf.escape(" %s=\'%%s\'", %s.c_str());' % (a.name, v)]
        return ['buf.escape(" %s=\'%%s\'", %s);' % (a.name, v)]
    if a.type == 'kib':
        test = '' if always else 'if (%s) ' % v
        return ['%sbuf.addf(" %s=\'%%llu\' unit=\'KiB\'", %s);' % (test, a.name, val)]
    if a.type == 'cpuset':
        test = '' if always else 'if (%s) ' % v
        return ['%sbuf.addf(" %s=\'%%s\'", util::format_bitmap(%s).c_str());'
                % (test, a.name, val)]
    if a.type in ('tristate_bool', 'tristate_switch'):
        yes, no = ('yes', 'no') if a.type == 'tristate_bool' else ('on', 'off')
        text = '%s ? "%s" : "%s"' % (val, yes, no)
        if always:
            return ['buf.addf(" %s=\'%%s\'", %s);' % (a.name, text)]
        return ['if (%s) buf.addf(" %s=\'%%s\'", %s);' % (v, a.name, text)]
    if a.type in ('uint', 'int', 'ull'):
        fmt = a.fmt or {'uint': '%u', 'int': '%d', 'ull': '%llu'}[a.type]
        cast = 'static_cast<int>(%s)' % val if fmt == '%d' and a.type == 'uint' else val
        if always:
            return ['buf.addf(" %s=\'%s\'", %s);' % (a.name, fmt, cast)]
        test = v if 'keepzero' in a.flags else '%s && *%s != 0' % (v, v)
        return ['if (%s) buf.addf(" %s=\'%s\'", %s);' % (test, a.name, fmt, cast)]
    # enums: an optional one is printed unless absent or its first value
    # (libvirt's "default"/"none" 0).
    if always:
        return ['buf.addf(" %s=\'%%s\'", to_string(%s));' % (a.name, v)]
    return ['if (%s && *%s != %s{}) buf.addf(" %s=\'%%s\'", to_string(*%s));'
            % (v, v, a.type, a.name, v)]


def hook_args(e):
    """What an element passes on to its hooks after `x`."""
    return (', parent' if e.parent is not None else '') + flags_arg(e)


def gen_parse_step(m, e, elements, enums, errdomain):
    """A hook or a child, read where the parse order names it (the children it
    does not name are read after the attributes)."""
    cond = '  if %s ' % cond_expr(m.cond, enums, 'x', 'parent') if m.cond else '  '
    if isinstance(m, Hook):
        return [cond + 'VK_TRY(parse_%s(node, x%s));' % (m.name, hook_args(e))]
    pre = ['  ' + l for l in gen_multiple_check(m, errdomain)]
    child = next(el for el in elements if el.cpp == m.type)
    args = (', x' if child.parent is e else '') + flags_arg(child)
    out = [cond + '{' if m.cond else '  {'] + gen_missing_check(m, errdomain, '    ') + [
           '    for (xmlNodePtr n = node->children; n; n = n->next) {',
           '      if (n->type != XML_ELEMENT_NODE || !xml::name_is(n, "%s")) continue;' % m.name]
    if m.card == '*':
        out.append('      VK_TRY(parse(n, x.%s.emplace_back()%s));' % (m.field, args))
    else:
        target = 'x.%s.emplace()' % m.field if m.card == '?' else 'x.%s' % m.field
        out.append('      VK_TRY(parse(n, %s%s));' % (target, args))
        out.append('      break;')
    out += ['    }', '  }']
    return pre + out


def gen_format_hook(h, buf, e, enums):
    if not h.format:
        return []
    call = 'format_%s(%s, x%s);' % (h.name, buf, hook_args(e))
    if h.cond:
        return ['  if %s %s' % (cond_expr(h.cond, enums, 'x', 'parent'), call)]
    return ['  ' + call]


def gen_source(enums, elements, opts, header, src):
    out = ['// Generated by src/xml/xmlgen.py from %s. Do not edit.' % src,
           '#include "%s"' % header, '',
           '#include <libvirt/virterror.h>', '',
           '#include "util/bitmap.h"', '#include "util/numbers.h"', '',
           'namespace virtkit::conf {', '']
    for en in enums.values():
        out.append('const std::vector<std::string_view> k%sNames{%s};' % (
            en.name, ', '.join('"%s"' % v for v in en.values)))
    out.append('')
    for en in enums.values():
        out.append('const char *to_string(%s v) {' % en.name)
        out.append('  auto i = static_cast<size_t>(v);')
        out.append('  return i < k%sNames.size() ? k%sNames[i].data() : nullptr;' % (en.name, en.name))
        out.append('}')
        out.append('')
    for e in elements:
        by_name = {a.name: a for a in e.attrs}
        order = list(e.parse_order or []) + [a.name for a in e.attrs
                                              if a.name not in (e.parse_order or [])]
        named = set(e.parse_order or [])
        if e.hooks:  # attribute hooks read at their place among the attributes
            order = list(e.parse_order or []) + [
                m.field if isinstance(m, Hook) else m.name for m in e.attr_layout
                if (m.field if isinstance(m, Hook) else m.name) not in named
                and (not isinstance(m, Hook) or m.parse)]
        steps = {c.field: c for c in e.children if c.field in named}
        steps.update({h.name: h for h in e.hooks if h.parse})
        out.append('Status parse(%s) {' % parser_params(e))
        if e.parent is not None:
            out.append('  (void)parent;')
        if e.withflags:
            out.append('  (void)flags;')
        if e.info is not None and 'info' not in order:
            order.append('info')
        for name in order:
            if name in steps and name not in by_name:
                out += gen_parse_step(steps[name], e, elements, enums, opts['errdomain'])
                continue
            if name == 'info':
                call = 'VK_TRY(parse_device_info(node, x.info, %s));' % (
                    'true' if e.info else 'false')
                if e.info_cond:
                    call = 'if %s %s' % (cond_expr(e.info_cond, enums, 'x', 'parent'), call)
                out.append('  ' + call)
                continue
            a = by_name[name]
            body = gen_parse_attr_ext(a, enums, opts['errdomain'])
            if a.cond and 'readalways' in a.flags:
                # read (and refused) whatever the condition; kept where it holds
                out += ['  ' + l for l in body]
                reset = ('= %s' % enum_value(enums, a.type, a.default, a.line)
                         if a.default is not None else '= {}')
                out.append('  if (!%s) x.%s %s;' % (cond_expr(a.cond, enums, 'x', 'parent'),
                                                   a.field, reset))
            elif a.cond:
                out.append('  if %s {' % cond_expr(a.cond, enums, 'x', 'parent'))
                out += ['    ' + l for l in body]
                out.append('  }')
            else:
                out += ['  ' + l for l in body]
        for fm in e.flag_members:
            f, ind = fm.name, '  '
            if fm.cond:
                out.append('  if %s {' % cond_expr(fm.cond, enums, 'x', 'parent'))
                ind = '    '
            out.append(ind + 'for (xmlNodePtr n = node->children; n; n = n->next)')
            out.append(ind + '  if (n->type == XML_ELEMENT_NODE && xml::name_is(n, "%s")) '
                       'x.%s = true;' % (f, snake(f)))
            if fm.cond:
                out.append('  }')
        for c in e.children:  # the others, after the attributes
            if c.field not in named:
                out += gen_parse_step(c, e, elements, enums, opts['errdomain'])
        for h in e.hooks:
            if h.children and h.parse and h.name not in named:
                out += gen_parse_step(h, e, elements, enums, opts['errdomain'])
        if e.check:
            out.append('  return check_%s(node, x%s%s);' % (
                e.check, ', parent' if e.parent is not None else '', flags_arg(e)))
        else:
            out.append('  return Status();')
        out.append('}')
        out.append('')

        attr_lines = []
        for a in e.attr_layout:
            if isinstance(a, Hook):
                attr_lines += gen_format_hook(a, 'buf', e, enums)
                continue
            body = gen_format_attr(a, enums)
            if a.cond:
                attr_lines.append('  if %s {' % cond_expr(a.cond, enums, 'x', 'parent'))
                attr_lines += ['    ' + l for l in body]
                attr_lines.append('  }')
            else:
                attr_lines += ['  ' + l for l in body]
        if e.parent is None:
            out.append('void format_attrs(xml::Buffer &buf, const %s &x%s) {'
                       % (e.cpp, ', unsigned flags' if e.withflags else ''))
            if e.withflags:
                out.append('  (void)flags;')
            out += attr_lines or ['  (void)buf;', '  (void)x;']
            out.append('}')
            out.append('')
        out.append(format_sig(e, 'out') + ' {')
        if e.parent is not None:
            out.append('  (void)parent;')
        out.append('  xml::Buffer buf;')
        out.append('  xml::Buffer child = xml::Buffer::child_of(out);')
        if e.parent is None:
            out.append('  format_attrs(buf, x%s);' % flags_arg(e))
        else:
            out += attr_lines
        for c in e.layout:
            if isinstance(c, Hook):
                out += gen_format_hook(c, 'child', e, enums)
                continue
            if isinstance(c, tuple):
                out.append('  if (x.%s) child.add("<%s/>\\n");' % (snake(c[1]), c[1]))
                continue
            if c == 'info':
                call = 'format_device_info(child, x.info, %s);' % ('true' if e.info else 'false')
                if e.info_cond:
                    call = 'if %s %s' % (cond_expr(e.info_cond, enums, 'x', 'parent'), call)
                out.append('  ' + call)
                continue
            child_el = next(el for el in elements if el.cpp == c.type)
            args = ', x' if child_el.parent is e else ''
            if len(child_el.names) > 1:
                args += ', "%s"' % c.name
            args += flags_arg(child_el)
            ind = '  '
            if c.cond:
                out.append('  if %s {' % cond_expr(c.cond, enums, 'x', 'parent'))
                ind = '    '
            if c.card == '*':
                out.append(ind + 'for (const %s &v : x.%s) format(child, v%s);' % (c.type, c.field, args))
            elif c.card == '?':
                if c.always:
                    out.append(ind + 'format(child, x.%s ? *x.%s : %s{}%s);' % (
                        c.field, c.field, c.type, args))
                else:
                    out.append(ind + 'if (x.%s) format(child, *x.%s%s);' % (c.field, c.field, args))
            else:
                out.append(ind + 'format(child, x.%s%s);' % (c.field, args))
            if c.cond:
                out.append('  }')
        name = 'name' if len(e.names) > 1 else '"%s"' % e.names[0]
        empty = e.always or any(c.empty for el in elements for c in el.children
                                if c.type == e.cpp)
        fn = 'xml::format_element_empty' if empty else 'xml::format_element'
        if e.endtag:
            fn = 'xml::format_element_endtag'
        if e.open is not None:
            test = 'child.empty()'
            if e.open.cond:
                test = '%s && %s' % (cond_expr(e.open.cond, enums, 'x', 'parent'), test)
            out.append('  if (%s) {  // the end tag even without children' % test)
            out.append('    out.add("<%s");' % e.names[0])
            out.append('    out.add_buffer(buf);')
            out.append('    out.add(">\\n");')
            out.append('    out.add("</%s>\\n");' % e.names[0])
            out.append('    return;')
            out.append('  }')
        out.append('  %s(out, %s, &buf, &child);' % (fn, name))
        out.append('}')
        out.append('')
    out.append('}  // namespace virtkit::conf')
    return '\n'.join(out) + '\n'


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('desc')
    ap.add_argument('--header', required=True)
    ap.add_argument('--source', required=True)
    ap.add_argument('--include', required=True, help='how the source includes the header')
    args = ap.parse_args()
    with open(args.desc) as f:
        text = f.read()
    try:
        enums, elements, opts = parse_desc(text)
        src = 'src/xml/desc/' + args.desc.rsplit('/', 1)[-1]
        header = gen_header(enums, elements, opts, src)
        source = gen_source(enums, elements, opts, args.include, src)
    except DescError as e:
        sys.exit('%s: %s' % (args.desc, e))
    for path, text in ((args.header, header), (args.source, source)):
        try:
            with open(path) as f:
                if f.read() == text:
                    continue
        except OSError:
            pass
        with open(path, 'w') as f:
            f.write(text)


if __name__ == '__main__':
    main()
