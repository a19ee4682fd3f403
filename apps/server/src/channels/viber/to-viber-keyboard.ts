/**
 * The `keyboard` of a Viber message with quick-reply labels: one full-width button per row
 * (`Columns: 6, Rows: 1`), `ActionType: "reply"` with the label as `ActionBody`, so a tap arrives as an
 * ordinary text message whose text is the label (docs/channels.md: Viber). `Text` is what the button shows; Viber
 * reads HTML-like markup in it, so `&`, `<` and `>` are escaped. Reply keyboards need no `min_api_version`
 * above 1 (a share-phone button would need 3).
 *
 * @example toViberKeyboard(['Да']) // { Type: 'keyboard', DefaultHeight: false, Buttons: [{ ActionType: 'reply', ActionBody: 'Да', Text: 'Да', Columns: 6, Rows: 1 }] }
 */
export function toViberKeyboard(labels: string[]): Record<string, unknown> {
  return {
    Type: 'keyboard',
    DefaultHeight: false,
    Buttons: labels.map((label) => ({
      ActionType: 'reply',
      ActionBody: label,
      Text: label.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
      Columns: 6,
      Rows: 1,
    })),
  };
}
