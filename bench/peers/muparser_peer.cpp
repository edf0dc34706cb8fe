// SPDX-License-Identifier: Apache-2.0
// The synthetic-40/30 workload as one muparser expression: the 30 criteria summed into
// `met`, then the label thresholds as nested ternaries, so one Eval() gives 3/2/1/0.
#include "bench/peers/peer.hpp"

#include <muParser.h>

#include <array>
#include <cstring>
#include <stdexcept>
#include <string>

namespace bench {
namespace {

// Slot k of a block holds the indicator numbered k (0 participants, 1 sme_share, n2..n23,
// b24..b31, e32..e39), so the criteria below index it by their own numbers.
constexpr std::size_t width = 40;
using block = std::array<double, width>;

std::string variable_name(std::size_t k)
{
    if (k == 0) return "participants";
    if (k == 1) return "sme_share";
    if (k <= 23) return "n" + std::to_string(k);
    if (k <= 31) return "b" + std::to_string(k);
    return "e" + std::to_string(k);
}

// Decimals are given in their natural unit, as a user would write them. This is exact:
// v / 10000.0 and the literal (0.3, 27, ...) are both correctly rounded, so at a
// threshold they are the same double, and rounding is monotonic everywhere else.
std::string criteria_sum()
{
    std::string s = "(participants >= 50) + (sme_share >= 0.3)";
    for (int i = 2; i <= 19; ++i) s += " + (n" + std::to_string(i) + " >= " + std::to_string(25 + i) + ")";
    for (int i = 20; i <= 23; ++i) s += " + (n" + std::to_string(i) + " <= " + std::to_string(80 - i) + ")";
    for (int i = 24; i <= 27; ++i) s += " + b" + std::to_string(i);
    return s + " + (e32 != 0) + (e33 == 2 || e33 == 3)";
}

// Two comma-separated expressions: Eval() returns the last one, after `met` is assigned.
std::string expression()
{
    return "met = " + criteria_sum() + ", met >= 24 ? 3 : (met >= 18 ? 2 : (met >= 12 ? 1 : 0))";
}

void convert(const record& r, double* out)
{
    out[0] = static_cast<double>(r.participants);
    out[1] = static_cast<double>(r.sme_share) / 10000.0;
    for (int i = 2; i <= 23; ++i) out[i] = static_cast<double>(r.n[i]) / 10000.0;
    for (int i = 24; i <= 31; ++i) out[i] = r.b[i] ? 1.0 : 0.0;
    for (int i = 32; i <= 39; ++i) out[i] = static_cast<double>(r.e[i]);
}

std::runtime_error failure(const mu::Parser::exception_type& e)
{
    return std::runtime_error("muparser: " + e.GetMsg() + " in: " + e.GetExpr());
}

class muparser_peer final : public peer {
public:
    muparser_peer()
    {
        try {
            for (std::size_t k = 0; k < width; ++k) parser_.DefineVar(variable_name(k), &bound_[k]);
            parser_.DefineVar("met", &met_);
            parser_.SetExpr(expression());
            parser_.Eval();  // muparser parses lazily; fail here rather than while timing
        } catch (const mu::Parser::exception_type& e) {
            throw failure(e);
        }
    }
    // The parser holds the addresses of bound_ and met_.
    muparser_peer(const muparser_peer&) = delete;
    muparser_peer& operator=(const muparser_peer&) = delete;

    // The library reports "2.3.3 (Release)"; the build kind is not part of the name.
    std::string name() const override
    {
        const std::string version = parser_.GetVersion(mu::pviBRIEF);
        return "muparser " + version.substr(0, version.find(' '));
    }

    void load(const std::vector<record>& records) override
    {
        loaded_.resize(records.size());
        for (std::size_t i = 0; i < records.size(); ++i) convert(records[i], loaded_[i].data());
    }

    // Variables are bound once (rebinding with DefineVar would force a re-parse), so a
    // loaded record is copied into the bound block and evaluated with Eval(). Bulk mode
    // (Eval(results, n)) does not fit: it wants one array per variable and evaluates
    // a whole batch, while this call labels one record.
    int label_loaded(std::size_t i) override
    {
        std::memcpy(bound_.data(), loaded_.at(i).data(), sizeof(block));
        return evaluate();
    }

    int label_converting(const record& r) override
    {
        convert(r, bound_.data());
        return evaluate();
    }

private:
    int evaluate()
    {
        try {
            return static_cast<int>(parser_.Eval());
        } catch (const mu::Parser::exception_type& e) {
            throw failure(e);
        }
    }

    mu::Parser parser_;
    block bound_{};
    double met_ = 0;
    std::vector<block> loaded_;
};

}  // namespace

std::unique_ptr<peer> make_muparser_peer(std::string& why)
{
    try {
        return std::make_unique<muparser_peer>();
    } catch (const std::exception& e) {
        why = e.what();
        return nullptr;
    }
}

}  // namespace bench
