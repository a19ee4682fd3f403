import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import * as shared from '@frontline/shared';
import * as wire from '../src/wire-schemas.ts';

const message = {
  id: 7,
  direction: 'out',
  text: '<img src=x onerror=alert(1)>',
  attachments: [{ id: 'a1', filename: 'a.png', contentType: 'image/png', size: 3, url: '/a/a1' }],
  status: 'read',
  clientMsgId: null,
  authorName: 'Anna',
  createdAt: '2025-01-01T00:00:00.000Z',
};

const frames: unknown[] = [
  { type: 'ready', cursor: 3 },
  { type: 'event', seq: 1, event: { type: 'message', message } },
  { type: 'event', seq: 2, event: { type: 'status', messageId: 7, status: 'delivered' } },
  { type: 'event', seq: 3, event: { type: 'queue.position', caseId: 4, position: 2, waitMinutes: 5 } },
  { type: 'event', seq: 4, event: { type: 'queue.position', caseId: 4, position: null, waitMinutes: null } },
  { type: 'ack', ack: { clientMsgId: 'abcdefgh', messageId: 7 } },
  { type: 'typing', who: 'operator' },
  { type: 'queue.position', caseId: 4, position: 1, waitMinutes: 3 },
  { type: 'queue.position', caseId: 4, position: null, waitMinutes: null },
  { type: 'error', code: 'CHAT_MESSAGE_INVALID', message: 'empty', clientMsgId: 'abcdefgh' },
  { type: 'error', code: 'RATE_LIMITED', message: 'slow down', clientMsgId: 'abcdefgh', retryAfterMs: 2000 },
  { type: 'pong' },
  // invalid ones
  { type: 'typing', who: 'customer' },
  { type: 'queue.position', caseId: 4, position: 0, waitMinutes: null },
  { type: 'queue.position', caseId: 4, position: 1 },
  { type: 'event', seq: 5, event: { type: 'queue.position', caseId: 4, position: 0, waitMinutes: 5 } },
  { type: 'event', seq: 1.5, event: { type: 'status', messageId: 7, status: 'delivered' } },
  { type: 'event', seq: 1, event: { type: 'message', message: { ...message, status: 'lost' } } },
  { type: 'ready' },
  { type: 'error', code: 'RATE_LIMITED', message: 'slow down', retryAfterMs: 1.5 },
  null,
];

describe('wire schemas (zod/mini mirror of @frontline/shared)', () => {
  it('accept and reject exactly what the shared schemas do', () => {
    for (const frame of frames) {
      expect(wire.ChatServerFrame.safeParse(frame).success, JSON.stringify(frame)).toBe(
        shared.ChatServerFrame.safeParse(frame).success,
      );
    }
  });

  it('parse the HTTP bodies like the shared schemas', () => {
    const session = {
      visitorToken: 't',
      visitorId: 'v',
      expiresAt: '2026-12-01T11:00:00.000Z',
      entryPoint: { id: 1, slug: 'mnp', nameRu: 'Перенос', nameEn: 'MNP', queueId: 2 },
      verified: true,
    };
    expect(wire.StartChatResponse.parse(session)).toEqual(shared.StartChatResponse.parse(session));
    const withForm = { ...session, pendingPreChat: { fields: [{ key: 'phone', required: true }] } };
    expect(wire.StartChatResponse.parse(withForm)).toEqual(shared.StartChatResponse.parse(withForm));
    const closed = { ...session, hours: { open: false, opensAt: '2026-12-14T06:00:00.000Z' } };
    expect(wire.StartChatResponse.parse(closed)).toEqual(shared.StartChatResponse.parse(closed));
    expect(wire.StartChatResponse.parse(closed).hours).toEqual(closed.hours);
    const badForm = { ...session, pendingPreChat: { fields: [{ key: 'address', required: true }] } };
    expect(wire.StartChatResponse.safeParse(badForm).success).toBe(false);
    expect(shared.StartChatResponse.safeParse(badForm).success).toBe(false);
    const answers = { name: null, phone: '+79161234567', email: null };
    expect(wire.PreChatResponse.parse(answers)).toEqual(shared.PreChatResponse.parse(answers));
    const history = { items: [{ seq: 1, event: { type: 'message', message } }], cursor: 1 };
    expect(wire.ChatHistoryResponse.parse(history)).toEqual(shared.ChatHistoryResponse.parse(history));
    expect(wire.EntryPointList.parse([session.entryPoint])).toEqual([
      shared.EntryPoint.parse(session.entryPoint),
    ]);
  });

  it('declare the same types as the shared schemas (checked by tsc)', () => {
    expectTypeOf<wire.Attachment>().toEqualTypeOf<shared.Attachment>();
    expectTypeOf<wire.EntryPoint>().toEqualTypeOf<shared.EntryPoint>();
    expectTypeOf<wire.MessageStatus>().toEqualTypeOf<shared.MessageStatus>();
    expectTypeOf<wire.ChatMessage>().toEqualTypeOf<shared.ChatMessage>();
    expectTypeOf<wire.ChatEvent>().toEqualTypeOf<shared.ChatEvent>();
    expectTypeOf<wire.ChatAck>().toEqualTypeOf<shared.ChatAck>();
    expectTypeOf<wire.ChatHistoryResponse>().toEqualTypeOf<shared.ChatHistoryResponse>();
    expectTypeOf<wire.ChatServerFrame>().toEqualTypeOf<shared.ChatServerFrame>();
    expectTypeOf<wire.StartChatResponse>().toEqualTypeOf<shared.StartChatResponse>();
    expectTypeOf<wire.ChatTokenResponse>().toEqualTypeOf<shared.ChatTokenResponse>();
    expectTypeOf<wire.PreChatField>().toEqualTypeOf<shared.PreChatField>();
    expectTypeOf<wire.PreChatResponse>().toEqualTypeOf<shared.PreChatResponse>();
    expectTypeOf<wire.PreChatRequest>().toEqualTypeOf<shared.PreChatRequest>();
    expectTypeOf<wire.StartChatRequest>().toEqualTypeOf<z.input<typeof shared.StartChatRequest>>();
    expectTypeOf<wire.ChatSendRequest>().toEqualTypeOf<shared.ChatSendRequest>();
    expectTypeOf<wire.ChatClientFrame>().toEqualTypeOf<shared.ChatClientFrame>();
  });

  it('mirror the attachment limits', () => {
    expect(wire.chatAttachmentLimits).toEqual(shared.chatAttachmentLimits);
  });
});
