// The console page: plain ES module, no build step. Live state arrives by Server-Sent Events (/api/events): history
// entries carry their sequence number as the event id, so a reconnecting EventSource resumes with Last-Event-ID.
const $ = (sel) => document.querySelector(sel);
const state = { actionsEnabled: false, workers: [], chart: null, chartData: null, lastSeq: -1, selected: null };

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v; else if (k.startsWith('data-')) e.setAttribute(k, v); else e[k] = v;
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(c ?? ''));
  return e;
}

// ISO-8601 in the browser's zone, with the cluster's own time alongside
function iso(ms) {
  if (ms == null || ms < 0) return '-';
  const d = new Date(ms);
  const pad = (n, w = 2) => String(Math.abs(n)).padStart(w, '0');
  const off = -d.getTimezoneOffset();
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:` +
    `${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}${off >= 0 ? '+' : '-'}${pad(Math.trunc(off / 60))}:${pad(off % 60)}`;
}
const timeCell = (ms) => el('span', { title: `cluster time ${ms}` }, iso(ms));

async function api(path, options = {}) {
  const r = await fetch(path, options);
  const body = await r.json().catch(() => ({ error: `HTTP ${r.status}` }));
  if (!r.ok) throw Object.assign(new Error(body.error || `HTTP ${r.status}`), { status: r.status, body });
  return body;
}

// ------------------------------------------------------------------------------------------------ health
function renderState(s) {
  state.actionsEnabled = s.actionsEnabled;
  document.querySelectorAll('.actions-only').forEach((e) => e.classList.toggle('hidden', !s.actionsEnabled));
  $('#mode').textContent = s.actionsEnabled ? 'actions enabled (token required)' : 'read-only';
  const v = s.verdict;
  $('#health-state').textContent = v.state;
  $('#health-state').className = `badge ${v.state}`;
  $('#health-reasons').textContent = v.reasons.join('; ');
  const banner = $('#link-banner');
  if (!s.link.connected) {
    banner.textContent = `Cluster unreachable since ${iso(s.link.changedAtMs)}: ${s.link.lastError}. Reconnecting...`;
    banner.classList.remove('hidden');
  } else if (banner.dataset.reason !== 'console') {
    banner.classList.add('hidden');
  }
  const sum = s.summary;
  $('#cluster-summary').textContent = sum ?
    `leader member ${s.link.leaderMemberId}, term ${s.link.leadershipTermId} · policy ${sum.policy} · ` +
    `${sum.liveWorkers}/${sum.workers} workers live · ${sum.tasks} tasks (${sum.pending} pending, ${sum.stuck} stuck) · ` +
    `last epoch ${sum.lastEpoch} · cluster time ${iso(sum.clusterTime)}` : 'no answer from the cluster';
  const members = $('#members tbody');
  members.replaceChildren(...s.members.map((m) => el('tr', {},
    el('td', {}, String(m.memberId)),
    ...(m.readable ? [el('td', {}, m.role), el('td', {}, m.electionState), el('td', {}, String(m.commitPosition)),
      el('td', {}, String(m.leadershipTerm)), el('td', {}, String(m.elections)),
      el('td', {}, `${m.clusterErrors}/${m.serviceErrors}/${m.driverErrors}`), el('td', {}, String(m.clientTimeouts))]
      : [el('td', { colSpan: 7 }, m.problem)]))));
  $('#sees').textContent = s.members.length ? 'From each member\'s Aeron counters (cnc.dat) on this machine.' :
    'Members\' own counters are not visible here (start the console with --member-aeron-dir on the members\' ' +
    'machine); leader and term are as the console\'s cluster client sees them.';
  renderWorkers(s.workers);
  if (sum) addSample(sum.clusterTime / 1000, s.workers);
}

// ------------------------------------------------------------------------------------------------ workers
// A worker's load is read against its fair share (the live workers' capacity shares of all the weight held), never
// against its raw capacity: "6 of fair 6.0" is balanced, whatever the capacity's unit. The bar's full width is the
// busiest worker or the largest fair share, whichever is more; the tick marks this worker's fair share.
const pct = (x) => `${Math.round(100 * x)}%`;
const one = (x) => x.toFixed(1);
function loadLevel(w) {
  if (w.status !== 'LIVE') return w.load > 0 ? 'over' : 'idle';
  if (w.load > Math.ceil(w.fairShare - 1e-9)) return 'over';
  if (w.load < Math.floor(w.fairShare + 1e-9)) return 'under';
  return 'fair';
}
function loadTooltip(w, scale) {
  const holds = `${w.name} holds ${w.taskCount} task(s), weight ${w.load} in all.`;
  const share = w.status === 'LIVE' ?
    ` Capacity ${w.capacity} of the live workers' ${w.liveCapacity} (${pct(w.capacityShare)}): its fair share is ` +
    `${one(w.fairShare)} of the ${w.totalLoad} weight units held, and it carries ` +
    `${w.fairShare > 0 ? pct(w.load / w.fairShare) : '-'} of it.` :
    ` It is ${w.status.toLowerCase()}: no fair share (its tasks belong on the live workers).`;
  return `${holds}${share} Bar: full width ${one(scale)} (the busiest worker or the largest fair share); ` +
    'the tick marks its fair share.';
}
function renderWorkers(workers) {
  state.workers = workers;
  const scale = Math.max(1, ...workers.map((w) => Math.max(w.load, w.fairShare)));
  $('#workers tbody').replaceChildren(...workers.map((w) => {
    const level = loadLevel(w);
    const fill = el('span', { class: 'fill' });
    fill.style.width = pct(w.load / scale);
    const tick = el('span', { class: 'tick' });
    tick.style.left = pct(w.fairShare / scale);
    const bar = el('span', { class: `bar ${level}` }, fill, ...(w.status === 'LIVE' ? [tick] : []));
    const drain = el('button', { class: 'drain-btn actions-only' +
      (state.actionsEnabled && w.status === 'LIVE' ? '' : ' hidden') }, 'Drain...');
    drain.onclick = () => openPlan({ action: 'drain', worker: w.name });
    return el('tr', { 'data-worker': w.name },
      el('td', {}, w.name), el('td', { class: 'status' }, w.status + (w.detached ? ' (detached)' : '')),
      el('td', { class: 'task-count' }, String(w.taskCount)), el('td', { class: 'weight' }, String(w.load)),
      el('td', { class: 'load', title: loadTooltip(w, scale), 'data-level': level, 'data-fair': one(w.fairShare) },
        bar, `${w.load} of fair ${one(w.fairShare)}`),
      el('td', { class: 'capacity-share' }, w.status === 'LIVE' ?
        `${pct(w.capacityShare)} (${w.capacity} of ${w.liveCapacity})` : `0% (${w.status.toLowerCase()})`),
      el('td', {}, w.capabilities.join(',')),
      el('td', {}, timeCell(w.connectedSince)), el('td', {}, timeCell(w.lastHeard)), el('td', {}, drain));
  }));
  const moveTo = $('#move-to');
  const keep = moveTo.value;
  moveTo.replaceChildren(...workers.filter((w) => w.status === 'LIVE').map((w) => el('option', {}, w.name)));
  if (keep) moveTo.value = keep;
}

