/**
 * The `tracking_data` Frontline puts on a message that asks for the customer's phone with a keyboard of a
 * single `"ActionType":"share-phone"` button and `"InputFieldState":"hidden"` (min_api_version 3). Viber
 * echoes `tracking_data` on the customer's next message and the customer cannot set it; with the input field
 * hidden that message can only be the button's reply, which Viber fills with the user's own account number.
 * Only a `contact` message carrying this marker is treated as an attested phone (docs/channels.md: Viber, Linking customers):
 * Viber's contact has no user id, so an ordinary shared contact card may be anyone's number.
 */
export const viberSharePhoneTrackingData = 'frontline:share-phone';
