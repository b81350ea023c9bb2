import { MONTH_NAME_WORDS } from '../extract/calendar.ts';
import { countWords, matchKeyAndWords } from '../text/normalize.ts';
import { type Block, linkDensity } from './blocks.ts';

/**
 * Block-level boilerplate classifier.
 *
 * Each rule is a family of signals rather than a list of known sentences:
 * the words that site chrome is made of (share, follow, read more, comments,
 * credits, copyright…) in Arabic, English and French, combined with shape
 * (length, sentence punctuation, link density, position). Patterns are written
 * in `matchKey` form: alef unified, ى→ي, ة→ه, no diacritics, lowercase.
 */

export const REMOVAL_REASONS = [
  'navigation',
  'header',
  'footer',
  'aside',
  'form',
  'comments',
  'share',
  'related',
  'caption',
  'advert',
  'outside-main',
  'link-list',
  'javascript-notice',
  'font-size-widget',
  'read-more',
  'breadcrumb',
  'follow-us',
  'photo-credit',
  'copyright',
  'cms-leftover',
  'byline',
  'tags',
  'bare-url',
  'trailing-fragment',
  'repeated-paragraph',
  'contained-paragraph',
  'repeated-body',
  'headline-repeat',
  'dateline',
] as const;

export type RemovalReason = (typeof REMOVAL_REASONS)[number];