// ------------------------------------------------------------------------------------------------ balance chart
async function initChart() {
  const b = await api('/api/balance');
  state.chartData = { times: b.times, workers: b.workers };
  drawChart();
}

function addSample(t, workers) {
  const d = state.chartData;
  if (!d) return;
  if (d.times.length && d.times[d.times.length - 1] >= t) return;
  d.times.push(t);
  const n = d.times.length;
  for (const w of workers) {
    if (!d.workers[w.name]) d.workers[w.name] = new Array(n - 1).fill(null);
  }
  for (const [name, series] of Object.entries(d.workers)) {
    const w = workers.find((x) => x.name === name);
    series.push(w ? w.taskCount : null);
  }
  if (d.times.length > 600) { d.times.shift(); Object.values(d.workers).forEach((s) => s.shift()); }
  drawChart();
}

const COLORS = ['#3b6fd8', '#2e8b57', '#d98e04', '#8e44ad', '#c0392b', '#16a085', '#7f8c8d', '#e67e22'];
function drawChart() {
  const d = state.chartData;
  const names = Object.keys(d.workers).sort();
  const data = [d.times, ...names.map((n) => d.workers[n])];
  const box = $('#balance-chart');
  box.dataset.series = String(names.length);
  const latest = names.map((n) => `${n} ${d.workers[n][d.workers[n].length - 1] ?? '-'}`).join(' · ');
  $('#balance-summary').textContent = latest;
  if (!state.chart || state.chart.series.length !== names.length + 1) {
    if (state.chart) state.chart.destroy();
    state.chart = new uPlot({
      width: Math.max(300, box.clientWidth - 8), height: 220,
      scales: { x: { time: true } },
      series: [{}, ...names.map((n, i) => ({ label: n, stroke: COLORS[i % COLORS.length], width: 2, spanGaps: false }))],
      axes: [{}, { label: 'tasks' }],
    }, data, box);
  } else {
    state.chart.setData(data);
  }
}

