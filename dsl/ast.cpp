// SPDX-License-Identifier: Apache-2.0
// Small helpers over the syntax tree.
#include "dsl/ast.hpp"

namespace hallmark::ast {

const std::string& declaration::id() const
{
    if (mode == change::remove || mode == change::retire) return removed_id;
    switch (kind) {
    case decl_kind::area: return area().id;
    case decl_kind::indicator: return indicator().id;
    case decl_kind::let: return let().id;
    case decl_kind::criterion: return criterion().id;
    case decl_kind::label: return label().id;
    case decl_kind::test: return test().name;
    }
    return removed_id;
}

const char* to_string(decl_kind k)
{
    switch (k) {
    case decl_kind::area: return "area";
    case decl_kind::indicator: return "indicator";
    case decl_kind::let: return "let";
    case decl_kind::criterion: return "criterion";
    case decl_kind::label: return "label";
    case decl_kind::test: return "test";
    }
    return "declaration";
}

}  // namespace hallmark::ast
