// 讲话稿工作台: one client of jianghua's JSON API (/api/…). The form is
// built from the pack's description; every change sends the whole profile
// to /api/render (the server keeps nothing between requests).
'use strict';

const $ = (sel) => document.querySelector(sel);
const el = (tag, props = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'class') e.className = v;
    else if (k === 'dataset') Object.assign(e.dataset, v);
    else if (k in e) e[k] = v;
    else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c);
  return e;
};

const state = {
  pack: null,        // the pack's description from /api/packs/NAME
  extras: {},        // profile settings the form has no input for (check, target…)
  seq: 0,            // the newest render request; older answers are dropped
  packSeq: 0,        // the newest pack asked for
  errors: 0,         // error findings in the draft shown
  timer: null,
};

async function api(path, options = {}) {
  const res = await fetch(path, { credentials: 'same-origin', ...options });
  const type = res.headers.get('content-type') || '';
  if (type.startsWith('application/json')) {
    return { status: res.status, json: await res.json(), res };
  }
  return { status: res.status, blob: await res.blob(), res };
}

function post(path, body, type = 'application/json') {
  return api(path, {
    method: 'POST',
    headers: { 'content-type': type },
    body: type === 'application/json' ? JSON.stringify(body) : body,
  });
}

// ---------- the form ----------

function setIn(obj, dotted, value) {
  const parts = dotted.split('.');
  let o = obj;
  for (const p of parts.slice(0, -1)) {
    if (typeof o[p] !== 'object' || o[p] === null || Array.isArray(o[p])) o[p] = {};
    o = o[p];
  }
  o[parts[parts.length - 1]] = value;
}

function getIn(obj, dotted) {
  let o = obj;
  for (const p of dotted.split('.')) {
    if (o === null || typeof o !== 'object') return undefined;
    o = o[p];
  }
  return o;
}

function exampleText(v) {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'object' ? Object.values(x).join('：') : x)).join('；');
  return String(v);
}

function scalarInput(type, choices, key, placeholder) {
  let input;
  if (choices && choices.length) {
    input = el('select', {}, el('option', { value: '', textContent: '（请选择）' }));
    for (const c of choices) input.append(el('option', { value: c, textContent: c }));
  } else if (type === 'date') {
    input = el('input', { type: 'date' });
  } else {
    input = el('input', { type: 'text', placeholder: placeholder || '' });
    if (type === 'integer') input.inputMode = 'numeric';
    if (type === 'number') input.inputMode = 'decimal';
  }
  input.dataset.key = key;
  input.addEventListener('input', schedule);
  input.addEventListener('change', schedule);
  return input;
}

function moveButtons(li, list) {
  const up = el('button', { type: 'button', class: 'small', textContent: '↑', title: '上移' });
  const down = el('button', { type: 'button', class: 'small', textContent: '↓', title: '下移' });
  const del = el('button', { type: 'button', class: 'small', textContent: '×', title: '删除' });
  up.addEventListener('click', () => { if (li.previousElementSibling) list.insertBefore(li, li.previousElementSibling); renumber(list); schedule(); });
  down.addEventListener('click', () => { if (li.nextElementSibling) list.insertBefore(li.nextElementSibling, li); renumber(list); schedule(); });
  del.addEventListener('click', () => { li.remove(); renumber(list); schedule(); });
  return [up, down, del];
}

// Items are named key[1], key[2]… as the server's messages name them.
function renumber(list) {
  const key = list.dataset.list;
  [...list.children].forEach((li, i) => {
    li.dataset.key = `${key}[${i + 1}]`;
    for (const input of li.querySelectorAll('[data-field]')) {
      input.dataset.key = `${key}[${i + 1}].${input.dataset.field}`;
    }
    const only = li.querySelector('input[data-item]');
    if (only) only.dataset.key = `${key}[${i + 1}]`;
  });
}

