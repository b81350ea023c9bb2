import { describe, expect, it } from 'vitest';
import { compareSequencers, sortableSequencer } from '../../../functions/adapters/dynamodb/write-order.ts';

/** The S3 User Guide's rule: the greater hex value is the later write; the shorter is right-padded with zeros. */
describe('S3 sequencers of one key', () => {
  it('order writes by hex value', () => {
    expect(compareSequencers('0064D3901D00059242', '0064D3901D00059243')).toBeLessThan(0);
    expect(compareSequencers('0064D3901E00000000', '0064D3901D00059243')).toBeGreaterThan(0);
  });

  it('compare a shorter sequencer right-padded with zeros, not left-padded', () => {
    expect(compareSequencers('0064D3901D000593', '0064D3901D00059242')).toBeGreaterThan(0);
    expect(compareSequencers('0064D3901D0005', '0064D3901D00059242')).toBeLessThan(0);
    expect(compareSequencers('617F0829', '617F08290000')).toBe(0);
  });

  it('ignore the case of hex digits (AWS shows both)', () => {
    expect(compareSequencers('617f08299329d189', '617F08299329D189')).toBe(0);
  });

  it('store in a form whose string order is the sequencer order', () => {
    const sequencers = ['0064D3901D000593', '0064D3901D00059242', '0064D3901D0005', '0064D3901E', '00617F0829'];
    const byString = [...sequencers].sort((a, b) => (sortableSequencer(a) < sortableSequencer(b) ? -1 : 1));
    expect(byString).toEqual([...sequencers].sort(compareSequencers));
    expect(sortableSequencer('0a')).toHaveLength(64);
  });

  it('refuse what is not a sequencer', () => {
    expect(() => sortableSequencer('')).toThrow(/not an S3 sequencer/);
    expect(() => sortableSequencer('12:34')).toThrow(/not an S3 sequencer/);
  });
});
