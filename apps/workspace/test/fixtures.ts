import type { CaseSummary, Message, Operator } from '@frontline/shared';

export const me: Operator = {
  id: 1,
  email: 'anna@example.test',
  name: 'Anna',
  role: 'operator',
  presence: 'online',
  capacity: 3,
  locale: 'en',
  queueIds: [10],
};

export function aCase(overrides: Partial<CaseSummary> = {}): CaseSummary {
  return {
    id: 100,
    customerId: 7,
    customerName: 'Ivan',
    entryPointId: 1,
    queueId: 10,
    status: 'queued',
    priority: 0,
    assigneeId: null,
    lastChannelKind: 'webchat',
    lastMessageText: 'hello',
    lastMessageAt: '2025-01-01T10:00:00.000Z',
    unread: 1,
    openedAt: '2025-01-01T10:00:00.000Z',
    resolvedAt: null,
    ...overrides,
  };
}

export function aMessage(overrides: Partial<Message> = {}): Message {
  return {
    id: 1000,
    caseId: 100,
    customerId: 7,
    direction: 'in',
    channelKind: 'webchat',
    identityId: 1,
    authorOperatorId: null,
    authorName: null,
    text: 'hello',
    attachments: [],
    status: 'received',
    statusReason: null,
    clientMsgId: null,
    createdAt: '2025-01-01T10:00:00.000Z',
    ...overrides,
  };
}
