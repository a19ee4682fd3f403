import type { ReplyChannel } from '@frontline/shared';
import { useEffect, useState } from 'react';
import type { Api } from '../api.ts';

/**
 * The identities a reply of the open case can go to (`GET /cases/:id/reply-channels`), fetched again when
 * the case or `revision` changes (the case view passes one that changes with each message of the case).
 * A response for a case no longer open, or older than the latest request, is dropped; on a failure the list
 * is empty and replies go to the server's default.
 */
export function useReplyChannels(api: Api, caseId: number, revision: string): ReplyChannel[] {
  const [loaded, setLoaded] = useState<{ caseId: number; channels: ReplyChannel[] } | null>(null);
  useEffect(() => {
    let current = true;
    api.getReplyChannels(caseId).then(
      (channels) => {
        if (current) setLoaded({ caseId, channels });
      },
      () => {
        if (current) setLoaded({ caseId, channels: [] });
      },
    );
    return () => {
      current = false;
    };
  }, [api, caseId, revision]);
  return loaded?.caseId === caseId ? loaded.channels : [];
}
