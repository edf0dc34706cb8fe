// Choosing a methodology version by name, by version, or by the date in force.
#include <hallmark/rule_set.hpp>

#include "dsl/parser.hpp"
#include "engine/load.hpp"

#include <algorithm>
#include <filesystem>

namespace hallmark {

std::vector<version_entry> find_versions(const std::string& dir)
{
    namespace fs = std::filesystem;
    std::vector<version_entry> out;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
        if (it->path().extension() != ".rules") continue;
        auto text = engine::read_text_file(it->path().string());
        if (!text) continue;
        auto parsed = dsl::parse(*text, it->path().string(), 0);
        if (!parsed.file) continue;
        const auto& h = parsed.file->head;
        out.push_back({it->path().string(), h.name, h.version, h.effective, h.until});
    }
    std::sort(out.begin(), out.end(), [](const version_entry& a, const version_entry& b) {
        if (a.name != b.name) return a.name < b.name;
        if (a.effective != b.effective) return a.effective < b.effective;
        return a.path < b.path;
    });
    return out;
}

std::vector<std::pair<version_entry, version_entry>> duplicate_versions(const std::vector<version_entry>& all)
{
    std::vector<std::pair<version_entry, version_entry>> out;
    for (std::size_t i = 0; i < all.size(); ++i)
        for (std::size_t j = i + 1; j < all.size(); ++j)
            if (all[i].name == all[j].name && all[i].version == all[j].version) out.emplace_back(all[i], all[j]);
    return out;
}

std::optional<version_entry> select_version(const std::vector<version_entry>& all, const std::string& name,
                                            const std::optional<std::string>& version, date on)
{
    std::optional<version_entry> best;
    for (const auto& v : all) {
        if (v.name != name) continue;
        if (version) {
            if (v.version == *version) return v;
            continue;
        }
        if (!v.effective || on < *v.effective) continue;
        if (v.until && *v.until < on) continue;
        if (!best || *best->effective < *v.effective) best = v;
    }
    return best;
}

}  // namespace hallmark
