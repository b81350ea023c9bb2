// The inspector's page: a small hash-routed view over the local API. No framework, no network beyond localhost.

const view = document.getElementById('view');
const toast = document.getElementById('toast');

const esc = (text) =>
  String(text ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
  );
const api = async (path) => {
  const res = await fetch(path);
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  return res.json();
};
const badge = (status) => `<span class="badge ${esc(status)}">${esc(status)}</span>`;

// Arabic is written with optional diacritics and several alef and yaa forms: match names whatever the spelling.
const MARKS = '[\\u064B-\\u065F\\u0670\\u0640]*';
const VARIANTS = { ا: '[اأإآٱ]', أ: '[اأإآٱ]', إ: '[اأإآٱ]', آ: '[اأإآٱ]', ي: '[يى]', ى: '[يى]', ه: '[هة]', ة: '[هة]' };
function namePattern(name) {
  const plain = name.replace(/[\u064B-\u065F\u0670\u0640]/g, '');
  return [...plain]
    .map((c) => (VARIANTS[c] ?? c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) + (/[\u0600-\u06FF]/.test(c) ? MARKS : ''))
    .join('')
    .replace(/\s+/g, '\\s+');
}

/** Escapes a paragraph and wraps entity names and the dateline in <mark>s. */
function highlight(text, marks) {
  const spans = [];
  for (const { name, kind } of marks) {
    if (!name) continue;
    const re = new RegExp(namePattern(name), 'giu');
    for (const m of text.matchAll(re)) spans.push({ start: m.index, end: m.index + m[0].length, kind, name });
  }
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  let out = '';
  let at = 0;
  for (const span of spans) {
    if (span.start < at) continue;
    out += esc(text.slice(at, span.start));
    out += `<mark class="${span.kind === 'dateline' ? 'dateline' : `entity ${span.kind}`}" title="${esc(span.kind)}">${esc(text.slice(span.start, span.end))}</mark>`;
    at = span.end;
  }
  return out + esc(text.slice(at));
}

async function articlesView(params) {
  const query = new URLSearchParams(params);
  const rows = await api(`/api/articles?${query}`);
  const languages = [...new Set(rows.map((r) => r.language).filter(Boolean))].sort();
  view.innerHTML = `
    <form class="filters" id="filters">
      <input name="q" placeholder="Search titles…" value="${esc(params.q ?? '')}" dir="auto">
      <select name="status"><option value="">any status</option>${['ingested', 'duplicate', 'rejected']
        .map((s) => `<option ${params.status === s ? 'selected' : ''}>${s}</option>`)
        .join('')}</select>
      <select name="language"><option value="">any language</option>${[
        ...new Set([...languages, params.language].filter(Boolean)),
      ]
        .map((l) => `<option ${params.language === l ? 'selected' : ''}>${esc(l)}</option>`)
        .join('')}</select>
      <span class="muted" id="count">${rows.length} article(s)</span>
    </form>
    <table id="articles"><thead><tr><th>Status</th><th>Lang</th><th>Title</th><th>Event date</th><th>Duplicate of</th><th>Story</th><th>Input</th></tr></thead><tbody>
    ${rows
      .map(
        (
          r,
        ) => `<tr class="row" data-id="${esc(r.articleId)}"><td>${badge(r.status)}</td><td>${esc(r.language ?? '—')}</td>
        <td class="title" dir="auto">${r.title ? esc(r.title) : `<span class="muted">${esc(r.rejection ?? '(no title)')}</span>`}</td>
        <td>${esc(r.eventDate ?? '—')}</td><td class="mono">${r.duplicateOf ? `<a href="#/articles/${esc(r.duplicateOf)}">${esc(r.duplicateOf)}</a>` : ''}</td>
        <td class="mono">${r.storyId ? `<a href="#/stories/${esc(r.storyId)}">${esc(r.storyId)}</a>` : ''}</td>
        <td class="muted" dir="auto">${esc(r.input ?? '')}</td></tr>`,
      )
      .join('')}</tbody></table>`;
  const form = document.getElementById('filters');
  form.addEventListener('input', () => {
    const next = Object.fromEntries([...new FormData(form)].filter(([, v]) => v));
    location.hash = `#/articles?${new URLSearchParams(next)}`;
  });
  for (const row of view.querySelectorAll('tr.row'))
    row.addEventListener('click', () => (location.hash = `#/articles/${row.dataset.id}`));
}

