/**
 * The texts of the ACD administration's error codes (skills, queues, entry points, SLA policies, business
 * hours, operators' routing, routing settings), kept apart from the big dictionary and spread into it in
 * i18n.ts; `ru` is typed against `en`, so a missing key fails to compile.
 */
export const adminErrorsEn = {
  'error.SKILL_NOT_FOUND': 'This skill does not exist (any more). Reload the list.',
  'error.SKILL_SLUG_TAKEN': 'Another skill already has this slug. Pick another one.',
  'error.QUEUE_NAME_TAKEN': 'A queue with this name already exists. Pick another name.',
  'error.QUEUE_IN_USE':
    'This queue still has cases or entry points and cannot be deleted. Move its entry points first, or rename it.',
  'error.ENTRY_POINT_SLUG_TAKEN': 'Another entry point already has this slug. Pick another one.',
  'error.SLA_POLICY_NOT_FOUND': 'This SLA policy does not exist (any more). Reload the list.',
  'error.BUSINESS_HOURS_NOT_FOUND': 'These business hours do not exist (any more). Reload the list.',
  'error.BUSINESS_HOURS_INVALID':
    'Check the business hours: an IANA time zone, times as HH:MM with each start before its end, no overlapping intervals, holidays as YYYY-MM-DD.',
  'error.ADMIN_REFERENCE_UNKNOWN':
    'The queue, skill, SLA policy or business hours chosen does not exist (any more). Reload and choose again.',
  'error.OPERATOR_OWN_ADMIN_ROLE': 'You cannot take away your own admin role. Ask another admin.',
  'error.ROUTING_SETTINGS_INVALID':
    'Some routing settings are not valid (or name a skill that does not exist). Check the marked fields.',
} satisfies Record<string, string>;

export const adminErrorsRu: Record<keyof typeof adminErrorsEn, string> = {
  'error.SKILL_NOT_FOUND': 'Такого навыка нет (больше нет). Обновите список.',
  'error.SKILL_SLUG_TAKEN': 'Этот код уже занят другим навыком. Выберите другой.',
  'error.QUEUE_NAME_TAKEN': 'Очередь с таким названием уже есть. Выберите другое название.',
  'error.QUEUE_IN_USE':
    'В очереди ещё есть обращения или точки входа, её нельзя удалить. Сначала перенесите точки входа или переименуйте очередь.',
  'error.ENTRY_POINT_SLUG_TAKEN': 'Этот код уже занят другой точкой входа. Выберите другой.',
  'error.SLA_POLICY_NOT_FOUND': 'Такой политики SLA нет (больше нет). Обновите список.',
  'error.BUSINESS_HOURS_NOT_FOUND': 'Такого расписания нет (больше нет). Обновите список.',
  'error.BUSINESS_HOURS_INVALID':
    'Проверьте расписание: часовой пояс IANA, время в формате ЧЧ:ММ, начало раньше конца, интервалы не пересекаются, праздники в формате ГГГГ-ММ-ДД.',
  'error.ADMIN_REFERENCE_UNKNOWN':
    'Выбранная очередь, навык, политика SLA или расписание не существует (больше). Обновите и выберите снова.',
  'error.OPERATOR_OWN_ADMIN_ROLE':
    'Нельзя снять с себя роль администратора. Попросите другого администратора.',
  'error.ROUTING_SETTINGS_INVALID':
    'Некоторые настройки маршрутизации неверны (или ссылаются на несуществующий навык). Проверьте отмеченные поля.',
};
