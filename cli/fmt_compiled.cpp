// SPDX-License-Identifier: Apache-2.0
// fmt's compiled part, for the `hallmark` command linked without libfmt.so
// (cmake/hallmark_static_command.cmake says why). fmt keeps the definitions of its
// non-template functions in <fmt/format-inl.h> for exactly this use; this file compiles
// them once and instantiates the templates the rest of hallmark calls for `char`. It is
// built only against fmt 9.x: another version is linked as a shared library instead.
#include <fmt/format-inl.h>

FMT_BEGIN_NAMESPACE
namespace detail {

template void buffer<char>::append(const char*, const char*);
template void vformat_to(buffer<char>&, string_view, basic_format_args<FMT_BUFFER_CONTEXT(char)>, locale_ref);
template auto thousands_sep_impl(locale_ref) -> thousands_sep_result<char>;
template auto decimal_point_impl(locale_ref) -> char;
template locale_ref::locale_ref(const std::locale&);
template auto locale_ref::get<std::locale>() const -> std::locale;

}  // namespace detail
FMT_END_NAMESPACE
