// SPDX-License-Identifier: Apache-2.0
#pragma once
// The syntax tree of one rule file, as the parser builds it and before any checking.
#include <hallmark/date.hpp>
#include <hallmark/decimal.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace hallmark::ast {

/// Where a node starts. `file` indexes the source list of the program being built,
/// so a revision and its base can be reported with the right file names.
struct position {
    std::uint32_t file = 0;
    std::uint32_t line = 0;
    std::uint32_t column = 0;
};

/// A calendar span: months (years are 12 months) and days.
struct duration {
    std::int64_t months = 0;
    std::int64_t days = 0;
    friend bool operator==(const duration&, const duration&) = default;
};

enum class expr_kind {
    number,       // value, unit (may be empty), percent flag
    date,         // date_value
    duration,     // span
    string,       // text
    boolean,      // flag
    name,         // text
    member,       // args[0].text
    call,         // text(args...)
    quantifier,   // text(var in args[0]: args[1]); var in `var`
    negate,       // -args[0]
    logical_not,  // not args[0]
    arithmetic,   // args[0] op args[1], op one of + - * / of
    compare,      // args[0] op args[1], op one of = != < <= > >=
    in_range,     // args[0] in args[1]..args[2]; negated when `op` is "not in"
    in_set,       // args[0] in args[1]; negated when `op` is "not in"
    set,          // {args...}
    all_of,       // args[0] and args[1] and ...
    any_of,       // args[0] or args[1] or ...
    conditional,  // if args[0] then args[1] else args[2]
};

/// One expression node. A plain struct with a child vector keeps the tree easy to walk;
/// the engine compiles it into its own flat form before evaluation.
struct expr {
    expr_kind kind = expr_kind::number;
    position pos;
    // In this order no member needs padding before it (decimal is 16-aligned): a large
    // file's tree is mostly these nodes (issue 18, compile memory).
    decimal number;
    duration span;
    date date_value;
    bool flag = false;  // boolean value, or number is a percentage
    std::string text;   // name, string, member name, callee, operator
    // A number's or duration's unit, or a quantifier's variable: no node has both, and one
    // string fewer is an eighth of a node.
    std::string unit;
    std::string& var() { return unit; }
    const std::string& var() const { return unit; }
    std::vector<expr> args;
    std::string source;  // the expression as written, for explanations
};

struct area_decl {
    std::string id;
    std::string title;
    position pos;
};

enum class type_kind { count, integer, decimal, percent, boolean, date, choice, choice_set, criterion_set };

struct type_spec {
    type_kind kind = type_kind::count;
    std::string unit;
    std::vector<std::string> choices;
    position pos;
};

struct bound {
    decimal value;
    std::string unit;
    bool percent = false;
    position pos;
};

struct indicator_decl {
    std::string id;
    type_spec type;
    std::string area;
    position area_pos;
    std::string description;
    std::optional<bound> low, high;
    position pos;
    /// Set by a revision's `retire indicator`: still read from input, usable by no rule.
    bool retired = false;
    std::string retired_reason;
    position retired_pos;
};

struct let_decl {
    std::string id;
    expr value;
    position pos;
};

struct tier {
    decimal points;
    std::optional<expr> when;  // empty: the `otherwise` tier
    position pos;
};

struct criterion_decl {
    std::string id;
    std::string title;
    std::string area;
    position area_pos;
    std::vector<std::string> groups;
    std::vector<position> group_pos;
    std::optional<expr> requirement;
    std::vector<tier> tiers;
    position points_pos;
    std::optional<expr> gold;
    std::string advice;
    position requires_pos, gold_pos, advice_pos;
    position pos;
};

struct renewal_rule {
    duration within;
    duration extends;
    position pos;
};

struct label_decl {
    std::string id;
    std::string title;
    std::optional<expr> requirement;
    /// Words for the report, one per top-level `and` operand of `requirement` (one for a
    /// requirement that is not an `and`), "" for a part without; empty when no part has words.
    std::vector<std::string> requirement_words;
    std::optional<duration> valid;
    position valid_pos;
    std::optional<renewal_rule> renewal;
    position requires_pos;
    position pos;
};

/// A literal in a test's `given` or `expect value`; `missing` is a kind of its own.
struct literal {
    expr value;
    bool missing = false;
};

struct given {
    std::string indicator;
    literal value;
    position pos;
    std::uint32_t statement = 0;  // which `given` line it came from, to keep the grouping
};

struct test_history {
    std::string label;
    date assessed_on;
    std::optional<date> valid_until;
    position pos;
};

enum class expectation_kind { label, criterion, group_points, value };

struct expectation {
    expectation_kind kind = expectation_kind::label;
    std::string target;  // label id ("" for none), criterion id, group, name
    std::optional<date> valid_until;
    std::string outcome;
    std::optional<decimal> points;
    literal value;
    position pos;
};

struct test_decl {
    std::string name;        // a fixture's name, or a test's description
    bool fixture = false;    // `fixture NAME {...}`: values for tests to start from
    std::string from;        // `from NAME` (a fixture) or `from "FILE"` (an assessment)
    bool from_file = false;  // `from` names a file, relative to the rule file
    position from_pos;
    std::optional<date> assessed_on;
    position assessed_on_pos;
    std::vector<test_history> history;
    std::vector<given> givens;
    std::vector<expectation> expectations;
    position pos;
};

