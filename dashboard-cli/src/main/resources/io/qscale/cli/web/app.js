// The qscale web dashboard: reads /api, follows /api/events, and posts changes with the token when one is given.
(function () {
  const MAX_POINTS = 600;
  const $ = (id) => document.getElementById(id);
  const state = { charts: {}, lastDecision: null, target: null };
  window.qscale = state;

  // Clock time (the browser's zone) for a time axis in milliseconds since the epoch.
  function clock(msSinceEpoch) {
    const d = new Date(msSinceEpoch);
    return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
  }
  window.qscale.clock = clock;

  // A line chart on a real time axis: points are {x: ms, y}; gaps in the stream stay gaps in time.
  // Counts (workers) are drawn as steps: a pool of 1 then 2 never had 1.5 workers.
  function chart(id, datasets, max, steps) {
    const line = steps ? { stepped: 'after', tension: 0 } : { tension: 0.2 };
    return new Chart($(id), {
      type: 'line',
      data: { datasets: datasets.map((label) => ({ label, data: [], pointRadius: 0, ...line })) },
      options: {
        animation: false, maintainAspectRatio: false, parsing: false,
        scales: {
          // Whole seconds only: a clock label twice in a row would say nothing.
          x: { type: 'linear', ticks: { maxTicksLimit: 6, maxRotation: 0, callback: (v) => clock(v) },
            afterBuildTicks: (axis) => { axis.ticks = axis.ticks.filter((t) => t.value % 1000 === 0); } },
          y: { beginAtZero: true, max }
        }
      }
    });
  }

  state.charts.queue = chart('chart-queue', ['waiting']);
  state.charts.workers = chart('chart-workers', ['running', 'target'], undefined, true);
  // Decisions that changed the pool, marked where they happened: ▲ scale up, ▼ scale down.
  const marker = (label, rotation, color) => ({ label, data: [], type: 'scatter', showLine: false, pointStyle: 'triangle',
    pointRotation: rotation, pointRadius: 7, pointBackgroundColor: color, pointBorderColor: color,
    backgroundColor: color, borderColor: color });
  state.charts.workers.data.datasets.push(marker('scale up', 0, '#2e7d32'), marker('scale down', 180, '#c62828'));
  state.charts.utilization = chart('chart-utilization', ['utilization %'], 100);
  state.charts.latency = chart('chart-latency', ['oldest wait (s)']);
  state.charts.throughput = chart('chart-throughput', ['completions/s', 'arrivals/s']);
  state.charts.cpu = chart('chart-cpu', ['host CPU %', 'workers CPU % (mean)'], 100);

  // Appends one point per line dataset (markers are kept apart) and forgets points older than the window.
  function push(c, at, values) {
    values.forEach((v, i) => c.data.datasets[i].data.push({ x: at, y: v }));
    const lines = c.data.datasets.filter((d) => d.type !== 'scatter');
    if (lines[0].data.length > MAX_POINTS) {
      lines.forEach((d) => d.data.shift());
      const oldest = lines[0].data[0].x;
      c.data.datasets.filter((d) => d.type === 'scatter').forEach((d) => { d.data = d.data.filter((p) => p.x >= oldest); });
    }
  }

  function ms(value) { return value < 1000 ? value + ' ms' : (value / 1000).toFixed(1) + ' s'; }

  function showSnapshot(s) {
    $('queue').textContent = s.queue;
    $('queue-length').textContent = s.queueLength;
    $('latency').textContent = ms(s.oldestTaskAgeMs);
    $('active').textContent = s.activeWorkers;
    $('busy').textContent = s.busyWorkers + ' (' + Math.round(s.utilization * 100) + ' %)';
    $('times').textContent = ms(s.avgProcessingMs) + ' / ' + ms(s.p95ProcessingMs);
    $('success').textContent = Math.round(s.successRate * 100) + ' %';
    $('eta').textContent = s.etaToDrainMs == null ? 'ETA to drain: unknown' : 'ETA to drain: ' + ms(s.etaToDrainMs);
    const t = Date.parse(s.takenAt);
    push(state.charts.queue, t, [s.queueLength]);
    push(state.charts.workers, t, [s.activeWorkers, state.target ?? s.activeWorkers]);
    push(state.charts.utilization, t, [Math.round(s.utilization * 100)]);
    push(state.charts.latency, t, [s.oldestTaskAgeMs / 1000]);
    push(state.charts.throughput, t, [s.completionRate, s.arrivalRate]);
    push(state.charts.cpu, t, [s.hostCpuLoad >= 0 ? Math.round(s.hostCpuLoad * 100) : null,
      s.poolCpu && s.poolCpu.mean != null ? Math.round(s.poolCpu.mean * 100) : null]);
    Object.values(state.charts).forEach((c) => c.update());
  }

  function showDecision(d) {
    state.lastDecision = d;
    state.target = d.decision.target;
    $('action').textContent = d.decision.action.replace('_', ' ') + ' → ' + d.decision.target;
    $('reason').textContent = d.decision.reason + ' (' + d.outcome.toLowerCase() + ')';
    const at = Date.parse(d.decision.at);
    const direction = { SCALE_UP: 2, SCALE_DOWN: 3 }[d.decision.action];
    if (direction) {
      state.charts.workers.data.datasets[direction].data.push({ x: at, y: d.decision.target });
      state.charts.workers.update();
    }
    // A run of like decisions (a hold each tick) is one entry that counts up, so changes stay in view.
    const run = d.manager + '@' + d.since;
    const first = $('decisions').firstElementChild;
    const item = first && first.dataset.run === run ? first : document.createElement('li');
    item.dataset.run = run;
    item.dataset.kind = d.kind;
    item.className = 'decision-' + d.kind;
    item.textContent = clock(at) + ' ' + d.decision.reason + ' — ' + d.outcome.toLowerCase().replace('_', ' ')
      + (d.repeats > 1 ? ' (×' + d.repeats + ' since ' + clock(Date.parse(d.since)) + ')' : '')
      + (d.kind === 'failure' && d.detail ? ': ' + d.detail : '');
    if (item !== first) { $('decisions').prepend(item); }
    while ($('decisions').children.length > 20) { $('decisions').lastChild.remove(); }
  }

  async function get(path) {
    const response = await fetch(path);
    if (!response.ok) { throw new Error((await response.json()).error); }
    return response.json();
  }

  async function refreshStatus() {
    try {
      const status = await get('/api/status');
      $('mode').textContent = status.mode;
      $('leader').textContent = status.leader || 'none';
      $('scaler').textContent = status.scaler;
      const workers = await get('/api/workers');
      $('workers').replaceChildren(...workers.map((w) => {
        const row = document.createElement('tr');
        [w.id, w.state.toLowerCase() + (w.alive ? '' : ' (dead)'), w.processed, w.failed, w.host + ':' + w.pid].forEach((v) => {
          const cell = document.createElement('td');
          cell.textContent = v;
          row.appendChild(cell);
        });
        return row;
      }));
    } catch (e) {
      $('message').textContent = e.message;
    }
  }

  async function post(path, body) {
    const headers = { 'Content-Type': 'application/json' };
    const token = $('token').value;
    if (token) { headers.Authorization = 'Bearer ' + token; }
    const response = await fetch(path, { method: 'POST', headers, body: JSON.stringify(body) });
    const answer = await response.json();
    $('message').textContent = response.ok ? JSON.stringify(answer) : answer.error;
    await refreshStatus();
  }

  $('scale-button').addEventListener('click', () => post('/api/scale', { workers: Number($('scale-input').value) }));
  $('stress-button').addEventListener('click', () => post('/api/stress', { tasks: 25 }));
  $('mode-button').addEventListener('click', () => post('/api/mode', { mode: $('mode-select').value }));

  async function start() {
    const history = await get('/api/history?minutes=10');
    history.points.forEach((p) => {
      const t = Date.parse(p.at);
      push(state.charts.queue, t, [p.queueLength]);
      push(state.charts.workers, t, [p.activeWorkers, p.targetWorkers]);
    });
    (await get('/api/decisions?limit=10')).reverse().forEach(showDecision);
    await refreshStatus();
    const events = new EventSource('/api/events');
    events.addEventListener('snapshot', (e) => showSnapshot(JSON.parse(e.data)));
    events.addEventListener('decision', (e) => showDecision(JSON.parse(e.data)));
    setInterval(refreshStatus, 2000);
  }
  start().catch((e) => { $('message').textContent = e.message; });
})();
