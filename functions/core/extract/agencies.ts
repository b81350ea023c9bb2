import { matchKey } from '../text/normalize.ts';

/**
 * News agencies and their usual spellings. Arabic abbreviations are written
 * with spaces or dots (أ ف ب, أ.ف.ب, ا ف ب): spellings are compared in a
 * compact match form (no spaces, dots, hyphens or diacritics, alef unified), so
 * each is listed once. Latin acronyms must be written in capitals ("AP", not
 * "ap"), unless the agency writes itself in lowercase (dpa).
 */
const AGENCIES: Record<string, string[]> = {
  AFP: [
    'AFP',
    'أ ف ب',
    'فرانس برس',
    'وكالة فرانس برس',
    'الصحافة الفرنسية',
    'وكالة الصحافة الفرنسية',
    'الفرنسية',
    'Agence France-Presse',
    'Agence France Presse',
  ],
  Reuters: ['Reuters', 'رويترز', 'رويتر'],
  AP: ['AP', 'أ ب', 'أسوشيتد برس', 'أسوشييتد برس', 'أسوشيتيد برس', 'الأسوشيتد برس', 'Associated Press'],
  DPA: ['DPA', 'dpa', 'د ب أ', 'الألمانية', 'الوكالة الألمانية', 'وكالة الأنباء الألمانية'],
  EPA: ['EPA', 'الأوروبية', 'الوكالة الأوروبية'],
  MENA: ['MENA', 'أ ش أ', 'وكالة أنباء الشرق الأوسط'],
  Anadolu: ['Anadolu', 'Anadolu Agency', 'AA', 'الأناضول', 'وكالة الأناضول', 'الاناضول للأنباء'],
  Xinhua: ['Xinhua', 'شينخوا', 'شينغوا'],
  SANA: ['SANA', 'سانا', 'الوكالة العربية السورية للأنباء'],
  WAFA: ['WAFA', 'وفا', 'وكالة الأنباء الفلسطينية'],
  SPA: ['SPA', 'واس', 'وكالة الأنباء السعودية'],
  WAM: ['WAM', 'وام', 'وكالة أنباء الإمارات'],
  QNA: ['QNA', 'قنا', 'وكالة الأنباء القطرية'],
  KUNA: ['KUNA', 'كونا', 'وكالة الأنباء الكويتية'],
  Petra: ['Petra', 'بترا', 'وكالة الأنباء الأردنية'],
  BNA: ['BNA', 'بنا', 'وكالة أنباء البحرين'],
  ONA: ['ONA', 'العمانية', 'وكالة الأنباء العمانية'],
  MAP: ['MAP', 'لاماب', 'ومع', 'وكالة المغرب العربي للأنباء'],
  APS: ['APS', 'واج', 'وكالة الأنباء الجزائرية'],
  TAP: ['TAP', 'وات', 'وكالة تونس إفريقيا للأنباء'],
  LANA: ['LANA', 'وال', 'وكالة الأنباء الليبية'],
  SUNA: ['SUNA', 'سونا', 'وكالة السودان للأنباء'],
  INA: ['INA', 'واع', 'وكالة الأنباء العراقية'],
  Saba: ['Saba', 'سبأ', 'وكالة سبأ'],
  NNA: ['NNA', 'الوكالة الوطنية للإعلام', 'الوكالة الوطنية'],
  IRNA: ['IRNA', 'إرنا', 'ارنا', 'إيرنا'],
  Fars: ['Fars', 'فارس', 'وكالة فارس'],
  Tasnim: ['Tasnim', 'تسنيم', 'وكالة تسنيم'],
  Mehr: ['Mehr', 'وكالة مهر'],
  ISNA: ['ISNA', 'إيسنا'],
  TASS: ['TASS', 'تاس', 'إيتار تاس', 'ITAR-TASS'],
  RIA: ['RIA', 'RIA Novosti', 'ريا نوفوستي', 'نوفوستي'],
  Sputnik: ['Sputnik', 'سبوتنيك'],
  Interfax: ['Interfax', 'إنترفاكس', 'انترفاكس'],
  EFE: ['EFE', 'Efe', 'إفي', 'إيفي'],
  ANSA: ['ANSA', 'أنسا'],
  Kyodo: ['Kyodo', 'كيودو'],
  Yonhap: ['Yonhap', 'يونهاب'],
  Bloomberg: ['Bloomberg', 'بلومبرغ', 'بلومبيرغ', 'بلومبرج'],
  UPI: ['UPI', 'يو بي آي'],
  PA: ['PA', 'Press Association'],
  PTI: ['PTI'],
  ANI: ['ANI'],
  IANS: ['IANS'],
  Bernama: ['Bernama', 'برناما'],
  Antara: ['Antara'],
  CNA: ['CNA'],
  'Quds Press': ['Quds Press', 'قدس برس'],
};

/** Compact match form: no spaces, dots, hyphens or diacritics. */
function compact(text: string): string {
  return matchKey(text).replace(/[\s.·•\-_'’]+/gu, '');
}

interface Entry {
  name: string;
  /** When every spelling with this key is a Latin acronym: the exact forms accepted. */
  exact: Set<string> | null;
}

const ACRONYM = /^[A-Z]{2,5}$/;
const BY_KEY = new Map<string, Entry>();
for (const [name, spellings] of Object.entries(AGENCIES)) {
  for (const spelling of spellings) {
    const key = compact(spelling);
    const entry = BY_KEY.get(key) ?? { name, exact: new Set<string>() };
    if (ACRONYM.test(spelling)) entry.exact?.add(spelling);
    else entry.exact = null;
    BY_KEY.set(key, entry);
  }
}

const MAX_AGENCY_CHARS = 48;

/** Canonical short name of an agency, or null when the text is not one (e.g. "أ.ف.ب" → "AFP", "(Reuters)" → null). */
export function agencyName(text: string): string | null {
  const trimmed = text.trim();
  if (!trimmed || trimmed.length > MAX_AGENCY_CHARS) return null;
  const entry = BY_KEY.get(compact(trimmed)) ?? BY_KEY.get(compact(trimmed.replace(/^وكال[ةه]\s+/u, '')));
  if (!entry) return null;
  if (entry.exact && !entry.exact.has(trimmed.replace(/[\s.]+/g, ''))) return null;
  return entry.name;
}

/** Regex source matching an agency written as one word ("واس", "وام", "Reuters"), for patterns that need it in place. */
export const AGENCY_WORD_PATTERN = Object.values(AGENCIES)
  .flat()
  .filter((spelling) => !/[\s.-]/.test(spelling))
  .sort((a, b) => b.length - a.length)
  .join('|');

/** Agency names and their spellings, for other matchers (photo credits, captions). */
export function agencySpellings(): string[] {
  return Object.values(AGENCIES).flat();
}
