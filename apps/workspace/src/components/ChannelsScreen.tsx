import { useCallback, useEffect, useState } from 'react';
import type {
  ChannelAccountView,
  EntryPoint,
  FailedRawEventList,
  FailedRawEventView,
} from '@frontline/shared';
import type { Api } from '../api.ts';
import { errorText } from '../error-text.ts';
import { useI18n } from '../i18n-context.ts';
import { ChannelForm } from './ChannelForm.tsx';
import { ChannelTable } from './ChannelTable.tsx';
import { ConfirmDialog } from './ConfirmDialog.tsx';
import { FailedEventsPanel } from './FailedEventsPanel.tsx';

type ChannelsApi = Pick<
  Api,
  | 'listChannels'
  | 'listEntryPoints'
  | 'createChannel'
  | 'checkChannel'
  | 'disconnectChannel'
  | 'listFailedEvents'
  | 'reprocessEvent'
>;

/** Replaces the account with the same id, or appends a new one. */
function upsert(list: ChannelAccountView[] | null, channel: ChannelAccountView): ChannelAccountView[] {
  const current = list ?? [];
  return current.some((c) => c.id === channel.id)
    ? current.map((c) => (c.id === channel.id ? channel : c))
    : [...current, channel];
}

/** Admin screen: the channel accounts with health and actions, and the "Connect channel" form. */
export function ChannelsScreen(props: { api: ChannelsApi }) {
  const { api } = props;
  const { t } = useI18n();
  const [channels, setChannels] = useState<ChannelAccountView[] | null>(null);
  const [entryPoints, setEntryPoints] = useState<EntryPoint[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busyIds, setBusyIds] = useState<ReadonlySet<number>>(new Set());
  const [formOpen, setFormOpen] = useState(false);
  const [confirming, setConfirming] = useState<ChannelAccountView | null>(null);
  const [version, setVersion] = useState(0);
  const [failedEvents, setFailedEvents] = useState<FailedRawEventList | null>(null);
  const [reprocessing, setReprocessing] = useState<ReadonlySet<number>>(new Set());

  useEffect(() => {
    let cancelled = false;
    api.listChannels().then(
      (list) => {
        if (cancelled) return;
        setLoadError(null);
        setChannels(list);
      },
      (error: unknown) => {
        if (!cancelled) setLoadError(errorText(error, t));
      },
    );
    api.listFailedEvents().then(
      (list) => {
        if (!cancelled) setFailedEvents(list);
      },
      (error: unknown) => {
        if (!cancelled) setActionError(errorText(error, t));
      },
    );
    api.listEntryPoints().then(
      (list) => {
        if (!cancelled) setEntryPoints(list);
      },
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
    // `t` is deliberately not a dependency: changing language must not reload the list.
  }, [api, version]);

  const setBusy = (id: number, busy: boolean) =>
    setBusyIds((ids) => {
      const next = new Set(ids);
      if (busy) next.add(id);
      else next.delete(id);
      return next;
    });

  /** Runs one row action; the row stays busy meanwhile and its refreshed view replaces it. */
  const runAction = useCallback(
    (channel: ChannelAccountView, action: () => Promise<ChannelAccountView>, done?: string) => {
      setBusy(channel.id, true);
      setActionError(null);
      setNotice(null);
      action()
        .then(
          (view) => {
            setChannels((list) => upsert(list, view));
            if (done) setNotice(done);
          },
          (error: unknown) => setActionError(errorText(error, t)),
        )
        .finally(() => setBusy(channel.id, false));
    },
    [t],
  );

  const check = (channel: ChannelAccountView) => runAction(channel, () => api.checkChannel(channel.id));

  const disconnect = (channel: ChannelAccountView) => {
    setConfirming(null);
    runAction(
      channel,
      () => api.disconnectChannel(channel.id),
      t('channels.disconnected', { name: channel.name }),
    );
  };

  /** Sends a failed event back for processing; it leaves the list once the server took it. */
  const reprocess = (event: FailedRawEventView) => {
    const mark = (busy: boolean) =>
      setReprocessing((ids) => {
        const next = new Set(ids);
        if (busy) next.add(event.id);
        else next.delete(event.id);
        return next;
      });
    mark(true);
    setActionError(null);
    setNotice(null);
    api
      .reprocessEvent(event.id)
      .then(
        () => {
          setFailedEvents((list) =>
            list === null
              ? list
              : { items: list.items.filter((e) => e.id !== event.id), total: Math.max(0, list.total - 1) },
          );
          setNotice(t('failedEvents.reprocessed'));
        },
        (error: unknown) => setActionError(errorText(error, t)),
      )
      .finally(() => mark(false));
  };

  const connected = (channel: ChannelAccountView) => {
    setChannels((list) => upsert(list, channel));
    setFormOpen(false);
    setActionError(null);
    setNotice(t('channels.connected', { name: channel.name }));
  };

  return (
    <main className="channels-page" data-testid="channels-screen">
      <div className="channels-head">
        <div>
          <h2>{t('channels.title')}</h2>
          <p className="muted">{t('channels.intro')}</p>
        </div>
        <div className="channels-head-actions">
          <button className="btn" type="button" onClick={() => setVersion((v) => v + 1)}>
            {t('channels.reload')}
          </button>
          <button
            className="btn btn-primary"
            type="button"
            data-testid="channel-connect-open"
            disabled={formOpen}
            onClick={() => {
              setNotice(null);
              setFormOpen(true);
            }}
          >
            {t('channels.connect')}
          </button>
        </div>
      </div>

      {formOpen && (
        <ChannelForm
          entryPoints={entryPoints}
          onSubmit={(request) => api.createChannel(request)}
          onConnected={connected}
          onCancel={() => setFormOpen(false)}
        />
      )}

      {notice && (
        <div className="alert alert-success" role="status" data-testid="channels-notice">
          {notice}
        </div>
      )}
      {(loadError ?? actionError) && (
        <div className="alert alert-error" role="alert" data-testid="channels-error">
          {loadError ?? actionError}
        </div>
      )}

      {channels === null ? (
        !loadError && <div className="empty-state">{t('channels.loading')}</div>
      ) : channels.length === 0 ? (
        <div className="empty-state">{t('channels.empty')}</div>
      ) : (
        <ChannelTable
          channels={channels}
          entryPoints={entryPoints}
          busyIds={busyIds}
          onCheck={check}
          onDisconnect={setConfirming}
        />
      )}

      <FailedEventsPanel list={failedEvents} busyIds={reprocessing} onReprocess={reprocess} />

      {confirming && (
        <ConfirmDialog
          title={t('channels.confirm.title', { name: confirming.name })}
          body={t('channels.confirm.body')}
          confirmLabel={t('channels.confirm.ok')}
          cancelLabel={t('channels.confirm.cancel')}
          danger
          testId="channel-disconnect-confirm"
          onCancel={() => setConfirming(null)}
          onConfirm={() => disconnect(confirming)}
        />
      )}
    </main>
  );
}
