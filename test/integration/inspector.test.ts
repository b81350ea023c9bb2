/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandInputs } from '../../cli/inputs.ts';
import { LOCAL_NAMES } from '../../infra/definitions.ts';
import type { Target } from '../../local/bus.ts';
import { uploadFile } from '../../local/ingest.ts';
import { type Inspector, startInspector } from '../../local/inspector/server.ts';
import { javaAvailable } from '../../local/services.ts';
import { type LocalStack, startLocalStack } from '../../local/stack.ts';
import { repoRoot } from '../support/fixtures.ts';

/** Drives the inspector page in Debian's headless Chromium after the samples went through the local stack. */
const CHROMIUM = '/usr/bin/chromium';
const ready = javaAvailable() && existsSync(CHROMIUM);
if (!ready) console.warn('java or /usr/bin/chromium missing: the inspector browser tests are skipped');
const artifacts = path.join(repoRoot, 'test-artifacts');

describe.skipIf(!ready)('inspector page in headless Chromium', () => {
  let stack: LocalStack;
  let inspector: Inspector;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    const portBase = 5100 + (process.pid % 40) * 4;
    let feed: Target = () => undefined;
    stack = await startLocalStack({
      dataDir: mkdtempSync(path.join(tmpdir(), 'akhbar-inspector-')),
      portBase,
      targets: [(event) => feed(event)],
      logLevel: 'ERROR',
      ephemeral: true,
    });
    inspector = await startInspector(stack, portBase, 'test');
    feed = inspector.target;
    for (const file of await expandInputs([path.join(repoRoot, 'samples')]))
      await uploadFile(stack.s3, LOCAL_NAMES.rawBucket, file);
    await stack.waitForIdle();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    mkdirSync(artifacts, { recursive: true });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await inspector?.close();
    await stack?.stop();
  });

  it('lists every ingested sample with status, language and title', async () => {
    await page.goto(inspector.url);
    await page.waitForFunction(() => document.querySelectorAll('#articles tr.row').length >= 9);
    const rows = await page.$$eval('#articles tr.row', (trs) => trs.map((tr) => tr.textContent ?? ''));
    expect(rows.some((r) => r.includes('rejected'))).toBe(true);
    expect(rows.some((r) => r.includes('duplicate'))).toBe(true);
    await page.screenshot({ path: path.join(artifacts, 'inspector-articles.png'), fullPage: true });
  });

  it('filters by status', async () => {
    await page.selectOption('select[name=status]', 'rejected');
    await page.waitForFunction(() => document.querySelectorAll('#articles tr.row').length === 1);
    expect(await page.textContent('#articles tr.row')).toContain('binary');
    await page.selectOption('select[name=status]', '');
  });

  it('opens an article with removed blocks, entities and dateline marked, right to left', async () => {
    await page.goto(`${inspector.url}#/articles`);
    await page.waitForSelector('#articles tr.row');
    // The text sample, whatever its status: with stages running in parallel, its mirror copy may be seen first.
    await page.click('#articles tr.row:has-text("01-beirut-vaccination.txt")');
    await page.waitForSelector('#blocks');
    expect(await page.$eval('main', (el) => el.querySelector('#unavailable')?.textContent ?? null)).toBeNull();
    const reasons = await page.$$eval('#blocks .block.removed', (els) =>
      els.map((e) => (e as HTMLElement).dataset.reason),
    );
    expect(reasons).toEqual(expect.arrayContaining(['breadcrumb', 'read-more', 'share', 'comments']));
    expect(await page.$$eval('#blocks mark.entity.person', (els) => els.map((e) => e.textContent))).toContain(
      'فراس الأبيض',
    );
    expect(await page.$$eval('#blocks mark.dateline', (els) => els.length)).toBeGreaterThan(0);
    expect(await page.$eval('#article-title', (el) => el.matches(':dir(rtl)'))).toBe(true);
    expect(await page.textContent('#raw')).toContain('الرئيسية > أخبار > صحة');
    expect(await page.textContent('main')).toContain('story members');
    await page.screenshot({ path: path.join(artifacts, 'inspector-article.png'), fullPage: true });
  });

  it('shows a story with its members across outlets', async () => {
    await page.goto(`${inspector.url}#/stories`);
    await page.waitForSelector('tr.row');
    await page.click('tr.row:has-text("ماكرون")');
    await page.waitForSelector('text=Members');
    expect(await page.$$eval('section.panel p a', (as) => as.length)).toBe(2);
  });

  it('lists rejected inputs and dead letters', async () => {
    await page.goto(`${inspector.url}#/problems`);
    await page.waitForSelector('text=Rejected inputs');
    expect(await page.textContent('main')).toContain('binary');
    expect(await page.textContent('main')).toContain('None: every message was delivered.');
  });
});
