// SPDX-License-Identifier: Apache-2.0
// The synthetic-40/30 workload as CLIPS rules: a `record` deftemplate with the 40
// indicators, one rule per criterion counting into ?*met*, and a last rule (lowest
// salience) turning the count into the label with the thresholds 24/18/12.
#include "bench/peers/peer.hpp"

#include <array>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

// Last, so the C macros it defines (TRUE, FALSE, LHS, ...) reach nothing else.
extern "C" {
#include <clips/clips.h>
}

namespace bench {
namespace {

std::string slot_name(int k)
{
    if (k == 0) return "participants";
    if (k == 1) return "sme_share";
    if (k <= 23) return "n" + std::to_string(k);
    if (k <= 31) return "b" + std::to_string(k);
    return "e" + std::to_string(k);
}

// Decimals are FLOAT slots in their natural unit, compared with literals as a user
// would write them: v / 10000.0 and the literal are both correctly rounded, so the
// comparisons give what the scaled integers give. Booleans are the symbols TRUE/FALSE
// and choices the symbols c0..c3, as CLIPS users would model them.
std::string deftemplate_text()
{
    std::string s = "(deftemplate record (slot participants (type INTEGER)) (slot sme_share (type FLOAT))";
    for (int k = 2; k <= 23; ++k) s += " (slot " + slot_name(k) + " (type FLOAT))";
    for (int k = 24; k <= 31; ++k) s += " (slot " + slot_name(k) + " (type SYMBOL) (allowed-symbols TRUE FALSE))";
    for (int k = 32; k <= 39; ++k) s += " (slot " + slot_name(k) + " (type SYMBOL) (allowed-symbols c0 c1 c2 c3))";
    return s + ")";
}

std::string criterion(const std::string& rule, const std::string& pattern)
{
    return "(defrule " + rule + " (record " + pattern + ") => (bind ?*met* (+ ?*met* 1)))";
}

std::vector<std::string> constructs()
{
    std::vector<std::string> out{deftemplate_text(), "(defglobal ?*met* = 0 ?*label* = -1)"};
    out.push_back(criterion("K1", "(participants ?v&:(>= ?v 50))"));
    out.push_back(criterion("K2", "(sme_share ?v&:(>= ?v 0.3))"));
    for (int i = 2; i <= 19; ++i)
        out.push_back(criterion("N" + std::to_string(i),
                                "(n" + std::to_string(i) + " ?v&:(>= ?v " + std::to_string(25 + i) + "))"));
    for (int i = 20; i <= 23; ++i)
        out.push_back(criterion("N" + std::to_string(i),
                                "(n" + std::to_string(i) + " ?v&:(<= ?v " + std::to_string(80 - i) + "))"));
    for (int i = 24; i <= 27; ++i)
        out.push_back(criterion("B" + std::to_string(i), "(b" + std::to_string(i) + " TRUE)"));
    out.push_back(criterion("E32", "(e32 ~c0)"));
    out.push_back(criterion("E33", "(e33 c2|c3)"));
    // Resets the count itself, so the next record starts from zero without EnvReset.
    out.push_back("(defrule label (declare (salience -10)) (record) =>"
                  " (bind ?*label* (if (>= ?*met* 24) then 3 else (if (>= ?*met* 18) then 2 else"
                  " (if (>= ?*met* 12) then 1 else 0))))"
                  " (bind ?*met* 0))");
    return out;
}

struct environment_deleter {
    void operator()(void* env) const { DestroyEnvironment(env); }
};

class clips_peer final : public peer {
public:
    clips_peer() : env_(CreateEnvironment())
    {
        if (!env_) throw std::runtime_error("CLIPS: CreateEnvironment failed");
        SetEnvironmentContext(env(), this);
        // CLIPS prints to stdout by default: take every output channel, so nothing is
        // printed while timing and error text can go into the exception.
        if (!EnvAddRouter(env(), "bench-capture", 100, claims, capture, nullptr, nullptr, nullptr))
            throw std::runtime_error("CLIPS: EnvAddRouter failed");
        for (const auto& text : constructs())
            if (!EnvBuild(env(), text.c_str())) fail("EnvBuild failed for " + text);
        EnvReset(env());
        template_ = EnvFindDeftemplate(env(), "record");
        if (!template_) fail("deftemplate record not found");
        for (int k = 0; k < 40; ++k) slots_[k] = slot_name(k);
        for (int c = 0; c < 4; ++c) {
            choices_[c] = EnvAddSymbol(env(), ("c" + std::to_string(c)).c_str());
            IncrementSymbolCount(choices_[c]);  // kept for the environment's life
        }
    }
    clips_peer(const clips_peer&) = delete;
    clips_peer& operator=(const clips_peer&) = delete;