function addItem(list, value = '') {
  const input = el('input', { type: 'text', value });
  input.dataset.item = '1';
  input.addEventListener('input', schedule);
  const li = el('li', {}, input);
  li.append(...moveButtons(li, list));
  list.append(li);
  renumber(list);
  return input;
}

function addRecord(list, v, record = {}) {
  const li = el('li', { class: 'record' });
  for (const f of v.fields) {
    const input = scalarInput(f.type, [], '', '');
    input.dataset.field = f.name;
    if (record[f.name] !== undefined && record[f.name] !== null) input.value = record[f.name];
    const name = el('span', { textContent: f.label + (f.required ? ' *' : ''), title: f.description });
    li.append(el('div', { class: 'row' }, name, input));
  }
  li.append(el('div', { class: 'row' }, ...moveButtons(li, list)));
  list.append(li);
  renumber(list);
}

function buildField(v) {
  const wrap = el('div', { class: 'field' + (v.required ? ' required' : '') });
  wrap.dataset.var = v.key;
  const label = el('label', { class: 'label', textContent: v.label || v.key });
  wrap.append(label);
  const example = exampleText(v.example);
  if (v.type === 'list' || v.type === 'table') {
    const list = el('ul', { class: 'items' });
    list.dataset.list = v.key;
    list.dataset.type = v.type;
    const add = el('button', { type: 'button', class: 'small', textContent: v.type === 'table' ? '＋ 添加一条' : '＋ 添加一项' });
    add.addEventListener('click', () => {
      if (v.type === 'table') addRecord(list, v); else addItem(list).focus();
      schedule();
    });
    wrap.append(list, add);
  } else {
    let hint = example ? `例如：${example}` : '';
    if (v.type === 'integer' && (v.min !== null || v.max !== null)) {
      hint = `整数${v.min !== null ? `，最小 ${v.min}` : ''}${v.max !== null ? `，最大 ${v.max}` : ''}` + (example ? `；例如：${example}` : '');
    }
    const input = scalarInput(v.type, v.choices, v.key, hint);
    input.id = `field-${v.key.replace(/[^A-Za-z0-9_-]/g, '-')}`;
    label.htmlFor = input.id;
    wrap.append(input);
  }
  wrap.append(el('p', { class: 'help', textContent: v.description + (v.type === 'list' ? '（每项一句）' : '') }));
  wrap.append(el('div', { class: 'error', dataset: { errorFor: v.key } }));
  return wrap;
}

function buildForm(pack) {
  const form = $('#form');
  form.replaceChildren();
  // Variables of one table ([unit], [speaker]…) side by side in a fieldset.
  let group = null;
  let groupName = null;
  for (const v of pack.variables) {
    const table = v.key.includes('.') ? v.key.split('.')[0] : null;
    if (table !== groupName) {
      groupName = table;
      group = table ? el('fieldset', { class: 'group' }) : null;
      if (group) form.append(group);
    }
    (group || form).append(buildField(v));
  }
  const points = $('#points');
  points.replaceChildren();
  for (const p of pack.points) {
    const box = el('input', { type: 'checkbox', checked: p.default });
    box.dataset.point = p.id;
    box.addEventListener('change', schedule);
    const li = el('li', {}, el('label', {}, box, ' ', p.label));
    li.dataset.point = p.id;
    const [up, down] = moveButtons(li, points);
    li.append(' ', up, down);
    points.append(li);
  }
  const numbering = $('#numbering');
  numbering.replaceChildren(...pack.numberings.map((n) => el('option', { value: n.id, textContent: n.label, selected: n.id === pack.numbering })));
  const register = $('#register');
  register.replaceChildren(el('option', { value: '', textContent: '（默认：党政机关）' }), ...pack.registers.map((r) => el('option', { value: r, textContent: r })));
  $('#pack-description').textContent = pack.description;
}

// A value the list does not offer (a misspelt choice in an opened profile)
// is added to it, so that it is sent and its problem told, not dropped.
function setValue(input, value) {
  if (input.tagName === 'SELECT' && value !== '' && ![...input.options].some((o) => o.value === value)) {
    input.append(el('option', { value, textContent: value }));
  }
  input.value = value;
}

