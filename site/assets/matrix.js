// Filtering for the support matrix. The page works without this script: it
// only reveals the filter form, hides rows and columns, keeps the filter in
// the URL (so it can be shared) and builds a CSV of the rows shown.
(function () {
  'use strict';
  var form = document.getElementById('filters');
  var table = document.getElementById('matrix');
  if (!form || !table) return;
  // The column filter: `arch` on a matrix, `release` on the releases overview,
  // where each cell lists its arches and `arch` picks one line of each.
  var colParam = table.getAttribute('data-col-param') || 'arch';
  var archInCells = colParam !== 'arch';
  var fields = [colParam, 'arch', 'status', 'security', 'q'].filter(function (name, i, all) { return all.indexOf(name) === i && form.elements.namedItem(name) && !isNavigation(name); });
  var rows = Array.prototype.slice.call(table.querySelectorAll('tr[data-text]'));
  var count = document.getElementById('filter-count');

  // On a matrix page, `release` is no filter but the release's own matrix page.
  function isNavigation(name) {
    var field = form.elements.namedItem(name);
    return Boolean(field && field.hasAttribute('data-root'));
  }

  function value(name) {
    var field = form.elements.namedItem(name);
    return field ? field.value.trim() : '';
  }

  function attr(el, name) {
    return el.getAttribute(name) || '';
  }

  // Every cell reading of a row: a td on a matrix, an arch line (li) of a td on the overview.
  function readings(row) {
    return Array.prototype.slice.call(row.querySelectorAll('[data-state]'));
  }

  function column(el) {
    var cell = el.closest('td[data-col]');
    return cell ? attr(cell, 'data-col') : '';
  }

  // A row matches the text, and, when a status or security support is asked
  // for, has a reading in the chosen column and arch that applies with it.
  // Choosing only an arch keeps every matching row: a feature not applicable
  // there reads "not applicable" in that column, never an empty table.
  function matches(row, filter) {
    if (filter.q && attr(row, 'data-text').indexOf(filter.q.toLowerCase()) === -1) return false;
    if (!filter.status && !filter.security) return true;
    return readings(row).some(function (el) {
      if (filter[colParam] && column(el) !== filter[colParam]) return false;
      if (filter.arch && attr(el, 'data-arch') !== filter.arch) return false;
      // A status stated without an arch is a status too (the cell says the arch is not stated).
      var state = attr(el, 'data-state');
      if (state !== 'applies' && state !== 'not-stated') return false;
      if (filter.status && attr(el, 'data-status') !== filter.status) return false;
      if (filter.security && attr(el, 'data-security') !== filter.security) return false;
      return true;
    });
  }

  function apply(updateUrl) {
    var filter = {};
    fields.forEach(function (name) { filter[name] = value(name); });
    var shown = 0;
    var visibleFeatures = {};
    rows.forEach(function (row) {
      var ok = matches(row, filter);
      row.hidden = !ok;
      if (ok) {
        shown++;
        visibleFeatures[attr(row, 'data-feature')] = true;
      }
    });
    // Column filter: hide the other columns too; on the overview, the other arches' lines.
    table.querySelectorAll('[data-col]').forEach(function (cell) {
      cell.hidden = Boolean(filter[colParam]) && attr(cell, 'data-col') !== filter[colParam];
    });
    if (archInCells) {
      table.querySelectorAll('li[data-arch]').forEach(function (line) {
        line.hidden = Boolean(filter.arch) && attr(line, 'data-arch') !== filter.arch;
      });
    }
    table.querySelectorAll('tbody').forEach(function (body) {
      body.hidden = !body.querySelector('tr[data-text]:not([hidden])');
    });
    // A feature made only of variants has a title row: shown while one of its variants is (one pass, not rows × groups).
    table.querySelectorAll('tr[data-group]').forEach(function (group) {
      group.hidden = !visibleFeatures[attr(group, 'data-group')];
    });
    if (count) count.textContent = shown + ' of ' + rows.length + ' rows shown' + (table.hasAttribute('data-pages') ? ' on this page' : '');
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

  // The shown cells in the columns and with the ids of `export --format csv`:
  // each cell carries its fields from the same code that writes the export
  // (src/export/csv.ts): the row's four on its holder (data-csv-row), arch
  // and release beside them, the rest on the cell without trailing blanks.
  function download() {
    var columns = JSON.parse(attr(table, 'data-csv-columns') || '[]');
    // The cell's fields: every column after the row's four, its arch and its release.
    var CELL_FIELDS = columns.length - 6;
    var lines = [columns.map(csvField).join(',')];
    rows.forEach(function (row) {
      if (row.hidden) return;
      row.querySelectorAll('[data-csv]').forEach(function (el) {
        if (el.hidden || el.closest('[hidden]')) return;
        var holder = el.closest('[data-csv-row]');
        var release = holder.getAttribute('data-csv-release') || attr(table, 'data-csv-release');
        var rest = JSON.parse(attr(el, 'data-csv') || '[]');
        while (rest.length < CELL_FIELDS) rest.push('');
        var fields = JSON.parse(attr(holder, 'data-csv-row') || '[]').concat([attr(el, 'data-arch'), release], rest);
        lines.push(fields.map(csvField).join(','));
      });
    });
    var link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([lines.join('\r\n') + '\r\n'], { type: 'text/csv' }));
    link.download = attr(table, 'data-csv-name') || 'support-matrix.csv';
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
  form.addEventListener('change', function (event) {
    var target = event.target;
    if (target && target.hasAttribute && target.hasAttribute('data-root')) {
      // The release selector: the same filter on that release's matrix.
      var params = new URLSearchParams(location.search);
      params.delete('release');
      var query = params.toString();
      location.href = attr(target, 'data-root') + target.value + (query ? '?' + query : '');
      return;
    }
    apply(true);
  });
  form.addEventListener('submit', function (event) { event.preventDefault(); });
  document.getElementById('download-csv').addEventListener('click', download);
  form.hidden = false;
  apply(false);
})();
