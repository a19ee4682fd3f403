/**
 * The widget's CSS; it lives in the shadow root, so the host page neither leaks in nor is affected.
 * On phones (≤ 480 px) the open panel takes the whole screen and the launcher hides (the panel's × closes it),
 * so nothing covers the composer.
 */
export const styles = `
:host{all:initial}
*{box-sizing:border-box;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}
.launcher{position:fixed;right:20px;bottom:20px;z-index:2147483000;width:56px;height:56px;border-radius:50%;border:0;background:#e30611;color:#fff;font-size:26px;cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.25)}
.badge{position:absolute;top:-4px;right:-4px;min-width:20px;height:20px;padding:0 5px;border-radius:10px;background:#1a1a1a;font-size:12px;line-height:20px}
.panel{position:fixed;right:20px;bottom:88px;z-index:2147483000;width:360px;height:min(560px,calc(100vh - 110px));display:flex;flex-direction:column;background:#fff;color:#1a1a1a;border-radius:14px;box-shadow:0 8px 30px rgba(0,0,0,.25);overflow:hidden;font-size:14px}
@media (max-width:480px){.panel{right:0;bottom:0;width:100vw;height:100vh;height:100dvh;border-radius:0}.panel .composer{padding-bottom:max(8px,env(safe-area-inset-bottom))}.launcher.open{display:none}}
.head{display:flex;justify-content:space-between;align-items:center;padding:12px 14px;background:#e30611;color:#fff}
.head small{display:block;opacity:.85}
.x{background:none;border:0;color:inherit;font-size:24px;cursor:pointer}
.list{flex:1;overflow-y:auto;padding:12px;display:flex;flex-direction:column;gap:8px;background:#f4f5f7}
.msg{max-width:80%;padding:8px 10px;border-radius:12px;background:#fff;align-self:flex-start;word-wrap:break-word;overflow-wrap:anywhere}
.msg.own{align-self:flex-end;background:#ffe3e4}
.msg.pending{opacity:.7}
.text{white-space:pre-wrap}
.author{font-size:12px;font-weight:600;color:#666;margin-bottom:2px}
.meta{font-size:11px;color:#888;text-align:right;margin-top:2px}
.tick{margin-left:4px;background:none;border:0;padding:0;font:inherit;color:inherit}
.tick.read{color:#1a73e8}
.tick.failed{color:#d00;font-weight:700;cursor:pointer}
.file{display:block;margin-top:4px;color:#1a73e8}
.file img{max-width:100%;max-height:180px;border-radius:8px}
.typing{padding:4px 14px;font-size:12px;color:#666;font-style:italic}
.queue{padding:6px 14px;font-size:12px;color:#444;background:#f3f6fa;border-top:1px solid #e3e8ef}
.notice{padding:8px 14px;background:#fff4e5;color:#7a4b00;font-size:13px}
.notice button,.picker button{font:inherit;cursor:pointer}
.picker{padding:14px;display:flex;flex-direction:column;gap:8px;flex:1;overflow-y:auto}
.picker p{margin:0 0 4px}
.picker button{text-align:left;padding:10px 12px;border:1px solid #ddd;border-radius:10px;background:#fff}
.picker button:hover{border-color:#e30611}
.uploads{padding:6px 10px;display:flex;flex-wrap:wrap;gap:6px;border-top:1px solid #eee}
.chip{background:#eee;border-radius:10px;padding:2px 8px;font-size:12px}
.chip button{border:0;background:none;cursor:pointer}
.composer{display:flex;align-items:flex-end;gap:6px;padding:8px;border-top:1px solid #eee}
.composer textarea{flex:1;resize:none;border:1px solid #ddd;border-radius:10px;padding:8px;font-size:14px;max-height:120px}
.attach{cursor:pointer;padding:8px 4px;font-size:18px}
.attach input{display:none}
.send{border:0;background:#e30611;color:#fff;border-radius:10px;width:40px;height:36px;cursor:pointer;font-size:16px}
.send:disabled{opacity:.5}
.prechat{padding:14px;display:flex;flex-direction:column;gap:10px;flex:1;overflow-y:auto}
.prechat p{margin:0}
.field{display:flex;flex-direction:column;gap:4px}
.field label{font-weight:600;font-size:13px}
.field .opt{font-weight:400;color:#888}
.field input{border:1px solid #ddd;border-radius:10px;padding:8px;font-size:14px}
.field input[aria-invalid=true]{border-color:#d00}
.field-error{color:#d00;font-size:12px}
.start{border:0;background:#e30611;color:#fff;border-radius:10px;padding:10px;font:inherit;cursor:pointer}
.start:disabled{opacity:.5}
`;
