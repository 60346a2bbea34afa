"""What the scenarios (scenario*.py) share: the transcript lines and show(),
which records a call's result or its error with every field."""
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