function fillForm(profile) {
  for (const input of $('#form').querySelectorAll('[data-key]')) {
    if (input.closest('.items')) continue;
    const v = getIn(profile, input.dataset.key);
    setValue(input, v === undefined || v === null ? '' : String(v));
  }
  for (const list of $('#form').querySelectorAll('[data-list]')) {
    list.replaceChildren();
    const v = state.pack.variables.find((x) => x.key === list.dataset.list);
    const value = getIn(profile, list.dataset.list);
    if (Array.isArray(value)) {
      for (const item of value) {
        if (list.dataset.type === 'table') addRecord(list, v, item && typeof item === 'object' ? item : {});
        else addItem(list, typeof item === 'object' ? JSON.stringify(item) : String(item));
      }
    } else if (value !== undefined) {
      addItem(list, String(value));
    }
  }
  // Points as the profile orders them, else the pack's own order and choice.
  const points = $('#points');
  const chosen = Array.isArray(profile.points)
    ? profile.points.map(String)
    : state.pack.points.filter((p) => p.default).map((p) => p.id);
  const order = [...chosen, ...state.pack.points.map((p) => p.id).filter((id) => !chosen.includes(id))];
  for (const id of order.reverse()) {
    const li = points.querySelector(`li[data-point="${CSS.escape(id)}"]`);
    if (li) points.prepend(li);
  }
  for (const box of points.querySelectorAll('input[data-point]')) box.checked = chosen.includes(box.dataset.point);
  setValue($('#numbering'), String(profile.numbering || state.pack.numbering));
  setValue($('#register'), String((profile.register && profile.register.kind) || ''));
  // What the form cannot show travels along unchanged.
  const known = new Set(['template', 'points', 'numbering']);
  for (const v of state.pack.variables) known.add(v.key.split('.')[0]);
  state.extras = {};
  for (const [k, v] of Object.entries(profile)) {
    if (!known.has(k)) state.extras[k] = v;
  }
  if (state.extras.register) delete state.extras.register.kind;
}

function readForm() {
  const profile = JSON.parse(JSON.stringify(state.extras));
  for (const input of $('#form').querySelectorAll('[data-key]')) {
    if (input.closest('.items')) continue;
    if (input.value.trim() !== '') setIn(profile, input.dataset.key, input.value);
  }
  for (const list of $('#form').querySelectorAll('[data-list]')) {
    let items;
    if (list.dataset.type === 'table') {
      items = [...list.children].map((li) => {
        const rec = {};
        for (const input of li.querySelectorAll('[data-field]')) {
          if (input.value.trim() !== '') rec[input.dataset.field] = input.value;
        }
        return rec;
      }).filter((r) => Object.keys(r).length);
    } else {
      items = [...list.querySelectorAll('input[data-item]')].map((i) => i.value).filter((s) => s.trim() !== '');
    }
    if (items.length) setIn(profile, list.dataset.list, items);
  }
  const boxes = [...$('#points').querySelectorAll('input[data-point]')];
  const chosen = boxes.filter((b) => b.checked).map((b) => b.dataset.point);
  const defaults = state.pack.points.filter((p) => p.default).map((p) => p.id);
  if (chosen.join() !== defaults.join()) profile.points = chosen;
  if ($('#numbering').value !== state.pack.numbering) profile.numbering = $('#numbering').value;
  if ($('#register').value) {
    profile.register = { ...(profile.register || {}), kind: $('#register').value };
  }
  return profile;
}

function fillExample() {
  const profile = {};
  for (const v of state.pack.variables) {
    if (v.example !== null && v.example !== undefined) setIn(profile, v.key, v.example);
  }
  fillForm(profile);
  schedule();
}

// ---------- errors and findings ----------

