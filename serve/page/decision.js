// SPDX-License-Identifier: Apache-2.0
// The questionnaire's decision panel and field errors: the label and why, each label's
// outcome with what it lacks, the next label, the questions still open, and the engine's
// messages beside the fields they concern. Rendering only, no state: questionnaire.js
// hands each decision here with the catalogue of the version that made it (for the
// rule file's words).
'use strict';

window.hallmarkDecision = (function () {
  const { el, clear } = window.hallmarkDom;
  const $ = (id) => document.getElementById(id);

  // ---- names (from the catalogue of the version that decided) ---------------------------
  function criterionTitle(catalogue, id) {
    const c = catalogue && catalogue.criteria.find((x) => x.id === id);
    return c && c.title ? id + ' ' + c.title : id;
  }

  // A part of a label's requirement: a criterion by its title, any other part by the
  // rule file's words for it, the rule text only where it has none.
  function partTitle(catalogue, labelId, item) {
    if (catalogue && catalogue.criteria.some((x) => x.id === item)) return criterionTitle(catalogue, item);
    const l = catalogue && catalogue.labels.find((x) => x.id === labelId);
    const at = l ? l.requirement.indexOf(item) : -1;
    return at >= 0 && l.requirement_words[at] ? l.requirement_words[at] : item;
  }

  function labelTitle(catalogue, id) {
    const l = catalogue && catalogue.labels.find((x) => x.id === id);
    return l && l.title ? l.title : id;
  }

  function shortLabel(id) {
    return id ? id.charAt(0).toUpperCase() + id.slice(1) : '';
  }

  // ---- field errors -------------------------------------------------------------------
  function clearErrors() {
    for (const e of document.querySelectorAll('.error')) e.textContent = '';
    for (const e of document.querySelectorAll('.bad')) e.classList.remove('bad');
    for (const e of document.querySelectorAll('[aria-invalid]')) e.removeAttribute('aria-invalid');
  }

  function errorTarget(d) {
    if (d.indicator) return { box: $('error-indicators.' + d.indicator), block: $('q-' + d.indicator),
                              inputs: document.querySelectorAll('[data-indicator="' + CSS.escape(d.indicator) + '"]') };
    if (!d.path) return null;
    if (d.row !== undefined) return { box: $('error-history[' + d.row + ']'), block: null,
                                      inputs: document.querySelectorAll('[data-history="' + d.row + '"]') };
    const box = $('error-' + d.path);
    return box ? { box, block: null, inputs: document.querySelectorAll('[data-path="' + CSS.escape(d.path) + '"]') } : null;
  }

  function showProblems(problems) {
    const list = clear($('problem-list'));
    const seen = new Set();
    for (const d of problems) {
      const key = (d.path || '') + '|' + d.message;
      if (seen.has(key)) continue;
      seen.add(key);
      const target = errorTarget(d);
      // Beside its field, or after the link to it, the message needs no path.
      const prefix = (d.path || '') + ': ';
      const text = d.path && d.message.startsWith(prefix) ? d.message.slice(prefix.length) : d.message;
      if (target && target.box) {
        target.box.textContent = target.box.textContent ? target.box.textContent + ' ' + text : text;
        if (target.block) target.block.classList.add('bad');
        target.inputs.forEach((i) => { i.setAttribute('aria-invalid', 'true'); i.classList.add('bad'); });
      }
      const item = el('li', {});
      if (d.indicator) item.append(el('a', { href: '#q-' + d.indicator, 'data-focus': d.indicator, text: d.path }), ': ', text);
      else item.append(d.message);
      list.append(item);
    }
    $('problems').hidden = list.children.length === 0;
  }

  function outcomeText(o) {
    return o === 'met' ? 'met' : o === 'not_met' ? 'not met' : o === 'not_assessable' ? 'not assessable' : o;
  }

  function showNone(message, hasProblems) {
    $('decision').classList.remove('pending');
    const label = $('label');
    label.textContent = '—';
    label.dataset.label = '';
    label.className = '';
    $('validity').textContent = hasProblems ? 'No decision: see the wrong values.' : message;
    $('decided-by').textContent = '';
    clear($('labels'));
    clear($('next'));
    clear($('plan')).dataset.status = '';
  }

  function show(d, partial, catalogue) {
    $('decision').classList.remove('pending');
    const label = $('label');
    label.dataset.label = d.label || 'none';
    label.textContent = d.label ? shortLabel(d.label) : 'No label';
    label.className = 'label-' + (d.label || 'none');
    $('validity').textContent = d.label
      ? labelTitle(catalogue, d.label) + (d.valid_until ? ', valid until ' + d.valid_until : '') + (d.renewed ? ' (a renewal)' : '')
      : 'No label is met yet.';
    $('decided-by').textContent = 'By ' + d.methodology.name + ' ' + d.methodology.version +
      (partial ? ', without the wrong values' : '') + '.';

    const labels = clear($('labels'));
    for (const l of d.labels) {
      const item = el('li', { class: 'outcome-' + l.outcome, 'data-label': l.id },
        el('span', { class: 'badge', text: outcomeText(l.outcome) }), ' ', el('strong', { text: shortLabel(l.id) }));
      if (l.because && l.because.length) {
        item.append(el('div', { class: 'small' }, (l.outcome === 'met' ? 'Because: ' : 'Lacks: ') +
          l.because.map((b) => partTitle(catalogue, l.id, b)).join('; ')));
      }
      if (l.missing && l.missing.length) item.append(el('div', { class: 'small' }, 'Unanswered: ', linkList(l.missing)));
      if (l.error) item.append(el('div', { class: 'small problem', text: l.error }));
      labels.append(item);
    }

    const next = clear($('next'));
    if (d.next && d.next.label) {
      next.append(el('p', {}, el('strong', { text: shortLabel(d.next.label) }), ' lacks:'));
      next.append(el('ul', { class: 'small' },
        (d.next.missing || []).map((m) => el('li', { text: partTitle(catalogue, d.next.label, m) }))));
    } else {
      next.append(el('p', { class: 'small', text: d.label ? 'This is the best label.' : 'None.' }));
    }
  }

  function linkList(ids) {
    const out = [];
    ids.forEach((id, i) => {
      if (i) out.push(', ');
      out.push(el('a', { href: '#q-' + id, 'data-focus': id, text: id }));
    });
    return out;
  }

  // The questions still open, area by area (`areas` in the questionnaire's order).
  function renderUnanswered(doc, areas) {
    const list = clear($('unanswered'));
    let total = 0;
    for (const area of areas) {
      const open = area.indicators.filter((i) => doc.indicators[i.id] === null).map((i) => i.id);
      total += open.length;
      if (open.length) list.append(el('li', {}, el('span', { class: 'muted', text: area.title + ': ' }), linkList(open)));
    }
    $('unanswered-count').textContent = '(' + total + ')';
    if (!total) list.append(el('li', { text: 'Every question is answered.' }));
  }

  return { criterionTitle, shortLabel, clearErrors, showProblems, showNone, show, renderUnanswered };
})();
