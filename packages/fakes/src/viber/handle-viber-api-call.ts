import { nextViberMessageToken } from './viber-callbacks.ts';
import { allViberEventTypes, type FakeViberBot, type ViberFakeState } from './viber-fake-state.ts';

/** What the fake answers: Viber answers HTTP 200 even for errors, with a non-zero `status`. */
export interface ViberApiAnswer {
  httpStatus: number;
  body: Record<string, unknown>;
}

const maxBodyBytes = 30 * 1024;
const maxTextLength = 7000;

const ok = (fields: Record<string, unknown> = {}): ViberApiAnswer => ({
  httpStatus: 200,
  body: { status: 0, status_message: 'ok', ...fields },
});

/** Viber's error: HTTP 200 with a status code and its name. */
export const viberError = (status: number, statusMessage: string): ViberApiAnswer => ({
  httpStatus: 200,
  body: { status, status_message: statusMessage },
});

const badData = (why: string) => viberError(3, `badData: ${why}`);
const missingData = (why: string) => viberError(4, `missingData: ${why}`);

interface CallContext {
  state: ViberFakeState;
  /** The bot of `X-Viber-Auth-Token`, or null (wrong or missing token). */
  bot: FakeViberBot | null;
  method: string;
  rawBody: string;
  params: Record<string, unknown> | null;
}

/**
 * Executes one `/pa/<method>` call against the fake's state with Viber's status codes (docs/channels.md: Viber):
 * 2 invalidAuthToken, 3 badData, 4 missingData, 5 receiverNotRegistered, 6 receiverNotSubscribed,
 * 10 webhookNotSet, 12 tooManyRequests, 13 apiVersionNotSupported.
 */
export async function handleViberApiCall(context: CallContext): Promise<ViberApiAnswer> {
  const { state, bot, method, params } = context;
  if (!bot) return viberError(2, 'invalidAuthToken');
  const scripted = state.takeScriptedAnswer(method);
  if (scripted) {
    return 'httpStatus' in scripted
      ? { httpStatus: scripted.httpStatus, body: { error: `HTTP ${scripted.httpStatus}` } }
      : viberError(scripted.status, scripted.status_message);
  }
  if (Buffer.byteLength(context.rawBody) > maxBodyBytes) return badData('request is larger than 30 KB');
  if (params === null) return badData('request body is not a JSON object');
  switch (method) {
    case 'set_webhook':
      return setWebhook(state, bot, params);
    case 'get_account_info':
      return ok({
        id: bot.id,
        name: bot.name,
        uri: bot.uri,
        icon: 'http://127.0.0.1/icon.jpg',
        background: 'http://127.0.0.1/background.jpg',
        category: 'Companies',
        subcategory: 'Telecommunication',
        location: { lat: 32.07, lon: 34.78 },
        country: 'IL',
        webhook: bot.webhook?.url ?? '',
        event_types: bot.webhook?.eventTypes ?? [],
        subscribers_count: [...state.users.keys()].filter((id) => state.isSubscribed(bot.authToken, id))
          .length,
        members: [],
      });
    case 'get_user_details':
      return getUserDetails(state, bot, params);
    case 'send_message':
      return sendMessage(state, bot, params);
    default:
      return viberError(3, 'badData: unknown method');
  }
}

