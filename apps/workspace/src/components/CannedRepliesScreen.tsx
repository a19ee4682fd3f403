import { useState } from 'react';
import type { CannedReply, Queue, Role } from '@frontline/shared';
import type { Api } from '../api.ts';
import { errorText } from '../error-text.ts';
import { useI18n } from '../i18n-context.ts';
import { queueName } from '../queue-name.ts';
import { matchCannedReplies } from '../slash-query.ts';
import { useLoadedList } from '../use-loaded-list.ts';
import { AdminTable } from './AdminTable.tsx';
import { CannedReplyForm, type CannedReplyDraft } from './CannedReplyForm.tsx';
import { ConfirmDialog } from './ConfirmDialog.tsx';
import { ErrorAlert } from './ErrorAlert.tsx';
import { LoadedList } from './LoadedList.tsx';
import { RowActions } from './RowActions.tsx';
import { ScreenHead } from './ScreenHead.tsx';

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
  const [error, setError] = useState<string | null>(null);
  const [replies, setReplies] = useLoadedList(() => api.listCannedReplies(), [api], {
    initial: props.initialReplies,
    onError: setError,
  });
  const [search, setSearch] = useState('');
  const [editing, setEditing] = useState<CannedReply | 'new' | null>(null);
  const [deleting, setDeleting] = useState<CannedReply | null>(null);

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
      <ScreenHead title={t('canned.title')} intro={t('canned.intro')}>
        <button
          className="btn btn-primary"
          type="button"
          data-testid="canned-new"
          onClick={() => setEditing('new')}
        >
          {t('canned.new')}
        </button>
      </ScreenHead>

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
      <ErrorAlert message={error} testId="canned-error" />

      <input
        className="input canned-search"
        data-testid="canned-search"
        type="search"
        value={search}
        placeholder={t('canned.search')}
        aria-label={t('canned.search')}
        onChange={(e) => setSearch(e.target.value)}
      />

      <LoadedList
        items={shown}
        failed={Boolean(error)}
        loadingText={t('canned.loading')}
        emptyText={t('canned.empty')}
      >
        {(list) => (
          <AdminTable
            testId="canned-table"
            columns={[
              t('canned.col.shortcut'),
              t('canned.col.title'),
              t('canned.col.body'),
              t('canned.col.where'),
              t('canned.col.language'),
              t('canned.col.uses'),
            ]}
          >
            {list.map((reply) => (
              <tr key={reply.id} data-testid={`canned-row-${reply.id}`}>
                <td>
                  <code>/{reply.shortcut}</code>
                </td>
                <td>{reply.title}</td>
                <td className="canned-body-cell">
                  {reply.body.length > previewLength ? `${reply.body.slice(0, previewLength)}…` : reply.body}
                </td>
                <td>{whereOf(reply)}</td>
                <td>{reply.language}</td>
                <td>{reply.useCount}</td>
                <td>
                  {reply.editable && (
                    <RowActions
                      id="canned"
                      rowKey={reply.id}
                      editLabel={t('canned.edit')}
                      onEdit={() => setEditing(reply)}
                      deleteLabel={t('canned.delete')}
                      onDelete={() => setDeleting(reply)}
                    />
                  )}
                </td>
              </tr>
            ))}
          </AdminTable>
        )}
      </LoadedList>
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
