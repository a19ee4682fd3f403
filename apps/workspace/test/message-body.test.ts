import { describe, expect, it } from 'vitest';
import { messageBody } from '../src/message-body.ts';

describe('messageBody', () => {
  const mail = {
    text: 'Thanks, that helped!',
    fullText: 'Thanks, that helped!\n\n> On Monday you wrote:\n> …',
  };

  it('shows the reply with a "show" toggle, and the whole mail with a "hide" toggle', () => {
    expect(messageBody(mail, false)).toEqual({ text: mail.text, toggle: 'show' });
    expect(messageBody(mail, true)).toEqual({ text: mail.fullText, toggle: 'hide' });
  });

  it('offers no toggle when there is no full text or it adds nothing', () => {
    for (const fullText of [undefined, null, '', 'hello']) {
      expect(messageBody({ text: 'hello', fullText }, false), String(fullText)).toEqual({
        text: 'hello',
        toggle: null,
      });
      expect(messageBody({ text: 'hello', fullText }, true), String(fullText)).toEqual({
        text: 'hello',
        toggle: null,
      });
    }
  });

  it('lets an all-quoted mail (empty reply) be opened', () => {
    expect(messageBody({ text: '', fullText: '> quoted only' }, false)).toEqual({ text: '', toggle: 'show' });
  });
});
