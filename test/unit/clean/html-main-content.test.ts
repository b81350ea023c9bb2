import { describe, expect, it } from 'vitest';
import { cleanDocument } from '../../../functions/core/clean/index.ts';
import { cleanStage, extractStage } from '../../../functions/core/pipeline.ts';

/**
 * Markup shapes of real pages, reduced to their structure. Each page holds an
 * article of several paragraphs and the chrome real sites put around it.
 */

const options = { maxHtmlDepth: 5_000 };
const kept = (html: string) => cleanDocument({ format: 'html', body: html }, options).blocks.map((b) => b.text);

const ARTICLE = [
  'The city council approved the new budget on Tuesday after a debate that lasted most of the night, officials said.',
  'The plan sets aside money for school repairs, two new bus lines and a study of flooding along the river, according to the mayor.',
  'Opponents said the money should go to road repairs first, and several residents spoke against the bus lines at the hearing.',
  'A final vote on the bus routes is expected next month, after the transport office publishes its own estimate of the costs.',
];
const paragraphs = (texts: string[] = ARTICLE) => texts.map((t) => `<p>${t}</p>`).join('');

const SIDEBAR = `<div class="sidebar"><h3>Most read</h3><ul>${[
  'Storm closes schools',
  'Market opens late',
  'New bridge plans',
]
  .map((t) => `<li><a href="/x">${t}</a></li>`)
  .join('')}</ul></div>`;
const NAV = `<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav>`;
const FOOTER =
  '<footer><p>© 2024 The Ledger. All rights reserved.</p><p><a href="/privacy">Privacy policy</a></p></footer>';

describe('pages whose wrappers carry chrome words', () => {
  it('keeps the article when <body> is classed as a sidebar layout', () => {
    const html = `<html><body class="one-sidebar sidebar-second">${NAV}<div id="content"><h1>Council approves budget</h1>${paragraphs()}</div>${SIDEBAR}${FOOTER}</body></html>`;
    const text = kept(html);
    expect(text).toEqual(expect.arrayContaining(ARTICLE));
    expect(text.join('\n')).not.toMatch(/Storm closes schools|All rights reserved|Sport/);
  });

  it('keeps the article inside a page-builder widget container', () => {
    const html = `<html><body>${NAV}<div class="elementor-widget-container"><div class="elementor-text-editor">${paragraphs()}</div></div>${SIDEBAR}</body></html>`;
    expect(kept(html)).toEqual(ARTICLE);
  });

  it('keeps the article inside a form that wraps the whole page', () => {
    const html = `<html><body><form id="aspnetForm" method="post">${NAV}<div class="main">${paragraphs()}</div>${FOOTER}</form></body></html>`;
    expect(kept(html)).toEqual(ARTICLE);
  });

  it('still removes a short share bar and a related-links box inside the article', () => {
    const html = `<html><body><article>${paragraphs(ARTICLE.slice(0, 2))}<div class="share-buttons"><a href="/f">Facebook</a> <a href="/t">Twitter</a></div>${paragraphs(ARTICLE.slice(2))}<div class="related-posts"><a href="/a">Budget passed last year too</a><a href="/b">Mayor on buses</a></div></article></body></html>`;
    expect(kept(html)).toEqual(ARTICLE);
  });
});

describe('labels of removed chrome', () => {
  it('removes the short heading above a list of links, with the list', () => {
    const links = ['Budget passed last year too', 'Mayor on buses', 'River study delayed']
      .map((t) => `<li><a href="/${t.length}">${t}</a></li>`)
      .join('');
    const html = `<html><body><article>${paragraphs()}<h3>More on this</h3><ul>${links}</ul><p>Read next:</p><p><a href="/n">Storm closes schools</a></p></article></body></html>`;
    expect(kept(html)).toEqual(ARTICLE);
  });

  it('keeps a subheading followed by prose', () => {
    const html = `<html><body><article>${paragraphs(ARTICLE.slice(0, 2))}<h3>What comes next</h3>${paragraphs(ARTICLE.slice(2))}</article></body></html>`;
    expect(kept(html)).toContain('What comes next');
  });
});

describe('a balanced element stack', () => {
  it('never nests the page under a void element whose id names chrome', () => {
    const html = `<html><head><link rel="stylesheet" id="social-logos-css" href="/s.css"><link id="related-posts-css" rel="stylesheet" href="/r.css"><title>Budget</title></head><body><div class="post">${paragraphs()}</div></body></html>`;
    expect(kept(html)).toEqual(ARTICLE);
  });

  it('closes unclosed inline elements at their container’s end, so the sidebar stays outside the article', () => {
    const html = `<html><body><div class="story"><p>${ARTICLE[0]} <b>${ARTICLE[1]}</p><p>${ARTICLE[2]}</p><p>${ARTICLE[3]}</p></div>${SIDEBAR}</body></html>`;
    const text = kept(html).join('\n');
    for (const sentence of ARTICLE) expect(text).toContain(sentence);
    expect(text).not.toContain('Storm closes schools');
  });

  it('flattens a second <html><body> pasted inside the article', () => {
    const html = `<html><body>${NAV}<div class="entry-content">${paragraphs(ARTICLE.slice(0, 2))}<html><body><div class="faq"><p>${ARTICLE[2]}</p></div></body></html>${paragraphs(ARTICLE.slice(3))}</div></body></html>`;
    expect(kept(html)).toEqual(ARTICLE);
  });

  it('yields the paragraph of a page nested 100,000 elements deep', () => {
    const html = `<html><body>${'<div>'.repeat(100_000)}<p>${ARTICLE[0]}</p>${'</div>'.repeat(100_000)}</body></html>`;
    expect(kept(html)).toEqual([ARTICLE[0]]);
  });

  it('reads an article that an unclosed <aside> swallowed', () => {
    const html = `<html><body>${NAV}<aside class="promo"><p>Subscribe</p><div class="content">${paragraphs()}</div></body></html>`;
    expect(kept(html)).toEqual(expect.arrayContaining(ARTICLE));
  });
});

