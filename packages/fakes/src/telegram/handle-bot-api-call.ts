import { checkTelegramHtml } from './check-telegram-html.ts';
import type { UploadedFile } from './read-request-params.ts';
import type { FakeBot, FakeChat, FakeFile, TelegramFakeState } from './telegram-fake-state.ts';

/** What the fake answers: the HTTP status is the `error_code`, as on api.telegram.org. */
export interface ApiAnswer {
  status: number;
  body: Record<string, unknown>;
}

const MB = 1024 * 1024;

const ok = (result: unknown, description?: string): ApiAnswer => ({
  status: 200,
  body: description === undefined ? { ok: true, result } : { ok: true, result, description },
});

const fail = (status: number, description: string, parameters?: Record<string, unknown>): ApiAnswer => ({
  status,
  body: {
    ok: false,
    error_code: status,
    description,
    ...(parameters === undefined ? {} : { parameters }),
  },
});

const badRequest = (description: string) => fail(400, `Bad Request: ${description}`);

const mediaMethods = {
  sendphoto: { field: 'photo', uploadLimit: 10 * MB, urlLimit: 5 * MB },
  senddocument: { field: 'document', uploadLimit: 50 * MB, urlLimit: 20 * MB },
  sendvoice: { field: 'voice', uploadLimit: 50 * MB, urlLimit: 20 * MB },
  sendaudio: { field: 'audio', uploadLimit: 50 * MB, urlLimit: 20 * MB },
  sendvideo: { field: 'video', uploadLimit: 50 * MB, urlLimit: 20 * MB },
} as const;

type MediaMethod = keyof typeof mediaMethods;

const isMediaMethod = (method: string): method is MediaMethod => method in mediaMethods;

interface CallContext {
  state: TelegramFakeState;
  bot: FakeBot;
  /** Lower-cased method name (Telegram method names are case-insensitive). */
  method: string;
  params: Record<string, unknown>;
  files: UploadedFile[];
}

/**
 * Executes one Bot API method against the fake's state, with Telegram's error texts.
 */
export async function handleBotApiCall(context: CallContext): Promise<ApiAnswer> {
  const { state, bot, method, params } = context;
  const now = state.now();
  if (bot.floodUntil > now) {
    const retryAfter = Math.max(1, Math.ceil((bot.floodUntil - now) / 1000));
    return fail(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });
  }
  if (state.outage) return fail(state.outage.error_code, state.outage.description, state.outage.parameters);
  const scripted = state.takeScriptedFailure(method);
  if (scripted) return fail(scripted.error_code, scripted.description, scripted.parameters);

  switch (method) {
    case 'getme':
      return ok({
        id: bot.id,
        is_bot: true,
        first_name: bot.firstName,
        username: bot.username,
        can_join_groups: true,
        can_read_all_group_messages: false,
        supports_inline_queries: false,
      });
    case 'setwebhook':
      return setWebhook(state, bot, params);
    case 'deletewebhook':
      if (isTrue(params.drop_pending_updates)) state.dropPending(bot);
      bot.webhook = null;
      return ok(true, 'Webhook was deleted');
    case 'getwebhookinfo':
      return ok({
        url: bot.webhook?.url ?? '',
        has_custom_certificate: false,
        pending_update_count: state.pendingUpdateCount(bot.token),
        ...(bot.lastErrorDate === null
          ? {}
          : { last_error_date: bot.lastErrorDate, last_error_message: bot.lastErrorMessage }),
        max_connections: 40,
        ...(bot.webhook?.allowedUpdates ? { allowed_updates: bot.webhook.allowedUpdates } : {}),
      });
    case 'getupdates':
      return getUpdates(state, bot, params);
    case 'getfile':
      return getFile(state, params);
    case 'answercallbackquery':
      return answerCallbackQuery(state, bot, params);
    case 'sendchataction': {
      const chat = findChat(state, params.chat_id);
      if (!chat) return badRequest('chat not found');
      if (state.isBlocked(bot.token, chat.id)) return fail(403, 'Forbidden: bot was blocked by the user');
      return ok(true);
    }
    case 'sendmessage':
      return sendMessage(context);
    default:
      if (isMediaMethod(method)) return sendMedia(context, method);
      return fail(404, 'Not Found');
  }
}

