import { describe, expect, it } from 'vitest';
import type { CleanBlock } from '../../../functions/core/clean/index.ts';
import { selectHeadline } from '../../../functions/core/extract/headline.ts';

const blocks = (...texts: string[]): CleanBlock[] => texts.map((text) => ({ text, kind: 'paragraph' }));
const noDateline = () => false;
const longParagraph =
  'قال مسؤولون في وزارة الصحة إن الحملة الوطنية للتطعيم ستبدأ الأسبوع المقبل في جميع المحافظات، وتستهدف أكثر من مليوني طفل.';

describe('selectHeadline', () => {
  it('takes a short first line that is not a sentence as the title, and the next short line as subtitle', () => {
    const result = selectHeadline({
      blocks: blocks('حملة تطعيم وطنية تبدأ الأسبوع المقبل', 'الوزارة تستهدف مليوني طفل في المحافظات', longParagraph),
      meta: {},
      dek: null,
      isDatelineOnly: noDateline,
    });
    expect(result.title).toBe('حملة تطعيم وطنية تبدأ الأسبوع المقبل');
    expect(result.subtitle).toBe('الوزارة تستهدف مليوني طفل في المحافظات');
    expect(result.body.map((b) => b.text)).toEqual([longParagraph]);
  });

  it('returns no title when the text starts with a sentence', () => {
    const result = selectHeadline({ blocks: blocks(longParagraph), meta: {}, dek: null, isDatelineOnly: noDateline });
    expect(result.title).toBeNull();
    expect(result.body).toHaveLength(1);
  });

  it('skips a dateline line when looking for the title', () => {
    const result = selectHeadline({
      blocks: blocks('رويترز (بغداد)', longParagraph),
      meta: {},
      dek: null,
      isDatelineOnly: (t) => t.startsWith('رويترز'),
    });
    expect(result.title).toBeNull();
  });

  it('removes every repeat of the headline from the body', () => {
    const title = 'Storm closes port of Alexandria';
    const result = selectHeadline({
      blocks: blocks(title, 'The storm hit on Tuesday and closed the port, officials said.', `${title}!`),
      meta: {},
      dek: null,
      isDatelineOnly: noDateline,
    });
    expect(result.title).toBe(title);
    expect(result.repeats).toHaveLength(2);
    expect(result.body).toHaveLength(1);
  });

  it('prefers og:title and strips the site name from <title>', () => {
    expect(
      selectHeadline({
        blocks: [],
        meta: { title: 'Markets rally on rate cut hopes | The Ledger', siteName: 'The Ledger' },
        dek: null,
        isDatelineOnly: noDateline,
      }).title,
    ).toBe('Markets rally on rate cut hopes');
    expect(
      selectHeadline({
        blocks: [],
        meta: { title: 'x | y', ogTitle: 'Markets rally on rate cut hopes' },
        dek: null,
        isDatelineOnly: noDateline,
      }).title,
    ).toBe('Markets rally on rate cut hopes');
  });

  it('strips section labels before a text headline', () => {
    const result = selectHeadline({
      blocks: blocks('اقتصاد | ارتفاع أسعار الذهب إلى مستوى قياسي جديد', longParagraph),
      meta: {},
      dek: null,
      isDatelineOnly: noDateline,
    });
    expect(result.title).toBe('ارتفاع أسعار الذهب إلى مستوى قياسي جديد');
  });

  it('uses the title a crawler JSON gave', () => {
    const result = selectHeadline({
      blocks: blocks(longParagraph),
      meta: {},
      dek: null,
      givenTitle: 'Given title here',
      isDatelineOnly: noDateline,
    });
    expect(result.title).toBe('Given title here');
  });
});