async function setWebhook(
  state: ViberFakeState,
  bot: FakeViberBot,
  params: Record<string, unknown>,
): Promise<ViberApiAnswer> {
  const url = params.url;
  if (typeof url !== 'string') return missingData('url');
  if (url === '') {
    bot.webhook = null;
    return ok();
  }
  // Viber requires HTTPS with a CA-signed certificate; the fake also takes http:// for loopback tests.
  if (!/^https?:\/\//i.test(url)) return viberError(1, 'invalidUrl');
  const rawTypes = params.event_types ?? allViberEventTypes;
  if (!Array.isArray(rawTypes) || !rawTypes.every((t) => typeof t === 'string')) {
    return badData('event_types must be an array of strings');
  }
  const unknown = rawTypes.find((t) => !allViberEventTypes.includes(t));
  if (unknown !== undefined) return badData(`unknown event type ${unknown}`);
  // Like Viber: the webhook is called right away and must answer 200, or set_webhook fails.
  const probe = await state.deliverOnce(bot, url, {
    event: 'webhook',
    timestamp: state.now(),
    chat_hostname: 'SN-CHAT-01_',
    message_token: nextViberMessageToken(),
  });
  if (probe.status !== 200) {
    return viberError(1, `invalidUrl: Result[HttpResponse(${probe.status ?? probe.error})] is not 200 OK`);
  }
  bot.webhook = {
    url,
    eventTypes: rawTypes,
    sendName: params.send_name === true,
    sendPhoto: params.send_photo === true,
  };
  return ok({ event_types: rawTypes });
}

function getUserDetails(
  state: ViberFakeState,
  bot: FakeViberBot,
  params: Record<string, unknown>,
): ViberApiAnswer {
  if (typeof params.id !== 'string') return missingData('id');
  const user = state.users.get(params.id);
  if (!user) return viberError(5, 'receiverNotRegistered');
  if (!state.countUserDetails(bot.authToken, user.id)) return viberError(12, 'tooManyRequests');
  return ok({
    message_token: nextViberMessageToken(),
    user: {
      id: user.id,
      name: user.name ?? '',
      ...(user.avatar === undefined ? {} : { avatar: user.avatar }),
      language: user.language ?? 'en',
      country: user.country ?? 'IL',
      primary_device_os: 'Android 14',
      api_version: user.apiVersion ?? 10,
      viber_version: '24.1.0.0',
      mcc: 425,
      mnc: 1,
      device_type: 'Pixel 8',
    },
  });
}

function sendMessage(
  state: ViberFakeState,
  bot: FakeViberBot,
  params: Record<string, unknown>,
): ViberApiAnswer {
  const { receiver, type, sender } = params;
  if (typeof receiver !== 'string' || receiver === '') return missingData('receiver');
  if (typeof type !== 'string') return missingData('type');
  if (typeof sender !== 'object' || sender === null) return missingData('sender');
  const name = (sender as { name?: unknown }).name;
  if (typeof name !== 'string' || name === '' || name.length > 28) {
    return badData('sender.name must be 1–28 characters');
  }
  const minApi = params.min_api_version ?? 1;
  if (typeof minApi !== 'number' || !Number.isInteger(minApi) || minApi < 1) {
    return badData('min_api_version must be a positive integer');
  }
  const content = checkContent(params, type, minApi);
  if (content) return content;
  if (!bot.webhook) return viberError(10, 'webhookNotSet');
  const user = state.users.get(receiver);
  if (!user) return viberError(5, 'receiverNotRegistered');
  if (!state.isSubscribed(bot.authToken, receiver)) return viberError(6, 'receiverNotSubscribed');
  if ((user.apiVersion ?? 10) < minApi) return viberError(13, 'apiVersionNotSupported');
  if (!state.countUnanswered(bot.authToken, receiver)) return viberError(12, 'tooManyRequests');
  return ok({ message_token: nextViberMessageToken(), chat_hostname: 'SN-CHAT-05_' });
}

/** The per-type required fields; a `share-phone` keyboard button needs `min_api_version` ≥ 3. */
function checkContent(params: Record<string, unknown>, type: string, minApi: number): ViberApiAnswer | null {
  const { text, media, size, file_name: fileName, keyboard } = params;
  switch (type) {
    case 'text':
      if (typeof text !== 'string' || text === '') return missingData('text');
      if (text.length > maxTextLength) return badData(`text is longer than ${maxTextLength} characters`);
      break;
    case 'picture':
      if (typeof media !== 'string') return missingData('media');
      if (text !== undefined && (typeof text !== 'string' || text.length > 768)) {
        return badData('picture text is longer than 768 characters');
      }
      break;
    case 'video':
      if (typeof media !== 'string') return missingData('media');
      if (typeof size !== 'number') return missingData('size');
      break;
    case 'file':
      if (typeof media !== 'string') return missingData('media');
      if (typeof size !== 'number') return missingData('size');
      if (typeof fileName !== 'string' || fileName === '') return missingData('file_name');
      break;
    case 'url':
    case 'contact':
    case 'location':
    case 'sticker':
    case 'rich_media':
      break;
    default:
      return badData(`unknown message type ${type}`);
  }
  if (keyboard !== undefined) {
    const buttons = field(keyboard, 'Buttons');
    if (field(keyboard, 'Type') !== 'keyboard' || !Array.isArray(buttons)) {
      return badData('keyboard must be {"Type":"keyboard","Buttons":[…]}');
    }
    if (buttons.length < 1 || buttons.length > 24) return badData('a keyboard has 1–24 Buttons');
    for (const button of buttons as unknown[]) {
      const actionType = field(button, 'ActionType') ?? 'reply';
      if (actionType === 'share-phone' && minApi < 3) {
        return badData('a share-phone button needs min_api_version 3');
      }
      if (typeof field(button, 'ActionBody') !== 'string') return missingData('ActionBody');
      const columns = field(button, 'Columns') ?? 6;
      const rows = field(button, 'Rows') ?? 1;
      if (!isIntegerIn(columns, 1, 6) || !isIntegerIn(rows, 1, 2)) {
        return badData('keyboard buttons have Columns 1–6 and Rows 1–2');
      }
      const text = field(button, 'Text');
      if (text !== undefined && (typeof text !== 'string' || text.length > 250)) {
        return badData('button Text is longer than 250 characters');
      }
    }
  }
  return null;
}

function isIntegerIn(value: unknown, min: number, max: number): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}