// The input a key names: unit.name, tasks[2], duties[1].who.
function inputFor(key) {
  if (!key) return null;
  const form = $('#left');
  const exact = form.querySelector(`[data-key="${CSS.escape(key)}"]`);
  if (exact) return exact.matches('li') ? exact.querySelector('input') : exact;
  const base = key.replace(/\[\d+\].*$/, '');
  return form.querySelector(`[data-key="${CSS.escape(base)}"], [data-list="${CSS.escape(base)}"]`);
}

function clearErrors() {
  for (const e of document.querySelectorAll('[data-error-for]')) e.textContent = '';
  for (const e of document.querySelectorAll('.invalid')) e.classList.remove('invalid');
  $('#form-errors').hidden = true;
  $('#form-errors').replaceChildren();
}

function showErrors(errors, unlisted = 0) {
  clearErrors();
  const general = [];
  if (unlisted) general.push(`还有 ${unlisted} 处问题未列出，请先改正已标出的这些`);
  for (const err of errors) {
    const text = err.message + (err.hints && err.hints.length ? `（${err.hints.join('；')}）` : '');
    const key = err.field;
    const input = inputFor(key);
    const base = key ? key.replace(/\[\d+\].*$/, '') : null;
    const slot = base && document.querySelector(`[data-error-for="${CSS.escape(base)}"]`);
    if (input) {
      input.classList.add('invalid');
      input.title = text;
    }
    if (slot) {
      slot.append(el('div', { textContent: text }));
    } else {
      general.push(text);
    }
  }
  if (general.length) {
    const box = $('#form-errors');
    box.replaceChildren(...general.map((t) => el('div', { textContent: t })));
    box.hidden = false;
  }
}

function focusField(key) {
  const input = inputFor(key);
  if (!input) return false;
  input.scrollIntoView({ block: 'center' });
  input.focus();
  input.classList.add('focused');
  setTimeout(() => input.classList.remove('focused'), 1500);
  return true;
}

// Paragraph texts with each finding's span marked.
function paint(article, paragraphs, findings) {
  article.replaceChildren();
  paragraphs.forEach((p, i) => {
    const marks = findings.filter((f) => f.paragraph === i + 1 && f.width > 0)
      .sort((a, b) => a.column - b.column);
    const chars = [...p.text];
    const node = el('p', { class: p.role ? (p.role === 'heading' ? `heading${p.level}` : p.role) : '' });
    let at = 0;
    marks.forEach((f) => {
      const start = f.column - 1;
      if (start < at) return;
      node.append(chars.slice(at, start).join(''));
      const m = el('mark', { class: f.severity, textContent: chars.slice(start, start + f.width).join(''), title: `${f.code} ${f.message}` });
      m.dataset.finding = String(findings.indexOf(f));
      node.append(m);
      at = start + f.width;
    });
    node.append(chars.slice(at).join(''));
    article.append(node);
  });
}

function listFindings(list, findings, article) {
  list.replaceChildren();
  findings.forEach((f, i) => {
    const where = [];
    const origin = f.origin || {};
    if (origin.profile) where.push(`来自所填的 ${origin.profile.key}`);
    if (origin.template) where.push(`模板 ${origin.template.file}:${origin.template.line}`);
    if (f.line) where.push(`第 ${f.line} 行`);
    const li = el('li', { class: f.severity },
      el('span', { class: 'code', textContent: f.code }),
      `${f.severity === 'error' ? '错误' : '警告'}：${f.message}`,
      el('span', { class: 'where', textContent: [f.hint || '', where.join('；')].filter(Boolean).join(' — ') }));
    li.addEventListener('click', () => {
      for (const m of document.querySelectorAll('mark.current')) m.classList.remove('current');
      const mark = article.querySelector(`mark[data-finding="${i}"]`);
      if (mark) { mark.classList.add('current'); mark.scrollIntoView({ block: 'center' }); }
      if (origin.profile) focusField(origin.profile.key);
    });
    list.append(li);
  });
}

// ---------- rendering ----------

