# SPDX-License-Identifier: Apache-2.0
"""hallmark: decide certification labels with hallmark's rule engine, from Python.

    import hallmark
    rules = hallmark.compile_file("examples/quickstart/labels.rules")
    decision = rules.evaluate(assessment_dict_or_json_text)
    print(decision["label"])

The module calls libhallmark_c, hallmark's C API (include/hallmark/hallmark.h), through
cffi; the decision JSON is the same bytes as `hallmark eval --format json`. Every call
into the library releases the interpreter lock, so threads evaluate in parallel; and
RuleSet.evaluate_many spreads a batch over threads inside the library. See
docs/bindings.md.
"""
import datetime
import decimal
from typing import NamedTuple

from . import _convert
from ._native import ffi, lib

__all__ = [
    "Diagnostic", "HallmarkError", "CompileError", "InputError", "LogError",
    "RuleSet", "LabelInput", "DecisionLog",
    "compile_file", "compile_string", "select_version", "compile_version", "versions", "verify_log", "version",
]

_STATUS = {1: "no", 2: "bad input", 3: "environment", 4: "misuse", 5: "no memory", 6: "internal"}


class Diagnostic(NamedTuple):
    """One problem, where it is: `source` (file or name), 1-based `line` and `column`
    (line 0: the whole source), `severity` ("error", "warning", "note") and `message`."""
    severity: str
    source: str
    line: int
    column: int
    message: str


class HallmarkError(Exception):
    """A call that failed. `message` is the text the hallmark command prints on standard
    error for the same input; `diagnostics` the problems one by one; `status` the C API's
    status name ("bad input", "environment", ...)."""

    def __init__(self, status, message, diagnostics=()):
        super().__init__(message.rstrip("\n"))
        self.status = status
        self.message = message
        self.diagnostics = list(diagnostics)
        self.index = None  # the assessment's position, in a batch


class CompileError(HallmarkError):
    """Rule text that does not compile, or a rules directory without the version asked for."""


class InputError(HallmarkError):
    """An assessment, or a value for an indicator, that does not fit the rules."""


class LogError(HallmarkError):
    """A decision log that cannot be opened, read or written."""


_SEVERITY = {0: "error", 1: "warning", 2: "note"}


def _text(c_text):
    return ffi.string(c_text).decode("utf-8") if c_text != ffi.NULL else None


def _error_from(status, err, kind):
    """The exception for a failed call, taking (and freeing) its hm_error."""
    if err == ffi.NULL:
        return kind(_STATUS.get(status, "internal"), "error: %s\n" % _STATUS.get(status, "internal"))
    try:
        diagnostics = []
        d = ffi.new("hm_diagnostic*")
        for i in range(lib.hm_error_diagnostic_count(err)):
            lib.hm_error_diagnostic(err, i, d)
            diagnostics.append(Diagnostic(_SEVERITY.get(d.severity, "error"), _text(d.source), d.line, d.column,
                                          _text(d.message)))
        if status == lib.HM_ENVIRONMENT:
            kind = LogError
        elif status != lib.HM_BAD_INPUT:
            kind = HallmarkError
        return kind(_STATUS.get(status, "internal"), _text(lib.hm_error_message(err)), diagnostics)
    finally:
        lib.hm_error_free(err)


def _call(kind, function, *args):
    """Calls an hm_ function whose last argument is hm_error**; raises on failure."""
    err = ffi.new("hm_error**")
    status = function(*args, err)
    if status != lib.HM_OK:
        raise _error_from(status, err[0], kind)


def _take_string(out):
    """The text of a char* the library handed out, which is then freed."""
    try:
        return ffi.string(out[0]).decode("utf-8")
    finally:
        lib.hm_string_free(out[0])


def _c_string(text, what):
    if not isinstance(text, str):
        raise TypeError("%s must be a str, not %s" % (what, type(text).__name__))
    return text.encode("utf-8")


