// SPDX-License-Identifier: Apache-2.0
// The recourse plan in the questionnaire's decision panel: what exactly to change to
// reach the next label, as POST /api/v1/plan answers it (docs/service.md). Rendering
// only, no state: questionnaire.js asks for the plan and hands it here with the
// catalogue (for the questions' words) and a function that focuses a question.
'use strict';

window.hallmarkPlan = (function () {
  const { el, clear } = window.hallmarkDom;

  function questionOf(catalogue, id) {
    const ind = catalogue && catalogue.indicators.find((x) => x.id === id);
    return ind && ind.question ? ind.question : id;
  }

  // One change: the question (a link to it), what it is now, what it must become.
  function changeItem(change, catalogue) {
    const link = el('a', { href: '#q-' + change.indicator, 'data-focus': change.indicator,
                           text: questionOf(catalogue, change.indicator) });
    const what = change.from === null
      ? el('span', {}, ' unanswered: answer ', el('strong', { text: change.to }))
      : el('span', {}, ' ', change.from, ' \u2192 ', el('strong', { text: change.to }));
    const item = el('li', { 'data-plan-indicator': change.indicator }, link, what);
    if (change.earns.length) item.append(el('div', { class: 'small muted', text: 'Earns: ' + change.earns.join('; ') }));
    return item;
  }

  function proof(plan) {
    let text = 'Checked: with these changes the same rules decide ' + plan.target_title +
      (plan.reassess_on ? ' when assessed on ' + plan.reassess_on : '') + '.';
    if (plan.minimal) text += ' No plan with fewer changes reaches it.';
    else if (plan.fewest_changes) text += ' No plan with fewer changes reaches it; a smaller value might.';
    else text += ' It may not be the smallest plan: ' + plan.not_minimal_because + '.';
    return el('p', { class: 'small proof', text });
  }

  // The plan into `box` (emptied first).
  function render(box, plan, catalogue) {
    clear(box).dataset.status = plan.status;
    if (plan.status === 'already_holds') {
      box.append(el('p', { class: 'small', text: 'The requirements of ' + plan.target_title + ' hold as answered.' }));
      return;
    }
    if (plan.status === 'no_plan') {
      box.append(el('p', { class: 'small', text: 'No plan reaches ' + plan.target_title + ': ' + plan.why + '.' }));
      return;
    }
    box.append(el('p', {}, 'To reach ', el('strong', { text: plan.target_title }), ':'));
    box.append(el('ul', { class: 'plan-changes' }, plan.changes.map((c) => changeItem(c, catalogue))));
    if (plan.conditions.length) {
      box.append(el('p', { class: 'small', text: 'Besides the answers:' }));
      box.append(el('ul', { class: 'small' }, plan.conditions.map((c) => el('li', { text: c }))));
    }
    box.append(proof(plan));
  }

  function failed(box, message) {
    clear(box).dataset.status = 'failed';
    box.append(el('p', { class: 'small problem', text: 'No plan: ' + message }));
  }

  return { render, failed };
})();
