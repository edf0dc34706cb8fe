// SPDX-License-Identifier: Apache-2.0
/* A C11 program on hallmark's C API, built the way a user builds one: against the
   installed library (find_package, pkg-config; see consumer_test.cmake) and in the build
   tree under AddressSanitizer and ThreadSanitizer (tests/capi).

     consumer_c RULES ASSESSMENT.json [THREADS]

   Prints the decision JSON, which must be what `hallmark eval --format json` prints, and
   exits 0; exits 1 when threads sharing the one compiled rule set, the batch call or the
   label-only path disagree with it, 2 on bad input (with the library's message). */
// POSIX threads, not C11's <threads.h>: ThreadSanitizer does not see threads that glibc's
// thrd_create starts, and crashes in them.
#define _POSIX_C_SOURCE 200809L

#include <hallmark/hallmark.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { rounds = 25, batch = 16, max_threads = 64 };

struct shared {
    const hm_rules* rules;
    const char* json;
    size_t length;
    const char* expected;
};

static char* read_file(const char* path, size_t* length)
{
    FILE* f = fopen(path, "rb");
    if (!f) return NULL;
    char* text = NULL;
    size_t size = 0, used = 0;
    for (;;) {
        if (used == size) {
            char* grown = realloc(text, size = size ? size * 2 : 4096);
            if (!grown) break;
            text = grown;
        }
        size_t n = fread(text + used, 1, size - used, f);
        used += n;
        if (n == 0) break;
    }
    fclose(f);
    *length = used;
    return text;
}

/* One thread: decide the same document again and again, with the shared rule set. */
static void* decide_again(void* arg)
{
    struct shared* s = arg;
    int failed = 0;
    for (int i = 0; i < rounds; ++i) {
        char* decision = NULL;
        if (hm_evaluate(s->rules, s->json, s->length, NULL, &decision, NULL) != HM_OK ||
            strcmp(decision, s->expected) != 0)
            failed = 1;
        hm_string_free(decision);
    }
    /* Each thread its own input for the label-only path: nothing reported reaches the
       same label as a document with nothing reported. */
    hm_input* input = NULL;
    const char* label = "unset";
    if (hm_input_new(s->rules, &input, NULL) != HM_OK || hm_input_label(input, &label, NULL) != HM_OK) failed = 1;
    hm_input_free(input);
    return failed ? arg : NULL;
}

/* The batch call, spread over threads inside the library. */
static int decide_batch(const struct shared* s)
{
    const char* jsons[batch];
    size_t lengths[batch];
    char* decisions[batch];
    hm_error* errors[batch];
    for (int i = 0; i < batch; ++i) {
        jsons[i] = s->json;
        lengths[i] = s->length;
    }
    int failed = hm_evaluate_many(s->rules, jsons, lengths, NULL, batch, 4, decisions, errors) != HM_OK;
    for (int i = 0; i < batch; ++i) {
        if (!decisions[i] || errors[i] || strcmp(decisions[i], s->expected) != 0) failed = 1;
        hm_string_free(decisions[i]);
        hm_error_free(errors[i]);
    }
    return failed;
}

static int run_threads(struct shared* s, int count)
{
    pthread_t threads[max_threads];
    int started = 0, failed = 0;
    for (; started < count; ++started)
        if (pthread_create(&threads[started], NULL, decide_again, s) != 0) {
            failed = 1;
            break;
        }
    for (int i = 0; i < started; ++i) {
        void* result = s;
        pthread_join(threads[i], &result);
        failed |= result != NULL;
    }
    return failed;
}

int main(int argc, char** argv)
{
    if (argc < 3 || argc > 4) {
        fputs("usage: consumer_c RULES ASSESSMENT.json [THREADS]\n", stderr);
        return 2;
    }
    int threads = argc == 4 ? atoi(argv[3]) : 4;
    if (threads < 1 || threads > max_threads) threads = 4;
    hm_rules* rules = NULL;
    hm_error* error = NULL;
    if (hm_compile_file(argv[1], &rules, &error) != HM_OK) {
        fputs(hm_error_message(error), stderr);
        hm_error_free(error);
        return 2;
    }
    size_t length = 0;
    char* json = read_file(argv[2], &length);
    char* decision = NULL;
    if (!json || hm_evaluate(rules, json, length, argv[2], &decision, &error) != HM_OK) {
        fputs(json ? hm_error_message(error) : "cannot read the assessment\n", stderr);
        hm_error_free(error);
        free(json);
        hm_rules_free(rules);
        return 2;
    }
    struct shared s = {rules, json, length, decision};
    int failed = run_threads(&s, threads) | decide_batch(&s);
    if (failed) fprintf(stderr, "threads or the batch call disagree with the decision (%s)\n", hm_version());
    else fputs(decision, stdout);
    hm_string_free(decision);
    free(json);
    hm_rules_free(rules);
    return failed;
}
