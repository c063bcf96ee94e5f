// Filtering for the support matrix. The page works without this script: it
// only reveals the filter form, hides rows and columns, keeps the filter in
// the URL (so it can be shared) and builds a CSV of the rows shown.
(function () {
  'use strict';
  var form = document.getElementById('filters');
  var table = document.getElementById('matrix');
  if (!form || !table) return;
  var fields = ['arch', 'status', 'security', 'q'];
  var rows = Array.prototype.slice.call(table.querySelectorAll('tr[data-text]'));
  var count = document.getElementById('filter-count');

  function value(name) {
    var field = form.elements.namedItem(name);
    return field ? field.value.trim() : '';
  }

  function matches(row, filter) {
    if (filter.q && row.getAttribute('data-text').indexOf(filter.q.toLowerCase()) === -1) return false;
    if (!filter.arch && !filter.status && !filter.security) return true;
    var cells = row.querySelectorAll('td[data-arch]');
    for (var i = 0; i < cells.length; i++) {
      var cell = cells[i];
      if (filter.arch && cell.getAttribute('data-arch') !== filter.arch) continue;
      if (cell.getAttribute('data-state') !== 'applies') continue;
      if (filter.status && cell.getAttribute('data-status') !== filter.status) continue;
      if (filter.security && cell.getAttribute('data-security') !== filter.security) continue;
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
    // Arch filter: hide the other arch columns too.
    table.querySelectorAll('[data-arch]').forEach(function (cell) {
      cell.hidden = Boolean(filter.arch) && cell.getAttribute('data-arch') !== filter.arch;
    });
    table.querySelectorAll('tbody').forEach(function (body) {
      body.hidden = !body.querySelector('tr[data-text]:not([hidden])');
    });
    if (count) count.textContent = shown + ' of ' + rows.length + ' rows shown';
    if (updateUrl) {
      var params = new URLSearchParams();
      fields.forEach(function (name) { if (filter[name]) params.set(name, filter[name]); });
      var query = params.toString();
      history.replaceState(null, '', location.pathname + (query ? '?' + query : '') + location.hash);
    }
  }

  function csvField(text) {
    return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  function download() {
    var lines = [['feature', 'variant', 'arch', 'state', 'status', 'security-support', 'caveat'].join(',')];
    rows.forEach(function (row) {
      if (row.hidden) return;
      row.querySelectorAll('td[data-arch]').forEach(function (cell) {
        if (cell.hidden) return;
        lines.push([row.getAttribute('data-feature'), row.getAttribute('data-variant'), cell.getAttribute('data-arch'), cell.getAttribute('data-state'),
          cell.getAttribute('data-status'), cell.getAttribute('data-security'), cell.getAttribute('data-caveat')].map(csvField).join(','));
      });
    });
    var link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([lines.join('\r\n') + '\r\n'], { type: 'text/csv' }));
    link.download = 'support-matrix.csv';
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
