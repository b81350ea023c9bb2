import { describe, expect, it } from 'vitest';
import { matchesPattern } from '../../../local/pattern.ts';

const event = {
  source: 'akhbar',
  'detail-type': 'ArticleIngested',
  detail: {
    language: 'ar',
    size: 7,
    title: 'Storm hits Alexandria',
    tags: ['weather', 'egypt'],
    dateline: { agency: 'AFP', place: null },
    summary: { entities: { places: ['Alexandria', 'Cairo'] } },
    key: 'incoming/2024/file.txt',
  },
};

describe('EventBridge pattern matching', () => {
  it.each([
    [{ source: ['akhbar'] }, true],
    [{ source: ['other'] }, false],
    [{ source: ['akhbar'], 'detail-type': ['ArticleRejected', 'ArticleIngested'] }, true],
    [{ detail: { language: ['ar'] } }, true],
    [{ detail: { language: ['en'] } }, false],
    [{ detail: { key: [{ prefix: 'incoming/' }] } }, true],
    [{ detail: { key: [{ prefix: 'clean/' }] } }, false],
    [{ detail: { key: [{ suffix: '.txt' }] } }, true],
    [{ detail: { key: [{ prefix: { 'equals-ignore-case': 'INCOMING/' } }] } }, true],
    [{ detail: { language: [{ 'anything-but': 'en' }] } }, true],
    [{ detail: { language: [{ 'anything-but': ['ar', 'fr'] }] } }, false],
    [{ detail: { key: [{ 'anything-but': { prefix: 'clean/' } }] } }, true],
    [{ detail: { missing: [{ 'anything-but': 'x' }] } }, false],
    [{ detail: { language: [{ exists: true }] } }, true],
    [{ detail: { missing: [{ exists: false }] } }, true],
    [{ detail: { language: [{ exists: false }] } }, false],
    [{ detail: { size: [{ numeric: ['>', 5, '<=', 7] }] } }, true],
    [{ detail: { size: [{ numeric: ['<', 5] }] } }, false],
    [{ detail: { title: [{ 'equals-ignore-case': 'storm HITS alexandria' }] } }, true],
    [{ detail: { title: [{ wildcard: 'Storm*Alex*' }] } }, true],
    [{ detail: { title: [{ wildcard: 'Rain*' }] } }, false],
    [{ detail: { tags: ['egypt'] } }, true],
    [{ detail: { summary: { entities: { places: ['Cairo'] } } } }, true],
    [{ detail: { dateline: { place: [null] } } }, true],
    [{ $or: [{ detail: { language: ['en'] } }, { detail: { size: [{ numeric: ['=', 7] }] } }] }, true],
    [{ $or: [{ detail: { language: ['en'] } }, { source: ['x'] }] }, false],
    [{ detail: { size: ['7'] } }, false],
  ])('%j → %s', (pattern, expected) => {
    expect(matchesPattern(pattern as never, event)).toBe(expected);
  });

  it('matches the pipe filter on DynamoDB stream records', () => {
    const filter = { eventName: ['INSERT'], dynamodb: { NewImage: { sk: { S: [{ prefix: 'EVENT#' }] } } } };
    expect(
      matchesPattern(filter, {
        eventName: 'INSERT',
        dynamodb: { NewImage: { sk: { S: 'EVENT#2024#ArticleIngested' } } },
      }),
    ).toBe(true);
    expect(matchesPattern(filter, { eventName: 'INSERT', dynamodb: { NewImage: { sk: { S: 'RECORD' } } } })).toBe(
      false,
    );
    expect(matchesPattern(filter, { eventName: 'MODIFY', dynamodb: { NewImage: { sk: { S: 'EVENT#x' } } } })).toBe(
      false,
    );
  });
});
