// SPDX-License-Identifier: Apache-2.0
// The questionnaire of `hallmark serve`: the questions of a rule version, area by area,
// and the decision as the expert types. Plain JavaScript, no libraries; everything it
// needs comes from the service's API v1 (docs/service.md). The page's policy allows no
// inline script or style, so every element is built here and styled by class.
'use strict';

(function () {
  const DEBOUNCE_MS = 250;
  const { NUMBER_TYPES, SET_TYPES } = window.hallmarkQuestions;

  const state = {
    methodologies: [],   // from /api/v1/methodologies
    catalogues: new Map(), // "NAME@VERSION" -> catalogue
    catalogue: null,      // the one the questions show
    answers: {},          // indicator id -> what the control holds (text, true/false, choice, array) or null
    history: [],          // [{label, assessed_on, valid_until}] as typed
    seq: 0,               // the latest evaluation asked for
    timer: null,
    lastDecision: null,
  };

  // ---- small DOM helpers (dom.js) ----------------------------------------------------
  const $ = (id) => document.getElementById(id);
  const { el, clear } = window.hallmarkDom;

  async function getJSON(url) {
    const r = await fetch(url, { headers: { Accept: 'application/json' } });
    const body = await r.json();
    if (!r.ok) throw new Error(body.message || ('HTTP ' + r.status));
    return body;
  }

  // ---- rule versions ------------------------------------------------------------------
  const selected = () => $('methodology').value;          // NAME or NAME@VERSION
  const selectedName = () => selected().split('@')[0];

  function latestVersion(name) {
    const m = state.methodologies.find((x) => x.name === name);
    if (!m || !m.versions.length) return null;
    return [...m.versions].sort((a, b) => (a.effective || '').localeCompare(b.effective || '')).pop().version;
  }

  async function catalogueOf(name, version) {
    const key = name + '@' + version;
    if (!state.catalogues.has(key)) {
      state.catalogues.set(key, await getJSON('/api/v1/methodologies/' + encodeURIComponent(name) + '/' +
                                              encodeURIComponent(version)));
    }
    return state.catalogues.get(key);
  }

  async function showVersion(name, version) {
    if (state.catalogue && state.catalogue.name === name && state.catalogue.version === version) return;
    const c = await catalogueOf(name, version);
    state.catalogue = c;
    renderQuestions();
    renderHistory();
    const hint = [c.title, c.effective ? 'in force from ' + c.effective : null, c.until ? 'until ' + c.until : null];
    $('methodology-hint').textContent = 'Questions of ' + c.name + ' ' + c.version + ': ' +
      hint.filter(Boolean).join(', ') + '.';
  }

  function fillMethodologies() {
    const select = clear($('methodology'));
    for (const m of state.methodologies) {
      const group = el('optgroup', { label: m.name });
      group.append(el('option', { value: m.name, text: m.name + ': the version in force on the assessment date' }));
      for (const v of m.versions) {
        const from = v.effective ? ' (from ' + v.effective + ')' : '';
        group.append(el('option', { value: m.name + '@' + v.version, text: m.name + ' ' + v.version + from }));
      }
      select.append(group);
    }
  }

  // ---- the decision panel (decision.js) ----------------------------------------------
  const panel = window.hallmarkDecision;
  const { shortLabel, clearErrors, showProblems } = panel;
  const criterionTitle = (id) => panel.criterionTitle(state.catalogue, id);
  const renderUnanswered = (doc) => panel.renderUnanswered(doc, areasInOrder());

  function showNoDecision(message, hasProblems) {
    state.lastDecision = null;
    panel.showNone(message, hasProblems);
  }

  function showDecision(d, partial) {
    state.lastDecision = d;
    panel.show(d, partial, state.catalogue);
  }

  // Areas in the catalogue's (rule-file) order, then the indicators in no area.
  function areasInOrder() {
    const c = state.catalogue;
    const byId = new Map(c.indicators.map((i) => [i.id, i]));
    const areas = c.areas.map((a) => ({ id: a.id, title: a.title || a.id,
      indicators: a.indicators.map((i) => byId.get(i)).filter(Boolean) }));
    const loose = c.indicators.filter((i) => !i.area || !c.areas.some((a) => a.id === i.area));
    if (loose.length) areas.push({ id: '', title: 'Other questions', indicators: loose });
    return areas;
  }

  function renderQuestions() {
    const root = clear($('questions'));
    let number = 0;
    for (const area of areasInOrder()) {
      const hid = 'area-' + (area.id || 'other');
      const section = el('section', { class: 'card area', 'aria-labelledby': hid, 'data-area': area.id });
      section.append(el('h2', { id: hid, text: area.title }));
      for (const ind of area.indicators) {
        section.append(window.hallmarkQuestions.block(ind, ++number, state.answers[ind.id], criterionTitle));
      }
      root.append(section);
    }
  }

  // ---- earlier labels -----------------------------------------------------------------
  function renderHistory() {
    const list = clear($('history'));
    const labels = state.catalogue ? state.catalogue.labels : [];
    state.history.forEach((h, i) => {
      const base = 'history-' + i;
      const select = el('select', { id: base + '-label', 'data-history': i, 'data-field': 'label' });
      select.append(el('option', { value: '', text: '(choose)' }));
      for (const l of labels) select.append(el('option', { value: l.id, text: shortLabel(l.id) }));
      if (h.label && !labels.some((l) => l.id === h.label)) select.append(el('option', { value: h.label, text: h.label }));
      select.value = h.label || '';
      const dateInput = (field, text) => {
        const input = el('input', { id: base + '-' + field, type: 'text', class: 'date', placeholder: 'YYYY-MM-DD',
          inputmode: 'numeric', autocomplete: 'off', 'data-history': i, 'data-field': field });
        input.value = h[field] || '';
        return el('span', { class: 'field' }, el('label', { for: input.id, text }), input);
      };
      const remove = el('button', { type: 'button', class: 'remove', 'data-remove': i, text: 'Remove',
        'aria-label': 'Remove earlier label ' + (i + 1) });
      list.append(el('li', { class: 'history-row' },
        el('span', { class: 'field' }, el('label', { for: select.id, text: 'Label' }), select),
        dateInput('assessed_on', 'Assessed on'), dateInput('valid_until', 'Valid until'),
        el('span', { class: 'controls' }, remove),
        el('p', { class: 'error', id: 'error-history[' + i + ']', role: 'alert' })));
    });
  }

  // ---- the assessment document --------------------------------------------------------
  function readControl(target) {
    const id = target.dataset.indicator;
    const ind = state.catalogue.indicators.find((x) => x.id === id);
    if (!ind) return;
    if (ind.type === 'boolean') {
      const v = target.value;
      state.answers[id] = v === 'yes' ? true : v === 'no' ? false : null;
    } else if (SET_TYPES.has(ind.type)) {
      const boxes = [...document.querySelectorAll('input[type=checkbox][data-indicator="' + CSS.escape(id) + '"]')];
      if (target.classList.contains('none') && target.checked) boxes.forEach((b) => { if (b !== target) b.checked = false; });
      if (!target.classList.contains('none') && target.checked) boxes.filter((b) => b.classList.contains('none')).forEach((b) => { b.checked = false; });
      const none = boxes.find((b) => b.classList.contains('none'));
      const picked = boxes.filter((b) => !b.classList.contains('none') && b.checked).map((b) => b.value);
      state.answers[id] = picked.length ? picked : (none && none.checked ? [] : null);
    } else {
      state.answers[id] = target.value === '' ? null : target.value;
    }
  }

  // What the field holds, as the assessment document carries it: whole numbers as JSON
  // numbers, decimals as strings (exact), anything else as typed so the engine can say
  // what is wrong with it.
  function documentValue(ind, v) {
    if (v === null || v === undefined) return null;
    if (NUMBER_TYPES.has(ind.type) && typeof v === 'string') {
      const t = v.trim();
      if (t === '') return null;
      if (/^-?\d+$/.test(t) && Number.isSafeInteger(Number(t))) return Number(t);
      return t;
    }
    if (typeof v === 'string') return v.trim() === '' ? null : v.trim();
    return v;
  }

  function buildDocument() {
    const text = (id) => $(id).value.trim();
    const doc = {
      cluster: { id: text('cluster-id'), name: text('cluster-name'), country: text('cluster-country'),
                 portfolio: text('cluster-portfolio') },
      assessed_on: text('assessed-on'),
    };
    // Rows left blank are not sent; rows[i] is the row of the document's history[i].
    const rows = [];
    state.history.forEach((h, i) => { if (h.label || h.assessed_on || h.valid_until) rows.push(i); });
    if (rows.length) {
      doc.history = rows.map((i) => {
        const h = state.history[i];
        const e = { label: h.label, assessed_on: h.assessed_on };
        if (h.valid_until) e.valid_until = h.valid_until;
        return e;
      });
    }
    Object.defineProperty(doc, 'rows', { value: rows, enumerable: false });
    doc.indicators = {};
    for (const area of areasInOrder()) {
      for (const ind of area.indicators) doc.indicators[ind.id] = documentValue(ind, state.answers[ind.id]);
    }
    return doc;
  }

  function methodologyParam() {
    return selected();
  }

  // ---- evaluation ---------------------------------------------------------------------
  async function post(url, doc, headers) {
    const r = await fetch(url, { method: 'POST', headers: Object.assign({ 'Content-Type': 'application/json' }, headers || {}),
                                 body: JSON.stringify(doc) });
    let body = null;
    try { body = await r.json(); } catch (e) { body = { message: 'HTTP ' + r.status }; }
    return { status: r.status, ok: r.ok, body };
  }

  function schedule() {
    clearTimeout(state.timer);
    state.seq++;  // an answer to an earlier request is out of date now
    $('decision').classList.add('pending');
    state.timer = setTimeout(evaluate, DEBOUNCE_MS);
  }

  // The document without some indicators and rows of its history.
  function without(doc, indicators, rows) {
    const out = Object.assign({}, doc, { indicators: Object.assign({}, doc.indicators) });
    for (const i of indicators) delete out.indicators[i];
    const keep = (doc.history || []).map((h, i) => i).filter((i) => !rows.has(i));
    if (doc.history) {
      out.history = keep.map((i) => doc.history[i]);
      if (!out.history.length) delete out.history;
    }
    Object.defineProperty(out, 'rows', { value: keep.map((i) => doc.rows[i]), enumerable: false });
    return out;
  }

  async function evaluate() {
    const seq = ++state.seq;
    const full = buildDocument();
    renderUnanswered(full);
    if (!full.assessed_on) {
      clearErrors();
      showProblems([]);
      showNoDecision('Enter the assessment date to see the decision.');
      return;
    }
    let attempt = full;
    const problems = [];
    let outcome = null;
    // Without the fields the engine finds wrong, again, until it decides or what is wrong
    // is not a single field.
    for (let round = 0; round < 20; round++) {
      let r;
      try {
        r = await post('/api/v1/evaluate?format=json&methodology=' + encodeURIComponent(methodologyParam()), attempt);
      } catch (e) {
        outcome = { failed: 'The service does not answer: ' + e.message };
        break;
      }
      if (seq !== state.seq) return;
      if (r.ok) { outcome = { decision: r.body }; break; }
      // An earlier label's path names the row of the form, not of this attempt.
      const ds = ((r.body && r.body.diagnostics) || []).map((d) => {
        const h = d.path && /^history\[(\d+)\]/.exec(d.path);
        if (!h || attempt.rows[Number(h[1])] === undefined) return d;
        return Object.assign({}, d, { row: attempt.rows[Number(h[1])], attemptRow: Number(h[1]) });
      });
      problems.push(...ds);
      const bad = [...new Set(ds.map((d) => d.indicator).filter((i) => i && i in attempt.indicators))];
      const badRows = new Set(ds.filter((d) => d.row !== undefined).map((d) => d.attemptRow));
      if (r.status !== 400 || (!bad.length && !badRows.size)) {
        outcome = { failed: r.body.message || ('HTTP ' + r.status) };
        break;
      }
      attempt = without(attempt, bad, badRows);
    }
    if (seq !== state.seq) return;
    clearErrors();
    showProblems(problems);
    if (outcome && outcome.decision) {
      const d = outcome.decision;
      if (!selected().includes('@') && (!state.catalogue || d.methodology.version !== state.catalogue.version)) {
        try {
          await showVersion(d.methodology.name, d.methodology.version);
        } catch (e) {
          if (seq === state.seq) showNoDecision('The questions of ' + d.methodology.version + ' could not be loaded: ' +
                                                e.message);
          return;
        }
        if (seq !== state.seq) return;
        showProblems(problems);
        renderUnanswered(buildDocument());
      }
      showDecision(d, problems.length > 0);
      const warning = window.hallmarkQuestions.fractionWarning(attempt,
        areasInOrder().flatMap((area) => area.indicators));
      $('fraction-warning').textContent = warning;
      $('fraction-warning').hidden = !warning;
      showPlan(seq, attempt);
    } else {
      showNoDecision(outcome ? outcome.failed : 'No decision.', problems.length > 0);
    }
  }

  // The plan to the next label for the document just decided (the wrong values left out).
  async function showPlan(seq, doc) {
    const box = $('plan');
    let r;
    try {
      r = await post('/api/v1/plan?format=json&methodology=' + encodeURIComponent(methodologyParam()), doc);
    } catch (e) {
      if (seq === state.seq) window.hallmarkPlan.failed(box, 'the service does not answer: ' + e.message);
      return;
    }
    if (seq !== state.seq) return;
    if (r.ok) window.hallmarkPlan.render(box, r.body, state.catalogue);
    else window.hallmarkPlan.failed(box, r.body.message || ('HTTP ' + r.status));
  }

  // ---- save, load, report, record -----------------------------------------------------
  function save() {
    const doc = buildDocument();
    const text = JSON.stringify(doc, null, 2) + '\n';
    const name = (doc.cluster.id || 'assessment').replace(/[^A-Za-z0-9._-]+/g, '-') +
      (doc.assessed_on ? '-' + doc.assessed_on : '') + '.json';
    const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    const a = el('a', { href: url, download: name, class: 'hidden-link' });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    $('file-status').textContent = 'Saved as ' + name + '.';
  }

  function answerFromDocument(v) {
    if (v === null || v === undefined) return null;
    if (typeof v === 'number') return String(v);
    return v;
  }

  async function load(file) {
    let doc;
    try {
      doc = JSON.parse(await file.text());
      if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new Error('not a JSON object');
    } catch (e) {
      $('file-status').textContent = file.name + ' is not an assessment: ' + e.message;
      return;
    }
    const c = doc.cluster || {};
    $('cluster-id').value = c.id || '';
    $('cluster-name').value = c.name || '';
    $('cluster-country').value = c.country || '';
    $('cluster-portfolio').value = c.portfolio || '';
    $('assessed-on').value = doc.assessed_on || '';
    state.history = Array.isArray(doc.history) ? doc.history.map((h) => ({
      label: h.label || '', assessed_on: h.assessed_on || '', valid_until: h.valid_until || '' })) : [];
    state.answers = {};
    for (const [k, v] of Object.entries(doc.indicators || {})) state.answers[k] = answerFromDocument(v);
    // The version in force on that date, unless one is chosen.
    if (!selected().includes('@')) state.catalogue = null;
    try {
      await showVersion(selectedName(), selected().includes('@') ? selected().split('@')[1] : latestVersion(selectedName()));
    } catch (e) {
      $('file-status').textContent = 'The questions could not be loaded: ' + e.message;
      return;
    }
    renderQuestions();
    renderHistory();
    const unknown = Object.keys(state.answers).filter((k) => !state.catalogue.indicators.some((i) => i.id === k));
    $('file-status').textContent = 'Loaded ' + file.name + '.' +
      (unknown.length ? ' Not in this version: ' + unknown.join(', ') + '.' : '');
    evaluate();
  }

  async function record() {
    const status = $('record-status');
    const expert = $('expert').value.trim();
    if (!expert) {
      status.textContent = "Give the expert's name first.";
      $('expert').focus();
      return;
    }
    const headers = {};
    const token = $('token').value.trim();
    if (token) headers.Authorization = 'Bearer ' + token;
    status.textContent = 'Recording…';
    let r;
    try {
      r = await post('/api/v1/decisions?methodology=' + encodeURIComponent(methodologyParam()) +
                     '&expert=' + encodeURIComponent(expert), buildDocument(), headers);
    } catch (e) {
      status.textContent = 'Not recorded: the service does not answer.';
      return;
    }
    clear(status);
    if (r.status === 201) {
      status.append('Recorded as record ', el('a', { id: 'record-id', href: '/api/v1/decisions/' + r.body.record,
        target: '_blank', rel: 'noopener', text: String(r.body.record) }), ' (label: ' +
        (r.body.decision.label ? shortLabel(r.body.decision.label) : 'none') + ').');
    } else {
      const ds = (r.body.diagnostics || []).map((d) => d.message);
      status.append(el('span', { class: 'problem', text: 'Not recorded: ' + (r.body.message || 'HTTP ' + r.status) +
        (ds.length > 1 ? ' (' + (ds.length - 1) + ' more problems)' : '') }));
    }
  }

  // ---- wiring -------------------------------------------------------------------------
  function onEdit(e) {
    const t = e.target;
    if (t.dataset.indicator !== undefined) {
      if (t.type === 'radio' && !t.checked) return;
      readControl(t);
      schedule();
    } else if (t.dataset.history !== undefined) {
      state.history[Number(t.dataset.history)][t.dataset.field] = t.value.trim();
      schedule();
    } else if (t.dataset.path !== undefined) {
      schedule();
    }
  }

  function focusQuestion(id) {
    const target = document.querySelector('[data-indicator="' + CSS.escape(id) + '"]');
    if (target) { target.scrollIntoView({ block: 'center' }); target.focus(); }
  }

  function wire() {
    document.addEventListener('input', onEdit);
    document.addEventListener('change', (e) => {
      if (e.target.tagName === 'SELECT' || e.target.type === 'radio' || e.target.type === 'checkbox') onEdit(e);
    });
    document.addEventListener('click', (e) => {
      const a = e.target.closest('a[data-focus]');
      if (a) { e.preventDefault(); focusQuestion(a.dataset.focus); }
      const remove = e.target.closest('button[data-remove]');
      if (remove) {
        state.history.splice(Number(remove.dataset.remove), 1);
        renderHistory();
        $('add-history').focus();
        schedule();
      }
    });
    $('methodology').addEventListener('change', async () => {
      const [name, version] = selected().split('@');
      try {
        await showVersion(name, version || latestVersion(name));
      } catch (e) {
        $('methodology-hint').textContent = 'The questions could not be loaded: ' + e.message;
        return;
      }
      schedule();
    });
    $('add-history').addEventListener('click', () => {
      state.history.push({ label: '', assessed_on: '', valid_until: '' });
      renderHistory();
      $('history-' + (state.history.length - 1) + '-label').focus();
    });
    $('save').addEventListener('click', save);
    $('load-file').addEventListener('change', (e) => {
      if (e.target.files.length) load(e.target.files[0]);
      e.target.value = '';
    });
    $('report-form').addEventListener('submit', (e) => {
      // The report is of the whole assessment: not while a value is wrong.
      if (!$('problems').hidden) {
        e.preventDefault();
        $('report-status').textContent = 'Correct the wrong values first.';
        return;
      }
      $('report-status').textContent = '';
      $('report-assessment').value = JSON.stringify(buildDocument());
      $('report-methodology').value = methodologyParam();
    });
    $('record').addEventListener('click', record);
  }

  async function start() {
    wire();
    try {
      state.methodologies = (await getJSON('/api/v1/methodologies')).methodologies;
      if (!state.methodologies.length) throw new Error('the service has no rules');
      fillMethodologies();
      const name = state.methodologies[0].name;
      await showVersion(name, latestVersion(name));
      $('load-status').textContent = '';
      $('load-status').hidden = true;
      document.body.classList.add('ready');
      evaluate();
    } catch (e) {
      $('load-status').textContent = 'The rules could not be loaded: ' + e.message;
      $('load-status').classList.add('problem');
    }
  }

  start();
})();
