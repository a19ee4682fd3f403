import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { AttachmentList } from '../src/components/AttachmentList.tsx';

describe('attachment list', () => {
  it('a voice note (audio/ogg; codecs=opus) gets a player and a download link', () => {
    const html = renderToStaticMarkup(
      createElement(AttachmentList, {
        attachments: [
          {
            id: 'a'.repeat(32),
            filename: 'voice-123.ogg',
            contentType: 'audio/ogg; codecs=opus',
            size: 3242,
            url: `/api/v1/files/${'a'.repeat(32)}/voice-123.ogg?sig=x`,
          },
        ],
      }),
    );
    expect(html).toContain('<audio controls="" preload="none" src="/api/v1/files/');
    expect(html).toContain('voice-123.ogg · 3 KB');
  });
});
