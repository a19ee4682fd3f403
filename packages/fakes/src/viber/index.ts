export { startViberFake, type ViberFake } from './start-viber-fake.ts';
export {
  ViberFakeState,
  allViberEventTypes,
  type ViberFakeOptions,
  type ViberWebhookTiming,
  type FakeViberBot,
  type RecordedViberRequest,
  type ViberCallbackAttempt,
  type ScriptedViberAnswer,
  type ViberPushOutcome,
} from './viber-fake-state.ts';
export {
  viberCallbacks,
  nextViberMessageToken,
  type FakeViberUser,
  type ViberCallback,
} from './viber-callbacks.ts';
export { signViberBody } from './sign-viber-body.ts';
export { stringifyViberJson } from './stringify-viber-json.ts';
