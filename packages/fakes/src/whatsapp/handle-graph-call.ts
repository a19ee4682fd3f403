import { randomBytes } from 'node:crypto';
import { readRequestParams } from '../telegram/read-request-params.ts';
import type { GraphError, RecordedGraphRequest, WhatsAppFakeState } from './whatsapp-fake-state.ts';
import { newWamid, whatsappErrors } from './whatsapp-payloads.ts';

/** What the fake answers: JSON, or raw bytes for media downloads. */
export interface GraphAnswer {
  status: number;
  body: unknown;
  bytes?: Buffer;
  contentType?: string;
}

export interface GraphCall {
  state: WhatsAppFakeState;
  /** `http://127.0.0.1:<port>`: media download URLs point back at the fake. */
  baseUrl: string;
  httpMethod: string;
  url: URL;
  authorization: string | null;
  contentType: string;
  body: Buffer;
}

const MB = 1024 * 1024;

/** Upload limits per MIME type (docs/channels.md: WhatsApp). */
const uploadLimits: Record<string, number> = {
  'image/jpeg': 5 * MB,
  'image/png': 5 * MB,
  'image/webp': 0.5 * MB,
  'audio/ogg': 16 * MB,
  'audio/mpeg': 16 * MB,
  'audio/aac': 16 * MB,
  'audio/amr': 16 * MB,
  'audio/mp4': 16 * MB,
  'video/mp4': 16 * MB,
  'video/3gpp': 16 * MB,
  'application/pdf': 100 * MB,
  'text/plain': 100 * MB,
  'application/msword': 100 * MB,
  'application/vnd.ms-excel': 100 * MB,
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 100 * MB,
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 100 * MB,
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 100 * MB,
};

const mediaTypes = ['image', 'audio', 'document', 'video', 'sticker'] as const;

/**
 * One Graph API call against the fake (docs/channels.md: The fakes): `GET /{v}/{phone-number-id}`,
 * `POST /{v}/{phone-number-id}/messages`, `POST /{v}/{phone-number-id}/media` (multipart),
 * `GET /{v}/{media-id}` and the download URL it hands out. Every call needs the Bearer token and is recorded.
 */
export async function handleGraphCall(call: GraphCall): Promise<GraphAnswer> {
  const { state, url } = call;
  const record: RecordedGraphRequest = {
    httpMethod: call.httpMethod,
    path: url.pathname,
    route: 'unknown',
    authorization: call.authorization,
    contentType: call.contentType,
    json: null,
    fields: {},
    files: [],
    response: { status: 0, body: null },
  };
  state.requests.push(record);
  const answer = await route(call, record);
  record.response = {
    status: answer.status,
    body: answer.bytes ? `<${answer.bytes.length} bytes>` : answer.body,
  };
  return answer;
}

async function route(call: GraphCall, record: RecordedGraphRequest): Promise<GraphAnswer> {
  const { state, url } = call;
  const authorized = call.authorization === `Bearer ${state.accessToken}`;

  if (url.pathname === '/whatsapp_business/attachments/') {
    record.route = 'media.download';
    if (!authorized) return { status: 401, body: { error: 'unauthorized' } };
    const media = state.resolveDownload(url.searchParams.get('hash') ?? '');
    if (media === undefined || media === 'expired' || media.expired) {
      return { status: 404, body: { error: 'URL signature expired' } };
    }
    return { status: 200, body: null, bytes: media.bytes, contentType: media.mimeType };
  }

  const match = /^\/v\d+\.\d+\/([^/]+)(?:\/([a-z_]+))?\/?$/.exec(url.pathname);
  if (!match) return graphError({ status: 400, code: 2500, message: 'Unknown path components' });
  const id = decodeURIComponent(match[1] ?? '');
  const edge = match[2];
  if (!authorized) return graphError(tokenError(call.authorization));

  if (edge === undefined && call.httpMethod === 'GET') {
    if (id === state.phoneNumberId) {
      record.route = 'phone';
      return {
        status: 200,
        body: {
          verified_name: state.verifiedName,
          code_verification_status: 'VERIFIED',
          display_phone_number: `+${state.displayPhoneNumber}`,
          quality_rating: 'GREEN',
          platform_type: 'CLOUD_API',
          id: state.phoneNumberId,
        },
      };
    }
    record.route = 'media.lookup';
    return lookupMedia(call, id);
  }
  if (call.httpMethod !== 'POST' || (edge !== 'messages' && edge !== 'media')) {
    return graphError(unknownObject(id, call.httpMethod));
  }
  record.route = edge === 'messages' ? 'messages' : 'media.upload';
  if (id !== state.phoneNumberId) return graphError(unknownObject(id, 'post'));
  if (edge === 'media') return uploadMedia(call, record);

  let json: unknown;
  try {
    json = JSON.parse(call.body.toString('utf8'));
  } catch {
    return graphError(invalid('(#100) The request body is not valid JSON'));
  }
  record.json = json;
  if (!isObject(json)) return graphError(invalid('(#100) The request body must be a JSON object'));
  return sendMessage(call, json);
}

