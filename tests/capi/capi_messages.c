// SPDX-License-Identifier: Apache-2.0
/* The C API's answers to bad input, to be compared with the command's (compare_cli.cmake),
   and its answers to misuse (`checks`). Built with -std=c11 -Wall -Wextra -Werror.

     capi_messages compile RULES             as `hallmark eval --rules RULES ...` compiles
     capi_messages eval RULES ASSESSMENT     as `hallmark eval --format json --rules RULES ASSESSMENT`
     capi_messages select DIR NAME VERSION   as `hallmark eval --methodology NAME@VERSION --rules-dir DIR`
     capi_messages verify LOG                as `hallmark verify --format json LOG`
     capi_messages checks                    misuse, diagnostics, the label-only path

   Messages go to standard error and results to standard output, with the command's exit
   codes (0, 1 the answer is no, 2 bad input). */
#include <hallmark/hallmark.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail_with(hm_status status, hm_error* error)
{
    fputs(hm_error_message(error), stderr);
    hm_error_free(error);
    return status == HM_NO ? 1 : 2;
}

static char* read_file(const char* path, size_t* length)
{
    FILE* f = fopen(path, "rb");
    if (!f) return NULL;
    char* text = malloc(1 << 20);
    *length = text ? fread(text, 1, 1 << 20, f) : 0;
    fclose(f);
    return text;
}

static int compile(const char* path, hm_rules** rules)
{
    hm_error* error = NULL;
    hm_status status = hm_compile_file(path, rules, &error);
    if (status != HM_OK) return fail_with(status, error);
    fputs(hm_rules_warnings(*rules), stderr);
    return 0;
}

static int eval(const char* rules_path, const char* assessment)
{
    size_t length = 0;
    char* json = read_file(assessment, &length);
    if (!json) return 2;
    hm_rules* rules = NULL;
    hm_error* error = NULL;
    char* decision = NULL;
    int code = compile(rules_path, &rules);
    if (code == 0) {
        hm_status status = hm_evaluate(rules, json, length, assessment, &decision, &error);
        code = status == HM_OK ? 0 : fail_with(status, error);
    }
    if (decision) fputs(decision, stdout);
    hm_string_free(decision);
    hm_rules_free(rules);
    free(json);
    return code;
}

static int output(hm_status status, char* text, hm_error* error)
{
    if (status != HM_OK && status != HM_NO) return fail_with(status, error);
    if (text) fputs(text, stdout);
    hm_string_free(text);
    return status == HM_NO ? 1 : 0;
}

static int failures = 0;

static void expect(int ok, const char* what)
{
    if (ok) return;
    fprintf(stderr, "FAILED: %s\n", what);
    ++failures;
}

/* NULL arguments are misuse, reported and never a crash; nothing leaks. */
static void misuse(void)
{
    hm_error* error = NULL;
    hm_rules* rules = NULL;
    expect(hm_compile_file(NULL, &rules, &error) == HM_MISUSE && error, "NULL path is misuse");
    expect(error && strstr(hm_error_message(error), "must not be NULL") != NULL, "misuse says what");
    expect(hm_error_status(error) == HM_MISUSE, "the error keeps its status");
    hm_error_free(error);
    expect(hm_compile_file("x", NULL, NULL) == HM_MISUSE, "NULL out is misuse, without an error object");
    expect(hm_evaluate(NULL, "{}", 2, NULL, NULL, NULL) == HM_MISUSE, "NULL rules is misuse");
    expect(strcmp(hm_status_name(HM_BAD_INPUT), "bad input") == 0, "status names");
    expect(strncmp(hm_version(), "hallmark ", 9) == 0, "hm_version");
    hm_rules_free(NULL);
    hm_input_free(NULL);
    hm_log_close(NULL);
    hm_error_free(NULL);
    hm_string_free(NULL);
}