function setWebhook(state: TelegramFakeState, bot: FakeBot, params: Record<string, unknown>): ApiAnswer {
  const url = typeof params.url === 'string' ? params.url : '';
  const secret = params.secret_token;
  if (secret !== undefined && secret !== '') {
    if (typeof secret !== 'string' || !/^[A-Za-z0-9_-]*$/.test(secret)) {
      return badRequest('secret token contains unallowed characters');
    }
    if (secret.length > 256) return badRequest('secret token is too long');
  }
  let allowedUpdates: string[] | null = null;
  const rawAllowed =
    typeof params.allowed_updates === 'string' ? safeJson(params.allowed_updates) : params.allowed_updates;
  if (rawAllowed !== undefined) {
    if (!Array.isArray(rawAllowed) || !rawAllowed.every((u) => typeof u === 'string')) {
      return badRequest("can't parse allowed updates JSON object");
    }
    allowedUpdates = rawAllowed.length === 0 ? null : rawAllowed;
  }
  if (isTrue(params.drop_pending_updates)) state.dropPending(bot);
  if (url === '') {
    bot.webhook = null;
    return ok(true, 'Webhook was deleted');
  }
  if (!/^https?:\/\//i.test(url)) return badRequest('bad webhook: HTTPS url must be provided for webhook');
  const wasSet = bot.webhook?.url === url;
  bot.webhook = {
    url,
    secretToken: typeof secret === 'string' && secret !== '' ? secret : null,
    allowedUpdates,
  };
  state.flushPollQueueToWebhook(bot);
  return ok(true, wasSet ? 'Webhook is already set' : 'Webhook was set');
}

async function getUpdates(
  state: TelegramFakeState,
  bot: FakeBot,
  params: Record<string, unknown>,
): Promise<ApiAnswer> {
  if (bot.webhook) {
    return fail(
      409,
      "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
    );
  }
  const offset = Number(params.offset ?? 0);
  if (offset > 0) {
    const keep = bot.pollQueue.filter((u) => u.update_id >= offset);
    bot.pollQueue.splice(0, bot.pollQueue.length, ...keep);
  }
  const timeout = Math.min(Number(params.timeout ?? 0), 50);
  if (bot.pollQueue.length === 0 && timeout > 0) await state.waitForPollUpdate(timeout * 1000);
  const limit = Math.max(1, Math.min(Number(params.limit ?? 100), 100));
  return ok(bot.pollQueue.slice(0, limit));
}

function getFile(state: TelegramFakeState, params: Record<string, unknown>): ApiAnswer {
  const file = typeof params.file_id === 'string' ? state.files.get(params.file_id) : undefined;
  if (!file) return badRequest('invalid file_id');
  if (file.size > 20 * MB) return badRequest('file is too big');
  return ok({
    file_id: file.fileId,
    file_unique_id: file.fileUniqueId,
    file_size: file.size,
    file_path: file.filePath,
  });
}

/** Common checks of every send method: chat, block, text/caption markup, flood limits. */
function precheckSend(
  context: CallContext,
  text: { value: unknown; limit: number; tooLong: string; required: boolean },
): { chat: FakeChat } | ApiAnswer {
  const { state, bot, params } = context;
  if (params.chat_id === undefined || params.chat_id === '') return badRequest('chat_id is empty');
  const chat = findChat(state, params.chat_id);
  if (!chat) return badRequest('chat not found');
  if (state.isBlocked(bot.token, chat.id)) return fail(403, 'Forbidden: bot was blocked by the user');
  if (text.value !== undefined || text.required) {
    if (typeof text.value !== 'string' || text.value.length === 0) {
      if (text.required) return badRequest('message text is empty');
    } else {
      let length = text.value.length;
      if (typeof params.parse_mode === 'string' && params.parse_mode.toLowerCase() === 'html') {
        const check = checkTelegramHtml(text.value);
        if (!check.ok) return badRequest(`can't parse entities: ${check.error}`);
        length = check.textLength;
      } else if (params.parse_mode !== undefined && params.parse_mode !== '') {
        const mode = typeof params.parse_mode === 'string' ? params.parse_mode.toLowerCase() : '';
        if (!['markdown', 'markdownv2'].includes(mode)) return badRequest('unsupported parse_mode');
      }
      if (length > text.limit) return badRequest(text.tooLong);
    }
  }
  const retryAfter = state.throttle(bot.token, chat.id);
  if (retryAfter !== null) {
    return fail(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });
  }
  return { chat };
}

