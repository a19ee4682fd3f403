/**
 * The `tracking_data` Frontline puts on a message that asks for the customer's phone with a keyboard of a
 * single `"ActionType":"share-phone"` button and `"InputFieldState":"hidden"` (min_api_version 3). Viber
 * echoes `tracking_data` on the customer's next message and the customer cannot set it; with the input field
 * hidden that message can only be the button's reply, which Viber fills with the user's own account number.
 * Only a `contact` message carrying this marker is treated as an attested phone (docs/channels.md: Viber, Linking customers):
 * Viber's contact has no user id, so an ordinary shared contact card may be anyone's number.
 */
export const viberSharePhoneTrackingData = 'frontline:share-phone';

/**
 * The keyboard of a phone request: one full-width `share-phone` button labelled `label` (markup escaped as in
 * `toViberKeyboard`) and the input field hidden, so the customer's next message is the button's answer.
 * Viber shows the last keyboard it was sent, so the next message without one takes it away again.
 * Needs `min_api_version` 3 and `tracking_data` = `viberSharePhoneTrackingData` on the message.
 *
 * @example viberSharePhoneKeyboard('Share') // { Type: 'keyboard', InputFieldState: 'hidden', Buttons: [{ ActionType: 'share-phone', … }] }
 */
export function viberSharePhoneKeyboard(label: string): Record<string, unknown> {
  return {
    Type: 'keyboard',
    DefaultHeight: false,
    InputFieldState: 'hidden',
    Buttons: [
      {
        ActionType: 'share-phone',
        ActionBody: 'share-phone',
        Text: label.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
        Columns: 6,
        Rows: 1,
      },
    ],
  };
}
