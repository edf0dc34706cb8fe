// SPDX-License-Identifier: Apache-2.0
#pragma once
// Phase 1: read a rule file and the versions it extends, and merge them into one list
// of declarations, so a revision states only what changed.
#include "dsl/ast.hpp"

#include <hallmark/diagnostic.hpp>

#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace hallmark::engine {

/// Thrown by a finder when two files declare the version asked for.
struct ambiguous_version : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct source_text {
    std::string name;
    std::string text;
};

/// Finds the source of `name` version `version`, asked for by the file `from`; what it
/// skipped on the way (files that are not regular, headers that do not parse) goes into
/// `notes` as warnings.
/// When it finds nothing, it lists in `seen` the versions of `name` it did find, so the
/// error can name them.
/// A candidate base file as read once during one load: each level of `extends` searches
/// the same folder, and reading and parsing every header again at each level cost more
/// than the header it was looking for.
struct candidate_file {
    std::optional<std::string> text;  // none: unreadable, for `problem`
    std::optional<ast::header> head;  // none: no header, for `problem`
    std::string problem;
};

struct base_search {
    std::vector<diagnostic> notes;
    std::vector<std::string> seen;
    std::map<std::string, candidate_file>* read = nullptr;  // the files read so far in this load, by path
};
using base_finder = std::function<std::optional<source_text>(const std::string& name, const std::string& version,
                                                             const std::string& from, base_search& search)>;

/// A declaration the top file removed (`remove KIND NAME`), for messages that meet the name.
struct removal {
    ast::decl_kind kind;
    std::string id;
    ast::position pos;  // of the `remove`
};

struct loaded_rules {
    std::vector<source_text> sources;  // index = ast::position::file; the top file first
    ast::header head;
    std::vector<std::string> lineage;                        // "NAME VERSION" of each base, nearest first
    std::vector<std::pair<std::string, std::string>> bases;  // name, version of each base, nearest first
    std::vector<ast::declaration> declarations;
    std::vector<ast::test_decl> tests;       // the top file's own tests
    std::vector<ast::test_decl> base_tests;  // the tests of the bases, nearest first (`--with-base-tests`)
    std::vector<ast::test_decl> fixtures;    // of every file of the chain, top file first
    std::optional<ast::label_order> order;   // from the nearest file that states one
    std::vector<removal> removed;            // by the top file
    /// The merged declarations of the top file's base, before the top file changed them
    /// (empty for a file that extends nothing): what `check --strict` compares against.
    std::vector<ast::declaration> base_declarations;
    std::vector<ast::allowance> allows;      // of every file of the chain
    std::string sha256;                      // identifies every source byte of the chain
    std::vector<std::string> source_sha256;  // of each source's text, in the order of `sources`
    bool tests_read = true;                  // false: tests and fixtures were matched only
};

struct load_options {
    /// Without it, tests and fixtures are matched for their syntax only
    /// (dsl::reading::decisions), for a rule set that will only decide.
    bool read_tests = true;
    /// Keep `base_declarations` (only `check --strict` reads them; copying every
    /// declaration of the chain costs a tenth of compiling a revision).
    bool base_declarations = true;
};

/// Loads `top` and its bases into `out`. Returns false when the chain cannot be built
/// (a missing file or base, a syntax error); other problems (limits, revision merges)
/// are appended to `diags` and leave a result the checker can still report on.
/// `out.sources` always lists the files read.
bool load(source_text top, const base_finder& find_base, loaded_rules& out, std::vector<diagnostic>& diags,
          const load_options& options = {});

/// The finder used for files on disk: looks through the `*.rules` files in the
/// directory of the requesting file and in `extra_dirs`, reading only their headers
/// until one matches.
base_finder directory_finder(std::vector<std::string> extra_dirs = {});

}  // namespace hallmark::engine