// ------------------------------------------------------------------------------------------------ tasks
let tasksTimer = null;
function refreshTasksSoon() { clearTimeout(tasksTimer); tasksTimer = setTimeout(refreshTasks, 300); }
async function refreshTasks() {
  const p = new URLSearchParams({ limit: '500' });
  if ($('#task-search').value) p.set('q', $('#task-search').value);
  if ($('#task-status').value) p.set('status', $('#task-status').value);
  if ($('#task-stuck').checked) p.set('stuck', 'true');
  try {
    const page = await api(`/api/tasks?${p}`);
    $('#tasks tbody').replaceChildren(...page.rows.map((t) => {
      const tr = el('tr', { class: 'clickable', 'data-task': t.task },
        el('td', {}, t.task), el('td', {}, t.status + (t.stuck ? ' STUCK' : '')), el('td', { class: 'owner' }, t.owner || '-'),
        el('td', {}, t.target || '-'), el('td', { class: 'epoch' }, String(t.epoch)), el('td', {}, String(t.weight)),
        el('td', {}, t.pendingReason));
      tr.onclick = () => explain(t.task);
      return tr;
    }));
    $('#tasks-count').textContent = `${page.rows.length}${page.more ? '+' : ''} shown`;
  } catch (e) {
    $('#tasks-count').textContent = e.message;
  }
}

async function explain(task) {
  state.selected = task;
  try {
    const e = await api(`/api/tasks/${encodeURIComponent(task)}?transitions=20`);
    $('#explain-panel').classList.remove('hidden');
    $('#explain-task').textContent = task;
    const t = e.task;
    $('#explain').replaceChildren(
      el('div', { id: 'explain-owner' }, `owner ${t.owner || '-'} · epoch ${t.epoch} · status ${t.status}${t.stuck ? ' STUCK' : ''}` +
        `${t.target && t.target !== t.owner ? ' · moving to ' + t.target : ''}`),
      el('div', {}, 'since ', timeCell(e.since), ` · requires ${t.requires.join(',') || 'nothing'} · weight ${t.weight}` +
        `${t.pendingReason ? ' · pending: ' + t.pendingReason : ''}`),
      el('div', { class: 'note' }, `${e.transitions.length} of ${e.transitionsKept} kept transitions`));
    $('#explain-transitions tbody').replaceChildren(...e.transitions.map((h) => el('tr', {},
      el('td', {}, String(h.seq)), el('td', {}, timeCell(h.time)), el('td', {}, h.from), el('td', {}, h.to),
      el('td', {}, h.worker || '-'), el('td', {}, String(h.epoch)),
      el('td', { class: 'cause' }, h.cause, h.operator ? el('span', { class: 'by' }, ` by ${h.operator}`) : ''))));
  } catch (err) {
    $('#explain').textContent = err.message;
  }
}

// ------------------------------------------------------------------------------------------------ history
function addHistory(h) {
  state.lastSeq = h.seq;
  $('#history-seq').textContent = `(seq ${h.seq})`;
  const li = el('li', { value: h.seq, 'data-seq': String(h.seq), 'data-task': h.task },
    `${iso(h.time)} ${h.task} ${h.from}→${h.to} ${h.worker || '-'} e=${h.epoch} · ${h.cause}`,
    h.operator ? el('span', { class: 'by' }, ` by ${h.operator}`) : '');
  const list = $('#history');
  list.prepend(li);
  while (list.children.length > 300) list.lastChild.remove();
  refreshTasksSoon();
  if (state.selected === h.task) explain(h.task);
}