    std::string name() const override { return "CLIPS " VERSION_STRING; }

    void load(const std::vector<record>&) override {}

    // No pre-converted mode: a CLIPS record is a fact, and a fact is asserted once;
    // asserting all records ahead would run their rules at load time, outside the
    // timing. The brief measures CLIPS with conversion only.
    int label_loaded(std::size_t) override { return -1; }

    // The fact is built through the C API (EnvCreateFact / EnvPutFactSlot), not from a
    // formatted string, so the conversion is CLIPS's own and not string parsing.
    int label_converting(const record& r) override
    {
        void* fact = assert_record(r);
        EnvRun(env(), -1);
        if (GetEvaluationError(env()) || GetHaltExecution(env())) {
            // The record, its activations and ?*met* are left over: start the next call clean.
            SetEvaluationError(env(), FALSE);
            SetHaltExecution(env(), FALSE);
            EnvReset(env());
            fail("rule execution failed");
        }
        if (!EnvRetract(env(), fact)) fail("EnvRetract failed");
        return take_label();
    }

private:
    void* env() const { return env_.get(); }

    void* assert_record(const record& r)
    {
        void* fact = EnvCreateFact(env(), template_);
        if (!fact) fail("EnvCreateFact failed");
        put(fact, 0, INTEGER, EnvAddLong(env(), r.participants));
        put(fact, 1, FLOAT, EnvAddDouble(env(), static_cast<double>(r.sme_share) / 10000.0));
        for (int k = 2; k <= 23; ++k) put(fact, k, FLOAT, EnvAddDouble(env(), static_cast<double>(r.n[k]) / 10000.0));
        for (int k = 24; k <= 31; ++k) put(fact, k, SYMBOL, r.b[k] ? EnvTrueSymbol(env()) : EnvFalseSymbol(env()));
        for (int k = 32; k <= 39; ++k) put(fact, k, SYMBOL, choices_.at(r.e[k]));
        if (!EnvAssert(env(), fact)) fail("EnvAssert failed");
        return fact;
    }

    void put(void* fact, int slot, unsigned short type, void* value)
    {
        DATA_OBJECT v{};
        v.type = type;
        v.value = value;
        if (!EnvPutFactSlot(env(), fact, slots_[slot].c_str(), &v)) fail("EnvPutFactSlot failed for " + slots_[slot]);
    }

    // Reads ?*label* and sets it back to -1, so a run that fails to label is noticed.
    int take_label()
    {
        DATA_OBJECT v{};
        if (!EnvGetDefglobalValue(env(), "label", &v) || v.type != INTEGER) fail("?*label* is not an integer");
        const long long label = DOToLong(v);
        if (label < 0 || label > 3) fail("no label derived");
        DATA_OBJECT none{};
        none.type = INTEGER;
        none.value = EnvAddLong(env(), -1);
        if (!EnvSetDefglobalValue(env(), "label", &none)) fail("EnvSetDefglobalValue failed");
        return static_cast<int>(label);
    }

    [[noreturn]] void fail(const std::string& what)
    {
        std::string message = "CLIPS: " + what + (errors_.empty() ? "" : ": " + errors_);
        errors_.clear();
        throw std::runtime_error(message);
    }

    static int claims(void*, const char* logical_name) { return std::string_view(logical_name) != STDIN; }

    static int capture(void* env, const char* logical_name, const char* text)
    {
        auto* self = static_cast<clips_peer*>(GetEnvironmentContext(env));
        const std::string_view channel(logical_name);
        if (channel == WERROR || channel == WWARNING) self->errors_ += text;
        return TRUE;
    }

    std::unique_ptr<void, environment_deleter> env_;
    void* template_ = nullptr;
    std::array<std::string, 40> slots_;
    std::array<void*, 4> choices_{};
    std::string errors_;
};

}  // namespace

std::unique_ptr<peer> make_clips_peer(std::string& why)
{
    try {
        return std::make_unique<clips_peer>();
    } catch (const std::exception& e) {
        why = e.what();
        return nullptr;
    }
}

}  // namespace bench