def version():
    """The engine's version, "hallmark 0.1.0", as `hallmark --version` prints it."""
    return _text(lib.hm_version())


class RuleSet:
    """A compiled rule set: immutable, shared freely between threads."""

    def __init__(self, handle):
        self._handle = ffi.gc(handle, lib.hm_rules_free)
        self._types = None

    @property
    def name(self):
        """The methodology's name."""
        return _text(lib.hm_rules_name(self._handle))

    @property
    def version(self):
        """The methodology's version."""
        return _text(lib.hm_rules_version(self._handle))

    @property
    def title(self):
        """The methodology's title."""
        return _text(lib.hm_rules_title(self._handle))

    @property
    def sha256(self):
        """SHA-256 of the rule sources, as decisions give it."""
        return _text(lib.hm_rules_sha256(self._handle))

    @property
    def warnings(self):
        """Warnings of the compile, rendered as `hallmark check` renders them ("" when none)."""
        return _text(lib.hm_rules_warnings(self._handle))

    def _indicator_types(self):
        if self._types is None:
            self._types = {i["id"]: i["type"] for i in self.catalogue()["indicators"]}
        return self._types

    def evaluate_json(self, assessment, name=None):
        """The decision JSON text for an assessment (a dict, or JSON text): the same bytes
        as `hallmark eval --format json`. `name` names the document in messages."""
        data = _convert.assessment_bytes(assessment)
        out = ffi.new("char**")
        _call(InputError, lib.hm_evaluate, self._handle, data, len(data), _name(name), out)
        return _take_string(out)

    def evaluate(self, assessment, name=None):
        """The decision for an assessment (a dict, or JSON text) as a dict: dates as
        datetime.date, decimals as decimal.Decimal, outcomes as str. Raises InputError
        (with the command's messages) when the assessment does not fit the rules."""
        return _convert.decision(self.evaluate_json(assessment, name), self._indicator_types())

    def evaluate_many(self, assessments, threads=0, as_json=False, errors="raise"):
        """Decides every assessment with the interpreter lock released, spread over
        `threads` threads inside the library (0: one per core; at most 256,
        limits::max_evaluation_threads). Returns the decisions in
        order (dicts, or JSON text with `as_json`). A failed assessment raises its
        InputError (its `index` says which) or, with errors="return", stands in the list."""
        if errors not in ("raise", "return"):
            raise ValueError('errors must be "raise" or "return"')
        if threads < 0:
            raise ValueError("threads must be 0 (one per core) or more")
        data = [_convert.assessment_bytes(a) for a in assessments]
        n = len(data)
        texts = [ffi.new("char[]", d) for d in data]
        decisions, errs = ffi.new("char*[]", n), ffi.new("hm_error*[]", n)
        lib.hm_evaluate_many(self._handle, texts, [len(d) for d in data], ffi.NULL, n, threads, decisions, errs)
        results, failure = [], None
        for i in range(n):
            if decisions[i] != ffi.NULL:
                text = ffi.string(decisions[i]).decode("utf-8")
                lib.hm_string_free(decisions[i])
                results.append(text if as_json else _convert.decision(text, self._indicator_types()))
            else:
                e = _error_from(lib.HM_BAD_INPUT if errs[i] == ffi.NULL else lib.hm_error_status(errs[i]), errs[i],
                                InputError)
                e.index = i
                failure = failure or e
                results.append(e)
        if failure is not None and errors == "raise":
            raise failure
        return results

    def catalogue(self):
        """What the rules declare (areas, indicators, criteria, labels) as a dict; the
        layout of hallmark/schema.hpp's catalogue_json, dates and decimals typed."""
        out = ffi.new("char**")
        _call(HallmarkError, lib.hm_rules_catalogue_json, self._handle, out)
        return _convert.catalogue(_take_string(out))

    def schema(self):
        """JSON Schema (draft 2020-12) of the assessment document, as `hallmark schema`."""
        out = ffi.new("char**")
        _call(HallmarkError, lib.hm_rules_schema_json, self._handle, out)
        return _convert.loads(_take_string(out))

    def template(self, format="json"):
        """A blank assessment, as `hallmark template --format FORMAT`: json, csv or md."""
        out = ffi.new("char**")
        _call(InputError, lib.hm_rules_template, self._handle, _c_string(format, "format"), out)
        return _take_string(out)

    def input(self):
        """A LabelInput for these rules: the label alone, value by value."""
        return LabelInput(self)


