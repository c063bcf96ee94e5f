// Filtering for the support matrix. The page works without this script: it
// only reveals the filter form, hides rows and columns, keeps the filter in
// the URL (so it can be shared) and builds a CSV of the rows shown.
(function () {
  'use strict';
  var form = document.getElementById('filters');
  var table = document.getElementById('matrix');
  if (!form || !table) return;
  // The column filter: `arch` on the matrix, `release` on the releases page.
  var colParam = table.getAttribute('data-col-param') || 'arch';
  var fields = [colParam, 'status', 'security', 'q'].filter(function (name) { return form.elements.namedItem(name); });
  var rows = Array.prototype.slice.call(table.querySelectorAll('tr[data-text]'));
  var count = document.getElementById('filter-count');

  function value(name) {
    var field = form.elements.namedItem(name);
    return field ? field.value.trim() : '';
  }

  function attr(el, name) {
    return el.getAttribute(name) || '';
  }

  // A cell may list several values (`Supported|Experimental` on the releases page).
  function has(el, name, wanted) {
    return attr(el, name).split('|').indexOf(wanted) !== -1;
  }

  function matches(row, filter) {
    if (filter.q && attr(row, 'data-text').indexOf(filter.q.toLowerCase()) === -1) return false;
    if (!filter[colParam] && !filter.status && !filter.security) return true;
    var cells = row.querySelectorAll('td[data-col]');
    for (var i = 0; i < cells.length; i++) {
      var cell = cells[i];
      if (filter[colParam] && attr(cell, 'data-col') !== filter[colParam]) continue;
      if (attr(cell, 'data-state') !== 'applies') continue;
      if (filter.status && !has(cell, 'data-status', filter.status)) continue;
      if (filter.security && !has(cell, 'data-security', filter.security)) continue;
      return true;
    }
    return false;
  }

  function apply(updateUrl) {
    var filter = {};
    fields.forEach(function (name) { filter[name] = value(name); });
    var shown = 0;
    rows.forEach(function (row) {
      var ok = matches(row, filter);
      row.hidden = !ok;
      if (ok) shown++;
    });
    // Column filter: hide the other columns too.
    table.querySelectorAll('[data-col]').forEach(function (cell) {
      cell.hidden = Boolean(filter[colParam]) && attr(cell, 'data-col') !== filter[colParam];
    });
    table.querySelectorAll('tbody').forEach(function (body) {
      body.hidden = !body.querySelector('tr[data-text]:not([hidden])');
    });
    // A feature made only of variants has a title row: shown while one of its variants is.
    Array.prototype.slice.call(table.querySelectorAll('tr[data-group]')).forEach(function (group) {
      var id = attr(group, 'data-group');
      group.hidden = !rows.some(function (row) { return !row.hidden && attr(row, 'data-feature') === id; });
    });
    if (count) count.textContent = shown + ' of ' + rows.length + ' rows shown';
    if (updateUrl) {
      var params = new URLSearchParams();
      fields.forEach(function (name) { if (filter[name]) params.set(name, filter[name]); });
      var query = params.toString();
      history.replaceState(null, '', location.pathname + (query ? '?' + query : '') + location.hash);
    }
  }

  // A cell a spreadsheet would run as a formula gets a leading quote (OWASP,
  // "CSV Injection"). The same expression and rule as neutraliseCsvCell in
  // src/export/csv.ts; test/browser/csv-download.test.ts keeps them equal.
  var FORMULA_START = /^(?:[\t\r]|[\t\n\v\f\r \u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000\uFEFF]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20])/;
  function neutraliseCsvCell(text) {
    return FORMULA_START.test(text) ? "'" + text : text;
  }

  function csvField(text) {
    var safe = neutraliseCsvCell(text);
    return /[",\r\n]/.test(safe) ? '"' + safe.replace(/"/g, '""') + '"' : safe;
  }

  function download() {
    var lines = [['feature', 'variant', colParam, 'state', 'status', 'security-support', 'caveat'].map(csvField).join(',')];
    rows.forEach(function (row) {
      if (row.hidden) return;
      row.querySelectorAll('td[data-col]').forEach(function (cell) {
        if (cell.hidden) return;
        lines.push([attr(row, 'data-feature'), attr(row, 'data-variant'), attr(cell, 'data-col'), attr(cell, 'data-state'),
          attr(cell, 'data-status'), attr(cell, 'data-security'), attr(cell, 'data-caveat')].map(csvField).join(','));
      });
    });
    var link = document.createElement('a');
    // Named after the page: support-matrix.csv or releases.csv.
    link.href = URL.createObjectURL(new Blob([lines.join('\r\n') + '\r\n'], { type: 'text/csv' }));
    link.download = colParam === 'release' ? 'releases.csv' : 'support-matrix.csv';
    document.body.appendChild(link);
    link.click();
    link.remove();
  }

  var params = new URLSearchParams(location.search);
  fields.forEach(function (name) {
    var field = form.elements.namedItem(name);
    if (field && params.has(name)) field.value = params.get(name);
  });
  var timer;
  form.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () { apply(true); }, 120);
  });
  form.addEventListener('change', function () { apply(true); });
  form.addEventListener('submit', function (event) { event.preventDefault(); });
  document.getElementById('download-csv').addEventListener('click', download);
  form.hidden = false;
  apply(false);
})();