function messageBase(context: CallContext, chat: FakeChat): Record<string, unknown> {
  const { state, bot } = context;
  return {
    message_id: state.nextMessageId(bot.token, chat.id),
    from: { id: bot.id, is_bot: true, first_name: bot.firstName, username: bot.username },
    chat,
    date: Math.floor(state.now() / 1000),
  };
}

/**
 * `answerCallbackQuery`: only a query Telegram sent to this bot, answered once (a second answer, or an
 * unknown id, gets Telegram's "query is too old" error). The fake's answers are kept in `state.callbackAnswers`.
 */
function answerCallbackQuery(
  state: TelegramFakeState,
  bot: FakeBot,
  params: Record<string, unknown>,
): ApiAnswer {
  const id = params.callback_query_id;
  if (typeof id !== 'string' || id === '') return badRequest('query_id is empty');
  if (typeof params.text === 'string' && params.text.length > 200) return badRequest('MESSAGE_TOO_LONG');
  if (!state.answerCallbackQuery(bot.token, id)) {
    return badRequest('query is too old and response timeout expired or query ID is invalid');
  }
  return ok(true);
}

/**
 * Checks an `InlineKeyboardMarkup` like the Bot API (given as an object, or as JSON text in a form):
 * rows of buttons with a text and one action; `callback_data` 1–64 bytes. Returns the markup or the error.
 */
function readInlineKeyboard(value: unknown): { markup: Record<string, unknown> | null } | ApiAnswer {
  if (value === undefined || value === '') return { markup: null };
  const markup = typeof value === 'string' ? safeJson(value) : value;
  if (typeof markup !== 'object' || markup === null || Array.isArray(markup)) {
    return badRequest("can't parse reply keyboard markup JSON object");
  }
  const rows = (markup as { inline_keyboard?: unknown }).inline_keyboard;
  if (rows === undefined) return { markup: markup as Record<string, unknown> };
  if (!Array.isArray(rows)) return badRequest('field "inline_keyboard" must be an Array');
  for (const row of rows as unknown[]) {
    if (!Array.isArray(row)) return badRequest('field "inline_keyboard" must be an Array of Arrays');
    for (const button of row as unknown[]) {
      const fields = typeof button === 'object' && button !== null ? (button as Record<string, unknown>) : {};
      if (typeof fields.text !== 'string') return badRequest('can\'t find field "text"');
      if (fields.text.trim() === '') return badRequest('BUTTON_TEXT_EMPTY');
      const data = fields.callback_data;
      if (data === undefined && fields.url === undefined) {
        return badRequest('text buttons are unallowed in the inline keyboard');
      }
      if (data !== undefined) {
        if (typeof data !== 'string') return badRequest('field "callback_data" must be of type String');
        const bytes = Buffer.byteLength(data);
        if (bytes < 1 || bytes > 64) return badRequest('BUTTON_DATA_INVALID');
      }
    }
  }
  return { markup: markup as Record<string, unknown> };
}

function sendMessage(context: CallContext): ApiAnswer {
  const keyboard = readInlineKeyboard(context.params.reply_markup);
  if ('status' in keyboard) return keyboard;
  const checked = precheckSend(context, {
    value: context.params.text,
    limit: 4096,
    tooLong: 'message is too long',
    required: true,
  });
  if ('status' in checked) return checked;
  return sent(context, {
    ...messageBase(context, checked.chat),
    text: context.params.text,
    ...(keyboard.markup === null ? {} : { reply_markup: keyboard.markup }),
  });
}

/** Keeps the created message (the keyboard a tap refers to) and answers with it. */
function sent(context: CallContext, message: Record<string, unknown>): ApiAnswer {
  context.state.sentMessages.push({ token: context.bot.token, message });
  return ok(message);
}

