/** A Viber user as the builders need it (ids are per bot account, base64-like). */
export interface FakeViberUser {
  id: string;
  /** Absent when the user's privacy settings or API version hide it. */
  name?: string;
  avatar?: string;
  country?: string;
  language?: string;
  apiVersion?: number;
}

/** One callback as the fake stores and delivers it; `message_token` is a `bigint` written as a raw JSON number. */
export type ViberCallback = { event: string; timestamp: number; message_token?: bigint } & Record<
  string,
  unknown
>;

interface Common {
  /** Defaults to an increasing 19-digit counter above 2^53 (precision loss shows in tests). */
  messageToken?: bigint;
  timestamp?: number;
}

interface FromUser extends Common {
  sender: FakeViberUser;
  trackingData?: string;
}

const chatHostname = 'SN-CHAT-01_';
let tokenCounter = 5_843_910_012_345_678_900n;
let clock = 1_763_900_000_000;

/** The next fake `message_token` (also used by the fake's `send_message`). */
export function nextViberMessageToken(): bigint {
  tokenCounter += 1n;
  return tokenCounter;
}

function base(event: string, options: Common): ViberCallback {
  clock += 1000;
  return {
    event,
    timestamp: options.timestamp ?? clock,
    chat_hostname: chatHostname,
    message_token: options.messageToken ?? nextViberMessageToken(),
  };
}

function user(u: FakeViberUser): Record<string, unknown> {
  return {
    id: u.id,
    ...(u.name === undefined ? {} : { name: u.name }),
    ...(u.avatar === undefined ? {} : { avatar: u.avatar }),
    country: u.country ?? 'IL',
    language: u.language ?? 'en',
    api_version: u.apiVersion ?? 10,
  };
}

function message(options: FromUser, content: Record<string, unknown>): ViberCallback {
  return {
    ...base('message', options),
    sender: user(options.sender),
    message: {
      ...content,
      ...(options.trackingData === undefined ? {} : { tracking_data: options.trackingData }),
    },
    silent: false,
  };
}

/**
 * Builders of Viber REST Bot API callbacks (docs/channels.md: The fakes), for `state.push(authToken, callback)`.
 *
 * @example await fake.state.push(token, viberCallbacks.text({ sender: yarden, text: 'hello' }))
 */
export const viberCallbacks = {
  webhook(options: Common = {}): ViberCallback {
    return base('webhook', options);
  },

  conversationStarted(
    options: Common & { user: FakeViberUser; context?: string; subscribed?: boolean },
  ): ViberCallback {
    return {
      ...base('conversation_started', options),
      type: 'open',
      ...(options.context === undefined ? {} : { context: options.context }),
      user: user(options.user),
      subscribed: options.subscribed ?? false,
    };
  },

  subscribed(options: Common & { user: FakeViberUser }): ViberCallback {
    return { ...base('subscribed', options), user: user(options.user) };
  },

  unsubscribed(options: Common & { userId: string }): ViberCallback {
    return { ...base('unsubscribed', options), user_id: options.userId };
  },

  text(options: FromUser & { text: string }): ViberCallback {
    return message(options, { type: 'text', text: options.text });
  },

  /**
   * The user taps the reply button labelled `label` of a `keyboard` the bot sent (the `keyboard` param of
   * a recorded `send_message`): Viber sends the button's `ActionBody` as an ordinary text message.
   * Throws when the keyboard has no such reply button.
   */
  buttonTap(options: FromUser & { keyboard: unknown; label: string }): ViberCallback {
    const buttons = (options.keyboard as { Buttons?: unknown } | undefined)?.Buttons;
    const button = (Array.isArray(buttons) ? (buttons as Array<Record<string, unknown>>) : []).find(
      (b) =>
        (b.ActionType ?? 'reply') === 'reply' && (b.ActionBody === options.label || b.Text === options.label),
    );
    if (typeof button?.ActionBody !== 'string') {
      throw new Error(`the keyboard has no reply button "${options.label}"`);
    }
    return message(options, { type: 'text', text: button.ActionBody });
  },

  picture(
    options: FromUser & {
      media: string;
      thumbnail?: string;
      fileName?: string;
      text?: string;
      size?: number;
    },
  ): ViberCallback {
    return message(options, {
      type: 'picture',
      ...(options.text === undefined ? {} : { text: options.text }),
      media: options.media,
      ...(options.thumbnail === undefined ? {} : { thumbnail: options.thumbnail }),
      ...(options.fileName === undefined ? {} : { file_name: options.fileName }),
      ...(options.size === undefined ? {} : { size: options.size }),
    });
  },

  file(options: FromUser & { media: string; fileName: string; size: number }): ViberCallback {
    return message(options, {
      type: 'file',
      media: options.media,
      size: options.size,
      file_name: options.fileName,
    });
  },

  video(
    options: FromUser & { media: string; size: number; thumbnail?: string; duration?: number },
  ): ViberCallback {
    return message(options, {
      type: 'video',
      media: options.media,
      ...(options.thumbnail === undefined ? {} : { thumbnail: options.thumbnail }),
      size: options.size,
      duration: options.duration ?? 12,
    });
  },

  sticker(options: FromUser & { stickerId?: number }): ViberCallback {
    return message(options, { type: 'sticker', sticker_id: options.stickerId ?? 40133 });
  },

  /** A contact card; the reply to a `share-phone` button is one too (Viber adds no user id to it). */
  contact(options: FromUser & { phone: string; name?: string }): ViberCallback {
    return message(options, {
      type: 'contact',
      contact: { name: options.name ?? options.sender.name ?? '', phone_number: options.phone },
    });
  },

  location(options: FromUser & { lat: number; lon: number; address?: string }): ViberCallback {
    return message(options, {
      type: 'location',
      location: {
        lat: options.lat,
        lon: options.lon,
        ...(options.address === undefined ? {} : { address: options.address }),
      },
    });
  },

  url(options: FromUser & { url: string }): ViberCallback {
    return message(options, { type: 'url', media: options.url });
  },

  /** A message type Frontline does not know (default `rich_media`). */
  unknownMessage(options: FromUser & { type?: string }): ViberCallback {
    return message(options, { type: options.type ?? 'rich_media' });
  },

  delivered(options: Common & { messageToken: bigint; userId: string }): ViberCallback {
    return { ...base('delivered', options), user_id: options.userId };
  },

  seen(options: Common & { messageToken: bigint; userId: string }): ViberCallback {
    return { ...base('seen', options), user_id: options.userId };
  },

  failed(options: Common & { messageToken: bigint; userId: string; desc?: string }): ViberCallback {
    return {
      ...base('failed', options),
      user_id: options.userId,
      desc: options.desc ?? 'failure description',
    };
  },
};
