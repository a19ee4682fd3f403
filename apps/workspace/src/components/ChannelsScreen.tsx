import { useCallback, useState } from 'react';
import type { ChannelAccountView, EntryPoint, FailedRawEventView } from '@frontline/shared';
import type { Api } from '../api.ts';
import { errorText } from '../error-text.ts';
import { useI18n } from '../i18n-context.ts';
import { useLoadedList } from '../use-loaded-list.ts';
import { withMember } from '../with-member.ts';
import { ChannelForm } from './ChannelForm.tsx';
import { ChannelTable } from './ChannelTable.tsx';
import { ConfirmDialog } from './ConfirmDialog.tsx';
import { ErrorAlert } from './ErrorAlert.tsx';
import { FailedEventsPanel } from './FailedEventsPanel.tsx';
import { LoadedList } from './LoadedList.tsx';
import { ScreenHead } from './ScreenHead.tsx';

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

/** The entry points until they are loaded (or when they cannot be). */
const noEntryPoints: EntryPoint[] = [];

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
  const [loadError, setLoadError] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busyIds, setBusyIds] = useState<ReadonlySet<number>>(new Set());
  const [formOpen, setFormOpen] = useState(false);
  const [confirming, setConfirming] = useState<ChannelAccountView | null>(null);
  const [version, setVersion] = useState(0);
  const [reprocessing, setReprocessing] = useState<ReadonlySet<number>>(new Set());
  const [channels, setChannels] = useLoadedList(() => api.listChannels(), [api, version], {
    onError: setLoadError,
    onLoaded: () => setLoadError(null),
  });
  const [failedEvents, setFailedEvents] = useLoadedList(() => api.listFailedEvents(), [api, version], {
    onError: setActionError,
  });
  const entryPoints =
    useLoadedList(() => api.listEntryPoints(), [api, version], { onError: () => undefined })[0] ??
    noEntryPoints;

  const setBusy = (id: number, busy: boolean) => setBusyIds((ids) => withMember(ids, id, busy));

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
    const mark = (busy: boolean) => setReprocessing((ids) => withMember(ids, event.id, busy));
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
      <ScreenHead title={t('channels.title')} intro={t('channels.intro')}>
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
      </ScreenHead>

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
      <ErrorAlert message={loadError ?? actionError} testId="channels-error" />

      <LoadedList
        items={channels}
        failed={Boolean(loadError)}
        loadingText={t('channels.loading')}
        emptyText={t('channels.empty')}
      >
        {(list) => (
          <ChannelTable
            channels={list}
            entryPoints={entryPoints}
            busyIds={busyIds}
            onCheck={check}
            onDisconnect={setConfirming}
          />
        )}
      </LoadedList>

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