function addGap(g) {
  $('#history').prepend(el('li', { class: 'gap' },
    `${g.lost} transition(s) from seq ${g.seq} were dropped by the cluster's history ring before the console read them`));
}

// ------------------------------------------------------------------------------------------------ actions
let pending = null;
async function openPlan(request) {
  pending = request;
  const dialog = $('#plan-dialog');
  $('#outcome').textContent = '';
  $('#outcome').className = '';
  $('#plan-title').textContent = `Plan: ${request.action}`;
  $('#confirm').disabled = true;
  try {
    const plan = await api('/api/actions/plan', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(request) });
    $('#plan-summary').textContent = plan.summary;
    $('#plan-moves tbody').replaceChildren(...plan.moves.map((m) => el('tr', { 'data-task': m.task },
      el('td', {}, m.task), el('td', {}, m.from || '-'), el('td', {}, m.to), el('td', {}, String(m.epoch)))));
    $('#plan-problems').replaceChildren(...plan.problems.map((p) => el('li', {}, p)));
    $('#confirm').disabled = !plan.executable;
  } catch (e) {
    $('#plan-summary').textContent = e.message;
  }
  if (!dialog.open) dialog.showModal();
}

async function confirm() {
  const operator = $('#operator').value.trim();
  localStorage.setItem('rg.operator', operator);
  $('#confirm').disabled = true;
  $('#outcome').textContent = 'running...';
  try {
    const o = await api('/api/actions/execute', { method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Authorization': `Bearer ${$('#token').value}` },
      body: JSON.stringify({ ...pending, operator }) });
    $('#outcome').className = 'ok';
    $('#outcome').textContent = `Done by ${o.operator}: ` + o.result.map((m) => `${m.task}: ${m.from || '-'} → ${m.to}`).join('; ');
  } catch (e) {
    $('#outcome').className = 'err';
    const b = e.body || {};
    $('#outcome').textContent = b.codeName ? `Refused: ${b.codeName}: ${b.text}` : `Failed (${e.status}): ${e.message}`;
    $('#confirm').disabled = false;
  }
}

// ------------------------------------------------------------------------------------------------ events
function connect() {
  const es = new EventSource('/api/events');
  es.addEventListener('state', (e) => {
    const banner = $('#link-banner');
    if (banner.dataset.reason === 'console') { banner.dataset.reason = ''; banner.classList.add('hidden'); }
    renderState(JSON.parse(e.data));
  });
  es.addEventListener('history', (e) => addHistory(JSON.parse(e.data)));
  es.addEventListener('gap', (e) => addGap(JSON.parse(e.data)));
  es.onerror = () => {
    const banner = $('#link-banner');
    banner.dataset.reason = 'console';
    banner.textContent = 'Connection to the console lost. Reconnecting (resuming the history where it stopped)...';
    banner.classList.remove('hidden');
  };
}

$('#task-search').oninput = refreshTasksSoon;
$('#task-status').onchange = refreshTasks;
$('#task-stuck').onchange = refreshTasks;
$('#explain-close').onclick = () => { state.selected = null; $('#explain-panel').classList.add('hidden'); };
$('#move-task').onclick = () => openPlan({ action: 'move', task: state.selected, worker: $('#move-to').value });
$('#remove-task').onclick = () => openPlan({ action: 'remove', task: state.selected });
$('#add-task').onclick = () => openPlan({ action: 'add', task: $('#add-task-id').value.trim(), weight: 1,
  requires: $('#add-task-requires').value.split(',').map((s) => s.trim()).filter((s) => s) });
$('#confirm').onclick = confirm;
$('#plan-close').onclick = () => $('#plan-dialog').close();
$('#operator').value = localStorage.getItem('rg.operator') || '';

initChart().catch(() => { state.chartData = { times: [], workers: {} }; drawChart(); });
refreshTasks();
connect();