async function articleView(id) {
  const data = await api(`/api/articles/${encodeURIComponent(id)}`);
  const { record } = data;
  const marks = [
    ...record.entities.persons.map((name) => ({ name, kind: 'person' })),
    ...record.entities.places.map((name) => ({ name, kind: 'place' })),
    ...record.entities.organizations.map((name) => ({ name, kind: 'organization' })),
  ];
  // Kept and removed blocks in input order: removed ones struck through, with their reason.
  const blocks = [
    ...(data.clean?.blocks ?? []).map((b, i) => ({ ...b, order: b.position ?? i, reason: null })),
    ...(data.clean?.removed ?? []).map((b) => ({ ...b, order: b.position ?? 1e9 })),
  ].sort((a, b) => a.order - b.order);
  const dateline = record.dateline ? [record.dateline.agency, record.dateline.place].filter(Boolean).join(' · ') : null;
  const field = (name, value) => `<dt>${name}</dt><dd dir="auto">${value ?? '<span class="muted">—</span>'}</dd>`;
  const link = (a) =>
    `<a href="#/articles/${esc(a.articleId)}" dir="auto">${esc(a.title ?? a.articleId)}</a> ${badge(a.status)}`;
  view.innerHTML = `
    <p><a href="#/articles">← articles</a> · <span class="mono">${esc(record.id)}</span> ${badge(record.status)}</p>
    <h2 class="title" dir="auto" id="article-title">${esc(record.title ?? '(no title)')}</h2>
    ${record.subtitle ? `<p class="text muted" dir="auto">${esc(record.subtitle)}</p>` : ''}
    ${data.unavailable?.length ? `<p id="unavailable">Could not read: ${data.unavailable.map(esc).join('; ')}</p>` : ''}
    <div class="columns">
      <section class="panel"><h2>Fields</h2><dl class="fields">
        ${field('input', esc(record.input))}
        ${field('language', esc(record.language))}
        ${field('published', esc(record.publishedAt))}
        ${field('event date', esc(record.eventDate))}
        ${field('dateline', dateline ? `<mark class="dateline">${esc(dateline)}</mark>` : null)}
        ${field('persons', record.entities.persons.map((n) => `<mark class="entity person">${esc(n)}</mark>`).join(' ') || null)}
        ${field('places', record.entities.places.map((n) => `<mark class="entity place">${esc(n)}</mark>`).join(' ') || null)}
        ${field('organizations', record.entities.organizations.map((n) => `<mark class="entity organization">${esc(n)}</mark>`).join(' ') || null)}
        ${field('quotes', record.quotes.map((q) => `“${esc(q.text)}” <span class="muted">${esc(q.speaker ?? '')}</span>`).join('<br>') || null)}
        ${field(
          'removed',
          Object.entries(record.removed)
            .map(([r, n]) => `${esc(r)} ×${n}`)
            .join(', ') || null,
        )}
        ${record.rejection ? field('rejection', `<b>${esc(record.rejection.reason)}</b>: ${esc(record.rejection.message)}`) : ''}
      </dl></section>
      <section class="panel"><h2>Duplicates and story</h2><dl class="fields">
        ${field('dedupe', record.dedupe ? `${esc(record.dedupe.status)}${record.dedupe.similarity != null ? ` (similarity ${record.dedupe.similarity})` : ''}` : null)}
        ${field('canonical', data.canonical ? link(data.canonical) : null)}
        ${field('duplicates', data.duplicates.map(link).join('<br>') || null)}
        ${field('story', record.dedupe?.storyId ? `<a class="mono" href="#/stories/${esc(record.dedupe.storyId)}">${esc(record.dedupe.storyId)}</a>` : null)}
        ${field('story members', data.storyMembers.map(link).join('<br>') || null)}
      </dl></section>
    </div>
    <div class="columns" style="margin-top:16px">
      <section class="panel"><h2>Raw input</h2><pre class="raw" dir="auto" id="raw">${esc(data.raw ?? '')}</pre></section>
      <section class="panel"><h2>Cleaned</h2>
        <div class="legend">kept blocks · <span class="block removed" style="padding:0 4px">removed blocks</span> with their reason ·
          <mark class="entity person">person</mark> <mark class="entity place">place</mark> <mark class="entity organization">organization</mark> <mark class="dateline">dateline</mark></div>
        <div id="blocks">${blocks
          .map((b) =>
            b.reason
              ? `<div class="block removed text" dir="auto" data-reason="${esc(b.reason)}"><span class="reason">${esc(b.reason)}</span>${esc(b.text)}</div>`
              : `<div class="block kept text" dir="auto">${highlight(b.text, [...(record.dateline ? [{ name: record.dateline.place, kind: 'dateline' }] : []), ...marks])}</div>`,
          )
          .join('')}</div>
        <h2 style="margin-top:14px">Body as stored</h2>
        <div id="paragraphs">${data.paragraphs.map((p) => `<p class="text" dir="auto">${highlight(p, marks)}</p>`).join('')}</div>
      </section>
    </div>`;
}

async function storiesView() {
  const stories = await api('/api/stories');
  view.innerHTML = `<table><thead><tr><th>Story</th><th>Size</th><th>Last date</th><th>Title</th></tr></thead><tbody>${stories
    .map(
      (s) =>
        `<tr class="row" data-id="${esc(s.storyId)}"><td class="mono">${esc(s.storyId)}</td><td>${esc(s.size)}</td><td>${esc(s.lastDate ?? '')}</td><td class="title" dir="auto">${esc(s.title ?? '')}</td></tr>`,
    )
    .join('')}</tbody></table>`;
  for (const row of view.querySelectorAll('tr.row'))
    row.addEventListener('click', () => (location.hash = `#/stories/${row.dataset.id}`));
}

