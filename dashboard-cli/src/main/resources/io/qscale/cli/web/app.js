// The qscale web dashboard: reads /api, follows /api/events, and posts changes with the token when one is given.
(function () {
  const MAX_POINTS = 600;
  const $ = (id) => document.getElementById(id);
  const state = { charts: {}, lastDecision: null, target: null };
  window.qscale = state;

  function chart(id, datasets, max) {
    return new Chart($(id), {
      type: 'line',
      data: { labels: [], datasets: datasets.map((label) => ({ label, data: [], pointRadius: 0, tension: 0.2 })) },
      options: { animation: false, maintainAspectRatio: false, scales: { x: { display: false }, y: { beginAtZero: true, max } } }
    });
  }

  state.charts.queue = chart('chart-queue', ['waiting']);
  state.charts.workers = chart('chart-workers', ['running', 'target']);
  state.charts.utilization = chart('chart-utilization', ['utilization %'], 100);
  state.charts.latency = chart('chart-latency', ['oldest wait (s)']);

  function push(c, label, values) {
    c.data.labels.push(label);
    values.forEach((v, i) => c.data.datasets[i].data.push(v));
    if (c.data.labels.length > MAX_POINTS) {
      c.data.labels.shift();
      c.data.datasets.forEach((d) => d.data.shift());
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
    const t = s.takenAt.substring(11, 19);
    push(state.charts.queue, t, [s.queueLength]);
    push(state.charts.workers, t, [s.activeWorkers, state.target ?? s.activeWorkers]);
    push(state.charts.utilization, t, [Math.round(s.utilization * 100)]);
    push(state.charts.latency, t, [s.oldestTaskAgeMs / 1000]);
    Object.values(state.charts).forEach((c) => c.update());
  }

  function showDecision(d) {
    state.lastDecision = d;
    state.target = d.decision.target;
    $('action').textContent = d.decision.action.replace('_', ' ') + ' → ' + d.decision.target;
    $('reason').textContent = d.decision.reason + ' (' + d.outcome.toLowerCase() + ')';
    const item = document.createElement('li');
    item.textContent = d.decision.at.substring(11, 19) + ' ' + d.decision.reason + ' — ' + d.outcome.toLowerCase();
    $('decisions').prepend(item);
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
      const t = p.at.substring(11, 19);
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
