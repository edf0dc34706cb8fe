// SPDX-License-Identifier: Apache-2.0
// The LuaJIT peer: the same Lua script as the Lua 5.4 peer, run by LuaJIT 2.1 (Lua 5.1
// API). Opened at run time, not linked: see lua_common.hpp for why.
#include "bench/peers/ecei_lua.hpp"
#include "bench/peers/lua_common.hpp"

#include <cstddef>

namespace bench {
namespace {

using lua_detail::shared_library;

// LuaJIT's lua_Integer (luaconf.h); lua_Number is double.
using integer_jit = std::ptrdiff_t;

struct luajit_api {
    static constexpr const char* soname = "libluajit-5.1.so.2";
    static constexpr const char* engine = "LuaJIT";

    lua_State* (*newstate)();
    void (*openlibs)(lua_State*);
    void (*close)(lua_State*);
    int (*loadstring)(lua_State*, const char*);
    int (*pcall_)(lua_State*, int, int, int);
    void (*settop)(lua_State*, int);
    void (*pushvalue)(lua_State*, int);
    void (*createtable)(lua_State*, int, int);
    void (*setfield)(lua_State*, int, const char*);
    void (*pushnumber)(lua_State*, double);
    void (*pushinteger)(lua_State*, integer_jit);
    void (*pushboolean)(lua_State*, int);
    void (*pushstring)(lua_State*, const char*);
    void (*rawgeti)(lua_State*, int, int);
    void (*rawseti)(lua_State*, int, int);
    integer_jit (*tointegerx)(lua_State*, int, int*);  // a 5.2 function LuaJIT 2.1 adds
    const char* (*tolstring)(lua_State*, int, std::size_t*);

    explicit luajit_api(const shared_library& lib)
    {
        bind_shared(*this, lib);
        lib.bind(pcall_, "lua_pcall");
    }

    int pcall(lua_State* L, int nargs, int nresults) const { return pcall_(L, nargs, nresults, 0); }

    // jit.version already carries the release, e.g. "LuaJIT 2.1.0-beta3".
    std::string name(const std::string& reported) const { return reported; }
};

}  // namespace

std::unique_ptr<peer> make_luajit_peer(std::string& why) { return lua_detail::make_peer<luajit_api>(why); }

std::unique_ptr<ecei_lua_engine> make_luajit_ecei(std::string& why) { return lua_detail::make_ecei<luajit_api>(why); }

std::unique_ptr<ecei_lua_engine> make_luajit_interpreter_ecei(std::string& why)
{
    return lua_detail::make_ecei<luajit_api>(why, true);
}

}  // namespace bench

// Where LuaJIT's headers are installed, check the signatures declared above against
// them (unevaluated: this links nothing). Last in the file, as the headers define
// macros such as lua_pop.
#if __has_include(<luajit-2.1/lua.hpp>)
#include <luajit-2.1/lua.hpp>  // the C headers, as extern "C"

#include <type_traits>

#define BENCH_SAME_AS_LUAJIT(member, function)                                                                         \
    static_assert(std::is_same_v<decltype(bench::luajit_api::member), decltype(&function)>, #function)
BENCH_SAME_AS_LUAJIT(newstate, luaL_newstate);
BENCH_SAME_AS_LUAJIT(openlibs, luaL_openlibs);
BENCH_SAME_AS_LUAJIT(close, lua_close);
BENCH_SAME_AS_LUAJIT(loadstring, luaL_loadstring);
BENCH_SAME_AS_LUAJIT(pcall_, lua_pcall);
BENCH_SAME_AS_LUAJIT(settop, lua_settop);
BENCH_SAME_AS_LUAJIT(pushvalue, lua_pushvalue);
BENCH_SAME_AS_LUAJIT(createtable, lua_createtable);
BENCH_SAME_AS_LUAJIT(setfield, lua_setfield);
BENCH_SAME_AS_LUAJIT(pushnumber, lua_pushnumber);
BENCH_SAME_AS_LUAJIT(pushinteger, lua_pushinteger);
BENCH_SAME_AS_LUAJIT(pushboolean, lua_pushboolean);
BENCH_SAME_AS_LUAJIT(pushstring, lua_pushstring);
BENCH_SAME_AS_LUAJIT(rawgeti, lua_rawgeti);
BENCH_SAME_AS_LUAJIT(rawseti, lua_rawseti);
BENCH_SAME_AS_LUAJIT(tointegerx, lua_tointegerx);
BENCH_SAME_AS_LUAJIT(tolstring, lua_tolstring);
#undef BENCH_SAME_AS_LUAJIT
#endif