function lookupMedia(call: GraphCall, id: string): GraphAnswer {
  const { state } = call;
  const outage = state.takeMediaOutage();
  if (outage !== null) {
    return graphError({
      status: outage,
      code: 2,
      message: 'Service temporarily unavailable',
      isTransient: true,
    });
  }
  const media = state.media.get(id);
  if (!media) return graphError(unknownObject(id, 'get'));
  if (media.expired) return graphError({ ...unknownObject(id, 'get'), status: 404 });
  const hash = state.issueDownload(id);
  return {
    status: 200,
    body: {
      messaging_product: 'whatsapp',
      url: `${call.baseUrl}/whatsapp_business/attachments/?mid=${id}&ext=${Math.floor(state.now() / 1000)}&hash=${hash}`,
      mime_type: media.mimeType,
      sha256: media.sha256,
      file_size: media.bytes.length,
      id,
    },
  };
}

function uploadMedia(call: GraphCall, record: RecordedGraphRequest): GraphAnswer {
  if (!call.contentType.toLowerCase().startsWith('multipart/form-data')) {
    return graphError(invalid('(#100) The parameter file is required.'));
  }
  try {
    const { params, files } = readRequestParams(call.url, call.contentType, call.body);
    record.fields = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)]));
    record.files = files;
  } catch {
    return graphError(invalid('(#100) The multipart body cannot be parsed'));
  }
  if (record.fields.messaging_product !== 'whatsapp') {
    return graphError(invalid('(#100) The parameter messaging_product is required.'));
  }
  const file = record.files.find((f) => f.field === 'file');
  if (!file) return graphError(invalid('(#100) The parameter file is required.'));
  const mimeType = (file.contentType ?? record.fields.type ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const limit = uploadLimits[mimeType];
  if (limit === undefined || file.bytes.length > limit || file.bytes.length === 0) {
    return graphError({
      status: 400,
      code: 131053,
      message: '(#131053) Media upload error',
      details:
        limit === undefined
          ? `Param file must be a file with one of the following types: ${Object.keys(uploadLimits).join(', ')}. Received file of type '${mimeType}'.`
          : `File of ${file.bytes.length} bytes exceeds the ${limit} bytes limit for ${mimeType}.`,
    });
  }
  const id = call.state.addMedia(file.bytes, {
    mimeType,
    ...(file.filename === null ? {} : { filename: file.filename }),
    uploaded: true,
  });
  return { status: 200, body: { id } };
}