enum class decl_kind { area, indicator, let, criterion, label, test };
/// `retire` keeps a base indicator in the input and out of every rule (indicators only).
enum class change { add, replace, remove, retire };

/// One top-level declaration. Its payload, the `*_decl` of its `kind`, lives on the heap:
/// kept inline, every kind's struct made each declaration 2.4 KB whatever its kind, most
/// of the memory a large file took to compile (issue 18). The non-const accessor of a
/// kind makes that kind the payload (default-made, replacing another kind); the const
/// one answers an empty struct for any other kind, as the inline members did.
struct declaration {
    decl_kind kind = decl_kind::area;
    change mode = change::add;
    std::string removed_id;  // for change::remove and change::retire
    std::string reason;      // for change::retire: why, as written after `because`
    position pos;

    declaration() = default;
    declaration(const declaration& o)
        : kind(o.kind), mode(o.mode), removed_id(o.removed_id), reason(o.reason), pos(o.pos)
    {
        if (o.payload_) payload_ = o.payload_->clone();
        held_ = o.held_;
    }
    declaration(declaration&& o) noexcept
        : kind(o.kind), mode(o.mode), removed_id(std::move(o.removed_id)), reason(std::move(o.reason)), pos(o.pos),
          payload_(std::move(o.payload_)), held_(std::exchange(o.held_, 0))
    {}
    declaration& operator=(const declaration& o)
    {
        if (this != &o) *this = declaration(o);
        return *this;
    }
    declaration& operator=(declaration&& o) noexcept
    {
        kind = o.kind;
        mode = o.mode;
        removed_id = std::move(o.removed_id);
        reason = std::move(o.reason);
        pos = o.pos;
        payload_ = std::move(o.payload_);
        held_ = std::exchange(o.held_, 0);
        return *this;
    }
    ~declaration() = default;

    area_decl& area() { return get<area_decl>(); }
    indicator_decl& indicator() { return get<indicator_decl>(); }
    let_decl& let() { return get<let_decl>(); }
    criterion_decl& criterion() { return get<criterion_decl>(); }
    label_decl& label() { return get<label_decl>(); }
    test_decl& test() { return get<test_decl>(); }
    const area_decl& area() const { return get<area_decl>(); }
    const indicator_decl& indicator() const { return get<indicator_decl>(); }
    const let_decl& let() const { return get<let_decl>(); }
    const criterion_decl& criterion() const { return get<criterion_decl>(); }
    const label_decl& label() const { return get<label_decl>(); }
    const test_decl& test() const { return get<test_decl>(); }

    const std::string& id() const;

private:
    // Each kind is allocated at its own size (a std::variant would take the largest's).
    struct payload {
        virtual ~payload() = default;
        virtual std::unique_ptr<payload> clone() const = 0;
    };
    template <class T>
    struct payload_of final : payload {
        T value;
        std::unique_ptr<payload> clone() const override { return std::make_unique<payload_of>(*this); }
    };
    std::unique_ptr<payload> payload_;
    std::uint8_t held_ = 0;  // which payload_of<T> payload_ is: tag<T>(), 0 for none

    template <class T>
    static constexpr std::uint8_t tag()
    {
        if constexpr (std::is_same_v<T, area_decl>) return 1;
        else if constexpr (std::is_same_v<T, indicator_decl>) return 2;
        else if constexpr (std::is_same_v<T, let_decl>) return 3;
        else if constexpr (std::is_same_v<T, criterion_decl>) return 4;
        else if constexpr (std::is_same_v<T, label_decl>) return 5;
        else return 6;
    }
    template <class T>
    T& get()
    {
        if (held_ == tag<T>()) return static_cast<payload_of<T>*>(payload_.get())->value;
        auto fresh = std::make_unique<payload_of<T>>();
        T& value = fresh->value;
        payload_ = std::move(fresh);
        held_ = tag<T>();
        return value;
    }
    template <class T>
    const T& get() const
    {
        static const T none{};
        if (held_ == tag<T>()) return static_cast<const payload_of<T>*>(payload_.get())->value;
        return none;
    }
};

struct header {
    std::string name;
    std::string version;
    std::string title;
    std::optional<date> effective;
    std::optional<date> until;
    std::optional<std::string> base_name, base_version;
    bool base_tests = false;  // `extends ... with tests`: run the bases' tests too
    position base_pos, title_pos, effective_pos, until_pos;
    position pos;
};

/// `order labels a, b, c`: the ranking of labels, best first.
struct label_order {
    std::vector<std::string> labels;
    std::vector<position> label_pos;
    position pos;
};

/// `allow WARNING NAME because "REASON"`: a strict warning about NAME silenced on purpose.
struct allowance {
    std::string warning;  // the warning's name, e.g. unused_indicator
    std::string subject;  // what it is about: an indicator, criterion or label
    std::string reason;
    position pos;
};

struct file {
    header head;
    std::vector<allowance> allows;
    std::vector<declaration> declarations;
    std::optional<label_order> order;
};

/// A short description of a declaration kind for messages ("indicator", "criterion").
const char* to_string(decl_kind k);

}  // namespace hallmark::ast