/* Every diagnostic of a compile, with its place. */
static void diagnostics(void)
{
    const char* text = "methodology \"T\" version \"1\"\nindicator x: count\ncriterion C requires y > 1\n";
    hm_rules* rules = NULL;
    hm_error* error = NULL;
    expect(hm_compile_string(text, strlen(text), "t.rules", &rules, &error) == HM_BAD_INPUT, "bad rules refused");
    expect(rules == NULL, "no rule set from bad rules");
    expect(hm_error_diagnostic_count(error) >= 1, "diagnostics counted");
    /* A warning (no label) without a place, and the error with its place. */
    hm_diagnostic d;
    int found = 0;
    for (size_t i = 0; i < hm_error_diagnostic_count(error); ++i) {
        expect(hm_error_diagnostic(error, i, &d) == HM_OK, "diagnostic read");
        if (d.severity == HM_SEVERITY_ERROR)
            found =
                strcmp(d.source, "t.rules") == 0 && d.line == 3 && d.column == 22 && strstr(d.message, "'y'") != NULL;
    }
    expect(found, "the error names t.rules, line 3, column 22 and the unknown name");
    expect(strstr(hm_error_message(error), "t.rules:3:") != NULL, "the message renders file:line:column");
    expect(hm_error_diagnostic(error, 99, &d) == HM_MISUSE, "no diagnostic 99");
    hm_error_free(error);
}

/* hm_evaluate_many at hallmark::limits::max_evaluation_threads (256) and one past it. */
static void batch_limit(const hm_rules* rules)
{
    const char* doc = "{\"assessed_on\": \"2024-01-31\", \"indicators\": {\"n\": 5}}";
    const char* jsons[2] = {doc, "{"};
    size_t lengths[2] = {strlen(doc), 1};
    char* decisions[2];
    hm_error* errors[2];
    expect(hm_evaluate_many(rules, jsons, lengths, NULL, 2, 256, decisions, errors) == HM_BAD_INPUT,
           "256 threads: one decided, one not");
    expect(decisions[0] && !errors[0] && !decisions[1] && hm_error_status(errors[1]) == HM_BAD_INPUT,
           "each slot its answer");
    for (int i = 0; i < 2; ++i) {
        hm_string_free(decisions[i]);
        hm_error_free(errors[i]);
    }
    expect(hm_evaluate_many(rules, jsons, lengths, NULL, 2, 257, decisions, errors) == HM_MISUSE, "257 refused");
    for (int i = 0; i < 2; ++i) {
        expect(!decisions[i] && strstr(hm_error_message(errors[i]), "at most 256") != NULL, "each slot says why");
        hm_error_free(errors[i]);
    }
}

/* Recording to a decision log and verifying it (capi_checks.db in the working directory). */
static void log_record(const hm_rules* rules)
{
    const char* doc = "{\"assessed_on\": \"2024-01-31\", \"indicators\": {\"n\": 5}}";
    hm_log* log = NULL;
    hm_error* error = NULL;
    int64_t id = 0;
    char* decision = NULL;
    remove("capi_checks.db");
    expect(hm_log_open("capi_checks.db", &log, NULL) == HM_OK, "log opened");
    expect(hm_log_record(log, rules, doc, strlen(doc), NULL, "an expert", &id, &decision, NULL) == HM_OK && id == 1 &&
               strstr(decision, "\"label\": \"ok\"") != NULL,
           "decision 1 recorded");
    hm_string_free(decision);
    expect(hm_log_record(log, rules, doc, strlen(doc), NULL, NULL, &id, NULL, NULL) == HM_OK && id == 2,
           "decision 2 recorded");
    expect(hm_log_record(log, rules, "{", 1, "x.json", NULL, &id, NULL, &error) == HM_BAD_INPUT &&
               strstr(hm_error_message(error), "x.json:1:") != NULL,
           "a bad document is not recorded");
    hm_error_free(error);
    hm_log_close(log);
    char* verdict = NULL;
    expect(hm_log_verify("capi_checks.db", NULL, &verdict, NULL) == HM_OK &&
               strstr(verdict, "\"intact\": true, \"records\": 2") != NULL,
           "the log is intact with two records");
    hm_string_free(verdict);
    expect(hm_log_verify("capi_checks.db", "xyz", &verdict, &error) == HM_BAD_INPUT, "a head that is no hash");
    hm_error_free(error);
    expect(hm_log_open(".", &log, &error) == HM_ENVIRONMENT && strstr(hm_error_message(error), "error: ") != NULL,
           "a directory is no log");
    hm_error_free(error);
    remove("capi_checks.db");
}

