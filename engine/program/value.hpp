// SPDX-License-Identifier: Apache-2.0
#pragma once
// Runtime values and static types of the evaluation tree.
#include <hallmark/date.hpp>
#include <hallmark/decimal.hpp>

#include <cstdint>
#include <string>

namespace hallmark::engine {

enum class vtype : std::uint8_t { boolean, number, date, duration, choice, choice_set, criterion_set, group, error };

/// The static type of an expression. Units make EUR and FTE incomparable; `domain`
/// names the choice list a choice or choice set draws from (-1: not yet known, as for
/// a string literal before it meets the value it is compared with).
struct type {
    vtype kind = vtype::error;
    std::string unit;
    bool integral = false;
    bool percent = false;
    int domain = -1;

    static type boolean() { return {vtype::boolean}; }
    static type number(std::string unit = {}, bool integral = false)
    {
        return {vtype::number, std::move(unit), integral};
    }
    static type of(vtype k) { return {k}; }
};

std::string describe(const type& t);

/// A value during evaluation. `unknown` is the third truth value and also stands for
/// any value that could not be known: a missing indicator or a failed computation.
struct value {
    enum class tag : std::uint8_t { unknown, boolean, number, date, duration, choice, set, criterion_set };
    tag kind = tag::unknown;
    bool flag = false;
    decimal number;
    date day;
    std::int64_t months = 0;               // duration
    std::int64_t days = 0;                 // duration
    std::uint64_t bits = 0;                // choice index or choice-set bitmask
    const std::uint32_t* items = nullptr;  // criterion ids, owned by the bound input
    std::uint32_t count = 0;

    bool known() const { return kind != tag::unknown; }
    static value unknown() { return {}; }
    static value of(bool b)
    {
        value v;
        v.kind = tag::boolean;
        v.flag = b;
        return v;
    }
    static value of(const decimal& d)
    {
        value v;
        v.kind = tag::number;
        v.number = d;
        return v;
    }
    static value of(date d)
    {
        value v;
        v.kind = tag::date;
        v.day = d;
        return v;
    }
};

}  // namespace hallmark::engine
