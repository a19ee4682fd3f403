/**
 * Whether the reply box of the case being opened takes the focus when it appears. Opening a case wants it;
 * Esc pressed before the case has loaded withdraws it, so the keys the operator presses next stay
 * shortcuts instead of landing in the reply box that appeared under them.
 */
export interface ReplyFocusIntent {
  /** A case is being opened: its reply box takes the focus when it mounts. */
  want: () => void;
  /** The operator left the reply box (Esc): the one still loading does not take the focus. */
  drop: () => void;
  /** Asked once by a mounting reply box: true when it should focus itself. */
  take: () => boolean;
}

export function createReplyFocusIntent(): ReplyFocusIntent {
  let wanted = true;
  return {
    want: () => {
      wanted = true;
    },
    drop: () => {
      wanted = false;
    },
    take: () => wanted,
  };
}
