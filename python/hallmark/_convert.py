# SPDX-License-Identifier: Apache-2.0
"""Python values to assessment JSON text, and decision JSON text to Python values.

Decimals stay exact both ways: a float is refused (binary floating point cannot say 0.1),
numbers come back as decimal.Decimal, dates as datetime.date."""
import datetime
import decimal
import json

# Indicator types (the catalogue's "type") whose reported values are numbers or dates.
NUMBER_TYPES = {"count", "integer", "decimal", "percent"}


def _encode(value, path, out):
    if value is None:
        out.append("null")
    elif isinstance(value, bool):
        out.append("true" if value else "false")
    elif isinstance(value, int):
        out.append(str(value))
    elif isinstance(value, decimal.Decimal):
        if not value.is_finite():
            raise ValueError("%s: %s is not a number an assessment can hold" % (path, value))
        out.append(format(value, "f"))
    elif isinstance(value, float):
        raise TypeError("%s: %r is a binary floating-point number, which cannot hold most decimals "
                        "exactly; give a decimal.Decimal or a str" % (path, value))
    elif isinstance(value, datetime.datetime):
        raise TypeError("%s: a datetime; give a datetime.date (assessments hold days)" % path)
    elif isinstance(value, datetime.date):
        out.append('"%s"' % value.isoformat())
    elif isinstance(value, str):
        out.append(json.dumps(value, ensure_ascii=False))
    elif isinstance(value, dict):
        out.append("{")
        for i, (key, item) in enumerate(value.items()):
            if not isinstance(key, str):
                raise TypeError("%s: the key %r is not a str" % (path, key))
            out.append(("," if i else "") + json.dumps(key, ensure_ascii=False) + ":")
            _encode(item, "%s.%s" % (path, key) if path else key, out)
        out.append("}")
    elif isinstance(value, (list, tuple)):
        out.append("[")
        for i, item in enumerate(value):
            out.append("," if i else "")
            _encode(item, "%s[%d]" % (path, i), out)
        out.append("]")
    else:
        raise TypeError("%s: a %s cannot be written in an assessment" % (path or "the assessment",
                                                                        type(value).__name__))


def assessment_bytes(assessment):
    """UTF-8 JSON text of an assessment given as a dict, or as JSON text (str or bytes)."""
    if isinstance(assessment, bytes):
        return assessment
    if isinstance(assessment, str):
        return assessment.encode("utf-8")
    if isinstance(assessment, dict):
        out = []
        _encode(assessment, "", out)
        return "".join(out).encode("utf-8")
    raise TypeError("an assessment is a dict or JSON text (str or bytes), not a %s" % type(assessment).__name__)


def _day(text):
    return None if text is None else datetime.date.fromisoformat(text)


def _number(text):
    return None if text is None else decimal.Decimal(text)


def _reported(value, kind):
    if isinstance(value, str):
        if kind in NUMBER_TYPES:
            return decimal.Decimal(value)
        if kind == "date":
            return datetime.date.fromisoformat(value)
    return value


def loads(text):
    """JSON text to Python, numbers as int or decimal.Decimal (never float)."""
    return json.loads(text, parse_float=decimal.Decimal)


def decision(text, types):
    """A decision's JSON text as a dict: dates as datetime.date, decimals (points, numbers
    reported) as decimal.Decimal, outcomes and labels as str. `types` maps indicator ids
    to their catalogue type."""
    d = loads(text)
    d["assessed_on"] = _day(d["assessed_on"])
    d["valid_until"] = _day(d.get("valid_until"))
    for c in d["criteria"]:
        c["points"] = _number(c.get("points"))
        c["values"] = {k: _reported(v, types.get(k)) for k, v in c["values"].items()}
    for group in d["points"].values():
        group["earned"] = _number(group["earned"])
        group["max"] = _number(group["max"])
    return d


def catalogue(text):
    """The catalogue JSON as a dict: dates as datetime.date, bounds and points as Decimal."""
    c = loads(text)
    c["effective"] = _day(c.get("effective"))
    c["until"] = _day(c.get("until"))
    for i in c["indicators"]:
        i["minimum"] = _number(i.get("minimum"))
        i["maximum"] = _number(i.get("maximum"))
    for crit in c["criteria"]:
        crit["max_points"] = _number(crit.get("max_points"))
    return c
