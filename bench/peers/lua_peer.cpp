// SPDX-License-Identifier: Apache-2.0
// The Lua 5.4 peer: the synthetic-40/30 workload as a Lua script, run by the reference
// interpreter. Opened at run time, not linked: see lua_common.hpp for why.
#include "bench/peers/ecei_lua.hpp"
#include "bench/peers/lua_common.hpp"

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace bench {
namespace {

using lua_detail::shared_library;

// Lua 5.4's types, as lua.h and luaconf.h define them on this platform.
using integer_54 = long long;
using context_54 = std::intptr_t;
using continuation_54 = int (*)(lua_State*, int, context_54);

struct lua54_api {
    static constexpr const char* soname = "liblua5.4.so.0";
    static constexpr const char* engine = "Lua 5.4";

    lua_State* (*newstate)();
    void (*openlibs)(lua_State*);
    void (*close)(lua_State*);
    int (*loadstring)(lua_State*, const char*);
    int (*pcallk)(lua_State*, int, int, int, context_54, continuation_54);
    void (*settop)(lua_State*, int);
    void (*pushvalue)(lua_State*, int);
    void (*createtable)(lua_State*, int, int);
    void (*setfield)(lua_State*, int, const char*);
    void (*pushnumber)(lua_State*, double);
    void (*pushinteger)(lua_State*, integer_54);
    void (*pushboolean)(lua_State*, int);
    const char* (*pushstring)(lua_State*, const char*);
    int (*rawgeti)(lua_State*, int, integer_54);
    void (*rawseti)(lua_State*, int, integer_54);
    integer_54 (*tointegerx)(lua_State*, int, int*);
    const char* (*tolstring)(lua_State*, int, std::size_t*);
    const char* ident = nullptr;

    explicit lua54_api(const shared_library& lib)
    {
        bind_shared(*this, lib);
        lib.bind(pcallk, "lua_pcallk");
        ident = static_cast<const char*>(lib.find("lua_ident"));
    }

    // lua_pcall is a macro over lua_pcallk in 5.4.
    int pcall(lua_State* L, int nargs, int nresults) const { return pcallk(L, nargs, nresults, 0, 0, nullptr); }

    // _VERSION only says "Lua 5.4"; the library's ident string carries the release,
    // as "$LuaVersion: Lua 5.4.4  Copyright (C) ...".
    std::string name(const std::string& reported) const
    {
        static constexpr const char prefix[] = "$LuaVersion: ";
        if (!ident || std::strncmp(ident, prefix, sizeof prefix - 1) != 0) return reported;
        const std::string rest = ident + sizeof prefix - 1;
        const std::size_t end = rest.find("  ");
        return end == std::string::npos ? reported : rest.substr(0, end);
    }
};

}  // namespace

std::unique_ptr<peer> make_lua_peer(std::string& why) { return lua_detail::make_peer<lua54_api>(why); }

std::unique_ptr<ecei_lua_engine> make_lua_ecei(std::string& why) { return lua_detail::make_ecei<lua54_api>(why); }

}  // namespace bench

// Where Lua 5.4's headers are installed, check the signatures declared above against
// them (unevaluated: this links nothing). Last in the file, as the headers define
// macros such as lua_pcall.
#if __has_include(<lua5.4/lua.hpp>)
#include <lua5.4/lua.hpp>  // the C headers, as extern "C"

#include <type_traits>

#define BENCH_SAME_AS_LUA(member, function)                                                                            \
    static_assert(std::is_same_v<decltype(bench::lua54_api::member), decltype(&function)>, #function)
BENCH_SAME_AS_LUA(newstate, luaL_newstate);
BENCH_SAME_AS_LUA(openlibs, luaL_openlibs);
BENCH_SAME_AS_LUA(close, lua_close);
BENCH_SAME_AS_LUA(loadstring, luaL_loadstring);
BENCH_SAME_AS_LUA(pcallk, lua_pcallk);
BENCH_SAME_AS_LUA(settop, lua_settop);
BENCH_SAME_AS_LUA(pushvalue, lua_pushvalue);
BENCH_SAME_AS_LUA(createtable, lua_createtable);
BENCH_SAME_AS_LUA(setfield, lua_setfield);
BENCH_SAME_AS_LUA(pushnumber, lua_pushnumber);
BENCH_SAME_AS_LUA(pushinteger, lua_pushinteger);
BENCH_SAME_AS_LUA(pushboolean, lua_pushboolean);
BENCH_SAME_AS_LUA(pushstring, lua_pushstring);
BENCH_SAME_AS_LUA(rawgeti, lua_rawgeti);
BENCH_SAME_AS_LUA(rawseti, lua_rawseti);
BENCH_SAME_AS_LUA(tointegerx, lua_tointegerx);
BENCH_SAME_AS_LUA(tolstring, lua_tolstring);
#undef BENCH_SAME_AS_LUA
static_assert(LUA_OK == 0, "pcall's success code");
#endif
