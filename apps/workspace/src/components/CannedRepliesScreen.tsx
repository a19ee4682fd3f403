import { useEffect, useState } from 'react';
import type { CannedReply, Queue, Role } from '@frontline/shared';
import type { Api } from '../api.ts';
import { errorText } from '../error-text.ts';
import { useI18n } from '../i18n-context.ts';
import { queueName } from '../queue-name.ts';
import { matchCannedReplies } from '../slash-query.ts';
import { CannedReplyForm, type CannedReplyDraft } from './CannedReplyForm.tsx';
import { ConfirmDialog } from './ConfirmDialog.tsx';

type RepliesApi = Pick<
  Api,
  'listCannedReplies' | 'createCannedReply' | 'updateCannedReply' | 'deleteCannedReply'
>;

/** How much of a body the table shows. */
const previewLength = 120;

/**
 * Canned replies (top bar → Replies): the replies I may use, most used first, with a search; I create,
 * change and delete my personal ones, supervisors and admins the shared ones too.
 */
export function CannedRepliesScreen(props: {
  api: RepliesApi;
  role: Role;
  queues: Queue[];
  /** For render tests: the list as already loaded. */
  initialReplies?: CannedReply[];
}) {
  const { api } = props;
  const { t, locale } = useI18n();
  const [replies, setReplies] = useState<CannedReply[] | null>(props.initialReplies ?? null);
  const [error, setError] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const [editing, setEditing] = useState<CannedReply | 'new' | null>(null);
  const [deleting, setDeleting] = useState<CannedReply | null>(null);

  useEffect(() => {
    if (props.initialReplies) return;
    let cancelled = false;
    api.listCannedReplies().then(
      (list) => {
        if (!cancelled) setReplies(list);
      },
      (e: unknown) => {
        if (!cancelled) setError(errorText(e, t));
      },
    );
    return () => {
      cancelled = true;
    };
    // `t` is deliberately not a dependency: changing language must not reload the list.
  }, [api, props.initialReplies]);

  const save = async (draft: CannedReplyDraft) => {
    const { scope, queueId, ...fields } = draft;
    const saved =
      editing === 'new' || editing === null
        ? await api.createCannedReply({ scope, ...(scope === 'shared' ? { queueId } : {}), ...fields })
        : await api.updateCannedReply(editing.id, { ...fields, ...(scope === 'shared' ? { queueId } : {}) });
    setReplies((list) => [saved, ...(list ?? []).filter((r) => r.id !== saved.id)]);
    setEditing(null);
  };

  const remove = async (reply: CannedReply) => {
    setDeleting(null);
    setError(null);
    try {
      await api.deleteCannedReply(reply.id);
      setReplies((list) => (list ?? []).filter((r) => r.id !== reply.id));
    } catch (e) {
      setError(errorText(e, t));
    }
  };

  const whereOf = (reply: CannedReply): string => {
    if (reply.scope === 'personal') return t('canned.scope.personal');
    if (reply.queueId === null) return t('canned.allQueues');
    const queue = props.queues.find((q) => q.id === reply.queueId);
    return queue ? queueName(queue, locale) : `#${reply.queueId}`;
  };

  const shown = replies === null ? null : matchCannedReplies(replies, search.trim());

  return (
    <main className="channels-page" data-testid="canned-screen">
      <div className="channels-head">
        <div>
          <h2>{t('canned.title')}</h2>
          <p className="muted">{t('canned.intro')}</p>
        </div>
        <div className="channels-head-actions">
          <button
            className="btn btn-primary"
            type="button"
            data-testid="canned-new"
            onClick={() => setEditing('new')}
          >
            {t('canned.new')}
          </button>
        </div>
      </div>

      {editing !== null && (
        <CannedReplyForm
          key={editing === 'new' ? 'new' : editing.id}
          role={props.role}
          queues={props.queues}
          {...(editing === 'new' ? {} : { editing })}
          onSubmit={save}
          onCancel={() => setEditing(null)}
        />
      )}
      {error && (
        <div className="alert alert-error" role="alert" data-testid="canned-error">
          {error}
        </div>
      )}

      <input
        className="input canned-search"
        data-testid="canned-search"
        type="search"
        value={search}
        placeholder={t('canned.search')}
        aria-label={t('canned.search')}
        onChange={(e) => setSearch(e.target.value)}
      />

      {shown === null ? (
        !error && <div className="empty-state">{t('canned.loading')}</div>
      ) : shown.length === 0 ? (
        <div className="empty-state">{t('canned.empty')}</div>
      ) : (
        <div className="table-wrap">
          <table className="channel-table" data-testid="canned-table">
            <thead>
              <tr>
                <th scope="col">{t('canned.col.shortcut')}</th>
                <th scope="col">{t('canned.col.title')}</th>
                <th scope="col">{t('canned.col.body')}</th>
                <th scope="col">{t('canned.col.where')}</th>
                <th scope="col">{t('canned.col.language')}</th>
                <th scope="col">{t('canned.col.uses')}</th>
                <th scope="col">
                  <span className="sr-only">{t('channels.col.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((reply) => (
                <tr key={reply.id} data-testid={`canned-row-${reply.id}`}>
                  <td>
                    <code>/{reply.shortcut}</code>
                  </td>
                  <td>{reply.title}</td>
                  <td className="canned-body-cell">
                    {reply.body.length > previewLength
                      ? `${reply.body.slice(0, previewLength)}…`
                      : reply.body}
                  </td>
                  <td>{whereOf(reply)}</td>
                  <td>{reply.language}</td>
                  <td>{reply.useCount}</td>
                  <td>
                    {reply.editable && (
                      <div className="canned-actions">
                        <button
                          className="btn"
                          type="button"
                          data-testid={`canned-edit-${reply.id}`}
                          onClick={() => setEditing(reply)}
                        >
                          {t('canned.edit')}
                        </button>
                        <button
                          className="btn btn-danger-outline"
                          type="button"
                          data-testid={`canned-delete-${reply.id}`}
                          onClick={() => setDeleting(reply)}
                        >
                          {t('canned.delete')}
                        </button>
                      </div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {deleting && (
        <ConfirmDialog
          title={t('canned.deleteTitle')}
          body={t('canned.deleteBody', { shortcut: deleting.shortcut, title: deleting.title })}
          confirmLabel={t('canned.delete')}
          cancelLabel={t('canned.cancel')}
          danger
          testId="canned-delete-dialog"
          onCancel={() => setDeleting(null)}
          onConfirm={() => void remove(deleting)}
        />
      )}
    </main>
  );
}