describe('bodies split across containers', () => {
  it('keeps every section of a body split into sibling sections', () => {
    const html = `<html><body>${NAV}<main><h1>Council approves budget</h1><section class="text"><p>${ARTICLE[0]}</p></section><figure><img src="a.jpg"><figcaption>The council chamber on Tuesday.</figcaption></figure><section class="text">${paragraphs(ARTICLE.slice(1, 3))}</section><section class="text"><p>${ARTICLE[3]}</p></section></main>${SIDEBAR}</body></html>`;
    const text = kept(html);
    expect(text).toEqual(expect.arrayContaining(ARTICLE));
    expect(text.join('\n')).not.toContain('council chamber on Tuesday');
  });

  it('keeps the lead paragraph under the headline when a byline box separates it from the body', () => {
    const html = `<html><body>${NAV}<h1>Council approves budget</h1><p class="lead">${ARTICLE[0]}</p><div class="byline-box"><span class="author">By Jane Doe</span> <div class="share"><a href="/f">Facebook</a></div></div><div class="article-text">${paragraphs(ARTICLE.slice(1))}</div>${SIDEBAR}</body></html>`;
    expect(kept(html)).toEqual(ARTICLE);
  });

  it('keeps the teaser of an article header placed in <main> before the <article>, and drops the site header', () => {
    const siteHeader = `<header class="site"><a href="/">The Ledger</a>${NAV}</header>`;
    const html = `<html><body>${siteHeader}<main><header class="wrapper"><h1>Council approves budget</h1><div class="teaser"><p>${ARTICLE[0]}</p></div></header><article>${paragraphs(ARTICLE.slice(1))}</article></main>${SIDEBAR}${FOOTER}</body></html>`;
    const text = kept(html);
    expect(text).toEqual(expect.arrayContaining(ARTICLE));
    expect(text.join('\n')).not.toMatch(/The Ledger|World|Storm closes schools/);
  });

  it('treats the paragraphs of a dek-classed body container as the body, and a short standfirst as the dek', () => {
    const html = `<html><body><article><h1>Council approves budget</h1><p class="standfirst">Money for schools and buses</p><div class="article-body--lead">${paragraphs()}</div></article></body></html>`;
    const result = cleanDocument({ format: 'html', body: html }, options);
    expect(result.dek).toBe('Money for schools and buses');
    expect(result.blocks.filter((b) => b.kind === 'paragraph').map((b) => b.text)).toEqual(ARTICLE);
  });
});

describe('lists and tables that are the article', () => {
  it('keeps a numbered list with its last items and repeated short table cells', () => {
    const items = [
      'Lisbon keeps its old trams running on the steepest hills of the city.',
      'Porto has the bridge that an engineer from the school of Eiffel designed.',
      'Coimbra holds one of the oldest universities of Europe.',
      'Faro',
      'Braga',
    ];
    const html = `<html><body>${NAV}<article><h1>Five cities to visit</h1>${paragraphs(ARTICLE.slice(0, 2))}<ol>${items.map((i) => `<li>${i}</li>`).join('')}</ol><table><tr><td>Trams</td><td>Yes</td></tr><tr><td>Beaches</td><td>Yes</td></tr></table></article>${SIDEBAR}</body></html>`;
    const text = kept(html);
    expect(text).toEqual(expect.arrayContaining([...items, 'Trams', 'Beaches']));
    expect(text.filter((t) => t === 'Yes')).toHaveLength(2);
  });
});

describe('publication dates visible in the text', () => {
  const run = (name: string, body: string) => {
    const [outcome] = cleanStage({
      name,
      bytes: Buffer.from(body),
      metadata: {},
      sourceId: name,
      receivedAt: '2026-12-01T09:00:00Z', // an archive uploaded years later
    });
    if (!outcome?.ok) throw new Error('expected an accepted article');
    return extractStage(outcome.article);
  };

  it('reads an Arabic publication line and resolves "today, Saturday" against it, not the upload time', () => {
    const body = [
      'الحكومة تقر خطة جديدة للنقل العام',
      'تاريخ النشر: 18/06/2016 - 14:05',
      'أقرت الحكومة اليوم السبت خطة جديدة لتطوير النقل العام في العاصمة، تشمل خطوطا جديدة للحافلات وتحديث محطات القطارات.',
      'وقال وزير النقل إن الخطة ستنفذ على ثلاث مراحل خلال السنوات الخمس المقبلة، بتكلفة تقدر بمئات الملايين.',
    ].join('\n');
    const article = run('transport.txt', body);
    expect(article.publishedAt).toBe('2016-06-18T14:05:00Z');
    expect(article.eventDate).toBe('2016-06-18');
    expect(article.paragraphs.join('\n')).not.toContain('تاريخ النشر');
  });

  it('reads "Published 12 March 2024" on an English page without date markup', () => {
    const html = `<html><body><article><h1>Council approves budget</h1><p>Published 12 March 2024</p>${paragraphs()}</article></body></html>`;
    expect(run('budget.html', html).publishedAt).toBe('2024-03-12');
  });

  it('prefers the markup’s date over a date written in the text', () => {
    const html = `<html><head><meta property="article:published_time" content="2024-03-11T08:00:00Z"></head><body><article><p>Published 12 March 2024</p>${paragraphs()}</article></body></html>`;
    expect(run('budget.html', html).publishedAt).toBe('2024-03-11T08:00:00Z');
  });
});
