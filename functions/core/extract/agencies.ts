import { matchKey } from '../text/normalize.ts';

/**
 * News agencies and their usual spellings (Arabic abbreviations are written
 * with spaces or dots: أ ف ب, أ.ف.ب). Keys are compared in a compact match form
 * (no spaces, dots or diacritics), so each spelling is listed once.
 */
const AGENCIES: Record<string, string[]> = {
  AFP: ['AFP', 'أ ف ب', 'فرانس برس', 'وكالة فرانس برس', 'Agence France-Presse', 'Agence France Presse'],
  Reuters: ['Reuters', 'رويترز', 'وكالة رويترز'],
  AP: ['AP', 'أ ب', 'أسوشيتد برس', 'أسوشيتيد برس', 'اسوشيتدبرس', 'Associated Press'],
  DPA: ['DPA', 'د ب أ', 'الوكالة الألمانية'],
  MENA: ['MENA', 'أ ش أ', 'وكالة أنباء الشرق الأوسط'],
  Anadolu: ['Anadolu', 'AA', 'الأناضول', 'وكالة الأناضول'],
  Xinhua: ['Xinhua', 'شينخوا'],
  SANA: ['SANA', 'سانا'],
  WAFA: ['WAFA', 'وفا'],
  SPA: ['SPA', 'واس'],
  WAM: ['WAM', 'وام'],
  QNA: ['QNA', 'قنا'],
  KUNA: ['KUNA', 'كونا'],
  Petra: ['Petra', 'بترا'],
  IRNA: ['IRNA', 'إرنا', 'ارنا'],
  TASS: ['TASS', 'تاس'],
  RIA: ['RIA', 'RIA Novosti', 'ريا نوفوستي', 'نوفوستي'],
  EFE: ['EFE', 'إفي'],
  ANSA: ['ANSA', 'أنسا'],
  Kyodo: ['Kyodo', 'كيودو'],
  Bloomberg: ['Bloomberg', 'بلومبرغ', 'بلومبيرغ'],
  UPI: ['UPI'],
  NNA: ['NNA', 'الوكالة الوطنية للإعلام'],
  BNA: ['BNA', 'بنا'],
  ONA: ['ONA', 'العمانية'],
  MAP: ['MAP', 'لاماب', 'ومع'],
  APS: ['APS', 'واج'],
  TAP: ['TAP', 'وات'],
  SUNA: ['SUNA', 'سونا'],
  INA: ['INA', 'واع'],
  Yonhap: ['Yonhap', 'يونهاب'],
  PTI: ['PTI'],
  CNA: ['CNA'],
};

/** Compact match form: no spaces, dots or diacritics. */
function compact(text: string): string {
  return matchKey(text).replace(/[\s.·•]+/g, '');
}

const BY_SPELLING = new Map<string, string>();
for (const [name, spellings] of Object.entries(AGENCIES)) {
  for (const spelling of spellings) BY_SPELLING.set(compact(spelling), name);
}

/** Canonical short name of an agency, or null when the text is not one (e.g. "أ.ف.ب" → "AFP"). */
export function agencyName(text: string): string | null {
  const key = compact(text.replace(/^وكاله\s+/, ''));
  if (!key || key.length > 40) return null;
  return BY_SPELLING.get(key) ?? BY_SPELLING.get(compact(text)) ?? null;
}

/** Agency names and their spellings, for other matchers (photo credits, captions). */
export function agencySpellings(): string[] {
  return Object.values(AGENCIES).flat();
}
