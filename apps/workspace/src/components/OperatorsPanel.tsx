import type { AdminOperator, AdminQueue, Skill } from '@frontline/shared';
import type { AdminApi } from '../admin-api.ts';
import { skillLevelsText } from '../admin-names.ts';
import { channelKindLabel } from '../channel-labels.ts';
import { errorText } from '../error-text.ts';
import { useI18n } from '../i18n-context.ts';
import { queueName } from '../queue-name.ts';
import { useReloadingList } from '../use-loaded-list.ts';
import { CrudPanel } from './CrudPanel.tsx';
import { OperatorForm } from './OperatorForm.tsx';

/** Operators' routing (admins change it, supervisors see it) and disabling or enabling an operator. */
export function OperatorsPanel(props: {
  api: Pick<AdminApi, 'listAdminOperators' | 'updateOperatorRouting' | 'setOperatorDisabled'>;
  canEdit: boolean;
  meId: number;
  queues: AdminQueue[];
  skills: Skill[];
  /** For render tests: the list as already loaded. */
  initial?: AdminOperator[];
}) {
  const { api } = props;
  const { t, locale } = useI18n();
  const {
    items: operators,
    error,
    setError,
    reload,
  } = useReloadingList(() => api.listAdminOperators(), api, props.initial);

  const toggleDisabled = async (o: AdminOperator) => {
    setError(null);
    try {
      await api.setOperatorDisabled(o.id, !o.disabled);
      reload();
    } catch (e) {
      setError(errorText(e, t));
    }
  };
  const queuesText = (o: AdminOperator) =>
    o.queueIds
      .map((id) => {
        const q = props.queues.find((x) => x.id === id);
        return q ? queueName(q, locale) : `#${id}`;
      })
      .join(', ');
  const limitsText = (o: AdminOperator) =>
    Object.entries(o.channelLimits)
      .map(([kind, n]) => `${channelKindLabel(kind, t)} ${n}`)
      .join(', ');

  return (
    <CrudPanel
      id="operators"
      title={t('admin.operators.title')}
      intro={t('admin.operators.intro')}
      items={operators}
      loadError={error}
      emptyText={t('admin.operators.empty')}
      columns={[
        t('admin.operators.name'),
        t('admin.operators.role'),
        t('admin.operators.queues'),
        t('admin.operators.skills'),
        t('admin.operators.capacity'),
        t('admin.operators.limits'),
        t('admin.operators.state'),
      ]}
      cells={(o) => [
        <>
          {o.name}
          <div className="muted">{o.email}</div>
        </>,
        t(`role.${o.role}`),
        queuesText(o) || '—',
        skillLevelsText(o.skills, props.skills) || '—',
        o.capacity,
        limitsText(o) || '—',
        o.disabled ? t('admin.operators.disabled') : t(`presence.${o.presence}`),
      ]}
      canEdit={props.canEdit}
      actions={(o) =>
        o.id === props.meId ? null : (
          <button
            className={o.disabled ? 'btn' : 'btn btn-danger-outline'}
            type="button"
            data-testid={`operators-toggle-${o.id}`}
            onClick={() => void toggleDisabled(o)}
          >
            {o.disabled ? t('admin.operators.enable') : t('admin.operators.disable')}
          </button>
        )
      }
      form={(editing, formProps) =>
        editing && (
          <OperatorForm
            api={api}
            operator={editing}
            queues={props.queues}
            skills={props.skills}
            {...formProps}
          />
        )
      }
      onChanged={reload}
    />
  );
}
