import { gzipSync } from 'node:zlib';

/**
 * A deterministic, seeded generator of raw articles for benchmarks: Arabic
 * and English; plain text, HTML with site chrome, crawler JSON and gzip;
 * 2 to 50 KB; with set shares of exact duplicates (same text, other format),
 * near duplicates (a paragraph dropped, words edited) and same-story rewrites
 * (same actors, place and day, other sentences).
 */

export interface GeneratedArticle {
  name: string;
  bytes: Buffer;
  metadata: Record<string, string>;
  kind: 'original' | 'duplicate' | 'near-duplicate' | 'rewrite';
  format: 'text' | 'html' | 'json' | 'gzip';
  language: 'ar' | 'en';
}

export interface CorpusOptions {
  count: number;
  seed?: number;
  duplicateShare?: number;
  nearDuplicateShare?: number;
  rewriteShare?: number;
  /** Fix every article to about this size (bytes) and to text format: the stage-speed goal case. */
  fixedSize?: number;
  formats?: GeneratedArticle['format'][];
}

const AR = {
  words:
    'أعلنت الحكومة اليوم عن خطة جديدة لدعم الاقتصاد الوطني وتعزيز الاستثمار في القطاعات الإنتاجية وقال المسؤولون إن الإجراءات تشمل تخفيض الضرائب وزيادة الإنفاق على البنية التحتية والمشاريع الصغيرة والمتوسطة في مختلف المحافظات وأكدت الوزارة أن التنفيذ سيبدأ خلال الأشهر المقبلة بالتعاون مع القطاع الخاص والمنظمات الدولية وأشار التقرير إلى ارتفاع معدلات البطالة بين الشباب وتراجع الصادرات بسبب الأزمة العالمية وأوضح الخبراء أن النمو المتوقع يعتمد على استقرار الأسعار'.split(
      ' ',
    ),
  persons: [
    'الرئيس اللبناني ميشال عون',
    'وزير الخارجية المصري سامح شكري',
    'رئيس الوزراء العراقي محمد شياع السوداني',
    'الملك الأردني عبد الله الثاني',
    'وزير المالية السعودي محمد الجدعان',
  ],
  places: ['بيروت', 'القاهرة', 'بغداد', 'عمّان', 'الرياض', 'دمشق', 'الدوحة', 'تونس العاصمة'],
  days: ['اليوم الأحد', 'اليوم الاثنين', 'أمس الثلاثاء', 'اليوم الأربعاء', 'الخميس'],
  chrome: [
    'الرئيسية > أخبار > اقتصاد',
    'اقرأ أيضاً: أسعار الذهب اليوم',
    'شارك: فيسبوك تويتر واتساب',
    'تابعونا على تلغرام',
    'التعليقات',
  ],
};
const EN = {
  words:
    'the government announced on a new plan to support the national economy and boost investment in productive sectors officials said the measures include tax cuts and higher spending on infrastructure and small businesses across the provinces the ministry said implementation would begin in the coming months with the private sector and international organisations the report pointed to rising unemployment among young people and falling exports because of the global crisis experts said expected growth depends on stable prices'.split(
      ' ',
    ),
  persons: [
    'President Joseph Aoun',
    'Foreign Minister Badr Abdelatty',
    'Prime Minister Mohammed Shia al-Sudani',
    'King Abdullah',
    'Finance Minister Mohammed al-Jadaan',
  ],
  places: ['Beirut', 'Cairo', 'Baghdad', 'Amman', 'Riyadh', 'Damascus', 'Doha', 'Tunis'],
  days: ['on Sunday', 'on Monday', 'on Tuesday', 'on Wednesday', 'on Thursday'],
  chrome: [
    'Home › News › Economy',
    'Read more: Gold prices today',
    'Share: Facebook Twitter WhatsApp',
    'Follow us on Telegram',
    'Comments (12)',
  ],
};