/* The label-only path against the full evaluation, and its refusals. */
static void label_path(void)
{
    const char* text = "methodology \"T\" version \"1\"\nindicator n: count\n"
                       "criterion C requires n >= 3\nlabel ok \"OK\" requires C valid 1 year\n";
    hm_rules* rules = NULL;
    hm_input* input = NULL;
    hm_error* error = NULL;
    const char* label = "unset";
    int n = -1;
    expect(hm_compile_string(text, strlen(text), NULL, &rules, NULL) == HM_OK, "label rules compile");
    expect(hm_input_new(rules, &input, NULL) == HM_OK && hm_input_indicator_count(input) == 1, "one indicator");
    expect(hm_input_indicator(input, "n", &n, NULL) == HM_OK && n == 0, "indicator n found");
    expect(hm_input_indicator(input, "m", &n, &error) == HM_BAD_INPUT && strstr(hm_error_message(error), "'m'"),
           "no indicator m");
    hm_error_free(error);
    expect(hm_input_set_assessed_on(input, 2024, 1, 31, NULL) == HM_OK, "assessed_on set");
    expect(hm_input_label(input, &label, NULL) == HM_OK && label == NULL, "nothing reported: no label");
    expect(hm_input_set_integer(input, 0, 5, NULL) == HM_OK, "n = 5");
    expect(hm_input_label(input, &label, NULL) == HM_OK && label && strcmp(label, "ok") == 0, "n = 5: ok");
    expect(hm_input_set_decimal(input, 0, "2", NULL) == HM_OK, "n = 2");
    expect(hm_input_label(input, &label, NULL) == HM_OK && label == NULL, "n = 2: no label");
    expect(hm_input_set_decimal(input, 0, "abc", &error) == HM_BAD_INPUT &&
               strstr(hm_error_message(error), "indicators.n") != NULL,
           "a bad decimal names the indicator");
    hm_error_free(error);
    expect(hm_input_set_decimal(input, 0, "2.5", &error) == HM_BAD_INPUT, "a count is whole");
    hm_error_free(error);
    expect(hm_input_set_integer(input, 7, 1, &error) == HM_BAD_INPUT, "no indicator 7");
    hm_error_free(error);
    expect(hm_input_set_date(input, 0, 2023, 2, 30, &error) == HM_BAD_INPUT, "no 30 February");
    hm_error_free(error);
    hm_input_free(input);
    batch_limit(rules);
    log_record(rules);
    hm_rules_free(rules);
}

static int checks(void)
{
    misuse();
    diagnostics();
    label_path();
    if (failures == 0) puts("all checks passed");
    return failures ? 1 : 0;
}

int main(int argc, char** argv)
{
    hm_rules* rules = NULL;
    char* text = NULL;
    hm_error* error = NULL;
    if (argc == 3 && strcmp(argv[1], "compile") == 0) {
        int code = compile(argv[2], &rules);
        hm_rules_free(rules);
        return code;
    }
    if (argc == 4 && strcmp(argv[1], "eval") == 0) return eval(argv[2], argv[3]);
    /* The call first: the order in which a call's arguments are read is unspecified. */
    if (argc == 5 && strcmp(argv[1], "select") == 0) {
        hm_status status = hm_select_version(argv[2], argv[3], argv[4], NULL, &text, &error);
        return output(status, text, error);
    }
    if (argc == 3 && strcmp(argv[1], "verify") == 0) {
        hm_status status = hm_log_verify(argv[2], NULL, &text, &error);
        return output(status, text, error);
    }
    if (argc == 2 && strcmp(argv[1], "checks") == 0) return checks();
    fputs("usage: capi_messages compile|eval|select|verify|checks ...\n", stderr);
    return 2;
}
