# SPDX-License-Identifier: Apache-2.0
"""Loading libhallmark_c through cffi (ABI mode: no compiler at build or import time).

The declarations are read from hallmark.h itself, the header C programs include, so the
Python side cannot drift from the C API: only the preprocessor lines, which cffi does not
read, are left out."""
import glob
import os
import re

import cffi

_HERE = os.path.dirname(os.path.abspath(__file__))


def declarations(header_text):
    """The C declarations of hallmark.h as cffi's cdef reads them: without its
    preprocessor blocks (the HM_API definition, the extern "C" braces) and markers."""
    out, depth = [], 0
    header_text = re.sub(r"/\*.*?\*/|//[^\n]*", "", header_text, flags=re.S)
    for line in header_text.splitlines():
        stripped = line.strip()
        if stripped.startswith("#if"):
            depth += 1
            continue
        if stripped.startswith("#endif"):
            depth -= 1
            continue
        if depth > 1 or stripped.startswith("#"):
            continue  # inside a nested #if (HM_API, extern "C"), or a #define / #include
        out.append(line)
    return "\n".join(out).replace("HM_API ", "")


def library_path():
    """Where libhallmark_c is: $HALLMARK_LIBRARY; beside this package (the build tree's
    build/python/hallmark); or in the library directory the package is installed under
    (LIBDIR/python3/dist-packages/hallmark)."""
    explicit = os.environ.get("HALLMARK_LIBRARY")
    if explicit:
        return explicit
    for folder in (_HERE, os.path.normpath(os.path.join(_HERE, "..", "..", ".."))):
        found = sorted(glob.glob(os.path.join(folder, "libhallmark_c.so.*")))
        if found:
            return found[0]
    raise ImportError("hallmark: libhallmark_c not found beside %s nor in its library directory; "
                      "build it (docs/bindings.md) or set HALLMARK_LIBRARY to its path" % _HERE)


def load():
    ffi = cffi.FFI()
    with open(os.path.join(_HERE, "hallmark.h"), encoding="utf-8") as f:
        ffi.cdef(declarations(f.read()))
    return ffi, ffi.dlopen(library_path())


ffi, lib = load()