def _name(name):
    return ffi.NULL if name is None else _c_string(name, "name")


def compile_file(path):
    """Compiles the rule file at `path` and the versions it extends. Raises CompileError
    carrying every diagnostic (file, line, column, message)."""
    out = ffi.new("hm_rules**")
    _call(CompileError, lib.hm_compile_file, _c_string(str(path), "path"), out)
    return RuleSet(out[0])


def compile_string(text, name="<string>"):
    """Compiles rule text; `name` names it in messages."""
    data = _c_string(text, "text")
    out = ffi.new("hm_rules**")
    _call(CompileError, lib.hm_compile_string, data, len(data), _c_string(name, "name"), out)
    return RuleSet(out[0])


def select_version(directory, name, version=None, on=None):
    """The path of the rule file of methodology `name` in `directory`: the version named
    `version`; else the one in force on the date `on` (a datetime.date); else the latest."""
    if on is not None and (not isinstance(on, datetime.date) or isinstance(on, datetime.datetime)):
        raise TypeError("on must be a datetime.date")
    out = ffi.new("char**")
    _call(CompileError, lib.hm_select_version, _c_string(str(directory), "directory"), _c_string(name, "name"),
          _name(version), ffi.NULL if on is None else on.isoformat().encode(), out)
    return _take_string(out)


def compile_version(directory, name, version=None, on=None):
    """Compiles the version select_version chooses."""
    return compile_file(select_version(directory, name, version=version, on=on))


def versions(directory):
    """Every rule file in `directory`: dicts of path, name, version, effective, until
    (datetime.date or None) and extends ("NAME VERSION" or None)."""
    out = ffi.new("char**")
    _call(CompileError, lib.hm_versions_json, _c_string(str(directory), "directory"), out)
    found = _convert.loads(_take_string(out))
    for v in found:
        v["effective"] = None if v["effective"] is None else datetime.date.fromisoformat(v["effective"])
        v["until"] = None if v["until"] is None else datetime.date.fromisoformat(v["until"])
    return found


