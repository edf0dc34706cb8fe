// SPDX-License-Identifier: Apache-2.0
#pragma once
// What the Lua 5.4 peer (lua_peer.cpp) and the LuaJIT peer (luajit_peer.cpp) share: the
// label script, the library loader and the peer itself, written once over an `Api`
// that holds one engine's entry points.
//
// Neither engine is linked; both are opened with dlopen(RTLD_LOCAL) and called through
// function pointers. They export the same lua_* names, and libluajit calls its own
// lua_* functions through the PLT, so with liblua5.4 linked into the program those
// calls would bind to Lua 5.4's functions and corrupt LuaJIT's state. Opened locally,
// each library only sees its own symbols. It also lets the benchmark build, and run its
// other peers, on a machine without either engine.
//
// An `Api` provides:
// - `soname` and `engine` (static, for dlopen and for messages);
// - the pointers newstate, openlibs, close, loadstring, settop, pushvalue, createtable,
//   setfield, pushnumber, pushinteger, pushboolean, pushstring, rawgeti, rawseti, tointegerx,
//   tolstring, called the same way in both engines;
// - `pcall(L, nargs, nresults)`, which differs between 5.1 and 5.4;
// - `name(reported)`: the name to print, given what the script reported.
#include "bench/peers/peer.hpp"

#include <dlfcn.h>
#include <fmt/format.h>

#include <array>
#include <climits>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

// Opaque here; the same incomplete type the engines' own headers name.
struct lua_State;

namespace bench::lua_detail {

/// dlopen failed: the engine is not installed (as opposed to installed but unusable).
struct library_missing : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class shared_library {
public:
    explicit shared_library(const char* soname) : soname_(soname), handle_(dlopen(soname, RTLD_NOW | RTLD_LOCAL))
    {
        if (!handle_) throw library_missing(dlerror());
    }
    ~shared_library() { dlclose(handle_); }
    shared_library(const shared_library&) = delete;
    shared_library& operator=(const shared_library&) = delete;

    /// `name` as a pointer of type F; the caller vouches that F is its real type.
    template <class F>
    void bind(F& out, const char* name) const
    {
        void* p = dlsym(handle_, name);
        if (!p) throw std::runtime_error(fmt::format("{} has no symbol {}", soname_, name));
        out = reinterpret_cast<F>(p);
    }

    /// A data symbol that may be absent (nullptr then).
    const void* find(const char* name) const { return dlsym(handle_, name); }

private:
    const char* soname_;
    void* handle_;
};

/// Binds the functions Lua 5.4 and LuaJIT share by name and purpose (their types
/// differ, so each engine's table declares its own).
template <class Api>
void bind_shared(Api& api, const shared_library& lib)
{
    lib.bind(api.newstate, "luaL_newstate");
    lib.bind(api.openlibs, "luaL_openlibs");
    lib.bind(api.close, "lua_close");
    lib.bind(api.loadstring, "luaL_loadstring");
    lib.bind(api.settop, "lua_settop");
    lib.bind(api.pushvalue, "lua_pushvalue");
    lib.bind(api.createtable, "lua_createtable");
    lib.bind(api.setfield, "lua_setfield");
    lib.bind(api.pushnumber, "lua_pushnumber");
    lib.bind(api.pushinteger, "lua_pushinteger");
    lib.bind(api.pushboolean, "lua_pushboolean");
    lib.bind(api.pushstring, "lua_pushstring");
    lib.bind(api.rawgeti, "lua_rawgeti");
    lib.bind(api.rawseti, "lua_rawseti");
    lib.bind(api.tointegerx, "lua_tointegerx");
    lib.bind(api.tolstring, "lua_tolstring");
}

/// Field names indexed like the record: 0 participants, 1 sme_share, 2..39 n/b/e.
inline const std::array<std::string, 40>& field_names()
{
    static const std::array<std::string, 40> names = [] {
        std::array<std::string, 40> n;
        n[0] = "participants";
        n[1] = "sme_share";
        for (int i = 2; i <= 39; ++i) n[i] = (i <= 23 ? "n" : i <= 31 ? "b" : "e") + std::to_string(i);
        return n;
    }();
    return names;
}

/// The 30 criteria and the thresholds, one test per line as a Lua user would write
/// them. Decimals arrive as value / 10^4: that division and the parsing of 0.3, 27 or
/// 57 are both correctly rounded, so a four-digit value meets a threshold in Lua
/// exactly when its scaled integer does in hand_written_label.
/// The chunk returns the function and the engine's own account of its version.
inline std::string label_script()
{
    const auto& f = field_names();
    std::string s = "local function label(r)\n    local met = 0\n";
    auto criterion = [&s](const std::string& test) { s += "    if " + test + " then met = met + 1 end\n"; };
    criterion("r.participants >= 50");
    criterion("r.sme_share >= 0.3");
    for (int i = 2; i <= 19; ++i) criterion(fmt::format("r.{} >= {}", f[i], 25 + i));
    for (int i = 20; i <= 23; ++i) criterion(fmt::format("r.{} <= {}", f[i], 80 - i));
    for (int i = 24; i <= 27; ++i) criterion("r." + f[i]);
    criterion("r.e32 ~= 0");
    criterion("r.e33 == 2 or r.e33 == 3");
    s += "    if met >= 24 then return 3 elseif met >= 18 then return 2 elseif met >= 12 then return 1 end\n"
         "    return 0\nend\n";
    // `jit` is LuaJIT's own library; plain Lua has no such global.
    return s + "return label, jit and jit.version or _VERSION\n";
}

/// One Lua state of one engine (Lua 5.4 or LuaJIT, through its shared library), with
/// the standard libraries open: what every Lua baseline of the benchmark starts from. A
/// baseline keeps its label function at slot 1 and its loaded records at slot 2.
template <class Api>
class lua_session {
public:
    lua_session() : api(library_), state_(api.newstate(), closer{&api})
    {
        if (!state_) throw std::runtime_error("cannot create a state: out of memory");
        L = state_.get();
        api.openlibs(L);
    }

