// SPDX-License-Identifier: Apache-2.0
#pragma once
// The documents the editor has open, and what compiling each one found. A base version
// (`extends`) is looked for among the files of the document's directory, an open
// buffer before the file on disk, so an unsaved edit of a base shows in its revisions.
#include <hallmark/rule_set.hpp>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hallmark::lsp {

struct document {
    std::string uri, path, text;
    /// The files the last compile read, top first (its own text, then its bases).
    std::vector<rule_source> sources;
    /// Everything the last compile said, as `hallmark check --strict` says it.
    std::vector<diagnostic> diagnostics;
    /// The last rule set that compiled, and its files: hover and completion keep working
    /// while the text is broken between two keystrokes.
    std::optional<rule_set> rules;
    std::vector<rule_source> rules_sources;
};

/// The path of a `file:` URI (percent-escapes decoded); other URIs (`untitled:`) are
/// their own "path", with no directory to search.
[[nodiscard]] std::string path_of_uri(std::string_view uri);
/// The `file:` URI of an absolute path.
[[nodiscard]] std::string uri_of_path(std::string_view path);

class workspace {
public:
    /// Opens or replaces a document's text, compiles it and every open document that
    /// may extend it; returns the URIs whose diagnostics changed.
    std::vector<std::string> set_text(const std::string& uri, std::string text);
    void close(const std::string& uri);
    [[nodiscard]] const document* find(const std::string& uri) const;
    [[nodiscard]] const std::map<std::string, document>& documents() const { return docs_; }
    /// Compiles `text` as if it were at `path`, with bases found as for diagnostics.
    [[nodiscard]] compile_result compile(const std::string& path, std::string_view text, bool strict) const;
    /// The text of a file a compile read: an open buffer, the file's source as read,
    /// or nothing.
    [[nodiscard]] std::optional<std::string> text_of(const std::string& path) const;

private:
    void analyze(document& d);
    [[nodiscard]] std::optional<rule_source> find_base(const std::string& dir, const std::string& name,
                                                       const std::string& version) const;
    std::map<std::string, document> docs_;
};

}  // namespace hallmark::lsp