const WORD = /[\p{L}\p{N}]+/gu;
const SENTENCE_END = /[.!?؟…。»"”'’):;؛]$/u;

export function endsLikeSentence(text: string): boolean {
  return SENTENCE_END.test(text.trim());
}

export function wordCount(text: string): number {
  return countWords(text);
}

const JAVASCRIPT =
  /(?:enable|activate|turn on|activez|activer|allow)\s+(?:le\s+)?javascript|javascript\s+(?:is\s+)?(?:disabled|required|must be)|(?:تفعيل|تمكين|تشغيل)\s+(?:ال)?جافا\s?سكريبت|جافا\s?سكريبت\s+(?:معطل|غير مفعل)/;
const FONT_WORDS = /^(?:(?:تكبير|تصغير|حجم)\s+(?:ال)?خط|font\s+size|text\s+size|taille\s+du\s+texte)/;
const READ_MORE =
  /^(?:اقرا(?:\s*\/\s*ي|ي)?(?:\s+(?:ايضا|المزيد|كذلك))?|اقرئي|طالع\s+ايضا|شاهد\s+ايضا|شاهدي\s+ايضا|انظر\s+ايضا|المزيد\s+(?:من|عن|حول)|لمزيد\s+من|للمزيد|قد\s+(?:يهمك|يعجبك|تهمك)|ربما\s+(?:يهمك|يعجبك)|مواضيع\s+(?:ذات\s+صله|متعلقه|مشابهه)|(?:اخبار|مقالات|موضوعات)\s+(?:ذات\s+صله|متعلقه|مشابهه)|اخترنا\s+لك|الاكثر\s+(?:قراءه|مشاهده)|read\s+(?:more|also|next)|also\s+read|see\s+also|more\s+(?:from|on|stories|news)|you\s+(?:may|might)\s+(?:also\s+)?(?:like|be interested)|related(?:\s+(?:articles?|stories|news|coverage|content))?|recommended(?:\s+for\s+you)?|most\s+read|(?:a\s+)?lire\s+aussi|voir\s+aussi|sur\s+le\s+meme\s+sujet)(?=$|[\s:|\-–—»>،,.])/;
const RELATED_ANYWHERE = /ذات\s+صله|related\s+(?:nodes|articles|links|posts)/;
const HOME_WORDS = /^(?:الرييسيه|الصفحه\s+الرييسيه|home|accueil|startseite)$/;
const BREADCRUMB_SEPARATORS = /\s*(?:>|›|»|\/|\||←|→|«|<|‹)\s*/;
const COMMENTS =
  /^(?:ال)?(?:تعليقات|تعليق)(?:\s*\(?\d+\)?)?$|^\d+\s+(?:تعليق|تعليقات|comments?|commentaires?)$|^(?:اضف|اكتب|شارك\s+ب)\s*تعليق|^(?:comments?|commentaires?)(?:\s*\(?\d+\)?)?$|^(?:leave|post|add|write)\s+a\s+(?:comment|reply)|^(?:show|view|load)\s+(?:all\s+)?comments|^(?:اراء|آراء)\s+القراء$|^(?:keine\s+)?kommentare?(?:\s*\(?\d+\)?)?|^kommentieren$|^(?:\d+\s+)?(?:comentarios?|commenti)$|^(?:comentar|commenta)$/;
const FOLLOW_US =
  /follow\s+(?:\S+\s+){0,4}on\s+(?:twitter|facebook|instagram|telegram|linkedin|youtube|tiktok|whatsapp|x)\b|(?:download|get)\s+(?:\S+\s+){0,5}apps?\b|sign\s+up\s+here|siguenos|unete\s+(?:a|al)\s+(?:nuestro\s+)?canal|suscribete|abonnez-vous|تابعونا|تابعنا|تابعوا\s+(?:اخر|آخر)|follow\s+us|suivez[-\s]nous|join\s+us\s+on|اشترك\s+(?:في|ب)|اشتركوا|subscribe\s+(?:to|now)|sign\s+up\s+(?:for|to)|newsletter|النشره\s+البريديه|حمل\s+تطبيق|download\s+(?:our|the)\s+app|انضم\s+(?:الي|لقناتنا)/;
const SHARE_WORDS = new Set([
  'facebook',
  'فيسبوك',
  'فيس',
  'بوك',
  'twitter',
  'تويتر',
  'x',
  'whatsapp',
  'واتساب',
  'واتس',
  'اب',
  'telegram',
  'تلغرام',
  'تيليجرام',
  'تليجرام',
  'linkedin',
  'لينكد',
  'ان',
  'email',
  'e',
  'mail',
  'البريد',
  'الالكتروني',
  'print',
  'طباعه',
  'share',
  'شارك',
  'مشاركه',
  'شاركها',
  'pinterest',
  'reddit',
  'messenger',
  'ماسنجر',
  'copy',
  'link',
  'نسخ',
  'الرابط',
  'tweet',
  'غرد',
  'on',
  'via',
  'عبر',
  'partager',
  'imprimer',
  'instagram',
  'انستغرام',
  'youtube',
  'يوتيوب',
  'tiktok',
  'تيك',
  'توك',
  // German, Spanish, Italian, Portuguese share and print controls.
  'teilen',
  'drucken',
  'speichern',
  'merken',
  'bei',
  'auf',
  'compartir',
  'imprimir',
  'guardar',
  'en',
  'condividi',
  'stampa',
  'salva',
  'su',
  'compartilhar',
  'salvar',
]);
const PHOTO_CREDIT =
  /restricted\s+to\s+editorial\s+use|mandatory\s+credit|(?:afp|ap|epa|reuters|getty|sipa|anadolu)\s+photo|\/\s*(?:afp|reuters|epa|ap)\s*\/|getty\s+images|\(photo\s+by|photo\s*(?:credit|:)|image\s+(?:caption|source|copyright)|distributed\s+as\s+a\s+service|no\s+marketing|handout\s+(?:picture|photo|image)|^(?:a|an|this|the)\s+(?:handout\s+)?(?:picture|photo|photograph|image|file\s+photo)\s+(?:taken|released|shows|obtained|provided)|^\(?(?:files?|archives?)\)?\s*[-:]|صوره\s+ارشيفيه|^\(?الصوره\s*:|مصدر\s+الصوره|^تصوير\s*:|حقوق\s+الصوره|crédit\s+photo|credit\s+photo/;
/** "Figure 3:", "Abbildung 4:", "Foto:", "Bild:" opening a line: a caption or its credit. */
const FIGURE_LABEL = /^\(?(?:figure|fig|abbildung|abb|foto|bild|imagen|immagine|image|photo|صوره|شكل)\.?\s*\d*\s*[:|]/;
/** "Quelle: …", "Source: …", "Fuente: …": a short attribution line. */
const SOURCE_LINE = /^\(?(?:quelle|quellen|source|sources|fuente|fuentes|fonte|المصدر)\s*:\s*\S/;
const CREDIT_WORDS =
  /^(?:سانا|رويترز|ا\s?ف\s?ب|افب|فرانس\s+برس|الاناضول|اسوشيتد\s+برس|ا\s?ب|د\s?ب\s?ا|ا\s?ش\s?ا|وكالات|انترنت|الانترنت|مواقع\s+التواصل(?:\s+الاجتماعي)?|ارشيف|ارشيفيه|ارشيفي|صوره\s+ارشيفيه|getty(?:\s+images)?|afp|reuters|ap|epa|epa-efe|anadolu|file|archive|handout|social\s+media|wikimedia|shutterstock|\S+\s*\/\s*\S+)$/;
const COPYRIGHT =
  /جميع\s+الحقوق\s+محفوظه|حقوق\s+(?:النشر|الطبع)\s+محفوظه|all\s+rights\s+reserved|©|\(c\)\s*\d{4}|copyright|tous\s+droits\s+reserves|سياسه\s+الخصوصيه|privacy\s+policy|terms\s+(?:of|and)\s+(?:use|service|conditions)|شروط\s+الاستخدام|cookies?\s+(?:policy|settings)|we\s+use\s+cookies/;
const CMS_LEFTOVER =
  /\bfield\)|\{\{|\}\}|\[\/?(?:caption|embed|gallery|video|audio)|lorem\s+ipsum|^(?:undefined|null|nan)$|loading\.\.\.|جار(?:ي)?\s+التحميل|^(?:advertisement|ads?|anzeige|werbung|publicidad|pubblicita|اعلان|إعلان|publicite)\s*:?$|skip\s+to\s+(?:main\s+)?content|انتقل\s+(?:الي|إلى)\s+المحتوي|^(?:click|tap)\s+here|اضغط\s+هنا|^(?:previous|next)\s+(?:article|post)|^(?:المقال|الخبر)\s+(?:السابق|التالي)/;
const TAGS_LINE = /^(?:tags|الوسوم|وسوم|كلمات\s+مفتاحيه|الكلمات\s+الداله|مواضيع|topics|mots[-\s]cles)\s*:/;
// Byline and publication lines. Besides Arabic, English and French, the usual German, Spanish, Italian and
// Portuguese labels (match form: lowercase, unaccented).
const BYLINE =
  /^(?:by|par|بقلم|كتب|كتبت|اعداد|تحرير|المحرر|مراسل|written\s+by|reporting\s+by|editing\s+by|additional\s+reporting|verfasst\s+von|geschrieben\s+von|escrito\s+por|a\s+cura\s+di)\s*[:\-–]?\s*\S|^(?:نشر|تاريخ\s+النشر|اخر\s+تحديث|تم\s+النشر|تم\s+التحديث|published|updated|last\s+updated|posted|publie\s+le|mis\s+a\s+jour|veroffentlicht|aktualisiert|stand|publicado|actualizado|pubblicato|aggiornato|publicada|atualizado)\s*(?:في|on|le|at|am|um|el|il|em)?\s*[:\-–]?\s*\S/;
const URL_ONLY = /^(?:https?:\/\/|www\.)\S+$/i;

/**
 * Words a bare date or time line is made of, in match form: month and weekday
 * names (Arabic month systems, English, French, German, Spanish, Italian,
 * Portuguese), time-of-day and zone words. Numbers are allowed besides.
 */
const DATE_LINE_WORDS = new Set(
  [
    ...MONTH_NAME_WORDS,
    ...'januar februar marz juni juli oktober dezember enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre diciembre gennaio febbraio aprile maggio giugno luglio settembre ottobre dicembre janeiro fevereiro maio junho julho setembro outubro novembro dezembro'.split(
      ' ',
    ),
    ...'monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun lundi mardi mercredi jeudi vendredi samedi dimanche montag dienstag mittwoch donnerstag freitag samstag sonntag lunes martes miercoles jueves viernes sabado domingo lunedi martedi mercoledi giovedi venerdi'.split(
      ' ',
    ),
    ...'الاثنين الاتنين الثلاثاء الاربعاء الخميس الجمعه السبت الاحد يوم'.split(' '),
    ...'am pm h uhr um at on le de del di do da of the utc gmt cet cest est edt pst bst ct et مساء صباحا ص م الساعه'.split(
      ' ',
    ),
  ].map((word) => word.normalize('NFKD').replace(/\p{M}/gu, '')),
);

/** Log-in prompts of comment and account widgets. */
const ACCOUNT_PROMPT =
  /(?:must|need\s+to)\s+be\s+logged\s+in|(?:log|sign)\s+in\s+to\s+(?:comment|reply|post|continue|read)|you\s+are\s+not\s+logged\s+in|connectez-vous\s+pour|vous\s+devez\s+etre\s+connecte|(?:musst|mussen|muss)\s+(?:dich\s+|sich\s+)?(?:eingeloggt|angemeldet)|(?:einloggen|anmelden)\s*,?\s+um|nicht\s+eingeloggt|يجب\s+تسجيل\s+الدخول|سجل\s+الدخول\s+(?:للتعليق|لاضافه)/;
/** Paywall and subscription lines. */
const PAYWALL =
  /continue\s+reading|(?:read|access)\s+the\s+(?:full|rest\s+of\s+the)\s+(?:article|story)|(?:instant|unlimited|immediate\s+online)\s+access|already\s+a\s+subscriber|subscription\s+will\s+auto|pour\s+lire\s+la\s+suite|pour\s+acceder\s+en\s+illimite|deja\s+abonne|weiterlesen\s+mit|jetzt\s+abonnieren|لقراءه\s+(?:المقال|الخبر)\s+كاملا|اشترك\s+الان/;
/** "4 min read", "Lesezeit: 3 Minuten", "5 min de lecture", "وقت القراءة: 3 دقائق". */
const READING_TIME =
  /^\d+\s*(?:min|mins|minutes?|minuten)\.?\s*(?:read|reading|de\s+lecture|lesezeit|lesen|de\s+lectura)\b|^(?:lesezeit|reading\s+time|temps\s+de\s+lecture|tiempo\s+de\s+lectura|وقت\s+القراءه|مده\s+القراءه)\s*:?\s*\d+|^\d+\s*(?:دقيقه|دقائق)\s+(?:للقراءه|قراءه)$/;
/** Rating widgets: "(No ratings yet)", "3.65 von 1990 Bewertungen", "4.5 out of 5 stars". */
const RATING =
  /^\(?(?:noch\s+)?keine\s+bewertungen|^\(?no\s+ratings?\s+yet|^\(?[\d.,]+\s+(?:von|of|out\s+of|sur|de)\s+[\d.,]+\s+(?:bewertungen|ratings?|votes?|stars|sternen|etoiles|avis)\b/;

const NUMERIC_DATE = /(?:^|\D)(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}:\d{2})(?:\D|$)/;

/** "Publikacja: 04.05.2021", "Stand: 5. Februar 2020": a short label, a colon, then only a date. */
function isLabelledDate(key: string): boolean {
  const match = /^[^:]{1,30}:\s*(.+)$/.exec(key);
  if (!match) return false;
  const rest = match[1] ?? '';
  const words = rest.match(WORD)?.length ?? 0;
  return isDateLine(rest, words);
}

/** A line that is only a date and/or a time: "Dienstag, 4. Juni 2019", "23.10.2018 | 19:49", "الأحد 12 مارس 2024". */
function isDateLine(key: string, words: number): boolean {
  if (words === 0 || words > 10) return false;
  const tokens = key.match(WORD) ?? [];
  let digits = 0;
  for (const token of tokens) {
    if (/^\d+$/.test(token)) digits++;
    else if (!DATE_LINE_WORDS.has(token)) return false;
  }
  if (digits === 0) return false;
  // Numbers alone are a date only in a date's shape: not a step ("1."), a year, a price or a phone number.
  return digits < tokens.length || NUMERIC_DATE.test(key);
}

export interface BlockContext {
  /** Position of the block among the candidate blocks, 0-based. */
  index: number;
  count: number;
}

/** Why a block is boilerplate, or null when it looks like article content. */
export function classifyBlock(block: Block, context: BlockContext): RemovalReason | null {
  const text = block.text;
  if (block.zone) return block.zone;
  if (!block.inMain) return 'outside-main';
  if (URL_ONLY.test(text.trim())) return 'bare-url';

  // The match form and its word count (`key.match(WORD)`), in one pass; the words are kept for the
  // repetition check too.
  const { key, words } = matchKeyAndWords(text);
  const short = words <= 30;

  if (block.kind === 'caption') return 'caption';
  if (PHOTO_CREDIT.test(key)) return 'photo-credit';
  if (words <= 40 && FIGURE_LABEL.test(key)) return 'caption';
  if (words <= 8 && SOURCE_LINE.test(key)) return 'photo-credit';
  if (short && JAVASCRIPT.test(key)) return 'javascript-notice';
  if (isFontSizeWidget(text, key)) return 'font-size-widget';
  if (READ_MORE.test(stripBullet(key)) && (words <= 25 || hasHeadlineAfterMarker(key))) return 'read-more';
  if (words <= 25 && RELATED_ANYWHERE.test(key)) return 'read-more';
  if (isBreadcrumb(key, words)) return 'breadcrumb';
  if (words <= 8 && COMMENTS.test(key.replace(/[:.!]$/, '').trim())) return 'comments';
  if (words <= 25 && FOLLOW_US.test(key)) return 'follow-us';
  if (isShareWidget(key, words)) return 'share';
  if ((short || (words <= 60 && key.startsWith('©'))) && COPYRIGHT.test(key)) return 'copyright';
  if (short && CMS_LEFTOVER.test(key)) return 'cms-leftover';
  if (words <= 40 && TAGS_LINE.test(key)) return 'tags';
  if (words <= 12 && !endsLikeSentence(text) && BYLINE.test(key)) return 'byline';
  if (isHashtagLine(text)) return 'tags';
  if (isDateLine(key, words) || isLabelledDate(key)) return 'byline';
  if (words <= 25 && ACCOUNT_PROMPT.test(key)) return 'form';
  if (words <= 25 && PAYWALL.test(key)) return 'follow-us';
  if (words <= 8 && (READING_TIME.test(key) || RATING.test(key))) return 'cms-leftover';
  if (isCaptionLine(text, key, words)) return 'caption';
  if (block.linkChars > 0 && linkDensity(block) > 0.6 && words <= 60) return 'link-list';
  void context;
  return null;
}

function stripBullet(key: string): string {
  return key.replace(/^[\s\-–—•*>|:«"'(]+/, '');
}

/** "اقرأ أيضاً | headline" / "Read more: headline": a marker, a separator, then a link title. */
function hasHeadlineAfterMarker(key: string): boolean {
  return /^[^|:»\-–—]{2,30}[|:»\-–—]\s*\S/.test(stripBullet(key)) && wordCount(key) <= 40;
}

function isFontSizeWidget(text: string, key: string): boolean {
  // The widget needs a plus sign: most blocks skip building the compact form.
  const compact = text.includes('+') ? text.replace(/\s+/g, '') : '';
  if (compact.length > 0 && compact.length <= 12 && /[+]/.test(compact) && /^(?:[+\-−]?[aAأ][+\-−]?)+$/.test(compact)) {
    return true;
  }
  return FONT_WORDS.test(key) && wordCount(text) <= 8;
}

function isBreadcrumb(key: string, words: number): boolean {
  if (words > 20) return false;
  const parts = key.split(BREADCRUMB_SEPARATORS).filter((p) => p.trim());
  if (parts.length < 2) return false;
  if (HOME_WORDS.test(parts[0]?.trim() ?? '')) return true;
  return parts.length >= 3 && parts.every((p) => wordCount(p) <= 3) && !endsLikeSentence(key);
}

function isShareWidget(key: string, words: number): boolean {
  if (words === 0 || words > 14) return false;
  const tokens = key.match(/[\p{L}\p{N}]+/gu) ?? [];
  const social = tokens.filter((t) => SHARE_WORDS.has(t)).length;
  return social >= 2 && social / tokens.length >= 0.6;
}

function isHashtagLine(text: string): boolean {
  if (!/^\s*#/.test(text)) return false;
  const parts = text.trim().split(/\s+/);
  return parts.length >= 2 && parts.every((p) => p.startsWith('#'));
}

/** A short line without sentence punctuation ending in a credit in parentheses: "… (Reuters)", "… (سانا)". */
function isCaptionLine(text: string, key: string, words: number): boolean {
  if (words > 35) return false;
  const match = /\(([^()]{1,40})\)\s*$/.exec(key);
  if (!match) return false;
  const inner = (match[1] ?? '').trim();
  if (!CREDIT_WORDS.test(inner) && !/صوره|photo|credit|ارشيف|archive/.test(inner)) return false;
  // A full sentence that happens to end in parentheses is content, not a caption.
  const beforeParen = text.replace(/\([^()]*\)\s*$/, '').trim();
  return !/[.!?؟]$/.test(beforeParen);
}
