// SPDX-License-Identifier: Apache-2.0
#pragma once
// HALLMARK_API marks the public API. The library is compiled with hidden visibility, so
// a shared libhallmark exports what carries the mark and nothing else: the engine's
// internals (the IR, the parser, PEGTL, fmt) stay out of its symbol table and can change
// without breaking a program linked against it. scripts/annotate_api.py adds the mark
// to a new declaration; a test fails while one is missing.
#if defined(__GNUC__) || defined(__clang__)
#define HALLMARK_API __attribute__((visibility("default")))
#else
#define HALLMARK_API
#endif
