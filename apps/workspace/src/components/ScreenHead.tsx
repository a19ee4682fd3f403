import type { ReactNode } from 'react';

/** An admin screen's heading with its intro line, and the screen's buttons (children) beside it. */
export function ScreenHead(props: { title: string; intro: string; children?: ReactNode }) {
  return (
    <div className="channels-head">
      <div>
        <h2>{props.title}</h2>
        <p className="muted">{props.intro}</p>
      </div>
      {props.children && <div className="channels-head-actions">{props.children}</div>}
    </div>
  );
}
