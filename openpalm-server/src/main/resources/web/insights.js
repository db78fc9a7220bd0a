// Merchant shopping insights: figures, two bar charts drawn as inline SVG, cohort table, export download.
// The API key stays in sessionStorage (gone when the tab closes).
(() => {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const SVG = 'http://www.w3.org/2000/svg';
  const KEY = 'openpalm.apiKey';

  function say(text, bad) {
    $('status').textContent = text;
    $('status').className = bad ? 'bad' : '';
  }

  async function get(path) {
    const res = await fetch(path, { headers: { Authorization: 'Bearer ' + sessionStorage.getItem(KEY) } });
    return res;
  }

  function el(name, attrs, text) {
    const node = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // A bar chart with a text alternative: the svg is labelled by the caption and carries a <title> listing the values.
  function bars(container, titleId, labels, values) {
    const width = 640, height = 200, left = 30, bottom = 30, top = 15;
    const max = Math.max(1, ...values);
    const step = (width - left) / values.length;
    const svg = el('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': titleId + ' ' + titleId + '-values' });
    svg.appendChild(el('title', { id: titleId + '-values' }, labels.map((l, i) => l + ': ' + values[i]).join(', ')));
    svg.appendChild(el('line', { x1: left, y1: height - bottom, x2: width, y2: height - bottom, stroke: '#555' }));
    svg.appendChild(el('text', { x: 0, y: top }, String(max)));
    values.forEach((v, i) => {
      const h = (height - bottom - top) * v / max;
      const x = left + i * step + step * 0.15;
      svg.appendChild(el('rect', { class: 'bar', x, y: height - bottom - h, width: step * 0.7, height: h }));
      if (v > 0) svg.appendChild(el('text', { x: x + step * 0.35, y: height - bottom - h - 3, 'text-anchor': 'middle' }, String(v)));
      svg.appendChild(el('text', { x: x + step * 0.35, y: height - bottom + 14, 'text-anchor': 'middle' }, labels[i]));
    });
    container.replaceChildren(svg);
  }

  function money(minor, currency) {
    return (minor / 100).toFixed(2) + ' ' + currency;
  }

  async function show() {
    const res = await get('/v1/insights');
    if (res.status === 401) {
      say('That API key was not accepted.', true);
      $('report').hidden = true;
      return;
    }
    if (!res.ok) {
      say('Could not load insights (' + res.status + ').', true);
      return;
    }
    const d = await res.json();
    say(d.customers ? '' : 'No consenting customers have paid yet.');
    $('customers').textContent = d.customers;
    $('visits').textContent = d.visits;
    $('repeat').textContent = (d.repeat_customer_share_basis_points / 100).toFixed(1) + ' %';
    $('frequency').textContent = (d.visits_per_customer_hundredths / 100).toFixed(2);
    $('gap').textContent = d.mean_days_between_visits ? d.mean_days_between_visits.toFixed(1) : '–';
    $('basket').textContent = d.baskets.length
      ? d.baskets.map((b) => money(b.mean_minor, b.currency) + ' / ' + money(b.median_minor, b.currency)).join('; ') : '–';
    bars($('hours-chart'), 'hours-title', d.visits_by_hour_utc.map((_, h) => String(h)), d.visits_by_hour_utc);
    bars($('days-chart'), 'days-title', ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'], d.visits_by_day_of_week);

    const months = Math.max(0, ...d.cohorts.map((c) => c.active_by_month.length));
    const head = $('cohort-head');
    head.replaceChildren(head.children[0], head.children[1]);
    for (let m = 0; m < months; m++) {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = 'Month ' + m;
      head.appendChild(th);
    }
    $('cohort-rows').replaceChildren(...d.cohorts.map((c) => {
      const tr = document.createElement('tr');
      const th = document.createElement('th');
      th.scope = 'row';
      th.textContent = c.first_visit_month;
      tr.appendChild(th);
      const size = document.createElement('td');
      size.textContent = c.customers;
      tr.appendChild(size);
      c.active_by_month.forEach((n) => {
        const td = document.createElement('td');
        td.textContent = Math.round(100 * n / c.customers) + ' %';
        tr.appendChild(td);
      });
      return tr;
    }));
    $('report').hidden = false;
  }

  $('key-form').addEventListener('submit', (e) => {
    e.preventDefault();
    sessionStorage.setItem(KEY, $('api-key').value.trim());
    $('api-key').value = '';
    show();
  });

  $('forget').addEventListener('click', () => {
    sessionStorage.removeItem(KEY);
    $('report').hidden = true;
    say('Key forgotten.');
  });

  $('download').addEventListener('click', async () => {
    const format = $('format').value;
    const res = await get('/v1/insights/export?format=' + format);
    if (!res.ok) {
      say('Export failed (' + res.status + ').', true);
      return;
    }
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = 'insights-export.' + format;
    document.body.appendChild(a);
    a.click();
    a.remove();
    URL.revokeObjectURL(url);
  });

  if (sessionStorage.getItem(KEY)) show();
})();