/** Mulberry32: small, fast, deterministic. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Story {
  language: 'ar' | 'en';
  title: string;
  paragraphs: string[];
  person: string;
  place: string;
  day: string;
  published: string;
}

function pick<T>(list: T[], rnd: () => number): T {
  return list[Math.floor(rnd() * list.length)] as T;
}

function sentence(vocab: string[], rnd: () => number, words: number): string {
  return `${Array.from({ length: words }, () => pick(vocab, rnd)).join(' ')}.`;
}

function newStory(rnd: () => number, index: number, targetBytes: number): Story {
  const language = rnd() < 0.6 ? 'ar' : 'en';
  const lex = language === 'ar' ? AR : EN;
  const person = pick(lex.persons, rnd);
  const place = pick(lex.places, rnd);
  const day = pick(lex.days, rnd);
  const lead =
    language === 'ar'
      ? `التقى ${person} ${day} في ${place} وفدا رسميا لبحث ${sentence(lex.words, rnd, 12)}`
      : `${person} met a delegation in ${place} ${day} to discuss ${sentence(lex.words, rnd, 12)}`;
  const paragraphs = [lead];
  let size = Buffer.byteLength(lead);
  while (size < targetBytes) {
    const p = Array.from({ length: 2 + Math.floor(rnd() * 3) }, () =>
      sentence(lex.words, rnd, 12 + Math.floor(rnd() * 14)),
    ).join(' ');
    paragraphs.push(p);
    size += Buffer.byteLength(p) + 1;
  }
  const date = new Date(Date.UTC(2024, 0, 1) + Math.floor(rnd() * 365) * 86_400_000);
  const title =
    language === 'ar'
      ? `${person.split(' ').slice(-2).join(' ')} يبحث في ${place} الخطة رقم ${index}`
      : `${person.split(' ').slice(-2).join(' ')} discusses plan ${index} in ${place}`;
  return { language, title, paragraphs, person, place, day, published: date.toISOString() };
}

function render(story: Story, format: GeneratedArticle['format'], rnd: () => number): Buffer {
  const lex = story.language === 'ar' ? AR : EN;
  if (format === 'json') {
    return Buffer.from(
      JSON.stringify({
        title: story.title,
        maintext: story.paragraphs.join('\n'),
        date_publish: story.published,
        language: story.language,
      }),
    );
  }
  if (format === 'html') {
    const dir = story.language === 'ar' ? 'rtl' : 'ltr';
    const chrome = lex.chrome;
    return Buffer.from(
      `<!doctype html><html lang="${story.language}" dir="${dir}"><head><meta charset="utf-8"><title>${story.title} | News</title><script>var a=1;</script></head><body>` +
        `<header><nav><ul>${chrome.map((c) => `<li><a href="/x">${c}</a></li>`).join('')}</ul></nav></header>` +
        `<main><article><h1>${story.title}</h1><div class="share">${chrome[2]}</div>` +
        story.paragraphs.map((p) => `<p>${p}</p>`).join('') +
        `<aside class="related"><h3>${chrome[1]}</h3><ul><li><a href="/y">${sentence(lex.words, rnd, 6)}</a></li></ul></aside></article></main>` +
        `<footer><p>© 2024</p></footer></body></html>`,
    );
  }
  const text = [lex.chrome[0], story.title, '', ...story.paragraphs, lex.chrome[1], lex.chrome[4]].join('\n');
  return format === 'gzip' ? gzipSync(Buffer.from(text)) : Buffer.from(text);
}

export function generateCorpus(options: CorpusOptions): GeneratedArticle[] {
  const rnd = random(options.seed ?? 42);
  const formats = options.formats ?? ['text', 'html', 'json', 'gzip'];
  const shares = {
    duplicate: options.duplicateShare ?? 0.1,
    near: options.nearDuplicateShare ?? 0.05,
    rewrite: options.rewriteShare ?? 0.05,
  };
  const stories: Story[] = [];
  const out: GeneratedArticle[] = [];
  for (let i = 0; i < options.count; i++) {
    const roll = rnd();
    const format = options.fixedSize ? 'text' : pick(formats, rnd);
    const size = options.fixedSize ?? 2_000 + Math.floor(rnd() ** 3 * 48_000);
    let story: Story;
    let kind: GeneratedArticle['kind'] = 'original';
    const base = stories.length ? pick(stories, rnd) : null;
    if (base && roll < shares.duplicate) {
      story = base;
      kind = 'duplicate';
    } else if (base && roll < shares.duplicate + shares.near) {
      const paragraphs = base.paragraphs.filter(
        (_, k) => k !== base.paragraphs.length - 1 || base.paragraphs.length < 3,
      );
      story = { ...base, paragraphs: paragraphs.map((p, k) => (k === 1 ? p.replace(/\S+/, (w) => `${w}ة`) : p)) };
      kind = 'near-duplicate';
    } else if (base && roll < shares.duplicate + shares.near + shares.rewrite) {
      story = newStoryWith(base, rnd, i);
      kind = 'rewrite';
    } else {
      story = newStory(rnd, i, size);
      stories.push(story);
    }
    out.push({
      name: `${String(i).padStart(6, '0')}-${kind}.${format === 'gzip' ? 'txt.gz' : format === 'json' ? 'json' : format === 'html' ? 'html' : 'txt'}`,
      bytes: render(story, format, rnd),
      metadata: { 'published-at': story.published },
      kind,
      format,
      language: story.language,
    });
  }
  return out;
}

/** Another outlet's report of the same event: same actor, place and day, its own sentences. */
function newStoryWith(base: Story, rnd: () => number, index: number): Story {
  const lex = base.language === 'ar' ? AR : EN;
  const lead =
    base.language === 'ar'
      ? `بحث ${base.person} ${base.day} في ${base.place} مع وفد رسمي ${sentence(lex.words, rnd, 10)}`
      : `In ${base.place}, ${base.person} held talks ${base.day} on ${sentence(lex.words, rnd, 10)}`;
  const paragraphs = [lead, ...Array.from({ length: 3 }, () => sentence(lex.words, rnd, 20))];
  return { ...base, title: `${base.title} (${index})`, paragraphs };
}