function sendMessage(call: GraphCall, body: Record<string, unknown>): GraphAnswer {
  const { state } = call;
  if (body.messaging_product !== 'whatsapp') {
    return graphError(invalid('(#100) The parameter messaging_product is required.'));
  }
  if (body.status === 'read') {
    if (typeof body.message_id !== 'string')
      return graphError(invalid('(#100) The parameter message_id is required.'));
    return { status: 200, body: { success: true } };
  }
  const to = typeof body.to === 'string' ? body.to : null;
  const recipient = typeof body.recipient === 'string' ? body.recipient : null;
  if ((to === null) === (recipient === null)) {
    return graphError(invalid('(#100) Exactly one of the parameters to and recipient is required.'));
  }
  const input = to ?? recipient ?? '';
  if (to !== null && !/^\+?\d{7,15}$/.test(to))
    return graphError(invalid(`(#100) Invalid parameter to: ${to}`));
  const type = typeof body.type === 'string' ? body.type : 'text';
  const problem = validateContent(state, type, body);
  if (problem) return graphError(problem);
  const scripted = state.takeScriptedError();
  if (scripted) return graphError(scripted);

  const key = input.replace(/^\+/, '');
  // Refused requests do not count towards the rate limits.
  const freeForm = type !== 'template';
  const outside = freeForm && !state.isWindowOpen(key);
  if (outside && state.outsideWindow === 'sync') {
    return graphError({
      status: 400,
      code: 131047,
      message: '(#131047) Re-engagement message',
      details: whatsappErrors.reEngagement.error_data.details,
    });
  }

  const throttled = state.throttle(key);
  if (throttled === 131056) {
    return graphError({
      status: 400,
      code: 131056,
      message: '(#131056) (Business Account, Consumer Account) pair rate limit hit',
      details:
        'Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.',
    });
  }
  if (throttled === 130429) {
    return graphError({
      status: 400,
      code: 130429,
      message: '(#130429) Rate limit hit',
      details:
        'Message failed to send because there were too many messages sent from this phone number in a short period of time.',
    });
  }
  const wamid = newWamid();
  state.accepted.push({ wamid, input, type, body, at: state.now() });
  const delayMs = state.autoStatuses?.delayMs ?? state.asyncStatusDelayMs;
  if (outside) {
    state.later(delayMs, () => void state.pushStatus(wamid, 'failed', [whatsappErrors.reEngagement]));
  } else if (state.isUndeliverable(key)) {
    state.later(delayMs, () => void state.pushStatus(wamid, 'failed', [whatsappErrors.undeliverable]));
  } else if (state.autoStatuses && state.webhookUrl !== null) {
    const [first, ...rest] = state.autoStatuses.sequence;
    if (first !== undefined) {
      if (state.autoStatuses.beforeResponse) void state.pushStatus(wamid, first);
      else rest.unshift(first);
    }
    rest.forEach((status, i) => state.later(delayMs * (i + 1), () => void state.pushStatus(wamid, status)));
  }
  const contact = to !== null ? { input, wa_id: key } : { input, user_id: input };
  return {
    status: 200,
    body: {
      messaging_product: 'whatsapp',
      contacts: [contact],
      messages: [{ id: wamid, message_status: 'accepted' }],
    },
  };
}

function validateContent(
  state: WhatsAppFakeState,
  type: string,
  body: Record<string, unknown>,
): GraphError | null {
  const content = body[type];
  if (!isObject(content)) return invalid(`(#100) The parameter ${type} is required.`);
  if (type === 'text') {
    const text = content.body;
    if (typeof text !== 'string' || text.length === 0)
      return invalid("(#100) Param text['body'] is required.");
    if (text.length > 4096) return invalid("(#100) Param text['body'] must be at most 4096 characters long.");
    return null;
  }
  if ((mediaTypes as readonly string[]).includes(type)) {
    if (typeof content.id === 'string') {
      const media = state.media.get(content.id);
      if (!media || !media.uploaded || media.expired) {
        return invalid(
          `(#100) Param ${type}['id'] is not a valid whatsapp business account media attachment ID`,
        );
      }
    } else if (typeof content.link !== 'string') {
      return invalid(`(#100) Param ${type}['id'] or ${type}['link'] is required.`);
    }
    if ((type === 'audio' || type === 'sticker') && content.caption !== undefined) {
      return invalid(`(#100) Param ${type}['caption'] is not allowed.`);
    }
    if (typeof content.caption === 'string' && content.caption.length > 1024) {
      return invalid(`(#100) Param ${type}['caption'] must be at most 1024 characters long.`);
    }
    return null;
  }
  if (type === 'interactive') return validateInteractive(content);
  if (type === 'template') {
    if (typeof content.name !== 'string' || !state.templates.has(content.name)) {
      return {
        status: 404,
        code: 132001,
        message: '(#132001) Template name does not exist in the translation',
        details: `template name (${String(content.name)}) does not exist in the language`,
      };
    }
    return null;
  }
  if (type === 'reaction') return null;
  return invalid(
    `(#100) Param type must be one of {text, image, audio, document, video, sticker, interactive, template, reaction} - got "${type}".`,
  );
}

/**
 * Reply buttons (1–3, title 1–20, ids ≤ 256, both unique) and lists (button label 1–20, 1–10 rows in all,
 * row title 1–24, description ≤ 72, row ids ≤ 200 and unique, section titles when there are several),
 * body text 1–1024: a missing field is error 100, a value out of its limits 131009, as Meta answers.
 */
