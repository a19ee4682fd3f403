/**
 * The presence strings (the top bar's presence control, break reasons, shift end, their error code), kept
 * apart from the big dictionary and spread into it in i18n.ts; `ru` is typed against `en`, so a missing key
 * fails to compile.
 */
export const presenceEn = {
  'error.PRESENCE_REASON_UNKNOWN':
    'This break reason is not on the list of your center. Pick one of the listed reasons.',
  'presence.break': 'Break',
  'presence.breakWith': 'Break: {reason}',
  'presence.reason.break': 'Break',
  'presence.reason.lunch': 'Lunch',
  'presence.reason.training': 'Training',
  'presence.reason.meeting': 'Meeting',
  'presence.cause.logout': 'Offline since you logged out',
  'presence.cause.connection_lost':
    'You were set offline: the workspace lost its connection; your unanswered cases went back to the queue',
  'presence.connectionLostShort': 'Set offline: connection lost',
  'presence.cause.shift_end': 'Offline: your shift has ended',
  'presence.cause.disabled': 'Offline: your account was disabled',
  'presence.endShift': 'End shift',
  'presence.endShiftTitle': 'End your shift?',
  'presence.endShiftBody':
    'You will go offline and all your open cases go back to the queue for your colleagues. Their messages and recap stay with each case.',
  'presence.endShiftConfirm': 'End shift',
  'presence.endShiftCancel': 'Keep working',
} satisfies Record<string, string>;

export const presenceRu: Record<keyof typeof presenceEn, string> = {
  'error.PRESENCE_REASON_UNKNOWN':
    'Такой причины перерыва нет в списке вашего центра. Выберите одну из предложенных.',
  'presence.break': 'Перерыв',
  'presence.breakWith': 'Перерыв: {reason}',
  'presence.reason.break': 'Перерыв',
  'presence.reason.lunch': 'Обед',
  'presence.reason.training': 'Обучение',
  'presence.reason.meeting': 'Совещание',
  'presence.cause.logout': 'Не в сети: вы вышли из системы',
  'presence.cause.connection_lost':
    'Вы переведены в «Не в сети»: рабочее место потеряло связь; обращения без ответа вернулись в очередь',
  'presence.connectionLostShort': 'Переведены в «Не в сети»: нет связи',
  'presence.cause.shift_end': 'Не в сети: смена завершена',
  'presence.cause.disabled': 'Не в сети: ваша учётная запись отключена',
  'presence.endShift': 'Завершить смену',
  'presence.endShiftTitle': 'Завершить смену?',
  'presence.endShiftBody':
    'Вы перейдёте в «Не в сети», и все ваши открытые обращения вернутся в очередь для коллег. Переписка и сводка останутся в каждом обращении.',
  'presence.endShiftConfirm': 'Завершить смену',
  'presence.endShiftCancel': 'Продолжить работу',
};