class LabelInput:
    """An assessment's values set one by one, for the label alone (a form deciding on
    every keystroke). Not shared between threads: make one per thread."""

    def __init__(self, rules):
        out = ffi.new("hm_input**")
        _call(HallmarkError, lib.hm_input_new, rules._handle, out)
        self._rules = rules
        self._handle = ffi.gc(out[0], lib.hm_input_free)
        # Each index's type, so that a str for a number or a date is read as one (as in
        # an assessment document) rather than as a choice.
        self._types = {}
        for indicator, kind in rules._indicator_types().items():
            self._types[self.index(indicator)] = kind

    def index(self, indicator):
        """The index of an indicator id (resolve once, then set by index)."""
        out = ffi.new("int*")
        _call(InputError, lib.hm_input_indicator, self._handle, _c_string(indicator, "indicator"), out)
        return out[0]

    def _at(self, indicator):
        return indicator if isinstance(indicator, int) and not isinstance(indicator, bool) else self.index(indicator)

    def set(self, indicator, value):
        """Sets an indicator (id or index): decimal.Decimal, int or decimal text for
        numbers, bool, datetime.date (or "YYYY-MM-DD") for dates, str for a choice; None
        clears it. Raises InputError when the value does not fit, leaving the old one."""
        at = self._at(indicator)
        if value is None:
            _call(InputError, lib.hm_input_clear, self._handle, at)
        elif isinstance(value, bool):
            _call(InputError, lib.hm_input_set_bool, self._handle, at, int(value))
        elif isinstance(value, int):
            _call(InputError, lib.hm_input_set_decimal, self._handle, at, str(value).encode())
        elif isinstance(value, decimal.Decimal):
            _call(InputError, lib.hm_input_set_decimal, self._handle, at, format(value, "f").encode())
        elif isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            _call(InputError, lib.hm_input_set_date, self._handle, at, value.year, value.month, value.day)
        elif isinstance(value, str) and self._types.get(at) in _convert.NUMBER_TYPES:
            _call(InputError, lib.hm_input_set_decimal, self._handle, at, value.encode("utf-8"))
        elif isinstance(value, str) and self._types.get(at) == "date":
            try:
                day = datetime.date.fromisoformat(value)
            except ValueError:
                raise InputError("bad input", "error: indicator %s: \"%s\" is not a date (YYYY-MM-DD)\n"
                                 % (indicator, value)) from None
            self.set(at, day)
        elif isinstance(value, str):
            _call(InputError, lib.hm_input_set_choice, self._handle, at, value.encode("utf-8"))
        else:
            raise TypeError("a %s is not a value for an indicator (float: give a decimal.Decimal)"
                            % type(value).__name__)

    def set_decimal(self, indicator, text):
        """Sets a number given as exact decimal text ("15.5")."""
        _call(InputError, lib.hm_input_set_decimal, self._handle, self._at(indicator), _c_string(text, "text"))

    def clear(self, indicator):
        """Back to not reported."""
        _call(InputError, lib.hm_input_clear, self._handle, self._at(indicator))

    def set_assessed_on(self, day):
        """The assessment's date."""
        _call(InputError, lib.hm_input_set_assessed_on, self._handle, day.year, day.month, day.day)

    def label(self):
        """The label the values reach (the same as RuleSet.evaluate's), or None."""
        out = ffi.new("const char**")
        _call(HallmarkError, lib.hm_input_label, self._handle, out)
        return _text(out[0])


class DecisionLog:
    """A decision log (docs/auditing.md), created when missing. One per thread; use it
    in a `with` block or close() it."""

    def __init__(self, path):
        out = ffi.new("hm_log**")
        _call(LogError, lib.hm_log_open, _c_string(str(path), "path"), out)
        self._handle = ffi.gc(out[0], lib.hm_log_close)
        self.path = str(path)

    def record(self, rules, assessment, expert=None, name=None):
        """Decides the assessment and appends the decision, as `hallmark eval --record`
        does. Returns (record id, decision dict)."""
        data = _convert.assessment_bytes(assessment)
        record_id, out = ffi.new("int64_t*"), ffi.new("char**")
        _call(InputError, lib.hm_log_record, self._handle, rules._handle, data, len(data), _name(name),
              ffi.NULL if expert is None else _c_string(expert, "expert"), record_id, out)
        return record_id[0], _convert.decision(_take_string(out), rules._indicator_types())

    def close(self):
        """Closes the log (also done when the object is collected)."""
        if self._handle is not None:
            ffi.gc(self._handle, None)  # closed here, not again when collected
            lib.hm_log_close(self._handle)
            self._handle = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def verify_log(path, head=None):
    """Walks the log's hash chain; the verdict of `hallmark verify --format json` as a
    dict ("intact": True or False, "problems", ...). Raises LogError when the file cannot
    be read at all."""
    out = ffi.new("char**")
    err = ffi.new("hm_error**")
    status = lib.hm_log_verify(_c_string(str(path), "path"), _name(head), out, err)
    if status not in (lib.HM_OK, lib.HM_NO):
        raise _error_from(status, err[0], InputError)
    return _convert.loads(_take_string(out))