function schedule() {
  clearTimeout(state.timer);
  state.timer = setTimeout(render, 300);
}

function request(seed) {
  return { template: state.pack.name, profile: readForm(), seed };
}

async function render() {
  if (!state.pack) return;
  const seq = ++state.seq;
  const seed = Number($('#seed').value) || 0;
  const compare = $('#compare').checked;
  $('#status').textContent = '正在生成……';
  const asks = [post('/api/render', request(seed))];
  if (compare) asks.push(post('/api/render', request(seed + 1)));
  let answers;
  try {
    answers = await Promise.all(asks);
  } catch (e) {
    if (seq === state.seq) setStatus(`无法连接工作台（${e.message}）：jianghua serve 还在运行吗？`, true);
    return;
  }
  if (seq !== state.seq) return;
  const [first, second] = answers;
  const body = first.json || {};
  if (first.status !== 200) {
    setStatus(body.error || `出错了（${first.status}）`, true);
    return;
  }
  if (!body.ok) {
    showErrors(body.errors, body.unlisted);
    setStatus(`还不能生成：表单有 ${body.errors.length + (body.unlisted || 0)} 处要改（已在字段旁标出）`, true);
    $('#findings').replaceChildren();
    $('#preview').replaceChildren();
    $('#preview2').hidden = true;
    $('#stats').textContent = '';
    return;
  }
  clearErrors();
  paint($('#preview'), body.paragraphs, body.findings);
  listFindings($('#findings'), body.findings, $('#preview'));
  $('#stats').textContent = `${body.chars} 字，约 ${Math.round(body.minutes)} 分钟`;
  const errors = body.findings.filter((f) => f.severity === 'error').length;
  state.errors = errors;
  const warnings = body.findings.length - errors;
  setStatus(body.findings.length ? `检查发现 ${errors} 个错误、${warnings} 个警告（点击一条可定位）` : '检查通过，没有发现问题', errors > 0);
  const other = $('#preview2');
  other.hidden = !compare;
  if (compare) {
    $('#preview').dataset.caption = `说法一（种子 ${seed}）`;
    other.dataset.caption = `说法二（种子 ${seed + 1}）`;
  } else {
    delete $('#preview').dataset.caption;
  }
  if (compare && second && second.json && second.json.ok) {
    paint(other, second.json.paragraphs, second.json.findings);
  }
}

function setStatus(text, bad) {
  $('#status').textContent = text;
  $('#status').classList.toggle('bad', !!bad);
}

async function download(format) {
  const seed = Number($('#seed').value) || 0;
  const { status, json, blob, res } = await post(`/api/download?format=${format}`, request(seed));
  if (status !== 200) {
    if (json && json.errors) showErrors(json.errors, json.unlisted);
    setStatus((json && json.error) || '还不能下载：请先改正表单中标出的问题', true);
    return;
  }
  const disposition = res.headers.get('content-disposition') || '';
  const match = /filename\*=UTF-8''([^;]+)/.exec(disposition);
  const name = match ? decodeURIComponent(match[1]) : `讲话稿.${format}`;
  const url = URL.createObjectURL(blob);
  const a = el('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  if (format !== 'toml' && state.errors) {
    setStatus(`已下载 ${name}；注意：稿中还有 ${state.errors} 个标出的错误，改正后再用`, true);
  } else {
    setStatus(`已下载 ${name}`, false);
  }
}

// ---------- opening a profile ----------

async function loadProfile(text) {
  const { status, json } = await post('/api/profile', text, 'text/plain; charset=utf-8');
  if (status !== 200) {
    setStatus(json.error, true);
    return;
  }
  if (json.template && json.template !== state.pack.name) {
    $('#pack').value = json.template;
    if ($('#pack').value === json.template) await choosePack(json.template, false);
  }
  fillForm(json.profile || {});
  if (json.notices && json.notices.length) setStatus(json.notices.join('；'), false);
  if (json.errors.length) {
    showErrors(json.errors, json.unlisted);
    setStatus(`载入的配置有 ${json.errors.length + (json.unlisted || 0)} 处问题，已在字段旁标出`, true);
  }
  schedule();
}

