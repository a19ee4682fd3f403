// Every name carries "WhatsApp" (or "whatsapp"): packages/fakes/src/index.ts re-exports several fakes with `export *`.
export { startWhatsAppFake, type WhatsAppFake } from './start-whatsapp-fake.ts';
export {
  WhatsAppFakeState,
  userOfInput as whatsappUserOfInput,
  type AcceptedMessage as WhatsAppAcceptedMessage,
  type AutoStatuses as WhatsAppAutoStatuses,
  type FakeMedia as WhatsAppFakeMedia,
  type GraphError as WhatsAppGraphError,
  type PushOutcome as WhatsAppPushOutcome,
  type RateWindow as WhatsAppRateWindow,
  type RecordedGraphRequest as WhatsAppRecordedRequest,
  type WebhookDelivery as WhatsAppWebhookDelivery,
  type WhatsAppFakeOptions,
  type WhatsAppWebhookTiming,
} from './whatsapp-fake-state.ts';
export {
  defaultDisplayPhoneNumber as whatsappDefaultDisplayPhoneNumber,
  defaultPhoneNumberId as whatsappDefaultPhoneNumberId,
  defaultWabaId as whatsappDefaultWabaId,
  newWamid as newWhatsAppWamid,
  whatsappErrors,
  whatsappPayloads,
  type InboundOptions as WhatsAppInboundOptions,
  type StatusOptions as WhatsAppStatusOptions,
  type WhatsAppChange,
  type WhatsAppErrorObject,
  type WhatsAppStatusName,
  type WhatsAppUser,
  type WhatsAppWebhookPayload,
} from './whatsapp-payloads.ts';
export { serializeLikeMeta } from './serialize-like-meta.ts';
export { signWhatsAppBody } from './sign-whatsapp-body.ts';
