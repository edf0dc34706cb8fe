// SPDX-License-Identifier: Apache-2.0
// One question of the questionnaire: its label, the control its type needs (a number
// with its unit, a date, yes/no, one choice, several choices), the hint with its id,
// type, unit and range, and the place for the engine's message. Built from the
// catalogue's indicator (GET /api/v1/methodologies/NAME/VERSION); no state of its own.
'use strict';

window.hallmarkQuestions = (function () {
  const { el } = window.hallmarkDom;
  const NUMBER_TYPES = new Set(['count', 'integer', 'decimal', 'percent']);
  const SET_TYPES = new Set(['choice_set', 'criterion_set']);
  const TYPE_NAMES = {
    count: 'a whole number, 0 or more', integer: 'a whole number', decimal: 'a number',
    percent: 'a percentage', boolean: 'yes or no', date: 'a date, YYYY-MM-DD', choice: 'one choice',
    choice_set: 'any of the choices', criterion_set: 'any of the criteria',
  };

  function rangeText(ind) {
    const unit = ind.type === 'percent' ? ' %' : (ind.unit ? ' ' + ind.unit : '');
    if (ind.minimum !== null && ind.maximum !== null) return 'from ' + ind.minimum + unit + ' to ' + ind.maximum + unit;
    if (ind.minimum !== null) return 'at least ' + ind.minimum + unit;
    if (ind.maximum !== null) return 'at most ' + ind.maximum + unit;
    return null;
  }

  const shown = (value) => (value === null || value === undefined ? '' : String(value));

  // A number or a date: a text field (exact decimals, no browser rounding) and its unit.
  function numberControl(q, ind, value) {
    const numeric = ind.type === 'count' || ind.type === 'integer' || ind.type === 'date';
    const input = el('input', {
      id: q.id, type: 'text', class: ind.type === 'date' ? 'date' : 'number', autocomplete: 'off',
      inputmode: numeric ? 'numeric' : 'decimal', placeholder: ind.type === 'date' ? 'YYYY-MM-DD' : null,
      'data-indicator': ind.id, 'aria-describedby': q.described,
    });
    input.value = shown(value);
    const unit = ind.type === 'percent' ? '%' : (ind.type === 'date' ? null : ind.unit);
    return [el('label', { for: q.id }, q.head),
      el('div', { class: 'control' }, input, unit ? el('span', { class: 'unit', text: unit }) : null)];
  }

  // Yes, no, or not answered: three radio buttons.
  function booleanControl(q, ind, value) {
    const current = value === true ? 'yes' : value === false ? 'no' : '';
    const fieldset = el('fieldset', { class: 'yesno', 'aria-describedby': q.described }, el('legend', {}, q.head));
    const row = el('div', { class: 'control choices' });
    for (const [v, text] of [['', 'Not answered'], ['yes', 'Yes'], ['no', 'No']]) {
      const rid = q.id + '-' + (v || 'unanswered');
      const radio = el('input', { type: 'radio', id: rid, name: q.id, value: v, 'data-indicator': ind.id });
      radio.checked = v === current;
      row.append(el('span', { class: 'choice' }, radio, el('label', { for: rid, text })));
    }
    fieldset.append(row);
    return [fieldset];
  }

  function choiceControl(q, ind, value) {
    const select = el('select', { id: q.id, 'data-indicator': ind.id, 'aria-describedby': q.described });
    select.append(el('option', { value: '', text: '(not answered)' }));
    for (const c of ind.choices) select.append(el('option', { value: c, text: c }));
    select.value = typeof value === 'string' ? value : '';
    return [el('label', { for: q.id }, q.head), el('div', { class: 'control' }, select)];
  }

  // Several choices: a box each, and "None of these" for the empty set (not unanswered).
  function setControl(q, ind, value, criterionTitle) {
    const chosen = Array.isArray(value) ? value : null;
    const fieldset = el('fieldset', { class: 'set', 'aria-describedby': q.described }, el('legend', {}, q.head));
    const row = el('div', { class: 'control choices' });
    ind.choices.forEach((c, i) => {
      const cid = q.id + '-' + i;
      const box = el('input', { type: 'checkbox', id: cid, value: c, 'data-indicator': ind.id });
      box.checked = !!chosen && chosen.includes(c);
      const text = ind.type === 'criterion_set' ? criterionTitle(c) : c;
      row.append(el('span', { class: 'choice' }, box, el('label', { for: cid, text })));
    });
    const noneId = q.id + '-none';
    const none = el('input', { type: 'checkbox', id: noneId, value: '', class: 'none', 'data-indicator': ind.id });
    none.checked = !!chosen && chosen.length === 0;
    row.append(el('span', { class: 'choice' }, none, el('label', { for: noneId, text: 'None of these' })));
    fieldset.append(row);
    return [fieldset];
  }

  // A type this page does not know: a text field, so the engine can still judge it.
  function textControl(q, ind, value) {
    const input = el('input', { id: q.id, type: 'text', 'data-indicator': ind.id, 'aria-describedby': q.described });
    input.value = shown(value);
    return [el('label', { for: q.id }, q.head), el('div', { class: 'control' }, input)];
  }

  function controlFor(q, ind, value, criterionTitle) {
    if (NUMBER_TYPES.has(ind.type) || ind.type === 'date') return numberControl(q, ind, value);
    if (ind.type === 'boolean') return booleanControl(q, ind, value);
    if (ind.type === 'choice') return choiceControl(q, ind, value);
    if (SET_TYPES.has(ind.type)) return setControl(q, ind, value, criterionTitle);
    return textControl(q, ind, value);
  }

  // Question `number` for indicator `ind`, showing `value` (what the control holds).
  function block(ind, number, value, criterionTitle) {
    const q = {
      id: 'in-' + ind.id,
      described: 'hint-' + ind.id + ' error-indicators.' + ind.id,
      head: [el('span', { class: 'num', text: number + '.' }), ' ', ind.question || ind.id],
    };
    const out = el('div', { class: 'q', id: 'q-' + ind.id, 'data-type': ind.type },
      controlFor(q, ind, value, criterionTitle));
    const range = rangeText(ind);
    out.append(el('p', { class: 'hint', id: 'hint-' + ind.id },
      el('code', { text: ind.id }), ' · ' + (TYPE_NAMES[ind.type] || ind.type),
      ind.unit && ind.type !== 'percent' ? ' · in ' + ind.unit : null,
      range ? ' · ' + range : null));
    out.append(el('p', { class: 'error', id: 'error-indicators.' + ind.id, role: 'alert' }));
    return out;
  }

  // As fraction_percent_warning in the reports and `hallmark eval`: percentages are read
  // in percentage points, so when every answered one is below 1 (and some above 0) they
  // are likely fractions (0.82 for 82 %). Compared as text, never as binary floats.
  function fractionWarning(doc, indicators) {
    const shares = [];
    for (const ind of indicators) {
      const v = doc.indicators[ind.id];
      if (ind.type === 'percent' && v !== null && v !== undefined) shares.push([ind.id, String(v)]);
    }
    const below = (t) => /^0*(\.\d*)?$/.test(t) || /^0+$/.test(t);
    if (!shares.length || !shares.every(([, t]) => below(t)) || !shares.some(([, t]) => /[1-9]/.test(t))) return '';
    return 'Every percentage is below 1 (' + shares.map(([id, t]) => id + ' ' + t + ' %').join(', ') +
      '): percentages are read in percentage points, so 0.82 means 0.82 %, not 82 %. ' +
      'If these are fractions, multiply them by 100.';
  }

  return { block, fractionWarning, NUMBER_TYPES, SET_TYPES };
})();