// Settings every pack takes: what was filled in them outlives a change of pack.
const SHARED = ['register', 'salutation', 'byline', 'aliases', 'check', 'target'];

async function choosePack(name, clear = true) {
  const asked = ++state.packSeq;
  const { status, json } = await api(`/api/packs/${encodeURIComponent(name)}`);
  // A pack chosen after this one was asked for wins.
  if (asked !== state.packSeq) return;
  if (status !== 200) {
    setStatus(json.error, true);
    return;
  }
  // What was filled for the last pack stays where the new one has the same field.
  const before = state.pack ? readForm() : {};
  state.pack = json;
  state.extras = {};
  buildForm(json);
  const keep = {};
  for (const v of json.variables) {
    const value = getIn(before, v.key);
    if (value !== undefined) setIn(keep, v.key, value);
  }
  for (const k of SHARED) if (before[k] !== undefined) keep[k] = before[k];
  fillForm(keep);
  if (clear) clearErrors();
  schedule();
}

// ---------- the lint tab ----------

async function lint(name, body) {
  const { status, json } = await post(`/api/lint?name=${encodeURIComponent(name)}`, body, 'application/octet-stream');
  const out = $('#lint-status');
  if (status !== 200) {
    out.textContent = json.error;
    out.classList.add('bad');
    return;
  }
  const paragraphs = json.paragraphs.map((p) => ({ text: p.text }));
  paint($('#lint-preview'), paragraphs, json.findings);
  listFindings($('#lint-findings'), json.findings, $('#lint-preview'));
  const errors = json.findings.filter((f) => f.severity === 'error').length;
  out.classList.toggle('bad', errors > 0);
  out.textContent = (json.notices || []).join('；') + (json.findings.length
    ? `检查发现 ${errors} 个错误、${json.findings.length - errors} 个警告`
    : '检查通过，没有发现问题');
}

// ---------- start ----------

async function start() {
  for (const tab of document.querySelectorAll('.tab')) {
    tab.addEventListener('click', () => {
      for (const t of document.querySelectorAll('.tab')) t.classList.toggle('active', t === tab);
      for (const pane of document.querySelectorAll('.pane')) pane.hidden = pane.id !== tab.dataset.tab;
    });
  }
  $('#pack').addEventListener('change', () => choosePack($('#pack').value));
  $('#fill-example').addEventListener('click', fillExample);
  $('#clear').addEventListener('click', () => { fillForm({}); schedule(); });
  for (const id of ['#numbering', '#register', '#seed', '#compare']) $(id).addEventListener('change', schedule);
  $('#reseed').addEventListener('click', () => { $('#seed').value = (Number($('#seed').value) || 0) + 1; render(); });
  for (const b of document.querySelectorAll('.downloads button')) b.addEventListener('click', () => download(b.dataset.format));
  $('#profile-file').addEventListener('change', async (e) => {
    const file = e.target.files[0];
    if (file) await loadProfile(await file.text());
  });
  $('#profile-load').addEventListener('click', () => loadProfile($('#profile-text').value));
  $('#lint-run').addEventListener('click', () => lint('粘贴的文字.txt', $('#lint-text').value));
  $('#lint-file').addEventListener('change', async (e) => {
    const file = e.target.files[0];
    if (file) await lint(file.name, await file.arrayBuffer());
  });

  const { status, json } = await api('/api/packs');
  if (status !== 200) {
    setStatus(json.error, true);
    return;
  }
  const select = $('#pack');
  for (const p of json.packs.filter((x) => !x.error)) {
    select.append(el('option', { value: p.name, textContent: `${p.title}（${p.name}）` }));
  }
  select.value = json.packs.some((p) => p.name === 'dongyuan') ? 'dongyuan' : select.value;
  await choosePack(select.value);
}

start();