async function sendMedia(context: CallContext, method: MediaMethod): Promise<ApiAnswer> {
  const { state, params, files } = context;
  const spec = mediaMethods[method];
  const upload = files.find((f) => f.field === spec.field);
  const reference = params[spec.field];
  let file: FakeFile;
  let filename: string | null = null;
  let mimeType: string | null = null;
  if (upload) {
    if (upload.bytes.length > spec.uploadLimit) return fail(413, 'Request Entity Too Large');
    filename = upload.filename;
    mimeType = upload.contentType;
  } else if (typeof reference === 'string' && /^https?:\/\//i.test(reference)) {
    // Validated below, after the common checks, like Telegram which fetches late.
  } else if (typeof reference === 'string' && reference !== '') {
    const known = state.files.get(reference);
    if (!known) return badRequest('wrong file identifier/HTTP URL specified');
  } else {
    return badRequest(`there is no ${spec.field} in the request`);
  }

  const keyboard = readInlineKeyboard(params.reply_markup);
  if ('status' in keyboard) return keyboard;
  const checked = precheckSend(context, {
    value: params.caption,
    limit: 1024,
    tooLong: 'message caption is too long',
    required: false,
  });
  if ('status' in checked) return checked;

  if (upload) {
    const folder = spec.field === 'photo' ? 'photos' : `${spec.field}s`;
    const id = state.addFile(upload.bytes, { file_path: `${folder}/file_${state.files.size + 1}` });
    file = state.files.get(id) as FakeFile;
  } else if (typeof reference === 'string' && /^https?:\/\//i.test(reference)) {
    const fetched = await fetchUrl(reference, spec.urlLimit);
    if (!fetched) return badRequest('failed to get HTTP URL content');
    const id = state.addFile(fetched.bytes, { file_path: `${spec.field}s/file_${state.files.size + 1}` });
    file = state.files.get(id) as FakeFile;
    filename = new URL(reference).pathname.split('/').pop() || null;
    mimeType = fetched.contentType;
  } else {
    file = state.files.get(String(reference)) as FakeFile;
  }

  let kind: string = spec.field;
  if (kind === 'voice' && upload && !isOgg(upload.bytes)) {
    if (state.voiceNonOgg === 'reject') return badRequest('VOICE_MESSAGES_FORBIDDEN');
    kind = 'document';
  }
  const ids = { file_id: file.fileId, file_unique_id: file.fileUniqueId, file_size: file.size };
  const content: Record<string, unknown> =
    kind === 'photo'
      ? {
          photo: [
            { ...ids, width: 90, height: 90 },
            { ...ids, width: 1280, height: 1280 },
          ],
        }
      : kind === 'voice'
        ? { voice: { ...ids, duration: 1, mime_type: 'audio/ogg' } }
        : {
            [kind]: {
              ...ids,
              ...(filename === null ? {} : { file_name: filename }),
              ...(mimeType === null ? {} : { mime_type: mimeType }),
            },
          };
  const caption =
    typeof params.caption === 'string' && params.caption !== '' ? { caption: params.caption } : {};
  const markup = keyboard.markup === null ? {} : { reply_markup: keyboard.markup };
  return sent(context, { ...messageBase(context, checked.chat), ...content, ...caption, ...markup });
}

async function fetchUrl(
  url: string,
  limit: number,
): Promise<{ bytes: Buffer; contentType: string | null } | null> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
    if (!res.ok) return null;
    const bytes = Buffer.from(await res.arrayBuffer());
    if (bytes.length > limit) return null;
    return { bytes, contentType: res.headers.get('content-type') };
  } catch {
    return null;
  }
}

function findChat(state: TelegramFakeState, chatId: unknown): FakeChat | undefined {
  const id = typeof chatId === 'number' ? chatId : typeof chatId === 'string' ? Number(chatId) : NaN;
  return Number.isSafeInteger(id) ? state.chats.get(id) : undefined;
}

const isOgg = (bytes: Buffer) => bytes.subarray(0, 4).toString('latin1') === 'OggS';

const isTrue = (value: unknown) => value === true || value === 'true' || value === '1';

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