function validateInteractive(content: Record<string, unknown>): GraphError | null {
  const action = isObject(content.action) ? content.action : null;
  const text = isObject(content.body) ? content.body.text : undefined;
  if (typeof text !== 'string' || text === '')
    return invalid("(#100) Param interactive['body']['text'] is required.");
  if (text.length > 1024) return notValid('Body text length invalid. Min length: 1, Max length: 1024');
  if (action === null) return invalid("(#100) Param interactive['action'] is required.");
  if (content.type === 'button') {
    const buttons = Array.isArray(action.buttons) ? action.buttons : null;
    if (buttons === null) return invalid("(#100) Param interactive['action']['buttons'] is required.");
    if (buttons.length < 1 || buttons.length > 3) {
      return notValid('Number of buttons is invalid. Min: 1, Max: 3');
    }
    const replies = buttons.map((b) =>
      isObject(b) && b.type === 'reply' && isObject(b.reply) ? b.reply : null,
    );
    for (const reply of replies) {
      if (reply === null || typeof reply.id !== 'string' || typeof reply.title !== 'string') {
        return invalid("(#100) Param interactive['action']['buttons'][0]['reply'] must have id and title.");
      }
      if (reply.title.trim() === '' || reply.title.length > 20) {
        return notValid('Button title length invalid. Min length: 1, Max length: 20');
      }
      if (reply.id === '' || reply.id.length > 256) {
        return notValid('Button ID length invalid. Min length: 1, Max length: 256');
      }
    }
    if (new Set(replies.map((r) => r?.title)).size !== replies.length) {
      return notValid('Button title must be unique');
    }
    if (new Set(replies.map((r) => r?.id)).size !== replies.length)
      return notValid('Button ID must be unique');
    return null;
  }
  if (content.type === 'list') {
    const label = action.button;
    if (typeof label !== 'string')
      return invalid("(#100) Param interactive['action']['button'] is required.");
    if (label.trim() === '' || label.length > 20) {
      return notValid('Button title length invalid. Min length: 1, Max length: 20');
    }
    const sections = Array.isArray(action.sections) ? action.sections : null;
    if (sections === null || sections.length === 0) {
      return invalid("(#100) Param interactive['action']['sections'] is required.");
    }
    if (sections.length > 10) return notValid('Number of sections is invalid. Min: 1, Max: 10');
    const ids: unknown[] = [];
    for (const section of sections) {
      if (!isObject(section) || !Array.isArray(section.rows) || section.rows.length === 0) {
        return invalid("(#100) Param interactive['action']['sections'][0]['rows'] is required.");
      }
      if (sections.length > 1 && (typeof section.title !== 'string' || section.title === '')) {
        return notValid('Section title is required when there are multiple sections');
      }
      for (const row of section.rows) {
        if (!isObject(row) || typeof row.id !== 'string' || typeof row.title !== 'string') {
          return invalid(
            "(#100) Param interactive['action']['sections'][0]['rows'][0] must have id and title.",
          );
        }
        if (row.title.trim() === '' || row.title.length > 24) {
          return notValid('Row title length invalid. Min length: 1, Max length: 24');
        }
        if (typeof row.description === 'string' && row.description.length > 72) {
          return notValid('Row description length invalid. Min length: 1, Max length: 72');
        }
        if (row.id === '' || row.id.length > 200) {
          return notValid('Row ID length invalid. Min length: 1, Max length: 200');
        }
        ids.push(row.id);
      }
    }
    if (ids.length > 10) return notValid(`Total row count exceed max allowed count: 10`);
    if (new Set(ids).size !== ids.length) return notValid('Row ID must be unique');
    return null;
  }
  return invalid(
    `(#100) Param interactive['type'] must be one of {button, list} - got "${String(content.type)}".`,
  );
}

/** Meta's answer for a parameter outside its limits. */
const notValid = (details: string): GraphError => ({
  status: 400,
  code: 131009,
  message: '(#131009) Parameter value is not valid',
  details,
});

const invalid = (message: string): GraphError => ({
  status: 400,
  code: 100,
  message,
  type: 'OAuthException',
});

function tokenError(authorization: string | null): GraphError {
  return authorization === null
    ? {
        status: 401,
        code: 190,
        message: 'An active access token must be used to query information about the current user.',
      }
    : {
        status: 401,
        code: 190,
        subcode: 463,
        message: 'Error validating access token: The session is invalid.',
      };
}

function unknownObject(id: string, method: string): GraphError {
  return {
    status: 400,
    code: 100,
    subcode: 33,
    message: `Unsupported ${method.toLowerCase()} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
  };
}

/** Meta's Graph error envelope. */
function graphError(error: GraphError): GraphAnswer {
  return {
    status: error.status,
    body: {
      error: {
        message: error.message,
        type: error.type ?? 'OAuthException',
        code: error.code,
        ...(error.subcode === undefined ? {} : { error_subcode: error.subcode }),
        ...(error.isTransient === undefined ? {} : { is_transient: error.isTransient }),
        ...(error.details === undefined
          ? {}
          : { error_data: { messaging_product: 'whatsapp', details: error.details } }),
        fbtrace_id: `A${randomBytes(8).toString('base64url')}`,
      },
    },
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
