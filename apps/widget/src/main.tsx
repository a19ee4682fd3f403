import { render } from 'preact';
import { App } from './app.tsx';
import { readScriptOptions } from './read-script-options.ts';
import { styles } from './styles.ts';
import { WidgetController, type FrontlineWidgetApi } from './widget-controller.ts';

declare global {
  interface Window {
    FrontlineWidget?: FrontlineWidgetApi;
  }
}

const hostId = 'frontline-widget';

function mount(script: HTMLScriptElement | null): void {
  if (document.getElementById(hostId)) return; // the loader was included twice
  const host = document.createElement('div');
  host.id = hostId;
  document.body.appendChild(host);
  const root = host.attachShadow({ mode: 'open' }); // open: test tools and the host page may look inside
  const style = document.createElement('style');
  style.textContent = styles;
  root.appendChild(style);
  const controller = new WidgetController();
  window.FrontlineWidget = {
    identify: (identity) => controller.identify(identity),
    open: () => controller.open(),
    close: () => controller.close(),
  };
  render(<App options={readScriptOptions(script, document)} controller={controller} />, root);
}

// currentScript is only set while this file first runs: capture it before waiting for <body>.
const current = document.currentScript;
const script =
  current instanceof HTMLScriptElement
    ? current
    : document.querySelector<HTMLScriptElement>('script[src*="widget.js"]');
if (document.body) mount(script);
else document.addEventListener('DOMContentLoaded', () => mount(script));
