// SPDX-License-Identifier: Apache-2.0
// Parse-tree nodes from a per-thread free list. A file is parsed declaration by
// declaration, so few nodes are alive at once, but many are made and dropped: every
// kept rule that starts gets one, also when it fails and the parser backtracks.
#include "dsl/parse_tree.hpp"

#include <new>
#include <utility>

#if defined(__SANITIZE_ADDRESS__)
#define HALLMARK_PLAIN_NODES 1  // AddressSanitizer sees each node's lifetime
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HALLMARK_PLAIN_NODES 1
#endif
#endif

namespace hallmark::dsl {
namespace {

#ifndef HALLMARK_PLAIN_NODES
struct free_block {
    free_block* next;
};
static_assert(sizeof(node) >= sizeof(free_block));

// Freed nodes, kept for the next ones on this thread. Bounded, so a huge file does not
// keep its peak for the life of the thread; what is over goes back to the heap.
struct node_pool {
    static constexpr std::size_t max_kept = 8192;
    free_block* head = nullptr;
    std::size_t kept = 0;
    node_pool() = default;
    node_pool(const node_pool&) = delete;
    node_pool& operator=(const node_pool&) = delete;
    ~node_pool()
    {
        while (head) ::operator delete(std::exchange(head, head->next));
    }
};

node_pool& pool()
{
    thread_local node_pool p;
    return p;
}
#endif

}  // namespace

void* node::operator new(std::size_t size)
{
#ifndef HALLMARK_PLAIN_NODES
    auto& p = pool();
    if (size == sizeof(node) && p.head) {
        --p.kept;
        return std::exchange(p.head, p.head->next);
    }
#endif
    return ::operator new(size);
}

void node::operator delete(void* block, [[maybe_unused]] std::size_t size) noexcept
{
#ifndef HALLMARK_PLAIN_NODES
    auto& p = pool();
    if (size == sizeof(node) && p.kept < node_pool::max_kept) {
        p.head = new (block) free_block{p.head};
        ++p.kept;
        return;
    }
#endif
    ::operator delete(block);  // unsized: clang 14 has no sized deallocation by default
}

}  // namespace hallmark::dsl
