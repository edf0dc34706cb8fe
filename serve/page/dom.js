// SPDX-License-Identifier: Apache-2.0
// The questionnaire's two DOM helpers, shared by its scripts (the page's policy allows
// no inline script or style, so every element is built with these and styled by class).
'use strict';

window.hallmarkDom = (function () {
  // An element with attributes (`class`, `text`, or any attribute; null, undefined and
  // false are left out, true is an empty attribute) and children (nodes or text).
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') e.className = v;
      else if (k === 'text') e.textContent = v;
      else e.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  }

  // The element emptied.
  function clear(e) {
    while (e.firstChild) e.removeChild(e.firstChild);
    return e;
  }

  return { el, clear };
})();