    /// `records` as an array at slot 2; `push` pushes one record as a table.
    template <class Records, class Push>
    void load(const Records& records, Push push)
    {
        // Array indices are int in the 5.1 API.
        if (records.size() >= INT_MAX) throw std::length_error("too many records for a Lua array");
        api.settop(L, 1);
        api.createtable(L, static_cast<int>(records.size()), 0);
        for (std::size_t i = 0; i < records.size(); ++i) {
            push(records[i]);
            api.rawseti(L, 2, static_cast<int>(i + 1));
        }
    }

    /// The label function called on loaded record `i`.
    int label_loaded(std::size_t i)
    {
        api.pushvalue(L, 1);
        api.rawgeti(L, 2, static_cast<int>(i + 1));
        return call_label();
    }

    /// Calls the function below the argument on top, then restores the stack to 2 slots.
    int call_label()
    {
        if (api.pcall(L, 1, 1) != 0) fail("label");
        int is_number = 0;
        const auto v = api.tointegerx(L, -1, &is_number);
        api.settop(L, 2);
        if (!is_number) throw std::runtime_error(std::string(Api::engine) + ": label returned no integer");
        return static_cast<int>(v);
    }

    /// The error object on top as the exception's message; the stack is back to 2 slots.
    [[noreturn]] void fail(const char* during)
    {
        const char* message = api.tolstring(L, -1, nullptr);
        std::string what = fmt::format("{}, {}: {}", Api::engine, during, message ? message : "(non-string error)");
        api.settop(L, 2);
        throw std::runtime_error(what);
    }

private:
    struct closer {
        const Api* api;
        void operator()(lua_State* L) const { api->close(L); }
    };
    shared_library library_{Api::soname};  // declared first: unloaded last

public:
    Api api;

private:
    std::unique_ptr<lua_State, closer> state_;  // closed before the library is unloaded

public:
    lua_State* L = nullptr;
};

/// Runs the workload on one engine. The main stack holds the label function at slot 1
/// and the loaded records (an array of tables) at slot 2, so a call fetches both by
/// index, with no lookup by name.
template <class Api>
class lua_family_peer final : public peer {
public:
    lua_family_peer() { compile(); }

    std::string name() const override { return name_; }

    void load(const std::vector<record>& records) override
    {
        s_.load(records, [this](const record& r) { push_record(r); });
    }

    int label_loaded(std::size_t i) override { return s_.label_loaded(i); }

    int label_converting(const record& r) override
    {
        api_.pushvalue(L_, 1);
        push_record(r);
        return s_.call_label();
    }

private:
    // Leaves the label function at slot 1 and an empty record array at slot 2.
    void compile()
    {
        if (api_.loadstring(L_, label_script().c_str()) != 0) s_.fail("compiling the label script");
        if (api_.pcall(L_, 0, 2) != 0) s_.fail("running the label script");
        const char* reported = api_.tolstring(L_, 2, nullptr);
        name_ = api_.name(reported ? reported : Api::engine);
        api_.settop(L_, 1);
        api_.createtable(L_, 0, 0);
    }

    void push_record(const record& r)
    {
        const auto& f = field_names();
        api_.createtable(L_, 0, 40);
        set_integer(f[0], r.participants);
        set_number(f[1], static_cast<double>(r.sme_share) / 10000.0);
        for (int i = 2; i <= 23; ++i) set_number(f[i], static_cast<double>(r.n[i]) / 10000.0);
        for (int i = 24; i <= 31; ++i) {
            api_.pushboolean(L_, r.b[i]);
            api_.setfield(L_, -2, f[i].c_str());
        }
        for (int i = 32; i <= 39; ++i) set_integer(f[i], r.e[i]);
    }

    void set_integer(const std::string& field, std::int64_t v)
    {
        api_.pushinteger(L_, v);
        api_.setfield(L_, -2, field.c_str());
    }

    void set_number(const std::string& field, double v)
    {
        api_.pushnumber(L_, v);
        api_.setfield(L_, -2, field.c_str());
    }

    lua_session<Api> s_;
    Api& api_ = s_.api;
    lua_State* L_ = s_.L;
    std::string name_;
};

/// The peer, or nullptr with `why` set.
template <class Api>
std::unique_ptr<peer> make_peer(std::string& why)
{
    try {
        return std::make_unique<lua_family_peer<Api>>();
    } catch (const library_missing& e) {
        why = fmt::format("{} not installed: {}", Api::engine, e.what());
    } catch (const std::exception& e) {
        why = fmt::format("{} unusable: {}", Api::engine, e.what());
    }
    return nullptr;
}

}  // namespace bench::lua_detail
