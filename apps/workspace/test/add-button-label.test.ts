import { ReplyButtons } from '@frontline/shared';
import { describe, expect, it } from 'vitest';
import { addButtonLabel } from '../src/add-button-label.ts';

describe('addButtonLabel', () => {
  it('adds trimmed labels in order', () => {
    const first = addButtonLabel([], '  Да ');
    expect(first).toEqual({ labels: ['Да'], problem: null });
    expect(addButtonLabel(first.labels, 'Позвать оператора')).toEqual({
      labels: ['Да', 'Позвать оператора'],
      problem: null,
    });
  });

  it('refuses empty, too long, repeated and an eleventh label, keeping the list', () => {
    expect(addButtonLabel(['Да'], '   ')).toEqual({ labels: ['Да'], problem: 'empty' });
    expect(addButtonLabel(['Да'], 'я'.repeat(65))).toEqual({ labels: ['Да'], problem: 'tooLong' });
    expect(addButtonLabel(['Да'], 'я'.repeat(64)).problem).toBeNull();
    expect(addButtonLabel(['Да'], ' Да')).toEqual({ labels: ['Да'], problem: 'duplicate' });
    const ten = Array.from({ length: 10 }, (_, i) => `#${i + 1}`);
    expect(addButtonLabel(ten, '#11')).toEqual({ labels: ten, problem: 'tooMany' });
  });

  it('never builds a list the server would refuse', () => {
    let labels: string[] = [];
    for (const input of [
      'Да',
      ' Да ',
      '',
      'x'.repeat(70),
      ...Array.from({ length: 12 }, (_, i) => `v${i}`),
    ]) {
      labels = addButtonLabel(labels, input).labels;
      if (labels.length > 0) expect(ReplyButtons.safeParse(labels).success).toBe(true);
    }
    expect(labels).toHaveLength(10);
  });
});