async function storyView(id) {
  const { story, members } = await api(`/api/stories/${encodeURIComponent(id)}`);
  view.innerHTML = `<p><a href="#/stories">← stories</a> · <span class="mono">${esc(story.storyId)}</span></p>
    <h2 class="title" dir="auto">${esc(story.title ?? '')}</h2>
    <div class="columns"><section class="panel"><h2>Summary</h2><dl class="fields">
      <dt>size</dt><dd>${esc(story.size)}</dd><dt>dates</dt><dd>${esc(story.firstDate)} → ${esc(story.lastDate)}</dd>
      <dt>entities</dt><dd dir="auto">${Object.keys(story.entities)
        .map((e) => `<mark class="entity person">${esc(e)}</mark>`)
        .join(' ')}</dd>
      <dt>terms</dt><dd dir="auto">${Object.keys(story.terms).slice(0, 15).map(esc).join(', ')}</dd></dl></section>
    <section class="panel"><h2>Members</h2>${members
      .map(
        (a) =>
          `<p><a href="#/articles/${esc(a.articleId)}" dir="auto">${esc(a.title ?? a.articleId)}</a> ${badge(a.status)} <span class="muted">${esc(a.eventDate ?? '')}</span></p>`,
      )
      .join('')}</section></div>`;
}

async function problemsView() {
  const p = await api('/api/problems');
  const letters = Object.entries(p.queues).flatMap(([queue, list]) => list.map((l) => ({ queue, ...l })));
  view.innerHTML = `<section class="panel"><h2>Rejected inputs</h2><table><thead><tr><th>Article</th><th>Reason</th><th>Input</th></tr></thead><tbody>${p.rejected
    .map(
      (r) =>
        `<tr class="row" data-id="${esc(r.articleId)}"><td class="mono">${esc(r.articleId)}</td><td>${badge('rejected')} ${esc(r.rejection ?? '')}</td><td class="muted" dir="auto">${esc(r.input ?? r.title ?? '')}</td></tr>`,
    )
    .join('')}</tbody></table></section>
    <section class="panel" style="margin-top:16px"><h2>Dead letters</h2>
    ${letters.length + p.pipe.length + p.bus.length === 0 ? '<p class="muted">None: every message was delivered.</p>' : ''}
    ${letters.map((l) => `<p><b>${esc(l.queue)}</b> <span class="mono">${esc(l.messageId)}</span> after ${esc(l.receiveCount)} deliveries: ${esc(l.lastError ?? '')}</p>`).join('')}
    ${p.pipe.map((l) => `<p><b>pipe</b> ${esc(l.error)}</p>`).join('')}${p.bus.map((l) => `<p><b>bus</b> ${esc(l.rule)}: ${esc(l.error)}</p>`).join('')}
    <p class="muted">Redrive with <code>akhbar dlq redrive</code>.</p></section>`;
  for (const row of view.querySelectorAll('tr.row'))
    row.addEventListener('click', () => (location.hash = `#/articles/${row.dataset.id}`));
}

async function route() {
  const [path, search] = location.hash.replace(/^#/, '').split('?');
  const params = Object.fromEntries(new URLSearchParams(search ?? ''));
  const parts = (path || '/articles').split('/').filter(Boolean);
  for (const a of document.querySelectorAll('[data-nav]')) a.classList.toggle('active', a.dataset.nav === parts[0]);
  try {
    if (parts[0] === 'articles' && parts[1]) await articleView(decodeURIComponent(parts[1]));
    else if (parts[0] === 'stories' && parts[1]) await storyView(decodeURIComponent(parts[1]));
    else if (parts[0] === 'stories') await storiesView();
    else if (parts[0] === 'problems') await problemsView();
    else await articlesView(params);
    document.body.dataset.ready = location.hash || '#/articles';
  } catch (error) {
    view.innerHTML = `<p class="muted">${esc(error.message)}</p>`;
  }
}

// Live updates: the local bus pushes each event; lists refresh, the article being read stays put.
const events = new EventSource('/api/events');
events.onopen = () => document.getElementById('live').classList.add('on');
events.onerror = () => document.getElementById('live').classList.remove('on');
events.onmessage = (message) => {
  const { detailType, detail } = JSON.parse(message.data);
  toast.hidden = false;
  toast.textContent = `${detailType} ${detail.articleId ?? detail.storyId ?? ''}`;
  setTimeout(() => (toast.hidden = true), 3000);
  if (!/^#\/(articles|stories)\/./.test(location.hash)) route();
};

window.addEventListener('hashchange', route);
route();
