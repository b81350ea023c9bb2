import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { cleanStage, extractStage } from '../functions/core/pipeline.ts';

type ReadabilityDocument = ConstructorParameters<typeof Readability>[0];

/**
 * Main-content extraction on real pages, against Readability + linkedom, in one
 * run. Pages and annotations come from Trafilatura's evaluation set
 * (`tests/evaldata.json`: for each page, snippets that must appear in the
 * article text and snippets that must not). A snippet found where it belongs is
 * a true positive, one missing a false negative, an unwanted one found a false
 * positive; whitespace is normalized on both sides.
 */

interface Annotation {
  file: string;
  with: string[];
  without: string[];
}

export interface SnippetScore {
  precision: number;
  recall: number;
  f1: number;
  /** Pages for which the extractor produced no text. */
  empty: number;
}

export interface RealPagesFigures {
  pages: number;
  ours: SnippetScore;
  readability: SnippetScore;
  /** Time of akhbar's clean stage (decode, parse, main content, boilerplate) per page. */
  oursMsPerPage: number;
  /** Time of linkedom's parse plus Readability per page. */
  readabilityMsPerPage: number;
  /** Pages where the container choice needed the density pass. */
  densityFallbacks: number;
}

const norm = (text: string) => text.replace(/\s+/g, ' ').trim();

function score(annotations: Annotation[], textOf: (file: string) => string): SnippetScore {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let empty = 0;
  for (const page of annotations) {
    const text = norm(textOf(page.file));
    if (!text) empty++;
    for (const snippet of page.with) text.includes(norm(snippet)) ? tp++ : fn++;
    for (const snippet of page.without) if (text.includes(norm(snippet))) fp++;
  }
  const precision = tp / (tp + fp || 1);
  const recall = tp / (tp + fn || 1);
  return { precision, recall, f1: (2 * precision * recall) / (precision + recall || 1), empty };
}

function pagePath(testsDir: string, file: string): string | null {
  for (const folder of ['eval', 'cache']) {
    const candidate = path.join(testsDir, folder, file);
    try {
      readFileSync(candidate, { flag: 'r' }).length;
      return candidate;
    } catch {}
  }
  return null;
}

export function realPagesComparison(testsDir: string): RealPagesFigures {
  const evaldata = JSON.parse(readFileSync(path.join(testsDir, 'evaldata.json'), 'utf8')) as Record<string, Annotation>;
  const annotations = Object.values(evaldata);
  const ours = new Map<string, string>();
  const theirs = new Map<string, string>();
  let oursMs = 0;
  let readabilityMs = 0;
  let densityFallbacks = 0;
  let pages = 0;
  for (const page of annotations) {
    const file = pagePath(testsDir, page.file);
    if (!file) continue;
    pages++;
    const bytes = readFileSync(file);

    let start = performance.now();
    const outcomes = cleanStage({
      name: page.file,
      bytes,
      metadata: {},
      sourceId: `real/${page.file}`,
      receivedAt: '2024-01-01T00:00:00Z',
    });
    oursMs += performance.now() - start;
    const paragraphs: string[] = [];
    for (const outcome of outcomes) {
      if (!outcome.ok) continue;
      if (outcome.article.clean.mainContent === 'density') densityFallbacks++;
      try {
        paragraphs.push(...extractStage(outcome.article).paragraphs);
      } catch {
        // A page left without a body is scored as empty output.
      }
    }
    ours.set(page.file, paragraphs.join('\n'));

    start = performance.now();
    const article = new Readability(
      parseHTML(bytes.toString('utf8')).document as unknown as ReadabilityDocument,
    ).parse();
    readabilityMs += performance.now() - start;
    theirs.set(page.file, article?.textContent ?? '');
  }
  return {
    pages,
    ours: score(annotations, (file) => ours.get(file) ?? ''),
    readability: score(annotations, (file) => theirs.get(file) ?? ''),
    oursMsPerPage: oursMs / pages,
    readabilityMsPerPage: readabilityMs / pages,
    densityFallbacks,
  };
}
