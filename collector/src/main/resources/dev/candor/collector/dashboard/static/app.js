'use strict';
// The Candor dashboard's page script. Every value that came from events is put into the page with
// textContent or as chart data, never as HTML: a command called <script> shows as that text.
(function () {
  const state = { csrf: null, telemetry: false, tools: [], tool: null, days: 92, route: null, charts: [] };
  const view = document.getElementById('view');

  // ---- small helpers -------------------------------------------------------------------------
  function el(tag, props, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (k === 'text') e.textContent = v;
      else if (k === 'class') e.className = v;
      else if (k === 'on') Object.entries(v).forEach(([ev, fn]) => e.addEventListener(ev, fn));
      else e.setAttribute(k, v);
    }
    for (const c of children) {
      if (c !== null && c !== undefined) e.append(c instanceof Node ? c : String(c));
    }
    return e;
  }
  const fmt = new Intl.NumberFormat('en');
  const num = (n) => (n === null || n === undefined) ? '–' : fmt.format(n);
  const pct = (r) => (r * 100).toFixed(1) + ' %';
  const css = (name) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  const palette = () => Array.from({ length: 11 }, (_, i) => css('--chart' + (i + 1)));

  async function api(path, options) {
    const res = await fetch('/api/' + path, Object.assign({ credentials: 'same-origin' }, options || {}));
    if (res.status === 401) {
      location.assign('/login');
      throw new Error('session ended');
    }
    const body = await res.json();
    if (!res.ok) {
      throw new Error(body.error || ('HTTP ' + res.status));
    }
    return body;
  }
  function post(path, body) {
    return api(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': state.csrf },
      body: JSON.stringify(body)
    });
  }
  function record(body) {
    if (state.telemetry) {
      post('telemetry', body).catch(() => {});
    }
  }
  function command(name) {
    record({ kind: 'command', route: state.route, name: name });
  }

  window.addEventListener('error', (e) => {
    const err = e.error || {};
    record({ kind: 'exception', route: state.route, type: err.name || 'Error', stack: err.stack || '' });
  });
  window.addEventListener('unhandledrejection', (e) => {
    const err = e.reason || {};
    record({ kind: 'exception', route: state.route, type: err.name || 'Error', stack: err.stack || '' });
  });

  // ---- charts ----------------------------------------------------------------------------------
  function chart(canvas, config) {
    Chart.defaults.color = css('--muted');
    Chart.defaults.borderColor = css('--line');
    const c = new Chart(canvas, config);
    state.charts.push(c);
    return c;
  }
  function chartBox(id, tall) {
    return el('div', { class: tall ? 'chart tall' : 'chart' }, el('canvas', { id: id, role: 'img' }));
  }
  function barChart(id, labels, data, label, horizontal) {
    const canvas = document.getElementById(id);
    canvas.setAttribute('aria-label', label);
    return chart(canvas, {
      type: 'bar',
      data: { labels: labels, datasets: [{ label: label, data: data, backgroundColor: palette() }] },
      options: { indexAxis: horizontal ? 'y' : 'x', maintainAspectRatio: false, animation: false,
        plugins: { legend: { display: false } } }
    });
  }

  /** Every day from {@code from} to {@code to} (ISO dates), so that charts show days without events as zeros. */
  function allDays(from, to) {
    const out = [];
    for (let t = Date.parse(from + 'T00:00:00Z'); t <= Date.parse(to + 'T00:00:00Z'); t += 86400000) {
      out.push(new Date(t).toISOString().slice(0, 10));
    }
    return out;
  }

  // ---- filters ---------------------------------------------------------------------------------
  /** The chosen range: the last N days up to the tool's latest data, or the days typed into from and to. */
  function range() {
    if (state.days === 'custom') {
      return { from: document.getElementById('from').value, to: document.getElementById('to').value };
    }
    const t = state.tools.find((x) => x.id === state.tool);
    const end = t && t.lastDay ? new Date(t.lastDay + 'T00:00:00Z') : new Date();
    const start = new Date(end.getTime() - (state.days - 1) * 86400000);
    const iso = (d) => d.toISOString().slice(0, 10);
    return { from: iso(start), to: iso(end) };
  }
  function query(extra) {
    const r = range();
    const p = new URLSearchParams({ tool: state.tool, from: r.from, to: r.to });
    Object.entries(extra || {}).forEach(([k, v]) => p.set(k, v));
    document.getElementById('range-label').textContent = r.from + ' – ' + r.to;
    document.getElementById('from').value = r.from;
    document.getElementById('to').value = r.to;
    return p.toString();
  }

  // ---- pages -----------------------------------------------------------------------------------
  function kpi(label, value, id) {
    return el('div', { class: 'card kpi' }, el('div', { class: 'value', id: id, text: value }),
      el('div', { class: 'label', text: label }));
  }
  function table(headers, rows, id) {
    const head = el('tr', {}, ...headers.map((h) => el('th', { class: h.num ? 'num' : '', text: h.label })));
    const body = rows.map((r) => el('tr', {}, ...r.map((cell, i) =>
      el('td', { class: headers[i].num ? 'num' : '' }, cell instanceof Node ? cell : String(cell)))));
    const t = el('table', id ? { id: id } : {}, el('thead', {}, head), el('tbody', {}, ...body));
    // Every table downloads as CSV (RFC 4180): what it shows, numbers without their thousands separators.
    const link = el('a', { class: 'csv', download: (id || 'table') + '.csv', text: 'Download CSV',
      href: 'data:text/csv;charset=utf-8,' + encodeURIComponent(csv(headers, rows)) });
    return el('div', { class: 'table-box' }, t, el('p', { class: 'csv' }, link));
  }

  /** A chart's numbers, in a table under it that opens on demand (and downloads as CSV like every table). */
  function numbers(headers, rows, id) {
    return el('details', { class: 'numbers' }, el('summary', { text: 'The numbers' }), table(headers, rows, id));
  }

  /**
   * A cell as CSV: quoted when it holds a comma, quote or line break. A text cell starting with = + - @ or a
   * tab gets a leading apostrophe, so that a spreadsheet never runs a value an event sent as a formula.
   */
  function csvCell(cell, numeric) {
    let v = cell instanceof Node ? cell.textContent : String(cell);
    if (numeric) v = v.replace(/,/g, '');
    else if (/^[=+\-@\t\r]/.test(v)) v = "'" + v;
    return /[",\r\n]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v;
  }

  function csv(headers, rows) {
    const lines = [headers.map((h) => csvCell(h.label, false)).join(',')];
    for (const r of rows) lines.push(r.map((cell, i) => csvCell(cell, headers[i].num)).join(','));
    return lines.join('\r\n') + '\r\n';
  }

  async function overview() {
    const d = await api('overview?' + query());
    const t = d.totals;
    view.replaceChildren(
      el('h1', { text: 'Overview · ' + d.tool }),
      el('div', { class: 'kpis' },
        kpi('Events', num(t.events), 'kpi-events'),
        kpi('Failure rate', pct(t.failureRate), 'kpi-failure-rate'),
        kpi('Peak daily machines', num(t.peakDailyMachines), 'kpi-peak-machines'),
        kpi('Average daily machines', num(t.averageDailyMachines), 'kpi-average-machines')),
      el('div', { class: 'card' }, el('h2', { text: 'Events and active machines per day' }), chartBox('chart-days', true),
        numbers([{ label: 'Day' }, { label: 'Events', num: true }, { label: 'Failures', num: true },
          { label: 'Active machines', num: true }],
        d.days.map((x) => [x.day, num(x.events), num(x.failures), num(x.machines)]), 'table-days')),
      el('div', { class: 'grid' },
        el('div', { class: 'card' }, el('h2', { text: 'Top commands' }), chartBox('chart-commands'),
          table([{ label: 'Command' }, { label: 'Events', num: true }, { label: 'Failures', num: true },
            { label: 'Failure rate', num: true }],
          d.commands.map((c) => [c.command, num(c.events), num(c.failures), pct(c.failureRate)]), 'table-commands')),
        el('div', { class: 'card' }, el('h2', { text: 'Failure rate per command' }), chartBox('chart-failure-rate')),
        ...[['os_family', 'Operating systems'], ['runtime_id', 'Runtimes'], ['tool_version', 'Tool versions'],
          ['geography', 'Countries'], ['event_name', 'Events by name']].map(([k, title]) =>
          el('div', { class: 'card' }, el('h2', { text: title }), chartBox('chart-' + k),
            table([{ label: 'Value' }, { label: 'Events', num: true }],
              (d.breakdowns[k] || []).map((b) => [b.value, num(b.events)]), 'table-' + k)))));
    const days = d.days.map((x) => x.day);
    chart(document.getElementById('chart-days'), {
      type: 'line',
      data: { labels: days, datasets: [
        { label: 'Events', data: d.days.map((x) => x.events), borderColor: css('--chart1'), backgroundColor: css('--chart1'),
          yAxisID: 'y', pointRadius: 0 },
        { label: 'Active machines', data: d.days.map((x) => x.machines), borderColor: css('--chart2'),
          backgroundColor: css('--chart2'), yAxisID: 'y1', pointRadius: 0 }] },
      options: { maintainAspectRatio: false, animation: false, interaction: { mode: 'index', intersect: false },
        scales: { y: { beginAtZero: true, title: { display: true, text: 'events' } },
          y1: { beginAtZero: true, position: 'right', grid: { drawOnChartArea: false },
            title: { display: true, text: 'machines' } } } }
    });
    barChart('chart-commands', d.commands.map((c) => c.command), d.commands.map((c) => c.events), 'Events', true);
    barChart('chart-failure-rate', d.commands.map((c) => c.command), d.commands.map((c) => +(c.failureRate * 100).toFixed(2)),
      'Failure rate (%)', true);
    for (const k of ['os_family', 'runtime_id', 'tool_version', 'geography', 'event_name']) {
      const rows = d.breakdowns[k] || [];
      const canvas = document.getElementById('chart-' + k);
      canvas.setAttribute('aria-label', k);
      chart(canvas, { type: 'doughnut',
        data: { labels: rows.map((b) => b.value), datasets: [{ data: rows.map((b) => b.events), backgroundColor: palette() }] },
        options: { maintainAspectRatio: false, animation: false, plugins: { legend: { position: 'right' } } } });
    }
  }

  async function commands(selected) {
    const d = await api('commands?' + query(selected ? { command: selected } : {}));
    const det = d.detail;
    const picker = el('select', { id: 'command-picker', on: { change: (e) => render('commands', e.target.value) } },
      ...d.commands.map((c) => {
        const o = el('option', { value: c.command, text: c.command });
        if (c.command === det.command) o.selected = true;
        return o;
      }));
    const dur = det.durationMs;
    view.replaceChildren(
      el('h1', { text: 'Commands · ' + d.detail.tool }),
      el('div', { class: 'row' }, el('label', { for: 'command-picker', text: 'Command' }), picker),
      el('div', { class: 'kpis' },
        kpi('Runs', num(det.runs), 'kpi-runs'),
        kpi('Duration p50 (ms)', num(dur.p50), 'kpi-p50'),
        kpi('Duration p90 (ms)', num(dur.p90), 'kpi-p90'),
        kpi('Duration p99 (ms)', num(dur.p99), 'kpi-p99')),
      el('p', { class: 'muted', text: 'Duration percentiles are estimated from a histogram of 16 buckets per doubling:'
        + ' each is within 3.2 % of the exact value (below 32 ms, exact).' }),
      el('div', { class: 'card' }, el('h2', { text: 'Runs and failures per day' }), chartBox('chart-command-days', true),
        numbers([{ label: 'Day' }, { label: 'Runs', num: true }, { label: 'Failures', num: true },
          { label: 'Machines', num: true }],
        det.days.map((x) => [x.day, num(x.events), num(x.failures), num(x.machines)]), 'table-command-days')),
      el('div', { class: 'card' }, el('h2', { text: 'By tool version' }),
        table([{ label: 'Version' }, { label: 'Runs', num: true }, { label: 'Failure rate', num: true },
          { label: 'p50 (ms)', num: true }, { label: 'p90 (ms)', num: true }, { label: 'Against the previous version' }],
        (det.byVersion || []).map((v) => [v.version || 'Unknown', num(v.runs), pct(v.failureRate), num(v.p50), num(v.p90),
          !v.previous ? '' : [v.failureRateWorse ? 'failure rate worse' : '', v.p90Worse ? 'p90 slower' : '']
            .filter((x) => x).join(', ') || 'no significant change']), 'table-versions'),
        el('p', { class: 'muted', text: 'Worse: one-sided tests at p < 0.01 against the version before it (failure rate:'
          + ' two-proportion z-test; p90: share of runs in duration buckets above the previous p90\'s bucket against 10 %),'
          + ' with at least 20'
          + ' runs in each.' })),
      el('div', { class: 'grid' },
        el('div', { class: 'card' }, el('h2', { text: 'Exit codes' }), chartBox('chart-exit-codes'),
          table([{ label: 'Exit code' }, { label: 'Runs', num: true }], det.exitCodes.map((x) => [x.exitCode, num(x.runs)]),
            'table-exit-codes')),
        el('div', { class: 'card' }, el('h2', { text: 'Options used' }),
          det.options.length === 0 ? el('p', { class: 'muted', text: 'No options recorded.' })
            : table([{ label: 'Option' }, { label: 'Runs', num: true }], det.options.map((x) => [x.option, num(x.runs)]),
              'table-options'))));
    const days = allDays(det.from, det.to);
    const perDay = Object.fromEntries(det.days.map((x) => [x.day, x]));
    chart(document.getElementById('chart-command-days'), {
      type: 'bar',
      data: { labels: days, datasets: [
        { label: 'Runs', data: days.map((x) => (perDay[x] || {}).events || 0), backgroundColor: css('--chart1') },
        { label: 'Failures', data: days.map((x) => (perDay[x] || {}).failures || 0), backgroundColor: css('--chart5') }] },
      options: { maintainAspectRatio: false, animation: false }
    });
    barChart('chart-exit-codes', det.exitCodes.map((x) => x.exitCode), det.exitCodes.map((x) => x.runs), 'Runs', false);
  }

  async function errors() {
    const d = await api('errors?' + query());
    const top = d.groups.slice(0, 5);
    const days = allDays(d.from, d.to);
    view.replaceChildren(
      el('h1', { text: 'Errors · ' + d.tool }),
      el('div', { class: 'card' }, el('h2', { text: 'Top crash groups over time' }), chartBox('chart-errors', true),
        numbers([{ label: 'Day' }, ...top.map((g) => ({ label: g.type + ' @ ' + g.frame, num: true }))],
          days.map((day) => [day, ...top.map((g) => num((g.days.find((x) => x.day === day) || {}).count || 0))]),
          'table-error-days')),
      el('div', { class: 'card' }, el('h2', { text: 'Crash groups' }),
        d.groups.length === 0 ? el('p', { class: 'muted', text: 'No crashes or errors in this range.' })
          : table([{ label: 'Event' }, { label: 'Exception type' }, { label: 'Frames in the tool' },
            { label: 'Count', num: true }, { label: 'Commands', num: true }, { label: 'Versions' }, { label: 'Last seen' },
            { label: 'Stack sample' }],
          d.groups.map((g) => [g.event, g.type, (g.frames || []).join(' ← '), num(g.count), num(g.commands),
            (g.firstVersion === g.lastVersion ? g.firstVersion : g.firstVersion + ' to ' + g.lastVersion)
              + (g.newInNewestVersion ? ' (new in ' + d.newestVersion + ')' : ''),
            g.last,
            el('details', {}, el('summary', { text: 'show' }), el('pre', { class: 'stack', text: g.stack || '' }))]),
          'table-errors'),
        el('p', { class: 'muted', text: 'Grouped by exception type and the top frames in the tool\'s own code, without'
          + ' file names or line numbers, so a release that moves a line keeps its group. "New in" marks a group first'
          + ' seen in the newest version that crashed in this range.' })));
    chart(document.getElementById('chart-errors'), {
      type: 'line',
      data: { labels: days, datasets: top.map((g, i) => {
        const per = Object.fromEntries(g.days.map((x) => [x.day, x.count]));
        return { label: g.type + ' @ ' + g.frame, data: days.map((x) => per[x] || 0), borderColor: palette()[i],
          backgroundColor: palette()[i], pointRadius: 0 };
      }) },
      options: { maintainAspectRatio: false, animation: false }
    });
  }

  async function adoption() {
    const dims = [['tool_version', 'Tool versions'], ['runtime_id', 'Runtimes'], ['os_family', 'Operating systems']];
    const answers = await Promise.all(dims.map(([k]) => api('adoption?' + query({ dimension: k }))));
    view.replaceChildren(
      el('h1', { text: 'Adoption · ' + state.tool }),
      el('p', { class: 'muted', text: 'Share of each day\'s active machines, per value; a machine that ran two'
        + ' versions on one day counts in both. First seen: the first day the value appears in the store.' }),
      ...answers.map((d, i) => {
        const [k, title] = dims[i];
        const lastDay = d.activeMachines.reduce((last, n, j) => n > 0 ? j : last, -1);
        return el('div', { class: 'card' }, el('h2', { text: title + ': share of active machines' }),
          chartBox('chart-adoption-' + k, true),
          table([{ label: 'Value' }, { label: 'First seen' }, { label: 'Share on ' + (lastDay >= 0 ? d.days[lastDay] : '–'), num: true },
            { label: 'Average share', num: true }, { label: 'Machine-days', num: true }],
          d.series.map((s) => {
            const active = s.share.filter((x, j) => d.activeMachines[j] > 0);
            const avg = active.length ? active.reduce((a, b) => a + b, 0) / active.length : 0;
            return [s.value, s.firstSeen || '', lastDay >= 0 ? pct(s.share[lastDay]) : '–', pct(avg),
              num(s.machines.reduce((a, b) => a + b, 0))];
          }), 'table-adoption-' + k));
      }));
    answers.forEach((d, i) => {
      const canvas = document.getElementById('chart-adoption-' + dims[i][0]);
      canvas.setAttribute('aria-label', dims[i][1] + ': share of active machines per day; the numbers are in the table below');
      chart(canvas, {
        type: 'line',
        data: { labels: d.days, datasets: d.series.map((s, j) => ({
          label: s.value, data: s.share.map((x) => x * 100), fill: true, borderColor: palette()[j % 11],
          backgroundColor: palette()[j % 11], pointRadius: 0, borderWidth: 1 })) },
        options: { maintainAspectRatio: false, animation: false,
          scales: { y: { stacked: true, min: 0, ticks: { callback: (v) => v + ' %' } }, x: { stacked: true } } }
      });
    });
  }

  /** A stacked bar chart of new and returning machines per period, whose numbers are in the table under it. */
  function newAndReturning(id, label, periods, key) {
    const canvas = document.getElementById(id);
    canvas.setAttribute('aria-label', label + '; the numbers are in the table below');
    chart(canvas, {
      type: 'bar',
      data: { labels: periods.map((p) => p[key]), datasets: [
        { label: 'Returning', data: periods.map((p) => p.returning), backgroundColor: css('--chart1') },
        { label: 'New', data: periods.map((p) => p.new), backgroundColor: css('--chart2') }] },
      options: { maintainAspectRatio: false, animation: false, interaction: { mode: 'index', intersect: false },
        scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } }
    });
  }

  async function active() {
    const d = await api('active?' + query());
    const last = (list) => list[list.length - 1] || { active: 0 };
    const periodTable = (list, key, title, id) => numbers([{ label: title }, { label: 'Active', num: true },
      { label: 'New', num: true }, { label: 'Returning', num: true }, ...(key === 'day' ? [] : [{ label: 'Note' }])],
    list.map((p) => [p[key], num(p.active), num(p.new), num(p.returning),
      ...(key === 'day' ? [] : [p.partial ? 'partly outside the range' : ''])]), id);
    const weeks = d.retention.reduce((n, c) => Math.max(n, c.share.length), 0);
    // A cell's shade says its share in fifths; the number is its text.
    const cell = (c, k) => k >= c.share.length ? '' : c.machines === 0 ? '–'
      : el('span', { class: 'heat heat-' + Math.min(4, Math.floor(c.share[k] * 5)), text: pct(c.share[k]) });
    view.replaceChildren(
      el('h1', { text: 'Active machines · ' + d.tool }),
      el('p', { class: 'muted', text: 'A machine is active in a day, week or month when it sent any event then. Weeks are'
        + ' calendar weeks from Monday (ISO), months calendar months, each counted whole even where the range cuts it.'
        + ' New: first seen in that day, week or month, in all the data the collector kept, not only this range;'
        + ' returning: the others.' }),
      el('div', { class: 'kpis' },
        kpi('Daily active machines on ' + d.to, num(last(d.days).active), 'kpi-dau'),
        kpi('Weekly active machines, week from ' + (last(d.weeks).week || '–'), num(last(d.weeks).active), 'kpi-wau'),
        kpi('Monthly active machines, ' + (last(d.months).month || '–').slice(0, 7), num(last(d.months).active), 'kpi-mau'),
        kpi('New machines in the range', num(d.newInRange), 'kpi-new')),
      el('div', { class: 'card' }, el('h2', { text: 'Daily active machines: new and returning' }),
        chartBox('chart-active-days', true), periodTable(d.days, 'day', 'Day', 'table-active-days')),
      el('div', { class: 'grid' },
        el('div', { class: 'card' }, el('h2', { text: 'Weekly active machines (calendar weeks from Monday)' }),
          chartBox('chart-active-weeks'), periodTable(d.weeks, 'week', 'Week from', 'table-active-weeks')),
        el('div', { class: 'card' }, el('h2', { text: 'Monthly active machines (calendar months)' }),
          chartBox('chart-active-months'), periodTable(d.months, 'month', 'Month from', 'table-active-months'))),
      el('div', { class: 'card' }, el('h2', { text: 'Weekly retention' }),
        el('p', { class: 'muted', text: 'Each row: the machines first seen in that week (the cohort); each column: the'
          + ' share of them active in the week so many weeks later, up to the range\'s last week.' }),
        table([{ label: 'First seen in the week from' }, { label: 'Machines', num: true },
          ...Array.from({ length: weeks }, (_, k) => ({ label: 'Week ' + k, num: true }))],
        d.retention.map((c) => [c.week, num(c.machines), ...Array.from({ length: weeks }, (_, k) => cell(c, k))]),
        'table-retention')));
    newAndReturning('chart-active-days', 'Daily active machines, new and returning', d.days, 'day');
    newAndReturning('chart-active-weeks', 'Weekly active machines, new and returning', d.weeks, 'week');
    newAndReturning('chart-active-months', 'Monthly active machines, new and returning', d.months, 'month');
  }

  async function catalog() {
    const d = await api('catalog?' + new URLSearchParams({ tool: state.tool }));
    const c = d.catalog;
    if (!c) {
      view.replaceChildren(el('h1', { text: 'Catalog · ' + d.tool }),
        el('p', { class: 'muted', text: 'This tool was registered without a catalog: any named event is accepted, and every string is scrubbed.' }));
      return;
    }
    const props = (list) => table([{ label: 'Property' }, { label: 'Type' }, { label: 'Classification' }, { label: 'Purpose' },
      { label: 'Endpoint' }, { label: 'Comment' }],
    (list || []).map((p) => [p.name, p.type, p.classification, p.purpose, p.endpoint, p.comment]));
    view.replaceChildren(
      el('h1', { text: 'Catalog · ' + d.tool }),
      el('p', { class: 'muted', text: 'Every event and property the tool may send, as its catalog declares them.' }),
      el('div', { class: 'card' }, el('h2', { text: 'Common properties (on every event)' }), props(c.commonProperties)),
      ...(c.events || []).map((e) => el('div', { class: 'card' },
        el('h2', { text: e.name + ' · ' + e.level + ' · ' + e.purpose }),
        el('p', { class: 'muted', text: e.comment || '' }), props(e.properties))));
  }

  async function published() {
    const d = await api('published');
    const toolPicker = el('select', { id: 'publish-tool' }, ...d.tools.map((t) => el('option', { value: t, text: t })));
    const quarter = el('input', { id: 'publish-quarter', value: d.lastQuarter, size: '8', 'aria-label': 'Quarter' });
    const result = el('p', { id: 'publish-result', class: 'muted' });
    const button = el('button', { id: 'publish-button', type: 'button', text: 'Publish quarter', on: { click: async () => {
      result.textContent = 'Publishing…';
      try {
        const r = await post('publish', { tool: toolPicker.value, quarter: quarter.value });
        result.textContent = r.summary;
        render('published');
      } catch (e) {
        result.textContent = e.message;
      }
    } } });
    view.replaceChildren(
      el('h1', { text: 'Published data' }),
      el('div', { class: 'card' }, el('h2', { text: 'Files' }),
        d.files.length === 0 ? el('p', { class: 'muted', text: 'Nothing published yet.' })
          : table([{ label: 'File' }, { label: 'Rows', num: true }, { label: 'Bytes', num: true }],
            d.files.map((f) => {
              const a = el('a', { text: f.name, download: f.name });
              if (f.url.startsWith('/data/')) a.href = f.url;
              return [a, num(f.rows), num(f.bytes)];
            }), 'table-published'),
        el('p', { class: 'muted', text: d.licence }),
        el('p', {}, el('a', { href: '/data/', text: 'Public index of published files' }))),
      el('div', { class: 'card' }, el('h2', { text: 'Publish a quarter now' }),
        el('p', { class: 'muted', text: 'Rows behind fewer than ' + d.k + ' machines are generalized or left out.' }),
        el('div', { class: 'row' }, toolPicker, quarter, button), result));
  }

  async function settings() {
    const d = await api('settings');
    const saved = localStorage.getItem('candor.theme') || 'system';
    const theme = el('select', { id: 'theme', on: { change: (e) => {
      const v = e.target.value;
      if (v === 'system') {
        localStorage.removeItem('candor.theme');
        delete document.documentElement.dataset.theme;
      } else {
        localStorage.setItem('candor.theme', v);
        document.documentElement.dataset.theme = v;
      }
      command('theme');
    } } }, ...['system', 'light', 'dark'].map((v) => {
      const o = el('option', { value: v, text: v });
      if (v === saved) o.selected = true;
      return o;
    }));
    const logout = el('button', { id: 'logout', type: 'button', class: 'secondary', text: 'Log out', on: { click: async () => {
      await fetch('/logout', { method: 'POST', headers: { 'X-CSRF-Token': state.csrf }, credentials: 'same-origin' });
      location.assign('/login');
    } } });
    view.replaceChildren(
      el('h1', { text: 'Settings' }),
      el('div', { class: 'card' }, el('h2', { text: 'Appearance' }), el('div', { class: 'row' },
        el('label', { for: 'theme', text: 'Theme' }), theme, logout)),
      el('div', { class: 'grid' },
        el('div', { class: 'card' }, el('h2', { text: 'Collector settings' }),
          table([{ label: 'Setting' }, { label: 'Value' }], Object.entries(d.settings), 'table-settings')),
        el('div', { class: 'card' }, el('h2', { text: 'Registered tools' }),
          table([{ label: 'Tool' }, { label: 'Catalog' }], d.tools.map((t) => [t.id, t.catalog ? 'yes' : 'none (any event)'])))),
      d.disclosure ? el('p', { id: 'telemetry-disclosure', class: 'disclosure', text: d.disclosure }) : null);
  }

  const pages = { overview: overview, commands: commands, errors: errors, adoption: adoption, active: active, catalog: catalog, published: published, settings: settings };

  async function render(route, arg) {
    state.charts.forEach((c) => c.destroy());
    state.charts = [];
    document.querySelectorAll('#nav a').forEach((a) => a.classList.toggle('active', a.dataset.route === route));
    view.dataset.ready = 'false';
    try {
      await pages[route](arg);
    } catch (e) {
      view.replaceChildren(el('p', { class: 'error', text: 'Could not load this page: ' + e.message }));
    }
    view.dataset.ready = 'true';
    view.dataset.route = route;
  }

  function routeFromHash() {
    const r = location.hash.replace(/^#\/?/, '');
    return Object.prototype.hasOwnProperty.call(pages, r) ? r : 'overview';
  }

  function navigate() {
    const route = routeFromHash();
    if (route !== state.route) {
      state.route = route;
      record({ kind: 'page', route: route, language: navigator.language });
    }
    render(route);
  }

  async function start() {
    const theme = localStorage.getItem('candor.theme');
    if (theme === 'dark' || theme === 'light') document.documentElement.dataset.theme = theme;
    const s = await api('session');
    state.csrf = s.csrf;
    state.telemetry = s.telemetry;
    state.tools = await api('tools');
    const withData = state.tools.find((t) => t.events > 0);
    state.tool = (withData || state.tools[0] || {}).id;
    const toolPicker = document.getElementById('tool');
    state.tools.forEach((t) => {
      const o = el('option', { value: t.id, text: t.id });
      if (t.id === state.tool) o.selected = true;
      toolPicker.append(o);
    });
    toolPicker.addEventListener('change', () => { state.tool = toolPicker.value; command('choose-tool'); render(state.route); });
    const days = document.getElementById('range');
    days.addEventListener('change', () => {
      state.days = days.value === 'custom' ? 'custom' : +days.value;
      command('choose-range');
      render(state.route);
    });
    for (const id of ['from', 'to']) {
      document.getElementById(id).addEventListener('change', () => {
        days.value = 'custom';
        state.days = 'custom';
        command('choose-range');
        render(state.route);
      });
    }
    window.addEventListener('hashchange', navigate);
    navigate();
  }

  start().catch((e) => view.replaceChildren(el('p', { class: 'error', text: 'Could not start: ' + e.message })));
})();
