// SPDX-License-Identifier: Apache-2.0
#pragma once
// ECEI 2020 in Lua (bench/ecei_2020.lua) on Lua 5.4 or LuaJIT: the records are loaded
// into Lua tables ahead of timing, then the label function is called once per record
// through the C API, as the synthetic peers do (lua_common.hpp).
#include "bench/ecei_native.hpp"
#include "bench/peers/lua_common.hpp"

#include <bit>
#include <fstream>
#include <sstream>

namespace bench {

class ecei_lua_engine {
public:
    virtual ~ecei_lua_engine() = default;
    virtual std::string name() const = 0;
    /// Converts every record into a Lua table ahead of timing.
    virtual void load(const std::vector<ecei::record>& records) = 0;
    /// The label of loaded record `i`: 3 gold .. 0 none.
    virtual int label_loaded(std::size_t i) = 0;
};

/// Each returns nullptr with `why` set when the engine cannot run here.
std::unique_ptr<ecei_lua_engine> make_lua_ecei(std::string& why);
std::unique_ptr<ecei_lua_engine> make_luajit_ecei(std::string& why);
/// LuaJIT with its compiler off (`jit.off()`), its interpreter alone. On this workload,
/// branchy code over varied records, the compiler's default limits make it create side
/// traces until its trace cache is full and flushed, again and again (seen with jit.v),
/// and the interpreter alone is faster: the stronger baseline of the two.
std::unique_ptr<ecei_lua_engine> make_luajit_interpreter_ecei(std::string& why);

namespace lua_detail {

inline std::string ecei_script()
{
    std::ifstream in(HALLMARK_SOURCE_DIR "/bench/ecei_2020.lua", std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " HALLMARK_SOURCE_DIR "/bench/ecei_2020.lua");
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

/// Slot 1 of the main stack holds the label function, slot 2 the array of records.
template <class Api>
class ecei_lua final : public ecei_lua_engine {
public:
    explicit ecei_lua(bool interpreter_only)
    {
        if (interpreter_only && (api_.loadstring(L_, "jit.off()") != 0 || api_.pcall(L_, 0, 0) != 0))
            s_.fail("turning the compiler off");
        if (api_.loadstring(L_, ecei_script().c_str()) != 0) s_.fail("compiling bench/ecei_2020.lua");
        if (api_.pcall(L_, 0, 2) != 0) s_.fail("running bench/ecei_2020.lua");
        const char* reported = api_.tolstring(L_, 2, nullptr);
        name_ = api_.name(reported ? reported : Api::engine) + (interpreter_only ? " (interpreter, jit.off())" : "");
        api_.settop(L_, 1);
        api_.createtable(L_, 0, 0);
    }

    std::string name() const override { return name_; }

    void load(const std::vector<ecei::record>& records) override
    {
        s_.load(records, [this](const ecei::record& r) { push_record(r); });
    }

    int label_loaded(std::size_t i) override { return s_.label_loaded(i); }

private:
    static const char* choice_name(int indicator, std::int64_t index)
    {
        static constexpr const char* process[] = {"none", "management", "board", "participants"};
        static constexpr const char* s3[] = {"none", "mentioned", "aligned", "co_designed"};
        return indicator == ecei::strategy_process ? process[index] : s3[index];
    }

    static const char* item_name(int indicator, int bit)
    {
        static constexpr const char* kinds[] = {"industry", "research", "public", "civil_society"};
        static constexpr const char* transitions[] = {"digital", "green"};
        if (indicator == ecei::improvements) return ecei::criterion_name(bit);
        return indicator == ecei::member_kinds ? kinds[bit] : transitions[bit];
    }

    // A set as an array of its items' names.
    void push_set(int indicator, std::uint64_t bits)
    {
        api_.createtable(L_, std::popcount(bits), 0);
        int n = 0;
        for (int bit = 0; bit < 64; ++bit)
            if (bits >> bit & 1U) {
                api_.pushstring(L_, item_name(indicator, bit));
                api_.rawseti(L_, -2, ++n);
            }
    }

    void push_value(const ecei::record& r, int i)
    {
        switch (i) {
        case ecei::strategy_process:
        case ecei::s3_alignment: api_.pushstring(L_, choice_name(i, r.v[i])); return;
        case ecei::improvements:
        case ecei::member_kinds:
        case ecei::transition_services: push_set(i, static_cast<std::uint64_t>(r.v[i])); return;
        case ecei::upskilling_plan:
        case ecei::financial_control:
        case ecei::strategy_document:
        case ecei::implementation_plan:
        case ecei::kpi_monitoring:
        case ecei::management_evaluated:
        case ecei::english_website:
        case ecei::eccp_profile:
        case ecei::programme_recognised:
        case ecei::international_strategy: api_.pushboolean(L_, r.v[i] != 0); return;
        default: api_.pushinteger(L_, r.v[i]);
        }
    }

    void push_history(const ecei::record& r)
    {
        static constexpr const char* labels[] = {"none", "bronze", "silver", "gold"};
        api_.createtable(L_, r.history_count, 0);
        for (int h = 0; h < r.history_count; ++h) {
            api_.createtable(L_, 0, 2);
            api_.pushstring(L_, labels[r.history[h].label]);
            api_.setfield(L_, -2, "label");
            api_.pushinteger(L_, r.history[h].assessed_on);
            api_.setfield(L_, -2, "assessed_on");
            api_.rawseti(L_, -2, h + 1);
        }
        api_.setfield(L_, -2, "history");
    }

    // Unreported indicators are left out: nil in Lua.
    void push_record(const ecei::record& r)
    {
        api_.createtable(L_, 0, ecei::indicator_count + 2);
        api_.pushinteger(L_, r.assessed_on);
        api_.setfield(L_, -2, "assessed_on");
        for (int i = 0; i < ecei::indicator_count; ++i)
            if (r.has(i)) {
                push_value(r, i);
                api_.setfield(L_, -2, ecei::indicator_name(i));
            }
        if (r.history_count > 0) push_history(r);
    }

    lua_session<Api> s_;
    Api& api_ = s_.api;
    lua_State* L_ = s_.L;
    std::string name_;
};

/// The engine, or nullptr with `why` set.
template <class Api>
std::unique_ptr<ecei_lua_engine> make_ecei(std::string& why, bool interpreter_only = false)
{
    try {
        return std::make_unique<ecei_lua<Api>>(interpreter_only);
    } catch (const library_missing& e) {
        why = fmt::format("{} not installed: {}", Api::engine, e.what());
    } catch (const std::exception& e) {
        why = fmt::format("{} unusable: {}", Api::engine, e.what());
    }
    return nullptr;
}

}  // namespace lua_detail
}  // namespace bench
